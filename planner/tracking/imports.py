"""Actuals from files: read a weekly table or Viva Engage reports, preview, then apply to a plan.

``read_actuals(files, plan)`` reads one kind of file (several at once) and returns an
``ActualsImport``: every snapshot read with the line it came from, the community each group
matched, and one ``Problem`` per bad line or bad file. Nothing changes until
``apply_actuals(plan, found)`` merges the snapshots into a new plan, which it refuses with a
``PlanFileError`` when anything is wrong. The file formats are in ``planner.tracking.viva`` and
``docs/actuals-formats.md``.

Rules decided here:

- A group matches a community by the mapping the user gave (a group mapped to ``""`` is left
  out: another group of the network), then by the community's id, its ``network_group`` and its
  name, compared without case, accents, punctuation or spaces. An unknown group is listed in
  ``ActualsImport.groups`` (as ``None``), not as a problem, so the page can ask once.
- Snapshots are accepted from the plan's ``start_date`` to ``PLAN_TAIL_DAYS`` days after its
  ``end_date``: a community manager keeps tracking a little past the launch period.
- The groups report's posts and reactions cover its report period; they are kept when that
  period is the gap to the community's previous snapshot (or there is none), left out otherwise.
- Applying a Viva Engage file records the group's name in the community's ``network_group``
  when it differs from the community's name, so the next import matches by itself.

Example::

    >>> found = read_actuals([("weekly.csv", data)], plan, lang="en")
    >>> found.ok, found.unknown_groups
    (True, [])
    >>> plan = apply_actuals(plan, found)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from planner.errors import PlanFileError, Problem
from planner.i18n import translate
from planner.models import Community, Plan, Snapshot
from planner.planfile import problems_from_validation_error
from planner.tracking import viva
from planner.tracking.viva import MAX_ACTUALS_FILE_BYTES, Reading, Table

__all__ = [
    "ACTUALS_FORMATS",
    "MAX_ACTUALS_FILE_BYTES",
    "PLAN_TAIL_DAYS",
    "ActualsImport",
    "ActualsRow",
    "apply_actuals",
    "read_actuals",
]

ACTUALS_FORMATS = ("auto", "weekly", "viva-groups", "viva-export")
#: Days after the plan's end date that snapshots are still accepted.
PLAN_TAIL_DAYS = 90
FIGURES = ("members", "posts", "posters", "readers", "reactions")

#: Headers of the weekly table, in English and French (compared folded, see ``group_key``).
WEEKLY_COLUMNS: dict[str, tuple[str, ...]] = {
    "community": ("community", "community_id", "community name", "communauté", "communaute_id",
                  "id communauté", "nom de la communauté", "group", "groupe"),
    "date": ("date", "day", "week", "week ending", "jour", "semaine", "date de relevé"),
    "members": ("members", "member count", "membres", "nombre de membres"),
    "posts": ("posts", "messages", "publications"),
    "posters": ("posters", "contributors", "authors", "contributeurs", "auteurs"),
    "readers": ("readers", "lecteurs"),
    "reactions": ("reactions", "likes", "réactions", "j’aime", "j'aime"),
}  # fmt: skip
_WEEKLY_REQUIRED = ("community", "date", "members")
_VIVA_FORMATS = ("viva-groups", "viva-export")


@dataclass(frozen=True, slots=True)
class ActualsRow:
    """One snapshot read, for the preview."""

    source: str  # file name
    line: int  # file line or sheet row; 0 for weekly aggregates of the export
    group: str  # community id/name or group name as the file spells it
    community_id: str | None  # the matched community, None when unknown (or left out)
    snapshot: Snapshot | None  # None when the row is bad


@dataclass(frozen=True, slots=True)
class ActualsImport:
    """What ``read_actuals`` found: rows, problems, and the community each group matched.

    ``groups`` maps every group or community the files name to its community id, ``None`` when
    unknown, ``""`` when the mapping leaves it out. ``notes`` say what was skipped on purpose
    (deleted groups, deleted messages…); they are not problems.
    """

    format: str
    rows: tuple[ActualsRow, ...]
    problems: tuple[Problem, ...]
    groups: dict[str, str | None]
    notes: tuple[Problem, ...] = ()

    @property
    def snapshots(self) -> dict[str, list[Snapshot]]:
        """Community id → the good snapshots of its matched groups, in date order."""
        found: dict[str, list[Snapshot]] = {}
        for row in self.rows:
            if row.community_id and row.snapshot is not None:
                found.setdefault(row.community_id, []).append(row.snapshot)
        return {key: sorted(value, key=lambda s: s.date) for key, value in found.items()}

    @property
    def unknown_groups(self) -> list[str]:
        """Groups that match no community and that the mapping does not place."""
        return [group for group, community in self.groups.items() if community is None]

    @property
    def ok(self) -> bool:
        """True when there is no problem and no unknown group: ready to apply."""
        return not self.problems and not self.unknown_groups


# --------------------------------------------------------------------------------------------
# Reading


def read_actuals(
    files: Sequence[tuple[str, bytes]],
    plan: Plan,
    *,
    fmt: str = "auto",
    mapping: Mapping[str, str] | None = None,
    lang: str = "en",
) -> ActualsImport:
    """Read actuals files for ``plan`` and return every snapshot with its problems.

    Args:
        files: (file name, bytes) of each file; all of one format.
        plan: the plan the actuals are for: its communities, dates, language and snapshots.
        fmt: one of ``ACTUALS_FORMATS``; ``"auto"`` tells the format from the headers or ZIP.
        mapping: group name as in the file → community id (``""`` leaves the group out).
        lang: language of the messages, ``"en"`` or ``"fr"``. Dates and numbers in the files
            are read in the plan's language (``15/03/2027`` in French).

    Returns:
        An ``ActualsImport``; ``ok`` says whether ``apply_actuals`` will take it.

    Raises:
        ValueError: ``fmt`` is not one of ``ACTUALS_FORMATS``.
    """
    if fmt not in ACTUALS_FORMATS:
        raise ValueError(f"unknown actuals format {fmt!r}; expected one of {ACTUALS_FORMATS}")
    problems: list[Problem] = []
    notes: list[Problem] = []
    readings: list[Reading] = []
    kinds: list[str] = []
    for name, data in files:
        try:
            kind, found, more_problems, more_notes = _read_file(name, data, fmt, plan, lang)
        except PlanFileError as exc:
            problems += exc.problems
            continue
        if kinds and kind != kinds[0]:
            message = translate(
                "actuals.file.mixed_formats", lang,
                kind=_format_name(kind, lang), first=_format_name(kinds[0], lang),
            )  # fmt: skip
            problems.append(Problem(name, message))
            continue
        kinds.append(kind)
        readings += found
        problems += more_problems
        notes += more_notes
    kind = kinds[0] if kinds else ("weekly" if fmt == "auto" else fmt)
    return _assemble(plan, kind, readings, problems, notes, mapping, lang)


def _format_name(kind: str, lang: str) -> str:
    return translate(f"actuals.format.{kind}", lang)


def _read_file(
    name: str, data: bytes, fmt: str, plan: Plan, lang: str
) -> tuple[str, list[Reading], list[Problem], list[Problem]]:
    """Read one file: its format, its readings, its line problems and its notes."""
    if len(data) > MAX_ACTUALS_FILE_BYTES:
        message = translate(
            "actuals.file.too_large", lang, size=len(data), limit=MAX_ACTUALS_FILE_BYTES
        )
        raise viva.fail(name, message)
    if not data.strip():
        raise viva.fail(name, translate("actuals.file.empty", lang))
    lower = name.lower()
    file_lang = plan.language.value
    if lower.endswith(".zip") or (data[:4] == b"PK\x03\x04" and not lower.endswith(".xlsx")):
        if fmt not in ("auto", "viva-export"):
            raise viva.fail(name, _wrong_report(fmt, "ZIP", lang))
        readings, problems, notes = viva.read_export(data, name, lang, _window(plan))
        return "viva-export", readings, problems, notes
    if not lower.endswith((".csv", ".txt", ".xlsx")):
        raise viva.fail(name, translate("actuals.file.unsupported", lang, name=name))
    table = viva.read_table(data, name, lang)
    kind = _detect(table[0])
    shown = ", ".join(str(h) for h in table[0] if str(h).strip())[:120]
    if kind is None or (fmt != "auto" and kind != fmt):
        raise viva.fail(name, _wrong_report(fmt, shown, lang))
    if not table[1]:
        raise viva.fail(name, translate("actuals.file.no_rows", lang))
    if kind == "viva-groups":
        readings, notes = viva.read_groups_report(table, name, lang, file_lang)
        return kind, readings, [], notes
    if kind == "viva-export":
        readings, problems, notes = viva.read_messages(
            [(name, table)], name, {}, lang, _window(plan)
        )
        return kind, readings, problems, notes
    return kind, _read_weekly(table, name, lang, file_lang), [], []


def _wrong_report(fmt: str, shown: str, lang: str) -> str:
    kinds = ACTUALS_FORMATS[1:] if fmt == "auto" else (fmt,)
    expected = "; ".join(
        f"{_format_name(kind, lang)} ({translate(f'actuals.expected.{kind}', lang)})"
        for kind in kinds
    )
    return translate("actuals.file.wrong_report", lang, found=shown, expected=expected)


def _detect(headers: Sequence[Any]) -> str | None:
    """The format a table's headers belong to, or None."""
    groups = viva.header_positions(headers, viva.GROUPS_COLUMNS)
    if all(key in groups for key in viva.GROUPS_REQUIRED):
        return "viva-groups"
    messages = viva.header_positions(headers, viva.MESSAGES_COLUMNS)
    if all(key in messages for key in viva.MESSAGES_REQUIRED):
        return "viva-export"
    weekly = viva.header_positions(headers, WEEKLY_COLUMNS)
    if "community" in weekly and "date" in weekly and len(weekly) > 2:
        return "weekly"
    return None


