"""Tests of the launch timeline: exact dates on a hand-built plan, gaps in the plan, invariants."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.i18n import LANGUAGES, Message, has_message, render, templates_of
from planner.models import CoreRole, Plan
from planner.timeline import (
    Phase,
    PhaseKind,
    Task,
    TaskKind,
    Timeline,
    build_timeline,
    role_label,
    timeline_rows,
)

LOCALES = Path(__file__).parents[2] / "planner" / "locales"
LAUNCH = date(2027, 1, 12)

#: Launch on Tuesday 12 January 2027, period ending 30 April. Plant safety opens one population
#: on launch day (its ambassadors have training dates) and one in wave 2; Sales excellence has
#: a population in wave 2, one in wave 3 and one without a wave date yet.
BASE: dict[str, Any] = {
    "schema_version": 1,
    "name": "Totem launch",
    "start_date": date(2026, 9, 1),
    "launch_date": LAUNCH,
    "end_date": date(2027, 4, 30),
    "communities": [
        {
            "id": "safety",
            "name": "Plant safety",
            "populations": [
                {"id": "leads", "name": "Shift leads", "wave_date": LAUNCH},
                {"id": "operators", "name": "Operators", "wave_date": date(2027, 2, 9)},
            ],
            "ambassadors": [
                {
                    "id": "ana",
                    "name": "Ana",
                    "population_id": "leads",
                    "training_date": date(2027, 1, 2),
                },
                {
                    "id": "ben",
                    "name": "Ben",
                    "population_id": "leads",
                    "training_date": date(2026, 12, 28),
                },
                {"id": "chloe", "name": "Chloé", "population_id": "operators"},
            ],
        },
        {
            "id": "sales",
            "name": "Sales excellence",
            "populations": [
                {"id": "emea", "name": "EMEA sellers", "wave_date": date(2027, 2, 9)},
                {"id": "apac", "name": "APAC sellers", "wave_date": date(2027, 3, 9)},
                {"id": "latam", "name": "LATAM sellers"},
            ],
        },
    ],
    "core_team": [{"role": "communication", "person": "Dana"}],
    "sponsors": [
        {
            "id": "coo",
            "name": "Eve",
            "actions": [
                {"date": date(2027, 1, 12), "kind": "post"},
                {"date": date(2027, 2, 20), "kind": "kickoff_message"},
                {"date": date(2027, 1, 14), "kind": "kickoff_message"},
            ],
        }
    ],
}


def make_plan(**changes: Any) -> Plan:
    """Build a validated variant of the base plan with some top-level fields replaced."""
    return Plan.model_validate({**BASE, **changes})


def phase_dates(timeline: Timeline) -> dict[str, tuple[date, date]]:
    """Map each phase id to its (start, end)."""
    return {phase.id: (phase.start, phase.end) for phase in timeline.phases}


def task_dates(timeline: Timeline) -> dict[str, tuple[date, date]]:
    """Map each task id to its (start, end)."""
    return {task.id: (task.start, task.end) for task in timeline.tasks}


def all_messages(timeline: Timeline) -> Iterator[Message]:
    """Yield every label and missing message, nested messages included."""
    pending = [
        *(phase.label for phase in timeline.phases),
        *(task.label for task in timeline.tasks),
        *timeline.missing,
    ]
    while pending:
        message = pending.pop()
        yield message
        for value in message.params.values():
            items = value if isinstance(value, list | tuple) else [value]
            pending += [item for item in items if isinstance(item, Message)]


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return build_timeline(make_plan())


def test_waves_group_populations_by_date_in_order(timeline: Timeline) -> None:
    assert [(w.number, w.date, w.is_pilot, w.populations) for w in timeline.waves] == [
        (1, LAUNCH, False, (("safety", "leads"),)),
        (2, date(2027, 2, 9), False, (("safety", "operators"), ("sales", "emea"))),
        (3, date(2027, 3, 9), False, (("sales", "apac"),)),
    ]


@pytest.mark.parametrize(
    ("phase_id", "kind", "start", "end"),
    [
        ("phase:preparation", PhaseKind.PREPARATION, date(2026, 9, 1), date(2026, 12, 21)),
        ("phase:soft_launch", PhaseKind.SOFT_LAUNCH, date(2026, 12, 22), date(2027, 1, 11)),
        ("phase:launch", PhaseKind.LAUNCH, LAUNCH, LAUNCH),
        ("phase:sustain", PhaseKind.SUSTAIN, LAUNCH, date(2027, 4, 30)),
        ("phase:wave:2", PhaseKind.WAVE, date(2027, 2, 9), date(2027, 3, 8)),
        ("phase:wave:3", PhaseKind.WAVE, date(2027, 3, 9), date(2027, 4, 30)),
        ("phase:review:30", PhaseKind.REVIEW, date(2027, 2, 11), date(2027, 2, 11)),
        ("phase:review:60", PhaseKind.REVIEW, date(2027, 3, 13), date(2027, 3, 13)),
        ("phase:review:90", PhaseKind.REVIEW, date(2027, 4, 12), date(2027, 4, 12)),
        ("phase:review:end", PhaseKind.REVIEW, date(2027, 4, 30), date(2027, 4, 30)),
    ],
)
def test_phase_falls_on_the_dates_the_timing_rules_give(
    timeline: Timeline, phase_id: str, kind: PhaseKind, start: date, end: date
) -> None:
    phase = next(phase for phase in timeline.phases if phase.id == phase_id)
    assert (phase.kind, phase.start, phase.end) == (kind, start, end)


def test_phases_are_exactly_those_derivable_in_chronological_order(timeline: Timeline) -> None:
    assert [phase.id for phase in timeline.phases] == [
        "phase:preparation",
        "phase:soft_launch",
        "phase:launch",
        "phase:sustain",
        "phase:wave:2",
        "phase:review:30",
        "phase:wave:3",
        "phase:review:60",
        "phase:review:90",
        "phase:review:end",
    ]
    waves = {phase.id: phase.wave_number for phase in timeline.phases}
    assert (waves["phase:wave:2"], waves["phase:wave:3"], waves["phase:launch"]) == (2, 3, None)


@pytest.mark.parametrize(
    ("task_id", "phase_id", "owner", "start", "end"),
    [
        (
            "task:define_totem:safety",
            "phase:preparation",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 9, 1),
            date(2026, 12, 21),
        ),
        (
            "task:recruit_members",
            "phase:preparation",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 10, 14),
            date(2026, 12, 13),
        ),
        (
            "task:seed_content:sales",
            "phase:preparation",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 12, 8),
            date(2026, 12, 21),
        ),
        (
            "task:announce_core_team",
            "phase:soft_launch",
            CoreRole.COMMUNICATION,
            date(2026, 12, 29),
            date(2026, 12, 29),
        ),
        (
            "task:soft_launch_invites",
            "phase:soft_launch",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 12, 22),
            date(2027, 1, 5),
        ),
        # The kick-off message planned two days after launch is inside the 7-day window.
        (
            "task:sponsor_kickoff",
            "phase:launch",
            CoreRole.EXECUTIVE_SPONSOR,
            date(2027, 1, 14),
            date(2027, 1, 14),
        ),
        # Shift leads: the ambassadors' own training dates replace the default window.
        (
            "task:recruit_ambassadors:safety:leads",
            "phase:launch",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 12, 1),
            date(2026, 12, 27),
        ),
        (
            "task:train_ambassadors:safety:leads",
            "phase:launch",
            CoreRole.EDUCATION,
            date(2026, 12, 28),
            date(2027, 1, 2),
        ),
        (
            "task:ambassador_early_access:safety:leads",
            "phase:launch",
            CoreRole.IT_ADMIN,
            date(2027, 1, 2),
            date(2027, 1, 11),
        ),
        (
            "task:invite_population:safety:leads",
            "phase:launch",
            CoreRole.COMMUNICATION,
            LAUNCH,
            LAUNCH,
        ),
        # Operators: Chloé has no training date, so the default window applies.
        (
            "task:recruit_ambassadors:safety:operators",
            "phase:wave:2",
            CoreRole.COMMUNITY_MANAGER,
            date(2026, 12, 29),
            date(2027, 1, 22),
        ),
        (
            "task:train_ambassadors:safety:operators",
            "phase:wave:2",
            CoreRole.EDUCATION,
            date(2027, 1, 23),
            date(2027, 1, 30),
        ),
        (
            "task:ambassador_early_access:safety:operators",
            "phase:wave:2",
            CoreRole.IT_ADMIN,
            date(2027, 1, 30),
            date(2027, 2, 8),
        ),
        (
            "task:invite_population:sales:apac",
            "phase:wave:3",
            CoreRole.COMMUNICATION,
            date(2027, 3, 9),
            date(2027, 3, 9),
        ),
        (
            "task:review_metrics:30",
            "phase:review:30",
            CoreRole.COMMUNITY_MANAGER,
            date(2027, 2, 11),
            date(2027, 2, 11),
        ),
        (
            "task:review_metrics:end",
            "phase:review:end",
            CoreRole.COMMUNITY_MANAGER,
            date(2027, 4, 30),
            date(2027, 4, 30),
        ),
    ],
)
def test_task_gets_its_owner_phase_and_exact_dates(
    timeline: Timeline, task_id: str, phase_id: str, owner: CoreRole, start: date, end: date
) -> None:
    task = next(task for task in timeline.tasks if task.id == task_id)
    assert (task.phase_id, task.owner, task.start, task.end) == (phase_id, owner, start, end)


def test_every_population_with_a_wave_gets_its_four_tasks(timeline: Timeline) -> None:
    per_population = {
        (task.community_id, task.population_id, task.kind)
        for task in timeline.tasks
        if task.population_id is not None
    }
    wave_kinds = {
        TaskKind.RECRUIT_AMBASSADORS,
        TaskKind.TRAIN_AMBASSADORS,
        TaskKind.AMBASSADOR_EARLY_ACCESS,
        TaskKind.INVITE_POPULATION,
    }
    populations = [
        ("safety", "leads"),
        ("safety", "operators"),
        ("sales", "emea"),
        ("sales", "apac"),
    ]
    assert per_population == {(c, p, kind) for c, p in populations for kind in wave_kinds}


def test_labels_carry_community_and_population_names(timeline: Timeline) -> None:
    task = next(t for t in timeline.tasks if t.id == "task:train_ambassadors:sales:emea")
    assert task.label == Message(
        "timeline.task.train_ambassadors",
        {"community": "Sales excellence", "population": "EMEA sellers"},
    )
    assert render(task.label, "en") == "Sales excellence – EMEA sellers: train ambassadors"
    assert (
        render(task.label, "fr") == "Sales excellence – EMEA sellers\u00a0: former les ambassadeurs"
    )


def test_populations_without_wave_date_are_named_in_one_message(timeline: Timeline) -> None:
    [message] = [m for m in timeline.missing if m.id == "timeline.missing.wave_dates"]
    assert render(message, "en").startswith("No wave date for LATAM sellers (Sales excellence):")


def test_complete_plan_reports_only_the_missing_wave_dates(timeline: Timeline) -> None:
    assert [message.id for message in timeline.missing] == ["timeline.missing.wave_dates"]


def test_pilot_wave_before_the_soft_launch_opens_the_pilot_phase() -> None:
    plan = make_plan(
        communities=[
            {
                "id": "safety",
                "name": "Plant safety",
                "populations": [
                    {"id": "pilot", "name": "Pilot site", "wave_date": date(2026, 12, 1)},
                    {"id": "all", "name": "Everyone", "wave_date": LAUNCH},
                ],
            }
        ]
    )
    timeline = build_timeline(plan)
    assert [(w.number, w.is_pilot) for w in timeline.waves] == [(1, True), (2, False)]
    phases = phase_dates(timeline)
    assert phases["phase:preparation"] == (date(2026, 9, 1), date(2026, 11, 30))
    assert phases["phase:soft_launch"] == (date(2026, 12, 1), date(2027, 1, 11))
    soft_launch = next(p for p in timeline.phases if p.id == "phase:soft_launch")
    assert soft_launch.label.id == "timeline.phase.pilot"
    assert not any(phase.kind is PhaseKind.WAVE for phase in timeline.phases)
    tasks = {task.id: task for task in timeline.tasks}
    assert tasks["task:invite_population:safety:pilot"].phase_id == "phase:soft_launch"
    assert task_dates(timeline)["task:seed_content:safety"] == (
        date(2026, 11, 17),
        date(2026, 11, 30),
    )


def test_pilot_wave_inside_the_soft_launch_window_keeps_its_opening() -> None:
    plan = make_plan(
        communities=[
            {
                "id": "safety",
                "name": "Plant safety",
                "populations": [{"id": "p", "name": "Pilot", "wave_date": date(2027, 1, 5)}],
            }
        ]
    )
    timeline = build_timeline(plan)
    assert timeline.waves[0].is_pilot
    soft_launch = next(p for p in timeline.phases if p.id == "phase:soft_launch")
    assert (soft_launch.start, soft_launch.label.id) == (date(2026, 12, 22), "timeline.phase.pilot")


def test_missing_launch_date_leaves_only_waves_and_the_end_review() -> None:
    timeline = build_timeline(make_plan(launch_date=None))
    assert timeline.missing[0] == Message("timeline.missing.launch_date")
    assert phase_dates(timeline) == {
        "phase:wave:1": (LAUNCH, date(2027, 2, 8)),
        "phase:wave:2": (date(2027, 2, 9), date(2027, 3, 8)),
        "phase:wave:3": (date(2027, 3, 9), date(2027, 4, 30)),
        "phase:review:end": (date(2027, 4, 30), date(2027, 4, 30)),
    }
    assert not any(wave.is_pilot for wave in timeline.waves)
    assert {task.kind for task in timeline.tasks} == {
        TaskKind.RECRUIT_AMBASSADORS,
        TaskKind.TRAIN_AMBASSADORS,
        TaskKind.AMBASSADOR_EARLY_ACCESS,
        TaskKind.INVITE_POPULATION,
        TaskKind.REVIEW_METRICS,
    }
    leads = next(t for t in timeline.tasks if t.id == "task:invite_population:safety:leads")
    assert leads.phase_id == "phase:wave:1"


def test_missing_end_date_ends_the_sustain_phase_at_the_last_review() -> None:
    timeline = build_timeline(make_plan(end_date=None))
    phases = phase_dates(timeline)
    assert phases["phase:sustain"] == (LAUNCH, date(2027, 4, 12))
    assert phases["phase:wave:3"] == (date(2027, 3, 9), date(2027, 4, 12))
    assert "phase:review:end" not in phases
    assert "task:review_metrics:end" not in task_dates(timeline)
    assert Message("timeline.missing.end_date") in timeline.missing


def test_missing_end_date_without_reviews_drops_the_sustain_phase() -> None:
    timeline = build_timeline(make_plan(end_date=None, timing={"review_days": []}))
    phases = phase_dates(timeline)
    assert "phase:sustain" not in phases
    assert phases["phase:wave:3"] == (date(2027, 3, 9), date(2027, 3, 9))
    assert Message("timeline.missing.sustain_end") in timeline.missing


def test_missing_start_date_starts_preparation_at_early_member_recruitment() -> None:
    timeline = build_timeline(make_plan(start_date=None))
    assert phase_dates(timeline)["phase:preparation"] == (date(2026, 10, 14), date(2026, 12, 21))
    assert Message("timeline.missing.start_date", {"days": 90}) in timeline.missing


def test_core_team_announcement_spans_the_recorded_announcements() -> None:
    core_team = [
        {"role": "community_manager", "announced_on": date(2027, 1, 4)},
        {"role": "communication", "announced_on": date(2026, 12, 15)},
        {"role": "hr"},
    ]
    timeline = build_timeline(make_plan(core_team=core_team))
    task = next(t for t in timeline.tasks if t.id == "task:announce_core_team")
    assert (task.start, task.end, task.phase_id) == (
        date(2026, 12, 15),
        date(2027, 1, 4),
        "phase:preparation",
    )


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([], LAUNCH),
        ([{"date": date(2027, 1, 20), "kind": "kickoff_message"}], LAUNCH),
        ([{"date": date(2027, 1, 19), "kind": "kickoff_message"}], date(2027, 1, 19)),
        ([{"date": date(2027, 1, 10), "kind": "post"}], LAUNCH),
        (
            [
                {"date": date(2027, 1, 14), "kind": "kickoff_message"},
                {"date": date(2027, 1, 10), "kind": "kickoff_message"},
            ],
            date(2027, 1, 10),
        ),
    ],
    ids=["none", "outside-window", "edge-of-window", "not-a-kickoff", "tie-takes-earlier"],
)
def test_sponsor_kickoff_uses_a_kickoff_message_near_launch(
    actions: list[dict[str, Any]], expected: date
) -> None:
    plan = make_plan(sponsors=[{"id": "coo", "name": "Eve", "actions": actions}])
    task = next(t for t in build_timeline(plan).tasks if t.kind is TaskKind.SPONSOR_KICKOFF)
    assert (task.start, task.end) == (expected, expected)


@pytest.mark.parametrize(
    "changes",
    [
        {"start_date": LAUNCH},
        {"timing": {"soft_launch_from_days": 0, "soft_launch_until_days": 0}},
        {"timing": {"ambassador_early_access_days": 0}},
        {"timing": {"review_days": [0, 30, 30, 400]}, "end_date": LAUNCH},
    ],
    ids=["start-on-launch", "no-soft-launch", "no-early-access", "odd-reviews"],
)
def test_degenerate_offsets_are_clamped_so_nothing_ends_before_it_starts(
    changes: dict[str, Any],
) -> None:
    timeline = build_timeline(make_plan(**changes))
    assert_invariants(timeline)


def test_empty_plan_builds_an_empty_timeline_that_says_why() -> None:
    timeline = build_timeline(Plan(schema_version=1, name="Draft"))
    assert (timeline.phases, timeline.tasks, timeline.waves) == ((), (), ())
    assert [m.id for m in timeline.missing] == [
        "timeline.missing.launch_date",
        "timeline.missing.end_date",
        "timeline.missing.communities",
    ]


def test_communities_without_populations_are_reported() -> None:
    plan = make_plan(communities=[{"id": "c", "name": "C"}])
    assert Message("timeline.missing.populations") in build_timeline(plan).missing


def test_building_does_not_change_the_plan() -> None:
    plan = make_plan()
    before = plan.model_dump()
    build_timeline(plan)
    assert plan.model_dump() == before


def test_base_plan_timeline_keeps_its_invariants(timeline: Timeline) -> None:
    assert_invariants(timeline)


def assert_invariants(timeline: Timeline) -> None:
    """Assert the properties every timeline has, whatever the plan."""
    spans: list[Phase | Task] = [*timeline.phases, *timeline.tasks]
    for item in spans:
        assert item.start <= item.end, item.id
    phase_ids = [phase.id for phase in timeline.phases]
    task_ids = [task.id for task in timeline.tasks]
    assert len(set(phase_ids)) == len(phase_ids)
    assert len(set(task_ids)) == len(task_ids)
    assert [(t.start, t.id) for t in timeline.tasks] == sorted(
        (t.start, t.id) for t in timeline.tasks
    )
    assert [p.start for p in timeline.phases] == sorted(p.start for p in timeline.phases)
    assert {task.phase_id for task in timeline.tasks} <= set(phase_ids)
    assert [wave.number for wave in timeline.waves] == list(range(1, len(timeline.waves) + 1))
    assert [w.date for w in timeline.waves] == sorted({w.date for w in timeline.waves})
    for message in all_messages(timeline):
        assert all(has_message(message.id, lang) for lang in LANGUAGES), message.id


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Draw valid plans with any mix of known and missing dates and unusual timing rules."""
    day = st.dates(date(2026, 1, 1), date(2028, 12, 31))
    launch = draw(st.none() | day)
    start = draw(st.none() | st.dates(date(2025, 1, 1), launch or date(2028, 12, 31)))
    end = draw(st.none() | st.dates(launch or start or date(2025, 1, 1), date(2029, 12, 31)))
    early = sorted(draw(st.lists(st.integers(0, 180), min_size=4, max_size=4)))
    communities = []
    for c_index in range(draw(st.integers(0, 3))):
        count = draw(st.integers(0, 3))
        populations = [
            {"id": f"p{i}", "name": f"Population {i}", "wave_date": draw(st.none() | day)}
            for i in range(count)
        ]
        ambassadors = [
            {
                "id": f"a{i}",
                "name": "A",
                "population_id": f"p{draw(st.integers(0, count - 1))}",
                "training_date": draw(st.none() | day),
            }
            for i in range(draw(st.integers(0, 3)) if count else 0)
        ]
        communities.append(
            {
                "id": f"c{c_index}",
                "name": f"Community {c_index}",
                "populations": populations,
                "ambassadors": ambassadors,
            }
        )
    return Plan.model_validate(
        {
            "schema_version": 1,
            "name": "Drawn",
            "start_date": start,
            "launch_date": launch,
            "end_date": end,
            "communities": communities,
            "core_team": [
                {"role": "communication", "announced_on": draw(st.none() | day)}
                for _ in range(draw(st.integers(0, 2)))
            ],
            "sponsors": [
                {
                    "id": "s",
                    "name": "S",
                    "actions": [
                        {"date": d, "kind": "kickoff_message"}
                        for d in draw(st.lists(day, max_size=3))
                    ],
                }
            ],
            "timing": {
                "recruit_members_from_days": early[3],
                "recruit_members_until_days": early[2],
                "soft_launch_from_days": early[1],
                "soft_launch_until_days": early[0],
                "ambassador_recruit_days": draw(st.integers(1, 365)),
                "ambassador_early_access_days": draw(st.integers(0, 60)),
                "review_days": draw(st.lists(st.integers(-30, 400), max_size=5)),
            },
        }
    )


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(plans())
def test_any_valid_plan_builds_a_consistent_timeline(plan: Plan) -> None:
    timeline = build_timeline(plan)
    assert_invariants(timeline)
    assert len(timeline.waves) == len(
        {p.wave_date for _, p in plan.all_populations() if p.wave_date is not None}
    )


