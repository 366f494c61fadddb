"""Browser latency of a Streamlit app: first render and interaction-to-idle, median and p95.

Run ``python -m benchmarks.latency --bare`` (the one-widget baseline), ``--app`` (the Totem
workbook) or both; each starts its own server and headless Chromium and prints a Markdown table.
"Idle" is defined in :mod:`benchmarks.idle`: the server reported the run finished, the frontend
shows a connected, not-running app, and no stale element or skeleton remains.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page

from benchmarks import totem
from benchmarks.browser import chromium
from benchmarks.idle import act, open_app
from benchmarks.report import replace_section
from benchmarks.server import APP, BARE_APP, REFERENCE_APP, running_server
from benchmarks.totem import Interaction
from planner.models import Plan

#: Name of the bare one-widget app in the table.
BARE = "bare app"
#: Name of the plain Streamlit app with a grid, a chart and text (benchmarks/reference_app.py).
REFERENCE = "plain Streamlit: grid, chart, text pages"
#: Interactions performed before measuring, per scenario.
WARMUP = 2


@dataclass(frozen=True)
class Summary:
    """Latency figures of one scenario, in seconds."""

    app: str
    scenario: str
    samples: tuple[float, ...]

    @property
    def kind(self) -> str:
        """``first render`` or ``interaction``: what the bare app's figure to compare with is."""
        return "first render" if self.scenario.startswith("first render") else "interaction"

    @property
    def median(self) -> float:
        """Median of the samples."""
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """95th percentile (linear interpolation between the closest ranks)."""
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=100, method="inclusive")[94]

    def row(self) -> str:
        """Markdown cells: app, scenario, n, median, p95, min, max (ms), row left open."""
        cells = [self.median, self.p95, min(self.samples), max(self.samples)]
        figures = " | ".join(f"{seconds * 1000:.0f}" for seconds in cells)
        return f"| {self.app} | {self.scenario} | {len(self.samples)} | {figures} |"


TABLE_HEADER = (
    "| app / plan | scenario | n | median ms | p95 ms | min ms | max ms | p95 / bare p95 "
    "| p95 / plain Streamlit p95 |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|"
)


def measure_first_render(browser: Browser, url: str, *, runs: int = 5) -> list[float]:
    """Open ``url`` in ``runs`` fresh browser contexts; return navigation-start-to-idle times."""
    times = []
    for _ in range(runs):
        context = browser.new_context()
        try:
            times.append(open_app(context.new_page(), url))
        finally:
            context.close()
    return times


def measure_interactions(
    page: Page, interaction: Interaction, *, count: int = 20, warmup: int = WARMUP
) -> list[float]:
    """Perform ``interaction`` ``warmup + count`` times on an idle page; return the last ``count``.

    The page must already show the app (see :func:`benchmarks.idle.open_app`).
    """
    times = [interaction(index) for index in range(warmup + count)]
    return times[warmup:]


def measure_in_new_context(
    browser: Browser,
    url: str,
    make: Callable[[Page], Interaction],
    *,
    count: int,
    warmup: int = WARMUP,
) -> list[float]:
    """Open ``url`` in a fresh browser context, build the interaction there and measure it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        open_app(page, url)
        return measure_interactions(page, make(page), count=count, warmup=warmup)
    finally:
        context.close()


def bare_number_input(page: Page) -> Interaction:
    """Type a new number into the bare app's input and press Enter."""
    number = page.get_by_label("Number")

    def interact(index: int) -> float:
        def type_and_submit() -> None:
            number.fill(str(index + 1))
            number.press("Enter")

        return act(page, type_and_submit)

    return interact


def bench_bare(
    browser: Browser, *, count: int, first_renders: int, warmup: int = WARMUP
) -> list[Summary]:
    """First render and number-input figures of the bare one-widget app."""
    with running_server(BARE_APP) as server:
        first = measure_first_render(browser, server.url, runs=first_renders)
        typed = measure_in_new_context(
            browser, server.url, bare_number_input, count=count, warmup=warmup
        )
    return [
        Summary(BARE, "first render", tuple(first)),
        Summary(BARE, "number input + Enter", tuple(typed)),
    ]


def bench_reference(browser: Browser, *, count: int, warmup: int = WARMUP) -> list[Summary]:
    """Page switches and a grid edit in plain Streamlit: the floor for such content."""
    results: list[Summary] = []
    with running_server(REFERENCE_APP) as server:
        scenarios = (
            ("switch page (round the pages)", lambda page: totem.switch_pages(page, "en")),
            (
                "edit a table cell (grid)",
                lambda page: totem.edit_first_cell(page, lambda index: f"Edited {index}"),
            ),
        )
        for name, make in scenarios:
            times = measure_in_new_context(browser, server.url, make, count=count, warmup=warmup)
            results.append(Summary(REFERENCE, name, tuple(times)))
    return results


