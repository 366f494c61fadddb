"""Tests of the iCalendar export: events, all-day dates, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from planner.export import ics_bytes, plan_results
from planner.planfile import load_plan
from planner.timeline import PhaseKind

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "fr-industrie-plan.json"


def _events(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_has_every_milestone_wave_review_and_action() -> None:
    """Test that the calendar counts milestones, waves, reviews and sponsor actions."""
    plan = load_plan(SAMPLE)
    results = plan_results(plan)
    events = _events(ics_bytes(results, "fr"))
    reviews = [p for p in results.timeline.phases if p.kind is PhaseKind.REVIEW]
    actions = sum(len(s.actions) for s in plan.sponsors)
    milestones = sum(1 for d in (plan.start_date, plan.launch_date, plan.end_date) if d)
    assert len(events) == milestones + len(results.timeline.waves) + len(reviews) + actions


def test_events_are_all_day_with_a_stamp() -> None:
    """Test that every event is all-day (DATE values) with a DTSTAMP and a French summary."""
    results = plan_results(load_plan(SAMPLE))
    events = _events(ics_bytes(results, "fr"))
    for event in events:
        start = event["DTSTART"].dt  # type: ignore[index]
        assert isinstance(start, date)
        assert not isinstance(start, datetime)
        assert event["DTEND"].dt > start  # type: ignore[index]
        assert "DTSTAMP" in event  # type: ignore[operator]
    summaries = [str(event["SUMMARY"]) for event in events]  # type: ignore[index]
    assert any(s.startswith("Lancement officiel") for s in summaries)


def test_uids_are_stable_across_exports() -> None:
    """Test that a second export gives the same UIDs, so a re-import updates the events."""
    results = plan_results(load_plan(SAMPLE))
    first = ics_bytes(results, "fr", stamp=datetime(2027, 1, 1, tzinfo=UTC))
    second = ics_bytes(results, "en", stamp=datetime(2027, 2, 1, tzinfo=UTC))
    uids = [str(e["UID"]) for e in _events(first)]  # type: ignore[index]
    assert uids == [str(e["UID"]) for e in _events(second)]  # type: ignore[index]
    assert len(set(uids)) == len(uids)
