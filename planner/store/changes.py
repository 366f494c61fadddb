"""What changed between two plans: the summary each revision carries into the history.

A save stores *codes* (``{"code": "added", "section": "communities", "count": 1}``) as JSON
next to the revision; the history turns them into ``store.change.*`` messages for the UI.
``change_codes`` computes the codes, ``change_message`` renders one, ``summarise_changes`` does
both for two plans in hand. All pure.

Imports: pydantic, ``planner.models`` and ``planner.i18n``; nothing else in the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from planner.i18n import Message
from planner.models import Plan

__all__ = ["CHANGE_SECTIONS", "change_codes", "change_message", "summarise_changes"]

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


def change_codes(before: Plan, after: Plan) -> list[dict[str, Any]]:
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


def change_message(code: Mapping[str, Any]) -> Message:
    """Turn one stored change code into the ``store.change.*`` message the history shows."""
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
    codes = change_codes(before, after)
    return [change_message(code) for code in codes]
