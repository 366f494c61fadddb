"""A workshop participant's phone (``/join``, :mod:`workbook.phone`): what the browser gets.

Each test gets its own SQLite file through ``TOTEM_DATABASE_URL``, holding the French sample;
sessions are opened on it through ``LiveStore``, as the shared screen does, and a Starlette
``TestClient`` on the phone's routes alone plays the participant's browser. Pages are read as a
browser shows them (:class:`Page`: texts unescaped, elements by id), except where the raw HTML
is the point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from planner.i18n import render, translate
from planner.live import (
    VOTES_PER_PARTICIPANT,
    LiveInputError,
    LiveSession,
    LiveStore,
    Question,
    check_contribution,
    check_pseudonym,
)
from planner.models import Plan, ResistanceFactor
from tests.app.conftest import make_plan
from workbook import phone, phonelimits
from workbook.persistence import plan_store
from workbook.phonelimits import Throttle

SECURITY = {
    "content-security-policy": phone.HEADERS["Content-Security-Policy"],
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
}
HOSTILE = ("<script>alert(1)</script>", "**bold**", "[link](http://evil)", "&amp;")
_VOID = {"input", "meta", "link", "br", "img"}


class Page(HTMLParser):
    """A page as a browser shows it: its text, and each element with an id (attributes, text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.inside: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if ident:
            self.attrs[ident] = {"tag": tag, **dict(attrs)}
            self.inside[ident] = ""
        if tag not in _VOID:
            self._open.append(ident)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        for ident in filter(None, self._open):
            self.inside[ident] += data

    def value(self, ident: str) -> str | None:
        """What a field shows: an input's value, a textarea's text."""
        if self.attrs[ident]["tag"] == "textarea":
            return self.inside[ident]
        return self.attrs[ident].get("value")

    def has(self, ident: str, attribute: str) -> bool:
        return attribute in self.attrs[ident]

    def dots(self, candidate: int) -> int:
        """The count checked in a candidate's radio group."""
        counts = range(VOTES_PER_PARTICIPANT + 1)
        [count] = [n for n in counts if self.has(f"votes-{candidate}-{n}", "checked")]
        return count


def said(key: str, lang: str = "fr", **params: Any) -> str:
    """A catalogue text as the page shows it: ``**`` marks gone, text parameters literal."""
    texts = {name: value for name, value in params.items() if isinstance(value, str)}
    holders = {name: f"\x00{number}\x00" for number, name in enumerate(texts)}
    shown = translate(key, lang, **{**params, **holders}).replace("**", "")
    for name, holder in holders.items():
        shown = shown.replace(holder, texts[name])
    return shown


def _send(client: TestClient, method: str, path: str, **options: Any) -> httpx2.Response:
    """One request, its redirect not followed."""
    response: httpx2.Response = client.request(method, path, follow_redirects=False, **options)
    return response


def _query(response: httpx2.Response) -> dict[str, str]:
    """The query of the page a redirect leads to."""
    assert response.status_code == 303, response.text
    return dict(parse_qsl(urlsplit(response.headers["location"]).query))


def _refused(response: httpx2.Response, status: int) -> Page:
    assert response.status_code == status, response.text
    return Page(response.text)


@dataclass
class Phone:
    """A participant who joined a session: their token, and their browser."""

    client: TestClient
    session: LiveSession
    token: str
    #: The language the participant chose ("": none, the plan's is spoken).
    lang: str = ""

    def place(self) -> dict[str, str]:
        chosen = {"lang": self.lang} if self.lang else {}
        return {"code": self.session.code, "p": self.token, **chosen}

    def get(self, **extra: str) -> httpx2.Response:
        return _send(self.client, "GET", "/join", params={**self.place(), **extra})

    def page(self, **extra: str) -> Page:
        return _refused(self.get(**extra), 200)

    def post(self, do: str, **fields: str) -> httpx2.Response:
        return _send(self.client, "POST", "/join", data={"do": do, **self.place(), **fields})

    def list(self, etag: str | None = None) -> httpx2.Response:
        headers = {"If-None-Match": etag} if etag else {}
        return _send(self.client, "GET", "/join/list", params=self.place(), headers=headers)


@dataclass
class Room:
    """A stored plan, the live store of its database, and a browser on the phone's routes."""

    plan_id: str
    plan: Plan
    live: LiveStore
    client: TestClient

    def open(self, question: Question = Question.TOTEM, community: int = 0) -> LiveSession:
        return self.live.open_session(self.plan_id, question, self.plan.communities[community].id)

    def get(self, accept: str = "", **params: str) -> httpx2.Response:
        """``/join?params``, from a browser that prefers the language ``accept``."""
        headers = {"Accept-Language": accept} if accept else {}
        return _send(self.client, "GET", "/join", params=params, headers=headers)

    def post(self, accept: str = "", **data: str) -> httpx2.Response:
        headers = {"Accept-Language": accept} if accept else {}
        return _send(self.client, "POST", "/join", data=data, headers=headers)

    def join(self, session: LiveSession, accept: str = "en-US,en") -> Phone:
        """Tap Join on the code form of ``session``; the page's URL names the new participant."""
        query = _query(self.post(accept, do="join", code=session.code))
        return Phone(self.client, session, query["p"], query.get("lang", ""))

    def answer(self, who: Phone, subject: str, seconds: float) -> int:
        """An answer of ``who``, stamped ``seconds`` from now, straight into the store; its id."""
        at = datetime.now(UTC) + timedelta(seconds=seconds)
        payload = {"subject": subject}
        return self.live.contribute(who.session.id, who.token, payload, self.plan, now=at).id

    def candidates(self, session: LiveSession) -> tuple[int, int]:
        """Two totem candidates of another participant, oldest first."""
        other = self.join(session)
        return self.answer(other, "Premier", -10), self.answer(other, "Second", -5)

    def mine(self, who: Phone) -> dict[int, int]:
        return dict(self.live.snapshot(who.session.id, token=who.token).my_votes)


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Room]:
    """The French sample stored in a fresh SQLite file, the one the phone's routes open."""
    monkeypatch.setenv("TOTEM_DATABASE_URL", f"sqlite:///{tmp_path / 'totem.db'}")
    # Each test's phones start with clean throttles (every TestClient has one address).
    monkeypatch.setattr(phonelimits, "participants", Throttle(phonelimits.PER_PARTICIPANT))
    monkeypatch.setattr(phonelimits, "joins", Throttle(phonelimits.JOINS_PER_ADDRESS))
    plan_store.clear()
    phone._plans.clear()
    store = plan_store()
    plan = make_plan("fr-industrie")
    plan_id = store.create(plan, author="test", note="").plan_id
    with TestClient(Starlette(routes=phone.routes())) as client:
        yield Room(plan_id, plan, LiveStore(store), client)
    plan_store.clear()
    phone._plans.clear()
    store.close()


