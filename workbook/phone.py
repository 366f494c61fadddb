"""A workshop participant's phone: the ``/join`` routes of the server, outside Streamlit's app.

Owns the HTTP side of the participant page: the routes (``GET``/``POST /join``, the candidates'
list ``/join/list`` that the page's script polls, its stylesheet and script), reading a request
(the query's ``code``, ``p`` the participant's token and ``lang``, nothing else; a posted form,
its size bounded), the live store binding, a short-lived cache of a session's plan, the
language (chosen, else the plan's, else the browser's), the status codes, the security headers,
and the answers sent to the store. A participant's browser loads this page, not the workbook:
no Streamlit script runs for a phone, and it can reach nothing of the plan but what the
question shows. :mod:`workbook.phonepage` writes the HTML. Imports ``planner``,
``workbook.persistence`` (the plan store), ``workbook.phonehtml``, ``workbook.phonelimits`` and
``workbook.phonepage``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from planner.i18n import LANGUAGES, Message
from planner.live import (
    LiveError,
    LiveInputError,
    LiveLimitReached,
    LiveSession,
    LiveSessionClosed,
    LiveSessionNotFound,
    LiveStore,
    LiveVotingLocked,
    Participant,
    Question,
    normalise_code,
)
from planner.live.gather import visible
from planner.models import Plan
from planner.store import PlanStore
from workbook import phonelimits
from workbook.phoneforms import answer_payload, whole
from workbook.phonehtml import ACTION, CODE_FIELD_MAX, Asked, Candidates, Joined, Refusal, Where
from workbook.phonepage import candidates_html, code_page, joined_page, list_etag, too_many_page

ASSETS = Path(__file__).resolve().parent / "assets"
#: Seconds a session's plan is kept in memory between two participants' requests.
PLAN_SECONDS = 10.0
#: Largest form a phone may post (the longest answer is a few hundred characters).
MAX_BODY = 16_384
#: The headers of every page: no framing, no sniffing, nothing leaves for another host, the
#: token in the URL never sent as a referrer, nothing kept by a shared cache.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: The header the page's script sends with a post: answer with the page, not a redirect.
FETCHED = "x-totem-fetch"
_STATUS: tuple[tuple[type[LiveError], int], ...] = (
    (LiveSessionNotFound, 404),
    (LiveSessionClosed, 410),
    (LiveVotingLocked, 409),
    (LiveLimitReached, 429),
    (LiveInputError, 422),
)
_plans: dict[str, tuple[float, Plan]] = {}
_plans_lock = threading.Lock()


def _plan_store() -> PlanStore:
    """The workbook's plan store (one engine for the process).

    Imported at the first request, not with this module: ``workbook/serve.py`` imports this
    module before Streamlit's runtime starts, and ``workbook.persistence`` decorates cached
    functions that would then be checked against a stand-in cache ("No runtime found").
    """
    from workbook.persistence import plan_store

    return plan_store()


def live_store() -> LiveStore:
    """The live workshop's store: the plan store's database."""
    return LiveStore(_plan_store())


def session_plan(plan_id: str) -> Plan:
    """The newest revision of a session's plan, kept a few seconds (never changed, never shown)."""
    now = time.monotonic()
    with _plans_lock:
        kept = _plans.get(plan_id)
    if kept is not None and now - kept[0] < PLAN_SECONDS:
        return kept[1]
    plan = _plan_store().latest(plan_id).plan
    with _plans_lock:
        _plans[plan_id] = (now, plan)
    return plan


def routes() -> list[Route]:
    """The participant page's routes, mounted before Streamlit's own by ``workbook.serve``."""
    return [
        Route(f"/{ACTION}", page, methods=["GET", "POST"]),
        Route(f"/{ACTION}/list", candidate_list, methods=["GET"]),
        Route(f"/{ACTION}/phone.js", _asset("phone.js", "text/javascript"), methods=["GET"]),
        Route(f"/{ACTION}/phone.css", _asset("phone.css", "text/css"), methods=["GET"]),
    ]


def _asset(name: str, media_type: str) -> Any:
    async def serve(_request: Request) -> Response:
        return FileResponse(
            ASSETS / name,
            media_type=media_type,
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
        )

    return serve


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=HEADERS)


def status_of(error: LiveError) -> int:
    """The HTTP status of a refusal: 404 unknown, 410 closed, 409 locked, 429 limit, 422 input."""
    return next((code for kind, code in _STATUS if isinstance(error, kind)), 400)


