"""Tests of the adoption forecast: the Bass closed form, the weekly grid and the adjustments."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import indicators
from planner.forecast import (
    FORECAST_COLUMNS,
    NO_ADJUSTMENT,
    SUMMARY_COLUMNS,
    Forecast,
    bass_cdf,
    bass_peak_time,
    forecast,
    forecast_rows,
    forecast_summary_rows,
)
from planner.i18n import Message, render
from planner.indicators import Indicator, Level
from planner.models import (
    Ambassador,
    Community,
    ForecastParams,
    Plan,
    Population,
    Resistance,
    Sponsor,
)

LOCALES = Path(__file__).parents[2] / "planner" / "locales"
DAY0 = date(2027, 3, 1)

#: (p, q) cases: the literature defaults, imitation-led, innovation-led, no imitation, extremes.
BASS_CASES = [
    pytest.param(0.03, 0.38, id="sultan-farley-lehmann"),
    pytest.param(0.01, 0.5, id="imitation-led"),
    pytest.param(0.3, 0.1, id="innovation-led"),
    pytest.param(0.05, 0.0, id="no-imitation"),
    pytest.param(0.002, 1.2, id="slow-start-fast-spread"),
    pytest.param(0.9, 4.0, id="near-instant"),
]


def _rk4_bass(p: float, q: float, t_end: float, step: float = 0.005) -> tuple[Any, Any]:
    """Integrate dF/dt = (p + qF)(1 − F) from F(0) = 0 with classical Runge–Kutta."""

    def slope(f: float) -> float:
        return (p + q * f) * (1 - f)

    n = round(t_end / step)
    times = np.linspace(0.0, n * step, n + 1)
    values = np.zeros(n + 1)
    f = 0.0
    for i in range(n):
        k1 = slope(f)
        k2 = slope(f + step * k1 / 2)
        k3 = slope(f + step * k2 / 2)
        k4 = slope(f + step * k3)
        f += step * (k1 + 2 * k2 + 2 * k3 + k4) / 6
        values[i + 1] = f
    return times, values


def _population(
    population_id: str = "pop",
    *,
    headcount: int | None = 400,
    wave: date | None = DAY0,
    rating: int | None = None,
) -> Population:
    resistance = Resistance(**dict.fromkeys(_FACTORS, rating))
    return Population(
        id=population_id,
        name=f"Name of {population_id}",
        headcount=headcount,
        wave_date=wave,
        resistance=resistance,
    )


_FACTORS = [
    "market_pressure",
    "workload",
    "diverging_priorities",
    "process_distrust",
    "tool_reluctance",
    "email_overlap",
]


def _ambassadors(population_id: str, count: int) -> list[Ambassador]:
    return [
        Ambassador(
            id=f"{population_id}-amb{i}", name=f"Ambassador {i}", population_id=population_id
        )
        for i in range(count)
    ]


def _plan(
    populations: list[Population],
    *,
    ambassadors: list[Ambassador] | None = None,
    end_date: date | None = None,
    sponsors: list[Sponsor] | None = None,
    **params: Any,
) -> Plan:
    """A one-community plan; params go to ForecastParams (sponsor effect off unless given)."""
    params.setdefault("sponsor_effect", 0.0)
    return Plan(
        schema_version=1,
        name="Forecast test",
        end_date=end_date,
        communities=[
            Community(
                id="maint",
                name="Maintenance",
                populations=populations,
                ambassadors=ambassadors or [],
            )
        ],
        sponsors=sponsors or [],
        forecast=ForecastParams(**params),
    )


def _only(fc: Forecast) -> Any:
    (population,) = fc.populations
    return population


def _fake_sponsor_support(score: int) -> Any:
    def fake(plan: Plan, thresholds: Any) -> Indicator:
        return Indicator(
            id="sponsor_support",
            level=Level.OK,
            score=score,
            reason=Message("test.reason"),
            action=Message("test.action"),
        )

    return fake


# --- The Bass closed form -------------------------------------------------------------------


@pytest.mark.parametrize(("p", "q"), BASS_CASES)
def test_bass_cdf_matches_a_numerical_integration_of_the_bass_ode(p: float, q: float) -> None:
    times, integrated = _rk4_bass(p, q, t_end=40.0)
    assert np.max(np.abs(bass_cdf(times, p, q) - integrated)) < 1e-4


@pytest.mark.parametrize(("p", "q"), BASS_CASES)
def test_density_peaks_at_ln_q_over_p_divided_by_p_plus_q(p: float, q: float) -> None:
    step = 1e-3
    grid = np.arange(0.0, 60.0, step)
    density = np.gradient(bass_cdf(grid, p, q), step)
    expected = math.log(q / p) / (p + q) if q > p else 0.0
    assert bass_peak_time(p, q) == pytest.approx(expected)
    assert grid[np.argmax(density)] == pytest.approx(expected, abs=2 * step)


@pytest.mark.parametrize(("p", "q"), BASS_CASES)
def test_bass_cdf_is_zero_at_launch_and_approaches_one(p: float, q: float) -> None:
    assert bass_cdf(0.0, p, q) == 0.0
    assert 0.999 < bass_cdf(200.0, p, q) <= 1.0


@settings(max_examples=200)
@given(
    p=st.floats(min_value=1e-4, max_value=1.0),
    q=st.floats(min_value=0.0, max_value=5.0),
    times=st.lists(st.floats(min_value=-10.0, max_value=60.0), min_size=1, max_size=50),
)
def test_bass_cdf_is_monotone_and_stays_in_zero_one(p: float, q: float, times: list[float]) -> None:
    # Within (p + q)·t ≤ 30 the share is below 1 even in floating point.
    ordered = np.sort(np.minimum(np.array(times), 30.0 / (p + q)))
    values = bass_cdf(ordered, p, q)
    assert np.all(np.diff(values) >= 0)
    assert np.all(values >= 0)
    assert np.all(values < 1)


def test_bass_cdf_is_zero_before_launch() -> None:
    assert bass_cdf(-3.0, 0.03, 0.38) == 0.0
    assert bass_cdf(np.array([-5.0, -0.1]), 0.03, 0.38).tolist() == [0.0, 0.0]


def test_bass_cdf_returns_a_float_for_a_number_and_an_array_for_an_array() -> None:
    assert isinstance(bass_cdf(2.0, 0.03, 0.38), float)
    values = bass_cdf(np.array([[1.0, 2.0], [3.0, 4.0]]), 0.03, 0.38)
    assert isinstance(values, np.ndarray)
    assert values.shape == (2, 2)


def test_bass_cdf_broadcasts_arrays_of_coefficients() -> None:
    p = np.array([[0.03], [0.1]])
    values = bass_cdf(np.array([1.0, 2.0, 3.0]), p, 0.38)
    assert values.shape == (2, 3)
    assert values[1, 2] == pytest.approx(bass_cdf(3.0, 0.1, 0.38))


def test_bass_cdf_stays_finite_when_q_dwarfs_p() -> None:
    values = bass_cdf(np.array([0.0, 1.0, 100.0]), 1e-300, 5.0)
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize(("p", "q"), [(0.0, 0.38), (-0.1, 0.38), (0.03, -0.1)])
def test_bass_cdf_and_peak_time_reject_invalid_coefficients(p: float, q: float) -> None:
    with pytest.raises(ValueError, match="p > 0 and q >= 0"):
        bass_cdf(1.0, p, q)
    with pytest.raises(ValueError, match="p > 0 and q >= 0"):
        bass_peak_time(p, q)


# --- The weekly grid ------------------------------------------------------------------------


_population_specs = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=100_000),  # headcount
        st.integers(min_value=0, max_value=120),  # days after the first possible wave
        st.integers(min_value=0, max_value=40),  # ambassadors
        st.lists(st.none() | st.integers(min_value=0, max_value=3), min_size=6, max_size=6),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(
    specs=_population_specs,
    p=st.floats(min_value=0.001, max_value=1.0),
    q=st.floats(min_value=0.0, max_value=5.0),
    ceiling=st.floats(min_value=0.01, max_value=1.0),
    period_days=st.integers(min_value=1, max_value=31),
)
def test_cumulative_never_decreases_nor_exceeds_headcount_times_ceiling(
    specs: list[tuple[int, int, int, list[int | None]]],
    p: float,
    q: float,
    ceiling: float,
    period_days: int,
) -> None:
    populations = []
    ambassadors: list[Ambassador] = []
    for index, (headcount, offset, count, ratings) in enumerate(specs):
        population_id = f"p{index}"
        populations.append(
            Population(
                id=population_id,
                name=population_id,
                headcount=headcount,
                wave_date=DAY0 + timedelta(days=offset),
                resistance=Resistance(**dict(zip(_FACTORS, ratings, strict=True))),
            )
        )
        ambassadors += _ambassadors(population_id, count)
    plan = _plan(
        populations,
        ambassadors=ambassadors,
        p=p,
        q=q,
        ceiling=ceiling,
        period_days=period_days,
        ambassador_effect=0.9,
    )
    fc = forecast(plan)
    for population in fc.populations:
        cumulative = np.array(population.cumulative)
        assert population.ceiling <= 1.0
        assert np.all(np.diff(cumulative) >= 0)
        assert np.all(cumulative >= 0)
        assert np.all(cumulative <= population.headcount * population.ceiling)
        assert np.all(np.array(population.new) >= 0)


def test_weeks_start_on_the_earliest_wave_and_are_seven_days_apart() -> None:
    late = _population("late", wave=DAY0 + timedelta(days=20))
    early = _population("early", wave=DAY0 + timedelta(days=3))
    fc = forecast(_plan([late, early], horizon_weeks=10))
    assert fc.weeks[0] == DAY0 + timedelta(days=3)
    assert len(fc.weeks) == 10
    assert {later - earlier for earlier, later in pairwise(fc.weeks)} == {timedelta(days=7)}


@pytest.mark.parametrize(
    ("end_date", "expected_weeks"),
    [
        pytest.param(None, 26, id="no-end-date"),
        pytest.param(DAY0 + timedelta(days=30), 26, id="end-before-horizon"),
        pytest.param(DAY0 - timedelta(days=30), 26, id="end-before-first-wave"),
        pytest.param(DAY0 + timedelta(days=26 * 7 - 1), 26, id="end-on-last-day-of-horizon"),
        pytest.param(DAY0 + timedelta(days=26 * 7), 27, id="end-one-day-past-horizon"),
        pytest.param(DAY0 + timedelta(days=40 * 7 + 3), 41, id="end-well-after-horizon"),
    ],
)
def test_grid_covers_the_horizon_or_the_plan_end_date_when_later(
    end_date: date | None, expected_weeks: int
) -> None:
    fc = forecast(_plan([_population()], end_date=end_date, horizon_weeks=26))
    assert len(fc.weeks) == expected_weeks
    assert len(_only(fc).cumulative) == expected_weeks
    if expected_weeks > 26:
        assert end_date is not None
        assert fc.weeks[-1] <= end_date <= fc.weeks[-1] + timedelta(days=6)


@pytest.mark.parametrize("period_days", [7, 14, 1, 30])
def test_cumulative_is_the_closed_form_at_the_end_of_each_week(period_days: int) -> None:
    plan = _plan([_population(headcount=1000)], period_days=period_days, adjust=False)
    population = _only(forecast(plan))
    t = 7 * np.arange(1, 27) / period_days
    expected = 1000 * 0.8 * bass_cdf(t, 0.03, 0.38)
    np.testing.assert_allclose(population.cumulative, expected, rtol=1e-12)


def test_new_members_are_the_weekly_differences_of_cumulative() -> None:
    population = _only(forecast(_plan([_population()])))
    assert population.new[0] == population.cumulative[0]
    np.testing.assert_allclose(population.new[1:], np.diff(population.cumulative), rtol=1e-12)
    assert sum(population.new) == pytest.approx(population.cumulative[-1])


def test_a_later_wave_stays_at_zero_until_its_wave_date() -> None:
    early = _population("early")
    late = _population("late", wave=DAY0 + timedelta(days=24))  # day 3 of week 3
    fc = forecast(_plan([early, late], adjust=False))
    late_fc = fc.populations[1]
    assert late_fc.cumulative[:3] == (0.0, 0.0, 0.0)
    assert late_fc.new[:3] == (0.0, 0.0, 0.0)
    # Week 3 ends 4 days after the wave.
    assert late_fc.cumulative[3] == pytest.approx(400 * 0.8 * bass_cdf(4 / 7, 0.03, 0.38))
    assert fc.populations[0].cumulative[0] > 0


def test_totals_are_the_sums_over_populations() -> None:
    populations = [
        _population("a", headcount=100),
        _population("b", headcount=250, wave=DAY0 + timedelta(days=10)),
        _population("c", headcount=3000, wave=DAY0 + timedelta(days=45)),
    ]
    fc = forecast(_plan(populations))
    np.testing.assert_allclose(
        fc.total_cumulative, np.sum([p.cumulative for p in fc.populations], axis=0), rtol=1e-12
    )
    np.testing.assert_allclose(
        fc.total_new, np.sum([p.new for p in fc.populations], axis=0), rtol=1e-12
    )
    assert fc.members_at_horizon == fc.total_cumulative[-1]


def test_forecast_leaves_the_plan_untouched() -> None:
    plan = _plan([_population(rating=2)], ambassadors=_ambassadors("pop", 3))
    before = plan.model_dump()
    forecast(plan)
    assert plan.model_dump() == before


# --- Skipped populations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headcount", "wave", "reason"),
    [
        (None, DAY0, "forecast.skipped.no_headcount"),
        (120, None, "forecast.skipped.no_wave_date"),
        (None, None, "forecast.skipped.no_headcount_no_wave_date"),
    ],
)
def test_populations_without_headcount_or_wave_date_are_skipped_with_the_reason(
    headcount: int | None, wave: date | None, reason: str
) -> None:
    plan = _plan([_population("ready"), _population("vague", headcount=headcount, wave=wave)])
    fc = forecast(plan)
    assert [p.population_id for p in fc.populations] == ["ready"]
    (message,) = fc.skipped
    assert message.id == reason
    assert message.params["population_id"] == "vague"
    assert message.params["community_id"] == "maint"
    for lang in ("en", "fr"):
        text = render(message, lang)
        assert "Name of vague" in text
        assert "Maintenance" in text
        assert "{" not in text


def test_a_plan_with_nothing_to_forecast_gives_an_empty_forecast() -> None:
    fc = forecast(_plan([_population(wave=None)]))
    assert fc.weeks == ()
    assert fc.populations == ()
    assert fc.total_cumulative == ()
    assert fc.members_at_horizon == 0.0
    assert fc.participation.lurkers == 0.0
    assert len(fc.skipped) == 1
    assert forecast_rows(fc) == []


# --- Adjustments ----------------------------------------------------------------------------


def test_adjust_false_gives_multipliers_of_exactly_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_be_called(plan: Plan, thresholds: Any) -> Indicator:
        raise AssertionError("sponsor support judged although adjustments are off")

    monkeypatch.setattr(indicators, "sponsor_support", must_not_be_called)
    plan = _plan(
        [_population(rating=3), _population("b", rating=0)],
        ambassadors=_ambassadors("pop", 50),
        adjust=False,
        sponsor_effect=0.9,
        ambassador_effect=0.9,
        resistance_effect=1.0,
    )
    fc = forecast(plan)
    assert fc.sponsor_score is None
    for population in fc.populations:
        assert population.multipliers == NO_ADJUSTMENT
        assert (population.p, population.q, population.ceiling) == (0.03, 0.38, 0.8)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0, 1 - 0.3), (25, 1 - 0.15), (50, 1.0), (75, 1 + 0.15), (100, 1 + 0.3)],
)
def test_sponsor_score_maps_linearly_onto_the_p_multiplier(
    monkeypatch: pytest.MonkeyPatch, score: int, expected: float
) -> None:
    monkeypatch.setattr(indicators, "sponsor_support", _fake_sponsor_support(score))
    fc = forecast(_plan([_population()], sponsor_effect=0.3))
    population = _only(fc)
    assert fc.sponsor_score == score
    assert population.multipliers.sponsor == pytest.approx(expected)
    assert population.p == pytest.approx(0.03 * expected)


def test_adjusted_p_is_capped_at_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indicators, "sponsor_support", _fake_sponsor_support(100))
    population = _only(forecast(_plan([_population()], p=0.9, sponsor_effect=0.5)))
    assert population.multipliers.sponsor == pytest.approx(1.5)
    assert population.p == 1.0


def test_a_zero_sponsor_effect_skips_judging_the_sponsors(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_be_called(plan: Plan, thresholds: Any) -> Indicator:
        raise AssertionError("sponsor support judged although its effect is 0")

    monkeypatch.setattr(indicators, "sponsor_support", must_not_be_called)
    fc = forecast(_plan([_population()], sponsor_effect=0.0))
    assert _only(fc).multipliers.sponsor == 1.0
    assert fc.sponsor_score is None


def test_a_plan_without_sponsor_lowers_p_by_the_sponsor_effect() -> None:
    # Uses the real sponsor-support indicator: no sponsor at all scores 0.
    fc = forecast(_plan([_population()], sponsor_effect=0.3))
    assert fc.sponsor_score == 0
    assert _only(fc).multipliers.sponsor == pytest.approx(0.7)


def test_no_ambassadors_lower_q_by_the_ambassador_effect() -> None:
    population = _only(forecast(_plan([_population()], ambassador_effect=0.3)))
    assert population.ambassadors == 0
    assert population.multipliers.ambassadors == pytest.approx(0.7)
    assert population.q == pytest.approx(0.38 * 0.7)


# Default rule: one ambassador per 40 to 100 people, so the goal for 400 people is 10.
@pytest.mark.parametrize("count", [10, 11, 400])
def test_coverage_at_or_above_the_goal_raises_q_by_the_ambassador_effect(count: int) -> None:
    plan = _plan([_population()], ambassadors=_ambassadors("pop", count), ambassador_effect=0.3)
    population = _only(forecast(plan))
    assert population.ambassadors == count
    assert population.multipliers.ambassadors == pytest.approx(1.3)
    assert population.q == pytest.approx(0.38 * 1.3)


def test_half_the_goal_coverage_leaves_q_unchanged() -> None:
    plan = _plan([_population()], ambassadors=_ambassadors("pop", 5), ambassador_effect=0.3)
    assert _only(forecast(plan)).multipliers.ambassadors == pytest.approx(1.0)


def test_ambassadors_are_counted_per_population_of_their_own_community() -> None:
    def community(community_id: str, count: int) -> Community:
        return Community(
            id=community_id,
            name=community_id,
            populations=[_population("shared")],
            ambassadors=_ambassadors("shared", count),
        )

    plan = Plan(
        schema_version=1,
        name="Two communities",
        communities=[community("one", 10), community("two", 0)],
        forecast=ForecastParams(sponsor_effect=0.0, ambassador_effect=0.3),
    )
    one, two = forecast(plan).populations
    assert (one.ambassadors, two.ambassadors) == (10, 0)
    assert one.multipliers.ambassadors == pytest.approx(1.3)
    assert two.multipliers.ambassadors == pytest.approx(0.7)


@pytest.mark.parametrize("effect", [0.0, 0.5, 1.0])
def test_all_brakes_at_three_lower_the_ceiling_by_the_resistance_effect(effect: float) -> None:
    plan = _plan([_population(rating=3)], resistance_effect=effect)
    population = _only(forecast(plan))
    assert population.resistance_mean == 3.0
    assert population.multipliers.resistance == pytest.approx(1 - effect)
    assert population.ceiling == pytest.approx(0.8 * (1 - effect))
    assert population.members_at_horizon <= population.headcount * 0.8 * (1 - effect)


def test_unrated_brakes_leave_the_ceiling_unchanged() -> None:
    population = _only(forecast(_plan([_population(rating=None)], resistance_effect=0.5)))
    assert population.resistance_mean is None
    assert population.multipliers.resistance == 1.0
    assert population.ceiling == pytest.approx(0.8)


def test_only_rated_brakes_count_in_the_resistance_mean() -> None:
    resistance = Resistance(workload=3, email_overlap=0)
    population = Population(
        id="pop", name="pop", headcount=100, wave_date=DAY0, resistance=resistance
    )
    result = _only(forecast(_plan([population], resistance_effect=0.5)))
    assert result.resistance_mean == 1.5
    assert result.multipliers.resistance == pytest.approx(1 - 0.5 * 1.5 / 3)


# --- Parameters -----------------------------------------------------------------------------


def test_params_argument_overrides_the_plan_forecast_parameters() -> None:
    plan = _plan([_population()], p=0.5, q=2.0, horizon_weeks=4)
    override = ForecastParams(p=0.01, q=0.2, ceiling=0.5, horizon_weeks=8, adjust=False)
    fc = forecast(plan, override)
    population = _only(fc)
    assert fc.params is override
    assert len(fc.weeks) == 8
    assert (population.p, population.q, population.ceiling) == (0.01, 0.2, 0.5)
    assert population.cumulative[0] == pytest.approx(400 * 0.5 * bass_cdf(1.0, 0.01, 0.2))


def test_plan_parameters_apply_without_an_override() -> None:
    plan = _plan([_population()], horizon_weeks=5, adjust=False)
    fc = forecast(plan)
    assert fc.params == plan.forecast
    assert len(fc.weeks) == 5


@pytest.mark.parametrize(
    ("creators", "contributors"), [(0.01, 0.09), (0.05, 0.25), (0.0, 0.0), (0.5, 0.5)]
)
def test_participation_splits_the_members_at_horizon_and_sums_to_them(
    creators: float, contributors: float
) -> None:
    plan = _plan(
        [_population(), _population("b", headcount=1234)],
        creators_share=creators,
        contributors_share=contributors,
    )
    fc = forecast(plan)
    split = fc.participation
    total = fc.total_cumulative[-1]
    assert split.creators == pytest.approx(total * creators)
    assert split.contributors == pytest.approx(total * contributors)
    assert split.creators + split.contributors + split.lurkers == pytest.approx(total)


def test_default_participation_is_ninety_nine_one() -> None:
    fc = forecast(_plan([_population(headcount=10_000)]))
    split = fc.participation
    total = fc.members_at_horizon
    shares = (split.lurkers / total, split.contributors / total, split.creators / total)
    assert shares == pytest.approx((0.90, 0.09, 0.01))


# --- Rows -----------------------------------------------------------------------------------


def test_forecast_rows_give_one_row_per_week_and_population() -> None:
    populations = [_population("a"), _population("b", wave=DAY0 + timedelta(days=7))]
    fc = forecast(_plan(populations, horizon_weeks=3))
    rows = forecast_rows(fc)
    assert len(rows) == 3 * 2
    assert all(tuple(row) == FORECAST_COLUMNS for row in rows)
    assert [(row["week"], row["population_id"]) for row in rows[:3]] == [
        (DAY0, "a"),
        (DAY0, "b"),
        (DAY0 + timedelta(days=7), "a"),
    ]
    assert rows[1]["cumulative"] == 0.0
    assert rows[4]["new"] == fc.populations[0].new[2]
    assert rows[5]["cumulative"] == fc.populations[1].cumulative[2]


def test_forecast_summary_rows_report_adjusted_parameters_and_multipliers() -> None:
    plan = _plan(
        [_population(rating=3)], ambassadors=_ambassadors("pop", 10), resistance_effect=0.5
    )
    (row,) = forecast_summary_rows(forecast(plan))
    assert tuple(row) == SUMMARY_COLUMNS
    assert row["headcount"] == 400
    assert row["wave_date"] == DAY0
    assert row["ambassadors"] == 10
    assert row["sponsor_multiplier"] == 1.0
    assert row["ambassador_multiplier"] == pytest.approx(1.3)
    assert row["resistance_multiplier"] == pytest.approx(0.5)
    assert row["q"] == pytest.approx(0.38 * 1.3)
    assert row["ceiling"] == pytest.approx(0.4)
    assert row["members_at_horizon"] == pytest.approx(400 * 0.4 * bass_cdf(26.0, 0.03, 0.494))


# --- Catalogue ------------------------------------------------------------------------------


def _catalogue(lang: str) -> dict[str, str]:
    entries: dict[str, str] = json.loads(
        (LOCALES / f"forecast.{lang}.json").read_text(encoding="utf-8")
    )
    return entries


def test_catalogues_define_the_same_keys_in_english_and_french() -> None:
    assert _catalogue("en").keys() == _catalogue("fr").keys()


def test_every_row_column_and_participation_group_has_a_label() -> None:
    keys = _catalogue("en").keys()
    for column in (*FORECAST_COLUMNS, *SUMMARY_COLUMNS):
        assert f"forecast.column.{column}" in keys
    for group in ("creators", "contributors", "lurkers"):
        assert f"forecast.participation.{group}" in keys


def test_french_texts_follow_french_typography() -> None:
    for key, text in _catalogue("fr").items():
        assert "'" not in text, key
        assert not re.search(r"[^\u202f][;!?]", text), key
        assert not re.search(r"[^\u00a0]:", text), key
        assert not re.search(r"«[^\u202f]|[^\u202f]»", text), key
