"""A comparison of two plans as a PDF page set and as one CSV table.

The PDF uses the plan report's own page, type and table building blocks
(``planner.export.pdf``): a title block, then readiness (overall and per indicator, the
findings that came and went), the forecast with both curves on one chart, the tasks that moved
with the Gantt of B over A, and the content changes grouped by community. The two charts are
drawn as the report's are (``planner.export.charts``); without a browser their places say why.

The CSV holds one row per difference, every section in one table with a ``section`` column;
UTF-8 with a byte-order mark, ISO dates, and text cells made inert for spreadsheets exactly as
``planner.export.csv`` does.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

from planner.compare import (
    Comparison,
    change_groups,
    finding_lines,
    forecast_rows,
    readiness_rows,
    shift_message,
    signed,
)
from planner.compare_figures import compare_forecast_figure, compare_gantt_figure
from planner.export.charts import ChartsUnavailable, render_pngs
from planner.export.csv import neutralise
from planner.export.pdf import _CHART_PX_W, _CHART_SCALE, _LEVEL_RGB, _place_image, _Report
from planner.i18n import format_date, render, translate

__all__ = ["COMPARISON_CSV_COLUMNS", "comparison_csv", "comparison_pdf"]

#: Columns of the comparison CSV, as catalogue keys ``compare.column.<key>``.
COMPARISON_CSV_COLUMNS: tuple[str, ...] = (
    "section",
    "community",
    "path",
    "before",
    "after",
    "delta",
    "change",
)


def comparison_pdf(
    comparison: Comparison, lang: str, *, stamp: datetime | None = None, charts: bool = True
) -> bytes:
    """Make the PDF pages of a comparison in ``lang``.

    Args:
        comparison: the result of ``compare(a, b)``.
        lang: language of every text.
        stamp: when the pages are made (shown, and the PDF's creation date); now by default.
        charts: False leaves the two charts out without trying to draw them (their places
            then say so).

    Returns:
        The PDF file's bytes.
    """
    made = stamp or datetime.now(UTC)
    images, missing = _chart_images(comparison, lang, draw=charts)
    title = translate("compare.title", lang, a=comparison.name_a, b=comparison.name_b)
    pdf = _Report(lang, title)
    pdf.set_title(title)
    pdf.set_creator("Totem")
    pdf.set_lang(lang)
    pdf.set_creation_date(made)
    pdf.add_page()
    pdf.paragraph(title, size=16, style="B")
    pdf.paragraph(translate("compare.plan_a", lang, name=comparison.name_a), muted=True)
    pdf.paragraph(translate("compare.plan_b", lang, name=comparison.name_b), muted=True)
    pdf.paragraph(translate("compare.pdf.made", lang, day=made.date()), size=9, muted=True)
    if comparison.is_identical:
        pdf.ln(2)
        pdf.paragraph(translate("compare.identical", lang))

    columns = [translate(f"compare.column.{key}", lang) for key in ("a", "b", "delta")]
    pdf.heading(translate("compare.section.readiness", lang), level=1)
    levels = [
        (comparison.readiness.a.level, comparison.readiness.b.level),
        *((delta.level_a, delta.level_b) for delta in comparison.readiness.indicators),
    ]
    pdf.data_table(
        [translate("compare.column.indicator", lang), *columns],
        readiness_rows(comparison, lang),
        (60, 40, 40, 16),
        right=(3,),
        size=9,
        fills=[{1: _LEVEL_RGB[a], 2: _LEVEL_RGB[b]} for a, b in levels],
    )
    findings = finding_lines(comparison, lang)
    if findings:
        pdf.heading(translate("compare.section.findings", lang), level=1)
        pdf.bullets(findings)

    pdf.heading(translate("compare.section.forecast", lang), level=1)
    pdf.data_table(
        [translate("compare.column.measure", lang), *columns],
        forecast_rows(comparison, lang),
        (70, 30, 30, 20),
        right=(1, 2, 3),
        size=9,
    )
    _chart(pdf, images, "forecast", missing, lang)

    pdf.heading(translate("compare.section.timeline", lang), level=1)
    shifts = [*comparison.timeline.moved, *comparison.timeline.appeared]
    shifts += comparison.timeline.disappeared
    if shifts:
        pdf.data_table(
            [
                translate("compare.column.task", lang),
                translate("compare.column.a", lang),
                translate("compare.column.b", lang),
                translate("compare.column.days", lang),
            ],
            [
                [
                    render(shift.label, lang),
                    _day(shift.start_a, lang),
                    _day(shift.start_b, lang),
                    signed(shift.days, lang) if shift.start_a and shift.start_b else "",
                ]
                for shift in shifts
            ],
            (90, 28, 28, 14),
            right=(3,),
        )
    else:
        pdf.paragraph(translate("compare.none", lang), muted=True)
    _chart(pdf, images, "gantt", missing, lang)

    pdf.heading(translate("compare.section.changes", lang), level=1)
    groups = change_groups(comparison, lang)
    if not groups:
        pdf.paragraph(translate("compare.none", lang), muted=True)
    for heading, lines in groups:
        pdf.paragraph(heading, style="B")
        pdf.bullets(lines)
        pdf.ln(2)
    return bytes(pdf.output())


def _chart_images(
    comparison: Comparison, lang: str, *, draw: bool
) -> tuple[dict[str, tuple[bytes, int]], str | None]:
    """Both charts as PNG with their pixel heights, or why they could not be drawn."""
    if not draw:
        return {}, translate("export.pdf.charts_off", lang)
    figures = {
        "forecast": compare_forecast_figure(comparison, lang, communities=True),
        "gantt": compare_gantt_figure(comparison, lang),
    }
    heights = {name: int(figure.layout.height or 600) for name, figure in figures.items()}
    try:
        jobs = [(figure, _CHART_PX_W, heights[name]) for name, figure in figures.items()]
        images = render_pngs(jobs, scale=_CHART_SCALE)
    except (ChartsUnavailable, RuntimeError, OSError) as exc:
        return {}, str(exc)
    return {name: (image, heights[name]) for name, image in zip(figures, images, strict=True)}, None


def _chart(
    pdf: _Report,
    images: dict[str, tuple[bytes, int]],
    name: str,
    missing: str | None,
    lang: str,
) -> None:
    """Place one chart, or say why it is not there."""
    if name not in images:
        pdf.notice(translate("export.pdf.chart_missing", lang, reason=missing or ""))
        return
    image, height = images[name]
    _place_image(pdf, image, height)


def _day(day: date | None, lang: str) -> str:
    return "" if day is None else format_date(day, lang, style="medium")


def comparison_csv(comparison: Comparison, lang: str) -> bytes:
    """Write the comparison as one CSV table in ``lang`` (headers and sentences).

    Rows: the overall readiness and each indicator (scores A and B), members at the end of the
    launch period and at the horizon, each task that moved, appeared or disappeared (start
    dates), then each content change (values before and after), with the sentence that says it.
    """
    rows: list[list[Any]] = []
    readiness = comparison.readiness
    texts = readiness_rows(comparison, lang)
    overall = [readiness.a.score, readiness.b.score, readiness.score_delta]
    rows.append(["readiness", "", "overall", *overall, _sentence(texts[0], lang)])
    for delta, text in zip(readiness.indicators, texts[1:], strict=True):
        rows.append(
            [
                "readiness",
                "",
                delta.id,
                delta.score_a,
                delta.score_b,
                delta.delta,
                _sentence(text, lang),
            ]
        )
    fc = comparison.forecast
    members = forecast_rows(comparison, lang)
    end_delta = fc.members_end_delta
    rows.append(
        [
            "forecast",
            "",
            "members_end",
            _rounded(fc.a.members_end),
            _rounded(fc.b.members_end),
            _rounded(end_delta),
            _sentence(members[0], lang),
        ]
    )
    rows.append(
        [
            "forecast",
            "",
            "members_horizon",
            _rounded(fc.a.members_horizon),
            _rounded(fc.b.members_horizon),
            _rounded(fc.members_horizon_delta),
            _sentence(members[1], lang),
        ]
    )
    timeline = comparison.timeline
    for shift in (*timeline.moved, *timeline.appeared, *timeline.disappeared):
        rows.append(
            [
                f"task_{shift.shift.value}",
                _community(comparison, shift.community_id),
                shift.task_id,
                shift.start_a,
                shift.start_b,
                shift.days if shift.start_a and shift.start_b else None,
                render(shift_message(shift), lang),
            ]
        )
    for change in comparison.changes:
        rows.append(
            [
                f"content_{change.kind.value}",
                _community(comparison, change.community_id),
                change.path,
                change.before,
                change.after,
                None,
                render(change.message, lang),
            ]
        )
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [neutralise(translate(f"compare.column.{key}", lang)) for key in COMPARISON_CSV_COLUMNS]
    )
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _sentence(row: list[str], lang: str) -> str:
    return translate("compare.csv.row", lang, what=row[0], a=row[1], b=row[2], delta=row[3])


def _rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def _community(comparison: Comparison, community_id: str | None) -> str:
    if community_id is None:
        return ""
    return comparison.community_names.get(community_id, community_id)


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, tuple | list):
        return neutralise("; ".join(str(_cell(item)) for item in value))
    return neutralise(str(value))
