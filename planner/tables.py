"""Flat tables of a plan: rows for a grid or a spreadsheet, and rows back into a plan.

A plan is a tree (communities hold populations, ambassadors, objectives…; sponsors hold their
actions); people edit lists. ``table_rows(plan, table)`` flattens one list into rows of plain
values (text, numbers, dates, ids; child rows carry the id of their community or sponsor), and
``apply_rows(plan, table, rows, lang=…)`` puts edited rows back and returns a new validated plan,
or raises ``PlanFileError`` whose problems name the table, the row and the column in the user's
language (``populations, row 3, headcount: must be > 0``). ``read_table_file`` reads the same
rows from a CSV or Excel file, with English or French column headers.

Rules decided here:

- Rows are numbered from 1 in the order given; a row whose cells are all empty is skipped.
- A new row without an id gets one made from its name (``Lyon shift leads`` → ``lyon-shift-leads``),
  unique in its list.
- A row of ``communities``, ``populations`` or ``sponsors`` continues the existing entry with its
  id, so what hangs below it (populations, ambassadors, actions…) stays; a row whose id is new
  but that sits where an entry vanished is that entry renamed, and references to the old id
  follow (sponsor actions for a community, ambassadors for a population).
- Deleting a community also clears the community of the sponsor actions aimed at it: they then
  count for the whole launch. Deleting a population that ambassadors serve is refused by the
  model, with a message on those ambassadors.
- A community, population or sponsor cell may hold the id or the name; with a single community
  in the plan, an empty community cell means that community.

Example::

    >>> rows = table_rows(plan, "populations")
    >>> rows[0]["headcount"] = 0
    >>> apply_rows(plan, "populations", rows, lang="en")
    Traceback (most recent call last):
    planner.errors.PlanFileError: populations, row 1, headcount: must be > 0
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from planner.errors import PlanFileError, Problem
from planner.i18n import LANGUAGES, translate
from planner.models import (
    Ambassador,
    Cadence,
    Community,
    CoreRole,
    CoreTeamMember,
    Objective,
    Plan,
    Population,
    Resistance,
    ResistanceFactor,
    Ritual,
    Sponsor,
    SponsorAction,
    SponsorActionKind,
)
from planner.planfile import format_path, problems_from_validation_error

__all__ = [
    "CHOICES",
    "TABLES",
    "Column",
    "ColumnKind",
    "ImportPreview",
    "Row",
    "apply_rows",
    "choice_label",
    "column_label",
    "inspect_table_file",
    "read_table_file",
    "slugify",
    "table_columns",
    "table_label",
    "table_rows",
    "update_plan",
]

Table = Literal[
    "communities",
    "objectives",
    "benefits",
    "populations",
    "ambassadors",
    "core_team",
    "sponsors",
    "sponsor_actions",
    "rituals",
]
Row = dict[str, Any]

#: Every table, in the order the workbook walks through them.
TABLES: tuple[Table, ...] = (
    "communities",
    "objectives",
    "benefits",
    "populations",
    "ambassadors",
    "core_team",
    "sponsors",
    "sponsor_actions",
    "rituals",
)

#: Largest table file accepted: a list of tens of thousands of people fits well within it.
MAX_TABLE_FILE_BYTES = 10 * 1024 * 1024


class ColumnKind(StrEnum):
    """What a column holds, which decides how a cell is read."""

    TEXT = "text"
    ID = "id"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    COMMUNITY = "community"  # the community a row belongs to (or, for actions, is aimed at)
    POPULATION = "population"
    SPONSOR = "sponsor"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its key in the rows, what it holds, the model field behind it."""

    key: str
    kind: ColumnKind
    model: type[Any] | None = None  # the pydantic model holding the field (None for parents)
    field: str | None = None  # the field's name in that model
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        """True when the model has no default for the field (ids are made when missing)."""
        if self.model is None or self.field is None or self.kind is ColumnKind.ID:
            return False
        return bool(self.model.model_fields[self.field].is_required())


def _col(
    key: str, kind: ColumnKind, model: type[Any] | None = None, field: str | None = None
) -> Column:
    field = field or (key if model is not None else None)
    choices: tuple[str, ...] = ()
    if kind is ColumnKind.CHOICE and model is not None and field is not None:
        annotation = model.model_fields[field].annotation
        choices = tuple(member.value for member in annotation)
    return Column(key, kind, model, field, choices)


_K = ColumnKind
_FACTOR_COLUMNS = tuple(
    _col(factor.value, _K.INTEGER, Resistance, factor.value) for factor in ResistanceFactor
)

