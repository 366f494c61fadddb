"""Step 9 — export: the plan as a JSON file to keep or share, and a plan file to open."""

from __future__ import annotations

import streamlit as st

from pages._common import current_plan, lang, open_plan, page_header, show_problems, t
from planner import PlanFileError
from planner.planfile import dump_plan, parse_plan
from planner.tables import slugify

PAGE = "export"
plan = current_plan()
page_header(PAGE)

left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader(t("ui.export.download"))
    st.markdown(t("ui.export.download_help"))
    st.download_button(
        t("ui.export.download_button"),
        data=dump_plan(plan).encode("utf-8"),
        file_name=f"{slugify(plan.name, fallback='plan')}.json",
        mime="application/json",
        key=f"{PAGE}_download",
        icon=":material/download:",
        type="primary",
    )

with right, st.container(border=True):
    st.subheader(t("ui.export.upload"))
    st.markdown(t("ui.export.upload_help"))
    upload = st.file_uploader(
        t("ui.export.file"), type=["json"], key=f"{PAGE}_file", max_upload_size=5
    )
    if upload is not None:
        try:
            candidate = parse_plan(upload.getvalue(), lang=lang())
        except PlanFileError as exc:
            show_problems(exc.problems, intro=t("ui.export.rejected", name=upload.name))
        else:
            st.success(
                t(
                    "ui.export.valid",
                    name=candidate.name,
                    communities=len(candidate.communities),
                    sponsors=len(candidate.sponsors),
                ),
                icon=":material/check_circle:",
            )
            if st.button(
                t("ui.export.open"),
                key=f"{PAGE}_open",
                type="primary",
                icon=":material/folder_open:",
            ):
                open_plan(candidate)
                st.rerun()
