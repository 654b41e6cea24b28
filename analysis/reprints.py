"""Reprints: find the copies of one story across the corpus, so that each story counts once.

A union report travels: a provincial paper, 工人日报, the federation's website, WeChat
reposts, each with a new headline, a trimmed paragraph, other punctuation or a PDF's hard
wrapping. Copies are found with MinHash over character 5-grams of the body (rensa computes
the signatures), banded LSH for candidates, and a check of each candidate pair:

1. `signatures` (per file, in the pipeline): the body reduced to Han characters, digits and
   letters (full-width folded, punctuation, spaces and line breaks dropped), hashed into
   5-gram shingles, summarised by a 128-value MinHash signature and the shingle count.
2. `candidate_pairs`: articles that agree on all rows of at least one of the LSH bands.
3. `story_of`: a candidate pair is one story when the shorter copy's shingles are mostly
   in the longer (estimated containment ≥ `CONTAINMENT`). Containment, not Jaccard, so that a
   trimmed or expanded copy still matches its original; template reports of the same
   campaign (every city's 送清凉) share phrases but little of their bodies, and stay apart.
   A rewritten repost (a web editor's summary) shares less text but keeps the figures: pairs
   that share at least `SAME_FIGURES` figures (value and unit), nearly all of the smaller
   set, are candidates too and need only `REWRITE_CONTAINMENT`. Template reports of one
   campaign share a few round figures (70%, 5天) at most.
   A short brief of a campaign is mostly its template and fits inside another event's report:
   a text match is refused when the two name different places, state different days in their
   leads, or the shorter keeps fewer than half of its figures in the other (`_same_event`).
   Thresholds are calibrated on written pairs (tests/gold/reprints.yaml, `python -m bench.reprints`).
4. Copies are joined transitively; a story's representative is the earliest dated copy,
   else the longest, and every copy carries its id in `story`.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

SHINGLE = 5
NUM_PERM = 128
BANDS, ROWS = 42, 3  # 126 of the 128 values: P(candidate) 0.94 at Jaccard 0.4, 0.29 at 0.2
SEED = 20261127
CONTAINMENT = 0.7  # reprints ≥ 0.96, template look-alikes ≤ 0.56 on the calibration pairs
SAME_FIGURES = 4  # figures a rewritten copy shares with its original (look-alikes: ≤ 3)
SAME_FIGURE_SHARE = 0.8  # … out of the smaller of the two figure sets
REWRITE_CONTAINMENT = 0.3
COMMON_FIGURE = 50  # a figure in more articles than this (70%, 1次) finds no candidates
MIN_SHINGLES = 40  # a body shorter than this (a caption, a one-line brief) has no copies
_EMPTY = np.zeros(NUM_PERM, dtype=np.uint32)
_NOT_TEXT = re.compile(r"[\W_]+")
TEXT_KEY_MIN = 30  # characters left without spaces and punctuation for a text to have a key


def _folding_table() -> np.ndarray:
    """Code point (BMP) → the code point kept for shingles, 0 for one that is dropped: Han
    characters, digits and lower-case letters stay, full-width forms and capitals fold."""
    table = np.zeros(0x10000, dtype=np.uint32)
    for low, high in ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x30, 0x39), (0x61, 0x7A)):
        table[low:high + 1] = np.arange(low, high + 1)
    table[0x3007] = 0x3007  # 〇
    table[0x41:0x5B] = np.arange(0x61, 0x7B)  # A-Z → a-z
    table[0xFF10:0xFF1A] = np.arange(0x30, 0x3A)  # ０-９
    table[0xFF21:0xFF3B] = np.arange(0x61, 0x7B)  # Ａ-Ｚ
    table[0xFF41:0xFF5B] = np.arange(0x61, 0x7B)  # ａ-ｚ
    return table


_FOLD = _folding_table()


def _kept(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The folded code points kept for shingles, and their positions in `points`."""
    folded = _FOLD[np.minimum(points, 0xFFFF)]
    where = np.flatnonzero(folded)
    return folded[where].astype(np.uint64), where


