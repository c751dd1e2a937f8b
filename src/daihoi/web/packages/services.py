"""The bridge between the packages app and ``daihoi.record.package`` (``docs/package.md``).

Central: the office's key, what a congress's package holds, its export (the sequence goes up by
one each time, logged) and the letter that prints the key's fingerprint. Station: an upload
checked and kept until the operator confirms it, the trust on first use of the office key, and
the import of the congress into the station's database, all in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from daihoi.record import StationKey
from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.package import Package, PackageError, make_package, read_package
from daihoi.web.accounts.scope import unit_of, visible_organisations
from daihoi.web.audit.services import log_change
from daihoi.web.counting import services as counting
from daihoi.web.counting.models import CountState
from daihoi.web.elections import services as elections
from daihoi.web.elections.models import (
    Candidate,
    Delegate,
    DelegateKind,
    Election,
    ElectionState,
    Exclusion,
    Panel,
    PanelMember,
    PanelRole,
)
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Congress, CongressKind, Season

from .models import PackageCounter, PackageImport, PackageUpload, TrustedOfficeKey

__all__ = ["PackageError", "Refused"]

DATA_VERSION = 1
EXPORTED, TRUSTED, IMPORTED = "package.export", "package.trust", "package.import"
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,119}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
CODE = re.compile(r"[^\x00-\x1f\x7f]{1,40}")


class Refused(Exception):
    """A package that holds but that this station cannot take, said in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------- the office


def office_key() -> StationKey:
    """The office's Ed25519 key (made on first use in ``OFFICE_KEY_FILE``; never shown)."""
    return StationKey.kept_in(settings.OFFICE_KEY_FILE)


def office_fingerprint() -> str:
    return office_key().fingerprint


def last_sequence(congress: Congress) -> int:
    row = PackageCounter.objects.filter(congress=congress).first()
    return row.sequence if row is not None else 0


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def package_files(congress: Congress) -> dict[str, bytes]:
    """The data files of ``congress``'s package (canonical JSON). Names only of the people:
    no personnel record beyond a name (a candidate's birth year orders the ballot)."""
    org = congress.organisation
    season = congress.season
    facts = {
        "version": DATA_VERSION,
        "record_id": counting.record_id_of(congress),
        "name": f"Đại hội {org.name}",
        "organisation": {"code": org.code, "name": org.name, "level": org.level, "kind": org.kind},
        "season": {
            "name": season.name,
            "term_start": season.term_start,
            "term_end": season.term_end,
        },
        "kind": congress.kind,
        "planned_date": _day(congress.planned_date),
        "held_date": _day(congress.held_date),
        "is_pilot": congress.is_pilot,
        "direct_secretary": congress.direct_secretary,
        "convened": congress.convened,
    }
    rows = list(congress.elections.prefetch_related("candidates").order_by("slug", "round"))
    election_list = []
    for row in rows:
        candidates = list(row.candidates.all())
        election_list.append(
            {
                "slug": row.slug,
                "round": row.round,
                "title": row.title,
                "body": row.body,
                "seats": row.seats,
                "alternates": row.alternates,
                "rules": row.rules,
                "overrides": row.overrides,
                "spares": row.spares,
                "state": row.state,
                "electorate": row.electorate,
                "elected_before": row.elected_before,
                "candidates": [{"name": c.name, "born": c.born} for c in candidates],
                # The form the ballot takes: names to strike with a surplus, đồng ý / không
                # đồng ý columns without (the engine's rule, docs/engine.md).
                "ballot_form": "strike"
                if len(candidates) > row.seats + row.alternates
                else "approve",
                "ballot_order": elections.ballot_order(row),
            }
        )
    committee = [
        {"panel": m.panel, "role": m.role, "name": m.name, "order": m.order}
        for m in congress.panel.order_by("panel", "order", "id")
    ]
    delegates = [
        {
            "number": d.number,
            "name": d.name,
            "card_code": d.card_code,
            "kind": d.kind,
            "exclusion": d.exclusion,
        }
        for d in congress.delegates.order_by("number")
    ]
    return {
        "congress.json": canonical_json(facts),
        "elections.json": canonical_json(election_list),
        "committee.json": canonical_json(committee),
        "delegates.json": canonical_json(delegates),
    }


