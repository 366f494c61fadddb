"""Plan files: every way a file can be bad gets one exact line, and good plans round-trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from planner.errors import PlanFileError, Problem
from planner.i18n import catalogue
from planner.models import Plan
from planner.planfile import (
    MAX_NESTING,
    MAX_PLAN_BYTES,
    dump_plan,
    format_path,
    load_plan,
    parse_plan,
    plan_language,
    problems_from_validation_error,
)

BAD_PLANS = Path(__file__).parent / "bad_plans"

#: Each fixture file, bad in one way, and the (path, message) problems it must produce; an
#: empty path means the problem is about the whole file.
BAD_PLAN_PROBLEMS: dict[str, list[tuple[str, str]]] = {
    "invalid_json.json": [
        (
            "",
            "not valid JSON at line 4, column 1: a key in double quotes is expected here "
            "(is there a trailing comma, or a key in single quotes?)",
        )
    ],
    "wrong_types.json": [
        ("communities[0].populations[0].headcount", "must be a whole number, e.g. 12"),
        ("communities[0].populations[0].wave_date", "must be a date like 2027-01-15"),
    ],
    "missing_schema_version.json": [
        ("schema_version", 'is required; add "schema_version":2 at the top of the plan')
    ],
    "missing_name.json": [("name", "is required")],
    "negative_headcount.json": [("communities[1].populations[0].headcount", "must be > 0")],
    "launch_before_start.json": [
        (
            "launch_date",
            "the official launch (2026-12-14) is before the start of preparation (2027-01-04); "
            "move the launch later or the start earlier",
        )
    ],
    "end_before_launch.json": [
        (
            "end_date",
            "the launch period ends (2027-02-01) before the official launch (2027-03-15); "
            "set the end a few months after the launch",
        )
    ],
    "unknown_schema_version.json": [
        (
            "schema_version",
            "version 3 is not supported; this Totem reads versions 1 to 2 "
            "(a newer file needs a newer Totem)",
        )
    ],
    "unknown_population.json": [
        (
            "communities[0].ambassadors[1].population_id",
            "there is no population “lead” in this community; pick one of leads or qrqc, "
            "or add that population first",
        )
    ],
    "duplicate_ids.json": [
        (
            "communities[2].id",
            "the id “quality” is already used in communities; give each entry its own id",
        )
    ],
    "duplicate_keys.json": [
        ("communities[0].name", "appears twice in the same object; keep only one of them")
    ],
    "unknown_field.json": [
        (
            "lauch_date",
            "is not a known field; check its spelling (did you mean “launch_date”?)",
        )
    ],
    "not_utf8.json": [
        (
            "",
            "the file is not UTF-8 text (byte 0xE9 on line 3 is invalid); "
            "save it again with the UTF-8 encoding",
        )
    ],
    "deeply_nested.json": [
        (
            "",
            "the data is nested more than 64 levels deep (at line 4, column 78); "
            "a plan is never that deep: check that this is a Totem plan file",
        )
    ],
    "top_level_array.json": [
        (
            "",
            'the file holds a list, but a plan is a JSON object, shaped like {"schema_version":2, '
            '"name":"…", …}',
        )
    ],
}

#: The same files in French, for a sample that covers each stage of the checks.
FRENCH_PROBLEMS: dict[str, list[tuple[str, str]]] = {
    "negative_headcount.json": [
        ("communities[1].populations[0].headcount", "doit être strictement supérieur à 0")
    ],
    "invalid_json.json": [
        (
            "",
            "JSON invalide ligne 4, colonne 1\u00a0: une clé entre guillemets droits "
            "est attendue ici (y a-t-il une virgule en trop, ou une clé entre apostrophes\u202f?)",
        )
    ],
    "unknown_field.json": [
        (
            "lauch_date",
            "n’est pas un champ connu\u202f; vérifiez son orthographe "
            "(vouliez-vous dire «\u202flaunch_date\u202f»\u202f?)",
        )
    ],
    "unknown_population.json": [
        (
            "communities[0].ambassadors[1].population_id",
            "aucune population «\u202flead\u202f» dans cette communauté\u202f; choisissez leads "
            "ou qrqc, ou ajoutez d’abord cette population",
        )
    ],
    "launch_before_start.json": [
        (
            "launch_date",
            "le lancement officiel (2026-12-14) précède le début de la préparation (2027-01-04)"
            "\u202f; repoussez le lancement ou avancez le début",
        )
    ],
    "not_utf8.json": [
        (
            "",
            "le fichier n’est pas un texte UTF-8 (l’octet 0xE9 de la ligne 3 est invalide)"
            "\u202f; enregistrez-le de nouveau en UTF-8",
        )
    ],
}


def _problems(data: bytes | str, lang: str = "en") -> list[tuple[str, str]]:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(data, lang=lang)
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_every_fixture_file_is_in_the_table() -> None:
    """Test that each bad plan file has its expected problems, and each row has its file."""
    assert sorted(path.name for path in BAD_PLANS.glob("*.json")) == sorted(BAD_PLAN_PROBLEMS)


@pytest.mark.parametrize(("name", "expected"), sorted(BAD_PLAN_PROBLEMS.items()))
def test_bad_plan_files_give_exact_problems(name: str, expected: list[tuple[str, str]]) -> None:
    """Test that each bad plan file is refused with exactly the expected path and message."""
    assert _problems((BAD_PLANS / name).read_bytes()) == expected


@pytest.mark.parametrize(("name", "expected"), sorted(FRENCH_PROBLEMS.items()))
def test_bad_plan_files_are_explained_in_french(name: str, expected: list[tuple[str, str]]) -> None:
    """Test that the problems read in French, with French typography, when asked."""
    assert _problems((BAD_PLANS / name).read_bytes(), "fr") == expected


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """Test that a 10 MB file is refused with its size and the limit, without parsing it."""
    big = tmp_path / "big.json"
    padding = b" " * (10 * 1024 * 1024)
    big.write_bytes(b'{"schema_version": 2, "name": "Big"}' + padding)
    size = big.stat().st_size
    with pytest.raises(PlanFileError) as caught:
        load_plan(big)
    assert caught.value.problems == [
        Problem(
            str(big),
            f"the file is {size:,} bytes, over the 5,242,880-byte limit for a plan; "
            "check that this is a Totem plan file",
        )
    ]


def test_a_file_at_the_size_limit_is_read() -> None:
    """Test that the limit is inclusive: a plan of exactly MAX_PLAN_BYTES bytes is accepted."""
    head = b'{"schema_version": 2, "name": "Padded"}'
    plan = parse_plan(head + b" " * (MAX_PLAN_BYTES - len(head)))
    assert plan.name == "Padded"
    assert _problems(head + b" " * (MAX_PLAN_BYTES - len(head) + 1))[0][1].startswith(
        "the file is 5,242,881 bytes"
    )


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    """Test that a file saved with a UTF-8 BOM (as some Windows editors do) still reads."""
    plan = parse_plan("\ufeff" + '{"schema_version": 2, "name": "Qualité"}'.encode().decode())
    assert plan.name == "Qualité"
    assert (
        parse_plan(b"\xef\xbb\xbf" + '{"schema_version": 2, "name": "Été"}'.encode()).name == "Été"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "the file is empty; a plan is a JSON object such as "),
        ("  \n", "the file is empty; a plan is a JSON object such as "),
        ('{"schema_version": 2, "name": "x"} {}', "not valid JSON at line 1, column 36: more"),
        ('{"schema_version": 2, "name": x}', "not valid JSON at line 1, column 31: a value"),
        ('{"schema_version": 2 "name": "x"}', "not valid JSON at line 1, column 22: a comma"),
        ('{"schema_version": 2, "name": "x', "not valid JSON at line 1, column 31: a text"),
        ('{"schema_version": 2, "forecast": {"p": NaN}}', "the number NaN cannot be read"),
        ('{"schema_version": 2, "forecast": {"p": 1e999}}', "the number 1e999 cannot be read"),
        ('{"schema_version": 2, "forecast": {"p": ' + "9" * 5000 + "}}", "the number 999"),
        ('"a plan"', "the file holds a text, but a plan is a JSON object"),
        ("null", "the file holds null, but a plan is a JSON object"),
        ("12", "the file holds a number, but a plan is a JSON object"),
    ],
)
def test_unreadable_documents_say_what_is_wrong(data: str, expected: str) -> None:
    """Test that empty files, JSON slips and impossible numbers get a message of their own."""
    [(path, message)] = _problems(data)
    assert path == ""
    assert message.startswith(expected)


def test_nesting_is_limited_before_json_recursion() -> None:
    """Test that data nested far deeper than Python's recursion limit is refused cleanly."""
    deep = '{"schema_version": 2, "name": "x", "benefits": ' + "[" * 100_000 + "]" * 100_000 + "}"
    [(path, message)] = _problems(deep)
    assert (path, message.split(" (")[0]) == ("", "the data is nested more than 64 levels deep")


