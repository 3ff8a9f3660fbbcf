"""Cross-region scorecard: the regions side by side on needs, selection, outcomes and merit.

:func:`scorecard` gathers, for every region in a dataset, the key numbers the other modules
compute: staffing shortage and retirements (:mod:`asnpolicy.workforce`), applicants per post,
online registration, processing time, adverse impact (:mod:`asnpolicy.fairness`) and panel
reliability (:mod:`asnpolicy.reliability`), corrected validity of the stages used
(:mod:`asnpolicy.outcomes`), mean SKP and IKM (:mod:`asnpolicy.satisfaction`), and the merit
indicators (:mod:`asnpolicy.merit`). Nothing is recomputed here that those modules compute;
this module picks, aligns and labels. :func:`policy_features` sets the policy each region's
documents describe (:mod:`asnpolicy.regions`) beside the numbers.

Every value that comes from a sample carries its n and a confidence interval. Workforce counts
(shortage, retirements) are counts of the whole workforce, not samples, and carry none. Any
value resting on fewer than ``small_cell_min`` people is suppressed (:mod:`asnpolicy.privacy`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from IPython.display import Markdown

from . import keys, merit, narrative, outcomes, reliability, satisfaction, workforce
from .fairness import adverse_impact
from .intervals import mean_interval
from .io import Dataset
from .narrative.text import TEXT, check_lang, number, t
from .privacy import SMALL_CELL_MIN, mark, suppress
from .regions import REGIONS, study_order
from .stage_information import DEFAULT_COMPONENTS

__all__ = [
    "DOMAINS",
    "INDICATORS",
    "NOT_MEASURED",
    "header",
    "indicator_label",
    "not_measured_table",
    "policy_features",
    "scorecard",
    "scorecard_table",
    "scorecard_wide",
    "summary",
    "unit_label",
]

#: The four blocks of the scorecard, in display order.
DOMAINS: tuple[str, ...] = ("needs", "selection", "outcomes", "merit")

#: Indicator -> (domain, unit, what it rests on). ``validity_<score>`` and
#: ``panel_icc_<stage>`` stand for one indicator per score or rated stage.
INDICATORS: dict[str, tuple[str, str, str]] = {
    "shortage_rate": (
        "needs",
        "share",
        "staffing_gap: sum over positions of the shortage (ABK required FTE minus headcount, "
        "where positive) / required FTE of the region, on the snapshot date. A census: no "
        "interval. n = staff in post.",
    ),
    "positions_short_share": (
        "needs",
        "share",
        "staffing_gap: share of positions with an ABK requirement that are short by at least "
        "min_gap FTE. A census: no interval. n = positions with an ABK requirement.",
    ),
    "retirements": (
        "needs",
        "count",
        "retirement_projection: staff in post who reach their BUP within horizon_years. A "
        "count from the rules: no interval. n = the count.",
    ),
    "retirement_share": (
        "needs",
        "share",
        "retirements / staff in post. A census: no interval. n = staff in post.",
    ),
    "applicants_per_post": (
        "selection",
        "applicants_per_post",
        "merit.merit_indicators: applications per opened post (exact Poisson interval). n = posts.",
    ),
    "online_registration_share": (
        "selection",
        "share",
        "merit.merit_indicators: share of applications registered online (Wilson). "
        "n = applications.",
    ),
    "days_to_verification": (
        "selection",
        "days",
        "applicants.verified_on - registered_on: mean days from registration to document "
        "verification (t interval), the part of time to hire the data model dates. "
        "n = verified applications.",
    ),
    "impact_ratio_gender": (
        "selection",
        "ratio",
        "fairness.adverse_impact on hired, by gender: the lowest group's selection rate / the "
        "highest group's (log-ratio interval); band 'adverse' below four-fifths. group = the "
        "lowest group. n = applicants in the smaller of the two groups compared.",
    ),
    "impact_ratio_origin": (
        "selection",
        "ratio",
        "as impact_ratio_gender, by origin (local / non-local).",
    ),
    "panel_icc": (
        "selection",
        "icc",
        "reliability.panel_reliability: ICC(1,k), the reliability of the panel's mean rating "
        "at the stage (McGraw-Wong interval); group = panel type (the most used one when a "
        "region had several). n = applicants rated.",
    ),
    "mean_skp": (
        "outcomes",
        "skp_points",
        "performance.skp_rating on the ordered 1-5 scale (rules.SKP_SCORE), all staff rated "
        "in the region's latest performance year (t interval). n = employees rated.",
    ),
    "mean_skp_recruits": (
        "outcomes",
        "skp_points",
        "as mean_skp, only staff appointed from a recorded application (employees."
        "applicant_id). n = recruits rated.",
    ),
    "ikm": (
        "outcomes",
        "ikm",
        "satisfaction.ikm_trend by region: IKM (PermenPANRB 14/2017) of all respondents of "
        "the region's latest survey year, band = mutu A-D (t interval; respondents treated "
        "as one sample, units pooled by their respondents). n = complete responses.",
    ),
    "validity": (
        "outcomes",
        "correlation",
        "outcomes.method_validity: operational validity of the score for later SKP, corrected "
        "for range restriction (Lawley) and criterion unreliability (percentile bootstrap "
        "interval). Only the scores a region recorded. n = hires with score and SKP.",
    ),
}

#: What the data model cannot measure for the scorecard, and why.
NOT_MEASURED: dict[str, str] = {
    "time_to_hire": (
        "the data model dates registration and document verification (applicants."
        "registered_on, verified_on) but records appointment only as a year (employees."
        "hire_year) and has no announcement or decision dates; days_to_verification is "
        "reported instead"
    ),
}

#: Selection indicators taken from :func:`asnpolicy.merit.merit_indicators` (shown once, under
#: selection, not again under merit).
_FROM_MERIT = ("applicants_per_post", "online_registration_share")

#: Units of the merit indicators, in the codes used here.
_MERIT_UNITS = {
    "applicants_per_post": "applicants_per_post",
    "promoted_prior_skp_difference": "skp_difference",
    "training_hours_per_employee": "hours",
}

_COLUMNS = [
    "region_id",
    "domain",
    "indicator",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "unit",
    "band",
    "group",
    "suppressed",
]


def _region_order(ds: Dataset) -> list[str]:
    """The data's regions: registry order first, then any other region sorted."""
    return sorted(ds.region_ids(), key=study_order)


