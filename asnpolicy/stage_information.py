"""Which selection stages carry information about later performance.

A cross-validated linear model predicts each recruit's later performance (mean SKP rating on
the ordered scale, ``rules.SKP_SCORE``) from the scores recorded at selection; permutation
importance on held-out folds shows how much each stage adds.

Because recruits were selected on these same scores, the regression of performance on them
among recruits is not biased by that selection (selection on the predictors only), but the
spread of scores, and so R^2, is smaller than in the applicant pool.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import rules
from .io import Dataset

__all__ = ["DEFAULT_COMPONENTS", "recruit_outcomes", "stage_importance"]

DEFAULT_COMPONENTS = (
    "twk",
    "tiu",
    "tkp",
    "skb_cat",
    "skb_psych",
    "skb_competency",
    "skb_interview",
    "skb_practical",
)


def recruit_outcomes(
    ds: Dataset, components: Sequence[str] = DEFAULT_COMPONENTS, *, success: str = "Baik"
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
    components: Sequence[str] = DEFAULT_COMPONENTS,
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
