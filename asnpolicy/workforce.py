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
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from . import keys, rules
from .io import Dataset

__all__ = [
    "as_of_date",
    "collapse_years",
    "competency_gaps",
    "ej_grade",
    "GAP_MEASURES",
    "formasi_plan",
    "gap_measures",
    "in_post",
    "needs_forecast",
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
    factor = workload["volume_period"].map(rules.ABK_ANNUALISATION)
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
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    for g in grades:  # highest grade first; a value takes the first grade it reaches
        reached = (values > g.lower) | (g.inclusive & (values == g.lower))
        out = out.mask(out.isna() & reached, g.code)
    return out


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
        ``retirement_date``.

    Examples
    --------
    A pelaksana (BUP 58) born in March 1968 retires on 31 March 2026.
    """
    ds.require("employees", "positions")
    e = ds.employees
    kind = keys.lookup(e["position_id"], ds.positions.set_index("position_id")["kind"])
    bup = kind.map(rules.BUP)
    month = e["birth_month"].fillna(assume_month).astype(int)
    first = pd.to_datetime(pd.DataFrame({"year": e["birth_year"] + bup, "month": month, "day": 1}))
    end_of_month = first + pd.offsets.MonthEnd(0)
    return pd.DataFrame(
        {
            "employee_id": e["employee_id"],
            "region_id": e["region_id"],
            "unit_id": e["unit_id"],
            "position_id": e["position_id"],
            "kind": kind,
            "bup": bup,
            "retirement_date": end_of_month,
        }
    )


def in_post(ds: Dataset, as_of: pd.Timestamp) -> pd.Series:
    """Employees serving on ``as_of``: hired by that year and not yet retired."""
    retire = retirement_dates(ds)["retirement_date"]
    return (ds.employees["hire_year"] <= as_of.year) & (retire > as_of)


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
    serving = ds.employees[in_post(ds, as_of)]
    fte = workload_fte(ds.workload, effective_minutes).set_index("position_id")["required_fte"]
    pos = ds.positions[["position_id", "unit_id", "title", "kind"]].copy()
    pos["region_id"] = ds.region_of("positions")
    pos["headcount"] = pos["position_id"].map(serving["position_id"].value_counts()).fillna(0)
    pos["required_fte"] = pos["position_id"].map(fte).fillna(0.0)
    pos["level"] = "position"
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
    pos = gap[gap["level"] == "position"]
    keys = pos[by]
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
    out = frame.groupby(keys).sum()
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
    dates = retirement_dates(ds)[in_post(ds, as_of).to_numpy()]
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
    retire = (
        retirement_projection(ds, years, as_of).groupby(["unit_id", "year"])["retirements"].sum()
    )
    horizon = np.arange(as_of.year, as_of.year + years + 1)
    grid = units.merge(pd.DataFrame({"year": horizon}), how="cross")
    grid["retirements"] = (
        pd.MultiIndex.from_frame(grid[["unit_id", "year"]]).map(retire).fillna(0).astype(int)
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


def formasi_plan(
    ds: Dataset,
    budget: float | None = None,
    *,
    budget_unit: str = "positions",
    years: int = 5,
    as_of=None,
    front_line_weight: float = 0.5,
    region: str | None = None,
    keep_all: bool = False,
) -> pd.DataFrame:
    """Which positions to open, ranked, and the best plan within a budget.

    Parameters
    ----------
    budget : float, optional
        Positions (``budget_unit="positions"``) or rupiah per year (``"rupiah"``, using
        ``positions.annual_cost``). Without a budget every needed position is listed.
    years : int
        Horizon for retirements.
    front_line_weight : float
        Extra weight of a position in a front-line unit (1 + weight per slot).
    keep_all : bool
        Keep the positions without a need too (``need`` 0), after those with one.

    Returns
    -------
    DataFrame
        One row per position with a need, by priority: ``position_id``, ``region_id``,
        ``unit_id``, ``title``, ``kind``, ``front_line``, ``required_fte``, ``headcount``,
        ``ej`` and ``ej_grade`` (job effectiveness now, :func:`staffing_gap`), ``gap_now``,
        ``retirements`` (within the horizon), ``need`` (positions to open: the rounded gap at
        the horizon), ``weight`` (per slot), ``priority`` (weight x need), ``req_teknis``,
        ``req_manajerial``, ``req_sosial_kultural``, ``annual_cost``, and with a budget
        ``planned`` (positions funded), ``planned_cost`` and ``unfunded`` (need - planned).

    Notes
    -----
    With a budget, the plan maximises the weighted shortage covered, sum(weight x planned),
    subject to sum(cost x planned) <= budget and 0 <= planned <= need, solved exactly as an
    integer programme (``scipy.optimize.milp``).
    """
    if budget_unit not in ("positions", "rupiah"):
        raise ValueError(f"budget_unit must be 'positions' or 'rupiah', not {budget_unit!r}.")
    if region is not None:
        ds = ds.for_region(region)
    as_of = as_of_date(ds, as_of)
    gap = staffing_gap(ds, as_of=as_of)
    pos = gap[gap["level"] == "position"].set_index("position_id")
    dates = retirement_dates(ds)[in_post(ds, as_of).to_numpy()]
    due = dates[dates["retirement_date"].dt.year <= as_of.year + years]
    per_position = due["position_id"].value_counts()
    info = ds.positions.set_index("position_id")
    front = keys.lookup(pos["unit_id"], ds.units.set_index("unit_id")["front_line"]).astype(bool)
    plan = pd.DataFrame(
        {
            "region_id": pos["region_id"],
            "unit_id": pos["unit_id"],
            "title": pos["title"],
            "kind": pos["kind"],
            "front_line": front,
            "required_fte": pos["required_fte"],
            "headcount": pos["headcount"],
            "ej": pos["ej"],
            "ej_grade": pos["ej_grade"],
            "gap_now": pos["gap"],
            "retirements": per_position.reindex(pos.index, fill_value=0).astype(int),
        }
    )
    plan["need"] = np.maximum(0, np.round(plan["gap_now"] + plan["retirements"])).astype(int)
    plan["weight"] = 1.0 + front_line_weight * plan["front_line"]
    plan["priority"] = plan["weight"] * plan["need"]
    for c in COMPETENCIES:
        plan[f"req_{c}"] = info[f"req_{c}"].reindex(plan.index)
    plan["annual_cost"] = info["annual_cost"].reindex(plan.index)
    plan = plan.sort_values(["priority", "gap_now"], ascending=False, kind="stable")
    if not keep_all:
        plan = plan[plan["need"] > 0]
    if budget is not None:
        cost = (
            np.ones(len(plan))
            if budget_unit == "positions"
            else plan["annual_cost"].where(plan["need"] > 0, 0.0)
        )
        if budget_unit == "rupiah" and plan.loc[plan["need"] > 0, "annual_cost"].isna().any():
            raise ValueError(
                "A rupiah budget needs positions.annual_cost for every position in the plan."
            )
        plan["planned"] = _best_plan(
            plan["weight"].to_numpy(),
            np.asarray(cost, float),
            plan["need"].to_numpy(),
            float(budget),
        )
        plan["planned_cost"] = plan["planned"] * np.asarray(cost, float)
        plan["unfunded"] = plan["need"] - plan["planned"]
    return plan.reset_index()


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
    dates = retirement_dates(ds)[in_post(ds, as_of).to_numpy()]
    year = dates["retirement_date"].dt.year
    due = dates[year <= as_of.year + years].assign(year=year)
    retire = due.groupby(["position_id", "year"]).size()
    horizon = np.arange(as_of.year, as_of.year + years + 1)
    grid = pos.merge(pd.DataFrame({"year": horizon}), how="cross")
    grid["retirements"] = (
        pd.MultiIndex.from_frame(grid[["position_id", "year"]]).map(retire).fillna(0).astype(int)
        if len(grid)
        else 0
    )
    grid.loc[grid["year"] == as_of.year, "retirements"] = 0  # now: the staff on as_of
    grid["headcount"] = grid["headcount"] - grid.groupby("position_id")["retirements"].cumsum()
    grid["gap"] = grid["required_fte"] - grid["headcount"]
    grid["level"] = "position"
    grid["key"] = list(zip(grid["region_id"], grid["year"], strict=True))
    measures = gap_measures(grid, by="key")
    measures.index = pd.MultiIndex.from_tuples(measures.index, names=["region_id", "year"])
    measures.insert(0, "retirements", grid.groupby(["region_id", "year"])["retirements"].sum())
    return measures.reset_index()


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


def _best_plan(weight: np.ndarray, cost: np.ndarray, need: np.ndarray, budget: float):
    """Integer plan maximising weight . x with cost . x <= budget, 0 <= x <= need."""
    if len(weight) == 0:
        return np.zeros(0, dtype=int)
    # Among plans of equal weighted coverage, prefer the positions with the larger needs.
    tie_break = 1e-6 * need / max(1, need.max())
    result = milp(
        c=-(weight + tie_break),
        integrality=np.ones_like(weight),
        bounds=Bounds(np.zeros_like(weight), need.astype(float)),
        constraints=LinearConstraint(cost[None, :], -np.inf, budget),
    )
    if not result.success:
        raise ValueError(f"No plan found within the budget: {result.message}")
    return np.round(result.x).astype(int)


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

    Notes
    -----
    Levels follow PermenPANRB 38/2017 (technical, managerial and socio-cultural, 1-5).
    """
    ds.require("employees", "positions")
    e = ds.employees
    req = ds.positions.set_index("position_id").loc[
        e["position_id"], [f"req_{c}" for c in COMPETENCIES]
    ]
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
            for c in COMPETENCIES
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
