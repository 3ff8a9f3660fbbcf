"""Figures of notebook 02: selection funnel, registration modes, panel reliability and the
design comparison."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from .. import rules
from ..io import Dataset
from ..narrative.selection import FAIRNESS_GROUPS, design_label, group_label, stage_label
from ..narrative.text import number, t
from ..privacy import SMALL_CELL_MIN
from .style import (
    PALETTE,
    finish,
    new_figure,
    plain,
    style_axis,
    suppressed_note,
)

__all__ = [
    "design_comparison",
    "panel_reliability",
    "registration_modes",
    "selection_funnel",
]


def selection_funnel(funnel_table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Share of registered applicants reaching each stage. The funnel counts every applicant
    of the years analysed (a census), so it carries no interval; each bar is labelled with
    its share and count inside the bar (or just past a short one), never under a line."""
    f = funnel_table.iloc[::-1]
    fig, ax = new_figure(9.0, 4.5)
    share = (f["rate_from_start"] * 100).to_numpy()
    labels = [t(f"stage_{s}", lang) for s in f["stage"]]
    ax.barh(labels, share, color=PALETTE["main"])
    for y, (value, n) in enumerate(zip(share, f["n"], strict=True)):
        text = f"{number(value, lang, 1)} % (n = {number(n, lang)})"
        inside = value >= 35
        ax.text(
            value - 1 if inside else value + 1,
            y,
            text,
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "#222222",
            fontsize=8,
        )
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_xlabel(t("funnel_axis", lang))
    return finish(fig, ax, ds, t("funnel_title", lang), lang, t("funnel_census_note", lang))