def package_facts(congress: Congress) -> dict[str, str]:
    return {
        "id": counting.record_id_of(congress),
        "name": f"Đại hội {congress.organisation.name}",
        "organisation": congress.organisation.name,
    }


def export_package(congress: Congress, user: Any, now: datetime) -> tuple[bytes, int]:
    """A new package of ``congress`` (the next sequence), logged; its bytes and sequence."""
    files = package_files(congress)
    with transaction.atomic():
        PackageCounter.objects.get_or_create(congress=congress)
        counter = PackageCounter.objects.select_for_update().get(congress=congress)
        counter.sequence += 1
        counter.exported_at = now
        counter.exported_by = user
        counter.save()
        issued = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = make_package(
            files,
            congress=package_facts(congress),
            sequence=counter.sequence,
            issued_at=issued,
            key=office_key(),
        )
        log_change(
            user,
            congress,
            EXPORTED,
            {
                "package": {
                    "sequence": counter.sequence,
                    "fingerprint": office_fingerprint(),
                    "sha256": sha256_hex(data),
                }
            },
            organisation=congress.organisation,
        )
    return data, counter.sequence


def letter_pdf(congress: Congress, today: date, user: Any) -> bytes:
    """The letter that prints the office key's fingerprint, issued by the user's unit."""
    from .letter import letter

    unit = unit_of(user)
    return letter(
        issuer=unit.name if unit is not None else "Văn phòng",
        congress_name=f"Đại hội {congress.organisation.name}",
        organisation=congress.organisation.name,
        term=f"{congress.season.term_start}–{congress.season.term_end}",
        record_id=counting.record_id_of(congress),
        fingerprint=office_fingerprint(),
        today=today,
    )


# ---------------------------------------------------------------------------------- the station


def station_key_facts() -> dict[str, str]:
    key = counting.station_key_of()
    return {"fingerprint": key.fingerprint, "public_key": key.public_hex}


def trusted_fingerprints() -> set[str]:
    return set(TrustedOfficeKey.objects.values_list("fingerprint", flat=True))


def receive(user: Any, filename: str, data: bytes) -> PackageUpload:
    """Check ``data`` (``PackageError`` when it does not hold, or is signed by another key than
    the one trusted) and keep it for the operator's confirmation."""
    package = read_package(data)
    _check_key(package)
    _data_of(package)
    PackageUpload.objects.filter(user=user).delete()  # one waiting upload per operator
    return PackageUpload.objects.create(
        user=user, filename=filename[:255], data=data, sha256=sha256_hex(data)
    )


def _check_key(package: Package) -> None:
    trusted = trusted_fingerprints()
    if trusted and package.fingerprint not in trusted:
        shown = ", ".join(sorted(trusted))
        raise PackageError(
            "wrong_key",
            _(
                "Gói này được ký bằng khoá %(key)s, không phải khoá văn phòng trạm đã tin cậy "
                "(%(trusted)s). Khoá của văn phòng đã đổi, hoặc gói không phải của văn phòng: "
                "hãy gọi điện cho văn phòng để hỏi, đừng nhận gói này."
            )
            % {"key": package.fingerprint, "trusted": shown},
        )


def upload_of(user: Any, pk: int) -> PackageUpload | None:
    return PackageUpload.objects.filter(user=user, pk=pk).first()


@dataclass
class Preview:
    package: Package
    trusted: bool
    last: int | None  # the sequence already imported for this congress
    congress: dict[str, Any]
    elections: list[dict[str, Any]]
    committee: list[dict[str, Any]]
    delegates: int


def preview(upload: PackageUpload) -> Preview:
    package = read_package(bytes(upload.data))
    _check_key(package)
    data = _data_of(package)
    last = PackageImport.objects.filter(record_id=package.congress["id"]).aggregate(
        Max("sequence")
    )["sequence__max"]
    return Preview(
        package=package,
        trusted=package.fingerprint in trusted_fingerprints(),
        last=last,
        congress=data.congress,
        elections=data.elections,
        committee=data.committee,
        delegates=len(data.delegates),
    )


