"""Reading what a PDF of ours draws (imported by name): each page's content stream as operators,
the fonts pdffonts lists, and a page region rendered by pdftoppm as grey pixels.

The parser knows the little reportlab writes: numbered objects, page content streams compressed
with FlateDecode (optionally ASCII85 first), strings in (...) or <...>, arrays for TJ.
"""

from __future__ import annotations

import base64
import re
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\n?endstream", re.S)
_CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)"  # a literal string (reportlab escapes the parentheses inside)
    rb"|<[0-9A-Fa-f\s]*>"  # a hex string
    rb"|\[|\]"
    rb"|/[^\s/\[\]()<>]+"  # a name
    rb"|[-+]?\d*\.?\d+"  # a number
    rb"|[A-Za-z'\"*]+"  # an operator
)


def _objects(path: Path) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(path.read_bytes())}


def _decode(obj: bytes) -> bytes:
    m = _STREAM.match(obj)
    assert m, "not a stream object"
    head, data = m.group(1), m.group(2)
    if b"/ASCII85Decode" in head:
        data = base64.a85decode(data.strip().removesuffix(b"~>"))
    if b"/FlateDecode" in head:
        data = zlib.decompress(data)
    return data


def page_streams(path: Path) -> list[bytes]:
    """The decompressed content stream of each page, in the order the objects appear."""
    objects = _objects(path)
    pages = [obj for obj in objects.values() if b"/Type /Page" in obj and b"/Type /Pages" not in obj]
    return [_decode(objects[int(m.group(1))]) for page in pages for m in [_CONTENTS.search(page)] if m]


@dataclass(frozen=True, slots=True)
class Shown:
    """One text-showing operator (Tj, TJ, ' or ") and the text render mode it was drawn in."""

    render_mode: int
    font: str
    size: float


def shown_text(stream: bytes) -> list[Shown]:
    """Every text-showing operator of a content stream with the render mode in force, following
    q/Q (the mode is part of the graphics state: Q restores it) and Tr."""
    mode, font, size = 0, "", 0.0
    saved: list[tuple[int, str, float]] = []
    operands: list[bytes] = []
    out: list[Shown] = []
    depth = 0
    for tok in _TOKEN.findall(stream):
        if tok == b"[":
            depth += 1
        elif tok == b"]":
            depth -= 1
            operands.append(b"[]")
        elif depth:
            continue
        elif tok[:1] in b"(</[" or re.fullmatch(rb"[-+]?\d*\.?\d+", tok):
            operands.append(tok)
        else:
            if tok == b"q":
                saved.append((mode, font, size))
            elif tok == b"Q":
                mode, font, size = saved.pop()
            elif tok == b"Tr":
                mode = int(operands[-1])
            elif tok == b"Tf":
                font, size = operands[-2].decode(), float(operands[-1])
            elif tok in (b"Tj", b"TJ", b"'", b'"'):
                out.append(Shown(mode, font, size))
            operands = []
    return out


@dataclass(frozen=True, slots=True)
class PdfFont:
    name: str
    type: str
    embedded: bool


def pdf_fonts(path: Path) -> list[PdfFont]:
    """pdffonts' table: name, type and the "emb" column of every font the PDF lists."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in lines.splitlines()[2:]:
        cols = line.split()
        # name type [type...] encoding emb sub uni object-id gen: count from the right
        fonts.append(PdfFont(cols[0], " ".join(cols[1:-6]), cols[-5] == "yes"))
    return fonts


def ink(path: Path, *, page: int, x_mm: float, y_mm: float, w_mm: float, h_mm: float, dpi: int = 300) -> int:
    """Dark pixels (< 50% grey) of a region of a page rendered by pdftoppm at `dpi`; the region
    in millimetres from the page's top left corner."""
    px = dpi / 25.4
    out = subprocess.run(
        [
            "pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
            "-x", str(round(x_mm * px)), "-y", str(round(y_mm * px)),
            "-W", str(round(w_mm * px)), "-H", str(round(h_mm * px)), str(path),
        ],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    return _dark_pixels(out)


def _dark_pixels(pgm: bytes) -> int:
    # P5 width height maxval, one whitespace, then one byte per pixel.
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert m, "pdftoppm -gray did not give a PGM"
    pixels = pgm[m.end() :]
    return sum(1 for b in pixels if b < 128)


# -- where text and rules are on a page (the cell padding check) --------------------------------

_NUM = rb"[-+]?\d*\.?\d+"
_GRAPHICS = re.compile(
    rb"\bq\b|\bQ\b|("
    + _NUM
    + rb") ("
    + _NUM
    + rb") ("
    + _NUM
    + rb") ("
    + _NUM
    + rb") ("
    + _NUM
    + rb") ("
    + _NUM
    + rb") cm"
    rb"|(" + _NUM + rb") (" + _NUM + rb") m (" + _NUM + rb") (" + _NUM + rb") l"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line drawn on the page (points, origin bottom left)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x2) < 0.01

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y2) < 0.01


def rules(path: Path, page: int = 0) -> list[Rule]:
    """Every `x1 y1 m x2 y2 l` segment of a page, in page coordinates: the `cm` matrices reportlab
    sets inside q/Q (a table, a cell, an image) are followed."""
    stream = page_streams(path)[page]
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    found = []

    def at(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    for m in _GRAPHICS.finditer(stream):
        token = m.group(0)
        if token == b"q":
            stack.append(ctm)
        elif token == b"Q":
            ctm = stack.pop() if stack else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif m.group(1) is not None:
            a, b, c, d, e, f = (float(m.group(i)) for i in range(1, 7))
            A, B, C, D, E, F = ctm
            ctm = (
                a * A + b * C,
                a * B + b * D,
                c * A + d * C,
                c * B + d * D,
                e * A + f * C + E,
                e * B + f * D + F,
            )
        else:
            x1, y1, x2, y2 = (float(m.group(i)) for i in range(7, 11))
            found.append(Rule(*at(x1, y1), *at(x2, y2)))
    return found


@dataclass(frozen=True, slots=True)
class Word:
    """A word pdftotext found, its box in page coordinates (points, origin bottom left)."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)


def words(path: Path, page: int = 0) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    height_text, body = _PAGE.findall(out)[page]
    height = float(height_text)
    return [
        Word(text, float(x0), height - float(y1), float(x1), height - float(y0))
        for x0, y0, x1, y1, text in _WORD.findall(body)
    ]


def cell_gaps(path: Path, page: int = 0) -> list[tuple[Word, float, float]]:
    """For each word enclosed by rules on all four sides: (word, the smallest gap to the rules left
    and right of it, the smallest gap to the rules above and below it), in points."""
    lines = rules(path, page)
    vertical = [r for r in lines if r.vertical]
    horizontal = [r for r in lines if r.horizontal]
    gaps = []
    for w in words(path, page):
        mid_x, mid_y = (w.x_min + w.x_max) / 2, (w.y_min + w.y_max) / 2
        beside = [r.x1 for r in vertical if min(r.y1, r.y2) <= mid_y <= max(r.y1, r.y2)]
        across = [r.y1 for r in horizontal if min(r.x1, r.x2) <= mid_x <= max(r.x1, r.x2)]
        left = [x for x in beside if x <= mid_x]
        right = [x for x in beside if x > mid_x]
        below = [y for y in across if y <= mid_y]
        above = [y for y in across if y > mid_y]
        if not (left and right and below and above):
            continue
        gaps.append(
            (
                w,
                min(w.x_min - max(left), min(right) - w.x_max),
                min(w.y_min - max(below), min(above) - w.y_max),
            )
        )
    return gaps
