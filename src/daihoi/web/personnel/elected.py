"""The elected body's report (cơ cấu cấp ủy khóa mới), kept in the personnel app.

The counting app calls ``record_elected_body`` when a count is confirmed, with plain data: the
list the election was made from and the names elected (the engine's labels: the full name, or
``Name (year)`` for namesakes). Each name is matched to the record of its nomination on the
list; the figures are computed by ``daihoi.personnel_rules.body`` and stored as counted. For
the executive committee the congress's women, under 40 and first-time figures are written as
counted too (``season.sources.record_counted``: typed figures never overwrite them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from daihoi.engine.election import Body
from daihoi.personnel_rules.body import BodyReport, Member, body_report
from daihoi.web.orgs.models import Level
from daihoi.web.personnel.models import CandidateList, ElectedBody, Person
from daihoi.web.personnel.plans import on_list, outgoing_ids, plan_of
from daihoi.web.personnel.targets import congress_date, congress_targets
from daihoi.web.season import sources as season_sources

RENEWED_BODIES = (Body.COMMITTEE, Body.STANDING_COMMITTEE, Body.INSPECTION_COMMITTEE)


def _labels(person: Person) -> tuple[str, ...]:
    born = person.birth_date
    return (person.full_name, f"{person.full_name} ({born.year})") if born else (person.full_name,)


def match(cl: CandidateList, names: Sequence[str]) -> tuple[list[Person], list[str]]:
    """The records of the names elected (by the labels the election gave them), and the names
    that match none."""
    by_label: dict[str, Person] = {}
    for nomination in on_list(cl):
        for label in _labels(nomination.person):
            by_label.setdefault(label, nomination.person)
    found, unmatched = [], []
    for name in names:
        person = by_label.get(name)
        if person is None:
            unmatched.append(name)
        else:
            found.append(person)
    return found, unmatched


def province_name(cl: CandidateList) -> str:
    for org in cl.congress.organisation.ancestors_and_self():
        if org.level == Level.PROVINCE:
            name = org.name.removeprefix("Đảng bộ ").removeprefix("đảng bộ ")
            for prefix in ("tỉnh ", "thành phố "):
                if name.casefold().startswith(prefix):
                    return name[len(prefix) :]
            return name
    return ""


def report_of(cl: CandidateList, people: Sequence[Person]) -> BodyReport:
    congress = cl.congress
    outgoing = outgoing_ids(congress, plan_of(congress).outgoing_term)
    members = [
        Member(
            name=p.full_name,
            gender=p.gender,
            born=p.birth_date,
            ethnicity=p.ethnicity,
            education=p.education,
            theory=p.theory,
            hometown=p.hometown,
            outgoing=p.pk in outgoing,
        )
        for p in people
    ]
    return body_report(
        members,
        congress_targets(congress),
        congress_date(congress),
        province=province_name(cl),
        renewal=cl.body in RENEWED_BODIES,
    )


@transaction.atomic
def record_elected_body(
    user: Any, list_id: int, names: Sequence[str], *, now: datetime
) -> ElectedBody:
    """Store the report of the body elected from the list ``list_id`` (the names elected in
    every round), replacing an earlier one."""
    cl = CandidateList.objects.select_related("congress__organisation", "congress__season").get(
        pk=list_id
    )
    people, unmatched = match(cl, names)
    report = report_of(cl, people)
    row, _ = ElectedBody.objects.update_or_create(
        candidate_list=cl,
        defaults={
            "congress": cl.congress,
            "body": cl.body,
            "unmatched": unmatched,
            "figures": report.figures(),
            "source": season_sources.FigureSource.COUNTED,
            "computed_at": now,
        },
    )
    row.people.set(people)
    if cl.body == Body.COMMITTEE and not unmatched:
        season_sources.record_counted(
            user,
            cl.congress,
            {
                "women": report.women,
                "under_40": report.under_40,
                "new_members": report.first_time,
            },
        )
    return row


def report_checks(row: ElectedBody) -> BodyReport:
    """The report of a stored body again, with its checks (from the stored people)."""
    return report_of(row.candidate_list, list(row.people.all()))


def elected_lines(cl: CandidateList) -> dict[str, Any] | None:
    """What the list page shows of the body elected from it: the figures and the checks."""
    from django.utils.translation import gettext as _

    from daihoi.personnel_rules.body import mean_age_text
    from daihoi.web.personnel.plans import shown

    row = ElectedBody.objects.filter(candidate_list=cl).first()
    if row is None:
        return None
    report = report_checks(row)
    f = row.figures
    figures = [
        (_("Số ủy viên"), f.get("members")),
        (_("Tái cử"), f.get("reelected")),
        (_("Tham gia lần đầu"), f.get("first_time")),
        (_("Nữ"), f.get("women")),
        (_("Dân tộc thiểu số"), f.get("minorities")),
        (_("Dưới 40 tuổi"), f.get("under_40")),
        (_("Đại học trở lên"), f.get("degree")),
        (_("Lý luận chính trị đạt chuẩn"), f.get("theory")),
        (_("Không phải người địa phương"), f.get("non_local")),
        (_("Tuổi bình quân"), mean_age_text(report.mean_age)),
    ]
    return {
        "row": row,
        "figures": figures,
        "checks": [shown(c) for c in report.checks],
        "unmatched": row.unmatched,
    }
