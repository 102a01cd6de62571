"""Refresh an app's catalogs and fill them from its translation tables.

    python scripts/i18n_sync.py matchmaking

runs ``makemessages`` inside the app (so only its files are scanned), then fills every empty
``msgstr`` from the tables in ``<app>/i18n/*.json`` (``{"zh_Hans": {msgid: msgstr}, ...}``),
compiles, and lists the Simplified Chinese msgids still missing. Several people can add
tables for different parts of one app without editing the same .po file.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["zh_Hans", "sv", "fr", "de", "da"]
ENTRY = re.compile(
    r'(#, fuzzy((?:, [\w-]+)*)\n(?:#\| .*\n)*)?(msgid (?:"(?:[^"\\]|\\.)*"\n)+)(msgstr (?:"(?:[^"\\]|\\.)*"\n)+)'
)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _joined(block: str) -> str:
    return "".join(QUOTED.findall(block)).replace('\\"', '"').replace("\\n", "\n")


def fill(po_path: Path, table: dict[str, str]) -> list[str]:
    """Fill empty msgstr from ``table``; return the msgids still without a translation."""
    text = po_path.read_text(encoding="utf-8")
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        fuzzy, other_flags = match.group(1), match.group(2)
        msgid_block, msgstr_block = match.group(3), match.group(4)
        msgid = _joined(msgid_block)
        # A fuzzy entry is makemessages' guess from a similar msgid: the table wins over it.
        if not msgid or (_joined(msgstr_block) and not fuzzy):
            return match.group(0)
        if msgid in table:
            value = table[msgid].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            flags = f"#{other_flags}\n" if other_flags else ""
            return f'{flags}{msgid_block}msgstr "{value}"\n'
        missing.append(msgid)
        return match.group(0)

    text = ENTRY.sub(replace, text)
    # makemessages marks a new catalog's header fuzzy; ours are maintained, so drop it.
    text = re.sub(r'^#, fuzzy\n(msgid ""\n)', r"\1", text, count=1, flags=re.M)
    po_path.write_text(text, encoding="utf-8")
    return missing


def main(app: str) -> int:
    app_dir = ROOT / app
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "matchmaking.settings", "PYTHONPATH": str(ROOT)}
    for language in LANGUAGES:
        (app_dir / "locale" / language / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    # django-admin, not "python -m django": with the app as working directory, "-m" would put
    # the app on sys.path, where a module such as selectors.py shadows the standard library.
    args = [
        str(Path(sys.executable).parent / "django-admin"),
        "makemessages",
        "--no-obsolete",
        "-v0",
    ]
    args += [f"-l{language}" for language in LANGUAGES]
    subprocess.run(args, cwd=app_dir, env=env, check=True)
    tables: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for path in sorted((app_dir / "i18n").glob("*.json")):
        for language, entries in json.loads(path.read_text(encoding="utf-8")).items():
            tables.setdefault(language, {}).update(entries)
    missing_zh: list[str] = []
    for language in LANGUAGES:
        po = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
        missing = fill(po, tables.get(language, {}))
        if language == "zh_Hans":
            missing_zh = missing
    subprocess.run(
        [sys.executable, "manage.py", "compilemessages", "-v0", "--ignore", ".venv"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    for msgid in missing_zh:
        print(f"missing zh_Hans: {msgid!r}")
    return 1 if missing_zh else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "matchmaking"))
