"""Adopting a session's results into the plan: pure functions returning a new, validated plan.

Owns ``adopt_subject``, ``adopt_ratings``, ``adopt_ambassadors``, ``adopt_objective`` and
``adoption_note`` (the revision note that says where the change came from). None changes the
plan it is given; each returns ``Plan.model_validate`` of the changed data, so the result
passes every rule of the model.

Imports: ``planner.models``, ``planner.i18n`` and the live ``model``, ``errors``, ``checks``
and ``gather``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from planner.i18n import Message, translate
from planner.live.checks import find_community
from planner.live.errors import LiveInputError
from planner.live.gather import BrakeSummary
from planner.live.model import Contribution, Question
from planner.models import Plan
from planner.tables import slugify, unique_id

__all__ = [
    "adopt_ambassadors",
    "adopt_objective",
    "adopt_ratings",
    "adopt_subject",
    "adoption_note",
]


def adopt_subject(plan: Plan, community_id: str, contribution: Contribution) -> Plan:
    """Make a totem answer the community's totem subject; add its benefit if new.

    Raises:
        LiveInputError: no such community, or not a totem answer.
    """
    _expect(contribution, Question.TOTEM)
    subject = str(contribution.payload["subject"])
    benefit = str(contribution.payload.get("benefit", ""))

    def change(community: dict[str, Any]) -> None:
        community["totem_subject"] = subject
        if benefit and benefit not in community["benefits"]:
            community["benefits"].append(benefit)

    return _changed(plan, community_id, change)


def adopt_ratings(plan: Plan, community_id: str, summary: BrakeSummary) -> Plan:
    """Set each population's brake ratings to the room's rounded means (from ``brake_summary``).

    A factor nobody rated (``n`` of 0) keeps its rating; halves round up (1.5 → 2).

    Raises:
        LiveInputError: no such community.
    """

    def change(community: dict[str, Any]) -> None:
        for population in community["populations"]:
            for factor, (mean, _spread, count) in summary.get(population["id"], {}).items():
                if count >= 1 and factor in population["resistance"]:
                    population["resistance"][factor] = min(3, max(0, math.floor(mean + 0.5)))

    return _changed(plan, community_id, change)


def adopt_ambassadors(plan: Plan, community_id: str, contributions: Iterable[Contribution]) -> Plan:
    """Add one ambassador per proposal, skipping names the community already has.

    Names compare without case and surrounding spaces; each new ambassador gets an id made
    from the name (``marie-curie``, then ``marie-curie-2``…), unique in the community.

    Raises:
        LiveInputError: no such community, or an answer that is no ambassador proposal.
    """
    proposals = list(contributions)
    for contribution in proposals:
        _expect(contribution, Question.AMBASSADORS)

    def change(community: dict[str, Any]) -> None:
        names = {_same_name(a["name"]) for a in community["ambassadors"]}
        ids = {a["id"] for a in community["ambassadors"]}
        for contribution in proposals:
            name = str(contribution.payload["name"])
            if _same_name(name) in names:
                continue
            identifier = unique_id(slugify(name, fallback="ambassador"), ids)
            community["ambassadors"].append(
                {
                    "id": identifier,
                    "name": name,
                    "population_id": contribution.payload["population_id"],
                }
            )
            names.add(_same_name(name))
            ids.add(identifier)

    return _changed(plan, community_id, change)


def adopt_objective(plan: Plan, community_id: str, contribution: Contribution) -> Plan:
    """Append an objective answer to the community's objectives (unless the same is there).

    Raises:
        LiveInputError: no such community, or not an objective answer.
    """
    _expect(contribution, Question.OBJECTIVES)
    objective = {
        "indicator": contribution.payload["indicator"],
        "target": contribution.payload["target"],
        "unit": contribution.payload.get("unit", ""),
        "due_date": contribution.payload["due_date"],
    }

    def change(community: dict[str, Any]) -> None:
        same = [
            o
            for o in community["objectives"]
            if (o["indicator"], o["target"], o["unit"], o["due_date"]) == tuple(objective.values())
        ]
        if not same:
            community["objectives"].append(objective)

    return _changed(plan, community_id, change)


def adoption_note(question: Question | str, answers: int, lang: str) -> str:
    """The revision note of an adoption, e.g. "Adopted from the live session: totem subject
    (12 answers)", in ``lang``."""
    what = Message(f"live.adopted.{Question(question).value}")
    return translate("live.adoption_note", lang, what=what, answers=answers)


def _expect(contribution: Contribution, question: Question) -> None:
    if contribution.question is not question:
        raise LiveInputError(
            Message(
                "live.input.wrong_question",
                {"found": Message(f"live.adopted.{contribution.question.value}")},
            ),
            "question",
        )


def _changed(plan: Plan, community_id: str, change: Callable[[dict[str, Any]], None]) -> Plan:
    find_community(plan, community_id)
    data = plan.model_dump(mode="json")
    for community in data["communities"]:
        if community["id"] == community_id:
            change(community)
    return Plan.model_validate(data)


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()
