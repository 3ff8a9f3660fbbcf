"""Training: the learning gain on the course test, and the effect on later performance (SKP).

Two questions, two designs. *Did participants learn?* The post-course test against the
pre-course test of the same people (a paired comparison). *Did they perform better afterwards?*
A difference-in-differences on the yearly SKP rating: employees' ratings before and after their
course, against the ratings of staff not (yet) trained in the same years, with employee and
year fixed effects. A course every new recruit takes in the hire year (Latsar, a region's
induction programme) has no untrained comparison: nobody is rated before it, so its effect on
performance is reported as not estimable rather than guessed.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from . import rules
from .intervals import mean_interval
from .io import Dataset

__all__ = ["GOOD_RATING", "training_effect", "training_performance"]

#: Ratings counted as "at or above expectation" for the probability-scale outcome: Baik and
#: Sangat Baik (work result and behaviour both at least as expected, PermenPANRB 6/2022).
GOOD_RATING: tuple[str, ...] = tuple(
    label for label, score in rules.SKP_SCORE.items() if score >= rules.SKP_SCORE["Baik"]
)

_GROUPINGS = ("provider", "program")
_OUTCOMES = ("skp_score", "good_rating")
_TIME_EFFECTS = ("year", "region_year")

_NOT_ESTIMABLE = (
    "not estimable: no employee trained in this group has SKP ratings both before and after "
    "the course (e.g. induction training in the hire year, before the first rating), so there "
    "is no untrained comparison period"
)


def training_effect(
    ds: Dataset,
    *,
    by: Literal["provider", "program"] = "provider",
    confidence: float = 0.95,
    n_boot: int = 0,
    seed: int = 0,
    time_effects: Literal["year", "region_year"] = "year",
) -> pd.DataFrame:
    """Learning gain and effect on later SKP performance, per training provider or programme.

    Parameters
    ----------
    ds : Dataset
        With ``training`` and ``performance`` (and ``employees`` for
        ``time_effects="region_year"``).
    by : {"provider", "program"}
        Group the courses by provider or by programme.
    confidence : float
        Confidence level of every interval.
    n_boot : int
        0: cluster-robust (CR1) t intervals for the performance effects. More than 0: a wild
        cluster bootstrap-t with this many replicates (Rademacher weights by employee),
        advisable when few employees took a group's course.
    seed : int
        Seed of the bootstrap.
    time_effects : {"year", "region_year"}
        Fixed effects for the calendar: one per year, or one per region and year (absorbs
        region-wide changes in rating practice).

    Returns
    -------
    DataFrame
        One row per group (``provider`` or ``program``): ``n`` (courses with both test
        scores), ``n_employees``, ``pre_mean``, ``post_mean``, ``gain`` (mean post - pre) with
        ``gain_ci_low`` / ``gain_ci_high`` (paired t); ``n_switchers`` (employees rated both
        before and after a course of the group: the ones the performance effect rests on),
        ``performance_effect`` (SKP points on the 1-5 scale of ``rules.SKP_SCORE``) with
        ``performance_ci_low`` / ``performance_ci_high``, ``good_rating_effect`` (change in
        the probability of a Baik or Sangat Baik rating) with ``good_rating_ci_low`` /
        ``good_rating_ci_high``, and ``performance_note`` (why an effect is missing, or what
        it rests on).

    Notes
    -----
    The gain is the mean of d = post - pre with the interval d_bar +- t_{n-1} s_d / sqrt(n).
    It measures learning on the course's own test, not on the job; without an untrained
    group tested twice it also includes practice effects of taking the test again.

    The performance effects come from :func:`training_performance`; see there for the model
    and its assumptions.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh"], years=(2024,), scale=0.3)
    >>> out = training_effect(ds)
    >>> bool((out["gain_ci_low"] < out["gain"]).all())
    True
    """
    _check_by(by)
    ds.require("training", "performance")
    gain = _paired_gain(ds.training, by, confidence)
    score = training_performance(
        ds,
        by=by,
        outcome="skp_score",
        confidence=confidence,
        n_boot=n_boot,
        seed=seed,
        time_effects=time_effects,
    ).set_index(by)
    good = training_performance(
        ds,
        by=by,
        outcome="good_rating",
        confidence=confidence,
        n_boot=n_boot,
        seed=seed,
        time_effects=time_effects,
    ).set_index(by)
    out = gain.join(
        pd.DataFrame(
            {
                "n_switchers": score["n_switchers"],
                "performance_effect": score["effect"],
                "performance_ci_low": score["ci_low"],
                "performance_ci_high": score["ci_high"],
                "good_rating_effect": good["effect"],
                "good_rating_ci_low": good["ci_low"],
                "good_rating_ci_high": good["ci_high"],
                "performance_note": score["note"],
            }
        ),
        how="outer",
    )
    out["n_switchers"] = out["n_switchers"].fillna(0).astype(int)
    return out.rename_axis(by).reset_index()


def _check_by(by: str) -> None:
    if by not in _GROUPINGS:
        raise ValueError(f"by must be 'provider' or 'program', not {by!r}.")


def _paired_gain(training: pd.DataFrame, by: str, confidence: float) -> pd.DataFrame:
    """Paired-t mean gain per group."""
    t = training[training["pre_score"].notna() & training["post_score"].notna()]
    diff = (t["post_score"] - t["pre_score"]).astype(float)
    g = pd.DataFrame(
        {
            "pre": t["pre_score"].astype(float),
            "post": t["post_score"].astype(float),
            "diff": diff,
            "employee_id": t["employee_id"],
            by: t[by],
        }
    ).groupby(by)
    out = pd.DataFrame(
        {
            "n": g.size(),
            "n_employees": g["employee_id"].nunique(),
            "pre_mean": g["pre"].mean(),
            "post_mean": g["post"].mean(),
            "gain": g["diff"].mean(),
        }
    )
    gain = mean_interval(diff, t[by], confidence)
    out["gain_ci_low"] = gain["low"]
    out["gain_ci_high"] = gain["high"]
    return out


def training_performance(
    ds: Dataset,
    *,
    by: Literal["provider", "program"] = "provider",
    outcome: Literal["skp_score", "good_rating"] = "skp_score",
    confidence: float = 0.95,
    n_boot: int = 0,
    seed: int = 0,
    time_effects: Literal["year", "region_year"] = "year",
) -> pd.DataFrame:
    """Effect of training on later SKP ratings: difference-in-differences with two-way effects.

    Parameters
    ----------
    ds : Dataset
        With ``training`` and ``performance`` (and ``employees`` for
        ``time_effects="region_year"``).
    by : {"provider", "program"}
        Group the courses by provider or by programme; one treatment per group.
    outcome : {"skp_score", "good_rating"}
        ``skp_score``: the rating on the 1-5 scale of ``rules.SKP_SCORE`` (effect in SKP
        points). ``good_rating``: 1 for Baik or Sangat Baik, else 0 (effect as a change in
        probability, a linear probability model).
    confidence : float
        Confidence level.
    n_boot : int
        0: cluster-robust t intervals. More than 0: wild cluster bootstrap-t replicates.
    seed : int
        Seed of the bootstrap.
    time_effects : {"year", "region_year"}
        Calendar fixed effects by year, or by region and year.

    Returns
    -------
    DataFrame
        One row per group in ``training``: the group, ``n_trained`` (employees with a course
        of the group), ``n_switchers`` (of them, rated both before and after it), ``effect``,
        ``se``, ``ci_low``, ``ci_high``, ``n_obs`` and ``n_employees`` (employee-years and
        employees in the model), ``note``.

    Notes
    -----
    The model, for employee i in year t, is

        outcome_it = alpha_i + lambda_t + sum_g beta_g D_git + e_it,

    with D_git = 1 when i finished a course of group g in a year before t (the year of the
    course itself counts as untrained). The employee effects alpha_i and the calendar effects
    lambda_t are absorbed by alternating projections (Gaure 2013), employees with a single
    rating are dropped, and beta is estimated by least squares on the transformed data.
    Standard errors are cluster-robust by employee (CR1: G/(G-1) (N-1)/(N-K)), intervals use
    t with G-1 degrees of freedom. With ``n_boot`` > 0 the interval is a wild cluster
    bootstrap-t: residuals of each employee are multiplied by +-1 (Rademacher), the model
    re-estimated, and beta_hat - q t* se taken with the replicate t quantiles.

    beta_g rests only on employees whose status changes within their rated years (the
    ``n_switchers``); the comparison is with employees not (yet) trained in the same years.
    It is the average effect on the trained if, without training, their ratings would have
    moved like those of the untrained (parallel trends), the effect is the same for every
    cohort and year since the course (otherwise two-way fixed effects weight cohorts
    unevenly, Goodman-Bacon 2021), and who is trained when does not depend on a dip or a
    rise in their own ratings. Courses taken in the hire year, before the first rating,
    identify nothing: their groups get no effect and a note.

    References
    ----------
    Gaure, S. (2013). OLS with multiple high dimensional category variables. Computational
    Statistics & Data Analysis 66, 8-18.
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2008). Bootstrap-based improvements for
    inference with clustered errors. Review of Economics and Statistics 90(3), 414-427.
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing.
    Journal of Econometrics 225(2), 254-277.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh"], years=(2024,), scale=0.3)
    >>> out = training_performance(ds)
    >>> out.columns.tolist()[:4]
    ['provider', 'n_trained', 'n_switchers', 'effect']
    """
    _check_by(by)
    if outcome not in _OUTCOMES:
        raise ValueError(f"outcome must be 'skp_score' or 'good_rating', not {outcome!r}.")
    if time_effects not in _TIME_EFFECTS:
        raise ValueError(f"time_effects must be 'year' or 'region_year', not {time_effects!r}.")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}.")
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 (no bootstrap) or a positive number, not {n_boot}.")
    ds.require("training", "performance")
    if time_effects == "region_year":
        ds.require("employees")

    rating = ds.performance["skp_rating"]
    keep = rating.isin(list(rules.SKP_SCORE)).to_numpy()
    perf = ds.performance.loc[keep, ["employee_id", "year"]].reset_index(drop=True)
    if outcome == "skp_score":
        value = rating[keep].map(rules.SKP_SCORE).to_numpy(dtype=float)
    else:
        value = rating[keep].isin(GOOD_RATING).to_numpy(dtype=float)

    training = ds.training
    groups = pd.Index(pd.unique(training[by].dropna())).sort_values()
    first = training.groupby(["employee_id", by], as_index=False)["year"].min()
    first = first.rename(columns={"year": "first_year"})
    treated = _treatment_matrix(perf, first, by, groups)

    employee = pd.factorize(perf["employee_id"])[0]
    if time_effects == "year":
        period = pd.factorize(perf["year"])[0]
    else:
        region = ds.region_of("performance").to_numpy()[keep]
        period = pd.MultiIndex.from_arrays([region, perf["year"].to_numpy()])
        period = pd.factorize(period)[0]
    several = np.bincount(employee)[employee] > 1  # singletons carry no within information
    employee, period = pd.factorize(employee[several])[0], period[several]
    treated, value = treated[several], value[several]

    switch = _switchers(treated, employee)
    n_trained = first.groupby(by)["employee_id"].nunique().reindex(groups, fill_value=0)
    out = pd.DataFrame(
        {
            by: groups,
            "n_trained": n_trained.to_numpy(),
            "n_switchers": switch,
            "effect": np.nan,
            "se": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "n_obs": len(value),
            "n_employees": int(employee.max() + 1) if len(employee) else 0,
            "note": _NOT_ESTIMABLE,
        }
    )
    cols = np.flatnonzero(switch > 0)
    if len(cols) == 0:
        return out
    absorbed = _absorb(np.column_stack([value, treated[:, cols]]), [employee, period])
    fit = _cluster_ols(absorbed[:, 0], absorbed[:, 1:], employee, confidence, n_boot, seed)
    out.loc[cols, ["effect", "se", "ci_low", "ci_high"]] = fit
    out.loc[cols, "note"] = [
        f"difference-in-differences on {k} employees rated before and after the course"
        for k in switch[cols]
    ]
    return out


def _treatment_matrix(
    perf: pd.DataFrame, first: pd.DataFrame, by: str, groups: pd.Index
) -> np.ndarray:
    """D[row, g] = 1 when the employee's first course of group g was before the row's year."""
    rows = perf[["employee_id", "year"]].reset_index(names="_row")
    pairs = rows.merge(first, on="employee_id", how="inner")
    pairs = pairs[pairs["first_year"] < pairs["year"]]
    treated = np.zeros((len(perf), len(groups)))
    treated[pairs["_row"].to_numpy(), groups.get_indexer(pairs[by])] = 1.0
    return treated


def _switchers(treated: np.ndarray, employee: np.ndarray) -> np.ndarray:
    """Employees per column whose treatment changes within their own rows."""
    if treated.shape[0] == 0:
        return np.zeros(treated.shape[1], dtype=int)
    frame = pd.DataFrame(treated).groupby(employee)
    return (frame.max() != frame.min()).sum().to_numpy(dtype=int)


def _absorb(
    values: np.ndarray, codes: list[np.ndarray], *, tol: float = 1e-10, max_iter: int = 10_000
) -> np.ndarray:
    """Project out the fixed effects of each coding by alternating demeaning (Gaure 2013)."""
    out = np.array(values, dtype=float, copy=True)
    counts = [np.bincount(c) for c in codes]
    scale = max(1.0, float(np.abs(out).max())) if out.size else 1.0
    for _ in range(max_iter):
        change = 0.0
        for c, n in zip(codes, counts, strict=True):
            for j in range(out.shape[1]):  # a handful of columns
                means = np.bincount(c, weights=out[:, j], minlength=len(n)) / n
                step = means[c]
                out[:, j] -= step
                change = max(change, float(np.abs(step).max()))
        if change < tol * scale:
            return out
    raise RuntimeError(
        "The fixed effects did not converge; the panel may be very unbalanced. "
        "Try time_effects='year'."
    )


def _cluster_ols(
    y: np.ndarray,
    x: np.ndarray,
    cluster: np.ndarray,
    confidence: float,
    n_boot: int,
    seed: int,
) -> np.ndarray:
    """Least squares with cluster-robust (CR1) or wild cluster bootstrap-t intervals.

    Returns an array with one row per column of ``x``: estimate, se, ci_low, ci_high.
    """
    n, k = x.shape
    g = int(cluster.max()) + 1
    bread = np.linalg.pinv(x.T @ x)
    beta = bread @ (x.T @ y)
    resid = y - x @ beta
    score = _cluster_sums(x * resid[:, None], cluster, g)  # G x K
    factor = g / (g - 1) * (n - 1) / max(n - k, 1)
    cov = factor * bread @ (score.T @ score) @ bread
    se = np.sqrt(np.diag(cov))
    alpha = 1 - confidence
    if n_boot == 0:
        q = stats.t.ppf(1 - alpha / 2, g - 1)
        return np.column_stack([beta, se, beta - q * se, beta + q * se])
    t_star = _wild_t(x, cluster, g, bread, score, factor, n_boot, seed)
    low_q, high_q = np.quantile(t_star, [alpha / 2, 1 - alpha / 2], axis=0)
    return np.column_stack([beta, se, beta - high_q * se, beta - low_q * se])


def _cluster_sums(values: np.ndarray, cluster: np.ndarray, g: int) -> np.ndarray:
    return np.column_stack(
        [np.bincount(cluster, weights=values[:, j], minlength=g) for j in range(values.shape[1])]
    )


def _wild_t(x, cluster, g, bread, score, factor, n_boot, seed) -> np.ndarray:
    """Replicate t statistics of the wild cluster bootstrap (Rademacher, unrestricted)."""
    k = x.shape[1]
    # X_g'X_g per cluster, G x K x K
    cross = np.stack(
        [_cluster_sums(x * x[:, [j]], cluster, g) for j in range(k)], axis=2
    )  # [g, l, j] = sum x_l x_j
    rng = np.random.default_rng(seed)
    chunk = max(1, int(2e7 // max(g * k, 1)))
    t_star = np.empty((n_boot, k))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        v = rng.choice([-1.0, 1.0], size=(b, g))
        delta = (v @ score) @ bread  # beta* - beta_hat, b x K (bread is symmetric)
        s_star = v[:, :, None] * score[None] - np.einsum("glj,bj->bgl", cross, delta)
        meat = np.einsum("bgk,bgl->bkl", s_star, s_star)
        var = factor * np.einsum("kl,blm,mk->bk", bread, meat, bread)
        t_star[start : start + b] = delta / np.sqrt(var)
    return t_star
