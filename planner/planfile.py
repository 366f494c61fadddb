"""Plan files: read a plan from JSON with messages that say where it is wrong, write it back.

``parse_plan`` checks a document in the order a person would fix it — size, encoding, JSON
syntax, nesting, duplicate keys, the top-level object, ``schema_version`` — and only then
validates the model; every failure is a ``PlanFileError`` whose problems name the JSON path
(``communities[1].populations[0].headcount``) and say what to change, in the chosen language.
``dump_plan`` writes the canonical file, which ``parse_plan`` reads back to the same plan.

Example::

    >>> plan = parse_plan('{"schema_version": 2, "name": "Launch 2027"}')
    >>> dump_plan(plan).startswith('{\\n  "schema_version": 2,')
    True
"""

from __future__ import annotations

import difflib
import json
import math
import re
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from babel.lists import format_list
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planner.errors import PlanFileError, Problem
from planner.i18n import translate
from planner.models import SCHEMA_VERSION, Plan
from planner.models.plan import READABLE_VERSIONS

__all__ = [
    "MAX_NESTING",
    "MAX_PLAN_BYTES",
    "dump_plan",
    "format_path",
    "load_plan",
    "parse_plan",
    "plan_language",
    "problems_from_validation_error",
]

#: Largest plan file accepted: hundreds of communities fit in a fraction of it.
MAX_PLAN_BYTES = 5 * 1024 * 1024
#: Deepest nesting of objects and lists accepted; a valid plan needs fewer than ten levels.
MAX_NESTING = 64

_IDENTIFIER_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A JSON string token (so brackets inside texts are skipped) or a bracket.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
_QUOTED = re.compile(r"'([^']*)'")
# More ids than this make a message nobody reads: suggest the closest ones instead.
_MAX_CHOICES_LISTED = 8
# Digits beyond this are no plausible plan value, and Python refuses to convert 4,300 or more.
_MAX_INT_DIGITS = 24

_JSON_PROBLEMS = {
    "Expecting value": "planfile.json.expecting_value",
    "Expecting ',' delimiter": "planfile.json.expecting_comma",
    "Expecting ':' delimiter": "planfile.json.expecting_colon",
    "Expecting property name enclosed in double quotes": "planfile.json.expecting_property",
    "Unterminated string starting at": "planfile.json.unterminated_string",
    "Invalid control character at": "planfile.json.control_character",
    "Invalid \\escape": "planfile.json.invalid_escape",
    "Invalid \\uXXXX escape": "planfile.json.invalid_escape",
    "Extra data": "planfile.json.extra_data",
}


def _say(message_id: str, lang: str, **params: Any) -> str:
    """Render one of this module's templates.

    ``translate`` leaves a template untouched when it gets no parameter; passing a placeholder
    makes every template go through ``str.format``, so ``{{`` always renders as ``{``.
    """
    return translate(message_id, lang, _=None, **params)


def format_path(loc: Sequence[str | int]) -> str:
    """Format a pydantic location as a JSON path: ``communities[1].populations[0].headcount``.

    Integers become indexes, identifier-like keys are joined with dots and any other key is
    quoted (``role_hours["a b"]``); pydantic's ``[key]`` marker, which says the error is about
    a dict key rather than its value, is dropped because the path already ends at that key.
    """
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item == "[key]":
            continue
        elif _IDENTIFIER_KEY.match(item):
            parts.append(f".{item}" if parts else item)
        else:
            parts.append(f"[{_quote(item)}]")
    return "".join(parts)


def _quote(key: str) -> str:
    text = json.dumps(key, ensure_ascii=False)
    # An unpaired surrogate could not be printed on a UTF-8 terminal; escape it instead.
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = json.dumps(key)
    return text


def problems_from_validation_error(exc: ValidationError, lang: str = "en") -> list[Problem]:
    """Turn a pydantic ``ValidationError`` on a plan into one ``Problem`` per error.

    Each problem has the JSON path of the field and a message from the errors catalogue,
    chosen by the pydantic error type and filled with its context (``greater_than`` gives
    ``must be > 0``); an error type the catalogue does not know keeps pydantic's own message.

    Args:
        exc: the error raised while validating a ``Plan`` (or one of its parts).
        lang: language of the messages, ``"en"`` or ``"fr"``.

    Returns:
        The problems, in the order pydantic reported them.
    """
    return [
        Problem(format_path(error["loc"]), _error_message(error, lang)) for error in exc.errors()
    ]


