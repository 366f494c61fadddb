"""Sign-in: whether it is configured, who is signed in, how long a session lasts, the gate.

Owns auth mode (on when ``st.secrets`` has an ``[auth]`` section; off, *laptop mode*, without a
secrets file or without that section), the signed-in user as the store knows them (a ``User``
made from ``st.user``'s claims, an admin when their e-mail is in ``[totem] admins``), the
session's own lifetime (Streamlit's identity cookie lasts 30 days whatever the ID token says,
so a sign-in older than ``[totem] session_hours``, 12 by default, is sent back to sign-in), the
sign-in page the router shows instead of anything of a plan, the sidebar's sign-out button, and
the plan store seen through the user (:class:`SignedInStore`: ``AccessStore.for_user`` with the
``PlanStore`` call shapes the workbook uses). Imports ``planner.store``, ``workbook.steps`` and
``workbook.text``; ``planner`` never sees ``st.user``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from planner.models import Plan
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.errors import BadPrincipal
from planner.store.guarded import GuardedStore
from planner.store.identity import Role, User
from planner.store.records import PlanInfo, Revision, RevisionInfo
from workbook.steps import OTHER_PAGES, PAGE_NAMES
from workbook.text import browser_language, md, t

#: Hours a sign-in lasts when ``[totem] session_hours`` does not say.
DEFAULT_SESSION_HOURS = 12.0
#: The workbook's page addresses, each answered by the sign-in page when no one is signed in.
WORKBOOK_PAGES = ("start", *PAGE_NAMES, *OTHER_PAGES)


# --------------------------------------------------------------------------------------------
# Pure parts: identity and session lifetime from the ID token's claims


def user_from_claims(claims: Mapping[str, Any], admins: Iterable[str] = ()) -> User | None:
    """The store's ``User`` for the ID token's claims, or None without a usable e-mail.

    Args:
        claims: ``st.user``'s claims (``email``, ``name``…).
        admins: e-mail addresses of the administrators (any case, spaces trimmed).

    Example: ``{"email": "Ana@Example.com", "name": "Ana"}`` with admins ``["ana@example.com"]``
    → ``User("ana@example.com", "Ana", admin=True)``.
    """
    try:
        user = User(str(claims.get("email") or ""), str(claims.get("name") or ""))
    except BadPrincipal:
        return None
    admin_emails = {str(email).strip().lower() for email in admins}
    return User(user.email, user.name, admin=user.email in admin_emails)


def signed_in_at(claims: Mapping[str, Any]) -> float | None:
    """When the user signed in (epoch seconds): ``auth_time``, else the token's ``iat``."""
    for claim in ("auth_time", "iat"):
        value = claims.get(claim)
        if isinstance(value, bool):
            continue
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return None


def session_expired(claims: Mapping[str, Any], *, hours: float, now: float) -> bool:
    """Whether a sign-in is older than ``hours`` at ``now`` (epoch seconds).

    A token that says neither when the user signed in nor when it was issued counts as expired:
    the session's age cannot be checked, so the user signs in again.
    """
    started = signed_in_at(claims)
    return started is None or now - started >= hours * 3600


# --------------------------------------------------------------------------------------------
# Configuration, read from st.secrets


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        section = st.secrets.get(name) if name in st.secrets else None
    except FileNotFoundError:  # no secrets file at all: laptop mode
        return {}
    return section if isinstance(section, Mapping) else {}


def auth_enabled() -> bool:
    """Whether sign-in is configured: ``st.secrets`` has an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def admin_emails() -> list[str]:
    """The administrators' e-mail addresses (``[totem] admins``)."""
    admins = _secrets_section("totem").get("admins", [])
    return [str(email) for email in admins] if isinstance(admins, list | tuple) else []


