"""The script of the three-election congress opens in LibreOffice: converted to PDF once, every
election and every contingency on its pages, the Vietnamese letters intact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from daihoi.drafts.script import build_script
from daihoi.drafts.scriptdocx import render_script
from tests.drafts.test_script import AGENDA, CONTINGENCIES, ELECTIONS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_script_and_prints_every_part(tmp_path: Path) -> None:
    import pypdfium2

    source = tmp_path / "kich-ban.docx"
    source.write_bytes(render_script(build_script(AGENDA, ELECTIONS), "Phủ Lý, ngày 10/6/2026"))
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = pypdfium2.PdfDocument(tmp_path / "kich-ban.pdf")
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    text = " ".join(" ".join(page.split()) for page in pages)
    assert len(pdf) >= 5
    assert "KỊCH BẢN ĐIỀU HÀNH" in text
    for election in ELECTIONS:
        assert f"{election.title}: hướng dẫn bỏ phiếu" in text
    for case in CONTINGENCIES:
        assert case in text
    # the page is drawn (not blank): the first page has dark pixels where the title is
    image = pdf[0].render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 100