def _error_message(error: ErrorDetails, lang: str) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    message_id = f"error.{kind}"
    if kind in ("enum", "literal_error"):
        ctx["expected"] = _one_of(str(ctx.get("expected", "")), lang)
    elif kind == "extra_forbidden":
        suggestion = _suggest_field(error["loc"])
        if suggestion:
            message_id, ctx = "error.extra_forbidden.suggest", {"suggestion": suggestion}
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        message_id = "error.string_too_short.empty"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == _IDENTIFIER_PATTERN:
        message_id = "error.string_pattern_mismatch.identifier"
    elif kind in ("unknown_population", "unknown_community"):
        message_id, ctx = _unknown_reference(kind, ctx, lang)
    if not _has_template(message_id, lang):
        return error["msg"]
    return _say(message_id, lang, **ctx)


def _unknown_reference(kind: str, ctx: dict[str, Any], lang: str) -> tuple[str, dict[str, Any]]:
    """Word a reference to a missing population or community by how many choices there are.

    The model lists every known id; a plan with hundreds of communities needs a shorter answer:
    the closest ids when some look alike, else just how many there are.
    """
    known = str(ctx.get("known", ""))
    if known == "(none yet)":
        # The model spells "no choice yet" in English; say it in the user's language instead.
        return f"error.{kind}.none", ctx
    # Ids hold no spaces, so the model's ", "-joined list splits back safely.
    choices = known.split(", ")
    if len(choices) > _MAX_CHOICES_LISTED:
        wrong = str(ctx.get("population_id", ctx.get("community_id", "")))
        close = difflib.get_close_matches(wrong, choices, n=3, cutoff=0.6)
        if not close:
            return f"error.{kind}.many", {**ctx, "count": len(choices)}
        kind, choices = f"{kind}.suggest", close
    return f"error.{kind}", {**ctx, "known": str(format_list(choices, style="or", locale=lang))}


def _has_template(message_id: str, lang: str) -> bool:
    return translate(message_id, lang) != message_id


def _one_of(expected: str, lang: str) -> str:
    """Re-list pydantic's ``'a', 'b' or 'c'`` in the user's language: ``a, b ou c``."""
    values = _QUOTED.findall(expected)
    if not values:
        return expected
    return str(format_list(values, style="or", locale=lang))


def _suggest_field(loc: tuple[int | str, ...]) -> str | None:
    """Return the known field closest to a misspelt one, when one is close enough."""
    if not loc or not isinstance(loc[-1], str):
        return None
    model = _model_at(loc[:-1])
    if model is None:
        return None
    matches = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.7)
    return matches[0] if matches else None


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    """Follow a location from ``Plan`` down the field types; None when it leads to no model."""
    current: Any = Plan
    for item in loc:
        current = _unwrap_optional(current)
        origin = typing.get_origin(current)
        if origin is list and isinstance(item, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(item))
            if field is None:
                return None
            current = field.annotation
        else:
            return None
    current = _unwrap_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap_optional(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


class _BadNumber(ValueError):
    """A number the plan cannot hold: NaN, an infinity, or far too many digits."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it saw twice (the last value wins in ``dict``)."""

    duplicates: list[str]


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        result.duplicates = []
        for key, _ in pairs:
            if key in seen and key not in result.duplicates:
                result.duplicates.append(key)
            seen.add(key)
    return result


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text)
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _BadNumber(text)
    return int(text)


def _reject_constant(text: str) -> Any:
    raise _BadNumber(text)


def _decode_text(data: bytes | str, lang: str) -> str:
    """Check the size and the encoding; return the text without a byte-order mark."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_PLAN_BYTES:
        raise _fail("", _say("planfile.too_large", lang, size=size, limit=MAX_PLAN_BYTES))
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"0x{data[exc.start]:02X}"
        raise _fail("", _say("planfile.not_utf8", lang, byte=byte, line=line)) from None


def _check_nesting(text: str, lang: str) -> None:
    """Refuse data nested deeper than ``MAX_NESTING`` before ``json`` recurses into it."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line, column = _line_column(text, match.start())
                message = _say(
                    "planfile.too_deep", lang, limit=MAX_NESTING, line=line, column=column
                )
                raise _fail("", message)
        elif token in "]}":
            depth -= 1


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _load_json(text: str, lang: str) -> Any:
    if not text.strip():
        raise _fail("", _say("planfile.empty", lang))
    _check_nesting(text, lang)
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_from_pairs,
            parse_float=_parse_float,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
        )
    except _BadNumber as exc:
        number = exc.text if len(exc.text) <= 20 else exc.text[:20] + "…"
        raise _fail("", _say("planfile.bad_number", lang, number=number)) from None
    except json.JSONDecodeError as exc:
        problem_id = _JSON_PROBLEMS.get(exc.msg)
        problem = _say(problem_id, lang) if problem_id else exc.msg
        message = _say(
            "planfile.invalid_json", lang, line=exc.lineno, column=exc.colno, problem=problem
        )
        raise _fail("", message) from None


