"""Sign-in in the workbook: laptop mode, the sign-in gate, the user's plans, session expiry.

The pure parts (identity from the ID token's claims, the session's age, the admin list) are
plain unit tests. The pages run in AppTest, whose ``user`` stands in for ``st.user`` and whose
``secrets`` for ``st.secrets``: a signed-in user there has passed no provider, which the
browser tests of ``tests/auth`` cover.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.i18n import translate
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.identity import User
from tests.app.conftest import APP, make_plan, page_text, shown
from workbook.auth import session_expired, signed_in_at, user_from_claims

ALICE = User("alice@example.com", "Alice Martin")
BOB = User("bob@example.org", "Bob Durand")
AUTH_SECRETS = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "not-a-secret-for-tests",
    "client_id": "totem",
    "client_secret": "totem-secret",
    "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
}


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


# --------------------------------------------------------------------------------------------
# Pure parts


@pytest.mark.parametrize(
    ("claims", "admins", "expected"),
    [
        ({"email": "Alice@Example.com ", "name": " Alice Martin"}, [], ALICE),
        ({"email": "alice@example.com"}, [], User("alice@example.com")),
        (
            {"email": "alice@example.com", "name": "Alice Martin"},
            [" ALICE@example.com", "root@example.com"],
            User("alice@example.com", "Alice Martin", admin=True),
        ),
        (
            {"email": "bob@example.org", "name": "Bob"},
            ["alice@example.com"],
            User("bob@example.org", "Bob"),
        ),
        ({"name": "No Mail"}, [], None),
        ({"email": "not an address"}, [], None),
        ({"email": None}, [], None),
    ],
)
def test_user_from_claims_reads_email_name_and_the_admin_list(
    claims: dict[str, Any], admins: list[str], expected: User | None
) -> None:
    """Test that the ID token's claims make the store's user, admin when listed, else None."""
    assert user_from_claims(claims, admins) == expected


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"auth_time": 1000, "iat": 2000}, 1000.0),
        ({"iat": 2000}, 2000.0),
        ({"auth_time": "1500"}, 1500.0),
        ({"auth_time": True, "iat": 2000}, 2000.0),
        ({"auth_time": "soon"}, None),
        ({"exp": 3000}, None),
        ({}, None),
    ],
)
def test_signed_in_at_prefers_auth_time_then_iat(
    claims: dict[str, Any], expected: float | None
) -> None:
    """Test that the sign-in time is auth_time, else the token's issue time, else unknown."""
    assert signed_in_at(claims) == expected


@pytest.mark.parametrize(
    ("age_hours", "hours", "expired"),
    [(0, 12, False), (11.9, 12, False), (12, 12, True), (30, 12, True), (1.5, 1, True)],
)
def test_a_session_expires_after_its_own_lifetime(
    age_hours: float, hours: float, expired: bool
) -> None:
    """Test that a sign-in older than the configured hours is expired, whatever the token's exp."""
    now = 1_800_000_000.0
    claims = {"auth_time": now - age_hours * 3600, "exp": now + 30 * 24 * 3600}
    assert session_expired(claims, hours=hours, now=now) is expired


def test_a_session_that_does_not_say_when_it_began_is_expired() -> None:
    """Test that claims without auth_time nor iat send the user back to sign-in."""
    assert session_expired({"exp": time.time() + 3600}, hours=12, now=time.time())


# --------------------------------------------------------------------------------------------
# The workbook in AppTest


def _claims(user: User, *, age_hours: float = 0.1) -> dict[str, Any]:
    now = time.time()
    return {
        "is_logged_in": True,
        "email": user.email,
        "name": user.name,
        "auth_time": now - age_hours * 3600,
        "iat": now - 60,
        "exp": now + 3600,
    }


