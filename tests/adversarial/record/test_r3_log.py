"""Class 3: the log cut, reordered, repeated, re-keyed; the manifest's head and key; the
options --key, --head, --partial. Owed (docs/bundle.md, "What daihoi verify checks")."""

from __future__ import annotations

import json
from pathlib import Path

import nacl.signing
import pytest

from tests.adversarial.record._bundle import (
    SAMPLE_FINGERPRINT,
    SAMPLE_ZIP,
    Bundle,
    canonical,
    fingerprint_of,
    sha,
    verify,
)
from tests.adversarial.record.conftest import passes, refused

SAMPLE = Bundle.from_zip()
HEAD = SAMPLE.head
BCH_CONFIRMED = SAMPLE.entries[12]["hash"]  # entry 13: q1-bch-2025 confirmed
OTHER_SEED = bytes(range(32))


def _write(b: Bundle, tmp_path: Path, name: str = "b.zip") -> Path:
    return b.write_zip(tmp_path / name)


# -- --key -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        SAMPLE_FINGERPRINT,
        SAMPLE_FINGERPRINT.upper(),
        SAMPLE_FINGERPRINT.replace("-", ""),
        SAMPLE_FINGERPRINT.replace("-", " "),
        SAMPLE_FINGERPRINT.upper().replace("-", " "),
        " " + SAMPLE_FINGERPRINT + " ",
    ],
)
def test_key_in_any_case_with_or_without_dashes(form: str) -> None:
    passes(verify(SAMPLE_ZIP, "--key", form), SAMPLE_FINGERPRINT)


def test_wrong_key() -> None:
    other = fingerprint_of(nacl.signing.SigningKey(OTHER_SEED).verify_key)
    refused(verify(SAMPLE_ZIP, "--key", other), other)


def test_key_one_digit_off() -> None:
    fp = SAMPLE_FINGERPRINT[:-1] + ("0" if SAMPLE_FINGERPRINT[-1] != "0" else "1")
    refused(verify(SAMPLE_ZIP, "--key", fp))


@pytest.mark.parametrize("bad", ["", "xyz", "2260-0cc6", "2260-0cc6-1655-1e39-0000"])
def test_key_malformed(bad: str) -> None:
    """Not a fingerprint: refused (2: bad input, or 3: not this key), never a pass."""
    run = verify(SAMPLE_ZIP, "--key", bad)
    assert "Traceback" not in run.text and run.code in (2, 3), run


def test_whole_log_resigned_by_another_key(sample: Bundle, tmp_path: Path) -> None:
    """A forger's key replaces the station's in entry 1, the whole log and the manifest
    re-signed: it verifies on its own and names the forger's fingerprint; --key of the station
    refuses it."""
    forger = nacl.signing.SigningKey(OTHER_SEED)
    sample.key = forger
    opened = sample.entries[0]["data"]
    opened["key"] = bytes(forger.verify_key).hex()
    opened["fingerprint"] = fingerprint_of(forger.verify_key)
    sample.signed["manifest"]["key"] = opened["key"]
    sample.signed["manifest"]["fingerprint"] = opened["fingerprint"]
    path = _write(sample.forge(), tmp_path)
    run = verify(path)
    passes(run, opened["fingerprint"])
    assert SAMPLE_FINGERPRINT not in run.text
    refused(verify(path, "--key", SAMPLE_FINGERPRINT), SAMPLE_FINGERPRINT)


def test_opened_fingerprint_lies_about_key(sample: Bundle, tmp_path: Path) -> None:
    """Entry 1 carries the forger's key but the station's fingerprint (the manifest too):
    --key of the station must still refuse, and no summary may print the station's
    fingerprint for the forger's key."""
    forger = nacl.signing.SigningKey(OTHER_SEED)
    sample.key = forger
    opened = sample.entries[0]["data"]
    opened["key"] = bytes(forger.verify_key).hex()
    sample.signed["manifest"]["key"] = opened["key"]
    path = _write(sample.forge(), tmp_path)
    run = verify(path, "--key", SAMPLE_FINGERPRINT)
    assert run.code != 0, run.text
    run = verify(path)
    assert run.code != 0 or SAMPLE_FINGERPRINT not in run.text, run.text
    assert "Traceback" not in run.text


