"""The sample plans shipped in ``sample_data/``: valid, realistic, and showing what they claim."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.indicators import Level, assess
from planner.models import SCHEMA_VERSION, Language, Plan

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = sorted(SAMPLE_DIR.glob("*.json"))
NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace insécable
#: Fields that hold codes, ids or dates rather than French prose.
CODE_FIELDS = {
    "id",
    "population_id",
    "community_id",
    "platform",
    "language",
    "cadence",
    "kind",
    "role",
    "ambassador_preset",
}


def _load(name: str) -> Plan:
    return Plan.model_validate_json((SAMPLE_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def french() -> Plan:
    """The French industrial sample."""
    return _load("fr-industrie-plan.json")


def _prose(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Yield (field, text) for every free-text field of a dumped plan."""
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _prose(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from _prose(item, key)
    elif isinstance(value, str) and key not in CODE_FIELDS:
        try:
            date.fromisoformat(value)
        except ValueError:
            yield key, value


def test_the_three_expected_samples_are_shipped() -> None:
    names = {path.name for path in SAMPLES}
    assert {"fr-industrie-plan.json", "en-team-plan.json", "critical-plan.json"} <= names


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_every_sample_validates_as_a_plan(path: Path) -> None:
    """Test that each sample is written in the current format, not read through a migration."""
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert Plan.model_validate_json(text).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_every_sample_survives_a_json_round_trip(path: Path) -> None:
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_french_sample_is_written_in_french_for_viva_engage(french: Plan) -> None:
    assert french.language is Language.FR
    assert french.platform == "viva_engage"
    assert (french.start_date, french.launch_date, french.end_date) == (
        date(2027, 1, 4),
        date(2027, 3, 15),
        date(2027, 7, 2),
    )


def test_french_sample_has_at_least_three_complete_communities(french: Plan) -> None:
    assert len(french.communities) >= 3
    for community in french.communities:
        assert community.totem_subject
        assert 2 <= len(community.objectives) <= 3
        assert all(objective.is_measurable and objective.unit for objective in community.objectives)
        assert len(community.benefits) == 3
        assert community.community_manager
        assert {ritual.cadence for ritual in community.rituals} >= {"weekly", "monthly"}


def test_french_sample_invites_six_populations_in_three_waves_or_more(french: Plan) -> None:
    populations = [population for _, population in french.all_populations()]
    assert len(populations) >= 6
    assert len({population.wave_date for population in populations}) >= 3
    assert all(population.criteria and population.headcount for population in populations)


def test_french_sample_opens_a_pilot_wave_before_launch(french: Plan) -> None:
    assert french.launch_date is not None
    waves = [p.wave_date for _, p in french.all_populations() if p.wave_date is not None]
    assert min(waves) < french.launch_date
    assert max(waves) > french.launch_date


def test_french_sample_rates_every_resistance_factor(french: Plan) -> None:
    for _, population in french.all_populations():
        assert None not in population.resistance.ratings().values(), population.id


def test_french_sample_gives_each_population_one_ambassador_per_100_staff_or_more(
    french: Plan,
) -> None:
    for community in french.communities:
        for population in community.populations:
            assert population.headcount is not None
            count = sum(1 for a in community.ambassadors if a.population_id == population.id)
            assert count >= population.headcount / 100, population.id


def test_french_sample_trains_ambassadors_before_their_wave(french: Plan) -> None:
    for community in french.communities:
        for ambassador in community.ambassadors:
            population = community.population(ambassador.population_id)
            assert population is not None
            assert population.wave_date is not None
            assert ambassador.training_date is not None
            assert ambassador.training_date < population.wave_date, ambassador.id


def test_french_sample_sponsor_actions_span_three_months(french: Plan) -> None:
    assert len(french.sponsors) >= 2
    days = [action.date for sponsor in french.sponsors for action in sponsor.actions]
    assert (max(days) - min(days)).days >= 90
    assert len({(day.year, day.month) for day in days}) >= 3
    assert any(action.date == french.launch_date for s in french.sponsors for action in s.actions)


def test_french_sample_uses_french_apostrophes_and_no_straight_quotes(french: Plan) -> None:
    texts = list(_prose(french.model_dump(mode="json")))
    assert any("’" in text for _, text in texts)
    assert any("œ" in text for _, text in texts)
    for field, text in texts:
        assert "'" not in text, (field, text)
        assert '"' not in text, (field, text)


def test_french_sample_puts_the_right_space_before_high_punctuation(french: Plan) -> None:
    for field, text in _prose(french.model_dump(mode="json")):
        for index, char in enumerate(text):
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if char in ";!?»":
                assert before == NNBSP, (field, text)
            elif char == ":":
                assert before == NBSP, (field, text)
            elif char == "«":
                assert after == NNBSP, (field, text)


def test_french_sample_has_no_critical_indicator(french: Plan) -> None:
    assessment = assess(french)
    critical = [i.id for i in assessment.indicators if i.level is Level.CRITICAL]
    assert critical == []
    assert sum(i.level is Level.OK for i in assessment.indicators) >= 5


def test_critical_sample_shows_at_least_three_critical_indicators() -> None:
    assessment = assess(_load("critical-plan.json"))
    critical = {i.id for i in assessment.indicators if i.level is Level.CRITICAL}
    assert len(critical) >= 3
    assert assessment.level is Level.CRITICAL


def test_critical_sample_lacks_an_it_admin_and_lasts_five_weeks() -> None:
    plan = _load("critical-plan.json")
    assert "it_admin" not in {member.role for member in plan.core_team}
    assert plan.launch_date is not None
    assert plan.end_date is not None
    assert (plan.end_date - plan.launch_date).days == 35


def test_english_team_sample_has_one_community_of_about_forty_people() -> None:
    plan = _load("en-team-plan.json")
    assert plan.language is Language.EN
    assert plan.platform in {"teams", "slack"}
    assert len(plan.communities) == 1
    headcount = sum(p.headcount or 0 for _, p in plan.all_populations())
    assert 30 <= headcount <= 50
