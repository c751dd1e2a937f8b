"""Ballot order: Vietnamese A, B, C by given name, then surname, middle name, birth year."""

import unicodedata

from daihoi.engine.election import Candidate
from daihoi.engine.names import ballot_order, normalize_name, split_name, vietnamese_key


def order(*names: str) -> list[str]:
    return [c.name for c in ballot_order(Candidate(n) for n in names)]


def test_it_orders_by_given_name_first():
    assert order("Trần Văn Bình", "Nguyễn Thị An", "Lê Cường") == [
        "Nguyễn Thị An",
        "Trần Văn Bình",
        "Lê Cường",
    ]


def test_it_puts_d_before_dd():
    assert order("Lê Văn Đức", "Trần Văn Dũng", "Phạm Văn Em") == [
        "Trần Văn Dũng",
        "Lê Văn Đức",
        "Phạm Văn Em",
    ]


def test_it_puts_u_before_uw_and_o_before_oo_before_ow():
    assert order("A Ư", "A Uy", "A Vân") == ["A Uy", "A Ư", "A Vân"]
    assert order("A Ơn", "A Ôn", "A On") == ["A On", "A Ôn", "A Ơn"]


def test_it_orders_a_breve_and_circumflex_after_plain_a():
    assert order("B Ân", "B Ăn", "B An", "B Bảo") == ["B An", "B Ăn", "B Ân", "B Bảo"]


def test_letters_compare_before_tones():
    # Tones only break ties between words whose letters are equal: Ánh before Ba, An before Ánh.
    assert order("X Ba", "X Ánh", "X Anh", "X Ảnh") == ["X Anh", "X Ảnh", "X Ánh", "X Ba"]
    assert vietnamese_key("Anh") < vietnamese_key("Ánh") < vietnamese_key("Ba")


def test_tones_follow_the_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    words = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert sorted(reversed(words), key=vietnamese_key) == words


def test_same_given_name_is_ordered_by_surname_then_middle_name():
    assert order("Trần Văn An", "Lê Thị An", "Lê Minh An", "Bùi An") == [
        "Bùi An",
        "Lê Minh An",
        "Lê Thị An",
        "Trần Văn An",
    ]


def test_namesakes_are_ordered_by_birth_year_unknown_last():
    people = [
        Candidate("Nguyễn Văn An", None, "Nguyễn Văn An"),
        Candidate("Nguyễn Văn An", 1980, "Nguyễn Văn An (1980)"),
        Candidate("Nguyễn Văn An", 1970, "Nguyễn Văn An (1970)"),
    ]
    assert [c.label for c in ballot_order(people)] == [
        "Nguyễn Văn An (1970)",
        "Nguyễn Văn An (1980)",
        "Nguyễn Văn An",
    ]


def test_case_does_not_change_the_order():
    assert order("nguyễn văn bình", "TRẦN THỊ AN") == ["TRẦN THỊ AN", "nguyễn văn bình"]


def test_decomposed_input_sorts_like_composed():
    decomposed = unicodedata.normalize("NFD", "Lê Văn Đức")
    assert vietnamese_key(decomposed) == vietnamese_key("Lê Văn Đức")
    assert normalize_name(decomposed) == "Lê Văn Đức"


def test_a_word_with_circumflex_and_tone_is_read_as_one_letter_and_its_tone():
    # "ế" is e + circumflex + acute: the letter ê with the sắc tone.
    assert vietnamese_key("Tế") > vietnamese_key("Tê") > vietnamese_key("Tèo")
    assert vietnamese_key("Tê") > vietnamese_key("Te")


def test_split_name_takes_the_last_word_as_given_name():
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_name("  Hùng  ") == ("", "", "Hùng")


def test_normalize_name_collapses_blanks():
    assert normalize_name("  Trần   Thị\tBình ") == "Trần Thị Bình"
