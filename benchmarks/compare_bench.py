"""Time ``compare`` on two large plans: ``python -m benchmarks.compare_bench [--repeat 7]
[--communities 200] [--out docs/benchmarks.md]``.

Plan A is ``generate_plan(200, seed=1)``; B is either an equal copy, or a copy with a mutation
in every tenth community (renamed, a headcount and a wave date changed, two ambassadors added),
one community added and the launch a week later. Each figure is the median of ``--repeat`` runs
after a warm-up, with the spread (min–max), in milliseconds; the target for ``compare`` is one
second. The figures and exports of the comparison are timed too, for information.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from benchmarks.report import replace_section
from planner.compare import compare
from planner.compare_figures import compare_forecast_figure, compare_gantt_figure
from planner.export.compare import comparison_csv, comparison_pdf
from planner.models import Ambassador, Community, Plan
from planner.synthetic import generate_plan

TARGET_MS = 1000.0


def mutated(plan: Plan) -> Plan:
    """A copy of ``plan`` with a change in every tenth community, one more, a later launch."""
    copy = plan.model_copy(deep=True)
    for index in range(0, len(copy.communities), 10):
        community = copy.communities[index]
        populations = list(community.populations)
        if populations:
            first = populations[0]
            wave = first.wave_date + timedelta(days=7) if first.wave_date else None
            populations[0] = first.model_copy(
                update={"headcount": (first.headcount or 0) + 25, "wave_date": wave}
            )
        ambassadors = list(community.ambassadors)
        if populations:
            ambassadors += [
                Ambassador(id=f"bench-{n}", name=f"Bench {n}", population_id=populations[0].id)
                for n in range(2)
            ]
        copy.communities[index] = community.model_copy(
            update={
                "name": community.name + " (renamed)",
                "populations": populations,
                "ambassadors": ambassadors,
            }
        )
    copy.communities.append(Community(id="bench-new", name="Bench new community"))
    if copy.launch_date:
        copy.launch_date = copy.launch_date + timedelta(days=7)
    return copy


def _time(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    call()  # warm-up: catalogue, caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def measure(communities: int, repeat: int) -> list[tuple[str, tuple[float, float, float]]]:
    """Time compare on an equal copy and on a mutated copy, then the figures and exports."""
    a = generate_plan(communities, seed=1)
    same, b = a.model_copy(deep=True), mutated(a)
    result = compare(a, b)
    return [
        ("`compare`, equal copy", _time(lambda: compare(a, same), repeat)),
        ("`compare`, mutated copy", _time(lambda: compare(a, b), repeat)),
        (
            "`compare_forecast_figure` (with communities)",
            _time(lambda: compare_forecast_figure(result, "fr", communities=True), repeat),
        ),
        ("`compare_gantt_figure`", _time(lambda: compare_gantt_figure(result, "fr"), repeat)),
        ("`comparison_pdf`", _time(lambda: comparison_pdf(result, "fr"), repeat)),
        ("`comparison_csv`", _time(lambda: comparison_csv(result, "fr"), repeat)),
    ]


def to_markdown(
    rows: list[tuple[str, tuple[float, float, float]]], communities: int, repeat: int
) -> str:
    """Render the results as the ``compare`` section of docs/benchmarks.md."""
    lines = [
        "## Comparing two plans",
        "",
        f"Two {communities}-community plans (`generate_plan({communities}, seed=1)` and a copy): "
        f"median of {repeat} runs after a warm-up (min–max), in milliseconds; Python "
        f"{platform.python_version()} on {platform.machine()}. Target for `compare`: "
        f"≤ {TARGET_MS:,.0f} ms. Regenerate with "
        "`python -m benchmarks.compare_bench --out docs/benchmarks.md`.",
        "",
        "| step | median (ms) | min–max (ms) | target |",
        "|---|---:|---:|---|",
    ]
    for label, (median, low, high) in rows:
        target = ""
        if label.startswith("`compare`"):
            target = "met" if median <= TARGET_MS else "**missed**"
        lines.append(f"| {label} | {median:.1f} | {low:.1f}–{high:.1f} | {target} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and replace the compare section of ``--out``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--out", type=Path, help="markdown file whose compare section is replaced")
    args = parser.parse_args(argv)
    text = to_markdown(measure(args.communities, args.repeat), args.communities, args.repeat)
    print(text)
    if args.out:
        replace_section(args.out, "compare", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