def _read_weekly(table: Table, source: str, lang: str, file_lang: str) -> list[Reading]:
    headers, records = table
    positions = viva.header_positions(headers, WEEKLY_COLUMNS)
    missing = [key for key in _WEEKLY_REQUIRED if key not in positions]
    if missing:
        expected = translate("actuals.expected.weekly", lang)
        raise viva.fail(source, translate("actuals.file.missing_columns", lang, expected=expected))
    columns = {key: str(headers[i]) for key, i in positions.items()}
    readings: list[Reading] = []
    for line, cells in records:
        values = {key: viva.cell(cells, positions.get(key)) for key in WEEKLY_COLUMNS}
        if all(value is None for value in values.values()):
            continue
        group = "" if values["community"] is None else viva.text_of(values["community"])
        reading = Reading(source, line, group, None, {}, columns)
        if not group:
            reading.problems.append(
                viva.cell_problem(reading, "community", "actuals.cell.missing", lang)
            )
        reading.day = viva.day_cell(reading, "date", values["date"], lang, file_lang)
        for key in FIGURES:
            reading.figures[key] = viva.count_cell(reading, key, values[key], lang, file_lang)
        if all(value is None for value in reading.figures.values()) and not reading.problems:
            reading.problems.append(
                viva.cell_problem(reading, "members", "actuals.row.no_figure", lang)
            )
        readings.append(reading)
    return readings


def _window(plan: Plan) -> tuple[date | None, date | None]:
    """First and last day a snapshot of ``plan`` may have."""
    start = plan.start_date or plan.launch_date
    end = plan.end_date + timedelta(days=PLAN_TAIL_DAYS) if plan.end_date else None
    return start, end


# --------------------------------------------------------------------------------------------
# Matching groups to communities


@dataclass(slots=True)
class _Matcher:
    """Finds the community of a group: the mapping first, then id, network group and name."""

    plan: Plan
    mapping: Mapping[str, str]
    lang: str
    problems: list[Problem] = field(default_factory=list)
    _mapped: dict[str, str] = field(default_factory=dict)
    _keys: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        known = {c.id for c in self.plan.communities}
        for group, community_id in self.mapping.items():
            if community_id and community_id not in known:
                message = translate(
                    "actuals.mapping.unknown_community", self.lang,
                    group=group, community=community_id, known=", ".join(sorted(known)),
                )  # fmt: skip
                self.problems.append(Problem("", message))
                continue
            self._mapped.setdefault(group, community_id)
            self._mapped.setdefault(viva.group_key(group), community_id)
        for attribute in ("id", "network_group", "name"):
            keys: dict[str, str] = {}
            for community in self.plan.communities:
                value = str(getattr(community, attribute))
                if value.strip():
                    keys.setdefault(viva.group_key(value), community.id)
            self._keys.append(keys)

    def mapped(self, group: str) -> str | None:
        """The community the mapping gives ``group`` (``""``: left out), or None."""
        if group in self._mapped:
            return self._mapped[group]
        return self._mapped.get(viva.group_key(group))

    def match(self, group: str) -> str | None:
        """The community of ``group`` (``""``: left out), or None when unknown."""
        mapped = self.mapped(group)
        if mapped is not None:
            return mapped
        key = viva.group_key(group)
        return next((keys[key] for keys in self._keys if key in keys), None)


# --------------------------------------------------------------------------------------------
# Assembling the import


