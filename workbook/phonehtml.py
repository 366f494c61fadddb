"""The participant page's shared pieces: where the page is, what it draws, texts made safe.

Owns the values the phone page is drawn from (``Where``: the session's code, the participant's
token and the language; ``Asked``, ``Candidates``, ``Joined``, ``Refusal``), the page's address
(``ACTION``), and the one way a participant's or the plan's text reaches the markup inside a
catalogue sentence (:func:`html_text`: escaped, its ``*`` kept from making bold) and a refusal
shown under its field (:func:`error_html`). Imports ``planner`` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from planner.i18n import Message, translate
from planner.live import Contribution, Question

ACTION = "join"
#: Longest code typed: six characters, with room for spaces or a dash between groups.
CODE_FIELD_MAX = 12
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def html_text(message_id: str, lang: str, **params: Any) -> str:
    """A catalogue text as HTML: its parameters escaped, its ``**bold**`` as ``<strong>``.

    The one way a participant's or the plan's text reaches this page's markup inside a
    sentence; the catalogue's own texts hold no markup but ``**``.
    """
    escaped = {key: _param(value, lang) for key, value in params.items()}
    return _BOLD.sub(r"<strong>\1</strong>", translate(message_id, lang, **escaped))


def _param(value: Any, lang: str) -> Any:
    """A message parameter made safe for HTML: texts escaped, a nested message as HTML."""
    if isinstance(value, str):
        return _literal(value)
    if isinstance(value, Message):
        return message_html(value, lang)
    if isinstance(value, list | tuple):
        return [_param(item, lang) for item in value]
    return value


def _literal(text: str) -> str:
    """Typed text as HTML that shows it as typed: escaped, its ``*`` kept from making bold."""
    return escape(text).replace("*", "&#42;")


def message_html(message: Message, lang: str) -> str:
    """A refusal's ``Message`` as HTML, its parameters (which may quote the input) escaped."""
    return html_text(message.id, lang, **message.params)


@dataclass(frozen=True, slots=True)
class Where:
    """Where the page is: the session's code, the participant's token, the language.

    ``chosen``: the participant picked the language (a language link); only then does it go
    into the page's addresses and forms. Otherwise each request speaks the plan's language, or
    the browser's before a code names a plan.
    """

    code: str = ""
    token: str = ""
    lang: str = "en"
    chosen: bool = True

    def _values(self) -> dict[str, str]:
        return {"code": self.code, "p": self.token, "lang": self.lang if self.chosen else ""}

    def query(self, **extra: str) -> str:
        """The page's query string: only ``code``, ``p`` and ``lang`` (and ``extra``)."""
        values = {**self._values(), **extra}
        return urlencode({key: value for key, value in values.items() if value})

    def hidden(self) -> str:
        """The form fields that carry the page's place through a post."""
        return "".join(
            f'<input type="hidden" name="{name}" value="{escape(value)}">'
            for name, value in self._values().items()
            if value
        )


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the last post was refused, and which field it names (``None``: the whole form)."""

    message: Message
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    """What the answer form needs: the question, the community, its populations."""

    question: Question
    community: str
    populations: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Candidates:
    """The totem candidates as one participant sees them."""

    shown: Sequence[Contribution]
    mine: Mapping[int, int]
    locked: bool
    refusal: Message | None = None


@dataclass(frozen=True, slots=True)
class Joined:
    """Everything the page of a participant in an open session draws."""

    where: Where
    pseudonym: str
    question: Asked
    candidates: Candidates | None
    values: Mapping[str, str] = field(default_factory=dict)
    refusal: Refusal | None = None
    done: str = ""


def error_html(message: Message, lang: str, ident: str) -> str:
    """A refusal as a paragraph the field it names points to (``aria-describedby``)."""
    return f'<p class="error" id="{ident}" role="alert">{message_html(message, lang)}</p>'
