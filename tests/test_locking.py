"""Two sessions saving at once: writes are serialised and no edit is lost; a session that
waits too long gets a Chinese message and changes nothing."""
import json
import multiprocessing
import threading
import time

import pytest

from analysis.locking import DataDirBusy, data_lock
from analysis.overrides import Override, load_overrides, overrides_path, record_override
from analysis.settings import Settings, save_settings, settings_path, update_settings, user_settings


def _override(n: int, who: str) -> Override:
    return Override(article_id=f"{who}{n:011d}-0", file="page.txt", title=f"{who} 第{n}篇",
                    province="上海市", city="上海市", district=None, year=2023)


COUNT = 60


def _save_many(data_dir: str, who: str, count: int, start) -> None:
    start.wait(60)  # both processes begin together, so their saves really overlap
    for n in range(count):
        record_override(data_dir, _override(n, who))


def test_two_processes_saving_corrections_at_once_keep_every_one(tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_save_many, args=(str(tmp_path), who, COUNT, start)) for who in "ab"]
    for worker in workers:
        worker.start()
    time.sleep(1.5)  # let both import and reach the start line
    start.set()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    saved = load_overrides(overrides_path(tmp_path))
    assert {o.title for o in saved} == {f"{who} 第{n}篇" for who in "ab" for n in range(COUNT)}


def test_a_session_waiting_too_long_gets_a_message_and_changes_nothing(tmp_path):
    record_override(tmp_path, _override(1, "a"))
    before = overrides_path(tmp_path).read_bytes()
    held, release = threading.Event(), threading.Event()

    def holder():
        with data_lock(tmp_path):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    started = time.monotonic()
    with pytest.raises(DataDirBusy, match="另一个会话正在保存"):
        with data_lock(tmp_path, timeout=0.3):
            pass
    assert time.monotonic() - started < 2
    release.set()
    thread.join()
    assert overrides_path(tmp_path).read_bytes() == before
    record_override(tmp_path, _override(2, "a"))  # the lock is free again
    assert len(load_overrides(overrides_path(tmp_path))) == 2


def test_updating_settings_keeps_other_fields_and_a_broken_file_beside_the_new_one(tmp_path):
    save_settings(tmp_path, Settings(words=["职工书屋"], hide_seeds=True))
    update_settings(tmp_path, stopwords=["本报讯"])
    assert user_settings(tmp_path) == Settings(words=["职工书屋"], stopwords=["本报讯"], hide_seeds=True)
    settings_path(tmp_path).write_text("{not json", encoding="utf-8")
    update_settings(tmp_path, hide_seeds=False)
    assert json.loads(settings_path(tmp_path).read_text(encoding="utf-8"))["hide_seeds"] is False
    assert (tmp_path / "settings.json.broken").read_text(encoding="utf-8") == "{not json"
