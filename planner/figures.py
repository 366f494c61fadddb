"""Plotly figures of a plan: timeline, readiness, brakes, adoption, sponsors and ambassadors.

Every function here is pure: it reads a plan or a result of the planner (``Timeline``,
``Assessment``, ``Forecast``) and returns a new ``plotly.graph_objects.Figure``; nothing is read
from or written to disk and the inputs are left untouched. Every visible text comes from the
translation catalogue (``figures.*`` ids, plus ``indicator.<id>.name``, ``level.<level>`` and
``role.<role>`` from the indicators and timeline catalogues), and dates on axes carry tick labels
formatted with Babel, because Plotly's own date ticks only speak English. An unknown language
raises ``ValueError`` (from the catalogue).

Figures stay fast for large plans (hundreds of communities, thousands of tasks): items are
batched into a handful of traces instead of one trace each, and hover texts are built from
cached date labels.

Example::

    >>> fig = scorecard_figure(assess(plan), "fr")
    >>> fig.layout.title.text
    'Tableau de bord de préparation — score global 72/100 (À surveiller)'
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import plotly.graph_objects as go

from planner.forecast import Forecast
from planner.i18n import format_date, format_number, format_share, render, translate
from planner.indicators import INDICATOR_IDS, Assessment, Indicator, Level, activity_gaps
from planner.models import CoreRole, Plan, ResistanceFactor, SponsorActionKind
from planner.timeline import Phase, PhaseKind, Task, TaskKind, Timeline

__all__ = [
    "LEVEL_COLORS",
    "TEMPLATE",
    "adoption_figure",
    "ambassador_coverage_figure",
    "gantt_figure",
    "readiness_figure",
    "resistance_heatmap",
    "scorecard_figure",
    "sponsor_activity_figure",
]

#: Colours of the three levels, from the Okabe–Ito palette: they stay distinct for the common
#: forms of colour blindness (simulated protanopia, deuteranopia and tritanopia keep every pair
#: at a CIELAB distance of 18 or more). "ok" and "critical" are about as light as each other, so
#: a figure never relies on them alone: markers differ by symbol, bars carry their score and a
#: legend entry per level.
LEVEL_COLORS: Mapping[Level, str] = MappingProxyType(
    {
        Level.OK: "#009E73",  # bluish green
        Level.WATCH: "#E69F00",  # orange
        Level.CRITICAL: "#D55E00",  # vermilion
    }
)

#: The levels' hues darkened for text on white (labels of reference lines): 5:1 and more, where
#: the fills give 3.4–3.9:1, under the 4.5:1 WCAG AA asks of text.
_LEVEL_TEXT_COLORS: Mapping[Level, str] = MappingProxyType(
    {Level.OK: "#007E5C", Level.WATCH: "#936600", Level.CRITICAL: "#B75100"}
)

#: Marker symbols of the levels, so a level reads without its colour too.
_LEVEL_SYMBOLS: Mapping[Level, str] = MappingProxyType(
    {Level.OK: "circle", Level.WATCH: "diamond", Level.CRITICAL: "square"}
)

_INK = "#1F2933"
_GRID = "#E4E7EB"
# Notes under titles and explanations of empty figures: 5.2:1 on white (AA asks 4.5:1 of text).
_MUTED = "#616E7C"
# "Source Sans" is the face Streamlit 1.67 serves itself ("Source Sans Pro" before it).
_FONT = "'Source Sans', 'Source Sans Pro', 'DejaVu Sans', Arial, sans-serif"
# Okabe–Ito without its yellow (too pale for a thin line on white), plus Tol's wine.
_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255"]

_AXIS = {
    "showgrid": True,
    "gridcolor": _GRID,
    "linecolor": "#9AA5B1",
    "zeroline": False,
    "ticks": "outside",
    "tickcolor": "#9AA5B1",
    "automargin": True,
    "tickfont": {"size": 16},
    "title": {"font": {"size": 18}},
}

#: The look shared by every figure: white background, large type for a projector, colour-blind
#: friendly colours; treat it as read-only. A small template of our own, not ``plotly_white``:
#: Plotly validates a template on every figure, and its built-in ones cost ~30 ms each time.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": _FONT, "size": 18, "color": _INK},
        "title": {
            "font": {"size": 24},
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 24},
        },
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": _PALETTE,
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "polar": {
            "bgcolor": "white",
            "radialaxis": {"gridcolor": _GRID, "linecolor": _GRID, "tickfont": {"size": 14}},
            "angularaxis": {"gridcolor": _GRID, "linecolor": "#9AA5B1"},
        },
        "legend": {"font": {"size": 16}, "bgcolor": "rgba(255,255,255,0.8)"},
        # Dark text on white whatever the trace: Plotly would otherwise fill the label with the
        # trace's colour and pick black or white text on it, as low as 3.3:1 on our greens.
        "hoverlabel": {
            "bgcolor": "white",
            "bordercolor": "#9AA5B1",
            "font": {"size": 16, "family": _FONT, "color": _INK},
            "align": "left",
        },
        "hovermode": "closest",
        "margin": {"l": 20, "r": 30, "t": 110, "b": 60},
    }
)

#: Plotly's decimal and thousands separators for each language (Babel's, for French a narrow
#: no-break space between thousands).
_SEPARATORS = {"en": ".,", "fr": ",\u202f"}

_DAY_MS = 86_400_000
_MAX_LEGEND_LINES = 12  # beyond this many populations, adoption curves are summed by wave
_MAX_BAR_TEXTS = 60  # beyond this many bars or cells, no text is printed on them
_HOVER_WIDTH = 60

_PHASE_COLORS: Mapping[PhaseKind, str] = MappingProxyType(
    {
        PhaseKind.PREPARATION: "#9BB7D4",
        PhaseKind.SOFT_LAUNCH: "#56B4E9",
        PhaseKind.LAUNCH: "#0072B2",
        PhaseKind.WAVE: "#009E73",
        PhaseKind.SUSTAIN: "#B8C2CC",
        PhaseKind.REVIEW: "#CC79A7",
    }
)

_ROLE_COLORS: Mapping[CoreRole, str] = MappingProxyType(
    {
        CoreRole.COMMUNITY_MANAGER: "#0072B2",
        CoreRole.IT_ADMIN: "#E69F00",
        CoreRole.EXECUTIVE_SPONSOR: "#CC79A7",
        CoreRole.COMMUNICATION: "#009E73",
        CoreRole.EDUCATION: "#56B4E9",
        CoreRole.HR: "#D55E00",
        CoreRole.POWER_USER: "#F0E442",
        CoreRole.OTHER: "#7B8794",
    }
)

# Sponsor actions differ by symbol as well as colour, so the legend reads without colour; the
# colours avoid the watch and critical hues used by the silent stretches.
_ACTION_STYLES: Mapping[SponsorActionKind, tuple[str, str]] = MappingProxyType(
    {
        SponsorActionKind.KICKOFF_MESSAGE: ("star", "#0072B2"),
        SponsorActionKind.POST: ("circle", "#56B4E9"),
        SponsorActionKind.LIVE_QA: ("diamond", "#CC79A7"),
        SponsorActionKind.EVENT: ("square", "#009E73"),
        SponsorActionKind.RECOGNITION: ("triangle-up", "#1F2933"),
        SponsorActionKind.OTHER: ("x", "#7B8794"),
    }
)

#: Resistance ratings 0–3 from pale to dark: ColorBrewer's four-class YlOrBr, ordered by
#: lightness so it reads without hue. The rating printed on each cell (Plotly writes it in
#: #444 on light cells, white on dark ones) keeps 4.5:1 on every class.
_RESISTANCE_SCALE = [
    [0.0, "#FFFFD4"],
    [1 / 3, "#FED98E"],
    [2 / 3, "#FE9929"],
    [1.0, "#CC4C02"],
]
_UNRATED_COLOR = "#D5DADF"


# --------------------------------------------------------------------------------------------
# 1. Timeline


def gantt_figure(
    timeline: Timeline, lang: str, *, community_names: Mapping[str, str] | None = None
) -> go.Figure:
    """Draw the launch timeline: one row per phase kind, then one row per task kind.

    Phases are bars (one-day phases such as the launch or a review are diamonds); tasks are bars
    coloured by owner role, one trace per role, so a plan with thousands of tasks stays a figure
    of a dozen rows and a handful of traces. Tasks of the same kind, owner and dates are drawn
    once, their hover listing the first few of them.

    Args:
        timeline: the result of ``build_timeline``.
        lang: language of every text (``"en"`` or ``"fr"``).
        community_names: optional community names by id, shown in the hover instead of the id.

    Returns:
        The figure; with neither phase nor task, a figure explaining what is missing.

    Raises:
        ValueError: ``lang`` is not a supported language.
    """
    title = _t("gantt.title", lang)
    if not timeline.phases and not timeline.tasks:
        reasons = [render(message, lang) for message in timeline.missing]
        return _empty_figure(title, reasons or [_t("gantt.empty", lang)], lang)

    names = community_names or {}
    phase_kinds = [kind for kind in PhaseKind if any(p.kind is kind for p in timeline.phases)]
    task_kinds = [kind for kind in TaskKind if any(t.kind is kind for t in timeline.tasks)]
    phase_row = {kind: _t(f"gantt.phase_row.{kind.value}", lang) for kind in phase_kinds}
    task_row = {kind: _t(f"gantt.task_row.{kind.value}", lang) for kind in task_kinds}
    row_labels = [*phase_row.values(), *task_row.values()]

    traces: list[Any] = []
    spans = [phase for phase in timeline.phases if not phase.is_milestone]
    milestones = [phase for phase in timeline.phases if phase.is_milestone]
    if spans:
        traces.append(
            go.Bar(
                name=_t("gantt.phases", lang),
                orientation="h",
                base=_texts(phase.start.isoformat() for phase in spans),
                x=_numbers(_span_ms(phase.start, phase.end) for phase in spans),
                y=_texts(phase_row[phase.kind] for phase in spans),
                width=0.6,
                marker={"color": [_PHASE_COLORS[phase.kind] for phase in spans]},
                hovertext=_texts(_phase_hover(phase, lang) for phase in spans),
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    if milestones:
        traces.append(
            go.Scatter(
                name=_t("gantt.milestones", lang),
                mode="markers",
                x=_texts(phase.start.isoformat() for phase in milestones),
                y=_texts(phase_row[phase.kind] for phase in milestones),
                marker={
                    "symbol": "diamond",
                    "size": 18,
                    "color": [_PHASE_COLORS[phase.kind] for phase in milestones],
                    "line": {"color": _INK, "width": 1.5},
                },
                hovertext=_texts(_phase_hover(phase, lang) for phase in milestones),
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    traces += _task_traces(timeline.tasks, task_row, names, lang)

    first = min([p.start for p in timeline.phases] + [t.start for t in timeline.tasks])
    last = max([p.end for p in timeline.phases] + [t.end for t in timeline.tasks])
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if phase_kinds and task_kinds:
        # A rule between the phase rows and the task rows.
        shapes.append(_hline(len(phase_kinds) - 0.5))
    launch = next((p for p in timeline.phases if p.kind is PhaseKind.LAUNCH), None)
    if launch is not None:
        shapes.append(_vline(launch.start, _INK))
        annotations.append(_vline_label(launch.start, _t("launch", lang), _INK))

    layout = _layout(
        title,
        lang,
        height=_height(len(row_labels), per_row=46),
        xaxis=_date_axis(first, last + timedelta(days=1), lang),
        yaxis=_row_axis(row_labels),
        barmode="overlay",
        legend={"title": {"text": _t("gantt.owner", lang)}},
        shapes=shapes,
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout)


def _phase_hover(phase: Phase, lang: str) -> str:
    lines = [f"<b>{_esc(render(phase.label, lang))}</b>", _dates(phase.start, phase.end, lang)]
    return "<br>".join(lines)


def _task_traces(
    tasks: Sequence[Task], task_row: Mapping[TaskKind, str], names: Mapping[str, str], lang: str
) -> list[Any]:
    """One bar trace per owner role; identical bars (kind, owner, dates) are drawn once."""
    groups: dict[tuple[TaskKind, CoreRole, date, date], list[Task]] = {}
    for task in tasks:
        groups.setdefault((task.kind, task.owner, task.start, task.end), []).append(task)
    by_owner: dict[CoreRole, list[tuple[tuple[TaskKind, CoreRole, date, date], list[Task]]]] = {}
    for key, group in groups.items():
        by_owner.setdefault(key[1], []).append((key, group))

    traces: list[Any] = []
    for owner in CoreRole:
        entries = by_owner.get(owner)
        if not entries:
            continue
        role = translate(f"role.{owner.value}", lang)
        traces.append(
            go.Bar(
                name=role,
                orientation="h",
                base=_texts(start.isoformat() for (_, _, start, _), _ in entries),
                x=_numbers(_span_ms(start, end) for (_, _, start, end), _ in entries),
                y=_texts(task_row[kind] for (kind, _, _, _), _ in entries),
                width=0.6,
                marker={"color": _ROLE_COLORS[owner], "line": {"color": "white", "width": 0.5}},
                opacity=0.9,
                hovertext=_texts(_task_hover(group, role, names, lang) for _, group in entries),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


def _task_hover(group: Sequence[Task], role: str, names: Mapping[str, str], lang: str) -> str:
    shown = group[:3]
    if len(group) == 1:
        lines = [f"<b>{_esc(render(group[0].label, lang))}</b>"]
    else:
        lines = [f"<b>{_t('gantt.hover_count', lang, count=_num(len(group), lang))}</b>"]
        lines += [f"• {_esc(render(task.label, lang))}" for task in shown]
        if len(group) > len(shown):
            lines.append(_t("more", lang, count=_num(len(group) - len(shown), lang)))
    lines.append(_t("gantt.hover_owner", lang, role=role))
    communities = list(dict.fromkeys(t.community_id for t in group if t.community_id is not None))
    if communities:
        listed = ", ".join(_esc(names.get(c, c)) for c in communities[:3])
        if len(communities) > 3:
            listed += " " + _t("more", lang, count=_num(len(communities) - 3, lang))
        lines.append(_t("gantt.hover_community", lang, community=listed))
    lines.append(_dates(group[0].start, group[0].end, lang))
    return "<br>".join(lines)


# --------------------------------------------------------------------------------------------
# 2. Readiness


def readiness_figure(assessment: Assessment, lang: str) -> go.Figure:
    """Draw the readiness radar: each indicator's 0–100 score on its own spoke.

    Points are coloured by level; the overall score is in the title.

    Args:
        assessment: the result of ``assess``.
        lang: language of every text.

    Returns:
        The figure; without indicators, a figure explaining why nothing is drawn.
    """
    if not assessment.indicators:
        return _empty_figure(_t("readiness.title_empty", lang), [_t("readiness.empty", lang)], lang)
    title = _t(
        "readiness.title", lang, score=assessment.score, level=_level_name(assessment.level, lang)
    )
    indicators = _ordered(assessment.indicators)
    names = [_indicator_name(indicator, lang) for indicator in indicators]
    scores = [indicator.score for indicator in indicators]
    hovers = [_indicator_hover(indicator, lang) for indicator in indicators]
    colors = [LEVEL_COLORS[indicator.level] for indicator in indicators]
    symbols = [_LEVEL_SYMBOLS[indicator.level] for indicator in indicators]
    trace = go.Scatterpolar(
        # The first point is repeated so that the outline closes.
        r=[*scores, scores[0]],
        theta=[*names, names[0]],
        mode="lines+markers",
        fill="toself",
        fillcolor="rgba(0,114,178,0.15)",
        line={"color": "#0072B2", "width": 3},
        marker={
            "size": 17,
            "color": [*colors, colors[0]],
            "symbol": [*symbols, symbols[0]],
            "line": {"color": "white", "width": 2},
        },
        hovertext=[*hovers, hovers[0]],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )
    layout = _layout(
        title,
        lang,
        height=620,
        polar={
            # The score scale runs between two spokes, clear of the indicator names.
            "radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 112.5},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 17}},
        },
        margin={"l": 110, "r": 110, "t": 120, "b": 60},
    )
    return go.Figure(data=[trace], layout=layout)


def scorecard_figure(assessment: Assessment, lang: str) -> go.Figure:
    """Draw the readiness scorecard: one horizontal bar per indicator, coloured by its level.

    One trace per level present, so the legend names the levels; the overall score and level
    are in the title. The hover gives each indicator's reason and recommended action.

    Args:
        assessment: the result of ``assess``.
        lang: language of every text.

    Returns:
        The figure; without indicators, a figure explaining why nothing is drawn.
    """
    if not assessment.indicators:
        return _empty_figure(_t("scorecard.title_empty", lang), [_t("readiness.empty", lang)], lang)
    title = _t(
        "scorecard.title", lang, score=assessment.score, level=_level_name(assessment.level, lang)
    )
    indicators = _ordered(assessment.indicators)
    labels = _unique([_indicator_name(indicator, lang) for indicator in indicators])
    traces: list[Any] = []
    for level in Level:
        rows = [
            (label, ind)
            for label, ind in zip(labels, indicators, strict=True)
            if ind.level is level
        ]
        if not rows:
            continue
        traces.append(
            go.Bar(
                name=_level_name(level, lang),
                orientation="h",
                x=[ind.score for _, ind in rows],
                y=[label for label, _ in rows],
                width=0.7,
                marker={"color": LEVEL_COLORS[level]},
                text=[str(ind.score) for _, ind in rows],
                textposition="outside",
                cliponaxis=False,
                hovertext=[_indicator_hover(ind, lang) for _, ind in rows],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    layout = _layout(
        title,
        lang,
        height=_height(len(indicators), per_row=56),
        xaxis={"range": [0, 108], "tickvals": [0, 25, 50, 75, 100], "title": _t("score", lang)},
        yaxis=_row_axis(labels),
        barmode="overlay",
    )
    return go.Figure(data=traces, layout=layout)


def _ordered(indicators: Sequence[Indicator]) -> list[Indicator]:
    """Indicators in the documented order, any unknown id after them."""
    rank = {indicator_id: index for index, indicator_id in enumerate(INDICATOR_IDS)}
    return sorted(indicators, key=lambda indicator: rank.get(indicator.id, len(rank)))


def _indicator_name(indicator: Indicator, lang: str) -> str:
    return translate(f"indicator.{indicator.id}.name", lang)


def _indicator_hover(indicator: Indicator, lang: str) -> str:
    # Reasons and actions name communities and populations: user text, escaped.
    lines = [
        f"<b>{_indicator_name(indicator, lang)}</b>",
        _t("hover_score", lang, score=indicator.score, level=_level_name(indicator.level, lang)),
        _wrap(_esc(render(indicator.reason, lang))),
        _wrap(_esc(_t("hover_action", lang, action=render(indicator.action, lang)))),
    ]
    return "<br>".join(line for line in lines if line)


# --------------------------------------------------------------------------------------------
# 3. Resistance


def resistance_heatmap(plan: Plan, lang: str) -> go.Figure:
    """Draw the brakes on adoption: populations × the six resistance factors, rated 0–3.

    Rows are labelled "community — population"; unrated cells are left as gaps whose hover says
    so.

    Args:
        plan: the plan.
        lang: language of every text.

    Returns:
        The figure; without populations, a figure explaining what to add.
    """
    title = _t("resistance.title", lang)
    pairs = list(plan.all_populations())
    if not pairs:
        return _empty_figure(title, [_t("resistance.empty", lang)], lang)

    factors = list(ResistanceFactor)
    factor_names = [translate(f"factor.{factor.value}", lang) for factor in factors]
    # Column heads slanted: six long names side by side never fit level, even wrapped, once the
    # row labels have taken their width (a PDF page, a laptop screen).
    head_length = max(len(name) for name in factor_names)
    rating_names = [_t(f"rating.{value}", lang) for value in range(4)]
    # Hover words by rating; index 4 stands for "not rated".
    words = np.array(
        [f"{value} ({name})" for value, name in enumerate(rating_names)]
        + [_t("resistance.not_rated", lang)],
        dtype=str,
    )
    labels = _unique([_population_label(c.name, p.name, lang) for c, p in pairs])
    ratings = np.array(
        [list(p.resistance.ratings().values()) for _, p in pairs], dtype=float
    )  # None becomes NaN: a gap in the heat map
    hover = words[np.nan_to_num(ratings, nan=4).astype(int)]
    rows = _texts(labels)
    unrated = unrated_layer(ratings, factor_names, rows, gap=3)
    rated = go.Heatmap(
        z=ratings,
        x=factor_names,
        y=rows,
        zmin=0,
        zmax=3,
        colorscale=_RESISTANCE_SCALE,
        xgap=3,
        ygap=3,
        hoverongaps=True,
        text=hover,
        hovertemplate="<b>%{y}</b><br>"
        + _t("resistance.hover", lang, factor="%{x}", rating="%{text}")
        + "<extra></extra>",
        texttemplate="%{z}" if len(pairs) <= _MAX_BAR_TEXTS else None,
        textfont={"size": 16},
        colorbar={
            "title": {"text": _t("resistance.colorbar", lang)},
            "tickvals": [0, 1, 2, 3],
            "ticktext": rating_names,
        },
    )
    layout = _layout(
        title,
        lang,
        height=_height(len(pairs), per_row=38, extra=260),
        notes=[_t("resistance.gaps_note", lang)] if np.isnan(ratings).any() else [],
        xaxis={
            "side": "top",
            "showgrid": False,
            "tickangle": -35,
            "ticks": "",
        },
        yaxis=_row_axis(labels),
        # Room above the plot for the slanted column heads (about 0.6 px a character).
        margin={"t": 90 + int(6.5 * head_length)},
    )
    return go.Figure(data=[unrated, rated], layout=layout)


# --------------------------------------------------------------------------------------------
# 4. Adoption


def adoption_figure(forecast: Forecast, lang: str) -> go.Figure:
    """Draw the forecast adoption: cumulative members by week, per population and in total.

    Up to a dozen populations each get a line and a legend entry. Beyond that, a line per
    population would be a tangle nobody can read (and a heavy figure), so the populations are
    summed by wave: one line per wave date, named with its number of populations.

    Args:
        forecast: the result of ``forecast``.
        lang: language of every text.

    Returns:
        The figure; without any forecast population, a figure giving the reasons.
    """
    title = _t("adoption.title", lang)
    if not forecast.populations or not forecast.weeks:
        reasons = [render(message, lang) for message in forecast.skipped[:5]]
        if len(forecast.skipped) > 5:
            reasons.append(_t("more", lang, count=_num(len(forecast.skipped) - 5, lang)))
        return _empty_figure(title, [_t("adoption.empty", lang), *reasons], lang)

    weeks = _texts(week.isoformat() for week in forecast.weeks)
    week_labels = _texts(_t("adoption.week", lang, day=_day(week, lang)) for week in forecast.weeks)
    members = _t("adoption.hover_members", lang, members="%{y:,.0f}")
    curves: list[tuple[str, Any]] = []  # name, cumulative members by week
    if len(forecast.populations) <= _MAX_LEGEND_LINES:
        for population in forecast.populations:
            name = _population_label(population.community_name, population.population_name, lang)
            curves.append((name, np.asarray(population.cumulative, dtype=float)))
    else:
        waves: dict[date, list[Any]] = {}
        for population in forecast.populations:
            waves.setdefault(population.wave_date, []).append(population.cumulative)
        for wave_date in sorted(waves):
            series = waves[wave_date]
            name = _t(
                "adoption.wave",
                lang,
                day=_day(wave_date, lang),
                count=_num(len(series), lang),
            )
            curves.append((name, np.asarray(series, dtype=float).sum(axis=0)))

    traces: list[Any] = []
    for index, (name, cumulative) in enumerate(curves):
        traces.append(
            go.Scatter(
                name=name,
                mode="lines",
                x=weeks,
                y=cumulative,
                # Dashes once the colours come round again, so no two lines look alike.
                line={"width": 2.5, "dash": "solid" if index < len(_PALETTE) else "dash"},
                customdata=week_labels,
                # The name through ``meta``: inside the template, a "%{…}" in a population's
                # name would be read as a placeholder.
                meta=name,
                hovertemplate=f"<b>%{{meta}}</b><br>%{{customdata}}<br>{members}<extra></extra>",
            )
        )
    total = _t("adoption.total", lang)
    traces.append(
        go.Scatter(
            name=total,
            mode="lines",
            x=weeks,
            y=_numbers(forecast.total_cumulative),
            line={"width": 5, "color": _INK},
            customdata=week_labels,
            hovertemplate=f"<b>{total}</b><br>%{{customdata}}<br>{members}<extra></extra>",
        )
    )
    layout = _layout(
        title,
        lang,
        height=560,
        xaxis=_date_axis(forecast.weeks[0], forecast.weeks[-1] + timedelta(days=6), lang),
        yaxis={"title": _t("adoption.yaxis", lang), "tickformat": ",.0f", "rangemode": "tozero"},
    )
    return go.Figure(data=traces, layout=layout)


# --------------------------------------------------------------------------------------------
# 5. Sponsors


def sponsor_activity_figure(plan: Plan, lang: str) -> go.Figure:
    """Draw each sponsor's dated actions and their silent stretches.

    One row per sponsor; actions are markers whose symbol and colour give their kind. Over the
    window from the official launch (or the start of preparation) to the end of the launch
    period, stretches without any action longer than ``sponsor_gap_watch_days`` are shaded in the
    watch colour, those longer than ``sponsor_gap_critical_days`` in the critical colour.

    Args:
        plan: the plan.
        lang: language of every text.

    Returns:
        The figure; without sponsors (or without any date to place them on), a figure explaining
        what to add.
    """
    title = _t("sponsors.title", lang)
    if not plan.sponsors:
        return _empty_figure(title, [_t("sponsors.empty", lang)], lang)
    window = _sponsor_window(plan)
    action_days = [action.date for sponsor in plan.sponsors for action in sponsor.actions]
    if not action_days and window is None:
        return _empty_figure(title, [_t("sponsors.no_actions", lang)], lang)

    community_names = {community.id: community.name for community in plan.communities}
    rows = _unique([_esc(sponsor.name) for sponsor in plan.sponsors])
    marks: dict[SponsorActionKind, tuple[list[str], list[str], list[str]]] = {}
    for row, sponsor in zip(rows, plan.sponsors, strict=True):
        who = row + (f" ({_esc(sponsor.title)})" if sponsor.title else "")
        for action in sponsor.actions:
            xs, ys, hovers = marks.setdefault(action.kind, ([], [], []))
            xs.append(action.date.isoformat())
            ys.append(row)
            lines = [
                f"<b>{who}</b>",
                f"{_t(f'action_kind.{action.kind.value}', lang)} — {_day(action.date, lang)}",
            ]
            if action.community_id is not None:
                community = community_names.get(action.community_id, action.community_id)
                lines.append(_t("gantt.hover_community", lang, community=_esc(community)))
            if action.description:
                short = textwrap.shorten(action.description, 160, placeholder=" …")
                lines.append(_wrap(_esc(short)))
            hovers.append("<br>".join(lines))

    traces: list[Any] = []
    if window is not None:
        traces += _gap_traces(plan, *window, rows, lang)
    for kind in SponsorActionKind:
        if kind not in marks:
            continue
        xs, ys, hovers = marks[kind]
        symbol, color = _ACTION_STYLES[kind]
        traces.append(
            go.Scatter(
                name=_t(f"action_kind.{kind.value}", lang),
                mode="markers",
                x=_texts(xs),
                y=_texts(ys),
                marker={
                    "symbol": symbol,
                    "size": 17,
                    "color": color,
                    "line": {"color": "white", "width": 1.5},
                },
                hovertext=_texts(hovers),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )

    bounds = [*action_days, *(window or ())]
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if plan.launch_date is not None:
        shapes.append(_vline(plan.launch_date, _INK))
        annotations.append(_vline_label(plan.launch_date, _t("launch", lang), _INK))
    layout = _layout(
        title,
        lang,
        notes=[_t("sponsors.no_window", lang)] if window is None else [],
        height=_height(len(rows), per_row=56),
        xaxis=_date_axis(min(bounds), max(bounds) + timedelta(days=1), lang),
        yaxis=_row_axis(rows),
        barmode="overlay",
        shapes=shapes,
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout)


def _sponsor_window(plan: Plan) -> tuple[date, date] | None:
    """The span over which silences count: official launch (else start) to end of period."""
    start = plan.launch_date or plan.start_date
    if start is None or plan.end_date is None or plan.end_date < start:
        return None
    return start, plan.end_date


def _gap_traces(plan: Plan, start: date, end: date, rows: Sequence[str], lang: str) -> list[Any]:
    """Shaded silent stretches: one trace for watch, one for critical, only those present."""
    watch_days = plan.thresholds.sponsor_gap_watch_days
    critical_days = plan.thresholds.sponsor_gap_critical_days
    found: dict[Level, tuple[list[str], list[float], list[str], list[str]]] = {}
    for row, sponsor in zip(rows, plan.sponsors, strict=True):
        for gap in activity_gaps((action.date for action in sponsor.actions), start, end):
            if gap.days <= watch_days:
                continue
            level = Level.CRITICAL if gap.days > critical_days else Level.WATCH
            bases, lengths, ys, hovers = found.setdefault(level, ([], [], [], []))
            bases.append(gap.start.isoformat())
            lengths.append(_span_ms(gap.start, gap.end))
            ys.append(row)
            hovers.append(
                _t("sponsors.gap_hover", lang, sponsor=row, days=_num(gap.days, lang))
                + "<br>"
                + _dates(gap.start, gap.end, lang)
            )
    traces: list[Any] = []
    for level, days in ((Level.WATCH, watch_days), (Level.CRITICAL, critical_days)):
        if level not in found:
            continue
        bases, lengths, ys, hovers = found[level]
        traces.append(
            go.Bar(
                name=_t("sponsors.gap_legend", lang, days=_num(days, lang)),
                orientation="h",
                base=_texts(bases),
                x=_numbers(lengths),
                y=_texts(ys),
                width=0.7,
                marker={"color": LEVEL_COLORS[level], "line": {"width": 0}},
                opacity=0.45,
                hovertext=_texts(hovers),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


# --------------------------------------------------------------------------------------------
# 6. Ambassadors


def ambassador_coverage_figure(plan: Plan, lang: str) -> go.Figure:
    """Draw each population's ambassador coverage against the chosen rule's floor and goal.

    Coverage is the number of the community's ambassadors serving the population divided by its
    headcount, in percent. Bars below the floor are critical, below the goal on watch, else ok;
    the floor and the goal of ``plan.thresholds.ambassador_band()`` are dashed reference lines.

    Args:
        plan: the plan.
        lang: language of every text.

    Returns:
        The figure; without a population that has a headcount, a figure explaining what to add.
    """
    title = _t("coverage.title", lang)
    labels: list[str] = []
    counts: list[int] = []
    headcounts: list[int] = []
    without_headcount = 0
    for community in plan.communities:
        serving = Counter(ambassador.population_id for ambassador in community.ambassadors)
        for population in community.populations:
            if population.headcount is None:
                without_headcount += 1
                continue
            labels.append(_population_label(community.name, population.name, lang))
            counts.append(serving[population.id])
            headcounts.append(population.headcount)
    if not labels:
        return _empty_figure(title, [_t("coverage.empty", lang)], lang)

    rows = _texts(_unique(labels))
    details = np.array([counts, headcounts]).T  # for the hover: ambassadors, headcount
    coverage = np.array(counts, dtype=float) / np.array(headcounts, dtype=float)
    floor, goal = plan.thresholds.ambassador_band()
    levels = np.where(coverage < floor, 2, np.where(coverage < goal, 1, 0))
    suffix = _t("percent_suffix", lang)
    hovertemplate = (
        "<b>%{y}</b><br>"
        + _t("coverage.hover", lang, count="%{customdata[0]}", headcount="%{customdata[1]:,}")
        + "<br>"
        + _t("coverage.hover_share", lang, share=f"%{{x:.2f}}{suffix}")
        + "<extra></extra>"
    )
    traces: list[Any] = []
    for index, level in enumerate((Level.OK, Level.WATCH, Level.CRITICAL)):
        chosen = levels == index
        if not chosen.any():
            continue
        traces.append(
            go.Bar(
                name=_level_name(level, lang),
                orientation="h",
                x=np.round(coverage[chosen] * 100, 4),
                y=rows[chosen],
                width=0.7,
                marker={"color": LEVEL_COLORS[level]},
                texttemplate=f"%{{x:.1f}}{suffix}" if len(rows) <= _MAX_BAR_TEXTS else None,
                textposition="outside",
                cliponaxis=False,
                customdata=details[chosen],
                hovertemplate=hovertemplate,
            )
        )
    floor_color, goal_color = LEVEL_COLORS[Level.CRITICAL], LEVEL_COLORS[Level.OK]
    floor_text = _t("coverage.floor", lang, share=format_share(floor, lang, decimals=1))
    goal_text = _t("coverage.goal", lang, share=format_share(goal, lang, decimals=1))
    floor_ink, goal_ink = _LEVEL_TEXT_COLORS[Level.CRITICAL], _LEVEL_TEXT_COLORS[Level.OK]
    annotations = [
        _vline_label(floor * 100, floor_text, floor_ink, shift=-6, anchor="right"),
        _vline_label(goal * 100, goal_text, goal_ink, shift=6, anchor="left"),
    ]
    rule = _t(f"preset.{plan.thresholds.ambassador_preset.value}", lang)
    notes = [_t("coverage.subtitle", lang, rule=rule)]
    if without_headcount:
        notes.append(_t("coverage.without_headcount", lang, count=_num(without_headcount, lang)))
    layout = _layout(
        title,
        lang,
        notes=notes,
        height=_height(len(rows), per_row=44, extra=240),
        xaxis={
            "range": [0, max(float(coverage.max()), goal) * 100 * 1.15],
            "title": _t("coverage.xaxis", lang),
            "ticksuffix": suffix,
        },
        yaxis=_row_axis(list(rows)),
        barmode="overlay",
        shapes=[_vline_value(floor * 100, floor_color), _vline_value(goal * 100, goal_color)],
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout)


# --------------------------------------------------------------------------------------------
# Shared helpers


def _t(key: str, lang: str, /, **params: Any) -> str:
    """Translate one of this module's texts."""
    return translate(f"figures.{key}", lang, **params)


