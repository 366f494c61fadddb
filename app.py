"""Totem workbook: the router. Page config, shared state, the sidebar, and the list of pages."""

from __future__ import annotations

import streamlit as st

from pages._common import (
    FIRST_SAMPLE,
    PAGES,
    SAMPLES,
    empty_plan,
    labels,
    load_sample,
    open_plan,
    page_path,
    set_workshop,
    t,
)

st.session_state.setdefault("plan", load_sample(FIRST_SAMPLE))
st.session_state.setdefault("lang", st.session_state["plan"].language.value)
st.session_state.setdefault("workshop", False)
workshop = bool(st.session_state["workshop"])

st.set_page_config(
    page_title="Totem",
    page_icon=":material/flag:",
    layout="wide",
    initial_sidebar_state="collapsed" if workshop else "auto",
)


def _open_chosen_plan() -> None:
    choice = st.session_state["app_plan_choice"]
    open_plan(empty_plan(st.session_state["lang"]) if choice == "new" else load_sample(choice))


def _set_language() -> None:
    st.session_state["lang"] = st.session_state["app_lang"]


with st.sidebar:
    st.radio(
        t("ui.sidebar.language"),
        ["en", "fr"],
        index=["en", "fr"].index(st.session_state["lang"]),
        format_func=labels("ui.language."),
        horizontal=True,
        key="app_lang",
        on_change=_set_language,
    )
    # The toggle mirrors "workshop", which the step bar's "leave" button also changes.
    st.session_state.setdefault("app_workshop", workshop)
    st.toggle(
        t("ui.sidebar.workshop"),
        key="app_workshop",
        help=t("ui.sidebar.workshop_help"),
        on_change=lambda: set_workshop(bool(st.session_state["app_workshop"])),
    )
    st.caption(t("ui.sidebar.current_plan", name=st.session_state["plan"].name))
    st.selectbox(
        t("ui.sidebar.plan"),
        [*SAMPLES, "new"],
        format_func=labels("ui.sidebar.sample."),
        key="app_plan_choice",
    )
    st.button(
        t("ui.sidebar.open"),
        icon=":material/folder_open:",
        on_click=_open_chosen_plan,
        help=t("ui.sidebar.open_help"),
        key="app_open",
    )

pages = [
    st.Page(page_path(name), title=t(f"ui.page.{name}.title"), icon=icon, default=index == 0)
    for index, (name, icon) in enumerate(PAGES)
]
st.navigation(pages, position="hidden" if workshop else "sidebar").run()
