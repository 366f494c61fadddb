"""Importing plan files: good files become a plan or a revision, bad ones change nothing.

Every bad file (the planner's corpus in tests/planner/bad_plans and the store's own in
tests/store/bad_plans) must be refused with exactly its expected problems, and the store must be
the same afterwards, whether the file was meant as a new plan or as a revision of one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import PlanFileError
from planner.models import Plan
from planner.planfile import MAX_NESTING, MAX_PLAN_BYTES, dump_plan
from planner.store import PlanStore
from tests.planner.test_planfile import BAD_PLAN_PROBLEMS as PLANNER_BAD_PLAN_PROBLEMS

PLANNER_BAD_PLANS = Path(__file__).parents[1] / "planner" / "bad_plans"
STORE_BAD_PLANS = Path(__file__).parent / "bad_plans"

#: The store's own bad plan files and the exact (path, message) problems each must produce.
STORE_BAD_PLAN_PROBLEMS: dict[str, list[tuple[str, str]]] = {
    "ambassador_in_other_community.json": [
        (
            "communities[1].ambassadors[0].population_id",
            "there is no population “reps” in this community, which has no population yet; add "
            "that population first",
        )
    ],
    "bad_identifier.json": [
        (
            "communities[0].id",
            "must be an id made of letters, digits, '-', '_' or '.', starting with a letter or a "
            "digit (no spaces)",
        )
    ],
    "blank_name.json": [("name", "must not be empty")],
    "communities_not_a_list.json": [("communities", "must be a list, written [ … ]")],
    "duplicate_population_ids.json": [
        (
            "communities[0].populations[1].id",
            "the id “reps” is already used in populations; give each entry its own id",
        )
    ],
    "duplicate_sponsor_ids.json": [
        ("sponsors[2].id", "the id “coo” is already used in sponsors; give each entry its own id")
    ],
    "empty.json": [
        ("", 'the file is empty; a plan is a JSON object such as {"schema_version":2, "name":"…"}')
    ],
    "headcount_too_large.json": [
        ("communities[0].populations[0].headcount", "must be at most 10,000,000")
    ],
    "huge_integer.json": [
        (
            "",
            "the number 10000000000000000000… cannot be read (not finite, or far too large); "
            "write an ordinary number",
        )
    ],
    "impossible_date.json": [("launch_date", "must be a date like 2027-01-15")],
    "invalid_escape.json": [
        (
            "",
            "not valid JSON at line 3, column 25: a backslash starts an unknown escape; write "
            "\\\\ for a backslash",
        )
    ],
    "latin1_encoded.json": [
        (
            "",
            "the file is not UTF-8 text (byte 0xE9 on line 3 is invalid); save it again with the "
            "UTF-8 encoding",
        )
    ],
    "missing_comma.json": [
        ("", "not valid JSON at line 3, column 3: a comma is missing between two items")
    ],
    "missing_population_name.json": [("communities[0].populations[0].name", "is required")],
    "name_too_long.json": [("name", "must be at most 200 characters long; shorten it")],
    "nan_number.json": [
        (
            "",
            "the number NaN cannot be read (not finite, or far too large); write an ordinary "
            "number",
        )
    ],
    "negative_hours.json": [("core_team[0].hours_before", "must be at least 0")],
    "raw_tab_in_text.json": [
        (
            "",
            "not valid JSON at line 3, column 15: a text contains a raw line break or tab; write "
            "it as \\n or \\t",
        )
    ],
    "resistance_out_of_range.json": [
        ("communities[0].populations[0].resistance.workload", "must be at most 3")
    ],
    "schema_version_boolean.json": [
        ("schema_version", "must be a whole number; this Totem reads versions 1 to 2")
    ],
    "schema_version_text.json": [
        ("schema_version", "must be a whole number; this Totem reads versions 1 to 2")
    ],
    "single_quotes.json": [
        (
            "",
            "not valid JSON at line 2, column 3: a key in double quotes is expected here (is "
            "there a trailing comma, or a key in single quotes?)",
        )
    ],
    "top_level_string.json": [
        (
            "",
            'the file holds a text, but a plan is a JSON object, shaped like {"schema_version":2, '
            '"name":"…", …}',
        )
    ],
    "trailing_comma.json": [
        (
            "",
            "not valid JSON at line 4, column 1: a key in double quotes is expected here (is "
            "there a trailing comma, or a key in single quotes?)",
        )
    ],
    "two_documents.json": [
        ("", "not valid JSON at line 2, column 1: more text follows the end of the plan; remove it")
    ],
    "unknown_community_in_action.json": [
        (
            "sponsors[0].actions[0].community_id",
            "there is no community “qualty” in this plan; pick one of quality, or leave it empty "
            "for the whole launch",
        )
    ],
    "unknown_platform.json": [
        ("platform", "must be one of viva_engage, teams, workplace, slack, jive, or other")
    ],
    "unterminated_string.json": [
        (
            "",
            "not valid JSON at line 1, column 31: a text starts here but is never closed; add the "
            "missing double quote",
        )
    ],
    "utf16_encoded.json": [
        (
            "",
            "the file is not UTF-8 text (byte 0xFF on line 1 is invalid); save it again with the "
            "UTF-8 encoding",
        )
    ],
}

#: Every bad file under tests/, with its problems.
ALL_BAD_PLANS: dict[Path, list[tuple[str, str]]] = {
    **{PLANNER_BAD_PLANS / name: problems for name, problems in PLANNER_BAD_PLAN_PROBLEMS.items()},
    **{STORE_BAD_PLANS / name: problems for name, problems in STORE_BAD_PLAN_PROBLEMS.items()},
}

#: A few of the store's files in French.
FRENCH_PROBLEMS: dict[str, list[tuple[str, str]]] = {
    "unterminated_string.json": [
        (
            "",
            "JSON invalide ligne 1, colonne 31\u00a0: un texte commence ici mais n’est jamais "
            "fermé\u202f; ajoutez le guillemet manquant",
        )
    ],
    "impossible_date.json": [("launch_date", "doit être une date au format 2027-01-15")],
}


def _snapshot(store: PlanStore) -> tuple[object, ...]:
    """Everything a bad import could have changed."""
    plans = store.list_plans(include_deleted=True)
    return (
        plans,
        store.count_revisions(),
        [store.latest(p.id).plan for p in plans],
    )


def test_there_are_at_least_30_bad_plan_files_each_with_its_problems() -> None:
    """Test that the corpus is big enough and every file in the store's folder is in the table."""
    assert sorted(p.name for p in STORE_BAD_PLANS.glob("*.json")) == sorted(STORE_BAD_PLAN_PROBLEMS)
    assert all(path.is_file() for path in ALL_BAD_PLANS)
    assert len(ALL_BAD_PLANS) >= 30


