"""Merit-system indicators per region, from the records a regional agency already holds.

The KASN self-assessment scores eight aspects of the merit system (``rules.MERIT_ASPECTS``)
from documents and interviews. This module measures what the data model can show for six of
them: whether formasi follow the workload analysis, how open and competitive recruitment is,
how promotions are made and whether they go to better performers, how complete performance
management is, how much staff are trained, and how complete the digital records are. Pay,
awards and discipline, and protection and services, have no table in the data model and are
listed as not measured. The indicators are evidence for the self-assessment, not its score.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats

from . import keys, rules, workforce
from .insufficient import NotEnoughData
from .intervals import mean_interval, wilson_interval
from .io import Dataset

__all__ = [
    "MERIT_PROMOTION_METHODS",
    "NOT_MEASURED",
    "empty_columns_reason",
    "merit_indicators",
    "merit_summary",
    "reason_columns",
]

#: Promotion methods that choose among candidates on assessed competency and performance
#: (open selection, competency assessment, talent pool), against seniority or direct
#: appointment. An analytic classification following the merit principle of UU 20/2023 (art.
#: 1 and 27) and talent management (PermenPANRB 3/2020); a parameter, not a legal list.
MERIT_PROMOTION_METHODS: tuple[str, ...] = (
    "open_selection",
    "competency_assessment",
    "talent_pool",
)

#: Aspects with no table in the data model, and why.
NOT_MEASURED: dict[str, str] = {
    "pay_awards_discipline": (
        "no pay, award or disciplinary records in the data model (tables: none)"
    ),
    "protection_and_services": (
        "no records of social protection, legal aid or staff services in the data model"
    ),
}

_COLUMNS = [
    "region_id",
    "aspect",
    "indicator",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "unit",
    "rests_on",
]

_RESTS_ON = {
    "formasi_in_short_positions": (
        "formasi, positions, workload, employees: share of formasi lines opened in a position "
        "whose ABK-required FTE exceeded its headcount by at least min_gap at the end of the "
        "formasi year (before its appointees started). Depends on the ABK being current; "
        "staff who left are not in the data, so past headcounts can be understated."
    ),
    "positions_with_abk": (
        "positions, workload: share of positions with at least one ABK task line. Says that "
        "a workload analysis exists, not that it is right."
    ),
    "online_registration_share": (
        "applicants.registration_mode: share of applications registered online. A "
        "transparency and access measure; says nothing about who applied."
    ),
    "applicants_per_post": (
        "applicants, formasi.quota: applications per opened post (n = posts; interval "
        "treats applications as Poisson). Many applicants can also mean unclear requirements."
    ),
    "competitive_formasi_share": (
        "applicants, formasi.quota: share of formasi lines with at least min_applicants_per_post "
        "applications per post (default the SKB shortlist multiple of PermenPANRB 27/2021), "
        "i.e. a real choice among candidates."
    ),
    "external_panel_share": (
        "applicants.panel: share of panel-assessed applicants whose panel had external "
        "members (external or mixed). Empty where the region uses no panel stage."
    ),
    "merit_promotion_share": (
        "promotions.method: share of promotions by open selection, competency assessment or "
        "talent pool (MERIT_PROMOTION_METHODS) rather than seniority or direct appointment. "
        "Records the method, not how well it was applied."
    ),
    "promoted_prior_skp_difference": (
        "promotions, performance.skp_rating: mean SKP score (1-5) in the year before a "
        "promotion, promoted minus not promoted employee-years of the region (Welch t "
        "interval; employee-years of one person are treated as independent). Positive when "
        "promotions go to better-rated staff; ratings are noisy (reliability about .5)."
    ),
    "skp_coverage": (
        "employees, positions, performance: share of employee-years that should have an SKP "
        "(appointed before the year, not past retirement) that have one. Staff who left are "
        "not in the data."
    ),
    "peer_feedback_share": (
        "performance.peer_score: share of rated employee-years with co-worker feedback. "
        "Presence of feedback, not its quality."
    ),
    "citizen_feedback_share": (
        "performance.citizen_score, units.front_line: share of rated employee-years in "
        "front-line units with citizen feedback (unit = the employee's current unit)."
    ),
    "trained_share": (
        "training, employees: share of staff in post during the training period (first to "
        "last year in the training table) with at least one course. Only courses recorded "
        "in the training table count."
    ),
    "training_hours_per_employee": (
        "training.hours, employees: mean training hours per employee in post and year of "
        "the training period, untrained staff counted as 0 (t interval)."
    ),
    "employee_records_complete": (
        "employees.comp_teknis, comp_manajerial, comp_sosial_kultural: share of employee "
        "records holding all three assessed competency levels, the profile a merit system "
        "needs for placement and talent pools. Completeness, not accuracy."
    ),
}

_UNITS = {
    "applicants_per_post": "applicants per post",
    "promoted_prior_skp_difference": "SKP points (1-5 scale)",
    "training_hours_per_employee": "hours per employee per year",
}

_ASPECT = {
    "formasi_in_short_positions": "needs_planning",
    "positions_with_abk": "needs_planning",
    "online_registration_share": "procurement",
    "applicants_per_post": "procurement",
    "competitive_formasi_share": "procurement",
    "external_panel_share": "procurement",
    "merit_promotion_share": "promotion_and_transfer",
    "promoted_prior_skp_difference": "promotion_and_transfer",
    "skp_coverage": "performance_management",
    "peer_feedback_share": "performance_management",
    "citizen_feedback_share": "performance_management",
    "trained_share": "career_development",
    "training_hours_per_employee": "career_development",
    "employee_records_complete": "information_systems",
}


def merit_indicators(
    ds: Dataset,
    *,
    confidence: float = 0.95,
    min_gap: float = 0.5,
    min_applicants_per_post: float = rules.SKB_ADVANCE_MULTIPLIER,
    merit_methods: tuple[str, ...] = MERIT_PROMOTION_METHODS,
    require_any: bool = False,
) -> pd.DataFrame:
    """Indicators of the merit-system aspects per region, each with its n and interval.

    Parameters
    ----------
    ds : Dataset
        Any tables; an indicator whose tables are absent is left out and named in
        ``attrs["not_measured"]``.
    confidence : float
        Confidence level of the intervals.
    min_gap : float
        Shortage (required FTE - headcount) from which a position counts as short; 0.5 means
        at least one post after rounding, as in :func:`asnpolicy.workforce.formasi_plan`.
    min_applicants_per_post : float
        Applications per post from which a formasi line counts as competitive (default the
        SKB shortlist multiple, ``rules.SKB_ADVANCE_MULTIPLIER``).
    merit_methods : tuple of str
        Promotion methods counted as merit-based.
    require_any : bool
        Raise :class:`~asnpolicy.insufficient.NotEnoughData` (code ``merit_none``) when the
        data measure no indicator at all, instead of returning an empty table (a report
        section then says what it needs).

    Returns
    -------
    DataFrame
        One row per region and indicator: ``region_id``, ``aspect`` (one of
        ``rules.MERIT_ASPECTS``), ``indicator``, ``value``, ``ci_low``, ``ci_high`` (Wilson
        for shares), ``n`` (what the value rests on: formasi lines, applicants, promotions,
        employee-years, employees), ``unit`` and ``rests_on`` (tables, columns, what it
        measures and its limits). ``attrs["not_measured"]`` maps each aspect or indicator
        the data cannot measure to the reason.

    Notes
    -----
    Shares are s / n with the Wilson score interval. Applicants per post is A / P with the
    exact Poisson interval of A divided by P. The promoted-prior-SKP difference is
    mean(promoted) - mean(others) with a Welch t interval. Hours per employee use a t
    interval. Every interval treats the region's records as a sample of its practice; they
    are censuses of the records, so the interval speaks to the process, not the count.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh"], years=(2024,), scale=0.3)
    >>> out = merit_indicators(ds)
    >>> sorted(set(out["aspect"]) - set(rules.MERIT_ASPECTS))
    []
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}.")
    regions = pd.Index(ds.region_ids(), name="region_id")
    not_measured = dict(NOT_MEASURED)
    parts: dict[str, pd.DataFrame] = {}

    # what several indicators need, each computed once (on first use)
    region_of = functools.cache(ds.region_of)

    @functools.cache
    def retire() -> pd.Series:
        """Each employee's retirement date."""
        return workforce.retirement_dates(ds)["retirement_date"]

    @functools.cache
    def rated_employee() -> np.ndarray:
        """Each performance row's position in the employees table (-1: not there)."""
        return keys.positions(ds.performance["employee_id"], ds.employees["employee_id"])

    def have(indicator: str, *tables: str, columns: tuple[str, ...] = ()) -> bool:
        """Whether the tables have rows and the ``table.column`` entries of ``columns`` a
        value in some row; else the indicator is named in ``not_measured``, with why."""
        missing = [t for t in tables if getattr(ds, t, None) is None or not len(getattr(ds, t))]
        if missing:
            not_measured[indicator] = f"needs the table(s) {', '.join(missing)}"
            return False
        empty = [c for c in columns if _empty_column(ds, c)]
        if empty:
            not_measured[indicator] = empty_columns_reason(empty)
        return not empty

    if have("formasi_in_short_positions", "formasi", "positions", "workload", "employees", "units"):
        parts["formasi_in_short_positions"] = _short_formasi(ds, min_gap, confidence, retire)
    if have("positions_with_abk", "positions", "workload", "units"):
        pos = ds.positions
        region = region_of("positions")
        parts["positions_with_abk"] = _share(
            keys.isin(pos["position_id"], ds.workload["position_id"], missing_match=True),
            region,
            confidence,
        )
    if have("online_registration_share", "applicants", "formasi"):
        a = ds.applicants
        region = region_of("applicants")
        mode = a["registration_mode"]
        if have("online_registration_share", columns=("applicants.registration_mode",)):
            parts["online_registration_share"] = _share(
                (mode == "online")[mode.notna()], region[mode.notna()], confidence
            )
        per_post = _applicants_per_formasi(ds)
        parts["applicants_per_post"] = _rate(per_post, confidence)
        ratio = per_post["applicants"] / per_post["quota"]
        parts["competitive_formasi_share"] = _share(
            ratio >= min_applicants_per_post, per_post["region_id"], confidence
        )
        panel = a["panel"].notna()  # empty where the region uses no panel stage
        parts["external_panel_share"] = _share(
            a.loc[panel, "panel"].isin(["external", "mixed"]), region[panel], confidence
        )
    if have("merit_promotion_share", "promotions", "employees"):
        p = ds.promotions
        region = region_of("promotions")
        parts["merit_promotion_share"] = _share(p["method"].isin(merit_methods), region, confidence)
    if have("promoted_prior_skp_difference", "promotions", "performance", "employees"):
        parts["promoted_prior_skp_difference"] = _promoted_prior_skp(
            ds, confidence, region_of("performance")
        )
    if have("skp_coverage", "performance", "employees", "positions"):
        parts["skp_coverage"] = _skp_coverage(ds, confidence, retire, rated_employee())
    # A score no record holds is not collected or not exported: not measured, never 0 %.
    if have("peer_feedback_share", "performance", "employees"):
        perf = ds.performance
        region = region_of("performance")
        if have("peer_feedback_share", columns=("performance.peer_score",)):
            parts["peer_feedback_share"] = _share(perf["peer_score"].notna(), region, confidence)
        if have(
            "citizen_feedback_share",
            "units",
            columns=("performance.citizen_score", "units.front_line"),
        ):
            e = ds.employees
            unit = keys.lookup(
                perf["employee_id"],
                pd.Series(e["unit_id"].array, index=pd.Index(e["employee_id"])),
                at=rated_employee(),
            )
            front = (
                keys.lookup(unit, ds.units.set_index("unit_id")["front_line"])
                .eq(True)
                .fillna(False)
                .to_numpy(dtype=bool)
            )  # a unit whose front-line status is not recorded is left out
            parts["citizen_feedback_share"] = _share(
                perf.loc[front, "citizen_score"].notna(), region[front], confidence
            )
    else:
        not_measured["citizen_feedback_share"] = not_measured["peer_feedback_share"]
    if have("trained_share", "training", "employees", "positions"):
        parts.update(_training_reach(ds, confidence, retire))
    else:
        not_measured["training_hours_per_employee"] = not_measured["trained_share"]
    if have(
        "employee_records_complete",
        "employees",
        columns=tuple(f"employees.comp_{c}" for c in ("teknis", "manajerial", "sosial_kultural")),
    ):
        e = ds.employees
        complete = e[["comp_teknis", "comp_manajerial", "comp_sosial_kultural"]].notna().all(axis=1)
        parts["employee_records_complete"] = _share(complete, e["region_id"], confidence)

    if require_any and not parts:
        raise NotEnoughData(
            "No merit indicator can be measured: add employees, formasi and applicants, "
            "performance, promotions or training.",
            "merit_none",
        )
    out = _stack(parts, regions) if parts else pd.DataFrame(columns=_COLUMNS)
    order = {a: i for i, a in enumerate(rules.MERIT_ASPECTS)}
    out = out.sort_values(
        ["region_id", "aspect"],
        key=lambda s: s.map(order) if s.name == "aspect" else s,
        kind="stable",
    ).reset_index(drop=True)
    out.attrs["not_measured"] = not_measured
    return out


