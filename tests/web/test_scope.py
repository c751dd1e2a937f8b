"""Alice, Bob, Charlie and Sam each see exactly their own part of the tree."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from daihoi.web.accounts.scope import (
    can_edit,
    can_view,
    get_visible_org_or_404,
    require_office,
    scope_queryset,
    visible_organisations,
)
from daihoi.web.audit import log_change
from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs.models import Organisation


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_it_shows_alice_her_province_and_everything_under_it(tree, alice):
    assert codes(visible_organisations(alice)) == {
        "HNA",
        "HNA-PL",
        "HNA-PL-01",
        "HNA-PL-01-01",
        "HNA-PL-02",
        "HNA-DT",
        "HNA-DT-01",
    }


def test_it_shows_bob_only_ninh_binh(tree, bob):
    assert codes(visible_organisations(bob)) == {"NBI", "NBI-HL", "NBI-HL-01"}


def test_it_shows_charlie_his_city_only(tree, charlie):
    assert codes(visible_organisations(charlie)) == {
        "HNA-PL",
        "HNA-PL-01",
        "HNA-PL-01-01",
        "HNA-PL-02",
    }


def test_it_shows_sam_everything(tree, sam):
    assert visible_organisations(sam).count() == len(tree.all())


def test_it_shows_nothing_to_a_stranger_or_a_user_without_profile(tree, make_user):
    nobody = make_user("nobody", None)
    assert not visible_organisations(nobody).exists()
    assert not visible_organisations(AnonymousUser()).exists()


def test_it_lets_alice_view_and_edit_her_units_but_not_bobs(tree, alice):
    assert can_view(alice, tree.hoa_mac) and can_edit(alice, tree.hoa_mac)
    assert not can_view(alice, tree.hoa_lu)
    assert not can_edit(alice, tree.hoa_lu)
    assert not can_view(alice, tree.central)


def test_it_never_lets_a_viewer_edit(tree, charlie):
    assert can_view(charlie, tree.minh_khai)
    assert not can_edit(charlie, tree.minh_khai)


def test_it_answers_404_out_of_scope_and_403_for_a_viewer_editing(tree, alice, charlie):
    assert get_visible_org_or_404(alice, tree.phu_ly.pk) == tree.phu_ly
    with pytest.raises(Http404):
        get_visible_org_or_404(alice, tree.dong_thanh.pk)
    with pytest.raises(Http404):
        get_visible_org_or_404(alice, "not-a-number")
    with pytest.raises(PermissionDenied):
        get_visible_org_or_404(charlie, tree.minh_khai.pk, edit=True)


def test_with_no_organisation_asked_for_it_gives_each_their_own_unit(
    tree, alice, charlie, sam, make_user
):
    assert get_visible_org_or_404(alice) == tree.ha_nam
    assert get_visible_org_or_404(charlie, "") == tree.phu_ly
    assert get_visible_org_or_404(sam) == tree.central  # no unit: the top of the tree
    with pytest.raises(Http404):
        get_visible_org_or_404(make_user("nobody", None))
    with pytest.raises(PermissionDenied):
        get_visible_org_or_404(charlie, edit=True)


def test_only_office_staff_of_a_unit_may_run_its_office_work(tree, alice, charlie):
    require_office(alice, tree.phu_ly)
    with pytest.raises(PermissionDenied):
        require_office(charlie, tree.phu_ly)
    with pytest.raises(PermissionDenied):
        require_office(alice, tree.hoa_lu)


def test_it_scopes_any_queryset_by_an_organisation_field(tree, alice, bob):
    log_change(alice, tree.hoa_mac, "update", {"name": ["a", "b"]})
    log_change(bob, tree.dong_thanh, "update", {"name": ["c", "d"]})
    seen = scope_queryset(AuditEntry.objects.all(), alice, "organisation")
    assert [e.organisation for e in seen] == [tree.hoa_mac]
    assert codes(scope_queryset(Organisation.objects.all(), bob, None)) == {
        "NBI",
        "NBI-HL",
        "NBI-HL-01",
    }