def test_brackets_inside_texts_do_not_count_as_nesting() -> None:
    """Test that a name full of brackets is text, not nesting."""
    name = "[{" * MAX_NESTING + '\\"'
    assert parse_plan('{"schema_version": 2, "name": "' + name + '"}').name == name.replace(
        '\\"', '"'
    )


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ('"2"', "must be a whole number; this Totem reads versions 1 to 2"),
        ("1.5", "must be a whole number; this Totem reads versions 1 to 2"),
        ("true", "must be a whole number; this Totem reads versions 1 to 2"),
        ("null", "must be a whole number; this Totem reads versions 1 to 2"),
        (
            "0",
            "version 0 is not supported; this Totem reads versions 1 to 2 "
            "(a newer file needs a newer Totem)",
        ),
        (
            "3",
            "version 3 is not supported; this Totem reads versions 1 to 2 "
            "(a newer file needs a newer Totem)",
        ),
    ],
)
def test_schema_version_is_checked_first(version: str, message: str) -> None:
    """Test that a bad schema_version is the only problem reported, whatever else is wrong."""
    data = '{"schema_version": ' + version + ', "name": "", "typo": 1}'
    assert _problems(data) == [("schema_version", message)]


def _validation_error(data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"schema_version": 2, "name": "Launch", **data})
    return caught.value


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"name": ""}, "name", "must not be empty"),
        ({"name": "x" * 201}, "name", "must be at most 200 characters long; shorten it"),
        ({"name": 12}, "name", "must be a text in double quotes"),
        ({"launch_date": "2027-02-30"}, "launch_date", "must be a date like 2027-01-15"),
        ({"launch_date": "15/03/2027"}, "launch_date", "must be a date like 2027-01-15"),
        (
            {"launch_date": "2027-03-15T10:00:00"},
            "launch_date",
            "must be a date like 2027-01-15, without a time of day",
        ),
        ({"launch_date": [2027]}, "launch_date", "must be a date like 2027-01-15"),
        (
            {"language": "de"},
            "language",
            "must be one of en or fr",
        ),
        ({"forecast": {"p": 0}}, "forecast.p", "must be > 0"),
        ({"forecast": {"q": -1}}, "forecast.q", "must be at least 0"),
        ({"forecast": {"ceiling": 1.5}}, "forecast.ceiling", "must be at most 1"),
        (
            {"forecast": {"period_days": 2.5}},
            "forecast.period_days",
            "must be a whole number, without decimals",
        ),
        (
            {"forecast": {"horizon_weeks": "long"}},
            "forecast.horizon_weeks",
            "must be a whole number, e.g. 12",
        ),
        ({"forecast": {"q": "high"}}, "forecast.q", "must be a number, e.g. 2.5"),
        ({"forecast": {"adjust": "maybe"}}, "forecast.adjust", "must be true or false"),
        (
            {"forecast": {"colour": "red"}},
            "forecast.colour",
            "is not a known field; check its spelling",
        ),
        ({"communities": {}}, "communities", "must be a list, written [ … ]"),
        ({"communities": ["sales"]}, "communities[0]", "must be an object, written { … }"),
        (
            {"thresholds": {"role_hours": []}},
            "thresholds.role_hours",
            "must be an object, written { … }",
        ),
        (
            {"thresholds": {"role_hours": {"hr": {"before": 2, "after": 1, "during": 3}}}},
            "thresholds.role_hours.hr.during",
            "is not a known field; check its spelling",
        ),
        (
            {"thresholds": {"role_hours": {"ceo": {"before": 2, "after": 1}}}},
            "thresholds.role_hours.ceo",
            "must be one of community_manager, it_admin, executive_sponsor, communication, "
            "education, hr, power_user, or other",
        ),
        (
            {"timing": {"review_days": list(range(30))}},
            "timing.review_days",
            "must have at most 24 items, not 30; remove some",
        ),
        (
            {"communities": [{"id": "sales team", "name": "Sales"}]},
            "communities[0].id",
            "must be an id made of letters, digits, '-', '_' or '.', starting with a letter "
            "or a digit (no spaces)",
        ),
        (
            {"start_date": "2027-03-01", "end_date": "2027-02-01"},
            "end_date",
            "the launch period ends (2027-02-01) before preparation starts (2027-03-01); "
            "set the end after the start",
        ),
        (
            {
                "communities": [{"id": "sales", "name": "Sales"}],
                "sponsors": [
                    {
                        "id": "ceo",
                        "name": "Ana",
                        "actions": [{"date": "2027-03-15", "community_id": "hr"}],
                    }
                ],
            },
            "sponsors[0].actions[0].community_id",
            "there is no community “hr” in this plan; pick one of sales, or leave it empty "
            "for the whole launch",
        ),
        (
            {
                "sponsors": [
                    {
                        "id": "ceo",
                        "name": "Ana",
                        "actions": [{"date": "2027-03-15", "community_id": "hr"}],
                    }
                ]
            },
            "sponsors[0].actions[0].community_id",
            "there is no community “hr” in this plan, which has no community yet; leave it "
            "empty for the whole launch",
        ),
        (
            {
                "communities": [
                    {
                        "id": "sales",
                        "name": "Sales",
                        "ambassadors": [{"id": "a", "name": "Léa", "population_id": "reps"}],
                    }
                ]
            },
            "communities[0].ambassadors[0].population_id",
            "there is no population “reps” in this community, which has no population yet; "
            "add that population first",
        ),
        (
            {
                "communities": [
                    {
                        "id": "sales",
                        "name": "Sales",
                        "populations": [
                            {"id": "reps", "name": "Reps"},
                            {"id": "reps", "name": "Reps 2"},
                        ],
                    }
                ]
            },
            "communities[0].populations[1].id",
            "the id “reps” is already used in populations; give each entry its own id",
        ),
        (
            {
                "communities": [
                    {
                        "id": "sales",
                        "name": "Sales",
                        "rituals": [
                            {"name": "Tips", "start_date": "2027-04-01", "end_date": "2027-03-01"}
                        ],
                    }
                ]
            },
            "communities[0].rituals[0].end_date",
            "the ritual ends (2027-03-01) before it starts (2027-04-01); move the end date "
            "after the start date",
        ),
        (
            {"thresholds": {"launch_ok_weeks": 6}},
            "thresholds.launch_ok_weeks",
            "must not be below launch_critical_weeks (8); it is 6: raise it or lower "
            "launch_critical_weeks",
        ),
        (
            {"thresholds": {"resistance_watch": 2.5}},
            "thresholds.resistance_critical",
            "must not be below resistance_watch (2.5); it is 2.2: raise it or lower "
            "resistance_watch",
        ),
        (
            {"thresholds": {"ambassador_preset": "custom", "ambassador_floor": 0.1}},
            "thresholds.ambassador_goal",
            "a custom ambassador rule needs both ambassador_floor and ambassador_goal; fill in "
            "both, or pick a preset",
        ),
        (
            {"timing": {"soft_launch_from_days": 3}},
            "timing.soft_launch_from_days",
            "must be at least soft_launch_until_days (7); it is 3: a window opens further from "
            "the launch than it closes",
        ),
        (
            {"forecast": {"creators_share": 0.5, "contributors_share": 0.6}},
            "forecast.contributors_share",
            "creators_share + contributors_share must not exceed 1; lower one of them",
        ),
    ],
)
def test_validation_errors_name_the_field_and_the_fix(
    data: dict[str, Any], path: str, message: str
) -> None:
    """Test that each pydantic error type maps to its path and catalogue message."""
    problems = problems_from_validation_error(_validation_error(data), "en")
    assert Problem(path, message) in problems


