"""Exports a sponsor can use: a PDF report, CSV files (one per table, or all in a ZIP), an Excel
workbook and an iCalendar file, in English or French.

Each export is a pure function of a plan (and a language) returning bytes; the workbook's export
page and ``python -m planner export`` call the same functions, so they give the same files. Only
the PDF's charts need more than Python: a Chromium that Kaleido drives (``charts``); without it
the report is still made, and says why its charts are absent.

Example::

    >>> results = plan_results(plan)
    >>> pdf = export_bytes(results, "pdf", "fr")
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from planner.export.charts import ChartsUnavailable, charts_unavailable_reason
from planner.export.csv import csv_bytes, csv_zip_bytes, neutralise
from planner.export.excel import xlsx_bytes
from planner.export.ical import ics_bytes
from planner.export.pdf import ReportOutline, pdf_bytes, report_outline
from planner.export.tables import (
    EXPORT_TABLES,
    TRACKING_TABLES,
    AnyTableName,
    ExportTable,
    PlanResults,
    TableName,
    export_table,
    export_tables,
    exported_tables,
    plan_results,
)
from planner.tables import slugify

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_TABLES",
    "MEDIA_TYPES",
    "TRACKING_TABLES",
    "AnyTableName",
    "ChartsUnavailable",
    "ExportFormat",
    "ExportTable",
    "PlanResults",
    "ReportOutline",
    "TableName",
    "charts_unavailable_reason",
    "csv_bytes",
    "csv_zip_bytes",
    "export_bytes",
    "export_file_name",
    "export_table",
    "export_tables",
    "exported_tables",
    "ics_bytes",
    "neutralise",
    "pdf_bytes",
    "plan_results",
    "report_outline",
    "xlsx_bytes",
]

ExportFormat = Literal["pdf", "csv", "zip", "xlsx", "ics"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("pdf", "csv", "zip", "xlsx", "ics")

#: The media type of each format, for a download.
MEDIA_TYPES: dict[ExportFormat, str] = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar",
}


def export_bytes(
    results: PlanResults,
    fmt: ExportFormat,
    lang: str,
    *,
    table: AnyTableName = "tasks",
    stamp: datetime | None = None,
) -> bytes:
    """Make one export of a plan.

    Args:
        results: the plan and what the planner computed from it (``plan_results(plan)``).
        fmt: ``pdf``, ``csv`` (one table), ``zip`` (every table as CSV), ``xlsx`` or ``ics``;
            with actuals, the zip and the workbook add the tracking tables and the report its
            tracking section.
        lang: language of the texts, ``"en"`` or ``"fr"``.
        table: the table of a ``csv`` export.
        stamp: when the export is made (PDF date, calendar DTSTAMP, ZIP entry times); now by
            default. Fixing it makes the output reproducible byte for byte.

    Raises:
        KeyError: an unknown ``fmt`` or ``table``.
    """
    if fmt == "pdf":
        return pdf_bytes(results, lang, stamp=stamp)
    if fmt == "csv":
        return csv_bytes(results, table, lang)
    if fmt == "zip":
        return csv_zip_bytes(results, lang, stamp=stamp)
    if fmt == "xlsx":
        return xlsx_bytes(results, lang)
    if fmt == "ics":
        return ics_bytes(results, lang, stamp=stamp)
    raise KeyError(fmt)


def export_file_name(
    plan_name: str, fmt: ExportFormat, lang: str, *, table: TableName = "tasks"
) -> str:
    """The file name a download proposes: ``<plan-slug>[-<table>]-<lang>.<ext>``."""
    base = slugify(plan_name, fallback="plan")
    if fmt == "csv":
        return f"{base}-{table}-{lang}.csv"
    return f"{base}-{lang}.{fmt}"
