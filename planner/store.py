"""The plan store: every save of a plan kept as a revision, in SQLite or PostgreSQL.

"Plans are never lost": a plan is a row in ``plans`` with a stable id, and each save appends a
row to ``revisions`` (numbered 1..n, the canonical plan file as text, who and when). Nothing is
ever overwritten or destroyed: restoring an old revision appends a copy of it, deleting a plan
moves it to the bin (``deleted_at``) from where it can be recovered, and an uploaded plan file
becomes a new plan or a new revision.

Two people saving the same plan from the same revision cannot both win: ``save`` checks, inside
one transaction that holds the plan's write lock (``SELECT … FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite), that nobody saved since the base revision, and the unique key on
``(plan_id, number)`` backs that check up; the loser gets a ``PlanConflict`` naming the revision
and the author that won.

The schema is created on first use and the ``schema_info`` table records its version, so a later
migration (Alembic) can tell where a database stands; see ``docs/deploy.md``.

Errors, all ``PlannerError`` subclasses:

- ``PlanNotFound``: no plan (or no revision) with that id or number.
- ``PlanInBin``: the plan is in the bin; recover it before changing it.
- ``PlanConflict``: someone saved the plan since the revision the change was based on.
- ``StoreSchemaError``: the database was made by a newer Totem.

Example::

    >>> store = PlanStore("sqlite://")
    >>> first = store.create(Plan(schema_version=1, name="Launch"), author="Ana", note="")
    >>> store.latest(first.plan_id).number
    1
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import ConnectionPoolEntry

from planner.errors import PlanFileError, PlannerError
from planner.i18n import Message
from planner.models import Plan
from planner.planfile import parse_plan, problems_from_validation_error

__all__ = [
    "DEFAULT_SQLITE_PATH",
    "ENV_URL",
    "SCHEMA_VERSION",
    "PlanConflict",
    "PlanInBin",
    "PlanInfo",
    "PlanNotFound",
    "PlanStore",
    "Revision",
    "RevisionInfo",
    "RevisionKind",
    "StoreSchemaError",
    "summarise_changes",
]

#: Version of the store's tables; ``schema_info`` holds the version a database was made with.
SCHEMA_VERSION = 1
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

RevisionKind = Literal["create", "save", "restore", "import", "duplicate"]

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


class PlanNotFound(PlannerError):
    """No plan with that id, or no revision with that number."""

    def __init__(self, plan_id: str, number: int | None = None) -> None:
        self.plan_id = plan_id
        self.number = number
        if number is None:
            self.message = Message("store.plan_not_found", {"plan_id": plan_id})
            text_ = f"no plan with id {plan_id!r}; it may have been removed from the bin"
        else:
            self.message = Message(
                "store.revision_not_found", {"plan_id": plan_id, "number": number}
            )
            text_ = f"plan {plan_id!r} has no revision {number}; pick one from its history"
        super().__init__(text_)


class PlanInBin(PlannerError):
    """The plan is in the bin: it can be read, but must be recovered before it changes."""

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        self.message = Message("store.plan_in_bin", {"plan_id": plan_id})
        super().__init__(f"plan {plan_id!r} is in the bin; recover it before changing it")


class PlanConflict(PlannerError):
    """Someone saved the plan since the revision a change was based on; nothing was written.

    Attributes:
        plan_id: the plan.
        base_revision: the revision the refused change started from.
        latest_revision: the newest revision now in the store.
        latest_author: who wrote it.
        latest_at: when (UTC).
    """

    def __init__(
        self,
        plan_id: str,
        *,
        base_revision: int,
        latest_revision: int,
        latest_author: str,
        latest_at: datetime,
    ) -> None:
        self.plan_id = plan_id
        self.base_revision = base_revision
        self.latest_revision = latest_revision
        self.latest_author = latest_author
        self.latest_at = latest_at
        self.message = Message(
            "store.conflict",
            {
                "base": base_revision,
                "latest": latest_revision,
                "author": latest_author,
            },
        )
        super().__init__(
            f"{latest_author or 'someone'} saved revision {latest_revision} of this plan since "
            f"you opened revision {base_revision}; reopen the plan to see their changes, "
            "then make yours again"
        )


class StoreSchemaError(PlannerError):
    """The database holds a newer store schema than this Totem knows."""

    def __init__(self, found: int) -> None:
        self.found = found
        self.message = Message(
            "store.schema_too_new", {"found": found, "supported": SCHEMA_VERSION}
        )
        super().__init__(
            f"the plan database has schema version {found}, but this Totem knows version "
            f"{SCHEMA_VERSION}; upgrade Totem before opening it"
        )


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved state of a plan, with the plan itself."""

    plan_id: str
    number: int
    plan: Plan
    created_at: datetime
    author: str
    note: str
    kind: RevisionKind
    restored_from: int | None


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """One line of a plan's history: who saved what, when, and what changed.

    ``changes`` are messages for the UI to render (``store.change.*`` ids with counts).
    """

    number: int
    created_at: datetime
    author: str
    note: str
    kind: RevisionKind
    restored_from: int | None
    changes: list[Message]


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """One plan in the plan list: its id, name, newest revision, and whether it is in the bin."""

    id: str
    name: str
    created_at: datetime
    updated_at: datetime
    latest_revision: int
    deleted_at: datetime | None

    @property
    def in_bin(self) -> bool:
        """True when the plan has been deleted (and can still be recovered)."""
        return self.deleted_at is not None


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time the store writes is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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


