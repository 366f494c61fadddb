"""The live workshop: participants answer from their phones, the shared screen gathers and adopts.

A facilitator opens a *session* on one question (``Question``: totem subject, brakes,
ambassadors, objectives) for one community of a plan; participants join it with a six-letter
code, under a pseudonym, and send *contributions* (answers) checked by ``check_contribution``;
on the totem question they spread a few votes over the candidates. The shared screen reads a
``LiveSnapshot``, gathers it (``ranked_candidates``, ``brake_summary``, ``ambassador_summary``,
``objective_list``) and adopts results into the plan (``adopt_*``, each returning a new
validated plan, saved with ``adoption_note`` as the revision note). ``docs/live.md`` tells the
whole story: the model, the limits, the storage, what adoption writes.

One module per concern, each importing only those listed before it:

- ``model``: ``Question``, the limits, ``LiveSession``, ``Participant``, ``Contribution``,
  ``LiveSnapshot``.
- ``errors``: ``LiveError`` and its subclasses.
- ``pseudonyms``: ``random_pseudonym``.
- ``checks``: ``check_contribution``, ``check_pseudonym``.
- ``gather``: the aggregations, pure functions of a snapshot.
- ``adopt``: the adoptions and the revision note.
- ``store``: ``LiveStore``, the ``live_*`` tables of the plan database.

Errors, all ``PlannerError`` subclasses carrying ``.message`` (a ``live.*`` ``Message``) and
``.field``:

- ``LiveSessionNotFound``: no session with that code or id.
- ``LiveSessionClosed``: the session was closed or has expired.
- ``LiveLimitReached``: too many answers or votes, or too fast (``.wait_seconds``).
- ``LiveInputError``: an answer, pseudonym or vote refused; ``LiveParticipantNotFound`` is one.
- ``LiveVotingLocked``: the facilitator locked the vote.
"""

from planner.live.adopt import (
    adopt_ambassadors,
    adopt_objective,
    adopt_ratings,
    adopt_subject,
    adoption_note,
)
from planner.live.checks import check_contribution, check_pseudonym
from planner.live.errors import (
    LiveError,
    LiveInputError,
    LiveLimitReached,
    LiveParticipantNotFound,
    LiveSessionClosed,
    LiveSessionNotFound,
    LiveVotingLocked,
)
from planner.live.gather import (
    BrakeSummary,
    ambassador_summary,
    ambassadors_needed,
    brake_summary,
    objective_list,
    ranked_candidates,
)
from planner.live.model import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_PER_QUESTION,
    MAX_TEXT,
    MIN_SECONDS_BETWEEN,
    PSEUDONYM_MAX,
    SESSION_HOURS,
    VOTES_PER_PARTICIPANT,
    Contribution,
    LiveSession,
    LiveSnapshot,
    Participant,
    Question,
)
from planner.live.pseudonyms import random_pseudonym
from planner.live.store import LiveStore, normalise_code

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_PER_QUESTION",
    "MAX_TEXT",
    "MIN_SECONDS_BETWEEN",
    "PSEUDONYM_MAX",
    "SESSION_HOURS",
    "VOTES_PER_PARTICIPANT",
    "BrakeSummary",
    "Contribution",
    "LiveError",
    "LiveInputError",
    "LiveLimitReached",
    "LiveParticipantNotFound",
    "LiveSession",
    "LiveSessionClosed",
    "LiveSessionNotFound",
    "LiveSnapshot",
    "LiveStore",
    "LiveVotingLocked",
    "Participant",
    "Question",
    "adopt_ambassadors",
    "adopt_objective",
    "adopt_ratings",
    "adopt_subject",
    "adoption_note",
    "ambassador_summary",
    "ambassadors_needed",
    "brake_summary",
    "check_contribution",
    "check_pseudonym",
    "normalise_code",
    "objective_list",
    "random_pseudonym",
    "ranked_candidates",
]
