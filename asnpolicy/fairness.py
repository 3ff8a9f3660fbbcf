"""Adverse impact of a selection: selection rates by group and the four-fifths rule.

References
----------
Uniform Guidelines on Employee Selection Procedures (1978), 29 CFR 1607.4(D): a selection rate
for any group which is less than four-fifths of the rate of the group with the highest rate is
generally regarded as evidence of adverse impact.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import stats

from . import rules
from .insufficient import NotEnoughData
from .intervals import wilson_interval

__all__ = ["IMPACT_GROUPS", "adverse_impact", "adverse_impact_by", "recorded_impact"]

#: Applicant columns whose groups the recorded appointments are checked for adverse impact.
IMPACT_GROUPS = ("gender", "origin", "registration_mode")


def adverse_impact(
    frame: pd.DataFrame,
    group: str,
    selected: str = "selected",
    reference: str | None = None,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Selection rate per group, its ratio to the reference group, and the four-fifths flag.

    Parameters
    ----------
    frame : DataFrame
        One row per applicant.
    group : str
        Column with the group (e.g. ``gender``, ``origin``, ``registration_mode``).
    selected : str
        Boolean column: was the applicant selected.
    reference : str, optional
        Group to compare with; default the group with the highest selection rate.

    Returns
    -------
    DataFrame
        One row per group: ``group``, ``n``, ``selected``, ``rate``, ``rate_ci_low``,
        ``rate_ci_high`` (Wilson), ``impact_ratio`` (rate / reference rate),
        ``ratio_ci_low``, ``ratio_ci_high`` (log-ratio interval; empty when a count is 0),
        ``adverse_impact`` (ratio below four-fifths; exactly 0.80 is not below),
        ``p_value`` (Fisher's exact test against the reference group), ``reference``.

    Notes
    -----
    The four-fifths comparison is made in whole numbers, s_g x n_ref x 5 < 4 x s_ref x n_g,
    so a ratio of exactly 0.80 is never flagged by rounding.

    Examples
    --------
    >>> f = pd.DataFrame({"g": ["a"] * 10 + ["b"] * 10,
    ...                   "selected": [True] * 5 + [False] * 5 + [True] * 4 + [False] * 6})
    >>> adverse_impact(f, "g")[["group", "impact_ratio", "adverse_impact"]].values.tolist()
    [['a', 1.0, False], ['b', 0.8, False]]
    """
    groups, n, s = _counts(frame[group], frame[selected].astype(bool))
    if not len(groups):
        raise ValueError(f"No applicants with a {group}.")
    rate = s / n
    if reference is None:
        reference = groups[int(np.argmax(rate))]  # the first of the highest rates
    elif reference not in groups:
        raise ValueError(f"Reference group {reference!r} is not among {list(groups)}.")
    at = groups.get_loc(reference)
    out = pd.DataFrame({"group": groups, **_impact_columns(n, s, np.full(len(n), at), confidence)})
    out["reference"] = reference
    return out


_IMPACT_COLUMNS = [
    "group",
    "n",
    "selected",
    "rate",
    "rate_ci_low",
    "rate_ci_high",
    "impact_ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "adverse_impact",
    "p_value",
    "reference",
]


