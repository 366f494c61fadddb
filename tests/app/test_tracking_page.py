"""The tracking page after launch: what to import, the health of each community, bad files."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from planner.forecast import forecast
from planner.i18n import translate
from planner.models import Plan, Snapshot
from planner.tracking.track import planned_members
from tests.app.conftest import APP, RAW_ID, ROOT, make_plan, page_text, shown

PAGE = "pages/tracking.py"
ACTUALS = ROOT / "sample_data" / "actuals"
#: Catalogue ids of the tracking domains, which the shared RAW_ID pattern does not know.
TRACKING_ID = re.compile(r"\b(?:trackpage|tracking|actuals)\.[a-z_]+(?:\.[a-z0-9_\-]+)*\b")


def with_actuals(plan: Plan, *, weeks: int = 8) -> Plan:
    """``plan`` with weekly readings after launch: the first community on course, the second
    stalled (few members, not one post), the others 30 % behind."""
    assert plan.launch_date is not None
    result = forecast(plan)
    communities = []
    for index, community in enumerate(plan.communities):
        populations = [p for p in result.populations if p.community_id == community.id]
        readings = []
        for week in range(weeks):
            day = plan.launch_date + timedelta(days=7 * (week + 1))
            planned = float(planned_members(populations, [day], plan.forecast.period_days)[0])
            if index == 0:
                members, posts, posters = int(planned * 1.05), 30 + week, 12
            elif index == 1:
                members, posts, posters = int(min(planned, 40) * 0.4), 0, 0
            else:
                members, posts, posters = int(planned * 0.7), 8, 4
            readings.append(Snapshot(date=day, members=members, posts=posts, posters=posters))
        communities.append(community.model_copy(update={"actuals": readings}))
    return plan.model_copy(update={"communities": communities})


def open_tracking(plan: Plan, lang: str) -> AppTest:
    """The workbook on ``plan`` in ``lang``, on the tracking page."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["plan"] = plan
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_texts(at: AppTest) -> list[str]:
    return [element.value for element in at.markdown]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_without_actuals_the_page_says_what_to_import_and_from_where(lang: str) -> None:
    """Test that a plan without actuals gets the sources explained and no health table."""
    at = open_tracking(make_plan("fr-industrie"), lang)
    text = page_text(at)
    assert at.title[0].value == translate("trackpage.title", lang)
    assert translate("trackpage.empty.sources", lang).split("\n")[0] in text
    assert "Microsoft 365" in text
    assert translate("trackpage.health.title", lang) not in [h.value for h in at.subheader]
    assert RAW_ID.findall(text) == []
    assert TRACKING_ID.findall(text) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_health_table_shows_the_stalled_community_critical(lang: str) -> None:
    """Test that the health table rates the stalled community critical, with reason and action."""
    plan = with_actuals(make_plan("fr-industrie"))
    stalled = plan.communities[1].name
    at = open_tracking(plan, lang)
    text = page_text(at)
    assert RAW_ID.findall(text) == []
    assert TRACKING_ID.findall(text) == []
    table = next(t for t in markdown_texts(at) if t.startswith("| "))
    rows = {shown(row).split(" | ")[0].strip("| *"): row for row in table.splitlines()[2:]}
    assert len(rows) == len(plan.communities)
    critical = translate("tracking.level.critical", lang)
    assert f":red-badge[:material/cancel: {critical}]" in rows[stalled]
    assert translate("tracking.level.ok", lang) in rows[plan.communities[0].name]
    # the health table is a table: one header, one row per community, five cells each
    assert all(shown(row).count(" | ") == 4 for row in rows.values())
    assert len(at.get("plotly_chart")) == len(plan.communities)


def test_more_than_six_communities_show_one_chart_at_a_time() -> None:
    """Test that a plan with many tracked communities draws one chart, chosen in a select box."""
    plan = make_plan("fr-industrie")
    extra = [
        c.model_copy(update={"id": f"{c.id}-{n}", "name": f"{c.name} {n}"})
        for n in range(2)
        for c in plan.communities
    ]
    plan = with_actuals(plan.model_copy(update={"communities": [*plan.communities, *extra]}))
    at = open_tracking(plan, "en")
    assert len(at.get("plotly_chart")) == 1
    choose = at.selectbox(key="tracking_chart_community")
    choose.set_value(plan.communities[4].id).run()
    assert not at.exception
    assert at.get("plotly_chart")[0].proto.id.endswith(f"tracking_chart_{plan.communities[4].id}")


def test_a_hostile_community_name_stays_literal() -> None:
    """Test that a community named in Markdown and HTML is shown as typed, escaped in the chart."""
    plan = with_actuals(make_plan("fr-industrie"))
    hostile = "**Bold** <b>x</b> :red[alarm] $1+1$ [link](http://example.com)"
    renamed = [plan.communities[0].model_copy(update={"name": hostile}), *plan.communities[1:]]
    at = open_tracking(plan.model_copy(update={"communities": renamed}), "en")
    table = next(t for t in markdown_texts(at) if t.startswith("| "))
    assert hostile in shown(table)
    assert "**Bold**" not in table  # every Markdown character escaped
    spec = at.get("plotly_chart")[0].proto.spec
    assert "<b>x" not in spec
    assert "&lt;b&gt;x&lt;" in spec  # Plotly's JSON writes the slash as \u002f


