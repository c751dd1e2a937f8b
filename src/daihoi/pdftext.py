"""User text made safe for a reportlab ``Paragraph`` (the briefing report, minutes, ballots).

A ``Paragraph`` reads its text as reportlab's own markup: a name such as ``<img src="/etc/x">``
would embed a file of the server (or fetch a URL), ``<b>`` would turn bold, and a stray ``<``
or ``&`` stops the build with an error. Every piece of text a person typed goes through
``para_text`` first; only the markup the code itself writes around it is left as markup.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# Control characters (C0 but tab and newline, DEL, C1), lone surrogates and the two
# non-characters: reportlab's parser or its fonts fail on them, and they are never meant.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINE = re.compile(r"\r\n?|\n")


def para_text(text: object) -> str:
    """``text`` as literal Paragraph content: markup escaped, control characters dropped.

    A tab becomes a space and a line break a ``<br/>`` (so a multi-line note keeps its lines).
    """
    plain = _UNWANTED.sub("", "" if text is None else str(text))
    plain = plain.replace("\t", " ")
    return "<br/>".join(escape(line) for line in _NEWLINE.split(plain))
