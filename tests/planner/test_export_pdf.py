"""Tests of the PDF report, on its bytes: text, fonts, images, structure (poppler and qpdf)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.export import charts, pdf_bytes, plan_results
from planner.export.pdf import FONTS_DIR, report_outline
from planner.i18n import render, translate
from planner.planfile import load_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "fr-industrie-plan.json"
STAMP = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)


def _tool(*args: str) -> str:
    # No skip when poppler or qpdf is missing: make test installs them, so that is a failure.
    assert shutil.which(args[0]), f"{args[0]} is missing: run make system-deps"
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def french_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The French sample's report, made once for the whole module."""
    plan = load_plan(SAMPLE)
    path = tmp_path_factory.mktemp("pdf") / "report-fr.pdf"
    path.write_bytes(pdf_bytes(plan_results(plan), "fr", stamp=STAMP))
    return path


@pytest.fixture(scope="module")
def french_text(french_report: Path) -> str:
    return _tool("pdftotext", "-layout", str(french_report), "-")


def test_report_names_every_community(french_text: str) -> None:
    """Test that each community's name appears in the report."""
    plan = load_plan(SAMPLE)
    flat = " ".join(french_text.split())
    for community in plan.communities:
        assert " ".join(community.name.split()) in flat


def test_report_prints_every_indicator_reason(french_report: Path) -> None:
    """Test that each indicator's reason, rendered in French, is in the report."""
    plan = load_plan(SAMPLE)
    text = " ".join(_tool("pdftotext", str(french_report), "-").split())
    for indicator in plan_results(plan).assessment.indicators:
        words = render(indicator.reason, "fr").split()
        # A table cell wraps its text: compare word by word, in order, across line breaks.
        position = 0
        for word in words:
            position = text.find(word, position)
            assert position >= 0, (indicator.id, word)


def test_french_typography_survives(french_text: str) -> None:
    """Test that œ, ’, é and the plan's own French strings come back exactly."""
    assert "Équipe cœur" in french_text
    assert "d’" in french_text
    assert "œ" in french_text
    assert translate("export.pdf.contents", "fr") in french_text


def test_pdf_structure_is_valid(french_report: Path) -> None:
    """Test that qpdf finds no structural error."""
    result = subprocess.run(
        ["qpdf", "--check", str(french_report)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dejavu_is_embedded(french_report: Path) -> None:
    """Test that every font of the report is DejaVu, embedded."""
    lines = _tool("pdffonts", str(french_report)).splitlines()[2:]
    assert lines
    for line in lines:
        assert "DejaVu" in line
        assert " yes " in line  # the "emb" column


def test_report_embeds_the_chart_images(french_report: Path) -> None:
    """Test that the six charts are embedded as images (make test installs Chromium)."""
    assert charts.charts_unavailable_reason() is None
    lines = _tool("pdfimages", "-list", str(french_report)).splitlines()[2:]
    assert len([line for line in lines if " image " in line]) >= 6


def test_report_has_page_numbers_and_contents(french_text: str) -> None:
    """Test that pages are numbered and the contents list the sections."""
    assert "Page 3 sur" in french_text
    for section in report_outline("fr", charts_missing=None).sections:
        assert section in french_text


def test_report_without_charts_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Test that with Kaleido unavailable the report is still made and explains the gap."""

    def unavailable(*args: object, **kwargs: object) -> list[bytes]:
        raise RuntimeError("Chromium is not installed")

    monkeypatch.setattr("planner.export.pdf.render_pngs", unavailable)
    plan = load_plan(ROOT / "sample_data" / "en-team-plan.json")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(plan_results(plan), "en", stamp=STAMP))
    text = " ".join(_tool("pdftotext", str(path), "-").split())
    assert "This chart could not be drawn here" in text
    assert "Chromium is not installed" in text
    assert _tool("pdfimages", "-list", str(path)).splitlines()[2:] == []
    assert translate("export.pdf.section.tasks", "en") in text


def test_fonts_travel_with_their_licence() -> None:
    """Test that the three DejaVu faces and their licence sit together."""
    names = {path.name for path in FONTS_DIR.iterdir()}
    assert {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "LICENSE-DejaVu.txt",
    } <= names


def test_outline_carries_the_missing_charts_message() -> None:
    """Test that the preview states the absence message when charts cannot be drawn."""
    outline = report_outline("fr", charts_missing="ChromeNotFoundError")
    assert outline.charts_missing is not None
    assert "ChromeNotFoundError" in outline.charts_missing
    assert report_outline("fr", charts_missing=None).charts_missing is None


def test_no_page_is_left_blank(french_report: Path) -> None:
    """Test that every page carries more than its running header and page number."""
    pages = _tool("pdftotext", str(french_report), "-").split("\f")[:-1]
    blank = []
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        body = [line for line in lines if "Plan de lancement" not in line and "Page " not in line]
        if not body:
            blank.append(number)
    assert pages
    assert blank == []
