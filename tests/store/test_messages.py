"""The store's messages exist in English and French with exactly the parameters it passes.

The store returns ``Message`` ids (``store.*``) rendered from ``planner/locales/store.*.json``;
the catalogue's own tests check both languages and French typography.
"""

from __future__ import annotations

import string

import pytest

from planner.i18n import catalogue
from planner.store import (
    CHANGE_SECTIONS,
    PlanConflict,
    PlanInBin,
    PlanNotFound,
    StoreSchemaError,
)

#: Every id the store can hand to the UI, with the parameters it passes.
STORE_MESSAGES: dict[str, set[str]] = {
    "store.plan_not_found": {"plan_id"},
    "store.revision_not_found": {"plan_id", "number"},
    "store.plan_in_bin": {"plan_id"},
    "store.conflict": {"base", "latest", "author"},
    "store.schema_too_new": {"found", "supported"},
    "store.change.created": set(),
    "store.change.duplicated": set(),
    "store.change.imported": set(),
    "store.change.none": set(),
    "store.change.restored": {"number"},
    "store.change.added": {"section", "count"},
    "store.change.removed": {"section", "count"},
    "store.change.changed": {"section", "count"},
    **{f"store.section.{section}": set() for section in CHANGE_SECTIONS},
}


def _texts(lang: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if k.startswith("store.")}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_store_message_has_a_text_with_its_parameters(lang: str) -> None:
    """Test that each id the store emits has a template using only the parameters it gets."""
    texts = _texts(lang)
    assert set(texts) == set(STORE_MESSAGES)
    assert {key: _fields(texts[key]) - STORE_MESSAGES[key] for key in STORE_MESSAGES} == {
        key: set() for key in STORE_MESSAGES
    }


def test_error_messages_match_the_table() -> None:
    """Test that the errors carry the ids and parameters listed above."""
    from datetime import UTC, datetime

    errors: list[PlanNotFound | PlanInBin | PlanConflict | StoreSchemaError] = [
        PlanNotFound("p"),
        PlanNotFound("p", 3),
        PlanInBin("p"),
        PlanConflict(
            "p", base_revision=1, latest_revision=2, latest_author="a", latest_at=datetime.now(UTC)
        ),
        StoreSchemaError(9),
    ]
    for error in errors:
        assert set(error.message.params) == STORE_MESSAGES[error.message.id]
