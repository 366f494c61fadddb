"""The workbook itself behind sign-in: the real server, the test provider, headless Chromium.

The server is ``workbook/serve.py`` (what ``make run`` starts), pointed at a temporary
``secrets.toml`` through ``STREAMLIT_SECRETS_FILES`` and at a plan store of its own holding one
plan of alice's and one of bob's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 20_000
ALICE_PLAN = "Alice’s launch"
ALICE_ORGANISATION = "Zorglub Corp"
BOB_PLAN = "Bob’s launch"


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


@pytest.fixture(scope="module")
def workbook(
    oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook's server with sign-in configured; yields it and the id of alice's plan."""
    folder = tmp_path_factory.mktemp("workbook-signin")
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
    secrets = write_auth_secrets(folder, oidc_provider, port)
    server = start_server(
        "workbook/serve.py",
        port=port,
        env={"STREAMLIT_SECRETS_FILES": str(secrets), "TOTEM_DATABASE_URL": url},
    )
    try:
        yield server, alice_id
    finally:
        server.stop()


def _sign_in(page: Page, server: StreamlitServer, user: User) -> None:
    page.get_by_role("button", name=en("ui.auth.signin.button"), exact=True).click()
    page.wait_for_url(re.compile(r".*/authorize\?.*"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Sign in as {user.email}").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r".*"), timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=en("ui.start.title"))).to_be_visible(timeout=TIMEOUT_MS)


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
    # case workbook.session.route_through_app handles).
    for link in (f"plans?plan={alice_id}", "start", f"?plan={alice_id}"):
        page.goto(f"{server.url}{link}")
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
        expect(page.get_by_text(en("ui.store.link_missing"))).to_be_visible(timeout=TIMEOUT_MS)
        body = _body(page)
        assert ALICE_PLAN not in body
        assert ALICE_ORGANISATION not in body
    finally:
        context.close()
