"""Readings: what the scanner made of each page, as values and as the results JSON ``readings``.

A reading names the image file and the page only (never anything printed per ballot: there is
nothing to identify a voter by), with the image's SHA-256, the scores and the decision, so anyone
can recount and see why a page was read as it was.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from daihoi.scan.decide import REASON_TEXT, UNCLEAR, PageStatus, RowDecision


@dataclass(frozen=True)
class RowReading:
    number: int
    candidate: str
    mark: str  # struck | kept | agree | disagree | both | neither | unclear
    why: str | None
    scores: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "candidate": self.candidate,
            "mark": self.mark,
        }
        if self.why:
            data["why"] = self.why
        data["scores"] = self.scores
        return data


@dataclass(frozen=True)
class PageReading:
    """One scanned page and how it was read."""

    source: str
    page: int
    sha256: str
    status: PageStatus
    reason: str | None
    detail: str | None = None  # Vietnamese explanation for people
    form: str = "strike"
    rows: tuple[RowReading, ...] = ()
    seal: dict[str, Any] | None = None
    rotation: int | None = None
    duplicate_of: dict[str, Any] | None = None
    fingerprint: bytes | None = None
    signature: bytes | None = None  # ``scan.dupes``: what the hand added, for duplicates
    decision: dict[str, Any] | None = None  # the counting committee's decision, when given
    machine: dict[str, Any] | None = field(default=None)  # status/reason before the decision

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.source, self.sha256, self.page)

    def names_with(self, *marks: str) -> list[str]:
        return [row.candidate for row in self.rows if row.mark in marks]

    def to_dict(self, *, with_fingerprint: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "page": self.page,
            "sha256": self.sha256,
            "status": self.status.value,
            "reason": self.reason,
        }
        if self.detail or self.reason:
            data["detail"] = self.detail or REASON_TEXT.get(self.reason or "", None)
        if self.rows:
            data["form"] = self.form
            if self.form == "strike":
                data["struck"] = self.names_with("struck")
                data["kept"] = self.names_with("kept")
            else:
                data["agree"] = self.names_with("agree")
                data["disagree"] = self.names_with("disagree")
                data["both"] = self.names_with("both")
                data["neither"] = self.names_with("neither")
                data["kept"] = self.names_with("agree")
                data["struck"] = self.names_with("disagree", "both", "neither")
            data["unclear"] = self.names_with(UNCLEAR)
            data["rows"] = [row.to_dict() for row in self.rows]
        else:
            data["struck"] = []
            data["kept"] = []
        if self.seal is not None:
            data["seal"] = self.seal
        if self.rotation is not None:
            data["rotation"] = self.rotation
        if self.duplicate_of is not None:
            data["duplicate_of"] = self.duplicate_of
        if self.decision is not None:
            data["decision"] = self.decision
        if self.machine is not None:
            data["machine"] = self.machine
        if with_fingerprint and self.fingerprint is not None:
            data["fingerprint"] = base64.b64encode(self.fingerprint).decode("ascii")
        if with_fingerprint and self.signature is not None:
            data["signature"] = base64.b64encode(self.signature).decode("ascii")
        return data


def reading_from_dict(data: dict[str, Any]) -> PageReading:
    """The inverse of ``PageReading.to_dict`` (journal lines and results files)."""
    rows = tuple(
        RowReading(
            number=int(r["number"]),
            candidate=str(r["candidate"]),
            mark=str(r["mark"]),
            why=r.get("why"),
            scores=dict(r.get("scores", {})),
        )
        for r in data.get("rows", [])
    )
    fingerprint = data.get("fingerprint")
    signature = data.get("signature")
    return PageReading(
        source=str(data["source"]),
        page=int(data["page"]),
        sha256=str(data.get("sha256", "")),
        status=PageStatus(data["status"]),
        reason=data.get("reason"),
        detail=data.get("detail"),
        form=str(data.get("form", "strike")),
        rows=rows,
        seal=data.get("seal"),
        rotation=data.get("rotation"),
        duplicate_of=data.get("duplicate_of"),
        fingerprint=base64.b64decode(fingerprint) if fingerprint else None,
        signature=base64.b64decode(signature) if signature else None,
        decision=data.get("decision"),
        machine=data.get("machine"),
    )


def row_readings(rows: tuple[RowDecision, ...]) -> tuple[RowReading, ...]:
    """Row decisions with their scores, as stored."""
    out: list[RowReading] = []
    for row in rows:
        s = row.score
        scores: dict[str, Any] = {
            "strike": s.strike,
            "cross": s.cross,
            "underline": s.underline,
            "ink": s.ink,
            "stray": s.stray,
        }
        if s.agree is not None:
            scores["agree"] = s.agree
            scores["disagree"] = s.disagree
        if s.shared:
            scores["shared"] = True
        out.append(RowReading(row.number, row.candidate, row.mark, row.why, scores))
    return tuple(out)