def _many_communities(reference: str) -> dict[str, Any]:
    return {
        "communities": [{"id": f"site-{n}", "name": f"Site {n}"} for n in range(1, 13)],
        "sponsors": [
            {
                "id": "ceo",
                "name": "Ana",
                "actions": [{"date": "2027-03-15", "community_id": reference}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "site-13",
            "there is no community “site-13” in this plan; did you mean site-3, site-1, or "
            "site-12? If not, leave it empty for the whole launch",
        ),
        (
            "headquarters",
            "there is no community “headquarters” among the 12 of this plan; check the id, or "
            "leave it empty for the whole launch",
        ),
    ],
)
def test_long_lists_of_ids_are_not_spelled_out(reference: str, message: str) -> None:
    """Test that a wrong reference among many ids suggests the closest ones, or gives the count."""
    problems = problems_from_validation_error(_validation_error(_many_communities(reference)))
    assert problems == [Problem("sponsors[0].actions[0].community_id", message)]


def test_unknown_schema_version_from_the_model_is_translated() -> None:
    """Test that the model's own schema_version rule reads like the file check."""
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"schema_version": 3, "name": "x"})
    assert problems_from_validation_error(caught.value, "fr") == [
        Problem(
            "schema_version",
            "la version 3 n’est pas prise en charge\u202f; cette version de Totem lit les "
            "versions 1 à 2 (un fichier plus récent demande un Totem plus récent)",
        )
    ]


