"""Readiness and risk indicators, one per launch prerequisite, plus resistance and momentum.

``assess(plan)`` is pure: it reads the plan and returns an ``Assessment``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from planner.i18n import Message, Percent
from planner.models import (
    CoreRole,
    Plan,
    ResistanceFactor,
    SponsorActionKind,
    Thresholds,
)

INDICATOR_IDS: tuple[str, ...] = (
    "launch_duration",
    "target_populations",
    "totem_subject",
    "sponsor_support",
    "core_team",
    "ambassadors",
    "resistance",
    "momentum",
)


class Level(StrEnum):
    """How ready a prerequisite is."""

    OK = "ok"
    WATCH = "watch"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation behind an indicator, about the plan, a community or a population."""

    level: Level
    message: Message
    action: Message | None = None
    community_id: str | None = None
    population_id: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator's verdict: level, 0–100 score, the reason and the recommended action."""

    id: str
    level: Level
    score: int
    reason: Message
    action: Message
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """All indicators of a plan and the overall readiness score."""

    indicators: tuple[Indicator, ...]
    score: int
    level: Level

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id."""
        return next(i for i in self.indicators if i.id == indicator_id)


@dataclass(frozen=True, slots=True)
class Gap:
    """Days with nothing happening: from ``start`` to ``end`` inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Length of the gap in days."""
        return (self.end - self.start).days + 1


def activity_gaps(days: Iterable[date], start: date, end: date) -> list[Gap]:
    """Return the stretches of ``start``–``end`` (inclusive) on which no activity falls.

    Activity outside the window is ignored. Example: activity on the 3rd and the 10th of a window
    from the 1st to the 12th leaves gaps 1st–2nd, 4th–9th and 11th–12th.
    """
    gaps: list[Gap] = []
    cursor = start
    for day in sorted({d for d in days if start <= d <= end}):
        if day > cursor:
            gaps.append(Gap(cursor, day - timedelta(days=1)))
        cursor = day + timedelta(days=1)
    if cursor <= end:
        gaps.append(Gap(cursor, end))
    return gaps


# --- scoring --------------------------------------------------------------------------------
#
# A level sets a band of scores and the measure places the score inside it, so a score never
# contradicts its level: ok is 75–100, watch 40–74, critical 0–39.
_BANDS: dict[Level, tuple[int, int]] = {
    Level.OK: (75, 100),
    Level.WATCH: (40, 74),
    Level.CRITICAL: (0, 39),
}
_SEVERITY = {Level.OK: 0, Level.WATCH: 1, Level.CRITICAL: 2}


def _banded(level: Level, quality: float) -> int:
    """Place a quality measure in [0, 1] inside the band of ``level``."""
    low, high = _BANDS[level]
    return round(low + (high - low) * min(max(quality, 0.0), 1.0))


def _worst(levels: Iterable[Level]) -> Level:
    return max(levels, key=_SEVERITY.__getitem__, default=Level.OK)


def _finding(indicator_id: str, code: str, level: Level, **params: Any) -> Finding:
    """Make a finding; ``community_id`` and ``population_id`` locate it, the rest are parameters."""
    community_id = params.pop("community_id", None)
    population_id = params.pop("population_id", None)
    return Finding(
        level=level,
        message=Message(f"indicator.{indicator_id}.{code}", params),
        action=Message(f"indicator.{indicator_id}.{code}.action", params),
        community_id=community_id,
        population_id=population_id,
    )


def _conclude(
    indicator_id: str,
    findings: list[Finding],
    item_scores: list[int],
    ok_params: dict[str, object] | None = None,
) -> Indicator:
    """Build the indicator from its findings: the worst one gives the level, reason and action.

    The score is the mean of the items' scores, kept inside the band of the indicator's level.
    """
    level = _worst(f.level for f in findings)
    low, high = _BANDS[level]
    mean = sum(item_scores) / len(item_scores) if item_scores else high
    score = round(min(max(mean, low), high))
    worst = [f for f in findings if f.level is level and level is not Level.OK]
    if not worst:
        params = ok_params or {}
        return Indicator(
            id=indicator_id,
            level=Level.OK,
            score=score,
            reason=Message(f"indicator.{indicator_id}.ok", params),
            action=Message(f"indicator.{indicator_id}.ok.action", params),
            findings=tuple(findings),
        )
    first = worst[0]
    reason = first.message
    action = first.action or Message(f"indicator.{indicator_id}.ok.action")
    if len(worst) == 2:
        reason = Message("indicator.and_one_more", {"first": reason})
    elif len(worst) > 2:
        reason = Message("indicator.and_more", {"first": reason, "count": len(worst) - 1})
    return Indicator(indicator_id, level, score, reason, action, tuple(findings))


def _days_after(day: date, days: int) -> date:
    return day + timedelta(days=days)


# --- the eight indicators -------------------------------------------------------------------


def launch_duration(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether the launch period, from official launch to its end, lasts a few months."""
    key = "launch_duration"
    if plan.launch_date is None or plan.end_date is None:
        missing = (
            "launch_and_end"
            if plan.launch_date is None and plan.end_date is None
            else ("launch" if plan.launch_date is None else "end")
        )
        finding = _finding(
            key, f"missing_{missing}", Level.CRITICAL, ok_weeks=thresholds.launch_ok_weeks
        )
        return _conclude(key, [finding], [0])
    weeks = (plan.end_date - plan.launch_date).days / 7
    quality = weeks / thresholds.launch_ok_weeks
    params: dict[str, object] = {
        "weeks": round(weeks),
        "ok_weeks": thresholds.launch_ok_weeks,
        "critical_weeks": thresholds.launch_critical_weeks,
        "end": plan.end_date,
    }
    if weeks < thresholds.launch_critical_weeks:
        level, code = Level.CRITICAL, "too_short"
        quality = weeks / thresholds.launch_critical_weeks
    elif weeks < thresholds.launch_ok_weeks:
        level, code = Level.WATCH, "short"
        quality = (weeks - thresholds.launch_critical_weeks) / max(
            thresholds.launch_ok_weeks - thresholds.launch_critical_weeks, 1
        )
    else:
        return _conclude(key, [], [_banded(Level.OK, quality)], params)
    return _conclude(key, [_finding(key, code, level, **params)], [_banded(level, quality)])


