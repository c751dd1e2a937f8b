"""The results record (hồ sơ kết quả): a hash-chained, signed log of the count and the bundle
of its files, and ``verify``, which checks a bundle and counts every round again.

Pure: no Django, no images decoded, no clock (times come in the data). ``docs/bundle.md`` is
the bundle's public contract.
"""

from daihoi.record.bundle import Recorder
from daihoi.record.errors import ForeignRecord, RecordError
from daihoi.record.key import StationKey, fingerprint_of
from daihoi.record.log import Head
from daihoi.record.records import (
    ballot_record,
    election_file,
    file_hashes,
    final_decision,
    manual_batch_data,
    manual_entry,
    round_created_data,
    round_files,
    round_folder,
)
from daihoi.record.verify import Verdict, verify

__all__ = [
    "ForeignRecord",
    "Head",
    "RecordError",
    "Recorder",
    "StationKey",
    "Verdict",
    "ballot_record",
    "election_file",
    "file_hashes",
    "final_decision",
    "fingerprint_of",
    "manual_batch_data",
    "manual_entry",
    "round_created_data",
    "round_files",
    "round_folder",
    "verify",
]
