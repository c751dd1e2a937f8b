"""Minh Khai's congress on the central server (Alice, office of Hà Nam, exports its package)
and a hall station that receives it. In these tests the station is the same database: after
the export, the central congress is taken away (``as_station``) so that the import makes it
again, under another primary key, as a station's own database would."""

from __future__ import annotations

import io
import zipfile

import pytest

from daihoi.web.elections.models import Election, Panel, PanelMember, PanelRole
from daihoi.web.season.models import Congress, Season
from tests.web.elections.conftest import NAMES, congress, election  # noqa: F401  (fixtures)


@pytest.fixture
def prepared(election):  # type: ignore[no-untyped-def]
    """The congress with its committee election, a secretary election and its panels."""
    from daihoi.web.elections.models import Candidate

    row = Election.objects.create(
        congress=election.congress,
        slug="bithu",
        title="Bầu Bí thư",
        body="secretary",
        seats=1,
        rules="party",
        electorate=31,
    )
    Candidate.objects.create(election=row, name="Nguyễn Văn An", born=1975)
    for i, (panel, role, name) in enumerate(
        [
            (Panel.COUNTING, PanelRole.HEAD, "Nguyễn Thị Hạnh"),
            (Panel.COUNTING, PanelRole.MEMBER, "Trần Văn Minh"),
            (Panel.PRESIDIUM, PanelRole.CHAIR, "Đỗ Thị Phương"),
            (Panel.SECRETARIAT, PanelRole.MEMBER, "Lê Thị Thu"),
        ]
    ):
        PanelMember.objects.create(
            congress=election.congress, panel=panel, role=role, name=name, order=i
        )
    return election.congress


def export(client, congress) -> bytes:  # type: ignore[no-untyped-def]
    response = client.post(f"/packages/congress/{congress.pk}/package.zip")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    data = response.content
    zipfile.ZipFile(io.BytesIO(data)).testzip()
    return data


def as_station() -> None:
    """Forget the central congress (the station's database never had it)."""
    for row in Election.objects.order_by("-round"):
        row.delete()
    Congress.objects.all().delete()
    Season.objects.all().delete()


def upload(client, data: bytes, name: str = "goi.zip"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/packages/receive/", {"file": SimpleUploadedFile(name, data)})
