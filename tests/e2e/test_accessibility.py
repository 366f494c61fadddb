"""WCAG 2.1 AA in a real browser: axe-core on every page, in both languages, in workshop mode too.

One server for the module, on a throwaway store holding the French sample, opened with
``?plan=ID``; one browser context per language and mode, which walks the start page (the bare
URL), the nine steps, the Plans, compare and tracking pages and runs axe-core (shipped by
``axe-playwright-python``, injected into the page: nothing is downloaded) with the WCAG 2.1 A
and AA tags on each. A participant's phone (360 px) walks the join page (plain HTML, see
``workbook.phonepage``) in both languages: the code form, a refused code, then each of the four
live questions once joined, as first shown and with an empty answer refused (the totem's with a
candidate and a dot on it).

A workbook page fails on any violation of impact serious or critical; the join page, our own
HTML, on any violation at all. The count of every rule seen, of every impact, is printed
(``pytest -s``) so that minor findings stay visible too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from benchmarks.idle import act, open_app
from benchmarks.server import APP, REPO_ROOT, StreamlitServer, running_server
from benchmarks.totem import french_sample, plan_url, store_plan, throwaway_store
from planner.i18n import translate
from planner.live import LiveStore, Question
from planner.models import ResistanceFactor
from planner.store import PlanStore
from planner.tracking.imports import apply_actuals, read_actuals
from tests.e2e.widgets import sidebar
from workbook.steps import PAGE_NAMES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

#: axe-core tags of WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = frozenset({"serious", "critical"})
#: Every impact axe-core gives: on the join page, all of them fail.
ANY_IMPACT = frozenset({"minor", "moderate", "serious", "critical"})
#: As the other browser tests: wide enough for the sidebar, tall enough to show most of a page.
VIEWPORT = {"width": 1400, "height": 1800}
#: A participant's phone on the join page: 360 px wide, tall enough to show a whole form.
PHONE: ViewportSize = {"width": 360, "height": 1400}

_AXE = Axe()


@dataclass
class Findings:
    """What axe-core found on the pages of one walk."""

    #: Nodes per (rule, impact), every impact.
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: One line per node of a violation of a ``failing`` impact: page, rule, element, why.
    blocking: list[str] = field(default_factory=list)
    pages: int = 0
    #: The impacts that fail a page.
    failing: frozenset[str] = BLOCKING

    def check(self, page: Page, where: str) -> None:
        """Run axe-core on ``page`` as it is now, and record what it finds under ``where``."""
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        violations: list[dict[str, Any]] = _AXE.run(page, options=options).response["violations"]
        self.pages += 1
        for violation in violations:
            rule, impact = violation["id"], str(violation["impact"])
            self.counts[(rule, impact)] += len(violation["nodes"])
            if impact in self.failing:
                self.blocking += [
                    f"{where}: {rule} ({impact}) on {node['target']}: "
                    + " ".join(str(node.get("failureSummary", "")).split())
                    for node in violation["nodes"]
                ]

    def report(self, walk: str) -> str:
        """The rule counts, one line each, for the test's output."""
        lines = [f"axe-core, {walk}: {self.pages} pages"]
        lines += [
            f"  {rule} [{impact}]: {nodes} node(s)"
            for (rule, impact), nodes in sorted(self.counts.items())
        ]
        if not self.counts:
            lines.append("  no violation of any impact")
        return "\n".join(lines)


@pytest.fixture(scope="module")
def sample_store() -> Iterator[tuple[str, PlanStore]]:
    """The throwaway store the module's server runs on: its URL and the open store."""
    with throwaway_store() as (url, store):
        yield url, store


@pytest.fixture(scope="module")
def sample_server(sample_store: tuple[str, PlanStore]) -> Iterator[tuple[StreamlitServer, str]]:
    """The workbook on a throwaway store holding the French sample: the server and plan id.

    The sample has three revisions (the second with a shorter launch period, the third with the
    sample's weekly actuals), so the comparison page has deltas, changes, moved tasks and two
    forecasts to show, and the tracking page and readiness's after-launch block have figures.
    """
    url, store = sample_store
    sample = french_sample()
    plan_id = store_plan(store, sample, note="accessibility test")
    assert sample.end_date is not None
    shorter = sample.model_copy(update={"end_date": sample.end_date - timedelta(weeks=6)})
    store.save(plan_id, shorter, base_revision=1, author="test", note="plan")
    weekly = REPO_ROOT / "sample_data" / "actuals" / "weekly.csv"
    found = read_actuals([(weekly.name, weekly.read_bytes())], shorter)
    store.save(
        plan_id, apply_actuals(shorter, found), base_revision=2, author="test", note="actuals"
    )
    with running_server(APP, env={"TOTEM_DATABASE_URL": url}) as server:
        yield server, plan_id


