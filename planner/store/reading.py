"""Reading the store: a plan's newest revision, any revision, its history, the plan list.

Owns ``StoreReading``, the read-only half of ``PlanStore``: every method runs in a read
transaction and returns plain, immutable values (``planner.store.records``). It also keeps the
plan of the newest revision it read, so a save can compare against it without parsing again.

Imports: SQLAlchemy, ``planner.models`` and the store's ``connection``, ``tables``, ``errors``
and ``records``.
"""

from __future__ import annotations

from sqlalchemy import func, select

from planner.models import Plan
from planner.store.connection import StoreConnection
from planner.store.errors import PlanNotFound
from planner.store.records import (
    PlanInfo,
    Revision,
    RevisionInfo,
    load_content,
    plan_info_from_row,
    revision_from_row,
    revision_info_from_row,
)
from planner.store.tables import plans, revisions

__all__ = ["StoreReading"]


class StoreReading(StoreConnection):
    """Read plans, revisions and history; nothing here writes."""

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
        revision = revision_from_row(row)
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
        return revision_from_row(row)

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
        return [revision_info_from_row(row) for row in rows]

    def list_plans(self, *, include_deleted: bool = False) -> list[PlanInfo]:
        """Return the plans, most recently saved first; those in the bin only when asked."""
        query = select(plans).order_by(plans.c.updated_at.desc(), plans.c.name, plans.c.id)
        if not include_deleted:
            query = query.where(plans.c.deleted_at.is_(None))
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [plan_info_from_row(row) for row in rows]

    def count_revisions(self) -> int:
        """Return how many revisions the store holds, all plans together."""
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(revisions)).scalar_one())

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
        return load_content(self._content(plan_id, number))

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
