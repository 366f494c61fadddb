"""Adoption forecast: a Bass diffusion curve per population from its wave date.

``forecast(plan, params)`` is pure: it reads the plan and returns a ``Forecast``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.i18n import Message
from planner.models import ForecastParams, Plan


@dataclass(frozen=True, slots=True)
class Multipliers:
    """The explicit adjustments applied to a population's curve (1.0 means unchanged)."""

    sponsor: float  # on p: visible sponsor support brings people in through official channels
    ambassadors: float  # on q: peers who champion the community spread it by word of mouth
    resistance: float  # on the ceiling: brakes lower the share that ever joins


@dataclass(frozen=True, slots=True)
class PopulationForecast:
    """The forecast of one population: parameters after adjustment and members per week."""

    community_id: str
    community_name: str
    population_id: str
    population_name: str
    headcount: int
    wave_date: date
    p: float
    q: float
    ceiling: float
    multipliers: Multipliers
    cumulative: tuple[float, ...]  # members joined by the end of each forecast week
    new: tuple[float, ...]  # members joining during each forecast week


@dataclass(frozen=True, slots=True)
class Participation:
    """Members at the horizon split by the 90-9-1 rule."""

    creators: float
    contributors: float
    lurkers: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """Weekly forecast for every population with a headcount and a wave date."""

    params: ForecastParams
    weeks: tuple[date, ...]  # first day of each forecast week
    populations: tuple[PopulationForecast, ...]
    total_cumulative: tuple[float, ...]
    total_new: tuple[float, ...]
    participation: Participation
    skipped: tuple[Message, ...]  # populations left out, and why


def forecast(plan: Plan, params: ForecastParams | None = None) -> Forecast:
    """Forecast adoption for ``plan``; ``params`` overrides the plan's own forecast parameters."""
    raise NotImplementedError