def registration_modes(modes: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Days to verification and document errors, online against offline, with 95 %
    intervals; each bar's mean and n sit above its interval, clear of the error bar."""
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.0), dpi=110)
    for ax, measure, key in zip(
        axes, ("verification_days", "doc_errors"), ("modes_days", "modes_errors"), strict=True
    ):
        rows = (
            modes[modes["measure"] == measure]
            .set_index("registration_mode")
            .reindex(["online", "offline"])
            .dropna(subset=["mean"])
        )
        top = rows["ci_high"].fillna(rows["mean"])
        error = np.vstack([rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]])
        ax.bar(
            [t(f"mode_{m}", lang) for m in rows.index],
            rows["mean"],
            yerr=np.nan_to_num(error),
            color=[PALETTE["main"], PALETTE["second"]][: len(rows)],
            ecolor="#333333",
            capsize=4,
        )
        ax.set_ylabel(t(key, lang))
        ax.spines[["top", "right"]].set_visible(False)
        height = max(1e-9, float(top.max()))
        for x, (value, n, high) in enumerate(zip(rows["mean"], rows["n"], top, strict=True)):
            ax.text(
                x,
                high + 0.03 * height,
                f"{number(value, lang, 1)}\n(n = {number(n, lang)})",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_ylim(0, height * 1.35)
    return finish(fig, axes[0], ds, t("modes_title", lang), lang)


def panel_reliability(table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """ICC of one assessor and of the panel mean, by stage and panel type, with intervals."""
    fig, ax = new_figure(9.0, max(3.5, 0.7 * len(table) + 1.5))
    if table.empty:
        ax.text(0.5, 0.5, t("no_panels", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return finish(fig, ax, ds, t("reliability_title", lang), lang)
    labels = [
        f"{stage_label(s, lang)} ({t('panel_' + p, lang)}, n = {number(n, lang)})"
        for s, p, n in zip(table["stage"], table["panel"], table["n_applicants"], strict=True)
    ]
    y = np.arange(len(table))
    for offset, form, color in (
        (-0.15, "icc1", PALETTE["second"]),
        (0.15, "icc1k", PALETTE["main"]),
    ):
        error = np.vstack(
            [table[form] - table[f"{form}_ci_low"], table[f"{form}_ci_high"] - table[form]]
        )
        ax.errorbar(
            table[form],
            y + offset,
            xerr=error,
            fmt="o",
            color=color,
            capsize=3,
            label=t(form, lang),
        )
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlim(0, 1)
    ax.set_xlabel(t("reliability_axis", lang))
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return finish(fig, ax, ds, t("reliability_title", lang), lang)


def design_comparison(
    designs: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> Figure:
    """Two panels, one row per design. Left: the difference in expected performance from the
    official design with its paired 95 % interval, the marker's area the design's cost (with
    a legend of sizes). Right: the lowest impact ratio by gender and by origin with 95 %
    intervals and the four-fifths line; a ratio resting on fewer than ``small_cell_min``
    people is left out and the figure says so.

    Raises
    ------
    ValueError
        For an empty comparison: show :func:`asnpolicy.narrative.selection.designs_missing`
        instead of a figure.
    """
    if designs.empty:
        raise ValueError("No designs to draw: show why with narrative.selection.designs_missing.")
    n = len(designs)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(9.0, 1.6 + 0.6 * n), dpi=110, sharey=True, width_ratios=(1.3, 1)
    )
    for ax in (left, right):
        style_axis(ax)
    y = np.arange(n)[::-1].astype(float)
    names = [plain(design_label(p, lang), 28) for p in designs["policy"]]
    colors = np.where(designs["official"], PALETTE["main"], PALETTE["second"])

    diff = designs["difference"].to_numpy(float)
    low = designs["diff_ci_low"].to_numpy(float)
    high = designs["diff_ci_high"].to_numpy(float)
    left.axvline(0, color="#555555", linewidth=0.8)
    left.errorbar(
        diff[1:],
        y[1:],
        xerr=np.vstack([diff[1:] - low[1:], high[1:] - diff[1:]]),
        fmt="none",
        ecolor="#777777",
        capsize=3,
        zorder=4,
    )
    if "cost" in designs and designs["cost"].max() > 0:
        scale = 400 / float(designs["cost"].max())
        sizes = 30 + scale * designs["cost"].to_numpy(float)
        left.scatter(diff, y, s=sizes, c=colors, alpha=0.6, zorder=3, edgecolors="white")
        top = float(designs["cost"].max())
        steps = sorted({_round_cost(top * f) for f in (0.25, 0.5, 1.0)})
        handles = [
            left.scatter([], [], s=30 + scale * v, c=PALETTE["muted"], edgecolors="white")
            for v in steps
        ]
        left.legend(
            handles,
            [t("designs_size_item", lang, value=number(v / 1e6, lang)) for v in steps],
            title=t("designs_size_title", lang),
            frameon=False,
            fontsize=7,
            title_fontsize=7,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.18),
            ncols=len(steps),
        )
    else:
        left.scatter(diff, y, s=60, c=colors, zorder=3)
    left.annotate(
        t("designs_reference", lang),
        (0, y[0]),
        textcoords="offset points",
        xytext=(6, 6),
        fontsize=7,
        color="#555555",
    )
    span = np.nanmax(np.abs(np.concatenate([low, high, [0.0]])))
    left.set_xlim(-1.25 * span, 1.25 * span)
    left.set_yticks(y, names, fontsize=8)
    left.set_ylim(-0.7, n - 0.3)
    unit = t("sel_unit_skp" if designs.attrs.get("scale", "skp") == "skp" else "sel_unit_sd", lang)
    left.set_xlabel(t("designs_perf_axis", lang, unit=unit), fontsize=8)

    hidden_any = False
    drawn = False
    markers = {"gender": "o", "origin": "s"}
    for offset, group in zip((0.12, -0.12), FAIRNESS_GROUPS, strict=True):
        column = f"min_impact_ratio_{group}"
        if column not in designs:
            continue
        drawn = True
        hidden = (designs[f"impact_min_selected_{group}"] < small_cell_min) | (
            designs[f"impact_min_n_{group}"] < small_cell_min
        )
        hidden_any |= bool(hidden.any())
        keep = ~hidden.to_numpy()
        ratio = designs[column].to_numpy(float)[keep]
        rlow = designs[f"impact_ci_low_{group}"].to_numpy(float)[keep]
        rhigh = designs[f"impact_ci_high_{group}"].to_numpy(float)[keep]
        right.errorbar(
            ratio,
            y[keep] + offset,
            xerr=np.nan_to_num(np.vstack([ratio - rlow, rhigh - ratio])),
            fmt=markers[group],
            color=PALETTE["third"] if group == "gender" else PALETTE["main"],
            capsize=2,
            markersize=5,
            label=group_label(group, None, lang),
        )
    right.axvline(rules.FOUR_FIFTHS, color=PALETTE["alert"], linestyle="--", linewidth=1)
    right.text(
        rules.FOUR_FIFTHS,
        n - 0.35,
        " " + t("four_fifths", lang),
        color=PALETTE["alert"],
        fontsize=7,
        va="bottom",
    )
    right.set_xlabel(t("designs_ratio_axis", lang), fontsize=8)
    if drawn:
        right.legend(
            frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.18), ncols=2
        )
    else:  # no group recorded: say so in the panel rather than leave it empty
        right.text(
            0.5, 0.5, textwrap.fill(t("designs_ratio_none", lang), 34), transform=right.transAxes,
            ha="center", va="center", fontsize=8, color="#555555", zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 4},
        )  # fmt: skip
    right.tick_params(axis="y", left=False)
    note = suppressed_note(hidden_any, lang, small_cell_min)
    return finish(fig, None, ds, t("designs_title", lang), lang, note, w_pad=1.5)


def _round_cost(value: float) -> float:
    """A round number of rupiah near ``value`` for the size legend (1, 2 or 5 x 10^k).

    >>> _round_cost(2_047_250_000), _round_cost(760_000_000)
    (2000000000.0, 500000000.0)
    """
    if value <= 0:
        return 0.0
    power = 10 ** np.floor(np.log10(value))
    step = max(s for s in (1, 2, 5) if s * power <= value)
    return float(step * power)
