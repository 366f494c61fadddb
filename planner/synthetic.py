"""Synthetic launch plans for benchmarks and load tests.

``generate_plan`` builds a realistic plan of any size — communities with totem subjects,
objectives, populations invited in waves spread over the launch period, ambassadors trained
before their wave, rituals, a full core team and sponsors active month after month — entirely
determined by its seed, so two runs of a benchmark measure the same plan.

Example::

    >>> plan = generate_plan(3, seed=42)
    >>> len(plan.communities), len(plan.communities[0].populations)
    (3, 5)
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from typing import Any

from planner.models import (
    SCHEMA_VERSION,
    Cadence,
    CoreRole,
    Language,
    Plan,
    Platform,
    SponsorActionKind,
)

__all__ = ["generate_plan"]

_START = date(2027, 1, 4)  # a Monday: preparation starts on the first working week of 2027
_PREPARATION_DAYS = 70  # ten weeks: recruiting early members needs ~90 to ~30 days before launch
_PILOT_DAYS_BEFORE_LAUNCH = 21  # the invite-only soft launch opens about three weeks before

_FIRST_NAMES = (
    "Alice", "Amir", "Ana", "Ben", "Carla", "Chen", "Claire", "David", "Elena", "Emma",
    "Farid", "Grace", "Hannah", "Hugo", "Ines", "Jakub", "James", "Julia", "Kenji", "Laura",
    "Leila", "Lucas", "Maria", "Mateo", "Mia", "Nadia", "Noah", "Olivia", "Omar", "Priya",
    "Rafael", "Ruth", "Sam", "Sara", "Sofia", "Thomas", "Tariq", "Vera", "Yusuf", "Zoe",
)  # fmt: skip
_LAST_NAMES = (
    "Adams", "Bauer", "Becker", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Garcia",
    "Hansen", "Ito", "Jensen", "Khan", "Kowalski", "Lambert", "Lee", "Martin", "Moreau",
    "Müller", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Rossi", "Santos", "Schmidt",
    "Silva", "Singh", "Smith", "Tanaka", "Taylor", "Weber", "Wilson", "Young", "Zhang",
)  # fmt: skip
_SITES = (
    "Lyon", "Manchester", "Rotterdam", "Porto", "Gdansk", "Turin", "Leipzig", "Valencia",
    "Ghent", "Brno", "Toulouse", "Bristol", "Aarhus", "Bilbao", "Graz", "Cork",
)  # fmt: skip
_TOPICS = (
    ("Shop-floor quality", "Zero defects reach a customer: every non-conformity becomes a "
     "lesson shared across sites within 48 hours."),
    ("Maintenance know-how", "Never fix the same breakdown twice: diagnostics and procedures "
     "shared before experienced technicians retire."),
    ("Safety first", "Every near miss reported and discussed the same week, so the next one "
     "does not happen."),
    ("Customer voice", "What customers tell sales reaches engineering the same day and is "
     "followed up to a product answer."),
    ("Lean and continuous improvement", "Small improvements from one team adopted by the "
     "others within a month."),
    ("New joiners", "Every newcomer finds an answer and a colleague within their first week."),
    ("Digital workplace tips", "One tip a day that saves everyone ten minutes."),
    ("Supply chain control tower", "Shortages spotted and solved together before they stop a "
     "line."),
    ("Project managers' circle", "Lessons learnt from each project reused by the next one."),
    ("Sustainability at work", "Energy and waste savings measured and copied from site to "
     "site."),
)  # fmt: skip
_GROUPS = (
    "shift leads", "line operators", "maintenance technicians", "quality engineers",
    "sales engineers", "field service technicians", "design engineers", "planners",
    "buyers", "HR business partners", "safety officers", "team leaders", "customer support",
    "project managers", "logistics coordinators",
)  # fmt: skip
_OBJECTIVES = (
    ("Questions answered within 48 h", 70.0, 90.0, "%"),
    ("Active members in the last 30 days", 30.0, 60.0, "%"),
    ("Best practices documented", 20.0, 80.0, "posts"),
    ("Posts by members outside the core team", 10.0, 40.0, "posts/week"),
    ("Problems solved through the community", 10.0, 50.0, "cases"),
    ("Reduction of duplicate e-mail threads", 15.0, 40.0, "%"),
)  # fmt: skip
_BENEFITS = (
    "Get an answer from the right expert without going through the hierarchy",
    "Reuse what another site has already tested",
    "Have your ideas seen beyond your own team",
    "Fewer e-mails and meetings to find information",
    "Learn from peers facing the same problems",
    "Stay informed of what changes before it lands",
)  # fmt: skip
_RITUALS = (
    ("Weekly tips thread", Cadence.WEEKLY),
    ("Question of the week", Cadence.WEEKLY),
    ("Case study of the fortnight", Cadence.FORTNIGHTLY),
    ("Live session with an expert", Cadence.FORTNIGHTLY),
    ("Monthly challenge and vote", Cadence.MONTHLY),
    ("Monthly highlights digest", Cadence.MONTHLY),
)
_SPONSOR_TITLES = (
    "Chief Executive Officer", "Chief Operating Officer", "Industrial Director",
    "Sales Director", "Chief Human Resources Officer", "Chief Information Officer",
    "Quality Director", "Plant Director",
)  # fmt: skip
_FOLLOW_UP_ACTIONS = (
    (SponsorActionKind.POST, "Posts about a result the community achieved."),
    (SponsorActionKind.POST, "Answers a member's question in the community."),
    (SponsorActionKind.LIVE_QA, "Hosts a live Q&A open to every member."),
    (SponsorActionKind.EVENT, "Visits a site and meets the ambassadors."),
    (SponsorActionKind.RECOGNITION, "Thanks the most helpful contributors by name."),
)
#: Recommended weekly hours before → after launch; roles without a published figure get 2 → 1.
_CORE_HOURS = {
    CoreRole.COMMUNITY_MANAGER: (15.0, 10.0),
    CoreRole.IT_ADMIN: (4.0, 2.0),
    CoreRole.EXECUTIVE_SPONSOR: (1.5, 0.5),
    CoreRole.COMMUNICATION: (5.0, 2.0),
    CoreRole.EDUCATION: (4.0, 2.0),
    CoreRole.HR: (2.0, 1.0),
    CoreRole.POWER_USER: (2.0, 3.0),
}


def generate_plan(
    communities: int,
    *,
    seed: int = 0,
    populations_per_community: int = 5,
    ambassadors_per_community: int = 10,
    months: int = 6,
) -> Plan:
    """Build a realistic synthetic plan, identical for identical arguments.

    Args:
        communities: number of communities.
        seed: seed of the private random generator; the global ``random`` state is untouched.
        populations_per_community: target populations in each community.
        ambassadors_per_community: ambassadors in each community, shared among its populations
            in proportion to their headcount.
        months: length of the launch period after the official launch; sponsor actions,
            rituals and extension waves are spread over it.

    Returns:
        A valid ``Plan`` in English on Viva Engage.

    Raises:
        ValueError: a negative size, ``months`` below 1, or ambassadors without populations.
    """
    if min(communities, populations_per_community, ambassadors_per_community) < 0:
        raise ValueError("communities, populations and ambassadors must not be negative")
    if months < 1:
        raise ValueError("months must be at least 1")
    if ambassadors_per_community and not populations_per_community:
        raise ValueError("ambassadors need at least one population per community to serve")
    rng = random.Random(seed)
    launch = _START + timedelta(days=_PREPARATION_DAYS)
    end = _add_months(launch, months)
    community_ids = [f"c{index + 1:04d}" for index in range(communities)]
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": f"Synthetic launch plan #{seed}",
        "organisation": f"Synthetic Industries {seed}",
        "platform": Platform.VIVA_ENGAGE,
        "language": Language.EN,
        "start_date": _START,
        "launch_date": launch,
        "end_date": end,
        "communities": [
            _community(
                rng,
                community_id,
                launch=launch,
                end=end,
                populations=populations_per_community,
                ambassadors=ambassadors_per_community,
            )
            for community_id in community_ids
        ],
        "core_team": _core_team(rng, launch),
        "sponsors": _sponsors(rng, community_ids, start=_START, launch=launch, end=end),
    }
    return Plan.model_validate(data)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Clamp the 31st to the last day of a shorter month.
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _community(
    rng: random.Random,
    community_id: str,
    *,
    launch: date,
    end: date,
    populations: int,
    ambassadors: int,
) -> dict[str, Any]:
    topic, totem = rng.choice(_TOPICS)
    site = rng.choice(_SITES)
    manager = _person(rng)
    pops = _populations(rng, community_id, site, launch=launch, end=end, count=populations)
    period = (end - launch).days
    return {
        "id": community_id,
        "name": f"{topic} – {site}",
        "totem_subject": totem,
        "objectives": [
            {
                "indicator": indicator,
                "target": float(rng.randint(int(low), int(high))),
                "unit": unit,
                "due_date": launch + timedelta(days=rng.randint(period // 2, period)),
            }
            for indicator, low, high, unit in rng.sample(_OBJECTIVES, rng.randint(2, 3))
        ],
        "benefits": rng.sample(_BENEFITS, 3),
        "community_manager": manager,
        "populations": pops,
        "ambassadors": _ambassadors(rng, community_id, pops, ambassadors),
        "rituals": [
            {
                "name": name,
                "cadence": cadence,
                "start_date": launch + timedelta(days=rng.randint(0, 10)),
                "end_date": end,
                "owner": manager if rng.random() < 0.7 else _person(rng),
            }
            for name, cadence in rng.sample(_RITUALS, rng.randint(2, 3))
        ],
    }


def _populations(
    rng: random.Random, community_id: str, site: str, *, launch: date, end: date, count: int
) -> list[dict[str, Any]]:
    # The first wave opens at the pilot (one community in three) or at launch; extension waves
    # are spread over the first two thirds of the launch period so each has time to grow.
    first = launch - timedelta(days=_PILOT_DAYS_BEFORE_LAUNCH) if rng.random() < 1 / 3 else launch
    spread = (end - launch).days * 2 // 3
    groups = rng.sample(_GROUPS, min(count, len(_GROUPS)))
    populations: list[dict[str, Any]] = []
    for index in range(count):
        if index == 0:
            wave = first
        else:
            wave = _monday(launch + timedelta(days=spread * index // max(1, count - 1)))
        group = groups[index % len(groups)]
        if index >= len(groups):
            group = f"{group} ({index // len(groups) + 1})"
        populations.append(
            {
                "id": f"{community_id}-p{index + 1:02d}",
                "name": f"{site} {group}",
                "criteria": f"All {group} at the {site} site, every shift, listed by HR.",
                "headcount": rng.choice((20, 40, 60, 80, 120, 150, 200, 300, 450, 600)),
                "wave_date": wave,
                "resistance": {
                    "market_pressure": rng.randint(0, 3),
                    "workload": rng.randint(1, 3),
                    "diverging_priorities": rng.randint(0, 2),
                    "process_distrust": rng.randint(0, 2),
                    "tool_reluctance": rng.randint(0, 3),
                    "email_overlap": rng.randint(0, 3),
                },
            }
        )
    return populations


def _ambassadors(
    rng: random.Random, community_id: str, populations: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    if not count:
        return []
    # Share the ambassadors in proportion to headcount (largest remainder), so big populations
    # get more champions, as the 1-per-40-to-100 rule asks.
    total = sum(int(p["headcount"]) for p in populations)
    quotas = [count * int(p["headcount"]) / total for p in populations]
    shares = [int(quota) for quota in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: shares[i] - quotas[i])
    for index in by_remainder[: count - sum(shares)]:
        shares[index] += 1
    ambassadors: list[dict[str, Any]] = []
    for population, share in zip(populations, shares, strict=True):
        wave: date = population["wave_date"]
        for _ in range(share):
            # Most are trained 7–10 days before their wave; about one in ten, recruited late,
            # only a few days before.
            lead = rng.randint(7, 10) if rng.random() < 0.9 else rng.randint(2, 6)
            ambassadors.append(
                {
                    "id": f"{community_id}-a{len(ambassadors) + 1:03d}",
                    "name": _person(rng),
                    "population_id": population["id"],
                    "hours_per_week": rng.choice((0.5, 1.0, 1.0, 1.5, 2.0)),
                    "training_date": wave - timedelta(days=lead),
                }
            )
    return ambassadors


def _core_team(rng: random.Random, launch: date) -> list[dict[str, Any]]:
    announced = launch - timedelta(days=rng.randint(14, 35))
    return [
        {
            "role": role,
            "person": _person(rng),
            "hours_before": before,
            "hours_after": after,
            "announced_on": announced,
        }
        for role, (before, after) in _CORE_HOURS.items()
    ]


def _sponsors(
    rng: random.Random, community_ids: list[str], *, start: date, launch: date, end: date
) -> list[dict[str, Any]]:
    # One sponsor for the whole launch plus one for about every ten communities.
    count = 1 + len(community_ids) // 10
    sponsors: list[dict[str, Any]] = []
    for index in range(count):
        actions: list[dict[str, Any]] = [
            {
                "date": start + timedelta(days=rng.randint(7, 35)),
                "kind": SponsorActionKind.EVENT,
                "description": "Announces the communities at the management meeting.",
                "community_id": None,
            },
            {
                "date": launch,
                "kind": SponsorActionKind.KICKOFF_MESSAGE,
                "description": "Kick-off message on launch day.",
                "community_id": rng.choice(community_ids) if index and community_ids else None,
            },
        ]
        day = launch + timedelta(days=rng.randint(14, 30))
        while day <= end:
            kind, description = rng.choice(_FOLLOW_UP_ACTIONS)
            actions.append(
                {
                    "date": day,
                    "kind": kind,
                    "description": description,
                    "community_id": (
                        rng.choice(community_ids) if community_ids and rng.random() < 0.7 else None
                    ),
                }
            )
            day += timedelta(days=rng.randint(14, 30))
        sponsors.append(
            {
                "id": f"s{index + 1:03d}",
                "name": _person(rng),
                "title": rng.choice(_SPONSOR_TITLES),
                "actions": actions,
            }
        )
    return sponsors