def _duplicate_keys(value: Any, loc: tuple[str | int, ...], lang: str) -> list[Problem]:
    """List every key written twice in an object, anywhere in the document."""
    problems: list[Problem] = []
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            problems.append(Problem(format_path((*loc, key)), _say("planfile.duplicate_key", lang)))
        for key, item in value.items():
            problems += _duplicate_keys(item, (*loc, key), lang)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += _duplicate_keys(item, (*loc, index), lang)
    return problems


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def _check_version(document: Mapping[str, Any], lang: str) -> None:
    if "schema_version" not in document:
        message = _say("planfile.schema_version_missing", lang, supported=SCHEMA_VERSION)
        raise _fail("schema_version", message)
    version = document["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        message = _say("planfile.schema_version_not_integer", lang, supported=SCHEMA_VERSION)
        raise _fail("schema_version", message)
    if version not in READABLE_VERSIONS:
        message = _say(
            "error.unknown_schema_version", lang, version=version, supported=SCHEMA_VERSION
        )
        raise _fail("schema_version", message)


def _fail(path: str, message: str) -> PlanFileError:
    return PlanFileError([Problem(path, message)])


def parse_plan(data: bytes | str, *, lang: str = "en") -> Plan:
    """Read a plan from the text of a plan file.

    Args:
        data: the file's bytes (UTF-8, with or without a byte-order mark) or its text.
        lang: language of the problem messages, ``"en"`` or ``"fr"``.

    Returns:
        The validated plan.

    Raises:
        PlanFileError: the data is too large, not UTF-8, not JSON, nested too deep, has a key
            twice in an object, is not an object, has a missing or unknown ``schema_version``,
            or does not fit the model; problems about the whole file have an empty path.
    """
    text = _decode_text(data, lang)
    document = _load_json(text, lang)
    duplicates = _duplicate_keys(document, (), lang)
    if duplicates:
        raise PlanFileError(duplicates)
    if not isinstance(document, dict):
        found = _say(f"planfile.json_type.{_json_type(document)}", lang)
        raise _fail("", _say("planfile.not_object", lang, found=found))
    _check_version(document, lang)
    try:
        return Plan.model_validate(document)
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation_error(exc, lang)) from None


def plan_language(data: bytes | str) -> str | None:
    """Return the ``language`` a plan file declares, or None when it cannot be read safely.

    Lets a caller report a broken file's problems in the language its author wrote it in.
    Never raises.
    """
    try:
        document = _load_json(_decode_text(data, "en"), "en")
    except PlanFileError:
        return None
    language = document.get("language") if isinstance(document, dict) else None
    return language if language in ("en", "fr") else None


def load_plan(path: str | Path, *, lang: str = "en") -> Plan:
    """Read the plan file at ``path``.

    Raises:
        PlanFileError: as ``parse_plan``, or the file is missing, a folder or unreadable;
            problems about the whole file carry ``path`` as their path.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise _fail(name, _say("planfile.not_found", lang)) from None
    except IsADirectoryError:
        raise _fail(name, _say("planfile.is_directory", lang)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(name, _say("planfile.unreadable", lang, reason=reason)) from None
    try:
        return parse_plan(data, lang=lang)
    except PlanFileError as exc:
        raise PlanFileError(
            [Problem(problem.path or name, problem.message) for problem in exc.problems]
        ) from None


def dump_plan(plan: Plan) -> str:
    """Write ``plan`` as the canonical plan file: JSON, indented by 2, UTF-8 text, final newline.

    Every field is written, defaults included, so a file keeps the thresholds and parameters
    it was planned with even if a later Totem changes its defaults. ``parse_plan`` reads the
    result back to an equal plan, and ``dump_plan`` of that plan gives the same text.
    """
    return (
        json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )
