"""The live workshop's pure core: answers checked with messages in both languages, gathered for
the shared screen, and adopted into a new plan that validates, the given plan untouched."""

from __future__ import annotations

import random
import re
import string
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from planner.i18n import catalogue, render, templates_of
from planner.live import (
    MAX_TEXT,
    Contribution,
    LiveError,
    LiveInputError,
    LiveSession,
    LiveSnapshot,
    Question,
    adopt_ambassadors,
    adopt_objective,
    adopt_ratings,
    adopt_subject,
    adoption_note,
    ambassador_summary,
    brake_summary,
    check_contribution,
    check_pseudonym,
    objective_list,
    random_pseudonym,
    ranked_candidates,
)
from planner.live.checks import SHORT_TEXT_MAX
from planner.models import Plan, ResistanceFactor

T0 = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)


def _plan() -> Plan:
    return Plan.model_validate(
        {
            "schema_version": 2,
            "name": "Live",
            "communities": [
                {
                    "id": "sales",
                    "name": "Sales",
                    "benefits": ["Answers within a day"],
                    "populations": [
                        {"id": "reps", "name": "Reps", "headcount": 80},
                        {"id": "leads", "name": "Leads", "headcount": 40},
                        {"id": "new", "name": "Newcomers"},
                    ],
                    "ambassadors": [
                        {"id": "ana", "name": "Ana Ruiz", "population_id": "reps"},
                    ],
                },
                {"id": "other", "name": "Other"},
            ],
        }
    )


@pytest.fixture
def plan() -> Plan:
    return _plan()


# --- Checks ---------------------------------------------------------------------------------

GOOD = [
    (
        Question.TOTEM,
        {"subject": "  Lean selling ", "benefit": " Time saved\u00a0"},
        {"subject": "Lean selling", "benefit": "Time saved"},
    ),
    (Question.TOTEM, {"subject": "Lean"}, {"subject": "Lean", "benefit": ""}),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {"workload": 3, "market_pressure": 0}},
        {"population_id": "reps", "ratings": {"market_pressure": 0, "workload": 3}},
    ),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {f.value: 1.0 for f in ResistanceFactor}},
        {"population_id": "reps", "ratings": {f.value: 1 for f in ResistanceFactor}},
    ),
    (
        Question.AMBASSADORS,
        {"name": " Léa Martin ", "population_id": "leads", "volunteer": True},
        {"name": "Léa Martin", "population_id": "leads", "volunteer": True},
    ),
    (
        Question.AMBASSADORS,
        {"name": "Bob", "population_id": "reps"},
        {"name": "Bob", "population_id": "reps", "volunteer": False},
    ),
    (
        Question.OBJECTIVES,
        {"indicator": "Questions answered", "target": 80, "unit": "%", "due_date": "2027-06-30"},
        {"indicator": "Questions answered", "target": 80, "unit": "%", "due_date": "2027-06-30"},
    ),
    (
        "objectives",
        {"indicator": "Posts", "target": 2.5, "due_date": "2027-06-30"},
        {"indicator": "Posts", "target": 2.5, "unit": "", "due_date": "2027-06-30"},
    ),
]


@pytest.mark.parametrize(("question", "payload", "cleaned"), GOOD)
def test_good_answers_come_back_cleaned(
    plan: Plan, question: Question, payload: dict[str, Any], cleaned: dict[str, Any]
) -> None:
    """Test that a good answer is stripped, completed with defaults, and put in order."""
    result = check_contribution(question, payload, plan, "sales")
    assert result == cleaned
    assert list(result) == list(cleaned)


_RATED = {"population_id": "reps", "ratings": {"workload": 1}}
_OBJECTIVE = {"indicator": "Posts", "target": 3, "unit": "", "due_date": "2027-06-30"}

