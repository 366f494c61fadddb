"""Actuals import: the three formats from the sample files, the mapping, and every bad input."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.errors import PlanFileError, Problem
from planner.models import Plan, Snapshot
from planner.planfile import load_plan
from planner.tracking import viva
from planner.tracking.imports import (
    ACTUALS_FORMATS,
    MAX_ACTUALS_FILE_BYTES,
    ActualsImport,
    apply_actuals,
    read_actuals,
)
from planner.tracking.viva import week_end

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_data" / "actuals"
REPORTS = sorted(SAMPLES.glob("viva-groups-*.csv"))
MAPPING = {
    "Maintenance & Sécurité – Savoir-faire des ateliers": "maintenance-securite",
    "Voix du client (ventes & BE)": "voix-du-client",
}
WEEKLY_HEADER = "community_id,date,members,posts,posters,readers,reactions\n"


@pytest.fixture
def plan() -> Plan:
    return load_plan(ROOT / "sample_data" / "fr-industrie-plan.json")


@pytest.fixture
def english(plan: Plan) -> Plan:
    return Plan.model_validate({**plan.model_dump(), "language": "en"})


def _files(*paths: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


def _weekly(text: str, name: str = "weekly.csv") -> list[tuple[str, bytes]]:
    return [(name, (WEEKLY_HEADER + text).encode("utf-8"))]


def _messages(found: ActualsImport) -> list[str]:
    return [str(problem) for problem in found.problems]


def _refused(plan: Plan, found: ActualsImport, **options: object) -> list[str]:
    before = plan.model_dump()
    with pytest.raises(PlanFileError) as caught:
        apply_actuals(plan, found, **options)  # type: ignore[arg-type]
    assert plan.model_dump() == before
    return [str(problem) for problem in caught.value.problems]


def _actuals(plan: Plan) -> dict[str, list[Snapshot]]:
    return {c.id: c.actuals for c in plan.communities}


# --- The three formats, from the sample files ----------------------------------------------


def test_weekly_csv_round_trips_into_the_plan_and_reimporting_is_a_no_op(plan: Plan) -> None:
    """Test that weekly.csv becomes the communities' snapshots, figure for figure."""
    found = read_actuals(_files(SAMPLES / "weekly.csv"), plan)
    assert found.ok
    assert found.format == "weekly"
    assert found.notes == ()
    updated = apply_actuals(plan, found)
    with (SAMPLES / "weekly.csv").open(encoding="utf-8") as handle:
        expected: dict[str, list[Snapshot]] = defaultdict(list)
        for row in csv.DictReader(handle):
            figures = {k: int(v) for k, v in row.items() if k not in ("community_id", "date")}
            expected[row["community_id"]].append(
                Snapshot(date=date.fromisoformat(row["date"]), **figures)
            )
    assert _actuals(updated) == expected
    assert [c.network_group for c in updated.communities] == ["", "", ""]
    again = apply_actuals(updated, read_actuals(_files(SAMPLES / "weekly.csv"), updated))
    assert again == updated
    assert all(c.actuals == [] for c in plan.communities)


def test_weekly_xlsx_with_french_headers_and_names_says_the_same_as_the_csv(plan: Plan) -> None:
    """Test that the Excel table (names, French headers, date cells) reads like the CSV."""
    from_excel = read_actuals(_files(SAMPLES / "weekly.xlsx"), plan)
    from_csv = read_actuals(_files(SAMPLES / "weekly.csv"), plan)
    assert from_excel.ok
    assert from_excel.snapshots == from_csv.snapshots
    assert from_excel.rows[0].line == 2
    assert from_excel.groups["Maintenance et sécurité : le savoir-faire des ateliers"] == (
        "maintenance-securite"
    )


def test_groups_reports_need_the_mapping_once_then_match_by_network_group(plan: Plan) -> None:
    """Test that the mapped groups are kept in network_group and matched by it next time."""
    found = read_actuals(_files(*REPORTS), plan)
    assert found.format == "viva-groups"
    assert len(REPORTS) >= 6
    assert found.problems == ()
    assert found.unknown_groups == sorted(MAPPING)
    assert found.groups["Qualité terrain et amélioration continue"] == "qualite-terrain"
    assert not found.ok
    unmapped = _refused(plan, found)
    assert unmapped[0] == (
        "the group “Maintenance & Sécurité – Savoir-faire des ateliers” matches no community "
        "of this plan; map it to a community, or leave it out, before applying"
    )
    updated = apply_actuals(plan, found, mapping=MAPPING)
    groups = {c.id: c.network_group for c in updated.communities}
    assert groups == {"qualite-terrain": "", **{v: k for k, v in MAPPING.items()}}
    export = read_actuals(_files(SAMPLES / "network-export.zip"), updated)
    assert export.ok
    assert export.unknown_groups == []


