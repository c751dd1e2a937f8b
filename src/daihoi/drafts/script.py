"""The congress script (kịch bản điều hành đại hội), built from the agenda and the elections.

Pure: an ``Agenda`` and the congress's elections in, a ``Script`` out: per session the steps in
order, each with who speaks and the words to say; at the ``ELECTIONS`` item, for every election
the steps of the election rules (Quy chế bầu cử trong Đảng): the number to elect approved by
show of hands, the list read, withdrawal requests decided by the congress, nominations from the
floor (added when more than 30% of those present agree), the list approved by show of hands,
the ballot instructions (strike the whole name; X in "đồng ý"/"không đồng ý" when there is no
surplus), voting, counting, the result (more than half of the electorate to be elected) and the
next round; then the contingencies, each with who does what. ``scriptdocx`` writes it to Word.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from daihoi.drafts.agenda import Agenda, CongressKind, Item, Lead, LeadKind, Step
from daihoi.drafts.text import clean

# Elections inside the new committee are voted by its members, not by the congress.
INSIDE_COMMITTEE = {
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection_committee",
    "inspection_chair",
}

BODY_NAMES = {
    "committee": "Ban Chấp hành",
    "standing_committee": "Ban Thường vụ",
    "secretary": "Bí thư",
    "deputy_secretary": "Phó Bí thư",
    "inspection_committee": "Ủy ban Kiểm tra",
    "inspection_chair": "Chủ nhiệm Ủy ban Kiểm tra",
    "delegates": "Đại biểu dự Đại hội cấp trên",
}


@dataclass(frozen=True)
class ElectionInfo:
    """One election as the script needs it."""

    title: str  # "Bầu Ban Chấp hành Đảng bộ khóa XXI"
    body: str  # an engine ``Body`` value: "committee", "secretary", "delegates"…
    seats: int
    candidates: tuple[str, ...]  # in ballot order
    alternates: int = 0
    electorate: int | None = None  # the base of "more than half", once fixed
    round: int = 1
    by_committee: bool | None = None  # voted by the new committee; None: by what is elected


@dataclass(frozen=True)
class Speech:
    """One step of the script: when, who speaks (their role and name) and the words to say."""

    time: str
    title: str
    speaker: str  # "Đồng chí Nguyễn Văn An (Đoàn Chủ tịch)", "Ban Kiểm phiếu"
    words: tuple[str, ...]  # paragraphs
    note: str = ""  # what happens without words (hands raised, ballots handed out…)


@dataclass(frozen=True)
class Part:
    title: str  # "PHIÊN TRÙ BỊ", "BẦU BAN CHẤP HÀNH…"
    date: str
    speeches: tuple[Speech, ...]


@dataclass(frozen=True)
class Duty:
    who: str
    what: str


@dataclass(frozen=True)
class Contingency:
    """Dự kiến phát sinh: a situation and who does what."""

    title: str
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class Script:
    congress: str
    unit: str
    parts: tuple[Part, ...]
    contingencies: tuple[Contingency, ...]


def _t(text: str) -> str:
    return clean(text)


class _Words:
    """The congress's words: "đại biểu" or "đảng viên", the card raised, who is present."""

    def __init__(self, kind: CongressKind) -> None:
        delegates = kind is CongressKind.DELEGATES
        self.member = "đại biểu" if delegates else "đảng viên"
        self.card = "thẻ đại biểu" if delegates else "thẻ đảng viên"
        self.address = "Kính thưa các đồng chí đại biểu!" if delegates else "Kính thưa Đại hội!"

    def show_of_hands(self, subject: str, voters: str = "") -> str:
        """The show of hands; ``voters`` names who raise them inside the new committee."""
        who = voters or "Đồng chí nào"
        if voters:  # the new committee's conference: its members raise their hands
            return (
                f"{who} nhất trí {subject} xin giơ tay biểu quyết. "
                "Xin cảm ơn, mời các đồng chí bỏ tay xuống. Đồng chí nào không nhất trí? "
                "Đồng chí nào có ý kiến khác? Như vậy Hội nghị đã biểu quyết thông qua."
            )
        return (
            f"{who} nhất trí {subject} xin giơ {self.card} biểu quyết. "
            f"Xin cảm ơn, mời các đồng chí hạ thẻ. Đồng chí nào không nhất trí? "
            f"Đồng chí nào có ý kiến khác? Như vậy Đại hội đã biểu quyết thông qua."
        )


