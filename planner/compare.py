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
from typing import Any

from planner.forecast import Forecast
from planner.i18n import Message
from planner.indicators import Assessment, Level
from planner.models import Plan
from planner.timeline import TaskKind, Timeline

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
    "compare",
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
    raise NotImplementedError  # filled in by the next commit
