"""The published JSON Schema of plan files, and the check that keeps its golden copy current.

``schema/plan.schema.json`` is generated from the model by ``make schema`` (which runs
``python -m planner schema``); ``make test`` runs ``python -m planner schema --check`` so a model
change without a regenerated schema fails with the command to run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.i18n import translate
from planner.models import SCHEMA_VERSION, Plan

__all__ = ["JSON_SCHEMA_DIALECT", "SCHEMA_ID", "check_schema", "plan_json_schema", "schema_text"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Identifies this version of the plan format; it changes with ``SCHEMA_VERSION``.
SCHEMA_ID = f"urn:totem:plan:schema-version:{SCHEMA_VERSION}"


def plan_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a plan file of the current ``SCHEMA_VERSION``.

    It is pydantic's schema of ``Plan`` with the dialect, an id, a title, and
    ``schema_version`` pinned to the one value this Totem reads.
    """
    schema = Plan.model_json_schema()
    schema["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **schema,
        "title": f"Totem launch plan, schema version {SCHEMA_VERSION}",
    }


def schema_text() -> str:
    """Return the schema as the text of ``schema/plan.schema.json``.

    The text is deterministic — keys sorted, indented by 2, UTF-8, a final newline — so the
    golden file only changes when the model does.
    """
    return json.dumps(plan_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def check_schema(path: str | Path, *, lang: str = "en") -> str | None:
    """Compare the schema file at ``path`` with the one the model generates.

    Returns:
        None when the file is current; otherwise a message, in ``lang``, saying that the model
        changed (or the file is missing) and giving the command that regenerates it.
    """
    file = Path(path)
    try:
        current = file.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return translate("schema.missing", lang, path=str(path))
    except (OSError, UnicodeDecodeError):
        current = None
    if current == schema_text():
        return None
    return translate("schema.stale", lang, path=str(path))
