"""A compiled regex as plain data, and back: the one place that uses CPython's private regex compiler.

Why: the phrase alternations are large (up to ~50,000 code words) and `re.compile` parses and compiles
them in pure Python, which made the vocabulary most of `orderlens analyze`'s start-up. `re.compile` ends
by handing its compiled code to `_sre.compile`; keeping that code (parser/vocabulary/cache.py stores it)
lets a later run of the same Python skip the parsing. The internals are private and change between
versions, so the stored code is only used with the exact Python that made it, every step here falls back
to `re.compile` on any surprise, and code is only kept when the pattern it builds equals (same flags,
code and text) the one `re.compile` builds.
"""

from __future__ import annotations

import re
from typing import Any

# pattern text, flags, code words, groups - 1, group index, index group: the arguments of _sre.compile
Code = tuple[str, int, list[int], int, dict[str, int], tuple[str | None, ...]]


def compile_keeping_code(source: str) -> tuple[re.Pattern[str], Code | None]:
    """`re.compile(source)` and, when this Python's internals are the ones expected, its code as data."""
    compiled = re.compile(source)
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0)
        groups: int = parsed.state.groups
        index: dict[str, int] = dict(parsed.state.groupdict)
        names: list[str | None] = [None] * groups
        for name, number in index.items():
            names[number] = name
        words = [int(word) for word in _compiler._code(parsed, 0)]  # plain ints: opcodes are an int subclass
        code: Code = (source, parsed.state.flags, words, groups - 1, index, tuple(names))
    except Exception:  # private internals changed: compile normally, keep nothing
        return compiled, None
    return compiled, code if rebuild(code) == compiled else None


def rebuild(code: Code) -> re.Pattern[str] | None:
    """The pattern `code` describes, or None when this Python refuses it (its checks reject bad code)."""
    try:
        import _sre  # type: ignore[import-not-found]

        pattern: Any = _sre.compile(*code)
    except Exception:  # any refusal means "compile normally"
        return None
    return pattern if isinstance(pattern, re.Pattern) else None