@dataclass
class Outcome:
    congress: Congress
    same: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def import_upload(upload: PackageUpload, user: Any, *, confirm_digits: str = "") -> Outcome:
    """Import the waiting upload. A key seen for the first time is trusted only when the
    operator typed the fingerprint's last 4 digits (checked against the letter); all or
    nothing: ``PackageError`` or ``Refused`` leave the station as it was."""
    package = read_package(bytes(upload.data))
    _check_key(package)
    data = _data_of(package)
    now = timezone.now()
    with transaction.atomic():
        if package.fingerprint not in trusted_fingerprints():
            digits = re.sub(r"[\s-]", "", confirm_digits).lower()
            if digits != package.fingerprint.replace("-", "")[-4:]:
                raise Refused(
                    _(
                        "Bốn ký tự cuối của dấu vân tay không khớp. Hãy so từng nhóm với công văn "
                        "của văn phòng và gõ lại bốn ký tự cuối."
                    )
                )
            TrustedOfficeKey.objects.create(
                fingerprint=package.fingerprint,
                public_key=package.key,
                trusted_at=now,
                trusted_by=user,
            )
            log_change(user, None, TRUSTED, {"fingerprint": package.fingerprint})
        outcome = _import(package, data, user, now)
        upload.delete()
    return outcome


# ------------------------------------------------------------------------- reading the data


@dataclass
class _Data:
    congress: dict[str, Any]
    elections: list[dict[str, Any]]
    committee: list[dict[str, Any]]
    delegates: list[dict[str, Any]]


def _bad(what: str) -> PackageError:
    return PackageError("bad_manifest", f"Dữ liệu trong gói không hợp lệ: {what}.")


