"""The small demo dataset is a consistent tree with a season partly done."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import authenticate

from daihoi.web.demo.seed import build_demo
from daihoi.web.groups.models import Difficulty, WorkingGroup
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Congress, CongressStatus

TODAY = date(2025, 5, 20)


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    return build_demo("small", seed=7, today=TODAY)


def test_the_tree_is_well_formed(demo):
    assert Organisation.objects.count() == demo.organisations
    assert Organisation.objects.find_problems() == ([], [], [], [], [])
    by_path = {o.path: o for o in Organisation.objects.all()}
    for org in by_path.values():
        assert org.depth == len(org.path) // org.steplen
        if org.depth > 1:
            parent = by_path[org.path[: -org.steplen]]
            assert parent.level == org.level - 1
    hanoi = Organisation.objects.get(name="Đảng bộ thành phố Hà Nội")
    assert Organisation.objects.get_children_count(hanoi) == hanoi.numchild > 0
    assert 1_800 < demo.organisations < 2_200


def test_every_organisation_below_central_has_one_congress(demo):
    assert Congress.objects.count() == demo.organisations - 1
    held = Congress.objects.filter(status=CongressStatus.HELD)
    assert held.count() == demo.held
    assert not held.filter(held_date__isnull=True).exists()
    assert not held.filter(held_date__gte=TODAY).exists()
    share = (
        held.filter(organisation__level=Level.BASE).count()
        / Congress.objects.filter(organisation__level=Level.BASE).count()
    )
    assert 0.55 < share < 0.97
    assert not Congress.objects.filter(
        status=CongressStatus.POSTPONED, postponed_reason=""
    ).exists()
    for c in held.exclude(committee_size=None)[:300]:
        c.full_clean()


def test_the_demo_people_can_log_in_and_are_wired_together(demo):
    assert {u.username for u in demo.users} == {"vanphong", "hanoi", "tocongtac", "bithu", "xem"}
    for user in demo.users:
        assert authenticate(username=user.username, password="daihoi2025") is not None
    bithu = authenticate(username="bithu", password="daihoi2025")
    difficulty = Difficulty.objects.filter(organisation=bithu.profile.unit).first()
    assert difficulty is not None
    assert difficulty.working_group.members.filter(username="tocongtac").exists()
    assert WorkingGroup.objects.count() == demo.working_groups
    assert "daihoi2025" in "\n".join(demo.lines())


def test_it_refuses_to_load_twice(demo):
    with pytest.raises(ValueError, match="CSDL trống"):
        build_demo("small", seed=7, today=TODAY)


def test_the_seed_demo_command_prints_the_logins(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "Tài khoản mẫu (mật khẩu daihoi2025):" in text
    assert "bithu" in text and "tổ chức" in text
