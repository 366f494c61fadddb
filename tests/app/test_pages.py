"""Every page of the workbook runs in both languages on every sample plan and on a new plan."""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES, PLANS, RAW_ID, Start, page_text


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("plan", PLANS)
def test_page_runs_and_shows_no_raw_catalogue_id(
    start_app: Start, plan: str, lang: str, page: str
) -> None:
    """Test that the page runs without exception and every text is rendered, not a raw id."""
    at = start_app(plan=plan, lang=lang, page=page)
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert RAW_ID.findall(text) == []
    assert at.title, "every page has a title"


def test_first_start_offers_the_french_sample_in_french_with_its_scorecard(
    start_app: Start,
) -> None:
    """Test that a newcomer previewing the French sample sees it in French, with the scorecard."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception
    at.button(key="start_sample_fr-industrie").click().run()
    assert not at.exception
    assert at.session_state["lang"] == "fr"
    assert at.session_state["plan"].organisation == "Ardelys Industrie"
    text = page_text(at)
    assert "Préparation globale" in text
    assert "Sujet totem" in text


def test_pages_show_dates_and_numbers_in_french(start_app: Start) -> None:
    """Test that French pages write dates and thousands the French way."""
    at = start_app(plan="fr-industrie", lang="fr")
    text = page_text(at)
    assert "1\u202f366" in text  # people invited
    assert "15 mars 2027" in text
