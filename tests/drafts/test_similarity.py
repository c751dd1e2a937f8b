"""Near-duplicate grouping on the labelled Vietnamese pairs, and the cases that must hold."""

from __future__ import annotations

from daihoi.drafts.similarity import GroupIndex, verdict
from daihoi.drafts.text import normalise
from tests.drafts.pairs import load_pairs, measure


def test_the_labelled_set_has_at_least_200_pairs_of_both_kinds() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 200
    assert sum(p.duplicate for p in pairs) >= 90
    assert sum(not p.duplicate for p in pairs) >= 90


def test_grouping_keeps_its_precision_and_recall_floors_on_the_labelled_pairs() -> None:
    precision, recall, *_ = measure(load_pairs())
    assert precision >= 0.90
    assert recall >= 0.95


def test_it_tells_tang_from_tang_with_a_dot() -> None:
    v = verdict("Đề nghị tăng thưởng cho chi bộ", "Đề nghị tặng thưởng cho chi bộ")
    assert not v.same and v.reason == "marks"
    assert normalise("TĂNG, cường!") == "tăng cường"


def test_it_refuses_a_negation_and_a_different_number() -> None:
    assert verdict("Đồng ý với dự thảo.", "Không đồng ý với dự thảo.").reason == "negation"
    assert verdict("Giảm nghèo 1,5% mỗi năm", "Giảm nghèo 2% mỗi năm").reason == "numbers"


def test_the_index_groups_rephrasings_and_keeps_other_subjects_apart() -> None:
    index = GroupIndex()
    first = index.add("Đề nghị bổ sung nội dung về chuyển đổi số trong phần phương hướng.")
    same = index.add("Phần phương hướng cần bổ sung nội dung về chuyển đổi số.")
    other = index.add("Đề nghị quan tâm đào tạo nghề cho thanh niên nông thôn.")
    assert first == same != other
    assert index.sizes == [2, 1]
