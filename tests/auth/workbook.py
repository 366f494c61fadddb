"""The workbook behind sign-in, for the browser tests: its server, signing in, reading a page.

The server is ``workbook/serve.py`` (what ``make run`` starts), pointed at a temporary
``secrets.toml`` through ``STREAMLIT_SECRETS_FILES`` and at a plan store of its own holding one
plan of alice's and one of bob's.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from benchmarks.server import StreamlitServer, free_port, start_server
from planner.i18n import translate
from planner.models import SCHEMA_VERSION, Language, Plan
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.identity import User as StoreUser
from tests.auth.conftest import write_auth_secrets
from tests.auth.oidc_provider import ALICE, BOB, OIDCProvider, User

TIMEOUT_MS = 20_000
ALICE_PLAN = "Alice’s launch"
ALICE_ORGANISATION = "Zorglub Corp"
BOB_PLAN = "Bob’s launch"


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


#: A session length short enough to outlive in a test (``[totem] session_hours``): 18 s.
SHORT_SESSION_HOURS = 0.005


def serve_workbook(
    provider: OIDCProvider, folder: Path, *, totem: str = "", named: tuple[str, ...] = ()
) -> tuple[StreamlitServer, str]:
    """Start the workbook on a new store holding alice's plan and bob's; the server and the id
    of alice's plan. ``totem`` is added to ``secrets.toml`` (a ``[totem]`` section); each name
    of ``named`` becomes an ``[auth.<name>]`` provider too, a client of its own at ``provider``."""
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
    for name in named:
        client = provider.register_client(f"http://127.0.0.1:{port}/oauth2callback")
        totem += (
            f"\n[auth.{name}]\n"
            f'client_id = "{client.client_id}"\n'
            f'client_secret = "{client.client_secret}"\n'
            f'server_metadata_url = "{provider.metadata_url}"\n'
        )
    if totem:
        secrets.write_text(secrets.read_text(encoding="utf-8") + totem, encoding="utf-8")
    server = start_server(
        "workbook/serve.py",
        port=port,
        env={"STREAMLIT_SECRETS_FILES": str(secrets), "TOTEM_DATABASE_URL": url},
    )
    return server, alice_id


def sign_in(page: Page, server: StreamlitServer, user: User, *, lands: str = "") -> None:
    """Sign in from the sign-in page; ``lands`` is the heading expected after (the start's)."""
    page.get_by_role("button", name=en("ui.auth.signin.button"), exact=True).click()
    page.wait_for_url(re.compile(r".*/authorize\?.*"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Sign in as {user.email}").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r".*"), timeout=TIMEOUT_MS)
    heading = page.get_by_role("heading", name=lands or en("ui.start.title"), exact=True)
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)


def sign_out(page: Page, server: StreamlitServer) -> None:
    """Sign out from the sidebar and wait for the whole round trip to end on the sign-in page.

    The click reruns the script (the sign-in page shows at once), then the browser goes through
    the workbook's ``/auth/logout``, the provider's end-session endpoint and ``/oauth2callback``
    back to the workbook. A test that moves on before that round trip ends has its next
    navigation overtaken by it.
    """

    def back_home(url: str) -> bool:
        return url.startswith(server.url) and "/auth/" not in url and "/oauth2callback" not in url

    with page.expect_navigation(url=back_home, timeout=TIMEOUT_MS):
        page.get_by_test_id("stSidebar").get_by_role("button", name=en("ui.auth.signout")).click()
    expect(page.get_by_role("heading", name=en("ui.auth.signin.title"))).to_be_visible(
        timeout=TIMEOUT_MS
    )


def body_text(page: Page) -> str:
    """The page's text as read, without the word joiners that keep e-mails from autolinking."""
    return page.locator("body").inner_text().replace("\u2060", "")