def _stack(parts: dict[str, pd.DataFrame], regions: pd.Index) -> pd.DataFrame:
    """The indicators' frames (indexed by region: ``value``, ``ci_low``, ``ci_high``, ``n``)
    one under the other, each with a row for every region of ``regions`` in that order (empty,
    ``n`` 0, where it has none), labelled with aspect, indicator, unit and what it rests on."""
    at = [part.index.get_indexer(regions) for part in parts.values()]  # -1: not measured
    columns = {
        c: np.concatenate(
            [_aligned(part[c], where) for part, where in zip(parts.values(), at, strict=True)]
        )
        for c in ("value", "ci_low", "ci_high", "n")
    }
    labels = {
        "aspect": [_ASPECT[i] for i in parts],
        "indicator": list(parts),
        "unit": [_UNITS.get(i, "share") for i in parts],
        "rests_on": [_RESTS_ON[i] for i in parts],
    }
    out = pd.DataFrame(
        {
            "region_id": regions[np.tile(np.arange(len(regions)), len(parts))],
            **{c: v for c, v in columns.items() if c != "n"},
            "n": np.nan_to_num(columns["n"], nan=0.0).astype(int),
            **{name: pd.Index(values).repeat(len(regions)) for name, values in labels.items()},
        }
    )
    return out[_COLUMNS]


