"""Workshop mode: the shared screen of a room, read from the back.

Owns the switch in and out of workshop mode, the large-type stylesheet, the step bar (step N
of 9, Previous, Next, leave), the scorecard projected as one line of badges, and where the
live session panel (:mod:`workbook.liveroom`) shows: under the step bar of the steps that ask
the room. Imports ``workbook.guidance``, ``workbook.liveroom``, ``workbook.results``,
``workbook.steps`` and ``workbook.text``.
"""

from __future__ import annotations

import streamlit as st

from planner.models import Plan
from workbook.guidance import level_badge
from workbook.liveroom import live_here, live_panel
from workbook.results import assessment
from workbook.steps import PAGE_NAMES, page_path
from workbook.text import t

_WORKSHOP_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
h1 { font-size: 2.6rem !important; }
h2 { font-size: 2.0rem !important; }
h3 { font-size: 1.6rem !important; }
[data-testid="stSidebarNav"] { display: none; }
/* Streamlit writes a metric's value in a Markdown block too: keep the value's own large size. */
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: inherit; }
/* What people type, as large as the labels above it (inputs are sized 0.875rem). */
[data-testid="stMain"] input, [data-testid="stMain"] textarea,
[data-testid="stDateInputField"] [role="group"] { font-size: 1rem; }
</style>
"""


def set_workshop(on: bool) -> None:
    """Turn workshop mode on or off (a callback: it also moves the sidebar toggle)."""
    st.session_state["workshop"] = on
    st.session_state["app_workshop"] = on


def large_type() -> None:
    """Workshop mode's large type, when it is on (pages outside the steps call it alone)."""
    if st.session_state.get("workshop"):
        st.markdown(_WORKSHOP_CSS, unsafe_allow_html=True)


def workshop_frame(page: str, plan: Plan) -> None:
    """Large type, the step bar with Previous/Next, and the projected scorecard.

    While a live session asks the room this step's question, the scorecard makes way for it:
    the join code must be on screen without scrolling.
    """
    large_type()
    asking = live_here(page)
    index = PAGE_NAMES.index(page)
    total = len(PAGE_NAMES)
    with st.container(border=True):
        left, middle, right, leave = st.columns([1.6, 3.4, 1.6, 2.2], vertical_alignment="center")
        if left.button(
            t("ui.workshop.previous"),
            key=f"{page}_workshop_previous",
            icon=":material/arrow_back:",
            disabled=index == 0,
            width="stretch",
        ):
            st.switch_page(page_path(PAGE_NAMES[index - 1]))
        middle.markdown(
            f"### {t('ui.workshop.step', number=index + 1, total=total)} — "
            f"{t(f'ui.page.{page}.title')}"
        )
        if right.button(
            t("ui.workshop.next"),
            key=f"{page}_workshop_next",
            icon=":material/arrow_forward:",
            disabled=index == total - 1,
            type="primary",
            width="stretch",
        ):
            st.switch_page(page_path(PAGE_NAMES[index + 1]))
        leave.button(
            t("ui.workshop.leave"),
            key=f"{page}_workshop_leave",
            icon=":material/close_fullscreen:",
            on_click=set_workshop,
            args=(False,),
            width="stretch",
        )
        st.progress((index + 1) / total)
        if not asking:
            projected_scorecard(plan)
    live_panel(page, plan)


def projected_scorecard(plan: Plan) -> None:
    """The scorecard in one line of badges, readable from the back of the room."""
    result = assessment(plan)
    badges = [
        level_badge(i.level, f"{t(f'indicator.{i.id}.name')} {i.score}") for i in result.indicators
    ]
    overall = t("ui.scorecard.overall", score=result.score)
    st.markdown(f"**{overall}** {level_badge(result.level)} &nbsp; " + " ".join(badges))