def _choose_language(page: Page, lang: str) -> None:
    """Click ``lang`` in the sidebar's language radio (its options are named in themselves)."""
    option = sidebar(page).get_by_text(translate(f"ui.language.{lang}", lang), exact=True)
    act(page, option.click)


def _open_plans_page(page: Page, lang: str) -> None:
    """Follow the sidebar's link to Plans and history, opening the sidebar if it is collapsed."""
    # A collapsed sidebar is moved out of the viewport, not hidden: ask for its expand button.
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.is_visible():
        expand.click()
    link = sidebar(page).get_by_role("link", name=translate("ui.page.plans.title", lang))
    act(page, link.click)


def _check_tracking(page: Page, url: str, lang: str, *, workshop: bool, findings: Findings) -> None:
    """Open the tracking page in a new session (not a workshop step: no step bar leads to
    it), in ``lang`` and, when asked, in workshop mode, and check it."""
    open_app(page, url)
    if lang != "fr":
        _choose_language(page, lang)
    if workshop:
        toggle = sidebar(page).get_by_text(translate("ui.sidebar.workshop", lang), exact=True)
        act(page, toggle.click)
    page.get_by_role("heading", name=translate("trackpage.health.title", lang)).wait_for()
    findings.check(page, "tracking")


def _walk(page: Page, lang: str, *, workshop: bool, findings: Findings) -> None:
    """Check the nine steps in order, then the Plans and the compare pages, from the first step."""
    for index, name in enumerate(PAGE_NAMES):
        if index and workshop:
            # The sidebar is collapsed in workshop mode: the step bar leads.
            next_step = page.get_by_role("button", name=translate("ui.workshop.next", lang))
            act(page, next_step.click)
        elif index:
            title = translate(f"ui.page.{name}.title", lang)
            act(page, sidebar(page).get_by_role("link", name=title, exact=True).click)
        findings.check(page, name)
    _open_plans_page(page, lang)
    findings.check(page, "plans")
    link = page.get_by_role("link", name=translate("ui.compare.link", lang))
    act(page, link.click)
    findings.check(page, "compare")


