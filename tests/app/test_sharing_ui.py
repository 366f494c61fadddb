"""Sharing on the Plans page and the audit in its history, signed in (AppTest).

Sessions are signed in the way ``tests/app/test_auth.py`` signs them: AppTest's ``user``
stands in for ``st.user`` and its ``secrets`` hold an ``[auth]`` section. Every assertion on
what was shared reads the store, not the page.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.i18n import translate
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.identity import Role, User
from tests.app.conftest import APP, make_plan, page_text, shown
from tests.app.test_auth import ALICE, AUTH_SECRETS, BOB
from workbook.sharing import withdraw_key

ROOT = User("root@example.com", "Root Admin")
PRINCIPAL, ROLE, SHARE = "plans_sharing_principal", "plans_sharing_role.en", "plans_sharing_share"


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


def _claims(user: User) -> dict[str, Any]:
    now = time.time()
    return {
        "is_logged_in": True,
        "email": user.email,
        "name": user.name,
        "auth_time": now - 60,
        "iat": now - 60,
        "exp": now + 3600,
    }


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _plans_page(
    user: User, plan_id: str, *, admins: list[str] | None = None, lang: str = "en"
) -> AppTest:
    """The Plans page of a session signed in as ``user``, with ``plan_id`` in hand."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["auth"] = AUTH_SECRETS
    at.secrets["totem"] = {"admins": admins or []}
    at.user = _claims(user)
    at.session_state["lang"] = lang
    at.query_params["plan"] = plan_id
    _ok(at.run())
    assert at.session_state["plan_id"] == plan_id
    return _ok(at.switch_page("pages/plans.py").run())


def _alices_plan(store: PlanStore) -> str:
    return AccessStore(store).for_user(ALICE).create(make_plan("en-team")).plan_id


def _share(at: AppTest, principal: str, role: str = "viewer") -> AppTest:
    at.text_input(key=PRINCIPAL).input(principal)
    at.radio(key=ROLE).set_value(role)
    return _ok(at.button(key=SHARE).click().run())


def _keys(at: AppTest) -> set[str]:
    widgets = [*at.text_input, *at.button, *at.checkbox, *at.radio]
    return {str(widget.key) for widget in widgets}


def _audit_lines(at: AppTest) -> list[str]:
    """The audit's sentences as a user reads them, newest first."""
    expanders = [e for e in at.expander if e.label.startswith("Who did what")]
    assert len(expanders) == 1, [e.label for e in at.expander]
    return [shown(m.value) for m in expanders[0].markdown]


# --------------------------------------------------------------------------------------------
# The owner's forms


def test_the_owner_shares_with_a_person_and_a_domain_then_withdraws_one(
    store: PlanStore,
) -> None:
    """Test that the owner's clicks share as viewer and as editor, and withdraw a share."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    at = _plans_page(ALICE, plan_id)
    assert en("ui.sharing.no_shares") in [c.value for c in at.caption]

    _share(at, " Bob@Example.org ", "viewer")
    assert access.shares(plan_id) == {"bob@example.org": Role.VIEWER}
    assert at.text_input(key=PRINCIPAL).value == ""
    assert shown(at.success[0].value) == en(
        "ui.sharing.shared", principal="bob@example.org", role="Viewer"
    )

    _share(at, "@example.net", "editor")
    assert access.shares(plan_id) == {"@example.net": Role.EDITOR, "bob@example.org": Role.VIEWER}
    text = page_text(at)
    assert "everyone at **@example.net**" in text
    assert "**bob@example.org**" in text

    _ok(at.button(key=withdraw_key("bob@example.org")).click().run())
    assert access.shares(plan_id) == {"@example.net": Role.EDITOR}
    assert access.role(BOB, plan_id) is None
    assert "**bob@example.org**" not in [shown(m.value) for m in at.markdown]
    assert shown(at.success[0].value) == en("ui.sharing.withdrawn", principal="bob@example.org")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("bob@", "“bob@” is not an e-mail address"),
        ("@localhost", "“@localhost” is not an e-mail address"),
        ("  ", en("ui.sharing.empty")),
        ("Alice@example.com", en("ui.sharing.own_email")),
    ],
)
def test_a_bad_share_is_refused_naming_the_field_and_keeping_the_text(
    store: PlanStore, typed: str, problem: str
) -> None:
    """Test that not an address, nothing, or one's own address stores nothing and says why."""
    plan_id = _alices_plan(store)
    at = _share(_plans_page(ALICE, plan_id), typed)
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith(f"**{en('ui.sharing.principal')}**: ")
    assert problem in errors[0]
    assert AccessStore(store).shares(plan_id) == {}
    assert at.text_input(key=PRINCIPAL).value == typed
    assert not at.success


