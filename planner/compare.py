"""Compare two plans, or two revisions of one plan: what the change does to readiness, the
forecast and the schedule, and exactly which content changed.

``compare(a, b)`` is pure: it reads both plans and returns a ``Comparison`` whose parts are
frozen dataclasses. *A* is the reference (the older revision, the base scenario) and *B* the
plan compared with it; every delta is *B minus A*.

- ``Comparison.readiness`` (``ReadinessComparison``): both ``Assessment``\\ s, one
  ``IndicatorDelta`` per indicator (levels, scores, ``delta``), the overall ``score_delta``, and
  the findings that ``appeared`` in B or ``disappeared`` from A, as ``Message``\\ s compared by
  their id and parameters.
- ``Comparison.forecast`` (``ForecastComparison``): a ``ForecastSide`` per plan, each forecast
  with that plan's own parameters: members at the end of the launch period (``members_end``,
  ``None`` without an end date) and at the horizon, and the weekly cumulative series, in total
  and per community (``CommunitySeries``), for a chart.
- ``Comparison.timeline`` (``TimelineComparison``): both ``Timeline``\\ s and the ``TaskShift``\\ s
  of the tasks that ``moved`` (start or end changed), ``appeared`` or ``disappeared``. A task is
  known by its id, ``task:<kind>[:<community id>[:<population id>]]`` (``task:review_metrics:30``
  for the review milestones): ids are what the user never retypes, so a renamed community or
  population, or a reordered list, keeps its tasks, while names and positions would not. Phases
  are not compared: wave phases are numbered by date, so their ids shift when a wave is added.
- ``Comparison.changes``: one ``ContentChange`` per precise change, each with a ``path``
  (``launch_date``, ``communities[ops].name``, ``communities[ops].populations[shift].headcount``,
  ``communities[ops].ambassadors`` for the number of ambassadors, ``communities[new]`` for a
  community present on one side only), the value ``before`` and ``after`` (``None`` on the side
  where it is absent), the ``community_id`` it belongs to, and ``message``, the sentence to show
  (``Ambassadeurs de Conducteurs de ligne : 9 → 14``). ``Comparison.changes_by_community()``
  groups them. Items added to or removed from a community's populations, ambassadors,
  objectives or rituals are counted on their list (``before``/``after`` are the counts, and
  ``added``/``removed`` name the items); edited items get one change per field.

Comparing a plan with itself gives zero deltas and no change, move or finding.

Example::

    >>> result = compare(plan, revised)
    >>> result.readiness.score_delta, [c.path for c in result.changes]
    (4, ['communities[ops].ambassadors'])
    >>> render(result.changes[0].message, "fr")
    'Ambassadeurs de Conducteurs de ligne : 9 → 14'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from planner.forecast import WEEK_DAYS, Forecast, forecast
from planner.i18n import Message, format_number, has_message, render, translate
from planner.indicators import Assessment, Level, assess
from planner.models import Cadence, CoreRole, Language, Plan, Platform, SponsorActionKind
from planner.store.changes import _kept_lists, _sections, change_codes
from planner.timeline import Task, TaskKind, Timeline, build_timeline

__all__ = [
    "ChangeKind",
    "CommunitySeries",
    "Comparison",
    "ContentChange",
    "ForecastComparison",
    "ForecastSide",
    "IndicatorDelta",
    "ReadinessComparison",
    "ShiftKind",
    "TaskShift",
    "TimelineComparison",
    "change_groups",
    "compare",
    "comparison_json",
    "content_changes",
    "finding_lines",
    "forecast_rows",
    "readiness_rows",
    "shift_message",
    "signed",
    "task_lines",
]


# ----------------------------------------------------------------------------------- readiness
@dataclass(frozen=True, slots=True)
class IndicatorDelta:
    """One indicator in A and in B."""

    id: str
    level_a: Level
    level_b: Level
    score_a: int
    score_b: int

    @property
    def delta(self) -> int:
        """Score of B minus score of A."""
        return self.score_b - self.score_a


@dataclass(frozen=True, slots=True)
class ReadinessComparison:
    """Readiness of both plans, indicator by indicator, and the findings that came and went."""

    a: Assessment
    b: Assessment
    indicators: tuple[IndicatorDelta, ...]  # in the assessments' order
    appeared: tuple[Message, ...]  # findings of B that A does not have
    disappeared: tuple[Message, ...]  # findings of A that B no longer has

    @property
    def score_delta(self) -> int:
        """Overall readiness score of B minus that of A."""
        return self.b.score - self.a.score


# ------------------------------------------------------------------------------------ forecast
@dataclass(frozen=True, slots=True)
class CommunitySeries:
    """Members of one community joined by the end of each forecast week."""

    community_id: str
    community_name: str
    cumulative: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ForecastSide:
    """The forecast of one plan, with its own forecast parameters."""

    forecast: Forecast
    end_date: date | None  # the plan's end of the launch period
    members_end: float | None  # members by the week holding end_date; None without an end date
    members_horizon: float  # members by the last forecast week
    weeks: tuple[date, ...]  # first day of each forecast week
    total: tuple[float, ...]  # members of the whole plan by the end of each week
    communities: tuple[CommunitySeries, ...]  # in the plan's community order


@dataclass(frozen=True, slots=True)
class ForecastComparison:
    """Both forecasts and the difference in members."""

    a: ForecastSide
    b: ForecastSide

    @property
    def members_end_delta(self) -> float | None:
        """Members at the end of the launch period, B minus A; None when either has no end."""
        if self.a.members_end is None or self.b.members_end is None:
            return None
        return self.b.members_end - self.a.members_end

    @property
    def members_horizon_delta(self) -> float:
        """Members at the horizon, B minus A."""
        return self.b.members_horizon - self.a.members_horizon


# ------------------------------------------------------------------------------------ timeline
class ShiftKind(StrEnum):
    """How a task differs between the two timelines."""

    MOVED = "moved"
    APPEARED = "appeared"
    DISAPPEARED = "disappeared"


@dataclass(frozen=True, slots=True)
class TaskShift:
    """A task that moved, appeared or disappeared; dates are ``None`` on the side it is absent."""

    task_id: str
    kind: TaskKind
    shift: ShiftKind
    label: Message  # the task's label in B, or in A when it disappeared
    community_id: str | None
    population_id: str | None
    start_a: date | None
    end_a: date | None
    start_b: date | None
    end_b: date | None

    @property
    def days(self) -> int:
        """Days the start moved (B minus A); 0 for a task that appeared or disappeared."""
        if self.start_a is None or self.start_b is None:
            return 0
        return (self.start_b - self.start_a).days


@dataclass(frozen=True, slots=True)
class TimelineComparison:
    """Both timelines and the tasks that differ, each tuple sorted by task id."""

    a: Timeline
    b: Timeline
    moved: tuple[TaskShift, ...]
    appeared: tuple[TaskShift, ...]
    disappeared: tuple[TaskShift, ...]


# ------------------------------------------------------------------------------------- content
class ChangeKind(StrEnum):
    """What happened to the thing a ``ContentChange`` names."""

    ADDED = "added"  # present in B only: ``before`` is None
    REMOVED = "removed"  # present in A only: ``after`` is None
    CHANGED = "changed"  # a value, or the number of items of a list, differs


@dataclass(frozen=True, slots=True)
class ContentChange:
    """One precise change of content between A and B.

    ``before`` and ``after`` are plain values (text, number, date, list of texts, or a count
    for a list); ``added``/``removed`` list the ids (or ``#position``) of the items a list
    gained or lost.
    """

    path: str
    kind: ChangeKind
    before: Any
    after: Any
    community_id: str | None  # None for plan-wide content: details, core team, sponsors…
    message: Message
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------- overall
@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything that differs between plan A and plan B."""

    name_a: str
    name_b: str
    readiness: ReadinessComparison
    forecast: ForecastComparison
    timeline: TimelineComparison
    changes: tuple[ContentChange, ...]  # plan-wide first, then by community, in plan order
    community_names: Mapping[str, str]  # community id → name, B's name when in both

    @property
    def is_identical(self) -> bool:
        """True when the plans differ in nothing this comparison looks at."""
        return not self.changes and not self.timeline.moved and self.readiness.score_delta == 0

    def changes_by_community(self) -> dict[str | None, tuple[ContentChange, ...]]:
        """Group the changes by community id (``None`` first: plan-wide changes), in order."""
        groups: dict[str | None, list[ContentChange]] = {}
        for change in self.changes:
            groups.setdefault(change.community_id, []).append(change)
        return {key: tuple(value) for key, value in groups.items()}


def compare(a: Plan, b: Plan) -> Comparison:
    """Compare plan ``a`` (the reference) with plan ``b``.

    Args:
        a: the reference plan or older revision; only read.
        b: the plan or revision compared with it; only read.

    Returns:
        A ``Comparison``; every delta is B minus A. Each plan is assessed with its own
        thresholds and forecast with its own parameters.
    """
    names = {community.id: community.name for community in a.communities}
    names.update((community.id, community.name) for community in b.communities)
    return Comparison(
        name_a=a.name,
        name_b=b.name,
        readiness=_readiness(assess(a), assess(b)),
        forecast=ForecastComparison(_forecast_side(a), _forecast_side(b)),
        timeline=_timeline(build_timeline(a), build_timeline(b)),
        changes=content_changes(a, b),
        community_names=MappingProxyType(names),
    )


# ----------------------------------------------------------------------------------- readiness
def _readiness(a: Assessment, b: Assessment) -> ReadinessComparison:
    by_id = {indicator.id: indicator for indicator in a.indicators}
    deltas = tuple(
        IndicatorDelta(new.id, by_id[new.id].level, new.level, by_id[new.id].score, new.score)
        for new in b.indicators
        if new.id in by_id
    )
    old, new = _findings(a), _findings(b)
    return ReadinessComparison(
        a=a,
        b=b,
        indicators=deltas,
        appeared=tuple(message for key, message in new.items() if key not in old),
        disappeared=tuple(message for key, message in old.items() if key not in new),
    )


def _findings(assessment: Assessment) -> dict[str, Message]:
    """Every finding's message, keyed by its id and parameters (``Message`` is unhashable).

    The key is the message's ``repr``: it holds the id and every parameter, nested messages
    and percentages included, and costs a fraction of a recursive freeze on a large plan. The
    core builds each kind of finding's parameters in one fixed order, so equal findings have
    equal keys.
    """
    return {
        repr(finding.message): finding.message
        for indicator in assessment.indicators
        for finding in indicator.findings
    }


# ------------------------------------------------------------------------------------ forecast
def _forecast_side(plan: Plan) -> ForecastSide:
    result = forecast(plan)
    weeks = result.weeks
    sums: dict[str, list[float]] = {}
    for population in result.populations:
        series = sums.setdefault(population.community_id, [0.0] * len(weeks))
        for index, members in enumerate(population.cumulative):
            series[index] += members
    communities = tuple(
        CommunitySeries(community.id, community.name, tuple(sums[community.id]))
        for community in plan.communities
        if community.id in sums
    )
    members_end = None
    if plan.end_date is not None:
        members_end = 0.0
        if weeks and plan.end_date >= weeks[0]:
            # The week holding the end date, or the last week when the grid stops before it.
            index = min((plan.end_date - weeks[0]).days // WEEK_DAYS, len(weeks) - 1)
            members_end = result.total_cumulative[index]
    return ForecastSide(
        forecast=result,
        end_date=plan.end_date,
        members_end=members_end,
        members_horizon=result.members_at_horizon,
        weeks=weeks,
        total=result.total_cumulative,
        communities=communities,
    )


# ------------------------------------------------------------------------------------ timeline
def _timeline(a: Timeline, b: Timeline) -> TimelineComparison:
    old = {task.id: task for task in a.tasks}
    new = {task.id: task for task in b.tasks}
    moved = [
        _shift(ShiftKind.MOVED, old[key], new[key])
        for key in sorted(old.keys() & new.keys())
        if old[key].start != new[key].start or old[key].end != new[key].end
    ]
    appeared = [_shift(ShiftKind.APPEARED, None, new[key]) for key in sorted(new.keys() - old)]
    gone = [_shift(ShiftKind.DISAPPEARED, old[key], None) for key in sorted(old.keys() - new)]
    return TimelineComparison(a, b, tuple(moved), tuple(appeared), tuple(gone))


def _shift(shift: ShiftKind, before: Task | None, after: Task | None) -> TaskShift:
    task = after or before
    assert task is not None
    return TaskShift(
        task_id=task.id,
        kind=task.kind,
        shift=shift,
        label=task.label,
        community_id=task.community_id,
        population_id=task.population_id,
        start_a=before.start if before else None,
        end_a=before.end if before else None,
        start_b=after.start if after else None,
        end_b=after.end if after else None,
    )


# ------------------------------------------------------------------------------------- content
#: The lists of a community, counted when items come or go, with the field naming an item.
_COMMUNITY_LISTS = {
    "populations": "name",
    "ambassadors": "name",
    "objectives": "indicator",
    "rituals": "name",
}
#: Catalogue ids naming the values of the plan's choice fields.
_CHOICE_LABELS: dict[type[StrEnum], str] = {
    Platform: "export.platform",
    Language: "ui.language",
    CoreRole: "role",
    SponsorActionKind: "table.choice.kind",
    Cadence: "table.choice.cadence",
}


def content_changes(a: Plan, b: Plan) -> tuple[ContentChange, ...]:
    """List the precise content changes from ``a`` to ``b`` (see the module docstring).

    The store's change summary decides which sections differ and keys their items (by id, or
    by position for items without one), so the history and the comparison agree on what
    changed; only the sections it reports are walked field by field.
    """
    codes = change_codes(a, b)
    touched = {code["section"] for code in codes if "section" in code}
    if not touched:
        return ()
    # A community's lists are only walked when something in them changed.
    kept = _kept_lists(a, b)
    old = _sections(a, frozenset(), kept)
    new = _sections(b, frozenset(), kept)
    walk = _Walk(a, b)
    if "details" in touched:
        for (name,), value in old["details"].items():
            walk.value(
                name, None, Message(f"compare.field.plan.{name}"), value, new["details"][(name,)]
            )
    if "settings" in touched:
        for (name,), model in old["settings"].items():
            walk.fields(name, None, "setting", {}, model, new["settings"][(name,)])
    walk.communities(old, new)
    walk.plan_lists(old, new, touched)
    return walk.sorted_changes()


class _Walk:
    """Collects the changes of one comparison, community by community."""

    def __init__(self, a: Plan, b: Plan) -> None:
        self.old_names = {community.id: community.name for community in a.communities}
        self.new_names = {community.id: community.name for community in b.communities}
        order = list(self.new_names) + [cid for cid in self.old_names if cid not in self.new_names]
        self.rank = {cid: rank for rank, cid in enumerate(order)}
        self.changes: list[ContentChange] = []

    def sorted_changes(self) -> tuple[ContentChange, ...]:
        """Plan-wide changes first, then each community's, in B's order (removed ones last)."""
        return tuple(
            sorted(
                self.changes,
                key=lambda change: (
                    -1 if change.community_id is None else self.rank[change.community_id]
                ),
            )
        )

    def value(
        self, path: str, community_id: str | None, what: Message, before: Any, after: Any
    ) -> None:
        """Record a changed value, unless it did not change."""
        if before == after:
            return
        message = Message(
            "compare.change.value",
            {"what": what, "before": _shown(before), "after": _shown(after)},
        )
        self.changes.append(
            ContentChange(
                path, ChangeKind.CHANGED, _plain(before), _plain(after), community_id, message
            )
        )

    def fields(
        self,
        path: str,
        community_id: str | None,
        entity: str,
        params: dict[str, Any],
        before: BaseModel | Mapping[str, Any],
        after: BaseModel | Mapping[str, Any],
    ) -> None:
        """Record each field that differs between two versions of one item, nested ones too."""
        old = before if isinstance(before, Mapping) else _fields(before)
        new = after if isinstance(after, Mapping) else _fields(after)
        for name in dict.fromkeys([*old, *new]):
            x, y = old.get(name), new.get(name)
            if name == "id" or x is y or x == y:
                continue
            where = f"{path}.{name}"
            if isinstance(x, BaseModel | Mapping) and isinstance(y, BaseModel | Mapping):
                self.fields(where, community_id, f"{entity}.{name}", params, x, y)
            else:
                self.value(where, community_id, _label(entity, str(name), params, where), x, y)

    def added_or_removed(
        self, path: str, kind: ChangeKind, community_id: str | None, message: Message, name: Any
    ) -> None:
        before, after = (None, name) if kind is ChangeKind.ADDED else (name, None)
        self.changes.append(
            ContentChange(path, kind, _plain(before), _plain(after), community_id, message)
        )

    def communities(self, old: _Sections, new: _Sections) -> None:
        """Communities added, removed, renamed or edited, and the changes of their lists."""
        before, after = old["communities"], new["communities"]
        for (cid,), fields in after.items():
            if (cid,) not in before:
                self.added_or_removed(
                    f"communities[{cid}]",
                    ChangeKind.ADDED,
                    cid,
                    Message("compare.change.community_added", {"name": fields["name"]}),
                    fields["name"],
                )
        for (cid,), fields in before.items():
            if (cid,) not in after:
                self.added_or_removed(
                    f"communities[{cid}]",
                    ChangeKind.REMOVED,
                    cid,
                    Message("compare.change.community_removed", {"name": fields["name"]}),
                    fields["name"],
                )
            elif fields != after[(cid,)]:
                # Named as it was: "Name of <old name>: old → new" reads right for a rename.
                params = {"community": self.old_names[cid]}
                self.fields(f"communities[{cid}]", cid, "community", params, fields, after[(cid,)])
        for section, naming in _COMMUNITY_LISTS.items():
            old_items, new_items = _by_owner(old[section]), _by_owner(new[section])
            for cid in dict.fromkeys([*old_items, *new_items]):
                if cid in self.old_names and cid in self.new_names:
                    self._items(
                        f"communities[{cid}].{section}",
                        cid,
                        section,
                        naming,
                        {"community": self.new_names[cid]},
                        old_items.get(cid, {}),
                        new_items.get(cid, {}),
                    )

    def _items(
        self,
        path: str,
        community_id: str | None,
        section: str,
        naming: str,
        params: dict[str, Any],
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        """A list's items: one count change when items came or went, then each edited item."""
        added = tuple(key for key in after if key not in before)
        removed = tuple(key for key in before if key not in after)
        if added or removed:
            what = Message(f"compare.field.{_ENTITY[section]}s", params)
            message = Message(
                "compare.change.value", {"what": what, "before": len(before), "after": len(after)}
            )
            self.changes.append(
                ContentChange(
                    path,
                    ChangeKind.CHANGED,
                    len(before),
                    len(after),
                    community_id,
                    message,
                    added=added,
                    removed=removed,
                )
            )
        for key, item in after.items():
            old = before.get(key)
            if old is not None and old is not item and old != item:
                item_params = {**params, "item": getattr(item, naming)}
                self.fields(
                    f"{path}[{key}]", community_id, _ENTITY[section], item_params, old, item
                )

    def plan_lists(self, old: _Sections, new: _Sections, touched: set[str]) -> None:
        """The core team, the sponsors and their actions."""
        if "core_team" in touched:
            before, after = old["core_team"], new["core_team"]
            for kind, here, there in (
                (ChangeKind.ADDED, after, before),
                (ChangeKind.REMOVED, before, after),
            ):
                for (key,), member in here.items():
                    if (key,) not in there:
                        role = Message(f"role.{member.role.value}")
                        self.added_or_removed(
                            f"core_team[{key}]",
                            kind,
                            None,
                            Message(f"compare.change.core_team_{kind.value}", {"role": role}),
                            member.role,
                        )
            for (key,), member in after.items():
                previous = before.get((key,))
                if previous is not None and previous != member:
                    params = {"item": Message(f"role.{member.role.value}")}
                    self.fields(f"core_team[{key}]", None, "core_team", params, previous, member)
        if "sponsors" in touched or "sponsor_actions" in touched:
            before, after = old["sponsors"], new["sponsors"]
            for kind, here, there in (
                (ChangeKind.ADDED, after, before),
                (ChangeKind.REMOVED, before, after),
            ):
                for (sid,), fields in here.items():
                    if (sid,) not in there:
                        self.added_or_removed(
                            f"sponsors[{sid}]",
                            kind,
                            None,
                            Message(
                                f"compare.change.sponsor_{kind.value}", {"name": fields["name"]}
                            ),
                            fields["name"],
                        )
            old_actions, new_actions = (
                _by_owner(old["sponsor_actions"]),
                _by_owner(new["sponsor_actions"]),
            )
            for (sid,), fields in after.items():
                previous = before.get((sid,))
                if previous is None:
                    continue
                params = {"item": fields["name"]}
                if previous != fields:
                    self.fields(f"sponsors[{sid}]", None, "sponsor", params, previous, fields)
                self._items(
                    f"sponsors[{sid}].actions",
                    None,
                    "actions",
                    "description",
                    params,
                    old_actions.get(sid, {}),
                    new_actions.get(sid, {}),
                )


_Sections = dict[str, dict[tuple[Any, ...], Any]]

#: The entity an item of each list is, as named in the ``compare.field.*`` catalogue ids.
_ENTITY = {
    "populations": "population",
    "ambassadors": "ambassador",
    "objectives": "objective",
    "rituals": "ritual",
    "actions": "sponsor_action",
}


def _by_owner(items: Mapping[tuple[Any, ...], Any]) -> dict[str, dict[str, Any]]:
    """Group ``(owner id, item key)`` entries by owner."""
    grouped: dict[str, dict[str, Any]] = {}
    for (owner, key), item in items.items():
        grouped.setdefault(owner, {})[key] = item
    return grouped


def _fields(model: BaseModel) -> dict[str, Any]:
    return {name: getattr(model, name) for name in type(model).model_fields}


def _label(entity: str, name: str, params: dict[str, Any], path: str) -> Message:
    """The words naming a field in a sentence, or its path when the catalogue has none."""
    message_id = f"compare.field.{entity}.{name}"
    if has_message(message_id):
        return Message(message_id, params)
    if entity == "population.resistance":
        return Message("compare.field.resistance", {**params, "factor": Message(f"factor.{name}")})
    return Message("compare.field.other", {"path": path})


def _shown(value: Any) -> Any:
    """A value as a message parameter: formatted for the language when it is rendered."""
    if value is None or (isinstance(value, list | tuple) and not value):
        return Message("compare.value.none")
    if isinstance(value, bool):
        return Message("compare.value.yes" if value else "compare.value.no")
    if isinstance(value, StrEnum):
        prefix = _CHOICE_LABELS.get(type(value))
        return Message(f"{prefix}.{value.value}") if prefix else value.value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        # Message parameters show floats with one decimal: keep a finer value as it is.
        return value if round(value, 1) == value else repr(value)
    if isinstance(value, list | tuple):
        return [_shown(item) for item in value]
    if isinstance(value, BaseModel | Mapping):
        return str(_plain(value))
    return value


def _plain(value: Any) -> Any:
    """A value as plain data: texts, numbers, dates, tuples and dicts."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(_plain(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return value


# ------------------------------------------------------------------------------ report helpers
# Shared by the command line, the PDF and the CSV export, so that they say the same things.


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (the shape ``python -m planner compare --json`` prints).

    ``{"a": {"score", "level", "indicators": {id: {"level", "score"}}, "members_end"}, "b": …,
    "delta": {"score", "indicators": {id: delta}, "members_end"}, "moved": [{"task", "days"}],
    "changed": [{"path", "before", "after"}]}``; dates are ISO texts, ``members_end`` is rounded
    to whole members and ``None`` without an end date.
    """
    readiness, fc = comparison.readiness, comparison.forecast

    def side(assessment: Assessment, forecast_side: ForecastSide) -> dict[str, Any]:
        return {
            "score": assessment.score,
            "level": assessment.level.value,
            "indicators": {
                indicator.id: {"level": indicator.level.value, "score": indicator.score}
                for indicator in assessment.indicators
            },
            "members_end": _members(forecast_side.members_end),
        }

    end_delta = fc.members_end_delta
    return {
        "a": side(readiness.a, fc.a),
        "b": side(readiness.b, fc.b),
        "delta": {
            "score": readiness.score_delta,
            "indicators": {delta.id: delta.delta for delta in readiness.indicators},
            "members_end": None if end_delta is None else round(end_delta),
        },
        "moved": [
            {"task": shift.task_id, "days": shift.days} for shift in comparison.timeline.moved
        ],
        "changed": [
            {"path": change.path, "before": _json(change.before), "after": _json(change.after)}
            for change in comparison.changes
        ],
    }


def _members(value: float | None) -> int | None:
    return None if value is None else round(value)


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items()}
    return value


def signed(value: float, lang: str) -> str:
    """A delta with its sign, formatted for ``lang``: ``+4``, ``−12``, ``0``."""
    text = format_number(abs(value), lang)
    if text == format_number(0, lang):
        return text
    return ("+" if value > 0 else "\u2212") + text


def readiness_rows(comparison: Comparison, lang: str) -> list[list[str]]:
    """Rows ``[indicator, A, B, delta]`` in ``lang``: the overall score, then each indicator."""
    readiness = comparison.readiness

    def shown(score: int, level: Level) -> str:
        return translate(
            "compare.score_level", lang, score=str(score), level=translate(f"level.{level}", lang)
        )

    rows = [
        [
            translate("compare.overall", lang),
            shown(readiness.a.score, readiness.a.level),
            shown(readiness.b.score, readiness.b.level),
            signed(readiness.score_delta, lang),
        ]
    ]
    rows += [
        [
            translate(f"indicator.{delta.id}.name", lang),
            shown(delta.score_a, delta.level_a),
            shown(delta.score_b, delta.level_b),
            signed(delta.delta, lang),
        ]
        for delta in readiness.indicators
    ]
    return rows


def finding_lines(comparison: Comparison, lang: str) -> list[str]:
    """The findings that appeared (``New: …``) then those that disappeared (``Resolved: …``)."""
    readiness = comparison.readiness
    return [
        translate("compare.finding.appeared", lang, finding=render(message, lang))
        for message in readiness.appeared
    ] + [
        translate("compare.finding.disappeared", lang, finding=render(message, lang))
        for message in readiness.disappeared
    ]


def forecast_rows(comparison: Comparison, lang: str) -> list[list[str]]:
    """Rows ``[measure, A, B, delta]``: members at the end of the launch period, at the horizon."""
    fc = comparison.forecast
    none = translate("compare.no_end", lang)

    def members(value: float | None) -> str:
        return none if value is None else format_number(value, lang)

    end_delta = fc.members_end_delta
    return [
        [
            translate("compare.members_end", lang),
            members(fc.a.members_end),
            members(fc.b.members_end),
            "" if end_delta is None else signed(end_delta, lang),
        ],
        [
            translate("compare.members_horizon", lang),
            members(fc.a.members_horizon),
            members(fc.b.members_horizon),
            signed(fc.members_horizon_delta, lang),
        ],
    ]


def shift_message(shift: TaskShift) -> Message:
    """The sentence saying how a task moved, appeared or disappeared."""
    if shift.shift is ShiftKind.APPEARED:
        return Message("compare.moved.appeared", {"task": shift.label, "start": shift.start_b})
    if shift.shift is ShiftKind.DISAPPEARED:
        return Message("compare.moved.disappeared", {"task": shift.label})
    if shift.days > 0:
        return Message("compare.moved.later", {"task": shift.label, "count": shift.days})
    if shift.days < 0:
        return Message("compare.moved.earlier", {"task": shift.label, "count": -shift.days})
    return Message("compare.moved.end", {"task": shift.label, "end": shift.end_b})


def task_lines(comparison: Comparison, lang: str, *, limit: int | None = None) -> list[str]:
    """Moved, then appeared, then disappeared tasks, one sentence each; at most ``limit``."""
    timeline = comparison.timeline
    shifts = [*timeline.moved, *timeline.appeared, *timeline.disappeared]
    shown = shifts if limit is None else shifts[:limit]
    lines = [render(shift_message(shift), lang) for shift in shown]
    if len(shown) < len(shifts):
        lines.append(translate("compare.moved.more", lang, count=len(shifts) - len(shown)))
    return lines


def change_groups(comparison: Comparison, lang: str) -> list[tuple[str, list[str]]]:
    """The content changes as ``(heading, sentences)``: the whole plan, then each community."""
    return [
        (
            translate("compare.section.plan_wide", lang)
            if community_id is None
            else comparison.community_names.get(community_id, community_id),
            [render(change.message, lang) for change in changes],
        )
        for community_id, changes in comparison.changes_by_community().items()
    ]
