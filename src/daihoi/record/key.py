"""The station's key (khoá của máy kiểm phiếu): an Ed25519 key that signs the record.

The key file holds the 32-byte seed as 64 hex digits and a newline, created readable by its
owner only (0600). The public key is known by its fingerprint: the first 16 hex digits of the
SHA-256 of the 32 public-key bytes, in four groups of four (``1a2b-3c4d-5e6f-7a8b``), short
enough to read aloud and to print in the minutes.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.signing

from daihoi.record.canonical import sha256_hex
from daihoi.record.errors import RecordError

SEED_TEXT = re.compile(r"[0-9a-f]{64}")


def fingerprint_of(public_hex: str) -> str:
    """The fingerprint of a public key given as 64 hex digits: ``xxxx-xxxx-xxxx-xxxx``."""
    digits = sha256_hex(bytes.fromhex(public_hex))[:16]
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without dashes or spaces) in its printed form."""
    digits = re.sub(r"[\s:-]", "", text).lower()
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def check_signature(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is the Ed25519 signature of ``message`` by the key."""
    try:
        verify_key = nacl.signing.VerifyKey(bytes.fromhex(public_hex))
        verify_key.verify(message, bytes.fromhex(signature_hex))
    except (ValueError, TypeError, nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
        return False
    return True


@dataclass(frozen=True)
class StationKey:
    """An Ed25519 signing key and its public half."""

    seed: bytes

    @classmethod
    def from_seed(cls, seed: bytes) -> StationKey:
        if len(seed) != 32:
            raise RecordError("khoá cần đúng 32 byte")
        return cls(seed)

    @classmethod
    def generate(cls) -> StationKey:
        return cls(os.urandom(32))

    @classmethod
    def load_or_create(cls, path: str | os.PathLike[str]) -> StationKey:
        """The key in ``path``; a new one written there (mode 0600) when the file is missing."""
        target = Path(path)
        try:
            text = target.read_text("ascii").strip()
        except FileNotFoundError:
            return cls._create(target)
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError(f"không đọc được tệp khoá {target}: {exc}") from None
        if not SEED_TEXT.fullmatch(text):
            raise RecordError(f"tệp khoá {target} không chứa khoá (cần 64 chữ số hex)")
        return cls(bytes.fromhex(text))

    @classmethod
    def kept_in(cls, path: str | os.PathLike[str]) -> StationKey:
        """``load_or_create(path)`` once per process (its folder made first): a station's key
        and an office's key are read from their file on first use, then kept in memory."""
        target = Path(path)
        if target not in _KEPT:
            target.parent.mkdir(parents=True, exist_ok=True)
            _KEPT[target] = cls.load_or_create(target)
        return _KEPT[target]

    @classmethod
    def _create(cls, target: Path) -> StationKey:
        key = cls.generate()
        try:
            # Written whole under a temporary name (mkstemp: mode 0600), then linked to its
            # name: the key file is complete or absent, and two stations starting at once
            # never overwrite each other's key (link fails when the name exists).
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        except OSError as exc:
            raise RecordError(f"không tạo được tệp khoá {target}: {exc.strerror}") from None
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(key.seed.hex() + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.link(temp, target)
        except FileExistsError:
            return cls.load_or_create(target)
        except OSError as exc:
            raise RecordError(f"không tạo được tệp khoá {target}: {exc.strerror}") from None
        finally:
            Path(temp).unlink(missing_ok=True)
        return key

    @property
    def _signing(self) -> nacl.signing.SigningKey:
        return nacl.signing.SigningKey(self.seed)

    @property
    def public_hex(self) -> str:
        """The public key: 64 hex digits."""
        return bytes(self._signing.verify_key).hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public_hex)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return bytes(self._signing.sign(message).signature)

    def __repr__(self) -> str:  # never the seed in a traceback or a log line
        return f"StationKey({self.fingerprint})"


_KEPT: dict[Path, StationKey] = {}
