"""The HTTP side of sign-in: the link kept across the provider's round trip; downloads gated.

Owns :class:`SignInGate`, an ASGI middleware ``workbook.serve`` puts in front of Streamlit's
routes when sign-in is configured (``[auth]`` in secrets; in laptop mode it passes everything
through untouched). It does two things no Streamlit script can:

- **Comes back to the link.** Streamlit's ``/oauth2callback`` always sends the browser to the
  app's root, so a colleague's ``/forecast?plan=…`` link, opened signed out, would land on the
  start page after sign-in. The gate remembers the page and plan of the last workbook address a
  browser without a valid sign-in opened, or else of the page whose sign-in button sent it to
  ``/auth/login`` (its same-origin ``Referer``: a session that expired on a page switch loads
  no new document), in an ``HttpOnly`` cookie for 15 minutes holding only a page name and a
  plan id, both checked against a strict shape; and it points the callback's redirect there,
  once. Reaching the plan still goes through the store's access rules.
- **Downloads for signed-in browsers only.** Streamlit serves ``/media/…`` (download buttons,
  images) to whoever has the address; the gate answers 403 to a browser without a valid,
  unexpired sign-in, so a forwarded download link shows nothing of a plan.

A sign-in is valid when Streamlit's signed identity cookie decodes with the cookie secret, says
``is_logged_in`` with an e-mail, and is younger than ``[totem] session_hours``
(:func:`workbook.auth.session_expired`). Imports Streamlit's cookie helpers, ``workbook.auth`` and
``workbook.session`` (the router's ``?open=`` parameter).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from streamlit import config
from streamlit.auth_util import get_cookie_with_chunks
from streamlit.web.server.server_util import AUTH_COOKIE_NAME, get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

from workbook.auth import (
    WORKBOOK_PAGES,
    admin_emails,
    auth_enabled,
    session_expired,
    session_hours,
    user_from_claims,
)
from workbook.session import OPEN_PARAM

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The cookie holding where to come back after sign-in (``page?plan=id``, quoted).
RETURN_COOKIE = "totem_return"
#: How long a remembered link waits for its sign-in, in seconds.
RETURN_SECONDS = 15 * 60

_PAGES = frozenset(WORKBOOK_PAGES)
_PLAN_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
# Paths of Streamlit's own machinery and of the participant page: never a workbook address.
_NOT_PAGES = ("_stcore", "static", "media", "component", "auth", "oauth2callback", "join", "app")
_FORBIDDEN = b"Sign in to Totem to open this download.\n"


def return_target(path: str, query: str) -> str | None:
    """The page and plan worth coming back to after sign-in, or None.

    Args:
        path: the request's path below the app's base (``/forecast``).
        query: its raw query string (``plan=…&…``).

    Only a known page name and one plan id of the store's shape are kept; everything else of the
    address is dropped, so the redirect can only ever point inside the workbook. An address
    without a plan gives None: it would open the start page anyway.

    Example: ``("/forecast", "plan=3f2a&x=1")`` → ``"forecast?plan=3f2a"``; ``("/plans", "")`` →
    None.
    """
    params = parse_qs(query)
    page = path.strip("/")
    # A deep link opened first on a fresh server is sent through the router as ?open=<page>.
    opened = params.get(OPEN_PARAM, [])
    if not page and len(opened) == 1 and opened[0] in _PAGES:
        page = opened[0]
    plans = params.get("plan", [])
    if (page and page not in _PAGES) or len(plans) != 1 or not _PLAN_ID.fullmatch(plans[0]):
        return None  # without a plan, every page is the start page: nothing to come back to
    return f"{page}?plan={plans[0]}"


def _remembered(cookies: Mapping[str, str]) -> str | None:
    """The page and plan the return cookie holds, when it holds a valid one."""
    value = cookies.get(RETURN_COOKIE)
    if not value:
        return None
    page, _, query = unquote(value).partition("?")
    return return_target("/" + page, query)


def claims_of(cookie_value: bytes | None) -> dict[str, Any] | None:
    """The claims of Streamlit's decoded identity cookie, or None when unreadable."""
    if cookie_value is None:
        return None
    try:
        claims = json.loads(cookie_value)
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def valid_sign_in(claims: dict[str, Any] | None, *, now: float, hours: float) -> bool:
    """Whether the identity claims are a sign-in the workbook accepts right now."""
    if not claims or not claims.get("is_logged_in"):
        return False
    if user_from_claims(claims, admin_emails()) is None:
        return False
    return not session_expired(claims, hours=hours, now=now)