def _speaker(lead: Lead) -> str:
    return _t(lead.label)


def _read(names: tuple[str, ...]) -> str:
    """The names read out, or a note to read the list prepared on paper."""
    if not names:
        return "(đọc danh sách)"
    return ", ".join(f"đồng chí {_t(n)}" for n in names)


def _item_words(item: Item, agenda: Agenda, w: _Words) -> tuple[str, ...]:
    unit = _t(agenda.unit)
    congress = _t(agenda.congress)
    step = item.step
    if step is Step.CEREMONY:
        return (
            f"{w.address} Kính thưa các vị khách quý!",
            "Mời Đại hội đứng dậy làm lễ chào cờ. Nghiêm! Chào cờ — chào! "
            "Quốc ca. Quốc tế ca. Mời các đồng chí ngồi.",
            f"Thực hiện Chỉ thị của Bộ Chính trị về đại hội đảng bộ các cấp, được sự đồng ý "
            f"của cấp ủy cấp trên, {unit} long trọng tổ chức {congress}.",
            "Đến dự Đại hội, chúng tôi trân trọng giới thiệu: (đọc danh sách đại biểu khách "
            "mời theo thứ tự Ban Tổ chức đã chuẩn bị).",
        )
    if step is Step.ELECT_PRESIDIUM:
        return (
            w.address,
            "Để điều hành Đại hội, Ban Chấp hành đề xuất Đoàn Chủ tịch gồm: "
            f"{_read(agenda.presidium)}. Đoàn Thư ký gồm: {_read(agenda.secretariat)}."
            + (
                " Ban Thẩm tra tư cách đại biểu gồm các đồng chí: (đọc danh sách)."
                if agenda.kind is CongressKind.DELEGATES
                else ""
            ),
            "Đồng chí nào có ý kiến khác? " + w.show_of_hands("với danh sách trên"),
            "Xin mời Đoàn Chủ tịch, Đoàn Thư ký lên vị trí làm việc.",
        )
    if step is Step.ADOPT_AGENDA:
        return (
            w.address,
            "Thay mặt Đoàn Chủ tịch, tôi xin trình bày dự kiến chương trình và quy chế làm việc "
            "của Đại hội (đọc chương trình, quy chế).",
            "Đoàn Chủ tịch xin ý kiến Đại hội. "
            + w.show_of_hands("thông qua chương trình và quy chế làm việc của Đại hội"),
        )
    if step is Step.OPENING:
        return (
            w.address,
            f"Thay mặt Đoàn Chủ tịch, tôi xin tuyên bố khai mạc {congress}.",
            "(Đọc diễn văn khai mạc đã được Ban Chấp hành thông qua.)",
        )
    if step is Step.CREDENTIALS:
        if agenda.kind is CongressKind.DELEGATES:
            return (
                "Xin mời đồng chí Trưởng Ban Thẩm tra tư cách đại biểu trình bày báo cáo thẩm "
                "tra tư cách đại biểu.",
                "Đoàn Chủ tịch xin ý kiến Đại hội. "
                + w.show_of_hands("thông qua báo cáo thẩm tra tư cách đại biểu"),
            )
        return (
            "Xin báo cáo Đại hội: tổng số đảng viên của Đảng bộ (chi bộ) là … đồng chí; được "
            "triệu tập … đồng chí; có mặt … đồng chí; vắng mặt … đồng chí (có lý do …).",
        )
    if step is Step.POLITICAL_REPORT:
        return (
            "Xin mời đồng chí … thay mặt Ban Chấp hành trình bày Báo cáo chính trị trình Đại hội.",
        )
    if step is Step.REVIEW_REPORT:
        return (
            "Xin mời đồng chí … trình bày Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp "
            "hành nhiệm kỳ qua.",
        )
    if step is Step.DISCUSSION:
        return (
            w.address,
            "Đại hội bước vào phần thảo luận. Đoàn Chủ tịch đã nhận được … bản tham luận. "
            "Xin mời các đồng chí phát biểu theo thứ tự Đoàn Chủ tịch mời; mỗi ý kiến không "
            "quá … phút.",
            f"Xin mời đồng chí … Đề nghị đồng chí … chuẩn bị. Các {w.member} có ý kiến gửi "
            "văn bản qua Đoàn Thư ký.",
        )
    if step is Step.GUEST_SPEECH:
        return (
            "Đại hội vinh dự được đồng chí … thay mặt cấp ủy cấp trên về dự và chỉ đạo. "
            "Xin trân trọng kính mời đồng chí phát biểu.",
            "Thay mặt Đại hội, Đoàn Chủ tịch xin trân trọng tiếp thu ý kiến chỉ đạo.",
        )
    if step is Step.ELECT_COUNTING:
        return (
            w.address,
            f"Để tiến hành bầu cử, Đoàn Chủ tịch đề xuất Ban Kiểm phiếu gồm: "
            f"{_read(agenda.counting)}.",
            "Đồng chí nào có ý kiến khác? " + w.show_of_hands("với danh sách Ban Kiểm phiếu"),
            "Xin mời Ban Kiểm phiếu lên làm việc.",
        )
    if step is Step.RESOLUTION:
        return (
            "Xin mời đồng chí … thay mặt Đoàn Thư ký trình bày dự thảo Nghị quyết Đại hội.",
            "Đoàn Chủ tịch xin ý kiến Đại hội. " + w.show_of_hands("thông qua Nghị quyết Đại hội"),
        )
    if step is Step.CLOSING:
        return (
            w.address,
            f"Sau … ngày làm việc khẩn trương, nghiêm túc, {congress} đã hoàn thành toàn bộ "
            "nội dung chương trình đề ra.",
            "Tôi xin tuyên bố bế mạc Đại hội. Mời Đại hội đứng dậy làm lễ chào cờ bế mạc.",
        )
    return ()


