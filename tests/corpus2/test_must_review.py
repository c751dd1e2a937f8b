"""Known hard pages of corpus2 that must keep going to the counting committee (issue 10).

Each page in ``bench/corpus2/must_review.json`` was once counted silently; it is made again from
its class, seed and index, written as its scanner writes it and read by the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.corpus2 import generate as g
from bench.corpus2.degrade import encode

from daihoi.files.public import load_election
from daihoi.scan.images import PageImage, read_pages
from daihoi.scan.reader import read_page

REPO = Path(__file__).resolve().parents[2]
PAGES = json.loads((REPO / "bench" / "corpus2" / "must_review.json").read_text("utf-8"))["pages"]


@pytest.fixture(scope="module")
def ballots(tmp_path_factory):
    return g.Ballots(tmp_path_factory.mktemp("printed"))


@pytest.mark.parametrize("hard", PAGES, ids=lambda p: f"{p['class']}-{p['index']}")
def test_a_known_hard_page_goes_to_review(ballots, tmp_path: Path, hard: dict) -> None:
    images, truth, _, _ = g.make_page(ballots, hard["seed"], hard["class"], hard["index"])
    image, scanner = images[0]
    ext, data = encode(image, scanner)
    path = tmp_path / f"{hard['class']}-{hard['index']:04d}.{ext}"
    path.write_bytes(data)
    election = load_election(REPO / "examples" / "q1-bch-2025.yaml")
    pages = [p for p in read_pages(path) if isinstance(p, PageImage)]
    assert len(pages) == 1
    reading = read_page(pages[0], election).reading
    assert truth["status"] in ("review", "invalid"), truth
    assert reading.status.value == hard["status"], (reading.reason, hard["why"])
    if hard["reason"] is not None:
        assert reading.reason == hard["reason"], hard["why"]
