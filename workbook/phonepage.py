"""A workshop participant's phone page, written as plain HTML: the page, the code form, the
pseudonym, the candidates to put dots on.

Owns the page's skeleton (language links, one ``main``, the stylesheet and the script of
``workbook/assets/``), the join-code form, the participant's page (who they are, the status
line, the question and its form from :mod:`workbook.phoneforms`), the pseudonym form, and the
totem candidates with the participant's dots (one 0–3 radio group each) and their entity tag.
Every text of a participant or of the plan goes through ``phonehtml.html_text`` or
``html.escape``: it is data, never markup. The page works without its script (plain forms
posting to ``/join``); the script only spares the reloads. Nothing here reads a request or the
store: :mod:`workbook.phone` does and passes what to draw. Imports ``planner``,
``workbook.phoneforms`` and ``workbook.phonehtml``.
"""

from __future__ import annotations

import hashlib
from html import escape

from planner.i18n import LANGUAGES, Message, translate
from planner.live import PSEUDONYM_MAX, VOTES_PER_PARTICIPANT, Contribution
from workbook.phoneforms import answer_form
from workbook.phonehtml import (
    ACTION,
    CODE_FIELD_MAX,
    Candidates,
    Joined,
    Where,
    error_html,
    html_text,
)


def document(where: Where, title: str, body: str) -> str:
    """The whole page: language links, ``main`` holding ``body``, the stylesheet, the script."""
    links = []
    for code in LANGUAGES:
        name = escape(translate(f"ui.language.{code}", code))
        if code == where.lang:
            links.append(f'<span lang="{code}" aria-current="true">{name}</span>')
        else:
            href = escape(f"{ACTION}?{Where(where.code, where.token, code).query()}")
            links.append(f'<a href="{href}" lang="{code}" hreflang="{code}">{name}</a>')
    return (
        f'<!doctype html>\n<html lang="{where.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)} · Totem</title>"
        f'<link rel="stylesheet" href="{ACTION}/phone.css">'
        f'<script src="{ACTION}/phone.js" defer></script></head><body>'
        f'<header><nav aria-label="{escape(translate("livejoin.language", where.lang))}">'
        f"{' '.join(links)}</nav></header>"
        f'<main id="main">{body}</main></body></html>\n'
    )


def code_page(where: Where, typed: str, refusal: Message | None) -> str:
    """The join page before joining: the code (prefilled from the URL) and why it was refused."""
    lang = where.lang
    invalid = ' aria-invalid="true" aria-describedby="code-error"' if refusal else ""
    body = (
        f"<h1>{escape(translate('livejoin.title', lang))}</h1>"
        f"<p>{escape(translate('livejoin.intro', lang))}</p>"
        f'<form method="post" action="{ACTION}" data-enhance>'
        '<input type="hidden" name="do" value="join">'
        f"{Where(lang=lang, chosen=where.chosen).hidden()}"
        f'<label for="code">{escape(translate("livejoin.code.label", lang))}</label>'
        f'<p class="help" id="code-help">{escape(translate("livejoin.code.help", lang))}</p>'
        f'<input id="code" name="code" value="{escape(typed)}" maxlength="{CODE_FIELD_MAX}" '
        'autocomplete="off" autocapitalize="characters" spellcheck="false" '
        f'placeholder="{escape(translate("livejoin.code.placeholder", lang))}" '
        f'aria-describedby="code-help"{invalid}>'
        + (error_html(refusal, lang, "code-error") if refusal else "")
        + f'<button type="submit" class="primary">{escape(translate("livejoin.code.join", lang))}'
        "</button></form>"
    )
    return document(where, translate("livejoin.title", lang), body)


def joined_page(page: Joined) -> str:
    """The page of a participant: who they are, the question and its form, the candidates."""
    where, lang = page.where, page.where.lang
    question = page.question
    title = translate("livejoin.title", lang)
    status = ""
    if page.done == "name":
        status = escape(translate("livejoin.pseudonym.changed", lang))
    elif page.done == "answer":
        status = escape(translate(f"livejoin.sent.{question.question.value}", lang))
    body = (
        f"<h1>{escape(translate('livejoin.title', lang))}</h1>"
        f'<p class="you">{html_text("livejoin.you_are", lang, name=page.pseudonym)}</p>'
        + _pseudonym_form(page)
        + f'<p id="status" class="done" role="status">{status}</p>'
        + '<section aria-labelledby="question-title">'
        + f'<h2 id="question-title">{escape(question.community or title)}</h2>'
        + f"<p>{escape(translate(f'livejoin.question.{question.question.value}', lang))}</p>"
        + answer_form(page)
        + "</section>"
    )
    if page.candidates is not None:
        body += candidates_html(where, page.candidates)
    return document(where, question.community or title, body)


