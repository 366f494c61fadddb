"""Readiness and risk indicators, one per launch prerequisite, plus resistance and momentum.

``assess(plan)`` is pure: it reads the plan and returns an ``Assessment``.
"""

from __future__ import annotations

import math
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


# Module-level aliases: reading an Enum member through its class costs several times more than
# a global, and the indicators test levels in loops over thousands of populations.
_OK, _WATCH, _CRITICAL = Level.OK, Level.WATCH, Level.CRITICAL


@dataclass(slots=True)  # a value object; not frozen for speed, as Message in planner.i18n
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


def longest_gap(days: Iterable[date], start: date, end: date) -> Gap | None:
    """Return the longest stretch of ``start``–``end`` with no activity (the earliest on a tie).

    The same answer as the longest of ``activity_gaps``, without building every gap.
    """
    first, last = start.toordinal(), end.toordinal()
    length, begin = _longest_silence({d.toordinal() for d in days}, first, last)
    if length == 0:
        return None
    return Gap(date.fromordinal(begin), date.fromordinal(begin + length - 1))


def _longest_silence(days: set[int], first: int, last: int) -> tuple[int, int]:
    """Length and first day of the longest run of day numbers in ``first..last`` not in ``days``.

    Works on day numbers because momentum asks it once per community.
    """
    best_length, best_start = 0, first
    cursor = first
    for day in sorted(days):
        if day < first:
            continue
        if day > last:
            break
        if day - cursor > best_length:
            best_length, best_start = day - cursor, cursor
        cursor = day + 1
    if last + 1 - cursor > best_length:
        best_length, best_start = last + 1 - cursor, cursor
    return best_length, best_start


# --- scoring --------------------------------------------------------------------------------
#
# A level sets a band of scores and the measure places the score inside it, so a score never
# contradicts its level: ok is 75–100, watch 40–74, critical 0–39.
_BANDS: dict[str, tuple[int, int]] = {
    "ok": (75, 100),
    "watch": (40, 74),
    "critical": (0, 39),
}


def _banded(level: Level, quality: float) -> int:
    """Place a quality measure in [0, 1] inside the band of ``level``."""
    # Keyed by the plain string: an Enum member hashes through Python code, a str does not.
    low, high = _BANDS[str.__str__(level)]
    return round(low + (high - low) * (0.0 if quality < 0 else 1.0 if quality > 1 else quality))


def _worst(levels: Iterable[Level]) -> Level:
    worst = _OK
    for level in levels:
        if level is _CRITICAL:
            return level
        if level is _WATCH:
            worst = level
    return worst