def signatures(texts: list[str]) -> tuple[list[bytes], list[int]]:
    """MinHash signature (NUM_PERM uint32 as bytes) and distinct shingle count per text.

    All texts of a page at once, vectorised: the kept characters of the joined texts, a
    64-bit hash of every run of `SHINGLE` of them (FNV-style, wrapping) that stays within
    one text, then rensa's MinHash over each text's hashes."""
    from rensa import RMinHash

    n = len(texts)
    empty = [_EMPTY.tobytes()] * n
    if n == 0:
        return [], []
    points, where = _kept(np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32))
    text_of = np.searchsorted(np.cumsum([len(t) for t in texts]), where, side="right")
    count = len(points) - SHINGLE + 1
    if count <= 0:
        return empty, [0] * n
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        hashes = hashes * np.uint64(0x100000001B3) + points[offset:offset + count]
    within = text_of[:count] == text_of[SHINGLE - 1:]
    hashes, rows = hashes[within], text_of[:count][within]
    if not len(hashes):  # every text shorter than a shingle
        return empty, [0] * n
    # distinct shingles per text: sort (text, 48 bits of hash) once for all texts
    keyed = np.sort((rows.astype(np.uint64) << np.uint64(48)) | (hashes & np.uint64((1 << 48) - 1)))
    first = np.r_[True, keyed[1:] != keyed[:-1]]
    sizes = np.bincount((keyed[first] >> np.uint64(48)).astype(np.int64), minlength=n)
    offsets = np.zeros(n + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum(np.bincount(rows, minlength=n))
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets, NUM_PERM, SEED)
    digests = np.asarray(matrix.to_rows(), dtype=np.uint32)
    return [digest.tobytes() if size else _EMPTY.tobytes() for digest, size in zip(digests, sizes)], sizes.tolist()


def _matrix(blobs: pd.Series) -> np.ndarray:
    return np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(blobs), NUM_PERM)


