"""The browser benchmarks run once at their smallest size so they never rot.

The result structure and the absence of errors are asserted, never a timing. They share the
session's Chromium (pytest-playwright's ``browser``): a second sync Playwright in the same
process is refused while the first one runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from benchmarks import latency, live_load, load, memory, profile, totem
from benchmarks.idle import open_app
from benchmarks.report import replace_section
from benchmarks.server import APP, REPO_ROOT, running_server
from planner.i18n import translate

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def test_latency_measures_every_scenario_next_to_the_bare_app(
    browser: Browser, tmp_path: Path
) -> None:
    """Test that a tiny latency run fills every row of the table and writes its section."""
    results = latency.bench_bare(browser, count=2, first_renders=1, warmup=0)
    results += latency.bench_reference(browser, count=2, warmup=0)
    results += latency.bench_app(
        browser, count=2, first_renders=1, communities=3, sample=False, warmup=0
    )
    expected = [("bare app", "first render"), ("bare app", "number input + Enter")]
    expected += [
        (latency.REFERENCE, "switch page (round the pages)"),
        (latency.REFERENCE, "edit a table cell (grid)"),
    ]
    expected.append(("Totem, 3 communities", "first render (plan page)"))
    expected += [("Totem, 3 communities", scenario.name) for scenario in totem.SCENARIOS]
    assert [(summary.app, summary.scenario) for summary in results] == expected
    assert [len(summary.samples) for summary in results] == [1, 2, 2, 2, 1, 2, 2, 2, 2]
    assert all(seconds > 0 for summary in results for seconds in summary.samples)

    table = latency.to_markdown(results)
    assert table.count("\n") == len(results) + 1
    rows = {line.split(" | ")[1]: line for line in table.splitlines()[2:] if "Totem" in line}
    # Against the bare app for every interaction; against plain Streamlit for the two kinds
    # it has: page switches and grid edits.
    assert rows["edit a table cell (communities grid)"].count("×") == 2
    assert rows["switch page (round the pages)"].count("×") == 2
    assert rows["edit a field (organisation + Enter)"].endswith("× | — |")
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    replace_section(page, "latency", table)
    assert page.read_text(encoding="utf-8").startswith("# Benchmarks\n\nIntro kept.")


def test_the_interactions_change_what_they_claim_to(browser: Browser) -> None:
    """Test that the grid edit renames the community in the store and the radio switches."""
    with totem.throwaway_store() as (store_url, store):
        plan_id = totem.store_plan(store, totem.synthetic(3))
        with running_server(APP, env={"TOTEM_DATABASE_URL": store_url}) as server:
            context = browser.new_context()
            try:
                page = context.new_page()
                open_app(page, totem.plan_url(server.url, plan_id))
                totem.edit_community_cell(page, "en")(7)
                assert store.latest(plan_id).plan.communities[0].name == "Communauté 7"
                totem.switch_language(page, "en")(0)
                french = translate("ui.page.communities.title", "fr")
                assert page.get_by_role("heading", name=french, level=1).count() == 1
            finally:
                context.close()


def test_load_runs_concurrent_sessions_without_errors(tmp_path: Path) -> None:
    """Test that two concurrent sessions each make their edits, with no error, memory read."""
    result = load.run_load(sessions=2, interactions=2, communities=3)
    assert result.errors == 0, [r.errors for r in result.results]
    assert result.timeouts == 0
    assert len(result.results) == 2
    assert len({r.plan_id for r in result.results}) == 2
    assert [len(r.times) for r in result.results] == [2, 2]
    assert result.peak_rss_kib > 0
    assert result.hwm_kib > 0
    assert result.server_cpu_seconds > 0
    table = load.to_markdown(result)
    assert "| 3 communities | 2 × 2 | 4 | 0 | 0 |" in table


def test_live_load_loses_nothing_and_sees_every_vote_on_the_shared_screen() -> None:
    """Test that two phones' answers are all stored and every vote is timed on the screen."""
    result = live_load.run_live_load(participants=2)
    assert result.errors == 0, [p.errors for p in result.phones] + result.screen_errors
    assert result.sent == [live_load.subject(0), live_load.subject(1)]
    assert result.lost == 0
    assert result.votes == result.stored_votes == 2 * 3
    assert len(result.latencies) == 6
    assert all(seconds > 0 for seconds in result.latencies)
    assert result.cpu_seconds > 0
    assert result.peak_rss_kib > 0
    assert result.hwm_kib > 0
    assert "| 2 | 2 | 2 | 0 | 6 | 6 |" in live_load.to_markdown(result)