def _assemble(
    plan: Plan,
    kind: str,
    readings: list[Reading],
    problems: list[Problem],
    notes: list[Problem],
    mapping: Mapping[str, str] | None,
    lang: str,
) -> ActualsImport:
    matcher = _Matcher(plan, mapping or {}, lang)
    groups = {r.group: matcher.match(r.group) for r in readings if r.group}
    snapshots = {i: s for i, r in enumerate(readings) if (s := _snapshot(r, lang)) is not None}
    located: dict[str, list[tuple[int, Reading]]] = {}
    for index, reading in enumerate(readings):
        if groups.get(reading.group) and index in snapshots:
            located.setdefault(str(groups[reading.group]), []).append((index, reading))
    for community in plan.communities:
        items = located.get(community.id, [])
        notes += _check_periods(community, items, snapshots, lang)
        _check_readings(plan, community, items, snapshots, lang)
    rows = []
    for index, reading in enumerate(readings):
        good = snapshots.get(index) if not reading.problems else None
        rows.append(
            ActualsRow(
                reading.source, reading.line, reading.group, groups.get(reading.group) or None, good
            )
        )
    problems = matcher.problems + problems + [p for r in readings for p in r.problems]
    return ActualsImport(kind, tuple(rows), tuple(problems), groups, tuple(notes))


def _snapshot(reading: Reading, lang: str) -> Snapshot | None:
    """The snapshot of a reading, or None with the model's problems added to the reading."""
    if reading.problems or reading.day is None:
        return None
    try:
        return Snapshot(date=reading.day, **reading.figures)
    except ValidationError as exc:
        messages = problems_from_validation_error(exc, lang)
        for error, problem in zip(exc.errors(), messages, strict=True):
            column = reading.columns.get(str(error["loc"][0]), str(error["loc"][0]))
            at = viva.where(reading.source, reading.line, column, lang)
            reading.problems.append(Problem(at, problem.message))
        return None


def _check_periods(
    community: Community,
    items: list[tuple[int, Reading]],
    snapshots: dict[int, Snapshot],
    lang: str,
) -> list[Problem]:
    """Leave out report-period counts that do not cover the gap to the previous snapshot."""
    notes: list[Problem] = []
    days = {s.date for s in community.actuals} | {snapshots[index].date for index, _ in items}
    for index, reading in items:
        snapshot = snapshots[index]
        before = [day for day in days if day < snapshot.date]
        gap = (snapshot.date - max(before)).days if before else None
        if reading.period_days is None or gap is None or gap == reading.period_days:
            continue
        if snapshot.posts is not None or snapshot.reactions is not None:
            snapshots[index] = snapshot.model_copy(update={"posts": None, "reactions": None})
            message = translate(
                "actuals.note.period_mismatch", lang,
                group=reading.group, day=snapshot.date, period=reading.period_days, gap=gap,
            )  # fmt: skip
            notes.append(Problem(viva.where(reading.source, reading.line, None, lang), message))
    return notes


def _check_readings(
    plan: Plan,
    community: Community,
    items: list[tuple[int, Reading]],
    snapshots: dict[int, Snapshot],
    lang: str,
) -> None:
    """Add to each reading its faults: a second reading of a day, or what merging would refuse."""
    by_day: dict[date, Reading] = {}
    fresh: list[Snapshot] = []
    for index, reading in items:
        snapshot = snapshots[index]
        earlier = by_day.setdefault(snapshot.date, reading)
        if earlier is reading:
            fresh.append(snapshot)
            continue
        message = translate(
            "actuals.row.duplicate", lang,
            community=community.name, day=snapshot.date,
            other=viva.where(earlier.source, earlier.line, None, lang),
        )  # fmt: skip
        reading.problems.append(
            Problem(viva.where(reading.source, reading.line, None, lang), message)
        )
    for day, key, message in _merge(plan, community, fresh, lang)[1]:
        reading = by_day[day]
        column = reading.columns.get(key) if key else None
        reading.problems.append(
            Problem(viva.where(reading.source, reading.line, column, lang), message)
        )


