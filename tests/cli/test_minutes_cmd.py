"""``daihoi minutes results.json --pdf F --docx F``: documents appear whole, or not at all."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from daihoi.cli.main import main
from tests.minutes.scenarios import ben_thanh_committee, ben_thanh_pending


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_writes_the_pdf_and_the_docx_of_a_count(tmp_path, capsys) -> None:
    results = write_json(tmp_path / "ketqua.json", ben_thanh_committee())
    pdf, docx = tmp_path / "out" / "bienban.pdf", tmp_path / "out" / "bienban.docx"
    assert main(["minutes", str(results), "--pdf", str(pdf), "--docx", str(docx)]) == 0
    out = capsys.readouterr().out
    assert str(pdf) in out and str(docx) in out
    text = pdfium.PdfDocument(pdf.read_bytes()).get_page(0).get_textpage().get_text_range()
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    table = Document(io.BytesIO(docx.read_bytes())).tables[1]
    assert table.rows[4].cells[1].text == "Phạm Minh Đức"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bienban.docx", "bienban.pdf"]


def test_it_asks_for_at_least_one_document(tmp_path, capsys) -> None:
    results = write_json(tmp_path / "ketqua.json", ben_thanh_committee())
    assert main(["minutes", str(results)]) == 2
    assert "--pdf" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"election": ', "JSON không hợp lệ"),
        ("[1, 2, 3]", "đối tượng JSON"),
        ('{"id": "x", "title": "Bầu", "candidates": ["A"]}', "tệp cuộc bầu cử"),
        ('{"election": "x", "round": 1}', "“rules”"),
    ],
)
def test_it_refuses_what_is_not_a_results_file_and_writes_nothing(
    tmp_path, capsys, content, says
) -> None:
    results = tmp_path / "ketqua.json"
    results.write_text(content, encoding="utf-8")
    pdf = tmp_path / "bienban.pdf"
    assert main(["minutes", str(results), "--pdf", str(pdf)]) == 2
    err = capsys.readouterr().err
    assert "ketqua.json" in err and says in err
    assert list(tmp_path.iterdir()) == [results]


def test_it_refuses_an_engine_results_file_whose_numbers_do_not_add_up(tmp_path, capsys) -> None:
    data = ben_thanh_committee()
    data["candidates"][0]["votes"] = 300  # more votes than valid ballots
    results = write_json(tmp_path / "ketqua.json", data)
    assert main(["minutes", str(results), "--pdf", str(tmp_path / "b.pdf")]) == 2
    assert "ketqua.json" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_it_refuses_a_missing_results_file(tmp_path, capsys) -> None:
    assert main(["minutes", str(tmp_path / "khong-co.json"), "--pdf", str(tmp_path / "b.pdf")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_it_warns_on_the_terminal_that_a_pending_result_is_not_final(tmp_path, capsys) -> None:
    results = write_json(tmp_path / "ketqua.json", ben_thanh_pending())
    pdf = tmp_path / "bienban.pdf"
    assert main(["minutes", str(results), "--pdf", str(pdf)]) == 0
    assert "KẾT QUẢ CHƯA CHÍNH THỨC" in capsys.readouterr().out
    text = pdfium.PdfDocument(pdf.read_bytes()).get_page(0).get_textpage().get_text_range()
    assert "KẾT QUẢ CHƯA CHÍNH THỨC" in text


def test_it_leaves_no_file_at_all_when_a_document_fails_to_render(tmp_path, monkeypatch) -> None:
    import daihoi.minutes.output as output

    def broken(minutes):
        raise RuntimeError("Word renderer broke")

    monkeypatch.setattr(output, "render_docx", broken)
    results = write_json(tmp_path / "ketqua.json", ben_thanh_committee())
    with pytest.raises(RuntimeError):
        main(
            [
                "minutes",
                str(results),
                "--pdf",
                str(tmp_path / "b.pdf"),
                "--docx",
                str(tmp_path / "b.docx"),
            ]
        )
    assert list(tmp_path.iterdir()) == [results]


def test_it_keeps_the_old_minutes_whole_when_writing_the_new_ones_fails(
    tmp_path, monkeypatch, capsys
) -> None:
    import daihoi.files.atomic

    results = write_json(tmp_path / "ketqua.json", ben_thanh_committee())
    pdf = tmp_path / "bienban.pdf"
    pdf.write_bytes(b"old minutes")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(daihoi.files.atomic.os, "replace", disk_full)
    assert main(["minutes", str(results), "--pdf", str(pdf)]) == 2
    assert "không ghi được tệp" in capsys.readouterr().err
    assert pdf.read_bytes() == b"old minutes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bienban.pdf", "ketqua.json"]


def test_it_writes_the_minutes_of_an_outside_tools_file_with_blanks_for_what_it_does_not_say(
    tmp_path, capsys
) -> None:
    from tests.engine.test_results import OUTSIDE_TOOLS_FILE

    results = write_json(tmp_path / "tram-quet.json", OUTSIDE_TOOLS_FILE)
    pdf = tmp_path / "bienban.pdf"
    assert main(["minutes", str(results), "--pdf", str(pdf)]) == 0
    text = pdfium.PdfDocument(pdf.read_bytes()).get_page(0).get_textpage().get_text_range()
    assert "Cuộc bầu cử “q1-bch-2025”" in text
    assert "Số lượng cần bầu: … đồng chí" in text
