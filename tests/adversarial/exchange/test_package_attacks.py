"""Attacks on the office's signed package (``daihoi.record.package``, contract 1 of issue 16).

The forger builds packages by hand from the contract's text (``_forge.Forged``, PyNaCl and a
raw zip writer); ``make_package`` is only used for the round trip. Each test asserts what the
contract promises: the refusal's code, a Vietnamese message, and that nothing but
``PackageError`` comes out on hostile input. Tests named ``test_ambiguous_*`` check what the
contract leaves open but an adversary would press on; the report lists them apart.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import os
import subprocess
import sys
import tarfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import nacl.signing
import pytest

from tests.adversarial.exchange._forge import (
    SIGNED_PREFIX,
    Forged,
    Member,
    canonical,
    deflate,
    fingerprint_hex,
    is_vietnamese,
    raw_zip,
    sha,
    std_zip,
    zeros_deflated,
    zip_members,
)
from tests.adversarial.exchange.conftest import (
    ATTACKER_SEED,
    CONGRESS,
    OFFICE_SEED,
    OTHER_CONGRESS,
    signing,
    station_key,
)

package = pytest.importorskip(
    "daihoi.record.package", reason="daihoi.record.package does not exist yet (issue 16)"
)
PackageError = package.PackageError
read_package = package.read_package
make_package = package.make_package

CODES = {
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
}
OFFICE = signing(OFFICE_SEED)
ATTACKER = signing(ATTACKER_SEED)
OFFICE_FP = fingerprint_hex(bytes(OFFICE.verify_key))
ATTACKER_FP = fingerprint_hex(bytes(ATTACKER.verify_key))
ISSUED = "2026-12-01T08:00:00Z"
FILES = {
    "candidates.json": '{"ứng cử viên": ["Trần Thị Bình"]}'.encode(),
    "elections/q1-bch-2025.yaml": b"id: q1-bch-2025\nseats: 5\n",
    "binary.bin": bytes(range(256)) * 3,
    "a": b"x",  # one byte: a size of ``true`` or ``1.0`` would "match" it
}


def forged(**changes: Any) -> Forged:
    f = Forged(OFFICE, dict(CONGRESS), files=dict(FILES))
    for name, value in changes.items():
        setattr(f, name, value)
    return f


def good_zip() -> bytes:
    return forged().ready().zip()


def refused(data: bytes, *codes: str, **kwargs: Any) -> Any:
    """``read_package`` refuses ``data`` with a PackageError whose code is one of ``codes`` (any
    of the contract's when none are given) and whose message is a Vietnamese sentence."""
    try:
        result = read_package(data, **kwargs)
    except PackageError as exc:
        code = getattr(exc, "code", None)
        message = getattr(exc, "message", None)
        assert code in CODES, f"code {code!r} is not one of the contract's"
        if codes:
            assert code in codes, f"code {code!r}, expected {' or '.join(codes)} ({message})"
        assert is_vietnamese(message), f"message not a Vietnamese sentence: {message!r}"
        assert str(exc).strip(), "str(PackageError) is empty"
        return exc
    except Exception as exc:  # a crash: the contract allows nothing but PackageError
        pytest.fail(f"raised {type(exc).__name__}: {exc} (only PackageError is allowed)")
    shown = (
        {k: v for k, v in vars(result).items() if k != "files"}
        if hasattr(result, "__dict__")
        else result
    )
    files = sorted(getattr(result, "files", {}) or {})
    pytest.fail(f"accepted ({shown}, files {files}); expected PackageError {' or '.join(codes)}")


def no_crash(data: bytes, **kwargs: Any) -> Any:
    """Either a Package or a well-formed PackageError: never anything else."""
    try:
        return read_package(data, **kwargs)
    except PackageError as exc:
        assert getattr(exc, "code", None) in CODES, exc
        assert is_vietnamese(getattr(exc, "message", None)), exc
        return exc
    except Exception as exc:
        pytest.fail(f"raised {type(exc).__name__}: {exc} (only PackageError is allowed)")


def same_as_original(result: Any) -> None:
    assert result.files == FILES
    assert dict(result.congress) == CONGRESS
    assert result.sequence == 1
    assert result.issued_at == ISSUED


# ------------------------------------------------------------------ the round trip and shape


def test_it_reads_what_it_makes() -> None:
    data = make_package(
        FILES, congress=CONGRESS, sequence=7, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    assert isinstance(data, bytes)
    got = read_package(data)
    assert got.files == FILES and isinstance(got.files, dict)
    assert all(type(v) is bytes for v in got.files.values()), "files must be bytes"
    assert dict(got.congress) == CONGRESS
    assert got.sequence == 7 and type(got.sequence) is int
    assert got.issued_at == ISSUED
    assert got.key == bytes(OFFICE.verify_key).hex()
    assert got.fingerprint == OFFICE_FP


def test_it_is_a_frozen_dataclass() -> None:
    got = read_package(good_zip())
    assert dataclasses.is_dataclass(got)
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.sequence = 99  # type: ignore[misc]


def test_made_package_members_are_exactly_the_contracts() -> None:
    data = make_package(
        FILES, congress=CONGRESS, sequence=3, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == {"package.json", "package.sig", *(f"data/{n}" for n in FILES)}


def test_made_manifest_is_canonical_and_complete() -> None:
    import json

    data = make_package(
        FILES, congress=CONGRESS, sequence=3, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    raw = zip_members(data)["package.json"]
    manifest = json.loads(raw)
    assert canonical(manifest) == raw, "package.json is not canonical JSON"
    assert manifest == {
        "format": "daihoi-package/1",
        "congress": CONGRESS,
        "sequence": 3,
        "issued_at": ISSUED,
        "key": bytes(OFFICE.verify_key).hex(),
        "fingerprint": OFFICE_FP,
        "files": {n: {"sha256": sha(d), "size": len(d)} for n, d in FILES.items()},
    }


def test_made_signature_is_the_contracts() -> None:
    data = make_package(
        FILES, congress=CONGRESS, sequence=3, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    members = zip_members(data)
    text = members["package.sig"].decode("ascii")
    assert text.rstrip("\n") == text.strip() and len(text.strip()) == 128, text
    assert text.strip() == text.strip().lower()
    OFFICE.verify_key.verify(
        SIGNED_PREFIX + sha(members["package.json"]).encode(), bytes.fromhex(text.strip())
    )


def test_a_package_forged_from_the_contract_text_is_read() -> None:
    """Interoperability: a package built by hand from the contract (another writer) reads."""
    same_as_original(read_package(good_zip()))


def test_it_reads_an_empty_package() -> None:
    data = make_package(
        {}, congress=CONGRESS, sequence=1, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    assert read_package(data).files == {}


def test_it_keeps_empty_and_binary_files_exactly() -> None:
    files = {"empty": b"", "bytes": os.urandom(4096), "zeros": b"\0" * 10}
    got = read_package(forged(files=files).ready().zip())
    assert got.files == files


@pytest.mark.parametrize(
    "typed",
    [
        OFFICE_FP,
        OFFICE_FP.upper(),
        OFFICE_FP.replace("-", ""),
        OFFICE_FP.replace("-", " "),
        OFFICE_FP.replace("-", "").upper(),
        f"  {OFFICE_FP}  ",
        OFFICE_FP[:9] + " " + OFFICE_FP[10:],
    ],
    ids=["exact", "upper", "no-dashes", "spaces", "upper-no-dashes", "padded", "mixed"],
)
def test_trusted_fingerprint_is_compared_normalised(typed: str) -> None:
    same_as_original(read_package(good_zip(), trusted_fingerprint=typed))


# ---------------------------------------------------------------------------- not a zip


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("package.json")
        body = b"{}"
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    return buf.getvalue()


NOT_ZIPS = {
    "empty": b"",
    "one-byte": b"P",
    "magic-only": b"PK",
    "local-header-only": b"PK\x03\x04" + b"\0" * 26,
    "eocd-only-garbage": b"PK\x05\x06" + b"\xff" * 18,
    "random": os.urandom(2048),
    "text": "package.json: gói tin của văn phòng".encode(),
    "pdf": b"%PDF-1.4\n%%EOF\n",
    "gzip-of-package": gzip.compress(b"placeholder"),
    "tar": _tar(),
    "nul-bytes": b"\0" * 5000,
}


@pytest.mark.parametrize("name", sorted(NOT_ZIPS))
def test_not_a_zip_is_refused(name: str) -> None:
    data = NOT_ZIPS[name]
    if name == "gzip-of-package":
        data = gzip.compress(good_zip())
    refused(data, "not_zip")


@pytest.mark.parametrize("cut", [1, 2, 10, 21, 22, 23, 40, 100, 0.5, 0.9])
def test_a_truncated_package_is_refused(cut: float) -> None:
    data = good_zip()
    keep = len(data) - cut if isinstance(cut, int) else int(len(data) * cut)
    refused(data[:keep], "not_zip")


def test_a_multi_disk_zip_is_read_or_refused_cleanly() -> None:
    members = forged().ready().members()
    data = raw_zip([Member(n, d) for n, d in members.items()], eocd_disk=1)
    result = no_crash(data)
    if not isinstance(result, PackageError):
        same_as_original(result)


def test_a_results_bundle_is_not_a_package(chains: dict) -> None:
    """Cross-format confusion: a signed results bundle given where a package is expected."""
    refused(chains["main"][-1].zip, "missing_manifest")


# ---------------------------------------------------------------------------- too large


def test_a_package_larger_than_max_bytes_is_refused() -> None:
    data = good_zip()
    refused(data, "too_large", max_bytes=len(data) - 1)


def test_a_package_under_max_bytes_is_read() -> None:
    data = good_zip()
    same_as_original(read_package(data, max_bytes=len(data) + 10_000))


def test_files_that_inflate_beyond_max_bytes_are_refused() -> None:
    """Small on the wire, 400 kB once inflated: ``max_bytes`` must bound what is inflated,
    or it does not guard against a zip bomb."""
    files = {"zeros.bin": b"\0" * 400_000}
    data = forged(files=files).ready().zip()
    assert len(data) < 5_000
    refused(data, "too_large", max_bytes=100_000)


def test_many_files_that_together_pass_max_bytes_are_refused() -> None:
    files = {f"part{i}.bin": bytes([i]) * 40_000 for i in range(4)}  # 160 kB in all
    data = forged(files=files).ready().zip()
    assert len(data) < 5_000
    refused(data, "too_large", max_bytes=100_000)


@pytest.mark.parametrize("size", [10**30, 2**64, 2**63 - 1])
def test_an_absurd_listed_size_is_refused(size: int) -> None:
    refused(_mutated(_set("files.a.size", size)), "too_large", "size_mismatch", "bad_manifest")


def _peak(call: Any) -> tuple[Any, int, float]:
    tracemalloc.start()
    started = time.process_time()
    try:
        out = call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return out, peak, time.process_time() - started


@pytest.fixture(scope="module")
def bomb_200mb() -> tuple[bytes, int, int, str]:
    stream, size, crc = zeros_deflated(200)
    digest = sha(b"\0" * size)
    return stream, size, crc, digest


def test_an_honest_signed_zip_bomb_is_refused_before_it_is_inflated(bomb_200mb: Any) -> None:
    """A member of 200 MB of zeros (200 kB deflated), listed with its true size and hash and
    signed by the office: more than the default 50 MB, refused with ``too_large`` without
    inflating it (peak memory well under the 200 MB)."""
    stream, size, crc, digest = bomb_200mb
    f = forged(files={"a": b"x"}).ready()
    f.manifest["files"]["zeros.bin"] = {"sha256": digest, "size": size}
    f.encode()
    f.sign()
    members = [Member(n, d) for n, d in f.members().items()]
    members.append(Member("data/zeros.bin", stream, raw=True, crc=crc, size=size))
    data = raw_zip(members)
    assert len(data) < 1_000_000
    _, peak, cpu = _peak(lambda: refused(data, "too_large"))
    assert peak < 60_000_000, f"peak memory {peak:,} bytes while refusing a zip bomb"
    assert cpu < 5, f"{cpu:.1f} s of CPU to refuse a zip bomb"


def test_a_lying_zip_bomb_does_not_fill_the_memory(bomb_200mb: Any) -> None:
    """The zip and the manifest declare 20 bytes; the member inflates to 200 MB."""
    stream, _, _, _ = bomb_200mb
    first = b"\0" * 20
    f = forged(files={"zeros.bin": first}).ready()
    members = [Member(n, d) for n, d in f.members().items() if n != "data/zeros.bin"]
    members.append(Member("data/zeros.bin", stream, raw=True, size=20, crc=0))
    _, peak, cpu = _peak(lambda: no_crash(raw_zip(members)))
    assert peak < 60_000_000, f"peak memory {peak:,} bytes on a lying zip bomb"
    assert cpu < 5


def test_a_declared_huge_member_is_refused_without_reading_it() -> None:
    """The zip header and the signed manifest both say 2 GiB; a few bytes are there."""
    size = 2**31
    f = forged(files={"a": b"x"}).ready()
    f.manifest["files"]["huge.bin"] = {"sha256": "0" * 64, "size": size}
    f.encode()
    f.sign()
    members = [Member(n, d) for n, d in f.members().items()]
    members.append(Member("data/huge.bin", deflate(b"\0" * 1000), raw=True, size=size, crc=0))
    _, peak, cpu = _peak(lambda: refused(raw_zip(members), "too_large"))
    assert peak < 20_000_000 and cpu < 5


@pytest.mark.parametrize("member", ["package.json", "package.sig"])
def test_a_bomb_in_the_manifest_or_signature_is_refused(member: str, bomb_200mb: Any) -> None:
    stream, size, crc, _ = bomb_200mb
    f = forged().ready()
    members = [Member(n, d) for n, d in f.members().items() if n != member]
    members.insert(0, Member(member, stream, raw=True, size=size, crc=crc))
    _, peak, cpu = _peak(lambda: refused(raw_zip(members)))
    assert peak < 60_000_000, f"peak memory {peak:,} bytes for a {member} bomb"
    assert cpu < 5


def test_thousands_of_extra_members_are_refused_quickly() -> None:
    members = [Member(n, d) for n, d in forged().ready().members().items()]
    members += [Member(f"data/junk{i}", b"", method=0) for i in range(5000)]
    started = time.process_time()
    refused(raw_zip(members), "extra_file", "too_large")
    assert time.process_time() - started < 5


# ------------------------------------------------------------------- the manifest missing


def test_no_manifest_is_refused() -> None:
    refused(forged(drop={"package.json"}).ready().zip(), "missing_manifest")


def test_no_signature_is_refused() -> None:
    refused(forged(drop={"package.sig"}).ready().zip(), "missing_manifest", "bad_signature")


def test_an_empty_zip_is_refused() -> None:
    refused(std_zip({}), "missing_manifest")


@pytest.mark.parametrize(
    "where", ["data/package.json", "Package.json", "PACKAGE.JSON", "x/package.json", "package.js"]
)
def test_a_manifest_under_another_name_is_refused(where: str) -> None:
    f = forged().ready()
    members = f.members()
    members[where] = members.pop("package.json")
    refused(std_zip(members), "missing_manifest")


# ---------------------------------------------------------------------- a bad manifest


def _signed_bytes(manifest_bytes: bytes) -> bytes:
    """A zip whose package.json is exactly ``manifest_bytes``, signed per the contract."""
    f = forged().ready()
    f.manifest_bytes = manifest_bytes
    f.sign()
    return f.zip()


NOT_JSON = {
    "empty": b"",
    "truncated": b'{"format":"daihoi-package/1"',
    "null": b"null",
    "list": b"[]",
    "string": b'"daihoi-package/1"',
    "number": b"1",
    "not-utf8": b'{"format":"daihoi-package/1\xff"}',
    "utf16": '{"format":"daihoi-package/1"}'.encode("utf-16"),
    "nan": b'{"files":{},"sequence":NaN}',
    "infinity": b'{"files":{},"sequence":Infinity}',
    "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep-objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "huge-integer": b'{"sequence":' + b"9" * 5000 + b"}",
    "bom": b"\xef\xbb\xbf{}",
}


@pytest.mark.parametrize("name", sorted(NOT_JSON))
def test_a_manifest_that_is_not_a_json_object_is_refused(name: str) -> None:
    refused(_signed_bytes(NOT_JSON[name]), "bad_manifest")


def _mutated(mutate: Any) -> bytes:
    f = forged().ready()
    mutate(f.manifest)
    f.encode()
    f.sign()
    return f.zip()


def _set(path: str | tuple[str, ...], value: Any) -> Any:
    def change(m: dict[str, Any]) -> None:
        *parents, last = path if isinstance(path, tuple) else path.split(".")
        target = m
        for p in parents:
            target = target[p]
        target[last] = value

    return change


def _drop(path: str | tuple[str, ...]) -> Any:
    def change(m: dict[str, Any]) -> None:
        *parents, last = path if isinstance(path, tuple) else path.split(".")
        target = m
        for p in parents:
            target = target[p]
        del target[last]

    return change


BAD_MANIFESTS = {
    "format-missing": _drop("format"),
    "format-v2": _set("format", "daihoi-package/2"),
    "format-bundle": _set("format", "daihoi-bundle/1"),
    "format-null": _set("format", None),
    "format-number": _set("format", 1),
    "format-upper": _set("format", "DAIHOI-PACKAGE/1"),
    "congress-missing": _drop("congress"),
    "congress-null": _set("congress", None),
    "congress-string": _set("congress", "adv-2025"),
    "congress-list": _set("congress", ["adv-2025"]),
    "congress-empty": _set("congress", {}),
    "congress-no-id": _drop("congress.id"),
    "congress-no-name": _drop("congress.name"),
    "congress-no-organisation": _drop("congress.organisation"),
    "congress-id-number": _set("congress.id", 2025),
    "congress-id-null": _set("congress.id", None),
    "congress-name-list": _set("congress.name", ["x"]),
    "sequence-missing": _drop("sequence"),
    "sequence-string": _set("sequence", "1"),
    "sequence-float": _set("sequence", 1.0),
    "sequence-bool": _set("sequence", True),
    "sequence-null": _set("sequence", None),
    "sequence-list": _set("sequence", [1]),
    "issued-missing": _drop("issued_at"),
    "issued-null": _set("issued_at", None),
    "issued-number": _set("issued_at", 20261201),
    "issued-empty": _set("issued_at", ""),
    "files-missing": _drop("files"),
    "files-null": _set("files", None),
    "files-list": _set("files", list(FILES)),
    "files-string": _set("files", "candidates.json"),
    "file-null": _set("files.a", None),
    "file-string": _set("files.a", sha(b"x")),
    "file-list": _set("files.a", [sha(b"x"), 1]),
    "file-no-size": _drop("files.a.size"),
    "file-no-sha": _drop("files.a.sha256"),
    "size-string": _set("files.a.size", "1"),
    "size-bool": _set("files.a.size", True),
    "size-float": _set("files.a.size", 1.0),
    "size-negative": _set("files.a.size", -1),
    "size-null": _set("files.a.size", None),
    "sha-short": _set("files.a.sha256", sha(b"x")[:63]),
    "sha-long": _set("files.a.sha256", sha(b"x") + "0"),
    "sha-not-hex": _set("files.a.sha256", "z" * 64),
    "sha-number": _set("files.a.sha256", 12345),
    "sha-null": _set("files.a.sha256", None),
    "sha-spaced": _set("files.a.sha256", " ".join(sha(b"x")[i : i + 8] for i in range(0, 64, 8))),
}


@pytest.mark.parametrize("name", sorted(BAD_MANIFESTS))
def test_a_signed_manifest_of_the_wrong_shape_is_refused(name: str) -> None:
    refused(_mutated(BAD_MANIFESTS[name]), "bad_manifest")


BAD_KEYS = {
    "key-missing": _drop("key"),
    "key-null": _set("key", None),
    "key-empty": _set("key", ""),
    "key-short": _set("key", bytes(OFFICE.verify_key).hex()[:63]),
    "key-long": _set("key", bytes(OFFICE.verify_key).hex() + "0"),
    "key-not-hex": _set("key", "g" * 64),
    "key-number": _set("key", 7),
    "key-bytes-list": _set("key", list(bytes(OFFICE.verify_key))),
}


@pytest.mark.parametrize("name", sorted(BAD_KEYS))
def test_a_manifest_with_a_malformed_key_is_refused(name: str) -> None:
    refused(_mutated(BAD_KEYS[name]), "bad_manifest", "bad_signature")


@pytest.mark.parametrize(
    "value", [None, "", ATTACKER_FP, OFFICE_FP[:-1] + "0", "not a fingerprint", 42]
)
def test_a_fingerprint_that_is_not_the_keys_is_refused(value: Any) -> None:
    if value == OFFICE_FP:
        pytest.skip("the same fingerprint")
    refused(_mutated(_set("fingerprint", value)), "bad_manifest", "wrong_key")


def test_a_manifest_without_its_fingerprint_is_refused() -> None:
    refused(_mutated(_drop("fingerprint")), "bad_manifest", "wrong_key")


# ---------------------------------------------------------------------- the signature


def _sig(value: bytes) -> bytes:
    f = forged().ready()
    f.signature = value
    return f.zip()


def _sign_text(text: bytes, key: nacl.signing.SigningKey = OFFICE) -> bytes:
    return key.sign(text).signature.hex().encode()


def _good_manifest_bytes() -> bytes:
    f = forged().ready()
    assert f.manifest_bytes is not None
    return f.manifest_bytes


def _flip_hex(text: bytes, at: int) -> bytes:
    chars = bytearray(text)
    chars[at] = ord("0") if chars[at] != ord("0") else ord("1")
    return bytes(chars)


L_ORDER = 2**252 + 27742317777372353535851937790883648493


def _malleable() -> bytes:
    """The office's signature with S replaced by S + L: the same point equation, but not the
    canonical encoding (Ed25519 malleability; libsodium must refuse it)."""
    good = bytes.fromhex(forged().ready().signature.decode())  # type: ignore[union-attr]
    s = int.from_bytes(good[32:], "little") + L_ORDER
    return (good[:32] + s.to_bytes(32, "little")).hex().encode()


BAD_SIGNATURES = {
    "empty": lambda: b"",
    "not-hex": lambda: b"z" * 128,
    "short": lambda: forged().ready().signature[:126],  # type: ignore[index]
    "long": lambda: forged().ready().signature + b"00",  # type: ignore[operator]
    "zeros": lambda: b"0" * 128,
    "doubled": lambda: forged().ready().signature * 2,  # type: ignore[operator]
    "binary": lambda: bytes.fromhex(forged().ready().signature.decode()),  # type: ignore[union-attr]
    "flip-first": lambda: _flip_hex(forged().ready().signature, 0),  # type: ignore[arg-type]
    "flip-middle": lambda: _flip_hex(forged().ready().signature, 64),  # type: ignore[arg-type]
    "flip-last": lambda: _flip_hex(forged().ready().signature, 127),  # type: ignore[arg-type]
    "attacker-key": lambda: _sign_text(
        SIGNED_PREFIX + sha(_good_manifest_bytes()).encode(), ATTACKER
    ),
    "over-manifest-not-hash": lambda: _sign_text(SIGNED_PREFIX + _good_manifest_bytes()),
    "over-raw-digest": lambda: _sign_text(
        SIGNED_PREFIX + bytes.fromhex(sha(_good_manifest_bytes()))
    ),
    "over-upper-hex": lambda: _sign_text(
        SIGNED_PREFIX + sha(_good_manifest_bytes()).upper().encode()
    ),
    "no-prefix": lambda: _sign_text(sha(_good_manifest_bytes()).encode()),
    "prefix-no-newline": lambda: _sign_text(
        b"daihoi-package/1" + sha(_good_manifest_bytes()).encode()
    ),
    "prefix-v2": lambda: _sign_text(b"daihoi-package/2\n" + sha(_good_manifest_bytes()).encode()),
    "prefix-bundle-manifest": lambda: _sign_text(
        b"daihoi-record-manifest/1\n" + sha(_good_manifest_bytes()).encode()
    ),
    "prefix-record-head": lambda: _sign_text(
        b"daihoi-record-head/1\n" + sha(_good_manifest_bytes()).encode()
    ),
    "bundle-style": lambda: _sign_text(b"daihoi-record-manifest/1\n" + _good_manifest_bytes()),
    "malleable-s-plus-l": _malleable,
}


@pytest.mark.parametrize("name", sorted(BAD_SIGNATURES))
def test_a_bad_signature_is_refused(name: str) -> None:
    refused(_sig(BAD_SIGNATURES[name]()), "bad_signature")


CHANGED_AFTER_SIGNING = {
    "sequence": _set("sequence", 2),
    "congress-id": _set("congress.id", OTHER_CONGRESS["id"]),
    "congress-name": _set("congress.name", OTHER_CONGRESS["name"]),
    "issued-at": _set("issued_at", "2027-01-01T00:00:00Z"),
    "file-hash": _set("files.a.sha256", sha(b"y")),
    "file-removed": _drop(("files", "binary.bin")),
    "file-added": _set("files.more", {"sha256": sha(b""), "size": 0}),
    "extra-key": _set("note", "thêm"),
}


@pytest.mark.parametrize("name", sorted(CHANGED_AFTER_SIGNING))
def test_a_manifest_changed_after_signing_is_refused(name: str) -> None:
    f = forged().ready()
    CHANGED_AFTER_SIGNING[name](f.manifest)
    if name == "file-hash":
        f.files["a"] = b"y"
    if name == "file-removed":
        del f.files["binary.bin"]
    if name == "file-added":
        f.files["more"] = b""
    f.encode()  # signature kept
    refused(f.zip(), "bad_signature")


def test_the_key_swapped_for_the_attackers_with_the_office_signature_is_refused() -> None:
    f = forged().ready()
    f.manifest["key"] = bytes(ATTACKER.verify_key).hex()
    f.manifest["fingerprint"] = ATTACKER_FP
    f.encode()
    refused(f.zip(), "bad_signature")


def test_the_office_key_named_but_the_attacker_signing_is_refused() -> None:
    f = forged().ready()
    f.sign(ATTACKER)
    refused(f.zip(), "bad_signature")
    refused(f.zip(), "bad_signature", "wrong_key", trusted_fingerprint=OFFICE_FP)


def test_a_small_order_key_with_a_trivial_signature_is_refused() -> None:
    """The identity point as the public key and (R = identity, S = 0) as the signature
    verify every message in a careless Ed25519 verifier."""
    identity = bytes([1]) + bytes(31)
    f = forged().ready()
    f.manifest["key"] = identity.hex()
    f.manifest["fingerprint"] = fingerprint_hex(identity)
    f.encode()
    f.signature = (identity + bytes(32)).hex().encode()
    refused(f.zip(), "bad_signature", "bad_manifest")


def test_the_signature_of_another_package_is_refused() -> None:
    """Replay: the signature of the office's package 1 on a package 2."""
    one = forged().ready()
    two = forged(sequence=2).ready()
    two.signature = one.signature
    refused(two.zip(), "bad_signature")


def test_the_manifest_of_one_package_with_the_data_of_another_is_refused() -> None:
    one = forged().ready()
    two = forged(files={**FILES, "a": b"z"}, sequence=2).ready()
    members = two.members()
    members["data/a"] = one.files["a"]
    refused(std_zip(members), "hash_mismatch")


# ---------------------------------------------------------------------- trusted key


def _attackers_own() -> bytes:
    """A self-consistent package by the attacker: their key, their fingerprint, their
    signature, the office's congress."""
    return Forged(ATTACKER, dict(CONGRESS), files=dict(FILES)).ready().zip()


def test_the_attackers_own_package_reads_without_a_trusted_key() -> None:
    got = read_package(_attackers_own())
    assert got.fingerprint == ATTACKER_FP and got.key == bytes(ATTACKER.verify_key).hex()


@pytest.mark.parametrize(
    "trusted",
    [
        OFFICE_FP,
        OFFICE_FP.upper(),
        OFFICE_FP.replace("-", ""),
    ],
)
def test_the_attackers_package_is_refused_against_the_office_key(trusted: str) -> None:
    refused(_attackers_own(), "wrong_key", trusted_fingerprint=trusted)


def test_a_lying_fingerprint_does_not_pass_the_trusted_key() -> None:
    """The attacker writes the office's fingerprint into their own manifest: the reader must
    compute the fingerprint from the key, not believe the manifest."""
    f = Forged(ATTACKER, dict(CONGRESS), files=dict(FILES))
    f.build_manifest()
    f.manifest["fingerprint"] = OFFICE_FP
    f.encode()
    f.sign()
    refused(f.zip(), "wrong_key", "bad_manifest", trusted_fingerprint=OFFICE_FP)


@pytest.mark.parametrize(
    "trusted",
    [
        OFFICE_FP[:9],  # a prefix
        OFFICE_FP[:14],
        OFFICE_FP[:-1],
        OFFICE_FP[:-1] + ("0" if OFFICE_FP[-1] != "0" else "1"),
        OFFICE_FP + "0",
        OFFICE_FP + "-" + sha(bytes(OFFICE.verify_key))[16:20],  # a longer prefix of the hash
        ATTACKER_FP,
        "",  # not None: an empty expectation is not "no expectation"
        " ",
        "-",
        "0000-0000-0000-0000",
        bytes(OFFICE.verify_key).hex(),  # the whole public key is not its fingerprint
        sha(bytes(OFFICE.verify_key)),
    ],
    ids=[
        "prefix-8",
        "prefix-12",
        "one-short",
        "last-digit",
        "one-more",
        "longer-hash",
        "attacker",
        "empty",
        "space",
        "dash",
        "zeros",
        "public-key",
        "full-hash",
    ],
)
def test_a_trusted_fingerprint_that_is_not_the_office_key_refuses(trusted: str) -> None:
    refused(good_zip(), "wrong_key", trusted_fingerprint=trusted)


@pytest.mark.parametrize("trusted", ["xyz", "gggg-gggg-gggg-gggg", "ư" * 16, "\x00" * 16])
def test_a_malformed_trusted_fingerprint_is_a_package_error(trusted: str) -> None:
    refused(good_zip(), trusted_fingerprint=trusted)


# ----------------------------------------------------- files: hashes, sizes, missing, extra


def test_a_data_file_changed_in_place_is_refused() -> None:
    f = forged().ready()
    f.files["binary.bin"] = bytes(reversed(FILES["binary.bin"]))
    refused(f.zip(), "hash_mismatch")


@pytest.mark.parametrize("change", ["longer", "shorter", "empty"])
def test_a_data_file_of_another_size_is_refused(change: str) -> None:
    f = forged().ready()
    old = FILES["candidates.json"]
    f.files["candidates.json"] = {"longer": old + b" ", "shorter": old[:-1], "empty": b""}[change]
    refused(f.zip(), "size_mismatch", "hash_mismatch")


def test_a_listed_file_missing_from_the_zip_is_refused() -> None:
    refused(forged(drop={"data/binary.bin"}).ready().zip(), "missing_file")


def test_a_listed_file_outside_data_is_refused() -> None:
    f = forged().ready()
    members = f.members()
    members["a"] = members.pop("data/a")
    refused(std_zip(members), "missing_file", "extra_file")


EXTRA_MEMBERS = {
    "data-unlisted": ("data/unlisted.txt", b"x"),
    "top-level": ("readme.txt", b"x"),
    "manifest-backup": ("package.json.bak", b"{}"),
    "second-signature": ("package.sig.old", b"00"),
    "macos-junk": ("__MACOSX/data/._a", b"x"),
    "directory-entry": ("data/", b""),
    "empty-directory": ("data/empty/", b""),
    "upper-data": ("DATA/a", b"x"),
    "data-prefix-only": ("data", b"x"),
    "backslash": ("data\\a", b"x"),
    "traversal": ("data/../../evil.txt", b"x"),
    "absolute": ("/etc/passwd", b"x"),
    "windows-absolute": ("C:/Windows/evil.dll", b"x"),
}


@pytest.mark.parametrize("name", sorted(EXTRA_MEMBERS))
def test_an_unlisted_member_is_refused(name: str) -> None:
    member, data = EXTRA_MEMBERS[name]
    f = forged(extra={member: data}).ready()
    codes = ("extra_file",) if name in ("data-unlisted", "top-level") else ()
    refused(f.zip(), *(codes or ("extra_file", "unsafe_name")))


@pytest.mark.parametrize("which", ["data/a", "package.json", "package.sig"])
@pytest.mark.parametrize("order", ["good-first", "evil-first"])
def test_a_member_given_twice_is_refused(which: str, order: str) -> None:
    """Two members of the same name: zip readers disagree on which one counts."""
    f = forged().ready()
    members = f.members()
    evil = {"data/a": b"y", "package.json": b"{}", "package.sig": b"0" * 128}[which]
    pair = [Member(which, members[which]), Member(which, evil)]
    if order == "evil-first":
        pair.reverse()
    rest = [Member(n, d) for n, d in members.items() if n != which]
    refused(raw_zip([*rest, *pair]))


def test_a_central_name_that_differs_from_the_local_header_is_refused() -> None:
    f = forged().ready()
    members = [
        Member(n, d, central_name="data/b" if n == "data/a" else None)
        for n, d in f.members().items()
    ]
    refused(raw_zip(members))


# ------------------------------------------------------------------ hostile zip members


def _with(member: str, **fields: Any) -> bytes:
    f = forged().ready()
    members = []
    for name, data in f.members().items():
        if name == member:
            members.append(Member(name, **{"data": data, **fields}))
        else:
            members.append(Member(name, data))
    return raw_zip(members)


HOSTILE_MEMBERS = {
    "encrypted-flag": ("data/a", {"flags": 0x801}),
    "method-99-aes": ("data/a", {"method": 99}),
    "method-9-deflate64": ("data/a", {"method": 9}),
    "method-1-shrink": ("data/a", {"method": 1}),
    "bad-crc": ("data/binary.bin", {"crc": 0x12345678}),
    "corrupt-deflate": ("data/binary.bin", {"data": b"\xff" * 50, "raw": True, "size": 768}),
    "short-stored": ("data/binary.bin", {"method": 0, "size": 5000}),
    "compressed-size-lies": ("data/binary.bin", {"csize": 10_000_000}),
    "encrypted-manifest": ("package.json", {"flags": 0x801}),
    "manifest-method-99": ("package.json", {"method": 99}),
    "manifest-bad-crc": ("package.json", {"crc": 1}),
    "signature-encrypted": ("package.sig", {"flags": 0x801}),
    "symlink": ("data/a", {"external": (0o120777 << 16)}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MEMBERS))
def test_a_hostile_member_gives_a_package_error_not_a_crash(name: str) -> None:
    member, fields = HOSTILE_MEMBERS[name]
    if name == "short-stored":
        fields = {**fields, "data": FILES["binary.bin"]}
    result = no_crash(_with(member, **fields))
    if name != "symlink" and not isinstance(result, PackageError):
        # accepted: then only if what it read is exactly what the office signed
        same_as_original(result)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_compressions_are_read_or_refused_cleanly(method: int) -> None:
    result = no_crash(std_zip(forged().ready().members(), method))
    if not isinstance(result, PackageError):
        same_as_original(result)


def test_junk_before_the_zip_is_read_or_refused_cleanly() -> None:
    result = no_crash(os.urandom(100) + good_zip())
    if not isinstance(result, PackageError):
        same_as_original(result)


def test_a_huge_zip_comment_is_read_or_refused_cleanly() -> None:
    members = forged().ready().members()
    data = raw_zip([Member(n, d) for n, d in members.items()], comment=b"x" * 65535)
    result = no_crash(data)
    if not isinstance(result, PackageError):
        same_as_original(result)


# ---------------------------------------------------------------------- unsafe names

UNSAFE_NAMES = [
    "../evil.txt",
    "../../etc/passwd",
    "a/../../b",
    "a/../b",
    "..",
    ".",
    "./a",
    "a/./b",
    "a//b",
    "/etc/passwd",
    "//server/share/x",
    "\\\\server\\share\\x",
    "..\\evil.txt",
    "a\\b",
    "C:/Windows/evil.dll",
    "C:evil.dll",
    "c:\\evil.dll",
    "a\nb",
    "a\rb",
    "a\tb",
]


def _listed(name: str, data: bytes = b"evil") -> bytes:
    """A package signed by the office whose manifest lists ``name`` (and the zip holds
    ``data/<name>``): the office's own key, so only the name is wrong."""
    return forged(files={**FILES, name: data}).ready().zip()


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_an_unsafe_name_is_refused(name: str) -> None:
    refused(_listed(name), "unsafe_name")


@pytest.mark.parametrize("name", ["", "a/", "dir/"])
def test_an_empty_or_folder_name_is_refused(name: str) -> None:
    refused(_listed(name), "unsafe_name", "extra_file")


@pytest.mark.parametrize("name", ["a\x00b", "\x00", "a\x00/../../x"])
def test_a_name_with_a_nul_is_refused(name: str) -> None:
    refused(_listed(name), "unsafe_name", "missing_file", "extra_file")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "a\\b"])
def test_make_package_does_not_make_what_read_package_refuses(name: str) -> None:
    try:
        data = make_package(
            {name: b"x"},
            congress=CONGRESS,
            sequence=1,
            issued_at=ISSUED,
            key=station_key(OFFICE_SEED),
        )
    except (PackageError, ValueError):
        return
    refused(data, "unsafe_name")


@pytest.mark.parametrize(
    "name", ["elections/q1.yaml", "a-b_c.1.json", "x/y/z/deep.txt", "dots.in.name"]
)
def test_a_safe_name_in_folders_is_read(name: str) -> None:
    files = {name: b"ok"}
    assert read_package(forged(files=files).ready().zip()).files == files


# ----------------------------------------------------------------- fuzzing the bytes


def _flips() -> list[int]:
    size = len(good_zip())
    return sorted({int(size * i / 97) for i in range(97)})


@pytest.mark.parametrize("at", _flips())
def test_a_flipped_byte_never_crashes_and_never_changes_what_is_read(at: int) -> None:
    data = bytearray(good_zip())
    data[at] ^= 0x5A
    result = no_crash(bytes(data))
    if not isinstance(result, PackageError):
        same_as_original(result)


@pytest.mark.parametrize("seed", range(15))
def test_random_garbage_never_crashes(seed: int) -> None:
    import random

    rng = random.Random(seed)
    base = good_zip()
    junk = bytearray(base)
    for _ in range(rng.randint(1, 30)):
        junk[rng.randrange(len(junk))] = rng.randrange(256)
    if seed % 3 == 0:
        junk = junk[: rng.randrange(len(junk))]
    result = no_crash(bytes(junk))
    if not isinstance(result, PackageError):
        same_as_original(result)


# ---------------------------------------------------------------------- the command

SRC = Path(package.__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from daihoi.cli.main import main; sys.exit(main())",
            "package",
            "verify",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def files_on_disk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("packages")
    paths = {}
    good = forged().ready()
    paths["good"] = base / "office.package.zip"
    paths["good"].write_bytes(good.zip())
    tampered = forged().ready()
    tampered.files["a"] = b"y"
    paths["tampered"] = base / "tampered.zip"
    paths["tampered"].write_bytes(tampered.zip())
    paths["attacker"] = base / "attacker.zip"
    paths["attacker"].write_bytes(_attackers_own())
    paths["junk"] = base / "junk.zip"
    paths["junk"].write_bytes(os.urandom(300))
    paths["vietnamese"] = base / "gói tin văn phòng.zip"
    paths["vietnamese"].write_bytes(good.zip())
    return paths


def _says_vietnamese(run: subprocess.CompletedProcess[str]) -> None:
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text
    assert is_vietnamese(text), f"no Vietnamese message: {text!r}"


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--key", OFFICE_FP),
        ("--key", OFFICE_FP.upper().replace("-", "")),
        ("--key", OFFICE_FP.replace("-", " ")),
    ],
    ids=["no-key", "key", "key-upper-bare", "key-spaces"],
)
def test_cli_a_good_package_exits_0(files_on_disk: dict[str, Path], args: tuple[str, ...]) -> None:
    run = _cli(str(files_on_disk["good"]), *args)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_a_file_name_in_vietnamese_is_fine(files_on_disk: dict[str, Path]) -> None:
    run = _cli(str(files_on_disk["vietnamese"]))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    "which,args",
    [
        ("tampered", ()),
        ("junk", ()),
        ("attacker", ("--key", OFFICE_FP)),
        ("good", ("--key", ATTACKER_FP)),
    ],
    ids=["tampered", "junk", "attacker-vs-office", "office-vs-attacker-key"],
)
def test_cli_a_refused_package_exits_1_in_vietnamese(
    files_on_disk: dict[str, Path], which: str, args: tuple[str, ...]
) -> None:
    run = _cli(str(files_on_disk[which]), *args)
    assert run.returncode == 1, f"exit {run.returncode}: {run.stdout + run.stderr}"
    _says_vietnamese(run)


@pytest.mark.parametrize(
    "args",
    [
        ("missing.zip",),
        (),
        ("GOOD", "--key", "xyz"),
        ("GOOD", "--key", ""),
        ("GOOD", "--key", "2260-0cc6"),
        ("GOOD", "--key", "gggg-gggg-gggg-gggg"),
        ("GOOD", "--key"),
    ],
    ids=[
        "missing-file",
        "no-file",
        "key-junk",
        "key-empty",
        "key-short",
        "key-not-hex",
        "key-no-value",
    ],
)
def test_cli_usage_errors_exit_2(files_on_disk: dict[str, Path], args: tuple[str, ...]) -> None:
    args = tuple(str(files_on_disk["good"]) if a == "GOOD" else a for a in args)
    run = _cli(*args, cwd=files_on_disk["good"].parent)
    assert run.returncode == 2, f"exit {run.returncode}: {run.stdout + run.stderr}"
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_a_folder_is_not_a_crash(files_on_disk: dict[str, Path]) -> None:
    run = _cli(str(files_on_disk["good"].parent))
    assert run.returncode in (1, 2), run.stdout + run.stderr
    _says_vietnamese(run)


# ------------------------------------------------------------- what the contract leaves open


def test_ambiguous_a_reindented_manifest_signed_as_it_is_is_refused() -> None:
    """package.json must be canonical JSON; a re-indented one (signed over its own bytes)."""
    import json

    f = forged().ready()
    refused(_signed_bytes(json.dumps(f.manifest, indent=2).encode()), "bad_manifest")


def test_ambiguous_a_manifest_with_escaped_text_is_refused() -> None:
    import json

    f = forged().ready()
    text = json.dumps(f.manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    refused(_signed_bytes(text.encode()), "bad_manifest")


def test_ambiguous_a_manifest_with_a_duplicate_key_is_refused() -> None:
    raw = _good_manifest_bytes()
    refused(_signed_bytes(raw[:-1] + b',"sequence":2}'), "bad_manifest")


@pytest.mark.parametrize(
    "value", ["hôm qua", "2026-13-45T99:00:00Z", "2026-12-01T15:00:00+07:00", "2026-12-01"]
)
def test_ambiguous_issued_at_not_iso_8601_utc_is_refused(value: str) -> None:
    refused(_mutated(_set("issued_at", value)), "bad_manifest")


@pytest.mark.parametrize("value", [0, -1])
def test_ambiguous_a_sequence_not_positive_is_refused(value: int) -> None:
    refused(_mutated(_set("sequence", value)), "bad_manifest")


def test_ambiguous_an_upper_case_signature_is_refused() -> None:
    f = forged().ready()
    f.signature = f.signature.upper()  # type: ignore[union-attr]
    refused(f.zip(), "bad_signature")


def test_ambiguous_an_upper_case_key_is_refused() -> None:
    refused(
        _mutated(_set("key", bytes(OFFICE.verify_key).hex().upper())),
        "bad_manifest",
        "bad_signature",
    )


def test_ambiguous_an_upper_case_file_hash_is_refused() -> None:
    refused(_mutated(_set("files.a.sha256", sha(b"x").upper())), "bad_manifest", "hash_mismatch")


@pytest.mark.parametrize(
    "names",
    [
        ("A.txt", "a.txt"),
        ("caf\u00e9.txt", "cafe\u0301.txt"),
        ("dir/x", "DIR/x"),
    ],
    ids=["case", "nfc-nfd", "folder-case"],
)
def test_ambiguous_names_that_collide_on_windows_or_macos_are_refused(
    names: tuple[str, str],
) -> None:
    files = {**FILES, names[0]: b"one", names[1]: b"two"}
    refused(forged(files=files).ready().zip(), "unsafe_name", "bad_manifest")


@pytest.mark.parametrize(
    "name",
    [
        ".hidden",
        "CON",
        "aux.txt",
        "a:b",
        "a*b",
        "a?b",
        "a|b",
        "a<b>",
        "dot.",
        "space ",
        "\u202eexe.txt",
        "x" * 300,
    ],
)
def test_ambiguous_names_unsafe_on_windows_are_refused(name: str) -> None:
    refused(_listed(name), "unsafe_name", "bad_manifest")


def test_ambiguous_the_same_input_makes_the_same_bytes() -> None:
    args: dict[str, Any] = dict(
        congress=CONGRESS, sequence=1, issued_at=ISSUED, key=station_key(OFFICE_SEED)
    )
    assert make_package(FILES, **args) == make_package(dict(reversed(FILES.items())), **args)


def test_ambiguous_an_unknown_manifest_key_signed_by_the_office_is_read() -> None:
    """docs/bundle.md: "a reader must accept keys it does not know" (for the bundle)."""
    same_as_original(read_package(_mutated(_set("note", "mục thêm"))))


def test_ambiguous_a_newline_after_the_signature_is_read() -> None:
    f = forged().ready()
    f.signature = f.signature + b"\n"  # type: ignore[operator]
    same_as_original(read_package(f.zip()))
