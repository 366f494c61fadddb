"""The base every plan model shares, the field types of user data, and cross-field errors.

Field types decided here, for plan files (JSON) and Python callers alike:

- ``ShortText`` (one line) and ``LongText`` (several lines) refuse control characters — C0
  (U+0000–U+001F), DEL and C1 (U+007F–U+009F) — and the bidirectional embedding, override and
  isolate characters (U+202A–U+202E, U+2066–U+2069), which can make a name display as
  something else. A long text keeps line feeds and tabs, and takes a Windows line end (CR LF)
  as a line feed; a carriage return on its own is refused. The whitespace the model strips at
  both ends is not checked, so ``"Sales\n"`` stays ``"Sales"`` as before. The error names the
  character's position (from 1, in the text as given) and its code point.
- ``WholeNumber``, ``Number``, ``Day`` and ``YesNo`` take numbers, dates and booleans as
  themselves: ``"3"`` or ``true`` is no rating, ``20270112`` no date. A date is a ``date`` or
  its ISO text (``"2027-01-12"``), its JSON form. Whole floats (``12.0``) stay accepted for
  whole numbers, as a spreadsheet or a grid column with a gap sends them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import (
    InitErrorDetails,
    PydanticCustomError,
    PydanticKnownError,
    core_schema,
)

#: Identifiers link records together (an ambassador names its population by id).
Identifier = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Stable identifier: letters, digits, '-', '_' or '.'; unique in its list.",
    ),
]

_BIDI_CONTROLS = r"\u202a-\u202e\u2066-\u2069"
# A one-line text refuses every C0 and C1 control; a long text lets tabs and line feeds through,
# and carriage returns that end a line before a line feed. Written with escapes, so the
# published schema spells them out too.
_SHORT_REFUSED = rf"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}]"
_LONG_REFUSED = rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}]|\r(?!\n)"
_SHORT_PATTERN = rf"^[^\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}]*$"
_LONG_PATTERN = rf"^(?:[^\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]|\r\n)*$"
_SHORT_REFUSED_RE = re.compile(_SHORT_REFUSED)
_LONG_REFUSED_RE = re.compile(_LONG_REFUSED)
# What str_strip_whitespace removes at both ends (Unicode White_Space, as Rust's trim); unlike
# Python's str.strip() it keeps U+001C–U+001F, which must then be refused.
_STRIPPED = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _refusal(char: str, position: int, *, one_line: bool) -> PydanticCustomError:
    context = {"position": position, "code": f"U+{ord(char):04X}"}
    if one_line and char in "\n\r":
        return PydanticCustomError(
            "line_break",
            "character {position} is a line break ({code}); this field holds a single line: "
            "replace it with a space",
            context,
        )
    if one_line and char == "\t":
        return PydanticCustomError(
            "tab_character",
            "character {position} is a tab ({code}); this field holds a single line: "
            "replace it with a space",
            context,
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return PydanticCustomError(
            "bidi_character",
            "character {position} is a bidirectional control character ({code}); remove it",
            context,
        )
    return PydanticCustomError(
        "control_character",
        "character {position} is a control character ({code}); remove it",
        context,
    )


def _checked_text(value: Any, refused: re.Pattern[str], *, one_line: bool) -> Any:
    # isprintable() is False for every refused character (they are Cc or Cf): a fast first test
    # that clears most texts without the regular expression.
    if type(value) is not str or value.isprintable() or refused.search(value) is None:
        return value
    start = len(value) - len(value.lstrip(_STRIPPED))
    end = len(value.rstrip(_STRIPPED))
    found = refused.search(value, start, max(start, end))
    if found is not None:
        raise _refusal(found.group()[0], found.start() + 1, one_line=one_line)
    return value


def _short_text(value: Any) -> Any:
    return _checked_text(value, _SHORT_REFUSED_RE, one_line=True)


def _long_text(value: Any) -> Any:
    value = _checked_text(value, _LONG_REFUSED_RE, one_line=False)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n")
    return value


@dataclass(frozen=True, slots=True)
class _JsonPattern:
    """Publishes in the JSON Schema the characters a text refuses (the check is in Python)."""

    pattern: str

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


# The length limit comes first so that pydantic checks it on the string itself (a
# ``string_too_long`` error), not on whatever the character check returns.
ShortText = Annotated[
    str, Field(max_length=200), BeforeValidator(_short_text), _JsonPattern(_SHORT_PATTERN)
]
LongText = Annotated[
    str, Field(max_length=4000), BeforeValidator(_long_text), _JsonPattern(_LONG_PATTERN)
]

# A number written as text: what a person meant, so the message can show it without quotes.
_NUMBER_TEXT = re.compile(r"[-+]?\d{1,15}(?:\.\d{1,15})?")


def _number(value: Any, wrong_type: Literal["int_type", "float_type"]) -> Any:
    kind = type(value)
    if kind is int or kind is float or value is None:
        return value
    if kind is bool:
        raise PydanticCustomError("number_not_boolean", "must be a number, not true or false")
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER_TEXT.fullmatch(text):
            raise PydanticCustomError(
                "number_in_quotes",
                'must be a number without quotes: write {number}, not "{number}"',
                {"number": text},
            )
        raise PydanticKnownError(wrong_type)
    return value


def _whole_number(value: Any) -> Any:
    return _number(value, "int_type")


def _any_number(value: Any) -> Any:
    return _number(value, "float_type")


def _day(value: Any) -> Any:
    kind = type(value)
    if kind is date or value is None:
        return value
    if kind is str:
        # Pydantic would read "1700000000" as a Unix time; a plan file writes 2027-01-12, and
        # pydantic checks the rest of that form.
        if value[4:5] != "-" or value[7:8] != "-":
            raise PydanticKnownError("date_parsing", {"error": "expected a date as YYYY-MM-DD"})
        return value
    if isinstance(value, bool | int | float | Decimal):
        raise PydanticKnownError("date_type")
    return value


def _yes_no(value: Any) -> Any:
    if type(value) is not bool:
        raise PydanticKnownError("bool_type")
    return value


#: A whole number given as a number: not "3", not true.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
#: A number given as a number: not "2.5", not true.
Number = Annotated[float, BeforeValidator(_any_number)]
#: A date, or its ISO text in a plan file; not a number, not a boolean.
Day = Annotated[date, BeforeValidator(_day)]
#: true or false, nothing that merely looks like one ("yes", 1).
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
# Optional numbers with bounds: the check wraps ``X | None`` rather than ``X`` so that pydantic
# keeps the field's bounds on the number itself, and the JSON Schema says minimum and maximum.
OptionalWholeNumber = Annotated[int | None, BeforeValidator(_whole_number)]
OptionalNumber = Annotated[float | None, BeforeValidator(_any_number)]


class TotemModel(BaseModel):
    """Strict base: unknown fields are errors, so a typo in a plan file never vanishes."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
    )


