"""Streamlit's own sign-in (st.login, st.user, st.logout) against a real OIDC provider."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.server import StreamlitServer
from tests.auth.oidc_provider import ALICE, BOB, OIDCProvider, User

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 20_000
#: Streamlit's identity cookie lives 30 days (AUTH_COOKIE_MAX_AGE_SECONDS), not the token's life.
THIRTY_DAYS = 30 * 24 * 3600
#: ID token lifetime (s) for the expiry test: long enough to see the app signed in first.
SHORT_LIFETIME = 5


@pytest.fixture(scope="module")
def server(
    oidc_provider: OIDCProvider, signin_server: Callable[[OIDCProvider], StreamlitServer]
) -> StreamlitServer:
    """The sign-in app, configured for the session's provider."""
    return signin_server(oidc_provider)


def _open(page: Page, server: StreamlitServer) -> None:
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Sign-in spike")).to_be_visible(timeout=TIMEOUT_MS)


def _sign_in(page: Page, server: StreamlitServer, user: User, button: str = "Sign in") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(re.compile(r".*/authorize\?.*"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Sign in as {user.email}").click()
    page.wait_for_url(server.url, timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"signed in as {user.email}")).to_be_visible(timeout=TIMEOUT_MS)


def test_signed_out_page_shows_no_user(page: Page, server: StreamlitServer) -> None:
    """Test that a new browser sees 'signed out', a sign-in button and no e-mail."""
    _open(page, server)
    expect(page.get_by_text("signed out")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_text("@")).to_have_count(0)


def test_alice_signs_in_and_out(
    page: Page, server: StreamlitServer, oidc_provider: OIDCProvider
) -> None:
    """Test that alice, chosen on the provider's login page, is shown, then signs out."""
    _open(page, server)
    _sign_in(page, server, ALICE)
    expect(page.get_by_text(f"name: {ALICE.name}")).to_be_visible()
    assert oidc_provider.sign_ins[-1] == ALICE.email
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["_streamlit_user"]["httpOnly"]
    assert cookies["_streamlit_user"]["sameSite"] == "Lax"
    assert cookies["_streamlit_user"]["expires"] > time.time() + THIRTY_DAYS - 60

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("signed out")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(ALICE.email)).to_have_count(0)
    # Streamlit goes through the provider's end_session_endpoint with the ID token as a hint.
    assert oidc_provider.end_sessions
    assert "id_token_hint" in oidc_provider.end_sessions[-1]
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies()}


def test_second_browser_context_signs_in_as_bob(
    browser: Browser, server: StreamlitServer, oidc_provider: OIDCProvider
) -> None:
    """Test that two browsers signed in at once each see their own user."""
    alice_context = browser.new_context()
    bob_context = browser.new_context()
    try:
        alice_page, bob_page = alice_context.new_page(), bob_context.new_page()
        _open(alice_page, server)
        _sign_in(alice_page, server, ALICE)
        _open(bob_page, server)
        expect(bob_page.get_by_text("signed out")).to_be_visible()
        _sign_in(bob_page, server, BOB)
        expect(bob_page.get_by_text(f"name: {BOB.name}")).to_be_visible()
        expect(bob_page.get_by_text(ALICE.email)).to_have_count(0)
        alice_page.reload()
        expect(alice_page.get_by_text(f"signed in as {ALICE.email}")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        assert oidc_provider.sign_ins[-2:] == [ALICE.email, BOB.email]
    finally:
        alice_context.close()
        bob_context.close()


def test_id_token_with_a_forged_signature_signs_no_one_in(
    page: Page, server: StreamlitServer, oidc_provider: OIDCProvider
) -> None:
    """Test that Streamlit checks the ID token's signature against the provider's JWKS."""
    oidc_provider.forge_signatures = True
    try:
        _open(page, server)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_role("button", name=f"Sign in as {ALICE.email}").click()
        page.wait_for_url(server.url, timeout=TIMEOUT_MS)
        expect(page.get_by_text("signed out")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text(ALICE.email)).to_have_count(0)
    finally:
        oidc_provider.forge_signatures = False
    assert "OAuth token exchange failed" in server.log()


@pytest.fixture(scope="module")
def short_lived_provider() -> Iterator[OIDCProvider]:
    """A provider of its own whose ID tokens expire after a few seconds."""
    provider = OIDCProvider(id_token_lifetime=SHORT_LIFETIME)
    provider.start()
    yield provider
    provider.stop()


def test_expired_session_is_sent_back_to_sign_in(
    page: Page,
    short_lived_provider: OIDCProvider,
    signin_server: Callable[[OIDCProvider], StreamlitServer],
) -> None:
    """Test that once the ID token's exp has passed the app asks to sign in again, and can."""
    server = signin_server(short_lived_provider)
    _open(page, server)
    _sign_in(page, server, ALICE)
    page.wait_for_timeout((SHORT_LIFETIME + 1.5) * 1000)
    page.reload()
    expect(page.get_by_text("session expired")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(ALICE.email)).to_have_count(0)
    # The cookie outlives the token: Streamlit still holds alice's claims, only exp has passed.
    assert "_streamlit_user" in {c["name"] for c in page.context.cookies()}

    _sign_in(page, server, ALICE, button="Sign in again")
    assert short_lived_provider.sign_ins == [ALICE.email, ALICE.email]
