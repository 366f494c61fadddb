"""Plans and history: the stored plans, the bin, the current plan's revisions, plan files.

Not a step of the workshop flow: reached from the sidebar. Every action here goes through the
plan store and then opens the plan it produced, so the URL and the session follow.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner import PlanFileError, translate
from planner.models import Plan
from planner.planfile import MAX_PLAN_BYTES, dump_plan
from planner.store import PlanInfo, RevisionInfo
from planner.store.identity import Role
from planner.tables import slugify
from workbook.audit import audit_trail
from workbook.auth import access_notice, allowed
from workbook.persistence import (
    author,
    current_plan,
    hold_revision,
    open_stored_plan,
    session_store,
)
from workbook.problems import checked_plan_file
from workbook.session import lang_key
from workbook.sharing import sharing_section
from workbook.steps import PAGE_NAMES, page_path
from workbook.text import labels, lang, literal, md, moment, number, render_md, t
from workbook.workshop import projected_scorecard

PAGE = "plans"
# Notices survive the reset of this page's widgets (keys starting with "plans_").
NOTICE = "notice_plans"

plan = current_plan()
store = session_store()
may = allowed(store)  # signed in: what the user's role on each plan lets them do
plan_id: str | None = st.session_state.get("plan_id")  # None: a preview

st.title(t("ui.page.plans.title"))
st.caption(t("ui.plans.intro"))
access_notice()
st.page_link(page_path("compare"), label=t("ui.compare.link"), icon=":material/compare_arrows:")
notice = st.session_state.pop(NOTICE, None)
if notice:
    st.success(notice, icon=":material/check_circle:")


# --------------------------------------------------------------------------------------------
# Actions (callbacks: they run before the page is drawn again)


def _duplicate(source: str, name: str) -> None:
    try:
        revision = store.duplicate(
            source, name=t("ui.plans.variant_name", name=name), author=author()
        )
    except ValidationError:  # a name at its length limit: the copy keeps it
        revision = store.duplicate(source, name=name, author=author())
    hold_revision(revision)


def _delete(target: str) -> None:
    store.delete(target)


def _recover(target: str) -> None:
    store.recover(target)


def _restore(number_: int) -> None:
    assert plan_id is not None  # the history, and so this button, needs a stored plan
    revision = store.restore(plan_id, number_, author=author(), note="")
    hold_revision(revision)
    st.session_state[NOTICE] = t("ui.plans.restored", number=number_, new=revision.number)


def _import(data: bytes, into: str | None) -> None:
    try:
        revision = store.import_plan_file(data, author=author(), lang=lang(), into=into)
    except PlanFileError:
        return  # already listed on the page; nothing was written
    hold_revision(revision)
    st.session_state[NOTICE] = md(
        "ui.plans.imported", number=revision.number, name=revision.plan.name
    )


# --------------------------------------------------------------------------------------------
# The plans, and the bin

infos = store.list_plans(include_deleted=True)
live = [info for info in infos if not info.in_bin]
binned = [info for info in infos if info.in_bin]

st.subheader(t("ui.plans.list"))
st.caption(t("ui.plans.count", count=len(live)))


def _plan_row(info: PlanInfo) -> None:
    is_current = info.id == plan_id
    with st.container(border=True, key=f"{PAGE}_row_{info.id}"):
        name, open_, duplicate, delete = st.columns(
            [3.4, 1.2, 2.2, 2.2], vertical_alignment="center"
        )
        badge = f" :blue-badge[{t('ui.plans.current')}]" if is_current else ""
        name.markdown(f"**{literal(info.name)}**{badge}")
        name.caption(
            t(
                "ui.plans.row",
                time=moment(info.updated_at),
                revisions=info.latest_revision,
            )
        )
        open_.button(
            t("ui.plans.open"),
            key=f"{PAGE}_open_{info.id}",
            icon=":material/folder_open:",
            disabled=is_current,
            on_click=open_stored_plan,
            args=(info.id,),
            width="stretch",
        )
        duplicate.button(
            t("ui.plans.duplicate"),
            key=f"{PAGE}_duplicate_{info.id}",
            icon=":material/call_split:",
            help=t("ui.plans.duplicate_help"),
            on_click=_duplicate,
            args=(info.id, info.name),
            width="stretch",
        )
        delete.button(
            t("ui.plans.delete"),
            key=f"{PAGE}_delete_{info.id}",
            icon=":material/delete:",
            help=t("ui.plans.delete_current" if is_current else "ui.plans.delete_help"),
            disabled=is_current or not may(info.id, Role.OWNER),
            on_click=_delete,
            args=(info.id,),
            width="stretch",
        )


for info in live:
    _plan_row(info)

with st.expander(t("ui.plans.bin", count=len(binned)), icon=":material/delete:"):
    if not binned:
        st.caption(t("ui.plans.bin_empty"))
    for info in binned:
        name, recover = st.columns([6.8, 1.8], vertical_alignment="center")
        name.markdown(f"**{literal(info.name)}**")
        name.caption(
            t(
                "ui.plans.bin_row",
                time=moment(info.deleted_at or info.updated_at),
                revisions=info.latest_revision,
            )
        )
        recover.button(
            t("ui.plans.recover"),
            key=f"{PAGE}_recover_{info.id}",
            icon=":material/restore_from_trash:",
            disabled=not may(info.id, Role.OWNER),
            on_click=_recover,
            args=(info.id,),
            width="stretch",
        )


# --------------------------------------------------------------------------------------------
# The current plan: who reaches it (signed in), its history (revisions, who did what), a
# preview, restore


def _history(history: list[RevisionInfo]) -> list[int]:
    """The plan's revisions, newest first, each with its changes; their numbers."""
    in_hand = int(st.session_state["base_revision"])
    language = lang()
    with st.container(height=min(420, 90 + 70 * len(history)), key=f"{PAGE}_history"):
        for revision in history:
            line = md(
                "ui.plans.revision_line",
                number=revision.number,
                time=moment(revision.created_at),
                author=revision.author,
            )
            line += f" · {t(f'ui.plans.kind.{revision.kind}')}"
            if revision.note in PAGE_NAMES:
                line += f" {t('ui.plans.on_page', page=t(f'ui.page.{revision.note}.title'))}"
            if revision.number == in_hand:
                line += f" :blue-badge[{t('ui.plans.in_hand')}]"
            st.markdown(line)
            st.caption(" · ".join(render_md(change, language) for change in revision.changes))
    return [revision.number for revision in history]


