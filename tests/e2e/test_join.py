"""A workshop participant on a phone (360 × 740): join with a code, propose, vote, reload.

The server runs on a throwaway SQLite store holding the French sample; the live session is
opened through ``LiveStore``, as the shared screen does. The participant's page is the only
thing a phone at ``/join`` reaches, and its token in the URL keeps its pseudonym and votes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from benchmarks.idle import act, open_app
from benchmarks.server import APP, StreamlitServer, running_server
from benchmarks.totem import french_sample, store_plan, throwaway_store
from planner.i18n import translate
from planner.live import LiveSession, LiveStore, Question
from tests.e2e.widgets import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PHONE = {"width": 360, "height": 740}


def fr(key: str, **params: object) -> str:
    return translate(key, "fr", **params)


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


@pytest.fixture(scope="module")
def live_server() -> Iterator[tuple[StreamlitServer, LiveStore, str]]:
    """A fresh workbook server on a store holding the French sample: server, live store, id."""
    with throwaway_store() as (url, store):
        plan_id = store_plan(store, french_sample(), note="join test")
        live = LiveStore(store)
        with running_server(APP, env={"TOTEM_DATABASE_URL": url}) as server:
            yield server, live, plan_id


def phone(browser: Browser) -> BrowserContext:
    """A phone-sized browser context, with an English-speaking browser."""
    return browser.new_context(viewport=PHONE, locale="en-US", has_touch=True, is_mobile=True)


@contextmanager
def phone_on(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str], question: Question
) -> Iterator[tuple[LiveSession, Page]]:
    """A session asking ``question`` on the sample's first community, and a phone on its URL."""
    server, live, plan_id = live_server
    session = live.open_session(plan_id, question, french_sample().communities[0].id)
    context = phone(browser)
    try:
        page = context.new_page()
        open_app(page, join_url(server, session.code))
        yield session, page
    finally:
        context.close()


def join_url(server: StreamlitServer, code: str) -> str:
    return f"{server.url}join?code={code}"


def join(page: Page) -> str:
    """Tap Join (in French: the sample's language); return the pseudonym given."""
    act(page, page.get_by_role("button", name=fr("livejoin.code.join")).click)
    expect(page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_\-]{16,}"))
    you = page.get_by_text(re.compile(r"^Vous participez sous le nom "))
    expect(you).to_be_visible()
    return you.inner_text().removeprefix("Vous participez sous le nom ").rstrip(".")


def test_a_first_visit_to_join_on_a_fresh_server_opens_the_join_page(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that /join?code=… opened first after a restart lands on the join page, code kept.

    Until app.py has run once, Streamlit runs pages/join.py alone; it goes back through the
    router, which sends the participant to /join with the code.
    """
    with phone_on(browser, live_server, Question.TOTEM) as (session, page):
        # A good code: the page speaks the plan's language.
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("livejoin.title"))
        expect(page).to_have_url(re.compile(rf"/join\?code={session.code}$"))
        field = page.get_by_role("textbox", name=fr("livejoin.code.label"))
        expect(field).to_have_value(session.code)
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_phone_joins_proposes_votes_and_keeps_it_all_through_a_reload(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str], tmp_path: Path
) -> None:
    """Test the participant's journey on a 360 px phone, in French then in English."""
    server, live, plan_id = live_server
    sample = french_sample()
    session = live.open_session(plan_id, Question.TOTEM, sample.communities[1].id)
    context = phone(browser)
    try:
        page = context.new_page()
        open_app(page, f"{join_url(server, session.code)}&plan={plan_id}&sample=fr-industrie")
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("livejoin.title"))
        screenshot(page, tmp_path, "join-code-fr")
        pseudonym = join(page)
        assert "plan=" not in page.url
        assert "sample=" not in page.url
        expect(page.get_by_text(sample.communities[1].name, exact=True)).to_be_visible()
        expect(page.get_by_text(sample.name)).to_have_count(0)

        subject = page.get_by_role("textbox", name=fr("livejoin.totem.subject"))
        subject.fill("**Retours** d’atelier en 5 min")
        act(page, page.get_by_role("button", name=fr("livejoin.send")).click)
        expect(page.get_by_text(fr("livejoin.sent.totem"))).to_be_visible()
        expect(subject).to_have_value("")
        candidate = page.get_by_text("1. **Retours** d’atelier en 5 min", exact=True)
        expect(candidate).to_be_visible()
        dots = page.get_by_role("radiogroup", name=fr("livejoin.vote.mine", number=1))
        for count, left in ((1, 2), (2, 1)):
            act(page, dots.get_by_role("radio", name=str(count), exact=True).click)
            left_text = fr("livejoin.vote.left", count=left, total=3).replace("**", "")
            expect(page.get_by_text(left_text)).to_be_visible()
        screenshot(page, tmp_path, "join-voted-fr")

        # Someone else proposes: the idle phone shows it by itself, the dots it gave unchanged.
        other = live.join(session.id)
        live.contribute(session.id, other.token, {"subject": "Un sujet d’à côté"}, sample)
        expect(page.get_by_text("2. Un sujet d’à côté", exact=True)).to_be_visible()
        expect(dots.get_by_role("radio", name="2", exact=True)).to_be_checked()

        act(page, page.reload, timeout=60)
        expect(page.get_by_text(f"Vous participez sous le nom {pseudonym}.")).to_be_visible()
        expect(dots.get_by_role("radio", name="2", exact=True)).to_be_checked()

        act(page, page.get_by_role("radio", name=en("ui.language.en")).click)
        expect(page.get_by_role("heading", level=1)).to_have_text(en("livejoin.title"))
        dots_en = page.get_by_role("radiogroup", name=en("livejoin.vote.mine", number=1))
        expect(dots_en.get_by_role("radio", name="2", exact=True)).to_be_checked()
        screenshot(page, tmp_path, "join-voted-en")
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()
    snapshot = live.snapshot(session.id)
    assert snapshot.participants == 2, "the phone and the other participant: a reload is no join"
    assert sum(snapshot.votes.values()) == 2


def test_a_sent_answer_empties_its_form_and_a_refused_one_stays_in_it(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that the form empties as it is sent and that a refused answer stays in it."""
    live = live_server[1]
    with phone_on(browser, live_server, Question.OBJECTIVES) as (session, page):
        join(page)
        indicator = page.get_by_role("textbox", name=fr("livejoin.objectives.indicator"))
        indicator.fill("Membres actifs")
        act(page, page.get_by_role("button", name=fr("livejoin.send")).click)
        expect(page.get_by_text(translate("live.input.required", "fr"))).to_be_visible()
        expect(indicator).to_have_value("Membres actifs")

        target = page.get_by_role("spinbutton", name=fr("livejoin.objectives.target"))
        target.fill("40")
        # In a form, a date typed reruns nothing: typed, then the form is sent.
        due = page.get_by_role("group", name=fr("livejoin.objectives.due_date"), exact=True)
        due.get_by_role("spinbutton").first.click()
        page.keyboard.type("30062027")
        act(page, page.get_by_role("button", name=fr("livejoin.send")).click)
        expect(page.get_by_text(fr("livejoin.sent.objectives"))).to_be_visible()
        expect(indicator).to_have_value("")
        expect(target).to_have_value("")
    [answer] = live.snapshot(session.id).contributions
    assert (answer.payload["indicator"], answer.payload["target"]) == ("Membres actifs", 40.0)
    assert answer.payload["due_date"] == "2027-06-30"