_COLUMNS: dict[Table, tuple[Column, ...]] = {
    "communities": (
        _col("id", _K.ID, Community),
        _col("name", _K.TEXT, Community),
        _col("totem_subject", _K.TEXT, Community),
        _col("community_manager", _K.TEXT, Community),
    ),
    "objectives": (
        _col("community", _K.COMMUNITY),
        _col("indicator", _K.TEXT, Objective),
        _col("target", _K.NUMBER, Objective),
        _col("unit", _K.TEXT, Objective),
        _col("due_date", _K.DATE, Objective),
    ),
    "benefits": (
        _col("community", _K.COMMUNITY),
        Column("benefit", _K.TEXT),
    ),
    "populations": (
        _col("community", _K.COMMUNITY),
        _col("id", _K.ID, Population),
        _col("name", _K.TEXT, Population),
        _col("criteria", _K.TEXT, Population),
        _col("headcount", _K.INTEGER, Population),
        _col("wave_date", _K.DATE, Population),
        *_FACTOR_COLUMNS,
    ),
    "ambassadors": (
        _col("community", _K.COMMUNITY),
        _col("id", _K.ID, Ambassador),
        _col("name", _K.TEXT, Ambassador),
        _col("population", _K.POPULATION, Ambassador, "population_id"),
        _col("hours_per_week", _K.NUMBER, Ambassador),
        _col("training_date", _K.DATE, Ambassador),
    ),
    "core_team": (
        _col("role", _K.CHOICE, CoreTeamMember),
        _col("person", _K.TEXT, CoreTeamMember),
        _col("hours_before", _K.NUMBER, CoreTeamMember),
        _col("hours_after", _K.NUMBER, CoreTeamMember),
        _col("announced_on", _K.DATE, CoreTeamMember),
    ),
    "sponsors": (
        _col("id", _K.ID, Sponsor),
        _col("name", _K.TEXT, Sponsor),
        _col("title", _K.TEXT, Sponsor),
    ),
    "sponsor_actions": (
        Column("sponsor", _K.SPONSOR),
        _col("date", _K.DATE, SponsorAction),
        _col("kind", _K.CHOICE, SponsorAction),
        _col("description", _K.TEXT, SponsorAction),
        _col("community", _K.COMMUNITY, SponsorAction, "community_id"),
    ),
    "rituals": (
        _col("community", _K.COMMUNITY),
        _col("name", _K.TEXT, Ritual),
        _col("cadence", _K.CHOICE, Ritual),
        _col("start_date", _K.DATE, Ritual),
        _col("end_date", _K.DATE, Ritual),
        _col("owner", _K.TEXT, Ritual),
    ),
}

# Where each community-level list lives, and the model of its items.
_COMMUNITY_LISTS: dict[Table, str] = {
    "objectives": "objectives",
    "benefits": "benefits",
    "populations": "populations",
    "ambassadors": "ambassadors",
    "rituals": "rituals",
}
# Model field → column key, where they differ.
_FIELD_COLUMNS = {"population_id": "population", "community_id": "community"}
# Ids made for new rows whose name gives nothing usable.
_ID_FALLBACKS: dict[Table, str] = {
    "communities": "community",
    "populations": "population",
    "ambassadors": "ambassador",
    "sponsors": "sponsor",
}
# Columns a file must have for its rows to make sense (beyond the model's required fields).
_FILE_REQUIRED: dict[Table, tuple[str, ...]] = {
    "communities": ("name",),
    "populations": ("name",),
    "ambassadors": ("name", "population"),
    "sponsors": ("name",),
    "sponsor_actions": ("sponsor",),
}


def table_columns(table: Table) -> tuple[Column, ...]:
    """Return the columns of ``table``, in display order.

    Raises:
        KeyError: ``table`` is not one of ``TABLES``.
    """
    return _COLUMNS[table]


# --------------------------------------------------------------------------------------------
# Labels


def table_label(table: Table, lang: str) -> str:
    """Return the name of a table in ``lang`` (``populations`` / ``populations``)."""
    return translate(f"table.name.{table}", lang)


def column_label(key: str, lang: str) -> str:
    """Return the header of column ``key`` in ``lang``: ``Headcount`` / ``Effectif``."""
    return translate(f"table.column.{key}", lang)


def choice_label(column: str, value: str, lang: str) -> str:
    """Return the name of a choice in ``lang``: a core-team role, an action kind, a cadence."""
    if column == "role":
        return translate(f"role.{value}", lang)
    return translate(f"table.choice.{column}.{value}", lang)


# --------------------------------------------------------------------------------------------
# Plan → rows


