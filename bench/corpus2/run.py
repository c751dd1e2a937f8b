"""Benchmark of `daihoi count scan` on the independent corpus (corpus2).

    python -m bench.corpus2.run [--n 12] [--seed 2026] [--classes a,b] [--out DIR] [-j 2]
                                [--fail-on-silent] [--hard FILE]

Generates N papers per class (seeded), runs, per class, the reader's command line
`daihoi count scan ELECTION DIR -o results.json --crops DIR -j J` on that class's folder, reads the
results JSON and compares every page's reading with the truth computed from the ink drawn.

Per class it prints: pages, correct, sent to review (when the truth did not need it), rejected
(a countable paper not read), silent errors (a reading that differs from the truth and was NOT sent
to review: the worst kind), false duplicates (a page flagged as a rescan of another paper) and
missed duplicates (a paper scanned twice and not flagged).  Exit status 0 (it is a benchmark);
with --fail-on-silent, 1 when there is any silent error.  Nothing here imports daihoi.scan.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from .generate import CLASSES, batches, generate
from .paper import REPO, cli_env, daihoi_cmd

COUNTED = ("valid", "invalid")


def _row_marks(reading: dict) -> dict[str, str]:
    out = {}
    for r in reading.get("rows") or []:
        out[r["candidate"]] = str(r.get("mark"))
    return out


def judge(reading: dict, truth: dict) -> tuple[str, str]:
    """(outcome, why): outcome is correct | review | rejected | silent."""
    st = reading.get("status")
    if st == "review":
        return (
            ("correct", "")
            if truth["status"] == "review"
            else ("review", str(reading.get("reason")))
        )
    if st == "rejected":
        if truth["status"] == "rejected" or "rejected" in truth["accept"]:
            return "correct", ""
        return "rejected", str(reading.get("reason"))
    if st not in COUNTED:
        return "silent", f"unknown status {st}"
    if st not in truth["accept"]:
        if truth["status"] == "review":
            return (
                "silent",
                f"counted {st} ({reading.get('reason') or ''}); truth review: {truth['reason']}",
            )
        return (
            "silent",
            f"read {st} {reading.get('reason') or ''}; truth {truth['status']} {truth['reason']}",
        )
    if truth["status"] == "rejected":
        return "correct", ""  # an invalid reading of a paper that is not ours: not counted, fine
    if st == "invalid":
        if truth["status"] == "invalid" and reading.get("reason") != truth["reason"]:
            return "silent", f"invalid {reading.get('reason')}; truth invalid {truth['reason']}"
        return "correct", ""
    marks = _row_marks(reading)
    bad = []
    for cand, want in truth.get("readings", {}).items():
        got = marks.get(cand)
        if got != want:
            bad.append(f"{cand}: truth {want}, read {got}")
    if bad:
        return "silent", "; ".join(bad)
    return "correct", ""


def _note(cls: str, idx: int, entry: dict, kind: str, why: str, **extra: object) -> dict:
    """One line of the notes file: which page, what went wrong, why."""
    return {
        "class": cls,
        "index": idx,
        "seed": entry["seed"],
        "file": entry["file"],
        "page": entry["page"],
        "kind": kind,
        "why": why,
        **extra,
    }


def evaluate(entries: list[dict], readings: dict[tuple[str, int], dict]) -> tuple[dict, list[dict]]:
    """Per-class figures and the list of pages with a silent error, a false or a missed duplicate."""
    stats: dict = defaultdict(lambda: defaultdict(int))
    notes: list[dict] = []
    by_paper: dict = defaultdict(list)
    for e in entries:
        by_paper[(e["class"], e["index"])].append(e)

    def key(e):
        return (e["file"], e["page"])

    for (cls, idx), es in by_paper.items():
        es.sort(key=lambda e: e["scan_no"])
        got = [readings.get(key(e)) for e in es]
        S = stats[cls]
        for e, r in zip(es, got, strict=False):
            S["pages"] += 1
            if r is None:
                S["missing"] += 1
                notes.append(_note(cls, idx, e, "missing", "no reading for this page"))
        if any(r is None for r in got):
            continue
        paper_truth = es[0]["truth"]
        flagged = [r.get("reason") == "duplicate_page" for r in got]
        if len(es) == 1:
            e, r = es[0], got[0]
            if flagged[0]:
                S["false_dup"] += 1
                S["review"] += 1
                of = r.get("duplicate_of") or {}
                notes.append(
                    _note(
                        cls,
                        idx,
                        e,
                        "false_duplicate",
                        f"flagged as a rescan of {Path(str(of.get('source'))).name} p{of.get('page')}",
                    )
                )
                continue
            out, why = judge(r, paper_truth)
            S[out] += 1
            if out in ("review", "rejected"):
                S[f"why:{why}"] += 1
            if out == "silent":
                notes.append(_note(cls, idx, e, "silent", why, notes=e["notes"]))
            continue
        # a paper scanned twice: one of the two must be flagged as a duplicate of the other
        names = [e["file"] for e in es]
        dup_i = None
        for i, r in enumerate(got):
            of = r.get("duplicate_of") or {}
            src = str(of.get("source", ""))
            if flagged[i] and any(src.endswith(n) for j, n in enumerate(names) if j != i):
                dup_i = i
        for i, (e, r) in enumerate(zip(es, got, strict=False)):
            if dup_i is not None and i == dup_i:
                S["correct"] += 1
                continue
            if dup_i is None and i == len(es) - 1:
                S["missed_dup"] += 1
                if r.get("status") in COUNTED:
                    S["silent"] += 1
                    notes.append(
                        _note(
                            cls,
                            idx,
                            e,
                            "silent",
                            "rescan of the same paper counted again (missed duplicate)",
                        )
                    )
                elif r.get("status") == "rejected":
                    S["rejected"] += 1
                else:
                    S["review"] += 1
                continue
            if flagged[i]:  # flagged, but as a duplicate of something else
                S["false_dup"] += 1
                S["review"] += 1
                of = r.get("duplicate_of") or {}
                notes.append(
                    _note(
                        cls,
                        idx,
                        e,
                        "false_duplicate",
                        f"flagged as a rescan of {Path(str(of.get('source'))).name} p{of.get('page')}",
                    )
                )
                continue
            out, why = judge(r, paper_truth)
            S[out] += 1
            if out in ("review", "rejected"):
                S[f"why:{why}"] += 1
            if out == "silent":
                notes.append(_note(cls, idx, e, "silent", why, notes=e["notes"]))
    return stats, notes


COLS = [
    ("pages", "pages"),
    ("correct", "correct"),
    ("review", "to review"),
    ("rejected", "rejected"),
    ("silent", "SILENT"),
    ("false_dup", "false dup"),
    ("missed_dup", "missed dup"),
]


def table(stats: dict, classes: list[str]) -> str:
    lines = ["| class | " + " | ".join(h for _, h in COLS) + " |", "|---|" + "---:|" * len(COLS)]
    tot: dict = defaultdict(int)
    for c in classes:
        S = stats.get(c, {})
        lines.append(f"| {c} | " + " | ".join(str(S.get(k, 0)) for k, _ in COLS) + " |")
        for k, _ in COLS:
            tot[k] += S.get(k, 0)
    lines.append("| **all** | " + " | ".join(f"**{tot[k]}**" for k, _ in COLS) + " |")
    return "\n".join(lines)


def _hard(nt: dict) -> dict:
    """A known hard page, small: how to make it again (class, seed, index) and why it is hard."""
    what = {k: v for k, v in (nt.get("notes") or {}).items() if k not in ("printer", "scans")}
    if isinstance(what.get("seal"), dict):
        what["seal"] = {
            k: what["seal"][k] for k in ("design", "pad", "colour") if k in what["seal"]
        }
    return {
        "class": nt["class"],
        "seed": nt["seed"],
        "index": nt["index"],
        "file": nt["file"],
        "page": nt["page"],
        "kind": nt["kind"],
        "why": nt["why"],
        **({"what": what} if what else {}),
    }


def counted_as(election: Path, pages: int, folder: Path) -> Path:
    """The election file to count a class with: the example's own, or a copy whose electorate
    (and the meeting's present and issued) is at least the class's pages, since the count
    refuses more ballots than voters (the secretary's example has 9). Nothing printed on the
    ballot changes."""
    import yaml

    d = yaml.safe_load(election.read_text(encoding="utf-8"))
    if int(d.get("electorate", 0)) >= pages:
        return election
    d["electorate"] = pages
    meeting = d.get("meeting") or {}
    for key in ("present", "issued"):
        if key in meeting:
            meeting[key] = pages
    if "absent" in meeting:
        meeting["absent"] = 0
    copy = folder / f"{election.stem}-{pages}-cu-tri.yaml"
    copy.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def run_reader(election: Path, inputs: Path, results: Path, crops: Path, jobs: int) -> dict:
    for p in (results, results.with_name(results.name + ".journal")):
        if p.exists():
            p.unlink()
    if crops.exists():
        shutil.rmtree(crops)
    pages = sum(1 for f in inputs.rglob("*") if f.is_file())
    # A multi-page PDF holds three pages: the electorate is never short.
    election = counted_as(election, 3 * pages, results.parent)
    cmd = [
        *daihoi_cmd(),
        "count",
        "scan",
        str(election),
        str(inputs),
        "-o",
        str(results),
        "--crops",
        str(crops),
        "-j",
        str(jobs),
    ]
    proc = subprocess.run(cmd, env=cli_env(), capture_output=True, text=True)
    if proc.returncode != 0 or not results.exists():
        raise SystemExit(
            f"daihoi count scan failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}"
        )
    return json.loads(results.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=12, help="papers per class (default 12)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--classes", default=",".join(CLASSES))
    ap.add_argument(
        "--out", type=Path, help="working folder (default: a temporary one, removed after)"
    )
    ap.add_argument("-j", "--jobs", type=int, default=2, help="reader worker processes")
    ap.add_argument("--fail-on-silent", action="store_true", help="exit 1 on any silent error")
    ap.add_argument(
        "--hard", type=Path, help="write the pages with silent errors / duplicate mistakes (JSON)"
    )
    ap.add_argument(
        "--score-only",
        action="store_true",
        help="with --out: score the pages and results already there (no generating, no reading)",
    )
    a = ap.parse_args(argv)
    classes = [c for c in a.classes.split(",") if c]
    tmp = None
    out = a.out
    if out is None:
        tmp = tempfile.mkdtemp(prefix="corpus2-")
        out = Path(tmp)
    try:
        t0 = time.time()
        if a.score_only:
            entries = [
                e
                for e in json.loads((out / "truth.json").read_text(encoding="utf-8"))
                if e["class"] in classes
            ]
        else:
            entries = generate(
                out, a.n, a.seed, classes, log=lambda m: print("  generated", m, flush=True)
            )
        t1 = time.time()
        readings: dict = {}
        for _cls, election, folder in batches(entries):
            tag = folder.replace("/", "-")
            if a.score_only:
                res = json.loads((out / f"{tag}.results.json").read_text(encoding="utf-8"))
            else:
                res = run_reader(
                    REPO / election,
                    out / folder,
                    out / f"{tag}.results.json",
                    out / "crops" / tag,
                    a.jobs,
                )
            for r in res.get("readings", []):
                src = Path(r["source"]).resolve()
                try:
                    rel = src.relative_to(out.resolve()).as_posix()
                except ValueError:
                    rel = src.name
                readings[(rel, int(r.get("page", 1)))] = r
            print(f"  read {folder} ({Path(election).name})", flush=True)
        t2 = time.time()
        stats, notes = evaluate(entries, readings)
        print(
            f"\ncorpus2 on today's reader: seed {a.seed}, {a.n} papers per class, "
            f"generated in {t1 - t0:.0f} s, read in {t2 - t1:.0f} s\n"
        )
        print(table(stats, classes))
        print(
            "\nSent to review or rejected although the truth did not need it, by the reader's reason:"
        )
        for c in classes:
            whys = sorted(
                ((k[4:], v) for k, v in stats.get(c, {}).items() if k.startswith("why:")),
                key=lambda kv: -kv[1],
            )
            if whys:
                print(f"- {c}: " + ", ".join(f"{k} {v}" for k, v in whys))
        if notes:
            print("\nSilent errors and duplicate mistakes:")
            for nt in notes:
                print(
                    f"- {nt['kind']}: {nt['file']} p{nt['page']} (class {nt['class']}, seed {nt['seed']}, "
                    f"index {nt['index']}): {nt['why']}"
                )
        (out / "summary.json").write_text(
            json.dumps(
                {"seed": a.seed, "n": a.n, "stats": stats, "notes": notes},
                ensure_ascii=False,
                indent=1,
                default=str,
            ),
            encoding="utf-8",
        )
        if a.hard:
            a.hard.write_text(
                json.dumps(
                    {"seed": a.seed, "n": a.n, "pages": [_hard(nt) for nt in notes]},
                    ensure_ascii=False,
                    indent=1,
                    default=str,
                )
                + "\n",
                encoding="utf-8",
            )
        silent = sum(S.get("silent", 0) for S in stats.values())
        return 1 if (a.fail_on_silent and silent) else 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
