"""The documents app's one bridge to the ``daihoi.drafts`` engine, and who may do what.

Scope: a unit's drafts, rounds and comments are seen by that unit's people and the levels above
(``accounts.scope``); a unit below sees the level above's draft and the rounds that invite
units, only to open its own round on it (its comments stay its own until it sends them up).
Every change is in the audit log. The public form needs no login and no personal data: its
limits (per address, per round, honeypot, minimum time, links, duplicates) are here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from daihoi.drafts import diff as diff_engine
from daihoi.drafts import hints as hints_engine
from daihoi.drafts import outline as outline_engine
from daihoi.drafts import report as report_engine
from daihoi.drafts import similarity
from daihoi.drafts.text import clean, normalise
from daihoi.web.accounts.scope import can_edit, can_view, unit_of, visible_organisations
from daihoi.web.audit.services import log_change
from daihoi.web.documents.models import (
    AnswerKind,
    Bucket,
    Comment,
    CommentGroup,
    Draft,
    DraftImport,
    DraftVersion,
    Invitee,
    PublicHit,
    ReportJob,
    ReportState,
    Round,
    Source,
    new_token,
)
from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Congress

MAX_UPLOAD = 10 * 1024 * 1024
MAX_COMMENT = 2000
MIN_COMMENT = 5
PUBLIC_MIN_SECONDS = 3
PUBLIC_MAX_AGE = 6 * 3600
PUBLIC_PER_ADDRESS = 5  # comments from one address in PUBLIC_WINDOW
PUBLIC_PER_ROUND = 1000  # comments from everyone in PUBLIC_WINDOW
PUBLIC_WINDOW = datetime.timedelta(minutes=10)
MAX_LINKS = 1
_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|vn|xyz|info|ru)\b)", re.I)
Outline = outline_engine.Outline
Refusal = outline_engine.Refusal


# --- scope -------------------------------------------------------------------------------


def _ancestors(unit: Organisation) -> list[Organisation]:
    step = Organisation.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path), step)]
    return list(Organisation.objects.filter(path__in=paths))


def visible_drafts(user: Any) -> QuerySet[Draft]:
    """Drafts of the user's subtree, and the drafts of the levels above (to comment on)."""
    if getattr(user, "is_superuser", False):
        return Draft.objects.all()
    unit = unit_of(user)
    if unit is None:
        return Draft.objects.none()
    return Draft.objects.filter(
        Q(organisation__path__startswith=unit.path) | Q(organisation__in=_ancestors(unit))
    )


def get_draft(user: Any, pk: int) -> Draft:
    draft = visible_drafts(user).select_related("congress__season", "organisation").filter(pk=pk)
    found = draft.first()
    if found is None:
        raise Http404("Không tìm thấy văn kiện.")
    return found


def owns(user: Any, org: Organisation) -> bool:
    """Sees everything of ``org`` (its unit or a level above it)."""
    return can_view(user, org)


def get_round(user: Any, pk: int) -> Round:
    """A round the user may see in full (its unit's or below): 404 otherwise."""
    found = (
        Round.objects.select_related("version__draft__congress__season", "organisation", "parent")
        .filter(pk=pk)
        .first()
    )
    if found is None or not owns(user, found.organisation):
        raise Http404("Không tìm thấy đợt góp ý.")
    return found


def require_edit(user: Any, org: Organisation) -> None:
    if not can_edit(user, org):
        raise PermissionDenied("Bạn không có quyền sửa văn kiện của đơn vị này.")


def congress_of(user: Any, pk: int) -> Congress:
    congress = (
        Congress.objects.select_related("organisation", "season")
        .filter(pk=pk, organisation__in=visible_organisations(user))
        .first()
    )
    if congress is None:
        raise Http404("Không tìm thấy đại hội.")
    return congress


def rounds_inviting(user: Any) -> QuerySet[Round]:
    """Rounds of the levels above that invite the user's unit (units below)."""
    unit = unit_of(user)
    if unit is None:
        return Round.objects.none()
    rounds = Round.objects.filter(organisation__in=_ancestors(unit), closed=False)
    # (JSON "contains" is not on SQLite; a unit has few rounds above it.)
    ids = [r.pk for r in rounds if Invitee.UNITS in r.invited]
    return Round.objects.filter(pk__in=ids).select_related("version__draft", "organisation")


