"""Pseudonymous ids built with vectorised string operations (no loop over rows)."""

from __future__ import annotations

import numpy as np

__all__ = ["sequential_ids"]


def sequential_ids(prefix: str, n: int, width: int, start: int = 0) -> np.ndarray:
    """``prefix`` followed by the zero-padded numbers ``start .. start + n - 1``.

    Examples
    --------
    >>> sequential_ids("e", 3, 4, start=9).tolist()
    ['e0009', 'e0010', 'e0011']
    """
    numbers = np.arange(start, start + n).astype(str)
    return np.strings.add(prefix, np.strings.zfill(numbers, width))