class _Other(BaseModel):
    kind: Literal["a", "b"]
    tags: list[str] = Field(min_length=2)
    key: UUID | None = None
    title: str = Field(default="ok", min_length=3)


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"kind": "c", "tags": ["x", "y"]}, "kind", "must be one of a or b"),
        ({"kind": "a", "tags": ["x"]}, "tags", "must have at least 2 items"),
        (
            {"kind": "a", "tags": ["x", "y"], "title": "no"},
            "title",
            "must be at least 3 characters long",
        ),
    ],
)
def test_other_error_types_use_the_catalogue(data: dict[str, Any], path: str, message: str) -> None:
    """Test the error types the plan model raises only in other models (literals, list lengths)."""
    with pytest.raises(ValidationError) as caught:
        _Other.model_validate(data)
    assert problems_from_validation_error(caught.value) == [Problem(path, message)]


def test_unknown_error_types_keep_pydantic_message() -> None:
    """Test that an error type without a catalogue entry falls back to pydantic's message."""
    with pytest.raises(ValidationError) as caught:
        _Other.model_validate({"kind": "a", "tags": ["x", "y"], "key": "not-a-uuid"})
    [error] = caught.value.errors()
    assert problems_from_validation_error(caught.value, "fr") == [Problem("key", error["msg"])]


