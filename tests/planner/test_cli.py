"""The command line: exit codes, exact problem lines on stderr, and each command's output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.forecast import forecast, forecast_rows
from planner.i18n import render, translate
from planner.indicators import assess
from planner.planfile import parse_plan
from planner.schema import schema_text
from planner.timeline import build_timeline, timeline_rows

REPO = Path(__file__).resolve().parents[2]
BAD_PLANS = Path(__file__).parent / "bad_plans"

_PLAN: dict[str, Any] = {
    "schema_version": 1,
    "name": "Lancement des communautés 2027",
    "organisation": "Ardelys",
    "language": "fr",
    "start_date": "2027-01-04",
    "launch_date": "2027-03-15",
    "end_date": "2027-07-02",
    "communities": [
        {
            "id": "qualite",
            "name": "Qualité terrain",
            "totem_subject": "Chaque non-conformité devient une leçon partagée par les sites.",
            "objectives": [
                {"indicator": "Fiches partagées", "target": 40, "due_date": "2027-05-31"}
            ],
            "benefits": ["Trouver la contre-mesure d’un autre site"],
            "community_manager": "Claire Martin",
            "populations": [
                {
                    "id": "pilotes",
                    "name": "Pilotes QRQC",
                    "headcount": 48,
                    "wave_date": "2027-02-22",
                    "resistance": {"workload": 2},
                },
                {
                    "id": "chefs",
                    "name": "Chefs d’équipe",
                    "headcount": 220,
                    "wave_date": "2027-03-15",
                },
                {"id": "sans-date", "name": "Sans date", "headcount": 30},
            ],
            "ambassadors": [
                {"id": "ines", "name": "Inès", "population_id": "pilotes"},
                {"id": "marc", "name": "Marc", "population_id": "chefs"},
            ],
            "rituals": [{"name": "QRQC du vendredi", "cadence": "weekly"}],
        }
    ],
    "core_team": [
        {
            "role": "community_manager",
            "person": "Claire Martin",
            "hours_before": 15,
            "hours_after": 10,
        },
        {"role": "it_admin", "person": "Marc Petit"},
    ],
    "sponsors": [
        {
            "id": "dg",
            "name": "Sophie Leroy",
            "actions": [
                {"date": "2027-03-15", "kind": "kickoff_message"},
                {"date": "2027-05-10", "kind": "live_qa"},
            ],
        }
    ],
}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A valid French plan file."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_PLAN, ensure_ascii=False), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


#: Bad files and the exact stderr lines ``validate`` prints for them ({file} is the path given).
BAD_FILE_LINES = {
    "negative_headcount.json": ["communities[1].populations[0].headcount: must be > 0"],
    "missing_name.json": ["name: is required"],
    "wrong_types.json": [
        "communities[0].populations[0].headcount: must be a whole number, e.g. 12",
        "communities[0].populations[0].wave_date: must be a date like 2027-01-15",
    ],
    "unknown_field.json": [
        "lauch_date: is not a known field; check its spelling (did you mean “launch_date”?)"
    ],
    "invalid_json.json": [
        "{file}: not valid JSON at line 4, column 1: a key in double quotes is expected here "
        "(is there a trailing comma, or a key in single quotes?)"
    ],
    "top_level_array.json": [
        "{file}: the file holds a list, but a plan is a JSON object, shaped like "
        '{{"schema_version":2, "name":"…", …}}'
    ],
    "not_utf8.json": [
        "{file}: the file is not UTF-8 text (byte 0xE9 on line 3 is invalid); save it again "
        "with the UTF-8 encoding"
    ],
}


@pytest.mark.parametrize("command", ["validate", "assess", "timeline", "forecast"])
@pytest.mark.parametrize(("name", "lines"), sorted(BAD_FILE_LINES.items()))
def test_bad_files_exit_2_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], command: str, name: str, lines: list[str]
) -> None:
    """Test that every plan command refuses a bad file: exit 2, exact `path: message` lines."""
    path = BAD_PLANS / name
    code, out, err = _run(capsys, command, path)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [line.format(file=path) for line in lines]


def test_a_missing_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Test that a missing plan file gives `PLAN.json: no such file…` and exit 2."""
    missing = tmp_path / "PLAN.json"
    assert _run(capsys, "validate", missing) == (
        2,
        "",
        f"{missing}: no such file; check the path\n",
    )