#: (question, payload, field, message id, English text, French text)
BAD = [
    (
        Question.TOTEM,
        {"subject": "   "},
        "subject",
        "live.input.required",
        "Fill in this field",
        "Remplissez ce champ",
    ),
    (
        Question.TOTEM,
        {"subject": 12},
        "subject",
        "live.input.not_text",
        "Type a text here",
        "Saisissez un texte ici",
    ),
    (
        Question.TOTEM,
        {"subject": "x" * (MAX_TEXT + 1)},
        "subject",
        "live.input.too_long",
        "301 characters is too long: keep it to 300 characters",
        "301 caractères, c’est trop long\u00a0: 300 caractères au plus",
    ),
    (
        Question.TOTEM,
        {"subject": "Lean", "benefit": "y" * (SHORT_TEXT_MAX + 1)},
        "benefit",
        "live.input.too_long",
        "201 characters is too long: keep it to 200 characters",
        "201 caractères, c’est trop long\u00a0: 200 caractères au plus",
    ),
    (
        Question.TOTEM,
        {"subject": "ab\u202ecd"},
        "subject",
        "live.input.bidi_character",
        "Character 3 is a bidirectional control character (U+202E); remove it",
        "Le caractère 3 est un caractère de contrôle bidirectionnel (U+202E)\u202f; supprimez-le",
    ),
    (
        Question.TOTEM,
        {"subject": "a\x07b"},
        "subject",
        "live.input.control_character",
        "Character 2 is a control character (U+0007); remove it",
        "Le caractère 2 est un caractère de contrôle (U+0007)\u202f; supprimez-le",
    ),
    (
        Question.TOTEM,
        {"subject": "one\ntwo"},
        "subject",
        "live.input.line_break",
        "Character 4 is a line break (U+000A); write on one line",
        "Le caractère 4 est un saut de ligne (U+000A)\u202f; écrivez sur une seule ligne",
    ),
    (
        Question.TOTEM,
        {"subject": "Lean", "votes": 3},
        "votes",
        "live.input.unknown_field",
        "'votes' is not part of this answer; expected: subject, benefit",
        "«\u202fvotes\u202f» ne fait pas partie de cette réponse\u202f; attendu\u00a0: "
        "subject, benefit",
    ),
    (
        Question.BRAKES,
        {"ratings": {"workload": 1}},
        "population_id",
        "live.input.pick_population",
        "Pick a population",
        "Choisissez une population",
    ),
    (
        Question.BRAKES,
        {**_RATED, "population_id": "ghosts"},
        "population_id",
        "live.input.unknown_population",
        "No population 'ghosts' in this community; pick one from the list",
        "Aucune population «\u202fghosts\u202f» dans cette communauté\u202f; "
        "choisissez-en une dans la liste",
    ),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {}},
        "ratings",
        "live.input.no_ratings",
        "Rate at least one brake from 0 to 3",
        "Notez au moins un frein de 0 à 3",
    ),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {"weather": 1}},
        "ratings.weather",
        "live.input.unknown_factor",
        "'weather' is not one of the six brakes",
        "«\u202fweather\u202f» n’est pas l’un des six freins",
    ),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {"workload": 4}},
        "ratings.workload",
        "live.input.rating",
        "Give a rating from 0 (none) to 3 (strong)",
        "Donnez une note de 0 (aucun) à 3 (fort)",
    ),
    (
        Question.BRAKES,
        {"population_id": "reps", "ratings": {"workload": True}},
        "ratings.workload",
        "live.input.rating",
        "Give a rating from 0 (none) to 3 (strong)",
        "Donnez une note de 0 (aucun) à 3 (fort)",
    ),
    (
        Question.AMBASSADORS,
        {"name": "Bob", "population_id": "reps", "volunteer": "yes"},
        "volunteer",
        "live.input.yes_no",
        "Answer yes or no",
        "Répondez oui ou non",
    ),
    (
        Question.AMBASSADORS,
        {"name": "B" * 121, "population_id": "reps"},
        "name",
        "live.input.too_long",
        "121 characters is too long: keep it to 120 characters",
        "121 caractères, c’est trop long\u00a0: 120 caractères au plus",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "target": "80"},
        "target",
        "live.input.number",
        "Type a number, e.g. 50 or 2.5",
        "Saisissez un nombre, par exemple 50 ou 2,5",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "target": float("nan")},
        "target",
        "live.input.number",
        "Type a number, e.g. 50 or 2.5",
        "Saisissez un nombre, par exemple 50 ou 2,5",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "target": None},
        "target",
        "live.input.required",
        "Fill in this field",
        "Remplissez ce champ",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "due_date": "30/06/2027"},
        "due_date",
        "live.input.date",
        "Give a date as YYYY-MM-DD, e.g. 2027-03-31",
        "Donnez une date au format AAAA-MM-JJ, par exemple 2027-03-31",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "due_date": "2027-02-30"},
        "due_date",
        "live.input.date",
        "Give a date as YYYY-MM-DD, e.g. 2027-03-31",
        "Donnez une date au format AAAA-MM-JJ, par exemple 2027-03-31",
    ),
    (
        Question.OBJECTIVES,
        {**_OBJECTIVE, "unit": "u" * 41},
        "unit",
        "live.input.too_long",
        "41 characters is too long: keep it to 40 characters",
        "41 caractères, c’est trop long\u00a0: 40 caractères au plus",
    ),
]


@pytest.mark.parametrize(
    ("question", "payload", "field", "message_id", "english", "french"),
    BAD,
    ids=[f"{case[0]}-{case[2]}-{case[3].rsplit('.', 1)[1]}" for case in BAD],
)
def test_bad_answers_are_refused_with_the_field_and_what_to_do(
    plan: Plan,
    question: Question,
    payload: dict[str, Any],
    field: str,
    message_id: str,
    english: str,
    french: str,
) -> None:
    """Test that each bad input names its field and says what to change, in English and
    French."""
    with pytest.raises(LiveInputError) as refused:
        check_contribution(question, payload, plan, "sales")
    error = refused.value
    assert (error.field, error.message.id) == (field, message_id)
    assert render(error.message, "en") == english
    assert render(error.message, "fr") == french
    assert str(error) == f"{field}: {english}"


def test_an_unknown_community_or_question_is_refused(plan: Plan) -> None:
    """Test that the community and the question are checked before the payload."""
    with pytest.raises(LiveInputError) as community:
        check_contribution("totem", {"subject": "x"}, plan, "nowhere")
    assert community.value.field == "community_id"
    with pytest.raises(LiveInputError) as question:
        check_contribution("weather", {"subject": "x"}, plan, "sales")
    assert question.value.field == "question"
    with pytest.raises(LiveInputError) as unreadable:
        check_contribution("totem", ["subject"], plan, "sales")  # type: ignore[arg-type]
    assert unreadable.value.message.id == "live.input.not_an_answer"


def test_a_population_of_another_community_is_refused(plan: Plan) -> None:
    """Test that the population must belong to the session's community."""
    with pytest.raises(LiveInputError):
        check_contribution("brakes", _RATED, plan, "other")


def test_pseudonyms_are_checked_like_one_line_texts() -> None:
    """Test that a pseudonym is stripped, 1–40 characters, and refuses control characters."""
    assert check_pseudonym("  Ana  ") == "Ana"
    for bad, message_id in [
        ("", "live.input.required"),
        ("x" * 41, "live.input.too_long"),
        ("A\u2066B", "live.input.bidi_character"),
        (None, "live.input.required"),
    ]:
        with pytest.raises(LiveInputError) as refused:
            check_pseudonym(bad)
        assert (refused.value.field, refused.value.message.id) == ("pseudonym", message_id)


def test_the_text_limit_never_exceeds_what_the_plan_model_takes() -> None:
    """Test that texts copied into one-line plan fields are held to the model's limit."""
    assert min(MAX_TEXT, 200) == SHORT_TEXT_MAX


# --- Pseudonyms -----------------------------------------------------------------------------


def test_random_pseudonyms_read_well_in_both_languages() -> None:
    """Test the shapes 'Curious Otter 42' and 'Loutre curieuse 42', the French adjective agreeing
    with the animal, and that a seeded generator repeats itself."""
    from planner.live.pseudonyms import _FR_ADJECTIVES, _FR_ANIMALS

    assert random_pseudonym(random.Random(3)) == random_pseudonym(random.Random(3))
    for seed in range(200):
        english = random_pseudonym(random.Random(seed))
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+ [1-9][0-9]", english)
        animal, adjective, number = random_pseudonym(random.Random(seed), "fr").split(" ")
        feminine = dict(_FR_ANIMALS)[animal]
        assert adjective in {forms[1 if feminine else 0] for forms in _FR_ADJECTIVES}
        assert 10 <= int(number) <= 99
    assert check_pseudonym(random_pseudonym(lang="fr"))


# --- Gathering ------------------------------------------------------------------------------


def _answer(
    number: int, question: Question, payload: dict[str, Any], *, hidden: bool = False
) -> Contribution:
    return Contribution(
        id=number,
        session_id="s",
        participant=f"p{number}",
        question=question,
        payload=payload,
        created_at=T0 + timedelta(seconds=number),
        hidden=hidden,
    )