def _names(candidates: tuple[str, ...]) -> str:
    return "; ".join(f"{i}. {_t(name)}" for i, name in enumerate(candidates, 1))


def _election_part(e: ElectionInfo, agenda: Agenda, chair: str, w: _Words, time: str) -> Part:
    body = BODY_NAMES.get(e.body, "")
    what = _t(e.title)
    inside = e.body in INSIDE_COMMITTEE if e.by_committee is None else e.by_committee
    voters = "Đồng chí ủy viên Ban Chấp hành nào" if inside else ""
    counting = "Ban Kiểm phiếu (Trưởng Ban Kiểm phiếu)"
    surplus = len(e.candidates) > e.seats
    n = len(e.candidates)
    if e.body == "delegates":
        seats_text = (
            f"{e.seats} đại biểu chính thức và {e.alternates} đại biểu dự khuyết"
            if e.alternates
            else f"{e.seats} đại biểu chính thức"
        )
    elif e.seats == 1 and body:
        seats_text = f"01 đồng chí {body}"
    else:
        seats_text = f"{e.seats} đồng chí" + (f" ({body})" if body else "")
    electorate = (
        f"{e.electorate} {'ủy viên Ban Chấp hành' if inside else w.member} được triệu tập"
        if e.electorate
        else ("tổng số ủy viên Ban Chấp hành" if inside else f"tổng số {w.member} được triệu tập")
    )
    line = f" (tức là từ {e.electorate // 2 + 1} phiếu trở lên)" if e.electorate else ""
    speeches: list[Speech] = []
    if inside:
        speeches.append(
            Speech(
                time,
                "Hội nghị Ban Chấp hành khóa mới",
                chair,
                (
                    "Ban Chấp hành khóa mới họp phiên thứ nhất để bầu các chức danh theo quy "
                    "định. Các ủy viên Ban Chấp hành bầu; các đồng chí đại biểu dự theo dõi.",
                ),
            )
        )
    speeches.append(
        Speech(
            time,
            f"{what}: số lượng cần bầu",
            chair,
            (
                "Kính thưa các đồng chí ủy viên Ban Chấp hành!" if inside else w.address,
                f"{'Hội nghị' if inside else 'Đại hội'} tiến hành {what[:1].lower() + what[1:]}. "
                f"Đoàn Chủ tịch xin ý kiến {'Hội nghị' if inside else 'Đại hội'} về số lượng "
                f"cần bầu là {seats_text}.",
                w.show_of_hands(f"với số lượng {seats_text}", voters),
            ),
            note="Ban Kiểm phiếu đếm số thẻ giơ lên và báo Đoàn Chủ tịch.",
        )
    )
    speeches.append(
        Speech(
            time,
            f"{what}: danh sách bầu cử",
            chair,
            (
                f"Thay mặt Ban Chấp hành, Đoàn Chủ tịch xin giới thiệu danh sách {n} đồng chí "
                f"để {'Hội nghị' if inside else 'Đại hội'} bầu, xếp theo vần A, B, C: "
                + (_names(e.candidates) or "(chưa có danh sách)")
                + ".",
            ),
        )
    )
    speeches.append(
        Speech(
            time,
            f"{what}: đơn xin rút",
            chair,
            (
                "Đồng chí nào có tên trong danh sách có nguyện vọng xin rút, đề nghị nêu rõ lý "
                "do. Việc cho rút hay không do "
                + ("Hội nghị" if inside else "Đại hội")
                + " quyết định bằng biểu quyết giơ tay.",
            ),
        )
    )
    if not inside:
        speeches.append(
            Speech(
                time,
                f"{what}: đề cử, ứng cử tại Đại hội",
                chair,
                (
                    f"Đồng chí nào có ý kiến đề cử hoặc ứng cử thêm, đề nghị phát biểu hoặc "
                    f"gửi phiếu qua Đoàn Thư ký. Người được đề cử, ứng cử tại Đại hội chỉ được "
                    f"đưa vào danh sách khi có trên 30% tổng số {w.member} có mặt đồng ý.",
                ),
                note="Ban Kiểm phiếu đếm số thẻ đồng ý với từng người được đề cử, ứng cử.",
            )
        )
    speeches.append(
        Speech(
            time,
            f"{what}: thông qua danh sách",
            chair,
            (
                "Đoàn Chủ tịch xin ý kiến về danh sách bầu cử chính thức gồm … đồng chí "
                "(đọc lại danh sách sau khi xử lý đơn xin rút và đề cử, ứng cử).",
                w.show_of_hands("thông qua danh sách bầu cử", voters),
            ),
        )
    )
    if surplus:
        how = (
            f"Phiếu có {n} tên, cần bầu {e.seats}. Đồng chí không bầu ai thì gạch giữa cả họ "
            f"và tên của người đó; giữ lại nhiều nhất {e.seats} tên."
        )
    else:
        how = (
            "Phiếu có các cột “Đồng ý” và “Không đồng ý”: đánh dấu X vào một ô ở mỗi dòng. "
            "Dòng có X ở cả hai ô hoặc không ô nào thì người đó không được tính phiếu đồng ý."
        )
    speeches.append(
        Speech(
            time,
            f"{what}: hướng dẫn bỏ phiếu",
            counting,
            (
                f"Thay mặt Ban Kiểm phiếu, tôi xin hướng dẫn cách bỏ phiếu {what[:1].lower()}"
                f"{what[1:]}. Phiếu hợp lệ là phiếu do Ban Kiểm phiếu phát ra, có dấu của cấp "
                "ủy triệu tập ở góc trên bên trái.",
                how,
                "Phiếu không hợp lệ: phiếu không do Ban Kiểm phiếu phát ra; phiếu giữ lại nhiều "
                "tên hơn số lượng cần bầu; phiếu gạch tên tất cả; phiếu ghi thêm tên ngoài danh "
                "sách; phiếu có ký hiệu riêng hoặc ghi thêm nội dung khác. Phiếu gạch sai, "
                "đồng chí nào cần đổi xin báo Ban Kiểm phiếu.",
            ),
        )
    )
    speeches.append(
        Speech(
            time,
            f"{what}: phát phiếu, bỏ phiếu",
            counting,
            (
                "Ban Kiểm phiếu kiểm tra hòm phiếu trước Đại hội (hòm phiếu trống) và niêm phong. "
                "Xin mời các đồng chí nhận phiếu; ai chưa nhận được phiếu xin giơ tay.",
                "Xin mời các đồng chí bỏ phiếu theo thứ tự. Đồng chí nào chưa bỏ phiếu xin giơ "
                "tay.",
            ),
            note="Ban Kiểm phiếu phát phiếu, ghi số phiếu phát ra, số phiếu dự phòng.",
        )
    )
    speeches.append(
        Speech(
            time,
            f"{what}: kiểm phiếu",
            counting,
            (
                "Việc bỏ phiếu đã xong. Ban Kiểm phiếu xin phép Đại hội mang hòm phiếu về phòng "
                "kiểm phiếu. Trong thời gian kiểm phiếu, Đại hội tiếp tục chương trình (hoặc "
                "nghỉ giải lao).",
            ),
            note="Kiểm phiếu bằng máy hoặc nhập tay; phiếu không rõ do Ban Kiểm phiếu quyết định.",
        )
    )
    elected = (
        f"Người trúng cử phải được quá một nửa số phiếu bầu so với {electorate}{line}; "
        "trong số người được quá một nửa, lấy người nhiều phiếu hơn cho đến đủ số lượng"
    )
    if e.body == "delegates" and e.alternates:
        elected += (
            f": {e.seats} người cao phiếu nhất là đại biểu chính thức, {e.alternates} người "
            "tiếp theo là đại biểu dự khuyết"
        )
    speeches.append(
        Speech(
            time,
            f"{what}: công bố kết quả",
            counting,
            (
                f"{w.address} Thay mặt Ban Kiểm phiếu, tôi xin công bố biên bản kiểm phiếu "
                f"{what[:1].lower()}{what[1:]} (đọc biên bản: số phiếu phát ra, thu về, hợp lệ, "
                "không hợp lệ, số phiếu của từng người).",
                elected + ".",
            ),
        )
    )
    speeches.append(
        Speech(
            time,
            f"{what}: bầu tiếp (nếu có)",
            chair,
            (
                "Nếu có những người bằng phiếu nhau ở vị trí cuối, Đoàn Chủ tịch đề nghị bầu "
                "lần tiếp theo chỉ giữa những người bằng phiếu đó.",
                "Nếu số người trúng cử chưa đủ số lượng, Đoàn Chủ tịch xin ý kiến "
                + ("Hội nghị" if inside else "Đại hội")
                + " có bầu tiếp hay không (có thể bổ sung người vào danh sách) hoặc để khuyết.",
            ),
        )
    )
    title = what.upper() + (f" (LẦN {e.round})" if e.round > 1 else "")
    # the time once, at the election's first step: the rest follow one another
    timed = [speeches[0], *(replace(s, time="") for s in speeches[1:])]
    return Part(title, "", tuple(timed))


