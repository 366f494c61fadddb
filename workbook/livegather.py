"""The live session's answers on the shared screen: gathered, moderated, adopted.

Owns the live store binding, the self-refreshing part of the panel (a fragment run every 1 s: it
reads the session's snapshot and rebuilds what it shows — ranking, summaries, the brakes figure —
only when the snapshot's ``version`` changed, kept in session state), the participant counter, the
views of the four questions (totem candidates ranked by votes, the brakes heat map, ambassador
proposals per population against what the plan still needs, objectives), paging for long lists,
hiding and showing answers again, locking the vote, and adopting a result: one revision through
:func:`workbook.persistence.commit_plan`, whose conflict rule applies (a refused adoption leaves
the plan as it is and the conflict box says why); for a viewer (:mod:`workbook.readonly`) all but
paging is disabled. Imports ``planner``, ``workbook.persistence``, ``workbook.readonly`` and
``workbook.text``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import streamlit as st
from pydantic import ValidationError

from planner import PlannerError
from planner.live import (
    Contribution,
    LiveError,
    LiveSnapshot,
    LiveStore,
    Question,
    adopt_ambassadors,
    adopt_objective,
    adopt_ratings,
    adopt_subject,
    adoption_note,
    ambassador_summary,
    brake_summary,
    objective_list,
    ranked_candidates,
)
from planner.live_figures import live_brakes_figure
from planner.models import Plan
from workbook.persistence import commit_plan, current_plan, plan_store
from workbook.readonly import read_only
from workbook.text import day, lang, literal, md, number, render_md, t

#: Seconds between two looks at the session: answers show up within this time.
REFRESH_SECONDS = 1.0
#: Answers shown at once; longer lists are paged, with a count of the rest.
PAGE_SIZE = 8

_ADOPTED = "liveroom_adopted"


@st.cache_resource(show_spinner=False)
def live_store() -> LiveStore:
    """The live sessions' store: the plan store's database, through its engine."""
    return LiveStore.from_store(plan_store())


@st.fragment(run_every=REFRESH_SECONDS)
def gathering(page: str, session_id: str) -> None:
    """The answers of a session, refreshed every :data:`REFRESH_SECONDS` without the page."""
    snapshot = live_store().snapshot(session_id)
    if not snapshot.session.is_open(datetime.now(UTC)):
        st.rerun()  # expired meanwhile: the whole panel goes back to the opener
    view = _view(snapshot, current_plan())
    _outcome(session_id)
    _status(page, snapshot, view)
    question = snapshot.session.question
    if not view["answers"] and question is not Question.BRAKES:
        st.markdown(f"*{t('liveroom.waiting')}*")
    elif question is Question.TOTEM:
        _totem(page, view)
    elif question is Question.OBJECTIVES:
        _objectives(page, view)
    elif question is Question.BRAKES:
        _brakes(page, view)
    else:
        _ambassadors(page, view)
    _hidden(page, view)


def _outcome(session_id: str) -> None:
    """The last adoption's outcome in this session, read (not popped) at every refresh."""
    outcome = st.session_state.get(_ADOPTED)
    if not outcome or outcome[0] != session_id:
        return
    if outcome[1] == "adopted":
        st.success(md("liveroom.adopted", note=outcome[2]), icon=":material/task_alt:")
    else:
        st.error(md("liveroom.adopt_failed", reason=outcome[2]), icon=":material/error:")


def _view(snapshot: LiveSnapshot, plan: Plan) -> dict[str, Any]:
    """What the screen shows of ``snapshot``: rebuilt only when the session or the plan moved."""
    key = f"liveroom_view_{snapshot.session.id}"
    seen = st.session_state.get(key)
    if seen and (seen["version"], seen["lang"], seen["plan"]) == (snapshot.version, lang(), plan):
        return dict(seen)
    session = snapshot.session
    question = session.question
    answers = [c for c in snapshot.contributions if c.question is question and not c.hidden]
    view: dict[str, Any] = {
        "version": snapshot.version,
        "lang": lang(),
        "plan": plan,
        "session": session,
        "answers": answers,
        "hidden": [c for c in snapshot.contributions if c.hidden],
    }
    if question is Question.TOTEM:
        view["ranked"] = ranked_candidates(snapshot)
    elif question is Question.OBJECTIVES:
        view["objectives"] = objective_list(snapshot)
    elif question is Question.BRAKES:
        summary = brake_summary(snapshot, plan, session.community_id)
        view["summary"] = summary
        view["figure"] = live_brakes_figure(plan, session.community_id, summary, lang())
    else:
        view["ambassadors"] = ambassador_summary(snapshot, plan, session.community_id)
    st.session_state[key] = view
    return view


