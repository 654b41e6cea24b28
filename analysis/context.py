"""Page context: what the other articles of the same page say (a page is one place and day)."""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable


def leave_one_out(per_article: list[dict[Hashable, float]]) -> list[dict[Hashable, float]]:
    """For each article, the summed scores of all the *other* articles of the page."""
    total: dict[Hashable, float] = defaultdict(float)
    for scores in per_article:
        for key, value in scores.items():
            total[key] += value
    result = []
    for scores in per_article:
        others = {key: value - scores.get(key, 0.0) for key, value in total.items()}
        result.append({key: value for key, value in others.items() if value > 1e-12})
    return result
