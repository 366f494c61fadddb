"""Files in the workbook: tables from CSV, plans from JSON; a bad file changes nothing."""

from __future__ import annotations

import json

from planner.models import Plan
from planner.planfile import dump_plan
from tests.app.conftest import Start, make_plan, page_text, shown


def plan_of(at: object) -> Plan:
    plan: Plan = at.session_state["plan"]  # type: ignore[attr-defined]
    return plan


def test_importing_populations_previews_then_applies(start_app: Start) -> None:
    """Test that a CSV of populations is shown first and only changes the plan on 'apply'."""
    at = start_app(plan="en-team", lang="fr", page="populations")
    before = plan_of(at)
    community = before.communities[0].id
    data = (
        "\ufeffCommunauté;Nom;Effectif;Date de la vague;Charge de travail\n"
        f"{community};Contrôleurs de gestion;1 200;12/04/2027;2\n"
    ).encode()
    at.file_uploader(key="populations_populations_file").upload("pops.csv", data, "text/csv").run()
    assert not at.exception
    assert plan_of(at) == before
    assert "Lignes lues dans le fichier\u00a0: 1" in page_text(at)
    at.button(key="populations_populations_apply").click().run()
    assert not at.exception
    added = plan_of(at).communities[0].populations[-1]
    assert (added.name, added.headcount) == ("Contrôleurs de gestion", 1200)
    assert len(plan_of(at).communities[0].populations) == len(before.communities[0].populations) + 1


def test_a_bad_import_lists_its_lines_and_changes_nothing(start_app: Start) -> None:
    """Test that bad lines are listed as 'line N, column' and no apply button is offered."""
    at = start_app(plan="en-team", lang="en", page="populations")
    before = plan_of(at)
    data = b"Community,Name,Headcount\ndata-guild,Analysts,-4\n"
    at.file_uploader(key="populations_populations_file").upload("p.csv", data, "text/csv").run()
    errors = " ".join(shown(error.value) for error in at.error)
    assert "line 2, Headcount: must be > 0" in errors
    assert not [b for b in at.button if b.key == "populations_populations_apply"]
    assert plan_of(at) == before


def test_a_bad_plan_file_is_refused_field_by_field(start_app: Start) -> None:
    """Test that a plan file with bad fields lists them by path, in French, changing nothing."""
    at = start_app(plan="fr-industrie", lang="fr", page="export")
    before = plan_of(at)
    document = json.loads(dump_plan(make_plan("en-team")))
    document["communities"][0]["populations"][0]["headcount"] = 0
    document["end_date"] = "demain"
    data = json.dumps(document).encode()
    at.file_uploader(key="export_file").upload("plan.json", data, "application/json").run()
    assert not at.exception
    errors = " ".join(shown(error.value) for error in at.error)
    assert (
        "communities[0].populations[0].headcount\u00a0: doit être strictement supérieur à 0"
        in errors
    )
    assert "end_date" in errors
    assert plan_of(at) == before


def test_a_good_plan_file_opens_on_request(start_app: Start) -> None:
    """Test that a valid plan file replaces the plan only when the user asks."""
    at = start_app(plan="fr-industrie", lang="en", page="export")
    data = dump_plan(make_plan("en-team")).encode()
    at.file_uploader(key="export_file").upload("team.json", data, "application/json").run()
    assert plan_of(at).name != "Data Platform Guild launch"
    at.button(key="export_open").click().run()
    assert not at.exception
    assert plan_of(at) == make_plan("en-team")