def _snapshot(*answers: Contribution, votes: dict[int, int] | None = None) -> LiveSnapshot:
    session = LiveSession(
        "s", "ABCDEF", "plan", answers[0].question if answers else Question.TOTEM, "sales",
        T0, T0 + timedelta(hours=4), None, False,
    )  # fmt: skip
    return LiveSnapshot(session, len(answers), tuple(answers), votes or {}, {}, 1)


def test_candidates_rank_by_votes_then_age_without_hidden_ones() -> None:
    """Test that the totem candidates come most voted first, ties oldest first, hidden out."""
    answers = [
        _answer(1, Question.TOTEM, {"subject": "A", "benefit": ""}),
        _answer(2, Question.TOTEM, {"subject": "B", "benefit": ""}),
        _answer(3, Question.TOTEM, {"subject": "C", "benefit": ""}),
        _answer(4, Question.TOTEM, {"subject": "D", "benefit": ""}, hidden=True),
        _answer(5, Question.TOTEM, {"subject": "E", "benefit": ""}),
    ]
    ranked = ranked_candidates(_snapshot(*answers, votes={2: 3, 3: 5, 4: 9, 5: 3}))
    assert [(c.payload["subject"], votes) for c, votes in ranked] == [
        ("C", 5),
        ("B", 3),
        ("E", 3),
        ("A", 0),
    ]


def test_brake_summary_gives_mean_spread_and_count_per_population(plan: Plan) -> None:
    """Test the mean, the standard deviation and the count of each factor; unrated factors and
    populations are (0, 0, 0); hidden answers and unknown populations do not count."""
    answers = [
        _answer(1, Question.BRAKES, {"population_id": "reps", "ratings": {"workload": 1}}),
        _answer(
            2,
            Question.BRAKES,
            {"population_id": "reps", "ratings": {"workload": 3, "email_overlap": 2}},
        ),
        _answer(
            3, Question.BRAKES, {"population_id": "reps", "ratings": {"workload": 0}}, hidden=True
        ),
        _answer(4, Question.BRAKES, {"population_id": "gone", "ratings": {"workload": 3}}),
    ]
    summary = brake_summary(_snapshot(*answers), plan, "sales")
    assert list(summary) == ["reps", "leads", "new"]
    assert list(summary["reps"]) == [f.value for f in ResistanceFactor]
    assert summary["reps"]["workload"] == (2.0, 1.0, 2)
    assert summary["reps"]["email_overlap"] == (2.0, 0.0, 1)
    assert summary["reps"]["market_pressure"] == (0.0, 0.0, 0)
    assert summary["leads"]["workload"] == (0.0, 0.0, 0)


def test_ambassador_summary_sets_proposals_against_what_the_rule_asks(plan: Plan) -> None:
    """Test that each population lists its visible proposals and the ambassadors still needed:
    the rule's goal (1 per 40 by default) of the headcount, rounded up, minus those in the plan;
    nothing without a headcount."""
    reps, leads = {"population_id": "reps"}, {"population_id": "leads"}
    answers = [
        _answer(1, Question.AMBASSADORS, {"name": "Bo", **reps, "volunteer": True}),
        _answer(2, Question.AMBASSADORS, {"name": "Cy", **leads, "volunteer": False}),
        _answer(3, Question.AMBASSADORS, {"name": "Di", **reps, "volunteer": False}, hidden=True),
    ]
    rows = ambassador_summary(_snapshot(*answers), plan, "sales")
    assert [(p.id, [c.id for c in proposals], needed) for p, proposals, needed in rows] == [
        ("reps", [1], 1),  # 80 / 40 = 2, Ana is there
        ("leads", [2], 1),  # 40 / 40 = 1
        ("new", [], 0),  # no headcount
    ]
    stricter = Plan.model_validate(
        {
            **plan.model_dump(mode="json"),
            "thresholds": {"ambassador_preset": "ten_to_twenty_percent"},
        }
    )
    assert [needed for _, _, needed in ambassador_summary(_snapshot(), stricter, "sales")] == [
        15,
        8,
        0,
    ]


def test_objective_list_keeps_visible_objectives_in_order() -> None:
    """Test that the objective answers come oldest first, hidden and other questions left out."""
    answers = [
        _answer(1, Question.OBJECTIVES, _OBJECTIVE),
        _answer(2, Question.OBJECTIVES, _OBJECTIVE, hidden=True),
        _answer(3, Question.TOTEM, {"subject": "x", "benefit": ""}),
        _answer(4, Question.OBJECTIVES, _OBJECTIVE),
    ]
    assert [c.id for c in objective_list(_snapshot(*answers))] == [1, 4]


