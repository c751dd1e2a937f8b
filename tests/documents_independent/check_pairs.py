"""Check the independent near-duplicate test set (pairs.json) and print class counts.

Run: python tests/documents_independent/check_pairs.py
Exit status 1 when a check fails.
"""

import collections
import json
import pathlib
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {
    "rephrase",
    "word_order",
    "preamble",
    "no_diacritics",
    "typos",
    "abbreviation",
    "summary",
    "short",
    "diacritic_meaning",
    "generic_words_different_topic",
    "same_topic_opposite",
    "different_number",
    "unrelated",
}
NOT_DUPLICATE_KINDS = {
    "diacritic_meaning",
    "generic_words_different_topic",
    "same_topic_opposite",
    "different_number",
    "unrelated",
}
MIN_PAIRS, MIN_PER_KIND = 300, 20


def check(pairs):
    errors = []
    seen = set()
    for i, p in enumerate(pairs):
        if set(p) != {"a", "b", "duplicate", "kind", "note"}:
            errors.append(f"#{i}: keys {sorted(p)}")
            continue
        if not all(isinstance(p[k], str) and p[k].strip() for k in ("a", "b", "kind", "note")):
            errors.append(f"#{i}: empty or non-string field")
        if not isinstance(p["duplicate"], bool):
            errors.append(f"#{i}: duplicate is not a bool")
        if p["kind"] not in KINDS:
            errors.append(f"#{i}: unknown kind {p['kind']!r}")
        if p["kind"] in NOT_DUPLICATE_KINDS and p["duplicate"]:
            errors.append(f"#{i}: kind {p['kind']} must be duplicate=false")
        if p["kind"] != "no_diacritics":
            for k in ("a", "b"):
                if unicodedata.normalize("NFC", p[k]) != p[k]:
                    errors.append(f"#{i}: {k} is not NFC")
        if p["a"] == p["b"]:
            errors.append(f"#{i}: a == b")
        key = frozenset((p["a"], p["b"]))
        if key in seen:
            errors.append(f"#{i}: pair repeated")
        seen.add(key)
    counts = collections.Counter(p.get("kind") for p in pairs)
    if len(pairs) < MIN_PAIRS:
        errors.append(f"only {len(pairs)} pairs (< {MIN_PAIRS})")
    for kind in sorted(KINDS):
        if counts[kind] < MIN_PER_KIND:
            errors.append(f"kind {kind}: {counts[kind]} pairs (< {MIN_PER_KIND})")
    return errors, counts


def main():
    pairs = json.loads((HERE / "pairs.json").read_text(encoding="utf-8"))
    errors, counts = check(pairs)
    dup = collections.Counter((p["kind"], p["duplicate"]) for p in pairs)
    print(f"{'kind':32} {'pairs':>5} {'dup':>5} {'not':>5}")
    for kind in sorted(counts):
        print(f"{kind:32} {counts[kind]:5} {dup[(kind, True)]:5} {dup[(kind, False)]:5}")
    n_dup = sum(p["duplicate"] for p in pairs)
    print(f"{'total':32} {len(pairs):5} {n_dup:5} {len(pairs) - n_dup:5}")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
