"""CSV exports: one file per table, and every table together in a ZIP.

Each file is UTF-8 with a byte-order mark (so spreadsheet software detects the encoding),
comma-separated as RFC 4180 says, with ISO 8601 dates and dot decimals: a file any tool reads the
same way whatever the reader's locale. Headers are in the export's language (see
``planner.export.tables``).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula. Every *text* cell that starts so is prefixed with an apostrophe (OWASP's advice);
numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from planner.export.tables import (
    AnyTableName,
    Cell,
    ExportTable,
    PlanResults,
    export_table,
    exported_tables,
)

__all__ = ["FORMULA_PREFIXES", "csv_bytes", "csv_file_name", "csv_zip_bytes", "neutralise"]

#: A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_BOM = "\ufeff"


def neutralise(text: str) -> str:
    """Return ``text`` made inert for a spreadsheet: an apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):  # never in a table today; keep it from printing as a number
        return str(value)
    if isinstance(value, int | float):
        return value
    return neutralise(value)


def table_csv_bytes(table: ExportTable) -> bytes:
    """Write one table as CSV bytes (UTF-8 with BOM, CRLF line ends as RFC 4180 says)."""
    buffer = io.StringIO()
    buffer.write(_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def csv_bytes(results: PlanResults, table: AnyTableName, lang: str) -> bytes:
    """Export one table of the plan as CSV bytes, in ``lang``.

    Raises:
        KeyError: ``table`` is in neither ``EXPORT_TABLES`` nor ``TRACKING_TABLES``.
    """
    return table_csv_bytes(export_table(results, table, lang))


def csv_file_name(table: AnyTableName, lang: str) -> str:
    """The file name of one table's CSV, in English ids so scripts find it: ``tasks.csv``."""
    return f"{table}.csv"


# A fixed time for the ZIP entries: the same plan gives the same archive, byte for byte.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def csv_zip_bytes(results: PlanResults, lang: str, *, stamp: datetime | None = None) -> bytes:
    """Export every table as CSV inside one ZIP archive (``tasks.csv``, ``indicators.csv``…).

    With actuals, ``tracking.csv`` and ``actuals.csv`` follow the plan's tables.
    """
    when = stamp.timetuple()[:6] if stamp is not None else _ZIP_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in exported_tables(results):
            info = zipfile.ZipInfo(csv_file_name(name, lang), date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, csv_bytes(results, name, lang))
    return buffer.getvalue()