def _pseudonym_form(page: Joined) -> str:
    lang = page.where.lang
    refusal = page.refusal if page.refusal and page.refusal.field == "pseudonym" else None
    typed = page.values.get("pseudonym", page.pseudonym) if refusal else page.pseudonym
    invalid = ' aria-invalid="true" aria-describedby="pseudonym-error"' if refusal else ""
    return (
        f"<details{' open' if refusal else ''}>"
        f"<summary>{escape(translate('livejoin.pseudonym.change', lang))}</summary>"
        f'<form method="post" action="{ACTION}" data-enhance>'
        f'<input type="hidden" name="do" value="rename">{page.where.hidden()}'
        f'<label for="pseudonym">{escape(translate("livejoin.pseudonym.label", lang))}</label>'
        f'<input id="pseudonym" name="pseudonym" value="{escape(typed)}" '
        f'maxlength="{PSEUDONYM_MAX}" autocomplete="off"{invalid}>'
        + (error_html(refusal.message, lang, "pseudonym-error") if refusal else "")
        + f'<button type="submit">{escape(translate("livejoin.pseudonym.save", lang))}</button>'
        "</form></details>"
    )


def list_etag(where: Where, candidates: Candidates) -> str:
    """The entity tag of the candidates' section: it changes when what the section shows does.

    Made of the language, the lock, the refusal, the visible candidates and the participant's
    dots on them; others' dots are not shown on a phone, so they leave it unchanged.
    """
    signature = repr(
        (
            where.lang,
            candidates.locked,
            candidates.refusal,
            tuple(c.id for c in candidates.shown),
            tuple(candidates.mine.get(c.id, 0) for c in candidates.shown),
        )
    )
    return '"' + hashlib.sha256(signature.encode()).hexdigest()[:20] + '"'


def candidates_html(where: Where, candidates: Candidates) -> str:
    """The candidates' section: the dots left, each visible candidate and its 0–3 radio group.

    Oldest first, so the list never reorders under a finger; others' dots are not shown.
    """
    lang = where.lang
    spent = sum(candidates.mine.get(c.id, 0) for c in candidates.shown)
    left = max(0, VOTES_PER_PARTICIPANT - spent)
    if candidates.locked:
        state = f'<p class="note">{escape(translate("livejoin.vote.locked", lang))}</p>'
    else:
        left_text = html_text("livejoin.vote.left", lang, count=left, total=VOTES_PER_PARTICIPANT)
        state = f"<p>{left_text}</p>"
    refusal = error_html(candidates.refusal, lang, "vote-error") if candidates.refusal else ""
    mine, locked = candidates.mine, candidates.locked
    items = "".join(
        _candidate(where, number, candidate, mine.get(candidate.id, 0), locked)
        for number, candidate in enumerate(candidates.shown, start=1)
    )
    listing = (
        f'<ol class="candidates">{items}</ol>'
        if items
        else (f'<p class="help">{escape(translate("livejoin.vote.none", lang))}</p>')
    )
    return (
        f'<section id="candidates" aria-labelledby="vote-title" '
        f'data-list="{escape(f"{ACTION}/list?{where.query()}")}" '
        f'data-etag="{escape(list_etag(where, candidates))}">'
        f'<h2 id="vote-title">{escape(translate("livejoin.vote.title", lang))}</h2>'
        f"{state}{refusal}{listing}</section>"
    )


def _candidate(where: Where, number: int, candidate: Contribution, mine: int, locked: bool) -> str:
    lang = where.lang
    subject = html_text(
        "livejoin.vote.candidate",
        lang,
        number=number,
        subject=str(candidate.payload.get("subject", "")),
    )
    benefit = str(candidate.payload.get("benefit") or "")
    gain = ""
    if benefit:
        gain = f'<p class="help">{html_text("livejoin.vote.benefit", lang, benefit=benefit)}</p>'
    disabled = " disabled" if locked else ""
    radios = "".join(
        f'<label class="choice"><input type="radio" name="votes" value="{count}" '
        f'id="votes-{candidate.id}-{count}"{" checked" if count == mine else ""}{disabled}>'
        f"<span>{count}</span></label>"
        for count in range(VOTES_PER_PARTICIPANT + 1)
    )
    legend = escape(translate("livejoin.vote.mine", lang, number=number))
    return (
        f'<li id="candidate-{candidate.id}"><p class="subject">{subject}</p>{gain}'
        f'<form method="post" action="{ACTION}#candidates" class="vote" data-enhance>'
        f'<input type="hidden" name="do" value="vote">{where.hidden()}'
        f'<input type="hidden" name="candidate" value="{candidate.id}">'
        f'<fieldset class="scale"{disabled}><legend>{legend}</legend>{radios}</fieldset>'
        f'<button type="submit" class="save-vote"{disabled}>'
        f"{escape(translate('livejoin.vote.save', lang))}</button></form></li>"
    )


def too_many_page(where: Where, seconds: int) -> str:
    """A phone posted too often: how long to wait, and the way back to the question."""
    lang = where.lang
    back = escape(f"{ACTION}?{where.query()}")
    body = (
        f"<h1>{escape(translate('livejoin.title', lang))}</h1>"
        f'<p class="error" role="alert">{html_text("livejoin.too_many", lang, seconds=seconds)}</p>'
        f'<p><a href="{back}">{escape(translate("livejoin.back", lang))}</a></p>'
    )
    return document(where, translate("livejoin.title", lang), body)
