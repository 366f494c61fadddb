"""The start page, shown when the session holds no plan: a recent plan, a new one, or a sample.

Nothing is stored by looking: a sample opens as a preview (stored at its first change), a new
plan is stored when its form is sent, a recent plan is already stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from planner import PlanFileError
from planner.models import Language, Platform
from planner.tables import update_plan
from workbook.guidance import level_badge
from workbook.persistence import (
    SAMPLES,
    empty_plan,
    load_sample,
    open_plan,
    open_stored_plan,
    preview,
    session_store,
)
from workbook.problems import show_plan_field_problems
from workbook.results import assessment
from workbook.text import labels, lang, literal, md, moment, t

PAGE = "start"
#: How many of the most recently saved plans the page offers.
RECENT = 6

st.title(t("ui.start.title"))
st.markdown(t("ui.start.intro"))


def _opened(open_: Callable[..., None]) -> Callable[..., None]:
    """A callback that opens a plan, then speaks its language unless the user chose one here."""

    def callback(*args: Any, **kwargs: Any) -> None:
        open_(*args, **kwargs)
        if not st.session_state.get("lang_chosen"):
            language = st.session_state["plan"].language.value
            st.session_state["lang"] = st.session_state["app_lang"] = language

    return callback


def _recent() -> None:
    st.subheader(t("ui.start.recent"), anchor=False)
    infos = sorted(session_store().list_plans(), key=lambda info: info.updated_at, reverse=True)
    if not infos:
        st.caption(t("ui.start.no_recent"))
        return
    st.caption(t("ui.start.recent_help"))
    for info in infos[:RECENT]:
        plan = session_store().latest(info.id).plan
        result = assessment(plan)
        with st.container(border=True, key=f"{PAGE}_recent_{info.id}"):
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{literal(info.name)}** {level_badge(result.level)}")
            text.caption(
                md(
                    "ui.start.recent_row",
                    organisation=plan.organisation or t("ui.start.no_organisation"),
                    time=moment(info.updated_at),
                    score=result.score,
                )
            )
            button.button(
                t("ui.start.open"),
                key=f"{PAGE}_open_{info.id}",
                icon=":material/folder_open:",
                on_click=_opened(open_stored_plan),
                args=(info.id,),
                width="stretch",
            )
    st.caption(t("ui.start.more"))


def _new_plan() -> None:
    st.subheader(t("ui.start.new"), anchor=False)
    st.caption(t("ui.start.new_help"))
    date_format = "DD/MM/YYYY" if lang() == "fr" else "YYYY/MM/DD"
    with st.form(f"{PAGE}_new", border=True):
        left, right = st.columns(2)
        name = left.text_input(t("ui.plan.name"), max_chars=200, key=f"{PAGE}_name")
        organisation = right.text_input(
            t("ui.plan.organisation"), max_chars=200, key=f"{PAGE}_organisation"
        )
        platform = left.selectbox(
            t("ui.plan.platform"),
            [p.value for p in Platform],
            format_func=labels("ui.platform."),
            key=f"{PAGE}_platform",
        )
        language = right.selectbox(
            t("ui.plan.language"),
            [language.value for language in Language],
            index=[language.value for language in Language].index(lang()),
            format_func=labels("ui.language."),
            key=f"{PAGE}_language",
        )
        dates: dict[str, date | None] = {}
        for field, column in zip(
            ("start_date", "launch_date", "end_date"), st.columns(3), strict=True
        ):
            dates[field] = column.date_input(
                t(f"ui.plan.{field}"),
                value=None,
                format=date_format,
                help=t(f"ui.plan.{field}_help"),
                key=f"{PAGE}_{field}",
            )
        if st.form_submit_button(t("ui.start.create"), type="primary", icon=":material/add:"):
            fields = {
                "name": name.strip() or t("ui.sidebar.new_plan_name"),
                "organisation": organisation.strip(),
                "platform": platform,
                "language": language,
                **dates,
            }
            _create(fields)


def _create(fields: dict[str, object]) -> None:
    """Store the new plan and open it at step 1, or say what is wrong with the form."""
    try:
        plan = update_plan(empty_plan(str(fields["language"])), fields, lang=lang())
    except PlanFileError as exc:
        show_plan_field_problems(exc.problems, fields)
        return
    open_plan(plan, note="new plan")
    st.rerun()


def _preview_sample(name: str) -> None:
    """Open the sample ``name`` as a preview (read only when its button is clicked)."""
    preview(load_sample(name), source=f"sample {name}")


def _samples() -> None:
    st.subheader(t("ui.start.samples"), anchor=False)
    st.caption(t("ui.start.samples_help"))
    for column, sample in zip(st.columns(len(SAMPLES)), SAMPLES, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{t(f'ui.sidebar.sample.{sample}')}**")
            st.markdown(t(f"ui.start.sample.{sample}"))
            st.button(
                t("ui.start.sample_open"),
                key=f"{PAGE}_sample_{sample}",
                icon=":material/visibility:",
                on_click=_opened(_preview_sample),
                args=(sample,),
            )


_recent()
_new_plan()
_samples()
