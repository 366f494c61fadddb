"""Step 2 — communities: the totem subject, measurable objectives, member benefits, the manager."""

from __future__ import annotations

import streamlit as st

from workbook.frame import page_header
from workbook.grids import edit_table
from workbook.persistence import current_plan
from workbook.text import t

PAGE = "communities"
plan = current_plan()
page_header(PAGE)

st.subheader(t("ui.communities.list"))
st.caption(t("ui.communities.list_help"))
edit_table(PAGE, "communities")

if plan.communities:
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("ui.communities.objectives"))
        st.caption(t("ui.communities.objectives_help"))
        edit_table(PAGE, "objectives")
    with right:
        st.subheader(t("ui.communities.benefits"))
        st.caption(t("ui.communities.benefits_help"))
        edit_table(PAGE, "benefits")
else:
    st.info(t("ui.communities.add_first"), icon=":material/info:")
