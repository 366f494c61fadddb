"""A workshop participant's page (``/join``): the code, joining, the pseudonym, the answers.

Each test gets its own SQLite file through ``TOTEM_DATABASE_URL``, holding the French sample;
sessions are opened on it through ``LiveStore``, as the shared screen does. AppTest reaches
``/join`` through ``st.context.url``, as the browser's first run of a session does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from planner.i18n import Message, render, translate
from planner.live import LiveSession, LiveStore, Question
from planner.models import Plan
from planner.store import PlanStore
from tests.app.conftest import APP, make_plan, page_text

JOIN_URL = "http://localhost:8501/join"


@dataclass
class Room:
    """A stored plan and the live store of its database."""

    plan_id: str
    plan: Plan
    live: LiveStore

    def open(self, question: Question = Question.TOTEM, community: int = 0) -> LiveSession:
        return self.live.open_session(self.plan_id, question, self.plan.communities[community].id)


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Room]:
    """The French sample stored in a fresh SQLite file, the one the app will open."""
    url = f"sqlite:///{tmp_path / 'totem.db'}"
    monkeypatch.setenv("TOTEM_DATABASE_URL", url)
    st.cache_resource.clear()
    with PlanStore(url) as store:
        plan = make_plan("fr-industrie")
        plan_id = store.create(plan, author="test", note="").plan_id
        live = LiveStore(store)
        yield Room(plan_id, plan, live)
    st.cache_resource.clear()


def phone(**params: str) -> AppTest:
    """A participant's first visit to ``/join?…``, run once."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.context["url"] = JOIN_URL
    at.context["locale"] = "en-US"
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def fr(key: str, **params: object) -> str:
    return translate(key, "fr", **params)


def button(at: AppTest, label: str) -> Any:
    """The one button (or form submit button) with this label."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def joined(room: Room, session: LiveSession) -> AppTest:
    """A participant who followed the QR code of ``session`` and tapped Join."""
    at = phone(code=session.code)
    button(at, fr("livejoin.code.join")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("p")
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_a_wrong_code_says_so_in_the_browsers_language(room: Room) -> None:
    """Test that a code no session has is refused, in the page's language, field kept."""
    at = phone(code="ZZZ999")
    message = render(Message("live.error.not_found", {"code": "ZZZ999"}), "en")
    assert any(message in text for text in errors(at))
    assert at.text_input(key="join_code").value == "ZZZ999"
    assert "p" not in at.query_params


def test_a_closed_code_says_so_and_lets_nobody_join(room: Room) -> None:
    """Test that a closed session's code says it is closed, before and after Join."""
    session = room.open()
    room.live.close_session(session.id)
    at = phone(code=session.code)
    closed = render(Message("live.error.closed", {"code": session.code}), "en")
    assert any(closed in text for text in errors(at))
    button(at, translate("livejoin.code.join", "en")).click().run()
    assert any(closed in text for text in errors(at))
    assert "p" not in at.query_params
    assert room.live.snapshot(session.id).participants == 0


def test_an_empty_code_asks_for_one(room: Room) -> None:
    """Test that Join without a code asks for the code on the shared screen."""
    at = phone()
    button(at, translate("livejoin.code.join", "en")).click().run()
    assert translate("livejoin.code.missing", "en") in errors(at)


def test_a_joined_participant_keeps_their_pseudonym_through_a_reload(room: Room) -> None:
    """Test that joining gives a pseudonym, in the plan's language, kept by the URL's token."""
    session = room.open()
    at = joined(room, session)
    token = at.query_params["p"]
    participant = room.live.participant(session.id, token)
    assert participant is not None
    assert f"**{participant.pseudonym}**" in page_text(at) or participant.pseudonym in page_text(at)
    assert fr("livejoin.question.totem") in page_text(at)
    assert room.plan.communities[0].name in page_text(at)

    again = phone(code=session.code, p=token)
    assert participant.pseudonym in page_text(again)
    assert room.live.snapshot(session.id).participants == 1


def test_a_participant_renames_themselves(room: Room) -> None:
    """Test that the pseudonym form changes the pseudonym, and refuses an empty one."""
    session = room.open()
    at = joined(room, session)
    at.text_input(key="join_pseudonym").set_value("Camille (QRQC)")
    button(at, fr("livejoin.pseudonym.save")).click().run()
    assert "Camille (QRQC)" in page_text(at)
    participant = room.live.participant(session.id, at.query_params["p"])
    assert participant is not None
    assert participant.pseudonym == "Camille (QRQC)"
    at.text_input(key="join_pseudonym").set_value("   ")
    button(at, fr("livejoin.pseudonym.save")).click().run()
    assert any(render(Message("live.input.required"), "fr") in text for text in errors(at))


