"""Tracking after launch: the plan against the network's real figures.

``track(plan)`` reads each community's snapshots (``Community.actuals``), compares them with the
plan's forecast, refits the adoption curve to them (``planner.tracking.refit``) and judges each
community's health (``planner.tracking.health``). It is pure: the same plan and ``as_of`` give
the same result, and nothing reads the clock.

- ``refit``: the Bass model fitted to a community's snapshots, shrunk towards the plan's own
  parameters, and the 90 % interval of members at the end of the launch period.
- ``health``: the three checks after launch (gap to forecast, actual momentum, participation)
  and the level, reason and action of each community.
- ``imports``: reading actuals from a generic CSV or Excel file and from Viva Engage reports.

The method and its sources are in ``docs/tracking.md``.
"""

from __future__ import annotations

from planner.tracking.model import (
    Check,
    CommunityTracking,
    Curve,
    Fit,
    Tracking,
)
from planner.tracking.track import has_actuals, track

__all__ = [
    "Check",
    "CommunityTracking",
    "Curve",
    "Fit",
    "Tracking",
    "has_actuals",
    "track",
]
