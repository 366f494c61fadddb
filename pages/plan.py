"""Step 1 — the plan: organisation, platform, dates and language; the readiness at a glance."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages._common import (
    bind,
    current_plan,
    day,
    labels,
    lang,
    lang_key,
    number,
    page_header,
    scorecard_tiles,
    set_plan,
    show_problems,
    t,
)
from planner import PlanFileError, Problem
from planner.models import Language, Platform
from planner.tables import update_plan

PAGE = "plan"
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
plan = current_plan()
page_header(PAGE)

st.subheader(t("ui.plan.details"))
with st.container(border=True):
    left, right = st.columns(2)
    name = left.text_input(t("ui.plan.name"), key=bind("plan_name", plan.name), max_chars=200)
    organisation = right.text_input(
        t("ui.plan.organisation"),
        key=bind("plan_organisation", plan.organisation),
        max_chars=200,
    )
    platforms = [p.value for p in Platform]
    platform = left.selectbox(
        t("ui.plan.platform"),
        platforms,
        format_func=labels("ui.platform."),
        key=bind(lang_key("plan_platform"), plan.platform.value),
    )
    languages = [language.value for language in Language]
    language = right.selectbox(
        t("ui.plan.language"),
        languages,
        format_func=labels("ui.language."),
        key=bind(lang_key("plan_language"), plan.language.value),
        help=t("ui.plan.language_help"),
    )
    start, launch, end = st.columns(3)
    date_format = "DD/MM/YYYY" if lang() == "fr" else "YYYY/MM/DD"
    start_date = start.date_input(
        t("ui.plan.start_date"),
        key=bind("plan_start_date", plan.start_date),
        min_value=EARLIEST,
        max_value=LATEST,
        format=date_format,
        help=t("ui.plan.start_date_help"),
    )
    launch_date = launch.date_input(
        t("ui.plan.launch_date"),
        key=bind("plan_launch_date", plan.launch_date),
        min_value=EARLIEST,
        max_value=LATEST,
        format=date_format,
        help=t("ui.plan.launch_date_help"),
    )
    end_date = end.date_input(
        t("ui.plan.end_date"),
        key=bind("plan_end_date", plan.end_date),
        min_value=EARLIEST,
        max_value=LATEST,
        format=date_format,
        help=t("ui.plan.end_date_help"),
    )
    if plan.launch_date and plan.end_date:
        weeks = (plan.end_date - plan.launch_date).days / 7
        st.caption(
            t(
                "ui.plan.period",
                launch=day(plan.launch_date),
                end=day(plan.end_date),
                weeks=number(weeks, 1),
            )
        )

    changes = {
        "name": name,
        "organisation": organisation,
        "platform": platform,
        "language": language,
        "start_date": start_date,
        "launch_date": launch_date,
        "end_date": end_date,
    }
    current = {key: getattr(plan, key) for key in changes}
    current = {key: getattr(value, "value", value) for key, value in current.items()}
    if changes != current:
        try:
            updated = update_plan(plan, changes, lang=lang())
        except PlanFileError as exc:
            show_problems(
                [
                    Problem(t(f"ui.plan.{problem.path}"), problem.message)
                    if problem.path in changes
                    else problem
                    for problem in exc.problems
                ]
            )
        else:
            set_plan(updated)

st.subheader(t("ui.plan.summary"))
populations = [population for _, population in plan.all_populations()]
headcount = sum(p.headcount or 0 for p in populations)
ambassadors = sum(len(c.ambassadors) for c in plan.communities)
metrics = st.columns(5)
metrics[0].metric(t("ui.plan.metric.communities"), number(len(plan.communities)))
metrics[1].metric(t("ui.plan.metric.populations"), number(len(populations)))
metrics[2].metric(t("ui.plan.metric.headcount"), number(headcount))
metrics[3].metric(t("ui.plan.metric.ambassadors"), number(ambassadors))
metrics[4].metric(t("ui.plan.metric.sponsors"), number(len(plan.sponsors)))

st.subheader(t("ui.plan.scorecard"))
scorecard_tiles(plan)