@pytest.fixture
def joined(room: Room) -> Phone:
    """A participant of a totem session on the plan's first community."""
    return room.join(room.open())


@pytest.mark.parametrize(("accept", "lang"), [("fr-FR,fr;q=0.9", "fr"), ("en-GB,en", "en")])
def test_a_wrong_code_says_so_in_the_browsers_language(room: Room, accept: str, lang: str) -> None:
    """Test that a code no session has is refused (404) in the browser's language, code kept."""
    response = room.get(accept, code="zzz 999")
    page = _refused(response, 404)
    assert page.inside["code-error"] == said("live.error.not_found", lang, code="ZZZ999")
    assert page.value("code") == "ZZZ999"
    assert page.attrs["code"]["aria-invalid"] == "true"
    assert f'<html lang="{lang}">' in response.text


def test_a_closed_code_says_so_and_lets_nobody_join(room: Room) -> None:
    """Test that a closed session's code says it is closed (410), before and after Join."""
    session = room.open()
    room.live.close_session(session.id)
    closed = said("live.error.closed", code=session.code)
    assert _refused(room.get("fr", code=session.code), 410).inside["code-error"] == closed
    joining = room.post("fr", do="join", code=session.code)
    assert _refused(joining, 410).inside["code-error"] == closed
    assert room.live.snapshot(session.id).participants == 0


def test_an_empty_code_asks_for_one(room: Room) -> None:
    """Test that the bare page asks for a code, and Join without one says to type it (422)."""
    page = _refused(room.get("en"), 200)
    assert page.value("code") == ""
    assert "code-error" not in page.attrs
    joining = room.post("en", do="join", code=" ")
    assert _refused(joining, 422).inside["code-error"] == said("livejoin.code.missing", "en")


