"""Recruitment methods against what follows: later performance, feedback and citizen satisfaction.

``method_validity`` asks how well each selection score predicts later performance, corrected
for the range restriction that comes from seeing performance only for those hired.
``method_effects`` compares recruitment methods (panel type, registration mode, channel) on
later outcomes. ``feedback_triggers`` finds the units the Pauh and Bukittinggi policies would
send to remedial training. Training and merit indicators live in :mod:`asnpolicy.training` and
:mod:`asnpolicy.merit` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from . import keys, rules
from .io import Dataset
from .range_restriction import correct_range_restriction, lawley, pearson_lawley
from .stage_information import DEFAULT_COMPONENTS

__all__ = [
    "CRITERIA",
    "LOGISTIC_SD",
    "OUTCOMES",
    "compare_methods",
    "criterion_reliability",
    "feedback_triggers",
    "method_effects",
    "method_validity",
    "recruit_years",
    "unit_heads_missing_targets",
    "within_year",
    "yearly_outcomes",
]

SKD = ("twk", "tiu", "tkp")

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
    """SKD scores (the ``SKD`` columns present) as z-scores within each year, as their maxima
    changed between years; other columns unchanged."""
    out = x.astype(float)
    for c in [c for c in SKD if c in x]:
        g = out[c].groupby(year.to_numpy())
        out[c] = (out[c] - g.transform("mean")) / g.transform("std")
    return out


def method_validity(
    ds: Dataset,
    predictors: Sequence[str] = DEFAULT_COMPONENTS,
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
        ``corrected`` with ``ci_low`` / ``ci_high`` (percentile bootstrap), ``method``.
        ``attrs["skipped"]``: regions left out, with the reason (e.g. too few hires); when
        every region is, the first reason is raised as a ``ValueError``.

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
    pool = applicants[track.eq("cpns").to_numpy() & applicants["twk"].notna().to_numpy()]
    hires = ds.employees.dropna(subset=["applicant_id"])
    employee_of = pd.Series(hires["employee_id"].array, index=hires["applicant_id"].array)
    # joined once for the whole pool: a join per region would hash every formasi and
    # employee id 550 times over
    pool = pool.assign(
        year=keys.lookup(pool["formasi_id"], info["year"]),
        employee_id=keys.lookup(pool["applicant_id"], employee_of),
    )
    by_region = dict(list(pool.groupby(keys.lookup(pool["formasi_id"], info["region_id"]))))
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
        raise ValueError(
            next(iter(skipped.values()), "No CPNS applicant sat the SKD: there is no validity "
                 "to estimate.")
        )  # fmt: skip
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
    skd = [c for c in used if c in SKD]
    later = [c for c in used if c not in SKD]
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
    if boots:
        boots = np.array(boots)
        obs_lo, obs_hi = np.nanquantile(boots[:, 0], [q, 1 - q], axis=0)
        lo, hi = np.nanquantile(boots[:, 1], [q, 1 - q], axis=0)
    else:
        obs_lo = obs_hi = lo = hi = np.full(len(used), np.nan)
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
        }
    )


def recruit_years(ds: Dataset, method_col: str) -> pd.DataFrame:
    """Recruits' employee-years with their outcomes, recruitment method and context."""
    ds.require("employees", "applicants", "formasi", "performance", "units", "positions")
    recruits = ds.employees.dropna(subset=["applicant_id"])
    applicants = ds.applicants.set_index("applicant_id")
    method = applicants[method_col]
    track = keys.lookup(applicants["formasi_id"], ds.formasi.set_index("formasi_id")["track"])
    people = pd.DataFrame(
        {
            "employee_id": recruits["employee_id"],
            "method": recruits["applicant_id"].map(method).astype(object).fillna("none"),
            "track": recruits["applicant_id"].map(track),
            "unit_id": recruits["unit_id"],
            "region_id": recruits["region_id"],
            "sector": keys.lookup(recruits["unit_id"], ds.units.set_index("unit_id")["sector"]),
            "kind": keys.lookup(
                recruits["position_id"], ds.positions.set_index("position_id")["kind"]
            ),
        }
    )
    return yearly_outcomes(ds).merge(people, on="employee_id", how="inner")