def test_manifest_signed_by_another_key(sample: Bundle, tmp_path: Path) -> None:
    """The log genuine; the manifest names and is signed by the forger's key."""
    forger = nacl.signing.SigningKey(OTHER_SEED)
    sample.signed["manifest"]["key"] = bytes(forger.verify_key).hex()
    sample.signed["manifest"]["fingerprint"] = fingerprint_of(forger.verify_key)
    sample.signed["signature"] = forger.sign(
        b"daihoi-record-manifest/1\n" + canonical(sample.signed["manifest"])
    ).signature.hex()
    refused(verify(_write(sample, tmp_path)), "manifest")


def test_manifest_of_another_congress(sample: Bundle, tmp_path: Path) -> None:
    sample.signed["manifest"]["congress"] = dict(
        sample.signed["manifest"]["congress"], id="q2-2025"
    )
    sample.resign_manifest()
    refused(verify(_write(sample, tmp_path)), "manifest")


def test_log_signed_for_another_congress(sample: Bundle, tmp_path: Path) -> None:
    """Each head signed for congress q2-2025 while entry 1 names q1-2025."""
    sample.congress = "q2-2025"
    sample.rechain()
    sample.remanifest()
    refused(verify(_write(sample, tmp_path)), "1")


# -- --head ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        HEAD,
        HEAD.upper(),
        " ".join(HEAD[i : i + 8] for i in range(0, 64, 8)),
        "  " + HEAD + "\n",
    ],
)
def test_head_forms_accepted(form: str) -> None:
    """The whole hash, upper case, eight groups of eight as printed."""
    passes(verify(SAMPLE_ZIP, "--head", form), HEAD[:12])


@pytest.mark.parametrize("form", [HEAD[:12], HEAD[:20], HEAD[:63]])
def test_head_prefix_refused_as_bad_input(form: str) -> None:
    """A prefix is refused (a forger with the station's key could grind a head with the same
    prefix): bad input, exit 2 (design change by the lead; was: a prefix of 12 accepted)."""
    refused(verify(SAMPLE_ZIP, "--head", form), "--head", code=2)


def test_head_of_an_earlier_entry() -> None:
    """The head printed in the committee's minutes (entry 13), the log gone on since."""
    passes(verify(SAMPLE_ZIP, "--head", BCH_CONFIRMED))


def test_head_prefix_too_short() -> None:
    run = verify(SAMPLE_ZIP, "--head", HEAD[:11])
    assert "Traceback" not in run.text and run.code in (2, 3), run


def test_head_not_hex() -> None:
    run = verify(SAMPLE_ZIP, "--head", "z" * 64)
    assert "Traceback" not in run.text and run.code in (2, 3), run


def test_head_of_nothing() -> None:
    refused(verify(SAMPLE_ZIP, "--head", sha(b"nothing")))


def test_head_is_a_prev_of_entry_one() -> None:
    """64 zeros is the `prev` of entry 1, not a head."""
    refused(verify(SAMPLE_ZIP, "--head", "0" * 64))


def test_head_is_a_file_hash() -> None:
    """A hash that is in the bundle (a file's, a definition's) but is no entry's hash."""
    refused(verify(SAMPLE_ZIP, "--head", SAMPLE.entries[1]["data"]["definition"]))


def test_head_is_a_signature_prefix() -> None:
    refused(verify(SAMPLE_ZIP, "--head", SAMPLE.entries[5]["sig"][:64]))


@pytest.mark.slow
def test_head_of_another_congress(station: Bundle) -> None:
    refused(verify(SAMPLE_ZIP, "--head", station.head))


# -- cut, reordered, repeated ----------------------------------------------------------------


def test_entries_after_manifest_head(sample: Bundle, tmp_path: Path) -> None:
    """A signed entry after the manifest's head: incomplete at the sample's last entry (20
    since the minutes are logged, minutes.printed); --partial passes."""
    sample.entries.append(
        {"kind": "export", "data": {"at": "2025-07-11T10:06:00+07:00", "by": "hung", "what": "usb"}}
    )
    sample.rechain()
    path = _write(sample, tmp_path)
    refused(verify(path), str(len(SAMPLE.entries)), "chưa trọn vẹn")
    passes(verify(path, "--partial"), "dở dang")


