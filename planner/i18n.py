"""Translation catalogue and locale formatting shared by the core, the workbook and the exports.

Texts live in ``planner/locales/<domain>.<lang>.json`` (``{"message.id": entry}`` files);
templates use ``str.format`` fields. The core returns ``Message`` objects (an id with its
parameters) and the edges render them in the user's language: dates, numbers, percentages and
lists are formatted for that language with Babel.

Example::

    >>> render(Message("demo.launch_on", {"day": date(2027, 1, 12)}), "fr")
    'Lancement le 12 janvier 2027'

Plural entries
--------------
An entry is a template (a string) or, when it shows a count next to a word that agrees with
it, a *plural entry*: a JSON object whose forms are keyed by CLDR plural category (``"one"``,
``"other"``, and ``"zero"``, ``"two"``, ``"few"`` or ``"many"`` where a language needs them).
The rule is **a number chooses the form of the words that show it**:

- An object of forms is the whole text, chosen by the parameter ``count``::

      "ui.plans.count": {"one": "{count} plan", "other": "{count} plans"}

- An object with ``"text"`` is the whole text, and each of its other keys is a parameter of
  that text with the forms that show it, chosen by that parameter's own value. This is how a
  count under another name, or a text with several counts, agrees::

      "ui.plans.row": {
        "text": "Last saved {time} · {revisions}",
        "revisions": {"one": "{revisions} revision", "other": "{revisions} revisions"}
      }

Babel's CLDR rules pick the category for the language: in English 1 is ``one`` and 0 or 2
``other``; in French 0 and 1 (and 1.5) are ``one``. A category an entry does not define falls
back to ``other``, which every set of forms has. The category is chosen from the number as it
is shown: an ``int``, a ``float`` (as rounded for display), or a number already formatted for
the language (``"1 500"``, as charts pass them); anything else, such as a Plotly placeholder
that only the browser fills in, takes ``other`` — such texts say ``Members: {members}`` rather
than ``{members} members``. The two languages may shape an entry differently (French makes
adjectives agree where English has no plural): the catalogue tests compare the parameters of
all of an entry's templates, which ``templates_of`` lists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list
from babel.numbers import NumberFormatError, format_decimal, format_percent, parse_decimal

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
_LOCALES = Path(__file__).parent / "locales"

#: The CLDR plural categories a plural entry may key its forms by.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})

#: Forms of one text or one parameter, keyed by plural category.
Forms: TypeAlias = Mapping[str, str]
#: A catalogue entry: a template, forms chosen by ``count``, or a text with plural parameters.
Entry: TypeAlias = str | Mapping[str, str | Forms]


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
def catalogue(lang: str) -> Mapping[str, Entry]:
    """Return every entry of ``lang``, merged from the domain files.

    Raises:
        ValueError: the language is unknown, two files define the same id, or a plural entry
            is malformed (see the module docstring).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    merged: dict[str, Entry] = {}
    for path in sorted(_LOCALES.glob(f"*.{lang}.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path.name} redefines {', '.join(sorted(clash))}")
        for message_id, entry in entries.items():
            _check_entry(entry, f"{path.name}: {message_id}")
        merged.update(entries)
    return merged


def _check_entry(entry: object, where: str) -> None:
    if isinstance(entry, str):
        return
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a text or a plural entry (an object)")
    if "text" not in entry:
        _check_forms(entry, where)
        return
    if not isinstance(entry["text"], str):
        raise ValueError(f'{where}: "text" must be a text')
    for name, forms in entry.items():
        if name != "text":
            if not isinstance(forms, dict) or f"{{{name}}}" not in entry["text"]:
                raise ValueError(f'{where}: {name!r} must be the forms of a field of "text"')
            _check_forms(forms, f"{where}.{name}")


def _check_forms(forms: dict[str, Any], where: str) -> None:
    unknown = sorted(forms.keys() - PLURAL_CATEGORIES)
    if unknown:
        raise ValueError(f"{where}: {', '.join(unknown)} is not a CLDR plural category")
    if "other" not in forms or not all(isinstance(form, str) for form in forms.values()):
        raise ValueError(f'{where}: forms must be texts, "other" among them')


def templates_of(entry: Entry) -> list[str]:
    """Return every template of a catalogue entry: itself, or each form of a plural entry."""
    if isinstance(entry, str):
        return [entry]
    found: list[str] = []
    for value in entry.values():
        found += [value] if isinstance(value, str) else list(value.values())
    return found


def has_message(message_id: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether the catalogue of ``lang`` defines ``message_id``."""
    return message_id in catalogue(lang)


def translate(message_id: str, lang: str, /, **params: Any) -> str:
    """Render the entry ``message_id`` in ``lang`` with its parameters formatted for it.

    A plural entry takes the forms its counts call for (see the module docstring). Falls back
    to English, then to the id itself, so a missing text never breaks a page (the catalogue
    tests catch it instead).
    """
    entry = catalogue(lang).get(message_id) or catalogue(DEFAULT_LANGUAGE).get(message_id)
    if entry is None:
        return message_id
    if isinstance(entry, str):
        if not params:
            return entry
        return entry.format(**{key: format_value(value, lang) for key, value in params.items()})
    text = entry.get("text")
    if not params:
        return text if isinstance(text, str) else _form(entry, None, None, lang)
    shown = {key: format_value(value, lang) for key, value in params.items()}
    if not isinstance(text, str):
        return _form(entry, params.get("count"), shown.get("count"), lang).format(**shown)
    fields = dict(shown)
    for name, forms in entry.items():
        if not isinstance(forms, str):
            fields[name] = _form(forms, params.get(name), shown.get(name), lang).format(**shown)
    return text.format(**fields)


def _form(forms: Mapping[str, str | Forms], value: Any, shown: str | None, lang: str) -> str:
    """The form of ``forms`` that agrees with ``value``, displayed as ``shown``."""
    form = forms.get(_plural_category(value, shown, lang)) or forms["other"]
    assert isinstance(form, str)  # checked when the catalogue was read
    return form


def _plural_category(value: Any, shown: str | None, lang: str) -> str:
    """The CLDR category of a count, read from the number as it is displayed."""
    if isinstance(value, bool) or shown is None:
        return "other"
    number: int | Decimal
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal | str):
        try:
            number = parse_decimal(shown, locale=lang)
        except NumberFormatError:
            return "other"
    else:
        return "other"
    return str(_plural_rule(lang)(abs(number)))


@cache
def _plural_rule(lang: str) -> Any:
    return Locale.parse(lang).plural_form


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
