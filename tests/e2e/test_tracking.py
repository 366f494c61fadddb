"""Tracking after launch in headless Chromium: from the French sample to its health and PDF.

The journey a community manager takes: open the sample, upload the network's weekly figures,
apply them, read each community's health and chart (the refitted curve in its 90 % band),
then take the PDF report, which carries the tracking section. Screenshots at 1280 px wide, in
normal and workshop mode, go to the test's temporary folder.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from benchmarks.idle import act, open_app
from benchmarks.server import REPO_ROOT, StreamlitServer
from planner.i18n import translate
from planner.tracking.figures import BAND_NAME_ID
from tests.e2e.widgets import go_to_page, screenshot, sidebar

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

WEEKLY = REPO_ROOT / "sample_data" / "actuals" / "weekly.csv"
#: The brief's width for screenshots: a laptop's, narrower than the other journeys' 1400 px.
WIDTH = 1280


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue."""
    return translate(key, "fr", **params)


def plotly_traces(page: Page) -> list[list[dict[str, Any]]]:
    """Every Plotly chart's traces as the browser holds them: name, fill, point count."""
    traces: list[list[dict[str, Any]]] = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => plot.data.map(
            t => ({name: t.name, fill: t.fill || null, points: (t.x || []).length})))"""
    )
    return traces


def test_import_the_weekly_figures_see_the_health_and_export_the_pdf(
    page: Page, app_server: StreamlitServer, tmp_path: Path
) -> None:
    """Test that the sample's weekly figures, applied, show each community's health, a chart
    with its 90 % band, and a PDF report with the tracking section."""
    page.set_viewport_size({"width": WIDTH, "height": 1800})
    open_app(page, app_server.url)
    act(page, page.locator(".st-key-start_sample_fr-industrie button").click)
    go_to_page(page, fr("trackpage.title"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("trackpage.title"))
    expect(page.get_by_text("Centre d’administration Microsoft 365")).to_be_visible()
    screenshot(page, tmp_path, "tracking-empty")

    uploader = page.locator(".st-key-tracking_files input[type=file]")
    act(page, lambda: uploader.set_input_files(WEEKLY))
    apply = page.get_by_role("button", name=fr("trackpage.import.apply", count=27))
    expect(apply).to_be_enabled()
    screenshot(page, tmp_path, "tracking-preview")
    act(page, apply.click)

    note = fr("trackpage.note", communities=3, snapshots=27)
    expect(page.get_by_text(note)).to_be_visible()
    table = page.get_by_role("table").filter(has_text=fr("trackpage.health.why"))
    stalled = table.get_by_role("row").filter(has_text="Voix du client")
    expect(stalled).to_contain_text(fr("level.critical"))
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three communities

    charts = plotly_traces(page)
    assert len(charts) == 3
    band = fr(BAND_NAME_ID)
    for traces in charts:
        names = [trace["name"] for trace in traces]
        assert fr("trackpage.figure.planned") in names
        assert band in names, names
        assert any(t["fill"] == "tonexty" and t["name"] == band for t in traces)
    screenshot(page, tmp_path, "tracking-health")
    page.get_by_role("heading", name=fr("trackpage.charts.title")).scroll_into_view_if_needed()
    screenshot(page, tmp_path, "tracking-charts")

    workshop = sidebar(page).get_by_text(fr("ui.sidebar.workshop"), exact=True)
    act(page, workshop.click)
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("trackpage.title"))
    screenshot(page, tmp_path, "tracking-workshop")
    page.get_by_role("heading", name=fr("trackpage.charts.title")).scroll_into_view_if_needed()
    screenshot(page, tmp_path, "tracking-workshop-charts")
    # No step bar here (not a workshop step): workshop mode is left from the sidebar.
    page.get_by_test_id("stExpandSidebarButton").click()
    act(page, workshop.click)

    go_to_page(page, fr("ui.page.export.title"))
    button = page.get_by_role("button", name=fr("export.page.pdf_button"))
    with page.expect_download(timeout=60_000) as download:
        button.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert fr("export.pdf.section.tracking") in text
    assert "Voix du client" in text
