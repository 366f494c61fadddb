"""The live brakes heat map: the room's means, spread and answers per cell, names escaped."""

from __future__ import annotations

import math

import pytest

from planner.live_figures import live_brakes_figure
from planner.models import SCHEMA_VERSION, Language, Plan
from planner.planfile import load_plan
from tests.app.conftest import SAMPLES


def hostile_plan() -> Plan:
    """A community whose two populations have names Plotly would read as HTML."""
    return Plan.model_validate(
        {
            "schema_version": SCHEMA_VERSION,
            "name": "Plan",
            "language": Language.EN,
            "communities": [
                {
                    "id": "c",
                    "name": "C",
                    "populations": [
                        {"id": "a", "name": "<b>Sales</b> & co"},
                        {"id": "b", "name": "Plant"},
                    ],
                }
            ],
        }
    )


def test_each_cell_shows_the_mean_the_spread_and_the_answers() -> None:
    """Test that a rated cell carries its mean, its spread and its count; others are gaps."""
    summary = {"a": {"workload": (2.4, 0.5, 9)}, "b": {}}
    fig = live_brakes_figure(hostile_plan(), "c", summary, "en")
    rated = fig.data[1]
    assert rated.z[0][1] == pytest.approx(2.4)
    assert rated.text[0][1] == "2.4<br>± 0.5 · 9"
    assert math.isnan(rated.z[1][1])
    assert rated.text[1][1] == ""
    assert fig.data[0].z[1][1] == 0.0  # the grey layer shows the gap


def test_population_names_are_escaped() -> None:
    """Test that a population's name reaches Plotly with its HTML escaped."""
    fig = live_brakes_figure(hostile_plan(), "c", {}, "en")
    assert fig.data[1].y[0] == "&lt;b&gt;Sales&lt;/b&gt; &amp; co"


def test_french_numbers_use_a_comma() -> None:
    """Test that the cells' numbers follow the language."""
    plan = load_plan(SAMPLES["fr-industrie"])
    community = plan.communities[0]
    first = community.populations[0].id
    fig = live_brakes_figure(plan, community.id, {first: {"workload": (1.5, 0.25, 4)}}, "fr")
    assert fig.data[1].text[0][1] == "1,5<br>± 0,2 · 4"


def test_a_community_without_populations_says_so() -> None:
    """Test that the figure explains itself when there is nothing to rate."""
    plan = hostile_plan()
    fig = live_brakes_figure(plan, "unknown", {}, "en")
    assert not fig.data
    assert "no target population" in fig.layout.annotations[0].text
