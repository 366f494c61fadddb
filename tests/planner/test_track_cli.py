"""``python -m planner track``: the JSON shape and values, the text report, --as-of, bad files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.cli import ACTUALS_FORMATS, main
from planner.forecast import forecast
from planner.i18n import render, translate
from planner.models import Plan, Snapshot
from planner.planfile import load_plan
from planner.tracking import imports, track
from planner.tracking.track import planned_members

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "fr-industrie-plan.json"
BAD_PLANS = Path(__file__).parent / "bad_plans"
#: Seven weekly snapshots, the first a week after the launch of 15 March 2027.
DAYS = tuple(date(2027, 3, 21) + timedelta(days=7 * week) for week in range(7))
ON_CURVE = "qualite-terrain"
STALLED = "maintenance-securite"


def tracked_plan() -> Plan:
    """The French sample with snapshots: one community on its planned curve, posting every week,
    and one at a fifth of its forecast with no post since launch; the third has none."""
    plan = load_plan(SAMPLE)
    populations = forecast(plan).populations
    period = float(plan.forecast.period_days)
    communities = []
    for community in plan.communities:
        own = [p for p in populations if p.community_id == community.id]
        planned = planned_members(own, DAYS, period)
        if community.id == ON_CURVE:
            actuals = [
                Snapshot(date=day, members=round(m), posts=25, posters=30, readers=120)
                for day, m in zip(DAYS, planned, strict=True)
            ]
        elif community.id == STALLED:
            actuals = [
                Snapshot(date=day, members=round(m * 0.2), posts=0, posters=0)
                for day, m in zip(DAYS, planned, strict=True)
            ]
        else:
            actuals = []
        communities.append(community.model_copy(update={"actuals": actuals}))
    return Plan.model_validate({**plan.model_dump(), "communities": communities})


def write_plan(plan: Plan, path: Path) -> Path:
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    return path


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    return write_plan(tracked_plan(), tmp_path / "tracked.json")


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> dict[str, Any]:
    code, out, err = _run(capsys, "track", *argv, "--json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


COMMUNITY_KEYS = {
    "id",
    "name",
    "level",
    "reason",
    "action",
    "snapshots",
    "actual_members",
    "forecast_members",
    "gap_pct",
    "fit",
    "projected_end",
    "projected_low",
    "projected_high",
}


def test_json_has_exactly_the_documented_shape(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test the keys of --json, the reading day and the overall level."""
    data = _json(capsys, plan_file, "--lang", "en")
    assert set(data) == {"as_of", "level", "communities"}
    assert data["as_of"] == "2027-05-02"
    assert data["level"] == "critical"
    assert [c["id"] for c in data["communities"]] == [ON_CURVE, STALLED]
    for community in data["communities"]:
        assert set(community) == COMMUNITY_KEYS
        assert community["snapshots"] == 7
        fit = community["fit"]
        assert fit is None or set(fit) == {"p", "q", "ceiling"}
        ends = (community["projected_low"], community["projected_end"], community["projected_high"])
        if None not in ends:
            assert ends[0] <= ends[1] <= ends[2]


