"""User journeys through the Totem workbook in headless Chromium, one screenshot per journey.

Labels come from the translation catalogue (``planner.i18n.translate``), so a reworded label
does not break a journey; a few French names are also spelled out, to pin what a user reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from benchmarks.idle import act, open_app
from benchmarks.server import APP, REPO_ROOT, StreamlitServer, running_server
from planner import assess
from planner.i18n import translate
from planner.planfile import load_plan
from tests.e2e.widgets import (
    DataGrid,
    choose_option,
    go_to_page,
    screenshot,
    set_date,
    sidebar,
    submit_text,
)
from workbook.steps import PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

FRENCH_SAMPLE = REPO_ROOT / "sample_data" / "fr-industrie-plan.json"
#: Offsets inside a grid's canvas: one inside its first visible column (after the row
#: markers), one inside its second (the first column is at most ~120 px wide here).
FIRST_COLUMN_X = 60
SECOND_COLUMN_X = 200


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue."""
    return translate(key, "fr", **params)


def en(key: str, **params: object) -> str:
    """An English text of the catalogue."""
    return translate(key, "en", **params)


def title(page: Page, text: str) -> Locator:
    """The page's title (its level-1 heading) reading ``text``."""
    return page.get_by_role("heading", name=text, exact=True, level=1)


def textbox(page: Page, label: str) -> Locator:
    """The text input labelled ``label`` (get_by_label would also match a heading)."""
    return page.get_by_role("textbox", name=label, exact=True)


def open_button(page: Page, label: str) -> Locator:
    """The sidebar's button that opens the chosen plan (the select's arrow is also "Open")."""
    return sidebar(page).get_by_test_id("stButton").get_by_role("button", name=label)


def preview_sample(page: Page, sample: str) -> float:
    """On the start page, open the preview of ``sample``; return the seconds until idle."""
    return act(page, page.locator(f".st-key-start_sample_{sample} button").click)


@pytest.fixture
def app(page: Page, app_server: StreamlitServer) -> Page:
    """A fresh browser page on the French sample's preview, opened from the start page."""
    open_app(page, app_server.url)
    preview_sample(page, "fr-industrie")
    return page


def test_previewing_the_french_sample_shows_its_scorecard(app: Page, tmp_path: Path) -> None:
    """Test that the French sample, opened from the start page, shows its scorecard in French."""
    assessment = assess(load_plan(FRENCH_SAMPLE))
    totem = assessment.indicator("totem_subject")

    expect(title(app, fr("ui.page.plan.title"))).to_be_visible()
    expect(app.get_by_role("heading", name=fr("ui.plan.scorecard"))).to_be_visible()
    expect(app.get_by_text(fr("ui.scorecard.overall", score=assessment.score))).to_be_visible()
    # The innermost block holding the indicator's name is its tile.
    tile = app.get_by_test_id("stVerticalBlock").filter(
        has=app.get_by_text("Sujet totem", exact=True)
    )
    expect(tile.last).to_contain_text(f"{totem.score}/100 · {fr(f'level.{totem.level.value}')}")
    for name in ("Période de lancement", "Sujet totem", "Ambassadeurs", "Résistances"):
        expect(app.get_by_text(name, exact=True).first).to_be_visible()
    expect(textbox(app, fr("ui.plan.organisation"))).to_have_value("Ardelys Industrie")
    screenshot(app, tmp_path, "first-visit")


def test_a_new_plan_built_from_scratch_gets_a_healthy_totem_subject(
    app: Page, tmp_path: Path
) -> None:
    """Test that a new empty plan, given dates and one full community, passes the totem check."""
    go_to_page(app, fr("ui.page.communities.title"))
    choose_option(app, sidebar(app).get_by_role("combobox"), fr("ui.sidebar.sample.new"))
    act(app, open_button(app, fr("ui.sidebar.open")).click)
    new_name = fr("ui.sidebar.new_plan_name")
    expect(sidebar(app).get_by_text(fr("ui.sidebar.current_plan", name=new_name))).to_be_visible()
    expect(app.get_by_text(fr("ui.communities.add_first"))).to_be_visible()

    go_to_page(app, fr("ui.page.plan.title"))
    set_date(app, fr("ui.plan.start_date"), "04012027")
    set_date(app, fr("ui.plan.launch_date"), "15032027")
    set_date(app, fr("ui.plan.end_date"), "02072027")
    expect(app.get_by_text(re.compile(r"Période de lancement du 15 mars 2027 au"))).to_be_visible()

    go_to_page(app, fr("ui.page.communities.title"))
    communities = DataGrid(app, app.get_by_test_id("stDataFrame").first)
    communities.add_row()
    communities.edit_cell(0, FIRST_COLUMN_X, "Qualité terrain")
    communities.edit_cell(0, SECOND_COLUMN_X, "Zéro défaut chez le client")
    expect(app.get_by_text(fr("ui.communities.add_first"))).to_have_count(0)

    objectives = DataGrid(app, app.get_by_test_id("stDataFrame").nth(1))
    objectives.add_row()
    objectives.edit_cell(0, SECOND_COLUMN_X, "Fiches QRQC partagées")
    objectives.edit_cell(0, SECOND_COLUMN_X, "40", right=1)
    objectives.edit_cell(0, SECOND_COLUMN_X, "2027-06-30", right=3)
    benefits = DataGrid(app, app.get_by_test_id("stDataFrame").nth(2))
    benefits.add_row()
    benefits.edit_cell(0, SECOND_COLUMN_X, "Trouver en quelques minutes la contre-mesure validée")
    # Target and due date reached the plan: the objective is measurable, nothing is missing.
    expect(app.get_by_text(fr("ui.guide.nothing_missing"))).to_be_visible()
    screenshot(app, tmp_path, "new-plan-communities")

    go_to_page(app, fr("ui.page.readiness.title"))
    verdict = app.get_by_text(re.compile(r"^Sujet totem — \d+/100 — "))
    expect(verdict).to_be_visible()
    expect(verdict).not_to_contain_text(fr("level.critical"))
    expect(app.get_by_text(re.compile(r"^Période de lancement — \d+/100 — "))).not_to_contain_text(
        fr("level.critical")
    )
    screenshot(app, tmp_path, "new-plan-readiness")


