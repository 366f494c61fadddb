"""The live session panel of workshop mode: join code, QR code, live answers, moderation, adoption.

Each test gets its own SQLite file through ``TOTEM_DATABASE_URL``: the plan store and the live
store share it, as in a running server. Answers are put in through ``LiveStore``, as the
participants' page does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from planner.i18n import translate
from planner.live import LiveSession, LiveStore, LiveVotingLocked, Question, adoption_note
from planner.models import Plan
from planner.store import PlanStore
from tests.app.conftest import APP, make_plan, page_text
from workbook.text import literal

COMMUNITY = "qualite-terrain"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    """A fresh plan store in a temporary SQLite file, the one the app will open."""
    url = f"sqlite:///{tmp_path / 'totem.db'}"
    monkeypatch.setenv("TOTEM_DATABASE_URL", url)
    monkeypatch.setenv("TOTEM_PUBLIC_URL", "https://totem.example.org/")
    st.cache_resource.clear()
    st.cache_data.clear()
    with PlanStore(url) as opened:
        yield opened
    st.cache_resource.clear()


@pytest.fixture
def live(store: PlanStore) -> LiveStore:
    """The live store on the same database."""
    return LiveStore.from_store(store)


@pytest.fixture
def plan_id(store: PlanStore) -> str:
    """The French sample, stored as a plan of its own."""
    return store.create(make_plan("fr-industrie"), author="workbook", note="").plan_id


def workshop(plan_id: str, page: str = "communities") -> AppTest:
    """A facilitator's browser on a step of the plan, in workshop mode."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["plan"] = plan_id
    at.session_state["lang"] = "en"
    at.session_state["workshop"] = True
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, key_part: str) -> object:
    """The one button whose key contains ``key_part``."""
    found = [b for b in at.button if b.key and key_part in b.key]
    assert len(found) == 1, [b.key for b in at.button]
    return found[0]


def answers(live: LiveStore, session: LiveSession, plan: Plan, payloads: list[dict]) -> list:
    """Each payload answered by a participant of its own; returns the contributions."""
    made = []
    for payload in payloads:
        person = live.join(session.id)
        made.append(live.contribute(session.id, person.token, payload, plan))
    return made


def totem_session(live: LiveStore, plan_id: str) -> tuple[LiveSession, list]:
    """A totem session with three candidates: 'Zéro défaut' has 3 votes, '**Q3**' 1, 'Lean' 0."""
    session = live.open_session(plan_id, Question.TOTEM, COMMUNITY)
    plan = make_plan("fr-industrie")
    made = answers(
        live,
        session,
        plan,
        [
            {"subject": "Lean"},
            {"subject": "Zéro défaut", "benefit": "Moins de rebuts"},
            {"subject": "**Q3**"},
        ],
    )
    for votes, candidate in ((3, made[1]), (1, made[2])):
        voter = live.join(session.id)
        live.vote(session.id, voter.token, candidate.id, votes)
    return session, made


