"""Plan format version 2: a version 1 plan, from a file or from the store, reads as version 2.

Version 2 added each community's ``actuals`` and ``network_group``; a version 1 plan migrates
on read by taking the new version number and their empty defaults, and is written back as
version 2. ``fixtures/v1-plan.json`` is the French sample exactly as the version 1 Totem
shipped it, so the test reads a real old file rather than one made to look old.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError
from sqlalchemy import select, update

from planner.errors import PlanFileError, Problem
from planner.models import SCHEMA_VERSION, Plan
from planner.models.plan import READABLE_VERSIONS, migrate
from planner.planfile import dump_plan, load_plan, parse_plan
from planner.store import PlanStore
from planner.store.records import load_content
from planner.store.tables import revisions
from tests.planner import strategies
from tests.planner.conftest import healthy_plan_data

ROOT = Path(__file__).resolve().parents[2]
V1_PLAN = Path(__file__).parent / "fixtures" / "v1-plan.json"
FRENCH_SAMPLE = ROOT / "sample_data" / "fr-industrie-plan.json"
SAMPLES = sorted((ROOT / "sample_data").glob("*.json"))
BAD_PLANS = sorted(
    [
        *(ROOT / "tests" / "planner" / "bad_plans").glob("*.json"),
        *(ROOT / "tests" / "store" / "bad_plans").glob("*.json"),
    ]
)
#: The fields version 2 added to each community.
VERSION_2_FIELDS = ("actuals", "network_group")


def _as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """Return a version 2 document as a version 1 Totem wrote it: no actuals, no network group.

    Only for documents whose version 2 fields are empty, the only ones version 1 could hold.
    """
    old = {**document, "schema_version": 1}
    if "communities" in document:
        old["communities"] = []
        for community in document["communities"]:
            assert not community.get("actuals")
            assert not community.get("network_group")
            kept = {k: v for k, v in community.items() if k not in VERSION_2_FIELDS}
            old["communities"].append(kept)
    return old


def _at_version_1(data: bytes) -> bytes:
    """Return a bad plan file with its version 2 written as version 1, in its own encoding."""
    for old, new in (
        ('"schema_version": 2', '"schema_version": 1'),
        ("'schema_version': 2", "'schema_version': 1"),
    ):
        for encoding in ("utf-8", "utf-16-le"):
            data = data.replace(old.encode(encoding), new.encode(encoding))
    return data


def _problems(data: bytes | str, lang: str = "en") -> list[Problem]:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(data, lang=lang)
    return caught.value.problems


def test_this_totem_writes_version_2_and_reads_versions_1_and_2() -> None:
    """Test the version numbers every message and migration below rely on."""
    assert (SCHEMA_VERSION, READABLE_VERSIONS) == (2, (1, 2))


def test_the_fixture_is_a_version_1_file() -> None:
    """Test that the fixture says version 1 and holds none of the fields version 2 added."""
    text = V1_PLAN.read_text(encoding="utf-8")
    assert json.loads(text)["schema_version"] == 1
    assert not any(field in text for field in VERSION_2_FIELDS)


def test_a_version_1_file_reads_as_the_version_2_sample() -> None:
    """Test that the old file reads as version 2, equal to the sample in every field."""
    plan = load_plan(V1_PLAN)
    sample = load_plan(FRENCH_SAMPLE)
    assert plan.schema_version == 2
    assert plan == sample
    assert dump_plan(plan) == dump_plan(sample)
    assert len(plan.communities) >= 3
    assert [(c.actuals, c.network_group) for c in plan.communities] == [([], "")] * len(
        plan.communities
    )


def test_a_version_1_file_is_written_back_as_version_2() -> None:
    """Test that dump_plan writes version 2 with the new fields, and that file reads back."""
    text = dump_plan(load_plan(V1_PLAN))
    assert text.startswith('{\n  "schema_version": 2,\n')
    written = json.loads(text)
    assert [(c["actuals"], c["network_group"]) for c in written["communities"]] == [([], "")] * len(
        written["communities"]
    )
    assert dump_plan(parse_plan(text)) == text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_version_1_file_with_a_mistake_is_explained_as_any_other(lang: str) -> None:
    """Test that migrating keeps the model's problems: a version 1 file gets the usual ones."""
    document = json.loads(V1_PLAN.read_text(encoding="utf-8"))
    document["communities"][0]["populations"][0]["headcount"] = 0
    expected = {"en": "must be > 0", "fr": "doit être strictement supérieur à 0"}[lang]
    assert _problems(json.dumps(document), lang) == [
        Problem("communities[0].populations[0].headcount", expected)
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_every_sample_reads_the_same_from_version_1(path: Path) -> None:
    """Test that each sample, written as version 1, reads as the version 2 sample."""
    text = path.read_text(encoding="utf-8")
    old = json.dumps(_as_version_1(json.loads(text)), ensure_ascii=False)
    assert parse_plan(old) == parse_plan(text)


def test_every_bad_plan_with_a_version_says_version_2() -> None:
    """Test that the next test works on the corpus: only files without a version 2 stay as they
    are (no version, an unknown one, one of the wrong type, or no object to hold it)."""
    unchanged = {
        path.name for path in BAD_PLANS if _at_version_1(path.read_bytes()) == path.read_bytes()
    }
    assert unchanged == {
        "missing_schema_version.json",
        "unknown_schema_version.json",
        "schema_version_boolean.json",
        "schema_version_text.json",
        "empty.json",
        "top_level_string.json",
    }
    assert len(BAD_PLANS) == 44


@pytest.mark.parametrize("path", BAD_PLANS, ids=lambda path: path.name)
def test_every_bad_plan_fails_the_same_at_version_1(path: Path) -> None:
    """Test that a bad plan written as version 1 gets exactly the problems it gets as version 2."""
    data = path.read_bytes()
    assert _problems(_at_version_1(data)) == _problems(data)
    assert _problems(_at_version_1(data), "fr") == _problems(data, "fr")


def test_the_healthy_test_plan_reads_the_same_at_either_version() -> None:
    """Test that the planner tests' base plan, a version 1 document, is the version 2 one."""
    data = healthy_plan_data()
    assert data["schema_version"] == 1
    plan = Plan.model_validate(data)
    assert plan.schema_version == 2
    assert plan == Plan.model_validate({**data, "schema_version": 2})


@settings(max_examples=40, deadline=None)
@given(plan=strategies.plans())
def test_any_plan_written_by_version_1_reads_back_equal(plan: Plan) -> None:
    """Test that any plan version 1 could hold survives being read from its version 1 file."""
    old = _as_version_1(json.loads(dump_plan(plan)))
    assert parse_plan(json.dumps(old)) == plan


@pytest.mark.parametrize(
    ("data", "migrated"),
    [
        ({"schema_version": 1, "name": "x"}, {"schema_version": 2, "name": "x"}),
        ({"schema_version": 2, "name": "x"}, {"schema_version": 2, "name": "x"}),
        ({"schema_version": 3, "name": "x"}, {"schema_version": 3, "name": "x"}),
        ({"schema_version": 0, "name": "x"}, {"schema_version": 0, "name": "x"}),
        ({"schema_version": True, "name": "x"}, {"schema_version": True, "name": "x"}),
        ({"schema_version": "1", "name": "x"}, {"schema_version": "1", "name": "x"}),
        ({"name": "x"}, {"name": "x"}),
    ],
)
def test_migrate_raises_version_1_only_and_leaves_its_input_alone(
    data: dict[str, object], migrated: dict[str, object]
) -> None:
    """Test that only a real version 1 migrates (not true, not "1"), into a new document."""
    before = dict(data)
    assert migrate(data) == migrated
    assert data == before


# --- Versions this Totem cannot read -----------------------------------------------------------

UNKNOWN_VERSIONS = [
    (
        3,
        "en",
        "version 3 is not supported; this Totem reads versions 1 to 2 "
        "(a newer file needs a newer Totem)",
    ),
    (
        0,
        "en",
        "version 0 is not supported; this Totem reads versions 1 to 2 "
        "(a newer file needs a newer Totem)",
    ),
    (
        3,
        "fr",
        "la version 3 n’est pas prise en charge\u202f; cette version de Totem lit les versions "
        "1 à 2 (un fichier plus récent demande un Totem plus récent)",
    ),
    (
        0,
        "fr",
        "la version 0 n’est pas prise en charge\u202f; cette version de Totem lit les versions "
        "1 à 2 (un fichier plus récent demande un Totem plus récent)",
    ),
]


@pytest.mark.parametrize(("version", "lang", "message"), UNKNOWN_VERSIONS)
def test_an_unknown_version_is_refused_naming_the_readable_ones(
    version: int, lang: str, message: str
) -> None:
    """Test that a file of version 3 or 0 is refused on schema_version alone, in each language."""
    document = {**json.loads(V1_PLAN.read_text(encoding="utf-8")), "schema_version": version}
    assert _problems(json.dumps(document), lang) == [Problem("schema_version", message)]


@pytest.mark.parametrize("version", [3, 0])
def test_the_model_refuses_an_unknown_version_without_the_file_check(version: int) -> None:
    """Test that Plan itself refuses versions 3 and 0, as the store's reads rely on it."""
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"schema_version": version, "name": "x"})
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("unknown_schema_version", ("schema_version",))
    ]
    with pytest.raises(PlanFileError) as stored:
        load_content(json.dumps({"schema_version": version, "name": "x"}))
    english = next(m for v, lang, m in UNKNOWN_VERSIONS if (v, lang) == (version, "en"))
    assert stored.value.problems == [Problem("schema_version", english)]