def table_rows(plan: Plan, table: Table) -> list[Row]:
    """Flatten one list of ``plan`` into rows of plain values, one dict per item.

    Rows have the keys of ``table_columns(table)``: texts, numbers, ``date`` objects, enum
    values as strings and ids; an empty optional value is ``None``. Child rows name their
    community (``community``) or sponsor (``sponsor``) by id, and come in plan order.

    Raises:
        KeyError: ``table`` is not one of ``TABLES``.
    """
    columns = _COLUMNS[table]
    if table == "communities":
        return [_item_row(community, columns) for community in plan.communities]
    if table == "benefits":
        return [
            {"community": community.id, "benefit": benefit}
            for community in plan.communities
            for benefit in community.benefits
        ]
    if table in _COMMUNITY_LISTS:
        return [
            {"community": community.id, **_item_row(item, columns[1:])}
            for community in plan.communities
            for item in getattr(community, _COMMUNITY_LISTS[table])
        ]
    if table == "core_team":
        return [_item_row(member, columns) for member in plan.core_team]
    if table == "sponsors":
        return [_item_row(sponsor, columns) for sponsor in plan.sponsors]
    if table == "sponsor_actions":
        return [
            {"sponsor": sponsor.id, **_item_row(action, columns[1:])}
            for sponsor in plan.sponsors
            for action in sponsor.actions
        ]
    raise KeyError(table)


def _item_row(item: Any, columns: Iterable[Column]) -> Row:
    row: Row = {}
    for column in columns:
        holder = item.resistance if column.model is Resistance else item
        value = getattr(holder, column.field or column.key)
        row[column.key] = value.value if isinstance(value, StrEnum) else value
    return row


# --------------------------------------------------------------------------------------------
# Rows → plan


def apply_rows(plan: Plan, table: Table, rows: Sequence[Mapping[str, Any]], *, lang: str) -> Plan:
    """Replace one list of ``plan`` by ``rows`` and return the new, validated plan.

    ``plan`` is left untouched. Cells may come from a grid or a file: ``None``, ``""`` and NaN
    are empty, pandas timestamps and numpy numbers are accepted, texts are trimmed.

    Args:
        plan: the current plan.
        table: which list the rows replace, one of ``TABLES``.
        rows: the full new content of that list, with the keys of ``table_columns(table)``
            (missing keys are empty cells).
        lang: language of the problem messages, ``"en"`` or ``"fr"``.

    Returns:
        A new ``Plan``; equal to ``plan`` when ``rows`` equal ``table_rows(plan, table)``.

    Raises:
        PlanFileError: a row does not fit; each problem's path names the table, the row
            (numbered from 1) and the column, in ``lang``.
        KeyError: ``table`` is not one of ``TABLES``.
    """
    columns = _COLUMNS[table]
    numbered = [
        (number, cleaned)
        for number, cleaned in enumerate(
            ({c.key: _clean(row.get(c.key)) for c in columns} for row in rows), 1
        )
        if any(value is not None for value in cleaned.values())
    ]
    dump = _working_dump(plan, table)
    builder = _Builder(plan, table, dump, lang)
    builder.build(numbered)
    if builder.problems:
        raise PlanFileError(builder.problems)
    try:
        return Plan.model_validate(dump)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, lang)
        located = [
            Problem(builder.where(error["loc"]), problem.message)
            for error, problem in zip(exc.errors(), problems, strict=True)
        ]
        raise PlanFileError(located) from None


def _fields_of(model: BaseModel) -> dict[str, Any]:
    """A model's fields as a dict, one level deep: nested models stay the validated models."""
    return {name: getattr(model, name) for name in type(model).model_fields}


def _working_dump(plan: Plan, table: Table) -> dict[str, Any]:
    """The plan as the builder edits it: dicts down to the level the table's rows reach.

    Deeper items stay the plan's validated models, which ``Plan.model_validate`` takes as they
    are: renaming a community of a 200-community plan then validates 200 communities' own
    fields, not their thousands of populations and ambassadors again.
    """
    if table in _COMMUNITY_LISTS:
        return plan.model_dump()  # the rows reach into every community's lists
    dump = _fields_of(plan)
    dump["communities"] = [_fields_of(community) for community in plan.communities]
    # A renamed or removed community is followed into the sponsor actions that name it.
    dump["sponsors"] = [
        {**_fields_of(sponsor), "actions": [action.model_dump() for action in sponsor.actions]}
        for sponsor in plan.sponsors
    ]
    dump["core_team"] = [member.model_dump() for member in plan.core_team]
    return dump


