"""The plan: one organisation's launch on one network platform, the root of every plan file."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from planner.models._base import (
    Day,
    RuleBreak,
    ShortText,
    TotemModel,
    WholeNumber,
    duplicate_ids,
    raise_rule_breaks,
)
from planner.models.community import Community
from planner.models.people import CoreTeamMember, Sponsor
from planner.models.population import Population
from planner.models.settings import ForecastParams, Thresholds, TimingRules

#: Version of the plan file format this code writes.
SCHEMA_VERSION = 2

#: Older versions it still reads, migrating them on read (``planner.models.plan.migrate``).
#: Version 2 added each community's ``actuals`` and ``network_group``; a version 1 plan has
#: neither, so it migrates by taking the new version number and the empty defaults.
READABLE_VERSIONS: tuple[int, ...] = (1, 2)


def migrate(data: dict[str, object]) -> dict[str, object]:
    """Return the plan document ``data`` raised to ``SCHEMA_VERSION`` (the same one if it is).

    Only versions in ``READABLE_VERSIONS`` migrate; any other is returned as it is, for the
    model to refuse with its message.
    """
    version = data.get("schema_version")
    if version == 1 and not isinstance(version, bool):
        return {**data, "schema_version": 2}
    return data


class Platform(StrEnum):
    """Enterprise social networks a plan can target."""

    VIVA_ENGAGE = "viva_engage"
    TEAMS = "teams"
    WORKPLACE = "workplace"
    SLACK = "slack"
    JIVE = "jive"
    OTHER = "other"


class Language(StrEnum):
    """Languages the plan's texts and exports are written in."""

    EN = "en"
    FR = "fr"


class Plan(TotemModel):
    """A launch plan. Only ``schema_version`` and ``name`` are required: a draft is always valid."""

    schema_version: WholeNumber = Field(
        description="Version of the plan file format; this is version 2 (version 1 migrates)."
    )
    name: ShortText = Field(min_length=1, description="Name of the plan.")
    organisation: ShortText = Field(default="", description="Company or entity that launches.")
    platform: Platform = Field(
        default=Platform.OTHER, description="Enterprise social network the communities live on."
    )
    language: Language = Field(
        default=Language.EN, description="Language of the plan's texts and of its exports."
    )
    start_date: Day | None = Field(default=None, description="First day of preparation.")
    launch_date: Day | None = Field(default=None, description="Day of the official launch.")
    end_date: Day | None = Field(
        default=None, description="Last day of the launch period, when the launch is reviewed."
    )
    communities: list[Community] = Field(
        default_factory=list, description="The communities launched by this plan."
    )
    core_team: list[CoreTeamMember] = Field(
        default_factory=list, description="Core team everyone should know: manager, IT admin…"
    )
    sponsors: list[Sponsor] = Field(
        default_factory=list, description="Leaders whose support shows through dated actions."
    )
    thresholds: Thresholds = Field(
        default_factory=Thresholds, description="Where indicators turn to watch or critical."
    )
    timing: TimingRules = Field(
        default_factory=TimingRules, description="Offsets that place the generated tasks."
    )
    forecast: ForecastParams = Field(
        default_factory=ForecastParams, description="Parameters of the adoption forecast."
    )

    @model_validator(mode="before")
    @classmethod
    def _check_version(cls, data: object) -> object:
        if isinstance(data, dict) and "schema_version" in data:
            data = migrate(data)
            version = data["schema_version"]
            if (
                isinstance(version, int)
                and not isinstance(version, bool)
                and version != SCHEMA_VERSION
            ):
                raise_rule_breaks(
                    "Plan",
                    [
                        RuleBreak(
                            ("schema_version",),
                            "unknown_schema_version",
                            "version {version} is not supported; this Totem reads versions "
                            "1 to {supported} (a newer file needs a newer Totem)",
                            version=version,
                            supported=SCHEMA_VERSION,
                        )
                    ],
                )
        return data

    @model_validator(mode="after")
    def _check_dates_and_ids(self) -> Self:
        breaks: list[RuleBreak] = []
        if self.start_date and self.launch_date and self.launch_date < self.start_date:
            breaks.append(
                RuleBreak(
                    ("launch_date",),
                    "launch_before_start",
                    "the official launch ({launch}) is before the start of preparation "
                    "({start}); move the launch later or the start earlier",
                    launch=self.launch_date,
                    start=self.start_date,
                )
            )
        if self.launch_date and self.end_date and self.end_date < self.launch_date:
            breaks.append(
                RuleBreak(
                    ("end_date",),
                    "end_before_launch",
                    "the launch period ends ({end}) before the official launch ({launch}); "
                    "set the end a few months after the launch",
                    end=self.end_date,
                    launch=self.launch_date,
                )
            )
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            breaks.append(
                RuleBreak(
                    ("end_date",),
                    "end_before_start",
                    "the launch period ends ({end}) before preparation starts ({start}); "
                    "set the end after the start",
                    end=self.end_date,
                    start=self.start_date,
                )
            )
        breaks += duplicate_ids("communities", [c.id for c in self.communities])
        breaks += duplicate_ids("sponsors", [s.id for s in self.sponsors])
        known = {c.id for c in self.communities}
        for s_index, sponsor in enumerate(self.sponsors):
            for a_index, action in enumerate(sponsor.actions):
                if action.community_id is not None and action.community_id not in known:
                    breaks.append(
                        RuleBreak(
                            ("sponsors", s_index, "actions", a_index, "community_id"),
                            "unknown_community",
                            "no community '{community_id}' in this plan; leave it empty "
                            "for the whole launch or pick one of: {known}",
                            community_id=action.community_id,
                            known=", ".join(sorted(known)) or "(none yet)",
                        )
                    )
        raise_rule_breaks("Plan", breaks)
        return self

    def all_populations(self) -> Iterator[tuple[Community, Population]]:
        """Yield every population with its community, in plan order."""
        for community in self.communities:
            for population in community.populations:
                yield community, population
