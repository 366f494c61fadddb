"""Server memory of the Totem workbook: many sessions open at once, one session switching pages.

``python -m benchmarks.memory [--sessions 20] [--switches 200] [--communities 200]
[--out docs/benchmarks.md]``

Two runs, each on a fresh workbook server (``streamlit run`` of :data:`benchmarks.server.APP`
on 127.0.0.1, its plan store a throwaway SQLite file given through ``TOTEM_DATABASE_URL``)
driven by one headless Chromium:

1. **Sessions open at once.** ``sessions`` copies of a generated plan of ``communities``
   communities are stored, one per session (each user on a plan of their own, as in an office).
   One session opens its copy and waits until idle (a process's first run loads what the app
   imports late), then the others open theirs all at once, each in its own browser context,
   and wait until idle; all stay open while the server's memory is read, then close. Reported: the
   server's RSS before any session, with the first session open, with all open (after a short
   settle), the peak, the process's ``VmHWM``, and MiB per session.
2. **Page switches in one session.** One session opens the plan and clicks round the workbook's
   step pages in the sidebar navigation ``switches`` times, each time until idle. The server's
   RSS is read after the page opens and every ``every`` switches; the growth from the warm-up
   point (``warmup`` switches) to the end is set against the warmed-up RSS: up to
   :data:`LEAK_THRESHOLD` of it is "no growth", more "grows". Nothing is asked of the server
   (no ``gc.collect()`` can be called in it): the figures are its RSS as the OS sees it.

RSS is the sum of ``VmRSS`` over the streamlit process and its descendants, sampled every
100 ms for the peak (:class:`benchmarks.load.MemorySampler`); "idle" is
:mod:`benchmarks.idle`'s. Every loop is bounded, every wait has a timeout, and the servers are
stopped on the way out, errors included. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from benchmarks import totem
from benchmarks.browser import chromium
from benchmarks.idle import open_app, wait_for_idle, watch_script_runs
from benchmarks.load import EXCEPTION_ELEMENT, MemorySampler, hwm_kib, tree_rss_kib
from benchmarks.report import replace_section
from benchmarks.server import APP, REPO_ROOT, running_server
from planner.models import Plan

#: Growth after warm-up, as a share of the warmed-up RSS, still called "no growth".
LEAK_THRESHOLD = 0.05
#: Seconds allowed for a session's first render (all sessions opening at once share the CPU),
#: and for one page switch to reach idle.
OPEN_TIMEOUT = 300.0
SWITCH_TIMEOUT = 60.0
#: A reading of a settled server: its RSS held within SETTLE_KIB for SETTLE_SECONDS, waited
#: for at most SETTLE_LIMIT seconds. After its first full run the app imports more modules in a
#: background thread (workbook warm-up), so the RSS right at idle is not the final one.
SETTLE_KIB = 1024
SETTLE_SECONDS = 1.0
SETTLE_LIMIT = 20.0
MIB = 1024


@dataclass
class SessionsResult:
    """Server memory with ``sessions`` sessions open at once, in KiB."""

    sessions: int
    communities: int
    before_kib: int
    first_kib: int
    open_kib: int
    peak_kib: int
    hwm_kib: int
    open_seconds: float
    errors: list[str] = field(default_factory=list)

    @property
    def per_session_mib(self) -> float:
        """(all open - before) / sessions: what a session costs, the app's loading included."""
        return (self.open_kib - self.before_kib) / self.sessions / MIB

    @property
    def marginal_mib(self) -> float | None:
        """(all open - first open) / (sessions - 1): what one more session costs."""
        if self.sessions < 2:
            return None
        return (self.open_kib - self.first_kib) / (self.sessions - 1) / MIB


