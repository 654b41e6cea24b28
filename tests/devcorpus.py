"""Accuracy on the dev corpora: text written for the project in the format families real
sources use, with hand-written gold. `dev` (tests/data/dev, gold tests/gold/dev_*.yaml) is the
set the rules were developed on; `dev2` (tests/data/dev2, gold dev2_*.yaml) was written
afterwards by someone else and only measured, to tell whether the rules generalise.

Per family: articles found with the right headline, province, city, year, source and date
right, figures' recall and precision. `python tests/devcorpus.py [dev|dev2] [-v]` prints the
table and the cases still wrong; tests/test_dev_corpus.py holds the floors.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
QUALIFIERS = {"余", "多", "近", "约", "超", "逾", "以上"}


def load_gold(kind: str, corpus: str = "dev") -> dict[str, list]:
    """`articles` or `metrics` gold of one corpus, keyed by path under tests/data/<corpus>."""
    gold: dict[str, list] = {}
    for path in sorted((HERE / "gold").glob(f"{corpus}_{kind}*.yaml")):
        gold.update(yaml.safe_load(path.read_text("utf-8")))
    return gold


def norm(text) -> str:
    return re.sub(r"[\s,，:：、·“”\"'‘’]", "", text or "")


def known(value):
    return None if value is None or pd.isna(value) else value


@dataclass
class Tally:
    """Counts for one family."""

    articles: int = 0
    found: int = 0
    province: int = 0
    city: int = 0
    year: int = 0
    source: int = 0
    date: int = 0
    extra: int = 0  # output articles matching no gold article
    figures_gold: int = 0
    figures_found: int = 0
    figures_matched: int = 0
    wrong: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float]:
        n = max(self.articles, 1)
        return {
            "found": self.found / n, "province": self.province / n, "city": self.city / n,
            "year": self.year / n, "source": self.source / n, "date": self.date / n,
            "fig_recall": self.figures_matched / max(self.figures_gold, 1),
            "fig_precision": self.figures_matched / max(self.figures_found, 1),
        }


def _options(value) -> list:
    return value if isinstance(value, list) else [value]


def _year_right(gold_years, got) -> bool:
    if gold_years is None:
        return got is None  # no evidence: unknown, not a guess
    return got is not None and gold_years[0] <= int(got) <= gold_years[1]


def _same_figure(row, gold: list) -> bool:
    if len(gold) == 3 and not isinstance(gold[1], str):
        low, high, unit = gold
        return (row["unit"] == unit and abs(row["value"] - low) <= 0.005 * abs(low)
                and known(row["value_high"]) is not None and abs(row["value_high"] - high) <= 0.005 * abs(high))
    value, unit = gold[0], gold[1]
    return row["unit"] == unit and abs(row["value"] - value) <= 0.005 * abs(value)


def evaluate(corpus: str = "dev", corpus_of=None) -> dict[str, Tally]:
    """Tallies per family (and `全部`). `corpus_of(path)` builds the corpus of one file."""
    if corpus_of is None:
        from analysis import load_corpus

        def corpus_of(path):
            return load_corpus([path])

    articles_gold, metrics_gold = load_gold("articles", corpus), load_gold("metrics", corpus)
    root = HERE / "data" / corpus
    tallies: dict[str, Tally] = defaultdict(Tally)
    for rel in sorted(set(articles_gold) | set(metrics_gold)):
        family = rel.split("/", 1)[0]
        built = corpus_of(root / rel)
        got = built.with_texts().reset_index(drop=True)
        for tally in (tallies[family], tallies["全部"]):
            _score_articles(tally, rel, articles_gold.get(rel, []), got)
            _score_figures(tally, rel, metrics_gold.get(rel, []), built.metrics.frame())
    return dict(tallies)


def _score_articles(tally: Tally, rel: str, gold: list, got: pd.DataFrame) -> None:
    matched_rows = set()
    for item in gold:
        tally.articles += 1
        holders = got[got["text"].str.contains(item["snippet"], regex=False)]
        if len(holders) != 1:
            tally.wrong.append(f"{rel}: {item['title'] or '(brief)'} — 正文片段在 {len(holders)} 篇中")
            continue
        row = holders.iloc[0]
        matched_rows.add(holders.index[0])
        titles = {norm(t) for t in [item["title"], *item.get("titles", [])]}
        if norm(row["title"]) in titles:
            tally.found += 1
        else:
            tally.wrong.append(f"{rel}: 标题 {row['title']!r} ≠ {item['title']!r}")
        province, city = known(row["province"]), known(row["city"])
        if province in _options(item["province"]):
            tally.province += 1
        else:
            tally.wrong.append(f"{rel}: {item['title'][:12]} 省 {province} ≠ {item['province']}")
        if city in _options(item["city"]) and province in _options(item["province"]):
            tally.city += 1
        elif province in _options(item["province"]):
            tally.wrong.append(f"{rel}: {item['title'][:12]} 市 {city} ≠ {item['city']}")
        year = known(row["year"])
        if _year_right(item["years"], year):
            tally.year += 1
        else:
            tally.wrong.append(f"{rel}: {item['title'][:12]} 年 {year} ≠ {item['years']}（{known(row['year_evidence'])}）")
        if norm(known(row["source"])) == norm(item.get("source")):
            tally.source += 1
        else:
            tally.wrong.append(f"{rel}: {item['title'][:12]} 来源 {known(row['source'])!r} ≠ {item.get('source')!r}")
        if known(row["date"]) == item.get("date"):
            tally.date += 1
        else:
            tally.wrong.append(f"{rel}: {item['title'][:12]} 日期 {known(row['date'])} ≠ {item.get('date')}")
    extra = [got.at[i, "title"] for i in got.index if i not in matched_rows]
    tally.extra += len(extra)
    tally.wrong += [f"{rel}: 多出的文章 {t!r}" for t in extra]


def _score_figures(tally: Tally, rel: str, gold: list, metrics: pd.DataFrame) -> None:
    remaining = [list(g) for g in gold]
    tally.figures_gold += len(remaining)
    tally.figures_found += len(metrics)
    for _, row in metrics.iterrows():
        hit = next((g for g in remaining if _same_figure(row, g)), None)
        if hit is None:
            tally.wrong.append(f"{rel}: 多余指标 {row['surface']} → {row['value']:g} {row['unit']}")
        else:
            remaining.remove(hit)
            tally.figures_matched += 1
    tally.wrong += [f"{rel}: 漏掉指标 {g}" for g in remaining]


def table(tallies: dict[str, Tally]) -> str:
    columns = ["found", "province", "city", "year", "source", "date", "fig_recall", "fig_precision"]
    lines = ["| family | n | " + " | ".join(columns) + " | extra |", "|---" * (len(columns) + 3) + "|"]
    for family in sorted(tallies, key=lambda f: (f == "全部", f)):
        t = tallies[family]
        rates = t.rates()
        lines.append(f"| {family} | {t.articles} | " + " | ".join(f"{rates[c]:.2f}" for c in columns)
                     + f" | {t.extra} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    result = evaluate(next((a for a in sys.argv[1:] if not a.startswith("-")), "dev"))
    print(table(result))
    if "-v" in sys.argv:
        for family, t in sorted(result.items()):
            if family != "全部":
                print(f"\n## {family}")
                print("\n".join(t.wrong))
