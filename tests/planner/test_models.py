"""The plan model: drafts always validate, impossible data is refused at the field concerned."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from planner import AmbassadorPreset, Plan, Thresholds
from planner.models import ForecastParams, TimingRules


def _errors(data: dict[str, Any]) -> list[tuple[str, tuple[str | int, ...]]]:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(data)
    return [(error["type"], tuple(error["loc"])) for error in caught.value.errors()]


def test_a_draft_needs_only_version_and_name() -> None:
    """Test that a plan with nothing but its version and name is valid."""
    plan = Plan.model_validate({"schema_version": 1, "name": "Draft"})
    assert plan.communities == []
    assert plan.launch_date is None


@pytest.mark.parametrize("missing", ["schema_version", "name"])
def test_version_and_name_are_required(missing: str) -> None:
    """Test that a plan without its schema version or its name is refused on that field."""
    data = {"schema_version": 1, "name": "Draft"}
    del data[missing]
    assert _errors(data) == [("missing", (missing,))]


@pytest.mark.parametrize(
    ("dates", "code", "field"),
    [
        (
            {"start_date": "2027-02-01", "launch_date": "2027-01-15"},
            "launch_before_start",
            "launch_date",
        ),
        ({"launch_date": "2027-03-01", "end_date": "2027-02-01"}, "end_before_launch", "end_date"),
        ({"start_date": "2027-03-01", "end_date": "2027-02-01"}, "end_before_start", "end_date"),
    ],
)
def test_impossible_dates_are_refused_at_the_field(
    dates: dict[str, str], code: str, field: str
) -> None:
    """Test that an impossible order of plan dates names the date to move."""
    assert _errors({"schema_version": 1, "name": "x", **dates}) == [(code, (field,))]


def test_launch_day_may_equal_start_and_end() -> None:
    """Test that equal dates are possible (unwise, which is the indicators' job)."""
    day = "2027-03-01"
    Plan.model_validate(
        {"schema_version": 1, "name": "x", "start_date": day, "launch_date": day, "end_date": day}
    )


def test_ambassador_in_unknown_population_is_refused(healthy_data: dict[str, Any]) -> None:
    """Test that an ambassador pointing at a missing population is refused with its path."""
    healthy_data["communities"][0]["ambassadors"][2]["population_id"] = "nobody"
    assert _errors(healthy_data) == [
        ("unknown_population", ("communities", 0, "ambassadors", 2, "population_id"))
    ]


def test_duplicate_ids_are_refused(healthy_data: dict[str, Any]) -> None:
    """Test that two communities sharing an id are refused at the second one."""
    healthy_data["communities"].append(dict(healthy_data["communities"][0]))
    assert _errors(healthy_data) == [("duplicate_id", ("communities", 1, "id"))]


def test_sponsor_action_for_unknown_community_is_refused(healthy_data: dict[str, Any]) -> None:
    """Test that a sponsor action aimed at a missing community is refused with its path."""
    healthy_data["sponsors"][0]["actions"][0]["community_id"] = "ghost"
    assert _errors(healthy_data) == [
        ("unknown_community", ("sponsors", 0, "actions", 0, "community_id"))
    ]


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("populations", 0, "headcount"), -5, "greater_than"),
        (("populations", 0, "headcount"), 0, "greater_than"),
        (("populations", 0, "resistance", "workload"), 4, "less_than_equal"),
        (("ambassadors", 0, "hours_per_week"), -1, "greater_than_equal"),
        (("populations", 0, "wave_date"), "next spring", "date_from_datetime_parsing"),
    ],
)
def test_out_of_range_values_are_refused(
    healthy_data: dict[str, Any], path: tuple[str | int, ...], value: Any, code: str
) -> None:
    """Test that values out of their range are refused at their path."""
    node: Any = healthy_data["communities"][0]
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert _errors(healthy_data) == [(code, ("communities", 0, *path))]


def test_unknown_field_is_refused(healthy_data: dict[str, Any]) -> None:
    """Test that a misspelt field is an error, not silently dropped."""
    healthy_data["communities"][0]["totem_subjet"] = "typo"
    assert _errors(healthy_data) == [("extra_forbidden", ("communities", 0, "totem_subjet"))]


def test_unwise_plans_still_validate(healthy_data: dict[str, Any]) -> None:
    """Test that late training, a wave after the period and a silent sponsor are not errors."""
    community = healthy_data["communities"][0]
    community["ambassadors"][0]["training_date"] = "2027-09-01"
    community["populations"][0]["wave_date"] = "2027-12-01"
    healthy_data["sponsors"][0]["actions"] = []
    Plan.model_validate(healthy_data)


def test_assignment_is_validated(healthy_data: dict[str, Any]) -> None:
    """Test that setting an impossible value is refused and leaves the plan as it was."""
    plan = Plan.model_validate(healthy_data)
    with pytest.raises(ValidationError):
        plan.communities[0].populations[0].headcount = -1
    assert plan.communities[0].populations[0].headcount == 200


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Thresholds, {"launch_critical_weeks": 20, "launch_ok_weeks": 10}, "launch_ok_weeks"),
        (Thresholds, {"sponsor_gap_watch_days": 90}, "sponsor_gap_critical_days"),
        (Thresholds, {"ambassador_preset": "custom"}, "ambassador_goal"),
        (Thresholds, {"ambassador_floor": 0.2, "ambassador_goal": 0.1}, "ambassador_goal"),
        (TimingRules, {"soft_launch_from_days": 3}, "soft_launch_from_days"),
        (ForecastParams, {"creators_share": 0.5, "contributors_share": 0.6}, "contributors_share"),
    ],
)
def test_inconsistent_settings_are_refused(model: Any, data: dict[str, Any], field: str) -> None:
    """Test that settings whose bounds cross are refused at the field to change."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


@pytest.mark.parametrize(
    ("preset", "band"),
    [
        (AmbassadorPreset.ONE_PERCENT, (0.005, 0.01)),
        (AmbassadorPreset.ONE_PER_40_TO_100, (0.01, 0.025)),
        (AmbassadorPreset.TEN_TO_TWENTY_PERCENT, (0.10, 0.20)),
    ],
)
def test_ambassador_presets_give_their_published_band(
    preset: AmbassadorPreset, band: tuple[float, float]
) -> None:
    """Test that each preset yields the floor and goal documented in docs/indicators.md."""
    assert Thresholds(ambassador_preset=preset).ambassador_band() == pytest.approx(band)


def test_every_field_has_a_description() -> None:
    """Test that every field of every model is described (the UI and the schema show it)."""
    undocumented = []
    for name, definition in Plan.model_json_schema()["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                undocumented.append(f"{name}.{field}")
    plan_fields = Plan.model_json_schema()["properties"]
    undocumented += [f"Plan.{f}" for f, spec in plan_fields.items() if "description" not in spec]
    assert undocumented == []
