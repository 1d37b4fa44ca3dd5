"""Bytes to text: BOMs, declared charsets, invalid bytes, and stale declarations on UTF-8 pages."""

from __future__ import annotations

import codecs

import pytest

from orderlens.parser.decode import decode

PAGE = "<p>Envío – “Pedido cancelado” 12,50 €</p>"


def test_utf8_bom_is_removed() -> None:
    assert decode(codecs.BOM_UTF8 + PAGE.encode("utf-8")) == PAGE


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["le", "be"],
)
def test_utf16_bom_decodes_utf16(bom: bytes, encoding: str) -> None:
    assert decode(bom + PAGE.encode(encoding)) == PAGE


def test_bom_wins_over_a_meta_declaration() -> None:
    page = '<meta charset="windows-1252">' + PAGE
    assert decode(codecs.BOM_UTF8 + page.encode("utf-8")) == page


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        "<meta charset=windows-1252>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        "<META CHARSET='Windows-1252'>",
    ],
)
def test_meta_charset_windows_1252_with_real_cp1252_bytes(meta: str) -> None:
    page = f"<html><head>{meta}</head><body>{PAGE}</body></html>"
    data = page.encode("cp1252")
    assert b"\x93" in data and b"\x80" in data  # real cp1252 bytes, invalid as UTF-8
    assert decode(data) == page


def test_latin1_declaration_decodes_latin1_bytes() -> None:
    data = b'<meta charset="iso-8859-1"><p>Env\xedo</p>'
    assert decode(data) == '<meta charset="iso-8859-1"><p>Envío</p>'


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<p>ok \xff\xfe\xc3 bad</p>", id="no-declaration"),
        pytest.param(b'<meta charset="utf-8"><p>\xc3\x28 \xa0</p>', id="declared-utf8"),
        pytest.param(b'<meta charset="no-such-charset"><p>Env\xedo</p>', id="unknown-charset"),
        pytest.param(b"\xef\xbb\xbf<p>\xff</p>", id="utf8-bom"),
        pytest.param(b"\xff\xfe<\x00p\x00>\x00\x00\xd8", id="utf16-lone-surrogate"),
    ],
)
def test_invalid_bytes_never_raise_and_show_a_replacement_char(data: bytes) -> None:
    text = decode(data)
    assert "\ufffd" in text


def test_empty_input_is_empty_text() -> None:
    assert decode(b"") == ""


@pytest.mark.parametrize("declared", ["gbk", "windows-1252", "iso-8859-1", "shift_jis"])
def test_stale_declaration_on_a_utf8_page_decodes_as_utf8(declared: str) -> None:
    page = f'<html><head><meta charset="{declared}"></head><body>{PAGE} 已取消</body></html>'
    assert decode(page.encode("utf-8")) == page


def test_real_gbk_page_decodes_as_gbk() -> None:
    page = '<meta charset="gbk"><p>订单已取消</p>'
    assert decode(page.encode("gbk")) == page


def test_declaration_after_the_prescan_window_is_ignored() -> None:
    data = b"<!--" + b"x" * 5000 + b'--><meta charset="windows-1252"><p>Env\xedo</p>'
    text = decode(data)
    assert text.endswith("<p>Env\ufffdo</p>")