def test_joining_leads_to_a_page_whose_pseudonym_a_reload_keeps(room: Room) -> None:
    """Test that Join answers 303 to join?code&p&lang (the plan's language), whose page shows the
    pseudonym, twice."""
    session = room.open()
    response = room.post(do="join", code=session.code.lower())
    query = _query(response)
    assert urlsplit(response.headers["location"]).path == "join"
    assert (query["code"], query["lang"]) == (session.code, "fr")
    assert set(query) == {"code", "p", "lang"}
    participant = room.live.participant(session.id, query["p"])
    assert participant is not None
    for _visit in range(2):
        page = _refused(room.client.get(f"/{response.headers['location']}"), 200)
        assert said("livejoin.you_are", name=participant.pseudonym) in page.text
        assert said("livejoin.question.totem") in page.text
        assert page.inside["question-title"] == room.plan.communities[0].name
    assert room.live.snapshot(session.id).participants == 1


def test_an_unknown_token_is_asked_to_join_again(room: Room, joined: Phone) -> None:
    """Test that a token the session does not know gets 'join again' (404) and stores nothing."""
    stranger = Phone(room.client, joined.session, "not-a-token")
    again = said("livejoin.join.again")
    assert _refused(stranger.get(), 404).inside["code-error"] == again
    assert _refused(stranger.post("answer", subject="Intrus"), 404).inside["code-error"] == again
    assert room.live.snapshot(joined.session.id).contributions == ()


def test_a_participant_renames_themselves(room: Room, joined: Phone) -> None:
    """Test that the pseudonym form renames (303, done=name) and the page says so."""
    assert _query(joined.post("rename", pseudonym="Camille (QRQC)"))["done"] == "name"
    page = joined.page(done="name")
    assert page.inside["status"] == said("livejoin.pseudonym.changed")
    assert said("livejoin.you_are", name="Camille (QRQC)") in page.text
    participant = room.live.participant(joined.session.id, joined.token)
    assert participant is not None
    assert participant.pseudonym == "Camille (QRQC)"


@pytest.mark.parametrize("typed", ["x" * 41, "Ana\nBel", "   "], ids=["long", "line", "blank"])
def test_a_refused_pseudonym_is_explained_under_its_field(
    room: Room, joined: Phone, typed: str
) -> None:
    """Test that a refused pseudonym (422) is kept, marked invalid, and explained below it."""
    before = room.live.participant(joined.session.id, joined.token)
    with pytest.raises(LiveInputError) as refusal:
        check_pseudonym(typed)
    page = _refused(joined.post("rename", pseudonym=typed), 422)
    assert page.inside["pseudonym-error"] == render(refusal.value.message, "fr")
    assert page.value("pseudonym") == typed
    assert page.attrs["pseudonym"]["aria-invalid"] == "true"
    assert room.live.participant(joined.session.id, joined.token) == before


def test_a_proposal_is_thanked_and_leaves_an_empty_form(room: Room, joined: Phone) -> None:
    """Test that a totem answer is stored, then thanked (done=answer) above an empty form."""
    sent = joined.post("answer", subject="Astuces QRQC", benefit="Gagner 10 min/jour")
    assert _query(sent)["done"] == "answer"
    [answer] = room.live.snapshot(joined.session.id).contributions
    assert answer.payload == {"subject": "Astuces QRQC", "benefit": "Gagner 10 min/jour"}
    page = joined.page(done="answer")
    assert page.inside["status"] == said("livejoin.sent.totem")
    assert (page.value("subject"), page.value("benefit")) == ("", "")
    assert page.inside[f"candidate-{answer.id}"].startswith("1. Astuces QRQC")


@pytest.mark.parametrize("subject", ["", "x" * 301, "a\x07b"], ids=["empty", "long", "control"])
def test_a_refused_answer_keeps_the_typed_text_and_names_the_field(
    room: Room, joined: Phone, subject: str
) -> None:
    """Test that a refused subject (422) is explained under it, with both fields kept."""
    payload = {"subject": subject, "benefit": "Gain"}
    with pytest.raises(LiveInputError) as refusal:
        check_contribution(Question.TOTEM, payload, room.plan, joined.session.community_id)
    page = _refused(joined.post("answer", **payload), 422)
    assert page.inside["subject-error"] == render(refusal.value.message, "fr")
    assert (page.value("subject"), page.value("benefit")) == (subject, "Gain")
    assert page.attrs["subject"]["aria-invalid"] == "true"
    assert "subject-error" in str(page.attrs["subject"]["aria-describedby"])
    assert not page.has("benefit", "aria-invalid")
    assert room.live.snapshot(joined.session.id).contributions == ()


