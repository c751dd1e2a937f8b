"""The counting engine: pure data in, data out (no Django, no images, no files, no clock).

The public API (``docs/architecture.md``) is re-exported here for convenience; each name also
lives in the module named after its domain noun.
"""

from daihoi.engine.ballot import Ballot, Form, Mark, MarkGrid, Verdict, VerdictStatus
from daihoi.engine.election import Body, Candidate, Election, Meeting, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import ballot_order, vietnamese_key
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.resultsfile import ResultsFile, read_results_file
from daihoi.engine.rounds import next_round
from daihoi.engine.rules import RuleSet, ThresholdBase, UnclearRow, rule_set
from daihoi.engine.tally import (
    CandidateResult,
    Outcome,
    Result,
    Status,
    count_election,
    count_grid,
    judge_ballot,
)

__all__ = [
    "Ballot",
    "Body",
    "Candidate",
    "CandidateResult",
    "Election",
    "Form",
    "InputError",
    "Location",
    "Mark",
    "MarkGrid",
    "Meeting",
    "Outcome",
    "Result",
    "ResultsFile",
    "RuleSet",
    "Status",
    "ThresholdBase",
    "UnclearRow",
    "Verdict",
    "VerdictStatus",
    "ballot_order",
    "count_election",
    "count_grid",
    "judge_ballot",
    "next_round",
    "parse_election",
    "read_results_file",
    "result_from_dict",
    "result_to_dict",
    "rule_set",
    "vietnamese_key",
]
