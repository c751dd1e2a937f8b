"""Named results files for the minutes tests, written exactly as the counting engine writes them
(formats.md plus the extension keys of docs/architecture.md)."""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from daihoi_testsupport.synth import SURNAMES

BEN_THANH_VOTES = [
    # ballot order (by given name), votes
    ("Nguyễn Văn An", 27),
    ("Trần Thị Bình", 24),
    ("Lê Hoàng Châu", 12),
    ("Phạm Minh Đức", 28),
    ("Võ Thị Hạnh", 22),
    ("Đặng Quốc Hùng", 18),
    ("Bùi Thị Lan", 20),
    ("Huỳnh Văn Phúc", 9),
    ("Ngô Thị Thu Trang", 25),
]


def percent(votes: int, base: int) -> str:
    return str((Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def ben_thanh_committee() -> dict[str, Any]:
    """Ward Bến Thành elects 7 of 9 to its executive committee; 31 delegates convened, 30 came;
    two ballots invalid. Everyone above 15 votes is elected except Lê Hoàng Châu and Huỳnh Văn
    Phúc."""
    base = 31
    ranked = sorted(BEN_THANH_VOTES, key=lambda nv: -nv[1])
    elected = [n for n, _ in ranked[:7]]
    return {
        "election": "ben-thanh-bch-2025",
        "round": 1,
        "rules": "party",
        "ballots": {
            "counted": 30,
            "valid": 28,
            "invalid": 2,
            "invalid_reasons": {"too_many_kept": 1, "none_kept": 1},
        },
        "threshold": {"base": base, "votes_needed": 16},
        "candidates": [
            {
                "name": n,
                "born": None,
                "votes": v,
                "percent": percent(v, base),
                "status": "elected" if n in elected else "not_elected",
                "elected_round": 1 if n in elected else None,
            }
            for n, v in BEN_THANH_VOTES
        ],
        "elected": elected,
        "alternates": [],
        "outcome": "complete",
        "tied": [],
        "seats_unfilled": 0,
        "title": "Bầu Ban Chấp hành Đảng bộ phường Bến Thành khóa I, nhiệm kỳ 2025–2030",
        "congress": "Đại hội đại biểu Đảng bộ phường Bến Thành lần thứ I, nhiệm kỳ 2025–2030",
        "body": "committee",
        "form": "strike",
        "seats": 7,
        "alternate_seats": 0,
        "electorate": base,
        "meeting": {
            "place": "Phường Bến Thành",
            "date": "2025-07-05",
            "present": 30,
            "absent": 1,
            "issued": 30,
            "counting_committee": [
                {"name": "Lê Văn Hùng", "role": "Trưởng ban"},
                {"name": "Trịnh Thị Ngọc Ánh", "role": "Thành viên"},
                {"name": "Đỗ Quang Khải", "role": "Thành viên"},
            ],
        },
        "rules_detail": {"threshold_base": "electorate"},
        "rounds": [{"round": 1, "elected": elected}],
    }


def ben_thanh_tie() -> dict[str, Any]:
    """Same count, but Lê Hoàng Châu has 19 and takes the sixth seat, and Bùi Thị Lan and Đặng
    Quốc Hùng both have 18 for the seventh."""
    data = ben_thanh_committee()
    for c in data["candidates"]:
        if c["name"] == "Lê Hoàng Châu":
            c["votes"], c["percent"], c["status"], c["elected_round"] = (
                19,
                percent(19, 31),
                "elected",
                1,
            )
        if c["name"] in ("Bùi Thị Lan", "Đặng Quốc Hùng"):
            c["votes"], c["percent"], c["status"], c["elected_round"] = (
                18,
                percent(18, 31),
                "tied",
                None,
            )
    data["elected"] = [n for n in data["elected"] if n not in ("Bùi Thị Lan", "Đặng Quốc Hùng")]
    data["elected"].append("Lê Hoàng Châu")
    data["tied"] = ["Đặng Quốc Hùng", "Bùi Thị Lan"]
    data["outcome"] = "tie"
    data["rounds"] = [{"round": 1, "elected": data["elected"]}]
    return data


def ben_thanh_short() -> dict[str, Any]:
    """Only five pass the line of 16: two seats stay unfilled."""
    data = ben_thanh_committee()
    for c in data["candidates"]:
        if c["name"] in ("Bùi Thị Lan", "Đặng Quốc Hùng"):
            c["votes"], c["percent"], c["status"], c["elected_round"] = (
                15,
                percent(15, 31),
                "not_elected",
                None,
            )
    data["elected"] = [n for n in data["elected"] if n not in ("Bùi Thị Lan", "Đặng Quốc Hùng")]
    data["outcome"] = "short"
    data["seats_unfilled"] = 2
    data["rounds"] = [{"round": 1, "elected": data["elected"]}]
    return data


def ben_thanh_pending() -> dict[str, Any]:
    """The scanner left three ballots for the committee to decide: nobody may be announced."""
    data = ben_thanh_committee()
    data["outcome"] = "pending_review"
    data["ballots"]["pending_review"] = 3
    data["elected"] = []
    for c in data["candidates"]:
        c["status"], c["elected_round"] = "not_elected", None
    data["rounds"] = []
    return data


def ben_thanh_round_two() -> dict[str, Any]:
    """Round 2 between the tied: Bùi Thị Lan wins the last seat 20 to 10."""
    first = ben_thanh_tie()
    data = copy.deepcopy(first)
    data["round"] = 2
    data["title"] = first["title"]
    data["seats"] = 1
    data["ballots"] = {"counted": 30, "valid": 30, "invalid": 0, "invalid_reasons": {}}
    data["candidates"] = [
        {
            "name": "Đặng Quốc Hùng",
            "born": None,
            "votes": 10,
            "percent": percent(10, 31),
            "status": "not_elected",
            "elected_round": None,
        },
        {
            "name": "Bùi Thị Lan",
            "born": None,
            "votes": 20,
            "percent": percent(20, 31),
            "status": "elected",
            "elected_round": 2,
        },
    ]
    data["elected"] = [*first["elected"], "Bùi Thị Lan"]  # everyone, earlier rounds first
    data["elected_before"] = [
        {"name": n, "round": 1, "status": "elected"} for n in first["elected"]
    ]
    data["tied"] = []
    data["outcome"] = "complete"
    data["rounds"] = [
        {"round": 1, "elected": first["elected"]},
        {"round": 2, "elected": ["Bùi Thị Lan"]},
    ]
    return data


MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Quốc", "Thanh", "Ngọc", "Đức", "Thị Kim", "Xuân"]
GIVEN = [
    "An",
    "Ánh",
    "Bảo",
    "Bình",
    "Chi",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hiếu",
    "Hòa",
    "Hương",
    "Khánh",
    "Lâm",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nghĩa",
    "Oanh",
    "Phong",
    "Phương",
    "Quân",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trâm",
    "Trung",
    "Tú",
    "Uyên",
    "Vân",
    "Việt",
    "Xuân",
    "Yến",
]


def provincial_delegates(candidates: int = 120) -> dict[str, Any]:
    """A city congress of 350 delegates elects 100 delegates and 5 alternates to the national
    congress from a list of ``candidates`` people (the table spans several pages)."""
    base = 350
    names = []
    for i in range(candidates):
        names.append(
            f"{SURNAMES[i % len(SURNAMES)]} {MIDDLES[(i // 3) % len(MIDDLES)]} "
            f"{GIVEN[(i * 7) % len(GIVEN)]}"
        )
    names = list(dict.fromkeys(names))
    votes = {n: 340 - (i * 37) % 150 for i, n in enumerate(names)}
    ranked = sorted(names, key=lambda n: -votes[n])
    above = [n for n in ranked if votes[n] >= 176]
    elected, alternates = above[:100], above[100:105]
    return {
        "election": "hcm-daibieu-2025",
        "round": 1,
        "rules": "party",
        "ballots": {
            "counted": 347,
            "valid": 345,
            "invalid": 2,
            "invalid_reasons": {"not_issued": 1, "written_in": 1},
        },
        "threshold": {"base": base, "votes_needed": 176},
        "candidates": [
            {
                "name": n,
                "born": None,
                "votes": votes[n],
                "percent": percent(votes[n], base),
                "status": "elected"
                if n in elected
                else "alternate"
                if n in alternates
                else "not_elected",
                "elected_round": 1 if n in elected or n in alternates else None,
            }
            for n in names
        ],
        "elected": elected,
        "alternates": alternates,
        "outcome": "complete",
        "tied": [],
        "seats_unfilled": 0,
        "title": "Bầu Đoàn đại biểu đi dự Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "congress": "Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh lần thứ I, nhiệm kỳ 2025–2030",
        "body": "delegates",
        "form": "strike",
        "seats": 100,
        "alternate_seats": 5,
        "electorate": base,
        "meeting": {"place": "Thành phố Hồ Chí Minh", "date": "2025-10-14"},
        "rules_detail": {"threshold_base": "electorate"},
        "rounds": [{"round": 1, "elected": elected + alternates}],
    }
