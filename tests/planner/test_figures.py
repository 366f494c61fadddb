"""Tests of planner.figures, on fig.data and fig.layout.

Every input is built by hand (timelines, assessments, forecasts, small plans) so these tests do
not depend on how the timeline, indicators or forecast modules compute their results.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner import figures
from planner.figures import (
    LEVEL_COLORS,
    adoption_figure,
    ambassador_coverage_figure,
    gantt_figure,
    readiness_figure,
    resistance_heatmap,
    scorecard_figure,
    sponsor_activity_figure,
)
from planner.forecast import Forecast, Multipliers, Participation, PopulationForecast
from planner.i18n import Message, render, templates_of, translate
from planner.indicators import INDICATOR_IDS, Assessment, Indicator, Level
from planner.models import (
    AMBASSADOR_PRESETS,
    Ambassador,
    AmbassadorPreset,
    Community,
    CoreRole,
    ForecastParams,
    Plan,
    Population,
    Resistance,
    ResistanceFactor,
    Sponsor,
    SponsorAction,
    SponsorActionKind,
    Thresholds,
)
from planner.timeline import Phase, PhaseKind, Task, TaskKind, Timeline

LOCALES = Path(figures.__file__).parent / "locales"
START, LAUNCH, END = date(2027, 1, 4), date(2027, 3, 1), date(2027, 6, 30)


# --------------------------------------------------------------------------------------------
# Inputs built by hand


def _plan(**fields: Any) -> Plan:
    return Plan(schema_version=1, name="Test plan", **fields)


def _population(pid: str, name: str, headcount: int | None = None, **ratings: int) -> Population:
    return Population(id=pid, name=name, headcount=headcount, resistance=Resistance(**ratings))


def _ambassadors(population_id: str, count: int) -> list[Ambassador]:
    return [
        Ambassador(id=f"{population_id}-{i}", name=f"Amb {i}", population_id=population_id)
        for i in range(count)
    ]


@pytest.fixture
def plan() -> Plan:
    """Two communities, four populations, two sponsors, dates set."""
    sales = Community(
        id="sales",
        name="Sales",
        populations=[
            _population("lyon", "Lyon", 200, workload=3, market_pressure=1),
            _population("paris", "Paris", 50),
        ],
        ambassadors=[*_ambassadors("lyon", 1), *_ambassadors("paris", 1)],
    )
    research = Community(
        id="rnd",
        name="R&D",
        populations=[_population("labs", "Labs", 40), _population("interns", "Interns")],
        ambassadors=_ambassadors("labs", 2),
    )
    alice = Sponsor(
        id="alice",
        name="Alice",
        title="COO",
        actions=[
            SponsorAction(date=date(2027, 3, 1), kind=SponsorActionKind.KICKOFF_MESSAGE),
            SponsorAction(date=date(2027, 3, 20), kind=SponsorActionKind.POST, community_id="rnd"),
            SponsorAction(date=date(2027, 6, 10), kind=SponsorActionKind.EVENT),
        ],
    )
    bob = Sponsor(
        id="bob",
        name="Bob",
        actions=[
            SponsorAction(date=date(2027, 3, 5), kind=SponsorActionKind.POST),
            SponsorAction(date=date(2027, 4, 20), kind=SponsorActionKind.POST),
        ],
    )
    return _plan(
        start_date=START,
        launch_date=LAUNCH,
        end_date=END,
        communities=[sales, research],
        sponsors=[alice, bob],
    )


def _phase(pid: str, kind: PhaseKind, start: date, end: date) -> Phase:
    return Phase(
        id=pid, kind=kind, label=Message(f"timeline.phase.{kind.value}"), start=start, end=end
    )


def _task(
    tid: str,
    kind: TaskKind,
    owner: CoreRole,
    start: date,
    end: date,
    community_id: str | None = None,
) -> Task:
    return Task(
        id=tid,
        kind=kind,
        phase_id="prep",
        label=Message(
            f"timeline.task.{kind.value}",
            {"community": community_id or "", "population": "x", "days": 30},
        ),
        owner=owner,
        start=start,
        end=end,
        community_id=community_id,
    )


@pytest.fixture
def timeline() -> Timeline:
    """Three phases (one a milestone) and four tasks, two of them identical but for community."""
    phases = (
        _phase("prep", PhaseKind.PREPARATION, START, LAUNCH - timedelta(days=1)),
        _phase("launch", PhaseKind.LAUNCH, LAUNCH, LAUNCH),
        _phase("sustain", PhaseKind.SUSTAIN, LAUNCH + timedelta(days=1), END),
    )
    tasks = (
        _task(
            "t1",
            TaskKind.DEFINE_TOTEM,
            CoreRole.COMMUNITY_MANAGER,
            START,
            date(2027, 1, 31),
            "sales",
        ),
        _task(
            "t2", TaskKind.DEFINE_TOTEM, CoreRole.COMMUNITY_MANAGER, START, date(2027, 1, 31), "rnd"
        ),
        _task("t3", TaskKind.SPONSOR_KICKOFF, CoreRole.EXECUTIVE_SPONSOR, LAUNCH, LAUNCH),
        _task(
            "t4",
            TaskKind.SEED_CONTENT,
            CoreRole.COMMUNITY_MANAGER,
            date(2027, 2, 1),
            date(2027, 2, 28),
            "rnd",
        ),
    )
    return Timeline(phases=phases, tasks=tasks, waves=(), missing=())


def _indicator(indicator_id: str, level: Level, score: int) -> Indicator:
    return Indicator(
        id=indicator_id,
        level=level,
        score=score,
        reason=Message(f"indicator.{indicator_id}.name"),
        action=Message(f"indicator.{indicator_id}.name"),
    )


@pytest.fixture
def assessment() -> Assessment:
    """Eight indicators, two critical and three on watch."""
    levels = [
        Level.OK,
        Level.WATCH,
        Level.CRITICAL,
        Level.OK,
        Level.WATCH,
        Level.CRITICAL,
        Level.WATCH,
        Level.OK,
    ]
    scores = [90, 60, 20, 85, 55, 10, 50, 95]
    indicators = tuple(
        _indicator(indicator_id, level, score)
        for indicator_id, level, score in zip(INDICATOR_IDS, levels, scores, strict=True)
    )
    return Assessment(indicators=indicators, score=58, level=Level.WATCH)


def _population_forecast(index: int, weeks: int) -> PopulationForecast:
    cumulative = tuple(float(10 * (index + 1) * week) for week in range(weeks))
    return PopulationForecast(
        community_id="sales",
        community_name="Sales",
        population_id=f"p{index}",
        population_name=f"Pop {index}",
        headcount=1000,
        wave_date=LAUNCH + timedelta(weeks=index % 3),
        p=0.03,
        q=0.38,
        ceiling=0.8,
        multipliers=Multipliers(sponsor=1.0, ambassadors=1.0, resistance=1.0),
        cumulative=cumulative,
        new=(0.0, *(b - a for a, b in itertools.pairwise(cumulative))),
    )


def _forecast(populations: int, weeks: int = 26) -> Forecast:
    forecasts = tuple(_population_forecast(i, weeks) for i in range(populations))
    total = (
        tuple(sum(p.cumulative[w] for p in forecasts) for w in range(weeks)) if forecasts else ()
    )
    return Forecast(
        params=ForecastParams(),
        weeks=tuple(LAUNCH + timedelta(weeks=w) for w in range(weeks)) if forecasts else (),
        populations=forecasts,
        total_cumulative=total,
        total_new=total,
        participation=Participation(creators=1.0, contributors=9.0, lurkers=90.0),
        skipped=(),
    )


def _annotation_texts(fig: Any) -> list[str]:
    return [annotation.text for annotation in fig.layout.annotations]


def _notes(fig: Any) -> str:
    """The notes under a figure's title, on one line."""
    return str(fig.layout.title.subtitle.text).replace("<br>", " ")


