import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.schema import ARTICLE_COLUMNS, TERM_TABLE_COLUMNS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _warm(warm_data_dir):
    """Every CLI call here starts from the seeds' cached analysis."""


def run_cli(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_articles_csv_has_the_contract_columns_and_one_row_per_article(seed_corpus):
    result = run_cli("articles", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert not result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == ARTICLE_COLUMNS
    assert len(rows) == len(seed_corpus.articles)
    assert all(r["article_id"].split("-")[0] == r["article_id"][:12] for r in rows)
    assert "Traceback" not in result.stderr


def test_articles_json_uses_null_for_unknown_and_with_text_adds_text():
    result = run_cli("articles", "seeds/001_30390a7628cb219f.txt", "--format", "json", "--with-text")
    records = json.loads(result.stdout)
    assert list(records[0].keys()) == ARTICLE_COLUMNS + ["text"]
    assert "普陀区总工会" in records[0]["text"]
    assert isinstance(records[0]["chars"], int)


def test_bom_flag_prefixes_csv():
    assert run_cli("articles", "--format", "csv", "--bom").stdout.startswith("\ufeff")


def test_mixed_good_and_bad_inputs_warn_in_chinese_and_exit_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("articles", "seeds/000_69f3ac7da1af56fa.txt", str(tmp_path), "--format", "csv")
    assert result.returncode == 0
    assert "empty.txt：文件为空" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_usable_exits_non_zero(tmp_path):
    result = run_cli("articles", str(tmp_path / "missing"))
    assert result.returncode != 0
    assert "没有可用的输入文件" in result.stderr and "Traceback" not in result.stderr


def test_ambiguous_filter_is_a_clear_error():
    result = run_cli("articles", "--district", "鼓楼")
    assert result.returncode == 2
    assert "有歧义" in result.stderr and "Traceback" not in result.stderr


def test_terms_command_groups_and_limits():
    result = run_cli("terms", "--by", "file", "--top", "3", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == TERM_TABLE_COLUMNS
    assert len(rows) == 15


def test_compare_cli_columns_sorted_and_short_names():
    result = run_cli("compare", "--by", "province", "--a", "上海", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["term", "count_a", "count_b", "rate_a", "rate_b", "log_ratio", "score", "p_value"]
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_kwic_cli():
    result = run_cli("kwic", "爱心驿站", "--window", "5", "--format", "json")
    records = json.loads(result.stdout)
    assert records and set(records[0]) == {"article_id", "left", "term", "right"}
    assert all(r["term"] == "爱心驿站" and len(r["left"]) <= 5 for r in records)


def test_themes_cli_shares_between_zero_and_one():
    result = run_cli("themes", "--by", "province", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["group", "theme", "score", "articles"]
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    assert {r["group"] for r in rows} >= {"上海市", "江苏省", "全国"} - {"全国"}


def test_theme_filter_and_terms_by_theme():
    themed = run_cli("articles", "--theme", "新就业形态", "--format", "json")
    titles = [r["title"] for r in json.loads(themed.stdout)]
    assert "给网约车司机找个“家”" in titles and len(titles) < 17
    by_theme = list(csv.DictReader(io.StringIO(run_cli("terms", "--by", "theme", "--top", "3", "--format", "csv").stdout)))
    assert "新就业形态" in {r["group"] for r in by_theme}


def test_a_zip_path_is_read_as_a_folder_of_its_members(tmp_path):
    import os

    from zips import zip_bytes

    seed = (REPO / "seeds" / "001_30390a7628cb219f.txt").read_bytes()
    (tmp_path / "my.zip").write_bytes(zip_bytes(
        {"职工报道/上海.txt": seed, "../逃逸.txt": seed.decode("utf-8").encode("gb18030"), "旧.zip": b"PK\x05\x06" + bytes(18)},
        gbk_names=True))
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "articles", "my.zip", "--format", "csv"], capture_output=True, text=True,
        cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["file"], r["path"]) for r in rows} == {
        ("上海.txt", "my.zip/职工报道/上海.txt"), ("逃逸.txt", "my.zip/逃逸.txt")}
    assert "警告：my.zip/旧.zip：压缩包中的压缩包不会被打开" in result.stderr
    import hashlib

    assert {r["article_id"][:12] for r in rows if r["file"] == "上海.txt"} == {hashlib.sha1(seed).hexdigest()[:12]}
