"""Tracking after launch: the health of each community against its plan."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.forecast import forecast
from planner.i18n import render
from planner.indicators import Level
from planner.models import Plan, Snapshot
from planner.planfile import load_plan
from planner.tracking import has_actuals, track
from planner.tracking.track import planned_members

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "fr-industrie-plan.json"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(SAMPLE)


def _weekly(plan: Plan, count: int) -> list[date]:
    assert plan.launch_date is not None
    return [plan.launch_date + timedelta(days=7 * (i + 1)) for i in range(count)]


def _on_curve(plan: Plan, community_id: str, days: list[date], ratio: float) -> list[float]:
    populations = [p for p in forecast(plan).populations if p.community_id == community_id]
    return [ratio * m for m in planned_members(populations, days, plan.forecast.period_days)]


def _with(plan: Plan, actuals: dict[str, list[Snapshot]]) -> Plan:
    communities = [
        c.model_copy(update={"actuals": actuals.get(c.id, [])}) for c in plan.communities
    ]
    return Plan.model_validate(
        {**plan.model_dump(), "communities": [c.model_dump() for c in communities]}
    )


def _healthy(plan: Plan, community_id: str, count: int, ratio: float = 1.0) -> list[Snapshot]:
    days = _weekly(plan, count)
    members = _on_curve(plan, community_id, days, ratio)
    return [
        Snapshot(date=d, members=round(m), posts=12, posters=max(3, round(m * 0.12)))
        for d, m in zip(days, members, strict=True)
    ]


def test_a_plan_without_actuals_tracks_nothing(plan: Plan) -> None:
    result = track(plan)
    assert not has_actuals(plan)
    assert result.communities == ()
    assert result.as_of is None
    assert result.level is Level.OK


def test_a_community_on_its_curve_is_ok(plan: Plan) -> None:
    tracked = track(_with(plan, {"qualite-terrain": _healthy(plan, "qualite-terrain", 8)}))
    community = tracked.community("qualite-terrain")
    assert community is not None
    assert community.level is Level.OK
    assert [check.level for check in community.checks] == [Level.OK] * 3
    assert community.gap == pytest.approx(0.0, abs=0.02)
    assert tracked.community("voix-du-client") is None


def test_a_stalled_community_is_critical_with_an_action(plan: Plan) -> None:
    """Members flat and no post for the last four weeks."""
    start = _healthy(plan, "voix-du-client", 4)
    flat = start[-1].members
    days = _weekly(plan, 8)[4:]
    stalled = [Snapshot(date=d, members=flat, posts=0, posters=0) for d in days]
    tracked = track(_with(plan, {"voix-du-client": start + stalled}))
    community = tracked.community("voix-du-client")
    assert community is not None
    assert community.level is Level.CRITICAL
    assert tracked.level is Level.CRITICAL
    levels = {check.id: check.level for check in community.checks}
    assert levels["momentum"] is Level.CRITICAL
    assert levels["gap"] is Level.CRITICAL  # members flat: half the forecast by now
    assert community.silent_days == 28
    assert render(community.action, "en").startswith("Relaunch Voix du client")
    assert "28 jours" in render(community.reason, "fr")


@pytest.mark.parametrize(
    ("ratio", "level"), [(0.80, Level.OK), (0.70, Level.WATCH), (0.45, Level.CRITICAL)]
)
def test_the_gap_to_forecast_sets_the_level(plan: Plan, ratio: float, level: Level) -> None:
    snapshots = _healthy(plan, "qualite-terrain", 6, ratio)
    community = track(_with(plan, {"qualite-terrain": snapshots})).community("qualite-terrain")
    assert community is not None
    gap = next(check for check in community.checks if check.id == "gap")
    assert gap.level is level
    assert community.gap == pytest.approx(ratio - 1, abs=0.02)
    if level is not Level.OK:
        # The action names the invited population (by 26 April) with the fewest ambassadors.
        assert "Chefs d’équipe de production" in render(gap.action, "fr")


def test_the_gap_waits_for_three_snapshots(plan: Plan) -> None:
    snapshots = _healthy(plan, "qualite-terrain", 2, 0.3)
    community = track(_with(plan, {"qualite-terrain": snapshots})).community("qualite-terrain")
    assert community is not None
    assert "gap" not in [check.id for check in community.checks]


def test_few_posters_put_participation_on_watch(plan: Plan) -> None:
    snapshots = [s.model_copy(update={"posters": 1}) for s in _healthy(plan, "qualite-terrain", 8)]
    community = track(_with(plan, {"qualite-terrain": snapshots})).community("qualite-terrain")
    assert community is not None
    participation = next(check for check in community.checks if check.id == "participation")
    assert community.participation is not None
    assert 0.01 <= community.participation < 0.05
    assert participation.level is Level.WATCH


def test_as_of_leaves_later_snapshots_out_and_extra_ones_are_added(plan: Plan) -> None:
    snapshots = _healthy(plan, "qualite-terrain", 8)
    tracked = track(
        _with(plan, {"qualite-terrain": snapshots[:4]}), extra={"qualite-terrain": snapshots[4:]}
    )
    assert tracked.as_of == snapshots[-1].date
    assert len(tracked.communities[0].snapshots) == 8
    earlier = track(_with(plan, {"qualite-terrain": snapshots}), as_of=snapshots[2].date)
    assert earlier.communities[0].snapshots == tuple(snapshots[:3])


def test_activity_only_snapshots_judge_momentum_but_not_the_gap(plan: Plan) -> None:
    days = _weekly(plan, 5)
    snapshots = [Snapshot(date=d, posts=4, posters=2) for d in days]
    community = track(_with(plan, {"maintenance-securite": snapshots})).communities[0]
    assert [check.id for check in community.checks] == ["momentum"]
    assert community.fit is None
    assert community.actual_members is None