def test_a_participant_proposes_then_spends_their_dots(room: Room) -> None:
    """Test that a proposal is confirmed and listed; dots are spent, bounded and kept."""
    session = room.open()
    at = joined(room, session)
    at.text_area(key="join_subject").set_value("**Astuces** [QRQC](https://example.com)")
    at.text_input(key="join_benefit").set_value("Gagner 10 min/jour")
    button(at, fr("livejoin.send")).click().run()
    assert [s.value for s in at.success] == [fr("livejoin.sent.totem")]
    # The next form's fields are new widgets, empty (workbook.joinanswers._field).
    assert at.text_area(key="join_subject_1").value == ""
    # Shown literally: the Markdown source escapes every character a user typed.
    assert "\\*\\*Astuces\\*\\*" in "\n".join(m.value for m in at.markdown)
    [mine] = room.live.snapshot(session.id).contributions
    votes = f"join_votes_{mine.id}"
    for count in (1, 2, 3):
        at.segmented_control(key=votes).set_value(count).run()
        assert not errors(at)
    assert room.live.snapshot(session.id, token=at.query_params["p"]).my_votes == {mine.id: 3}
    assert fr("livejoin.vote.left", count=0, total=3) in page_text(at).replace("\\", "")
    at.segmented_control(key=votes).set_value(2).run()

    again = phone(code=session.code, p=at.query_params["p"])
    assert again.segmented_control(key=votes).value == 2
    assert again.segmented_control(key=votes).label == fr("livejoin.vote.mine", number=1)
    assert fr("livejoin.vote.left", count=1, total=3) in page_text(again).replace("\\", "")


def test_a_fourth_dot_is_refused_and_the_control_goes_back_to_the_stored_count(room: Room) -> None:
    """Test that dots past the three are refused with the dots left, the store unchanged."""
    session = room.open()
    later = datetime.now(UTC) + timedelta(seconds=5)
    other = room.live.join(session.id)
    room.live.contribute(session.id, other.token, {"subject": "Premier"}, room.plan)
    room.live.contribute(session.id, other.token, {"subject": "Second"}, room.plan, now=later)
    first, second = (c.id for c in room.live.snapshot(session.id).contributions)
    at = joined(room, session)
    at.segmented_control(key=f"join_votes_{first}").set_value(2).run()
    at.segmented_control(key=f"join_votes_{second}").set_value(2).run()

    refusal = Message("live.limit.votes", {"limit": 3, "left": 1})
    assert errors(at) == [render(refusal, "fr")]
    assert at.segmented_control(key=f"join_votes_{second}").value == 0
    token = at.query_params["p"]
    assert room.live.snapshot(session.id, token=token).my_votes == {first: 2}
    at.segmented_control(key=f"join_votes_{second}").set_value(1).run()
    assert not errors(at)
    assert room.live.snapshot(session.id, token=token).my_votes == {first: 2, second: 1}


def test_refusals_show_their_messages(room: Room) -> None:
    """Test that a rate limit, a too long text and a locked vote each say so."""
    session = room.open()
    at = joined(room, session)
    at.text_area(key="join_subject").set_value("Premier sujet")
    button(at, fr("livejoin.send")).click().run()
    at.text_area(key="join_subject_1").set_value("Deuxième sujet, trop vite")
    button(at, fr("livejoin.send")).click().run()
    assert errors(at), "an answer two seconds after the last one is refused"
    assert at.text_area(key="join_subject_1").value == "Deuxième sujet, trop vite"

    later = datetime.now(UTC) + timedelta(seconds=5)
    other = room.live.join(session.id)
    room.live.contribute(session.id, other.token, {"subject": "Autre"}, room.plan, now=later)
    room.live.set_locked(session.id, True)
    at.run()
    assert fr("livejoin.vote.locked") in [i.value for i in at.info]
    controls = [c for c in at.segmented_control if str(c.key).startswith("join_votes_")]
    assert len(controls) == 2
    assert all(c.disabled for c in controls)


def test_a_closed_session_says_so_to_a_joined_participant(room: Room) -> None:
    """Test that a participant whose session closes is told so at the next run."""
    session = room.open()
    at = joined(room, session)
    room.live.close_session(session.id)
    at.run()
    closed = render(Message("live.error.closed", {"code": session.code}), "fr")
    assert any(closed in text for text in errors(at))


