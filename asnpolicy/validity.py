"""How well selection scores predict later performance.

``method_validity`` asks how well each selection score predicts later performance (SKP),
corrected for the range restriction that comes from seeing performance only for those hired and
for the criterion's unreliability (``criterion_reliability``). ``stage_importance`` asks which
stages carry information about later performance: a cross-validated linear model predicts each
recruit's later performance (mean SKP rating on the ordered scale, ``rules.SKP_SCORE``) from the
scores recorded at selection, and permutation importance on held-out folds shows how much each
stage adds. Because recruits were selected on these same scores, the regression of performance
on them among recruits is not biased by that selection (selection on the predictors only), but
the spread of scores, and so R^2, is smaller than in the applicant pool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import keys, rules
from .insufficient import NotEnoughData
from .io import Dataset
from .range_restriction import correct_range_restriction, lawley, pearson_lawley

__all__ = [
    "CRITERIA",
    "criterion_reliability",
    "method_validity",
    "recruit_outcomes",
    "stage_importance",
    "within_year",
    "yearly_outcomes",
]

#: Later outcomes an analysis can use: yearly SKP on the ordered 1-5 scale
#: (``rules.SKP_SCORE``), and the peer and citizen feedback scores (0-100).
CRITERIA = {"performance": "skp_score", "peer": "peer_score", "citizen": "citizen_score"}


def yearly_outcomes(ds: Dataset) -> pd.DataFrame:
    """Employee-years with the SKP score (1-5), peer and citizen scores."""
    ds.require("performance")
    perf = ds.performance
    return pd.DataFrame(
        {
            "employee_id": perf["employee_id"],
            "year": perf["year"],
            "skp_score": perf["skp_rating"].map(rules.SKP_SCORE).astype(float),
            "peer_score": perf["peer_score"].astype(float),
            "citizen_score": perf["citizen_score"].astype(float),
        }
    )


def _per_person(yearly: pd.DataFrame, column: str) -> pd.DataFrame:
    """Each person's number of years, mean and within-person sum of squares."""
    g = yearly.dropna(subset=[column]).groupby("employee_id")[column]
    out = g.agg(k="size", mean="mean", var="var")
    out["ss"] = out["var"].fillna(0.0) * (out["k"] - 1)
    return out.drop(columns="var")


def criterion_reliability(k: np.ndarray, mean: np.ndarray, ss: np.ndarray) -> float:
    """Reliability of a person's mean over their years, from one-way ANOVA of the years.

    Parameters
    ----------
    k, mean, ss : arrays
        Per person: number of years, mean, and within-person sum of squares.

    Returns
    -------
    float
        ICC(1) (years as raters nested in people, unequal numbers of years with Snedecor &
        Cochran's n0) stepped up by Spearman-Brown to the average number of years.
    """
    k = np.asarray(k, float)
    mean = np.asarray(mean, float)
    n_total, groups = k.sum(), len(k)
    if groups < 3 or n_total <= groups:
        return float("nan")
    grand = (k * mean).sum() / n_total
    ms_between = (k * (mean - grand) ** 2).sum() / (groups - 1)
    ms_within = np.asarray(ss, float).sum() / (n_total - groups)
    n0 = (n_total - (k**2).sum() / n_total) / (groups - 1)
    icc1 = (ms_between - ms_within) / (ms_between + (n0 - 1) * ms_within)
    kbar = k.mean()
    return float(np.clip(kbar * icc1 / (1 + (kbar - 1) * icc1), 1e-6, 1.0))


def within_year(x: pd.DataFrame, year: pd.Series) -> pd.DataFrame:
    """SKD scores (the ``rules.SKD_PARTS`` columns present) as z-scores within each year, as
    their maxima changed between years; other columns unchanged."""
    out = x.astype(float)
    for c in [c for c in rules.SKD_PARTS if c in x]:
        g = out[c].groupby(year.to_numpy())
        out[c] = (out[c] - g.transform("mean")) / g.transform("std")
    return out


