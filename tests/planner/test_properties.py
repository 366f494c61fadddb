"""Invariants of the planner core on generated plans of every shape, drafts included."""

from __future__ import annotations

import math
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.forecast import forecast
from planner.indicators import INDICATOR_IDS, NOT_ASSESSED, Level, assess
from planner.models import ForecastParams, Language, Plan, Platform, Thresholds
from planner.timeline import build_timeline
from tests.planner.strategies import forecast_params, plans, thresholds

EXAMPLES = settings(max_examples=60, deadline=None)
# Forecast series are sums of floats: compare them with a tolerance relative to their size.
TOLERANCE = 1e-6


def _close_or_below(value: float, bound: float) -> bool:
    return value <= bound + TOLERANCE * max(1.0, abs(bound))


@EXAMPLES
@given(plans())
def test_timeline_phases_and_tasks_never_end_before_they_start(plan: Plan) -> None:
    timeline = build_timeline(plan)
    for phase in timeline.phases:
        assert phase.start <= phase.end, phase
    for task in timeline.tasks:
        assert task.start <= task.end, task


@EXAMPLES
@given(plans())
def test_timeline_ids_are_unique(plan: Plan) -> None:
    timeline = build_timeline(plan)
    phase_ids = [phase.id for phase in timeline.phases]
    task_ids = [task.id for task in timeline.tasks]
    assert len(phase_ids) == len(set(phase_ids))
    assert len(task_ids) == len(set(task_ids))


@EXAMPLES
@given(plans())
def test_timeline_tasks_belong_to_existing_phases(plan: Plan) -> None:
    timeline = build_timeline(plan)
    phase_ids = {phase.id for phase in timeline.phases}
    assert {task.phase_id for task in timeline.tasks} <= phase_ids


@EXAMPLES
@given(plans(), st.none() | thresholds())
def test_assess_returns_exactly_the_eight_indicators(
    plan: Plan, overrides: Thresholds | None
) -> None:
    assessment = assess(plan, overrides)
    ids = [indicator.id for indicator in assessment.indicators]
    assert sorted(ids) == sorted(INDICATOR_IDS)
    assert len(ids) == len(INDICATOR_IDS) == 8


@EXAMPLES
@given(plans(), st.none() | thresholds())
def test_assess_scores_and_levels_stay_in_range(plan: Plan, overrides: Thresholds | None) -> None:
    assessment = assess(plan, overrides)
    for indicator in assessment.indicators:
        assert 0 <= indicator.score <= 100, indicator
        assert indicator.level in set(Level), indicator
    assert 0 <= assessment.score <= 100
    assert assessment.level in set(Level)


@EXAMPLES
@given(plans(), st.none() | forecast_params())
def test_forecast_cumulative_series_never_decrease(
    plan: Plan, params: ForecastParams | None
) -> None:
    result = forecast(plan, params)
    for population in result.populations:
        for before, after in pairwise(population.cumulative):
            assert _close_or_below(before, after), population.population_id
    for before, after in pairwise(result.total_cumulative):
        assert _close_or_below(before, after)


@EXAMPLES
@given(plans(), st.none() | forecast_params())
def test_forecast_never_exceeds_a_population_headcount(
    plan: Plan, params: ForecastParams | None
) -> None:
    result = forecast(plan, params)
    for population in result.populations:
        assert all(math.isfinite(value) for value in population.cumulative)
        assert all(value >= -TOLERANCE for value in population.cumulative)
        assert all(
            _close_or_below(value, population.headcount) for value in population.cumulative
        ), population.population_id


@EXAMPLES
@given(plans(), st.none() | forecast_params())
def test_forecast_total_is_the_sum_of_populations(
    plan: Plan, params: ForecastParams | None
) -> None:
    result = forecast(plan, params)
    assert len(result.total_cumulative) == len(result.weeks)
    for population in result.populations:
        assert len(population.cumulative) == len(result.weeks), population.population_id
    for week, total in enumerate(result.total_cumulative):
        expected = math.fsum(population.cumulative[week] for population in result.populations)
        assert math.isclose(total, expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


@EXAMPLES
@given(plans())
def test_core_functions_leave_the_plan_untouched(plan: Plan) -> None:
    before = plan.model_dump_json()
    build_timeline(plan)
    assess(plan)
    forecast(plan)
    assert plan.model_dump_json() == before


@EXAMPLES
@given(plans())
def test_plan_round_trips_through_json_unchanged(plan: Plan) -> None:
    text = plan.model_dump_json()
    again = Plan.model_validate_json(text)
    assert again == plan
    assert again.model_dump_json() == text


@given(plans(), forecast_params(), st.sampled_from(["teams", "slack", "other"]))
def test_fields_not_assessed_leave_the_assessment_as_it_was(
    plan: Plan, params: ForecastParams, platform: str
) -> None:
    """Test NOT_ASSESSED: the workbook's cache keys the assessment without these fields."""
    changed = plan.model_copy(
        update={
            "name": plan.name + " (copie)",
            "organisation": "Autre organisation",
            "platform": Platform(platform),
            "language": Language.EN if plan.language is Language.FR else Language.FR,
            "forecast": params,
        }
    )
    assert set(type(plan).model_fields) >= NOT_ASSESSED
    assert assess(changed) == assess(plan)