def adverse_impact_by(
    frame: pd.DataFrame,
    group: str,
    by: str,
    selected: str = "selected",
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`adverse_impact` within each value of ``by`` (each region), all at once.

    The same numbers as ``adverse_impact(frame[frame[by] == value], group, selected)`` for
    each value, without splitting the table: with 550 regions, one pass over the applicants
    instead of 550 sub-tables (only Fisher's test still runs once per group and region).

    Parameters
    ----------
    frame : DataFrame
        One row per applicant.
    group : str
        Column with the group (text).
    by : str
        Column whose values are compared separately (e.g. ``region_id``); rows without one
        are left out.
    selected : str
        Boolean column: was the applicant selected.
    confidence : float
        Level of the intervals.

    Returns
    -------
    DataFrame
        ``by``, then the columns of :func:`adverse_impact` (the reference group is each
        value's group with the highest rate), sorted by ``by`` and group; a value of ``by``
        with no applicant in a group (where :func:`adverse_impact` raises) has no rows.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["r"] * 20 + ["s"] * 4, "g": ["a", "b"] * 12,
    ...                   "hired": [True, False] * 10 + [True, True, False, True]})
    >>> adverse_impact_by(f, "g", "region", "hired")[["region", "group", "rate"]].values.tolist()
    [['r', 'a', 1.0], ['r', 'b', 0.0], ['s', 'a', 0.5], ['s', 'b', 1.0]]
    """
    if not all(isinstance(frame[c].dtype, pd.StringDtype) for c in (group, by)):
        return _impact_per_value(frame, group, by, selected, confidence)
    chosen = frame[selected].astype(bool)
    unit, units = pd.factorize(frame[by], sort=True)
    code, groups = pd.factorize(frame[group], sort=True)
    known = (unit >= 0) & (code >= 0)
    cell = unit[known].astype(np.int64) * len(groups) + code[known]
    size = len(units) * len(groups)
    n_all = np.bincount(cell, minlength=size)
    s_all = np.bincount(cell[chosen.to_numpy(dtype=bool)[known]], minlength=size)
    cells = np.flatnonzero(n_all)  # the groups with applicants, by unit then group
    n, s = n_all[cells], s_all[cells]
    owner, member = cells // len(groups), cells % len(groups)
    # each unit's reference: its first group of the highest rate
    rate = s / n
    first_max = pd.Series(rate).groupby(owner).idxmax().to_numpy()
    ref = first_max[np.unique(owner, return_inverse=True)[1]]
    return pd.DataFrame(
        {
            by: units.take(owner),
            "group": groups.take(member),
            **_impact_columns(n, s, ref, confidence),
            "reference": groups.take(member[ref]),
        }
    )


def _impact_columns(n: np.ndarray, s: np.ndarray, ref: np.ndarray, confidence: float) -> dict:
    """The columns of :func:`adverse_impact` from ``n`` and ``selected`` ``s`` of each group,
    against the group at position ``ref`` (one per group) of the same arrays."""
    rate = s / n
    n_ref, s_ref = n[ref].astype(np.float64), s[ref].astype(np.float64)
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    rate_low, rate_high = wilson_interval(s, n, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = rate / rate[ref]
        se = np.sqrt(1 / s - 1 / n + 1 / s_ref - 1 / n_ref)
        log_ratio = np.log(ratio)
        ok = (s > 0) & (s_ref > 0)
        ratio_low = np.where(ok, np.exp(log_ratio - z * se), np.nan)
        ratio_high = np.where(ok, np.exp(log_ratio + z * se), np.nan)
    four_fifths = Fraction(rules.FOUR_FIFTHS).limit_denominator(1000)  # exactly 4/5
    numerator, denominator = four_fifths.numerator, four_fifths.denominator
    return {
        "n": n,
        "selected": s,
        "rate": rate,
        "rate_ci_low": rate_low,
        "rate_ci_high": rate_high,
        "impact_ratio": ratio,
        "ratio_ci_low": ratio_low,
        "ratio_ci_high": ratio_high,
        "adverse_impact": s * n_ref * denominator < numerator * s_ref * n,
        "p_value": _fisher_p_values(s, n, s_ref, n_ref),
    }


def _impact_per_value(
    frame: pd.DataFrame, group: str, by: str, selected: str, confidence: float
) -> pd.DataFrame:
    """:func:`adverse_impact_by` one value of ``by`` at a time (columns that are not text)."""
    parts = []
    for value, part in frame.groupby(by, sort=True):
        try:
            table = adverse_impact(part, group, selected, confidence=confidence)
        except ValueError:  # no applicant of this value has a group
            continue
        parts.append(table.assign(**{by: value}))
    if not parts:
        return pd.DataFrame(columns=[by, *_IMPACT_COLUMNS])
    return pd.concat(parts, ignore_index=True)[[by, *_IMPACT_COLUMNS]]


def _counts(group: pd.Series, chosen: pd.Series) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """The groups with applicants (sorted, as a groupby gives them; a missing group left out),
    and each one's applicants and selected applicants (int64)."""
    if isinstance(group.dtype, pd.StringDtype):  # text: Arrow encodes it, numpy counts
        codes, groups = pd.factorize(group, sort=True)
        known = codes >= 0
        n = np.bincount(codes[known], minlength=len(groups))
        s = np.bincount(codes[known & chosen.to_numpy(dtype=bool)], minlength=len(groups))
        return groups, n, s
    grouped = chosen.groupby(group)  # one grouping for both counts
    size = grouped.size()
    present = (size > 0).to_numpy()
    return size.index[present], size.to_numpy()[present], grouped.sum().to_numpy()[present]


def _fisher_p_values(
    s: np.ndarray, n: np.ndarray, s_ref: np.ndarray, n_ref: np.ndarray
) -> list[float]:
    """Two-sided p-value of Fisher's exact test of each group's selected / not selected
    against its reference group's: one test per group, not per applicant.

    A group with its reference group's own counts (the reference group itself) has p = 1 by
    the test's definition (its count is the mode of the hypergeometric distribution:
    ``scipy.stats.fisher_exact`` returns exactly 1.0 for two equal rows), so it is not run.
    """
    return [
        1.0 if si == sr and ni == nr else stats.fisher_exact([[si, ni - si], [sr, nr - sr]]).pvalue
        for si, ni, sr, nr in zip(s, n, s_ref, n_ref, strict=True)
    ]


def recorded_impact(
    applicants: pd.DataFrame,
    groups=IMPACT_GROUPS,
    *,
    selected: str = "hired",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`adverse_impact` of the recorded appointments for each column of ``groups``.

    Returns
    -------
    DataFrame
        The rows of :func:`adverse_impact` for every column, with ``variable`` (the column)
        first; columns absent from ``applicants`` (or empty) are left out.

    Raises
    ------
    NotEnoughData
        Code ``no_groups`` when none of ``groups`` is recorded (``needs`` names them).

    Examples
    --------
    >>> f = pd.DataFrame({"gender": ["female"] * 10 + ["male"] * 10,
    ...                   "hired": [True] * 5 + [False] * 5 + [True] * 4 + [False] * 6})
    >>> recorded_impact(f)[["variable", "group", "impact_ratio"]].values.tolist()
    [['gender', 'female', 1.0], ['gender', 'male', 0.8]]
    """
    recorded = [g for g in groups if g in applicants and applicants[g].notna().any()]
    if not recorded or selected not in applicants:
        raise NotEnoughData(
            f"No applicant column among {', '.join(groups)} is recorded, with {selected}.",
            "no_groups",
            needs=[
                *(f"applicants.{g}" for g in groups if g not in recorded),
                *([] if selected in applicants else [f"applicants.{selected}"]),
            ],
        )
    parts = [
        adverse_impact(applicants, g, selected=selected, confidence=confidence).assign(variable=g)
        for g in recorded
    ]
    out = pd.concat(parts, ignore_index=True)
    return out[["variable", *(c for c in out.columns if c != "variable")]]
