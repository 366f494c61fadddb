"""The profile report's arithmetic on py-spy's stacks and V8's profile (no browser, no py-spy)."""

from __future__ import annotations

import pytest

from benchmarks import jsprofile
from benchmarks.profile import (
    BROWSER_METHOD,
    RATE,
    Profile,
    inclusive_samples,
    to_markdown,
    top_functions,
)

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


def _frame(url: str = "", function: str = "", script_id: str = "0") -> dict[str, object]:
    return {"functionName": function, "url": url, "scriptId": script_id}


JS = "http://127.0.0.1:8501/static/js/"
#: A hand-made CDP profile of two interactions. Sample i lasts until sample i + 1 (the last
#: until endTime), in µs: 900 ms before the first sample (the profiler starting) count nowhere.
CDP_PROFILE = {
    "nodes": [
        {"id": 1, "callFrame": _frame(function="(root)"), "children": [2, 3, 4, 5, 6, 7, 8, 9]},
        {"id": 2, "callFrame": _frame(JS + "PlotlyChart.D9Z0_fxz.js", "Xe", "184")},
        {"id": 3, "callFrame": _frame(JS + "react-dom.Dzbslgj4.js", "ce", "6")},
        {"id": 4, "callFrame": _frame(JS + "emotion-is-prop-valid.esm.CkL99N7j.js", "T", "8")},
        {"id": 5, "callFrame": _frame(function="(program)")},
        {"id": 6, "callFrame": _frame(function="(idle)")},
        {"id": 7, "callFrame": _frame(function="getBoundingClientRect")},
        {"id": 8, "callFrame": _frame(JS + "DataFrame.-f9-1zS0.js?v=1", "g", "153")},
        {"id": 9, "callFrame": _frame(function="query", script_id="83")},
    ],
    "startTime": 1_000_000,
    # sample:   Plotly  Plotly react  emotion program idle  layout grid    query   program
    "samples": [2, 2, 3, 4, 5, 6, 7, 8, 9, 5],
    "timeDeltas": [900_000, 10_000, 20_000, 6_000, 4_000, 30_000, 100_000, 4_000, 8_000, 1_000],
    "endTime": 1_000_000 + 1_083_000 + 3_000,
}


def test_script_names_lose_their_content_hash_and_native_frames_keep_theirs() -> None:
    """Test the names: Vite's 8-character hash and the query go, other dots stay."""
    assert jsprofile.script_name(JS + "PlotlyChart.D9Z0_fxz.js") == "PlotlyChart.js"
    assert jsprofile.script_name(JS + "DataFrame.-f9-1zS0.js") == "DataFrame.js"
    assert jsprofile.script_name(JS + "Cancel.esm.B65EWHgo.js") == "Cancel.esm.js"
    assert jsprofile.script_name(JS + "abnfDiagram-WEYOIA3C.wxj188H9.js") == (
        "abnfDiagram-WEYOIA3C.js"
    )
    assert jsprofile.script_name("http://host/app.js?v=3") == "app.js"
    assert jsprofile.script_name("http://127.0.0.1:8501/?plan=x") == "127.0.0.1:8501/"
    assert jsprofile.frame_name(_frame(function="(garbage collector)")) == "(garbage collector)"
    assert jsprofile.frame_name(_frame(function="getBoundingClientRect")) == (
        "getBoundingClientRect"
    )
    assert jsprofile.frame_name(_frame(function="query", script_id="83")) == jsprofile.NO_URL


#: The browser parts of the two interactions, in seconds: 1.950–2.000 and 2.072–2.0825.
WINDOWS = [(1.95, 2.0), (2.072, 2.0825)]


def test_each_sample_lasts_until_the_next_and_the_profiler_start_counts_nowhere() -> None:
    """Test self times in ms: sample i gets timeDeltas[i + 1], the last one up to endTime."""
    times = jsprofile.self_times(CDP_PROFILE)
    assert times == pytest.approx(
        {
            "PlotlyChart.js": 10 + 20,
            "react-dom.js": 6,
            "emotion-is-prop-valid.esm.js": 4,
            "(program)": 30 + 3,
            "(idle)": 100,
            "getBoundingClientRect": 4,
            "DataFrame.js": 8,
            jsprofile.NO_URL: 1,
        }
    )
    assert sum(times.values()) == pytest.approx(186)  # 1,086 ms after start, less the 900


