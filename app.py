"""Totem workbook: the router. Page config, shared state, the sidebar, and the list of pages."""

from __future__ import annotations

import streamlit as st

from workbook.auth import require_sign_in
from workbook.conflicts import conflict_box
from workbook.parts import start_page_parts
from workbook.persistence import first_language, has_plan, keep_url, start_session, sync_plan
from workbook.readonly import check_access
from workbook.session import carry_deep_link, open_requested, start_pages
from workbook.sidebar import sidebar, start_sidebar
from workbook.steps import AFTER_LAUNCH_PAGE, PAGES, page_path
from workbook.style import PAGE_ICON, apply_style
from workbook.text import t
from workbook.warmup import settle_process

# With sign-in configured, nothing past this line runs until a user is signed in.
require_sign_in(PAGE_ICON)
# The plan named in the URL, if any; without one, the start page.
start_session()
st.session_state.setdefault("lang", first_language())
st.session_state.setdefault("workshop", False)
sync_plan()
# Signed in: the user's role on the plan in hand, asked once per run; a plan no longer shared
# with them is put down here, and the start page says why.
check_access()
workshop = bool(st.session_state["workshop"]) and has_plan()
keep_url()

st.set_page_config(
    page_title="Totem",
    page_icon=PAGE_ICON,
    layout="wide",
    initial_sidebar_state="collapsed" if workshop else "auto",
)

if not has_plan():
    # Nothing in hand: the start page alone (a recent plan, a new one, or a sample's preview).
    # A deep link to a plan's page (a bookmark without ?plan=) lands here too, its page kept.
    start, *stand_ins = start_pages(page_path("start"), t("ui.page.start.title"))
    carry_deep_link(start, st.navigation([start, *stand_ins], position="hidden"))
    start_sidebar()
    apply_style()
    conflict_box()
    start.run()
    settle_process()
    st.stop()

pages = [
    st.Page(page_path(name), title=t(f"ui.page.{name}.title"), icon=icon, default=index == 0)
    for index, (name, icon) in enumerate(PAGES)
]
# Tracking after launch: not a workshop step (its title is the page's own), listed after the
# step it follows.
tracking_name, tracking_icon, tracking_after = AFTER_LAUNCH_PAGE
pages.insert(
    [name for name, _ in PAGES].index(tracking_after) + 1,
    st.Page(page_path(tracking_name), title=t("trackpage.title"), icon=tracking_icon),
)
# Plans and history sit outside the workshop's steps: reached from the sidebar's link.
PLANS_PAGE = st.Page(
    page_path("plans"),
    title=t("ui.page.plans.title"),
    icon=":material/history:",
    visibility="hidden",
)
# The comparison of two plans or two revisions: reached from the Plans page and its history.
COMPARE_PAGE = st.Page(
    page_path("compare"),
    title=t("ui.page.compare.title"),
    icon=":material/compare_arrows:",
    visibility="hidden",
)
pages += [PLANS_PAGE, COMPARE_PAGE]
# Before the sidebar's widgets: on a fresh server, a widget drawn before st.navigation() loses
# the first change the first visitor makes to it (Streamlit 1.67).
current = st.navigation(pages, position="hidden" if workshop else "sidebar")
open_requested(pages, current)
sidebar(PLANS_PAGE)
apply_style()

st.session_state["current_page"] = current.url_path or PAGES[0][0]
start_page_parts()
conflict_box()
current.run()
settle_process()
