"""The refit on simulated launches whose truth is known, and its behaviour at the edges."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from planner.forecast import PopulationForecast, forecast
from planner.models import Plan, Snapshot
from planner.planfile import load_plan
from planner.tracking import refit
from planner.tracking.simulate import draw_factors, simulate
from planner.tracking.track import _weeks, planned_members

RUNS = 200
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(SAMPLES / "fr-industrie-plan.json")


def _populations(plan: Plan, community_id: str) -> list[PopulationForecast]:
    return [p for p in forecast(plan).populations if p.community_id == community_id]


def _weekly(plan: Plan, count: int) -> list[date]:
    assert plan.launch_date is not None
    return [plan.launch_date + timedelta(days=7 * (i + 1)) for i in range(count)]


def test_after_ten_weekly_snapshots_the_interval_is_calibrated(plan: Plan) -> None:
    """200 simulated launches, truth drawn from the prior: coverage of the 90 % interval."""
    rng = np.random.default_rng(7)
    days = _weekly(plan, 10)
    covered = close = 0
    communities = [c.id for c in plan.communities]
    for run in range(RUNS):
        populations = _populations(plan, communities[run % len(communities)])
        truth = simulate(plan, populations, days, draw_factors(rng), rng)
        found = refit.fit_community(
            plan, populations, truth.snapshots, _weeks(populations, plan.end_date, days[-1])
        )
        assert found is not None
        assert found.end is not None
        assert found.low_end is not None
        assert found.high_end is not None
        assert found.low_end <= found.end <= found.high_end
        covered += found.low_end <= truth.members_at_end <= found.high_end
        close += abs(found.end - truth.members_at_end) <= 0.2 * truth.members_at_end
    print(f"coverage {covered}/{RUNS}, within 20 %: {close}/{RUNS}")
    assert 0.80 * RUNS <= covered <= 0.97 * RUNS
    assert close >= 0.80 * RUNS


def test_snapshots_on_the_plans_curve_give_back_the_plans_parameters(plan: Plan) -> None:
    populations = _populations(plan, "qualite-terrain")
    days = _weekly(plan, 12)
    expected = planned_members(populations, days, plan.forecast.period_days)
    snapshots = [Snapshot(date=d, members=round(m)) for d, m in zip(days, expected, strict=True)]
    found = refit.fit_community(plan, populations, snapshots, days)
    assert found is not None
    assert found.fit.p == pytest.approx(found.fit.planned_p, rel=0.1)
    assert found.fit.q == pytest.approx(found.fit.planned_q, rel=0.1)
    assert found.fit.ceiling == pytest.approx(found.fit.planned_ceiling, rel=0.05)


def test_few_snapshots_lean_on_the_plan_and_say_so(plan: Plan) -> None:
    """Two readings far above the plan: the fit moves, but stays within its bounds."""
    populations = _populations(plan, "qualite-terrain")
    days = _weekly(plan, 2)
    snapshots = [Snapshot(date=days[0], members=5), Snapshot(date=days[1], members=400)]
    found = refit.fit_community(plan, populations, snapshots, days)
    assert found is not None
    assert found.fit.shrunk
    low, high = np.exp(refit.BOUNDS[0]), np.exp(refit.BOUNDS[1])
    assert low[2] * found.fit.planned_ceiling <= found.fit.ceiling
    assert found.fit.ceiling <= min(high[2] * found.fit.planned_ceiling, 1.0)
    assert found.fit.p <= high[0] * found.fit.planned_p


def test_many_snapshots_past_the_inflexion_are_not_shrunk(plan: Plan) -> None:
    populations = _populations(plan, "maintenance-securite")
    days = _weekly(plan, 14)
    truth = simulate(plan, populations, days, np.zeros(3), np.random.default_rng(3))
    found = refit.fit_community(plan, populations, truth.snapshots, days)
    assert found is not None
    assert not found.fit.shrunk


def test_the_band_opens_only_after_the_last_snapshot_and_the_refit_is_repeatable(
    plan: Plan,
) -> None:
    populations = _populations(plan, "voix-du-client")
    days = _weekly(plan, 6)
    truth = simulate(plan, populations, days, np.zeros(3), np.random.default_rng(5))
    weeks = _weeks(populations, plan.end_date, days[-1])
    first = refit.fit_community(plan, populations, truth.snapshots, weeks)
    again = refit.fit_community(plan, populations, truth.snapshots, weeks)
    assert first == again
    assert first is not None
    for week, low, mid, high in zip(weeks, first.low, first.curve, first.high, strict=True):
        if week <= days[-1]:
            assert low == mid == high
        else:
            assert low <= mid <= high
    assert first.high[-1] > first.low[-1]


def test_no_population_with_a_forecast_means_no_refit(plan: Plan) -> None:
    assert refit.fit_community(plan, [], [Snapshot(date=date(2027, 4, 1), members=3)], []) is None
