"""The congress package (gói đại hội): what the central office sends to an offline hall station.

The office exports a congress, its elections with their candidate lists, the presidium,
secretariat and counting committee and the delegates as a zip signed with the office's Ed25519
key; the station reads it back with :func:`read_package` and refuses anything that does not
hold. The layout (``docs/package.md``):

* ``package.json``: the manifest, canonical JSON: ``format`` (``daihoi-package/1``),
  ``congress`` (``id``, ``name``, ``organisation``), ``sequence`` (1, 2 … per congress: a
  station refuses one older than it already has), ``issued_at`` (ISO 8601, UTC), ``key``
  (the office's public key, 64 hex digits), ``fingerprint`` and ``files`` (each data file's
  ``sha256`` and ``size``);
* ``package.sig``: the hex Ed25519 signature (128 digits, no newline) of ``daihoi-package/1\\n`` followed by the SHA-256
  (hex) of the manifest's bytes;
* ``data/<name>``: each data file the manifest lists (JSON).

The key's fingerprint is checked out of band: the office prints it on its letter, the station's
operator compares it the first time (trust on first use) and the station then refuses a package
signed by any other key. Pure: no Django, no files, no clock (``issued_at`` comes in).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.key import StationKey, check_signature, fingerprint_of, normal_fingerprint
from daihoi.vnformat import format_int

FORMAT = "daihoi-package/1"
MANIFEST = "package.json"
SIGNATURE = "package.sig"
DATA = "data/"
MAX_BYTES = 50_000_000
MAX_MEMBERS = 1000
CONGRESS_KEYS = ("id", "name", "organisation")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no clock in the zip: the same package gives the same bytes
NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX128 = re.compile(r"[0-9a-f]{128}")
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)")
FINGERPRINT = re.compile(r"[0-9a-f]{4}(-[0-9a-f]{4}){3}")

CODES = (
    "not_zip",
    "too_large",
    "missing_manifest",
    "bad_manifest",
    "bad_signature",
    "hash_mismatch",
    "missing_file",
    "extra_file",
    "unsafe_name",
    "wrong_key",
    "size_mismatch",
)


class PackageError(Exception):
    """A package the station refuses: ``code`` (one of :data:`CODES`) and a Vietnamese
    ``message`` for the operator."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Package:
    """A package that holds: its manifest's facts and its data files' bytes."""

    congress: dict[str, str]
    sequence: int
    issued_at: str
    key: str
    fingerprint: str
    files: dict[str, bytes]

    def json(self, name: str) -> Any:
        """The data file ``name`` read as JSON (``PackageError("bad_manifest")`` if it is not)."""
        try:
            return json.loads(self.files[name].decode("utf-8"))
        except KeyError:
            raise PackageError("missing_file", f"Gói thiếu tệp “{name}”.") from None
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise PackageError(
                "bad_manifest", f"Tệp “{name}” trong gói không phải JSON hợp lệ."
            ) from None


def signed_message(manifest_bytes: bytes) -> bytes:
    """What the office signs for a manifest."""
    return f"{FORMAT}\n{sha256_hex(manifest_bytes)}".encode("ascii")


def bad_data_name(name: str) -> bool:
    """Whether ``name`` cannot be a data file's name (relative, parts of letters, digits . _ -)."""
    return not isinstance(name, str) or not all(
        NAME_PART.fullmatch(part) for part in name.split("/")
    )


def make_package(
    files: Mapping[str, bytes],
    *,
    congress: Mapping[str, str],
    sequence: int,
    issued_at: str,
    key: StationKey,
) -> bytes:
    """The package zip of ``files`` (names relative to ``data/``), signed with ``key``."""
    for name in files:
        if bad_data_name(name):
            raise ValueError(f"tên tệp không hợp lệ: {name!r}")
    if sequence < 1:
        raise ValueError("số thứ tự gói phải từ 1")
    manifest = {
        "format": FORMAT,
        "congress": {k: str(congress[k]) for k in CONGRESS_KEYS},
        "sequence": sequence,
        "issued_at": issued_at,
        "key": key.public_hex,
        "fingerprint": key.fingerprint,
        "files": {
            name: {"sha256": sha256_hex(data), "size": len(data)}
            for name, data in sorted(files.items())
        },
    }
    manifest_bytes = canonical_json(manifest)
    signature = key.sign(signed_message(manifest_bytes)).hex()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            (MANIFEST, manifest_bytes),
            (SIGNATURE, signature.encode("ascii")),
            *((DATA + n, files[n]) for n in sorted(files)),
        ]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


