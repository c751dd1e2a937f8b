"""The elected body's report of Minh Khai's new committee, told as a story.

Hoa's list of ten for nine seats becomes the committee election; the counting committee enters
the totals (30 valid ballots) and Hạnh, its head, confirms. The report is computed from the
records of the nine elected: re-elected and first-time, women, mean age, under 40 …; the
congress's women, under 40 and first-time figures are written as counted, and a typed figure
does not overwrite them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.web.accounts.models import Role
from daihoi.web.counting import services as counting
from daihoi.web.elections.models import PanelMember
from daihoi.web.elections.services import election_from_list
from daihoi.web.personnel import plans
from daihoi.web.personnel.models import ElectedBody
from daihoi.web.season.models import Congress

pytestmark = pytest.mark.django_db


def _votes(votes_for: int) -> dict[str, int]:
    return {"votes_for": votes_for, "votes_against": 30 - votes_for, "abstain": 0}


def count_and_confirm(cl: Any, make_user: Any, tree: Any, votes: dict[str, int]) -> Any:
    election = cl.election
    people = {}
    for username, panel, role in (("hanh", "counting", "head"), ("tu", "technical", "operator")):
        user = make_user(username, tree.minh_khai, Role.VIEWER)
        PanelMember.objects.create(
            congress=cl.congress, panel=panel, role=role, name=username.title(), user=user
        )
        people[username] = user
    count = counting.count_of(election)
    batch = counting.new_manual_batch(count, people["tu"], "totals")
    counting.save_totals(
        batch, people["tu"], collected=30, valid=30, invalid_reasons={}, votes=votes
    )
    assert counting.confirm(count, people["hanh"]) is None
    return count


@pytest.fixture
def counted(hoa: Any, ward_congress: Any, cadres: list[Any], make_user: Any, tree: Any) -> Any:
    # Ten names: the seven outgoing members, Thu (33), Tuấn (32) and Việt (39).
    cl = plans.create_list(hoa, ward_congress, "committee", 9, "Bầu Ban Chấp hành khóa mới")
    for person in cadres[:10]:
        plans.nominate(hoa, cl, person, "outgoing")
    election_from_list(hoa, cl, slug="bch", number=_votes(29), listing=_votes(28))
    cl.refresh_from_db()
    # Everyone but Lê Văn Minh (too old to be re-elected) gets more than half of 31.
    votes = {c.name: (10 if c.name == "Lê Văn Minh" else 25) for c in cl.election.candidates.all()}
    cl.count = count_and_confirm(cl, make_user, tree, votes)
    return cl


def test_the_confirmed_count_gives_the_bodys_report(counted):
    row = ElectedBody.objects.get(candidate_list=counted)
    assert row.source == "counted" and row.unmatched == []
    assert row.people.count() == 9
    f = row.figures
    # Re-elected: the six outgoing members other than Minh; first time: Thu, Tuấn, Việt.
    assert (f["members"], f["reelected"], f["first_time"]) == (9, 6, 3)
    assert f["women"] == 2  # Lan and Thu
    # Under 40 on 15/10/2025: Thu 33, Tuấn 32, Việt 39.
    assert f["under_40"] == 3
    # Ages 57, 53, 50, 47, 45, 55, 33, 32, 39 → 45.67 → 45.7.
    assert f["mean_age"] == "45.7"


def test_the_list_page_shows_the_body_elected(counted, hoa, client_of):
    text = client_of(hoa).get(reverse("personnel:list", args=[counted.pk])).content.decode()
    assert 'data-testid="elected-body"' in text
    assert "Đổi mới (chưa là ủy viên khóa trước): 3/9 (33,3%), đạt từ 33,33%." in text


def test_the_congress_figures_are_counted_and_not_typed_over(counted, alice, client_of):
    congress = Congress.objects.get(pk=counted.congress_id)
    assert (congress.women, congress.under_40, congress.new_members) == (2, 3, 3)
    sources = congress.figure_sources
    assert sources["women"] == sources["under_40"] == sources["new_members"] == "counted"
    from daihoi.web.season.sources import locked_fields

    assert {"women", "under_40", "new_members", "committee_size"} <= locked_fields(congress)


def test_a_name_without_a_record_is_said_and_writes_no_congress_figure(hoa, ward_congress, cadres):
    from django.utils import timezone

    from daihoi.web.personnel.elected import record_elected_body

    cl = plans.create_list(hoa, ward_congress, "committee", 3, "Bầu Ban Chấp hành")
    for person in cadres[:4]:
        plans.nominate(hoa, cl, person, "outgoing")
    row = record_elected_body(
        hoa, cl.pk, ["Nguyễn Văn Hải", "Trần Thị Lan", "Người Lạ"], now=timezone.now()
    )
    assert row.unmatched == ["Người Lạ"] and row.figures["members"] == 2
    congress = Congress.objects.get(pk=ward_congress.pk)
    assert congress.women is None and "women" not in congress.figure_sources


def test_the_congress_report_in_excel_and_word(counted, hoa, charlie, client_of, tmp_path):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from daihoi.web.personnel.models import AccessKind, AccessLog

    client = client_of(hoa)
    congress = counted.congress
    xlsx = client.get(reverse("personnel:plan_xlsx", args=[congress.pk]))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "Đề án"
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert "Nguyễn Văn Hải" in texts
    assert any(str(t).startswith("– Nữ: 2/10 (20%)") for t in texts)
    assert any("ứng viên nữ không trúng cử" in str(t) for t in texts)
    body = book[book.sheetnames[-1]]
    rows = {r[0].value: r[1].value for r in body.iter_rows() if r[0].value}
    assert rows["Số ủy viên"] == 9 and rows["Nữ"] == 2 and rows["Tuổi bình quân"] == "45,7"
    docx = client.get(reverse("personnel:plan_docx", args=[congress.pk]))
    document = Document(io.BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Nhân sự đại hội Đảng bộ phường Minh Khai", "Đề án nhân sự"]
    assert "Cơ cấu Ban Chấp hành khóa mới" in headings
    logged = AccessLog.objects.filter(kind=AccessKind.EXPORT)
    assert logged.count() == 2 and all(r.rows == 10 for r in logged)
    assert (
        client_of(charlie).get(reverse("personnel:plan_xlsx", args=[congress.pk])).status_code
        == 403
    )
    (tmp_path / "plan.docx").write_bytes(docx.content)


def test_a_hostile_name_stays_text_in_both_files(hoa, ward_congress, cadres, client_of):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from daihoi.web.personnel.models import Person

    cl = plans.create_list(hoa, ward_congress, "committee", 1, "Bầu <b>Bí thư</b>")
    hostile = Person.objects.create(
        full_name='=HYPERLINK("http://x","a")\x07', unit=ward_congress.organisation
    )
    plans.nominate(hoa, cl, hostile, "self")
    client = client_of(hoa)
    book = load_workbook(
        io.BytesIO(client.get(reverse("personnel:plan_xlsx", args=[ward_congress.pk])).content)
    )
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value]
    named = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert named and all(c.data_type == "s" and "\x07" not in c.value for c in named)
    docx = client.get(reverse("personnel:plan_docx", args=[ward_congress.pk]))
    document = Document(io.BytesIO(docx.content))
    assert "Bầu <b>Bí thư</b>" in [p.text for p in document.paragraphs]


def test_a_reopened_count_marks_the_report_and_the_figures_reopened(counted):
    from django.contrib.auth.models import User

    hanh = User.objects.get(username="hanh")
    counting.reopen(counted.count, hanh, "Kiểm lại phiếu số 12")
    row = ElectedBody.objects.get(candidate_list=counted)
    assert row.source == "reopened"
    congress = Congress.objects.get(pk=counted.congress_id)
    for name in ("women", "under_40", "new_members", "committee_size"):
        assert congress.figure_sources[name] == "reopened", name
    # Confirmed again: counted again.
    assert counting.confirm(counted.count, hanh) is None
    row.refresh_from_db()
    congress.refresh_from_db()
    assert row.source == "counted" and congress.figure_sources["women"] == "counted"
