"""The live workshop's brakes heat map: the room's mean ratings, population × brake.

Pure, like :mod:`planner.figures`, whose template, colour scale and escaping it shares: it reads
a plan and the summary of a live session's ratings (``{population_id: {factor: (mean, sd, n)}}``,
as :func:`planner.live.brake_summary` returns it) and returns a new figure. Every cell prints
its mean, its spread (standard deviation) and the number of answers, large enough for a shared
screen; a cell nobody rated yet is a grey gap. Texts come from the ``liveroom.figure.*`` ids.

Example::

    >>> fig = live_brakes_figure(plan, "qualite", {"terrain": {"workload": (2.4, 0.5, 9)}}, "en")
    >>> fig.data[1].text[0][1]
    '2.4<br>± 0.5 · 9'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from planner.figures import (
    _INK,
    _RESISTANCE_SCALE,
    _empty_figure,
    _esc,
    _height,
    _layout,
    _row_axis,
    _shorten,
    _unique,
    unrated_layer,
)
from planner.i18n import format_number, translate
from planner.models import Plan, ResistanceFactor

__all__ = ["BrakeSummary", "live_brakes_figure"]

_TICKS = {"size": 19, "color": _INK}

#: What the room said of one population: each brake's mean, standard deviation and answers.
BrakeSummary = Mapping[str, Mapping[Any, tuple[float, float, int]]]


def live_brakes_figure(
    plan: Plan, community_id: str, summary: BrakeSummary, lang: str
) -> go.Figure:
    """Draw the room's ratings of the six brakes for the populations of one community.

    Args:
        plan: the plan, for the populations' names and order.
        community_id: the community the live question is about.
        summary: per population id, per brake, ``(mean, sd, n)``; missing or ``n == 0`` cells
            are not rated yet.
        lang: language of every text.

    Returns:
        The figure; without populations, a figure saying what to add first.
    """
    title = translate("liveroom.figure.title", lang)
    community = next((c for c in plan.communities if c.id == community_id), None)
    populations = list(community.populations) if community else []
    if not populations:
        return _empty_figure(title, [translate("liveroom.figure.empty", lang)], lang)
    factors = list(ResistanceFactor)
    # Level heads and row labels, wrapped onto short lines: slanted text is hard to read from
    # the back of a room, and the cells need the width.
    heads = [_lines(translate(f"factor.{factor.value}", lang), 13) for factor in factors]
    rows = _unique([_lines(_shorten(p.name, 60), 22) for p in populations])
    cells = [[_cell(summary.get(p.id, {}), factor) for factor in factors] for p in populations]
    means = np.array([[cell[0] for cell in row] for row in cells], dtype=float)
    texts = np.array([[_cell_text(cell, lang) for cell in row] for row in cells], dtype=str)
    hover = np.array([[_hover(cell, lang) for cell in row] for row in cells], dtype=str)
    gaps = unrated_layer(means, heads, rows, gap=4)
    rated = go.Heatmap(
        z=means,
        x=heads,
        y=rows,
        zmin=0,
        zmax=3,
        colorscale=_RESISTANCE_SCALE,
        xgap=4,
        ygap=4,
        text=texts,
        texttemplate="%{text}",
        textfont={"size": 22},
        customdata=hover,
        hovertemplate="<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
        colorbar={
            "title": {"text": translate("liveroom.figure.colorbar", lang), "font": {"size": 17}},
            "tickfont": {"size": 16, "color": _INK},
            "tickvals": [0, 1, 2, 3],
            "ticktext": [translate(f"figures.rating.{value}", lang) for value in range(4)],
        },
    )
    layout = _layout(
        title,
        lang,
        height=_height(len(populations), per_row=120, extra=320),
        notes=[translate("liveroom.figure.note", lang)],
        xaxis={"side": "top", "showgrid": False, "tickangle": 0, "ticks": "", "tickfont": _TICKS},
        yaxis={**_row_axis(rows), "tickfont": _TICKS},
        margin={"t": 200, "l": 10},
    )
    return go.Figure(data=[gaps, rated], layout=layout)


def _lines(text: str, width: int) -> str:
    """``text`` escaped and broken onto lines of about ``width`` characters, for Plotly."""
    lines = textwrap.wrap(text, width, break_long_words=False) or [text]
    return "<br>".join(_esc(line) for line in lines)


def _cell(ratings: Mapping[Any, tuple[float, float, int]], factor: ResistanceFactor) -> Any:
    """``(mean, sd, n)`` of one brake, NaN for the mean when nobody rated it."""
    mean, sd, answers = ratings.get(factor, ratings.get(factor.value, (0.0, 0.0, 0)))
    return (float(mean), float(sd), int(answers)) if answers else (np.nan, 0.0, 0)


def _cell_text(cell: tuple[float, float, int], lang: str) -> str:
    mean, sd, answers = cell
    if not answers:
        return ""
    return translate(
        "liveroom.figure.cell",
        lang,
        mean=format_number(mean, lang, decimals=1),
        sd=format_number(sd, lang, decimals=1),
        answers=format_number(answers, lang),
    )


def _hover(cell: tuple[float, float, int], lang: str) -> str:
    mean, sd, answers = cell
    if not answers:
        return translate("liveroom.figure.not_rated", lang)
    return translate(
        "liveroom.figure.hover",
        lang,
        mean=format_number(mean, lang, decimals=1),
        sd=format_number(sd, lang, decimals=1),
        answers=answers,
    )
