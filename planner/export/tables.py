"""The tables every export shares: one flat table per list of the plan and per planner result.

CSV, Excel and the PDF all read these, so a value is computed once and looks the same
everywhere. Cells are plain values: text, ``int``, ``float``, ``date`` or ``None`` (empty).

Headers are in the export's language (``Effectif`` / ``Headcount``): exports are read by people,
and ``planner.tables.read_table_file`` reads French or English headers back. Each table also
carries stable English column ids (``keys``) for code that wants them. Choice values (a core-team
role, a sponsor action's kind) are their names in that language; communities, populations and
sponsors are named by their names, as a reader knows them; ids stay in their own columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from planner.export.tracking import ACTUALS_KEYS, TRACKING_KEYS, actuals_rows, tracking_rows
from planner.forecast import Forecast, forecast, forecast_rows
from planner.i18n import format_date, format_number, render, translate
from planner.indicators import Assessment, assess
from planner.models import Objective, Plan, ResistanceFactor
from planner.timeline import Timeline, build_timeline, timeline_rows
from planner.tracking import Tracking, has_actuals, track

__all__ = [
    "EXPORT_TABLES",
    "TRACKING_TABLES",
    "AnyTableName",
    "Cell",
    "ExportTable",
    "PlanResults",
    "TableName",
    "TrackingTableName",
    "export_table",
    "export_tables",
    "exported_tables",
    "objective_text",
    "plan_results",
]

Cell = str | int | float | date | None

TableName = Literal[
    "tasks",
    "indicators",
    "communities",
    "populations",
    "ambassadors",
    "core_team",
    "sponsor_actions",
    "forecast",
]

#: Every exported table, in the order of the workbook and of the report.
EXPORT_TABLES: tuple[TableName, ...] = get_args(TableName)

TrackingTableName = Literal["tracking", "actuals"]
#: The tables of tracking after launch, exported after the others when the plan has actuals:
#: one row per tracked community, and one per snapshot.
TRACKING_TABLES: tuple[TrackingTableName, ...] = get_args(TrackingTableName)
AnyTableName = TableName | TrackingTableName

_FACTORS = tuple(factor.value for factor in ResistanceFactor)


@dataclass(frozen=True, slots=True)
class ExportTable:
    """One table of an export: stable column ids, headers in the export's language, rows."""

    name: AnyTableName
    title: str
    keys: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class PlanResults:
    """What the planner computes from a plan, computed once for every export of it.

    ``tracking`` is None when no community has actuals yet: the exports then hold no tracking.
    """

    plan: Plan
    timeline: Timeline
    assessment: Assessment
    forecast: Forecast
    tracking: Tracking | None = None


def plan_results(plan: Plan) -> PlanResults:
    """Compute the timeline, the assessment, the forecast and, with actuals, the tracking of
    ``plan`` (its own settings; tracking as of its latest snapshot)."""
    return PlanResults(
        plan,
        build_timeline(plan),
        assess(plan),
        forecast(plan, plan.forecast),
        track(plan) if has_actuals(plan) else None,
    )


def exported_tables(results: PlanResults) -> tuple[AnyTableName, ...]:
    """The tables an export of ``results`` holds: ``EXPORT_TABLES``, then, with actuals,
    ``TRACKING_TABLES``."""
    if results.tracking is None or not results.tracking.communities:
        return EXPORT_TABLES
    return (*EXPORT_TABLES, *TRACKING_TABLES)


def export_tables(results: PlanResults, lang: str) -> list[ExportTable]:
    """Return every table of ``exported_tables(results)`` for the plan, in ``lang``."""
    return [export_table(results, name, lang) for name in exported_tables(results)]


def export_table(results: PlanResults, name: AnyTableName, lang: str) -> ExportTable:
    """Return one exported table of the plan, in ``lang``.

    A tracking table of a plan without actuals has its headers and no row.

    Raises:
        KeyError: ``name`` is neither in ``EXPORT_TABLES`` nor in ``TRACKING_TABLES``.
    """
    keys, rows = _BUILDERS[name](results, lang)
    headers = tuple(_header(key, lang) for key in keys)
    return ExportTable(
        name=name,
        title=translate(f"export.table.{name}", lang),
        keys=keys,
        headers=headers,
        rows=tuple(tuple(row) for row in rows),
    )


def _header(key: str, lang: str) -> str:
    for prefix in ("export.column.", "table.column.", "forecast.column."):
        text = translate(prefix + key, lang)
        if text != prefix + key:
            return text
    return key


_Rows = tuple[tuple[str, ...], list[list[Cell]]]


def _names(results: PlanResults) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    communities = {c.id: c.name for c in results.plan.communities}
    populations = {(c.id, p.id): p.name for c, p in results.plan.all_populations()}
    return communities, populations