def update_plan(plan: Plan, changes: Mapping[str, Any], *, lang: str) -> Plan:
    """Return a new plan with some top-level fields changed; ``plan`` is left untouched.

    A mapping given for a settings field (``thresholds``, ``timing``, ``forecast``) changes
    only the keys it holds: ``{"forecast": {"p": 0.05}}`` keeps the other parameters.

    Raises:
        PlanFileError: the result is not a valid plan; each problem's path is the field's
            JSON path (``launch_date``, ``forecast.p``) and its message is in ``lang``.
    """
    # Top-level fields only: the lists keep their validated models, which pydantic takes as
    # they are (no revalidation), so a change costs the plan's own rules, not every item's.
    fields = _fields_of(plan)
    for key, value in changes.items():
        current = fields.get(key)
        if isinstance(value, Mapping) and isinstance(current, BaseModel):
            fields[key] = {**current.model_dump(), **value}
        else:
            fields[key] = value
    try:
        return Plan.model_validate(fields)
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation_error(exc, lang)) from None


class _Builder:
    """Writes rows into a plan dump and remembers which row each item came from."""

    def __init__(self, plan: Plan, table: Table, dump: dict[str, Any], lang: str) -> None:
        self.plan = plan
        self.table = table
        self.dump = dump
        self.lang = lang
        self.problems: list[Problem] = []
        # Row number of each item of the edited table, in the order the dump holds them.
        self.sources: list[int] = []

    # -- entry point --------------------------------------------------------------------------

    def build(self, rows: list[tuple[int, Row]]) -> None:
        if self.table == "communities":
            self._communities(rows)
        elif self.table in _COMMUNITY_LISTS:
            self._community_lists(rows)
        elif self.table == "core_team":
            self.dump["core_team"] = [self._fields(row, "core_team") for _, row in rows]
            self.sources = [number for number, _ in rows]
        elif self.table == "sponsors":
            self._sponsors(rows)
        else:
            self._sponsor_actions(rows)

    # -- tables -------------------------------------------------------------------------------

    def _communities(self, rows: list[tuple[int, Row]]) -> None:
        originals = self.dump["communities"]
        continued = _match([row["id"] for _, row in rows], [item["id"] for item in originals])
        ids = _fill_ids([row for _, row in rows], "communities")
        renamed: dict[str, str] = {}
        communities = []
        for (number, row), origin, new_id in zip(rows, continued, ids, strict=True):
            base = dict(originals[origin]) if origin is not None else {}
            if origin is not None and originals[origin]["id"] != new_id:
                renamed[originals[origin]["id"]] = new_id
            base.update(self._fields(row, "communities"))
            base["id"] = new_id
            communities.append(base)
            self.sources.append(number)
        kept = {c["id"] for c in communities}
        for sponsor in self.dump["sponsors"]:
            for action in sponsor["actions"]:
                target = action.get("community_id")
                if target in renamed:
                    action["community_id"] = renamed[target]
                elif target is not None and target not in kept:
                    action["community_id"] = None
        self.dump["communities"] = communities

    def _community_lists(self, rows: list[tuple[int, Row]]) -> None:
        communities = self.dump["communities"]
        known = [(c["id"], c["name"]) for c in communities]
        groups: dict[int, list[tuple[int, Row]]] = {index: [] for index in range(len(communities))}
        for number, row in rows:
            index = self._community_index(number, row, known)
            if index is not None:
                groups[index].append((number, row))
        if self.problems:
            return
        field = _COMMUNITY_LISTS[self.table]
        for index, community in enumerate(communities):
            group = groups[index]
            if self.table == "benefits":
                community["benefits"] = [row["benefit"] or "" for _, row in group]
            elif self.table == "populations":
                community["populations"] = self._populations(community, group)
            elif self.table == "ambassadors":
                community["ambassadors"] = self._ambassadors(community, group)
            else:
                community[field] = [self._fields(row, self.table) for _, row in group]
            self.sources += [number for number, _ in group]

    def _populations(self, community: dict[str, Any], group: list[tuple[int, Row]]) -> list[Any]:
        originals = community["populations"]
        rows = [row for _, row in group]
        continued = _match([row["id"] for row in rows], [item["id"] for item in originals])
        ids = _fill_ids(rows, "populations")
        populations = []
        for row, origin, new_id in zip(rows, continued, ids, strict=True):
            if origin is not None and originals[origin]["id"] != new_id:
                for ambassador in community["ambassadors"]:
                    if ambassador["population_id"] == originals[origin]["id"]:
                        ambassador["population_id"] = new_id
            population = self._fields(row, "populations")
            population["id"] = new_id
            populations.append(population)
        return populations

    def _ambassadors(self, community: dict[str, Any], group: list[tuple[int, Row]]) -> list[Any]:
        known = [(p["id"], p["name"]) for p in community["populations"]]
        rows = [row for _, row in group]
        ids = _fill_ids(rows, "ambassadors")
        ambassadors = []
        for row, new_id in zip(rows, ids, strict=True):
            ambassador = self._fields(row, "ambassadors")
            ambassador["id"] = new_id
            reference = row["population"]
            if reference is not None:
                ambassador["population_id"] = _resolve(str(reference), known) or str(reference)
            ambassadors.append(ambassador)
        return ambassadors

    def _sponsors(self, rows: list[tuple[int, Row]]) -> None:
        originals = self.dump["sponsors"]
        continued = _match([row["id"] for _, row in rows], [item["id"] for item in originals])
        ids = _fill_ids([row for _, row in rows], "sponsors")
        sponsors = []
        for (number, row), origin, new_id in zip(rows, continued, ids, strict=True):
            sponsor = dict(originals[origin]) if origin is not None else {"actions": []}
            sponsor.update(self._fields(row, "sponsors"))
            sponsor["id"] = new_id
            sponsors.append(sponsor)
            self.sources.append(number)
        self.dump["sponsors"] = sponsors

    def _sponsor_actions(self, rows: list[tuple[int, Row]]) -> None:
        sponsors = self.dump["sponsors"]
        known = [(s["id"], s["name"]) for s in sponsors]
        communities = [(c["id"], c["name"]) for c in self.dump["communities"]]
        groups: dict[int, list[tuple[int, Row]]] = {index: [] for index in range(len(sponsors))}
        for number, row in rows:
            reference = row["sponsor"]
            found = _resolve(str(reference), known) if reference is not None else None
            if found is None:
                self._reference_problem(number, "sponsor", reference, known, "sponsor")
                continue
            groups[[s for s, _ in known].index(found)].append((number, row))
        if self.problems:
            return
        for index, sponsor in enumerate(sponsors):
            actions = []
            for number, row in groups[index]:
                action = self._fields(row, "sponsor_actions")
                target = row["community"]
                action["community_id"] = (
                    None if target is None else _resolve(str(target), communities) or str(target)
                )
                actions.append(action)
                self.sources.append(number)
            sponsor["actions"] = actions

    # -- helpers ------------------------------------------------------------------------------

    def _community_index(self, number: int, row: Row, known: list[tuple[str, str]]) -> int | None:
        reference = row["community"]
        if reference is None and len(known) == 1:
            return 0
        found = _resolve(str(reference), known) if reference is not None else None
        if found is None:
            self._reference_problem(number, "community", reference, known, "community")
            return None
        return [identifier for identifier, _ in known].index(found)

    def _reference_problem(
        self,
        number: int,
        column: str,
        reference: Any,
        known: list[tuple[str, str]],
        kind: str,
    ) -> None:
        where = _where(self.table, number, column, self.lang)
        if reference is None:
            message = translate("error.missing", self.lang)
        elif known:
            message = translate(
                f"table.problem.unknown_{kind}",
                self.lang,
                value=str(reference),
                known=", ".join(identifier for identifier, _ in known),
            )
        else:
            message = translate(f"table.problem.no_{kind}", self.lang, value=str(reference))
        self.problems.append(Problem(where, message))

    def _fields(self, row: Row, table: Table) -> dict[str, Any]:
        """Turn a row's model columns into model data; empty optional cells take the default."""
        data: dict[str, Any] = {}
        resistance: dict[str, Any] = {}
        for column in _COLUMNS[table]:
            if column.model is None or column.field is None or column.kind in _REFERENCES:
                continue
            value = row.get(column.key)
            if column.model is Resistance:
                resistance[column.field] = value
                continue
            if value is None:
                if column.required:
                    continue  # the model reports it as required
                value = _empty_value(column)
            data[column.field] = value
        if table == "populations":
            data["resistance"] = resistance
        return data

    def where(self, loc: tuple[int | str, ...]) -> str:
        """Name the table, row and column behind a location in the plan."""
        found = _locate(self.dump, loc)
        if found is None:
            return format_path(loc)
        table, index, column = found
        number = (
            self.sources[index] if table == self.table and index < len(self.sources) else index + 1
        )
        return _where(table, number, column, self.lang)


