"""The one error of the record: a folder, key or bundle that cannot be used as asked."""

from __future__ import annotations


class RecordError(Exception):
    """Something the station cannot record into, said in Vietnamese for the person at it."""


class ForeignRecord(RecordError):
    """A folder holding the record of another congress, or one signed by another key."""
