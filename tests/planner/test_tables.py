"""Flat tables of a plan: rows round-trip, bad rows name their row and column, files import."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from planner.errors import PlanFileError
from planner.models import Plan
from planner.planfile import load_plan
from planner.tables import (
    TABLES,
    apply_rows,
    column_label,
    inspect_table_file,
    read_table_file,
    slugify,
    table_columns,
    table_rows,
    update_plan,
)

SAMPLES = sorted((Path(__file__).parents[2] / "sample_data").glob("*.json"))


@pytest.fixture(scope="module")
def french_plan() -> Plan:
    """The French sample plan: three communities, nine populations, three sponsors."""
    return load_plan(Path(__file__).parents[2] / "sample_data" / "fr-industrie-plan.json")


def _problems(exc: pytest.ExceptionInfo[PlanFileError]) -> list[str]:
    return [str(problem) for problem in exc.value.problems]


# --- plan → rows → plan ----------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_rows_of_a_table_give_back_the_same_plan(sample: Path, table: Any) -> None:
    """Test that plan → rows → plan is the identity for every table of every sample plan."""
    plan = load_plan(sample)
    rows = table_rows(plan, table)
    assert apply_rows(plan, table, rows, lang="en") == plan


@pytest.mark.parametrize("table", TABLES)
def test_rows_have_exactly_the_table_columns(french_plan: Plan, table: Any) -> None:
    """Test that every row carries the keys of the table's columns, in order."""
    keys = [column.key for column in table_columns(table)]
    rows = table_rows(french_plan, table)
    assert rows
    assert all(list(row) == keys for row in rows)


def test_populations_flatten_the_resistance_into_six_columns(french_plan: Plan) -> None:
    """Test that the six brakes are six plain columns of the populations table."""
    row = table_rows(french_plan, "populations")[1]
    assert row["community"] == "qualite-terrain"
    assert row["headcount"] == 220
    assert row["wave_date"] == date(2027, 3, 15)
    assert row["workload"] == 3


def test_applying_rows_leaves_the_original_plan_untouched(french_plan: Plan) -> None:
    """Test that apply_rows returns a new plan and never mutates its input."""
    before = french_plan.model_dump_json()
    rows = table_rows(french_plan, "communities")
    rows[0]["totem_subject"] = "Un autre sujet"
    updated = apply_rows(french_plan, "communities", rows, lang="fr")
    assert updated.communities[0].totem_subject == "Un autre sujet"
    assert french_plan.model_dump_json() == before


# --- edits -----------------------------------------------------------------------------------


def test_grid_cells_are_normalised(french_plan: Plan) -> None:
    """Test that NaN, blank texts and numpy-like values from a grid read as empty or plain."""
    rows = table_rows(french_plan, "populations")
    rows[0]["criteria"] = float("nan")
    rows[0]["name"] = "  Pilotes QRQC  "
    updated = apply_rows(french_plan, "populations", rows, lang="en")
    population = updated.communities[0].populations[0]
    assert population.criteria == ""
    assert population.name == "Pilotes QRQC"


def test_a_new_row_gets_an_id_made_from_its_name(french_plan: Plan) -> None:
    """Test that new rows without an id get a unique slug of their name."""
    rows = table_rows(french_plan, "communities")
    rows.append({"name": "Qualité terrain — Lyon"})
    rows.append({"name": "Qualité terrain — Lyon"})
    rows.append({"name": "???"})
    updated = apply_rows(french_plan, "communities", rows, lang="en")
    assert [c.id for c in updated.communities[3:]] == [
        "qualite-terrain-lyon",
        "qualite-terrain-lyon-2",
        "community",
    ]


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(french_plan: Plan) -> None:
    """Test that a blank row is ignored and later rows are still numbered as the user sees them."""
    rows: list[dict[str, Any]] = table_rows(french_plan, "objectives")
    rows.insert(0, dict.fromkeys(rows[0]))
    rows[4]["target"] = "beaucoup"
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "objectives", rows, lang="en")
    assert _problems(exc) == ["objectives, row 5, Target: must be a number, e.g. 2.5"]


def test_renaming_a_community_keeps_what_hangs_below_it(french_plan: Plan) -> None:
    """Test that a changed id is a rename: populations stay and sponsor actions follow."""
    rows = table_rows(french_plan, "communities")
    rows[1]["id"] = "maintenance"
    updated = apply_rows(french_plan, "communities", rows, lang="en")
    assert updated.communities[1].populations == french_plan.communities[1].populations
    old_targets = [a.community_id for s in french_plan.sponsors for a in s.actions].count(
        "maintenance-securite"
    )
    new_targets = [a.community_id for s in updated.sponsors for a in s.actions]
    assert old_targets > 0
    assert new_targets.count("maintenance") == old_targets
    assert "maintenance-securite" not in new_targets


