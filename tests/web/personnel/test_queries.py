"""The list pages make the same number of queries for 3 people as for 40."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from daihoi.web.personnel import plans
from daihoi.web.personnel.models import Person

pytestmark = pytest.mark.django_db


def people(tree: Any, n: int, start: int = 0) -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            full_name=f"Nguyễn Văn Số {chr(65 + (i % 26))}{i}",
            gender="female" if i % 3 == 0 else "male",
            birth_date=date(1970 + i % 30, 1 + i % 12, 1),
            theory="trung_cap",
            unit=tree.minh_khai,
        )
        for i in range(start, start + n)
    )


def queries(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_people_list_is_constant(hoa, tree, client_of, django_assert_num_queries):
    client = client_of(hoa)
    url = reverse("personnel:index")
    people(tree, 3)
    few = queries(client, url, org=tree.phu_ly.pk)
    people(tree, 37, start=3)
    with django_assert_num_queries(few):
        client.get(url, {"org": tree.phu_ly.pk})


def test_a_candidate_list_and_the_plan_are_constant(
    hoa, tree, ward_congress, client_of, django_assert_num_queries
):
    client = client_of(hoa)
    cl = plans.create_list(hoa, ward_congress, "committee", 9, "Bầu Ban Chấp hành")
    for person in people(tree, 3):
        plans.nominate(hoa, cl, person, "outgoing")
    list_url = reverse("personnel:list", args=[cl.pk])
    plan_url = reverse("personnel:plan", args=[ward_congress.pk])
    from_url = reverse("elections:from_list", args=[cl.pk])
    few = [queries(client, u) for u in (list_url, plan_url, from_url)]
    for person in people(tree, 37, start=3):
        plans.nominate(hoa, cl, person, "self")
    for url, count in zip((list_url, plan_url, from_url), few, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
