"""The Chrome extension id comes from the manifest's key, and the server trusts exactly that id."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from serverkit import start_server

from orderlens.server.extension_id import ManifestError, id_from_key, id_from_manifest
from orderlens.server.settings import default_manifest


def new_key_b64() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def reference_id(key_b64: str) -> str:
    """Chrome's rule written out longhand: nibbles of sha256(DER)[:16] as letters a..p."""
    digest = hashlib.sha256(base64.b64decode(key_b64)).digest()[:16]
    return "".join(chr(ord("a") + (byte >> 4)) + chr(ord("a") + (byte & 15)) for byte in digest)


def test_id_follows_chromes_rule() -> None:
    key = new_key_b64()
    assert id_from_key(key) == reference_id(key)
    assert len(id_from_key(key)) == 32 and set(id_from_key(key)) <= set("abcdefghijklmnop")


def test_repo_manifest_has_a_key_and_a_valid_id() -> None:
    manifest = json.loads(default_manifest().read_text())
    assert id_from_manifest(default_manifest()) == reference_id(manifest["key"])


@pytest.mark.parametrize("content", ["{}", '{"key": 5}', '{"key": "%%%not base64%%%"}', "not json", "[]"])
def test_bad_manifest_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(content)
    with pytest.raises(ManifestError):
        id_from_manifest(path)


def test_server_trusts_the_id_from_its_manifest_only(tmp_path: Path) -> None:
    key = new_key_b64()
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"manifest_version": 3, "name": "orderlens", "key": key}))
    repo_id = id_from_manifest(default_manifest())
    server = start_server(tmp_path / "srv", extra_env={"ORDERLENS_EXTENSION_MANIFEST": str(manifest)})
    try:
        assert server.extension_id == reference_id(key) != repo_id
        assert server.analyze({"html": "<p>x</p>"}).status == 200
        assert server.analyze({"html": "<p>x</p>"}, headers={"Origin": f"chrome-extension://{repo_id}"}).status == 403
    finally:
        server.stop()
