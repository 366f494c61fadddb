"""The benchmark code runs at the smallest size so it never rots (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.planner_scaling import STEPS, main, measure, to_markdown
from benchmarks.report import replace_section


def test_planner_benchmark_measures_every_step_and_writes_its_section(tmp_path: Path) -> None:
    """Test that a tiny run times each step and replaces only its own section of the page."""
    results = measure([2, 4], repeat=1)
    assert set(results) == {2, 4}
    assert all(set(timings) == set(STEPS) for timings in results.values())
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    assert main(["--sizes", "2,4", "--repeat", "1", "--out", str(page)]) == 0
    first = page.read_text(encoding="utf-8")
    assert "Intro kept." in first
    assert "| timeline | " in first
    replace_section(page, "planner", to_markdown(results, 1))
    second = page.read_text(encoding="utf-8")
    assert second.count("<!-- planner:start -->") == 1
    assert second.startswith("# Benchmarks\n\nIntro kept.")


def test_tracking_benchmark_refits_every_community_and_writes_its_section(
    tmp_path: Path,
) -> None:
    """A tiny run of the tracking benchmark: every community simulated, refitted, reported."""
    from benchmarks.tracking_bench import main as tracking_main
    from benchmarks.tracking_bench import plan_with_actuals
    from planner.tracking import track

    plan = plan_with_actuals(3, 6)
    tracked = track(plan)
    assert len(tracked.communities) == 3
    assert all(len(c.snapshots) == 6 and c.fit is not None for c in tracked.communities)
    page = tmp_path / "benchmarks.md"
    args = ["--communities", "3", "--snapshots", "6", "--repeat", "1", "--out", str(page)]
    assert tracking_main(args) == 0
    text = page.read_text(encoding="utf-8")
    assert "<!-- tracking:start -->" in text
    assert "| `track` (forecast, refit, interval, health) |" in text


def test_access_benchmark_compares_plain_and_guarded_calls_and_writes_its_section(
    tmp_path: Path,
) -> None:
    """Test that a tiny SQLite run times every call both ways and writes the access section."""
    from benchmarks.access_bench import CALLERS, LISTERS
    from benchmarks.access_bench import main as access_main
    from benchmarks.access_bench import measure as access_measure

    results = access_measure((3, 12), databases=("sqlite",), repeat=1)
    assert set(results) == {("sqlite", 3), ("sqlite", 12)}
    largest = results[("sqlite", 12)]
    assert set(largest.calls["open"]) == set(largest.calls["save"]) == set(CALLERS)
    assert set(largest.calls["role"]) == {"owner", "editor", "stranger"}
    assert set(largest.lists) == set(LISTERS)
    assert largest.listed["plain"] == largest.listed["admin"] == 12
    assert 0 < largest.listed["ordinary"] < 12
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    args = ["--databases", "sqlite", "--plans", "3,12", "--repeat", "1", "--out", str(page)]
    assert access_main(args) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nIntro kept.")
    assert text.count("<!-- access:start -->") == 1
    assert "| sqlite | 12 | save | " in text
    assert "from 3 to 12 plans, the ordinary user's list grows" in text
