"""Figures of notebook 01: age pyramid, staffing gap by unit, retirement wave, competency gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import rules, workforce
from ..io import Dataset
from ..narrative.text import number, t
from ..privacy import SMALL_CELL_MIN
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
    """Employees by 5-year age band and gender, with the retirement ages (BUP) marked."""
    as_of = workforce.as_of_date(ds, as_of)
    serving = ds.employees[workforce.in_post(ds, as_of).to_numpy()]
    age = as_of.year - serving["birth_year"]
    band = (age // 5) * 5
    counts = pd.crosstab(band, serving["gender"]).reindex(columns=["female", "male"], fill_value=0)
    hidden = counts.where((counts > 0) & (counts < small_cell_min)).notna().to_numpy().sum()
    shown = counts.where(counts >= small_cell_min, 0)
    fig, ax = new_figure(8.5, 6.0)
    ax.barh(
        shown.index + 2.5,
        -shown["female"],
        height=4.4,
        color=PALETTE["second"],
        label=t("female", lang),
    )
    ax.barh(
        shown.index + 2.5, shown["male"], height=4.4, color=PALETTE["main"], label=t("male", lang)
    )
    limit = max(1, shown.to_numpy().max()) * 1.15
    ax.set_xlim(-limit, limit)
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
    ax.legend(loc="lower right", frameon=False)
    note = suppressed_note(hidden, lang, small_cell_min)
    return finish(fig, ax, ds, t("age_pyramid_title", lang), lang, note)


def staffing_gap_by_unit(
    gap: pd.DataFrame, ds: Dataset, *, lang: str = "id", top: int = 15
) -> Figure:
    """Units with the largest shortages and surpluses (FTE), from :func:`staffing_gap`."""
    units = gap[gap["level"] == "unit"].copy()
    units["name"] = units["unit_id"].map(unit_names(ds))
    short = units.nlargest(top, "gap")
    surplus = units[units["gap"] < 0].nsmallest(max(0, top - len(short[short["gap"] > 0])), "gap")
    chosen = pd.concat([short, surplus]).drop_duplicates("unit_id").sort_values("gap")
    fig, ax = new_figure(9.0, max(4.0, 0.38 * len(chosen) + 1.5))
    colors = np.where(chosen["gap"] > 0, PALETTE["alert"], PALETTE["muted"])
    # by position, not by name: two units may share a name, or its first LABEL_CHARS
    ax.barh(np.arange(len(chosen)), chosen["gap"], color=colors)
    ax.set_yticks(np.arange(len(chosen)), chosen["name"].fillna(chosen["unit_id"]))
    ax.axvline(0, color="#333333", linewidth=0.8)
    low, high = min(0.0, chosen["gap"].min()), max(0.0, chosen["gap"].max())
    span = max(high - low, 1.0)
    ax.set_xlim(low - 0.12 * span * (low < 0), high + 0.12 * span)  # room for the labels
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
    return finish(fig, ax, ds, t("gap_title", lang), lang)


def retirement_wave(
    projection: pd.DataFrame, ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Figure:
    """Retirements per year by kind of position, from :func:`retirement_projection`."""
    group = projection["kind"].map(KIND_GROUP).fillna("kind_functional")
    table = (
        projection.groupby([projection["year"], group])["retirements"].sum().unstack(fill_value=0)
    )
    table = table.reindex(
        columns=["kind_structural", "kind_functional", "kind_executor"], fill_value=0
    )
    hidden = ((table > 0) & (table < small_cell_min)).to_numpy().sum()
    shown = table.where(table >= small_cell_min, 0)
    fig, ax = new_figure()
    ax.grid(axis="y", color="#e5e8eb", linewidth=0.8)
    ax.grid(axis="x", visible=False)
    bottom = np.zeros(len(shown))
    colors = [PALETTE["main"], PALETTE["third"], PALETTE["second"]]
    for column, color in zip(shown.columns, colors, strict=True):
        ax.bar(
            shown.index.astype(str),
            shown[column],
            bottom=bottom,
            color=color,
            label=t(column, lang),
        )
        bottom += shown[column].to_numpy()
    for x, total in enumerate(bottom):
        ax.text(x, total, number(total, lang), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel(t("year_axis", lang))
    ax.set_ylabel(t("retire_axis", lang))
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.set_ylim(0, max(1, bottom.max()) * 1.15)
    note = suppressed_note(hidden, lang, small_cell_min)
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
    ``small_cell_min`` assessed staff are left out)."""
    shown = gaps[gaps["assessed"] >= small_cell_min]
    worst = shown.groupby("unit_id")["short"].sum().nlargest(top).index
    table = (
        shown[shown["unit_id"].isin(worst)].pivot(
            index="unit_id", columns="competency", values="share_short"
        )
        * 100
    )
    table = table.reindex(index=worst[::-1])
    names = table.index.map(unit_names(ds))
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
