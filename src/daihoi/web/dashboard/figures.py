"""The dashboard's figures for one subtree, read with a fixed number of grouped queries.

Every figure is computed by SQL ``GROUP BY`` over the materialised path: the congresses under a
unit are ``organisation__path__startswith=root.path``, and the child each one belongs to is the
first ``steplen * (root.depth + 1)`` characters of its path. So the national dashboard of 50,000
congresses runs the same dozen queries as a district's of fifty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from daihoi.web.groups.models import Difficulty, DifficultyStatus
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import PENDING, Congress, CongressStatus, Season

from .chart import ChartLine, ChartMarker, level_colour, render_completion_svg
from .forecast import (
    Forecast,
    ResultTotals,
    cumulative_series,
    forecast_completion,
    percent,
    projected_series,
    week_bounds,
)

LIST_LIMIT = 50


@dataclass(frozen=True)
class LevelFigures:
    """Progress of one level of the subtree (cấp)."""

    level: int
    total: int
    held: int
    pending: int
    not_planned: int
    postponed: int
    overdue: int
    this_week: int
    pilot: int
    direct_planned: int
    direct_elected: int

    @property
    def label(self) -> str:
        return str(Level(self.level).label)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.held, self.total)


@dataclass(frozen=True)
class Progress:
    held: int = 0
    total: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.held, self.total)


@dataclass(frozen=True)
class ChildFigures:
    """One row of the child units' table: a unit directly below the root and its subtree."""

    org: Organisation
    by_level: dict[int, Progress]
    total: int
    held: int
    overdue: int
    postponed: int
    pilot: int
    direct_elected: int
    open_difficulties: int
    overdue_difficulties: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.held, self.total)


