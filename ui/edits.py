"""The edit log as a table a person reads (Chinese columns, old → new in words)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import Edit

ACTION_LABELS = {
    "upload": "上传", "delete": "删除（移入回收站）", "restore": "从回收站恢复", "empty_trash": "清空回收站",
    "correction": "更正文章", "words": "保存词典与停用词", "lexicon": "保存主题词表", "settings": "更改设置",
}
FIELD_LABELS = {
    "title": "标题", "province": "省份", "city": "城市", "district": "区县", "year": "年份",
    "words": "词典词", "stopwords": "停用词", "hide_seeds": "隐藏内置语料", "min_hits": "主题最少出现次数",
}
COLUMNS = ["时间", "操作", "对象", "原值", "新值"]


def describe(value: Any) -> str:
    """A logged value in words: lists joined by 、, fields by ；, empty as （空）."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(k, k)}：{describe(v) or '（空）'}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(describe(v) for v in value) or "（空）"
    return str(value)


def edit_log_table(edits: list[Edit]) -> pd.DataFrame:
    """One row per edit, in the order given, with the columns in `COLUMNS`."""
    rows = [{
        "时间": edit.time.replace("T", " "),
        "操作": ACTION_LABELS.get(edit.action, edit.action),
        "对象": f"{edit.target}（{edit.target_id}）" if edit.action == "correction" and edit.target_id else edit.target,
        "原值": describe(edit.old),
        "新值": describe(edit.new),
    } for edit in edits]
    return pd.DataFrame(rows, columns=COLUMNS)
