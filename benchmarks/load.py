"""Concurrent sessions on one Totem server: errors, p95 interaction latency, peak server memory.

``python -m benchmarks.load [--sessions 20] [--interactions 20] [--out docs/benchmarks.md]``

One server (its plan store a throwaway SQLite file, ``TOTEM_DATABASE_URL``) and one headless
Chromium with one browser context per session. The sessions are driven by asyncio (Playwright's
async API, one task per session, all in the main thread): sync Playwright objects may not be
shared between threads, and one Chromium for all sessions is what a small office would load
the server with. Each session opens its own stored plan (``?plan=ID``, created beforehand) and
retypes the organisation on the plan page ``interactions`` times, each time waiting for idle as
:mod:`benchmarks.idle` defines it (same websocket counter, same DOM checks).

Errors are exceptions (a widget not found, a page crash), ``st.exception`` elements on the page,
and timeouts; a session stops at its first error. Memory is the server's peak: the largest
sum of ``VmRSS`` over the streamlit process and its descendants sampled every 100 ms, and the
process's own ``VmHWM``. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from benchmarks import totem
from benchmarks.browser import launch_args
from benchmarks.idle import BUSY_ELEMENTS, IDLE_APP, ScriptRunCounter
from benchmarks.report import replace_section
from benchmarks.server import APP, running_server
from planner.i18n import translate

#: Seconds allowed for one interaction to reach idle, and for a session's first render.
INTERACTION_TIMEOUT = 60.0
OPEN_TIMEOUT = 120.0
EXCEPTION_ELEMENT = "[data-testid=stException]"


@dataclass
class SessionResult:
    """What one session saw: its interaction times (seconds) and its errors (messages)."""

    plan_id: str
    first_render: float | None = None
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timeouts: int = 0


@dataclass
class LoadResult:
    """The figures of one load run."""

    sessions: int
    interactions: int
    communities: int | None
    results: list[SessionResult]
    peak_rss_kib: int
    hwm_kib: int
    wall_seconds: float
    server_cpu_seconds: float = 0.0

    @property
    def times(self) -> list[float]:
        """Every measured interaction of every session."""
        return [t for result in self.results for t in result.times]

    @property
    def errors(self) -> int:
        """Errors of all sessions (timeouts included)."""
        return sum(len(result.errors) for result in self.results)

    @property
    def timeouts(self) -> int:
        """Interactions or first renders that did not reach idle in time."""
        return sum(result.timeouts for result in self.results)

    @property
    def p95(self) -> float:
        """95th percentile of all interaction times, in seconds."""
        return _percentile(self.times, 95)

    @property
    def median(self) -> float:
        """Median of all interaction times, in seconds."""
        return statistics.median(self.times)


def _percentile(values: Sequence[float], percent: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


# --------------------------------------------------------------------------------------------
# Server memory


def _kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (threads included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, proc(5)).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                todo += [int(child) for child in task.read_text().split()]
    return found


def tree_rss_kib(pid: int) -> int:
    """Sum of ``VmRSS`` over process ``pid`` and its descendants right now, in KiB."""
    return sum(_kib(member, "VmRSS") for member in _descendants(pid))


def hwm_kib(pid: int) -> int:
    """``VmHWM`` of process ``pid`` itself: its peak resident set size so far, in KiB."""
    return _kib(pid, "VmHWM")


class MemorySampler:
    """Samples the RSS of a process tree in a background thread; keeps the largest sum.

    ``last_kib`` is the most recent sample, ``peak_kib`` the largest since the sampler started.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self.last_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()

    def sample(self) -> int:
        """Read the tree's RSS once; return it in KiB."""
        total = tree_rss_kib(self.pid)
        self.last_kib = total
        self.peak_kib = max(self.peak_kib, total)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


# --------------------------------------------------------------------------------------------
# Async idle detection (benchmarks.idle, for Playwright's async API)


def watch(page: Page) -> ScriptRunCounter:
    """Count the script runs the server reports finished on ``page`` (before navigating)."""
    counter = ScriptRunCounter()
    page.on("websocket", counter.on_websocket)
    return counter


async def wait_for_idle(page: Page, counter: ScriptRunCounter, since: int, timeout: float) -> None:
    """Wait for a run finished after ``since``, a connected idle app, no stale element."""
    deadline = time.monotonic() + timeout
    while counter.finished <= since:
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no script run finished within {timeout:.0f} s (statuses={counter.statuses[-5:]})"
            )
        await asyncio.sleep(0.005)
    remaining = max(1.0, (deadline - time.monotonic()) * 1000)
    await page.wait_for_selector(IDLE_APP, state="attached", timeout=remaining)
    remaining = max(1.0, (deadline - time.monotonic()) * 1000)
    await page.wait_for_function(
        f"() => document.querySelector({BUSY_ELEMENTS!r}) === null", timeout=remaining
    )


