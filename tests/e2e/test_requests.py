"""The browser asks nothing of any host but the app's own: every request of a walk is recorded.

One browser context walks the start page (the bare URL) and the French sample opened with
``?plan=ID`` from a throwaway store: every step in French with each chart of the readiness page,
hovering a chart, the export page with a PDF and a plan download, every step again in English,
and the steps of workshop mode once. ``context.on("request")`` sees every request the pages
make (documents, scripts, styles, fonts, images, fetches, downloads), the ``websocket`` event
every socket; any host other than the server's ``127.0.0.1:PORT`` fails the test, which names
the URLs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.idle import IDLE_APP, act, open_app
from benchmarks.server import APP, StreamlitServer, running_server
from benchmarks.totem import french_sample, plan_url, store_plan, throwaway_store
from planner.i18n import translate
from tests.e2e.widgets import sidebar
from workbook.steps import PAGE_NAMES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

VIEWPORT = {"width": 1400, "height": 1800}
#: Catalogue ids of the readiness page's chart tabs (pages/readiness.py), after the first.
READINESS_TABS = ("ui.readiness.tab.radar", "ui.readiness.resistance", "ui.readiness.coverage")


@pytest.fixture(scope="module")
def sample_server() -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook on a throwaway store holding the French sample: the server and plan id."""
    with throwaway_store() as (url, store):
        plan_id = store_plan(store, french_sample(), note="requests test")
        with running_server(APP, env={"TOTEM_DATABASE_URL": url}) as server:
            yield server, plan_id


def _host(url: str) -> str:
    """``host:port`` of a URL, or the URL's scheme for those without a host (data:, blob:)."""
    parts = urlsplit(url)
    return parts.netloc or f"{parts.scheme}:"


def _go_to(page: Page, name: str, lang: str) -> None:
    title = translate(f"ui.page.{name}.title", lang)
    act(page, sidebar(page).get_by_role("link", name=title, exact=True).click)


def _choose_language(page: Page, lang: str) -> None:
    option = sidebar(page).get_by_text(translate(f"ui.language.{lang}", lang), exact=True)
    act(page, option.click)


def _every_chart_of_readiness(page: Page, lang: str) -> None:
    """Open each chart tab of the readiness page (each draws its chart), hover the last one."""
    for tab in READINESS_TABS:
        act(page, page.get_by_role("tab", name=translate(tab, lang), exact=True).click)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    page.wait_for_timeout(300)  # long enough for a hover label, and anything it would fetch


def _downloads(page: Page, lang: str) -> None:
    """Download the PDF report (charts drawn by the server) and the plan file."""
    for label in (
        translate("export.page.pdf_button", lang),
        translate("ui.export.download_button", lang),
    ):
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name=label).click()
        assert download.value.failure() is None, label
        page.wait_for_selector(IDLE_APP, state="attached")


def test_the_browser_requests_nothing_from_another_host(
    browser: Browser, sample_server: tuple[StreamlitServer, str]
) -> None:
    """Test that a walk through every page, chart and export requests only the app's host."""
    server, plan_id = sample_server
    own_host = _host(server.url)
    requested: Counter[str] = Counter()
    foreign: list[str] = []

    def record(url: str) -> None:
        requested[_host(url)] += 1
        if _host(url) != own_host and not url.startswith(("data:", "blob:")):
            foreign.append(url)

    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.on("request", lambda request: record(request.url))
    try:
        page = context.new_page()
        page.on("websocket", lambda websocket: record(websocket.url))

        open_app(page, server.url)  # the start page, in the browser's English
        _choose_language(page, "fr")

        open_app(page, plan_url(server.url, plan_id))  # the sample, in its French
        for name in PAGE_NAMES:
            if name != PAGE_NAMES[0]:
                _go_to(page, name, "fr")
            if name == "readiness":
                _every_chart_of_readiness(page, "fr")
            if name == "export":
                _downloads(page, "fr")
        _go_to(page, "plans", "fr")

        _choose_language(page, "en")
        for name in (*PAGE_NAMES, "plans"):
            _go_to(page, name, "en")

        _go_to(page, PAGE_NAMES[0], "en")
        toggle = sidebar(page).get_by_text(translate("ui.sidebar.workshop", "en"), exact=True)
        act(page, toggle.click)
        for _ in PAGE_NAMES[1:]:
            act(page, page.get_by_role("button", name=translate("ui.workshop.next", "en")).click)
    finally:
        context.close()

    print(f"requests by host: {dict(requested)}")
    assert requested[own_host] > 0
    assert not foreign, f"requests to hosts other than {own_host}:\n" + "\n".join(
        sorted(set(foreign))
    )