# --- drafts and versions -----------------------------------------------------------------


def read_upload(data: bytes) -> Outline | Refusal:
    if len(data) > MAX_UPLOAD:
        return Refusal("Tệp quá lớn (trên 10 MB). Hãy bỏ bớt hình ảnh rồi tải lên lại.")
    return outline_engine.read_docx(data)


def read_text(text: str) -> Outline | Refusal:
    outline = outline_engine.read_text(text)
    if not outline.paragraph_count:
        return Refusal("Chưa có nội dung.")
    return outline


def _words(outline: Outline) -> int:
    return sum(s.words for s in outline.sections)


def create_draft(
    user: Any, congress: Congress, kind: str, title: str, outline: Outline, source_name: str
) -> Draft:
    require_edit(user, congress.organisation)
    with transaction.atomic():
        draft = Draft.objects.create(
            congress=congress, organisation=congress.organisation, kind=kind, title=clean(title)
        )
        add_version(user, draft, outline, source_name, "")
        log_change(user, draft, "documents.draft_created", {"title": draft.title})
    return draft


def add_version(
    user: Any, draft: Draft, outline: Outline, source_name: str, note: str
) -> DraftVersion:
    require_edit(user, draft.organisation)
    with transaction.atomic():
        Draft.objects.select_for_update().filter(pk=draft.pk).first()  # numbers in turn
        last = draft.versions.order_by("-number").first()
        version = DraftVersion.objects.create(
            draft=draft,
            number=(last.number + 1) if last else 1,
            note=clean(note)[:300],
            source_name=clean(source_name)[:255],
            outline=outline.to_data(),
            paragraphs=outline.paragraph_count,
            words=_words(outline),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        log_change(
            user,
            version,
            "documents.version_added",
            {"draft": draft.title, "number": version.number, "file": version.source_name},
            organisation=draft.organisation,
        )
    return version


def outline_of(version: DraftVersion) -> Outline:
    return Outline.from_data(version.outline)


def hints_of(version: DraftVersion) -> hints_engine.Hints:
    return hints_engine.draft_hints(outline_of(version))


def diff_of(old: DraftVersion, new: DraftVersion) -> diff_engine.Diff:
    return diff_engine.diff_outlines(outline_of(old), outline_of(new))


def section_choices(version: DraftVersion) -> list[tuple[int, str]]:
    return [(s.number, s.title or _("Phần mở đầu")) for s in outline_of(version).sections]


def section_title(version: DraftVersion, number: int | None) -> str:
    if number is None:
        return ""
    return dict(section_choices(version)).get(number, "")


def section_of_paragraph(version: DraftVersion, paragraph: int) -> int | None:
    for s in outline_of(version).sections:
        if any(p.number == paragraph for p in s.paragraphs):
            return s.number
    return None


# --- rounds ------------------------------------------------------------------------------


def open_round(
    user: Any, version: DraftVersion, title: str, deadline: datetime.date, invited: Sequence[str]
) -> Round:
    require_edit(user, version.draft.organisation)
    r = Round.objects.create(
        version=version,
        organisation=version.draft.organisation,
        title=clean(title),
        deadline=deadline,
        invited=list(invited),
    )
    log_change(user, r, "documents.round_opened", {"title": r.title}, organisation=r.organisation)
    return r


def open_subround(user: Any, parent: Round, now: datetime.datetime) -> Round:
    """The user's unit collects its own input on the level above's round (to send it up)."""
    unit = unit_of(user)
    if unit is None or not can_edit(user, unit) or parent.organisation not in _ancestors(unit):
        raise PermissionDenied("Chỉ đơn vị cấp dưới của đơn vị lấy ý kiến mới mở được.")
    existing = Round.objects.filter(parent=parent, organisation=unit).first()
    if existing is not None:
        return existing
    r = Round.objects.create(
        version=parent.version,
        organisation=unit,
        parent=parent,
        title=f"{unit.name} góp ý: {parent.title}"[:300],
        deadline=parent.deadline,
        invited=[Invitee.MEMBERS, Invitee.UNITS],
    )
    log_change(user, r, "documents.subround_opened", {"parent": parent.pk}, organisation=unit)
    return r


def is_open(r: Round, today: datetime.date) -> bool:
    return not r.closed and r.deadline >= today and r.sent_up_at is None


def child_rounds(r: Round) -> QuerySet[Round]:
    return r.children.select_related("organisation").order_by("organisation__path")


# --- comments and grouping ---------------------------------------------------------------


def comment_problem(text: str) -> str | None:
    t = clean(text)
    if len(t) < MIN_COMMENT:
        return "Ý kiến quá ngắn."
    if len(t) > MAX_COMMENT:
        return f"Ý kiến dài quá {MAX_COMMENT} ký tự; hãy tách thành nhiều ý kiến."
    if not normalise(t):
        return "Ý kiến chưa có chữ nào."
    return None


_SECTION_MIX = 0x9E3779B97F4A7C15


def section_keys(keys: Sequence[int], section: int | None) -> tuple[int, ...]:
    """The LSH keys of a comment on ``section``: alike comments on different sections (or one
    general and one on a section) are different requests, so they never share a bucket."""
    salt = ((section if section is not None else -1) + 2) * _SECTION_MIX
    return tuple(((k ^ salt) & 0x7FFFFFFFFFFFFFFF) for k in keys)


def digest_of(text: str) -> str:
    return hashlib.sha256(normalise(clean(text)).encode()).hexdigest()


def _group_for(r: Round, text: str, section: int | None) -> CommentGroup:
    """The group of a new comment: a near duplicate's (LSH candidates, then the check) or new."""
    copy = (
        Comment.objects.filter(round=r, digest=digest_of(text), group__isnull=False)
        .filter(group__section=section)
        .select_related("group")
        .first()
    )
    if copy is not None and copy.group is not None:
        return copy.group
    keys = section_keys(similarity.keys_of(text), section)
    wanted = set(enumerate(keys))
    candidate_ids = {
        g
        for band, key, g in Bucket.objects.filter(round=r, key__in=keys).values_list(
            "band", "key", "group_id"
        )
        if (band, key) in wanted
    }
    best: CommentGroup | None = None
    best_score = -1.0
    for group in CommentGroup.objects.filter(pk__in=candidate_ids):
        v = similarity.verdict(text, group.text)
        if v.same and v.score > best_score:
            best, best_score = group, v.score
    if best is not None:
        return best
    group = CommentGroup.objects.create(round=r, text=text, section=section)
    Bucket.objects.bulk_create(
        [Bucket(round=r, band=b, key=k, group=group) for b, k in enumerate(keys)],
        ignore_conflicts=True,
    )
    return group


@dataclass(frozen=True)
class NewComment:
    text: str
    source: str
    section: int | None = None
    paragraph: int | None = None
    proposed: str = ""
    people: int = 1
    author_name: str = ""
    units: str = ""


def add_comment(
    r: Round,
    item: NewComment,
    *,
    author: Any = None,
    from_unit: Organisation | None = None,
) -> Comment:
    """Save one comment and put it in its group (counts updated in the same transaction)."""
    text = clean(item.text)
    section = item.section
    if section is None and item.paragraph is not None:
        section = section_of_paragraph(r.version, item.paragraph)
    with transaction.atomic():
        group = _group_for(r, text, section)
        comment = Comment.objects.create(
            round=r,
            group=group,
            source=item.source,
            text=text,
            proposed=clean(item.proposed)[:MAX_COMMENT],
            section=section,
            paragraph=item.paragraph,
            people=max(1, item.people),
            author=author if getattr(author, "is_authenticated", False) else None,
            author_name=clean(item.author_name)[:100],
            from_unit=from_unit,
            units=clean(item.units)[:1000],
            normalised=normalise(text)[:4000],
            digest=digest_of(text),
        )
        CommentGroup.objects.filter(pk=group.pk).update(
            comments=F("comments") + 1, people=F("people") + comment.people
        )
    return comment


def add_member_comment(user: Any, r: Round, item: NewComment, today: datetime.date) -> Comment:
    if not owns(user, r.organisation):
        raise Http404("Không tìm thấy đợt góp ý.")
    if not is_open(r, today):
        raise PermissionDenied("Đợt góp ý đã kết thúc.")
    comment = add_comment(r, item, author=user, from_unit=unit_of(user))
    log_change(
        user, comment, "documents.comment_added", {"round": r.pk}, organisation=r.organisation
    )
    return comment


def add_minutes(user: Any, r: Round, items: Iterable[NewComment]) -> list[Comment]:
    """Paper and conference input typed from a meeting's minutes, several at once."""
    require_edit(user, r.organisation)
    if r.sent_up_at is not None:
        raise PermissionDenied("Đợt góp ý đã gửi lên cấp trên, không nhận thêm ý kiến.")
    with transaction.atomic():
        saved = [add_comment(r, item, author=user, from_unit=r.organisation) for item in items]
        log_change(
            user,
            r,
            "documents.minutes_entered",
            {"comments": len(saved), "people": sum(c.people for c in saved)},
            organisation=r.organisation,
        )
    return saved


def bulk_add(r: Round, items: Sequence[NewComment], from_unit: Organisation | None) -> int:
    """Many comments at once (an import, the bench): grouped in memory, written in bulk.

    The same decision as ``add_comment`` (LSH candidates among the groups' representatives,
    then the check), with the round's stored buckets loaded once. Groups are named in the
    loop by a key: ``("db", pk)`` for a stored group, ``("new", i)`` for the i-th new one.
    """
    texts: dict[tuple[str, int], str] = {
        ("db", pk): text
        for pk, text in CommentGroup.objects.filter(round=r).values_list("pk", "text")
    }
    buckets: dict[tuple[int, int], tuple[str, int]] = {
        (b, k): ("db", g)
        for b, k, g in Bucket.objects.filter(round=r).values_list("band", "key", "group_id")
    }
    new_groups: list[CommentGroup] = []
    new_buckets: list[tuple[int, int, int]] = []
    counts: Counter[tuple[str, int]] = Counter()
    people: Counter[tuple[str, int]] = Counter()
    pending: list[tuple[NewComment, str, str, tuple[str, int]]] = []
    cleaned = [clean(item.text) for item in items]
    exact: dict[str, tuple[str, int]] = {}
    distinct = list({normalise(t): t for t in cleaned}.items())
    keys_by_text = dict(
        zip((n for n, _ in distinct), similarity.keys_many([t for _, t in distinct]), strict=True)
    )
    for item, text in zip(items, cleaned, strict=True):
        norm = normalise(text)
        keys = section_keys(keys_by_text[norm], item.section)
        best: tuple[str, int] | None = exact.get(f"{item.section}|{norm}")
        if best is not None:
            pending.append((item, text, norm, best))
            counts[best] += 1
            people[best] += max(1, item.people)
            continue
        best_score = -1.0
        seen: set[tuple[str, int]] = set()
        for band, key in enumerate(keys):
            cand = buckets.get((band, key))
            if cand is None or cand in seen:
                continue
            seen.add(cand)
            v = similarity.verdict(text, texts[cand])
            if v.same and v.score > best_score:
                best, best_score = cand, v.score
        if best is None:
            best = ("new", len(new_groups))
            new_groups.append(CommentGroup(round=r, text=text, section=item.section))
            texts[best] = text
            for band, key in enumerate(keys):
                if (band, key) not in buckets:
                    buckets[(band, key)] = best
                    new_buckets.append((band, key, best[1]))
        exact[f"{item.section}|{norm}"] = best
        pending.append((item, text, norm, best))
        counts[best] += 1
        people[best] += max(1, item.people)
    with transaction.atomic():
        for i, g in enumerate(new_groups):
            g.comments, g.people = counts[("new", i)], people[("new", i)]
        CommentGroup.objects.bulk_create(new_groups, batch_size=2000)
        if new_groups and new_groups[0].pk is None:  # a backend that returns no ids
            known = {pk for kind, pk in texts if kind == "db"}
            fresh = CommentGroup.objects.filter(round=r).exclude(pk__in=known).order_by("id")
            for g, pk in zip(new_groups, fresh.values_list("pk", flat=True), strict=True):
                g.pk = pk
        _insert_rows(
            Bucket,
            ["round_id", "band", "key", "group_id"],
            ((r.pk, b, k, new_groups[i].pk) for b, k, i in new_buckets),
            ignore_conflicts=True,
        )
        for (kind, pk), n in counts.items():
            if kind == "db":
                CommentGroup.objects.filter(pk=pk).update(
                    comments=F("comments") + n, people=F("people") + people[(kind, pk)]
                )

        def group_id(key: tuple[str, int]) -> int:
            return key[1] if key[0] == "db" else int(new_groups[key[1]].pk)

        now = connection.ops.adapt_datetimefield_value(timezone.now())
        unit_id = from_unit.pk if from_unit is not None else None
        _insert_rows(
            Comment,
            [
                "round_id",
                "group_id",
                "source",
                "text",
                "proposed",
                "section",
                "paragraph",
                "people",
                "author_id",
                "author_name",
                "from_unit_id",
                "units",
                "normalised",
                "digest",
                "receipt",
                "created_at",
            ],
            (
                (
                    r.pk,
                    group_id(g),
                    item.source,
                    text,
                    clean(item.proposed),
                    item.section,
                    item.paragraph,
                    max(1, item.people),
                    None,
                    "",
                    unit_id,
                    item.units,
                    norm,
                    hashlib.sha256(norm.encode()).hexdigest(),
                    new_token(),
                    now,
                )
                for item, text, norm, g in pending
            ),
        )
    return len(pending)


def _insert_rows(
    model: Any,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Many rows in one statement per batch, without a model instance per row (the ORM's
    ``bulk_create`` spends most of a 100,000-comment batch building instances). The columns
    are the model's own; the values are parameters, never formatted into the SQL."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}){tail}"
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


# --- groups, counts and answers ----------------------------------------------------------


def groups_page(r: Round, section: int | None = None, limit: int = 100) -> list[CommentGroup]:
    qs = CommentGroup.objects.filter(round=r)
    if section is not None:
        qs = qs.filter(section=section)
    return list(qs.order_by("-comments", "id")[:limit])


def counts_by_source(r: Round) -> list[tuple[str, int, int]]:
    rows = (
        Comment.objects.filter(round=r)
        .values("source")
        .annotate(n=Count("id"), people=Sum("people"))
        .order_by("source")
    )
    labels = dict(Source.choices)
    return [
        (str(labels.get(row["source"], row["source"])), row["n"], row["people"] or 0)
        for row in rows
    ]


def sources_of_group(group: CommentGroup) -> str:
    labels = dict(Source.choices)
    rows = group.members.values("source").annotate(n=Count("id")).order_by("-n")
    return ", ".join(f"{labels.get(row['source'], row['source'])} {row['n']}" for row in rows)


def units_of_group(group: CommentGroup) -> str:
    names: list[str] = []
    for units, unit_name in group.members.values_list("units", "from_unit__name"):
        for name in units.split("; ") if units else [unit_name or ""]:
            if name and name not in names:
                names.append(name)
    return "; ".join(names)


def answer_group(
    user: Any, group: CommentGroup, kind: str, text: str, change: str, now: datetime.datetime
) -> str | None:
    """Record the answer; a Vietnamese reason when it is not complete (nothing saved)."""
    require_edit(user, group.round.organisation)
    if kind not in (AnswerKind.TAKEN, AnswerKind.EXPLAINED, AnswerKind.REJECTED):
        return "Hãy chọn cách trả lời."
    text, change = clean(text), clean(change)
    if kind == AnswerKind.TAKEN and not change and not text:
        return "Tiếp thu: hãy ghi nội dung đã sửa trong dự thảo."
    if kind in (AnswerKind.EXPLAINED, AnswerKind.REJECTED) and not text:
        return "Hãy ghi lời giải trình hoặc lý do không tiếp thu."
    old = [group.answer, group.answer_text]
    group.answer, group.answer_text, group.change = kind, text[:4000], change[:4000]
    group.answered_at, group.answered_by = now, user
    # only the answer: the counts move under concurrent comments (F() updates)
    group.save(update_fields=["answer", "answer_text", "change", "answered_at", "answered_by"])
    log_change(
        user,
        group,
        "documents.group_answered",
        {"answer": [old, [kind, group.answer_text]]},
        organisation=group.round.organisation,
    )
    return None


def comments_of(user: Any, r: Round) -> QuerySet[Comment]:
    return Comment.objects.filter(round=r, author=user).select_related("group").order_by("-id")


def comment_by_receipt(token: str) -> Comment:
    found = (
        Comment.objects.select_related("group", "round__version__draft")
        .filter(receipt=token[:40])
        .first()
    )
    if found is None or found.source != Source.PUBLIC:
        raise Http404("Không tìm thấy phiếu góp ý.")
    return found


# --- the public form ---------------------------------------------------------------------


def public_round(token: str) -> Round:
    r = (
        Round.objects.select_related("version__draft", "organisation")
        .filter(public_token=token[:40])
        .first()
    )
    if r is None or not r.public:
        raise Http404("Không tìm thấy đợt góp ý.")
    return r


def form_stamp(now: datetime.datetime) -> str:
    return signing.dumps({"t": int(now.timestamp())}, salt="documents.public")


def address_key(address: str) -> str:
    """The address kept only as a keyed hash: the counters need no personal data."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def public_problem(
    r: Round, *, text: str, honeypot: str, stamp: str, address: str, now: datetime.datetime
) -> str | None:
    """Why a public comment is refused (a Vietnamese sentence), or None."""
    if not is_open(r, timezone.localdate(now)):
        return "Đợt góp ý đã kết thúc. Cảm ơn bạn đã quan tâm."
    if honeypot:
        return "Không gửi được ý kiến."
    try:
        sent = signing.loads(stamp, salt="documents.public", max_age=PUBLIC_MAX_AGE)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return "Trang góp ý đã cũ. Hãy tải lại trang rồi gửi lại (nội dung bạn viết vẫn còn)."
    if now.timestamp() - int(sent) < PUBLIC_MIN_SECONDS:
        return "Bạn gửi nhanh quá. Hãy đọc lại ý kiến rồi bấm gửi lần nữa."
    problem = comment_problem(text)
    if problem:
        return problem
    if len(_LINK.findall(text)) > MAX_LINKS:
        return "Ý kiến có nhiều đường dẫn; hãy bỏ bớt đường dẫn."
    key = address_key(address)
    since = now - PUBLIC_WINDOW
    if PublicHit.objects.filter(round=r, address=key, at__gte=since).count() >= PUBLIC_PER_ADDRESS:
        return "Bạn đã gửi nhiều ý kiến trong ít phút. Hãy đợi 10 phút rồi gửi tiếp."
    if PublicHit.objects.filter(round=r, at__gte=since).count() >= PUBLIC_PER_ROUND:
        return "Hệ thống đang nhận quá nhiều ý kiến. Hãy gửi lại sau ít phút."
    if Comment.objects.filter(round=r, digest=digest_of(text)).exists():
        return "Ý kiến này đã có người gửi đúng như vậy; không cần gửi lại."
    return None


def add_public_comment(r: Round, item: NewComment, address: str, now: datetime.datetime) -> Comment:
    with transaction.atomic():
        PublicHit.objects.filter(at__lt=now - 2 * PUBLIC_WINDOW).delete()
        PublicHit.objects.create(round=r, address=address_key(address), at=now)
        comment = add_comment(r, item)
    return comment


def public_url(request: Any, r: Round) -> str:
    from django.urls import reverse

    base = getattr(settings, "DAIHOI_PUBLIC_URL", "") or ""
    path = reverse("documents:public", args=[r.public_token])
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


def qr_svg(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=5, dark="#000"))


def poster_pdf(r: Round, url: str) -> bytes:
    """A printable A4 poster: the draft's name, the deadline, the QR code and the link."""
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from daihoi.fonts import Face, ttfont

    regular, bold = ttfont(Face.REGULAR).fontName, ttfont(Face.BOLD).fontName
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    c.setTitle("Góp ý dự thảo văn kiện")
    c.setFont(bold, 22)
    c.drawCentredString(width / 2, height - 90, "MỜI GÓP Ý DỰ THẢO VĂN KIỆN")
    c.setFont(regular, 13)
    y = height - 125
    for line in _wrap(clean(r.version.draft.title), 70)[:3]:
        c.drawCentredString(width / 2, y, line)
        y -= 18
    c.drawCentredString(width / 2, y - 4, clean(r.organisation.name)[:90])
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=12, border=2)
    png.seek(0)
    side = 300
    c.drawImage(ImageReader(png), (width - side) / 2, y - 30 - side, side, side)
    c.setFont(regular, 12)
    c.drawCentredString(width / 2, y - 60 - side, "Quét mã bằng điện thoại, hoặc mở địa chỉ:")
    c.drawCentredString(width / 2, y - 78 - side, url)
    c.drawCentredString(
        width / 2,
        y - 104 - side,
        f"Hạn góp ý: {r.deadline:%d/%m/%Y}. Không cần đăng nhập, không cần ghi tên.",
    )
    c.showPage()
    c.save()
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


# --- the report and the roll-up ----------------------------------------------------------


def _group_tags(r: Round) -> tuple[dict[int, str], dict[int, str]]:
    """Per group of the round: its sources with counts, and the units its comments came from
    (two queries for the whole round, not two per group)."""
    labels = dict(Source.choices)
    sources: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Comment.objects.filter(round=r, group__isnull=False)
        .values("group_id", "source")
        .annotate(n=Count("id"))
    )
    for row in rows:
        label = str(labels.get(row["source"], row["source"]))
        sources.setdefault(row["group_id"], []).append((row["n"], label))
    units: dict[int, list[str]] = {}
    tagged = (
        Comment.objects.filter(round=r, group__isnull=False, from_unit__isnull=False)
        .exclude(source__in=[Source.PUBLIC])
        .values_list("group_id", "units", "from_unit__name")
        .distinct()
    )
    for group_id, tag, unit_name in tagged:
        names = units.setdefault(group_id, [])
        for name in tag.split("; ") if tag else [unit_name]:
            if name and name not in names:
                names.append(name)
    return (
        {
            g: ", ".join(f"{label} {n}" for n, label in sorted(v, reverse=True))
            for g, v in sources.items()
        },
        {g: "; ".join(v) for g, v in units.items()},
    )


