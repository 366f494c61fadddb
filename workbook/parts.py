"""Parts of a page that rerun alone: what decides that an edit redraws one part, or more.

Owns the list of parts of the page, the fragment wrapper and the choice of what reruns after
an edit. A part is a keyed ``st.fragment`` drawing a piece of the plan (a grid, the plan's details).
Its widgets save from their callbacks through :func:`save_part`, which compares what the page
shows outside its parts before and after the change (the plan's name, the scorecard, this
page's guidance) and the names the parts offer as choices, then picks the smallest rerun:
the part alone, every part of the page, or the whole app. Imports ``workbook.persistence``,
``workbook.results``, ``workbook.guidance``, ``workbook.session`` and ``workbook.steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from planner.models import Plan
from workbook.guidance import guidance_lines
from workbook.persistence import commit_plan, current_plan, is_preview
from workbook.results import assessment
from workbook.session import current_page
from workbook.steps import PAGE_NAMES

#: Set by a callback whose change shows outside its part: the part then reruns the whole app.
_RERUN_APP = "parts_rerun_app"

#: Session key: the keys of the parts drawn by the page's last full run, in order.
PAGE_PARTS = "page_parts"


def start_page_parts() -> None:
    """Forget the parts of the previous page (the router calls this before every full run)."""
    st.session_state[PAGE_PARTS] = []


def plan_part(key: str, draw: Callable[[Plan], None]) -> None:
    """Draw ``draw(plan)`` as a part of the page that reruns alone when its widgets change.

    Its widgets save through :func:`save_part` from their callbacks, before the rerun, which
    then redraws as little as the change allows (see :func:`save_part`). ``draw`` always gets
    the plan in hand: a part that reruns alone is called again with the arguments of the last
    full run, so it must not be handed the plan.
    """
    parts = st.session_state.setdefault(PAGE_PARTS, [])
    if key not in parts:
        parts.append(key)

    def part() -> None:
        if st.session_state.pop(_RERUN_APP, False):
            st.rerun()
        draw(current_plan())

    st.fragment(part, key=key)()


def outside_view(plan: Plan) -> tuple[Any, ...]:
    """What the page shows of ``plan`` outside its parts; a change to it reruns the whole app.

    The plan's name and whether it is stored yet (sidebar), the scorecard (plan page, workshop
    bar) and this page's guidance lines.
    """
    result = assessment(plan)
    page = current_page()
    return (
        is_preview(),
        plan.name,
        result.score,
        tuple((i.id, i.score, i.level) for i in result.indicators),
        guidance_lines(page, plan) if page in PAGE_NAMES else None,
    )


def shared_names(plan: Plan) -> tuple[Any, ...]:
    """The names every part may show as choices: communities, populations and sponsors."""
    return (
        tuple((c.id, c.name) for c in plan.communities),
        tuple((p.id, p.name) for _, p in plan.all_populations()),
        tuple((s.id, s.name) for s in plan.sponsors),
    )


def save_part(part: str, updated: Plan) -> None:
    """From a widget callback in ``part``: save ``updated`` and choose what runs again.

    - Nothing outside the parts shows the change: ``part`` alone (the interaction's own
      rerun), or every part of the page when a name they offer as a choice changed.
    - Otherwise, or when the save failed (the conflict box must show): the whole app.
    """
    plan = current_plan()
    if updated == plan:
        return
    before = outside_view(plan)
    names = shared_names(plan)
    if commit_plan(updated) and outside_view(updated) == before:
        if shared_names(updated) != names:
            st.rerun(st.session_state.get(PAGE_PARTS, [part]))
        return  # the interaction's own rerun: this part alone
    st.session_state[_RERUN_APP] = True
