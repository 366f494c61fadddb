"""A small OpenID Connect provider for sign-in tests, served on 127.0.0.1 by uvicorn in a thread.

It speaks the part of OpenID Connect that Streamlit's ``st.login`` (Authlib's Starlette client)
uses: discovery, the authorization code flow with PKCE (S256), ``client_secret_basic`` or
``client_secret_post`` client authentication, RS256-signed ID tokens published through a JWKS,
a userinfo endpoint and an end-session endpoint. The JOSE part (keys, signatures) is joserfc,
the library Authlib itself uses; the HTTP part is Starlette, already installed with Streamlit.

Unlike a mock that signs in a fixed user, ``/authorize`` shows a login page with one button per
known user, so a browser test chooses who signs in, as a person would at a company's identity
provider. ``id_token_lifetime`` shortens the ID token's ``exp`` for session-expiry tests.

Nothing here is production code: users need no password and every client is trusted once
registered.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from benchmarks.server import free_port


@dataclass(frozen=True)
class User:
    """A person the provider can sign in."""

    email: str
    name: str

    @property
    def sub(self) -> str:
        """Stable subject identifier: the e-mail's local part is enough for tests."""
        return self.email.split("@", 1)[0]


ALICE = User("alice@example.com", "Alice Martin")
BOB = User("bob@example.org", "Bob Durand")


@dataclass
class Client:
    """A registered relying party (one Streamlit server)."""

    client_id: str
    client_secret: str
    redirect_uris: set[str]


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    user: User
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int


