"""Shared fixtures of the workbook tests: an AppTest of app.py with a chosen plan and language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest, app_test

from planner.models import SCHEMA_VERSION, Language, Plan
from planner.planfile import load_plan
from planner.store import PlanStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SAMPLES = {
    "fr-industrie": ROOT / "sample_data" / "fr-industrie-plan.json",
    "en-team": ROOT / "sample_data" / "en-team-plan.json",
    "critical": ROOT / "sample_data" / "critical-plan.json",
}
PLANS = (*SAMPLES, "new")
PAGES = (
    "plan",
    "communities",
    "populations",
    "people",
    "sponsors",
    "timeline",
    "readiness",
    "forecast",
    "export",
)

#: A catalogue id left unrendered: a known domain prefix followed by dotted lower-case parts.
RAW_ID = re.compile(
    r"\b(?:ui|table|indicator|level|factor|role|figures|forecast|error|planfile)"
    r"\.[a-z_]+(?:\.[a-z0-9_\-]+)*\b"
)


def make_plan(name: str) -> Plan:
    """Return a sample plan by name, or a new empty plan for ``"new"``."""
    if name == "new":
        return Plan(schema_version=SCHEMA_VERSION, name="New launch plan", language=Language.EN)
    return load_plan(SAMPLES[name])


Start = Callable[..., AppTest]


class _NavigationPagesManager(pages_manager.PagesManager):
    """A pages manager that, like a running server, never falls back to pages/-folder mode.

    A server leaves Streamlit's old pages/-folder mode for good as soon as app.py calls
    st.navigation; AppTest detects the folder again before every run, so without this every
    run after the first would execute the current page alone, without app.py and its sidebar.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every AppTest the way the server runs app.py: always through st.navigation."""
    monkeypatch.setattr(app_test, "PagesManager", _NavigationPagesManager)


@pytest.fixture
def start_app() -> Start:
    """Start the workbook with a plan and a language, run it once, optionally open a page."""

    def start(
        plan: str = "fr-industrie", lang: str | None = None, page: str | None = None
    ) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state["plan"] = make_plan(plan)
        if lang is not None:
            at.session_state["lang"] = lang
        at.run()
        if page is not None and page != "plan":
            at.switch_page(f"pages/{page}.py").run()
        return at

    return start


#: A backslash before ASCII punctuation, or the word joiner that breaks autolinks: how
#: ``workbook.text.literal`` keeps user text literal in Markdown, which the browser never shows.
_ESCAPES = re.compile(r"\\([!-/:-@\[-`{-~])|\u2060")


def shown(markdown: str) -> str:
    """The text a user reads for a Markdown source: escapes resolved (AppTest sees the source)."""
    return _ESCAPES.sub(lambda match: match[1] or "", markdown)


def visible_texts(at: AppTest) -> list[str]:
    """Every text the page shows: markdown, labels, options, headers of grids, chart texts."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        for attribute in ("value", "label", "body", "help", "placeholder"):
            try:
                value = getattr(node, attribute, None)
            except Exception:  # some widgets cannot compute a value outside a run
                value = None
            if isinstance(value, str):
                texts.append(shown(value))
        options = getattr(node, "options", None)
        if isinstance(options, list):
            texts.extend(str(option) for option in options)
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", "") == "dataframe":
            columns = json.loads(proto.columns or "{}")
            texts.extend(str(config.get("label", "")) for config in columns.values())
        if proto is not None and getattr(node, "type", "") == "plotly_chart":
            texts.append(proto.spec)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts


def page_text(at: AppTest) -> str:
    """All visible texts of the page, joined."""
    return "\n".join(visible_texts(at))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    """A fresh plan store in a temporary SQLite file, the one the app will open."""
    url = f"sqlite:///{tmp_path / 'totem.db'}"
    monkeypatch.setenv("TOTEM_DATABASE_URL", url)
    st.cache_resource.clear()
    with PlanStore(url) as opened:
        yield opened
    st.cache_resource.clear()
