"""The plan model: pydantic v2 classes, one module per aggregate."""

from planner.models.actuals import Snapshot
from planner.models.community import Ambassador, Cadence, Community, Objective, Ritual
from planner.models.people import (
    CoreRole,
    CoreTeamMember,
    Sponsor,
    SponsorAction,
    SponsorActionKind,
)
from planner.models.plan import SCHEMA_VERSION, Language, Plan, Platform
from planner.models.population import Population, Resistance, ResistanceFactor
from planner.models.settings import (
    AMBASSADOR_PRESETS,
    AmbassadorPreset,
    ForecastParams,
    RoleHours,
    Thresholds,
    TimingRules,
)

__all__ = [
    "AMBASSADOR_PRESETS",
    "SCHEMA_VERSION",
    "Ambassador",
    "AmbassadorPreset",
    "Cadence",
    "Community",
    "CoreRole",
    "CoreTeamMember",
    "ForecastParams",
    "Language",
    "Objective",
    "Plan",
    "Platform",
    "Population",
    "Resistance",
    "ResistanceFactor",
    "Ritual",
    "RoleHours",
    "Snapshot",
    "Sponsor",
    "SponsorAction",
    "SponsorActionKind",
    "Thresholds",
    "TimingRules",
]
