"""Interactions of the Totem workbook measured by ``benchmarks.latency`` and ``benchmarks.load``.

Every interaction performs one user action and returns the seconds from the action that
triggers the rerun to idle (:func:`benchmarks.idle.act`). Labels come from the catalogue, in the
language the workbook shows (the plan's own language when a session opens it).

The plans are stored first in a throwaway store (:func:`throwaway_store`) and opened with
``?plan=ID``, so a benchmark never writes to ``data/``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from benchmarks.idle import act
from benchmarks.server import REPO_ROOT
from planner.i18n import translate
from planner.models import Plan
from planner.planfile import load_plan
from planner.store import PlanStore
from planner.synthetic import generate_plan

#: An interaction: given its index, perform one action and return the seconds until idle.
Interaction = Callable[[int], float]

FRENCH_SAMPLE = REPO_ROOT / "sample_data" / "fr-industrie-plan.json"
#: Glide data grid geometry in Streamlit 1.67 (as in tests/e2e/widgets.py): header and rows.
GRID_HEADER_HEIGHT = 35
GRID_ROW_HEIGHT = 35
#: An offset inside the grid's first visible column (after the row markers).
GRID_FIRST_COLUMN_X = 60
#: The cell editor glide opens over the canvas: a textarea (text), an input (number, date).
GRID_EDITOR = "[id^=gdg-overlay-] textarea, [id^=gdg-overlay-] input"


def french_sample() -> Plan:
    """The French sample plan of the workbook."""
    return load_plan(FRENCH_SAMPLE, lang="fr")


def synthetic(communities: int) -> Plan:
    """A generated plan of ``communities`` communities (5 populations, 10 ambassadors each)."""
    return generate_plan(communities, seed=1)


@contextmanager
def throwaway_store() -> Iterator[tuple[str, PlanStore]]:
    """A SQLite plan store in a temporary directory: its URL and the open store."""
    with tempfile.TemporaryDirectory(prefix="totem-bench-") as directory:
        url = f"sqlite:///{Path(directory) / 'totem.db'}"
        with PlanStore(url) as store:
            yield url, store


def store_plan(store: PlanStore, plan: Plan, note: str = "benchmark") -> str:
    """Store ``plan`` as a new plan; return its id."""
    return store.create(plan, author="benchmark", note=note).plan_id


def plan_url(base_url: str, plan_id: str) -> str:
    """The workbook's URL opening the stored plan ``plan_id``."""
    return f"{base_url}?plan={plan_id}"


def edit_organisation(page: Page, lang: str) -> Interaction:
    """Retype the organisation on the plan page and press Enter (the plan is replaced)."""
    field = page.get_by_role("textbox", name=translate("ui.plan.organisation", lang), exact=True)

    def interact(index: int) -> float:
        def type_and_submit() -> None:
            field.fill(f"Ardelys Industrie {index}")
            field.press("Enter")

        return act(page, type_and_submit)

    return interact


def switch_pages(page: Page, lang: str) -> Interaction:
    """Open the next page of the sidebar navigation, round the pages of the workbook."""
    links = page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNavLink")
    count = links.count()

    def interact(index: int) -> float:
        return act(page, links.nth((index + 1) % count).click)

    return interact


def edit_first_cell(page: Page, text: Callable[[int], str]) -> Interaction:
    """Retype the first cell of the page's first data grid (``text(index)``) and press Enter.

    Only the Enter that commits the cell is timed: double-clicking the canvas and filling the
    editor do not talk to the server.
    """
    grid = page.get_by_test_id("stDataFrame").first
    canvas = grid.get_by_test_id("data-grid-canvas")

    def interact(index: int) -> float:
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None, "the data grid is not visible"
        y = GRID_HEADER_HEIGHT + GRID_ROW_HEIGHT / 2
        # The mouse, not canvas.dblclick(): a transparent scroller lies over the canvas.
        page.mouse.dblclick(box["x"] + GRID_FIRST_COLUMN_X, box["y"] + y)
        editor = page.locator(GRID_EDITOR).first
        editor.wait_for()
        # fill() rather than typed keys: keys sent before the editor has focus are lost.
        editor.fill(text(index))
        return act(page, lambda: editor.press("Enter"))

    return interact


def edit_community_cell(page: Page, lang: str) -> Interaction:
    """On the communities page, retype the first community's name in the data grid + Enter.

    Opening the page is set-up, not measured (see :func:`edit_first_cell`).
    """
    title = translate("ui.page.communities.title", lang)
    link = page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True)
    act(page, link.click)
    return edit_first_cell(page, lambda index: f"Communauté {index}")


def switch_language(page: Page, lang: str) -> Interaction:
    """Click the other language in the sidebar's language radio (and back, next time)."""
    sidebar = page.get_by_test_id("stSidebar")
    shown = [lang]

    def interact(index: int) -> float:
        other = "en" if shown[0] == "fr" else "fr"
        option = sidebar.get_by_text(translate(f"ui.language.{other}", shown[0]), exact=True)
        seconds = act(page, option.click)
        shown[0] = other
        return seconds

    return interact


@dataclass(frozen=True)
class Scenario:
    """One kind of interaction: its name in the table and how to build it on an idle page."""

    name: str
    make: Callable[[Page, str], Interaction]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("edit a field (organisation + Enter)", edit_organisation),
    Scenario("edit a table cell (communities grid)", edit_community_cell),
    Scenario("switch page (round the pages)", switch_pages),
    Scenario("switch language (sidebar radio)", switch_language),
)
