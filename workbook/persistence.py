"""The plan in hand and the plan store: opening, saving as revisions, and the URL.

Owns the store binding (one ``PlanStore`` per process), how a session starts (the plan named
in ``?plan=``, or nothing: the start page), how a plan becomes the plan in hand
(``hold_revision`` for a stored one, ``preview`` for a sample, which is stored only at its first
change), and the one way a change is saved: :func:`commit_plan`, which appends a revision,
stores a preview as the user's own plan, or records the conflict for
:mod:`workbook.conflicts`. With sign-in configured, every plan the session reads or writes goes
through :func:`session_store`, the store as the signed-in user may use it, and revisions are
signed with the user's identity. Imports ``planner``, ``workbook.auth``, ``workbook.session``
and ``workbook.text`` (the browser's language); drawing is left to the modules above it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import streamlit as st

from planner import PlanFileError
from planner.i18n import translate
from planner.models import SCHEMA_VERSION, Language, Plan
from planner.planfile import load_plan
from planner.store import (
    PlanConflict,
    PlanInBin,
    PlanNotFound,
    PlanReadOnly,
    PlanStore,
    Revision,
)
from workbook.auth import SignedInStore, auth_enabled, signed_in_user
from workbook.session import reset_page_widgets, route_through_app
from workbook.text import browser_language

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"

#: Sample plans offered in the sidebar: key → file in sample_data/.
SAMPLES: dict[str, str] = {
    "fr-industrie": "fr-industrie-plan.json",
    "en-team": "en-team-plan.json",
    "critical": "critical-plan.json",
}

#: Author of revisions saved by a session whose user gave no name.
DEFAULT_AUTHOR = "workbook"


@st.cache_resource(show_spinner=False)
def plan_store() -> PlanStore:
    """The plan store of this process (``TOTEM_DATABASE_URL``, or SQLite ``data/totem.db``)."""
    return PlanStore.from_env()


#: What a stored plan in hand adds to the session: its id, its revision, when it was saved, and
#: a refused save's conflict. A preview or no plan at all has none of them.
_STORED_PLAN_KEYS = ("plan_id", "base_revision", "saved_at", "conflict")


def session_store() -> PlanStore | SignedInStore:
    """The plan store as this session may use it: all of it in laptop mode, else the user's.

    With sign-in configured, the plans the signed-in user may see (``AccessStore.for_user``):
    a plan not shared with them is "not found", a viewer's save is refused. The router lets
    no one without a valid sign-in reach a page, so a missing user here is a bug.
    """
    user = signed_in_user()
    if user is None:
        if auth_enabled():
            raise PermissionError("no signed-in user: the router shows the sign-in page first")
        return plan_store()
    return SignedInStore(plan_store(), user)


@st.cache_data(show_spinner=False)
def load_sample(name: str) -> Plan:
    """Read a sample plan (once; later calls get a copy from the cache)."""
    return load_plan(SAMPLE_DIR / SAMPLES[name])


def empty_plan(language: str) -> Plan:
    """A new plan with nothing in it but its name and language."""
    return Plan(
        schema_version=SCHEMA_VERSION,
        name=translate("ui.sidebar.new_plan_name", language),
        language=Language(language),
    )


def first_language() -> str:
    """The language a session starts in: its plan's, else the browser's when it is French."""
    if has_plan():
        return str(st.session_state["plan"].language.value)
    return browser_language()


def author() -> str:
    """The label saved with this session's revisions: the signed-in user, the name the user
    gave, or "workbook"."""
    user = signed_in_user()
    if user is not None:
        return user.author
    name = str(st.session_state.get("author", "")).strip()
    return name or DEFAULT_AUTHOR


def current_plan() -> Plan:
    """The plan in hand (saved first if something replaced it without saving)."""
    if "plan" not in st.session_state:
        # A deep link opened first on a fresh server runs the page alone, as Streamlit's old
        # pages/ folder mode; going through app.py sets up the state and the navigation.
        route_through_app()
    sync_plan()
    plan: Plan = st.session_state["plan"]
    return plan


def has_plan() -> bool:
    """Whether the session holds a plan (stored, or a preview); without one, the start page."""
    return "plan" in st.session_state


def is_preview() -> bool:
    """Whether the plan in hand is a preview: nothing stored until its first change."""
    return has_plan() and "plan_id" not in st.session_state


def preview(plan: Plan, *, source: str) -> None:
    """Make ``plan`` the plan in hand without storing it (a callback, or before st.rerun).

    Its first change stores it as the user's own plan (:func:`commit_plan`), so looking at a
    sample leaves nothing behind. ``source`` names where it came from, for the first revision.
    """
    reset_page_widgets()
    for key in _STORED_PLAN_KEYS:
        st.session_state.pop(key, None)
    st.session_state["plan"] = plan
    st.session_state["saved_plan"] = plan
    st.session_state["preview_of"] = source
    st.query_params.pop("plan", None)


def put_down_plan() -> None:
    """Leave the session without a plan in hand (the router then shows the start page)."""
    reset_page_widgets()
    for key in ("plan", "saved_plan", "preview_of", *_STORED_PLAN_KEYS):
        st.session_state.pop(key, None)
    st.query_params.pop("plan", None)


def hold_revision(revision: Revision) -> None:
    """Make a stored revision the plan in hand, and put its plan's id in the URL."""
    reset_page_widgets()
    st.session_state.pop("preview_of", None)
    st.session_state["plan"] = revision.plan
    st.session_state["plan_id"] = revision.plan_id
    st.session_state["base_revision"] = revision.number
    st.session_state["saved_plan"] = revision.plan
    st.session_state["saved_at"] = revision.created_at
    st.session_state.pop("conflict", None)
    st.query_params["plan"] = revision.plan_id


