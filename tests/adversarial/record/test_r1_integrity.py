"""Class 1: the bytes of a valid bundle changed without the key (a careless hand, a bad USB
stick, a forger without the station's key). Owed: exit 3 naming the file or the log entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adversarial.record._bundle import SAMPLE_FINGERPRINT, SAMPLE_ZIP, Bundle, sha, verify
from tests.adversarial.record.conftest import passes, refused

FILES = [
    "manifest.json",
    "log.jsonl",
    "rounds/q1-bch-2025-1/election.json",
    "rounds/q1-bch-2025-1/records.json",
    "rounds/q1-bch-2025-1/manual.json",
    "rounds/q1-bch-2025-1/results.json",
    "rounds/q1-bch-2025-1/minutes.json",
    "rounds/q1-bch-2025-1/minutes.pdf",
    "rounds/q1-bithu-2025-1/manual.json",
    "rounds/q1-bithu-2025-1/records.json",
    "rounds/q1-bithu-2025-1/results.json",
    "rounds/q1-bithu-2025-1/minutes.pdf",
]


def test_control_sample_passes() -> None:
    """Control: the published sample verifies, with its fingerprint."""
    passes(verify(SAMPLE_ZIP, "--key", SAMPLE_FINGERPRINT), SAMPLE_FINGERPRINT, "q1-2025")


def test_control_forger_helper_reproduces_sample(sample: Bundle, tmp_path: Path) -> None:
    """Control of the harness: re-signing the unchanged sample gives the same bytes."""
    forged = sample.copy().forge()
    assert forged.zip_bytes() and forged.log_bytes() == sample.log_bytes()
    passes(verify(forged.write_zip(tmp_path / "b.zip"), "--key", SAMPLE_FINGERPRINT))


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("where", [0.0, 0.5, 0.999])
def test_one_byte_changed(sample: Bundle, tmp_path: Path, name: str, where: float) -> None:
    """One byte of one file changed (+1): refused, naming the file (or the log)."""
    files = sample.all_files()
    data = bytearray(files[name])
    i = min(int(len(data) * where), len(data) - 2)
    data[i] = (data[i] + 1) % 256
    files[name] = bytes(data)
    path = _zip_of(files, tmp_path / "b.zip")
    run = verify(path)
    refused(run, "log.jsonl" if name == "log.jsonl" else name)


def _zip_of(files: dict[str, bytes], path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for n, d in files.items():
            z.writestr(n, d)
    return path


def test_results_edited_without_key(sample: Bundle, tmp_path: Path) -> None:
    """A vote changed in results.json, manifest hash updated, not re-signed."""
    name = "rounds/q1-bch-2025-1/results.json"
    r = sample.json(name)
    r["candidates"][0]["votes"] += 1
    sample.put_json(name, r)
    sample.signed["manifest"]["files"][name] = {
        "sha256": sha(sample.files[name]),
        "size": len(sample.files[name]),
    }
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "manifest")


def test_manifest_reindented(sample: Bundle, tmp_path: Path) -> None:
    """The manifest re-indented (same JSON value): refused, every byte counts."""
    files = sample.all_files()
    files["manifest.json"] = json.dumps(
        json.loads(files["manifest.json"]), indent=2, ensure_ascii=False
    ).encode()
    refused(verify(_zip_of(files, tmp_path / "b.zip")), "manifest.json")


def test_log_line_not_canonical(sample: Bundle, tmp_path: Path) -> None:
    """A log line re-serialised with spaces (same JSON value): refused, naming the entry."""
    files = sample.all_files()
    lines = files["log.jsonl"].splitlines(keepends=True)
    lines[4] = (
        json.dumps(json.loads(lines[4]), ensure_ascii=False, sort_keys=True) + "\n"
    ).encode()
    files["log.jsonl"] = b"".join(lines)
    refused(verify(_zip_of(files, tmp_path / "b.zip")), "5")


def test_log_with_crlf(sample: Bundle, tmp_path: Path) -> None:
    """The log passed through a Windows editor (CRLF): not canonical lines."""
    files = sample.all_files()
    files["log.jsonl"] = files["log.jsonl"].replace(b"\n", b"\r\n")
    refused(verify(_zip_of(files, tmp_path / "b.zip")), "log.jsonl")


def test_log_with_bom(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    files["log.jsonl"] = b"\xef\xbb\xbf" + files["log.jsonl"]
    refused(verify(_zip_of(files, tmp_path / "b.zip")), "log.jsonl")


def test_log_blank_line_inserted(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    lines = files["log.jsonl"].splitlines(keepends=True)
    lines.insert(5, b"\n")
    files["log.jsonl"] = b"".join(lines)
    refused(verify(_zip_of(files, tmp_path / "b.zip")), "log.jsonl")


def test_signature_of_other_position(sample: Bundle, tmp_path: Path) -> None:
    """Entry 4's signature replaced by entry 3's (both genuine): bound to the position."""
    sample.entries[3]["sig"] = sample.entries[2]["sig"]
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "4")


def test_manifest_signature_flipped(sample: Bundle, tmp_path: Path) -> None:
    sig = sample.signed["signature"]
    sample.signed["signature"] = ("1" if sig[0] == "0" else "0") + sig[1:]
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "manifest")


def test_manifest_signature_uppercase(sample: Bundle, tmp_path: Path) -> None:
    """The same signature in upper-case hex: the manifest is not in its exact form."""
    sample.signed["signature"] = sample.signed["signature"].upper()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "manifest")


def test_log_hash_uppercase(sample: Bundle, tmp_path: Path) -> None:
    """Entry 2's hash written in upper case (and entry 3's prev): the chain names a hash
    that is not the recomputed one."""
    sample.entries[1]["hash"] = sample.entries[1]["hash"].upper()
    sample.entries[2]["prev"] = sample.entries[1]["hash"]
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "2")


def test_log_sig_uppercase(sample: Bundle, tmp_path: Path) -> None:
    """Entry 3's signature in upper-case hex: a second byte string for the same signed log."""
    sample.entries[2]["sig"] = sample.entries[2]["sig"].upper()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "3")
