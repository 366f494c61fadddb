"""Tracking after launch as the pages show it: health, changes since the last import, charts.

Owns the health table (one row per community with actuals: level badge, gap, projected end
with its interval, reason and action), "what changed since the last import" (the tracking of
the plan in hand against that of the newest stored revision whose snapshots differ), the
per-community charts (one at a time beyond :data:`MAX_CHARTS` communities) and the compact
"after launch" block of the readiness page. Imports ``planner``, ``workbook.guidance``,
``workbook.persistence``, ``workbook.results``, ``workbook.steps`` and ``workbook.text``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import streamlit as st

from planner.i18n import format_date, format_number, format_share, translate
from planner.indicators import Level
from planner.models import Plan
from planner.store import PlanNotFound
from planner.tracking import CommunityTracking, Tracking
from workbook.guidance import level_badge
from workbook.persistence import plan_store
from workbook.results import cached_view, plan_key, show_figure, tracking
from workbook.steps import page_path
from workbook.text import Markdown, day, lang, literal, md, moment, render_md, t

PAGE = "tracking"
#: Beyond this many communities with actuals, the charts show one community at a time.
MAX_CHARTS = 6
#: How far back the history is searched for the plan before the last import.
MAX_REVISIONS_BACK = 60
#: Communities the readiness page lists by name; the others are counted.
MAX_LISTED = 6

_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_HEALTH_COLUMNS = ("community", "level", "gap", "end", "why")


def _cell(text: str) -> str:
    """A Markdown table cell: one line (no-break spaces kept), its pipes kept literal."""
    return _LINE_BREAK.sub(" ", text.strip()).replace("|", "\\|")


def _number(value: float | None, language: str) -> str:
    return "—" if value is None else format_number(value, language)


def _gap(tracked: CommunityTracking, as_of: date | None, language: str) -> str:
    """``−35 % (87 / 134)``: the gap, then members read and planned; the day when older."""
    if tracked.actual_members is None:
        return "—"
    shown = translate(
        "trackpage.health.gap_cell",
        language,
        gap="—" if tracked.gap is None else _signed_share(tracked.gap, language),
        members=_number(tracked.actual_members, language),
        planned=_number(tracked.forecast_members, language),
    )
    if tracked.actual_date is not None and tracked.actual_date != as_of:
        shown += " · " + format_date(tracked.actual_date, language, style="medium")
    return shown


def _end(tracked: CommunityTracking, language: str) -> str:
    planned = _number(tracked.planned_end, language)
    if tracked.projected_end is None:
        return translate("trackpage.health.end_planned", language, planned=planned)
    return translate(
        "trackpage.health.end_projected",
        language,
        projected=_number(tracked.projected_end, language),
        low=_number(tracked.projected_low, language),
        high=_number(tracked.projected_high, language),
        planned=planned,
    )


def _health_markdown(kind: str, plan: Plan, language: str) -> str:
    """The health table as one Markdown table (badges cannot live in a data frame).

    Few, short columns of figures and one wide one for the reason and the action, so the
    table reads on a laptop and on a projector in workshop mode.
    """
    result = tracking(plan)
    head = [translate(f"trackpage.health.{c}", language) for c in _HEALTH_COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for tracked in result.communities:
        why = translate(
            "trackpage.health.why_cell",
            language,
            reason=render_md(tracked.reason, language),
            action=render_md(tracked.action, language),
        )
        cells = [
            f"**{literal(tracked.name)}**",
            _badge(tracked.level, language),
            _gap(tracked, result.as_of, language),
            _end(tracked, language),
            why,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def _signed_share(value: float, language: str) -> str:
    """A gap as a signed percentage: ``+12 %``, ``−32 %`` (a true minus sign)."""
    shown = format_share(abs(value), language)
    return ("+" if value >= 0 else "\u2212") + shown


def overall_line(result: Tracking) -> Markdown:
    """The worst level among the communities, and the day of the latest reading."""
    return Markdown(
        _badge(result.level, lang())
        + " "
        + t(
            "trackpage.overall",
            count=len(result.communities),
            day=day(result.as_of),
        )
    )


def health_table(plan: Plan) -> None:
    """One row per community with actuals: level, gap, projected end, reason and action."""
    st.subheader(t("trackpage.health.title"), anchor=False)
    st.markdown(overall_line(tracking(plan)))
    st.markdown(cached_view(f"{PAGE}:health", plan, _health_markdown))
    st.caption(t("trackpage.health.caption"))


# --------------------------------------------------------------------------------------------
# What changed since the last import


@st.cache_resource(show_spinner=False, max_entries=32)
def _before_import(plan_id: str, number: int, key: str, _plan: Plan) -> tuple[int, datetime, Plan]:
    """The newest revision at or before ``number`` whose snapshots differ from ``_plan``'s.

    Revisions never change once stored, so the answer is kept per (plan, revision, digest).
    Returns (0, …, _plan) when none does within :data:`MAX_REVISIONS_BACK`.
    """
    store = plan_store()
    current = _actuals(_plan)
    for back in range(number, max(number - MAX_REVISIONS_BACK, 0), -1):
        try:
            revision = store.revision(plan_id, back)
        except PlanNotFound:
            continue
        if _actuals(revision.plan) != current:
            return revision.number, revision.created_at, revision.plan
    return 0, datetime.min, _plan


def _actuals(plan: Plan) -> dict[str, object]:
    return {community.id: community.actuals for community in plan.communities}


def changes_since_import(plan: Plan) -> None:
    """The tracking of the plan in hand against that of the plan before its last import."""
    st.subheader(t("trackpage.changes.title"), anchor=False)
    plan_id = st.session_state.get("plan_id")
    number = st.session_state.get("base_revision")
    if not plan_id or not number:
        st.caption(t("trackpage.changes.unsaved"))
        return
    found, created, before = _before_import(str(plan_id), int(number), plan_key(plan), plan)
    if not found:
        st.caption(t("trackpage.changes.none"))
        return
    st.caption(t("trackpage.changes.intro", number=found, time=moment(created)))
    old = {c.community_id: c for c in tracking(before).communities}
    lines = [
        _change_line(tracked, old.get(tracked.community_id))
        for tracked in tracking(plan).communities
    ]
    changed = [line for line in lines if line]
    st.markdown("\n".join(changed) if changed else t("trackpage.changes.nothing"))


def _change_line(now: CommunityTracking, before: CommunityTracking | None) -> str:
    """One line per community: new readings, members added, and its level when it moved."""
    added = len(now.snapshots) - (len(before.snapshots) if before else 0)
    parts = []
    if added > 0:
        parts.append(t("trackpage.changes.snapshots", count=added, day=day(now.snapshots[-1].date)))
    old_members = before.actual_members if before else None
    if now.actual_members is not None and old_members is not None:
        delta = now.actual_members - old_members
        parts.append(
            t(
                "trackpage.changes.members",
                before=old_members,
                now=now.actual_members,
                delta=f"{'+' if delta >= 0 else '−'}{format_number(abs(delta), lang())}",
            )
        )
    elif now.actual_members is not None:
        parts.append(t("trackpage.changes.members_first", now=now.actual_members))
    if before is None:
        parts.append(md("trackpage.changes.level_first", now=_badge(now.level, lang())))
    elif before.level is not now.level:
        parts.append(
            md(
                "trackpage.changes.level",
                before=_badge(before.level, lang()),
                now=_badge(now.level, lang()),
            )
        )
    if not parts:
        return ""
    return f"- **{literal(now.name)}** — " + " · ".join(parts)


# --------------------------------------------------------------------------------------------
# Charts


def community_charts(plan: Plan) -> None:
    """Each community's members against its plan; one at a time beyond MAX_CHARTS."""
    st.subheader(t("trackpage.charts.title"), anchor=False)
    tracked = tracking(plan).communities
    if len(tracked) > MAX_CHARTS:
        names = {c.community_id: c.name for c in tracked}
        chosen = st.selectbox(
            t("trackpage.charts.choose", count=len(tracked)),
            list(names),
            format_func=names.__getitem__,
            key=f"{PAGE}_chart_community",
        )
        shown = [c for c in tracked if c.community_id == chosen]
    else:
        shown = list(tracked)
    for community in shown:
        show_figure(
            f"tracking:{community.community_id}", plan, key=f"{PAGE}_chart_{community.community_id}"
        )


# --------------------------------------------------------------------------------------------
# The readiness page's block


def after_launch_block(plan: Plan) -> None:
    """On the readiness page: the tracking level, and each community's level and reason."""
    result = tracking(plan)
    if not result.communities:
        return
    with st.container(border=True):
        st.markdown(f"**{t('trackpage.readiness.title')}** " + overall_line(result))
        ordered = sorted(result.communities, key=lambda c: _ORDER[c.level])
        language = lang()
        lines = [
            f"- {_badge(c.level, language)} **{literal(c.name)}** — {render_md(c.reason, language)}"
            for c in ordered[:MAX_LISTED]
        ]
        if len(ordered) > MAX_LISTED:
            lines.append(f"- {t('trackpage.readiness.more', count=len(ordered) - MAX_LISTED)}")
        st.markdown("\n".join(lines))
        st.page_link(
            page_path(PAGE), label=t("trackpage.readiness.link"), icon=":material/arrow_forward:"
        )


_ORDER = {Level.CRITICAL: 0, Level.WATCH: 1, Level.OK: 2}


def _badge(level: Level, language: str) -> Markdown:
    """A level's badge named as after launch: on track, watch, critical (not "ready")."""
    return level_badge(level, translate(f"tracking.level.{level.value}", language))