# --- Adoption -------------------------------------------------------------------------------


def _unchanged_and_valid(before: dict[str, Any], given: Plan, result: Plan) -> None:
    assert given.model_dump(mode="json") == before
    assert Plan.model_validate(result.model_dump(mode="json")) == result
    assert result is not given


def test_adopting_a_subject_sets_it_and_adds_a_new_benefit_once(plan: Plan) -> None:
    """Test that the totem subject is replaced and the benefit appended unless already there."""
    before = plan.model_dump(mode="json")
    answer = _answer(1, Question.TOTEM, {"subject": "Lean selling", "benefit": "Time saved"})
    adopted = adopt_subject(plan, "sales", answer)
    _unchanged_and_valid(before, plan, adopted)
    community = adopted.communities[0]
    assert community.totem_subject == "Lean selling"
    assert community.benefits == ["Answers within a day", "Time saved"]
    again = adopt_subject(adopted, "sales", answer)
    assert again.communities[0].benefits == community.benefits
    plain = _answer(2, Question.TOTEM, {"subject": "Other", "benefit": ""})
    assert adopt_subject(plan, "sales", plain).communities[0].benefits == ["Answers within a day"]
    assert adopted.communities[1] == plan.communities[1]


def test_adopting_ratings_writes_rounded_means_where_someone_rated(plan: Plan) -> None:
    """Test that each rated factor takes its rounded mean (halves up) and the rest stay."""
    before = plan.model_dump(mode="json")
    summary = {
        "reps": {
            "workload": (1.5, 0.5, 2),
            "email_overlap": (2.4, 0.3, 5),
            "market_pressure": (0.0, 0.0, 0),
        },
        "leads": {"tool_reluctance": (0.49, 0.1, 3)},
        "gone": {"workload": (3.0, 0.0, 1)},
    }
    adopted = adopt_ratings(plan, "sales", summary)
    _unchanged_and_valid(before, plan, adopted)
    reps, leads, new = adopted.communities[0].populations
    assert (reps.resistance.workload, reps.resistance.email_overlap) == (2, 2)
    assert reps.resistance.market_pressure is None
    assert leads.resistance.tool_reluctance == 0
    assert new.resistance == plan.communities[0].populations[2].resistance


def test_adopting_ratings_from_the_summary_of_a_session(plan: Plan) -> None:
    """Test that brake_summary feeds adopt_ratings directly."""
    answers = [
        _answer(1, Question.BRAKES, {"population_id": "leads", "ratings": {"workload": 3}}),
        _answer(2, Question.BRAKES, {"population_id": "leads", "ratings": {"workload": 2}}),
    ]
    adopted = adopt_ratings(plan, "sales", brake_summary(_snapshot(*answers), plan, "sales"))
    assert adopted.communities[0].populations[1].resistance.workload == 3


def test_adopting_ambassadors_adds_new_names_with_unique_ids(plan: Plan) -> None:
    """Test that each proposal becomes an ambassador with an id made from the name, unique in
    the community, and that names already there (in any case) are skipped."""
    before = plan.model_dump(mode="json")
    proposals = [
        _answer(1, Question.AMBASSADORS, {"name": "Léa Martin", "population_id": "leads"}),
        _answer(2, Question.AMBASSADORS, {"name": "ana  ruiz", "population_id": "reps"}),
        _answer(3, Question.AMBASSADORS, {"name": "Ana", "population_id": "reps"}),
        _answer(4, Question.AMBASSADORS, {"name": "LÉA MARTIN", "population_id": "reps"}),
        _answer(5, Question.AMBASSADORS, {"name": "李雷", "population_id": "reps"}),
    ]
    adopted = adopt_ambassadors(plan, "sales", proposals)
    _unchanged_and_valid(before, plan, adopted)
    assert [(a.id, a.name, a.population_id) for a in adopted.communities[0].ambassadors] == [
        ("ana", "Ana Ruiz", "reps"),
        ("lea-martin", "Léa Martin", "leads"),
        ("ana-2", "Ana", "reps"),
        ("ambassador", "李雷", "reps"),
    ]
    assert adopt_ambassadors(adopted, "sales", proposals) == adopted


