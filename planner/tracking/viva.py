"""Reading actuals files: bytes into cells, and the two Viva Engage formats into readings.

``planner.tracking.imports`` decides what the readings mean for a plan; this module only reads.

- ``read_table``: a CSV (UTF-8 with or without byte-order mark, separated by ``,``, ``;`` or a
  tab) or an Excel .xlsx workbook into its headers and numbered lines of cells.
- ``read_count`` and ``read_day``: one cell as a whole number or a day, in the conventions of
  the plan's language.
- ``read_groups_report``: the Microsoft 365 "Viva Engage groups activity" detail report
  (Graph ``getYammerGroupsActivityDetail``): one reading per group, dated by its refresh date.
- ``read_export``: the network data export ZIP (``Messages.csv``, with ``Groups.csv`` for the
  names): posts and distinct posters per group and 7-day week ending on a Sunday.

File-level faults raise ``PlanFileError`` with the file name as the problem's path; faults of
one line stay on the reading (``Reading.problems``) so the rest of the file is still shown.
The formats and the decisions are described in ``docs/actuals-formats.md``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from babel.dates import get_month_names

from planner.errors import PlanFileError, Problem
from planner.i18n import translate
from planner.tables import _clean, _read_excel

#: Largest file accepted, checked before anything is parsed: a year of weekly reports for a
#: few hundred groups, or a network export of a few months without attachments, fits well.
MAX_ACTUALS_FILE_BYTES = 20 * 1024 * 1024
#: Most bytes read out of a network export ZIP, whatever its entries declare.
MAX_EXPORT_UNPACKED_BYTES = 200 * 1024 * 1024
#: An entry that unpacks to more than this many times its packed size is taken for a zip bomb.
MAX_EXPORT_RATIO = 100

Table = tuple[list[str], list[tuple[int, list[Any]]]]  # headers, then (line, cells) per line

_TRUE = frozenset({"true", "yes", "1", "vrai", "oui"})


@dataclass(slots=True)
class Reading:
    """One dated reading of a group as a file spells it, before it is matched to a community."""

    source: str
    line: int
    group: str
    day: date | None
    figures: dict[str, int | None]
    columns: dict[str, str] = field(default_factory=dict)  # figure → the file's header
    problems: list[Problem] = field(default_factory=list)
    period_days: int | None = None  # days the activity counts cover, when the file says


class AmbiguousDay(ValueError):
    """A day like 03/04/2027 that reads as two different days in English."""

    def __init__(self, first: date, second: date) -> None:
        super().__init__(first, second)
        self.first = first
        self.second = second


def fail(source: str, message: str) -> PlanFileError:
    """The error of a whole file, its name as the path."""
    return PlanFileError([Problem(source, message)])


def group_key(text: str) -> str:
    """Fold a name for comparison: case, accents, punctuation and spaces do not count."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(part for part in re.split(r"[\W_]+", plain) if part)


def where(source: str, line: int, column: str | None, lang: str) -> str:
    """The path of a cell or a line: ``report.csv, line 12, Member Count``."""
    if column is None:
        return translate("actuals.where_line", lang, file=source, line=line)
    return translate("actuals.where", lang, file=source, line=line, column=column)


# --------------------------------------------------------------------------------------------
# Files into cells


def read_table(data: bytes, source: str, lang: str) -> Table:
    """Read a CSV or .xlsx file into its headers and its numbered lines of cells."""
    if source.lower().endswith(".xlsx"):
        try:
            headers, records = _read_excel(data, lang)
        except PlanFileError:
            raise fail(source, translate("actuals.file.bad_excel", lang)) from None
    else:
        headers, records = _read_csv(_decode(data, source, lang), source, lang)
    if len([h for h in headers if str(h).strip()]) < 2:
        shown = str(headers[0] if headers else "")[:80]
        raise fail(source, translate("actuals.file.one_column", lang, header=shown))
    return headers, records


