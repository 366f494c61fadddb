"""Saying whether the plan is saved, and the way out of a refused save.

Owns the sidebar's save status line, the notice a session started with (a broken or binned
``?plan=`` link), and the conflict box offering "reload theirs" or "keep mine as a copy" (also
when the store refused a viewer's change).
Imports ``workbook.persistence`` and ``workbook.text``.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner.models import Plan
from workbook.persistence import is_preview, open_plan, open_stored_plan
from workbook.text import clock, md, t


def save_status() -> None:
    """The sidebar's line saying whether every change is saved.

    It names no time on purpose: a successful save then changes nothing in the sidebar, so an
    edit can rerun its own part of the page alone (see :func:`workbook.parts.save_part`); a
    failed save reruns the whole app, and this line says so. The history on the Plans page has
    every save's time.
    """
    if is_preview():
        st.caption(f":material/visibility: {t('ui.start.preview_status')}")
    elif "conflict" in st.session_state:
        st.caption(f":orange[:material/sync_problem:] {t('ui.store.not_saved')}")
    elif st.session_state.get("saved_at") is not None:
        st.caption(f":material/cloud_done: {t('ui.store.saved')}")


def _reload_theirs() -> None:
    open_stored_plan(st.session_state["plan_id"])


def _keep_mine() -> None:
    mine: Plan = st.session_state["plan"]
    try:
        copy = Plan.model_validate(
            {**mine.model_dump(), "name": t("ui.store.copy_name", name=mine.name)}
        )
    except ValidationError:  # a name at its length limit: keep it as it is
        copy = mine
    open_plan(copy, note="kept as a copy after a conflict")


def conflict_box() -> None:
    """When the last change could not be saved, say why and offer the two ways out."""
    conflict = st.session_state.get("conflict")
    start_notice = st.session_state.pop("start_notice", None)
    if start_notice:
        st.info(t(start_notice), icon=":material/info:")
    if not conflict:
        return
    with st.container(border=True, key="store_conflict"):
        if conflict["kind"] == "conflict":
            st.warning(
                md(
                    "ui.store.conflict",
                    author=conflict["author"] or t("ui.store.someone"),
                    latest=conflict["latest"],
                    time=clock(conflict["at"]),
                    base=conflict["base"],
                ),
                icon=":material/sync_problem:",
            )
        elif conflict["kind"] == "read_only":
            st.warning(t("ui.auth.read_only"), icon=":material/lock:")
        else:
            st.warning(t("ui.store.gone"), icon=":material/sync_problem:")
        left, right = st.columns(2)
        if conflict["kind"] == "conflict":
            left.button(
                t("ui.store.reload_theirs"),
                key="store_reload_theirs",
                icon=":material/cloud_download:",
                help=t("ui.store.reload_theirs_help", latest=conflict["latest"]),
                on_click=_reload_theirs,
                width="stretch",
            )
        right.button(
            t("ui.store.keep_mine"),
            key="store_keep_mine",
            icon=":material/file_copy:",
            help=t("ui.store.keep_mine_help"),
            on_click=_keep_mine,
            type="primary",
            width="stretch",
        )
