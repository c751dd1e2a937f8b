"""Class 6: the contract is "extended, never broken: a reader must accept keys it does not
know". Signed bundles with unknown keys must verify (controls of the refusals above), and
what the summary says must come from what was checked."""

from __future__ import annotations

import json
from pathlib import Path

import nacl.signing

from tests.adversarial.record._bundle import SAMPLE_FINGERPRINT, Bundle, fingerprint_of, verify
from tests.adversarial.record.conftest import passes, refused

BCH = "rounds/q1-bch-2025-1/"


def test_manifest_unknown_key(sample: Bundle, tmp_path: Path) -> None:
    sample.signed["manifest"]["note"] = "bản sao cho Ban Tổ chức"
    sample.resign_manifest()
    passes(verify(sample.write_zip(tmp_path / "b.zip"), "--key", SAMPLE_FINGERPRINT))


def test_log_entry_data_unknown_key(sample: Bundle, tmp_path: Path) -> None:
    """export and results.confirmed may carry more keys than listed."""
    sample.entries[-1]["data"]["copies"] = 2  # the export
    sample.entries[12]["data"]["note"] = "x"
    passes(verify(sample.forge().write_zip(tmp_path / "b.zip")))


def test_results_unknown_key(sample: Bundle, tmp_path: Path) -> None:
    for name in ("results.json", "minutes.json"):
        r = sample.json(BCH + name)
        r["future_field"] = {"x": 1}
        sample.put_json(BCH + name, r)
    passes(verify(sample.forge().write_zip(tmp_path / "b.zip")))


def test_record_unknown_key(sample: Bundle, tmp_path: Path) -> None:
    recs = sample.json(BCH + "records.json")
    recs["records"][0]["registration"]["skew"] = 0.1
    recs["future"] = True
    sample.put_json(BCH + "records.json", recs)
    passes(verify(sample.forge().write_zip(tmp_path / "b.zip")))


def test_records_in_another_writers_form(sample: Bundle, tmp_path: Path) -> None:
    """records.json re-indented (hashed as the bytes it is: any writer's form is fine)."""
    recs = sample.json(BCH + "records.json")
    sample.files[BCH + "records.json"] = json.dumps(recs, indent=1, ensure_ascii=True).encode()
    passes(verify(sample.forge().write_zip(tmp_path / "b.zip")))


def test_second_record_opened_does_not_rename_congress(sample: Bundle, tmp_path: Path) -> None:
    """A second record.opened in the middle naming another congress and key: the summary must
    name entry 1's congress and key (it is what every signature was checked with), or refuse."""
    forger = nacl.signing.SigningKey(bytes(range(32)))
    d = json.loads(json.dumps(sample.entries[0]["data"]))
    d["key"] = bytes(forger.verify_key).hex()
    d["fingerprint"] = fingerprint_of(forger.verify_key)
    d["congress"] = {"id": "gia-mao", "name": "Đại hội giả mạo", "organisation": "Không ai"}
    sample.entries.insert(10, {"kind": "record.opened", "data": d})
    run = verify(sample.forge().write_zip(tmp_path / "b.zip"))
    assert "Traceback" not in run.text
    if run.code == 0:
        assert "giả mạo" not in run.text and d["fingerprint"] not in run.text, run.text
        assert SAMPLE_FINGERPRINT in run.text
    else:
        refused(run)