def test_an_answer_too_soon_after_the_last_one_is_refused(room: Room, joined: Phone) -> None:
    """Test that an answer within two seconds of the last is refused (429) with the wait."""
    room.answer(joined, "Premier", 60)  # stamped ahead: the next one is always too soon
    page = _refused(joined.post("answer", subject="Deuxième, trop vite"), 429)
    wait = re.escape(said("live.limit.too_fast", seconds=99)).replace("99", r"[\d,]+")
    assert re.fullmatch(wait, page.inside["answer-error"])
    assert page.value("subject") == "Deuxième, trop vite"
    assert len(room.live.snapshot(joined.session.id).contributions) == 1


def test_answers_past_the_limit_are_refused(room: Room, joined: Phone) -> None:
    """Test that a sixth answer of one participant is refused (429) with the limit."""
    for number in range(5):
        room.answer(joined, f"Sujet {number}", -100 + 10 * number)
    page = _refused(joined.post("answer", subject="Sixième"), 429)
    assert page.inside["answer-error"] == said("live.limit.answers", limit=5)
    assert len(room.live.snapshot(joined.session.id).contributions) == 5


def test_dots_are_spent_bounded_and_shown(room: Room, joined: Phone) -> None:
    """Test that dots are stored and shown, a fourth is refused (429), the radios kept right."""
    first, second = room.candidates(joined.session)
    response = joined.post("vote", candidate=str(first), votes="2")
    assert response.headers["location"].endswith("#candidates")
    assert _query(response) == joined.place()
    page = joined.page()
    assert (page.dots(first), page.dots(second)) == (2, 0)
    assert said("livejoin.vote.left", count=1, total=3) in page.text

    page = _refused(joined.post("vote", candidate=str(second), votes="2"), 429)
    assert page.inside["vote-error"] == said("live.limit.votes", limit=3, left=1)
    assert (page.dots(first), page.dots(second)) == (2, 0)
    assert room.mine(joined) == {first: 2}

    assert joined.post("vote", candidate=str(second), votes="1").status_code == 303
    page = joined.page()
    assert (page.dots(first), page.dots(second)) == (2, 1)
    assert said("livejoin.vote.left", count=0, total=3) in page.text
    assert room.mine(joined) == {first: 2, second: 1}


@pytest.mark.parametrize(
    ("candidate", "votes", "message"),
    [
        ("", "beaucoup", "live.input.votes"),
        ("", "-1", "live.input.votes"),
        ("", "", "live.input.votes"),
        ("999", "1", "live.input.no_candidate"),
    ],
    ids=["text", "negative", "none", "no-candidate"],
)
def test_a_bad_vote_is_refused(
    room: Room, joined: Phone, candidate: str, votes: str, message: str
) -> None:
    """Test that a vote the store cannot take is refused (422) with why, nothing stored."""
    first, _second = room.candidates(joined.session)
    page = _refused(joined.post("vote", candidate=candidate or str(first), votes=votes), 422)
    assert page.inside["vote-error"] == said(message)
    assert room.mine(joined) == {}


def test_a_locked_vote_is_refused_and_its_radios_disabled(room: Room, joined: Phone) -> None:
    """Test that once locked the dots cannot change (409) and every radio is disabled."""
    _first, second = room.candidates(joined.session)
    room.live.set_locked(joined.session.id, True)
    page = joined.page()
    assert said("livejoin.vote.locked") in page.text
    radios = [ident for ident in page.attrs if ident.startswith("votes-")]
    assert len(radios) == 2 * (VOTES_PER_PARTICIPANT + 1)
    assert all(page.has(ident, "disabled") for ident in radios)
    page = _refused(joined.post("vote", candidate=str(second), votes="1"), 409)
    assert page.inside["vote-error"] == said("live.error.voting_locked")
    assert room.mine(joined) == {}


def test_a_closed_session_says_so_to_a_joined_participant(room: Room, joined: Phone) -> None:
    """Test that after closing, the page and a vote say the session is closed (410)."""
    first, _second = room.candidates(joined.session)
    room.live.close_session(joined.session.id)
    closed = said("live.error.closed", code=joined.session.code)
    assert _refused(joined.get(), 410).inside["code-error"] == closed
    voted = joined.post("vote", candidate=str(first), votes="1")
    assert _refused(voted, 410).inside["code-error"] == closed