def _aligned(values: pd.Series, at: np.ndarray) -> np.ndarray:
    """``values`` (as floats) at the positions ``at``, NaN where ``at`` is -1."""
    out = np.full(len(at), np.nan)
    found = at >= 0
    out[found] = values.to_numpy(dtype=float, na_value=np.nan)[at[found]]
    return out


_NEEDS_COLUMNS, _EMPTY_EVERYWHERE = "needs the column(s) ", " (empty in every row)"


def empty_columns_reason(columns) -> str:
    """The reason an indicator is not measured when the ``table.column`` entries of
    ``columns`` are empty in every row (read back by :func:`reason_columns`).

    Examples
    --------
    >>> empty_columns_reason(["applicants.gender"])
    'needs the column(s) applicants.gender (empty in every row)'
    >>> reason_columns(empty_columns_reason(["a.b", "c.d"])), reason_columns("other")
    (('a.b', 'c.d'), ())
    """
    return _NEEDS_COLUMNS + ", ".join(columns) + _EMPTY_EVERYWHERE


def reason_columns(reason: str) -> tuple[str, ...]:
    """The ``table.column`` entries a reason of :func:`empty_columns_reason` names (none for
    another reason)."""
    if not (reason.startswith(_NEEDS_COLUMNS) and reason.endswith(_EMPTY_EVERYWHERE)):
        return ()
    inner = reason.removeprefix(_NEEDS_COLUMNS).removesuffix(_EMPTY_EVERYWHERE)
    return tuple(inner.split(", "))