def bench_app(
    browser: Browser,
    *,
    count: int,
    first_renders: int,
    communities: int | None = 200,
    sample: bool = True,
    warmup: int = WARMUP,
) -> list[Summary]:
    """First render and the four kinds of interaction of the workbook, per plan.

    The plans (the French sample when ``sample``, a generated plan of ``communities``
    communities unless ``None``) are stored in a throwaway SQLite store given to one server
    through ``TOTEM_DATABASE_URL`` and opened with ``?plan=ID``. Every scenario runs in a fresh
    browser context on the plan page.
    """
    plans: list[tuple[str, Plan]] = []
    if sample:
        plans.append(("Totem, French sample", totem.french_sample()))
    if communities is not None:
        plans.append((f"Totem, {communities} communities", totem.synthetic(communities)))
    results: list[Summary] = []
    with totem.throwaway_store() as (store_url, store):
        ids = [totem.store_plan(store, plan) for _, plan in plans]
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            for (label, plan), plan_id in zip(plans, ids, strict=True):
                url = totem.plan_url(server.url, plan_id)
                lang = plan.language.value
                first = measure_first_render(browser, url, runs=first_renders)
                results.append(Summary(label, "first render (plan page)", tuple(first)))
                for scenario in totem.SCENARIOS:
                    times = measure_in_new_context(
                        browser,
                        url,
                        functools.partial(scenario.make, lang=lang),
                        count=count,
                        warmup=warmup,
                    )
                    results.append(Summary(label, scenario.name, tuple(times)))
    return results


def _floor_kind(scenario: str) -> str | None:
    """Which plain-Streamlit figure a scenario compares with: page switch or grid edit."""
    if scenario.startswith("switch page"):
        return "switch page"
    if scenario.startswith("edit a table cell"):
        return "edit a table cell"
    return None


def to_markdown(results: Sequence[Summary]) -> str:
    """The latency table; the ratios compare each p95 with the bare app's p95 of its kind and,
    for page switches and grid edits, with plain Streamlit's p95 for the same kind of action."""
    bare = {summary.kind: summary.p95 for summary in results if summary.app == BARE}
    floor = {
        _floor_kind(summary.scenario): summary.p95
        for summary in results
        if summary.app == REFERENCE
    }
    rows = [TABLE_HEADER]
    for summary in results:
        reference = bare.get(summary.kind)
        if summary.app == BARE or reference is None:
            ratio = "—"
        else:
            ratio = f"{summary.p95 / reference:.1f}×"
        same_kind = floor.get(_floor_kind(summary.scenario))
        if summary.app == REFERENCE or same_kind is None:
            versus_floor = "—"
        else:
            versus_floor = f"{summary.p95 / same_kind:.1f}×"
        rows.append(f"{summary.row()} {ratio} | {versus_floor} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure the bare app, the workbook or both and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.latency", description=__doc__)
    parser.add_argument("--bare", action="store_true", help="measure the one-widget bare app")
    parser.add_argument("--app", action="store_true", help="measure the Totem workbook")
    parser.add_argument("-n", "--count", type=int, default=20, help="interactions per scenario")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="interactions not measured")
    parser.add_argument(
        "--first-renders", type=int, default=5, help="fresh page loads measured per app"
    )
    parser.add_argument(
        "--communities",
        type=int,
        default=200,
        help="communities of the generated plan (0: no generated plan)",
    )
    parser.add_argument("--no-sample", action="store_true", help="leave out the French sample plan")
    parser.add_argument("--out", type=Path, help="markdown file whose latency section is replaced")
    args = parser.parse_args(argv)
    if not (args.bare or args.app):
        args.bare = args.app = True
    results: list[Summary] = []
    with chromium() as browser:
        if args.bare:
            results += bench_bare(
                browser, count=args.count, first_renders=args.first_renders, warmup=args.warmup
            )
            results += bench_reference(browser, count=args.count, warmup=args.warmup)
        if args.app:
            results += bench_app(
                browser,
                count=args.count,
                first_renders=args.first_renders,
                communities=args.communities or None,
                sample=not args.no_sample,
                warmup=args.warmup,
            )
    table = to_markdown(results)
    print(table)
    if args.out:
        text = (
            "## Browser latency\n\n"
            f"Headless Chromium (Debian), {args.count} interactions per scenario after "
            f"{args.warmup} warm-up ones, {args.first_renders} fresh page loads for first render; "
            "idle as defined in `benchmarks/idle.py` (run finished on the websocket, app "
            "connected and not running, no stale element or skeleton left). The workbook opens "
            "each plan with `?plan=ID` from a throwaway SQLite store; every scenario starts in a "
            "fresh browser context on the plan page. The grid edit times only the Enter that "
            "commits the cell (the page switch and the double-click are set-up). The bare "
            "one-widget app is measured in the same run; the ratio is the workbook's p95 over "
            "the bare app's p95 (first render against first render, interactions against its "
            "number input). Plain Streamlit (`benchmarks/reference_app.py`: a page with a "
            "ten-row grid, one with a small Plotly chart, one with text) is measured in the "
            "same run too: the last column sets page switches and grid edits against what "
            "Streamlit itself takes for the same kind of action. Regenerate with "
            "`python -m benchmarks.latency --out docs/benchmarks.md`.\n\n"
            f"{table}\n"
        )
        replace_section(args.out, "latency", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
