"""The people and the organisation tree every web test is told in terms of.

- ``alice`` is office staff (cán bộ văn phòng) of the province Hà Nam.
- ``bob`` is office staff of the province Ninh Bình. Alice and Bob must never see each other's units.
- ``charlie`` is a viewer of the city Phủ Lý under Hà Nam: sees Phủ Lý's subtree, changes nothing.
- ``sam`` is a superuser and sees everything.

``tree`` builds this tree (codes in brackets)::

    Trung ương [TW]
    ├── Đảng bộ tỉnh Hà Nam [HNA]                       ← alice
    │   ├── Đảng bộ thành phố Phủ Lý [HNA-PL]           ← charlie
    │   │   ├── Đảng bộ phường Minh Khai [HNA-PL-01]
    │   │   │   └── Chi bộ tổ dân phố số 1 [HNA-PL-01-01]
    │   │   └── Chi bộ Trường THPT chuyên Biên Hòa [HNA-PL-02]
    │   └── Đảng bộ thị xã Duy Tiên [HNA-DT]
    │       └── Đảng bộ phường Hòa Mạc [HNA-DT-01]
    └── Đảng bộ tỉnh Ninh Bình [NBI]                    ← bob
        └── Đảng bộ thành phố Hoa Lư [NBI-HL]
            └── Đảng bộ phường Đông Thành [NBI-HL-01]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from daihoi.web.accounts.models import Profile, Role
from daihoi.web.orgs.models import Level, Organisation

PASSWORD = "mat-khau-thu-123"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashers are slow on purpose; tests check logic, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class Tree:
    central: Organisation
    ha_nam: Organisation
    phu_ly: Organisation
    minh_khai: Organisation
    minh_khai_cell: Organisation
    bien_hoa_school: Organisation
    duy_tien: Organisation
    hoa_mac: Organisation
    ninh_binh: Organisation
    hoa_lu: Organisation
    dong_thanh: Organisation

    def all(self) -> list[Organisation]:
        return [getattr(self, name) for name in self.__dataclass_fields__]


def _child(
    parent: Organisation, code: str, name: str, level: Level, kind: str, members: int
) -> Organisation:
    node: Organisation = Organisation.objects.add_child(
        parent, {"code": code, "name": name, "level": level, "kind": kind, "members": members}
    )
    return node


@pytest.fixture
def tree(db: None) -> Tree:
    central = Organisation.objects.add_root(
        {
            "code": "TW",
            "name": "Trung ương",
            "level": Level.CENTRAL,
            "kind": "Trung ương",
            "members": 0,
        }
    )
    ha_nam = _child(central, "HNA", "Đảng bộ tỉnh Hà Nam", Level.PROVINCE, "Đảng bộ tỉnh", 62000)
    phu_ly = _child(
        ha_nam, "HNA-PL", "Đảng bộ thành phố Phủ Lý", Level.UPPER_BASE, "Đảng bộ thành phố", 9800
    )
    minh_khai = _child(
        phu_ly, "HNA-PL-01", "Đảng bộ phường Minh Khai", Level.BASE, "Đảng bộ cơ sở", 412
    )
    minh_khai_cell = _child(
        minh_khai, "HNA-PL-01-01", "Chi bộ tổ dân phố số 1", Level.CELL, "Chi bộ trực thuộc", 35
    )
    bien_hoa = _child(
        phu_ly, "HNA-PL-02", "Chi bộ Trường THPT chuyên Biên Hòa", Level.BASE, "Chi bộ cơ sở", 48
    )
    duy_tien = _child(
        ha_nam, "HNA-DT", "Đảng bộ thị xã Duy Tiên", Level.UPPER_BASE, "Đảng bộ thị xã", 7300
    )
    hoa_mac = _child(
        duy_tien, "HNA-DT-01", "Đảng bộ phường Hòa Mạc", Level.BASE, "Đảng bộ cơ sở", 388
    )
    ninh_binh = _child(
        central, "NBI", "Đảng bộ tỉnh Ninh Bình", Level.PROVINCE, "Đảng bộ tỉnh", 71000
    )
    hoa_lu = _child(
        ninh_binh,
        "NBI-HL",
        "Đảng bộ thành phố Hoa Lư",
        Level.UPPER_BASE,
        "Đảng bộ thành phố",
        11200,
    )
    dong_thanh = _child(
        hoa_lu, "NBI-HL-01", "Đảng bộ phường Đông Thành", Level.BASE, "Đảng bộ cơ sở", 506
    )
    for node in (
        central,
        ha_nam,
        phu_ly,
        minh_khai,
        minh_khai_cell,
        bien_hoa,
        duy_tien,
        hoa_mac,
        ninh_binh,
        hoa_lu,
        dong_thanh,
    ):
        node.refresh_from_db()
    return Tree(
        central=central,
        ha_nam=ha_nam,
        phu_ly=phu_ly,
        minh_khai=minh_khai,
        minh_khai_cell=minh_khai_cell,
        bien_hoa_school=bien_hoa,
        duy_tien=duy_tien,
        hoa_mac=hoa_mac,
        ninh_binh=ninh_binh,
        hoa_lu=hoa_lu,
        dong_thanh=dong_thanh,
    )


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """``make_user("dave", unit, Role.SECRETARY)`` → a user with that profile and ``PASSWORD``."""

    def make(
        username: str,
        unit: Organisation | None,
        role: Role = Role.VIEWER,
        *,
        superuser: bool = False,
    ) -> User:
        if superuser:
            user = User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
        else:
            user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        if unit is not None:
            Profile.objects.create(user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def alice(tree: Tree, make_user: MakeUser) -> User:
    return make_user("alice", tree.ha_nam, Role.OFFICE)


@pytest.fixture
def bob(tree: Tree, make_user: MakeUser) -> User:
    return make_user("bob", tree.ninh_binh, Role.OFFICE)


@pytest.fixture
def charlie(tree: Tree, make_user: MakeUser) -> User:
    return make_user("charlie", tree.phu_ly, Role.VIEWER)


@pytest.fixture
def sam(tree: Tree, make_user: MakeUser) -> User:
    return make_user("sam", None, superuser=True)


@pytest.fixture
def client_of(db: None) -> Callable[[User], Client]:
    """``client_of(alice)`` → a test client logged in as Alice (no password round trip)."""

    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make