class PlanStore:
    """Plans and their revisions in a SQL database (SQLite or PostgreSQL).

    One store per process is enough: it holds a connection pool and is safe to share between
    threads (Streamlit sessions). Results are plain, immutable values.

    Args:
        url: a SQLAlchemy URL, e.g. ``sqlite:///data/totem.db`` or
            ``postgresql+psycopg://user:password@host:5432/totem``.
        pool_size: connections kept open per process (PostgreSQL); ``max_overflow`` more may
            be opened under load.
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
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PlanStore:
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

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------

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
                    insert(schema_info).values(id=1, version=SCHEMA_VERSION, updated_at=_now())
                )
            elif found > SCHEMA_VERSION:
                raise StoreSchemaError(found)

    def schema_version(self) -> int:
        """Return the schema version recorded in the database."""
        with self._read() as connection:
            return int(
                connection.execute(
                    select(schema_info.c.version).where(schema_info.c.id == 1)
                ).scalar_one()
            )

    # -- writing ------------------------------------------------------------------------------

    def create(
        self, plan: Plan, *, author: str, note: str = "", _kind: RevisionKind = "create"
    ) -> Revision:
        """Store ``plan`` as a new plan and return its revision 1.

        The plan gets a new stable id (a uuid4 in hex), ``Revision.plan_id``.
        """
        content = _dump(plan)
        changes = [{"code": {"create": "created", "import": "imported"}.get(_kind, "duplicated")}]
        plan_id = uuid.uuid4().hex
        now = _now()
        with self._write() as connection:
            connection.execute(
                insert(plans).values(
                    id=plan_id,
                    name=plan.name,
                    created_at=now,
                    updated_at=now,
                    latest_revision=1,
                    deleted_at=None,
                )
            )
            self._insert_revision(
                connection, plan_id, 1, content, now, author, note, _kind, None, changes
            )
        self._known[plan_id] = (1, plan)
        return Revision(plan_id, 1, plan, now, author, note, _kind, None)

    def save(
        self, plan_id: str, plan: Plan, *, base_revision: int, author: str, note: str = ""
    ) -> Revision:
        """Append ``plan`` as the next revision, if nobody saved since ``base_revision``.

        Args:
            plan_id: the plan's id.
            plan: its new state.
            base_revision: the revision the user opened and changed.
            author: label of who saves (shown in the history).
            note: an optional note for the history.

        Returns:
            The new revision (``base_revision + 1``).

        Raises:
            PlanConflict: a newer revision than ``base_revision`` exists; nothing was written.
            PlanNotFound: no such plan. PlanInBin: the plan is in the bin.
        """
        changes = _change_codes(self._plan_at(plan_id, base_revision), plan)
        return self._append(
            plan_id, base_revision, plan, _dump(plan), author, note, "save", None, changes
        )

    def restore(self, plan_id: str, number: int, *, author: str, note: str = "") -> Revision:
        """Append a copy of revision ``number`` as the newest revision; nothing is destroyed.

        Raises:
            PlanNotFound: no such plan or revision. PlanInBin: the plan is in the bin.
        """
        old = self._content(plan_id, number)
        first = {"code": "restored", "from": number}
        return self._append_on_top(plan_id, _load(old), old, author, note, "restore", number, first)

    def duplicate(self, plan_id: str, *, name: str, author: str, note: str = "") -> Revision:
        """Copy the newest revision of a plan into a new plan called ``name``.

        Raises:
            PlanNotFound: no such plan.
        """
        source = self.latest(plan_id)
        copy = Plan.model_validate({**source.plan.model_dump(mode="json"), "name": name})
        return self.create(copy, author=author, note=note, _kind="duplicate")

    def import_plan_file(
        self,
        data: bytes | str,
        *,
        author: str,
        lang: str = "en",
        into: str | None = None,
        note: str = "",
    ) -> Revision:
        """Read an uploaded plan file and store it as a new plan, or as a new revision of ``into``.

        The file is checked by ``parse_plan`` first (size, encoding, JSON, schema, model); a
        bad file changes nothing. Importing into an existing plan appends a revision on top of
        the newest one, so the previous state stays in the history: never a silent replacement.

        Raises:
            PlanFileError: the file is refused; one problem per field, in ``lang``.
            PlanNotFound: ``into`` names no plan. PlanInBin: ``into`` is in the bin.
        """
        plan = parse_plan(data, lang=lang)
        if into is None:
            return self.create(plan, author=author, note=note, _kind="import")
        first = {"code": "imported"}
        return self._append_on_top(into, plan, _dump(plan), author, note, "import", None, first)

    def _append_on_top(
        self,
        plan_id: str,
        plan: Plan,
        content: str,
        author: str,
        note: str,
        kind: RevisionKind,
        restored_from: int | None,
        first_change: dict[str, Any],
    ) -> Revision:
        """Append ``plan`` on top of whatever revision is newest (restore, import).

        These are meant to land whoever saved meanwhile: on a conflict, try again on the new
        newest revision.
        """
        for _attempt in range(5):
            latest = self._latest_number(plan_id)
            changes = [first_change, *_change_codes(self._plan_at(plan_id, latest), plan)]
            try:
                return self._append(
                    plan_id, latest, plan, content, author, note, kind, restored_from, changes
                )
            except PlanConflict:
                continue
        raise PlanConflict(  # pragma: no cover - only under a storm of concurrent saves
            plan_id,
            base_revision=latest,
            latest_revision=latest,
            latest_author="",
            latest_at=_now(),
        )

    def delete(self, plan_id: str) -> None:
        """Move a plan to the bin; its revisions stay and ``recover`` brings it back."""
        self._set_deleted(plan_id, _now())

    def recover(self, plan_id: str) -> None:
        """Take a plan out of the bin."""
        self._set_deleted(plan_id, None)

    def _set_deleted(self, plan_id: str, when: datetime | None) -> None:
        with self._write() as connection:
            column = plans.c.deleted_at
            condition = column.is_(None) if when is not None else column.is_not(None)
            connection.execute(
                update(plans).where(plans.c.id == plan_id, condition).values(deleted_at=when)
            )
            exists = connection.execute(select(plans.c.id).where(plans.c.id == plan_id)).first()
            if exists is None:
                raise PlanNotFound(plan_id)

    def _append(
        self,
        plan_id: str,
        base_revision: int,
        plan: Plan,
        content: str,
        author: str,
        note: str,
        kind: RevisionKind,
        restored_from: int | None,
        changes: list[dict[str, Any]],
    ) -> Revision:
        now = _now()
        number = base_revision + 1
        try:
            with self._write() as connection:
                query = select(plans.c.latest_revision, plans.c.deleted_at).where(
                    plans.c.id == plan_id
                )
                if self.dialect != "sqlite":
                    query = query.with_for_update()
                row = connection.execute(query).first()
                if row is None:
                    raise PlanNotFound(plan_id)
                if row.deleted_at is not None:
                    raise PlanInBin(plan_id)
                if row.latest_revision != base_revision:
                    raise self._conflict(connection, plan_id, base_revision)
                self._insert_revision(
                    connection,
                    plan_id,
                    number,
                    content,
                    now,
                    author,
                    note,
                    kind,
                    restored_from,
                    changes,
                )
                connection.execute(
                    update(plans)
                    .where(plans.c.id == plan_id)
                    .values(latest_revision=number, updated_at=now, name=plan.name)
                )
        except IntegrityError:
            # The unique (plan_id, number) key caught a writer the lock did not stop.
            with self._read() as connection:
                raise self._conflict(connection, plan_id, base_revision) from None
        self._known[plan_id] = (number, plan)
        return Revision(plan_id, number, plan, now, author, note, kind, restored_from)

    @staticmethod
    def _insert_revision(
        connection: Connection,
        plan_id: str,
        number: int,
        content: str,
        now: datetime,
        author: str,
        note: str,
        kind: RevisionKind,
        restored_from: int | None,
        changes: list[dict[str, Any]],
    ) -> None:
        connection.execute(
            insert(revisions).values(
                plan_id=plan_id,
                number=number,
                content=content,
                created_at=now,
                author=author,
                note=note,
                kind=kind,
                restored_from=restored_from,
                changes=json.dumps(changes),
            )
        )

    @staticmethod
    def _conflict(connection: Connection, plan_id: str, base_revision: int) -> PlanConflict:
        row = connection.execute(
            select(revisions.c.number, revisions.c.author, revisions.c.created_at)
            .where(revisions.c.plan_id == plan_id)
            .order_by(revisions.c.number.desc())
            .limit(1)
        ).one()
        return PlanConflict(
            plan_id,
            base_revision=base_revision,
            latest_revision=row.number,
            latest_author=row.author,
            latest_at=_utc(row.created_at),
        )

    # -- reading ------------------------------------------------------------------------------

    def latest(self, plan_id: str) -> Revision:
        """Return the newest revision of a plan, with the plan parsed (works in the bin too).

        Raises:
            PlanNotFound: no such plan.
        """
        with self._read() as connection:
            row = connection.execute(
                select(revisions)
                .join(plans, plans.c.id == revisions.c.plan_id)
                .where(
                    revisions.c.plan_id == plan_id,
                    revisions.c.number == plans.c.latest_revision,
                )
            ).first()
        if row is None:
            raise PlanNotFound(plan_id)
        revision = _revision(row)
        self._known[plan_id] = (revision.number, revision.plan)
        return revision

    def revision(self, plan_id: str, number: int) -> Revision:
        """Return revision ``number`` of a plan.

        Raises:
            PlanNotFound: no such plan or revision.
        """
        with self._read() as connection:
            row = connection.execute(
                select(revisions).where(
                    revisions.c.plan_id == plan_id, revisions.c.number == number
                )
            ).first()
        if row is None:
            raise PlanNotFound(plan_id, number)
        return _revision(row)

    def history(self, plan_id: str) -> list[RevisionInfo]:
        """Return every revision of a plan, newest first, with what changed in each.

        Raises:
            PlanNotFound: no such plan.
        """
        columns = [c for c in revisions.c if c.name != "content"]
        with self._read() as connection:
            rows = connection.execute(
                select(*columns)
                .where(revisions.c.plan_id == plan_id)
                .order_by(revisions.c.number.desc())
            ).all()
        if not rows:
            raise PlanNotFound(plan_id)
        return [
            RevisionInfo(
                number=row.number,
                created_at=_utc(row.created_at),
                author=row.author,
                note=row.note,
                kind=row.kind,
                restored_from=row.restored_from,
                changes=[_change_message(code) for code in json.loads(row.changes)],
            )
            for row in rows
        ]

    def list_plans(self, *, include_deleted: bool = False) -> list[PlanInfo]:
        """Return the plans, most recently saved first; those in the bin only when asked."""
        query = select(plans).order_by(plans.c.updated_at.desc(), plans.c.name, plans.c.id)
        if not include_deleted:
            query = query.where(plans.c.deleted_at.is_(None))
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [
            PlanInfo(
                id=row.id,
                name=row.name,
                created_at=_utc(row.created_at),
                updated_at=_utc(row.updated_at),
                latest_revision=row.latest_revision,
                deleted_at=None if row.deleted_at is None else _utc(row.deleted_at),
            )
            for row in rows
        ]

    def _latest_number(self, plan_id: str) -> int:
        with self._read() as connection:
            number = connection.execute(
                select(plans.c.latest_revision).where(plans.c.id == plan_id)
            ).scalar_one_or_none()
        if number is None:
            raise PlanNotFound(plan_id)
        return int(number)

    def _plan_at(self, plan_id: str, number: int) -> Plan:
        """The plan of revision ``number``: the one last written or read, or parsed anew."""
        known = self._known.get(plan_id)
        if known is not None and known[0] == number:
            return known[1]
        return _load(self._content(plan_id, number))

    def _content(self, plan_id: str, number: int) -> str:
        with self._read() as connection:
            content = connection.execute(
                select(revisions.c.content).where(
                    revisions.c.plan_id == plan_id, revisions.c.number == number
                )
            ).scalar_one_or_none()
        if content is None:
            if number >= 1:
                self._latest_number(plan_id)  # raises PlanNotFound for an unknown plan
            raise PlanNotFound(plan_id, number)
        return str(content)

    def count_revisions(self) -> int:
        """Return how many revisions the store holds, all plans together."""
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(revisions)).scalar_one())


def _dump(plan: Plan) -> str:
    """A revision's stored text: the plan's compact JSON.

    Not :func:`planner.planfile.dump_plan`: its indented text goes through Python's pure-Python
    JSON encoder, ~60 ms for a 200-community plan against ~4 ms here, on every save. Revisions
    written indented by earlier versions read back the same way.
    """
    return plan.model_dump_json()


def _load(content: str) -> Plan:
    try:
        return Plan.model_validate_json(content)
    except ValidationError as exc:
        # A revision written by an older Totem that the current model refuses.
        raise PlanFileError(problems_from_validation_error(exc)) from None


def _revision(row: Any) -> Revision:
    return Revision(
        plan_id=row.plan_id,
        number=row.number,
        plan=_load(row.content),
        created_at=_utc(row.created_at),
        author=row.author,
        note=row.note,
        kind=row.kind,
        restored_from=row.restored_from,
    )


# -- what changed ------------------------------------------------------------------------------

#: Sections of a change summary, in the order they are listed.
CHANGE_SECTIONS: tuple[str, ...] = (
    "details",
    "communities",
    "populations",
    "ambassadors",
    "objectives",
    "rituals",
    "core_team",
    "sponsors",
    "sponsor_actions",
    "settings",
)
_DETAIL_FIELDS = (
    "name",
    "organisation",
    "platform",
    "language",
    "start_date",
    "launch_date",
    "end_date",
)
_SETTINGS_FIELDS = ("thresholds", "timing", "forecast")
_COMMUNITY_LISTS = ("populations", "ambassadors", "objectives", "rituals")


def _keyed(items: Sequence[Any], prefix: tuple[Any, ...]) -> dict[tuple[Any, ...], Any]:
    """Key list items by their id when they have one, else by their position."""
    with_id = bool(items) and "id" in type(items[0]).model_fields
    return {
        (*prefix, item.id if with_id and item.id is not None else f"#{index}"): item
        for index, item in enumerate(items)
    }


def _strip(item: BaseModel, nested: tuple[str, ...]) -> dict[str, Any]:
    """An item's own fields, without its nested lists (compared in their own sections)."""
    return {name: getattr(item, name) for name in type(item).model_fields if name not in nested}


