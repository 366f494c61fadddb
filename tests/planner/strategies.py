"""Hypothesis strategies that build valid plans of every shape, from bare drafts to full plans.

Everything a draft may leave out is sometimes left out (dates, headcounts, ratings, totem
subjects, whole communities), while every cross-field rule of the model holds: start <= launch
<= end when present, unique ids, ambassadors serving a population of their community, sponsor
actions naming an existing community or none, rituals ending after they start. Wave dates, ritual
dates and sponsor actions may fall anywhere, even outside the launch period: the model allows it.

Sizes stay small (at most four communities) so property tests run fast.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from planner.models import (
    SCHEMA_VERSION,
    AmbassadorPreset,
    Cadence,
    CoreRole,
    ForecastParams,
    Language,
    Plan,
    Platform,
    ResistanceFactor,
    SponsorActionKind,
    Thresholds,
    TimingRules,
)

MAX_COMMUNITIES = 4
_BASE = date(2027, 1, 4)

# Plain letters plus the French characters plans really contain, and spaces that the model
# strips at the ends.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éèàçœ’«»–\u202f\u00a0-"
texts = st.text(alphabet=_ALPHABET, max_size=30)
names = st.text(alphabet=_ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
_ID_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: Ids as the model accepts them (a letter or digit, then letters, digits, '_', '.', '-').
identifiers = st.builds(
    "{}{}".format,
    st.sampled_from(_ID_FIRST),
    st.text(alphabet=_ID_FIRST + "_.-", max_size=11),
)
#: Any day within about two years of the base date, so waves and actions can miss the period.
days = st.integers(min_value=-200, max_value=500).map(lambda offset: _BASE + timedelta(offset))
optional_days = st.none() | days
ratings = st.none() | st.integers(min_value=0, max_value=3)
hours = st.none() | st.floats(min_value=0, max_value=40, allow_nan=False, allow_infinity=False)
targets = st.none() | st.floats(
    min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False
)


@st.composite
def plan_dates(draw: st.DrawFn) -> tuple[date | None, date | None, date | None]:
    """Start, launch and end of the launch period, each possibly missing, always in order."""
    start = draw(days)
    launch = start + timedelta(days=draw(st.integers(min_value=0, max_value=200)))
    end = launch + timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    keep = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
    return (
        start if keep[0] else None,
        launch if keep[1] else None,
        end if keep[2] else None,
    )


@st.composite
def resistances(draw: st.DrawFn) -> dict[str, Any]:
    """Ratings of the six brakes, each 0–3 or left unrated."""
    return {factor.value: draw(ratings) for factor in ResistanceFactor}


@st.composite
def populations(draw: st.DrawFn, population_id: str) -> dict[str, Any]:
    """One target population; headcount, wave date and criteria may be missing."""
    return {
        "id": population_id,
        "name": draw(names),
        "criteria": draw(texts),
        "headcount": draw(st.none() | st.integers(min_value=1, max_value=20_000)),
        "wave_date": draw(optional_days),
        "resistance": draw(resistances()),
    }


@st.composite
def objectives(draw: st.DrawFn) -> dict[str, Any]:
    """An objective, measurable or not."""
    return {
        "indicator": draw(texts),
        "target": draw(targets),
        "unit": draw(st.sampled_from(["", "%", "posts/week", "€"])),
        "due_date": draw(optional_days),
    }


@st.composite
def rituals(draw: st.DrawFn) -> dict[str, Any]:
    """A ritual whose end, when both dates are given, is not before its start."""
    start = draw(optional_days)
    end = draw(optional_days)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return {
        "name": draw(names),
        "cadence": draw(st.sampled_from(Cadence)),
        "start_date": start,
        "end_date": end,
        "owner": draw(texts),
    }


@st.composite
def communities(draw: st.DrawFn, community_id: str) -> dict[str, Any]:
    """A community, from an empty shell to a full one; ambassadors serve its own populations."""
    population_ids = draw(st.lists(identifiers, max_size=4, unique=True))
    ambassador_ids = draw(st.lists(identifiers, max_size=5 if population_ids else 0, unique=True))
    ambassadors = [
        {
            "id": ambassador_id,
            "name": draw(names),
            "population_id": draw(st.sampled_from(population_ids)),
            "hours_per_week": draw(hours),
            "training_date": draw(optional_days),
        }
        for ambassador_id in ambassador_ids
    ]
    return {
        "id": community_id,
        "name": draw(names),
        "totem_subject": draw(st.sampled_from(["", "Zero defects reach a customer"]) | texts),
        "objectives": draw(st.lists(objectives(), max_size=3)),
        "benefits": draw(st.lists(names, max_size=3)),
        "community_manager": draw(texts),
        "populations": [draw(populations(population_id)) for population_id in population_ids],
        "ambassadors": ambassadors,
        "rituals": draw(st.lists(rituals(), max_size=3)),
    }


@st.composite
def core_team_members(draw: st.DrawFn) -> dict[str, Any]:
    """A core-team member; any role, hours and announcement may be missing."""
    return {
        "role": draw(st.sampled_from(CoreRole)),
        "person": draw(texts),
        "hours_before": draw(hours),
        "hours_after": draw(hours),
        "announced_on": draw(optional_days),
    }


@st.composite
def sponsors(draw: st.DrawFn, sponsor_id: str, community_ids: list[str]) -> dict[str, Any]:
    """A sponsor whose actions are for one of ``community_ids`` or for the whole launch."""
    community_choice = (st.none() | st.sampled_from(community_ids)) if community_ids else st.none()
    actions = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "date": days,
                    "kind": st.sampled_from(SponsorActionKind),
                    "description": texts,
                    "community_id": community_choice,
                }
            ),
            max_size=6,
        )
    )
    return {"id": sponsor_id, "name": draw(names), "title": draw(texts), "actions": actions}


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """Thresholds the user could set: the defaults, or other values in their valid order."""
    if draw(st.booleans()):
        return Thresholds()
    critical_weeks = draw(st.integers(min_value=1, max_value=20))
    gap_watch = draw(st.integers(min_value=1, max_value=90))
    momentum_ok = draw(st.integers(min_value=1, max_value=60))
    resistance_watch = draw(st.sampled_from([0.0, 1.0, 1.5, 2.0]))
    floor = draw(st.sampled_from([0.005, 0.01, 0.05]))
    return Thresholds(
        launch_critical_weeks=critical_weeks,
        launch_ok_weeks=critical_weeks + draw(st.integers(min_value=0, max_value=20)),
        ambassador_preset=draw(st.sampled_from(AmbassadorPreset)),
        ambassador_floor=floor,
        ambassador_goal=floor * draw(st.sampled_from([1, 2, 4])),
        early_access_days=draw(st.integers(min_value=0, max_value=14)),
        sponsor_gap_watch_days=gap_watch,
        sponsor_gap_critical_days=gap_watch + draw(st.integers(min_value=0, max_value=90)),
        momentum_ok_days=momentum_ok,
        momentum_critical_days=momentum_ok + draw(st.integers(min_value=0, max_value=60)),
        resistance_watch=resistance_watch,
        resistance_critical=resistance_watch + draw(st.sampled_from([0.0, 0.5, 1.0])),
    )


@st.composite
def timing_rules(draw: st.DrawFn) -> TimingRules:
    """Timing rules: the published offsets, or other windows that open before they close."""
    if draw(st.booleans()):
        return TimingRules()
    recruit_until = draw(st.integers(min_value=0, max_value=120))
    soft_until = draw(st.integers(min_value=0, max_value=30))
    return TimingRules(
        recruit_members_from_days=recruit_until + draw(st.integers(min_value=0, max_value=120)),
        recruit_members_until_days=recruit_until,
        soft_launch_from_days=soft_until + draw(st.integers(min_value=0, max_value=30)),
        soft_launch_until_days=soft_until,
        ambassador_recruit_days=draw(st.integers(min_value=1, max_value=90)),
        ambassador_early_access_days=draw(st.integers(min_value=0, max_value=21)),
        review_days=draw(st.lists(st.integers(min_value=1, max_value=365), max_size=5)),
    )


@st.composite
def forecast_params(draw: st.DrawFn) -> ForecastParams:
    """Forecast parameters: the literature defaults, or any valid override."""
    if draw(st.booleans()):
        return ForecastParams()
    return ForecastParams(
        p=draw(st.sampled_from([0.001, 0.03, 0.2, 1.0])),
        q=draw(st.sampled_from([0.0, 0.38, 1.5, 5.0])),
        period_days=draw(st.sampled_from([1, 7, 14, 31])),
        ceiling=draw(st.sampled_from([0.05, 0.8, 1.0])),
        horizon_weeks=draw(st.integers(min_value=1, max_value=60)),
        adjust=draw(st.booleans()),
        sponsor_effect=draw(st.sampled_from([0.0, 0.3, 0.9])),
        ambassador_effect=draw(st.sampled_from([0.0, 0.3, 0.9])),
        resistance_effect=draw(st.sampled_from([0.0, 0.5, 1.0])),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A valid plan of any shape: a bare draft, a partly filled one or a complete plan."""
    start, launch, end = draw(plan_dates())
    community_ids = draw(st.lists(identifiers, max_size=MAX_COMMUNITIES, unique=True))
    sponsor_ids = draw(st.lists(identifiers, max_size=3, unique=True))
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": draw(names),
        "organisation": draw(texts),
        "platform": draw(st.sampled_from(Platform)),
        "language": draw(st.sampled_from(Language)),
        "start_date": start,
        "launch_date": launch,
        "end_date": end,
        "communities": [draw(communities(community_id)) for community_id in community_ids],
        "core_team": draw(st.lists(core_team_members(), max_size=8)),
        "sponsors": [draw(sponsors(sponsor_id, community_ids)) for sponsor_id in sponsor_ids],
        "thresholds": draw(thresholds()),
        "timing": draw(timing_rules()),
        "forecast": draw(forecast_params()),
    }
    return Plan.model_validate(data)
