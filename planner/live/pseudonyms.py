"""Random pseudonyms for participants who do not give a name: "Curious Otter 42".

Owns ``random_pseudonym``. The words are names rather than messages, so they live here and not
in the catalogue: French makes the adjective agree with the animal's gender and follow it
("Loutre curieuse 42"), which a catalogue template cannot express.

Imports: the standard library only.
"""

from __future__ import annotations

import random

__all__ = ["random_pseudonym"]

_EN_ADJECTIVES = (
    "Curious", "Bold", "Calm", "Clever", "Cheerful", "Daring", "Eager", "Gentle", "Happy",
    "Keen", "Lively", "Lucky", "Merry", "Nimble", "Patient", "Quick", "Quiet", "Swift",
    "Wise", "Witty",
)  # fmt: skip
_EN_ANIMALS = (
    "Otter", "Fox", "Badger", "Heron", "Lynx", "Owl", "Panda", "Puffin", "Robin", "Seal",
    "Swan", "Tiger", "Beaver", "Dolphin", "Falcon", "Koala", "Lemur", "Marmot", "Squirrel",
    "Wolf",
)  # fmt: skip
# (masculine, feminine) forms.
_FR_ADJECTIVES = (
    ("curieux", "curieuse"), ("audacieux", "audacieuse"), ("calme", "calme"),
    ("malin", "maligne"), ("joyeux", "joyeuse"), ("hardi", "hardie"), ("vif", "vive"),
    ("doux", "douce"), ("heureux", "heureuse"), ("rusé", "rusée"), ("enjoué", "enjouée"),
    ("patient", "patiente"), ("rapide", "rapide"), ("discret", "discrète"), ("sage", "sage"),
    ("agile", "agile"), ("serein", "sereine"), ("futé", "futée"), ("tenace", "tenace"),
    ("rieur", "rieuse"),
)  # fmt: skip
# (animal, feminine?)
_FR_ANIMALS = (
    ("Loutre", True), ("Renard", False), ("Blaireau", False), ("Héron", False),
    ("Chouette", True), ("Panda", False), ("Macareux", False), ("Mésange", True),
    ("Baleine", True), ("Tigre", False), ("Castor", False), ("Dauphin", False),
    ("Gazelle", True), ("Koala", False), ("Marmotte", True), ("Abeille", True),
    ("Hirondelle", True), ("Loup", False), ("Tortue", True), ("Lynx", False),
)  # fmt: skip


def random_pseudonym(rng: random.Random | None = None, lang: str = "en") -> str:
    """Return a friendly pseudonym in ``lang`` (``en`` or ``fr``; others take English).

    Example::

        >>> random_pseudonym(random.Random(1))  # doctest: +SKIP
        'Curious Otter 42'
    """
    rng = rng or random.SystemRandom()
    number = rng.randint(10, 99)
    if lang == "fr":
        animal, feminine = rng.choice(_FR_ANIMALS)
        adjective = rng.choice(_FR_ADJECTIVES)[1 if feminine else 0]
        return f"{animal} {adjective} {number}"
    return f"{rng.choice(_EN_ADJECTIVES)} {rng.choice(_EN_ANIMALS)} {number}"
