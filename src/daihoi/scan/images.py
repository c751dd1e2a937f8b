"""Loading scanned pages: PNG, JPEG, TIFF (also multi-page) and PDF files, or folders of them.

A file that cannot be read is a value (``UnreadableFile``) with a message saying what is wrong,
so one corrupt file in a batch never stops the rest from being read. Memory is bounded before
anything is decoded: an image's size is taken from its header, a PDF page's from its size in
points, and a page of more than ``MAX_PAGE_PIXELS`` is refused; the pages of a multi-page TIFF
or PDF are decoded one at a time.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.engine.errors import InputError, Location

Image = npt.NDArray[np.uint8]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | PDF_SUFFIXES
PDF_DPI = 200  # PDFs of scans are rasterised at this resolution (enough for every mark we read)
# The largest page read: A3 at 600 dpi (7016 × 9921 = 69.6 million pixels) with a little to
# spare. Decoded, such a page takes at most 216 MB in colour (72 MB grey); a PDF page is drawn
# as BGRA first (288 MB). Anything larger is no scanned ballot, and decoding it could take
# gigabytes (a 40 000 × 40 000 PNG header, a 14 400 pt PDF page).
MAX_PAGE_PIXELS = 72_000_000


@dataclass(frozen=True)
class PageImage:
    """One scanned page: where it came from, and its pixels (grayscale, or BGR when colour)."""

    source: str
    page: int  # 1-based within the file
    sha256: str  # of the whole file's bytes: with ``page`` it names the page in the journal
    pixels: Image
    # A colour scan with nothing coloured on it (read as grey): its seal is not the red one (a
    # photocopied ballot), whereas a grey scan saved as RGB has three equal channels.
    colourless: bool = False

    @property
    def is_colour(self) -> bool:
        return self.pixels.ndim == 3


@dataclass(frozen=True)
class UnreadableFile:
    """A file that is not a readable image or PDF, with the reason in Vietnamese."""

    source: str
    sha256: str
    message: str
    page: int = 1  # the page that cannot be read (1 when it is the whole file)


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files to read, in a stable order: folders are walked (sorted) for supported files.

    A path that does not exist is bad input (exit 2); a folder without any image is too.
    """
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not found:
                raise InputError("thư mục không có tệp ảnh hay PDF nào", Location(file=str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("không tìm thấy tệp hoặc thư mục", Location(file=str(path)))
    return files


def file_sha256(data: bytes) -> str:
    """SHA-256 of a file's bytes, as recorded with every reading."""
    return hashlib.sha256(data).hexdigest()


def read_pages(path: Path, data: bytes | None = None) -> Iterator[PageImage | UnreadableFile]:
    """Every page of one file, in order; an unreadable file yields one ``UnreadableFile``, and a
    page too large to read (``MAX_PAGE_PIXELS``) an ``UnreadableFile`` for that page."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield UnreadableFile(str(path), "", f"không đọc được tệp: {exc.strerror}")
            return
    digest = file_sha256(data)
    source = str(path)
    if not data:
        yield UnreadableFile(source, digest, "tệp rỗng (0 byte)")
        return
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        yield from _pdf_pages(path, data, digest)
        return
    if suffix not in IMAGE_SUFFIXES:
        yield UnreadableFile(
            source, digest, "không phải tệp ảnh (PNG, JPEG, TIFF) hay PDF được hỗ trợ"
        )
        return
    sizes = image_sizes(data)
    if isinstance(sizes, str):
        yield UnreadableFile(source, digest, sizes)
        return
    for index, (width, height) in enumerate(sizes):
        if width * height > MAX_PAGE_PIXELS:
            where = f"trang {index + 1}: " if len(sizes) > 1 else ""
            yield UnreadableFile(source, digest, f"{where}{_too_large(width, height)}")
            return
    buffer = np.frombuffer(data, dtype=np.uint8)
    number = 0
    if suffix in {".tif", ".tiff"}:
        for index in range(len(sizes)):  # one page in memory at a time
            try:
                ok, decoded = cv2.imdecodemulti(
                    buffer, cv2.IMREAD_UNCHANGED, None, (index, index + 1)
                )
            except cv2.error:
                ok, decoded = False, ()
            if not ok:
                break
            for img in decoded:
                if img is not None and img.size:
                    number += 1
                    yield _page(source, number, digest, img)
    else:
        single: npt.NDArray[Any] | None
        try:
            single = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
        except cv2.error:
            single = None
        if single is not None and single.size:
            number = 1
            yield _page(source, 1, digest, single)
    if number == 0:
        yield UnreadableFile(source, digest, "tệp ảnh hỏng hoặc không giải mã được")


def image_sizes(data: bytes) -> list[tuple[int, int]] | str:
    """The (width, height) of each page of a PNG, JPEG or TIFF, from its header alone (nothing
    is decoded); or why it cannot be told (not one of those formats, a broken header)."""
    from PIL import ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

    kind: type[ImageFile.ImageFile]
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        kind = PngImagePlugin.PngImageFile
    elif data[:3] == b"\xff\xd8\xff":
        kind = JpegImagePlugin.JpegImageFile
    elif data[:4] in (b"II*\0", b"MM\0*"):
        kind = TiffImagePlugin.TiffImageFile
    else:
        return "không phải tệp ảnh PNG, JPEG hay TIFF (theo nội dung tệp)"
    # The format's own class reads the header only (Image.open would also refuse a large
    # image, without saying its size).
    try:
        with kind(io.BytesIO(data)) as image:
            sizes = [image.size]
            for index in range(1, getattr(image, "n_frames", 1)):
                image.seek(index)
                sizes.append(image.size)
    except Exception:  # Pillow raises many kinds of error for a broken header
        return "tệp ảnh hỏng hoặc không giải mã được"
    return [(int(w), int(h)) for w, h in sizes]


def _too_large(width: int, height: int) -> str:
    return (
        f"ảnh quá lớn ({width} × {height} điểm ảnh, hơn {MAX_PAGE_PIXELS // 1_000_000} triệu): "
        "không phải một trang quét"
    )


def decode_image(data: bytes) -> Image | None:
    """Decode one image (PNG, JPEG, single-page TIFF) from bytes; None when it is not one."""
    img = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if img is None or not img.size:
        return None
    return _normalise(img)


def _pdf_pages(path: Path, data: bytes, digest: str) -> Iterator[PageImage | UnreadableFile]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # pdfium raises its own error types for every kind of broken file
        yield UnreadableFile(str(path), digest, "tệp PDF hỏng hoặc không mở được")
        return
    try:
        for index in range(len(document)):
            page = document[index]
            # The size the page would be drawn at, from its size in points, before drawing it.
            width_pt, height_pt = page.get_size()
            width, height = (round(v * PDF_DPI / 72) for v in (width_pt, height_pt))
            if width * height > MAX_PAGE_PIXELS:
                yield UnreadableFile(
                    str(path),
                    digest,
                    f"trang {index + 1} của PDF quá lớn ({width_pt:.0f} × {height_pt:.0f} pt, "
                    f"{width} × {height} điểm ảnh ở {PDF_DPI} dpi): không phải một trang quét",
                    index + 1,
                )
                continue
            try:
                bitmap = page.render(scale=PDF_DPI / 72)
            except Exception:  # pdfium's own error types
                yield UnreadableFile(
                    str(path), digest, f"trang {index + 1} của PDF không vẽ được", index + 1
                )
                continue
            pixels = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
            del bitmap
            yield _page(str(path), index + 1, digest, pixels)
    finally:
        document.close()


COLOUR_SPREAD_MIN = 60  # channel spread of a clearly coloured pixel (a red stamp's ink)
COLOUR_SAMPLES_MIN = 20  # this many such pixels among the 1-in-64 samples: a colour scan


# A colour scan's channels differ on the paper itself (a cast, each sensor's own noise) by at
# least this much in most places; a grey scan saved as RGB (even through JPEG) by a level or two.
COLOUR_CAST_MIN = 3


def _page(source: str, number: int, digest: str, img: npt.NDArray[np.generic]) -> PageImage:
    pixels = _normalise(img)
    colourless = False
    if pixels.ndim == 2 and img.ndim == 3 and img.shape[2] in (3, 4) and img.dtype == np.uint8:
        small = np.asarray(img)[::8, ::8, :3].astype(np.int16)
        spread = np.abs(small[:, :, 0] - small[:, :, 1]) + np.abs(small[:, :, 1] - small[:, :, 2])
        colourless = float(np.median(spread)) >= COLOUR_CAST_MIN
    return PageImage(source, number, digest, pixels, colourless)


def _normalise(img: npt.NDArray[np.generic]) -> Image:
    """8-bit grayscale, or BGR when the scan really has colour (a grey scan saved as RGB is grey)."""
    arr = np.asarray(img)
    if arr.dtype == np.uint16:
        arr = (arr >> 8).astype(np.uint8)
    elif arr.dtype == np.bool_:
        arr = arr.astype(np.uint8) * 255
    elif arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR)
    if arr.ndim == 3:
        small = arr[::8, ::8].astype(np.int16)
        spread = np.abs(small[:, :, 0] - small[:, :, 1]) + np.abs(small[:, :, 1] - small[:, :, 2])
        # A thin red seal ring covers well under 0.5% of the page: a few clearly coloured
        # samples are colour too (else the seal's colour could not be checked).
        coloured = int(np.count_nonzero(spread >= COLOUR_SPREAD_MIN))
        if float(np.percentile(spread, 99.5)) < 24 and coloured < COLOUR_SAMPLES_MIN:
            return np.ascontiguousarray(cv2.cvtColor(arr, cv2.COLOR_BGR2GRAY))
        return np.ascontiguousarray(arr)
    # A bilevel TIFF decoded as 0/1 (a sample tells most pages apart without a pass over all).
    if arr.ndim == 2 and arr[::16, ::16].max(initial=0) <= 1 and arr.max(initial=0) == 1:
        arr = arr * 255
    return np.ascontiguousarray(arr.astype(np.uint8, copy=False))
