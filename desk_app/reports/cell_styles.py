"""Styling many cells of a workbook alike, without openpyxl hashing the same style once per cell.

`cell.border = GRID` makes openpyxl look the Border up in the workbook's list of borders, which
hashes it, its four Sides and their Colors again for every cell; a tally workbook sets ~2,100
such attributes (~30-40 ms of `desk-app export tally`, docs/benchmarks.md, issue 16). `Stamps`
sets a combination of attributes the ordinary way on the first cell that wears it, keeps the
indexes openpyxl gave that cell (its style array), and gives every later cell with the same
combination a copy of them, as openpyxl's own worksheet copy does. The workbook comes out the
same: the first cell registers the styles in the same order as before, and a later cell would
only have found them registered.
"""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray


class Stamps:
    """One workbook's cell styles, each made once. A style is given as attribute=value pairs
    (font, fill, border, alignment, number_format), set in the order given; pass the same objects
    each time (module constants) for the cache to find them."""

    def __init__(self) -> None:
        # Keyed by the attribute names and the values' identities; the values are kept too, so an
        # identity is never reused by another object while this cache lives.
        self._made: dict[tuple[tuple[str, int], ...], tuple[tuple[object, ...], StyleArray]] = {}

    def apply(self, cell: Cell, **style: object) -> Cell:
        """Give `cell` (fresh, unstyled) `style`; returns the cell."""
        key = tuple((name, id(value)) for name, value in style.items())
        made = self._made.get(key)
        if made is None:
            for name, value in style.items():
                setattr(cell, name, value)
            self._made[key] = (tuple(style.values()), copy(cell._style))
        else:
            cell._style = copy(made[1])
        return cell
