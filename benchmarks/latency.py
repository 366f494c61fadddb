"""Browser latency of a Streamlit app: first render and interaction-to-idle, median and p95.

Run ``python -m benchmarks.latency --bare`` (the one-widget baseline), ``--app`` (the Totem
workbook) or both; each starts its own server and headless Chromium and prints a Markdown table.
"Idle" is defined in :mod:`benchmarks.idle`: the server reported the run finished, the frontend
shows a connected, not-running app, and no stale element or skeleton remains.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks import totem
from benchmarks.browser import launch_chromium
from benchmarks.idle import act, open_app
from benchmarks.report import replace_section
from benchmarks.server import APP, BARE_APP, running_server

#: An interaction: given its index, perform one action that triggers exactly one rerun.
Interaction = Callable[[int], object]


@dataclass(frozen=True)
class Summary:
    """Latency figures of one scenario, in seconds."""

    scenario: str
    samples: tuple[float, ...]

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
        """One Markdown table row: scenario, n, median, p95, min, max in milliseconds."""
        cells = [self.median, self.p95, min(self.samples), max(self.samples)]
        figures = " | ".join(f"{seconds * 1000:.0f}" for seconds in cells)
        return f"| {self.scenario} | {len(self.samples)} | {figures} |"


TABLE_HEADER = (
    "| scenario | n | median ms | p95 ms | min ms | max ms |\n|---|---:|---:|---:|---:|---:|"
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
    page: Page, interaction: Interaction, *, count: int = 20, warmup: int = 1
) -> list[float]:
    """Perform ``interaction`` ``warmup + count`` times on an idle page; return the last ``count``.

    The page must already show the app (see :func:`benchmarks.idle.open_app`).
    """
    times = []
    for index in range(warmup + count):
        times.append(act(page, partial(interaction, index)))
    return times[warmup:]


def bare_number_input(page: Page) -> Interaction:
    """Type a new number into the bare app's input and press Enter."""
    number = page.get_by_label("Number")

    def interact(index: int) -> None:
        number.fill(str(index + 1))
        number.press("Enter")

    return interact


def bench_bare(browser: Browser, *, count: int, first_renders: int) -> list[Summary]:
    """First render and number-input figures of the bare one-widget app."""
    with running_server(BARE_APP) as server:
        first = measure_first_render(browser, server.url, runs=first_renders)
        context = browser.new_context()
        try:
            page = context.new_page()
            open_app(page, server.url)
            typed = measure_interactions(page, bare_number_input(page), count=count)
        finally:
            context.close()
    return [
        Summary("bare app: first render", tuple(first)),
        Summary("bare app: number input + Enter", tuple(typed)),
    ]


def bench_app(browser: Browser, *, count: int, first_renders: int) -> list[Summary]:
    """First render and typical interactions of the Totem workbook on its French sample plan."""
    with running_server(APP) as server:
        first = measure_first_render(browser, server.url, runs=first_renders)
        results = [Summary("Totem: first render (plan page)", tuple(first))]
        for scenario, make_interaction in totem.SCENARIOS.items():
            context = browser.new_context()
            try:
                page = context.new_page()
                open_app(page, server.url)
                interaction = make_interaction(page)
                times = measure_interactions(page, interaction, count=count)
            finally:
                context.close()
            results.append(Summary(f"Totem: {scenario}", tuple(times)))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure the bare app, the workbook or both and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.latency", description=__doc__)
    parser.add_argument("--bare", action="store_true", help="measure the one-widget bare app")
    parser.add_argument("--app", action="store_true", help="measure the Totem workbook")
    parser.add_argument("-n", "--count", type=int, default=20, help="interactions per scenario")
    parser.add_argument(
        "--first-renders", type=int, default=5, help="fresh page loads measured per app"
    )
    parser.add_argument("--out", type=Path, help="markdown file whose latency section is replaced")
    args = parser.parse_args(argv)
    if not (args.bare or args.app):
        args.bare = args.app = True
    results: list[Summary] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            if args.bare:
                results += bench_bare(browser, count=args.count, first_renders=args.first_renders)
            if args.app:
                results += bench_app(browser, count=args.count, first_renders=args.first_renders)
        finally:
            browser.close()
    table = "\n".join([TABLE_HEADER, *(summary.row() for summary in results)])
    print(table)
    if args.out:
        text = (
            "## Browser latency\n\n"
            f"Headless Chromium (Debian), {args.count} interactions per scenario after a warm-up, "
            f"{args.first_renders} fresh page loads for first render; idle as defined in "
            "`benchmarks/idle.py` (run finished on the websocket, app connected and not running, "
            "no stale element or skeleton left). The bare app is measured in the same run.\n\n"
            f"{table}\n"
        )
        replace_section(args.out, "latency", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
