"""Actuals: what the network really shows after launch, as dated snapshots per community.

A snapshot holds the community's cumulative members on its date and, when the source gives
them, the activity since the previous snapshot: posts, distinct posters, readers and reactions.
A snapshot may lack members (the network data export has activity only) but not everything.
The plan keeps the snapshots, so tracking reads the same figures on every machine.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from planner.models._base import Day, OptionalWholeNumber, RuleBreak, TotemModel, raise_rule_breaks


class Snapshot(TotemModel):
    """One dated reading of a community on the network."""

    date: Day = Field(description="Day the figures were read (the report's refresh date).")
    members: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description="Members of the community on that day (cumulative); empty when the source "
        "only gives activity, as the network data export does.",
    )
    posts: OptionalWholeNumber = Field(
        default=None, ge=0, le=10_000_000, description="Posts since the previous snapshot."
    )
    posters: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description="Distinct members who posted since the previous snapshot.",
    )
    readers: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description="Distinct members who read since the previous snapshot.",
    )
    reactions: OptionalWholeNumber = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description="Reactions (likes…) since the previous snapshot.",
    )

    @model_validator(mode="after")
    def _check_figures(self) -> Self:
        figures = (self.members, self.posts, self.posters, self.readers, self.reactions)
        if all(figure is None for figure in figures):
            raise_rule_breaks(
                "Snapshot",
                [
                    RuleBreak(
                        ("members",),
                        "empty_snapshot",
                        "a snapshot needs at least one figure: members, posts, posters, "
                        "readers or reactions",
                    )
                ],
            )
        return self
