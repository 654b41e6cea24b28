"""kill -9 at every step of a write: afterwards the state is entirely old or entirely new."""
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.overrides import Override, load_overrides, save_overrides
from analysis.uploads import list_uploads

REPO = Path(__file__).resolve().parent.parent
PAGE = "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n"

# Runs `action` in a child that SIGKILLs itself at the N-th call of a file-system step.
CHILD = textwrap.dedent("""
    import os, signal, sys
    step, target = int(sys.argv[1]), sys.argv[2]
    calls = [0]
    def deadly(original):
        def wrapper(*args, **kwargs):
            calls[0] += 1
            if calls[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            result = original(*args, **kwargs)
            calls[0] += 1
            if calls[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapper
    for name in ("fsync", "rename", "replace", "write"):
        setattr(os, name, deadly(getattr(os, name)))
    {action}
""")


def run_child(action: str, step: int, target: Path) -> bool:
    """Run `action` killed at file-system step `step`; True if it was killed, False if it
    finished first (fewer steps than `step`). Any other ending fails the test."""
    code = CHILD.replace("{action}", action)
    done = subprocess.run([sys.executable, "-c", code, str(step), str(target)], cwd=REPO,
                          capture_output=True, timeout=60)
    assert done.returncode in (-signal.SIGKILL, 0), done.stderr.decode()[-500:]
    return done.returncode == -signal.SIGKILL


@pytest.mark.parametrize("step", range(1, 12))
def test_an_upload_killed_at_any_step_is_all_or_nothing(tmp_path, step):
    uploads = tmp_path / "uploads"
    action = (
        "from analysis.uploads import store_upload; "
        f"store_upload(__import__('pathlib').Path(target), 'a.txt', {PAGE!r}.encode())"
    )
    killed = run_child(action, step, uploads)
    stored = list_uploads(uploads)
    if step == 1:
        assert killed and not stored  # the first write step never leaves a file behind
    if not killed:
        assert len(stored) == 1
    if stored:
        assert len(stored) == 1 and stored[0].path.read_text(encoding="utf-8") == PAGE
    corpus = load_corpus([uploads]) if uploads.exists() else None
    if corpus is not None:
        assert len(corpus.files) == len(stored) and corpus.warnings == []


@pytest.mark.parametrize("step", range(1, 10))
def test_a_corrections_save_killed_at_any_step_leaves_old_or_new(tmp_path, step):
    path = tmp_path / "overrides.json"
    save_overrides(path, [Override(article_id="a-0", file="a.txt", title="甲", year=2020)])
    action = (
        "from analysis.overrides import Override, save_overrides; "
        "save_overrides(__import__('pathlib').Path(target), "
        "[Override(article_id='a-0', file='a.txt', title='甲', year=2021)])"
    )
    killed = run_child(action, step, path)
    assert [o.year for o in load_overrides(path)] in ([2020], [2021])
    if not killed:
        assert [o.year for o in load_overrides(path)] == [2021]


def test_the_harness_really_kills_mid_write(tmp_path):
    action = (
        "from analysis.uploads import store_upload; "
        f"store_upload(__import__('pathlib').Path(target), 'a.txt', {PAGE!r}.encode())"
    )
    assert run_child(action, 1, tmp_path / "u1")  # killed before the data is written
    assert list_uploads(tmp_path / "u1") == []  # the staging directory is never listed or read
    # Steps (each call counts before and after): fsync of the file, its replace into the
    # staging directory, fsync of that directory, then the rename into place (7, 8).
    assert run_child(action, 8, tmp_path / "u2")  # killed after the rename
    assert len(list_uploads(tmp_path / "u2")) == 1