def scorecard(
    ds: Dataset,
    *,
    n_boot: int = 200,
    confidence: float = 0.95,
    small_cell_min: int = SMALL_CELL_MIN,
    horizon_years: int = 5,
    min_gap: float = 0.5,
    as_of=None,
    seed: int = 0,
    wide: bool = False,
) -> pd.DataFrame:
    """The regions side by side: one row per region and indicator.

    Parameters
    ----------
    ds : Dataset
        Any tables; an indicator whose tables are absent (or whose analysis the data cannot
        support) is left out and named with the reason in ``attrs["not_measured"]``.
    n_boot : int
        Bootstrap resamples for the validity intervals (:func:`outcomes.method_validity`).
    confidence : float
        Confidence level of every interval.
    small_cell_min : int
        Values resting on fewer people (``n``) are suppressed; ``n`` 0 (nothing to show) is not.
    horizon_years : int
        Years ahead counted for retirements.
    min_gap : float
        Shortage in FTE from which a position counts as short (0.5: one post after rounding).
    as_of : date, optional
        Snapshot date for headcount and retirements (default: the data's snapshot date).
    seed : int
        Seed of the validity bootstrap.
    wide : bool
        Return :func:`scorecard_wide` of the result (one row per region) instead.

    Returns
    -------
    DataFrame
        Long and tidy, sorted by domain, indicator and region: ``region_id``, ``domain``
        (``needs``, ``selection``, ``outcomes``, ``merit``), ``indicator``, ``value``,
        ``ci_low``, ``ci_high`` (empty for censuses), ``n`` (people or records the value rests
        on; ``Int64``, empty when suppressed), ``unit`` (``share`` 0-1, ``count``, ``days``,
        ``ratio``, ``icc``, ``correlation``, ``skp_points``, ``ikm``, ...), ``band`` (IKM mutu
        A-D; ``adverse`` / ``ok`` for impact ratios by the four-fifths rule), ``group`` (the
        lowest group of an impact ratio, the panel type of a panel ICC), ``suppressed``.
        Every indicator has a row for every region; a region without it (a stage it does
        not use, a panel it does not hold) has ``n`` 0 and an empty value.
        ``attrs``: ``not_measured`` (indicator -> reason), ``horizon_years``,
        ``small_cell_min``, ``confidence``. :data:`INDICATORS` says what each value rests on.

    Notes
    -----
    The selection indicators ``applicants_per_post`` and ``online_registration_share`` are
    the rows of :func:`asnpolicy.merit.merit_indicators` (procurement aspect), moved to the
    selection block; the other merit indicators form the merit block.

    Time to hire cannot be measured from the data model (see :data:`NOT_MEASURED`); the
    dated part of it, days from registration to document verification, is reported.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> card = scorecard(generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3),
    ...                  n_boot=20)
    >>> sorted(card["region_id"].unique()), list(card["domain"].unique())
    (['bangko', 'pauh'], ['needs', 'selection', 'outcomes', 'merit'])
    >>> "time_to_hire" in card.attrs["not_measured"]
    True
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}.")
    if small_cell_min < 1:
        raise ValueError(f"small_cell_min must be at least 1, not {small_cell_min}.")
    regions = _region_order(ds)
    not_measured = dict(NOT_MEASURED)
    parts: list[pd.DataFrame] = []

    def have(indicators: Sequence[str], *tables: str) -> bool:
        missing = [name for name in tables if getattr(ds, name, None) is None]
        for indicator in indicators if missing else ():
            not_measured[indicator] = f"needs the table(s) {', '.join(missing)}"
        return not missing

    if have(
        ("shortage_rate", "positions_short_share", "retirements", "retirement_share"),
        "positions",
        "workload",
        "employees",
        "units",
    ):
        parts.append(_needs(ds, horizon_years, min_gap, as_of))
    if have(("days_to_verification",), "applicants", "formasi"):
        parts.append(_verification_days(ds, confidence))
        parts.append(_impact_ratios(ds, confidence))
    else:
        not_measured["impact_ratio_gender"] = not_measured["days_to_verification"]
        not_measured["impact_ratio_origin"] = not_measured["days_to_verification"]
    if have(("panel_icc",), "applicants", "formasi", "assessments"):
        icc = _panel_icc(ds, confidence)
        if icc.empty:
            not_measured["panel_icc"] = "no panel ratings are recorded"
        parts.append(icc)
    if have(("validity",), "applicants", "formasi", "employees", "performance"):
        try:
            with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # degenerate bootstrap draws
                validity = outcomes.method_validity(
                    ds, n_boot=n_boot, seed=seed, confidence=confidence
                )
        except ValueError as err:
            not_measured["validity"] = str(err)
        else:
            parts.append(
                pd.DataFrame(
                    {
                        "region_id": validity["region_id"],
                        "indicator": "validity_" + validity["predictor"],
                        "value": validity["corrected"],
                        "ci_low": validity["ci_low"],
                        "ci_high": validity["ci_high"],
                        "n": validity["n"],
                    }
                )
            )
    if have(("mean_skp", "mean_skp_recruits"), "performance", "employees"):
        parts.append(_mean_skp(ds, confidence))
    if have(("ikm",), "skm", "units"):
        parts.append(_ikm(ds, confidence))

    merit_rows = merit.merit_indicators(ds, confidence=confidence, min_gap=min_gap)
    for indicator, reason in merit_rows.attrs["not_measured"].items():
        not_measured.setdefault(indicator, reason)
    parts.append(
        merit_rows.assign(unit=merit_rows["indicator"].map(_MERIT_UNITS).fillna("share"))[
            ["region_id", "indicator", "value", "ci_low", "ci_high", "n", "unit"]
        ]
    )

    out = _complete(parts, regions)
    out = suppress(out, "n", ["value", "ci_low", "ci_high", "band", "group"], min_n=small_cell_min)
    out = out[_COLUMNS].reset_index(drop=True)
    out.attrs.update(
        not_measured=not_measured,
        horizon_years=horizon_years,
        small_cell_min=small_cell_min,
        confidence=confidence,
    )
    return scorecard_wide(out) if wide else out


def scorecard_wide(card: pd.DataFrame) -> pd.DataFrame:
    """One row per region, one column per indicator: the values of a :func:`scorecard`.

    Parameters
    ----------
    card : DataFrame
        A long scorecard.

    Returns
    -------
    DataFrame
        Indexed by ``region_id`` (the card's order); columns a (``domain``, ``indicator``)
        MultiIndex in the card's order; suppressed values empty. Intervals and n stay in the
        long card. ``attrs`` as the card's.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["a", "b"], "domain": "needs",
    ...                      "indicator": "shortage_rate", "value": [0.1, 0.2]})
    >>> float(scorecard_wide(card).loc["b", ("needs", "shortage_rate")])
    0.2
    """
    columns = pd.MultiIndex.from_frame(card[["domain", "indicator"]].drop_duplicates())
    wide = card.pivot(index="region_id", columns=["domain", "indicator"], values="value")
    wide = wide.reindex(index=pd.unique(card["region_id"]), columns=columns)
    wide.attrs.update(card.attrs)
    return wide


# --------------------------------------------------------------------------------------------
# building blocks: each returns rows region_id, indicator, value, ci_low, ci_high, n
# (and unit, band, group where they differ from the defaults)
# --------------------------------------------------------------------------------------------


def _needs(ds: Dataset, horizon_years: int, min_gap: float, as_of) -> pd.DataFrame:
    gap = workforce.staffing_gap(ds, as_of=as_of)
    pos = gap[(gap["level"] == "position") & (gap["required_fte"] > 0)]
    g = pos.groupby("region_id")
    required = g["required_fte"].sum()
    shortage = pos["gap"].clip(lower=0).groupby(pos["region_id"]).sum()
    short = (
        ((pos["gap"] >= min_gap) & (pos["gap"] > 0)).groupby(pos["region_id"]).agg(["sum", "size"])
    )
    headcount = gap.loc[gap["level"] == "region"].set_index("region_id")["headcount"]
    projection = workforce.retirement_projection(ds, years=horizon_years, as_of=as_of)
    retiring = projection.groupby("region_id")["retirements"].sum().reindex(headcount.index)
    retiring = retiring.fillna(0).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        frames = [
            _rows("shortage_rate", shortage / required, headcount.reindex(required.index)),
            _rows("positions_short_share", short["sum"] / short["size"], short["size"]),
            _rows("retirements", retiring.astype(float), retiring),
            _rows("retirement_share", retiring / headcount, headcount),
        ]
    return pd.concat(frames, ignore_index=True)


def _rows(indicator: str, value: pd.Series, n: pd.Series, low=None, high=None) -> pd.DataFrame:
    """Rows of one indicator from Series indexed by region_id."""
    index = value.index
    return pd.DataFrame(
        {
            "region_id": index,
            "indicator": indicator,
            "value": value.to_numpy(float),
            "ci_low": np.nan if low is None else np.asarray(low, float),
            "ci_high": np.nan if high is None else np.asarray(high, float),
            "n": n.reindex(index).fillna(0).to_numpy(int),
        }
    )


def _verification_days(ds: Dataset, confidence: float) -> pd.DataFrame:
    a = ds.applicants
    days = (a["verified_on"] - a["registered_on"]).dt.days
    known = days.notna()
    m = mean_interval(days[known].astype(float), merit._applicant_region(ds)[known], confidence)
    return _rows("days_to_verification", m["mean"], m["n"], m["low"], m["high"]).assign(unit="days")


def _impact_ratios(ds: Dataset, confidence: float) -> pd.DataFrame:
    """Lowest impact ratio of hiring by gender and by origin, per region."""
    a = ds.applicants
    region = merit._applicant_region(ds)
    rows = []
    for group in ("gender", "origin"):
        for region_id, frame in a.groupby(region, sort=False):  # a handful of regions
            try:
                ratios = adverse_impact(frame, group, selected="hired", confidence=confidence)
            except ValueError:
                continue
            if ratios["impact_ratio"].isna().all():  # nobody hired: no ratio
                continue
            lowest = ratios.loc[ratios["impact_ratio"].idxmin()]
            reference = ratios.loc[ratios["group"] == lowest["reference"], "n"].iloc[0]
            rows.append(
                {
                    "region_id": region_id,
                    "indicator": f"impact_ratio_{group}",
                    "value": lowest["impact_ratio"],
                    "ci_low": lowest["ratio_ci_low"],
                    "ci_high": lowest["ratio_ci_high"],
                    "n": int(min(lowest["n"], reference)),
                    "unit": "ratio",
                    "band": "adverse" if lowest["adverse_impact"] else "ok",
                    "group": lowest["group"],
                }
            )
    return pd.DataFrame(rows)


def _panel_icc(ds: Dataset, confidence: float) -> pd.DataFrame:
    """Reliability of the panel mean (ICC1k) per region and rated stage."""
    region = merit._applicant_region(ds)
    region_of = pd.Series(region.array, index=ds.applicants["applicant_id"].array)
    # split both tables by region once: linear in rows however many regions there are
    rated_by_region = dict(
        list(ds.assessments.groupby(keys.lookup(ds.assessments["applicant_id"], region_of)))
    )
    applicants = ds.applicants[["applicant_id", "panel", "origin"]]
    applicants_by_region = dict(list(applicants.groupby(region.to_numpy())))
    rows = []
    for region_id in pd.unique(region):
        assessments = rated_by_region.get(region_id)
        if assessments is None or assessments.empty:
            continue
        applicants = applicants_by_region[region_id]
        rated = Dataset(applicants=applicants, assessments=assessments)
        try:
            table = reliability.panel_reliability(rated, confidence=confidence)
        except ValueError:  # too few applicants rated by a full panel: no ICC, only the n
            ratings = reliability._panel_ratings(rated)
            counts = ratings.groupby(["stage", "panel"])["applicant_id"].nunique()
            table = counts.rename("n_applicants").reset_index()
            for column in ("icc1k", "icc1k_ci_low", "icc1k_ci_high"):
                table[column] = np.nan
        # one panel type per stage: the most used, when a region had several
        table = table.sort_values("n_applicants", ascending=False, kind="stable")
        table = table.drop_duplicates("stage")
        rows.append(
            pd.DataFrame(
                {
                    "region_id": region_id,
                    "indicator": "panel_icc_" + table["stage"],
                    "value": table["icc1k"],
                    "ci_low": table["icc1k_ci_low"],
                    "ci_high": table["icc1k_ci_high"],
                    "n": table["n_applicants"],
                    "unit": "icc",
                    "group": table["panel"],
                }
            )
        )
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def _mean_skp(ds: Dataset, confidence: float) -> pd.DataFrame:
    yearly = outcomes.yearly_outcomes(ds).dropna(subset=["skp_score"])
    employees = ds.employees.set_index("employee_id")
    yearly["region_id"] = yearly["employee_id"].map(employees["region_id"])
    yearly = yearly.dropna(subset=["region_id"])
    latest = yearly[yearly["year"] == yearly.groupby("region_id")["year"].transform("max")]
    recruit = latest["employee_id"].map(employees["applicant_id"]).notna()
    frames = []
    for indicator, rows in (("mean_skp", latest), ("mean_skp_recruits", latest[recruit])):
        m = mean_interval(rows["skp_score"], rows["region_id"], confidence)
        frames.append(_rows(indicator, m["mean"], m["n"], m["low"], m["high"]))
    return pd.concat(frames, ignore_index=True).assign(unit="skp_points")


def _ikm(ds: Dataset, confidence: float) -> pd.DataFrame:
    skm = ds.skm.assign(
        region_id=keys.lookup(ds.skm["unit_id"], ds.units.set_index("unit_id")["region_id"])
    )
    trend = satisfaction.ikm_trend(
        skm.dropna(subset=["region_id"]), by="region_id", confidence=confidence
    )
    latest = trend.sort_values("year").groupby("region_id").tail(1).set_index("region_id")
    return _rows("ikm", latest["ikm"], latest["n"], latest["ci_low"], latest["ci_high"]).assign(
        unit="ikm", band=latest["mutu"].to_numpy(object)
    )


def _domain_of(indicator: pd.Series) -> pd.Series:
    base = indicator.str.replace(r"^(validity|panel_icc)_.*$", r"\1", regex=True)
    domain = base.map({k: v[0] for k, v in INDICATORS.items()})
    return domain.fillna("merit")


def _unit_of(indicator: pd.Series) -> pd.Series:
    base = indicator.str.replace(r"^(validity|panel_icc)_.*$", r"\1", regex=True)
    return base.map({k: v[1] for k, v in INDICATORS.items()})


def _indicator_order(indicators: pd.Series) -> pd.Series:
    """Sort key: the order of INDICATORS (scores in DEFAULT_COMPONENTS order), merit after."""
    base = list(INDICATORS)
    scores = list(DEFAULT_COMPONENTS)
    key = {}
    for name in pd.unique(indicators):
        if name.startswith("validity_"):
            score = name.removeprefix("validity_")
            rank = scores.index(score) if score in scores else len(scores)
            key[name] = base.index("validity") * 100 + rank
        elif name.startswith("panel_icc_"):
            key[name] = base.index("panel_icc") * 100 + (name != "panel_icc_interview")
        elif name in INDICATORS:
            key[name] = base.index(name) * 100
        else:  # merit: the order merit_indicators gives
            key[name] = 10_000
    return indicators.map(key)


def _complete(parts: list[pd.DataFrame], regions: list[str]) -> pd.DataFrame:
    """Stack the blocks and give every indicator a row for every region (n 0 when absent)."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return pd.DataFrame(columns=[c for c in _COLUMNS if c != "suppressed"])
    long = pd.concat(frames, ignore_index=True)
    for column in ("unit", "band", "group"):
        if column not in long:
            long[column] = np.nan
    long["unit"] = long["unit"].fillna(_unit_of(long["indicator"]))
    long = long[long["region_id"].isin(regions)]
    indicators = pd.unique(long["indicator"])
    grid = pd.MultiIndex.from_product([regions, indicators], names=["region_id", "indicator"])
    long = long.set_index(["region_id", "indicator"]).reindex(grid).reset_index()
    long["n"] = long["n"].fillna(0).astype(int)
    long["unit"] = long.groupby("indicator")["unit"].transform("first")
    long["domain"] = _domain_of(long["indicator"])
    domain_rank = long["domain"].map({d: i for i, d in enumerate(DOMAINS)})
    region_rank = long["region_id"].map({r: i for i, r in enumerate(regions)})
    merit_rank = long["indicator"].map({name: i for i, name in enumerate(indicators)})
    order = np.lexsort(
        (
            region_rank.to_numpy(),
            merit_rank.to_numpy(),
            _indicator_order(long["indicator"]).to_numpy(),
            domain_rank.to_numpy(),
        )
    )
    return long.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# words and tables for the report
