"""The session's keys: what ``st.session_state`` holds besides widgets, and page widget keys.

Owns the names of the session's keys, the per-language widget keys, the binding of widgets to
plan fields and the forgetting of page widgets when another plan is opened.

Shared state lives in non-widget keys: ``plan`` (the ``Plan`` in hand), ``plan_id`` and
``base_revision`` (where it lives in the plan store and the revision it is based on),
``saved_plan`` and ``saved_at`` (the last plan handed to the store, and when), ``conflict`` (a save
the store refused), ``lang`` (``"en"`` or ``"fr"``), ``workshop`` (bool), ``author`` and
``current_page``. The query parameter ``open`` carries a deep link's page through the router on a
fresh server (``route_through_app``) and, with no plan in hand, through the start page until a plan
is opened (``start_pages``, ``carry_deep_link``). Widget keys start with their page's name, so
opening another plan can forget them all. Imports ``workbook.steps`` and ``workbook.text``; it
never writes to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn
from urllib.parse import urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from planner.i18n import LANGUAGES
from workbook.steps import OTHER_PAGES, PAGE_NAMES
from workbook.text import lang


def lang_key(name: str) -> str:
    """A widget key for today's language, carrying the choice over from the other language.

    A select box or radio whose option labels are translated must not keep its key across a
    language switch: Streamlit matches the stored choice by its label, which no longer exists,
    and hands back the stale label. A key per language avoids that; the choice made in the other
    language is copied over, so switching language never loses it.
    """
    key = f"{name}.{lang()}"
    if key not in st.session_state:
        for other in LANGUAGES:
            previous = f"{name}.{other}"
            if previous != key and previous in st.session_state:
                st.session_state[key] = st.session_state[previous]
                break
    return key


def bind(key: str, value: Any) -> str:
    """Give a widget that shows a plan field its value from the plan, unless the user has one.

    Widgets bound to the plan take their value through Session State, never through their
    ``value`` argument: a value set this way also reaches the browser, so after another plan
    is opened (which forgets these keys) the widget shows the new plan, not the old one.
    Returns ``key``, for the widget's ``key`` argument.
    """
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def reset_page_widgets() -> None:
    """Forget every page widget's state, so widgets show the values of a newly opened plan."""
    prefixes = tuple(f"{name}_" for name in (*PAGE_NAMES, *OTHER_PAGES))
    for key in list(st.session_state.keys()):
        if str(key).startswith(prefixes):
            del st.session_state[key]


def current_page() -> str:
    """The url path of the page the router is running (the first step before it has run)."""
    return str(st.session_state.get("current_page", PAGE_NAMES[0]))


#: Query parameter that carries the page a deep link asked for through the router.
OPEN_PARAM = "open"


def route_through_app() -> NoReturn:
    """Send a page that runs alone back through ``app.py``, keeping the link's plan and page.

    Until ``app.py`` has called ``st.navigation`` once, a fresh server runs a deep link's page
    file alone (Streamlit's older ``pages/`` folder mode), with none of the router's state. The
    link's query parameters and its page go along, so ``/tracking?plan=ID`` opened first after
    a restart still opens that plan on that page.
    """
    wanted = st.query_params.to_dict()
    page = urlsplit(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    if page:
        wanted[OPEN_PARAM] = page
    st.switch_page("app.py", query_params=wanted)


def start_pages(script: str, title: str) -> list[StreamlitPage]:
    """The start page (``script``, the default page), and a stand-in for it at every other
    page's address.

    With no plan in hand only the start page is registered; without the stand-ins a link to
    ``/timeline`` (a bookmark, a link without ``?plan=``) showed Streamlit's "page not found"
    dialog over it. :func:`carry_deep_link` sends a stand-in back to the start page.
    """
    stand_ins = [
        st.Page(script, title=title, url_path=name) for name in (*PAGE_NAMES, *OTHER_PAGES)
    ]
    return [st.Page(script, title=title, default=True), *stand_ins]


def carry_deep_link(start: StreamlitPage, current: StreamlitPage) -> None:
    """On a stand-in of :func:`start_pages`, go to the start page's own address, carrying the
    page asked for in ``?open=``: once a plan is opened, :func:`open_requested` goes there."""
    if current.url_path == start.url_path:
        return
    wanted = st.query_params.to_dict()
    wanted[OPEN_PARAM] = current.url_path
    st.switch_page(start, query_params=wanted)


def open_requested(pages: Sequence[StreamlitPage], current: StreamlitPage) -> None:
    """Once the router has its pages, switch to the page ``route_through_app`` carried."""
    wanted = st.query_params.get(OPEN_PARAM)
    if wanted is None:
        return
    del st.query_params[OPEN_PARAM]
    page = next((p for p in pages if p.url_path == wanted), None)
    if page is not None and page.url_path != current.url_path:
        st.switch_page(page)
