"""Workforce needs (analisis kebutuhan pegawai): workload, staffing gaps, retirements, formasi.

The rules: required staff from workload analysis (KepMenPAN 75/2004, Permendagri 12/2008,
PermenPANRB 1/2020), job effectiveness grades, and retirement at the end of the month in which
the retirement age (BUP, UU 20/2023 art. 55, PP 11/2017 art. 239) is reached. Every constant
comes from :mod:`asnpolicy.rules`; the ones the sources leave open (effective time, EJ grades)
are parameters.

These are counts of a whole workforce, not samples: they carry no confidence intervals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from . import keys, rules, schema
from .insufficient import NotEnoughData
from .io import Dataset

__all__ = [
    "EXCLUSION_CATEGORIES",
    "FRONT_LINE_WEIGHT",
    "GAP_MEASURES",
    "ROUTE_BY_KIND",
    "allocate_budget",
    "as_of_date",
    "collapse_years",
    "competency_gaps",
    "ej_grade",
    "excluded_from_count",
    "formasi_plan",
    "gap_measures",
    "in_post",
    "needs_forecast",
    "position_counts",
    "protect_plan",
    "retirement_dates",
    "retirement_projection",
    "small_cell_mask",
    "snapshot_date",
    "staffing_gap",
    "workload_fte",
    "yearly_gap",
]

COMPETENCIES = ("teknis", "manajerial", "sosial_kultural")


def workload_fte(
    workload: pd.DataFrame, effective_minutes: float = rules.EFFECTIVE_MINUTES_PER_YEAR
) -> pd.DataFrame:
    """Required staff (FTE) per position from ABK task lines.

    Parameters
    ----------
    workload : DataFrame
        One row per task: ``position_id``, ``volume``, ``volume_period`` (year, month, week,
        day) and ``norm_minutes`` (time norm per output).
    effective_minutes : float
        Effective working time per employee and year; 75,000 minutes (1,250 hours) by default,
        the figure used with PermenPANRB 1/2020 (unconfirmed in its text).

    Returns
    -------
    DataFrame
        One row per position: ``position_id``, ``tasks``, ``workload_minutes`` (per year) and
        ``required_fte``.

    Raises
    ------
    ValueError
        For a period that is not year, month, week or day, a negative volume or a time norm
        that is not positive, naming the rows.

    Notes
    -----
    required FTE = sum over tasks of (volume x annualisation x norm_minutes) / effective time,
    with volumes per day, week and month annualised by 250, 50 and 12 (``rules.ABK_ANNUALISATION``).

    Examples
    --------
    >>> w = pd.DataFrame({"position_id": ["p", "p"], "volume": [20, 5],
    ...                   "volume_period": ["day", "week"], "norm_minutes": [15, 60]})
    >>> workload_fte(w)["required_fte"].round(4).tolist()   # (20*250*15 + 5*50*60) / 75,000
    [1.2]
    """
    if effective_minutes <= 0:
        raise ValueError(f"effective_minutes must be positive, not {effective_minutes}.")
    factor = keys.recode(workload["volume_period"], rules.ABK_ANNUALISATION)
    _reject(
        workload,
        factor.isna(),
        "volume_period",
        f"must be one of {', '.join(rules.ABK_ANNUALISATION)}",
    )
    _reject(workload, ~(workload["volume"] >= 0), "volume", "must be a number of at least 0")
    _reject(
        workload,
        ~(workload["norm_minutes"] > 0),
        "norm_minutes",
        "must be a number of minutes greater than 0",
    )
    minutes = workload["volume"] * factor * workload["norm_minutes"]
    out = minutes.groupby(workload["position_id"]).agg(["size", "sum"])
    out.columns = ["tasks", "workload_minutes"]
    out["required_fte"] = out["workload_minutes"] / effective_minutes
    return out.reset_index()


def _reject(frame: pd.DataFrame, bad: pd.Series, column: str, rule: str) -> None:
    if bad.any():
        rows = (np.flatnonzero(bad.to_numpy()) + 1)[:10].tolist()
        values = frame.loc[bad, column].head(10).tolist()
        raise ValueError(
            f"workload: column {column} {rule}; rows {rows} (first row = 1) have {values}."
        )


def ej_grade(ej: pd.Series | np.ndarray, grades: Sequence[rules.Grade] = rules.EJ_GRADES):
    """Grade of job effectiveness EJ (A > 1.00, B 0.90-1.00, C 0.70-0.89, D 0.50-0.69, E).

    Examples
    --------
    >>> ej_grade(pd.Series([1.2, 1.0, 0.9, 0.85, 0.6, 0.2])).tolist()
    ['A', 'B', 'B', 'C', 'D', 'E']
    """
    values = pd.Series(ej, dtype="float64")
    x = values.to_numpy()
    grade = np.full(len(x), len(grades))  # len(grades): no grade reached (missing EJ)
    for i, g in reversed(list(enumerate(grades))):  # the first grade reached wins
        grade[(x > g.lower) | (g.inclusive & (x == g.lower))] = i
    codes = np.array([g.code for g in grades] + [pd.NA], dtype=object)
    return pd.Series(pd.array(codes[grade], dtype="string"), index=values.index)


def snapshot_date(ds: Dataset) -> pd.Timestamp:
    """The date the data describe: ``provenance.json``'s ``as_of``, the simulator's reference
    year's last day, or today."""
    if ds.provenance.get("as_of"):
        return pd.Timestamp(ds.provenance["as_of"])
    if "reference_year" in ds.truth:
        return pd.Timestamp(f"{ds.truth['reference_year']}-12-31")
    return pd.Timestamp(dt.date.today())


def as_of_date(ds: Dataset, as_of=None) -> pd.Timestamp:
    """The date an analysis describes: ``as_of`` when given, else :func:`snapshot_date`."""
    return snapshot_date(ds) if as_of is None else pd.Timestamp(as_of)


def retirement_dates(ds: Dataset, *, assume_month: int = 6) -> pd.DataFrame:
    """Each employee's retirement date by the BUP of the position held.

    Retirement takes effect at the end of the month in which the BUP is reached (UU 20/2023
    art. 55; PP 11/2017 art. 239). When ``birth_month`` is empty, ``assume_month`` is used.

    Returns
    -------
    DataFrame
        ``employee_id``, ``region_id``, ``unit_id``, ``position_id``, ``kind``, ``bup``,
        ``retirement_date`` (missing when the position's kind or the birth year is unknown).

    Examples
    --------
    A pelaksana (BUP 58) born in March 1968 retires on 31 March 2026.
    """
    ds.require("employees", "positions")
    e = ds.employees
    kind = _kind_held(ds)
    bup = keys.recode(kind, rules.BUP)
    return pd.DataFrame(
        {
            "employee_id": e["employee_id"],
            "region_id": e["region_id"],
            "unit_id": e["unit_id"],
            "position_id": e["position_id"],
            "kind": kind,
            "bup": bup,
            "retirement_date": _retirement_date(e, bup, assume_month),
        }
    )