#: Outcomes :func:`method_effects` can compare: the yearly criteria, and the IKM of the
#: recruit's unit in the year (PermenPANRB 14/2017, 25-100).
OUTCOMES = (*CRITERIA, "ikm")

#: SD of the standard logistic distribution, the latent scale of the ordinal (logit) model.
LOGISTIC_SD = float(np.pi / np.sqrt(3))


def method_effects(
    ds: Dataset,
    method_col: str = "panel",
    outcome: str = "performance",
    *,
    model: str = "ols",
    reference: str | None = None,
    confidence: float = 0.95,
    small_cell_min: int = 5,
) -> pd.DataFrame:
    """Later outcomes of recruits by how they were recruited, adjusted for context.

    Parameters
    ----------
    method_col : str
        Applicant column naming the method: ``panel`` (type of selection panel; ``none``
        where no panel sat), ``registration_mode``, ``channel``, ...
    outcome : {"performance", "peer", "citizen", "ikm"}
        Yearly SKP score (1-5), peer score or citizen score (0-100), or the IKM (25-100) of
        the recruit's unit in the year, from the citizen-satisfaction surveys.
    model : {"ols", "ordinal"}
        ``"ols"``: linear regression, effects in the outcome's units. ``"ordinal"`` (SKP
        only): proportional-odds logit of the five ordered SKP ratings, which does not treat
        the distance between ratings as equal; effects are log odds ratios of a better
        rating.
    reference : str, optional
        The method others are compared with; default the most common.
    small_cell_min : int
        Methods with fewer recruits are left out of the model.

    Returns
    -------
    DataFrame
        One row per method: ``method``, ``n`` (recruits), ``n_years``, ``mean`` (raw),
        ``effect`` (adjusted difference from the reference: in the outcome's units for OLS,
        a log odds ratio for the ordinal model) with ``ci_low`` / ``ci_high`` and
        ``p_value``, ``effect_sd`` (effect / SD of the outcome; for the ordinal model effect
        / (pi / sqrt 3), the SD of the latent logistic scale). ``attrs["adjusted_for"]``
        lists the adjustment, ``attrs["clusters"]`` the units, ``attrs["model"]`` and
        ``attrs["scale"]`` (``"outcome"`` or ``"log_odds"``) how to read ``effect``.

    Notes
    -----
    The yearly outcome is regressed on the method with fixed effects for year, position
    kind and track (CPNS or PPPK), and for the unit when the method varies within units of a
    track (otherwise for the sector, since a unit fixed effect would absorb a method used
    region-wide), with standard errors robust to clustering by unit (each recruit's years
    and each unit's staff are correlated). The panel type is set region by region, so its
    effect is a comparison of regions: read it as what differs between them, not only the
    panel. With ``outcome="ikm"`` a unit-year's IKM repeats for each of its recruits, so the
    comparison weights units by their recruits; it is an association of who was recruited
    with how citizens rate the unit, and the clustering by unit keeps its intervals honest.
    The ordinal model is statsmodels' ``OrderedModel`` (McCullagh 1980) with the same fixed
    effects as dummies and the cluster-robust sandwich covariance.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}.")
    if model not in ("ols", "ordinal"):
        raise ValueError(f"model must be 'ols' or 'ordinal', not {model!r}.")
    if model == "ordinal" and outcome != "performance":
        raise ValueError("The ordinal model is for the SKP ratings (outcome='performance').")
    data = _method_outcomes(ds, method_col, outcome)
    people = data.groupby("method")["employee_id"].nunique()
    keep = people.index[people >= small_cell_min]
    data = data[data["method"].isin(keep)]
    if len(keep) < 2:
        raise ValueError(
            f"Fewer than two recruitment methods in {method_col!r} have {small_cell_min} or "
            "more recruits with this outcome: nothing to compare."
        )
    reference = reference if reference is not None else people[keep].idxmax()
    if reference not in keep:
        raise ValueError(f"reference {reference!r} is not among the methods compared.")
    varies_in_units = data.groupby(["unit_id", "track"])["method"].nunique().gt(1).any()
    context = ["C(unit_id)" if varies_in_units else "C(sector)", "C(track)", "C(year)", "C(kind)"]
    context = [c for c in context if data[c[2:-1]].nunique() > 1]
    treatment = f"C(method, Treatment(reference={reference!r}))"
    formula = f"y ~ {treatment}" + "".join(f" + {c}" for c in context)
    codes = pd.factorize(data["unit_id"])[0]
    cluster = {"cov_type": "cluster", "cov_kwds": {"groups": codes}}
    import statsmodels.formula.api as smf  # here, not at import: 0.2 s of every report run

    ols = smf.ols(formula, data=data)
    _require_identified(ols, treatment, method_col)
    if model == "ols":
        fit = ols.fit(method="qr", **cluster)  # QR, not an SVD pseudo-inverse: same estimates
        scale = data["y"].std(ddof=1)
    else:
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        ordered = data.assign(y=pd.Categorical(data["y"], ordered=True))
        fit = OrderedModel.from_formula(formula, data=ordered, distr=_LOGISTIC).fit(
            method="bfgs", maxiter=2000, disp=False, **cluster
        )
        scale = LOGISTIC_SD
    ci = fit.conf_int(1 - confidence)
    terms = {m: f"{treatment}[T.{m}]" for m in keep if m != reference}
    by_method = data.groupby("method")
    out = pd.DataFrame(
        {
            "method": keep,
            "n": people[keep].to_numpy(int),
            "n_years": by_method.size().reindex(keep).to_numpy(int),
            "mean": by_method["y"].mean().reindex(keep).to_numpy(float),
            "effect": [fit.params.get(terms.get(m), 0.0) for m in keep],
            "ci_low": [ci[0].get(terms.get(m), 0.0) for m in keep],
            "ci_high": [ci[1].get(terms.get(m), 0.0) for m in keep],
            "p_value": [fit.pvalues.get(terms.get(m), np.nan) for m in keep],
        }
    )
    out["effect_sd"] = out["effect"] / scale
    out["reference"] = out["method"].eq(reference)
    out.attrs["adjusted_for"] = [c[2:-1] for c in context]
    out.attrs["clusters"] = int(data["unit_id"].nunique())
    out.attrs["outcome"] = outcome
    out.attrs["model"] = model
    out.attrs["scale"] = "outcome" if model == "ols" else "log_odds"
    return out


def _require_identified(model, treatment: str, method_col: str) -> None:
    """Raise when the methods cannot be told apart from the adjustment (e.g. a method used
    only on the PPPK track, which the track fixed effect absorbs)."""
    # ranks from the cross-product matrix (columns x columns): the same rank as the design's
    # for exact collinearity, without an SVD of every row (0.28 s -> 0.01 s on the sample)
    gram = model.exog.T @ model.exog
    is_method = np.array([name.startswith(treatment) for name in model.exog_names])
    rest = gram[np.ix_(~is_method, ~is_method)]
    rank = np.linalg.matrix_rank(gram, hermitian=True)
    if rank < np.linalg.matrix_rank(rest, hermitian=True) + is_method.sum():
        raise ValueError(
            f"The recruitment methods in {method_col!r} coincide with what the model adjusts "
            "for (for example one method only on one track, year or sector), so their "
            "effects cannot be separated: nothing to compare."
        )


class _FastLogistic(stats.rv_continuous):
    """The standard logistic distribution with scipy's argument checks skipped.

    statsmodels' ``OrderedModel`` differentiates the likelihood numerically, calling the
    cdf some 10^5 times; scipy's generic ``cdf`` wrapper dominated the fit (30 s for a
    unit fixed-effects model on the sample). Same values as ``scipy.stats.logistic``.

    >>> x = np.linspace(-5, 5, 11)
    >>> bool(np.allclose(_LOGISTIC.cdf(x), stats.logistic.cdf(x)))
    True
    """

    def cdf(self, x):
        return special.expit(x)

    def pdf(self, x):
        p = special.expit(x)
        return p * (1 - p)

    def ppf(self, q):
        return special.logit(q)


_LOGISTIC = _FastLogistic(name="logistic")


def _method_outcomes(ds: Dataset, method_col: str, outcome: str) -> pd.DataFrame:
    """Recruit-years with the outcome as ``y``: a yearly criterion, or the unit's IKM."""
    data = recruit_years(ds, method_col)
    if outcome == "ikm":
        from .satisfaction import ikm

        ds.require("skm")
        skm = ds.skm.assign(year=pd.to_datetime(ds.skm["survey_date"]).dt.year)
        unit_year = ikm(skm, by=["unit_id", "year"]).set_index(["unit_id", "year"])["ikm"]
        key = pd.MultiIndex.from_arrays([data["unit_id"], data["year"]])
        data["y"] = unit_year.reindex(key).to_numpy()
    else:
        data["y"] = data[CRITERIA[outcome]]
    return data.dropna(subset=["y"])


