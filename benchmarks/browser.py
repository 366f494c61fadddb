"""Launch settings for Debian's Chromium: Playwright's own browsers cannot be downloaded here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Playwright, sync_playwright

#: Debian's Chromium; ``TOTEM_CHROMIUM`` points elsewhere if needed.
CHROMIUM = os.environ.get("TOTEM_CHROMIUM", "/usr/bin/chromium")

#: Without the background-networking flags Chromium floods the closed network with retries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_args(**overrides: Any) -> dict[str, Any]:
    """Return keyword arguments for ``chromium.launch``: headless Debian Chromium."""
    return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS), "headless": True, **overrides}


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch headless Debian Chromium with the flags above."""
    return playwright.chromium.launch(**launch_args())


@contextmanager
def chromium() -> Iterator[Browser]:
    """Sync Playwright with headless Debian Chromium, closed on the way out."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
