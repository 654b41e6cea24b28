import pandas as pd

from analysis.kwic import keyword_in_context

ARTICLES = pd.DataFrame({
    "article_id": ["a-0", "a-1"],
    "text": ["武汉市已建成爱心驿站569家。\n爱心驿站成为户外劳动者的家。", "沈阳市新建爱心驿站20家。"],
})


def test_every_occurrence_with_its_context():
    lines = keyword_in_context(ARTICLES, "爱心驿站", window=4)
    assert lines[["article_id", "left", "term", "right"]].values.tolist() == [
        ["a-0", "市已建成", "爱心驿站", "569家"],
        ["a-0", "9家。 ", "爱心驿站", "成为户外"],
        ["a-1", "阳市新建", "爱心驿站", "20家。"],
    ]


def test_sorting_by_right_and_left_context():
    assert keyword_in_context(ARTICLES, "爱心驿站", window=4, sort="right")["right"].tolist() == ["20家。", "569家", "成为户外"]
    # Left sort reads the left context backwards from the keyword: " 。家9" < "设建新市阳" < "成建已市".
    assert keyword_in_context(ARTICLES, "爱心驿站", window=4, sort="left")["left"].tolist() == ["9家。 ", "阳市新建", "市已建成"]


def test_phrases_and_special_characters_are_literal():
    articles = pd.DataFrame({"article_id": ["x-0"], "text": ["线上+线下“送清凉”"]})
    assert len(keyword_in_context(articles, "线上+线下")) == 1
    assert keyword_in_context(articles, "  ").empty
