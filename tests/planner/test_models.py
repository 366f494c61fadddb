"""The plan model: drafts always validate, impossible data is refused at the field concerned."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from planner import AmbassadorPreset, Plan, Thresholds
from planner.errors import PlanFileError
from planner.models import Community, ForecastParams, Population, TimingRules
from planner.models._base import LongText, ShortText
from planner.planfile import parse_plan


def _errors(data: dict[str, Any]) -> list[tuple[str, tuple[str | int, ...]]]:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(data)
    return [(error["type"], tuple(error["loc"])) for error in caught.value.errors()]


def test_a_draft_needs_only_version_and_name() -> None:
    """Test that a plan with nothing but its version and name is valid."""
    plan = Plan.model_validate({"schema_version": 2, "name": "Draft"})
    assert plan.communities == []
    assert plan.launch_date is None


@pytest.mark.parametrize("missing", ["schema_version", "name"])
def test_version_and_name_are_required(missing: str) -> None:
    """Test that a plan without its schema version or its name is refused on that field."""
    data = {"schema_version": 2, "name": "Draft"}
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
    assert _errors({"schema_version": 2, "name": "x", **dates}) == [(code, (field,))]


def test_launch_day_may_equal_start_and_end() -> None:
    """Test that equal dates are possible (unwise, which is the indicators' job)."""
    day = "2027-03-01"
    Plan.model_validate(
        {"schema_version": 2, "name": "x", "start_date": day, "launch_date": day, "end_date": day}
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
        (("populations", 0, "wave_date"), "next spring", "date_parsing"),
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


# --- Actuals: dated snapshots of a community, members never going down ---------------------


def _with_actuals(data: dict[str, Any], actuals: list[dict[str, Any]]) -> str:
    data["communities"][0]["actuals"] = actuals
    return json.dumps(data)


def _snapshot_problems(
    data: dict[str, Any], actuals: list[dict[str, Any]], lang: str = "en"
) -> list[tuple[str, str]]:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(_with_actuals(data, actuals), lang=lang)
    return [(problem.path, problem.message) for problem in caught.value.problems]


#: Snapshots the model refuses, and the (path, message) problems they give, in English.
SNAPSHOT_PROBLEMS = [
    pytest.param(
        [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-22", "members": 130}],
        [("communities[0].actuals[1].date", "two snapshots on 2027-03-22; keep one reading a day")],
        id="two-on-one-day",
    ),
    pytest.param(
        # Members lower on the same day are the duplicate's problem, not a fall.
        [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-22", "members": 120}],
        [("communities[0].actuals[1].date", "two snapshots on 2027-03-22; keep one reading a day")],
        id="two-on-one-day-members-differ",
    ),
    pytest.param(
        [
            {"date": "2027-03-22", "posts": 4},
            {"date": "2027-03-29", "posts": 6},
            {"date": "2027-03-22", "readers": 50},
            {"date": "2027-03-22", "reactions": 9},
        ],
        [
            (
                "communities[0].actuals[2].date",
                "two snapshots on 2027-03-22; keep one reading a day",
            ),
            (
                "communities[0].actuals[3].date",
                "two snapshots on 2027-03-22; keep one reading a day",
            ),
        ],
        id="three-on-one-day",
    ),
    pytest.param(
        [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-29", "members": 120}],
        [
            (
                "communities[0].actuals[1].members",
                "members go down from 130 on 2027-03-22 to 120 on 2027-03-29; members are "
                "counted since launch and never go down: check the figure",
            )
        ],
        id="members-go-down",
    ),
    pytest.param(
        # Listed latest first: the later snapshot by date is the one named.
        [{"date": "2027-04-05", "members": 120}, {"date": "2027-03-22", "members": 130}],
        [
            (
                "communities[0].actuals[0].members",
                "members go down from 130 on 2027-03-22 to 120 on 2027-04-05; members are "
                "counted since launch and never go down: check the figure",
            )
        ],
        id="members-go-down-listed-out-of-order",
    ),
    pytest.param(
        # A snapshot without members sits between the two counts it does not separate.
        [
            {"date": "2027-03-22", "members": 130},
            {"date": "2027-03-29", "posts": 12},
            {"date": "2027-04-05", "members": 125},
        ],
        [
            (
                "communities[0].actuals[2].members",
                "members go down from 130 on 2027-03-22 to 125 on 2027-04-05; members are "
                "counted since launch and never go down: check the figure",
            )
        ],
        id="members-go-down-across-activity-only",
    ),
    pytest.param(
        [{"date": "2027-03-22", "members": -1, "posts": -3}],
        [
            ("communities[0].actuals[0].members", "must be at least 0"),
            ("communities[0].actuals[0].posts", "must be at least 0"),
        ],
        id="negative-members-and-posts",
    ),
    pytest.param(
        [{"date": "2027-03-22", "posters": -1, "readers": -2, "reactions": -5}],
        [
            ("communities[0].actuals[0].posters", "must be at least 0"),
            ("communities[0].actuals[0].readers", "must be at least 0"),
            ("communities[0].actuals[0].reactions", "must be at least 0"),
        ],
        id="negative-activity",
    ),
    pytest.param(
        [{"date": "2027-03-22", "members": 10_000_001}],
        [("communities[0].actuals[0].members", "must be at most 10,000,000")],
        id="members-too-many",
    ),
    pytest.param(
        [{"date": "2027-03-22", "members": "130", "posts": "12"}],
        [
            (
                "communities[0].actuals[0].members",
                'must be a number without quotes: write 130, not "130"',
            ),
            (
                "communities[0].actuals[0].posts",
                'must be a number without quotes: write 12, not "12"',
            ),
        ],
        id="numbers-in-quotes",
    ),
    pytest.param(
        [{"date": "2027-03-22", "members": True, "readers": 2.5, "reactions": "many"}],
        [
            ("communities[0].actuals[0].members", "must be a number, not true or false"),
            ("communities[0].actuals[0].readers", "must be a whole number, without decimals"),
            ("communities[0].actuals[0].reactions", "must be a whole number, e.g. 12"),
        ],
        id="booleans-decimals-and-words",
    ),
    pytest.param(
        [{"date": 20270322, "members": 130}],
        [("communities[0].actuals[0].date", "must be a date like 2027-01-15")],
        id="date-as-number",
    ),
    pytest.param(
        [{"members": 130}],
        [("communities[0].actuals[0].date", "is required")],
        id="no-date",
    ),
    pytest.param(
        [{"date": "2027-03-22", "member": 130}],
        [
            (
                "communities[0].actuals[0].member",
                "is not a known field; check its spelling (did you mean “members”?)",
            )
        ],
        id="misspelt-field",
    ),
    pytest.param(
        [{"date": "2027-03-22"}],
        [
            (
                "communities[0].actuals[0].members",
                "a snapshot needs at least one figure: members, posts, posters, readers or "
                "reactions",
            )
        ],
        id="no-figure",
    ),
]


@pytest.mark.parametrize(("actuals", "expected"), SNAPSHOT_PROBLEMS)
def test_impossible_snapshots_are_refused_at_the_field(
    healthy_data: dict[str, Any], actuals: list[dict[str, Any]], expected: list[tuple[str, str]]
) -> None:
    """Test that each impossible snapshot is refused with exactly its path and message."""
    assert _snapshot_problems(healthy_data, actuals) == expected


@pytest.mark.parametrize(
    ("actuals", "expected"),
    [
        (
            [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-22", "posts": 3}],
            [
                (
                    "communities[0].actuals[1].date",
                    "deux relevés le 2027-03-22\u202f; gardez un relevé par jour",
                )
            ],
        ),
        (
            [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-29", "members": 120}],
            [
                (
                    "communities[0].actuals[1].members",
                    "le nombre de membres baisse de 130 le 2027-03-22 à 120 le 2027-03-29\u202f; "
                    "les membres se comptent depuis le lancement et ne baissent pas\u00a0: "
                    "vérifiez ce chiffre",
                )
            ],
        ),
    ],
)
def test_snapshot_rules_are_explained_in_french(
    healthy_data: dict[str, Any], actuals: list[dict[str, Any]], expected: list[tuple[str, str]]
) -> None:
    """Test that the two snapshot rules read in French, with French typography."""
    assert _snapshot_problems(healthy_data, actuals, "fr") == expected


@pytest.mark.parametrize(
    "actuals",
    [
        pytest.param([], id="none"),
        pytest.param(
            [
                {"date": "2027-04-05", "members": 164},
                {"date": "2027-03-22", "members": 130},
                {"date": "2027-03-29", "members": 150},
            ],
            id="rising-by-date-listed-in-any-order",
        ),
        pytest.param(
            [{"date": "2027-03-22", "members": 130}, {"date": "2027-03-29", "members": 130}],
            id="members-unchanged",
        ),
        pytest.param(
            [
                {"date": "2027-03-22", "members": 130},
                {"date": "2027-03-29", "posts": 22, "posters": 7, "readers": 95, "reactions": 0},
                {"date": "2027-04-05", "members": 131},
            ],
            id="activity-only-between-two-counts",
        ),
        pytest.param(
            [{"date": "2027-03-22", "posts": 40}, {"date": "2027-03-29", "posts": 3}],
            id="activity-only-going-down",
        ),
        pytest.param(
            [{"date": "2027-03-22", "members": 0}, {"date": "2027-03-29", "members": 10_000_000}],
            id="bounds",
        ),
    ],
)
def test_possible_snapshots_are_kept_as_given(
    healthy_data: dict[str, Any], actuals: list[dict[str, Any]]
) -> None:
    """Test that valid snapshots load unchanged and in the order given (the model never sorts)."""
    plan = parse_plan(_with_actuals(healthy_data, actuals))
    loaded = [
        snapshot.model_dump(mode="json", exclude_none=True)
        for snapshot in plan.communities[0].actuals
    ]
    assert loaded == actuals


def test_a_community_starts_with_no_actuals_and_no_network_group() -> None:
    """Test that a community written without the version 2 fields gets their empty defaults."""
    community = Community(id="c", name="C")
    assert (community.actuals, community.network_group) == ([], "")


def test_assigning_snapshots_is_validated(healthy_data: dict[str, Any]) -> None:
    """Test that a duplicate day set on a loaded community is refused at the second snapshot."""
    healthy_data["communities"][0]["actuals"] = [{"date": "2027-03-22", "members": 130}]
    plan = Plan.model_validate(healthy_data)
    community = plan.communities[0]
    with pytest.raises(ValidationError) as caught:
        community.actuals = [*community.actuals, community.actuals[0]]
    assert [(error["type"], error["loc"]) for error in caught.value.errors()] == [
        ("duplicate_snapshot", ("actuals", 1, "date"))
    ]


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


# --- Field types: texts without control characters, numbers and dates as themselves -----------


def _leaf_fields() -> Iterator[tuple[str, Any, Any]]:
    """Yield (Model.field, type of one value, bare type) for every value of the plan model tree.

    A list or dict field gives the type of its items, an optional field the type of its value.
    """
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Plan]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            for annotation, bare in _leaves(info.rebuild_annotation()):
                if isinstance(bare, type) and issubclass(bare, BaseModel):
                    todo.append(bare)
                else:
                    yield f"{model.__name__}.{name}", annotation, bare


def _leaves(annotation: Any, wrapper: Any = None) -> Iterator[tuple[Any, Any]]:
    """Yield (type that validates one value, bare type); ``wrapper`` checks ``X | None``."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = args[0]
        if typing.get_args(inner):
            yield from _leaves(inner, annotation)
        else:
            yield annotation, inner
    elif origin is typing.Union or isinstance(annotation, types.UnionType):
        for arg in args:
            yield from _leaves(arg, wrapper)
    elif origin in (list, dict):
        for arg in args:
            yield from _leaves(arg)
    elif annotation is not type(None):
        yield wrapper if wrapper is not None else annotation, annotation


def _checked(annotation: Any) -> bool:
    """Whether a field's type runs one of the checks of ``planner.models._base``."""
    return any(
        isinstance(item, BeforeValidator) and item.func.__module__ == "planner.models._base"
        for item in _metadata(annotation)
    )


def _metadata(annotation: Any) -> Iterator[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        for item in annotation.__metadata__:
            yield from item.metadata if isinstance(item, FieldInfo) else [item]
        yield from _metadata(typing.get_args(annotation)[0])
    for arg in typing.get_args(annotation):
        if typing.get_origin(annotation) is not typing.Annotated:
            yield from _metadata(arg)


_FIELDS = list(_leaf_fields())


def _is_identifier(annotation: Any) -> bool:
    """Ids are checked by their own pattern, which excludes every refused character."""
    return any(getattr(item, "pattern", None) == _ID_PATTERN for item in _metadata(annotation))


_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


_TEXT_FIELDS = [(w, a) for w, a, bare in _FIELDS if bare is str and not _is_identifier(a)]
_STRICT_FIELDS = [(w, a, bare) for w, a, bare in _FIELDS if bare in (int, float, date, bool)]


def test_every_field_kind_is_covered() -> None:
    """Test that the walk finds the texts, numbers and dates a plan holds (guards the tests)."""
    names = {where for where, _ in _TEXT_FIELDS}
    assert {"Plan.name", "Community.totem_subject", "Community.benefits", "Ritual.owner"} <= names
    strict = {where for where, _, _ in _STRICT_FIELDS}
    assert {"Resistance.workload", "Population.headcount", "SponsorAction.date"} <= strict
    assert {"RoleHours.before", "TimingRules.review_days", "ForecastParams.adjust"} <= strict


@pytest.mark.parametrize(("where", "annotation"), _TEXT_FIELDS, ids=[w for w, _ in _TEXT_FIELDS])
def test_every_text_field_refuses_control_and_bidi_characters(where: str, annotation: Any) -> None:
    """Test that each user text of the model runs the character check."""
    assert _checked(annotation), f"{where} is a plain str: make it ShortText or LongText"
    adapter = TypeAdapter(annotation)
    for text, code in (("a\x1bb", "control_character"), ("a\u202eb", "bidi_character")):
        with pytest.raises(ValidationError) as caught:
            adapter.validate_python(text)
        [error] = caught.value.errors()
        assert error["type"] == code, where


@pytest.mark.parametrize(
    ("where", "annotation", "bare"), _STRICT_FIELDS, ids=[w for w, _, _ in _STRICT_FIELDS]
)
def test_every_number_date_and_switch_refuses_look_alikes(
    where: str, annotation: Any, bare: type
) -> None:
    """Test that "3" and true are refused by numbers, numbers by dates, "true" by booleans."""
    assert _checked(annotation), f"{where} is a lax {bare.__name__}"
    adapter = TypeAdapter(annotation)
    look_alikes: list[Any] = {
        int: ["3", True, False],
        float: ["2.5", True],
        date: [20270112, 1.5, True, "1805846400"],
        bool: ["true", 1, 0, "yes"],
    }[bare]
    for value in look_alikes:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)
        with pytest.raises(ValidationError):
            adapter.validate_json(json.dumps(value))


@pytest.mark.parametrize(
    ("annotation", "text", "code", "position", "character"),
    [
        (ShortText, "a\x1b[31mred", "control_character", 2, "U+001B"),
        (ShortText, "nul\x00", "control_character", 4, "U+0000"),
        (ShortText, "del\x7f!", "control_character", 4, "U+007F"),
        (ShortText, "csi\x9b31m", "control_character", 4, "U+009B"),
        (ShortText, "file\x1cx", "control_character", 5, "U+001C"),  # not stripped at the ends
        (ShortText, "  \x1c", "control_character", 3, "U+001C"),
        (ShortText, "ab\u202ac", "bidi_character", 3, "U+202A"),
        (ShortText, "ab\u202dc", "bidi_character", 3, "U+202D"),
        (ShortText, "\u202eevil", "bidi_character", 1, "U+202E"),
        (ShortText, "ab\u2069", "bidi_character", 3, "U+2069"),
        (ShortText, "two\nlines", "line_break", 4, "U+000A"),
        (ShortText, "two\r\nlines", "line_break", 4, "U+000D"),
        (ShortText, "tab\there", "tab_character", 4, "U+0009"),
        (ShortText, "  lead\tx", "tab_character", 7, "U+0009"),  # position in the text as given
        (LongText, "one\rtwo", "control_character", 4, "U+000D"),
        (LongText, "form\x0cfeed", "control_character", 5, "U+000C"),
        (LongText, "line\none\u2067x", "bidi_character", 9, "U+2067"),
    ],
)
def test_refused_characters_are_located(
    annotation: Any, text: str, code: str, position: int, character: str
) -> None:
    """Test that each kind of refused character is named with its position and code point."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(annotation).validate_python(text)
    [error] = caught.value.errors()
    assert (error["type"], error.get("ctx")) == (
        code,
        {"position": position, "code": character},
    )


@pytest.mark.parametrize(
    ("field", "text", "kept"),
    [
        ("name", "  Sales \n", "Sales"),
        ("name", "\tSales\r\n", "Sales"),
        ("name", "Équipe « qualité » – 2027", "Équipe « qualité » – 2027"),
        ("name", "מכירות", "מכירות"),  # right-to-left text needs no control character
        ("criteria", "a\n\tb\n", "a\n\tb"),
        ("criteria", "a\r\nb\r\n\r\nc", "a\nb\n\nc"),
    ],
)
def test_ordinary_texts_are_kept(field: str, text: str, kept: str) -> None:
    """Test that stripped ends, typography, RTL scripts, tabs and line ends still load."""
    population = Population.model_validate({"id": "p", "name": "P", field: text})
    assert getattr(population, field) == kept


def test_long_texts_keep_their_lines_in_the_model() -> None:
    """Test that a community's totem subject keeps several lines and tabs."""
    community = Community(id="c", name="C", totem_subject="First\r\n\tthen\nlast")
    assert community.totem_subject == "First\n\tthen\nlast"


_REFUSED = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F))]
_REFUSED += [chr(c) for c in range(0x2066, 0x206A)]
_PLAIN = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), exclude_characters=_REFUSED),
    min_size=1,
    max_size=40,
)


@given(before=_PLAIN, after=_PLAIN, refused=st.sampled_from(_REFUSED))
def test_a_refused_character_inside_a_name_is_found_where_it_is(
    before: str, after: str, refused: str
) -> None:
    """Test that any refused character between two plain texts is reported at its position."""
    with pytest.raises(ValidationError) as caught:
        Population(id="p", name=before + refused + after)
    [error] = caught.value.errors()
    assert error["loc"] == ("name",)
    assert error.get("ctx") == {"position": len(before) + 1, "code": f"U+{ord(refused):04X}"}