@dataclass
class OIDCProvider:
    """The provider's state and its Starlette app; :meth:`start` serves it on a free port.

    Attributes:
        users: who may sign in, by e-mail.
        id_token_lifetime: seconds between an ID token's ``iat`` and ``exp``.
        sign_ins: e-mails of the users who signed in, in order (what the login page received).
        end_sessions: query parameters of every call to the end-session endpoint.
        forge_signatures: sign ID tokens with a key the JWKS does not publish, as an attacker
            would; a relying party must then refuse the sign-in.
    """

    users: dict[str, User] = field(
        default_factory=lambda: {user.email: user for user in (ALICE, BOB)}
    )
    id_token_lifetime: int = 3600
    forge_signatures: bool = False
    sign_ins: list[str] = field(default_factory=list)
    end_sessions: list[dict[str, str]] = field(default_factory=list)
    port: int = 0
    _clients: dict[str, Client] = field(default_factory=dict)
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _access_tokens: dict[str, User] = field(default_factory=dict)
    _key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"use": "sig"}, auto_kid=True)
    )
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def issuer(self) -> str:
        """The issuer URL, also the base of every endpoint."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        """The discovery document's URL (``server_metadata_url`` in secrets.toml)."""
        return f"{self.issuer}/.well-known/openid-configuration"

    def register_client(self, redirect_uri: str) -> Client:
        """Register a new client allowed to use ``redirect_uri``; return its credentials."""
        client = Client(
            client_id=f"totem-{secrets.token_hex(4)}",
            client_secret=secrets.token_urlsafe(24),
            redirect_uris={redirect_uri},
        )
        self._clients[client.client_id] = client
        return client

    # -- serving --------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> None:
        """Serve on a free 127.0.0.1 port in a daemon thread; return once it accepts requests."""
        self.port = free_port()
        config = uvicorn.Config(
            self.app(),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="none",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="oidc-provider", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the OIDC provider did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = self._thread = None

    def app(self) -> Starlette:
        """The provider's endpoints as a Starlette application."""
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize_page, methods=["GET"]),
                Route("/authorize", self._authorize_submit, methods=["POST"]),
                Route("/token", self._token, methods=["POST"]),
                Route("/userinfo", self._userinfo),
                Route("/logout", self._end_session),
            ]
        )

    # -- endpoints ------------------------------------------------------------------------

    async def _discovery(self, request: Request) -> Response:
        del request
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "end_session_endpoint": f"{self.issuer}/logout",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": ["sub", "email", "email_verified", "name", "nonce"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        del request
        return JSONResponse(KeySet([self._key]).as_dict(private=False))

    def _check_authorize_request(self, params: dict[str, str]) -> str | None:
        """Return what is wrong with an authorization request, or None."""
        client = self._clients.get(params.get("client_id", ""))
        if client is None:
            return "unknown client_id"
        if params.get("redirect_uri") not in client.redirect_uris:
            return "redirect_uri not registered for this client"
        if params.get("response_type") != "code":
            return "only response_type=code is supported"
        if "openid" not in params.get("scope", "").split():
            return "scope must include openid"
        if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            return "only the S256 code challenge method is supported"
        return None

    async def _authorize_page(self, request: Request) -> Response:
        params = dict(request.query_params)
        problem = self._check_authorize_request(params)
        if problem:
            return HTMLResponse(f"<h1>Bad request</h1><p>{html.escape(problem)}</p>", 400)
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )
        buttons = "".join(
            f'<p><button type="submit" name="login" value="{html.escape(user.email)}">'
            f"Sign in as {html.escape(user.email)}</button></p>"
            for user in self.users.values()
        )
        return HTMLResponse(
            "<!doctype html><html><head><title>Test identity provider</title></head><body>"
            "<h1>Test identity provider</h1>"
            f'<form method="post" action="/authorize">{hidden}{buttons}</form></body></html>'
        )

    async def _authorize_submit(self, request: Request) -> Response:
        form = await request.form()
        params = {k: str(v) for k, v in form.items()}
        problem = self._check_authorize_request(params)
        user = self.users.get(params.pop("login", ""))
        if problem or user is None:
            return HTMLResponse(f"<h1>Bad request</h1><p>{problem or 'unknown user'}</p>", 400)
        code = secrets.token_urlsafe(24)
        self._grants[code] = _Grant(
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            user=user,
            scope=params["scope"],
            nonce=params.get("nonce"),
            code_challenge=params.get("code_challenge"),
            code_challenge_method=params.get("code_challenge_method"),
            auth_time=int(time.time()),
        )
        self.sign_ins.append(user.email)
        answer = {"code": code} | ({"state": params["state"]} if "state" in params else {})
        return RedirectResponse(f"{params['redirect_uri']}?{urlencode(answer)}", 302)

    def _authenticate_client(self, request: Request, form: dict[str, str]) -> Client | None:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        else:
            client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        client = self._clients.get(client_id)
        if client is None or not secrets.compare_digest(client.client_secret, client_secret):
            return None
        return client

    async def _token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        client = self._authenticate_client(request, form)
        if client is None:
            return JSONResponse({"error": "invalid_client"}, 401)
        if form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        # Codes are single use: a replayed callback must fail like at a real provider.
        grant = self._grants.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant.client_id != client.client_id
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return JSONResponse({"error": "invalid_grant"}, 400)
        if grant.code_challenge and not _pkce_matches(
            grant.code_challenge, form.get("code_verifier", "")
        ):
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": grant.user.sub,
            "aud": client.client_id,
            "iat": now,
            "exp": now + self.id_token_lifetime,
            "auth_time": grant.auth_time,
            "email": grant.user.email,
            "email_verified": True,
            "name": grant.user.name,
        }
        if grant.nonce:
            claims["nonce"] = grant.nonce
        key = self._key
        if self.forge_signatures:
            key = RSAKey.generate_key(2048, parameters={"kid": self._key.kid}, auto_kid=False)
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        access_token = secrets.token_urlsafe(24)
        self._access_tokens[access_token] = grant.user
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": self.id_token_lifetime,
                "id_token": id_token,
                "scope": grant.scope,
            },
            headers={"Cache-Control": "no-store"},
        )

    async def _userinfo(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        user = self._access_tokens.get(token)
        if user is None:
            return JSONResponse({"error": "invalid_token"}, 401)
        return JSONResponse(
            {"sub": user.sub, "email": user.email, "email_verified": True, "name": user.name}
        )

    async def _end_session(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.end_sessions.append(params)
        target = params.get("post_logout_redirect_uri")
        client = self._clients.get(params.get("client_id", ""))
        if target and client is not None and target in client.redirect_uris:
            return RedirectResponse(target, 302)
        return HTMLResponse("<h1>Signed out</h1>")


def _pkce_matches(challenge: str, verifier: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return secrets.compare_digest(expected, challenge)
