"""The benchmark's generated corpus: every format family, years varied correctly (the dates
of an article are in its year; figures never touch a year), a vocabulary that keeps growing."""
from __future__ import annotations

import json
import re

import pytest

from analysis import load_corpus
from bench.generate import FAMILIES, generate, manifest_path

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|-|/)")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("bench") / "uploads", 120, seed=7)
    return folder, json.loads(manifest_path(folder).read_text(encoding="utf-8"))


def test_every_family_is_written_and_the_manifest_counts_every_article(generated):
    folder, manifest = generated
    assert {entry["family"] for entry in manifest.values()} == set(FAMILIES)
    assert sum(len(entry["years"]) for entry in manifest.values()) == 120
    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(manifest)


def test_every_year_in_a_file_is_its_year_or_a_start_or_target_near_it(generated):
    folder, manifest = generated
    for name, entry in manifest.items():
        (year,) = set(entry["years"])  # one date per file: a page, a box, an article
        mentioned = [int(y) for y in YEAR.findall((folder / name).read_text(encoding="utf-8"))]
        assert year in mentioned, name
        assert all(year - 8 <= y <= year + 3 for y in mentioned), (name, mentioned)
    assert len({entry["years"][0] for entry in manifest.values()}) >= 8  # years vary


def test_the_engine_dates_generated_articles_by_their_year(generated):
    folder, manifest = generated
    articles = load_corpus([folder], workers=1).articles
    assert len(articles) >= 120
    expected = {name: entry["years"][0] for name, entry in manifest.items()}
    dated = articles.dropna(subset=["year"])
    assert (dated["year"] == dated["file"].map(expected)).mean() >= 0.99  # measured 0.992
    assert len(dated) >= 0.97 * len(articles)  # measured 0.975


def test_the_vocabulary_grows_with_the_corpus(tmp_path):
    small = load_corpus([generate(tmp_path / "a", 40, seed=1)], workers=1).terms.frame()["term"].nunique()
    large = load_corpus([generate(tmp_path / "b", 160, seed=1)], workers=1).terms.frame()["term"].nunique()
    assert large > 2.7 * small  # measured 2.78: Heaps' law (β ≈ 0.74), 4× the text
