"""CSV for spreadsheets: cells that a spreadsheet would run as a formula are written as text.

OWASP's CSV injection guidance: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is a formula to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``,
``@SUM(...)``, DDE ``=cmd|...``). Such a cell is prefixed with a single quote, which the
spreadsheet shows as text and does not print, and the csv module quotes it as needed.
Every export of people's data (the staff queue, fast-track batches) writes through here.
(A dozen lines against OWASP's own list rather than the little-used ``defusedcsv``, which
rewrites more than that list.)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def csv_safe_cell(value: object) -> str:
    """The text of one cell, with a leading quote when a spreadsheet would read a formula.

    A number (int, float, Decimal) is written as it is: ``-33.3`` is no formula, and a quote
    would turn a negative figure (a gap between women and men) into text in the spreadsheet.
    Only text that starts like a formula is quoted, so ``"-2+3"`` as a string still is.
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class SafeCsvWriter:
    """csv.writer whose rows go through csv_safe_cell (writerow returns what was written)."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([csv_safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
