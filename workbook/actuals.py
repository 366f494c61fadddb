"""Importing actuals after launch: the files, their format, a preview, the mapping, apply.

Owns the import box of the tracking page: the upload (one file or several), the format
(``planner.tracking.imports.ACTUALS_FORMATS``), the sample's figures offered to try the page,
a preview of the rows read with one message per problem (naming file and line), a select box
per network group that names no community of the plan, and the apply button, which hands
everything to ``apply_actuals`` and saves ONE revision through
:func:`workbook.persistence.commit_plan` with a note saying what was imported. Bad input never
changes the plan; for a viewer the box is disabled (:func:`workbook.readonly.read_only`).
Imports ``planner``, ``workbook.persistence``, ``workbook.problems``, ``workbook.readonly``,
``workbook.results``, ``workbook.session`` and ``workbook.text``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from planner import PlanFileError
from planner.i18n import translate
from planner.models import Plan
from planner.tracking.imports import ACTUALS_FORMATS, ActualsImport, apply_actuals, read_actuals
from workbook.persistence import SAMPLE_DIR, commit_plan, is_preview
from workbook.problems import show_problems
from workbook.readonly import read_only
from workbook.results import cached_view
from workbook.session import lang_key
from workbook.text import day, labels, lang, md, t

PAGE = "tracking"
#: The sample's actuals, for the French sample plan (weekly CSV, Viva Engage reports).
SAMPLE_ACTUALS = SAMPLE_DIR / "actuals"
SAMPLE_FILE = SAMPLE_ACTUALS / "weekly.csv"
#: Session keys of the box: the upload, the sample's figures in use, the last import's note.
FILES_KEY = f"{PAGE}_files"
SAMPLE_KEY = f"{PAGE}_sample"
DONE_KEY = f"{PAGE}_imported"
_MAP_PREFIX = f"{PAGE}_group_"

Files = list[tuple[str, bytes]]


def import_box(plan: Plan, *, expanded: bool) -> None:
    """Import actuals: files and format, preview and problems, the groups' mapping, apply."""
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    with st.expander(t("trackpage.import.title"), icon=":material/upload_file:", expanded=expanded):
        files, fmt = _inputs(plan)
        if not files:
            return
        found = _read(files, plan, fmt, {})
        mapping = _mapping(plan, found)
        if mapping:
            found = _read(files, plan, fmt, mapping)
        _preview(plan, found)
        if found.problems:
            show_problems(
                found.problems, intro=t("trackpage.import.problems", count=len(found.problems))
            )
        unmapped = [group for group in found.unknown_groups if group not in mapping]
        if unmapped:
            st.info(t("trackpage.map.pending", count=len(unmapped)), icon=":material/link:")
        ready = found.ok and not unmapped and bool(found.snapshots)
        snapshots = sum(len(found_list) for found_list in found.snapshots.values())
        if st.button(
            t("trackpage.import.apply", count=snapshots),
            key=f"{PAGE}_apply",
            type="primary",
            disabled=not ready or read_only(),
            icon=":material/done_all:",
        ):
            _apply(plan, found, mapping)


def _inputs(plan: Plan) -> tuple[Files, str]:
    """The files to read (uploaded, else the sample's when asked for) and the chosen format."""
    st.markdown(t("trackpage.import.intro"))
    locked = read_only()  # actuals are written into the plan: not by a viewer
    uploads = st.file_uploader(
        t("trackpage.import.files"),
        type=["csv", "xlsx", "zip", "txt"],
        accept_multiple_files=True,
        key=FILES_KEY,
        max_upload_size=50,
        disabled=locked,
    )
    fmt = st.selectbox(
        t("trackpage.import.format"),
        ACTUALS_FORMATS,
        format_func=labels("trackpage.format."),
        key=lang_key(f"{PAGE}_format"),
        help=t("trackpage.import.format_help"),
        disabled=locked,
    )
    files: Files = [(upload.name, upload.getvalue()) for upload in uploads or []]
    if not files and st.session_state.get(SAMPLE_KEY):
        files = [(SAMPLE_FILE.name, SAMPLE_FILE.read_bytes())]
        st.caption(t("trackpage.sample.in_use", name=SAMPLE_FILE.name))
        st.button(
            t("trackpage.sample.drop"),
            key=f"{PAGE}_sample_drop",
            on_click=_drop_sample,
            disabled=locked,
        )
    elif not files and sample_fits(plan):
        st.button(
            t("trackpage.sample.use"),
            key=f"{PAGE}_sample_use",
            icon=":material/science:",
            on_click=_use_sample,
            help=t("trackpage.sample.help"),
            disabled=locked,
        )
    return files, str(fmt)


