"""Ballot layout (bố cục phiếu bầu): where everything on a paper ballot goes, as pure geometry.

``design_ballot`` turns a ballot's content (election id, round, title, names in ballot order, form)
into a ``BallotDesign``: the ``Layout`` that printing and scanning share (``layout.json`` of
``formats.md``) plus the printed text lines and rules that only the printer needs. Nothing here
draws or reads files, and nothing depends on the copy: every ballot of an election is identical.

Coordinates are PDF points measured from the **top-left** corner of an A4 portrait page, boxes
are ``(x0, y0, x1, y1)`` with ``x0 < x1`` and ``y0 < y1``. (reportlab measures from the
bottom-left; ``render`` converts.)
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple, Protocol

from daihoi.engine.ballot import Form
from daihoi.engine.errors import InputError, Location
from daihoi.fonts import Face
from daihoi.paper.fonts import has_glyphs, ink_extent, text_width


class Box(NamedTuple):
    """A rectangle in PDF points from the page's top-left corner, ``x0 < x1`` and ``y0 < y1``.

    A tuple of four numbers, written to ``layout.json`` as ``[x0, y0, x1, y1]``; the scanner
    reads the same boxes (``daihoi.scan.template``)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def grown(self, by: float) -> Box:
        """The box with ``by`` points more on every side (less, for a negative ``by``)."""
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def pixels(self, scale: float) -> tuple[int, int, int, int]:
        """The box on a page rendered at ``scale`` px/pt, as slice bounds (x0, y0, x1, y1)."""
        return (
            round(self.x0 * scale),
            round(self.y0 * scale),
            round(self.x1 * scale),
            round(self.y1 * scale),
        )


PAGE_WIDTH = 595.28
PAGE_HEIGHT = 841.89
FIDUCIAL_SIZE = 14.0
FIDUCIAL_INSET = 22.0  # outer corner of each fiducial, from the page corner
MARGIN = 44.0  # left/right edge of the printed content (inside the fiducials' columns)
TOP = 40.0
SEAL_WIDTH = 113.39  # 40 mm
SEAL_HEIGHT = 85.04  # 30 mm
SEAL_HEIGHT_COMPACT = 79.37  # 28 mm, when a long list needs every line of the page
QR_SIZE = 56.0
QR_RIGHT = PAGE_WIDTH - 48.0
QR_TOP = 44.0
QR_QUIET = 8.0  # clear margin around the QR symbol (about 4 modules)
# Rows may run 2 pt past the bottom fiducials' outer edge (they never share an x): still more
# than 6 mm from the paper's edge, inside what office printers print.
ROWS_BOTTOM = PAGE_HEIGHT - FIDUCIAL_INSET + 2.0
COLUMN_GAP = 16.0
# Widest name the approve table can hold at 9 pt in one column (the strike form holds more).
LONGEST_NAME_WIDTH = 330.0
SINGLE_COLUMN_WIDTH = 380.0  # a short list reads better as a centred column than full width

COMFORTABLE_FONT = 12.0
MIN_FONT = 9.0
ROOMY_MIN_FONT = 11.0  # below this, room for names matters more than a spacious heading
FONT_STEP = 0.5
MIN_ROW_HEIGHT = 11.5  # below this a hand-drawn strike no longer stays on one row
APPROVE_MIN_ROW_HEIGHT = 12.5  # room for an X box of at least 8.5 pt (3 mm)
ROW_HEIGHT_FACTOR = 2.4  # rows never taller than this many font sizes: generous, not sparse
SEPARATOR_GREY = 0.72  # strike rows: light rules between names, so a strike stands out
SEPARATOR_WIDTH = 0.45
GRID_WIDTH = 0.6  # the approve table's grid
QR_PREFIX = "DH1"
REFERENCE_INK = "Nguyễn Ngọc"  # sets the common baseline of the names
TALL_MARK_ALLOWANCE = 0.16  # of the font size: how far a name's ink may rise above its row

