"""Drive Streamlit widgets in a real browser the way a user does, each action waiting for idle.

Every helper that changes a widget goes through :func:`benchmarks.idle.act`, so it returns only
once the rerun it caused has finished and the page shows its result.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from benchmarks.idle import act

#: Glide data grid geometry in Streamlit 1.67 (pixels): header row and body rows.
GRID_HEADER_HEIGHT = 35
GRID_ROW_HEIGHT = 35
#: The cell editor glide opens over the canvas: a textarea (text), an input (number, date).
_GRID_EDITOR = "[id^=gdg-overlay-] textarea, [id^=gdg-overlay-] input"


def sidebar(page: Page) -> Locator:
    """The app's sidebar."""
    return page.get_by_test_id("stSidebar")


#: True once an expander is open and its contents take clicks: the ``<details>`` is open, no
#: height animation runs and React has lifted ``inert`` from the contents.
_EXPANDER_SETTLED = """details => details.open
    && details.getAnimations({subtree: true}).length === 0
    && !details.querySelector('[data-testid="stExpanderDetails"]').inert"""


def open_expander(page: Page, label: str) -> Locator:
    """Click the expander labelled ``label`` open; return it once its contents take clicks.

    Streamlit opens the ``<details>`` at once, animates its height, and lifts ``inert`` from the
    contents on React's next render. On a loaded machine a click sent in between was dropped
    (no rerun, about one run in two with a core kept busy); a person is never that quick.
    """
    expander = page.get_by_test_id("stExpander").filter(has_text=label)
    expander.get_by_text(label, exact=True).click()
    details = expander.locator("details").element_handle()
    page.wait_for_function(_EXPANDER_SETTLED, arg=details)
    return expander


def go_to_page(page: Page, title: str) -> float:
    """Click the sidebar navigation link ``title``; return the seconds until idle."""
    return act(page, sidebar(page).get_by_role("link", name=title, exact=True).click)


def choose_option(page: Page, select: Locator, option: str) -> float:
    """Open the ``st.selectbox`` ``select`` (its combobox) and pick ``option``."""
    select.click()
    return act(page, page.get_by_role("option", name=option, exact=True).click)


def submit_text(page: Page, field: Locator, text: str) -> float:
    """Replace the text of an ``st.text_input`` and press Enter."""

    def type_and_submit() -> None:
        field.fill(text)
        field.press("Enter")

    return act(page, type_and_submit)


def set_date(page: Page, label: str, day: str) -> float:
    """Type ``day`` (digits in the field's order, e.g. ``"15032027"``) into ``st.date_input``.

    The segmented date field commits on blur, not on Enter: typing is followed by a click on
    the page title, as a user moving on would do.
    """
    field = page.get_by_role("group", name=label, exact=True)

    def type_and_leave() -> None:
        field.get_by_role("spinbutton").first.click()
        page.keyboard.type(day)
        page.get_by_role("heading", level=1).click()

    return act(page, type_and_leave)


class DataGrid:
    """An ``st.data_editor``: a canvas, so cells are reached by coordinates and the keyboard.

    Columns are addressed by ``x``, a horizontal offset in pixels inside a visible column,
    plus ``right``, a number of columns to move right from there (the grid scrolls to them).
    """

    def __init__(self, page: Page, element: Locator) -> None:
        self.page = page
        self.element = element
        self.canvas = element.get_by_test_id("data-grid-canvas")

    def add_row(self) -> float:
        """Click the toolbar's "Add row" button (shown while the grid is hovered)."""
        self.element.hover()
        return act(self.page, self.element.get_by_role("button", name="Add row").click)

    def edit_cell(self, row: int, x: float, value: str, *, right: int = 0) -> float:
        """Open the editor of a cell, replace its value with ``value`` and press Enter.

        With ``right == 0`` the cell at ``x`` is double-clicked. Otherwise that cell's editor
        is opened and closed (Escape) to select it whatever the grid selected before, then
        the selection moves ``right`` columns and Enter opens the editor there.
        """
        self._open_editor(row, x)
        if right:
            self.page.keyboard.press("Escape")
            expect(self.page.locator(_GRID_EDITOR)).to_have_count(0)
            for _ in range(right):
                self.page.keyboard.press("ArrowRight")
            self.page.keyboard.press("Enter")
        editor = self.page.locator(_GRID_EDITOR).first
        editor.wait_for()
        # fill() rather than typed keys: keys sent before the editor has focus are lost.
        editor.fill(value)
        return act(self.page, lambda: editor.press("Enter"))

    def _open_editor(self, row: int, x: float) -> None:
        self.canvas.scroll_into_view_if_needed()
        box = self.canvas.bounding_box()
        assert box is not None, "the data grid is not visible"
        y = GRID_HEADER_HEIGHT + GRID_ROW_HEIGHT * row + GRID_ROW_HEIGHT / 2
        # The mouse, not canvas.dblclick(): a transparent scroller lies over the canvas.
        self.page.mouse.dblclick(box["x"] + x, box["y"] + y)
        self.page.locator(_GRID_EDITOR).first.wait_for()


def screenshot(page: Page, directory: Path, name: str) -> Path:
    """Save a screenshot of the viewport as ``directory/name.png``, print and return its path.

    Streamlit scrolls inside its own container, so ``full_page`` adds nothing: the tests use a
    tall viewport instead.
    """
    path = directory / f"{name}.png"
    page.screenshot(path=path)
    print(f"screenshot: {path}")
    return path
