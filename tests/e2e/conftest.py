"""Real-browser fixtures: Streamlit servers started once per session, Debian's headless Chromium.

Each e2e module carries ``pytestmark = pytest.mark.e2e``: ``pytest -m e2e`` runs them alone,
``pytest -m "not e2e"`` skips them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from benchmarks.browser import CHROMIUM, launch_args
from benchmarks.server import APP, BARE_APP, StreamlitServer, running_server, start_server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: real-browser test (starts streamlit and headless Chromium)"
    )


#: Milliseconds an ``expect`` waits for what it looks for (Playwright's default is 5,000). A CI
#: machine running the whole suite on two cores takes longer than that to show a run now and
#: then; a test still fails when what it waits for never comes.
EXPECT_TIMEOUT = 15_000


@pytest.fixture(scope="session", autouse=True)
def patient_expect() -> None:
    """Give every ``expect`` of the browser tests :data:`EXPECT_TIMEOUT`."""
    expect.set_options(timeout=EXPECT_TIMEOUT)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium headless (Playwright's own browsers cannot be downloaded)."""
    if not Path(CHROMIUM).exists():
        # A failure, not a skip: make test installs Chromium, so its absence is a broken setup.
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make system-deps` or set TOTEM_CHROMIUM")
    return {**browser_type_launch_args, **launch_args()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A tall viewport: Streamlit scrolls inside its own container, so screenshots show only
    the viewport (``full_page`` adds nothing)."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1800}}


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """No base URL: tests navigate to their server's full URL.

    Overrides pytest-playwright's fallback fixture, a method on a plugin object that pytest 9
    flags with PytestRemovedIn10Warning, an error under our ``filterwarnings = ["error"]``.
    """
    return None


@pytest.fixture(scope="session")
def streamlit_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[Path], StreamlitServer]]:
    """Factory: start ``streamlit run <app>`` once per app for the session; all stop at the end.

    Each server gets a plan store of its own, so what other tests saved never shows up in the
    journeys' plan picker.
    """
    servers: dict[Path, StreamlitServer] = {}

    def start(app: Path) -> StreamlitServer:
        if app not in servers:
            store = tmp_path_factory.mktemp("store") / "totem.db"
            servers[app] = start_server(app, env={"TOTEM_DATABASE_URL": f"sqlite:///{store}"})
        return servers[app]

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def app_server(streamlit_server: Callable[[Path], StreamlitServer]) -> StreamlitServer:
    """The Totem workbook (app.py) served for the whole session."""
    return streamlit_server(APP)


@pytest.fixture(scope="session")
def bare_server(streamlit_server: Callable[[Path], StreamlitServer]) -> StreamlitServer:
    """The bare one-number-input app (tests/e2e/bare_app.py) served for the whole session."""
    return streamlit_server(BARE_APP)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A plan store of its own for this module's server."""
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'totem.db'}"


@pytest.fixture(scope="module")
def store_server(store_url: str) -> Iterator[StreamlitServer]:
    """The workbook served with its plan store in a temporary SQLite file."""
    with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
        yield server
