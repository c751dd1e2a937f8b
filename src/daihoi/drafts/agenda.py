"""The congress's agenda (chương trình đại hội): sessions, items, who leads each.

Pure data: the web app stores an agenda, this module gives the template per congress kind
(a delegates' congress has a preparatory session that elects its presidium, secretariat and
credentials committee; a members' congress has the same steps with the members present) and the
types the script builder (``script``) reads. Times are the "08:00" strings the office types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CongressKind(Enum):
    MEMBERS = "members"  # đại hội đảng viên
    DELEGATES = "delegates"  # đại hội đại biểu


class SessionKind(Enum):
    PREPARATORY = "preparatory"  # phiên trù bị
    OFFICIAL = "official"  # phiên chính thức


class LeadKind(Enum):
    """Who leads an item: a presidium member by name, or a body of the congress."""

    PRESIDIUM_MEMBER = "presidium_member"  # đồng chí … (Đoàn Chủ tịch)
    PRESIDIUM = "presidium"  # Đoàn Chủ tịch
    SECRETARIAT = "secretariat"  # Đoàn Thư ký
    COUNTING = "counting"  # Ban Kiểm phiếu
    ORGANISERS = "organisers"  # Ban Tổ chức đại hội (before the presidium is elected)
    GUEST = "guest"  # đồng chí lãnh đạo cấp trên


LEAD_LABELS = {
    LeadKind.PRESIDIUM_MEMBER: "Đoàn Chủ tịch",
    LeadKind.PRESIDIUM: "Đoàn Chủ tịch",
    LeadKind.SECRETARIAT: "Đoàn Thư ký",
    LeadKind.COUNTING: "Ban Kiểm phiếu",
    LeadKind.ORGANISERS: "Ban Tổ chức đại hội",
    LeadKind.GUEST: "Đại biểu cấp trên",
}


class Step(Enum):
    """The fixed steps the script has words for; ``OTHER`` is an item the office wrote itself."""

    CEREMONY = "ceremony"  # chào cờ, tuyên bố lý do, giới thiệu đại biểu
    ELECT_PRESIDIUM = "elect_presidium"  # bầu Đoàn Chủ tịch, Đoàn Thư ký (Ban Thẩm tra tư cách)
    ADOPT_AGENDA = "adopt_agenda"  # thông qua chương trình, quy chế làm việc
    OPENING = "opening"  # diễn văn khai mạc
    CREDENTIALS = "credentials"  # báo cáo thẩm tra tư cách đại biểu / tình hình đảng viên dự
    POLITICAL_REPORT = "political_report"  # báo cáo chính trị
    REVIEW_REPORT = "review_report"  # báo cáo kiểm điểm của Ban Chấp hành
    DISCUSSION = "discussion"  # thảo luận
    GUEST_SPEECH = "guest_speech"  # phát biểu chỉ đạo của cấp trên
    ELECT_COUNTING = "elect_counting"  # bầu Ban Kiểm phiếu
    ELECTIONS = "elections"  # the congress's elections, one after the other
    RESOLUTION = "resolution"  # thông qua nghị quyết đại hội
    CLOSING = "closing"  # bế mạc, chào cờ
    OTHER = "other"


@dataclass(frozen=True)
class Lead:
    kind: LeadKind
    name: str = ""  # the presidium member's (or the guest's) name

    @property
    def label(self) -> str:
        if self.name and self.kind is LeadKind.PRESIDIUM_MEMBER:
            return f"Đồng chí {self.name} (Đoàn Chủ tịch)"
        if self.name:
            return f"Đồng chí {self.name} ({LEAD_LABELS[self.kind]})"
        return LEAD_LABELS[self.kind]


@dataclass(frozen=True)
class Item:
    time: str
    title: str
    step: Step
    lead: Lead
    words: str = ""  # what the office typed: replaces the template's words for this item


@dataclass(frozen=True)
class Session:
    title: str
    kind: SessionKind
    date: str  # "Thứ Hai, 08/6/2026" as the office writes it
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Agenda:
    congress: str  # "Đại hội đại biểu Đảng bộ tỉnh Hà Nam lần thứ XXI, nhiệm kỳ 2025–2030"
    unit: str  # "Đảng bộ tỉnh Hà Nam"
    kind: CongressKind
    sessions: tuple[Session, ...]
    # the congress's panels by name, read out where they are elected ("" parts: "(đọc danh sách)")
    presidium: tuple[str, ...] = ()
    secretariat: tuple[str, ...] = ()
    counting: tuple[str, ...] = ()


_PREPARATORY: tuple[tuple[str, str, Step, LeadKind], ...] = (
    ("14:00", "Chào cờ, tuyên bố lý do, giới thiệu đại biểu", Step.CEREMONY, LeadKind.ORGANISERS),
    (
        "14:15",
        "Bầu Đoàn Chủ tịch, Đoàn Thư ký và Ban Thẩm tra tư cách đại biểu",
        Step.ELECT_PRESIDIUM,
        LeadKind.ORGANISERS,
    ),
    (
        "14:35",
        "Thông qua chương trình, quy chế làm việc của Đại hội",
        Step.ADOPT_AGENDA,
        LeadKind.PRESIDIUM_MEMBER,
    ),
)

_OFFICIAL: tuple[tuple[str, str, Step, LeadKind], ...] = (
    ("07:30", "Chào cờ, tuyên bố lý do, giới thiệu đại biểu", Step.CEREMONY, LeadKind.ORGANISERS),
    ("07:45", "Diễn văn khai mạc Đại hội", Step.OPENING, LeadKind.PRESIDIUM_MEMBER),
    (
        "08:00",
        "Báo cáo thẩm tra tư cách đại biểu",
        Step.CREDENTIALS,
        LeadKind.PRESIDIUM_MEMBER,
    ),
    ("08:15", "Trình bày Báo cáo chính trị", Step.POLITICAL_REPORT, LeadKind.PRESIDIUM_MEMBER),
    (
        "09:00",
        "Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành",
        Step.REVIEW_REPORT,
        LeadKind.PRESIDIUM_MEMBER,
    ),
    ("09:30", "Thảo luận các văn kiện", Step.DISCUSSION, LeadKind.PRESIDIUM_MEMBER),
    (
        "10:30",
        "Phát biểu chỉ đạo của đồng chí lãnh đạo cấp trên",
        Step.GUEST_SPEECH,
        LeadKind.GUEST,
    ),
    ("11:00", "Bầu Ban Kiểm phiếu", Step.ELECT_COUNTING, LeadKind.PRESIDIUM_MEMBER),
    ("13:30", "Bầu cử", Step.ELECTIONS, LeadKind.PRESIDIUM_MEMBER),
    ("16:30", "Thông qua Nghị quyết Đại hội", Step.RESOLUTION, LeadKind.SECRETARIAT),
    ("17:00", "Bế mạc Đại hội, chào cờ", Step.CLOSING, LeadKind.PRESIDIUM_MEMBER),
)


def template(kind: CongressKind, congress: str, unit: str, chair: str = "") -> Agenda:
    """The usual agenda of a congress of this kind, every presidium item led by ``chair``."""

    def items(rows: tuple[tuple[str, str, Step, LeadKind], ...]) -> tuple[Item, ...]:
        out = []
        for time, title, step, lead in rows:
            if kind is CongressKind.MEMBERS and step is Step.CREDENTIALS:
                title = "Báo cáo tình hình đảng viên dự Đại hội"
            if kind is CongressKind.MEMBERS and step is Step.ELECT_PRESIDIUM:
                title = "Bầu Đoàn Chủ tịch, Đoàn Thư ký"
            name = chair if lead is LeadKind.PRESIDIUM_MEMBER else ""
            out.append(Item(time, title, step, Lead(lead, name)))
        return tuple(out)

    return Agenda(
        congress=congress,
        unit=unit,
        kind=kind,
        sessions=(
            Session("Phiên trù bị", SessionKind.PREPARATORY, "", items(_PREPARATORY)),
            Session("Phiên chính thức", SessionKind.OFFICIAL, "", items(_OFFICIAL)),
        ),
    )