def _session(
    user: User | None,
    *,
    plan_id: str | None = None,
    age_hours: float = 0.1,
    admins: list[str] | None = None,
) -> AppTest:
    """A browser session of the workbook with sign-in configured, as ``user`` (None: signed out)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["auth"] = AUTH_SECRETS
    at.secrets["totem"] = {"admins": admins or []}
    at.user = {"is_logged_in": False} if user is None else _claims(user, age_hours=age_hours)
    at.session_state["lang"] = "en"
    if plan_id is not None:
        at.query_params["plan"] = plan_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _alice_and_bob_plans(store: PlanStore) -> tuple[str, str]:
    access = AccessStore(store)
    alice_plan = make_plan("en-team").model_copy(
        update={"name": "Alice’s launch", "organisation": "Zorglub Corp"}
    )
    bob_plan = make_plan("critical").model_copy(update={"name": "Bob’s launch"})
    alice_id = access.for_user(ALICE).create(alice_plan).plan_id
    bob_id = access.for_user(BOB).create(bob_plan).plan_id
    return alice_id, bob_id


def test_laptop_mode_says_so_on_the_plans_page_and_keeps_the_author_field(
    store: PlanStore,
) -> None:
    """Test that without [auth] the Plans page says no sign-in is configured, in both languages."""
    plan_id = store.create(make_plan("en-team"), author="workbook", note="").plan_id
    for lang in ("en", "fr"):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.query_params["plan"] = plan_id
        at.session_state["lang"] = lang
        at.run()
        at.switch_page("pages/plans.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert translate("ui.auth.plans.laptop", lang) in [c.value for c in at.caption]
        assert [w.key for w in at.sidebar.text_input] == ["app_author"]
        assert not [b for b in at.sidebar.button if b.key == "app_sign_out"]


def test_signed_out_sees_the_sign_in_page_and_nothing_of_a_plan(store: PlanStore) -> None:
    """Test that a signed-out visitor, even with a plan's link, sees only the sign-in page."""
    alice_id, _ = _alice_and_bob_plans(store)
    at = _session(None, plan_id=alice_id)
    assert [t.value for t in at.title] == [en("ui.auth.signin.title")]
    assert [m.value for m in at.markdown] == [en("ui.auth.signin.intro")]
    assert [b.label for b in at.button] == [en("ui.auth.signin.button")]
    text = page_text(at)
    assert "Alice’s launch" not in text
    assert "Zorglub" not in text
    assert "Bob’s launch" not in text
    assert "plan" not in at.session_state
    assert not at.sidebar.children  # no sidebar: no language, no plan picker


def test_several_providers_get_a_sign_in_button_each_labelled_as_the_admin_says() -> None:
    """Test that the default provider and two named ones each get a button, labelled from
    ``[totem] provider_labels`` (an unlabelled one by its name), the labels shown literally."""
    provider = {key: AUTH_SECRETS[key] for key in ("client_id", "client_secret")} | {
        "server_metadata_url": AUTH_SECRETS["server_metadata_url"]
    }
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["auth"] = {**AUTH_SECRETS, "entra": provider, "partners": provider}
    at.secrets["totem"] = {"provider_labels": {"entra": "Microsoft **Entra** ID"}}
    at.user = {"is_logged_in": False}
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [button.label for button in at.button]
    assert len(labels) == 3
    assert labels[0] == en("ui.auth.signin.button_with", provider="your company account")
    assert labels[2] == en("ui.auth.signin.button_with", provider="partners")
    # Markdown typed in secrets is escaped: the label reads the asterisks, it does not bold.
    assert "Entra" in labels[1]
    assert "**Entra**" not in labels[1]
    assert labels[1] != en("ui.auth.signin.button_with", provider="Microsoft Entra ID")


