"""The translation catalogue: complete in both languages, typeset, and formatting per language."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from planner.i18n import (
    PLURAL_CATEGORIES,
    Message,
    Percent,
    catalogue,
    format_date,
    format_number,
    format_share,
    render,
    templates_of,
    translate,
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _all_templates(lang: str) -> list[tuple[str, str]]:
    """Every (id, template) of a language, each form of a plural entry on its own."""
    return [
        (key, template)
        for key, entry in catalogue(lang).items()
        for template in templates_of(entry)
    ]


def test_both_languages_define_the_same_ids() -> None:
    """Test that no id is missing in English or in French."""
    english, french = set(catalogue("en")), set(catalogue("fr"))
    assert sorted(english - french) == []
    assert sorted(french - english) == []


def test_templates_take_the_same_parameters_in_both_languages() -> None:
    """Test that a French entry uses exactly the fields of its English twin, all forms together."""
    mismatched = []
    for key, english in catalogue("en").items():
        fields_en = set().union(*(_fields(template) for template in templates_of(english)))
        french = catalogue("fr")[key]
        fields_fr = set().union(*(_fields(template) for template in templates_of(french)))
        if fields_en != fields_fr:
            mismatched.append(key)
    assert mismatched == []


def test_french_texts_follow_french_typography() -> None:
    """Test that French uses ’, and no-break spaces before : ; ! ? and inside « »."""
    faults = []
    for key, text in _all_templates("fr"):
        if "'" in text:
            faults.append(f"{key}: straight apostrophe")
        if re.search(r"(?<![\u00a0\u202f]):\s", text) and not re.search(r"https?:", text):
            faults.append(f"{key}: ':' without a no-break space before it")
        if re.search(r"(?<!\u202f)[;!?](\s|$)", text):
            faults.append(f"{key}: ';', '!' or '?' without a narrow no-break space")
        if re.search(r"«(?!\u202f)|(?<!\u202f)»", text):
            faults.append(f"{key}: « » without narrow no-break spaces")
    assert faults == []


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "January 12, 2027"), ("fr", "12 janvier 2027")]
)
def test_dates_follow_the_language(lang: str, expected: str) -> None:
    """Test that long dates are written the way each language writes them."""
    assert format_date(date(2027, 1, 12), lang) == expected


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "expected"),
    [
        ("en", 1500, 0, "1,500"),
        ("fr", 1500, 0, "1\u202f500"),
        ("fr", 2.5, 1, "2,5"),
        ("en", 2.0, 1, "2"),
    ],
)
def test_numbers_follow_the_language(lang: str, value: float, decimals: int, expected: str) -> None:
    """Test that thousands and decimal separators follow the language."""
    assert format_number(value, lang, decimals=decimals) == expected


def test_shares_render_as_percentages() -> None:
    """Test that shares become percentages with the language's spacing."""
    assert format_share(0.125, "fr", decimals=1) == "12,5\u00a0%"
    assert format_share(0.125, "en", decimals=1) == "12.5%"
    assert render(
        Message("indicator.ambassadors.ok", {"count": 3, "goal": Percent(0.025)}), "en"
    ) == ("Every population has ambassadors for at least 2.5% of its headcount (ambassadors: 3).")


def test_unknown_id_falls_back_to_the_id() -> None:
    """Test that a missing text shows its id instead of breaking the page."""
    assert translate("no.such.message", "fr") == "no.such.message"


def test_unknown_language_is_refused() -> None:
    """Test that asking for a language the catalogue lacks raises a clear error."""
    with pytest.raises(ValueError, match="unknown language 'de'"):
        catalogue("de")


# --- Plural entries ---------------------------------------------------------------------------

#: Real ids, with the parameters they take, and what they say for 0, 1, 2 and a large number.
PLURAL_CASES = [
    ("en", "ui.plans.count", {}, "count", ["0 plans", "1 plan", "2 plans", "1,500 plans"]),
    ("fr", "ui.plans.count", {}, "count", ["0 plan", "1 plan", "2 plans", "1\u202f500 plans"]),
    (
        "en",
        "ui.plans.row",
        {"time": "today"},
        "revisions",
        [
            "Last saved today · 0 revisions",
            "Last saved today · 1 revision",
            "Last saved today · 2 revisions",
            "Last saved today · 1,500 revisions",
        ],
    ),
    (
        "fr",
        "ui.plans.row",
        {"time": "aujourd’hui"},
        "revisions",
        [
            "Enregistré le aujourd’hui · 0 version",
            "Enregistré le aujourd’hui · 1 version",
            "Enregistré le aujourd’hui · 2 versions",
            "Enregistré le aujourd’hui · 1\u202f500 versions",
        ],
    ),
    (
        "en",
        "figures.gantt.hover_count",
        {},
        "count",
        ["0 tasks", "1 task", "2 tasks", "1,500 tasks"],
    ),
    (
        "fr",
        "figures.gantt.hover_count",
        {},
        "count",
        ["0 tâche", "1 tâche", "2 tâches", "1\u202f500 tâches"],
    ),
    (
        "en",
        "indicator.sponsor_support.sponsor_silent",
        {"sponsor": "Ana"},
        "days",
        [
            "Ana stays silent for 0 days in a row.",
            "Ana stays silent for 1 day in a row.",
            "Ana stays silent for 2 days in a row.",
            "Ana stays silent for 1,500 days in a row.",
        ],
    ),
    (
        "fr",
        "indicator.sponsor_support.sponsor_silent",
        {"sponsor": "Ana"},
        "days",
        [
            "Ana reste silencieux 0 jour d’affilée.",
            "Ana reste silencieux 1 jour d’affilée.",
            "Ana reste silencieux 2 jours d’affilée.",
            "Ana reste silencieux 1\u202f500 jours d’affilée.",
        ],
    ),
    (
        "en",
        "ui.import.apply",
        {},
        "count",
        ["Apply these 0 rows", "Apply 1 row", "Apply these 2 rows", "Apply these 1,500 rows"],
    ),
    (
        "fr",
        "ui.import.apply",
        {},
        "count",
        [
            "Appliquer 0 ligne",
            "Appliquer 1 ligne",
            "Appliquer ces 2 lignes",
            "Appliquer ces 1\u202f500 lignes",
        ],
    ),
    (
        "fr",
        "ui.readiness.counts",
        {"watch": 1},
        "ok",
        [
            "0 prêt, 1 à surveiller, 0 critique",
            "1 prêt, 1 à surveiller, 1 critique",
            "2 prêts, 1 à surveiller, 2 critiques",
            "1\u202f500 prêts, 1 à surveiller, 1\u202f500 critiques",
        ],
    ),
]


