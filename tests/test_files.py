"""Reading JSON and YAML into data, or into an InputError that says what and where."""

from __future__ import annotations

import pytest

from daihoi.engine.errors import InputError
from daihoi.files import RESULTS_FILE, load_data, load_results, parse_json, read_json
from daihoi.minutes.output import read_results_for_minutes


def test_it_names_the_line_and_the_column_of_broken_json() -> None:
    with pytest.raises(InputError) as caught:
        parse_json('{"election": "x",\n  "round": }', "ketqua.json")
    assert caught.value.location.file == "ketqua.json"
    assert caught.value.location.row == 2
    assert "JSON không hợp lệ" in caught.value.message and "cột 12" in caught.value.message


def test_it_says_which_kind_of_file_the_broken_json_is_not() -> None:
    with pytest.raises(InputError, match=f"không phải {RESULTS_FILE} \\(JSON không hợp lệ"):
        parse_json("[1, 2", "ketqua.json", expected=RESULTS_FILE)


@pytest.mark.parametrize("name", ["ketqua.json", "bau.json"])
def test_it_refuses_json_nested_too_deeply_instead_of_crashing(tmp_path, name) -> None:
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="lồng nhau quá sâu") as caught:
        read_json(path)
    assert caught.value.location.file == str(path)
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        load_data(path)
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        load_results(path)
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        read_results_for_minutes(path)


def test_it_refuses_yaml_nested_too_deeply_instead_of_crashing(tmp_path) -> None:
    path = tmp_path / "bau.yaml"
    path.write_text("[" * 2_000 + "]" * 2_000, encoding="utf-8")
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        load_data(path)


def test_it_reads_the_data_of_good_json(tmp_path) -> None:
    path = tmp_path / "ketqua.json"
    path.write_text('{"election": "Bầu", "round": 1}', encoding="utf-8")
    assert read_json(path) == {"election": "Bầu", "round": 1}