def test_the_profile_splits_each_interaction_and_names_the_server_functions(
    browser: Browser, tmp_path: Path
) -> None:
    """Test that a tiny profile run gives every interaction its split and py-spy's functions."""
    profiles = profile.profile_plan(browser, "3 communities", totem.synthetic(3), count=2)

    assert [p.scenario for p in profiles] == [scenario.name for scenario in totem.SCENARIOS]
    for result in profiles:
        assert len(result.totals) == len(result.servers) == 2
        assert all(
            0 < server < total for server, total in zip(result.servers, result.totals, strict=True)
        )
        assert result.total_samples > 0
        assert result.samples, "py-spy recorded no stack of the server"
    table = profile.to_markdown(profiles)
    assert table.count("| 3 communities |") == len(profiles)


def test_memory_writes_its_section_with_figures_and_a_verdict(tmp_path: Path) -> None:
    """Test that the memory benchmark at its smallest size writes its section and only it.

    Run as a command (its own Chromium in its own process): it is what ``make bench`` calls.
    """
    page = tmp_path / "benchmarks.md"
    page.write_text(
        "# Benchmarks\n\n<!-- load:start -->\nLoad kept.\n<!-- load:end -->\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "benchmarks.memory", "--sessions", "2", "--switches", "10"]
    command += ["--warmup", "1", "--every", "1", "--communities", "5", "--out", str(page)]
    done = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=150, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]

    text = page.read_text(encoding="utf-8")
    assert "<!-- load:start -->\nLoad kept.\n<!-- load:end -->" in text
    section = text.split("<!-- memory:start -->", 1)[1].split("<!-- memory:end -->", 1)[0]
    # Sessions: before, 1st open, all open, peak, VmHWM, two per-session figures, seconds, errors.
    number = r"\d+(?:\.\d+)?"
    row = rf"\| 5 communities \| 2 \|(?: {number} \|){{8}} 0 \|"
    assert re.search(row, section), section
    # The series: the plan page opened (0), then every switch (a tenth of 10), warm-up at 1.
    series = re.findall(rf"^\| (\d+)(?: \(warm-up\))? \| {number} \| ", section, re.MULTILINE)
    assert [int(done) for done in series] == list(range(11))
    assert "| 1 (warm-up) | " in section
    # Round the sidebar: the nine steps and the tracking page.
    assert "10 of 10 switches done round 10 pages, 0 errors" in section
    assert re.search(rf"growth [+-]{number} MiB \([+-]{number} %\), ", section), section
    assert re.search(rf"[+-]{number} MiB per 100 switches", section), section
    assert re.search(rf"Threshold: growth ≤ 5 % of the warmed-up RSS = {number} MiB", section)
    assert re.search(r"^\*\*Verdict: (no growth|grows)\*\* \(", section, re.MULTILINE), section


def test_memory_verdict_allows_five_percent_growth_after_warm_up() -> None:
    """Test that growth up to 5 % of the warmed-up RSS is "no growth", a KiB more "grows"."""

    def result(end_kib: int) -> memory.SwitchesResult:
        series = {0: 50_000, 20: 200_000, 120: 205_000, 220: end_kib}
        return memory.SwitchesResult(
            switches=220,
            warmup=20,
            every=100,
            communities=1,
            pages=9,
            series=series,
            times=[0.1] * 220,
            peak_kib=end_kib,
            hwm_kib=end_kib,
        )

    held = result(210_000)
    assert held.verdict == "no growth"
    assert held.threshold_mib == pytest.approx(10_000 / 1024)
    assert held.per_100_mib == pytest.approx(10_000 / 1024 / 2)
    assert held.fitted_per_100_mib == pytest.approx(10_000 / 1024 / 2)
    assert result(210_001).verdict == "grows"
    assert result(190_000).verdict == "no growth"