def _empty_column(ds: Dataset, name: str) -> bool:
    """Whether ``table.column`` is absent or empty in every row."""
    table, column = name.split(".", 1)
    frame = getattr(ds, table, None)
    return frame is None or column not in frame or bool(frame[column].isna().all())


def merit_summary(ds: Dataset, **kwargs) -> pd.DataFrame:
    """The merit indicators side by side: one row per region, one column per indicator.

    Parameters
    ----------
    ds : Dataset
    **kwargs
        Passed to :func:`merit_indicators`.

    Returns
    -------
    DataFrame
        Indexed by ``region_id`` in study order; columns are a (``aspect``, ``indicator``)
        MultiIndex in the order of ``rules.MERIT_ASPECTS``, values the indicators' ``value``.
        Intervals and n are in :func:`merit_indicators`. ``attrs["not_measured"]`` as there.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> merit_summary(generate(regions=["pauh"], years=(2024,), scale=0.3)).index.tolist()
    ['pauh']
    """
    long = merit_indicators(ds, **kwargs)
    wide = long.pivot(index="region_id", columns=["aspect", "indicator"], values="value")
    wide = wide[pd.MultiIndex.from_frame(long[["aspect", "indicator"]].drop_duplicates())]
    wide = wide.reindex([r for r in ds.region_ids() if r in wide.index])  # study order
    wide.attrs["not_measured"] = long.attrs["not_measured"]
    return wide


