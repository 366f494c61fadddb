"""Editable grids of the plan's tables: where a grid edit is saved.

Owns the DataFrame and column configuration of each table for ``st.data_editor``, the reading
of the editor's edit state into rows (:func:`edited_rows`), and :func:`edit_table`, which draws
a grid as a part of the page: the grid's callback applies the edit through
``planner.tables.apply_rows`` and saves it with :func:`workbook.parts.save_part`; an edit the
planner refuses stays in the grid with its problems below it. A viewer's grid is locked
(:func:`workbook.readonly.read_only`). Imports ``planner``, ``workbook.parts``,
``workbook.persistence``, ``workbook.problems``, ``workbook.readonly``, ``workbook.results``
and ``workbook.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlanFileError
from planner.i18n import translate
from planner.models import Plan
from planner.tables import (
    Column,
    ColumnKind,
    Table,
    apply_rows,
    choice_label,
    column_label,
    table_columns,
    table_label,
    table_rows,
)
from workbook.parts import plan_part, save_part
from workbook.persistence import current_plan, set_plan
from workbook.problems import show_problems
from workbook.readonly import read_only
from workbook.results import cached_view
from workbook.text import has_text, lang, t

#: Resistance ratings: whole numbers from 0 to 3.
_FACTORS = frozenset(
    (
        "market_pressure",
        "workload",
        "diverging_priorities",
        "process_distrust",
        "tool_reluctance",
        "email_overlap",
    )
)
#: Text columns worth a wide cell.
_WIDE = frozenset(("totem_subject", "criteria", "description", "benefit", "indicator"))


def table_frame(rows: list[dict[str, Any]], table: Table) -> pd.DataFrame:
    """Rows as a DataFrame whose column types suit st.data_editor (None stays None)."""
    data: dict[str, Any] = {}
    for column in table_columns(table):
        values = [row.get(column.key) for row in rows]
        if column.kind is ColumnKind.INTEGER:
            data[column.key] = pd.array(values, dtype="Int64")
        elif column.kind is ColumnKind.NUMBER:
            data[column.key] = pd.array(values, dtype="Float64")
        else:
            data[column.key] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)


def item_names(items: Iterable[Any]) -> dict[str, str]:
    """Id → name of plan items (communities, sponsors…), the id standing in for a blank name."""
    return {item.id: item.name or item.id for item in items}


def _namer(names: Mapping[str, str]) -> Callable[[Any], str]:
    return lambda value: names.get(str(value), str(value))


def _choice_namer(column: str, language: str) -> Callable[[Any], str]:
    return lambda value: choice_label(column, str(value), language)


def _choices(plan: Plan) -> dict[ColumnKind, dict[str, str]]:
    """The plan's items a column may point to, by column kind: id → name."""
    populations: dict[str, str] = {}
    for community in plan.communities:
        for population in community.populations:
            populations.setdefault(population.id, population.name or population.id)
    return {
        ColumnKind.COMMUNITY: item_names(plan.communities),
        ColumnKind.POPULATION: populations,
        ColumnKind.SPONSOR: item_names(plan.sponsors),
    }


def _reference_column(column: Column, names: dict[str, str], label: str, help_text: Any) -> Any:
    """A select box of plan items (a community, a population, a sponsor)."""
    top_level = column.model is None
    required: bool | None = None  # a population may stay blank
    default = None
    if column.kind is ColumnKind.COMMUNITY:
        required = column.key == "community" and top_level
        default = next(iter(names)) if len(names) == 1 and top_level else None
    elif column.kind is ColumnKind.SPONSOR:
        required = True
    return st.column_config.SelectboxColumn(
        label,
        options=list(names),
        format_func=_namer(names),
        required=required,
        default=default,
        help=help_text,
    )


def _value_column(column: Column, language: str, label: str, help_text: Any) -> Any:
    """The editor of a column holding a value: a choice, a date, a number or a text."""
    cc = st.column_config
    if column.kind is ColumnKind.CHOICE:
        return cc.SelectboxColumn(
            label,
            options=list(column.choices),
            format_func=_choice_namer(column.key, language),
            help=help_text,
        )
    if column.kind is ColumnKind.DATE:
        date_format = "DD/MM/YYYY" if language == "fr" else "YYYY-MM-DD"
        return cc.DateColumn(label, format=date_format, help=help_text)
    if column.kind is ColumnKind.INTEGER:
        rating = column.key in _FACTORS
        return cc.NumberColumn(
            label,
            step=1,
            format="%d",
            min_value=0 if rating else None,
            max_value=3 if rating else None,
            help=help_text,
        )
    if column.kind is ColumnKind.NUMBER:
        return cc.NumberColumn(label, help=help_text)
    return cc.TextColumn(label, width="large" if column.key in _WIDE else None, help=help_text)


