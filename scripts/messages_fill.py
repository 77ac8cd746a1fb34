"""Fill bokmål translations into the catalogue from a JSON file {msgid: msgstr} (or {msgid: [singular, plural]}
for plural entries), clear their fuzzy marks, and compile. For a batch of new texts after `make messages`;
translators use Poedit or Weblate on the .po file itself (TRANSLATING.md).

    .venv/bin/python scripts/messages_fill.py translations.json [--language nb]
    .venv/bin/python scripts/messages_fill.py --missing      # list what the language still lacks
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "nyinorge" / "locale"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--language", default="nb")
    parser.add_argument("--missing", action="store_true", help="list untranslated and fuzzy msgids as JSON")
    args = parser.parse_args()
    path = LOCALE / args.language / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    if args.missing:
        missing = {entry.msgid: "" for entry in po.untranslated_entries() + po.fuzzy_entries()}
        json.dump(missing, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    translations = json.loads(Path(args.file).read_text(encoding="utf-8"))
    filled = 0
    for entry in po:
        value = translations.get(entry.msgid)
        if not value:
            continue
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        filled += 1
    po.save(str(path))
    left = len(po.untranslated_entries()) + len(po.fuzzy_entries())
    print(f"{filled} filled; {left} left untranslated or fuzzy in {args.language}")
    subprocess.run(["msgfmt", "--check-format", "-o", str(path.with_suffix(".mo")), str(path)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
