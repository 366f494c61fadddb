"""The store's errors, all ``PlannerError`` subclasses with a ``Message`` for the UI.

- ``PlanNotFound``: no plan (or no revision) with that id or number.
- ``PlanInBin``: the plan is in the bin; recover it before changing it.
- ``PlanConflict``: someone saved the plan since the revision the change was based on.
- ``StoreSchemaError``: the database was made by a newer Totem.

Imports: ``planner.errors``, ``planner.i18n`` and, for the supported version, the store's
``tables``.
"""

from __future__ import annotations

from datetime import datetime

from planner.errors import PlannerError
from planner.i18n import Message
from planner.store.tables import SCHEMA_VERSION

__all__ = ["PlanConflict", "PlanInBin", "PlanNotFound", "StoreSchemaError"]


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
