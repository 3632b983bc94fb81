"""Python's cycle collector in a process that runs one command of the command line.

A document command (`desk-app print tally`) imports SQLAlchemy, the models, the rules and
reportlab: several hundred thousand objects that live until the process ends. Left to itself the
collector walks them again and again while they are being made (a full collection walks
everything alive), and when the process ends the interpreter's last collection walks them once
more and frees them one by one. Measured on `print tally` of the demo desk (issue 16, a CLI
document command in < 0.5 s; docs/benchmarks.md): ~120 ms of CPU while starting and ~200 ms at
exit, of ~1.05 s.

So, for the process's own command line only (desk_app.__main__ with no argv; never when a test
or another program calls `main(argv)` in its own process):

- `pause()` at once: no collection while the program starts (imports, the desk opened and, if
  need be, migrated);
- `settle()` once the desk is open (cli.common.open_store; desk_app.demo's filling): what is
  alive then stays alive, so it is frozen (gc.freeze: out of every later collection's walk) and
  the collector runs again. A long command (an export of 100,000 cases, a catch-up sync) collects
  its own garbage as it always did. A command that never opens the desk (`--help`, a blank
  ledger template) is short and runs paused to its end. The window (`hand_to_window`) manages
  the collector itself, as before;
- `leave()` when the command has finished: everything is frozen, so the last collection skips it
  and the operating system takes the memory back at once. Nothing is lost: the command's files
  are written and closed and the desk's connections closed before that, and `atexit` handlers
  (logging's flush, temporary folders) still run.

Start-up garbage in cycles is frozen with the rest and never freed: a few kilobytes, once.
"""

from __future__ import annotations

import gc

# pause() was called: this process runs one command of its own command line.
_own_process = False
_paused = False


def pause() -> None:
    """Switch the collector off for the start of this process's command."""
    global _own_process, _paused
    _own_process = True
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """End the start-up pause (no-op without one): freeze what start-up made, collect again."""
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False


def hand_to_window() -> None:
    """The window runs the collector its own way (ui.app.MainThreadCollector) and tears its Qt
    objects down at exit as Qt expects: end the pause and leave the exit alone."""
    global _own_process
    settle()
    _own_process = False


def leave() -> None:
    """This process's command is done and the process ends next: keep the heap out of the
    interpreter's last collection. No-op when the command ran inside another program."""
    if _own_process:
        gc.freeze()