def test_a_closed_sessions_list_says_it_is_closed(room: Room, joined: Phone) -> None:
    """Test that the list a phone polls says the session closed (phone.js swaps in a 200)."""
    room.candidates(joined.session)
    etag = joined.list().headers["etag"]
    room.live.close_session(joined.session.id)
    response = joined.list(etag)
    section = Page(response.text).inside.get("candidates", "")
    closed = said("live.error.closed", code=joined.session.code)
    assert response.status_code == 200
    assert closed in section
    assert 'type="radio"' not in section


def test_the_brakes_of_a_population_are_rated_and_sent(room: Room) -> None:
    """Test that the brakes form offers the community's populations, needs a rating, stores."""
    session = room.open(Question.BRAKES, community=2)
    you = room.join(session)
    populations = room.plan.communities[2].populations
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', you.get().text)
    assert options[1:] == [(p.id, p.name) for p in populations]
    unrated = {f"brake_{factor.value}": "" for factor in ResistanceFactor}
    page = _refused(you.post("answer", population_id="", brake_workload="2"), 422)
    assert page.inside["population_id-error"] == said("live.input.pick_population")
    page = _refused(you.post("answer", population_id=populations[1].id, **unrated), 422)
    assert page.inside["ratings-error"] == said("live.input.no_ratings")
    assert not page.has("population_id", "aria-invalid")
    rated = {**unrated, "brake_workload": "3", "brake_email_overlap": "1"}
    assert _query(you.post("answer", population_id=populations[1].id, **rated))["done"]
    [answer] = room.live.snapshot(session.id).contributions
    ratings = {"workload": 3, "email_overlap": 1}
    assert answer.payload == {"population_id": populations[1].id, "ratings": ratings}
    assert you.page(done="answer").inside["status"] == said("livejoin.sent.brakes")


def test_an_ambassador_is_sent(room: Room) -> None:
    """Test that the ambassador form stores a name, a population and a volunteer's tick."""
    session = room.open(Question.AMBASSADORS)
    you = room.join(session)
    population = room.plan.communities[0].populations[0].id
    sent = you.post("answer", name="Lina Moreau", population_id=population, volunteer="yes")
    assert sent.status_code == 303
    [answer] = room.live.snapshot(session.id).contributions
    assert answer.payload == {"name": "Lina Moreau", "population_id": population, "volunteer": True}


def test_an_objective_takes_a_french_decimal_and_refuses_a_text_target(room: Room) -> None:
    """Test that a target of "beaucoup" (422, field target) is refused and "2,5" is 2.5."""
    session = room.open(Question.OBJECTIVES, community=1)
    you = room.join(session)
    typed = {"indicator": "Membres actifs", "unit": "%", "due_date": "2027-06-30"}
    page = _refused(you.post("answer", target="beaucoup", **typed), 422)
    assert page.inside["target-error"] == said("live.input.number")
    assert (page.value("target"), page.value("indicator")) == ("beaucoup", "Membres actifs")
    assert page.attrs["target"]["aria-invalid"] == "true"
    page = _refused(you.post("answer", target="40", **{**typed, "due_date": ""}), 422)
    assert page.inside["due_date-error"] == said("live.input.required")
    assert you.post("answer", target="2,5", **typed).status_code == 303
    [answer] = room.live.snapshot(session.id).contributions
    assert answer.payload == {**typed, "target": 2.5}


@pytest.mark.parametrize(
    ("params", "accept", "lang"),
    [({"lang": "en"}, "fr", "en"), ({}, "en-US,en", "fr"), ({"lang": "de"}, "en", "fr")],
    ids=["chosen", "plan-over-browser", "unknown-chosen"],
)
def test_the_language_is_the_chosen_one_else_the_plans(
    room: Room, joined: Phone, params: dict[str, str], accept: str, lang: str
) -> None:
    """Test that ``lang`` wins, else the plan's language, whatever the browser prefers."""
    response = room.get(accept, code=joined.session.code, p=joined.token, **params)
    assert f'<html lang="{lang}">' in response.text
    assert said("livejoin.question.totem", lang) in Page(response.text).text


