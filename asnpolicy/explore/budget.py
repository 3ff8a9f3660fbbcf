"""The formasi-budget what-if: a budget in posts or rupiah, the front-line weight and the
horizon year, and what the plan of :func:`asnpolicy.workforce.formasi_plan` then funds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import keys, workforce
from ..io import Dataset

__all__ = ["BudgetChoice", "BudgetEffect", "budget_effect", "unit_gaps_after"]


@dataclass(frozen=True)
class BudgetChoice:
    """What an analyst sets in the budget panel.

    Attributes
    ----------
    budget : float or None
        Posts (``budget_unit="positions"``) or rupiah a year (``"rupiah"``) the region can
        fund; None lists every need.
    budget_unit : str
        ``positions`` or ``rupiah``.
    front_line_weight : float
        Weight of a post in a front-line unit (1: no preference).
    horizon_year : int or None
        Last year whose retirements count (None: five years after the staff count).
    """

    budget: float | None = None
    budget_unit: str = "positions"
    front_line_weight: float = workforce.FRONT_LINE_WEIGHT
    horizon_year: int | None = None

    def years(self, as_of: pd.Timestamp) -> int:
        """Years from the staff count to the horizon (at least 1)."""
        if self.horizon_year is None:
            return 5
        return max(1, int(self.horizon_year) - as_of.year)


@dataclass
class BudgetEffect:
    """The plan of a budget choice.

    Attributes
    ----------
    choice : BudgetChoice
    as_of : Timestamp
        The staff count's date.
    years : int
        The horizon in years.
    plan : DataFrame
        :func:`asnpolicy.workforce.formasi_plan` (``keep_all=True``).
    by_unit : DataFrame
        :func:`unit_gaps_after`.
    """

    choice: BudgetChoice
    as_of: pd.Timestamp
    years: int
    plan: pd.DataFrame
    by_unit: pd.DataFrame

    @property
    def formasi_rows(self) -> pd.DataFrame:
        """The plan's posts filled by formasi."""
        return self.plan[self.plan["route"] == "formasi"]


def budget_effect(
    ds: Dataset, choice: BudgetChoice, *, as_of=None, small_cell_min: int = 5
) -> BudgetEffect:
    """The formasi plan of ``choice`` on ``ds`` (one region), and the gap it leaves by unit.

    Raises
    ------
    NotEnoughData
        As :func:`asnpolicy.workforce.formasi_plan`.
    """
    when = workforce.as_of_date(ds, as_of)
    years = choice.years(when)
    plan = workforce.formasi_plan(
        ds,
        choice.budget,
        budget_unit=choice.budget_unit,
        years=years,
        as_of=when,
        front_line_weight=choice.front_line_weight,
        keep_all=True,
    )
    return BudgetEffect(choice, when, years, plan, unit_gaps_after(plan, ds, small_cell_min))


def unit_gaps_after(plan: pd.DataFrame, ds: Dataset, small_cell_min: int = 5) -> pd.DataFrame:
    """Each unit's formasi need by the horizon, what the plan funds, and what is left.

    Parameters
    ----------
    plan : DataFrame
        :func:`asnpolicy.workforce.formasi_plan` with ``keep_all=True`` (with or without a
        budget: without one nothing is funded).
    ds : Dataset
        For the units' names.
    small_cell_min : int
        A unit's retirements in the horizon are a count of people: where it is 1 to
        ``small_cell_min - 1`` (or the unit has fewer staff than that), its need and what is
        left are shown as the range they take over every count the reader cannot rule out
        (1 to ``small_cell_min - 1``), as :func:`asnpolicy.workforce.protect_plan` does for
        a position.

    Returns
    -------
    DataFrame
        One row per unit with formasi posts, largest need first: ``unit_id``, ``name``,
        ``gap_now`` (FTE), ``need`` (posts by the horizon), ``need_low`` / ``need_high`` (the
        range shown), ``planned`` (posts funded), ``left`` (need - planned) with ``left_low``
        / ``left_high``, and ``hidden``. ``attrs["total"]``: the same for the whole region.
    """
    rows = plan[plan["route"] == "formasi"]
    planned = rows["planned"] if "planned" in rows else pd.Series(0, index=rows.index)
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].to_numpy(),
            "gap_now": rows["gap_now"].to_numpy(float),
            "retirements": rows["retirements"].to_numpy(float),
            "headcount": rows["headcount"].to_numpy(float),
            "need": rows["need"].to_numpy(float),
            "planned": planned.to_numpy(float),
        }
    )
    out = frame.groupby("unit_id", sort=False).sum().reset_index()
    out = _ranges(out, small_cell_min)
    names = keys.lookup(out["unit_id"], ds.units.set_index("unit_id")["name"])
    out.insert(1, "name", names.where(names.notna(), out["unit_id"]).astype(str))
    order = np.lexsort((out["name"].to_numpy(), -(out["need_low"] + out["need_high"]).to_numpy()))
    out = out.iloc[order][
        ["unit_id", "name", "gap_now", "need", "need_low", "need_high", "planned", "left",
         "left_low", "left_high", "hidden"]
    ].reset_index(drop=True)  # fmt: skip
    total = _ranges(frame.drop(columns="unit_id").sum().to_frame().T, small_cell_min).iloc[0]
    out.attrs["total"] = total.to_dict()
    return out


def _ranges(frame: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """``hidden`` (1 to ``min_n - 1`` retirements, or a staff below ``min_n``), ``left``
    and the ranges of need and left shown."""
    count = frame["retirements"]
    hidden = ((count > 0) & (count < min_n)) | (
        (frame["headcount"] > 0) & (frame["headcount"] < min_n)
    )
    base = frame["need"] - count  # the need without the hidden count
    out = frame.copy()
    out["hidden"] = hidden.to_numpy(bool)
    out["need_low"] = np.where(hidden, np.maximum(0, base + (count > 0)), frame["need"])
    out["need_high"] = np.where(hidden, np.maximum(0, base + max(1, min_n - 1)), frame["need"])
    out["left"] = np.maximum(0.0, frame["need"] - frame["planned"])
    # a hidden need fully funded leaves 0 (saying so gives nothing back); one partly funded
    # leaves at least 1, within the range of the need
    short = out["left"] > 0
    out["left_low"] = np.where(
        hidden & short, np.maximum(1.0, out["need_low"] - frame["planned"]), out["left"]
    )
    out["left_high"] = np.where(
        hidden & short, np.maximum(1.0, out["need_high"] - frame["planned"]), out["left"]
    )
    return out
