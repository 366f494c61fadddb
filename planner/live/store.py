"""``LiveStore``: a live workshop's sessions, participants, answers and votes in the plan database.

Owns every read and write of the ``live_*`` tables. It is a ``StoreConnection``, so it opens
the same database as the ``PlanStore`` (from a URL, ``from_env()``, or a ``PlanStore`` whose
engine it then shares) with the same transactions: every write holds the write lock from its
first statement (``BEGIN IMMEDIATE`` on SQLite), and starts by bumping the session's
``revision``, which on PostgreSQL locks the session's row. So a session's writes happen one
after the other: two votes of one participant at once cannot both pass the vote limit, and
the snapshot's ``version`` changes with every write.

Imports: SQLAlchemy, ``planner.models``, ``planner.i18n``, the plan store's ``connection``,
``tables`` and ``records`` (its clock), and the live ``model``, ``errors``, ``checks`` and
``pseudonyms``.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, case, delete, func, insert, select, text, update

from planner.i18n import Message
from planner.live.checks import check_contribution, check_pseudonym
from planner.live.errors import (
    LiveInputError,
    LiveLimitReached,
    LiveParticipantNotFound,
    LiveSessionClosed,
    LiveSessionNotFound,
    LiveVotingLocked,
)
from planner.live.model import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_PER_QUESTION,
    MIN_SECONDS_BETWEEN,
    SESSION_HOURS,
    VOTES_PER_PARTICIPANT,
    Contribution,
    LiveSession,
    LiveSnapshot,
    Participant,
    Question,
)
from planner.live.pseudonyms import random_pseudonym
from planner.models import Plan
from planner.store.connection import StoreConnection
from planner.store.records import now as _now
from planner.store.records import utc
from planner.store.tables import (
    live_contributions,
    live_participants,
    live_sessions,
    live_votes,
)

__all__ = ["LiveStore", "normalise_code"]

# Serialises the choice of join codes on PostgreSQL, so two sessions opened at once cannot
# draw the same free code.
_CODE_LOCK_KEY = 0x70746D32
_CODE_ATTEMPTS = 50
_PSEUDONYM_ATTEMPTS = 10


def normalise_code(code: str) -> str:
    """A join code as typed (``" ab c-d2 3 "``) in its stored form (``"ABCD23"``)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