def test_timeline_rows_render_one_row_per_task_in_the_chosen_language(timeline: Timeline) -> None:
    rows = timeline_rows(timeline, make_plan(), "fr")
    assert [row["id"] for row in rows] == [task.id for task in timeline.tasks]
    row = next(r for r in rows if r["id"] == "task:train_ambassadors:safety:operators")
    assert row == {
        "id": "task:train_ambassadors:safety:operators",
        "phase": "Vague d’extension 2",
        "kind": "train_ambassadors",
        "task": "Plant safety – Operators\u00a0: former les ambassadeurs",
        "owner": "Responsable formation",
        "start": date(2027, 1, 23),
        "end": date(2027, 1, 30),
        "community_id": "safety",
        "population_id": "operators",
    }
    kickoff = next(
        r for r in timeline_rows(timeline, make_plan(), "en") if r["kind"] == "sponsor_kickoff"
    )
    assert (kickoff["owner"], kickoff["community_id"]) == ("Executive sponsor", None)


def test_every_label_id_exists_in_both_catalogues(timeline: Timeline) -> None:
    variants = [
        timeline,
        build_timeline(Plan(schema_version=1, name="Draft")),
        build_timeline(make_plan(start_date=None, end_date=None, timing={"review_days": []})),
        build_timeline(make_plan(communities=[{"id": "c", "name": "C"}])),
        build_timeline(
            make_plan(
                communities=[
                    {
                        "id": "c",
                        "name": "C",
                        "populations": [{"id": "p", "name": "P", "wave_date": date(2026, 11, 1)}],
                    }
                ]
            )
        ),
    ]
    ids = {message.id for variant in variants for message in all_messages(variant)}
    ids |= {role_label(role).id for role in CoreRole}
    missing = {(i, lang) for i in ids for lang in LANGUAGES if not has_message(i, lang)}
    assert not missing


