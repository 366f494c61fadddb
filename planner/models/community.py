"""Communities: the totem subject, what success means, who is invited and who champions it."""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise
from typing import Self

from pydantic import Field, model_validator

from planner.models._base import (
    Day,
    Identifier,
    LongText,
    Number,
    OptionalNumber,
    RuleBreak,
    ShortText,
    TotemModel,
    duplicate_ids,
    raise_rule_breaks,
)
from planner.models.actuals import Snapshot
from planner.models.population import Population


class Objective(TotemModel):
    """A measurable objective: an indicator, the target value, the date it is due."""

    indicator: ShortText = Field(
        description="What is measured, e.g. 'questions answered within 48 h'."
    )
    target: Number | None = Field(default=None, description="Value to reach on the indicator.")
    unit: ShortText = Field(default="", description="Unit of the target, e.g. '%', 'posts/week'.")
    due_date: Day | None = Field(default=None, description="Date by which the target is reached.")

    @property
    def is_measurable(self) -> bool:
        """True when the objective has both a target and a due date."""
        return self.target is not None and self.due_date is not None


class Cadence(StrEnum):
    """How often an animation ritual recurs."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def days(self) -> int:
        """Days between two occurrences."""
        return _CADENCE_DAYS[self]


_CADENCE_DAYS = {
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 30,
    Cadence.QUARTERLY: 91,
}


class Ritual(TotemModel):
    """A recurring animation that feeds the community's momentum week after week."""

    name: ShortText = Field(description="What happens, e.g. 'Friday tips thread'.")
    cadence: Cadence = Field(default=Cadence.WEEKLY, description="How often it recurs.")
    start_date: Day | None = Field(
        default=None, description="First occurrence; the official launch date when empty."
    )
    end_date: Day | None = Field(
        default=None,
        description="Last possible occurrence; the end of the launch period when empty.",
    )
    owner: ShortText = Field(default="", description="Who runs it.")


class Ambassador(TotemModel):
    """A motivated peer who promotes the community within one target population."""

    id: Identifier
    name: ShortText = Field(description="The ambassador's name.")
    population_id: Identifier = Field(description="Id of the population this ambassador serves.")
    hours_per_week: OptionalNumber = Field(
        default=None, ge=0, le=40, description="Hours a week the ambassador can give the community."
    )
    training_date: Day | None = Field(
        default=None, description="Day the ambassador is trained; best 7–10 days before the wave."
    )


class Community(TotemModel):
    """One community of the plan, built around its totem subject."""

    id: Identifier
    name: ShortText = Field(description="Name of the community as members will see it.")
    totem_subject: LongText = Field(
        default="", description="The shared topic that gives members a reason to come back."
    )
    objectives: list[Objective] = Field(
        default_factory=list, description="Measurable objectives: indicator, target, due date."
    )
    benefits: list[ShortText] = Field(
        default_factory=list, description="What each member concretely gains by taking part."
    )
    community_manager: ShortText = Field(
        default="", description="Person who runs the community day to day."
    )
    populations: list[Population] = Field(
        default_factory=list, description="Target populations, each invited in a wave."
    )
    ambassadors: list[Ambassador] = Field(
        default_factory=list, description="Ambassadors, each serving one of the populations."
    )
    rituals: list[Ritual] = Field(
        default_factory=list, description="Recurring animation that keeps momentum after launch."
    )
    network_group: ShortText = Field(
        default="",
        description="Name of this community's group on the network, as its reports spell it.",
    )
    actuals: list[Snapshot] = Field(
        default_factory=list,
        description="Dated snapshots of the community on the network after launch.",
    )

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        breaks = duplicate_ids("populations", [p.id for p in self.populations])
        breaks += duplicate_ids("ambassadors", [a.id for a in self.ambassadors])
        known = {p.id for p in self.populations}
        for index, ambassador in enumerate(self.ambassadors):
            if ambassador.population_id not in known:
                breaks.append(
                    RuleBreak(
                        ("ambassadors", index, "population_id"),
                        "unknown_population",
                        "no population '{population_id}' in this community; "
                        "pick one of: {known}, or add that population first",
                        population_id=ambassador.population_id,
                        known=", ".join(sorted(known)) or "(none yet)",
                    )
                )
        for index, ritual in enumerate(self.rituals):
            if ritual.start_date and ritual.end_date and ritual.end_date < ritual.start_date:
                breaks.append(
                    RuleBreak(
                        ("rituals", index, "end_date"),
                        "ritual_ends_before_start",
                        "the ritual ends ({end}) before it starts ({start}); "
                        "move the end date after the start date",
                        end=ritual.end_date,
                        start=ritual.start_date,
                    )
                )
        breaks += _snapshot_breaks(self.actuals)
        raise_rule_breaks("Community", breaks)
        return self

    def population(self, population_id: str) -> Population | None:
        """Return the population with this id, or None."""
        return next((p for p in self.populations if p.id == population_id), None)


def _snapshot_breaks(actuals: list[Snapshot]) -> list[RuleBreak]:
    """Two snapshots on one day, or members going down from one snapshot to the next."""
    breaks: list[RuleBreak] = []
    seen: dict[object, int] = {}
    for index, snapshot in enumerate(actuals):
        if snapshot.date in seen:
            breaks.append(
                RuleBreak(
                    ("actuals", index, "date"),
                    "duplicate_snapshot",
                    "two snapshots on {day}; keep one reading a day",
                    day=snapshot.date,
                )
            )
        seen.setdefault(snapshot.date, index)
    counted = [i for i, snapshot in enumerate(actuals) if snapshot.members is not None]
    ordered = sorted(counted, key=lambda i: actuals[i].date)
    for before, after in pairwise(ordered):
        earlier, later = actuals[before], actuals[after]
        assert earlier.members is not None
        assert later.members is not None
        if later.date != earlier.date and later.members < earlier.members:
            breaks.append(
                RuleBreak(
                    ("actuals", after, "members"),
                    "members_went_down",
                    "members go down from {before} on {before_day} to {after} on {after_day}; "
                    "members are counted since launch and never go down: check the figure",
                    before=earlier.members,
                    before_day=earlier.date,
                    after=later.members,
                    after_day=later.date,
                )
            )
    return breaks
