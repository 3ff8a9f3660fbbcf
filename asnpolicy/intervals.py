"""Confidence intervals shared by the analyses."""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["wilson_interval"]


def wilson_interval(successes, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (vectorised).

    Examples
    --------
    >>> low, high = wilson_interval(5, 10)
    >>> round(float(low), 4), round(float(high), 4)
    (0.2366, 0.7634)
    """
    s, n = np.asarray(successes, float), np.asarray(n, float)
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = (s + z**2 / 2) / (n + z**2)
        half = z * np.sqrt(s * (n - s) / n + z**2 / 4) / (n + z**2)
    return centre - half, centre + half
