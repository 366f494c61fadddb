"""iCalendar export (RFC 5545): milestones, waves, reviews and sponsor actions as all-day events.

Each event's UID is made from the plan's name and the item's own ids (``launch``, ``wave-2``,
``review-90``, the sponsor's id with the action's date and kind), so importing the file again
updates the events already in a calendar instead of adding copies.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from planner.export.tables import PlanResults
from planner.i18n import translate
from planner.tables import slugify
from planner.timeline import PhaseKind

__all__ = ["ics_bytes"]

_DOMAIN = "totem.invalid"  # a reserved domain: UIDs are unique without claiming anyone's name


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date, not a datetime: VALUE=DATE, an all-day event
    event.add("dtend", day + timedelta(days=1))  # DTEND is exclusive for all-day events
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
    return event


def ics_bytes(results: PlanResults, lang: str, *, stamp: datetime | None = None) -> bytes:
    """Export the plan's calendar as iCalendar bytes, with summaries in ``lang``.

    Args:
        results: the plan and what the planner computed from it.
        lang: language of the summaries and descriptions.
        stamp: the DTSTAMP of every event (when the file was made); now, in UTC, by default.
    """
    plan = results.plan
    when = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    base = slugify(plan.name, fallback="plan")
    calendar = Calendar()
    calendar.add("prodid", "-//Totem//Community launch planner//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", translate("export.ics.calendar", lang, name=plan.name))

    def add(uid: str, day: date, summary_id: str, description: str = "", **params: object) -> None:
        summary = translate(summary_id, lang, plan=plan.name, **params)
        calendar.add_component(_event(f"{base}-{uid}", day, summary, description, when))

    if plan.start_date:
        add("start", plan.start_date, "export.ics.start")
    if plan.launch_date:
        add("launch", plan.launch_date, "export.ics.launch")
    if plan.end_date:
        add("end", plan.end_date, "export.ics.end")
    names = {(c.id, p.id): f"{p.name} ({c.name})" for c, p in plan.all_populations()}
    for wave in results.timeline.waves:
        invited = [names.get(key, key[1]) for key in wave.populations]
        add(
            f"wave-{wave.number}",
            wave.date,
            "export.ics.pilot" if wave.is_pilot else "export.ics.wave",
            translate("export.ics.wave_populations", lang, populations=invited),
            number=str(wave.number),
        )
    for phase in results.timeline.phases:
        if phase.kind is PhaseKind.REVIEW:
            uid = phase.id.removeprefix("phase:").replace(":", "-")
            add(uid, phase.start, "export.ics.review", label=phase.label)
    communities = {c.id: c.name for c in plan.communities}
    for sponsor in plan.sponsors:
        seen: Counter[str] = Counter()
        for action in sponsor.actions:
            key = f"{action.date.isoformat()}-{action.kind.value}"
            seen[key] += 1
            suffix = f"-{seen[key]}" if seen[key] > 1 else ""
            community = communities.get(action.community_id or "", "")
            add(
                f"sponsor-{sponsor.id}-{key}{suffix}",
                action.date,
                "export.ics.sponsor_action",
                "\n".join(part for part in (action.description, community) if part),
                sponsor=sponsor.name,
                kind=translate(f"table.choice.kind.{action.kind.value}", lang),
            )
    return bytes(calendar.to_ical())
