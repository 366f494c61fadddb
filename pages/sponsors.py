"""Step 5 — sponsors and their dated actions; the animation rituals of each community."""

from __future__ import annotations

import streamlit as st

from workbook.frame import page_header
from workbook.grids import edit_table
from workbook.persistence import current_plan
from workbook.results import show_figure
from workbook.text import t

PAGE = "sponsors"
plan = current_plan()
page_header(PAGE)

st.subheader(t("ui.sponsors.list"))
st.caption(t("ui.sponsors.list_help"))
edit_table(PAGE, "sponsors")

st.subheader(t("ui.sponsors.actions"))
st.caption(t("ui.sponsors.actions_help"))
if plan.sponsors:
    # The chart shows the actions of the grid: one part, drawn again with each edit.
    edit_table(
        PAGE,
        "sponsor_actions",
        after=lambda plan: show_figure("sponsors", plan, key=f"{PAGE}_activity"),
    )
else:
    st.info(t("ui.sponsors.add_first"), icon=":material/info:")

st.subheader(t("ui.sponsors.rituals"))
st.caption(t("ui.sponsors.rituals_help"))
if plan.communities:
    edit_table(PAGE, "rituals")
else:
    st.info(t("ui.needs_community"), icon=":material/info:")
