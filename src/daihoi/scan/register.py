"""Registration: find a scanned page's fiducials and QR code and map it onto the layout.

A page is read only once its position is known for sure. The four solid squares give the
geometry (any of the four orientations, skew, shift, scale, a phone's perspective); the QR code
decides the orientation and says which election, round and layout the paper belongs to. Anything
short of that is a value saying why (``RegistrationFailure``), never a guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

from daihoi.scan.components import components
from daihoi.scan.images import Image
from daihoi.scan.template import WORK_SCALE, BallotLayout, Box

Matrix = npt.NDArray[np.float64]

# Only QR codes are looked for (zxing accepts one format where its stubs want a set).
QR_ONLY: zxingcpp.BarcodeFormats = zxingcpp.BarcodeFormat.QRCode  # type: ignore[assignment]
DETECT_WIDTH = 640  # the page is searched for fiducials at about this width (pixels)
_OPEN = np.ones((3, 3), np.uint8)


class FailureReason(Enum):
    """Why a page could not be placed on the layout."""

    BLANK_PAGE = "blank_page"
    UNREGISTERED = "unregistered"


@dataclass(frozen=True)
class RegistrationFailure:
    reason: FailureReason
    detail: str  # Vietnamese, for the reading


@dataclass(frozen=True)
class Registration:
    """Where the layout lies on the scan: ``homography`` maps page points to image pixels."""

    homography: Matrix
    qr_text: str
    rotation: int  # 0, 90, 180 or 270: how far the page was turned in the scanner
    px_per_pt: float

    def work_matrix(self, scale: float = WORK_SCALE) -> Matrix:
        """Homography from registered-page pixels (at ``scale`` px/pt) to image pixels."""
        # Pixel i of the registered page shows the point at its centre, (i + 0.5) / scale.
        to_points = np.array(
            [[1 / scale, 0, 0.5 / scale], [0, 1 / scale, 0.5 / scale], [0, 0, 1.0]],
            dtype=np.float64,
        )
        return np.asarray(self.homography @ to_points, dtype=np.float64)


def to_gray(pixels: Image) -> Image:
    if pixels.ndim == 3:
        return np.asarray(cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    return pixels


def register_page(pixels: Image, layout: BallotLayout) -> Registration | RegistrationFailure:
    """Place a scanned page on ``layout``, or say why it cannot be placed."""
    gray = to_gray(pixels)
    height, width = gray.shape
    factor = DETECT_WIDTH / min(height, width)
    small = _reduce(gray, (max(1, round(width * factor)), max(1, round(height * factor))))
    block = max(15, int(min(small.shape) / 12) | 1)
    binary = np.asarray(
        cv2.adaptiveThreshold(
            small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 30
        ),
        np.uint8,
    )
    ink_fraction = float(np.count_nonzero(binary)) / binary.size
    if ink_fraction < 0.0015:
        return RegistrationFailure(FailureReason.BLANK_PAGE, "trang trắng: không có chữ in nào")
    # The fiducials are solid squares; the printed letters are thin strokes at this size. An
    # opening (erode, then dilate) keeps a square as it is and drops the letters, so only a few
    # pieces are left to label.
    solid = np.asarray(cv2.morphologyEx(binary, cv2.MORPH_OPEN, _OPEN), np.uint8)
    candidates = _fiducial_candidates(solid, layout, min(small.shape))
    if len(candidates) < 4:
        return RegistrationFailure(
            FailureReason.UNREGISTERED, "không tìm thấy đủ bốn dấu định vị ở bốn góc phiếu"
        )
    for quad in _quads(candidates, layout):
        full = [(x / factor, y / factor) for x, y in quad]
        full = [_refine_centre(gray, p, factor, layout) for p in full]
        found = _orient_and_read(gray, full, layout)
        if found is not None:
            return found
    return RegistrationFailure(
        FailureReason.UNREGISTERED,
        "không đọc được mã QR của phiếu (phiếu bị che, mờ hoặc không phải phiếu bầu)",
    )


def _reduce(gray: Image, size: tuple[int, int]) -> Image:
    """``gray`` at ``size`` (width, height) for the fiducial search.

    Halving is OpenCV's fastest reduction (2×2 averages); the last step, by less than two, is
    interpolated. Reducing by a fraction with INTER_AREA in one go costs ten times as much.
    """
    small = gray
    while min(small.shape) >= 2 * min(size):
        small = np.asarray(
            cv2.resize(small, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), np.uint8
        )
    if (small.shape[1], small.shape[0]) != size:
        small = np.asarray(cv2.resize(small, size, interpolation=cv2.INTER_LINEAR), np.uint8)
    return small


@dataclass(frozen=True)
class _Blob:
    x: float
    y: float
    side: float


def _fiducial_candidates(binary: Image, layout: BallotLayout, short_side: int) -> list[_Blob]:
    """Square solid blobs of about a fiducial's size, the outermost three for each corner."""
    side_pt = float(np.mean([b.width for b in layout.fiducials]))
    expected = side_pt * short_side / layout.width  # the page filling the frame
    found = components(binary)
    stats, centroids = found.stats, found.centroids
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    h = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    side = np.sqrt(area)
    # A phone photo may show the page at half the frame; a scan at most a little larger.
    fits = np.flatnonzero(
        (side >= 0.35 * expected)
        & (side <= 1.5 * expected)
        & (w >= 0.6 * h)
        & (w <= 1.66 * h)
        & (area >= 0.5 * w * h)
    )
    x, y = centroids[fits + 1, 0], centroids[fits + 1, 1]
    # Letters of the names can pass for small squares: only the outermost blobs towards each
    # corner can be fiducials (a stable sort: ties keep the order of the labels).
    chosen: list[int] = []
    for key in (x + y, -(x - y), x - y, -(x + y)):
        for index in np.argsort(key, kind="stable")[:3].tolist():
            if index not in chosen:
                chosen.append(index)
    return [_Blob(float(x[i]), float(y[i]), float(side[fits[i]])) for i in sorted(chosen)]


