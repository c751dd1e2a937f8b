"""The forger's workbench for the exchange attacks: a raw zip writer (every header field the
attacker's to choose), a package forger that follows the text of the package contract alone,
and a station that writes small results bundles through ``daihoi.record``'s public API.

Nothing here imports ``daihoi.record.package``, ``daihoi.record.intake`` or
``daihoi.engine.handcheck``: the attacks are written from their contracts.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.signing

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
PACKAGE_FORMAT = "daihoi-package/1"
SIGNED_PREFIX = b"daihoi-package/1\n"

VIETNAMESE = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def is_vietnamese(text: object) -> bool:
    return isinstance(text, str) and bool(text.strip()) and bool(VIETNAMESE.search(text))


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed_of(label: str) -> bytes:
    return hashlib.sha256(f"adv16 {label}: a test key, never a real one".encode()).digest()


def fingerprint_hex(public: bytes) -> str:
    digits = sha(public)[:16]
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------------------------- raw zip


@dataclass
class Member:
    """One zip member as the attacker writes it. ``data`` is what is stored (already
    compressed when ``method`` is 8 and ``raw`` is True); every size and the CRC may lie."""

    name: str | bytes
    data: bytes = b""
    method: int = 8  # 0 stored, 8 deflate, anything else: whatever the attacker likes
    raw: bool = False  # data already compressed
    crc: int | None = None
    size: int | None = None  # the declared uncompressed size
    csize: int | None = None  # the declared compressed size
    flags: int = 0x800  # UTF-8 names
    external: int = 0o644 << 16
    central_name: str | bytes | None = None  # a central directory that names it otherwise

    def encoded_name(self, name: str | bytes) -> bytes:
        return name if isinstance(name, bytes) else name.encode("utf-8")


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@functools.lru_cache(maxsize=4)
def zeros_deflated(megabytes: int, with_crc: bool = True) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``megabytes`` MiB of zeros, made cheaply (one MiB compressed
    with a full flush, repeated: each flushed block stands alone), its size and its CRC."""
    chunk = b"\0" * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    third = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert again == third
    stream = first + again * (megabytes - 1) + c.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes if with_crc else 0):
        crc = zlib.crc32(chunk, crc)
    return stream, megabytes << 20, crc


def raw_zip(members: Sequence[Member], *, comment: bytes = b"", eocd_disk: int = 0) -> bytes:
    """A zip written byte by byte: local headers, central directory, end record."""
    out = io.BytesIO()
    central = []
    for m in members:
        stored = m.data if (m.raw or m.method != 8) else deflate(m.data)
        plain = None if m.raw else m.data
        crc = m.crc if m.crc is not None else (zlib.crc32(plain) if plain is not None else 0)
        size = m.size if m.size is not None else (len(plain) if plain is not None else 0)
        csize = m.csize if m.csize is not None else len(stored)
        name = m.encoded_name(m.name)
        offset = out.tell()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                m.flags,
                m.method,
                0,
                0x21,
                crc,
                csize,
                size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(stored)
        cname = m.encoded_name(m.central_name) if m.central_name is not None else name
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                0x031E,
                20,
                m.flags,
                m.method,
                0,
                0x21,
                crc,
                csize,
                size,
                len(cname),
                0,
                0,
                0,
                0,
                m.external,
                offset,
            )
            + cname
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    length = out.tell() - start
    out.write(
        struct.pack(
            "<4sHHHHIIH",
            b"PK\x05\x06",
            eocd_disk,
            eocd_disk,
            len(members),
            len(members),
            length,
            start,
            len(comment),
        )
    )
    out.write(comment)
    return out.getvalue()


