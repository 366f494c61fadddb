"""Plans the session may only read: whether the plan in hand is one, and saying so.

Owns :func:`read_only` — True only when sign-in is configured, a user is signed in and their
role on the stored plan in hand is below editor (a preview, not stored yet, is never read-only)
— which every widget that changes the plan passes as ``disabled``, and :func:`read_only_notice`,
the lines at the top of each plan page telling a viewer what they may do. The store is asked
once per full run, by the router (:func:`check_access`, before any page is drawn, which also
puts down a plan no longer shared with the user); the widgets of that run, and of the parts
that rerun alone after it (:mod:`workbook.parts`), read the answer kept in session state. The
store still refuses a viewer's save whatever the widgets do.
Imports ``planner.store``, ``workbook.auth``, ``workbook.persistence``, ``workbook.steps`` and
``workbook.text``.
"""

from __future__ import annotations

import streamlit as st

from planner.store.identity import Role
from workbook.auth import SignedInStore, auth_enabled, signed_in_user
from workbook.persistence import put_down_plan, session_store
from workbook.steps import page_path
from workbook.text import t

#: Session key: ``((e-mail, plan_id), read_only)`` as the store answered on the page's last
#: full run.
_ANSWER = "readonly_answer"


def _question() -> tuple[str, str] | None:
    """Who asks about which plan: the signed-in user's e-mail and the stored plan in hand's id.

    None in laptop mode, signed out, or for a preview (no id yet): never read-only.
    """
    plan_id = st.session_state.get("plan_id")
    user = signed_in_user() if plan_id and auth_enabled() else None
    return None if user is None else (user.email, str(plan_id))


def _ask(question: tuple[str, str]) -> Role | None:
    """Ask the store for the user's role on the plan; keep whether it is read-only, and return
    the role (None when the plan is not shared with the user, or gone).

    No role at all counts as read-only: the store would refuse any change to the plan.
    """
    store = session_store()
    plan_id = question[1]
    role = store.guarded.role(plan_id) if isinstance(store, SignedInStore) else Role.OWNER
    st.session_state[_ANSWER] = (question, role is None or role < Role.EDITOR)
    return role


def read_only() -> bool:
    """Whether the session may only read the plan in hand: pass it as a widget's ``disabled``.

    False in laptop mode, for a preview and for an editor or the owner. Reads the answer the
    page's notice got from the store on this run (see :func:`read_only_notice`); asks the
    store only for a plan it has not asked about yet.
    """
    question = _question()
    if question is None:
        return False
    known = st.session_state.get(_ANSWER)
    if not (isinstance(known, tuple) and known[0] == question):
        _ask(question)
    return bool(st.session_state[_ANSWER][1])


def check_access() -> None:
    """The router's question to the store, once per full run, before any page is drawn.

    Asks the user's role on the plan in hand afresh (the page's widgets then read the answer,
    so a role the owner changed shows on the next run). When the plan is no longer shared with
    the user, or is gone, the session puts it down and the start page says why; unless a
    change of theirs is waiting in the conflict box, which then offers to keep it as a copy.
    """
    question = _question()
    if question is None:
        return
    if _ask(question) is None and not st.session_state.get("conflict"):
        put_down_plan()
        st.session_state["start_notice"] = "ui.readonly.withdrawn"


def read_only_notice() -> None:
    """At the top of a plan page: tell a viewer what they may do (see :func:`check_access`).

    :func:`workbook.frame.page_header` draws it for the steps; a page without that header calls
    it first, before any widget.
    """
    if not read_only():
        return
    st.info(
        t(
            "ui.readonly.notice",
            variant=t("ui.plans.duplicate"),
            page=t("ui.page.plans.title"),
        ),
        icon=":material/visibility:",
    )
    st.page_link(page_path("plans"), label=t("ui.readonly.plans_link"), icon=":material/file_copy:")