def _status(page: str, snapshot: LiveSnapshot, view: dict[str, Any]) -> None:
    """How many joined and answered; the vote's lock for the totem question."""
    session = snapshot.session
    people, answers, lock = st.columns([1.2, 1.6, 2.2], vertical_alignment="bottom")
    people.metric(t("liveroom.participants"), number(snapshot.participants))
    answers.markdown(f"**{t('liveroom.answers', count=len(view['answers']))}**")
    if session.question is not Question.TOTEM:
        return
    if session.locked:
        answers.markdown(f":material/lock: {t('liveroom.locked')}")
    lock.button(
        t("liveroom.unlock") if session.locked else t("liveroom.lock"),
        key=f"{page}_live_lock_{session.id}",
        icon=":material/lock_open:" if session.locked else ":material/lock:",
        help=t("liveroom.lock_help"),
        on_click=live_store().set_locked,
        args=(session.id, not session.locked),
        width="stretch",
        disabled=read_only(),
    )


# --- The four questions -------------------------------------------------------------------


def _totem(page: str, view: dict[str, Any]) -> None:
    """Candidates ranked by votes, a bar each; adopt the winner or any one, hide any one."""
    ranked: list[tuple[Contribution, int]] = view["ranked"]
    session = view["session"]
    top = max((votes for _, votes in ranked), default=0)
    if ranked and st.button(
        t("liveroom.adopt.winner"),
        key=f"{page}_live_adopt_winner_{session.id}",
        icon=":material/emoji_events:",
        type="primary",
        disabled=read_only(),
    ):
        _adopt(
            view,
            partial(adopt_subject, community_id=session.community_id, contribution=ranked[0][0]),
        )
    shown, first = _paged(page, view, ranked)
    rows = st.container(key=f"liveroom_rows_{session.id}")
    for rank, (candidate, votes) in enumerate(shown, start=first + 1):
        text, adopt, hide = rows.columns([5.2, 1.9, 2.1], vertical_alignment="center")
        line = f"**{t('liveroom.rank', rank=rank)}** {literal(candidate.payload['subject'])}"
        benefit = str(candidate.payload.get("benefit") or "")
        text.markdown(f"{line} — **{t('liveroom.votes', count=votes)}**")
        if benefit:
            text.caption(md("liveroom.benefit", benefit=benefit))
        text.progress(votes / top if top else 0.0)
        _adopt_button(page, adopt, view, adopt_subject, candidate)
        _hide_button(page, hide, candidate)


def _objectives(page: str, view: dict[str, Any]) -> None:
    """Proposed objectives, oldest first; adopt or hide each."""
    session = view["session"]
    shown, _ = _paged(page, view, view["objectives"])
    rows = st.container(key=f"liveroom_rows_{session.id}")
    for objective in shown:
        text, adopt, hide = rows.columns([5.2, 1.9, 2.1], vertical_alignment="center")
        text.markdown(literal(describe(objective, view["plan"])))
        _adopt_button(page, adopt, view, adopt_objective, objective)
        _hide_button(page, hide, objective)


def _brakes(page: str, view: dict[str, Any]) -> None:
    """The heat map of the room's mean ratings; adopt them; hide any answer."""
    session = view["session"]
    st.plotly_chart(
        view["figure"],
        key=f"{page}_live_brakes_{session.id}",
        theme=None,
        config={"displaylogo": False},
        width="stretch",
    )
    if view["answers"] and st.button(
        t("liveroom.adopt.ratings"),
        key=f"{page}_live_adopt_ratings_{session.id}",
        icon=":material/done_all:",
        help=t("liveroom.adopt.ratings_help"),
        type="primary",
        disabled=read_only(),
    ):
        _adopt(
            view, partial(adopt_ratings, community_id=session.community_id, summary=view["summary"])
        )
    _moderation(page, view)


def _ambassadors(page: str, view: dict[str, Any]) -> None:
    """Proposals per population against what the plan still needs; adopt the chosen ones."""
    session = view["session"]
    chosen: list[Contribution] = []
    for population, proposals, needed in view["ambassadors"]:
        wanted = (
            t("liveroom.ambassadors.needed", needed=needed)
            if needed
            else t("liveroom.ambassadors.enough")
        )
        proposed = t("liveroom.ambassadors.proposed", proposed=len(proposals))
        st.markdown(
            f"**{literal(population.name)}** — {proposed} · "
            + (f":orange[{wanted}]" if needed else f":green[{wanted}]")
        )
        by_id = {c.id: c for c in proposals}
        names = {i: _ambassador_name(c) for i, c in by_id.items()}
        picked = st.multiselect(
            t("liveroom.ambassadors.choose", population=population.name),
            list(by_id),
            format_func=names.__getitem__,
            key=f"{page}_live_pick_{session.id}_{population.id}",
            label_visibility="collapsed",
            disabled=not proposals or read_only(),
        )
        chosen.extend(by_id[i] for i in picked if i in by_id)
    if st.button(
        t("liveroom.adopt.ambassadors"),
        key=f"{page}_live_adopt_ambassadors_{session.id}",
        icon=":material/how_to_reg:",
        type="primary",
        disabled=not chosen or read_only(),
    ):
        _adopt(
            view,
            partial(adopt_ambassadors, community_id=session.community_id, contributions=chosen),
        )
    _moderation(page, view)


# --- Moderation and paging ----------------------------------------------------------------


