"""The duty rota screen (排班): one module per page, and the panel that holds them (panel.py)."""