HANDLED_TYPES = [
    "missing",
    "extra_forbidden",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "int_parsing",
    "int_type",
    "int_from_float",
    "float_parsing",
    "float_type",
    "date_parsing",
    "date_type",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "string_type",
    "string_unicode",
    "string_too_long",
    "string_too_short",
    "string_pattern_mismatch",
    "too_short",
    "too_long",
    "enum",
    "literal_error",
    "bool_parsing",
    "bool_type",
    "list_type",
    "dict_type",
    "model_type",
    "launch_before_start",
    "end_before_launch",
    "end_before_start",
    "unknown_population",
    "unknown_community",
    "duplicate_id",
    "unknown_schema_version",
    "threshold_order",
    "window_order",
    "custom_preset_incomplete",
    "shares_over_one",
    "ritual_ends_before_start",
    "duplicate_snapshot",
    "members_went_down",
    "control_character",
    "bidi_character",
    "line_break",
    "tab_character",
    "number_in_quotes",
    "number_not_boolean",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_catalogue_covers_every_handled_error_type(lang: str) -> None:
    """Test that every error type the plan can raise has a message in both languages."""
    missing = [kind for kind in HANDLED_TYPES if f"error.{kind}" not in catalogue(lang)]
    assert missing == []


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        ((), ""),
        (("name",), "name"),
        (
            ("communities", 1, "populations", 0, "headcount"),
            "communities[1].populations[0].headcount",
        ),
        (("thresholds", "role_hours", "ceo", "[key]"), "thresholds.role_hours.ceo"),
        (("extra", "a b"), 'extra["a b"]'),
        (("extra", "été"), 'extra["été"]'),
        (("extra", "\ud800"), 'extra["\\ud800"]'),
        ((0, "name"), "[0].name"),
    ],
)
def test_paths_read_like_json_paths(loc: tuple[str | int, ...], path: str) -> None:
    """Test that locations become dotted paths with indexes, quoting unusual keys."""
    assert format_path(loc) == path


