"""Totem workbook: the router. Page config, shared state, the sidebar, and the list of pages."""

from __future__ import annotations

import streamlit as st

from pages._common import (
    PAGES,
    SAMPLES,
    conflict_box,
    empty_plan,
    keep_url,
    labels,
    lang_key,
    load_sample,
    open_plan,
    open_stored_plan,
    page_path,
    plan_store,
    save_status,
    set_workshop,
    settle_process,
    start_page_parts,
    start_session,
    sync_plan,
    t,
)

# The plan named in the URL, or a stored copy of the French sample on a first visit.
start_session()
st.session_state.setdefault("lang", st.session_state["plan"].language.value)
st.session_state.setdefault("workshop", False)
workshop = bool(st.session_state["workshop"])
sync_plan()
keep_url()

st.set_page_config(
    page_title="Totem",
    page_icon=":material/flag:",
    layout="wide",
    initial_sidebar_state="collapsed" if workshop else "auto",
)

_SAMPLE = "sample:"
_NEW = "new"


def _open_chosen_plan() -> None:
    choice = str(st.session_state[lang_key("app_plan_choice")])
    if choice == _NEW:
        open_plan(empty_plan(st.session_state["lang"]), note="new plan")
    elif choice.startswith(_SAMPLE) and choice.removeprefix(_SAMPLE) in SAMPLES:
        open_plan(load_sample(choice.removeprefix(_SAMPLE)), note="sample")
    elif choice in st.session_state.get("app_plan_names", {}):
        open_stored_plan(choice)


def _set_language() -> None:
    st.session_state["lang"] = st.session_state["app_lang"]


def _set_author() -> None:
    st.session_state["author"] = st.session_state["app_author"].strip()


pages = [
    st.Page(page_path(name), title=t(f"ui.page.{name}.title"), icon=icon, default=index == 0)
    for index, (name, icon) in enumerate(PAGES)
]
# Plans and history sit outside the workshop's steps: reached from the sidebar's link.
PLANS_PAGE = st.Page(
    page_path("plans"),
    title=t("ui.page.plans.title"),
    icon=":material/history:",
    visibility="hidden",
)
pages.append(PLANS_PAGE)
# Before the sidebar's widgets: on a fresh server, a widget drawn before st.navigation() loses
# the first change the first visitor makes to it (Streamlit 1.67).
current = st.navigation(pages, position="hidden" if workshop else "sidebar")
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
    save_status()
    # A new plan and the samples (each opens as a new stored plan) first, then the stored plans
    # by id: that list only grows. The plan in hand is the one shown until the user picks.
    names = {info.id: info.name for info in plan_store().list_plans()}
    st.session_state["app_plan_names"] = names
    sample_label = labels("ui.sidebar.sample.")
    options = [_NEW, *(f"{_SAMPLE}{name}" for name in SAMPLES), *names]
    choice_key = lang_key("app_plan_choice")
    if choice_key not in st.session_state and st.session_state.get("plan_id") in names:
        st.session_state[choice_key] = st.session_state["plan_id"]
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
    st.page_link(PLANS_PAGE, label=t("ui.page.plans.title"), icon=":material/history:")
    st.text_input(
        t("ui.sidebar.author"),
        key="app_author",
        value=st.session_state.get("author", ""),
        max_chars=80,
        placeholder=t("ui.sidebar.author_placeholder"),
        on_change=_set_author,
    )

st.session_state["current_page"] = current.url_path or PAGES[0][0]
start_page_parts()
conflict_box()
current.run()
settle_process()
