"""The edit log: every change to the data directory is one line, latest first, old → new."""
import json

import pytest

from analysis.edit_log import Edit, append_edit, log_edit, log_path, read_edits
from analysis.overrides import make_override, record_override
from analysis.settings import save_lexicon, update_settings
from analysis.themes import BUNDLED

ARTICLE = {"article_id": "3fa9c1d2e4b0-2", "file": "page.txt", "title": "上饶工会五年回眸",
           "province": "江西省", "city": "上饶市", "district": None, "year": 2022}


def test_lines_are_json_latest_first_and_survive_a_torn_last_line(tmp_path):
    log_edit(tmp_path, Edit("upload", "a.txt", new="10 字节", target_id="ab"))
    with open(log_path(tmp_path), "ab") as handle:
        handle.write(b'{"action": "delete", "tar')  # a crash mid-append
    log_edit(tmp_path, Edit("delete", "a.txt", old="语料", new="回收站"))
    lines = log_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[-1])["action"] == "delete"
    edits = read_edits(tmp_path)
    assert [(e.action, e.target) for e in edits] == [("delete", "a.txt"), ("upload", "a.txt")]
    assert edits[0].time[:4].isdigit() and "T" in edits[0].time
    assert read_edits(tmp_path, limit=1) == edits[:1]


def test_an_unknown_action_is_refused(tmp_path):
    with pytest.raises(ValueError):
        append_edit(tmp_path, Edit("rm -rf", "x"))
    assert read_edits(tmp_path) == []


def test_a_correction_logs_the_old_and_new_value_of_each_field_it_sets(tmp_path):
    before = {"title": "上饶工会五年回眸", "province": "江西省", "city": "上饶市", "district": "", "year": "2022"}
    record_override(tmp_path, make_override(ARTICLE, province="江西", city="上饶", district="信州", year="2018"),
                    before=before)
    edit = read_edits(tmp_path)[0]
    assert (edit.action, edit.target, edit.target_id) == ("correction", "上饶工会五年回眸", "3fa9c1d2e4b0-2")
    assert edit.new == {"province": "江西省", "city": "上饶市", "district": "信州区", "year": 2018}
    assert edit.old == {"province": "江西省", "city": "上饶市", "district": "", "year": "2022"}


def test_dictionary_stopwords_and_settings_log_only_what_changed(tmp_path):
    update_settings(tmp_path, words=["职工书屋"], stopwords=[])
    update_settings(tmp_path, words=["职工书屋"], stopwords=["职工"])
    update_settings(tmp_path, words=["职工书屋"], stopwords=["职工"])  # no change: no line
    update_settings(tmp_path, hide_seeds=True)
    edits = read_edits(tmp_path)
    assert [(e.action, e.old, e.new) for e in edits] == [
        ("settings", {"hide_seeds": False}, {"hide_seeds": True}),
        ("words", {"stopwords": []}, {"stopwords": ["职工"]}),
        ("words", {"words": []}, {"words": ["职工书屋"]}),
    ]


def test_the_lexicon_logs_the_themes_whose_words_changed(tmp_path):
    import yaml

    lexicon = yaml.safe_load(BUNDLED.read_text("utf-8"))
    theme = next(iter(lexicon["themes"]))
    old_words = list(lexicon["themes"][theme])
    lexicon["themes"][theme] = old_words + ["新词语"]
    save_lexicon(tmp_path, yaml.safe_dump(lexicon, allow_unicode=True))
    edit = read_edits(tmp_path)[0]
    assert (edit.action, edit.target) == ("lexicon", "themes.yaml")
    assert edit.old == {theme: old_words} and edit.new == {theme: old_words + ["新词语"]}
