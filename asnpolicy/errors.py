"""The one error a user's data can cause: :class:`DataError`, with every problem found."""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["DataError", "PROBLEM_COLUMNS", "SHOWN_CHARS", "format_problem", "printable"]

#: Columns of a problem table: where (file, table, row, column), which rule, which value.
PROBLEM_COLUMNS = ("file", "table", "row", "column", "rule", "value")
#: How many characters of a value (or a header, a path) a message echoes before cutting it.
SHOWN_CHARS = 80
#: Characters a message never prints: C0 and C1 controls but tab and newline (ESC starts the
#: sequences that retitle, clear or rewrite a terminal, BEL rings it), DEL, and the Unicode
#: marks that reorder text on screen (bidirectional overrides and isolates, "Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object, limit: int | None = None) -> str:
    """``text`` safe to print on a terminal or in a log: control characters removed and,
    given ``limit``, cut to that many characters with the full length said.

    Parameters
    ----------
    text : object
        Anything; its ``str``.
    limit : int, optional
        Most characters kept (default: all).

    Examples
    --------
    >>> printable("\\x1b]0;owned\\x07\\x1b[2Jtitle")
    ']0;owned[2Jtitle'
    >>> printable("x" * 100, limit=10)
    'xxxxxxxxx… (100 characters)'
    """
    text = _UNPRINTABLE.sub("", str(text))
    if limit is not None and len(text) > limit:
        return f"{text[: limit - 1]}… ({len(text):,} characters)"
    return text


class DataError(ValueError):
    """Input data that breaks the data model, with every problem found.

    Attributes
    ----------
    problems : DataFrame
        One row per problem, columns ``file``, ``table``, ``row`` (line in the file, the header
        being line 1; empty for problems of a whole file or column), ``column``, ``rule`` and
        ``value``.
    max_shown : int
        How many problems the message lists before it gives only the count of the rest.
    """

    def __init__(self, problems: pd.DataFrame, *, max_shown: int = 50) -> None:
        self.problems = problems.reindex(columns=list(PROBLEM_COLUMNS)).reset_index(drop=True)
        self.max_shown = max_shown
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        noun = "problem" if n == 1 else "problems"
        lines = [f"The data has {n} {noun}:"]
        for p in self.problems.head(self.max_shown).itertuples(index=False):
            lines.append("  - " + format_problem(p))
        if n > self.max_shown:
            lines.append(f"  ... and {n - self.max_shown} more (see DataError.problems).")
        return "\n".join(lines)


def format_problem(p) -> str:
    """One problem as a sentence: ``file (table T), row R, column C: rule (value: V)``.

    Whatever came from the data (the file name, a header, a value) is echoed without control
    characters and cut to :data:`SHOWN_CHARS` characters (a path to four times that).
    """
    file = printable(p.file, 4 * SHOWN_CHARS) if _present(p.file) else ""
    table = p.table if _present(p.table) and p.table else ""
    where = [f"{file} (table {table})" if file and table else file or f"table {table}"]
    if _present(p.row):
        where.append(f"row {int(p.row)}")
    if _present(p.column):
        where.append(f"column {printable(p.column, SHOWN_CHARS)}")
    text = ", ".join(where) + f": {printable(p.rule, 4 * SHOWN_CHARS)}"
    if _present(p.value) and str(p.value) != "":
        value = printable(p.value, SHOWN_CHARS)
        text += f" (value: {value!r})" if isinstance(p.value, str) else f" (value: {value})"
    return text


def _present(value) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and (value is not pd.NA)
    )
