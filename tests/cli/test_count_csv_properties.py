"""The fast ballots-CSV reader must agree with the careful csv-module reader on any file:
the same ballots, or the same refusal at the same row and column."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.engine.election import parse_election
from daihoi.engine.errors import InputError
from daihoi.files import parse_ballots

STRIKE = parse_election(
    {
        "id": "e",
        "title": "T",
        "body": "committee",
        "seats": 2,
        "rules": "state",
        "candidates": ["Nguyễn An", "Trần Bình", "Lê Cúc"],
    },
    "e.yaml",
)
APPROVE = parse_election(
    {
        "id": "e",
        "title": "T",
        "body": "delegates",
        "seats": 1,
        "alternates": 1,
        "rules": "state",
        "candidates": ["Nguyễn An", "Trần Bình"],
    },
    "e.yaml",
)

CELLS = ["", "", "x", "x", "X", "1", "0", " x", "K", "S", "xK", "A", "y", "n", "yn", "Yn", "v"]
IDS = ["001", "002", "003", "SK1", "K", "", " 004"]
RULINGS = ["", "", "", "not_issued", "other_marks", "rách"]


def outcome(text: str, election, source: str):
    try:
        grid = parse_ballots(text, election, source)
    except InputError as error:
        return ("refused", error.message, error.location.row, error.location.column)
    return ("read", list(grid.ids), list(grid.rows), dict(grid.rulings))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([STRIKE, APPROVE]),
    st.booleans(),
    st.lists(
        st.tuples(
            st.sampled_from(IDS),
            st.lists(st.sampled_from(CELLS), min_size=2, max_size=4),
            st.sampled_from(RULINGS),
        ),
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_fast_and_careful_readers_agree(election, with_ruling, rows, end):
    header = ["ballot", *election.labels, *(["invalid"] if with_ruling else [])]
    lines = [",".join(header)]
    for ballot_id, cells, ruling in rows:
        lines.append(",".join([ballot_id, *cells, *([ruling] if with_ruling else [])]))
    text = end.join(lines) + end
    # Quoting the header sends the same content down the csv-module path.
    quoted = text.replace("ballot", '"ballot"', 1)
    fast = outcome(text, election, "f.csv")
    careful = outcome(quoted, election, "f.csv")
    assert fast == careful


def test_a_carriage_return_inside_a_windows_line_is_not_silently_dropped():
    text = "ballot,Nguyễn An,Trần Bình,Lê Cúc\r\n1,x,,\r\n2,,x\r,\r\n3,x,x,"
    quoted = text.replace("ballot", '"ballot"', 1)
    assert outcome(text, STRIKE, "f.csv") == outcome(quoted, STRIKE, "f.csv")
    assert outcome(text, STRIKE, "f.csv")[0] == "refused"


# Whole files as bytes, read from disk by read_ballots: odd ids (code letters, blanks, control
# characters, non-ASCII), junk in cells, blank and separator-only lines anywhere, mixed and
# stray line ends, other separators, a missing final line end.
FILE_IDS = [
    "001",
    "002",
    "003",
    "K12",
    "SK",
    "A",
    "N1",
    " 004",
    "00 5",
    "\x01",
    "\x1c6",
    "Phiếu7",
    "",
    "x",
    "1",
]
FILE_CELLS = ["", "", "", "x", "x", "X", " x", "1", "0", "y", "n", "yn", "ny", "K", "\r", "z"]
LINE_ENDS = ["\n", "\r\n", "\r\n", "\r"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([STRIKE, APPROVE]),
    st.booleans(),
    st.sampled_from([",", ";", "\t"]),
    st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(FILE_IDS),
                st.lists(st.sampled_from(FILE_CELLS), min_size=1, max_size=4),
                st.sampled_from(RULINGS),
            ),
            st.sampled_from(["", ",,,", " , "]),  # blank or separator-only lines
        ),
        max_size=6,
    ),
    st.lists(st.sampled_from(LINE_ENDS), min_size=1, max_size=3),
    st.booleans(),
    st.sampled_from([1, 7, 1 << 17]),  # bytes of lines per chunk of the bulk pass
)
def test_the_bulk_pass_agrees_with_the_csv_module_on_whole_files(
    tmp_path_factory, election, with_ruling, delimiter, rows, ends, final_end, chunk
):
    from unittest import mock

    from daihoi.files import ballots as files

    header = ["ballot", *election.labels, *(["invalid"] if with_ruling else [])]
    lines = [delimiter.join(header)]
    for row in rows:
        if isinstance(row, str):
            lines.append(row.replace(",", delimiter))
            continue
        ballot_id, cells, ruling = row
        lines.append(delimiter.join([ballot_id, *cells, *([ruling] if with_ruling else [])]))
    text = ends[0].join(lines[:2])
    for index, line in enumerate(lines[2:]):
        text += ends[index % len(ends)] + line
    if final_end:
        text += ends[0]
    folder = tmp_path_factory.mktemp("csv")
    plain, quoted = folder / "f.csv", folder / "q.csv"
    plain.write_bytes(text.encode("utf-8"))
    quoted.write_bytes(text.replace("ballot", '"ballot"', 1).encode("utf-8"))

    def read(path):
        try:
            grid = files.read_ballots(path, election)
        except InputError as error:
            return ("refused", error.message, error.location.row, error.location.column)
        return ("read", list(grid.ids), list(grid.rows), dict(grid.rulings))

    with mock.patch.object(files, "_CHUNK", chunk):
        assert read(plain) == read(quoted)
