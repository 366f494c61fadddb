"""After launch — the plan against the network's real figures: import, health, changes, charts.

Not a step of the workshop flow: the community manager's page during the launch period,
listed after the forecast. Without actuals it says what to import and from where.
"""

from __future__ import annotations

import streamlit as st

from planner.tracking import has_actuals
from workbook.actuals import import_box, sample_path
from workbook.persistence import current_plan
from workbook.readonly import read_only_notice
from workbook.text import t
from workbook.tracking import changes_since_import, community_charts, health_table
from workbook.workshop import large_type

PAGE = "tracking"

plan = current_plan()
read_only_notice()
large_type()
st.title(t("trackpage.title"), anchor=False)
st.caption(t("trackpage.intro"))
tracked = has_actuals(plan)

if not tracked:
    with st.container(border=True):
        st.markdown(t("trackpage.empty.intro"))
        st.markdown(t("trackpage.empty.sources"))
        example = sample_path()
        if example.exists():
            st.download_button(
                t("trackpage.empty.example"),
                data=example.read_bytes(),
                file_name=example.name,
                mime="text/csv",
                key=f"{PAGE}_example",
                icon=":material/download:",
            )

import_box(plan, expanded=not tracked)

if tracked:
    health_table(plan)
    changes_since_import(plan)
    community_charts(plan)
