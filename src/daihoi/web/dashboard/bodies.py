"""The elected committees' structure rolled up the tree (cơ cấu cấp ủy khóa mới, tổng hợp).

For a unit and a season: one row per child unit (its whole subtree summed) and one for the
unit's own congress, each from the elected body reports stored when the counts were confirmed
(``personnel.ElectedBody``, source "counted"). A held congress whose committee figures were
only typed (or imported) is counted apart, with its source, and never mixed into the counted
sums: a province sees its districts' sums, the centre sees every province's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from daihoi.web.orgs.models import Organisation
from daihoi.web.personnel.models import ElectedBody
from daihoi.web.season.models import Congress, CongressStatus, Season
from daihoi.web.season.sources import FigureSource

SUMMED = (
    "members",
    "reelected",
    "first_time",
    "women",
    "minorities",
    "age_sum",
    "age_known",
    "under_40",
    "degree",
    "theory",
    "non_local",
)


@dataclass
class BodyRow:
    """The counted figures of the committees elected in one unit's subtree."""

    org: Organisation | None  # None: the total
    own: bool = False  # the unit's own congress, not a child's subtree
    reports: int = 0  # congresses with a counted report
    typed: int = 0  # held congresses whose committee figures are typed or imported only
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0))

    def add(self, figures: dict[str, Any]) -> None:
        self.reports += 1
        for key in SUMMED:
            self.sums[key] += int(figures.get(key) or 0)

    def merge(self, other: BodyRow) -> None:
        self.reports += other.reports
        self.typed += other.typed
        for key in SUMMED:
            self.sums[key] += other.sums[key]

    @property
    def mean_age(self) -> Decimal | None:
        known = self.sums["age_known"]
        if not known:
            return None
        return (Decimal(self.sums["age_sum"]) / known).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def share(self, key: str) -> Decimal | None:
        """``key`` as a percentage of the members, 2 decimals."""
        members = self.sums["members"]
        if not members:
            return None
        return (Decimal(100) * self.sums[key] / members).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def __getitem__(self, key: str) -> int:
        return self.sums[key]


@dataclass(frozen=True)
class BodyRollup:
    root: Organisation
    season: Season | None
    rows: list[BodyRow]
    total: BodyRow


def _prefix(root: Organisation, path: str) -> str:
    length = int(root.steplen * (root.depth + 1))
    return path[:length] if len(path) >= length else root.path


def body_rollup(root: Organisation, season: Season | None) -> BodyRollup:
    """The committees' structure under ``root`` (one query for the reports, one for the typed
    congresses, one for the child units)."""
    reports = ElectedBody.objects.filter(
        body="committee", congress__organisation__path__startswith=root.path
    ).values_list("congress__organisation__path", "figures")
    congresses = Congress.objects.filter(
        organisation__path__startswith=root.path, status=CongressStatus.HELD
    )
    if season is not None:
        reports = reports.filter(congress__season=season)
        congresses = congresses.filter(season=season)
    by_prefix: dict[str, BodyRow] = defaultdict(lambda: BodyRow(None))
    counted_paths: set[str] = set()
    for path, figures in reports:
        by_prefix[_prefix(root, path)].add(figures)
        counted_paths.add(path)
    for path, sources in congresses.values_list("organisation__path", "figure_sources"):
        if path in counted_paths:
            continue
        source = (sources or {}).get("women")
        if source in (FigureSource.TYPED, FigureSource.EXCEL, FigureSource.PERSONNEL):
            by_prefix[_prefix(root, path)].typed += 1
    children = {o.path: o for o in Organisation.objects.get_children(root)}
    rows: list[BodyRow] = []
    if root.path in by_prefix:
        own = by_prefix[root.path]
        own.org, own.own = root, True
        rows.append(own)
    for path, org in sorted(children.items()):
        row = by_prefix.get(path) or BodyRow(org)
        row.org = org
        rows.append(row)
    total = BodyRow(None)
    for row in rows:
        total.merge(row)
    return BodyRollup(root, season, rows, total)


def rollup_rows(rollup: BodyRollup) -> Iterable[BodyRow]:
    yield from rollup.rows
    yield rollup.total


def source_text(row: BodyRow) -> str:
    from django.utils.translation import gettext as _

    parts = []
    if row.reports:
        parts.append(_("kết quả kiểm phiếu (%(n)s đại hội)") % {"n": row.reports})
    if row.typed:
        parts.append(_("nhập tay, không tính vào bảng (%(n)s đại hội)") % {"n": row.typed})
    return "; ".join(parts) or "–"


def rollup_grid(rollup: BodyRollup) -> tuple[list[str], list[list[Any]]]:
    """The table of the roll-up: headers and rows (the total last), numbers as numbers."""
    from django.utils.translation import gettext as _

    headers = [
        _("Đơn vị"),
        _("Đại hội đã có kết quả"),
        _("Ủy viên"),
        _("Tái cử"),
        _("Lần đầu"),
        _("Nữ"),
        _("Nữ (%)"),
        _("Dân tộc thiểu số"),
        _("Tuổi bình quân"),
        _("Dưới 40 tuổi"),
        _("Dưới 40 tuổi (%)"),
        _("Đại học trở lên"),
        _("Lý luận chính trị đạt chuẩn"),
        _("Không phải người địa phương"),
        _("Nguồn"),
    ]
    rows = []
    for row in rollup_rows(rollup):
        if row.org is None:
            name = _("Tổng cộng")
        elif row.own:
            name = _("%(name)s (đại hội của đơn vị)") % {"name": row.org.name}
        else:
            name = row.org.name
        rows.append(
            [
                name,
                row.reports,
                row["members"],
                row["reelected"],
                row["first_time"],
                row["women"],
                row.share("women"),
                row["minorities"],
                row.mean_age,
                row["under_40"],
                row.share("under_40"),
                row["degree"],
                row["theory"],
                row["non_local"],
                source_text(row),
            ]
        )
    return headers, rows