def candidate_pairs(matrix: np.ndarray) -> np.ndarray:
    """(i, j) rows, i < j, that agree on every value of at least one band: in each band's
    bucket, every member is paired with the bucket's first (a star, not all pairs, so that
    a paragraph shared by thousands of articles costs thousands of pairs, not millions;
    copies of one story meet in many bands and are joined transitively)."""
    n = len(matrix)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    codes = []
    for band in range(BANDS):
        key = np.zeros(n, dtype=np.uint64)
        for column in range(band * ROWS, (band + 1) * ROWS):  # the band's values as one 64-bit key
            key = key * np.uint64(0x9E3779B97F4A7C15) + matrix[:, column].astype(np.uint64)
        order = np.argsort(key, kind="stable")
        sorted_keys = key[order]
        starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        head = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]  # each position's bucket head
        follower = ~starts
        low, high = np.minimum(head[follower], order[follower]), np.maximum(head[follower], order[follower])
        codes.append(low.astype(np.int64) * n + high)
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    unique = np.unique(np.concatenate(codes))
    return np.column_stack([unique // n, unique % n])


def containment(matrix: np.ndarray, sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Estimated share of the smaller shingle set found in the other, per pair: from the
    MinHash Jaccard estimate J and the set sizes, |A∩B| = J(|A|+|B|)/(1+J)."""
    if len(pairs) == 0:
        return np.zeros(0)
    jaccard = np.concatenate([(matrix[chunk[:, 0]] == matrix[chunk[:, 1]]).mean(axis=1)  # bounded memory
                              for chunk in np.array_split(pairs, max(1, len(pairs) // 100_000))])
    a, b = sizes[pairs[:, 0]].astype(float), sizes[pairs[:, 1]].astype(float)
    shared = jaccard * (a + b) / (1 + jaccard)
    return np.minimum(shared / np.maximum(np.minimum(a, b), 1), 1.0)


def figure_pairs(article_ids: np.ndarray, figures: pd.DataFrame) -> np.ndarray:
    """(i, j) rows, i < j, whose articles share at least `SAME_FIGURES` distinct figures, and
    nearly all of the smaller set of the two (`SAME_FIGURE_SHARE`)."""
    row = pd.Series(np.arange(len(article_ids)), index=article_ids)
    kept = figures[figures["article_id"].isin(row.index)]
    values, _ = pd.factorize(kept["value"])
    units, unit_names = pd.factorize(kept["unit"].fillna(""))
    # a figure is its (value, unit): as one integer, not a string made per figure
    facts = pd.DataFrame({"row": row[kept["article_id"]].to_numpy(),
                          "figure": values.astype(np.int64) * (len(unit_names) + 1) + units}).drop_duplicates()
    if facts.empty:
        return np.zeros((0, 2), dtype=np.int64)
    per_article = facts.groupby("row").size()
    spread = facts.groupby("figure")["row"].transform("size")
    facts = facts[(spread > 1) & (spread <= COMMON_FIGURE)]
    both = facts.merge(facts, on="figure")
    both = both[both["row_x"] < both["row_y"]]
    shared = both.groupby(["row_x", "row_y"]).size().reset_index(name="shared")
    smaller = np.minimum(per_article.reindex(shared["row_x"]).to_numpy(), per_article.reindex(shared["row_y"]).to_numpy())
    close = (shared["shared"] >= SAME_FIGURES) & (shared["shared"] >= SAME_FIGURE_SHARE * smaller)
    return shared.loc[close, ["row_x", "row_y"]].to_numpy(dtype=np.int64)


def text_key(body: str) -> str | None:
    """SHA-1 of `body` without spaces and punctuation (the same report saved as .docx and as
    .txt has the same key); None when fewer than TEXT_KEY_MIN characters remain."""
    key = _NOT_TEXT.sub("", body)
    return hashlib.sha1(key.encode("utf-8")).hexdigest() if len(key) >= TEXT_KEY_MIN else None


_LEAD_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
LEAD_CHARS = 80  # where a report states the day of its event (本报讯 3月25日，…)


def _lead_date(text: str) -> str | None:
    match = _LEAD_DATE.search(text[:LEAD_CHARS])
    return f"{int(match.group(1))}-{int(match.group(2))}" if match else None


def _same_event(pairs: np.ndarray, articles: pd.DataFrame, figures: pd.DataFrame | None) -> np.ndarray:
    """The text-matched pairs that are not two events of one template. Copies of a report
    keep its place, the day its lead states and its figures; two events written from one
    campaign's template (a short brief is mostly template and fits inside another event's
    report) differ in one of them. A pair is refused when both name a province or a city and
    they differ, when both leads state a day and the days differ, or when the shorter one has
    two or more figures and fewer than half of them are in the other."""
    if len(pairs) == 0:
        return pairs
    ids = articles["article_id"].to_numpy()
    sizes = articles["shingles"].to_numpy()
    rows = np.unique(pairs.ravel())
    place = {r: (articles["province"].iat[r], articles["city"].iat[r]) for r in rows}
    day = {r: _lead_date(str(articles["text"].iat[r])) for r in rows}
    sets = figure_sets(articles.iloc[rows], figures) if figures is not None else {}
    keep = []
    for i, j in pairs:
        clash = any(pd.notna(a) and pd.notna(b) and a != b for a, b in zip(place[i], place[j]))
        clash |= day[i] is not None and day[j] is not None and day[i] != day[j]
        short, other = (i, j) if sizes[i] <= sizes[j] else (j, i)
        own = sets.get(ids[short], set())
        clash |= len(own) >= 2 and len(own & sets.get(ids[other], set())) < 0.5 * len(own)
        keep.append(not clash)
    return pairs[np.array(keep, dtype=bool)]


def story_of(articles: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """`story` (the representative copy's article_id) and `story_similarity` (the copy's
    estimated containment against the representative, 1 for the representative itself) for
    every article. Needs `article_id`, `minhash`, `shingles`, `date`, `chars`, `province`,
    `city`, `text`; `figures`
    (the metrics frame) lets rewritten copies that keep every figure join their story."""
    n = len(articles)
    ids = articles["article_id"].to_numpy()
    result = pd.DataFrame({"story": ids, "story_similarity": np.ones(n)}, index=articles.index)
    if n < 2:
        return result
    sizes = articles["shingles"].to_numpy()
    full = _matrix(articles["minhash"])
    usable = np.flatnonzero(sizes >= MIN_SHINGLES)
    pairs = usable[candidate_pairs(full[usable])]
    same = [pairs[containment(full, sizes, pairs) >= CONTAINMENT]]
    same[0] = _same_event(same[0], articles, figures)
    if figures is not None and not figures.empty:
        rewrites = figure_pairs(ids, figures)
        rewrites = rewrites[(sizes[rewrites[:, 0]] >= MIN_SHINGLES) & (sizes[rewrites[:, 1]] >= MIN_SHINGLES)]
        same.append(rewrites[containment(full, sizes, rewrites) >= REWRITE_CONTAINMENT])
    same = np.vstack(same)
    if len(same) == 0:
        return result
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in same:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups = np.array([root(i) for i in range(n)])
    rank = pd.DataFrame({
        "group": groups,
        "undated": articles["date"].isna().to_numpy(),
        "date": articles["date"].fillna("").astype(str).to_numpy(),
        "chars": -articles["chars"].to_numpy(),
        "id": ids,
        "row": np.arange(n),
    }).sort_values(["group", "undated", "date", "chars", "id"])
    first = rank.drop_duplicates("group").set_index("group")["row"]
    representative = first.reindex(groups).to_numpy()
    result["story"] = ids[representative]
    copies = np.flatnonzero(representative != np.arange(n))
    if len(copies):
        pairs = np.column_stack([copies, representative[copies]])
        result.iloc[copies, result.columns.get_loc("story_similarity")] = containment(full, sizes, pairs)
    return result


def with_stories(articles: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles with `story` and `story_similarity` (re)computed over all of them."""
    stories = story_of(articles, figures)
    return articles.assign(story=stories["story"].astype(articles["article_id"].dtype),
                           story_similarity=stories["story_similarity"].astype("float64"))


def one_per_story(articles: pd.DataFrame) -> pd.DataFrame:
    """One copy of each story among `articles`: the representative when it is among them,
    else the first copy present (so a selection never loses a story it holds)."""
    if "story" not in articles.columns or articles.empty:
        return articles
    is_representative = (articles["story"] == articles["article_id"]).to_numpy(dtype=bool, na_value=False)
    order = (~is_representative).argsort(kind="stable")  # representatives first
    first = ~pd.Series(articles["story"].to_numpy()[order]).duplicated().to_numpy()
    keep = np.zeros(len(articles), dtype=bool)
    keep[order[first]] = True  # the story column only: copying every column (text) cost 0.3 s at 20k
    return articles[keep]


def reprint_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The `reprints` command: one row per article that has at least one copy, grouped by
    story (representative first), with its similarity to the representative."""
    sizes = articles.groupby("story")["article_id"].transform("size")
    copies = articles[sizes > 1].assign(_rep=lambda f: f["story"] != f["article_id"])
    copies = copies.sort_values(["story", "_rep", "date"], na_position="last", kind="stable")
    return copies.rename(columns={"story_similarity": "similarity"})[
        ["story", "article_id", "file", "title", "source", "date", "similarity"]].round({"similarity": 3}).reset_index(drop=True)


def figure_sets(articles: pd.DataFrame, metrics: pd.DataFrame) -> dict[str, set[tuple[float, str]]]:
    """Per article, its distinct figures as (value, unit): what a rewritten copy keeps."""
    kept = metrics[metrics["article_id"].isin(articles["article_id"])]
    sets: dict[str, set[tuple[float, str]]] = {}
    for article_id, value, unit in zip(kept["article_id"], kept["value"], kept["unit"].fillna("")):
        sets.setdefault(article_id, set()).add((value, unit))  # one pass, not a frame per article
    return sets