def test_importing_a_good_file_creates_a_plan(store: PlanStore, sample_plan: Plan) -> None:
    """Test that a valid file becomes a new plan, revision 1, marked as imported."""
    imported = store.import_plan_file(dump_plan(sample_plan).encode(), author="Ana", lang="en")
    assert (imported.number, imported.kind) == (1, "import")
    assert store.latest(imported.plan_id).plan == sample_plan
    assert [p.id for p in store.list_plans()] == [imported.plan_id]


def test_importing_into_a_plan_adds_a_revision_and_keeps_the_old_one(
    store: PlanStore, sample_plan: Plan
) -> None:
    """Test that importing into an existing plan appends a revision; the previous stays."""
    existing = store.create(Plan(schema_version=2, name="Draft"), author="Ana", note="")
    imported = store.import_plan_file(
        dump_plan(sample_plan), author="Ben", lang="en", into=existing.plan_id
    )
    assert (imported.plan_id, imported.number, imported.kind) == (existing.plan_id, 2, "import")
    assert store.latest(existing.plan_id).plan == sample_plan
    assert store.revision(existing.plan_id, 1).plan.name == "Draft"
    assert store.history(existing.plan_id)[0].changes[0].id == "store.change.imported"


@pytest.mark.parametrize("into_existing", [False, True], ids=["new-plan", "into-plan"])
def test_every_bad_file_is_refused_exactly_and_the_store_is_unchanged(
    store: PlanStore, sample_plan: Plan, into_existing: bool
) -> None:
    """Test that each bad file gives exactly its problems and leaves the store as it was."""
    existing = store.create(sample_plan, author="Ana", note="")
    into = existing.plan_id if into_existing else None
    before = _snapshot(store)
    for path, expected in ALL_BAD_PLANS.items():
        with pytest.raises(PlanFileError) as caught:
            store.import_plan_file(path.read_bytes(), author="Ben", lang="en", into=into)
        problems = [(p.path, p.message) for p in caught.value.problems]
        assert problems == expected, path.name
        assert _snapshot(store) == before, path.name


@pytest.mark.parametrize(("name", "expected"), sorted(FRENCH_PROBLEMS.items()))
def test_bad_files_are_explained_in_the_chosen_language(
    store: PlanStore, name: str, expected: list[tuple[str, str]]
) -> None:
    """Test that lang="fr" gives the problems in French."""
    with pytest.raises(PlanFileError) as caught:
        store.import_plan_file((STORE_BAD_PLANS / name).read_bytes(), author="Ana", lang="fr")
    assert [(p.path, p.message) for p in caught.value.problems] == expected
    assert store.count_revisions() == 0


def test_a_huge_file_is_refused_by_size_and_changes_nothing(store: PlanStore) -> None:
    """Test that a file over MAX_PLAN_BYTES, made at run time, is refused before parsing."""
    head = b'{"schema_version": 2, "name": "Huge", "organisation": "'
    data = head + b"x" * (MAX_PLAN_BYTES + 1 - len(head) - 2) + b'"}'
    assert len(data) == MAX_PLAN_BYTES + 1
    with pytest.raises(PlanFileError) as caught:
        store.import_plan_file(data, author="Ana", lang="en")
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "",
            "the file is 5,242,881 bytes, over the 5,242,880-byte limit for a plan; "
            "check that this is a Totem plan file",
        )
    ]
    assert store.count_revisions() == 0


def test_a_deeply_nested_file_made_at_run_time_is_refused(store: PlanStore) -> None:
    """Test that 100,000 levels of nesting are refused cleanly, not by a RecursionError."""
    data = '{"schema_version": 2, "name": "x", "benefits": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(PlanFileError) as caught:
        store.import_plan_file(data, author="Ana", lang="en")
    [problem] = caught.value.problems
    assert problem.message.startswith(f"the data is nested more than {MAX_NESTING} levels deep")
    assert store.count_revisions() == 0
