"""Attacks on the results bundle and ``daihoi verify`` from the outside (docs/bundle.md,
../shared/formats.md "daihoi verify"), written without reading ``daihoi.record``.

``_bundle.py`` forges bundles with PyNaCl alone: the sample's station seed is published in
examples/make_sample_bundle.py, and the station-made bundle's throw-away key is read from the
data folder scripts/make_example_bundle.py leaves in TMPDIR. Each test is one attack and fails
when verify does what the contract forbids. Run:

    PYTHONPATH=$PWD/src .venv/bin/pytest -q -p no:cacheprovider -n 6 tests/adversarial/record
    (add ``-m "not slow"`` to skip the station-made bundle and the unbounded zip bomb)
"""
