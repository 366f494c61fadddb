"""Words and numbers on screen: the user's language, translations and locale formatting.

Owns the reading of the chosen language (session key ``lang``), catalogue look-ups in it, and
dates, times and numbers written for it and for the browser's time zone. Imports streamlit and
``planner.i18n`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_time as _babel_format_time

from planner.i18n import format_date, format_number, translate


def lang() -> str:
    """The language the user chose."""
    return str(st.session_state.get("lang", "en"))


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
