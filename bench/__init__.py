"""Reproducible benchmark of the analysis engine (not part of the test suite)."""
from __future__ import annotations


def print_table(rows: list[tuple[str, object]]) -> None:
    """Label and value per line, labels padded to one width: the benchmarks' tables."""
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
