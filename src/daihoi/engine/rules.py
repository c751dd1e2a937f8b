"""Rule sets: the settings that differ between party, mass-organisation and state elections.

A rule set is data (a frozen dataclass), never code paths scattered through the tally: the base
of the "more than half" threshold, which invalid-ballot reasons apply, how a đồng ý / không đồng ý
row with both or neither box marked counts, and how many rounds may be held. An election file may
name a preset (``rules: party``) or a preset with single settings overridden
(``rules: {preset: youth_union, threshold_base: valid}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from daihoi.engine.errors import InputError, Location
from daihoi.engine.reasons import NONE_KEPT as NONE_KEPT
from daihoi.engine.reasons import NOT_ISSUED as NOT_ISSUED
from daihoi.engine.reasons import OTHER_MARKS as OTHER_MARKS
from daihoi.engine.reasons import STANDARD_REASONS, UNCLEAR_ROW
from daihoi.engine.reasons import TOO_MANY_KEPT as TOO_MANY_KEPT
from daihoi.engine.reasons import WRITTEN_IN as WRITTEN_IN
from daihoi.engine.scansettings import ScanSettings


class ThresholdBase(StrEnum):
    """What "more than half" is counted against."""

    ELECTORATE = "electorate"  # the convened electorate (party: đại biểu/đảng viên triệu tập)
    COLLECTED = "collected"  # ballots collected: valid + invalid (Youth Union, trade unions)
    VALID = "valid"  # valid ballots (state elections)


class UnclearRow(StrEnum):
    """How a row of the đồng ý / không đồng ý form with both or neither box marked counts."""

    NO_VOTE = "no_vote"  # that person gets no vote from the ballot; the ballot stays valid
    INVALID = "invalid"  # the whole ballot is invalid (reason ``unclear_row``)


@dataclass(frozen=True)
class RuleSet:
    """The settings of one election's rules (``rule_set`` builds them from a preset)."""

    name: str
    threshold_base: ThresholdBase
    invalid_reasons: tuple[str, ...] = STANDARD_REASONS
    approve_unclear_row: UnclearRow = UnclearRow.NO_VOTE
    max_rounds: int | None = None  # None: no fixed limit (the congress decides)
    scan: ScanSettings = field(default_factory=ScanSettings)

    @property
    def needs_electorate(self) -> bool:
        """True when the threshold is counted against the electorate, which the file must give."""
        return self.threshold_base is ThresholdBase.ELECTORATE

    def reason_codes(self) -> tuple[str, ...]:
        """Every invalid reason a ballot may get under these rules."""
        if (
            self.approve_unclear_row is UnclearRow.INVALID
            and UNCLEAR_ROW not in self.invalid_reasons
        ):
            return (*self.invalid_reasons, UNCLEAR_ROW)
        return self.invalid_reasons


PRESETS: dict[str, RuleSet] = {
    # Quy chế bầu cử trong Đảng (QĐ 190-QĐ/TW): more than half of the electorate, no round limit.
    "party": RuleSet(
        name="party",
        threshold_base=ThresholdBase.ELECTORATE,
        scan=ScanSettings(seal_required=True),
    ),
    # Đoàn TNCS Hồ Chí Minh: more than half of the ballots collected, at most 2 rounds.
    "youth_union": RuleSet(
        name="youth_union",
        threshold_base=ThresholdBase.COLLECTED,
        max_rounds=2,
        scan=ScanSettings(seal_required=False),
    ),
    # Công đoàn: more than half of the ballots collected.
    "trade_union": RuleSet(
        name="trade_union",
        threshold_base=ThresholdBase.COLLECTED,
        scan=ScanSettings(seal_required=False),
    ),
    # State bodies: more than half of the valid ballots.
    "state": RuleSet(
        name="state",
        threshold_base=ThresholdBase.VALID,
        scan=ScanSettings(seal_required=False),
    ),
}

# Settings an election file may override, and the key for the preset name.
OVERRIDABLE = (
    "threshold_base",
    "invalid_reasons",
    "extra_invalid_reasons",
    "approve_unclear_row",
    "max_rounds",
    "scan",
)


