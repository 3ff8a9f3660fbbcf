"""Inter-rater reliability of assessment panels, and assessors' leniency toward local applicants.

References
----------
Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
reliability. Psychological Bulletin, 86(2), 420-428.
McGraw, K. O. & Wong, S. P. (1996). Forming inferences about some intraclass correlation
coefficients. Psychological Methods, 1(1), 30-46.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from . import keys
from .insufficient import NotEnoughData
from .io import Dataset

__all__ = ["icc", "local_leniency", "panel_ratings", "panel_reliability"]

_FORMS = (
    ("ICC1", "single rater, one-way random (raters nested in targets)"),
    ("ICC2", "single rater, two-way random, absolute agreement"),
    ("ICC3", "single rater, two-way mixed, consistency"),
    ("ICC1k", "mean of k raters, one-way random"),
    ("ICC2k", "mean of k raters, two-way random, absolute agreement"),
    ("ICC3k", "mean of k raters, two-way mixed, consistency"),
)


def icc(
    ratings: pd.DataFrame,
    targets: str,
    raters: str,
    ratings_col: str,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Intraclass correlations in the six forms of Shrout & Fleiss (1979).

    Parameters
    ----------
    ratings : DataFrame
        Long format: one row per rating.
    targets, raters, ratings_col : str
        Columns naming what is rated, who rates, and the rating.
    confidence : float
        Level of the confidence intervals.

    Returns
    -------
    DataFrame
        One row per form (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k): ``type``, ``description``,
        ``icc``, ``f``, ``df1``, ``df2``, ``p_value`` (H0: ICC = 0), ``ci_low``, ``ci_high``,
        ``n_targets``, ``n_raters``.

    Notes
    -----
    Targets not rated by every rater are left out (a complete targets x raters table is
    needed). With n targets and k raters, from the two-way ANOVA mean squares MSR (targets),
    MSC (raters), MSE (residual) and MSW (within targets):
    ICC1 = (MSR - MSW) / (MSR + (k - 1) MSW); ICC2 = (MSR - MSE) / (MSR + (k - 1) MSE +
    k (MSC - MSE) / n); ICC3 = (MSR - MSE) / (MSR + (k - 1) MSE); the k forms are the
    Spearman-Brown step-ups. Confidence intervals follow McGraw & Wong (1996), with
    Satterthwaite's degrees of freedom for ICC2.

    Examples
    --------
    Shrout & Fleiss (1979), Table 1: six targets rated by four judges.

    >>> table = pd.DataFrame([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6],
    ...                       [10, 5, 6, 9], [6, 2, 4, 7]])
    >>> long = table.stack().rename("score").rename_axis(["target", "judge"]).reset_index()
    >>> icc(long, "target", "judge", "score")["icc"].round(2).tolist()
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    """
    wide = ratings.pivot_table(
        index=targets, columns=raters, values=ratings_col, aggfunc="mean"
    ).dropna()
    return _icc_forms(wide.to_numpy(dtype=float), confidence)


def _mean_squares(x: np.ndarray) -> tuple[int, int, float, float, float, float]:
    """``n``, ``k`` and the mean squares MSR, MSC, MSE and MSW of a complete targets x raters
    table (:func:`icc`'s Notes).

    Raises
    ------
    NotEnoughData
        Code ``too_few_ratings`` for fewer than 2 targets or 2 raters.
    """
    n, k = x.shape
    if n < 2 or k < 2:
        raise NotEnoughData(
            f"An ICC needs at least 2 targets rated by every one of at least 2 raters; "
            f"found {n} complete targets and {k} raters.",
            "too_few_ratings",
            n_targets=n,
            n_raters=k,
        )
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    ss_error = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    msw = (ss_total - ss_rows) / (n * (k - 1))
    return n, k, msr, msc, mse, msw


def _one_way(n: int, k: int, msr: float, msw: float, q: float) -> dict[str, tuple]:
    """ICC1 and ICC1k with their confidence limits (``q``: the upper quantile), and the F
    test: form -> (icc, ci_low, ci_high), and ``"test"`` -> (F, df1, df2)."""
    f1, df1_1, df2_1 = msr / msw, n - 1, n * (k - 1)
    fl1, fu1 = f1 / stats.f.ppf(q, df1_1, df2_1), f1 * stats.f.ppf(q, df2_1, df1_1)
    return {
        "ICC1": (
            (msr - msw) / (msr + (k - 1) * msw),
            (fl1 - 1) / (fl1 + k - 1),
            (fu1 - 1) / (fu1 + k - 1),
        ),
        "ICC1k": ((msr - msw) / msr, 1 - 1 / fl1, 1 - 1 / fu1),
        "test": (f1, df1_1, df2_1),
    }