def test_the_brakes_of_a_population_are_rated_and_sent(room: Room) -> None:
    """Test that a participant picks their population, rates some brakes and sends them."""
    session = room.open(Question.BRAKES)
    at = joined(room, session)
    button(at, fr("livejoin.send")).click().run()
    assert any(render(Message("live.input.pick_population"), "fr") in e for e in errors(at))
    population = room.plan.communities[0].populations[1]
    at.selectbox(key="join_population").set_value(population.id)
    at.button_group(key="join_brake_workload").set_value(3)
    at.button_group(key="join_brake_email_overlap").set_value(1)
    button(at, fr("livejoin.send")).click().run()
    assert [s.value for s in at.success] == [fr("livejoin.sent.brakes")]
    [answer] = room.live.snapshot(session.id).contributions
    assert answer.payload == {
        "population_id": population.id,
        "ratings": {"workload": 3, "email_overlap": 1},
    }


def test_an_ambassador_and_an_objective_are_sent(room: Room) -> None:
    """Test the ambassador (a volunteer) and objective forms, and the objective's refusals."""
    session = room.open(Question.AMBASSADORS)
    at = joined(room, session)
    population = room.plan.communities[0].populations[0]
    at.text_input(key="join_name").set_value("Lina Moreau")
    at.selectbox(key="join_population").set_value(population.id)
    at.checkbox(key="join_volunteer").check()
    button(at, fr("livejoin.send")).click().run()
    assert [s.value for s in at.success] == [fr("livejoin.sent.ambassadors")]
    [answer] = room.live.snapshot(session.id).contributions
    assert answer.payload == {
        "name": "Lina Moreau",
        "population_id": population.id,
        "volunteer": True,
    }

    session = room.open(Question.OBJECTIVES, community=1)
    at = joined(room, session)
    at.text_input(key="join_indicator").set_value("Membres actifs")
    button(at, fr("livejoin.send")).click().run()
    assert any(render(Message("live.input.required"), "fr") in e for e in errors(at))
    assert at.text_input(key="join_indicator").value == "Membres actifs"
    at.number_input(key="join_target").set_value(40.0)
    at.text_input(key="join_unit").set_value("%")
    at.date_input(key="join_due_date").set_value(datetime(2027, 6, 30).date())
    button(at, fr("livejoin.send")).click().run()
    assert [s.value for s in at.success] == [fr("livejoin.sent.objectives")]
    [answer] = room.live.snapshot(session.id).contributions
    assert answer.payload["due_date"] == "2027-06-30"
    assert answer.payload["unit"] == "%"


def test_the_language_control_switches_and_stays_in_the_url(room: Room) -> None:
    """Test that the page speaks the plan's language until the participant picks another."""
    session = room.open()
    at = joined(room, session)
    assert at.title[0].value == fr("livejoin.title")
    at.button_group(key="join_lang").set_value("en").run()
    assert at.title[0].value == translate("livejoin.title", "en")
    assert at.query_params["lang"] == "en"
    again = phone(code=session.code, p=at.query_params["p"], lang="en")
    assert translate("livejoin.question.totem", "en") in page_text(again)


@pytest.mark.parametrize(
    "extra",
    [
        {"plan": "PLAN"},
        {"sample": "fr-industrie"},
        {"page": "readiness"},
        {"open": "readiness", "plan": "PLAN"},
    ],
    ids=["plan", "sample", "page", "open"],
)
def test_a_participant_url_never_shows_the_plan(room: Room, extra: dict[str, str]) -> None:
    """Test that /join with ?plan=, ?sample=, ?page= or ?open= shows nothing of a plan."""
    session = room.open()
    params = {k: room.plan_id if v == "PLAN" else v for k, v in extra.items()}
    before = phone(code=session.code, **params)
    after = joined_with(session, params)
    for at in (before, after):
        assert "plan" not in at.session_state
        assert set(at.query_params) <= {"code", "p", "lang"}
        assert len(at.sidebar.children) == 0
        text = page_text(at)
        for secret in (room.plan.name, room.plan.organisation, "Ardelys"):
            assert secret not in text
        for community in room.plan.communities[1:]:
            assert community.name not in text
            assert all(p.name not in text for p in community.populations)
        assert fr("ui.page.plan.title") not in text


def joined_with(session: LiveSession, params: dict[str, str]) -> AppTest:
    """A participant who joined, then came back with ``params`` added to their URL."""
    at = phone(code=session.code)
    button(at, fr("livejoin.code.join")).click().run()
    return phone(code=session.code, p=at.query_params["p"], **params)


def test_the_join_page_shows_only_the_question_s_populations(room: Room) -> None:
    """Test that the brakes question offers the community's populations, nothing else."""
    session = room.open(Question.BRAKES, community=2)
    at = joined(room, session)
    options = at.selectbox(key="join_population").options
    assert options == [p.name for p in room.plan.communities[2].populations]