def _base_path() -> str:
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _signed_in(cookies: Mapping[str, str]) -> bool:
    secret = get_cookie_secret()

    def cookie(name: str) -> bytes | None:
        value = cookies.get(name)
        if value is None:
            return None
        return decode_signed_value(secret, name, value.encode("latin-1"))

    claims = claims_of(get_cookie_with_chunks(cookie, AUTH_COOKIE_NAME))
    return valid_sign_in(claims, now=time.time(), hours=session_hours())


def _set_cookie(value: str, max_age: int, base: str, secure: bool) -> tuple[bytes, bytes]:
    attributes = f"Path={base or '/'}; Max-Age={max_age}; HttpOnly; SameSite=Lax"
    if secure:
        attributes += "; Secure"
    return b"set-cookie", f"{RETURN_COOKIE}={value}; {attributes}".encode("latin-1")


class SignInGate:
    """ASGI middleware: the return-after-sign-in cookie and the signed-in-only downloads.

    Args:
        app: the ASGI app behind it (Streamlit's).
        enabled: whether sign-in is on; by default read from secrets at each request, so a
            server started without ``[auth]`` passes everything through.
        signed_in: whether a request's cookies hold a valid sign-in (by default Streamlit's
            signed identity cookie, checked as the module says).
    """

    def __init__(
        self,
        app: ASGIApp,
        enabled: Callable[[], bool] = auth_enabled,
        signed_in: Callable[[Mapping[str, str]], bool] | None = None,
    ) -> None:
        self.app = app
        self.enabled = enabled
        self.signed_in = signed_in or _signed_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        base = _base_path()
        path = str(scope.get("path", ""))
        if not path.startswith(base + "/") or not self.enabled():
            await self.app(scope, receive, send)
            return
        local = path[len(base) :]
        first = local.strip("/").split("/", 1)[0]
        request = Request(scope)
        cookies, headers = request.cookies, request.headers
        if first == "media":
            if self.signed_in(cookies):
                await self.app(scope, receive, send)
            else:
                await _forbidden(send)
            return
        if first == "oauth2callback":
            await self.app(scope, receive, _returning(send, cookies, base))
            return
        secure = scope.get("scheme") == "https"
        if local == "/auth/login":
            # The page the sign-in button was pressed on, when no address opened signed out
            # is remembered (an expired session's page switch loads no document): the browser
            # names it in the same-origin Referer. A remembered address wins: Streamlit may
            # have rewritten the sign-in page's own address meanwhile.
            referred = None if _remembered(cookies) else _referred(headers, base)
            remember = None
            if referred is not None:
                remember = _set_cookie(quote(referred, safe=""), RETURN_SECONDS, base, secure)
            await self.app(scope, receive, _with_header(send, remember))
            return
        if first in _NOT_PAGES or "/" in local.strip("/") or "." in first:
            await self.app(scope, receive, send)
            return
        if headers.get("sec-fetch-dest", "document") != "document" or self.signed_in(cookies):
            await self.app(scope, receive, send)
            return
        target = return_target(local, request.url.query)
        if target is None:
            header = _set_cookie("", 0, base, secure) if RETURN_COOKIE in cookies else None
        else:
            header = _set_cookie(quote(target, safe=""), RETURN_SECONDS, base, secure)
        await self.app(scope, receive, _with_header(send, header))


def _referred(headers: Headers, base: str) -> str | None:
    """The workbook page and plan of the request's Referer, when it is this host's own."""
    referer = urlsplit(headers.get("referer", ""))
    if not referer.netloc or referer.netloc != headers.get("host", ""):
        return None
    if not referer.path.startswith(base + "/"):
        return None
    return return_target(referer.path[len(base) :], referer.query)


async def _forbidden(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(_FORBIDDEN)).encode()),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _FORBIDDEN})


def _with_header(send: Send, header: tuple[bytes, bytes] | None) -> Send:
    if header is None:
        return send

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), header]}
        await send(message)

    return sending


def _returning(send: Send, cookies: Mapping[str, str], base: str) -> Send:
    """The callback's redirect pointed at the remembered link, and the cookie dropped."""
    if RETURN_COOKIE not in cookies:
        return send
    target = _remembered(cookies)

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and message.get("status") in (302, 303, 307):
            headers = [
                (name, value)
                for name, value in message.get("headers", [])
                if not (target and name == b"location")
            ]
            if target:
                headers.append((b"location", f"{base}/{target}".encode("latin-1")))
            headers.append(_set_cookie("", 0, base, False))
            message = {**message, "headers": headers}
        await send(message)

    return sending
