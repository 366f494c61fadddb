"""Synthetic plans for benchmarks: deterministic, sized as asked, valid and realistic."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import Plan
from planner.synthetic import generate_plan


def test_same_seed_gives_identical_plan_json() -> None:
    assert (
        generate_plan(12, seed=7).model_dump_json() == generate_plan(12, seed=7).model_dump_json()
    )


def test_different_seeds_give_different_plans() -> None:
    assert generate_plan(5, seed=1).model_dump_json() != generate_plan(5, seed=2).model_dump_json()


def test_generation_leaves_the_global_random_state_alone() -> None:
    state = random.getstate()
    generate_plan(3, seed=5)
    assert random.getstate() == state


@pytest.mark.parametrize(
    ("communities", "populations", "ambassadors"),
    [(0, 5, 10), (1, 1, 0), (3, 5, 10), (7, 2, 25), (4, 30, 3)],
)
def test_plan_has_the_sizes_asked(communities: int, populations: int, ambassadors: int) -> None:
    plan = generate_plan(
        communities,
        seed=3,
        populations_per_community=populations,
        ambassadors_per_community=ambassadors,
    )
    assert len(plan.communities) == communities
    for community in plan.communities:
        assert len(community.populations) == populations
        assert len(community.ambassadors) == ambassadors


@settings(max_examples=30, deadline=None)
@given(
    communities=st.integers(min_value=0, max_value=8),
    seed=st.integers(min_value=0, max_value=2**32),
    populations=st.integers(min_value=1, max_value=8),
    ambassadors=st.integers(min_value=0, max_value=15),
    months=st.integers(min_value=1, max_value=24),
)
def test_generated_plan_always_validates_from_its_json(
    communities: int, seed: int, populations: int, ambassadors: int, months: int
) -> None:
    plan = generate_plan(
        communities,
        seed=seed,
        populations_per_community=populations,
        ambassadors_per_community=ambassadors,
        months=months,
    )
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_sponsor_actions_and_waves_spread_over_the_launch_period(months: int) -> None:
    plan = generate_plan(20, seed=11, months=months)
    assert plan.start_date is not None
    assert plan.launch_date is not None
    assert plan.end_date is not None
    assert plan.start_date < plan.launch_date < plan.end_date
    assert 28 * months <= (plan.end_date - plan.launch_date).days <= 31 * months
    actions = [action.date for sponsor in plan.sponsors for action in sponsor.actions]
    assert plan.launch_date in actions
    assert max(actions) > plan.launch_date
    assert all(day <= plan.end_date for day in actions)
    waves = {p.wave_date for _, p in plan.all_populations()}
    assert len(waves) >= 3
    assert all(wave is not None and wave <= plan.end_date for wave in waves)
    assert all(community.rituals for community in plan.communities)


def test_ambassadors_are_trained_before_their_wave() -> None:
    plan = generate_plan(30, seed=4)
    for community in plan.communities:
        for ambassador in community.ambassadors:
            population = community.population(ambassador.population_id)
            assert population is not None
            assert population.wave_date is not None
            assert ambassador.training_date is not None
            assert ambassador.training_date < population.wave_date


def test_populations_of_a_community_have_distinct_names() -> None:
    plan = generate_plan(10, seed=9, populations_per_community=20)
    for community in plan.communities:
        names = [population.name for population in community.populations]
        assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"communities": -1}, "must not be negative"),
        ({"communities": 2, "months": 0}, "months must be at least 1"),
        ({"communities": 2, "populations_per_community": -1}, "must not be negative"),
        (
            {"communities": 2, "populations_per_community": 0, "ambassadors_per_community": 3},
            "at least one population",
        ),
    ],
)
def test_impossible_sizes_are_refused(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_plan(**kwargs)