# --------------------------------------------------------------------------------------------


def _names(ds: Dataset, regions: Sequence[str]) -> list[str]:
    return [narrative.region_name(ds, r) for r in regions]


def _joined(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('cmp_and', lang)} " + items[-1]


def _highlight(ds: Dataset, region: str | None) -> str | None:
    """The region to highlight, or None for "all"; an unknown region is an error."""
    if region is None or str(region).strip().lower() in ("", "all", "semua"):
        return None
    key = str(region).strip().lower()
    if key not in ds.region_ids():
        raise ValueError(
            f"Region {region!r} is not in the data; regions present: "
            f"{', '.join(ds.region_ids()) or 'none'}. Use region='all' to highlight none."
        )
    return key


def header(ds: Dataset, region: str | None = "all", *, lang: str = "id") -> Markdown:
    """Title naming the regions compared (the highlighted one first), the synthetic-data
    banner when it applies, and the provenance line (:func:`asnpolicy.narrative.header`).

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> header(ds, "pauh", lang="en").data.splitlines()[0]
    '# Region Comparison: Pauh beside Bangko'
    """
    check_lang(lang)
    focus = _highlight(ds, region)
    regions = _region_order(ds)
    if focus is None:
        title = _joined(_names(ds, regions), lang)
    else:
        others = _names(ds, [r for r in regions if r != focus])
        title = t(
            "cmp_focus", lang, region=narrative.region_name(ds, focus), others=_joined(others, lang)
        )
    return narrative.header(ds, "compare_title", title, lang=lang)


