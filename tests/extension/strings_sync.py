"""Keeps the extension's copies of parser/banners/texts/*.toml in step with the TOML.

Two copies: the [ui] labels around a banner ("Why?", "Dismiss", ...) in extension/content/strings.js,
since the server sends banners localised but not these; and the [extension] table, the words of the
popup and the options page, as extension/_locales/<lang>/messages.json (the browsers' i18n format).
`python -m tests.extension.strings_sync` rewrites both; test_banner_code.py and test_ext_i18n.py fail
while either is stale.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
TEXTS = REPO / "parser" / "banners" / "texts"
STRINGS_JS = REPO / "extension" / "content" / "strings.js"
LOCALES = REPO / "extension" / "_locales"
KEYS = (  # the labels banner.js uses
    "why", "dismiss", "evidence_intro", "decisive", "severity_action", "severity_warning", "severity_info",
    "new_tab", "more", "less", "dismissed", "undo",
    "history_changed", "history_changed_plain", "history_refund_waiting",
)
LANG_MESSAGE = "lang"  # each messages.json names its own language, for <html lang> under chrome.i18n
_BLOCK = re.compile(r"(// BEGIN generated[^\n]*\n).*?(^[ \t]*// END generated)", re.S | re.M)


def _sources() -> dict[str, dict[str, Any]]:
    return {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(TEXTS.glob("*.toml"))}


def table() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for lang, texts in _sources().items():
        ui = texts.get("ui", {})
        labels[lang] = {key: str(ui[key]) for key in KEYS if key in ui}
    return labels


def rendered(source: str) -> str:
    """strings.js with its generated block replaced by the current table."""
    body = "  const TABLE = " + json.dumps(table(), ensure_ascii=False, indent=2).replace("\n", "\n  ") + ";\n"
    if not _BLOCK.search(source):
        raise ValueError(f"{STRINGS_JS} has no `// BEGIN generated` ... `// END generated` block")
    return _BLOCK.sub(lambda m: m.group(1) + body + m.group(2), source, count=1)


def messages() -> dict[str, dict[str, str]]:
    """Per language, the messages of the extension's pages: its [extension] table plus its own code."""
    return {
        lang: {LANG_MESSAGE: lang, **{key: str(text) for key, text in texts.get("extension", {}).items()}}
        for lang, texts in _sources().items()
    }


def locale_files() -> dict[Path, str]:
    """Every messages.json as it should read."""
    return {
        LOCALES / lang / "messages.json": json.dumps(
            {key: {"message": text} for key, text in found.items()}, ensure_ascii=False, indent=2
        )
        + "\n"
        for lang, found in messages().items()
    }


def stale_locales() -> list[Path]:
    """messages.json files that differ from the TOML, are missing, or belong to no TOML."""
    wanted = locale_files()
    present = set(LOCALES.glob("*/messages.json"))
    differ = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    return sorted(differ + [path for path in present if path not in wanted])


def main() -> None:
    source = STRINGS_JS.read_text(encoding="utf-8")
    updated = rendered(source)
    changed = [STRINGS_JS] if updated != source else []
    if changed:
        STRINGS_JS.write_text(updated, encoding="utf-8")
    wanted = locale_files()
    for path in stale_locales():
        changed.append(path)
        if path in wanted:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted[path], encoding="utf-8")
        else:  # a language whose TOML is gone
            path.unlink()
            path.parent.rmdir()
    for path in changed:
        print(f"updated {path.relative_to(REPO)}")
    if not changed:
        print("extension/content/strings.js and extension/_locales are up to date")


if __name__ == "__main__":
    main()
