"""The briefing PDF prints names as they were typed: never as reportlab markup.

Mallory, office staff somewhere below Alice, names her units with reportlab tags: an image of a
file on the server, an image on another machine, bold text, a bare ``<`` and ``&`` and control
characters. Alice's briefing must still be produced, show the names literally, embed no image
and fetch nothing.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.urls import reverse
from PIL import Image

from daihoi.pdftext import para_text


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server that records every request made to it (the PDF must make none)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def para_name(name: str) -> str:
    """The name as it must read in the PDF: literally, without its control characters."""
    return name.replace("\x01", "").replace("\x0b", "")


def pdf_text_and_images(content: bytes) -> tuple[str, int]:
    pdf = pdfium.PdfDocument(content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    images = sum(
        1
        for i in range(len(pdf))
        for _ in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5)
    )
    return text, images


def test_para_text_escapes_markup_and_drops_control_characters() -> None:
    assert para_text('<img src="/etc/passwd"/> & <b>x</b>') == (
        '&lt;img src="/etc/passwd"/&gt; &amp; &lt;b&gt;x&lt;/b&gt;'
    )
    assert para_text("a\x00b\x1bc\x7f\ufffe\td") == "abc d"
    assert para_text("line 1\r\nline 2\nline 3") == "line 1<br/>line 2<br/>line 3"
    assert para_text(None) == ""


def test_hostile_names_are_printed_literally_in_alices_briefing(
    scenario, tree, alice, client_of, listener, tmp_path
):
    base_url, requests_seen = listener
    secret = tmp_path / "server-file.png"  # a real image: reportlab would embed it
    Image.new("RGB", (4, 4), "red").save(secret)
    names = {
        tree.hoa_mac: f'Đảng bộ\x01 <img src="{secret}" width="40" height="40"/> Hòa\x0b Mạc',
        tree.duy_tien: f'Duy Tiên <img src="{base_url}/leak.png" width="9" height="9"/>',
        tree.phu_ly: "Phủ Lý <b>in đậm</b> & <font size=40>to</font> < 3",
    }
    for org, name in names.items():
        org.name = name
        org.save()

    response = client_of(alice).get(reverse("dashboard:report", args=[tree.ha_nam.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, images = pdf_text_and_images(response.content)
    # Long names wrap in the table's cells (a path may break anywhere): compare without spaces.
    flat = "".join(text.split())
    for name in names.values():
        assert "".join(para_name(name).split()) in flat, name
    assert images == 0
    assert requests_seen == []


def test_a_hostile_unit_name_in_the_title_does_not_break_its_own_briefing(
    scenario, tree, alice, client_of
):
    tree.ha_nam.name = "Hà Nam <img src=x>"
    tree.ha_nam.save()
    response = client_of(alice).get(reverse("dashboard:report", args=[tree.ha_nam.pk]))
    assert response.status_code == 200
    text, images = pdf_text_and_images(response.content)
    assert "Tình hình đại hội — Hà Nam <img src=x>" in " ".join(text.split())
    assert images == 0
