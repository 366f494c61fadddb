"""Where an interaction's time goes: the server against the browser, and py-spy's profile.

Run ``python -m benchmarks.profile`` (``--out docs/benchmarks.md`` to write its section). For
each plan and each interaction of :mod:`benchmarks.latency`, the workbook is served on a
throwaway store and the interaction repeated while ``py-spy record`` samples the Streamlit
process. The report gives, per interaction:

- the split of its time: until the server's "run finished" message (the request, callbacks,
  the script run and the deltas it sent) and after it (the browser drawing them);
- the server's CPU per interaction, and the functions holding most of it (inclusive samples,
  frames of threads and the event loop's plumbing left out);
- the browser's main thread per interaction, and the scripts holding most of it (self time),
  from V8's sampling profiler (:mod:`benchmarks.jsprofile`).

py-spy samples wall-clock stacks of running threads only (not idle ones), at ``--rate`` Hz.
The browser is profiled over as many further interactions on the same page, after py-spy
stopped (so every lazy chunk is loaded), not during the measured ones: V8's profiler sampling
every 200 µs costs the page CPU (in one interleaved trial, a page switch on the French sample
took 488 ms median with it against 432 ms without), and the split above stays as it was.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page

from benchmarks import jsprofile, totem
from benchmarks.browser import chromium
from benchmarks.idle import open_app, watch_script_runs
from benchmarks.jsprofile import BrowserProfile
from benchmarks.report import replace_section
from benchmarks.server import APP, running_server
from planner.models import Plan

#: Samples per second asked of py-spy.
RATE = 200
#: Functions listed per interaction.
TOP = 15
#: Frames that only pass the call on (threads, the event loop, Streamlit's callback, cache and
#: fragment wrappers): listing them would hide the functions that do the work. Streamlit's
#: config watcher is left out too: it sleeps 0.2 s between polls and py-spy counts it running.
_WRAPPERS = (
    "SessionState.",
    "SafeSessionState.",
    "WStates.call_callback",
    "CachedFunc.",
    "_fragment.<locals>.wrap",
    "Page.run",
    "PollingPathWatcher",
    "Signal.send",
    "EpollSelector",
    "BaseSelectorEventLoop",
    "_find_and_load",
    "_load_unlocked",
    "_call_with_frames_removed",
    "_LoaderBasics",
)
#: Frames every stack of a thread goes through: they say nothing about where time goes.
_PLUMBING = re.compile(
    r"^(Thread\.|_bootstrap|_worker |_WorkItem\.run|<module> \((streamlit/__main__|<frozen runpy>)"
    r"|_run_module_as_main|_run_code|Command\.|Group\.invoke|Context\.invoke|main_run|_main_run"
    r"|run \(streamlit/web/bootstrap|_run_server_loop|run \(asyncio/runners|Runner\.run"
    r"|BaseEventLoop\.(run_until_complete|run_forever|_run_once)|ScriptRunner\._run_script_thread"
    r"|ScriptRunner\._run_script |exec_func_with_error_handling"
    r"|ScriptRunner\._run_script\.<locals>\.code_to_exec|gather_metrics)"
)
_LINE = re.compile(r":\d+\)$")
#: How the browser tables were made, printed above them.
BROWSER_METHOD = (
    "**Browser.** After py-spy stopped, the same page repeated as many interactions of each "
    "kind while Chromium's V8 profiler (DevTools protocol `Profiler`, a sample every "
    f"{jsprofile.INTERVAL_US} µs) sampled the page's main thread; each sample's time, until "
    "the next one, is charged to the script on top of its stack (file name without its content "
    "hash; `(program)` is native work outside JavaScript: style, layout, paint; a built-in such "
    "as `getBoundingClientRect` holds the layout it forces), grouped where the chunk is known. "
    "The first column covers the whole interaction and the set-up before it (the grid's "
    'double-click and typing); the second only its browser part, from the "run finished" '
    "message to idle (the profile's clock is the benchmark's monotonic clock). Busy time "
    "includes, on a shared CPU, time the thread waited for a core."
)


@dataclass(frozen=True)
class Profile:
    """One interaction kind on one plan: its timings and the server's samples.

    Attributes:
        plan: label of the plan.
        scenario: name of the interaction.
        totals: seconds from action to idle, one per interaction.
        servers: seconds from action to the server's "run finished" message.
        samples: py-spy samples per function (inclusive), keyed ``name (file)``.
        total_samples: all samples of the server process.
        browser: the browser's CPU profile of as many further interactions, if taken.
    """

    plan: str
    scenario: str
    totals: tuple[float, ...]
    servers: tuple[float, ...]
    samples: dict[str, int]
    total_samples: int
    browser: BrowserProfile | None = None

    def per_interaction_ms(self, samples: int) -> float:
        """Milliseconds of server time per interaction that ``samples`` stand for."""
        return samples / RATE / len(self.totals) * 1000


def inclusive_samples(collapsed: Iterable[str]) -> tuple[Counter[str], int]:
    """Count samples per function in py-spy's collapsed stacks (``raw`` format).

    Each line is ``frame;frame;... count`` with frames ``function (file:line)``; a function
    counts once per stack however deep it recurs, so a caller includes its callees.

    Returns:
        Samples per ``function (file)``, and the number of samples in all.
    """
    counts: Counter[str] = Counter()
    total = 0
    for line in collapsed:
        stack, _, number = line.rstrip().rpartition(" ")
        if not stack or not number.isdigit():
            continue
        samples = int(number)
        total += samples
        for frame in {_LINE.sub(")", frame) for frame in stack.split(";")}:
            counts[frame] += samples
    return counts, total


def top_functions(samples: Counter[str], count: int = TOP) -> list[tuple[str, int]]:
    """The functions holding the most samples, thread and event-loop plumbing left out."""
    return [
        (frame, number)
        for frame, number in samples.most_common()
        if not _PLUMBING.match(frame) and not frame.startswith(_WRAPPERS)
    ][:count]


def _py_spy() -> str:
    """py-spy from this interpreter's environment (make runs .venv/bin/python, not PATH)."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else "py-spy"