_REFERENCES = frozenset({ColumnKind.COMMUNITY, ColumnKind.POPULATION, ColumnKind.SPONSOR})


def _empty_value(column: Column) -> Any:
    assert column.model is not None
    assert column.field is not None
    info: FieldInfo = column.model.model_fields[column.field]
    return None if info.default is None else info.get_default(call_default_factory=True)


def _where(table: Table, number: int, column: str | None, lang: str) -> str:
    if column is None:
        return translate("table.where_row", lang, table=table_label(table, lang), row=number)
    return translate(
        "table.where",
        lang,
        table=table_label(table, lang),
        row=number,
        column=column_label(column, lang),
    )


def _locate(
    dump: Mapping[str, Any], loc: Sequence[int | str]
) -> tuple[Table, int, str | None] | None:
    """Map a location in the plan to (table, index of the row in that table, column key)."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return None
    head, index, rest = loc[0], loc[1], list(loc[2:])
    if head == "core_team":
        return "core_team", index, _column_of("core_team", rest)
    if head == "sponsors":
        if rest[:1] == ["actions"] and len(rest) >= 2 and isinstance(rest[1], int):
            offset = sum(len(s["actions"]) for s in dump["sponsors"][:index])
            return "sponsor_actions", offset + rest[1], _column_of("sponsor_actions", rest[2:])
        return "sponsors", index, _column_of("sponsors", rest)
    if head != "communities":
        return None
    for table, field in _COMMUNITY_LISTS.items():
        if rest[:1] == [field] and len(rest) >= 2 and isinstance(rest[1], int):
            offset = sum(len(c[field]) for c in dump["communities"][:index])
            return table, offset + rest[1], _column_of(table, rest[2:])
    return "communities", index, _column_of("communities", rest)


def _column_of(table: Table, rest: Sequence[int | str]) -> str | None:
    if table == "benefits":
        return "benefit"
    if not rest:
        return None
    field = rest[-1] if rest[0] == "resistance" else rest[0]
    key = _FIELD_COLUMNS.get(str(field), str(field))
    return key if any(column.key == key for column in _COLUMNS[table]) else None


def _match(row_ids: Sequence[Any], original_ids: Sequence[str]) -> list[int | None]:
    """For each row, the index of the original entry it continues, or None for a new entry.

    A row continues the entry with its id; a row with another id, or none, sitting at the
    position of an entry no row names, continues that entry (it was renamed).
    """
    position = {identifier: index for index, identifier in enumerate(original_ids)}
    named = {str(identifier) for identifier in row_ids if identifier is not None}
    used: set[int] = set()
    result: list[int | None] = []
    for index, identifier in enumerate(row_ids):
        origin = position.get(str(identifier)) if identifier is not None else None
        if origin is not None and origin not in used:
            used.add(origin)
            result.append(origin)
            continue
        if (
            (identifier is None or str(identifier) not in position)
            and index < len(original_ids)
            and original_ids[index] not in named
            and index not in used
        ):
            used.add(index)
            result.append(index)
            continue
        result.append(None)
    return result


def _fill_ids(rows: Sequence[Row], table: Table) -> list[str]:
    """Return each row's id, making one from the name where the row has none."""
    taken = {str(row["id"]) for row in rows if row.get("id") is not None}
    ids = []
    for row in rows:
        if row.get("id") is not None:
            ids.append(str(row["id"]))
            continue
        base = slugify(str(row.get("name") or ""), fallback=_ID_FALLBACKS[table])
        identifier = unique_id(base, taken)
        taken.add(identifier)
        ids.append(identifier)
    return ids