def test_a_bad_file_shows_its_line_and_leaves_the_plan_unchanged() -> None:
    """Test that a file with a bad line names the file and line, and the plan stays as it was."""
    plan = make_plan("fr-industrie")
    at = open_tracking(plan, "en")
    community = plan.communities[0].id
    data = (
        f"date,community,members,posts\n2027-03-22,{community},40,12\n2027-03-29,{community},-3,5\n"
    ).encode()
    at.file_uploader(key="tracking_files").upload("weekly.csv", data, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(shown(error.value) for error in at.error)
    assert "weekly.csv, line 3, members" in errors
    apply = at.button(key="tracking_apply")
    assert apply.disabled
    assert at.session_state["plan"] == plan
    assert "plan_id" not in at.session_state  # nothing stored: still the sample's preview


def test_a_good_file_is_previewed_then_applied_as_one_revision() -> None:
    """Test that a good weekly file is previewed, then saved with a note saying what it held."""
    plan = make_plan("fr-industrie")
    at = open_tracking(plan, "en")
    first, second = plan.communities[0].id, plan.communities[1].id
    data = (
        "date,community,members,posts\n"
        f"2027-03-22,{first},40,12\n"
        f"2027-03-29,{first},55,9\n"
        f"2027-03-22,{second},20,3\n"
    ).encode()
    at.file_uploader(key="tracking_files").upload("weekly.csv", data, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["plan"] == plan
    assert not at.error
    at.button(key="tracking_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    updated: Plan = at.session_state["plan"]
    assert [len(c.actuals) for c in updated.communities] == [2, 1, 0]
    note = translate("trackpage.note", "en", communities=2, snapshots=3)
    assert note == "Actuals imported: 2 communities, 3 snapshots"
    assert note in " ".join(s.value for s in at.success)
    assert translate("trackpage.health.title", "en") in [h.value for h in at.subheader]


def test_the_readiness_page_shows_the_after_launch_block_only_with_actuals() -> None:
    """Test that readiness lists each tracked community's level once actuals exist."""
    plain = AppTest.from_file(str(APP), default_timeout=30)
    plain.session_state["plan"] = make_plan("fr-industrie")
    plain.run()
    plain.switch_page("pages/readiness.py").run()
    title = translate("trackpage.readiness.title", "en")
    assert title not in page_text(plain)
    plan = with_actuals(make_plan("fr-industrie"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["plan"] = plan
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/readiness.py").run()
    assert not at.exception, [e.value for e in at.exception]
    block = next(
        m.value for m in at.markdown if m.value.startswith("- ") and ":red-badge" in m.value
    )
    assert shown(block).splitlines()[0].startswith("- :red-badge")  # critical first
    assert all(c.name in shown(block) for c in plan.communities)
    assert title in page_text(at)


def test_viva_groups_reports_ask_once_for_the_group_that_names_no_community() -> None:
    """Test that an unknown group gets a select box, and the match is kept by the plan."""
    plan = make_plan("fr-industrie")
    at = open_tracking(plan, "fr")
    files = sorted(ACTUALS.glob("viva-groups-*.csv"))
    uploader = at.file_uploader(key="tracking_files")
    for path in files:
        uploader.upload(path.name, path.read_bytes(), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="tracking_apply").disabled
    boxes = [box for box in at.selectbox if box.key and box.key.startswith("tracking_group_")]
    assert len(boxes) == 2
    by_label = {shown(box.label): box for box in boxes}
    targets = {"Maintenance": plan.communities[1].id, "Voix du client": plan.communities[2].id}
    for start, community in targets.items():
        label = next(label for label in by_label if f"«\u202f{start}" in label)
        by_label[label].set_value(community)
    at.run()
    assert not at.button(key="tracking_apply").disabled
    at.button(key="tracking_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    updated: Plan = at.session_state["plan"]
    assert all(c.actuals for c in updated.communities)
    assert updated.communities[1].network_group
    assert updated.communities[1].network_group.startswith("Maintenance")


def test_the_sample_figures_can_be_tried_and_show_the_stalled_community_critical() -> None:
    """Test that the sample's weekly figures load in the box, apply, and rate 'Voix du client'
    (stalled in the sample) critical."""
    plan = make_plan("fr-industrie")
    at = open_tracking(plan, "en")
    at.button(key="tracking_sample_use").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["plan"] == plan
    at.button(key="tracking_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(t for t in markdown_texts(at) if t.startswith("| "))
    stalled = next(row for row in table.splitlines() if "Voix du client" in shown(row))
    assert ":red-badge[:material/cancel: Critical]" in stalled