@dataclass(frozen=True)
class DifficultyCounts:
    open: int = 0
    answered: int = 0
    closed: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page, its Excel export and its PDF report show."""

    root: Organisation
    season: Season | None
    today: date
    levels: list[LevelFigures]
    results: ResultTotals
    delegates_official: int
    delegates_alternate: int
    forecasts: list[Forecast]
    child_levels: list[int]
    children: list[ChildFigures]
    this_week: list[Congress]
    overdue: list[Congress]
    postponed: list[Congress]
    difficulties: list[Difficulty]
    difficulty_counts: DifficultyCounts
    chart_svg: str
    seasons: list[Season] = field(default_factory=list)
    chart_lines: list[ChartLine] = field(default_factory=list)
    chart_markers: list[ChartMarker] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(lv.total for lv in self.levels)

    @property
    def held(self) -> int:
        return sum(lv.held for lv in self.levels)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.held, self.total)

    @property
    def overdue_count(self) -> int:
        return sum(lv.overdue for lv in self.levels)

    @property
    def postponed_count(self) -> int:
        return sum(lv.postponed for lv in self.levels)

    @property
    def this_week_count(self) -> int:
        return sum(lv.this_week for lv in self.levels)

    @property
    def pilot_count(self) -> int:
        return sum(lv.pilot for lv in self.levels)

    @property
    def direct_elected_count(self) -> int:
        return sum(lv.direct_elected for lv in self.levels)


def _counts(today: date) -> dict[str, Any]:
    monday, sunday = week_bounds(today)
    held = Q(status=CongressStatus.HELD)
    pending = Q(status__in=PENDING)
    return {
        "total": Count("id"),
        "held": Count("id", filter=held),
        "pending": Count("id", filter=pending),
        "not_planned": Count("id", filter=Q(status=CongressStatus.NOT_PLANNED)),
        "postponed": Count("id", filter=Q(status=CongressStatus.POSTPONED)),
        "overdue": Count("id", filter=pending & Q(planned_date__lt=today)),
        "this_week": Count(
            "id", filter=pending & Q(planned_date__gte=monday, planned_date__lte=sunday)
        ),
        "pilot": Count("id", filter=Q(is_pilot=True)),
        "direct_planned": Count("id", filter=Q(direct_secretary=True)),
        "direct_elected": Count("id", filter=held & Q(secretary_elected_directly=True)),
    }


def _result_sums() -> dict[str, Any]:
    held = Q(status=CongressStatus.HELD)
    return {
        "seats": Sum("committee_size", filter=held),
        "women_sum": Sum("women", filter=held),
        "under_40_sum": Sum("under_40", filter=held),
        "new_sum": Sum("new_members", filter=held),
        "official_sum": Sum("delegates_official", filter=held),
        "alternate_sum": Sum("delegates_alternate", filter=held),
    }


def _date_histograms(
    congresses: QuerySet[Congress],
) -> tuple[dict[int, dict[date, int]], dict[int, dict[date, int]]]:
    """Per level, how many were held on each date and how many wait for each planned date
    (one query, grouped by level, held-or-waiting and date)."""
    held = Q(status=CongressStatus.HELD)
    rows = (
        congresses.filter(
            (held & Q(held_date__isnull=False))
            | (Q(status__in=PENDING) & Q(planned_date__isnull=False))
        )
        .annotate(
            is_held=Case(When(held, then=Value(True)), default=Value(False),
                         output_field=BooleanField()),
            day=Case(When(held, then=F("held_date")), default=F("planned_date"),
                     output_field=DateField()),
        )
        .values("organisation__level", "is_held", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    held_on: dict[int, dict[date, int]] = defaultdict(dict)
    pending_on: dict[int, dict[date, int]] = defaultdict(dict)
    for row in rows:
        target = held_on if row["is_held"] else pending_on
        target[row["organisation__level"]][row["day"]] = row["n"]
    return held_on, pending_on


def build_dashboard(
    root: Organisation, season: Season | None, today: date, seasons: list[Season] | None = None
) -> Dashboard:
    """Reads every figure for ``root``'s subtree in ``season`` as of ``today``."""
    if season is None:
        return Dashboard(
            root=root, season=None, today=today, levels=[],
            results=ResultTotals(0, 0, 0, 0, 0, 0), delegates_official=0,
            delegates_alternate=0, forecasts=[], child_levels=[], children=[], this_week=[],
            overdue=[], postponed=[], difficulties=[], difficulty_counts=DifficultyCounts(),
            chart_svg="", seasons=seasons or [],
        )
    congresses = Congress.objects.filter(season=season, organisation__path__startswith=root.path)

    # 1. One grouped query per (child prefix, level): the child units' rows, and summed over
    # the prefixes, each level's progress and the results of the held congresses. The root's
    # own congress falls in a group of its own (its path is shorter than the prefix).
    prefix_len = root.steplen * (root.depth + 1)
    level_keys = ("total", "held", "pending", "not_planned", "postponed", "overdue",
                  "this_week", "pilot", "direct_planned", "direct_elected")
    sum_keys = ("seats", "women_sum", "under_40_sum", "new_sum", "official_sum",
                "alternate_sum", "held", "direct_elected")
    level_acc: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    child_rows: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    child_levels: dict[str, dict[int, Progress]] = defaultdict(dict)
    level_set: set[int] = set()
    grouped = (
        congresses.annotate(prefix=Substr(F("organisation__path"), 1, prefix_len))
        .values("prefix", "organisation__level")
        .annotate(**_counts(today), **_result_sums())
        .order_by()
    )
    for row in grouped:
        level = row["organisation__level"]
        for key in level_keys:
            level_acc[level][key] += row[key]
        for key in sum_keys:
            totals[key] += row[key] or 0
        if row["prefix"] == root.path:
            continue
        acc = child_rows[row["prefix"]]
        for key in ("total", "held", "overdue", "postponed", "pilot", "direct_elected"):
            acc[key] += row[key]
        child_levels[row["prefix"]][level] = Progress(row["held"], row["total"])
        level_set.add(level)
    levels = [
        LevelFigures(level=level, **{k: level_acc[level][k] for k in level_keys})
        for level in sorted(level_acc)
    ]
    results = ResultTotals(
        congresses=totals["held"],
        committee_seats=totals["seats"],
        women=totals["women_sum"],
        under_40=totals["under_40_sum"],
        new_members=totals["new_sum"],
        direct_secretaries=totals["direct_elected"],
    )

    # 2–3. Held dates and planned dates per level: the chart and the forecasts.
    held_on, pending_on = _date_histograms(congresses)
    level_totals = {lv.level: lv for lv in levels}
    deadlines = sorted(season.deadlines.all(), key=lambda d: (d.due_on, d.level))
    forecasts = [
        forecast_completion(
            level=d.level, deadline=d.due_on, total=level_totals[d.level].total,
            held_on=held_on.get(d.level, {}), pending_on=pending_on.get(d.level, {}),
            today=today,
        )
        for d in deadlines
        if d.level in level_totals
    ]
    chart_levels = [lv for lv in levels if lv.level > root.level or len(levels) == 1][:4]
    chart_lines = [
            ChartLine(
                label=lv.label,
                total=lv.total,
                held=cumulative_series(held_on.get(lv.level, {})),
                projected=projected_series(
                    sum(held_on.get(lv.level, {}).values()), pending_on.get(lv.level, {}), today
                ),
                colour=level_colour(lv.level),
            )
            for lv in chart_levels
    ]
    chart_markers = [
        ChartMarker(d.due_on, _("hạn %(level)s") % {"level": str(Level(d.level).label).lower()})
        for d in deadlines if d.level in level_totals
    ]
    chart_svg = render_completion_svg(
        chart_lines,
        chart_markers,
        today,
        _("Tiến độ đại hội — %(unit)s") % {"unit": root.name},
        _("hôm nay"),
    )

    # 4–5. The child units (their figures come from query 1) and their difficulties.
    children = list(
        Organisation.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by(
            "path"
        )
    )
    diff_rows: dict[str, dict[str, int]] = {}
    open_q = Q(status=DifficultyStatus.OPEN)
    diff_counts: dict[str, int] = defaultdict(int)
    for row in (
        Difficulty.objects.filter(season=season, organisation__path__startswith=root.path)
        .annotate(prefix=Substr(F("organisation__path"), 1, prefix_len))
        .values("prefix")
        .annotate(
            open=Count("id", filter=open_q),
            answered=Count("id", filter=Q(status=DifficultyStatus.ANSWERED)),
            closed=Count("id", filter=Q(status=DifficultyStatus.CLOSED)),
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
        )
        .order_by()
    ):
        diff_rows[row["prefix"]] = row
        for key in ("open", "answered", "closed", "overdue"):
            diff_counts[key] += row[key]
    child_figures = []
    for child in children:
        acc = child_rows.get(child.path, {})
        diffs = diff_rows.get(child.path, {})
        child_figures.append(
            ChildFigures(
                org=child,
                by_level=child_levels.get(child.path, {}),
                total=acc.get("total", 0),
                held=acc.get("held", 0),
                overdue=acc.get("overdue", 0),
                postponed=acc.get("postponed", 0),
                pilot=acc.get("pilot", 0),
                direct_elected=acc.get("direct_elected", 0),
                open_difficulties=diffs.get("open", 0),
                overdue_difficulties=diffs.get("overdue", 0),
            )
        )

    # 7–10. Short lists with the units' names.
    monday, sunday = week_bounds(today)
    listed = congresses.select_related("organisation")
    this_week = list(
        listed.filter(status__in=PENDING, planned_date__gte=monday, planned_date__lte=sunday)
        .order_by("planned_date", "organisation__path")[:LIST_LIMIT]
    )
    overdue = list(
        listed.filter(status__in=PENDING, planned_date__lt=today)
        .order_by("planned_date", "organisation__path")[:LIST_LIMIT]
    )
    postponed = list(
        listed.filter(status=CongressStatus.POSTPONED)
        .order_by("organisation__path")[:LIST_LIMIT]
    )
    difficulties = list(
        Difficulty.objects.filter(
            season=season, organisation__path__startswith=root.path, status=DifficultyStatus.OPEN
        )
        .select_related("organisation", "working_group")
        .order_by(F("due_date").asc(nulls_last=True), "id")[:LIST_LIMIT]
    )
    return Dashboard(
        root=root,
        season=season,
        today=today,
        levels=levels,
        results=results,
        delegates_official=totals["official_sum"],
        delegates_alternate=totals["alternate_sum"],
        forecasts=forecasts,
        child_levels=sorted(level_set),
        children=child_figures,
        this_week=this_week,
        overdue=overdue,
        postponed=postponed,
        difficulties=difficulties,
        difficulty_counts=DifficultyCounts(**diff_counts),
        chart_svg=chart_svg,
        seasons=seasons or [],
        chart_lines=chart_lines,
        chart_markers=chart_markers,
    )
