"""Plotly figures of a comparison: both forecasts on one chart, and B's timeline over A's.

Pure functions of a ``Comparison`` (``planner.compare``), in the style and with the helpers of
``planner.figures`` (template, Babel date ticks, number separators, HTML-escaped user text in
legends and hover texts). Every visible text comes from the catalogue (``compare.figure.*``,
and the task rows of ``figures.gantt.task_row.*``).

Example::

    >>> fig = compare_forecast_figure(compare(a, b), "fr", communities=True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from planner.compare import Comparison, ForecastSide
from planner.figures import (
    _INK,
    _MUTED,
    _PALETTE,
    _date_axis,
    _dates,
    _day,
    _empty_figure,
    _esc,
    _height,
    _layout,
    _num,
    _numbers,
    _row_axis,
    _shorten,
    _span_ms,
    _texts,
)
from planner.i18n import render, translate
from planner.timeline import Task, TaskKind

__all__ = ["MAX_COMMUNITY_LINES", "compare_forecast_figure", "compare_gantt_figure"]

#: At most this many communities get their own pair of lines; beyond, a chart is a tangle.
MAX_COMMUNITY_LINES = 7

_GHOST = "#B8C2CC"  # plan A's bars, behind B's
_B_COLORS = {"same": "#0072B2", "moved": "#E69F00", "appeared": "#009E73"}


def _t(key: str, lang: str, /, **params: Any) -> str:
    return translate(f"compare.figure.{key}", lang, **params)


def compare_forecast_figure(
    comparison: Comparison, lang: str, *, communities: bool | Sequence[str] = False
) -> go.Figure:
    """Draw the members forecast of A (dashed) and B (solid), week by week, on one chart.

    Args:
        comparison: the result of ``compare(a, b)``.
        lang: language of every text.
        communities: also draw a pair of lines per community: ``True`` for the first
            ``MAX_COMMUNITY_LINES`` communities of B (then A's), or the ids to draw.

    Returns:
        The figure: the two totals in ink, each community in its own colour; a figure saying
        why when neither plan can be forecast.
    """
    title = _t("forecast_title", lang)
    fc = comparison.forecast
    if not fc.a.weeks and not fc.b.weeks:
        return _empty_figure(title, [_t("no_forecast", lang)], lang)
    plans = (("A", comparison.name_a, fc.a, "dash"), ("B", comparison.name_b, fc.b, "solid"))
    hover_members = _t("hover_members", lang, members="%{y:,.0f}")
    traces: list[Any] = []

    def line(side: ForecastSide, name: str, series: Sequence[float], style: dict[str, Any]) -> None:
        traces.append(
            go.Scatter(
                name=name,
                mode="lines",
                x=_texts(week.isoformat() for week in side.weeks),
                y=_numbers(series),
                line=style,
                customdata=_texts(_t("hover_week", lang, week=_day(w, lang)) for w in side.weeks),
                # The name through ``meta``: a "%{…}" in a user's name is not a placeholder there.
                meta=name,
                hovertemplate=f"<b>%{{meta}}</b><br>%{{customdata}}<br>{hover_members}"
                "<extra></extra>",
            )
        )

    for letter, plan_name, side, dash in plans:
        if side.weeks:
            name = _t("total", lang, plan=f"{letter} ({_esc(_shorten(plan_name, 40))})")
            line(side, name, side.total, {"width": 4, "color": _INK, "dash": dash})
    for index, community_id in enumerate(_chosen(comparison, communities)):
        colour = _PALETTE[index % len(_PALETTE)]
        for letter, _, side, dash in plans:
            series = next((s for s in side.communities if s.community_id == community_id), None)
            if series is None:
                continue
            name = _t("community", lang, plan=letter, community=_esc(series.community_name))
            line(side, name, series.cumulative, {"width": 2.5, "color": colour, "dash": dash})
    weeks = [*fc.a.weeks, *fc.b.weeks]
    layout = _layout(
        title,
        lang,
        height=560,
        xaxis=_date_axis(min(weeks), max(weeks) + timedelta(days=6), lang),
        yaxis={"title": _t("members", lang), "tickformat": ",.0f", "rangemode": "tozero"},
    )
    return go.Figure(data=traces, layout=layout)


def _chosen(comparison: Comparison, communities: bool | Sequence[str]) -> list[str]:
    if communities is False:
        return []
    if communities is True:
        fc = comparison.forecast
        ids = [s.community_id for s in (*fc.b.communities, *fc.a.communities)]
        return list(dict.fromkeys(ids))[:MAX_COMMUNITY_LINES]
    return list(dict.fromkeys(communities))


def compare_gantt_figure(comparison: Comparison, lang: str) -> go.Figure:
    """Draw B's tasks over A's, ghosted: one row per kind of task.

    A's tasks are pale bars behind; B's are in colour: unchanged, moved or new, each a trace
    with its legend entry. Tasks of the same kind and dates are drawn once, the hover listing
    the first few of them.

    Args:
        comparison: the result of ``compare(a, b)``.
        lang: language of every text.

    Returns:
        The figure; a figure saying why when neither plan has a task.
    """
    title = _t("gantt_title", lang)
    timeline = comparison.timeline
    if not timeline.a.tasks and not timeline.b.tasks:
        return _empty_figure(title, [_t("no_tasks", lang)], lang)
    kinds = [
        kind
        for kind in TaskKind
        if any(t.kind is kind for t in (*timeline.a.tasks, *timeline.b.tasks))
    ]
    rows = {kind: translate(f"figures.gantt.task_row.{kind.value}", lang) for kind in kinds}
    moved = {shift.task_id for shift in timeline.moved}
    appeared = {shift.task_id for shift in timeline.appeared}
    status = {
        "same": [t for t in timeline.b.tasks if t.id not in moved and t.id not in appeared],
        "moved": [t for t in timeline.b.tasks if t.id in moved],
        "appeared": [t for t in timeline.b.tasks if t.id in appeared],
    }
    traces = [
        _bars(
            timeline.a.tasks,
            rows,
            f"A ({_esc(_shorten(comparison.name_a, 40))})",
            lang,
            marker={"color": _GHOST, "line": {"color": _MUTED, "width": 0.5}},
            width=0.8,
            opacity=0.5,
        )
    ]
    for key, tasks in status.items():
        if tasks:
            traces.append(
                _bars(
                    tasks,
                    rows,
                    f"B ({translate(f'compare.figure.status.{key}', lang)})",
                    lang,
                    marker={"color": _B_COLORS[key], "line": {"color": "white", "width": 0.5}},
                    width=0.4,
                    opacity=0.95,
                )
            )
    every = [*timeline.a.tasks, *timeline.b.tasks]
    first = min(task.start for task in every)
    last = max(task.end for task in every)
    layout = _layout(
        title,
        lang,
        height=_height(len(rows), per_row=46),
        xaxis=_date_axis(first, last + timedelta(days=1), lang),
        yaxis=_row_axis(list(rows.values())),
        barmode="overlay",
    )
    return go.Figure(data=traces, layout=layout)


def _bars(
    tasks: Iterable[Task],
    rows: dict[TaskKind, str],
    name: str,
    lang: str,
    **style: Any,
) -> Any:
    """One bar trace for ``tasks``; tasks of the same kind and dates share a bar."""
    groups: dict[tuple[TaskKind, date, date], list[Task]] = {}
    for task in tasks:
        groups.setdefault((task.kind, task.start, task.end), []).append(task)
    return go.Bar(
        name=name,
        orientation="h",
        base=_texts(start.isoformat() for (_, start, _) in groups),
        x=_numbers(_span_ms(start, end) for (_, start, end) in groups),
        y=_texts(rows[kind] for (kind, _, _) in groups),
        hovertext=_texts(_hover(name, group, lang) for group in groups.values()),
        hovertemplate="%{hovertext}<extra></extra>",
        **style,
    )


def _hover(plan: str, group: Sequence[Task], lang: str) -> str:
    lines = [f"<b>{plan}</b>"]
    lines += [f"• {_esc(render(task.label, lang))}" for task in group[:3]]
    if len(group) > 3:
        lines.append(translate("figures.more", lang, count=_num(len(group) - 3, lang)))
    lines.append(_dates(group[0].start, group[0].end, lang))
    return "<br>".join(lines)