def _use_sample() -> None:
    st.session_state[SAMPLE_KEY] = True


def _drop_sample() -> None:
    st.session_state.pop(SAMPLE_KEY, None)


def sample_fits(plan: Plan) -> bool:
    """Whether the sample's weekly figures name only communities of ``plan`` (cached)."""
    return bool(cached_view(f"{PAGE}:sample_fits", plan, _sample_fits))


def _sample_fits(kind: str, plan: Plan, language: str) -> bool:
    if not SAMPLE_FILE.exists():
        return False
    found = read_actuals([(SAMPLE_FILE.name, SAMPLE_FILE.read_bytes())], plan, lang=language)
    return found.ok and not found.unknown_groups


def _read(files: Files, plan: Plan, fmt: str, mapping: dict[str, str]) -> ActualsImport:
    return read_actuals(files, plan, fmt=fmt, mapping=mapping or None, lang=lang())


def _map_key(group: str) -> str:
    # A group's name is user text of any length: the key holds a digest of it.
    return _MAP_PREFIX + hashlib.blake2b(group.encode(), digest_size=8).hexdigest()


def _mapping(plan: Plan, found: ActualsImport) -> dict[str, str]:
    """A select box per group that names no community; the groups mapped so far."""
    unknown = found.unknown_groups
    if not unknown:
        return {}
    st.markdown(t("trackpage.map.intro", count=len(unknown)))
    names = {community.id: community.name for community in plan.communities}
    # "" leaves the group out: another group of the network, not a community of this plan.
    options: list[str | None] = [None, *names, ""]
    shown: dict[str | None, str] = {None: t("trackpage.map.none"), "": t("trackpage.map.skip")}
    shown.update(names)
    mapping: dict[str, str] = {}
    for group in unknown:
        chosen = st.selectbox(
            md("trackpage.map.label", group=group),
            options,
            format_func=shown.__getitem__,
            key=_map_key(group),
            disabled=read_only(),
        )
        if chosen is not None:
            mapping[group] = str(chosen)
    return mapping


def _preview(plan: Plan, found: ActualsImport) -> None:
    """The rows read, with their line (and file, when several), and where each one goes."""
    if not found.rows:
        return
    names = {community.id: community.name for community in plan.communities}
    several = len({row.source for row in found.rows}) > 1
    columns = ("file", "line", "group", "community", "date", "members", "posts", "posters")
    rows = []
    for row in found.rows:
        snapshot = row.snapshot
        rows.append(
            [
                row.source,
                row.line,
                row.group,
                names.get(row.community_id or "", ""),
                day(snapshot.date) if snapshot else "",
                *(_cell(getattr(snapshot, f, None)) for f in ("members", "posts", "posters")),
            ]
        )
    frame = pd.DataFrame(rows, columns=[t(f"trackpage.preview.{c}") for c in columns])
    if not several:
        frame = frame.drop(columns=t("trackpage.preview.file"))
    st.markdown(t("trackpage.import.preview", count=len(rows)))
    st.dataframe(frame.astype(str), hide_index=True, width="stretch", height=260)


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def import_note(found: ActualsImport, language: str) -> str:
    """The revision's note: how many communities and snapshots were imported."""
    counts = [len(found_list) for found_list in found.snapshots.values() if found_list]
    return translate("trackpage.note", language, communities=len(counts), snapshots=sum(counts))


def _apply(plan: Plan, found: ActualsImport, mapping: dict[str, str]) -> None:
    """Write the snapshots (and the groups' mapping) into the plan, as one revision."""
    language = lang()
    try:
        updated = apply_actuals(plan, found, mapping=mapping or None, lang=language)
    except PlanFileError as exc:
        show_problems(exc.problems, intro=t("trackpage.import.rejected"))
        return
    note = import_note(found, language)
    if is_preview():
        # Copy on write stores a preview as it was, so the history keeps the plan before the
        # import: what "since the last import" compares with.
        commit_plan(plan)
    commit_plan(updated, note=note)
    _forget(mapping_keys=[_map_key(group) for group in found.unknown_groups])
    st.session_state[DONE_KEY] = t("trackpage.import.done", note=note)
    st.rerun()


def _forget(*, mapping_keys: Sequence[str]) -> None:
    """Forget the box's inputs: the next import starts from an empty box."""
    for key in (FILES_KEY, SAMPLE_KEY, *mapping_keys):
        st.session_state.pop(key, None)


def sample_path() -> Path:
    """The sample's weekly figures, offered as an example of the weekly format."""
    return SAMPLE_FILE
