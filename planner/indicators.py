"""Readiness and risk indicators, one per launch prerequisite, plus resistance and momentum.

``assess(plan)`` is pure: it reads the plan and returns an ``Assessment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.i18n import Message
from planner.models import Plan, Thresholds

INDICATOR_IDS: tuple[str, ...] = (
    "launch_duration",
    "target_populations",
    "totem_subject",
    "sponsor_support",
    "core_team",
    "ambassadors",
    "resistance",
    "momentum",
)


class Level(StrEnum):
    """How ready a prerequisite is."""

    OK = "ok"
    WATCH = "watch"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation behind an indicator, about the plan, a community or a population."""

    level: Level
    message: Message
    community_id: str | None = None
    population_id: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator's verdict: level, 0–100 score, the reason and the recommended action."""

    id: str
    level: Level
    score: int
    reason: Message
    action: Message
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """All indicators of a plan and the overall readiness score."""

    indicators: tuple[Indicator, ...]
    score: int
    level: Level

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id."""
        return next(i for i in self.indicators if i.id == indicator_id)


def sponsor_support(plan: Plan, thresholds: Thresholds) -> Indicator:
    """Judge how visible and sustained the sponsors' support is."""
    raise NotImplementedError


def assess(plan: Plan, thresholds: Thresholds | None = None) -> Assessment:
    """Assess every prerequisite of ``plan``; ``thresholds`` overrides the plan's own."""
    raise NotImplementedError
