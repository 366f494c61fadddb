"""``GuardedStore``: the plan store as one signed-in user may use it.

Owns the guarded view of ``PlanStore`` that ``AccessStore.for_user`` hands out: the same reads
and writes, each checking the user's role first (viewers read; editors also save, restore and
import; owners also move to the bin and back; anyone else gets ``PlanNotShared``, worded as for
an unknown id). Revisions are signed with the user's identity, never a typed name. Every write
checks the role again and writes its audit entry inside its own transaction (through the
store's ``_on_written`` hook, after the plan's row is locked), so a share withdrawn meanwhile
refuses the change, and no change commits without its entry. A plan created, imported or
duplicated belongs to the user who made it.

Imports: SQLAlchemy, ``planner.models`` and the store's ``plan_store``, ``connection``,
``records``, ``tables``, ``identity`` and ``sharing``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, insert

from planner.models import Plan
from planner.store.connection import StoreConnection
from planner.store.identity import Role, User
from planner.store.plan_store import PlanStore
from planner.store.records import PlanInfo, Revision, RevisionInfo, now
from planner.store.sharing import (
    AuditEntry,
    SharedPlan,
    audit_entries,
    record,
    require,
    role_in,
    visible,
)
from planner.store.tables import plan_owners

__all__ = ["GuardedStore"]

# What a write adds to its audit entry beyond the revision number (a copy's source plan). A
# context variable, so that two threads writing through one guarded store never mix them up.
_EXTRA_DETAIL: ContextVar[Mapping[str, Any] | None] = ContextVar("totem_audit_extra", default=None)
_NEW_PLAN_ACTIONS = frozenset(("create", "import", "duplicate"))
_OWNER_ACTIONS = frozenset(("delete", "recover"))


class _UserPlans(PlanStore):
    """A ``PlanStore`` over another one's engine whose writes check the user and audit."""

    def __init__(self, plans: StoreConnection, user: User) -> None:
        # No super().__init__(): that would open a second engine; this one shares the store's.
        self.dialect = plans.dialect
        self.engine = plans.engine
        # Plans are immutable values: the parsed-plan cache can be the plan store's own.
        self._known = plans._known
        self._user = user

    def close(self) -> None:
        """Leave the engine open: it belongs to the plan store."""

    def check(self, plan_id: str, needed: Role) -> Role:
        """The user's role, if at least ``needed`` (raises as ``sharing.require``)."""
        with self._read() as connection:
            return require(connection, self._user, plan_id, needed)

    def role(self, plan_id: str) -> Role | None:
        with self._read() as connection:
            return role_in(connection, self._user, plan_id)

    def visible(self, *, include_deleted: bool) -> list[SharedPlan]:
        with self._read() as connection:
            return visible(connection, self._user, include_deleted=include_deleted)

    def audit(self, plan_id: str) -> list[AuditEntry]:
        with self._read() as connection:
            require(connection, self._user, plan_id, Role.VIEWER)
            return audit_entries(connection, plan_id)

    def _on_written(
        self, connection: Connection, plan_id: str, action: str, number: int | None
    ) -> None:
        if action in _NEW_PLAN_ACTIONS and number == 1:
            connection.execute(
                insert(plan_owners).values(plan_id=plan_id, owner=self._user.email, since=now())
            )
        else:
            needed = Role.OWNER if action in _OWNER_ACTIONS else Role.EDITOR
            require(connection, self._user, plan_id, needed, lock=True)
        detail: dict[str, Any] = {} if number is None else {"revision": number}
        detail.update(_EXTRA_DETAIL.get() or {})
        record(connection, plan_id, self._user.email, action, detail)


@contextmanager
def _extra_detail(detail: Mapping[str, Any]) -> Iterator[None]:
    token = _EXTRA_DETAIL.set(detail)
    try:
        yield
    finally:
        _EXTRA_DETAIL.reset(token)