def providers() -> list[tuple[str | None, str]]:
    """The sign-in buttons: each provider's name for ``st.login`` and the button's label.

    ``[auth]`` itself holding a ``client_id`` is Streamlit's default provider (``None``); each
    ``[auth.<name>]`` table is another, labelled by ``[totem] provider_labels.<name>`` (else
    its name). With one provider, the button just says "Sign in".
    """
    auth = _secrets_section("auth")
    named = [str(name) for name, value in auth.items() if isinstance(value, Mapping)]
    if not named:
        return [(None, t("ui.auth.signin.button"))]
    labels = _secrets_section("totem").get("provider_labels", {})
    labels = labels if isinstance(labels, Mapping) else {}
    choices: list[tuple[str | None, str]] = [
        (name, md("ui.auth.signin.button_with", provider=str(labels.get(name) or name)))
        for name in named
    ]
    if "client_id" in auth:
        default = str(labels.get("default") or t("ui.auth.signin.default_provider"))
        choices.insert(0, (None, md("ui.auth.signin.button_with", provider=default)))
    return choices


def session_hours() -> float:
    """How long a sign-in lasts (``[totem] session_hours``, else 12)."""
    hours = _secrets_section("totem").get("session_hours", DEFAULT_SESSION_HOURS)
    try:
        return float(hours) if float(hours) > 0 else DEFAULT_SESSION_HOURS
    except (TypeError, ValueError):
        return DEFAULT_SESSION_HOURS


def _claims() -> dict[str, Any]:
    return dict(st.user.to_dict())


def signed_in_user() -> User | None:
    """Who is signed in (the store's user); None in laptop mode, signed out, or with no e-mail.

    The session's age is the router's business (:func:`current_user`): a callback that runs
    after the session expired, before the router sends the browser back to sign-in, still acts
    as the user the provider vouched for, so the change the user just made is not lost.
    """
    if not auth_enabled():
        return None
    claims = _claims()
    if not claims.get("is_logged_in"):
        return None
    return user_from_claims(claims, admin_emails())


def current_user() -> User | None:
    """The signed-in user whose session is still valid; None in laptop mode or signed out."""
    user = signed_in_user()
    if user is None or session_expired(_claims(), hours=session_hours(), now=time.time()):
        return None
    return user


# --------------------------------------------------------------------------------------------
# The gate: the sign-in page, and the sidebar's sign-out


def _sign_in_page() -> None:
    claims = _claims()
    st.title(t("ui.auth.signin.title"), anchor=False)
    if not claims.get("is_logged_in"):
        st.markdown(t("ui.auth.signin.intro"))
    elif user_from_claims(claims) is None:
        st.warning(t("ui.auth.signin.no_email"), icon=":material/warning:")
    else:
        st.info(t("ui.auth.signin.expired"), icon=":material/schedule:")
    for index, (provider, label) in enumerate(providers()):
        st.button(
            label,
            key="auth_sign_in" if index == 0 else f"auth_sign_in_{index}",
            type="primary",
            icon=":material/login:",
            on_click=st.login,
            args=(provider,),
        )
    if claims.get("is_logged_in"):
        st.button(t("ui.auth.signout"), key="auth_sign_out", on_click=st.logout)


def require_sign_in(page_icon: str) -> None:
    """In auth mode, show the sign-in page alone and stop unless a valid user is signed in.

    Nothing of any plan is read before this: the page title is the workbook's and the page
    holds a title, one sentence and the sign-in button. In laptop mode, does nothing.
    """
    if not auth_enabled() or current_user() is not None:
        return
    # Before the router sets it: a signed-out visitor reads the page in the browser's language.
    st.session_state.setdefault("lang", browser_language())
    # A session that expired with a plan in hand keeps it in the address, so that signing in
    # again comes back to it (workbook.gate reads the page the sign-in button was pressed on).
    if st.session_state.get("plan_id") and "plan" not in st.query_params:
        st.query_params["plan"] = str(st.session_state["plan_id"])
    st.set_page_config(page_title="Totem", page_icon=page_icon, layout="centered")
    title = t("ui.auth.signin.title")
    # Every workbook address answers with the sign-in page (a deep link to /forecast too),
    # rather than Streamlit's "page not found" dialog over it.
    pages = [st.Page(_sign_in_page, title=title, default=True)] + [
        st.Page(_sign_in_page, title=title, url_path=name) for name in WORKBOOK_PAGES
    ]
    st.navigation(pages, position="hidden").run()
    st.stop()


