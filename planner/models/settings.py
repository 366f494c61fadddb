"""Thresholds, timing rules and forecast parameters: documented defaults a plan may override.

Every default comes from published practice; ``docs/indicators.md`` gives the sources.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from planner.models._base import (
    Number,
    OptionalNumber,
    RuleBreak,
    TotemModel,
    WholeNumber,
    YesNo,
    raise_rule_breaks,
)
from planner.models.people import CoreRole


class AmbassadorPreset(StrEnum):
    """Published rules for how many ambassadors a population needs."""

    ONE_PERCENT = "one_percent"
    ONE_PER_40_TO_100 = "one_per_40_to_100"
    TEN_TO_TWENTY_PERCENT = "ten_to_twenty_percent"
    CUSTOM = "custom"


#: (floor, goal) share of a population's headcount. Below the floor is critical, from the goal
#: on is healthy. A range rule gives its two ends; a single-value rule has half of it as floor.
AMBASSADOR_PRESETS: dict[AmbassadorPreset, tuple[float, float]] = {
    AmbassadorPreset.ONE_PERCENT: (0.005, 0.01),
    AmbassadorPreset.ONE_PER_40_TO_100: (1 / 100, 1 / 40),
    AmbassadorPreset.TEN_TO_TWENTY_PERCENT: (0.10, 0.20),
}


class RoleHours(TotemModel):
    """Recommended weekly hours for a core-team role, before and after launch."""

    before: Number = Field(ge=0, le=80, description="Hours a week before the official launch.")
    after: Number = Field(ge=0, le=80, description="Hours a week after the official launch.")


def _default_role_hours() -> dict[CoreRole, RoleHours]:
    table = {
        CoreRole.COMMUNITY_MANAGER: (15, 10),
        CoreRole.EXECUTIVE_SPONSOR: (1.5, 0.5),
        CoreRole.COMMUNICATION: (5, 2),
        CoreRole.EDUCATION: (4, 2),
        CoreRole.HR: (2, 1),
        CoreRole.POWER_USER: (2, 3),
    }
    return {role: RoleHours(before=b, after=a) for role, (b, a) in table.items()}


class Thresholds(TotemModel):
    """Where each indicator turns from ok to watch to critical."""

    launch_critical_weeks: WholeNumber = Field(
        default=8, ge=1, le=104, description="A launch period shorter than this is critical."
    )
    launch_ok_weeks: WholeNumber = Field(
        default=13, ge=1, le=104, description="A launch period this long or longer is healthy."
    )
    ambassador_preset: AmbassadorPreset = Field(
        default=AmbassadorPreset.ONE_PER_40_TO_100,
        description="Which published rule sets the ambassador coverage.",
    )
    ambassador_floor: OptionalNumber = Field(
        default=None,
        gt=0,
        le=1,
        description="Custom rule: share of headcount below which coverage is critical.",
    )
    ambassador_goal: OptionalNumber = Field(
        default=None,
        gt=0,
        le=1,
        description="Custom rule: share of headcount from which coverage is healthy.",
    )
    early_access_days: WholeNumber = Field(
        default=7,
        ge=0,
        le=60,
        description="Ambassadors should be trained at least this many days before their wave.",
    )
    role_hours: dict[CoreRole, RoleHours] = Field(
        default_factory=_default_role_hours,
        description="Recommended weekly hours per core-team role, before and after launch.",
    )
    hours_watch_ratio: Number = Field(
        default=0.75,
        gt=0,
        le=1,
        description="A role staffed below this share of its recommended hours is on watch.",
    )
    announce_days_before_launch: WholeNumber = Field(
        default=14, ge=0, le=180, description="The core team is announced this long before launch."
    )
    sponsor_gap_watch_days: WholeNumber = Field(
        default=30, ge=1, le=365, description="A sponsor silent longer than this is on watch."
    )
    sponsor_gap_critical_days: WholeNumber = Field(
        default=60, ge=1, le=365, description="A sponsor silent longer than this is critical."
    )
    kickoff_window_days: WholeNumber = Field(
        default=7,
        ge=0,
        le=60,
        description="A sponsor kick-off within this many days of the launch counts as one.",
    )
    momentum_ok_days: WholeNumber = Field(
        default=14, ge=1, le=365, description="Gaps in animation up to this long are healthy."
    )
    momentum_critical_days: WholeNumber = Field(
        default=28, ge=1, le=365, description="A gap in animation longer than this is critical."
    )
    resistance_watch: Number = Field(
        default=1.5,
        ge=0,
        le=3,
        description="Mean rating (0–3) from which a population is on watch.",
    )
    resistance_critical: Number = Field(
        default=2.2,
        ge=0,
        le=3,
        description="Mean rating (0–3) from which a population is critical.",
    )

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        breaks: list[RuleBreak] = []
        pairs = [
            ("launch_critical_weeks", "launch_ok_weeks"),
            ("sponsor_gap_watch_days", "sponsor_gap_critical_days"),
            ("momentum_ok_days", "momentum_critical_days"),
            ("resistance_watch", "resistance_critical"),
        ]
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                breaks.append(
                    RuleBreak(
                        (high,),
                        "threshold_order",
                        "{high} ({high_value}) must not be below {low} ({low_value})",
                        high=high,
                        high_value=getattr(self, high),
                        low=low,
                        low_value=getattr(self, low),
                    )
                )
        if self.ambassador_preset is AmbassadorPreset.CUSTOM and (
            self.ambassador_floor is None or self.ambassador_goal is None
        ):
            breaks.append(
                RuleBreak(
                    ("ambassador_goal",),
                    "custom_preset_incomplete",
                    "a custom ambassador rule needs both ambassador_floor and ambassador_goal",
                )
            )
        if (
            self.ambassador_floor is not None
            and self.ambassador_goal is not None
            and self.ambassador_floor > self.ambassador_goal
        ):
            breaks.append(
                RuleBreak(
                    ("ambassador_goal",),
                    "threshold_order",
                    "{high} ({high_value}) must not be below {low} ({low_value})",
                    high="ambassador_goal",
                    high_value=self.ambassador_goal,
                    low="ambassador_floor",
                    low_value=self.ambassador_floor,
                )
            )
        raise_rule_breaks("Thresholds", breaks)
        return self

    def ambassador_band(self) -> tuple[float, float]:
        """Return the (floor, goal) share of headcount the chosen ambassador rule asks for."""
        if self.ambassador_preset is AmbassadorPreset.CUSTOM:
            assert self.ambassador_floor is not None
            assert self.ambassador_goal is not None
            return self.ambassador_floor, self.ambassador_goal
        return AMBASSADOR_PRESETS[self.ambassador_preset]


class TimingRules(TotemModel):
    """Offsets, in days around the official launch or a wave, that place the generated tasks."""

    recruit_members_from_days: WholeNumber = Field(
        default=90,
        ge=0,
        le=365,
        description="Recruit early members from this many days before launch.",
    )
    recruit_members_until_days: WholeNumber = Field(
        default=30, ge=0, le=365, description="…until this many days before launch."
    )
    soft_launch_from_days: WholeNumber = Field(
        default=21,
        ge=0,
        le=180,
        description="Invite-only soft launch opens this long before launch.",
    )
    soft_launch_until_days: WholeNumber = Field(
        default=7, ge=0, le=180, description="…and runs until this many days before launch."
    )
    ambassador_recruit_days: WholeNumber = Field(
        default=42,
        ge=1,
        le=365,
        description="Start recruiting a wave's ambassadors this long before it.",
    )
    ambassador_early_access_days: WholeNumber = Field(
        default=10,
        ge=0,
        le=60,
        description="Ambassadors get early access this long before their wave.",
    )
    review_days: list[WholeNumber] = Field(
        default_factory=lambda: [30, 60, 90],
        description="Days after launch at which metrics are reviewed.",
        max_length=24,
    )

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        breaks: list[RuleBreak] = []
        for start, end in [
            ("recruit_members_from_days", "recruit_members_until_days"),
            ("soft_launch_from_days", "soft_launch_until_days"),
        ]:
            if getattr(self, start) < getattr(self, end):
                breaks.append(
                    RuleBreak(
                        (start,),
                        "window_order",
                        "{start} ({start_value}) must be at least {end} ({end_value}): "
                        "a window opens further from launch than it closes",
                        start=start,
                        start_value=getattr(self, start),
                        end=end,
                        end_value=getattr(self, end),
                    )
                )
        raise_rule_breaks("TimingRules", breaks)
        return self


class ForecastParams(TotemModel):
    """Parameters of the adoption forecast; every one can be overridden."""

    p: Number = Field(
        default=0.03,
        gt=0,
        le=1,
        description="Bass innovation coefficient per period: joining through official channels.",
    )
    q: Number = Field(
        default=0.38,
        ge=0,
        le=5,
        description="Bass imitation coefficient per period: joining because peers did.",
    )
    period_days: WholeNumber = Field(
        default=7, ge=1, le=31, description="Length of one period, in days."
    )
    ceiling: Number = Field(
        default=0.8,
        gt=0,
        le=1,
        description="Share of a population that eventually joins before adjustments.",
    )
    horizon_weeks: WholeNumber = Field(
        default=26, ge=1, le=260, description="Weeks forecast from the first wave."
    )
    adjust: YesNo = Field(
        default=True,
        description="Apply the sponsor, ambassador and resistance multipliers.",
    )
    sponsor_effect: Number = Field(
        default=0.3,
        ge=0,
        le=0.9,
        description="Sponsor visibility moves p by up to this share, up or down.",
    )
    ambassador_effect: Number = Field(
        default=0.3,
        ge=0,
        le=0.9,
        description="Ambassador coverage moves q by up to this share, up or down.",
    )
    resistance_effect: Number = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Maximal resistance lowers the ceiling by this share.",
    )
    creators_share: Number = Field(
        default=0.01, ge=0, le=1, description="Share of members who create most content (90-9-1)."
    )
    contributors_share: Number = Field(
        default=0.09, ge=0, le=1, description="Share of members who contribute now and then."
    )

    @model_validator(mode="after")
    def _check_shares(self) -> Self:
        if self.creators_share + self.contributors_share > 1:
            raise_rule_breaks(
                "ForecastParams",
                [
                    RuleBreak(
                        ("contributors_share",),
                        "shares_over_one",
                        "creators_share + contributors_share must not exceed 1",
                    )
                ],
            )
        return self
