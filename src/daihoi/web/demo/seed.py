"""A realistic demo dataset: the organisation tree, a congress season partly done, working
groups, difficulties and results, built deterministically from a seed.

``build_demo("small")`` (two provinces, about 2,000 organisations) loads in a few seconds;
``build_demo("full")`` builds 34 provinces, about 700 upper-base and 50,000 base organisations.
Rows are written with ``bulk_create`` and the tree paths are computed here, which is far faster
than treebeard's ``add_child`` one node at a time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from daihoi.vnformat import format_int
from daihoi.web.accounts.models import Profile, Role
from daihoi.web.groups.models import (
    Difficulty,
    DifficultyEvent,
    DifficultyEventKind,
    DifficultyStatus,
    GroupKind,
    WorkingGroup,
)
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import (
    Congress,
    CongressKind,
    CongressNote,
    CongressStatus,
    Season,
    SeasonDeadline,
)

DEMO_PASSWORD = "daihoi2025"


BATCH = 2000

#: The 34 provincial units (after the 2025 merger); True marks centrally-run cities.
PROVINCES: list[tuple[str, bool]] = [
    ("Hà Nội", True),
    ("Hải Phòng", True),
    ("Huế", True),
    ("Đà Nẵng", True),
    ("Cần Thơ", True),
    ("Hồ Chí Minh", True),
    ("Lai Châu", False),
    ("Điện Biên", False),
    ("Sơn La", False),
    ("Lạng Sơn", False),
    ("Quảng Ninh", False),
    ("Thanh Hóa", False),
    ("Nghệ An", False),
    ("Hà Tĩnh", False),
    ("Cao Bằng", False),
    ("Tuyên Quang", False),
    ("Lào Cai", False),
    ("Thái Nguyên", False),
    ("Phú Thọ", False),
    ("Bắc Ninh", False),
    ("Hưng Yên", False),
    ("Ninh Bình", False),
    ("Quảng Trị", False),
    ("Quảng Ngãi", False),
    ("Gia Lai", False),
    ("Khánh Hòa", False),
    ("Lâm Đồng", False),
    ("Đắk Lắk", False),
    ("Đồng Nai", False),
    ("Tây Ninh", False),
    ("Vĩnh Long", False),
    ("Đồng Tháp", False),
    ("Cà Mau", False),
    ("An Giang", False),
]

FIRST = [
    "An",
    "Bình",
    "Cẩm",
    "Đông",
    "Đức",
    "Gia",
    "Hòa",
    "Hưng",
    "Hồng",
    "Kim",
    "Lạc",
    "Long",
    "Minh",
    "Nam",
    "Ngọc",
    "Phú",
    "Phúc",
    "Phước",
    "Quang",
    "Quảng",
    "Sơn",
    "Tân",
    "Thạch",
    "Thanh",
    "Thái",
    "Thuận",
    "Tiên",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Hải",
    "Lương",
    "Mỹ",
    "Nghĩa",
    "Bảo",
    "Chí",
    "Diễn",
    "Hoài",
    "Kỳ",
]
SECOND = [
    "An",
    "Bình",
    "Châu",
    "Đạt",
    "Điền",
    "Giang",
    "Hà",
    "Hải",
    "Hiệp",
    "Hòa",
    "Hưng",
    "Khánh",
    "Lâm",
    "Lộc",
    "Lợi",
    "Linh",
    "Mỹ",
    "Nghĩa",
    "Ninh",
    "Phong",
    "Phú",
    "Quý",
    "Sơn",
    "Tân",
    "Thành",
    "Thịnh",
    "Thọ",
    "Thủy",
    "Tiến",
    "Trạch",
    "Trung",
    "Tường",
    "Vân",
    "Xá",
    "Yên",
    "Lạc",
    "Định",
    "Dương",
    "Đông",
    "Hậu",
]
SPECIAL_UPPER = [
    ("Đảng bộ Khối các cơ quan", "Đảng bộ khối"),
    ("Đảng bộ Khối doanh nghiệp", "Đảng bộ khối"),
    ("Đảng bộ Quân sự", "Đảng bộ quân sự"),
    ("Đảng bộ Công an", "Đảng bộ công an"),
]
AGENCIES = [
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng Hội đồng nhân dân tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Thuế tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Ngân hàng Chính sách xã hội tỉnh",
    "Báo và Phát thanh, Truyền hình",
    "Trường Chính trị tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Cao đẳng Y tế",
]
COMPANIES = [
    "Công ty cổ phần Cấp nước",
    "Công ty cổ phần Môi trường đô thị",
    "Công ty Điện lực",
    "Công ty TNHH MTV Xổ số kiến thiết",
    "Công ty cổ phần Xây dựng giao thông",
    "Công ty cổ phần Dược phẩm",
    "Công ty TNHH MTV Thủy lợi",
    "Viễn thông",
    "Bưu điện tỉnh",
    "Công ty cổ phần Vận tải",
    "Công ty cổ phần Du lịch",
    "Công ty cổ phần Xi măng",
]
BASE_PATTERNS = [
    ("Đảng bộ xã {p}", "Đảng bộ cơ sở", 8),
    ("Đảng bộ phường {p}", "Đảng bộ cơ sở", 4),
    ("Chi bộ trường THCS {p}", "Chi bộ cơ sở", 4),
    ("Chi bộ trường Tiểu học {p}", "Chi bộ cơ sở", 4),
    ("Chi bộ trường Mầm non {p}", "Chi bộ cơ sở", 2),
    ("Chi bộ trường THPT {p}", "Chi bộ cơ sở", 1),
    ("Chi bộ Trạm Y tế {p}", "Chi bộ cơ sở", 1),
    ("Chi bộ Hợp tác xã nông nghiệp {p}", "Chi bộ cơ sở", 1),
    ("Đảng bộ Công an xã {p}", "Đảng bộ cơ sở", 1),
    ("Chi bộ Ban Chỉ huy quân sự xã {p}", "Chi bộ cơ sở", 1),
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Phan",
    "Võ",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]
POSTPONE_REASONS = [
    "Chờ kiện toàn nhân sự bí thư theo chỉ đạo của cấp trên",
    "Sáp nhập đơn vị hành chính, chờ quyết định thành lập đảng bộ mới",
    "Ảnh hưởng của mưa lũ, chưa bảo đảm điều kiện tổ chức",
    "Đang giải quyết đơn thư liên quan đến nhân sự",
]
DIFFICULTY_TOPICS = [
    (
        "Cơ cấu cấp ủy chưa bảo đảm tỷ lệ nữ",
        "Đơn vị chưa giới thiệu đủ nhân sự nữ theo chỉ tiêu 15%, đề nghị hướng dẫn.",
    ),
    (
        "Bầu trực tiếp bí thư khi chỉ có một ứng cử viên",
        "Đề nghị hướng dẫn mẫu phiếu bầu và cách tính tỷ lệ khi chỉ có một người.",
    ),
    (
        "Số dư trong danh sách bầu cử",
        "Ban chấp hành 5 người thì danh sách được dư tối đa bao nhiêu người?",
    ),
    (
        "Đảng viên đi làm ăn xa không dự đại hội",
        "Có tính vào tổng số đảng viên được triệu tập không?",
    ),
    (
        "Nhân sự tái cử không đủ tuổi công tác",
        "Đồng chí còn 40 tháng công tác có được tái cử không?",
    ),
    ("Báo cáo chính trị quá dài", "Đề nghị cho ý kiến khung báo cáo chính trị rút gọn."),
    ("Sáp nhập chi bộ trước đại hội", "Hai chi bộ sáp nhập thì tổ chức đại hội chung hay riêng?"),
    (
        "Phần mềm kiểm phiếu",
        "Đề nghị hỗ trợ cài đặt phần mềm kiểm phiếu và tập huấn cho tổ kiểm phiếu.",
    ),
]
GUIDANCE = [
    "Thực hiện theo Hướng dẫn của Ban Tổ chức Trung ương; tổ công tác sẽ làm việc trực tiếp với đơn vị.",
    "Căn cứ Quy chế bầu cử trong Đảng, số dư không quá 30% so với số lượng được bầu; cấp ủy 3–5 người dư 1.",
    "Đề nghị đơn vị bổ sung nhân sự trong quy hoạch, báo cáo lại trước ngày đại hội.",
    "Đồng ý; đơn vị gửi dự thảo về văn phòng để góp ý trước 7 ngày.",
]
LESSONS = [
    "Chuẩn bị kỹ kịch bản, có phương án dự phòng khi kiểm phiếu kéo dài.",
    "Cần tập huấn kỹ cách gạch tên trên phiếu bầu; có phiếu không hợp lệ do ghi thêm tên.",
    "Báo cáo chính trị nên ngắn gọn, tập trung vào khâu đột phá.",
    "Kiểm phiếu bằng máy nhanh hơn, nhưng phải chuẩn bị máy dự phòng.",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    unit: str


@dataclass(frozen=True)
class DemoSummary:
    """What ``build_demo`` made, for ``daihoi web serve`` and ``seed_demo`` to print."""

    scale: str
    organisations: int
    congresses: int
    held: int
    difficulties: int
    working_groups: int
    season: str
    users: list[DemoUser] = field(default_factory=list)
    password: str = DEMO_PASSWORD

    def lines(self) -> list[str]:
        out = [
            f"Dữ liệu mẫu ({self.scale}): {format_int(self.organisations)} tổ chức, "
            f"{format_int(self.congresses)} đại hội ({format_int(self.held)} đã tổ chức), "
            f"{format_int(self.working_groups)} tổ công tác, "
            f"{format_int(self.difficulties)} vướng mắc.",
            f"Đợt: {self.season}",
            f"Tài khoản mẫu (mật khẩu {self.password}):",
        ]
        out += [f"  {u.username:<10} {u.role} — {u.unit}" for u in self.users]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass
class _Node:
    path: str
    depth: int
    code: str
    name: str
    level: int
    kind: str
    members: int = 0
    numchild: int = 0
    parent: _Node | None = None
    pk: int | None = None


def _place_names(rng: random.Random, count: int) -> list[str]:
    combos = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(combos)
    if count <= len(combos):
        return combos[:count]
    return [f"{combos[i % len(combos)]} {i // len(combos) + 1}" for i in range(count)]


def _person(rng: random.Random) -> tuple[str, str]:
    """(last name, first names) in the order Django stores them."""
    return rng.choice(SURNAMES), f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


class _TreeBuilder:
    def __init__(self, root_path: str) -> None:
        self.nodes: list[_Node] = []
        self.root_path = root_path

    def add(
        self, parent: _Node | None, code: str, name: str, level: int, kind: str, members: int = 0
    ) -> _Node:
        if parent is None:
            path, depth = self.root_path, 1
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = Organisation._get_path(parent.path, depth, parent.numchild)
        node = _Node(path, depth, code, name, level, kind, members, parent=parent)
        self.nodes.append(node)
        return node


def _shape(scale: str) -> tuple[int, int, int]:
    """(provinces, upper-base organisations in all, base organisations in all)."""
    if scale == "full":
        return len(PROVINCES), 700, 50_000
    if scale == "small":
        return 2, 28, 1_960
    raise ValueError(f"Quy mô dữ liệu mẫu không hợp lệ: {scale!r} (chọn 'small' hoặc 'full').")


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` uneven positive shares (deterministic for ``rng``)."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _build_tree(rng: random.Random, scale: str) -> tuple[_TreeBuilder, list[_Node]]:
    n_prov, n_upper, n_base = _shape(scale)
    last_root = Organisation.objects.get_last_root_node()
    root_index = (Organisation._str2int(last_root.path) + 1) if last_root else 1
    builder = _TreeBuilder(Organisation._get_path(None, 1, root_index))
    central = builder.add(None, "TW", "Trung ương", Level.CENTRAL, "Trung ương")
    # The small slice takes Hà Nội and Ninh Bình; the full one every province.
    chosen = [PROVINCES[0], PROVINCES[21]] if scale == "small" else PROVINCES[:n_prov]
    uppers_per = _split(n_upper, len(chosen), rng)
    provinces = []
    for p_index, ((pname, is_city), n_up) in enumerate(zip(chosen, uppers_per, strict=True), 1):
        prefix = "thành phố" if is_city else "tỉnh"
        province = builder.add(
            central,
            f"{p_index:02d}",
            f"Đảng bộ {prefix} {pname}",
            Level.PROVINCE,
            "Đảng bộ tỉnh",
        )
        provinces.append(province)
        bases_per = _split(round(n_base * n_up / n_upper), n_up, rng)
        places = _place_names(rng, n_up)
        for u_index, n_b in enumerate(bases_per, 1):
            code = f"{p_index:02d}-{u_index:03d}"
            if u_index <= len(SPECIAL_UPPER):
                uname, ukind = SPECIAL_UPPER[u_index - 1]
                upper = builder.add(
                    province, code, f"{uname} {prefix} {pname}", Level.UPPER_BASE, ukind
                )
                names = [(f"Chi bộ {a}", "Chi bộ cơ sở") for a in AGENCIES + COMPANIES]
            else:
                place = places[u_index - 1]
                word = rng.choice(["huyện", "huyện", "huyện", "thị xã", "thành phố"])
                upper = builder.add(
                    province, code, f"Đảng bộ {word} {place}", Level.UPPER_BASE, f"Đảng bộ {word}"
                )
                names = []
            base_places = _place_names(rng, n_b)
            for b_index in range(1, n_b + 1):
                if b_index <= len(names):
                    bname, bkind = names[b_index - 1]
                else:
                    pattern, bkind, _w = rng.choices(
                        BASE_PATTERNS, weights=[p[2] for p in BASE_PATTERNS]
                    )[0]
                    bname = pattern.format(p=base_places[b_index - 1])
                members = rng.randint(60, 450) if bkind == "Đảng bộ cơ sở" else rng.randint(9, 55)
                builder.add(upper, f"{code}-{b_index:04d}", bname, Level.BASE, bkind, members)
    for node in reversed(builder.nodes):
        if node.parent is not None:
            node.parent.members += node.members
    return builder, provinces


def _write_tree(builder: _TreeBuilder) -> None:
    Organisation.objects.bulk_create(
        [
            Organisation(
                path=n.path,
                depth=n.depth,
                numchild=n.numchild,
                code=n.code,
                name=n.name,
                level=n.level,
                kind=n.kind,
                members=n.members,
            )
            for n in builder.nodes
        ],
        batch_size=BATCH,
    )
    ids = dict(
        Organisation.objects.filter(path__startswith=builder.root_path).values_list("path", "id")
    )
    for node in builder.nodes:
        node.pk = ids[node.path]


def _results(rng: random.Random, congress: Congress, level: int, members: int) -> None:
    if level == Level.BASE:
        size = (
            3
            if members < 20
            else rng.choice([5, 5, 7, 7, 9])
            if members < 150
            else rng.choice([9, 11, 13, 15])
        )
    elif level == Level.UPPER_BASE:
        size = rng.randint(25, 45)
    else:
        size = rng.randint(45, 65)
    congress.committee_size = size
    congress.women = sum(rng.random() < 0.24 for _ in range(size))
    congress.under_40 = sum(rng.random() < 0.15 for _ in range(size))
    congress.new_members = sum(rng.random() < 0.36 for _ in range(size))
    if congress.direct_secretary and rng.random() < 0.96:
        congress.secretary_elected_directly = True
        congress.secretary_vote_percent = Decimal(rng.randint(8200, 10000)) / 100
    congress.delegates_official = max(1, members // 40) if level != Level.PROVINCE else 0
    congress.delegates_alternate = rng.choice([0, 0, 1, 1, 2])


def _congresses(
    rng: random.Random,
    season: Season,
    builder: _TreeBuilder,
    today: date,
    deadlines: dict[int, date],
) -> list[Congress]:
    start = season.starts_on or today - timedelta(days=150)
    out = []
    province_rate: dict[str, float] = {}
    for node in builder.nodes:
        if node.level == Level.CENTRAL:
            continue
        province = (
            node
            if node.level == Level.PROVINCE
            else (
                node.parent if node.level == Level.UPPER_BASE else node.parent.parent  # type: ignore[union-attr]
            )
        )
        assert province is not None
        rate = province_rate.setdefault(province.path, rng.uniform(0.60, 0.95))
        if node.level == Level.UPPER_BASE:
            rate = rate * 0.25  # upper-base congresses follow once their bases are done
        elif node.level == Level.PROVINCE:
            rate = 0.0
        deadline = deadlines[node.level]
        members = node.members
        kind = (
            CongressKind.MEMBERS
            if node.level == Level.BASE and members < 300
            else (CongressKind.DELEGATES)
        )
        c = Congress(
            season=season,
            organisation_id=node.pk,
            kind=kind,
            is_pilot=node.level != Level.PROVINCE and rng.random() < 0.015,
            direct_secretary=node.level == Level.BASE and rng.random() < 0.7,
        )
        convened = (
            members
            if kind == CongressKind.MEMBERS
            else max(50, min(members // 5, 350 if node.level == Level.PROVINCE else 250))
        )
        c.convened = convened
        r = rng.random()
        if r < rate or (c.is_pilot and node.level == Level.BASE):
            c.status = CongressStatus.HELD
            span = max(1, (today - start).days - 1)
            offset = int(span * (rng.random() ** 0.6)) if not c.is_pilot else rng.randint(0, 20)
            c.held_date = start + timedelta(days=min(span, offset))
            c.planned_date = c.held_date
            c.present = convened - rng.randint(0, max(1, convened // 12))
            _results(rng, c, node.level, members)
        else:
            rest = rng.random()
            if rest < 0.04:
                c.status = CongressStatus.POSTPONED
                c.postponed_reason = rng.choice(POSTPONE_REASONS)
                c.planned_date = today - timedelta(days=rng.randint(3, 40))
            elif rest < 0.09:
                c.status = CongressStatus.NOT_PLANNED
            else:
                if rest < 0.16:
                    planned = today - timedelta(days=rng.randint(1, 20))  # overdue
                else:
                    window = max(1, (deadline - today).days + 12)
                    planned = today + timedelta(days=rng.randint(0, window))
                c.planned_date = planned
                c.status = (
                    CongressStatus.PREPARING
                    if planned <= today + timedelta(days=14)
                    else CongressStatus.PLANNED
                )
        out.append(c)
    return out


def _users(
    rng: random.Random,
    builder: _TreeBuilder,
    provinces: list[_Node],
) -> dict[str, Any]:
    User = get_user_model()
    central = builder.nodes[0]
    hanoi = provinces[0]
    upper = next(n for n in builder.nodes if n.parent is hanoi and n.kind.startswith("Đảng bộ h"))
    base = next(n for n in builder.nodes if n.parent is upper)
    hashed = make_password(DEMO_PASSWORD)
    plan = [
        ("vanphong", "Văn phòng Trung ương", central, Role.OFFICE),
        ("hanoi", "Ban Tổ chức " + hanoi.name.replace("Đảng bộ ", ""), hanoi, Role.OFFICE),
        (
            "tocongtac",
            "Tổ công tác — " + hanoi.name.replace("Đảng bộ ", ""),
            hanoi,
            Role.WORKING_GROUP,
        ),
        ("bithu", "Bí thư " + base.name, base, Role.SECRETARY),
        ("xem", "Người xem — " + hanoi.name.replace("Đảng bộ ", ""), hanoi, Role.VIEWER),
    ]
    made: dict[str, Any] = {"upper": upper, "base": base}
    summary = []
    for username, display, unit, role in plan:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Vietnamese names read whole, family name first: kept in first_name alone so that
            # get_full_name() prints them as written.
            user = User(username=username, first_name=display, password=hashed, is_staff=False)
            user.save()
            Profile.objects.create(user=user, unit_id=unit.pk, role=role)
        made[username] = user
        summary.append(DemoUser(username, str(Role(role).label), unit.name))
    made["summary"] = summary
    return made


def _groups(
    rng: random.Random,
    season: Season,
    builder: _TreeBuilder,
    provinces: list[_Node],
    demo: dict[str, Any],
) -> tuple[list[WorkingGroup], dict[str, WorkingGroup]]:
    """16 working groups and 2 inspection teams per province, each following some
    upper-base units; returns the groups and the working group of each upper-base path."""
    User = get_user_model()
    uppers_of: dict[str, list[_Node]] = {p.path: [] for p in provinces}
    for node in builder.nodes:
        if node.level == Level.UPPER_BASE and node.parent is not None:
            uppers_of[node.parent.path].append(node)
    groups: list[WorkingGroup] = []
    plans: list[tuple[WorkingGroup, list[_Node], int]] = []
    people: list[Any] = []
    for province in provinces:
        uppers = uppers_of[province.path]
        n_groups = min(16, len(uppers))
        for g in range(n_groups):
            assigned = uppers[g::n_groups]
            group = WorkingGroup(
                season=season,
                organisation_id=province.pk,
                kind=GroupKind.WORKING_GROUP,
                name=f"Tổ công tác số {g + 1} — {province.name.replace('Đảng bộ ', '')}",
            )
            plans.append((group, assigned, 3))
        for t in range(2):
            group = WorkingGroup(
                season=season,
                organisation_id=province.pk,
                kind=GroupKind.INSPECTION,
                name=f"Đoàn kiểm tra số {t + 1} — {province.name.replace('Đảng bộ ', '')}",
            )
            plans.append((group, uppers[t::4][:3], 3))
    for index, (group, _assigned, n_people) in enumerate(plans):
        for k in range(n_people):
            last, first = _person(rng)
            people.append(
                User(
                    username=f"tct{index + 1:04d}-{k + 1}",
                    first_name=f"{last} {first}",
                    password="!",
                )
            )  # not usable
        groups.append(group)
    User.objects.bulk_create(people, batch_size=BATCH)
    users = dict(User.objects.filter(username__startswith="tct").values_list("username", "id"))
    province_of_group = {id(g): g.organisation_id for g, _a, _n in plans}
    WorkingGroup.objects.bulk_create(groups, batch_size=BATCH)
    saved = list(WorkingGroup.objects.filter(season=season).order_by("id"))
    member_links = []
    assigned_links = []
    profiles = []
    group_of_upper: dict[str, WorkingGroup] = {}
    for index, (group, (_g, assigned, n_people)) in enumerate(zip(saved, plans, strict=True)):
        ids = [users[f"tct{index + 1:04d}-{k + 1}"] for k in range(n_people)]
        group.leader_id = ids[0]
        for uid in ids:
            member_links.append(WorkingGroup.members.through(workinggroup_id=group.pk, user_id=uid))
            profiles.append(
                Profile(user_id=uid, unit_id=province_of_group[id(_g)], role=Role.WORKING_GROUP)
            )
        for node in assigned:
            assigned_links.append(
                WorkingGroup.assigned.through(workinggroup_id=group.pk, organisation_id=node.pk)
            )
            if group.kind == GroupKind.WORKING_GROUP:
                group_of_upper[node.path] = group
    WorkingGroup.objects.bulk_update(saved, ["leader"], batch_size=BATCH)
    Profile.objects.bulk_create(profiles, batch_size=BATCH)
    # The demo working-group member sits in the group that follows the demo secretary's unit.
    demo_group = group_of_upper[demo["upper"].path]
    member_links.append(
        WorkingGroup.members.through(workinggroup_id=demo_group.pk, user_id=demo["tocongtac"].pk)
    )
    WorkingGroup.members.through.objects.bulk_create(member_links, batch_size=BATCH)
    WorkingGroup.assigned.through.objects.bulk_create(assigned_links, batch_size=BATCH)
    return saved, group_of_upper


def _difficulties(
    rng: random.Random,
    season: Season,
    builder: _TreeBuilder,
    group_of_upper: dict[str, WorkingGroup],
    today: date,
    demo: dict[str, Any],
) -> list[Difficulty]:
    bases = [n for n in builder.nodes if n.level == Level.BASE]
    chosen = [n for n in bases if rng.random() < 0.025]
    if demo["base"] not in chosen:
        chosen.insert(0, demo["base"])
    items: list[tuple[Difficulty, list[tuple[str, str, str]]]] = []
    for node in chosen:
        title, body = rng.choice(DIFFICULTY_TOPICS)
        r = rng.random() if node is not demo["base"] else 0.0
        group = group_of_upper.get(node.parent.path) if node.parent else None
        history = [(DifficultyEventKind.REPORTED, body, DifficultyStatus.OPEN)]
        if r < 0.3:
            status = DifficultyStatus.OPEN
            due = today + timedelta(days=rng.randint(-10, 10))
        elif r < 0.75:
            status = DifficultyStatus.ANSWERED
            due = today - timedelta(days=rng.randint(0, 30))
            history.append((DifficultyEventKind.ANSWERED, rng.choice(GUIDANCE), status))
        else:
            status = DifficultyStatus.CLOSED
            due = today - timedelta(days=rng.randint(5, 60))
            history.append(
                (DifficultyEventKind.ANSWERED, rng.choice(GUIDANCE), DifficultyStatus.ANSWERED)
            )
            history.append(
                (DifficultyEventKind.CLOSED, "Đơn vị đã thực hiện theo hướng dẫn.", status)
            )
        if node is demo["base"]:
            due = today + timedelta(days=5)
        items.append(
            (
                Difficulty(
                    season=season,
                    organisation_id=node.pk,
                    title=title,
                    body=body,
                    status=status,
                    due_date=due,
                    working_group=group,
                ),
                history,
            )
        )
    Difficulty.objects.bulk_create([d for d, _h in items], batch_size=BATCH)
    saved = list(Difficulty.objects.filter(season=season).order_by("id"))
    events = []
    for difficulty, (_d, history) in zip(saved, items, strict=True):
        for kind, text, after in history:
            events.append(
                DifficultyEvent(
                    difficulty_id=difficulty.pk, kind=kind, text=text, status_after=after
                )
            )
    DifficultyEvent.objects.bulk_create(events, batch_size=BATCH)
    return saved


@transaction.atomic
def build_demo(scale: str = "small", seed: int = 2025, today: date | None = None) -> DemoSummary:
    """Build the demo dataset ("small" or "full") deterministically from ``seed``.

    ``today`` anchors the season (held dates before it, planned dates after); it defaults to
    the current date so that a fresh demo always looks like a season in progress.
    """
    if Organisation.objects.filter(code="TW").exists():
        raise ValueError("Cơ sở dữ liệu đã có tổ chức mã TW: dữ liệu mẫu chỉ nạp vào CSDL trống.")
    today = today or date.today()
    rng = random.Random(f"{seed}-{scale}")
    builder, provinces = _build_tree(rng, scale)
    _write_tree(builder)
    central = builder.nodes[0]
    term_start = (today + timedelta(days=200)).year
    season = Season.objects.create(
        organisation_id=central.pk,
        name="Đại hội đảng bộ các cấp tiến tới Đại hội toàn quốc",
        term_start=term_start,
        term_end=term_start + 5,
        directive="Chỉ thị số 45-CT/TW của Bộ Chính trị",
        starts_on=today - timedelta(days=150),
    )
    deadlines = {
        Level.BASE: today + timedelta(days=40),
        Level.UPPER_BASE: today + timedelta(days=100),
        Level.PROVINCE: today + timedelta(days=160),
    }
    SeasonDeadline.objects.bulk_create(
        [SeasonDeadline(season=season, level=lv, due_on=d) for lv, d in deadlines.items()]
    )
    congresses = _congresses(rng, season, builder, today, deadlines)
    demo = _users(rng, builder, provinces)
    # The demo secretary's congress is still to come, so they have something to prepare.
    for c in congresses:
        if c.organisation_id == demo["base"].pk and c.status == CongressStatus.HELD:
            c.status, c.held_date = CongressStatus.PREPARING, None
            c.planned_date = today + timedelta(days=9)
            c.secretary_elected_directly, c.secretary_vote_percent = False, None
            c.committee_size = c.women = c.under_40 = c.new_members = c.present = None
            c.delegates_official = c.delegates_alternate = None
    Congress.objects.bulk_create(congresses, batch_size=BATCH)
    pilots = list(
        Congress.objects.filter(season=season, is_pilot=True, status=CongressStatus.HELD).order_by(
            "id"
        )[:200]
    )
    CongressNote.objects.bulk_create(
        [
            CongressNote(congress=c, author=demo["vanphong"], text=rng.choice(LESSONS))
            for c in pilots
        ],
        batch_size=BATCH,
    )
    groups, group_of_upper = _groups(rng, season, builder, provinces, demo)
    difficulties = _difficulties(rng, season, builder, group_of_upper, today, demo)
    return DemoSummary(
        scale=scale,
        organisations=len(builder.nodes),
        congresses=len(congresses),
        held=sum(1 for c in congresses if c.status == CongressStatus.HELD),
        difficulties=len(difficulties),
        working_groups=len(groups),
        season=str(season),
        users=demo["summary"],
    )