def test_the_owner_hands_the_plan_over_only_once_confirmed(store: PlanStore) -> None:
    """Test that a transfer waits for its confirmation, then changes the owner, and the old
    owner's page no longer offers the owner's forms."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    at = _plans_page(ALICE, plan_id)
    at.text_input(key="plans_sharing_transfer_email").input("bob@example.org")
    _ok(at.button(key="plans_sharing_transfer").click().run())
    assert access.owner(plan_id) == ALICE.email
    assert [shown(e.value) for e in at.error] == [
        en(
            "ui.sharing.problem",
            field=en("ui.sharing.confirm_transfer"),
            problem=en("ui.sharing.not_confirmed"),
        )
    ]
    assert at.text_input(key="plans_sharing_transfer_email").value == "bob@example.org"

    at.checkbox(key="plans_sharing_transfer_confirm").check()
    _ok(at.button(key="plans_sharing_transfer").click().run())
    assert access.owner(plan_id) == BOB.email
    assert access.role(ALICE, plan_id) is Role.EDITOR
    assert shown(at.success[0].value) == en("ui.sharing.transferred", owner="bob@example.org")
    assert not {PRINCIPAL, SHARE, "plans_sharing_transfer", "plans_sharing_give"} & _keys(at)
    assert en("ui.sharing.read_only") in [c.value for c in at.caption]
    assert "Owner: **bob@example.org**" in [shown(m.value) for m in at.markdown]
    # The history says it, as the real identity of each side.
    assert _audit_lines(at)[0].endswith(
        "**Alice Martin** (alice@example.com) handed the plan over to **bob@example.org**"
    )


def test_a_transfer_to_oneself_is_refused(store: PlanStore) -> None:
    """Test that the owner cannot hand the plan over to their own address."""
    plan_id = _alices_plan(store)
    at = _plans_page(ALICE, plan_id)
    at.text_input(key="plans_sharing_transfer_email").input("ALICE@example.com")
    at.checkbox(key="plans_sharing_transfer_confirm").check()
    _ok(at.button(key="plans_sharing_transfer").click().run())
    assert AccessStore(store).owner(plan_id) == ALICE.email
    assert [shown(e.value) for e in at.error] == [
        en("ui.sharing.problem", field=en("ui.sharing.new_owner"), problem="")
        + en("ui.sharing.own_email")
    ]


# --------------------------------------------------------------------------------------------
# Editors, unclaimed plans, administrators


def test_an_editor_sees_the_owner_and_the_shares_but_no_form(store: PlanStore) -> None:
    """Test that someone the plan is shared with reads who has it, and can change none of it."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    access.share(ALICE, plan_id, BOB.email, "editor")
    access.share(ALICE, plan_id, "@example.net", "viewer")
    at = _plans_page(BOB, plan_id)
    lines = [shown(m.value) for m in at.markdown]
    assert "Owner: **Alice Martin** (alice@example.com)" in lines
    assert "**Bob Durand** (bob@example.org)" in lines
    assert "everyone at **@example.net**" in lines
    assert en("ui.sharing.read_only") in [c.value for c in at.caption]
    assert not [key for key in _keys(at) if key.startswith("plans_sharing")]


def test_an_unclaimed_plan_offers_claim_and_the_claimer_becomes_its_owner(
    store: PlanStore,
) -> None:
    """Test that a plan stored before sign-in shows Claim to anyone, and claiming owns it."""
    plan_id = store.create(make_plan("en-team"), author="workbook", note="").plan_id
    access = AccessStore(store)
    at = _plans_page(BOB, plan_id)
    assert en("ui.sharing.unclaimed") in [i.value for i in at.info]
    assert PRINCIPAL not in _keys(at)

    _ok(at.button(key="plans_sharing_claim").click().run())
    assert access.owner(plan_id) == BOB.email
    assert access.role(ALICE, plan_id) is None
    assert shown(at.success[0].value) == en("ui.sharing.claimed")
    assert "plans_sharing_claim" not in _keys(at)
    assert {PRINCIPAL, "plans_sharing_transfer"} <= _keys(at)
    assert _audit_lines(at)[0].endswith("**Bob Durand** (bob@example.org) claimed the plan")


