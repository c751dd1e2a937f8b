"""Daily reminders: the office of Hà Nam is reminded of Hòa Mạc's overdue congress, Biên Hòa's
coming one (within 30 days) and Erin's difficulty left unanswered past its due date; Ninh
Bình's office of none of them. The task records one summary per office a day (run twice, still
one), mails only when asked, and the page shows today's summary to anyone in the unit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from daihoi.web.dashboard.models import ReminderDigest
from daihoi.web.dashboard.reminders import record_digests, summary_for
from daihoi.web.dashboard.tasks import send_reminders
from daihoi.web.groups import services as group_services


def _late_difficulty(scenario, tree, erin):  # type: ignore[no-untyped-def]
    d = group_services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Số dư trong danh sách",
        body="",
        due_date=scenario.today + timedelta(days=2),
    )
    type(d).objects.filter(pk=d.pk).update(due_date=scenario.today - timedelta(days=1))
    return d


def test_ha_nams_summary_names_what_is_late_and_what_is_coming(scenario, tree, erin):
    _late_difficulty(scenario, tree, erin)
    s = summary_for(tree.ha_nam, scenario.today, 30)
    assert [c.organisation.code for c in s.overdue] == ["HNA-DT-01"]
    assert [c.organisation.code for c in s.due] == ["HNA-PL-02"]
    assert [d.title for d in s.difficulties] == ["Số dư trong danh sách"]
    assert summary_for(tree.ninh_binh, scenario.today, 30).total == 0


def test_the_task_records_one_summary_per_office_per_day(scenario, tree, alice, bob, erin):
    _late_difficulty(scenario, tree, erin)
    assert record_digests(scenario.today, 30) == 2
    assert record_digests(scenario.today, 30) == 2  # run twice: replaced, not doubled
    assert ReminderDigest.objects.count() == 2
    ha_nam = ReminderDigest.objects.get(organisation=tree.ha_nam)
    assert (ha_nam.overdue_congresses, ha_nam.due_congresses, ha_nam.overdue_difficulties) == (
        1,
        1,
        1,
    )
    assert mail.outbox == []  # mail is off by default


def test_with_mail_on_alice_gets_her_summary_and_bob_gets_none(scenario, tree, alice, bob, erin):
    _late_difficulty(scenario, tree, erin)
    record_digests(scenario.today, 30, mail=True)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    body = mail.outbox[0].body
    assert "Đảng bộ phường Hòa Mạc" in body and "Chi bộ Trường THPT chuyên Biên Hòa" in body
    assert "Số dư trong danh sách" in body
    assert scenario.today.strftime("%d/%m/%Y") in mail.outbox[0].subject
    assert ReminderDigest.objects.get(organisation=tree.ha_nam).mailed_to == 1


def test_the_command_queues_the_task_and_the_worker_runs_it(scenario, tree, alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("reminders", "--days", "30")
    assert ReminderDigest.objects.filter(organisation=tree.ha_nam).exists()
    assert send_reminders.call(scenario.today.isoformat(), 7, False) == 1


def test_the_page_shows_todays_summary_to_erin_and_the_digests_to_alice(
    scenario, tree, alice, erin, client_of
):
    _late_difficulty(scenario, tree, erin)
    record_digests(scenario.today, 7)
    page = client_of(alice).get(reverse("dashboard:reminders"), {"days": 30}).content.decode()
    assert "Đảng bộ phường Hòa Mạc" in page and "Chi bộ Trường THPT chuyên Biên Hòa" in page
    assert 'data-testid="reminders-digests"' in page and scenario.today.strftime("%d/%m/%Y") in page
    mine = client_of(erin).get(reverse("dashboard:reminders")).content.decode()
    assert "Số dư trong danh sách" in mine and "Hòa Mạc" not in mine
    other = client_of(erin).get(reverse("dashboard:reminders"), {"org": tree.ha_nam.pk})
    assert other.status_code == 404


def test_with_reminder_mail_set_the_daily_command_mails_without_being_told(
    scenario, tree, alice, erin, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.REMINDER_MAIL = True
    settings.REMINDER_DAYS = 30
    _late_difficulty(scenario, tree, erin)
    call_command("reminders")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    # 30 days ahead: Biên Hòa's congress, 20 days away, is in it.
    assert "Chi bộ Trường THPT chuyên Biên Hòa" in mail.outbox[0].body
    assert ReminderDigest.objects.get(organisation=tree.ha_nam).mailed_to == 1


def test_without_it_the_command_mails_nobody(scenario, tree, alice, erin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _late_difficulty(scenario, tree, erin)
    call_command("reminders", "--now")
    assert mail.outbox == []
    assert ReminderDigest.objects.get(organisation=tree.ha_nam).mailed_to == 0


def test_reminder_days_is_the_pages_default_too(scenario, tree, alice, client_of, settings):
    settings.REMINDER_DAYS = 30
    page = client_of(alice).get(reverse("dashboard:reminders"))
    assert page.context["days"] == 30
    settings.REMINDER_DAYS = 500
    assert client_of(alice).get(reverse("dashboard:reminders")).context["days"] == 60


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"DAIHOI_REMINDER_MAIL": "yes", "DAIHOI_REMINDER_DAYS": "14"}, "True 14"),
        ({}, "False 7"),
    ],
)
def test_the_settings_are_read_from_the_environment(variables, expected, tmp_path):
    assert _settings_of(variables, tmp_path).stdout.strip() == expected


def test_a_reminder_mail_that_is_not_a_yes_or_no_stops_the_start(tmp_path):
    started = _settings_of({"DAIHOI_REMINDER_MAIL": "ture"}, tmp_path)
    assert started.returncode != 0
    assert "DAIHOI_REMINDER_MAIL='ture'" in started.stderr


def _settings_of(variables: dict[str, str], tmp_path):  # type: ignore[no-untyped-def]
    """The two settings as a fresh process reads them (settings are read once, at the start)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_REMINDER_")} | variables
    env |= {"DAIHOI_DATA_DIR": str(tmp_path), "DAIHOI_SECRET_KEY": "test"}
    code = "from daihoi.web import settings as s; print(s.REMINDER_MAIL, s.REMINDER_DAYS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
