"""Double entry: the same ballots typed on several computers must agree, ballot by ballot."""

from daihoi.engine.ballot import MarkGrid
from daihoi.engine.doubleentry import compare_entries

AN, BINH = "Nguyễn Văn An", "Trần Thị Bình"


def test_identical_entries_agree_even_with_columns_in_another_order():
    first = MarkGrid((AN, BINH), ["1", "2"], ["KS", "SK"])
    second = MarkGrid((BINH, AN), ["2", "1"], ["KS", "SK"])
    assert compare_entries([("a.csv", first), ("b.csv", second)]) == []


def test_every_differing_cell_and_missing_ballot_is_listed():
    first = MarkGrid((AN, BINH), ["1", "2", "3"], ["KS", "SK", "KK"], {2: "not_issued"})
    second = MarkGrid((AN, BINH), ["1", "2", "4"], ["KK", "SK", "KK"])
    differences = compare_entries([("a.csv", first), ("b.csv", second)])
    assert [(d.ballot_id, d.missing_from) for d in differences] == [
        ("1", ()),
        ("3", ("b.csv",)),
        ("4", ("a.csv",)),
    ]
    cell = differences[0].cells[0]
    assert (cell.column, cell.values) == (BINH, ("S", "K"))


def test_a_different_committee_ruling_is_a_difference():
    first = MarkGrid((AN,), ["1"], ["K"], {0: "other_marks"})
    second = MarkGrid((AN,), ["1"], ["K"])
    third = MarkGrid((AN,), ["1"], ["K"], {0: "other_marks"})
    (difference,) = compare_entries([("a", first), ("b", second), ("c", third)])
    assert difference.cells[0].column == "invalid"
    assert difference.cells[0].values == ("other_marks", "", "other_marks")
