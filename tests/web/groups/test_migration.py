"""Moving working groups and difficulties out of the season app loses nothing.

The story: a database from before the move (season at ``0001_initial``, no groups app) holds
Hà Nam's working group with its leader, a member and an assigned district, a difficulty with
its history, and the audit entry of the report. Migrating it to today's schema keeps every row
and every link, now read through the groups app's models. Run on SQLite by default and on
PostgreSQL with ``DATABASE_URL``.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("season", "0001_initial"), ("groups", None)]


def _migrate(targets):  # type: ignore[no-untyped-def]
    """Migrate to ``targets``; the historical models of what is then applied."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _latest():  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_groups_difficulties_and_their_links_when_they_move_to_the_groups_app():
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Organisation = old.get_model("orgs", "Organisation")
    Season = old.get_model("season", "Season")
    WorkingGroup = old.get_model("season", "WorkingGroup")
    Difficulty = old.get_model("season", "Difficulty")
    DifficultyEvent = old.get_model("season", "DifficultyEvent")
    AuditEntry = old.get_model("audit", "AuditEntry")
    ContentType = old.get_model("contenttypes", "ContentType")

    alice = User.objects.create(username="alice")
    dave = User.objects.create(username="dave")
    ha_nam = Organisation.objects.create(
        path="0001", depth=1, numchild=1, code="HNA", name="Đảng bộ tỉnh Hà Nam", level=1
    )
    phu_ly = Organisation.objects.create(
        path="00010001",
        depth=2,
        numchild=0,
        code="HNA-PL",
        name="Đảng bộ thành phố Phủ Lý",
        level=2,
    )
    season = Season.objects.create(
        organisation=ha_nam, name="Đại hội 2025–2030", term_start=2025, term_end=2030
    )
    group = WorkingGroup.objects.create(
        season=season, organisation=ha_nam, name="Tổ công tác số 1", leader=alice
    )
    group.members.add(dave)
    group.assigned.add(phu_ly)
    difficulty = Difficulty.objects.create(
        season=season,
        organisation=phu_ly,
        title="Số dư trong danh sách bầu cử",
        due_date=date(2025, 6, 1),
        working_group=group,
        reported_by=dave,
    )
    DifficultyEvent.objects.create(
        difficulty=difficulty,
        author=dave,
        kind="reported",
        text="Dư bao nhiêu?",
        status_after="open",
    )
    AuditEntry.objects.create(
        action="difficulty.report",
        object_type="season.difficulty",
        object_id=str(difficulty.pk),
        object_repr=difficulty.title,
        organisation=phu_ly,
    )
    content_type = ContentType.objects.get_or_create(app_label="season", model="difficulty")[0]

    new = _migrate(_latest())
    Group = new.get_model("groups", "WorkingGroup")
    NewDifficulty = new.get_model("groups", "Difficulty")
    moved = Group.objects.get(pk=group.pk)
    assert (moved.name, moved.leader.username, moved.season_id) == (
        "Tổ công tác số 1",
        "alice",
        season.pk,
    )
    assert [u.username for u in moved.members.all()] == ["dave"]
    assert [o.code for o in moved.assigned.all()] == ["HNA-PL"]
    report = NewDifficulty.objects.get(pk=difficulty.pk)
    assert (report.title, report.working_group_id, report.reported_by.username) == (
        "Số dư trong danh sách bầu cử",
        group.pk,
        "dave",
    )
    assert [e.text for e in report.events.all()] == ["Dư bao nhiêu?"]
    entry = new.get_model("audit", "AuditEntry").objects.get(object_id=str(difficulty.pk))
    assert entry.object_type == "groups.difficulty"
    relabelled = new.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert (relabelled.app_label, relabelled.model) == ("groups", "difficulty")

    # And the application's own models read the same rows.
    from daihoi.web.groups.models import Difficulty as CurrentDifficulty
    from daihoi.web.groups.models import WorkingGroup as CurrentGroup

    assert CurrentGroup.objects.get(pk=group.pk).assigned.get().code == "HNA-PL"
    assert CurrentDifficulty.objects.get(pk=difficulty.pk).events.count() == 1
