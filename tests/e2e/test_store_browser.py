"""Plans are never lost, in headless Chromium: a reload keeps an edit, two tabs meet a conflict.

The server runs on its own SQLite file (``TOTEM_DATABASE_URL``), so nothing touches ``data/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.idle import act, open_app
from benchmarks.server import REPO_ROOT, StreamlitServer
from planner.i18n import translate
from planner.planfile import load_plan
from planner.store import PlanStore
from tests.e2e.widgets import screenshot, sidebar, submit_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

FRENCH_SAMPLE = REPO_ROOT / "sample_data" / "fr-industrie-plan.json"


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue."""
    return translate(key, "fr", **params)


def plan_url(page: Page) -> str:
    """The page's URL once the app has put the plan's id in it."""
    expect(page).to_have_url(re.compile(r"[?&]plan=[0-9a-f]{32}"))
    return page.url


def stored_sample(server: StreamlitServer, store_url: str) -> str:
    """The URL of a newly stored copy of the French sample (a newcomer's own plan)."""
    with PlanStore(store_url) as store:
        plan_id = store.create(load_plan(FRENCH_SAMPLE), author="workbook", note="").plan_id
    return f"{server.url}?plan={plan_id}"


def organisation(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=fr("ui.plan.organisation"), exact=True)


def test_an_edit_survives_a_reload(
    page: Page, store_server: StreamlitServer, store_url: str, tmp_path: Path
) -> None:
    """Test that an edited plan field is still there after the page is reloaded."""
    open_app(page, stored_sample(store_server, store_url))
    url = plan_url(page)
    plan_id = re.search(r"plan=([0-9a-f]{32})", url).group(1)  # type: ignore[union-attr]
    submit_text(page, organisation(page), "Ardelys – site de Lyon")
    expect(sidebar(page).get_by_text(fr("ui.store.saved"))).to_be_visible()
    screenshot(page, tmp_path, "edited")

    act(page, page.reload, timeout=60)
    assert plan_url(page) == url
    expect(organisation(page)).to_have_value("Ardelys – site de Lyon")
    screenshot(page, tmp_path, "reloaded")
    with PlanStore(store_url) as store:
        latest = store.latest(plan_id)
    assert latest.number == 2
    assert latest.plan.organisation == "Ardelys – site de Lyon"

    link = sidebar(page).get_by_role("link", name=fr("ui.page.plans.title"))
    act(page, link.click)
    expect(page.get_by_text(re.compile(r"informations du plan")).first).to_be_visible()
    assert plan_url(page).endswith(f"plan={plan_id}")
    screenshot(page, tmp_path, "plans-page")


def test_two_tabs_editing_the_same_plan_meet_a_conflict(
    page: Page, store_server: StreamlitServer, store_url: str, tmp_path: Path
) -> None:
    """Test that the second tab's save is refused with a warning and both choices offered."""
    open_app(page, stored_sample(store_server, store_url))
    url = plan_url(page)
    second = page.context.new_page()
    open_app(second, url)
    assert plan_url(second) == url

    submit_text(page, organisation(page), "Premier onglet")
    submit_text(second, organisation(second), "Second onglet")
    warning = second.get_by_text(re.compile(r"a enregistré la version 2 de ce plan"))
    expect(warning).to_be_visible()
    expect(second.get_by_role("button", name=fr("ui.store.reload_theirs"))).to_be_visible()
    expect(second.get_by_role("button", name=fr("ui.store.keep_mine"))).to_be_visible()
    screenshot(second, tmp_path, "conflict")

    act(second, second.get_by_role("button", name=fr("ui.store.reload_theirs")).click)
    expect(organisation(second)).to_have_value("Premier onglet")
    expect(warning).to_have_count(0)
    screenshot(second, tmp_path, "reloaded-theirs")
    second.close()