def test_problems_follow_the_plan_language_unless_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Test that a French plan's problems are in French, and --lang en switches to English."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({**_PLAN, "forecast": {"p": 0}}, ensure_ascii=False), "utf-8")
    assert _run(capsys, "validate", path) == (
        2,
        "",
        "forecast.p: doit être strictement supérieur à 0\n",
    )
    assert _run(capsys, "validate", path, "--lang", "en") == (2, "", "forecast.p: must be > 0\n")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "name: character 2 is a control character (U+001B); remove it",
                'thresholds.role_hours["hr\\u202egnp"]: must be one of community_manager, '
                "it_admin, executive_sponsor, communication, education, hr, power_user, or other",
            ],
        ),
        (
            "fr",
            [
                "name: le caractère 2 est un caractère de contrôle (U+001B)\u202f; supprimez-le",
                'thresholds.role_hours["hr\\u202egnp"]: doit valoir community_manager, it_admin, '
                "executive_sponsor, communication, education, hr, power_user ou other",
            ],
        ),
    ],
)
def test_terminal_escapes_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, expected: list[str]
) -> None:
    """Test that a hostile name is explained and a hostile key is shown escaped, never raw."""
    path = tmp_path / "evil.json"
    evil = {
        "schema_version": 1,
        "name": "a\x1b[31mred",
        "thresholds": {"role_hours": {"hr\u202egnp": {"before": 1, "after": 1}}},
    }
    path.write_text(json.dumps(evil), "utf-8")
    code, out, err = _run(capsys, "validate", path, "--lang", lang)
    assert (code, out) == (2, "")
    assert err.splitlines() == expected
    assert "\x1b" not in err
    assert "\u202e" not in err


def test_a_file_name_with_a_control_character_is_shown_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Test that even the path given on the command line is escaped in the output."""
    path = tmp_path / "plan\x1b[2J.json"
    path.write_text(json.dumps({"schema_version": 1, "name": "Plan"}), "utf-8")
    code, out, err = _run(capsys, "validate", path, "--lang", "en")
    assert (code, err) == (0, "")
    assert (
        out == f"{tmp_path}/plan\\x1b[2J.json: valid plan “Plan” (communities: 0, populations: 0)\n"
    )


def test_validate_accepts_a_good_plan(capsys: pytest.CaptureFixture[str], plan_file: Path) -> None:
    """Test that a valid plan exits 0 with a one-line summary in the plan's language."""
    code, out, err = _run(capsys, "validate", plan_file, "--lang", "en")
    assert (code, err) == (0, "")
    assert out == (
        f"{plan_file}: valid plan “Lancement des communautés 2027” "
        "(communities: 1, populations: 3)\n"
    )


def test_usage_errors_exit_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """Test that a wrong command line exits 2 with argparse's usage message."""
    for argv in ([], ["launch"], ["assess"], ["timeline", "plan.json", "--lang", "de"]):
        code, _, err = _run(capsys, *argv)
        assert code == 2
        assert "usage: python -m planner" in err
        assert "Traceback" not in err


def test_help_speaks_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """Test that --help exits 0 and follows --lang."""
    code, out, _ = _run(capsys, "assess", "--lang", "fr", "--help")
    assert code == 0
    assert "langue de la sortie" in out
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert translate("cli.help.forecast", "en") in out


def test_validate_in_a_subprocess_exits_2_without_traceback() -> None:
    """Test the real entry point: `python -m planner validate` on a bad file prints one line."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "validate",
            "tests/planner/bad_plans/negative_headcount.json",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == "communities[1].populations[0].headcount: must be > 0\n"
    assert result.stdout == ""


def test_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Test that `schema` prints exactly the text of the golden file."""
    assert _run(capsys, "schema") == (0, schema_text(), "")


def test_schema_check_passes_on_a_current_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Test that `schema --check` exits 0 on a file that matches the model."""
    current = tmp_path / "plan.schema.json"
    current.write_text(schema_text(), encoding="utf-8")
    assert _run(capsys, "schema", "--check", current) == (0, f"{current} is up to date\n", "")


def test_schema_check_fails_on_a_stale_file_with_the_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Test that `schema --check` exits 1 on a stale file and says to run `make schema`."""
    stale = tmp_path / "plan.schema.json"
    stale.write_text('{"title": "an older model"}\n', encoding="utf-8")
    code, out, err = _run(capsys, "schema", "--check", stale)
    assert (code, out) == (1, "")
    assert err == (
        f"{stale} no longer matches the plan model: the model changed. "
        "Regenerate it with `make schema` and commit the result\n"
    )


