"""Apply French typography to a catalogue file written with plain ASCII punctuation.

Usage: python scripts/french_typography.py SOURCE.json TARGET.json
Straight apostrophes become ’, a space before : becomes a no-break space, a space before ; ! ?
becomes a narrow no-break space, and « » get narrow no-break spaces inside.
"""

import json
import re
import sys


def typeset(text: str) -> str:
    text = text.replace("'", "\u2019")
    text = re.sub(r" :", "\u00a0:", text)
    text = re.sub(r" ([;!?])", "\u202f\\1", text)
    text = re.sub(r"« ?", "«\u202f", text)
    text = re.sub(r" ?»", "\u202f»", text)
    return text


def main() -> None:
    source, target = sys.argv[1:3]
    with open(source, encoding="utf-8") as handle:
        entries = json.load(handle)
    fixed = {key: typeset(value) for key, value in entries.items()}
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(fixed, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