def test_every_label_renders_completely_in_both_languages(timeline: Timeline) -> None:
    for message in all_messages(timeline):
        for lang in LANGUAGES:
            text = render(message, lang)
            assert "{" not in text, (message.id, lang)
            assert message.id not in text, (message.id, lang)


def test_catalogues_define_the_same_ids() -> None:
    english, french = (
        json.loads((LOCALES / f"timeline.{lang}.json").read_text(encoding="utf-8"))
        for lang in ("en", "fr")
    )
    assert english.keys() == french.keys()
    assert {f"role.{role.value}" for role in CoreRole} <= english.keys()


def test_french_catalogue_follows_french_typography() -> None:
    french = json.loads((LOCALES / "timeline.fr.json").read_text(encoding="utf-8"))
    for message_id, text in ((k, t) for k, entry in french.items() for t in templates_of(entry)):
        assert "'" not in text, message_id
        assert '"' not in text, message_id
        for index, char in enumerate(text):
            if char in ";!?":
                assert text[index - 1] == "\u202f", message_id
            elif char == ":":
                assert text[index - 1] == "\u00a0", message_id
            elif char == "«":
                assert text[index + 1] == "\u202f", message_id
            elif char == "»":
                assert text[index - 1] == "\u202f", message_id


def test_large_plan_gets_four_tasks_per_population_and_two_per_community() -> None:
    """Test that task generation scales with the plan: a fixed number per population."""
    communities = [
        {
            "id": f"c{c}",
            "name": f"Community {c}",
            "populations": [
                {
                    "id": f"p{p}",
                    "name": f"Population {p}",
                    "wave_date": LAUNCH + timedelta(days=7 * (p + c % 4)),
                }
                for p in range(5)
            ],
            "ambassadors": [
                {
                    "id": f"a{p}",
                    "name": "A",
                    "population_id": f"p{p}",
                    "training_date": LAUNCH - timedelta(days=10),
                }
                for p in range(0, 5, 2)
            ],
        }
        for c in range(500)
    ]
    plan = make_plan(communities=communities)
    timeline = build_timeline(plan)
    assert len(timeline.tasks) == 500 * 2 + 2_500 * 4 + 4 + 4