@pytest.mark.parametrize(("lang", "message_id", "params", "counted", "expected"), PLURAL_CASES)
@pytest.mark.parametrize(("index", "count"), [(0, 0), (1, 1), (2, 2), (3, 1500)])
def test_counts_agree_with_their_words(
    lang: str,
    message_id: str,
    params: dict[str, object],
    counted: str,
    expected: list[str],
    index: int,
    count: int,
) -> None:
    """Test that 0, 1, 2 and 1,500 take the plural form CLDR gives them in each language."""
    values = {**params, counted: count}
    if message_id == "ui.readiness.counts":
        values["critical"] = count
    assert translate(message_id, lang, **values) == expected[index]


@pytest.mark.parametrize(
    ("lang", "shown", "expected"),
    [
        ("en", 1.0, "1 day"),  # a float shown as "1" is one
        ("en", 1.5, "1.5 days"),
        ("fr", 1.5, "1,5 jour"),  # French: one below 2
        ("en", "1", "1 day"),  # a number already formatted for the language
        ("fr", "1\u202f500", "1\u202f500 jours"),
        ("en", "%{y}", "%{y} days"),  # a placeholder only the browser fills in: other
    ],
)
def test_the_form_follows_the_number_as_shown(lang: str, shown: object, expected: str) -> None:
    """Test that floats and preformatted numbers choose the form of what the reader sees."""
    text = translate("figures.dates", lang, start="a", end="b", days=shown)
    assert text.endswith(f"({expected})")


def test_a_million_in_french_falls_back_to_other() -> None:
    """Test that French 'many' (1 000 000), which no entry defines, takes the 'other' form."""
    assert translate("ui.plans.count", "fr", count=1_000_000) == "1\u202f000\u202f000 plans"


def test_a_plural_entry_without_parameters_shows_its_other_form() -> None:
    """Test that a plural id rendered without a count degrades to its template, not an error."""
    assert translate("ui.plans.count", "en") == "{count} plans"


def test_every_set_of_forms_has_one_and_other() -> None:
    """Test that both languages give the singular and the plural of every counted word."""
    faults = []
    for lang in ("en", "fr"):
        for key, entry in catalogue(lang).items():
            if isinstance(entry, str):
                continue
            sets = (
                [entry]
                if "text" not in entry
                else [forms for name, forms in entry.items() if name != "text"]
            )
            for forms in sets:
                assert isinstance(forms, dict)
                if not {"one", "other"} <= forms.keys() <= PLURAL_CATEGORIES:
                    faults.append(f"{lang} {key}")
    assert faults == []


#: Words that agree with a count in front of them. A template with one of these right after a
#: number field must be a plural entry. Sizes in bytes and nesting levels are left out: they are
#: only shown over limits of millions of bytes and 64 levels, never for 0 or 1.
PLURAL_WORDS = {
    "en": (
        "plans|revisions|versions|rows|problems|tasks|communities|ambassadors|findings|"
        "populations|weeks|days|members|people|sponsors|events|creators|contributors|readers|"
        "items|characters|actions|objectives|rituals|waves"
    ),
    "fr": (
        "plans|versions|lignes|problèmes|tâches|communautés|ambassadeurs|constats|populations|"
        "semaines|jours|membres|personnes|sponsors|événements|créateurs|contributeurs|lecteurs|"
        "éléments|caractères|actions|objectifs|rituels|vagues|autres|nécessaires|prévus|prêts|"
        "critiques"
    ),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_count_is_followed_by_a_fixed_plural(lang: str) -> None:
    """Test that "{count} plans" or "({days} days)" only appear inside plural entries."""
    after_number = re.compile(r"\{[a-z_]+\}\s+(?:" + PLURAL_WORDS[lang] + r")\b|\(s\)")
    fixed = [
        f"{key}: {entry}"
        for key, entry in catalogue(lang).items()
        if isinstance(entry, str) and after_number.search(entry)
    ]
    assert fixed == []


def test_a_malformed_plural_entry_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test that an unknown category or a missing 'other' stops the catalogue from loading."""
    import planner.i18n as i18n

    (tmp_path / "demo.en.json").write_text(
        '{"demo.count": {"one": "{count} plan", "several": "{count} plans"}}', encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "_LOCALES", tmp_path)
    catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="several is not a CLDR plural category"):
            catalogue("en")
    finally:
        monkeypatch.undo()
        catalogue.cache_clear()