def test_an_english_plan_joined_from_a_french_browser_speaks_english(room: Room) -> None:
    """Test that the plan's language, not the browser's, is spoken once the code names the plan,
    though the code form was in the browser's language."""
    plan = make_plan("en-team")
    plan_id = plan_store().create(plan, author="test", note="").plan_id
    session = room.live.open_session(plan_id, Question.TOTEM, plan.communities[0].id)
    form = room.get("fr-FR,fr")
    assert '<html lang="fr">' in form.text
    assert 'name="lang"' not in form.text
    you = room.join(session, accept="fr-FR,fr")
    assert you.lang == "en"
    response = _send(
        room.client, "GET", "/join", params=you.place(), headers={"Accept-Language": "fr"}
    )
    assert '<html lang="en">' in response.text
    assert said("livejoin.question.totem", "en") in Page(response.text).text


def test_the_language_links_keep_the_code_and_the_token(joined: Phone) -> None:
    """Test that the other language's link keeps code and p; the current one is no link."""
    html = joined.get().text
    [link] = re.findall(r'<a href="([^"]*)" lang="en"', html)
    query = dict(parse_qsl(urlsplit(link.replace("&amp;", "&")).query))
    assert query == {**joined.place(), "lang": "en"}
    assert '<span lang="fr" aria-current="true">' in html


def test_the_list_changes_only_with_what_this_phone_shows(room: Room, joined: Phone) -> None:
    """Test the list's ETag: 304 while unchanged, new after a candidate or my dots only."""
    voter = room.join(joined.session)
    first = room.answer(voter, "Premier", -10)
    response = joined.list()
    section = _refused(response, 200)
    assert section.attrs["candidates"]["tag"] == "section"
    assert section.inside[f"candidate-{first}"].startswith("1. Premier")
    etag = response.headers["etag"]
    assert section.attrs["candidates"]["data-etag"] == etag
    unchanged = joined.list(etag)
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)

    assert voter.post("vote", candidate=str(first), votes="3").status_code == 303
    assert joined.list(etag).status_code == 304

    assert joined.post("vote", candidate=str(first), votes="1").status_code == 303
    after_vote = joined.list(etag)
    assert _refused(after_vote, 200).dots(first) == 1

    second = room.answer(voter, "Second", -5)
    after_candidate = joined.list(after_vote.headers["etag"])
    assert f"candidate-{second}" in _refused(after_candidate, 200).attrs


def test_the_list_is_refused_to_strangers_and_other_questions(room: Room, joined: Phone) -> None:
    """Test that the list answers 404 to an unknown token and to a session that is no totem."""
    assert Phone(room.client, joined.session, "not-a-token").list().status_code == 404
    brakes = room.join(room.open(Question.BRAKES))
    assert brakes.list().status_code == 404
    assert "candidates" not in brakes.page().attrs


