"""The published JSON Schema: the committed file matches the model and validates plan files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from planner.models import SCHEMA_VERSION
from planner.planfile import dump_plan, parse_plan
from planner.schema import check_schema, plan_json_schema, schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "plan.schema.json"
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_data").glob("*.json"))

_PLAN = {
    "schema_version": 2,
    "name": "Lancement 2027",
    "language": "fr",
    "start_date": "2027-01-04",
    "launch_date": "2027-03-15",
    "end_date": "2027-07-02",
    "communities": [
        {
            "id": "qualite",
            "name": "Qualité terrain",
            "populations": [{"id": "chefs", "name": "Chefs d’équipe", "headcount": 220}],
            "ambassadors": [{"id": "ines", "name": "Inès", "population_id": "chefs"}],
            "network_group": "Qualité terrain",
            "actuals": [
                {"date": "2027-03-22", "members": 130, "posts": 14},
                {"date": "2027-03-29", "posts": 22, "readers": 120},
            ],
        }
    ],
    "core_team": [{"role": "community_manager", "person": "Claire", "hours_before": 15}],
    "sponsors": [{"id": "dg", "name": "Sophie", "actions": [{"date": "2027-03-15"}]}],
}


def test_committed_schema_matches_the_model() -> None:
    """Test that schema/plan.schema.json is what the model generates today."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema/plan.schema.json is out of date: the plan model changed. "
        "Run `make schema` and commit the result."
    )


def test_check_schema_accepts_the_current_file() -> None:
    """Test that check_schema has nothing to say about a current file."""
    assert check_schema(SCHEMA_FILE) is None


def test_check_schema_gives_the_command_for_a_stale_file(tmp_path: Path) -> None:
    """Test that a stale file is reported as a model change with the command to regenerate."""
    stale = tmp_path / "plan.schema.json"
    stale.write_text(schema_text().replace("First day of preparation.", "Old text."), "utf-8")
    message = check_schema(stale)
    assert message == (
        f"{stale} no longer matches the plan model: the model changed. "
        "Regenerate it with `make schema` and commit the result"
    )
    assert "make schema" in (check_schema(stale, lang="fr") or "")


def test_check_schema_reports_a_missing_file(tmp_path: Path) -> None:
    """Test that a missing schema file is reported with the command that creates it."""
    missing = tmp_path / "plan.schema.json"
    assert check_schema(missing) == f"{missing} does not exist; generate it with `make schema`"


def test_schema_text_is_deterministic_json() -> None:
    """Test that the text is stable, sorted, indented by 2 and ends with one newline."""
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_schema_names_its_dialect_id_title_and_version() -> None:
    """Test that the schema carries $schema, $id, a title and pins schema_version."""
    schema = plan_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f":{SCHEMA_VERSION}")
    assert str(SCHEMA_VERSION) in schema["title"]
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["required"] == ["schema_version", "name"]
    assert schema["additionalProperties"] is False


def test_schema_accepts_saved_plans_and_rejects_typos() -> None:
    """Test with a JSON Schema validator that a saved plan passes and a misspelt field fails."""
    validator = jsonschema.Draft202012Validator(plan_json_schema())
    jsonschema.Draft202012Validator.check_schema(plan_json_schema())
    saved = json.loads(dump_plan(parse_plan(json.dumps(_PLAN))))
    assert saved["communities"][0]["actuals"][1]["members"] is None
    assert list(validator.iter_errors(saved)) == []
    assert list(validator.iter_errors({**_PLAN, "lauch_date": "2027-03-15"})) != []
    assert list(validator.iter_errors({**_PLAN, "schema_version": 3})) != []
    snapshot = saved["communities"][0]["actuals"][0]
    snapshot["members"] = -1
    assert [error.json_path for error in validator.iter_errors(saved)] == [
        "$.communities[0].actuals[0].members"
    ]


def test_schema_describes_the_version_written_not_the_versions_read() -> None:
    """Test that the schema pins version 2: a version 1 file is read by Totem, not by the schema."""
    validator = jsonschema.Draft202012Validator(plan_json_schema())
    old = {**_PLAN, "schema_version": 1}
    assert [error.json_path for error in validator.iter_errors(old)] == ["$.schema_version"]
    assert parse_plan(json.dumps(old)).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_every_sample_passes_the_schema(path: Path) -> None:
    """Test that the shipped samples are valid plan files by the published schema too."""
    validator = jsonschema.Draft202012Validator(plan_json_schema())
    sample = json.loads(path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(sample)) == []