def test_deleting_a_community_sends_its_sponsor_actions_to_the_whole_launch(
    french_plan: Plan,
) -> None:
    """Test that actions aimed at a deleted community then count for the whole launch."""
    rows = [row for row in table_rows(french_plan, "communities") if row["id"] != "voix-du-client"]
    updated = apply_rows(french_plan, "communities", rows, lang="en")
    assert [c.id for c in updated.communities] == ["qualite-terrain", "maintenance-securite"]
    actions = [a for s in updated.sponsors for a in s.actions]
    assert len(actions) == sum(len(s.actions) for s in french_plan.sponsors)
    assert all(a.community_id != "voix-du-client" for a in actions)


def test_renaming_a_population_moves_its_ambassadors(french_plan: Plan) -> None:
    """Test that ambassadors follow their population when its id changes."""
    rows = table_rows(french_plan, "populations")
    rows[0]["id"] = "pilotes"
    updated = apply_rows(french_plan, "populations", rows, lang="en")
    served = {a.population_id for a in updated.communities[0].ambassadors}
    assert "pilotes" in served
    assert "qrqc-chalon" not in served


def test_references_accept_names_as_well_as_ids(french_plan: Plan) -> None:
    """Test that a community or population cell may hold the name instead of the id."""
    rows = table_rows(french_plan, "ambassadors")
    rows.append(
        {
            "community": "Qualité terrain et amélioration continue",
            "name": "Nouvel Ambassadeur",
            "population": "Chefs d’équipe de production des quatre usines",
        }
    )
    updated = apply_rows(french_plan, "ambassadors", rows, lang="fr")
    added = updated.communities[0].ambassadors[-1]
    assert (added.id, added.population_id) == ("nouvel-ambassadeur", "chefs-equipe")


def test_sponsor_actions_are_grouped_under_their_sponsor(french_plan: Plan) -> None:
    """Test that an action row moves to the sponsor it names."""
    rows = table_rows(french_plan, "sponsor_actions")
    first_sponsor, second_sponsor = french_plan.sponsors[0].id, french_plan.sponsors[1].id
    rows[0]["sponsor"] = second_sponsor
    updated = apply_rows(french_plan, "sponsor_actions", rows, lang="en")
    assert len(updated.sponsors[0].actions) == len(french_plan.sponsors[0].actions) - 1
    assert first_sponsor != second_sponsor
    assert french_plan.sponsors[0].actions[0] in updated.sponsors[1].actions


# --- bad rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "populations, row 3, Headcount: must be > 0"),
        ("fr", "populations, ligne 3, Effectif: doit être strictement supérieur à 0"),
    ],
)
def test_a_bad_cell_is_named_by_table_row_and_column(
    french_plan: Plan, lang: str, expected: str
) -> None:
    """Test that a negative headcount names the table, the row and the column, in the language."""
    rows = table_rows(french_plan, "populations")
    rows[2]["headcount"] = -5
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "populations", rows, lang=lang)
    assert _problems(exc) == [expected]


def test_every_bad_cell_is_reported(french_plan: Plan) -> None:
    """Test that all bad cells of all rows are reported at once, resistance columns included."""
    rows = table_rows(french_plan, "populations")
    rows[0]["workload"] = 5
    rows[4]["wave_date"] = "someday"
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "populations", rows, lang="en")
    assert _problems(exc) == [
        "populations, row 1, Workload: must be at most 3",
        "populations, row 5, Wave date: must be a date like 2027-01-15",
    ]


def test_an_unknown_community_is_refused_with_the_choices(french_plan: Plan) -> None:
    """Test that a child row naming no known community says which ones exist."""
    rows = table_rows(french_plan, "rituals")
    rows[1]["community"] = "atlantis"
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "rituals", rows, lang="en")
    assert _problems(exc) == [
        "rituals, row 2, Community: there is no community “atlantis”; pick one of "
        "qualite-terrain, maintenance-securite, voix-du-client"
    ]


def test_a_single_community_is_the_default(french_plan: Plan) -> None:
    """Test that with one community, a row without one belongs to it."""
    plan = apply_rows(
        french_plan, "communities", table_rows(french_plan, "communities")[:1], lang="en"
    )
    rows = [*table_rows(plan, "benefits"), {"benefit": "Du temps gagné"}]
    assert apply_rows(plan, "benefits", rows, lang="en").communities[0].benefits[-1] == (
        "Du temps gagné"
    )


