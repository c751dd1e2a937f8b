"""Loading scanned pages: PNG, JPEG, TIFF (also multi-page) and PDF files, or folders of them.

A file that cannot be read is a value (``UnreadableFile``) with a message saying what is wrong,
so one corrupt file in a batch never stops the rest from being read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.engine.errors import InputError, Location

Image = npt.NDArray[np.uint8]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | PDF_SUFFIXES
PDF_DPI = 200  # PDFs of scans are rasterised at this resolution (enough for every mark we read)


@dataclass(frozen=True)
class PageImage:
    """One scanned page: where it came from, and its pixels (grayscale, or BGR when colour)."""

    source: str
    page: int  # 1-based within the file
    sha256: str  # of the whole file's bytes: with ``page`` it names the page in the journal
    pixels: Image

    @property
    def is_colour(self) -> bool:
        return self.pixels.ndim == 3


@dataclass(frozen=True)
class UnreadableFile:
    """A file that is not a readable image or PDF, with the reason in Vietnamese."""

    source: str
    sha256: str
    message: str


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
    """Every page of one file, in order; an unreadable file yields one ``UnreadableFile``."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield UnreadableFile(str(path), "", f"không đọc được tệp: {exc.strerror}")
            return
    digest = file_sha256(data)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        yield from _pdf_pages(path, data, digest)
        return
    if suffix not in IMAGE_SUFFIXES:
        yield UnreadableFile(
            str(path), digest, "không phải tệp ảnh (PNG, JPEG, TIFF) hay PDF được hỗ trợ"
        )
        return
    buffer = np.frombuffer(data, dtype=np.uint8)
    images: list[Image] = []
    if suffix in {".tif", ".tiff"}:
        ok, decoded = cv2.imdecodemulti(buffer, cv2.IMREAD_UNCHANGED)
        if ok:
            images = [_normalise(img) for img in decoded if img is not None and img.size]
    else:
        img = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
        if img is not None and img.size:
            images = [_normalise(img)]
    if not images:
        yield UnreadableFile(str(path), digest, "tệp ảnh hỏng hoặc không giải mã được")
        return
    for number, pixels in enumerate(images, start=1):
        yield PageImage(str(path), number, digest, pixels)


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
            bitmap = page.render(scale=PDF_DPI / 72)
            pixels = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
            yield PageImage(str(path), index + 1, digest, _normalise(pixels))
    finally:
        document.close()


COLOUR_SPREAD_MIN = 60  # channel spread of a clearly coloured pixel (a red stamp's ink)
COLOUR_SAMPLES_MIN = 20  # this many such pixels among the 1-in-64 samples: a colour scan


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
