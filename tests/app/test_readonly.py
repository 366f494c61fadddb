"""A viewer's workbook: each plan page says so, and every widget that changes the plan is disabled.

Alice owns a plan and shares it with Bob. As a viewer Bob reads every page, exports and
filters, but finds each field, grid, import box and live-session control disabled; as an
editor, like Alice the owner and like anyone in laptop mode, he finds them enabled. The store
refusing a viewer's save is ``test_auth``'s; these tests are about what the pages offer.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.proto.Dataframe_pb2 import Dataframe as DataframeProto
from streamlit.testing.v1 import AppTest

from planner.i18n import translate
from planner.live import LiveStore, Question
from planner.store import PlanStore
from planner.store.access import AccessStore
from planner.store.guarded import GuardedStore
from planner.store.identity import User
from tests.app.conftest import APP, make_plan
from tests.app.conftest import PAGES as STEPS
from tests.app.test_auth import ALICE, AUTH_SECRETS, BOB, _claims
from tests.app.test_liveroom import COMMUNITY, answers

#: The plan pages, in the order a session walks through them: the steps, tracking after the
#: forecast.
PAGES = (*STEPS[: STEPS.index("forecast") + 1], "tracking", *STEPS[STEPS.index("forecast") + 1 :])
_IMPORT = ("file", "default_community", "mode.en")
_FORECAST = (
    "p",
    "q",
    "period_days",
    "horizon_weeks",
    "ceiling",
    "sponsor_effect",
    "ambassador_effect",
    "resistance_effect",
    "adjust",
    "creators_share",
    "contributors_share",
    "reset",
)
#: The widgets of each page that change the plan, by key: disabled for a viewer, and only then.
CHANGING: dict[str, set[str]] = {
    "plan": {
        "plan_name",
        "plan_organisation",
        "plan_platform.en",
        "plan_language.en",
        "plan_start_date",
        "plan_launch_date",
        "plan_end_date",
    },
    "communities": {f"communities_{t}_editor" for t in ("communities", "objectives", "benefits")},
    "populations": {
        "populations_populations_editor",
        *(f"populations_populations_{name}" for name in _IMPORT),
    },
    "people": {
        "people_preset.en",
        "people_ambassadors_editor",
        "people_core_team_editor",
        *(f"people_ambassadors_{name}" for name in _IMPORT),
    },
    "sponsors": {f"sponsors_{t}_editor" for t in ("sponsors", "sponsor_actions", "rituals")},
    "timeline": set(),
    "readiness": set(),
    "forecast": {f"forecast_{name}" for name in _FORECAST},
    "tracking": {"tracking_files", "tracking_format.en", "tracking_sample_use"},
    "export": set(),
}
#: The widgets that only change the view or read the plan out: enabled for everyone. Opening
#: a plan file on the export page makes a new plan of the user's own, so a viewer may too.
VIEWING: dict[str, set[str]] = {
    "populations": {"populations_populations_template"},
    "people": {"people_ambassadors_template"},
    "timeline": {"timeline_filter"},
    "tracking": {"tracking_example"},
    "export": {
        "export_lang.en",
        "export_table.en",
        "export_file",
        *(f"export_{kind}" for kind in ("pdf", "csv", "zip", "xlsx", "ics", "download")),
    },
}


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


NOTICE = en(
    "ui.readonly.notice",
    variant=en("ui.plans.duplicate"),
    page=en("ui.page.plans.title"),
)


def _app(user: User | None, *, workshop: bool = False, **query: str) -> AppTest:
    """A browser session of the workbook, run once: signed in as ``user`` (sign-in configured),
    or in laptop mode for None; ``query`` holds the address's parameters (``plan``, ``sample``).
    """
    at = AppTest.from_file(str(APP), default_timeout=30)
    if user is not None:
        at.secrets["auth"] = AUTH_SECRETS
        at.user = _claims(user)
    at.session_state["lang"] = "en"
    at.session_state["workshop"] = workshop
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _widgets(at: AppTest) -> dict[str, bool]:
    """Every widget of the page's main area by key, and whether it is disabled.

    Links and read-only tables (``st.dataframe``) are left out: nobody changes anything there.
    """
    found: dict[str, bool] = {}

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is not None and hasattr(proto, "disabled") and kind != "page_link":
            read_only_table = (
                kind == "dataframe" and proto.editing_mode == DataframeProto.EditingMode.READ_ONLY
            )
            if not read_only_table:
                found[str(node.key or proto.id)] = bool(proto.disabled)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def _editing_modes(at: AppTest) -> set[int]:
    """The editing modes of the page's grids (``st.data_editor``)."""
    return {
        element.proto.editing_mode
        for element in at.get("dataframe")
        if element.proto.editing_mode != DataframeProto.EditingMode.READ_ONLY
    }


def _notices(at: AppTest) -> list[str]:
    return [info.value for info in at.info if info.value == NOTICE]


def _pages(at: AppTest) -> Any:
    """Open each plan page in turn; yield its name once it ran without an exception."""
    for page in PAGES:
        if page != "plan":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        yield page


def _shared_plan(store: PlanStore, role: str | None) -> str:
    """Alice's copy of the French sample (its actuals fit the tracking page's sample), shared
    with Bob as ``role`` (None: not shared)."""
    access = AccessStore(store)
    plan_id = access.for_user(ALICE).create(make_plan("fr-industrie")).plan_id
    if role is not None:
        access.share(ALICE, plan_id, BOB.email, role)
    return plan_id