def test_an_ambassador_of_an_unknown_population_is_refused(french_plan: Plan) -> None:
    """Test that the model's cross-field rule is reported on the ambassadors row and column."""
    rows = table_rows(french_plan, "ambassadors")
    rows[0]["population"] = "nobody"
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "ambassadors", rows, lang="en")
    (problem,) = exc.value.problems
    assert problem.path == "ambassadors, row 1, Population"
    assert problem.message.startswith("there is no population “nobody” in this community")


def test_deleting_a_served_population_is_reported_on_the_ambassadors(french_plan: Plan) -> None:
    """Test that a problem caused in another table names that table's row."""
    rows = table_rows(french_plan, "populations")[1:]
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "populations", rows, lang="en")
    assert {p.path for p in exc.value.problems} == {
        "ambassadors, row 1, Population",
        "ambassadors, row 2, Population",
    }


def test_a_missing_required_cell_is_reported(french_plan: Plan) -> None:
    """Test that an action without a date is refused, naming its row and column."""
    rows = table_rows(french_plan, "sponsor_actions")
    rows[3]["date"] = None
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "sponsor_actions", rows, lang="en")
    assert _problems(exc) == ["sponsor actions, row 4, Date: is required"]


# --- settings --------------------------------------------------------------------------------


def test_update_plan_changes_one_setting_and_keeps_the_others(french_plan: Plan) -> None:
    """Test that a mapping updates only the given keys of a settings object."""
    updated = update_plan(french_plan, {"forecast": {"p": 0.05}}, lang="en")
    assert updated.forecast.p == 0.05
    assert updated.forecast.q == french_plan.forecast.q


def test_update_plan_reports_bad_dates_by_field(french_plan: Plan) -> None:
    """Test that an impossible date order is refused with the field's path."""
    with pytest.raises(PlanFileError) as exc:
        update_plan(french_plan, {"end_date": date(2026, 1, 1)}, lang="en")
    assert [p.path for p in exc.value.problems] == ["end_date"]


def test_slugify_makes_ascii_ids() -> None:
    """Test that accents, dashes and spaces turn into a plain id."""
    assert slugify("Équipe qualité – Lyon") == "equipe-qualite-lyon"
    assert slugify("!!!", fallback="item") == "item"


# --- files -----------------------------------------------------------------------------------


