"""The workbook itself behind sign-in: the real server, the test provider, headless Chromium.

The server is ``workbook/serve.py`` (what ``make run`` starts), pointed at a temporary
``secrets.toml`` through ``STREAMLIT_SECRETS_FILES`` and at a plan store of its own holding one
plan of alice's and one of bob's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.server import StreamlitServer, free_port, start_server
from planner.i18n import translate
from planner.models import SCHEMA_VERSION, Language, Plan
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.identity import User as StoreUser
from tests.auth.conftest import write_auth_secrets
from tests.auth.oidc_provider import ALICE, BOB, OIDCProvider, User
from workbook.steps import OTHER_PAGES, PAGE_NAMES

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 20_000
ALICE_PLAN = "Alice’s launch"
ALICE_ORGANISATION = "Zorglub Corp"
BOB_PLAN = "Bob’s launch"


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


#: A session length short enough to outlive in a test (``[totem] session_hours``): 18 s.
SHORT_SESSION_HOURS = 0.005


def _serve_workbook(
    provider: OIDCProvider, folder: Path, *, totem: str = ""
) -> tuple[StreamlitServer, str]:
    """Start the workbook on a new store holding alice's plan and bob's; the server and the id
    of alice's plan. ``totem`` is added to ``secrets.toml`` (a ``[totem]`` section)."""
    url = f"sqlite:///{folder / 'totem.db'}"
    with PlanStore(url) as store:
        access = AccessStore(store)
        alice_plan = Plan(
            schema_version=SCHEMA_VERSION,
            name=ALICE_PLAN,
            organisation=ALICE_ORGANISATION,
            language=Language.EN,
        )
        bob_plan = Plan(schema_version=SCHEMA_VERSION, name=BOB_PLAN, language=Language.EN)
        alice_id = access.for_user(StoreUser(ALICE.email, ALICE.name)).create(alice_plan).plan_id
        access.for_user(StoreUser(BOB.email, BOB.name)).create(bob_plan)
    port = free_port()
    secrets = write_auth_secrets(folder, provider, port)
    if totem:
        secrets.write_text(secrets.read_text(encoding="utf-8") + totem, encoding="utf-8")
    server = start_server(
        "workbook/serve.py",
        port=port,
        env={"STREAMLIT_SECRETS_FILES": str(secrets), "TOTEM_DATABASE_URL": url},
    )
    return server, alice_id