def test_alice_sees_her_plans_only_and_signs_revisions_with_her_identity(
    store: PlanStore,
) -> None:
    """Test that the start page lists the user's plans, and her edits carry her identity."""
    alice_id, bob_id = _alice_and_bob_plans(store)
    at = _session(ALICE)
    text = page_text(at)
    assert "Alice’s launch" in text
    assert "Bob’s launch" not in text

    at.button(key=f"start_open_{alice_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["plan_id"] == alice_id
    assert set(at.session_state["app_plan_names"]) == {alice_id}
    assert not at.sidebar.text_input  # no free-text author when signed in
    assert [b.label for b in at.sidebar.button if b.key == "app_sign_out"] == [
        en("ui.auth.signout")
    ]

    at.text_input(key="plan_organisation").set_value("Ardelys Nord").run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.history(alice_id)[0].author == "Alice Martin <alice@example.com>"
    assert next(entry.action for entry in AccessStore(store).audit(alice_id)) == "save"

    at.switch_page("pages/plans.py").run()
    assert not at.exception, [e.value for e in at.exception]
    notice = en("ui.auth.plans.signed_in", user="Alice Martin <alice@example.com>")
    assert notice in [shown(c.value) for c in at.caption]
    assert bob_id not in page_text(at)


def test_a_strangers_plan_link_is_not_found_like_an_unknown_id(store: PlanStore) -> None:
    """Test that bob's ?plan= of alice's plan gets the same "not found or not shared with you"
    notice as an unknown id, and nothing of the plan."""
    alice_id, _ = _alice_and_bob_plans(store)
    stranger = _session(BOB, plan_id=alice_id)
    unknown = _session(BOB, plan_id="0" * 32)
    for at in (stranger, unknown):
        assert "plan" not in at.session_state
        assert en("ui.store.link_not_shared") in [i.value for i in at.info]
        assert [t.value for t in at.title] == [en("ui.start.title")]
    assert "Alice’s launch" not in page_text(stranger)
    assert "Zorglub" not in page_text(stranger)


def test_an_admin_sees_every_plan_and_the_plans_page_says_so(store: PlanStore) -> None:
    """Test that an e-mail in [totem] admins sees bob's plan too."""
    _, bob_id = _alice_and_bob_plans(store)
    at = _session(ALICE, plan_id=bob_id, admins=["alice@example.com"])
    assert at.session_state["plan_id"] == bob_id
    at.switch_page("pages/plans.py").run()
    assert not at.exception, [e.value for e in at.exception]
    notice = en("ui.auth.plans.admin", user="Alice Martin <alice@example.com>")
    assert notice in [shown(c.value) for c in at.caption]


def test_a_sign_in_older_than_the_session_length_goes_back_to_sign_in(store: PlanStore) -> None:
    """Test that a 13-hour-old sign-in (12 h sessions) shows the sign-in page, not the plan."""
    alice_id, _ = _alice_and_bob_plans(store)
    at = _session(ALICE, plan_id=alice_id, age_hours=13)
    assert [t.value for t in at.title] == [en("ui.auth.signin.title")]
    assert en("ui.auth.signin.expired") in [i.value for i in at.info]
    assert "plan" not in at.session_state
    assert "Alice’s launch" not in page_text(at)


def test_a_viewers_edit_is_refused_by_the_store_and_kept_as_their_own_copy(
    store: PlanStore,
) -> None:
    """Test that bob, made a viewer by alice while her plan is open on his screen as an editor's,
    cannot save into it (the store refuses the edit his page still allowed), and keeps a copy;
    from then on his widgets are disabled."""
    alice_id, _ = _alice_and_bob_plans(store)
    AccessStore(store).share(ALICE, alice_id, BOB.email, "editor")
    at = _session(BOB, plan_id=alice_id)
    assert at.session_state["plan_id"] == alice_id
    assert not at.text_input(key="plan_organisation").disabled
    AccessStore(store).share(ALICE, alice_id, BOB.email, "viewer")
    at.text_input(key="plan_organisation").set_value("Bob was here").run()
    assert at.text_input(key="plan_organisation").disabled
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["conflict"] == {"kind": "read_only"}
    assert en("ui.auth.read_only") in [w.value for w in at.warning]
    assert store.latest(alice_id).plan.organisation == "Zorglub Corp"

    at.button(key="store_keep_mine").click().run()
    assert not at.exception, [e.value for e in at.exception]
    copy_id = at.session_state["plan_id"]
    assert copy_id != alice_id
    assert store.latest(copy_id).plan.organisation == "Bob was here"
    assert AccessStore(store).role(BOB, copy_id) is not None
    assert AccessStore(store).role(ALICE, copy_id) is None


def test_a_plan_no_longer_shared_is_put_down_with_a_word_on_the_start_page(
    store: PlanStore,
) -> None:
    """Test that when alice withdraws bob's share while her plan is open on his screen, his next
    run shows the start page saying so, and nothing of the plan."""
    alice_id, _ = _alice_and_bob_plans(store)
    access = AccessStore(store)
    access.share(ALICE, alice_id, BOB.email, "viewer")
    at = _session(BOB, plan_id=alice_id)
    assert at.session_state["plan_id"] == alice_id
    access.unshare(ALICE, alice_id, BOB.email)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "plan" not in at.session_state
    assert "plan" not in at.query_params
    assert en("ui.readonly.withdrawn") in [i.value for i in at.info]
    assert [t.value for t in at.title] == [en("ui.start.title")]
    assert "Zorglub" not in page_text(at)


def test_the_plans_page_offers_only_what_the_users_role_allows(store: PlanStore) -> None:
    """Test that a viewer cannot restore nor delete alice's plan, but may delete bob's own."""
    alice_id, bob_id = _alice_and_bob_plans(store)
    access = AccessStore(store)
    access.for_user(ALICE).save(
        alice_id,
        store.latest(alice_id).plan.model_copy(update={"organisation": "B"}),
        base_revision=1,
    )
    access.share(ALICE, alice_id, BOB.email, "viewer")
    at = _session(BOB, plan_id=alice_id)
    at.switch_page("pages/plans.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="plans_preview.en").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="plans_restore").disabled
    assert at.button(key=f"plans_delete_{bob_id}").disabled is False
    at.button(key=f"plans_open_{bob_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["plan_id"] == bob_id
    assert at.button(key=f"plans_delete_{alice_id}").disabled


def test_an_edit_made_as_the_session_expires_is_saved_then_sign_in_is_asked(
    store: PlanStore,
) -> None:
    """Test that a change whose callback runs after the session expired is kept, as the user,
    and the page then asks to sign in again."""
    alice_id, _ = _alice_and_bob_plans(store)
    at = _session(ALICE, plan_id=alice_id)
    at.user = _claims(ALICE, age_hours=13)
    at.text_input(key="plan_organisation").set_value("Saved at the bell").run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.latest(alice_id).plan.organisation == "Saved at the bell"
    assert store.history(alice_id)[0].author == ALICE.author
    assert [t.value for t in at.title] == [en("ui.auth.signin.title")]
    assert en("ui.auth.signin.expired") in [i.value for i in at.info]


def test_a_french_browser_reads_the_sign_in_page_in_french(store: PlanStore) -> None:
    """Test that the sign-in page speaks the browser's language before anyone chose one."""
    del store
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": False}
    at.context = {"locale": "fr-FR"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [translate("ui.auth.signin.title", "fr")]
    assert [b.label for b in at.button] == [translate("ui.auth.signin.button", "fr")]