def _tasks(results: PlanResults, lang: str) -> _Rows:
    communities, populations = _names(results)
    keys = ("start", "end", "phase", "task", "owner", "community", "population", "id")
    rows: list[list[Cell]] = []
    for row in timeline_rows(results.timeline, results.plan, lang):
        community = row["community_id"]
        population = row["population_id"]
        rows.append(
            [
                _as_date(row["start"]),
                _as_date(row["end"]),
                str(row["phase"]),
                str(row["task"]),
                str(row["owner"]),
                communities.get(str(community)) if community else None,
                populations.get((str(community), str(population))) if population else None,
                str(row["id"]),
            ]
        )
    return keys, rows


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _indicators(results: PlanResults, lang: str) -> _Rows:
    keys = ("indicator", "level", "score", "reason", "action", "id")
    rows: list[list[Cell]] = [
        [
            translate(f"indicator.{i.id}.name", lang),
            translate(f"level.{i.level.value}", lang),
            i.score,
            render(i.reason, lang),
            render(i.action, lang),
            i.id,
        ]
        for i in results.assessment.indicators
    ]
    return keys, rows


def _communities(results: PlanResults, lang: str) -> _Rows:
    keys = ("name", "totem_subject", "objectives", "benefits", "community_manager", "id")
    rows: list[list[Cell]] = [
        [
            c.name,
            c.totem_subject or None,
            "\n".join(objective_text(o, lang) for o in c.objectives) or None,
            "\n".join(c.benefits) or None,
            c.community_manager or None,
            c.id,
        ]
        for c in results.plan.communities
    ]
    return keys, rows


def objective_text(objective: Objective, lang: str) -> str:
    """One objective in a line: ``indicator — target unit — by date`` (what is set of it)."""
    parts = [objective.indicator]
    if objective.target is not None:
        target = format_number(objective.target, lang, decimals=2)
        parts.append(translate("export.objective.target", lang, target=target, unit=objective.unit))
    if objective.due_date is not None:
        parts.append(
            translate("export.objective.due", lang, day=format_date(objective.due_date, lang))
        )
    return " — ".join(part.strip() for part in parts)


def _populations(results: PlanResults, lang: str) -> _Rows:
    keys = ("community", "name", "headcount", "wave_date", "criteria", *_FACTORS, "id")
    rows: list[list[Cell]] = []
    for community, population in results.plan.all_populations():
        ratings = population.resistance.ratings()
        rows.append(
            [
                community.name,
                population.name,
                population.headcount,
                population.wave_date,
                population.criteria or None,
                *(ratings[ResistanceFactor(factor)] for factor in _FACTORS),
                population.id,
            ]
        )
    return keys, rows


def _ambassadors(results: PlanResults, lang: str) -> _Rows:
    keys = ("community", "name", "population", "hours_per_week", "training_date", "id")
    rows: list[list[Cell]] = []
    for community in results.plan.communities:
        for ambassador in community.ambassadors:
            population = community.population(ambassador.population_id)
            rows.append(
                [
                    community.name,
                    ambassador.name,
                    population.name if population else ambassador.population_id,
                    ambassador.hours_per_week,
                    ambassador.training_date,
                    ambassador.id,
                ]
            )
    return keys, rows


def _core_team(results: PlanResults, lang: str) -> _Rows:
    keys = ("role", "person", "hours_before", "hours_after", "announced_on")
    rows: list[list[Cell]] = [
        [
            translate(f"role.{m.role.value}", lang),
            m.person or None,
            m.hours_before,
            m.hours_after,
            m.announced_on,
        ]
        for m in results.plan.core_team
    ]
    return keys, rows


def _sponsor_actions(results: PlanResults, lang: str) -> _Rows:
    communities, _ = _names(results)
    keys = ("date", "sponsor", "kind", "description", "community")
    rows: list[list[Cell]] = []
    for sponsor in results.plan.sponsors:
        name = f"{sponsor.name} ({sponsor.title})" if sponsor.title else sponsor.name
        for action in sponsor.actions:
            rows.append(
                [
                    action.date,
                    name,
                    translate(f"table.choice.kind.{action.kind.value}", lang),
                    action.description or None,
                    communities.get(action.community_id) if action.community_id else None,
                ]
            )
    rows.sort(key=lambda row: row[0] if isinstance(row[0], date) else date.min)
    return keys, rows


def _forecast(results: PlanResults, lang: str) -> _Rows:
    communities, populations = _names(results)
    keys = ("week", "community", "population", "new", "cumulative")
    rows: list[list[Cell]] = [
        [
            _as_date(row["week"]),
            communities.get(str(row["community_id"]), str(row["community_id"])),
            populations.get((str(row["community_id"]), str(row["population_id"]))),
            _rounded(row["new"]),
            _rounded(row["cumulative"]),
        ]
        for row in forecast_rows(results.forecast)
    ]
    return keys, rows


def _rounded(value: object) -> float | None:
    # Members are people: one decimal keeps the curve's shape without pretending to precision.
    return round(float(value), 1) if isinstance(value, int | float) else None


def _tracking(results: PlanResults, lang: str) -> _Rows:
    rows: list[list[Cell]] = []
    if results.tracking is not None:
        rows = list(tracking_rows(results.tracking, lang))
    return TRACKING_KEYS, rows


def _actuals(results: PlanResults, lang: str) -> _Rows:
    rows: list[list[Cell]] = []
    if results.tracking is not None:
        rows = list(actuals_rows(results.tracking))
    return ACTUALS_KEYS, rows


_BUILDERS = {
    "tasks": _tasks,
    "indicators": _indicators,
    "communities": _communities,
    "populations": _populations,
    "ambassadors": _ambassadors,
    "core_team": _core_team,
    "sponsor_actions": _sponsor_actions,
    "forecast": _forecast,
    "tracking": _tracking,
    "actuals": _actuals,
}
