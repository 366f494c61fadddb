"""The people who carry a launch: the core team and the sponsors with their visible actions."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from planner.models._base import (
    Day,
    Identifier,
    LongText,
    OptionalNumber,
    ShortText,
    TotemModel,
)


class CoreRole(StrEnum):
    """Roles of the core team everyone should know."""

    COMMUNITY_MANAGER = "community_manager"
    IT_ADMIN = "it_admin"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    COMMUNICATION = "communication"
    EDUCATION = "education"
    HR = "hr"
    POWER_USER = "power_user"
    OTHER = "other"


class CoreTeamMember(TotemModel):
    """A named member of the core team, with the time they give before and after launch."""

    role: CoreRole = Field(description="Role in the core team.")
    person: ShortText = Field(default="", description="Who holds the role.")
    hours_before: OptionalNumber = Field(
        default=None, ge=0, le=80, description="Hours a week during preparation, before launch."
    )
    hours_after: OptionalNumber = Field(
        default=None, ge=0, le=80, description="Hours a week after the official launch."
    )
    announced_on: Day | None = Field(
        default=None, description="Day the team member was announced to the whole company."
    )


class SponsorActionKind(StrEnum):
    """Kinds of visible sponsor support."""

    KICKOFF_MESSAGE = "kickoff_message"
    POST = "post"
    LIVE_QA = "live_qa"
    EVENT = "event"
    RECOGNITION = "recognition"
    OTHER = "other"


class SponsorAction(TotemModel):
    """One dated action through which a sponsor's support becomes visible."""

    date: Day = Field(description="Day of the action.")
    kind: SponsorActionKind = Field(default=SponsorActionKind.POST, description="Kind of action.")
    description: LongText = Field(default="", description="What the sponsor does or says.")
    community_id: Identifier | None = Field(
        default=None, description="Community the action is for; empty for the whole launch."
    )


class Sponsor(TotemModel):
    """A leader whose support shows through dated actions."""

    id: Identifier
    name: ShortText = Field(description="The sponsor's name.")
    title: ShortText = Field(default="", description="The sponsor's position, e.g. 'COO'.")
    actions: list[SponsorAction] = Field(
        default_factory=list, description="Visible actions planned, with their dates."
    )