# Names Windows keeps for devices, whatever their extension ("CON", "aux.txt").
_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def _unsafe(name: str) -> bool:
    """A name that could not be written as it is on every disk a station may use: absolute, a
    drive ("C:…"), "..", a backslash, a control character, a Windows device name, a part
    ending in a dot or a space, or longer than a file system takes."""
    parts = name.split("/")
    return (
        not name
        or len(name) > 240
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or any(ord(c) < 32 or ord(c) == 127 for c in name)
        or any(part in ("", ".", "..") for part in parts)
        or any(_DEVICES.fullmatch(part) or part.endswith((".", " ")) for part in parts)
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, never more than ``limit`` (nor more than it declares)."""
    declared = info.file_size
    if declared > limit:
        raise PackageError("too_large", f"Tệp “{info.filename}” trong gói quá lớn.")
    with archive.open(info) as handle:
        # Never inflated past what the zip declares: a member that says 20 bytes and inflates
        # to gigabytes is read to its 21st byte and refused.
        data = handle.read(declared + 1)
    if len(data) != declared:
        raise PackageError(
            "size_mismatch",
            f"Tệp “{info.filename}” trong gói dài khác với cỡ ghi trong tệp zip.",
        )
    return data


def _real_time(text: str) -> bool:
    """Whether an ISO 8601 time of the right shape is a time at all (not month 13, hour 99)."""
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _bad(message: str) -> PackageError:
    return PackageError("bad_manifest", f"Bản kê của gói không hợp lệ: {message}.")


def _check_format(value: Any) -> str:
    """The manifest's key, once it is a manifest of this format with a key in it."""
    if not isinstance(value, dict):
        raise _bad("không phải một đối tượng JSON")
    if value.get("format") != FORMAT:
        raise _bad(f"định dạng “{str(value.get('format'))[:60]}” không phải {FORMAT}")
    key = value.get("key")
    if not isinstance(key, str) or not HEX64.fullmatch(key):
        raise _bad("khoá công khai phải là 64 chữ số hex")
    return key


def _check_manifest(value: dict[str, Any]) -> dict[str, Any]:
    congress = value.get("congress")
    if (
        not isinstance(congress, dict)
        or not all(isinstance(congress.get(k), str) and congress.get(k) for k in CONGRESS_KEYS)
        or not all(isinstance(v, str) for v in congress.values())
    ):
        raise _bad("thiếu thông tin đại hội (mã, tên, tổ chức)")
    sequence = value.get("sequence")
    if type(sequence) is not int or sequence < 1:
        raise _bad("số thứ tự gói phải là số nguyên từ 1")
    issued = value.get("issued_at")
    if not isinstance(issued, str) or not ISO_UTC.fullmatch(issued) or not _real_time(issued):
        raise _bad("thời điểm phát hành không đúng dạng ISO 8601 (UTC)")
    if value.get("fingerprint") != fingerprint_of(value["key"]):
        raise _bad("dấu vân tay không khớp với khoá công khai")
    files = value.get("files")
    if not isinstance(files, dict):
        raise _bad("danh sách tệp không hợp lệ")
    for name, facts in files.items():
        if not isinstance(name, str) or _unsafe(DATA + name):
            raise PackageError(
                "unsafe_name", f"Tên tệp “{str(name)[:80]}” trong gói không an toàn."
            )
        if bad_data_name(name):
            raise _bad(f"tên tệp “{name[:80]}” không hợp lệ")
        if (
            not isinstance(facts, dict)
            or not isinstance(facts.get("sha256"), str)
            or not HEX64.fullmatch(facts["sha256"])
            or type(facts.get("size")) is not int
            or facts["size"] < 0
        ):
            raise _bad(f"thông tin tệp “{name[:80]}” không hợp lệ")
    return value


def read_package(
    data: bytes, *, trusted_fingerprint: str | None = None, max_bytes: int = MAX_BYTES
) -> Package:
    """The package in ``data``, checked whole; :class:`PackageError` when anything fails.

    With ``trusted_fingerprint``, a package signed by a key of another fingerprint is refused
    (``wrong_key``). Nothing is written anywhere: members are read into memory, each bounded
    by what it declares and by ``max_bytes`` in all.
    """
    try:
        return _read(data, trusted_fingerprint, max_bytes)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise PackageError("not_zip", f"Tệp không đọc được như một gói zip ({exc}).") from None
    except RuntimeError:  # an encrypted member, among others
        raise PackageError("not_zip", "Tệp zip có phần mã hoá hoặc không đọc được.") from None
    except (zlib.error, OSError, ValueError, TypeError, KeyError, OverflowError) as exc:
        raise PackageError("not_zip", f"Tệp không đọc được như một gói zip ({exc}).") from None
    except Exception as exc:  # bz2, lzma and whatever else a hostile member makes zipfile raise
        raise PackageError(
            "not_zip", f"Tệp không đọc được như một gói zip ({type(exc).__name__})."
        ) from None


def _read(data: bytes, trusted_fingerprint: str | None, max_bytes: int) -> Package:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise PackageError("not_zip", "Không có nội dung tệp.")
    data = bytes(data)
    if len(data) > max_bytes:
        raise PackageError("too_large", f"Gói lớn hơn giới hạn {format_int(max_bytes)} byte.")
    if not data.startswith(b"PK"):
        raise PackageError("not_zip", "Tệp này không phải gói đại hội (không phải tệp zip).")
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError("too_large", "Gói có quá nhiều tệp.")
    seen: set[str] = set()
    for info in infos:
        # Compared without case: on Windows and macOS "A.json" and "a.json" are one file.
        folded = info.filename.casefold()
        if _unsafe(info.filename) or folded in seen:
            raise PackageError(
                "unsafe_name", f"Tên tệp “{info.filename[:80]!s}” trong gói không an toàn."
            )
        seen.add(folded)
    if sum(info.file_size for info in infos) > max_bytes:
        raise PackageError(
            "too_large", f"Nội dung gói lớn hơn giới hạn {format_int(max_bytes)} byte."
        )
    members = {info.filename: info for info in infos}
    if MANIFEST not in members:
        raise PackageError("missing_manifest", "Gói thiếu bản kê package.json.")
    if SIGNATURE not in members:
        raise PackageError("bad_signature", "Gói thiếu chữ ký package.sig.")
    budget = [max_bytes]

    def read(info: zipfile.ZipInfo) -> bytes:
        got = _read_member(archive, info, budget[0])
        budget[0] -= len(got)
        return got

    manifest_bytes = read(members[MANIFEST])
    try:
        value = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad("không phải JSON") from None
    # The format and the key first (what to check the signature with), then the signature,
    # then the rest: a manifest changed by anyone but the office fails at its signature.
    key = _check_format(value)
    signature = read(members[SIGNATURE]).decode("ascii", "replace").strip()
    fingerprint = fingerprint_of(key)
    if trusted_fingerprint is not None and normal_fingerprint(trusted_fingerprint) != fingerprint:
        raise PackageError(
            "wrong_key",
            f"Gói được ký bằng khoá {fingerprint}, không phải khoá của văn phòng đã tin cậy "
            f"({normal_fingerprint(trusted_fingerprint)}). Khoá của văn phòng đã đổi? "
            "Hãy gọi điện cho văn phòng để hỏi.",
        )
    if not HEX128.fullmatch(signature) or not check_signature(
        key, signed_message(manifest_bytes), signature
    ):
        raise PackageError("bad_signature", "Chữ ký của gói không đúng: gói đã bị sửa hoặc hỏng.")
    manifest = _check_manifest(value)
    if canonical_json(manifest) != manifest_bytes:
        raise _bad("không ở dạng JSON chuẩn tắc")
    listed: dict[str, dict[str, Any]] = manifest["files"]
    for name in members:
        if name in (MANIFEST, SIGNATURE):
            continue
        if not name.startswith(DATA) or name[len(DATA) :] not in listed:
            raise PackageError("extra_file", f"Gói có tệp “{name[:80]}” không có trong bản kê.")
    files: dict[str, bytes] = {}
    for name, facts in sorted(listed.items()):
        found = members.get(DATA + name)
        if found is None:
            raise PackageError("missing_file", f"Gói thiếu tệp “{name}” có trong bản kê.")
        info = found
        if info.file_size != facts["size"]:
            raise PackageError("size_mismatch", f"Tệp “{name}” không đúng cỡ ghi trong bản kê.")
        content = read(info)
        if len(content) != facts["size"]:
            raise PackageError("size_mismatch", f"Tệp “{name}” không đúng cỡ ghi trong bản kê.")
        if sha256_hex(content) != facts["sha256"]:
            raise PackageError("hash_mismatch", f"Tệp “{name}” đã bị thay đổi (mã băm không khớp).")
        files[name] = content
    return Package(
        congress={k: str(v) for k, v in manifest["congress"].items()},
        sequence=int(manifest["sequence"]),
        issued_at=str(manifest["issued_at"]),
        key=key,
        fingerprint=fingerprint,
        files=files,
    )


def grouped(fingerprint: str) -> str:
    """A fingerprint in its printed form (``xxxx-xxxx-xxxx-xxxx``) whatever it was typed as."""
    return normal_fingerprint(fingerprint)


def is_fingerprint(text: str) -> bool:
    """Whether ``text`` (dashes, spaces, case aside) is a whole fingerprint."""
    return FINGERPRINT.fullmatch(normal_fingerprint(text)) is not None