def _kind_held(ds: Dataset) -> pd.Series:
    """The kind of the position each employee holds (missing when the position is not in the
    positions table, or there is none)."""
    e = ds.employees
    if ds.positions is None or not len(ds.positions):
        return pd.Series(np.nan, index=e.index, dtype=object)
    return keys.lookup(e["position_id"], ds.positions.set_index("position_id")["kind"])


def _retirement_date(e: pd.DataFrame, bup: pd.Series, assume_month: int = 6) -> pd.Series:
    """End of the month in which ``bup`` is reached; missing where the BUP or birth year is."""
    month = pd.to_numeric(e["birth_month"], errors="coerce").fillna(assume_month)
    year = pd.to_numeric(e["birth_year"], errors="coerce") + pd.to_numeric(bup, errors="coerce")
    known = year.notna().to_numpy()
    year, month = year[known].astype(int), month[known].astype(int)
    if _month_arithmetic_ok(year, month):
        out = np.full(len(e), np.datetime64("NaT"), dtype="datetime64[ns]")
        out[known] = _month_end(year.to_numpy(), month.to_numpy())
        return pd.Series(out, index=e.index)
    # a month outside 1-12 or a date outside nanosecond dates: pandas raises, naming it
    out = pd.Series(pd.NaT, index=e.index, dtype="datetime64[ns]")
    first = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
    out[known] = (first + pd.offsets.MonthEnd(0)).to_numpy()
    return out


def _month_arithmetic_ok(year: pd.Series, month: pd.Series) -> bool:
    """Whether every month is 1-12 and every year's month ends are nanosecond dates."""
    return bool(month.between(1, 12).all() and year.between(1678, 2261).all())