def _decode(data: bytes, source: str, lang: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(source, translate("actuals.file.not_utf8", lang, line=line)) from None
    if not text.strip():
        raise fail(source, translate("actuals.file.empty", lang))
    return text


def _read_csv(text: str, source: str, lang: str) -> Table:
    first = text.splitlines()[0]
    # Excel writes ";" where the decimal separator is a comma, and tabs for "Unicode text".
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
        records = [(reader.line_num, cells) for cells in reader]
    except csv.Error as exc:
        message = translate("actuals.file.bad_csv", lang, line=reader.line_num, problem=str(exc))
        raise fail(source, message) from None
    return headers, records


def header_positions(headers: Sequence[Any], names: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Find each wanted column: its key → position of the first header among its names."""
    folded = [group_key(str(header or "")) for header in headers]
    found: dict[str, int] = {}
    for key, aliases in names.items():
        wanted = {group_key(alias) for alias in aliases}
        position = next((i for i, name in enumerate(folded) if name in wanted), None)
        if position is not None:
            found[key] = position
    return found


def cell(cells: Sequence[Any], position: int | None) -> Any:
    """The cleaned value of a cell (None when empty or missing)."""
    if position is None or position >= len(cells):
        return None
    return _clean(cells[position])


# --------------------------------------------------------------------------------------------
# Cells into values


def read_count(raw: Any, file_lang: str) -> int | None:
    """Read a count: ``1 250`` (spaces, no-break or thin spaces), ``1,250`` in English, ``12``.

    Raises:
        ValueError: not a whole number.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(raw)
    text = re.sub(r"[\s\u00a0\u202f\u2009']", "", str(raw))
    if file_lang == "en" and re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[-+]?\d+", text):
        raise ValueError(raw)
    return int(text)


def read_day(raw: Any, file_lang: str) -> date:
    """Read a day: ISO always; ``15/03/2027`` in French; month names in either language.

    In English a day with slashes is read only when it is unambiguous (``03/15/2027`` or
    ``15/03/2027``); ``03/04/2027`` raises ``AmbiguousDay``.

    Raises:
        ValueError: not a day (``AmbiguousDay`` when it could be two).
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?", text):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        first, second, year = (int(part) for part in match.groups())
        return _day_month(first, second, year, file_lang)
    return _named_month(text)


def _day_month(first: int, second: int, year: int, file_lang: str) -> date:
    if file_lang == "fr" or first > 12 or first == second:
        return date(year, second, first)
    if second > 12:
        return date(year, first, second)
    raise AmbiguousDay(date(year, first, second), date(year, second, first))


def _named_month(text: str) -> date:
    words = group_key(text).split()
    numbers = [int(word) for word in words if word.isdigit()]
    months = [_month_names().get(word) for word in words if not word.isdigit()]
    known = [month for month in months if month is not None]
    if len(numbers) != 2 or len(known) != 1 or len(months) > 2:  # "Mon 15 March 2027" is fine
        raise ValueError(text)
    day, year = sorted(numbers)
    return date(year, known[0], day)


@cache
def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("en", "fr"):
        for width in ("wide", "abbreviated"):
            for month, name in get_month_names(width, locale=locale).items():
                names[group_key(name)] = month
    return names


def is_true(raw: Any) -> bool:
    """True for a cell saying yes: ``True``, ``yes``, ``1``, ``vrai``, ``oui``."""
    if isinstance(raw, bool):
        return raw
    return raw is not None and group_key(str(raw)) in _TRUE


# --------------------------------------------------------------------------------------------
# Viva Engage groups activity report

#: The report's columns as Microsoft documents them (Graph getYammerGroupsActivityDetail).
GROUPS_COLUMNS: dict[str, tuple[str, ...]] = {
    "refresh": ("Report Refresh Date",),
    "group": ("Group Display Name",),
    "deleted": ("Is Deleted",),
    "members": ("Member Count",),
    "posts": ("Posted Count",),
    "reactions": ("Liked Count",),
    "period": ("Report Period",),
}
GROUPS_REQUIRED = ("refresh", "group", "members")


def read_groups_report(
    table: Table, source: str, lang: str, file_lang: str
) -> tuple[list[Reading], list[Problem]]:
    """Read one groups activity report: a reading per live group, and notes on deleted ones."""
    headers, records = table
    positions = header_positions(headers, GROUPS_COLUMNS)
    readings: list[Reading] = []
    notes: list[Problem] = []
    for line, cells in records:
        values = {key: cell(cells, positions.get(key)) for key in GROUPS_COLUMNS}
        if all(value is None for value in values.values()):
            continue
        group = "" if values["group"] is None else str(values["group"]).strip()
        if is_true(values["deleted"]):
            notes.append(
                Problem(
                    where(source, line, None, lang),
                    translate("actuals.note.deleted_group", lang, group=group),
                )
            )
            continue
        reading = Reading(source, line, group, None, {})
        reading.columns = {key: str(headers[i]) for key, i in positions.items()}
        reading.day = day_cell(reading, "refresh", values["refresh"], lang, file_lang)
        for key in ("members", "posts", "reactions"):
            reading.figures[key] = count_cell(reading, key, values[key], lang, file_lang)
        if reading.figures["members"] is None and "members" in positions:
            reading.problems.append(cell_problem(reading, "members", "actuals.cell.missing", lang))
        reading.period_days = _period(values["period"])
        readings.append(reading)
    return readings, notes


def _period(raw: Any) -> int | None:
    match = re.fullmatch(r"[dD]?\s*(\d+)", str(raw).strip()) if raw is not None else None
    return int(match.group(1)) if match else None


def cell_problem(reading: Reading, key: str, message_id: str, lang: str, **params: Any) -> Problem:
    column = reading.columns.get(key, key)
    return Problem(
        where(reading.source, reading.line, column, lang), translate(message_id, lang, **params)
    )


def day_cell(reading: Reading, key: str, raw: Any, lang: str, file_lang: str) -> date | None:
    """Read a day cell of ``reading``, adding its problem to the reading when it is bad."""
    if raw is None:
        reading.problems.append(cell_problem(reading, key, "actuals.cell.missing", lang))
        return None
    try:
        return read_day(raw, file_lang)
    except AmbiguousDay as exc:
        reading.problems.append(
            cell_problem(
                reading, key, "actuals.cell.ambiguous_date", lang,
                value=str(raw), first=exc.first, second=exc.second,
            )
        )  # fmt: skip
    except ValueError:
        reading.problems.append(cell_problem(reading, key, "actuals.cell.bad_date", lang))
    return None


def count_cell(reading: Reading, key: str, raw: Any, lang: str, file_lang: str) -> int | None:
    """Read a count cell of ``reading``, adding its problem to the reading when it is bad."""
    try:
        return read_count(raw, file_lang)
    except ValueError:
        reading.problems.append(cell_problem(reading, key, "actuals.cell.bad_count", lang))
        return None


# --------------------------------------------------------------------------------------------
# Network data export

MESSAGES_COLUMNS: dict[str, tuple[str, ...]] = {
    "group_id": ("group_id",),
    "group_name": ("group_name",),
    "sender_id": ("sender_id",),
    "created_at": ("created_at",),
    "deleted_at": ("deleted_at",),
}
MESSAGES_REQUIRED = ("group_id", "sender_id", "created_at")
_GROUPS_FILE_COLUMNS = {"id": ("id",), "name": ("name",)}


def read_export(
    data: bytes, source: str, lang: str, window: tuple[date | None, date | None]
) -> tuple[list[Reading], list[Problem], list[Problem]]:
    """Read a network data export ZIP: weekly readings, line problems and notes."""
    entries = _export_entries(data, source, lang)
    messages = [name for name in entries if PurePosixPath(name).name.lower() == "messages.csv"]
    if not messages:
        raise fail(source, translate("actuals.zip.no_messages", lang))
    names: dict[str, str] = {}
    for name in entries:
        if PurePosixPath(name).name.lower() == "groups.csv":
            names.update(_group_names(read_table(entries[name], f"{source}/{name}", lang)))
    tables = [
        (f"{source}/{name}", read_table(entries[name], f"{source}/{name}", lang))
        for name in messages
    ]
    return read_messages(tables, source, names, lang, window)


def _export_entries(data: bytes, source: str, lang: str) -> dict[str, bytes]:
    """The CSV entries of the archive we read, each checked against zip bombs and odd paths."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise fail(source, translate("actuals.zip.bad", lang)) from None
    wanted = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"[A-Za-z]:", info.filename):
            raise fail(source, translate("actuals.zip.unsafe_path", lang, name=info.filename))
        if path.name.lower() in ("messages.csv", "groups.csv"):
            wanted.append(info)
    declared = sum(info.file_size for info in wanted)
    ratio = max((i.file_size / max(i.compress_size, 1) for i in wanted), default=0.0)
    if declared > MAX_EXPORT_UNPACKED_BYTES or (ratio > MAX_EXPORT_RATIO and declared > 1 << 20):
        raise fail(
            source, translate("actuals.zip.too_large", lang, limit=MAX_EXPORT_UNPACKED_BYTES)
        )
    entries: dict[str, bytes] = {}
    budget = MAX_EXPORT_UNPACKED_BYTES
    for info in wanted:
        if info.flag_bits & 0x1:
            raise fail(source, translate("actuals.zip.encrypted", lang))
        try:
            with archive.open(info) as handle:
                content = handle.read(budget + 1)  # the declared size may lie: never trust it
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError):
            raise fail(source, translate("actuals.zip.bad", lang)) from None
        budget -= len(content)
        if budget < 0:
            raise fail(
                source, translate("actuals.zip.too_large", lang, limit=MAX_EXPORT_UNPACKED_BYTES)
            )
        entries[info.filename] = content
    return entries


