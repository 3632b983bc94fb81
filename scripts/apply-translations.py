#!/usr/bin/env python3
"""Fill the .ts from JSON files of translations: {"Context": {"English source": "中文"}}.

For work done in parallel: each engineer writes the strings they added, with their Chinese, into
resources/translations/pending_*.json instead of editing the .ts; this script (run by
scripts/update-translations after lupdate) fills every matching unfinished message, then
deletes each JSON file whose entries all landed. It prints what it could not place.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "desk_zh_CN.ts"


def main() -> int:
    pending = sorted(TS.parent.glob("pending_*.json"))
    if not pending:
        return 0
    tree = ET.parse(TS)
    messages: dict[tuple[str, str], ET.Element] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            messages[(name, message.findtext("source", ""))] = message
    filled = 0
    for path in pending:
        entries = json.loads(path.read_text(encoding="utf-8"))
        missing = []
        for context, strings in entries.items():
            for source, chinese in strings.items():
                message = messages.get((context, source))
                if message is None:
                    missing.append(f"{context}: {source}")
                    continue
                translation = message.find("translation")
                assert translation is not None
                if translation.get("type") != "unfinished" and (translation.text or list(translation)):
                    continue  # already translated: the .ts wins
                translation.attrib.pop("type", None)
                if message.get("numerus") == "yes":
                    for child in list(translation):
                        translation.remove(child)
                    ET.SubElement(translation, "numerusform").text = chinese
                else:
                    translation.text = chinese
                filled += 1
        if missing:
            print(
                f"{path.name}: {len(missing)} strings not in the code (kept the file):",
                *missing[:20],
                sep="\n  ",
            )
        else:
            path.unlink()
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled} translations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