def language(params: Mapping[str, str], accept: str, plan: Plan | None = None) -> str:
    """The page's language: the one chosen (``lang``), else the plan's, else the browser's."""
    chosen = params.get("lang", "")
    if chosen in LANGUAGES:
        return chosen
    if plan is not None:
        return str(plan.language.value)
    return "fr" if accept.strip().lower().startswith("fr") else "en"


async def _form(request: Request) -> dict[str, str] | None:
    """The posted form (urlencoded), or None when it is larger than ``MAX_BODY``."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return dict(pairs[:64])


async def page(request: Request) -> Response:
    """``/join``: the page (GET), or what a form posted, answered with the page or a redirect."""
    accept = request.headers.get("accept-language", "")
    if request.method == "GET":
        return await run_in_threadpool(_show, dict(request.query_params), accept)
    form = await _form(request)
    if form is None:
        return PlainTextResponse("Form too large", status_code=413, headers=HEADERS)
    wait = _throttled(form, request)
    if wait:
        where = Where(form.get("code", ""), form.get("p", ""), language(form, accept))
        refusal = too_many_page(where, wait)
        return HTMLResponse(refusal, 429, {**HEADERS, "Retry-After": str(wait)})
    fetched = request.headers.get(FETCHED) == "1"
    return await run_in_threadpool(_post, form, accept, fetched)


def _throttled(form: Mapping[str, str], request: Request) -> int:
    """Seconds this post must wait (0: none): per participant, or per address for a join."""
    if form.get("p"):
        wait = phonelimits.participants.wait(form["p"])
    else:
        wait = phonelimits.joins.wait(request.client.host if request.client else "")
    return math.ceil(wait)


class _Place:
    """The session, the plan and the participant a request names, or the page refusing it."""

    def __init__(self, params: Mapping[str, str], accept: str) -> None:
        self.code = normalise_code(params.get("code", ""))[:CODE_FIELD_MAX]
        self.token = params.get("p", "")
        self.session: LiveSession | None = None
        self.plan: Plan | None = None
        self.participant: Participant | None = None
        self.refusal: Response | None = None
        #: The code names a session that is closed (or expired).
        self.closed = False
        chosen = params.get("lang") in LANGUAGES
        lang = language(params, accept)
        if not self.code:
            self.where = Where(lang=lang, chosen=chosen)
            return
        try:
            self.session = live_store().session_by_code(self.code)
        except LiveError as refused:
            self.closed = isinstance(refused, LiveSessionClosed)
            self.where = Where(self.code, self.token, lang, chosen)
            refusal = code_page(self.where, self.code, refused.message)
            self.refusal = _html(refusal, status_of(refused))
            return
        self.plan = session_plan(self.session.plan_id)
        self.where = Where(self.code, "", language(params, accept, self.plan), chosen)
        if self.token:
            self.participant = live_store().participant(self.session.id, self.token)
            if self.participant is None:
                again = code_page(self.where, self.code, Message("livejoin.join.again"))
                self.refusal = _html(again, 404)
            else:
                self.where = Where(self.code, self.token, self.where.lang, chosen)


def _show(params: Mapping[str, str], accept: str, done: str = "") -> Response:
    place = _Place(params, accept)
    if place.refusal is not None:
        return place.refusal
    if place.participant is None:
        return _html(code_page(place.where, place.code, None))
    done = params.get("done", "") if params.get("done") in {"answer", "name"} else done
    return _html(joined_page(_joined(place, done=done)))


def _joined(place: _Place, **extra: Any) -> Joined:
    """What the page of the participant ``place`` names draws, with ``extra`` (values, refusal…)."""
    assert place.session is not None
    assert place.plan is not None
    assert place.participant is not None
    session = place.session
    community = next((c for c in place.plan.communities if c.id == session.community_id), None)
    asked = Asked(
        session.question,
        community.name if community else "",
        tuple((p.id, p.name) for p in community.populations) if community else (),
    )
    vote_refusal = extra.pop("vote_refusal", None)
    shown = _candidates(place, vote_refusal) if session.question is Question.TOTEM else None
    return Joined(place.where, place.participant.pseudonym, asked, shown, **extra)


def _candidates(place: _Place, refusal: Message | None = None) -> Candidates:
    assert place.session is not None
    snapshot = live_store().snapshot(place.session.id, token=place.token)
    shown = tuple(visible(snapshot, Question.TOTEM))
    if refusal is None and not snapshot.session.is_open(datetime.now(UTC)):
        refusal = _closed(place.code)
    return Candidates(shown, dict(snapshot.my_votes), snapshot.session.locked, refusal)


def _closed(code: str) -> Message:
    """What a phone's list says once its session is closed."""
    return Message("live.error.closed", {"code": code})


