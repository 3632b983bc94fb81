"""The reports screen (统计报表): one module per page, and the panel that holds them (panel.py)."""
