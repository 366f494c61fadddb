"""Edits rerun only what they change, in headless Chromium (see workbook.parts.plan_part).

A field or a grid cell whose change shows nowhere else reruns its own part of the page and the
sidebar's "saved at" line: the server reports a fragment run, and the plan is saved all the same.
A change that shows elsewhere (the plan's name, in the sidebar) reruns the whole app.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from benchmarks import totem
from benchmarks.idle import act, open_app, watch_script_runs
from benchmarks.server import APP, StreamlitServer, running_server
from planner.i18n import translate
from planner.store import PlanStore
from tests.e2e.widgets import sidebar

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

FRAGMENT_RUN = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
FULL_RUN = "FINISHED_SUCCESSFULLY"


@pytest.fixture(scope="module")
def stored() -> Iterator[tuple[StreamlitServer, PlanStore, str]]:
    """The workbook on a throwaway store holding the French sample plan."""
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, totem.french_sample())
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            yield server, store, plan_id


def _field(page: Page, key: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=translate(key, "fr"), exact=True)


def _submit(page: Page, key: str, text: str) -> str:
    """Type ``text`` in a field of the plan page + Enter; return how the last run ended."""
    field = _field(page, key)
    field.fill(text)
    act(page, lambda: field.press("Enter"))
    return watch_script_runs(page).statuses[-1]


def test_a_field_shown_nowhere_else_reruns_its_part_only(
    page: Page, stored: tuple[StreamlitServer, PlanStore, str]
) -> None:
    """Test that retyping the organisation is a fragment run that still saves the plan."""
    server, store, plan_id = stored
    open_app(page, totem.plan_url(server.url, plan_id))
    before = store.latest(plan_id).number

    assert _submit(page, "ui.plan.organisation", "Ardelys Lyon") == FRAGMENT_RUN

    latest = store.latest(plan_id)
    assert latest.number == before + 1
    assert latest.plan.organisation == "Ardelys Lyon"
    expect(_field(page, "ui.plan.organisation")).to_have_value("Ardelys Lyon")


def test_a_name_shown_in_the_sidebar_reruns_the_whole_app(
    page: Page, stored: tuple[StreamlitServer, PlanStore, str]
) -> None:
    """Test that renaming the plan reruns the app, so the sidebar shows the new name."""
    server, store, plan_id = stored
    open_app(page, totem.plan_url(server.url, plan_id))

    assert _submit(page, "ui.plan.name", "Plan renommé") == FULL_RUN

    assert store.latest(plan_id).plan.name == "Plan renommé"
    expect(sidebar(page).get_by_text("Plan renommé", exact=False).first).to_be_visible()


def test_a_refused_field_says_why_and_keeps_the_plan(
    page: Page, stored: tuple[StreamlitServer, PlanStore, str]
) -> None:
    """Test that an empty plan name is refused next to the field and nothing is saved."""
    server, store, plan_id = stored
    open_app(page, totem.plan_url(server.url, plan_id))
    before = store.latest(plan_id)

    _submit(page, "ui.plan.name", "")

    expect(page.get_by_test_id("stAlertContentError").first).to_contain_text(
        translate("ui.plan.name", "fr")
    )
    after = store.latest(plan_id)
    assert (after.number, after.plan.name) == (before.number, before.plan.name)


def test_a_grid_edit_saves_and_reruns_the_page_parts_not_the_app(
    page: Page, stored: tuple[StreamlitServer, PlanStore, str]
) -> None:
    """Test that renaming a community in the grid saves it in a fragment run."""
    server, store, plan_id = stored
    open_app(page, totem.plan_url(server.url, plan_id))

    totem.edit_community_cell(page, "fr")(3)

    assert watch_script_runs(page).statuses[-1] == FRAGMENT_RUN
    assert store.latest(plan_id).plan.communities[0].name == "Communauté 3"


def test_readiness_draws_only_the_chart_of_the_open_tab(
    page: Page, stored: tuple[StreamlitServer, PlanStore, str]
) -> None:
    """Test that the readiness page draws one chart, and another tab draws its own."""
    server, _, plan_id = stored
    open_app(page, totem.plan_url(server.url, plan_id))
    link = sidebar(page).get_by_role(
        "link", name=translate("ui.page.readiness.title", "fr"), exact=True
    )
    act(page, link.click)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(1)

    tab = page.get_by_role("tab", name=translate("ui.readiness.resistance", "fr"))
    act(page, tab.click)

    assert watch_script_runs(page).statuses[-1] == FRAGMENT_RUN
    expect(charts).to_have_count(1)
    # The heat map's axis lists the six brakes.
    expect(charts.first).to_contain_text(translate("factor.workload", "fr"))