def _same(before: Sequence[Any], after: Sequence[Any]) -> bool:
    """The two lists hold the very same items: an edit elsewhere kept them as they were."""
    return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))


def _sections(
    plan: Plan, skip: frozenset[str], kept: frozenset[tuple[str, str]]
) -> dict[str, dict[tuple[Any, ...], Any]]:
    """The plan's items by section, without the lists named in ``skip`` and, per community,
    the lists named in ``kept`` as ``(community id, list name)``."""
    sections: dict[str, dict[tuple[Any, ...], Any]] = {name: {} for name in CHANGE_SECTIONS}
    sections["details"] = {(name,): getattr(plan, name) for name in _DETAIL_FIELDS}
    sections["settings"] = {(name,): getattr(plan, name) for name in _SETTINGS_FIELDS}
    if "communities" not in skip:
        for key, community in _keyed(plan.communities, ()).items():
            sections["communities"][key] = _strip(community, _COMMUNITY_LISTS)
            for name in _COMMUNITY_LISTS:
                if (community.id, name) not in kept:
                    sections[name].update(_keyed(getattr(community, name), key))
    if "core_team" not in skip:
        sections["core_team"] = _keyed(plan.core_team, ())
    if "sponsors" not in skip:
        for key, sponsor in _keyed(plan.sponsors, ()).items():
            sections["sponsors"][key] = _strip(sponsor, ("actions",))
            sections["sponsor_actions"].update(_keyed(sponsor.actions, key))
    return sections


