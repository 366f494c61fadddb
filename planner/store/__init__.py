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
migration (Alembic) can tell where a database stands; see ``docs/deploy.md``. Version 2 added the
live workshop's tables (``live_*``, written by ``planner.live.LiveStore``, see ``docs/live.md``);
version 3 the access tables (``plan_owners``, ``plan_shares``, ``plan_audit``, written by
``AccessStore``, see ``docs/deploy.md``); opening an older database creates the missing tables
and records the current version, and its plans stay unclaimed (shared with every user as editor
until someone claims them).

With sign-in, the app reaches plans only through ``AccessStore.for_user(user)``: a
``GuardedStore`` with the same reads and writes, each checked against the user's role (owner >
editor > viewer) and audited. Without it (laptop mode), ``PlanStore`` is used as is.

One module per concern, each importing only those listed before it:

- ``tables``: the SQL tables (the plan store's and the live workshop's), ``metadata`` and
  ``SCHEMA_VERSION``.
- ``errors``: ``PlanNotFound``, ``PlanInBin``, ``PlanConflict``, ``StoreSchemaError``.
- ``changes``: what changed between two plans (``summarise_changes``).
- ``records``: the values handed back (``Revision``, ``RevisionInfo``, ``PlanInfo``) and how a
  row becomes one.
- ``connection``: engine, pool, transactions, the schema on first use.
- ``reading``, ``bin``, ``writing``: the parts of ``PlanStore``, assembled in ``plan_store``.
- ``identity``: ``User``, ``Role`` and the normal form of e-mails and ``@domain`` principals.
- ``sharing``: the access rules in SQL, ``SharedPlan`` and ``AuditEntry``.
- ``guarded``: ``GuardedStore``, the plan store as one user may use it.
- ``access``: ``AccessStore``: owners, shares, claims, transfers, audit; ``for_user``.

Errors, all ``PlannerError`` subclasses:

- ``PlanNotFound``: no plan (or no revision) with that id or number.
- ``PlanInBin``: the plan is in the bin; recover it before changing it.
- ``PlanConflict``: someone saved the plan since the revision the change was based on.
- ``StoreSchemaError``: the database was made by a newer Totem.
- ``PlanNotShared`` (a ``PlanNotFound``): no such plan, or not shared with the user (one
  message for both). ``PlanReadOnly``: a viewer's change. ``NotPlanOwner``: sharing, handing
  over or binning by someone other than the owner, or claiming an owned plan.
  ``BadPrincipal``: not an e-mail address (or ``@domain``).

Example::

    >>> store = PlanStore("sqlite://")
    >>> first = store.create(Plan(schema_version=2, name="Launch"), author="Ana", note="")
    >>> store.latest(first.plan_id).number
    1
"""

from planner.store.access import AccessStore
from planner.store.changes import CHANGE_SECTIONS, summarise_changes
from planner.store.connection import DEFAULT_SQLITE_PATH, ENV_POOL_SIZE, ENV_URL
from planner.store.errors import (
    BadPrincipal,
    NotPlanOwner,
    PlanConflict,
    PlanInBin,
    PlanNotFound,
    PlanNotShared,
    PlanReadOnly,
    StoreSchemaError,
)
from planner.store.guarded import GuardedStore
from planner.store.identity import Role, User
from planner.store.plan_store import PlanStore
from planner.store.records import PlanInfo, Revision, RevisionInfo, RevisionKind
from planner.store.sharing import AuditEntry, SharedPlan
from planner.store.tables import SCHEMA_VERSION, metadata

__all__ = [
    "CHANGE_SECTIONS",
    "DEFAULT_SQLITE_PATH",
    "ENV_POOL_SIZE",
    "ENV_URL",
    "SCHEMA_VERSION",
    "AccessStore",
    "AuditEntry",
    "BadPrincipal",
    "GuardedStore",
    "NotPlanOwner",
    "PlanConflict",
    "PlanInBin",
    "PlanInfo",
    "PlanNotFound",
    "PlanNotShared",
    "PlanReadOnly",
    "PlanStore",
    "Revision",
    "RevisionInfo",
    "RevisionKind",
    "Role",
    "SharedPlan",
    "StoreSchemaError",
    "User",
    "metadata",
    "summarise_changes",
]
