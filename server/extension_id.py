"""The Chrome extension id, derived from the manifest's public "key" so there is one source of truth.

Chrome's id for a keyed extension is the first 128 bits of sha256(DER public key), written as 32
"hex" digits using the letters a-p instead of 0-9a-f. Computing it here means a new key pair only
needs a new manifest, never a code change.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path

_HEX_TO_AP = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


class ManifestError(ValueError):
    """The manifest is missing, unreadable or has no usable "key"; the message says which."""


def id_from_key(key_b64: str) -> str:
    """Chrome extension id for a base64 DER public key, as in a manifest's "key"."""
    try:
        der = base64.b64decode(key_b64, validate=True)
    except (binascii.Error, ValueError):
        raise ManifestError('extension manifest "key" is not valid base64') from None
    if not der:
        raise ManifestError('extension manifest "key" is empty')
    return hashlib.sha256(der).hexdigest()[:32].translate(_HEX_TO_AP)


def id_from_manifest(path: Path) -> str:
    """Read the manifest at `path` and return the extension id its "key" gives."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"extension manifest not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"cannot read extension manifest {path}: {exc}") from None
    key = data.get("key") if isinstance(data, dict) else None
    if not isinstance(key, str):
        raise ManifestError(f'extension manifest {path} has no "key"; the extension id would not be stable')
    return id_from_key(key)