def slugify(text: str, *, fallback: str = "item") -> str:
    """Make an id from a name: ASCII letters and digits joined by '-', lower case, ≤ 48 chars.

    >>> slugify("Équipe qualité – Lyon")
    'equipe-qualite-lyon'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:48].strip("-")
    return slug or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first that is not in ``taken``."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _resolve(reference: str, known: Sequence[tuple[str, str]]) -> str | None:
    """Find an id from a cell holding an id, or a name (ignoring case)."""
    for identifier, _ in known:
        if identifier == reference:
            return identifier
    folded = reference.casefold()
    for identifier, name in known:
        if name.casefold() == folded or identifier.casefold() == folded:
            return identifier
    return None


def _clean(value: Any) -> Any:
    """Normalise a cell: empty → None, timestamps → date, numpy scalars → Python, text trimmed."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    # pandas Timestamp / NaT and numpy scalars, without importing either here.
    try:
        if value != value:  # NaN and NaT are the only values not equal to themselves
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "to_pydatetime"):
        return _clean(value.to_pydatetime())
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


# --------------------------------------------------------------------------------------------
# Files → rows


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Rows read from a table file and the problems found in them, before anything changes."""

    rows: list[Row]
    problems: list[Problem]
    lines: list[int]  # the file line (or sheet row) each row came from


def read_table_file(
    data: bytes,
    filename: str,
    table: Table,
    *,
    lang: str,
    default_community: str | None = None,
) -> list[Row]:
    """Read the rows of ``table`` from a CSV or Excel (.xlsx) file.

    The first line holds the headers, in English or French (``Headcount`` or ``Effectif``) or
    as the column keys (``headcount``); other columns are ignored. CSV files are UTF-8, with or
    without a byte-order mark, separated by ``,`` or ``;``. Numbers may use a decimal comma and
    spaces between thousands; dates are ISO (``2027-01-12``) or, in French, ``12/01/2027``.

    Args:
        data: the file's bytes.
        filename: its name; the extension says whether it is CSV or Excel.
        table: which table the rows are for.
        lang: language of the problem messages, ``"en"`` or ``"fr"``.
        default_community: the community of rows that name none (when the file has no
            community column, or a row leaves it empty).

    Returns:
        Rows with the keys of ``table_columns(table)``, ready for ``apply_rows``.

    Raises:
        PlanFileError: the file cannot be read, lacks a needed column, or has bad rows; each
            problem's path says ``line N, column``.
    """
    preview = inspect_table_file(
        data, filename, table, lang=lang, default_community=default_community
    )
    if preview.problems:
        raise PlanFileError(preview.problems)
    return preview.rows


def inspect_table_file(
    data: bytes,
    filename: str,
    table: Table,
    *,
    lang: str,
    default_community: str | None = None,
) -> ImportPreview:
    """Read a table file like ``read_table_file`` but return the rows and the problems together.

    The workbook shows both before the user decides to apply the rows. Rows keep the text of a
    cell that could not be read, so the preview shows what the file says.
    """
    try:
        headers, records = _read_records(data, filename, lang)
    except PlanFileError as exc:
        return ImportPreview([], exc.problems, [])
    columns = _COLUMNS[table]
    mapping = _map_headers(headers, columns)
    problems: list[Problem] = []
    present = set(mapping.values())
    needed = [c.key for c in columns if c.required] + list(_FILE_REQUIRED.get(table, ()))
    if columns[0].kind is ColumnKind.COMMUNITY and default_community is None:
        needed.append("community")
    missing = [key for key in dict.fromkeys(needed) if key not in present]
    if missing:
        message = translate(
            "table.file.missing_columns",
            lang,
            columns=", ".join(f"“{column_label(key, lang)}”" for key in missing),
        )
        return ImportPreview([], [Problem("", message)], [])
    rows: list[Row] = []
    lines: list[int] = []
    for line, record in records:
        raw = {mapping[i]: value for i, value in enumerate(record) if i in mapping}
        if all(_clean(value) is None for value in raw.values()):
            continue
        row: Row = {}
        for column in columns:
            value, problem = _read_cell(column, raw.get(column.key), lang)
            if column.key == "community" and column is columns[0] and value is None:
                value = default_community
            row[column.key] = value
            if problem is not None:
                where = translate(
                    "table.file.where", lang, line=line, column=column_label(column.key, lang)
                )
                problems.append(Problem(where, problem))
        rows.append(row)
        lines.append(line)
    if not rows and not problems:
        problems.append(Problem("", translate("table.file.no_rows", lang)))
    return ImportPreview(rows, problems, lines)


def _read_records(
    data: bytes, filename: str, lang: str
) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Return the headers and (line number, cells) of each following line."""
    if len(data) > MAX_TABLE_FILE_BYTES:
        raise _file_problem(
            translate("table.file.too_large", lang, size=len(data), limit=MAX_TABLE_FILE_BYTES)
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_excel(data, lang)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data, lang)
    raise _file_problem(translate("table.file.unsupported", lang, name=filename))