def test_torn_last_line(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    files["log.jsonl"] += b'{"data":{"at":"2025-07-11T10:06:00+07:00","by":"hu'
    import zipfile

    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n, d in files.items():
            z.writestr(n, d)
    refused(verify(path), str(len(SAMPLE.entries)), "chưa trọn vẹn")
    passes(verify(path, "--partial"), "dở dang")


def test_torn_line_in_the_middle(sample: Bundle, tmp_path: Path) -> None:
    """A line without its JSON end that is NOT the last: not a torn last line, a broken log."""
    files = sample.all_files()
    lines = files["log.jsonl"].splitlines(keepends=True)
    lines[9] = lines[9][:40] + b"\n"
    files["log.jsonl"] = b"".join(lines)
    import zipfile

    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n, d in files.items():
            z.writestr(n, d)
    refused(verify(path), "10")
    run = verify(path, "--partial")
    refused(run, "10")


def test_log_cut_short_manifest_kept(sample: Bundle, tmp_path: Path) -> None:
    """The log cut after entry 13 (a genuine signed head), the manifest still at 18: cut
    short, with or without --partial (the secretary election's files have no log)."""
    sample.entries = sample.entries[:13]
    path = _write(sample, tmp_path)
    refused(verify(path))
    refused(verify(path, "--partial"))


def test_log_rolled_back_to_earlier_head(sample: Bundle, tmp_path: Path) -> None:
    """The bundle rolled back to its state at entry 13 (the secretary election dropped),
    re-signed: consistent alone; the head printed in the secretary's minutes catches it.
    (Entry 14 since the minutes are logged: the committee's minutes.printed.)"""
    sample.entries = sample.entries[:14]
    for name in list(sample.files):
        if name.startswith("rounds/q1-bithu-2025-1/"):
            del sample.files[name]
    sample.remanifest()
    path = _write(sample, tmp_path)
    passes(verify(path))
    passes(verify(path, "--head", BCH_CONFIRMED))
    refused(verify(path, "--head", SAMPLE.entries[16]["hash"]))
    refused(verify(path, "--head", HEAD))


def test_last_entry_removed_and_resigned(sample: Bundle, tmp_path: Path) -> None:
    del sample.entries[-1]
    path = _write(sample.forge(), tmp_path)
    passes(verify(path))
    refused(verify(path, "--head", HEAD), HEAD[:12])


def test_decision_entry_removed_and_resigned(sample: Bundle, tmp_path: Path) -> None:
    """Lan's decision on a page removed from the log, re-chained: the record still has it."""
    del sample.entries[5]
    refused(verify(_write(sample.forge(), tmp_path)), "0d4af350bb56")


def test_round_created_removed(sample: Bundle, tmp_path: Path) -> None:
    del sample.entries[
        next(
            i
            for i, e in enumerate(sample.entries)
            if i and e["kind"] == "round.created" and e["data"]["election"] == "q1-bithu-2025"
        )
    ]
    refused(verify(_write(sample.forge(), tmp_path)), "q1-bithu-2025")


def test_pages_read_totals_reordered(sample: Bundle, tmp_path: Path) -> None:
    """pages.read 10/10, 10/20 swapped to 10/20, 10/10: a total that goes down."""
    sample.entries[2], sample.entries[3] = sample.entries[3], sample.entries[2]
    refused(verify(_write(sample.forge(), tmp_path)))


def test_pages_read_total_not_running_sum(sample: Bundle, tmp_path: Path) -> None:
    """pages 10 each, totals 10, 25, 30: a total that is not the pages read so far."""
    sample.entries[3]["data"]["total"] = 25
    refused(verify(_write(sample.forge(), tmp_path)))


def test_pages_read_with_extra_key(sample: Bundle, tmp_path: Path) -> None:
    """pages.read carries exactly election, round, pages, total: a `pages` list (which pages)
    would break the secrecy of scan order."""
    sample.entries[2]["data"]["which"] = ["0d4af350bb56d11b"]
    refused(verify(_write(sample.forge(), tmp_path)), "3")


def test_confirmation_before_results_exist(sample: Bundle, tmp_path: Path) -> None:
    """results.confirmed moved before the last pages.read of its round."""
    e = sample.entries.pop(12)
    sample.entries.insert(3, e)
    refused(verify(_write(sample.forge(), tmp_path)))


def test_decision_after_confirmation_without_reopening(sample: Bundle, tmp_path: Path) -> None:
    """station.md: once confirmed, no decision changes. A member's decision (the same ruling
    again) appended after the confirmation, no `reopened`."""
    d = json.loads(json.dumps(sample.entries[5]["data"]))
    d["at"] = "2025-07-10T16:30:00+07:00"
    sample.entries.insert(13, {"kind": "review.decision", "data": d})
    recs = sample.json("rounds/q1-bch-2025-1/records.json")
    for r in recs["records"]:
        if r["image"]["sha256"] == d["page"]["sha256"]:
            r["decisions"][0]["at"] = d["at"]
            r["decisions"].sort(key=lambda x: x["at"])
    sample.put_json("rounds/q1-bch-2025-1/records.json", recs)
    refused(verify(_write(sample.forge(), tmp_path)))


def test_duplicate_log_line(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    lines = files["log.jsonl"].splitlines(keepends=True)
    lines.insert(5, lines[4])
    files["log.jsonl"] = b"".join(lines)
    import zipfile

    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n, d in files.items():
            z.writestr(n, d)
    refused(verify(path), "6")


def test_numbering_skips(sample: Bundle, tmp_path: Path) -> None:
    """Entries numbered 1, 2, 4, 5 … and each signed for its number: numbered from 1."""
    sample.rechain()
    for e in sample.entries[2:]:
        e["n"] += 1
    sample.rechain(renumber=False)
    sample.remanifest()
    refused(verify(_write(sample, tmp_path)), "3")


def test_numbering_from_zero(sample: Bundle, tmp_path: Path) -> None:
    for e in sample.entries:
        e["n"] -= 1
    sample.rechain(renumber=False)
    sample.remanifest()
    refused(verify(_write(sample, tmp_path)))


def test_first_entry_not_record_opened(sample: Bundle, tmp_path: Path) -> None:
    """An export entry put before record.opened, all re-signed."""
    sample.entries.insert(
        0,
        {
            "kind": "export",
            "data": {"at": "2025-07-10T08:00:00+07:00", "by": "hung", "what": "usb"},
        },
    )
    refused(verify(_write(sample.forge(), tmp_path)))


def test_second_record_opened(sample: Bundle, tmp_path: Path) -> None:
    """A second record.opened in the middle naming another key: only entry 1 names the key."""
    forger = nacl.signing.SigningKey(OTHER_SEED)
    d = json.loads(json.dumps(sample.entries[0]["data"]))
    d["key"] = bytes(forger.verify_key).hex()
    d["fingerprint"] = fingerprint_of(forger.verify_key)
    sample.entries.insert(10, {"kind": "record.opened", "data": d})
    run = verify(_write(sample.forge(), tmp_path))
    print(run.text)
    refused(run)


def test_unknown_kind_entry(sample: Bundle, tmp_path: Path) -> None:
    """An entry of a kind the contract does not know, properly signed: either accepted as an
    extension or refused, never a crash."""
    sample.entries.insert(17, {"kind": "zz.future", "data": {"x": 1}})
    run = verify(_write(sample.forge(), tmp_path))
    assert "Traceback" not in run.text and run.code in (0, 3), run


def test_manifest_head_hash_of_other_entry(sample: Bundle, tmp_path: Path) -> None:
    sample.signed["manifest"]["head"] = {"hash": sample.entries[16]["hash"], "n": 18}
    sample.resign_manifest()
    refused(verify(_write(sample, tmp_path)), "manifest")


def test_manifest_head_beyond_log(sample: Bundle, tmp_path: Path) -> None:
    sample.signed["manifest"]["head"] = {"hash": sha(b"x"), "n": 19}
    sample.resign_manifest()
    refused(verify(_write(sample, tmp_path)))
    refused(verify(_write(sample, tmp_path, "c.zip"), "--partial"))


def test_manifest_head_n_as_string(sample: Bundle, tmp_path: Path) -> None:
    sample.signed["manifest"]["head"]["n"] = "18"
    sample.resign_manifest()
    refused(verify(_write(sample, tmp_path)), "manifest")


def test_manifest_head_n_as_bool_and_float(sample: Bundle, tmp_path: Path) -> None:
    """The head at n 18.0: JSON numbers that compare equal to 18 in Python but are not the
    integer 18."""
    sample.signed["manifest"]["head"]["n"] = 18.0
    sample.resign_manifest()
    refused(verify(_write(sample, tmp_path)), "manifest")