# --------------------------------------------------------------------------------------------
# building blocks: each returns a frame indexed by region_id with value, ci_low, ci_high, n
# --------------------------------------------------------------------------------------------


def _share(flag, region, confidence: float) -> pd.DataFrame:
    """Share of True per region with its Wilson interval (``region``: a Series or array)."""
    # a Series of Arrow strings is encoded by Arrow; an array of objects by pandas' hashing
    region = region if isinstance(region, pd.Series) else np.asarray(region)
    codes, found = pd.factorize(region, sort=True)
    return _share_by_code(flag, codes, found, confidence)


def _share_by_code(flag, codes: np.ndarray, found, confidence: float) -> pd.DataFrame:
    """:func:`_share` with the regions given as codes into the sorted ``found`` (-1: no
    region, left out); one row per region with a flag, as a groupby gives them."""
    x = np.asarray(flag, dtype=float)
    keep = codes >= 0
    count = np.bincount(codes[keep], minlength=len(found))
    # a sum of 0s and 1s is exact in any order (a missing flag counts 0, as in a groupby sum)
    weights = np.nan_to_num(x[keep], nan=0.0)
    total = np.bincount(codes[keep], weights=weights, minlength=len(found))
    present = count > 0
    index = pd.Index(np.asarray(found)[present], name="region_id")
    s, n = pd.Series(total[present], index=index), pd.Series(count[present], index=index)
    low, high = wilson_interval(s.to_numpy(), n.to_numpy(), confidence)
    return pd.DataFrame({"value": s / n, "ci_low": low, "ci_high": high, "n": n}, index=index)


def _applicants_per_formasi(ds: Dataset) -> pd.DataFrame:
    f = ds.formasi[["formasi_id", "region_id", "quota"]].copy()
    counts = ds.applicants["formasi_id"].value_counts()
    f["applicants"] = keys.lookup(f["formasi_id"], counts).fillna(0).astype(int)
    return f[f["quota"] > 0]


