"""A workshop participant's phone: the ``/join`` route, the session joined, the pseudonym.

Owns how a run is recognised as a participant's (the path ``/join``, or ``?open=join`` that
``session.route_through_app`` adds on a fresh server; kept for the session as ``join_route``),
the participant's query parameters (``code``, ``p`` the participant's token, ``lang``: nothing
else survives in the URL), the participant's stylesheet (no sidebar, large tap targets), the
live store binding, a short-lived cache of a session's plan, finding the session and the
participant the URL names, the code form and joining, the language control and the pseudonym.
The answers are :mod:`workbook.joinanswers`'. A participant's run never holds a plan in session
state and shows nothing of it but what the question needs. Imports ``planner``,
``workbook.persistence`` (the plan store), ``workbook.session``, ``workbook.steps`` and
``workbook.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from planner.i18n import LANGUAGES, Message
from planner.live import (
    PSEUDONYM_MAX,
    LiveError,
    LiveSession,
    LiveStore,
    Participant,
    normalise_code,
)
from planner.models import Plan
from workbook.persistence import plan_store
from workbook.session import OPEN_PARAM
from workbook.steps import JOIN_PAGE
from workbook.text import labels, lang, literal, md, render_md, t

#: Session key: this session is a participant's (decided on its first run, kept after).
ROUTE_KEY = "join_route"
#: The only query parameters of a participant's URL: the join code, their token, the language.
CODE, TOKEN, LANG = "code", "p", "lang"
#: Longest code typed: six characters, with room for spaces or a dash between groups.
CODE_FIELD_MAX = 12
#: Seconds a session's plan is kept in memory between two participants' runs.
PLAN_SECONDS = 10

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"] { display: none; }
.stApp .stButton button, .stApp .stFormSubmitButton button,
.stApp [data-testid="stForm"] button[data-variant="segmented_control"] { min-height: 3rem; }
.stApp .block-container { padding-top: 2.5rem; padding-left: 1rem; padding-right: 1rem; }
.stApp h1 { font-size: 2rem; }
.stApp h3 { font-size: 1.375rem; }
</style>
"""


@dataclass(frozen=True, slots=True)
class Joined:
    """A participant in an open session, and what of the plan the question may show.

    Attributes:
        session: the live session.
        participant: who this browser is.
        community: the community's name ("" when the plan no longer has it).
        populations: the community's populations, (id, name), in the plan's order.
    """

    session: LiveSession
    participant: Participant
    community: str
    populations: tuple[tuple[str, str], ...]


def is_participant() -> bool:
    """Whether this session is a workshop participant's: ``/join``, then for the session.

    ``st.context.url`` names the page only on a session's first run (later runs trim the
    registered page's path), so the answer is kept in session state.
    """
    if st.session_state.get(ROUTE_KEY):
        return True
    path = urlsplit(st.context.url or "").path.rstrip("/")
    if path.rsplit("/", 1)[-1] == JOIN_PAGE or st.query_params.get(OPEN_PARAM) == JOIN_PAGE:
        st.session_state[ROUTE_KEY] = True
        return True
    return False


def participant_params() -> dict[str, str]:
    """The participant's query parameters, without anything else the URL carried."""
    return {key: st.query_params[key] for key in (CODE, TOKEN, LANG) if key in st.query_params}


def keep_participant_url() -> None:
    """Drop every query parameter but the participant's (``?plan=``, ``?sample=``, ``?open=``…)."""
    kept = participant_params()
    if set(st.query_params.keys()) != set(kept):
        st.query_params.from_dict(kept)


def participant_language() -> None:
    """Start a participant's session in the language of the URL, else the browser's."""
    chosen = st.query_params.get(LANG)
    if chosen in LANGUAGES:
        st.session_state["lang"] = chosen
        st.session_state["join_lang_chosen"] = True
    elif "lang" not in st.session_state:
        locale = str(getattr(st.context, "locale", None) or "")
        st.session_state["lang"] = "fr" if locale.lower().startswith("fr") else "en"


def participant_style() -> None:
    """No sidebar, large tap targets, a narrow page's margins."""
    st.html(_CSS)


@st.cache_resource(show_spinner=False)
def live_store() -> LiveStore:
    """The live workshop's store: the plan store's database."""
    return LiveStore(plan_store())


@st.cache_resource(show_spinner=False, ttl=PLAN_SECONDS, max_entries=32)
def session_plan(plan_id: str) -> Plan:
    """The newest revision of a session's plan, kept a few seconds (never changed, never shown)."""
    return plan_store().latest(plan_id).plan


def _error(message: Message) -> None:
    st.error(render_md(message, lang()), icon=":material/error:")


