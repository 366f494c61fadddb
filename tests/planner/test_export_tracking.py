"""Tracking after launch in the exports: the report section, the CSV and Excel tables, the chart."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from planner.cli import main
from planner.export import (
    EXPORT_TABLES,
    PlanResults,
    csv_bytes,
    csv_zip_bytes,
    pdf_bytes,
    plan_results,
    report_outline,
    xlsx_bytes,
)
from planner.export.tracking import ACTUALS_KEYS, TRACKING_KEYS, tracking_json
from planner.i18n import render
from planner.planfile import load_plan
from tests.planner.test_track_cli import DAYS, ON_CURVE, SAMPLE, STALLED, tracked_plan

STAMP = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def tracked() -> PlanResults:
    return plan_results(tracked_plan())


@pytest.fixture(scope="module")
def untracked() -> PlanResults:
    return plan_results(load_plan(SAMPLE))


def _pdf_text(data: bytes) -> str:
    """The report's text, whitespace folded so wrapped lines compare as one."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def english_pdf_text(tracked: PlanResults) -> str:
    return _pdf_text(pdf_bytes(tracked, "en", stamp=STAMP, charts=False))


def test_report_has_a_tracking_section_with_each_communitys_figures_and_texts(
    tracked: PlanResults, english_pdf_text: str
) -> None:
    """Test the section's title, overall line, members, gap, levels, reasons and actions."""
    text = english_pdf_text
    assert "Tracking after launch" in text
    assert "Reading of May 2, 2027: 2 communities with actuals; overall level: Critical." in text
    assert tracked.tracking is not None
    for community in tracked.tracking.communities:
        assert " ".join(render(community.reason, "en").split()) in text
        assert " ".join(render(community.action, "en").split()) in text
    assert "Members: 22 on May 2, 2027, against 112 forecast for that day (−80.4%)" in text
    assert "Level: On track" in text
    assert "Level: Critical" in text


def test_report_gives_the_projection_with_its_interval(tracked: PlanResults) -> None:
    """Test the projection line: refitted members at the end, 90% interval, the plan's figure."""
    assert tracked.tracking is not None
    stalled = tracked.tracking.community(STALLED)
    assert stalled is not None
    text = _pdf_text(pdf_bytes(tracked, "en", stamp=STAMP, charts=False))
    if stalled.projected_end is None:  # refit not there: the plan's figure stands alone
        assert "not refitted yet; the plan forecasts" in text
        return
    low, end, high = (
        f"{round(v):,}"
        for v in (stalled.projected_low or 0, stalled.projected_end, stalled.projected_high or 0)
    )
    assert f"Projection: {end} members on July 2, 2027 (90% interval: {low} to {high})" in text


def test_report_section_is_in_french_with_french_typography(tracked: PlanResults) -> None:
    """Test the French section: title, overall line, levels, members and gap."""
    text = _pdf_text(pdf_bytes(tracked, "fr", stamp=STAMP, charts=False))
    # pypdf reads the no-break spaces back as spaces; the catalogue tests check them.
    assert "Suivi après le lancement" in text
    assert "Relevé du 2 mai 2027 : 2 communautés suivies ; niveau d’ensemble : Critique." in text
    assert "Niveau : En bonne voie" in text
    assert "Membres : 22 le 2 mai 2027, pour 112 prévus ce jour-là (−80,4 %)" in text


def test_report_without_actuals_has_no_tracking_section(untracked: PlanResults) -> None:
    """Test that a plan without snapshots gets no tracking text at all."""
    assert untracked.tracking is None
    text = _pdf_text(pdf_bytes(untracked, "en", stamp=STAMP, charts=False))
    assert "Tracking after launch" not in text
    assert "Reading of" not in text


def test_report_outline_lists_tracking_after_the_summary() -> None:
    """Test the outline: tracking second when asked for, absent otherwise."""
    sections = report_outline("en", charts_missing=None, tracking=True).sections
    assert sections[:3] == ("Readiness summary", "Tracking after launch", "Charts")
    assert "Tracking after launch" not in report_outline("en", charts_missing=None).sections


def test_report_charts_left_out_say_so_in_the_tracking_section(english_pdf_text: str) -> None:
    """Test that without charts each community's chart place carries the notice."""
    notice = "charts were left out on request"
    # Six charts of the report, and one per tracked community.
    assert english_pdf_text.count(notice) == 6 + 2


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_zip_adds_tracking_and_actuals_only_with_actuals(
    tracked: PlanResults, untracked: PlanResults
) -> None:
    """Test the archive's files: the plan's tables, then tracking.csv and actuals.csv."""
    with zipfile.ZipFile(io.BytesIO(csv_zip_bytes(tracked, "en"))) as archive:
        names = archive.namelist()
        tracking = _csv_rows(archive.read("tracking.csv"))
    assert names == [f"{name}.csv" for name in EXPORT_TABLES] + ["tracking.csv", "actuals.csv"]
    assert tracking == _csv_rows(csv_bytes(tracked, "tracking", "en"))
    with zipfile.ZipFile(io.BytesIO(csv_zip_bytes(untracked, "en"))) as archive:
        assert archive.namelist() == [f"{name}.csv" for name in EXPORT_TABLES]


