"""Tests of the Excel workbook: one sheet per table, typed cells, neutralised text."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from planner.export import EXPORT_TABLES, export_table, plan_results, xlsx_bytes
from planner.models import Plan
from planner.planfile import load_plan

from .conftest import healthy_plan_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workbook_and_results() -> tuple[object, object]:
    results = plan_results(load_plan(ROOT / "sample_data" / "fr-industrie-plan.json"))
    return load_workbook(io.BytesIO(xlsx_bytes(results, "fr"))), results


def test_one_sheet_per_table(workbook_and_results: tuple[object, object]) -> None:
    """Test that the workbook has one sheet per exported table, titled in French."""
    workbook, results = workbook_and_results
    titles = [export_table(results, name, "fr").title for name in EXPORT_TABLES]  # type: ignore[arg-type]
    assert workbook.sheetnames == titles  # type: ignore[attr-defined]


def test_cells_are_typed(workbook_and_results: tuple[object, object]) -> None:
    """Test that dates come back as datetimes and numbers as numbers, headers frozen."""
    workbook, results = workbook_and_results
    for name in EXPORT_TABLES:
        table = export_table(results, name, "fr")  # type: ignore[arg-type]
        sheet = workbook[table.title]  # type: ignore[index]
        assert sheet.freeze_panes == "A2"
        assert tuple(c.value for c in sheet[1]) == table.headers
        assert sheet[1][0].font.bold
        for row, expected in zip(sheet.iter_rows(min_row=2), table.rows, strict=True):
            for cell, value in zip(row, expected, strict=True):
                if isinstance(value, date):
                    assert isinstance(cell.value, datetime)
                    assert cell.value.date() == value
                elif isinstance(value, int | float):
                    assert cell.value == pytest.approx(value)
                elif value is not None:
                    assert cell.value == value


def test_text_cells_are_neutralised() -> None:
    """Test that a name starting with = or @ is stored as inert text, not a formula."""
    data = healthy_plan_data()
    data["communities"][0]["name"] = "=1+1"
    data["communities"][0]["community_manager"] = "@SUM(A1)"
    results = plan_results(Plan.model_validate(data))
    workbook = load_workbook(io.BytesIO(xlsx_bytes(results, "en")))
    sheet = workbook[export_table(results, "communities", "en").title]
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert "'@SUM(A1)" in [cell.value for cell in sheet[2]]
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
