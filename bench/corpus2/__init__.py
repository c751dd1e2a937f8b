"""corpus2: an independent corpus of marked, stamped and scanned paper ballots (see docs/corpus2.md)."""
