"""Word segmentation: jieba with the union-work domain dictionary, plus the stopword list.

The one module that imports jieba and rjieba, each loaded when first needed and once per
process (a warm start from the cache never loads a dictionary): the segmenter, the
part-of-speech taggers (`tag`, `tag_fast`) and the dictionary tag table all come from here.

Segmentation keeps every word token (punctuation and whitespace dropped) so that the
cached token counts stay valid when the stopword list changes; `is_content_term` is the
query-time filter that removes stopwords, numbers and single characters.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re
import warnings
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # imported lazily at run time (see import_jieba)
    import jieba


RESOURCES = resources.files("analysis") / "resources"
_PUNCT_OR_SPACE = re.compile(r"^[\s\W_]+$")
_NUMERIC = re.compile(r"^[\d.,%％:：/\-+·]+$|^\d+[a-zA-Z%]*$|^[a-zA-Z]$|^第?[一二三四五六七八九十百千万两零〇]+$")
_HAS_HAN_OR_LATIN = re.compile(r"[\u4e00-\u9fffA-Za-z]")



def import_jieba():
    """jieba, imported when first needed (a warm start from the cache never needs it)."""
    with warnings.catch_warnings():
        # jieba 0.42.1 imports pkg_resources, which warns on every start-up.
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _rjieba():
    """rjieba, or None where it is not installed."""
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba ships wheels for the platforms we run on
        return None
    return rjieba


@dataclass(frozen=True)
class Segmenter:
    """A jieba-compatible tokenizer loaded with a user dictionary; `key` names the dictionary.

    The engine is rjieba (Rust jieba-rs): same dictionary format, same tokens as jieba with
    HMM on and the same words added (a test holds that on the seeds), about 20× faster.
    `reference` is a plain jieba Tokenizer with the same words, for that comparison and as
    the fallback where rjieba is not installed.
    """

    engine: object
    reference: jieba.Tokenizer | None
    key: str

    def cut(self, text: str) -> list[str]:
        """Word tokens of `text`, punctuation and whitespace removed; a place followed by
        its union (上饶市 + 总工会) is one organisation token (上饶市总工会)."""
        return merge_union_names(list(filter(_WORD_TOKEN.__getitem__, self.engine.cut(text, True))))


class _WordTokens(dict):
    """Token → False for punctuation or whitespace (`_PUNCT_OR_SPACE`), else True, worked out
    once per distinct token: a text's tokens are mostly ones seen before."""

    def __missing__(self, token: str) -> bool:
        if len(self) >= 200_000:
            self.clear()
        keep = self[token] = _PUNCT_OR_SPACE.match(token) is None
        return keep


_WORD_TOKEN = _WordTokens()


def merge_union_names(tokens: list[str]) -> list[str]:
    """Join `<place><总工会|工会>` into one token when the place is in the gazetteer."""
    from .gazetteer import load_gazetteer

    union_at = [i for i, token in enumerate(tokens) if token in _UNION_WORDS]
    if not union_at:  # nothing to join
        return list(tokens)
    gazetteer = load_gazetteer()
    by_name, by_short = gazetteer.by_name, gazetteer.by_short
    merged: list[str] = []
    start = 0
    for i in union_at:  # the tokens between union words are kept as they are
        merged += tokens[start:i]
        if merged and (merged[-1] in by_name or merged[-1] in by_short):
            merged[-1] += tokens[i]
        else:
            merged.append(tokens[i])
        start = i + 1
    merged += tokens[start:]
    return merged


_UNION_WORDS = frozenset({"总工会", "工会", "市总工会", "区总工会", "县总工会", "省总工会"})


def read_word_list(path: Path | str) -> list[str]:
    """Lines of a word-list file, without comments and blanks."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def domain_dictionary_lines(extra_words: tuple[str, ...] = ()) -> list[str]:
    """The domain dictionary (jieba format: word [freq] [pos]) plus the user's words."""
    lines = read_word_list(RESOURCES / "userdict.txt")
    lines.extend(w.strip() for w in extra_words if w.strip())
    return lines


def dictionary_key(extra_words: tuple[str, ...] = ()) -> str:
    """Identifies the segmentation dictionary (bundled + user words): part of cache keys."""
    return hashlib.sha1("\n".join(domain_dictionary_lines(extra_words)).encode("utf-8")).hexdigest()[:12]


