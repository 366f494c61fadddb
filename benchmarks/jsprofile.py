"""Where the browser's time goes: a V8 CPU profile of the page, self time per script.

:func:`record` runs an action under Chrome's sampling profiler (the DevTools protocol's
``Profiler`` domain, through Playwright's CDP session) and returns the profile;
:class:`BrowserProfile` sums its samples per script and divides by the interactions.

A sample's time is the time until the next sample (as in DevTools): the first ``timeDeltas``
entry is the wait between ``Profiler.start`` and the first sample, in which V8 logs every
compiled function (0.2–1.4 s with Plotly loaded), and must not be charged to anything. A sample
goes to the script of the frame at the top of its stack, named by its file without the content
hash (``PlotlyChart.D9Z0_fxz.js`` → ``PlotlyChart.js``). Frames without a script keep their
name: ``(program)`` is native work outside JavaScript (style, layout, paint, parsing),
``(garbage collector)``, ``(idle)``, and built-ins such as ``getBoundingClientRect`` (a forced
layout shows there). Code evaluated without a URL is Playwright's injected script waiting for
idle: the benchmark's own polling.

The profile's timestamps are Chrome's monotonic clock in µs, which on Linux is
``CLOCK_MONOTONIC``, the clock of :func:`time.perf_counter`: the time of each interaction's
browser part (from the server's "run finished" message to idle, as :mod:`benchmarks.idle`
measures it) can be picked out of the profile.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

#: Microseconds between samples asked of V8 (its default is 1,000).
INTERVAL_US = 200
#: Scripts (or groups of them) listed per interaction.
TOP = 10
IDLE = "(idle)"
PROGRAM = "(program)"
#: Frames of code evaluated without a URL: in these benchmarks, Playwright's injected script.
NO_URL = "(script without URL)"
#: Vite's content hash before the extension: ``name.D9Z0_fxz.js``.
_HASH = re.compile(r"^(?P<stem>.+)\.[A-Za-z0-9_-]{8}\.(?P<ext>m?js)$")

#: Readable names for Streamlit's frontend chunks, first match wins. Rolldown names a shared
#: chunk after one of its modules, so some names mislead: ``emotion-is-prop-valid.esm`` holds
#: React itself (``createElement``, the hooks), and ``styled-components`` (after Streamlit's
#: ``styled-components.ts`` files) mostly react-aria's widget hooks.
GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("native, outside JS (style, layout, paint…)", re.compile(r"^\(program\)$")),
    ("garbage collection", re.compile(r"^\(garbage collector\)$")),
    ("Plotly charts", re.compile(r"^PlotlyChart\.")),
    ("data grid (glide)", re.compile(r"^(DataFrame|(data-grid|number)-overlay-editor)\.")),
    ("React", re.compile(r"^(react-dom|emotion-is-prop-valid\.esm)\.")),
    ("CSS-in-JS (emotion)", re.compile(r"^emotion-(styled|react)\.")),
    ("react-aria widget hooks", re.compile(r"^styled-components\.")),
    ("Markdown", re.compile(r"^StreamlitMarkdown\.")),
    ("Arrow tables", re.compile(r"^(Quiver|recordbatch|serialization|arrowFormatUtils)\.")),
    ("protobuf messages", re.compile(r"^protobuf\.")),
    ("Streamlit's main bundle", re.compile(r"^index\.js$")),
    ("Playwright's waits (the benchmark)", re.compile(rf"^{re.escape(NO_URL)}$")),
)


def script_name(url: str) -> str:
    """The file of a script URL without its content hash (the URL itself if it has no file)."""
    parts = urlsplit(url)
    file = parts.path.rpartition("/")[2]
    if not file:
        return f"{parts.netloc}{parts.path}" or url
    match = _HASH.match(file)
    return f"{match['stem']}.{match['ext']}" if match else file


def frame_name(call_frame: Mapping[str, Any]) -> str:
    """What a profile node's time is charged to: its script, or its own name when it has none."""
    if call_frame.get("url"):
        return script_name(call_frame["url"])
    if call_frame.get("scriptId", "0") != "0":
        return NO_URL
    return call_frame.get("functionName") or "(anonymous)"


