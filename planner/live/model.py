"""A live workshop's values: the questions, the limits, sessions, participants, answers, snapshots.

Owns ``Question``, the limits every part of the live workshop shares (``CODE_ALPHABET``,
``CODE_LENGTH``, ``SESSION_HOURS``, ``MAX_TEXT``, ``MAX_PER_QUESTION``,
``VOTES_PER_PARTICIPANT``, ``MIN_SECONDS_BETWEEN``, ``PSEUDONYM_MAX``) and the immutable values
the store hands back (``LiveSession``, ``Participant``, ``Contribution``, ``LiveSnapshot``).

Imports: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_PER_QUESTION",
    "MAX_TEXT",
    "MIN_SECONDS_BETWEEN",
    "PSEUDONYM_MAX",
    "SESSION_HOURS",
    "VOTES_PER_PARTICIPANT",
    "Contribution",
    "LiveSession",
    "LiveSnapshot",
    "Participant",
    "Question",
]


class Question(StrEnum):
    """What a live session asks its participants; one question per session."""

    TOTEM = "totem"
    BRAKES = "brakes"
    AMBASSADORS = "ambassadors"
    OBJECTIVES = "objectives"


#: Letters and digits of a join code: no 0/O, 1/I/L, which read alike on a projected screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Characters in a join code (31⁶ ≈ 887 million codes).
CODE_LENGTH = 6
#: Hours a session stays open unless the facilitator closes it first.
SESSION_HOURS = 4
#: Longest text a participant may type in one field.
MAX_TEXT = 300
#: Answers one participant may give in one session.
MAX_PER_QUESTION = 5
#: Votes one participant may spread over the totem candidates of one session.
VOTES_PER_PARTICIPANT = 3
#: Seconds a participant waits between two answers.
MIN_SECONDS_BETWEEN = 2.0
#: Longest pseudonym.
PSEUDONYM_MAX = 40


@dataclass(frozen=True, slots=True)
class LiveSession:
    """One question put to a room for one community of one plan, joined with a short code."""

    id: str
    code: str
    plan_id: str
    question: Question
    community_id: str
    opened_at: datetime
    expires_at: datetime
    closed_at: datetime | None
    locked: bool

    def is_open(self, now: datetime) -> bool:
        """True when the session takes answers and votes at ``now`` (an aware datetime)."""
        return self.closed_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone who joined a session; the token is their only key (kept by their browser)."""

    token: str
    session_id: str
    pseudonym: str
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class Contribution:
    """One answer, its payload cleaned by ``check_contribution``."""

    id: int
    session_id: str
    participant: str
    question: Question
    payload: dict[str, Any]
    created_at: datetime
    hidden: bool


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    """Everything a screen shows of a session at one moment.

    Attributes:
        session: the session.
        participants: how many joined.
        contributions: every answer, oldest first, hidden ones included (flagged ``hidden``;
            the aggregations skip them, a participant's page should too).
        votes: votes per contribution id (only contributions with votes).
        my_votes: the votes of the participant whose token was given; ``{}`` otherwise.
        version: changes whenever anything in the session changes; compare it to redraw.
    """

    session: LiveSession
    participants: int
    contributions: tuple[Contribution, ...]
    votes: dict[int, int] = field(default_factory=dict)
    my_votes: dict[int, int] = field(default_factory=dict)
    version: int = 0