def _full_plan() -> dict[str, Any]:
    """A plan that fills every aggregate, actuals included, with French text and non-default
    settings."""
    return {
        "schema_version": 2,
        "name": "Communautés métier – lancement 2027",
        "organisation": "Ardelys « Industrie »",
        "platform": "viva_engage",
        "language": "fr",
        "start_date": "2027-01-04",
        "launch_date": "2027-03-15",
        "end_date": "2027-07-02",
        "communities": [
            {
                "id": "qualite",
                "name": "Qualité terrain",
                "totem_subject": "Zéro défaut : chaque non-conformité devient une leçon.",
                "objectives": [
                    {
                        "indicator": "Fiches partagées",
                        "target": 40,
                        "unit": "fiches/mois",
                        "due_date": "2027-05-31",
                    },
                    {"indicator": "Réponses en 48 h", "target": 0.8, "unit": "%"},
                ],
                "benefits": ["Trouver la contre-mesure d’un autre site"],
                "community_manager": "Claire Martin",
                "populations": [
                    {
                        "id": "chefs",
                        "name": "Chefs d’équipe",
                        "criteria": "Tous les chefs d’équipe des quatre usines",
                        "headcount": 220,
                        "wave_date": "2027-03-15",
                        "resistance": {"workload": 3, "email_overlap": 1},
                    },
                    {
                        "id": "pilotes",
                        "name": "Pilotes QRQC",
                        "headcount": 48,
                        "wave_date": "2027-02-22",
                    },
                ],
                "ambassadors": [
                    {
                        "id": "ines",
                        "name": "Inès",
                        "population_id": "chefs",
                        "hours_per_week": 1.5,
                        "training_date": "2027-03-05",
                    }
                ],
                "rituals": [
                    {"name": "Le QRQC du vendredi", "cadence": "fortnightly", "owner": "Claire"}
                ],
                "network_group": "Qualité terrain – Ardelys",
                "actuals": [
                    {
                        "date": "2027-03-22",
                        "members": 130,
                        "posts": 14,
                        "posters": 9,
                        "readers": 96,
                        "reactions": 41,
                    },
                    {"date": "2027-03-29", "posts": 22, "readers": 120},
                    {"date": "2027-04-05", "members": 164},
                ],
            }
        ],
        "core_team": [
            {
                "role": "community_manager",
                "person": "Claire Martin",
                "hours_before": 15,
                "hours_after": 10,
                "announced_on": "2027-03-01",
            },
            {"role": "it_admin", "person": "Marc"},
        ],
        "sponsors": [
            {
                "id": "dg",
                "name": "Sophie Leroy",
                "title": "Directrice générale",
                "actions": [
                    {
                        "date": "2027-03-15",
                        "kind": "kickoff_message",
                        "description": "Message d’ouverture",
                    },
                    {"date": "2027-04-20", "kind": "live_qa", "community_id": "qualite"},
                ],
            }
        ],
        "thresholds": {
            "ambassador_preset": "custom",
            "ambassador_floor": 0.02,
            "ambassador_goal": 0.05,
            "role_hours": {"community_manager": {"before": 12, "after": 8}},
        },
        "timing": {"review_days": [30, 90]},
        "forecast": {"p": 0.025, "q": 0.41, "adjust": False},
    }


def test_a_full_plan_round_trips_exactly() -> None:
    """Test that dump_plan and parse_plan invert each other, text and model alike."""
    plan = parse_plan(json.dumps(_full_plan()))
    text = dump_plan(plan)
    assert parse_plan(text) == plan
    assert dump_plan(parse_plan(text)) == text
    assert parse_plan(text.encode("utf-8")) == plan
    assert [s.members for s in parse_plan(text).communities[0].actuals] == [130, None, 164]


def test_dumped_plans_are_readable_utf8_json() -> None:
    """Test that the file is indented by 2, keeps accents as written and ends with a newline."""
    text = dump_plan(parse_plan(json.dumps(_full_plan())))
    assert text.startswith(
        '{\n  "schema_version": 2,\n  "name": "Communautés métier – lancement 2027",'
    )
    assert text.endswith("}\n")
    assert "\\u" not in text


#: Any character a one-line text keeps: no control character (Cc), no bidirectional control.
_TEXT_CHARACTERS = st.characters(
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(_TEXT_CHARACTERS, min_size=1, max_size=200).filter(lambda text: text.strip()),
    organisation=st.text(_TEXT_CHARACTERS, max_size=200),
    headcount=st.integers(min_value=1, max_value=10_000_000),
    target=st.floats(allow_nan=False, allow_infinity=False),
)
def test_any_valid_plan_round_trips(
    name: str, organisation: str, headcount: int, target: float
) -> None:
    """Test that odd texts and numbers survive a save and a reload unchanged."""
    data = _full_plan()
    data.update(name=name, organisation=organisation)
    data["communities"][0]["populations"][0]["headcount"] = headcount
    data["communities"][0]["objectives"][0]["target"] = target
    plan = Plan.model_validate(data)
    text = dump_plan(plan)
    assert parse_plan(text) == plan
    assert dump_plan(parse_plan(text)) == text


