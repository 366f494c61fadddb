"""Plan owners, sharing and audit are enforced by the store, the same way on SQLite and
PostgreSQL (every test here runs on both)."""

from __future__ import annotations

import string
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text

from planner.i18n import catalogue, render
from planner.models import Plan
from planner.store import (
    SCHEMA_VERSION,
    AccessStore,
    BadPrincipal,
    NotPlanOwner,
    PlanNotFound,
    PlanNotShared,
    PlanReadOnly,
    PlanStore,
    Role,
    User,
)

ACCESS_TABLES = ("plan_owners", "plan_shares", "plan_audit")
ANA = User("Ana@Example.com", "Ana Lima")
BEN = User("ben@example.com", "Ben")
CAROL = User("carol@partner.org", "Carol")
ADMIN = User("it@example.com", "IT", admin=True)


def _plan(name: str = "Launch") -> Plan:
    return Plan.model_validate({"schema_version": 2, "name": name})


@pytest.fixture
def access(store: PlanStore) -> Iterator[AccessStore]:
    """An access store sharing the plan store's engine."""
    access_store = AccessStore(store)
    yield access_store
    access_store.close()


@pytest.fixture
def anas_plan(access: AccessStore) -> str:
    """A plan Ana created (so she owns it), shared with nobody."""
    return access.for_user(ANA).create(_plan("Ana's launch"), note="draft").plan_id


def test_a_user_is_a_lower_cased_checked_e_mail() -> None:
    """Test that User normalises its e-mail, signs revisions with name and e-mail, refuses junk."""
    assert ANA.email == "ana@example.com"
    assert ANA.author == "Ana Lima <ana@example.com>"
    assert User(" x@y.org ").author == "x@y.org"
    for bad in ("", "ana", "ana@", "@example.com", "a b@example.com", "a@b@c"):
        with pytest.raises(BadPrincipal):
            User(bad)


def test_roles_compare_by_power() -> None:
    """Test that owner > editor > viewer and only the first two edit."""
    assert Role.OWNER > Role.EDITOR > Role.VIEWER
    assert max(Role.VIEWER, Role.EDITOR) is Role.EDITOR
    assert [role.can_edit for role in Role] == [False, True, True]


