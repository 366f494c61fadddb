"""The sign-in gate in front of Streamlit's routes (``workbook.gate``), through Starlette.

A stand-in app plays Streamlit: it answers every page address with a page, ``/media/…`` with a
file, and ``/oauth2callback`` with the redirect to the root that Streamlit's callback sends. The
real cookie decoding and the real callback are exercised by ``tests/auth``'s browser tests.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from workbook.gate import RETURN_COOKIE, SignInGate, return_target, valid_sign_in

PLAN = "3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b"
SECRET_FILE = b"Zorglub Corp, launch plan"


async def _page(_request: Request) -> Response:
    return PlainTextResponse("page")


async def _media(_request: Request) -> Response:
    return Response(SECRET_FILE, media_type="text/csv")


async def _to_provider(_request: Request) -> Response:
    return RedirectResponse("https://idp.example.com/authorize", status_code=302)


async def _callback(_request: Request) -> Response:
    return RedirectResponse("/", status_code=302)


def _client(*, enabled: bool = True, signed_in: bool = False) -> TestClient:
    app = Starlette(
        routes=[
            Route("/oauth2callback", _callback),
            Route("/auth/login", _to_provider),
            Route("/media/{name}", _media),
            Route("/{path:path}", _page),
        ],
        middleware=[
            Middleware(SignInGate, enabled=lambda: enabled, signed_in=lambda _c: signed_in)
        ],
    )
    return TestClient(app, follow_redirects=False)


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/forecast", f"plan={PLAN}", f"forecast?plan={PLAN}"),
        ("/", f"plan={PLAN}&lang=fr", f"?plan={PLAN}"),
        ("/", f"plan={PLAN}&open=plans", f"plans?plan={PLAN}"),
        ("/", f"plan={PLAN}&open=nowhere", f"?plan={PLAN}"),
        ("/plans", "", None),
        ("/", "", None),
        ("/nowhere", f"plan={PLAN}", None),
        ("/forecast", "plan=<script>", None),
        ("/forecast", f"plan={PLAN}&plan=other", None),
        ("//evil.example", "", None),
    ],
)
def test_only_a_known_page_and_a_plan_id_are_kept(
    path: str, query: str, expected: str | None
) -> None:
    """Test that the address kept for after sign-in is a known page and a well-shaped plan id,
    never another host or other parameters."""
    assert return_target(path, query) == expected


def test_a_signed_out_visit_to_a_plan_link_is_remembered_and_the_callback_returns_there() -> None:
    """Test that a signed-out browser opening a plan link gets the return cookie, and that the
    provider's callback then sends it to that link instead of the root, once."""
    client = _client()
    opened = client.get(f"/forecast?plan={PLAN}", headers={"Sec-Fetch-Dest": "document"})
    assert opened.status_code == 200
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith(f"{RETURN_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=900" in cookie
    callback = client.get("/oauth2callback?code=x&state=y")
    assert callback.status_code == 302
    assert callback.headers["location"] == f"/forecast?plan={PLAN}"
    assert f"{RETURN_COOKIE}=;" in callback.headers["set-cookie"]
    assert "Max-Age=0" in callback.headers["set-cookie"]
    client.cookies.clear()
    assert client.get("/oauth2callback?code=x&state=y").headers["location"] == "/"


def test_the_page_whose_sign_in_button_was_pressed_is_where_the_callback_returns() -> None:
    """Test that /auth/login remembers the same-origin page it was sent from (a session expired
    on a page switch, with no document loaded), and ignores another host's Referer."""
    client = _client()
    sent = client.get(
        "/auth/login?provider=x",
        headers={"Referer": f"http://testserver/timeline?plan={PLAN}", "Host": "testserver"},
    )
    assert sent.status_code == 302
    assert "Max-Age=900" in sent.headers["set-cookie"]
    assert client.get("/oauth2callback").headers["location"] == f"/timeline?plan={PLAN}"
    client.cookies.clear()
    foreign = client.get(
        "/auth/login?provider=x",
        headers={"Referer": f"http://evil.example/timeline?plan={PLAN}", "Host": "testserver"},
    )
    assert "set-cookie" not in foreign.headers
    assert client.get("/oauth2callback").headers["location"] == "/"


def test_an_address_opened_signed_out_wins_over_the_sign_in_pages_referer() -> None:
    """Test that a link opened signed out is where the callback returns, even when the sign-in
    page's own address (the Referer) has changed since, as Streamlit may rewrite it."""
    client = _client()
    client.get(f"/plans?plan={PLAN}", headers={"Sec-Fetch-Dest": "document"})
    sent = client.get(
        "/auth/login?provider=x",
        headers={"Referer": f"http://testserver/?plan={PLAN}", "Host": "testserver"},
    )
    assert "set-cookie" not in sent.headers
    assert client.get("/oauth2callback").headers["location"] == f"/plans?plan={PLAN}"


def test_opening_the_root_forgets_an_earlier_link() -> None:
    """Test that a signed-out visit to the bare root drops a link remembered before it."""
    client = _client()
    client.get(f"/?plan={PLAN}")
    assert RETURN_COOKIE in client.cookies
    forgotten = client.get("/")
    assert "Max-Age=0" in forgotten.headers["set-cookie"]
    assert client.get("/oauth2callback").headers["location"] == "/"


def test_a_tampered_return_cookie_cannot_send_the_browser_elsewhere() -> None:
    """Test that a return cookie naming another host or an unknown page is not followed."""
    client = _client()
    client.cookies.set(RETURN_COOKIE, "%2F%2Fevil.example%2F")
    assert client.get("/oauth2callback").headers["location"] == "/"
    client.cookies.set(RETURN_COOKIE, "https%3A%2F%2Fevil.example")
    assert client.get("/oauth2callback").headers["location"] == "/"


def test_machinery_and_signed_in_visits_set_no_return_cookie() -> None:
    """Test that Streamlit's own addresses, the participant page, a script's fetch and a
    signed-in browser's visit leave the return cookie alone."""
    client = _client()
    for path in ("/_stcore/health", "/static/app.js", "/join?code=AB", "/favicon.png"):
        assert "set-cookie" not in client.get(path).headers, path
    fetched = client.get(f"/forecast?plan={PLAN}", headers={"Sec-Fetch-Dest": "empty"})
    assert "set-cookie" not in fetched.headers
    signed_in = _client(signed_in=True)
    assert "set-cookie" not in signed_in.get(f"/forecast?plan={PLAN}").headers


def test_downloads_need_a_valid_sign_in() -> None:
    """Test that /media/ files answer 403 with nothing of the file to a browser without a
    valid sign-in, and the file to a signed-in one."""
    refused = _client().get("/media/abc.csv")
    assert refused.status_code == 403
    assert SECRET_FILE not in refused.content
    assert refused.headers["cache-control"] == "no-store"
    served = _client(signed_in=True).get("/media/abc.csv")
    assert served.status_code == 200
    assert served.content == SECRET_FILE


def test_laptop_mode_passes_everything_through() -> None:
    """Test that without sign-in the gate changes nothing: downloads served, no cookie, the
    callback untouched."""
    client = _client(enabled=False)
    assert client.get("/media/abc.csv").content == SECRET_FILE
    assert "set-cookie" not in client.get(f"/forecast?plan={PLAN}").headers
    client.cookies.set(RETURN_COOKIE, "forecast")
    assert client.get("/oauth2callback").headers["location"] == "/"


def test_a_sign_in_is_valid_only_signed_in_with_an_email_and_unexpired() -> None:
    """Test the claims the gate accepts: logged in, an e-mail, younger than the session."""
    now = 1_000_000.0
    good = {"is_logged_in": True, "email": "alice@example.com", "auth_time": now - 60}
    assert valid_sign_in(good, now=now, hours=12)
    assert not valid_sign_in(None, now=now, hours=12)
    assert not valid_sign_in({**good, "is_logged_in": False}, now=now, hours=12)
    assert not valid_sign_in({**good, "email": ""}, now=now, hours=12)
    assert not valid_sign_in({**good, "auth_time": now - 13 * 3600}, now=now, hours=12)
