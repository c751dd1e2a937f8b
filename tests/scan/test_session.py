"""The scan session on its own: pages in, readings out, decisions as values, the count.

No file is read or written here: the pages are images in memory, as a web station would feed
them from its database, and the session is known to keep it that way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.scan.decide import PageStatus
from daihoi.scan.images import PageImage, file_sha256
from daihoi.scan.reader import read_page
from daihoi.scan.readings import reading_from_dict
from daihoi.scan.session import Decision, PageKey, ScanSession
from daihoi_testsupport.synth import Case, Doubt, Scan, Stroke, make_election, render_case

QUIET = Scan(dpi=150, jpeg_quality=None)


@pytest.fixture(scope="module")
def tan_dinh() -> Election:
    """Phường Tân Định: 6 names for 5 seats, and only 5 voters (3 votes elect)."""
    return make_election(303, 6, election_id="tan-dinh-bch", electorate=5)


@dataclass(frozen=True)
class Paper:
    data: bytes  # the file's bytes, as a scanner station uploads them
    page: PageImage

    @property
    def sha256(self) -> str:
        return self.page.sha256


def _paper(election: Election, label: str, case: Case) -> Paper:
    rendered = render_case(case)
    sha = file_sha256(rendered.encoded)
    return Paper(rendered.encoded, PageImage(label, 1, sha, rendered.pixels))


@pytest.fixture(scope="module")
def papers(tan_dinh: Election) -> dict[str, Paper]:
    """Three voters' papers, each striking two names, and one with a doubtful underline."""
    names = tan_dinh.labels
    made = {
        f"lan-{i}": _paper(
            tan_dinh,
            f"lo-1/lan-{i}",
            Case(
                tan_dinh,
                strokes={names[i]: Stroke.STRAIGHT, names[i + 1]: Stroke.STRAIGHT},
                scan=QUIET,
                seed=i,
            ),
        )
        for i in range(3)
    }
    made["nghi-ngo"] = _paper(
        tan_dinh,
        "lo-1/nghi-ngo",
        Case(
            tan_dinh,
            strokes={names[0]: Stroke.STRAIGHT},
            doubts={names[4]: Doubt.UNDERLINE},
            scan=QUIET,
            seed=77,
        ),
    )
    made["quet-lai"] = _paper(  # lan-0's paper scanned again, turned round
        tan_dinh,
        "lo-2/quet-lai",
        Case(
            tan_dinh,
            strokes={names[0]: Stroke.STRAIGHT, names[1]: Stroke.STRAIGHT},
            scan=Scan(dpi=150, jpeg_quality=None, rotation=180, skew=1.0),
            seed=0,
        ),
    )
    return made


def _votes(session: ScanSession) -> dict[str, int]:
    return {line.name: line.votes for line in session.count().candidates}


