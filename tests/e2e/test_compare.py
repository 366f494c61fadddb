"""Comparing two revisions in headless Chromium: from the history to the deltas and the PDF."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from benchmarks import totem
from benchmarks.idle import act, open_app
from benchmarks.server import APP, running_server
from planner import assess
from planner.i18n import translate
from tests.e2e.widgets import choose_option, screenshot, sidebar

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue."""
    return translate(key, "fr", **params)


def test_compare_the_first_and_latest_revision_from_the_history(page: Page, tmp_path: Path) -> None:
    """Test that the history opens the comparison, which shows the deltas and exports a PDF."""
    first = totem.french_sample()
    assert first.end_date is not None
    latest = first.model_copy(update={"end_date": first.end_date - timedelta(weeks=9)})
    drop = assess(latest).indicator("launch_duration").score
    drop -= assess(first).indicator("launch_duration").score
    assert drop < 0
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, first)
        store.save(plan_id, latest, base_revision=1, author="Ana", note="plan")
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            open_app(page, totem.plan_url(server.url, plan_id))
            link = sidebar(page).get_by_role("link", name=fr("ui.page.plans.title"))
            act(page, link.click)
            select = page.get_by_role("combobox", name=fr("ui.plans.preview"))
            choose_option(page, select, fr("ui.plans.revision", number=1))
            act(page, page.get_by_role("button", name=fr("ui.compare.open")).click)

            expect(page.get_by_role("heading", level=1)).to_have_text(fr("ui.page.compare.title"))
            row = page.get_by_role("row").filter(has_text=fr("indicator.launch_duration.name"))
            expect(row).to_contain_text(f"↓ {drop}")
            expect(page.get_by_text(re.compile(r"Fin de la période de lancement"))).to_be_visible()
            screenshot(page, tmp_path, "compare")

            button = page.get_by_role("button", name=fr("ui.compare.pdf"))
            with page.expect_download() as download:
                button.click()
            data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert fr("indicator.launch_duration.name") in text
