"""Canonical JSON and SHA-256: the bytes that the record hashes and signs.

Canonical JSON is ``json.dumps`` with sorted keys, no whitespace (``,`` and ``:``), UTF-8 text
as it is (no ``\\u`` escapes but those JSON requires), integers as written and floats as
Python's shortest round-trip form. Anyone can recompute it in a few lines (``docs/bundle.md``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """``value`` as canonical JSON bytes (sorted keys, no whitespace, UTF-8)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()
