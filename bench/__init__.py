"""Reproducible benchmark of the analysis engine (not part of the test suite)."""
