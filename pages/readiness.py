"""Step 7 — readiness and risks: every indicator with its level, score, reason and action."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.indicators import Level
from planner.models import Plan
from planner.tracking import has_actuals
from workbook.frame import page_header
from workbook.guidance import level_badge
from workbook.persistence import current_plan
from workbook.results import assessment, cached_view, show_figure
from workbook.steps import INDICATOR_PAGES, page_path
from workbook.text import lang, render_md, t
from workbook.tracking import after_launch_block

PAGE = "readiness"
plan = current_plan()
page_header(PAGE)
result = assessment(plan)

overall, summary = st.columns([1, 3], vertical_alignment="center")
overall.metric(t("ui.readiness.overall"), f"{result.score}/100")
counts = {level: sum(1 for i in result.indicators if i.level is level) for level in Level}
summary.markdown(
    level_badge(result.level)
    + " "
    + t(
        "ui.readiness.counts",
        ok=counts[Level.OK],
        watch=counts[Level.WATCH],
        critical=counts[Level.CRITICAL],
    )
)
if has_actuals(plan):
    # After launch, the network's real figures say more than the prerequisites: shown first.
    after_launch_block(plan)

#: The page's charts, one tab each: (catalogue id of the tab, figure kind).
CHARTS = (
    ("ui.readiness.tab.scorecard", "scorecard"),
    ("ui.readiness.tab.radar", "readiness"),
    ("ui.readiness.resistance", "resistance"),
    ("ui.readiness.coverage", "ambassadors"),
)


@st.fragment
def charts() -> None:
    """The charts in tabs, only the open one drawn: choosing a tab reruns this part alone.

    Drawing all four on every visit cost the browser ~0.3 s each time the page was opened.
    """
    tabs = st.tabs(
        [t(label) for label, _ in CHARTS],
        # One key per language: the tab is remembered by its label.
        key=f"{PAGE}_charts.{lang()}",
        on_change="rerun",
    )
    for tab, (_, kind) in zip(tabs, CHARTS, strict=True):
        if tab.open:
            with tab:
                show_figure(kind, current_plan(), key=f"{PAGE}_{kind}")


charts()

MAX_FINDINGS = 50


def _indicator_texts(kind: str, plan: Plan, language: str) -> list[dict[str, Any]]:
    """Each indicator's texts, rendered once per plan version (the first findings only)."""
    texts = []
    for indicator in assessment(plan).indicators:
        findings = [f for f in indicator.findings if f.level is not Level.OK]
        texts.append(
            {
                "indicator": indicator,
                "reason": render_md(indicator.reason, language),
                "action": render_md(indicator.action, language),
                "findings": [
                    (
                        f.level,
                        render_md(f.message, language),
                        render_md(f.action, language) if f.action is not None else "",
                    )
                    for f in findings[:MAX_FINDINGS]
                ],
                "more": max(len(findings) - MAX_FINDINGS, 0),
                "count": len(findings),
            }
        )
    return texts


def _indicator_body(item: dict[str, Any]) -> str:
    """An indicator's badge, reason, action and findings as one Markdown block.

    One element rather than five: the eight expanders are drawn on every visit, open or not,
    and each element costs the browser a component to mount.
    """
    indicator = item["indicator"]
    parts = [
        level_badge(indicator.level, f"{indicator.score}/100"),
        t("ui.readiness.reason", reason=item["reason"]),
        t("ui.readiness.action", action=item["action"]),
    ]
    if item["findings"]:
        lines = [f"**{t('ui.readiness.findings', count=item['count'])}**", ""]
        for level, message, action in item["findings"]:
            line = f"- {level_badge(level)} {message}"
            if action:
                line += f"  \n  {t('ui.guide.action', action=action)}"
            lines.append(line)
        if item["more"]:
            lines.append(f"- {t('ui.readiness.more', count=item['more'])}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


st.subheader(t("ui.readiness.indicators"))
for item in cached_view("readiness", plan, _indicator_texts):
    indicator = item["indicator"]
    name = t(f"indicator.{indicator.id}.name")
    title = f"{name} — {indicator.score}/100 — {t(f'level.{indicator.level.value}')}"
    with st.expander(title, expanded=indicator.level is Level.CRITICAL):
        st.caption(t(f"indicator.{indicator.id}.help"))
        st.markdown(_indicator_body(item))
        fix = INDICATOR_PAGES[indicator.id]
        st.page_link(
            page_path(fix),
            label=t("ui.guide.fix_on", page=t(f"ui.page.{fix}.title")),
            icon=":material/arrow_forward:",
        )
