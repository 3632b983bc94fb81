"""The central sync server of Station Desk (docs/sync.md is its contract)."""

__version__ = "0.1.0"
