"""Health after launch: three checks per community, each ok, watch or critical.

- **gap**: members at the last snapshot against the plan's forecast for that day; watch below
  −25 %, critical below −50 %, judged once at least 3 snapshots have a member count (before
  that, a community a week old is too noisy to judge).
- **momentum**: the longest stretch with no post, from the snapshots' post counts, against the
  plan's momentum thresholds. Snapshots only say a stretch had no post, not on which day the
  last post fell, so the measured stretch is a lower bound and reaching a threshold counts.
- **participation**: posters over the last four weeks among members, against the 90-9-1 rule's
  one in ten who post; watch below half of it, critical below the creators' share alone. The
  sum of each snapshot's distinct posters counts a member who posts every week several times,
  an upper bound: an alarm is never raised by that sum's error.

The worst check gives the community's level, reason and action (on a tie: momentum, then gap,
then participation; when all are ok, the gap speaks first). The actions name what the plan
can do: a sponsor action, ambassadors for the population that lags, a ritual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from planner.i18n import Message, Percent
from planner.indicators import Level
from planner.models import Community, Plan, Snapshot
from planner.tracking.model import Check

#: Gap to forecast below which a community is on watch, and critical.
GAP_WATCH = -0.25
GAP_CRITICAL = -0.50
#: Snapshots with a member count needed before the gap is judged.
GAP_MIN_SNAPSHOTS = 3
#: Days of posters the participation check reads, back from the last snapshot.
PARTICIPATION_DAYS = 28
#: Members below which participation is not judged: a handful of people is no 90-9-1 sample.
PARTICIPATION_MIN_MEMBERS = 20

_ORDER = {Level.OK: 0, Level.WATCH: 1, Level.CRITICAL: 2}
#: Which check speaks for a community when several share the worst level: silence comes first,
#: for a community with no post loses the members it has (the gap follows it), then the gap.
_PRIORITY = {"momentum": 0, "gap": 1, "participation": 2}
#: When all is well, the gap says it best: members against the plan.
_OK_PRIORITY = {"gap": 0, "momentum": 1, "participation": 2}


def worst(levels: Iterable[Level]) -> Level:
    """The worst of ``levels``; ok when there is none."""
    return max(levels, key=_ORDER.__getitem__, default=Level.OK)


def silence(seen: Sequence[Snapshot], plan: Plan) -> int | None:
    """Days of the longest stretch with no post, or None when no snapshot counts posts.

    A snapshot's posts cover the days since the previous snapshot (the first one's, since the
    launch, or since its own date minus a week when the plan has no launch date).
    """
    stretch = longest = 0
    known = False
    previous = _before_first(seen, plan)
    for snapshot in seen:
        days = (snapshot.date - previous).days
        previous = snapshot.date
        if snapshot.posts is None:
            stretch = 0
            continue
        known = True
        stretch = stretch + days if snapshot.posts == 0 else 0
        longest = max(longest, stretch)
    return longest if known else None


def _before_first(seen: Sequence[Snapshot], plan: Plan) -> date:
    first = seen[0].date
    if plan.launch_date is not None and plan.launch_date < first:
        return max(plan.launch_date, first - timedelta(days=31))
    return first - timedelta(days=7)


def participation(seen: Sequence[Snapshot]) -> float | None:
    """Posters over the last four weeks among members, or None when it cannot be judged."""
    counted = [s for s in seen if s.members is not None]
    if not counted:
        return None
    members = counted[-1].members
    since = seen[-1].date - timedelta(days=PARTICIPATION_DAYS - 1)
    posters = [s.posters for s in seen if s.date >= since and s.posters is not None]
    if not posters or not members or members < PARTICIPATION_MIN_MEMBERS:
        return None
    return min(sum(posters) / members, 1.0)


def checks(
    plan: Plan,
    community: Community,
    measures: tuple[float | None, int | None, float | None],
    counted: int,
    day: date,
) -> tuple[Check, ...]:
    """The community's checks that the snapshots can judge, in a fixed order.

    ``measures`` are the gap to forecast, the longest silence (``silence``) and the share of
    members who post (``participation``), each None when the snapshots cannot say.
    """
    gap, silent, share = measures
    found: list[Check] = []
    params = {"community": community.name, "community_id": community.id}
    lagging = lagging_population(plan, community, day)
    if gap is not None and counted >= GAP_MIN_SNAPSHOTS:
        level = (
            Level.CRITICAL if gap < GAP_CRITICAL else Level.WATCH if gap < GAP_WATCH else Level.OK
        )
        found.append(
            _check(
                "gap",
                level,
                params,
                gap=Percent(abs(gap)),
                ratio=Percent(1 + gap),
                population=lagging,
            )
        )
    if silent is not None:
        limits = plan.thresholds
        level = (
            Level.CRITICAL
            if silent >= limits.momentum_critical_days
            else Level.WATCH
            if silent > limits.momentum_ok_days
            else Level.OK
        )
        check = _check("momentum", level, params, days=silent)
        if silent == 0:  # a post in every reading: no silence to speak of
            check = Check(
                "momentum",
                level,
                Message("tracking.momentum.ok.steady", params),
                check.action,
            )
        found.append(check)
    if share is not None:
        expected = plan.forecast.creators_share + plan.forecast.contributors_share
        level = (
            Level.CRITICAL
            if share < plan.forecast.creators_share
            else Level.WATCH
            if share < expected / 2
            else Level.OK
        )
        found.append(
            _check(
                "participation",
                level,
                params,
                share=Percent(share),
                expected=Percent(expected),
                population=lagging,
            )
        )
    return tuple(found)


def _check(check_id: str, level: Level, params: Mapping[str, object], **more: object) -> Check:
    values = {**params, **more}
    if check_id != "momentum" and values.get("population") is None and level is not Level.OK:
        code = f"tracking.{check_id}.{level.value}.no_population"
    else:
        code = f"tracking.{check_id}.{level.value}"
    return Check(check_id, level, Message(code, values), Message(code + ".action", values))


def conclude(community: Community, found: Sequence[Check]) -> tuple[Level, Message, Message]:
    """The community's level, reason and action: those of its worst check."""
    params = {"community": community.name, "community_id": community.id}
    if not found:
        return (
            Level.WATCH,
            Message("tracking.unjudged", params),
            Message("tracking.unjudged.action", params),
        )
    level = worst(check.level for check in found)
    priority = _PRIORITY if level is not Level.OK else _OK_PRIORITY
    first = min((check for check in found if check.level is level), key=lambda c: priority[c.id])
    return level, first.reason, first.action


def lagging_population(plan: Plan, community: Community, day: date) -> str | None:
    """The invited population whose ambassadors fall furthest short of the plan's rule.

    Snapshots count the whole community, so they cannot say which population lags; the
    population with the least ambassador coverage among those already invited is where more
    ambassadors help most. None when no invited population has a headcount.
    """
    goal = plan.thresholds.ambassador_band()[1]
    serving: dict[str, int] = {}
    for ambassador in community.ambassadors:
        serving[ambassador.population_id] = serving.get(ambassador.population_id, 0) + 1
    best: tuple[float, str] | None = None
    for population in community.populations:
        if not population.headcount or population.wave_date is None or population.wave_date > day:
            continue
        coverage = serving.get(population.id, 0) / (population.headcount * goal)
        if best is None or coverage < best[0]:
            best = (coverage, population.name)
    return best[1] if best else None
