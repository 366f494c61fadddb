"""A live workshop under load: N phones answer at once while the shared screen gathers.

``python -m benchmarks.live_load [--participants 60] [--out docs/benchmarks.md]``

One server (its store a throwaway SQLite file holding the French sample) and one headless
Chromium driven by asyncio, as in :mod:`benchmarks.load`. A totem session is opened on the
first community through ``LiveStore``; the facilitator's Streamlit page (1280 × 720) turns
workshop mode on and goes to the communities step, where the gathering view refreshes every
second (``workbook.livegather.REFRESH_SECONDS``). Then N phone contexts (360 × 740) start
together on the participant page (plain HTML, :mod:`workbook.phone`): each opens
``/join?code=…``, taps Join, sends one subject and gives its three dots, one more at a time
(1, 2, then 3), to one of the eight oldest candidates.

What is measured:

- **Answers lost**: subjects a phone sent (its page thanked: the server's answer after the
  store took them) but which the store does not hold.
- **Vote → screen**: for every vote, from the tap (the phone's ``change`` event, read in the
  page: the driver's own queue is not the room's wait) to the shared screen showing it. The
  screen records, every 50 ms, the votes each ranking row shows, with ``Date.now()``.
  A candidate's votes are taken one at a time (the next tap waits until the phone shows the
  previous one), so the k-th vote on a candidate is on screen once its row shows k votes.
  Only candidates with votes rank above the rest, so eight voted candidates are always on the
  screen's first page.
- **Server CPU**: user + system seconds of the streamlit process (``/proc/PID/stat``) over
  the wall time of the run, and its memory: peak ``VmRSS`` of the process tree sampled every
  100 ms, and ``VmHWM``.
- **Errors**: exceptions and timeouts of a phone, a refusal shown on a phone, an HTTP error,
  failed request or console error of a phone, a sent answer whose text the form kept, a choice
  of dots the phone never showed, ``st.exception`` on the screen, a vote never shown on it.

Every wait is bounded; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    ViewportSize,
    async_playwright,
    expect,
)

from benchmarks import totem
from benchmarks.browser import launch_args
from benchmarks.load import MemorySampler, hwm_kib, wait_for_idle, watch
from benchmarks.report import replace_section
from benchmarks.server import APP, running_server
from planner.i18n import translate
from planner.live import VOTES_PER_PARTICIPANT, LiveStore, Question
from workbook.livegather import REFRESH_SECONDS

#: Candidates the votes go to: the shared screen's first page (``livegather.PAGE_SIZE``).
VOTED_CANDIDATES = 8
SCREEN: ViewportSize = {"width": 1280, "height": 720}
PHONE: ViewportSize = {"width": 360, "height": 740}
PHONE_CONTEXT: dict[str, Any] = {
    "viewport": PHONE,
    "locale": "fr-FR",
    "has_touch": True,
    "is_mobile": True,
}
#: Milliseconds a phone may wait for one step (opening, joining, sending, a vote shown).
STEP_TIMEOUT = 120_000
#: Seconds a phone waits for its dots left to change before tapping again, and its taps at most.
TAP_CONFIRMATION = 15
TAP_ATTEMPTS = 4
#: Seconds the whole room may take, and the screen to show the last vote after it.
RUN_TIMEOUT = 600.0
SETTLE_TIMEOUT = 30.0
#: A refusal on the phone's page (under a field, or over the candidates).
REFUSAL = "#main .error"

#: Runs in the screen's page: every 50 ms, the votes of each ranking row, kept when changed.
_RECORDER = r"""
() => {
  const row = /^\d+\.\s+(.+?)\W+(\d+)\s+votes?$/u;
  window.__liveRecords = [];
  let last = '';
  const look = () => {
    const counts = {};
    for (const element of document.querySelectorAll('[data-testid=stMarkdownContainer]')) {
      const match = element.innerText.trim().match(row);
      if (match) counts[match[1]] = Number(match[2]);
    }
    const key = JSON.stringify(counts);
    if (key !== last) {
      last = key;
      window.__liveRecords.push({t: Date.now(), counts});
    }
  };
  setInterval(look, 50);
}
"""


def fr(key: str, **params: object) -> str:
    """A French text of the catalogue (the sample's language)."""
    return translate(key, "fr", **params)


def subject(index: int) -> str:
    """The totem subject phone ``index`` sends."""
    return f"Sujet {index:03d} de la salle"


@dataclass
class Vote:
    """One tap: the candidate's subject, its vote count once taken, the tap (epoch seconds)."""

    subject: str
    count: int
    tapped: float


@dataclass
class PhoneResult:
    """What one phone did: joined, sent, its votes, its errors."""

    index: int
    joined: bool = False
    sent: bool = False
    votes: list[Vote] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retried_taps: int = 0


@dataclass
class LiveLoadResult:
    """The figures of one run."""

    participants: int
    phones: list[PhoneResult]
    stored_subjects: list[str]
    stored_votes: int
    latencies: list[float]
    unseen_votes: int
    wall_seconds: float
    cpu_seconds: float
    peak_rss_kib: int
    hwm_kib: int
    screen_errors: list[str] = field(default_factory=list)

    @property
    def sent(self) -> list[str]:
        """Subjects the phones sent (the form emptied)."""
        return [subject(p.index) for p in self.phones if p.sent]

    @property
    def lost(self) -> int:
        """Confirmed subjects missing from the store."""
        return len(set(self.sent) - set(self.stored_subjects))

    @property
    def votes(self) -> int:
        """Votes the phones gave: one more dot a tap; the stored votes must equal them."""
        return sum(len(p.votes) for p in self.phones)

    @property
    def errors(self) -> int:
        """Errors of the phones and the screen, votes never seen on the screen included."""
        return sum(len(p.errors) for p in self.phones) + len(self.screen_errors) + self.unseen_votes

    def percentile(self, percent: int) -> float:
        """A percentile of the vote → screen times, in seconds."""
        values = self.latencies
        if len(values) < 2:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (its threads included, proc(5))."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Room:
    """What the phones share: the code, the voted candidates' ids, one lock per candidate."""

    def __init__(self, url: str, code: str) -> None:
        self.url = url
        self.code = code
        self.targets: list[tuple[int, str]] = []
        self.ready = asyncio.Event()
        self.locks: dict[int, asyncio.Lock] = {}
        self.taken: dict[int, int] = {}


async def _screen(browser: Browser, url: str) -> Page:
    """The facilitator's page: the plan, workshop mode, the communities step, the recorder."""
    context = await browser.new_context(viewport=SCREEN, locale="fr-FR")
    page = await context.new_page()
    counter = watch(page)
    await page.goto(url, timeout=STEP_TIMEOUT)
    await wait_for_idle(page, counter, 0, STEP_TIMEOUT / 1000)
    since = counter.finished
    sidebar = page.get_by_test_id("stSidebar")
    await sidebar.get_by_text(fr("ui.sidebar.workshop"), exact=True).click()
    await wait_for_idle(page, counter, since, STEP_TIMEOUT / 1000)
    await page.get_by_role("button", name=fr("ui.workshop.next")).click()
    await page.locator(".st-key-liveroom_code").wait_for(timeout=STEP_TIMEOUT)
    await page.evaluate(_RECORDER)
    return page


class Refused(Exception):
    """The phone's page showed a refusal instead of the step's outcome."""


def _listen(page: Page, result: PhoneResult) -> None:
    """Record a phone's failed requests, HTTP errors and console errors in ``result``.

    A poll of the list answered 304 (unchanged) is the page working as meant, yet Chromium
    reports it as a request failed (``net::ERR_ABORTED``): those are not recorded.
    """
    unchanged: set[Request] = set()

    def responded(response: Response) -> None:
        if response.status == 304:
            unchanged.add(response.request)
        elif response.status >= 400:
            result.errors.append(f"HTTP {response.status}: {response.url[:160]}")

    def failed(request: Request) -> None:
        if request not in unchanged:
            name = request.url.rsplit("/", 1)[-1][:160]
            result.errors.append(f"request failed: {name} ({request.failure})")

    def logged(message: ConsoleMessage) -> None:
        if message.type == "error":
            result.errors.append(f"console: {message.text[:200]}")

    page.on("response", responded)
    page.on("requestfailed", failed)
    page.on("console", logged)


async def _step(page: Page, outcome: Locator) -> None:
    """Wait until the page shows ``outcome``; raise :class:`Refused` if it shows a refusal."""
    refusal = page.locator(REFUSAL)
    await outcome.or_(refusal).first.wait_for()
    if await refusal.count():
        raise Refused(await refusal.first.inner_text())


#: Runs in every phone before the page's own script: the epoch milliseconds of the last
#: change of each dots radio (a tap), by the radio's id.
TAP_CLOCK = """
window.__taps = {};
document.addEventListener("change", (event) => {
  if (event.target && event.target.name === "votes") {
    window.__taps[event.target.id] = Date.now();
  }
}, true);
"""


async def _phone(
    browser: Browser, shared: BrowserContext | None, room: Room, result: PhoneResult
) -> None:
    """One participant (in its own context unless ``shared``): join, send, give the dots."""
    index = result.index
    context = shared or await browser.new_context(**PHONE_CONTEXT)
    page = await context.new_page()
    try:
        page.set_default_timeout(STEP_TIMEOUT)
        await page.add_init_script(TAP_CLOCK)
        _listen(page, result)
        await page.goto(f"{room.url}join?code={room.code}", timeout=STEP_TIMEOUT)
        await page.get_by_role("button", name=fr("livejoin.code.join")).click()
        field_ = page.locator("#subject")
        await _step(page, field_)
        result.joined = True
        await field_.fill(subject(index))
        await page.locator("form.answer button.primary").click()
        # The thanks are the server's answer once the store took the subject.
        await _step(page, page.locator("#status", has_text=fr("livejoin.sent.totem")))
        result.sent = True
        if await field_.input_value():
            result.errors.append("sent and stored, but the form kept the text")
        await asyncio.wait_for(room.ready.wait(), timeout=STEP_TIMEOUT / 1000)
        target, target_subject = room.targets[index % len(room.targets)]
        # A candidate newer than the page arrives with the list polled every 2 s.
        await page.locator(f"#candidate-{target}").wait_for(state="attached")
        mine = 0
        for votes in range(1, VOTES_PER_PARTICIPANT + 1):
            # One dot more each time, as a hesitant participant would give them.
            async with room.locks[target]:
                tapped = await _tap_until_stored(page, target, votes, result)
                room.taken[target] += votes - mine
                mine = votes
                result.votes.append(Vote(target_subject, room.taken[target], tapped))
        shown = page.locator(REFUSAL)
        if await shown.count():
            result.errors.append(f"on the page: {(await shown.first.inner_text())[:300]}")
    except Exception as error:
        result.errors.append(f"{type(error).__name__}: {str(error)[:300]}")
        result.errors.append(f"the page showed: {await _shown(page)}")
    finally:
        await (page.close() if shared else context.close())


async def _tap_until_stored(page: Page, target: int, votes: int, result: PhoneResult) -> float:
    """Tap ``votes`` dots on ``target`` until the phone says the store took them; the last tap.

    The dots left are drawn by the server from the store, so they, not the radio's own checked
    state, tell that a tap counted. A participant whose tap did not count taps again: so does
    the phone, after ``TAP_CONFIRMATION`` seconds, and the retry is counted.
    """
    radio = page.locator(f"#votes-{target}-{votes}")
    # The radio is hidden under its label's span, the target a thumb sees.
    visible = page.locator(f"#votes-{target}-{votes} + span")
    left = fr(
        "livejoin.vote.left", count=VOTES_PER_PARTICIPANT - votes, total=VOTES_PER_PARTICIPANT
    )
    stored = page.locator("#candidates").get_by_text(left.replace("**", ""), exact=True).first
    for _ in range(TAP_ATTEMPTS):
        await expect(radio).to_be_enabled(timeout=STEP_TIMEOUT)
        await visible.click()
        try:
            await expect(stored).to_be_visible(timeout=TAP_CONFIRMATION * 1000)
        except AssertionError:
            result.retried_taps += 1
            continue
        # When the browser saw the tap (its change event), not when the driver was asked to
        # tap: with 60 pages on two cores, the driver's own queue is no part of the room's wait.
        tapped_ms = await page.evaluate("id => window.__taps[id]", f"votes-{target}-{votes}")
        return float(tapped_ms) / 1000
    raise TimeoutError(f"{TAP_ATTEMPTS} taps on {votes} dots, none stored")


async def _shown(page: Page) -> str:
    """The start of what a phone's page shows, to tell why it failed."""
    try:
        text = await page.locator("body").inner_text(timeout=5000)
    except Exception as error:
        return f"(unreadable: {type(error).__name__})"
    return " ".join(text.split())[:400]


async def _watch_targets(room: Room, live: LiveStore, session_id: str, wanted: int) -> None:
    """Name the voted candidates once the store holds the first ``wanted`` answers."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        snapshot = live.snapshot(session_id)  # a few ms: the loop may wait for it
        if len(snapshot.contributions) >= wanted:
            oldest = snapshot.contributions[:wanted]
            room.targets = [(c.id, str(c.payload["subject"])) for c in oldest]
            room.locks = {c.id: asyncio.Lock() for c in oldest}
            room.taken = {c.id: 0 for c in oldest}
            room.ready.set()
            return
        await asyncio.sleep(0.2)


async def _settled(screen: Page, expected: dict[str, int]) -> None:
    """Wait until the screen shows every candidate's final votes (or the settle timeout)."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        records = await screen.evaluate("() => window.__liveRecords.at(-1)")
        counts = (records or {}).get("counts", {})
        if all(counts.get(name, 0) >= votes for name, votes in expected.items()):
            return
        await asyncio.sleep(0.2)


async def _drive(
    server_url: str,
    plan_url: str,
    code: str,
    live: LiveStore,
    session_id: str,
    participants: int,
    *,
    shared: bool,
) -> tuple[list[PhoneResult], list[dict[str, object]], list[str]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_args())
        try:
            screen = await _screen(browser, plan_url)
            room = Room(server_url, code)
            wanted = min(VOTED_CANDIDATES, participants)
            watcher = asyncio.create_task(_watch_targets(room, live, session_id, wanted))
            results = [PhoneResult(index) for index in range(participants)]
            # Shared: one HTTP cache and fewer Chromium processes for all the phones, each
            # still its own participant (its token is in its URL, no cookie): an experiment.
            context = await browser.new_context(**PHONE_CONTEXT) if shared else None
            tasks = [asyncio.create_task(_phone(browser, context, room, r)) for r in results]
            _, late = await asyncio.wait(tasks, timeout=RUN_TIMEOUT)
            for task in late:
                task.cancel()
            for result, task in zip(results, tasks, strict=True):
                if task in late:
                    result.errors.append(f"still not done after {RUN_TIMEOUT:.0f} s")
            watcher.cancel()
            expected: dict[str, int] = {}
            for result in results:
                for vote in result.votes:
                    expected[vote.subject] = max(expected.get(vote.subject, 0), vote.count)
            await _settled(screen, expected)
            records = await screen.evaluate("() => window.__liveRecords")
            shown = screen.locator("[data-testid=stException]")
            errors = [f"screen: {t[:300]}" for t in await shown.all_inner_texts()]
            return results, records, errors
        finally:
            await browser.close()


def _latencies(
    phones: Sequence[PhoneResult], records: Sequence[dict[str, Any]]
) -> tuple[list[float], int]:
    """Seconds from each tap to the first screen record showing its vote; votes never shown."""
    latencies, unseen = [], 0
    for phone in phones:
        for vote in phone.votes:
            shown = next(
                (r["t"] / 1000 for r in records if r["counts"].get(vote.subject, 0) >= vote.count),
                None,
            )
            if shown is None:
                unseen += 1
            else:
                latencies.append(shown - vote.tapped)
    return latencies, unseen


def run_live_load(participants: int = 60, *, shared: bool = False) -> LiveLoadResult:
    """Store the sample, start a server, open a totem session, drive the room, collect figures.

    ``shared``: the phones' pages share one browser context instead of having one each.
    """
    plan = totem.french_sample()
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, plan, note="live load")
        live = LiveStore(store)
        session = live.open_session(plan_id, Question.TOTEM, plan.communities[0].id)
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            pid = server.process.pid
            cpu_before = cpu_seconds(pid)
            with MemorySampler(pid) as sampler:
                start = time.perf_counter()
                drive = _drive(
                    server.url,
                    totem.plan_url(server.url, plan_id),
                    session.code,
                    live,
                    session.id,
                    participants,
                    shared=shared,
                )
                # Its own thread: a sync Playwright alive in the caller's (pytest's) thread
                # counts as a running event loop for asyncio.run.
                with ThreadPoolExecutor(max_workers=1) as pool:
                    phones, records, screen_errors = pool.submit(asyncio.run, drive).result()
                wall = time.perf_counter() - start
            cpu = cpu_seconds(pid) - cpu_before
            hwm = hwm_kib(pid)
        snapshot = live.snapshot(session.id)
    latencies, unseen = _latencies(phones, records)
    return LiveLoadResult(
        participants=participants,
        phones=phones,
        stored_subjects=[str(c.payload["subject"]) for c in snapshot.contributions],
        stored_votes=sum(snapshot.votes.values()),
        latencies=latencies,
        unseen_votes=unseen,
        wall_seconds=wall,
        cpu_seconds=cpu,
        peak_rss_kib=sampler.peak_kib,
        hwm_kib=hwm,
        screen_errors=screen_errors,
    )


