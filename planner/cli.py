"""The command line: ``python -m planner`` checks, assesses, schedules and forecasts a plan file.

Commands::

    python -m planner validate PLAN.json [--lang fr|en]
    python -m planner assess PLAN.json [--json] [--lang fr|en]
    python -m planner timeline PLAN.json [--csv] [--lang fr|en]
    python -m planner forecast PLAN.json [--csv] [--lang fr|en]
    python -m planner schema [--check PATH]
    python -m planner export PLAN.json --format pdf|csv|zip|xlsx|ics [--table NAME] --out PATH
    python -m planner compare A.json B.json [--json] [--lang fr|en]
    python -m planner track PLAN.json [ACTUALS …] [--format auto|weekly|viva-groups|viva-export]
                            [--as-of YYYY-MM-DD] [--json] [--lang fr|en]
    python -m planner store list|reassign|share|unshare|export|audit …   (``planner.store_cli``)

``track`` reads the plan's own snapshots plus those of the actuals files named after the plan
(for this run only; the plan file is not changed). A plan without any snapshot is not an error:
``track`` says so and exits 0 (``--json`` then prints no community, ``as_of`` null).

Output follows ``--lang``, or else the plan's own language. Exit codes: 0 on success, 1 when
``schema --check`` finds the schema file out of date, 2 on bad input (a usage error or a plan
file that cannot be accepted), with one ``path: message`` line per problem on stderr.

Text meant for a person never reaches the terminal with a control or bidirectional character in
it: such a character (from a file name, or a key of a bad plan file) is shown escaped, ``\x1b``
or ``\u202e``, so a file cannot recolour, rewrite or reorder what the terminal shows. CSV and
JSON output is data and is written as it is.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from planner.errors import PlanFileError, Problem
from planner.export import (
    EXPORT_FORMATS,
    EXPORT_TABLES,
    TRACKING_TABLES,
    export_bytes,
    plan_results,
)
from planner.export.tracking import level_name, tracking_json
from planner.forecast import Forecast, forecast, forecast_rows
from planner.i18n import (
    LANGUAGES,
    Message,
    format_date,
    format_number,
    format_share,
    render,
    translate,
)
from planner.indicators import Assessment, Indicator, assess
from planner.models import Plan, Snapshot
from planner.planfile import load_plan, plan_language
from planner.schema import check_schema, schema_text
from planner.timeline import build_timeline, timeline_rows
from planner.tracking import Tracking, track

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_STALE", "main"]

EXIT_OK = 0
EXIT_STALE = 1
EXIT_BAD_INPUT = 2

#: The keys ``timeline_rows`` documents, used as the CSV header when there is no task yet.
_TIMELINE_COLUMNS = (
    "id",
    "phase",
    "kind",
    "task",
    "owner",
    "start",
    "end",
    "community_id",
    "population_id",
)
#: The keys ``forecast_rows`` documents, used as the CSV header when nothing can be forecast.
_FORECAST_COLUMNS = ("week", "community_id", "population_id", "new", "cumulative")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# What a terminal acts on or reorders instead of showing: C0 and C1 controls except line feed and
# tab, DEL, and the bidirectional embedding, override and isolate characters.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Handler = Callable[[argparse.Namespace], int]
# Commands whose help text lives in another domain's catalogue.
_HELP_IDS = {"export": "export.cli.help.export"}
#: The formats of actuals files ``track --format`` takes (``planner.tracking.imports``).
ACTUALS_FORMATS = ("auto", "weekly", "viva-groups", "viva-export")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit code.

    A plan file that cannot be accepted is reported on stderr, one ``path: message`` line per
    problem, with exit code 2; any other exception is a bug and propagates.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_language_asked(arguments) or "en")
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse exits after --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    handler: Handler = args.handler
    try:
        return handler(args)
    except PlanFileError as exc:
        for problem in exc.problems:
            print(_shown(str(problem)), file=sys.stderr)
        return EXIT_BAD_INPUT


def _language_asked(arguments: list[str]) -> str | None:
    """Find ``--lang`` before parsing, so that ``--help`` speaks the language asked for."""
    for index, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--lang="):
            value = argument.removeprefix("--lang=")
        if value in LANGUAGES:
            return value
    return None


def _parser(lang: str) -> argparse.ArgumentParser:
    def say(message_id: str) -> str:
        # argparse %-formats help texts: escape a literal percent sign.
        return translate(message_id, lang).replace("%", "%%")

    parser = argparse.ArgumentParser(prog="python -m planner", description=say("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def plan_command(name: str, handler: Handler) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=say(_HELP_IDS.get(name, f"cli.help.{name}")))
        command.add_argument("plan", metavar="PLAN.json", help=say("cli.help.plan"))
        command.add_argument("--lang", choices=LANGUAGES, help=say("cli.help.lang"))
        command.set_defaults(handler=handler)
        return command

    plan_command("validate", _validate)
    plan_command("assess", _assess).add_argument(
        "--json", action="store_true", help=say("cli.help.json")
    )
    plan_command("timeline", _timeline).add_argument(
        "--csv", action="store_true", help=say("cli.help.csv")
    )
    plan_command("forecast", _forecast).add_argument(
        "--csv", action="store_true", help=say("cli.help.csv")
    )
    export = plan_command("export", _export)
    export.add_argument(
        "--format", required=True, choices=EXPORT_FORMATS, help=say("export.cli.help.format")
    )
    export.add_argument(
        "--table",
        choices=(*EXPORT_TABLES, *TRACKING_TABLES),
        default="tasks",
        help=say("export.cli.help.table"),
    )
    export.add_argument("--out", required=True, metavar="PATH", help=say("export.cli.help.out"))
    compare = commands.add_parser("compare", help=say("compare.cli.help"))
    compare.add_argument("plan_a", metavar="A.json", help=say("compare.cli.help_a"))
    compare.add_argument("plan_b", metavar="B.json", help=say("compare.cli.help_b"))
    compare.add_argument("--json", action="store_true", help=say("cli.help.json"))
    compare.add_argument("--lang", choices=LANGUAGES, help=say("cli.help.lang"))
    compare.set_defaults(handler=_compare)
    tracking = plan_command("track", _track)
    tracking.add_argument(
        "actuals", nargs="*", metavar="ACTUALS", help=say("cli.track.help.actuals")
    )
    tracking.add_argument(
        "--format",
        dest="actuals_format",
        choices=ACTUALS_FORMATS,
        default="auto",
        help=say("cli.track.help.format"),
    )
    tracking.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        type=lambda value: _day_argument(value, lang),
        help=say("cli.track.help.as_of"),
    )
    tracking.add_argument("--json", action="store_true", help=say("cli.help.json"))
    schema = commands.add_parser("schema", help=say("cli.help.schema"))
    schema.add_argument("--check", metavar="PATH", help=say("cli.help.check"))
    schema.set_defaults(handler=_schema)
    # Imported here: planner.store_cli builds on this module's output helpers.
    from planner.store_cli import add_store_commands

    add_store_commands(commands, say)
    return parser


def _load(args: argparse.Namespace) -> tuple[Plan, str]:
    """Load the plan named on the command line; return it with the output language.

    Without ``--lang``, problems are reported in the language the file declares, when it can be
    read that far, so a French team gets French messages about its French plan.
    """
    asked: str | None = args.lang
    try:
        plan = load_plan(args.plan, lang=asked or "en")
    except PlanFileError:
        declared = None if asked else _declared_language(args.plan)
        if declared is None or declared == "en":
            raise
        plan = load_plan(args.plan, lang=declared)  # raises again, this time in that language
    return plan, asked or plan.language.value


def _declared_language(path: str) -> str | None:
    try:
        return plan_language(Path(path).read_bytes())
    except OSError:
        return None


def _validate(args: argparse.Namespace) -> int:
    plan, lang = _load(args)
    populations = sum(1 for _ in plan.all_populations())
    _print(
        translate(
            "cli.validate.ok",
            lang,
            file=args.plan,
            name=plan.name,
            communities=len(plan.communities),
            populations=populations,
        )
    )
    return EXIT_OK


def _assess(args: argparse.Namespace) -> int:
    plan, lang = _load(args)
    assessment = assess(plan)
    if args.json:
        text = json.dumps(
            _assessment_json(assessment, lang), indent=2, ensure_ascii=False, default=str
        )
        _print(text, utf8=True)
        return EXIT_OK
    _print(
        translate(
            "cli.assess.header",
            lang,
            name=plan.name,
            score=str(assessment.score),
            level=_level(assessment.level.value, lang),
        )
    )
    levels = [_level(indicator.level.value, lang) for indicator in assessment.indicators]
    width = max((len(level) for level in levels), default=0)
    for indicator, level in zip(assessment.indicators, levels, strict=True):
        _print(
            translate(
                "cli.assess.line",
                lang,
                level=level.ljust(width),
                score=str(indicator.score).rjust(3),
                name=_indicator_name(indicator.id, lang),
                reason=render(indicator.reason, lang),
                action=render(indicator.action, lang),
            )
        )
    return EXIT_OK


def _level(level: str, lang: str) -> str:
    return translate(f"level.{level}", lang)


def _indicator_name(indicator_id: str, lang: str) -> str:
    return translate(f"indicator.{indicator_id}.name", lang)


def _assessment_json(assessment: Assessment, lang: str) -> dict[str, Any]:
    """Shape an assessment for ``assess --json``: texts rendered, with their ids and params."""
    return {
        "score": assessment.score,
        "level": assessment.level.value,
        "lang": lang,
        "indicators": [_indicator_json(indicator, lang) for indicator in assessment.indicators],
    }


def _indicator_json(indicator: Indicator, lang: str) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "name": _indicator_name(indicator.id, lang),
        "level": indicator.level.value,
        "score": indicator.score,
        **_message_json("reason", indicator.reason, lang),
        **_message_json("action", indicator.action, lang),
        "findings": [_record_json(finding, lang) for finding in indicator.findings],
    }


def _message_json(key: str, message: Message, lang: str) -> dict[str, Any]:
    """``{key: text, key_id: id, key_params: params}`` for one message."""
    raw = message.to_dict()
    return {key: render(message, lang), f"{key}_id": raw["id"], f"{key}_params": raw["params"]}


def _record_json(record: Any, lang: str) -> dict[str, Any]:
    """Flatten a result dataclass (a finding) into JSON-ready fields, rendering its messages."""
    data: dict[str, Any] = {}
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        if isinstance(value, Message):
            data.update(_message_json(item.name, value, lang))
        elif isinstance(value, Enum):
            data[item.name] = value.value
        elif isinstance(value, date):
            data[item.name] = value.isoformat()
        else:
            data[item.name] = value
    return data


def _timeline(args: argparse.Namespace) -> int:
    plan, lang = _load(args)
    timeline = build_timeline(plan)
    rows = timeline_rows(timeline, plan, lang)
    notes = [render(message, lang) for message in timeline.missing]
    if args.csv:
        _write_csv(rows, _TIMELINE_COLUMNS)
        _print_notes("cli.timeline.missing", notes, lang, sys.stderr)
        return EXIT_OK
    if not timeline.phases and not rows:
        _print(translate("cli.timeline.none", lang))
    if timeline.phases:
        _print(translate("cli.timeline.phases", lang))
        phase_rows = [
            [_date(phase.start, lang), _date(phase.end, lang), render(phase.label, lang)]
            for phase in timeline.phases
        ]
        headers = [
            translate(f"cli.timeline.column.{key}", lang) for key in ("start", "end", "phase")
        ]
        _print_table(headers, phase_rows)
    if rows:
        if timeline.phases:
            _print("")
        _print(translate("cli.timeline.tasks", lang))
        keys = ("start", "end", "owner", "task")
        task_rows = [[_cell(row.get(key), lang) for key in keys] for row in rows]
        _print_table([translate(f"cli.timeline.column.{key}", lang) for key in keys], task_rows)
    if notes:
        _print("")
    _print_notes("cli.timeline.missing", notes, lang, sys.stdout)
    return EXIT_OK


def _forecast(args: argparse.Namespace) -> int:
    plan, lang = _load(args)
    result = forecast(plan)
    notes = [render(message, lang) for message in result.skipped]
    if args.csv:
        rows = forecast_rows(result)
        _write_csv(rows, _FORECAST_COLUMNS)
        _print_notes("cli.forecast.skipped", notes, lang, sys.stderr)
        return EXIT_OK
    if not result.populations or not result.weeks:
        _print(translate("cli.forecast.empty", lang))
    else:
        _print_forecast(plan, result, lang)
    if notes:
        _print("")
    _print_notes("cli.forecast.skipped", notes, lang, sys.stdout)
    return EXIT_OK


def _print_forecast(plan: Plan, result: Forecast, lang: str) -> None:
    _print(
        translate(
            "cli.forecast.header",
            lang,
            name=plan.name,
            weeks=len(result.weeks),
            start=result.weeks[0],
            end=result.weeks[-1],
        )
    )
    keys = ("community", "population", "headcount", "wave", "p", "q", "ceiling", "members")
    rows = []
    for item in result.populations:
        members = item.cumulative[-1] if item.cumulative else 0.0
        rows.append(
            [
                item.community_name,
                item.population_name,
                format_number(item.headcount, lang),
                _date(item.wave_date, lang),
                _adjusted(format_number(item.p, lang, decimals=3), item.multipliers.sponsor, lang),
                _adjusted(
                    format_number(item.q, lang, decimals=3), item.multipliers.ambassadors, lang
                ),
                _adjusted(format_share(item.ceiling, lang), item.multipliers.resistance, lang),
                format_number(members, lang),
            ]
        )
    headers = [translate(f"cli.forecast.column.{key}", lang) for key in keys]
    _print_table(headers, rows, right={2, 4, 5, 6, 7})
    _print("")
    _print(translate("cli.forecast.adjusted", lang))
    members = result.total_cumulative[-1] if result.total_cumulative else 0.0
    headcount = sum(item.headcount for item in result.populations)
    share = members / headcount if headcount else 0.0
    _print(
        translate(
            "cli.forecast.total",
            lang,
            members=format_number(members, lang),
            headcount=format_number(headcount, lang),
            share=format_share(share, lang),
        )
    )
    split = result.participation
    _print(
        translate(
            "cli.forecast.participation",
            lang,
            creators=format_number(split.creators, lang),
            contributors=format_number(split.contributors, lang),
            lurkers=format_number(split.lurkers, lang),
        )
    )


def _adjusted(value: str, multiplier: float, lang: str) -> str:
    """A parameter after adjustment with its multiplier: ``0.035 (×1.15)``."""
    return translate(
        "cli.forecast.adjusted_value",
        lang,
        value=value,
        multiplier=format_number(multiplier, lang, decimals=2),
    )


def _compare(args: argparse.Namespace) -> int:
    # Both files are read before failing, so one run reports the problems of both; with two
    # files, a problem inside one (``name: is required``) also names its file.
    plans: list[tuple[Plan, str]] = []
    problems: list[Problem] = []
    for path in (args.plan_a, args.plan_b):
        try:
            plans.append(_load(argparse.Namespace(plan=path, lang=args.lang)))
        except PlanFileError as exc:
            problems += [
                problem
                if problem.path == path
                else Problem(f"{path}: {problem.path}" if problem.path else path, problem.message)
                for problem in exc.problems
            ]
    if problems:
        raise PlanFileError(problems)
    (plan_a, _), (plan_b, lang_b) = plans
    # Imported here: compare reuses the store's change summary, and importing planner.store
    # loads SQLAlchemy (~0.2 s), which no other command needs.
    from planner import compare as comparing

    lang = args.lang or lang_b
    result = comparing.compare(plan_a, plan_b)
    if args.json:
        data = comparing.comparison_json(result)
        _print(json.dumps(data, indent=2, ensure_ascii=False, default=str), utf8=True)
        return EXIT_OK
    _print(translate("compare.title", lang, a=plan_a.name, b=plan_b.name))
    if result.is_identical:
        _print(translate("compare.identical", lang))
    columns = [translate(f"compare.column.{key}", lang) for key in ("a", "b", "delta")]
    _print("")
    _print(translate("compare.section.readiness", lang))
    headers = [translate("compare.column.indicator", lang), *columns]
    _print_table(headers, comparing.readiness_rows(result, lang), right=(1, 2, 3))
    for line in comparing.finding_lines(result, lang):
        _print(translate("cli.note", lang, message=line))
    _print("")
    _print(translate("compare.section.forecast", lang))
    headers = [translate("compare.column.measure", lang), *columns]
    _print_table(headers, comparing.forecast_rows(result, lang), right=(1, 2, 3))
    _print("")
    _print(translate("compare.section.timeline", lang))
    for line in comparing.task_lines(result, lang, limit=40) or [translate("compare.none", lang)]:
        _print(translate("cli.note", lang, message=line))
    _print("")
    _print(translate("compare.section.changes", lang))
    groups = comparing.change_groups(result, lang)
    if not groups:
        _print(translate("cli.note", lang, message=translate("compare.none", lang)))
    for heading, lines in groups:
        _print(heading)
        for line in lines:
            _print(translate("cli.note", lang, message=line))
    return EXIT_OK


def _day_argument(value: str, lang: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = translate("cli.track.bad_day", lang, value=value)
        raise argparse.ArgumentTypeError(message) from None


def _track(args: argparse.Namespace) -> int:
    """Track the plan against its snapshots and those of the actuals files named after it."""
    plan, lang = _load(args)
    extra = _read_actuals(args.actuals, plan, args.actuals_format, lang) if args.actuals else {}
    result = track(plan, as_of=args.as_of, extra=extra)
    if args.json:
        text = json.dumps(tracking_json(result, lang), indent=2, ensure_ascii=False)
        _print(text, utf8=True)
        return EXIT_OK
    if not result.communities:
        _print(_no_tracking(plan, result, extra, lang))
        return EXIT_OK
    _print_tracking(plan, result, lang)
    return EXIT_OK


def _read_actuals(
    paths: Sequence[str], plan: Plan, fmt: str, lang: str
) -> dict[str, list[Snapshot]]:
    """Read the actuals files; raise ``PlanFileError`` with every problem of every file.

    A group of a report that no community claims is a problem too: its figures would be
    silently dropped, so the command stops and says how to map it.
    """
    files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            files.append((path, Path(path).read_bytes()))
        except FileNotFoundError:
            problems.append(Problem(path, translate("planfile.not_found", lang)))
        except IsADirectoryError:
            problems.append(Problem(path, translate("planfile.is_directory", lang)))
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            problems.append(Problem(path, translate("planfile.unreadable", lang, reason=reason)))
    if problems:
        raise PlanFileError(problems)
    # Imported here: the readers load pandas and openpyxl, which no other command needs.
    from planner.tracking.imports import read_actuals

    found = read_actuals(files, plan, fmt=fmt, lang=lang)
    problems = list(found.problems)
    for group in found.unknown_groups:
        # Named by the file that holds the group, so a run over many files says which to fix.
        sources = sorted({row.source for row in found.rows if row.group == group}) or paths
        where = sources[0]
        if len(sources) > 1:
            where = translate("cli.track.files", lang, first=sources[0], count=len(sources) - 1)
        problems.append(Problem(where, translate("cli.track.unknown_group", lang, group=group)))
    if problems:
        raise PlanFileError(problems)
    return found.snapshots


def _no_tracking(plan: Plan, result: Tracking, extra: dict[str, list[Snapshot]], lang: str) -> str:
    """Why nothing is tracked: no snapshot at all, or none up to ``--as-of``."""
    days = [s.date for c in plan.communities for s in c.actuals]
    days += [s.date for found in extra.values() for s in found]
    if not days or result.as_of is None:
        return translate("cli.track.none", lang, name=plan.name)
    return translate(
        "cli.track.none_before",
        lang,
        name=plan.name,
        day=_date(result.as_of, lang),
        first=_date(min(days), lang),
    )


def _print_tracking(plan: Plan, result: Tracking, lang: str) -> None:
    assert result.as_of is not None  # a tracking with communities has its day
    _print(
        translate(
            "cli.track.header",
            lang,
            name=plan.name,
            day=_date(result.as_of, lang),
            level=level_name(result.level, lang),
        )
    )
    keys = ("community", "level", "snapshots", "members", "forecast", "gap", "projected")
    empty = translate("cli.track.empty", lang)

    def members(value: float | None) -> str:
        return empty if value is None else format_number(value, lang)

    rows = []
    for community in result.communities:
        projected = empty
        if community.projected_end is not None:
            projected = members(community.projected_end)
            if community.projected_low is not None and community.projected_high is not None:
                projected = translate(
                    "cli.track.range",
                    lang,
                    value=projected,
                    low=members(community.projected_low),
                    high=members(community.projected_high),
                )
        rows.append(
            [
                community.name,
                level_name(community.level, lang),
                format_number(len(community.snapshots), lang),
                members(community.actual_members),
                members(community.forecast_members),
                empty if community.gap is None else _signed_share(community.gap, lang),
                projected,
            ]
        )
    headers = [translate(f"cli.track.column.{key}", lang) for key in keys]
    _print_table(headers, rows, right={2, 3, 4, 5, 6})
    if result.end_date is not None:
        _print(translate("cli.track.end", lang, day=_date(result.end_date, lang)))
    for community in result.communities:
        _print("")
        level = level_name(community.level, lang)
        _print(translate("cli.track.community", lang, name=community.name, level=level))
        _print(translate("cli.note", lang, message=render(community.reason, lang)))
        _print(translate("cli.track.action", lang, action=render(community.action, lang)))


def _signed_share(value: float, lang: str) -> str:
    """A gap as a signed percentage: ``+12 %``, ``−32,4 %``."""
    text = format_share(abs(value), lang, decimals=1)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _export(args: argparse.Namespace) -> int:
    """Write one export of the plan to ``--out``; the same bytes as the workbook's download."""
    plan, lang = _load(args)
    data = export_bytes(plan_results(plan), args.format, lang, table=args.table)
    Path(args.out).write_bytes(data)
    written = translate(
        "export.cli.written", lang, path=args.out, size=format_number(len(data), lang)
    )
    print(_shown(written), file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    if args.check is None:
        _print(schema_text(), end="", utf8=True)
        return EXIT_OK
    stale = check_schema(args.check)
    if stale is not None:
        print(_shown(stale), file=sys.stderr)
        return EXIT_STALE
    _print(translate("cli.schema.current", "en", path=args.check))
    return EXIT_OK


def _date(day: date, lang: str) -> str:
    return format_date(day, lang, style="medium")


def _cell(value: object, lang: str) -> str:
    if isinstance(value, date):
        return _date(value, lang)
    return "" if value is None else str(value)


def _print_table(headers: list[str], rows: list[list[str]], *, right: Iterable[int] = ()) -> None:
    """Print rows under their headers in aligned columns; columns in ``right`` align right."""
    right_aligned = set(right)
    widths = [
        max([len(header)] + [len(row[i]) for row in rows]) for i, header in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if i in right_aligned else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    _print(line(headers))
    _print(line(["-" * width for width in widths]))
    for row in rows:
        _print(line(row))


def _print_notes(heading_id: str, notes: list[str], lang: str, stream: TextIO) -> None:
    """Print notes (what is missing, what was left out) as a list under a heading."""
    if not notes:
        return
    print(translate(heading_id, lang), file=stream)
    for note in notes:
        print(_shown(translate("cli.note", lang, message=note)), file=stream)


def _write_csv(rows: list[dict[str, object]], columns: Sequence[str]) -> None:
    """Write rows as CSV on stdout: UTF-8, ISO dates, empty cells for None, no live formulas."""
    _use_utf8(sys.stdout)
    fieldnames = list(rows[0]) if rows else list(columns)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(fieldnames)
    for row in rows:
        writer.writerow([_csv_value(row.get(key)) for key in fieldnames])


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _print(text: str, *, end: str = "\n", utf8: bool = False) -> None:
    """Print text for a person (escaped, see the module docstring), or with ``utf8`` data."""
    if utf8:
        _use_utf8(sys.stdout)
    else:
        text = _shown(text)
    print(text, end=end)


def _shown(text: str) -> str:
    """Escape the characters a terminal would act on: ``a\x1b[31m`` becomes ``a\\x1b[31m``."""
    return _UNSHOWABLE.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


def _use_utf8(stream: TextIO) -> None:
    """Make sure machine-readable output is UTF-8 whatever the terminal's locale."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        stream.flush()
        reconfigure(encoding="utf-8")