def _group_names(table: Table) -> dict[str, str]:
    headers, records = table
    positions = header_positions(headers, _GROUPS_FILE_COLUMNS)
    names: dict[str, str] = {}
    for _, cells in records:
        group_id, name = cell(cells, positions.get("id")), cell(cells, positions.get("name"))
        if group_id is not None and name is not None:
            names[str(group_id)] = str(name)
    return names


def week_end(day: date) -> date:
    """The Sunday that ends the Monday-to-Sunday week of ``day``."""
    return day + timedelta(days=6 - day.weekday())


@dataclass(slots=True)
class _Counts:
    """What the messages say: posts and posters per group and week, and what was left out."""

    posts: dict[tuple[str, date], int] = field(default_factory=lambda: defaultdict(int))
    posters: dict[tuple[str, date], set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, str] = field(default_factory=dict)
    deleted: int = 0
    private: int = 0
    problems: list[Problem] = field(default_factory=list)


def read_messages(
    tables: Sequence[tuple[str, Table]],
    source: str,
    names: Mapping[str, str],
    lang: str,
    window: tuple[date | None, date | None],
) -> tuple[list[Reading], list[Problem], list[Problem]]:
    """Count the messages of ``Messages.csv`` tables per group and week."""
    counts = _Counts(names=dict(names))
    for name, (headers, records) in tables:
        positions = header_positions(headers, MESSAGES_COLUMNS)
        missing = [key for key in MESSAGES_REQUIRED if key not in positions]
        if missing:
            expected = translate("actuals.expected.viva-export", lang)
            raise fail(
                name,
                translate(
                    "actuals.file.wrong_report", lang, found=_shown(headers), expected=expected
                ),
            )
        created = str(headers[positions["created_at"]])
        for line, cells in records:
            _count_message(counts, (name, line, created), cells, positions, lang)
    return _weekly_readings(counts, source, lang, window)


