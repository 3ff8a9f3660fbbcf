"""Recruitment methods against what follows: later performance, feedback and citizen satisfaction.

``method_effects`` compares recruitment methods (panel type, registration mode, channel) on
later outcomes. ``feedback_triggers`` finds the units the Pauh and Bukittinggi policies would
send to remedial training. How well each selection score predicts later performance is in
:mod:`asnpolicy.validity`; training and merit indicators in :mod:`asnpolicy.training` and
:mod:`asnpolicy.merit`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from . import keys, rules
from .insufficient import NotEnoughData
from .io import Dataset
from .validity import CRITERIA, yearly_outcomes

__all__ = [
    "GOOD_SERVICE_FLOOR",
    "LOGISTIC_SD",
    "OUTCOMES",
    "SAMPLE_RULES",
    "MethodsNotComparable",
    "compare_methods",
    "feedback_triggers",
    "ikm_changes",
    "method_effects",
    "methods_used",
    "recruit_years",
    "unit_heads_missing_targets",
]


class MethodsNotComparable(ValueError):
    """The data cannot compare recruitment methods; ``code`` says why, for the page's words:
    ``one_method`` (fewer than two methods with enough recruits) or ``confounded`` (the
    methods coincide with what the model adjusts for, e.g. one method per track)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def methods_used(ds: Dataset, method_col: str = "panel") -> pd.DataFrame:
    """Recruits (employees with a recruitment record) per region, track and method.

    Parameters
    ----------
    method_col : str
        Applicant column naming the method (``panel``: ``none`` where no panel sat).

    Returns
    -------
    DataFrame
        ``region_id``, ``track`` (``cpns``/``pppk``), ``method``, ``recruits``; sorted. A
        region with one method per track has no within-region comparison of methods that
        the track adjustment of :func:`method_effects` leaves.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> used = methods_used(generate(regions=["pauh"], years=(2024,), scale=0.3))
    >>> sorted(used.columns)
    ['method', 'recruits', 'region_id', 'track']
    """
    ds.require("employees", "applicants", "formasi")
    recruits = ds.employees.dropna(subset=["applicant_id"])
    applicants = ds.applicants.set_index("applicant_id")
    track = keys.lookup(applicants["formasi_id"], ds.formasi.set_index("formasi_id")["track"])
    frame = pd.DataFrame(
        {
            "region_id": recruits["region_id"].to_numpy(),
            "track": recruits["applicant_id"].map(track).to_numpy(),
            "method": recruits["applicant_id"]
            .map(applicants[method_col])
            .astype(object)
            .fillna("none")
            .to_numpy(),
        }
    )
    return (
        frame.groupby(["region_id", "track", "method"], dropna=False)
        .size()
        .rename("recruits")
        .reset_index()
    )


#: The tables :func:`recruit_years` (and so :func:`method_effects`) needs.
_RECRUIT_TABLES = ("employees", "applicants", "formasi", "performance", "units", "positions")


