"""The profile report's arithmetic on py-spy's collapsed stacks (no browser, no py-spy)."""

from __future__ import annotations

from benchmarks.profile import RATE, Profile, inclusive_samples, to_markdown, top_functions

STACKS = [
    "Thread.run (threading.py:982);<module> (app.py:10);save_part (pages/_common.py:1120) 30",
    "Thread.run (threading.py:982);<module> (app.py:10);draw (pages/_common.py:900) 10",
    "Thread.run (threading.py:982);<module> (app.py:12);<module> (app.py:10) 5",
    "not a stack line",
]


def test_a_function_counts_once_per_stack_and_callers_include_callees() -> None:
    """Test inclusive counts: app.py holds all three stacks, recursion counted once."""
    counts, total = inclusive_samples(STACKS)
    assert total == 45
    assert counts["<module> (app.py)"] == 45
    assert counts["save_part (pages/_common.py)"] == 30
    assert counts["draw (pages/_common.py)"] == 10


def test_thread_plumbing_is_left_out_of_the_top_functions() -> None:
    """Test that threading frames, which every stack has, are not listed."""
    counts, _ = inclusive_samples(STACKS)
    names = [frame for frame, _ in top_functions(counts)]
    assert names[0] == "<module> (app.py)"
    assert not any(name.startswith("Thread.") for name in names)


def test_samples_become_milliseconds_per_interaction() -> None:
    """Test the conversion: samples / rate / interactions, in ms, and the table's split."""
    result = Profile("plan", "edit", (0.2, 0.3), (0.1, 0.1), {"f (x.py)": RATE}, RATE * 2)
    assert result.per_interaction_ms(RATE) == 500.0
    table = to_markdown([result])
    assert "| plan | edit | 2 | 250 | 100 | 150 | 1000 |" in table
    assert "| `f (x.py)` | 500.0 |" in table
