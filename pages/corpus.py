"""语料管理: upload files, see how each was read, remove them, hide the bundled seeds."""
from pathlib import Path

import streamlit as st

from analysis import (
    data_dir, data_lock, list_uploads, remove_upload, store_upload, update_settings, UploadError,
    uploads_dir,
)
from ui.render import uploader_in_chinese
from ui.corpus_cache import current_settings
from ui.page import WRITE_ERRORS, flash, page_setup, write_problem

st.title("语料管理")
corpus, articles, filters = page_setup()
st.caption(f"数据目录：{data_dir()}　（上传的文件按内容哈希保存，重启后仍在）")

uploader_in_chinese()
uploaded = st.file_uploader("上传报道（.txt 任意常见中文编码、.docx、.pdf，或把它们打包成一个 .zip；"
                            "单个文件不超过 20 MB）",
                            type=["txt", "docx", "pdf", "zip"],
                            accept_multiple_files=True, key=f"uploader_{st.session_state.get('_upload_round', 0)}")
if uploaded:
    messages = []
    for file in uploaded:
        try:
            stored = store_upload(uploads_dir(), file.name, file.getvalue())
        except UploadError as err:
            messages.append(("error", str(err)))
        except WRITE_ERRORS as err:
            messages.append(("error", f"{file.name}：未保存，{write_problem(err)}"))
        else:
            if stored.duplicate:
                messages.append(("warning", f"{file.name}：与已上传的 {stored.name} 内容相同，未重复保存"))
            elif stored.members:
                messages.append(("success", f"已保存压缩包 {stored.name}（含 {stored.members} 个文件），已加入语料"))
            else:
                messages.append(("success", f"已保存 {stored.name}，已加入语料"))
    # A fresh uploader key clears the widget; the rerun re-reads the corpus with the new files.
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
    for kind, message in messages:
        flash(kind, message)
    st.rerun()

settings = current_settings()
hide = st.toggle("隐藏内置示例语料（seeds）", value=settings.hide_seeds, key="hide_seeds")
if hide != settings.hide_seeds:
    try:
        update_settings(data_dir(), hide_seeds=hide)
    except WRITE_ERRORS as err:
        st.error(f"未保存：{write_problem(err)}")
    else:
        st.rerun()

def origin(path: str) -> str:
    """上传 or 内置, and the .zip a file came out of."""
    where = "上传" if str(uploads_dir()) in path else "内置"
    archive = next((part for part in Path(path).parts[:-1] if part.lower().endswith(".zip")), None)
    return f"{where}（{archive}）" if archive else where


def files_of(stored):
    """Which rows of the file list an upload gave (a .zip gives each of its members)."""
    paths = corpus.files["path"].astype(str)
    return (paths == str(stored.path)) | paths.str.startswith(f"{stored.path}/")


st.subheader("已读入的文件")
per_file = articles.groupby("file").size()
files = corpus.files.assign(
    selected=corpus.files["file"].map(per_file).fillna(0).astype(int),
    origin=corpus.files["path"].astype(str).map(origin),
)
st.dataframe(files[["file", "origin", "articles", "selected", "chars", "encoding", "warnings"]].rename(columns={
    "file": "文件", "origin": "来源", "articles": "文章数", "selected": "当前筛选内", "chars": "字数",
    "encoding": "编码", "warnings": "提示"}), hide_index=True, width="stretch")
for warning in corpus.warnings:
    st.warning(warning)

stored = list_uploads(uploads_dir())
if stored:
    st.subheader("删除上传的文件")
    labels = {f.sha1: (f"{f.name}（压缩包，{int(files_of(f).sum())} 个文件，{f.size / 1024:.1f} KB）"
                       if f.name.lower().endswith(".zip") else f"{f.name}（{f.size / 1024:.1f} KB）")
              for f in stored}
    doomed = st.selectbox("选择文件", list(labels), format_func=labels.get, key="remove_choice")
    chosen = next(f for f in stored if f.sha1 == doomed)
    name = chosen.name
    in_corpus = int(corpus.files.loc[files_of(chosen), "articles"].sum())
    if st.button("删除所选文件", key="remove_upload"):
        st.session_state["_confirm_remove"] = doomed
    if st.session_state.get("_confirm_remove") == doomed:
        st.warning(f"确定删除 {name}？它的 {in_corpus} 篇文章将从语料中移除。")
        yes, no = st.columns([1, 5])
        if yes.button("确认删除", key="remove_confirmed", type="primary"):
            st.session_state.pop("_confirm_remove")
            try:
                with data_lock(data_dir()):
                    remove_upload(uploads_dir(), doomed)
            except WRITE_ERRORS as err:
                st.error(f"未删除：{write_problem(err)}")
            else:
                flash("success", f"已删除 {name}（{in_corpus} 篇文章已从语料中移除）")
                st.rerun()
        if no.button("取消", key="remove_cancelled"):
            st.session_state.pop("_confirm_remove")
            st.rerun()