def report_data(r: Round, now: datetime.datetime) -> report_engine.ReportData:
    version = r.version
    titles = dict(section_choices(version))
    groups = list(CommentGroup.objects.filter(round=r).order_by("section", "-comments", "id"))
    labels = dict(AnswerKind.choices)
    sources, units = _group_tags(r)
    # A unit's own round names no units (they are all its own); a round that receives units'
    # input names them.
    show_units = r.children.exists()
    parts: dict[int | None, list[report_engine.GroupLine]] = {}
    for g in groups:
        parts.setdefault(g.section, []).append(
            report_engine.GroupLine(
                text=g.text,
                comments=g.comments,
                people=g.people,
                sources=sources.get(g.pk, ""),
                units=units.get(g.pk, "") if show_units else "",
                answer=str(labels.get(g.answer, labels[AnswerKind.NONE])),
                answer_text=g.answer_text,
                change=g.change,
            )
        )
    order = sorted(parts, key=lambda s: (s is None, s or 0))
    above = _ancestors(r.organisation)
    parent = max(above, key=lambda o: len(o.path)) if above else None
    return report_engine.ReportData(
        unit=r.organisation.name,
        parent_unit=parent.name if parent is not None and parent.depth > 1 else "",
        place_and_date=f"ngày {now:%d} tháng {now:%m} năm {now:%Y}",
        draft_title=version.draft.title + f" (dự thảo lần {version.number})",
        round_title=r.title,
        totals=tuple(report_engine.SourceTotal(*row) for row in counts_by_source(r)),
        sections=tuple(
            report_engine.SectionPart(titles.get(s, "") if s is not None else "", tuple(parts[s]))
            for s in order
        ),
    )


