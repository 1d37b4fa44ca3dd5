"""The words the shopper reads are plain text: no Markdown, which the popup and banners would show literally.

Covers every string in parser/banners/texts/*.toml (banners, [ui] labels, the [extension] pages) and the
copies generated from them (extension/_locales/*/messages.json, extension/content/strings.js); and that the
popup has words for every kind of text a report keeps.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from orderlens.parser.redact.report import Kept
from tests.extension import strings_sync

MARKUP = "`"  # a code span: the one Markdown habit that crept into these strings


def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(location, text) for every string nested in a TOML or JSON value."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")


def test_texts_and_generated_copies_have_no_markdown() -> None:
    found: list[tuple[str, str]] = []
    for path in sorted(strings_sync.TEXTS.glob("*.toml")):
        found += strings(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
    for path in sorted(strings_sync.LOCALES.glob("*/messages.json")):
        found += strings(json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(strings_sync.REPO)))
    found += strings(strings_sync.table(), "strings.js")
    assert len(found) > 7 * 30  # the tables were really read
    assert [(where, text) for where, text in found if MARKUP in text] == []


def test_strings_js_generated_block_has_no_markdown() -> None:
    source = strings_sync.STRINGS_JS.read_text(encoding="utf-8")
    assert MARKUP not in source.split("// BEGIN generated", 1)[1].split("// END generated", 1)[0]


def test_popup_help_names_both_ways_to_run_orderlens() -> None:
    """After `make run` the command is .venv/bin/orderlens; after an install it is orderlens."""
    for path in sorted(strings_sync.TEXTS.glob("*.toml")):
        pages = tomllib.loads(path.read_text(encoding="utf-8"))["extension"]
        for key in ("state_no_token_help", "state_unauthorized_help"):
            text = pages[key]
            assert ".venv/bin/orderlens token" in text and text.count("orderlens token") == 2, (path.name, key)
        assert "make run" in pages["state_down_help"] and "orderlens serve" in pages["state_down_help"]


def test_states_js_names_exactly_the_states_the_tables_have_words_for() -> None:
    """extension/shared/states.js lists the connection states; their words live only in the TOML tables."""
    source = (strings_sync.REPO / "extension" / "shared" / "states.js").read_text(encoding="utf-8")
    pages = tomllib.loads((strings_sync.TEXTS / "en.toml").read_text(encoding="utf-8"))["extension"]
    worded = {key.removeprefix("state_").removesuffix("_help") for key in pages if key.endswith("_help")}
    listed = set(re.findall(r'"(\w+)"', source[source.index("[") : source.rindex("]")]))
    assert len(listed) >= 10
    assert listed == worded


def test_every_kind_of_kept_text_has_popup_words_in_every_language() -> None:
    """The report answer names what redaction kept by `Kept` ids; the popup words each one (popup_kept_<id>)."""
    ids = {kind.id for kind in Kept}
    assert len(ids) == len(Kept) >= 10 and all(re.fullmatch(r"[a-z]+(?:_[a-z]+)*", kind) for kind in ids)
    for lang, found in strings_sync.messages().items():
        worded = {key.removeprefix("popup_kept_") for key in found if key.startswith("popup_kept_")}
        assert worded == ids, (lang, ids - worded, worded - ids)
        names = [found[f"popup_kept_{kind}"] for kind in sorted(ids)]
        assert len(set(names)) == len(names), f"{lang}: two kinds share a name"
