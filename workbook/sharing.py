"""Who reaches the plan in hand, signed in: its owner, its shares, and the owner's forms.

Owns the Plans page's sharing section: the owner, or "unclaimed" with a Claim button for
anyone; the shares; for the owner and administrators the forms that share with an e-mail or
``@domain``, withdraw a share and hand the plan over (behind an explicit confirmation), and for
an administrator who does not own the plan, the form that gives it an owner. Nothing is drawn
in laptop mode. Every change is asked of ``AccessStore`` as the user signed in at the click,
never on a role read earlier: the store checks again, and its refusals (``NotPlanOwner``,
``PlanNotShared``, ``BadPrincipal``) become a message naming the field, the typed text kept.
People are written as ``workbook.audit`` writes them. Imports ``planner.store``,
``workbook.audit``, ``workbook.auth``, ``workbook.persistence``, ``workbook.session`` and
``workbook.text``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Literal

import streamlit as st

from planner.store import PlanNotFound, RevisionInfo
from planner.store.access import AccessStore
from planner.store.errors import BadPrincipal, NotPlanOwner
from planner.store.identity import Role, User, normalise_email, normalise_principal
from workbook.audit import person_md, principal_md, signed_names
from workbook.auth import signed_in_user
from workbook.persistence import plan_store
from workbook.session import lang_key
from workbook.text import Markdown, labels, lang, md, render_md, t

PAGE = "plans"
#: The section's notice; not a widget key, so opening a plan does not forget it mid-way.
_NOTICE = "notice_sharing"
#: The last refusal: (the form it belongs to, the message). Forgotten once shown.
_PROBLEM = f"{PAGE}_sharing_problem"
_REFUSED = (BadPrincipal, NotPlanOwner, PlanNotFound)  # PlanNotShared is a PlanNotFound

Ownership = Literal["transfer", "give"]


def _access() -> AccessStore:
    return AccessStore(plan_store())


def withdraw_key(principal: str) -> str:
    """The key of the button that withdraws ``principal``'s share (stable, safe in CSS)."""
    return f"{PAGE}_sharing_withdraw_{hashlib.sha256(principal.encode()).hexdigest()[:12]}"


# --------------------------------------------------------------------------------------------
# Actions (callbacks: the page is drawn again after them, with the roles they leave)


def _refuse(form: str, field: str, problem: str) -> None:
    st.session_state[_PROBLEM] = (
        form,
        md("ui.sharing.problem", field=field, problem=Markdown(problem)),
    )


def _refusal(error: BadPrincipal | NotPlanOwner | PlanNotFound) -> Markdown:
    return render_md(error.message, lang())


def _sameperson(new: str, owner: str | None, user: User) -> str | None:
    """Why ``new`` cannot be given the plan or a share of it: it is the user or the owner."""
    if new == user.email:
        return t("ui.sharing.own_email")
    if new == owner:
        return md("ui.sharing.owner_email", owner=owner)
    return None


def _share(plan_id: str, principal_key: str, role_key: str) -> None:
    user = signed_in_user()
    if user is None:
        return
    typed = str(st.session_state.get(principal_key, ""))
    field = t("ui.sharing.principal")
    if not typed.strip():
        _refuse("share", field, t("ui.sharing.empty"))
        return
    access = _access()
    try:
        principal = normalise_principal(typed)
        problem = _sameperson(principal, access.owner(plan_id), user)
        if problem is None:
            access.share(user, plan_id, principal, str(st.session_state.get(role_key, "viewer")))
    except _REFUSED as error:
        _refuse("share", field, _refusal(error))
        return
    if problem is not None:
        _refuse("share", field, problem)
        return
    st.session_state[principal_key] = ""
    role = t(f"ui.sharing.role.{st.session_state.get(role_key, 'viewer')}")
    st.session_state[_NOTICE] = md("ui.sharing.shared", principal=principal, role=role)


def _withdraw(plan_id: str, principal: str) -> None:
    user = signed_in_user()
    if user is None:
        return
    try:
        _access().unshare(user, plan_id, principal)
    except _REFUSED as error:
        _refuse("shares", t("ui.sharing.shares"), _refusal(error))
        return
    st.session_state[_NOTICE] = md("ui.sharing.withdrawn", principal=principal)


def _claim(plan_id: str) -> None:
    user = signed_in_user()
    if user is None:
        return
    try:
        _access().claim(user, plan_id)
    except _REFUSED as error:
        _refuse("claim", t("ui.sharing.claim"), _refusal(error))
        return
    st.session_state[_NOTICE] = t("ui.sharing.claimed")


def _hand_over(plan_id: str, mode: Ownership, email_key: str, confirm_key: str) -> None:
    """Transfer (the owner) or give (an administrator) the plan to the typed e-mail address."""
    user = signed_in_user()
    if user is None:
        return
    typed = str(st.session_state.get(email_key, ""))
    field = t("ui.sharing.new_owner")
    if not typed.strip():
        _refuse(mode, field, t("ui.sharing.empty_email"))
        return
    access = _access()
    try:
        new = normalise_email(typed)
        owner = access.owner(plan_id)
    except _REFUSED as error:
        _refuse(mode, field, _refusal(error))
        return
    if new == owner:  # an administrator may give a plan to themselves, not to its owner
        _refuse(mode, field, _sameperson(new, owner, user) or "")
        return
    if not st.session_state.get(confirm_key):
        _refuse(mode, t(f"ui.sharing.confirm_{mode}"), t("ui.sharing.not_confirmed"))
        return
    try:
        # The store checks the role: the owner's, or an admin's (the owner of every plan).
        access.transfer(user, plan_id, new)
    except _REFUSED as error:
        _refuse(mode, field, _refusal(error))
        return
    st.session_state[email_key] = ""
    st.session_state[confirm_key] = False
    done = "ui.sharing.transferred" if mode == "transfer" else "ui.sharing.given"
    st.session_state[_NOTICE] = md(done, owner=new)


