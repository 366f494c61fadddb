"""Tracking after launch in the exports: its JSON, its two tables and its chart per community.

- ``tracking_json``: what ``python -m planner track --json`` prints; the ``tracking`` table of
  the CSV and Excel exports holds the same fields, one row per community (``fit`` flattened).
- ``actuals_rows``: every snapshot the tracking read, one row each.

The PDF report draws each community with ``planner.tracking.figures.tracking_figure``, the
workbook's own chart, so the report and the page show the same figure.

Figures are rounded as a reader takes them: members to 0.1, the gap in percent to 0.1.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.i18n import render, translate
from planner.indicators import Level
from planner.tracking import CommunityTracking, Tracking

__all__ = [
    "ACTUALS_KEYS",
    "TRACKING_KEYS",
    "actuals_rows",
    "community_json",
    "level_name",
    "tracking_json",
    "tracking_rows",
]

#: Columns of the ``tracking`` table: the JSON fields of a community, ``fit`` flattened.
TRACKING_KEYS = (
    "id",
    "name",
    "level",
    "reason",
    "action",
    "snapshots",
    "actual_members",
    "forecast_members",
    "gap_pct",
    "fit_p",
    "fit_q",
    "fit_ceiling",
    "projected_end",
    "projected_low",
    "projected_high",
)
#: Columns of the ``actuals`` table, one row per snapshot.
ACTUALS_KEYS = ("community_id", "date", "members", "posts", "posters", "readers", "reactions")

_Value = str | int | float | date | None


def level_name(level: Level, lang: str) -> str:
    """A tracking level in ``lang``: ``On track``, ``Watch``, ``Critical``.

    Not the readiness levels' names: before launch "ok" means ready, after it on track.
    """
    return translate(f"tracking.level.{level.value}", lang)


def _members(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def community_json(community: CommunityTracking, lang: str) -> dict[str, Any]:
    """One community of ``tracking_json``: level, texts in ``lang``, members, gap, projection."""
    fit = community.fit
    return {
        "id": community.community_id,
        "name": community.name,
        "level": community.level.value,
        "reason": render(community.reason, lang),
        "action": render(community.action, lang),
        "snapshots": len(community.snapshots),
        "actual_members": community.actual_members,
        "forecast_members": _members(community.forecast_members),
        "gap_pct": None if community.gap is None else round(community.gap * 100, 1),
        "fit": None
        if fit is None
        else {"p": round(fit.p, 4), "q": round(fit.q, 4), "ceiling": round(fit.ceiling, 3)},
        "projected_end": _members(community.projected_end),
        "projected_low": _members(community.projected_low),
        "projected_high": _members(community.projected_high),
    }


def tracking_json(tracking: Tracking, lang: str) -> dict[str, Any]:
    """The tracking as ``track --json`` prints it: ``as_of``, ``level``, ``communities``.

    ``as_of`` is an ISO date, or None when there is nothing to track; reasons and actions are
    rendered in ``lang``; ``projected_low`` and ``projected_high`` bound the 90 % interval of
    members at the plan's end date (None until the curve is refitted).
    """
    return {
        "as_of": tracking.as_of.isoformat() if tracking.as_of else None,
        "level": tracking.level.value,
        "communities": [community_json(c, lang) for c in tracking.communities],
    }


def tracking_rows(tracking: Tracking, lang: str) -> list[list[_Value]]:
    """Rows of the ``tracking`` table in ``TRACKING_KEYS`` order; the level named in ``lang``."""
    rows: list[list[_Value]] = []
    for community in tracking.communities:
        data = community_json(community, lang)
        fit = data.pop("fit") or {}
        data["level"] = level_name(community.level, lang)
        data.update({f"fit_{key}": fit.get(key) for key in ("p", "q", "ceiling")})
        rows.append([data[key] for key in TRACKING_KEYS])
    return rows


def actuals_rows(tracking: Tracking) -> list[list[_Value]]:
    """Rows of the ``actuals`` table in ``ACTUALS_KEYS`` order: community by community, by date."""
    return [
        [
            community.community_id,
            snapshot.date,
            snapshot.members,
            snapshot.posts,
            snapshot.posters,
            snapshot.readers,
            snapshot.reactions,
        ]
        for community in tracking.communities
        for snapshot in community.snapshots
    ]
