"""Helpers for translation tests: read a .po catalog, find English left in a page."""

import re
from pathlib import Path

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}")


def catalog_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry of a .po file (plural forms: the first)."""
    entries = []
    msgid = msgstr = None
    fuzzy = False
    current = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = _unquote(line[6:]), "msgid"
        elif line.startswith("msgid_plural"):
            current = None
        elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
            msgstr, current = _unquote(line.split(" ", 1)[1]), "msgstr"
        elif line.startswith('"') and current == "msgid":
            msgid += _unquote(line)
        elif line.startswith('"') and current == "msgstr":
            msgstr += _unquote(line)
        elif not line.strip():
            if msgid:
                entries.append((msgid, msgstr or "", fuzzy))
            msgid = msgstr = None
            fuzzy = False
            current = None
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1].replace('\\"', '"').replace("\\n", "\n") if text.startswith('"') else text


def english_fragments(msgids: list[str], min_words: int = 2) -> list[str]:
    """The pieces of each msgid between placeholders that have ``min_words`` words or more."""
    fragments = set()
    for msgid in msgids:
        for piece in PLACEHOLDER.split(msgid):
            piece = " ".join(piece.split()).strip(" .,:;·()")
            if len(piece.split()) >= min_words and re.search(r"[A-Za-z]{3}", piece):
                fragments.add(piece)
    return sorted(fragments)


def untranslated_in(text: str, msgids: list[str]) -> list[str]:
    """English fragments of the catalog that appear in ``text`` (should be none in zh-hans)."""
    flat = " ".join(text.split())
    return [
        fragment
        for fragment in english_fragments(msgids)
        if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", flat)
    ]
