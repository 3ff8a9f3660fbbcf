"""Figures of notebook 02: selection funnel, registration modes, panel reliability and the
design comparison."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import rules
from ..io import Dataset
from ..narrative.text import number, t
from .style import (
    PALETTE,
    finish,
    new_figure,
    no_data,
    plain,
)

__all__ = [
    "design_comparison",
    "panel_reliability",
    "registration_modes",
    "selection_funnel",
]


def selection_funnel(funnel_table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Share of registered applicants reaching each stage, with 95 % intervals."""
    f = funnel_table.iloc[::-1]
    fig, ax = new_figure(9.0, 4.5)
    share = f["rate_from_start"] * 100
    error = np.vstack([share - f["ci_low"] * 100, f["ci_high"] * 100 - share])
    labels = [t(f"stage_{s}", lang) for s in f["stage"]]
    ax.barh(labels, share, xerr=error, color=PALETTE["main"], ecolor="#333333", capsize=3)
    for y, (value, n) in enumerate(zip(share, f["n"], strict=True)):
        ax.text(
            value + 1,
            y,
            f" {number(value, lang, 1)} % (n = {number(n, lang)})",
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, 125)
    ax.set_xlabel(t("funnel_axis", lang))
    return finish(fig, ax, ds, t("funnel_title", lang), lang)


def registration_modes(modes: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Days to verification and document errors, online against offline, with intervals."""
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
        error = np.vstack([rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]])
        ax.bar(
            [t(f"mode_{m}", lang) for m in rows.index],
            rows["mean"],
            yerr=error,
            color=[PALETTE["main"], PALETTE["second"]][: len(rows)],
            capsize=4,
        )
        ax.set_ylabel(t(key, lang))
        ax.spines[["top", "right"]].set_visible(False)
        for x, (value, n) in enumerate(zip(rows["mean"], rows["n"], strict=True)):
            ax.text(
                x,
                value,
                f"{number(value, lang, 1)}\n(n = {number(n, lang)})",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_ylim(0, max(1e-9, float(rows["ci_high"].max())) * 1.35)
    return finish(fig, axes[0], ds, t("modes_title", lang), lang)


def panel_reliability(table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """ICC of one assessor and of the panel mean, by stage and panel type, with intervals."""
    fig, ax = new_figure(9.0, max(3.5, 0.7 * len(table) + 1.5))
    if table.empty:
        ax.text(0.5, 0.5, t("no_panels", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return finish(fig, ax, ds, t("reliability_title", lang), lang)
    labels = [
        f"{s} ({t('panel_' + p, lang)}, n = {number(n, lang)})"
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
    designs: pd.DataFrame, ds: Dataset, *, lang: str = "id", group: str = "origin"
) -> Figure:
    """Expected performance (with intervals) against the lowest impact ratio of each design;
    marker size shows cost when known."""
    fig, ax = new_figure(9.0, 5.5)
    if designs.empty:
        no_data(ax, t("designs_none", lang, reason=designs.attrs.get("reason", "")))
        return finish(fig, ax, ds, t("designs_title", lang), lang)
    x = designs[f"min_impact_ratio_{group}"]
    scale = designs.attrs.get("scale", "skp")
    y = designs["expected_skp" if scale == "skp" else "expected_z"]
    size = (80 + 600 * designs["cost"] / designs["cost"].max()) if "cost" in designs else 120
    colors = np.where(designs["official"], PALETTE["main"], PALETTE["second"])
    ax.errorbar(
        x,
        y,
        yerr=np.vstack([y - designs["ci_low"], designs["ci_high"] - y]),
        fmt="none",
        ecolor="#777777",
        capsize=3,
    )
    ax.scatter(x, y, s=size, c=colors, alpha=0.85, zorder=3)
    for xi, yi, name in zip(x, y, designs["policy"], strict=True):
        ax.annotate(plain(name), (xi, yi), textcoords="offset points", xytext=(8, 6), fontsize=8)
    ax.axvline(rules.FOUR_FIFTHS, color=PALETTE["alert"], linestyle="--", linewidth=1)
    ax.text(
        rules.FOUR_FIFTHS,
        ax.get_ylim()[1],
        " " + t("four_fifths", lang),
        color=PALETTE["alert"],
        fontsize=8,
        va="top",
    )
    ax.set_xlim(min(0.7, float(x.min()) - 0.03), 1.03)
    ax.set_xlabel(t("designs_x", lang))
    ax.set_ylabel(t("designs_y" if scale == "skp" else "designs_y_sd", lang))
    return finish(fig, ax, ds, t("designs_title", lang), lang, t("designs_key", lang))