def _rate(per_formasi: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Applications per post with the exact (Garwood) Poisson interval of the count."""
    g = per_formasi.groupby("region_id")[["applicants", "quota"]].sum()
    a, posts = g["applicants"].to_numpy(float), g["quota"].to_numpy(float)
    alpha = 1 - confidence
    low = np.where(a > 0, stats.chi2.ppf(alpha / 2, 2 * a) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * (a + 1)) / 2
    return pd.DataFrame(
        {"value": a / posts, "ci_low": low / posts, "ci_high": high / posts, "n": posts},
        index=g.index,
    )


def _short_formasi(
    ds: Dataset, min_gap: float, confidence: float, retirement: Callable[[], pd.Series]
) -> pd.DataFrame:
    """Formasi lines opened where the ABK showed a shortage at the end of the formasi year
    (``retirement``: gives each employee's retirement date, computed once)."""
    f = ds.formasi
    years = np.unique(f["year"])
    # one staffing count per recruitment year: the gap of workforce.staffing_gap's position
    # rows on the year's last day, with what does not change from year to year read once
    ends = [pd.Timestamp(int(year), 12, 31) for year in years]
    required, headcounts = workforce.position_counts(ds, ends, retire=retirement())
    gaps = [required - headcount.astype(int) for headcount in headcounts]
    ids = ds.positions["position_id"]
    if ids.is_unique:  # each line finds at most one position: no join needed
        at = keys.positions(f["position_id"], ids)  # -1: not a position (gap 0)
        table = np.column_stack([g.to_numpy() for g in gaps])  # positions x years
        year = np.searchsorted(years, f["year"].to_numpy())
        gap = np.zeros(len(f))
        gap[at >= 0] = table[at[at >= 0], year[at >= 0]]
        return _share((gap >= min_gap) & (gap > 0), f["region_id"], confidence)
    per_year = [
        pd.DataFrame({"position_id": ids, "gap": g, "year": year})
        for year, g in zip(years, gaps, strict=True)
    ]
    lines = f[["region_id", "year", "position_id"]].merge(
        pd.concat(per_year, ignore_index=True), on=["year", "position_id"], how="left"
    )
    gap = lines["gap"].fillna(0.0)
    return _share((gap >= min_gap) & (gap > 0), lines["region_id"], confidence)


def _skp_scores(ds: Dataset) -> pd.DataFrame:
    perf = ds.performance
    return pd.DataFrame(
        {
            "employee_id": perf["employee_id"],
            "year": perf["year"],
            "score": keys.recode(perf["skp_rating"], rules.SKP_SCORE).astype(float),
        }
    ).dropna(subset=["score"])


def _promoted_prior_skp(ds: Dataset, confidence: float, region: pd.Series) -> pd.DataFrame:
    """Mean SKP the year before promotion, promoted minus the region's other staff
    (``region``: that of each performance row)."""
    scores = _skp_scores(ds)
    promo = ds.promotions[["employee_id", "year"]].drop_duplicates()
    promoted_years = pd.unique(promo["year"])
    # employee-years whose following year is a year with promotions on record
    prior = scores[(scores["year"] + 1).isin(promoted_years)].copy()
    prior["promoted"] = _promoted_next_year(prior, promo)
    prior["region_id"] = region  # prior keeps performance's index
    g = prior.groupby(["region_id", "promoted"])["score"].agg(["mean", "var", "size"])
    g = g.unstack("promoted").reindex(
        columns=pd.MultiIndex.from_product([["mean", "var", "size"], [True, False]])
    )
    m1, v1, n1 = (g[(c, True)].to_numpy(float) for c in ("mean", "var", "size"))
    m0, v0, n0 = (g[(c, False)].to_numpy(float) for c in ("mean", "var", "size"))
    with np.errstate(divide="ignore", invalid="ignore"):
        a, b = v1 / n1, v0 / n0
        se = np.sqrt(a + b)
        df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n0 - 1))
        half = stats.t.ppf(1 - (1 - confidence) / 2, df) * se
    diff = m1 - m0
    return pd.DataFrame(
        {"value": diff, "ci_low": diff - half, "ci_high": diff + half, "n": np.nan_to_num(n1)},
        index=g.index,
    )


