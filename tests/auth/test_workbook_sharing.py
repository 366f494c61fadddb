"""Sharing in the workbook behind sign-in: two people, two browsers, the test provider.

Alice shares her plan with bob as an editor from the Plans page; bob's change reaches her
history signed with his identity; she makes him a viewer while the plan is open on his screen,
and the store refuses the edit his page still allowed; reloaded, his fields are disabled and
the export still works. The pages met on the way pass axe-core's WCAG 2.1 AA rules.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from benchmarks.server import StreamlitServer
from planner.store import PlanStore
from tests.auth.oidc_provider import ALICE, BOB, OIDCProvider
from tests.auth.workbook import (
    ALICE_ORGANISATION,
    ALICE_PLAN,
    TIMEOUT_MS,
    body_text,
    en,
    serve_workbook,
    sign_in,
)
from tests.e2e.test_accessibility import Findings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

BOBS_CHANGE = "Durand & Co"
REFUSED_CHANGE = "Bob was here"
#: How the store signs bob's revisions.
BOB_AUTHOR = f"{BOB.name} <{BOB.email}>"


@pytest.fixture(scope="module")
def shared_workbook(
    oidc_provider: OIDCProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[StreamlitServer, str, str]]:
    """The workbook with sign-in; yields the server, alice's plan id and the store's URL."""
    folder = tmp_path_factory.mktemp("workbook-sharing")
    server, alice_id = serve_workbook(oidc_provider, folder)
    try:
        yield server, alice_id, f"sqlite:///{folder / 'totem.db'}"
    finally:
        server.stop()


def _organisation(url: str, plan_id: str) -> tuple[str, str]:
    """The newest revision's organisation and author, read from the store."""
    with PlanStore(url) as store:
        latest = store.latest(plan_id)
        return latest.plan.organisation, latest.author


def _wait_for_organisation(url: str, plan_id: str, wanted: str) -> str:
    """Wait until the store's newest revision has ``wanted`` as organisation; its author."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        organisation, author = _organisation(url, plan_id)
        if organisation == wanted:
            return author
        assert time.monotonic() < deadline, f"still {organisation!r}, waiting for {wanted!r}"
        time.sleep(0.2)


def _share(page: Page, email: str, role: str) -> None:
    """On the Plans page, share the plan with ``email`` as ``role`` through the form."""
    form = page.get_by_test_id("stForm").filter(has_text=en("ui.sharing.add"))
    form.get_by_label(en("ui.sharing.principal")).fill(email)
    form.get_by_text(en(f"ui.sharing.role_option.{role}"), exact=True).click()
    form.get_by_role("button", name=en("ui.sharing.share")).click()
    role_name = en(f"ui.sharing.role.{role}")
    _wait_for_text(page, en("ui.sharing.shared", principal=email, role=role_name))


def _wait_for_text(page: Page, text: str) -> None:
    """Wait until the page reads ``text`` (e-mails carry word joiners, which this ignores)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while text not in body_text(page):
        assert time.monotonic() < deadline, f"{text!r} never showed"
        page.wait_for_timeout(200)


def _edit_organisation(page: Page, text: str) -> None:
    field = page.get_by_label(en("ui.plan.organisation"), exact=True)
    field.fill(text)
    field.press("Enter")


def _context(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport={"width": 1400, "height": 1800})


def test_alice_shares_with_bob_as_editor_then_viewer_and_the_store_holds_the_line(
    browser: Browser, shared_workbook: tuple[StreamlitServer, str, str]
) -> None:
    """Test sharing as editor and as viewer end to end, the viewer's save refused by the store
    and the viewer's disabled fields, in two signed-in browsers."""
    server, alice_id, url = shared_workbook
    findings = Findings()
    alice_context, bob_context = _context(browser), _context(browser)
    try:
        alice = alice_context.new_page()
        alice.goto(f"{server.url}plans?plan={alice_id}")
        sign_in(alice, server, ALICE, lands=en("ui.page.plans.title"))
        expect(alice.get_by_text(en("ui.sharing.no_shares"))).to_be_visible()
        _share(alice, BOB.email, "editor")
        findings.check(alice, "Plans page, the owner's sharing section")

        # Bob, an editor: the plan opens from its link, his change is saved under his name.
        bob = bob_context.new_page()
        bob.goto(f"{server.url}?plan={alice_id}")
        sign_in(bob, server, BOB, lands=en("ui.page.plan.title"))
        expect(bob.get_by_label(en("ui.plan.organisation"), exact=True)).to_have_value(
            ALICE_ORGANISATION
        )
        _edit_organisation(bob, BOBS_CHANGE)
        assert _wait_for_organisation(url, alice_id, BOBS_CHANGE) == BOB_AUTHOR

        # Alice's history names him, as the audit recorded it.
        alice.reload()
        audit = alice.get_by_test_id("stExpander").filter(has_text="Who did what")
        audit.get_by_text("Who did what").click()
        expect(audit.get_by_text(f"{BOB.name}", exact=False).first).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(audit.get_by_text("saved revision 2", exact=False)).to_be_visible()

        # Alice makes bob a viewer while the plan is open on his screen, fields enabled.
        _share(alice, BOB.email, "viewer")
        _edit_organisation(bob, REFUSED_CHANGE)
        _wait_for_text(bob, en("ui.auth.read_only").replace("**", ""))
        time.sleep(1)  # a save would have landed by now: the store must still hold bob's first
        assert _organisation(url, alice_id) == (BOBS_CHANGE, BOB_AUTHOR)

        # Reloaded, bob reads the plan: the notice, the fields disabled, the export open.
        bob.reload()
        expect(bob.get_by_role("link", name=en("ui.readonly.plans_link"))).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(bob.get_by_label(en("ui.plan.organisation"), exact=True)).to_be_disabled()
        findings.check(bob, "the plan page, read by a viewer")
        bob.goto(f"{server.url}export?plan={alice_id}")
        with bob.expect_download(timeout=TIMEOUT_MS) as download_info:
            bob.get_by_role("button", name=en("ui.export.download_button")).click()
        assert BOBS_CHANGE in Path(download_info.value.path()).read_text(encoding="utf-8")
        assert ALICE_PLAN in body_text(bob)
    finally:
        alice_context.close()
        bob_context.close()
    print(findings.report("sharing"))
    assert not findings.blocking, "\n".join(findings.blocking)
