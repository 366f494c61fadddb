"""Journeys through the workbook: edits change the readiness, bad edits change nothing,
language and workshop mode keep the plan."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest

from planner.models import Plan
from planner.tables import table_rows
from tests.app.conftest import Start, page_text, shown


def readiness(at: AppTest) -> dict[str, tuple[int, str]]:
    """Open the readiness page and read each indicator's (score, level) from its expander."""
    at.switch_page("pages/readiness.py").run()
    assert not at.exception, [e.value for e in at.exception]
    found = {}
    for expander in at.expander:
        match = re.fullmatch(r"(.+) — (\d+)/100 — (.+)", expander.label)
        if match:
            found[match.group(1)] = (int(match.group(2)), match.group(3))
    assert len(found) == 8
    return found


def edit(
    at: AppTest,
    key: str,
    *,
    edited: dict[int, dict[str, Any]] | None = None,
    added: list[dict[str, Any]] | None = None,
    deleted: list[int] | None = None,
) -> None:
    """Edit a data editor the way the browser does, then run the page."""
    at.session_state[key] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def plan_of(at: AppTest) -> Plan:
    plan: Plan = at.session_state["plan"]
    return plan


def test_clearing_a_totem_subject_makes_the_indicator_critical(start_app: Start) -> None:
    """Test that editing a community's totem subject changes the totem indicator."""
    at = start_app(plan="fr-industrie", lang="en")
    assert readiness(at)["Totem subject"][1] == "OK"
    at.switch_page("pages/communities.py").run()
    edit(at, "communities_communities_editor", edited={1: {"totem_subject": ""}})
    assert plan_of(at).communities[1].totem_subject == ""
    assert readiness(at)["Totem subject"][1] == "Critical"
    name = plan_of(at).communities[1].name
    assert f"{name} has no totem subject." in page_text(at)


def test_writing_a_totem_subject_raises_the_score(start_app: Start) -> None:
    """Test that giving the head office community a subject improves the totem indicator."""
    at = start_app(plan="critical", lang="en")
    before = readiness(at)["Totem subject"][0]
    at.switch_page("pages/communities.py").run()
    edit(
        at,
        "communities_communities_editor",
        edited={1: {"totem_subject": "Answers to store questions within a day"}},
    )
    assert plan_of(at).communities[1].totem_subject.startswith("Answers")
    assert readiness(at)["Totem subject"][0] > before


def test_rating_a_population_s_brakes_changes_the_resistance(start_app: Start) -> None:
    """Test that rating every brake at 3 for a population makes resistance critical."""
    at = start_app(plan="fr-industrie", lang="fr")
    assert readiness(at)["Résistances"][1] == "À surveiller"
    at.switch_page("pages/populations.py").run()
    factors = ["market_pressure", "workload", "diverging_priorities", "process_distrust"]
    factors += ["tool_reluctance", "email_overlap"]
    edit(at, "populations_populations_editor", edited={0: dict.fromkeys(factors, 3)})
    assert plan_of(at).communities[0].populations[0].resistance.workload == 3
    assert readiness(at)["Résistances"][1] == "Critique"


def test_adding_a_population_reaches_the_plan(start_app: Start) -> None:
    """Test that a row added in the populations grid becomes a population with a made id."""
    at = start_app(plan="en-team", lang="en", page="populations")
    community = plan_of(at).communities[0].id
    edit(
        at,
        "populations_populations_editor",
        added=[{"community": community, "name": "Finance analysts", "headcount": 40}],
    )
    assert plan_of(at).communities[0].populations[-1].id == "finance-analysts"


def test_changing_the_kick_off_action_changes_sponsor_support(start_app: Start) -> None:
    """Test that turning the launch-day kick-off into a plain post weakens sponsor support."""
    at = start_app(plan="fr-industrie", lang="en")
    assert readiness(at)["Sponsor support"][1] == "OK"
    rows = table_rows(plan_of(at), "sponsor_actions")
    kickoffs = [i for i, row in enumerate(rows) if row["kind"] == "kickoff_message"]
    at.switch_page("pages/sponsors.py").run()
    edit(at, "sponsors_sponsor_actions_editor", edited={row: {"kind": "post"} for row in kickoffs})
    assert all(
        action.kind.value != "kickoff_message" for s in plan_of(at).sponsors for action in s.actions
    )
    assert readiness(at)["Sponsor support"][1] == "Watch"


