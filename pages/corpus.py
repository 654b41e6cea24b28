"""语料管理: upload files (or a .zip of them), see how each was read, delete them to the
recycle bin and restore them, hide the bundled seeds, read the edit log."""
from pathlib import Path

import streamlit as st

from analysis import (
    add_upload, data_dir, delete_upload, empty_trash, list_trash, list_uploads, read_edits, restore_upload,
    trash_dir, update_settings, UploadError, uploads_dir,
)
from ui.access import can_edit, edit_allowed
from ui.corpus_cache import current_settings
from ui.edits import edit_log_table
from ui.page import WRITE_ERRORS, flash, page_setup, write_problem
from ui.render import uploader_in_chinese

st.title("语料管理")
corpus, articles, filters = page_setup()
st.caption(f"数据目录：{data_dir()}　（上传的文件按内容哈希保存，重启后仍在）")
editable = edit_allowed()

uploader_in_chinese()
uploaded = st.file_uploader("上传报道（.txt 任意常见中文编码、.docx、.pdf，或把它们打包成一个 .zip；"
                            "单个文件不超过 20 MB）",
                            type=["txt", "docx", "pdf", "zip"], disabled=not editable,
                            accept_multiple_files=True, key=f"uploader_{st.session_state.get('_upload_round', 0)}")
if uploaded and can_edit():
    messages = []
    for file in uploaded:
        try:
            stored = add_upload(data_dir(), file.name, file.getvalue())
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
hide = st.toggle("隐藏内置示例语料（seeds）", value=settings.hide_seeds, key="hide_seeds", disabled=not editable)
if hide != settings.hide_seeds and can_edit():
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


def confirm(key: str, question: str, yes_label: str) -> bool:
    """After `key`'s button was pressed: the question with a confirm and a cancel button;
    True once confirmed."""
    st.warning(question)
    yes, no = st.columns([1, 5])
    if yes.button(yes_label, key=f"{key}_confirmed", type="primary", disabled=not editable):
        st.session_state.pop(f"_confirm_{key}", None)
        return can_edit()
    if no.button("取消", key=f"{key}_cancelled"):
        st.session_state.pop(f"_confirm_{key}", None)
        st.rerun()
    return False


stored = list_uploads(uploads_dir())
if stored:
    st.subheader("删除上传的文件")
    edit_allowed()
    labels = {f.sha1: (f"{f.name}（压缩包，{int(files_of(f).sum())} 个文件，{f.size / 1024:.1f} KB）"
                       if f.name.lower().endswith(".zip") else f"{f.name}（{f.size / 1024:.1f} KB）")
              for f in stored}
    doomed = st.selectbox("选择文件", list(labels), format_func=labels.get, key="remove_choice")
    chosen = next(f for f in stored if f.sha1 == doomed)
    name = chosen.name
    in_corpus = int(corpus.files.loc[files_of(chosen), "articles"].sum())
    if st.button("删除所选文件", key="remove_upload", disabled=not editable):
        st.session_state["_confirm_remove"] = doomed
    if st.session_state.get("_confirm_remove") == doomed and confirm(
            "remove", f"确定删除 {name}？它的 {in_corpus} 篇文章将从语料中移除；文件移入回收站，可以恢复。", "确认删除"):
        try:
            delete_upload(data_dir(), doomed)
        except UploadError as err:
            st.error(f"未删除：{err}")
        except WRITE_ERRORS as err:
            st.error(f"未删除：{write_problem(err)}")
        else:
            flash("success", f"已删除 {name}（{in_corpus} 篇文章已从语料中移除），文件已移入回收站，可在本页“回收站”中恢复")
            st.rerun()

trashed = list_trash(trash_dir())
st.subheader(f"回收站（{len(trashed)} 个文件）")
if not trashed:
    st.caption("回收站是空的。删除的文件会先放在这里，清空回收站之前都可以恢复。")
else:
    edit_allowed()
    bin_labels = {t.entry: f"{t.name}（{t.size / 1024:.1f} KB，{t.deleted.replace('T', ' ')} 删除）" for t in trashed}
    entry = st.selectbox("回收站中的文件", list(bin_labels), format_func=bin_labels.get, key="trash_choice")
    chosen = next(t for t in trashed if t.entry == entry)
    restore_col, empty_col = st.columns(2)
    if restore_col.button("恢复所选文件", key="restore_upload", disabled=not editable) and can_edit():
        try:
            back = restore_upload(data_dir(), entry)
        except UploadError as err:
            st.error(f"未恢复：{err}")
        except WRITE_ERRORS as err:
            st.error(f"未恢复：{write_problem(err)}")
        else:
            if back.duplicate:
                flash("warning", f"{chosen.name} 的内容已在语料中（{back.name}），未重复恢复；回收站中的副本仍保留")
            else:
                flash("success", f"已恢复 {back.name}，已重新加入语料")
            st.rerun()
    if empty_col.button("清空回收站", key="empty_trash", disabled=not editable):
        st.session_state["_confirm_empty_trash"] = True
    if st.session_state.get("_confirm_empty_trash") and confirm(
            "empty_trash", f"确定清空回收站？其中 {len(trashed)} 个文件将被永久删除，无法恢复。", "确认清空"):
        try:
            gone = empty_trash(data_dir())
        except WRITE_ERRORS as err:
            st.error(f"未清空：{write_problem(err)}")
        else:
            flash("success", f"已清空回收站（永久删除 {len(gone)} 个文件）")
            st.rerun()

st.subheader("修改记录")
edits = read_edits(data_dir())
if not edits:
    st.caption("还没有修改记录。上传、删除、恢复、更正文章、保存词典或主题词表后会记录在这里。")
else:
    st.caption(f"共 {len(edits)} 条，最新的在上面。更正记错了，可按“原值”在“文章”页重新更正。")
    st.dataframe(edit_log_table(edits[:500]), hide_index=True, width="stretch")
    st.download_button("下载修改记录 CSV", lambda edits=edits: edit_log_table(edits).to_csv(index=False).encode("utf-8-sig"),
                       file_name="修改记录.csv", mime="text/csv", on_click="ignore")