def _contingencies(w: _Words) -> tuple[Contingency, ...]:
    return (
        Contingency(
            "Có đơn xin rút khỏi danh sách bầu cử",
            (
                Duty("Đoàn Chủ tịch", "Đọc đơn, nêu lý do; cho ý kiến đề xuất cho rút hay không."),
                Duty("Đại hội", "Biểu quyết giơ thẻ cho rút hay không cho rút."),
                Duty("Ban Kiểm phiếu", "Đếm thẻ, báo kết quả; in lại phiếu bầu nếu danh sách đổi."),
                Duty("Đoàn Thư ký", "Ghi vào biên bản Đại hội."),
            ),
        ),
        Contingency(
            "Có đề cử, ứng cử tại Đại hội",
            (
                Duty("Đoàn Chủ tịch", "Hỏi ý kiến người được đề cử; xin Đại hội biểu quyết."),
                Duty(
                    "Ban Kiểm phiếu",
                    f"Đếm số thẻ đồng ý: chỉ đưa vào danh sách khi trên 30% tổng số {w.member} "
                    "có mặt đồng ý.",
                ),
                Duty(
                    "Tổ kỹ thuật", "Bổ sung tên vào danh sách, in lại phiếu bầu theo vần A, B, C."
                ),
            ),
        ),
        Contingency(
            "Có người bằng phiếu nhau ở vị trí cuối",
            (
                Duty("Ban Kiểm phiếu", "Báo Đoàn Chủ tịch số người và số chỗ còn lại."),
                Duty(
                    "Đoàn Chủ tịch",
                    "Công bố và đề nghị bầu lần tiếp theo chỉ giữa những người bằng phiếu.",
                ),
                Duty(
                    "Tổ kỹ thuật", "In phiếu bầu lần tiếp theo chỉ có tên những người bằng phiếu."
                ),
            ),
        ),
        Contingency(
            "Số người trúng cử chưa đủ số lượng cần bầu",
            (
                Duty("Ban Kiểm phiếu", "Công bố người trúng cử và số chỗ còn thiếu."),
                Duty(
                    "Đoàn Chủ tịch",
                    "Xin ý kiến Đại hội bầu tiếp (có thể bổ sung người) hay để khuyết.",
                ),
                Duty("Đại hội", "Biểu quyết giơ thẻ."),
            ),
        ),
        Contingency(
            "Số người có mặt không đủ theo quy định (mất túc số)",
            (
                Duty("Đoàn Thư ký", "Báo Đoàn Chủ tịch số có mặt, vắng mặt ngay khi phát hiện."),
                Duty(
                    "Đoàn Chủ tịch",
                    "Tạm dừng biểu quyết và bầu cử; mời các đồng chí vắng mặt trở lại.",
                ),
                Duty(
                    "Ban Tổ chức đại hội", "Kiểm tra lại danh sách có mặt, báo lại Đoàn Chủ tịch."
                ),
            ),
        ),
        Contingency(
            "Máy quét phiếu hỏng",
            (
                Duty("Tổ kỹ thuật", "Báo ngay Trưởng Ban Kiểm phiếu; giữ nguyên phiếu đã quét."),
                Duty(
                    "Ban Kiểm phiếu",
                    "Chuyển sang nhập tay: mỗi phiếu nhập trên hai máy do hai người khác nhau, "
                    "hai kết quả phải khớp nhau; chỗ lệch kiểm lại trên phiếu giấy.",
                ),
                Duty("Đoàn Chủ tịch", "Thông báo Đại hội thời gian kiểm phiếu kéo dài."),
            ),
        ),
        Contingency(
            "Mất điện",
            (
                Duty("Ban Tổ chức đại hội", "Bật máy phát điện dự phòng, đèn và loa cầm tay."),
                Duty(
                    "Ban Kiểm phiếu",
                    "Không mở hòm phiếu; niêm phong hòm phiếu và phiếu đang kiểm, canh giữ tại "
                    "chỗ đến khi có điện hoặc kiểm phiếu tay.",
                ),
                Duty("Đoàn Chủ tịch", "Đề nghị Đại hội giữ trật tự, tạm nghỉ nếu cần."),
            ),
        ),
    )


