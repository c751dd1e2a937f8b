"""The count of one election's ballots at a counting station (tổ kiểm phiếu, máy quét).

Secrecy: a page is known only by the SHA-256 of its image file and its page number in that file
(its primary key is made of them, so no row order or number tells the scan order); no scanner
file name, scan order or per-page time is stored; batches (tệp) list their pages in hash order.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.elections.models import Election


class CountState(models.TextChoices):
    OPEN = "open", _("Đang kiểm phiếu")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class Count(models.Model):
    """The machine count of one election round."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="count")
    state = models.CharField(max_length=10, choices=CountState.choices, default=CountState.OPEN)
    # The read-only link of the projector: only its hash is kept.
    projector_hash = models.CharField(max_length=64, blank=True)
    # Ballots the counting committee handed out (số phiếu phát ra), for the minutes.
    issued = models.PositiveIntegerField(null=True, blank=True)
    seal_sample_sha256 = models.CharField(max_length=64, blank=True)
    seal_sample_name = models.CharField(max_length=200, blank=True)  # storage name
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The reader's lease: one reader at a time for a count (the duplicate check needs every
    # earlier page); a worker killed mid-batch lets it expire and the next one takes over.
    lease_owner = models.CharField(max_length=40, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    kicked_at = models.DateTimeField(null=True, blank=True)
    # Bumped whenever a page is added or decided: the results cache is keyed on it.
    revision = models.PositiveIntegerField(default=0)
    results = models.JSONField(null=True, blank=True)
    results_revision = models.PositiveIntegerField(default=0)
    # Pages read and seconds spent reading them (for the pages/s figure, not per page).
    read_pages = models.PositiveIntegerField(default=0)
    read_seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"Kiểm phiếu: {self.election}"


class StationToken(models.Model):
    """A scanning PC's token (``daihoi station watch``): created and revoked by the head of the
    counting committee; only its SHA-256 is stored."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("tên máy quét"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8)  # the last characters, to tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Batch(models.Model):
    """A batch of ballots (tệp phiếu) scanned together."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField(_("tệp số"))
    created_at = models.DateTimeField(auto_now_add=True)
    closed = models.BooleanField(default=False)
    # Scanned, entered ballot by ballot (by ``entrants`` operators who must agree) or by totals.
    method = models.CharField(max_length=8, default="scan")
    entrants = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["count", "number"]
        constraints = [
            models.UniqueConstraint(fields=["count", "number"], name="batch_number_unique")
        ]

    def __str__(self) -> str:
        return f"Tệp {self.number}"


class UploadState(models.TextChoices):
    RECEIVING = "receiving", _("Đang nhận")
    QUEUED = "queued", _("Chờ đọc")
    READING = "reading", _("Đang đọc")
    DONE = "done", _("Đã đọc")
    FAILED = "failed", _("Lỗi")


class Upload(models.Model):
    """One scanned file received (an image, a multi-page PDF or TIFF, or one file of a zip).

    Its key is random and it keeps no time and no file name: only the bytes' SHA-256, their
    kind and where the bytes are stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="uploads")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="uploads")
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField(default=0)
    stored_as = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=UploadState.choices, default=UploadState.QUEUED)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["sha256"]
        constraints = [
            models.UniqueConstraint(fields=["count", "sha256"], name="upload_once_per_count")
        ]


class Page(models.Model):
    """One scanned page and its reading (the scan session's ``PageReading`` as a dict)."""

    # "<count>:<sha256>:<page>:<copy>": no sequence, so the table keeps no scan order.
    key = models.CharField(primary_key=True, max_length=100, editable=False)
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="pages")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="pages")
    sha256 = models.CharField(max_length=64)
    page = models.PositiveIntegerField()
    copy = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10)  # valid | invalid | review | rejected
    reason = models.CharField(max_length=40, blank=True)
    reading = models.JSONField()

    class Meta:
        ordering = ["sha256", "page", "copy"]
        indexes = [models.Index(fields=["count", "status"])]


class Ruling(models.TextChoices):
    VALID = "valid", _("Hợp lệ")
    INVALID = "invalid", _("Không hợp lệ")


class ReviewDecision(models.Model):
    """One member's decision on a page sent to review (quyết định của thành viên Ban Kiểm phiếu).

    The page is named by its key (``Page.key``), not a foreign key: the count's pages are
    written again in hash order (``services.hide_order``) and must keep their decisions. Two
    members who agree decide the page; when they disagree, the head's settling decides.
    """

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="decisions")
    page_key = models.CharField(max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settles = models.BooleanField(default=False)  # the head's decision on a disagreement
    ruling = models.CharField(max_length=8, choices=Ruling.choices)
    struck = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page_key", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["count", "page_key", "user", "settles"], name="one_decision_per_member"
            )
        ]


# ------------------------------------------------------------------------------ manual entry


class BatchMethod(models.TextChoices):
    """How a batch is counted (``daihoi.engine.batches.Method``)."""

    SCAN = "scan", _("Máy đọc")
    BALLOTS = "ballots", _("Nhập tay từng phiếu")
    TOTALS = "totals", _("Nhập tổng số")