STRIKE_INSTRUCTION = (
    "Đồng ý người nào thì để nguyên tên; "
    "không đồng ý người nào thì gạch ngang cả họ và tên người đó."
)
APPROVE_INSTRUCTION = "Đánh dấu X vào ô “Đồng ý” hoặc “Không đồng ý” ở mỗi người."
SEAL_LABEL = "Dấu của Ban Tổ chức đại hội"
BALLOT_HEADING = "PHIẾU BẦU CỬ"
APPROVE_HEADERS = ("STT", "Họ và tên", "Đồng ý", "Không đồng ý")

# The organisation's heading printed at the top, by rule set (quốc hiệu / tên tổ chức).
HEADINGS: Mapping[str, tuple[str, ...]] = {
    "party": ("ĐẢNG CỘNG SẢN VIỆT NAM",),
    "youth_union": ("ĐOÀN TNCS HỒ CHÍ MINH",),
    "trade_union": ("CÔNG ĐOÀN VIỆT NAM",),
    "state": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc"),
}


class Align(Enum):
    """Horizontal anchor of a printed text line."""

    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"


@dataclass(frozen=True)
class Row:
    """One candidate's row: the whole row box, the tight box of the printed name and, on the
    approve form, the two X boxes."""

    number: int
    candidate: str
    row: Box
    name: Box
    agree: Box | None = None
    disagree: Box | None = None


@dataclass(frozen=True)
class Layout:
    """The geometry a scanner needs (``layout.json``). Identical for every copy of a ballot."""

    election: str
    round: int
    form: Form
    columns: int
    font_size: float
    rows: tuple[Row, ...]
    seal: Box
    qr: Box
    fiducials: tuple[Box, Box, Box, Box]
    page_width: float = PAGE_WIDTH
    page_height: float = PAGE_HEIGHT

    @property
    def hash(self) -> str:
        """First 16 hex digits of SHA-256 over the canonical JSON of the layout."""
        return layout_hash(self)

    def to_dict(self) -> dict[str, Any]:
        """The ``layout.json`` document of ``formats.md`` (with ``hash``)."""
        data = _layout_body(self)
        data["hash"] = layout_hash(self)
        return data


@dataclass(frozen=True)
class TextLine:
    """A line of printed text; ``x`` is the anchor given by ``align``, ``baseline`` from the top."""

    text: str
    face: Face
    size: float
    x: float
    baseline: float
    align: Align = Align.LEFT
    grey: float = 0.0  # 0 black … 1 white


@dataclass(frozen=True)
class Rule:
    """A straight printed line (row separators, table grid, the short rule under the heading)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    grey: float = 0.0


@dataclass(frozen=True)
class BallotDesign:
    """Everything printed on a ballot: the shared ``layout`` plus text and rules for the printer."""

    layout: Layout
    texts: tuple[TextLine, ...]
    rules: tuple[Rule, ...]
    seal_label: TextLine


@dataclass(frozen=True)
class BallotSpec:
    """What a ballot says, independent of where it goes."""

    election: str
    round: int
    title: str
    form: Form
    candidates: tuple[str, ...]
    congress: str | None = None
    heading: tuple[str, ...] = HEADINGS["party"]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class _CandidateLike(Protocol):
    @property
    def label(self) -> str: ...


class ElectionLike(Protocol):
    """The part of ``daihoi.engine.election.Election`` a ballot needs."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def congress(self) -> str | None: ...
    @property
    def round(self) -> int: ...
    @property
    def form(self) -> Form: ...
    @property
    def rules(self) -> _Named: ...
    @property
    def candidates(self) -> Sequence[_CandidateLike]: ...


