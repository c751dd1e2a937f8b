"""Any single-byte change anywhere in a bundle's files is caught (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.record import verify

from .conftest import Counted, unzip, zip_of

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.data())
def test_any_single_byte_changed_in_any_file_is_caught(counted_master: Counted, data) -> None:
    files = unzip(counted_master.recorder.zip())
    name = data.draw(st.sampled_from(sorted(files)))
    content = bytearray(files[name])
    if not content:
        return
    at = data.draw(st.integers(0, len(content) - 1))
    content[at] = (content[at] + data.draw(st.integers(1, 255))) % 256
    verdict = verify(zip_of({**files, name: bytes(content)}))
    assert verdict.exit_code in (2, 3), (name, at, verdict.message)


@SETTINGS
@given(data=st.data())
def test_a_byte_changed_in_the_zip_itself_is_caught_or_changes_no_file(
    counted_master: Counted, data
) -> None:
    # Zip headers hold bytes no file is made of (times, the names' flags): a change there
    # that leaves every file as it was is no change to the bundle.
    original = counted_master.recorder.zip()
    raw = bytearray(original)
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] = (raw[at] + data.draw(st.integers(1, 255))) % 256
    verdict = verify(bytes(raw))
    if verdict.exit_code == 0:
        assert unzip(bytes(raw)) == unzip(original)
