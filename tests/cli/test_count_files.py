"""daihoi.files: atomic writes, text decoding and the YAML of a next round."""

from __future__ import annotations

import pytest

from daihoi.engine.errors import InputError
from daihoi.files import decode_text, election_yaml, load_election, write_atomic


def test_write_atomic_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "ketqua.json"
    target.write_text("cũ", encoding="utf-8")
    write_atomic(target, "mới".encode())
    assert target.read_text(encoding="utf-8") == "mới"
    assert [p.name for p in tmp_path.iterdir()] == ["ketqua.json"]


def test_write_atomic_into_a_missing_folder_is_bad_input(tmp_path):
    with pytest.raises(InputError) as caught:
        write_atomic(tmp_path / "khong-co" / "ketqua.json", b"{}")
    assert "khong-co" in str(caught.value.location.file)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "ketqua.json"
    target.write_text("cũ", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("daihoi.files.atomic.os.replace", broken_replace)
    with pytest.raises(InputError) as caught:
        write_atomic(target, b"new")
    assert "disk full" in caught.value.message
    assert target.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["ketqua.json"]


def test_utf16_without_bom_is_recognised_by_its_zero_bytes():
    text = "ballot\tNguyễn Văn An\n1\tx\n"
    assert decode_text(text.encode("utf-16-le"), "a.csv") == (text, "utf-16-le")
    assert decode_text(text.encode("utf-16-be"), "a.csv") == (text, "utf-16-be")


def test_the_yaml_of_an_election_reads_back_as_the_same_election(tmp_path):
    data = {
        "id": "q1-bch-2025",
        "title": "Bầu Ban Chấp hành",
        "body": "committee",
        "seats": 1,
        "round": 2,
        "rules": {"preset": "party", "threshold_base": "valid"},
        "electorate": 31,
        "candidates": [{"name": "Nguyễn Văn An", "born": 1970}, "Trần Thị Bình"],
        "elected_before": [{"name": "Lê Văn Đức", "round": 1, "status": "elected"}],
    }
    path = tmp_path / "vong2.yaml"
    path.write_text(election_yaml(data), encoding="utf-8")
    assert "Nguyễn Văn An" in path.read_text(encoding="utf-8")  # readable, not escaped
    election = load_election(path)
    assert election.round == 2
    assert election.labels == ("Nguyễn Văn An", "Trần Thị Bình")
    assert election.elected_before[0].name == "Lê Văn Đức"


def test_an_empty_election_file_is_refused(tmp_path):
    path = tmp_path / "rong.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_election(path)
    assert caught.value.location.file == str(path)


def test_read_ballot_list_gives_ballots_with_marks_and_rulings(tmp_path):
    from daihoi.engine.ballot import Mark
    from daihoi.files import read_ballot_list

    election_file = tmp_path / "bithu.yaml"
    election_file.write_text(
        "id: bithu\ntitle: Bầu Bí thư\nbody: secretary\nseats: 1\nrules: party\n"
        "electorate: 9\ncandidates: [Trần Thị Bình]\n",
        encoding="utf-8",
    )
    ballots_file = tmp_path / "p.csv"
    ballots_file.write_text(
        "ballot,Trần Thị Bình,invalid\n1,y,\n2,n,\n3,yn,\n4,,\n5,y,other_marks\n",
        encoding="utf-8",
    )
    ballots = read_ballot_list(ballots_file, load_election(election_file))
    assert [(b.id, b.marks["Trần Thị Bình"], b.ruling) for b in ballots] == [
        ("1", Mark.AGREE, None),
        ("2", Mark.DISAGREE, None),
        ("3", Mark.BOTH, None),
        ("4", Mark.NEITHER, None),
        ("5", Mark.AGREE, "other_marks"),
    ]


def test_writing_onto_a_folder_is_bad_input(tmp_path):
    with pytest.raises(InputError) as caught:
        write_atomic(tmp_path, b"{}")
    assert "thư mục" in caught.value.message
