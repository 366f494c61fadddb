"""The workbook and the plan store: autosave, the plan in the URL, conflicts, history, files.

Each test gets its own SQLite file through ``TOTEM_DATABASE_URL``; the app's cached store is
cleared around each test so it opens that file.
"""

from __future__ import annotations

import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from planner.i18n import translate
from planner.models import Plan
from planner.planfile import dump_plan
from planner.store import PlanStore
from tests.app.conftest import APP, make_plan, page_text, shown


def session(plan_id: str | None = None, *, lang: str = "en") -> AppTest:
    """A new browser session on ``?plan=plan_id``, run once.

    Without an id: a newcomer who has made the French sample their own plan (stored as its
    first revision), as the start page's preview does at the first change.
    """
    if plan_id is None:
        with PlanStore(os.environ["TOTEM_DATABASE_URL"]) as store:
            plan_id = store.create(make_plan("fr-industrie"), author="workbook", note="").plan_id
    at = AppTest.from_file(str(APP), default_timeout=30)
    if plan_id is not None:
        at.query_params["plan"] = plan_id
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plan_of(at: AppTest) -> Plan:
    plan: Plan = at.session_state["plan"]
    return plan


def set_organisation(at: AppTest, value: str) -> None:
    """Type a new organisation on the plan page, as a user does."""
    at.text_input(key="plan_organisation").set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]


