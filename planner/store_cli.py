"""The admin commands of the command line: ``python -m planner store …`` on the plan database.

Owns the ``store`` subcommand group, which works on the database the workbook uses
(``TOTEM_DATABASE_URL``, else ``data/totem.db``: ``PlanStore.from_env``) with no sign-in: whoever
can run it can read the database anyway. Commands::

    python -m planner store list [--json] [--lang fr|en]
    python -m planner store reassign PLAN_ID EMAIL [--actor EMAIL] [--lang fr|en]
    python -m planner store share PLAN_ID PRINCIPAL editor|viewer [--actor EMAIL] [--lang fr|en]
    python -m planner store unshare PLAN_ID PRINCIPAL [--actor EMAIL] [--lang fr|en]
    python -m planner store export PLAN_ID --out FILE [--force] [--lang fr|en]
    python -m planner store audit PLAN_ID [--json] [--lang fr|en]

``list`` shows every plan, those in the bin too; ``reassign``, ``share`` and ``unshare`` go
through ``AccessStore.set_owner``, ``set_share`` and ``remove_share``, audited under
``--actor`` (default: the operating system's user name); ``export`` writes the plan file of
the newest revision (``planner.planfile.dump_plan``), never over an existing file without
``--force``. Exit codes as ``planner.cli``: 0 on success, 2 on a bad argument (an unknown plan
id, a bad e-mail address or principal, an existing ``--out``), with one ``ARGUMENT: message``
line per problem on stderr and nothing written.

Imports: ``planner.cli`` (its output helpers), ``planner.errors``, ``planner.i18n``,
``planner.planfile`` and, only when a command runs, ``planner.store`` (SQLAlchemy), which the
file commands never load.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli import EXIT_BAD_INPUT, EXIT_OK, _print, _print_table, _shown
from planner.errors import PlanFileError
from planner.i18n import LANGUAGES, format_date, render, translate
from planner.planfile import dump_plan

if TYPE_CHECKING:
    from planner.store import AccessStore, PlanInfo

__all__ = ["add_store_commands"]

Handler = Callable[[argparse.Namespace], int]
#: The roles a share may give (the owner is set with ``reassign``).
SHARE_ROLES = ("editor", "viewer")


class _BadArguments(Exception):
    """Problems with the command's arguments, as ``ARGUMENT: message`` lines; nothing written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(*lines)
        self.lines = lines


