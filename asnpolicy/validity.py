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

from . import keys, rules
from .insufficient import NotEnoughData
from .io import Dataset
from .range_restriction import correct_range_restriction

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
            "skp_score": keys.recode(perf["skp_rating"], rules.SKP_SCORE).astype(float),
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
    skd = [c for c in rules.SKD_PARTS if c in x]
    if skd:
        out[skd] = _standardised(out[skd].to_numpy(), np.asarray(year))
    return out


def _standardised(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Each column as z-scores (SD with ddof 1) within the groups ``group``; NaN stays NaN, and
    a group of one gives NaN, as pandas' groupby ``transform("std")`` does."""
    codes = pd.factorize(group, use_na_sentinel=False)[0]
    out = np.empty_like(values, dtype=float)
    for j in range(values.shape[1]):  # the few SKD parts, not rows
        column = values[:, j]
        seen = ~np.isnan(column)
        count = np.bincount(codes[seen], minlength=codes.max(initial=-1) + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(codes[seen], column[seen], minlength=len(count)) / count
            centred = column - mean[codes]
            squares = np.bincount(codes[seen], centred[seen] ** 2, minlength=len(count))
            out[:, j] = centred / np.sqrt(squares / (count - 1))[codes]
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
        Bootstrap resamples of the applicant pool (hires included) for the intervals, drawn
        as weights on the pool's moment matrices (one matrix product per resample).

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

    The result is kept with the dataset (:meth:`Dataset.remembered`): asked again for the
    same tables and arguments (as :func:`asnpolicy.compare.scorecard` does), it is not
    computed again.
    """
    predictors = tuple(predictors)
    key = ("method_validity", predictors, criterion, correct, _frozen(reliabilities), n_boot,
           seed, confidence)  # fmt: skip
    return ds.remembered(
        key,
        lambda: _method_validity(
            ds, predictors, criterion, correct, reliabilities, n_boot, seed, confidence
        ),
    )


def _frozen(mapping: Mapping[str, float] | None) -> tuple | None:
    """A mapping as a sorted tuple of its items (hashable), None as None."""
    return None if mapping is None else tuple(sorted(dict(mapping).items()))


def _method_validity(
    ds: Dataset,
    predictors: Sequence[str],
    criterion: str,
    correct: str | None,
    reliabilities: Mapping[str, float] | None,
    n_boot: int,
    seed: int,
    confidence: float,
) -> pd.DataFrame:
    """:func:`method_validity`, computed."""
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
    employee = keys.lookup(pool["applicant_id"], employee_of)
    pool = pool.assign(
        year=keys.lookup(pool["formasi_id"], info["year"]),
        employee_id=employee,
        criterion_k=keys.lookup(employee, person["k"]).astype(float),
        criterion_mean=keys.lookup(employee, person["mean"]).astype(float),
        criterion_ss=keys.lookup(employee, person["ss"]).astype(float),
    )
    by_region = dict(list(pool.groupby(ds.region_of("applicants").to_numpy()[in_pool])))
    frames, skipped = [], {}
    for region in ds.region_ids():
        a = by_region.get(region)
        if a is None or a.empty:
            continue
        args = (predictors, correct, reliabilities, n_boot, seed, confidence)
        try:
            frames.append(_region_validity(a, *args).assign(region_id=region))
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
    a, predictors, correct, reliabilities, n_boot, seed, confidence
) -> pd.DataFrame:
    """One region's validities; ``a`` has the pool's scores, ``year``, ``employee_id`` (empty
    for those not hired) and the hires' criterion: ``criterion_k`` (years), ``criterion_mean``
    and ``criterion_ss`` (within-person sum of squares), joined once for the
    whole pool.

    The bootstrap resamples the pool by weights: resample b draws row i ``w[b, i]`` times
    (the counts of ``n`` uniform draws, a multinomial), and every statistic below is a
    function of weighted sums (moment matrices) of the pool, the SKB participants and the
    hires, so all resamples cost one matrix product per group instead of a new pool each.
    The draws are those a resample of rows would make with the same seed, so the estimates
    equal a row-by-row bootstrap's to rounding. A resample with too few distinct hires for
    Lawley's correction (the scores + 2) or SKB participants (the scores + 1) is left out:
    its covariance is singular, whether or not rounding lets LAPACK see it.
    """
    used = [c for c in predictors if c in a and a[c].notna().any()]
    skd = [c for c in used if c in rules.SKD_PARTS]
    later = [c for c in used if c not in rules.SKD_PARTS]
    if correct == "case4":
        missing = [c for c in used if not reliabilities or c not in reliabilities]
        if missing:
            raise ValueError(f"case4 needs reliabilities for {', '.join(missing)}.")
    values = a[[*skd, *later]].to_numpy(float)
    values[:, : len(skd)] = _standardised(values[:, : len(skd)], a["year"].to_numpy())
    # later-stage scores complete for SKB participants; rows with some but not all are dropped
    later_x = values[:, len(skd) :]
    complete = ~(np.isnan(later_x).any(axis=1) & ~np.isnan(later_x).all(axis=1))
    values = values[complete]
    k, y, ss = (
        a[c].to_numpy(float)[complete] for c in ("criterion_k", "criterion_mean", "criterion_ss")
    )
    hired = ~np.isnan(y) & ~np.isnan(values).any(axis=1)
    rxx = np.array([reliabilities[c] for c in used]) if correct == "case4" else None
    data = _Pool(values, len(skd), hired, y, k, ss)

    n = len(values)
    full = data.estimates(np.ones((1, n)), correct, rxx, raise_errors=True)
    observed, u, ryy, corrected = (v[0] for v in full)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, (n_boot, n))
    weights = np.bincount(
        (draws + n * np.arange(n_boot)[:, None]).ravel(), minlength=n_boot * n
    ).reshape(n_boot, n)
    # a resample of a small region can repeat one hire or have no spread in a score: its
    # correlations are NaN (left out by nanquantile), not a warning for the reader
    with np.errstate(invalid="ignore", divide="ignore"):
        boot_observed, _, _, boot_corrected = data.estimates(weights, correct, rxx)
    q = (1 - confidence) / 2
    leader = int(np.nanargmax(corrected)) if np.isfinite(corrected).any() else 0
    if n_boot and np.isfinite(boot_observed).any():
        obs_lo, obs_hi = np.nanquantile(boot_observed, [q, 1 - q], axis=0)
        lo, hi = np.nanquantile(boot_corrected, [q, 1 - q], axis=0)
        # paired: the leader's and each score's validity from the same resample
        paired = boot_corrected[:, leader][:, None] - boot_corrected
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


def _moments(w: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted count, mean and covariance (ddof 1) of the columns of ``z`` for each row of
    weights ``w``: what ``np.mean`` and ``np.cov`` give on the rows repeated by their weights,
    NaN where a row with a NaN in that column has weight.

    Parameters
    ----------
    w : array (b, m)
        Whole-number weights (times each row is drawn).
    z : array (m, d)

    Returns
    -------
    count : array (b,)
    mean : array (b, d)
    cov : array (b, d, d)

    Notes
    -----
    One matrix product gives every sum at once: the weights are read once (they are the
    large operand), against the columns, their pairwise products and the NaN flags.
    """
    missing = np.isnan(z)
    d = z.shape[1]
    # centred on the unweighted mean first: the sums of squares then lose no precision
    filled = np.where(missing, 0.0, z)
    centre = filled.sum(axis=0) / np.maximum((~missing).sum(axis=0), 1)
    c = np.where(missing, 0.0, filled - centre)
    columns = [np.ones((len(c), 1)), c, (c[:, :, None] * c[:, None, :]).reshape(len(c), d * d)]
    if missing.any():
        columns.append(missing)
    sums = w @ np.hstack(columns)
    count = sums[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums[:, 1 : 1 + d] / count[:, None]
        products = sums[:, 1 + d : 1 + d + d * d].reshape(-1, d, d)
        cov = (products - count[:, None, None] * mean[:, :, None] * mean[:, None, :]) / (count - 1)[
            :, None, None
        ]
    if missing.any():
        drawn = sums[:, 1 + d + d * d :] > 0
        mean = np.where(drawn, np.nan, mean)
        cov = np.where(drawn[:, :, None] | drawn[:, None, :], np.nan, cov)
    return count, mean + centre, cov


def _solve(a: np.ndarray, b: np.ndarray, raise_errors: bool) -> tuple[np.ndarray, np.ndarray]:
    """``np.linalg.solve`` for each of a stack of systems, and which were singular (a resample
    the row-by-row bootstrap dropped); NaN for those and for a system with a NaN.

    With ``raise_errors``, a singular system raises ``np.linalg.LinAlgError``."""
    out = np.full(b.shape, np.nan)
    singular = np.zeros(len(a), dtype=bool)
    ok = np.isfinite(a).all(axis=(1, 2)) & np.isfinite(b).all(axis=(1, 2))
    try:
        out[ok] = np.linalg.solve(a[ok], b[ok])
    except np.linalg.LinAlgError:  # one singular system stops the stack: solve one by one
        if raise_errors:
            raise
        for i in np.flatnonzero(ok):
            try:
                out[i] = np.linalg.solve(a[i], b[i])
            except np.linalg.LinAlgError:
                singular[i] = True
    return out, singular


class _Pool:
    """A region's CPNS pool for :func:`_region_validity`: the scores (SKD first), who was
    hired, and the hires' criterion mean, years and within-person sum of squares."""

    def __init__(self, values, n_skd, hired, y, k, ss):
        self.values, self.n_skd, self.hired = values, n_skd, hired
        self.y, self.k, self.ss = y, k, ss
        self.seen = ~np.isnan(values[:, n_skd:]).any(axis=1)

    def estimates(
        self, w: np.ndarray, correct: str | None, rxx: np.ndarray | None, raise_errors=False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Observed r, u, criterion reliability and corrected r of each score for each row of
        weights ``w`` (b, n): arrays (b, p), NaN for a resample that cannot be corrected.

        With ``raise_errors`` (the estimate on the data themselves), a pool that cannot be
        corrected raises the ValueError that says why."""
        p, s = self.values.shape[1], self.n_skd
        v, h = self.values, self.hired
        w = w.astype(float)
        # resamples the row-by-row bootstrap dropped (a correction refused them): all NaN
        dropped = np.zeros(len(w), dtype=bool)
        # the pool's covariance of the scores: SKB scores only seen for the SKB participants
        if p > s:
            _, _, cov_x = _moments(w, v[:, :s])
            seen_n, _, c_s = _moments(w[:, self.seen], v[self.seen])
            _enough(seen_n, p, raise_errors)
            b, singular = _solve(c_s[:, :s, :s], c_s[:, :s, s:], raise_errors)
            # fewer distinct participants than variables: a singular covariance, whether or not
            # rounding lets LAPACK see it (the row-by-row bootstrap dropped it only then)
            dropped |= singular | ((w[:, self.seen] > 0).sum(axis=1) <= p)
            s_xy = cov_x @ b
            s_yy = c_s[:, s:, s:] + b.transpose(0, 2, 1) @ (cov_x - c_s[:, :s, :s]) @ b
            pool_cov = np.block([[cov_x, s_xy], [s_xy.transpose(0, 2, 1), s_yy]])
        else:
            _, _, pool_cov = _moments(w, v)
        hires = np.column_stack([v[h], self.y[h]])
        w_h = w[:, h]
        hired_n, _, c_h = _moments(w_h, hires)
        var_x = np.diagonal(c_h[:, :p, :p], axis1=1, axis2=2)
        var_y = c_h[:, p, p]
        observed = c_h[:, :p, p] / np.sqrt(var_x * var_y[:, None])
        ryy = self._reliability(w_h)
        u = np.sqrt(var_x) / np.sqrt(np.diagonal(pool_cov, axis1=1, axis2=2))
        if correct is None:
            corrected = observed
        elif correct == "multivariate":
            _enough(hired_n, p + 1, raise_errors)
            b, singular = _solve(c_h[:, :p, :p], c_h[:, :p, p:], raise_errors)
            dropped |= singular | ((w_h > 0).sum(axis=1) <= p + 1)
            s_xy = (pool_cov @ b)[:, :, 0]
            full_var_y = (c_h[:, p:, p:] + b.transpose(0, 2, 1) @ (pool_cov - c_h[:, :p, :p]) @ b)[
                :, 0, 0
            ]
            r = s_xy / np.sqrt(np.diagonal(pool_cov, axis1=1, axis2=2) * full_var_y[:, None])
            ryy_a = 1 - (1 - ryy) * var_y / full_var_y
            corrected = r / np.sqrt(ryy_a)[:, None]
        else:
            corrected, refused = _corrected(observed, u, ryy, correct, rxx, raise_errors)
            dropped |= refused
        observed = np.where(dropped[:, None], np.nan, observed)
        corrected = np.where(dropped[:, None], np.nan, corrected)
        return observed, u, np.repeat(ryy[:, None], p, axis=1), corrected

    def _reliability(self, w_h: np.ndarray) -> np.ndarray:
        """:func:`criterion_reliability` of the hires for each row of weights."""
        k, m, ss = self.k[self.hired], self.y[self.hired], self.ss[self.hired]
        m = m - (m.mean() if len(m) else 0.0)  # centred: the same ANOVA, no lost precision
        groups = w_h.sum(axis=1).astype(float)
        n_total = w_h @ k
        with np.errstate(invalid="ignore", divide="ignore"):
            grand = (w_h @ (k * m)) / n_total
            ms_between = (w_h @ (k * m**2) - n_total * grand**2) / (groups - 1)
            ms_within = (w_h @ ss) / (n_total - groups)
            n0 = (n_total - (w_h @ k**2) / n_total) / (groups - 1)
            icc1 = (ms_between - ms_within) / (ms_between + (n0 - 1) * ms_within)
            kbar = n_total / groups
            rel = np.clip(kbar * icc1 / (1 + (kbar - 1) * icc1), 1e-6, 1.0)
        return np.where((groups < 3) | (n_total <= groups), np.nan, rel)


def _enough(count: np.ndarray, variables: int, raise_errors: bool) -> None:
    """The check of :func:`~asnpolicy.range_restriction.lawley`, for the data themselves."""
    if raise_errors and (count <= variables).any():
        raise ValueError("Too few selected people with every score to correct for selection.")


def _corrected(observed, u, ryy, correct, rxx, raise_errors) -> tuple[np.ndarray, np.ndarray]:
    """Case II or Case IV for every resample at once, and which resamples the correction
    refused (no spread among their hires, ...; the row-by-row bootstrap dropped them)."""
    ryy = np.repeat(ryy[:, None], observed.shape[1], axis=1)

    def one(rows):
        return correct_range_restriction(
            observed[rows], u[rows], method=correct, rxx_a=rxx, ryy_i=ryy[rows]
        )

    refused = np.zeros(len(observed), dtype=bool)
    try:
        return np.asarray(one(slice(None)), float).reshape(observed.shape), refused
    except ValueError:
        if raise_errors:
            raise
    out = np.full(observed.shape, np.nan)
    for i in range(len(observed)):  # one refused resample stops the stack: one by one
        try:
            out[i] = one(i)
        except ValueError:
            refused[i] = True
    return out, refused


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
    from scipy import stats
    from sklearn.impute import SimpleImputer
    from sklearn.inspection import permutation_importance
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import KFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

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