# --- The store: revisions saved by a version 1 Totem ---------------------------------------------


def _stored_content(store: PlanStore, plan_id: str, number: int) -> dict[str, Any]:
    with store.engine.connect() as connection:
        content = connection.execute(
            select(revisions.c.content).where(
                revisions.c.plan_id == plan_id, revisions.c.number == number
            )
        ).scalar_one()
    document: dict[str, Any] = json.loads(content)
    return document


def _old_revision_texts() -> list[Any]:
    sample = load_plan(FRENCH_SAMPLE)
    compact = json.dumps(_as_version_1(json.loads(sample.model_dump_json())), ensure_ascii=False)
    indented = json.dumps(_as_version_1(json.loads(dump_plan(sample))), indent=2)
    return [
        pytest.param(compact, id="compact-as-saved"),
        pytest.param(indented, id="indented-as-saved-earlier"),
        pytest.param(V1_PLAN.read_text(encoding="utf-8"), id="the-v1-file-itself"),
    ]


@pytest.mark.parametrize("old_content", _old_revision_texts())
def test_a_version_1_revision_in_the_store_reads_as_version_2(
    tmp_path: Path, old_content: str
) -> None:
    """Test that a revision stored as version 1 opens as the version 2 plan, every field kept,
    and that the next save stores version 2 and counts no change."""
    url = f"sqlite:///{tmp_path / 'totem.db'}"
    sample = load_plan(FRENCH_SAMPLE)
    writer = PlanStore(url)
    try:
        plan_id = writer.create(sample, author="Ana", note="").plan_id
        with writer.engine.begin() as connection:
            connection.execute(
                update(revisions)
                .where(revisions.c.plan_id == plan_id, revisions.c.number == 1)
                .values(content=old_content)
            )
    finally:
        writer.close()
    # A store that never saw the plan, so nothing it holds in memory hides the old text.
    store = PlanStore(url)
    try:
        assert _stored_content(store, plan_id, 1)["schema_version"] == 1
        latest = store.latest(plan_id)
        assert latest.plan == sample
        assert latest.plan.schema_version == 2
        assert store.revision(plan_id, 1).plan == sample
        saved = store.save(plan_id, latest.plan, base_revision=1, author="Ben", note="")
        assert [change.id for change in store.history(plan_id)[0].changes] == ["store.change.none"]
        content = _stored_content(store, plan_id, saved.number)
        assert content["schema_version"] == 2
        assert all(c["actuals"] == [] for c in content["communities"])
        restored = store.restore(plan_id, 1, author="Cleo")
        assert store.latest(plan_id).plan == restored.plan == sample
    finally:
        store.close()


def test_importing_a_version_1_file_stores_version_2(tmp_path: Path) -> None:
    """Test that an uploaded version 1 file becomes a version 2 revision, in a plan or a new one."""
    store = PlanStore(f"sqlite:///{tmp_path / 'totem.db'}")
    try:
        sample = load_plan(FRENCH_SAMPLE)
        imported = store.import_plan_file(V1_PLAN.read_bytes(), author="Ana", lang="fr")
        assert store.latest(imported.plan_id).plan == sample
        assert _stored_content(store, imported.plan_id, 1)["schema_version"] == 2
        again = store.import_plan_file(
            V1_PLAN.read_bytes(), author="Ben", lang="fr", into=imported.plan_id
        )
        assert (again.number, store.latest(imported.plan_id).plan) == (2, sample)
        assert _stored_content(store, imported.plan_id, 2)["schema_version"] == 2
    finally:
        store.close()