def _quads(blobs: list[_Blob], layout: BallotLayout) -> Iterator[list[tuple[float, float]]]:
    """Plausible sets of four fiducials, the most likely first (the outermost squares).

    Made one at a time: the first almost always registers the page."""
    per_corner: list[list[_Blob]] = []
    keys = (
        lambda b: b.x + b.y,  # top-left: smallest
        lambda b: -(b.x - b.y),  # top-right
        lambda b: b.x - b.y,  # bottom-left
        lambda b: -(b.x + b.y),  # bottom-right
    )
    for key in keys:
        per_corner.append(sorted(blobs, key=key)[:3])
    made = 0
    for combo in itertools.product(*per_corner):
        if len({id(b) for b in combo}) < 4:
            continue
        sides = [b.side for b in combo]
        if max(sides) > 1.8 * min(sides):
            continue
        tl, tr, bl, br = ((b.x, b.y) for b in combo)
        top = np.hypot(tr[0] - tl[0], tr[1] - tl[1])
        left = np.hypot(bl[0] - tl[0], bl[1] - tl[1])
        bottom = np.hypot(br[0] - bl[0], br[1] - bl[1])
        right = np.hypot(br[0] - tr[0], br[1] - tr[1])
        if min(top, left, bottom, right) < 5 * max(sides):
            continue
        ratio = (left + right) / (top + bottom)
        inner_aspect = (layout.height - 58) / (layout.width - 58)
        # Portrait or landscape (turned 90°); a photo's perspective bends this by up to ~30%.
        if not (
            0.7 * inner_aspect <= ratio <= 1.35 * inner_aspect
            or 0.7 / inner_aspect <= ratio <= 1.35 / inner_aspect
        ):
            continue
        yield [tl, tr, bl, br]
        made += 1
        if made >= 6:
            return


def _refine_centre(
    gray: Image, point: tuple[float, float], factor: float, layout: BallotLayout
) -> tuple[float, float]:
    """The fiducial's centre at full resolution (the search ran on a reduced image)."""
    side = layout.fiducials[0].width * min(gray.shape) / layout.width
    half = int(side * 1.2) + 3
    cx, cy = round(point[0]), round(point[1])
    x0, y0 = max(cx - half, 0), max(cy - half, 0)
    crop = gray[y0 : cy + half, x0 : cx + half]
    if crop.size == 0:
        return point
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    found = components(np.asarray(binary, dtype=np.uint8))
    count, stats, centroids = found.count, found.stats, found.centroids
    if count < 2:
        return point
    # The component nearest the estimate, of a fiducial's size.
    best = min(
        range(1, count),
        key=lambda i: (
            (centroids[i][0] + x0 - point[0]) ** 2
            + (centroids[i][1] + y0 - point[1]) ** 2
            - 4 * stats[i][4]
        ),
    )
    return (float(centroids[best][0] + x0), float(centroids[best][1] + y0))


