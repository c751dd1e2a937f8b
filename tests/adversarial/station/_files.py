"""Hostile and tricky files, made here (never taken from the code under test)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_huge_declared() -> bytes:
    """A valid PNG signature and IHDR declaring 200000 x 200000 RGB, a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", 200_000, 200_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def pdf_zero_pages() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


def tiff_pages(n: int, size: tuple[int, int] = (32, 32)) -> bytes:
    from PIL import Image

    pages = [Image.new("L", size, 255) for _ in range(n)]
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:])
    return buf.getvalue()


def zip_bomb(gib: float = 1.0) -> bytes:
    buf = io.BytesIO()
    chunk = b"\x00" * (1 << 20)
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("ballot.png", "w", force_zip64=True) as f,
    ):
        for _ in range(int(gib * 1024)):
            f.write(chunk)
    return buf.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def rescans(png: Path) -> dict[str, bytes]:
    """The same paper scanned again: other bytes, same ballot."""
    from PIL import Image, ImageChops

    img = Image.open(png).convert("RGB")
    out: dict[str, bytes] = {}

    def enc(im: Image.Image, fmt: str, **kw: object) -> bytes:
        b = io.BytesIO()
        im.save(b, fmt, **kw)
        return b.getvalue()

    out["jpeg"] = enc(img, "JPEG", quality=90)
    shifted = ImageChops.offset(img, 4, 3)
    out["shifted"] = enc(shifted, "PNG")
    out["rotated"] = enc(img.rotate(0.6, fillcolor="white", resample=Image.BICUBIC), "PNG")
    w, h = img.size
    out["dpi200"] = enc(img.resize((w * 4 // 3, h * 4 // 3), Image.LANCZOS), "PNG", dpi=(200, 200))
    return out