# --------------------------------------------------------------------------------------------
# The section


def sharing_section(plan_id: str | None, plan_name: str, history: Sequence[RevisionInfo]) -> None:
    """Draw who owns the stored plan in hand and who it is shared with, and the owner's forms.

    Draws nothing in laptop mode, for a preview, or for a plan the user may not reach.
    """
    user = signed_in_user()
    if user is None or plan_id is None:
        return
    access = _access()
    role = access.role(user, plan_id)
    if role is None:
        return
    owner = access.owner(plan_id)
    names = signed_names(history, access.audit(plan_id), user)
    problem: tuple[str, str] | None = st.session_state.pop(_PROBLEM, None)
    problems = dict([problem]) if problem else {}

    st.subheader(md("ui.sharing.title", name=plan_name), anchor=False)
    st.caption(t("ui.sharing.help"))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    _owner_line(plan_id, owner, user, names, problems.pop("claim", None))
    _shares(plan_id, access.shares(plan_id), names, role, problems.pop("shares", None))
    if role is Role.OWNER:
        _share_form(plan_id, problems.pop("share", None))
        # An owner hands their plan over; an administrator who does not own it gives it away.
        mode: Ownership = "transfer" if owner == user.email else "give"
        _ownership_form(plan_id, mode, problems.pop(mode, None))
    else:
        st.caption(t("ui.sharing.read_only"))
    for message in problems.values():  # refused from a form the user's role no longer shows
        st.error(message, icon=":material/error:")


def _owner_line(
    plan_id: str, owner: str | None, user: User, names: Mapping[str, str], problem: str | None
) -> None:
    if owner is None:
        st.info(t("ui.sharing.unclaimed"), icon=":material/group:")
        st.button(
            t("ui.sharing.claim"),
            key=f"{PAGE}_sharing_claim",
            icon=":material/how_to_reg:",
            help=t("ui.sharing.claim_help"),
            on_click=_claim,
            args=(plan_id,),
        )
    else:
        line = md("ui.sharing.owner", owner=person_md(owner, names))
        you = f" :blue-badge[{t('ui.sharing.you')}]" if owner == user.email else ""
        st.markdown(line + you)
    if problem:
        st.error(problem, icon=":material/error:")


def _shares(
    plan_id: str,
    shares: Mapping[str, Role],
    names: Mapping[str, str],
    role: Role,
    problem: str | None,
) -> None:
    st.markdown(f"**{t('ui.sharing.shares')}**")
    if not shares:
        st.caption(t("ui.sharing.no_shares"))
    for principal, granted in shares.items():
        who, badge, action = st.columns([5, 2, 2], vertical_alignment="center")
        who.markdown(principal_md(principal, names))
        badge.markdown(f":gray-badge[{t(f'ui.sharing.role.{granted.value}')}]")
        if role is Role.OWNER:
            action.button(
                t("ui.sharing.withdraw"),
                key=withdraw_key(principal),
                icon=":material/person_remove:",
                help=t("ui.sharing.withdraw_help"),
                on_click=_withdraw,
                args=(plan_id, principal),
                width="stretch",
            )
    if problem:
        st.error(problem, icon=":material/error:")


def _share_form(plan_id: str, problem: str | None) -> None:
    principal_key = f"{PAGE}_sharing_principal"
    role_key = lang_key(f"{PAGE}_sharing_role")
    with st.form(f"{PAGE}_sharing_add", border=True):
        st.markdown(f"**{t('ui.sharing.add')}**")
        left, right = st.columns([3, 2])
        left.text_input(
            t("ui.sharing.principal"),
            key=principal_key,
            placeholder=t("ui.sharing.principal_placeholder"),
            max_chars=254,
        )
        right.radio(
            t("ui.sharing.role"),
            ["viewer", "editor"],
            format_func=labels("ui.sharing.role_option."),
            key=role_key,
        )
        if problem:
            st.error(problem, icon=":material/error:")
        st.form_submit_button(
            t("ui.sharing.share"),
            key=f"{PAGE}_sharing_share",
            type="primary",
            icon=":material/person_add:",
            on_click=_share,
            args=(plan_id, principal_key, role_key),
        )


def _ownership_form(plan_id: str, mode: Ownership, problem: str | None) -> None:
    """Hand over (``transfer``) or give (``give``) the plan, behind an explicit confirmation."""
    email_key = f"{PAGE}_sharing_{mode}_email"
    confirm_key = f"{PAGE}_sharing_{mode}_confirm"
    with st.expander(
        t(f"ui.sharing.{mode}"), icon=":material/swap_horiz:", expanded=problem is not None
    ):
        st.caption(t(f"ui.sharing.{mode}_help"))
        with st.form(f"{PAGE}_sharing_{mode}_form", border=False):
            st.text_input(
                t("ui.sharing.new_owner"),
                key=email_key,
                placeholder="name@example.com",
                max_chars=254,
            )
            st.checkbox(t(f"ui.sharing.confirm_{mode}"), key=confirm_key)
            if problem:
                st.error(problem, icon=":material/error:")
            st.form_submit_button(
                t(f"ui.sharing.{mode}_button"),
                key=f"{PAGE}_sharing_{mode}",
                icon=":material/swap_horiz:",
                on_click=_hand_over,
                args=(plan_id, mode, email_key, confirm_key),
            )
