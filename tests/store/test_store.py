"""The plan store keeps every revision, refuses lost updates, and behaves the same on SQLite
and PostgreSQL (every test here runs on both)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.errors import PlanFileError, PlannerError
from planner.i18n import Message
from planner.models import Community, Plan
from planner.planfile import load_plan
from planner.store import (
    SCHEMA_VERSION,
    PlanConflict,
    PlanInBin,
    PlanNotFound,
    PlanStore,
    Revision,
    StoreSchemaError,
    summarise_changes,
)
from planner.store.records import load_content


def _plan(name: str = "Launch 2027", **fields: object) -> Plan:
    return Plan.model_validate({"schema_version": 1, "name": name, **fields})


def _codes(messages: list[Message]) -> list[tuple[object, ...]]:
    """Flatten change messages to (id, section, count) tuples that read well in asserts."""
    flat: list[tuple[object, ...]] = []
    for message in messages:
        section = message.params.get("section")
        if isinstance(section, Message):
            flat.append(
                (message.id, section.id.removeprefix("store.section."), message.params["count"])
            )
        else:
            flat.append((message.id, *(str(v) for v in message.params.values())))
    return flat


def test_create_then_latest_round_trips_the_plan(store: PlanStore, sample_plan: Plan) -> None:
    """Test that a created plan reads back equal, as revision 1, with a uuid4-hex id."""
    created = store.create(sample_plan, author="Ana", note="first draft")
    assert created.number == 1
    assert len(created.plan_id) == 32
    assert int(created.plan_id, 16) >= 0
    latest = store.latest(created.plan_id)
    assert latest.plan == sample_plan
    assert (latest.number, latest.author, latest.note, latest.kind) == (
        1,
        "Ana",
        "first draft",
        "create",
    )
    assert latest.created_at.tzinfo is UTC
    assert abs((datetime.now(UTC) - latest.created_at).total_seconds()) < 60


def test_save_appends_revisions_and_keeps_the_old_ones(store: PlanStore) -> None:
    """Test that each save adds the next revision and every earlier one stays readable."""
    first = store.create(_plan("v1"), author="Ana", note="")
    second = store.save(first.plan_id, _plan("v2"), base_revision=1, author="Ben", note="renamed")
    third = store.save(first.plan_id, _plan("v3"), base_revision=2, author="Ana", note="")
    assert (second.number, third.number) == (2, 3)
    assert store.latest(first.plan_id).plan.name == "v3"
    assert [store.revision(first.plan_id, n).plan.name for n in (1, 2, 3)] == ["v1", "v2", "v3"]
    assert store.revision(first.plan_id, 2).author == "Ben"
    [info] = store.list_plans()
    assert (info.name, info.latest_revision, info.in_bin) == ("v3", 3, False)


def test_unicode_texts_survive_the_database(store: PlanStore) -> None:
    """Test that French typography and emoji round-trip exactly."""
    plan = _plan("Lancement «\u202fQualité\u202f» — cœur d’équipe €  🚀")
    created = store.create(plan, author="Élodie", note="première version")
    latest = store.latest(created.plan_id)
    assert latest.plan.name == plan.name
    assert (latest.author, latest.note) == ("Élodie", "première version")


def test_history_lists_revisions_newest_first_with_what_changed(
    store: PlanStore, sample_plan: Plan
) -> None:
    """Test that the history says, per revision, which parts of the plan were added or changed."""
    created = store.create(sample_plan, author="Ana", note="")
    plan_id = created.plan_id
    grown = sample_plan.model_copy(deep=True)
    grown.communities.append(Community(id="new-one", name="New one"))
    grown.communities[0].populations[0].headcount = 999
    grown.communities[0].populations[1].name = "Analysts (all sites)"
    store.save(plan_id, grown, base_revision=1, author="Ben", note="add a community")
    shrunk = grown.model_copy(deep=True)
    shrunk.communities[0].populations.pop()
    shrunk.name = "Renamed"
    store.save(plan_id, shrunk, base_revision=2, author="Ana", note="")
    store.save(plan_id, shrunk, base_revision=3, author="Ana", note="no edit")

    history = store.history(plan_id)
    assert [(h.number, h.author, h.note) for h in history] == [
        (4, "Ana", "no edit"),
        (3, "Ana", ""),
        (2, "Ben", "add a community"),
        (1, "Ana", ""),
    ]
    assert _codes(history[3].changes) == [("store.change.created",)]
    assert _codes(history[2].changes) == [
        ("store.change.added", "communities", 1),
        ("store.change.changed", "populations", 2),
    ]
    assert _codes(history[1].changes) == [
        ("store.change.changed", "details", 1),
        ("store.change.removed", "populations", 1),
    ]
    assert _codes(history[0].changes) == [("store.change.none",)]
    assert all(h.created_at.tzinfo is UTC for h in history)


def test_summarise_changes_counts_each_section() -> None:
    """Test that the pure comparison counts additions, removals and edits per section."""
    before = _plan(communities=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}])
    after = _plan(
        communities=[
            {"id": "a", "name": "A", "populations": [{"id": "p", "name": "P"}]},
            {"id": "c", "name": "C"},
        ],
        sponsors=[{"id": "s", "name": "S", "actions": [{"date": "2027-01-04"}]}],
    )
    after.thresholds.launch_critical_weeks = after.thresholds.launch_critical_weeks + 1
    assert _codes(summarise_changes(before, after)) == [
        ("store.change.added", "communities", 1),
        ("store.change.removed", "communities", 1),
        ("store.change.added", "populations", 1),
        ("store.change.added", "sponsors", 1),
        ("store.change.added", "sponsor_actions", 1),
        ("store.change.changed", "settings", 1),
    ]
    assert _codes(summarise_changes(before, before)) == [("store.change.none",)]


def test_restore_appends_a_copy_of_the_old_revision(store: PlanStore) -> None:
    """Test that restoring revision 1 adds revision 3 equal to it, and 2 is still there."""
    first = store.create(_plan("original"), author="Ana", note="")
    store.save(first.plan_id, _plan("edited"), base_revision=1, author="Ben", note="")
    restored = store.restore(first.plan_id, 1, author="Ana")
    assert (restored.number, restored.kind, restored.restored_from) == (3, "restore", 1)
    assert store.latest(first.plan_id).plan == _plan("original")
    assert store.revision(first.plan_id, 2).plan.name == "edited"
    top = store.history(first.plan_id)[0]
    assert _codes(top.changes) == [
        ("store.change.restored", "1"),
        ("store.change.changed", "details", 1),
    ]


def test_restore_of_a_missing_revision_says_so(store: PlanStore) -> None:
    """Test that restoring a revision that never existed raises PlanNotFound with its number."""
    first = store.create(_plan(), author="Ana", note="")
    with pytest.raises(PlanNotFound) as caught:
        store.restore(first.plan_id, 7, author="Ana")
    assert caught.value.number == 7
    assert isinstance(caught.value, PlannerError)


def test_delete_moves_to_the_bin_and_recover_brings_back(store: PlanStore) -> None:
    """Test that a deleted plan leaves the list, stays readable in the bin, and comes back."""
    kept = store.create(_plan("kept"), author="Ana", note="")
    binned = store.create(_plan("binned"), author="Ana", note="")
    store.delete(binned.plan_id)
    assert [p.name for p in store.list_plans()] == ["kept"]
    everything = {p.name: p for p in store.list_plans(include_deleted=True)}
    assert everything["binned"].in_bin
    assert not everything["kept"].in_bin
    assert store.latest(binned.plan_id).plan.name == "binned"
    with pytest.raises(PlanInBin):
        store.save(binned.plan_id, _plan("x"), base_revision=1, author="Ana", note="")
    store.delete(binned.plan_id)  # deleting twice is harmless
    store.recover(binned.plan_id)
    assert sorted(p.name for p in store.list_plans()) == ["binned", "kept"]
    saved = store.save(binned.plan_id, _plan("back"), base_revision=1, author="Ana", note="")
    assert saved.number == 2
    assert kept.plan_id != binned.plan_id


def test_unknown_plan_ids_raise_plan_not_found(store: PlanStore) -> None:
    """Test that every operation on an unknown id raises PlanNotFound, not a database error."""
    missing = "0" * 32
    for call in (
        lambda: store.latest(missing),
        lambda: store.revision(missing, 1),
        lambda: store.history(missing),
        lambda: store.save(missing, _plan(), base_revision=1, author="a", note=""),
        lambda: store.restore(missing, 1, author="a"),
        lambda: store.duplicate(missing, name="x", author="a"),
        lambda: store.delete(missing),
        lambda: store.recover(missing),
    ):
        with pytest.raises(PlanNotFound):
            call()


def test_duplicate_makes_an_independent_plan(store: PlanStore, sample_plan: Plan) -> None:
    """Test that a duplicate is a new plan with the new name, and edits do not cross over."""
    source = store.create(sample_plan, author="Ana", note="")
    copy = store.duplicate(source.plan_id, name="Copy of the guild", author="Ben")
    assert copy.plan_id != source.plan_id
    assert copy.number == 1
    assert copy.kind == "duplicate"
    assert store.latest(copy.plan_id).plan == sample_plan.model_copy(
        update={"name": "Copy of the guild"}
    )
    store.save(copy.plan_id, _plan("changed"), base_revision=1, author="Ben", note="")
    assert store.latest(source.plan_id).plan == sample_plan
    assert _codes(store.history(copy.plan_id)[1].changes) == [("store.change.duplicated",)]


def test_stale_save_raises_conflict_naming_the_winner(store: PlanStore) -> None:
    """Test that saving from an old revision is refused with the latest number and author."""
    first = store.create(_plan("v1"), author="Ana", note="")
    store.save(first.plan_id, _plan("ana"), base_revision=1, author="Ana", note="")
    with pytest.raises(PlanConflict) as caught:
        store.save(first.plan_id, _plan("ben"), base_revision=1, author="Ben", note="")
    conflict = caught.value
    assert (conflict.base_revision, conflict.latest_revision, conflict.latest_author) == (
        1,
        2,
        "Ana",
    )
    assert conflict.message == Message("store.conflict", {"base": 1, "latest": 2, "author": "Ana"})
    assert store.latest(first.plan_id).plan.name == "ana"
    assert len(store.history(first.plan_id)) == 2


def _race(database_url: str, plan_id: str, base_number: int) -> list[Revision | PlanConflict]:
    """Let two stores (two pools, two connections) save one plan from one base at once."""
    stores = [PlanStore(database_url), PlanStore(database_url)]
    barrier = threading.Barrier(2)
    outcomes: list[Revision | PlanConflict] = []

    def write(index: int) -> None:
        barrier.wait()
        try:
            outcomes.append(
                stores[index].save(
                    plan_id,
                    _plan(f"writer {index} from {base_number}"),
                    base_revision=base_number,
                    author=f"writer {index}",
                    note="",
                )
            )
        except PlanConflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for plan_store in stores:
        plan_store.close()
    return outcomes


def test_two_writers_from_the_same_base_exactly_one_wins(database_url: str) -> None:
    """Test that two threads on separate connections saving from one base: one wins, one
    conflicts, and no revision is lost (ten rounds)."""
    setup = PlanStore(database_url)
    plan_id = setup.create(_plan("base"), author="setup", note="").plan_id
    for base_number in range(1, 11):
        outcomes = _race(database_url, plan_id, base_number)
        wins = [o for o in outcomes if isinstance(o, Revision)]
        conflicts = [o for o in outcomes if isinstance(o, PlanConflict)]
        assert (len(wins), len(conflicts)) == (1, 1), outcomes
        assert wins[0].number == base_number + 1
        assert (conflicts[0].latest_revision, conflicts[0].latest_author) == (
            base_number + 1,
            wins[0].author,
        )
        assert setup.latest(plan_id).plan.name == wins[0].plan.name
    assert [h.number for h in setup.history(plan_id)] == list(range(11, 0, -1))
    setup.close()


def test_many_writers_on_different_plans_lose_nothing(database_url: str) -> None:
    """Test that 8 threads each saving their own plan 25 times keep all 8 × 26 revisions."""
    shared = PlanStore(database_url)
    plan_ids = [
        shared.create(_plan(f"plan {i}"), author="setup", note="").plan_id for i in range(8)
    ]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            number = 1
            for step in range(25):
                number = shared.save(
                    plan_ids[index],
                    _plan(f"plan {index} step {step}"),
                    base_revision=number,
                    author=f"thread {index}",
                    note=str(step),
                ).number
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    for index, plan_id in enumerate(plan_ids):
        history = shared.history(plan_id)
        assert [h.number for h in history] == list(range(26, 0, -1))
        assert shared.latest(plan_id).plan.name == f"plan {index} step 24"
    shared.close()


def test_a_plan_with_200_revisions_opens(store: PlanStore, sample_plan: Plan) -> None:
    """Test that a plan saved 200 times opens at its newest revision with a full history."""
    created = store.create(sample_plan, author="Ana", note="")
    number = created.number
    for step in range(199):
        plan = sample_plan.model_copy(update={"organisation": f"step {step}"})
        number = store.save(
            created.plan_id, plan, base_revision=number, author="Ana", note=""
        ).number
    latest = store.latest(created.plan_id)
    assert (latest.number, latest.plan.organisation) == (200, "step 198")
    assert len(store.history(created.plan_id)) == 200
    assert store.revision(created.plan_id, 100).plan.organisation == "step 98"


def test_schema_is_created_on_first_use_with_its_version(fresh_url: str) -> None:
    """Test that a new database gets the tables and schema_info version; reopening keeps it."""
    first = PlanStore(fresh_url)
    assert first.schema_version() == SCHEMA_VERSION
    first.create(_plan(), author="Ana", note="")
    first.close()
    again = PlanStore(fresh_url)
    assert again.schema_version() == SCHEMA_VERSION
    assert len(again.list_plans()) == 1
    again.close()


def test_a_database_from_a_newer_totem_is_refused(fresh_url: str) -> None:
    """Test that a schema_info version above ours raises StoreSchemaError instead of writing."""
    first = PlanStore(fresh_url)
    with first.engine.begin() as connection:
        connection.execute(text("UPDATE schema_info SET version = :v"), {"v": SCHEMA_VERSION + 1})
    first.close()
    with pytest.raises(StoreSchemaError) as caught:
        PlanStore(fresh_url)
    assert caught.value.found == SCHEMA_VERSION + 1


def test_from_env_defaults_to_a_sqlite_file_in_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test that without TOTEM_DATABASE_URL the store is data/totem.db, folder created."""
    monkeypatch.chdir(tmp_path)
    plan_store = PlanStore.from_env({})
    plan_store.create(_plan(), author="Ana", note="")
    plan_store.close()
    assert (tmp_path / "data" / "totem.db").is_file()


