"""Who may edit: the editor password, when one is configured, and the sidebar box that
unlocks editing for one session.

The password comes from the environment (`UNION_DASH_PASSWORD`) or Streamlit secrets
(`editor_password` in `.streamlit/secrets.toml`). Without one, editing is open (a dashboard
served on localhost). With one, the dashboard is read-only until the right password is
typed: it is compared in constant time on its UTF-8 bytes, then cleared from the widget;
the session keeps only the boolean "unlocked". It is never logged, echoed or put in the URL.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st

ENV_VAR = "UNION_DASH_PASSWORD"
SECRET_KEY = "editor_password"
LOCK_REASON = "需要编辑密码才能修改（在侧边栏输入）"

_UNLOCKED = "_editor_unlocked"
_WRONG = "_editor_wrong"
_INPUT = "editor_password_input"


def _configured_password() -> str | None:
    """The editor password, or None when none is configured (editing open to everyone)."""
    value = os.environ.get(ENV_VAR)
    if not value:
        try:
            value = st.secrets.get(SECRET_KEY) if st.secrets.load_if_toml_exists() else None
        except (FileNotFoundError, KeyError, AttributeError):
            value = None
    return str(value) if value else None


def password_required() -> bool:
    """Whether an editor password is configured."""
    return _configured_password() is not None


def can_edit() -> bool:
    """True when this session may change the data directory."""
    return not password_required() or st.session_state.get(_UNLOCKED) is True


def edit_lock_reason() -> str | None:
    """Why editing is off in this session (Chinese), or None when it is allowed."""
    return None if can_edit() else LOCK_REASON


def edit_allowed() -> bool:
    """`can_edit()`, and when it is False a caption under the locked controls saying why."""
    reason = edit_lock_reason()
    if reason:
        st.caption(reason)
    return reason is None


def _check_password() -> None:
    typed = st.session_state.get(_INPUT) or ""
    st.session_state[_INPUT] = ""  # the clear text does not stay in the session
    expected = _configured_password()
    ok = expected is not None and hmac.compare_digest(typed.encode("utf-8"), expected.encode("utf-8"))
    st.session_state[_UNLOCKED] = ok
    st.session_state[_WRONG] = bool(typed) and not ok


def _lock() -> None:
    st.session_state[_UNLOCKED] = False
    st.session_state[_WRONG] = False


def editor_sidebar() -> None:
    """The sidebar's password box (only when a password is configured), or the unlocked state."""
    if not password_required():
        return
    sidebar = st.sidebar
    sidebar.divider()
    if st.session_state.get(_UNLOCKED) is True:
        sidebar.caption("已解锁编辑（本会话）")
        sidebar.button("锁定编辑", key="editor_lock", on_click=_lock)
        return
    sidebar.text_input("编辑密码", type="password", key=_INPUT, on_change=_check_password,
                       help="只读模式：查看、筛选和导出不需要密码；上传、删除和保存修改需要。")
    if st.session_state.get(_WRONG):
        sidebar.error("密码不对，仍为只读模式")
    else:
        sidebar.caption("只读模式：输入编辑密码后可上传、删除和保存修改")
