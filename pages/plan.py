"""Step 1 — the plan: organisation, platform, dates and language; the readiness at a glance."""

from __future__ import annotations

from datetime import date

import streamlit as st

from planner import PlanFileError
from planner.models import Language, Plan, Platform
from planner.tables import update_plan
from workbook.frame import page_header
from workbook.guidance import scorecard_tiles
from workbook.parts import plan_part, save_part
from workbook.persistence import current_plan, set_plan
from workbook.problems import show_plan_field_problems
from workbook.readonly import read_only
from workbook.session import bind, lang_key
from workbook.text import day, labels, lang, number, t

PAGE = "plan"
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
plan = current_plan()
page_header(PAGE)

FIELDS = ("name", "organisation", "platform", "language", "start_date", "launch_date", "end_date")
#: The part of the page holding the plan's details (see workbook.parts.plan_part).
PART = "plan_details"


def _field_keys() -> dict[str, str]:
    """Widget key of each field (the two translated choices have one key per language)."""
    keys = {field: f"plan_{field}" for field in FIELDS}
    keys["platform"] = lang_key("plan_platform")
    keys["language"] = lang_key("plan_language")
    return keys


def _save_details() -> None:
    """Callback of every field: save the details when they make a valid plan."""
    plan = current_plan()
    changes = {field: st.session_state.get(key) for field, key in _field_keys().items()}
    try:
        updated = update_plan(plan, changes, lang=lang())
    except PlanFileError:
        return  # the part shows the problems next to the fields
    save_part(PART, updated)


def _fields(plan: Plan) -> dict[str, object]:
    """Draw the plan's fields (each saves from its callback); the values they hold now."""
    keys = _field_keys()
    locked = read_only()
    left, right = st.columns(2)
    values: dict[str, object] = {}
    values["name"] = left.text_input(
        t("ui.plan.name"),
        key=bind(keys["name"], plan.name),
        max_chars=200,
        on_change=_save_details,
        disabled=locked,
    )
    values["organisation"] = right.text_input(
        t("ui.plan.organisation"),
        key=bind(keys["organisation"], plan.organisation),
        max_chars=200,
        on_change=_save_details,
        disabled=locked,
    )
    values["platform"] = left.selectbox(
        t("ui.plan.platform"),
        [p.value for p in Platform],
        format_func=labels("ui.platform."),
        key=bind(keys["platform"], plan.platform.value),
        on_change=_save_details,
        disabled=locked,
    )
    values["language"] = right.selectbox(
        t("ui.plan.language"),
        [language.value for language in Language],
        format_func=labels("ui.language."),
        key=bind(keys["language"], plan.language.value),
        help=t("ui.plan.language_help"),
        on_change=_save_details,
        disabled=locked,
    )
    date_format = "DD/MM/YYYY" if lang() == "fr" else "YYYY/MM/DD"
    for field, column in zip(("start_date", "launch_date", "end_date"), st.columns(3), strict=True):
        values[field] = column.date_input(
            t(f"ui.plan.{field}"),
            key=bind(keys[field], getattr(plan, field)),
            min_value=EARLIEST,
            max_value=LATEST,
            format=date_format,
            help=t(f"ui.plan.{field}_help"),
            on_change=_save_details,
            disabled=locked,
        )
    return values


def _details(plan: Plan) -> None:
    changes = _fields(plan)
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
    current = {key: getattr(plan, key) for key in changes}
    current = {key: getattr(value, "value", value) for key, value in current.items()}
    # Disabled fields (a viewer's) show the plan, or the previous value of a field whose edit
    # the store just refused: nothing to take from them, and the refused edit stays in hand.
    if changes == current or read_only():
        return
    # Fields that differ from the plan: the callback refused them (say why), or they were set
    # without one.
    try:
        updated = update_plan(plan, changes, lang=lang())
    except PlanFileError as exc:
        show_plan_field_problems(exc.problems, changes)
    else:
        set_plan(updated)


st.subheader(t("ui.plan.details"))
with st.container(border=True):
    plan_part(PART, _details)

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