@pytest.fixture(scope="module")
def workbook(
    oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook's server with sign-in configured; yields it and the id of alice's plan."""
    server, alice_id = _serve_workbook(oidc_provider, tmp_path_factory.mktemp("workbook-signin"))
    try:
        yield server, alice_id
    finally:
        server.stop()


def _sign_in(page: Page, server: StreamlitServer, user: User, *, lands: str = "") -> None:
    """Sign in from the sign-in page; ``lands`` is the heading expected after (the start's)."""
    page.get_by_role("button", name=en("ui.auth.signin.button"), exact=True).click()
    page.wait_for_url(re.compile(r".*/authorize\?.*"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Sign in as {user.email}").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r".*"), timeout=TIMEOUT_MS)
    heading = page.get_by_role("heading", name=lands or en("ui.start.title"), exact=True)
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)


def _body(page: Page) -> str:
    """The page's text as read, without the word joiners that keep e-mails from autolinking."""
    return page.locator("body").inner_text().replace("\u2060", "")


def test_signed_out_sees_the_sign_in_page_only(
    page: Page, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that a signed-out browser, on a fresh server's deep link to a page or on alice's
    plan link, sees the sign-in page and no plan anywhere."""
    server, alice_id = workbook
    # First of the module, so the first link reaches a server that has run no script yet (the
    # case workbook.session.route_through_app handles). Then every page of the workbook.
    pages = [f"{name}?plan={alice_id}" for name in (*PAGE_NAMES, *OTHER_PAGES)]
    for link in (f"plans?plan={alice_id}", "start", f"?plan={alice_id}", *pages, "join"):
        page.goto(f"{server.url}{link}")
        if link == "join":  # the participants' page is open to all, and names no plan
            expect(page.locator("main")).to_be_visible(timeout=TIMEOUT_MS)
            assert ALICE_PLAN not in _body(page)
            assert ALICE_PLAN not in page.title()
            continue
        expect(page.get_by_role("heading", name=en("ui.auth.signin.title"))).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(page.get_by_role("button", name=en("ui.auth.signin.button"))).to_be_visible()
        body = _body(page)
        for secret in (ALICE_PLAN, ALICE_ORGANISATION, BOB_PLAN, ALICE.email):
            assert secret not in body
        assert ALICE_PLAN not in page.title()
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)


def test_alice_signs_in_sees_her_plans_only_and_signs_out(
    page: Page, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that alice finds her plan on the start page, not bob's, and signs out from the
    sidebar back to the sign-in page."""
    server, _ = workbook
    page.goto(server.url)
    _sign_in(page, server, ALICE)
    expect(page.get_by_text(ALICE_PLAN)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(BOB_PLAN)).to_have_count(0)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(ALICE.name)).to_be_visible()
    sidebar.get_by_role("button", name=en("ui.auth.signout")).click()
    expect(page.get_by_role("heading", name=en("ui.auth.signin.title"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    assert ALICE_PLAN not in _body(page)


def test_bob_gets_not_found_on_alices_plan_link(
    browser: Browser, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that bob, signed in, opening alice's ?plan= gets the unknown-link notice, no plan."""
    server, alice_id = workbook
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        _sign_in(page, server, BOB)
        expect(page.get_by_text(BOB_PLAN)).to_be_visible(timeout=TIMEOUT_MS)
        page.goto(f"{server.url}?plan={alice_id}")
        expect(page.get_by_text(en("ui.store.link_not_shared"))).to_be_visible(timeout=TIMEOUT_MS)
        body = _body(page)
        assert ALICE_PLAN not in body
        assert ALICE_ORGANISATION not in body
    finally:
        context.close()


def test_a_plan_link_opened_signed_out_leads_back_to_it_after_sign_in(
    browser: Browser, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that alice, opening her forecast's link signed out, signs in and lands on that page
    of that plan, not on the start page; the next sign-in from the root lands on the start."""
    server, alice_id = workbook
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server.url}forecast?plan={alice_id}")
        _sign_in(page, server, ALICE, lands=en("ui.page.forecast.title"))
        assert re.search(rf"/forecast\?plan={alice_id}$", page.url), page.url
        expect(page.get_by_test_id("stSidebar").get_by_text(ALICE_PLAN).first).to_be_visible()
        # The link is followed once: signed out, then in again from the root, the start page.
        page.get_by_test_id("stSidebar").get_by_role("button", name=en("ui.auth.signout")).click()
        expect(page.get_by_role("heading", name=en("ui.auth.signin.title"))).to_be_visible(
            timeout=TIMEOUT_MS
        )
        page.goto(server.url)
        _sign_in(page, server, ALICE)
    finally:
        context.close()


def test_a_download_link_gives_nothing_to_a_signed_out_browser(
    browser: Browser, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that the plan file alice downloads is served to her browser, and that its address,
    forwarded to a signed-out browser, answers 403 with nothing of the plan."""
    server, alice_id = workbook
    alice = browser.new_context()
    stranger = browser.new_context()
    try:
        page = alice.new_page()
        page.goto(f"{server.url}export?plan={alice_id}")
        _sign_in(page, server, ALICE, lands=en("ui.page.export.title"))
        with page.expect_download(timeout=TIMEOUT_MS) as download_info:
            page.get_by_role("button", name=en("ui.export.download_button")).click()
        download = download_info.value
        assert "/media/" in download.url
        assert ALICE_ORGANISATION in Path(download.path()).read_text(encoding="utf-8")
        again = page.request.get(download.url)
        assert again.status == 200, again.status
        assert ALICE_ORGANISATION in again.text()
        forwarded = stranger.request.get(download.url)
        assert forwarded.status == 403
        for secret in (ALICE_PLAN, ALICE_ORGANISATION):
            assert secret not in forwarded.text()
    finally:
        alice.close()
        stranger.close()


@pytest.fixture(scope="module")
def short_sessions(
    oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook with sign-ins lasting :data:`SHORT_SESSION_HOURS`."""
    server, alice_id = _serve_workbook(
        oidc_provider,
        tmp_path_factory.mktemp("workbook-short"),
        totem=f"[totem]\nsession_hours = {SHORT_SESSION_HOURS}\n",
    )
    try:
        yield server, alice_id
    finally:
        server.stop()


def test_an_expired_session_is_sent_back_to_sign_in(
    page: Page, short_sessions: tuple[StreamlitServer, str]
) -> None:
    """Test that past ``[totem] session_hours`` a reload shows the sign-in page, saying the
    session expired, with nothing of the plan; signing in again brings the plan back."""
    server, alice_id = short_sessions
    page.goto(f"{server.url}?plan={alice_id}")
    signed_in_at = time.monotonic()
    _sign_in(page, server, ALICE, lands=en("ui.page.plan.title"))
    expect(page.get_by_test_id("stSidebar").get_by_text(ALICE_PLAN).first).to_be_visible()
    left = SHORT_SESSION_HOURS * 3600 + 1 - (time.monotonic() - signed_in_at)
    page.wait_for_timeout(max(left, 0) * 1000)
    page.reload()
    expect(page.get_by_text(en("ui.auth.signin.expired"))).to_be_visible(timeout=TIMEOUT_MS)
    body = _body(page)
    assert ALICE_PLAN not in body
    assert ALICE_ORGANISATION not in body
    assert ALICE_PLAN not in page.title()
    _sign_in(page, server, ALICE, lands=en("ui.page.plan.title"))