@functools.lru_cache(maxsize=4)
def load_segmenter(extra_words: tuple[str, ...] = (), *, reference: bool = False) -> Segmenter:
    """A Segmenter with the bundled domain dictionary and the user's extra words."""
    lines = domain_dictionary_lines(extra_words)
    entries = []
    for line in lines:
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((parts[0], freq, tag))
    key = dictionary_key(extra_words)
    tokenizer = None
    rjieba = _rjieba()
    if reference or rjieba is None:
        tokenizer = import_jieba().Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in entries:
            tokenizer.add_word(word, freq, tag)
    if rjieba is not None:
        engine = rjieba.Jieba()
        for word, freq, tag in entries:
            engine.add_word(word, freq, tag)
    else:  # pragma: no cover - rjieba ships wheels for the platforms we run on
        engine = _JiebaEngine(tokenizer)
    return Segmenter(engine=engine, reference=tokenizer, key=key)


class _JiebaEngine:
    """rjieba's `cut(text, hmm)` over a jieba Tokenizer."""

    def __init__(self, tokenizer: jieba.Tokenizer):
        self.tokenizer = tokenizer

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        return self.tokenizer.lcut(text, HMM=hmm)


@functools.lru_cache(maxsize=8)
def load_stopwords(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """stopwords-iso's Chinese list, plus newspaper boilerplate, plus the user's words."""
    import stopwordsiso

    words = set(stopwordsiso.stopwords("zh"))
    words.update(read_word_list(RESOURCES / "stopwords.txt"))
    words.update(w.strip() for w in extra if w.strip())
    return frozenset(words)


def is_content_term(term: str, stopwords: frozenset[str]) -> bool:
    """True for a term worth counting: not a stopword, number, punctuation or single character."""
    return (
        len(term) >= 2
        and term not in stopwords
        and not _NUMERIC.match(term)
        and bool(_HAS_HAN_OR_LATIN.search(term))
    )


# Part-of-speech classes for the optional term filter, from jieba's dictionary tags.
POS_CLASSES = {
    "noun": "名词", "verb": "动词", "adjective": "形容词", "place": "地名",
    "organisation": "机构名", "person": "人名", "other": "其他",
}


class Tagged(NamedTuple):
    """A word and its part-of-speech flag in jieba's tag set (n, v, vn, nr, ns, m, ...)."""

    word: str
    flag: str


def tag(text: str, *, hmm: bool = True) -> list[Tagged]:
    """Words of `text` with their part-of-speech flags, by jieba.posseg with jieba's own
    dictionary (not the domain one). With `hmm`, words outside the dictionary are guessed:
    a byline's 于长彬 is one word tagged nr; rjieba's HMM splits and tags it differently."""
    return [Tagged(pair.word, pair.flag) for pair in _posseg().lcut(text, HMM=hmm)]


def tag_fast(text: str, *, hmm: bool = True) -> list[Tagged]:
    """Words of `text` with their flags, by rjieba with jieba's own dictionary: without
    `hmm` the same words and tags as `tag` (digits aside: m instead of eng), without
    jieba's one-second dictionary load. Falls back to `tag` where rjieba is missing."""
    tagger = _rjieba_tagger()
    if tagger is None:  # pragma: no cover - rjieba ships wheels for the platforms we run on
        return tag(text, hmm=hmm)
    # tuple.__new__ builds each Tagged in C: a third of the cost of Tagged(word, flag) per pair.
    return list(map(tuple.__new__, repeat(Tagged), tagger.tag(text, hmm)))


# jieba.posseg's Han block: text of these characters only is one block for its HMM tagger.
_POSSEG_HAN = re.compile("[\u4E00-\u9FD5]+")


def tag_hmm(text: str) -> list[Tagged]:
    """`tag(text, hmm=True)`, the same words and flags, without loading jieba's dictionary
    (a second per process) where `text` is Han characters only (else it is `tag`).

    jieba.posseg walks the best route through its dictionary, tags each dictionary word,
    and hands a run of single characters that is not itself a word to its HMM tagger.
    rjieba holds the same dictionary (words, frequencies and tags) and finds the same route
    (`tag_fast` without HMM); the run of single characters then goes to jieba.posseg's own
    HMM tables and Viterbi function, loaded without the rest of jieba. Held equal to `tag`
    over every word of jieba's dictionary and every 2-4 character run of the test corpora."""
    tagger = _rjieba_tagger()
    if tagger is None or not _POSSEG_HAN.fullmatch(text):
        return tag(text, hmm=True)
    tagged: list[Tagged] = []
    singles: list[tuple[str, str]] = []  # the run of one-character words on the route
    for word, flag in tagger.tag(text, False):
        if len(word) == 1:
            # jieba tags a character outside its dictionary x; rjieba may give the tag of a
            # word the character begins (郗 → nr, from 郗恩庭).
            singles.append((word, flag if tagger.has_word(word) else "x"))
            continue
        if singles:
            _tag_singles(singles, tagger, tagged)
            singles = []
        tagged.append(Tagged(word, flag))
    if singles:
        _tag_singles(singles, tagger, tagged)
    return tagged


def _tag_singles(singles: list[tuple[str, str]], tagger, tagged: list[Tagged]) -> None:
    """jieba.posseg's handling of a run of single characters: one character, or a run that
    is a dictionary word, keeps each character's own tag; another run goes to its HMM."""
    run = "".join(word for word, _ in singles)
    if len(singles) > 1 and not tagger.has_word(run):
        tagged.extend(_posseg_hmm(run))
    else:
        tagged.extend(Tagged(word, flag) for word, flag in singles)


def _posseg_hmm(run: str) -> list[Tagged]:
    """jieba.posseg's HMM words and tags of a run of Han characters (its `__cut`)."""
    viterbi, states, start, trans, emit = _posseg_model()
    _, pos_list = viterbi(run, states, start, trans, emit)
    words = []
    begin, nexti = 0, 0
    for i, char in enumerate(run):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            words.append(Tagged(run[begin:i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            words.append(Tagged(char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(run):
        words.append(Tagged(run[nexti:], pos_list[nexti][1]))
    return words


@functools.lru_cache(maxsize=1)
def _posseg_model():
    """jieba.posseg's Viterbi function and HMM tables (its own modules, loaded from their
    files: importing the package would load jieba's dictionary's tags, a third of a second)."""
    import importlib.util

    folder = Path(importlib.util.find_spec("jieba").submodule_search_locations[0]) / "posseg"
    loaded = []
    for name in ("viterbi", "char_state_tab", "prob_start", "prob_trans", "prob_emit"):
        spec = importlib.util.spec_from_file_location(f"_analysis_posseg_{name}", folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        loaded.append(module.viterbi if name == "viterbi" else module.P)
    return tuple(loaded)


@functools.lru_cache(maxsize=1)
def _posseg():
    """jieba.posseg (its tagger loads jieba's dictionary on first use)."""
    import_jieba()
    import jieba.posseg

    return jieba.posseg


@functools.lru_cache(maxsize=1)
def _rjieba_tagger():
    """rjieba with its default dictionary (jieba's), or None: the module itself, whose
    `tag` and `has_word` are its default tokenizer's, built when it is imported (another
    `rjieba.Jieba()` would load the same dictionary again, 0.1 s)."""
    return _rjieba()


def jieba_dictionary() -> Path:
    """jieba's bundled dictionary file (`word frequency tag` per line), found without importing jieba."""
    import importlib.util

    return Path(importlib.util.find_spec("jieba").submodule_search_locations[0]) / "dict.txt"


@functools.lru_cache(maxsize=1)
def _tag_table() -> dict[str, str]:
    table = dict(_posseg().dt.word_tag_tab)
    for line in read_word_list(RESOURCES / "userdict.txt"):
        parts = line.split()
        if len(parts) > 2:
            table[parts[0]] = parts[2]
    return table


@functools.lru_cache(maxsize=200_000)
def pos_class(term: str) -> str:
    """Coarse part of speech of a term (noun, verb, adjective, place, organisation, person,
    other) from jieba's dictionary tag; union names (上饶市总工会) are organisations."""
    if term.endswith("工会") and len(term) > 3:
        return "organisation"
    tag = _tag_table().get(term, "")
    if tag.startswith("nr"):
        return "person"
    if tag.startswith("ns"):
        return "place"
    if tag.startswith("nt"):
        return "organisation"
    if tag.startswith("n") or tag == "vn":
        return "noun"
    if tag.startswith("v"):
        return "verb"
    if tag.startswith("a"):
        return "adjective"
    return "other"