def test_from_env_reads_the_url(database_url: str) -> None:
    """Test that TOTEM_DATABASE_URL picks the database."""
    plan_store = PlanStore.from_env({"TOTEM_DATABASE_URL": database_url})
    assert plan_store.dialect == database_url.split(":")[0].split("+")[0]
    plan_store.close()


def test_sqlite_uses_wal_and_waits_for_writers(tmp_path: Path) -> None:
    """Test that a SQLite store runs in WAL mode with a busy timeout."""
    plan_store = PlanStore(f"sqlite:///{tmp_path / 'wal.db'}")
    with plan_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    plan_store.close()


def test_the_unique_key_turns_a_duplicate_number_into_a_conflict(store: PlanStore) -> None:
    """Test that a revision number already taken (a writer the lock missed) gives PlanConflict."""
    first = store.create(_plan("v1"), author="Ana", note="")
    # Simulate a writer that appended revision 2 without moving plans.latest_revision.
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO revisions (plan_id, number, content, created_at, author, note, kind,"
                " changes) SELECT plan_id, 2, content, created_at, 'Zoe', '', 'save', '[]'"
                " FROM revisions WHERE plan_id = :plan_id AND number = 1"
            ),
            {"plan_id": first.plan_id},
        )
    with pytest.raises(PlanConflict) as caught:
        store.save(first.plan_id, _plan("v2"), base_revision=1, author="Ben", note="")
    assert (caught.value.latest_revision, caught.value.latest_author) == (2, "Zoe")
    assert store.count_revisions() == 2


def test_a_revision_stored_before_the_character_rules_opens_cleaned() -> None:
    """Test that a stored text with control or bidi characters opens with them taken out."""
    plan = load_plan(Path(__file__).resolve().parents[2] / "sample_data" / "fr-industrie-plan.json")
    content = json.loads(plan.model_dump_json())
    content["name"] = "Budget\u202e Q3\x1b[31m\nsuite"
    content["communities"][0]["totem_subject"] = "Ligne 1\r\nLigne\x07 2"
    opened = load_content(json.dumps(content))
    assert opened.name == "Budget Q3[31m suite"
    assert opened.communities[0].totem_subject == "Ligne 1\nLigne 2"
    content["communities"][0]["populations"][0]["headcount"] = -3
    with pytest.raises(PlanFileError):
        load_content(json.dumps(content))
