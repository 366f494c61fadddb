"""Compare two revisions of the plan in hand, or two stored plans: readiness, forecast, timeline
and content side by side, and the comparison as a PDF or CSV.

Not a step of the workshop flow: reached from the Plans page and from a revision of its history.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from planner.compare import Comparison, ShiftKind
from planner.i18n import render
from planner.models import Plan
from planner.tables import slugify
from workbook.guidance import level_badge
from workbook.persistence import current_plan, session_store
from workbook.results import compare_figure, comparison
from workbook.session import lang_key
from workbook.text import day, labels, lang, literal, moment, number, render_md, t
from workbook.workshop import large_type

PAGE = "compare"
#: Set by the Plans page's history: (plan id, revision number) to compare with the latest.
FROM_HISTORY = "compare_from"

plan = current_plan()
store = session_store()
plan_id: str | None = st.session_state.get("plan_id")
large_type()
st.title(t("ui.page.compare.title"), anchor=False)
st.caption(t("ui.compare.intro"))


def _before_today(created: list[datetime]) -> int:
    """Index of the newest revision saved before today (the day's workshop), else the oldest."""
    today = datetime.now().astimezone().date()
    earlier = [index for index, when in enumerate(created) if when.astimezone().date() < today]
    return earlier[0] if earlier else len(created) - 1


def _revisions(plan_id: str) -> tuple[Plan, Plan, str, str] | None:
    """Two revisions of the plan in hand, chosen: A, B and their labels; None with only one."""
    history = store.history(plan_id)  # newest first
    if len(history) < 2:
        st.info(t("ui.compare.one_revision"), icon=":material/info:")
        return None
    numbers = [revision.number for revision in history]
    names = {
        revision.number: t(
            "ui.compare.revision", number=revision.number, time=moment(revision.created_at)
        )
        for revision in history
    }
    asked = st.session_state.pop(FROM_HISTORY, None)
    key_a, key_b = f"{PAGE}_revision_a", f"{PAGE}_revision_b"
    if asked is not None and asked[0] == plan_id and asked[1] in numbers:
        st.session_state[key_a], st.session_state[key_b] = asked[1], numbers[0]
    st.session_state.setdefault(key_a, numbers[_before_today([r.created_at for r in history])])
    st.session_state.setdefault(key_b, numbers[0])
    left, right = st.columns(2)
    chosen_a = left.selectbox(t("ui.compare.a"), numbers, format_func=names.__getitem__, key=key_a)
    chosen_b = right.selectbox(t("ui.compare.b"), numbers, format_func=names.__getitem__, key=key_b)
    a = store.revision(plan_id, int(chosen_a)).plan
    b = store.revision(plan_id, int(chosen_b)).plan
    return a, b, names[int(chosen_a)], names[int(chosen_b)]


def _plans() -> tuple[Plan, Plan, str, str] | None:
    """Two stored plans, chosen: A, B and their names; None without a second plan."""
    infos = store.list_plans()
    names = {info.id: info.name for info in infos}
    if len(names) < 2:
        st.info(t("ui.compare.no_other_plan"), icon=":material/info:")
        return None
    ids = list(names)
    key_a, key_b = f"{PAGE}_plan_a", f"{PAGE}_plan_b"
    st.session_state.setdefault(key_a, plan_id if plan_id in names else ids[0])
    st.session_state.setdefault(key_b, next(i for i in ids if i != st.session_state[key_a]))
    left, right = st.columns(2)
    chosen_a = left.selectbox(t("ui.compare.a"), ids, format_func=names.__getitem__, key=key_a)
    chosen_b = right.selectbox(t("ui.compare.b"), ids, format_func=names.__getitem__, key=key_b)
    a, b = store.latest(str(chosen_a)).plan, store.latest(str(chosen_b)).plan
    return a, b, names[str(chosen_a)], names[str(chosen_b)]


modes = ["revisions", "plans"] if plan_id is not None else ["plans"]
if st.session_state.get(FROM_HISTORY) is not None:
    st.session_state[lang_key(f"{PAGE}_mode")] = "revisions"
mode = st.radio(
    t("ui.compare.mode"),
    modes,
    format_func=labels("ui.compare.mode."),
    horizontal=True,
    key=lang_key(f"{PAGE}_mode"),
)
chosen = _revisions(plan_id) if mode == "revisions" and plan_id is not None else _plans()
if chosen is None:
    st.stop()
plan_a, plan_b, label_a, label_b = chosen
result: Comparison = comparison(plan_a, plan_b)


def _arrow(delta: float) -> str:
    return "↑" if delta > 0 else "↓" if delta < 0 else "→"


def _signed(delta: float) -> str:
    return ("+" if delta > 0 else "") + number(delta)


def _readiness(result: Comparison) -> None:
    st.subheader(t("ui.compare.readiness"), anchor=False)
    readiness = result.readiness
    left, middle, right = st.columns(3)
    left.metric(f"A · {literal(label_a)}", f"{readiness.a.score}/100")
    middle.metric(f"B · {literal(label_b)}", f"{readiness.b.score}/100")
    right.metric(
        t("ui.compare.delta"), f"{_arrow(readiness.score_delta)} {_signed(readiness.score_delta)}"
    )
    rows = [
        f"| {t('ui.compare.indicator')} | A | B | {t('ui.compare.delta')} |",
        "|---|---|---|---|",
    ]
    for item in readiness.indicators:
        rows.append(
            f"| {t(f'indicator.{item.id}.name')} "
            f"| {level_badge(item.level_a, f'{item.score_a}/100')} "
            f"| {level_badge(item.level_b, f'{item.score_b}/100')} "
            f"| {_arrow(item.delta)} {_signed(item.delta)} |"
        )
    st.markdown("\n".join(rows))
    language = lang()
    for title, findings in (
        ("ui.compare.appeared", readiness.appeared),
        ("ui.compare.disappeared", readiness.disappeared),
    ):
        if findings:
            lines = "\n".join(f"- {render_md(finding, language)}" for finding in findings)
            st.markdown(f"**{t(title, count=len(findings))}**\n\n{lines}")


def _forecast(result: Comparison) -> None:
    st.subheader(t("ui.compare.forecast"), anchor=False)
    forecast = result.forecast
    end, horizon = st.columns(2)
    if forecast.a.members_end is not None and forecast.b.members_end is not None:
        end.metric(
            t("ui.compare.members_end"),
            f"{number(forecast.a.members_end)} → {number(forecast.b.members_end)}",
            delta=_signed(forecast.b.members_end - forecast.a.members_end),
        )
    horizon.metric(
        t("ui.compare.members_horizon"),
        f"{number(forecast.a.members_horizon)} → {number(forecast.b.members_horizon)}",
        delta=_signed(forecast.members_horizon_delta),
    )
    compare_figure("forecast", plan_a, plan_b, key=f"{PAGE}_forecast")


def _timeline(result: Comparison) -> None:
    st.subheader(t("ui.compare.timeline"), anchor=False)
    timeline = result.timeline
    shifts = [*timeline.moved, *timeline.appeared, *timeline.disappeared]
    if not shifts:
        st.caption(t("ui.compare.no_move"))
    else:
        language = lang()
        names = result.community_names
        frame = pd.DataFrame(
            {
                t("ui.compare.column.task"): [render(s.label, language) for s in shifts],
                t("ui.compare.column.community"): [
                    names.get(s.community_id or "", "") for s in shifts
                ],
                t("ui.compare.column.change"): [
                    t(f"ui.compare.shift.{s.shift.value}") for s in shifts
                ],
                t("ui.compare.column.days"): [
                    s.days if s.shift is ShiftKind.MOVED else None for s in shifts
                ],
                t("ui.compare.column.start_a"): [day(s.start_a) for s in shifts],
                t("ui.compare.column.start_b"): [day(s.start_b) for s in shifts],
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch")
    compare_figure("gantt", plan_a, plan_b, key=f"{PAGE}_gantt")


def _content(result: Comparison) -> None:
    st.subheader(t("ui.compare.content"), anchor=False)
    groups = result.changes_by_community()
    if not groups:
        st.caption(t("ui.compare.no_change"))
        return
    language = lang()
    for community_id, changes in groups.items():
        title = (
            t("ui.compare.plan_wide")
            if community_id is None
            else literal(result.community_names.get(community_id, community_id))
        )
        lines = "\n".join(f"- {render_md(change.message, language)}" for change in changes)
        st.markdown(f"**{title}**\n\n{lines}")


def _exports(result: Comparison) -> None:
    from planner.export.compare import comparison_csv, comparison_pdf

    st.subheader(t("ui.compare.export"), anchor=False)
    language = lang()
    stem = slugify(f"{result.name_a}-{result.name_b}", fallback="comparison")
    left, right = st.columns(2)
    left.download_button(
        t("ui.compare.pdf"),
        data=lambda: comparison_pdf(result, language),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key=f"{PAGE}_pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        on_click="ignore",
    )
    right.download_button(
        t("ui.compare.csv"),
        data=lambda: comparison_csv(result, language),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{PAGE}_csv",
        icon=":material/table:",
        on_click="ignore",
    )


if result.is_identical:
    st.success(t("ui.compare.identical"), icon=":material/check_circle:")
_readiness(result)
_content(result)
_timeline(result)
_forecast(result)
_exports(result)