def test_three_papers_in_memory_are_read_and_counted(
    tan_dinh: Election, papers: dict[str, Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    session = ScanSession(tan_dinh)
    readings = [session.add_page(papers[f"lan-{i}"].page) for i in range(3)]
    names = tan_dinh.labels
    assert [r.status for r in readings] == [PageStatus.VALID] * 3
    assert [r.names_with("struck") for r in readings] == [
        [names[0], names[1]],
        [names[1], names[2]],
        [names[2], names[3]],
    ]
    assert _votes(session) == {
        names[0]: 2,
        names[1]: 1,
        names[2]: 1,
        names[3]: 2,
        names[4]: 3,
        names[5]: 3,
    }
    result = session.count()
    assert list(result.elected) == [names[4], names[5]]  # 3 of 5 voters: more than half
    document = session.results_document()
    assert [r["source"] for r in document["readings"]] == ["lo-1/lan-0", "lo-1/lan-1", "lo-1/lan-2"]
    assert document["ballots"]["counted"] == 3
    assert parse_election(document["scan"]["election_file"], "nhúng") == tan_dinh
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere


def test_a_page_is_known_by_its_bytes_not_its_name(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    """The same upload under two labels: the second is a copy, rejected and never counted."""
    first, second = ScanSession(tan_dinh), ScanSession(tan_dinh)
    paper = papers["lan-0"]
    first.add_page(paper.page)
    again = first.add_page(PageImage("lo-9/ban-sao", 1, paper.sha256, paper.page.pixels))
    assert again.status is PageStatus.REJECTED and again.reason == "duplicate_page"
    assert again.duplicate_of == {"source": "lo-1/lan-0", "page": 1}
    assert [key for key, _ in first.items()] == [
        PageKey(paper.sha256, 1, 0),
        PageKey(paper.sha256, 1, 1),
    ]
    assert first.count().counted == 1
    # Another label, the same page: the same key and the same count.
    second.add_page(PageImage("khac", 1, paper.sha256, paper.page.pixels))
    assert [key for key, _ in second.items()] == [PageKey(paper.sha256, 1, 0)]
    assert _votes(second) == _votes(first)


def test_the_same_paper_scanned_again_goes_to_the_committee(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    session = ScanSession(tan_dinh)
    session.add_page(papers["lan-0"].page)
    session.add_page(papers["lan-1"].page)
    again = session.add_page(papers["quet-lai"].page)
    assert (again.status, again.reason) == (PageStatus.REVIEW, "duplicate_page")
    assert again.duplicate_of == {"source": "lo-1/lan-0", "page": 1}
    assert session.count().outcome.value == "pending_review"


def test_a_page_read_by_another_process_is_checked_the_same_way(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    by_page, by_result = ScanSession(tan_dinh), ScanSession(tan_dinh)
    for name in ("lan-0", "lan-1", "quet-lai"):
        by_page.add_page(papers[name].page)
        by_result.add_result(read_page(papers[name].page, tan_dinh))
    assert by_page.results_document() == by_result.results_document()


def test_file_bytes_are_decoded_and_a_broken_file_is_a_rejected_page(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    session = ScanSession(tan_dinh)
    [good] = session.add_file(papers["lan-2"].data, "lo-1/lan-2.png")
    [broken] = session.add_file(b"\xff\xd8\xff\xe0 cut short", "lo-1/hong.jpg")
    assert good.status is PageStatus.VALID and good.sha256 == papers["lan-2"].sha256
    assert (broken.status, broken.reason) == (PageStatus.REJECTED, "unreadable_file")
    assert "hỏng" in (broken.detail or "")
    assert session.count().counted == 1


def test_the_committee_decides_a_doubtful_page_and_the_count_is_final(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    session = ScanSession(tan_dinh)
    for i in range(3):
        session.add_page(papers[f"lan-{i}"].page)
    doubtful = session.add_page(papers["nghi-ngo"].page)
    assert (doubtful.status, doubtful.reason) == (PageStatus.REVIEW, "unclear_mark")
    assert session.count().outcome.value == "pending_review"
    names = tan_dinh.labels
    key = PageKey(papers["nghi-ngo"].sha256, 1)
    session.apply_decisions(
        [Decision(key, "valid", struck=(names[0], names[4]), record={"by": "Lê Văn Hùng"})]
    )
    decided = session.find(key)
    assert decided is not None and decided.status is PageStatus.VALID
    assert decided.names_with("struck") == [names[0], names[4]]
    assert decided.machine == {"status": "review", "reason": "unclear_mark"}
    assert decided.decision == {
        "decision": "valid",
        "struck": [names[0], names[4]],
        "by": "Lê Văn Hùng",
    }
    assert session.count().outcome.value != "pending_review"
    assert _votes(session)[names[5]] == 4


def test_a_refused_decision_leaves_every_page_as_it_was(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    session = ScanSession(tan_dinh)
    session.add_page(papers["lan-0"].page)
    session.add_page(papers["nghi-ngo"].page)
    before = session.results_document()
    good = Decision(PageKey(papers["nghi-ngo"].sha256, 1), "invalid", reason="other_marks")
    where = Location(field="decisions[2]")
    refusals = [
        (Decision(PageKey("0" * 64, 1), "valid", where=where), "không có trang 1"),
        (Decision(good.page, "invalid", where=where), "được quyết định hai lần"),
        (Decision(PageKey(papers["lan-0"].sha256, 1), "có lẽ", where=where), "không hợp lệ"),
        (
            Decision(PageKey(papers["lan-0"].sha256, 1), "valid", struck=("Ai Đó",), where=where),
            "tên không có trên phiếu",
        ),
        (Decision(PageKey(papers["lan-0"].sha256, 1), "invalid", where=where), "cần lý do"),
    ]
    for refused, complaint in refusals:
        with pytest.raises(InputError, match=complaint) as caught:
            session.apply_decisions([good, refused])
        assert caught.value.location.field == "decisions[2]"
        assert session.results_document() == before


def test_readings_taken_back_from_storage_count_as_they_were(
    tan_dinh: Election, papers: dict[str, Paper]
) -> None:
    """A web station stores each reading and builds the session again from them."""
    session = ScanSession(tan_dinh)
    for name in ("lan-0", "lan-1", "nghi-ngo", "quet-lai"):
        session.add_page(papers[name].page)
    stored = [r.to_dict(with_fingerprint=True) for r in session.readings()]
    again = ScanSession(tan_dinh)
    for item in stored:
        again.restore(reading_from_dict(item))
    assert again.results_document() == session.results_document()
    # A restored page is still known: its bytes given once more are a copy, not a new paper.
    copy = again.add_page(papers["lan-1"].page)
    assert (copy.status, copy.reason) == (PageStatus.REJECTED, "duplicate_page")
    assert len(again) == 5
    assert os.path.basename(copy.source) == "lan-1"
