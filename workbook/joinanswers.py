"""A workshop participant's answers: one form per question, and the totem dot-vote.

Owns the four answer forms (totem subject and benefit; a population's six brakes; an
ambassador or a volunteer; an objective), sending an answer to the live store with the
confirmation or the refusal it gets, and the totem candidates' list with the participant's dots,
redrawn when a check every two seconds finds it no longer shows the store. Every text a
participant typed is shown literally. Widget keys start with ``join_``. Imports ``planner`` and
``workbook.join``, ``workbook.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from planner.live import (
    MAX_TEXT,
    VOTES_PER_PARTICIPANT,
    Contribution,
    LiveError,
    LiveSnapshot,
    Question,
)
from planner.live.checks import AMBASSADOR_NAME_MAX, SHORT_TEXT_MAX, UNIT_MAX
from planner.models import ResistanceFactor
from workbook.join import Joined, live_store, session_plan
from workbook.text import lang, md, render_md, t

#: Seconds between two redraws of the totem candidates.
VOTES_EVERY = 2
#: A rating of a brake: 0 none, 1 low, 2 marked, 3 strong.
RATINGS = (0, 1, 2, 3)
#: What a participant may put on one candidate.
_VOTE_CHOICES = tuple(range(VOTES_PER_PARTICIPANT + 1))


def _field(name: str) -> str:
    """The widget key of an answer field in the form drawn now.

    Each answer the store takes gives the next form new keys, so its fields start empty in the
    browser by being new widgets: nothing has to be set from the server, and a run cut short by
    a redraw cannot leave a sent text in the field. A refused answer keeps its keys, and the
    browser keeps the text. The first form's keys are the bare names.
    """
    sent = int(st.session_state.get("join_answers_taken", 0))
    return name if sent == 0 else f"{name}_{sent}"


def _text(name: str) -> str:
    return str(st.session_state.get(_field(name)) or "")


def _payload(question: Question) -> dict[str, Any]:
    """What the form of ``question`` holds, as the live store takes it."""
    if question is Question.TOTEM:
        return {"subject": _text("join_subject"), "benefit": _text("join_benefit")}
    if question is Question.BRAKES:
        ratings = {
            factor.value: st.session_state.get(_field(f"join_brake_{factor.value}"))
            for factor in ResistanceFactor
        }
        return {
            "population_id": st.session_state.get(_field("join_population")) or "",
            "ratings": {factor: value for factor, value in ratings.items() if value is not None},
        }
    if question is Question.AMBASSADORS:
        return {
            "name": _text("join_name"),
            "population_id": st.session_state.get(_field("join_population")) or "",
            "volunteer": bool(st.session_state.get(_field("join_volunteer"))),
        }
    due = st.session_state.get(_field("join_due_date"))
    return {
        "indicator": _text("join_indicator"),
        "target": st.session_state.get(_field("join_target")),
        "unit": _text("join_unit"),
        "due_date": due.isoformat() if isinstance(due, date) else None,
    }


def _send(joined: Joined) -> None:
    """A form's callback: send the answer; clear the form when it is taken.

    The confirmation or the refusal stays in the session until the next send: a run that shows
    it may be cut short by the next rerun (the candidates' list redraws the page when it
    changes), and a message taken out of the session by such a run would never reach the screen.
    """
    question = joined.session.question
    st.session_state.pop("join_sent", None)
    st.session_state.pop("join_answer_refusal", None)
    try:
        live_store().contribute(
            joined.session.id,
            joined.participant.token,
            _payload(question),
            session_plan(joined.session.plan_id),
        )
    except LiveError as refused:
        st.session_state["join_answer_refusal"] = refused.message
        return
    st.session_state["join_answers_taken"] = int(st.session_state.get("join_answers_taken", 0)) + 1
    st.session_state["join_sent"] = True


def _form(joined: Joined, fields: Callable[[Joined], None]) -> None:
    """An answer form: its fields, the send button, then the confirmation or the refusal."""
    refusal = st.session_state.get("join_answer_refusal")
    sent = st.session_state.get("join_sent", False)
    with st.form(f"join_{joined.session.question.value}_form"):
        fields(joined)
        st.form_submit_button(
            t("livejoin.send"),
            type="primary",
            icon=":material/send:",
            on_click=_send,
            args=(joined,),
            width="stretch",
        )
    if refusal is not None:
        st.error(render_md(refusal, lang()), icon=":material/error:")
    if sent:
        st.success(t(f"livejoin.sent.{joined.session.question.value}"), icon=":material/check:")


def _population_field(joined: Joined, label: str) -> None:
    names = dict(joined.populations)
    st.selectbox(
        label,
        list(names),
        index=None,
        format_func=lambda population_id: names.get(population_id, population_id),
        placeholder=t("livejoin.population.placeholder"),
        key=_field("join_population"),
    )


def _totem_fields(_joined: Joined) -> None:
    st.text_area(
        t("livejoin.totem.subject"),
        key=_field("join_subject"),
        max_chars=MAX_TEXT,
        height=96,
        placeholder=t("livejoin.totem.subject_placeholder"),
    )
    st.text_input(
        t("livejoin.totem.benefit"),
        key=_field("join_benefit"),
        max_chars=min(SHORT_TEXT_MAX, MAX_TEXT),
        placeholder=t("livejoin.totem.benefit_placeholder"),
    )


def _brakes_fields(joined: Joined) -> None:
    _population_field(joined, t("livejoin.brakes.population"))
    st.caption(t("livejoin.brakes.scale"))
    for factor in ResistanceFactor:
        st.segmented_control(
            t(f"factor.{factor.value}"),
            RATINGS,
            key=_field(f"join_brake_{factor.value}"),
            width="stretch",
        )


def _ambassadors_fields(joined: Joined) -> None:
    st.text_input(
        t("livejoin.ambassadors.name"),
        key=_field("join_name"),
        max_chars=min(AMBASSADOR_NAME_MAX, MAX_TEXT),
        autocomplete="off",
    )
    _population_field(joined, t("livejoin.ambassadors.population"))
    st.checkbox(t("livejoin.ambassadors.volunteer"), key=_field("join_volunteer"))


def _objectives_fields(_joined: Joined) -> None:
    st.text_input(
        t("livejoin.objectives.indicator"),
        key=_field("join_indicator"),
        max_chars=min(SHORT_TEXT_MAX, MAX_TEXT),
        placeholder=t("livejoin.objectives.indicator_placeholder"),
    )
    target = t("livejoin.objectives.target")
    st.number_input(target, key=_field("join_target"), value=None, step=1.0)
    st.text_input(
        t("livejoin.objectives.unit"),
        key=_field("join_unit"),
        max_chars=min(UNIT_MAX, MAX_TEXT),
        placeholder=t("livejoin.objectives.unit_placeholder"),
    )
    st.date_input(
        t("livejoin.objectives.due_date"),
        key=_field("join_due_date"),
        value=None,
        format="DD/MM/YYYY" if lang() == "fr" else "YYYY/MM/DD",
    )


_FORMS: dict[Question, Callable[[Joined], None]] = {
    Question.TOTEM: _totem_fields,
    Question.BRAKES: _brakes_fields,
    Question.AMBASSADORS: _ambassadors_fields,
    Question.OBJECTIVES: _objectives_fields,
}


def answer(joined: Joined) -> None:
    """The session's question: its form and, for the totem, the candidates to vote for.

    The list is drawn by the page's run, not by a fragment: a tap on a dot then reruns the
    page, and is never sent for a fragment that a rerun in between has just replaced ("the
    fragment … does not exist anymore": Streamlit drops such a tap; seen with 8 phones while
    others proposed). Only the two-second check is a fragment, and it draws nothing.
    """
    question = joined.session.question
    _form(joined, _FORMS[question])
    if question is Question.TOTEM:
        candidates(joined.session.id, joined.participant.token)
        _watch(joined.session.id, joined.participant.token)


def _set_votes(session_id: str, token: str, contribution_id: int) -> None:
    """A candidate's dots control changed: store the count it now shows.

    The control holds a count, not a tap: whatever the browser sends again (it may resend a
    widget's state across a rerun), the same count is stored once. A refusal leaves the
    store as it was and puts the control back on the count the store holds.
    """
    key = _votes_key(contribution_id)
    votes = st.session_state.get(key)
    if votes is None:
        return
    known = _known_votes()
    try:
        live_store().vote(session_id, token, contribution_id, int(votes))
    except LiveError as refused:
        st.session_state["join_vote_refusal"] = refused.message
        st.session_state[key] = known.get(contribution_id, 0)
        return
    known[contribution_id] = int(votes)


def _known_votes() -> dict[int, int]:
    """Per candidate, the count this browser last stored or was last shown from the store."""
    known: dict[int, int] = st.session_state.setdefault("join_known_votes", {})
    return known


def _votes_key(contribution_id: int) -> str:
    return f"join_votes_{contribution_id}"


def _visible(snapshot: LiveSnapshot) -> list[Contribution]:
    """The totem candidates, oldest first: a list that never reorders under a finger."""
    return [c for c in snapshot.contributions if not c.hidden and c.question is Question.TOTEM]


def _candidate(
    session_id: str, token: str, number: int, candidate: Contribution, **state: Any
) -> None:
    mine, locked = state["mine"], state["locked"]
    with st.container(border=True, key=f"join_candidate_{candidate.id}"):
        st.markdown(
            md(
                "livejoin.vote.candidate",
                number=number,
                subject=candidate.payload.get("subject", ""),
            )
        )
        benefit = str(candidate.payload.get("benefit") or "")
        if benefit:
            st.caption(md("livejoin.vote.benefit", benefit=benefit))
        # The control follows the store only when the store changed otherwise than by this
        # browser (a hidden answer gives its votes back, another tab voted, a new server
        # session): forcing the stored count at every draw would let a draw that read the
        # store just before a choice was stored put the control back on the old count.
        key, known = _votes_key(candidate.id), _known_votes()
        if key not in st.session_state or known.get(candidate.id) != mine:
            st.session_state[key] = mine
            known[candidate.id] = mine
        st.segmented_control(
            t("livejoin.vote.mine", number=number),
            _VOTE_CHOICES,
            required=True,
            key=key,
            on_change=_set_votes,
            args=(session_id, token, candidate.id),
            disabled=locked,
            width="stretch",
        )


def _drawn(session_id: str, token: str) -> tuple[object, ...]:
    """What the candidates' list shows of the store now: the visible candidates, this
    participant's dots on them, the lock; or the refusal of a closed session.

    Others' votes are not in it: a phone does not show them, so they need no redraw.
    """
    try:
        return _signature(live_store().snapshot(session_id, token=token))
    except LiveError as refused:
        return (refused.message,)


def _signature(snapshot: LiveSnapshot) -> tuple[object, ...]:
    shown = _visible(snapshot)
    mine = tuple(snapshot.my_votes.get(c.id, 0) for c in shown)
    return (snapshot.session.locked, tuple(c.id for c in shown), mine)


@st.fragment(run_every=VOTES_EVERY)
def _watch(session_id: str, token: str) -> None:
    """Every two seconds, redraw the page if the candidates' list is no longer what it shows.

    Draws nothing: with 60 phones in a room, redrawing every phone's list of 60 cards every two
    seconds kept a two-core server and its browsers busy (``benchmarks/live_load.py``); a
    participant's own choices redraw the list by themselves, and the list of others' proposals
    changes a few dozen times in a workshop.
    """
    if _drawn(session_id, token) != st.session_state.get("join_drawn"):
        st.rerun()


def candidates(session_id: str, token: str) -> None:
    """Every visible candidate of the session, the participant's dots and the dots left."""
    st.subheader(t("livejoin.vote.title"), anchor=False)
    try:
        snapshot = live_store().snapshot(session_id, token=token)
    except LiveError as refused:
        st.error(render_md(refused.message, lang()), icon=":material/error:")
        st.session_state["join_drawn"] = (refused.message,)
        return
    shown = _visible(snapshot)
    spent = sum(snapshot.my_votes.get(c.id, 0) for c in shown)
    remaining = max(0, VOTES_PER_PARTICIPANT - spent)
    locked = snapshot.session.locked
    if locked:
        st.info(t("livejoin.vote.locked"), icon=":material/lock:")
    else:
        st.markdown(md("livejoin.vote.left", count=remaining, total=VOTES_PER_PARTICIPANT))
    refusal = st.session_state.pop("join_vote_refusal", None)
    if refusal is not None:
        st.error(render_md(refusal, lang()), icon=":material/error:")
    if not shown:
        st.caption(t("livejoin.vote.none"))
    for number, candidate in enumerate(shown, start=1):
        mine = snapshot.my_votes.get(candidate.id, 0)
        _candidate(session_id, token, number, candidate, mine=mine, locked=locked)
    # Last: a run cut short before here leaves the check seeing a difference, and redrawing.
    st.session_state["join_drawn"] = _signature(snapshot)
