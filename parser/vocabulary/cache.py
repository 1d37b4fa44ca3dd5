"""The CLI's vocabulary, kept between runs in the user's cache folder (issue 10: start-up time).

Reading the phrase tables (TOML, variants, folding) and compiling each category's alternation took
~0.2 s, most of a one-page `orderlens analyze`. The result depends only on the vocabulary's files, the
code that builds it and the Python that runs it, so the CLI stores it under `$XDG_CACHE_HOME/orderlens`
(else `~/.cache/orderlens`), keyed by a hash of all three, and later runs rebuild it in milliseconds.
Only the CLI uses it: `analyze()` itself does no I/O. Any trouble (no cache folder, a damaged, foreign
or older file, a Python that refuses the stored code) means building the vocabulary as usual, never an
error. The file is written whole under a temporary name and then renamed, so readers never see half of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from orderlens.parser import text
from orderlens.parser.vocabulary import tables
from orderlens.parser.vocabulary.sre_code import Code, compile_keeping_code, rebuild

_DIGEST = 32  # bytes of a sha256: the file is key, checksum of the rest, then the marshalled vocabulary


def cache_file() -> Path:
    """Where this Python's copy lives (one file per Python version, rewritten when the vocabulary changes)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return folder / "orderlens" / f"vocabulary-{sys.implementation.cache_tag}.bin"


def cached_vocabulary() -> tables.Vocabulary:
    """Every category compiled: from the cache when it matches, else built (a little slower once) and stored."""
    key = _key()
    if key is not None:
        found = _read(cache_file(), key)
        if found is not None:
            return found
    vocab = tables.load()
    codes: dict[str, tuple[Code, dict[str, str]]] = {}
    for category in (*tables.CATEGORIES, *tables.FACT_CATEGORIES):
        source, names = tables.phrase_source(list(vocab.rows[category]))
        pattern, code = compile_keeping_code(source)
        vocab.compiled[category] = pattern, names
        if code is not None:
            codes[category] = code, names
    if key is not None and codes.keys() == vocab.compiled.keys():
        _write(cache_file(), key, (vocab.rows, vocab.markers, sorted(vocab.unverified), codes))
    return vocab


def _key() -> bytes | None:
    """This Python build and every file the vocabulary is built from, hashed; None when a file is unreadable."""
    digest = hashlib.sha256(f"{sys.version}|{sys.implementation.cache_tag}".encode())
    try:
        sources = sorted(entry for entry in tables.FOLDER.iterdir() if entry.suffix in (".toml", ".py"))
        files = [(e.name, e.read_bytes()) for e in sources] + [("text.py", Path(text.__file__).read_bytes())]
    except OSError:
        return None
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return digest.digest()


def _read(path: Path, key: bytes) -> tables.Vocabulary | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = data[2 * _DIGEST :]
    if data[:_DIGEST] != key or data[_DIGEST : 2 * _DIGEST] != hashlib.sha256(payload).digest():
        return None
    try:
        rows, markers, unverified, codes = marshal.loads(payload)
        patterns = {category: (rebuild(code), names) for category, (code, names) in codes.items()}
    except (EOFError, ValueError, TypeError, AttributeError):  # not the shape this code writes
        return None
    compiled = {category: (pattern, names) for category, (pattern, names) in patterns.items() if pattern is not None}
    if len(compiled) != len(patterns):
        return None
    return tables.Vocabulary(rows=rows, markers=markers, unverified=frozenset(unverified), compiled=compiled)


def _write(path: Path, key: bytes, state: Any) -> None:
    import tempfile  # only when the cache is (re)written: its import would cost every start ~5 ms

    temporary: str | None = None
    try:
        payload = marshal.dumps(state)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".vocabulary-", delete=False) as handle:
            temporary = handle.name
            handle.write(key + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except (OSError, ValueError):  # no room or no rights; ValueError: a value marshal cannot store
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