def test_an_admin_gives_a_plan_to_someone(store: PlanStore) -> None:
    """Test that an administrator gives alice's plan to bob; alice stays an editor."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    at = _plans_page(ROOT, plan_id, admins=[ROOT.email])
    assert "plans_sharing_transfer" not in _keys(at)  # not theirs to hand over: to give
    at.text_input(key="plans_sharing_give_email").input("bob@example.org")
    at.checkbox(key="plans_sharing_give_confirm").check()
    _ok(at.button(key="plans_sharing_give").click().run())
    assert access.owner(plan_id) == BOB.email
    assert access.role(ALICE, plan_id) is Role.EDITOR
    assert _audit_lines(at)[0].endswith(
        "**Root Admin** (root@example.com) gave the plan to **bob@example.org**, taking it "
        "from **Alice Martin** (alice@example.com)"
    )


def test_giving_a_plan_needs_the_admin_list_at_the_click(store: PlanStore) -> None:
    """Test that an administrator removed from the list meanwhile gives nothing away."""
    plan_id = _alices_plan(store)
    AccessStore(store).share(ALICE, plan_id, ROOT.email, "viewer")  # still reaches it after
    at = _plans_page(ROOT, plan_id, admins=[ROOT.email])
    at.secrets["totem"] = {"admins": []}
    at.text_input(key="plans_sharing_give_email").input("bob@example.org")
    at.checkbox(key="plans_sharing_give_confirm").check()
    _ok(at.button(key="plans_sharing_give").click().run())
    assert AccessStore(store).owner(plan_id) == ALICE.email
    assert [shown(e.value) for e in at.error] == [
        en(
            "ui.sharing.problem",
            field=en("ui.sharing.new_owner"),
            problem=translate("access.not_owner", "en", owner=ALICE.email),
        )
    ]


# --------------------------------------------------------------------------------------------
# The audit in the history


def test_the_history_says_who_did_what_with_their_real_identity(store: PlanStore) -> None:
    """Test that saves, shares, the bin and back read as sentences naming the signed-in person,
    newest first, in English and French."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    alice = access.for_user(ALICE)
    plan = store.latest(plan_id).plan
    alice.save(plan_id, plan.model_copy(update={"organisation": "B"}), base_revision=1)
    access.share(ALICE, plan_id, BOB.email, "viewer")
    alice.delete(plan_id)
    alice.recover(plan_id)
    at = _plans_page(BOB, plan_id)
    alice_is = "**Alice Martin** (alice@example.com)"
    sentences = [line.split(" · ", 1)[1] for line in _audit_lines(at)]
    assert sentences == [
        f"{alice_is} took the plan out of the bin",
        f"{alice_is} moved the plan to the bin",
        f"{alice_is} shared the plan with **Bob Durand** (bob@example.org) as a viewer",
        f"{alice_is} saved revision 2",
        f"{alice_is} created the plan",
    ]
    assert any(e.label == "Who did what (5 entries)" for e in at.expander)

    french = _plans_page(BOB, plan_id, lang="fr")
    lines = [shown(m.value) for e in french.expander for m in e.markdown]
    assert any(line.endswith(f"{alice_is} a enregistré la version 2") for line in lines)


def test_the_audit_names_nobody_from_a_name_typed_in_laptop_mode(store: PlanStore) -> None:
    """Test that a laptop-mode author pretending to be bob lends his address no name."""
    plan_id = store.create(make_plan("en-team"), author="Mallory <bob@example.org>").plan_id
    AccessStore(store).claim(BOB, plan_id)
    at = _plans_page(ROOT, plan_id, admins=[ROOT.email])
    lines = _audit_lines(at)
    assert len(lines) == 1
    assert lines[0].endswith("**bob@example.org** claimed the plan")
    assert "Owner: **bob@example.org**" in [shown(m.value) for m in at.markdown]


def test_a_long_audit_shows_the_newest_twenty_then_the_rest(store: PlanStore) -> None:
    """Test that 25 entries show 20 until the user asks for the older ones."""
    plan_id = _alices_plan(store)
    access = AccessStore(store)
    for index in range(24):
        access.share(ALICE, plan_id, f"person{index}@example.org", "viewer")
    at = _plans_page(ALICE, plan_id)
    lines = _audit_lines(at)
    assert len(lines) == 20
    assert lines[0].endswith("with **person23@example.org** as a viewer")
    more = at.button(key="plans_audit_more")
    assert more.label == en("ui.sharing.audit.more", count=5)
    _ok(more.click().run())
    lines = _audit_lines(at)
    assert len(lines) == 25
    assert lines[-1].endswith("created the plan")


def test_identity_texts_reach_markdown_as_typed(store: PlanStore) -> None:
    """Test that a provider's name with Markdown in it, and e-mails, are shown literally."""
    mallory = User("mallory@example.com", "**Boss** :red[x] [link](http://evil.example)")
    plan_id = AccessStore(store).for_user(mallory).create(make_plan("new")).plan_id
    at = _plans_page(mallory, plan_id)
    owner = next(m.value for m in at.markdown if m.value.startswith("Owner"))
    assert shown(owner).startswith(f"Owner: **{mallory.name}** (mallory@example.com)")
    assert "\\*\\*Boss\\*\\*" in owner
    assert "mallory\\@\u2060example" in owner  # the word joiner: no mailto autolink


# --------------------------------------------------------------------------------------------
# Laptop mode


def test_laptop_mode_shows_no_sharing_and_no_audit(store: PlanStore) -> None:
    """Test that without [auth] the Plans page has neither the sharing section nor the audit."""
    plan_id = store.create(make_plan("en-team"), author="workbook", note="").plan_id
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["plan"] = plan_id
    at.session_state["lang"] = "en"
    _ok(at.run())
    _ok(at.switch_page("pages/plans.py").run())
    assert [s.value for s in at.subheader if "Sharing" in s.value] == []
    assert not [e for e in at.expander if e.label.startswith("Who did what")]
    assert not [key for key in _keys(at) if key.startswith(("plans_sharing", "plans_audit"))]
    assert "Owner:" not in page_text(at)
