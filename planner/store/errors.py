"""The store's errors, all ``PlannerError`` subclasses with a ``Message`` for the UI.

- ``PlanNotFound``: no plan (or no revision) with that id or number.
- ``PlanInBin``: the plan is in the bin; recover it before changing it.
- ``PlanConflict``: someone saved the plan since the revision the change was based on.
- ``StoreSchemaError``: the database was made by a newer Totem.
- ``PlanNotShared`` (a ``PlanNotFound``): the plan does not exist or is not shared with the
  user; the same message either way, so a guessed id reveals nothing.
- ``PlanReadOnly``: the user may read the plan but not change it (a viewer).
- ``NotPlanOwner``: only the plan's owner may share it, hand it over or move it to the bin; or
  the plan to claim has an owner already.
- ``BadPrincipal``: not an e-mail address (nor an ``@domain`` where one is allowed).

Imports: ``planner.errors``, ``planner.i18n`` and, for the supported version, the store's
``tables``.
"""

from __future__ import annotations

from datetime import datetime

from planner.errors import PlannerError
from planner.i18n import Message
from planner.store.tables import SCHEMA_VERSION

__all__ = [
    "BadPrincipal",
    "NotPlanOwner",
    "PlanConflict",
    "PlanInBin",
    "PlanNotFound",
    "PlanNotShared",
    "PlanReadOnly",
    "StoreSchemaError",
]


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


class PlanNotShared(PlanNotFound):
    """No such plan, or not shared with the user: the two are told apart by nobody.

    A ``PlanNotFound``, so the pages that handle an unknown plan handle this one the same way.
    """

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id)
        self.message = Message("access.not_shared", {"plan_id": plan_id})
        self.args = (f"no plan with id {plan_id!r} is shared with you",)


class PlanReadOnly(PlannerError):
    """The user may read the plan but not change it."""

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        self.message = Message("access.read_only", {"plan_id": plan_id})
        super().__init__(
            f"plan {plan_id!r} is shared with you to read only; ask its owner for editor rights"
        )


class NotPlanOwner(PlannerError):
    """Only the owner may do this; or, with ``claimed``, the plan has an owner already.

    Attributes:
        plan_id: the plan.
        owner: its owner's e-mail address (empty for an unclaimed plan).
        claimed: the refused action was a claim.
    """

    def __init__(self, plan_id: str, *, owner: str, claimed: bool = False) -> None:
        self.plan_id = plan_id
        self.owner = owner
        self.claimed = claimed
        if claimed:
            self.message = Message("access.already_owned", {"owner": owner})
            text_ = f"plan {plan_id!r} already belongs to {owner}; ask them to share it"
        else:
            self.message = Message("access.not_owner", {"owner": owner or "—"})
            text_ = (
                f"only the owner of plan {plan_id!r} ({owner or 'nobody yet: claim it'}) "
                "can share it, hand it over or move it to the bin"
            )
        super().__init__(text_)


class BadPrincipal(PlannerError):
    """Not an e-mail address, nor (where a share allows it) an ``@domain``."""

    def __init__(self, value: str, *, domain_allowed: bool) -> None:
        self.value = value
        key = "access.bad_principal" if domain_allowed else "access.bad_email"
        self.message = Message(key, {"value": value})
        expected = "name@example.com or @example.com" if domain_allowed else "name@example.com"
        super().__init__(f"{value!r} is not an e-mail address; write {expected}")
