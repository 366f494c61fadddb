"""Shared fixtures of the planner tests: a small plan on which every indicator is healthy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

LAUNCH = date(2027, 3, 15)
END = date(2027, 7, 2)


def healthy_plan_data() -> dict[str, Any]:
    """Return plan data on which all eight indicators are ``ok`` (a base for crafted cases)."""
    posts = [
        {"date": (LAUNCH + timedelta(days=21 * n)).isoformat(), "kind": "post"} for n in range(1, 6)
    ]
    return {
        "schema_version": 1,
        "name": "Healthy plan",
        "organisation": "Acme",
        "platform": "teams",
        "start_date": "2027-01-04",
        "launch_date": LAUNCH.isoformat(),
        "end_date": END.isoformat(),
        "communities": [
            {
                "id": "quality",
                "name": "Quality circle",
                "totem_subject": "Cutting scrap on the assembly lines",
                "objectives": [
                    {"indicator": "scrap rate", "target": 2, "unit": "%", "due_date": "2027-06-30"},
                    {"indicator": "tips shared", "target": 40, "due_date": "2027-06-30"},
                ],
                "benefits": ["answers within a day", "recognition"],
                "community_manager": "Ana",
                "populations": [
                    {
                        "id": "line-leads",
                        "name": "Line leads",
                        "criteria": "Every line lead of the two plants",
                        "headcount": 200,
                        "wave_date": LAUNCH.isoformat(),
                        "resistance": {
                            "market_pressure": 1,
                            "workload": 1,
                            "diverging_priorities": 1,
                            "process_distrust": 1,
                            "tool_reluctance": 1,
                            "email_overlap": 1,
                        },
                    }
                ],
                "ambassadors": [
                    {
                        "id": f"amb-{n}",
                        "name": f"Ambassador {n}",
                        "population_id": "line-leads",
                        "hours_per_week": 2,
                        "training_date": "2027-03-05",
                    }
                    for n in range(5)
                ],
                "rituals": [{"name": "Tip of the week", "cadence": "weekly"}],
            }
        ],
        "core_team": [
            {
                "role": "community_manager",
                "person": "Ana",
                "hours_before": 15,
                "hours_after": 10,
                "announced_on": "2027-02-15",
            },
            {
                "role": "it_admin",
                "person": "Ben",
                "hours_before": 4,
                "hours_after": 2,
                "announced_on": "2027-02-15",
            },
        ],
        "sponsors": [
            {
                "id": "coo",
                "name": "Claire",
                "title": "COO",
                "actions": [{"date": LAUNCH.isoformat(), "kind": "kickoff_message"}, *posts],
            }
        ],
    }


@pytest.fixture
def healthy_data() -> dict[str, Any]:
    """Plan data on which every indicator is ok; each test changes what it needs."""
    return healthy_plan_data()