def _icc_forms(x: np.ndarray, confidence: float) -> pd.DataFrame:
    """The six forms of :func:`icc` from a complete targets x raters table."""
    n, k, msr, msc, mse, msw = _mean_squares(x)
    q = 1 - (1 - confidence) / 2
    one_way = _one_way(n, k, msr, msw, q)
    values = {
        "ICC1": one_way["ICC1"][0],
        "ICC2": (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n),
        "ICC3": (msr - mse) / (msr + (k - 1) * mse),
        "ICC1k": one_way["ICC1k"][0],
        "ICC2k": (msr - mse) / (msr + (msc - mse) / n),
        "ICC3k": (msr - mse) / msr,
    }
    f3, df1_3, df2_3 = msr / mse, n - 1, (n - 1) * (k - 1)
    tests = {"1": one_way["test"], "2": (f3, df1_3, df2_3), "3": (f3, df1_3, df2_3)}

    fl3, fu3 = f3 / stats.f.ppf(q, df1_3, df2_3), f3 * stats.f.ppf(q, df2_3, df1_3)
    ci = {
        "ICC1": one_way["ICC1"][1:],
        "ICC1k": one_way["ICC1k"][1:],
        "ICC3": ((fl3 - 1) / (fl3 + k - 1), (fu3 - 1) / (fu3 + k - 1)),
        "ICC3k": (1 - 1 / fl3, 1 - 1 / fu3),
    }
    r2 = values["ICC2"]
    fj = msc / mse
    vn = (k - 1) * (n - 1) * (k * r2 * fj + n * (1 + (k - 1) * r2) - k * r2) ** 2
    vd = (n - 1) * k**2 * r2**2 * fj**2 + (n * (1 + (k - 1) * r2) - k * r2) ** 2
    v = vn / vd
    f2u, f2l = stats.f.ppf(q, n - 1, v), stats.f.ppf(q, v, n - 1)
    low2 = n * (msr - f2u * mse) / (f2u * (k * msc + (k * n - k - n) * mse) + n * msr)
    high2 = n * (f2l * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f2l * msr)
    ci["ICC2"] = (low2, high2)
    ci["ICC2k"] = (low2 * k / (1 + low2 * (k - 1)), high2 * k / (1 + high2 * (k - 1)))

    rows = []
    for name, description in _FORMS:
        f, d1, d2 = tests[name[3]]
        rows.append(
            {
                "type": name,
                "description": description,
                "icc": values[name],
                "f": f,
                "df1": d1,
                "df2": d2,
                "p_value": stats.f.sf(f, d1, d2),
                "ci_low": ci[name][0],
                "ci_high": ci[name][1],
                "n_targets": n,
                "n_raters": k,
            }
        )
    return pd.DataFrame(rows)


def panel_ratings(ds: Dataset) -> pd.DataFrame:
    """The assessors' ratings with each applicant's ``panel`` type and ``origin``; the
    in-depth interview counts as an interview stage."""
    ds.require("assessments", "applicants")
    a = ds.applicants
    ids = pd.Index(a["applicant_id"])  # the two columns, not the whole table, by applicant
    out = ds.assessments.copy()
    at = keys.positions(out["applicant_id"], ids)  # found once for both columns
    for column in ("panel", "origin"):  # an unrecorded column is empty
        values = (
            pd.Series(a[column].array, index=ids)
            if column in a
            else pd.Series(pd.NA, index=ids, dtype=object)
        )
        out[column] = keys.lookup(out["applicant_id"], values, at=at)
    out["stage"] = out["stage"].replace({"in_depth_interview": "interview"})
    return out


