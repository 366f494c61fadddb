"""Step 4 — the people who carry the launch: ambassadors per population and the core team."""

from __future__ import annotations

import streamlit as st

from planner.i18n import format_number, translate
from planner.models import AmbassadorPreset, Plan
from planner.tables import update_plan
from workbook.frame import page_header
from workbook.grids import edit_table
from workbook.imports import import_box
from workbook.persistence import current_plan
from workbook.problems import update_or_show
from workbook.readonly import read_only
from workbook.results import cached_view
from workbook.session import bind, lang_key
from workbook.text import labels, lang, literal, number, t

PAGE = "people"
plan = current_plan()
page_header(PAGE)

st.subheader(t("ui.people.ambassadors"))
st.caption(t("ui.people.ambassadors_help"))
presets = [preset.value for preset in AmbassadorPreset if preset is not AmbassadorPreset.CUSTOM]
current_preset = plan.thresholds.ambassador_preset.value
if current_preset in presets:
    preset = st.selectbox(
        t("ui.people.preset"),
        presets,
        format_func=labels("ui.preset."),
        key=bind(lang_key("people_preset"), current_preset),
        help=t("ui.people.preset_help"),
        disabled=read_only(),
    )
    if preset != current_preset:
        update_or_show(
            lambda: update_plan(plan, {"thresholds": {"ambassador_preset": preset}}, lang=lang())
        )
else:
    st.caption(t("ui.people.custom_preset"))


def _needs(kind: str, plan: Plan, language: str) -> list[str]:
    """One line per population: ambassadors the rule asks for, and those planned."""
    goal = plan.thresholds.ambassador_band()[1]
    return [
        translate(
            "ui.people.needed",
            language,
            population=literal(population.name),
            count=format_number(-(-population.headcount * goal // 1), language),
            have=format_number(
                sum(1 for a in community.ambassadors if a.population_id == population.id), language
            ),
        )
        for community, population in plan.all_populations()
        if population.headcount
    ]


def _show_needs(plan: Plan) -> None:
    needs = cached_view("people:needs", plan, _needs)
    if needs:
        with st.expander(t("ui.people.needed_title"), icon=":material/calculate:"):
            st.markdown("\n".join(f"- {line}" for line in needs))


if plan.communities and any(c.populations for c in plan.communities):
    # The needs count the ambassadors of the grid: one part, drawn again with each edit.
    edit_table(
        PAGE,
        "ambassadors",
        before=_show_needs,
        after=lambda plan: import_box(PAGE, "ambassadors", plan),
    )
else:
    st.info(t("ui.people.needs_population"), icon=":material/info:")
    st.page_link(
        "pages/populations.py", label=t("ui.page.populations.title"), icon=":material/diversity_3:"
    )

st.subheader(t("ui.people.core_team"))
st.caption(t("ui.people.core_team_help"))
hours = plan.thresholds.role_hours
st.caption(
    t(
        "ui.people.hours",
        hours="; ".join(
            t(
                "ui.people.hours_item",
                role=t(f"role.{role.value}"),
                before=number(h.before, 1),
                after=number(h.after, 1),
            )
            for role, h in hours.items()
        ),
    )
)
edit_table(PAGE, "core_team")
