"""Comparing two plans: deltas, moved tasks, precise content changes, figures and exports."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from benchmarks import compare_bench
from planner.compare import ChangeKind, ShiftKind, compare, comparison_json, content_changes
from planner.compare_figures import compare_forecast_figure, compare_gantt_figure
from planner.export.compare import COMPARISON_CSV_COLUMNS, comparison_csv, comparison_pdf
from planner.i18n import render, translate
from planner.indicators import assess
from planner.models import Community, Plan
from planner.planfile import parse_plan
from planner.synthetic import generate_plan
from planner.timeline import build_timeline
from tests.planner.conftest import healthy_plan_data


def _plan(data: dict[str, Any]) -> Plan:
    return Plan.model_validate(data)


def _mutated(change: Any) -> tuple[Plan, Plan]:
    """The healthy plan, and a copy of its data changed by ``change(data)``."""
    data = healthy_plan_data()
    changed = copy.deepcopy(data)
    change(changed)
    return _plan(data), _plan(changed)


def test_a_plan_compared_with_itself_has_no_delta_and_no_change() -> None:
    """Test that comparing a plan with an equal copy gives no delta, move, finding or change."""
    plan = generate_plan(12, seed=3)
    result = compare(plan, plan.model_copy(deep=True))
    assert result.is_identical
    assert result.readiness.score_delta == 0
    assert all(delta.delta == 0 for delta in result.readiness.indicators)
    assert result.readiness.appeared == result.readiness.disappeared == ()
    assert result.forecast.members_horizon_delta == 0
    assert result.forecast.members_end_delta == 0
    assert result.timeline.moved == result.timeline.appeared == result.timeline.disappeared == ()
    assert result.changes == ()


def _add_ambassadors(data: dict[str, Any]) -> None:
    data["communities"][0]["ambassadors"] += [
        {"id": f"new-{n}", "name": f"New {n}", "population_id": "line-leads"} for n in range(3)
    ]


def _halve_headcount(data: dict[str, Any]) -> None:
    data["communities"][0]["populations"][0]["headcount"] = 100


def _drop_ambassadors(data: dict[str, Any]) -> None:
    data["communities"][0]["ambassadors"] = data["communities"][0]["ambassadors"][:1]


@pytest.mark.parametrize(
    ("change", "path", "before", "after"),
    [
        (_add_ambassadors, "communities[quality].ambassadors", 5, 8),
        (_drop_ambassadors, "communities[quality].ambassadors", 5, 1),
        (_halve_headcount, "communities[quality].populations[line-leads].headcount", 200, 100),
    ],
)
def test_one_mutation_gives_exactly_that_change_and_the_assess_delta(
    change: Any, path: str, before: int, after: int
) -> None:
    """Test that one edit gives that one change, and indicator deltas equal to two assess calls."""
    a, b = _mutated(change)
    result = compare(a, b)
    assert [(c.path, c.kind, c.before, c.after) for c in result.changes] == [
        (path, ChangeKind.CHANGED, before, after)
    ]
    separate_a, separate_b = assess(a), assess(b)
    expected = {
        new.id: new.score - old.score
        for old, new in zip(separate_a.indicators, separate_b.indicators, strict=True)
    }
    assert {delta.id: delta.delta for delta in result.readiness.indicators} == expected
    assert result.readiness.score_delta == separate_b.score - separate_a.score


def test_dropping_ambassadors_lowers_the_ambassador_indicator_and_says_so() -> None:
    """Test that fewer ambassadors show as a negative delta, a new finding and a sentence."""
    a, b = _mutated(_drop_ambassadors)
    result = compare(a, b)
    delta = next(d for d in result.readiness.indicators if d.id == "ambassadors")
    assert delta.delta < 0
    assert result.readiness.appeared
    change = result.changes[0]
    assert change.removed == ("amb-1", "amb-2", "amb-3", "amb-4")
    assert render(change.message, "fr") == "Ambassadeurs de Quality circle\u00a0: 5 → 1"
    assert render(change.message, "en") == "Ambassadors of Quality circle: 5 → 1"


def test_moved_tasks_match_the_difference_of_the_two_timelines() -> None:
    """Test that moved tasks and their days are those of two separate build_timeline calls."""

    def later_wave(data: dict[str, Any]) -> None:
        data["communities"][0]["populations"][0]["wave_date"] = "2027-04-05"
        data["launch_date"] = "2027-03-22"

    a, b = _mutated(later_wave)
    result = compare(a, b)
    old = {task.id: task for task in build_timeline(a).tasks}
    new = {task.id: task for task in build_timeline(b).tasks}
    expected = {
        key: (new[key].start - old[key].start).days
        for key in old.keys() & new.keys()
        if (old[key].start, old[key].end) != (new[key].start, new[key].end)
    }
    assert expected
    assert {shift.task_id: shift.days for shift in result.timeline.moved} == expected
    assert all(shift.shift is ShiftKind.MOVED for shift in result.timeline.moved)
    assert [c.path for c in result.changes] == [
        "launch_date",
        "communities[quality].populations[line-leads].wave_date",
    ]


def test_a_community_only_in_b_is_added_with_its_tasks() -> None:
    """Test that a community present in B only is one "added" change, and its tasks appeared."""

    def add_community(data: dict[str, Any]) -> None:
        data["communities"].append({"id": "sales", "name": "Sales <b>desk</b>"})

    a, b = _mutated(add_community)
    result = compare(a, b)
    assert [(c.path, c.kind, c.before, c.after) for c in result.changes] == [
        ("communities[sales]", ChangeKind.ADDED, None, "Sales <b>desk</b>")
    ]
    assert {shift.task_id for shift in result.timeline.appeared} == {
        "task:define_totem:sales",
        "task:seed_content:sales",
    }
    reverse = compare(b, a)
    assert [(c.path, c.kind) for c in reverse.changes] == [
        ("communities[sales]", ChangeKind.REMOVED)
    ]
    assert {shift.task_id for shift in reverse.timeline.disappeared} == {
        "task:define_totem:sales",
        "task:seed_content:sales",
    }


def test_a_renamed_community_is_one_change_named_as_it_was() -> None:
    """Test that a rename is one change of the name, and its tasks keep their ids."""

    def rename(data: dict[str, Any]) -> None:
        data["communities"][0]["name"] = "Quality guild"

    a, b = _mutated(rename)
    result = compare(a, b)
    assert [(c.path, c.before, c.after) for c in result.changes] == [
        ("communities[quality].name", "Quality circle", "Quality guild")
    ]
    assert render(result.changes[0].message, "en") == (
        "Name of Quality circle: Quality circle → Quality guild"
    )
    assert result.timeline.moved == result.timeline.appeared == ()


def test_changes_are_grouped_by_community_with_plan_wide_changes_first() -> None:
    """Test that changes_by_community puts plan-wide changes under None, first."""

    def several(data: dict[str, Any]) -> None:
        data["end_date"] = "2027-07-30"
        data["communities"][0]["community_manager"] = "Bea"
        data["core_team"][1]["hours_after"] = 3

    a, b = _mutated(several)
    groups = compare(a, b).changes_by_community()
    assert list(groups) == [None, "quality"]
    assert [c.path for c in groups[None]] == ["end_date", "core_team[#1].hours_after"]
    assert [c.path for c in groups["quality"]] == ["communities[quality].community_manager"]


def test_content_changes_agree_with_the_store_summary_on_an_unchanged_plan() -> None:
    """Test that content_changes finds nothing where the store's summary finds nothing."""
    plan = generate_plan(5, seed=2)
    assert content_changes(plan, plan.model_copy(deep=True)) == ()


