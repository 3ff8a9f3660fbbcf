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

__all__ = ["IMPACT_GROUPS", "adverse_impact", "recorded_impact"]

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
    chosen = frame[selected].astype(bool)
    counts = pd.DataFrame(
        {"n": chosen.groupby(frame[group]).size(), "selected": chosen.groupby(frame[group]).sum()}
    )
    counts = counts[counts["n"] > 0]
    if counts.empty:
        raise ValueError(f"No applicants with a {group}.")
    counts["rate"] = counts["selected"] / counts["n"]
    if reference is None:
        reference = counts["rate"].idxmax()
    elif reference not in counts.index:
        raise ValueError(f"Reference group {reference!r} is not among {list(counts.index)}.")
    n_ref, s_ref = (np.float64(v) for v in counts.loc[reference, ["n", "selected"]])
    n, s = counts["n"].to_numpy(), counts["selected"].to_numpy()

    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    counts["rate_ci_low"], counts["rate_ci_high"] = wilson_interval(s, n, confidence)

    with np.errstate(divide="ignore", invalid="ignore"):
        counts["impact_ratio"] = counts["rate"] / counts.loc[reference, "rate"]
        se = np.sqrt(1 / s - 1 / n + 1 / s_ref - 1 / n_ref)
        log_ratio = np.log(counts["impact_ratio"].to_numpy())
        ok = (s > 0) & (s_ref > 0)
        counts["ratio_ci_low"] = np.where(ok, np.exp(log_ratio - z * se), np.nan)
        counts["ratio_ci_high"] = np.where(ok, np.exp(log_ratio + z * se), np.nan)
    four_fifths = Fraction(rules.FOUR_FIFTHS).limit_denominator(1000)  # exactly 4/5
    numerator, denominator = four_fifths.numerator, four_fifths.denominator
    counts["adverse_impact"] = s * n_ref * denominator < numerator * s_ref * n
    counts["p_value"] = [
        stats.fisher_exact([[si, ni - si], [s_ref, n_ref - s_ref]]).pvalue
        for si, ni in zip(s, n, strict=True)
    ]  # one test per group, not per applicant
    counts["reference"] = reference
    out = counts.rename_axis("group").reset_index()
    return out[
        [
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