def panel_reliability(ds: Dataset, *, confidence: float = 0.95) -> pd.DataFrame:
    """Reliability of each kind of panel at each rated stage.

    Assessors differ from one applicant to the next, so the one-way forms apply: ICC1 (one
    assessor) and ICC1k (the panel's mean of k assessors).

    Returns
    -------
    DataFrame
        One row per stage and panel type: ``stage``, ``panel``, ``n_applicants``,
        ``n_raters``, ``icc1``, ``icc1_ci_low``, ``icc1_ci_high``, ``icc1k``,
        ``icc1k_ci_low``, ``icc1k_ci_high``. Empty without assessments; a stage and panel
        type with fewer than 2 applicants rated by 2 assessors or more is left out.

    Raises
    ------
    NotEnoughData
        Code ``no_complete_panels`` when assessments are recorded but no stage and panel
        type has enough complete ratings (or the applicants' ``panel`` is not recorded).
    """
    columns = [
        "stage",
        "panel",
        "n_applicants",
        "n_raters",
        "icc1",
        "icc1_ci_low",
        "icc1_ci_high",
        "icc1k",
        "icc1k_ci_low",
        "icc1k_ci_high",
    ]
    if ds.assessments is None or ds.assessments.empty:
        return pd.DataFrame(columns=columns)  # nothing was rated by panels
    ratings = panel_ratings(ds)
    applicant, _ = pd.factorize(ratings["applicant_id"], sort=True)  # codes in id order
    seat = _seats(ratings)
    rating = ratings["rating"].to_numpy(dtype=float, na_value=np.nan)
    stage_code, stages = pd.factorize(ratings["stage"], sort=True)
    panel_code, panels = pd.factorize(ratings["panel"], sort=True)
    grouped = (stage_code >= 0) & (panel_code >= 0)  # a missing stage or panel: no group
    pair = stage_code.astype(np.int64) * len(panels) + panel_code
    rows = []
    q = 1 - (1 - confidence) / 2
    for key in np.unique(pair[grouped]):  # by stage, then panel, as a sorted groupby
        member = grouped & (pair == key)
        table = _complete_table(applicant[member], seat[member], rating[member])
        try:
            n, k, msr, _, _, msw = _mean_squares(table)
        except NotEnoughData:
            continue  # too few complete ratings for this stage and panel
        one_way = _one_way(n, k, msr, msw, q)  # the one-way forms of icc(), not all six
        rows.append(
            {
                "stage": stages[key // len(panels)],
                "panel": panels[key % len(panels)],
                "n_applicants": n,
                "n_raters": k,
                **dict(zip(("icc1", "icc1_ci_low", "icc1_ci_high"), one_way["ICC1"], strict=True)),
                **dict(
                    zip(("icc1k", "icc1k_ci_low", "icc1k_ci_high"), one_way["ICC1k"], strict=True)
                ),
            }
        )
    if not rows:
        raise NotEnoughData(
            "No stage and panel type has 2 applicants rated by 2 assessors or more.",
            "no_complete_panels",
            needs=[] if ratings["panel"].notna().any() else ["applicants.panel"],
        )
    return pd.DataFrame(rows, columns=columns)


def _seats(ratings: pd.DataFrame) -> np.ndarray:
    """Each rating's seat: its place among the ratings of its applicant at its stage, in the
    table's order (``groupby(["applicant_id", "stage"]).cumcount()``, on integer keys)."""
    applicant, _ = pd.factorize(ratings["applicant_id"])
    stage, stages = pd.factorize(ratings["stage"])
    if (applicant < 0).any() or (stage < 0).any():  # a missing key: as pandas numbers it
        return ratings.groupby(["applicant_id", "stage"]).cumcount().to_numpy()
    key = applicant.astype(np.int64) * max(len(stages), 1) + stage
    order = np.argsort(key, kind="stable")  # each group's ratings together, in table order
    position, ordered = np.arange(len(key)), key[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]  # where each group starts
    seat = np.empty(len(key), dtype=np.int64)
    seat[order] = position - np.maximum.accumulate(np.where(first, position, 0))
    return seat


def _complete_table(target: np.ndarray, seat: np.ndarray, rating: np.ndarray) -> np.ndarray:
    """The targets x seats table of the ratings of the targets rated at every seat, as
    :func:`icc` builds it (``pivot_table`` of the mean, then the complete rows; rows and
    columns in sorted order). ``target``: codes in sorted order (-1: missing)."""
    rater, _ = pd.factorize(seat, sort=True)
    keyed = (target >= 0) & (rater >= 0)
    cell = target[keyed].astype(np.int64) * (int(rater.max(initial=0)) + 1) + rater[keyed]
    if len(np.unique(cell)) < len(cell):  # several ratings at one seat: pivot_table's mean
        frame = pd.DataFrame({"target": target, "seat": seat, "rating": rating})[keyed]
        table = frame.pivot_table(index="target", columns="seat", values="rating", aggfunc="mean")
        return table.dropna().to_numpy(dtype=float)
    rated = keyed & ~np.isnan(rating)  # a missing rating leaves its cell empty
    rows, row = np.unique(target[rated], return_inverse=True)
    columns, column = np.unique(rater[rated], return_inverse=True)
    table = np.full((len(rows), len(columns)), np.nan)
    table[row, column] = rating[rated]
    return table[~np.isnan(table).any(axis=1)]


def local_leniency(ds: Dataset, *, confidence: float = 0.95) -> pd.DataFrame:
    """How much higher assessors rate local than non-local applicants, by assessor type.

    Returns
    -------
    DataFrame
        One row per stage and assessor type: ``stage``, ``assessor_type``, ``n_local``,
        ``n_non_local`` (applicants), ``difference`` (mean rating of locals minus non-locals,
        points), ``ci_low``, ``ci_high`` (Welch).

    Notes
    -----
    Each applicant's ratings by assessors of one type are averaged first, so applicants, not
    ratings, are the units. The difference is leniency only if local and non-local applicants
    are alike in what is rated; compare it with the same difference among external assessors,
    who have no reason to favour locals.
    """
    ratings = panel_ratings(ds)
    per_applicant = ratings.groupby(
        ["stage", "assessor_type", "applicant_id", "origin"], as_index=False
    )["rating"].mean()
    rows = []
    for (stage, kind), group in per_applicant.groupby(["stage", "assessor_type"]):
        local = group.loc[group["origin"] == "local", "rating"]
        other = group.loc[group["origin"] == "non_local", "rating"]
        if len(local) < 2 or len(other) < 2:
            continue
        test = stats.ttest_ind(local, other, equal_var=False)
        ci = test.confidence_interval(confidence)
        rows.append(
            {
                "stage": stage,
                "assessor_type": kind,
                "n_local": len(local),
                "n_non_local": len(other),
                "difference": local.mean() - other.mean(),
                "ci_low": ci.low,
                "ci_high": ci.high,
            }
        )
    return pd.DataFrame(rows)
