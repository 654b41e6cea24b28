"""The dashboard's helpers beside `pages/`, one concern each:

- `corpus_cache`: the opened corpus (`analysis.open_corpus`), kept until its inputs change;
- `filters`: the sidebar filters synced with the URL, and pages' own URL parameters;
- `memo`: one store, within a memory budget, for what sessions share (no Streamlit);
- `shared`: a selection's query results and a view's figures, built once for every session;
- `page`: what every page does around its content (setup, flashed messages, timing);
- `report`: 导出报告, a page's sections as one self-contained HTML file and a PDF;
- `charts`, `cloud`, `text`, `render`, `export`: figures, images and text from frames
  (`charts` and `cloud` need no running app and are tested without one).
"""
