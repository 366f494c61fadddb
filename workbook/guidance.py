"""What each step still lacks, and the readiness at a glance.

Owns the guidance box at the top of every step (purpose, why it matters, the findings that
concern this page with a link to the page that fixes each), the level badges, and the
scorecard tiles of the plan page. Imports ``workbook.results``, ``workbook.steps`` and
``workbook.text``.
"""

from __future__ import annotations

import streamlit as st

from planner.i18n import translate
from planner.indicators import Level
from planner.models import Plan
from workbook.results import adoption, assessment, cached_view, timeline
from workbook.steps import INDICATOR_PAGES, PAGE_INDICATORS, page_path
from workbook.text import Markdown, render_md, t

LEVEL_BADGES: dict[Level, tuple[str, str]] = {
    Level.OK: ("green", ":material/check_circle:"),
    Level.WATCH: ("orange", ":material/error:"),
    Level.CRITICAL: ("red", ":material/cancel:"),
}

_MAX_FINDINGS = 6

_Line = tuple[Level, str, str, str | None]  # level, text, action, page that fixes it


def level_badge(level: Level, text: str | None = None) -> Markdown:
    """A coloured badge naming a level (with an icon, so it reads without colour).

    ``text`` is Markdown (catalogue text and numbers), never user text as typed.
    """
    colour, icon = LEVEL_BADGES[level]
    return Markdown(f":{colour}-badge[{icon} {text or t(f'level.{level.value}')}]")


def guidance_lines(page: str, plan: Plan) -> tuple[list[_Line], int]:
    """What ``page`` shows as still missing for ``plan``: its first lines and how many in all.

    Cached per plan version and language; :mod:`workbook.parts` compares it before and after
    an edit to know whether the guidance box must be drawn again.
    """
    result: tuple[list[_Line], int] = cached_view(f"guidance:{page}", plan, _guidance_lines)
    return result


def guidance(page: str, plan: Plan) -> None:
    """Say what the step is for, why it matters, and what the plan still lacks here."""
    lines, total = guidance_lines(page, plan)
    # The step's purpose, why it matters and the heading of what follows: one element, as
    # every page draws this box (fewer elements, less for the browser to mount).
    intro = [f":material/lightbulb: **{t(f'ui.guide.{page}.purpose')}**", t(f"ui.guide.{page}.why")]
    if lines:
        intro.append(f"**{t('ui.guide.missing')}**")
    else:
        intro.append(f":green[:material/check_circle:] {t('ui.guide.nothing_missing')}")
    with st.container(border=True):
        st.markdown("\n\n".join(intro))
        for level, text, action, fix_page in lines:
            line = f"{level_badge(level)} {text}"
            if action:
                line += f"  \n{t('ui.guide.action', action=action)}"
            st.markdown(line)
            if fix_page is not None and fix_page != page:
                st.page_link(
                    page_path(fix_page),
                    label=t("ui.guide.fix_on", page=t(f"ui.page.{fix_page}.title")),
                    icon=":material/arrow_forward:",
                )
        if total > len(lines):
            st.page_link(
                page_path("readiness"),
                label=t("ui.guide.more", count=total - len(lines)),
                icon=":material/fact_check:",
            )


def _guidance_lines(kind: str, plan: Plan, language: str) -> tuple[list[_Line], int]:
    """What is still missing for a page: the first lines, rendered, and how many there are.

    Only the lines shown are rendered: a plan with hundreds of populations has thousands of
    findings, and rendering them all would slow every rerun.
    """
    page = kind.removeprefix("guidance:")
    if page == "timeline":
        missing = timeline(plan).missing
        lines: list[_Line] = [(Level.WATCH, render_md(m, language), "", "plan") for m in missing]
        return lines, len(missing)
    if page == "forecast":
        skipped = adoption(plan).skipped
        lines = [(Level.WATCH, render_md(m, language), "", "populations") for m in skipped[:6]]
        return lines, len(skipped)
    if page in ("readiness", "export"):
        return _weak_indicators(plan, language)
    result = assessment(plan)
    found = [
        (finding, indicator_id)
        for indicator_id in PAGE_INDICATORS.get(page, ())
        for finding in result.indicator(indicator_id).findings
        if finding.level is not Level.OK
    ]
    found.sort(key=lambda item: item[0].level is not Level.CRITICAL)
    lines = [
        (
            finding.level,
            render_md(finding.message, language),
            render_md(finding.action, language) if finding.action else "",
            INDICATOR_PAGES[indicator_id],
        )
        for finding, indicator_id in found[:_MAX_FINDINGS]
    ]
    return lines, len(found)


def _weak_indicators(plan: Plan, language: str) -> tuple[list[_Line], int]:
    """Every indicator not at "ok", weakest first, with its reason and action."""
    result = assessment(plan)
    weak = sorted((i for i in result.indicators if i.level is not Level.OK), key=lambda i: i.score)
    lines: list[_Line] = [
        (
            i.level,
            Markdown(
                f"**{translate(f'indicator.{i.id}.name', language)}** — "
                f"{render_md(i.reason, language)}"
            ),
            render_md(i.action, language),
            INDICATOR_PAGES.get(i.id),
        )
        for i in weak
    ]
    return lines, len(lines)


def scorecard_tiles(plan: Plan, *, links: bool = True) -> None:
    """A compact scorecard: one tile per indicator with its level and score."""
    result = assessment(plan)
    st.markdown(t("ui.scorecard.overall", score=result.score) + " " + level_badge(result.level))
    per_row = 4
    indicators = list(result.indicators)
    for start in range(0, len(indicators), per_row):
        columns = st.columns(per_row)
        for column, indicator in zip(columns, indicators[start : start + per_row], strict=False):
            with column.container(border=True):
                badge = level_badge(
                    indicator.level,
                    f"{indicator.score}/100 · {t(f'level.{indicator.level.value}')}",
                )
                st.markdown(f"**{t(f'indicator.{indicator.id}.name')}**\n\n{badge}")
                if links and indicator.level is not Level.OK:
                    fix = INDICATOR_PAGES[indicator.id]
                    st.page_link(
                        page_path(fix),
                        label=t("ui.scorecard.fix"),
                        icon=":material/arrow_forward:",
                        help=t(f"ui.page.{fix}.title"),
                    )
