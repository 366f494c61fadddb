"""Who did what to the plan in hand, signed in: the audit as sentences, and who is who.

Owns the audit drawn under the Plans page's history (newest first, the newest
:data:`AUDIT_SHOWN` in an expander, the older ones on demand) and the way a person is written
in Markdown next to their e-mail address: ``**Name** (e-mail)``, the name coming only from
revisions the audit says that address signed, or from the user's own sign-in, never from a
name typed in laptop mode. Nothing is drawn in laptop mode. Identity texts reach Markdown
through ``workbook.text``. Imports ``planner.store``, ``workbook.auth``,
``workbook.persistence`` and ``workbook.text``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from planner.store import PlanNotFound, RevisionInfo
from planner.store.access import AccessStore
from planner.store.identity import User
from planner.store.sharing import AuditEntry
from workbook.auth import signed_in_user
from workbook.persistence import plan_store
from workbook.text import Markdown, has_text, md, moment, t

PAGE = "plans"
#: Set when the user asked for the whole audit; forgotten when another plan is opened.
_AUDIT_ALL = f"{PAGE}_audit_all"
#: Audit entries shown before "show the older ones".
AUDIT_SHOWN = 20
#: A revision's author as a signed-in session writes it (``User.author``).
_AUTHOR = re.compile(r"(?P<name>.*\S) <(?P<email>[^<>\s]+)>")


# --------------------------------------------------------------------------------------------
# People: an e-mail with the name its owner signed in with


def signed_names(
    history: Sequence[RevisionInfo], entries: Sequence[AuditEntry], user: User
) -> dict[str, str]:
    """E-mail → name, from the revisions each address signed according to the audit.

    Only a revision whose audit entry has the same author's e-mail lends a name, so an author
    typed in laptop mode ("Mallory <bob@example.org>") names nobody; the user's own name comes
    from their sign-in.
    """
    authors = {revision.number: revision.author for revision in history}
    names: dict[str, str] = {}
    for entry in entries:  # newest first: the newest name wins
        number = entry.detail.get("revision")
        match = _AUTHOR.fullmatch(authors.get(number, "")) if isinstance(number, int) else None
        if match and match["email"] == entry.actor:
            names.setdefault(entry.actor, match["name"])
    if user.name:
        names[user.email] = user.name
    return names


def person_md(email: str, names: Mapping[str, str]) -> Markdown:
    """``**Name** (e-mail)`` for Markdown, or the bare e-mail when no name is known."""
    name = names.get(email)
    if name:
        return md("ui.sharing.person", name=name, email=email)
    return md("ui.sharing.person_email", email=email)


def principal_md(principal: str, names: Mapping[str, str]) -> Markdown:
    """A share's principal for Markdown: a person, or everyone of an ``@domain``."""
    if principal.startswith("@"):
        return md("ui.sharing.domain", domain=principal)
    return person_md(principal, names)


# --------------------------------------------------------------------------------------------
# The audit, under the plan's history


def audit_trail(
    plan_id: str | None, history: Sequence[RevisionInfo], plan_names: Mapping[str, str]
) -> None:
    """Draw who did what to the stored plan in hand, newest first, in an expander.

    The newest :data:`AUDIT_SHOWN` entries, and a button for the older ones. Draws nothing in
    laptop mode or for a preview.

    Args:
        plan_id: the plan in hand's id (None: a preview).
        history: its revisions (they say which revision a restore copied, and who signed each).
        plan_names: the names of the plans the user may see, by id (a copy's source).
    """
    user = signed_in_user()
    if user is None or plan_id is None:
        return
    try:
        entries = AccessStore(plan_store()).for_user(user).audit(plan_id)
    except PlanNotFound:  # not shared (any more): the page says so elsewhere
        return
    names = signed_names(history, entries, user)
    restored = {revision.number: revision.restored_from for revision in history}
    shown = entries if st.session_state.get(_AUDIT_ALL) else entries[:AUDIT_SHOWN]
    with st.expander(t("ui.sharing.audit.title", count=len(entries)), icon=":material/policy:"):
        st.caption(t("ui.sharing.audit.help" if entries else "ui.sharing.audit.empty"))
        if shown:
            with st.container(height=min(420, 24 + 36 * len(shown)), key=f"{PAGE}_audit"):
                for entry in shown:
                    sentence = _sentence(entry, names, restored, plan_names)
                    st.markdown(
                        md("ui.sharing.audit.line", time=moment(entry.at), sentence=sentence)
                    )
        if len(entries) > len(shown):
            st.button(
                t("ui.sharing.audit.more", count=len(entries) - len(shown)),
                key=f"{PAGE}_audit_more",
                icon=":material/expand_more:",
                on_click=_show_whole_audit,
            )


def _show_whole_audit() -> None:
    st.session_state[_AUDIT_ALL] = True


def _sentence(
    entry: AuditEntry,
    names: Mapping[str, str],
    restored: Mapping[int, int | None],
    plan_names: Mapping[str, str],
) -> Markdown:
    """One audit entry as a sentence: who (name and e-mail) did what."""
    detail = entry.detail
    revision = detail.get("revision")
    key = f"ui.sharing.audit.{entry.action}"
    params: dict[str, Any] = {"who": person_md(entry.actor, names), "revision": revision}
    if entry.action == "import" and revision == 1:
        key = "ui.sharing.audit.import_new"
    elif entry.action == "restore":
        params["restored"] = restored.get(revision) if isinstance(revision, int) else None
        if params["restored"] is None:
            key = "ui.sharing.audit.restore_unknown"
    elif entry.action == "duplicate":
        params["source"] = plan_names.get(str(detail.get("from")))
        if params["source"] is None:
            key = "ui.sharing.audit.duplicate_unknown"
    elif entry.action in ("share", "unshare"):
        params["principal"] = principal_md(str(detail.get("principal", "")), names)
        if entry.action == "share":
            key = f"ui.sharing.audit.share.{detail.get('role')}"
    elif entry.action == "transfer":
        params["to"] = person_md(str(detail.get("to", "")), names)
        previous = detail.get("from")
        if previous is None:
            key = "ui.sharing.audit.transfer_unclaimed"
        elif previous != entry.actor:
            key = "ui.sharing.audit.transfer_given"
            params["previous"] = person_md(str(previous), names)
    if not has_text(key):  # an action this Totem does not know yet: say it as stored
        key, params = "ui.sharing.audit.other", {"who": params["who"], "action": entry.action}
    return md(key, **params)
