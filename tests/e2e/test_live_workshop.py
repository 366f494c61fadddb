"""The live workshop of issue #13 in Chromium: a shared screen, twenty phones, a restart, adoption.

The facilitator's browser (1280 × 720) opens the French sample, stored in a throwaway store,
turns workshop mode on, goes to the communities step and opens a live session on the totem
subject of the first community through the UI. Twenty phones (360 × 740) join with the code
read from the shared screen (the participant page is plain HTML, ``workbook/phone.py``); each
proposes one subject and spends its three votes on one candidate, so the ranking is known (24,
18, 12 and 6 votes for the four oldest). Half-way through the proposals the server stops and a
new one starts on the same store and port; the store holds everything and each phone,
reloaded, keeps its pseudonym and its votes. The shared screen shows the final ranking by
itself (within 10 s; the time it took is printed, and the speed target lives in
``benchmarks/live_load.py``, not in a timed test). Adopting the winner writes exactly one
revision.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from benchmarks.idle import IdleTimeoutError, act, open_app
from benchmarks.server import APP, StreamlitServer, start_server
from benchmarks.totem import french_sample, plan_url, store_plan, throwaway_store
from planner.i18n import translate
from planner.live import VOTES_PER_PARTICIPANT, LiveSnapshot, LiveStore, Question, adoption_note
from planner.store import PlanStore, RevisionInfo
from tests.e2e.widgets import open_expander, screenshot, sidebar

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

PARTICIPANTS = 20
SCREEN = {"width": 1280, "height": 720}
PHONE = {"width": 360, "height": 740}
#: The shared screen must show the final ranking within this many seconds of the last vote.
#: Milliseconds a phone or the screen may take to show what an action changed (a busy machine).
WAIT = 20_000
#: Rows of the shared screen's ranking per page (``workbook.livegather.PAGE_SIZE``).
ROWS_PER_PAGE = 8
#: Clicks on the live panel's open button before the test gives up (see open_live_session).
OPEN_ATTEMPTS = 3


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue (the sample's language)."""
    return translate(key, "fr", **params)


def subject(k: int) -> str:
    """The totem subject participant ``k`` proposes."""
    return f"Sujet {k:02d} proposé en atelier"


def voted_for(k: int) -> int:
    """The candidate (by the order stored) on which participant ``k`` spends every vote.

    Eight, six, four and two participants: 24, 18, 12 and 6 votes, a ranking without ties.
    """
    return 0 if k < 8 else 1 if k < 14 else 2 if k < 18 else 3


def expected_votes(voters: range) -> list[int]:
    """The votes of each candidate once ``voters`` have voted."""
    votes = [0] * PARTICIPANTS
    for k in voters:
        votes[voted_for(k)] += VOTES_PER_PARTICIPANT
    return votes


@dataclass
class Phone:
    """One participant: their page, their pseudonym and their URL (with the token)."""

    k: int
    page: Page
    pseudonym: str = ""
    url: str = ""


@pytest.fixture
def store() -> Iterator[tuple[str, PlanStore, str]]:
    """A throwaway store holding the French sample: its URL, the store, the plan's id."""
    with throwaway_store() as (url, plan_store):
        yield url, plan_store, store_plan(plan_store, french_sample(), note="live workshop test")


def turn_workshop_on(screen: Page) -> None:
    """Click the sidebar's workshop toggle; the step bar shows."""
    act(screen, sidebar(screen).get_by_text(fr("ui.sidebar.workshop"), exact=True).click)
    expect(screen.get_by_role("button", name=fr("ui.workshop.next"))).to_be_visible()