def test_json_values_judge_the_stalled_community_critical_and_the_other_ok(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test members, forecast, gap in percent and the texts of a community on and off its curve."""
    data = _json(capsys, plan_file, "--lang", "en")
    expected = track(tracked_plan())
    by_id = {c["id"]: c for c in data["communities"]}
    on_curve, stalled = by_id[ON_CURVE], by_id[STALLED]
    assert on_curve["level"] == "ok"
    assert abs(on_curve["gap_pct"]) < 1.0
    assert on_curve["actual_members"] == round(on_curve["forecast_members"])
    assert stalled["level"] == "critical"
    assert stalled["gap_pct"] == pytest.approx(-80.0, abs=0.5)
    assert stalled["actual_members"] == 22
    assert stalled["forecast_members"] == pytest.approx(112.0, abs=0.1)
    truth = expected.community(STALLED)
    assert truth is not None
    assert stalled["gap_pct"] == round((truth.gap or 0.0) * 100, 1)
    assert stalled["reason"] == render(truth.reason, "en")
    assert stalled["action"] == render(truth.action, "en")
    assert truth.action.id.startswith("tracking.")
    assert ".critical" in truth.action.id
    assert stalled["action"]
    assert not stalled["action"].startswith("tracking.")


def test_lang_fr_renders_reasons_and_the_text_report_in_french(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test that --lang fr gives French reasons in JSON, and French headings and levels in text."""
    data = _json(capsys, plan_file, "--lang", "fr")
    truth = track(tracked_plan()).community(STALLED)
    assert truth is not None
    stalled = next(c for c in data["communities"] if c["id"] == STALLED)
    assert stalled["action"] == render(truth.action, "fr")
    assert stalled["action"] != render(truth.action, "en")
    code, out, err = _run(capsys, "track", plan_file, "--lang", "fr")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Suivi de «\u202fCommunautés métier Ardelys")
    assert lines[0].endswith("au 2 mai 2027\u00a0: Critique")
    assert "Projection à la fin (intervalle à 90\u202f%)" in lines[1]
    row = next(line for line in lines if line.startswith("Maintenance et sécurité"))
    assert "Critique" in row
    assert "−80,4\u00a0%" in row
    row = next(line for line in lines if line.startswith("Qualité terrain"))
    assert "En bonne voie" in row
    assert "  → " + render(truth.action, "fr") in lines


def test_text_report_has_a_row_and_reason_action_lines_per_community(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test the English text: header, one table row per tracked community, reason and action."""
    code, out, _ = _run(capsys, "track", plan_file, "--lang", "en")
    assert code == 0
    tracking = track(tracked_plan())
    assert out.splitlines()[0] == (
        "Tracking of “Communautés métier Ardelys – lancement 2027” on May 2, 2027: Critical"
    )
    for community in tracking.communities:
        assert f"  – {render(community.reason, 'en')}" in out
        assert f"  → {render(community.action, 'en')}" in out
    assert "Voix du client" not in out  # no snapshot, not tracked
    assert "End of the launch period: Jul 2, 2027" in out


@pytest.mark.parametrize(
    ("as_of", "snapshots"),
    [("2027-04-04", 3), ("2027-03-21", 1), ("2027-12-31", 7)],
)
def test_as_of_leaves_out_later_snapshots(
    capsys: pytest.CaptureFixture[str], plan_file: Path, as_of: str, snapshots: int
) -> None:
    """Test that --as-of reads only the snapshots up to that day, future days included."""
    data = _json(capsys, plan_file, "--as-of", as_of)
    assert data["as_of"] == as_of
    assert [c["snapshots"] for c in data["communities"]] == [snapshots, snapshots]


def test_as_of_before_any_snapshot_is_a_note_not_an_error(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    """Test an --as-of before launch: no community, exit 0, and a sentence naming the first day."""
    data = _json(capsys, plan_file, "--as-of", "2027-01-10")
    assert data == {"as_of": "2027-01-10", "level": "ok", "communities": []}
    code, out, err = _run(capsys, "track", plan_file, "--as-of", "2027-01-10", "--lang", "en")
    assert (code, err) == (0, "")
    assert out == (
        "“Communautés métier Ardelys – lancement 2027” has no snapshot on or before "
        "Jan 10, 2027; the first one is of Mar 21, 2027.\n"
    )


def test_plan_without_actuals_says_so_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Test the sample plan, which has no snapshot: a note in text, no community in JSON."""
    code, out, err = _run(capsys, "track", SAMPLE)
    assert (code, err) == (0, "")
    name = load_plan(SAMPLE).name
    assert out == translate("cli.track.none", "fr", name=name) + "\n"
    assert out.startswith("«\u202fCommunautés métier")
    data = _json(capsys, SAMPLE)
    assert data == {"as_of": None, "level": "ok", "communities": []}


def test_a_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str], plan_file: Path) -> None:
    """Test that --as-of 2027-13-01 exits 2 and says how to write a day."""
    code, out, err = _run(capsys, "track", plan_file, "--as-of", "2027-13-01", "--lang", "en")
    assert (code, out) == (2, "")
    assert "“2027-13-01” is not a day: write it YYYY-MM-DD" in err