def _revision_preview(plan_id: str, numbers: list[int]) -> None:
    """One revision, chosen: its scorecard and figures, and the button that restores it."""
    language = lang()
    chosen = st.selectbox(
        t("ui.plans.preview"),
        numbers,
        # The language is fixed now: the function may be called outside the run (AppTest does).
        format_func=lambda n: translate("ui.plans.revision", language, number=n),
        key=lang_key(f"{PAGE}_preview"),
    )
    if chosen is None:
        return
    shown: Plan = store.revision(plan_id, int(chosen)).plan
    with st.container(border=True, key=f"{PAGE}_preview_box"):
        st.markdown(f"**{md('ui.plans.preview_title', number=chosen, name=shown.name)}**")
        projected_scorecard(shown)
        populations = [population for _, population in shown.all_populations()]
        figures = st.columns(4)
        figures[0].metric(t("ui.plan.metric.communities"), number(len(shown.communities)))
        figures[1].metric(t("ui.plan.metric.populations"), number(len(populations)))
        figures[2].metric(
            t("ui.plan.metric.headcount"), number(sum(p.headcount or 0 for p in populations))
        )
        figures[3].metric(t("ui.plan.metric.sponsors"), number(len(shown.sponsors)))
        restore, compare = st.columns(2)
        restore.button(
            t("ui.plans.restore", number=chosen),
            key=f"{PAGE}_restore",
            icon=":material/history:",
            help=t("ui.plans.restore_help", number=chosen),
            disabled=chosen == numbers[0] or not may(plan_id, Role.EDITOR),
            on_click=_restore,
            args=(int(chosen),),
        )
        if compare.button(
            t("ui.compare.open"),
            key=f"{PAGE}_compare",
            icon=":material/compare_arrows:",
            help=t("ui.compare.open_help"),
            disabled=chosen == numbers[0],
        ):
            st.session_state["compare_from"] = (plan_id, int(chosen))
            st.switch_page(page_path("compare"))


history = [] if plan_id is None else store.history(plan_id)
sharing_section(plan_id, plan.name, history)  # signed in only, as the audit below
st.subheader(md("ui.plans.history", name=plan.name), anchor=False)
if plan_id is None:  # a preview: no history until its first change stores it
    st.info(t("ui.start.preview_status"), icon=":material/visibility:")
else:
    st.caption(t("ui.plans.history_help"))
    numbers = _history(history)
    audit_trail(plan_id, history, {info.id: info.name for info in infos})
    _revision_preview(plan_id, numbers)


# --------------------------------------------------------------------------------------------
# Plan files: download the current plan, upload one (checked before anything changes)

st.subheader(t("ui.plans.files"))
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('ui.plans.download')}**")
    st.caption(t("ui.plans.download_help"))
    st.download_button(
        t("ui.plans.download"),
        data=lambda: dump_plan(plan).encode("utf-8"),  # made on click, not on every visit
        file_name=f"{slugify(plan.name, fallback='plan')}.json",
        mime="application/json",
        key=f"{PAGE}_download",
        icon=":material/download:",
        on_click="ignore",
    )
with right:
    st.markdown(f"**{t('ui.plans.upload')}**")
    limit_mb = MAX_PLAN_BYTES / (1024 * 1024)
    st.caption(t("ui.plans.upload_help", size=f"{number(limit_mb)} MB"))
    upload = st.file_uploader(
        t("ui.plans.file"),
        type=["json"],
        key=f"{PAGE}_file",
        max_upload_size=max(1, int(limit_mb)),
    )
    candidate = None if upload is None else checked_plan_file(upload, texts="ui.plans")
    if candidate is not None:
        target = st.radio(
            t("ui.plans.import_as"),
            ["new", "revision"] if may(plan_id, Role.EDITOR) and plan_id is not None else ["new"],
            format_func=labels("ui.plans.import_as."),
            key=lang_key(f"{PAGE}_import_as"),
        )
        st.button(
            t("ui.plans.import"),
            key=f"{PAGE}_import",
            type="primary",
            icon=":material/upload:",
            on_click=_import,
            args=(upload.getvalue(), plan_id if target == "revision" else None),
        )