def method_validity(
    ds: Dataset,
    predictors: Sequence[str] = rules.SCORE_COLUMNS,
    *,
    criterion: str = "performance",
    correct: str | None = "multivariate",
    reliabilities: Mapping[str, float] | None = None,
    n_boot: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Validity of each selection score for later performance, observed and corrected.

    Parameters
    ----------
    ds : Dataset
        Regions are analysed one by one (their stages differ) and stacked.
    predictors : sequence of str
        Applicant score columns; those a region did not record are left out.
    criterion : {"performance", "peer", "citizen"}
        A recruit's mean yearly SKP score (1-5), peer score or citizen score.
    correct : {"multivariate", "case2", "case4", None}
        ``"multivariate"`` (default): Lawley's correction for selection on all the scores
        at once, first from the SKD takers to the SKB participants, then from the pool to
        the hires; exact when hiring depended on the recorded scores alone, as the official
        rules make it. ``"case2"``: Thorndike's Case II for each score on its own, with
        u = SD among hires / SD in the applicant pool. ``"case4"``: Hunter-Schmidt-Le's
        Case IV, which needs ``reliabilities``. ``None``: the observed correlation only.
        Every correction also removes the criterion's unreliability (estimated from the
        agreement of a person's yearly ratings), giving the operational validity.
    reliabilities : mapping, optional
        Reliability of each score in the applicant pool, for ``case4``.
    n_boot : int
        Bootstrap resamples of the applicant pool (hires included) for the intervals.

    Returns
    -------
    DataFrame
        One row per region and predictor: ``region_id``, ``predictor``, ``n`` (hires with
        score and criterion), ``observed`` with ``observed_ci_low`` / ``observed_ci_high``,
        ``u`` (SD among hires / SD in the pool), ``criterion_reliability`` (among hires),
        ``corrected`` with ``ci_low`` / ``ci_high`` (percentile bootstrap), ``method``;
        ``leader`` (the region's highest corrected validity) and, for every other score,
        ``lead_difference`` (the leader's corrected validity minus this score's) with
        ``lead_difference_ci_low`` / ``lead_difference_ci_high``, the percentile interval of
        the paired difference over the same bootstrap resamples (empty for the leader): the
        leader is the best predictor only when every one of these lies above 0.
        ``attrs["skipped"]``: regions left out, with the reason (e.g. too few hires).

    Raises
    ------
    NotEnoughData
        Code ``tables`` when a table is absent or empty; ``validity_no_pool`` when no CPNS
        applicant sat the SKD; ``validity_too_few_hires`` (with ``n_hires``, the hires with
        an SKD score and an SKP rating) when every region is left out.

    Notes
    -----
    The pool is everyone who sat the SKD for a CPNS formasi. SKD scores are standardised
    within year. The pool's moments of the SKB scores, seen only for those admitted to the
    SKB, come from :func:`asnpolicy.range_restriction.pearson_lawley`.

    References
    ----------
    Hunter, J. E., Schmidt, F. L. & Le, H. (2006). J. Appl. Psych. 91(3), 594-612.
    Sackett, P. R. & Yang, H. (2000). J. Appl. Psych. 85(1), 112-118.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, not {criterion!r}.")
    if correct not in ("multivariate", "case2", "case4", None):
        raise ValueError(
            f"correct must be 'multivariate', 'case2', 'case4' or None, not {correct!r}."
        )
    ds.require("applicants", "formasi", "employees", "performance")
    info = ds.formasi.set_index("formasi_id")
    person = _per_person(yearly_outcomes(ds), CRITERIA[criterion])
    # the CPNS pool, split by region once (not filtered once per region: linear in regions)
    applicants = ds.applicants[
        [c for c in ds.applicants if c in ("applicant_id", "formasi_id", "twk", *predictors)]
    ]
    track = keys.lookup(applicants["formasi_id"], info["track"])
    in_pool = track.eq("cpns").to_numpy() & applicants["twk"].notna().to_numpy()
    pool = applicants[in_pool]
    hires = ds.employees.dropna(subset=["applicant_id"])
    employee_of = pd.Series(hires["employee_id"].array, index=hires["applicant_id"].array)
    # joined once for the whole pool: a join per region would hash every formasi and
    # employee id 550 times over
    pool = pool.assign(
        year=keys.lookup(pool["formasi_id"], info["year"]),
        employee_id=keys.lookup(pool["applicant_id"], employee_of),
    )
    by_region = dict(list(pool.groupby(ds.region_of("applicants").to_numpy()[in_pool])))
    frames, skipped = [], {}
    for region in ds.region_ids():
        a = by_region.get(region)
        if a is None or a.empty:
            continue
        args = (predictors, correct, reliabilities, n_boot, seed, confidence)
        try:
            frames.append(_region_validity(a, person, *args).assign(region_id=region))
        except ValueError as err:  # too few hires in this region: the others still count
            skipped[region] = str(err)
    if not frames:
        if pool.empty:
            raise NotEnoughData(
                "No CPNS applicant sat the SKD: there is no validity to estimate.",
                "validity_no_pool",
            )
        raise NotEnoughData(
            next(iter(skipped.values()), "Too few hires with scores and SKP ratings."),
            "validity_too_few_hires",
            n_hires=int(pool["employee_id"].isin(person.index).sum()),
        )
    out = pd.concat(frames, ignore_index=True)
    cols = ["region_id", *[c for c in out if c != "region_id"]]
    out = out[cols]
    out.attrs["skipped"] = skipped
    return out


def _region_validity(
    a, person, predictors, correct, reliabilities, n_boot, seed, confidence
) -> pd.DataFrame:
    """One region's validities; ``a`` has the pool's scores, ``year`` and ``employee_id``
    (empty for those not hired)."""
    used = [c for c in predictors if c in a and a[c].notna().any()]
    skd = [c for c in used if c in rules.SKD_PARTS]
    later = [c for c in used if c not in rules.SKD_PARTS]
    if correct == "case4":
        missing = [c for c in used if not reliabilities or c not in reliabilities]
        if missing:
            raise ValueError(f"case4 needs reliabilities for {', '.join(missing)}.")
    x = within_year(a[[*skd, *later]], a["year"])
    # later-stage scores complete for SKB participants; rows with some but not all are dropped
    later_x = x[later].to_numpy()
    partial = np.isnan(later_x).any(axis=1) & ~np.isnan(later_x).all(axis=1)
    x = x[~partial]
    record = person.reindex(a.loc[x.index, "employee_id"].to_numpy())
    outcome = record["mean"]
    hired = outcome.notna().to_numpy() & ~np.isnan(x.to_numpy()).any(axis=1)
    k = record["k"].to_numpy(float)
    ss = record["ss"].to_numpy(float)
    values = x.to_numpy(float)
    y = outcome.to_numpy(float)
    n_s = len(skd)

    def estimate(rows):
        v = values[rows]
        h = hired[rows]
        yh = y[rows][h]
        xh = v[h]
        # Pearson r of each score with the criterion, all scores at once
        xc, yc = xh - xh.mean(axis=0), yh - yh.mean()
        observed = (xc * yc[:, None]).sum(axis=0) / np.sqrt((xc**2).sum(axis=0) * (yc @ yc))
        ryy_i = criterion_reliability(k[rows][h], yh, ss[rows][h])
        mean, cov = (
            pearson_lawley(v[:, :n_s], v[:, n_s:])
            if later
            else (v.mean(axis=0), np.cov(v, rowvar=False))
        )
        u = xh.std(axis=0, ddof=1) / np.sqrt(np.diag(cov))
        if correct is None:
            corrected = observed
        elif correct == "multivariate":
            _, full = lawley(mean, cov, xh, yh[:, None])
            var_y = full[-1, -1]
            r = full[:-1, -1] / np.sqrt(np.diag(full)[:-1] * var_y)
            ryy_a = 1 - (1 - ryy_i) * np.var(yh, ddof=1) / var_y
            corrected = r / np.sqrt(ryy_a)
        else:
            rxx = None if correct == "case2" else np.array([reliabilities[c] for c in used])
            corrected = correct_range_restriction(
                observed, u, method=correct, rxx_a=rxx, ryy_i=ryy_i
            )
        return observed, u, np.full(len(used), ryy_i), np.asarray(corrected, float)

    n = len(values)
    observed, u, ryy, corrected = estimate(np.arange(n))
    rng = np.random.default_rng(seed)
    boots = []
    # a resample of a small region can repeat one hire or have no spread in a score: its
    # correlations are NaN (left out by nanquantile), not a warning for the reader
    with np.errstate(invalid="ignore", divide="ignore"):
        for rows in rng.integers(0, n, (n_boot, n)):
            try:
                result = estimate(rows)
                boots.append(np.vstack([result[0], result[3]]))
            except (ValueError, np.linalg.LinAlgError):
                continue
    q = (1 - confidence) / 2
    leader = int(np.nanargmax(corrected)) if np.isfinite(corrected).any() else 0
    if boots:
        boots = np.array(boots)
        obs_lo, obs_hi = np.nanquantile(boots[:, 0], [q, 1 - q], axis=0)
        lo, hi = np.nanquantile(boots[:, 1], [q, 1 - q], axis=0)
        # paired: the leader's and each score's validity from the same resample
        paired = boots[:, 1, leader][:, None] - boots[:, 1]
        diff_lo, diff_hi = np.nanquantile(paired, [q, 1 - q], axis=0)
    else:
        obs_lo = obs_hi = lo = hi = diff_lo = diff_hi = np.full(len(used), np.nan)
    is_leader = np.arange(len(used)) == leader
    diff_lo, diff_hi = np.where(is_leader, np.nan, diff_lo), np.where(is_leader, np.nan, diff_hi)
    return pd.DataFrame(
        {
            "predictor": used,
            "n": int(hired.sum()),
            "observed": observed,
            "observed_ci_low": obs_lo,
            "observed_ci_high": obs_hi,
            "u": u,
            "criterion_reliability": ryy,
            "corrected": corrected,
            "ci_low": lo,
            "ci_high": hi,
            "method": correct or "none",
            "leader": is_leader,
            "lead_difference": np.where(is_leader, np.nan, corrected[leader] - corrected),
            "lead_difference_ci_low": diff_lo,
            "lead_difference_ci_high": diff_hi,
        }
    )


def recruit_outcomes(
    ds: Dataset, components: Sequence[str] = rules.SCORE_COLUMNS, *, success: str = "Baik"
):
    """Recruits' selection scores and their mean later SKP score (1-5 scale).

    Parameters
    ----------
    success : str
        The SKP rating (``rules.SKP_LABELS``) that counts, with every better one, as success.

    Returns
    -------
    DataFrame
        One row per recruit with a performance record: ``applicant_id``, the components,
        ``performance`` (mean of ``rules.SKP_SCORE`` over the recorded years), ``success``
        (share of those years rated ``success`` or better), ``years``.
    """
    ds.require("applicants", "employees", "performance")
    if success not in rules.SKP_SCORE:
        raise ValueError(f"success must be one of {', '.join(rules.SKP_LABELS)}, not {success!r}.")
    score = ds.performance["skp_rating"].map(rules.SKP_SCORE)
    perf = pd.DataFrame(
        {
            "employee_id": ds.performance["employee_id"],
            "score": score,
            "success": score.ge(rules.SKP_SCORE[success]).astype(float),
        }
    )
    by_employee = perf.groupby("employee_id").agg(
        mean=("score", "mean"), success=("success", "mean"), size=("score", "size")
    )
    recruits = ds.employees.dropna(subset=["applicant_id"])
    out = recruits[["employee_id", "applicant_id"]].join(by_employee, on="employee_id", how="inner")
    present = [c for c in components if c in ds.applicants]
    scores = ds.applicants.set_index("applicant_id")[present]
    out = out.join(scores, on="applicant_id")
    return (
        out.rename(columns={"mean": "performance", "size": "years"})
        .drop(columns="employee_id")
        .reset_index(drop=True)
    )


def stage_importance(
    ds: Dataset,
    components: Sequence[str] = rules.SCORE_COLUMNS,
    *,
    folds: int = 5,
    repeats: int = 20,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[pd.DataFrame, dict]:
    """Cross-validated prediction of recruits' later performance from their selection scores.

    Parameters
    ----------
    components : sequence of str
        Score columns to use; those with no recorded value are dropped.
    folds, repeats : int
        K-fold splits, and permutations per component and fold.

    Returns
    -------
    importance : DataFrame
        One row per component: ``component``, ``n`` (recruits with the score),
        ``importance`` (mean drop in held-out R^2 when the component is shuffled),
        ``ci_low``, ``ci_high`` (t interval over folds).
    model : dict
        ``r2`` (mean held-out R^2), ``r2_ci_low``, ``r2_ci_high``, ``n`` (recruits), ``folds``.

    Notes
    -----
    Missing scores (a stage the recruit's region does not use) are imputed with the mean and
    flagged with indicator columns; scores are standardised; the model is ridge regression
    with its penalty chosen by internal cross-validation.
    """
    data = recruit_outcomes(ds, components)
    used = [c for c in components if c in data and data[c].notna().any()]
    if len(data) < 2 * folds or not used:
        raise ValueError(
            f"Too few recruits with performance records ({len(data)}) or no "
            "recorded selection scores to model."
        )
    x = data[used].astype(float).to_numpy()
    y = data["performance"].to_numpy(dtype=float)
    model = make_pipeline(
        SimpleImputer(add_indicator=True), StandardScaler(), RidgeCV(alphas=np.logspace(-3, 3, 13))
    )
    r2, drops = [], []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(x):
        fitted = model.fit(x[train], y[train])
        r2.append(fitted.score(x[test], y[test]))
        result = permutation_importance(
            fitted, x[test], y[test], n_repeats=repeats, random_state=seed, scoring="r2"
        )
        drops.append(result.importances_mean)
    drops = np.array(drops)
    t = stats.t.ppf(1 - (1 - confidence) / 2, folds - 1)
    half = t * drops.std(axis=0, ddof=1) / np.sqrt(folds)
    importance = pd.DataFrame(
        {
            "component": used,
            "n": [int(data[c].notna().sum()) for c in used],
            "importance": drops.mean(axis=0),
            "ci_low": drops.mean(axis=0) - half,
            "ci_high": drops.mean(axis=0) + half,
        }
    ).sort_values("importance", ascending=False, ignore_index=True)
    r2 = np.array(r2)
    r2_half = t * r2.std(ddof=1) / np.sqrt(folds)
    summary = {
        "r2": float(r2.mean()),
        "r2_ci_low": float(r2.mean() - r2_half),
        "r2_ci_high": float(r2.mean() + r2_half),
        "n": len(data),
        "folds": folds,
    }
    return importance, summary
