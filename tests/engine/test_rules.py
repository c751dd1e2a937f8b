"""Rule sets are data: presets and single overrides."""

import pytest

from daihoi.engine.errors import InputError
from daihoi.engine.rules import (
    PRESETS,
    ThresholdBase,
    rule_set,
    rule_set_from_detail,
    rules_detail,
)


def test_the_presets_differ_in_base_and_rounds():
    assert rule_set("party").threshold_base is ThresholdBase.ELECTORATE
    assert rule_set("party").max_rounds is None
    assert rule_set("youth_union").threshold_base is ThresholdBase.COLLECTED
    assert rule_set("youth_union").max_rounds == 2
    assert rule_set("trade_union").threshold_base is ThresholdBase.COLLECTED
    assert rule_set("state").threshold_base is ThresholdBase.VALID


def test_only_the_party_requires_the_seal_on_scanned_ballots():
    assert {name: r.scan.seal_required for name, r in PRESETS.items()} == {
        "party": True,
        "youth_union": False,
        "trade_union": False,
        "state": False,
    }


def test_extra_invalid_reasons_are_added():
    rules = rule_set("trade_union", {"extra_invalid_reasons": ["torn"]})
    assert rules.invalid_reasons[-1] == "torn"
    assert "too_many_kept" in rules.invalid_reasons


def test_too_many_kept_cannot_be_removed():
    with pytest.raises(InputError) as caught:
        rule_set("party", {"invalid_reasons": ["not_issued"]}, source="e.yaml")
    assert caught.value.location.field == "rules.invalid_reasons"


def test_a_round_limit_must_be_positive():
    with pytest.raises(InputError):
        rule_set("party", {"max_rounds": 0})
    assert rule_set("party", {"max_rounds": 3}).max_rounds == 3


def test_scan_settings_can_be_overridden_one_by_one():
    rules = rule_set("party", {"scan": {"struck_min": 0.5}})
    assert rules.scan.struck_min == 0.5
    assert rules.scan.seal_required is True
    with pytest.raises(InputError) as caught:
        rule_set("party", {"scan": {"blur": 2}})
    assert caught.value.location.field == "rules.scan.blur"


def test_rules_detail_round_trips():
    rules = rule_set("youth_union", {"threshold_base": "valid", "extra_invalid_reasons": ["torn"]})
    assert rule_set_from_detail("youth_union", rules_detail(rules)) == rules
