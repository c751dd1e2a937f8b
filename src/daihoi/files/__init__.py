"""Reading and writing the public files of ``formats.md``; the only place that touches the disk
for them.

* ``daihoi.files.atomic``: ``write_atomic(path, data)``, outputs appear whole or not at all.
* ``daihoi.files.public``: a file's bytes and text (``read_bytes``, ``decode_text``), JSON into an
  ``InputError`` (``parse_json``, ``read_json``), YAML or JSON data (``load_data``), the election
  file (``load_election``, ``election_yaml``) and the results JSON (``load_results``,
  ``results_json``, ``write_results``).
* ``daihoi.files.ballots``: the ballots CSV (``read_ballots``, ``read_ballot_list``,
  ``parse_ballots``, ``ballots_csv``).

Every name is also importable from ``daihoi.files`` itself, as the commands and the web do.
"""

from daihoi.files.atomic import write_atomic
from daihoi.files.ballots import (
    BALLOT_COLUMN,
    CELL_HELP,
    CELL_VALUES,
    DELIMITERS,
    RULING_COLUMN,
    ballots_csv,
    parse_ballots,
    read_ballot_list,
    read_ballots,
)
from daihoi.files.public import (
    RESULTS_FILE,
    decode_text,
    election_yaml,
    load_data,
    load_election,
    load_results,
    parse_json,
    read_bytes,
    read_json,
    results_json,
    write_results,
)

__all__ = [
    "BALLOT_COLUMN",
    "CELL_HELP",
    "CELL_VALUES",
    "DELIMITERS",
    "RESULTS_FILE",
    "RULING_COLUMN",
    "ballots_csv",
    "decode_text",
    "election_yaml",
    "load_data",
    "load_election",
    "load_results",
    "parse_ballots",
    "parse_json",
    "read_ballot_list",
    "read_ballots",
    "read_bytes",
    "read_json",
    "results_json",
    "write_atomic",
    "write_results",
]
