"""Importing rows of a table from a CSV or Excel file: preview, problems, then apply.

Owns the import box under the populations and ambassadors grids: a template to download, the
upload, a preview of the rows read with one message per bad line (from
``planner.tables.inspect_table_file``), and the apply button (add or replace), which saves
through :func:`workbook.persistence.set_plan`; for a viewer, all but the template is disabled
(:func:`workbook.readonly.read_only`). Imports ``planner``, ``workbook.grids``,
``workbook.persistence``, ``workbook.problems``, ``workbook.readonly``, ``workbook.session``
and ``workbook.text``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner import PlanFileError
from planner.models import Plan
from planner.tables import (
    ColumnKind,
    ImportPreview,
    Table,
    apply_rows,
    column_label,
    inspect_table_file,
    table_columns,
    table_label,
    table_rows,
)
from workbook.grids import item_names
from workbook.persistence import set_plan
from workbook.problems import show_problems
from workbook.readonly import read_only
from workbook.session import lang_key
from workbook.text import labels, lang, t


def import_box(page: str, table: Table, plan: Plan) -> None:
    """Import rows of ``table`` from CSV or Excel: preview rows and problems, then apply."""
    language = lang()
    with st.expander(
        t("ui.import.title", table=table_label(table, language)), icon=":material/upload_file:"
    ):
        upload, default_community, mode = _import_inputs(page, table, plan)
        if upload is None:
            return
        preview = inspect_table_file(
            upload.getvalue(),
            upload.name,
            table,
            lang=language,
            default_community=default_community,
        )
        _show_preview(table, preview)
        if preview.problems:
            show_problems(
                preview.problems, intro=t("ui.import.problems", count=len(preview.problems))
            )
            return
        if st.button(
            t("ui.import.apply", count=len(preview.rows)),
            key=f"{page}_{table}_apply",
            type="primary",
            disabled=read_only(),
        ):
            _apply(page, table, plan, preview.rows, replace=mode == "replace")


def _import_inputs(page: str, table: Table, plan: Plan) -> tuple[Any, str | None, str]:
    """The box's inputs: the file (or None), the community rows default to, add or replace."""
    language = lang()
    locked = read_only()  # a viewer may download the template, not import into the plan
    st.markdown(t("ui.import.intro"))
    headers = [column_label(c.key, language) for c in table_columns(table)]
    st.download_button(
        t("ui.import.template"),
        data=("\ufeff" + ";".join(headers) + "\n").encode("utf-8"),
        file_name=f"{table_label(table, language).replace(' ', '-')}.csv",
        mime="text/csv",
        key=f"{page}_{table}_template",
        icon=":material/download:",
    )
    upload = st.file_uploader(
        t("ui.import.file"),
        type=["csv", "xlsx", "txt"],
        key=f"{page}_{table}_file",
        max_upload_size=10,
        disabled=locked,
    )
    default_community = None
    if table_columns(table)[0].kind is ColumnKind.COMMUNITY and plan.communities:
        names = item_names(plan.communities)
        default_community = st.selectbox(
            t("ui.import.default_community"),
            list(names),
            format_func=lambda v: names[v],
            key=f"{page}_{table}_default_community",
            disabled=locked,
        )
    mode = st.radio(
        t("ui.import.mode"),
        ["add", "replace"],
        format_func=labels("ui.import.mode."),
        horizontal=True,
        key=lang_key(f"{page}_{table}_mode"),
        disabled=locked,
    )
    return upload, default_community, str(mode)


def _show_preview(table: Table, preview: ImportPreview) -> None:
    """The rows read from the file, with their line numbers in the file."""
    if not preview.rows:
        return
    language = lang()
    st.markdown(t("ui.import.preview", count=len(preview.rows)))
    frame = pd.DataFrame(preview.rows).rename(
        columns={c.key: column_label(c.key, language) for c in table_columns(table)}
    )
    frame.insert(0, t("ui.import.line"), preview.lines)
    st.dataframe(frame.astype(str).replace({"None": ""}), hide_index=True, width="stretch")


def _apply(
    page: str, table: Table, plan: Plan, imported: list[dict[str, Any]], *, replace: bool
) -> None:
    """Add the imported rows to the table (or replace it with them) and save the plan."""
    rows = imported if replace else table_rows(plan, table) + imported
    try:
        updated = apply_rows(plan, table, rows, lang=lang())
    except PlanFileError as exc:
        show_problems(exc.problems, intro=t("ui.import.rejected"))
        return
    del st.session_state[f"{page}_{table}_file"]
    set_plan(updated)
