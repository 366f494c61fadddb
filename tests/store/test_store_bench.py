"""The store benchmark runs at a tiny scale so it never rots (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import replace_section
from benchmarks.store_bench import REVISIONS, main, measure, to_markdown
from planner.models import Plan


def test_store_benchmark_times_save_and_open_and_writes_its_section(tmp_path: Path) -> None:
    """Test that a one-repeat SQLite run times both operations at 1 and 200 revisions and
    replaces only the store section of the page."""
    plan = Plan(schema_version=1, name="Bench")
    results = measure({"tiny": plan}, databases=("sqlite",), repeat=1)
    assert set(results) == {("sqlite", "tiny", n) for n in REVISIONS}
    assert all(set(timings) == {"save", "open"} for timings in results.values())
    assert "| sqlite | tiny | 200 |" in to_markdown(results, 1)
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    args = ["--databases", "sqlite", "--repeat", "1", "--communities", "2", "--out", str(page)]
    assert main(args) == 0
    replace_section(page, "store", to_markdown(results, 1))
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nIntro kept.")
    assert text.count("<!-- store:start -->") == 1
    assert "## Plan store: save and open" in text
