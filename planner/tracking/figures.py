"""The Plotly figure of tracking after launch: one community's members against its plan.

A pure function of a ``CommunityTracking`` (``planner.tracking.track``), in the style and with
the helpers of ``planner.figures`` (template, Babel date ticks, number separators, HTML-escaped
user text in the title and hover texts). Every visible text comes from the catalogue
(``trackpage.figure.*``).

Example::

    >>> tracked = track(plan).communities[0]
    >>> fig = tracking_figure(tracked, "fr", end_date=plan.end_date)
    >>> [trace.name for trace in fig.data]
    ['Prévu', 'Relevés', …]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from planner.figures import (
    _INK,
    _date_axis,
    _day,
    _esc,
    _layout,
    _num,
    _numbers,
    _texts,
    _vline,
    _vline_label,
)
from planner.i18n import translate
from planner.models import Snapshot
from planner.tracking.model import CommunityTracking

__all__ = ["BAND_NAME_ID", "tracking_figure"]

#: Catalogue id of the 90 % band's legend entry (tests and the e2e journey look for it).
BAND_NAME_ID = "trackpage.figure.band"

_PLANNED = "#0072B2"  # Okabe–Ito blue, dashed: the plan
_FITTED = "#882255"  # Tol's wine, solid: the refitted projection
_BAND = "rgba(136, 34, 85, 0.16)"  # the same wine, light, behind the lines
_SNAPSHOT = _INK  # the real figures: dark markers with a white rim
_END = "#616E7C"  # the end of the launch period, a muted reference line (5.2:1 on white)


def _t(key: str, lang: str, /, **params: Any) -> str:
    return translate(f"trackpage.figure.{key}", lang, **params)


def tracking_figure(
    tracked: CommunityTracking, lang: str, *, end_date: date | None = None
) -> go.Figure:
    """Draw one community's members week by week: planned, read, and refitted with its band.

    Args:
        tracked: one community of ``track(plan).communities``.
        lang: language of every text.
        end_date: the end of the launch period (``Tracking.end_date``), drawn as a vertical
            line; none when the plan has no end date.

    Returns:
        The figure: the planned curve (dashed), the snapshots with a member count as markers,
        and, once the refit has a result, the refitted curve (solid) inside its 90 % band.
    """
    curve = tracked.curve
    weeks = _texts(week.isoformat() for week in curve.weeks)
    week_labels = _texts(_t("week", lang, day=_day(week, lang)) for week in curve.weeks)
    members = _t("hover_members", lang, members="%{y:,.0f}")
    traces: list[Any] = []
    ahead = _ahead(tracked)
    if ahead is not None and curve.low is not None and curve.high is not None:
        days, lows = ahead(curve.low)
        highs = ahead(curve.high)[1]
        labels = _texts(_t("week", lang, day=_day(day, lang)) for day in days)
        traces += _band(_texts(d.isoformat() for d in days), lows, highs, labels, lang)
    planned = _t("planned", lang)
    traces.append(
        go.Scatter(
            name=planned,
            mode="lines",
            x=weeks,
            y=_numbers(curve.planned),
            line={"width": 3, "color": _PLANNED, "dash": "dash"},
            customdata=week_labels,
            hovertemplate=f"<b>{planned}</b><br>%{{customdata}}<br>{members}<extra></extra>",
        )
    )
    if ahead is not None and curve.fitted is not None:
        fitted = _t("fitted", lang)
        days, values = ahead(curve.fitted)
        traces.append(
            go.Scatter(
                name=fitted,
                mode="lines",
                x=_texts(d.isoformat() for d in days),
                y=_numbers(values),
                line={"width": 3.5, "color": _FITTED},
                customdata=_texts(_t("week", lang, day=_day(day, lang)) for day in days),
                hovertemplate=f"<b>{fitted}</b><br>%{{customdata}}<br>{members}<extra></extra>",
            )
        )
    counted = [s for s in tracked.snapshots if s.members is not None]
    if counted:
        traces.append(_snapshots(counted, lang))
    return go.Figure(data=traces, layout=_figure_layout(tracked, lang, end_date))


def _ahead(
    tracked: CommunityTracking,
) -> Callable[[Sequence[float]], tuple[list[date], list[float]]] | None:
    """Cut a refitted series to what lies ahead: from the last reading to the last week.

    The projection starts from the last snapshot's real count (``planner.tracking.refit``), so
    it is drawn from that point on; the readings themselves show the past.
    """
    counted = [s for s in tracked.snapshots if s.members is not None]
    if not counted:
        return None
    last = counted[-1]
    assert last.members is not None
    start, members = last.date, float(last.members)
    weeks = tracked.curve.weeks

    def cut(series: Sequence[float]) -> tuple[list[date], list[float]]:
        later = [(week, value) for week, value in zip(weeks, series, strict=True) if week > start]
        return [start, *(w for w, _ in later)], [members, *(v for _, v in later)]

    return cut


def _band(
    weeks: Any, low: Sequence[float], high: Sequence[float], labels: Any, lang: str
) -> list[Any]:
    """The 90 % interval: its lower edge, then its upper edge filled down to it."""
    name = translate(BAND_NAME_ID, lang)
    hover = _t("hover_band", lang, low="%{customdata[1]:,.0f}", high="%{y:,.0f}")
    lower = go.Scatter(
        name=name,
        mode="lines",
        x=weeks,
        y=_numbers(low),
        line={"width": 0, "color": _BAND},
        legendgroup="band",
        showlegend=False,
        hoverinfo="skip",
    )
    upper = go.Scatter(
        name=name,
        mode="lines",
        x=weeks,
        y=_numbers(high),
        line={"width": 0, "color": _BAND},
        fill="tonexty",
        fillcolor=_BAND,
        legendgroup="band",
        customdata=list(zip(labels.tolist(), low, strict=True)),
        hovertemplate=f"<b>{name}</b><br>%{{customdata[0]}}<br>{hover}<extra></extra>",
    )
    return [lower, upper]


def _snapshots(counted: Sequence[Snapshot], lang: str) -> Any:
    """The snapshots with a member count, each with what it read in its hover text."""
    name = _t("snapshots", lang)
    hovers = []
    for snapshot in counted:
        lines = [f"<b>{name}</b>", _day(snapshot.date, lang)]
        lines.append(_t("hover_members", lang, members=_num(snapshot.members or 0, lang)))
        for field in ("posts", "posters", "readers", "reactions"):
            value = getattr(snapshot, field)
            if value is not None:
                lines.append(_t(f"hover_{field}", lang, count=_num(value, lang)))
        hovers.append("<br>".join(lines))
    return go.Scatter(
        name=name,
        mode="markers",
        x=_texts(s.date.isoformat() for s in counted),
        y=_numbers(float(s.members or 0) for s in counted),
        marker={"size": 11, "color": _SNAPSHOT, "line": {"width": 2, "color": "white"}},
        customdata=_texts(hovers),
        hovertemplate="%{customdata}<extra></extra>",
    )


def _figure_layout(tracked: CommunityTracking, lang: str, end_date: date | None) -> dict[str, Any]:
    """Title (the community's name, escaped), notes on the refit, axes and the end line."""
    notes = []
    if tracked.fit is None:
        notes.append(_t("note_no_fit", lang))
    elif tracked.fit.shrunk:
        notes.append(_t("note_shrunk", lang))
    weeks = tracked.curve.weeks
    first = min([weeks[0], *(s.date for s in tracked.snapshots)])
    last = max([weeks[-1], *(s.date for s in tracked.snapshots)])
    shapes, annotations = [], []
    if end_date is not None:
        last = max(last, end_date)
        shapes.append(_vline(end_date, _END))
        annotations.append(_vline_label(end_date, _t("end", lang), _END, shift=-4, anchor="right"))
    return _layout(
        # The community's name alone: the page's heading and the legend say the rest.
        _esc(tracked.name),
        lang,
        notes=notes,
        height=520,
        xaxis=_date_axis(first, last + timedelta(days=1), lang),
        yaxis={"title": _t("yaxis", lang), "tickformat": ",.0f", "rangemode": "tozero"},
        shapes=shapes,
        annotations=annotations,
        legend={"orientation": "h", "y": -0.18, "x": 0, "xanchor": "left"},
    )