def report_docx(user: Any, r: Round, now: datetime.datetime) -> bytes:
    data = report_engine.render_report(report_data(r, now))
    log_change(user, r, "documents.report_made", {"round": r.pk}, organisation=r.organisation)
    return data


def send_up(user: Any, r: Round, now: datetime.datetime) -> int:
    """The unit's consolidated comments (one per group) become comments in the level above's
    round, tagged with the units they came from; the round then takes no more comments."""
    require_edit(user, r.organisation)
    if r.parent is None:
        raise PermissionDenied("Đợt góp ý này không có cấp trên để gửi lên.")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=r.pk)
        if locked.sent_up_at is not None:
            return 0
        n = 0
        for g in CommentGroup.objects.filter(round=r).order_by("section", "-comments", "id"):
            units = units_of_group(g) or r.organisation.name
            proposed = next(
                (p for p in g.members.exclude(proposed="").values_list("proposed", flat=True)), ""
            )
            add_comment(
                r.parent,
                NewComment(
                    text=g.text,
                    source=Source.UNIT,
                    section=g.section,
                    proposed=proposed,
                    people=g.people,
                    units=units,
                ),
                author=user,
                from_unit=r.organisation,
            )
            n += 1
        locked.sent_up_at = now
        locked.save(update_fields=["sent_up_at"])
        r.sent_up_at = now
        log_change(
            user,
            r,
            "documents.sent_up",
            {"groups": n, "to": r.parent.pk},
            organisation=r.organisation,
        )
    return n