def test_tracking_csv_has_one_row_per_community_with_the_json_fields(
    tracked: PlanResults,
) -> None:
    """Test the tracking table's headers and its values against ``track --json``'s."""
    rows = _csv_rows(csv_bytes(tracked, "tracking", "en"))
    assert rows[0] == [
        "Id",
        "Name",
        "Level",
        "Reason",
        "Recommended action",
        "Snapshots",
        "Members (actual)",
        "Members (forecast)",
        "Gap to forecast (%)",
        "Refitted p",
        "Refitted q",
        "Refitted ceiling",
        "Projected members at the end",
        "Projection, 90% low",
        "Projection, 90% high",
    ]
    assert len(TRACKING_KEYS) == len(rows[0])
    assert tracked.tracking is not None
    expected = tracking_json(tracked.tracking, "en")["communities"]
    assert [row[0] for row in rows[1:]] == [ON_CURVE, STALLED]
    for row, data in zip(rows[1:], expected, strict=True):
        fit = data["fit"] or {}
        assert row[2] == {"ok": "On track", "critical": "Critical"}[data["level"]]
        assert row[3:] == [
            data["reason"],
            data["action"],
            str(data["snapshots"]),
            str(data["actual_members"]),
            str(data["forecast_members"]),
            str(data["gap_pct"]),
            *(str(fit[key]) if key in fit else "" for key in ("p", "q", "ceiling")),
            *(
                "" if data[key] is None else str(data[key])
                for key in ("projected_end", "projected_low", "projected_high")
            ),
        ]
    stalled = rows[2]
    assert (stalled[6], stalled[7], stalled[8]) == ("22", "112.0", "-80.4")


def test_actuals_csv_has_one_row_per_snapshot(tracked: PlanResults) -> None:
    """Test the actuals table: community id, ISO date and the figures, empty where unknown."""
    rows = _csv_rows(csv_bytes(tracked, "actuals", "fr"))
    assert rows[0] == [
        "Identifiant de la communauté",
        "Date",
        "Membres",
        "Publications",
        "Contributeurs",
        "Lecteurs",
        "Réactions",
    ]
    assert len(ACTUALS_KEYS) == 7
    body = rows[1:]
    assert len(body) == 2 * len(DAYS)
    assert [row[0] for row in body] == [ON_CURVE] * 7 + [STALLED] * 7
    assert [row[1] for row in body[:7]] == [day.isoformat() for day in DAYS]
    assert body[7] == [STALLED, "2027-03-21", body[7][2], "0", "0", "", ""]
    assert body[0][3:] == ["25", "30", "120", ""]
    assert body[13][2] == "22"


def test_tracking_csv_of_a_plan_without_actuals_has_only_headers(untracked: PlanResults) -> None:
    """Test that asking for a tracking table without actuals gives its headers and no row."""
    assert len(_csv_rows(csv_bytes(untracked, "tracking", "en"))) == 1
    assert len(_csv_rows(csv_bytes(untracked, "actuals", "en"))) == 1


def test_workbook_has_tracking_and_actuals_sheets_only_with_actuals(
    tracked: PlanResults, untracked: PlanResults
) -> None:
    """Test the sheets' names, typed cells and row counts; none without actuals."""
    book = load_workbook(io.BytesIO(xlsx_bytes(tracked, "en")))
    assert book.sheetnames[-2:] == ["Tracking", "Actuals"]
    sheet = book["Tracking"]
    assert [cell.value for cell in sheet[1]][:3] == ["Id", "Name", "Level"]
    assert sheet.max_row == 3
    assert sheet["A3"].value == STALLED
    assert sheet["G3"].value == 22
    assert sheet["I3"].value == pytest.approx(-80.4)
    actuals = book["Actuals"]
    assert actuals.max_row == 1 + 14
    assert actuals["B2"].value == datetime(2027, 3, 21)
    assert actuals["A15"].value == STALLED
    plain = load_workbook(io.BytesIO(xlsx_bytes(untracked, "en")))
    assert "Tracking" not in plain.sheetnames
    assert len(plain.sheetnames) == len(EXPORT_TABLES)


def test_french_workbook_names_the_sheets_in_french(tracked: PlanResults) -> None:
    """Test the French sheet names and level names."""
    book = load_workbook(io.BytesIO(xlsx_bytes(tracked, "fr")))
    assert book.sheetnames[-2:] == ["Suivi", "Relevés"]
    assert [book["Suivi"]["C2"].value, book["Suivi"]["C3"].value] == ["En bonne voie", "Critique"]


def test_export_command_writes_the_tracking_table(tmp_path: Path) -> None:
    """Test ``export --format csv --table tracking`` on a plan with actuals."""
    plan_file = tmp_path / "tracked.json"
    plan_file.write_text(tracked_plan().model_dump_json(), encoding="utf-8")
    out = tmp_path / "tracking.csv"
    code = main(
        ["export", str(plan_file), "--format", "csv", "--table", "tracking", "--out", str(out)]
    )
    assert code == 0
    assert [row[0] for row in _csv_rows(out.read_bytes())] == [
        "Identifiant",
        ON_CURVE,
        STALLED,
    ]