def recruit_years(ds: Dataset, method_col: str) -> pd.DataFrame:
    """Recruits' employee-years with their outcomes, recruitment method and context."""
    ds.require(*_RECRUIT_TABLES)
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
        raise MethodsNotComparable(
            f"Fewer than two recruitment methods in {method_col!r} have {small_cell_min} or "
            "more recruits with this outcome: nothing to compare.",
            "one_method",
        )
    reference = reference if reference is not None else people[keep].idxmax()
    if reference not in keep:
        raise ValueError(f"reference {reference!r} is not among the methods compared.")
    varies_in_units = data.groupby(["unit_id", "track"])["method"].nunique().gt(1).any()
    # a unit whose sector is not recorded (no export has it) is a sector of its own, so that
    # the model keeps its recruits rather than dropping rows with a missing value
    data = data.assign(sector=data["sector"].astype(object).fillna("(not recorded)"))
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
        raise MethodsNotComparable(
            f"The recruitment methods in {method_col!r} coincide with what the model adjusts "
            "for (for example one method only on one track, year or sector), so their "
            "effects cannot be separated: nothing to compare.",
            "confounded",
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

#: What a remedial page does with a unit surveyed below its Krejcie-Morgan minimum
#: (:func:`feedback_triggers`): ``report`` the shortfall beside its verdict, or ``require``
#: the minimum before judging it.
SAMPLE_RULES = ("report", "require")

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
    sample_rule: str = "report",
) -> pd.DataFrame:
    """Units whose citizens' satisfaction calls for remedial training, and their heads.

    Parameters
    ----------
    ds : Dataset
        With ``skm`` (answers ``u1`` .. ``u9``, ``unit_id``, ``survey_date``) or
        ``ikm_published`` (published IKMs per unit and year, used for the units and years
        without answers: :func:`satisfaction.ikm_trend_with_published`). ``units``
        gives the units' names and service populations (else the unit id names the unit
        and the Krejcie-Morgan minimum is unknown); ``employees``, ``positions`` and
        ``performance`` give the staff to train and the heads' targets (else those columns
        are empty and ``attrs["staff_known"]`` is False).
    ikm_threshold : float
        A unit whose latest IKM (rounded as for banding) is below this is triggered; default
        band B's lower bound, so bands C and D trigger (PermenPANRB 14/2017).
    drop : bool
        Also trigger a unit whose IKM fell significantly since its previous survey.
    alpha : float
        Significance level of the drop (Welch t test, :func:`satisfaction.ikm_trend`).
    sample_rule : {"report", "require"}
        What a page does with a unit that has fewer respondents than the Krejcie-Morgan
        minimum for its service population (PermenPANRB 14/2017, ``required_n``):
        ``report`` (default) judges it from its interval, which is wider for a small sample,
        and shows the shortfall beside it; ``require`` does not judge it (survey again).
        Kept in ``attrs["sample_rule"]`` for :func:`asnpolicy.narrative.outcomes.
        remedial_verdicts`.

    Returns
    -------
    DataFrame
        One row per surveyed unit (latest year): ``unit_id``, ``name``, ``year``,
        ``previous_year`` (the unit's previous surveyed year, empty for a first survey),
        ``n`` (respondents), ``required_n`` (Krejcie-Morgan sample for the unit's
        ``service_population``, empty when unknown), ``below_required``, ``ikm``,
        ``ci_low``, ``ci_high``, ``mutu``, ``change`` with ``change_ci_low`` /
        ``change_ci_high`` (Welch interval), ``significant_drop``, ``triggered``, ``reason``
        (``low``, ``drop`` or ``low+drop``: the policy's reading of the point estimates; a
        page words each unit by its intervals), ``weakest_element``,
        ``largest_drop_element``, ``staff`` (serving staff), ``staff_below_expectation``
        (staff whose latest SKP was below Baik, the group for remedial training),
        ``remedial_kinds`` (their position kinds), ``head_missed_target``. Triggered units
        come first, lowest IKM first; ``source``: ``responses`` (computed from the answers)
        or ``published`` (the published figure: ``n`` as published, possibly missing, and no
        interval, so ``ci_low``, ``ci_high``, the change's interval and
        ``significant_drop`` are missing and only ``low`` can trigger). ``attrs``:
        ``ikm_threshold``, ``staff_known``.

    Raises
    ------
    NotEnoughData
        Code ``tables`` without SKM answers or published IKMs; code ``columns`` when no
        answer has a survey date and there are no published IKMs.

    Notes
    -----
    The Pauh and Bukittinggi policies send staff of units with poor citizen feedback to
    extra training; Bangko's monitoring looks for the root cause when service quality drops
    and holds unit heads to account for targets.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> full = generate(regions=["pauh"], years=(2024,), scale=0.3)
    >>> only_skm = Dataset(units=full.units, skm=full.skm)
    >>> out = feedback_triggers(only_skm)
    >>> out.attrs["staff_known"], bool(out["ikm"].between(25, 100).all())
    (False, True)
    """
    from .satisfaction import ikm_trend_with_published

    if sample_rule not in SAMPLE_RULES:
        raise ValueError(
            f"sample_rule must be one of {', '.join(SAMPLE_RULES)}, not {sample_rule!r}."
        )
    published = getattr(ds, "ikm_published", None)
    published = published if published is not None and len(published) else None
    responses = ds.skm if ds.skm is not None and len(ds.skm) else None
    dated = responses is not None and "survey_date" in responses
    if published is None:
        ds.require("skm")
        if not dated or ds.skm["survey_date"].isna().all():
            raise NotEnoughData(
                "The SKM answers have no survey_date: the IKM is computed per unit and year.",
                "columns",
                needs=["skm.survey_date"],
            )
    elif not dated or responses["survey_date"].isna().all():
        responses = None  # undated answers: the published figures alone
    units = ds.units if ds.units is not None and len(ds.units) else None
    population = None
    if units is not None and "service_population" in units:
        known = units.set_index("unit_id")["service_population"]
        population = known if known.notna().any() else None
    trend = ikm_trend_with_published(
        responses, published, by="unit_id", alpha=alpha, population=population
    )
    if "required_n" not in trend:  # no unit's service population is known
        trend = trend.assign(required_n=pd.NA, below_required=pd.NA)
    latest = trend.sort_values("year").groupby("unit_id").tail(1).copy()
    low = latest["ikm_rounded"] < ikm_threshold
    fell = latest["significant_drop"].fillna(False).astype(bool) & drop
    latest["triggered"] = low | fell
    latest["reason"] = np.select([low & fell, low, fell], ["low+drop", "low", "drop"], "")
    names = (
        keys.lookup(latest["unit_id"], units.set_index("unit_id")["name"])
        if units is not None and "name" in units
        else pd.Series(np.nan, index=latest.index, dtype=object)
    )
    latest["name"] = names.where(names.notna(), latest["unit_id"].astype(str))
    staff_known = all(
        getattr(ds, t) is not None and len(getattr(ds, t))
        for t in ("employees", "positions", "performance")
    )
    if staff_known:
        latest = _remedial_staff(ds, latest)
    else:
        empty = pd.array([pd.NA] * len(latest), dtype="Int64")
        latest = latest.assign(
            staff=empty,
            staff_below_expectation=empty,
            remedial_kinds="",
            head_missed_target=pd.array([pd.NA] * len(latest), dtype="boolean"),
        )
    columns = [
        "unit_id", "name", "year", "previous_year", "n", "required_n", "below_required", "ikm",
        "ci_low", "ci_high", "mutu", "change", "change_ci_low", "change_ci_high",
        "significant_drop", "triggered", "reason", "weakest_element", "largest_drop_element",
        "staff", "staff_below_expectation", "remedial_kinds", "head_missed_target", "source",
    ]  # fmt: skip
    out = (
        latest[columns]
        .sort_values(["triggered", "ikm"], ascending=[False, True])
        .reset_index(drop=True)
    )
    out.attrs["ikm_threshold"] = float(ikm_threshold)
    out.attrs["sample_rule"] = sample_rule
    out.attrs["staff_known"] = bool(staff_known)
    return out