def open_live_session(screen: Page, opened: Callable[[], bool]) -> str:
    """Open the live panel's expander, keep the totem question and the first community, open
    the session; return the join code the shared screen shows.

    ``opened`` tells whether the store holds the session. A click on "Open" that Streamlit
    never turned into a run (no run at all within 30 s, seen in about one CI run in eight,
    before any phone joined) is clicked again, as the facilitator would, unless the store
    shows the session opened after all.
    """
    open_expander(screen, fr("liveroom.panel.title"))
    question = screen.get_by_role("combobox", name=fr("liveroom.question.label"))
    expect(question).to_have_value(fr("liveroom.question.totem"))
    community = screen.get_by_role("combobox", name=fr("liveroom.community.label"))
    expect(community).to_have_value(french_sample().communities[0].name)
    button = screen.get_by_role("button", name=fr("liveroom.open"))
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            act(screen, button.click)
            break
        except IdleTimeoutError:
            if opened():
                break  # opened, though no run was seen: the code check below waits for it
            if attempt == OPEN_ATTEMPTS:
                raise
            print(f"click {attempt} on the open button ran nothing: clicking again")
    code = screen.locator(".st-key-liveroom_code")
    expect(code).to_have_text(re.compile(r"^\s*[A-Z0-9]{6}\s*$"))
    return code.inner_text().strip()


def join_all(phones: list[Phone], base_url: str, code: str) -> None:
    """Open ``/join?code=…`` on every phone, then tap Join on each; keep pseudonyms and URLs.

    The phones act one after the other without waiting for each other's pages, as a room does.
    """
    for phone in phones:
        phone.page.goto(f"{base_url}join?code={code}")
    for phone in phones:
        phone.page.get_by_role("button", name=fr("livejoin.code.join")).click(timeout=WAIT)
    for phone in phones:
        expect(phone.page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_\-]{16,}"), timeout=WAIT)
        you = phone.page.get_by_text(re.compile(r"^Vous participez sous le nom "))
        expect(you).to_be_visible(timeout=WAIT)
        phone.pseudonym = you.inner_text().removeprefix("Vous participez sous le nom ")
        phone.pseudonym = phone.pseudonym.rstrip(".")
        phone.url = phone.page.url


def propose_all(phones: list[Phone]) -> None:
    """Each phone sends its totem subject; then each says thank you and its form is empty again
    (the test checks the store's answers after each half)."""
    for phone in phones:
        field = phone.page.get_by_role("textbox", name=fr("livejoin.totem.subject"))
        field.fill(subject(phone.k), timeout=WAIT)
        phone.page.get_by_role("button", name=fr("livejoin.send")).click(timeout=WAIT)
    for phone in phones:
        expect(phone.page.get_by_role("status")).to_have_text(
            fr("livejoin.sent.totem"), timeout=WAIT
        )
        field = phone.page.get_by_role("textbox", name=fr("livejoin.totem.subject"))
        expect(field).to_have_value("", timeout=WAIT)


def dots(phone: Phone, ids: list[int], votes: int) -> Locator:
    """The phone's choice of ``votes`` dots on the candidate it votes for."""
    return candidate_card(phone, ids).get_by_role("radio", name=str(votes), exact=True)


def vote_all(phones: list[Phone], ids: list[int]) -> float:
    """Each phone raises its dots on its candidate one at a time (1, then 2, then 3), waiting to
    see each count checked before the next; return the ``time.perf_counter()`` of the last tap.
    """
    tapped = 0.0
    for votes in range(1, VOTES_PER_PARTICIPANT + 1):
        for phone in phones:
            choice = dots(phone, ids, votes)
            expect(choice).to_be_enabled(timeout=WAIT)
            tapped = time.perf_counter()
            choice.click(timeout=WAIT)
        for phone in phones:
            expect(dots(phone, ids, votes)).to_be_checked(timeout=WAIT)
    return tapped


def candidate_card(phone: Phone, ids: list[int]) -> Locator:
    """The card, on the phone, of the candidate the phone votes for."""
    return phone.page.locator(f"#candidate-{ids[voted_for(phone.k)]}")


def ranking_rows(snapshot: LiveSnapshot, votes: list[int]) -> list[str]:
    """Patterns of the ranking rows the shared screen should show, best first: the rank, the
    subject, then its votes (whatever separates them)."""
    candidates = [c for c in snapshot.contributions if c.question is Question.TOTEM]
    order = sorted(range(len(candidates)), key=lambda i: (-votes[i], i))
    return [
        rf"^{rank}\.\s+{re.escape(candidates[i].payload['subject'])}\W+"
        rf"{re.escape(fr('liveroom.votes', count=votes[i]))}$"
        for rank, i in enumerate(order, start=1)
    ]