class RuleBreak:
    """One broken cross-field rule: where, a stable code, an English message, its parameters.

    The code and parameters let the edges render the message in the user's language; the English
    template is the fallback.
    """

    __slots__ = ("code", "context", "loc", "template")

    def __init__(self, loc: Sequence[str | int], code: str, template: str, **context: Any) -> None:
        self.loc = tuple(loc)
        self.code = code
        self.template = template
        self.context = {key: _plain(value) for key, value in context.items()}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def raise_rule_breaks(title: str, breaks: list[RuleBreak]) -> None:
    """Raise one ``ValidationError`` listing every broken rule with its own field path."""
    if not breaks:
        return
    details = [
        InitErrorDetails(
            type=PydanticCustomError(item.code, item.template, item.context),
            loc=item.loc,
            input=None,
        )
        for item in breaks
    ]
    raise ValidationError.from_exception_data(title, details)


def duplicate_ids(field: str, ids: Sequence[str]) -> list[RuleBreak]:
    """Report every id that appears a second time in ``ids``."""
    seen: set[str] = set()
    breaks = []
    for index, identifier in enumerate(ids):
        if identifier in seen:
            breaks.append(
                RuleBreak(
                    (field, index, "id"),
                    "duplicate_id",
                    "the id '{id}' is used twice in {field}; give each entry its own id",
                    id=identifier,
                    field=field,
                )
            )
        seen.add(identifier)
    return breaks
