"""Tracking after launch in the exports: its JSON, its two tables and its chart per community.

- ``tracking_json``: what ``python -m planner track --json`` prints; the ``tracking`` table of
  the CSV and Excel exports holds the same fields, one row per community (``fit`` flattened).
- ``actuals_rows``: every snapshot the tracking read, one row each.
- ``tracking_figure``: one community's members as planned (line), as read on the network
  (markers) and, once refitted, as projected (line and 90 % band), with the end of the launch
  period marked. The PDF report draws it as PNG, as it does the workbook's other figures.

Figures are rounded as a reader takes them: members to 0.1, the gap in percent to 0.1.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from planner.figures import _INK, _MUTED, _PALETTE, _date_axis, _day, _esc, _layout
from planner.i18n import render, translate
from planner.indicators import Level
from planner.tracking import CommunityTracking, Tracking

__all__ = [
    "ACTUALS_KEYS",
    "TRACKING_KEYS",
    "actuals_rows",
    "community_json",
    "level_name",
    "tracking_figure",
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

# The planned curve in the report's blue, the projection in its orange; the band is that
# orange, faint enough for the markers to stay readable over it.
_PLANNED = _PALETTE[0]
_PROJECTED = _PALETTE[1]
_BAND = "rgba(230, 159, 0, 0.18)"


def level_name(level: Level, lang: str) -> str:
    """A tracking level in ``lang``: ``On track``, ``Watch``, ``Critical``.

    Not the readiness levels' names: before launch "ok" means ready, after it on track.
    """
    return translate(f"export.tracking.level.{level.value}", lang)


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


def _t(key: str, lang: str, /, **params: Any) -> str:
    return translate(f"export.tracking.chart.{key}", lang, **params)


def tracking_figure(community: CommunityTracking, end_date: date | None, lang: str) -> go.Figure:
    """Draw one community's members: planned, actual and, once refitted, projected.

    Args:
        community: one community of ``track(plan)``.
        end_date: the end of the launch period, marked by a vertical line (none when None).
        lang: language of every text.

    Returns:
        The figure: the planned line, the snapshots with a member count as markers, the
        refitted line and its 90 % band when the curve has them.
    """
    curve = community.curve
    weeks = [week.isoformat() for week in curve.weeks]
    members = _t("hover_members", lang, members="%{y:,.0f}")
    traces: list[Any] = []
    if curve.low is not None and curve.high is not None:
        band = _t("band", lang)
        traces.append(
            go.Scatter(
                x=weeks,
                y=list(curve.high),
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            )
        )
        traces.append(
            go.Scatter(
                name=band,
                x=weeks,
                y=list(curve.low),
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=_BAND,
                hoverinfo="skip",
                legendrank=4,
            )
        )
    planned = _t("planned", lang)
    traces.append(
        go.Scatter(
            name=planned,
            x=weeks,
            y=list(curve.planned),
            mode="lines",
            line={"width": 3, "color": _PLANNED, "dash": "dash"},
            legendrank=1,
            hovertemplate=f"<b>{planned}</b><br>%{{x}}<br>{members}<extra></extra>",
        )
    )
    if curve.fitted is not None:
        projected = _t("projected", lang)
        traces.append(
            go.Scatter(
                name=projected,
                x=weeks,
                y=list(curve.fitted),
                mode="lines",
                line={"width": 3, "color": _PROJECTED},
                legendrank=3,
                hovertemplate=f"<b>{projected}</b><br>%{{x}}<br>{members}<extra></extra>",
            )
        )
    counted = [s for s in community.snapshots if s.members is not None]
    actual = _t("actual", lang)
    traces.append(
        go.Scatter(
            name=actual,
            x=[s.date.isoformat() for s in counted],
            y=[s.members for s in counted],
            mode="markers",
            marker={"size": 11, "color": _INK, "line": {"width": 2, "color": "white"}},
            legendrank=2,
            hovertemplate=f"<b>{actual}</b><br>%{{x}}<br>{members}<extra></extra>",
        )
    )
    days = [*curve.weeks, *(s.date for s in community.snapshots)]
    first = min(days) - timedelta(days=6)
    last = max([*days, *([end_date] if end_date else [])])
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if end_date is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": end_date.isoformat(),
                "x1": end_date.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": _MUTED, "width": 2, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": end_date.isoformat(),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "text": _esc(_t("end", lang, day=_day(end_date, lang))),
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"size": 15, "color": _MUTED},
            }
        )
    layout = _layout(
        _esc(_t("title", lang, community=community.name)),
        lang,
        height=460,
        xaxis=_date_axis(first, last, lang),
        yaxis={"title": _t("yaxis", lang), "tickformat": ",.0f", "rangemode": "tozero"},
        legend={
            "orientation": "h",
            "traceorder": "normal",  # a filled band would otherwise reverse the order
            "x": 0,
            "xanchor": "left",
            "y": -0.14,
            "yanchor": "top",
        },
        margin={"b": 110},
        shapes=shapes,
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout)
