"""Keeps extension/content/strings.js in step with the [ui] tables of parser/banners/texts/*.toml.

The server's banners arrive localised, but the few labels around them ("Why?", "Dismiss", ...) do
not, so the extension carries a copy. `python -m tests.extension.strings_sync` rewrites the copy;
test_banner_code.py fails while it is stale.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEXTS = REPO / "parser" / "banners" / "texts"
STRINGS_JS = REPO / "extension" / "content" / "strings.js"
KEYS = ("why", "dismiss", "evidence_intro")  # the labels banner.js uses
_BLOCK = re.compile(r"(// BEGIN generated[^\n]*\n).*?(^[ \t]*// END generated)", re.S | re.M)


def table() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for path in sorted(TEXTS.glob("*.toml")):
        ui = tomllib.loads(path.read_text(encoding="utf-8")).get("ui", {})
        labels[path.stem] = {key: str(ui[key]) for key in KEYS if key in ui}
    return labels


def rendered(source: str) -> str:
    """strings.js with its generated block replaced by the current table."""
    body = "  const TABLE = " + json.dumps(table(), ensure_ascii=False, indent=2).replace("\n", "\n  ") + ";\n"
    if not _BLOCK.search(source):
        raise ValueError(f"{STRINGS_JS} has no `// BEGIN generated` ... `// END generated` block")
    return _BLOCK.sub(lambda m: m.group(1) + body + m.group(2), source, count=1)


def main() -> None:
    source = STRINGS_JS.read_text(encoding="utf-8")
    updated = rendered(source)
    if updated != source:
        STRINGS_JS.write_text(updated, encoding="utf-8")
        print(f"updated {STRINGS_JS.relative_to(REPO)}")
    else:
        print(f"{STRINGS_JS.relative_to(REPO)} is up to date")


if __name__ == "__main__":
    main()
