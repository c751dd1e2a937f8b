"""The dashboard reads a fixed number of queries however large the subtree is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from daihoi.web.accounts.models import Profile, Role
from daihoi.web.groups.models import Difficulty
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Congress, CongressStatus, Season, SeasonDeadline


def grow(n_upper: int, bases_each: int) -> Organisation:
    """A province with ``n_upper`` districts of ``bases_each`` bases, each with a congress."""
    today = timezone.localdate()
    path = Organisation._get_path

    def node(p: str, code: str, name: str, level: int, numchild: int) -> Organisation:
        return Organisation(
            path=p, depth=len(p) // 4, numchild=numchild, code=code, name=name, level=level
        )

    orgs = [
        node(path(None, 1, 1), "Q", "Trung ương", Level.CENTRAL, 1),
        node(path("0001", 2, 1), "Q1", "Đảng bộ tỉnh Thử", Level.PROVINCE, n_upper),
    ]
    for u in range(n_upper):
        up = path("00010001", 3, u + 1)
        orgs.append(node(up, f"Q1-{u}", f"Đảng bộ huyện {u}", Level.UPPER_BASE, bases_each))
        for b in range(bases_each):
            orgs.append(node(path(up, 4, b + 1), f"Q1-{u}-{b}", f"Chi bộ {u}.{b}", Level.BASE, 0))
    Organisation.objects.bulk_create(orgs)
    assert Organisation.objects.find_problems() == ([], [], [], [], [])
    central = Organisation.objects.get(code="Q")
    season = Season.objects.create(
        organisation=central, name="Đợt thử", term_start=2025, term_end=2030
    )
    SeasonDeadline.objects.create(
        season=season, level=Level.BASE, due_on=today + timedelta(days=30)
    )
    congresses = []
    for org in Organisation.objects.filter(level__gte=Level.UPPER_BASE):
        b = int(org.code.rsplit("-", 1)[1])
        held = org.level == Level.BASE and b % 2 == 0
        congresses.append(
            Congress(
                season=season,
                organisation=org,
                status=CongressStatus.HELD if held else CongressStatus.PREPARING,
                held_date=today - timedelta(days=b + 1) if held else None,
                planned_date=today - timedelta(days=b - 3),
                committee_size=5 if held else None,
                women=1 if held else None,
            )
        )
        if org.level == Level.BASE and b % 3 == 0:
            Difficulty.objects.create(
                season=season, organisation=org, title="Vướng", due_date=today - timedelta(days=1)
            )
    Congress.objects.bulk_create(congresses)
    return Organisation.objects.get(code="Q1")


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # measure the figures being computed, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["dashboard:org", "dashboard:export", "dashboard:report"])
def test_twenty_or_two_hundred_organisations_cost_the_same_queries(
    page, db, make_user, client_of, django_assert_max_num_queries
):
    small = grow(n_upper=3, bases_each=5)  # 20 organisations under the province
    small_user = make_user("nho", small, Role.OFFICE)
    small_count = count_queries(client_of(small_user), reverse(page, args=[small.pk]))

    Difficulty.objects.all().delete()
    Congress.objects.all().delete()
    Season.objects.all().delete()
    Profile.objects.all().delete()
    Organisation.objects.all().delete()
    large = grow(n_upper=8, bases_each=24)  # 200 organisations
    assert Organisation.objects.filter(path__startswith=large.path).count() == 201
    large_user = make_user("lon", large, Role.OFFICE)
    client = client_of(large_user)
    cache.clear()
    with django_assert_max_num_queries(small_count):
        client.get(reverse(page, args=[large.pk]))
    assert count_queries(client, reverse(page, args=[large.pk])) == small_count


def test_a_cached_dashboard_is_recomputed_after_a_change(db, make_user, client_of):
    province = grow(n_upper=2, bases_each=3)
    client = client_of(make_user("nho", province, Role.OFFICE))
    url = reverse("dashboard:org", args=[province.pk])
    assert 'data-figure="held">4/8<' in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cached_read:
        client.get(url)
    assert len(cached_read.captured_queries) < count_queries(client, url)
    client.get(url)  # cached again
    pending = Congress.objects.filter(status=CongressStatus.PREPARING).first()
    pending.status, pending.held_date = CongressStatus.HELD, timezone.localdate()
    pending.save()
    assert 'data-figure="held">5/8<' in client.get(url).content.decode()
