"""Cross-region scorecard: the regions side by side on needs, selection, outcomes and merit.

:func:`scorecard` gathers, for every region in a dataset, the key numbers the other modules
compute: staffing shortage and retirements (:mod:`asnpolicy.workforce`), applicants per post,
online registration, processing time, adverse impact (:mod:`asnpolicy.fairness`) and panel
reliability (:mod:`asnpolicy.reliability`), corrected validity of the stages used
(:mod:`asnpolicy.outcomes`), mean SKP and IKM (:mod:`asnpolicy.satisfaction`), and the merit
indicators (:mod:`asnpolicy.merit`). Nothing is recomputed here that those modules compute;
this module picks, aligns and labels. The report's words and tables, and each region's
recruitment policy (:mod:`asnpolicy.policy`), are in :mod:`asnpolicy.narrative.comparison`.
An indicator whose tables are absent (or empty) is named in ``attrs["not_measured"]`` with
the tables in ``attrs["needs"]``; :func:`domain_needs` says what a block with nothing to show
lacks.

Every value carries its n. A value that describes every record of the region (every position,
employee, application, formasi or promotion: a census, :data:`CENSUS`) carries no interval: it
is what happened, not an estimate. A value estimated from a sample (the IKM survey) or an
estimated relation (validity, panel reliability, impact ratio, a difference between groups)
carries its confidence interval (column ``basis``). Any value resting on fewer than
``small_cell_min`` people is suppressed (:mod:`asnpolicy.privacy`).

:func:`standing` ranks one region among the others on each indicator and :func:`differences`
gives the interval of its difference from each other region (MOVER, Zou & Donner 2008), from
which the narrative decides whether the region is separated from the others.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import keys, merit, reliability, rules, satisfaction, snapshot, workforce
from .fairness import adverse_impact
from .intervals import mean_interval
from .io import Dataset, load_dataset, package_version, resolve_data_path
from .privacy import SMALL_CELL_MIN, suppress
from .regions import REGIONS
from .validity import method_validity, yearly_outcomes

__all__ = [
    "CENSUS",
    "DOMAINS",
    "INDICATORS",
    "NOT_MEASURED",
    "SIZE_UNITS",
    "DescribedDataset",
    "card_key",
    "comparison_dataset",
    "differences",
    "domain_needs",
    "domain_of",
    "region_kinds",
    "scorecard",
    "scorecard_wide",
    "standing",
    "store_scorecard",
    "stored_scorecard",
]

#: The four blocks of the scorecard, in display order.
DOMAINS: tuple[str, ...] = ("needs", "selection", "outcomes", "merit")

#: Indicator -> (domain, unit, what it rests on). ``validity_<score>`` and
#: ``panel_icc_<stage>`` stand for one indicator per score or rated stage.
INDICATORS: dict[str, tuple[str, str, str]] = {
    "shortage_rate": (
        "needs",
        "share",
        "workforce.gap_measures: gross shortage rate = gross shortage / required FTE (ABK), "
        "the gross shortage being the sum over positions of required FTE minus headcount where "
        "positive, on the snapshot date (workforce.GAP_MEASURES). A census: no interval. "
        "n = staff in post.",
    ),
    "net_balance": (
        "needs",
        "fte",
        "workforce.gap_measures: net balance = required FTE - headcount over the whole region "
        "(positive a net shortage, negative a net surplus). A census: no interval. "
        "n = staff in post.",
    ),
    "gross_shortage": (
        "needs",
        "fte",
        "workforce.gap_measures: sum over positions of the shortage where a position is short. "
        "A census: no interval. n = staff in post.",
    ),
    "gross_surplus": (
        "needs",
        "fte",
        "workforce.gap_measures: sum over positions of the surplus where a position has more "
        "staff than its workload needs. A census: no interval. n = staff in post.",
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
        "validity.method_validity: operational validity of the score for later SKP, corrected "
        "for range restriction (Lawley) and criterion unreliability (percentile bootstrap "
        "interval). Only the scores a region recorded. n = hires with score and SKP.",
    ),
}

#: Indicators that describe every record of the region in the period (a census): they carry
#: no confidence interval. The others are estimated from a sample (IKM survey) or are an
#: estimated relation (validity, panel ICC, impact ratio, a difference between groups) and
#: carry one. An indicator not named here (a future merit indicator) keeps its interval.
CENSUS: frozenset[str] = frozenset(
    {
        "shortage_rate",
        "net_balance",
        "gross_shortage",
        "gross_surplus",
        "positions_short_share",
        "retirements",
        "retirement_share",
        "applicants_per_post",
        "online_registration_share",
        "days_to_verification",
        "mean_skp",
        "mean_skp_recruits",
        # merit.merit_indicators: shares of every position, formasi, employee, rating, promotion
        "formasi_in_short_positions",
        "positions_with_abk",
        "competitive_formasi_share",
        "external_panel_share",
        "trained_share",
        "training_hours_per_employee",
        "merit_promotion_share",
        "skp_coverage",
        "peer_feedback_share",
        "citizen_feedback_share",
        "employee_records_complete",
    }
)

#: Units that count people (or FTE): they grow with the size of the region, so they do not
#: compare between a kecamatan and a kabupaten or kota; shares, rates and means do.
SIZE_UNITS: tuple[str, ...] = ("count", "fte")

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

#: The block of a measure that is not an indicator (:data:`NOT_MEASURED`).
_OTHER_DOMAINS = {"time_to_hire": "selection"}

#: How :func:`asnpolicy.merit.merit_indicators` (and :func:`scorecard`) word a reason that is
#: a list of absent tables.
_NEEDS_TABLES = "needs the table(s) "

#: The applicant columns each recruitment indicator of the scorecard reads; an indicator whose
#: column is empty in every row is named as not measured (no official export carries them:
#: shared/reference/real-exports.md A3).
_APPLICANT_COLUMNS = {
    "days_to_verification": ("registered_on", "verified_on"),
    "impact_ratio_gender": ("gender",),
    "impact_ratio_origin": ("origin",),
}

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
    "basis",
    "suppressed",
]


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
        Any tables; an indicator whose tables are absent or empty (or whose analysis the data
        cannot support) is left out and named with the reason in ``attrs["not_measured"]``
        (and its absent tables in ``attrs["needs"]``).
    n_boot : int
        Bootstrap resamples for the validity intervals (:func:`validity.method_validity`).
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
        on; ``Int64``, empty when suppressed), ``unit`` (``share`` 0-1, ``count``, ``fte``,
        ``days``, ``ratio``, ``icc``, ``correlation``, ``skp_points``, ``ikm``, ...), ``band``
        (IKM mutu A-D; ``adverse`` / ``ok`` for impact ratios by the four-fifths rule on the
        point estimate), ``group`` (the lowest group of an impact ratio, the panel type of a
        panel ICC), ``basis`` (``census``: every record, no interval; ``sample``: an estimate
        with its interval; see :data:`CENSUS`), ``suppressed``.
        Every indicator has a row for every region; a region without it (a stage it does
        not use, a panel it does not hold) has ``n`` 0 and an empty value.
        ``attrs``: ``not_measured`` (indicator -> reason), ``needs`` (indicator -> the
        absent tables, or the ``table.column`` entries empty in every row, that keep it
        from being measured), ``horizon_years``,
        ``small_cell_min``, ``confidence``, ``kinds`` (region -> kabupaten, kota, kecamatan
        or None: :func:`region_kinds`). :data:`INDICATORS` says what each value rests on.

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
    regions = ds.region_ids()
    not_measured = dict(NOT_MEASURED)
    parts: list[pd.DataFrame] = []

    needs: dict[str, tuple[str, ...]] = {}

    def have(indicators: Sequence[str], *tables: str) -> bool:
        missing = [name for name in tables if _absent(ds, name)]
        for indicator in indicators if missing else ():
            not_measured[indicator] = f"needs the table(s) {', '.join(missing)}"
            needs[indicator] = tuple(missing)
        return not missing

    if have(
        (
            "shortage_rate",
            "net_balance",
            "gross_shortage",
            "gross_surplus",
            "positions_short_share",
            "retirements",
            "retirement_share",
        ),
        "positions",
        "workload",
        "employees",
        "units",
    ):
        parts.append(_needs(ds, horizon_years, min_gap, as_of))
    # the region of every applicant, joined once for the three indicators that need it
    recruitment = not _absent(ds, "applicants") and not _absent(ds, "formasi")
    applicant_region = ds.region_of("applicants") if recruitment else None
    if have(("days_to_verification",), "applicants", "formasi"):
        parts.append(_verification_days(ds, applicant_region, confidence))
        parts.append(_impact_ratios(ds, applicant_region, confidence))
        # columns no official export carries (issue 18): named, never shown as a value
        for indicator, columns in _APPLICANT_COLUMNS.items():
            empty = [f"applicants.{c}" for c in columns if ds.applicants[c].isna().all()]
            if empty:
                not_measured[indicator] = merit.empty_columns_reason(empty)
                needs[indicator] = tuple(empty)
    else:
        not_measured["impact_ratio_gender"] = not_measured["days_to_verification"]
        not_measured["impact_ratio_origin"] = not_measured["days_to_verification"]
    if have(("panel_icc",), "applicants", "formasi", "assessments"):
        icc = _panel_icc(ds, applicant_region, confidence)
        if icc.empty:
            not_measured["panel_icc"] = "no panel ratings are recorded"
        parts.append(icc)
    if have(("validity",), "applicants", "formasi", "employees", "performance"):
        try:
            with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # degenerate bootstrap draws
                validity = method_validity(ds, n_boot=n_boot, seed=seed, confidence=confidence)
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
    if have(("ikm",), *(("units",) if not _absent(ds, "ikm_published") else ("skm", "units"))):
        parts.append(_ikm(ds, confidence))

    merit_rows = merit.merit_indicators(ds, confidence=confidence, min_gap=min_gap)
    for indicator, reason in merit_rows.attrs["not_measured"].items():
        not_measured.setdefault(indicator, reason)
        if reason.startswith(_NEEDS_TABLES) and indicator not in needs:
            needs[indicator] = tuple(reason.removeprefix(_NEEDS_TABLES).split(", "))
        elif merit.reason_columns(reason) and indicator not in needs:
            needs[indicator] = merit.reason_columns(reason)
    parts.append(
        merit_rows.assign(unit=merit_rows["indicator"].map(_MERIT_UNITS).fillna("share"))[
            ["region_id", "indicator", "value", "ci_low", "ci_high", "n", "unit"]
        ]
    )

    out = _complete(parts, regions)
    census = out["indicator"].isin(CENSUS)
    published = out["group"].eq("published").fillna(False) if "group" in out else census & False
    out["basis"] = np.where(census, "census", np.where(published, "published", "sample"))
    out.loc[census, ["ci_low", "ci_high"]] = np.nan  # every record counted: no interval
    # a published IKM is public already (and may come without n): never hidden as a small cell
    shown = ["n", "value", "ci_low", "ci_high", "band", "group"]
    public = out.loc[published.to_numpy(), shown].copy()
    out = suppress(out, "n", shown[1:], min_n=small_cell_min)
    out.loc[public.index, shown] = public
    out.loc[public.index, "suppressed"] = False
    out = out[_COLUMNS].reset_index(drop=True)
    out.attrs.update(
        not_measured=not_measured,
        needs=needs,
        horizon_years=horizon_years,
        small_cell_min=small_cell_min,
        confidence=confidence,
        kinds=region_kinds(ds),
    )
    return scorecard_wide(out) if wide else out


def domain_needs(card: pd.DataFrame, domain: str) -> list[tuple[str, ...]]:
    """What a block of the scorecard lacks when none of its indicators could be measured: the
    sets of absent tables, any one of which would let some indicator of ``domain`` be shown.

    Parameters
    ----------
    card : DataFrame
        From :func:`scorecard` (its ``attrs["needs"]``).
    domain : str
        One of :data:`DOMAINS`.

    Returns
    -------
    list of tuple of str
        Empty when the card has a row of ``domain`` (the block can be shown). Else the
        smallest sets of absent tables (no set contains another), smallest first: ``[("skm",
        "units")]`` reads "needs the skm and units tables"; two sets read "... or ...". An
        empty block whose indicators lack no table (the data present are too few) gives
        ``[()]``.

    Examples
    --------
    >>> card = pd.DataFrame(columns=["domain"])
    >>> card.attrs["needs"] = {"ikm": ("skm",), "mean_skp": ("performance", "employees"),
    ...                        "validity": ("employees", "performance", "applicants")}
    >>> domain_needs(card, "outcomes")
    [('skm',), ('performance', 'employees')]
    """
    if domain not in DOMAINS:
        raise ValueError(f"Unknown domain {domain!r}; domains: {', '.join(DOMAINS)}")
    if (card["domain"] == domain).any():
        return []
    needs = card.attrs.get("needs", {})
    mine = [tuple(tables) for name, tables in needs.items() if domain_of(name) == domain]
    sets = sorted(dict.fromkeys(mine), key=len)
    smallest = [s for i, s in enumerate(sets) if not any(set(o) <= set(s) for o in sets[:i])]
    return smallest or [()]


def domain_of(indicator: str) -> str:
    """The block (:data:`DOMAINS`) of an indicator of :func:`scorecard`, of a family of them
    (``validity``, ``panel_icc``) or of a measure named in ``attrs["not_measured"]``.

    Examples
    --------
    >>> domain_of("validity_tiu"), domain_of("time_to_hire"), domain_of("trained_share")
    ('outcomes', 'selection', 'merit')
    """
    if indicator in _OTHER_DOMAINS:
        return _OTHER_DOMAINS[indicator]
    return str(_domain_of(pd.Series([indicator])).iloc[0])


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


def region_kinds(ds: Dataset) -> dict[str, str | None]:
    """The kind of each region of the data (``kabupaten``, ``kota``, ``kecamatan``): the
    ``regions`` table's ``kind``, else the registry's (:mod:`asnpolicy.regions`), else None.

    Examples
    --------
    >>> regions = pd.DataFrame({"region_id": ["pauh", "x"], "name": ["Pauh", "X"],
    ...                         "kind": ["kecamatan", "kota"]})
    >>> region_kinds(Dataset(regions=regions))
    {'pauh': 'kecamatan', 'x': 'kota'}
    """
    table = {}
    if ds.regions is not None and "kind" in ds.regions:
        kinds = ds.regions.drop_duplicates("region_id").set_index("region_id")["kind"]
        table = {k: str(v) for k, v in kinds.items() if pd.notna(v) and str(v).strip()}
    out: dict[str, str | None] = {}
    for region in ds.region_ids():
        known = REGIONS.get(region)
        out[region] = table.get(region) or (known.kind if known is not None else None)
    return out


def standing(card: pd.DataFrame, region: str) -> pd.DataFrame:
    """Where ``region`` stands among the regions on each indicator of a :func:`scorecard`.

    Parameters
    ----------
    card : DataFrame
        A long scorecard.
    region : str
        The region to place.

    Returns
    -------
    DataFrame
        One row per indicator (the card's order): ``domain``, ``indicator``, ``unit``,
        ``basis``, ``value``, ``ci_low``, ``ci_high``, ``n`` of the region; ``rank`` (1 = the
        highest value; ties share the better rank; empty when the region has no value),
        ``regions`` (regions with a shown value), ``size_dependent`` (the unit counts people
        or FTE, :data:`SIZE_UNITS`). Ranking says nothing about certainty: :func:`differences`
        gives the intervals that do.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["a", "b", "c"], "domain": "needs",
    ...     "indicator": "shortage_rate", "value": [0.1, 0.3, 0.2], "ci_low": float("nan"),
    ...     "ci_high": float("nan"), "n": 50, "unit": "share", "basis": "census",
    ...     "suppressed": False})
    >>> standing(card, "c")[["rank", "regions"]].iloc[0].tolist()
    [2, 3]
    """
    if region not in set(card["region_id"]):
        raise ValueError(f"Region {region!r} is not in the scorecard.")
    shown = card[~card["suppressed"].fillna(False).astype(bool) & card["value"].notna()]
    rank = shown.groupby("indicator")["value"].rank(ascending=False, method="min")
    counts = shown.groupby("indicator")["region_id"].size()
    mine = card[card["region_id"] == region].copy()
    mine["rank"] = rank.reindex(mine.index).astype("Int64")
    mine["regions"] = mine["indicator"].map(counts).fillna(0).astype(int)
    mine["size_dependent"] = mine["unit"].isin(SIZE_UNITS)
    if "basis" not in mine:
        mine["basis"] = np.where(mine["indicator"].isin(CENSUS), "census", "sample")
    columns = ["domain", "indicator", "unit", "basis", "value", "ci_low", "ci_high", "n"]
    return mine[[*columns, "rank", "regions", "size_dependent"]].reset_index(drop=True)


def differences(card: pd.DataFrame, region: str) -> pd.DataFrame:
    """The difference of ``region`` from every other region on each indicator with an
    interval, with the interval of the difference.

    Parameters
    ----------
    card : DataFrame
        A long scorecard.
    region : str
        The region compared with each other one.

    Returns
    -------
    DataFrame
        One row per indicator and other region where both have a value and an interval:
        ``indicator``, ``other`` (region_id), ``difference`` (region minus other),
        ``ci_low``, ``ci_high``. Censuses (no interval) have no rows.

    Notes
    -----
    The regions are independent samples, so the interval of the difference is built from the
    two intervals by the MOVER method (method of variance estimates recovery; Newcombe 1998
    for proportions, Zou & Donner 2008 in general), which keeps each interval's asymmetry:
    with ``d = v1 - v2``, ``L = d - sqrt((v1 - l1)^2 + (u2 - v2)^2)`` and
    ``U = d + sqrt((u1 - v1)^2 + (v2 - l2)^2)``. It is wider than either interval and
    narrower than "the intervals do not overlap" (which would be too strict a test).

    References
    ----------
    Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about effect measures:
    a general approach. Statistics in Medicine 27(10), 1693-1702.
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions. Statistics in Medicine 17(8), 873-890.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["a", "b"], "indicator": "ikm",
    ...     "value": [80.0, 77.0], "ci_low": [79.0, 76.0], "ci_high": [81.0, 78.0],
    ...     "suppressed": False})
    >>> row = differences(card, "a").iloc[0]
    >>> float(row.difference), round(float(row.ci_low), 3), round(float(row.ci_high), 3)
    (3.0, 1.586, 4.414)
    """
    usable = card[
        ~card["suppressed"].fillna(False).astype(bool)
        & card[["value", "ci_low", "ci_high"]].notna().all(axis=1)
    ]
    mine = usable[usable["region_id"] == region].set_index("indicator")
    others = usable[usable["region_id"] != region]
    others = others[others["indicator"].isin(mine.index)]
    v1 = others["indicator"].map(mine["value"]).to_numpy(float)
    l1 = others["indicator"].map(mine["ci_low"]).to_numpy(float)
    u1 = others["indicator"].map(mine["ci_high"]).to_numpy(float)
    v2, l2, u2 = (others[c].to_numpy(float) for c in ("value", "ci_low", "ci_high"))
    d = v1 - v2
    return pd.DataFrame(
        {
            "indicator": others["indicator"].to_numpy(),
            "other": others["region_id"].to_numpy(),
            "difference": d,
            "ci_low": d - np.sqrt((v1 - l1) ** 2 + (u2 - v2) ** 2),
            "ci_high": d + np.sqrt((u1 - v1) ** 2 + (v2 - l2) ** 2),
        }
    )


# --------------------------------------------------------------------------------------------
# building blocks: each returns rows region_id, indicator, value, ci_low, ci_high, n
# (and unit, band, group where they differ from the defaults)
# --------------------------------------------------------------------------------------------


def _needs(ds: Dataset, horizon_years: int, min_gap: float, as_of) -> pd.DataFrame:
    gap = workforce.staffing_gap(ds, as_of=as_of)
    measures = workforce.gap_measures(gap, by="region_id", min_gap=min_gap)  # one vocabulary
    headcount = gap.loc[gap["level"] == "region"].set_index("region_id")["headcount"]
    projection = workforce.retirement_projection(ds, years=horizon_years, as_of=as_of)
    retiring = projection.groupby("region_id")["retirements"].sum().reindex(headcount.index)
    retiring = retiring.fillna(0).astype(int)
    staff = headcount.reindex(measures.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        frames = [
            _rows("shortage_rate", measures["shortage_rate"], staff),
            _rows("net_balance", measures["net_balance"], staff),
            _rows("gross_shortage", measures["gross_shortage"], staff),
            _rows("gross_surplus", measures["gross_surplus"], staff),
            _rows(
                "positions_short_share",
                measures["positions_short"]
                / measures["positions"].where(measures["positions"] > 0),
                measures["positions"],
            ),
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


def _verification_days(ds: Dataset, region: pd.Series, confidence: float) -> pd.DataFrame:
    a = ds.applicants
    days = (a["verified_on"] - a["registered_on"]).dt.days
    known = days.notna()
    m = mean_interval(days[known].astype(float), region[known], confidence)
    return _rows("days_to_verification", m["mean"], m["n"], m["low"], m["high"]).assign(unit="days")


def _impact_ratios(ds: Dataset, region: pd.Series, confidence: float) -> pd.DataFrame:
    """Lowest impact ratio of hiring by gender and by origin, per region (``region``: that
    of each applicant)."""
    rows = []
    for group in ("gender", "origin"):
        a = ds.applicants[[group, "hired"]]  # only what the ratio reads: groups copy less
        for region_id, frame in a.groupby(region, sort=False):
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


def _panel_icc(ds: Dataset, region: pd.Series, confidence: float) -> pd.DataFrame:
    """Reliability of the panel mean (ICC1k) per region and rated stage (``region``: that of
    each applicant)."""
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
            ratings = reliability.panel_ratings(rated)
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
    yearly = yearly_outcomes(ds).dropna(subset=["skp_score"])
    e = ds.employees
    applicant_of = pd.Series(e["applicant_id"].array, index=pd.Index(e["employee_id"]))
    yearly["region_id"] = ds.region_of("performance")  # yearly keeps performance's index
    yearly = yearly.dropna(subset=["region_id"])
    latest = yearly[yearly["year"] == yearly.groupby("region_id")["year"].transform("max")]
    recruit = keys.lookup(latest["employee_id"], applicant_of).notna()
    frames = []
    for indicator, rows in (("mean_skp", latest), ("mean_skp_recruits", latest[recruit])):
        m = mean_interval(rows["skp_score"], rows["region_id"], confidence)
        frames.append(_rows(indicator, m["mean"], m["n"], m["low"], m["high"]))
    return pd.concat(frames, ignore_index=True).assign(unit="skp_points")


def _ikm(ds: Dataset, confidence: float) -> pd.DataFrame:
    """The latest IKM of each region: from the answers (``skm``) of its latest year with
    answers, else from its units' published figures (``ikm_published``, pooled by their
    respondents when every unit gives ``n``; no interval), whichever year is later
    (:func:`satisfaction.ikm_trend_with_published`). A published figure is marked ``group``
    ``published``."""
    skm = None
    if not _absent(ds, "skm"):
        skm = ds.skm.assign(region_id=ds.region_of("skm")).dropna(subset=["region_id"])
    published = None
    if not _absent(ds, "ikm_published"):
        region = keys.lookup(
            ds.ikm_published["unit_id"], ds.units.set_index("unit_id")["region_id"]
        )
        published = ds.ikm_published.assign(region_id=region).dropna(subset=["region_id"])
    trend = satisfaction.ikm_trend_with_published(
        skm, published, by="region_id", confidence=confidence
    )
    latest = trend.sort_values("year").groupby("region_id").tail(1).set_index("region_id")
    n = pd.Series(latest["n"].to_numpy(dtype=float, na_value=np.nan), index=latest.index)
    rows = _rows("ikm", latest["ikm"], n, latest["ci_low"], latest["ci_high"])
    rows = rows.assign(unit="ikm", band=latest["mutu"].to_numpy(object))
    if latest["source"].eq("published").any():  # else no group column: as without the table
        rows["group"] = latest["source"].where(latest["source"].eq("published")).to_numpy(object)
    return rows


def _absent(ds: Dataset, table: str) -> bool:
    """Whether ``table`` is absent from ``ds`` or has no rows (an empty template sheet)."""
    frame = getattr(ds, table, None)
    return frame is None or len(frame) == 0


def _domain_of(indicator: pd.Series) -> pd.Series:
    base = indicator.str.replace(r"^(validity|panel_icc)_.*$", r"\1", regex=True)
    domain = base.map({k: v[0] for k, v in INDICATORS.items()})
    return domain.fillna("merit")


def _unit_of(indicator: pd.Series) -> pd.Series:
    base = indicator.str.replace(r"^(validity|panel_icc)_.*$", r"\1", regex=True)
    return base.map({k: v[1] for k, v in INDICATORS.items()})


def _indicator_order(indicators: pd.Series) -> pd.Series:
    """Sort key: the order of INDICATORS (scores in rules.SCORE_COLUMNS order), merit after."""
    base = list(INDICATORS)
    scores = list(rules.SCORE_COLUMNS)
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


# ------------------------------------------------------------------------------------------
# A scorecard stored beside the data (the report runner's snapshot)
# ------------------------------------------------------------------------------------------

#: The tables the comparison page reads besides a stored scorecard: the regions' names and
#: kinds, and their recruitment policies (:mod:`asnpolicy.narrative.comparison`).
_PAGE_TABLES = ("regions", "region_policies")
#: Where the page finds the regions when the data have no ``regions`` table
#: (:meth:`Dataset.region_ids`).
_REGION_SOURCES = ("units", "employees", "formasi")


def card_key(years: object, n_boot: object, small_cell_min: object) -> dict | None:
    """What a stored scorecard is stored under; None for values it cannot be stored for
    (``years`` that is not None, a year or a list of years; counts that are not integers)."""

    def whole(value) -> bool:
        return isinstance(value, int | np.integer) and not isinstance(value, bool)

    if years is None:
        chosen = None
    elif whole(years):
        chosen = [int(years)]
    elif isinstance(years, list | tuple | set | frozenset) and all(whole(y) for y in years):
        chosen = sorted({int(y) for y in years})
    else:
        return None
    if not whole(n_boot) or not whole(small_cell_min):
        return None
    return {"years": chosen, "n_boot": int(n_boot), "small_cell_min": int(small_cell_min)}


def store_scorecard(
    data_dir: str | os.PathLike,
    card: pd.DataFrame,
    *,
    years=None,
    n_boot: int = 200,
    small_cell_min: int = SMALL_CELL_MIN,
    content_hash: str,
) -> Path | None:
    """Store ``card``, ``scorecard(ds.for_years(years), n_boot=n_boot,
    small_cell_min=small_cell_min)`` of the snapshot ``data_dir``, in that snapshot, for
    :func:`stored_scorecard` (the report runner does it once for every page of notebook 04).

    Parameters
    ----------
    data_dir : path
        A snapshot (``Dataset.save(..., partition_by="region_id")``).
    card : DataFrame
        From :func:`scorecard`, its ``attrs`` included.
    years, n_boot, small_cell_min
        The arguments it was computed with.
    content_hash : str
        The content hash of ``ds.for_years(years)``, the data the page describes.

    Returns
    -------
    Path or None
        The file written; None when these arguments cannot be stored (see
        :func:`stored_scorecard`).

    Raises
    ------
    ValueError
        When ``data_dir`` is not a snapshot.
    """
    key = card_key(years, n_boot, small_cell_min)
    if key is None:
        return None
    return snapshot.store_result(
        Path(data_dir), key, card, content_hash=content_hash, version=package_version()
    )


def stored_scorecard(
    data_dir: str | os.PathLike,
    *,
    years=None,
    n_boot: int = 200,
    small_cell_min: int = SMALL_CELL_MIN,
) -> pd.DataFrame | None:
    """The scorecard stored with the data for these arguments, else None.

    The report runner stores ``scorecard(ds.for_years(years), n_boot=n_boot,
    small_cell_min=small_cell_min)`` in the validated snapshot it gives the notebooks, once
    for all the pages that use it; notebook 04 reads it here and computes it itself when
    there is none (an ordinary data folder, in JupyterLab).

    Parameters
    ----------
    data_dir : path
        The notebook's data.
    years : int or list of int, optional
        As for :meth:`Dataset.for_years`.
    n_boot, small_cell_min : int
        As for :func:`scorecard` (the other arguments at their defaults).

    Returns
    -------
    DataFrame or None
        Equal to what :func:`scorecard` returns, ``attrs`` included; None when ``data_dir``
        is not a snapshot, holds no card for these arguments, or holds one computed from
        other data or by another version of asnpolicy.

    Examples
    --------
    >>> stored_scorecard("no/such/folder") is None
    True
    """
    found = _stored(data_dir, years, n_boot, small_cell_min)
    return None if found is None else found[0]


def _stored(data_dir, years, n_boot, small_cell_min) -> tuple[pd.DataFrame, dict] | None:
    key = card_key(years, n_boot, small_cell_min)
    if key is None:
        return None
    return snapshot.stored_result(resolve_data_path(data_dir), key, package_version())


@dataclass
class DescribedDataset(Dataset):
    """Some tables of a dataset (a page's few) that answer :meth:`content_hash` with the hash
    of the data a stored result describes, which the page's provenance shows."""

    described_hash: str = ""

    def content_hash(self) -> str:
        return self.described_hash


def comparison_dataset(
    data_dir: str | os.PathLike,
    *,
    years=None,
    n_boot: int = 200,
    small_cell_min: int = SMALL_CELL_MIN,
) -> Dataset:
    """What the region comparison page (notebook 04) reads of the data beside the scorecard
    stored with them for these arguments (:func:`stored_scorecard`): only the regions and
    their policies (or, without a ``regions`` table, the tables that name the regions), with
    :meth:`Dataset.content_hash` giving the hash of the data the card describes, which the
    page's provenance shows. Without a stored card: ``load_dataset(data_dir)
    .for_years(years)``.

    Parameters
    ----------
    data_dir : path
        The notebook's data.
    years, n_boot, small_cell_min
        As for :func:`stored_scorecard`.

    Returns
    -------
    Dataset

    Raises
    ------
    DataError, ValueError
        As :func:`asnpolicy.load_dataset`.
    """
    found = _stored(data_dir, years, n_boot, small_cell_min)
    if found is None:
        return load_dataset(data_dir).for_years(years)
    record = snapshot.read_record(resolve_data_path(data_dir)) or {}
    tables = list(_PAGE_TABLES)
    if "regions" not in record.get("tables", {}):
        tables += _REGION_SOURCES
    part = load_dataset(data_dir, tables=tables).for_years(years)
    return DescribedDataset(
        **part.tables(), **part._about(), described_hash=found[1]["content_hash"]
    )
