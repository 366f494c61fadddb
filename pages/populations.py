"""Step 3 — target populations and their waves, with the six brakes rated for each."""

from __future__ import annotations

import streamlit as st

from planner.models import Plan
from workbook.frame import page_header
from workbook.grids import edit_table
from workbook.imports import import_box
from workbook.persistence import current_plan
from workbook.results import show_figure
from workbook.text import t

PAGE = "populations"
plan = current_plan()
page_header(PAGE)

if not plan.communities:
    st.info(t("ui.needs_community"), icon=":material/info:")
    st.page_link(
        "pages/communities.py", label=t("ui.page.communities.title"), icon=":material/groups:"
    )
    st.stop()

st.subheader(t("ui.populations.list"))
st.caption(t("ui.populations.list_help"))


def _import_and_heatmap(plan: Plan) -> None:
    import_box(PAGE, "populations", plan)
    st.subheader(t("ui.populations.resistance"))
    st.caption(t("ui.populations.resistance_help"))
    show_figure("resistance", plan, key=f"{PAGE}_heatmap")


# The heatmap shows the brakes rated in the grid: one part, drawn again with each edit.
edit_table(PAGE, "populations", after=_import_and_heatmap)