@dataclass
class SwitchesResult:
    """Server RSS along ``switches`` page switches in one session.

    ``series`` maps a number of switches done (0: the plan page just opened) to the RSS in KiB
    read right after that switch reached idle; ``times`` are the switches' seconds to idle.
    """

    switches: int
    warmup: int
    every: int
    communities: int
    pages: int
    series: dict[int, int]
    times: list[float]
    peak_kib: int
    hwm_kib: int
    errors: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        """Switches that reached idle."""
        return len(self.times)

    @property
    def warm_kib(self) -> int:
        """RSS after the warm-up switches."""
        return self.series[self.warmup]

    @property
    def end_kib(self) -> int:
        """RSS after the last switch done."""
        return self.series[max(self.series)]

    @property
    def growth_mib(self) -> float:
        """RSS growth from warm-up to the end, in MiB."""
        return (self.end_kib - self.warm_kib) / MIB

    @property
    def growth_share(self) -> float:
        """Growth from warm-up to the end over the warmed-up RSS."""
        return (self.end_kib - self.warm_kib) / self.warm_kib

    @property
    def per_100_mib(self) -> float:
        """Growth after warm-up per 100 switches, in MiB (0 when none was done after it)."""
        after = max(self.series) - self.warmup
        return self.growth_mib / after * 100 if after else 0.0

    @property
    def fitted_per_100_mib(self) -> float | None:
        """Least-squares slope of the readings from warm-up on, in MiB per 100 switches: less
        sensitive to one high or low last reading than the growth from end to end."""
        after = [(done, kib) for done, kib in sorted(self.series.items()) if done >= self.warmup]
        if len(after) < 3:
            return None
        xs, ys = zip(*after, strict=True)
        return statistics.linear_regression(xs, ys).slope * 100 / MIB

    @property
    def threshold_mib(self) -> float:
        """The largest growth still called "no growth", in MiB."""
        return self.warm_kib * LEAK_THRESHOLD / MIB

    @property
    def verdict(self) -> str:
        """``no growth`` when the growth after warm-up is within the threshold, else ``grows``."""
        return "no growth" if self.growth_share <= LEAK_THRESHOLD else "grows"


@dataclass
class MemoryResult:
    """Both runs of the memory benchmark, and its wall time in seconds."""

    sessions: SessionsResult
    switches: SwitchesResult
    wall_seconds: float

    @property
    def errors(self) -> list[str]:
        """Errors of both runs."""
        return self.sessions.errors + self.switches.errors


def settled_rss(sampler: MemorySampler) -> int:
    """The RSS once it has held within :data:`SETTLE_KIB` for :data:`SETTLE_SECONDS` (or the
    last reading after :data:`SETTLE_LIMIT` seconds), in KiB."""
    deadline = time.monotonic() + SETTLE_LIMIT
    steady, steady_since = sampler.sample(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(sampler.interval)
        reading = sampler.sample()
        if abs(reading - steady) > SETTLE_KIB:
            steady, steady_since = reading, time.monotonic()
        elif time.monotonic() - steady_since >= SETTLE_SECONDS:
            return reading
    return sampler.sample()


def _exception_shown(page: Page) -> str | None:
    """The text of the first ``st.exception`` element on ``page``, if there is one."""
    shown = page.locator(EXCEPTION_ELEMENT)
    if shown.count():
        return shown.first.inner_text()[:300]
    return None


def measure_sessions(browser: Browser, plan: Plan, *, sessions: int) -> SessionsResult:
    """Open ``sessions`` sessions, each on its own stored copy of ``plan``; read the memory.

    The first session opens alone, then the others all at once; every session stays open
    until the server's RSS with all of them has been read.
    """
    if sessions < 1:
        raise ValueError("sessions must be at least 1")
    errors: list[str] = []
    contexts: list[BrowserContext] = []
    with totem.throwaway_store() as (store_url, store):
        ids = [totem.store_plan(store, plan, note=f"memory session {i}") for i in range(sessions)]
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            pid = server.process.pid
            urls = [totem.plan_url(server.url, plan_id) for plan_id in ids]
            with MemorySampler(pid) as sampler:
                try:
                    before = settled_rss(sampler)
                    contexts.append(browser.new_context())
                    first_page = contexts[0].new_page()
                    open_app(first_page, urls[0], timeout=OPEN_TIMEOUT)
                    first = settled_rss(sampler)
                    pages = [first_page]
                    start = time.perf_counter()
                    # Navigations only start here; the waits below deliver every page's events.
                    for url in urls[1:]:
                        contexts.append(browser.new_context())
                        page = contexts[-1].new_page()
                        watch_script_runs(page)
                        page.goto(url, wait_until="commit", timeout=OPEN_TIMEOUT * 1000)
                        pages.append(page)
                    for page in pages[1:]:
                        wait_for_idle(page, 0, OPEN_TIMEOUT)
                    open_seconds = time.perf_counter() - start
                    for index, page in enumerate(pages):
                        text = _exception_shown(page)
                        if text is not None:
                            errors.append(f"session {index}: st.exception: {text}")
                    all_open = settled_rss(sampler)
                finally:
                    for context in contexts:
                        context.close()
            hwm = hwm_kib(pid)
    return SessionsResult(
        sessions=sessions,
        communities=len(plan.communities),
        before_kib=before,
        first_kib=first,
        open_kib=all_open,
        peak_kib=sampler.peak_kib,
        hwm_kib=hwm,
        open_seconds=open_seconds,
        errors=errors,
    )


def measure_switches(
    browser: Browser, plan: Plan, *, switches: int, warmup: int, every: int
) -> SwitchesResult:
    """Switch pages ``switches`` times in one session on ``plan``, reading the server's RSS.

    The RSS is read after the plan page opens, after ``warmup`` switches, after every
    ``every`` switches and after the last one. The run stops at the first ``st.exception``.
    """
    if not 0 < warmup < switches or every < 1:
        raise ValueError("need 0 < warmup < switches and every >= 1")
    lang = plan.language.value
    series: dict[int, int] = {}
    times: list[float] = []
    errors: list[str] = []
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, plan, note="memory page switches")
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            pid = server.process.pid
            with MemorySampler(pid) as sampler:
                context = browser.new_context()
                try:
                    page = context.new_page()
                    open_app(page, totem.plan_url(server.url, plan_id), timeout=OPEN_TIMEOUT)
                    series[0] = tree_rss_kib(pid)
                    links = page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNavLink")
                    pages = links.count()
                    switch = totem.switch_pages(page, lang)
                    for index in range(switches):
                        times.append(switch(index))
                        done = index + 1
                        text = _exception_shown(page)
                        if text is not None:
                            errors.append(f"st.exception after switch {done}: {text}")
                        if done in (warmup, switches) or done % every == 0 or errors:
                            series[done] = tree_rss_kib(pid)
                        if errors:
                            break
                finally:
                    context.close()
            hwm = hwm_kib(pid)
    if warmup not in series:  # stopped before the warm-up ended: measure from the start
        warmup = 0
    return SwitchesResult(
        switches=switches,
        warmup=warmup,
        every=every,
        communities=len(plan.communities),
        pages=pages,
        series=series,
        times=times,
        peak_kib=sampler.peak_kib,
        hwm_kib=hwm,
        errors=errors,
    )


