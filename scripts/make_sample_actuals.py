"""Write the sample actuals of the French sample plan into ``sample_data/actuals/``.

Usage: python scripts/make_sample_actuals.py

Eight Sundays of readings, 2027-03-21 to 2027-05-16, computed from the plan's own forecast so
the story holds whatever the forecast parameters: "Qualité terrain" runs on or above its
forecast, "Maintenance et sécurité" slips to about −35 % with fewer and fewer posts, "Voix du
client" stalls (members flat, no post in the last four weeks). The same figures are written as
a weekly table (CSV and Excel), as one Viva Engage groups activity report per week from
2027-04-04, and as a network data export ZIP whose messages add up to the same posts and
posters. Deterministic: a seeded generator, fixed timestamps.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.forecast import forecast  # noqa: E402
from planner.planfile import load_plan  # noqa: E402
from planner.tracking.track import planned_members  # noqa: E402

OUT = ROOT / "sample_data" / "actuals"
WEEKS = [date(2027, 3, 21) + timedelta(days=7 * i) for i in range(9)]
FIRST_REPORT = date(2027, 4, 4)
#: The group of each community on the network, as the Viva Engage reports spell it.
GROUPS = {
    "qualite-terrain": ("Qualité terrain et amélioration continue", 101),  # the exact name
    "maintenance-securite": ("Maintenance & Sécurité – Savoir-faire des ateliers", 102),
    "voix-du-client": ("Voix du client (ventes & BE)", 103),
}
FIRST = "Camille Léa Hugo Inès Louis Chloé Jules Manon Nathan Sarah Théo Emma Lucas Jade Noah Zoé"
LAST = "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel"
BODIES = [
    "Retour du QRQC de ce matin : deux actions ouvertes.",
    "Quelqu'un a-t-il une fiche réflexe pour le changement de format ?",
    "Merci à l'équipe de nuit pour la remontée d'anomalie.",
    "Photo du nouveau tableau 5S en ligne 3.",
    "Rappel : causerie sécurité jeudi à 13 h 30.",
    "Question sur la gamme de maintenance du compresseur.",
    "Partage d'une bonne pratique de consignation.",
    "Le client a validé l'échantillon, bravo à tous.",
    "Compte rendu de la visite client de mardi.",
    "Besoin d'un avis sur une tolérance de plan.",
]


def story() -> dict[str, list[dict[str, int]]]:
    """Each community's figures per week, from the plan's forecast."""
    plan = load_plan(ROOT / "sample_data" / "fr-industrie-plan.json")
    fc = forecast(plan)
    rng = random.Random(2027)
    period = float(plan.forecast.period_days)
    planned = {
        c.id: planned_members([p for p in fc.populations if p.community_id == c.id], WEEKS, period)
        for c in plan.communities
    }
    shape = {
        "qualite-terrain": (
            [1.08 + 0.01 * i for i in range(9)],
            [8, 11, 13, 16, 18, 21, 22, 25, 27],
        ),
        "maintenance-securite": (
            [0.92 - 0.034 * i for i in range(9)],
            [9, 11, 10, 8, 7, 5, 4, 3, 2],
        ),
        "voix-du-client": (None, [2, 3, 2, 1, 1, 0, 0, 0, 0]),
    }
    flat = [4, 7, 9, 10, 10, 10, 10, 10, 10]
    figures: dict[str, list[dict[str, int]]] = {}
    for community_id, (ratios, posts) in shape.items():
        members = (
            flat
            if ratios is None
            else [round(f * r) for f, r in zip(planned[community_id], ratios, strict=True)]
        )
        rows = []
        for week, (count, post) in enumerate(zip(members, posts, strict=True)):
            posters = min(post, max(1, round(post * rng.uniform(0.45, 0.7)))) if post else 0
            readers = min(count, round(count * rng.uniform(0.45, 0.7)))
            reactions = round(post * rng.uniform(1.2, 2.0))
            rows.append(
                {
                    "week": week,
                    "members": count,
                    "posts": post,
                    "posters": posters,
                    "readers": readers,
                    "reactions": reactions,
                }
            )
        figures[community_id] = rows
    for community_id, rows in figures.items():
        gap = rows[-1]["members"] / planned[community_id][-1] - 1
        print(
            f"{community_id}: {rows[-1]['members']} members on {WEEKS[-1]} "
            f"against {planned[community_id][-1]:.0f} planned ({gap:+.0%})"
        )
    return figures


def write_weekly(figures: dict[str, list[dict[str, int]]], names: dict[str, str]) -> None:
    keys = ("members", "posts", "posters", "readers", "reactions")
    with (OUT / "weekly.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("community_id", "date", *keys))
        for community_id, rows in figures.items():
            for row in rows:
                writer.writerow(
                    (community_id, WEEKS[row["week"]].isoformat(), *(row[k] for k in keys))
                )
    book = Workbook()
    sheet = book.active
    sheet.title = "Relevés"
    sheet.append(
        ["Communauté", "Date", "Membres", "Publications", "Contributeurs", "Lecteurs", "Réactions"]
    )
    for community_id, rows in figures.items():
        for row in rows:
            sheet.append([names[community_id], WEEKS[row["week"]], *(row[k] for k in keys)])
            sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
    book.properties.created = book.properties.modified = datetime(2027, 5, 17, 8, 0)
    book.save(OUT / "weekly.xlsx")


REPORT_HEADERS = (
    "Report Refresh Date",
    "Group Display Name",
    "Is Deleted",
    "Owner Principal Name",
    "Last Activity Date",
    "Group Type",
    "Office 365 Connected",
    "Member Count",
    "Posted Count",
    "Read Count",
    "Liked Count",
    "Report Period",
)


def write_reports(figures: dict[str, list[dict[str, int]]]) -> None:
    owners = {
        "qualite-terrain": "camille.martin",
        "maintenance-securite": "hugo.bernard",
        "voix-du-client": "ines.durand",
    }
    for week, day in enumerate(WEEKS):
        if day < FIRST_REPORT:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(REPORT_HEADERS)
        for community_id, rows in figures.items():
            row = rows[week]
            active = [r for r in rows[: week + 1] if r["posts"]]
            last = WEEKS[active[-1]["week"]] - timedelta(days=2) if active else day
            writer.writerow(
                (
                    day.isoformat(),
                    GROUPS[community_id][0],
                    "False",
                    f"{owners[community_id]}@example.com",
                    last.isoformat(),
                    "Public",
                    "True",
                    row["members"],
                    row["posts"],
                    row["posts"] * row["readers"] // 2,
                    row["reactions"],
                    7,
                )
            )
        if week <= 3:  # a pilot group deleted after the launch still shows for a while
            writer.writerow(
                (
                    day.isoformat(),
                    "Pilote QRQC 2026",
                    "True",
                    "camille.martin@example.com",
                    "2027-03-12",
                    "Private",
                    "True",
                    0,
                    0,
                    0,
                    0,
                    7,
                )
            )
        (OUT / f"viva-groups-{day.isoformat()}.csv").write_bytes(
            buffer.getvalue().encode("utf-8-sig")
        )


def write_export(figures: dict[str, list[dict[str, int]]]) -> None:
    rng = random.Random(17)
    people = [(f, s) for s in LAST.split() for f in FIRST.split()]
    rng.shuffle(people)
    users = {1000 + i: person for i, person in enumerate(people[:90])}
    pools = {cid: list(users)[i * 30 : (i + 1) * 30] for i, cid in enumerate(figures)}
    messages = []
    message_id = 5000
    for community_id, rows in figures.items():
        name, group_id = GROUPS[community_id]
        for row in rows:
            senders = rng.sample(pools[community_id], row["posters"])
            for n in range(row["posts"]):
                sender = senders[n] if n < len(senders) else rng.choice(senders)
                moment = datetime.combine(
                    WEEKS[row["week"]] - timedelta(days=rng.randint(0, 6)), datetime.min.time()
                ) + timedelta(minutes=rng.randint(420, 1080))
                message_id += 1
                messages.append(
                    (moment, message_id, group_id, name, sender, rng.choice(BODIES), "")
                )
    moment = datetime(2027, 4, 7, 10, 5)
    messages.append(
        (
            moment,
            9001,
            101,
            GROUPS["qualite-terrain"][0],
            1000,
            "Message en double, supprimé.",
            "2027-04-07 10:09:12 UTC",
        )
    )
    messages.append((moment, 9002, "", "", 1001, "Message privé à une collègue.", ""))
    messages.sort()
    stamp = "%Y-%m-%d %H:%M:%S UTC"
    headers = (
        "id",
        "replied_to_id",
        "thread_id",
        "conversation_id",
        "group_id",
        "group_name",
        "participants",
        "in_private_group",
        "in_private_conversation",
        "sender_id",
        "sender_type",
        "sender_name",
        "sender_email",
        "body",
        "api_url",
        "attachments",
        "deleted_by_id",
        "deleted_by_type",
        "created_at",
        "deleted_at",
    )
    rows = []
    for moment, mid, group_id, group, sender, body, deleted in messages:
        first, last = users[sender]
        rows.append(
            (
                mid,
                "",
                mid,
                "",
                group_id,
                group,
                "",
                "false",
                "true" if not group_id else "false",
                sender,
                "user",
                f"{first} {last}",
                _email(first, last),
                body,
                f"https://www.yammer.com/api/v1/messages/{mid}",
                "",
                1000 if deleted else "",
                "user" if deleted else "",
                moment.strftime(stamp),
                deleted,
            )
        )
    groups = [
        (
            gid,
            name,
            "",
            "false",
            "false",
            f"https://www.yammer.com/example.com/groups/{gid}",
            1000,
            "2027-02-15 09:00:00 UTC",
            "2027-03-15 09:00:00 UTC",
        )
        for name, gid in GROUPS.values()
    ]
    user_rows = [
        (
            uid,
            f"{f} {s}",
            _email(f, s),
            "",
            "Chalon-sur-Saône",
            "",
            "",
            "",
            "",
            "2027-02-20 08:00:00 UTC",
            "",
            "",
            "",
            "",
            "",
            "active",
        )
        for uid, (f, s) in users.items()
    ]
    with zipfile.ZipFile(OUT / "network-export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "Messages.csv", headers, rows)
        _add(
            archive,
            "Groups.csv",
            (
                "id",
                "name",
                "description",
                "private",
                "external",
                "url",
                "creator_id",
                "created_at",
                "updated_at",
            ),
            groups,
        )
        _add(
            archive,
            "Users.csv",
            (
                "id",
                "name",
                "email",
                "job_title",
                "location",
                "department",
                "api_url",
                "deleted_by_id",
                "deleted_by_type",
                "joined_at",
                "deleted_at",
                "suspended_by_id",
                "suspended_by_type",
                "suspended_at",
                "guid",
                "state",
            ),
            user_rows,
        )


def _email(first: str, last: str) -> str:
    plain = first.translate(str.maketrans("éèëïô", "eeeio")).lower()
    return f"{plain}.{last.lower()}@example.com"


def _add(
    archive: zipfile.ZipFile, name: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    info = zipfile.ZipInfo(name, date_time=(2027, 5, 17, 8, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, buffer.getvalue().encode("utf-8"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    plan = load_plan(ROOT / "sample_data" / "fr-industrie-plan.json")
    figures = story()
    write_weekly(figures, {c.id: c.name.replace("\xa0", " ") for c in plan.communities})
    write_reports(figures)
    write_export(figures)


if __name__ == "__main__":
    main()