def when(dt: datetime.datetime) -> str:
    return date_format(timezone.localtime(dt), "H:i d/m/Y")


# --- the report of a big round, in the task queue -----------------------------------------

REPORT_IN_BACKGROUND = 3000  # comments: above this the report is made by the task worker


def report_in_background(r: Round) -> bool:
    return Comment.objects.filter(round=r).count() > REPORT_IN_BACKGROUND


def queue_report(user: Any, r: Round) -> ReportJob:
    from daihoi.web.documents.tasks import make_report

    job = ReportJob.objects.create(round=r, requested_by=user)
    make_report.enqueue(job.pk)  # the database queue: the task row commits with the job
    return job


def run_report_job(job_id: int) -> str:
    job = ReportJob.objects.select_related("round__organisation", "requested_by").get(pk=job_id)
    try:
        job.data = report_docx(job.requested_by, job.round, timezone.localtime())
        job.state = ReportState.DONE
    except Exception as exc:  # recorded for the page; the worker goes on
        job.state, job.error = ReportState.FAILED, str(exc)[:500]
    job.finished_at = timezone.now()
    job.save()
    return str(job.state)


def get_report_job(user: Any, pk: int) -> ReportJob:
    job = ReportJob.objects.select_related("round__organisation").filter(pk=pk).first()
    if job is None or not owns(user, job.round.organisation):
        raise Http404("Không tìm thấy báo cáo.")
    return job


