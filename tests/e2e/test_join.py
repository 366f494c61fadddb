"""A workshop participant on a phone (360 × 740): join with a code, propose, vote, reload.

The server runs on a throwaway SQLite store holding the French sample. The participant's page
at ``/join`` is plain HTML (``workbook.phone``): its script posts the forms with ``fetch`` and
swaps ``main``, posts a dot as soon as it is chosen and asks for the candidates every two
seconds. The tests wait on what the page shows, never on the script's timing. Sessions are
opened through ``LiveStore``, as the shared screen does, except in the test that opens one from
the shared screen itself (Streamlit, workshop mode) and follows its QR code's address. The
token in the URL keeps a participant's pseudonym and dots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    ViewportSize,
    expect,
)

from benchmarks.idle import act, open_app
from benchmarks.server import APP, StreamlitServer, running_server
from benchmarks.totem import french_sample, plan_url, store_plan, throwaway_store
from planner.i18n import translate
from planner.live import LiveSession, LiveStore, Question
from planner.models import ResistanceFactor
from tests.e2e.widgets import open_expander, screenshot, sidebar

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PHONE: ViewportSize = {"width": 360, "height": 740}
SCREEN: ViewportSize = {"width": 1280, "height": 720}
#: Milliseconds to wait for what the page's two-second poll brings (a busy machine).
POLL_WAIT = 15_000
#: An unbroken word as long as a pasted address: the page must wrap it, not scroll sideways.
LONG_WORD = "https://intranet.example.org/communautes/qualite/retours-d-atelier-en-cinq-minutes"


def fr(key: str, **params: object) -> str:
    return translate(key, "fr", **params)


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


def shown(text: str) -> str:
    """A catalogue text as the page shows it: its ``**bold**`` markers are markup, not text."""
    return text.replace("**", "")


@pytest.fixture(scope="module")
def live_server() -> Iterator[tuple[StreamlitServer, LiveStore, str]]:
    """A fresh workbook server on a store holding the French sample: server, live store, id."""
    with throwaway_store() as (url, store):
        plan_id = store_plan(store, french_sample(), note="join test")
        live = LiveStore(store)
        # No public address configured: the shared screen's QR code names this server.
        env = {"TOTEM_DATABASE_URL": url, "TOTEM_PUBLIC_URL": ""}
        with running_server(APP, env=env) as server:
            yield server, live, plan_id


def phone(browser: Browser) -> BrowserContext:
    """A phone-sized browser context, with an English-speaking browser."""
    return browser.new_context(viewport=PHONE, locale="en-US", has_touch=True, is_mobile=True)


def script_errors(page: Page) -> list[str]:
    """Start collecting what goes wrong in ``page``'s script: uncaught errors, and console errors
    other than a refused answer's status (the browser logs a 4xx response as an error)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", on_console)
    return errors


def join_url(server: StreamlitServer, code: str) -> str:
    return f"{server.url}join?code={code}"


def open_join(page: Page, url: str) -> None:
    """Open the join page at ``url`` (its script loaded: ``goto`` waits for the load event)."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


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
        errors = script_errors(page)
        open_join(page, join_url(server, session.code))
        yield session, page
        assert not errors, f"the page's script went wrong: {errors}"
    finally:
        context.close()
        live.close_session(session.id)


def you(page: Page) -> Locator:
    """The sentence naming the participant's pseudonym, in either language."""
    return page.get_by_text(re.compile(r"^(Vous participez sous le nom|You take part as) "))


def join(page: Page) -> str:
    """Tap Join (in French: the sample's language); return the pseudonym given."""
    page.get_by_role("button", name=fr("livejoin.code.join")).click()
    expect(page).to_have_url(re.compile(r"[?&]p=[A-Za-z0-9_\-]{16,}"))
    expect(you(page)).to_be_visible()
    return you(page).inner_text().removeprefix("Vous participez sous le nom ").rstrip(".")


def rename(page: Page, pseudonym: str) -> None:
    """Open "Change my pseudonym" (in French), save ``pseudonym``, wait until the page names it."""
    page.get_by_text(fr("livejoin.pseudonym.change"), exact=True).click()
    page.get_by_role("textbox", name=fr("livejoin.pseudonym.label")).fill(pseudonym)
    page.get_by_role("button", name=fr("livejoin.pseudonym.save"), exact=True).click()
    expect(you(page)).to_have_text(shown(fr("livejoin.you_are", name=pseudonym)))


def token(page: Page) -> str:
    """The participant's token, from the page's address."""
    return parse_qs(urlsplit(page.url).query)["p"][0]