def self_times(
    profile: Mapping[str, Any], windows: Sequence[tuple[float, float]] | None = None
) -> dict[str, float]:
    """Milliseconds of self time per script in a CDP ``Profiler.Profile``.

    Each sample lasts until the next one (the last until ``endTime``); the time before the
    first sample is the profiler starting and is left out.

    Args:
        profile: the ``profile`` of ``Profiler.stop``.
        windows: if given, only the time inside them counts: ``(start, end)`` pairs in seconds
            of :func:`time.perf_counter`.
    """
    names = {node["id"]: frame_name(node["callFrame"]) for node in profile["nodes"]}
    stamps = list(accumulate(profile["timeDeltas"], initial=profile["startTime"]))[1:]
    ends = [*stamps[1:], profile["endTime"]]
    spans = [(low * 1e6, high * 1e6) for low, high in windows or ()]
    times: Counter[str] = Counter()
    for node, start, end in zip(profile["samples"], stamps, ends, strict=True):
        if windows is None:
            times[names[node]] += (end - start) / 1000
        else:
            inside = sum(max(0.0, min(end, high) - max(start, low)) for low, high in spans)
            if inside:
                times[names[node]] += inside / 1000
    return dict(times)


def group_of(script: str) -> str | None:
    """The readable name of a script's group, or None when it has none."""
    return next((label for label, pattern in GROUPS if pattern.match(script)), None)


@dataclass(frozen=True)
class Row:
    """One line of the table: a group (or a lone script), ms per interaction.

    Attributes:
        label: the group's name, or None for a script outside the groups.
        scripts: the group's scripts and their ms per interaction, most first.
        ms: their sum.
        browser_part_ms: of which in the interactions' browser parts.
    """

    label: str | None
    scripts: tuple[tuple[str, float], ...]
    ms: float
    browser_part_ms: float


@dataclass(frozen=True)
class Totals:
    """Main-thread time per interaction, in ms.

    Attributes:
        busy: in anything but ``(idle)``.
        native: of which native work outside JavaScript (``(program)``).
        idle: in ``(idle)``.
    """

    busy: float
    native: float
    idle: float


@dataclass(frozen=True)
class BrowserProfile:
    """The browser's CPU profile of some interactions of one kind.

    Attributes:
        interactions: how many interactions the profile covers.
        scripts: self time per script over all of them, in ms.
        browser_parts: the same, in their browser parts only.
        totals: seconds from action to idle of each profiled interaction.
        servers: seconds from action to the server's "run finished" message of each.
    """

    interactions: int
    scripts: dict[str, float]
    browser_parts: dict[str, float]
    totals: tuple[float, ...] = ()
    servers: tuple[float, ...] = ()

    @classmethod
    def from_cdp(
        cls,
        profile: Mapping[str, Any],
        windows: Sequence[tuple[float, float]],
        totals: Sequence[float] = (),
        servers: Sequence[float] = (),
    ) -> BrowserProfile:
        """Sum a CDP profile per script, over the interactions and over their browser parts.

        Args:
            profile: the profile of as many interactions as ``windows``.
            windows: each interaction's browser part, from its "run finished" message to idle,
                in seconds of :func:`time.perf_counter`.
            totals: seconds from action to idle of each interaction.
            servers: seconds from action to "run finished" of each interaction.
        """
        return cls(
            len(windows),
            self_times(profile),
            self_times(profile, windows),
            tuple(totals),
            tuple(servers),
        )

    def per_interaction(self, ms: float) -> float:
        """Milliseconds per interaction that ``ms`` over all of them stand for."""
        return ms / self.interactions

    def sums(self, browser_part: bool = False) -> Totals:
        """Busy, native and idle time per interaction (in the browser parts only, if asked)."""
        times = self.browser_parts if browser_part else self.scripts
        busy = sum(ms for script, ms in times.items() if script != IDLE)
        return Totals(
            self.per_interaction(busy),
            self.per_interaction(times.get(PROGRAM, 0.0)),
            self.per_interaction(times.get(IDLE, 0.0)),
        )

    def rows(self) -> list[Row]:
        """Groups and lone scripts by busy time per interaction, most first (``(idle)`` out)."""
        groups: dict[tuple[str | None, str], list[str]] = {}
        for script in self.scripts:
            if script != IDLE:
                label = group_of(script)
                # A script outside the groups is a row alone.
                groups.setdefault((label, label or script), []).append(script)
        rows = []
        for (label, _), scripts in groups.items():
            shares = sorted(
                ((script, self.per_interaction(self.scripts[script])) for script in scripts),
                key=lambda share: -share[1],
            )
            part = sum(self.browser_parts.get(script, 0.0) for script in scripts)
            rows.append(
                Row(label, tuple(shares), sum(ms for _, ms in shares), self.per_interaction(part))
            )
        return sorted(rows, key=lambda row: -row.ms)