_SHOWS_ALL = """
(patterns) => {
  const shown = Array.from(document.querySelectorAll('[data-testid=stMarkdownContainer]'))
    .map((element) => element.innerText.trim());
  return patterns.every((pattern) => shown.some((text) => new RegExp(pattern).test(text)));
}
"""


def wait_until_shown(screen: Page, patterns: list[str], timeout: float) -> None:
    """Wait until each pattern matches a Markdown block (the browser checks at every frame)."""
    try:
        screen.wait_for_function(_SHOWS_ALL, arg=patterns, timeout=timeout * 1000)
    except Exception:
        shown = screen.get_by_test_id("stMarkdownContainer").all_inner_texts()
        raise AssertionError(f"expected {patterns}, shown {shown}") from None


def wait_for_votes(live: LiveStore, session_id: str, ids: list[int], votes: list[int]) -> None:
    """Wait until the store holds ``votes`` for the candidates ``ids``, then check it.

    A phone checks the dots it was tapped on at once and posts them in the background, so the
    phones showing every vote does not mean the store holds them yet.
    """
    deadline = time.monotonic() + WAIT / 1000
    stored = [live.snapshot(session_id).votes.get(i, 0) for i in ids]
    while stored != votes and time.monotonic() < deadline:
        time.sleep(0.2)
        stored = [live.snapshot(session_id).votes.get(i, 0) for i in ids]
    assert stored == votes


def wait_for_revisions(plans: PlanStore, plan_id: str, count: int) -> list[RevisionInfo]:
    """The plan's history once it holds ``count`` revisions (the store is asked until then)."""
    deadline = time.monotonic() + WAIT / 1000
    history = plans.history(plan_id)
    while len(history) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        history = plans.history(plan_id)
    assert len(history) == count, f"{len(history)} revisions stored, {count} expected"
    return history


def stored_snapshot(live: LiveStore, session_id: str) -> tuple[object, ...]:
    """What must survive a restart: participants, every answer, every vote."""
    snapshot = live.snapshot(session_id)
    answers = tuple((c.id, c.participant, dict(c.payload)) for c in snapshot.contributions)
    return snapshot.participants, answers, dict(snapshot.votes)


