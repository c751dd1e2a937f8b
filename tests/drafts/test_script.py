"""The script of Hà Nam's congress with three elections, read back from the Word file."""

import io

import docx

from daihoi.drafts.agenda import CongressKind, Item, Lead, LeadKind, Step, template
from daihoi.drafts.script import ElectionInfo, build_script
from daihoi.drafts.scriptdocx import render_script

CHAIR = "Nguyễn Văn An"
AGENDA = template(
    CongressKind.DELEGATES,
    "Đại hội đại biểu Đảng bộ tỉnh Hà Nam lần thứ XXI, nhiệm kỳ 2025–2030",
    "Đảng bộ tỉnh Hà Nam",
    chair=CHAIR,
)
ELECTIONS = [
    ElectionInfo(
        "Bầu Ban Chấp hành Đảng bộ tỉnh khóa XXI",
        "committee",
        seats=3,
        candidates=("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"),
        electorate=300,
    ),
    ElectionInfo("Bầu Bí thư Tỉnh ủy", "secretary", seats=1, candidates=("Lê Văn Cường",)),
    ElectionInfo(
        "Bầu đoàn đại biểu dự Đại hội đại biểu toàn quốc",
        "delegates",
        seats=2,
        alternates=1,
        candidates=("Đỗ Văn Giang", "Vũ Thị Hà", "Bùi Văn Khánh", "Ngô Thị Lan"),
        electorate=300,
    ),
]
CONTINGENCIES = [
    "Có đơn xin rút khỏi danh sách bầu cử",
    "Có đề cử, ứng cử tại Đại hội",
    "Có người bằng phiếu nhau ở vị trí cuối",
    "Số người trúng cử chưa đủ số lượng cần bầu",
    "Số người có mặt không đủ theo quy định (mất túc số)",
    "Máy quét phiếu hỏng",
    "Mất điện",
]


def _text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    paras = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for t in document.tables[1:] for row in t.rows]
    return paras, rows


def test_it_writes_every_election_step_and_every_contingency_with_who_does_what() -> None:
    script = build_script(AGENDA, ELECTIONS)
    text, rows = _text(render_script(script, "Phủ Lý, ngày 10 tháng 6 năm 2026"))
    for election in ELECTIONS:
        title = election.title
        for step in (
            "số lượng cần bầu",
            "danh sách bầu cử",
            "đơn xin rút",
            "thông qua danh sách",
            "hướng dẫn bỏ phiếu",
            "phát phiếu, bỏ phiếu",
            "kiểm phiếu",
            "công bố kết quả",
            "bầu tiếp (nếu có)",
        ):
            assert f"{title}: {step}" in text, (title, step)
        for name in election.candidates:
            assert name in text
    # the congress's own elections take floor nominations; the secretary is elected inside the
    # new committee, by its members
    assert f"{ELECTIONS[0].title}: đề cử, ứng cử tại Đại hội" in text
    assert f"{ELECTIONS[1].title}: đề cử, ứng cử tại Đại hội" not in text
    assert "Ban Chấp hành khóa mới họp phiên thứ nhất" in text
    assert "trên 30% tổng số đại biểu có mặt đồng ý" in text
    assert "so với 300 đại biểu được triệu tập (tức là từ 151 phiếu trở lên);" in text
    assert "Hội nghị tiến hành bầu Bí thư Tỉnh ủy." in text
    assert "Đồng chí ủy viên Ban Chấp hành nào nhất trí" in text and "xin giơ tay" in text
    assert "so với tổng số ủy viên Ban Chấp hành;" in text  # no electorate fixed yet
    assert "gạch giữa cả họ và tên" in text  # a surplus: strike names
    assert "“Đồng ý” và “Không đồng ý”" in text  # one name for one seat: X boxes
    assert "2 người cao phiếu nhất là đại biểu chính thức, 1 người tiếp theo" in text
    assert "xin giơ thẻ đại biểu biểu quyết" in text
    # the presidium member leads the items given to them, by name
    assert f"Đồng chí {CHAIR} (Đoàn Chủ tịch)" in text
    for case in CONTINGENCIES:
        assert case in text
    who = {r[0] for r in rows if r[0] != "Ai"}
    assert {"Đoàn Chủ tịch", "Ban Kiểm phiếu", "Tổ kỹ thuật", "Đại hội"} <= who
    assert all(r[1] for r in rows)
    assert any("nhập trên hai máy" in r[1] for r in rows)


def test_a_members_congress_raises_party_cards() -> None:
    agenda = template(CongressKind.MEMBERS, "Đại hội Chi bộ thôn Đông", "Chi bộ thôn Đông")
    text, _ = _text(render_script(build_script(agenda, ELECTIONS[:1])))
    assert "giơ thẻ đảng viên" in text
    assert "Báo cáo tình hình đảng viên dự Đại hội" in text
    assert "Ban Thẩm tra tư cách" not in text


def test_typed_words_replace_the_template_and_hostile_text_stays_plain() -> None:
    hostile = '<b>Nguyễn</b> =HYPERLINK("http://x")\x07\x1b'
    session = AGENDA.sessions[1]
    items = (
        Item(
            "07:30",
            "Khai mạc",
            Step.OPENING,
            Lead(LeadKind.PRESIDIUM_MEMBER, hostile),
            words="Lời của ban tổ chức\x00 tự viết.",
        ),
        *session.items[1:],
    )
    agenda = AGENDA.__class__(
        AGENDA.congress,
        AGENDA.unit,
        AGENDA.kind,
        (AGENDA.sessions[0], session.__class__(session.title, session.kind, session.date, items)),
    )
    election = ElectionInfo("Bầu <script>x</script>", "committee", 1, (hostile, "Lê Văn B"))
    data = render_script(build_script(agenda, [election]))
    text, _ = _text(data)
    assert "Lời của ban tổ chức tự viết." in text
    assert '<b>Nguyễn</b> =HYPERLINK("http://x")' in text
    assert "\x07" not in text and "\x1b" not in text
    document = docx.Document(io.BytesIO(data))
    assert not document.element.body.xpath(".//w:fldSimple | .//w:instrText")


def test_no_elections_yet_is_said() -> None:
    text, _ = _text(render_script(build_script(AGENDA, [])))
    assert "(Chưa có cuộc bầu cử nào.)" in text