def unit_label(unit: str, lang: str = "id") -> str:
    """Axis label of a unit code (``share`` -> ``persen (%)``)."""
    key = f"cmp_unit_{unit}"
    return t(key, lang) if key in TEXT else str(unit)


def indicator_label(indicator: str, lang: str = "id", *, horizon_years: int = 5) -> str:
    """Display name of an indicator in ``lang``.

    Examples
    --------
    >>> indicator_label("validity_tiu", "en")
    'Validity: TIU (general intelligence)'
    >>> indicator_label("retirement_share", "id", horizon_years=3)
    'Pegawai pensiun dalam 3 tahun'
    """
    check_lang(lang)
    if indicator in ("validity", "panel_icc"):  # the family, as in ``attrs["not_measured"]``
        return t(f"cmp_ind_{indicator}_stages", lang)
    for prefix, key, stage_key in (
        ("validity_", "cmp_ind_validity", "score_"),
        ("panel_icc_", "cmp_ind_panel_icc", "cmp_stage_"),
    ):
        if indicator.startswith(prefix):
            code = indicator.removeprefix(prefix)
            stage = t(stage_key + code, lang) if stage_key + code in TEXT else code
            return t(key, lang, stage=stage)
    key = f"cmp_ind_{indicator}"
    return t(key, lang, years=horizon_years) if key in TEXT else indicator.replace("_", " ")


