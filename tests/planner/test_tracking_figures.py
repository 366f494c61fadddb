"""The tracking figure: planned curve, readings, refitted curve and its band, escaped names."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from planner.i18n import Message, translate
from planner.indicators import Level
from planner.models import Snapshot
from planner.tracking import CommunityTracking, Curve, Fit
from planner.tracking.figures import BAND_NAME_ID, tracking_figure

START = date(2027, 3, 14)
WEEKS = tuple(START + timedelta(days=7 * i) for i in range(16))
END = date(2027, 7, 2)
UNJUDGED = Message("tracking.unjudged", {"community": "x", "community_id": "qualite"})


def tracked(*, name: str = "Qualité terrain", fitted: bool = True) -> CommunityTracking:
    """One community with four readings, refitted (with its band) or not."""
    planned = tuple(float(10 * i) for i in range(len(WEEKS)))
    curve = Curve(weeks=WEEKS, planned=planned)
    fit = None
    if fitted:
        curve = dataclasses.replace(
            curve,
            fitted=tuple(v * 0.8 for v in planned),
            low=tuple(v * 0.6 for v in planned),
            high=tuple(v * 1.0 for v in planned),
        )
        fit = Fit(0.02, 0.3, 0.5, False, 4, 0.03, 0.38, 0.6)
    snapshots = (
        *(
            Snapshot(date=WEEKS[i], members=8 * i, posts=3, posters=2 if i > 1 else None)
            for i in range(1, 5)
        ),
        Snapshot(date=WEEKS[5], posts=4),  # activity only: no marker
    )
    return CommunityTracking(
        community_id="qualite",
        name=name,
        level=Level.WATCH,
        reason=UNJUDGED,
        action=UNJUDGED,
        checks=(),
        snapshots=snapshots,
        actual_members=32,
        actual_date=WEEKS[4],
        forecast_members=40.0,
        gap=-0.2,
        fit=fit,
        projected_end=120.0 if fitted else None,
        projected_low=90.0 if fitted else None,
        projected_high=150.0 if fitted else None,
        planned_end=150.0,
        curve=curve,
        silent_days=None,
        participation=None,
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refitted_community_draws_plan_band_projection_and_readings(lang: str) -> None:
    """Test that the figure holds the planned curve, band, refit and a marker per reading."""
    fig = tracking_figure(tracked(), lang, end_date=END)
    names = [trace.name for trace in fig.data]
    band = translate(BAND_NAME_ID, lang)
    assert names == [
        band,
        band,
        translate("trackpage.figure.planned", lang),
        translate("trackpage.figure.fitted", lang),
        translate("trackpage.figure.snapshots", lang),
    ]
    upper = fig.data[1]
    assert upper.fill == "tonexty"
    assert upper.showlegend is not False
    assert fig.data[0].showlegend is False
    assert list(fig.data[4].y) == [8, 16, 24, 32]  # the activity-only reading has no marker
    assert fig.data[2].line.dash == "dash"
    # The projection and its band start at the last reading (32 members on WEEKS[4]) and run
    # over the weeks after it: the readings show the past.
    fitted, lower = fig.data[3], fig.data[0]
    assert list(fitted.x) == [w.isoformat() for w in WEEKS[4:]]
    assert list(fitted.y)[:2] == [32, 0.8 * 50]
    assert list(lower.x) == list(fitted.x)
    assert (lower.y[0], upper.y[0]) == (32, 32)
    # the end of the launch period: a vertical line and its label
    assert [shape.x0 for shape in fig.layout.shapes] == [END.isoformat()]
    assert fig.layout.annotations[0].text == translate("trackpage.figure.end", lang)


def test_without_a_fit_there_is_no_band_and_the_figure_says_so() -> None:
    """Test that a community not refitted gets the planned curve and readings, no band."""
    fig = tracking_figure(tracked(fitted=False), "en")
    names = [trace.name for trace in fig.data]
    assert names == ["Planned", "Readings"]
    assert not any(getattr(trace, "fill", None) for trace in fig.data)
    assert fig.layout.title.subtitle.text == translate("trackpage.figure.note_no_fit", "en")
    assert not fig.layout.shapes


def test_hover_texts_show_the_readings_in_the_language() -> None:
    """Test that a reading's hover text gives its day and figures, written for the language."""
    fig = tracking_figure(tracked(), "fr", end_date=END)
    hovers = list(fig.data[4].customdata)
    assert "Membres\u00a0: 8" in hovers[0]
    assert "Messages\u00a0: 3" in hovers[0]
    assert "Auteurs" not in hovers[0]
    assert "Auteurs\u00a0: 2" in hovers[1]


def test_the_community_name_is_escaped_in_the_title() -> None:
    """Test that HTML in a community's name reaches Plotly escaped, never as markup."""
    fig = tracking_figure(tracked(name="<b>R&D</b> %{y}"), "en", end_date=END)
    title = fig.layout.title.text
    assert title.startswith("&lt;b&gt;R&amp;D&lt;/b&gt; %{y}")
    assert "<b>R" not in fig.to_json()