def _post(form: Mapping[str, str], accept: str, fetched: bool = False) -> Response:
    action = form.get("do", "")
    if action == "join":
        return _join(form, accept)
    place = _Place(form, accept)
    if place.refusal is not None:
        return place.refusal
    if place.participant is None or place.session is None or place.plan is None:
        return _html(code_page(place.where, place.code, Message("livejoin.join.again")), 404)
    store, session, token = live_store(), place.session, place.token
    try:
        if action == "rename":
            place.participant = store.rename(session.id, token, form.get("pseudonym", ""))
            return _taken(place, fetched, done="name")
        if action == "answer":
            store.contribute(session.id, token, answer_payload(session.question, form), place.plan)
            return _taken(place, fetched, done="answer")
        if action == "vote":
            candidate, votes = whole(form.get("candidate")), whole(form.get("votes"))
            if candidate is None or votes is None:
                raise LiveInputError(Message("live.input.votes"), "votes")
            store.vote(session.id, token, candidate, votes)
            return _taken(place, fetched, anchor="candidates")
    except LiveError as refused:
        return _refused(place, action, form, refused)
    return _html(joined_page(_joined(place)), 400)


def _refused(place: _Place, action: str, form: Mapping[str, str], refused: LiveError) -> Response:
    """The page again, the refusal under the field it names and what was typed kept."""
    if action == "vote":
        return _html(joined_page(_joined(place, vote_refusal=refused.message)), status_of(refused))
    field = "pseudonym" if action == "rename" else refused.field
    joined = _joined(place, values=dict(form), refusal=Refusal(refused.message, field))
    return _html(joined_page(joined), status_of(refused))


def _join(form: Mapping[str, str], accept: str) -> Response:
    """The code form: join the session the code names, then show its page (token in the URL)."""
    place = _Place({key: form[key] for key in ("code", "lang") if key in form}, accept)
    if place.refusal is not None:
        return place.refusal
    if place.session is None:
        return _html(code_page(place.where, "", Message("livejoin.code.missing")), 422)
    try:
        participant = live_store().join(place.session.id, lang=place.where.lang)
    except LiveError as refused:
        return _html(code_page(place.where, place.code, refused.message), status_of(refused))
    # The language spoken now (chosen, else the plan's) goes into the participant's address:
    # a closed session's page, which can no longer read the plan, still speaks it.
    return _back(Where(place.code, participant.token, place.where.lang))


def _taken(place: _Place, fetched: bool, *, done: str = "", anchor: str = "") -> Response:
    """What answers a taken post: the redirect to the page (a form's post), or for the page's
    script (header ``X-Totem-Fetch``) the page itself, its address in ``X-Totem-Location``.

    The script's way spares a second request per tap (the redirect's GET); a reload of that
    address shows the page, never posts again.
    """
    if not fetched:
        return _back(place.where, done=done, anchor=anchor)
    # No anchor: the script swaps the page in place, and a reload should not jump away.
    address = f"{ACTION}?{place.where.query()}"
    page = joined_page(_joined(place, done=done))
    return HTMLResponse(page, headers={**HEADERS, "X-Totem-Location": address})


def _back(where: Where, *, done: str = "", anchor: str = "") -> Response:
    """After a taken post, the page again by a GET (a reload never posts twice)."""
    target = f"{ACTION}?{where.query(done=done)}" + (f"#{anchor}" if anchor else "")
    return RedirectResponse(target, status_code=303, headers=HEADERS)


async def candidate_list(request: Request) -> Response:
    """``/join/list``: the candidates' section alone, or 304 when it is what the phone shows."""
    params = dict(request.query_params)
    accept = request.headers.get("accept-language", "")
    return await run_in_threadpool(_list, params, accept, request.headers.get("if-none-match"))


def _list(params: Mapping[str, str], accept: str, seen: str | None) -> Response:
    place = _Place(params, accept)
    if place.closed and place.token:
        # Closed since the phone drew its list: say so there (nothing else of the session).
        candidates = Candidates((), {}, True, _closed(place.code))
    elif (
        place.participant is None
        or place.session is None
        or place.session.question is not Question.TOTEM
    ):
        return Response(status_code=404, headers=HEADERS)
    else:
        candidates = _candidates(place)
    etag = list_etag(place.where, candidates)
    headers = {**HEADERS, "ETag": etag}
    if seen == etag:
        return Response(status_code=304, headers=headers)
    return HTMLResponse(candidates_html(place.where, candidates), headers=headers)
