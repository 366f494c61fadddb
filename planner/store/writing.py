"""Writing the store: new plans, saves, restores, copies and imports, each one appended.

Owns ``StoreWriting``, the part of ``PlanStore`` that adds rows. Every change appends a
revision; none overwrites one. Two people saving the same plan from the same revision cannot
both win: ``_append`` checks, inside one transaction that holds the plan's write lock
(``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), that nobody saved since
the base revision, and the unique key on ``(plan_id, number)`` backs that check up; the loser
gets a ``PlanConflict`` naming the revision and the author that won. Restore and import are
meant to land whoever saved meanwhile, so they retry on the newest revision instead.

Imports: SQLAlchemy, ``planner.models``, ``planner.planfile`` and the store's ``reading``,
``tables``, ``errors``, ``records`` and ``changes``.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from planner.models import Plan
from planner.planfile import parse_plan
from planner.store.changes import change_codes
from planner.store.errors import PlanConflict, PlanInBin, PlanNotFound
from planner.store.reading import StoreReading
from planner.store.records import (
    Revision,
    RevisionKind,
    dump_content,
    load_content,
    now,
    utc,
)
from planner.store.tables import plans, revisions

__all__ = ["StoreWriting"]


class StoreWriting(StoreReading):
    """Create, save, restore, duplicate and import plans, refusing lost updates."""

    def create(
        self, plan: Plan, *, author: str, note: str = "", _kind: RevisionKind = "create"
    ) -> Revision:
        """Store ``plan`` as a new plan and return its revision 1.

        The plan gets a new stable id (a uuid4 in hex), ``Revision.plan_id``.
        """
        content = dump_content(plan)
        changes = [{"code": {"create": "created", "import": "imported"}.get(_kind, "duplicated")}]
        plan_id = uuid.uuid4().hex
        created = now()
        with self._write() as connection:
            connection.execute(
                insert(plans).values(
                    id=plan_id,
                    name=plan.name,
                    created_at=created,
                    updated_at=created,
                    latest_revision=1,
                    deleted_at=None,
                )
            )
            self._insert_revision(
                connection, plan_id, 1, content, created, author, note, _kind, None, changes
            )
            self._on_written(connection, plan_id, _kind, 1)
        self._known[plan_id] = (1, plan)
        return Revision(plan_id, 1, plan, created, author, note, _kind, None)

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
        changes = change_codes(self._plan_at(plan_id, base_revision), plan)
        return self._append(
            plan_id, base_revision, plan, dump_content(plan), author, note, "save", None, changes
        )

    def restore(self, plan_id: str, number: int, *, author: str, note: str = "") -> Revision:
        """Append a copy of revision ``number`` as the newest revision; nothing is destroyed.

        Raises:
            PlanNotFound: no such plan or revision. PlanInBin: the plan is in the bin.
        """
        old = self._content(plan_id, number)
        first = {"code": "restored", "from": number}
        return self._append_on_top(
            plan_id, load_content(old), old, author, note, "restore", number, first
        )

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
        return self._append_on_top(
            into, plan, dump_content(plan), author, note, "import", None, first
        )

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
            changes = [first_change, *change_codes(self._plan_at(plan_id, latest), plan)]
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
            latest_at=now(),
        )

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
        written = now()
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
                    written,
                    author,
                    note,
                    kind,
                    restored_from,
                    changes,
                )
                connection.execute(
                    update(plans)
                    .where(plans.c.id == plan_id)
                    .values(latest_revision=number, updated_at=written, name=plan.name)
                )
                self._on_written(connection, plan_id, kind, number)
        except IntegrityError:
            # The unique (plan_id, number) key caught a writer the lock did not stop.
            with self._read() as connection:
                raise self._conflict(connection, plan_id, base_revision) from None
        self._known[plan_id] = (number, plan)
        return Revision(plan_id, number, plan, written, author, note, kind, restored_from)

    @staticmethod
    def _insert_revision(
        connection: Connection,
        plan_id: str,
        number: int,
        content: str,
        created_at: datetime,
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
                created_at=created_at,
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
            latest_at=utc(row.created_at),
        )
