from daihoi.web.core.services import natural_key


def test_it_orders_numbers_by_value_and_words_the_vietnamese_way():
    names = [
        "Tổ công tác số 10",
        "Tổ công tác số 2",
        "Đoàn kiểm tra số 1",
        "Tổ công tác số 1",
        "Dân vận",
        "Tổ công tác số 1 — Hà Nam",
    ]
    assert sorted(names, key=natural_key) == [
        "Dân vận",
        "Đoàn kiểm tra số 1",
        "Tổ công tác số 1",
        "Tổ công tác số 1 — Hà Nam",
        "Tổ công tác số 2",
        "Tổ công tác số 10",
    ]
