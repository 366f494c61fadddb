"""How often one phone, or one network address, may post to the participant page.

Owns the throttles of ``/join``'s posts, kept in this process's memory: a participant (their
token) may post ``PER_PARTICIPANT`` times a minute (answers, dots, pseudonym: a person needs
a few dozen at most), and one network address may join ``JOINS_PER_ADDRESS`` times a minute
(a whole room may share one address behind the company's network). The live store's own
limits (answers per question, seconds between answers, dots) still apply to what passes.
Imports nothing of the workbook.
"""

from __future__ import annotations

import threading
import time
from collections import deque

#: Posts a minute one participant may send.
PER_PARTICIPANT = 40
#: Joins a minute from one network address.
JOINS_PER_ADDRESS = 300
#: The window both limits count over, in seconds.
WINDOW = 60.0
#: Keys followed at most (the oldest forgotten first): bounded memory under a flood.
MAX_KEYS = 20_000


class Throttle:
    """At most ``limit`` events per key in any ``window`` seconds (a sliding window)."""

    def __init__(self, limit: int, window: float = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, now: float | None = None) -> float:
        """Count an event of ``key`` now; return 0 if allowed, else the seconds to wait.

        A refused event is not counted, so a phone that waits gets through.
        """
        at = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.pop(key, None) or deque()
            while events and at - events[0] >= self.window:
                events.popleft()
            self._events[key] = events  # last inserted: the most recently seen key
            if len(events) >= self.limit:
                return max(0.0, self.window - (at - events[0]))
            events.append(at)
            while len(self._events) > MAX_KEYS:
                del self._events[next(iter(self._events))]
            return 0.0


participants = Throttle(PER_PARTICIPANT)
joins = Throttle(JOINS_PER_ADDRESS)