#: Default trigger: an IKM below band B's lower bound (band C or D).
GOOD_SERVICE_FLOOR = next(b.lower for b in rules.IKM_BANDS if b.code == "B")

_HEAD_RANK = ("jpt_pratama", "administrator", "pengawas")


def unit_heads_missing_targets(ds: Dataset) -> pd.DataFrame:
    """Per unit and year: whether the unit's head (holder of its highest-ranked structural
    post) had work results below expectation in the SKP.

    Returns
    -------
    DataFrame
        ``unit_id``, ``year``, ``head_missed_target`` (bool), ``heads`` (people rated).
    """
    ds.require("employees", "positions", "performance")
    kind = keys.lookup(ds.employees["position_id"], ds.positions.set_index("position_id")["kind"])
    rank = kind.map({k: i for i, k in enumerate(_HEAD_RANK)})
    staff = ds.employees.assign(rank=rank).dropna(subset=["rank"])
    top = staff["rank"].eq(staff.groupby("unit_id")["rank"].transform("min"))
    heads = staff.loc[top, ["employee_id", "unit_id"]]
    rated = ds.performance.merge(heads, on="employee_id")
    return (
        rated.assign(missed=rated["work_result"].eq("below"))
        .groupby(["unit_id", "year"])
        .agg(head_missed_target=("missed", "any"), heads=("employee_id", "nunique"))
        .reset_index()
    )