def test_groups_reports_give_members_posts_and_likes_on_the_refresh_date(plan: Plan) -> None:
    """Test that each report row becomes a snapshot as the report says it, deleted groups aside."""
    found = read_actuals(_files(*REPORTS), plan, mapping=MAPPING)
    assert found.ok
    updated = apply_actuals(plan, found)
    expected: dict[str, list[Snapshot]] = defaultdict(list)
    for path in REPORTS:
        for row in csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            if row["Is Deleted"] == "False":
                community = MAPPING.get(row["Group Display Name"], "qualite-terrain")
                expected[community].append(
                    Snapshot(
                        date=date.fromisoformat(row["Report Refresh Date"]),
                        members=int(row["Member Count"]),
                        posts=int(row["Posted Count"]),
                        reactions=int(row["Liked Count"]),
                    )
                )
    assert _actuals(updated) == expected
    assert [str(note) for note in found.notes] == [
        f"{path.name}, line 5: the group “Pilote QRQC 2026” is deleted on the network: skipped"
        for path in REPORTS[:2]
    ]
    assert apply_actuals(updated, read_actuals(_files(*REPORTS), updated)) == updated


def test_network_export_counts_posts_and_posters_per_week_ending_on_sunday(plan: Plan) -> None:
    """Test that the export's messages become weekly posts and distinct posters, no members."""
    found = read_actuals(_files(SAMPLES / "network-export.zip"), plan, mapping=MAPPING)
    assert found.ok
    assert found.format == "viva-export"
    with zipfile.ZipFile(SAMPLES / "network-export.zip") as archive:
        text = archive.read("Messages.csv").decode("utf-8")
    posts: dict[tuple[str, date], int] = defaultdict(int)
    posters: dict[tuple[str, date], set[str]] = defaultdict(set)
    for row in csv.DictReader(io.StringIO(text)):
        if row["group_name"] and not row["deleted_at"]:
            key = (row["group_name"], week_end(date.fromisoformat(row["created_at"][:10])))
            posts[key] += 1
            posters[key].add(row["sender_id"])
    for row in found.rows:
        assert row.line == 0
        assert row.snapshot is not None
        assert row.snapshot.date.weekday() == 6
        assert row.snapshot.members is None
        assert row.snapshot.posts == posts.get((row.group, row.snapshot.date), 0)
        assert row.snapshot.posters == len(posters.get((row.group, row.snapshot.date), ()))
    stalled = [s.posts for s in found.snapshots["voix-du-client"]]
    assert stalled[-4:] == [0, 0, 0, 0]
    assert sum(stalled) > 0
    assert [str(note) for note in found.notes] == [
        "network-export.zip: 1 deleted message is not counted",
        "network-export.zip: 1 message outside any group (a private message) is not counted",
    ]


def test_the_three_formats_agree_so_they_merge_without_conflict(plan: Plan) -> None:
    """Test that weekly, reports and export merge field by field into the same snapshots."""
    weekly = apply_actuals(plan, read_actuals(_files(SAMPLES / "weekly.csv"), plan))
    merged = apply_actuals(weekly, read_actuals(_files(*REPORTS), weekly), mapping=MAPPING)
    merged = apply_actuals(merged, read_actuals(_files(SAMPLES / "network-export.zip"), merged))
    assert _actuals(merged) == _actuals(weekly)


def test_a_plan_without_the_snapshots_merges_only_missing_figures(plan: Plan) -> None:
    """Test that the export fills posts and posters beside members a report already gave."""
    updated = apply_actuals(plan, read_actuals(_files(*REPORTS), plan, mapping=MAPPING))
    updated = apply_actuals(updated, read_actuals(_files(SAMPLES / "network-export.zip"), updated))
    day = next(s for s in updated.communities[0].actuals if s.date == date(2027, 4, 11))
    assert day.members is not None
    assert day.posters is not None
    assert day.reactions is not None
    assert day.readers is None


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["weekly.csv"], "weekly"),
        (["weekly.xlsx"], "weekly"),
        ([path.name for path in REPORTS[:2]], "viva-groups"),
        (["network-export.zip"], "viva-export"),
    ],
)
def test_auto_tells_the_format_from_headers_and_zip(
    plan: Plan, names: list[str], expected: str
) -> None:
    """Test that the auto format reads each sample as its own format."""
    found = read_actuals(_files(*(SAMPLES / n for n in names)), plan, mapping=MAPPING)
    assert found.format == expected
    assert found.ok