class ManualEntry(models.Model):
    """One operator's independent entry of a batch's ballots (nhập liệu độc lập): two or three
    of them must agree, or the head settles each difference by looking at the paper."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "user"], name="one_entry_per_operator")
        ]


class EntryRow(models.Model):
    """One ballot as one operator typed it: its place in the batch's stack, the marks in
    ballot order (``MarkGrid`` codes) and the committee's invalid reason when there is one.
    ``key`` is the browser's key for the row, so a request sent twice never makes two ballots.
    No time is kept per ballot."""

    entry = models.ForeignKey(ManualEntry, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    marks = models.CharField(max_length=400)
    ruling = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="entry_row_position"),
            models.UniqueConstraint(fields=["entry", "key"], name="entry_row_key"),
        ]


class EntrySettlement(models.Model):
    """The head's reading of the paper at a position where the entries differ (who and when
    kept); ``present`` False: there is no such ballot (typed once too many)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="settlements")
    position = models.PositiveIntegerField()
    present = models.BooleanField(default=True)
    marks = models.CharField(max_length=400, blank=True)
    ruling = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="one_settlement_per_place")
        ]


class BatchTotalsEntry(models.Model):
    """A batch's totals typed from a count on paper: the batch's count when it is counted by
    totals, a cross-check of its ballots otherwise."""

    batch = models.OneToOneField(Batch, on_delete=models.CASCADE, related_name="totals")
    collected = models.PositiveIntegerField()
    valid = models.PositiveIntegerField()
    invalid_reasons = models.JSONField(default=dict, blank=True)
    votes = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)


class Record(models.Model):
    """Where a congress's results record stands (sổ ghi kiểm phiếu, ``docs/bundle.md``).

    The log and the bundle are files in the station's data folder (and a second folder, a USB
    stick). What the log already says is read from the log itself (``recording._Said``); this
    row is where the writers take turns, and what the count page shows: the last entry, the
    last write that failed (made by the next action) and each folder's state.
    """

    congress = models.OneToOneField(
        "season.Congress", on_delete=models.CASCADE, related_name="counting_record"
    )
    entry = models.PositiveIntegerField(default=0)  # the log's last entry
    head = models.CharField(max_length=64, blank=True)  # its hash
    # A copy, for the minutes, of where each count's confirmation stands in the log:
    # {"confirmed": {count: {"at": time, "entry": n, "head": hash}}} (the log is the truth).
    logged = models.JSONField(default=dict)
    problem = models.CharField(max_length=500, blank=True)  # the last write that failed
    copies = models.JSONField(default=list)  # the folders written, with what went wrong in each
    updated_at = models.DateTimeField(auto_now=True)


class Reopening(models.Model):
    """The head of the counting committee reopening a confirmed count (mở lại kết quả đã xác
    nhận), with the written reason; the confirmation it undid is kept here."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="reopenings")
    reason = models.TextField(_("lý do mở lại"))
    reopened_at = models.DateTimeField()
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The confirmation undone: when and by whom it was made, and its outcome.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["count", "reopened_at", "id"]


class StationAccount(models.Model):
    """A station account (tài khoản trạm kiểm phiếu) of someone on a congress's panels: no
    profile, so no unit and no scope; it sees only its congress's day page and the counting pages
    its seats allow, until the congress's counting ends (``CountingEnd``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="station_account"
    )
    congress = models.ForeignKey(
        "season.Congress", on_delete=models.CASCADE, related_name="station_accounts"
    )
    name = models.CharField(_("họ và tên"), max_length=100)
    # Set with every one-time password; cleared when the member sets their own.
    must_set_password = models.BooleanField(default=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["congress", "name", "id"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} — {self.name}"


class CountingEnd(models.Model):
    """The end of a congress's counting (kết thúc kiểm phiếu): every count confirmed, the minutes
    signed. The congress's station accounts stop working from then on."""

    congress = models.OneToOneField(
        "season.Congress", on_delete=models.CASCADE, related_name="counting_end"
    )
    ended_at = models.DateTimeField()
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )


# --------------------------------------------------------------------- the random hand-check


class HandCheck(models.Model):
    """The random batch hand-check after the count (kiểm tra ngẫu nhiên bằng tay,
    ``counting/handcheck.py``): the hall's dice seed, every batch and the machine's count of
    each when the draw was made (kept, so a later change of the count never hides a
    discrepancy), the batches drawn with their tickets in drawing order, and the verdict.
    One per count: a second seed would let a committee roll again for a nicer sample."""

    count = models.OneToOneField(Count, on_delete=models.CASCADE, related_name="handcheck")
    seed = models.CharField(max_length=64)
    sample = models.PositiveIntegerField()  # the first draw's size
    batches = models.JSONField(default=list)  # every batch's id ("3") at the draw
    machine = models.JSONField(default=dict)  # id → {"ballots", "valid", "invalid", "votes"}
    drawn = models.JSONField(default=list)  # [{"batch": "3", "ticket": "…"}], drawing order
    verdict = models.CharField(max_length=20, blank=True)  # confirmed | expand | full_hand_count
    sentence = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class HandCount(models.Model):
    """A drawn batch counted by hand: the latest row of a batch counts, the earlier ones stay
    as its history (a discrepancy is never lost). ``key``: the form's, so a form sent twice is
    one row."""

    handcheck = models.ForeignKey(HandCheck, on_delete=models.CASCADE, related_name="counts")
    batch = models.CharField(max_length=20)
    counts = models.JSONField()  # {"ballots", "valid", "invalid", "votes": {name: n}}
    key = models.CharField(max_length=40)
    entered_at = models.DateTimeField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["handcheck", "batch", "entered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["handcheck", "key"], name="hand_count_once")]