def _moderation(page: str, view: dict[str, Any]) -> None:
    """Every visible answer with a Hide button, paged, out of the way in an expander."""
    with st.expander(t("liveroom.moderate"), icon=":material/shield:"):
        shown, _ = _paged(page, view, view["answers"], suffix="moderate")
        for answer in shown:
            text, hide = st.columns([7.0, 2.1], vertical_alignment="center")
            text.markdown(literal(describe(answer, view["plan"])))
            _hide_button(page, hide, answer)


def _hidden(page: str, view: dict[str, Any]) -> None:
    """Hidden answers, each with a button to show it again."""
    hidden: list[Contribution] = view["hidden"]
    if not hidden:
        return
    with st.expander(t("liveroom.hidden", count=len(hidden)), icon=":material/visibility_off:"):
        shown, _ = _paged(page, view, hidden, suffix="hidden")
        for answer in shown:
            text, show = st.columns([7.0, 2.1], vertical_alignment="center")
            text.markdown(literal(describe(answer, view["plan"])))
            show.button(
                t("liveroom.unhide"),
                key=f"{page}_live_unhide_{answer.id}",
                on_click=live_store().hide,
                args=(answer.id, False),
                disabled=read_only(),
            )


def _hide_button(page: str, column: Any, answer: Contribution) -> None:
    column.button(
        t("liveroom.hide"),
        key=f"{page}_live_hide_{answer.id}",
        icon=":material/visibility_off:",
        help=t("liveroom.hide_help"),
        on_click=live_store().hide,
        args=(answer.id, True),
        disabled=read_only(),
    )


def _paged(
    page: str, view: dict[str, Any], items: Sequence[Any], *, suffix: str = "list"
) -> tuple[Sequence[Any], int]:
    """The items of the page chosen below the list, and the index of its first item."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    if pages == 1:
        return items, 0
    key = f"{page}_live_page_{suffix}_{view['session'].id}"
    chosen = min(int(st.session_state.get(key, 1)), pages)
    first = (chosen - 1) * PAGE_SIZE
    shown = items[first : first + PAGE_SIZE]
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(
        t("liveroom.page_of", page=chosen, pages=pages)
        + " · "
        + t("liveroom.more", count=len(items) - len(shown))
    )
    right.number_input(
        t("liveroom.page"),
        min_value=1,
        max_value=pages,
        step=1,
        key=key,
        label_visibility="collapsed",
    )
    return shown, first


# --- Adopting -----------------------------------------------------------------------------


def _adopt_button(
    page: str, column: Any, view: dict[str, Any], adopt: Callable[..., Plan], answer: Contribution
) -> None:
    """An answer's Adopt button: on click, ``adopt`` it (a subject, an objective) into the plan."""
    if column.button(
        t("liveroom.adopt"),
        key=f"{page}_live_adopt_{answer.id}",
        help=t("liveroom.adopt_help"),
        disabled=read_only(),
    ):
        _adopt(view, partial(adopt, community_id=view["session"].community_id, contribution=answer))


def _adopt(view: dict[str, Any], change: Callable[[Plan], Plan]) -> None:
    """Apply ``change`` to the plan in hand and save it as one revision, then rerun the app.

    A refused save (someone saved meanwhile) keeps the plan as stored; the rerun shows the
    conflict box. The note names the question and counts its answers.
    """
    session = view["session"]
    try:
        updated = change(current_plan())
    except LiveError as exc:
        st.session_state[_ADOPTED] = (session.id, "failed", render_md(exc.message, lang()))
        st.rerun(scope="fragment")
    except (PlannerError, ValidationError) as exc:
        st.session_state[_ADOPTED] = (session.id, "failed", literal(str(exc)))
        st.rerun(scope="fragment")
    note = adoption_note(session.question, len(view["answers"]), lang())
    saved = commit_plan(updated, note=note)  # refused: the conflict box says why, not this
    st.session_state[_ADOPTED] = (session.id, "adopted", note) if saved else None
    st.rerun()


def describe(answer: Contribution, plan: Plan) -> str:
    """One answer as plain text (make it literal before it meets Markdown)."""
    payload = answer.payload
    if answer.question is Question.TOTEM:
        return str(payload["subject"])
    if answer.question is Question.OBJECTIVES:
        target = payload.get("target")
        objective = t(
            "liveroom.objective.target",
            indicator=payload["indicator"],
            target=number(target, 2) if target is not None else "",
            unit=payload.get("unit", ""),
        ).strip()
        due = payload.get("due_date")
        if due:
            return t(
                "liveroom.objective.due", objective=objective, day=day(date.fromisoformat(str(due)))
            )
        return objective
    names = {p.id: p.name for _, p in plan.all_populations()}
    population = names.get(str(payload.get("population_id")), str(payload.get("population_id")))
    if answer.question is Question.AMBASSADORS:
        return f"{_ambassador_name(answer)} — {population}"
    ratings = payload.get("ratings", {})
    rated = ", ".join(f"{t(f'factor.{name}')} {value}" for name, value in ratings.items())
    return t("liveroom.brakes.answer", population=population, ratings=rated)


def _ambassador_name(answer: Contribution) -> str:
    name = str(answer.payload["name"])
    if answer.payload.get("volunteer"):
        return t("liveroom.ambassadors.volunteer", name=name)
    return name
