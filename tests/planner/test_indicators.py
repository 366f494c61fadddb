"""Indicators: each level of each indicator is reached from a crafted plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from planner import INDICATOR_IDS, Level, Plan, Thresholds, assess
from planner.i18n import LANGUAGES, has_message, render
from planner.indicators import activity_gaps
from tests.planner.conftest import healthy_plan_data

Data = dict[str, Any]


def _community(data: Data) -> Data:
    return data["communities"][0]


def _population(data: Data) -> Data:
    return _community(data)["populations"][0]


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation that sets a dotted path (``communities.0.name``) in plan data."""

    def mutate(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _keep_ambassadors(count: int, training: str | None = "2027-03-05") -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        ambassadors = _community(data)["ambassadors"][:count]
        for ambassador in ambassadors:
            ambassador["training_date"] = training
        _community(data)["ambassadors"] = ambassadors

    return mutate


def _rate_all(value: int | None) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        for factor in _population(data)["resistance"]:
            _population(data)["resistance"][factor] = value

    return mutate


def _sponsor_actions(*days: str) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        data["sponsors"][0]["actions"] = [
            {"date": day, "kind": "kickoff_message" if n == 0 else "post"}
            for n, day in enumerate(days)
        ]

    return mutate


def _both(*mutations: Callable[[Data], None]) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


def _unchanged(data: Data) -> None:
    del data


CASES: list[tuple[str, Level, str, Callable[[Data], None]]] = [
    # launch_duration: weeks from launch to end against 8 (critical) and 13 (ok)
    ("launch_duration", Level.OK, "15 weeks", _unchanged),
    ("launch_duration", Level.WATCH, "10 weeks", _set("end_date", "2027-05-24")),
    ("launch_duration", Level.CRITICAL, "5 weeks", _set("end_date", "2027-04-19")),
    ("launch_duration", Level.CRITICAL, "no end date", _set("end_date", None)),
    # target_populations
    ("target_populations", Level.OK, "complete", _unchanged),
    (
        "target_populations",
        Level.WATCH,
        "no criteria",
        _set("communities.0.populations.0.criteria", ""),
    ),
    (
        "target_populations",
        Level.WATCH,
        "no headcount",
        _set("communities.0.populations.0.headcount", None),
    ),
    (
        "target_populations",
        Level.WATCH,
        "wave after end",
        _set("communities.0.populations.0.wave_date", "2027-08-02"),
    ),
    (
        "target_populations",
        Level.CRITICAL,
        "no population",
        _both(_set("communities.0.populations", []), _set("communities.0.ambassadors", [])),
    ),
    (
        "target_populations",
        Level.CRITICAL,
        "no community",
        _both(_set("communities", []), _sponsor_actions("2027-03-15")),
    ),
    # totem_subject
    ("totem_subject", Level.OK, "complete", _unchanged),
    (
        "totem_subject",
        Level.WATCH,
        "objective without target",
        _set("communities.0.objectives.0.target", None),
    ),
    ("totem_subject", Level.WATCH, "no benefits", _set("communities.0.benefits", [])),
    ("totem_subject", Level.CRITICAL, "no subject", _set("communities.0.totem_subject", "")),
    ("totem_subject", Level.CRITICAL, "no objectives", _set("communities.0.objectives", [])),
    # sponsor_support: kick-off at launch, then silences measured against 30 / 60 days
    ("sponsor_support", Level.OK, "every 3 weeks", _unchanged),
    (
        "sponsor_support",
        Level.WATCH,
        "no kick-off",
        _sponsor_actions("2027-04-01", "2027-04-22", "2027-05-13", "2027-06-03", "2027-06-24"),
    ),
    (
        "sponsor_support",
        Level.WATCH,
        "45-day silence",
        _sponsor_actions("2027-03-15", "2027-04-05", "2027-05-20", "2027-06-10", "2027-07-01"),
    ),
    ("sponsor_support", Level.CRITICAL, "silent for months", _sponsor_actions("2027-03-15")),
    ("sponsor_support", Level.CRITICAL, "no sponsor", _set("sponsors", [])),
    # core_team
    ("core_team", Level.OK, "complete", _unchanged),
    ("core_team", Level.WATCH, "not announced", _set("core_team.1.announced_on", None)),
    (
        "core_team",
        Level.WATCH,
        "announced the week of launch",
        _set("core_team.0.announced_on", "2027-03-10"),
    ),
    ("core_team", Level.WATCH, "community manager at 5 h", _set("core_team.0.hours_before", 5)),
    ("core_team", Level.CRITICAL, "no IT admin", lambda d: d["core_team"].pop(1)),
    # ambassadors: 200 people, goal 1 per 40 (5), floor 1 per 100 (2)
    ("ambassadors", Level.OK, "5 for 200", _unchanged),
    ("ambassadors", Level.WATCH, "3 for 200", _keep_ambassadors(3)),
    (
        "ambassadors",
        Level.WATCH,
        "trained 3 days before the wave",
        _keep_ambassadors(5, "2027-03-12"),
    ),
    ("ambassadors", Level.CRITICAL, "1 for 200", _keep_ambassadors(1)),
    ("ambassadors", Level.CRITICAL, "trained after the wave", _keep_ambassadors(5, "2027-03-20")),
    # resistance: mean rating against 1.5 (watch) and 2.2 (critical)
    ("resistance", Level.OK, "all at 1", _unchanged),
    ("resistance", Level.WATCH, "all at 2", _rate_all(2)),
    ("resistance", Level.WATCH, "unrated", _rate_all(None)),
    (
        "resistance",
        Level.WATCH,
        "one factor at 3",
        _set("communities.0.populations.0.resistance.email_overlap", 3),
    ),
    ("resistance", Level.CRITICAL, "all at 3", _rate_all(3)),
    # momentum: longest gap after launch against 14 / 28 days
    ("momentum", Level.OK, "weekly ritual", _unchanged),
    (
        "momentum",
        Level.WATCH,
        "monthly ritual, sponsor every 3 weeks",
        _set("communities.0.rituals.0.cadence", "monthly"),
    ),
    (
        "momentum",
        Level.CRITICAL,
        "quarterly ritual, one sponsor action",
        _both(_set("communities.0.rituals.0.cadence", "quarterly"), _sponsor_actions("2027-03-15")),
    ),
    ("momentum", Level.CRITICAL, "no ritual", _set("communities.0.rituals", [])),
]


@pytest.mark.parametrize(
    ("indicator_id", "level", "mutate"),
    [pytest.param(i, lv, m, id=f"{i}-{lv}-{label}") for i, lv, label, m in CASES],
)
def test_crafted_plan_reaches_level(
    healthy_data: Data, indicator_id: str, level: Level, mutate: Callable[[Data], None]
) -> None:
    """Test that each crafted plan puts the indicator at the expected level, score in its band."""
    mutate(healthy_data)
    indicator = assess(Plan.model_validate(healthy_data)).indicator(indicator_id)
    assert indicator.level is level, [render(f.message, "en") for f in indicator.findings]
    band = {Level.OK: (75, 100), Level.WATCH: (40, 74), Level.CRITICAL: (0, 39)}[level]
    assert band[0] <= indicator.score <= band[1]


def test_every_level_of_every_indicator_is_covered() -> None:
    """Test that the table above reaches all three levels of all eight indicators."""
    reached = {(indicator_id, level) for indicator_id, level, _, _ in CASES}
    assert reached == {(i, lv) for i in INDICATOR_IDS for lv in Level}


def test_healthy_plan_is_ok_everywhere(healthy_data: Data) -> None:
    """Test that the base plan is ok on all indicators, so each case isolates its cause."""
    assessment = assess(Plan.model_validate(healthy_data))
    assert [i.level for i in assessment.indicators] == [Level.OK] * 8
    assert assessment.level is Level.OK
    assert 75 <= assessment.score <= 100


def test_reason_names_the_population_concerned(healthy_data: Data) -> None:
    """Test that a coverage reason names the population and its community, in both languages."""
    _keep_ambassadors(1)(healthy_data)
    indicator = assess(Plan.model_validate(healthy_data)).indicator("ambassadors")
    english = render(indicator.reason, "en")
    assert english == (
        "Line leads (Quality circle): ambassadors cover 0.5% of the headcount (1 for 200); "
        "the rule asks for 2.5%."
    )
    assert render(indicator.reason, "fr") == (
        "Line leads (Quality circle)\u00a0: les ambassadeurs couvrent 0,5\u00a0% de l’effectif "
        "(1 pour 200)\u202f; la règle demande 2,5\u00a0%."
    )
    assert (
        render(indicator.action, "en") == "Recruit ambassadors in Line leads until they number 5."
    )


def test_resistance_action_answers_the_strongest_factor(healthy_data: Data) -> None:
    """Test that the recommended action targets the strongest brake of the population."""
    _rate_all(2)(healthy_data)
    _set("communities.0.populations.0.resistance.workload", 3)(healthy_data)
    indicator = assess(Plan.model_validate(healthy_data)).indicator("resistance")
    assert "Workload rated 3" in render(indicator.reason, "en")
    assert render(indicator.action, "en").startswith("Agree with the managers of Line leads")


def test_momentum_reason_gives_the_longest_gap(healthy_data: Data) -> None:
    """Test that momentum reports the longest silent stretch with its dates."""
    _set("communities.0.rituals", [{"name": "Review", "cadence": "monthly"}])(healthy_data)
    _sponsor_actions("2027-03-15")(healthy_data)
    indicator = assess(Plan.model_validate(healthy_data)).indicator("momentum")
    assert indicator.level is Level.CRITICAL
    gap = indicator.findings[0].message
    assert gap.params["days"] == 29
    assert gap.params["start"] == date(2027, 3, 16)


def test_several_problems_are_summarised_in_one_reason(healthy_data: Data) -> None:
    """Test that the reason names the first worst case and counts the others."""
    community = _community(healthy_data)
    for n in range(3):
        healthy_data["communities"].append(
            {**community, "id": f"c{n}", "name": f"Community {n}", "totem_subject": ""}
        )
    healthy_data["communities"][0]["totem_subject"] = ""
    indicator = assess(Plan.model_validate(healthy_data)).indicator("totem_subject")
    assert render(indicator.reason, "en") == (
        "Quality circle has no totem subject. 3 more are in the same case."
    )


def test_thresholds_argument_overrides_the_plan(healthy_data: Data) -> None:
    """Test that thresholds given to assess replace the plan's own."""
    plan = Plan.model_validate(healthy_data)
    strict = Thresholds(launch_critical_weeks=20, launch_ok_weeks=26)
    assert assess(plan).indicator("launch_duration").level is Level.OK
    assert assess(plan, strict).indicator("launch_duration").level is Level.CRITICAL


def test_ambassador_presets_change_the_verdict(healthy_data: Data) -> None:
    """Test that the Workplace 10–20 % rule finds 5 ambassadors for 200 people far too few."""
    healthy_data["thresholds"] = {"ambassador_preset": "ten_to_twenty_percent"}
    indicator = assess(Plan.model_validate(healthy_data)).indicator("ambassadors")
    assert indicator.level is Level.CRITICAL
    healthy_data["thresholds"] = {"ambassador_preset": "one_percent"}
    assert assess(Plan.model_validate(healthy_data)).indicator("ambassadors").level is Level.OK


def test_overall_level_is_the_weakest_prerequisite(healthy_data: Data) -> None:
    """Test that one critical indicator makes the whole plan critical."""
    healthy_data["sponsors"] = []
    assessment = assess(Plan.model_validate(healthy_data))
    assert assessment.level is Level.CRITICAL
    assert assessment.score == round(sum(i.score for i in assessment.indicators) / 8)


def test_assess_does_not_change_the_plan(healthy_data: Data) -> None:
    """Test that assess is pure: the plan is the same after it."""
    plan = Plan.model_validate(healthy_data)
    before = plan.model_dump_json()
    assess(plan)
    assert plan.model_dump_json() == before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_of_crafted_plans_has_a_text(lang: str) -> None:
    """Test that every reason, action and finding of every crafted case exists in the catalogue."""
    for _, _, _, mutate in CASES:
        data = healthy_plan_data()
        mutate(data)
        for indicator in assess(Plan.model_validate(data)).indicators:
            messages = [indicator.reason, indicator.action]
            messages += [f.message for f in indicator.findings]
            messages += [f.action for f in indicator.findings if f.action]
            for message in messages:
                assert has_message(message.id, lang) or message.id.startswith("indicator.and_"), (
                    message.id
                )
                assert "{" not in render(message, lang)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], [(1, 12)]),
        ([date(2027, 1, 1), date(2027, 1, 12)], [(2, 11)]),
        ([date(2027, 1, 3), date(2027, 1, 10)], [(1, 2), (4, 9), (11, 12)]),
        ([date(2026, 12, 1), date(2027, 2, 1)], [(1, 12)]),
    ],
)
def test_activity_gaps_cover_the_silent_days(
    days: list[date], expected: list[tuple[int, int]]
) -> None:
    """Test that gaps are the silent stretches of the window, activity outside ignored."""
    gaps = activity_gaps(days, date(2027, 1, 1), date(2027, 1, 12))
    assert [(g.start.day, g.end.day) for g in gaps] == expected