def _file_problem(message: str) -> PlanFileError:
    return PlanFileError([Problem("", message)])


def _read_csv(data: bytes, lang: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _file_problem(translate("table.file.not_utf8", lang, line=line)) from None
    if not text.strip():
        raise _file_problem(translate("table.file.empty", lang))
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
        records = []
        for cells in reader:
            records.append((reader.line_num, cells))
    except csv.Error as exc:
        raise _file_problem(
            translate("table.file.bad_csv", lang, line=reader.line_num, problem=str(exc))
        ) from None
    return headers, records


def _read_excel(data: bytes, lang: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    import pandas as pd  # imported here: reading Excel is rare, and pandas is slow to import

    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object)
    except Exception:  # openpyxl raises many kinds of error for a file that is not xlsx
        raise _file_problem(translate("table.file.bad_excel", lang)) from None
    if frame.empty:
        raise _file_problem(translate("table.file.empty", lang))
    values = frame.to_numpy().tolist()
    headers = ["" if _clean(cell) is None else str(cell) for cell in values[0]]
    return headers, [(index + 2, list(cells)) for index, cells in enumerate(values[1:])]


def _normalise_header(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


_HEADER_ALIASES = {
    "community": ("community_id",),
    "population": ("population_id",),
    "sponsor": ("sponsor_id",),
}


@cache
def _header_names(key: str) -> frozenset[str]:
    names = {key, *(_HEADER_ALIASES.get(key, ()))}
    names.update(column_label(key, lang) for lang in LANGUAGES)
    return frozenset(_normalise_header(name) for name in names)


def _map_headers(headers: Sequence[Any], columns: Sequence[Column]) -> dict[int, str]:
    """Map each header position to a column key; unknown headers are left out."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        normal = _normalise_header(str(header or ""))
        for column in columns:
            if (
                normal
                and normal in _header_names(column.key)
                and column.key not in mapping.values()
            ):
                mapping[index] = column.key
                break
    return mapping


def _read_cell(column: Column, raw: Any, lang: str) -> tuple[Any, str | None]:
    """Read one cell for ``column``: its value, and the problem when it cannot be read."""
    value = _clean(raw)
    if value is None:
        if column.required:
            return None, translate("error.missing", lang)
        return None, None
    reader = _CELL_READERS.get(column.kind)
    if reader is not None:
        try:
            value = reader(value, lang)
        except ValueError:
            return str(raw), translate(f"table.file.bad_{column.kind.value}", lang)
    if column.kind is ColumnKind.CHOICE:
        found = _read_choice(column, str(value))
        if found is None:
            choices = ", ".join(choice_label(column.key, c, lang) for c in column.choices)
            return value, translate("table.file.bad_choice", lang, choices=choices)
        value = found
    if column.model is not None and column.field is not None and column.kind not in _REFERENCES:
        try:
            value = _adapter(column.model, column.field).validate_python(value)
        except ValidationError as exc:
            return value, problems_from_validation_error(exc, lang)[0].message
        if isinstance(value, StrEnum):
            value = value.value
    return value, None


def _read_integer(value: Any, lang: str) -> int:
    number = _read_number(value, lang)
    if not float(number).is_integer():
        raise ValueError(value)
    return int(number)


def _read_number(value: Any, lang: str) -> float | int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return value
    text = re.sub(r"[\s\u00a0\u202f']", "", str(value))
    # "1,500.5" (English thousands) or "2,5" (French decimal comma)
    text = text.replace(",", "") if "," in text and "." in text else text.replace(",", ".")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return int(number) if re.fullmatch(r"[-+]?\d+", text) else number


_DATE_PATTERNS = {"fr": "%d/%m/%Y", "en": "%m/%d/%Y"}


def _read_date(value: Any, lang: str) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return datetime.strptime(text, _DATE_PATTERNS.get(lang, "%d/%m/%Y")).date()


def _read_text(value: Any, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps ids like 12 as 12.0
    return str(value)


_CELL_READERS: dict[ColumnKind, Callable[[Any, str], Any]] = {
    ColumnKind.INTEGER: _read_integer,
    ColumnKind.NUMBER: _read_number,
    ColumnKind.DATE: _read_date,
    ColumnKind.TEXT: _read_text,
    ColumnKind.ID: _read_text,
    ColumnKind.COMMUNITY: _read_text,
    ColumnKind.POPULATION: _read_text,
    ColumnKind.SPONSOR: _read_text,
}


def _read_choice(column: Column, text: str) -> str | None:
    folded = _normalise_header(text)
    for choice in column.choices:
        names = {choice, *(choice_label(column.key, choice, lang) for lang in LANGUAGES)}
        if folded in {_normalise_header(name) for name in names}:
            return choice
    return None


def _adapter(model: type[Any], field: str) -> TypeAdapter[Any]:
    return _adapter_by_name(model.__name__, field)


_MODELS: dict[str, type[Any]] = {
    model.__name__: model
    for model in (
        Ambassador,
        Community,
        CoreTeamMember,
        Objective,
        Population,
        Resistance,
        Ritual,
        Sponsor,
        SponsorAction,
    )
}


@cache
def _adapter_by_name(model_name: str, field: str) -> TypeAdapter[Any]:
    info: FieldInfo = _MODELS[model_name].model_fields[field]
    annotation: Any = info.rebuild_annotation()
    return TypeAdapter(annotation)


# The choice enums a page may need, by column key.
CHOICES: dict[str, type[StrEnum]] = {
    "role": CoreRole,
    "kind": SponsorActionKind,
    "cadence": Cadence,
}
