"""`make run` listens on 127.0.0.1; serving beyond it without an editor password is refused."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHECK = REPO / "scripts" / "check-serve-address.sh"


@pytest.fixture
def no_password_env(tmp_path):
    if (REPO / ".streamlit" / "secrets.toml").exists():
        pytest.skip("this checkout has a secrets file")
    env = {k: v for k, v in os.environ.items() if k not in ("UNION_DASH_PASSWORD", "MAKEFLAGS", "MFLAGS")}
    env["HOME"] = str(tmp_path)  # no ~/.streamlit/secrets.toml either
    return env


def make_n_run(env, *args):
    return subprocess.run(["make", "-n", "-C", str(REPO), "run", *args], env=env, capture_output=True,
                          text=True, timeout=30)


def test_make_run_listens_on_localhost_by_default(no_password_env):
    done = make_n_run(no_password_env)
    assert done.returncode == 0, done.stderr
    assert "--server.address '127.0.0.1'" in done.stdout


def test_serving_the_network_without_a_password_is_refused(no_password_env):
    done = make_n_run(no_password_env, "ADDRESS=0.0.0.0")
    assert done.returncode != 0
    assert "拒绝启动" in done.stderr and "UNION_DASH_PASSWORD" in done.stderr
    assert "streamlit run" not in done.stdout


def test_a_password_from_the_environment_or_secrets_lets_it_serve(no_password_env, tmp_path):
    with_env = make_n_run({**no_password_env, "UNION_DASH_PASSWORD": "口令"}, "ADDRESS=0.0.0.0")
    assert with_env.returncode == 0 and "--server.address '0.0.0.0'" in with_env.stdout
    assert "口令" not in with_env.stdout + with_env.stderr
    (tmp_path / ".streamlit").mkdir()
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.write_text('editor_password = ""\n', encoding="utf-8")  # empty: not a password
    assert subprocess.run([str(CHECK), "0.0.0.0"], env=no_password_env, capture_output=True).returncode == 1
    secrets.write_text('editor_password = "口令"\n', encoding="utf-8")
    assert subprocess.run([str(CHECK), "0.0.0.0"], env=no_password_env, capture_output=True).returncode == 0


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_loopback_addresses_need_no_password(no_password_env, address):
    assert subprocess.run([str(CHECK), address], env=no_password_env, capture_output=True).returncode == 0