def test_the_creator_owns_the_plan_and_strangers_see_nothing(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that the creator is the owner, the author is the real identity, and a stranger
    neither lists nor reads the plan."""
    ana = access.for_user(ANA)
    assert access.role(ANA, anas_plan) is Role.OWNER
    assert ana.latest(anas_plan).author == "Ana Lima <ana@example.com>"
    assert [(p.info.id, p.owner, p.role) for p in ana.visible_plans()] == [
        (anas_plan, "ana@example.com", Role.OWNER)
    ]
    assert access.role(BEN, anas_plan) is None
    assert access.for_user(BEN).list_plans() == []


def test_a_stranger_gets_the_same_refusal_as_for_an_unknown_id(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that latest(), revision(), history() and audit() of someone else's plan raise
    PlanNotShared with the very message an unknown id gets (also a PlanNotFound)."""
    ben = access.for_user(BEN)
    unknown = "0" * 32
    for call in (ben.latest, ben.history, ben.audit, lambda pid: ben.revision(pid, 1)):
        with pytest.raises(PlanNotShared) as theirs:
            call(anas_plan)
        with pytest.raises(PlanNotShared) as nobodys:
            call(unknown)
        assert isinstance(theirs.value, PlanNotFound)
        for lang in ("en", "fr"):
            mine = render(theirs.value.message, lang).replace(anas_plan, "ID")
            none = render(nobodys.value.message, lang).replace(unknown, "ID")
            assert mine == none
    assert "not shared with you" in render(theirs.value.message, "en")


def test_a_viewer_reads_but_the_store_refuses_their_changes(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that a viewer (by e-mail) reads the plan and its history, and that save, restore,
    import into it, delete and sharing are refused by the store, leaving it unchanged."""
    access.share(ANA, anas_plan, "Ben@Example.com", Role.VIEWER)
    ben = access.for_user(BEN)
    assert ben.role(anas_plan) is Role.VIEWER
    assert ben.latest(anas_plan).plan.name == "Ana's launch"
    assert [info.number for info in ben.history(anas_plan)] == [1]
    with pytest.raises(PlanReadOnly) as refused:
        ben.save(anas_plan, _plan("Ben's way"), base_revision=1)
    assert "read only" in render(refused.value.message, "en")
    with pytest.raises(PlanReadOnly):
        ben.restore(anas_plan, 1)
    with pytest.raises(PlanReadOnly):
        ben.import_plan_file(_plan("Imported").model_dump_json(), into=anas_plan)
    with pytest.raises(NotPlanOwner):
        ben.delete(anas_plan)
    with pytest.raises(NotPlanOwner):
        access.share(BEN, anas_plan, "carol@partner.org", Role.EDITOR)
    assert access.plans.latest(anas_plan).number == 1


def test_an_editor_by_domain_saves_and_a_viewer_copy_is_theirs(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that a domain share reaches everyone of the domain and nobody else, that an editor
    saves under their own name, and that the best of e-mail and domain shares counts."""
    access.share(ANA, anas_plan, "@example.com", "editor")
    access.share(ANA, anas_plan, "ben@example.com", "viewer")
    assert access.role(BEN, anas_plan) is Role.EDITOR
    assert access.role(CAROL, anas_plan) is None
    saved = access.for_user(BEN).save(anas_plan, _plan("Better"), base_revision=1, note="n")
    assert (saved.number, saved.author) == (2, "Ben <ben@example.com>")
    assert [p.role for p in access.visible_plans(BEN)] == [Role.EDITOR]
    copy = access.for_user(BEN).duplicate(anas_plan, name="Ben's copy")
    assert access.role(BEN, copy.plan_id) is Role.OWNER
    assert access.role(ANA, copy.plan_id) is None
    assert access.audit(copy.plan_id)[0].detail == {"revision": 1, "from": anas_plan}


def test_unsharing_a_domain_takes_the_plan_away(access: AccessStore, anas_plan: str) -> None:
    """Test that unshare withdraws access (and says whether there was a share)."""
    access.share(ANA, anas_plan, "@example.com", Role.EDITOR)
    assert access.unshare(ANA, anas_plan, "@EXAMPLE.com") is True
    assert access.unshare(ANA, anas_plan, "@example.com") is False
    assert access.role(BEN, anas_plan) is None
    with pytest.raises(PlanNotShared):
        access.for_user(BEN).save(anas_plan, _plan(), base_revision=1)


def test_sharing_refuses_bad_principals_and_the_owner_role(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that a share names an e-mail or an @domain, and editor or viewer only."""
    for bad in ("ben", "@", "@localhost", "ben@ example.com"):
        with pytest.raises(BadPrincipal):
            access.share(ANA, anas_plan, bad, Role.VIEWER)
    with pytest.raises(ValueError, match="transfer"):
        access.share(ANA, anas_plan, "ben@example.com", Role.OWNER)
    with pytest.raises(PlanNotShared):
        access.share(BEN, anas_plan, "ben@example.com", Role.EDITOR)


def test_transfer_hands_the_plan_over_and_keeps_the_old_owner_as_editor(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that the owner hands the plan over, then may no longer share it but still edits."""
    access.share(ANA, anas_plan, "carol@partner.org", Role.VIEWER)
    access.transfer(ANA, anas_plan, "Carol@Partner.org")
    assert access.role(CAROL, anas_plan) is Role.OWNER
    assert access.role(ANA, anas_plan) is Role.EDITOR
    with pytest.raises(NotPlanOwner) as refused:
        access.transfer(ANA, anas_plan, "ana@example.com")
    assert refused.value.owner == "carol@partner.org"
    access.for_user(ANA).save(anas_plan, _plan("Still mine to edit"), base_revision=1)
    access.share(CAROL, anas_plan, "@example.com", Role.VIEWER)
    assert access.role(BEN, anas_plan) is Role.VIEWER


def test_an_unclaimed_plan_is_everyones_until_claimed(
    store: PlanStore, access: AccessStore
) -> None:
    """Test that a plan saved without sign-in is editable by every user, that one claims it,
    and that a second claim is refused."""
    laptop = store.create(_plan("Laptop plan"), author="typed name").plan_id
    for user in (ANA, BEN, CAROL):
        assert access.role(user, laptop) is Role.EDITOR
        assert [(p.info.id, p.owner) for p in access.visible_plans(user)] == [(laptop, None)]
    with pytest.raises(NotPlanOwner):
        access.share(BEN, laptop, "carol@partner.org", Role.VIEWER)
    access.for_user(CAROL).save(laptop, _plan("Edited"), base_revision=1)
    access.claim(BEN, laptop)
    assert access.role(BEN, laptop) is Role.OWNER
    assert access.role(ANA, laptop) is None
    with pytest.raises(NotPlanOwner) as refused:
        access.claim(BEN, laptop)
    assert refused.value.claimed
    with pytest.raises(PlanNotShared):
        access.claim(ANA, laptop)


def test_an_admin_sees_every_plan_as_owner_and_reassigns(
    store: PlanStore, access: AccessStore, anas_plan: str
) -> None:
    """Test that an admin lists and reads every plan, and that set_owner reassigns one."""
    laptop = store.create(_plan("Laptop plan"), author="x").plan_id
    assert {p.info.id: p.role for p in access.visible_plans(ADMIN)} == {
        anas_plan: Role.OWNER,
        laptop: Role.OWNER,
    }
    assert access.for_user(ADMIN).latest(anas_plan).number == 1
    access.set_owner(laptop, "ben@example.com", actor="migration")
    assert access.role(BEN, laptop) is Role.OWNER
    access.transfer(ADMIN, anas_plan, "ben@example.com")
    assert access.role(BEN, anas_plan) is Role.OWNER
    with pytest.raises(PlanNotFound):
        access.set_owner("0" * 32, "ben@example.com", actor="migration")


def test_the_bin_is_the_owners_and_hides_plans_unless_asked(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that only the owner bins and recovers a plan, and the bin is listed on request."""
    access.share(ANA, anas_plan, "ben@example.com", Role.EDITOR)
    ana, ben = access.for_user(ANA), access.for_user(BEN)
    with pytest.raises(NotPlanOwner):
        ben.delete(anas_plan)
    ana.delete(anas_plan)
    assert ben.list_plans() == []
    assert [info.in_bin for info in ben.list_plans(include_deleted=True)] == [True]
    ana.recover(anas_plan)
    assert [info.id for info in ben.list_plans()] == [anas_plan]


def test_the_audit_lists_who_did_what(access: AccessStore, anas_plan: str) -> None:
    """Test that creation, saves, restores, shares, transfers and the bin are audited with the
    real identity and what they were about, newest first."""
    ana, ben = access.for_user(ANA), access.for_user(BEN)
    access.share(ANA, anas_plan, "ben@example.com", Role.EDITOR)
    ben.save(anas_plan, _plan("v2"), base_revision=1)
    ana.restore(anas_plan, 1)
    access.unshare(ANA, anas_plan, "ben@example.com")
    access.transfer(ANA, anas_plan, "carol@partner.org")
    access.for_user(CAROL).delete(anas_plan)
    entries = ana.audit(anas_plan)  # Ana is an editor since the transfer: she reads it too
    assert entries == access.audit(anas_plan)
    trail = [(e.actor, e.action, dict(e.detail)) for e in reversed(entries)]
    assert trail == [
        ("ana@example.com", "create", {"revision": 1}),
        ("ana@example.com", "share", {"principal": "ben@example.com", "role": "editor"}),
        ("ben@example.com", "save", {"revision": 2}),
        ("ana@example.com", "restore", {"revision": 3}),
        ("ana@example.com", "unshare", {"principal": "ben@example.com"}),
        ("ana@example.com", "transfer", {"from": "ana@example.com", "to": "carol@partner.org"}),
        ("carol@partner.org", "delete", {}),
    ]
    assert [info.author for info in ana.history(anas_plan)] == [
        "Ana Lima <ana@example.com>",
        "Ben <ben@example.com>",
        "Ana Lima <ana@example.com>",
    ]


def test_a_share_withdrawn_after_the_check_still_refuses_the_save(
    access: AccessStore, anas_plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test that the check inside the write's transaction refuses a save whose share was
    withdrawn after the first check, leaving no revision and no audit entry."""
    access.share(ANA, anas_plan, "ben@example.com", Role.EDITOR)
    ben = access.for_user(BEN)
    first_check = ben._plans.check

    def check_then_unshare(plan_id: str, needed: Role) -> Role:
        role = first_check(plan_id, needed)
        access.unshare(ANA, plan_id, "ben@example.com")
        return role

    monkeypatch.setattr(ben._plans, "check", check_then_unshare)
    with pytest.raises(PlanNotShared):
        ben.save(anas_plan, _plan("Too late"), base_revision=1)
    assert access.plans.latest(anas_plan).number == 1
    assert [e.action for e in access.audit(anas_plan)] == ["unshare", "share", "create"]


def test_an_imported_plan_is_the_importers_and_an_import_into_needs_an_editor(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that a plan file stored as a new plan belongs to who uploaded it, and that an import
    into a shared plan is signed and audited."""
    data = _plan("From a file").model_dump_json()
    ben = access.for_user(BEN)
    mine = ben.import_plan_file(data)
    assert access.role(BEN, mine.plan_id) is Role.OWNER
    assert (mine.author, mine.kind) == ("Ben <ben@example.com>", "import")
    access.share(ANA, anas_plan, "ben@example.com", Role.EDITOR)
    into = ben.import_plan_file(data, into=anas_plan, note="from Excel")
    assert (into.number, into.author) == (2, "Ben <ben@example.com>")
    newest = access.audit(anas_plan)[0]
    assert (newest.actor, newest.action) == ("ben@example.com", "import")


def test_two_users_claiming_at_once_leave_one_owner(store: PlanStore, access: AccessStore) -> None:
    """Test that concurrent claims of an unclaimed plan give it exactly one owner, and that the
    others, since it is no longer shared with them, get PlanNotShared."""
    laptop = store.create(_plan("Laptop plan"), author="x").plan_id
    users = [User(f"user{index}@example.com") for index in range(6)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(users))

    def claim(user: User) -> None:
        barrier.wait()
        try:
            access.claim(user, laptop)
            outcomes.append("won")
        except PlanNotShared:
            outcomes.append("refused")

    threads = [threading.Thread(target=claim, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["won"]
    owners = [p.owner for p in access.visible_plans(ADMIN)]
    assert len(owners) == 1
    assert owners[0] in {user.email for user in users}
    assert [e.action for e in access.audit(laptop)] == ["claim"]


def test_laptop_mode_writes_no_owner_and_no_audit(store: PlanStore, access: AccessStore) -> None:
    """Test that PlanStore used directly (no sign-in) leaves plans unclaimed and unaudited."""
    plan_id = store.create(_plan(), author="Ana").plan_id
    store.save(plan_id, _plan("v2"), base_revision=1, author="Ana")
    store.delete(plan_id)
    assert access.audit(plan_id) == []
    assert access.visible_plans(BEN, include_deleted=True)[0].owner is None


def test_a_version_2_database_opens_with_every_plan_unclaimed_and_readable(
    fresh_url: str,
) -> None:
    """Test the schema upgrade: a version 2 database (no access tables) opens, records version
    3, gains the three tables, and every plan is unclaimed, listed and readable by any user."""
    old = PlanStore(fresh_url)
    first = old.create(_plan("Before sign-in"), author="Ana", note="v2 era").plan_id
    old.save(first, _plan("Before sign-in, edited"), base_revision=1, author="Ben")
    second = old.create(_plan("Another"), author="Ben").plan_id
    with old.engine.begin() as connection:
        for table in ACCESS_TABLES:
            connection.execute(text(f"DROP TABLE {table}"))
        connection.execute(text("UPDATE schema_info SET version = 2"))
    assert old.schema_version() == 2
    assert not set(ACCESS_TABLES) & set(inspect(old.engine).get_table_names())
    old.close()
    upgraded = PlanStore(fresh_url)
    access = AccessStore(upgraded)
    try:
        assert upgraded.schema_version() == SCHEMA_VERSION == 3
        assert set(ACCESS_TABLES) <= set(inspect(upgraded.engine).get_table_names())
        for user in (ANA, CAROL):
            seen = access.visible_plans(user)
            assert {p.info.id for p in seen} == {first, second}
            assert {(p.owner, p.role) for p in seen} == {(None, Role.EDITOR)}
            guarded = access.for_user(user)
            assert guarded.latest(first).plan.name == "Before sign-in, edited"
            assert guarded.revision(first, 1).note == "v2 era"
        assert access.audit(first) == []
    finally:
        access.close()
        upgraded.close()


def test_an_access_store_from_a_url_owns_its_plan_store(
    database_url: str, store: PlanStore
) -> None:
    """Test that an AccessStore opened from a URL sees the same plans and closes its own."""
    plan_id = store.create(_plan(), author="Ana").plan_id
    own = AccessStore(database_url)
    try:
        assert own.role(ANA, plan_id) is Role.EDITOR
    finally:
        own.close()
    assert store.latest(plan_id).number == 1


#: The access errors' message ids, with the parameters they pass.
ACCESS_MESSAGES = {
    "access.not_shared": {"plan_id"},
    "access.read_only": {"plan_id"},
    "access.not_owner": {"owner"},
    "access.already_owned": {"owner"},
    "access.bad_principal": {"value"},
    "access.bad_email": {"value"},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_access_message_has_a_text_with_its_parameters(lang: str) -> None:
    """Test that each access.* id exists in both languages using only the parameters passed."""
    texts = {k: v for k, v in catalogue(lang).items() if k.startswith("access.")}
    assert set(texts) == set(ACCESS_MESSAGES)
    for key, template in texts.items():
        assert isinstance(template, str)
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert fields <= ACCESS_MESSAGES[key], key
    errors = [
        PlanNotShared("p"),
        PlanReadOnly("p"),
        NotPlanOwner("p", owner="a@b.c"),
        NotPlanOwner("p", owner="a@b.c", claimed=True),
        BadPrincipal("x", domain_allowed=True),
        BadPrincipal("x", domain_allowed=False),
    ]
    for error in errors:
        assert set(error.message.params) == ACCESS_MESSAGES[error.message.id]


def test_admin_calls_share_without_a_role_check_and_audit_the_actor(
    access: AccessStore, anas_plan: str
) -> None:
    """Test that set_share and remove_share work whoever owns the plan, are audited under the
    actor given, and refuse an unknown plan; owner and shares read back what they wrote."""
    access.set_share(anas_plan, "Ben@Example.com", "viewer", actor="ops")
    assert access.shares(anas_plan) == {"ben@example.com": Role.VIEWER}
    assert access.owner(anas_plan) == "ana@example.com"
    assert access.remove_share(anas_plan, "ben@example.com", actor="ops") is True
    assert access.remove_share(anas_plan, "ben@example.com", actor="ops") is False
    assert [(e.actor, e.action) for e in access.audit(anas_plan)[:2]] == [
        ("ops", "unshare"),
        ("ops", "share"),
    ]
    with pytest.raises(ValueError, match="one owner"):
        access.set_share(anas_plan, "ben@example.com", Role.OWNER, actor="ops")
    for call in (
        lambda: access.set_share("0" * 32, "ben@example.com", "editor", actor="ops"),
        lambda: access.remove_share("0" * 32, "ben@example.com", actor="ops"),
        lambda: access.owner("0" * 32),
        lambda: access.shares("0" * 32),
    ):
        with pytest.raises(PlanNotFound):
            call()
