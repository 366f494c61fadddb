"""The store's connection to its database: engine, pool, transactions, schema on first use.

Owns ``StoreConnection``, the base every part of ``PlanStore`` builds on: it opens the engine
for a SQLAlchemy URL (or from ``TOTEM_DATABASE_URL``), sets SQLite up for several writers (WAL,
a busy timeout, ``BEGIN IMMEDIATE`` for writes), hands out read and write transactions, and
creates the tables on first use, refusing a database made by a newer Totem.

Imports: SQLAlchemy, ``planner.models`` and the store's ``tables``, ``errors`` and ``records``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from planner.models import Plan
from planner.store.errors import StoreSchemaError
from planner.store.records import now
from planner.store.tables import SCHEMA_VERSION, metadata, schema_info

__all__ = ["DEFAULT_SQLITE_PATH", "ENV_POOL_SIZE", "ENV_URL", "StoreConnection"]

#: Environment variable holding the database URL (``postgresql+psycopg://…``).
ENV_URL = "TOTEM_DATABASE_URL"
#: Environment variable sizing the connection pool of one app instance.
ENV_POOL_SIZE = "TOTEM_DATABASE_POOL_SIZE"
#: Where the plans live when no URL is given: a SQLite file, relative to the working folder.
DEFAULT_SQLITE_PATH = Path("data") / "totem.db"
# How long a SQLite writer waits for another one before giving up, in seconds.
_SQLITE_BUSY_TIMEOUT = 30.0
# Serialises schema creation when several app instances start at once on PostgreSQL.
_SCHEMA_LOCK_KEY = 0x70746D31


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it otherwise),
    # so a writer can take the write lock up front with BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(_SQLITE_BUSY_TIMEOUT * 1000)}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("totem_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class StoreConnection:
    """A connection pool to the plan database, with the store's tables in place.

    Args:
        url: a SQLAlchemy URL, e.g. ``sqlite:///data/totem.db`` or
            ``postgresql+psycopg://user:password@host:5432/totem``.
        pool_size: connections kept open per process (PostgreSQL); ``max_overflow`` more may
            be opened under load.

    Raises:
        StoreSchemaError: the database was made by a newer Totem.
    """

    def __init__(self, url: str, *, pool_size: int = 5, max_overflow: int = 10) -> None:
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        # The plan of the newest revision this store wrote or read, per plan id: a save
        # compares against it instead of parsing the stored text again (plans are immutable).
        self._known: dict[str, tuple[int, Plan]] = {}
        self.engine: Engine
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                self.engine = create_engine(parsed, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT})
            else:
                self.engine = create_engine(parsed)
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
        else:
            self.engine = create_engine(
                parsed,
                pool_size=pool_size,
                max_overflow=max_overflow,
                pool_pre_ping=True,
                pool_recycle=1800,
            )
        try:
            self._ensure_schema()
        except BaseException:
            self.engine.dispose()
            raise

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        """Open the store named by ``TOTEM_DATABASE_URL``, or the SQLite file ``data/totem.db``.

        ``TOTEM_DATABASE_POOL_SIZE`` (default 5) sizes the connection pool of this process.
        """
        env = os.environ if environ is None else environ
        url = env.get(ENV_URL, "").strip()
        if not url:
            url = f"sqlite:///{DEFAULT_SQLITE_PATH.as_posix()}"
        pool_size = int(env.get(ENV_POOL_SIZE, "5") or 5)
        return cls(url, pool_size=pool_size, max_overflow=pool_size * 2)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction that holds the database's write lock on SQLite from its first line."""
        with (
            self.engine.connect().execution_options(totem_write=True) as connection,
            connection.begin(),
        ):
            yield connection

    def _on_written(
        self, connection: Connection, plan_id: str, action: str, number: int | None
    ) -> None:
        """Called inside every write's transaction, once its rows are in; does nothing here.

        ``action`` is the revision's kind (``create``, ``import``, ``duplicate``, ``save``,
        ``restore``) with its ``number``, or ``delete`` / ``recover`` (no number). The guarded
        store (``planner.store.guarded``) checks access and writes the audit entry here, so
        both commit or roll back with the change; raising refuses the change.
        """

    def _ensure_schema(self) -> None:
        with self._write() as connection:
            if self.dialect == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY}
                )
            metadata.create_all(connection, checkfirst=True)
            found = connection.execute(
                select(schema_info.c.version).where(schema_info.c.id == 1)
            ).scalar_one_or_none()
            if found is None:
                connection.execute(
                    insert(schema_info).values(id=1, version=SCHEMA_VERSION, updated_at=now())
                )
            elif found > SCHEMA_VERSION:
                raise StoreSchemaError(found)
            elif found < SCHEMA_VERSION:
                # The missing tables were created above; nothing older changes shape.
                connection.execute(
                    update(schema_info)
                    .where(schema_info.c.id == 1)
                    .values(version=SCHEMA_VERSION, updated_at=now())
                )

    def schema_version(self) -> int:
        """Return the schema version recorded in the database."""
        with self._read() as connection:
            return int(
                connection.execute(
                    select(schema_info.c.version).where(schema_info.c.id == 1)
                ).scalar_one()
            )
