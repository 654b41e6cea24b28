import pandas as pd
import pytest

from analysis.themes import LexiconError, load_lexicon, parse_lexicon, theme_hits, theme_shares, with_themes

LEXICON = {"户外劳动者服务": ["爱心驿站", "驿站", "送清凉"], "劳模工匠": ["劳模", "劳模精神"]}


def frame(*texts, titles=None):
    return pd.DataFrame({
        "article_id": [f"a-{i}" for i in range(len(texts))],
        "title": titles or [""] * len(texts),
        "text": list(texts),
        "chars": [len(t) for t in texts],
        "province": ["上海市", "江苏省", "江苏省"][: len(texts)],
    })


def test_keywords_count_leftmost_longest():
    hits = theme_hits(frame("弘扬劳模精神，劳模带头。爱心驿站里有驿站。"), LEXICON)
    counts = dict(zip(hits["theme"], hits["hits"]))
    assert counts == {"劳模工匠": 2, "户外劳动者服务": 2}


def test_an_article_carries_a_theme_with_enough_hits_or_in_its_title():
    articles = with_themes(frame("驿站一个。", "劳模和劳模精神。", "职工书屋。", titles=["", "", "送清凉"]), LEXICON, 2)
    assert articles["themes"].tolist() == [(), ("劳模工匠",), ("户外劳动者服务",)]


def test_a_long_article_needs_one_hit_per_thousand_characters():
    filler = "职工书屋里书香四溢，职工们在这里读书学习。" * 140  # 2,940 characters without a keyword
    two_hits = "爱心驿站开门了，驿站里很暖和。"
    three_hits = "爱心驿站开门了，驿站里很暖和，送清凉也来了。"
    articles = with_themes(frame(two_hits + filler, three_hits + filler, two_hits), LEXICON, 2)
    # 2 hits in 2,955 characters are below one per 1,000; 3 hits in 2,962 are not; 2 hits in
    # a short article are enough (min_hits).
    assert 2000 < len(articles.at[0, "text"]) and len(articles.at[1, "text"]) < 3000
    assert articles["themes"].tolist() == [(), ("户外劳动者服务",), ("户外劳动者服务",)]


def test_no_articles_carry_no_themes():
    assert with_themes(frame(), LEXICON, 2)["themes"].tolist() == []


def test_shares_per_group():
    articles = with_themes(frame("驿站驿站。", "驿站驿站。", "职工。"), LEXICON, 2)
    shares = theme_shares(articles, list(LEXICON), by="province").set_index(["group", "theme"])
    assert shares.loc[("江苏省", "户外劳动者服务"), "score"] == 0.5
    assert shares.loc[("上海市", "户外劳动者服务"), "articles"] == 1


def test_bundled_lexicon_has_the_issue_themes():
    themes, min_hits = load_lexicon()
    for name in ["维权服务", "劳模工匠", "技能竞赛", "困难帮扶", "职工文体", "建会入会", "新就业形态", "党建引领", "安全生产", "女职工"]:
        assert themes[name]
    assert min_hits >= 1


@pytest.mark.parametrize("text", ["themes: [", "min_hits: 2", "themes: {}"])
def test_malformed_lexicon_is_a_chinese_error(text):
    with pytest.raises(LexiconError, match="主题词表"):
        parse_lexicon(text)


def test_seed_articles_get_fitting_themes(seed_corpus):
    themes, min_hits = load_lexicon()
    articles = with_themes(seed_corpus.with_texts(), themes, min_hits).set_index("title")["themes"]
    assert "户外劳动者服务" in articles["武汉：爱心驿站成了民心工程"]
    assert "新就业形态" in articles["给网约车司机找个“家”"]
    assert "职工文体" in articles["河北举办首届职工戏剧票友大赛"]
