"""Shared UI seam for the dashboard pages: the cached corpus, the URL-synced filters, charts.

Only `ui.state` imports Streamlit; `ui.charts` and `ui.cloud` build figures and images from
frames and can be tested without a running app.
"""