def test_a_viewer_sees_the_notice_and_every_plan_changing_widget_disabled(
    store: PlanStore,
) -> None:
    """Test that on each plan page a viewer gets the notice, the plan's widgets disabled and
    the view's widgets (filters, language, downloads) enabled."""
    at = _app(BOB, plan=_shared_plan(store, "viewer"))
    for page in _pages(at):
        assert _notices(at) == [NOTICE], page
        assert en("ui.readonly.plans_link") in [link.label for link in at.get("page_link")]
        widgets = _widgets(at)
        assert CHANGING[page] <= set(widgets), (page, sorted(widgets))
        enabled = {key for key, disabled in widgets.items() if not disabled}
        assert enabled == VIEWING.get(page, set()), page
        if page in ("communities", "people", "sponsors", "populations"):
            assert _editing_modes(at) == {DataframeProto.EditingMode.FIXED}, page


@pytest.mark.parametrize("who", ["editor", "owner", "laptop"])
def test_editors_owners_and_laptop_mode_find_every_widget_enabled_and_no_notice(
    store: PlanStore, who: str
) -> None:
    """Test that an editor, the owner and laptop mode have no notice and no disabled widget."""
    plan_id = _shared_plan(store, "editor" if who == "editor" else None)
    at = _app({"editor": BOB, "owner": ALICE, "laptop": None}[who], plan=plan_id)
    assert at.session_state["plan_id"] == plan_id
    for page in _pages(at):
        assert _notices(at) == [], page
        widgets = _widgets(at)
        assert CHANGING[page] <= set(widgets), (page, sorted(widgets))
        assert [key for key, disabled in widgets.items() if disabled] == [], page
        if page in ("communities", "people", "sponsors", "populations"):
            assert _editing_modes(at) == {DataframeProto.EditingMode.DYNAMIC}, page


def test_a_change_that_reaches_the_store_anyway_is_refused(store: PlanStore) -> None:
    """Test that the disabled widgets are not the only guard: a viewer's changed plan handed
    to the store (an edit in a page drawn before the owner made them a viewer) is refused."""
    plan_id = _shared_plan(store, "viewer")
    at = _app(BOB, plan=plan_id)
    assert at.text_input(key="plan_organisation").disabled
    changed = at.session_state["plan"].model_copy(update={"organisation": "Bob was here"})
    at.session_state["plan"] = changed
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["conflict"] == {"kind": "read_only"}
    assert en("ui.auth.read_only") in [w.value for w in at.warning]
    assert store.latest(plan_id).plan.organisation == make_plan("fr-industrie").organisation


def test_a_signed_in_preview_is_never_read_only(store: PlanStore) -> None:
    """Test that a sample's preview (no stored plan yet) has its fields enabled and no notice."""
    del store
    at = _app(BOB, sample="en-team")
    assert "plan" in at.session_state
    assert "plan_id" not in at.session_state
    assert _notices(at) == []
    assert at.text_input(key="plan_name").disabled is False


def test_the_store_is_asked_once_per_run_and_a_new_role_shows_on_the_next(
    store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test that a page of many grids asks the user's role once per run, and that Alice making
    Bob an editor unlocks his page on the next run."""
    plan_id = _shared_plan(store, "viewer")
    asked: list[str] = []
    role = GuardedStore.role

    def counted(self: GuardedStore, plan: str) -> Any:
        asked.append(plan)
        return role(self, plan)

    monkeypatch.setattr(GuardedStore, "role", counted)
    at = _app(BOB, plan=plan_id)
    at.switch_page("pages/people.py")
    asked.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert asked == [plan_id]
    assert at.selectbox(key="people_preset.en").disabled

    AccessStore(store).share(ALICE, plan_id, BOB.email, "editor")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _notices(at) == []
    assert at.selectbox(key="people_preset.en").disabled is False


def _workshop(user: User, plan_id: str) -> AppTest:
    """``user``'s browser on the communities step of the plan, in workshop mode."""
    at = _app(user, workshop=True, plan=plan_id)
    at.switch_page("pages/communities.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _live_controls(at: AppTest) -> dict[str, bool]:
    return {key: disabled for key, disabled in _widgets(at).items() if "_live_" in key}


def test_a_viewer_may_neither_open_a_live_session_nor_act_on_one(store: PlanStore) -> None:
    """Test that in workshop mode a viewer's live panel has its opener, and then the open
    session's lock, close, adopt and hide buttons disabled; an editor's has them enabled."""
    plan_id = _shared_plan(store, "viewer")
    at = _workshop(BOB, plan_id)
    assert _notices(at) == [NOTICE]
    opener = _live_controls(at)
    assert set(opener) == {
        "communities_live_question",
        "communities_live_community",
        "communities_live_open",
    }
    assert all(opener.values())

    live = LiveStore.from_store(store)
    session = live.open_session(plan_id, Question.TOTEM, COMMUNITY)
    answers(live, session, make_plan("fr-industrie"), [{"subject": "Lean"}])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    controls = _live_controls(at)
    assert {key.rsplit("_", 1)[0] for key in controls} >= {
        "communities_live_lock",
        "communities_live_close",
        "communities_live_adopt_winner",
        "communities_live_adopt",
        "communities_live_hide",
    }
    assert all(controls.values()), controls

    AccessStore(store).share(ALICE, plan_id, BOB.email, "editor")
    editor = _workshop(BOB, plan_id)
    assert _live_controls(editor).keys() == controls.keys()
    assert not any(_live_controls(editor).values())