def _remedial_staff(ds: Dataset, latest: pd.DataFrame) -> pd.DataFrame:
    """Each unit's serving staff, those whose latest SKP was below Baik and their position
    kinds, and whether the unit's head missed the targets in the survey year."""
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
    latest = latest.copy()
    latest["staff"] = latest["unit_id"].map(per_unit["staff"]).fillna(0).astype(int)
    latest["staff_below_expectation"] = (
        latest["unit_id"].map(per_unit["below"]).fillna(0).astype(int)
    )
    latest["remedial_kinds"] = latest["unit_id"].map(kinds).fillna("")
    heads = unit_heads_missing_targets(ds).set_index(["unit_id", "year"])["head_missed_target"]
    key = pd.MultiIndex.from_arrays([latest["unit_id"], latest["year"]])
    latest["head_missed_target"] = heads.reindex(key).to_numpy()
    return latest


def ikm_changes(triggers: pd.DataFrame) -> pd.DataFrame:
    """The surveyed units whose IKM can be compared with an earlier survey.

    Parameters
    ----------
    triggers : DataFrame
        :func:`feedback_triggers`.

    Returns
    -------
    DataFrame
        The rows of ``triggers`` with a previous surveyed year (``previous_year`` known),
        in the same order. A change involving a published figure (``source``
        ``published``, or a previous year from ``ikm_published``) has no interval.

    Raises
    ------
    NotEnoughData
        Code ``one_survey_year`` (with ``year``, the latest surveyed year) when no unit
        was surveyed in two years: there is no change to show yet.

    Examples
    --------
    >>> t = pd.DataFrame({"unit_id": ["a"], "year": [2024],
    ...                   "previous_year": pd.array([pd.NA], dtype="Int64")})
    >>> try:
    ...     ikm_changes(t)
    ... except NotEnoughData as err:
    ...     print(err.code, err.counts)
    one_survey_year {'year': 2024}
    """
    known = triggers["previous_year"].notna().to_numpy()
    if not known.any():
        year = int(triggers["year"].max()) if len(triggers) else ""
        raise NotEnoughData(
            "Every unit was surveyed in one year only: no change of the IKM to show.",
            "one_survey_year",
            year=year,
        )
    return triggers[known]


def compare_methods(ds: Dataset, method_col: str = "panel", **kwargs) -> pd.DataFrame:
    """:func:`method_effects`, or, when the data cannot support it (one method only, too few
    recruits), an empty table whose ``attrs["reason"]`` says why (in English) and
    ``attrs["reason_code"]`` (``one_method``, ``confounded``, else ``not_estimable``) names
    the case for a page's words. ``attrs["regions"]`` lists the regions the comparison rests
    on (more than one: a pooled comparison of regions).

    Raises
    ------
    NotEnoughData
        Code ``tables`` when a table the comparison needs is absent or empty (a page says
        what to add, rather than an empty table).
    """
    ds.require(*_RECRUIT_TABLES)
    regions = [str(r) for r in pd.unique(ds.employees["region_id"].dropna())]
    try:
        out = method_effects(ds, method_col, **kwargs)
    except ValueError as err:
        out = pd.DataFrame(columns=["method", "n", "effect", "ci_low", "ci_high", "reference"])
        out.attrs["reason"] = str(err)
        out.attrs["reason_code"] = getattr(err, "code", "not_estimable")
    out.attrs["regions"] = sorted(regions)
    return out
