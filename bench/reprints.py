"""`python -m bench.reprints`: the reprint threshold curve on the written calibration pairs.

For every gold reprint pair and every pair of template look-alikes (any two files of one
campaign: different events), prints the estimated containment and shared figures, then,
per containment threshold, the recall on reprints and how many look-alike pairs would merge.
Also the dev corpora's rewritten reposts (tests/gold/dev_reprints.yaml and dev2's pairs).
"""
from __future__ import annotations

import itertools
import sys
import warnings
from pathlib import Path

import numpy as np
import yaml

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import load_corpus, reprints  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "reprints"
GOLD = ROOT / "tests" / "gold" / "reprints.yaml"


def pair_scores(articles, metrics, pairs: list[tuple[str, str]]) -> list[tuple[float, int]]:
    """(estimated containment, figures shared) for pairs of file names (one article each)."""
    row = {file: n for n, file in enumerate(articles["file"])}
    matrix = reprints._matrix(articles["minhash"])
    sizes = articles["shingles"].to_numpy()
    index = np.array([[row[a], row[b]] for a, b in pairs])
    contained = reprints.containment(matrix, sizes, index)
    figures = reprints.figure_sets(articles, metrics)
    ids = articles["article_id"].to_numpy()
    shared = [len(figures.get(ids[i], set()) & figures.get(ids[j], set())) for i, j in index]
    return list(zip(contained, shared))


def main() -> int:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    corpus = load_corpus([CORPUS], workers=1)
    articles, metrics = corpus.articles, corpus.metrics.frame()
    copies = [(p["a"], p["b"]) for p in gold["reprints"]]
    campaigns: dict[str, list[str]] = {}
    for pair in gold["lookalikes"]:
        campaigns.setdefault(pair["campaign"], []).extend([pair["a"], pair["b"]])
    alike = [pair for files in campaigns.values() for pair in itertools.combinations(sorted(set(files)), 2)]
    copy_scores = pair_scores(articles, metrics, copies)
    alike_scores = pair_scores(articles, metrics, alike)
    print(f"{len(copies)} reprint pairs, {len(alike)} look-alike pairs (any two files of one campaign)")
    print(f"containment  reprints min {min(c for c, _ in copy_scores):.3f}  "
          f"look-alikes max {max(c for c, _ in alike_scores):.3f}")
    print(f"figures shared  reprints min {min(f for _, f in copy_scores)}  "
          f"look-alikes max {max(f for _, f in alike_scores)}")
    print("\nthreshold  recall  look-alikes merged")
    for threshold in np.arange(0.30, 0.95, 0.05):
        recall = np.mean([c >= threshold for c, _ in copy_scores])
        merged = sum(c >= threshold for c, _ in alike_scores)
        mark = "  ← CONTAINMENT" if abs(threshold - reprints.CONTAINMENT) < 1e-9 else ""
        print(f"  {threshold:.2f}     {recall:.3f}   {merged}{mark}")
    stories = articles.set_index("file")["story"]
    found = np.mean([stories[a] == stories[b] for a, b in copies])
    wrong = sum(stories[a] == stories[b] for a, b in alike)
    print(f"\nwhole-corpus detection (LSH + check + transitive groups): recall {found:.3f}, "
          f"look-alike pairs merged {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
