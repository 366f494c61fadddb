"""The base every plan model shares, and the way cross-field rules report their errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

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
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]


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