def target_populations(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether every community targets precise populations, invited in dated waves."""
    key = "target_populations"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", Level.CRITICAL)], [0])
    findings: list[Finding] = []
    scores: list[int] = []
    waves: set[date] = set()
    for community in plan.communities:
        if not community.populations:
            findings.append(
                _finding(
                    key,
                    "no_population",
                    Level.CRITICAL,
                    community_id=community.id,
                    community=community.name,
                )
            )
            scores.append(0)
            continue
        complete = 0
        for population in community.populations:
            where = {
                "community_id": community.id,
                "population_id": population.id,
                "community": community.name,
                "population": population.name,
            }
            gaps = []
            if not population.criteria:
                gaps.append("criteria")
            if population.headcount is None:
                gaps.append("headcount")
            if population.wave_date is None:
                gaps.append("wave_date")
            else:
                waves.add(population.wave_date)
            if gaps:
                for gap in gaps:
                    findings.append(_finding(key, f"missing_{gap}", Level.WATCH, **where))
                continue
            wave = population.wave_date
            assert wave is not None
            if plan.end_date is not None and wave > plan.end_date:
                findings.append(
                    _finding(
                        key, "wave_after_end", Level.WATCH, wave=wave, end=plan.end_date, **where
                    )
                )
            elif plan.start_date is not None and wave < plan.start_date:
                findings.append(
                    _finding(
                        key,
                        "wave_before_start",
                        Level.WATCH,
                        wave=wave,
                        start=plan.start_date,
                        **where,
                    )
                )
            else:
                complete += 1
        share = complete / len(community.populations)
        scores.append(_banded(Level.OK if share == 1 else Level.WATCH, share))
    populations = sum(len(c.populations) for c in plan.communities)
    return _conclude(key, findings, scores, {"populations": populations, "waves": len(waves)})


def totem_subject(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether each community has a totem subject, measurable objectives and benefits."""
    key = "totem_subject"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", Level.CRITICAL)], [0])
    findings: list[Finding] = []
    scores: list[int] = []
    for community in plan.communities:
        where = {"community_id": community.id, "community": community.name}
        measurable = sum(1 for o in community.objectives if o.is_measurable)
        objectives = len(community.objectives)
        quality = (
            0.4 * bool(community.totem_subject)
            + 0.3
            * ((measurable + 0.5 * (objectives - measurable)) / objectives if objectives else 0)
            + 0.3 * bool(community.benefits)
        )
        before = len(findings)
        if not community.totem_subject:
            findings.append(_finding(key, "no_subject", Level.CRITICAL, **where))
        if not objectives:
            findings.append(_finding(key, "no_objectives", Level.CRITICAL, **where))
        elif measurable < objectives:
            findings.append(
                _finding(
                    key,
                    "vague_objectives",
                    Level.WATCH,
                    vague=objectives - measurable,
                    **where,
                )
            )
        if not community.benefits:
            findings.append(_finding(key, "no_benefits", Level.WATCH, **where))
        level = _worst(f.level for f in findings[before:])
        scores.append(_banded(level, quality))
    return _conclude(key, findings, scores, {"communities": len(plan.communities)})


def _sponsor_window(plan: Plan) -> tuple[date, date] | None:
    """The span over which sponsor and animation activity is judged: launch to end of period."""
    if plan.launch_date is None:
        return None
    end = plan.end_date or _days_after(plan.launch_date, max(plan.timing.review_days, default=90))
    return plan.launch_date, max(end, plan.launch_date)


def sponsor_support(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge how visible and sustained the sponsors' support is over the launch period."""
    key = "sponsor_support"
    if not plan.sponsors:
        return _conclude(key, [_finding(key, "no_sponsor", Level.CRITICAL)], [0])
    all_days = [action.date for sponsor in plan.sponsors for action in sponsor.actions]
    if not all_days:
        return _conclude(key, [_finding(key, "no_action", Level.CRITICAL)], [10])
    window = _sponsor_window(plan)
    if window is None:
        finding = _finding(key, "no_launch_date", Level.WATCH, actions=len(all_days))
        return _conclude(key, [finding], [_banded(Level.WATCH, 0.5)])
    start, end = window
    findings: list[Finding] = []
    kickoff = any(
        action.kind is SponsorActionKind.KICKOFF_MESSAGE
        and abs((action.date - start).days) <= thresholds.kickoff_window_days
        for sponsor in plan.sponsors
        for action in sponsor.actions
    )
    if not kickoff:
        findings.append(
            _finding(
                key, "no_kickoff", Level.WATCH, launch=start, days=thresholds.kickoff_window_days
            )
        )
    longest = max((gap.days for gap in activity_gaps(all_days, start, end)), default=0)
    gap_params = {"days": longest, "limit": thresholds.sponsor_gap_watch_days}
    if longest > thresholds.sponsor_gap_critical_days:
        findings.append(_finding(key, "long_silence", Level.CRITICAL, **gap_params))
    elif longest > thresholds.sponsor_gap_watch_days:
        findings.append(_finding(key, "silence", Level.WATCH, **gap_params))
    for sponsor in plan.sponsors:
        days = [action.date for action in sponsor.actions]
        own = max((gap.days for gap in activity_gaps(days, start, end)), default=0)
        if own > thresholds.sponsor_gap_critical_days:
            findings.append(
                _finding(key, "sponsor_silent", Level.WATCH, sponsor=sponsor.name, days=own)
            )
    level = _worst(f.level for f in findings)
    quality = 1 - longest / (2 * thresholds.sponsor_gap_critical_days) - 0.2 * (not kickoff)
    return _conclude(key, findings, [_banded(level, quality)], {"actions": len(all_days)})


def core_team(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether a named, announced core team gives the time the launch needs."""
    key = "core_team"
    findings: list[Finding] = []
    roles = {member.role for member in plan.core_team}
    for role in (CoreRole.COMMUNITY_MANAGER, CoreRole.IT_ADMIN):
        if role not in roles:
            findings.append(
                _finding(key, "missing_role", Level.CRITICAL, role=Message(f"role.{role}"))
            )
    hours: dict[CoreRole, list[float]] = {}
    checks = passed = 0
    deadline = (
        _days_after(plan.launch_date, -thresholds.announce_days_before_launch)
        if plan.launch_date
        else None
    )
    for member in plan.core_team:
        who = {
            "person": member.person or Message(f"role.{member.role}"),
            "role": Message(f"role.{member.role}"),
        }
        checks += 3
        if not member.person:
            findings.append(_finding(key, "unnamed", Level.WATCH, **who))
        else:
            passed += 1
        if member.announced_on is None:
            findings.append(_finding(key, "not_announced", Level.WATCH, **who))
        elif deadline is not None and member.announced_on > deadline:
            findings.append(
                _finding(
                    key,
                    "announced_late",
                    Level.WATCH,
                    day=member.announced_on,
                    deadline=deadline,
                    **who,
                )
            )
        else:
            passed += 1
        if member.hours_before is None or member.hours_after is None:
            findings.append(_finding(key, "hours_unknown", Level.WATCH, **who))
        else:
            passed += 1
            totals = hours.setdefault(member.role, [0.0, 0.0])
            totals[0] += member.hours_before
            totals[1] += member.hours_after
    for role, (before, after) in hours.items():
        wanted = thresholds.role_hours.get(role)
        if wanted is None:
            continue
        checks += 1
        ratio = thresholds.hours_watch_ratio
        if before < ratio * wanted.before or after < ratio * wanted.after:
            findings.append(
                _finding(
                    key,
                    "understaffed",
                    Level.WATCH,
                    role=Message(f"role.{role}"),
                    before=before,
                    after=after,
                    wanted_before=wanted.before,
                    wanted_after=wanted.after,
                )
            )
        else:
            passed += 1
    level = _worst(f.level for f in findings)
    quality = passed / checks if checks else 0.0
    return _conclude(key, findings, [_banded(level, quality)], {"members": len(plan.core_team)})


def _coverage_level(coverage: float, floor: float, goal: float) -> Level:
    if coverage < floor:
        return Level.CRITICAL
    return Level.WATCH if coverage < goal else Level.OK


def ambassadors(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge ambassador coverage per population against the chosen rule, and their training."""
    key = "ambassadors"
    floor, goal = thresholds.ambassador_band()
    findings: list[Finding] = []
    scores: list[int] = []
    total = 0
    for community in plan.communities:
        by_population: dict[str, list[date | None]] = {p.id: [] for p in community.populations}
        for ambassador in community.ambassadors:
            by_population[ambassador.population_id].append(ambassador.training_date)
        total += len(community.ambassadors)
        for population in community.populations:
            trainings = by_population[population.id]
            where = {
                "community_id": community.id,
                "population_id": population.id,
                "community": community.name,
                "population": population.name,
            }
            if population.headcount is None:
                findings.append(_finding(key, "no_headcount", Level.WATCH, **where))
                scores.append(_banded(Level.WATCH, 0.5 if trainings else 0.0))
                continue
            coverage = len(trainings) / population.headcount
            level = _coverage_level(coverage, floor, goal)
            needed = -(-population.headcount * goal // 1)
            if level is not Level.OK:
                findings.append(
                    _finding(
                        key,
                        "none" if not trainings else "low_coverage",
                        level,
                        count=len(trainings),
                        coverage=Percent(coverage),
                        goal=Percent(goal),
                        needed=int(needed),
                        **where,
                    )
                )
            worst = level
            wave = population.wave_date
            if trainings and wave is not None:
                untrained = sum(1 for day in trainings if day is None)
                late = sum(1 for day in trainings if day is not None and day >= wave)
                tight = sum(
                    1
                    for day in trainings
                    if day is not None
                    and day < wave
                    and (wave - day).days < thresholds.early_access_days
                )
                if late:
                    findings.append(
                        _finding(
                            key,
                            "trained_after_wave",
                            Level.CRITICAL,
                            count=late,
                            wave=wave,
                            **where,
                        )
                    )
                    worst = Level.CRITICAL
                if tight:
                    findings.append(
                        _finding(
                            key,
                            "trained_late",
                            Level.WATCH,
                            count=tight,
                            days=thresholds.early_access_days,
                            **where,
                        )
                    )
                    worst = _worst([worst, Level.WATCH])
                if untrained:
                    findings.append(
                        _finding(key, "training_unplanned", Level.WATCH, count=untrained, **where)
                    )
                    worst = _worst([worst, Level.WATCH])
            scores.append(_banded(worst, min(coverage / goal, 1.0)))
    if not scores:
        return _conclude(key, [_finding(key, "no_population", Level.CRITICAL)], [0])
    return _conclude(key, findings, scores, {"count": total, "goal": Percent(goal)})


def resistance(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge the brakes on adoption rated per population, with an action for the strongest."""
    key = "resistance"
    findings: list[Finding] = []
    scores: list[int] = []
    for community, population in plan.all_populations():
        where = {
            "community_id": community.id,
            "population_id": population.id,
            "community": community.name,
            "population": population.name,
        }
        ratings = population.resistance.ratings()
        rated = {factor: value for factor, value in ratings.items() if value is not None}
        if not rated:
            findings.append(_finding(key, "unrated", Level.WATCH, **where))
            scores.append(_banded(Level.WATCH, 0.5))
            continue
        mean = sum(rated.values()) / len(rated)
        strongest = max(
            rated, key=lambda factor: (rated[factor], -list(ResistanceFactor).index(factor))
        )
        if mean >= thresholds.resistance_critical:
            level = Level.CRITICAL
        elif mean >= thresholds.resistance_watch or rated[strongest] == 3:
            level = Level.WATCH
        else:
            level = Level.OK
        if level is not Level.OK:
            findings.append(
                Finding(
                    level=level,
                    message=Message(
                        f"indicator.{key}.high",
                        {
                            **where,
                            "mean": round(mean, 1),
                            "factor": Message(f"factor.{strongest}"),
                            "rating": rated[strongest],
                        },
                    ),
                    action=Message(f"indicator.{key}.factor.{strongest}.action", where),
                    community_id=community.id,
                    population_id=population.id,
                )
            )
        if len(rated) < len(ratings):
            findings.append(
                _finding(
                    key, "partly_rated", Level.WATCH, missing=len(ratings) - len(rated), **where
                )
            )
            level = _worst([level, Level.WATCH])
        scores.append(_banded(level, 1 - mean / 3))
    if not scores:
        return _conclude(
            key, [_finding(key, "no_population", Level.WATCH)], [_banded(Level.WATCH, 0)]
        )
    return _conclude(key, findings, scores, {"populations": len(scores)})


def _ritual_days(plan: Plan, window: tuple[date, date]) -> dict[str, list[date]]:
    start, end = window
    days: dict[str, list[date]] = {}
    for community in plan.communities:
        dates = days.setdefault(community.id, [])
        for ritual in community.rituals:
            first = ritual.start_date or start
            last = min(ritual.end_date or end, end)
            step = timedelta(days=ritual.cadence.days)
            day = first
            # Skip ahead to the window without walking through every earlier occurrence.
            if day < start:
                day += step * (-(-(start - day).days // ritual.cadence.days))
            while day <= last:
                dates.append(day)
                day += step
    return days


def momentum(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Find, per community, the longest stretch after launch with no animation or sponsor action."""
    key = "momentum"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", Level.CRITICAL)], [0])
    window = _sponsor_window(plan)
    if window is None:
        return _conclude(
            key, [_finding(key, "no_launch_date", Level.WATCH)], [_banded(Level.WATCH, 0)]
        )
    start, end = window
    rituals = _ritual_days(plan, window)
    shared: list[date] = []
    targeted: dict[str, list[date]] = {}
    for sponsor in plan.sponsors:
        for action in sponsor.actions:
            if action.community_id is None:
                shared.append(action.date)
            else:
                targeted.setdefault(action.community_id, []).append(action.date)
    findings: list[Finding] = []
    scores: list[int] = []
    for community in plan.communities:
        where = {"community_id": community.id, "community": community.name}
        if not community.rituals:
            findings.append(_finding(key, "no_ritual", Level.CRITICAL, **where))
        days = rituals[community.id] + shared + targeted.get(community.id, [])
        gaps = activity_gaps(days, start, end)
        longest = max(gaps, key=lambda gap: gap.days, default=None)
        length = longest.days if longest else 0
        if longest is not None and length > thresholds.momentum_critical_days:
            level = Level.CRITICAL
        elif longest is not None and length > thresholds.momentum_ok_days:
            level = Level.WATCH
        else:
            level = Level.OK
        if longest is not None and level is not Level.OK:
            findings.append(
                _finding(
                    key,
                    "gap",
                    level,
                    days=length,
                    start=longest.start,
                    end=longest.end,
                    **where,
                )
            )
        if not community.rituals:
            level = Level.CRITICAL
        quality = thresholds.momentum_ok_days / length if length else 1.0
        scores.append(_banded(level, quality))
    return _conclude(key, findings, scores, {"days": thresholds.momentum_ok_days})


_INDICATORS = {
    "launch_duration": launch_duration,
    "target_populations": target_populations,
    "totem_subject": totem_subject,
    "sponsor_support": sponsor_support,
    "core_team": core_team,
    "ambassadors": ambassadors,
    "resistance": resistance,
    "momentum": momentum,
}


def assess(plan: Plan, thresholds: Thresholds | None = None) -> Assessment:
    """Assess every prerequisite of ``plan``; ``thresholds`` overrides the plan's own.

    The overall score is the mean of the eight scores; the overall level is the worst level, for
    a launch is only as ready as its weakest prerequisite.
    """
    limits = thresholds or plan.thresholds
    indicators = tuple(_INDICATORS[key](plan, limits) for key in INDICATOR_IDS)
    score = round(sum(i.score for i in indicators) / len(indicators))
    return Assessment(indicators, score, _worst(i.level for i in indicators))