def test_a_bare_messages_csv_reads_as_the_export(plan: Plan) -> None:
    """Test that Messages.csv taken out of the ZIP is read as the export too."""
    with zipfile.ZipFile(SAMPLES / "network-export.zip") as archive:
        data = archive.read("Messages.csv")
    found = read_actuals([("Messages.csv", data)], plan, fmt="viva-export", mapping=MAPPING)
    assert found.ok
    assert len(found.snapshots["qualite-terrain"]) == 9


def test_the_format_asked_for_must_be_the_files(plan: Plan) -> None:
    """Test that a weekly table read as the groups report is refused, naming what was expected."""
    found = read_actuals(_files(SAMPLES / "weekly.csv"), plan, fmt="viva-groups")
    assert _messages(found) == [
        "weekly.csv: the columns (community_id, date, members, posts, posters, readers, "
        "reactions) are not those of an actuals file; expected the Viva Engage groups activity "
        "report (columns Report Refresh Date, Group Display Name, Is Deleted, Member Count, "
        "Posted Count, Liked Count, Report Period)"
    ]
    with pytest.raises(ValueError, match="unknown actuals format 'csv'"):
        read_actuals([], plan, fmt="csv")
    assert ACTUALS_FORMATS[0] == "auto"


def test_mixing_formats_in_one_import_is_refused(plan: Plan) -> None:
    """Test that a report next to a weekly table is refused rather than half read."""
    found = read_actuals(_files(SAMPLES / "weekly.csv", REPORTS[0]), plan)
    assert _messages(found) == [
        f"{REPORTS[0].name}: this file is the Viva Engage groups activity report but the first "
        "file is a weekly actuals table; import one kind of file at a time"
    ]


# --- Mapping ----------------------------------------------------------------------------------


def test_names_match_without_case_accents_punctuation_or_spaces(plan: Plan) -> None:
    """Test that a loosely typed community name still matches its community."""
    found = read_actuals(
        [("w.csv", b"community,date,members\nVOIX DU CLIENT - ventes et bureau d'etudes,"
                   b"2027-04-04,9\n")],
        plan,
    )  # fmt: skip
    assert found.groups == {"VOIX DU CLIENT - ventes et bureau d'etudes": "voix-du-client"}


def test_a_group_mapped_to_nothing_is_left_out(plan: Plan) -> None:
    """Test that mapping a group to "" leaves it out instead of asking again."""
    data = _weekly("Afterwork Chalon,2027-04-04,40,,,,\nqualite-terrain,2027-04-04,50,,,,\n")
    found = read_actuals(data, plan, mapping={"Afterwork Chalon": ""})
    assert found.ok
    assert found.groups["Afterwork Chalon"] == ""
    assert found.rows[0].community_id is None
    updated = apply_actuals(plan, found)
    assert [len(c.actuals) for c in updated.communities] == [1, 0, 0]


def test_a_mapping_to_a_community_not_in_the_plan_is_a_problem(plan: Plan) -> None:
    """Test that a mapping naming an unknown community is refused with the known ones."""
    found = read_actuals(_weekly("x,2027-04-04,4,,,,\n"), plan, mapping={"x": "nope"})
    assert _messages(found) == [
        "the mapping sends “x” to “nope”, which is not a community of this plan; pick one of: "
        "maintenance-securite, qualite-terrain, voix-du-client"
    ]


# --- Bad input --------------------------------------------------------------------------------