def _level_name(level: Level, lang: str) -> str:
    return translate(f"level.{level.value}", lang)


def _esc(text: str) -> str:
    """Escape user text for Plotly, which reads a few HTML tags and entities in labels."""
    return html.escape(text, quote=False)


def _wrap(text: str, width: int = _HOVER_WIDTH) -> str:
    """Break a long hover line into lines Plotly shows one under the other."""
    return "<br>".join(textwrap.wrap(text, width)) if len(text) > width else text


@lru_cache(maxsize=8192)
def _day_pattern(day: date, lang: str, pattern: str) -> str:
    # Babel takes ~25 µs a date; large plans repeat the same few hundred days many times.
    return format_date(day, lang, style=pattern)


def _day(day: date, lang: str) -> str:
    """A day for hover texts: ``5 janv. 2027`` / ``Jan 5, 2027``."""
    return _day_pattern(day, lang, "medium")


@lru_cache(maxsize=4096)
def _num(value: int, lang: str) -> str:
    return format_number(value, lang)


def _dates(start: date, end: date, lang: str) -> str:
    """An inclusive span of days, or a single day."""
    if start == end:
        return _day(start, lang)
    days = (end - start).days + 1
    return _t("dates", lang, start=_day(start, lang), end=_day(end, lang), days=_num(days, lang))


