"""The browser harness on the bare app: a number typed in reruns the script and the page idles."""

from __future__ import annotations

from functools import partial

import pytest
from playwright.sync_api import Locator, Page, expect

from benchmarks.idle import IDLE_APP, act, finished_runs, open_app
from benchmarks.server import StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

#: Sanity bound only: timings are measured by `benchmarks.latency`, not asserted here.
SANE_SECONDS = 10.0


def _submit(number: Locator, value: str) -> None:
    number.fill(value)
    number.press("Enter")


def test_typing_a_number_reruns_the_bare_app_and_returns_to_idle(
    page: Page, bare_server: StreamlitServer
) -> None:
    """Test that a number typed + Enter is counted as one finished run and the page idles."""
    first_render = open_app(page, bare_server.url)
    runs_after_load = finished_runs(page)
    number = page.get_by_label("Number")
    expect(number).to_have_value("0")

    seconds = act(page, partial(_submit, number, "42"))

    expect(number).to_have_value("42")
    assert finished_runs(page) == runs_after_load + 1
    expect(page.locator(IDLE_APP)).to_have_count(1)
    expect(page.locator("[data-stale=true]")).to_have_count(0)
    assert 0 < first_render < SANE_SECONDS
    assert 0 < seconds < SANE_SECONDS


def test_a_second_value_is_one_more_run(page: Page, bare_server: StreamlitServer) -> None:
    """Test that each submitted value is one more finished run (the counter does not drift)."""
    open_app(page, bare_server.url)
    number = page.get_by_label("Number")
    before = finished_runs(page)
    for value in ("1", "2", "3"):
        act(page, partial(_submit, number, value))
        expect(number).to_have_value(value)
    assert finished_runs(page) == before + 3
