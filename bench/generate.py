"""Deterministic synthetic corpora: pages of articles recombined from the seeds' paragraphs,
with places, years and figures varied so that region, year and figure extraction have
real work to do."""
from __future__ import annotations

import random
import re
from pathlib import Path

from analysis import load_corpus
from analysis.datadir import SEEDS_DIR
from analysis.gazetteer import load_gazetteer

ARTICLES_PER_PAGE = 6
_YEAR = re.compile(r"(19|20)\d{2}年")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def generate(directory: Path, n_articles: int, *, seed: int = 2024) -> Path:
    """Write ceil(n / 6) page files with `n_articles` articles into `directory`."""
    rng = random.Random(seed)
    seeds = load_corpus([SEEDS_DIR]).articles
    paragraphs = [p for text in seeds["text"] for p in text.split("\n") if len(p) >= 40]
    titles = [t for t in seeds["title"] if len(t) >= 6]
    cities = sorted({p for p in load_gazetteer().places if p.level == "city" and p.name.endswith("市")},
                    key=lambda p: p.adcode)
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    page = 0
    while written < n_articles:
        blocks = []
        for _ in range(min(ARTICLES_PER_PAGE, n_articles - written)):
            city = rng.choice(cities)
            year = rng.randint(2015, 2024)
            body = [_vary(rng.choice(paragraphs), city.name, year, rng) for _ in range(rng.randint(3, 7))]
            lead = f"本报讯（记者 王{rng.choice('明华强丽军')}）{year}年{rng.randint(1, 12)}月，{city.province}{city.name}总工会"
            blocks.append("\n".join([f"{city.name[:-1]}：{rng.choice(titles)}", lead + body[0], *body[1:]]))
            written += 1
        (directory / f"page_{page:05d}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        page += 1
    return directory


def _vary(paragraph: str, city: str, year: int, rng: random.Random) -> str:
    paragraph = _YEAR.sub(f"{year}年", paragraph)
    paragraph = _NUMBER.sub(lambda m: str(max(1, int(float(m.group()) * rng.uniform(0.5, 1.5)))), paragraph)
    return paragraph.replace("普陀区", city).replace("上饶市", city).replace("泉州市", city)