def std_zip(members: Mapping[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


# ---------------------------------------------------------------------------------- packages


@dataclass
class Forged:
    """A package as its contract describes it, built by hand: change anything, then
    ``sign()`` (or not) and ``zip()``."""

    signer: nacl.signing.SigningKey
    congress: dict[str, Any]
    sequence: Any = 1
    issued_at: Any = "2026-12-01T08:00:00Z"
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    manifest_bytes: bytes | None = None
    signature: bytes | None = None  # the bytes of package.sig
    extra: dict[str, bytes] = field(default_factory=dict)  # more zip members
    drop: set[str] = field(default_factory=set)  # zip members left out

    @property
    def public_hex(self) -> str:
        return bytes(self.signer.verify_key).hex()

    def build_manifest(self) -> dict[str, Any]:
        self.manifest = {
            "format": PACKAGE_FORMAT,
            "congress": dict(self.congress),
            "sequence": self.sequence,
            "issued_at": self.issued_at,
            "key": self.public_hex,
            "fingerprint": fingerprint_hex(bytes(self.signer.verify_key)),
            "files": {name: {"sha256": sha(d), "size": len(d)} for name, d in self.files.items()},
        }
        return self.manifest

    def encode(self) -> bytes:
        self.manifest_bytes = canonical(self.manifest)
        return self.manifest_bytes

    def sign(self, signer: nacl.signing.SigningKey | None = None, prefix: bytes = SIGNED_PREFIX):
        assert self.manifest_bytes is not None
        text = prefix + sha(self.manifest_bytes).encode("ascii")
        self.signature = (signer or self.signer).sign(text).signature.hex().encode("ascii")
        return self

    def ready(self) -> Forged:
        self.build_manifest()
        self.encode()
        return self.sign()

    def members(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        if self.manifest_bytes is not None:
            out["package.json"] = self.manifest_bytes
        if self.signature is not None:
            out["package.sig"] = self.signature
        for name, data in self.files.items():
            out[f"data/{name}"] = data
        out.update(self.extra)
        return {k: v for k, v in out.items() if k not in self.drop}

    def zip(self) -> bytes:
        return raw_zip([Member(name, data) for name, data in self.members().items()])


# ---------------------------------------------------------------------------------- bundles


@dataclass(frozen=True)
class Snapshot:
    """A committed bundle: its zip, and the head it was committed at."""

    zip: bytes
    n: int
    head: str
    confirmed: bool
    label: str


def _typed_round() -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    from daihoi.engine.ballot import Ballot, Mark
    from daihoi.engine.election import election_to_dict
    from daihoi.engine.results import result_to_dict
    from daihoi.engine.tally import count_election
    from daihoi.files import load_election, read_ballot_list

    election = load_election(EXAMPLES / "q1-bithu-2025.yaml")
    ballots = read_ballot_list(EXAMPLES / "q1-bithu-2025-ballots.csv", election)
    rows = []
    for index, ballot in enumerate(ballots):
        rows.append(
            {
                "batch": "A" if index < 5 else "B",
                "operators": ["lan", "vinh"],
                "marks": {label: mark.value for label, mark in ballot.marks.items()},
                "invalid": ballot.ruling or "",
            }
        )
    counted = [
        Ballot(str(i), {k: Mark(v) for k, v in r["marks"].items()}, r["invalid"] or None)
        for i, r in enumerate(rows)
    ]
    return election_to_dict(election), rows, result_to_dict(count_election(election, counted))


def station_chain(
    key_seed: bytes,
    congress: Mapping[str, str],
    *,
    batch_b_operators: Sequence[str] = ("lan", "vinh"),
    confirm: bool = True,
    reopen: bool = False,
    label: str = "main",
) -> list[Snapshot]:
    """A station counting the secretary election of the example (typed in, two batches), a
    zip after every commit. ``batch_b_operators`` changes the second batch's log entry (a fork
    from entry 4 on); ``reopen`` opens the confirmed round again at the end."""
    from daihoi.record import (
        Recorder,
        StationKey,
        file_hashes,
        manual_batch_data,
        round_created_data,
        round_files,
    )

    definition, rows, results = _typed_round()
    eid = definition["id"]
    rows = [
        {**r, "operators": list(batch_b_operators)} if r["batch"] == "B" else dict(r) for r in rows
    ]
    snaps: list[Snapshot] = []
    confirmed = False
    with tempfile.TemporaryDirectory(prefix="adv16-") as folder:
        recorder = Recorder([Path(folder) / "bundle"], StationKey.from_seed(key_seed), congress)

        def snap() -> None:
            head = recorder.head
            snaps.append(Snapshot(recorder.zip(), head.n, head.hash, confirmed, label))

        snap()  # entry 1: record.opened
        recorder.append("round.created", round_created_data(definition))
        for name, data in round_files(definition, [], [], None, None, None).items():
            recorder.put(name, data)
        recorder.commit()
        snap()  # 2
        recorder.append("manual.entry", manual_batch_data(eid, 1, "A", rows[:5]))
        for name, data in round_files(definition, [], rows[:5], None, None, None).items():
            recorder.put(name, data)
        recorder.commit()
        snap()  # 3
        recorder.append("manual.entry", manual_batch_data(eid, 1, "B", rows[5:]))
        files = round_files(definition, [], rows, results, None, None)
        for name, data in files.items():
            recorder.put(name, data)
        recorder.commit()
        snap()  # 4: counted, results written, not confirmed
        if not confirm:
            return snaps
        head = recorder.append(
            "results.confirmed",
            {
                "election": eid,
                "round": 1,
                "by": "hung",
                "at": "2025-07-11T10:00:00+07:00",
                "files": file_hashes(files),
            },
        )
        minutes = {
            **results,
            "record": {"entry": head.n, "head": head.hash, "key": recorder.key.fingerprint},
        }
        printed = {
            name: data
            for name, data in round_files(
                definition, [], [], None, b"%PDF-1.4\n% adv16\n%%EOF\n", minutes
            ).items()
            if name.endswith(("minutes.pdf", "minutes.json"))
        }
        for name, data in printed.items():
            recorder.put(name, data)
        recorder.append(
            "minutes.printed", {"election": eid, "round": 1, "files": file_hashes(printed)}
        )
        recorder.commit()
        confirmed = True
        snap()  # 6: confirmed, minutes printed
        recorder.append(
            "export", {"by": "hung", "at": "2025-07-11T10:05:00+07:00", "what": "bundle.zip"}
        )
        recorder.commit()
        snap()  # 7
        if reopen:
            recorder.append(
                "reopened",
                {
                    "election": eid,
                    "round": 1,
                    "by": "hung",
                    "at": "2025-07-11T11:00:00+07:00",
                    "reason": "đếm lại lô B",
                },
            )
            recorder.commit()
            confirmed = False
            snap()  # 8: no round stands confirmed
    return snaps


ELECTION_ID = "q1-bithu-2025"
