"""``track(plan)``: snapshots against the forecast, the refit and the health of each community."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from planner.forecast import WEEK_DAYS, FloatArray, PopulationForecast, bass_cdf, forecast
from planner.indicators import Level
from planner.models import Community, Plan, Snapshot
from planner.tracking import health, refit
from planner.tracking.model import CommunityTracking, Curve, Tracking


def has_actuals(plan: Plan) -> bool:
    """True when at least one community has a snapshot."""
    return any(community.actuals for community in plan.communities)


def track(
    plan: Plan,
    *,
    as_of: date | None = None,
    extra: Mapping[str, Sequence[Snapshot]] | None = None,
) -> Tracking:
    """Track ``plan`` against its communities' snapshots.

    Args:
        plan: the plan; each community's ``actuals`` are its snapshots.
        as_of: the day of the reading; snapshots after it are left out. By default the day of
            the latest snapshot of the plan, so the result never depends on the clock.
        extra: more snapshots per community id, added to the plan's own for this call (the
            command line's actuals files).

    Returns:
        One ``CommunityTracking`` per community with at least one snapshot up to ``as_of``, in
        plan order, and the worst of their levels.
    """
    snapshots = {c.id: _merged(c.actuals, (extra or {}).get(c.id, ())) for c in plan.communities}
    latest = [s.date for found in snapshots.values() for s in found]
    day = as_of or (max(latest) if latest else None)
    if day is None:
        return Tracking(as_of=None, end_date=plan.end_date, level=Level.OK, communities=())
    fc = forecast(plan)
    by_community: dict[str, list[PopulationForecast]] = {}
    for population in fc.populations:
        by_community.setdefault(population.community_id, []).append(population)
    tracked = []
    for community in plan.communities:
        seen = tuple(s for s in snapshots[community.id] if s.date <= day)
        if seen:
            tracked.append(
                _community(plan, community, seen, by_community.get(community.id, []), day)
            )
    level = health.worst(c.level for c in tracked)
    return Tracking(as_of=day, end_date=plan.end_date, level=level, communities=tuple(tracked))


def _merged(own: Sequence[Snapshot], more: Sequence[Snapshot]) -> list[Snapshot]:
    """The plan's snapshots and the extra ones, by date; an extra one replaces the same day's."""
    by_day = {s.date: s for s in own}
    by_day.update({s.date: s for s in more})
    return [by_day[d] for d in sorted(by_day)]


def planned_members(
    populations: Sequence[PopulationForecast], days: Sequence[date], period_days: float
) -> FloatArray:
    """The plan's forecast of a community's members at the end of each of ``days``."""
    total = np.zeros(len(days))
    ordinals = np.array([d.toordinal() for d in days], dtype=np.float64)
    for population in populations:
        t = (ordinals + 1 - population.wave_date.toordinal()) / period_days
        total += population.headcount * population.ceiling * bass_cdf(t, population.p, population.q)
    return total


def _community(
    plan: Plan,
    community: Community,
    seen: tuple[Snapshot, ...],
    populations: list[PopulationForecast],
    day: date,
) -> CommunityTracking:
    period = float(plan.forecast.period_days)
    counted = [s for s in seen if s.members is not None]
    last = counted[-1] if counted else None
    members = last.members if last else None
    forecast_now = float(planned_members(populations, [last.date], period)[0]) if last else None
    gap = None
    if members is not None and forecast_now:
        gap = (members - forecast_now) / forecast_now
    weeks = _weeks(populations, plan.end_date, day)
    planned = tuple(planned_members(populations, weeks, period).tolist())
    fit = refit.fit_community(plan, populations, counted, weeks)
    end = plan.end_date
    planned_end = (
        float(planned_members(populations, [end], period)[0]) if end and populations else None
    )
    silent, share = health.silence(seen, plan), health.participation(seen)
    checks = health.checks(plan, community, (gap, silent, share), len(counted), day)
    level, reason, action = health.conclude(community, checks)
    return CommunityTracking(
        community_id=community.id,
        name=community.name,
        level=level,
        reason=reason,
        action=action,
        checks=checks,
        snapshots=seen,
        actual_members=members,
        actual_date=last.date if last else None,
        forecast_members=forecast_now,
        gap=gap,
        fit=fit.fit if fit else None,
        projected_end=fit.end if fit else None,
        projected_low=fit.low_end if fit else None,
        projected_high=fit.high_end if fit else None,
        planned_end=planned_end,
        curve=Curve(
            weeks=weeks,
            planned=planned,
            fitted=fit.curve if fit else None,
            low=fit.low if fit else None,
            high=fit.high if fit else None,
        ),
        silent_days=silent,
        participation=share,
    )


def _weeks(
    populations: Sequence[PopulationForecast], end: date | None, day: date
) -> tuple[date, ...]:
    """Ends of 7-day weeks from the first wave to the end of the launch period (or ``day``)."""
    first = min((p.wave_date for p in populations), default=day)
    last = max(d for d in (end, day) if d is not None)
    count = max(1, -(-((last - first).days + 1) // WEEK_DAYS))
    return tuple(first + timedelta(days=WEEK_DAYS * (i + 1) - 1) for i in range(count))
