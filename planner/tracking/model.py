"""The results of tracking: value objects the pages, exports and command line read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.i18n import Message
from planner.indicators import Level
from planner.models import Snapshot


@dataclass(frozen=True, slots=True)
class Fit:
    """Bass parameters refitted to a community's snapshots.

    ``p`` and ``q`` are per forecast period (``ForecastParams.period_days``), ``ceiling`` the
    share of the invited headcount who ever join. ``shrunk`` says the snapshots could not yet
    identify the curve (too few, or all before the inflexion), so the estimate leans on the
    plan's own parameters.
    """

    p: float
    q: float
    ceiling: float
    shrunk: bool
    snapshots: int  # snapshots with a member count the fit used
    planned_p: float
    planned_q: float
    planned_ceiling: float


@dataclass(frozen=True, slots=True)
class Curve:
    """A community's members week by week: as planned and, once refitted, as projected.

    ``weeks`` are the ends of 7-day weeks from the community's first wave to at least the end of
    the launch period. ``low`` and ``high`` bound the 90 % interval of the projection.
    """

    weeks: tuple[date, ...]
    planned: tuple[float, ...]
    fitted: tuple[float, ...] | None = None
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """One health check of a community after launch."""

    id: str  # "gap", "momentum" or "participation"
    level: Level
    reason: Message
    action: Message


@dataclass(frozen=True, slots=True)
class CommunityTracking:
    """How one community fares against its plan on ``Tracking.as_of``."""

    community_id: str
    name: str
    level: Level
    reason: Message
    action: Message
    checks: tuple[Check, ...]
    snapshots: tuple[Snapshot, ...]  # in date order, up to as_of
    actual_members: int | None  # at the last snapshot with a member count
    actual_date: date | None  # the day of that snapshot
    forecast_members: float | None  # the plan's forecast on that day
    gap: float | None  # (actual − forecast) / forecast, e.g. −0.32
    fit: Fit | None
    projected_end: float | None  # members at the plan's end date, by the refitted curve
    projected_low: float | None  # 90 % interval of those members
    projected_high: float | None
    planned_end: float | None  # the plan's forecast at its end date
    curve: Curve
    silent_days: int | None  # the longest stretch with no post, when posts are known
    participation: float | None  # posters among members over the last four weeks


@dataclass(frozen=True, slots=True)
class Tracking:
    """Every community with actuals, and the worst level among them."""

    as_of: date | None
    end_date: date | None
    level: Level
    communities: tuple[CommunityTracking, ...]

    def community(self, community_id: str) -> CommunityTracking | None:
        """Return the tracking of this community, or None when it has no actuals."""
        return next((c for c in self.communities if c.community_id == community_id), None)
