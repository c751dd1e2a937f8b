"""Helpers for the web attacks: forms as a browser would send them, PDF text."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._current = {
                "action": a.get("action", ""),
                "method": a.get("method", "get"),
                "fields": {},
            }
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and "name" in a:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._current["fields"][a["name"]] = a.get("value", "")
        elif self._current is not None and tag == "textarea" and "name" in a:
            self._textarea = a["name"]
            self._current["fields"][a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._current is not None and self._textarea:
            self._current["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str) -> list[dict[str, Any]]:
    """The page's POST forms (action, fields as the browser would send them), minus the
    language switch and the logout button of the frame."""
    parser = _Forms()
    parser.feed(html)
    return [
        f
        for f in parser.forms
        if f["method"].lower() == "post"
        and "setlang" not in f["action"]
        and "logout" not in f["action"]
    ]


def pdf_text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