def _record(pid: int, output: Path) -> subprocess.Popen[bytes]:
    """Start ``py-spy record`` on ``pid``, writing collapsed stacks to ``output``."""
    command = [_py_spy(), "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw"]
    command += ["--output", str(output), "--nonblocking"]
    log = output.with_suffix(".log")
    with log.open("wb") as messages:  # a file, not a pipe nobody reads while it samples
        spy = subprocess.Popen(command, stdout=messages, stderr=subprocess.STDOUT)
    time.sleep(1.0)  # py-spy attaches before the first measured interaction
    if spy.poll() is not None:
        error = log.read_text(encoding="utf-8", errors="replace").strip()
        raise RuntimeError(f"py-spy could not sample the server: {error}")
    return spy


def _stop(spy: subprocess.Popen[bytes]) -> None:
    spy.send_signal(signal.SIGINT)
    spy.wait(timeout=60)


def profile_plan(
    browser: Browser, label: str, plan: Plan, *, count: int, warmup: int = 2
) -> list[Profile]:
    """Profile every interaction of :data:`benchmarks.totem.SCENARIOS` on ``plan``."""
    profiles: list[Profile] = []
    with (
        totem.throwaway_store() as (store_url, store),
        tempfile.TemporaryDirectory(prefix="totem-profile-") as directory,
    ):
        plan_id = totem.store_plan(store, plan)
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            url = totem.plan_url(server.url, plan_id)
            for scenario in totem.SCENARIOS:
                context = browser.new_context()
                try:
                    page = context.new_page()
                    open_app(page, url)
                    interaction = scenario.make(page, plan.language.value)
                    for index in range(warmup):
                        interaction(index)
                    output = Path(directory) / "stacks.txt"
                    spy = _record(server.process.pid, output)
                    try:
                        for index in range(count):
                            interaction(warmup + index)
                    finally:
                        _stop(spy)
                    timings = watch_script_runs(page).timings[-count:]
                    browser_profile = _profile_browser(page, interaction, warmup + count, count)
                finally:
                    context.close()
                with output.open(encoding="utf-8") as stacks:
                    samples, total = inclusive_samples(stacks)
                profiles.append(
                    Profile(
                        label,
                        scenario.name,
                        tuple(t.total for t in timings),
                        tuple(t.server for t in timings),
                        dict(top_functions(samples)),
                        total,
                        browser_profile,
                    )
                )
    return profiles