class LiveStore(StoreConnection):
    """Live sessions of the plan store's database.

    Args:
        source: a SQLAlchemy URL (as for ``PlanStore``), or a ``PlanStore`` (any
            ``StoreConnection``) whose engine this store shares; closing this store then
            leaves that engine open.
        pool_size, max_overflow: as for ``PlanStore`` (ignored when sharing an engine).
        rng: the random source of join codes and pseudonyms (tokens always come from
            ``secrets``); tests pass a seeded one.
    """

    def __init__(
        self,
        source: str | StoreConnection,
        *,
        pool_size: int = 5,
        max_overflow: int = 10,
        rng: random.Random | None = None,
    ) -> None:
        self._rng = rng or random.SystemRandom()
        if isinstance(source, StoreConnection):
            self.dialect = source.dialect
            self.engine = source.engine
            self._known = {}
            self._owns_engine = False
        else:
            super().__init__(source, pool_size=pool_size, max_overflow=max_overflow)
            self._owns_engine = True

    @classmethod
    def from_store(cls, store: StoreConnection, *, rng: random.Random | None = None) -> LiveStore:
        """A live store sharing the engine of ``store`` (a ``PlanStore``)."""
        return cls(store, rng=rng)

    def close(self) -> None:
        """Close the pooled connections, unless the engine belongs to another store."""
        if self._owns_engine:
            super().close()

    # --- Sessions ------------------------------------------------------------------------------

    def open_session(
        self,
        plan_id: str,
        question: Question | str,
        community_id: str,
        *,
        now: datetime | None = None,
    ) -> LiveSession:
        """Open a session on ``question`` for a community; it expires after ``SESSION_HOURS``.

        The join code is drawn from ``CODE_ALPHABET`` and differs from every open session's.
        Other sessions stay as they are.

        Raises:
            LiveInputError: unknown question.
        """
        try:
            question = Question(question)
        except ValueError:
            raise LiveInputError(
                Message("live.input.unknown_question", {"question": str(question)}), "question"
            ) from None
        opened = _at(now)
        session_id = uuid.uuid4().hex
        with self._write() as connection:
            if self.dialect == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CODE_LOCK_KEY}
                )
            code = self._free_code(connection, opened)
            values = {
                "id": session_id,
                "code": code,
                "plan_id": plan_id,
                "question": question.value,
                "community_id": community_id,
                "opened_at": opened,
                "expires_at": opened + timedelta(hours=SESSION_HOURS),
                "closed_at": None,
                "locked": False,
                "revision": 0,
            }
            connection.execute(insert(live_sessions).values(**values))
        return _session(values)

    def _free_code(self, connection: Connection, at: datetime) -> str:
        for _attempt in range(_CODE_ATTEMPTS):
            code = "".join(self._rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            taken = connection.execute(
                select(live_sessions.c.id)
                .where(live_sessions.c.code == code, *_open_at(at))
                .limit(1)
            ).first()
            if taken is None:
                return code
        raise RuntimeError("no free join code after 50 draws")  # pragma: no cover

    def session_by_code(self, code: str, *, now: datetime | None = None) -> LiveSession:
        """Return the open session joined with ``code`` (case and spaces do not matter).

        Raises:
            LiveSessionNotFound: no session ever had that code.
            LiveSessionClosed: the session with that code was closed or has expired.
        """
        wanted = normalise_code(code)
        at = _at(now)
        with self._read() as connection:
            rows = connection.execute(
                select(live_sessions)
                .where(live_sessions.c.code == wanted)
                .order_by(live_sessions.c.opened_at.desc())
            ).all()
        if not rows:
            raise LiveSessionNotFound(wanted)
        sessions = [_session(row._mapping) for row in rows]
        for session in sessions:
            if session.is_open(at):
                return session
        raise LiveSessionClosed(wanted)

    def session(self, session_id: str) -> LiveSession:
        """Return the session with this id, open or not.

        Raises:
            LiveSessionNotFound: no such session.
        """
        with self._read() as connection:
            row = connection.execute(
                select(live_sessions).where(live_sessions.c.id == session_id)
            ).first()
        if row is None:
            raise LiveSessionNotFound(session_id)
        return _session(row._mapping)

    def open_sessions(self, plan_id: str, *, now: datetime | None = None) -> list[LiveSession]:
        """Return the plan's open sessions, newest first."""
        with self._read() as connection:
            rows = connection.execute(
                select(live_sessions)
                .where(live_sessions.c.plan_id == plan_id, *_open_at(_at(now)))
                .order_by(live_sessions.c.opened_at.desc(), live_sessions.c.id)
            ).all()
        return [_session(row._mapping) for row in rows]

    def close_session(self, session_id: str, *, now: datetime | None = None) -> None:
        """Close the session (a closed session stays closed; closing twice changes nothing).

        Raises:
            LiveSessionNotFound: no such session.
        """
        with self._write() as connection:
            row = self._touch(connection, session_id)
            if row.closed_at is None:
                connection.execute(
                    update(live_sessions)
                    .where(live_sessions.c.id == session_id)
                    .values(closed_at=_at(now))
                )

    def set_locked(self, session_id: str, locked: bool) -> None:
        """Lock (or unlock) the vote: while locked, votes cannot change.

        Raises:
            LiveSessionNotFound: no such session.
        """
        with self._write() as connection:
            self._touch(connection, session_id)
            connection.execute(
                update(live_sessions)
                .where(live_sessions.c.id == session_id)
                .values(locked=bool(locked))
            )

    # --- Participants --------------------------------------------------------------------------

    def join(
        self,
        session_id: str,
        *,
        pseudonym: str | None = None,
        lang: str = "en",
        now: datetime | None = None,
    ) -> Participant:
        """Join an open session, under ``pseudonym`` or a random one in ``lang``.

        Returns:
            The participant; its ``token`` is the key of every later call (keep it secret).

        Raises:
            LiveSessionNotFound, LiveSessionClosed: no such session, or not open.
            LiveInputError: the pseudonym is refused (field ``pseudonym``).
        """
        at = _at(now)
        chosen = None if pseudonym is None else check_pseudonym(pseudonym)
        token = secrets.token_urlsafe(24)
        with self._write() as connection:
            self._touch_open(connection, session_id, at)
            if chosen is None:
                taken = set(
                    connection.execute(
                        select(live_participants.c.pseudonym).where(
                            live_participants.c.session_id == session_id
                        )
                    ).scalars()
                )
                chosen = random_pseudonym(self._rng, lang)
                for _attempt in range(_PSEUDONYM_ATTEMPTS):
                    if chosen not in taken:
                        break
                    chosen = random_pseudonym(self._rng, lang)
            connection.execute(
                insert(live_participants).values(
                    token=token, session_id=session_id, pseudonym=chosen, joined_at=at
                )
            )
        return Participant(token, session_id, chosen, at)

    def participant(self, session_id: str, token: str) -> Participant | None:
        """Return the participant with this token in this session, or None."""
        with self._read() as connection:
            row = connection.execute(
                select(live_participants).where(
                    live_participants.c.token == token,
                    live_participants.c.session_id == session_id,
                )
            ).first()
        if row is None:
            return None
        return Participant(row.token, row.session_id, row.pseudonym, utc(row.joined_at))

    def rename(self, session_id: str, token: str, pseudonym: str) -> Participant:
        """Change a participant's pseudonym (1–40 characters, one line).

        Raises:
            LiveInputError: the pseudonym is refused (field ``pseudonym``).
            LiveParticipantNotFound: no such participant in the session.
            LiveSessionNotFound: no such session.
        """
        chosen = check_pseudonym(pseudonym)
        with self._write() as connection:
            self._touch(connection, session_id)
            row = self._participant_row(connection, session_id, token)
            connection.execute(
                update(live_participants)
                .where(live_participants.c.token == token)
                .values(pseudonym=chosen)
            )
        return Participant(token, session_id, chosen, utc(row.joined_at))

    # --- Answers and votes ---------------------------------------------------------------------

    def contribute(
        self,
        session_id: str,
        token: str,
        payload: Mapping[str, Any],
        plan: Plan,
        *,
        now: datetime | None = None,
    ) -> Contribution:
        """Record one answer to the session's question, checked against ``plan``.

        Raises:
            LiveInputError: the answer is refused (``check_contribution``).
            LiveLimitReached: ``MAX_PER_QUESTION`` answers already, or less than
                ``MIN_SECONDS_BETWEEN`` seconds since this participant's previous answer
                (``wait_seconds`` says how long to wait).
            LiveSessionNotFound, LiveSessionClosed, LiveParticipantNotFound.
        """
        at = _at(now)
        session = self.session(session_id)
        cleaned = check_contribution(session.question, payload, plan, session.community_id)
        with self._write() as connection:
            self._touch_open(connection, session_id, at)
            self._participant_row(connection, session_id, token)
            count, last = connection.execute(
                select(func.count(), func.max(live_contributions.c.created_at)).where(
                    live_contributions.c.session_id == session_id,
                    live_contributions.c.participant == token,
                )
            ).one()
            if count >= MAX_PER_QUESTION:
                raise LiveLimitReached(Message("live.limit.answers", {"limit": MAX_PER_QUESTION}))
            if last is not None:
                waited = (at - utc(last)).total_seconds()
                if waited < MIN_SECONDS_BETWEEN:
                    wait = round(MIN_SECONDS_BETWEEN - waited, 1)
                    raise LiveLimitReached(
                        Message("live.limit.too_fast", {"seconds": max(wait, 0.1)}),
                        wait_seconds=max(wait, 0.1),
                    )
            inserted = connection.execute(
                insert(live_contributions).values(
                    session_id=session_id,
                    participant=token,
                    question=session.question.value,
                    payload=json.dumps(cleaned, ensure_ascii=False),
                    created_at=at,
                    hidden=False,
                )
            ).inserted_primary_key
            assert inserted is not None
            new_id = inserted[0]
        return Contribution(int(new_id), session_id, token, session.question, cleaned, at, False)

    def vote(
        self,
        session_id: str,
        token: str,
        contribution_id: int,
        votes: int,
        *,
        now: datetime | None = None,
    ) -> None:
        """Set this participant's votes on one totem candidate (0 takes them back).

        Raises:
            LiveInputError: a negative number, or no visible totem candidate of this session
                with that id (field ``contribution_id``).
            LiveLimitReached: the participant's votes over the session would pass
                ``VOTES_PER_PARTICIPANT``.
            LiveVotingLocked: the facilitator locked the vote.
            LiveSessionNotFound, LiveSessionClosed, LiveParticipantNotFound.
        """
        if type(votes) is not int or votes < 0:
            raise LiveInputError(Message("live.input.votes"), "votes")
        at = _at(now)
        with self._write() as connection:
            session = self._touch_open(connection, session_id, at)
            if session.locked:
                raise LiveVotingLocked()
            self._participant_row(connection, session_id, token)
            candidate = connection.execute(
                select(live_contributions.c.id).where(
                    live_contributions.c.id == contribution_id,
                    live_contributions.c.session_id == session_id,
                    live_contributions.c.question == Question.TOTEM.value,
                    live_contributions.c.hidden.is_(False),
                )
            ).first()
            if candidate is None:
                raise LiveInputError(Message("live.input.no_candidate"), "contribution_id")
            elsewhere = connection.execute(
                select(func.coalesce(func.sum(live_votes.c.votes), 0)).where(
                    live_votes.c.session_id == session_id,
                    live_votes.c.participant == token,
                    live_votes.c.contribution_id != contribution_id,
                )
            ).scalar_one()
            if int(elsewhere) + votes > VOTES_PER_PARTICIPANT:
                left = max(0, VOTES_PER_PARTICIPANT - int(elsewhere))
                raise LiveLimitReached(
                    Message("live.limit.votes", {"limit": VOTES_PER_PARTICIPANT, "left": left}),
                    "votes",
                )
            connection.execute(
                delete(live_votes).where(
                    live_votes.c.participant == token,
                    live_votes.c.contribution_id == contribution_id,
                )
            )
            if votes:
                connection.execute(
                    insert(live_votes).values(
                        session_id=session_id,
                        participant=token,
                        contribution_id=contribution_id,
                        votes=votes,
                    )
                )

    def hide(self, contribution_id: int, hidden: bool = True) -> None:
        """Hide an answer from the room (or show it again); hiding takes back its votes.

        Raises:
            LiveInputError: no answer with that id (field ``contribution_id``).
        """
        with self._write() as connection:
            session_id = connection.execute(
                select(live_contributions.c.session_id).where(
                    live_contributions.c.id == contribution_id
                )
            ).scalar_one_or_none()
            if session_id is None:
                raise LiveInputError(Message("live.input.no_answer"), "contribution_id")
            self._touch(connection, session_id)
            connection.execute(
                update(live_contributions)
                .where(live_contributions.c.id == contribution_id)
                .values(hidden=bool(hidden))
            )
            if hidden:
                connection.execute(
                    delete(live_votes).where(live_votes.c.contribution_id == contribution_id)
                )

    # --- Reading a session at once -------------------------------------------------------------

    def snapshot(self, session_id: str, *, token: str | None = None) -> LiveSnapshot:
        """Return everything about a session in three queries (session, answers, votes).

        ``my_votes`` holds the votes of the participant with ``token``, if given.

        Raises:
            LiveSessionNotFound: no such session.
        """
        participants = (
            select(func.count())
            .select_from(live_participants)
            .where(live_participants.c.session_id == session_id)
            .scalar_subquery()
        )
        mine = (
            live_votes.c.votes
            if token is None
            else case((live_votes.c.participant == token, live_votes.c.votes), else_=0)
        )
        with self._read() as connection:
            row = connection.execute(
                select(live_sessions, participants.label("participants")).where(
                    live_sessions.c.id == session_id
                )
            ).first()
            if row is None:
                raise LiveSessionNotFound(session_id)
            answers = connection.execute(
                select(live_contributions)
                .where(live_contributions.c.session_id == session_id)
                .order_by(live_contributions.c.id)
            ).all()
            tallies = connection.execute(
                select(
                    live_votes.c.contribution_id,
                    func.sum(live_votes.c.votes),
                    func.sum(mine),
                )
                .where(live_votes.c.session_id == session_id)
                .group_by(live_votes.c.contribution_id)
            ).all()
        votes = {int(cid): int(total) for cid, total, _ in tallies if total}
        my_votes = {} if token is None else {int(cid): int(m) for cid, _, m in tallies if m}
        return LiveSnapshot(
            session=_session(row._mapping),
            participants=int(row.participants),
            contributions=tuple(_contribution(answer) for answer in answers),
            votes=votes,
            my_votes=my_votes,
            version=int(row.revision),
        )

    # --- Helpers -------------------------------------------------------------------------------

    @staticmethod
    def _touch(connection: Connection, session_id: str) -> LiveSession:
        """Bump the session's revision (locking its row) and return the session."""
        bumped = connection.execute(
            update(live_sessions)
            .where(live_sessions.c.id == session_id)
            .values(revision=live_sessions.c.revision + 1)
        )
        if bumped.rowcount == 0:
            raise LiveSessionNotFound(session_id)
        row = connection.execute(
            select(live_sessions).where(live_sessions.c.id == session_id)
        ).one()
        return _session(row._mapping)

    def _touch_open(self, connection: Connection, session_id: str, at: datetime) -> LiveSession:
        session = self._touch(connection, session_id)
        if not session.is_open(at):
            raise LiveSessionClosed(session.code)
        return session

    @staticmethod
    def _participant_row(connection: Connection, session_id: str, token: str) -> Row[Any]:
        row = connection.execute(
            select(live_participants).where(
                live_participants.c.token == token,
                live_participants.c.session_id == session_id,
            )
        ).first()
        if row is None:
            raise LiveParticipantNotFound()
        return row


def _at(now: datetime | None) -> datetime:
    # SQLite keeps times as naive text compared as strings: every time goes in as UTC.
    return _now() if now is None else utc(now)


def _open_at(at: datetime) -> tuple[Any, ...]:
    return (live_sessions.c.closed_at.is_(None), live_sessions.c.expires_at > at)


def _session(values: Mapping[Any, Any]) -> LiveSession:
    closed = values["closed_at"]
    return LiveSession(
        id=values["id"],
        code=values["code"],
        plan_id=values["plan_id"],
        question=Question(values["question"]),
        community_id=values["community_id"],
        opened_at=utc(values["opened_at"]),
        expires_at=utc(values["expires_at"]),
        closed_at=None if closed is None else utc(closed),
        locked=bool(values["locked"]),
    )


def _contribution(row: Row[Any]) -> Contribution:
    return Contribution(
        id=int(row.id),
        session_id=row.session_id,
        participant=row.participant,
        question=Question(row.question),
        payload=json.loads(row.payload),
        created_at=utc(row.created_at),
        hidden=bool(row.hidden),
    )
