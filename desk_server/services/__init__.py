"""What the server does, as functions taking a keyword-only `session` (the template's crud)."""
