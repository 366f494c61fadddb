"""Interactions of the Totem workbook measured by ``benchmarks.latency``, on its French sample.

The app opens on the French sample plan's "Le plan" page; labels come from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from planner.i18n import translate

#: An interaction: given its index, perform one action that triggers exactly one rerun.
Interaction = Callable[[int], object]


def edit_organisation(page: Page) -> Interaction:
    """Retype the organisation on the plan page and press Enter (the plan is replaced)."""
    field = page.get_by_role("textbox", name=translate("ui.plan.organisation", "fr"), exact=True)

    def interact(index: int) -> None:
        field.fill(f"Ardelys Industrie {index}")
        field.press("Enter")

    return interact


def switch_pages(page: Page) -> Interaction:
    """Open the next page of the sidebar navigation, round the nine steps of the workbook."""
    links = page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNavLink")
    count = links.count()

    def interact(index: int) -> None:
        links.nth((index + 1) % count).click()

    return interact


#: Scenario name → how to build its interaction on a page showing the app.
SCENARIOS: dict[str, Callable[[Page], Interaction]] = {
    "organisation text + Enter (plan page)": edit_organisation,
    "page switch (round the 9 pages)": switch_pages,
}