def _text(value: Any, limit: int, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise _bad(what)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise _bad(f"{what} có ký tự điều khiển")
    return value


def _int(value: Any, low: int, high: int, what: str, *, none: bool = False) -> int | None:
    if value is None and none:
        return None
    if type(value) is not int or not low <= value <= high:
        raise _bad(what)
    return value


def _choice(value: Any, choices: Any, what: str) -> str:
    if value not in set(choices.values):
        raise _bad(what)
    return str(value)


def _date(value: Any, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(_text(value, 10, what))
    except ValueError:
        raise _bad(what) from None


def _data_of(package: Package) -> _Data:
    congress = package.json("congress.json")
    if not isinstance(congress, dict) or congress.get("version") != DATA_VERSION:
        raise _bad("congress.json không đúng phiên bản")
    record_id = _text(congress.get("record_id"), 120, "mã đại hội")
    if not RECORD_ID.fullmatch(record_id) or record_id != package.congress["id"]:
        raise _bad("mã đại hội không khớp với bản kê")
    org = congress.get("organisation")
    season = congress.get("season")
    if not isinstance(org, dict) or not isinstance(season, dict):
        raise _bad("thiếu tổ chức hoặc đợt đại hội")
    facts = {
        "record_id": record_id,
        "name": _text(congress.get("name"), 300, "tên đại hội"),
        "org_code": _text(org.get("code"), 40, "mã tổ chức"),
        "org_name": _text(org.get("name"), 200, "tên tổ chức"),
        "org_level": _choice(org.get("level"), Level, "cấp tổ chức"),
        "org_kind": _text(org.get("kind", ""), 80, "loại hình tổ chức", empty=True),
        "season_name": _text(season.get("name"), 200, "tên đợt đại hội"),
        "term_start": _int(season.get("term_start"), 1900, 2200, "nhiệm kỳ"),
        "term_end": _int(season.get("term_end"), 1900, 2200, "nhiệm kỳ"),
        "kind": _choice(congress.get("kind"), CongressKind, "hình thức đại hội"),
        "planned_date": _date(congress.get("planned_date"), "ngày dự kiến"),
        "is_pilot": congress.get("is_pilot") is True,
        "direct_secretary": congress.get("direct_secretary") is True,
        "convened": _int(congress.get("convened"), 0, 10_000_000, "số triệu tập", none=True),
    }
    raw = package.json("elections.json")
    if not isinstance(raw, list) or len(raw) > 500:
        raise _bad("danh sách cuộc bầu cử")
    found: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise _bad("cuộc bầu cử")
        slug = _text(item.get("slug"), 60, "mã cuộc bầu cử")
        if not SLUG.fullmatch(slug):
            raise _bad(f"mã cuộc bầu cử “{slug}”")
        candidates = item.get("candidates")
        if not isinstance(candidates, list) or len(candidates) > 2000:
            raise _bad("danh sách ứng cử viên")
        overrides = item.get("overrides", {})
        elected_before = item.get("elected_before", [])
        if not isinstance(overrides, dict) or not isinstance(elected_before, list):
            raise _bad("quy tắc của cuộc bầu cử")
        found.append(
            {
                "slug": slug,
                "round": _int(item.get("round"), 1, 100, "lần bầu"),
                "title": _text(item.get("title"), 300, "tên cuộc bầu cử"),
                "body": _text(item.get("body"), 24, "loại bầu cử"),
                "seats": _int(item.get("seats"), 1, 32767, "số cần bầu"),
                "alternates": _int(item.get("alternates", 0), 0, 32767, "số dự khuyết"),
                "rules": _text(item.get("rules"), 20, "bộ quy tắc"),
                "overrides": overrides,
                "spares": _int(item.get("spares", 5), 0, 32767, "số phiếu dự phòng"),
                "state": _choice(item.get("state"), ElectionState, "tình trạng cuộc bầu cử"),
                "electorate": _int(item.get("electorate"), 0, 10_000_000, "số bầu cử", none=True),
                "elected_before": elected_before,
                "candidates": [
                    {
                        "name": _text(c.get("name") if isinstance(c, dict) else None, 100, "tên"),
                        "born": _int(c.get("born"), 1900, 2200, "năm sinh", none=True),
                    }
                    for c in candidates
                ],
                "ballot_form": str(item.get("ballot_form", "")),
            }
        )
    committee_raw = package.json("committee.json")
    if not isinstance(committee_raw, list) or len(committee_raw) > 1000:
        raise _bad("các bộ phận giúp việc")
    committee = [
        {
            "panel": _choice(m.get("panel"), Panel, "bộ phận"),
            "role": _choice(m.get("role"), PanelRole, "nhiệm vụ"),
            "name": _text(m.get("name"), 100, "tên thành viên"),
            "order": _int(m.get("order", 0), 0, 32767, "thứ tự"),
        }
        for m in committee_raw
        if isinstance(m, dict) or _fail("thành viên bộ phận")
    ]
    delegates_raw = package.json("delegates.json")
    if not isinstance(delegates_raw, list) or len(delegates_raw) > 100_000:
        raise _bad("danh sách đại biểu")
    delegates = [
        {
            "number": _int(d.get("number"), 0, 10_000_000, "số thẻ đại biểu"),
            "name": _text(d.get("name"), 100, "tên đại biểu"),
            "card_code": _text(d.get("card_code"), 20, "mã thẻ đại biểu"),
            "kind": _choice(d.get("kind"), DelegateKind, "loại đại biểu"),
            "exclusion": _choice(d.get("exclusion", ""), Exclusion, "loại trừ"),
        }
        for d in delegates_raw
        if isinstance(d, dict) or _fail("đại biểu")
    ]
    return _Data(facts, found, committee, delegates)


def _fail(what: str) -> bool:
    raise _bad(what)


# -------------------------------------------------------------------------------- the import


def _organisation(facts: Mapping[str, Any], user: Any) -> Organisation:
    found = Organisation.objects.filter(code=facts["org_code"]).first()
    if found is not None:
        if not visible_organisations(user).filter(pk=found.pk).exists():
            raise Refused(
                _(
                    "Tổ chức mã “%(code)s” đã có trên trạm nhưng ngoài phạm vi tài khoản của bạn: "
                    "không nhận được gói."
                )
                % {"code": facts["org_code"]}
            )
        return found
    values = {
        "code": facts["org_code"],
        "name": facts["org_name"],
        "level": int(facts["org_level"]),
        "kind": facts["org_kind"],
        "members": 0,
    }
    unit = unit_of(user)
    if unit is None:
        node: Organisation = Organisation.objects.add_root(values)
    else:
        node = Organisation.objects.add_child(unit, values)
    return node


def _season(facts: Mapping[str, Any], org: Organisation) -> Season:
    above = [o.pk for o in org.ancestors_and_self()]
    season = (
        Season.objects.filter(
            organisation__in=above, term_start=facts["term_start"], term_end=facts["term_end"]
        )
        .order_by("id")
        .first()
    )
    if season is None:
        season = Season.objects.create(
            organisation=org,
            name=facts["season_name"],
            term_start=facts["term_start"],
            term_end=facts["term_end"],
        )
    return season


def _started(row: Election) -> bool:
    """Whether counting has begun for ``row``: pages scanned, ballots typed, or confirmed."""
    if row.state in (ElectionState.COUNTING, ElectionState.CONFIRMED):
        return True
    count = getattr(row, "count", None) if hasattr(row, "count") else None
    if count is None:
        return False
    return (
        count.state == CountState.CONFIRMED
        or count.pages.exists()
        or count.uploads.exists()
        or count.batches.filter(entries__isnull=False).exists()
        or count.batches.filter(totals__isnull=False).exists()
    )


def _import(package: Package, data: _Data, user: Any, now: datetime) -> Outcome:
    facts = data.congress
    record_id = facts["record_id"]
    last = PackageImport.objects.filter(record_id=record_id).aggregate(Max("sequence"))[
        "sequence__max"
    ]
    if last is not None and package.sequence < last:
        raise Refused(
            _(
                "Gói số %(n)s cũ hơn gói đã nhận (số %(last)s): trạm giữ nguyên dữ liệu. Hãy xin "
                "văn phòng gói mới nhất."
            )
            % {"n": package.sequence, "last": last}
        )
    congress = Congress.objects.filter(central_id=record_id).first()
    if last is not None and package.sequence == last and congress is not None:
        return Outcome(congress=congress, same=True)
    org = _organisation(facts, user)
    season = _season(facts, org)
    outcome = Outcome(congress=congress)  # type: ignore[arg-type]
    if congress is None:
        congress = Congress.objects.filter(season=season, organisation=org).first()
        if congress is not None and congress.central_id == "" and _has_record(congress):
            raise Refused(
                _(
                    "Đại hội này đã được kiểm phiếu trên trạm trước khi nhận gói: không đổi được "
                    "mã của đại hội. Hãy hỏi văn phòng."
                )
            )
    if congress is None:
        congress = Congress(season=season, organisation=org)
        outcome.created.append(_("đại hội “%(name)s”") % {"name": facts["name"]})
    else:
        outcome.updated.append(_("đại hội “%(name)s”") % {"name": facts["name"]})
    congress.central_id = record_id
    congress.kind = facts["kind"]
    congress.planned_date = facts["planned_date"]
    congress.is_pilot = facts["is_pilot"]
    congress.direct_secretary = facts["direct_secretary"]
    if facts["convened"] is not None:
        congress.convened = facts["convened"]
    congress.save()
    outcome.congress = congress
    _elections(congress, data.elections, user, outcome)
    _committee(congress, data.committee, outcome)
    _delegates(congress, data.delegates, outcome)
    PackageImport.objects.create(
        congress=congress,
        record_id=record_id,
        sequence=package.sequence,
        issued_at=package.issued_at,
        fingerprint=package.fingerprint,
        sha256=sha256_hex(
            canonical_json(sorted((k, sha256_hex(v)) for k, v in package.files.items()))
        ),
        imported_at=now,
        imported_by=user,
        summary={"created": outcome.created, "updated": outcome.updated, "kept": outcome.kept},
    )
    log_change(
        user,
        congress,
        IMPORTED,
        {
            "package": {
                "record_id": record_id,
                "sequence": package.sequence,
                "fingerprint": package.fingerprint,
                "kept": outcome.kept,
            }
        },
        organisation=org,
    )
    return outcome


def _election_words(title: str, round_: int) -> str:
    return _("cuộc bầu cử “%(title)s” (lần %(round)s)") % {"title": title, "round": round_}


def _has_record(congress: Congress) -> bool:
    return counting.has_record(congress)


def _elections(
    congress: Congress, items: list[dict[str, Any]], user: Any, outcome: Outcome
) -> None:
    by_key = {(e.slug, e.round): e for e in congress.elections.select_related("count")}
    for item in sorted(items, key=lambda i: (i["slug"], i["round"])):
        row = by_key.get((item["slug"], item["round"]))
        if row is not None and _started(row):
            outcome.kept.append(
                _("“%(title)s” (lần %(round)s): đã kiểm phiếu trên trạm, giữ nguyên")
                % {"title": row.title, "round": row.round}
            )
            continue
        if row is not None and row.approvals.exists():
            # The congress voted on this list by show of hands in the hall: the office's
            # later list must not slip in under that vote.
            outcome.kept.append(
                _("“%(title)s” (lần %(round)s): đại hội đã biểu quyết trên trạm, giữ nguyên")
                % {"title": row.title, "round": row.round}
            )
            continue
        if row is None:
            row = Election(
                congress=congress,
                slug=item["slug"],
                round=item["round"],
                created_by=user,
                state=item["state"]
                if item["state"] in (ElectionState.DRAFT, ElectionState.APPROVED)
                else ElectionState.DRAFT,
            )
            outcome.created.append(_election_words(item["title"], item["round"]))
        else:
            outcome.updated.append(_election_words(item["title"], item["round"]))
        for name in (
            "title", "body", "seats", "alternates", "rules", "overrides", "spares", "electorate",
            "elected_before",
        ):  # fmt: skip
            setattr(row, name, item[name])
        if item["round"] > 1:
            row.previous = by_key.get((item["slug"], item["round"] - 1))
        row.version += 1
        row.save()
        by_key[(row.slug, row.round)] = row
        row.candidates.all().delete()
        Candidate.objects.bulk_create(
            [Candidate(election=row, name=c["name"], born=c["born"]) for c in item["candidates"]]
        )
        problem = elections.check_election(row)
        if problem:
            raise Refused(
                _("Cuộc bầu cử “%(title)s” trong gói không dùng được: %(problem)s")
                % {"title": row.title, "problem": problem}
            )


def _committee(congress: Congress, items: list[dict[str, Any]], outcome: Outcome) -> None:
    existing = {(m.panel, m.name): m for m in congress.panel.all()}
    wanted = set()
    for item in items:
        key = (item["panel"], item["name"])
        wanted.add(key)
        member = existing.get(key) or PanelMember(congress=congress, **key_of(item))
        member.role = item["role"]
        member.order = item["order"]
        member.save()
    gone = [m for k, m in existing.items() if k not in wanted and m.user_id is None]
    for member in gone:
        member.delete()
    outcome.updated.append(
        ngettext(
            "%(n)d thành viên các bộ phận giúp việc",
            "%(n)d thành viên các bộ phận giúp việc",
            len(items),
        )
        % {"n": len(items)}
    )


def key_of(item: Mapping[str, Any]) -> dict[str, Any]:
    return {"panel": item["panel"], "name": item["name"]}


def _delegates(congress: Congress, items: list[dict[str, Any]], outcome: Outcome) -> None:
    existing = {d.card_code: d for d in congress.delegates.all()}
    codes = [d["card_code"] for d in items]
    taken = set(
        Delegate.objects.filter(card_code__in=codes)
        .exclude(congress=congress)
        .values_list("card_code", flat=True)
    )
    if taken:
        raise Refused(_("Mã thẻ của một số đại biểu trong gói đã thuộc đại hội khác trên trạm."))
    wanted = set(codes)
    # Numbers move: free the old ones first so the (congress, number) constraint holds.
    keep = []
    for code, row in existing.items():
        if code not in wanted:
            if row.attendance.exists():
                keep.append(row)
            else:
                row.delete()
    for row in keep:
        outcome.kept.append(_("đại biểu “%(name)s”: đã điểm danh, giữ lại") % {"name": row.name})
    top = max([d.number for d in keep] + [d["number"] for d in items] + [0]) + 1
    for offset, row in enumerate(existing[c] for c in codes if c in existing):
        row.number = top + offset
        row.save(update_fields=["number"])
    for item in items:
        row = existing.get(item["card_code"]) or Delegate(
            congress=congress, card_code=item["card_code"], exclusion=item["exclusion"]
        )
        row.number = item["number"]
        row.name = item["name"]
        row.kind = item["kind"]
        row.save()
    outcome.updated.append(
        ngettext("%(n)d đại biểu", "%(n)d đại biểu", len(items)) % {"n": len(items)}
    )


def recent_imports() -> list[PackageImport]:
    return list(PackageImport.objects.select_related("congress__organisation")[:10])


def trusted_keys() -> list[TrustedOfficeKey]:
    return list(TrustedOfficeKey.objects.order_by("trusted_at"))