def _kept_lists(before: Plan, after: Plan) -> frozenset[tuple[str, str]]:
    """The lists of each community (by id) that still hold the very same items."""
    old = {community.id: community for community in before.communities}
    return frozenset(
        (community.id, name)
        for community in after.communities
        if community.id in old
        for name in _COMMUNITY_LISTS
        if _same(getattr(old[community.id], name), getattr(community, name))
    )


def _change_codes(before: Plan, after: Plan) -> list[dict[str, Any]]:
    """Compare two plans section by section: what was added, removed, changed.

    Items are compared as models (equal models have equal fields), never through their JSON,
    and lists that still hold the very same items are not walked: dumping, parsing and walking
    a large plan cost more than the rest of a save.
    """
    skip = frozenset(
        name
        for name in ("communities", "core_team", "sponsors")
        if _same(getattr(before, name), getattr(after, name))
    )
    kept = frozenset() if "communities" in skip else _kept_lists(before, after)
    old, new = _sections(before, skip, kept), _sections(after, skip, kept)
    codes: list[dict[str, Any]] = []
    for section in CHANGE_SECTIONS:
        a, b = old[section], new[section]
        added = len(b.keys() - a.keys())
        removed = len(a.keys() - b.keys())
        changed = sum(1 for key in a.keys() & b.keys() if a[key] is not b[key] and a[key] != b[key])
        for code, count in (("added", added), ("removed", removed), ("changed", changed)):
            if count:
                codes.append({"code": code, "section": section, "count": count})
    return codes or [{"code": "none"}]


def _change_message(code: Mapping[str, Any]) -> Message:
    kind = str(code["code"])
    if kind in ("added", "removed", "changed"):
        return Message(
            f"store.change.{kind}",
            {"section": Message(f"store.section.{code['section']}"), "count": code["count"]},
        )
    if kind == "restored":
        return Message("store.change.restored", {"number": code["from"]})
    return Message(f"store.change.{kind}")


def summarise_changes(before: Plan, after: Plan) -> list[Message]:
    """Say what changed between two plans, as ``store.change.*`` messages with counts.

    Example: a community added and two populations edited give ``communities +1`` and
    ``populations changed (2)`` once rendered.
    """
    codes = _change_codes(before, after)
    return [_change_message(code) for code in codes]