def test_a_bad_plan_file_exits_2_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Test that track reports a bad plan file exactly as validate does."""
    path = BAD_PLANS / "missing_name.json"
    code, out, err = _run(capsys, "track", path, "--lang", "en")
    assert (code, out) == (2, "")
    assert err
    code_validate, _, err_validate = _run(capsys, "validate", path, "--lang", "en")
    assert (code_validate, err.splitlines()) == (2, err_validate.splitlines())


def test_actuals_formats_are_those_the_reader_knows() -> None:
    """Test that --format offers exactly the formats ``read_actuals`` reads."""
    assert imports.ACTUALS_FORMATS == ACTUALS_FORMATS


def _weekly(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "weekly.csv"
    path.write_text("\n".join(["community,date,members,posts", *rows]) + "\n", encoding="utf-8")
    return path


def test_an_actuals_file_adds_its_snapshots_for_this_run_only(
    capsys: pytest.CaptureFixture[str], plan_file: Path, tmp_path: Path
) -> None:
    """Test that a weekly file's snapshot is tracked with the plan's own; the file is unchanged."""
    before = plan_file.read_bytes()
    actuals = _weekly(
        tmp_path, "voix-du-client,2027-05-09,40,6", "qualite-terrain,2027-05-09,150,9"
    )
    data = _json(capsys, plan_file, actuals, "--format", "weekly", "--lang", "en")
    assert data["as_of"] == "2027-05-09"
    by_id = {c["id"]: c for c in data["communities"]}
    assert [c["id"] for c in data["communities"]] == [ON_CURVE, STALLED, "voix-du-client"]
    assert by_id[ON_CURVE]["snapshots"] == 8
    assert by_id[ON_CURVE]["actual_members"] == 150
    assert (by_id["voix-du-client"]["snapshots"], by_id["voix-du-client"]["actual_members"]) == (
        1,
        40,
    )
    assert plan_file.read_bytes() == before


def test_a_bad_actuals_file_exits_2_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], plan_file: Path, tmp_path: Path
) -> None:
    """Test that each problem the reader finds is one line on stderr, and nothing is tracked."""
    actuals = _weekly(tmp_path, "qualite-terrain,not a day,150,9", "qualite-terrain,2027-05-09,x,1")
    found = imports.read_actuals(
        [(str(actuals), actuals.read_bytes())], tracked_plan(), fmt="weekly", lang="en"
    )
    assert len(found.problems) >= 2
    code, out, err = _run(capsys, "track", plan_file, actuals, "--format", "weekly", "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines() == [str(problem) for problem in found.problems]
    assert all(line.startswith(str(actuals)) for line in err.splitlines())


def test_unknown_groups_exit_2_naming_them_and_how_to_map_them(
    capsys: pytest.CaptureFixture[str], plan_file: Path, tmp_path: Path
) -> None:
    """Test that a group no community claims stops the run with one line saying what to set."""
    actuals = _weekly(tmp_path, "Atelier Nord,2027-05-09,12,1", "qualite-terrain,2027-05-09,150,9")
    code, out, err = _run(capsys, "track", plan_file, actuals, "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{actuals}: the group “Atelier Nord” matches no community of the plan: set the "
        "network_group of its community to “Atelier Nord”"
    ]


def test_a_missing_actuals_file_exits_2(
    capsys: pytest.CaptureFixture[str], plan_file: Path, tmp_path: Path
) -> None:
    """Test that an actuals file that is not there is one line, in the plan's language."""
    missing = tmp_path / "nowhere.csv"
    code, out, err = _run(capsys, "track", plan_file, missing)
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"{missing}: {translate('planfile.not_found', 'fr')}"]
