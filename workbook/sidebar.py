"""The sidebar every page shares: language, workshop mode, the plan in hand and its picker.

Owns the sidebar's widgets (keys start with ``app_``) and their callbacks: switching the
language, entering workshop mode, opening a new plan, a sample or a stored plan, and the name
saved as the author of revisions (laptop mode only: signed in, the user's identity signs them
and the sidebar offers sign-out instead). Imports ``workbook.auth``, ``workbook.persistence``,
``workbook.conflicts``, ``workbook.session``, ``workbook.text`` and ``workbook.workshop``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbook.auth import auth_enabled, sign_out_button
from workbook.conflicts import save_status
from workbook.persistence import (
    SAMPLES,
    empty_plan,
    load_sample,
    open_plan,
    open_stored_plan,
    preview,
    session_store,
)
from workbook.session import lang_key
from workbook.text import labels, md, t
from workbook.workshop import set_workshop

_SAMPLE = "sample:"
_NEW = "new"


def _open_chosen_plan() -> None:
    choice = str(st.session_state[lang_key("app_plan_choice")])
    if choice == _NEW:
        open_plan(empty_plan(st.session_state["lang"]), note="new plan")
    elif choice.startswith(_SAMPLE) and choice.removeprefix(_SAMPLE) in SAMPLES:
        sample = choice.removeprefix(_SAMPLE)
        preview(load_sample(sample), source=f"sample {sample}")
    elif choice in st.session_state.get("app_plan_names", {}):
        open_stored_plan(choice)


def _set_language() -> None:
    st.session_state["lang"] = st.session_state["app_lang"]
    st.session_state["lang_chosen"] = True


def _set_author() -> None:
    st.session_state["author"] = st.session_state["app_author"].strip()


def start_sidebar() -> None:
    """The start page's sidebar: the language alone (no plan in hand yet)."""
    with st.sidebar:
        _language()
        sign_out_button()


def sidebar(plans_page: Any) -> None:
    """Draw the sidebar; ``plans_page`` is the ``st.Page`` of the Plans and history page."""
    with st.sidebar:
        _language()
        _workshop()
        st.caption(md("ui.sidebar.current_plan", name=st.session_state["plan"].name))
        save_status()
        _plan_picker()
        st.page_link(plans_page, label=t("ui.page.plans.title"), icon=":material/history:")
        if auth_enabled():
            sign_out_button()
            return
        st.text_input(
            t("ui.sidebar.author"),
            key="app_author",
            value=st.session_state.get("author", ""),
            max_chars=80,
            placeholder=t("ui.sidebar.author_placeholder"),
            on_change=_set_author,
        )


def _language() -> None:
    # Bound through Session State: the start page may set the language when it opens a plan.
    st.session_state.setdefault("app_lang", st.session_state["lang"])
    st.radio(
        t("ui.sidebar.language"),
        ["en", "fr"],
        format_func=labels("ui.language."),
        horizontal=True,
        key="app_lang",
        on_change=_set_language,
    )


def _workshop() -> None:
    # The toggle mirrors "workshop", which the step bar's "leave" button also changes.
    st.session_state.setdefault("app_workshop", bool(st.session_state["workshop"]))
    st.toggle(
        t("ui.sidebar.workshop"),
        key="app_workshop",
        help=t("ui.sidebar.workshop_help"),
        on_change=lambda: set_workshop(bool(st.session_state["app_workshop"])),
    )


def _plan_picker() -> None:
    """A new plan and the samples (each opens as a new stored plan) first, then stored plans.

    Stored plans are listed by id: that list only grows. The plan in hand is the one shown
    until the user picks another.
    """
    names = {info.id: info.name for info in session_store().list_plans()}
    st.session_state["app_plan_names"] = names
    sample_label = labels("ui.sidebar.sample.")
    options = [_NEW, *(f"{_SAMPLE}{name}" for name in SAMPLES), *names]
    choice_key = lang_key("app_plan_choice")
    if choice_key not in st.session_state:
        held = st.session_state.get("plan_id")
        previewed = str(st.session_state.get("preview_of", "")).removeprefix("sample ")
        if held in names:
            st.session_state[choice_key] = held
        elif previewed in SAMPLES:
            st.session_state[choice_key] = f"{_SAMPLE}{previewed}"
    st.selectbox(
        t("ui.sidebar.plan"),
        options,
        format_func=lambda option: (
            names[option] if option in names else sample_label(option.removeprefix(_SAMPLE))
        ),
        key=choice_key,
    )
    st.button(
        t("ui.sidebar.open"),
        icon=":material/folder_open:",
        on_click=_open_chosen_plan,
        help=t("ui.sidebar.open_help"),
        key="app_open",
    )