def test_windows_keep_the_part_of_each_sample_inside_them() -> None:
    """Test the browser parts: samples from 1.940 s and 2.070 s are cut at the windows' edges."""
    times = jsprofile.self_times(CDP_PROFILE, WINDOWS)
    assert times == pytest.approx(
        {
            "(program)": 20,  # 1.940–1.970, from 1.950
            "(idle)": 30,  # 1.970–2.070, until 2.000
            "getBoundingClientRect": 2,  # 2.070–2.074, from 2.072
            "DataFrame.js": 8,
            jsprofile.NO_URL: 0.5,  # 2.082–2.083, until 2.0825
        }
    )


def _browser() -> jsprofile.BrowserProfile:
    return jsprofile.BrowserProfile.from_cdp(CDP_PROFILE, WINDOWS, (0.3, 0.5), (0.1, 0.2))


def test_known_chunks_are_grouped_and_divided_per_interaction() -> None:
    """Test the rows: React's two chunks in one row, each file's share kept, idle left out."""
    browser = _browser()
    assert browser.interactions == 2
    rows = browser.rows()
    assert [row.label for row in rows] == [
        "native, outside JS (style, layout, paint…)",
        "Plotly charts",
        "React",
        "data grid (glide)",
        None,  # getBoundingClientRect, a row of its own
        "Playwright's waits (the benchmark)",
    ]
    assert [row.ms for row in rows] == pytest.approx([16.5, 15.0, 5.0, 4.0, 2.0, 0.5])
    assert [row.browser_part_ms for row in rows] == pytest.approx([10, 0, 0, 4, 1, 0.25])
    assert rows[2].scripts == (("react-dom.js", 3.0), ("emotion-is-prop-valid.esm.js", 2.0))
    assert rows[4].scripts == (("getBoundingClientRect", 2.0),)


def test_busy_is_everything_but_idle_and_native_is_program() -> None:
    """Test the totals per interaction, over the interactions and in their browser parts."""
    browser = _browser()
    assert browser.sums() == jsprofile.Totals(
        busy=pytest.approx((186 - 100) / 2), native=pytest.approx(33 / 2), idle=50
    )
    assert browser.sums(browser_part=True) == jsprofile.Totals(
        busy=pytest.approx((20 + 2 + 8 + 0.5) / 2), native=pytest.approx(10), idle=15
    )


def test_the_browser_table_lists_the_top_rows_the_rest_and_the_totals() -> None:
    """Test the table: heading with medians, file shares in a group, an "other" line."""
    table = jsprofile.to_markdown([("plan — switch", _browser())], top=3)
    assert table.startswith(
        "**plan — switch** (browser main thread, self time, ms per interaction; "
        "2 interactions with the profiler on: median 400 ms, browser part 250 ms)"
    )
    assert "| Plotly charts: `PlotlyChart.js` | 15.0 | 0.0 |" in table
    assert "| React: `react-dom.js` 3.0, `emotion-is-prop-valid.esm.js` 2.0 | 5.0 | 0.0 |" in table
    # The grid 4.0 (4.0), getBoundingClientRect 2.0 (1.0), Playwright 0.5 (0.25).
    assert "| 3 other scripts | 6.5 | 5.2 |" in table
    assert "| **JS busy** (all but `(idle)`) | **43.0** | **15.2** |" in table
    assert "| of which native `(program)` | 16.5 | 10.0 |" in table
    assert "| `(idle)` | 50.0 | 15.0 |" in table


def test_a_group_lists_only_the_files_that_show() -> None:
    """Test that a chunk under 0.05 ms per interaction is not named in its group's row."""
    browser = jsprofile.BrowserProfile(
        1, {"emotion-styled.browser.esm.js": 24.4, "emotion-react.browser.esm.js": 0.01}, {}
    )
    table = jsprofile.to_markdown([("plan — edit", browser)])
    assert "| CSS-in-JS (emotion): `emotion-styled.browser.esm.js` | 24.4 | 0.0 |" in table


def test_the_profile_report_puts_the_browser_tables_after_the_server_ones() -> None:
    """Test that a profile with a browser part adds its method and table after py-spy's."""
    result = Profile(
        "plan", "edit", (0.2, 0.3), (0.1, 0.1), {"f (x.py)": RATE}, RATE * 2, _browser()
    )
    table = to_markdown([result])
    server = table.index("| `f (x.py)` | 500.0 |")
    method = table.index(BROWSER_METHOD)
    assert server < method < table.index("**plan — edit** (browser main thread")
    assert "| `getBoundingClientRect` (built-in) | 2.0 | 1.0 |" in table
