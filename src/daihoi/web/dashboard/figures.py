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
from daihoi.web.season.lifecycle import rest_of_week
from daihoi.web.season.models import PENDING, Congress, CongressStatus, Season, SeasonDeadline
from daihoi.web.season.sources import FigureSource

from .chart import ChartLine, ChartMarker, level_colour, render_completion_svg
from .forecast import (
    Forecast,
    ResultTotals,
    cumulative_series,
    forecast_completion,
    percent,
    projected_series,
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
    week_from, sunday = rest_of_week(today)  # today..Sunday: never also overdue
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
            "id", filter=pending & Q(planned_date__gte=week_from, planned_date__lte=sunday)
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
        "counted_sum": Count("id", filter=held & Q(figure_sources__women=FigureSource.COUNTED)),
        "official_sum": Sum("delegates_official", filter=held),
        "alternate_sum": Sum("delegates_alternate", filter=held),
        # Held congresses whose results came in a station's bundle (the office above's import).
        "from_bundle": Count(
            "id",
            filter=held
            & (
                Q(figure_sources__committee_size="bundle")
                | Q(figure_sources__delegates_official="bundle")
                | Q(figure_sources__present="bundle")
            ),
        ),
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
            is_held=Case(
                When(held, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            day=Case(
                When(held, then=F("held_date")), default=F("planned_date"), output_field=DateField()
            ),
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


@dataclass(frozen=True)
class _Grouped:
    """What the one grouped query over (child prefix, level) gives (step 1)."""

    levels: list[LevelFigures]
    results: ResultTotals
    delegates_official: int
    delegates_alternate: int
    child_rows: dict[str, dict[str, int]]
    child_levels: dict[str, dict[int, Progress]]
    child_level_set: set[int]


def _child_prefix_len(root: Organisation) -> int:
    """Length of the path prefix naming the child of ``root`` a row belongs to."""
    return int(root.steplen * (root.depth + 1))


_LEVEL_KEYS = (
    "total",
    "held",
    "pending",
    "not_planned",
    "postponed",
    "overdue",
    "this_week",
    "pilot",
    "direct_planned",
    "direct_elected",
)
_SUM_KEYS = (
    "seats",
    "women_sum",
    "under_40_sum",
    "new_sum",
    "counted_sum",
    "official_sum",
    "alternate_sum",
    "held",
    "direct_elected",
    "from_bundle",
)
_CHILD_KEYS = ("total", "held", "overdue", "postponed", "pilot", "direct_elected")


def _grouped_figures(congresses: QuerySet[Congress], root: Organisation, today: date) -> _Grouped:
    """1. One grouped query per (child prefix, level): the child units' rows, and summed over
    the prefixes, each level's progress and the results of the held congresses. The root's
    own congress falls in a group of its own (its path is shorter than the prefix)."""
    level_acc: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    child_rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    child_levels: dict[str, dict[int, Progress]] = defaultdict(dict)
    level_set: set[int] = set()
    grouped = (
        congresses.annotate(prefix=Substr(F("organisation__path"), 1, _child_prefix_len(root)))
        .values("prefix", "organisation__level")
        .annotate(**_counts(today), **_result_sums())
        .order_by()
    )
    for row in grouped:
        level = row["organisation__level"]
        for key in _LEVEL_KEYS:
            level_acc[level][key] += row[key]
        for key in _SUM_KEYS:
            totals[key] += row[key] or 0
        if row["prefix"] == root.path:
            continue
        acc = child_rows[row["prefix"]]
        for key in _CHILD_KEYS:
            acc[key] += row[key]
        child_levels[row["prefix"]][level] = Progress(row["held"], row["total"])
        level_set.add(level)
    return _Grouped(
        levels=[
            LevelFigures(level=level, **{k: level_acc[level][k] for k in _LEVEL_KEYS})
            for level in sorted(level_acc)
        ],
        results=ResultTotals(
            congresses=totals["held"],
            committee_seats=totals["seats"],
            women=totals["women_sum"],
            under_40=totals["under_40_sum"],
            new_members=totals["new_sum"],
            direct_secretaries=totals["direct_elected"],
            from_bundle=totals["from_bundle"],
            counted_structure=totals["counted_sum"],
        ),
        delegates_official=totals["official_sum"],
        delegates_alternate=totals["alternate_sum"],
        child_rows=child_rows,
        child_levels=child_levels,
        child_level_set=level_set,
    )


def _forecasts(
    levels: list[LevelFigures],
    deadlines: list[SeasonDeadline],
    held_on: dict[int, dict[date, int]],
    pending_on: dict[int, dict[date, int]],
    today: date,
) -> list[Forecast]:
    """3. The expected completion of each level at its deadline."""
    level_totals = {lv.level: lv for lv in levels}
    return [
        forecast_completion(
            level=d.level,
            deadline=d.due_on,
            total=level_totals[d.level].total,
            held_on=held_on.get(d.level, {}),
            pending_on=pending_on.get(d.level, {}),
            today=today,
        )
        for d in deadlines
        if d.level in level_totals
    ]


def _chart(
    root: Organisation,
    levels: list[LevelFigures],
    deadlines: list[SeasonDeadline],
    held_on: dict[int, dict[date, int]],
    pending_on: dict[int, dict[date, int]],
    today: date,
) -> tuple[str, list[ChartLine], list[ChartMarker]]:
    """4. Completion over time: held (solid), what the planned dates promise, the deadlines."""
    shown = {lv.level for lv in levels}
    # The root's own level too: a district's board follows its own congress beside its bases'.
    # (The chart has room for four: at the top, the levels below it.)
    chart_levels = [lv for lv in levels if lv.level >= root.level]
    if len(chart_levels) > 4:
        chart_levels = [lv for lv in chart_levels if lv.level > root.level][:4]
    lines = [
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
    markers = [
        ChartMarker(d.due_on, _("hạn %(level)s") % {"level": str(Level(d.level).label).lower()})
        for d in deadlines
        if d.level in shown
    ]
    svg = render_completion_svg(
        lines, markers, today, _("Tiến độ đại hội — %(unit)s") % {"unit": root.name}, _("hôm nay")
    )
    return svg, lines, markers


def _difficulties_by_child(
    season: Season, root: Organisation, today: date
) -> tuple[dict[str, dict[str, int]], DifficultyCounts]:
    """5. Difficulties per child unit (open, answered, closed, overdue), and their sum."""
    rows: dict[str, dict[str, int]] = {}
    counts: dict[str, int] = defaultdict(int)
    open_q = Q(status=DifficultyStatus.OPEN)
    for row in (
        Difficulty.objects.filter(season=season, organisation__path__startswith=root.path)
        .annotate(prefix=Substr(F("organisation__path"), 1, _child_prefix_len(root)))
        .values("prefix")
        .annotate(
            open=Count("id", filter=open_q),
            answered=Count("id", filter=Q(status=DifficultyStatus.ANSWERED)),
            closed=Count("id", filter=Q(status=DifficultyStatus.CLOSED)),
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
        )
        .order_by()
    ):
        rows[row["prefix"]] = row
        for key in ("open", "answered", "closed", "overdue"):
            counts[key] += row[key]
    return rows, DifficultyCounts(**counts)


def _children(
    root: Organisation, grouped: _Grouped, difficulties: dict[str, dict[str, int]]
) -> list[ChildFigures]:
    """6. The units directly below the root, each with its figures from steps 1 and 5."""
    figures = []
    for child in Organisation.objects.filter(
        path__startswith=root.path, depth=root.depth + 1
    ).order_by("path"):
        acc = grouped.child_rows.get(child.path, {})
        diffs = difficulties.get(child.path, {})
        figures.append(
            ChildFigures(
                org=child,
                by_level=grouped.child_levels.get(child.path, {}),
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
    return figures


@dataclass(frozen=True)
class _ShortLists:
    this_week: list[Congress]
    overdue: list[Congress]
    postponed: list[Congress]
    difficulties: list[Difficulty]


def _short_lists(
    congresses: QuerySet[Congress], season: Season, root: Organisation, today: date
) -> _ShortLists:
    """7–10. This week's, overdue and postponed congresses, open difficulties (with names)."""
    week_from, sunday = rest_of_week(today)  # today..Sunday: never also overdue
    listed = congresses.select_related("organisation")
    return _ShortLists(
        this_week=list(
            listed.filter(
                status__in=PENDING, planned_date__gte=week_from, planned_date__lte=sunday
            ).order_by("planned_date", "organisation__path")[:LIST_LIMIT]
        ),
        overdue=list(
            listed.filter(status__in=PENDING, planned_date__lt=today).order_by(
                "planned_date", "organisation__path"
            )[:LIST_LIMIT]
        ),
        postponed=list(
            listed.filter(status=CongressStatus.POSTPONED).order_by("organisation__path")[
                :LIST_LIMIT
            ]
        ),
        difficulties=list(
            Difficulty.objects.filter(
                season=season,
                organisation__path__startswith=root.path,
                status=DifficultyStatus.OPEN,
            )
            .select_related("organisation", "working_group")
            .order_by(F("due_date").asc(nulls_last=True), "id")[:LIST_LIMIT]
        ),
    )


def _no_season(root: Organisation, today: date, seasons: list[Season]) -> Dashboard:
    """The page of a unit that no season covers: nothing to count."""
    return Dashboard(
        root=root,
        season=None,
        today=today,
        levels=[],
        results=ResultTotals(0, 0, 0, 0, 0, 0),
        delegates_official=0,
        delegates_alternate=0,
        forecasts=[],
        child_levels=[],
        children=[],
        this_week=[],
        overdue=[],
        postponed=[],
        difficulties=[],
        difficulty_counts=DifficultyCounts(),
        chart_svg="",
        seasons=seasons,
    )


def build_dashboard(
    root: Organisation, season: Season | None, today: date, seasons: list[Season] | None = None
) -> Dashboard:
    """Reads every figure for ``root``'s subtree in ``season`` as of ``today``, one step after
    the other; the number of queries does not grow with the subtree."""
    if season is None:
        return _no_season(root, today, seasons or [])
    congresses = Congress.objects.filter(season=season, organisation__path__startswith=root.path)
    grouped = _grouped_figures(congresses, root, today)
    held_on, pending_on = _date_histograms(congresses)  # 2. one query
    deadlines = sorted(season.deadlines.all(), key=lambda d: (d.due_on, d.level))
    chart_svg, chart_lines, chart_markers = _chart(
        root, grouped.levels, deadlines, held_on, pending_on, today
    )
    difficulties_by_child, difficulty_counts = _difficulties_by_child(season, root, today)
    lists = _short_lists(congresses, season, root, today)
    return Dashboard(
        root=root,
        season=season,
        today=today,
        levels=grouped.levels,
        results=grouped.results,
        delegates_official=grouped.delegates_official,
        delegates_alternate=grouped.delegates_alternate,
        forecasts=_forecasts(grouped.levels, deadlines, held_on, pending_on, today),
        child_levels=sorted(grouped.child_level_set),
        children=_children(root, grouped, difficulties_by_child),
        this_week=lists.this_week,
        overdue=lists.overdue,
        postponed=lists.postponed,
        difficulties=lists.difficulties,
        difficulty_counts=difficulty_counts,
        chart_svg=chart_svg,
        seasons=seasons or [],
        chart_lines=chart_lines,
        chart_markers=chart_markers,
    )
