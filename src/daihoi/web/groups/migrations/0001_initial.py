"""Working groups and difficulties move from the season app to this one, keeping their data.

The tables already exist (created by ``season.0001_initial``): this migration only tells
Django's state that the models now belong here, under the same table names (``db_table``), so
not a row is copied or lost. ``season.0002`` then drops them from the season app's state.
The content types (and so permissions and admin history) and the audit log's object types are
relabelled from ``season.*`` to ``groups.*``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("workinggroup", "difficulty", "difficultyevent")


def _relabel(apps, schema_editor, old, new):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEntry.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def relabel_forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _relabel(apps, schema_editor, "season", "groups")


def relabel_backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _relabel(apps, schema_editor, "groups", "season")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0001_initial"),
        ("season", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="WorkingGroup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("working_group", "Tổ công tác"),
                                    ("inspection", "Đoàn kiểm tra"),
                                ],
                                default="working_group",
                                max_length=16,
                                verbose_name="loại",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="tên")),
                        (
                            "assigned",
                            models.ManyToManyField(
                                blank=True,
                                related_name="assigned_groups",
                                to="orgs.organisation",
                                verbose_name="đơn vị phụ trách",
                            ),
                        ),
                        (
                            "leader",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="led_groups",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="trưởng đoàn/tổ trưởng",
                            ),
                        ),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True,
                                related_name="working_groups",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="thành viên",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="working_groups",
                                to="orgs.organisation",
                                verbose_name="thuộc đơn vị",
                            ),
                        ),
                        (
                            "season",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="working_groups",
                                to="season.season",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tổ công tác",
                        "verbose_name_plural": "tổ công tác",
                        "db_table": "season_workinggroup",
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Difficulty",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=300, verbose_name="vướng mắc")),
                        ("body", models.TextField(blank=True, verbose_name="nội dung")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Chờ trả lời"),
                                    ("answered", "Đã trả lời"),
                                    ("closed", "Đã đóng"),
                                ],
                                default="open",
                                max_length=10,
                                verbose_name="tình trạng",
                            ),
                        ),
                        (
                            "due_date",
                            models.DateField(blank=True, null=True, verbose_name="hạn trả lời"),
                        ),
                        ("reported_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="difficulties",
                                to="orgs.organisation",
                                verbose_name="đơn vị báo cáo",
                            ),
                        ),
                        (
                            "reported_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "season",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="difficulties",
                                to="season.season",
                            ),
                        ),
                        (
                            "working_group",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="difficulties",
                                to="groups.workinggroup",
                                verbose_name="tổ công tác phụ trách",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "vướng mắc",
                        "verbose_name_plural": "vướng mắc",
                        "db_table": "season_difficulty",
                        "ordering": ["-reported_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["season", "status"], name="season_diff_season__265d59_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DifficultyEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("reported", "Báo cáo"),
                                    ("answered", "Trả lời, hướng dẫn"),
                                    ("commented", "Trao đổi thêm"),
                                    ("closed", "Đóng"),
                                    ("reopened", "Mở lại"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("text", models.TextField(blank=True)),
                        (
                            "status_after",
                            models.CharField(
                                choices=[
                                    ("open", "Chờ trả lời"),
                                    ("answered", "Đã trả lời"),
                                    ("closed", "Đã đóng"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "author",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "difficulty",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="groups.difficulty",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "season_difficultyevent",
                        "ordering": ["created_at", "id"],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
