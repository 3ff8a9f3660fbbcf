"""Figures of notebook 01: age pyramid, staffing gap by unit, retirement wave, competency gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import rules, workforce
from ..io import Dataset
from ..narrative.text import number, t
from ..privacy import SMALL_CELL_MIN, mark
from .style import (
    KIND_GROUP,
    PALETTE,
    finish,
    new_figure,
    suppressed_note,
    unit_names,
)

__all__ = [
    "age_pyramid",
    "competency_gaps",
    "retirement_wave",
    "staffing_gap_by_unit",
]


def age_pyramid(
    ds: Dataset, *, lang: str = "id", as_of=None, small_cell_min: int = SMALL_CELL_MIN
) -> Figure:
    """Employees by 5-year age band and gender, with the retirement ages (BUP) marked.

    Cells of 1 to ``small_cell_min - 1`` people (and, where the total staff would give one
    back, one more cell: :func:`workforce.small_cell_mask`) are drawn as hatched markers of a
    fixed length, not dropped."""
    as_of = workforce.as_of_date(ds, as_of)
    serving = ds.employees[workforce.in_post(ds, as_of).to_numpy()]
    age = as_of.year - serving["birth_year"]
    band = (age // 5) * 5
    counts = pd.crosstab(band, serving["gender"]).reindex(columns=["female", "male"], fill_value=0)
    mask = workforce.small_cell_mask(counts.to_numpy().ravel(), small_cell_min).reshape(
        counts.shape
    )
    hidden = pd.DataFrame(mask, index=counts.index, columns=counts.columns)
    shown = counts.where(~hidden, 0)
    fig, ax = new_figure(8.5, 6.0)
    y = shown.index + 2.5
    ax.barh(y, -shown["female"], height=4.4, color=PALETTE["second"], label=t("female", lang))
    ax.barh(y, shown["male"], height=4.4, color=PALETTE["main"], label=t("male", lang))
    marker = float(small_cell_min)
    for sign, column in ((-1, "female"), (1, "male")):
        rows = hidden.index[hidden[column]]
        if len(rows):
            ax.barh(
                rows + 2.5,
                sign * marker,
                height=4.4,
                color="white",
                edgecolor=PALETTE["muted"],
                hatch="///",
                label=t("hidden_marker", lang, mark=mark(small_cell_min)),
            )
    limit = max(1.0, float(shown.to_numpy().max()), marker) * 1.15
    ax.set_xlim(-limit, limit)
    ax.set_ylim(min(15, float(counts.index.min())), max(80, float(counts.index.max()) + 20))
    for bup in sorted(set(rules.BUP.values())):
        ax.axhline(bup, color=PALETTE["alert"], linestyle="--", linewidth=1)
        ax.text(
            limit * 0.98,
            bup + 0.4,
            t("bup_line", lang, age=bup),
            color=PALETTE["alert"],
            ha="right",
            va="bottom",
            fontsize=8,
        )
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [number(abs(x), lang) for x in ticks])
    ax.set_xlabel(t("people_axis", lang))
    ax.set_ylabel(t("age_axis", lang))
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))  # one hatched entry for both sides
    ax.legend(unique.values(), unique.keys(), loc="upper left", frameon=False, fontsize=8)
    note = suppressed_note(bool(mask.any()), lang, small_cell_min)
    return finish(fig, ax, ds, t("age_pyramid_title", lang), lang, note)


def staffing_gap_by_unit(
    gap: pd.DataFrame, ds: Dataset, *, lang: str = "id", top: int = 10
) -> Figure:
    """The ``top`` units with the largest shortages and the ``top`` with the largest
    surpluses (FTE, the units' net balance, from :func:`staffing_gap`); the units not drawn
    are counted on the figure."""
    units = gap[gap["level"] == "unit"].copy()
    units["name"] = units["unit_id"].map(unit_names(ds))
    short = units[units["gap"] > 0].nlargest(top, "gap")
    surplus = units[units["gap"] < 0].nsmallest(top, "gap")
    chosen = pd.concat([short, surplus]).sort_values("gap")
    rest = units[~units["unit_id"].isin(chosen["unit_id"])]
    fig, ax = new_figure(9.0, max(4.0, 0.36 * len(chosen) + 1.8))
    colors = np.where(chosen["gap"] > 0, PALETTE["alert"], PALETTE["main"])
    # by position, not by name: two units may share a name, or its first LABEL_CHARS
    ax.barh(np.arange(len(chosen)), chosen["gap"], color=colors)
    ax.set_yticks(np.arange(len(chosen)), chosen["name"].fillna(chosen["unit_id"]))
    ax.axvline(0, color="#333333", linewidth=0.8)
    low = min(0.0, float(chosen["gap"].min())) if len(chosen) else 0.0
    high = max(0.0, float(chosen["gap"].max())) if len(chosen) else 1.0
    span = max(high - low, 1.0)
    ax.set_xlim(low - 0.14 * span * (low < 0), high + 0.14 * span)  # room for the labels
    for y, value in enumerate(chosen["gap"]):
        ax.text(
            value,
            y,
            " " + number(value, lang, 1) + " ",
            va="center",
            fontsize=8,
            ha="left" if value >= 0 else "right",
        )
    ax.set_xlabel(t("gap_axis", lang))
    ax.tick_params(axis="y", labelsize=8)
    handles = [
        Patch(color=PALETTE["alert"], label=t("gap_short_legend", lang)),
        Patch(color=PALETTE["main"], label=t("gap_surplus_legend", lang)),
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="lower right")
    note = None
    if len(rest):
        note = t(
            "gap_units_not_shown",
            lang,
            n=number(len(rest), lang),
            short=number(rest["gap"].clip(lower=0).sum(), lang, 1),
            surplus=number((-rest["gap"]).clip(lower=0).sum(), lang, 1),
        )
    return finish(fig, ax, ds, t("gap_title", lang), lang, note)


def retirement_wave(
    projection: pd.DataFrame, ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Figure:
    """Retirements per year by kind of position, from :func:`retirement_projection`.

    Every bar has its true total. In each year the kinds with 1 to ``small_cell_min - 1``
    people (and one more where needed: :func:`workforce.small_cell_mask`) are drawn together
    as one hatched segment; a year whose total is that small is joined to the next
    (:func:`workforce.collapse_years`). Only kinds drawn somewhere are in the legend."""
    group = projection["kind"].map(KIND_GROUP).fillna("kind_functional")
    table = (
        projection.groupby([projection["year"], group])["retirements"].sum().unstack(fill_value=0)
    )
    table = table.reindex(
        columns=["kind_structural", "kind_functional", "kind_executor"], fill_value=0
    )
    periods = workforce.collapse_years(table.sum(axis=1), small_cell_min)
    names = periods.map(lambda g: str(g[0]) if g[0] == g[1] else f"{g[0]}-{g[1]}")
    table = table.groupby(names.to_numpy(), sort=False).sum()
    mask = np.array(  # one row per year of the horizon (a handful)
        [workforce.small_cell_mask(row, small_cell_min) for row in table.to_numpy()],
        dtype=bool,
    ).reshape(table.shape)
    shown = table.where(~mask, 0)
    hidden = table.where(mask, 0).sum(axis=1).to_numpy()
    fig, ax = new_figure()
    ax.grid(axis="y", color="#e5e8eb", linewidth=0.8)
    ax.grid(axis="x", visible=False)
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    colors = [PALETTE["main"], PALETTE["third"], PALETTE["second"]]
    for column, color in zip(shown.columns, colors, strict=True):
        if shown[column].sum() == 0:
            continue  # no empty legend entry
        ax.bar(x, shown[column], bottom=bottom, color=color, label=t(column, lang))
        bottom += shown[column].to_numpy()
    if hidden.sum():
        ax.bar(
            x,
            hidden,
            bottom=bottom,
            color="white",
            edgecolor=PALETTE["muted"],
            hatch="///",
            label=t("hidden_segment", lang, mark=mark(small_cell_min)),
        )
        bottom += hidden
    totals = table.sum(axis=1).to_numpy()
    for i, total in enumerate(totals):
        text = mark(small_cell_min) if 0 < total < small_cell_min else number(total, lang)
        ax.text(i, total, text, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, list(table.index))
    ax.set_xlabel(t("year_axis", lang))
    ax.set_ylabel(t("retire_axis", lang))
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.set_ylim(0, max(1, totals.max(initial=0)) * 1.2)
    note = suppressed_note(bool(mask.any()), lang, small_cell_min)
    return finish(fig, ax, ds, t("retire_title", lang), lang, note)


def competency_gaps(
    gaps: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    top: int = 10,
    small_cell_min: int = SMALL_CELL_MIN,
) -> Figure:
    """Share of assessed staff below the required level, per competency, in the units with
    the most staff short (from :func:`competency_gaps`; units with fewer than
    ``small_cell_min`` assessed staff are left out). Units are named from ``ds.units``, or by
    their ids when the data have no units table."""
    shown = gaps[gaps["assessed"] >= small_cell_min]
    worst = shown.groupby("unit_id")["short"].sum().nlargest(top).index
    table = (
        shown[shown["unit_id"].isin(worst)].pivot(
            index="unit_id", columns="competency", values="share_short"
        )
        * 100
    )
    table = table.reindex(index=worst[::-1])
    # without a units table the units are named by their ids
    names = table.index.map(unit_names(ds)) if ds.units is not None else table.index
    fig, ax = new_figure(9.0, max(4.0, 0.5 * len(table) + 1.5))
    height = 0.8 / max(1, len(table.columns))
    colors = [PALETTE["main"], PALETTE["second"], PALETTE["third"]]
    for i, (column, color) in enumerate(zip(workforce.COMPETENCIES, colors, strict=True)):
        if column in table:
            ax.barh(
                np.arange(len(table)) + i * height,
                table[column],
                height=height,
                color=color,
                label=t(column, lang),
            )
    ax.set_yticks(np.arange(len(table)) + height, names, fontsize=8)
    ax.set_xlabel(t("competency_axis", lang))
    ax.set_xlim(0, min(100, max(10, float(np.nanmax(table.to_numpy(), initial=0)) * 1.2)))
    handles, labels = ax.get_legend_handles_labels()  # list top-down, as the bars stand
    ax.legend(handles[::-1], labels[::-1], frameon=False, fontsize=8, loc="lower right")
    hidden = (gaps["assessed"] < small_cell_min).any()
    note = suppressed_note(hidden, lang, small_cell_min)
    return finish(fig, ax, ds, t("competency_title", lang), lang, note)
