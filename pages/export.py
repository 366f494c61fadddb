"""Step 9 — export: the PDF report, CSV and Excel tables, the calendar, and the plan as JSON."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from planner.export import (
    EXPORT_TABLES,
    MEDIA_TYPES,
    ExportFormat,
    TableName,
    charts_unavailable_reason,
    export_bytes,
    export_file_name,
    plan_results,
    report_outline,
)
from planner.i18n import LANGUAGES
from planner.models import Plan
from planner.planfile import dump_plan
from planner.tables import slugify
from workbook.frame import page_header
from workbook.persistence import current_plan, open_plan
from workbook.problems import checked_plan_file
from workbook.results import plan_key
from workbook.session import lang_key
from workbook.text import labels, t

PAGE = "export"
plan = current_plan()
page_header(PAGE)


@st.cache_data(show_spinner=False, max_entries=32)
def _export(fmt: str, key: str, language: str, table: str, _plan: Plan) -> bytes:
    """One export of a plan version in a language, made once (the plan's digest is the key)."""
    return export_bytes(plan_results(_plan), fmt, language, table=table)  # type: ignore[arg-type]


def _lazy(fmt: ExportFormat, language: str, table: TableName = "tasks") -> Callable[[], bytes]:
    """The bytes of an export, made only when the user clicks its download button."""
    key = plan_key(plan)
    return lambda: _export(fmt, key, language, table, plan)


def _download(label: str, fmt: ExportFormat, language: str, *, key: str, **extra: object) -> None:
    table: TableName = extra.pop("table", "tasks")  # type: ignore[assignment]
    st.download_button(
        label,
        data=_lazy(fmt, language, table),
        file_name=export_file_name(plan.name, fmt, language, table=table),
        mime=MEDIA_TYPES[fmt],
        key=f"{PAGE}_{key}",
        icon=":material/download:",
        on_click="ignore",
        **extra,  # type: ignore[arg-type]
    )


st.subheader(t("export.page.heading"))
st.markdown(t("export.page.intro"))
language = (
    st.segmented_control(
        t("export.page.lang"),
        list(LANGUAGES),
        default=plan.language.value,
        format_func=labels("export.page.lang."),
        key=lang_key(f"{PAGE}_lang"),
    )
    or plan.language.value
)

with st.container(border=True):
    st.subheader(t("export.page.pdf"))
    st.markdown(t("export.page.pdf_help"))
    outline = report_outline(language, charts_missing=charts_unavailable_reason())
    st.markdown(t("export.page.pdf_sections"))
    st.markdown("\n".join(f"1. {section}" for section in outline.sections))
    if outline.charts_missing:
        st.warning(
            t("export.page.charts_missing") + "\n\n" + outline.charts_missing,
            icon=":material/warning:",
        )
    _download(t("export.page.pdf_button"), "pdf", language, key="pdf", type="primary")

with st.container(border=True):
    st.subheader(t("export.page.tables"))
    st.markdown(t("export.page.tables_help"))
    table = st.selectbox(
        t("export.page.table"),
        list(EXPORT_TABLES),
        format_func=labels("export.table."),
        key=lang_key(f"{PAGE}_table"),
    )
    left, middle, right = st.columns(3)
    with left:
        _download(t("export.page.csv_button"), "csv", language, key="csv", table=table)
    with middle:
        _download(t("export.page.zip_button"), "zip", language, key="zip")
    with right:
        _download(t("export.page.xlsx_button"), "xlsx", language, key="xlsx")

with st.container(border=True):
    st.subheader(t("export.page.calendar"))
    st.markdown(t("export.page.calendar_help"))
    _download(t("export.page.ics_button"), "ics", language, key="ics")

left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader(t("ui.export.download"))
    st.markdown(t("ui.export.download_help"))
    st.download_button(
        t("ui.export.download_button"),
        # Made on click: a 200-community plan is ~1 MB of JSON, dumped and kept per visit before.
        data=lambda: dump_plan(plan).encode("utf-8"),
        file_name=f"{slugify(plan.name, fallback='plan')}.json",
        mime="application/json",
        key=f"{PAGE}_download",
        icon=":material/download:",
        type="primary",
        on_click="ignore",
    )

with right, st.container(border=True):
    st.subheader(t("ui.export.upload"))
    st.markdown(t("ui.export.upload_help"))
    upload = st.file_uploader(
        t("ui.export.file"), type=["json"], key=f"{PAGE}_file", max_upload_size=5
    )
    candidate = None if upload is None else checked_plan_file(upload, texts="ui.export")
    if candidate is not None and st.button(
        t("ui.export.open"),
        key=f"{PAGE}_open",
        type="primary",
        icon=":material/folder_open:",
    ):
        open_plan(candidate)
        st.rerun()
