"""Tests of ``python -m planner export``: the same bytes as the library, exit 2 on a bad plan."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from planner.cli import main
from planner.export import csv_bytes, plan_results, xlsx_bytes
from planner.planfile import load_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "fr-industrie-plan.json"


def _sheets(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


@pytest.mark.parametrize("table", ["tasks", "populations"])
def test_csv_export_matches_the_library(tmp_path: Path, table: str) -> None:
    """Test that the command writes the bytes the workbook's download gives."""
    out = tmp_path / "out.csv"
    assert (
        main(["export", str(SAMPLE), "--format", "csv", "--table", table, "--out", str(out)]) == 0
    )
    assert out.read_bytes() == csv_bytes(plan_results(load_plan(SAMPLE)), table, "fr")  # type: ignore[arg-type]


def test_xlsx_and_zip_exports(tmp_path: Path) -> None:
    """Test the Excel and ZIP formats, in English on demand."""
    xlsx = tmp_path / "plan.xlsx"
    assert (
        main(["export", str(SAMPLE), "--format", "xlsx", "--lang", "en", "--out", str(xlsx)]) == 0
    )
    expected = xlsx_bytes(plan_results(load_plan(SAMPLE)), "en")
    # openpyxl stamps the save time in docProps: compare every sheet's content instead.
    assert _sheets(xlsx.read_bytes()) == _sheets(expected)
    archive = tmp_path / "plan.zip"
    assert main(["export", str(SAMPLE), "--format", "zip", "--out", str(archive)]) == 0
    assert "tasks.csv" in zipfile.ZipFile(archive).namelist()


def test_bad_plan_exits_2_with_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Test that a bad plan gives exit code 2, one line per problem, and no file."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1}', encoding="utf-8")
    out = tmp_path / "out.ics"
    assert main(["export", str(bad), "--format", "ics", "--out", str(out)]) == 2
    assert "name" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    """Test that an unknown format is refused by the argument parser."""
    code = main(["export", str(SAMPLE), "--format", "docx", "--out", str(tmp_path / "x")])
    assert code == 2