def _promoted_next_year(prior: pd.DataFrame, promo: pd.DataFrame) -> np.ndarray:
    """Whether each employee-year of ``prior`` is followed by a promotion of ``promo`` (its
    ``employee_id`` and ``year + 1`` a pair of ``promo``), matched as integer keys: the
    employee's position among the promoted ids and the year."""
    year, promo_year = prior["year"].to_numpy() + 1, promo["year"].to_numpy()
    if not (np.issubdtype(year.dtype, np.integer) and np.issubdtype(promo_year.dtype, np.integer)):
        key = pd.MultiIndex.from_arrays([promo["employee_id"], promo["year"]])
        return pd.MultiIndex.from_arrays([prior["employee_id"], prior["year"] + 1]).isin(key)
    code, promoted = pd.factorize(promo["employee_id"], use_na_sentinel=False)
    who = keys.positions(prior["employee_id"], promoted)  # -1: never promoted
    both = np.concatenate([year, promo_year])
    first, span = (both.min(), both.max() - both.min() + 1) if len(both) else (0, 1)
    pairs = code.astype(np.int64) * span + (promo_year - first)
    return (who >= 0) & np.isin(who.astype(np.int64) * span + (year - first), pairs)


def _skp_coverage(
    ds: Dataset,
    confidence: float,
    retirement: Callable[[], pd.Series],
    employee_at: np.ndarray,
) -> pd.DataFrame:
    """Share of employee-years in post for the whole year (appointed before it, not retired)
    that have an SKP rating; employee-years are integer keys, so it stays linear in rows.
    ``employee_at``: each performance row's position in the employees table."""
    perf, e = ds.performance, ds.employees
    years = np.unique(perf["year"])
    retire = retirement().dt.year.to_numpy()
    hire = e["hire_year"].to_numpy()
    in_post = (hire[:, None] < years[None, :]) & (retire[:, None] >= years[None, :])
    employee, year = np.nonzero(in_post)
    rated = perf["skp_rating"].notna().to_numpy()
    who = employee_at[rated]
    when = np.searchsorted(years, perf["year"].to_numpy()[rated])
    rated_keys = (who * len(years) + when)[who >= 0]
    has = np.isin(employee * len(years) + year, rated_keys)
    codes, found = pd.factorize(e["region_id"], sort=True)  # each employee's region, once
    return _share_by_code(has, codes[employee], found, confidence)


def _training_reach(
    ds: Dataset, confidence: float, retirement: Callable[[], pd.Series]
) -> dict[str, pd.DataFrame]:
    """Share of staff trained and hours per employee-year over the training period
    (``retirement``: gives each employee's retirement date, computed once)."""
    t = ds.training
    if t.empty:
        return {}
    first, last = int(t["year"].min()), int(t["year"].max())
    e = ds.employees
    retire = retirement().dt.year.to_numpy()
    serving = (e["hire_year"].to_numpy() <= last) & (retire >= first)
    staff = e.loc[serving, ["employee_id", "region_id"]].reset_index(drop=True)
    in_period = t[(t["year"] >= first) & (t["year"] <= last)]
    hours = in_period.groupby("employee_id")["hours"].sum()
    staff_hours = keys.lookup(staff["employee_id"], hours).fillna(0.0) / (last - first + 1)
    trained = keys.isin(staff["employee_id"], in_period["employee_id"], missing_match=True)
    hours_frame = (
        mean_interval(staff_hours, staff["region_id"], confidence)
        .rename(columns={"mean": "value", "low": "ci_low", "high": "ci_high"})
        .rename_axis("region_id")
    )
    return {
        "trained_share": _share(trained, staff["region_id"], confidence),
        "training_hours_per_employee": hours_frame,
    }
