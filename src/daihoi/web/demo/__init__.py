"""The demo dataset (``seed.build_demo``) and its ``seed_demo`` command.

An app of its own on the top layer: it writes the rows of every app below it, and no app
imports it.
"""