def _profile_browser(
    page: Page, interaction: totem.Interaction, first: int, count: int
) -> BrowserProfile:
    """Repeat ``interaction`` ``count`` times (indices from ``first``) under V8's profiler."""

    counter = watch_script_runs(page)
    windows: list[tuple[float, float]] = []  # each browser part: "run finished", then idle

    def interact() -> None:
        for index in range(first, first + count):
            interaction(index)
            windows.append((counter.last_finished_at, time.perf_counter()))

    cdp_profile = jsprofile.record(page, interact)
    timings = counter.timings[-count:]
    totals, servers = [t.total for t in timings], [t.server for t in timings]
    return BrowserProfile.from_cdp(cdp_profile, windows, totals, servers)


def to_markdown(profiles: Sequence[Profile]) -> str:
    """A split table for all interactions, the top server functions of each, then browser's.

    The browser tables (top scripts, JS busy, native) follow for the profiles that have one.
    """
    lines = [
        "| plan | interaction | n | median ms | server part, median ms | browser part, median "
        "ms | server CPU sampled per interaction, ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for profile in profiles:
        total = statistics.median(profile.totals) * 1000
        server = statistics.median(profile.servers) * 1000
        cpu = profile.per_interaction_ms(profile.total_samples)
        lines.append(
            f"| {profile.plan} | {profile.scenario} | {len(profile.totals)} | {total:.0f} "
            f"| {server:.0f} | {total - server:.0f} | {cpu:.0f} |"
        )
    for profile in profiles:
        lines += [
            "",
            f"**{profile.plan} — {profile.scenario}** (server, ms per interaction, inclusive)",
            "",
            "| function (file) | ms |",
            "|---|---:|",
        ]
        lines += [
            f"| `{frame}` | {profile.per_interaction_ms(samples):.1f} |"
            for frame, samples in profile.samples.items()
        ]
    browsers = [(f"{p.plan} — {p.scenario}", p.browser) for p in profiles if p.browser]
    if browsers:
        lines += ["", BROWSER_METHOD, "", jsprofile.to_markdown(browsers)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: profile the interactions on the French sample and a generated plan."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("-n", "--count", type=int, default=20, help="interactions per kind")
    parser.add_argument(
        "--communities", type=int, default=200, help="communities of the generated plan (0: none)"
    )
    parser.add_argument("--out", type=Path, help="markdown file whose profile section is replaced")
    args = parser.parse_args(argv)
    plans = [("French sample", totem.french_sample())]
    if args.communities:
        plans.append((f"{args.communities} communities", totem.synthetic(args.communities)))
    profiles: list[Profile] = []
    with chromium() as browser:
        for label, plan in plans:
            profiles += profile_plan(browser, label, plan, count=args.count)
    table = to_markdown(profiles)
    print(table)
    if args.out:
        text = (
            "## Profiles: where an interaction's time goes\n\n"
            f"{args.count} interactions of each kind after 2 warm-up ones, one fresh browser "
            f"context each, while `py-spy record --rate {RATE}` sampled the Streamlit process "
            "(running threads only). The server part of an interaction runs from the action "
            'to the server\'s "run finished" message on the websocket (it includes the '
            "browser sending the event); the browser part is the rest, until idle. Regenerate "
            "with `python -m benchmarks.profile --out docs/benchmarks.md`.\n\n"
            f"{table}\n"
        )
        replace_section(args.out, "profile", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