def column_config(table: Table, plan: Plan, language: str) -> dict[str, Any]:
    """Translated headers and the right editor for each column of ``table``."""
    choices = _choices(plan)
    config: dict[str, Any] = {}
    for column in table_columns(table):
        label = column_label(column.key, language)
        help_id = f"ui.help.{column.key}"
        help_text = translate(help_id, language) if has_text(help_id) else None
        if column.kind in choices:
            config[column.key] = _reference_column(column, choices[column.kind], label, help_text)
        else:
            config[column.key] = _value_column(column, language, label, help_text)
    return config


def _grid(kind: str, plan: Plan, language: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The DataFrame and column configuration of the table ``kind`` names (``grid:<table>``).

    Built once per plan version and language, and shared: ``st.data_editor`` copies the frame
    and deep-copies the configuration before it changes anything.
    """
    table: Table = kind.removeprefix("grid:")  # type: ignore[assignment]
    return table_frame(table_rows(plan, table), table), column_config(table, plan, language)


def _has_edits(state: Mapping[str, Any]) -> bool:
    return any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def edit_table(
    page: str,
    table: Table,
    *,
    height: int | None = None,
    before: Callable[[Plan], None] | None = None,
    after: Callable[[Plan], None] | None = None,
) -> None:
    """An editable grid of one table of the plan, in a part of the page that reruns alone.

    A valid edit is saved from the grid's callback, before anything is drawn again (see
    :func:`workbook.parts.plan_part`). ``before(plan)`` and ``after(plan)`` draw, inside the
    same part, what shows this table's content (its import box, its chart), so they follow
    every edit. Bad edits show their problems right below the grid and leave the plan as it was.
    """
    part = f"{page}_{table}_part"

    def draw(plan: Plan) -> None:
        if before is not None:
            before(plan)
        _table_editor(page, part, table, plan, height)
        if after is not None:
            after(plan)

    plan_part(part, draw)


def edited_rows(plan: Plan, table: Table, state: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``table`` once the grid's edit state is applied to the plan's rows.

    The state is what ``st.data_editor`` keeps under its key: ``edited_rows`` (cell changes by
    row position), ``added_rows`` (new rows, after the existing ones) and ``deleted_rows``
    (positions of existing rows). Cells hold JSON values; dates are ISO texts, which
    :func:`planner.tables.apply_rows` reads like any date cell.
    """
    rows: list[dict[str, Any]] = table_rows(plan, table)
    for position, changes in (state.get("edited_rows") or {}).items():
        index = int(position)
        if 0 <= index < len(rows):
            rows[index] = {**rows[index], **changes}
    rows += [dict(row) for row in state.get("added_rows") or ()]
    deleted = {int(position) for position in state.get("deleted_rows") or ()}
    return [row for index, row in enumerate(rows) if index not in deleted]


def _table_editor(page: str, part: str, table: Table, plan: Plan, height: int | None) -> None:
    key = f"{page}_{table}_editor"
    columns = table_columns(table)
    order = [c.key for c in columns if c.kind is not ColumnKind.ID] + [
        c.key for c in columns if c.kind is ColumnKind.ID
    ]
    frame, config = cached_view(f"grid:{table}", plan, _grid)
    locked = read_only()
    st.data_editor(
        frame,
        key=key,
        # A viewer's grid: no cell to edit, no row to add or delete.
        num_rows="fixed" if locked else "dynamic",
        disabled=locked,
        hide_index=True,
        column_order=order,
        column_config=config,
        height=height if height is not None else "auto",
        width="stretch",
        on_change=_save_table_edits,
        args=(part, table, key),
    )
    state = st.session_state.get(key)
    if not isinstance(state, Mapping) or not _has_edits(state):
        return
    # Edits still pending: the callback refused them (say why), or they were set without one.
    try:
        updated = apply_rows(plan, table, edited_rows(plan, table, state), lang=lang())
    except PlanFileError as exc:
        show_problems(exc.problems, intro=t("ui.table.rejected", table=table_label(table, lang())))
        return
    if updated != plan:
        del st.session_state[key]
        set_plan(updated)


def _save_table_edits(part: str, table: Table, key: str) -> None:
    """The grid's callback: save its edits when they make a valid plan, then forget them."""
    plan = current_plan()
    try:
        rows = edited_rows(plan, table, st.session_state[key])
        updated = apply_rows(plan, table, rows, lang=lang())
    except PlanFileError:
        return  # the part draws the grid with the edits and says what is wrong
    del st.session_state[key]
    save_part(part, updated)