def to_markdown(result: LiveLoadResult) -> str:
    """The table: answers sent and stored, votes, vote → screen times, server CPU and memory."""
    if result.latencies:
        times = " | ".join(
            f"{value * 1000:.0f}"
            for value in (
                result.percentile(50),
                result.percentile(95),
                max(result.latencies),
            )
        )
    else:
        times = "— | — | —"
    share = result.cpu_seconds / result.wall_seconds if result.wall_seconds else 0.0
    return (
        "| phones | answers sent | stored | lost | votes given | votes stored | taps retried "
        "| vote → screen p50 ms | p95 ms | max ms | server CPU s / wall s | peak RSS MiB "
        "| VmHWM MiB | errors |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {result.participants} | {len(result.sent)} | {len(result.stored_subjects)} "
        f"| {result.lost} | {result.votes} | {result.stored_votes} "
        f"| {sum(p.retried_taps for p in result.phones)} | {times} "
        f"| {result.cpu_seconds:.0f} / {result.wall_seconds:.0f} ({share:.0%}) "
        f"| {result.peak_rss_kib / 1024:.0f} | {result.hwm_kib / 1024:.0f} | {result.errors} |"
    )


def _error_kinds(result: LiveLoadResult) -> str:
    """The kinds of errors of a run, most frequent first, as a list ("" without errors)."""
    kinds: dict[str, int] = {}
    for phone in result.phones:
        for error in phone.errors:
            if not error.startswith("the page showed"):
                kind = re.sub(r"\d+", "N", error.split("\n", 1)[0])[:120]
                kinds[kind] = kinds.get(kind, 0) + 1
    if result.unseen_votes:
        kinds["vote never shown on the screen"] = result.unseen_votes
    for error in result.screen_errors:
        kinds[error[:120]] = kinds.get(error[:120], 0) + 1
    lines = [f"- {count} × {kind}" for kind, count in sorted(kinds.items(), key=lambda k: -k[1])]
    return "\nErrors:\n\n" + "\n".join(lines) + "\n" if lines else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the room, print its table, optionally write the live section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live_load", description=__doc__)
    parser.add_argument("--participants", type=int, default=60, help="phones answering at once")
    parser.add_argument("--out", type=Path, help="markdown file whose live section is replaced")
    parser.add_argument(
        "--shared-context",
        action="store_true",
        help=(
            "one browser context for all phones instead of one each: the same participants "
            "(the page keeps no cookie or storage, each phone's token is in its URL), fewer "
            "Chromium processes on the machine"
        ),
    )
    args = parser.parse_args(argv)
    result = run_live_load(args.participants, shared=args.shared_context)
    table = to_markdown(result)
    print(table)
    for phone in result.phones:
        for error in phone.errors:
            print(f"phone {phone.index}: {error}", file=sys.stderr)
    for error in result.screen_errors:
        print(error, file=sys.stderr)
    if result.unseen_votes:
        print(f"{result.unseen_votes} votes never shown on the screen", file=sys.stderr)
    if args.out:
        load = os.getloadavg()[0]
        title = "one browser context for all phones" if args.shared_context else "a context each"
        text = (
            f"## Live workshop: a room answering at once ({title})\n\n"
            f"{result.participants} phones (360 × 740 contexts of one headless Chromium, driven "
            f"by asyncio, {'one shared context' if args.shared_context else 'a context each'}) "
            "open the participant page (`/join`, plain HTML served by the app's own routes, "
            "its script posting with fetch), join one totem session of the French sample at "
            f"once, each sends a subject and gives its {VOTES_PER_PARTICIPANT} dots, one more "
            f"at a time, to one of the {VOTED_CANDIDATES} oldest candidates, tapping again when "
            "the dots left the server draws do not change within 15 s (**taps retried**); the "
            "facilitator's Streamlit page (1280 × 720, workshop mode, communities step) gathers "
            f"every {REFRESH_SECONDS:g} s. **Lost**: subjects a phone sent (its page thanked) "
            "that the store does not hold (must be 0). **Vote → screen**: from a tap (the "
            "phone's change event, not the driver's call) to the shared screen showing that "
            "vote (the screen's rows are read every 50 ms; a candidate's votes "
            "are taken one at a time, so the k-th vote is shown when its row says k). Target: "
            "p95 ≤ 2 s at 60 phones. Server CPU: user + system seconds of the streamlit process "
            "(`/proc/PID/stat`) over the run's wall time; memory: peak VmRSS of its process "
            "tree (every 100 ms) and its VmHWM. Errors: a phone's exceptions and timeouts, a "
            "refusal on a phone, a phone's HTTP error, failed request or console error, a sent "
            "text the form kept, `st.exception` on the screen, votes never shown; votes stored "
            "must equal votes given. The browser and the server share the "
            f"machine's {os.cpu_count()} cores (load average {load:.1f} when the run ended). "
            "Regenerate with `python -m benchmarks.live_load --out docs/benchmarks.md"
            f"{' --shared-context' if args.shared_context else ''}`.\n\n"
            f"{table}\n{_error_kinds(result)}"
        )
        replace_section(args.out, "live-shared" if args.shared_context else "live", text)
    return 1 if result.errors or result.lost else 0


if __name__ == "__main__":
    sys.exit(main())