def _merge(
    plan: Plan, community: Community, snapshots: list[Snapshot], lang: str
) -> tuple[list[Snapshot], list[tuple[date, str | None, str]]]:
    """The community's snapshots with ``snapshots`` merged in, in date order, and the faults.

    A fault is (the day of the new snapshot at fault, the figure or None, the message): a day
    outside the plan, a figure that differs from the plan's on the same day, members going down.
    """
    by_day = {s.date: s for s in community.actuals}
    faults: list[tuple[date, str | None, str]] = []
    start, end = _window(plan)
    for snapshot in snapshots:
        day = snapshot.date
        if start and day < start:
            faults.append(
                (day, None, translate("actuals.row.before_plan", lang, day=day, start=start))
            )
            continue
        if end and day > end:
            message = translate(
                "actuals.row.after_plan", lang, day=day, days=PLAN_TAIL_DAYS, end=plan.end_date
            )
            faults.append((day, None, message))
            continue
        old = by_day.setdefault(day, snapshot)
        clashes = [
            (key, getattr(old, key), getattr(snapshot, key))
            for key in FIGURES
            if None not in (getattr(old, key), getattr(snapshot, key))
            and getattr(old, key) != getattr(snapshot, key)
        ]
        for key, was, now in clashes:
            field_name = translate(f"actuals.field.{key}", lang)
            message = translate("actuals.apply.conflict", lang, field=field_name, old=was, new=now)
            faults.append((day, None, message))  # the message names the figure
        if old is not snapshot and not clashes:
            filled = {k: getattr(snapshot, k) for k in FIGURES if getattr(old, k) is None}
            by_day[day] = old.model_copy(update=filled)
    ordered = [by_day[day] for day in sorted(by_day)]
    faults += _members_down(ordered, {s.date for s in snapshots}, lang)
    return ordered, faults


def _members_down(
    ordered: list[Snapshot], new_days: set[date], lang: str
) -> list[tuple[date, str | None, str]]:
    """A fault for each count of members below the previous one, on the new snapshot's day."""
    counted = [s for s in ordered if s.members is not None]
    faults: list[tuple[date, str | None, str]] = []
    for before, after in pairwise(counted):
        if (after.members or 0) < (before.members or 0):
            message = translate(
                "actuals.row.members_down", lang,
                before=before.members, before_day=before.date,
                after=after.members, after_day=after.date,
            )  # fmt: skip
            day = after.date if after.date in new_days else before.date
            faults.append((day, "members", message))
    return faults


# --------------------------------------------------------------------------------------------
# Applying


def apply_actuals(
    plan: Plan,
    found: ActualsImport,
    *,
    mapping: Mapping[str, str] | None = None,
    lang: str = "en",
) -> Plan:
    """Merge the snapshots of ``found`` into ``plan`` and return the new, validated plan.

    ``plan`` is left untouched. A snapshot on a day the community already has fills its empty
    figures; the same figure again is fine, so applying the same file twice changes nothing.
    A Viva Engage group whose name differs from its community's name becomes the community's
    ``network_group``.

    Args:
        plan: the plan to add the actuals to.
        found: what ``read_actuals`` read (for this plan).
        mapping: group name → community id for the groups still unknown (``""`` leaves one out).
        lang: language of the problem messages.

    Raises:
        PlanFileError: ``found`` has problems or unknown groups, a figure differs from the
            plan's on the same day, members go down, or a day is outside the plan; nothing
            is changed.
    """
    matcher = _Matcher(plan, mapping or {}, lang)
    problems = list(found.problems) + matcher.problems
    resolved: dict[str, str] = {}
    for group, community_id in found.groups.items():
        chosen = matcher.mapped(group)
        chosen = chosen if chosen is not None else community_id
        if chosen is None:
            message = translate("actuals.apply.unknown_group", lang, group=group)
            problems.append(Problem("", message))
        else:
            resolved[group] = chosen
    new, named = _by_community(found, resolved)
    communities = []
    for community in plan.communities:
        actuals, faults = _merge(plan, community, new.get(community.id, []), lang)
        for day, _, message in faults:
            at = translate("actuals.apply.where", lang, community=community.name, day=day)
            problems.append(Problem(at, message))
        changes: dict[str, Any] = {"actuals": actuals}
        group = named.get(community.id, (None, ""))[1]
        if group and group != community.name:
            changes["network_group"] = group
        communities.append({**_fields(community), **changes})
    if problems:
        raise PlanFileError(problems)
    try:
        return Plan.model_validate({**_fields(plan), "communities": communities})
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation_error(exc, lang)) from None


def _by_community(
    found: ActualsImport, resolved: Mapping[str, str]
) -> tuple[dict[str, list[Snapshot]], dict[str, tuple[date, str]]]:
    """The new snapshots per community, and the latest Viva Engage group name of each."""
    new: dict[str, list[Snapshot]] = {}
    named: dict[str, tuple[date, str]] = {}
    for row in found.rows:
        community_id = resolved.get(row.group)
        if community_id and row.snapshot is not None:
            new.setdefault(community_id, []).append(row.snapshot)
            latest = named.get(community_id)
            if found.format in _VIVA_FORMATS and (latest is None or latest[0] <= row.snapshot.date):
                named[community_id] = (row.snapshot.date, row.group)
    return new, named


def _fields(model: Any) -> dict[str, Any]:
    """A model's fields one level deep; nested models stay validated models."""
    return {name: getattr(model, name) for name in type(model).model_fields}
