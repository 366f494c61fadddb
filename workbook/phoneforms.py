"""The participant page's answer forms: one per question, each refusal under its field.

Owns the four answer forms (totem subject and benefit; a population's six brakes, each "not
rated" until chosen; an ambassador or a volunteer; an objective with a native date field) and
how a refused answer comes back (the typed values kept, ``aria-invalid`` and the message under
the field the refusal names, or under the form when it names none). A taken answer leaves an
empty form; and reading a posted answer back into what the live store takes
(:func:`answer_payload`: "2,5" is 2.5, a brake left "not rated" is left out). Imports
``planner`` and ``workbook.phonehtml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from planner.i18n import translate
from planner.live import MAX_TEXT, Question
from planner.live.checks import AMBASSADOR_NAME_MAX, SHORT_TEXT_MAX, UNIT_MAX
from planner.models import ResistanceFactor
from workbook.phonehtml import ACTION, Joined, error_html

#: A brake's rating: 0 none … 3 strong; "" is "not rated".
RATINGS = ("0", "1", "2", "3")


class _Fields:
    """The fields of one answer form, each with the refusal that names it, if any."""

    def __init__(self, page: Joined) -> None:
        self.lang = page.where.lang
        answer = page.refusal if page.refusal and page.refusal.field != "pseudonym" else None
        self.refusal = answer
        # A refused answer keeps what was typed; a taken one leaves an empty form.
        self.values = page.values if answer else {}
        self.populations = page.question.populations

    def _names(self, name: str) -> bool:
        return bool(self.refusal and (self.refusal.field or "").split(".")[0] == name)

    def invalid(self, name: str, described: str = "") -> str:
        ids = " ".join(filter(None, (described, f"{name}-error" if self._names(name) else "")))
        invalid = ' aria-invalid="true"' if self._names(name) else ""
        return (f' aria-describedby="{ids}"' if ids else "") + invalid

    def error(self, name: str) -> str:
        if self.refusal is None or not self._names(name):
            return ""
        return error_html(self.refusal.message, self.lang, f"{name}-error")

    def label(self, name: str, key: str) -> str:
        return f'<label for="{name}">{escape(translate(key, self.lang))}</label>'

    def text(self, name: str, key: str, limit: int, *, area: bool = False, hint: str = "") -> str:
        value = escape(self.values.get(name, ""))
        holder = f' placeholder="{escape(translate(hint, self.lang))}"' if hint else ""
        common = f'id="{name}" name="{name}" maxlength="{limit}"{holder}{self.invalid(name)}'
        field = (
            f'<textarea {common} rows="3">{value}</textarea>'
            if area
            else f'<input {common} value="{value}" autocomplete="off">'
        )
        return self.label(name, key) + field + self.error(name)

    def population(self, key: str) -> str:
        chosen = self.values.get("population_id", "")
        options = [
            f'<option value=""{" selected" if not chosen else ""}>'
            f"{escape(translate('livejoin.population.placeholder', self.lang))}</option>"
        ] + [
            f'<option value="{escape(pid)}"{" selected" if pid == chosen else ""}>'
            f"{escape(name)}</option>"
            for pid, name in self.populations
        ]
        return (
            self.label("population_id", key)
            + f'<select id="population_id" name="population_id"{self.invalid("population_id")}>'
            + "".join(options)
            + "</select>"
            + self.error("population_id")
        )

    def ratings(self) -> str:
        scale = escape(translate("livejoin.brakes.scale", self.lang))
        groups = [f'<p class="help" id="scale">{scale}</p>', self.error("ratings")]
        for factor in ResistanceFactor:
            name = f"brake_{factor.value}"
            chosen = self.values.get(name, "")
            unrated = translate("livejoin.brakes.unrated", self.lang)
            choices = [("", unrated), *[(rating, rating) for rating in RATINGS]]
            radios = "".join(
                f'<label class="choice{" wide" if not value else ""}">'
                f'<input type="radio" name="{name}" value="{value}"'
                f"{' checked' if value == chosen else ''}><span>{escape(shown)}</span></label>"
                for value, shown in choices
            )
            legend = escape(translate(f"factor.{factor.value}", self.lang))
            groups.append(
                f'<fieldset class="scale" aria-describedby="scale"><legend>{legend}</legend>'
                f"{radios}</fieldset>{self.error(f'ratings.{factor.value}')}"
            )
        return "".join(groups)


def answer_form(page: Joined) -> str:
    """The form of the session's question, with the refusal of the last send, if any."""
    fields = _Fields(page)
    question = page.question.question
    if question is Question.TOTEM:
        inner = fields.text(
            "subject",
            "livejoin.totem.subject",
            MAX_TEXT,
            area=True,
            hint="livejoin.totem.subject_placeholder",
        ) + fields.text(
            "benefit",
            "livejoin.totem.benefit",
            min(SHORT_TEXT_MAX, MAX_TEXT),
            hint="livejoin.totem.benefit_placeholder",
        )
    elif question is Question.BRAKES:
        inner = fields.population("livejoin.brakes.population") + fields.ratings()
    elif question is Question.AMBASSADORS:
        checked = " checked" if fields.values.get("volunteer") else ""
        volunteer = escape(translate("livejoin.ambassadors.volunteer", fields.lang))
        inner = (
            fields.text("name", "livejoin.ambassadors.name", min(AMBASSADOR_NAME_MAX, MAX_TEXT))
            + fields.population("livejoin.ambassadors.population")
            + '<label class="check"><input type="checkbox" id="volunteer" name="volunteer" '
            f'value="yes"{checked}> {volunteer}'
            "</label>"
        )
    else:
        inner = _objective_fields(fields)
    general = ""
    if fields.refusal is not None and fields.refusal.field is None:
        general = error_html(fields.refusal.message, fields.lang, "answer-error")
    return (
        f'<form method="post" action="{ACTION}" class="answer" data-enhance novalidate>'
        f'<input type="hidden" name="do" value="answer">{page.where.hidden()}{inner}'
        + general
        + f'<button type="submit" class="primary">{escape(translate("livejoin.send", fields.lang))}'
        "</button></form>"
    )