def send(page: Page, lang: str = "fr") -> None:
    """Tap the answer form's Send button."""
    page.get_by_role("button", name=translate("livejoin.send", lang), exact=True).click()


def language_link(page: Page, lang: str, to: str) -> Locator:
    """The link, in the language menu of a page in ``lang``, to the page in ``to``."""
    menu = page.get_by_role("navigation", name=translate("livejoin.language", lang))
    return menu.get_by_role("link", name=translate(f"ui.language.{to}", to))


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the phone: 0 when it never scrolls sideways."""
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return max(0, width - PHONE["width"])


#: The innermost elements whose content is wider than their box, as ``tag#id.class`` (not the
#: fields, whose text scrolls inside them).
_TOO_WIDE = """
() => {
  const wide = (e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1;
  return Array.from(document.body.querySelectorAll(":not(input, textarea, select)"))
    .filter((e) => wide(e) && !Array.from(e.children).some(wide))
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + Array.from(e.classList).map((name) => "." + name).join(""));
}
"""


def too_wide(page: Page) -> str:
    """What makes the page scroll sideways: by how much, and the elements that overflow."""
    overflow = sideways_overflow(page)
    return f"{overflow} px ({', '.join(page.evaluate(_TOO_WIDE))})" if overflow else ""


def test_a_first_visit_to_join_on_a_fresh_server_opens_the_join_page(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that /join?code=… opened first after a restart is the join page, code kept, in the
    plan's language, with no Streamlit app behind it."""
    with phone_on(browser, live_server, Question.TOTEM) as (session, page):
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("livejoin.title"))
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page).to_have_url(re.compile(rf"/join\?code={session.code}$"))
        field = page.get_by_role("textbox", name=fr("livejoin.code.label"))
        expect(field).to_have_value(session.code)
        expect(page.get_by_role("button", name=fr("livejoin.code.join"))).to_be_visible()
        expect(page.get_by_test_id("stApp")).to_have_count(0)


def test_the_qr_address_of_a_session_opened_on_the_shared_screen_joins_it(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that the address of the QR code the shared screen shows opens the join page with the
    session's code filled in, and that Join makes the phone a participant of that session."""
    server, live, plan_id = live_server
    for earlier in live.open_sessions(plan_id):
        # The communities step offers to open a session only while none asks its questions.
        live.close_session(earlier.id)
    screen_context = browser.new_context(viewport=SCREEN, locale="fr-FR")
    phone_context = phone(browser)
    try:
        screen = screen_context.new_page()
        open_app(screen, plan_url(server.url, plan_id))
        act(screen, sidebar(screen).get_by_text(fr("ui.sidebar.workshop"), exact=True).click)
        act(screen, screen.get_by_role("button", name=fr("ui.workshop.next")).click)
        expect(screen.get_by_text(fr("ui.workshop.step", number=2, total=9))).to_be_visible()
        open_expander(screen, fr("liveroom.panel.title"))
        act(screen, screen.get_by_role("button", name=fr("liveroom.open")).click)
        code = screen.locator(".st-key-liveroom_code")
        expect(code).to_have_text(re.compile(r"^\s*[A-Z0-9]{6}\s*$"))
        shown_code = code.inner_text().strip()
        qr_name = fr("liveroom.join.qr", address="")
        qr = screen.get_by_role("img", name=re.compile(rf"^{re.escape(qr_name)}"))
        address = str(qr.get_attribute("alt")).removeprefix(qr_name)
        assert address == join_url(server, shown_code)
        (session,) = live.open_sessions(plan_id)
        assert (session.code, session.question) == (shown_code, Question.TOTEM)

        page = phone_context.new_page()
        errors = script_errors(page)
        open_join(page, address)
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("livejoin.title"))
        field = page.get_by_role("textbox", name=fr("livejoin.code.label"))
        expect(field).to_have_value(shown_code)
        pseudonym = join(page)
        participant = live.participant(session.id, token(page))
        assert participant is not None
        assert participant.pseudonym == pseudonym
        assert live.snapshot(session.id).participants == 1
        assert not errors, f"the page's script went wrong: {errors}"
    finally:
        phone_context.close()
        screen_context.close()
        for opened in live.open_sessions(plan_id):
            live.close_session(opened.id)


