"""Know when a Streamlit page is idle after an action, in a Playwright page.

The status widget only shows for runs longer than ~0.5 s and ``data-test-script-state`` read
right after a click is stale (the rerun has not started), so the DOM alone cannot say a rerun
is over. The server can: at the end of every script run it sends a ``ForwardMsg`` whose
``script_finished`` field holds the outcome. A listener on the app's websocket
(``_stcore/stream``) counts the final outcomes; after an action we wait for that count to grow,
then for the frontend to report a connected, not-running app, then for stale elements and
lazy-loading skeletons (data grid, Plotly) to be gone.

Usage::

    watch_script_runs(page)             # before the first navigation
    open_app(page, server.url)          # navigate and wait for the first run
    seconds = act(page, lambda: page.keyboard.press("Enter"))
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Page, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: Outcomes that end a run. FINISHED_EARLY_FOR_RERUN is not one of them: another run follows.
FINAL_STATUSES = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
IDLE_APP = (
    "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
)
BUSY_ELEMENTS = "[data-stale=true], [data-testid=stSkeleton]"
STREAM_PATH = "_stcore/stream"
#: How often the waiting loop lets Playwright deliver websocket events, in milliseconds.
_PUMP_MS = 5


class IdleTimeoutError(AssertionError):
    """The page did not become idle in time; the message says which stage was missing."""


@dataclass(frozen=True)
class Timing:
    """How long one action took, in seconds.

    Attributes:
        total: from the action to idle.
        server: from the action to the server's "run finished" message: the request, the
            script run and the deltas it sent. ``total - server`` is the browser drawing them.
    """

    total: float
    server: float


@dataclass
class ScriptRunCounter:
    """Counts the script runs the server reports as finished on one page.

    Attributes:
        finished: runs that ended (successfully, with a compile error, or a fragment run).
        last_finished_at: ``time.perf_counter()`` when the last of them was received (events
            are delivered while Playwright waits, so this is late by up to a few ms).
        timings: the timing of every action measured with :func:`act_timed` on this page.
        interrupted: runs cut short because a new rerun was requested.
        statuses: every ``script_finished`` status received, in order (for debugging).
    """

    finished: int = 0
    interrupted: int = 0
    statuses: list[str] = field(default_factory=list)
    last_finished_at: float = 0.0
    timings: list[Timing] = field(default_factory=list)

    def on_websocket(self, websocket: WebSocket) -> None:
        """Attach to the app's stream socket (other sockets, e.g. components, are ignored)."""
        if STREAM_PATH in websocket.url:
            websocket.on("framereceived", self.on_frame)

    def on_frame(self, payload: bytes | str) -> None:
        """Decode one frame sent by the server and count a finished run."""
        if isinstance(payload, str):
            return  # Streamlit sends protobuf in binary frames only.
        message = ForwardMsg()
        message.ParseFromString(payload)
        # script_finished is in a oneof and its first enum value is 0: ask which field is set.
        if message.WhichOneof("type") != "script_finished":
            return
        status = message.script_finished
        self.statuses.append(ForwardMsg.ScriptFinishedStatus.Name(status))
        if status in FINAL_STATUSES:
            self.finished += 1
            self.last_finished_at = time.perf_counter()
        else:
            self.interrupted += 1


_COUNTERS: weakref.WeakKeyDictionary[Page, ScriptRunCounter] = weakref.WeakKeyDictionary()


def watch_script_runs(page: Page) -> ScriptRunCounter:
    """Start counting finished script runs on ``page``; call before navigating to the app.

    Calling it again on the same page returns the same counter.
    """
    counter = _COUNTERS.get(page)
    if counter is None:
        counter = ScriptRunCounter()
        page.on("websocket", counter.on_websocket)
        _COUNTERS[page] = counter
    return counter


def finished_runs(page: Page) -> int:
    """Return how many script runs have finished on ``page`` so far."""
    return _counter(page).finished


def wait_for_idle(page: Page, since_count: int, timeout: float = 30.0) -> None:
    """Wait until a run finished after ``since_count`` and the page shows its result.

    Args:
        page: a page on which :func:`watch_script_runs` was called before navigation.
        since_count: ``finished_runs(page)`` read before the action.
        timeout: seconds for the three stages together.

    Raises:
        IdleTimeoutError: no run finished, the app stayed busy, or elements stayed stale.
    """
    counter = _counter(page)
    deadline = time.monotonic() + timeout
    while counter.finished <= since_count:
        if time.monotonic() > deadline:
            raise IdleTimeoutError(
                f"no script run finished within {timeout:.1f} s (finished={counter.finished}, "
                f"since={since_count}, statuses={counter.statuses[-5:]}): did the action "
                "trigger a rerun?"
            )
        # Sync Playwright delivers events only while one of its calls is waiting.
        page.wait_for_timeout(_PUMP_MS)
    try:
        page.wait_for_selector(IDLE_APP, state="attached", timeout=_remaining_ms(deadline))
    except Exception as error:
        raise IdleTimeoutError(
            f"the run finished but the app did not report CONNECTED/notRunning: {error}"
        ) from error
    try:
        page.wait_for_function(
            f"() => document.querySelector({BUSY_ELEMENTS!r}) === null",
            timeout=_remaining_ms(deadline),
        )
    except Exception as error:
        raise IdleTimeoutError(
            f"stale elements or skeletons remained after the run: {error}"
        ) from error


def act_timed(page: Page, action: Callable[[], object], timeout: float = 30.0) -> Timing:
    """Perform ``action`` (which must trigger a rerun), wait for idle, return its timing."""
    counter = _counter(page)
    since = counter.finished
    start = time.perf_counter()
    action()
    wait_for_idle(page, since, timeout)
    end = time.perf_counter()
    timing = Timing(total=end - start, server=counter.last_finished_at - start)
    counter.timings.append(timing)
    return timing


def act(page: Page, action: Callable[[], object], timeout: float = 30.0) -> float:
    """Perform ``action`` (which must trigger a rerun), wait for idle, return elapsed seconds."""
    return act_timed(page, action, timeout).total


def open_app(page: Page, url: str, timeout: float = 60.0) -> float:
    """Navigate to ``url``, wait for the first run to be shown, return elapsed seconds."""
    watch_script_runs(page)
    return act(page, lambda: page.goto(url), timeout)


def _counter(page: Page) -> ScriptRunCounter:
    try:
        return _COUNTERS[page]
    except KeyError:
        raise RuntimeError("call watch_script_runs(page) before navigating") from None


def _remaining_ms(deadline: float) -> float:
    return max(1.0, (deadline - time.monotonic()) * 1000)
