"""Step 6 — the timeline: phases and generated tasks, every date derived from the plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.i18n import format_date, translate
from planner.models import Plan
from planner.timeline import timeline_rows
from workbook.frame import page_header
from workbook.persistence import current_plan
from workbook.results import cached_view, show_figure, timeline
from workbook.text import t

PAGE = "timeline"
COLUMNS = ("start", "end", "task", "owner", "phase", "community")


def _tasks(kind: str, plan: Plan, language: str) -> pd.DataFrame:
    """The task list with dates written in the language, built once per plan version."""
    communities = {c.id: c.name for c in plan.communities}
    rows = timeline_rows(timeline(plan), plan, language)
    frame = pd.DataFrame(
        {
            "start": [format_date(row["start"], language, style="medium") for row in rows],  # type: ignore[arg-type]
            "end": [format_date(row["end"], language, style="medium") for row in rows],  # type: ignore[arg-type]
            "task": [row["task"] for row in rows],
            "owner": [row["owner"] for row in rows],
            "phase": [row["phase"] for row in rows],
            "community": [communities.get(str(row["community_id"]), "") for row in rows],
            "community_id": [row["community_id"] or "" for row in rows],
        },
        columns=[*COLUMNS, "community_id"],
    )
    return frame.rename(
        columns={key: translate(f"ui.timeline.column.{key}", language) for key in COLUMNS}
    )


plan = current_plan()
page_header(PAGE)

show_figure("gantt", plan, key=f"{PAGE}_gantt")

st.subheader(t("ui.timeline.tasks"))
frame = cached_view("timeline:tasks", plan, _tasks)
if frame.empty:
    st.info(t("ui.timeline.no_tasks"), icon=":material/info:")
    st.stop()

names = {"": t("ui.timeline.all_communities"), **{c.id: c.name for c in plan.communities}}
chosen = st.selectbox(
    t("ui.timeline.filter"), list(names), format_func=names.__getitem__, key="timeline_filter"
)
if chosen:
    frame = frame[frame["community_id"].isin([chosen, ""])]
st.caption(t("ui.timeline.count", count=len(frame)))
st.dataframe(frame.drop(columns="community_id"), hide_index=True, width="stretch")