def run_memory(
    browser: Browser,
    *,
    sessions: int = 20,
    switches: int = 200,
    communities: int = 200,
    warmup: int | None = None,
    every: int | None = None,
) -> MemoryResult:
    """Both runs on a generated plan of ``communities`` communities.

    ``every`` defaults to a tenth of ``switches``, ``warmup`` to ``every``.
    """
    every = every or max(1, switches // 10)
    warmup = warmup or every
    plan = totem.synthetic(communities)
    start = time.perf_counter()
    opened = measure_sessions(browser, plan, sessions=sessions)
    switched = measure_switches(browser, plan, switches=switches, warmup=warmup, every=every)
    return MemoryResult(opened, switched, time.perf_counter() - start)


def _switches(count: int) -> str:
    return f"{count} switch" if count == 1 else f"{count} switches"


def _mib(kib: int) -> str:
    return f"{kib / MIB:.0f}"


def sessions_table(result: SessionsResult) -> str:
    """One row: RSS before, with one session, with all, the peak, VmHWM, MiB per session."""
    marginal = result.marginal_mib
    return (
        "| plan | sessions | RSS before MiB | RSS, 1st session open MiB | RSS, all open MiB "
        "| peak RSS MiB | VmHWM MiB | MiB per session | MiB per session after the 1st "
        "| all open in s | errors |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {result.communities} communities | {result.sessions} | {_mib(result.before_kib)} "
        f"| {_mib(result.first_kib)} | {_mib(result.open_kib)} | {_mib(result.peak_kib)} "
        f"| {_mib(result.hwm_kib)} | {result.per_session_mib:.1f} "
        f"| {'—' if marginal is None else f'{marginal:.1f}'} | {result.open_seconds:.0f} "
        f"| {len(result.errors)} |"
    )


def switches_table(result: SwitchesResult) -> str:
    """The RSS series (switches done, RSS, change since warm-up) and the summary rows."""
    rows = [
        "| switches done | server RSS MiB | change since warm-up MiB |",
        "|---:|---:|---:|",
    ]
    for done, kib in sorted(result.series.items()):
        change = "—" if done < result.warmup else f"{(kib - result.warm_kib) / MIB:+.1f}"
        mark = " (warm-up)" if done == result.warmup else ""
        rows.append(f"| {done}{mark} | {kib / MIB:.1f} | {change} |")
    return "\n".join(rows)


def switches_summary(result: SwitchesResult) -> str:
    """Growth, growth per 100 switches, threshold and the verdict line."""
    median = statistics.median(result.times) * 1000 if result.times else float("nan")
    slope = result.fitted_per_100_mib
    fitted = "" if slope is None else f" (least-squares slope of the readings: {slope:+.1f})"
    return (
        f"- {result.done} of {result.switches} switches done round {result.pages} pages, "
        f"{len(result.errors)} errors; median switch {median:.0f} ms; peak RSS "
        f"{_mib(result.peak_kib)} MiB, VmHWM {_mib(result.hwm_kib)} MiB.\n"
        f"- Warmed-up RSS (after {_switches(result.warmup)}): {result.warm_kib / MIB:.1f} MiB; "
        f"at the end: {result.end_kib / MIB:.1f} MiB; growth {result.growth_mib:+.1f} MiB "
        f"({result.growth_share * 100:+.1f} %), {result.per_100_mib:+.1f} MiB per 100 switches"
        f"{fitted}.\n"
        f"- Threshold: growth ≤ {LEAK_THRESHOLD * 100:.0f} % of the warmed-up RSS "
        f"= {result.threshold_mib:.1f} MiB.\n\n"
        f"**Verdict: {result.verdict}** ({result.growth_mib:+.1f} MiB after warm-up against "
        f"≤ {result.threshold_mib:.1f} MiB allowed)."
    )


def to_markdown(result: MemoryResult) -> str:
    """The section: what was measured, the sessions table, the series and the verdict."""
    opened, switched = result.sessions, result.switches
    return (
        "## Server memory\n\n"
        f"Generated plan of {opened.communities} communities (`generate_plan"
        f"({opened.communities}, seed=1)`), a fresh "
        f"`streamlit run {APP.relative_to(REPO_ROOT)}` per run with a throwaway SQLite store, "
        "headless Chromium. Server RSS: sum of VmRSS of the streamlit "
        "process and its children, peak sampled every 100 ms as in `benchmarks/load.py`; "
        "VmHWM is the streamlit process's own. Nothing is asked of the server (no "
        "`gc.collect()`): the figures are its RSS as the OS sees it. Regenerate with "
        "`python -m benchmarks.memory --out docs/benchmarks.md` "
        f"({result.wall_seconds:.0f} s).\n\n"
        f"### {opened.sessions} sessions open at once\n\n"
        f"Each session on its own stored copy of the plan (`?plan=ID`), in its own browser "
        "context. The first opens alone (a process's first run loads what the app imports "
        "late); the others then open "
        "all at once, wait until idle and stay open. Before, 1st open and all open are read "
        f"once the RSS has held within {SETTLE_KIB // MIB} MiB for {SETTLE_SECONDS:.0f} s "
        f"(at most {SETTLE_LIMIT:.0f} s; after its first run the app imports more modules in "
        "the background). MiB per session: (all open − before) / sessions, and (all open − "
        "1st open) / (sessions − 1).\n\n"
        f"{sessions_table(opened)}\n\n"
        f"### {switched.switches} page switches in one session\n\n"
        f"One session on the plan clicks the next of the {switched.pages} step pages in the "
        "sidebar navigation (as in `benchmarks/latency.py`), each time until idle. RSS read "
        "right after idle: when the plan page has opened (0), after the warm-up "
        f"({_switches(switched.warmup)}), every {_switches(switched.every)} and at the end."
        "\n\n"
        f"{switches_table(switched)}\n\n"
        f"{switches_summary(switched)}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run both measurements, print the section, optionally write it."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="sessions open at once")
    # 100 switches of warm-up (RSS still rises for the first 60-80 while caches, pymalloc
    # arenas and Streamlit's message cache fill), then the 200 switches the verdict judges.
    parser.add_argument(
        "--switches", type=int, default=300, help="page switches in one session, warm-up included"
    )
    parser.add_argument(
        "--communities", type=int, default=200, help="communities of the generated plan"
    )
    parser.add_argument("--warmup", type=int, default=100, help="switches before the warmed-up RSS")
    parser.add_argument("--every", type=int, default=25, help="switches between RSS readings")
    parser.add_argument("--out", type=Path, help="markdown file whose memory section is replaced")
    args = parser.parse_args(argv)
    with chromium() as browser:
        result = run_memory(
            browser,
            sessions=args.sessions,
            switches=args.switches,
            communities=args.communities,
            warmup=args.warmup,
            every=args.every,
        )
    text = to_markdown(result)
    print(text)
    for error in result.errors:
        print(error, file=sys.stderr)
    if args.out:
        replace_section(args.out, "memory", text)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
