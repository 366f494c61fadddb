"""The access rules in SQL: a user's role on a plan, the plans they may see, the audit trail.

Owns the functions that read ``plan_owners`` and ``plan_shares`` inside a caller's transaction
(``role_in``, ``require``, ``visible``), the one way to write an audit entry (``record``) and
to read them back (``audit_entries``), and the values handed back (``SharedPlan``,
``AuditEntry``). ``AccessStore`` and the guarded store call these inside their own
transactions, so a check and the change it allows commit together.

The rules, in order: an admin is the owner of every plan; the owner is the owner; a plan
without an owner row is *unclaimed* and every user is its editor; otherwise the best of the
user's e-mail share and their domain's share, or nothing.

Imports: SQLAlchemy and the store's ``tables``, ``errors``, ``records`` and ``identity``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from planner.store.errors import NotPlanOwner, PlanNotShared, PlanReadOnly
from planner.store.identity import Role, User, principals_of
from planner.store.records import PlanInfo, now, plan_info_from_row, utc
from planner.store.tables import plan_audit, plan_owners, plan_shares, plans

__all__ = [
    "AuditEntry",
    "SharedPlan",
    "audit_entries",
    "owner_in",
    "record",
    "require",
    "role_in",
    "visible",
]


@dataclass(frozen=True, slots=True)
class SharedPlan:
    """A plan the user may see: the plan list's line, its owner (None: unclaimed), their role."""

    info: PlanInfo
    owner: str | None
    role: Role


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """Who did what to a plan, and when (UTC).

    ``action`` is one of create, import, duplicate, save, restore, delete, recover, share,
    unshare, transfer, claim; ``detail`` says what it was about (``{"revision": 3}``,
    ``{"principal": "@example.com", "role": "viewer"}``, ``{"from": …, "to": …}``).
    """

    id: int
    plan_id: str
    at: datetime
    actor: str
    action: str
    detail: Mapping[str, Any]


def owner_in(
    connection: Connection, plan_id: str, *, lock: bool = False
) -> tuple[bool, str | None]:
    """Whether the plan exists, and its owner (None: unclaimed).

    With ``lock``, the plan's row stays locked until the transaction ends (PostgreSQL; SQLite's
    write transactions hold the whole database), so that the rules read here still hold when
    the change they allow commits.
    """
    query = select(plans.c.id).where(plans.c.id == plan_id)
    if lock and connection.dialect.name != "sqlite":
        query = query.with_for_update()
    if connection.execute(query).first() is None:
        return False, None
    owner = connection.execute(
        select(plan_owners.c.owner).where(plan_owners.c.plan_id == plan_id)
    ).scalar_one_or_none()
    return True, owner


def role_in(connection: Connection, user: User, plan_id: str, *, lock: bool = False) -> Role | None:
    """The user's role on the plan, or None when it does not exist or is not shared with them."""
    exists, owner = owner_in(connection, plan_id, lock=lock)
    if not exists:
        return None
    if user.admin or owner == user.email:
        return Role.OWNER
    best = Role.EDITOR if owner is None else None
    shared = connection.execute(
        select(plan_shares.c.role).where(
            plan_shares.c.plan_id == plan_id,
            plan_shares.c.principal.in_(principals_of(user.email)),
        )
    ).scalars()
    for value in shared:
        role = Role(value)
        best = role if best is None or role > best else best
    return best


def require(
    connection: Connection, user: User, plan_id: str, needed: Role, *, lock: bool = False
) -> Role:
    """Return the user's role on the plan if it is at least ``needed``.

    Raises:
        PlanNotShared: no such plan, or not shared with the user.
        PlanReadOnly: ``needed`` is editor and the user is a viewer.
        NotPlanOwner: ``needed`` is owner and the user is not.
    """
    role = role_in(connection, user, plan_id, lock=lock)
    if role is None:
        raise PlanNotShared(plan_id)
    if role >= needed:
        return role
    if needed is Role.EDITOR:
        raise PlanReadOnly(plan_id)
    _, owner = owner_in(connection, plan_id)
    raise NotPlanOwner(plan_id, owner=owner or "")


def visible(connection: Connection, user: User, *, include_deleted: bool) -> list[SharedPlan]:
    """The plans the user may see, most recently saved first, with their owner and the role."""
    principals = principals_of(user.email)
    query = (
        select(plans, plan_owners.c.owner)
        .select_from(plans.outerjoin(plan_owners, plan_owners.c.plan_id == plans.c.id))
        .order_by(plans.c.updated_at.desc(), plans.c.name, plans.c.id)
    )
    if not include_deleted:
        query = query.where(plans.c.deleted_at.is_(None))
    shares: dict[str, Role] = {}
    if not user.admin:
        shared_ids = select(plan_shares.c.plan_id).where(plan_shares.c.principal.in_(principals))
        query = query.where(
            or_(
                plan_owners.c.owner.is_(None),
                plan_owners.c.owner == user.email,
                plans.c.id.in_(shared_ids),
            )
        )
        for plan_id, value in connection.execute(
            select(plan_shares.c.plan_id, plan_shares.c.role).where(
                plan_shares.c.principal.in_(principals)
            )
        ):
            role = Role(value)
            shares[plan_id] = max(role, shares.get(plan_id, role))
    found: list[SharedPlan] = []
    for row in connection.execute(query):
        if user.admin or row.owner == user.email:
            role = Role.OWNER
        elif row.owner is None:
            role = max(Role.EDITOR, shares.get(row.id, Role.EDITOR))
        elif row.id in shares:
            role = shares[row.id]
        else:  # shared between the two reads (PostgreSQL reads each at its own commit point)
            continue
        found.append(SharedPlan(plan_info_from_row(row), row.owner, role))
    return found


def record(
    connection: Connection, plan_id: str, actor: str, action: str, detail: Mapping[str, Any]
) -> None:
    """Write one audit entry, in the caller's transaction."""
    connection.execute(
        insert(plan_audit).values(
            plan_id=plan_id,
            at=now(),
            actor=actor,
            action=action,
            detail=json.dumps(dict(detail), sort_keys=True),
        )
    )


def audit_entries(connection: Connection, plan_id: str) -> list[AuditEntry]:
    """A plan's audit entries, newest first."""
    rows = connection.execute(
        select(plan_audit).where(plan_audit.c.plan_id == plan_id).order_by(plan_audit.c.id.desc())
    )
    return [
        AuditEntry(
            id=row.id,
            plan_id=row.plan_id,
            at=utc(row.at),
            actor=row.actor,
            action=row.action,
            detail=json.loads(row.detail),
        )
        for row in rows
    ]
