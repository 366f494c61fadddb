"""The bin: deleting a plan only marks it, and recovering it clears the mark.

Owns ``StoreBin``, the part of ``PlanStore`` that sets and clears ``plans.deleted_at``. A plan
in the bin keeps every revision and can still be read; writing refuses it (``PlanInBin``).

Imports: SQLAlchemy and the store's ``connection``, ``tables``, ``errors`` and ``records``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from planner.store.connection import StoreConnection
from planner.store.errors import PlanNotFound
from planner.store.records import now
from planner.store.tables import plans

__all__ = ["StoreBin"]


class StoreBin(StoreConnection):
    """Move plans to the bin and back; nothing is ever destroyed."""

    def delete(self, plan_id: str) -> None:
        """Move a plan to the bin; its revisions stay and ``recover`` brings it back."""
        self._set_deleted(plan_id, now())

    def recover(self, plan_id: str) -> None:
        """Take a plan out of the bin."""
        self._set_deleted(plan_id, None)

    def _set_deleted(self, plan_id: str, when: datetime | None) -> None:
        with self._write() as connection:
            column = plans.c.deleted_at
            condition = column.is_(None) if when is not None else column.is_not(None)
            changed = connection.execute(
                update(plans).where(plans.c.id == plan_id, condition).values(deleted_at=when)
            ).rowcount
            exists = connection.execute(select(plans.c.id).where(plans.c.id == plan_id)).first()
            if exists is None:
                raise PlanNotFound(plan_id)
            if changed:
                self._on_written(connection, plan_id, "delete" if when else "recover", None)
