"""Bad input shown next to where it was typed; the plan in hand is never touched by it.

Owns the error box listing planner problems (one line each, naming the field), the check of an
uploaded plan file, and :func:`update_or_show`, which applies a planner update or shows why it
was refused. Imports ``planner``, ``workbook.persistence`` and ``workbook.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import streamlit as st

from planner import PlanFileError, PlannerError, Problem
from planner.models import Plan
from planner.planfile import parse_plan
from workbook.persistence import current_plan, set_plan
from workbook.text import lang, literal, md, t


def show_problems(problems: Sequence[Problem], *, intro: str | None = None) -> None:
    """Show problems next to the input concerned, one line each, in the user's language."""
    lines = [
        f"- {md('ui.problem', path=p.path, message=p.message) if p.path else literal(p.message)}"
        for p in problems
    ]
    header = intro or t("ui.problems.intro", count=len(problems))
    st.error(header + "\n" + "\n".join(lines), icon=":material/error:")


def show_plan_field_problems(problems: Sequence[Problem], fields: Iterable[str]) -> None:
    """Show problems of the plan's own fields under their labels (``Launch date``, not
    ``launch_date``), as the plan page and the new-plan form name them."""
    named = set(fields)
    show_problems(
        [
            Problem(t(f"ui.plan.{problem.path}"), problem.message)
            if problem.path in named
            else problem
            for problem in problems
        ]
    )


def checked_plan_file(upload: Any, *, texts: str) -> Plan | None:
    """Validate an uploaded plan file; show its problems or a summary; the plan when valid.

    ``texts`` is the catalogue prefix of the page's own wording (``<texts>.rejected`` and
    ``<texts>.valid``). Nothing changes here: the page decides what a valid file becomes.
    """
    try:
        candidate = parse_plan(upload.getvalue(), lang=lang())
    except PlanFileError as exc:
        show_problems(exc.problems, intro=md(f"{texts}.rejected", name=upload.name))
        return None
    st.success(
        md(
            f"{texts}.valid",
            name=candidate.name,
            communities=len(candidate.communities),
            sponsors=len(candidate.sponsors),
        ),
        icon=":material/check_circle:",
    )
    return candidate


def update_or_show(action: Callable[[], Plan]) -> None:
    """Run a planner update; on success replace the plan, on a planner error show it here."""
    try:
        updated = action()
    except PlanFileError as exc:
        show_problems(exc.problems)
        return
    except PlannerError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if updated != current_plan():
        set_plan(updated)
