"""The start page in headless Chromium: looking stores nothing, the first edit stores one plan.

The server runs on its own SQLite file (``TOTEM_DATABASE_URL``), so the count of stored plans
is the server's alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.idle import act, open_app
from benchmarks.server import APP, REPO_ROOT, StreamlitServer, running_server
from planner.i18n import translate
from planner.planfile import load_plan
from planner.store import PlanStore
from tests.e2e.widgets import go_to_page, screenshot, submit_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

VISITORS = 10
SAMPLES = REPO_ROOT / "sample_data"


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue."""
    return translate(key, "fr", **params)


def stored_plans(store_url: str) -> int:
    with PlanStore(store_url) as store:
        return len(store.list_plans(include_deleted=True))


def look_around(page: Page, url: str) -> None:
    """Open the bare address, preview the French sample, and visit three of its pages."""
    open_app(page, url)
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("ui.start.title", "en"))
    act(page, page.locator(".st-key-start_sample_fr-industrie button").click)
    for step in ("communities", "timeline", "readiness"):
        go_to_page(page, fr(f"ui.page.{step}.title"))
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_ten_visitors_who_only_look_store_nothing_and_a_first_edit_stores_one_plan(
    browser: Browser, store_server: StreamlitServer, store_url: str, tmp_path: Path
) -> None:
    """Test that bare-address visits store no plan; a first edit stores one, named in the URL."""
    before = stored_plans(store_url)
    for _ in range(VISITORS):
        context = browser.new_context()
        try:
            page = context.new_page()
            look_around(page, store_server.url)
            assert "plan=" not in page.url
        finally:
            context.close()
    assert stored_plans(store_url) == before

    page = browser.new_context().new_page()
    look_around(page, store_server.url)
    go_to_page(page, fr("ui.page.plan.title"))
    field = page.get_by_role("textbox", name=fr("ui.plan.organisation"), exact=True)
    submit_text(page, field, "Ardelys – site de Lyon")
    expect(page).to_have_url(re.compile(r"[?&]plan=[0-9a-f]{32}"))
    assert stored_plans(store_url) == before + 1
    url = page.url

    act(page, page.reload, timeout=60)
    assert page.url == url
    field = page.get_by_role("textbox", name=fr("ui.plan.organisation"), exact=True)
    expect(field).to_have_value("Ardelys – site de Lyon")
    assert stored_plans(store_url) == before + 1
    screenshot(page, tmp_path, "first-edit-reloaded")
    page.context.close()


@pytest.mark.parametrize("page_path", ["readiness", "tracking"])
def test_a_deep_link_opened_first_after_a_restart_opens_its_plan_on_its_page(
    browser: Browser, tmp_path: Path, page_path: str
) -> None:
    """Test that the first visitor of a fresh server following /PAGE?plan=ID lands there.

    Until app.py has run once, Streamlit runs a deep link's page file alone; the page goes back
    through the router with the link's plan and page instead of losing them on the start page.
    """
    store_url = f"sqlite:///{tmp_path / 'totem.db'}"
    with PlanStore(store_url) as store:
        plan = load_plan(SAMPLES / "fr-industrie-plan.json")
        plan_id = store.create(plan, author="Test", note="").plan_id
    with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
        context = browser.new_context()
        try:
            page = context.new_page()
            open_app(page, f"{server.url}{page_path}?plan={plan_id}")
            title = "trackpage.title" if page_path == "tracking" else f"ui.page.{page_path}.title"
            expect(page.get_by_role("heading", level=1)).to_have_text(fr(title))
            assert page.url == f"{server.url}{page_path}?plan={plan_id}"
            expect(page.get_by_test_id("stException")).to_have_count(0)
        finally:
            context.close()


def test_a_page_link_without_a_plan_shows_the_start_page_then_that_page_of_the_plan_opened(
    browser: Browser, store_server: StreamlitServer, store_url: str
) -> None:
    """Test that /timeline with no plan in hand, on a server that has run (a bookmark without
    ?plan=), shows the start page with no "page not found" dialog, and that opening a recent
    plan there lands on its timeline."""
    with PlanStore(store_url) as store:
        plan = load_plan(SAMPLES / "fr-industrie-plan.json")
        plan_id = store.create(plan, author="Test", note="").plan_id
    context = browser.new_context()
    try:
        page = context.new_page()
        open_app(page, store_server.url)  # the router has run: no fresh-server detour below
        open_app(page, f"{store_server.url}timeline")
        expect(page.get_by_role("heading", level=1)).to_have_text(translate("ui.start.title", "en"))
        expect(page.get_by_role("dialog")).to_have_count(0)
        assert page.url == f"{store_server.url}?open=timeline"
        act(page, page.locator(f".st-key-start_open_{plan_id} button").click)
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("ui.page.timeline.title"))
        expect(page).to_have_url(f"{store_server.url}timeline?plan={plan_id}")
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()