def _objective_fields(fields: _Fields) -> str:
    target = escape(fields.values.get("target", ""))
    due = escape(fields.values.get("due_date", ""))
    return (
        fields.text(
            "indicator",
            "livejoin.objectives.indicator",
            min(SHORT_TEXT_MAX, MAX_TEXT),
            hint="livejoin.objectives.indicator_placeholder",
        )
        + fields.label("target", "livejoin.objectives.target")
        + f'<input id="target" name="target" value="{target}" inputmode="decimal" '
        f'autocomplete="off"{fields.invalid("target")}>'
        + fields.error("target")
        + fields.text(
            "unit",
            "livejoin.objectives.unit",
            min(UNIT_MAX, MAX_TEXT),
            hint="livejoin.objectives.unit_placeholder",
        )
        + fields.label("due_date", "livejoin.objectives.due_date")
        + f'<input id="due_date" name="due_date" type="date" value="{due}"'
        f"{fields.invalid('due_date')}>" + fields.error("due_date")
    )


def whole(value: str | None) -> int | None:
    """A posted whole number, or None when the text is not one."""
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _number(value: str) -> float | str | None:
    """A typed target: "" is none, "2,5" and "2.5" are 2.5, other text stays text (refused)."""
    typed = value.strip().replace("\u202f", "").replace(" ", "")
    if not typed:
        return None
    try:
        return float(typed.replace(",", "."))
    except ValueError:
        return value


def answer_payload(question: Question, form: Mapping[str, str]) -> dict[str, Any]:
    """What an answer form posted, as the live store takes it (the store checks it)."""
    if question is Question.TOTEM:
        return {"subject": form.get("subject", ""), "benefit": form.get("benefit", "")}
    if question is Question.BRAKES:
        ratings = {
            factor.value: form.get(f"brake_{factor.value}", "") for factor in ResistanceFactor
        }
        return {
            "population_id": form.get("population_id", ""),
            "ratings": {key: whole(value) for key, value in ratings.items() if value != ""},
        }
    if question is Question.AMBASSADORS:
        return {
            "name": form.get("name", ""),
            "population_id": form.get("population_id", ""),
            "volunteer": bool(form.get("volunteer")),
        }
    return {
        "indicator": form.get("indicator", ""),
        "target": _number(form.get("target", "")),
        "unit": form.get("unit", ""),
        "due_date": form.get("due_date", "").strip() or None,
    }
