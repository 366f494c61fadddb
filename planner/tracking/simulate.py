"""Simulated launches with a known truth, to check the refit (tests) and time it (benchmarks).

A simulated community follows the plan's structure with true factors (a, b, k) on p, q and the
ceiling (see ``planner.tracking.refit``), and members join in Poisson counts around the true
curve: each stretch between two readings adds a Poisson draw of the curve's increase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from planner.forecast import FloatArray, PopulationForecast
from planner.models import Plan, Snapshot
from planner.tracking.refit import BOUNDS, PRIOR, structure_of


@dataclass(frozen=True, slots=True)
class Simulated:
    """A simulated community: its snapshots, its true factors and its true members at the end."""

    snapshots: list[Snapshot]
    factors: FloatArray  # log a, log b, log k
    members_at_end: int


def draw_factors(rng: np.random.Generator) -> FloatArray:
    """True log-factors drawn from the refit's own prior (within its bounds)."""
    drawn: FloatArray = np.clip(rng.normal(0.0, PRIOR), BOUNDS[0], BOUNDS[1])
    return drawn


def simulate(
    plan: Plan,
    populations: Sequence[PopulationForecast],
    days: Sequence[date],
    factors: FloatArray,
    rng: np.random.Generator,
    *,
    end: date | None = None,
) -> Simulated:
    """Snapshots of one community on ``days`` and its members on ``end`` (the plan's end)."""
    last = end or plan.end_date or days[-1]
    structure = structure_of(plan, populations)
    grid = np.array([d.toordinal() for d in [*days, last]], dtype=np.float64)
    expected = structure.members(factors[None, :], grid)[0]
    joined = np.cumsum(rng.poisson(np.maximum(np.diff(expected, prepend=0.0), 0.0)))
    snapshots = [Snapshot(date=d, members=int(m)) for d, m in zip(days, joined, strict=False)]
    return Simulated(snapshots, factors, int(joined[-1]))