def test_twenty_phones_propose_and_vote_through_a_restart_and_the_winner_is_adopted(
    browser: Browser, store: tuple[str, PlanStore, str], tmp_path: Path
) -> None:
    """Test the issue's "must show": 20 phones, a restart, the ranking shown, one adoption."""
    store_url, plans, plan_id = store
    live = LiveStore(plans)
    env = {"TOTEM_DATABASE_URL": store_url}
    server: StreamlitServer = start_server(APP, env=env)
    contexts: list[BrowserContext] = []
    try:
        # The shared screen: workshop mode, the communities step, a live session opened.
        screen_context = browser.new_context(viewport=SCREEN, locale="fr-FR")
        contexts.append(screen_context)
        screen = screen_context.new_page()
        open_app(screen, plan_url(server.url, plan_id))
        turn_workshop_on(screen)
        act(screen, screen.get_by_role("button", name=fr("ui.workshop.next")).click)
        expect(screen.get_by_text(fr("ui.workshop.step", number=2, total=9))).to_be_visible()
        code = open_live_session(screen, lambda: bool(live.open_sessions(plan_id)))
        (session,) = live.open_sessions(plan_id)
        assert (session.code, session.question) == (code, Question.TOTEM)
        assert session.community_id == french_sample().communities[0].id
        screenshot(screen, tmp_path, "live-screen-opened")

        # Twenty phones join; the first half propose, and vote for what is there already.
        phones = []
        for k in range(PARTICIPANTS):
            context = browser.new_context(
                viewport=PHONE, locale="fr-FR", has_touch=True, is_mobile=True
            )
            contexts.append(context)
            phones.append(Phone(k, context.new_page()))
        join_all(phones, server.url, code)
        assert len({phone.pseudonym for phone in phones}) == PARTICIPANTS
        half = PARTICIPANTS // 2
        propose_all(phones[:half])
        ids = [c.id for c in live.snapshot(session.id).contributions]
        vote_all(phones[:half], ids)
        wait_for_votes(live, session.id, ids, expected_votes(range(half))[: len(ids)])
        before = stored_snapshot(live, session.id)
        assert before[0] == PARTICIPANTS
        # Stored in the order they arrived, which phones sending at once do not fix.
        assert sorted(answer[2]["subject"] for answer in before[1]) == [
            subject(k) for k in range(half)
        ]
        assert list(before[2].values()) == [v for v in expected_votes(range(half)) if v]

        # A restart in the middle: same store, same port; nothing lost.
        port = server.port
        server.stop()
        server = start_server(APP, port=port, env=env)
        assert stored_snapshot(live, session.id) == before
        for phone in phones:
            phone.page.reload()
        for phone in phones:
            assert phone.page.url == phone.url
            you = phone.page.get_by_text(f"Vous participez sous le nom {phone.pseudonym}.")
            expect(you).to_be_visible(timeout=WAIT)
        for phone in phones[:half]:
            expect(dots(phone, ids, 3)).to_be_checked(timeout=WAIT)
        # The screen's new server session starts in normal mode: workshop mode is not in the URL.
        act(screen, screen.reload, timeout=60)
        turn_workshop_on(screen)
        expect(screen.locator(".st-key-liveroom_code")).to_have_text(code)

        # The second half propose and vote; the screen shows the final ranking by itself.
        propose_all(phones[half:])
        answers_stored = live.snapshot(session.id).contributions
        assert sorted(c.payload["subject"] for c in answers_stored) == [
            subject(k) for k in range(PARTICIPANTS)
        ]
        ids = [c.id for c in answers_stored]
        last_tap = vote_all(phones[half:], ids)
        votes = expected_votes(range(PARTICIPANTS))
        wait_for_votes(live, session.id, ids, votes)
        snapshot = live.snapshot(session.id)
        rows = ranking_rows(snapshot, votes)
        answers = rf"^{re.escape(fr('liveroom.answers', count=PARTICIPANTS))}$"
        wait_until_shown(screen, [answers, *rows[:ROWS_PER_PAGE]], timeout=10)
        shown_after = time.perf_counter() - last_tap
        print(f"shared screen shows the final ranking {shown_after:.2f} s after the last vote")
        screenshot(screen, tmp_path, "live-screen-ranked")
        # Every candidate, page after page of the ranking.
        pager = screen.locator(f".st-key-communities_live_page_list_{session.id} input")
        for number in range(2, -(-PARTICIPANTS // ROWS_PER_PAGE) + 1):
            act(screen, lambda n=number: (pager.fill(str(n)), pager.press("Enter")))
            first = (number - 1) * ROWS_PER_PAGE
            wait_until_shown(screen, rows[first : first + ROWS_PER_PAGE], timeout=5)
        for phone in phones:
            expect(phone.page.locator(".error")).to_have_count(0)
            left = fr("livejoin.vote.left", count=0, total=VOTES_PER_PARTICIPANT)
            expect(phone.page.locator("#candidates")).to_contain_text(left.replace("**", ""))

        # Adopting the winner: one revision, the subject in the plan, the note with the count.
        revisions = len(plans.history(plan_id))
        act(screen, screen.get_by_role("button", name=fr("liveroom.adopt.winner")).click)
        note = adoption_note(Question.TOTEM, PARTICIPANTS, "fr")
        history = wait_for_revisions(plans, plan_id, revisions + 1)
        # The confirmation stays through the panel's one-second refreshes.
        expect(screen.get_by_text(note)).to_be_visible(timeout=WAIT)
        screen.wait_for_timeout(3_000)
        expect(screen.get_by_text(note)).to_be_visible()
        expect(screen.get_by_test_id("stException")).to_have_count(0)
        assert len(plans.history(plan_id)) == revisions + 1
        assert history[0].note == note
        adopted = plans.latest(plan_id).plan
        # The winner: the first candidate stored, on which eight participants spent every vote.
        assert adopted.communities[0].totem_subject == answers_stored[0].payload["subject"]
        assert adopted.communities[1:] == french_sample().communities[1:]
        screenshot(screen, tmp_path, "live-screen-adopted")
    finally:
        for context in contexts:
            context.close()
        server.stop()
