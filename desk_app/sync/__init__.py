"""Sync with the central server (docs/sync.md): the HTTP client, the backoff, the engine that
pushes the change log and pulls what other desks did, and the status the window shows.

No Qt here (tests/test_layering.py): the window runs the engine on its own worker thread
(desk_app/ui/sync_runner.py), the command line runs it directly (`desk-app sync`).
"""