def _display(value: float, unit: str, lang: str) -> str:
    if pd.isna(value):
        return "-"
    if unit == "share":
        return number(100 * value, lang, 1) + " %"
    decimals = {"count": 0, "days": 1, "ikm": 2, "applicants_per_post": 1, "hours": 1}
    return number(value, lang, decimals.get(unit, 2))


def _cell(row, lang: str, hidden: str) -> str:
    if row.suppressed:
        return hidden
    if row.n == 0 or pd.isna(row.value):
        return t("cmp_not_available", lang)
    text = _display(row.value, row.unit, lang)
    if pd.notna(row.ci_low) and pd.notna(row.ci_high):
        text += (
            f" [{_display(row.ci_low, row.unit, lang)}; {_display(row.ci_high, row.unit, lang)}]"
        )
    extra = []
    if isinstance(row.band, str):
        extra.append(
            t(f"cmp_band_{row.band}", lang) if f"cmp_band_{row.band}" in TEXT else row.band
        )
    if isinstance(row.group, str):
        extra.append(_code_label(row.group, lang))
    text += f" (n = {number(row.n, lang)}"
    text += "; " + ", ".join(extra) + ")" if extra else ")"
    return text


def _code_label(code: str, lang: str) -> str:
    key = f"cmp_code_{code}"
    return t(key, lang) if key in TEXT else code.replace("_", " ")


