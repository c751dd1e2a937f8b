"""The corpus: classes of marked, stamped, printed and scanned ballots, each page with its truth.

    python -m bench.corpus2.generate OUT_DIR [--n 10] [--seed 2026] [--classes a,b,...]

writes OUT_DIR/<class>/... (image files, one page each, and multi-page PDFs) and
OUT_DIR/truth.json.  Everything is drawn from one seed: the same seed gives the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

import cv2
import numpy as np

from . import marks as mk
from .degrade import A4, Printer, Scanner, encode, paper_tint, print_layer, scan, write_pdf
from .ink import Canvas, pen_style
from .paper import REPO, Ballot, Row, Word, print_ballot, render_gray
from .seal import DESIGNS, stamp
from .truth import page_truth

EXAMPLES = REPO / "examples"
STRIKE_ELECTION = EXAMPLES / "q1-bch-2025.yaml"
APPROVE_ELECTION = EXAMPLES / "q1-bithu-2025.yaml"
OTHER_ELECTION = EXAMPLES / "doan-bch-2025.yaml"

CLASSES = [
    "ordinary",
    "approve_alike",
    "partial",
    "correction",
    "highlighter",
    "approve_outside",
    "light_ink",
    "stamp_variants",
    "rescan",
    "identity",
    "written_in",
    "dense_list",
]
ELECTION_OF = {c: STRIKE_ELECTION for c in CLASSES}
ELECTION_OF["approve_alike"] = APPROVE_ELECTION
ELECTION_OF["approve_outside"] = APPROVE_ELECTION


SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Minh",
    "Quốc",
    "Thanh",
    "Hữu",
    "Ngọc",
    "Đức",
    "Thu",
    "Xuân",
    "Hoàng",
    "Kim",
]
GIVENS = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Uyên",
    "Vinh",
    "Yến",
    "Ánh",
    "Đạt",
]


def dense_election(n: int = 100) -> dict:
    """A long committee list (two columns, small print): n distinct names, n - 9 seats."""
    rng = np.random.default_rng(64)
    names: list[str] = []
    while len(names) < n:
        nm = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        if nm not in names:
            names.append(nm)
    return {
        "id": "q1-dense-2025",
        "title": "Bầu Ban Chấp hành Đảng bộ Quận 1 khóa XII, nhiệm kỳ 2025–2030",
        "congress": "Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII",
        "body": "committee",
        "seats": n - 9,
        "round": 1,
        "rules": "party",
        "electorate": 300,
        "candidates": names,
    }


class Ballots:
    """The printed ballots the classes use (printed once with the CLI, into a cache folder)."""

    def __init__(self, cache: Path):
        self.cache = cache
        self._b: dict[str, Ballot] = {}

    def get(self, key: str) -> Ballot:
        if key not in self._b:
            if key == "strike":
                f = STRIKE_ELECTION
            elif key == "approve":
                f = APPROVE_ELECTION
            elif key == "other":
                f = OTHER_ELECTION
            elif key == "dense":
                import yaml

                f = self.cache / "q1-dense-2025.yaml"
                self.cache.mkdir(parents=True, exist_ok=True)
                f.write_text(
                    yaml.safe_dump(dense_election(), allow_unicode=True, sort_keys=False),
                    encoding="utf-8",
                )
            elif key == "round2":
                import yaml

                d = yaml.safe_load(STRIKE_ELECTION.read_text(encoding="utf-8"))
                d["round"] = 2
                f = self.cache / "q1-bch-2025-vong2.yaml"
                self.cache.mkdir(parents=True, exist_ok=True)
                f.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
            else:
                raise KeyError(key)
            self._b[key] = print_ballot(f, self.cache)
        return self._b[key]


def _moved(rows: list[Row], sc: float, dx: float, dy: float) -> list[Row]:
    def fx(x):
        return x * sc + dx

    def fy(y):
        return y * sc + dy

    def box(b):
        return None if b is None else [fx(b[0]), fy(b[1]), fx(b[2]), fy(b[3])]

    out = []
    for r in rows:

        def mw(w):
            return Word(
                w.text, fx(w.x0), fx(w.x1), fy(w.top), fy(w.bottom), fy(w.baseline), w.xheight * sc
            )

        out.append(
            Row(
                r.number,
                r.candidate,
                box(r.row),
                box(r.name),
                box(r.agree),
                box(r.disagree),
                [mw(w) for w in r.words],
                [mw(w) for w in r.extra],
            )
        )
    return out


class Paper:
    """One sheet: printed, stamped, marked; scanned any number of times."""

    def __init__(
        self,
        ballot: Ballot | None,
        rng: np.random.Generator,
        s: float,
        printer: Printer | None,
        back_side: bool = False,
    ):
        self.s = s
        self.ballot = ballot
        H, W = round(A4[1] * s), round(A4[0] * s)
        self.cv = Canvas(1, 1, s)
        fibre = np.empty((H, W), np.float32)
        cv2.setRNGSeed(int(rng.integers(1 << 30)))
        cv2.randn(fibre, 1.0, 0.006)
        self.cv.t = fibre[..., None] * paper_tint(rng)[None, None, :]
        self.rows: list[Row] = []
        self.seal_box = None
        self.printer = printer
        if ballot is not None and printer is not None:
            g = render_gray(str(ballot.pdf), s)
            g = (
                g[:H, :W]
                if g.shape[0] >= H and g.shape[1] >= W
                else np.pad(
                    g, ((0, max(H - g.shape[0], 0)), (0, max(W - g.shape[1], 0))), constant_values=1
                )[:H, :W]
            )
            p = print_layer(g, s, printer, rng)
            if back_side:  # the back of a ballot: the print shows through, mirrored and faint
                p = 1 - (1 - p[:, ::-1]) * rng.uniform(0.04, 0.12)
            toner = (
                np.array([0.10, 0.10, 0.11], np.float32)
                if not printer.photocopy
                else np.array([0.2, 0.2, 0.2], np.float32)
            )
            self.cv.t *= p[..., None] + (1 - p)[..., None] * toner
            self.rows = _moved(ballot.rows, printer.scale, printer.dx, printer.dy)
            sb = ballot.layout["seal"]
            self.seal_box = [
                sb[0] * printer.scale + printer.dx,
                sb[1] * printer.scale + printer.dy,
                sb[2] * printer.scale + printer.dx,
                sb[3] * printer.scale + printer.dy,
            ]

    def stamp(self, rng, *, spill: bool = False, house: bool = True, **kw) -> dict:
        """house: the committee's own stamp (one rubber stamp for the whole election: the same
        design and size on every ballot, only the press, angle and place vary); otherwise a
        random design and size (the stamp-variant and identity classes)."""
        bx = self.seal_box
        cx, cy = (bx[0] + bx[2]) / 2, (bx[1] + bx[3]) / 2
        if spill:  # stamped in a hurry: well off the box, over the heading
            cx += rng.uniform(12, 30) * rng.choice([-1, 1])
            cy += rng.uniform(10, 28) * rng.choice([-1, 1])
            cx = max(cx, 40.0)
        elif not house:  # off-centre but about in the box
            cx += rng.uniform(-10, 10)
            cy += rng.uniform(-8, 8)
        else:  # the committee's careful stamping, one factor per class
            cx += rng.uniform(-3, 3)
            cy += rng.uniform(-3, 3)
        if house:
            spec = dict(
                design="ring_text_star",
                colour="red",
                pad=str(rng.choice(["fresh", "normal", "normal"])),
                diameter_pt=92.0,
                angle=float(rng.uniform(-180, 180)),
            )
        else:
            spec = dict(
                design=str(rng.choice(DESIGNS)),
                colour="red",
                pad=str(rng.choice(["fresh", "normal", "normal", "uneven"])),
                diameter_pt=float(rng.uniform(82, 105)),
                angle=float(rng.uniform(-180, 180)),
            )
        spec.update(kw)
        cy = min(cy, self.rows[0].row[1] - spec["diameter_pt"] / 2 - 4) if self.rows else cy
        stamp(self.cv, rng, (cx, cy), **spec)
        spec.update(centre=[round(cx, 1), round(cy, 1)], spill=spill)
        return spec

    def scan(self, sc: Scanner, rng) -> np.ndarray:
        return scan(self.cv.t, self.s, sc, rng)


def res_for(sc: Scanner) -> float:
    return min(max(sc.dpi, 150), 200) / 72.0


def _strike_some(p: Paper, rng, st, n_struck: int | None = None, exclude=()) -> list[int]:
    rows = [r for r in p.rows if r.number not in exclude]
    if n_struck is None:
        n_struck = int(
            rng.choice([0, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7] if not exclude else [1, 2, 2, 3])
        )
    n_struck = min(n_struck, len(rows))
    pick = sorted(rng.choice(len(rows), n_struck, replace=False).tolist()) if n_struck else []
    for i in pick:
        mk.strike(p.cv, rows[i], st, rng)
    return [rows[i].number for i in pick]


# ------------------------------------------------------------------------------------ classes
# Each class function makes ONE paper and returns (paper, [scanner, ...], notes, truth_kwargs).


def c_ordinary(B, rng):
    sc = Scanner.random(rng)
    if rng.random() < 0.08:
        sc = Scanner.random(rng, "phone")
    p = Paper(B.get("strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    _strike_some(p, rng, st)
    return p, [sc], {"seal": seal, "pen": st.name}, {}


def c_approve_alike(B, rng):
    # many papers alike: the same scanner settings, the same kind of pen, X in the same box
    sc = Scanner(
        dpi=200,
        mode="gray",
        fmt="png",
        angle=float(rng.uniform(-0.6, 0.6)),
        dx=float(rng.uniform(-2, 2)),
        dy=float(rng.uniform(-2, 2)),
        blur=0.6,
        noise=1.5,
    )
    pr = Printer(density=0.95, dx=float(rng.uniform(-0.5, 0.5)), dy=float(rng.uniform(-0.5, 0.5)))
    p = Paper(B.get("approve"), rng, res_for(sc), pr)
    seal = p.stamp(rng, pad="normal", angle=float(rng.uniform(-8, 8)))
    st = pen_style(rng, "ballpoint_blue")
    r = p.rows[0]
    choice = str(rng.choice(["agree"] * 8 + ["disagree"] * 1 + ["neither"] * 1))
    if choice != "neither":
        mk.x_mark(p.cv, r.agree if choice == "agree" else r.disagree, st, rng, row=r.number)
    return p, [sc], {"seal": seal, "drawn": choice}, {}


def c_partial(B, rng):
    sc = Scanner.random(rng)
    p = Paper(B.get("strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    k = int(rng.choice([1, 1, 2]))
    idx = rng.choice(len(p.rows), k, replace=False).tolist()
    modes = []
    for i in idx:
        m = str(rng.choice(["late", "early", "skip", "late_word", "early_word"]))
        modes.append(m)
        mk.strike(p.cv, p.rows[i], st, rng, mode=m)
    _strike_some(p, rng, st, exclude=[p.rows[i].number for i in idx])
    return p, [sc], {"seal": seal, "partial": modes, "rows": [p.rows[i].number for i in idx]}, {}


def c_correction(B, rng):
    sc = Scanner.random(rng)
    p = Paper(B.get("strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    i = int(rng.integers(len(p.rows)))
    r = p.rows[i]
    kind = str(rng.choice(["loop", "word", "second", "tick_kept", "loop_kept"]))
    if kind in ("loop", "word", "second"):
        mk.strike(p.cv, r, st, rng)
    st2 = pen_style(rng) if rng.random() < 0.3 else st
    if kind in ("loop", "loop_kept"):
        mk.loop(p.cv, r, st2, rng)
    elif kind == "word":
        mk.word_beside(p.cv, r, st2, rng)
    elif kind == "second":
        mk.second_strike(p.cv, r, st2, rng)
    else:
        mk.tick(p.cv, r, st2, rng)
    _strike_some(p, rng, st, exclude=[r.number])
    return p, [sc], {"seal": seal, "correction": kind, "row": r.number}, {}


def c_highlighter(B, rng):
    sc = Scanner.random(rng)
    p = Paper(B.get("strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    i = int(rng.integers(len(p.rows)))
    r = p.rows[i]
    also = bool(rng.random() < 0.35)
    mk.highlight(p.cv, r, rng)
    if also:
        mk.strike(p.cv, r, st, rng)
    _strike_some(p, rng, st, exclude=[r.number])
    return p, [sc], {"seal": seal, "highlight_row": r.number, "also_struck": also}, {}


def c_approve_outside(B, rng):
    sc = Scanner.random(rng)
    p = Paper(B.get("approve"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    r = p.rows[0]
    kind = str(
        rng.choice(
            ["x_between", "x_on_name", "x_plus_note", "x_overshoot", "tick_name", "circle_box"]
        )
    )
    a, d = r.agree, r.disagree
    cy = (a[1] + a[3]) / 2
    if kind == "x_between":
        mk.x_mark(
            p.cv,
            a,
            st,
            rng,
            size=5.0,
            centre=((a[2] + d[0]) / 2 + rng.uniform(-8, 8), cy + rng.uniform(-1, 1)),
            row=1,
        )
    elif kind == "x_on_name":
        mk.x_mark(p.cv, a, st, rng, size=5.5, centre=((r.name[0] + r.name[2]) / 2, r.mid_y), row=1)
    elif kind == "x_plus_note":
        mk.x_mark(p.cv, a if rng.random() < 0.7 else d, st, rng, row=1)
        mk.word_beside(p.cv, r, st, rng, text=str(rng.choice(["đồng ý", "nhất trí", "ok"])))
    elif kind == "x_overshoot":
        mk.x_mark(
            p.cv,
            a,
            st,
            rng,
            size=rng.uniform(11, 14),
            centre=((a[0] + a[2]) / 2 + rng.uniform(-2, 2), cy),
            row=1,
        )
    elif kind == "tick_name":
        mk.x_mark(p.cv, a, st, rng, row=1)
        mk.tick(p.cv, r, st, rng, x=r.name[2] + rng.uniform(8, 40))
    else:
        mk.x_mark(p.cv, a, st, rng, row=1)
        cx = (a[0] + a[2]) / 2
        from .ink import draw_path, ellipse_path

        draw_path(
            p.cv,
            ellipse_path(cx, cy, 14 + rng.uniform(0, 4), 11 + rng.uniform(0, 2), rng),
            st,
            rng,
            "loop",
            row=1,
        )
    return p, [sc], {"seal": seal, "outside": kind}, {}


def c_light_ink(B, rng):
    sc = Scanner.random(rng)
    approve = rng.random() < 0.25
    p = Paper(B.get("approve" if approve else "strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    name = str(rng.choice(["pencil", "ballpoint_lightblue"]))
    st = pen_style(rng, name)
    if name == "ballpoint_lightblue":
        st.skips = int(rng.integers(0, 3))
        st.skip_len = (0.2, 0.6)
    if name == "pencil":
        st.alpha = float(rng.uniform(0.38, 0.6))
    if approve:
        r = p.rows[0]
        mk.x_mark(p.cv, r.agree if rng.random() < 0.7 else r.disagree, st, rng, row=1)
    else:
        _strike_some(p, rng, st, n_struck=int(rng.integers(2, 6)))
    return p, [sc], {"seal": seal, "pen": name, "alpha": round(st.alpha, 2), "skips": st.skips}, {}


def c_stamp_variants(B, rng):
    sc = Scanner.random(rng)
    v = str(
        rng.choice(
            [
                "design",
                "design",
                "off_centre",
                "spill",
                "dry",
                "very_dry",
                "uneven",
                "double",
                "blue",
                "violet",
                "fresh_blot",
                "small",
                "photocopy",
                "none",
            ]
        )
    )
    pr = Printer.random(rng)
    if v == "photocopy":  # only a colour scan can tell toner grey from a red stamp
        pr.photocopy = True
        sc.mode = "color"
        if sc.fmt == "tif":
            sc.fmt = "png"
    p = Paper(B.get("strike"), rng, res_for(sc), pr)
    seal = None
    sealstate = "real"
    if v == "design":
        seal = p.stamp(rng, house=False)
    elif v == "off_centre":
        seal = p.stamp(rng, house=False, design="ring_text_star", diameter_pt=92.0)
    elif v == "spill":
        seal = p.stamp(rng, spill=True)
    elif v in ("dry", "very_dry", "uneven", "double"):
        seal = p.stamp(rng, pad=v)
    elif v in ("blue", "violet"):
        seal = p.stamp(rng, colour=v)
    elif v == "fresh_blot":
        seal = p.stamp(rng, pad="fresh", diameter_pt=float(rng.uniform(100, 112)))
    elif v == "small":
        seal = p.stamp(rng, diameter_pt=float(rng.uniform(68, 78)))
    elif v == "photocopy":
        seal = p.stamp(rng, colour="photocopy")
        sealstate = "photocopy"
    else:
        sealstate = "none"
    st = pen_style(rng)
    _strike_some(p, rng, st, n_struck=int(rng.integers(2, 6)))
    return p, [sc], {"seal": seal, "variant": v}, {"seal": sealstate}


def c_rescan(B, rng):
    sc1 = Scanner.random(rng)
    sc1.orient = 0
    s = 200 / 72.0
    p = Paper(B.get("strike"), rng, s, Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    _strike_some(p, rng, st, n_struck=int(rng.integers(2, 6)))
    sc2 = Scanner.random(rng)
    sc2.dpi = int(rng.choice([d for d in (150, 200, 300, 400) if d != sc1.dpi]))
    sc2.mode = "gray" if sc1.mode == "color" else "color"
    if sc2.fmt == "tif":
        sc2.fmt = "png"
    sc2.orient = int(rng.choice([0, 1, 2, 3]))
    sc2.angle = float(rng.uniform(-3, 3))
    sc2.dx, sc2.dy = float(rng.uniform(-15, 15)), float(rng.uniform(-15, 15))
    return p, [sc1, sc2], {"seal": seal, "scans": [asdict(sc1), asdict(sc2)]}, {}


def c_identity(B, rng):
    sc = Scanner.random(rng)
    kind = str(rng.choice(["other_election", "round2", "blank", "back_side"]))
    s = res_for(sc)
    if kind == "other_election":
        p = Paper(B.get("other"), rng, s, Printer.random(rng))
        p.stamp(rng, house=False, name="BAN KIỂM PHIẾU ĐẠI HỘI ĐOÀN")
        st = pen_style(rng)
        _strike_some(p, rng, st, n_struck=int(rng.integers(1, 4)))
    elif kind == "round2":
        p = Paper(B.get("round2"), rng, s, Printer.random(rng))
        p.stamp(rng)
        st = pen_style(rng)
        _strike_some(p, rng, st, n_struck=int(rng.integers(1, 4)))
    elif kind == "blank":
        p = Paper(None, rng, s, None)
    else:
        p = Paper(B.get("strike"), rng, s, Printer.random(rng), back_side=True)
        p.rows = []
    return p, [sc], {"identity": kind}, {"identity": kind}


def c_written_in(B, rng):
    sc = Scanner.random(rng)
    p = Paper(B.get("strike"), rng, res_for(sc), Printer.random(rng))
    seal = p.stamp(rng)
    st = pen_style(rng)
    _strike_some(p, rng, st, n_struck=int(rng.integers(2, 6)))
    kind = str(rng.choice(["name", "remark", "signature"]))
    y = p.rows[-1].row[3] + rng.uniform(16, 70)
    x = p.rows[0].name[0] + rng.uniform(-10, 60)
    if kind == "name":
        mk.draw_handwriting(
            p.cv,
            str(rng.choice(["8. Nguyễn Văn Bảo", "Lê Thị Mai", "thêm: Trần Văn Tư"])),
            x,
            y,
            rng.uniform(10, 13),
            st,
            rng,
            kind="written",
        )
    elif kind == "remark":
        mk.draw_handwriting(
            p.cv,
            str(rng.choice(["đồng ý tất cả", "không ý kiến", "OK"])),
            x,
            y,
            rng.uniform(10, 13),
            st,
            rng,
            kind="written",
        )
    else:  # a signature: a fast looping scribble
        from .ink import draw_path

        t = np.linspace(0, 1, 60)
        pts = np.stack(
            [
                x + 60 * t + 6 * np.sin(t * rng.uniform(18, 30)),
                y - 6 + 7 * np.cos(t * rng.uniform(14, 24)) + rng.normal(0, 0.3, t.size),
            ],
            1,
        )
        draw_path(p.cv, pts, st, rng, "signature")
    return p, [sc], {"seal": seal, "written": kind}, {}


def c_dense_list(B, rng):
    sc = Scanner.random(rng)
    if sc.dpi < 200:
        sc.dpi = 200
    p = Paper(B.get("dense"), rng, res_for(sc), Printer.random(rng))
    # this committee's stamp is 28 mm: on the compact layout the seal area is 79 pt tall and the
    # list starts 3 pt under it (a 92-pt stamp kept off the list spills over the area's top)
    seal = p.stamp(rng, diameter_pt=80.0)
    st = pen_style(rng)
    k = int(rng.integers(9, 22))
    pick = sorted(rng.choice(len(p.rows), k, replace=False).tolist())
    for i in pick:
        mk.strike(p.cv, p.rows[i], st, rng)
    return p, [sc], {"seal": seal, "struck": [p.rows[i].number for i in pick]}, {}


CLASS_FUNCS = {
    "ordinary": c_ordinary,
    "approve_alike": c_approve_alike,
    "partial": c_partial,
    "correction": c_correction,
    "highlighter": c_highlighter,
    "approve_outside": c_approve_outside,
    "light_ink": c_light_ink,
    "stamp_variants": c_stamp_variants,
    "rescan": c_rescan,
    "identity": c_identity,
    "written_in": c_written_in,
    "dense_list": c_dense_list,
}


def _seed_for(seed: int, cls: str, i: int) -> int:
    h = hashlib.sha256(f"{seed}|{cls}|{i}".encode()).digest()
    return int.from_bytes(h[:8], "little")


def make_page(B: Ballots, seed: int, cls: str, i: int):
    """One paper of a class: (list of scanned images with their scanners, truth, notes)."""
    rng = np.random.default_rng(_seed_for(seed, cls, i))
    p, scanners, notes, tkw = CLASS_FUNCS[cls](B, rng)
    if p.printer is not None:
        notes["printer"] = {
            k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(p.printer).items()
        }
    ballot = p.ballot
    form = ballot.form if ballot is not None else "strike"
    seats = 5 if ballot is None else (1 if form == "approve" else int(_seats(ballot)))
    truth = page_truth(
        p.cv, p.rows, form, seats, identity=tkw.get("identity"), seal=tkw.get("seal", "real")
    )
    images = [(p.scan(sc, rng), sc) for sc in scanners]
    return images, truth, notes, p


def _rel(p: Path) -> str:
    p = p.resolve()
    return p.relative_to(REPO).as_posix() if p.is_relative_to(REPO) else str(p)


def _seats(ballot: Ballot) -> int:
    import yaml

    return int(yaml.safe_load(ballot.election_file.read_text(encoding="utf-8"))["seats"])


def _jsonable(o):
    if isinstance(o, dict):
        return {k: _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    return o


def election_for(cls: str, paper: Paper) -> Path:
    """The election file the class's batch is counted against (light_ink mixes both forms)."""
    if cls == "light_ink" and paper.ballot is not None and paper.ballot.form == "approve":
        return APPROVE_ELECTION
    if cls == "dense_list" and paper.ballot is not None:
        return paper.ballot.election_file
    return ELECTION_OF[cls]