class GuardedStore:
    """The plan store's reads and writes for one user, each checked against their role.

    Get one from ``AccessStore.for_user(user)``; it holds no connection of its own and is
    cheap to make per request. Errors as ``PlanStore``'s, plus:

    Raises:
        PlanNotShared: the plan does not exist or is not shared with the user (every call).
        PlanReadOnly: a viewer's save, restore or import into the plan.
        NotPlanOwner: ``delete`` or ``recover`` by someone other than the owner.
    """

    def __init__(self, plans: PlanStore, user: User) -> None:
        self.user = user
        self._plans = _UserPlans(plans, user)

    def role(self, plan_id: str) -> Role | None:
        """The user's role on the plan, or None when they may not see it (or it does not exist)."""
        return self._plans.role(plan_id)

    # --- Reading ---------------------------------------------------------------------------

    def latest(self, plan_id: str) -> Revision:
        """The newest revision of a plan the user may see."""
        self._plans.check(plan_id, Role.VIEWER)
        return self._plans.latest(plan_id)

    def revision(self, plan_id: str, number: int) -> Revision:
        """Revision ``number`` of a plan the user may see."""
        self._plans.check(plan_id, Role.VIEWER)
        return self._plans.revision(plan_id, number)

    def history(self, plan_id: str) -> list[RevisionInfo]:
        """The revisions of a plan the user may see, newest first."""
        self._plans.check(plan_id, Role.VIEWER)
        return self._plans.history(plan_id)

    def audit(self, plan_id: str) -> list[AuditEntry]:
        """Who did what to a plan the user may see, newest first."""
        return self._plans.audit(plan_id)

    def list_plans(self, *, include_deleted: bool = False) -> list[PlanInfo]:
        """The plans the user may see, most recently saved first."""
        return [shared.info for shared in self.visible_plans(include_deleted=include_deleted)]

    def visible_plans(self, *, include_deleted: bool = False) -> list[SharedPlan]:
        """The plans the user may see, with each one's owner and the user's role."""
        return self._plans.visible(include_deleted=include_deleted)

    # --- Writing ---------------------------------------------------------------------------

    def create(self, plan: Plan, *, note: str = "") -> Revision:
        """Store ``plan`` as a new plan owned by the user; return its revision 1."""
        return self._plans.create(plan, author=self.user.author, note=note)

    def save(self, plan_id: str, plan: Plan, *, base_revision: int, note: str = "") -> Revision:
        """Append ``plan`` as the next revision (as ``PlanStore.save``), for an editor."""
        self._plans.check(plan_id, Role.EDITOR)
        return self._plans.save(
            plan_id, plan, base_revision=base_revision, author=self.user.author, note=note
        )

    def restore(self, plan_id: str, number: int, *, note: str = "") -> Revision:
        """Append a copy of revision ``number`` as the newest one, for an editor."""
        self._plans.check(plan_id, Role.EDITOR)
        return self._plans.restore(plan_id, number, author=self.user.author, note=note)

    def duplicate(self, plan_id: str, *, name: str, note: str = "") -> Revision:
        """Copy a plan the user may see into a new plan that the user owns."""
        self._plans.check(plan_id, Role.VIEWER)
        with _extra_detail({"from": plan_id}):
            return self._plans.duplicate(plan_id, name=name, author=self.user.author, note=note)

    def import_plan_file(
        self, data: bytes | str, *, lang: str = "en", into: str | None = None, note: str = ""
    ) -> Revision:
        """Store a plan file as a new plan of the user's, or as a revision of ``into`` (editor)."""
        if into is not None:
            self._plans.check(into, Role.EDITOR)
        return self._plans.import_plan_file(
            data, author=self.user.author, lang=lang, into=into, note=note
        )

    def delete(self, plan_id: str) -> None:
        """Move a plan to the bin, for its owner."""
        self._plans.check(plan_id, Role.OWNER)
        self._plans.delete(plan_id)

    def recover(self, plan_id: str) -> None:
        """Take a plan out of the bin, for its owner."""
        self._plans.check(plan_id, Role.OWNER)
        self._plans.recover(plan_id)
