"""Charts as PNG images for the PDF report: the workbook's Plotly figures drawn by Kaleido.

Kaleido drives a headless Chromium. Starting it costs ~2 s, so one browser is started on first
use and kept for the life of the process (a lock makes sure only one is started), then each image
costs ~0.2 s; ``atexit`` closes it.

Why not ``kaleido.start_sync_server()``: when Chromium is missing or fails to start, its server
thread dies and every later call waits forever on its queue. Here the same ``kaleido.Kaleido``
runs on an event loop of our own, so a failure comes back to the caller as an exception and
every wait has a time limit.

When no image can be made, ``ChartsUnavailable`` says why, in words a reader can act on; the
report then prints that reason in place of each chart.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib
import threading
from collections.abc import Coroutine, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go

__all__ = [
    "ChartsUnavailable",
    "chart_server_running",
    "charts_unavailable_reason",
    "render_png",
    "render_pngs",
    "stop_chart_server",
]

#: Seconds allowed to start the browser, and to draw one image.
START_TIMEOUT = 60.0
IMAGE_TIMEOUT = 60.0

_T = TypeVar("_T")
#: Browser tabs: more tabs did not draw a report faster here (the browser is the bottleneck).
_TABS = 1


class ChartsUnavailable(RuntimeError):
    """No chart image can be made here (no Chromium, a browser that will not start…)."""


class _ChartServer:
    """One Kaleido browser on its own event loop thread, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._failure: str | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    @property
    def failure(self) -> str | None:
        return self._failure

    def _run(self, coroutine: Coroutine[Any, Any, _T], timeout: float) -> _T:
        assert self._loop is not None
        future: Future[_T] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            future.cancel()
            raise ChartsUnavailable(f"no image after {timeout:.0f} s") from None

    def _start(self) -> None:
        try:
            # Imported on first use (it is slow to import); untyped, hence through importlib.
            kaleido = importlib.import_module("kaleido")
        except ImportError as exc:  # pragma: no cover - kaleido is a dependency
            raise ChartsUnavailable(f"kaleido is not installed ({exc})") from None
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="totem-charts", daemon=True)
        thread.start()
        self._loop = loop

        async def open_browser() -> Any:
            # No MathJax: its default page fetches it from a CDN on every start, and a "$…$" in a
            # name must stay text in the report, never a formula.
            browser = kaleido.Kaleido(n=_TABS, mathjax=False)
            await browser.open()
            return browser

        try:
            self._kaleido = self._run(open_browser(), START_TIMEOUT)
        except Exception as exc:
            self._stop_loop()
            raise ChartsUnavailable(_reason(exc)) from exc
        atexit.register(self.stop)

    def render_many(self, jobs: Sequence[tuple[go.Figure, int, int]], scale: float) -> list[bytes]:
        self._ensure_started()
        kaleido_ = self._kaleido

        async def draw_all() -> list[Any]:
            calls = [
                kaleido_.calc_fig(
                    figure,
                    opts={"format": "png", "width": width, "height": height, "scale": scale},
                )
                for figure, width, height in jobs
            ]
            return list(await asyncio.gather(*calls))

        try:
            images = self._run(draw_all(), IMAGE_TIMEOUT * max(len(jobs), 1))
        except ChartsUnavailable:
            raise
        except Exception as exc:
            raise ChartsUnavailable(_reason(exc)) from exc
        return [bytes(image) for image in images]

    def _ensure_started(self) -> None:
        with self._lock:
            if self._failure is not None:
                raise ChartsUnavailable(self._failure)
            if self._kaleido is None:
                try:
                    self._start()
                except ChartsUnavailable as exc:
                    # Remember: trying again would cost the same seconds for the same answer.
                    self._failure = str(exc)
                    raise

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop = None

    def stop(self) -> None:
        with self._lock:
            if self._kaleido is not None and self._loop is not None:
                with contextlib.suppress(Exception):
                    self._run(self._kaleido.close(), 10.0)
            self._kaleido = None
            self._failure = None
            self._stop_loop()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_SERVER = _ChartServer()


def render_png(figure: go.Figure, *, width: int, height: int, scale: float = 2) -> bytes:
    """Draw ``figure`` as a PNG of ``width`` × ``height`` CSS pixels times ``scale``.

    Raises:
        ChartsUnavailable: no image can be made here; the message says why.
    """
    return _SERVER.render_many([(figure, width, height)], scale)[0]


def render_pngs(jobs: Sequence[tuple[go.Figure, int, int]], *, scale: float = 2) -> list[bytes]:
    """Draw several figures at once, each ``(figure, width, height)``; images in the same order.

    Raises:
        ChartsUnavailable: no image can be made here; the message says why.
    """
    return _SERVER.render_many(jobs, scale)


def chart_server_running() -> bool:
    """True when the browser that draws charts is already started (the next image is fast)."""
    return _SERVER.running


def stop_chart_server() -> None:
    """Close the browser, if started; the next image starts a new one (and may fail anew)."""
    _SERVER.stop()


def charts_unavailable_reason() -> str | None:
    """Say why charts cannot be drawn here, or None when they can (as far as a quick look tells).

    Cheap: it looks for a Chromium-based browser without starting it, unless an earlier attempt
    already failed (then that failure is the answer) or the browser already runs.
    """
    if _SERVER.failure is not None:
        return _SERVER.failure
    if _SERVER.running:
        return None
    try:
        importlib.import_module("kaleido")
        from choreographer.browsers.chromium import Chromium
    except ImportError as exc:
        return _reason(exc)
    path = Chromium.find_browser(skip_local=False)
    if not path or not Path(path).is_file():
        return "ChromeNotFoundError: no Chromium-based browser found (set BROWSER_PATH)"
    return None
