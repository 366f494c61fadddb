"""The workbook itself behind sign-in: the real server, the test provider, headless Chromium.

Signed out, signing in and out, a stranger's link, the way back to a link after sign-in, the
downloads, an expired session. The server is :func:`tests.auth.workbook.serve_workbook`'s.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.server import StreamlitServer
from tests.auth.oidc_provider import ALICE, BOB, OIDCProvider
from tests.auth.workbook import (
    ALICE_ORGANISATION,
    ALICE_PLAN,
    BOB_PLAN,
    SHORT_SESSION_HOURS,
    TIMEOUT_MS,
    body_text,
    en,
    serve_workbook,
    sign_in,
    sign_out,
)
from tests.e2e.test_accessibility import Findings
from workbook.steps import OTHER_PAGES, PAGE_NAMES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def workbook(
    oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook's server with sign-in configured; yields it and the id of alice's plan."""
    server, alice_id = serve_workbook(oidc_provider, tmp_path_factory.mktemp("workbook-signin"))
    try:
        yield server, alice_id
    finally:
        server.stop()


def test_signed_out_sees_the_sign_in_page_only(
    page: Page, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that a signed-out browser, on a fresh server's deep link to a page or on alice's
    plan link, sees the sign-in page and no plan anywhere; the page passes axe-core."""
    server, alice_id = workbook
    # First of the module, so the first link reaches a server that has run no script yet (the
    # case workbook.session.route_through_app handles). Then every page of the workbook.
    pages = [f"{name}?plan={alice_id}" for name in (*PAGE_NAMES, *OTHER_PAGES)]
    findings = Findings()
    for link in (f"plans?plan={alice_id}", "start", f"?plan={alice_id}", *pages, "join"):
        page.goto(f"{server.url}{link}")
        if link == "join":  # the participants' page is open to all, and names no plan
            expect(page.locator("main")).to_be_visible(timeout=TIMEOUT_MS)
            assert ALICE_PLAN not in body_text(page)
            assert ALICE_PLAN not in page.title()
            continue
        expect(page.get_by_role("heading", name=en("ui.auth.signin.title"))).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(page.get_by_role("button", name=en("ui.auth.signin.button"))).to_be_visible()
        body = body_text(page)
        for secret in (ALICE_PLAN, ALICE_ORGANISATION, BOB_PLAN, ALICE.email):
            assert secret not in body
        assert ALICE_PLAN not in page.title()
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        if not findings.pages:
            findings.check(page, f"the sign-in page at /{link}")
    assert findings.pages == 1
    assert not findings.blocking, "\n".join(findings.blocking)


def test_alice_signs_in_sees_her_plans_only_and_signs_out(
    page: Page, workbook: tuple[StreamlitServer, str], oidc_provider: OIDCProvider
) -> None:
    """Test that alice finds her plan on the start page, not bob's, and signs out from the
    sidebar back to the sign-in page, ending her session at the provider too."""
    server, _ = workbook
    page.goto(server.url)
    sign_in(page, server, ALICE)
    expect(page.get_by_text(ALICE_PLAN)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(BOB_PLAN)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_text(ALICE.name)).to_be_visible()
    ended = len(oidc_provider.end_sessions)
    sign_out(page, server)
    assert ALICE_PLAN not in body_text(page)
    # The provider's session ended too, and it sent the browser back to this workbook.
    assert len(oidc_provider.end_sessions) == ended + 1
    assert oidc_provider.end_sessions[-1]["post_logout_redirect_uri"] == (
        f"{server.url}oauth2callback"
    )


def test_bob_gets_not_found_on_alices_plan_link(
    browser: Browser, workbook: tuple[StreamlitServer, str]
) -> None:
    """Test that bob, signed in, opening alice's ?plan= gets the unknown-link notice, no plan."""
    server, alice_id = workbook
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        sign_in(page, server, BOB)
        expect(page.get_by_text(BOB_PLAN)).to_be_visible(timeout=TIMEOUT_MS)
        page.goto(f"{server.url}?plan={alice_id}")
        expect(page.get_by_text(en("ui.store.link_not_shared"))).to_be_visible(timeout=TIMEOUT_MS)
        body = body_text(page)
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
        sign_in(page, server, ALICE, lands=en("ui.page.forecast.title"))
        assert re.search(rf"/forecast\?plan={alice_id}$", page.url), page.url
        expect(page.get_by_test_id("stSidebar").get_by_text(ALICE_PLAN).first).to_be_visible()
        # The link is followed once: signed out, then in again from the root, the start page.
        sign_out(page, server)
        page.goto(server.url)
        sign_in(page, server, ALICE)
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
        sign_in(page, server, ALICE, lands=en("ui.page.export.title"))
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
    server, alice_id = serve_workbook(
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
    """Test that past ``[totem] session_hours`` the next page switch shows the sign-in page,
    saying the session expired, with nothing of the plan; signing in again comes back to the
    page that was asked for, plan in hand."""
    server, alice_id = short_sessions
    page.goto(f"{server.url}?plan={alice_id}")
    sign_in(page, server, ALICE, lands=en("ui.page.plan.title"))
    # Taken once the plan shows, so after the provider stamped the sign-in: the session has
    # surely ended one second past the wait (a clock started before the sign-in page loaded
    # ran ahead of the provider's by as long as that page took, seen on a loaded machine).
    signed_in_by = time.monotonic()
    expect(page.get_by_test_id("stSidebar").get_by_text(ALICE_PLAN).first).to_be_visible()
    left = SHORT_SESSION_HOURS * 3600 + 1 - (time.monotonic() - signed_in_by)
    page.wait_for_timeout(max(left, 0) * 1000)
    # A page switch, no new document: the gate learns the page from the sign-in's Referer.
    timeline = en("ui.page.timeline.title")
    page.get_by_test_id("stSidebar").get_by_role("link", name=timeline, exact=True).click()
    expect(page.get_by_text(en("ui.auth.signin.expired"))).to_be_visible(timeout=TIMEOUT_MS)
    body = body_text(page)
    assert ALICE_PLAN not in body
    assert ALICE_ORGANISATION not in body
    assert ALICE_PLAN not in page.title()
    sign_in(page, server, ALICE, lands=timeline)
    assert re.search(rf"/timeline\?plan={alice_id}$", page.url), page.url


def test_with_several_providers_each_button_signs_in_through_its_own(
    browser: Browser, oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Test that a server configured with a default and a named provider shows a button for
    each, labelled from ``[totem] provider_labels``, and that the named one signs bob in."""
    folder = tmp_path_factory.mktemp("workbook-providers")
    server, _ = serve_workbook(
        oidc_provider,
        folder,
        totem='[totem]\nprovider_labels = { partners = "Partner accounts" }\n',
        named=("partners",),
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        default = en("ui.auth.signin.button_with", provider=en("ui.auth.signin.default_provider"))
        expect(page.get_by_role("button", name=default)).to_be_visible(timeout=TIMEOUT_MS)
        partners = en("ui.auth.signin.button_with", provider="Partner accounts")
        page.get_by_role("button", name=partners).click()
        page.wait_for_url(re.compile(r".*/authorize\?.*"), timeout=TIMEOUT_MS)
        secrets = tomllib.loads((folder / ".streamlit" / "secrets.toml").read_text("utf-8"))
        asked = parse_qs(urlparse(page.url).query)["client_id"]
        assert asked == [secrets["auth"]["partners"]["client_id"]]
        assert asked != [secrets["auth"]["client_id"]]
        page.get_by_role("button", name=f"Sign in as {BOB.email}").click()
        expect(page.get_by_text(BOB_PLAN)).to_be_visible(timeout=TIMEOUT_MS)
        assert ALICE_PLAN not in body_text(page)
    finally:
        context.close()
        server.stop()
