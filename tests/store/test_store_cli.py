"""``python -m planner store``: the admin commands on the configured database, on SQLite and
PostgreSQL (every test here runs on both; the fixtures are the store's, ``conftest.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.cli import main
from planner.i18n import translate
from planner.models import Plan
from planner.planfile import load_plan
from planner.store import AccessStore, PlanStore, Role, User

ANA = User("ana@example.com", "Ana Lima")
MISSING = "0" * 32


@pytest.fixture
def access(
    store: PlanStore, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AccessStore]:
    """An access store over the session's database, which the command line is pointed at."""
    monkeypatch.setenv("TOTEM_DATABASE_URL", database_url)
    access_store = AccessStore(store)
    yield access_store
    access_store.close()


@pytest.fixture
def owned(access: AccessStore, sample_plan: Plan) -> str:
    """Ana's plan (the sample), shared with every example.com address as viewer."""
    plan_id = access.for_user(ANA).create(sample_plan, note="draft").plan_id
    access.share(ANA, plan_id, "@example.com", Role.VIEWER)
    return plan_id


@pytest.fixture
def unclaimed(store: PlanStore) -> str:
    """A plan saved in laptop mode: nobody owns it."""
    plan = Plan.model_validate({"schema_version": 2, "name": "Laptop plan"})
    return store.create(plan, author="Facilitator").plan_id


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["store", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _database(store: PlanStore) -> list[object]:
    """Everything the admin commands may change, to check that a refused one changed nothing."""
    with store.engine.connect() as connection:
        return [
            connection.execute(text(query)).all()
            for query in (
                "SELECT plan_id, owner FROM plan_owners ORDER BY plan_id",
                "SELECT plan_id, principal, role FROM plan_shares ORDER BY plan_id, principal",
                "SELECT id, actor, action FROM plan_audit ORDER BY id",
                "SELECT plan_id, number FROM revisions ORDER BY plan_id, number",
            )
        ]


def test_list_shows_every_plan_with_owner_shares_and_the_unclaimed(
    capsys: pytest.CaptureFixture[str], owned: str, unclaimed: str, sample_plan: Plan
) -> None:
    """Test that store list names each plan's organisation, owner (or unclaimed) and shares."""
    code, out, _ = _run(capsys, "list", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert set(rows) == {owned, unclaimed}
    assert rows[owned]["name"] == sample_plan.name
    assert rows[owned]["organisation"] == sample_plan.organisation
    assert rows[owned]["owner"] == "ana@example.com"
    assert rows[owned]["shares"] == [{"principal": "@example.com", "role": "viewer"}]
    assert rows[unclaimed]["owner"] is None
    assert rows[unclaimed]["shares"] == []
    assert not rows[owned]["in_bin"]

    code, out, _ = _run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    owned_line = next(line for line in lines if line.startswith(owned))
    assert "ana@example.com" in owned_line
    assert "@example.com (viewer)" in owned_line
    assert sample_plan.organisation in owned_line
    assert "unclaimed" in next(line for line in lines if line.startswith(unclaimed))


def test_list_marks_plans_in_the_bin_and_says_when_there_is_none(
    capsys: pytest.CaptureFixture[str], access: AccessStore, owned: str
) -> None:
    """Test that a binned plan is listed as such, and an empty database says so."""
    access.for_user(ANA).delete(owned)
    code, out, _ = _run(capsys, "list", "--lang", "fr")
    assert code == 0
    assert "(à la corbeille)" in out
    assert "sans propriétaire" not in out
    with access.plans.engine.begin() as connection:
        connection.execute(text("DELETE FROM revisions"))
        connection.execute(text("DELETE FROM plans"))
    assert _run(capsys, "list") == (0, translate("cli.store.none", "en") + "\n", "")


def test_reassign_changes_the_owner_and_writes_an_audit_entry(
    capsys: pytest.CaptureFixture[str], access: AccessStore, owned: str
) -> None:
    """Test that store reassign hands the plan over under --actor; the old owner stays editor."""
    code, out, _ = _run(capsys, "reassign", owned, "Ben@Example.com", "--actor", "IT@example.com")
    assert code == 0
    assert "ben@example.com" in out
    assert "ana@example.com" in out
    assert access.owner(owned) == "ben@example.com"
    assert access.role(ANA, owned) is Role.EDITOR
    entry = access.audit(owned)[0]
    assert (entry.actor, entry.action) == ("it@example.com", "transfer")
    assert dict(entry.detail) == {"from": "ana@example.com", "to": "ben@example.com"}


def test_reassign_audits_the_os_user_without_actor(
    capsys: pytest.CaptureFixture[str],
    access: AccessStore,
    unclaimed: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Test that without --actor the audit names the operating system's user."""
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    code, out, _ = _run(capsys, "reassign", unclaimed, "ben@example.com")
    assert code == 0
    assert "unclaimed" in out
    entry = access.audit(unclaimed)[0]
    assert (entry.actor, entry.action) == ("ops", "transfer")
    assert dict(entry.detail) == {"from": None, "to": "ben@example.com"}


def test_share_and_unshare_are_audited(
    capsys: pytest.CaptureFixture[str], access: AccessStore, owned: str
) -> None:
    """Test that store share and unshare change the shares, whoever owns the plan, and audit."""
    args = ("--actor", "it@example.com")
    assert _run(capsys, "share", owned, "Carol@Partner.org", "editor", *args)[0] == 0
    assert access.shares(owned) == {"@example.com": Role.VIEWER, "carol@partner.org": Role.EDITOR}
    code, out, _ = _run(capsys, "unshare", owned, "@example.com", *args)
    assert code == 0
    assert "no longer shared" in out
    assert access.shares(owned) == {"carol@partner.org": Role.EDITOR}
    actions = [(e.actor, e.action, dict(e.detail)) for e in access.audit(owned)[:2]]
    assert actions == [
        ("it@example.com", "unshare", {"principal": "@example.com"}),
        ("it@example.com", "share", {"principal": "carol@partner.org", "role": "editor"}),
    ]
    before = _database(access.plans)
    code, out, _ = _run(capsys, "unshare", owned, "@example.com", *args)
    assert code == 0
    assert "nothing changed" in out
    assert _database(access.plans) == before


def test_export_writes_a_plan_file_equal_to_the_stored_plan(
    capsys: pytest.CaptureFixture[str], access: AccessStore, owned: str, tmp_path: Path
) -> None:
    """Test that store export writes the newest revision's plan file, which load_plan reads."""
    stored = access.plans.latest(owned)
    renamed = stored.plan.model_copy(update={"name": "Renamed"})
    access.for_user(ANA).save(owned, renamed, base_revision=stored.number)
    out = tmp_path / "plan.json"
    code, _, err = _run(capsys, "export", owned, "--out", str(out))
    assert code == 0
    assert f"{out}: plan “Renamed”, revision 2" in err
    assert load_plan(out) == access.plans.latest(owned).plan == renamed
    assert main(["validate", str(out)]) == 0


def test_export_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], owned: str, tmp_path: Path
) -> None:
    """Test that an existing --out is left alone (exit 2, named) unless --force is given."""
    out = tmp_path / "plan.json"
    out.write_text("keep me", encoding="utf-8")
    code, stdout, err = _run(capsys, "export", owned, "--out", str(out))
    assert (code, stdout) == (2, "")
    assert err == f"--out: {out} exists already; add --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert _run(capsys, "export", owned, "--out", str(out), "--force")[0] == 0
    assert load_plan(out).name == "Data Platform Guild launch"


def test_audit_lists_who_did_what_newest_first(
    capsys: pytest.CaptureFixture[str], owned: str
) -> None:
    """Test that store audit shows the entries, as a table and as JSON."""
    code, out, _ = _run(capsys, "audit", owned, "--json")
    assert code == 0
    entries = json.loads(out)
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("ana@example.com", "share"),
        ("ana@example.com", "create"),
    ]
    assert entries[0]["detail"] == {"principal": "@example.com", "role": "viewer"}
    code, out, _ = _run(capsys, "audit", owned)
    assert code == 0
    assert "principal: @example.com, role: viewer" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["reassign", MISSING, "ben@example.com"], f"PLAN_ID: no plan has the id “{MISSING}”"),
        (["share", MISSING, "@example.com", "viewer"], "PLAN_ID: no plan has the id"),
        (["unshare", MISSING, "@example.com"], "PLAN_ID: no plan has the id"),
        (["audit", MISSING], "PLAN_ID: no plan has the id"),
        (["export", MISSING, "--out", "{tmp}/x.json"], "PLAN_ID: no plan has the id"),
        (["reassign", "{plan}", "ben"], "EMAIL: “ben” is not an e-mail address"),
        (["reassign", "{plan}", "@example.com"], "EMAIL: “@example.com” is not an e-mail"),
        (["reassign", "{plan}", "ben@example.com", "--actor", "it"], "--actor: “it” is not an"),
        (["share", "{plan}", "example.com", "editor"], "PRINCIPAL: “example.com” is not an"),
        (["unshare", "{plan}", "a b@example.com"], "PRINCIPAL: “a b@example.com” is not an"),
        (["share", "{plan}", "ben@example.com", "owner"], "argument ROLE: invalid choice: 'owner'"),
        (["reassign", "{plan}"], "the following arguments are required: EMAIL"),
        (["export", "{plan}"], "the following arguments are required: --out"),
    ],
)
def test_bad_arguments_are_named_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    access: AccessStore,
    owned: str,
    tmp_path: Path,
    args: list[str],
    expected: str,
) -> None:
    """Test that a bad argument gets a line naming it, exit code 2, and no change anywhere."""
    before = _database(access.plans)
    filled = [arg.format(plan=owned, tmp=tmp_path) for arg in args]
    code, out, err = _run(capsys, *filled)
    assert (code, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err
    assert _database(access.plans) == before
    assert list(tmp_path.iterdir()) == []


def test_messages_follow_lang(capsys: pytest.CaptureFixture[str], access: AccessStore) -> None:
    """Test that --lang fr gives the French message."""
    code, _, err = _run(capsys, "audit", MISSING, "--lang", "fr")
    assert code == 2
    assert err.startswith(f"PLAN_ID: aucun plan n’a l’identifiant «\u202f{MISSING}\u202f»")