def record(
    page: Page, action: Callable[[], object], interval_us: int = INTERVAL_US
) -> dict[str, Any]:
    """Run ``action`` while V8 samples ``page``'s main thread; return the CDP profile."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Profiler.enable")
        session.send("Profiler.setSamplingInterval", {"interval": interval_us})
        session.send("Profiler.start")
        try:
            action()
        finally:
            profile: dict[str, Any] = session.send("Profiler.stop")["profile"]
        session.send("Profiler.disable")
    finally:
        session.detach()
    return profile


def _describe(row: Row) -> str:
    if row.label is None:
        script = row.scripts[0][0]
        builtin = not script.startswith("(") and "." not in script and "/" not in script
        return f"`{script}`" + (" (built-in)" if builtin else "")
    shown = [(script, ms) for script, ms in row.scripts if round(ms, 1)] or list(row.scripts[:1])
    if len(shown) == 1:
        return f"{row.label}: `{shown[0][0]}`"
    return f"{row.label}: " + ", ".join(f"`{script}` {ms:.1f}" for script, ms in shown)


def _heading(title: str, browser: BrowserProfile) -> str:
    text = f"**{title}** (browser main thread, self time, ms per interaction; "
    text += f"{browser.interactions} interactions with the profiler on"
    if browser.totals and browser.servers:
        total = statistics.median(browser.totals) * 1000
        part = total - statistics.median(browser.servers) * 1000
        text += f": median {total:.0f} ms, browser part {part:.0f} ms"
    return text + ")"


def to_markdown(titled: Sequence[tuple[str, BrowserProfile]], top: int = TOP) -> str:
    """One table per profile: its top rows, the rest, then JS busy, native and idle.

    Each row gives the time over the whole interaction and, of it, in the browser part.
    """
    blocks: list[str] = []
    for title, browser in titled:
        rows = browser.rows()
        shown, rest = rows[:top], rows[top:]
        lines = [
            _heading(title, browser),
            "",
            "| script | ms | of which in the browser part |",
            "|---|---:|---:|",
        ]
        lines += [f"| {_describe(r)} | {r.ms:.1f} | {r.browser_part_ms:.1f} |" for r in shown]
        if rest:
            lines.append(
                f"| {sum(len(r.scripts) for r in rest)} other scripts "
                f"| {sum(r.ms for r in rest):.1f} | {sum(r.browser_part_ms for r in rest):.1f} |"
            )
        whole, part = browser.sums(), browser.sums(browser_part=True)
        lines += [
            f"| **JS busy** (all but `(idle)`) | **{whole.busy:.1f}** | **{part.busy:.1f}** |",
            f"| of which native `(program)` | {whole.native:.1f} | {part.native:.1f} |",
            f"| `(idle)` | {whole.idle:.1f} | {part.idle:.1f} |",
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