def spec_from_election(election: ElectionLike) -> BallotSpec:
    """The ballot content of an election: its names in the engine's ballot order.

    Each candidate is printed by label: the name, or ``Name (born)`` when two people share a
    name, so that voters can tell them apart and the scanner reports the ballots-CSV column."""
    return BallotSpec(
        election=election.id,
        round=election.round,
        title=election.title,
        form=election.form,
        candidates=tuple(c.label for c in election.candidates),
        congress=election.congress or None,
        heading=HEADINGS.get(election.rules.name, ()),
    )


def layout_for_election(election: ElectionLike) -> Layout:
    """The layout of an election's ballot (shortcut for ``design_ballot(...).layout``)."""
    return design_ballot(spec_from_election(election)).layout


# ----------------------------------------------------------------------------------------------
# Hash, QR payload, layout.json


def _r(value: float) -> float:
    return round(float(value), 2)


def _box(x0: float, y0: float, x1: float, y1: float) -> Box:
    return Box(_r(x0), _r(y0), _r(x1), _r(y1))


def _layout_body(layout: Layout) -> dict[str, Any]:
    return {
        "page": {"width": layout.page_width, "height": layout.page_height},
        "form": layout.form.value,
        "election": layout.election,
        "round": layout.round,
        "columns": layout.columns,
        "font_size": layout.font_size,
        "rows": [
            {
                "number": row.number,
                "candidate": row.candidate,
                "row": list(row.row),
                "name": list(row.name),
                "agree": list(row.agree) if row.agree else None,
                "disagree": list(row.disagree) if row.disagree else None,
            }
            for row in layout.rows
        ],
        "seal": list(layout.seal),
        "qr": list(layout.qr),
        "fiducials": [list(f) for f in layout.fiducials],
    }


