"""The corpus2 runner's scoring: a page the reader said nothing about is never counted right."""

from __future__ import annotations

from bench.corpus2.run import evaluate


def test_a_page_without_a_reading_is_missing_and_noted() -> None:
    page = {
        "class": "ordinary",
        "index": 0,
        "scan_no": 0,
        "seed": 7,
        "file": "a.png",
        "page": 1,
        "truth": {},
        "notes": [],
    }
    stats, notes = evaluate([page], {})
    assert dict(stats["ordinary"]) == {"pages": 1, "missing": 1}
    assert notes == [
        {
            "class": "ordinary",
            "index": 0,
            "seed": 7,
            "file": "a.png",
            "page": 1,
            "kind": "missing",
            "why": "no reading for this page",
        }
    ]
