"""The live workshop's errors, all ``PlannerError`` subclasses with a ``Message`` for the UI.

- ``LiveError``: base of them all; ``.message`` (a ``live.*`` ``Message``) and ``.field`` (the
  payload field at fault, e.g. ``"ratings.workload"``, or ``None``).
- ``LiveSessionNotFound``: no session with that code or id.
- ``LiveSessionClosed``: the session was closed or has expired.
- ``LiveLimitReached``: too many answers or votes, or too fast (``.wait_seconds``).
- ``LiveInputError``: an answer, a pseudonym or a vote is refused; ``.field`` says which.
- ``LiveParticipantNotFound`` (a ``LiveInputError``): the token names nobody in the session.
- ``LiveVotingLocked``: the facilitator locked the vote.

Imports: ``planner.errors`` and ``planner.i18n``.
"""

from __future__ import annotations

from planner.errors import PlannerError
from planner.i18n import Message, render

__all__ = [
    "LiveError",
    "LiveInputError",
    "LiveLimitReached",
    "LiveParticipantNotFound",
    "LiveSessionClosed",
    "LiveSessionNotFound",
    "LiveVotingLocked",
]


class LiveError(PlannerError):
    """A refusal of the live workshop, with its message and the field at fault."""

    def __init__(self, message: Message, field: str | None = None) -> None:
        self.message = message
        self.field = field
        text = render(message, "en")
        super().__init__(f"{field}: {text}" if field else text)


class LiveSessionNotFound(LiveError):
    """No session with that code (or id)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(Message("live.error.not_found", {"code": code}), "code")


class LiveSessionClosed(LiveError):
    """The session was closed by the facilitator, or its time is up."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(Message("live.error.closed", {"code": code}))


class LiveLimitReached(LiveError):
    """Too many answers or votes, or an answer too soon after the previous one.

    Attributes:
        wait_seconds: for the rate limit, seconds to wait before answering again; else None.
    """

    def __init__(
        self, message: Message, field: str | None = None, *, wait_seconds: float | None = None
    ) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(message, field)


class LiveInputError(LiveError):
    """An answer, pseudonym or vote is refused; ``field`` names what to correct."""


class LiveParticipantNotFound(LiveInputError):
    """The token names no participant of the session: join again."""

    def __init__(self) -> None:
        super().__init__(Message("live.error.unknown_participant"), "token")


class LiveVotingLocked(LiveError):
    """The facilitator locked the vote: votes can no longer change."""

    def __init__(self) -> None:
        super().__init__(Message("live.error.voting_locked"))
