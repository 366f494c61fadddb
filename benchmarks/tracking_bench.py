"""Time ``track`` on 100 communities with 26 weekly snapshots each:
``python -m benchmarks.tracking_bench [--repeat 5] [--communities 100] [--snapshots 26]
[--out docs/benchmarks.md]``.

The plan is ``generate_plan(100, seed=1)``; each community gets snapshots simulated from its
own forecast with true factors drawn from the refit's prior (``planner.tracking.simulate``),
one a week from the launch. ``track`` refits every community and computes its 90 % interval
(``DRAWS`` draws) and its health. Each figure is the median of ``--repeat`` runs after a
warm-up, with the spread (min–max), in milliseconds. Target: ≤ 2,000 ms.
"""

from __future__ import annotations

import argparse
import platform
from datetime import timedelta
from pathlib import Path

import numpy as np

from benchmarks.compare_bench import _time
from benchmarks.report import replace_section
from planner.forecast import PopulationForecast, forecast
from planner.models import Plan
from planner.synthetic import generate_plan
from planner.tracking import track
from planner.tracking.refit import DRAWS
from planner.tracking.simulate import draw_factors, simulate

TARGET_MS = 2000.0


def plan_with_actuals(communities: int, snapshots: int, seed: int = 1) -> Plan:
    """A synthetic plan whose every community has ``snapshots`` weekly simulated snapshots."""
    plan = generate_plan(communities, seed=seed)
    assert plan.launch_date is not None
    days = [plan.launch_date + timedelta(days=7 * (i + 1)) for i in range(snapshots)]
    by_community: dict[str, list[PopulationForecast]] = {}
    for population in forecast(plan).populations:
        by_community.setdefault(population.community_id, []).append(population)
    rng = np.random.default_rng(seed)
    updated = []
    for community in plan.communities:
        populations = by_community.get(community.id, [])
        if populations:
            found = simulate(plan, populations, days, draw_factors(rng), rng)
            community = community.model_copy(update={"actuals": found.snapshots})
        updated.append(community)
    return plan.model_copy(update={"communities": updated})


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and replace the tracking section of ``--out``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--snapshots", type=int, default=26)
    parser.add_argument("--out", type=Path, help="markdown file whose section is replaced")
    args = parser.parse_args(argv)
    plan = plan_with_actuals(args.communities, args.snapshots)
    tracked = track(plan)
    fitted = sum(1 for c in tracked.communities if c.fit is not None)
    median, low, high = _time(lambda: track(plan), args.repeat)
    verdict = "met" if median <= TARGET_MS else "**missed**"
    text = "\n".join(
        [
            "## Tracking after launch: refit and health",
            "",
            f"`track` on `generate_plan({args.communities}, seed=1)` with {args.snapshots} "
            f"weekly simulated snapshots per community ({fitted} communities refitted, "
            f"{DRAWS} draws each for the 90 % interval): median of {args.repeat} runs after "
            f"a warm-up (min–max); Python {platform.python_version()} on "
            f"{platform.machine()}. Regenerate with "
            "`python -m benchmarks.tracking_bench --out docs/benchmarks.md`.",
            "",
            "| step | median (ms) | min–max (ms) | target | |",
            "|---|---:|---:|---|---|",
            f"| `track` (forecast, refit, interval, health) | {median:.0f} | "
            f"{low:.0f}–{high:.0f} | ≤ {TARGET_MS:,.0f} ms | {verdict} |",
            "",
        ]
    )
    print(text)
    if args.out:
        replace_section(args.out, "tracking", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