def test_a_negative_headcount_shows_an_error_and_keeps_the_plan(start_app: Start) -> None:
    """Test that a bad edit is refused next to the grid, in the language, and changes nothing."""
    at = start_app(plan="fr-industrie", lang="fr", page="populations")
    before = plan_of(at)
    edit(at, "populations_populations_editor", edited={2: {"headcount": -40}})
    errors = [shown(error.value) for error in at.error]
    assert any("populations, ligne 3, Effectif" in error for error in errors), errors
    assert any("strictement supérieur à 0" in error for error in errors), errors
    assert plan_of(at) == before
    at.run()
    assert plan_of(at) == before


def test_a_bad_date_order_on_the_plan_page_is_refused(start_app: Start) -> None:
    """Test that an end of period before the launch shows an error and keeps the plan."""
    at = start_app(plan="en-team", lang="en")
    before = plan_of(at)
    launch = before.launch_date
    assert launch is not None
    at.date_input(key="plan_end_date").set_value(launch.replace(year=launch.year - 1)).run()
    assert not at.exception
    assert any("End of the launch period" in shown(error.value) for error in at.error)
    assert plan_of(at) == before


def test_switching_language_keeps_the_plan_and_the_page(start_app: Start) -> None:
    """Test that the sidebar's language switch changes the texts, not the plan or the page."""
    at = start_app(plan="fr-industrie", lang="fr", page="communities")
    edit(at, "communities_communities_editor", edited={0: {"community_manager": "Inès Caron"}})
    plan = plan_of(at)
    at.sidebar.radio(key="app_lang").set_value("en").run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert plan_of(at) == plan
    assert at.title[0].value == "Communities"
    at.sidebar.radio(key="app_lang").set_value("fr").run()
    assert at.title[0].value == "Communautés"
    assert plan_of(at).communities[0].community_manager == "Inès Caron"


def test_workshop_mode_steps_through_the_pages(start_app: Start) -> None:
    """Test that workshop mode shows the step, moves with Next, and leaves with nothing lost."""
    at = start_app(plan="fr-industrie", lang="en")
    plan = plan_of(at)
    at.sidebar.toggle(key="app_workshop").set_value(True).run()
    assert at.session_state["workshop"] is True
    assert "Step 1 of 9" in page_text(at)
    assert "Overall readiness" in page_text(at)
    at.button(key="plan_workshop_next").click().run()
    assert not at.exception
    assert "Step 2 of 9" in page_text(at)
    assert at.title[0].value == "Communities"
    at.button(key="communities_workshop_previous").click().run()
    assert "Step 1 of 9" in page_text(at)
    at.button(key="plan_workshop_next").click().run()
    at.button(key="communities_workshop_leave").click().run()
    assert at.session_state["workshop"] is False
    assert "Step 2 of 9" not in page_text(at)
    assert at.title[0].value == "Communities"
    assert plan_of(at) == plan


def test_the_projected_scorecard_follows_the_decisions(start_app: Start) -> None:
    """Test that in workshop mode the scorecard line changes as soon as the plan does."""
    at = start_app(plan="fr-industrie", lang="en")
    at.sidebar.toggle(key="app_workshop").set_value(True).run()
    at.button(key="plan_workshop_next").click().run()
    assert "Totem subject 100" in page_text(at)
    edit(at, "communities_communities_editor", edited={0: {"totem_subject": ""}})
    assert "Totem subject 100" not in page_text(at)


def test_a_new_empty_plan_opens_from_the_sidebar(start_app: Start) -> None:
    """Test that the sidebar opens a new empty plan, named in the chosen language."""
    at = start_app(plan="fr-industrie", lang="fr", page="people")
    at.sidebar.selectbox(key="app_plan_choice.fr").set_value("new").run()
    at.sidebar.button(key="app_open").click().run()
    assert not at.exception
    plan = plan_of(at)
    assert plan.communities == []
    assert plan.name == "Nouveau plan de lancement"


def test_opening_a_sample_resets_the_page_widgets(start_app: Start) -> None:
    """Test that plan fields show the newly opened plan, not the previous one."""
    at = start_app(plan="fr-industrie", lang="en")
    at.sidebar.selectbox(key="app_plan_choice.en").set_value("en-team").run()
    at.sidebar.button(key="app_open").click().run()
    assert plan_of(at).name == "Data Platform Guild launch"
    assert at.text_input(key="plan_name").value == "Data Platform Guild launch"


def test_forecast_parameters_change_the_plan(start_app: Start) -> None:
    """Test that a forecast parameter is kept in the plan and the default stays shown."""
    at = start_app(plan="en-team", lang="en", page="forecast")
    at.number_input(key="forecast_p").set_value(0.06).run()
    assert not at.exception
    assert plan_of(at).forecast.p == 0.06
    assert "Default: 0.03" in page_text(at)
    at.button(key="forecast_reset").click().run()
    assert plan_of(at).forecast.p == 0.03