def open_plan(plan: Plan, *, note: str = "") -> None:
    """Make ``plan`` the plan in hand as a new plan in the store, forgetting the old widgets.

    Used for samples, empty plans and plan files: each becomes a stored plan of its own, so
    nothing the user had is replaced. Call it from a callback or before st.rerun.
    """
    revision = session_store().create(plan, author=author(), note=note)
    hold_revision(revision)


def open_stored_plan(plan_id: str) -> None:
    """Open the newest revision of a stored plan (a callback, or before st.rerun).

    Raises:
        PlanNotFound: no plan with that id.
    """
    hold_revision(session_store().latest(plan_id))


def start_session() -> None:
    """On a session's first run, open the plan named in the URL, if any.

    ``?plan=ID`` naming a stored plan (not in the bin) opens its newest revision;
    ``?sample=fr-industrie`` (a key of :data:`SAMPLES`) opens that sample's preview. Otherwise
    the session holds no plan and the router shows the start page; nothing is stored. A plan
    already in the session (tests seed one) is a preview.
    """
    if has_plan():
        return
    requested = st.query_params.get("plan")
    if requested:
        store = session_store()
        try:
            revision = store.latest(requested)
        except (PlanNotFound, PlanFileError):
            # Signed in, a plan someone did not share is "not found" like an unknown id.
            missing = "ui.store.link_not_shared" if auth_enabled() else "ui.store.link_missing"
            st.session_state["start_notice"] = missing
        else:
            if not _in_bin(requested):
                hold_revision(revision)
                return
            st.session_state["start_notice"] = "ui.store.link_in_bin"
        st.query_params.pop("plan", None)
    sample = st.query_params.get("sample")
    if sample in SAMPLES:  # a demonstration link: the sample's preview, nothing stored
        preview(load_sample(sample), source=f"sample {sample}")
        st.query_params.pop("sample", None)


def _in_bin(plan_id: str) -> bool:
    return any(
        info.id == plan_id
        for info in session_store().list_plans(include_deleted=True)
        if info.in_bin
    )


def keep_url() -> None:
    """Put the plan's id back in the URL (a page switch clears the query parameters)."""
    plan_id = st.session_state.get("plan_id")
    if plan_id and st.query_params.get("plan") != plan_id:
        st.query_params["plan"] = plan_id


def commit_plan(plan: Plan, *, note: str | None = None) -> bool:
    """Make ``plan`` the plan in hand and save it as a new revision; True when saved.

    When someone saved the plan since this session's revision, nothing is written: the plan
    stays in hand, unsaved, and the conflict is kept for the conflict box to offer the
    choices; so is a change the store refuses because the user may only read the plan.
    ``note`` defaults to the page the change was made on.
    """
    st.session_state["plan"] = plan
    st.session_state["saved_plan"] = plan  # whatever happens, this state has been handled
    if "plan_id" not in st.session_state:
        _store_preview(plan)
        return True
    try:
        revision = session_store().save(
            st.session_state["plan_id"],
            plan,
            base_revision=int(st.session_state["base_revision"]),
            author=author(),
            note=st.session_state.get("current_page", "") if note is None else note,
        )
    except PlanConflict as exc:
        st.session_state["conflict"] = {
            "kind": "conflict",
            "latest": exc.latest_revision,
            "author": exc.latest_author,
            "at": exc.latest_at,
            "base": exc.base_revision,
        }
        return False
    except (PlanInBin, PlanNotFound):
        st.session_state["conflict"] = {"kind": "gone"}
        return False
    except PlanReadOnly:  # signed in as a viewer: the store refuses, the user keeps their copy
        st.session_state["conflict"] = {"kind": "read_only"}
        return False
    st.session_state["base_revision"] = revision.number
    st.session_state["saved_at"] = revision.created_at
    st.session_state.pop("conflict", None)
    return True


def _store_preview(plan: Plan) -> None:
    """Copy on write: a preview's first change stores it as a new plan, named in the URL."""
    source = st.session_state.pop("preview_of", "preview")
    revision = session_store().create(plan, author=author(), note=f"from {source}")
    st.session_state["plan_id"] = revision.plan_id
    st.session_state["base_revision"] = revision.number
    st.session_state["saved_at"] = revision.created_at
    st.query_params["plan"] = revision.plan_id


def sync_plan() -> None:
    """Save the plan in hand if something replaced it without going through commit_plan."""
    plan = st.session_state.get("plan")
    saved = st.session_state.get("saved_plan")
    if plan is None or plan is saved:
        return
    if saved is None:  # a plan put in the session from outside (tests): a preview
        st.session_state["saved_plan"] = plan
        return
    if plan == saved:
        st.session_state["saved_plan"] = plan
        return
    commit_plan(plan)


def set_plan(plan: Plan) -> NoReturn:
    """Replace the plan in hand, save it, and run the page again to show the new plan."""
    commit_plan(plan)
    st.rerun()