def build_script(agenda: Agenda, elections: list[ElectionInfo]) -> Script:
    """The script of ``agenda``: at its elections item, every election in the order given."""
    w = _Words(agenda.kind)
    parts: list[Part] = []
    for session in agenda.sessions:
        speeches: list[Speech] = []
        for item in session.items:
            typed = tuple(p for p in _t(item.words).split("\n") if p)
            words = typed or _item_words(item, agenda, w)
            speaker = _speaker(item.lead)
            speeches.append(Speech(_t(item.time), _t(item.title), speaker, words))
            if item.step is Step.ELECTIONS:
                chair = speaker if item.lead.kind is not LeadKind.COUNTING else "Đoàn Chủ tịch"
                if not elections:
                    speeches.append(
                        Speech(_t(item.time), "Bầu cử", speaker, ("(Chưa có cuộc bầu cử nào.)",))
                    )
                # the session so far, then one part per election, then the rest of the session
                parts.append(Part(_t(session.title).upper(), _t(session.date), tuple(speeches)))
                speeches = []
                for e in elections:
                    parts.append(_election_part(e, agenda, chair, w, _t(item.time)))
        title = _t(session.title).upper()
        seen = any(p.title == title for p in parts)
        if speeches or not seen:
            parts.append(
                Part(f"{title} (TIẾP THEO)" if seen else title, _t(session.date), tuple(speeches))
            )
    return Script(_t(agenda.congress), _t(agenda.unit), tuple(parts), _contingencies(w))