def _month_end(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """The last day of each year and month (1-12), as datetime64[ns], by month arithmetic."""
    next_month = ((year - 1970) * 12 + month).astype("datetime64[M]")  # months since 1970
    return (next_month.astype("datetime64[D]") - np.timedelta64(1, "D")).astype("M8[ns]")


#: Why an employee in the data is not counted as staff in post on a date, in the order the
#: categories are tested (a person falls in the first that applies):
#:
#: - ``past_bup``: the retirement date (end of the month the BUP is reached, UU 20/2023 art. 55;
#:   PP 11/2017 art. 239) is on or before the date: the record should have been closed;
#: - ``inactive``: a ``status`` other than the serving statuses of the data model (``pns``,
#:   ``pppk``), e.g. ``nonaktif`` in unvalidated data, or an ``active`` column that is false;
#: - ``not_yet_hired``: appointed (``hire_year``) after the date's year;
#: - ``no_retirement_age``: the retirement date cannot be computed, because the position held
#:   is not in the positions table (so its kind, and BUP, are unknown) or the birth year is
#:   empty.
EXCLUSION_CATEGORIES: Final[tuple[str, ...]] = (
    "past_bup",
    "inactive",
    "not_yet_hired",
    "no_retirement_age",
)


def _exclusion(
    ds: Dataset,
    as_of: pd.Timestamp,
    retire: pd.Series | None = None,
    inactive: np.ndarray | None = None,
) -> np.ndarray:
    """Each employee's :data:`EXCLUSION_CATEGORIES` category as its position in that tuple,
    -1 for staff in post. ``retire``, ``inactive``: the retirement dates and
    :func:`_inactive`, when already computed."""
    e = ds.employees
    if retire is None:
        retire = _retirement_date(e, keys.recode(_kind_held(ds), rules.BUP))
    conditions = [
        (retire <= as_of).to_numpy(),
        _inactive(e) if inactive is None else inactive,
        (pd.to_numeric(e["hire_year"], errors="coerce") > as_of.year).to_numpy(
            bool, na_value=False
        ),
        retire.isna().to_numpy(),
    ]
    return np.select(conditions, np.arange(len(EXCLUSION_CATEGORIES)), default=-1)


def _inactive(e: pd.DataFrame) -> np.ndarray:
    """Whether each employee's ``status`` is not a serving one, or ``active`` is false."""
    inactive = np.zeros(len(e), dtype=bool)
    if "status" in e:
        inactive |= _distinct_apply(e["status"], _not_serving)
    if "active" in e:
        inactive |= e["active"].astype("boolean").eq(False).fillna(False).to_numpy(dtype=bool)
    return inactive


def _not_serving(status: pd.Series) -> np.ndarray:
    """Whether each status is recorded and not one of the serving statuses of the data model."""
    serving = schema.table_spec("employees").field("status").allowed
    status = status.astype("string").str.strip().str.lower()
    return (status.notna() & ~status.isin(serving)).fillna(False).to_numpy(dtype=bool)


def _distinct_apply(values: pd.Series, test) -> np.ndarray:
    """``test(values)`` for a test of each cell on its own, run once per distinct text (the
    few statuses of millions of employees) when ``values`` is text."""
    if not isinstance(values.dtype, pd.StringDtype):
        return test(values)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return test(pd.Series(distinct, dtype=values.dtype))[codes]


def in_post(ds: Dataset, as_of: pd.Timestamp) -> pd.Series:
    """Employees serving on ``as_of``: hired by that year, not yet retired, not inactive, and
    with a retirement date that can be computed; :func:`excluded_from_count` counts the others
    by reason (:data:`EXCLUSION_CATEGORIES`)."""
    ds.require("employees", "positions")
    return pd.Series(_exclusion(ds, pd.Timestamp(as_of)) < 0, index=ds.employees.index)


def _serving_dates(ds: Dataset, as_of: pd.Timestamp) -> pd.DataFrame:
    """:func:`retirement_dates` of the employees :func:`in_post` on ``as_of`` (the dates
    computed once for both)."""
    dates = retirement_dates(ds)
    return dates[_exclusion(ds, pd.Timestamp(as_of), dates["retirement_date"]) < 0]


def excluded_from_count(ds: Dataset, as_of=None) -> pd.DataFrame:
    """The employees of the data that a headcount on ``as_of`` leaves out, per region and why.

    A headcount (:func:`staffing_gap`, :func:`in_post`) counts the staff in post on a date;
    the employees table may also hold people past their retirement age (BUP), inactive,
    appointed later, or whose retirement date cannot be computed. A report says how many
    (issue 17: "40 employees in, 38 out" without a word is not acceptable).

    Parameters
    ----------
    ds : Dataset
        With ``employees``; ``positions`` gives each position's kind and so its BUP (without
        it every employee falls in ``no_retirement_age``).
    as_of : date, optional
        The date of the headcount (default: the data's snapshot date, :func:`as_of_date`).

    Returns
    -------
    DataFrame
        One row per region of the employees table and category of
        :data:`EXCLUSION_CATEGORIES` (every category, ``n`` 0 included): ``region_id``,
        ``category``, ``n`` (people).

    Raises
    ------
    NotEnoughData
        Code ``tables`` when there is no employees table.

    Notes
    -----
    A person is counted once, in the first category that applies. The BUP and the retirement
    date follow UU 20/2023 art. 55 and PP 11/2017 art. 239 (:func:`retirement_dates`).

    Examples
    --------
    >>> import asnpolicy as ap
    >>> ds = ap.Dataset(employees=pd.DataFrame({
    ...     "employee_id": ["a", "b"], "region_id": "r", "unit_id": "u", "position_id": "p",
    ...     "status": "pns", "birth_year": [1960, 1990], "birth_month": 1, "hire_year": 2015}),
    ...     positions=pd.DataFrame({"position_id": ["p"], "kind": ["pelaksana"]}))
    >>> excluded_from_count(ds, "2025-12-31").set_index("category")["n"].to_dict()
    {'past_bup': 1, 'inactive': 0, 'not_yet_hired': 0, 'no_retirement_age': 0}
    """
    ds.require("employees")
    as_of = as_of_date(ds, as_of)
    e = ds.employees
    region = e["region_id"] if "region_id" in e else ds.region_of("employees")
    labels = np.array([*EXCLUSION_CATEGORIES, None], dtype=object)  # -1: in post, no category
    category = pd.Series(labels[_exclusion(ds, as_of)], index=e.index)
    regions = pd.Index(pd.unique(region.dropna().astype(str)), name="region_id")
    counts = (
        category.groupby([region.astype(str).to_numpy(), category.to_numpy()])
        .size()
        .reindex(pd.MultiIndex.from_product([regions, EXCLUSION_CATEGORIES]), fill_value=0)
    )
    counts.index = counts.index.set_names(["region_id", "category"])
    return counts.rename("n").astype(int).reset_index()


def staffing_gap(
    ds: Dataset,
    region: str | None = None,
    as_of=None,
    *,
    effective_minutes: float = rules.EFFECTIVE_MINUTES_PER_YEAR,
) -> pd.DataFrame:
    """Headcount (bezetting) against required FTE (ABK) per position, unit and region.

    Parameters
    ----------
    ds : Dataset
        With ``positions``, ``workload``, ``employees`` and ``units``.
    region : str, optional
        Only this region.
    as_of : date, optional
        Count the staff serving on this date (default: the data's snapshot date).
    effective_minutes : float
        Effective working time per year (default 75,000).

    Returns
    -------
    DataFrame
        One row per position, then per unit, then per region (``level``): ``region_id``,
        ``unit_id``, ``position_id``, ``title``, ``kind``, ``headcount``, ``required_fte``,
        ``gap`` (required - headcount, shortage positive), ``ej`` (required / headcount; inf
        when nobody holds a position with workload) and ``ej_grade``.
    """
    ds.require("positions", "workload", "employees", "units")
    if region is not None:
        ds = ds.for_region(region)
    as_of = as_of_date(ds, as_of)
    required, (headcount,) = position_counts(ds, [as_of], effective_minutes)
    pos = ds.positions[["position_id", "unit_id", "title", "kind"]].copy()
    pos["region_id"] = ds.region_of("positions")
    pos["headcount"] = headcount
    pos["required_fte"] = required
    pos["level"] = "position"
    return _with_totals(pos)


def position_counts(
    ds: Dataset,
    dates: Sequence[pd.Timestamp],
    effective_minutes: float = rules.EFFECTIVE_MINUTES_PER_YEAR,
    *,
    retire: pd.Series | None = None,
) -> tuple[pd.Series, list[pd.Series]]:
    """Each position's required FTE, and its headcount (not yet whole) on each of ``dates``,
    indexed like ``ds.positions``: the columns of :func:`staffing_gap`'s position rows. The
    retirement dates, statuses and workload are read once for all the dates; ``retire``:
    the retirement dates (:func:`retirement_dates`), when already computed."""
    e = ds.employees
    if retire is None:
        retire = _retirement_date(e, keys.recode(_kind_held(ds), rules.BUP))
    inactive = _inactive(e)
    serving = [e["position_id"][_exclusion(ds, d, retire, inactive) < 0] for d in dates]
    fte = workload_fte(ds.workload, effective_minutes).set_index("position_id")["required_fte"]
    ids = ds.positions["position_id"]
    headcounts = [keys.lookup(ids, staff.value_counts()).fillna(0) for staff in serving]
    return keys.lookup(ids, fte).fillna(0.0), headcounts


def _with_totals(pos: pd.DataFrame) -> pd.DataFrame:
    """:func:`staffing_gap` from its position rows: the unit and region totals, the gap, EJ
    and its grade."""
    units = (
        pos.groupby(["region_id", "unit_id"], as_index=False)[["headcount", "required_fte"]]
        .sum()
        .assign(level="unit")
    )
    regions = (
        pos.groupby("region_id", as_index=False)[["headcount", "required_fte"]]
        .sum()
        .assign(level="region")
    )
    out = pd.concat([pos, units, regions], ignore_index=True)
    out["headcount"] = out["headcount"].astype(int)
    out["gap"] = out["required_fte"] - out["headcount"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ej"] = np.where(
            out["headcount"] > 0,
            out["required_fte"] / out["headcount"],
            np.where(out["required_fte"] > 0, np.inf, np.nan),
        )
    out["ej_grade"] = ej_grade(out["ej"])
    columns = [
        "level",
        "region_id",
        "unit_id",
        "position_id",
        "title",
        "kind",
        "headcount",
        "required_fte",
        "gap",
        "ej",
        "ej_grade",
    ]
    return out[columns]


#: The measures of a staffing gap, each defined once for every page (the methods notes quote
#: these definitions): name -> definition.
GAP_MEASURES: dict[str, str] = {
    "required_fte": "staff needed by the workload analysis (ABK): sum over positions of "
    "workload minutes per year / effective minutes per year (Permendagri 12/2008)",
    "headcount": "staff in post on the date (bezetting)",
    "net_balance": "required FTE - headcount over the whole region or unit: positive is a net "
    "shortage, negative a net surplus; surpluses in some positions offset shortages in others",
    "gross_shortage": "sum over positions of the shortage where a position is short "
    "(required FTE - headcount > 0): the staff to find if nobody were moved",
    "gross_surplus": "sum over positions of the surplus where a position has more staff than "
    "its workload needs: the staff who could be redeployed",
    "shortage_rate": "gross shortage / required FTE",
    "positions_short": "positions with an ABK requirement short by at least min_gap FTE",
}


def gap_measures(gap: pd.DataFrame, by: str = "region_id", min_gap: float = 0.5) -> pd.DataFrame:
    """Net balance, gross shortage, gross surplus and shortage rate of a staffing gap, per
    region (or per unit), from its positions (:data:`GAP_MEASURES` defines each).

    Parameters
    ----------
    gap : DataFrame
        The result of :func:`staffing_gap`.
    by : str
        ``region_id`` or ``unit_id``.
    min_gap : float
        Shortage (FTE) from which a position counts as short in ``positions_short``.

    Returns
    -------
    DataFrame
        Indexed by ``by``: ``required_fte``, ``headcount``, ``net_balance``,
        ``gross_shortage``, ``gross_surplus``, ``shortage_rate``, ``positions``
        (positions with an ABK requirement) and ``positions_short``.

    Examples
    --------
    >>> gap = pd.DataFrame({"level": "position", "region_id": "r", "unit_id": "u",
    ...                     "required_fte": [3.0, 1.0, 0.0], "headcount": [1, 2, 1]})
    >>> gap["gap"] = gap["required_fte"] - gap["headcount"]
    >>> m = gap_measures(gap).loc["r"]
    >>> float(m.net_balance), float(m.gross_shortage), float(m.gross_surplus)
    (0.0, 2.0, 2.0)
    """
    return _gap_measures(gap, by, min_gap)


def _gap_measures(gap: pd.DataFrame, by: str | list[str], min_gap: float = 0.5) -> pd.DataFrame:
    """:func:`gap_measures` by one column, or by several (a MultiIndex)."""
    pos = gap[gap["level"] == "position"]
    groups = pos[by] if isinstance(by, str) else [pos[c] for c in by]
    has_norm = pos["required_fte"] > 0
    frame = pd.DataFrame(
        {
            "required_fte": pos["required_fte"],
            "headcount": pos["headcount"],
            "gross_shortage": pos["gap"].clip(lower=0),
            "gross_surplus": (-pos["gap"]).clip(lower=0),
            "positions": has_norm.astype(int),
            "positions_short": (has_norm & (pos["gap"] >= min_gap) & (pos["gap"] > 0)).astype(int),
        }
    )
    out = frame.groupby(groups).sum()
    out["net_balance"] = out["required_fte"] - out["headcount"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["shortage_rate"] = out["gross_shortage"] / out["required_fte"].where(
            out["required_fte"] > 0
        )
    columns = ["required_fte", "headcount", "net_balance", "gross_shortage", "gross_surplus"]
    return out[[*columns, "shortage_rate", "positions", "positions_short"]]


def retirement_projection(ds: Dataset, years: int = 5, as_of=None) -> pd.DataFrame:
    """Retirements in each of the next ``years`` calendar years, per unit and position kind.

    Returns
    -------
    DataFrame
        ``region_id``, ``unit_id``, ``kind``, ``year``, ``retirements``: employees serving on
        ``as_of`` whose retirement date falls after it and in that year, for the years
        ``as_of.year`` .. ``as_of.year + years`` (the first only for the rest of that year).
    """
    as_of = as_of_date(ds, as_of)
    dates = _serving_dates(ds, as_of)
    horizon = as_of.year + years
    due = dates[dates["retirement_date"].dt.year <= horizon]
    return (
        due.assign(year=due["retirement_date"].dt.year)
        .groupby(["region_id", "unit_id", "kind", "year"], as_index=False)
        .size()
        .rename(columns={"size": "retirements"})
    )


def needs_forecast(ds: Dataset, years: int = 5, as_of=None, **kw) -> pd.DataFrame:
    """Gap now and at the end of each future year if nobody is hired, per unit and region.

    Workload is held constant; headcount falls by the retirements of each year.

    Returns
    -------
    DataFrame
        ``level`` (unit or region), ``region_id``, ``unit_id``, ``year`` (``as_of.year`` is
        now), ``required_fte``, ``headcount``, ``retirements`` (in that year), ``gap``.
    """
    as_of = as_of_date(ds, as_of)
    gap = staffing_gap(ds, as_of=as_of, **kw)
    units = gap[gap["level"] == "unit"][["region_id", "unit_id", "required_fte", "headcount"]]
    projection = retirement_projection(ds, years, as_of)
    horizon = np.arange(as_of.year, as_of.year + years + 1)
    grid = units.merge(pd.DataFrame({"year": horizon}), how="cross")
    grid["retirements"] = (
        _pair_totals(grid["unit_id"], grid["year"], projection, "unit_id", "retirements")
        if len(grid)
        else 0
    )
    # "now" is the headcount on as_of; each later year ends with that year's retirements gone
    grid.loc[grid["year"] == as_of.year, "retirements"] = 0
    grid["headcount"] = grid["headcount"] - grid.groupby("unit_id")["retirements"].cumsum()
    grid["gap"] = grid["required_fte"] - grid["headcount"]
    grid["level"] = "unit"
    region = (
        grid.groupby(["region_id", "year"], as_index=False)[
            ["required_fte", "headcount", "retirements", "gap"]
        ]
        .sum()
        .assign(level="region")
    )
    out = pd.concat([grid, region], ignore_index=True)
    return out[
        ["level", "region_id", "unit_id", "year", "required_fte", "headcount", "retirements", "gap"]
    ]


#: How a vacant post of each kind is filled when it is not by CPNS/PPPK formasi. Pimpinan
#: tinggi posts (JPT madya, JPT pratama) are filled by open, competitive selection among
#: serving civil servants (seleksi terbuka: UU 20/2023 art. 21; PP 11/2017 as amended by PP
#: 17/2020, art. 107-118); administrator and pengawas posts by promotion of serving PNS who
#: meet the rank and experience requirements (PP 11/2017 art. 54-57). Formasi for CPNS and
#: PPPK (PermenPANRB 27/2021) open pelaksana and functional posts. Every other kind is
#: ``"formasi"``.
ROUTE_BY_KIND: Final[Mapping[str, str]] = MappingProxyType(
    {
        "jpt_madya": "open_selection",
        "jpt_pratama": "open_selection",
        "administrator": "promotion",
        "pengawas": "promotion",
    }
)

#: Weight of a needed post in a front-line unit (serving citizens directly) against 1 for
#: any other: a policy choice of the plan, not a legal rule (a parameter of
#: :func:`formasi_plan` and of notebook 01).
FRONT_LINE_WEIGHT: Final[float] = 1.5


def formasi_plan(
    ds: Dataset,
    budget: float | None = None,
    *,
    budget_unit: str = "positions",
    years: int = 5,
    as_of=None,
    front_line_weight: float = FRONT_LINE_WEIGHT,
    region: str | None = None,
    keep_all: bool = False,
) -> pd.DataFrame:
    """Which positions to open, ranked, and how a budget is shared among them.

    Parameters
    ----------
    budget : float, optional
        Positions (``budget_unit="positions"``) or rupiah per year (``"rupiah"``, using
        ``positions.annual_cost``). Without a budget every needed position is listed.
    years : int
        Horizon for retirements.
    front_line_weight : float
        Weight of a post in a front-line unit (``units.front_line``), against 1 for the others
        (default :data:`FRONT_LINE_WEIGHT`, 1.5; 1 gives the front line no preference). It
        multiplies the priority and the share of the budget (Notes).
    keep_all : bool
        Keep the positions without a need too (``need`` 0), after those with one.

    Returns
    -------
    DataFrame
        One row per position with a need, formasi posts first, each group by priority:
        ``position_id``, ``region_id``, ``unit_id``, ``title``, ``kind``, ``route``
        (``formasi``, or ``promotion`` / ``open_selection`` for the posts filled from serving
        staff: :data:`ROUTE_BY_KIND`), ``front_line`` (empty where the unit's status is not
        recorded: weight 1), ``required_fte``, ``headcount``, ``ej``
        and ``ej_grade`` (job effectiveness now, :func:`staffing_gap`), ``gap_now``,
        ``retirements`` (within the horizon), ``need`` (posts to fill: the rounded gap at the
        horizon), ``weight`` (per post), ``priority`` (weight x need), ``req_teknis``,
        ``req_manajerial``, ``req_sosial_kultural``, ``annual_cost``, and with a budget
        ``planned`` (formasi funded; 0 for posts not filled by formasi), ``planned_cost``,
        ``unfunded`` (need - planned on formasi posts, else 0) and ``unfunded_cost``
        (unfunded x annual cost, rupiah; missing where the cost is).

    Raises
    ------
    ValueError
        For an unknown ``budget_unit``, a negative budget or a weight that is not positive.
    NotEnoughData
        Code ``tables`` without positions, workload, employees or units; code
        ``plan_annual_cost`` for a rupiah budget when a needed formasi post has no
        ``annual_cost``.

    Notes
    -----
    Posts filled by promotion or open selection (JPT, administrator, pengawas) are listed with
    their need but never proposed as CPNS/PPPK formasi, and take no part of a budget.

    A budget is shared by :func:`allocate_budget`: each formasi post receives the same
    weighted share of its need (front-line posts ``front_line_weight`` times the share of the
    others, never more than the need), rounded to whole posts by largest remainders. A rupiah
    budget is shared in proportion to the cost of each post's weighted need, so that the share
    of a shortage that is funded does not depend on the post's pay: a rule that bought the most
    weighted posts per rupiah would fund the cheapest posts (clerks) first and leave dearer
    shortages (teachers, doctors) unfunded (issue 17). The share spreads the budget across
    every post with a need (a budget of 20 for needs 10, 5 and 5 funds 10, 5 and 5; of 10,
    funds 5, 3 and 2), rather than filling one post completely before the next.
    """
    if budget_unit not in ("positions", "rupiah"):
        raise ValueError(f"budget_unit must be 'positions' or 'rupiah', not {budget_unit!r}.")
    if not front_line_weight > 0:
        raise ValueError(f"front_line_weight must be a positive number, not {front_line_weight}.")
    if budget is not None and not float(budget) >= 0:
        raise ValueError(f"budget must be a number of at least 0, not {budget!r}.")
    if region is not None:
        ds = ds.for_region(region)
    as_of = as_of_date(ds, as_of)
    gap = staffing_gap(ds, as_of=as_of)
    pos = gap[gap["level"] == "position"].set_index("position_id")
    dates = _serving_dates(ds, as_of)
    due = dates[dates["retirement_date"].dt.year <= as_of.year + years]
    per_position = due["position_id"].value_counts()
    info = ds.positions.set_index("position_id")
    # front-line status as recorded; a unit whose status is not recorded (no official export
    # has it) keeps an empty cell and weighs 1, as the other units
    front = keys.lookup(pos["unit_id"], ds.units.set_index("unit_id")["front_line"]).astype(
        "boolean"
    )
    plan = pd.DataFrame(
        {
            "region_id": pos["region_id"],
            "unit_id": pos["unit_id"],
            "title": pos["title"],
            "kind": pos["kind"],
            "route": keys.recode(pos["kind"], ROUTE_BY_KIND).fillna("formasi").astype(object),
            "front_line": front.to_numpy(),
            "required_fte": pos["required_fte"],
            "headcount": pos["headcount"],
            "ej": pos["ej"],
            "ej_grade": pos["ej_grade"],
            "gap_now": pos["gap"],
            "retirements": per_position.reindex(pos.index, fill_value=0).astype(int),
        }
    )
    plan["need"] = np.maximum(0, np.round(plan["gap_now"] + plan["retirements"])).astype(int)
    plan["weight"] = np.where(front.fillna(False).to_numpy(bool), float(front_line_weight), 1.0)
    plan["priority"] = plan["weight"] * plan["need"]
    for c in COMPETENCIES:
        plan[f"req_{c}"] = info[f"req_{c}"].reindex(plan.index)
    cost = info["annual_cost"] if "annual_cost" in info else pd.Series(np.nan, index=info.index)
    plan["annual_cost"] = pd.to_numeric(cost, errors="coerce").astype(float).reindex(plan.index)
    plan["_other_route"] = plan["route"] != "formasi"
    plan = plan.sort_values(
        ["_other_route", "priority", "gap_now"], ascending=[True, False, False], kind="stable"
    ).drop(columns="_other_route")
    if not keep_all:
        plan = plan[plan["need"] > 0]
    if budget is not None:
        opens = ((plan["route"] == "formasi") & (plan["need"] > 0)).to_numpy()
        if budget_unit == "rupiah":
            no_cost = opens & ~(plan["annual_cost"] > 0).to_numpy()
            if no_cost.any():
                raise NotEnoughData(
                    "A rupiah budget needs positions.annual_cost (greater than 0) for every "
                    f"position in the plan; {int(no_cost.sum())} have none.",
                    "plan_annual_cost",
                    needs=["positions.annual_cost"],
                    n_missing=int(no_cost.sum()),
                )
            cost = plan["annual_cost"].to_numpy(dtype=float)
        else:
            cost = np.ones(len(plan))
        planned = np.zeros(len(plan), dtype=int)
        planned[opens] = allocate_budget(
            plan["need"].to_numpy()[opens],
            float(budget),
            weight=plan["weight"].to_numpy()[opens],
            cost=cost[opens],
        )
        plan["planned"] = planned
        plan["planned_cost"] = np.where(opens, planned * np.where(opens, cost, 0.0), 0.0)
        plan["unfunded"] = np.where(opens, plan["need"] - planned, 0)
        plan["unfunded_cost"] = plan["unfunded"] * plan["annual_cost"]
    return plan.reset_index()


def allocate_budget(
    need,
    budget: float,
    *,
    weight=None,
    cost=None,
) -> np.ndarray:
    """Whole posts for each position from a budget, shared by weighted need.

    Parameters
    ----------
    need : array of int
        Posts each position needs (at least 0).
    budget : float
        Posts (with ``cost`` 1) or money to share.
    weight : array of float, optional
        Weight of each position's need (default 1); a position with weight 1.5 receives 1.5
        times the share of its need that a position with weight 1 does.
    cost : array of float, optional
        Cost of one post of each position (default 1: a budget in posts).

    Returns
    -------
    ndarray of int
        Posts funded, ``0 <= funded <= need``, costing at most ``budget``.

    Raises
    ------
    ValueError
        For a negative need or budget, or a weight or cost (of a position with a need) that
        is not a positive number.

    Notes
    -----
    1. When the budget covers every need, every need is funded.
    2. Otherwise each position gets the real share ``x_i = min(need_i, lambda x weight_i x
       need_i)``, with ``lambda`` the one value at which ``sum(cost_i x x_i) = budget``
       (found exactly from the breakpoints ``1 / weight_i`` where positions are fully funded):
       the budget is shared in proportion to the cost of each position's weighted need, so the
       funded share of a need, ``x_i / need_i = lambda x weight_i``, is the same for every
       position of a weight whatever its cost.
    3. Each position gets the whole posts of its share (``floor(x_i)``); the money left buys one
       more post for positions in order of their share's remainder ``x_i - floor(x_i)``,
       largest first (Hamilton's largest-remainder method), skipping a post that no longer
       fits; then, while anything fits, one more post each for the positions whose funded
       share ``funded_i / (weight_i x need_i)`` is smallest.
    4. Ties are broken by the larger weighted need ``weight_i x need_i``, then by the earlier
       position in the input (a plan lists them by priority).

    With posts (``cost`` 1) this is the largest-remainder apportionment of the budget in
    proportion to weighted need, capped at each need. Unlike a rule that fills the position of
    the highest priority first, every position with a need receives its share; unlike a rule
    that maximises the posts bought per rupiah, dear posts are not left to the end.

    References
    ----------
    Balinski, M. L. and Young, H. P. (2001). *Fair Representation*, 2nd ed., Brookings: the
    largest-remainder (Hamilton) method.

    Examples
    --------
    >>> allocate_budget([10, 5, 5], 10).tolist()
    [5, 3, 2]
    >>> allocate_budget([10, 5, 5], 20).tolist()
    [10, 5, 5]
    >>> allocate_budget([10, 10], 10, weight=[1.5, 1.0]).tolist()   # shares 1.5 : 1
    [6, 4]
    >>> allocate_budget([10, 10], 300, cost=[50, 10]).tolist()   # half of each need funded
    [5, 5]
    """
    need = np.asarray(need, dtype=float)
    n = len(need)
    weight = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    cost = np.ones(n) if cost is None else np.asarray(cost, dtype=float)
    if not (need >= 0).all() or not np.allclose(need, np.round(need)):
        raise ValueError("need must be whole numbers of at least 0.")
    if not budget >= 0:
        raise ValueError(f"budget must be a number of at least 0, not {budget!r}.")
    active = need > 0
    if not ((weight > 0) | ~active).all() or not ((cost > 0) | ~active).all():
        raise ValueError("Every weight and cost of a position with a need must be positive.")
    need = need.astype(int)
    funded = np.zeros(n, dtype=int)
    if not active.any():
        return funded
    if float(np.sum(cost[active] * need[active])) <= budget:
        return need.copy()
    idx = np.flatnonzero(active)
    w, c, m = weight[idx], cost[idx], need[idx].astype(float)
    # 2. the share: water-filling over the breakpoints 1 / w at which a position is full
    order = np.argsort(1.0 / w, kind="stable")
    t_s = (1.0 / w)[order]
    full_cost = (c * m)[order]
    slope = (c * w * m)[order]
    spent_full = np.concatenate([[0.0], np.cumsum(full_cost)[:-1]])
    slope_open = np.cumsum(slope[::-1])[::-1]
    spend_at = spent_full + t_s * slope_open
    k = min(int(np.searchsorted(spend_at, budget, side="left")), len(order) - 1)
    lam = (budget - spent_full[k]) / slope_open[k]
    share = np.minimum(m, lam * w * m)
    # 3. whole posts, then the remainders, then the smallest funded shares
    got = np.minimum(np.floor(share + 1e-9), m).astype(int)
    left = budget - float(np.sum(c * got))
    weighted = w * m
    position = np.arange(len(idx))
    remainder = share - got
    order = np.lexsort((position, -weighted, -remainder))
    got, left = _fit_one_each(got, m, c, order[remainder[order] > 1e-9], left)
    while True:
        room = np.flatnonzero((got < m) & (c <= left + 1e-9))
        if not len(room):
            break
        ratio = got[room] / weighted[room]
        room = room[np.lexsort((position[room], -weighted[room], ratio))]
        got, left_after = _fit_one_each(got, m, c, room, left)
        if left_after == left:
            break
        left = left_after
    funded[idx] = got
    return funded


def _fit_one_each(got, need, cost, order, left):
    """One more post for each position of ``order`` in turn whose post still fits in
    ``left``, skipping those that do not (vectorised: the longest prefix that fits, then the
    rest after the first post that does not)."""
    got = got.copy()
    order = order[got[order] < need[order]]
    while len(order) and left > 1e-9:
        spend = np.cumsum(cost[order])
        fits = spend <= left + 1e-9
        take = order[fits] if fits.all() else order[: int(np.argmin(fits))]
        got[take] += 1
        left -= float(np.sum(cost[take]))
        order = order[len(take) :]
        order = order[cost[order] <= left + 1e-9]  # the first that did not fit, and others
    return got, left


def yearly_gap(ds: Dataset, years: int = 5, as_of=None, **kw) -> pd.DataFrame:
    """The measures of :data:`GAP_MEASURES` now and at the end of each of the next ``years``
    years if nobody is hired, per region.

    Each position keeps its workload and loses the staff whose retirement date falls in the
    year; the measures are then those of :func:`gap_measures` over the positions, so that a
    surplus in one position does not hide a shortage in another.

    Returns
    -------
    DataFrame
        ``region_id``, ``year`` (``as_of.year`` is now), ``retirements`` (in that year; 0 for
        now), and the columns of :func:`gap_measures`.

    Examples
    --------
    The net balance grows by each year's retirements:

    >>> # yearly_gap(ds).groupby("region_id")["net_balance"].diff() == retirements
    """
    as_of = as_of_date(ds, as_of)
    gap = staffing_gap(ds, as_of=as_of, **kw)
    pos = gap[gap["level"] == "position"][
        ["region_id", "unit_id", "position_id", "required_fte", "headcount"]
    ]
    dates = _serving_dates(ds, as_of)
    year = dates["retirement_date"].dt.year
    due = dates[year <= as_of.year + years].assign(year=year)
    horizon = np.arange(as_of.year, as_of.year + years + 1)
    grid = pos.merge(pd.DataFrame({"year": horizon}), how="cross")
    grid["retirements"] = (
        _pair_totals(grid["position_id"], grid["year"], due, "position_id") if len(grid) else 0
    )
    grid.loc[grid["year"] == as_of.year, "retirements"] = 0  # now: the staff on as_of
    grid["headcount"] = grid["headcount"] - grid.groupby("position_id")["retirements"].cumsum()
    grid["gap"] = grid["required_fte"] - grid["headcount"]
    grid["level"] = "position"
    if grid["region_id"].notna().all():  # grouped by the two columns, sorted as the pairs
        measures = _gap_measures(grid, ["region_id", "year"])
    else:  # a position without a region: grouped by (region, year) pairs, as before
        grid["key"] = list(zip(grid["region_id"], grid["year"], strict=True))
        measures = gap_measures(grid, by="key")
        measures.index = pd.MultiIndex.from_tuples(measures.index, names=["region_id", "year"])
    measures.insert(0, "retirements", grid.groupby(["region_id", "year"])["retirements"].sum())
    return measures.reset_index()


def _pair_totals(
    ids: pd.Series,
    years: pd.Series,
    table: pd.DataFrame,
    id_column: str,
    weight: str | None = None,
) -> np.ndarray:
    """For each pair of ``ids`` and ``years``, the rows of ``table`` with that ``id_column``
    and ``year`` (or the sum of their ``weight``, whole numbers): what mapping the pairs on
    ``table.groupby([id_column, "year"])``'s sizes (sums) gives, missing as 0, with the
    pairs as integer keys instead of tuples."""
    out = np.zeros(len(ids), dtype=np.int64)
    code, distinct = pd.factorize(table[id_column])  # a missing id: -1, left out
    kept = code >= 0
    if not kept.any():
        return out
    year = table["year"].to_numpy(dtype=np.int64)
    first, span = int(year.min()), int(year.max() - year.min()) + 1
    cells, cell = np.unique(code[kept] * span + (year[kept] - first), return_inverse=True)
    weights = None if weight is None else table[weight].to_numpy(dtype=float)[kept]
    totals = np.bincount(cell, weights=weights, minlength=len(cells))
    at, offset = keys.positions(ids, distinct), years.to_numpy(dtype=np.int64) - first
    query = at * span + offset
    where = np.minimum(np.searchsorted(cells, query), len(cells) - 1)
    found = (at >= 0) & (offset >= 0) & (offset < span) & (cells[where] == query)
    out[found] = totals[where[found]]
    return out


def small_cell_mask(counts, min_n: int) -> np.ndarray:
    """Which cells of a table of counts of people to hide when the table's total is shown.

    The rule (one group of cells whose total is published):

    1. a count of 1 to ``min_n - 1`` people is hidden (0 reveals nobody and is shown);
    2. the hidden cells' sum is known (the total minus the shown cells), so if it would give
       a hidden cell back (one hidden cell; every hidden cell 1, or every one ``min_n - 1``)
       or is itself a count under ``min_n``, the smallest shown non-zero cell is hidden too;
    3. if there is no such cell, every non-zero cell is hidden, and the caller must not show
       the total either (or only joined with another group: :func:`collapse_years`).

    Examples
    --------
    >>> small_cell_mask([12, 3, 0, 7], 5).tolist()     # one small cell: 7 is hidden with it
    [False, True, False, True]
    >>> small_cell_mask([12, 3, 2, 7], 5).tolist()     # two small cells summing to 5: enough
    [False, True, True, False]
    >>> small_cell_mask([12, 1, 2, 7], 5).tolist()     # summing to 3: one more cell
    [False, True, True, True]
    """
    c = np.asarray(counts, dtype=float)
    hidden = (c > 0) & (c < min_n)
    k, total = int(hidden.sum()), c[hidden].sum()
    if k and (k == 1 or total < min_n or total == k or total == k * (min_n - 1)):
        candidates = np.where(~hidden & (c > 0), c, np.inf)
        if np.isfinite(candidates).any():
            hidden[int(np.argmin(candidates))] = True
        else:
            hidden = c > 0
    return hidden


def collapse_years(counts: pd.Series, min_n: int) -> pd.Series:
    """Groups of consecutive years so that each group's count of people is 0 or at least
    ``min_n`` (a small year joins the next one; the last joins the one before).

    Returns a Series with the same index (years) giving each year's group as
    ``(first, last)``.

    >>> s = pd.Series([6, 2, 3, 9], index=[2026, 2027, 2028, 2029])
    >>> collapse_years(s, 5).tolist()
    [(2026, 2026), (2027, 2028), (2027, 2028), (2029, 2029)]
    """
    years = list(counts.index)
    groups: list[list] = []
    current: list = []
    running = 0
    for year in years:  # one step per year of the horizon (a handful), not per row
        current.append(year)
        running += counts[year]
        if running == 0 or running >= min_n:
            groups.append(current)
            current, running = [], 0
    while current and groups and running < min_n:  # the last years join those before
        last = groups.pop()
        running += counts[last].sum()
        current = last + current
    if current:
        groups.append(current)
    out = {y: (g[0], g[-1]) for g in groups for y in g}
    return pd.Series([out[y] for y in years], index=counts.index, dtype=object)


def protect_plan(plan: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """What a published formasi plan may show of each position: the hidden retirement counts
    and the range of every figure that would otherwise give them back.

    A position's retirements in the horizon are a count of people: shown when 0 or at least
    ``min_n``, else hidden; in a position held by fewer than ``min_n`` staff (whose number is
    shown) a 0 is hidden too, as "1 to 4" and a staff of 1 would say who retires. Its need is
    round(gap now + retirements), and the gap now (FTE, not a count of people) is always
    shown, so where the count is hidden the need, and the priority weight x need, are shown
    as the range they take over every count the reader cannot rule out (1, or 0 in a small
    position, to the smaller of ``min_n - 1`` and the staff). A position is listed when that
    range reaches above 0. The rows are ordered by what is shown (the middle of the range),
    so that their order gives nothing back either.

    Parameters
    ----------
    plan : DataFrame
        :func:`formasi_plan` with ``keep_all=True`` (positions with no need but a hidden
        count could have one, and are listed with a range from 0).
    min_n : int
        Smallest count of people shown.

    Returns
    -------
    DataFrame
        The positions that are listed, in the order shown, with ``hidden`` (the retirement
        count is hidden), ``need_low``, ``need_high``, ``priority_low``, ``priority_high``.
    """
    staff = plan["headcount"].to_numpy()
    count = plan["retirements"].to_numpy()
    small_post = (staff > 0) & (staff < min_n)
    hidden = ((count > 0) & (count < min_n)) | small_post
    r = np.arange(0, max(2, min_n))  # the counts a hidden cell may hold ...
    possible = (r[None, :] <= staff[:, None]) & (  # ... no more than the staff
        (r[None, :] >= 1) | small_post[:, None]  # ... and 0 only in a small position
    )
    values = np.maximum(0, np.round(plan["gap_now"].to_numpy()[:, None] + r[None, :]))
    exact = plan["need"].to_numpy()
    low = np.where(hidden, np.where(possible, values, np.inf).min(axis=1), exact)
    high = np.where(hidden, np.where(possible, values, -np.inf).max(axis=1), exact)
    hidden = pd.Series(hidden, index=plan.index)
    listed = np.where(hidden, high > 0, exact > 0)
    out = plan.assign(
        hidden=hidden.to_numpy(),
        need_low=low.astype(int),
        need_high=high.astype(int),
        priority_low=plan["weight"] * low,
        priority_high=plan["weight"] * high,
    )[listed]
    key = (out["priority_low"] + out["priority_high"]) / 2
    order = np.lexsort((-out["gap_now"].to_numpy(), -key.to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def competency_gaps(ds: Dataset, *, by: str = "unit") -> pd.DataFrame:
    """Where staff's assessed competency levels fall short of their positions' requirements.

    Parameters
    ----------
    by : {"unit", "employee"}
        Summary per unit and competency, or one row per employee and competency.

    Returns
    -------
    DataFrame
        ``by="unit"``: ``region_id``, ``unit_id``, ``competency``, ``assessed`` (staff with
        both a level and a requirement), ``short`` (below requirement), ``share_short``,
        ``mean_shortfall`` (levels, among those short). ``by="employee"``: ``employee_id``,
        ``unit_id``, ``competency``, ``required``, ``level``, ``shortfall``.

    Raises
    ------
    NotEnoughData
        Code ``tables`` without employees or positions; code ``competency_levels`` when no
        employee has an assessed level.

    Notes
    -----
    Levels follow PermenPANRB 38/2017 (technical, managerial and socio-cultural, 1-5).
    """
    ds.require("employees", "positions")
    e = ds.employees
    assessed = [c for c in COMPETENCIES if f"comp_{c}" in e and e[f"comp_{c}"].notna().any()]
    if not assessed:
        raise NotEnoughData(
            "The employees table has no assessed competency level (comp_teknis, "
            "comp_manajerial, comp_sosial_kultural).",
            "competency_levels",
        )
    positions = ds.positions.set_index("position_id")
    req = pd.DataFrame(
        {
            f"req_{c}": keys.lookup(e["position_id"], positions[f"req_{c}"])
            if f"req_{c}" in positions
            else np.nan
            for c in assessed
        },
        index=e.index,
    )
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "employee_id": e["employee_id"].to_numpy(),
                    "region_id": e["region_id"].to_numpy(),
                    "unit_id": e["unit_id"].to_numpy(),
                    "competency": c,
                    "required": req[f"req_{c}"].to_numpy(),
                    "level": e[f"comp_{c}"].to_numpy(),
                }
            )
            for c in assessed
        ],
        ignore_index=True,
    )
    long = long.dropna(subset=["required", "level"])
    long["shortfall"] = (long["required"] - long["level"]).clip(lower=0).astype(int)
    if by == "employee":
        return long.drop(columns="region_id").reset_index(drop=True)
    if by != "unit":
        raise ValueError(f"by must be 'unit' or 'employee', not {by!r}.")
    long["short"] = long["shortfall"] > 0
    out = long.groupby(["region_id", "unit_id", "competency"], as_index=False).agg(
        assessed=("short", "size"), short=("short", "sum"), total=("shortfall", "sum")
    )
    out["share_short"] = out["short"] / out["assessed"]
    out["mean_shortfall"] = (out["total"] / out["short"]).where(out["short"] > 0, 0.0)
    return out[
        ["region_id", "unit_id", "competency", "assessed", "short", "share_short", "mean_shortfall"]
    ]