def feedback_triggers(
    ds: Dataset,
    *,
    ikm_threshold: float = GOOD_SERVICE_FLOOR,
    drop: bool = True,
    alpha: float = 0.05,
    lang: str = "id",
) -> pd.DataFrame:
    """Units whose citizens' satisfaction calls for remedial training, and their heads.

    Parameters
    ----------
    ikm_threshold : float
        A unit whose latest IKM (rounded as for banding) is below this is triggered; default
        band B's lower bound, so bands C and D trigger (PermenPANRB 14/2017).
    drop : bool
        Also trigger a unit whose IKM fell significantly since its previous survey.
    alpha : float
        Significance level of the drop (Welch t test, :func:`satisfaction.ikm_trend`).

    Returns
    -------
    DataFrame
        One row per surveyed unit (latest year): ``unit_id``, ``name``, ``year``, ``n``
        (respondents), ``required_n`` (Krejcie-Morgan sample for the unit's
        ``service_population``, empty when unknown), ``below_required``, ``ikm``,
        ``ci_low``, ``ci_high``, ``mutu``, ``change``, ``significant_drop``,
        ``triggered``, ``reason`` (``low``, ``drop`` or ``low+drop``), ``weakest_element``,
        ``largest_drop_element``, ``staff`` (serving staff), ``staff_below_expectation``
        (staff whose latest SKP was below Baik, the group for remedial training),
        ``remedial_kinds`` (their position kinds), ``head_missed_target``. Triggered units
        come first, lowest IKM first.

    Notes
    -----
    The Pauh and Bukittinggi policies send staff of units with poor citizen feedback to
    extra training; Bangko's monitoring looks for the root cause when service quality drops
    and holds unit heads to account for targets.
    """
    from .satisfaction import ikm_trend

    ds.require("skm", "units", "employees", "performance", "positions")
    population = ds.units.set_index("unit_id")["service_population"]
    trend = ikm_trend(
        ds.skm,
        by="unit_id",
        alpha=alpha,
        lang=lang,
        population=population if population.notna().any() else None,
    )
    if "required_n" not in trend:  # no unit's service population is known
        trend = trend.assign(required_n=pd.NA, below_required=pd.NA)
    latest = trend.sort_values("year").groupby("unit_id").tail(1).copy()
    low = latest["ikm_rounded"] < ikm_threshold
    fell = latest["significant_drop"].fillna(False).astype(bool) & drop
    latest["triggered"] = low | fell
    latest["reason"] = np.select([low & fell, low, fell], ["low+drop", "low", "drop"], "")
    latest["name"] = keys.lookup(latest["unit_id"], ds.units.set_index("unit_id")["name"])

    perf = ds.performance.sort_values("year").groupby("employee_id").tail(1)
    below = perf.loc[
        perf["skp_rating"].map(rules.SKP_SCORE) < rules.SKP_SCORE["Baik"], "employee_id"
    ]
    staff = ds.employees.assign(
        below=ds.employees["employee_id"].isin(below),
        kind=keys.lookup(
            ds.employees["position_id"], ds.positions.set_index("position_id")["kind"]
        ),
    )
    per_unit = staff.groupby("unit_id").agg(staff=("employee_id", "size"), below=("below", "sum"))
    kinds = (
        staff[staff["below"]]
        .groupby("unit_id")["kind"]
        .agg(lambda k: ", ".join(k.value_counts().index))
    )
    latest["staff"] = latest["unit_id"].map(per_unit["staff"]).fillna(0).astype(int)
    latest["staff_below_expectation"] = (
        latest["unit_id"].map(per_unit["below"]).fillna(0).astype(int)
    )
    latest["remedial_kinds"] = latest["unit_id"].map(kinds).fillna("")
    heads = unit_heads_missing_targets(ds).set_index(["unit_id", "year"])["head_missed_target"]
    key = pd.MultiIndex.from_arrays([latest["unit_id"], latest["year"]])
    latest["head_missed_target"] = heads.reindex(key).to_numpy()
    columns = [
        "unit_id", "name", "year", "n", "required_n", "below_required", "ikm", "ci_low",
        "ci_high", "mutu", "change",
        "significant_drop", "triggered", "reason", "weakest_element", "largest_drop_element",
        "staff", "staff_below_expectation", "remedial_kinds", "head_missed_target",
    ]  # fmt: skip
    return (
        latest[columns]
        .sort_values(["triggered", "ikm"], ascending=[False, True])
        .reset_index(drop=True)
    )


def compare_methods(ds: Dataset, method_col: str = "panel", **kwargs) -> pd.DataFrame:
    """:func:`method_effects`, or, when the data cannot support it (one method only, too few
    recruits), an empty table whose ``attrs["reason"]`` says why."""
    try:
        return method_effects(ds, method_col, **kwargs)
    except ValueError as err:
        empty = pd.DataFrame(columns=["method", "n", "effect", "ci_low", "ci_high", "reference"])
        empty.attrs["reason"] = str(err)
        return empty