# Which layout corner each image corner shows, for the page turned by 0, 90, 180, 270 degrees
# clockwise. Image corners are listed top-left, top-right, bottom-left, bottom-right; layout
# corners are indices into layout.fiducials in the same order.
_ROTATIONS: dict[int, tuple[int, int, int, int]] = {
    0: (0, 1, 2, 3),
    90: (2, 0, 3, 1),
    180: (3, 2, 1, 0),
    270: (1, 3, 0, 2),
}


def _orient_and_read(
    gray: Image, corners: list[tuple[float, float]], layout: BallotLayout
) -> Registration | None:
    centres = layout.fiducial_centres
    image_pts = np.array(corners, dtype=np.float64)
    attempts: list[tuple[float, int, Matrix]] = []
    for rotation, order in _ROTATIONS.items():
        page_pts = np.array([centres[i] for i in order], dtype=np.float64)
        h = np.asarray(
            cv2.getPerspectiveTransform(page_pts.astype(np.float32), image_pts.astype(np.float32)),
            np.float64,
        )
        crop = _warp_box(gray, h, layout.qr.grown(4), 3.0)
        darkness = float(np.mean(crop < 128))
        attempts.append((-darkness, rotation, h))
    attempts.sort(key=lambda a: a[0])
    for negdark, rotation, h in attempts:
        if -negdark < 0.15:
            break
        for result in _read_qr(gray, h, layout):
            if not result.valid or not result.text:
                continue
            # Upright in the registered frame: otherwise the square was not this corner's.
            if min(abs(result.orientation), abs(360 - abs(result.orientation))) > 30:
                continue
            px_per_pt = float(
                np.hypot(*(image_pts[1] - image_pts[0]))
                / np.hypot(centres[1][0] - centres[0][0], centres[1][1] - centres[0][1])
            )
            return Registration(np.asarray(h, dtype=np.float64), result.text, rotation, px_per_pt)
    return None


def _read_qr(gray: Image, page_to_image: Matrix, layout: BallotLayout) -> list[zxingcpp.Barcode]:
    """Decode the QR code where the layout puts it; a blurred or pale one gets a second try."""
    crop = _warp_box(gray, page_to_image, layout.qr.grown(6), 4.0)
    found = zxingcpp.read_barcodes(crop, formats=QR_ONLY)
    if found:
        return list(found)
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    found = zxingcpp.read_barcodes(binary, formats=QR_ONLY)
    if found:
        return list(found)
    crop = _warp_box(gray, page_to_image, layout.qr.grown(6), 2.5)
    return list(zxingcpp.read_barcodes(crop, formats=QR_ONLY))


def _warp_box(gray: Image, page_to_image: Matrix, box: Box, scale: float) -> Image:
    """The part of the scan that shows ``box`` (page points), straightened, at ``scale`` px/pt."""
    shift = np.array(
        [[1 / scale, 0, box.x0 + 0.5 / scale], [0, 1 / scale, box.y0 + 0.5 / scale], [0, 0, 1]],
        dtype=np.float64,
    )
    size = (max(1, round(box.width * scale)), max(1, round(box.height * scale)))
    return np.asarray(
        cv2.warpPerspective(
            gray,
            page_to_image @ shift,
            size,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderValue=255,
        ),
        dtype=np.uint8,
    )


def warp_page(
    pixels: Image, registration: Registration, shape: tuple[int, int], scale: float = WORK_SCALE
) -> Image:
    """The whole page straightened onto the layout at ``scale`` px/pt."""
    return np.asarray(
        cv2.warpPerspective(
            pixels,
            registration.work_matrix(scale),
            (shape[1], shape[0]),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderValue=(255, 255, 255),
        ),
        dtype=np.uint8,
    )


def warp_area(pixels: Image, registration: Registration, box: Box, scale: float) -> Image:
    """One area of the page (e.g. the seal, in colour) straightened at ``scale`` px/pt."""
    shift = np.array(
        [[1 / scale, 0, box.x0 + 0.5 / scale], [0, 1 / scale, box.y0 + 0.5 / scale], [0, 0, 1]],
        dtype=np.float64,
    )
    size = (max(1, round(box.width * scale)), max(1, round(box.height * scale)))
    return np.asarray(
        cv2.warpPerspective(
            pixels,
            registration.homography @ shift,
            size,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderValue=(255, 255, 255),
        ),
        dtype=np.uint8,
    )