def canonical_json(data: Mapping[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 text as is: the form the layout hash is taken over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def layout_hash(layout: Layout | Mapping[str, Any]) -> str:
    """First 16 hex digits of SHA-256 of the canonical JSON of the layout without ``hash``."""
    if isinstance(layout, Layout):
        body: dict[str, Any] = _layout_body(layout)
    else:
        body = {k: v for k, v in layout.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()[:16]


def qr_text_for(election_id: str, round_number: int, hash_hex: str) -> str:
    """Text of a ballot's QR code: ``DH1|<election id>|<round>|<layout hash>``."""
    return f"{QR_PREFIX}|{election_id}|{round_number}|{hash_hex}"


def qr_payload(layout: Layout) -> str:
    """Text of the QR code printed on the ballots of ``layout``."""
    return qr_text_for(layout.election, layout.round, layout_hash(layout))


def _load_box(value: Any, field: str, source: str) -> Box:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise InputError("cần bốn số [x0, y0, x1, y1]", Location(file=source, field=field))
    x0, y0, x1, y1 = (float(v) for v in value)
    if not (x0 < x1 and y0 < y1):
        raise InputError("hộp phải có x0 < x1 và y0 < y1", Location(file=source, field=field))
    return Box(x0, y0, x1, y1)


def load_layout(data: Mapping[str, Any], source: str = "layout.json") -> Layout:
    """Read a ``layout.json`` document back; refuses a document whose ``hash`` does not match."""

    def need(key: str) -> Any:
        if key not in data:
            raise InputError("thiếu trường bắt buộc", Location(file=source, field=key))
        return data[key]

    page = need("page")
    if not isinstance(page, Mapping) or not {"width", "height"} <= set(page):
        raise InputError("cần {width, height}", Location(file=source, field="page"))
    try:
        form = Form(need("form"))
    except ValueError:
        raise InputError(
            "phải là “strike” hoặc “approve”", Location(file=source, field="form")
        ) from None
    rows: list[Row] = []
    raw_rows = need("rows")
    if not isinstance(raw_rows, list):
        raise InputError("cần một danh sách", Location(file=source, field="rows"))
    for i, raw in enumerate(raw_rows):
        where = f"rows[{i}]"
        if not isinstance(raw, Mapping):
            raise InputError("cần một đối tượng", Location(file=source, field=where))
        agree = raw.get("agree")
        disagree = raw.get("disagree")
        rows.append(
            Row(
                number=int(raw.get("number", i + 1)),
                candidate=str(raw.get("candidate", "")),
                row=_load_box(raw.get("row"), f"{where}.row", source),
                name=_load_box(raw.get("name"), f"{where}.name", source),
                agree=None if agree is None else _load_box(agree, f"{where}.agree", source),
                disagree=(
                    None if disagree is None else _load_box(disagree, f"{where}.disagree", source)
                ),
            )
        )
    fiducials = need("fiducials")
    if not isinstance(fiducials, list) or len(fiducials) != 4:
        raise InputError("cần bốn hộp", Location(file=source, field="fiducials"))
    f0, f1, f2, f3 = (_load_box(f, f"fiducials[{i}]", source) for i, f in enumerate(fiducials))
    layout = Layout(
        election=str(data.get("election", "")),
        round=int(data.get("round", 1)),
        form=form,
        columns=int(data.get("columns", 1)),
        font_size=float(data.get("font_size", 0.0)),
        rows=tuple(rows),
        seal=_load_box(need("seal"), "seal", source),
        qr=_load_box(need("qr"), "qr", source),
        fiducials=(f0, f1, f2, f3),
        page_width=float(page["width"]),
        page_height=float(page["height"]),
    )
    stated = data.get("hash")
    if stated is not None and stated != layout_hash(data):
        raise InputError(
            f"mã băm bố cục {stated} không khớp nội dung ({layout_hash(data)})",
            Location(file=source, field="hash"),
        )
    return layout


# ----------------------------------------------------------------------------------------------
# Geometry


def fiducial_boxes(
    width: float = PAGE_WIDTH, height: float = PAGE_HEIGHT
) -> tuple[Box, Box, Box, Box]:
    """The four fiducials: top-left, top-right, bottom-left, bottom-right."""
    a, b = FIDUCIAL_INSET, FIDUCIAL_INSET + FIDUCIAL_SIZE
    return (
        _box(a, a, b, b),
        _box(width - b, a, width - a, b),
        _box(a, height - b, b, height - a),
        _box(width - b, height - b, width - a, height - a),
    )


SEAL_BOX: Box = _box(MARGIN, TOP, MARGIN + SEAL_WIDTH, TOP + SEAL_HEIGHT)
SEAL_BOX_COMPACT: Box = _box(MARGIN, TOP, MARGIN + SEAL_WIDTH, TOP + SEAL_HEIGHT_COMPACT)
QR_BOX: Box = _box(QR_RIGHT - QR_SIZE, QR_TOP, QR_RIGHT, QR_TOP + QR_SIZE)
# The band between the seal and the QR code (with its quiet zone) where the heading goes.
BAND_LEFT = SEAL_BOX[2] + 10.0
BAND_RIGHT = QR_BOX[0] - QR_QUIET - 4.0


def wrap_text(text: str, face: Face, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` (a single word that is
    wider stays on its own line)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, face, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


class _Header:
    """Stacks centred text lines downwards from a starting y."""

    def __init__(self, y: float) -> None:
        self.y = y
        self.lines: list[TextLine] = []
        self.rules: list[Rule] = []

    def add(
        self, text: str, face: Face, size: float, centre: float, width: float, gap: float = 0.0
    ) -> None:
        for line in wrap_text(text, face, size, width):
            self.y += gap + size
            self.lines.append(TextLine(line, face, size, _r(centre), _r(self.y), Align.CENTRE))
            gap = size * 0.25

    def space(self, amount: float) -> None:
        self.y += amount


@dataclass(frozen=True)
class _Plan:
    columns: int
    font: float
    compact: bool


def _plans() -> list[_Plan]:
    """Layouts to try, best first: one column at a comfortable size, then two columns with the
    full heading while the type stays large, then the compact heading shrinking to 9 pt."""
    sizes: list[float] = []
    font = COMFORTABLE_FONT
    while font >= MIN_FONT - 1e-9:
        sizes.append(font)
        font = round(font - FONT_STEP, 2)
    plans = [_Plan(1, COMFORTABLE_FONT, False)]
    plans += [_Plan(2, size, False) for size in sizes if size >= ROOMY_MIN_FONT]
    plans += [_Plan(2, size, True) for size in sizes]
    # Last resort for names too long for half a page, and for the approve table.
    plans += [_Plan(1, size, True) for size in sizes]
    return plans


def _header(spec: BallotSpec, compact: bool) -> _Header:
    """Heading, ballot name, title and instruction; compact puts them all beside the seal."""
    instruction = STRIKE_INSTRUCTION if spec.form is Form.STRIKE else APPROVE_INSTRUCTION
    band_centre = (BAND_LEFT + BAND_RIGHT) / 2
    band_width = BAND_RIGHT - BAND_LEFT
    page_centre = PAGE_WIDTH / 2
    text_width_full = PAGE_WIDTH - 2 * (MARGIN + 16)
    round_text = f"(Lần {spec.round})" if spec.round > 1 else ""
    h = _Header(TOP - 2.0)
    s = 0.75 if compact else 1.0
    for i, line in enumerate(spec.heading):
        h.add(line, Face.BOLD if i == 0 else Face.SEMIBOLD, 11.5 * s, band_centre, band_width)
    if spec.heading:
        first = h.lines[0]
        rule_half = min(text_width(first.text, first.face, first.size), band_width) * 0.3
        h.space(7.0 * s)
        h.rules.append(
            Rule(_r(band_centre - rule_half), _r(h.y), _r(band_centre + rule_half), _r(h.y), 0.7)
        )
    if spec.congress:
        h.add(spec.congress, Face.REGULAR, 10.5 * s, band_centre, band_width, gap=3.0 * s)
    if compact:
        h.add(BALLOT_HEADING, Face.BOLD, 14.0, band_centre, band_width, gap=3.0)
        # The round rides on the title's last line: every line counts on a long list.
        title = f"{spec.title} {round_text}" if round_text else spec.title
        h.add(title, Face.BOLD, 9.0, band_centre, band_width, gap=2.0)
        h.add(instruction, Face.ITALIC, 7.5, band_centre, band_width, gap=2.5)
        h.y = max(h.y + 2.5, SEAL_BOX_COMPACT[3]) + 3.0
        return h
    h.y = max(h.y, SEAL_BOX[3] - 6.0)
    h.add(BALLOT_HEADING, Face.BOLD, 22.0, page_centre, text_width_full, gap=8.0)
    h.add(spec.title, Face.BOLD, 13.0, page_centre, text_width_full, gap=8.0)
    if round_text:
        h.add(round_text, Face.SEMIBOLD, 12.0, page_centre, text_width_full, gap=3.0)
    h.add(instruction, Face.ITALIC, 10.0, page_centre, PAGE_WIDTH - 2 * MARGIN, gap=10.0)
    h.space(14.0)
    return h


def _check_spec(spec: BallotSpec) -> None:
    where = Location(field="candidates")
    if not spec.candidates:
        raise InputError("danh sách ứng cử viên trống, không có gì để in", where)
    for i, name in enumerate(spec.candidates):
        if not name.strip():
            raise InputError("tên trống", Location(field=f"candidates[{i + 1}]"))
        if not has_glyphs(name):
            raise InputError(
                f"tên “{name}” có ký tự phông chữ Be Vietnam Pro không in được",
                Location(field=f"candidates[{i + 1}]"),
            )
        if text_width(name, Face.REGULAR, MIN_FONT) > LONGEST_NAME_WIDTH:
            raise InputError(
                f"tên “{name}” quá dài để in trên một dòng của phiếu",
                Location(field=f"candidates[{i + 1}]"),
            )
    for field, text in (("title", spec.title), ("congress", spec.congress or "")):
        if not has_glyphs(text):
            raise InputError(
                "có ký tự phông chữ Be Vietnam Pro không in được", Location(field=field)
            )
    if spec.round < 1:
        raise InputError("vòng bầu phải từ 1 trở lên", Location(field="round"))


@dataclass(frozen=True)
class _Metrics:
    """Sizes of one plan: type, rows, cells and columns (points)."""

    font: float
    height: float  # of every name row
    pad: float  # white space between cells
    number_cell: float
    cell: float  # each X-box column of the approve table (0 on the strike form)
    width: float  # of a column of rows
    left: float  # x of the first column
    top: float  # y where the first column starts (the approve table's heading included)
    table_head: float  # height of the approve table's heading row
    label_size: float
    labels: tuple[tuple[str, ...], ...]  # approve table headings, wrapped
    above: float  # common ink above the baseline
    below: float
    allowance: float  # how far a tall tone mark may rise above its row
    extents: tuple[tuple[float, float], ...]  # each name's ink (above, below)


def _approve_cells(plan: _Plan, label_size: float) -> tuple[float, tuple[tuple[str, ...], ...]]:
    """Width of an X-box column and the wrapped table headings."""
    if plan.columns == 1:
        # One line per heading: “Không đồng ý” reads best as one phrase.
        cell = max(text_width(t, Face.SEMIBOLD, label_size) + 10.0 for t in APPROVE_HEADERS)
        cell = max(cell, 44.0)
    else:
        # Two tables side by side are narrow: the headings may wrap (“Không / đồng ý”).
        widest = max(
            text_width(word, Face.SEMIBOLD, label_size)
            for t in APPROVE_HEADERS[2:]
            for word in t.split()
        )
        cell = max(widest + 8.0, 30.0)
    labels: list[tuple[str, ...]] = [(t,) for t in APPROVE_HEADERS[:2]]
    labels += [
        tuple(wrap_text(t, Face.SEMIBOLD, label_size, cell - 4.0)) for t in APPROVE_HEADERS[2:]
    ]
    return cell, tuple(labels)


def _measure(spec: BallotSpec, plan: _Plan, top: float) -> _Metrics | None:
    """The sizes of a plan, or ``None`` when the names do not fit that way."""
    f = plan.font
    names = spec.candidates
    n = len(names)
    per_column = math.ceil(n / plan.columns)
    extents = tuple(ink_extent(name, Face.REGULAR, f) for name in names)
    # Names share one baseline position, set for typical Vietnamese ink (a tone mark over a
    # small letter, a descender). A stacked tone mark over a capital (Ẩ, Ấ) may reach into the
    # white space at the bottom of the row above rather than make every row taller.
    above, below = ink_extent(REFERENCE_INK, Face.REGULAR, f)
    allowance = TALL_MARK_ALLOWANCE * f
    min_height = max(
        MIN_ROW_HEIGHT, above + below + 1.0, *(a + b + 0.5 - allowance for a, b in extents)
    )
    label_size = _r(f * 0.85)
    cell, table_head = 0.0, 0.0
    labels: tuple[tuple[str, ...], ...] = ()
    if spec.form is Form.APPROVE:
        min_height = max(min_height, APPROVE_MIN_ROW_HEIGHT)
        cell, labels = _approve_cells(plan, label_size)
        lines = max(len(t) for t in labels)
        table_head = max(label_size * 2.0, 14.0, lines * label_size * 1.2 + 6.0)
    available = ROWS_BOTTOM - top - table_head
    if per_column * min_height > available:
        return None
    height = math.floor(min(f * ROW_HEIGHT_FACTOR, available / per_column) * 100) / 100

    number_width = max(text_width(f"{k}.", Face.REGULAR, f) for k in range(1, n + 1))
    pad = f * 0.8
    content = PAGE_WIDTH - 2 * MARGIN
    longest = max(text_width(name, Face.REGULAR, f) for name in names)
    if spec.form is Form.APPROVE:
        number_cell = max(number_width, text_width("STT", Face.SEMIBOLD, label_size)) + pad
    else:
        number_cell = number_width + pad
    fixed = number_cell + 2 * cell
    if plan.columns == 1:
        width = content
        if spec.form is Form.STRIKE:
            width = min(content, max(SINGLE_COLUMN_WIDTH, fixed + longest + 3 * pad))
    else:
        width = (content - COLUMN_GAP * (plan.columns - 1)) / plan.columns
    if fixed + longest + 3 * pad > width:
        return None
    left = (PAGE_WIDTH - (width * plan.columns + COLUMN_GAP * (plan.columns - 1))) / 2
    return _Metrics(
        font=f,
        height=height,
        pad=pad,
        number_cell=number_cell,
        cell=cell,
        width=width,
        left=left,
        top=top,
        table_head=table_head,
        label_size=label_size,
        labels=labels,
        above=above,
        below=below,
        allowance=allowance,
        extents=extents,
    )


def _table_head(
    m: _Metrics, x0: float, x1: float, bottom: float
) -> tuple[list[TextLine], list[Rule]]:
    """The approve table's heading row (STT, Họ và tên, Đồng ý, Không đồng ý) and its grid."""
    texts: list[TextLine] = []
    rules: list[Rule] = []
    edges = [x0, x0 + m.number_cell, x1 - 2 * m.cell, x1 - m.cell, x1]
    leading = m.label_size * 1.2
    for i, label_lines in enumerate(m.labels):
        centre = (edges[i] + edges[i + 1]) / 2
        first = m.top + m.table_head / 2 - (len(label_lines) - 1) * leading / 2
        for k, text in enumerate(label_lines):
            baseline = first + k * leading + m.label_size * 0.36
            texts.append(
                TextLine(text, Face.SEMIBOLD, m.label_size, _r(centre), _r(baseline), Align.CENTRE)
            )
    y_first = m.top + m.table_head
    for x in edges:
        rules.append(Rule(_r(x), _r(m.top), _r(x), _r(bottom), GRID_WIDTH))
    rules.append(Rule(_r(x0), _r(m.top), _r(x1), _r(m.top), GRID_WIDTH))
    rules.append(Rule(_r(x0), _r(y_first), _r(x1), _r(y_first), GRID_WIDTH))
    return texts, rules


def _row(
    m: _Metrics, form: Form, index: int, name: str, x0: float, ry0: float, ry1: float
) -> tuple[Row, list[TextLine]]:
    """One name's row: its boxes and its printed number and name."""
    x1 = x0 + m.width
    a, b = m.extents[index]
    baseline = ry0 + (ry1 - ry0 - (m.above + m.below)) / 2 + m.above
    baseline = min(max(baseline, ry0 + a + 0.25 - m.allowance), ry1 - b - 0.25)
    name_x = x0 + m.number_cell + m.pad
    name_w = text_width(name, Face.REGULAR, m.font)
    if form is Form.STRIKE:
        number = TextLine(
            f"{index + 1}.", Face.REGULAR, m.font, _r(x0 + m.number_cell - m.pad / 2),
            _r(baseline), Align.RIGHT,
        )  # fmt: skip
    else:
        number = TextLine(
            f"{index + 1}.", Face.REGULAR, m.font, _r(x0 + m.number_cell / 2), _r(baseline),
            Align.CENTRE,
        )  # fmt: skip
    agree = disagree = None
    if form is Form.APPROVE:
        side = min(16.0, ry1 - ry0 - 4.0)
        cy = (ry0 + ry1) / 2
        ca, cd = x1 - 1.5 * m.cell, x1 - 0.5 * m.cell
        agree = _box(ca - side / 2, cy - side / 2, ca + side / 2, cy + side / 2)
        disagree = _box(cd - side / 2, cy - side / 2, cd + side / 2, cy + side / 2)
    row = Row(
        number=index + 1,
        candidate=name,
        row=_box(x0, ry0, x1, ry1),
        name=_box(name_x, baseline - a, name_x + name_w, baseline + b),
        agree=agree,
        disagree=disagree,
    )
    return row, [number, TextLine(name, Face.REGULAR, m.font, _r(name_x), _r(baseline))]


def _fit(spec: BallotSpec, plan: _Plan) -> BallotDesign | None:
    """Lay the ballot out under one plan, or ``None`` when the list does not fit that way."""
    header = _header(spec, plan.compact)
    m = _measure(spec, plan, header.y)
    if m is None:
        return None
    texts = list(header.lines)
    rules = list(header.rules)
    rows: list[Row] = []
    per_column = math.ceil(len(spec.candidates) / plan.columns)
    y_first = m.top + m.table_head
    for col in range(plan.columns):
        x0 = m.left + col * (m.width + COLUMN_GAP)
        x1 = x0 + m.width
        start = col * per_column
        chunk = spec.candidates[start : start + per_column]
        if not chunk:
            continue
        if spec.form is Form.APPROVE:
            head_texts, head_rules = _table_head(m, x0, x1, y_first + len(chunk) * m.height)
            texts += head_texts
            rules += head_rules
        else:
            rules.append(Rule(_r(x0), _r(y_first), _r(x1), _r(y_first), SEPARATOR_WIDTH,
                              SEPARATOR_GREY))  # fmt: skip
        for i, name in enumerate(chunk):
            # Both edges from the same expression, so neighbouring rows share an edge exactly.
            ry0, ry1 = y_first + i * m.height, y_first + (i + 1) * m.height
            row, row_texts = _row(m, spec.form, start + i, name, x0, ry0, ry1)
            rows.append(row)
            texts += row_texts
            if spec.form is Form.APPROVE:
                rules.append(Rule(_r(x0), _r(ry1), _r(x1), _r(ry1), GRID_WIDTH))
            else:
                rules.append(Rule(_r(x0), _r(ry1), _r(x1), _r(ry1), SEPARATOR_WIDTH,
                                  SEPARATOR_GREY))  # fmt: skip

    seal = SEAL_BOX_COMPACT if plan.compact else SEAL_BOX
    layout = Layout(
        election=spec.election,
        round=spec.round,
        form=spec.form,
        columns=plan.columns,
        font_size=m.font,
        rows=tuple(rows),
        seal=seal,
        qr=QR_BOX,
        fiducials=fiducial_boxes(),
    )
    seal_label = TextLine(
        SEAL_LABEL, Face.REGULAR, 6.5, _r((seal[0] + seal[2]) / 2), _r(seal[3] - 5.0),
        Align.CENTRE, grey=0.55,
    )  # fmt: skip
    return BallotDesign(
        layout=layout, texts=tuple(texts), rules=tuple(rules), seal_label=seal_label
    )


def design_ballot(spec: BallotSpec) -> BallotDesign:
    """Lay out a ballot: one column at a comfortable 12 pt when it fits, else two columns,
    shrinking the type down to 9 pt. Raises ``InputError`` for a list that cannot fit one A4 side."""
    _check_spec(spec)
    for plan in _plans():
        design = _fit(spec, plan)
        if design is not None:
            return design
    n = len(spec.candidates)
    raise InputError(
        f"Danh sách {n} người không vừa một mặt giấy A4, kể cả khi in hai cột với cỡ chữ nhỏ nhất "
        f"còn dễ đọc ({MIN_FONT:g} pt); hãy rút gọn danh sách hoặc kiểm tra lại tên quá dài",
        Location(field="candidates"),
    )


def compute_layout(spec: BallotSpec) -> Layout:
    """The shared layout of a ballot (see ``design_ballot``)."""
    return design_ballot(spec).layout
