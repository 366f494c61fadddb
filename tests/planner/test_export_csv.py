"""Tests of the CSV exports: encoding, values read back, formula neutralisation, the ZIP."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from planner.export import EXPORT_TABLES, csv_bytes, csv_zip_bytes, export_table, plan_results
from planner.export.csv import neutralise
from planner.export.tables import PlanResults
from planner.models import Plan
from planner.planfile import load_plan

from .conftest import healthy_plan_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def french() -> PlanResults:
    return plan_results(load_plan(ROOT / "sample_data" / "fr-industrie-plan.json"))


def _expected(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_csv_reads_back_with_csv_module(french: PlanResults, table: str) -> None:
    """Test that each table parses back with the csv module to the same values."""
    data = csv_bytes(french, table, "fr")  # type: ignore[arg-type]
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    exported = export_table(french, table, "fr")  # type: ignore[arg-type]
    assert tuple(rows[0]) == exported.headers
    assert [tuple(row) for row in rows[1:]] == [
        tuple(_expected(v) for v in row) for row in exported.rows
    ]


@pytest.mark.parametrize("table", ["populations", "forecast", "indicators"])
def test_csv_reads_back_with_pandas(french: PlanResults, table: str) -> None:
    """Test that pandas reads numbers as numbers and ISO dates as dates."""
    exported = export_table(french, table, "fr")  # type: ignore[arg-type]
    frame = pd.read_csv(io.BytesIO(csv_bytes(french, table, "fr")), encoding="utf-8-sig")  # type: ignore[arg-type]
    assert list(frame.columns) == list(exported.headers)
    assert len(frame) == len(exported.rows)
    for index, key in enumerate(exported.keys):
        values = [row[index] for row in exported.rows]
        column = frame[exported.headers[index]]
        if all(isinstance(v, int | float) for v in values):
            assert column.tolist() == pytest.approx(values)
        elif all(isinstance(v, date) for v in values):
            assert pd.to_datetime(column).dt.date.tolist() == values, key


def _hostile_plan() -> Plan:
    data = healthy_plan_data()
    data["name"] = '=HYPERLINK("http://evil")'
    data["communities"][0]["name"] = "=1+1"
    data["communities"][0]["community_manager"] = "@SUM(A1)"
    data["communities"][0]["totem_subject"] = "-2+3"
    data["core_team"][0]["person"] = "+33 6 00"
    return Plan.model_validate(data)


def test_formula_cells_are_neutralised() -> None:
    """Test that text cells starting with = + - @ get an apostrophe, numbers stay numbers."""
    results = plan_results(_hostile_plan())
    text = csv_bytes(results, "communities", "en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'=1+1"
    assert rows[1][1] == "'-2+3"
    assert "'@SUM(A1)" in rows[1]
    core = list(csv.reader(io.StringIO(csv_bytes(results, "core_team", "en").decode("utf-8-sig"))))
    assert core[1][1] == "'+33 6 00"
    for data in (csv_bytes(results, name, "en") for name in EXPORT_TABLES):
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_negative_numbers_stay_numeric() -> None:
    """Test that neutralising leaves numbers alone: only text is prefixed."""
    assert neutralise("-5") == "'-5"
    from planner.export.csv import _csv_cell

    assert _csv_cell(-5) == -5
    assert _csv_cell(-2.5) == -2.5


def test_zip_holds_every_table(french: PlanResults) -> None:
    """Test that the ZIP holds one CSV per table, identical to the single-table export."""
    archive = zipfile.ZipFile(io.BytesIO(csv_zip_bytes(french, "fr")))
    assert sorted(archive.namelist()) == sorted(f"{name}.csv" for name in EXPORT_TABLES)
    for name in EXPORT_TABLES:
        assert archive.read(f"{name}.csv") == csv_bytes(french, name, "fr")
    assert csv_zip_bytes(french, "fr") == csv_zip_bytes(french, "fr")