def _trace(fig: Any, name: str) -> Any:
    return next(trace for trace in fig.data if trace.name == name)


# --------------------------------------------------------------------------------------------
# Shared: colours, catalogue, serialisation


def test_level_colours_give_each_level_its_own_colour() -> None:
    assert set(LEVEL_COLORS) == set(Level)
    assert len(set(LEVEL_COLORS.values())) == len(Level)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour (or ``white``)."""
    colour = "#FFFFFF" if colour == "white" else colour
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: Machado, Oliveira & Fernandes (2009) at full severity, on linear RGB.
_CVD_MATRICES = {
    "protanopia": ((0.152, 1.053, -0.205), (0.115, 0.786, 0.099), (-0.004, -0.048, 1.052)),
    "deuteranopia": ((0.367, 0.861, -0.228), (0.280, 0.673, 0.047), (-0.012, 0.043, 0.969)),
    "tritanopia": ((1.256, -0.077, -0.179), (-0.078, 0.931, 0.148), (0.005, 0.691, 0.304)),
}


def _lab(linear: tuple[float, ...]) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear-RGB colour."""
    x, y, z = (
        sum(w * c for w, c in zip(row, linear, strict=True)) / white
        for row, white in zip(
            ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)),
            (0.95047, 1.0, 1.08883),
            strict=True,
        )
    )
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _seen_with(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    simulated = tuple(
        min(1.0, max(0.0, sum(w * c for w, c in zip(row, linear, strict=True)))) for row in matrix
    )
    return _lab(simulated)


@pytest.mark.parametrize("vision", sorted(_CVD_MATRICES))
def test_level_colours_stay_apart_for_colour_blind_readers(vision: str) -> None:
    """Test that the three level colours stay clearly apart under simulated colour blindness."""
    seen = {
        level: _seen_with(colour, _CVD_MATRICES[vision]) for level, colour in LEVEL_COLORS.items()
    }
    for first, second in itertools.combinations(Level, 2):
        assert math.dist(seen[first], seen[second]) >= 15, (first, second)


def test_figure_texts_reach_aa_contrast_on_white(plan: Plan) -> None:
    """Test that every text colour the figures set reads at 4.5:1 or more on their white."""
    layout = figures.TEMPLATE.layout
    assert _contrast(layout.font.color, layout.paper_bgcolor) >= 4.5
    assert _contrast(layout.hoverlabel.font.color, layout.hoverlabel.bgcolor) >= 4.5
    built = [
        ambassador_coverage_figure(plan, "en"),  # reference-line labels, notes under the title
        sponsor_activity_figure(plan, "en"),  # the launch line's label
        resistance_heatmap(_plan(), "en"),  # an empty figure's explanation
    ]
    colours = {annotation.font.color for fig in built for annotation in fig.layout.annotations} | {
        ambassador_coverage_figure(plan, "en").layout.title.subtitle.font.color
    }
    assert len(colours) >= 4
    for colour in colours:
        assert _contrast(colour, "#FFFFFF") >= 4.5, colour


def test_resistance_scale_darkens_with_the_rating_and_keeps_its_numbers_readable() -> None:
    """Test that ratings 0–3 get ever darker cells, each readable under #444 or white text."""
    colours = [colour for _, colour in figures._RESISTANCE_SCALE]
    assert colours == sorted(colours, key=_luminance, reverse=True)
    for colour in colours:
        assert max(_contrast(colour, "#444444"), _contrast(colour, "#FFFFFF")) >= 4.5, colour


#: User text that Plotly would read as a link and a hover placeholder if drawn as is; short
#: enough that row labels, which cut long names, keep all of it.
MARKUP = '<a href="x">L</a>'
PLACEHOLDER = "%{fullData.name}"
HOSTILE = f"{MARKUP} {PLACEHOLDER}"


def _strings(value: Any) -> list[str]:
    """Every string inside a figure's JSON-able dictionary."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    if hasattr(value, "tolist"):  # NumPy arrays of labels and hover texts
        return _strings(value.tolist())
    return []


def _templates(fig: Any) -> list[str]:
    return [
        str(template)
        for trace in fig.data
        for template in (trace["hovertemplate"], getattr(trace, "texttemplate", None))
        if template
    ]


def test_hover_texts_and_labels_show_user_text_literally() -> None:
    """Test that names with markup or placeholders are escaped and never become templates."""
    hostile_plan = _plan(
        start_date=START,
        launch_date=LAUNCH,
        end_date=END,
        communities=[
            Community(
                id="c",
                name=HOSTILE,
                populations=[_population("p", HOSTILE, 100, workload=2)],
                ambassadors=_ambassadors("p", 1),
            )
        ],
        sponsors=[
            Sponsor(
                id="s",
                name=HOSTILE,
                title=HOSTILE,
                actions=[
                    SponsorAction(
                        date=LAUNCH,
                        kind=SponsorActionKind.POST,
                        community_id="c",
                        description=HOSTILE,
                    )
                ],
            )
        ],
    )
    message = Message("indicator.target_populations.no_population", {"community": HOSTILE})
    indicator = Indicator(
        id="target_populations", level=Level.CRITICAL, score=0, reason=message, action=message
    )
    assessment = Assessment(indicators=(indicator,), score=0, level=Level.CRITICAL)
    forecast = _forecast(1)
    named = dataclasses.replace(forecast.populations[0], population_name=HOSTILE)
    forecast = dataclasses.replace(forecast, populations=(named,))
    timeline = Timeline(
        phases=(),
        tasks=(_task("t", TaskKind.SEED_CONTENT, CoreRole.COMMUNITY_MANAGER, START, END, "c"),),
        waves=(),
        missing=(),
    )
    built = {
        "gantt": gantt_figure(timeline, "en", community_names={"c": HOSTILE}),
        "readiness": readiness_figure(assessment, "en"),
        "scorecard": scorecard_figure(assessment, "en"),
        "heatmap": resistance_heatmap(hostile_plan, "en"),
        "adoption": adoption_figure(forecast, "en"),
        "sponsors": sponsor_activity_figure(hostile_plan, "en"),
        "coverage": ambassador_coverage_figure(hostile_plan, "en"),
    }
    for name, fig in built.items():
        texts = _strings(fig.to_plotly_json())
        assert not [text for text in texts if "<a href" in text], name
        assert any("&lt;a href" in text for text in texts), name
        assert not [template for template in _templates(fig) if "fullData" in template], name


def test_english_and_french_catalogues_define_the_same_ids() -> None:
    english = json.loads((LOCALES / "figures.en.json").read_text(encoding="utf-8"))
    french = json.loads((LOCALES / "figures.fr.json").read_text(encoding="utf-8"))
    assert english.keys() == french.keys()
    assert all(key.startswith("figures.") for key in english)


def test_french_catalogue_follows_french_typography() -> None:
    french = json.loads((LOCALES / "figures.fr.json").read_text(encoding="utf-8"))
    for key, text in ((k, t) for k, entry in french.items() for t in templates_of(entry)):
        assert "'" not in text, key
        for index, char in enumerate(text):
            before = text[index - 1] if index else ""
            if char == ":":
                assert before == "\u00a0", key
            elif char == "%":
                # As Babel's format_share writes it, so every percentage of the app looks alike.
                assert before == "\u00a0", key
            elif char in ";!?»":
                assert before == "\u202f", key
            elif char == "«":
                assert text[index + 1] == "\u202f", key


def test_no_figure_shows_a_raw_figures_catalogue_id(
    plan: Plan, timeline: Timeline, assessment: Assessment
) -> None:
    for lang in ("en", "fr"):
        built = [
            gantt_figure(timeline, lang),
            gantt_figure(Timeline((), (), (), ()), lang),
            readiness_figure(assessment, lang),
            scorecard_figure(assessment, lang),
            resistance_heatmap(plan, lang),
            adoption_figure(_forecast(3), lang),
            adoption_figure(_forecast(20), lang),
            sponsor_activity_figure(plan, lang),
            sponsor_activity_figure(_plan(sponsors=plan.sponsors[1:]), lang),
            ambassador_coverage_figure(plan, lang),
        ]
        for fig in built:
            assert "figures." not in fig.to_json()


def test_a_figure_serialises_to_json(plan: Plan) -> None:
    data = json.loads(sponsor_activity_figure(plan, "fr").to_json())
    assert data["layout"]["title"]["text"] == translate("figures.sponsors.title", "fr")
    assert len(data["data"]) == len(sponsor_activity_figure(plan, "fr").data)


def test_figures_leave_the_plan_untouched(plan: Plan) -> None:
    before = plan.model_dump()
    for draw in (resistance_heatmap, sponsor_activity_figure, ambassador_coverage_figure):
        draw(plan, "fr")
    assert plan.model_dump() == before


def test_french_figures_use_french_number_separators(plan: Plan) -> None:
    assert ambassador_coverage_figure(plan, "fr").layout.separators == ",\u202f"
    assert ambassador_coverage_figure(plan, "en").layout.separators == ".,"


# --------------------------------------------------------------------------------------------
# Date ticks


def test_long_spans_get_french_month_ticks_with_the_year_on_january() -> None:
    values, texts = figures._date_ticks(date(2026, 11, 20), date(2027, 4, 10), "fr")
    assert values == ["2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"]
    assert texts == ["déc. 2026", "janv. 2027", "févr.", "mars", "avr."]


def test_short_spans_get_weekly_ticks_on_mondays() -> None:
    values, texts = figures._date_ticks(date(2027, 1, 1), date(2027, 1, 20), "en")
    assert values == ["2027-01-04", "2027-01-11", "2027-01-18"]
    assert texts == ["4 Jan 2027", "11 Jan", "18 Jan"]


def test_multi_year_spans_keep_about_a_dozen_ticks() -> None:
    values, _ = figures._date_ticks(date(2027, 1, 1), date(2031, 1, 1), "en")
    assert 6 <= len(values) <= 13
    assert values[0] == "2027-01-01"


# --------------------------------------------------------------------------------------------
# 1. Gantt


def test_gantt_draws_spans_as_bars_and_one_day_phases_as_markers(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "en")
    phases = _trace(fig, translate("figures.gantt.phases", "en"))
    milestones = _trace(fig, translate("figures.gantt.milestones", "en"))
    assert phases.type == "bar"
    assert phases.orientation == "h"
    assert list(phases.base) == ["2027-01-04", "2027-03-02"]
    # Inclusive dates: January 4 to February 28 is 56 days.
    assert phases.x[0] == 56 * 86_400_000
    assert list(milestones.x) == ["2027-03-01"]
    assert milestones.marker.symbol == "diamond"


def test_gantt_puts_tasks_in_one_row_per_kind_and_one_trace_per_owner(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "en")
    manager = _trace(fig, translate("role.community_manager", "en"))
    sponsor = _trace(fig, translate("role.executive_sponsor", "en"))
    assert len(fig.data) == 4  # phases, milestones, two owners
    rows = [
        translate("figures.gantt.phase_row.preparation", "en"),
        translate("figures.gantt.phase_row.launch", "en"),
        translate("figures.gantt.phase_row.sustain", "en"),
        translate("figures.gantt.task_row.define_totem", "en"),
        translate("figures.gantt.task_row.seed_content", "en"),
        translate("figures.gantt.task_row.sponsor_kickoff", "en"),
    ]
    assert list(fig.layout.yaxis.categoryarray) == rows
    assert list(manager.y) == [rows[3], rows[4]]  # the two "define totem" tasks share a bar
    assert list(sponsor.y) == [rows[5]]
    assert fig.layout.barmode == "overlay"


def test_gantt_draws_identical_tasks_once_and_names_them_in_the_hover(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "en", community_names={"sales": "Sales", "rnd": "R&D"})
    manager = _trace(fig, translate("role.community_manager", "en"))
    hover = manager.hovertext[0]
    assert translate("figures.gantt.hover_count", "en", count="2") in hover
    assert "Sales, R&amp;D" in hover
    assert translate("role.community_manager", "en") in hover
    assert "Jan 4, 2027" in hover
    assert "Jan 31, 2027" in hover


def test_gantt_hover_names_the_task_owner_community_and_dates(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "fr")
    manager = _trace(fig, translate("role.community_manager", "fr"))
    hover = manager.hovertext[1]
    assert render(timeline.tasks[3].label, "fr") in hover
    assert (
        translate("figures.gantt.hover_owner", "fr", role=translate("role.community_manager", "fr"))
        in hover
    )
    assert translate("figures.gantt.hover_community", "fr", community="rnd") in hover
    assert "1 févr. 2027" in hover
    assert "28 févr. 2027" in hover


def test_gantt_speaks_french_in_title_and_month_ticks(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "fr")
    assert fig.layout.title.text == "Calendrier du lancement"
    assert fig.layout.xaxis.type == "date"
    assert "janv. 2027" in fig.layout.xaxis.ticktext
    assert "juin" in fig.layout.xaxis.ticktext


def test_gantt_marks_the_launch_day_with_a_line(timeline: Timeline) -> None:
    fig = gantt_figure(timeline, "en")
    assert any(shape.x0 == "2027-03-01" and shape.yref == "paper" for shape in fig.layout.shapes)


def test_empty_timeline_explains_what_is_missing() -> None:
    missing = (Message("figures.gantt.empty"),)
    fig = gantt_figure(Timeline(phases=(), tasks=(), waves=(), missing=missing), "fr")
    assert fig.data == ()
    [text] = _annotation_texts(fig)
    assert translate("figures.nothing_yet", "fr") in text
    assert "renseignez le début de la préparation" in text.replace("<br>", " ")


def test_empty_timeline_without_reasons_still_says_why() -> None:
    fig = gantt_figure(Timeline(phases=(), tasks=(), waves=(), missing=()), "en")
    [text] = _annotation_texts(fig)
    assert "official launch" in text


def test_gantt_keeps_a_few_traces_for_thousands_of_tasks() -> None:
    tasks = tuple(
        _task(
            f"t{i}",
            kind,
            owner,
            START + timedelta(days=i % 90),
            START + timedelta(days=i % 90 + 5),
            f"c{i}",
        )
        for i, (kind, owner) in enumerate(
            [(kind, owner) for kind in TaskKind for owner in CoreRole] * 40
        )
    )
    fig = gantt_figure(Timeline(phases=(), tasks=tasks, waves=(), missing=()), "en")
    assert len(fig.data) == len(CoreRole)
    assert len(fig.layout.yaxis.categoryarray) == len(TaskKind)


# --------------------------------------------------------------------------------------------
# 2. Readiness radar and scorecard


def test_radar_closes_the_eight_scores_and_colours_points_by_level(assessment: Assessment) -> None:
    fig = readiness_figure(assessment, "en")
    [trace] = fig.data
    assert trace.type == "scatterpolar"
    assert trace.r == (90, 60, 20, 85, 55, 10, 50, 95, 90)
    assert trace.theta[:8] == tuple(translate(f"indicator.{i}.name", "en") for i in INDICATOR_IDS)
    assert trace.marker.color[2] == LEVEL_COLORS[Level.CRITICAL]
    assert trace.marker.color[1] == LEVEL_COLORS[Level.WATCH]
    assert trace.marker.symbol[2] != trace.marker.symbol[1] != trace.marker.symbol[0]
    assert fig.layout.polar.radialaxis.range == (0, 100)


def test_radar_title_is_french_with_the_overall_score(assessment: Assessment) -> None:
    title = readiness_figure(assessment, "fr").layout.title.text
    assert title.startswith("Préparation du lancement")
    assert "58/100" in title


def test_scorecard_has_one_bar_trace_per_level_in_its_colour(assessment: Assessment) -> None:
    fig = scorecard_figure(assessment, "en")
    assert [trace.marker.color for trace in fig.data] == [LEVEL_COLORS[level] for level in Level]
    names = [translate(f"indicator.{i}.name", "en") for i in INDICATOR_IDS]
    critical = _trace(fig, translate("level.critical", "en"))
    assert critical.x == (20, 10)
    assert critical.y == (names[2], names[5])
    assert list(fig.layout.yaxis.categoryarray) == names


def test_scorecard_title_gives_the_overall_score_in_french(assessment: Assessment) -> None:
    title = scorecard_figure(assessment, "fr").layout.title.text
    assert title == translate(
        "figures.scorecard.title", "fr", score=58, level=translate("level.watch", "fr")
    )
    assert title.startswith("Tableau de bord")


def test_empty_assessment_explains_why_nothing_is_drawn() -> None:
    empty = Assessment(indicators=(), score=0, level=Level.CRITICAL)
    for draw in (readiness_figure, scorecard_figure):
        fig = draw(empty, "en")
        assert fig.data == ()
        assert translate("figures.readiness.empty", "en") in _annotation_texts(fig)[0].replace(
            "<br>", " "
        )


# --------------------------------------------------------------------------------------------
# 3. Resistance


def test_heatmap_rows_are_community_and_population_and_columns_the_six_brakes(plan: Plan) -> None:
    fig = resistance_heatmap(plan, "fr")
    _, trace = fig.data
    assert trace.type == "heatmap"
    assert len(trace.x) == len(ResistanceFactor) == 6
    assert trace.x[0] == translate("factor.market_pressure", "fr")
    rows = ["Sales — Lyon", "Sales — Paris", "R&amp;D — Labs", "R&amp;D — Interns"]
    assert list(trace.y) == rows
    assert list(fig.layout.yaxis.categoryarray) == rows
    assert (trace.zmin, trace.zmax) == (0, 3)


def test_heatmap_leaves_unrated_cells_as_gaps_that_say_so(plan: Plan) -> None:
    fig = resistance_heatmap(plan, "fr")
    unrated, trace = fig.data
    assert list(trace.z[0][:2]) == [1, 3]
    assert all(math.isnan(value) for value in [*trace.z[0][2:], *trace.z[1]])
    assert trace.text[0][2] == "non évalué"
    assert trace.text[0][1] == "3 (fort)"
    assert trace.hoverongaps is True
    assert "%{y}" in trace.hovertemplate
    assert "%{text}" in trace.hovertemplate
    # A grey layer under the gaps, and only there, shows them as "not rated".
    assert unrated.hoverinfo == "skip"
    assert list(unrated.z[0][:3]) == [pytest.approx(math.nan, nan_ok=True)] * 2 + [0.0]
    assert list(unrated.z[1]) == [0.0] * 6


def test_heatmap_without_population_explains_what_to_add() -> None:
    fig = resistance_heatmap(_plan(), "en")
    assert fig.data == ()
    assert "rate their six brakes" in _annotation_texts(fig)[0].replace("<br>", " ")


# --------------------------------------------------------------------------------------------
# 4. Adoption


def test_adoption_draws_one_line_per_population_and_the_total() -> None:
    forecast = _forecast(3)
    fig = adoption_figure(forecast, "en")
    assert len(fig.data) == 4
    total = _trace(fig, translate("figures.adoption.total", "en"))
    assert tuple(total.y) == forecast.total_cumulative
    assert fig.data[1].name == "Sales — Pop 1"
    assert tuple(fig.data[1].y) == forecast.populations[1].cumulative
    assert list(fig.data[0].x) == [week.isoformat() for week in forecast.weeks]


def test_adoption_sums_many_populations_by_wave() -> None:
    forecast = _forecast(40, weeks=10)
    fig = adoption_figure(forecast, "fr")
    assert len(fig.data) == 3 + 1  # three wave dates and the total
    first_wave = [p for p in forecast.populations if p.wave_date == LAUNCH]
    assert fig.data[0].name == translate(
        "figures.adoption.wave", "fr", day="1 mars 2027", count=str(len(first_wave))
    )
    assert list(fig.data[0].y) == [sum(p.cumulative[w] for p in first_wave) for w in range(10)]


def test_adoption_ticks_and_title_are_french() -> None:
    fig = adoption_figure(_forecast(2), "fr")
    assert fig.layout.title.text == "Adoption prévue\u00a0: membres cumulés"
    assert "mars 2027" in fig.layout.xaxis.ticktext
    assert fig.data[0].customdata[0] == "Semaine du 1 mars 2027"
    assert fig.layout.yaxis.title.text == "Membres"


def test_empty_forecast_gives_the_skipped_reasons() -> None:
    empty = Forecast(
        params=ForecastParams(),
        weeks=(),
        populations=(),
        total_cumulative=(),
        total_new=(),
        participation=Participation(0.0, 0.0, 0.0),
        skipped=(Message("figures.resistance.not_rated"),),
    )
    fig = adoption_figure(empty, "fr")
    text = _annotation_texts(fig)[0]
    assert "effectif et d’une date de vague" in text.replace("<br>", " ")
    assert "non évalué" in text


# --------------------------------------------------------------------------------------------
# 5. Sponsors


def test_sponsor_actions_are_markers_on_each_sponsors_row(plan: Plan) -> None:
    fig = sponsor_activity_figure(plan, "en")
    posts = _trace(fig, translate("figures.action_kind.post", "en"))
    kickoff = _trace(fig, translate("figures.action_kind.kickoff_message", "en"))
    assert list(posts.x) == ["2027-03-20", "2027-03-05", "2027-04-20"]
    assert list(posts.y) == ["Alice", "Bob", "Bob"]
    assert kickoff.marker.symbol != posts.marker.symbol
    assert list(fig.layout.yaxis.categoryarray) == ["Alice", "Bob"]
    assert "R&amp;D" in posts.hovertext[0]


def test_silent_stretches_are_shaded_by_level(plan: Plan) -> None:
    fig = sponsor_activity_figure(plan, "en")
    watch = _trace(fig, translate("figures.sponsors.gap_legend", "en", days="30"))
    critical = _trace(fig, translate("figures.sponsors.gap_legend", "en", days="60"))
    assert watch.marker.color == LEVEL_COLORS[Level.WATCH]
    assert critical.marker.color == LEVEL_COLORS[Level.CRITICAL]
    # Bob is silent 45 days from March 6 (watch); Alice 81 days from March 21 and Bob 71 days
    # from April 21 (critical). Shorter silences are not shaded.
    assert (list(watch.base), list(watch.y)) == (["2027-03-06"], ["Bob"])
    assert list(watch.x) == [45 * 86_400_000]
    assert list(critical.base) == ["2027-03-21", "2027-04-21"]
    assert list(critical.y) == ["Alice", "Bob"]
    assert "81" in critical.hovertext[0]


def test_silent_stretches_follow_the_plans_thresholds(plan: Plan) -> None:
    strict = plan.model_copy(
        update={"thresholds": Thresholds(sponsor_gap_watch_days=10, sponsor_gap_critical_days=80)}
    )
    fig = sponsor_activity_figure(strict, "en")
    watch = _trace(fig, translate("figures.sponsors.gap_legend", "en", days="10"))
    critical = _trace(fig, translate("figures.sponsors.gap_legend", "en", days="80"))
    assert list(critical.base) == ["2027-03-21"]
    assert len(watch.base) == 4  # Alice's 18 and 20 days, Bob's 45 and 71 days


def test_sponsor_without_any_action_is_silent_for_the_whole_window(plan: Plan) -> None:
    silent = plan.model_copy(update={"sponsors": [Sponsor(id="carol", name="Carol")]})
    fig = sponsor_activity_figure(silent, "en")
    [critical] = fig.data
    assert list(critical.base) == ["2027-03-01"]
    assert list(critical.x) == [122 * 86_400_000]


def test_sponsor_figure_without_dates_shows_actions_and_says_why_no_gaps(plan: Plan) -> None:
    undated = _plan(communities=plan.communities, sponsors=plan.sponsors)
    fig = sponsor_activity_figure(undated, "fr")
    assert {trace.type for trace in fig.data} == {"scatter"}
    assert "la fin de la période de lancement pour voir les périodes de silence" in _notes(fig)
    assert fig.layout.title.text == "Activité des sponsors et périodes de silence"


def test_no_sponsor_gives_an_explanatory_annotation() -> None:
    fig = sponsor_activity_figure(_plan(launch_date=LAUNCH, end_date=END), "en")
    assert fig.data == ()
    assert "No sponsor yet" in _annotation_texts(fig)[0]


# --------------------------------------------------------------------------------------------
# 6. Ambassadors


def test_coverage_bars_are_percentages_coloured_by_level(plan: Plan) -> None:
    fig = ambassador_coverage_figure(plan, "en")
    # Default rule: 1 per 100 (floor) to 1 per 40 (goal).
    critical = _trace(fig, translate("level.critical", "en"))
    watch = _trace(fig, translate("level.watch", "en"))
    ok = _trace(fig, translate("level.ok", "en"))
    assert (list(critical.x), list(critical.y)) == ([0.5], ["Sales — Lyon"])  # 1 for 200
    assert (list(watch.x), list(watch.y)) == ([2.0], ["Sales — Paris"])  # 1 for 50
    assert (list(ok.x), list(ok.y)) == ([5.0], ["R&amp;D — Labs"])  # 2 for 40
    assert [list(row) for row in critical.customdata] == [[1, 200]]
    assert ok.marker.color == LEVEL_COLORS[Level.OK]
    assert critical.marker.color == LEVEL_COLORS[Level.CRITICAL]


def test_coverage_has_reference_lines_at_the_presets_floor_and_goal(plan: Plan) -> None:
    for preset in (AmbassadorPreset.ONE_PERCENT, AmbassadorPreset.TEN_TO_TWENTY_PERCENT):
        chosen = plan.model_copy(update={"thresholds": Thresholds(ambassador_preset=preset)})
        floor, goal = AMBASSADOR_PRESETS[preset]
        fig = ambassador_coverage_figure(chosen, "en")
        assert [shape.x0 for shape in fig.layout.shapes] == [
            pytest.approx(floor * 100),
            pytest.approx(goal * 100),
        ]


def test_coverage_follows_a_custom_rule_and_labels_it_in_french(plan: Plan) -> None:
    custom = Thresholds(
        ambassador_preset=AmbassadorPreset.CUSTOM, ambassador_floor=0.03, ambassador_goal=0.06
    )
    fig = ambassador_coverage_figure(plan.model_copy(update={"thresholds": custom}), "fr")
    assert [shape.x0 for shape in fig.layout.shapes] == [pytest.approx(3.0), pytest.approx(6.0)]
    texts = _annotation_texts(fig)
    assert "Plancher 3\u00a0%" in texts
    assert "Objectif 6\u00a0%" in texts
    assert {trace.name for trace in fig.data} == {
        translate("level.critical", "fr"),
        translate("level.watch", "fr"),
    }
    assert fig.layout.title.text == "Couverture en ambassadeurs, par population"
    assert fig.layout.xaxis.ticksuffix == "\u00a0%"


def test_coverage_notes_populations_without_headcount(plan: Plan) -> None:
    fig = ambassador_coverage_figure(plan, "en")
    assert len(fig.layout.yaxis.categoryarray) == 3
    assert "Not shown: 1 population without a headcount." in _notes(fig)
    assert "Rule: 1 ambassador per 40 to 100 employees" in _notes(fig)


def test_coverage_without_headcounts_explains_what_to_enter() -> None:
    community = Community(id="c", name="C", populations=[_population("p", "P")])
    fig = ambassador_coverage_figure(_plan(communities=[community]), "en")
    assert fig.data == ()
    assert "headcount" in _annotation_texts(fig)[0]


# --------------------------------------------------------------------------------------------
# Large plans


def _large_plan(communities: int = 500, populations: int = 5) -> Plan:
    built = [
        Community(
            id=f"c{c}",
            name=f"Community {c}",
            populations=[
                _population(f"p{p}", f"Population {p}", 100 + p * 50, workload=(c + p) % 4)
                for p in range(populations)
            ],
            ambassadors=_ambassadors("p0", c % 3),
        )
        for c in range(communities)
    ]
    sponsors = [
        Sponsor(
            id=f"s{s}",
            name=f"Sponsor {s}",
            actions=[
                SponsorAction(date=LAUNCH + timedelta(days=7 * a + s), community_id=f"c{a}")
                for a in range(0, 17, 1 + s % 4)
            ],
        )
        for s in range(20)
    ]
    return _plan(
        start_date=START, launch_date=LAUNCH, end_date=END, communities=built, sponsors=sponsors
    )


def _large_timeline(plan: Plan) -> Timeline:
    tasks = []
    for community, population in plan.all_populations():
        wave = LAUNCH + timedelta(days=7 * (int(population.id[1:]) + int(community.id[1:]) % 6))
        for kind, offset in (
            (TaskKind.RECRUIT_AMBASSADORS, 42),
            (TaskKind.TRAIN_AMBASSADORS, 10),
            (TaskKind.AMBASSADOR_EARLY_ACCESS, 7),
            (TaskKind.INVITE_POPULATION, 0),
        ):
            tasks.append(
                Task(
                    id=f"{community.id}-{population.id}-{kind.value}",
                    kind=kind,
                    phase_id="wave",
                    label=Message(
                        f"timeline.task.{kind.value}",
                        {"community": community.name, "population": population.name},
                    ),
                    owner=CoreRole.COMMUNITY_MANAGER,
                    start=wave - timedelta(days=offset),
                    end=wave - timedelta(days=max(0, offset - 5)),
                    community_id=community.id,
                    population_id=population.id,
                )
            )
    phases = (
        _phase("prep", PhaseKind.PREPARATION, START, LAUNCH),
        _phase("launch", PhaseKind.LAUNCH, LAUNCH, LAUNCH),
    )
    return Timeline(phases=phases, tasks=tuple(tasks), waves=(), missing=())


def test_figures_of_a_large_plan_batch_their_points_into_few_traces(
    assessment: Assessment,
) -> None:
    """Test that thousands of tasks and populations are drawn with at most ten traces each."""
    plan = _large_plan()
    timeline = _large_timeline(plan)
    forecast = _forecast(2500)
    draws: list[Callable[[], Any]] = [
        lambda: gantt_figure(timeline, "fr"),
        lambda: scorecard_figure(assessment, "fr"),
        lambda: readiness_figure(assessment, "fr"),
        lambda: resistance_heatmap(plan, "fr"),
        lambda: adoption_figure(forecast, "fr"),
        lambda: sponsor_activity_figure(plan, "fr"),
        lambda: ambassador_coverage_figure(plan, "fr"),
    ]
    for draw in draws:
        assert len(draw().data) <= 10


def test_rows_with_the_same_label_are_numbered_instead_of_merged() -> None:
    twins = [
        Community(id="a", name="Sales", populations=[_population("p", "Lyon", 100)]),
        Community(id="b", name="Sales", populations=[_population("p", "Lyon", 100)]),
    ]
    fig = ambassador_coverage_figure(_plan(communities=twins), "en")
    assert list(fig.layout.yaxis.categoryarray) == ["Sales — Lyon", "Sales — Lyon (2)"]
