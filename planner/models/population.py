"""Target populations: who joins a community, how many, in which wave, and what holds them back."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from planner.models._base import (
    Day,
    Identifier,
    LongText,
    OptionalWholeNumber,
    ShortText,
    TotemModel,
)


class ResistanceFactor(StrEnum):
    """The six brakes on adoption, rated per population."""

    MARKET_PRESSURE = "market_pressure"
    WORKLOAD = "workload"
    DIVERGING_PRIORITIES = "diverging_priorities"
    PROCESS_DISTRUST = "process_distrust"
    TOOL_RELUCTANCE = "tool_reluctance"
    EMAIL_OVERLAP = "email_overlap"


_FACTORS = tuple((factor, factor.value) for factor in ResistanceFactor)


class Resistance(TotemModel):
    """How strongly each brake weighs on a population: 0 none, 1 low, 2 marked, 3 strong.

    An unrated factor is ``None``: the resistance indicator asks for it to be rated.
    """

    market_pressure: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=3,
        description="Pressure from customers and competitors leaves no time (0–3).",
    )
    workload: OptionalWholeNumber = Field(
        default=None, ge=0, le=3, description="Day-to-day workload crowds out anything new (0–3)."
    )
    diverging_priorities: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=3,
        description="The department's own priorities pull elsewhere (0–3).",
    )
    process_distrust: OptionalWholeNumber = Field(
        default=None, ge=0, le=3, description="Distrust of new ways of working (0–3)."
    )
    tool_reluctance: OptionalWholeNumber = Field(
        default=None, ge=0, le=3, description="Reluctance to take up one more software tool (0–3)."
    )
    email_overlap: OptionalWholeNumber = Field(
        default=None, ge=0, le=3, description="E-mail keeps carrying the same conversations (0–3)."
    )

    def ratings(self) -> dict[ResistanceFactor, int | None]:
        """Return each factor with its rating, in the canonical order."""
        return {factor: getattr(self, name) for factor, name in _FACTORS}


class Population(TotemModel):
    """A precisely defined group invited to a community in one wave."""

    id: Identifier
    name: ShortText = Field(
        description="How the team calls this group, e.g. 'Lyon plant shift leads'."
    )
    criteria: LongText = Field(
        default="",
        description="Who exactly belongs: department, site, role… precise enough to list people.",
    )
    headcount: OptionalWholeNumber = Field(
        default=None, gt=0, le=10_000_000, description="Number of people in the population."
    )
    wave_date: Day | None = Field(
        default=None,
        description="Day this population is invited; the first wave opens at pilot or launch.",
    )
    resistance: Resistance = Field(
        default_factory=Resistance, description="Ratings 0–3 of the six brakes on adoption."
    )