def plans_page(at: AppTest) -> AppTest:
    at.switch_page("pages/plans.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


def test_a_first_visit_stores_nothing_and_a_previewed_sample_is_stored_at_its_first_edit(
    store: PlanStore,
) -> None:
    """Test that the start page and a sample's preview store nothing until the first edit."""
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert [t.value for t in at.title] == [en("ui.start.title")]
    at.button(key="start_sample_fr-industrie").click().run()
    assert not at.exception
    assert "plan_id" not in at.session_state
    assert "plan" not in at.query_params
    assert "Préparation globale" in page_text(at)  # the scorecard is there
    assert store.list_plans() == []

    at.text_input(key="plan_organisation").set_value("Ardelys – Lyon").run()
    assert not at.exception
    plan_id = at.session_state["plan_id"]
    assert at.query_params["plan"] == plan_id
    assert [info.id for info in store.list_plans()] == [plan_id]
    stored = store.latest(plan_id)
    assert stored.number == 1
    assert stored.plan == make_plan("fr-industrie").model_copy(
        update={"organisation": "Ardelys – Lyon"}
    )
    assert at.session_state["base_revision"] == 1


def test_an_edit_saves_a_revision_that_a_new_session_reopens(store: PlanStore) -> None:
    """Test that an edit is saved at once and a refresh (?plan=ID) shows it."""
    at = session()
    plan_id = at.session_state["plan_id"]
    set_organisation(at, "Ardelys – Lyon")
    history = store.history(plan_id)
    assert [r.number for r in history] == [2, 1]
    assert history[0].author == "workbook"
    assert history[0].note == "plan"
    assert store.latest(plan_id).plan.organisation == "Ardelys – Lyon"
    assert at.session_state["base_revision"] == 2
    assert ":material/cloud_done: All changes saved" in [c.value for c in at.sidebar.caption]

    again = session(plan_id)
    assert again.session_state["plan_id"] == plan_id
    assert plan_of(again).organisation == "Ardelys – Lyon"
    assert again.text_input(key="plan_organisation").value == "Ardelys – Lyon"


def test_sessions_stay_isolated_and_an_unknown_link_says_so_on_the_start_page(
    store: PlanStore,
) -> None:
    """Test that two newcomers get two plans, and a stale link says so and stores nothing."""
    first, second = session(), session()
    assert first.session_state["plan_id"] != second.session_state["plan_id"]
    count = len(store.list_plans())
    stale = session("0" * 32)
    assert "plan" not in stale.session_state
    assert en("ui.store.link_missing") in [i.value for i in stale.info]
    assert [t.value for t in stale.title] == [en("ui.start.title")]
    assert len(store.list_plans()) == count


def test_the_author_name_goes_into_the_history(store: PlanStore) -> None:
    """Test that the name typed in the sidebar labels the next revisions."""
    at = session()
    at.sidebar.text_input(key="app_author").set_value("Ana").run()
    set_organisation(at, "Ardelys Nord")
    assert store.history(at.session_state["plan_id"])[0].author == "Ana"


def _conflicting_sessions(store: PlanStore) -> tuple[AppTest, AppTest, str]:
    mine = session()
    plan_id = mine.session_state["plan_id"]
    theirs = session(plan_id)
    theirs.sidebar.text_input(key="app_author").set_value("Bruno").run()
    set_organisation(theirs, "Their organisation")
    set_organisation(mine, "My organisation")
    return mine, theirs, plan_id


def test_a_conflicting_save_is_refused_and_named(store: PlanStore) -> None:
    """Test that the second save of the same revision writes nothing and says who won."""
    mine, _theirs, plan_id = _conflicting_sessions(store)
    assert store.latest(plan_id).plan.organisation == "Their organisation"
    assert [r.number for r in store.history(plan_id)] == [2, 1]
    warning = " ".join(w.value for w in mine.warning)
    assert "**Bruno** saved revision 2" in warning
    assert "revision 1" in warning
    assert plan_of(mine).organisation == "My organisation"  # not dropped either
    assert mine.button(key="store_reload_theirs")
    assert mine.button(key="store_keep_mine")


def test_reload_theirs_opens_the_latest_revision(store: PlanStore) -> None:
    """Test that "Reload theirs" drops my change and opens the newest revision."""
    mine, _theirs, plan_id = _conflicting_sessions(store)
    mine.button(key="store_reload_theirs").click().run()
    assert not mine.exception
    assert plan_of(mine).organisation == "Their organisation"
    assert mine.session_state["base_revision"] == 2
    assert mine.text_input(key="plan_organisation").value == "Their organisation"
    assert not mine.warning
    set_organisation(mine, "Agreed organisation")  # saves cleanly now
    assert store.latest(plan_id).number == 3


def test_keep_mine_stores_my_version_as_a_new_plan(store: PlanStore) -> None:
    """Test that "Keep mine as a copy" creates a plan from my version and switches the URL."""
    mine, _theirs, plan_id = _conflicting_sessions(store)
    mine.button(key="store_keep_mine").click().run()
    assert not mine.exception
    copy_id = mine.session_state["plan_id"]
    assert copy_id != plan_id
    assert mine.query_params["plan"] == copy_id
    copy = store.latest(copy_id).plan
    assert copy.organisation == "My organisation"
    assert copy.name == en("ui.store.copy_name", name=make_plan("fr-industrie").name)
    assert store.latest(plan_id).plan.organisation == "Their organisation"
    assert not mine.warning


def test_restoring_a_revision_adds_a_new_one(store: PlanStore) -> None:
    """Test that restore on the plans page appends the old state as the newest revision."""
    at = session()
    plan_id = at.session_state["plan_id"]
    set_organisation(at, "Second")
    set_organisation(at, "Third")
    plans_page(at)
    text = page_text(at)
    assert "plan details changed (1)" in text  # the store's change summary, rendered
    at.selectbox(key="plans_preview.en").select(1).run()
    at.button(key="plans_restore").click().run()
    assert not at.exception
    history = store.history(plan_id)
    assert history[0].number == 4
    assert history[0].kind == "restore"
    assert store.latest(plan_id).plan == make_plan("fr-industrie")
    assert plan_of(at) == make_plan("fr-industrie")
    assert at.session_state["base_revision"] == 4
    assert en("ui.plans.restored", number=1, new=4) in [s.value for s in at.success]


def test_a_plan_goes_to_the_bin_and_comes_back(store: PlanStore) -> None:
    """Test that delete moves another plan to the bin and recover brings it back."""
    at = session()
    first = at.session_state["plan_id"]
    at.sidebar.selectbox(key="app_plan_choice.en").select("new").run()
    at.sidebar.button(key="app_open").click().run()
    assert not at.exception
    assert at.session_state["plan_id"] != first
    plans_page(at)
    at.button(key=f"plans_delete_{first}").click().run()
    assert not at.exception
    assert [p.id for p in store.list_plans(include_deleted=True) if p.in_bin] == [first]
    at.button(key=f"plans_recover_{first}").click().run()
    assert not at.exception
    assert not [p for p in store.list_plans(include_deleted=True) if p.in_bin]
    at.button(key=f"plans_open_{first}").click().run()
    assert at.session_state["plan_id"] == first


def test_a_variant_is_a_new_plan_and_opens(store: PlanStore) -> None:
    """Test that "explore a variant" copies the plan into a new one and opens it."""
    at = plans_page(session())
    source = at.session_state["plan_id"]
    at.button(key=f"plans_duplicate_{source}").click().run()
    assert not at.exception
    variant = at.session_state["plan_id"]
    assert variant != source
    name = make_plan("fr-industrie").name
    assert store.latest(variant).plan.name == en("ui.plans.variant_name", name=name)


def test_a_bad_plan_file_lists_field_paths_and_changes_nothing(store: PlanStore) -> None:
    """Test that an uploaded plan file with bad fields is refused field by field, in French."""
    at = plans_page(session(lang="fr"))
    before, revisions = plan_of(at), store.count_revisions()
    document = json.loads(dump_plan(make_plan("en-team")))
    document["communities"][0]["populations"][0]["headcount"] = 0
    document["end_date"] = "demain"
    data = json.dumps(document).encode()
    at.file_uploader(key="plans_file").upload("plan.json", data, "application/json").run()
    assert not at.exception
    errors = " ".join(shown(error.value) for error in at.error)
    assert "communities[0].populations[0].headcount\u00a0: doit être strictement" in errors
    assert "end_date" in errors
    assert not [b for b in at.button if b.key == "plans_import"]
    assert plan_of(at) == before
    assert store.count_revisions() == revisions


def test_a_too_large_plan_file_says_the_limit(store: PlanStore) -> None:
    """Test that a file over the size limit is refused with the size message."""
    at = plans_page(session())
    data = b" " * (5 * 1024 * 1024 + 10) + b"{}"
    at.file_uploader(key="plans_file").upload("big.json", data, "application/json").run()
    assert at.error
    assert "MB" in at.error[0].value or "bytes" in at.error[0].value


@pytest.mark.parametrize("target", ["new", "revision"])
def test_a_good_plan_file_is_imported_as_chosen(store: PlanStore, target: str) -> None:
    """Test that a valid plan file becomes a new plan or a new revision of the current one."""
    at = plans_page(session())
    current = at.session_state["plan_id"]
    data = dump_plan(make_plan("en-team")).encode()
    at.file_uploader(key="plans_file").upload("team.json", data, "application/json").run()
    at.radio(key="plans_import_as.en").set_value(target).run()
    at.button(key="plans_import").click().run()
    assert not at.exception
    assert plan_of(at) == make_plan("en-team")
    if target == "new":
        assert at.session_state["plan_id"] != current
    else:
        assert at.session_state["plan_id"] == current
        assert store.history(current)[0].kind == "import"
        assert at.session_state["base_revision"] == 2


def test_the_start_page_lists_recent_plans_newest_first_and_opens_one(store: PlanStore) -> None:
    """Test that the start page offers the stored plans, last saved first, and opens one."""
    older = store.create(make_plan("en-team"), author="a", note="").plan_id
    newer = store.create(make_plan("fr-industrie"), author="a", note="").plan_id
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    keys = [button.key for button in at.button if button.key.startswith("start_open_")]
    assert keys == [f"start_open_{newer}", f"start_open_{older}"]
    at.button(key=f"start_open_{older}").click().run()
    assert not at.exception
    assert at.session_state["plan_id"] == older
    assert at.query_params["plan"] == older
    assert at.session_state["lang"] == "en"


def test_a_new_plan_form_refuses_bad_dates_then_stores_the_plan(store: PlanStore) -> None:
    """Test that the new-plan form names a wrong field and stores nothing, then creates."""
    from datetime import date

    at = AppTest.from_file(str(APP), default_timeout=30).run()
    at.text_input(key="start_name").set_value("Lancement Nord")
    at.date_input(key="start_launch_date").set_value(date(2027, 3, 1))
    at.date_input(key="start_end_date").set_value(date(2027, 2, 1))
    at.button(key="FormSubmitter:start_new-" + en("ui.start.create")).click().run()
    assert not at.exception
    assert store.list_plans() == []
    assert en("ui.plan.end_date") in shown(at.error[0].value)

    at.date_input(key="start_end_date").set_value(date(2027, 7, 1))
    at.button(key="FormSubmitter:start_new-" + en("ui.start.create")).click().run()
    assert not at.exception
    [info] = store.list_plans()
    assert info.name == "Lancement Nord"
    assert at.session_state["plan_id"] == info.id
    assert [t.value for t in at.title] == [en("ui.page.plan.title")]


def test_a_sample_link_opens_its_preview_and_stores_nothing(store: PlanStore) -> None:
    """Test that ?sample=en-team opens that sample as a preview, with nothing stored."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["sample"] = "en-team"
    at.run()
    assert not at.exception
    assert plan_of(at) == make_plan("en-team")
    assert "plan_id" not in at.session_state
    assert store.list_plans() == []


def test_the_plans_page_of_a_preview_lists_plans_and_says_nothing_is_saved(
    store: PlanStore,
) -> None:
    """Test that the Plans page works on a preview: no history yet, and it says why."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["sample"] = "critical"
    at.run()
    plans_page(at)
    assert en("ui.start.preview_status") in [i.value for i in at.info]
    assert store.list_plans() == []


def test_the_compare_page_compares_revisions_then_two_plans(store: PlanStore) -> None:
    """Test that the compare page shows a revision's change, then two plans' readiness."""
    at = session()
    set_organisation(at, "Ardelys Sud")
    at.switch_page("pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "Organisation: Ardelys Industrie → Ardelys Sud" in text
    assert len(at.get("plotly_chart")) == 2

    store.create(make_plan("critical"), author="a", note="")
    at.radio(key="compare_mode.en").set_value("plans").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Store operations network" in page_text(at)


def test_every_download_made_on_click_leaves_the_page_alone(store: PlanStore) -> None:
    """Test that each download whose file is made on click does not also rerun the page.

    Streamlit's browser code sends the rerun and the request for the file together; a rerun
    that ends first forgets the file's callable, and the download fails with no file (seen as a
    90 s wait for a plan file in a browser test on a loaded machine).
    """
    at = session()
    set_organisation(at, "Ardelys Sud")  # two revisions: the compare page has something to show
    found = {}
    for page in ("export", "plans", "compare"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        made_on_click = [b.proto for b in at.get("download_button") if b.proto.deferred_file_id]
        assert all(proto.ignore_rerun for proto in made_on_click), page
        found[page] = len(made_on_click)
    assert found == {"export": 6, "plans": 1, "compare": 2}