def add_store_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], say: Callable[[str], str]
) -> None:
    """Add the ``store`` group to the command line's subcommands; ``say`` translates help."""
    group = commands.add_parser("store", help=say("cli.help.store"))
    actions = group.add_subparsers(dest="store_command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=say(f"cli.store.help.{name}"))
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help=say("cli.help.lang"))
        parser.set_defaults(handler=lambda args: _run(handler, args))
        return parser

    def plan_command(name: str, handler: Handler) -> argparse.ArgumentParser:
        parser = command(name, handler)
        parser.add_argument("plan_id", metavar="PLAN_ID", help=say("cli.store.help.plan_id"))
        return parser

    def actor(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--actor", metavar="EMAIL", help=say("cli.store.help.actor"))
        return parser

    command("list", _list).add_argument("--json", action="store_true", help=say("cli.help.json"))
    reassign = actor(plan_command("reassign", _reassign))
    reassign.add_argument("email", metavar="EMAIL", help=say("cli.store.help.email"))
    share = actor(plan_command("share", _share))
    share.add_argument("principal", metavar="PRINCIPAL", help=say("cli.store.help.principal"))
    share.add_argument("role", metavar="ROLE", choices=SHARE_ROLES, help=say("cli.store.help.role"))
    unshare = actor(plan_command("unshare", _unshare))
    unshare.add_argument("principal", metavar="PRINCIPAL", help=say("cli.store.help.principal"))
    export = plan_command("export", _export)
    export.add_argument("--out", required=True, metavar="FILE", help=say("cli.store.help.out"))
    export.add_argument("--force", action="store_true", help=say("cli.store.help.force"))
    plan_command("audit", _audit).add_argument(
        "--json", action="store_true", help=say("cli.help.json")
    )


def _run(handler: Handler, args: argparse.Namespace) -> int:
    """Run a store command; report bad arguments and the store's refusals on stderr (exit 2)."""
    from planner.store import PlanNotFound, StoreSchemaError

    try:
        return handler(args)
    except _BadArguments as exc:
        lines = exc.lines
    except PlanNotFound:
        plan_id = getattr(args, "plan_id", "")
        message = translate("cli.store.unknown_plan", args.lang, plan_id=plan_id)
        lines = [_line("PLAN_ID", message)]
    except StoreSchemaError as exc:  # the database was made by a newer Totem
        lines = [render(exc.message, args.lang)]
    except PlanFileError as exc:  # a stored revision this Totem's model refuses
        lines = [_line("PLAN_ID", str(problem)) for problem in exc.problems]
    for line in lines:
        print(_shown(line), file=sys.stderr)
    return EXIT_BAD_INPUT


def _line(argument: str, message: str) -> str:
    return f"{argument}: {message}"


@contextmanager
def _access() -> Iterator[AccessStore]:
    """The access store over the configured database, closed afterwards."""
    from planner.store import AccessStore, PlanStore

    with PlanStore.from_env() as plans:
        yield AccessStore(plans)


def _email(value: str, argument: str, lang: str) -> str:
    """An e-mail address in the store's form, or a ``_BadArguments`` naming ``argument``."""
    from planner.store import BadPrincipal
    from planner.store.identity import normalise_email

    try:
        return normalise_email(value)
    except BadPrincipal as exc:
        raise _BadArguments([_line(argument, render(exc.message, lang))]) from None


def _principal(value: str, lang: str) -> str:
    from planner.store import BadPrincipal
    from planner.store.identity import normalise_principal

    try:
        return normalise_principal(value)
    except BadPrincipal as exc:
        raise _BadArguments([_line("PRINCIPAL", render(exc.message, lang))]) from None


def _actor(args: argparse.Namespace) -> str:
    """Who the audit names: ``--actor`` (an e-mail address), else the OS user name."""
    if args.actor is not None:
        return _email(args.actor, "--actor", args.lang)
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor the password database
        return "command line"


def _list(args: argparse.Namespace) -> int:
    """Every plan, the bin's too, with its organisation, owner, shares and last save."""
    lang: str = args.lang
    with _access() as access:
        rows = [_plan_row(access, info) for info in access.plans.list_plans(include_deleted=True)]
    if args.json:
        _print(json.dumps(rows, indent=2, ensure_ascii=False), utf8=True)
        return EXIT_OK
    if not rows:
        _print(translate("cli.store.none", lang))
        return EXIT_OK
    keys = ("id", "name", "organisation", "owner", "shares", "saved")
    table = [
        [
            row["id"],
            translate("cli.store.in_bin", lang, name=row["name"]) if row["in_bin"] else row["name"],
            row["organisation"] or "",
            row["owner"] or translate("cli.store.unclaimed", lang),
            ", ".join(_share_text(share, lang) for share in row["shares"]),
            _moment(datetime.fromisoformat(row["last_saved"]), lang),
        ]
        for row in rows
    ]
    _print_table([translate(f"cli.store.column.{key}", lang) for key in keys], table)
    return EXIT_OK


def _plan_row(access: AccessStore, info: PlanInfo) -> dict[str, Any]:
    """One plan as ``list --json`` shows it (the text table shows the same fields)."""
    plan = access.plans.latest(info.id).plan
    return {
        "id": info.id,
        "name": plan.name,
        "organisation": plan.organisation,
        "owner": access.owner(info.id),
        "shares": [
            {"principal": principal, "role": role.value}
            for principal, role in access.shares(info.id).items()
        ],
        "last_saved": info.updated_at.isoformat(),
        "latest_revision": info.latest_revision,
        "in_bin": info.in_bin,
    }


def _share_text(share: dict[str, str], lang: str) -> str:
    role = translate(f"cli.store.role.{share['role']}", lang)
    return translate("cli.store.share_item", lang, principal=share["principal"], role=role)


def _moment(when: datetime, lang: str) -> str:
    """A UTC time for a person: ``Mar 15, 2027 14:05 UTC`` / ``15 mars 2027 14:05 UTC``."""
    return translate(
        "cli.store.moment", lang, day=format_date(when, lang, style="medium"), time=f"{when:%H:%M}"
    )


def _reassign(args: argparse.Namespace) -> int:
    lang: str = args.lang
    actor = _actor(args)
    owner = _email(args.email, "EMAIL", lang)
    with _access() as access:
        name = access.plans.latest(args.plan_id).plan.name
        previous = access.owner(args.plan_id)
        access.set_owner(args.plan_id, owner, actor=actor)
    previous_text = previous or translate("cli.store.unclaimed", lang)
    _print(
        translate(
            "cli.store.reassigned",
            lang,
            name=name,
            plan_id=args.plan_id,
            owner=owner,
            previous=previous_text,
        )
    )
    return EXIT_OK


def _share(args: argparse.Namespace) -> int:
    lang: str = args.lang
    actor = _actor(args)
    principal = _principal(args.principal, lang)
    with _access() as access:
        name = access.plans.latest(args.plan_id).plan.name
        access.set_share(args.plan_id, principal, args.role, actor=actor)
    role = translate(f"cli.store.role.{args.role}", lang)
    _print(translate("cli.store.shared", lang, name=name, principal=principal, role=role))
    return EXIT_OK


def _unshare(args: argparse.Namespace) -> int:
    lang: str = args.lang
    actor = _actor(args)
    principal = _principal(args.principal, lang)
    with _access() as access:
        name = access.plans.latest(args.plan_id).plan.name
        removed = access.remove_share(args.plan_id, principal, actor=actor)
    message_id = "cli.store.unshared" if removed else "cli.store.was_not_shared"
    _print(translate(message_id, lang, name=name, principal=principal))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    """Write the newest revision's plan file to ``--out``; never over a file without --force."""
    lang: str = args.lang
    out = Path(args.out)
    if out.exists() and not args.force:
        raise _BadArguments([_line("--out", translate("cli.store.file_exists", lang, path=out))])
    with _access() as access:
        latest = access.plans.latest(args.plan_id)
    text = dump_plan(latest.plan)
    try:
        # "x" refuses a file that appeared since the check above.
        with out.open("w" if args.force else "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        message = translate("cli.store.file_exists", lang, path=out)
        raise _BadArguments([_line("--out", message)]) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = translate("cli.store.unwritable", lang, path=out, reason=reason)
        raise _BadArguments([_line("--out", message)]) from None
    written = translate(
        "cli.store.exported", lang, path=out, name=latest.plan.name, number=latest.number
    )
    print(_shown(written), file=sys.stderr)
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    lang: str = args.lang
    with _access() as access:
        access.plans.latest(args.plan_id)  # an unknown id is an error, not an empty audit
        entries = access.audit(args.plan_id)
    if args.json:
        data = [
            {
                "at": entry.at.isoformat(),
                "actor": entry.actor,
                "action": entry.action,
                "detail": dict(entry.detail),
            }
            for entry in entries
        ]
        _print(json.dumps(data, indent=2, ensure_ascii=False), utf8=True)
        return EXIT_OK
    if not entries:
        _print(translate("cli.store.no_audit", lang))
        return EXIT_OK
    keys = ("at", "actor", "action", "detail")
    rows = [
        [
            _moment(entry.at, lang),
            entry.actor,
            entry.action,
            ", ".join(f"{key}: {value}" for key, value in sorted(entry.detail.items())),
        ]
        for entry in entries
    ]
    _print_table([translate(f"cli.store.column.{key}", lang) for key in keys], rows)
    return EXIT_OK