async def run_session(
    browser: Browser, url: str, lang: str, plan_id: str, interactions: int
) -> SessionResult:
    """One user: open the plan, retype the organisation ``interactions`` times."""
    result = SessionResult(plan_id)
    context = await browser.new_context()
    try:
        page = await context.new_page()
        counter = watch(page)
        start = time.perf_counter()
        await page.goto(url, timeout=OPEN_TIMEOUT * 1000)
        await wait_for_idle(page, counter, 0, OPEN_TIMEOUT)
        result.first_render = time.perf_counter() - start
        name = translate("ui.plan.organisation", lang)
        field_ = page.get_by_role("textbox", name=name, exact=True)
        for index in range(interactions):
            since = counter.finished
            start = time.perf_counter()
            await field_.fill(f"Organisation {plan_id[:6]} {index}")
            await field_.press("Enter")
            await wait_for_idle(page, counter, since, INTERACTION_TIMEOUT)
            result.times.append(time.perf_counter() - start)
            shown = await page.locator(EXCEPTION_ELEMENT).count()
            if shown:
                text = await page.locator(EXCEPTION_ELEMENT).first.inner_text()
                result.errors.append(f"st.exception after interaction {index}: {text[:300]}")
                break
    except TimeoutError as error:
        result.timeouts += 1
        result.errors.append(f"timeout: {error}")
    except Exception as error:
        if "Timeout" in type(error).__name__:
            result.timeouts += 1
        result.errors.append(f"{type(error).__name__}: {str(error)[:300]}")
    finally:
        await context.close()
    return result


async def _drive(urls: Sequence[tuple[str, str, str]], interactions: int) -> list[SessionResult]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_args())
        try:
            tasks = [
                run_session(browser, url, lang, plan_id, interactions)
                for url, lang, plan_id in urls
            ]
            return list(await asyncio.gather(*tasks))
        finally:
            await browser.close()


def _in_own_thread(function: Callable[[], list[SessionResult]]) -> list[SessionResult]:
    """Call ``function`` in a new thread: its event loop never meets the caller's (a sync
    Playwright alive in the caller's thread counts as a running loop for ``asyncio.run``)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def run_load(
    *, sessions: int = 20, interactions: int = 20, communities: int | None = None
) -> LoadResult:
    """Store ``sessions`` plans, start one server, drive the sessions at once, collect figures.

    Each session's plan is the French sample, or a generated plan of ``communities``.
    """
    plan = totem.french_sample() if communities is None else totem.synthetic(communities)
    lang = plan.language.value
    with totem.throwaway_store() as (store_url, store):
        ids = [totem.store_plan(store, plan, note=f"load session {i}") for i in range(sessions)]
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            pid = server.process.pid
            urls = [(totem.plan_url(server.url, plan_id), lang, plan_id) for plan_id in ids]
            cpu_before = _cpu_seconds(pid)
            with MemorySampler(pid) as sampler:
                start = time.perf_counter()
                results = _in_own_thread(lambda: asyncio.run(_drive(urls, interactions)))
                wall = time.perf_counter() - start
            hwm = hwm_kib(pid)
            cpu = _cpu_seconds(pid) - cpu_before
    return LoadResult(
        sessions, interactions, communities, results, sampler.peak_kib, hwm, wall, cpu
    )


def to_markdown(load: LoadResult) -> str:
    """The load table: sessions, interactions, errors, latency, memory."""
    plan = "French sample" if load.communities is None else f"{load.communities} communities"
    done = len(load.times)
    latency = (
        f"{load.median * 1000:.0f} | {load.p95 * 1000:.0f} | {max(load.times) * 1000:.0f}"
        if done
        else "— | — | —"
    )
    return (
        "| plan | sessions × interactions | measured | errors | timeouts | median ms | p95 ms "
        "| max ms | server peak RSS MiB | server VmHWM MiB | wall s | server CPU s |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {plan} | {load.sessions} × {load.interactions} | {done} | {load.errors} "
        f"| {load.timeouts} | {latency} | {load.peak_rss_kib / 1024:.0f} "
        f"| {load.hwm_kib / 1024:.0f} | {load.wall_seconds:.0f} "
        f"| {load.server_cpu_seconds:.0f} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the load test, print its table, optionally write the load section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument("--interactions", type=int, default=20, help="field edits per session")
    parser.add_argument(
        "--communities", type=int, help="generated plans of this size instead of the sample"
    )
    parser.add_argument("--out", type=Path, help="markdown file whose load section is replaced")
    args = parser.parse_args(argv)
    load = run_load(
        sessions=args.sessions, interactions=args.interactions, communities=args.communities
    )
    table = to_markdown(load)
    print(table)
    for result in load.results:
        for error in result.errors:
            print(f"session {result.plan_id[:8]}: {error}", file=sys.stderr)
    if args.out:
        text = (
            "## Concurrent sessions\n\n"
            f"{load.sessions} sessions at once on one server, each in its own context of one "
            "headless Chromium (driven by asyncio), each on its own stored plan opened with "
            f"`?plan=ID`, each retyping the organisation {load.interactions} times (+ Enter, "
            "until idle as in `benchmarks/idle.py`). Errors: exceptions, `st.exception` "
            "elements, timeouts. Server memory: peak sum of VmRSS of the streamlit process and "
            "its children sampled every 100 ms, and the process's VmHWM; server CPU: user + system "
            "seconds of the streamlit process during the run. Regenerate with "
            "`python -m benchmarks.load --out docs/benchmarks.md`.\n\n"
            f"{table}\n"
        )
        replace_section(args.out, "load", text)
    return 1 if load.errors else 0


if __name__ == "__main__":
    sys.exit(main())
