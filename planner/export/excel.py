"""Excel export: one sheet per table, with real dates and numbers, frozen formatted headers.

Text cells get the same protection as in CSV (``planner.export.csv.neutralise``); openpyxl
would otherwise store a text starting with ``=`` as a live formula.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from planner.export.csv import neutralise
from planner.export.tables import Cell, ExportTable, PlanResults, export_tables

__all__ = ["xlsx_bytes"]

_HEADER_FILL = PatternFill("solid", start_color="1F2933", end_color="1F2933")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_WIDTH = 60
_MIN_WIDTH = 8
# A fixed creation time: the same plan gives the same workbook content.
_EPOCH = datetime(2000, 1, 1)


def _cell(value: Cell) -> object:
    if isinstance(value, str):
        return neutralise(value)
    return value


def _sheet_title(title: str, taken: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "sheet"
    candidate, number = cleaned, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _width(values: list[Cell], header: str) -> float:
    longest = len(header)
    for value in values[:500]:  # enough rows to judge; a huge table stays fast
        if isinstance(value, date):
            longest = max(longest, 10)
        elif value is not None:
            longest = max(longest, max(len(line) for line in str(value).split("\n")))
    return float(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH))


def _write_sheet(workbook: Workbook, table: ExportTable, taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(table.title, taken))
    sheet.append([neutralise(header) for header in table.headers])
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    for cell in sheet[1]:
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = _WRAP
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"
    for index, header in enumerate(table.headers):
        values = [row[index] for row in table.rows]
        letter = get_column_letter(index + 1)
        width = _width(values, header)
        sheet.column_dimensions[letter].width = width
        wraps = width >= _MAX_WIDTH or any(isinstance(v, str) and "\n" in v for v in values)
        is_date = any(isinstance(v, date) for v in values)
        is_number = all(isinstance(v, int | float) or v is None for v in values)
        number_format = None
        if is_date:
            number_format = "yyyy-mm-dd"
        elif is_number and any(isinstance(v, float) for v in values):
            number_format = "0.0"
        if number_format is None and not wraps:
            continue  # nothing to style: skip the per-cell loop (a forecast has 10 000s of rows)
        for (target,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            if number_format is not None:
                target.number_format = number_format
            if wraps:
                target.alignment = _WRAP


def xlsx_bytes(results: PlanResults, lang: str) -> bytes:
    """Export every table of the plan as an Excel workbook (.xlsx), one sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Totem"
    workbook.properties.title = results.plan.name
    workbook.properties.created = _EPOCH
    workbook.properties.modified = _EPOCH
    taken: set[str] = set()
    for table in export_tables(results, lang):
        _write_sheet(workbook, table, taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
