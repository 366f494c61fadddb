"""The live session panel of the shared screen: open a question, show how to join, close it.

Owns which steps ask the room what (communities: totem subject and objectives; populations:
brakes; people: ambassadors), the live store binding, the form that opens a session, the join
code (very large, spaced), the QR code of the join address drawn here with ``segno`` (the
browser asks no other host for it) and the address as text, and the Close button. The
gathering of the answers, its moderation and the adoptions are :mod:`workbook.livegather`'s.
A viewer of the plan (:func:`workbook.readonly.read_only`) sees the panel, its controls disabled.

The join address is ``<base>/join?code=CODE``. ``<base>`` is the environment variable
``TOTEM_PUBLIC_URL`` when it is set — the address the participants' phones can reach (the
facilitator's own address is often ``localhost``, useless to a phone), e.g.
``TOTEM_PUBLIC_URL=https://totem.example.org`` — and otherwise the origin of the address the
facilitator's browser used, with the server's ``baseUrlPath``. Imports ``planner``,
``workbook.livegather``, ``workbook.persistence``, ``workbook.readonly`` and ``workbook.text``.
"""

from __future__ import annotations

import io
import os
from urllib.parse import quote, urlsplit

import segno
import streamlit as st

from planner.live import SESSION_HOURS, LiveSession, Question
from planner.models import Plan
from workbook.livegather import gathering, live_store
from workbook.persistence import commit_plan, is_preview
from workbook.readonly import read_only
from workbook.text import clock, labels, literal, md, t

#: The environment variable naming the address participants' phones use to reach the app.
PUBLIC_URL_VARIABLE = "TOTEM_PUBLIC_URL"

#: The questions each step may put to the room, in the order they are offered.
STEP_QUESTIONS: dict[str, tuple[Question, ...]] = {
    "communities": (Question.TOTEM, Question.OBJECTIVES),
    "populations": (Question.BRAKES,),
    "people": (Question.AMBASSADORS,),
}

#: Questions about populations: they need a community that has some.
_POPULATION_QUESTIONS = (Question.BRAKES, Question.AMBASSADORS)

#: The join code read from the back of a room: very large, bold, spaced out, dark on white.
_CSS = """
<style>
.st-key-liveroom_code [data-testid="stMarkdownContainer"] p {
  font-size: 4.6rem !important; font-weight: 700; letter-spacing: 0.22em; line-height: 1.05;
  font-family: 'Source Code Pro', 'DejaVu Sans Mono', monospace; margin: 0;
  white-space: nowrap;
}
.st-key-liveroom_address [data-testid="stMarkdownContainer"] p {
  font-size: 1.2rem !important; font-weight: 600; overflow-wrap: anywhere;
}
[data-testid="stMetricValue"] { font-size: 3.4rem; }
/* The answers themselves: what the room reads and argues about. */
[class*="st-key-liveroom_rows"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.3rem !important;
}
</style>
"""


def live_panel(page: str, plan: Plan) -> None:
    """The live session panel of a workshop step that asks the room, nothing on other steps."""
    questions = STEP_QUESTIONS.get(page)
    if not questions:
        return
    sessions = _open_sessions()
    here = [s for s in sessions if s.question in questions]
    if len(sessions) > len(here):
        st.caption(t("liveroom.other_open", count=len(sessions) - len(here)))
    if not here:
        with st.expander(t("liveroom.panel.title"), icon=":material/podcasts:"):
            _opener(page, plan, questions)
        return
    st.html(_CSS)
    for session in here:
        with st.container(border=True, key=f"liveroom_panel_{session.id}"):
            _join_block(page, session, plan)
            gathering(page, session.id)


def live_here(page: str) -> bool:
    """Whether a live session asks the room this step's question right now."""
    questions = STEP_QUESTIONS.get(page, ())
    return bool(questions) and any(s.question in questions for s in _open_sessions())


def _open_sessions() -> list[LiveSession]:
    plan_id = st.session_state.get("plan_id")
    return live_store().open_sessions(plan_id) if plan_id else []


