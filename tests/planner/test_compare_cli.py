"""``python -m planner compare``: the JSON shape, the text report in both languages, bad files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from tests.planner.conftest import healthy_plan_data

BAD_PLANS = Path(__file__).parent / "bad_plans"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    """Plan A, and plan B with two more ambassadors and a wave a week later."""
    data = healthy_plan_data()
    changed = copy.deepcopy(data)
    changed["communities"][0]["ambassadors"] += [
        {"id": f"new-{n}", "name": f"New {n}", "population_id": "line-leads"} for n in range(2)
    ]
    changed["communities"][0]["populations"][0]["wave_date"] = "2027-03-22"
    paths = tmp_path / "a.json", tmp_path / "b.json"
    for path, content in zip(paths, (data, changed), strict=True):
        path.write_text(json.dumps(content), encoding="utf-8")
    return paths


def test_json_output_has_exactly_the_documented_shape(
    capsys: pytest.CaptureFixture[str], two_files: tuple[Path, Path]
) -> None:
    """Test the keys and values of --json: a, b, delta, moved, changed."""
    code, out, err = _run(capsys, "compare", *two_files, "--json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    assert set(data) == {"a", "b", "delta", "moved", "changed"}
    for side in ("a", "b"):
        assert set(data[side]) == {"score", "level", "indicators", "members_end"}
        for indicator in data[side]["indicators"].values():
            assert set(indicator) == {"level", "score"}
    assert set(data["delta"]) == {"score", "indicators", "members_end"}
    assert data["delta"]["score"] == data["b"]["score"] - data["a"]["score"]
    assert data["delta"]["indicators"] == {
        key: data["b"]["indicators"][key]["score"] - value["score"]
        for key, value in data["a"]["indicators"].items()
    }
    assert all(set(move) == {"task", "days"} for move in data["moved"])
    assert {"task": "task:invite_population:quality:line-leads", "days": 7} in data["moved"]
    assert data["changed"] == [
        {
            "path": "communities[quality].populations[line-leads].wave_date",
            "before": "2027-03-15",
            "after": "2027-03-22",
        },
        {"path": "communities[quality].ambassadors", "before": 5, "after": 7},
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            ["Readiness", "Forecast", "Tasks that moved", "Ambassadors of Quality circle: 5 → 7"],
        ),
        (
            "fr",
            [
                "Préparation",
                "Prévision",
                "Tâches déplacées",
                "Ambassadeurs de Quality circle\u00a0: 5 → 7",
            ],
        ),
    ],
)
def test_the_text_report_speaks_the_language(
    capsys: pytest.CaptureFixture[str], two_files: tuple[Path, Path], lang: str, expected: list[str]
) -> None:
    """Test that the readable report has its sections and change sentences in the language."""
    code, out, _ = _run(capsys, "compare", *two_files, "--lang", lang)
    assert code == 0
    for text in expected:
        assert text in out


def test_a_plan_against_itself_says_they_are_the_same(
    capsys: pytest.CaptureFixture[str], two_files: tuple[Path, Path]
) -> None:
    """Test that comparing a file with itself reports no difference."""
    code, out, _ = _run(capsys, "compare", two_files[0], two_files[0], "--lang", "en")
    assert code == 0
    assert "The two plans are the same" in out
    code, out, _ = _run(capsys, "compare", two_files[0], two_files[0], "--json")
    assert json.loads(out)["changed"] == []
    assert json.loads(out)["moved"] == []


def test_bad_files_exit_2_with_one_line_per_problem_naming_the_file(
    capsys: pytest.CaptureFixture[str], two_files: tuple[Path, Path], tmp_path: Path
) -> None:
    """Test that a bad A and a bad B are both reported, one line per problem, then exit 2."""
    missing = tmp_path / "missing.json"
    bad = BAD_PLANS / "missing_name.json"
    code, out, err = _run(capsys, "compare", missing, bad)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{missing}: no such file; check the path",
        f"{bad}: name: is required",
    ]
    code, out, err = _run(capsys, "compare", two_files[0], BAD_PLANS / "invalid_json.json")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
