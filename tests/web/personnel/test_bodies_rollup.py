"""The elected committees' structure rolled up three levels: the centre sees Hà Nam's sums,
Hà Nam sees Phủ Lý's and Duy Tiên's, Phủ Lý sees Minh Khai's and its own congress's.

Minh Khai elects 3 (1 woman, 1 under 40), Hòa Mạc 3 (2 women), Phủ Lý's own congress 2
(1 woman); Biên Hòa's committee figures were only typed: it is counted apart, with its source.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from daihoi.web.dashboard.bodies import body_rollup
from daihoi.web.personnel import plans
from daihoi.web.personnel.elected import record_elected_body
from daihoi.web.personnel.models import Person
from daihoi.web.season.models import Congress, CongressStatus
from daihoi.web.season.sources import FigureSource
from tests.web.season.conftest import empty_cache  # noqa: F401  (no dashboard cached)

pytestmark = pytest.mark.django_db


def elect(user: Any, season: Any, org: Any, people: list[tuple[str, str, date]]) -> Any:
    congress = Congress.objects.create(
        season=season, organisation=org, status=CongressStatus.HELD, held_date=date(2025, 10, 15)
    )
    cl = plans.create_list(user, congress, "committee", len(people), "Bầu Ban Chấp hành")
    for name, gender, born in people:
        person = Person.objects.create(
            full_name=name, gender=gender, birth_date=born, unit=org, hometown="Hà Nam"
        )
        plans.nominate(user, cl, person, "self")
    record_elected_body(user, cl.pk, [p[0] for p in people], now=timezone.now())
    return congress


@pytest.fixture
def three_levels(alice: Any, season: Any, tree: Any) -> Any:
    elect(
        alice,
        season,
        tree.minh_khai,
        [
            ("Nguyễn Văn Hải", "male", date(1968, 3, 1)),
            ("Trần Thị Lan", "female", date(1972, 5, 9)),
            ("Ngô Văn Tuấn", "male", date(1993, 8, 8)),
        ],
    )
    elect(
        alice,
        season,
        tree.hoa_mac,
        [
            ("Lê Thị Hồng", "female", date(1980, 1, 1)),
            ("Phạm Thị Mai", "female", date(1975, 1, 1)),
            ("Đỗ Văn Sơn", "male", date(1970, 1, 1)),
        ],
    )
    elect(
        alice,
        season,
        tree.phu_ly,
        [
            ("Vũ Văn Quang", "male", date(1980, 2, 14)),
            ("Kiều Thị Giang", "female", date(1988, 8, 8)),
        ],
    )
    typed = Congress.objects.create(
        season=season,
        organisation=tree.bien_hoa_school,
        status=CongressStatus.HELD,
        committee_size=5,
        women=4,
        figure_sources={"women": FigureSource.TYPED, "committee_size": FigureSource.TYPED},
    )
    return typed


def test_the_centre_sees_the_provinces_sums(three_levels, tree):
    rollup = body_rollup(tree.central, None)
    rows = {r.org.code: r for r in rollup.rows}
    assert rows["HNA"].reports == 3 and rows["HNA"]["members"] == 8
    assert rows["HNA"]["women"] == 4 and rows["HNA"].typed == 1
    assert rows["NBI"].reports == 0
    assert rollup.total["members"] == 8


def test_the_province_sees_its_districts(three_levels, tree, season):
    rollup = body_rollup(tree.ha_nam, season)
    rows = {r.org.code: r for r in rollup.rows}
    assert (rows["HNA-PL"].reports, rows["HNA-PL"]["members"], rows["HNA-PL"]["women"]) == (2, 5, 2)
    assert (rows["HNA-DT"].reports, rows["HNA-DT"]["members"], rows["HNA-DT"]["women"]) == (1, 3, 2)
    assert rows["HNA-PL"].typed == 1  # Biên Hòa, typed only: not in the sums
    # Under 40 on 15/10/2025: Tuấn (32) and Giang (37).
    assert rows["HNA-PL"]["under_40"] == 2
    # Mean age of Phủ Lý's five: 57, 53, 32, 45, 37 → 44.8.
    assert str(rows["HNA-PL"].mean_age) == "44.8"


def test_the_district_sees_its_own_congress_and_its_wards(three_levels, tree, season):
    rollup = body_rollup(tree.phu_ly, season)
    own = rollup.rows[0]
    assert own.own and own.org == tree.phu_ly and own["members"] == 2
    rows = {r.org.code: r for r in rollup.rows[1:]}
    assert rows["HNA-PL-01"]["members"] == 3 and rows["HNA-PL-02"].typed == 1
    assert rollup.total["members"] == 5


def test_the_page_and_its_files_show_the_source(three_levels, tree, alice, bob, client_of):
    from docx import Document
    from openpyxl import load_workbook

    client = client_of(alice)
    page = client.get(reverse("dashboard:bodies", args=[tree.ha_nam.pk]))
    text = page.content.decode()
    assert "kết quả kiểm phiếu (2 đại hội)" in text
    assert "nhập tay, không tính vào bảng (1 đại hội)" in text
    xlsx = client.get(reverse("dashboard:bodies_xlsx", args=[tree.ha_nam.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(v for v in values if v[0] == "Đơn vị")
    phu_ly = next(v for v in values if v[0] == "Đảng bộ thành phố Phủ Lý")
    assert phu_ly[header.index("Ủy viên")] == 5 and phu_ly[header.index("Nữ")] == 2
    docx = client.get(reverse("dashboard:bodies_docx", args=[tree.ha_nam.pk]))
    table = Document(io.BytesIO(docx.content)).tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][0] == "Đơn vị" and cells[-1][0] == "Tổng cộng"
    assert cells[-1][2] == "8"
    # Bob (Ninh Bình's office) does not see Hà Nam.
    assert client_of(bob).get(reverse("dashboard:bodies", args=[tree.ha_nam.pk])).status_code == 404


def test_the_dashboards_results_say_their_source(
    three_levels,
    tree,
    season,
    empty_cache,  # noqa: F811
):
    from datetime import date as day

    from daihoi.web.dashboard.figures import build_dashboard

    board = build_dashboard(tree.ha_nam, season, day(2025, 11, 1), [season])
    # Four held congresses: three with counted figures, Biên Hòa's typed.
    assert (board.results.congresses, board.results.counted_structure) == (4, 3)
    assert board.results.women == 4 + 4  # the counted 4 and Biên Hòa's typed 4
    assert str(board.results.counted_structure_percent) == "75.00"