def sign_out_button() -> None:
    """The sidebar's sign-out button and who is signed in (nothing in laptop mode)."""
    user = signed_in_user()
    if user is None:
        return
    st.caption(md("ui.auth.signed_in_as", user=user.author))
    st.button(
        t("ui.auth.signout"), key="app_sign_out", icon=":material/logout:", on_click=st.logout
    )


def access_notice() -> None:
    """The Plans page's line on who sees the plans: laptop mode, or the signed-in user."""
    user = signed_in_user()
    if user is None:
        st.caption(t("ui.auth.plans.laptop"))
        return
    key = "ui.auth.plans.admin" if user.admin else "ui.auth.plans.signed_in"
    st.caption(md(key, user=user.author))


def allowed(store: PlanStore | SignedInStore) -> Callable[[str | None, Role], bool]:
    """``may(plan_id, role)``: whether the session may act on a plan as ``role`` requires.

    In laptop mode everyone may do everything; signed in, the user's role on the plan decides
    (read once, when this is called), so a page can disable what the store would refuse.
    """
    roles = store.roles() if isinstance(store, SignedInStore) else None

    def may(plan_id: str | None, needed: Role) -> bool:
        if roles is None:
            return True
        role = roles.get(plan_id or "")
        return role is not None and role >= needed

    return may


# --------------------------------------------------------------------------------------------
# The plan store seen through the signed-in user


class SignedInStore:
    """``AccessStore(plans).for_user(user)`` with ``PlanStore``'s call shapes.

    Every read and write checks the user's role (strangers get ``PlanNotShared``, a
    ``PlanNotFound``; viewers' writes ``PlanReadOnly``). Revisions are signed with the user's
    identity: the ``author`` the workbook passes is ignored.
    """

    def __init__(self, plans: PlanStore, user: User) -> None:
        self.user = user
        self.guarded: GuardedStore = AccessStore(plans).for_user(user)

    def latest(self, plan_id: str) -> Revision:
        return self.guarded.latest(plan_id)

    def revision(self, plan_id: str, number: int) -> Revision:
        return self.guarded.revision(plan_id, number)

    def history(self, plan_id: str) -> list[RevisionInfo]:
        return self.guarded.history(plan_id)

    def list_plans(self, *, include_deleted: bool = False) -> list[PlanInfo]:
        return self.guarded.list_plans(include_deleted=include_deleted)

    def create(self, plan: Plan, *, author: str = "", note: str = "") -> Revision:
        return self.guarded.create(plan, note=note)

    def save(
        self, plan_id: str, plan: Plan, *, base_revision: int, author: str = "", note: str = ""
    ) -> Revision:
        return self.guarded.save(plan_id, plan, base_revision=base_revision, note=note)

    def restore(self, plan_id: str, number: int, *, author: str = "", note: str = "") -> Revision:
        return self.guarded.restore(plan_id, number, note=note)

    def duplicate(self, plan_id: str, *, name: str, author: str = "", note: str = "") -> Revision:
        return self.guarded.duplicate(plan_id, name=name, note=note)

    def import_plan_file(
        self,
        data: bytes | str,
        *,
        author: str = "",
        lang: str = "en",
        into: str | None = None,
        note: str = "",
    ) -> Revision:
        return self.guarded.import_plan_file(data, lang=lang, into=into, note=note)

    def roles(self) -> dict[str, Role]:
        """The user's role on each plan they may see, the bin's included."""
        shared = self.guarded.visible_plans(include_deleted=True)
        return {plan.info.id: plan.role for plan in shared}

    def delete(self, plan_id: str) -> None:
        self.guarded.delete(plan_id)

    def recover(self, plan_id: str) -> None:
        self.guarded.recover(plan_id)