def batches(entries: list[dict]) -> list[tuple[str, str, str]]:
    """(class, election file relative to the repo, folder relative to OUT) of every batch."""
    seen: dict = {}
    for e in entries:
        seen.setdefault((e["class"], e["election"]), e["file"].rsplit("/", 1)[0])
    return [(c, el, folder) for (c, el), folder in seen.items()]


def generate(out: Path, n: int, seed: int, classes: list[str], log=print) -> list[dict]:
    """Writes OUT/<class>/<election>/... and OUT/truth.json; one reader batch per such folder."""
    out.mkdir(parents=True, exist_ok=True)
    B = Ballots(out / "_printed")
    entries: list[dict] = []
    for cls in classes:
        if (out / cls).exists():  # stale pages of an earlier run would join the batch
            shutil.rmtree(out / cls)
        pending: dict[str, list] = {}  # per folder: pages waiting for a multi-page PDF
        pdf_no: dict[str, int] = {}

        def flush(
            folder: str, cls: str = cls, pending: dict = pending, pdf_no: dict = pdf_no
        ) -> None:
            pages = pending.pop(folder, [])
            if not pages:
                return
            k = pdf_no.get(folder, 0)
            pdf_no[folder] = k + 1
            name = f"{cls}-quet{k:03d}.pdf"
            sc0 = pages[0][2]
            (out / folder / name).write_bytes(
                write_pdf([im for im, _, _ in pages], sc0.dpi, sc0.quality)
            )
            for pg, (_, e, _) in enumerate(pages):
                e["file"] = f"{folder}/{name}"
                e["page"] = pg + 1
                entries.append(e)

        for i in range(n):
            images, truth, notes, paper = make_page(B, seed, cls, i)
            election = election_for(cls, paper)
            folder = f"{cls}/{election.stem}"
            (out / folder).mkdir(parents=True, exist_ok=True)
            for j, (img, sc) in enumerate(images):
                t = dict(truth)
                if j > 0:
                    t = {
                        "status": "review",
                        "accept": ["review"],
                        "reason": "duplicate_page",
                        "rows": truth.get("rows", {}),
                        "readings": truth.get("readings", {}),
                    }
                e = {
                    "class": cls,
                    "seed": seed,
                    "index": i,
                    "scan_no": j,
                    "truth": t,
                    "notes": notes,
                    "scanner": {k: v for k, v in asdict(sc).items() if k != "meta"},
                    "election": _rel(election),
                }
                if j > 0:
                    e["duplicate_of"] = (cls, i, 0)
                if sc.fmt == "pdf":
                    pending.setdefault(folder, []).append((img, e, sc))
                    if len(pending[folder]) >= 3:
                        flush(folder)
                    continue
                ext, data = encode(img, sc)
                name = f"{cls}-{i:04d}" + (f"-lan{j + 1}" if len(images) > 1 else "") + f".{ext}"
                (out / folder / name).write_bytes(data)
                e["file"] = f"{folder}/{name}"
                e["page"] = 1
                entries.append(e)
        for folder in list(pending):
            flush(folder)
        log(f"{cls}: {n} papers")
    # duplicate_of -> the file/page of the first scan
    where = {(e["class"], e["index"], e["scan_no"]): (e["file"], e["page"]) for e in entries}
    for e in entries:
        if "duplicate_of" in e:
            f, pg = where[tuple(e["duplicate_of"])]
            e["duplicate_of"] = {"file": f, "page": pg}
    (out / "truth.json").write_text(
        json.dumps(_jsonable(entries), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return entries


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=10, help="papers per class")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--classes", default=",".join(CLASSES))
    a = ap.parse_args(argv)
    generate(a.out, a.n, a.seed, [c for c in a.classes.split(",") if c])
    return 0


if __name__ == "__main__":
    sys.exit(main())
