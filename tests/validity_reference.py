"""The row-by-row bootstrap of method validity as it was before issue 20 (commit 7bb20e9):
each resample re-builds its pool from drawn rows and corrects it. The package now resamples by
weights on moment matrices; tests/test_validity.py checks that both give the same numbers from
the same seed. Kept here, unchanged, as the independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from asnpolicy import rules
from asnpolicy.range_restriction import correct_range_restriction, lawley, pearson_lawley
from asnpolicy.validity import criterion_reliability, within_year


def region_validity_by_rows(
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