def test_load_plan_reads_a_file(tmp_path: Path) -> None:
    """Test that load_plan reads the file that dump_plan wrote."""
    plan = parse_plan(json.dumps(_full_plan()))
    path = tmp_path / "plan.json"
    path.write_text(dump_plan(plan), encoding="utf-8")
    assert load_plan(path) == plan
    assert load_plan(str(path)) == plan


def test_load_plan_names_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    """Test that a missing file or a folder is a PlanFileError naming the path, in the language."""
    missing = tmp_path / "nope.json"
    with pytest.raises(PlanFileError) as caught:
        load_plan(missing)
    assert caught.value.problems == [Problem(str(missing), "no such file; check the path")]
    with pytest.raises(PlanFileError) as caught:
        load_plan(tmp_path, lang="fr")
    assert caught.value.problems == [
        Problem(
            str(tmp_path),
            "est un dossier, pas un fichier de plan\u202f; indiquez le chemin d’un fichier de "
            "plan .json",
        )
    ]


def test_load_plan_puts_the_file_name_on_whole_file_problems() -> None:
    """Test that problems about the whole file carry the file's path, field problems keep theirs."""
    path = BAD_PLANS / "top_level_array.json"
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert [problem.path for problem in caught.value.problems] == [str(path)]
    with pytest.raises(PlanFileError) as caught:
        load_plan(BAD_PLANS / "missing_name.json")
    assert [problem.path for problem in caught.value.problems] == ["name"]


@pytest.mark.parametrize(
    ("data", "language"),
    [
        (b'{"schema_version": 2, "language": "fr", "name": ""}', "fr"),
        (b'{"language": "en"}', "en"),
        (b'{"language": "de"}', None),
        (b'{"language": "fr",}', None),
        (b"[]", None),
        ("\ufeff" + '{"language": "fr"}', "fr"),
    ],
)
def test_plan_language_reads_the_declared_language(data: bytes | str, language: str | None) -> None:
    """Test that a readable file's declared language is found, and anything else gives None."""
    assert plan_language(data) == language


# --- Texts refuse control and bidirectional characters; numbers and dates are strict ----------

