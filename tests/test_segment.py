import pytest

from analysis.segment import (
    RESOURCES, Tagged, is_content_term, load_segmenter, load_stopwords, read_word_list, tag, tag_fast,
    tag_hmm,
)


def test_pins_a_real_sentence_to_its_tokens():
    tokens = load_segmenter().cut("普陀区总工会组织劳模工匠进企业，为网约车司机和户外劳动者建设爱心驿站。")
    assert tokens == [
        "普陀区总工会", "组织", "劳模工匠", "进", "企业", "为", "网约车司机", "和",
        "户外劳动者", "建设", "爱心驿站",
    ]


def test_union_names_are_one_token_only_after_a_real_place():
    tokens = load_segmenter().cut("上饶市总工会和泉州市总工会联合基层工会开展活动")
    assert "上饶市总工会" in tokens and "泉州市总工会" in tokens
    assert "基层工会" in tokens


def test_every_dictionary_word_is_one_token():
    words = [line.split()[0] for line in read_word_list(RESOURCES / "userdict.txt")]
    segmenter = load_segmenter()
    split_words = [w for w in words if segmenter.cut(w) != [w]]
    assert split_words == []


def test_every_dictionary_word_stays_whole_inside_a_sentence():
    words = [line.split()[0] for line in read_word_list(RESOURCES / "userdict.txt")]
    segmenter = load_segmenter()
    broken = [w for w in words if w not in segmenter.cut(f"今年，{w}受到关注。")]
    assert broken == []


def test_user_words_join_the_dictionary():
    assert "梁溪英才" not in load_segmenter().cut("实施梁溪英才计划")
    assert "梁溪英才" in load_segmenter(("梁溪英才",)).cut("实施梁溪英才计划")


@pytest.mark.parametrize("term", ["的", "我们", "本报讯", "记者", "2023", "40", "，", "职", "三"])
def test_noise_is_not_a_content_term(term):
    assert not is_content_term(term, load_stopwords())


@pytest.mark.parametrize("term", ["职工", "劳模工匠", "送清凉", "APP"])
def test_real_terms_are_content_terms(term):
    assert is_content_term(term, load_stopwords())


def test_user_stopwords_extend_the_list():
    assert is_content_term("职工", load_stopwords())
    assert not is_content_term("职工", load_stopwords(("职工",)))


def test_rjieba_gives_jiebas_tokens_with_the_same_dictionary_on_the_seeds():
    from pathlib import Path

    seg = load_segmenter(("梁溪英才", "普工e家"), reference=True)
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert seg.engine.cut(text, True) == seg.reference.lcut(text, HMM=True), path.name


def test_jiebas_hmm_tags_a_byline_name_as_a_person_where_rjiebas_does_not():
    assert tag("于长彬") == [Tagged("于长彬", "nrfg")]
    assert not all(t.flag.startswith("nr") for t in tag_fast("于长彬", hmm=True))  # why bylines use `tag`


def test_tag_hmm_gives_jieba_possegs_words_and_tags_without_its_dictionary():
    import re
    from pathlib import Path

    words = ["于长彬", "李亮", "许志豪", "王", "郗", "增长郗", "郗恩庭", "工会动态", "新闻速递", "上海市总工会",
             "欧阳志豪", "阿·布", "职工ABC", ""]
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        for run in re.findall(r"[\u4e00-\u9fff]+", path.read_text(encoding="utf-8")):
            words += [run[i:i + n] for n in (2, 3, 4) for i in range(0, len(run) - n + 1, 7)]
    for word in words:
        assert tag_hmm(word) == tag(word, hmm=True), word


def test_the_fast_tagger_gives_jiebas_dictionary_tags_without_hmm():
    sentence = "市总工会为户外劳动者建设爱心驿站"
    assert tag_fast(sentence, hmm=False) == tag(sentence, hmm=False)
    assert ("建设", "vn") in tag_fast(sentence, hmm=False)


def test_importing_the_engine_loads_no_segmenter():
    import subprocess
    import sys

    code = ("import sys, analysis, analysis.lines, analysis.metrics, analysis.split; "
            "print(sorted(m for m in sys.modules if 'jieba' in m))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=RESOURCES.parent.parent)
    assert done.stdout.strip() == "[]"