def _span_ms(start: date, end: date) -> float:
    """Length of the inclusive span start–end in milliseconds, the unit of a date axis."""
    return float(((end - start).days + 1) * _DAY_MS)


def _date_axis(first: date, last: date, lang: str) -> dict[str, Any]:
    """A date axis over first–last, a little padded, with tick labels in ``lang``."""
    pad = timedelta(days=max(2, (last - first).days // 40))
    low, high = first - pad, last + pad
    tickvals, ticktext = _date_ticks(low, high, lang)
    return {
        "type": "date",
        "range": [low.isoformat(), high.isoformat()],
        "tickmode": "array",
        "tickvals": tickvals,
        "ticktext": ticktext,
    }


def _date_ticks(low: date, high: date, lang: str) -> tuple[list[str], list[str]]:
    """Ticks between ``low`` and ``high``: weekly on Mondays up to 12 weeks, else on month starts.

    Month ticks are spaced 1, 2, 3, 6 or 12 months apart so that about a dozen fit; the first tick
    and each January carry the year (``janv. 2027``, ``févr.``, ``mars`` …).
    """
    ticks: list[date] = []
    if (high - low).days <= 84:
        day = low + timedelta(days=(7 - low.weekday()) % 7)
        while day <= high:
            ticks.append(day)
            day += timedelta(days=7)
        short, full = "d MMM", "d MMM yyyy"
    else:
        months = (high.year - low.year) * 12 + high.month - low.month
        step = next((s for s in (1, 2, 3, 6) if months / s <= 12), 12 * math.ceil(months / 144))
        index = low.year * 12 + low.month - 1 + (0 if low.day == 1 else 1)
        index += -index % min(step, 12)  # every n months from January, years from January
        while True:
            day = date(index // 12, index % 12 + 1, 1)
            if day > high:
                break
            ticks.append(day)
            index += step
        short, full = "MMM", "MMM yyyy"
    texts = [
        _day_pattern(day, lang, full if i == 0 or day.year != ticks[i - 1].year else short)
        for i, day in enumerate(ticks)
    ]
    return [day.isoformat() for day in ticks], texts


def _row_axis(labels: Sequence[str]) -> dict[str, Any]:
    """A category axis listing ``labels`` top-down in their order.

    Plotly thins the tick labels by itself when there are more rows than room.
    """
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(labels),
        "range": [len(labels) - 0.5, -0.5],
        "showgrid": False,
        "zeroline": False,
    }


def _unique(labels: Sequence[str]) -> list[str]:
    """Number repeated labels (``Sales — Lyon (2)``) so that two rows never merge into one."""
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def unrated_layer(ratings: Any, x: Any, y: Any, *, gap: int) -> go.Heatmap:
    """The grey layer under a 0–3 heat map that shows its unrated (NaN) cells as such.

    Unrated cells are gaps in the ratings' own layer; drawn first, this one fills them.
    """
    return go.Heatmap(
        z=np.where(np.isnan(ratings), 0.0, np.nan),
        x=x,
        y=y,
        colorscale=[[0.0, _UNRATED_COLOR], [1.0, _UNRATED_COLOR]],
        showscale=False,
        xgap=gap,
        ygap=gap,
        hoverinfo="skip",
    )


def _population_label(community: str, population: str, lang: str) -> str:
    """``community — population``, the label of a population's row, each part kept short."""
    return _row_template(lang).format(
        community=_esc(_shorten(community, 28)), population=_esc(_shorten(population, 36))
    )


def _shorten(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@lru_cache(maxsize=8)
def _row_template(lang: str) -> str:
    # Filled once per row in plans with thousands of populations: skip translate's machinery.
    return _t("row", lang, community="{community}", population="{population}")


def _texts(values: Iterable[str]) -> Any:
    """Strings as a NumPy array: Plotly takes arrays as they are, but checks lists item by item.

    A fixed-width string array rather than an object one, which Plotly would copy item by item.
    """
    return np.array(list(values), dtype=str)


def _numbers(values: Iterable[float]) -> Any:
    """Numbers as a NumPy array, which Plotly also sends to the browser as compact binary."""
    return np.fromiter(values, dtype=float)


def _height(rows: int, *, per_row: int, extra: int = 200) -> int:
    """A figure height that gives each row room, within what a page can show."""
    return max(420, min(2400, extra + per_row * rows))


def _vline(day: date, color: str) -> dict[str, Any]:
    return _vline_value(day.isoformat(), color)


def _vline_value(x: float | str, color: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "width": 2.5, "dash": "dash"},
        "layer": "above",
    }


def _vline_label(
    x: date | float, text: str, color: str, *, shift: int = 4, anchor: str = "left"
) -> dict[str, Any]:
    return {
        "x": x.isoformat() if isinstance(x, date) else x,
        "xref": "x",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": anchor,
        "xshift": shift,
        "text": text,
        "showarrow": False,
        "font": {"color": color, "size": 16},
    }


def _hline(y: float) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": "#9AA5B1", "width": 1.5},
    }


def _layout(title: str, lang: str, *, notes: Sequence[str] = (), **extra: Any) -> dict[str, Any]:
    """The layout every figure shares: template, title, number separators of ``lang``.

    ``notes`` go under the title, in a smaller muted type, each on its own lines; the top margin
    grows to make room for them.
    """
    title_spec: dict[str, Any] = {"text": title}
    lines = [line for note in notes for line in textwrap.wrap(note, 100)]
    if lines:
        title_spec["subtitle"] = {"text": "<br>".join(lines), "font": {"size": 16, "color": _MUTED}}
    layout: dict[str, Any] = {
        "template": TEMPLATE,
        "title": title_spec,
        "separators": _SEPARATORS.get(lang, _SEPARATORS["en"]),
    }
    margin = {**TEMPLATE.layout.margin.to_plotly_json(), **extra.pop("margin", {})}
    margin["t"] += 24 * len(lines)
    layout.update(extra, margin=margin)
    return layout


def _empty_figure(title: str, reasons: Iterable[str], lang: str) -> go.Figure:
    """A figure with no data and, in its middle, why nothing can be drawn yet."""
    lines = [f"<b>{_t('nothing_yet', lang)}</b>"]
    lines += [_wrap(_esc(reason), 70) for reason in reasons]
    layout = _layout(
        title,
        lang,
        height=420,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": "<br>".join(lines),
                "showarrow": False,
                "align": "center",
                "font": {"size": 19, "color": _MUTED},
            }
        ],
    )
    return go.Figure(layout=layout)