#: A one-field change to a valid plan, where it is reported, and the message in each language.
FIELD_TYPE_PROBLEMS = [
    (
        {"name": "a\x1b[31mred"},
        "name",
        "character 2 is a control character (U+001B); remove it",
        "le caractère 2 est un caractère de contrôle (U+001B)\u202f; supprimez-le",
    ),
    (
        {"communities": [{"id": "c", "name": "Sales \u202eevil"}]},
        "communities[0].name",
        "character 7 is a bidirectional control character (U+202E); remove it",
        "le caractère 7 est un caractère de contrôle bidirectionnel (U+202E)\u202f; supprimez-le",
    ),
    (
        {"organisation": "Acme\u2066Corp"},
        "organisation",
        "character 5 is a bidirectional control character (U+2066); remove it",
        "le caractère 5 est un caractère de contrôle bidirectionnel (U+2066)\u202f; supprimez-le",
    ),
    (
        {"communities": [{"id": "c", "name": "C", "benefits": ["ok", "two\nlines"]}]},
        "communities[0].benefits[1]",
        "character 4 is a line break (U+000A); this field holds a single line: "
        "replace it with a space",
        "le caractère 4 est un saut de ligne (U+000A)\u202f; ce champ tient sur une seule "
        "ligne\u00a0: remplacez-le par une espace",
    ),
    (
        {"core_team": [{"role": "hr", "person": "Ana\tLopez"}]},
        "core_team[0].person",
        "character 4 is a tab (U+0009); this field holds a single line: replace it with a space",
        "le caractère 4 est une tabulation (U+0009)\u202f; ce champ tient sur une seule "
        "ligne\u00a0: remplacez-la par une espace",
    ),
    (
        {"communities": [{"id": "c", "name": "C", "totem_subject": "one\rtwo"}]},
        "communities[0].totem_subject",
        "character 4 is a control character (U+000D); remove it",
        "le caractère 4 est un caractère de contrôle (U+000D)\u202f; supprimez-le",
    ),
    (
        {
            "sponsors": [
                {
                    "id": "s",
                    "name": "S",
                    "actions": [{"date": "2027-03-15", "description": "a\x7f"}],
                }
            ]
        },
        "sponsors[0].actions[0].description",
        "character 2 is a control character (U+007F); remove it",
        "le caractère 2 est un caractère de contrôle (U+007F)\u202f; supprimez-le",
    ),
    (
        {
            "communities": [
                {
                    "id": "c",
                    "name": "C",
                    "populations": [{"id": "p", "name": "P", "resistance": {"workload": "3"}}],
                }
            ]
        },
        "communities[0].populations[0].resistance.workload",
        'must be a number without quotes: write 3, not "3"',
        'doit être un nombre sans guillemets\u00a0: écrivez 3, et non "3"',
    ),
    (
        {
            "communities": [
                {
                    "id": "c",
                    "name": "C",
                    "populations": [{"id": "p", "name": "P", "headcount": True}],
                }
            ]
        },
        "communities[0].populations[0].headcount",
        "must be a number, not true or false",
        "doit être un nombre, et non true ou false",
    ),
    (
        {"core_team": [{"role": "hr", "hours_after": "2.5"}]},
        "core_team[0].hours_after",
        'must be a number without quotes: write 2.5, not "2.5"',
        'doit être un nombre sans guillemets\u00a0: écrivez 2.5, et non "2.5"',
    ),
    (
        {"launch_date": 20270315},
        "launch_date",
        "must be a date like 2027-01-15",
        "doit être une date au format 2027-01-15",
    ),
    (
        {"launch_date": False},
        "launch_date",
        "must be a date like 2027-01-15",
        "doit être une date au format 2027-01-15",
    ),
    (
        {"launch_date": "1805846400"},  # 2027-03-22 as a Unix time, which pydantic would read
        "launch_date",
        "must be a date like 2027-01-15",
        "doit être une date au format 2027-01-15",
    ),
    (
        {"forecast": {"adjust": "false"}},
        "forecast.adjust",
        "must be true or false",
        "doit valoir true ou false",
    ),
    (
        {"timing": {"review_days": [30, "60"]}},
        "timing.review_days[1]",
        'must be a number without quotes: write 60, not "60"',
        'doit être un nombre sans guillemets\u00a0: écrivez 60, et non "60"',
    ),
]


@pytest.mark.parametrize(("change", "path", "english", "french"), FIELD_TYPE_PROBLEMS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refused_characters_and_loose_types_are_explained(
    change: dict[str, Any], path: str, english: str, french: str, lang: str
) -> None:
    """Test the exact message, in both languages, for each refused character and loose type."""
    document = {"schema_version": 2, "name": "Plan", **change}
    with pytest.raises(PlanFileError) as caught:
        parse_plan(json.dumps(document), lang=lang)
    assert caught.value.problems == [Problem(path, english if lang == "en" else french)]


def test_multi_line_texts_with_tabs_still_load() -> None:
    """Test that long texts keep line feeds and tabs, and read Windows line ends as line feeds."""
    subject = "Zero defects:\n\t- scrap under 2 %\r\n\t- no repeat claim\n"
    document = {
        "schema_version": 2,
        "name": "  Plan  ",
        "communities": [{"id": "c", "name": "C\n", "totem_subject": subject}],
    }
    plan = parse_plan(json.dumps(document))
    assert plan.name == "Plan"
    assert plan.communities[0].name == "C"  # whitespace at the ends is stripped, as before
    assert plan.communities[0].totem_subject == (
        "Zero defects:\n\t- scrap under 2 %\n\t- no repeat claim"
    )
    assert parse_plan(dump_plan(plan)) == plan


@pytest.mark.parametrize(
    "value",
    [3, 3.0, 0],
)
def test_numbers_written_as_numbers_are_accepted(value: float) -> None:
    """Test that JSON numbers, whole floats included, still fill whole-number fields."""
    document = {"schema_version": 2, "name": "Plan", "thresholds": {"early_access_days": value}}
    assert parse_plan(json.dumps(document)).thresholds.early_access_days == int(value)
