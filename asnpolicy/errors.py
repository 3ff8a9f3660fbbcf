"""The one error a user's data can cause: :class:`DataError`, with every problem found."""

from __future__ import annotations

import pandas as pd

__all__ = ["DataError", "PROBLEM_COLUMNS"]

#: Columns of a problem table: where (file, table, row, column), which rule, which value.
PROBLEM_COLUMNS = ("file", "table", "row", "column", "rule", "value")


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
    """One problem as a sentence: ``file (table T), row R, column C: rule (value: V)``."""
    where = [f"{p.file} (table {p.table})" if _present(p.file) and p.file else f"table {p.table}"]
    if _present(p.row):
        where.append(f"row {int(p.row)}")
    if _present(p.column):
        where.append(f"column {p.column}")
    text = ", ".join(where) + f": {p.rule}"
    if _present(p.value) and str(p.value) != "":
        text += f" (value: {p.value!r})" if isinstance(p.value, str) else f" (value: {p.value})"
    return text


def _present(value) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and (value is not pd.NA)
    )