def _csv(text: str, *, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def test_csv_with_semicolons_bom_and_french_headers() -> None:
    """Test that a French spreadsheet export (BOM, ';', decimal comma, dd/mm/yyyy) reads well."""
    data = _csv(
        "Communauté;Nom;Critères;Effectif;Date de la vague;Charge de travail\n"
        "qualite-terrain;Régleurs de Lyon;Tous les régleurs;1 500;12/01/2027;2\n"
        "qualite-terrain;Chefs d’équipe;;48;2027-02-01;\n",
        bom=True,
    )
    rows = read_table_file(data, "populations.csv", "populations", lang="fr")
    assert rows[0]["headcount"] == 1500
    assert rows[0]["wave_date"] == date(2027, 1, 12)
    assert rows[0]["workload"] == 2
    assert rows[1]["criteria"] is None
    assert rows[1]["name"] == "Chefs d’équipe"


def test_csv_with_commas_and_english_headers_or_keys() -> None:
    """Test that English headers and raw column keys are both understood."""
    data = _csv(
        "community,name,population_id,hours_per_week,training_date,email\n"
        'data-guild,Ana,analysts,"2,5",2027-03-01,ana@example.com\n'
    )
    rows = read_table_file(data, "ambassadors.csv", "ambassadors", lang="en")
    assert rows == [
        {
            "community": "data-guild",
            "id": None,
            "name": "Ana",
            "population": "analysts",
            "hours_per_week": 2.5,
            "training_date": date(2027, 3, 1),
        }
    ]


def test_choices_may_be_written_in_either_language() -> None:
    """Test that a role or a kind may be its French or English name."""
    data = _csv("Rôle;Personne\nResponsable communication;Léa\nIT administrator;Ben\n")
    rows = read_table_file(data, "team.csv", "core_team", lang="fr")
    assert [row["role"] for row in rows] == ["communication", "it_admin"]


def test_bad_lines_are_named_by_line_and_column() -> None:
    """Test that each bad cell is reported as 'line N, column: problem' in the language."""
    data = _csv(
        "Community,Name,Headcount,Wave date,Workload\n"
        "c,Good,10,2027-01-01,1\n"
        "c,Bad,-3,2027-13-01,7\n"
    )
    with pytest.raises(PlanFileError) as exc:
        read_table_file(data, "p.csv", "populations", lang="en")
    assert _problems(exc) == [
        "line 3, Headcount: must be > 0",
        "line 3, Wave date: must be a date like 2027-01-15",
        "line 3, Workload: must be at most 3",
    ]


def test_the_preview_keeps_rows_next_to_their_problems() -> None:
    """Test that inspecting a file gives the rows and the problems before anything changes."""
    data = _csv("Communauté;Nom;Effectif\nc;A;dix\nc;B;12\n")
    preview = inspect_table_file(data, "p.csv", "populations", lang="fr")
    assert [row["name"] for row in preview.rows] == ["A", "B"]
    assert preview.lines == [2, 3]
    assert [str(p) for p in preview.problems] == [
        "ligne 2, Effectif: doit être un nombre entier, par exemple 12"
    ]


def test_cells_with_control_or_bidi_characters_are_named_by_line() -> None:
    """Test that a bidi override or a line break in a name cell is refused at its line."""
    data = _csv('Community,Name,Criteria\nc,Q\u202eA,x\nc,"Two\nlines","Sites:\n\tLyon"\n')
    with pytest.raises(PlanFileError) as exc:
        read_table_file(data, "p.csv", "populations", lang="en")
    bidi, line_break = _problems(exc)
    assert bidi == (
        "line 2, Name: character 2 is a bidirectional control character (U+202E); remove it"
    )
    # The line named for a record spread over several lines is the reader's business.
    assert line_break.endswith(
        ", Name: character 4 is a line break (U+000A); this field holds a single line: "
        "replace it with a space"
    )


def test_grid_rows_with_a_control_character_are_refused(french_plan: Plan) -> None:
    """Test that an edited grid row with an escape sequence leaves the plan untouched."""
    rows = table_rows(french_plan, "populations")
    rows[0]["name"] = "a\x1b[31mred"
    with pytest.raises(PlanFileError) as exc:
        apply_rows(french_plan, "populations", rows, lang="fr")
    assert _problems(exc) == [
        "populations, ligne 1, Nom: le caractère 2 est un caractère de contrôle (U+001B)\u202f; "
        "supprimez-le"
    ]


def test_a_missing_column_is_named() -> None:
    """Test that a file without a needed column says which one, with its header."""
    data = _csv("Name;Headcount\nA;12\n")
    with pytest.raises(PlanFileError) as exc:
        read_table_file(data, "p.csv", "populations", lang="en")
    assert _problems(exc) == [
        "the file has no column “Community”; add it, with the header of the template"
    ]


def test_a_default_community_fills_a_file_without_one() -> None:
    """Test that the chosen community applies to rows that name none."""
    data = _csv("Name;Headcount\nA;12\n")
    rows = read_table_file(data, "p.csv", "populations", lang="en", default_community="c1")
    assert rows[0]["community"] == "c1"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("p.pdf", b"%PDF", "p.pdf is neither a CSV file nor an Excel .xlsx file"),
        ("p.csv", b"", "the file is empty"),
        (
            "p.csv",
            b"Name\n\xff\xfe",
            "the file is not UTF-8 text (line 2); save it again as CSV UTF-8",
        ),
        (
            "p.xlsx",
            b"not a workbook",
            "the file cannot be read as an Excel workbook; save it again as .xlsx",
        ),
        ("p.csv", b"Community;Name\n", "the file has headers but no rows"),
    ],
)
def test_unreadable_files_are_refused_clearly(name: str, data: bytes, expected: str) -> None:
    """Test that a file that cannot be read gets one clear message."""
    with pytest.raises(PlanFileError) as exc:
        read_table_file(data, name, "populations", lang="en")
    assert _problems(exc) == [expected]


def test_an_excel_workbook_is_read(french_plan: Plan) -> None:
    """Test that an .xlsx made with openpyxl, with dates and numbers as cells, reads back."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column_label("community", "fr"), "Nom", "Population", "Date de formation"])
    sheet.append(["qualite-terrain", "Inès", "chefs-equipe", date(2027, 3, 1)])
    sheet.append(["qualite-terrain", "Paul", "chefs-equipe", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_table_file(buffer.getvalue(), "ambassadeurs.xlsx", "ambassadors", lang="fr")
    assert [(row["name"], row["training_date"]) for row in rows] == [
        ("Inès", date(2027, 3, 1)),
        ("Paul", None),
    ]
    updated = apply_rows(
        french_plan, "ambassadors", table_rows(french_plan, "ambassadors") + rows, lang="fr"
    )
    assert [a.id for a in updated.communities[0].ambassadors[-2:]] == ["ines", "paul"]
