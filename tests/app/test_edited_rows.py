"""The grid's edit state applied to the plan's rows, as the grid callbacks save it."""

from __future__ import annotations

from planner.planfile import load_plan
from planner.tables import apply_rows, table_rows
from tests.app.conftest import SAMPLES
from workbook.grids import edited_rows

SAMPLE_PLAN = SAMPLES["fr-industrie"]


def test_edits_additions_and_deletions_apply_as_the_grid_shows_them() -> None:
    """Test that a changed cell, a new row and a deleted row give the rows the grid showed."""
    plan = load_plan(SAMPLE_PLAN)
    rows = table_rows(plan, "sponsor_actions")
    state = {
        "edited_rows": {"0": {"description": "Nouveau texte"}},
        "added_rows": [
            {
                "sponsor": rows[0]["sponsor"],
                "kind": rows[0]["kind"],
                "description": "Ajoutée",
                "date": "2027-04-01",
            }
        ],
        "deleted_rows": [1],
    }

    result = edited_rows(plan, "sponsor_actions", state)

    assert len(result) == len(rows)  # one added, one deleted
    assert result[0] == {**rows[0], "description": "Nouveau texte"}
    assert result[1:-1] == rows[2:]
    assert result[-1]["description"] == "Ajoutée"
    updated = apply_rows(plan, "sponsor_actions", result, lang="fr")
    texts = [action.description for sponsor in updated.sponsors for action in sponsor.actions]
    assert "Nouveau texte" in texts
    assert "Ajoutée" in texts
    assert rows[1]["description"] not in texts


def test_an_empty_state_gives_the_plan_rows_unchanged() -> None:
    """Test that no edits give back exactly the plan's rows, so nothing is saved."""
    plan = load_plan(SAMPLE_PLAN)
    rows = edited_rows(plan, "communities", {})
    assert rows == table_rows(plan, "communities")
    assert apply_rows(plan, "communities", rows, lang="fr") == plan
