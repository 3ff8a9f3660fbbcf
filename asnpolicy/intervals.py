"""Confidence intervals shared by the analyses."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["mean_interval", "wilson_interval"]


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


def mean_interval(values: pd.Series, groups, confidence: float = 0.95) -> pd.DataFrame:
    """Mean per group with its t interval, mean +- t_{n-1} s / sqrt(n) (vectorised).

    Parameters
    ----------
    values : Series
        Missing values (NaN) are left out of the mean, the SD and ``n`` alike.
    groups : Series, array or column key accepted by ``Series.groupby``
    confidence : float

    Returns
    -------
    DataFrame
        Indexed by group: ``mean``, ``low``, ``high``, ``n`` (non-missing values in the
        group). A group of one value has an empty (NaN) interval; a group with no value has
        ``n`` 0 and a missing mean and interval.

    Notes
    -----
    The one-sample t interval (R's ``t.test(x)$conf.int``, which drops missing values), with
    n the number of non-missing values: counting the missing ones too would narrow the
    interval (t quantile on too many degrees of freedom, s divided by too large a root).

    Examples
    --------
    >>> out = mean_interval(pd.Series([1.0, 2.0, 3.0, 5.0]), ["a", "a", "a", "b"])
    >>> [round(x, 3) for x in out.loc["a", ["mean", "low", "high"]]]
    [2.0, -0.484, 4.484]
    >>> bool(np.isnan(out.loc["b", "low"]))
    True
    >>> with_gap = mean_interval(pd.Series([1.0, 2.0, np.nan, 3.0]), ["a"] * 4)
    >>> int(with_gap.loc["a", "n"]), round(float(with_gap.loc["a", "high"]), 3)
    (3, 4.484)
    """
    g = values.groupby(groups)
    mean, sd, n = g.mean(), g.std(ddof=1), g.count()
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(1 - (1 - confidence) / 2, n - 1) * sd / np.sqrt(n)
    return pd.DataFrame({"mean": mean, "low": mean - half, "high": mean + half, "n": n})
