"""Fixtures for the sign-in tests: a real OpenID Connect provider and sign-in app servers.

The provider (:mod:`tests.auth.oidc_provider`) runs once per session on a free 127.0.0.1 port.
Each app server gets a temporary folder holding a copy of ``signin_app.py`` and a
``.streamlit/secrets.toml`` with an ``[auth]`` section for a client registered at the provider:
Streamlit reads ``secrets.toml`` from the folder of the script it runs.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.server import StreamlitServer, free_port, start_server
from tests.auth.oidc_provider import OIDCProvider

# The browser settings of the e2e suite (Debian's Chromium, headless; no base URL), shared rather
# than copied: pytest registers fixtures imported into a conftest.
from tests.e2e.conftest import (  # noqa: F401
    base_url,
    browser_context_args,
    browser_type_launch_args,
    patient_expect,
)

SIGNIN_APP = Path(__file__).with_name("signin_app.py")


def write_auth_secrets(app_dir: Path, provider: OIDCProvider, streamlit_port: int) -> Path:
    """Register a client at ``provider`` and write ``app_dir/.streamlit/secrets.toml`` for it.

    Args:
        app_dir: folder of the Streamlit script.
        provider: the running provider.
        streamlit_port: port the app will listen on (the redirect URI names it).

    Returns:
        The path of the secrets file.
    """
    redirect_uri = f"http://127.0.0.1:{streamlit_port}/oauth2callback"
    client = provider.register_client(redirect_uri)
    path = app_dir / ".streamlit" / "secrets.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{client.client_id}"\n'
        f'client_secret = "{client.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OIDCProvider]:
    """The OpenID Connect provider, serving on 127.0.0.1 for the whole session."""
    provider = OIDCProvider()
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def signin_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[OIDCProvider], StreamlitServer]]:
    """Factory: serve ``signin_app.py`` configured for a provider; all servers stop at the end."""
    servers: list[StreamlitServer] = []

    def start(provider: OIDCProvider) -> StreamlitServer:
        app_dir = tmp_path_factory.mktemp("signin-app")
        app = app_dir / SIGNIN_APP.name
        shutil.copy(SIGNIN_APP, app)
        port = free_port()
        write_auth_secrets(app_dir, provider, port)
        server = start_server(app, port=port)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
