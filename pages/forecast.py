"""Step 8 — the adoption forecast: Bass curves per population, every parameter adjustable."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlanFileError, Problem
from planner.forecast import SUMMARY_COLUMNS, forecast_summary_rows
from planner.i18n import format_date, format_number, translate
from planner.models import ForecastParams, Plan
from planner.tables import update_plan
from workbook.frame import page_header
from workbook.persistence import commit_plan, current_plan
from workbook.problems import show_problems
from workbook.readonly import read_only
from workbook.results import adoption, cached_view, show_figure
from workbook.session import bind
from workbook.text import lang, number, t

PAGE = "forecast"

# Each parameter: widget ("number", "slider", "int", "toggle"), lowest, highest, step, decimals.
PARAMETERS: dict[str, tuple[str, float, float, float, int]] = {
    "p": ("number", 0.001, 1.0, 0.005, 3),
    "q": ("number", 0.0, 5.0, 0.01, 2),
    "ceiling": ("slider", 0.05, 1.0, 0.05, 2),
    "period_days": ("int", 1, 31, 1, 0),
    "horizon_weeks": ("int", 1, 260, 1, 0),
    "adjust": ("toggle", 0, 1, 1, 0),
    "sponsor_effect": ("slider", 0.0, 0.9, 0.05, 2),
    "ambassador_effect": ("slider", 0.0, 0.9, 0.05, 2),
    "resistance_effect": ("slider", 0.0, 1.0, 0.05, 2),
    "creators_share": ("slider", 0.0, 0.2, 0.005, 3),
    "contributors_share": ("slider", 0.0, 0.5, 0.01, 2),
}
DEFAULTS = ForecastParams()
# How the parameters are laid out: the curve, then the adjustments, then the 90-9-1 split.
ROWS: tuple[tuple[str, ...], ...] = (
    ("p", "q", "period_days", "horizon_weeks"),
    ("ceiling", "sponsor_effect", "ambassador_effect", "resistance_effect"),
    ("adjust", "creators_share", "contributors_share"),
)


def _reset() -> None:
    plan = st.session_state["plan"]
    st.session_state["plan"] = update_plan(
        plan, {"forecast": DEFAULTS.model_dump()}, lang=st.session_state["lang"]
    )
    for name in PARAMETERS:
        st.session_state.pop(f"{PAGE}_{name}", None)


def _widget(name: str, value: Any) -> Any:
    kind, low, high, step, decimals = PARAMETERS[name]
    label = t(f"ui.forecast.param.{name}")
    default = getattr(DEFAULTS, name)
    help_text = t(f"ui.forecast.help.{name}")
    key = bind(f"{PAGE}_{name}", value)
    locked = read_only()
    result: Any
    if kind == "toggle":
        result = st.toggle(label, key=key, help=help_text, disabled=locked)
        shown = t("ui.forecast.on") if default else t("ui.forecast.off")
    elif kind == "int":
        result = st.number_input(
            label,
            min_value=int(low),
            max_value=int(high),
            step=int(step),
            key=key,
            help=help_text,
            disabled=locked,
        )
        shown = number(default)
    elif kind == "slider":
        result = st.slider(
            label,
            min_value=float(low),
            max_value=max(float(high), float(value)),
            step=float(step),
            key=key,
            help=help_text,
            format=f"%.{decimals}f",
            disabled=locked,
        )
        shown = number(default, decimals)
    else:
        result = st.number_input(
            label,
            min_value=float(low),
            max_value=float(high),
            step=float(step),
            key=key,
            help=help_text,
            format=f"%.{decimals}f",
            disabled=locked,
        )
        shown = number(default, decimals)
    st.caption(t("ui.forecast.default", value=shown))
    return result


@st.fragment
def parameters_and_curves() -> None:
    """Parameters and the curves they drive: moving a slider reruns only this part."""
    plan = current_plan()
    st.subheader(t("ui.forecast.parameters"))
    values: dict[str, Any] = {}
    for row in ROWS:
        for column, name in zip(st.columns(len(row)), row, strict=True):
            with column:
                values[name] = _widget(name, getattr(plan.forecast, name))
    st.button(
        t("ui.forecast.reset"),
        key=f"{PAGE}_reset",
        icon=":material/restart_alt:",
        on_click=_reset,
        disabled=read_only(),
    )
    if values != {name: getattr(plan.forecast, name) for name in PARAMETERS}:
        try:
            plan = update_plan(plan, {"forecast": values}, lang=lang())
        except PlanFileError as exc:
            show_problems(
                [
                    Problem(t(f"ui.forecast.param.{p.path.removeprefix('forecast.')}"), p.message)
                    if p.path.removeprefix("forecast.") in PARAMETERS
                    else p
                    for p in exc.problems
                ]
            )
        else:
            # Saved now, not on the next full run: a refresh right after a slider keeps it.
            commit_plan(plan)

    result = adoption(plan)
    if not plan.forecast.adjust:
        st.info(t("forecast.adjustments_off"), icon=":material/info:")
    show_figure("adoption", plan, key=f"{PAGE}_curves")

    members = result.members_at_horizon
    share = result.participation
    metrics = st.columns(4)
    metrics[0].metric(t("ui.forecast.members"), number(members))
    metrics[1].metric(t("forecast.participation.creators"), number(share.creators))
    metrics[2].metric(t("forecast.participation.contributors"), number(share.contributors))
    metrics[3].metric(t("forecast.participation.lurkers"), number(share.lurkers))
    if result.sponsor_score is not None:
        st.caption(t("ui.forecast.sponsor_score", score=result.sponsor_score))

    st.subheader(t("ui.forecast.multipliers"))
    st.caption(t("ui.forecast.multipliers_help"))
    table = cached_view("forecast:summary", plan, _summary)
    if table.empty:
        st.info(t("ui.forecast.nothing"), icon=":material/info:")
        return
    st.dataframe(table, hide_index=True, width="stretch")


# The planner's summary columns, the ids aside: the table shows names.
SUMMARY = tuple(column for column in SUMMARY_COLUMNS if not column.endswith("_id"))
DECIMALS = {"p": 3, "q": 3, "ceiling": 2, "members_at_horizon": 0, "headcount": 0, "ambassadors": 0}


def _summary(kind: str, plan: Plan, language: str) -> pd.DataFrame:
    """The per-population table, numbers and dates written in the language (built once)."""
    rows = forecast_summary_rows(adoption(plan))
    table: dict[str, list[str]] = {}
    for key in SUMMARY:
        cells = []
        for row in rows:
            value = row[key]
            if isinstance(value, date):
                cells.append(format_date(value, language, style="medium"))
            elif isinstance(value, int | float):
                cells.append(format_number(value, language, decimals=DECIMALS.get(key, 2)))
            else:
                cells.append(str(value))
        table[translate(f"forecast.column.{key}", language)] = cells
    return pd.DataFrame(table)


plan = current_plan()
page_header(PAGE)
parameters_and_curves()
