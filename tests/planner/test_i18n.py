"""The translation catalogue: complete in both languages, typeset, and formatting per language."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from planner.i18n import (
    Message,
    Percent,
    catalogue,
    format_date,
    format_number,
    format_share,
    render,
    translate,
)


def test_both_languages_define_the_same_ids() -> None:
    """Test that no id is missing in English or in French."""
    english, french = set(catalogue("en")), set(catalogue("fr"))
    assert sorted(english - french) == []
    assert sorted(french - english) == []


def test_templates_take_the_same_parameters_in_both_languages() -> None:
    """Test that a French template uses exactly the fields of its English twin."""
    formatter = string.Formatter()
    mismatched = []
    for key, english in catalogue("en").items():
        fields_en = {name for _, name, _, _ in formatter.parse(english) if name}
        fields_fr = {name for _, name, _, _ in formatter.parse(catalogue("fr")[key]) if name}
        if fields_en != fields_fr:
            mismatched.append(key)
    assert mismatched == []


def test_french_texts_follow_french_typography() -> None:
    """Test that French uses ’, and no-break spaces before : ; ! ? and inside « »."""
    faults = []
    for key, text in catalogue("fr").items():
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
