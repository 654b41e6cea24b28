"""Atomic file replacement: the old content or the new, never half, and no debris."""
import os

import pytest

import analysis.atomic
from analysis.atomic import write_atomic


@pytest.fixture
def folder(tmp_path):
    """An empty directory of the test's own (conftest puts a data directory in tmp_path)."""
    path = tmp_path / "box"
    path.mkdir()
    return path


def test_the_new_content_replaces_the_old_entirely(folder):
    target = folder / "settings.json"
    target.write_text('{"words": ["职工书屋", "爱心驿站", "户外劳动者"]}', encoding="utf-8")
    write_atomic(target, '{"words": []}')
    assert target.read_text(encoding="utf-8") == '{"words": []}'
    write_atomic(target, "职工书屋".encode("utf-8"))
    assert target.read_bytes() == "职工书屋".encode("utf-8")
    assert [p.name for p in folder.iterdir()] == ["settings.json"]


def test_missing_directories_are_created(folder):
    target = folder / "data" / "cache" / "boundaries.json"
    write_atomic(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failure_mid_write_keeps_the_old_content_and_leaves_no_temp_file(folder, monkeypatch, step):
    target = folder / "overrides.json"
    target.write_text("旧内容", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(analysis.atomic.os, step, fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "新内容" * 1000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in folder.iterdir()] == ["overrides.json"]


def test_an_interrupted_write_of_a_new_file_leaves_nothing(folder, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(folder / "themes.yaml", "主题: []")
    assert list(folder.iterdir()) == []
