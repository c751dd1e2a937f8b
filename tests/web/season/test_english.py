"""In English, no page shows Vietnamese outside names and data.

Every URL pattern of the resolver is visited (as Alice, office staff of Hà Nam, or signed out for
the login page) with the language cookie set to English, or listed in ``NOT_VISITED`` with the
reason. What the people typed (names of units, people, groups, seasons, difficulties, lessons,
the audit log's values) is removed first; any Vietnamese letter left is a string that was not
translated.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from daihoi.web.agenda.models import AgendaItem, AgendaSession, Indicator, UnitIndicator
from daihoi.web.audit.models import AuditEntry
from daihoi.web.elections.lists import COLUMN_LABELS as ELECTION_COLUMNS
from daihoi.web.elections.models import Candidate, Delegate, Election, PanelMember, Sitting
from daihoi.web.groups import services as group_services
from daihoi.web.groups.models import Difficulty, DifficultyEvent, WorkingGroup
from daihoi.web.imports.models import BundleImport, StationRegistration
from daihoi.web.orgs.models import ImportJob, Organisation
from daihoi.web.orgs.services import COLUMN_LABELS
from daihoi.web.personnel.models import AccessLog, Membership, Person, PersonImport
from daihoi.web.season import services as season_services
from daihoi.web.season.congress_file import headers as congress_headers
from daihoi.web.season.congress_file import row_values
from daihoi.web.season.models import Congress, CongressNote, CongressUpload, Season
from daihoi.web.season.upload_jobs import run_check

VIETNAMESE = re.compile(
    r"[^\s<>]*[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]"
    r"[^\s<>]*",
    re.IGNORECASE,
)
SHOWN_ATTRIBUTES = re.compile(r'\s(?:aria-label|placeholder|title|alt)="([^"]*)"')

#: URL names not fetched, and why.
NOT_VISITED = {
    "set_language": "POST only: the language switch itself",
    "logout": "POST only",
    "season:season_sync": "POST only (its answer is a redirect with a message)",
    "season:congress_lesson": "POST only (redirects to the congress)",
    "season:congress_reopen": "POST only (redirects to the congress)",
    "season:congress_upload_apply": "POST only (queues the apply; the job page is visited)",
    "orgs:export_xlsx": "a spreadsheet of data, not a page",
    "orgs:export_csv": "a spreadsheet of data, not a page",
    "personnel:export": "a spreadsheet of data, not a page (its headers: tests/web/personnel)",
    "season:congress_export": "a spreadsheet; its English headers are tested in test_congress_export",
    "dashboard:export": "a spreadsheet; its headers are the dashboard's tables (tested there)",
    "dashboard:report": "a PDF; its text is checked by the dashboard's report tests",
    "dashboard:bodies_xlsx": "a spreadsheet; read back in tests/web/personnel/test_bodies_rollup",
    "dashboard:bodies_docx": "a Word file; read back in tests/web/personnel/test_bodies_rollup",
    "personnel:plan_xlsx": "a spreadsheet; read back in tests/web/personnel/test_elected_body",
    "personnel:plan_docx": "a Word file; read back in tests/web/personnel/test_elected_body",
    "elections:delegate_cards": "a PDF of cards (names and QR codes)",
    "elections:ballots": "a PDF of ballots: Vietnamese by law, whatever the reader's language",
    "counting:minutes": "the counting minutes (PDF/DOCX): a Vietnamese legal document",
    "counting:handcheck_batch": "a drawn batch's hand count: needs a confirmed count and a draw",
    "counting:handcheck_pdf": "the hand-check's report (PDF, a Vietnamese document signed in the hall)",
    "packages:letter": "the office's letter (PDF) that goes with a package: a Vietnamese document",
    "packages:confirm": "needs a package uploaded: in English in tests/web/packages",
    "counting:review_image": "a PNG of a scanned page (the committee's eyes only)",
    "counting:account_password": "a station account's own page: in English in tests/web/counting",
    "api_station": "the scanning PC's API (JSON, bearer token): tested in tests/web/counting",
    "api_upload": "the scanning PC's API (JSON, bearer token): tested in tests/web/counting",
    "documents:poster": "a PDF poster for the public: Vietnamese, whatever the reader's language",
    "documents:report": "the report (DOCX): a Vietnamese document; its text is tested in tests/web/documents",
    "agenda:targets_xlsx": "a spreadsheet; read back in tests/web/agenda/test_targets",
    "agenda:script": "the congress script (DOCX), read aloud in the hall: tested in tests/web/agenda",
}
# Pages that answer only POST (405 to a GET) are skipped as they come: they show nothing.


def url_names(patterns: Any = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin, for superusers; its own catalogue
            space = f"{entry.namespace}:" if entry.namespace else prefix
            yield from url_names(entry.url_patterns, space)
        elif entry.name:
            yield prefix + entry.name, entry


def typed_by_people() -> list[str]:
    """Everything shown that people typed: removed before looking for Vietnamese."""
    found: set[str] = set()
    for model, fields in (
        (Organisation, ["name", "kind", "code"]),
        (Season, ["name", "directive"]),
        (Difficulty, ["title", "body"]),
        (DifficultyEvent, ["text"]),
        (WorkingGroup, ["name"]),
        (CongressNote, ["text"]),
        (Congress, ["postponed_reason"]),
        (User, ["first_name", "last_name", "username"]),
        (ImportJob, ["filename"]),
        # The log keeps each object as it was named then ("Đại hội Đảng bộ …"): recorded data.
        (AuditEntry, ["object_repr", "username"]),
        (Sitting, ["title", "place"]),
        (Delegate, ["name", "unit", "exclusion_note"]),
        (PanelMember, ["name"]),
        (Election, ["title", "electorate_formula"]),
        (Candidate, ["name"]),
        (Person, ["full_name", "position", "ethnicity", "hometown", "education", "profession"]),
        (Membership, ["term"]),
        (PersonImport, ["filename"]),
        (AccessLog, ["subject", "username"]),
        # A bundle's reason is recorded as decided (in Vietnamese, as ``daihoi verify`` says it).
        (BundleImport, ["filename", "message"]),
        (StationRegistration, ["label"]),
        # The agenda's items and sessions are the office's text (the template's only a start).
        (AgendaSession, ["title", "date"]),
        (AgendaItem, ["title", "words"]),
        (Indicator, ["code", "name", "unit"]),
        (UnitIndicator, ["name", "unit", "code"]),
    ):
        for row in model.objects.values_list(*fields):
            found.update(str(v) for v in row if v)
    for user in User.objects.all():
        found.add(user.get_full_name())

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for changes in AuditEntry.objects.values_list("changes", flat=True):
        walk(changes)
    # What a personnel import would merge: the values of the file and the records.
    for merges in PersonImport.objects.values_list("merges", flat=True):
        walk(merges)
    # The language switcher names each language in itself.
    found.update(str(name) for _code, name in settings.LANGUAGES)
    # The import file's column names, which may be written in Vietnamese: "level (cấp)".
    found.update(str(label) for label in COLUMN_LABELS.values())
    # The delegate and candidate files' column names (Vietnamese in the files people fill) and
    # the example name in the hints.
    found.update(ELECTION_COLUMNS.values())
    found.add("Nguyễn Văn An")
    return sorted((s for s in found if s.strip()), key=len, reverse=True)


def shown_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    attributes = " ".join(SHOWN_ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page) + " " + attributes
    return html.unescape(text)


def untranslated(page: str, data: list[str]) -> list[str]:
    text = shown_text(page)
    for item in data:
        text = text.replace(item, " ")
    return sorted(set(VIETNAMESE.findall(text)))


@pytest.fixture
def everything(scenario, tree, alice, erin, dave, client_of):  # type: ignore[no-untyped-def]
    """The scenario with one of everything a page can show."""
    difficulty = group_services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Số dư trong danh sách",
        body="Ban chấp hành 5 người",
        due_date=scenario.today + timedelta(days=3),
    )
    group_services.answer_difficulty(dave, difficulty, "Dư tối đa 1 người.")
    season_services.add_lesson(alice, scenario.minh_khai, "Tập huấn kỹ cách gạch tên.")
    job = ImportJob.objects.create(user=alice, filename="don-vi.csv")
    day = _congress_day(scenario.minh_khai, alice)
    # A congress list sent back with one change and one mistake, for the preview page.
    with translation.override("en"):
        rows = [row_values(c) for c in Congress.objects.filter(pk__in=[scenario.phu_ly.pk])]
        rows[0][5] = scenario.today + timedelta(days=41)
        rows[0][16] = "maybe"
        book = Workbook()
        book.active.append(["Congress list"])
        book.active.append(congress_headers())
        for row in rows:
            book.active.append(row)
    out = BytesIO()
    book.save(out)
    upload = CongressUpload(user=alice, filename="dai-hoi.xlsx", language="en")
    upload.file.save("dai-hoi.xlsx", ContentFile(out.getvalue()))
    # Checked as the task worker would: the preview page shows the change and the mistake.
    assert run_check(upload.pk) == CongressUpload.State.REJECTED
    person = Person.objects.create(
        full_name="Nguyễn Văn An", unit=tree.minh_khai, gender="male", theory="cao_cap"
    )
    Membership.objects.create(person=person, body="committee", term="2020–2025", role="member")
    from daihoi.web.personnel import services as personnel_services

    personnel_services.read_profile(alice, person.pk)
    person_import = PersonImport.objects.create(
        user=alice,
        filename="nhan-su.xlsx",
        state="checked",
        rows=1,
        merged=1,
        merges=[
            {
                "row": 2,
                "name": "Nguyễn Văn An",
                "by": "cccd",
                "changes": {"position": ["", "Bí thư"]},
            }
        ],
    )
    # A station key registered and a bundle refused, for the bundles pages.
    StationRegistration.objects.create(
        congress=scenario.minh_khai, fingerprint="2260-0cc6-1655-1e39", label="Máy trạm hội trường"
    )
    bundle_import = BundleImport.objects.create(
        congress=scenario.minh_khai,
        filename="tram.bundle.zip",
        sha256="0" * 64,
        state="done",
        outcome="refused",
        code="not_bundle",
        message="Tệp này không phải gói kết quả của trạm kiểm phiếu.",
        by=alice,
    )
    # A committee plan and a list with a floor nomination and a withdrawal awaiting the vote.
    from daihoi.web.personnel import plans

    plan = plans.plan_of(scenario.minh_khai)
    plans.save_plan(
        alice,
        plan,
        {
            "outgoing_term": "2020–2025",
            "committee_size": 5,
            "standing_size": 2,
            "deputy_count": 1,
            "inspection_size": 3,
            "delegate_seats": None,
            "delegate_alternates": 0,
            "secretary": person,
            "inspection_chair": None,
            "note": "",
        },
        [],
    )
    candidate_list = plans.create_list(alice, scenario.minh_khai, "committee", 5, "Bầu BCH")
    nomination = plans.nominate(
        alice, candidate_list, person, "floor", agreeing=12, present=30
    ).nomination
    plans.request_withdrawal(alice, nomination, "Sức khỏe")
    return {
        **day,
        **_documents(scenario.minh_khai, alice),
        **_agenda(scenario.minh_khai, alice),
        "candidate_list": candidate_list.pk,
        "nomination": nomination.pk,
        "season": scenario.season.pk,
        "person_record": person.pk,
        "person_import": person_import.pk,
        "org": tree.phu_ly.pk,
        "congress": scenario.minh_khai.pk,
        "difficulty": difficulty.pk,
        "group": scenario.group.pk,
        "person": erin.pk,
        "job": job.pk,
        "upload": upload.pk,
        "bundle_import": bundle_import.pk,
    }


def _agenda(congress: Any, user: Any) -> dict[str, Any]:
    """An agenda from the template, one indicator published and one of the unit's own."""
    from decimal import Decimal

    from daihoi.web.agenda import services as agenda

    agenda.create_agenda(user, congress)
    agenda.publish_indicator(
        user,
        congress,
        agenda.IndicatorData("GRDP", "GRDP growth", "%", Decimal("8.5"), 2030, "higher"),
    )
    agenda.add_mapping(user, congress, agenda.MappingData("Poor households", "%", Decimal("2"), ""))
    return {}