def test_opening_a_session_shows_the_code_the_qr_code_and_the_address(
    plan_id: str, live: LiveStore
) -> None:
    """Test that opening a session from the panel shows its code, a QR image and the address.

    The projected scorecard makes way while the room is asked, so the code is on screen.
    """
    at = workshop(plan_id)
    scorecard = translate("ui.scorecard.overall", "en", score="").split(":")[0].strip()
    assert scorecard in page_text(at)
    at.selectbox(key="communities_live_question").set_value(Question.TOTEM)
    at.selectbox(key="communities_live_community").set_value(COMMUNITY)
    button(at, "communities_live_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [session] = live.open_sessions(plan_id)
    text = page_text(at)
    assert session.code in text
    assert f"https://totem.example.org/join?code={session.code}" in text
    assert len(session.code) == 6
    assert at.get("image"), "no QR code image"
    assert "Participants" in text
    assert scorecard not in text


def test_answers_added_through_the_store_appear_at_the_next_refresh(
    plan_id: str, live: LiveStore
) -> None:
    """Test that answers given meanwhile show, ranked by votes, once the panel runs again."""
    session = live.open_session(plan_id, Question.TOTEM, COMMUNITY)
    at = workshop(plan_id)
    assert "Zéro défaut" not in page_text(at)
    plan = make_plan("fr-industrie")
    made = answers(live, session, plan, [{"subject": "Lean"}, {"subject": "Zéro défaut"}])
    live.vote(session.id, live.join(session.id).token, made[1].id, 2)
    at.run()
    markdown = [m.value for m in at.markdown]
    ranked = [m for m in markdown if "Lean" in m or "Zéro défaut" in m]
    assert "Zéro défaut" in ranked[0]
    assert "Lean" in ranked[1]
    assert "2 votes" in ranked[0]


def test_a_hidden_answer_leaves_the_ranking_and_can_come_back(
    plan_id: str, live: LiveStore
) -> None:
    """Test that Hide removes a candidate from the ranking and Show again brings it back."""
    session, made = totem_session(live, plan_id)
    at = workshop(plan_id)
    button(at, f"_live_hide_{made[1].id}").click().run()
    ranking = [m.value for m in at.markdown if "vote" in m.value]
    assert len(ranking) == 2
    assert not any("Zéro défaut" in line for line in ranking)
    assert live.snapshot(session.id).contributions[1].hidden
    assert "1 hidden answer" in [e.label for e in at.expander]
    button(at, f"_live_unhide_{made[1].id}").click().run()
    assert not live.snapshot(session.id).contributions[1].hidden


def test_a_hostile_candidate_is_shown_literally(plan_id: str, live: LiveStore) -> None:
    """Test that a candidate written in Markdown reaches the screen escaped."""
    totem_session(live, plan_id)
    at = workshop(plan_id)
    assert any("\\*\\*Q3\\*\\*" in m.value for m in at.markdown)
    assert not any("**Q3**" in m.value for m in at.markdown)


def test_locking_the_vote_stops_votes_until_unlocked(plan_id: str, live: LiveStore) -> None:
    """Test that Lock locks the session's vote in the store, and Unlock opens it again."""
    session, made = totem_session(live, plan_id)
    at = workshop(plan_id)
    button(at, "_live_lock_").click().run()
    assert live.session(session.id).locked
    with pytest.raises(LiveVotingLocked):
        live.vote(session.id, live.join(session.id).token, made[0].id, 1)
    assert "Unlock the vote" in [b.label for b in at.button]
    button(at, "_live_lock_").click().run()
    assert not live.session(session.id).locked


def test_adopting_the_winner_writes_one_revision_with_the_note(
    plan_id: str, live: LiveStore, store: PlanStore
) -> None:
    """Test that adopting the winner saves exactly one revision: the subject, and the note."""
    totem_session(live, plan_id)
    at = workshop(plan_id)
    before = len(store.history(plan_id))
    button(at, "_live_adopt_winner_").click().run()
    assert not at.exception, [e.value for e in at.exception]
    history = store.history(plan_id)
    assert len(history) == before + 1
    latest = store.latest(plan_id)
    community = next(c for c in latest.plan.communities if c.id == COMMUNITY)
    assert community.totem_subject == "Zéro défaut"
    assert "Moins de rebuts" in community.benefits
    assert latest.note == adoption_note(Question.TOTEM, 3, "en")
    assert "3" in latest.note
    assert at.session_state["plan"] == latest.plan
    assert "conflict" not in at.session_state
    # The confirmation outlives the panel's next refreshes; it used to last one second.
    shown = translate("liveroom.adopted", "en", note=literal(latest.note))
    for _ in range(2):
        assert [s.value for s in at.success] == [shown]
        at.run()


def test_adopting_after_a_concurrent_edit_loses_nothing(
    plan_id: str, live: LiveStore, store: PlanStore
) -> None:
    """Test that an adoption refused by the store keeps the other edit and shows the conflict."""
    totem_session(live, plan_id)
    at = workshop(plan_id)
    theirs = store.latest(plan_id)
    renamed = Plan.model_validate({**theirs.plan.model_dump(), "name": "Renamed elsewhere"})
    store.save(plan_id, renamed, base_revision=theirs.number, author="Ana", note="rename")
    button(at, "_live_adopt_winner_").click().run()
    latest = store.latest(plan_id)
    assert latest.number == theirs.number + 1
    assert latest.plan.name == "Renamed elsewhere"
    assert at.session_state["conflict"]["kind"] == "conflict"
    assert any("Ana" in w.value for w in at.warning)
    assert at.button(key="store_reload_theirs")


def test_two_hundred_answers_render_a_page_at_a_time(plan_id: str, live: LiveStore) -> None:
    """Test that 200 candidates render: a page of them, and a count of the rest."""
    session = live.open_session(plan_id, Question.TOTEM, COMMUNITY)
    plan = make_plan("fr-industrie")
    start = datetime.now(UTC)
    for person in range(40):
        token = live.join(session.id).token
        for answer in range(5):
            when = start + timedelta(seconds=3 * answer)
            live.contribute(
                session.id, token, {"subject": f"Sujet {person}-{answer}"}, plan, now=when
            )
    at = workshop(plan_id)
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "200 answers" in text
    assert "and 192 more answers" in text
    assert len([b for b in at.button if b.key and "_live_hide_" in b.key]) == 8
    at.number_input(key=f"communities_live_page_list_{session.id}").set_value(25).run()
    assert "Page 25 of 25" in page_text(at)


def test_the_brakes_question_shows_the_heat_map_and_adopts_the_means(
    plan_id: str, live: LiveStore, store: PlanStore
) -> None:
    """Test that brake ratings show as a heat map and adopting them sets the rounded means."""
    session = live.open_session(plan_id, Question.BRAKES, COMMUNITY)
    plan = make_plan("fr-industrie")
    ratings = [{"workload": 3, "email_overlap": 1}, {"workload": 2}]
    answers(live, session, plan, [{"population_id": "chefs-equipe", "ratings": r} for r in ratings])
    at = workshop(plan_id, "populations")
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("plotly_chart")
    button(at, "_live_adopt_ratings_").click().run()
    latest = store.latest(plan_id)
    community = next(c for c in latest.plan.communities if c.id == COMMUNITY)
    population = next(p for p in community.populations if p.id == "chefs-equipe")
    assert population.resistance.workload == 3  # 2.5 rounds up
    assert population.resistance.email_overlap == 1
    assert latest.note == adoption_note(Question.BRAKES, 2, "en")


def test_a_step_that_asks_the_room_nothing_shows_no_panel(plan_id: str) -> None:
    """Test that the timeline step in workshop mode has no live panel."""
    at = workshop(plan_id, "timeline")
    assert "Live session" not in page_text(at)


def test_the_panel_stays_out_of_normal_mode(plan_id: str) -> None:
    """Test that outside workshop mode the communities page shows no live panel."""
    at = workshop(plan_id)
    at.session_state["workshop"] = False
    at.session_state["app_workshop"] = False
    at.run()
    assert "Live session" not in page_text(at)
    assert os.environ["TOTEM_PUBLIC_URL"]


def test_chosen_ambassadors_are_adopted_against_what_the_plan_needs(
    plan_id: str, live: LiveStore, store: PlanStore
) -> None:
    """Test that proposals show per population with the number still needed, and adopt."""
    session = live.open_session(plan_id, Question.AMBASSADORS, COMMUNITY)
    plan = make_plan("fr-industrie")
    made = answers(
        live,
        session,
        plan,
        [
            {"name": "Inès Morel", "population_id": "chefs-equipe", "volunteer": True},
            {"name": "Paul Roy", "population_id": "chefs-equipe"},
        ],
    )
    at = workshop(plan_id, "people")
    assert not at.exception, [e.value for e in at.exception]
    assert "2 proposals" in page_text(at)
    picker = at.multiselect(key=f"people_live_pick_{session.id}_chefs-equipe")
    picker.set_value([made[0].id]).run()
    button(at, "_live_adopt_ambassadors_").click().run()
    latest = store.latest(plan_id)
    community = next(c for c in latest.plan.communities if c.id == COMMUNITY)
    names = [a.name for a in community.ambassadors if a.population_id == "chefs-equipe"]
    assert "Inès Morel" in names
    assert "Paul Roy" not in names
    assert latest.note == adoption_note(Question.AMBASSADORS, 2, "en")


def test_an_objective_is_adopted_from_the_list(
    plan_id: str, live: LiveStore, store: PlanStore
) -> None:
    """Test that proposed objectives are listed and one is adopted as one revision."""
    session = live.open_session(plan_id, Question.OBJECTIVES, COMMUNITY)
    plan = make_plan("fr-industrie")
    payload = {"indicator": "Fiches QRQC", "target": 40, "unit": "/mois", "due_date": "2027-06-30"}
    [made] = answers(live, session, plan, [payload])
    at = workshop(plan_id)
    assert "Fiches QRQC" in page_text(at)
    before = len(store.history(plan_id))
    button(at, f"_live_adopt_{made.id}").click().run()
    assert len(store.history(plan_id)) == before + 1
    community = next(c for c in store.latest(plan_id).plan.communities if c.id == COMMUNITY)
    assert any(o.indicator == "Fiches QRQC" for o in community.objectives)