# --- a big Word file, in the task queue ---------------------------------------------------

IMPORT_IN_BACKGROUND = 1024 * 1024  # bytes: a bigger file is read by the task worker


def queue_import(
    user: Any,
    congress: Congress,
    data: bytes,
    filename: str,
    *,
    draft: Draft | None = None,
    kind: str = "",
    title: str = "",
    note: str = "",
) -> DraftImport:
    require_edit(user, congress.organisation)
    from daihoi.web.documents.tasks import import_draft

    job = DraftImport.objects.create(
        congress=congress,
        draft=draft,
        kind=kind,
        title=clean(title)[:300],
        note=clean(note)[:300],
        filename=clean(filename)[:255],
        data=data,
        requested_by=user,
    )
    import_draft.enqueue(job.pk)
    return job


def run_import_job(job_id: int) -> str:
    job = DraftImport.objects.select_related("congress__organisation", "draft", "requested_by").get(
        pk=job_id
    )
    outline = read_upload(bytes(job.data))
    if isinstance(outline, Refusal):
        job.state, job.error = ReportState.FAILED, outline.reason
    elif job.draft is not None:
        job.version = add_version(job.requested_by, job.draft, outline, job.filename, job.note)
        job.state = ReportState.DONE
    else:
        draft = create_draft(
            job.requested_by, job.congress, job.kind, job.title, outline, job.filename
        )
        job.version = draft.latest()
        job.state = ReportState.DONE
    job.data = b""  # the file is not kept once read
    job.save()
    return str(job.state)


def get_import_job(user: Any, pk: int) -> DraftImport:
    job = (
        DraftImport.objects.select_related("congress__organisation", "version")
        .filter(pk=pk)
        .first()
    )
    if job is None or not owns(user, job.congress.organisation):
        raise Http404("Không tìm thấy tệp đang nhập.")
    return job
