"""Reading one page: register it, check it is this election's ballot, score it, decide it."""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.engine.election import Election
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.decide import (
    REASON_TEXT,
    UNREGISTERED,
    WRONG_ELECTION,
    WRONG_ROUND,
    PageStatus,
    decide_page,
)
from daihoi.scan.images import PageImage
from daihoi.scan.readings import PageReading, row_readings
from daihoi.scan.register import Registration, RegistrationFailure, register_page
from daihoi.scan.score import PageImages, PageScores, normalise_light, score_page, seal_region
from daihoi.scan.seal import SealModel, learn_seal
from daihoi.scan.template import QR_PREFIX, BallotTemplate

# Below this fraction of the printed ink found in place, the page is not where registration put
# it (or is not this ballot): reading it would be guesswork.
PRINTED_FOUND_MIN = 0.6


@dataclass(frozen=True)
class PageResult:
    """A reading, and the registered images while they are still in memory (for crops)."""

    reading: PageReading
    images: PageImages | None
    scores: PageScores | None


def read_page(
    page: PageImage, election: Election, seal_model: SealModel | None = None
) -> PageResult:
    """Read one scanned page of ``election``'s ballot (or say why it cannot be read); with
    ``seal_model`` (the committee's seal, ``learn_seal_sample``) its seal is compared with it."""
    template = printed_ballot(election).template
    registered = register_page(page.pixels, template.layout)
    if isinstance(registered, RegistrationFailure):
        return _rejected(page, registered.reason.value, registered.detail)
    wrong = _check_qr(registered, template, election)
    if wrong is not None:
        return _rejected(page, wrong[0], wrong[1], registered.rotation)
    scores, images = score_page(page, registered, template, seal_model)
    if scores.printed_found < PRINTED_FOUND_MIN:
        return _rejected(
            page,
            UNREGISTERED,
            "chữ in trên trang không khớp với mẫu phiếu (phiếu bị nhăn, gập hoặc chụp lệch quá)",
            registered.rotation,
        )
    settings = election.rules.scan
    decision = decide_page(
        scores, election, template.layout.form, settings, f"{page.source}#{page.page}", seal_model
    )
    seal = {
        "state": decision.seal.value,
        "red": scores.seal.red,
        "ink": scores.seal.ink,
        "extent": scores.seal.extent,
        "spread": scores.seal.spread,
        "ring": scores.seal.ring,
        "radius": scores.seal.radius,
        "inside": scores.seal.inside,
        "contrast": scores.seal.contrast,
        "hue": scores.seal.hue,
        "match": scores.seal.match,
    }
    reading = PageReading(
        source=page.source,
        page=page.page,
        sha256=page.sha256,
        status=decision.status,
        reason=decision.reason,
        detail=REASON_TEXT.get(decision.reason) if decision.reason else None,
        form=template.layout.form,
        rows=row_readings(decision.rows),
        seal=seal,
        rotation=registered.rotation,
        fingerprint=scores.fingerprint,
        signature=scores.signature or None,
    )
    return PageResult(reading, images, scores)


class SealSampleError(ValueError):
    """A seal sample that cannot be used (the message says why, in Vietnamese)."""


def learn_seal_sample(pages: list[PageImage], election: Election) -> SealModel:
    """The committee's seal learnt from stamped blank ballots of ``election`` (scanned pages).

    Each sample must be this election's ballot (registered, its QR read) and show a seal's
    ring; otherwise ``SealSampleError`` names the page.
    """
    template = printed_ballot(election).template
    crops = []
    for page in pages:
        named = f"mẫu dấu {page.source} trang {page.page}"
        registered = register_page(page.pixels, template.layout)
        if isinstance(registered, RegistrationFailure):
            raise SealSampleError(f"{named}: {registered.detail or 'không định vị được phiếu'}")
        wrong = _check_qr(registered, template, election)
        if wrong is not None:
            raise SealSampleError(f"{named}: {wrong[1]}")
        _scores, images = score_page(page, registered, template)
        crop = seal_region(page, registered, template, normalise_light(images.gray))
        if learn_seal([crop], template.scale) is None:
            raise SealSampleError(f"{named}: không thấy vòng dấu trong vùng đóng dấu")
        crops.append(crop)
    if not crops:
        raise SealSampleError("không có trang mẫu dấu nào")
    model = learn_seal(crops, template.scale)
    assert model is not None  # every crop showed a ring
    return model


def _check_qr(
    registration: Registration, template: BallotTemplate, election: Election
) -> tuple[str, str] | None:
    parts = registration.qr_text.split("|")
    if len(parts) != 4 or parts[0] != QR_PREFIX:
        return (UNREGISTERED, "mã QR trên trang không phải mã của phiếu bầu daihoi")
    _, election_id, round_text, layout_hash = parts
    if election_id != election.id:
        return (WRONG_ELECTION, f"phiếu của cuộc bầu “{election_id}”, không phải “{election.id}”")
    if round_text != str(election.round):
        return (WRONG_ROUND, f"phiếu của vòng {round_text}, đang kiểm vòng {election.round}")
    if layout_hash != template.layout.hash:
        return (
            WRONG_ELECTION,
            "mẫu phiếu khác với mẫu in cho cuộc bầu này (danh sách hoặc bố cục đã thay đổi)",
        )
    return None


def _rejected(page: PageImage, reason: str, detail: str, rotation: int | None = None) -> PageResult:
    reading = PageReading(
        source=page.source,
        page=page.page,
        sha256=page.sha256,
        status=PageStatus.REJECTED,
        reason=reason,
        detail=detail or REASON_TEXT.get(reason),
        rotation=rotation,
    )
    return PageResult(reading, None, None)