def test_every_answer_carries_the_security_headers(room: Room, joined: Phone) -> None:
    """Test that pages, refusals, redirects and the list all carry the security headers."""
    answers = {
        "code form": room.get(),
        "wrong code": room.get(code="ZZZ999"),
        "page": joined.get(),
        "redirect": joined.post("rename", pseudonym="Ana"),
        "refusal": joined.post("rename", pseudonym=""),
        "too large": joined.post("rename", pseudonym="x" * 20_000),
        "bad action": joined.post("dance"),
        "list": joined.list(),
        "list 304": joined.list(joined.list().headers["etag"]),
        "list 404": Phone(room.client, joined.session, "nobody").list(),
    }
    for name, response in answers.items():
        assert {key: response.headers.get(key) for key in SECURITY} == SECURITY, name
    assert "default-src 'none'" in SECURITY["content-security-policy"]
    assert "'unsafe-inline'" not in SECURITY["content-security-policy"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_literally(room: Room, joined: Phone, hostile: str) -> None:
    """Test that markup or Markdown typed by a participant is shown as typed, never obeyed."""
    assert joined.post("rename", pseudonym=hostile).status_code == 303
    room.answer(room.join(joined.session), hostile + " sujet", -5)
    mine = {"subject": "Sujet", "benefit": hostile}
    room.live.contribute(joined.session.id, joined.token, mine, room.plan)
    refused = room.join(room.open(Question.AMBASSADORS)).post("answer", name=hostile)
    assert refused.status_code == 422
    for html in (joined.get().text, joined.list().text, refused.text):
        ours = 0 if html.startswith("<section") else 1  # the page's script and language link
        assert (html.count("<script"), html.count("<a ")) == (ours, ours)
        assert "<strong>bold" not in html
        assert 'href="http://evil' not in html
    page = joined.page()
    assert said("livejoin.you_are", name=hostile) in page.text
    assert said("livejoin.vote.candidate", number=1, subject=hostile + " sujet") in page.text
    assert said("livejoin.vote.benefit", benefit=hostile) in page.text
    assert said("livejoin.vote.benefit", benefit=hostile) in Page(joined.list().text).text
    assert Page(refused.text).value("name") == hostile


@pytest.mark.parametrize(
    "extra",
    [{"plan": "PLAN"}, {"sample": "fr-industrie"}, {"open": "readiness", "plan": "PLAN"}],
    ids=["plan", "sample", "open"],
)
def test_a_participant_url_never_shows_the_plan(room: Room, extra: dict[str, str]) -> None:
    """Test that /join with ?plan=, ?sample= or ?open= shows the community and nothing else."""
    session = room.open(Question.BRAKES)
    params = {key: room.plan_id if value == "PLAN" else value for key, value in extra.items()}
    before = room.get(code=session.code, **params)
    query = _query(room.post(do="join", code=session.code, **params))
    assert set(query) == {"code", "p", "lang"}
    after = Phone(room.client, session, query["p"]).get(**params)
    secrets = [room.plan.name, room.plan.organisation, "Ardelys"]
    secrets += [sponsor.name for sponsor in room.plan.sponsors]
    for community in room.plan.communities[1:]:
        secrets += [community.name, *(p.name for p in community.populations)]
    for response in (before, after):
        text = _refused(response, 200).text
        assert [secret for secret in secrets if secret in text] == []
    community = room.plan.communities[0]
    shown = [community.name, *(p.name for p in community.populations)]
    assert [name for name in shown if name not in Page(after.text).text] == []


def test_a_form_over_16_kb_is_refused_and_nothing_stored(room: Room, joined: Phone) -> None:
    """Test that a post larger than 16 KB gets 413, the answer and the name left unchanged."""
    before = room.live.participant(joined.session.id, joined.token)
    assert joined.post("answer", subject="x" * 16_385).status_code == 413
    assert joined.post("rename", pseudonym="Ana", filler="x" * 16_384).status_code == 413
    assert room.live.snapshot(joined.session.id).contributions == ()
    assert room.live.participant(joined.session.id, joined.token) == before
    assert joined.post("rename", pseudonym="Ana", filler="x" * 16_000).status_code == 303


def test_an_unknown_action_is_a_bad_request(room: Room, joined: Phone) -> None:
    """Test that a post whose ``do`` the page does not know gets 400 and changes nothing."""
    before = room.live.participant(joined.session.id, joined.token)
    page = _refused(joined.post("delete", subject="Sujet", pseudonym="Ana"), 400)
    assert said("livejoin.question.totem") in page.text
    assert room.live.snapshot(joined.session.id).contributions == ()
    assert room.live.participant(joined.session.id, joined.token) == before


@pytest.mark.parametrize(
    ("name", "kind"), [("phone.js", "text/javascript"), ("phone.css", "text/css")]
)
def test_the_script_and_stylesheet_are_served(room: Room, name: str, kind: str) -> None:
    """Test that the page's script and stylesheet are served with their types, unsniffed."""
    response = room.client.get(f"/join/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == kind
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (phone.ASSETS / name).read_bytes()


def test_a_throttle_counts_a_sliding_window_and_never_counts_a_refusal() -> None:
    """Test that a key gets ``limit`` events per window, waits for the oldest to expire, and
    that refused events do not push the wait further."""
    throttle = Throttle(3, window=10.0)
    assert [throttle.wait("a", now=t) for t in (0.0, 1.0, 2.0)] == [0.0, 0.0, 0.0]
    assert throttle.wait("a", now=4.0) == pytest.approx(6.0)
    assert throttle.wait("a", now=9.0) == pytest.approx(1.0)
    assert throttle.wait("b", now=9.0) == 0.0
    assert throttle.wait("a", now=10.0) == 0.0
    assert throttle.wait("a", now=10.5) == pytest.approx(0.5)


def test_a_throttle_forgets_the_oldest_keys_beyond_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Test that a flood of new keys keeps at most MAX_KEYS of them (bounded memory)."""
    monkeypatch.setattr(phonelimits, "MAX_KEYS", 5)
    throttle = Throttle(1)
    for key in range(8):
        assert throttle.wait(str(key), now=0.0) == 0.0
    assert throttle.wait("7", now=1.0) > 0
    assert throttle.wait("0", now=1.0) == 0.0


def test_a_phone_posting_too_often_is_told_to_wait_and_nothing_more_is_stored(
    room: Room, joined: Phone
) -> None:
    """Test that past PER_PARTICIPANT posts a minute a participant gets 429, Retry-After and
    the wait in their language, and that the refused posts change nothing."""
    names = [f"Nom {n}" for n in range(phonelimits.PER_PARTICIPANT)]
    for name in names:
        assert joined.post("rename", pseudonym=name).status_code == 303
    refused = joined.post("rename", pseudonym="Trop tard")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= phonelimits.WINDOW
    assert refused.headers["content-security-policy"] == SECURITY["content-security-policy"]
    wait = int(refused.headers["retry-after"])
    assert said("livejoin.too_many", seconds=wait) in Page(refused.text).text
    participant = room.live.participant(joined.session.id, joined.token)
    assert participant is not None
    assert participant.pseudonym == names[-1]


def test_joins_from_one_address_are_bounded(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    """Test that one address joining past its limit gets 429 and creates no participant."""
    monkeypatch.setattr(phonelimits, "joins", Throttle(3))
    session = room.open()
    for _ in range(3):
        assert room.post(do="join", code=session.code).status_code == 303
    assert room.post(do="join", code=session.code).status_code == 429
    assert room.live.snapshot(session.id).participants == 3


def test_the_page_s_script_gets_the_page_and_its_address_instead_of_a_redirect(
    room: Room, joined: Phone
) -> None:
    """Test that a post from the page's script (X-Totem-Fetch) is answered with the page itself
    and its address, saving the redirect's second request, and that it holds what was taken."""
    first, _second = room.candidates(joined.session)
    headers = {"X-Totem-Fetch": "1"}
    fields = {"do": "vote", **joined.place(), "candidate": str(first), "votes": "2"}
    response = _send(room.client, "POST", "/join", data=fields, headers=headers)
    assert response.status_code == 200
    address = urlsplit(response.headers["x-totem-location"])
    assert (address.path, address.fragment) == ("join", "")
    assert dict(parse_qsl(address.query)) == joined.place()
    page = Page(response.text)
    assert page.dots(first) == 2
    assert room.live.snapshot(joined.session.id, token=joined.token).my_votes == {first: 2}
    renamed = _send(
        room.client,
        "POST",
        "/join",
        data={"do": "rename", **joined.place(), "pseudonym": "Nouveau nom"},
        headers=headers,
    )
    assert renamed.status_code == 200
    assert "done" not in renamed.headers["x-totem-location"]
    shown = Page(renamed.text)
    assert said("livejoin.you_are", name="Nouveau nom") in shown.text
    assert shown.inside["status"] == said("livejoin.pseudonym.changed")


@pytest.mark.parametrize("action", ["adopt", "save", "delete", "hide", "lock", "close", ""])
def test_nothing_a_participant_posts_changes_the_plan_or_the_session(
    room: Room, joined: Phone, action: str
) -> None:
    """Test that a participant's answers, dots and rename, and posts of the facilitator's verbs
    naming the plan, leave the plan's revisions and the session's state as they were."""
    history = [(r.number, r.note) for r in plan_store().history(room.plan_id)]
    first, _second = room.candidates(joined.session)
    assert joined.post("vote", candidate=str(first), votes="1").status_code == 303
    assert joined.post("rename", pseudonym="Quelqu’un").status_code == 303
    forged = joined.post(
        action,
        plan=room.plan_id,
        plan_id=room.plan_id,
        contribution=str(first),
        candidate=str(first),
        name="Intrus",
    )
    assert forged.status_code == 400
    assert [(r.number, r.note) for r in plan_store().history(room.plan_id)] == history
    assert plan_store().latest(room.plan_id).plan == room.plan
    session = room.live.session(joined.session.id)
    assert (session.locked, session.closed_at) == (False, None)
    snapshot = room.live.snapshot(joined.session.id)
    assert [c.hidden for c in snapshot.contributions] == [False, False]