@pytest.mark.parametrize("workshop", [False, True], ids=["normal", "workshop"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_no_serious_accessibility_violation(
    browser: Browser, sample_server: tuple[StreamlitServer, str], lang: str, workshop: bool
) -> None:
    """Test that axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page."""
    server, plan_id = sample_server
    walk = f"{lang}, {'workshop' if workshop else 'normal'} mode"
    findings = Findings()
    # A fixed browser locale: the start page speaks the browser's language until one is chosen.
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        page = context.new_page()
        if not workshop:
            # The bare URL (no plan named): the start page, with the language radio alone.
            open_app(page, server.url)
            if lang != "en":
                _choose_language(page, lang)
            findings.check(page, "start page")
        # A new session on the French sample, in the plan's language until another is chosen.
        open_app(page, plan_url(server.url, plan_id))
        if lang != "fr":
            _choose_language(page, lang)
        if workshop:
            toggle = sidebar(page).get_by_text(translate("ui.sidebar.workshop", lang), exact=True)
            act(page, toggle.click)
            page.get_by_role("button", name=translate("ui.workshop.next", lang)).wait_for()
        _walk(page, lang, workshop=workshop, findings=findings)
        tracking = f"{server.url.rstrip('/')}/tracking?plan={plan_id}"
        _check_tracking(page, tracking, lang, workshop=workshop, findings=findings)
    finally:
        context.close()
    print(findings.report(walk))
    assert not findings.blocking, f"{walk}: serious or critical violations\n" + "\n".join(
        findings.blocking
    )


def _open_phone_page(page: Page, url: str) -> None:
    """Open the join page at ``url`` (plain HTML: ``goto`` waits for its script to load)."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _check_join(page: Page, url: str, lang: str, question: Question, findings: Findings) -> None:
    """Join the live session at ``url`` on the phone and check its question's page, then the
    page refusing an empty answer (for the totem, once a candidate has a dot)."""
    _open_phone_page(page, url)
    page.get_by_role("button", name=translate("livejoin.code.join", lang)).click()
    send = page.get_by_role("button", name=translate("livejoin.send", lang), exact=True)
    expect(send).to_be_visible()
    findings.check(page, f"join, {question.value}")
    if question is Question.TOTEM:
        subject = page.get_by_role("textbox", name=translate("livejoin.totem.subject", lang))
        subject.fill("Retours d’atelier")
        send.click()
        expect(page.get_by_role("status")).to_have_text(translate("livejoin.sent.totem", lang))
        dots = page.get_by_role("group", name=translate("livejoin.vote.mine", lang, number=1))
        dots.get_by_text("1", exact=True).click()
        left = translate("livejoin.vote.left", lang, count=2, total=3).replace("**", "")
        expect(page.get_by_text(left, exact=True)).to_be_visible()
    send.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    findings.check(page, f"join, {question.value} refused")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_join_page_on_a_phone_has_no_accessibility_violation(
    browser: Browser,
    sample_store: tuple[str, PlanStore],
    sample_server: tuple[StreamlitServer, str],
    lang: str,
) -> None:
    """Test that axe-core finds no WCAG 2.1 A/AA violation, of any impact, on a participant's
    phone (360 px): the code form, a refused code, each of the four questions once joined and
    its refusal, and the totem's candidates with a dot given."""
    server, plan_id = sample_server
    live = LiveStore(sample_store[1])
    community = french_sample().communities[0].id
    findings = Findings(failing=ANY_IMPACT)
    sessions = {question: live.open_session(plan_id, question, community) for question in Question}
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        _open_phone_page(page, f"{server.url}join?code={sessions[Question.TOTEM].code}&lang={lang}")
        findings.check(page, "join, code form")
        _open_phone_page(page, f"{server.url}join?code=WRONG1&lang={lang}")
        expect(page.get_by_role("alert")).to_be_visible()
        findings.check(page, "join, wrong code")
        for question, session in sessions.items():
            url = f"{server.url}join?code={session.code}&lang={lang}"
            _check_join(page, url, lang, question, findings)
    finally:
        context.close()
        for session in sessions.values():
            live.close_session(session.id)
    print(findings.report(f"join page, {lang}"))
    assert not findings.blocking, f"join page, {lang}: violations\n" + "\n".join(findings.blocking)


def test_the_shared_screen_asking_the_room_has_no_serious_accessibility_violation(
    browser: Browser,
    sample_store: tuple[str, PlanStore],
    sample_server: tuple[StreamlitServer, str],
) -> None:
    """Test the workshop steps while live sessions gather answers: code, QR code, ranking,
    hidden answers and the brakes heat map, checked by axe-core from the back of the room."""
    server, plan_id = sample_server
    live = LiveStore(sample_store[1])
    plan = sample_store[1].latest(plan_id).plan
    community = plan.communities[0]
    totem = live.open_session(plan_id, Question.TOTEM, community.id)
    brakes = live.open_session(plan_id, Question.BRAKES, community.id)
    for index in range(6):
        person = live.join(totem.id)
        made = live.contribute(totem.id, person.token, {"subject": f"Sujet {index}"}, plan)
        live.vote(totem.id, person.token, made.id, 1 + index % 3)
        rater = live.join(brakes.id)
        ratings = {factor.value: (index + n) % 4 for n, factor in enumerate(ResistanceFactor)}
        payload = {"population_id": community.populations[index % 2].id, "ratings": ratings}
        live.contribute(brakes.id, rater.token, payload, plan)
    live.hide(made.id)
    findings = Findings()
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    try:
        page = context.new_page()
        open_app(page, plan_url(server.url, plan_id))
        toggle = sidebar(page).get_by_text(translate("ui.sidebar.workshop", "fr"), exact=True)
        act(page, toggle.click)
        next_step = page.get_by_role("button", name=translate("ui.workshop.next", "fr"))
        for step in ("communities", "populations"):
            act(page, next_step.click)
            page.get_by_text(totem.code if step == "communities" else brakes.code).first.wait_for()
            findings.check(page, f"live session, {step}")
    finally:
        context.close()
        live.close_session(totem.id)
        live.close_session(brakes.id)
    print(findings.report("shared screen asking the room"))
    assert not findings.blocking, "live sessions: serious or critical violations\n" + "\n".join(
        findings.blocking
    )
