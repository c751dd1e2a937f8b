"""Web campaign 16: a hostile user in a browser against the package, the bundle import, the
hand-check, the documents and the personnel reports. The scene is set through the fixtures of
``tests/web`` and the ORM; every attack goes through the test client."""

from __future__ import annotations

import io
import zipfile

HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","bấm")',
    "Nguyễn\x07Văn\x1bBell",
    "Trần \u202eThị\u202c Bình",
    "Lê\u200fVăn\u2066Cường\u2069",
]


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb(name: str = "data/elections.json", size: int = 200 * 1024 * 1024) -> bytes:
    """A small zip whose one member inflates to ``size`` bytes."""
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open(name, "w", force_zip64=True) as f,
    ):
        for _ in range(size // len(chunk)):
            f.write(chunk)
    return out.getvalue()


def assert_no_raw_markup(html: str) -> None:
    assert "<script>alert(1)</script>" not in html
    assert "\u202e" not in html or "&#" in html  # an RTL override is not passed as is


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode("utf-8", "replace")
