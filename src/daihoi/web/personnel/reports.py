"""The personnel report of one congress in the forms offices use (.xlsx, .docx): the plan
(seats per body, key people and their checks), each list with its names, checks and
composition risk, and each elected body's structure once the count is confirmed.

It holds person data: reading it needs the plan's read right and every export is an
``AccessLog`` row (kind ``export``, with the number of names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from daihoi.personnel_rules.body import mean_age_text
from daihoi.vnformat import format_decimal
from daihoi.web.core.officeforms import Grid, Section, write_docx, write_xlsx
from daihoi.web.personnel import plans, risks
from daihoi.web.personnel.elected import report_checks
from daihoi.web.personnel.models import AccessKind, CandidateList, ElectedBody
from daihoi.web.season.models import Congress

GENDER = {"male": "Nam", "female": "Nữ"}


def _plan_section(congress: Congress) -> Section:
    plan = plans.plan_of(congress)
    lines = [_("Khóa trước: %(term)s") % {"term": plan.outgoing_term}]
    lines += [f"{label}: {n}" for _body, label, n in plans.plan_seats(plan)]
    lines += [f"{label}: {person.full_name}" for label, person in plans.key_people(plan)]
    lines += plans.plan_problems(plan)
    lines += [c.text for c in plans.plan_checks(plan)]
    return Section(_("Đề án nhân sự"), _("Đề án"), lines)


def _list_section(cl: CandidateList, outgoing: set[int]) -> tuple[Section, int]:
    lines = [
        _("%(body)s · %(n)s chỗ") % {"body": plans.body_label(cl.body), "n": cl.seats},
        _("Kiểm tra cơ cấu:"),
    ]
    lines += [f"– {c.text}" for c in plans.list_checks(cl, outgoing=outgoing)]
    risk = risks.list_risk(cl)
    if risk.lines:
        lines.append(_("Cơ cấu sau khi bầu (mọi kết quả bầu đủ số lượng):"))
        for line in risk.lines:
            lines += [f"– {line.risk}", f"  {line.text}"]
            if line.chance:
                lines.append(f"  {line.chance}")
    if risk.chance_note:
        lines.append(risk.chance_note)
    rows: list[list[Any]] = []
    names = plans.on_list(cl)
    for i, n in enumerate(names, start=1):
        p = n.person
        rows.append(
            [
                i,
                p.full_name,
                p.birth_date.year if p.birth_date else None,
                GENDER.get(p.gender, ""),
                p.unit.name,
                n.get_source_display(),
                _("Tái cử") if p.pk in outgoing else _("Lần đầu"),
                n.preliminary_votes,
            ]
        )
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Giới tính"),
        _("Đơn vị"),
        _("Nguồn"),
        _("Tái cử / lần đầu"),
        _("Phiếu giới thiệu"),
    ]
    return Section(cl.title, cl.title[:28], lines, [Grid(headers, rows)]), len(rows)


def _body_section(row: ElectedBody) -> Section:
    f = row.figures
    report = report_checks(row)
    members = f.get("members", 0)

    def share(key: str) -> str:
        if not members:
            return "–"
        value = (Decimal(100) * f.get(key, 0) / members).quantize(Decimal("0.01"))
        return format_decimal(value, 2) + "%"

    grid = Grid(
        [_("Chỉ tiêu"), _("Số người"), _("Tỷ lệ")],
        [
            [_("Số ủy viên"), members, ""],
            [_("Tái cử"), f.get("reelected"), share("reelected")],
            [_("Tham gia lần đầu"), f.get("first_time"), share("first_time")],
            [_("Nữ"), f.get("women"), share("women")],
            [_("Dân tộc thiểu số"), f.get("minorities"), share("minorities")],
            [_("Dưới 40 tuổi"), f.get("under_40"), share("under_40")],
            [_("Đại học trở lên"), f.get("degree"), share("degree")],
            [_("Lý luận chính trị đạt chuẩn"), f.get("theory"), share("theory")],
            [_("Không phải người địa phương"), f.get("non_local"), share("non_local")],
            [_("Tuổi bình quân"), mean_age_text(report.mean_age), ""],
        ],
    )
    lines = [
        _("Nguồn: kết quả kiểm phiếu đã xác nhận, hồ sơ của người trúng cử."),
        *[c.text for c in report.checks],
    ]
    unknown_words = {
        "age": _("ngày sinh"),
        "women": _("giới tính"),
        "minorities": _("dân tộc"),
        "degree": _("trình độ chuyên môn"),
        "non_local": _("quê quán"),
    }
    unknown = f.get("unknown") or {}
    if unknown:
        parts = [
            _("%(field)s: %(n)s người") % {"field": unknown_words.get(k, k), "n": n}
            for k, n in unknown.items()
        ]
        lines.append(
            _("Hồ sơ chưa ghi (không tính vào số liệu): %(parts)s.") % {"parts": "; ".join(parts)}
        )
    if row.unmatched:
        lines.append(
            _("Không tìm thấy hồ sơ của: %(names)s.") % {"names": ", ".join(row.unmatched)}
        )
    title = _("Cơ cấu %(body)s khóa mới") % {"body": plans.body_label(row.body)}
    return Section(title, title[:28], lines, [grid])


def congress_sections(congress: Congress) -> tuple[list[Section], int]:
    plan = plans.plan_of(congress)
    outgoing = plans.outgoing_ids(congress, plan.outgoing_term)
    sections = [_plan_section(congress)]
    names = 0
    for cl in plans.lists_of(congress):
        section, n = _list_section(cl, outgoing)
        sections.append(section)
        names += n
    for row in ElectedBody.objects.filter(congress=congress).select_related(
        "candidate_list__congress__organisation", "candidate_list__congress__season"
    ):
        sections.append(_body_section(row))
    return sections, names


def congress_report(user: Any, congress: Congress, kind: str) -> bytes:
    """The report as ``kind`` ("xlsx" or "docx"), logged as an export."""
    from daihoi.web.personnel.services import _log

    plans.require_read(user, congress)
    sections, names = congress_sections(congress)
    heading = _("Nhân sự đại hội %(org)s") % {"org": congress.organisation.name}
    _log(
        user,
        AccessKind.EXPORT,
        congress.organisation,
        subject=_("Báo cáo nhân sự (%(kind)s): %(c)s") % {"kind": kind, "c": congress},
        rows=names,
    )
    if kind == "xlsx":
        return write_xlsx(heading, sections)
    return write_docx(heading, sections, subtitle=str(congress.season))