def _documents(congress: Any, user: Any) -> dict[str, Any]:
    """A draft with two versions, a public round with a member's and a citizen's comment in
    one answered group, and a report made in the background (typed in English: data)."""
    from daihoi.web.documents import services as documents
    from daihoi.web.documents.models import DraftImport, ReportJob, ReportState, Source

    first = documents.read_text(
        "I. RESULTS\nThe economy grew by 7.5% a year.\nII. TASKS\nGo digital."
    )
    draft = documents.create_draft(user, congress, "political", "Political report", first, "")
    second = documents.read_text(
        "I. RESULTS\nThe economy grew by 7.6% a year.\nII. TASKS\nGo digital."
    )
    version = documents.add_version(user, draft, second, "", "figures")
    r = documents.open_round(
        user,
        version,
        "First round",
        timezone.localdate() + timedelta(days=9),
        ["members", "public"],
    )
    documents.add_comment(
        r, documents.NewComment("Add more on digital work", Source.MEMBER), author=user
    )
    public = documents.add_comment(
        r, documents.NewComment("Add more on the digital work", Source.PUBLIC)
    )
    documents.answer_group(
        user, public.group, "taken", "Added", "Go digital everywhere.", timezone.now()
    )
    job = ReportJob.objects.create(round=r, requested_by=user, state=ReportState.DONE)
    reading = DraftImport.objects.create(
        congress=congress, kind="political", title="Big report", filename="big.docx", data=b""
    )
    return {
        "documents": {
            "draft": draft.pk,
            "diff": draft.pk,
            "version": version.pk,
            "answer": public.group_id,
            "report_job": job.pk,
            "import_job": reading.pk,
            "public": r.public_token,
            "receipt": public.receipt,
            "round": r.pk,
        }
    }


