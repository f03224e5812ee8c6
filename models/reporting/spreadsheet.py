"""Cells written for spreadsheets: text that a spreadsheet would run as a formula (it starts
with =, +, -, @, a tab or a carriage return) is kept as text by a leading apostrophe, so a
name someone typed cannot become a formula in the reader's spreadsheet."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