def test_comparison_json_has_the_documented_shape() -> None:
    """Test the keys of comparison_json: a, b, delta, moved, changed."""
    a, b = _mutated(_add_ambassadors)
    data = comparison_json(compare(a, b))
    assert set(data) == {"a", "b", "delta", "moved", "changed"}
    assert set(data["a"]) == set(data["b"]) == {"score", "level", "indicators", "members_end"}
    assert set(data["delta"]) == {"score", "indicators", "members_end"}
    assert data["changed"] == [
        {"path": "communities[quality].ambassadors", "before": 5, "after": 8}
    ]


def test_two_large_plans_compare_to_exactly_their_two_differences() -> None:
    """Test that two 200-community plans differing in two places show those two changes only
    (how long it takes is ``benchmarks/compare_bench.py``'s business)."""
    a = generate_plan(200, seed=1)
    b = a.model_copy(deep=True)
    b.communities[0] = b.communities[0].model_copy(update={"name": "Renamed"})
    b.communities.append(Community(id="extra", name="Extra"))
    result = compare(a, b)
    assert [c.path for c in result.changes] == ["communities[c0001].name", "communities[extra]"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_forecast_figure_draws_a_dashed_and_b_solid(lang: str) -> None:
    """Test that A's lines are dashed and B's solid, with escaped community names."""

    def rename(data: dict[str, Any]) -> None:
        data["communities"][0]["name"] = "<img src=x onerror=alert(1)>"
        data["communities"][0]["populations"][0]["headcount"] = 400

    a, b = _mutated(rename)
    fig = compare_forecast_figure(compare(a, b), lang, communities=True)
    dashes = [trace.line.dash for trace in fig.data]
    assert dashes == ["dash", "solid", "dash", "solid"]
    assert all("<img" not in trace.name for trace in fig.data)
    assert "&lt;img" in fig.data[3].name
    assert fig.data[1].y[-1] > fig.data[0].y[-1]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_gantt_figure_ghosts_a_behind_b(lang: str) -> None:
    """Test that the Gantt draws A first and pale, then B's unchanged and moved tasks."""

    def later_wave(data: dict[str, Any]) -> None:
        data["communities"][0]["populations"][0]["wave_date"] = "2027-04-05"
        data["communities"][0]["populations"][0]["name"] = "Leads <script>"

    a, b = _mutated(later_wave)
    fig = compare_gantt_figure(compare(a, b), lang)
    assert len(fig.data) == 3
    assert fig.data[0].opacity < fig.data[1].opacity
    hovers = " ".join(text for trace in fig.data for text in trace.hovertext)
    assert "<script>" not in hovers
    assert "&lt;script&gt;" in hovers


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_has_pages_and_names_the_changes(lang: str) -> None:
    """Test that the comparison PDF opens, and its text holds each change's sentence."""
    a, b = _mutated(_drop_ambassadors)
    result = compare(a, b)
    reader = pypdf.PdfReader(io.BytesIO(comparison_pdf(result, lang, charts=False)))
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for change in result.changes:
        assert " ".join(render(change.message, lang).split()) in text
    # Without charts, their two places say why.
    assert text.count(" ".join(translate("export.pdf.charts_off", lang).split())) == 2


def test_the_pdf_draws_both_charts() -> None:
    """Test that the comparison PDF embeds the forecast chart and the Gantt as images."""
    a, b = _mutated(_drop_ambassadors)
    reader = pypdf.PdfReader(io.BytesIO(comparison_pdf(compare(a, b), "fr")))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2
    assert all(image.image is not None and image.image.width > 500 for image in images)


def test_the_csv_parses_with_a_row_per_difference() -> None:
    """Test that the CSV is UTF-8 with BOM, parses, and has the change row; formulas inert."""

    def hostile(data: dict[str, Any]) -> None:
        data["communities"][0]["name"] = "=HYPERLINK(1)"

    a, b = _mutated(hostile)
    raw = comparison_csv(compare(a, b), "fr")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows[0]) == len(COMPARISON_CSV_COLUMNS)
    change = next(row for row in rows if row[2] == "communities[quality].name")
    assert change[3:5] == ["Quality circle", "'=HYPERLINK(1)"]
    assert sum(1 for row in rows if row[0] == "readiness") == 9


def test_a_plan_file_round_trip_compares_equal() -> None:
    """Test that a plan and the same plan read back from its file compare identical."""
    plan = _plan(healthy_plan_data())
    again = parse_plan(plan.model_dump_json().encode())
    assert compare(plan, again).is_identical


def test_the_benchmark_runs_small_and_writes_only_its_section(tmp_path: Path) -> None:
    """Test that a tiny compare benchmark replaces its own section and keeps the rest."""
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    assert compare_bench.main(["--communities", "3", "--repeat", "1", "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "Intro kept." in text
    assert text.count("<!-- compare:start -->") == 1
    assert "| `compare`, mutated copy |" in text
