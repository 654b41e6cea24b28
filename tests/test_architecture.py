"""House rules that keep the engine reusable from the CLI, tests and batch jobs."""
import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_never_imports_streamlit():
    offenders = [p.name for p in (REPO / "analysis").rglob("*.py") if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_only_segment_imports_jieba_or_rjieba():
    """One handle on the segmenter libraries, so they load lazily, once, and can be swapped."""
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "analysis").rglob("*.py")
                 if imported_modules(p) & {"jieba", "rjieba"}]
    assert offenders == ["analysis/segment.py"]


def test_chart_and_cloud_helpers_do_not_import_streamlit():
    for name in ("charts.py", "cloud.py"):
        assert "streamlit" not in imported_modules(REPO / "ui" / name)


def test_seeds_are_byte_identical_to_shared():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        import pytest

        pytest.skip("shared/seeds not beside this checkout")
    ours = sorted(p.name for p in (REPO / "seeds").iterdir())
    assert ours == sorted(p.name for p in shared.iterdir())
    for name in ours:
        assert (REPO / "seeds" / name).read_bytes() == (shared / name).read_bytes()


def test_document_text_is_escaped_before_it_becomes_html():
    from ui.text import highlight_html, md_escape

    hostile = "<img src=x onerror=alert(1)>职工<script>alert(2)</script>"
    html = highlight_html(hostile, 0, 5)
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html
    assert "<mark" in html
    assert "<" not in md_escape(hostile).replace("\\\\<", "")


def test_pages_and_ui_talk_to_the_analysis_package_only():
    offenders = []
    for path in [REPO / "dashboard.py", *(REPO / "pages").glob("*.py"), *(REPO / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                       else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}: {m}" for m in modules if m.startswith("analysis.")]
    assert offenders == []


def test_every_name_the_analysis_package_lists_exists():
    import analysis

    for name in analysis.__all__:
        assert getattr(analysis, name) is not None, name
