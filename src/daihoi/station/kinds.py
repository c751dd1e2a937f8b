"""What a scanner's output file is, decided by its first bytes, never by its name."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A kind of file the station accepts (the ``X-Daihoi-Kind`` header)."""

    PDF = "pdf"
    TIFF = "tiff"
    PNG = "png"
    JPEG = "jpeg"
    ZIP = "zip"


# The signatures of each format's first bytes. TIFF: little- and big-endian, classic and
# BigTIFF. ZIP: a local file header (an empty archive holds no scan, so its own signature is
# not accepted).
_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", Kind.PDF),
    (b"II*\x00", Kind.TIFF),
    (b"MM\x00*", Kind.TIFF),
    (b"II+\x00", Kind.TIFF),
    (b"MM\x00+", Kind.TIFF),
    (b"\x89PNG\r\n\x1a\n", Kind.PNG),
    (b"\xff\xd8\xff", Kind.JPEG),
    (b"PK\x03\x04", Kind.ZIP),
)

#: How many first bytes ``kind_of`` needs.
HEAD_BYTES = max(len(magic) for magic, _ in _MAGIC)


def kind_of(head: bytes) -> Kind | None:
    """The kind of a file starting with ``head``, or None when it is none of the accepted ones."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None
