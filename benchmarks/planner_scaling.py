"""Planner scaling benchmark: validate, timeline, assess, forecast and figures by plan size.

Run: ``python -m benchmarks.planner_scaling [--sizes 10,100,500] [--repeat 15] [--out FILE]``.
Each figure is the median of ``repeat`` runs after one warm-up, with the spread (min–max); the
growth exponent between two sizes is log(t2 / t1) / log(n2 / n1): 1 is linear, 2 quadratic.
"""

from __future__ import annotations

import argparse
import itertools
import math
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.report import replace_section
from planner import Plan, assess, build_timeline, figures, forecast
from planner.synthetic import generate_plan

STEPS = ("validate", "timeline", "assess", "forecast", "figures")


@dataclass(frozen=True)
class Timing:
    """Median and spread of one step at one size, in milliseconds."""

    median: float
    low: float
    high: float


def _time(call: Callable[[], Any], repeat: int) -> Timing:
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(statistics.median(samples), min(samples), max(samples))


def _all_figures(plan: Plan) -> None:
    timeline = build_timeline(plan)
    assessment = assess(plan)
    adoption = forecast(plan)
    figures.gantt_figure(timeline, "en")
    figures.readiness_figure(assessment, "en")
    figures.scorecard_figure(assessment, "en")
    figures.resistance_heatmap(plan, "en")
    figures.adoption_figure(adoption, "en")
    figures.sponsor_activity_figure(plan, "en")
    figures.ambassador_coverage_figure(plan, "en")


def measure(sizes: list[int], repeat: int) -> dict[int, dict[str, Timing]]:
    """Time every step on a generated plan of each size (communities)."""
    results: dict[int, dict[str, Timing]] = {}
    for size in sizes:
        plan = generate_plan(size, seed=1)
        text = plan.model_dump_json()
        results[size] = {
            "validate": _time(lambda text=text: Plan.model_validate_json(text), repeat),
            "timeline": _time(lambda plan=plan: build_timeline(plan), repeat),
            "assess": _time(lambda plan=plan: assess(plan), repeat),
            "forecast": _time(lambda plan=plan: forecast(plan), repeat),
            "figures": _time(lambda plan=plan: _all_figures(plan), max(3, repeat // 3)),
        }
    return results


def _cell(timing: Timing) -> str:
    return f"{timing.median:.1f} ({timing.low:.1f}–{timing.high:.1f})"


def _exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def to_markdown(results: dict[int, dict[str, Timing]], repeat: int) -> str:
    """Render the results as the benchmark page's planner section."""
    sizes = sorted(results)
    lines = [
        "## Planner scaling",
        "",
        f"Generated plans (`planner.synthetic.generate_plan(n, seed=1)`: n communities, 5 "
        f"populations and 10 ambassadors each, six months of rituals and sponsor actions). "
        f"Median of {repeat} runs after a warm-up (figures: of {max(3, repeat // 3)}), "
        "min–max in brackets, milliseconds. `figures` builds the six charts from fresh results, "
        "so it includes timeline, assess and forecast once more.",
        "",
        "| step | " + " | ".join(f"{n} communities" for n in sizes) + " | growth exponent |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for step in STEPS:
        cells = [_cell(results[n][step]) for n in sizes]
        exponents = [
            f"{_exponent((a, results[a][step].median), (b, results[b][step].median)):.2f}"
            for a, b in itertools.pairwise(sizes)
        ]
        lines.append(f"| {step} | " + " | ".join(cells) + f" | {' → '.join(exponents) or '—'} |")
    core = [
        sum(results[n][step].median for step in ("timeline", "assess", "forecast")) for n in sizes
    ]
    lines.append(
        "| **timeline + assess + forecast** | "
        + " | ".join(f"**{total:.1f}**" for total in core)
        + " | |"
    )
    lines += [
        "",
        f"Measured with `make bench` on {platform.machine()}, Python {platform.python_version()}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print or store its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--out", type=Path, help="markdown file whose planner section is replaced")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    text = to_markdown(measure(sizes, args.repeat), args.repeat)
    if args.out:
        replace_section(args.out, "planner", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
