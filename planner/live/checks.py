"""Checking what a participant sends: one answer per question, and pseudonyms.

Owns ``check_contribution`` (an answer's payload, cleaned, or a ``LiveInputError`` naming the
field) and ``check_pseudonym``. Texts are refused on the same characters as the plan model's
one-line texts (``planner.models._base``: control, line-break and bidirectional characters),
and stripped of surrounding whitespace.

A text that adoption copies into a one-line field of the plan (a benefit, an objective's
indicator) is held to that field's limit as well, so an adopted answer always validates.

Imports: ``planner.models`` (and its ``_base`` text checks), ``planner.i18n`` and the live
``model`` and ``errors``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from annotated_types import MaxLen
from pydantic_core import PydanticCustomError

from planner.i18n import Message
from planner.live.errors import LiveInputError
from planner.live.model import MAX_TEXT, PSEUDONYM_MAX, Question
from planner.models import Community, Objective, Plan, ResistanceFactor
from planner.models._base import _STRIPPED, _short_text

__all__ = [
    "AMBASSADOR_NAME_MAX",
    "SHORT_TEXT_MAX",
    "UNIT_MAX",
    "check_contribution",
    "check_pseudonym",
    "find_community",
]


def _model_max_length(model: type[Objective], name: str) -> int:
    for item in model.model_fields[name].metadata:
        if isinstance(item, MaxLen):
            return int(item.max_length)
    raise AssertionError(f"{model.__name__}.{name} has no length limit")  # pragma: no cover


#: Longest answer copied into a one-line plan field: ``MAX_TEXT``, or the model's limit if lower.
SHORT_TEXT_MAX = min(MAX_TEXT, _model_max_length(Objective, "indicator"))
#: Longest ambassador name.
AMBASSADOR_NAME_MAX = 120
#: Longest unit of an objective's target.
UNIT_MAX = 40
# Largest target taken: beyond it a typing slip is likelier than an objective.
_TARGET_MAX = 1e12
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def find_community(plan: Plan, community_id: str) -> Community:
    """Return the community with this id.

    Raises:
        LiveInputError: no such community in the plan (field ``community_id``).
    """
    for community in plan.communities:
        if community.id == community_id:
            return community
    raise LiveInputError(
        Message("live.input.unknown_community", {"community_id": community_id}), "community_id"
    )


def check_contribution(
    question: Question | str, payload: Mapping[str, Any], plan: Plan, community_id: str
) -> dict[str, Any]:
    """Check one answer to ``question`` for a community of ``plan``; return it cleaned.

    Payloads (unknown keys are refused; texts are stripped):

    - totem: ``{"subject": 1–300 chars, "benefit": 0–200 chars}``
    - brakes: ``{"population_id": id, "ratings": {factor: 0–3, …}}`` with at least one of the
      six ``ResistanceFactor`` values as keys (a factor left out is not rated)
    - ambassadors: ``{"name": 1–120 chars, "population_id": id, "volunteer": bool}``
      (``volunteer`` defaults to false)
    - objectives: ``{"indicator": 1–200 chars, "target": number, "unit": 0–40 chars,
      "due_date": "YYYY-MM-DD"}``

    Returns:
        A new dict, JSON-ready, with every key of the question (defaults filled in).

    Raises:
        LiveInputError: the first field at fault, with a message saying what to change.
    """
    question = _question(question)
    community = find_community(plan, community_id)
    if not isinstance(payload, Mapping):
        raise LiveInputError(Message("live.input.not_an_answer"), None)
    if question is Question.TOTEM:
        _only(payload, ("subject", "benefit"))
        return {
            "subject": _text(payload, "subject", 1, MAX_TEXT),
            "benefit": _text(payload, "benefit", 0, SHORT_TEXT_MAX),
        }
    if question is Question.BRAKES:
        _only(payload, ("population_id", "ratings"))
        return {
            "population_id": _population(payload, community),
            "ratings": _ratings(payload.get("ratings")),
        }
    if question is Question.AMBASSADORS:
        _only(payload, ("name", "population_id", "volunteer"))
        return {
            "name": _text(payload, "name", 1, AMBASSADOR_NAME_MAX),
            "population_id": _population(payload, community),
            "volunteer": _yes_no(payload, "volunteer"),
        }
    _only(payload, ("indicator", "target", "unit", "due_date"))
    return {
        "indicator": _text(payload, "indicator", 1, SHORT_TEXT_MAX),
        "target": _target(payload.get("target")),
        "unit": _text(payload, "unit", 0, UNIT_MAX),
        "due_date": _due_date(payload.get("due_date")),
    }


def check_pseudonym(value: Any) -> str:
    """Return a pseudonym stripped and checked (1–40 characters, one line).

    Raises:
        LiveInputError: field ``pseudonym``.
    """
    return _checked(value, "pseudonym", 1, PSEUDONYM_MAX)


def _question(question: Question | str) -> Question:
    try:
        return Question(question)
    except ValueError:
        raise LiveInputError(
            Message("live.input.unknown_question", {"question": str(question)}), "question"
        ) from None


def _only(payload: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    for key in payload:
        if key not in keys:
            raise LiveInputError(
                Message("live.input.unknown_field", {"name": str(key), "known": ", ".join(keys)}),
                str(key),
            )


def _text(payload: Mapping[str, Any], name: str, least: int, most: int) -> str:
    value = payload.get(name)
    if value is None and least == 0:
        return ""
    return _checked(value, name, least, most)


def _checked(value: Any, name: str, least: int, most: int) -> str:
    if value is None:
        raise LiveInputError(Message("live.input.required"), name)
    if not isinstance(value, str):
        raise LiveInputError(Message("live.input.not_text"), name)
    try:
        _short_text(value)
    except PydanticCustomError as refused:
        context = refused.context or {}
        params = {"position": context.get("position", 0), "code": context.get("code", "")}
        raise LiveInputError(Message(f"live.input.{refused.type}", params), name) from None
    text = value.strip(_STRIPPED)
    if len(text) < least:
        raise LiveInputError(Message("live.input.required"), name)
    if len(text) > most:
        raise LiveInputError(
            Message("live.input.too_long", {"count": len(text), "limit": most}), name
        )
    return text


def _population(payload: Mapping[str, Any], community: Community) -> str:
    value = payload.get("population_id")
    if value is None or value == "":
        raise LiveInputError(Message("live.input.pick_population"), "population_id")
    if not isinstance(value, str) or community.population(value) is None:
        raise LiveInputError(
            Message("live.input.unknown_population", {"population_id": str(value)}),
            "population_id",
        )
    return value


def _ratings(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping) or not value:
        raise LiveInputError(Message("live.input.no_ratings"), "ratings")
    known = {factor.value for factor in ResistanceFactor}
    cleaned: dict[str, int] = {}
    for key, rating in value.items():
        if key not in known:
            raise LiveInputError(
                Message("live.input.unknown_factor", {"factor": str(key)}), f"ratings.{key}"
            )
        if type(rating) is float and rating.is_integer():
            rating = int(rating)
        if type(rating) is not int or not 0 <= rating <= 3:
            raise LiveInputError(Message("live.input.rating"), f"ratings.{key}")
        cleaned[key] = rating
    # The canonical order, whatever order the phone sent.
    return {factor.value: cleaned[factor.value] for factor in ResistanceFactor if factor in cleaned}


def _yes_no(payload: Mapping[str, Any], name: str) -> bool:
    value = payload.get(name, False)
    if type(value) is not bool:
        raise LiveInputError(Message("live.input.yes_no"), name)
    return value


def _target(value: Any) -> int | float:
    if value is None or value == "":
        raise LiveInputError(Message("live.input.required"), "target")
    if type(value) not in (int, float) or not math.isfinite(value) or abs(value) > _TARGET_MAX:
        raise LiveInputError(Message("live.input.number"), "target")
    number: int | float = value
    return number


def _due_date(value: Any) -> str:
    if value is None or value == "":
        raise LiveInputError(Message("live.input.required"), "due_date")
    if type(value) is date:
        return value.isoformat()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise LiveInputError(Message("live.input.date"), "due_date")
