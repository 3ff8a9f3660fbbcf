"""Small-cell suppression: no published figure rests on fewer than ``small_cell_min`` people."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["SMALL_CELL_MIN", "mark", "suppress"]

#: Default minimum number of people behind a published count or statistic (DESIGN.md).
SMALL_CELL_MIN = 5


def suppress(
    frame: pd.DataFrame,
    count: str,
    columns: Sequence[str] = (),
    *,
    min_n: int = SMALL_CELL_MIN,
    keep_zero: bool = True,
) -> pd.DataFrame:
    """Hide rows resting on fewer than ``min_n`` people.

    Parameters
    ----------
    frame : DataFrame
    count : str
        Column with the number of people behind each row.
    columns : sequence of str
        Statistics that rest on those people; hidden with the count.
    min_n : int
        Smallest number of people that may be shown.
    keep_zero : bool
        Whether a count of 0 may be shown (it reveals nobody).

    Returns
    -------
    DataFrame
        A copy with the hidden cells empty and a boolean column ``suppressed``.

    Examples
    --------
    >>> f = pd.DataFrame({"n": [0, 3, 12], "mean": [None, 2.5, 3.1]})
    >>> suppress(f, "n", ["mean"])["n"].tolist()
    [0, <NA>, 12]
    """
    out = frame.copy()
    n = out[count]
    hidden = (n < min_n) & ~(keep_zero & (n == 0))
    for column in (count, *columns):
        if out[column].dtype.kind in "iu":
            out[column] = out[column].astype("Int64")
        out[column] = out[column].mask(hidden)
    out["suppressed"] = hidden.to_numpy()
    return out


def mark(min_n: int = SMALL_CELL_MIN) -> str:
    """How a hidden cell is shown in a table, e.g. ``<5``."""
    return f"<{min_n}"