def test_workshop_mode_steps_through_the_flow(app: Page, tmp_path: Path) -> None:
    """Test that workshop mode shows "Step n of N" and moves with Next and Previous.

    The sidebar lists the nine steps and the tracking page after launch, which is no workshop
    step: N is nine.
    """
    steps = sidebar(app).get_by_test_id("stSidebarNavLink").count() - 1
    assert steps == len(PAGES)
    go_to_page(app, fr("ui.page.communities.title"))
    act(app, sidebar(app).get_by_text(fr("ui.sidebar.workshop"), exact=True).click)

    def step_heading(number: int, page_key: str) -> str:
        step = fr("ui.workshop.step", number=number, total=steps)
        return f"{step} — {fr(f'ui.page.{page_key}.title')}"

    expect(app.get_by_role("heading", name=step_heading(2, "communities"))).to_be_visible()
    expect(sidebar(app).get_by_test_id("stSidebarNavLink")).to_have_count(0)
    next_button = app.get_by_role("button", name=fr("ui.workshop.next"))
    act(app, next_button.click)
    expect(app.get_by_role("heading", name=step_heading(3, "populations"))).to_be_visible()
    act(app, next_button.click)
    expect(app.get_by_role("heading", name=step_heading(4, "people"))).to_be_visible()
    act(app, app.get_by_role("button", name=fr("ui.workshop.previous")).click)
    expect(app.get_by_role("heading", name=step_heading(3, "populations"))).to_be_visible()
    screenshot(app, tmp_path, "workshop-step-3")


def test_switching_language_keeps_the_plan(app: Page, tmp_path: Path) -> None:
    """Test that switching to English and back keeps the plan, edits included."""
    organisation = "Ardelys Industrie – site de Lyon"
    submit_text(app, textbox(app, fr("ui.plan.organisation")), organisation)

    act(app, sidebar(app).get_by_text(en("ui.language.en"), exact=True).click)
    expect(title(app, en("ui.page.plan.title"))).to_be_visible()
    expect(textbox(app, en("ui.plan.name"))).to_be_visible()
    expect(textbox(app, en("ui.plan.organisation"))).to_have_value(organisation)
    expect(app.get_by_text(en("ui.plan.scorecard"))).to_be_visible()
    expect(app.get_by_text("Totem subject", exact=True)).to_be_visible()
    plan_name = load_plan(FRENCH_SAMPLE).name
    expect(sidebar(app).get_by_text(en("ui.sidebar.current_plan", name=plan_name))).to_be_visible()
    screenshot(app, tmp_path, "language-english")

    go_to_page(app, en("ui.page.communities.title"))
    act(app, sidebar(app).get_by_text(en("ui.language.fr"), exact=True).click)
    expect(title(app, fr("ui.page.communities.title"))).to_be_visible()
    go_to_page(app, fr("ui.page.plan.title"))
    expect(textbox(app, fr("ui.plan.organisation"))).to_have_value(organisation)
    expect(textbox(app, fr("ui.plan.name"))).to_be_visible()


def test_first_sidebar_choice_on_a_fresh_server_is_kept(page: Page) -> None:
    """Test that the first visitor's first actions, a sample then a sidebar choice, stick."""
    # Its own server: only the first session a server ever serves shows the problem.
    with running_server(APP) as server:
        open_app(page, server.url)
        preview_sample(page, "fr-industrie")
        expect(title(page, fr("ui.page.plan.title"))).to_be_visible()
        select = sidebar(page).get_by_role("combobox")
        choice = fr("ui.sidebar.sample.en-team")
        choose_option(page, select, choice)
        expect(select).to_have_value(choice, timeout=2000)


def test_a_plan_chosen_before_switching_language_still_opens(app: Page) -> None:
    """Test that a plan chosen in the sidebar opens after the language was switched."""
    go_to_page(app, fr("ui.page.communities.title"))
    choose_option(app, sidebar(app).get_by_role("combobox"), fr("ui.sidebar.sample.en-team"))
    act(app, sidebar(app).get_by_text(en("ui.language.en"), exact=True).click)
    act(app, open_button(app, en("ui.sidebar.open")).click)
    expect(app.get_by_test_id("stException")).to_have_count(0)
    expect(title(app, en("ui.page.communities.title"))).to_be_visible()
    # The chosen sample is the plan now open, not the French one nor a fallback.
    expect(sidebar(app).get_by_text("Data Platform Guild launch", exact=False)).to_be_visible()


def test_the_plan_file_is_made_on_click_and_is_the_plan_in_hand(app: Page) -> None:
    """Test that the export page's plan download, made only on click, gives the plan as JSON."""
    go_to_page(app, fr("ui.page.export.title"))
    button = app.get_by_role("button", name=fr("ui.export.download_button"))
    with app.expect_download() as download_info:
        button.click()
    path = download_info.value.path()
    downloaded = load_plan(path)
    assert downloaded == load_plan(FRENCH_SAMPLE)