def _opener(page: str, plan: Plan, questions: tuple[Question, ...]) -> None:
    """Choose the question and the community, then open the session."""
    st.markdown(t("liveroom.panel.intro"))
    if not plan.communities:
        st.info(t("liveroom.no_community"), icon=":material/info:")
        return
    # Its answers get written into the plan: a viewer may not open a session on it.
    locked = read_only()
    left, right = st.columns(2)
    question = left.selectbox(
        t("liveroom.question.label"),
        questions,
        format_func=labels("liveroom.question."),
        key=f"{page}_live_question",
        disabled=locked,
    )
    names = {c.id: c.name for c in plan.communities}
    community_id = right.selectbox(
        t("liveroom.community.label"),
        list(names),
        format_func=names.__getitem__,
        key=f"{page}_live_community",
        disabled=locked,
    )
    community = next(c for c in plan.communities if c.id == community_id)
    lacks_populations = question in _POPULATION_QUESTIONS and not community.populations
    if lacks_populations:
        st.info(t("liveroom.no_population"), icon=":material/info:")
    st.button(
        t("liveroom.open"),
        key=f"{page}_live_open",
        icon=":material/podcasts:",
        help=t("liveroom.open_help", hours=SESSION_HOURS),
        type="primary",
        disabled=lacks_populations or locked,
        on_click=_open,
        args=(plan, Question(question), community_id),
    )


def _open(plan: Plan, question: Question, community_id: str) -> None:
    """Open a session (a callback); a preview is stored first, as its first change would be."""
    if is_preview():
        commit_plan(plan, note="live session")
    live_store().open_session(st.session_state["plan_id"], question, community_id)


def _close(session_id: str) -> None:
    live_store().close_session(session_id)


def _join_block(page: str, session: LiveSession, plan: Plan) -> None:
    """The question, the code, the QR code and the address, as large as the screen allows."""
    community = next((c.name for c in plan.communities if c.id == session.community_id), "")
    st.subheader(md(f"liveroom.prompt.{session.question.value}", community=community))
    address = join_address(session.code)
    with st.container(key="liveroom_join"):
        code_column, qr_column, info_column = st.columns(
            [3.4, 1.9, 1.9], vertical_alignment="center"
        )
        with code_column:
            st.markdown(f"**{t('liveroom.join.title')}**")
            with st.container(key="liveroom_code"):
                st.markdown(literal(session.code))
            with st.container(key="liveroom_address"):
                st.markdown(md("liveroom.join.address", address=address))
        qr_column.image(
            qr_png(address), alt=t("liveroom.join.qr", address=address), width="stretch"
        )
        with info_column:
            _local_warning(address)
            st.caption(t("liveroom.closes_at", time=clock(session.expires_at)))
            st.button(
                t("liveroom.close"),
                key=f"{page}_live_close_{session.id}",
                icon=":material/stop_circle:",
                on_click=_close,
                args=(session.id,),
                width="stretch",
                disabled=read_only(),
            )


def _local_warning(address: str) -> None:
    host = urlsplit(address).hostname or ""
    if host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}:
        st.caption(f":material/wifi_off: {t('liveroom.join.local')}")


def join_address(code: str) -> str:
    """The address participants open: ``<base>/join?code=CODE`` (see the module docstring)."""
    return f"{public_base()}/join?code={quote(code)}"


def public_base() -> str:
    """``TOTEM_PUBLIC_URL`` when set, else the origin (and base path) the browser used."""
    configured = os.environ.get(PUBLIC_URL_VARIABLE, "").strip()
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost:8501"
    base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{origin}/{base_path}" if base_path else origin


@st.cache_data(show_spinner=False, max_entries=32)
def qr_png(address: str) -> bytes:
    """A QR code of ``address`` as PNG bytes, drawn here: no web service sees the code."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="png", scale=10, border=2, dark="#1F2933")
    return buffer.getvalue()