def scorecard_table(
    card: pd.DataFrame,
    ds: Dataset,
    *,
    domain: str | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """A scorecard block for reading: one row per indicator, one column per region.

    Parameters
    ----------
    card : DataFrame
        From :func:`scorecard` (already suppressed).
    ds : Dataset
        For the regions' names.
    domain : str, optional
        One of :data:`DOMAINS`; default all.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the indicator's name (index named in ``lang``): the unit, then per region
        ``value [ci_low; ci_high] (n = ...; band or group)``; a suppressed value shows as
        ``<5`` (the card's ``small_cell_min``), a missing one as ``-`` in words.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["pauh"], "domain": "needs",
    ...     "indicator": "shortage_rate", "value": [0.125], "ci_low": np.nan,
    ...     "ci_high": np.nan, "n": [40], "unit": "share", "band": None, "group": None,
    ...     "suppressed": False})
    >>> scorecard_table(card, Dataset(), lang="en").iloc[0].tolist()
    ['percent (%)', '12.5 % (n = 40)']
    """
    check_lang(lang)
    rows = card if domain is None else card[card["domain"] == domain]
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    years = card.attrs.get("horizon_years", 5)
    regions = list(pd.unique(rows["region_id"]))
    indicators = list(pd.unique(rows["indicator"]))
    cells = pd.Series(
        [_cell(r, lang, hidden) for r in rows.itertuples()],  # one per region and indicator
        index=pd.MultiIndex.from_frame(rows[["indicator", "region_id"]]),
    ).unstack("region_id")
    cells = cells.reindex(index=indicators, columns=regions)
    units = rows.drop_duplicates("indicator").set_index("indicator")["unit"]
    table = pd.DataFrame(
        {t("cmp_col_unit", lang): [unit_label(units[i], lang) for i in indicators]},
        index=indicators,
    )
    table[_names(ds, regions)] = cells.to_numpy()
    table.index = pd.Index(
        [indicator_label(i, lang, horizon_years=years) for i in indicators],
        name=t("cmp_col_indicator", lang),
    )
    return table


def not_measured_table(card: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """What the scorecard could not measure, and why (``attrs["not_measured"]``).

    Examples
    --------
    >>> card = pd.DataFrame(columns=["indicator"])
    >>> card.attrs["not_measured"] = {"time_to_hire": NOT_MEASURED["time_to_hire"]}
    >>> not_measured_table(card, lang="en").index.tolist()
    ['Time to hire']
    """
    check_lang(lang)
    reasons = card.attrs.get("not_measured", {})
    years = card.attrs.get("horizon_years", 5)
    labels, texts = [], []
    for indicator, reason in reasons.items():
        labels.append(indicator_label(indicator, lang, horizon_years=years))
        key = f"cmp_reason_{indicator}"
        if key in TEXT:
            texts.append(t(key, lang))
        elif reason.startswith("needs the table(s) "):
            texts.append(t("cmp_reason_tables", lang, tables=reason.split(") ", 1)[1]))
        else:
            texts.append(reason)
    return pd.DataFrame(
        {t("cmp_col_reason", lang): texts},
        index=pd.Index(labels, name=t("cmp_col_indicator", lang)),
    )


#: The profile fields shown by :func:`policy_features`, in order.
_FEATURES = (
    "stresses",
    "selection_stages",
    "fixed_stage_weights",
    "panel_type",
    "panel_members",
    "registration_channels",
    "online_registration",
    "document_upload",
    "training_programmes",
    "training_partners",
    "feedback_practices",
    "merit_practices",
)


def policy_features(ds: Dataset, *, lang: str = "id") -> pd.DataFrame:
    """What each region's policy documents describe (:class:`asnpolicy.regions.PolicyProfile`).

    Parameters
    ----------
    ds : Dataset
        Its regions are shown; a region not in the registry has no documented profile.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the feature's name in ``lang``, one column per region (its name): the
        feature's entries in words, ``-`` when the document names none.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> policy_features(ds, lang="en").loc["Panel", "Bangko"]
    'external'
    """
    check_lang(lang)
    regions = _region_order(ds)
    yes, no = t("yes", lang), t("no", lang)
    columns = {}
    for region in regions:
        profile = REGIONS[region].profile if region in REGIONS else None
        values = []
        for feature in _FEATURES:
            if profile is None:
                values.append(t("cmp_not_documented", lang) if feature == "stresses" else "-")
                continue
            if feature == "stresses":
                values.append(profile.stresses_id if lang == "id" else profile.stresses_en)
                continue
            value = getattr(profile, feature)
            if isinstance(value, bool):
                values.append(yes if value else no)
            elif isinstance(value, str):
                values.append(_code_label(value, lang))
            else:
                values.append(", ".join(_code_label(v, lang) for v in value) or "-")
        columns[narrative.region_name(ds, region)] = values
    return pd.DataFrame(
        columns,
        index=pd.Index(
            [t(f"cmp_feature_{f}", lang) for f in _FEATURES], name=t("cmp_col_feature", lang)
        ),
    )


def _lower_first(text: str) -> str:
    """``Time to hire`` -> ``time to hire``; ``IKM ...`` stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _extremes(card: pd.DataFrame, indicator: str):
    """(lowest row, highest row) of a shown indicator, or None when fewer than two regions."""
    rows = card[(card["indicator"] == indicator) & ~card["suppressed"] & card["value"].notna()]
    if len(rows) < 2:
        return None
    return rows.loc[rows["value"].idxmin()], rows.loc[rows["value"].idxmax()]


def summary(
    card: pd.DataFrame, ds: Dataset, *, region: str | None = "all", lang: str = "id"
) -> Markdown:
    """The comparison in a few sentences: the range of each key indicator across regions and
    which region sits at each end, adverse impact, the most valid stage, what is not measured.

    Parameters
    ----------
    card : DataFrame
        From :func:`scorecard`.
    ds : Dataset
        For the regions' names.
    region : str, optional
        Region highlighted in the report (named in the last sentence); ``"all"`` for none.
    lang : {"id", "en"}

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> text = summary(scorecard(ds, n_boot=20), ds, lang="en").data
    >>> "Online registration ranges from" in text
    True
    """
    check_lang(lang)
    focus = _highlight(ds, region)
    years = card.attrs.get("horizon_years", 5)
    name = {
        r: narrative.escape_markdown(narrative.region_name(ds, r))
        for r in pd.unique(card["region_id"])
    }

    def span(indicator: str, key: str) -> str | None:
        ends = _extremes(card, indicator)
        if ends is None:
            return None
        low, high = ends
        return t(
            key,
            lang,
            low=_display(low["value"], low["unit"], lang),
            low_region=name[low["region_id"]],
            high=_display(high["value"], high["unit"], lang),
            high_region=name[high["region_id"]],
            years=years,
        )

    sentences = [
        s
        for s in (
            span("shortage_rate", "cmp_summary_shortage"),
            span("retirement_share", "cmp_summary_retirement"),
            span("applicants_per_post", "cmp_summary_applicants"),
            span("online_registration_share", "cmp_summary_online"),
        )
        if s
    ]
    shown = card[~card["suppressed"] & card["value"].notna()]
    icc = shown[shown["indicator"].str.startswith("panel_icc_")]
    if len(icc):
        best, worst = icc.loc[icc["value"].idxmax()], icc.loc[icc["value"].idxmin()]
        sentences.append(
            t(
                "cmp_summary_icc",
                lang,
                high=number(best["value"], lang, 2),
                high_region=name[best["region_id"]],
                high_panel=_code_label(best["group"], lang),
                low=number(worst["value"], lang, 2),
                low_region=name[worst["region_id"]],
                low_panel=_code_label(worst["group"], lang),
            )
        )
    adverse = shown[
        shown["indicator"].str.startswith("impact_ratio_") & shown["band"].eq("adverse")
    ]
    if len(adverse):
        parts = [
            f"{name[r.region_id]} ({t(r.indicator.replace('impact_ratio_', 'cmp_var_'), lang)}"
            f": {_code_label(r.group, lang)} {number(r.value, lang, 2)} "
            f"[{number(r.ci_low, lang, 2)}; {number(r.ci_high, lang, 2)}])"
            for r in adverse.itertuples()
        ]
        sentences.append(t("cmp_summary_adverse", lang, parts="; ".join(parts)))
    elif shown["indicator"].str.startswith("impact_ratio_").any():
        sentences.append(t("cmp_summary_no_adverse", lang))
    validity = shown[shown["indicator"].str.startswith("validity_")]
    clear = validity[validity["ci_low"] > 0]
    if len(validity) and clear.empty:
        sentences.append(t("cmp_summary_validity_none", lang))
    elif len(clear):
        best = clear.loc[clear["value"].idxmax()]
        sentences.append(
            t(
                "cmp_summary_validity",
                lang,
                stage=indicator_label(best["indicator"], lang).split(": ", 1)[-1],
                region=name[best["region_id"]],
                r=number(best["value"], lang, 2),
                low=number(best["ci_low"], lang, 2),
                high=number(best["ci_high"], lang, 2),
                n=number(best["n"], lang),
            )
        )
    ikm = _extremes(card, "ikm")
    if ikm is not None:
        low, high = ikm
        sentences.append(
            t(
                "cmp_summary_ikm",
                lang,
                low=number(low["value"], lang, 2),
                low_band=low["band"],
                low_region=name[low["region_id"]],
                high=number(high["value"], lang, 2),
                high_band=high["band"],
                high_region=name[high["region_id"]],
            )
        )
    merit_span = span("merit_promotion_share", "cmp_summary_merit")
    if merit_span:
        sentences.append(merit_span)
    missing = card.attrs.get("not_measured", {})
    if missing:
        sentences.append(
            t(
                "cmp_summary_not_measured",
                lang,
                items="; ".join(
                    _lower_first(indicator_label(i, lang, horizon_years=years)) for i in missing
                ),
            )
        )
    if focus is not None:
        sentences.append(t("cmp_summary_focus", lang, region=name.get(focus, focus)))
    return Markdown(" ".join(sentences))
