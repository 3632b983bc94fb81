"""A parsed TrueType face kept between runs, so a command that prints does not parse the font again.

reportlab's `TTFont(name, path)` reads the whole file and builds its glyph tables in Python: for
WenQuanYi Micro Hei ~0.2-0.3 s on a quiet PC, the largest single cost of `desk-app print tally`
after the imports (issue 16 asks < 0.5 s for a document command). The parsed face is plain data
(tables, widths, the file's bytes) except one lambda, so it is pickled into the user's cache folder
and read back in milliseconds.

The cache leans on reportlab's internals (the attributes of TTFont and TTFontFace), so it is keyed
by reportlab's version as well as by the font file's path, size and modification time, and
tests/reports/test_font_cache.py checks that a face read from the cache equals a freshly parsed
one. Anything unexpected (a damaged file, another reportlab) falls back to parsing, silently: the
cache only ever saves time. The file is as trusted as the rest of the user's own files (pickle runs
code on load), which is why it lives in the user's private cache folder and nowhere shared.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import platformdirs
import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from desk_app.paths import APP_AUTHOR, APP_NAME

log = logging.getLogger(__name__)

# Bump when what is stored changes shape.
FORMAT = 1


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "fonts"


def cache_file(path: Path, subfont_index: int, directory: Path) -> Path:
    st = path.stat()
    key = f"{FORMAT}|{reportlab.Version}|{path.resolve()}|{subfont_index}|{st.st_size}|{st.st_mtime_ns}"
    return directory / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def _pdf_scale(units_per_em: int) -> Any:
    # What TTFontFile.extractInfo sets as face._pdfScale (a lambda, which pickle cannot store).
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _freeze(font: TTFont) -> bytes:
    state = {k: v for k, v in vars(font).items() if k not in ("state", "face")}
    face = {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}
    return pickle.dumps(
        {"font": state, "face_class": type(font.face), "face": face}, protocol=pickle.HIGHEST_PROTOCOL
    )


def _thaw(data: bytes, name: str) -> TTFont:
    # ~100,000 small tuples and dict entries, none of them in a cycle: with the collector on,
    # the collections their making sets off took two thirds of the load (~60 of ~90 ms).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored = pickle.loads(data)  # noqa: S301 - the user's own cache folder, see the module's docstring
    finally:
        if collecting:
            gc.enable()
    face = stored["face_class"].__new__(stored["face_class"])
    face.__dict__.update(stored["face"])
    face._pdfScale = _pdf_scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(stored["font"])
    font.face = face
    font.fontName = name
    font.state = WeakKeyDictionary()
    return font


def load_ttfont(name: str, path: Path, subfont_index: int = 0, directory: Path | None = None) -> TTFont:
    """`TTFont(name, path, subfontIndex=...)`, from the cache when it holds this very file.

    Raises what TTFont raises (TTFError, OSError) for a file that is not a usable font."""
    directory = directory or cache_dir()
    try:
        cached = cache_file(path, subfont_index, directory)
        return _thaw(cached.read_bytes(), name)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - any damage means "parse again"; the cache only saves time
        log.info("font cache for %s unreadable; parsing the font", path, exc_info=True)
    font = TTFont(name, str(path), subfontIndex=subfont_index)
    _store(font, cache_file(path, subfont_index, directory))
    return font


def _store(font: TTFont, target: Path) -> None:
    part: str | None = None
    try:
        data = _freeze(font)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(part, target)  # whole or not at all: two desks printing at once never mix
        part = None
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        # A read-only home or a reportlab whose face no longer pickles: print without a cache.
        log.info("font cache %s not written", target, exc_info=True)
    finally:
        if part is not None:
            Path(part).unlink(missing_ok=True)
