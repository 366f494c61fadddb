"""The PDF report a sponsor reads: cover, contents, readiness summary, charts and the plan's tables.

Built with fpdf2 on the DejaVu Sans fonts shipped beside this module (``fonts/``, with their
licence), so French typography prints exactly: é è à ç œ Œ € ’ « » and the narrow no-break space.
Charts are the workbook's own Plotly figures drawn as PNG by ``planner.export.charts``; when no
chart can be drawn here, the report is still made and says, in place of each chart, why it is
absent.

Sections, in order: cover; contents; readiness summary (one page); tracking after launch (only
when the plan has actuals: a table of the communities, then per community its figures, finding,
action and chart of planned against actual members); charts; communities (totem subject,
objectives, benefits); populations and waves; ambassadors; core team; sponsor actions; task
list. Every page but the cover has a running header and its number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.outline import OutlineSection

from planner import figures
from planner.export.charts import ChartsUnavailable, render_pngs
from planner.export.tables import (
    Cell,
    ExportTable,
    PlanResults,
    TableName,
    export_table,
    objective_text,
)
from planner.export.tracking import level_name
from planner.i18n import format_date, format_number, format_share, render, translate
from planner.indicators import Level
from planner.tracking import CommunityTracking, Tracking
from planner.tracking.figures import tracking_figure

__all__ = ["CHARTS", "FONTS_DIR", "ReportOutline", "pdf_bytes", "report_outline"]

FONTS_DIR = Path(__file__).parent / "fonts"
_FONT = "DejaVu"

#: The charts of the report, in order: a stable id and how to draw it.
CHARTS: tuple[tuple[str, Callable[[PlanResults, str], go.Figure]], ...] = (
    (
        "gantt",
        lambda r, lang: figures.gantt_figure(
            r.timeline, lang, community_names={c.id: c.name for c in r.plan.communities}
        ),
    ),
    ("readiness", lambda r, lang: figures.readiness_figure(r.assessment, lang)),
    ("resistance", lambda r, lang: figures.resistance_heatmap(r.plan, lang)),
    ("adoption", lambda r, lang: figures.adoption_figure(r.forecast, lang)),
    ("sponsors", lambda r, lang: figures.sponsor_activity_figure(r.plan, lang)),
    ("ambassadors", lambda r, lang: figures.ambassador_coverage_figure(r.plan, lang)),
)
_SECTIONS = (
    "summary",
    "charts",
    "communities",
    "populations",
    "ambassadors",
    "core_team",
    "sponsor_actions",
    "tasks",
)

# Page geometry, in millimetres (A4 portrait).
_MARGIN = 18.0
_PAGE_W = 210.0
_PAGE_H = 297.0
_CONTENT_W = _PAGE_W - 2 * _MARGIN
# Chart images: drawn this wide in CSS pixels, then scaled 2× for a sharp print.
_CHART_PX_W = 1100
_CHART_SCALE = 2

_INK = (31, 41, 51)
_MUTED = (123, 135, 148)
_RULE = (203, 210, 217)
_ZEBRA = (245, 247, 250)
_ACCENT = (0, 114, 178)
_PT = 25.4 / 72  # millimetres in a typographic point


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


_LEVEL_RGB = {level: _rgb(colour) for level, colour in figures.LEVEL_COLORS.items()}


@dataclass(frozen=True, slots=True)
class ReportOutline:
    """What the report will contain: its section titles, and why charts are absent (or None)."""

    sections: tuple[str, ...]
    charts_missing: str | None


def report_outline(
    lang: str, *, charts_missing: str | None, tracking: bool = False
) -> ReportOutline:
    """List the sections of the report in ``lang``, for a preview before download.

    ``charts_missing`` is the reason charts cannot be drawn (``charts_unavailable_reason()``), or
    None; the outline then carries the sentence the report prints in their place. ``tracking``
    says the plan has actuals, so the report has its tracking section after the summary.
    """
    names = list(_SECTIONS)
    if tracking:
        names.insert(names.index("summary") + 1, "tracking")
    sections = [translate(f"export.pdf.section.{name}", lang) for name in names]
    message = (
        translate("export.pdf.chart_missing", lang, reason=charts_missing)
        if charts_missing
        else None
    )
    return ReportOutline(tuple(sections), message)


class _Report(FPDF):
    """An A4 page with the running header and the page number."""

    def __init__(self, lang: str, running_title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.running_title = running_title
        self.set_margins(_MARGIN, _MARGIN + 6, _MARGIN)
        self.set_auto_page_break(auto=True, margin=_MARGIN)
        self.add_font(_FONT, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font(_FONT, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(_FONT, "I", str(FONTS_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_font(_FONT, size=10)
        self.set_text_color(*_INK)
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(_FONT, size=8)
        self.set_text_color(*_MUTED)
        self.set_xy(_MARGIN, 9)
        self.cell(_CONTENT_W, 5, self.running_title, align="L")
        self.set_draw_color(*_RULE)
        self.line(_MARGIN, 15, _PAGE_W - _MARGIN, 15)
        self.set_text_color(*_INK)
        self.set_font(_FONT, size=10)
        self.set_xy(_MARGIN, _MARGIN + 6)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(_FONT, size=8)
        self.set_text_color(*_MUTED)
        text = translate("export.pdf.page", self.lang, page=str(self.page_no()), total="{nb}")
        self.cell(0, 5, text, align="C")
        self.set_text_color(*_INK)

    # -- building blocks ----------------------------------------------------------------------

    def heading(self, text: str, *, level: int = 0) -> None:
        """A section title, listed in the contents and the PDF's bookmarks."""
        size = 16 if level == 0 else 12
        if level == 0:
            # A section opens a page, unless the page is still empty: the contents placeholder
            # has just broken to a new page, and a second break would leave a blank one.
            if self.page_no() == 1 or self.get_y() > _MARGIN + 6.01:
                self.add_page()
        elif self.get_y() > _PAGE_H - _MARGIN - 40:
            self.add_page()  # never leave a title alone at the foot of a page
        else:
            self.ln(4)
        self.start_section(text, level=level)
        self.set_font(_FONT, "B", size)
        self.set_text_color(*(_ACCENT if level == 0 else _INK))
        self.multi_cell(
            _CONTENT_W, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*_INK)
        self.ln(2 if level else 3)
        self.set_font(_FONT, size=10)

    def paragraph(
        self, text: str, *, size: float = 10, style: str = "", muted: bool = False
    ) -> None:
        self.set_font(_FONT, style, size)
        if muted:
            self.set_text_color(*_MUTED)
        self.multi_cell(
            _CONTENT_W, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*_INK)
        self.set_font(_FONT, size=10)

    def labelled(self, label: str, text: str) -> None:
        """``Label : text`` with the label in bold, wrapped on the content width."""
        self.set_font(_FONT, size=10)
        self.multi_cell(
            _CONTENT_W,
            5,
            f"**{_escape_md(label)}** {_escape_md(text)}",
            markdown=True,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def bullets(self, items: Sequence[str]) -> None:
        self.set_font(_FONT, size=10)
        for item in items:
            self.set_x(_MARGIN + 4)
            self.cell(4, 5, "•")
            self.multi_cell(_CONTENT_W - 8, 5, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def notice(self, text: str) -> None:
        """A grey framed box: what stands in for a chart that could not be drawn."""
        self.set_font(_FONT, "I", 9)
        self.set_fill_color(*_ZEBRA)
        self.set_draw_color(*_RULE)
        self.multi_cell(
            _CONTENT_W,
            5,
            text,
            border=1,
            fill=True,
            padding=3,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(_FONT, size=10)
        self.ln(3)

    def data_table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        right: Sequence[int] = (),
        size: float = 8,
        fills: Sequence[dict[int, tuple[int, int, int]]] | None = None,
    ) -> None:
        """A table whose header row repeats on every page it runs onto.

        Drawn line by line with our own word wrap: fpdf2's ``table()`` lays out every cell
        twice through its general line breaker, ~30 ms a row, far too slow for a task list of
        thousands of rows.
        """
        scale = _CONTENT_W / sum(widths)
        cols = [w * scale for w in widths]
        aligned_right = set(right)
        line_h = size * _PT * 1.3
        pad_x, pad_y = 1.5, 1.2
        bottom = _PAGE_H - _MARGIN

        def wrap_row(values: Sequence[str], style: str) -> list[list[str]]:
            return [
                self._wrap(value, width - 2 * pad_x, style, size)
                for value, width in zip(values, cols, strict=True)
            ]

        header_lines = wrap_row(headers, "B")
        header_h = max(len(lines) for lines in header_lines) * line_h + 2 * pad_y

        def draw_header() -> None:
            self._draw_row(header_lines, cols, header_h, "B", size, fill=_INK, ink=(255, 255, 255))

        if self.get_y() + header_h + line_h + 2 * pad_y > bottom:
            self.add_page()
        draw_header()
        for index, values in enumerate(rows):
            lines = wrap_row(values, "")
            coloured = fills[index] if fills else {}
            pending = lines
            while pending:
                count = max(len(cell) for cell in pending)
                room = int((bottom - self.get_y() - 2 * pad_y) // line_h)
                if room < min(count, 2):  # keep short rows whole, never a lone line
                    self.add_page()
                    draw_header()
                    continue
                take = min(count, room)
                part = [cell[:take] for cell in pending]
                height = take * line_h + 2 * pad_y
                self._draw_row(
                    part,
                    cols,
                    height,
                    "",
                    size,
                    fill=_ZEBRA if index % 2 else None,
                    right=aligned_right,
                    coloured=coloured,
                )
                pending = [cell[take:] for cell in pending]
                if all(not cell for cell in pending):
                    break
                self.add_page()
                draw_header()
        self.set_font(_FONT, size=10)
        self.ln(4)

    def _wrap(self, text: str, width: float, style: str, size: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` (mm) at the given font."""
        measure = self._measurer(style, size)
        space = measure(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split(" "):
                word_w = measure(word)
                if word_w > width:  # a word longer than the column: cut it
                    if line:
                        lines.append(" ".join(line))
                        line, used = [], 0.0
                    chunk = ""
                    for char in word:
                        if measure(chunk + char) > width and chunk:
                            lines.append(chunk)
                            chunk = ""
                        chunk += char
                    line, used = [chunk], measure(chunk)
                    continue
                extra = word_w + (space if line else 0.0)
                if line and used + extra > width:
                    lines.append(" ".join(line))
                    line, used = [word], word_w
                else:
                    line.append(word)
                    used += extra
            lines.append(" ".join(line))
        return lines

    def _measurer(self, style: str, size: float) -> Callable[[str], float]:
        key = (style, size)
        cache = self._widths.setdefault(key, {})

        def measure(word: str) -> float:
            found = cache.get(word)
            if found is None:
                self.set_font(_FONT, style, size)
                found = cache[word] = self.get_string_width(word)
            return found

        return measure

    def _draw_row(
        self,
        lines: list[list[str]],
        cols: Sequence[float],
        height: float,
        style: str,
        size: float,
        *,
        fill: tuple[int, int, int] | None = None,
        ink: tuple[int, int, int] = _INK,
        right: set[int] | None = None,
        coloured: dict[int, tuple[int, int, int]] | None = None,
    ) -> None:
        top = self.get_y()
        x = _MARGIN
        line_h = size * _PT * 1.3
        if fill is not None:
            self.set_fill_color(*fill)
            self.rect(_MARGIN, top, _CONTENT_W, height, style="F")
        for column, (cell, width) in enumerate(zip(lines, cols, strict=True)):
            colour = (coloured or {}).get(column)
            cell_style, cell_ink = style, ink
            if colour is not None:
                self.set_fill_color(*colour)
                self.rect(x, top, width, height, style="F")
                cell_style, cell_ink = "B", (255, 255, 255)
            self.set_font(_FONT, cell_style, size)
            self.set_text_color(*cell_ink)
            for number, text in enumerate(cell):
                if not text:
                    continue
                baseline = top + 1.2 + number * line_h + size * _PT * 0.95
                if colour is not None:
                    offset = (width - self.get_string_width(text)) / 2
                elif right and column in right:
                    offset = width - 1.5 - self.get_string_width(text)
                else:
                    offset = 1.5
                self.text(x + offset, baseline, text)
            x += width
        self.set_draw_color(*_RULE)
        self.set_line_width(0.2)
        self.line(_MARGIN, top + height, _MARGIN + _CONTENT_W, top + height)
        self.set_text_color(*_INK)
        self.set_xy(_MARGIN, top + height)


def _escape_md(text: str) -> str:
    # fpdf2's markdown reads ** __ -- as style markers; a backslash keeps them literal.
    return (
        text.replace("\\", "\\\\").replace("**", "\\**").replace("__", "\\__").replace("--", "\\--")
    )


def _cell_text(value: Cell, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value, lang, style="medium")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, decimals=1)
    return value


def _columns(
    table: ExportTable, keys: Sequence[str], lang: str
) -> tuple[list[str], list[list[str]]]:
    """The headers and the rendered rows of some columns of ``table``, in ``keys`` order."""
    index = [table.keys.index(key) for key in keys]
    headers = [table.headers[i] for i in index]
    rows = [[_cell_text(row[i], lang) for i in index] for row in table.rows]
    return headers, rows


# --------------------------------------------------------------------------------------------
# The report


def pdf_bytes(
    results: PlanResults,
    lang: str,
    *,
    stamp: datetime | None = None,
    charts: bool = True,
) -> bytes:
    """Make the PDF report of a plan in ``lang``.

    Args:
        results: the plan and what the planner computed from it (``plan_results(plan)``).
        lang: language of every text of the report.
        stamp: when the report is made (cover date and PDF metadata); now by default.
        charts: False leaves the charts out without trying to draw them (their places then say
            so); True draws them, or explains in their place why they could not be drawn.

    Returns:
        The PDF file's bytes.
    """
    plan = results.plan
    made = stamp or datetime.now(UTC)
    title = translate("export.pdf.title", lang)
    pdf = _Report(lang, translate("export.pdf.running", lang, name=plan.name, title=title))
    pdf.set_title(f"{title} — {plan.name}")
    pdf.set_author(plan.organisation or "Totem")
    pdf.set_creator("Totem")
    pdf.set_lang(lang)
    pdf.set_creation_date(made)

    _cover(pdf, results, lang, made)
    pdf.add_page()  # the contents start on a page of their own, not under the cover
    pdf.insert_toc_placeholder(_render_toc, pages=1, allow_extra_pages=True)
    _summary(pdf, results, lang)
    if results.tracking is not None and results.tracking.communities:
        _tracking(pdf, results.tracking, lang, draw=charts)
    _charts(pdf, results, lang, draw=charts)
    _communities(pdf, results, lang)
    _populations(pdf, results, lang)
    _simple_table(
        pdf,
        results,
        "ambassadors",
        ("name", "population", "community", "hours_per_week", "training_date"),
        (30, 40, 38, 18, 24),
        right=(3,),
        lang=lang,
    )
    _simple_table(
        pdf,
        results,
        "core_team",
        ("role", "person", "hours_before", "hours_after", "announced_on"),
        (40, 40, 22, 22, 26),
        right=(2, 3),
        lang=lang,
        intro=translate("export.pdf.core_team_intro", lang, **_core_hours(results, lang)),
    )
    _simple_table(
        pdf,
        results,
        "sponsor_actions",
        ("date", "sponsor", "kind", "description", "community"),
        (22, 30, 22, 58, 30),
        lang=lang,
    )
    _simple_table(
        pdf,
        results,
        "tasks",
        ("start", "end", "task", "owner", "phase"),
        (22, 22, 66, 28, 28),
        lang=lang,
    )
    return bytes(pdf.output())


def _core_hours(results: PlanResults, lang: str) -> dict[str, str]:
    team = results.plan.core_team
    before = sum(m.hours_before or 0.0 for m in team)
    after = sum(m.hours_after or 0.0 for m in team)
    return {
        "before": format_number(before, lang, decimals=1),
        "after": format_number(after, lang, decimals=1),
    }


def _cover(pdf: _Report, results: PlanResults, lang: str, made: datetime) -> None:
    plan = results.plan
    pdf.add_page()
    pdf.set_fill_color(*_ACCENT)
    pdf.rect(0, 0, _PAGE_W, 8, style="F")
    pdf.set_y(60)
    pdf.set_font(_FONT, size=12)
    pdf.set_text_color(*_MUTED)
    pdf.cell(
        _CONTENT_W,
        6,
        translate("export.pdf.title", lang).upper(),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)
    pdf.set_text_color(*_INK)
    pdf.set_font(_FONT, "B", 24)
    pdf.multi_cell(_CONTENT_W, 11, plan.name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    lines = []
    if plan.organisation:
        lines.append((translate("export.pdf.cover.organisation", lang), plan.organisation))
    lines.append(
        (
            translate("export.pdf.cover.platform", lang),
            translate(f"export.platform.{plan.platform.value}", lang),
        )
    )
    for key, day in (
        ("start", plan.start_date),
        ("launch", plan.launch_date),
        ("end", plan.end_date),
    ):
        value = format_date(day, lang) if day else translate("export.pdf.cover.undated", lang)
        lines.append((translate(f"export.pdf.cover.{key}", lang), value))
    lines.append(
        (
            translate("export.pdf.cover.scope", lang),
            translate(
                "export.pdf.cover.scope_value",
                lang,
                communities=len(plan.communities),
                populations=sum(1 for _ in plan.all_populations()),
                people=sum(p.headcount or 0 for _, p in plan.all_populations()),
            ),
        )
    )
    for label, value in lines:
        pdf.set_font(_FONT, size=11)
        pdf.set_text_color(*_MUTED)
        pdf.cell(68, 7, label)
        pdf.set_text_color(*_INK)
        pdf.multi_cell(_CONTENT_W - 68, 7, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(12)
    assessment = results.assessment
    colour = _LEVEL_RGB[assessment.level]
    top = pdf.get_y()
    pdf.set_fill_color(*colour)
    pdf.rect(_MARGIN, top, 4, 30, style="F")
    pdf.set_xy(_MARGIN + 9, top + 1)
    pdf.set_font(_FONT, size=11)
    pdf.set_text_color(*_MUTED)
    pdf.cell(
        0, 6, translate("export.pdf.cover.readiness", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_x(_MARGIN + 9)
    pdf.set_text_color(*_INK)
    pdf.set_font(_FONT, "B", 26)
    pdf.cell(40, 14, f"{assessment.score}/100")
    pdf.set_font(_FONT, "B", 14)
    pdf.set_text_color(*colour)
    pdf.cell(
        0,
        14,
        translate(f"level.{assessment.level.value}", lang),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*_INK)
    pdf.set_y(_PAGE_H - 40)
    pdf.set_font(_FONT, size=9)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(
        _CONTENT_W,
        5,
        translate("export.pdf.cover.made", lang, day=format_date(made.date(), lang)),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*_INK)


def _render_toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    assert isinstance(pdf, _Report)
    pdf.set_xy(_MARGIN, _MARGIN + 6)
    pdf.set_font(_FONT, "B", 16)
    pdf.set_text_color(*_ACCENT)
    pdf.cell(
        _CONTENT_W,
        10,
        translate("export.pdf.contents", pdf.lang),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*_INK)
    pdf.ln(4)
    for section in outline:
        if section.level > 1:
            continue
        indent = 8.0 * section.level
        pdf.set_font(_FONT, "B" if section.level == 0 else "", 11 if section.level == 0 else 10)
        link = pdf.add_link(page=section.page_number)
        number = str(section.page_number)
        name_w = _CONTENT_W - indent - 14
        name = section.name
        while pdf.get_string_width(name) > name_w - 4 and len(name) > 4:
            name = name[:-2].rstrip() + "…" if not name.endswith("…") else name[:-2] + "…"
        pdf.set_x(_MARGIN + indent)
        pdf.cell(pdf.get_string_width(name) + 1, 7, name, link=link)
        dots_w = _CONTENT_W - indent - pdf.get_string_width(name) - 1 - 14
        dot = pdf.get_string_width(".") or 1.0
        pdf.set_text_color(*_MUTED)
        pdf.cell(dots_w, 7, "." * max(int(dots_w / dot) - 1, 0), align="R", link=link)
        pdf.set_text_color(*_INK)
        pdf.cell(14, 7, number, align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if section.level == 0:
            pdf.ln(1)


def _summary(pdf: _Report, results: PlanResults, lang: str) -> None:
    assessment = results.assessment
    pdf.heading(translate("export.pdf.section.summary", lang))
    level = translate(f"level.{assessment.level.value}", lang)
    pdf.paragraph(
        translate("export.pdf.summary.overall", lang, score=str(assessment.score), level=level),
        size=11,
        style="B",
    )
    pdf.paragraph(translate("export.pdf.summary.how", lang), size=9, muted=True)
    pdf.ln(2)
    headers = [
        translate(f"export.column.{key}", lang)
        for key in ("indicator", "level", "score", "reason", "action")
    ]
    rows = []
    fills = []
    for indicator in assessment.indicators:
        rows.append(
            [
                translate(f"indicator.{indicator.id}.name", lang),
                translate(f"level.{indicator.level.value}", lang),
                str(indicator.score),
                render(indicator.reason, lang),
                render(indicator.action, lang),
            ]
        )
        fills.append({1: _LEVEL_RGB[Level(indicator.level)]})
    pdf.data_table(headers, rows, (27, 19, 13, 57.5, 57.5), right=(2,), size=7.5, fills=fills)


def _charts(pdf: _Report, results: PlanResults, lang: str, *, draw: bool) -> None:
    pdf.heading(translate("export.pdf.section.charts", lang))
    built = [(chart_id, build(results, lang)) for chart_id, build in CHARTS]
    heights = [int(figure.layout.height or 600) for _, figure in built]
    images: list[bytes] = []
    missing: str | None = None if draw else translate("export.pdf.charts_off", lang)
    if missing is None:
        try:
            jobs = [(figure, _CHART_PX_W, h) for (_, figure), h in zip(built, heights, strict=True)]
            images = render_pngs(jobs, scale=_CHART_SCALE)
        except (ChartsUnavailable, RuntimeError, OSError) as exc:
            missing = str(exc)
    for index, (chart_id, _) in enumerate(built):
        name = translate(f"export.pdf.chart.{chart_id}", lang)
        image_h = min(_CONTENT_W * heights[index] / _CHART_PX_W, _PAGE_H - 2 * _MARGIN - 30)
        if index and missing is None and pdf.get_y() + 14 + image_h > _PAGE_H - _MARGIN:
            pdf.add_page()  # a chart's title goes on the page of its chart
        if index == 0:
            pdf.start_section(name, level=1)  # the charts' heading is already on this page
        else:
            pdf.heading(name, level=1)
        if missing is not None or index >= len(images):
            pdf.notice(translate("export.pdf.chart_missing", lang, reason=missing or ""))
            continue
        _place_image(pdf, images[index], heights[index])


def _tracking(pdf: _Report, tracking: Tracking, lang: str, *, draw: bool) -> None:
    """The tracking section: every community in one table, then each with its chart."""
    assert tracking.as_of is not None  # a tracking with communities has its day
    pdf.heading(translate("export.pdf.section.tracking", lang))
    pdf.paragraph(
        translate(
            "export.pdf.tracking.overall",
            lang,
            day=format_date(tracking.as_of, lang),
            communities=len(tracking.communities),
            level=level_name(tracking.level, lang),
        ),
        size=11,
        style="B",
    )
    end = (
        format_date(tracking.end_date, lang)
        if tracking.end_date
        else translate("export.pdf.cover.undated", lang)
    )
    pdf.paragraph(translate("export.pdf.tracking.how", lang, end=end), size=9, muted=True)
    pdf.ln(2)
    headers = [
        translate("export.column.community", lang),
        translate("export.column.level", lang),
        *(
            translate(f"export.pdf.tracking.column.{key}", lang)
            for key in ("actual", "forecast", "gap", "projected")
        ),
    ]
    rows = []
    fills = []
    for community in tracking.communities:
        rows.append(
            [
                community.name,
                level_name(community.level, lang),
                _members(community.actual_members, lang),
                _members(community.forecast_members, lang),
                _gap(community.gap, lang),
                _projected(community, lang),
            ]
        )
        fills.append({1: _LEVEL_RGB[community.level]})
    widths = (50, 25, 19, 19, 18, 43)
    pdf.data_table(headers, rows, widths, right=(2, 3, 4, 5), size=8.5, fills=fills)

    figures_ = [tracking_figure(c, lang, end_date=tracking.end_date) for c in tracking.communities]
    heights = [int(figure.layout.height or 460) for figure in figures_]
    images: list[bytes] = []
    missing: str | None = None if draw else translate("export.pdf.charts_off", lang)
    if missing is None:
        try:
            jobs = [(f, _CHART_PX_W, h) for f, h in zip(figures_, heights, strict=True)]
            images = render_pngs(jobs, scale=_CHART_SCALE)
        except (ChartsUnavailable, RuntimeError, OSError) as exc:
            missing = str(exc)
    for index, community in enumerate(tracking.communities):
        image_h = _CONTENT_W * heights[index] / _CHART_PX_W
        # The community's heading, its five lines and its chart stay on one page.
        if missing is None and pdf.get_y() + 60 + image_h > _PAGE_H - _MARGIN:
            pdf.add_page()
        pdf.heading(community.name, level=1)
        _tracking_lines(pdf, community, tracking.end_date, lang)
        pdf.ln(2)
        if missing is not None or index >= len(images):
            pdf.notice(translate("export.pdf.chart_missing", lang, reason=missing or ""))
            continue
        _place_image(pdf, images[index], heights[index])


def _tracking_lines(
    pdf: _Report, community: CommunityTracking, end_date: date | None, lang: str
) -> None:
    def label(key: str) -> str:
        return translate(f"export.pdf.tracking.label.{key}", lang)

    pdf.labelled(label("level"), level_name(community.level, lang))
    if community.actual_members is None or community.actual_date is None:
        members = translate("export.pdf.tracking.no_members", lang)
    else:
        members = translate(
            "export.pdf.tracking.members",
            lang,
            actual=_members(community.actual_members, lang),
            day=format_date(community.actual_date, lang),
            forecast=_members(community.forecast_members, lang),
            gap=_gap(community.gap, lang),
        )
    pdf.labelled(label("members"), members)
    if end_date is None:
        projection = translate("export.pdf.tracking.no_projection", lang)
    elif community.projected_end is None:
        projection = translate(
            "export.pdf.tracking.not_refitted",
            lang,
            planned=_members(community.planned_end, lang),
            day=format_date(end_date, lang),
        )
    else:
        projection = translate(
            "export.pdf.tracking.projection",
            lang,
            end=_members(community.projected_end, lang),
            day=format_date(end_date, lang),
            low=_members(community.projected_low, lang),
            high=_members(community.projected_high, lang),
            planned=_members(community.planned_end, lang),
        )
    pdf.labelled(label("projection"), projection)
    if end_date is not None:
        how = "none" if community.fit is None else "shrunk" if community.fit.shrunk else "free"
        pdf.paragraph(translate(f"tracking.fit.{how}", lang), size=8.5, muted=True)
    pdf.labelled(label("reason"), render(community.reason, lang))
    pdf.labelled(label("action"), render(community.action, lang))


def _members(value: float | None, lang: str) -> str:
    if value is None:
        return translate("export.pdf.tracking.none", lang)
    return format_number(value, lang)


def _gap(value: float | None, lang: str) -> str:
    """A gap to forecast as a signed percentage: ``+12 %``, ``−32,4 %``."""
    if value is None:
        return translate("export.pdf.tracking.none", lang)
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + format_share(abs(value), lang, decimals=1)


def _projected(community: CommunityTracking, lang: str) -> str:
    if community.projected_end is None:
        return translate("export.pdf.tracking.none", lang)
    if community.projected_low is None or community.projected_high is None:
        return _members(community.projected_end, lang)
    return translate(
        "export.pdf.tracking.value_range",
        lang,
        value=_members(community.projected_end, lang),
        low=_members(community.projected_low, lang),
        high=_members(community.projected_high, lang),
    )


def _place_image(pdf: _Report, image: bytes, height_px: int) -> None:
    width = _CONTENT_W
    height = width * height_px / _CHART_PX_W
    room = _PAGE_H - _MARGIN - pdf.get_y()
    full = _PAGE_H - 2 * _MARGIN - 12
    if height > room and (height <= full or room < full * 0.6):
        pdf.add_page()
        room = _PAGE_H - _MARGIN - pdf.get_y()
    if height > room:  # taller than a page: shrink it, keeping its proportions
        width = width * room / height
        height = room
    x = _MARGIN + (_CONTENT_W - width) / 2
    pdf.image(image, x=x, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 4)


def _communities(pdf: _Report, results: PlanResults, lang: str) -> None:
    pdf.heading(translate("export.pdf.section.communities", lang))
    if not results.plan.communities:
        pdf.paragraph(translate("export.pdf.none", lang), muted=True)
    for community in results.plan.communities:
        pdf.heading(community.name, level=1)
        pdf.labelled(
            translate("export.pdf.community.totem", lang),
            community.totem_subject or translate("export.pdf.community.no_totem", lang),
        )
        if community.community_manager:
            pdf.labelled(
                translate("export.pdf.community.manager", lang), community.community_manager
            )
        pdf.ln(1)
        pdf.paragraph(translate("export.pdf.community.objectives", lang), style="B")
        objectives = [objective_text(o, lang) for o in community.objectives]
        pdf.bullets(objectives or [translate("export.pdf.none", lang)])
        pdf.ln(1)
        pdf.paragraph(translate("export.pdf.community.benefits", lang), style="B")
        pdf.bullets(list(community.benefits) or [translate("export.pdf.none", lang)])


def _populations(pdf: _Report, results: PlanResults, lang: str) -> None:
    pdf.heading(translate("export.pdf.section.populations", lang))
    names = {(c.id, p.id): f"{p.name} ({c.name})" for c, p in results.plan.all_populations()}
    heads = {(c.id, p.id): p.headcount or 0 for c, p in results.plan.all_populations()}
    waves = results.timeline.waves
    if waves:
        headers = [
            translate(f"export.column.{key}", lang)
            for key in ("wave", "date", "invited", "headcount")
        ]
        rows = []
        for wave in waves:
            label = translate(
                "export.pdf.wave_pilot" if wave.is_pilot else "export.pdf.wave",
                lang,
                number=str(wave.number),
            )
            invited = "\n".join(names.get(key, key[1]) for key in wave.populations)
            people = sum(heads.get(key, 0) for key in wave.populations)
            rows.append(
                [
                    label,
                    format_date(wave.date, lang, style="medium"),
                    invited,
                    format_number(people, lang),
                ]
            )
        pdf.data_table(headers, rows, (26, 24, 104, 20), right=(3,))
    table = export_table(results, "populations", lang)
    headers, rows = _columns(
        table, ("community", "name", "headcount", "wave_date", "criteria"), lang
    )
    if rows:
        pdf.heading(table.title[:1].upper() + table.title[1:], level=1)
        pdf.data_table(headers, rows, (32, 38, 16, 24, 64), right=(2,))
    else:
        pdf.paragraph(translate("export.pdf.none", lang), muted=True)


def _simple_table(
    pdf: _Report,
    results: PlanResults,
    name: TableName,
    keys: Sequence[str],
    widths: Sequence[float],
    *,
    lang: str,
    right: Sequence[int] = (),
    intro: str | None = None,
) -> None:
    table = export_table(results, name, lang)
    pdf.heading(translate(f"export.pdf.section.{name}", lang))
    if intro:
        pdf.paragraph(intro, size=9, muted=True)
        pdf.ln(2)
    headers, rows = _columns(table, keys, lang)
    if not rows:
        pdf.paragraph(translate("export.pdf.none", lang), muted=True)
        return
    pdf.data_table(headers, rows, widths, right=right)
