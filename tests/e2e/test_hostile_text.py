"""User text is data, never markup, in headless Chromium: a plan whose every text field holds
Markdown, Streamlit directives, math, HTML and links shows them as typed on every page.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pydantic import BaseModel

from benchmarks import totem
from benchmarks.idle import act, open_app
from benchmarks.server import APP, REPO_ROOT, StreamlitServer, running_server
from planner.i18n import translate
from planner.models import Plan
from planner.tracking.imports import apply_actuals, read_actuals
from tests.e2e.widgets import go_to_page, screenshot, sidebar
from workbook.steps import PAGE_NAMES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def hostile(index: int) -> str:
    """A text holding every construct, numbered so that names stay distinct."""
    return (
        f"**B{index}** _I{index}_ [L{index}](https://example.org) :red[R{index}] "
        f":material/flag: $M{index}$ <b>H{index}</b> [J](javascript:alert(1)) www.example.org"
    )


def _is_text(name: str, field: Any) -> bool:
    """A text field of the model (not an id or a reference to one, an enum or a date)."""
    args = [a for a in typing.get_args(field.annotation) if a is not type(None)]
    annotation = args[0] if len(args) == 1 else field.annotation
    return annotation is str and name != "id" and not name.endswith("_id")


def _limit(field: Any) -> int | None:
    return next((m.max_length for m in field.metadata if hasattr(m, "max_length")), None)


def poisoned(model: BaseModel, counter: list[int]) -> dict[str, Any]:
    """The model's data with every text field (and list of texts) replaced by hostile ones."""
    data = model.model_dump(mode="json")
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            data[name] = poisoned(value, counter)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            data[name] = [poisoned(item, counter) for item in value]
        elif isinstance(value, list) and value and isinstance(value[0], str):
            data[name] = []
            for _ in value:
                counter[0] += 1
                data[name].append(hostile(counter[0])[:200])
        elif isinstance(value, str) and _is_text(name, field):
            counter[0] += 1
            data[name] = hostile(counter[0])[: _limit(field)]
    return data


@pytest.fixture(scope="module")
def hostile_plan() -> Plan:
    """The French sample, with its sample actuals, and every free text field hostile."""
    counter = [0]
    weekly = REPO_ROOT / "sample_data" / "actuals" / "weekly.csv"
    sample = totem.french_sample()
    found = read_actuals([(weekly.name, weekly.read_bytes())], sample, lang="fr")
    plan = Plan.model_validate(poisoned(apply_actuals(sample, found, lang="fr"), counter))
    assert all(c.actuals for c in plan.communities)
    assert counter[0] > 50, "the walk should reach the plan's nested texts"
    return plan


@pytest.fixture(scope="module")
def server_and_url(hostile_plan: Plan) -> Iterator[tuple[StreamlitServer, str]]:
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, hostile_plan)
        # A second revision whose first community has another hostile name: the history and
        # the comparison quote both names.
        first = hostile_plan.communities[0].model_copy(update={"name": hostile(999)})
        renamed = hostile_plan.model_copy(
            update={"communities": [first, *hostile_plan.communities[1:]]}
        )
        store.save(plan_id, renamed, base_revision=1, author=hostile(998)[:80], note="plan")
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            yield server, totem.plan_url(server.url, plan_id)


#: What markup from user text would leave in the page: links to the hostile targets, math,
#: emphasis or colour around the numbered markers, HTML elements, Material icons from text.
_FOUND = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  const marker = /^(B|I|R|M|H)\\d+$/;
  const text = (e) => (e.textContent || '').trim();
  const links = [...app.querySelectorAll('a')]
    .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
    .filter(h => /example\\.org|javascript:/i.test(h));
  const emphasis = [...app.querySelectorAll('strong, b, em, i, del, code')]
    .filter(e => marker.test(text(e))).map(e => e.outerHTML);
  const coloured = [...app.querySelectorAll('span')]
    .filter(e => marker.test(text(e)) && (e.getAttribute('style') || e.className))
    .map(e => e.outerHTML);
  const svgBold = [...app.querySelectorAll('tspan, text')]
    .filter(e => /^H\\d+$/.test(text(e))).map(e => e.outerHTML);
  return {links, emphasis, coloured, svgBold, math: app.querySelectorAll('.katex').length};
}"""


def assert_no_markup_from_user_text(page: Page, where: str) -> None:
    found = page.evaluate(_FOUND)
    assert found == {"links": [], "emphasis": [], "coloured": [], "svgBold": [], "math": 0}, where


def test_every_page_shows_user_markup_as_typed(
    page: Page, server_and_url: tuple[StreamlitServer, str], tmp_path: Path
) -> None:
    """Test that no link, emphasis, colour, math or HTML element comes from user text."""
    _, url = server_and_url
    open_app(page, url)
    assert_no_markup_from_user_text(page, "first page")
    # The literal characters are there for the reader: the plan's name in the sidebar.
    expect(sidebar(page).get_by_text("**B1** _I1_ [L1](", exact=False)).to_be_visible()
    for step in PAGE_NAMES:
        if step != "plan":
            go_to_page(page, translate(f"ui.page.{step}.title", "fr"))
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert_no_markup_from_user_text(page, step)
    go_to_page(page, translate("trackpage.title", "fr"))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)  # one chart per community
    assert_no_markup_from_user_text(page, "tracking")
    for tab in ("ui.readiness.tab.radar", "ui.readiness.resistance", "ui.readiness.coverage"):
        go_to_page(page, translate("ui.page.readiness.title", "fr"))
        act(page, page.get_by_role("tab", name=translate(tab, "fr")).click)
        assert_no_markup_from_user_text(page, tab)
    link = sidebar(page).get_by_role("link", name=translate("ui.page.plans.title", "fr"))
    act(page, link.click)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert_no_markup_from_user_text(page, "plans")
    screenshot(page, tmp_path, "hostile-plans-page")
    act(page, page.get_by_role("link", name=translate("ui.compare.link", "fr")).click)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("**B999**", exact=False).first).to_be_visible()
    assert_no_markup_from_user_text(page, "compare")
