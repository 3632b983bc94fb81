"""The error the API answers as JSON `{"detail": {"code": ..., "message": ...}}` (docs/sync.md, Errors)."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.status = status
        self.code = code
        self.message = message or code