def test_adopting_an_objective_appends_it_once(plan: Plan) -> None:
    """Test that an objective answer becomes an objective of the community, once."""
    before = plan.model_dump(mode="json")
    answer = _answer(1, Question.OBJECTIVES, _OBJECTIVE)
    adopted = adopt_objective(plan, "sales", answer)
    _unchanged_and_valid(before, plan, adopted)
    [objective] = adopted.communities[0].objectives
    assert (objective.indicator, objective.target, objective.due_date.isoformat()) == (
        "Posts",
        3,
        "2027-06-30",
    )
    assert adopt_objective(adopted, "sales", answer) == adopted


def test_adopting_the_wrong_kind_of_answer_or_community_is_refused(plan: Plan) -> None:
    """Test that an adoption checks the answer's question and the community."""
    totem = _answer(1, Question.TOTEM, {"subject": "x", "benefit": ""})
    with pytest.raises(LiveInputError) as wrong:
        adopt_objective(plan, "sales", totem)
    assert render(wrong.value.message, "en") == (
        "This answer is about the totem subject; adopt it with the matching step"
    )
    with pytest.raises(LiveError):
        adopt_ambassadors(plan, "sales", [totem])
    with pytest.raises(LiveInputError) as community:
        adopt_subject(plan, "nowhere", totem)
    assert community.value.field == "community_id"


_FR_NOTE = "Adopté depuis la session en direct\u00a0: "


@pytest.mark.parametrize(
    ("question", "answers", "lang", "expected"),
    [
        ("totem", 12, "en", "Adopted from the live session: totem subject (12 answers)"),
        ("totem", 1, "en", "Adopted from the live session: totem subject (1 answer)"),
        (Question.BRAKES, 0, "en", "Adopted from the live session: brake ratings (0 answers)"),
        ("totem", 12, "fr", f"{_FR_NOTE}sujet totem (12 réponses)"),
        ("ambassadors", 1, "fr", f"{_FR_NOTE}ambassadeurs (1 réponse)"),
        ("objectives", 0, "fr", f"{_FR_NOTE}objectif (0 réponse)"),
        ("brakes", 1500, "fr", f"{_FR_NOTE}notes des freins (1\u202f500 réponses)"),
    ],
)
def test_the_adoption_note_says_what_and_how_many_answers(
    question: str, answers: int, lang: str, expected: str
) -> None:
    """Test the revision note of an adoption, its count agreeing in both languages."""
    assert adoption_note(question, answers, lang) == expected


# --- Catalogue ------------------------------------------------------------------------------

#: Every live.* id with the parameters the code passes.
LIVE_MESSAGES: dict[str, set[str]] = {
    **{f"live.question.{q.value}": set() for q in Question},
    **{f"live.adopted.{q.value}": set() for q in Question},
    "live.adoption_note": {"what", "answers"},
    "live.error.not_found": {"code"},
    "live.error.closed": {"code"},
    "live.error.unknown_participant": set(),
    "live.error.voting_locked": set(),
    "live.input.unknown_community": {"community_id"},
    "live.input.not_an_answer": set(),
    "live.input.unknown_question": {"question"},
    "live.input.unknown_field": {"name", "known"},
    "live.input.required": set(),
    "live.input.not_text": set(),
    "live.input.line_break": {"position", "code"},
    "live.input.tab_character": {"position", "code"},
    "live.input.bidi_character": {"position", "code"},
    "live.input.control_character": {"position", "code"},
    "live.input.too_long": {"count", "limit"},
    "live.input.pick_population": set(),
    "live.input.unknown_population": {"population_id"},
    "live.input.no_ratings": set(),
    "live.input.unknown_factor": {"factor"},
    "live.input.rating": set(),
    "live.input.yes_no": set(),
    "live.input.number": set(),
    "live.input.date": set(),
    "live.input.votes": set(),
    "live.input.no_candidate": set(),
    "live.input.no_answer": set(),
    "live.input.wrong_question": {"found"},
    "live.limit.answers": {"limit"},
    "live.limit.too_fast": {"seconds"},
    "live.limit.votes": {"limit", "left"},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_live_message_has_a_text_with_its_parameters(lang: str) -> None:
    """Test that the live catalogue holds exactly the ids the code emits, each template using
    only the parameters it gets."""
    texts = {k: v for k, v in catalogue(lang).items() if k.startswith("live.")}
    assert set(texts) == set(LIVE_MESSAGES)
    for key, entry in texts.items():
        for template in templates_of(entry):
            fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert fields <= LIVE_MESSAGES[key], key
