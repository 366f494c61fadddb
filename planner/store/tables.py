"""The store's tables: their layout in SQL, and the schema version a database records.

Owns ``SCHEMA_VERSION``, the SQLAlchemy ``metadata`` (the target of a future Alembic migration,
see ``docs/deploy.md``) and the tables: ``schema_info``, ``plans`` and ``revisions`` (the plan
store), and ``live_sessions``, ``live_participants``, ``live_contributions`` and ``live_votes``
(a live workshop's answers, see ``planner.live`` and ``docs/live.md``), and ``plan_owners``,
``plan_shares`` and ``plan_audit`` (who may reach a plan and who did what, see
``planner.store.access``). Nothing here opens a connection.

Schema versions: 1 holds the plan store's tables; 2 adds the live workshop's four tables; 3 adds
the three access tables. An older database gains the missing tables when a store opens it
(``create_all`` only adds missing tables; no existing table changes shape), and its plans stay
*unclaimed*: no owner row, shared with everyone as editor until someone claims them.

Imports: SQLAlchemy only.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "SCHEMA_VERSION",
    "live_contributions",
    "live_participants",
    "live_sessions",
    "live_votes",
    "metadata",
    "plan_audit",
    "plan_owners",
    "plan_shares",
    "plans",
    "revisions",
    "schema_info",
]

#: Version of the store's tables; ``schema_info`` holds the version a database was made with.
SCHEMA_VERSION = 3

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

plans = Table(
    "plans",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # The number of the newest revision: the row a writer locks, and a cheap plan list.
    Column("latest_revision", Integer, nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(32), ForeignKey("plans.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("restored_from", Integer, nullable=True),
    # What changed since the previous revision, as JSON codes computed when it was written.
    Column("changes", Text, nullable=False),
    UniqueConstraint("plan_id", "number", name="uq_revisions_plan_number"),
)

# A live workshop's rows go with their plan: deleting a plan row (tests do) takes them along.
live_sessions = Table(
    "live_sessions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("code", String(16), nullable=False, index=True),
    Column("plan_id", String(32), ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("question", String(16), nullable=False),
    Column("community_id", String(64), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("locked", Boolean, nullable=False, default=False),
    # Bumped by every write that touches the session: the snapshot's cheap version, and the
    # row a writer locks first, so that one participant's writes never interleave.
    Column("revision", Integer, nullable=False, default=0),
    Index("ix_live_sessions_plan", "plan_id"),
)

live_participants = Table(
    "live_participants",
    metadata,
    Column("token", String(64), primary_key=True),
    Column(
        "session_id",
        String(32),
        ForeignKey("live_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("pseudonym", Text, nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)

live_contributions = Table(
    "live_contributions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "session_id",
        String(32),
        ForeignKey("live_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "participant",
        String(64),
        ForeignKey("live_participants.token", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("question", String(16), nullable=False),
    # The cleaned answer as JSON text (``planner.live.check_contribution``'s result).
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("hidden", Boolean, nullable=False, default=False),
)

live_votes = Table(
    "live_votes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "session_id",
        String(32),
        ForeignKey("live_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "participant",
        String(64),
        ForeignKey("live_participants.token", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "contribution_id",
        Integer,
        ForeignKey("live_contributions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("votes", Integer, nullable=False),
    UniqueConstraint("participant", "contribution_id", name="uq_live_votes_participant"),
)

# Who may reach a plan (schema version 3). A plan without a row in ``plan_owners`` is unclaimed:
# every signed-in user may edit it until someone claims it. Rows go with their plan.
plan_owners = Table(
    "plan_owners",
    metadata,
    Column("plan_id", String(32), ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
    # A lower-cased e-mail address.
    Column("owner", Text, nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
)

plan_shares = Table(
    "plan_shares",
    metadata,
    Column("plan_id", String(32), ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
    # A lower-cased e-mail address, or "@example.com" for everyone of that e-mail domain.
    Column("principal", Text, primary_key=True),
    # "editor" or "viewer"; the owner is in ``plan_owners``.
    Column("role", String(16), nullable=False),
    Column("granted_by", Text, nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
)

plan_audit = Table(
    "plan_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "plan_id",
        String(32),
        ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    # create, import, duplicate, save, restore, delete, recover, share, unshare, transfer, claim.
    Column("action", String(16), nullable=False),
    # What the action was about, as JSON text (the revision number, the principal and role…).
    Column("detail", Text, nullable=False),
)
