"""User text reaches Markdown only through workbook.text.literal, and reads as typed."""

from __future__ import annotations

import re

import pytest

from planner.i18n import Message
from tests.app.conftest import shown
from workbook.text import Markdown, literal, render_md

HOSTILE = (
    "Budget **Q3** [intranet](https://example.org) :red[urgent] :material/flag: $x^2$ "
    "<b>bold</b> [js](javascript:alert(1)) ana@example.org _it_ `code` # h | a | ~~s~~"
)


@pytest.mark.parametrize(
    ("typed", "absent"),
    [
        ("**Q3**", "**"),
        ("[intranet](https://example.org)", "]("),
        (":red[urgent]", ":red["),
        (":material/flag:", ":material/"),
        ("$x^2$", "$x"),
        ("<b>bold</b>", "<b>"),
        ("https://example.org", "https://"),
        ("www.example.org", "www."),
        ("ana@example.org", "@example"),
        ("`code`", "`c"),
    ],
)
def test_literal_leaves_no_markdown_construct_and_reads_as_typed(typed: str, absent: str) -> None:
    """Test that each construct loses its syntax in the source and reads back as typed."""
    escaped = literal(typed)
    # The construct's first character never stands unescaped before the rest of it.
    unescaped = re.compile(r"(?<!\\)" + re.escape(absent[0]) + re.escape(absent[1:]))
    assert unescaped.search(escaped) is None
    assert shown(escaped) == typed


def test_literal_keeps_line_breaks_but_no_code_block() -> None:
    """Test that a long text keeps its lines, and indented lines do not become code."""
    escaped = literal("first line\n    indented\tline")
    assert escaped == "first line  \nindented\tline"


def test_render_md_escapes_the_user_texts_a_message_quotes() -> None:
    """Test that nested messages and lists of names are escaped, catalogue text is not."""
    message = Message(
        "ui.sidebar.current_plan",
        {"name": Message("ui.store.copy_name", {"name": "**Q3**"})},
    )
    rendered = render_md(message, "en")
    assert "**Q3**" not in rendered
    assert "\\*\\*Q3\\*\\*" in rendered
    assert isinstance(rendered, Markdown)


def test_whole_hostile_name_reads_back_as_typed() -> None:
    """Test that a name full of Markdown, directives, math, HTML and links reads as typed."""
    assert shown(literal(HOSTILE)) == HOSTILE
