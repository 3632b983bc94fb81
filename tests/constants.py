"""Values many tests share (imported as `tests.constants`)."""

from __future__ import annotations

# PINs that pass the desk's PIN rules (domain.pins): six characters, no run, no repetition.
CLERK_PIN = "305917"
DEPUTY_PIN = "418263"
OTHER_PIN = "726150"
