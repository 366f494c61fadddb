"""Access rules benchmark: what sign-in's owners, shares and audit cost the plan store.

Run: ``python -m benchmarks.access_bench [--repeat 30] [--plans 100,1000]
[--databases sqlite,postgresql] [--out docs/benchmarks.md]``.

With sign-in, every store call of the workbook goes through ``AccessStore(plans).for_user(user)``
(``planner.store.guarded``): a read checks the user's role first, a write checks it again inside
its transaction and writes an audit entry, and the plan list keeps only the plans the user may
see. Each figure here puts the plain ``PlanStore`` call next to the same call made that way, as
the workbook makes it (a fresh ``AccessStore`` and ``GuardedStore`` per call).

The store holds copies of the English sample plan (7 KB, so that a thousand are stored in
seconds). It is built once per database and grown to each of the ``--plans`` sizes in turn,
smallest first, each size measured on the store as it stands. Fifty users over three e-mail
domains own the plans; one plan in ten is unclaimed (every user is its editor), and each of the
others is shared with 0–3 users by e-mail and, one time in two, with one whole ``@domain``, as
editor or viewer at random (seeded: two runs build the same store). The plan opened and saved
belongs to one user and is shared with another domain as editor, and with nobody else.

Databases as in ``benchmarks.store_bench``: SQLite is a file in WAL mode; PostgreSQL a throwaway
local cluster, unless ``TOTEM_BENCH_DATABASE_URL`` names an empty database to use instead. Each
figure is the median of ``repeat`` runs after one warm-up, with the spread (min–max), in
milliseconds; the calls compared in one row take turns, so a slower moment of the machine
falls on all of them alike.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import replace_section
from benchmarks.store_bench import DATABASES, Timing, _database
from planner.models import Plan
from planner.store import AccessStore, GuardedStore, PlanInfo, PlanStore, Revision, Role, User

PLANS = (100, 1000)
_SAMPLE = Path(__file__).parents[1] / "sample_data" / "en-team-plan.json"
_DOMAINS = ("north.example", "south.example", "hq.example")
USERS = tuple(User(f"user{index:02d}@{_DOMAINS[index % len(_DOMAINS)]}") for index in range(50))
OWNER = USERS[0]  # owns the plan opened and saved
EDITOR = USERS[2]  # edits it through the share with their whole domain
STRANGER = USERS[3]  # of the owner's domain, may not see it
ORDINARY = USERS[1]  # whose plan list is timed
ADMIN = User("admin@hq.example", "Admin", admin=True)
_UNCLAIMED_EVERY = 10
_DOMAIN_SHARE_CHANCE = 0.5

# Columns of the two tables: who makes the call, plain ``PlanStore`` first.
CALLERS = ("plain", "owner", "editor")
LISTERS = ("plain", "ordinary", "admin")


@dataclass(frozen=True)
class StoreResult:
    """The timings on one database at one store size, and how many plans each list showed."""

    calls: dict[str, dict[str, Timing]]  # "open" / "save" / "role" -> caller -> Timing
    lists: dict[str, Timing]  # lister -> Timing
    listed: dict[str, int]  # lister -> plans in the list


Key = tuple[str, int]


def _take_turns(calls: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Time each call ``repeat`` times after one warm-up, the calls taking turns."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for index in range(repeat + 1):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            if index:  # the first round warms up
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: Timing(statistics.median(s), min(s), max(s)) for name, s in samples.items()}


def _measured_plan(store: PlanStore, plan: Plan) -> str:
    """Create the plan opened and saved: one owner, one domain of editors, nobody else."""
    access = AccessStore(store)
    plan_id = access.for_user(OWNER).create(plan).plan_id
    access.set_share(plan_id, "@" + EDITOR.email.rpartition("@")[2], Role.EDITOR, actor=OWNER.email)
    return plan_id


def _grow(store: PlanStore, plan: Plan, start: int, stop: int) -> None:
    """Add plans ``start`` to ``stop - 1``, each owned and shared as its index decides."""
    access = AccessStore(store)
    for index in range(start, stop):
        rng = random.Random(index)
        if index % _UNCLAIMED_EVERY == 0:
            store.create(plan, author="bench")
            continue
        owner = rng.choice(USERS)
        plan_id = access.for_user(owner).create(plan).plan_id
        others = [user for user in USERS if user != owner]
        for user in rng.sample(others, rng.randrange(4)):
            access.set_share(plan_id, user.email, _any_role(rng), actor=owner.email)
        if rng.random() < _DOMAIN_SHARE_CHANCE:
            access.set_share(plan_id, "@" + rng.choice(_DOMAINS), _any_role(rng), actor=owner.email)


def _any_role(rng: random.Random) -> Role:
    return rng.choice((Role.EDITOR, Role.VIEWER))


def _measure_store(store: PlanStore, plan_id: str, plan: Plan, repeat: int) -> StoreResult:
    """Time open, save, role and the plan list on a store already built."""

    def as_user(user: User) -> GuardedStore:
        # A fresh AccessStore and GuardedStore per call, as the workbook makes them
        # (``workbook.auth.SignedInStore``): neither does any I/O when made.
        return AccessStore(store).for_user(user)

    # The three savers take turns on one plan: each saves on top of the one before.
    newest = [store.latest(plan_id).number]

    def plain_save() -> None:
        newest[0] = store.save(plan_id, plan, base_revision=newest[0], author="bench").number

    def guarded_save(user: User) -> None:
        newest[0] = as_user(user).save(plan_id, plan, base_revision=newest[0]).number

    opens: dict[str, Callable[[], object]] = {"plain": functools.partial(store.latest, plan_id)}
    saves: dict[str, Callable[[], object]] = {"plain": plain_save}
    roles: dict[str, Callable[[], object]] = {}
    for name, user in (("owner", OWNER), ("editor", EDITOR), ("stranger", STRANGER)):
        roles[name] = functools.partial(_role, as_user, user, plan_id)
        if name != "stranger":
            opens[name] = functools.partial(_open, as_user, user, plan_id)
            saves[name] = functools.partial(guarded_save, user)
    lists: dict[str, Callable[[], list[PlanInfo]]] = {
        "plain": store.list_plans,
        "ordinary": functools.partial(_list, as_user, ORDINARY),
        "admin": functools.partial(_list, as_user, ADMIN),
    }
    listed = {name: len(call()) for name, call in lists.items()}
    return StoreResult(
        calls={
            "open": _take_turns(opens, repeat),
            "save": _take_turns(saves, repeat),
            "role": _take_turns(roles, repeat),
        },
        lists=_take_turns(lists, repeat),
        listed=listed,
    )


def _open(as_user: Callable[[User], GuardedStore], user: User, plan_id: str) -> Revision:
    return as_user(user).latest(plan_id)


def _role(as_user: Callable[[User], GuardedStore], user: User, plan_id: str) -> Role | None:
    return as_user(user).role(plan_id)


def _list(as_user: Callable[[User], GuardedStore], user: User) -> list[PlanInfo]:
    return as_user(user).list_plans()


def measure(
    sizes: tuple[int, ...] = PLANS,
    *,
    databases: tuple[str, ...] = DATABASES,
    repeat: int = 30,
) -> dict[Key, StoreResult]:
    """Build the store up to each size in turn and time the calls on it.

    Returns:
        ``{(database, plans): StoreResult}``.
    """
    plan = Plan.model_validate_json(_SAMPLE.read_bytes())
    results: dict[Key, StoreResult] = {}
    for kind in databases:
        with _database(kind) as url:
            store = PlanStore(url)
            try:
                plan_id = _measured_plan(store, plan)
                built = 1
                for size in sorted(sizes):
                    _grow(store, plan, built, size)
                    built = max(built, size)
                    results[(kind, size)] = _measure_store(store, plan_id, plan, repeat)
            finally:
                store.close()
    return results


def _cell(timing: Timing) -> str:
    return f"{timing.median:.2f} ({timing.low:.2f}–{timing.high:.2f})"


def _against(timing: Timing, plain: Timing) -> str:
    extra = timing.median - plain.median
    return f"{_cell(timing)}, {extra:+.2f} ms ({extra / plain.median:+.0%})"


def _machine() -> str:
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs ({platform.machine()}), "
        f"Python {platform.python_version()}"
    )


def to_markdown(results: dict[Key, StoreResult], repeat: int) -> str:
    """Render the results as the ``access`` section of docs/benchmarks.md."""
    lines = [
        "## Sign-in's access rules: what they cost the store",
        "",
        "With sign-in, the workbook reaches plans through `AccessStore(plans).for_user(user)`: "
        "each read checks the user's role first (the plan's owner row, then their e-mail and "
        "`@domain` shares), each write checks it again inside its transaction and adds an audit "
        "entry, and the plan list keeps the plans the user may see. Each row puts the plain "
        "`PlanStore` call next to the same call made that way, a fresh `AccessStore` per call "
        "as the workbook makes it. The store holds copies of the English sample plan (7 KB), "
        f"owned by {len(USERS)} users over {len(_DOMAINS)} e-mail domains: one plan in ten is "
        "unclaimed (every user sees it, as editor), the others are shared with 0–3 users by "
        "e-mail and, one time in two, with a `@domain`, as editor or viewer. The plan opened "
        "and saved has an owner and one `@domain` share as editor; a save appends a revision "
        "(and, guarded, an audit entry). The store grows from one size to the next.",
        "",
        f"Median of {repeat} runs after a warm-up (min–max), in milliseconds; the calls of a row "
        f"take turns. {_machine()}. PostgreSQL is a local cluster over TCP on 127.0.0.1 (fsync "
        "off); SQLite is a file in WAL mode. Regenerate with "
        "`python -m benchmarks.access_bench --out docs/benchmarks.md`.",
        "",
        "| database | plans | call | plain `PlanStore` | guarded, owner | guarded, editor "
        "through `@domain` share |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for (kind, size), result in results.items():
        for call, label in (("open", "open (`latest`)"), ("save", "save")):
            timings = result.calls[call]
            plain = timings["plain"]
            lines.append(
                f"| {kind} | {size:,} | {label} | {_cell(plain)} | "
                f"{_against(timings['owner'], plain)} | {_against(timings['editor'], plain)} |"
            )
        roles = result.calls["role"]
        lines.append(
            f"| {kind} | {size:,} | `role()` alone (a stranger: "
            f"{_cell(roles['stranger'])}) | — | {_cell(roles['owner'])} | "
            f"{_cell(roles['editor'])} |"
        )
    lines += [
        "",
        "| database | plans | plain `list_plans()` | guarded, an ordinary user | guarded, "
        "an admin |",
        "|---|---:|---:|---:|---:|",
    ]
    for (kind, size), result in results.items():
        plain = result.lists["plain"]
        listed = result.listed
        lines.append(
            f"| {kind} | {size:,} | {_cell(plain)}, {listed['plain']:,} plans | "
            f"{_against(result.lists['ordinary'], plain)}, sees {listed['ordinary']:,} | "
            f"{_against(result.lists['admin'], plain)}, sees {listed['admin']:,} |"
        )
    lines += ["", reading(results)]
    return "\n".join(lines) + "\n"


def reading(results: dict[Key, StoreResult]) -> str:
    """Two sentences a database on the figures: a save's and an open's extra, the plan list."""
    sentences = []
    for kind in dict.fromkeys(kind for kind, _ in results):
        sizes = sorted(size for k, size in results if k == kind)
        largest = results[(kind, sizes[-1])]
        save = largest.calls["save"]
        extra = save["editor"].median - save["plain"].median
        opened = largest.calls["open"]
        opened_extra = opened["editor"].median - opened["plain"].median
        sentence = (
            f"On {kind} ({sizes[-1]:,} plans), the access rules add "
            f"{extra:.2f} ms ({extra / save['plain'].median:+.0%}) to an editor's save and "
            f"{opened_extra:.2f} ms ({opened_extra / opened['plain'].median:+.0%}) to an open"
        )
        lists, listed = largest.lists, largest.listed
        admin_extra = lists["admin"].median - lists["plain"].median
        sentence += (
            f". Its plan list takes {lists['ordinary'].median:.2f} ms for an ordinary user's "
            f"{listed['ordinary']:,} plans, against {lists['plain'].median:.2f} ms for the plain "
            f"list of all {listed['plain']:,} and {lists['admin'].median:.2f} ms for an admin's "
            f"({admin_extra / lists['plain'].median:+.0%}, owners joined)"
        )
        if len(sizes) > 1:
            smallest = results[(kind, sizes[0])]
            sentence += (
                f"; from {sizes[0]:,} to {sizes[-1]:,} plans, the ordinary user's list grows from "
                f"{smallest.lists['ordinary'].median:.2f} ms and the plain one from "
                f"{smallest.lists['plain'].median:.2f} ms"
            )
        sentences.append(sentence + ".")
    return " ".join(sentences)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the tables, and replace the access section of ``--out``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument(
        "--plans",
        default=",".join(str(size) for size in PLANS),
        help="store sizes, comma-separated; the store is grown from one to the next",
    )
    parser.add_argument("--out", type=Path, help="markdown file whose access section is replaced")
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.plans.split(",") if size)
    databases = tuple(name for name in args.databases.split(",") if name)
    results = measure(sizes, databases=databases, repeat=args.repeat)
    text = to_markdown(results, args.repeat)
    print(text)
    if args.out:
        replace_section(args.out, "access", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
