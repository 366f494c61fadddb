"""Gathering a session's answers for the shared screen: pure functions of a snapshot.

Owns ``ranked_candidates`` (totem subjects by votes), ``brake_summary`` (mean, spread and
count of each brake per population), ``ambassador_summary`` (proposals per population next to
what the plan's rule still asks for) and ``objective_list``. Hidden answers never count.

Imports: ``planner.models`` and the live ``model`` and ``checks``.
"""

from __future__ import annotations

import math
import statistics

from planner.live.checks import find_community
from planner.live.model import Contribution, LiveSnapshot, Question
from planner.models import Plan, Population, ResistanceFactor

__all__ = [
    "BrakeSummary",
    "ambassador_summary",
    "ambassadors_needed",
    "brake_summary",
    "objective_list",
    "ranked_candidates",
    "visible",
]

#: population id → factor value → (mean, spread as a standard deviation, number of ratings).
BrakeSummary = dict[str, dict[str, tuple[float, float, int]]]


def visible(snapshot: LiveSnapshot, question: Question) -> list[Contribution]:
    """Return the visible answers to ``question``, oldest first."""
    return [c for c in snapshot.contributions if not c.hidden and c.question is question]


def ranked_candidates(snapshot: LiveSnapshot) -> list[tuple[Contribution, int]]:
    """Return the visible totem candidates with their votes: most votes first, then oldest."""
    candidates = visible(snapshot, Question.TOTEM)
    ranked = sorted(candidates, key=lambda c: (-snapshot.votes.get(c.id, 0), c.created_at, c.id))
    return [(c, snapshot.votes.get(c.id, 0)) for c in ranked]


def brake_summary(snapshot: LiveSnapshot, plan: Plan, community_id: str) -> BrakeSummary:
    """Summarise the brake ratings for each population of the community.

    Every population of the community and every factor appear, in plan and canonical order;
    a factor nobody rated has ``(0.0, 0.0, 0)``. The spread is the population standard
    deviation of the ratings (0 for one rating). Answers about a population the plan no
    longer has are left out.

    Raises:
        LiveInputError: no such community.
    """
    community = find_community(plan, community_id)
    ratings: dict[str, dict[str, list[int]]] = {
        p.id: {f.value: [] for f in ResistanceFactor} for p in community.populations
    }
    for contribution in visible(snapshot, Question.BRAKES):
        per_factor = ratings.get(contribution.payload.get("population_id", ""))
        if per_factor is None:
            continue
        for factor, rating in contribution.payload.get("ratings", {}).items():
            if factor in per_factor:
                per_factor[factor].append(int(rating))
    return {
        population_id: {factor: _stats(values) for factor, values in per_factor.items()}
        for population_id, per_factor in ratings.items()
    }


def _stats(values: list[int]) -> tuple[float, float, int]:
    if not values:
        return (0.0, 0.0, 0)
    return (statistics.fmean(values), statistics.pstdev(values), len(values))


def ambassadors_needed(plan: Plan, community_id: str, population: Population) -> int:
    """Ambassadors the plan's rule still asks for in ``population`` (0 without a headcount).

    The rule's goal share (``plan.thresholds.ambassador_band()[1]``) times the headcount,
    rounded up, minus the ambassadors the community already has there; never below 0.
    """
    if population.headcount is None:
        return 0
    goal = plan.thresholds.ambassador_band()[1]
    # Rounded first so that a share like 1/40 of 40 makes 1, not 2 from a floating-point hair.
    wanted = math.ceil(round(goal * population.headcount, 9))
    community = find_community(plan, community_id)
    present = sum(1 for a in community.ambassadors if a.population_id == population.id)
    return max(0, wanted - present)


def ambassador_summary(
    snapshot: LiveSnapshot, plan: Plan, community_id: str
) -> list[tuple[Population, list[Contribution], int]]:
    """Return, per population of the community, the proposals and the ambassadors still needed.

    Raises:
        LiveInputError: no such community.
    """
    community = find_community(plan, community_id)
    proposals = visible(snapshot, Question.AMBASSADORS)
    return [
        (
            population,
            [c for c in proposals if c.payload.get("population_id") == population.id],
            ambassadors_needed(plan, community_id, population),
        )
        for population in community.populations
    ]


def objective_list(snapshot: LiveSnapshot) -> list[Contribution]:
    """Return the visible objective answers, oldest first."""
    return visible(snapshot, Question.OBJECTIVES)
