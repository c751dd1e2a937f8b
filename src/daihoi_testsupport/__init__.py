"""Support for the tests and the benchmarks, outside the product package ``daihoi``.

``daihoi_testsupport.synth`` draws the synthetic ballot corpus: printed ballots marked the way
voters mark them, scanned the way office scanners and phones scan them, with the truth of each
page. Nothing in ``daihoi`` imports this package (an import contract in ``pyproject.toml``).
"""
