"""Words and numbers on screen: the user's language, translations, formatting, and the one
way user text reaches Markdown.

Owns the reading of the chosen language (session key ``lang``), catalogue look-ups in it, dates,
times and numbers written for it and for the browser's time zone, and :func:`literal`, the escape
helper: Streamlit reads Markdown, its ``:red[…]`` and ``:material/…:`` directives, ``$…$`` math
and autolinks in captions, labels, badges, expanders, tabs and alerts, so every text a user typed
(names, criteria, descriptions, totem subjects, file names, problem messages quoting them) goes
through :func:`literal` — directly, or as a parameter of :func:`md` and :func:`render_md` —
before it meets Markdown. Plain-text places (select box options, grid cells, file names, chart
labels) take the text as typed. Imports streamlit and ``planner.i18n`` only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_time as _babel_format_time

from planner.i18n import Message, format_date, format_number, translate

#: Every ASCII punctuation character: CommonMark lets a backslash make any of them literal, which
#: covers emphasis, links, code, headings, lists, tables, HTML, ``$`` math and the ``:`` and
#: ``[ ]`` of Streamlit's directives.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
#: What GitHub-flavoured Markdown turns into a link even when its punctuation is escaped
#: (``https://…``, ``www.…``, ``name@host``): an invisible word joiner breaks the pattern.
_AUTOLINK = re.compile(r"(?i)https?|ftp|mailto|www|xmpp|@")
_WORD_JOINER = "\u2060"
#: Leading spaces would make an indented code block of a line of a long text.
_LINE_START = re.compile(r"\n[ \t]+")


class Markdown(str):
    """Text that is Markdown on purpose: catalogue text, with any user text in it made literal."""


def literal(text: str) -> Markdown:
    """User text made literal wherever Streamlit reads Markdown: shown exactly as typed.

    Every ASCII punctuation character gets a backslash (``**Q3**`` → ``\\*\\*Q3\\*\\*``), an
    invisible word joiner breaks autolinks (``https://``, ``www.``, ``@``), leading spaces of a
    line are dropped (they would start a code block) and line breaks stay line breaks.
    """
    escaped = _PUNCTUATION.sub(r"\\\1", _LINE_START.sub("\n", text.strip()))
    escaped = _AUTOLINK.sub(lambda match: match[0][0] + _WORD_JOINER + match[0][1:], escaped)
    return Markdown(escaped.replace("\n", "  \n"))


def _safe(value: Any) -> Any:
    """A message parameter with every user text in it made literal."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, Message):
        return Message(value.id, _safe_params(value.params))
    if isinstance(value, list | tuple):
        return [_safe(item) for item in value]
    return value


def _safe_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _safe(value) for key, value in params.items()}


def md(key: str, **params: Any) -> Markdown:
    """Translate ``key`` for a Markdown place: text parameters are made literal.

    Pass a :class:`Markdown` value (a badge, an already rendered line) to keep it as it is.
    """
    return Markdown(translate(key, lang(), **_safe_params(params)))


def render_md(message: Message, language: str) -> Markdown:
    """Render a planner message for a Markdown place: the user texts it quotes made literal."""
    return Markdown(translate(message.id, language, **_safe_params(message.params)))


def lang() -> str:
    """The language the user chose."""
    return str(st.session_state.get("lang", "en"))


def browser_language() -> str:
    """The browser's language when it is French, else English."""
    locale = str(getattr(st.context, "locale", None) or "")
    return "fr" if locale.lower().startswith("fr") else "en"


def t(key: str, **params: Any) -> str:
    """Translate a catalogue id into the user's language."""
    return translate(key, lang(), **params)


def has_text(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return translate(key, "en") != key


def labels(prefix: str) -> Callable[[Any], str]:
    """A format_func naming options by catalogue id ``prefix + option``, in today's language.

    The language is fixed when the widget is drawn: the function may be called later, outside
    the script run (AppTest does), where the session state cannot be read.
    """
    language = lang()
    return lambda option: translate(f"{prefix}{option}", language)


def _timezone() -> Any:
    name = getattr(st.context, "timezone", None)
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def clock(moment: datetime) -> str:
    """A time of day in the user's language and time zone (``15:04:05``, ``3:04:05 PM``)."""
    return str(_babel_format_time(moment, format="medium", tzinfo=_timezone(), locale=lang()))


def moment(value: datetime) -> str:
    """A date and time in the user's language and time zone."""
    return str(_babel_format_datetime(value, format="short", tzinfo=_timezone(), locale=lang()))


def day(value: date | None) -> str:
    """A date in the user's language, or an empty string."""
    return format_date(value, lang(), style="medium") if value else ""


def number(value: float, decimals: int = 0) -> str:
    """A number in the user's language."""
    return format_number(value, lang(), decimals=decimals)
