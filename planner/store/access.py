"""``AccessStore``: plan owners, sharing and the audit trail, enforced by the store.

Owns the calls that change who may reach a plan (``share``, ``unshare``, ``transfer``,
``claim``; ``set_owner``, ``set_share`` and ``remove_share`` for admins and migrations), the
questions about it (``role``, ``visible_plans``, ``owner``, ``shares``, ``audit``) and the guarded
view of the plan store for one user (``for_user``, see ``planner.store.guarded``). It shares a
``PlanStore``'s engine, as ``planner.live.LiveStore`` does. Each change checks the actor's
role (the admin calls check none) and writes its audit entry in the same transaction, with the
plan's row locked (PostgreSQL) or the database's write lock held (SQLite).

Rules (``planner.store.sharing``): an admin is the owner of every plan; a plan's owner shares
it with an e-mail address or a whole ``@domain`` as editor or viewer, and may hand it over
(the previous owner stays an editor); the best of a user's e-mail share and domain share
counts. A plan without an owner (every plan stored before schema version 3, and those made in
laptop mode) is *unclaimed*: every user is its editor until one of them claims it, or an admin
gives it an owner with ``set_owner``.

Laptop mode (no sign-in) never calls this module: ``PlanStore`` works as before.

Imports: SQLAlchemy and the store's ``plan_store``, ``connection``, ``errors``, ``records``,
``tables``, ``identity``, ``sharing`` and ``guarded``.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from planner.store.connection import StoreConnection
from planner.store.errors import NotPlanOwner, PlanNotFound, PlanNotShared
from planner.store.guarded import GuardedStore
from planner.store.identity import Role, User, normalise_email, normalise_principal
from planner.store.plan_store import PlanStore
from planner.store.records import now
from planner.store.sharing import (
    AuditEntry,
    SharedPlan,
    audit_entries,
    owner_in,
    record,
    require,
    role_in,
    visible,
)
from planner.store.tables import plan_owners, plan_shares

__all__ = ["AccessStore"]


class AccessStore(StoreConnection):
    """Owners, shares and audit of the plan store's plans.

    Args:
        source: a ``PlanStore`` whose engine this store shares (closing this store then leaves
            it open), or a SQLAlchemy URL (this store then opens its own ``PlanStore``).

    Example::

        >>> plans = PlanStore("sqlite://")
        >>> access = AccessStore(plans)
        >>> ana = User("ana@example.com", "Ana")
        >>> plan_id = access.for_user(ana).create(Plan(schema_version=2, name="L")).plan_id
        >>> access.share(ana, plan_id, "@example.com", Role.VIEWER)
        >>> access.role(User("ben@example.com"), plan_id)
        <Role.VIEWER: 'viewer'>
    """

    def __init__(self, source: str | PlanStore) -> None:
        self._owns_plans = not isinstance(source, PlanStore)
        self.plans = PlanStore(source) if isinstance(source, str) else source
        self.dialect = self.plans.dialect
        self.engine = self.plans.engine
        self._known = {}

    def close(self) -> None:
        """Close the plan store, when this store opened it."""
        if self._owns_plans:
            self.plans.close()

    def for_user(self, user: User) -> GuardedStore:
        """The plan store as ``user`` may use it (see ``GuardedStore``)."""
        return GuardedStore(self.plans, user)

    def role(self, user: User, plan_id: str) -> Role | None:
        """The user's role on a plan, or None when it is not shared with them (or is unknown)."""
        with self._read() as connection:
            return role_in(connection, user, plan_id)

    def visible_plans(self, user: User, *, include_deleted: bool = False) -> list[SharedPlan]:
        """The plans the user may see, most recently saved first, with owner and role."""
        with self._read() as connection:
            return visible(connection, user, include_deleted=include_deleted)

    def audit(self, plan_id: str) -> list[AuditEntry]:
        """Who did what to a plan, newest first (no check: ``for_user(…).audit`` checks)."""
        with self._read() as connection:
            return audit_entries(connection, plan_id)

    def share(self, user: User, plan_id: str, principal: str, role: Role | str) -> None:
        """Share a plan with an e-mail address or ``@domain`` as editor or viewer.

        Sharing again with the same principal replaces its role.

        Raises:
            BadPrincipal: ``principal`` is neither. ValueError: ``role`` is not editor or viewer.
            PlanNotShared: no such plan, or not shared with the user. NotPlanOwner: the user is
            not its owner (nor an admin).
        """
        who, granted = _share_of(principal, role)
        with self._write() as connection:
            require(connection, user, plan_id, Role.OWNER, lock=True)
            self._share(connection, plan_id, who, granted, actor=user.email)

    def unshare(self, user: User, plan_id: str, principal: str) -> bool:
        """Withdraw a share; return whether there was one. Raises as ``share``."""
        who = normalise_principal(principal)
        with self._write() as connection:
            require(connection, user, plan_id, Role.OWNER, lock=True)
            return self._unshare(connection, plan_id, who, actor=user.email)

    def owner(self, plan_id: str) -> str | None:
        """A plan's owner, or None when it is unclaimed (no check; for admins).

        Raises:
            PlanNotFound: no such plan.
        """
        with self._read() as connection:
            exists, owner = owner_in(connection, plan_id)
        if not exists:
            raise PlanNotFound(plan_id)
        return owner

    def shares(self, plan_id: str) -> dict[str, Role]:
        """A plan's shares, principal to role, sorted by principal (no check; for admins).

        Raises:
            PlanNotFound: no such plan.
        """
        with self._read() as connection:
            exists, _ = owner_in(connection, plan_id)
            if not exists:
                raise PlanNotFound(plan_id)
            rows = connection.execute(
                select(plan_shares.c.principal, plan_shares.c.role)
                .where(plan_shares.c.plan_id == plan_id)
                .order_by(plan_shares.c.principal)
            )
            return {principal: Role(value) for principal, value in rows}

    def set_share(self, plan_id: str, principal: str, role: Role | str, *, actor: str) -> None:
        """Share a plan as ``share`` does, whoever owns it: for admins (no role check).

        ``actor`` is who asks, as the audit shows it (see ``set_owner``).

        Raises:
            PlanNotFound: no such plan. BadPrincipal, ValueError: as ``share``.
        """
        who, granted = _share_of(principal, role)
        with self._write() as connection:
            self._require_plan(connection, plan_id)
            self._share(connection, plan_id, who, granted, actor=actor)

    def remove_share(self, plan_id: str, principal: str, *, actor: str) -> bool:
        """Withdraw a share as ``unshare`` does, for admins (no role check); say if there was one.

        Raises:
            PlanNotFound: no such plan. BadPrincipal: as ``share``.
        """
        who = normalise_principal(principal)
        with self._write() as connection:
            self._require_plan(connection, plan_id)
            return self._unshare(connection, plan_id, who, actor=actor)

    def transfer(self, user: User, plan_id: str, new_owner: str) -> None:
        """Hand a plan over to ``new_owner``; the previous owner stays an editor.

        Raises:
            BadPrincipal: ``new_owner`` is not an e-mail address. PlanNotShared, NotPlanOwner:
            as ``share``.
        """
        new = normalise_email(new_owner)
        with self._write() as connection:
            require(connection, user, plan_id, Role.OWNER, lock=True)
            self._set_owner(connection, plan_id, new, actor=user.email)

    def claim(self, user: User, plan_id: str) -> None:
        """Become the owner of an unclaimed plan.

        Raises:
            PlanNotShared: no such plan, or not shared with the user.
            NotPlanOwner: the plan has an owner already (``claimed`` is set).
        """
        with self._write() as connection:
            if role_in(connection, user, plan_id, lock=True) is None:
                raise PlanNotShared(plan_id)
            _, owner = owner_in(connection, plan_id)
            if owner is not None:
                raise NotPlanOwner(plan_id, owner=owner, claimed=True)
            connection.execute(
                insert(plan_owners).values(plan_id=plan_id, owner=user.email, since=now())
            )
            record(connection, plan_id, user.email, "claim", {})

    def set_owner(self, plan_id: str, owner: str, *, actor: str) -> None:
        """Give a plan an owner, whoever had it: for admins and migrations (no role check).

        ``actor`` is who asks, as the audit shows it (an e-mail, or e.g. ``"migration"``).

        Raises:
            PlanNotFound: no such plan. BadPrincipal: ``owner`` is not an e-mail address.
        """
        new = normalise_email(owner)
        with self._write() as connection:
            self._require_plan(connection, plan_id)
            self._set_owner(connection, plan_id, new, actor=actor)

    @staticmethod
    def _require_plan(connection: Connection, plan_id: str) -> None:
        """Lock the plan's row (as ``owner_in``), or raise ``PlanNotFound``."""
        exists, _ = owner_in(connection, plan_id, lock=True)
        if not exists:
            raise PlanNotFound(plan_id)

    @staticmethod
    def _share(connection: Connection, plan_id: str, who: str, role: Role, *, actor: str) -> None:
        AccessStore._grant(connection, plan_id, who, role, actor)
        record(connection, plan_id, actor, "share", {"principal": who, "role": role.value})

    @staticmethod
    def _unshare(connection: Connection, plan_id: str, who: str, *, actor: str) -> bool:
        removed = connection.execute(
            delete(plan_shares).where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.principal == who
            )
        ).rowcount
        if removed:
            record(connection, plan_id, actor, "unshare", {"principal": who})
        return bool(removed)

    @staticmethod
    def _set_owner(connection: Connection, plan_id: str, new: str, *, actor: str) -> None:
        _, old = owner_in(connection, plan_id)
        connection.execute(delete(plan_owners).where(plan_owners.c.plan_id == plan_id))
        connection.execute(insert(plan_owners).values(plan_id=plan_id, owner=new, since=now()))
        # The owner needs no share of their own; the previous one keeps editing.
        connection.execute(
            delete(plan_shares).where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.principal == new
            )
        )
        if old is not None and old != new:
            AccessStore._grant(connection, plan_id, old, Role.EDITOR, actor)
        record(connection, plan_id, actor, "transfer", {"from": old, "to": new})

    @staticmethod
    def _grant(connection: Connection, plan_id: str, who: str, role: Role, by: str) -> None:
        connection.execute(
            delete(plan_shares).where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.principal == who
            )
        )
        connection.execute(
            insert(plan_shares).values(
                plan_id=plan_id, principal=who, role=role.value, granted_by=by, granted_at=now()
            )
        )


def _share_of(principal: str, role: Role | str) -> tuple[str, Role]:
    """A share's principal in its stored form and its role; owner is not a share's role."""
    who = normalise_principal(principal)
    granted = Role(role)
    if granted is Role.OWNER:
        raise ValueError("a plan has one owner: use transfer() to hand it over")
    return who, granted
