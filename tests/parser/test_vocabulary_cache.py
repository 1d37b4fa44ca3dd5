"""The CLI's vocabulary cache: what a later run rebuilds from the file is the vocabulary, exactly; any trouble
with the file means building it as usual."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from orderlens.parser.vocabulary import tables, vocabulary
from orderlens.parser.vocabulary.cache import cache_file, cached_vocabulary
from orderlens.parser.vocabulary.sre_code import compile_keeping_code, rebuild
from tests.fixture_pages import FIXTURES

CATEGORIES = (*tables.CATEGORIES, *tables.FACT_CATEGORIES)
DIGEST = 32  # the file starts with the key and a checksum, sha256 each


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def from_file() -> tables.Vocabulary:
    """The vocabulary a later run gets: stored by one call, read back by the next."""
    cached_vocabulary()
    assert cache_file().is_file()
    found = cached_vocabulary()
    assert found is not tables.load()  # rebuilt from the file, not the tables loaded in this process
    return found


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]


def assert_same_vocabulary(found: tables.Vocabulary) -> None:
    fresh = tables.load()
    assert (found.rows, found.markers, found.unverified) == (fresh.rows, fresh.markers, fresh.unverified)
    for category in CATEGORIES:
        source, names = tables.phrase_source(list(fresh.rows[category]))
        expected = re.compile(source)
        pattern, found_names = found.compiled[category]
        assert pattern == expected and found_names == names, category  # same flags, code words and text
        for phrase in fresh.rows[category]:  # every phrase of every category matches the same way
            assert spans(pattern, phrase) == spans(expected, phrase), (category, phrase)
            assert found.match(category, phrase, folded=True) == fresh.match(category, phrase, folded=True)


def test_cache_file_lives_in_the_xdg_cache_folder(cache_home: Path) -> None:
    assert cache_file().parent == cache_home / "orderlens"


def test_a_later_run_rebuilds_the_same_patterns(cache_home: Path) -> None:
    assert_same_vocabulary(from_file())


def test_the_installed_vocabulary_is_the_one_every_reader_gets(cache_home: Path) -> None:
    found, before = from_file(), tables.vocabulary()
    tables.install(found)
    try:
        assert tables.vocabulary() is found and vocabulary() is found  # also through the package's name
    finally:
        tables.install(before)


def test_the_cached_code_is_what_re_compile_makes() -> None:
    source, _ = tables.phrase_source(list(tables.load().rows["notice"]))
    pattern, code = compile_keeping_code(source)
    assert code is not None and pattern == re.compile(source) and rebuild(code) == pattern


def test_code_this_python_refuses_is_not_used() -> None:
    source, _ = tables.phrase_source(list(tables.load().rows["status"]))
    _, code = compile_keeping_code(source)
    assert code is not None
    text, flags, words, groups, index, names = code
    assert rebuild((text, flags, [999_999, *words[1:]], groups, index, names)) is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one bit flipped"),
        pytest.param(lambda data: bytes(DIGEST) + data[DIGEST:], id="another python or vocabulary"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_or_foreign_file_is_rebuilt(cache_home: Path, damage: Callable[[bytes], bytes]) -> None:
    cached_vocabulary()
    path = cache_file()
    path.write_bytes(damage(path.read_bytes()))
    assert_same_vocabulary(cached_vocabulary())  # built as usual, no error
    assert_same_vocabulary(from_file())  # and stored again


def test_stored_code_that_does_not_compile_means_compiling_normally(cache_home: Path) -> None:
    cached_vocabulary()
    path = cache_file()
    data = path.read_bytes()
    rows, markers, unverified, codes = marshal.loads(data[2 * DIGEST :])
    text, flags, words, groups, index, names = codes["status"][0]
    codes["status"] = ((text, flags, [999_999, *words[1:]], groups, index, names), codes["status"][1])
    payload = marshal.dumps((rows, markers, unverified, codes))
    path.write_bytes(data[:DIGEST] + hashlib.sha256(payload).digest() + payload)  # a well-formed file, bad code
    found = cached_vocabulary()
    assert found is tables.load()  # not the file's vocabulary
    assert_same_vocabulary(found)


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert_same_vocabulary(cached_vocabulary())
    assert not cache_file().exists()


def test_the_cli_gives_the_same_analysis_with_and_without_its_cache(tmp_path: Path) -> None:
    page = FIXTURES / "current_list" / "desktop_mixed_en.html"

    def analysis(cache_home: Path) -> tuple[dict[str, object], list[Path]]:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "HOME": str(tmp_path)}
        command = [sys.executable, "-m", "orderlens", "analyze", str(page), "--json"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=True)
        return json.loads(result.stdout), sorted(cache_home.rglob("*"))

    blocked = tmp_path / "blocked"
    blocked.write_text("no cache folder here")
    without, _ = analysis(blocked)
    first, stored = analysis(tmp_path / "cache")
    second, _ = analysis(tmp_path / "cache")
    assert [p.name for p in stored if p.is_file()] == [cache_file().name]
    assert without["orders"] and first == without and second == without


def test_analyze_itself_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    page = FIXTURES / "current_detail" / "detail_auto_canceled_en.html"
    probe = f"from orderlens import analyze; print(analyze(open({str(page)!r}, 'rb').read()).orders[0].scenario)"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "auto_canceled_not_shipped" and list(tmp_path.iterdir()) == []
