"""The base every plan model shares, the field types of user data, and cross-field errors.

Text types decided here, for plan files (JSON) and Python callers alike:

- ``ShortText`` (one line) and ``LongText`` (several lines) refuse control characters — C0
  (U+0000–U+001F), DEL and C1 (U+007F–U+009F) — and the bidirectional embedding, override and
  isolate characters (U+202A–U+202E, U+2066–U+2069), which can make a name display as
  something else. A long text keeps line feeds and tabs, and takes a Windows line end (CR LF)
  as a line feed; a carriage return on its own is refused. The whitespace the model strips at
  both ends is not checked, so ``"Sales\n"`` stays ``"Sales"`` as before. The error names the
  character's position (from 1, in the text as given) and its code point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

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
