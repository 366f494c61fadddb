"""Export benchmark: PDF (cold and warm chart server), CSV ZIP, Excel and iCalendar.

Run: ``python -m benchmarks.export_bench [--repeat 3] [--out docs/benchmarks.md]``.
Plans: the French sample and a generated 200-community plan (``generate_plan(200, seed=1)``).
Each figure is the median of ``repeat`` runs, in seconds, with the spread (min–max). "PDF cold"
closes the chart browser before each run, so it includes starting Chromium; "PDF warm" reuses
the browser started once per process, as the workbook's server does after its first report.
The planner's own computations (timeline, assessment, forecast) are included in every figure.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import replace_section
from planner.export import (
    charts_unavailable_reason,
    csv_zip_bytes,
    ics_bytes,
    pdf_bytes,
    plan_results,
    xlsx_bytes,
)
from planner.export.charts import stop_chart_server
from planner.models import Plan
from planner.planfile import load_plan
from planner.synthetic import generate_plan

ROOT = Path(__file__).resolve().parent.parent


def _time(call: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> str:
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return f"{statistics.median(samples):.2f} ({min(samples):.2f}–{max(samples):.2f})"


def _plans() -> list[tuple[str, Plan]]:
    return [
        ("French sample", load_plan(ROOT / "sample_data" / "fr-industrie-plan.json")),
        ("200 communities", generate_plan(200, seed=1)),
    ]


def run(repeat: int) -> str:
    """Time every export of each plan; return the markdown section."""
    lines = [
        f"Exports, seconds: median of {repeat} runs (min–max); Python {platform.python_version()}"
        f" on {platform.machine()}. Charts: "
        + ("drawn by Kaleido + Chromium." if charts_unavailable_reason() is None else "absent."),
        "",
        "| plan | PDF cold | PDF warm | CSV ZIP | Excel | ICS | PDF size |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, plan in _plans():
        lang = plan.language.value

        def whole(make: Callable[..., bytes], plan: Plan = plan, lang: str = lang) -> bytes:
            return make(plan_results(plan), lang)

        cold = _time(lambda: whole(pdf_bytes), repeat, before=stop_chart_server)
        whole(pdf_bytes)  # the browser is now up
        warm = _time(lambda: whole(pdf_bytes), repeat)
        size = len(whole(pdf_bytes)) / 1e6
        zipped = _time(lambda: whole(csv_zip_bytes), repeat)
        excel = _time(lambda: whole(xlsx_bytes), repeat)
        ics = _time(lambda: whole(ics_bytes), repeat)
        lines.append(f"| {name} | {cold} | {warm} | {zipped} | {excel} | {ics} | {size:.1f} MB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table; with ``--out``, also write it into that file's ``exports`` section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    text = run(args.repeat)
    print(text)
    if args.out is not None:
        replace_section(args.out, "exports", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