def test_assess_prints_the_score_and_one_line_per_indicator(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `assess` shows the overall score, then level, score, name, reason and action."""
    code, out, err = _run(capsys, "assess", plan_file)
    assert (code, err) == (0, "")
    assessment = assess(parse_plan(plan_file.read_bytes()))
    header, *lines = out.splitlines()
    assert f"{assessment.score}/100" in header
    assert len(lines) == len(assessment.indicators)
    for line, indicator in zip(lines, assessment.indicators, strict=True):
        assert line.lstrip().startswith(translate(f"level.{indicator.level.value}", "fr"))
        assert f" {indicator.score} " in line
        assert translate(f"indicator.{indicator.id}.name", "fr") in line
        assert line.endswith(f"{render(indicator.reason, 'fr')} → {render(indicator.action, 'fr')}")


def test_assess_json_renders_texts_in_the_language_asked(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `assess --json` gives score, level and each indicator with rendered texts."""
    code, out, err = _run(capsys, "assess", plan_file, "--json", "--lang", "en")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assessment = assess(parse_plan(plan_file.read_bytes()))
    assert (data["score"], data["level"]) == (assessment.score, assessment.level.value)
    assert [item["id"] for item in data["indicators"]] == [i.id for i in assessment.indicators]
    for item, indicator in zip(data["indicators"], assessment.indicators, strict=True):
        assert {"id", "level", "score", "reason", "action", "findings"} <= item.keys()
        assert item["level"] == indicator.level.value
        assert item["score"] == indicator.score
        assert item["reason"] == render(indicator.reason, "en")
        assert item["action"] == render(indicator.action, "en")
        assert item["reason_id"] == indicator.reason.id
        assert item["action_id"] == indicator.action.id
        assert isinstance(item["reason_params"], dict)
        assert len(item["findings"]) == len(indicator.findings)
        for finding, source in zip(item["findings"], indicator.findings, strict=True):
            assert finding["message"] == render(source.message, "en")
            assert finding["level"] == source.level.value


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def test_timeline_csv_holds_the_timeline_rows(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `timeline --csv` writes timeline_rows with ISO dates, in the language asked."""
    code, out, _ = _run(capsys, "timeline", plan_file, "--csv", "--lang", "en")
    assert code == 0
    plan = parse_plan(plan_file.read_bytes())
    rows = timeline_rows(build_timeline(plan), plan, "en")
    assert rows
    assert out.splitlines()[0] == ",".join(rows[0])
    expected = [{key: _csv_cell(value) for key, value in row.items()} for row in rows]
    assert _csv(out) == expected


def test_timeline_table_lists_phases_then_tasks(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `timeline` prints the phases, then the tasks, with rendered labels."""
    code, out, err = _run(capsys, "timeline", plan_file, "--lang", "en")
    assert (code, err) == (0, "")
    plan = parse_plan(plan_file.read_bytes())
    timeline = build_timeline(plan)
    lines = out.splitlines()
    assert lines[0] == "Phases"
    assert "Tasks" in lines
    tasks_at = lines.index("Tasks")
    for phase in timeline.phases:
        assert any(render(phase.label, "en") in line for line in lines[1:tasks_at])
    for row in timeline_rows(timeline, plan, "en"):
        assert any(str(row["task"]) in line for line in lines[tasks_at:])


def test_forecast_csv_holds_the_forecast_rows(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `forecast --csv` writes forecast_rows, and leaves notes to stderr."""
    code, out, err = _run(capsys, "forecast", plan_file, "--csv", "--lang", "en")
    assert code == 0
    result = forecast(parse_plan(plan_file.read_bytes()))
    rows = forecast_rows(result)
    assert rows
    expected = [{key: _csv_cell(value) for key, value in row.items()} for row in rows]
    assert _csv(out) == expected
    assert len(result.skipped) == 1
    assert err == f"Left out:\n  – {render(result.skipped[0], 'en')}\n"


def test_forecast_summary_shows_populations_and_totals(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that `forecast` prints one row per population, the totals and who was left out."""
    code, out, err = _run(capsys, "forecast", plan_file, "--lang", "en")
    assert (code, err) == (0, "")
    result = forecast(parse_plan(plan_file.read_bytes()))
    assert "Pilotes QRQC" in out
    assert "Chefs d’équipe" in out
    assert "Total at the horizon: " in out
    assert "By the 90-9-1 rule" in out
    assert f"Left out:\n  – {render(result.skipped[0], 'en')}\n" in out


def test_forecast_summary_is_french_for_a_french_plan(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that the output follows the plan's own language when --lang is not given."""
    code, out, _ = _run(capsys, "forecast", plan_file)
    assert code == 0
    assert "Total à l’horizon\u00a0: " in out
