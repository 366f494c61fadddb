"""Translation catalogue and locale formatting shared by the core, the workbook and the exports.

Texts live in ``planner/locales/<domain>.<lang>.json`` (flat ``{"message.id": "template"}``
files); templates use ``str.format`` fields. The core returns ``Message`` objects (an id with its
parameters) and the edges render them in the user's language: dates, numbers, percentages and
lists are formatted for that language with Babel.

Example::

    >>> render(Message("demo.launch_on", {"day": date(2027, 1, 12)}), "fr")
    'Lancement le 12 janvier 2027'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date as _babel_format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
_LOCALES = Path(__file__).parent / "locales"


# Messages and their parameters are value objects, never changed after creation; they are not
# declared frozen because a frozen dataclass is about three times slower to build, and the core
# builds thousands of them for a large plan.
@dataclass(slots=True)
class Percent:
    """A share (0.12 for 12 %) that renders as a percentage in the chosen language."""

    value: float


@dataclass(slots=True)
class Message:
    """A text to show: a catalogue id and the parameters its template takes."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Return a JSON-ready form: id, raw parameters and, with ``lang``, the rendered text."""
        data: dict[str, Any] = {
            "id": self.id,
            "params": {k: _raw(v) for k, v in self.params.items()},
        }
        if lang is not None:
            data["text"] = render(self, lang)
        return data


def _raw(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_raw(item) for item in value]
    return value


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Return every template of ``lang``, merged from the domain files.

    Raises:
        ValueError: the language is unknown, or two files define the same id.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    merged: dict[str, str] = {}
    for path in sorted(_LOCALES.glob(f"*.{lang}.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path.name} redefines {', '.join(sorted(clash))}")
        merged.update(entries)
    return merged


def has_message(message_id: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether the catalogue of ``lang`` defines ``message_id``."""
    return message_id in catalogue(lang)


def translate(message_id: str, lang: str, /, **params: Any) -> str:
    """Render the template ``message_id`` in ``lang`` with its parameters formatted for it.

    Falls back to English, then to the id itself, so a missing text never breaks a page (the
    catalogue tests catch it instead).
    """
    template = catalogue(lang).get(message_id) or catalogue(DEFAULT_LANGUAGE).get(message_id)
    if template is None:
        return message_id
    if not params:
        return template
    return template.format(**{key: format_value(value, lang) for key, value in params.items()})


def render(message: Message, lang: str) -> str:
    """Render a ``Message`` in ``lang``."""
    return translate(message.id, lang, **message.params)


def format_date(day: date, lang: str, *, style: str = "long") -> str:
    """Format a date for ``lang``: ``12 janvier 2027`` / ``January 12, 2027`` in the long style."""
    return str(_babel_format_date(day, format=style, locale=lang))


def format_number(value: float, lang: str, *, decimals: int = 0) -> str:
    """Format a number for ``lang`` (``1 500`` in French, ``1,500`` in English)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(round(value, decimals), format=pattern, locale=lang))


def format_share(value: float, lang: str, *, decimals: int = 0) -> str:
    """Format a share (0.125) as a percentage for ``lang`` (``12,5 %`` / ``12.5%``)."""
    return str(format_percent(round(value, decimals + 2), locale=lang, decimal_quantization=False))


def format_value(value: Any, lang: str) -> str:
    """Format one message parameter for ``lang``."""
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, Percent):
        return format_share(value.value, lang, decimals=1 if value.value < 0.1 else 0)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, decimals=1)
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = [format_value(item, lang) for item in value]
        return str(format_list(items, locale=lang)) if items else ""
    return str(value)