def rule_set(
    name: str,
    overrides: Mapping[str, Any] | None = None,
    *,
    source: str | None = None,
    field_path: str = "rules",
) -> RuleSet:
    """Return the preset ``name`` with single settings replaced by ``overrides``.

    Raises ``InputError`` (naming ``source`` and the field) for an unknown preset, an unknown
    setting or a value of the wrong kind.
    """
    preset = PRESETS.get(name) if isinstance(name, str) else None
    if preset is None:
        known = ", ".join(PRESETS)
        raise InputError(
            f"bộ quy tắc “{name}” không tồn tại (có: {known})",
            Location(file=source, field=field_path),
        )
    if not overrides:
        return preset
    changes: dict[str, Any] = {}
    extra: tuple[str, ...] = ()
    for key, value in overrides.items():
        where = Location(file=source, field=f"{field_path}.{key}")
        if key == "threshold_base":
            changes[key] = _enum(ThresholdBase, value, where)
        elif key == "approve_unclear_row":
            changes[key] = _enum(UnclearRow, value, where)
        elif key == "max_rounds":
            if value is not None and (not _is_int(value) or value < 1):
                raise InputError("số vòng bầu tối đa phải là số nguyên ≥ 1 hoặc để trống", where)
            changes[key] = value
        elif key in ("invalid_reasons", "extra_invalid_reasons"):
            codes = _reason_list(value, where)
            if key == "invalid_reasons":
                if TOO_MANY_KEPT not in codes:
                    raise InputError(
                        "không thể bỏ lý do “too_many_kept”: phiếu để lại quá số lượng cần bầu "
                        "luôn không hợp lệ",
                        where,
                    )
                changes[key] = codes
            else:
                extra = codes
        elif key == "scan":
            changes[key] = _scan_settings(preset.scan, value, where)
        else:
            allowed = ", ".join(OVERRIDABLE)
            raise InputError(f"thiết lập “{key}” không tồn tại (có: preset, {allowed})", where)
    result = replace(preset, **changes)
    if extra:
        merged = result.invalid_reasons + tuple(c for c in extra if c not in result.invalid_reasons)
        result = replace(result, invalid_reasons=merged)
    return result


def rules_detail(rules: RuleSet) -> dict[str, Any]:
    """The settings as plain JSON data (stored with every result: ``rules_detail``)."""
    return {
        "preset": rules.name,
        "threshold_base": rules.threshold_base.value,
        "invalid_reasons": list(rules.invalid_reasons),
        "approve_unclear_row": rules.approve_unclear_row.value,
        "max_rounds": rules.max_rounds,
        "scan": {f.name: getattr(rules.scan, f.name) for f in fields(rules.scan)},
    }


def rule_set_from_detail(
    name: str, detail: Mapping[str, Any] | None, *, source: str | None = None
) -> RuleSet:
    """Rebuild a rule set from ``rules_detail`` (the inverse of ``rules_detail``)."""
    if not detail:
        return rule_set(name, source=source)
    overrides = {k: v for k, v in detail.items() if k != "preset"}
    return rule_set(name, overrides, source=source, field_path="rules_detail")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _enum(kind: type[ThresholdBase] | type[UnclearRow], value: object, where: Location) -> Any:
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = ", ".join(m.value for m in kind)
    raise InputError(f"giá trị “{value}” không hợp lệ (có: {allowed})", where)


def _reason_list(value: object, where: Location) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise InputError("phải là danh sách mã lý do (chuỗi không rỗng)", where)
    return tuple(dict.fromkeys(v.strip() for v in value))


def _scan_settings(base: ScanSettings, value: object, where: Location) -> ScanSettings:
    if not isinstance(value, Mapping):
        raise InputError("phải là một bảng thiết lập quét phiếu", where)
    known = {f.name: f for f in fields(base)}
    changes: dict[str, Any] = {}
    for key, item in value.items():
        if key not in known:
            allowed = ", ".join(known)
            raise InputError(
                f"thiết lập quét “{key}” không tồn tại (có: {allowed})",
                replace(where, field=f"{where.field}.{key}"),
            )
        current = getattr(base, key)
        ok = (
            isinstance(item, bool)
            if isinstance(current, bool)
            else isinstance(item, int | float) and not isinstance(item, bool)
            if isinstance(current, int | float)
            else isinstance(item, type(current))
        )
        if not ok:
            raise InputError(
                f"giá trị “{item}” không đúng kiểu", replace(where, field=f"{where.field}.{key}")
            )
        changes[key] = float(item) if isinstance(current, float) else item
    return replace(base, **changes)