def _session_from_url() -> tuple[LiveSession | None, Message | None]:
    """The session named by ``?code=``, or why a code is refused."""
    code = _normalised(st.query_params.get(CODE, ""))
    if not code:
        return None, None
    try:
        return live_store().session_by_code(code), None
    except LiveError as refused:
        return None, refused.message


def _normalised(code: str) -> str:
    return normalise_code(code)[:CODE_FIELD_MAX]


def find_joined() -> tuple[Joined | None, Message | None]:
    """The participant the URL names in an open session, or why the page cannot say.

    Speaks the plan's language unless the participant chose one. Returns the participant
    (None until they join) and, when there is one, the refusal the code form shows.
    """
    session, refusal = _session_from_url()
    if session is None:
        return None, refusal
    plan = session_plan(session.plan_id)
    if not st.session_state.get("join_lang_chosen"):
        st.session_state["lang"] = plan.language.value
    token = st.query_params.get(TOKEN)
    participant = live_store().participant(session.id, token) if token else None
    if participant is None:
        if token:
            st.query_params.pop(TOKEN, None)
            return None, Message("livejoin.join.again")
        return None, None
    community = next((c for c in plan.communities if c.id == session.community_id), None)
    populations = tuple((p.id, p.name) for p in community.populations) if community else ()
    name = community.name if community else ""
    return Joined(session, participant, name, populations), None


def _set_language() -> None:
    chosen = st.session_state.get("join_lang")
    if chosen in LANGUAGES:
        st.session_state["lang"] = chosen
        st.session_state["join_lang_chosen"] = True
        st.query_params[LANG] = chosen


def language_control() -> None:
    """A small language switch at the top right."""
    st.session_state["join_lang"] = lang()
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.segmented_control(
            t("livejoin.language"),
            list(LANGUAGES),
            format_func=labels("ui.language."),
            key="join_lang",
            label_visibility="collapsed",
            on_change=_set_language,
        )


def _join() -> None:
    """The code form's callback: join the session the code names, keep the token in the URL."""
    code = _normalised(str(st.session_state.get("join_code", "")))
    st.query_params[CODE] = code
    st.query_params.pop(TOKEN, None)
    if not code:
        st.session_state["join_refusal"] = Message("livejoin.code.missing")
        return
    try:
        session = live_store().session_by_code(code)
        participant = live_store().join(session.id, lang=lang())
    except LiveError:
        return  # the page run finds the code again and says why it is refused
    st.query_params[TOKEN] = participant.token


def code_form(refused: Message | None) -> None:
    """The join code (prefilled from ``?code=``), the join button and why a code is refused."""
    st.session_state.setdefault("join_code", st.query_params.get(CODE, ""))
    refusal = st.session_state.pop("join_refusal", None) or refused
    with st.form("join_code_form", border=False):
        st.text_input(
            t("livejoin.code.label"),
            key="join_code",
            max_chars=CODE_FIELD_MAX,
            placeholder=t("livejoin.code.placeholder"),
            help=t("livejoin.code.help"),
            autocomplete="off",
        )
        st.form_submit_button(
            t("livejoin.code.join"),
            type="primary",
            icon=":material/login:",
            on_click=_join,
            width="stretch",
        )
    if refusal is not None:
        _error(refusal)


def _rename(joined: Joined) -> None:
    new = str(st.session_state.get("join_pseudonym", ""))
    try:
        renamed = live_store().rename(joined.session.id, joined.participant.token, new)
    except LiveError as refused:
        st.session_state["join_rename_refusal"] = refused.message
        return
    st.session_state["join_pseudonym"] = renamed.pseudonym
    st.session_state["join_renamed"] = True


def pseudonym(joined: Joined) -> None:
    """Who the participant is here, and a form to change it."""
    st.markdown(md("livejoin.you_are", name=joined.participant.pseudonym))
    refusal = st.session_state.pop("join_rename_refusal", None)
    if st.session_state.pop("join_renamed", False):
        st.success(t("livejoin.pseudonym.changed"), icon=":material/check_circle:")
    with st.expander(t("livejoin.pseudonym.change"), expanded=refusal is not None):
        with st.form("join_pseudonym_form", border=False):
            st.session_state.setdefault("join_pseudonym", joined.participant.pseudonym)
            st.text_input(
                t("livejoin.pseudonym.label"),
                key="join_pseudonym",
                max_chars=PSEUDONYM_MAX,
                autocomplete="off",
            )
            st.form_submit_button(
                t("livejoin.pseudonym.save"),
                on_click=_rename,
                args=(joined,),
                width="stretch",
            )
        if refusal is not None:
            _error(refusal)


def community_heading(joined: Joined) -> None:
    """The community the question is about, and the question."""
    if joined.community:
        st.subheader(literal(joined.community), anchor=False)
    st.markdown(t(f"livejoin.question.{joined.session.question.value}"))