def test_a_phone_joins_proposes_votes_and_keeps_it_all_through_a_reload(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str], tmp_path: Path
) -> None:
    """Test the participant's journey on a 360 px phone, in French then in English: join,
    propose, put dots, see another's proposal come by itself, reload, rename, switch language."""
    server, live, plan_id = live_server
    sample = french_sample()
    session = live.open_session(plan_id, Question.TOTEM, sample.communities[1].id)
    context = phone(browser)
    try:
        page = context.new_page()
        errors = script_errors(page)
        # What else the URL asks for (a plan, a sample) is ignored and dropped on joining.
        open_join(page, f"{join_url(server, session.code)}&plan={plan_id}&sample=fr-industrie")
        expect(page.get_by_role("heading", level=1)).to_have_text(fr("livejoin.title"))
        screenshot(page, tmp_path, "join-code-fr")
        pseudonym = join(page)
        assert "plan=" not in page.url
        assert "sample=" not in page.url
        community = sample.communities[1].name
        expect(page.get_by_role("heading", level=2, name=community)).to_be_visible()
        expect(page.get_by_text(sample.name)).to_have_count(0)

        subject = page.get_by_role("textbox", name=fr("livejoin.totem.subject"))
        subject.fill("**Retours** d’atelier en 5 min")
        send(page)
        expect(page.get_by_role("status")).to_have_text(fr("livejoin.sent.totem"))
        expect(subject).to_have_value("")
        # Typed text stays text: its stars are no bold.
        candidate = page.get_by_text("1. **Retours** d’atelier en 5 min", exact=True)
        expect(candidate).to_be_visible()
        dots = page.get_by_role("group", name=fr("livejoin.vote.mine", number=1))
        left = page.locator("#candidates").get_by_text(re.compile(r"^Points restants"))
        expect(left).to_have_text(shown(fr("livejoin.vote.left", count=3, total=3)))
        for count, dots_left in ((1, 2), (2, 1)):
            # The visible target is the label's text; the dot is posted as soon as it is chosen.
            dots.get_by_text(str(count), exact=True).click()
            expect(left).to_have_text(shown(fr("livejoin.vote.left", count=dots_left, total=3)))
            expect(dots.get_by_role("radio", name=str(count), exact=True)).to_be_checked()
        screenshot(page, tmp_path, "join-voted-fr")

        # Someone else proposes: the idle phone shows it by itself (the poll), its dots and the
        # draft it is typing unchanged.
        subject.fill("Un brouillon")
        other = live.join(session.id)
        live.contribute(session.id, other.token, {"subject": "Un sujet d’à côté"}, sample)
        expect(page.get_by_text("2. Un sujet d’à côté", exact=True)).to_be_visible(
            timeout=POLL_WAIT
        )
        expect(dots.get_by_role("radio", name="2", exact=True)).to_be_checked()
        expect(left).to_have_text(shown(fr("livejoin.vote.left", count=1, total=3)))
        expect(subject).to_have_value("Un brouillon")
        assert sideways_overflow(page) == 0

        page.reload()
        expect(you(page)).to_have_text(shown(fr("livejoin.you_are", name=pseudonym)))
        expect(dots.get_by_role("radio", name="2", exact=True)).to_be_checked()
        expect(left).to_have_text(shown(fr("livejoin.vote.left", count=1, total=3)))

        rename(page, "Camille")
        expect(page.get_by_role("status")).to_have_text(fr("livejoin.pseudonym.changed"))
        page.reload()
        expect(you(page)).to_have_text(shown(fr("livejoin.you_are", name="Camille")))

        language_link(page, "fr", "en").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(en("livejoin.title"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(you(page)).to_have_text(shown(en("livejoin.you_are", name="Camille")))
        dots_en = page.get_by_role("group", name=en("livejoin.vote.mine", number=1))
        expect(dots_en.get_by_role("radio", name="2", exact=True)).to_be_checked()
        expect(language_link(page, "en", "fr")).to_be_visible()
        screenshot(page, tmp_path, "join-voted-en")
        participant = live.participant(session.id, token(page))
        assert not errors, f"the page's script went wrong: {errors}"
    finally:
        context.close()
    assert participant is not None
    assert participant.pseudonym == "Camille"
    snapshot = live.snapshot(session.id)
    assert snapshot.participants == 2, "the phone and the other participant: a reload is no join"
    assert sum(snapshot.votes.values()) == 2


def test_the_language_links_keep_the_participant_s_place_right_after_joining(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that switching language just after joining (no reload) keeps the participant: the
    same pseudonym, no second join."""
    live = live_server[1]
    with phone_on(browser, live_server, Question.TOTEM) as (session, page):
        pseudonym = join(page)
        link = language_link(page, "fr", "en")
        expect(link).to_have_attribute("href", re.compile(rf"[?&]p={re.escape(token(page))}"))
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(en("livejoin.title"))
        expect(you(page)).to_have_text(shown(en("livejoin.you_are", name=pseudonym)))
        assert live.snapshot(session.id).participants == 1


def test_a_sent_answer_empties_its_form_and_a_refused_one_stays_in_it(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that a refused objective keeps what was typed, its refusal under the field it names,
    and that a sent one empties the form."""
    live = live_server[1]
    with phone_on(browser, live_server, Question.OBJECTIVES) as (session, page):
        join(page)
        indicator = page.get_by_role("textbox", name=fr("livejoin.objectives.indicator"))
        target = page.get_by_role("textbox", name=fr("livejoin.objectives.target"))
        due = page.get_by_label(fr("livejoin.objectives.due_date"), exact=True)
        indicator.fill("Membres actifs")
        send(page)
        required = translate("live.input.required", "fr")
        expect(page.get_by_role("alert")).to_have_text(required)
        expect(target).to_have_attribute("aria-invalid", "true")
        expect(target).to_have_accessible_description(required)
        expect(indicator).to_have_value("Membres actifs")
        assert not live.snapshot(session.id).contributions

        target.fill("40")
        due.fill("2027-03-31")
        send(page)
        expect(page.get_by_role("status")).to_have_text(fr("livejoin.sent.objectives"))
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(indicator).to_have_value("")
        expect(target).to_have_value("")
        expect(due).to_have_value("")
        [answer] = live.snapshot(session.id).contributions
    assert (answer.payload["indicator"], answer.payload["target"]) == ("Membres actifs", 40.0)
    assert answer.payload["due_date"] == "2027-03-31"


def test_rated_brakes_reach_the_store_and_the_unrated_ones_are_left_out(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test the brakes form: a population is required; "Not rated" is each brake's first
    choice and is not sent; a sent answer leaves a new, empty form."""
    live = live_server[1]
    population = french_sample().communities[0].populations[0]
    market, other = list(ResistanceFactor)[:2]
    with phone_on(browser, live_server, Question.BRAKES) as (session, page):
        join(page)
        rated = page.get_by_role("group", name=fr(f"factor.{market.value}"), exact=True)
        unrated = page.get_by_role("group", name=fr(f"factor.{other.value}"), exact=True)
        not_rated = fr("livejoin.brakes.unrated")
        expect(rated.get_by_role("radio", name=not_rated)).to_be_checked()
        rated.get_by_text("2", exact=True).click()
        expect(rated.get_by_role("radio", name="2", exact=True)).to_be_checked()
        send(page)
        refusal = translate("live.input.pick_population", "fr")
        expect(page.get_by_role("alert")).to_have_text(refusal)
        expect(rated.get_by_role("radio", name="2", exact=True)).to_be_checked()

        choice = page.get_by_role("combobox", name=fr("livejoin.brakes.population"))
        choice.select_option(label=population.name)
        send(page)
        expect(page.get_by_role("status")).to_have_text(fr("livejoin.sent.brakes"))
        expect(rated.get_by_role("radio", name=not_rated)).to_be_checked()
        expect(unrated.get_by_role("radio", name=not_rated)).to_be_checked()
        expect(choice).to_have_value("")
        [answer] = live.snapshot(session.id).contributions
    assert answer.payload["population_id"] == population.id
    assert answer.payload["ratings"] == {market.value: 2}


def test_a_360_px_phone_never_scrolls_sideways(
    browser: Browser, live_server: tuple[StreamlitServer, LiveStore, str]
) -> None:
    """Test that no page of a participant is wider than a 360 px phone: the code form, each
    question's form and its refusal, and long unbroken words (an address as a subject and as a
    gain, a 40-character pseudonym)."""
    live = live_server[1]
    sample = french_sample()
    wider: dict[str, str] = {}

    def measure(page: Page, where: str) -> None:
        if why := too_wide(page):
            wider[where] = why

    for question in Question:
        with phone_on(browser, live_server, question) as (session, page):
            measure(page, f"{question.value}: code form")
            join(page)
            measure(page, f"{question.value}: form")
            send(page)
            expect(page.get_by_role("alert").first).to_be_visible()
            measure(page, f"{question.value}: refusal")
            if question is not Question.TOTEM:
                continue
            for pseudonym in ("P" * 40, "Camille"):
                rename(page, pseudonym)
                measure(page, f"totem: the pseudonym {pseudonym}")
            other = live.join(session.id)
            answer = {"subject": LONG_WORD, "benefit": LONG_WORD}
            live.contribute(session.id, other.token, answer, sample)
            expect(page.locator("#candidates li")).to_have_count(1, timeout=POLL_WAIT)
            measure(page, "totem: an address as a candidate's subject and gain")
    assert not wider, f"wider than the {PHONE['width']} px phone: {wider}"
