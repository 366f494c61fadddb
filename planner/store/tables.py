"""The store's tables: their layout in SQL, and the schema version a database records.

Owns ``SCHEMA_VERSION``, the SQLAlchemy ``metadata`` (the target of a future Alembic migration,
see ``docs/deploy.md``) and the three tables: ``schema_info``, ``plans`` and ``revisions``.
Nothing here opens a connection.

Imports: SQLAlchemy only.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["SCHEMA_VERSION", "metadata", "plans", "revisions", "schema_info"]

#: Version of the store's tables; ``schema_info`` holds the version a database was made with.
SCHEMA_VERSION = 1

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