def _congress_day(congress: Any, user: Any) -> dict[str, Any]:
    """A congress day with one of everything: a sitting, a delegate present, a panel member, an
    approved election with a counted ballot and a projector link."""
    from daihoi.web.counting import services as counting
    from daihoi.web.elections.models import ElectionState
    from daihoi_testsupport.synth import Case, Doubt, Stroke, render_case
    from tests.web.counting.conftest import marked_ballots

    sitting = Sitting.objects.create(
        congress=congress, title="Phiên chính thức", starts_at=timezone.now()
    )
    delegate = Delegate.objects.create(congress=congress, number=1, name="Đại biểu Một")
    panel = PanelMember.objects.create(
        congress=congress, panel="counting", name="Trưởng Ban", role="head", user=user
    )
    election = Election.objects.create(
        congress=congress,
        slug="bch",
        title="Bầu Ban Chấp hành",
        body="committee",
        seats=1,
        electorate=3,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.bulk_create(
        Candidate(election=election, name=n) for n in ("Lê Văn An", "Trần Thị Bình")
    )
    draft = Election.objects.create(
        congress=congress,
        slug="ubkt",
        title="Bầu Ủy ban Kiểm tra",
        body="inspection_committee",
        seats=1,
        electorate=3,
    )
    Candidate.objects.bulk_create(
        Candidate(election=draft, name=n) for n in ("Phạm Văn Cường", "Hoàng Thị Dung")
    )
    count = counting.count_of(election)
    counting.receive_file(count, marked_ballots(election, 1)[0])
    engine = counting.elections.engine_election(election)
    first, second = engine.labels
    doubtful = render_case(
        Case(engine, strokes={second: Stroke.STRAIGHT}, doubts={first: Doubt.UNDERLINE}, seed=4)
    ).encoded
    counting.receive_file(count, doubtful)
    counting.read_pending(count.pk, workers=1)
    review_key = count.pages.get(status="review").key
    token = counting.new_projector_link(count, user)
    batch = counting.new_manual_batch(count, user, "ballots", 2)  # a batch typed by hand
    return {
        "number": batch.number,
        "position": 1,
        "sitting": sitting.pk,
        "delegate": delegate.pk,
        "panel": panel.pk,
        "election": election.pk,
        "draft": draft.pk,
        "key": review_key,
        "congress": congress.pk,
        "token": token,
        "candidate": 0,
    }


def args_for(name: str, pattern: URLPattern, ids: dict[str, Any]) -> dict[str, Any]:
    """The URL's arguments, by their names in the pattern, from ``everything``."""
    kwargs: dict[str, Any] = {}
    for _converter, arg in re.findall(r"<(\w+):(\w+)>", str(pattern.pattern)):
        if name.startswith("documents:") and arg in ("pk", "token"):
            page = name.split(":")[1]
            kwargs[arg] = ids["documents"].get(page, ids["documents"]["round"])
            continue
        if arg == "pk":
            kind = {
                "orgs:import_job": "job",
                "personnel:detail": "person_record",
                "personnel:import_job": "person_import",
                "personnel:import_apply": "person_import",
                "season:congress_upload_preview": "upload",
                "imports:job": "bundle_import",
                "person_edit": "person",
                "personnel:person_edit": "person_record",
                "personnel:list": "candidate_list",
                "personnel:list_risk": "candidate_list",
                "personnel:preliminary": "candidate_list",
                "personnel:nominate": "candidate_list",
                "personnel:withdraw": "nomination",
                "personnel:decide": "nomination",
                "personnel:remove": "nomination",
                "elections:from_list": "candidate_list",
                "groups:difficulty_detail": "difficulty",
                "groups:group_detail": "group",
                "groups:group_edit": "group",
            }.get(name)
            if kind is None:
                if name.startswith("season:congress"):
                    kind = "congress"
                elif name.startswith("elections:sitting"):
                    kind = "sitting"
                elif name.startswith("elections:delegate"):
                    kind = "delegate"
                elif name.startswith("elections:panel"):
                    kind = "panel"
                elif name.startswith("elections:"):
                    kind = "draft"
                elif name.startswith("counting:"):
                    kind = "election"
                else:
                    kind = "org"
            kwargs[arg] = ids[kind]
        else:
            kwargs[arg] = ids[arg] if arg in ids else {"subject": "number", "kind": "pdf"}[arg]
    return kwargs


def test_every_page_in_english_shows_no_vietnamese_but_names_and_data(everything, alice, client_of):
    client = client_of(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = typed_by_people()
    problems, visited = {}, []
    for name, pattern in url_names():
        if name in NOT_VISITED:
            continue
        url = reverse(name, kwargs=args_for(name, pattern, everything))
        if name == "login":
            client.logout()  # forgets every cookie, the language's too
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(url)
        if name == "login":
            client.force_login(alice)
        if response.status_code == 405:  # POST only: nothing shown
            continue
        assert response.status_code == 200, (name, url, response.status_code)
        assert response["Content-Language"] == "en", url
        visited.append(name)
        left = untranslated(response.content.decode(), data)
        if left:
            problems[url] = left
    assert problems == {}, "\n".join(f"{url}: {words}" for url, words in problems.items())
    assert len(visited) >= 25


def test_the_error_pages_are_english_too(everything, bob, charlie, client_of):
    for person, url, status in (
        (bob, reverse("season:congress_detail", args=[everything["congress"]]), 404),
        (charlie, reverse("season:congress_edit", args=[everything["congress"]]), 403),
        (charlie, reverse("groups:difficulty_new"), 403),
    ):
        client = client_of(person)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(url)
        assert response.status_code == status
        assert untranslated(response.content.decode(), typed_by_people()) == [], url


def test_one_vietnamese_word_with_two_english_meanings_gets_both():
    with translation.override("en"):
        assert translation.pgettext("one congress", "Đại hội") == "Congress"
        assert translation.gettext("Đại hội") == "Congresses"
        assert translation.pgettext("subject of a difficulty", "Vướng mắc") == "Subject"
        assert translation.pgettext("link", "Sửa thông tin đại hội") == "Edit the congress"
        assert translation.pgettext("button", "Ghi rút kinh nghiệm") == "Add lesson learned"
        assert translation.pgettext("page title", "Báo cáo vướng mắc") == "Report a difficulty"