def _shown(headers: Sequence[Any]) -> str:
    text = ", ".join(str(header) for header in headers if str(header).strip())
    return text if len(text) <= 120 else text[:119] + "…"


def _count_message(
    counts: _Counts,
    at: tuple[str, int, str],
    cells: list[Any],
    positions: dict[str, int],
    lang: str,
) -> None:
    """Count one line of Messages.csv; ``at`` is its file, line and created_at header."""
    values = {key: cell(cells, positions.get(key)) for key in MESSAGES_COLUMNS}
    if all(value is None for value in values.values()):
        return
    if values["deleted_at"] is not None:
        counts.deleted += 1
        return
    if values["group_id"] is None:  # a private message, in no group
        counts.private += 1
        return
    group_id = text_of(values["group_id"])
    try:
        day = read_day(str(values["created_at"])[:10], "en")
    except ValueError:
        message = translate("actuals.cell.bad_date", lang)
        counts.problems.append(Problem(where(*at, lang), message))
        return
    if values["group_name"] is not None:
        counts.names.setdefault(group_id, str(values["group_name"]))
    week = week_end(day)
    counts.posts[group_id, week] += 1
    if values["sender_id"] is not None:
        counts.posters[group_id, week].add(text_of(values["sender_id"]))


def text_of(value: Any) -> str:
    """A cell as text; Excel's 12.0 for an id typed 12 becomes ``12``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _weekly_readings(
    counts: _Counts, source: str, lang: str, window: tuple[date | None, date | None]
) -> tuple[list[Reading], list[Problem], list[Problem]]:
    notes: list[Problem] = []
    if counts.deleted:
        notes.append(
            Problem(source, translate("actuals.note.deleted_messages", lang, count=counts.deleted))
        )
    if counts.private:
        notes.append(
            Problem(source, translate("actuals.note.private_messages", lang, count=counts.private))
        )
    if not counts.posts:
        return [], counts.problems, notes
    last = max(week for _, week in counts.posts)
    first_week: dict[str, date] = {}
    for group_id, week in sorted(counts.posts, key=lambda key: key[1]):
        first_week.setdefault(group_id, week)
    readings: list[Reading] = []
    left_out = 0
    start, end = window
    for group_id, week in sorted(first_week.items(), key=lambda item: item[1]):
        group = counts.names.get(group_id, group_id)
        while week <= last:
            if (start and week < start) or (end and week > end):
                left_out += 1
            else:
                figures: dict[str, int | None] = {
                    "posts": counts.posts.get((group_id, week), 0),
                    "posters": len(counts.posters.get((group_id, week), ())),
                }
                readings.append(Reading(source, 0, group, week, figures))
            week += timedelta(days=7)
    if left_out:
        notes.append(Problem(source, translate("actuals.note.outside_plan", lang, count=left_out)))
    return readings, counts.problems, notes
