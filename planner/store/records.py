"""What the store hands back, and how a revision's row becomes one.

Owns the immutable results (``Revision``, ``RevisionInfo``, ``PlanInfo``, ``RevisionKind``),
the text a revision's plan is stored as (``dump_content`` / ``load_content``), the decoding of
a row into a result, and the store's clock (``now``, ``utc``: every time it writes is UTC).

Imports: ``planner.models``, ``planner.planfile``, ``planner.errors``, ``planner.i18n`` and the
store's ``changes``; no SQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import ValidationError

from planner.errors import PlanFileError
from planner.i18n import Message
from planner.models import Plan
from planner.planfile import problems_from_validation_error
from planner.store.changes import change_message

__all__ = [
    "PlanInfo",
    "Revision",
    "RevisionInfo",
    "RevisionKind",
    "dump_content",
    "load_content",
    "now",
    "plan_info_from_row",
    "revision_from_row",
    "revision_info_from_row",
    "utc",
]

RevisionKind = Literal["create", "save", "restore", "import", "duplicate"]


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved state of a plan, with the plan itself."""

    plan_id: str
    number: int
    plan: Plan
    created_at: datetime
    author: str
    note: str
    kind: RevisionKind
    restored_from: int | None


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """One line of a plan's history: who saved what, when, and what changed.

    ``changes`` are messages for the UI to render (``store.change.*`` ids with counts).
    """

    number: int
    created_at: datetime
    author: str
    note: str
    kind: RevisionKind
    restored_from: int | None
    changes: list[Message]


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """One plan in the plan list: its id, name, newest revision, and whether it is in the bin."""

    id: str
    name: str
    created_at: datetime
    updated_at: datetime
    latest_revision: int
    deleted_at: datetime | None

    @property
    def in_bin(self) -> bool:
        """True when the plan has been deleted (and can still be recovered)."""
        return self.deleted_at is not None


def now() -> datetime:
    """The current time in UTC, as the store records it."""
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time the store writes is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def dump_content(plan: Plan) -> str:
    """A revision's stored text: the plan's compact JSON.

    Not :func:`planner.planfile.dump_plan`: its indented text goes through Python's pure-Python
    JSON encoder, ~60 ms for a 200-community plan against ~4 ms here, on every save. Revisions
    written indented by earlier versions read back the same way.
    """
    return plan.model_dump_json()


def load_content(content: str) -> Plan:
    """Parse a revision's stored text back into a plan.

    Raises:
        PlanFileError: the current model refuses it, one problem per field.
    """
    try:
        return Plan.model_validate_json(content)
    except ValidationError as exc:
        first = exc
    # A revision written by an older Totem that the current model refuses. Texts saved before
    # control and bidirectional characters were refused open with those characters taken out
    # (a line break or tab in a one-line text becomes a space): the plan is the user's, and
    # its next save stores the cleaned text. Anything else is a problem to report.
    data = json.loads(content)
    for _ in range(_CLEANING_ROUNDS):
        try:
            return Plan.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
        if not errors or any(error["type"] not in _CHARACTER_ERRORS for error in errors):
            break
        for error in errors:
            _clean_at(data, error["loc"], one_line=error["type"] in _ONE_LINE_ERRORS)
    raise PlanFileError(problems_from_validation_error(first)) from None


#: The refusals of characters in texts (``planner.models._base``), which a stored plan survives.
_CHARACTER_ERRORS = frozenset(
    ("control_character", "bidi_character", "line_break", "tab_character")
)
_ONE_LINE_ERRORS = frozenset(("line_break", "tab_character"))
#: Each round cleans every text pydantic reported; one suffices unless a list hides another.
_CLEANING_ROUNDS = 3
_REFUSED_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean_at(data: Any, loc: tuple[int | str, ...], *, one_line: bool) -> None:
    """Take the refused characters out of the text at ``loc`` inside ``data``, in place."""
    *parents, last = loc
    holder = data
    for key in parents:
        holder = holder[key]
    text = str(holder[last]).replace("\r\n", "\n")
    text = _REFUSED_CHARACTERS.sub("", text).replace("\r", "")
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    holder[last] = text


def revision_from_row(row: Any) -> Revision:
    """A full ``revisions`` row, content included, as a ``Revision`` with its plan parsed."""
    return Revision(
        plan_id=row.plan_id,
        number=row.number,
        plan=load_content(row.content),
        created_at=utc(row.created_at),
        author=row.author,
        note=row.note,
        kind=row.kind,
        restored_from=row.restored_from,
    )


def revision_info_from_row(row: Any) -> RevisionInfo:
    """A ``revisions`` row (content not needed) as a history line, its changes as messages."""
    return RevisionInfo(
        number=row.number,
        created_at=utc(row.created_at),
        author=row.author,
        note=row.note,
        kind=row.kind,
        restored_from=row.restored_from,
        changes=[change_message(code) for code in json.loads(row.changes)],
    )


def plan_info_from_row(row: Any) -> PlanInfo:
    """A ``plans`` row as a line of the plan list."""
    return PlanInfo(
        id=row.id,
        name=row.name,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        latest_revision=row.latest_revision,
        deleted_at=None if row.deleted_at is None else utc(row.deleted_at),
    )
