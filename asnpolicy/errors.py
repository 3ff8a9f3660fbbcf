"""The one error a user's data can cause: :class:`DataError`, with every problem found."""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "DataError",
    "PROBLEM_COLUMNS",
    "SHOWN_CHARS",
    "format_group",
    "format_notes",
    "format_problem",
    "group_problems",
    "no_problems",
    "printable",
    "sort_problems",
]

#: Columns of a problem table: where (file, table, row, column), which rule, which value, and
#: a hint (``did you mean 'male'?``) where one can be given.
PROBLEM_COLUMNS = ("file", "table", "row", "column", "rule", "value", "hint")


def no_problems() -> pd.DataFrame:
    """An empty problem table (the columns of :data:`PROBLEM_COLUMNS`, no rows).

    Examples
    --------
    >>> no_problems().columns.tolist()
    ['file', 'table', 'row', 'column', 'rule', 'value', 'hint']
    """
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})


def sort_problems(problems: pd.DataFrame, tables: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Problems in the order a reader goes through the data: by table (in the order of
    ``tables``), file and row, problems of a whole file or column first."""
    if not len(problems):
        return problems.reset_index(drop=True)
    order = {t: i for i, t in enumerate(tables)}
    return (
        problems.assign(_table=problems["table"].map(order), _row=problems["row"].astype("Float64"))
        .sort_values(["_table", "file", "_row"], na_position="first", kind="stable")
        .drop(columns=["_table", "_row"])
        .reset_index(drop=True)
    )


#: Columns that make a group of problems: the same rule broken in the same column of a file.
GROUP_COLUMNS = ("file", "table", "column", "rule")
#: How many rows, and how many distinct values, a group of problems names.
_SHOWN_ROWS, _SHOWN_VALUES = 8, 5
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

    The message groups the problems by file, table, column and rule: each group once, with
    how many rows break it, the first rows, the distinct values with their counts and a "did
    you mean" where one can be given.

    Attributes
    ----------
    problems : DataFrame
        One row per problem, columns ``file``, ``table``, ``row`` (line in the file, the header
        being line 1; empty for problems of a whole file or column), ``column``, ``rule``,
        ``value`` and ``hint``.
    max_shown : int
        How many groups the message lists before it gives only the count of the rest.
    """

    def __init__(self, problems: pd.DataFrame, *, max_shown: int = 100) -> None:
        self.problems = problems.reindex(columns=list(PROBLEM_COLUMNS)).reset_index(drop=True)
        self.max_shown = max_shown
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        groups = group_problems(self.problems)
        noun = "problem" if n == 1 else "problems"
        kinds = f" of {len(groups)} kinds" if len(groups) not in (1, n) else ""
        lines = [f"The data has {n:,} {noun}{kinds}:"]
        for g in groups.head(self.max_shown).itertuples(index=False):
            lines.append("  - " + format_group(g))
        if len(groups) > self.max_shown:
            lines.append(
                f"  ... and {len(groups) - self.max_shown} more kinds of problem "
                "(asnpolicy validate PATH --problems FILE.csv writes every problem)."
            )
        return "\n".join(lines)


def group_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems grouped by file, table, column and rule, in the order they first appear.

    Parameters
    ----------
    problems : DataFrame
        Columns of :data:`PROBLEM_COLUMNS`.

    Returns
    -------
    DataFrame
        One row per group: ``file``, ``table``, ``column``, ``rule``, ``n`` (problems),
        ``rows`` (list of the first row numbers, at most eight), ``values`` (list of
        ``(value, count, hint)`` for the most frequent distinct values, at most five),
        ``n_values`` (distinct values), and ``first`` (the group's first problem, a row of
        ``problems``).

    Examples
    --------
    >>> p = pd.DataFrame({"file": "e.csv", "table": "employees", "row": [2, 3, 4],
    ...                   "column": "gender", "rule": "must be one of female, male",
    ...                   "value": ["X", "X", "lk2"], "hint": [None, None, "did you mean 'male'?"]})
    >>> g = group_problems(p).iloc[0]
    >>> int(g["n"]), g["rows"], g["values"]
    (3, [2, 3, 4], [('X', 2, None), ('lk2', 1, "did you mean 'male'?")])
    """
    columns = ["file", "table", "column", "rule", "n", "rows", "values", "n_values", "first"]
    frame = problems.reindex(columns=list(PROBLEM_COLUMNS)).reset_index(drop=True)
    if not len(frame):
        return pd.DataFrame(columns=columns)
    keys = frame[list(GROUP_COLUMNS)].astype("string").fillna("\0")
    group = keys.groupby(list(GROUP_COLUMNS), sort=False, dropna=False).ngroup()
    value = frame["value"].astype("string")
    counts = (
        pd.DataFrame({"group": group, "value": value, "hint": frame["hint"]})
        .dropna(subset=["value"])
        .groupby(["group", "value"], sort=False, dropna=False)
        .agg(count=("hint", "size"), hint=("hint", "first"))
        .reset_index()
        .sort_values(["group", "count"], ascending=[True, False], kind="stable")
    )
    n_values = counts.groupby("group").size()
    top = counts.groupby("group").head(_SHOWN_VALUES)
    shown_values = {
        g: [
            (v, int(c), h if isinstance(h, str) else None)
            for v, c, h in zip(part["value"], part["count"], part["hint"], strict=True)
        ]
        for g, part in top.groupby("group", sort=False)
    }
    rows = (
        frame["row"]
        .groupby(group, sort=False)
        .agg(lambda r: [int(x) for x in r.dropna().head(_SHOWN_ROWS)])
    )
    first = frame.groupby(group, sort=False).head(1)
    out = first[list(GROUP_COLUMNS)].reset_index(drop=True)
    ids = group[first.index].to_numpy()
    out["n"] = group.value_counts().reindex(ids).to_numpy()
    out["rows"] = rows.reindex(ids).to_list()
    out["values"] = [shown_values.get(g, []) for g in ids]
    out["n_values"] = n_values.reindex(ids).fillna(0).astype(int).to_numpy()
    out["first"] = list(first.itertuples(index=False))
    return out[columns]


def format_notes(warnings: pd.DataFrame, *, max_shown: int = 100) -> list[str]:
    """Rows kept as recorded that break a rule of severity ``warning``, as lines to print:
    one per group of the same rule in the same column of a file (:func:`format_group`).

    Examples
    --------
    >>> w = pd.DataFrame({"file": "p.csv", "table": "performance", "row": [2, 5],
    ...                   "column": "skp_rating", "rule": "off",
    ...                   "value": ["Baik", "Baik"], "hint": None})
    >>> print(format_notes(w)[0])
    p.csv (table performance), column skp_rating: off; 2 rows (2, 5); values 'Baik' (2 rows)
    """
    groups = group_problems(warnings)
    lines = [format_group(g) for g in groups.head(max_shown).itertuples(index=False)]
    if len(groups) > max_shown:
        lines.append(f"... and {len(groups) - max_shown} more kinds of note")
    return lines


def format_group(g) -> str:
    """One group of :func:`group_problems` as a sentence.

    A group of one problem reads as :func:`format_problem`; a larger one names the rule once,
    how many rows break it, the first rows, and the most frequent values with their counts and
    a "did you mean".
    """
    if g.n == 1:
        return format_problem(g.first)
    p = g.first
    file = printable(p.file, 4 * SHOWN_CHARS) if _present(p.file) else ""
    table = p.table if _present(p.table) and p.table else ""
    where = [f"{file} (table {table})" if file and table else file or f"table {table}"]
    if _present(p.column):
        where.append(f"column {printable(p.column, SHOWN_CHARS)}")
    text = ", ".join(where) + f": {printable(p.rule, 4 * SHOWN_CHARS)}"
    if g.rows:
        more = g.n - len(g.rows)
        shown = ", ".join(str(r) for r in g.rows)
        text += f"; {g.n:,} rows ({shown}" + (f" and {more:,} more" if more > 0 else "") + ")"
    else:
        text += f"; {g.n:,} times"
    if g.values:
        parts = []
        for value, count, hint in g.values:
            part = f"{printable(value, SHOWN_CHARS)!r} ({count:,} row" + ("s" if count > 1 else "")
            if hint:
                part += f"; {printable(hint, SHOWN_CHARS)}"
            parts.append(part + ")")
        text += "; values " + ", ".join(parts)
        if g.n_values > len(g.values):
            text += f"; and {g.n_values - len(g.values):,} other values"
    return text


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
    hint = getattr(p, "hint", None)
    if _present(hint) and str(hint) != "":
        text += f"; {printable(hint, SHOWN_CHARS)}"
    return text


def _present(value) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and (value is not pd.NA)
    )