def test_a_file_not_in_utf8_says_so(plan: Plan) -> None:
    """Test that a Latin-1 file is refused with the line and what to do."""
    data = (WEEKLY_HEADER + "qualité-terrain,2027-04-04,5,,,,\n").encode("latin-1")
    found = read_actuals([("weekly.csv", data)], plan)
    assert _messages(found) == [
        "weekly.csv: the file is not UTF-8 text (line 2); the Microsoft reports are UTF-8: "
        "download the report again, or save the file as CSV UTF-8"
    ]
    french = read_actuals([("weekly.csv", data)], plan, lang="fr")
    assert _messages(french) == [
        "weekly.csv: le fichier n’est pas du texte UTF-8 (ligne 2)\u202f; les rapports Microsoft "
        "sont en UTF-8\u00a0: téléchargez à nouveau le rapport, ou enregistrez le fichier en CSV "
        "UTF-8"
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolons_and_tabs_separate_columns_too(plan: Plan, delimiter: str) -> None:
    """Test that the delimiters Excel writes in French or as Unicode text are accepted."""
    text = "communauté;date;membres;publications\nqualite-terrain;04/04/2027;1 250;12\n"
    data = ("\ufeff" + text.replace(";", delimiter)).encode("utf-8")
    found = read_actuals([("releves.csv", data)], plan)
    assert found.ok
    assert found.snapshots == {
        "qualite-terrain": [Snapshot(date=date(2027, 4, 4), members=1250, posts=12)]
    }


def test_a_header_in_one_cell_names_the_delimiters(plan: Plan) -> None:
    """Test that a file separated by | is refused with the separators we take."""
    found = read_actuals([("w.csv", b"community|date|members\nx|2027-04-04|3\n")], plan)
    assert _messages(found) == [
        "w.csv: the header is a single column (“community|date|members”): separate the columns "
        "with commas, semicolons or tabs"
    ]


def test_a_file_from_another_report_names_what_was_expected(plan: Plan) -> None:
    """Test that a users list is refused with the three formats' columns."""
    found = read_actuals([("users.csv", b"Name,Email,Department\nA,a@example.com,R&D\n")], plan)
    assert _messages(found) == [
        "users.csv: the columns (Name, Email, Department) are not those of an actuals file; "
        "expected a weekly actuals table (columns community (or community_id), date, members, "
        "and optionally posts, posters, readers, reactions); the Viva Engage groups activity "
        "report (columns Report Refresh Date, Group Display Name, Is Deleted, Member Count, "
        "Posted Count, Liked Count, Report Period); the Viva Engage network data export (a ZIP "
        "holding Messages.csv, whose columns include group_id, group_name, sender_id, "
        "created_at, deleted_at)"
    ]


def test_a_weekly_table_without_members_names_the_columns(plan: Plan) -> None:
    """Test that the members column is required in the weekly table."""
    found = read_actuals([("w.csv", b"community,date,posts\nx,2027-04-04,3\n")], plan)
    assert _messages(found) == [
        "w.csv: the file lacks a needed column; expected columns community (or community_id), "
        "date, members, and optionally posts, posters, readers, reactions"
    ]


def test_unknown_groups_are_listed_not_problems(plan: Plan) -> None:
    """Test that an unknown community is for the user to map, and blocks applying until then."""
    found = read_actuals(_weekly("Atelier peinture,2027-04-04,4,,,,\n"), plan)
    assert found.problems == ()
    assert found.unknown_groups == ["Atelier peinture"]
    assert found.rows[0].snapshot == Snapshot(date=date(2027, 4, 4), members=4)
    assert _refused(plan, found, lang="fr") == [
        "le groupe «\u202fAtelier peinture\u202f» ne correspond à aucune communauté de ce "
        "plan\u202f; associez-le à une communauté, ou écartez-le, avant d’appliquer"
    ]
    assert apply_actuals(plan, found, mapping={"Atelier peinture": "voix-du-client"})


def test_two_readings_of_a_community_on_one_day_are_refused(plan: Plan) -> None:
    """Test that duplicate dates in the files point at both lines."""
    found = read_actuals(
        [
            *_weekly("qualite-terrain,2027-04-04,50,,,,\n"),
            ("more.csv", (WEEKLY_HEADER + "Qualité terrain,2027-04-04,50,,,,\n").encode()),
        ],
        plan,
    )
    assert _messages(found) == [
        "more.csv, line 2: Qualité terrain et amélioration continue already has a reading on "
        "April 4, 2027 (weekly.csv, line 2); keep one line per community and day"
    ]
    assert found.rows[1].snapshot is None
    assert found.rows[0].snapshot is not None
    _refused(plan, found)


def test_members_going_down_in_the_file_is_refused(plan: Plan) -> None:
    """Test that a member count below the previous week's names both figures."""
    found = read_actuals(
        _weekly("qualite-terrain,2027-04-04,50,,,,\nqualite-terrain,2027-04-11,45,,,,\n"), plan
    )
    assert _messages(found) == [
        "weekly.csv, line 3, members: members go down from 50 on April 4, 2027 to 45 on "
        "April 11, 2027; members are counted since launch and never go down: check the figure"
    ]


def test_members_going_down_against_the_plan_is_refused_at_read_and_apply(plan: Plan) -> None:
    """Test that the plan's own snapshots count: the file cannot go below them."""
    updated = apply_actuals(plan, read_actuals(_weekly("voix-du-client,2027-04-11,30,,,,\n"), plan))
    found = read_actuals(_weekly("voix-du-client,2027-04-18,20,,,,\n"), updated)
    assert [p.path for p in found.problems] == ["weekly.csv, line 2, members"]
    forced = ActualsImport("weekly", found.rows[:0], (), {})
    stale = read_actuals(_weekly("voix-du-client,2027-04-18,20,,,,\n"), plan)
    assert stale.ok
    assert apply_actuals(updated, forced) == updated
    assert _refused(updated, stale) == [
        "Voix du client\u00a0: ventes et bureau d’études, April 18, 2027: members go down from 30 "
        "on April 11, 2027 to 20 on April 18, 2027; members are counted since launch and never "
        "go down: check the figure"
    ]


def test_a_different_figure_on_a_day_the_plan_has_is_a_conflict(plan: Plan) -> None:
    """Test that apply names community, day, figure and both values, and changes nothing."""
    updated = apply_actuals(
        plan, read_actuals(_weekly("qualite-terrain,2027-04-04,50,8,,,\n"), plan)
    )
    stale = read_actuals(_weekly("qualite-terrain,2027-04-04,55,8,4,,\n"), plan)
    assert _refused(updated, stale) == [
        "Qualité terrain et amélioration continue, April 4, 2027: members: the plan has 50, the "
        "file says 55; correct the file or the plan"
    ]
    fresh = read_actuals(_weekly("qualite-terrain,2027-04-04,55,8,4,,\n"), updated)
    assert _messages(fresh) == [
        "weekly.csv, line 2: members: the plan has 50, the file says 55; correct the file or "
        "the plan"
    ]


def test_dates_outside_the_plan_are_refused(plan: Plan) -> None:
    """Test that a day before the start or 90 days past the end is refused; 90 days is fine."""
    end = plan.end_date
    assert end is not None
    late, last = end + timedelta(days=91), end + timedelta(days=90)
    found = read_actuals(
        _weekly(
            f"qualite-terrain,2026-12-31,1,,,,\nqualite-terrain,{late},90,,,,\n"
            f"qualite-terrain,{last},80,,,,\n"
        ),
        plan,
    )
    assert _messages(found) == [
        "weekly.csv, line 2: December 31, 2026 is before the plan starts (January 4, 2027); "
        "check the date",
        "weekly.csv, line 3: October 1, 2027 is more than 90 days after the end of the launch "
        "period (July 2, 2027); check the date",
    ]
    assert found.rows[2].snapshot == Snapshot(date=last, members=80)


def test_bad_cells_are_one_problem_each_with_line_and_column(english: Plan) -> None:
    """Test that counts, dates and empty figures are located by line and the file's header."""
    found = read_actuals(
        _weekly(
            "qualite-terrain,03/04/2027,5,,,,\nqualite-terrain,2027-04-11,1.5,x,,,\n"
            "qualite-terrain,soon,,,,,\n,2027-04-18,3,,,,\nqualite-terrain,2027-04-25,,,,,\n"
            "qualite-terrain,04/18/2027,-2,,,,\n"
        ),
        english,
    )
    assert _messages(found) == [
        "weekly.csv, line 2, date: 03/04/2027 could be March 4, 2027 or April 3, 2027; write "
        "the date as 2027-03-21",
        "weekly.csv, line 3, members: must be a whole number, e.g. 1,250",
        "weekly.csv, line 3, posts: must be a whole number, e.g. 1,250",
        "weekly.csv, line 4, date: must be a date like 2027-03-21",
        "weekly.csv, line 5, community_id: missing; fill it in",
        "weekly.csv, line 6, members: no figure on this line; give at least the members",
        "weekly.csv, line 7, members: must be at least 0",
    ]
    assert all(row.snapshot is None for row in found.rows)


def test_french_dates_and_numbers_follow_the_plan_language(plan: Plan) -> None:
    """Test that 04/05/2027 is 4 May in a French plan and 1 250 reads as 1250."""
    found = read_actuals(_weekly('qualite-terrain,04/05/2027,"1\u202f250",,,,\n'), plan, lang="fr")
    assert found.snapshots["qualite-terrain"] == [Snapshot(date=date(2027, 5, 4), members=1250)]
    bad = read_actuals(_weekly('qualite-terrain,2027-05-04,"12,5",,,,\n'), plan, lang="fr")
    assert _messages(bad) == [
        "weekly.csv, ligne 2, members: doit être un nombre entier, par exemple 1\u202f250"
    ]


def test_a_fifty_megabyte_file_is_refused_by_its_size_before_any_parsing(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test that an oversized file is refused by its size, and no reader ever sees it."""
    data = WEEKLY_HEADER.encode() + b"qualite-terrain,2027-04-04,5,,,,\n" * 1_600_000
    assert len(data) > 50 * 1024 * 1024

    def parsed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an oversized file reached a reader")

    for reader in ("read_table", "read_export"):
        monkeypatch.setattr(viva, reader, parsed)
    found = read_actuals([("huge.csv", data)], plan)
    assert _messages(found) == [
        f"huge.csv: the file is {len(data):,} bytes, over the {MAX_ACTUALS_FILE_BYTES:,}-byte "
        "limit for actuals; export a shorter period"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n \n", "the file is empty"),
        ("headers.csv", WEEKLY_HEADER.encode(), "the file has headers but no rows"),
        ("fake.xlsx", b"community,date\n", "the file cannot be read as an Excel workbook; save "
         "it again as .xlsx"),
        ("notes.pdf", b"%PDF-1.4", "notes.pdf is neither a CSV file, an Excel .xlsx workbook "
         "nor a ZIP network export"),
        ("export.zip", b"PK\x03\x04 not really", "the file is not a readable ZIP archive; "
         "download the network data export again"),
    ],
)  # fmt: skip
def test_unreadable_files_are_refused_with_their_name(
    plan: Plan, name: str, data: bytes, message: str
) -> None:
    """Test that empty, fake Excel, unknown and broken ZIP files each say what is wrong."""
    found = read_actuals([(name, data)], plan)
    assert found.problems == (Problem(name, message),)
    assert found.rows == ()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"Users.csv": b"id,name\n1,A\n"}, "the archive has no Messages.csv; export the network "
         "data again, with messages"),
        ({"../Messages.csv": b"id\n"}, "the archive holds a file with an unsafe path "
         "(../Messages.csv), so it is refused"),
        ({"Messages.csv": b"group_id," + b"0" * (4 << 20)}, "the archive unpacks to more than "
         "209,715,200 bytes; export a shorter date range"),
        ({"Messages.csv": b"id,body\n1,hello\n"}, "the columns (id, body) are not those of an "
         "actuals file; expected a ZIP holding Messages.csv, whose columns include group_id, "
         "group_name, sender_id, created_at, deleted_at"),
    ],
)  # fmt: skip
def test_bad_exports_are_refused(plan: Plan, entries: dict[str, bytes], message: str) -> None:
    """Test that a ZIP without messages, with odd paths, a bomb or other columns is refused."""
    found = read_actuals([("export.zip", _zip(entries))], plan)
    assert [p.message for p in found.problems] == [message]


def test_a_report_period_longer_than_the_gap_drops_the_activity(plan: Plan) -> None:
    """Test that a 30-day count a week after the previous reading is left out, with a note."""
    header = "Report Refresh Date,Group Display Name,Is Deleted,Member Count,Posted Count,"
    header += "Liked Count,Report Period\n"
    files = [
        ("a.csv", (header + "2027-04-04,Qualité terrain,False,50,10,4,7\n").encode()),
        ("b.csv", (header + "2027-04-11,Qualité terrain,False,60,40,9,30\n").encode()),
    ]
    found = read_actuals(files, plan)
    assert found.snapshots["qualite-terrain"] == [
        Snapshot(date=date(2027, 4, 4), members=50, posts=10, reactions=4),
        Snapshot(date=date(2027, 4, 11), members=60),
    ]
    assert [str(note) for note in found.notes] == [
        "b.csv, line 2: “Qualité terrain” on April 11, 2027: posts and reactions cover 30 days "
        "but the previous reading is 7 days before, so they are left out"
    ]