def _finding(indicator_id: str, code: str, level: Level, **params: Any) -> Finding:
    """Make a finding; ``community_id`` and ``population_id`` locate it, the rest are parameters."""
    community_id = params.pop("community_id", None)
    population_id = params.pop("population_id", None)
    message_id = f"indicator.{indicator_id}.{code}"
    # Positional arguments: thousands of findings on a large plan, and keywords cost more.
    return Finding(
        level,
        Message(message_id, params),
        Message(message_id + ".action", params),
        community_id,
        population_id,
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
    low, high = _BANDS[str.__str__(level)]
    mean = sum(item_scores) / len(item_scores) if item_scores else high
    score = round(min(max(mean, low), high))
    worst = [f for f in findings if f.level is level and level is not _OK]
    if not worst:
        params = ok_params or {}
        return Indicator(
            id=indicator_id,
            level=_OK,
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
            key, f"missing_{missing}", _CRITICAL, ok_weeks=thresholds.launch_ok_weeks
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
        level, code = _CRITICAL, "too_short"
        quality = weeks / thresholds.launch_critical_weeks
    elif weeks < thresholds.launch_ok_weeks:
        level, code = _WATCH, "short"
        quality = (weeks - thresholds.launch_critical_weeks) / max(
            thresholds.launch_ok_weeks - thresholds.launch_critical_weeks, 1
        )
    else:
        return _conclude(key, [], [_banded(_OK, quality)], params)
    return _conclude(key, [_finding(key, code, level, **params)], [_banded(level, quality)])


def target_populations(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether every community targets precise populations, invited in dated waves."""
    key = "target_populations"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", _CRITICAL)], [0])
    findings: list[Finding] = []
    scores: list[int] = []
    waves: set[date] = set()
    for community in plan.communities:
        if not community.populations:
            findings.append(
                _finding(
                    key,
                    "no_population",
                    _CRITICAL,
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
                    findings.append(_finding(key, f"missing_{gap}", _WATCH, **where))
                continue
            wave = population.wave_date
            assert wave is not None
            if plan.end_date is not None and wave > plan.end_date:
                findings.append(
                    _finding(key, "wave_after_end", _WATCH, wave=wave, end=plan.end_date, **where)
                )
            elif plan.start_date is not None and wave < plan.start_date:
                findings.append(
                    _finding(
                        key,
                        "wave_before_start",
                        _WATCH,
                        wave=wave,
                        start=plan.start_date,
                        **where,
                    )
                )
            else:
                complete += 1
        share = complete / len(community.populations)
        scores.append(_banded(_OK if share == 1 else _WATCH, share))
    populations = sum(len(c.populations) for c in plan.communities)
    return _conclude(key, findings, scores, {"populations": populations, "waves": len(waves)})


def totem_subject(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge whether each community has a totem subject, measurable objectives and benefits."""
    key = "totem_subject"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", _CRITICAL)], [0])
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
            findings.append(_finding(key, "no_subject", _CRITICAL, **where))
        if not objectives:
            findings.append(_finding(key, "no_objectives", _CRITICAL, **where))
        elif measurable < objectives:
            findings.append(
                _finding(
                    key,
                    "vague_objectives",
                    _WATCH,
                    vague=objectives - measurable,
                    **where,
                )
            )
        if not community.benefits:
            findings.append(_finding(key, "no_benefits", _WATCH, **where))
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
        return _conclude(key, [_finding(key, "no_sponsor", _CRITICAL)], [0])
    all_days = [action.date for sponsor in plan.sponsors for action in sponsor.actions]
    if not all_days:
        return _conclude(key, [_finding(key, "no_action", _CRITICAL)], [10])
    window = _sponsor_window(plan)
    if window is None:
        finding = _finding(key, "no_launch_date", _WATCH)
        return _conclude(key, [finding], [_banded(_WATCH, 0.5)])
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
            _finding(key, "no_kickoff", _WATCH, launch=start, days=thresholds.kickoff_window_days)
        )
    silence = longest_gap(all_days, start, end)
    longest = silence.days if silence else 0
    gap_params = {"days": longest, "limit": thresholds.sponsor_gap_watch_days}
    if longest > thresholds.sponsor_gap_critical_days:
        findings.append(_finding(key, "long_silence", _CRITICAL, **gap_params))
    elif longest > thresholds.sponsor_gap_watch_days:
        findings.append(_finding(key, "silence", _WATCH, **gap_params))
    for sponsor in plan.sponsors:
        days = [action.date for action in sponsor.actions]
        own_gap = longest_gap(days, start, end)
        own = own_gap.days if own_gap else 0
        if own > thresholds.sponsor_gap_critical_days:
            findings.append(_finding(key, "sponsor_silent", _WATCH, sponsor=sponsor.name, days=own))
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
            findings.append(_finding(key, "missing_role", _CRITICAL, role=Message(f"role.{role}")))
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
            findings.append(_finding(key, "unnamed", _WATCH, **who))
        else:
            passed += 1
        if member.announced_on is None:
            findings.append(_finding(key, "not_announced", _WATCH, **who))
        elif deadline is not None and member.announced_on > deadline:
            findings.append(
                _finding(
                    key,
                    "announced_late",
                    _WATCH,
                    day=member.announced_on,
                    deadline=deadline,
                    **who,
                )
            )
        else:
            passed += 1
        if member.hours_before is None or member.hours_after is None:
            findings.append(_finding(key, "hours_unknown", _WATCH, **who))
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
                    _WATCH,
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


def ambassadors(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge ambassador coverage per population against the chosen rule, and their training."""
    key = "ambassadors"
    floor, goal = thresholds.ambassador_band()
    early_access = thresholds.early_access_days
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
            # Locates and names every finding of this population.
            where = {
                "community_id": community.id,
                "population_id": population.id,
                "community": community.name,
                "population": population.name,
            }
            headcount = population.headcount
            if headcount is None:
                findings.append(_finding(key, "no_headcount", _WATCH, **where))
                scores.append(_banded(_WATCH, 0.5 if trainings else 0.0))
                continue
            count = len(trainings)
            coverage = count / headcount
            worst = _CRITICAL if coverage < floor else _WATCH if coverage < goal else _OK
            if worst is not _OK:
                findings.append(
                    _finding(
                        key,
                        "low_coverage" if count else "none",
                        worst,
                        count=count,
                        coverage=Percent(coverage),
                        goal=Percent(goal),
                        needed=math.ceil(headcount * goal),
                        headcount=headcount,
                        **where,
                    )
                )
            wave = population.wave_date
            if count and wave is not None:
                untrained = late = tight = 0
                for day in trainings:
                    if day is None:
                        untrained += 1
                    elif day >= wave:
                        late += 1
                    elif (wave - day).days < early_access:
                        tight += 1
                if late:
                    findings.append(
                        _finding(
                            key, "trained_after_wave", _CRITICAL, count=late, wave=wave, **where
                        )
                    )
                    worst = _CRITICAL
                if tight:
                    findings.append(
                        _finding(
                            key, "trained_late", _WATCH, count=tight, days=early_access, **where
                        )
                    )
                if untrained:
                    findings.append(
                        _finding(key, "training_unplanned", _WATCH, count=untrained, **where)
                    )
                if (tight or untrained) and worst is _OK:
                    worst = _WATCH
            scores.append(_banded(worst, coverage / goal))
    if not scores:
        return _conclude(key, [_finding(key, "no_population", _CRITICAL)], [0])
    return _conclude(key, findings, scores, {"count": total, "goal": Percent(goal)})


_FACTORS: tuple[ResistanceFactor, ...] = tuple(ResistanceFactor)


def resistance(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge the brakes on adoption rated per population, with an action for the strongest."""
    key = "resistance"
    findings: list[Finding] = []
    scores: list[int] = []
    watch, critical = thresholds.resistance_watch, thresholds.resistance_critical
    for community in plan.communities:
        for population in community.populations:
            where = {
                "community_id": community.id,
                "population_id": population.id,
                "community": community.name,
                "population": population.name,
            }
            ratings = population.resistance
            # Spelled out, in the order of ResistanceFactor: six getattr calls cost twice as much.
            values = (
                ratings.market_pressure,
                ratings.workload,
                ratings.diverging_priorities,
                ratings.process_distrust,
                ratings.tool_reluctance,
                ratings.email_overlap,
            )
            rated = [value for value in values if value is not None]
            if not rated:
                findings.append(_finding(key, "unrated", _WATCH, **where))
                scores.append(_banded(_WATCH, 0.5))
                continue
            mean = sum(rated) / len(rated)
            top = max(rated)
            if mean >= critical:
                level = _CRITICAL
            elif mean >= watch or top == 3:
                level = _WATCH
            else:
                level = _OK
            if level is not _OK:
                # The first factor at the top rating, in canonical order, names the action.
                strongest = _FACTORS[values.index(top)]
                findings.append(
                    Finding(
                        level=level,
                        message=Message(
                            f"indicator.{key}.{'high' if mean >= watch else 'strong_factor'}",
                            {
                                **where,
                                "mean": round(mean, 1),
                                "factor": Message(f"factor.{strongest.value}"),
                                "rating": top,
                            },
                        ),
                        action=Message(f"indicator.{key}.factor.{strongest.value}.action", where),
                        community_id=community.id,
                        population_id=population.id,
                    )
                )
            if len(rated) < len(values):
                findings.append(
                    _finding(key, "partly_rated", _WATCH, missing=len(values) - len(rated), **where)
                )
                level = _worst([level, _WATCH])
            scores.append(_banded(level, 1 - mean / 3))
    if not scores:
        return _conclude(key, [_finding(key, "no_population", _WATCH)], [_banded(_WATCH, 0)])
    return _conclude(key, findings, scores, {"populations": len(scores)})


def _ritual_days(plan: Plan, first: int, last: int) -> dict[str, set[int]]:
    """Day numbers (ordinals) of every ritual occurrence in the window, per community."""
    days: dict[str, set[int]] = {}
    for community in plan.communities:
        occurrences = days[community.id] = set()
        for ritual in community.rituals:
            step = ritual.cadence.days
            begin = ritual.start_date.toordinal() if ritual.start_date else first
            end = min(ritual.end_date.toordinal(), last) if ritual.end_date else last
            if begin < first:
                # Skip to the first occurrence inside the window.
                begin += step * -(-(first - begin) // step)
            occurrences.update(range(begin, end + 1, step))
    return days


def momentum(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Find, per community, the longest stretch after launch with no animation or sponsor action."""
    key = "momentum"
    if not plan.communities:
        return _conclude(key, [_finding(key, "no_community", _CRITICAL)], [0])
    window = _sponsor_window(plan)
    if window is None:
        return _conclude(key, [_finding(key, "no_launch_date", _WATCH)], [_banded(_WATCH, 0)])
    first, last = window[0].toordinal(), window[1].toordinal()
    rituals = _ritual_days(plan, first, last)
    shared: set[int] = set()
    targeted: dict[str, set[int]] = {}
    for sponsor in plan.sponsors:
        for action in sponsor.actions:
            day = action.date.toordinal()
            if first <= day <= last:
                if action.community_id is None:
                    shared.add(day)
                else:
                    targeted.setdefault(action.community_id, set()).add(day)
    findings: list[Finding] = []
    scores: list[int] = []
    nothing: set[int] = set()
    for community in plan.communities:
        if not community.rituals:
            findings.append(
                _finding(
                    key,
                    "no_ritual",
                    _CRITICAL,
                    community_id=community.id,
                    community=community.name,
                )
            )
        days = rituals[community.id] | shared | targeted.get(community.id, nothing)
        length, begin = _longest_silence(days, first, last)
        if length > thresholds.momentum_critical_days:
            level = _CRITICAL
        elif length > thresholds.momentum_ok_days:
            level = _WATCH
        else:
            level = _OK
        if level is not _OK:
            findings.append(
                _finding(
                    key,
                    "gap",
                    level,
                    days=length,
                    start=date.fromordinal(begin),
                    end=date.fromordinal(begin + length - 1),
                    community_id=community.id,
                    community=community.name,
                )
            )
        if not community.rituals:
            level = _CRITICAL
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


#: Plan fields no indicator reads: changing them leaves the assessment as it was (a test checks
#: it on every sample plan), so a cache may leave them out of its key.
NOT_ASSESSED: frozenset[str] = frozenset(
    {"name", "organisation", "platform", "language", "forecast"}
)


def assess(plan: Plan, thresholds: Thresholds | None = None) -> Assessment:
    """Assess every prerequisite of ``plan``; ``thresholds`` overrides the plan's own.

    The overall score is the mean of the eight scores; the overall level is the worst level, for
    a launch is only as ready as its weakest prerequisite.
    """
    limits = thresholds or plan.thresholds
    indicators = tuple(_INDICATORS[key](plan, limits) for key in INDICATOR_IDS)
    score = round(sum(i.score for i in indicators) / len(indicators))
    return Assessment(indicators, score, _worst(i.level for i in indicators))
