"""Who a user is to the store, and what a role allows: pure values, no SQL.

Owns ``User`` (a signed-in person: e-mail, name, admin flag), ``Role`` (owner > editor >
viewer) and the normal form of the principals a plan is shared with: a lower-cased e-mail
address, or ``@example.com`` for everyone of that e-mail domain.

Imports: the store's ``errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from planner.store.errors import BadPrincipal

__all__ = ["Role", "User", "normalise_email", "normalise_principal", "principals_of"]

# Deliberately loose: the identity provider vouches for the address; this only refuses what
# cannot be one (no "@", spaces, an empty side, an e-mail domain without a dot-free label).
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*")
_DOMAIN = re.compile(r"@[^@\s.]+(\.[^@\s.]+)+")


def normalise_email(value: str) -> str:
    """Return ``value`` as the store keeps an e-mail address: trimmed and lower-cased.

    Raises:
        BadPrincipal: not an e-mail address.
    """
    email = value.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise BadPrincipal(value, domain_allowed=False)
    return email


def normalise_principal(value: str) -> str:
    """Return a share's principal in its stored form: an e-mail address, or ``@domain.tld``.

    Example: ``" Ana@Example.COM "`` → ``"ana@example.com"``; ``"@Example.com"`` →
    ``"@example.com"``.

    Raises:
        BadPrincipal: neither an e-mail address nor ``@`` and a domain with a dot.
    """
    principal = value.strip().lower()
    if principal.startswith("@"):
        if not _DOMAIN.fullmatch(principal):
            raise BadPrincipal(value, domain_allowed=True)
        return principal
    try:
        return normalise_email(principal)
    except BadPrincipal:
        raise BadPrincipal(value, domain_allowed=True) from None


def principals_of(email: str) -> tuple[str, str]:
    """The two principals a share may name to reach ``email``: itself and its domain."""
    return email, "@" + email.rpartition("@")[2]


class Role(Enum):
    """What a user may do with a plan; roles compare by power (``OWNER > EDITOR > VIEWER``).

    - ``VIEWER``: read the plan, its history and audit, export it.
    - ``EDITOR``: also save, restore, import into it.
    - ``OWNER``: also share, unshare, hand it over, move it to the bin and back.
    """

    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        """0 for a viewer, 1 for an editor, 2 for the owner."""
        return _RANKS[self.value]

    @property
    def can_edit(self) -> bool:
        """True for an editor and the owner."""
        return self.rank >= 1

    def __lt__(self, other: Role) -> bool:
        return self.rank < other.rank

    def __le__(self, other: Role) -> bool:
        return self.rank <= other.rank

    def __gt__(self, other: Role) -> bool:
        return self.rank > other.rank

    def __ge__(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANKS = {"viewer": 0, "editor": 1, "owner": 2}


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in user, as the identity provider names them.

    Args:
        email: their e-mail address; stored trimmed and lower-cased.
        name: their display name (may be empty).
        admin: an administrator sees every plan as its owner and may reassign plans.

    Raises:
        BadPrincipal: ``email`` is not an e-mail address.
    """

    email: str
    name: str = ""
    admin: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "email", normalise_email(self.email))
        object.__setattr__(self, "name", self.name.strip())

    @property
    def author(self) -> str:
        """How the user signs a revision: ``Ana Lima <ana@example.com>``, or the bare e-mail."""
        return f"{self.name} <{self.email}>" if self.name else self.email
