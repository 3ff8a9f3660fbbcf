"""Figures of notebook 03: method validity, method effects, training effects, IKM by unit."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import rules
from ..io import Dataset
from ..narrative.text import label, number, t
from ..privacy import SMALL_CELL_MIN, mark
from .style import (
    PALETTE,
    finish,
    new_figure,
    no_data,
    plain,
    style_axis,
    suppressed_note,
    unit_names,
)

__all__ = [
    "ikm_by_unit",
    "method_effects",
    "training_effects",
    "validity_forest",
]


def validity_forest(validity: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Each selection score's validity for later performance: observed among hires (hollow)
    and corrected for range restriction and criterion unreliability (filled), with 95 %
    intervals."""
    rows = validity.reset_index(drop=True)
    fig, ax = new_figure(9.0, 1.2 + 0.42 * max(len(rows), 2))
    if rows.empty:
        no_data(ax, t("no_data", lang))
        return finish(fig, ax, ds, t("validity_title", lang), lang)
    labels = [
        plain(f"{label('score_' + p, lang, p)} ({r})")
        if rows["region_id"].nunique() > 1
        else plain(label("score_" + p, lang, p))
        for p, r in zip(rows["predictor"], rows["region_id"], strict=True)
    ]
    y = np.arange(len(rows))[::-1]
    for offset, (value, low, high, face, key) in enumerate(
        [
            ("observed", "observed_ci_low", "observed_ci_high", "white", "validity_observed"),
            ("corrected", "ci_low", "ci_high", PALETTE["main"], "validity_corrected"),
        ]
    ):
        yy = y + (0.15 if offset == 0 else -0.15)
        ax.hlines(yy, rows[low], rows[high], color=PALETTE["muted" if offset == 0 else "main"])
        ax.scatter(
            rows[value], yy, s=45, facecolor=face, edgecolor=PALETTE["main"], zorder=3,
            label=t(key, lang),
        )  # fmt: skip
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlabel(t("validity_x", lang))
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return finish(fig, ax, ds, t("validity_title", lang), lang, t("validity_key", lang))


def method_effects(effects: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Adjusted difference in later SKP of each recruitment method from the reference."""
    fig, ax = new_figure(9.0, 1.4 + 0.45 * max(len(effects), 2))
    if effects.empty:
        no_data(ax, effects.attrs.get("reason", t("no_data", lang)))
        return finish(fig, ax, ds, t("effects_title", lang), lang)
    y = np.arange(len(effects))[::-1]
    labels = [
        f"{plain(label('method_' + str(m), lang, str(m)))} (n = {number(n, lang)})"
        for m, n in zip(effects["method"], effects["n"], strict=True)
    ]
    colors = np.where(effects["reference"], PALETTE["muted"], PALETTE["main"])
    ax.hlines(y, effects["ci_low"], effects["ci_high"], color=colors)
    ax.scatter(effects["effect"], y, color=colors, s=50, zorder=3)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlabel(t("effects_x", lang))
    return finish(fig, ax, ds, t("effects_title", lang), lang, t("effects_key", lang))


def training_effects(
    training: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> Figure:
    """Per training provider: the test-score gain (left) and the effect on later SKP (right),
    each with its 95 % interval; a provider resting on fewer than ``small_cell_min``
    employees is hidden in that panel."""
    rows = training.reset_index(drop=True)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10.0, 1.9 + 0.5 * max(len(rows), 2)), dpi=110, sharey=True
    )
    for ax in (left, right):
        style_axis(ax)
    if rows.empty:
        no_data(left, t("no_data", lang))
        right.set_axis_off()
        return finish(fig, None, ds, t("training_title", lang), lang)
    group = rows.columns[0]
    y = np.arange(len(rows))[::-1]
    hidden = False
    panels = [
        (left, "gain", "gain_ci_low", "gain_ci_high", "n_employees", "training_x"),
        (right, "performance_effect", "performance_ci_low", "performance_ci_high",
         "n_switchers", "training_effect_x"),
    ]  # fmt: skip
    for ax, value, low, high, n, xlabel in panels:
        few = rows[n].fillna(0) < small_cell_min
        shown = ~few & rows[value].notna()
        hidden |= bool(few.any())
        ax.hlines(y[shown], rows.loc[shown, low], rows.loc[shown, high], color=PALETTE["main"])
        ax.scatter(rows.loc[shown, value], y[shown], color=PALETTE["main"], s=45, zorder=3)
        for i in np.flatnonzero(~shown.to_numpy()):
            ax.text(0, y[i], mark(small_cell_min) if few.iloc[i] else "-", ha="center",
                    va="center", fontsize=9, color="#555555", zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # fmt: skip
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_xlabel(t(xlabel, lang))
    left.set_yticks(
        y,
        [
            f"{plain(label(f'{group}_{g}', lang, str(g)))} (n = "
            f"{mark(small_cell_min) if n < small_cell_min else number(n, lang)})"
            for g, n in zip(rows[group], rows["n_employees"], strict=True)
        ],
    )
    left.set_title(t("training_gain_panel", lang), loc="left", fontsize=10)
    right.set_title(t("training_effect_panel", lang), loc="left", fontsize=10)
    note = t("training_key", lang)
    extra = suppressed_note(hidden, lang, small_cell_min)
    return finish(
        fig, None, ds, t("training_title", lang), lang, f"{note}. {extra}" if extra else note
    )


BAND_COLORS = {"A": "#d9ead3", "B": "#e8f1f8", "C": "#fdebd0", "D": "#f5d5d0"}


def ikm_by_unit(trend: pd.DataFrame, ds: Dataset, *, lang: str = "id", top: int = 25) -> Figure:
    """Latest IKM of each surveyed unit with its interval and band, and the previous year's
    value (grey) to show the trend; the lowest ``top`` units."""
    latest = trend.sort_values("year").groupby("unit_id").tail(1)
    latest = latest.sort_values("ikm").head(top).iloc[::-1]
    fig, ax = new_figure(9.0, 1.4 + 0.32 * max(len(latest), 3))
    if latest.empty:
        no_data(ax, t("no_data", lang))
        return finish(fig, ax, ds, t("ikm_title", lang), lang)
    low = max(25.0, float(latest["ci_low"].min()) - 3)
    for band in rules.IKM_BANDS:
        ax.axvspan(max(band.lower, low), band.upper, color=BAND_COLORS[band.code], zorder=0)
        if band.upper - max(band.lower, low) >= 2:
            ax.text(
                (max(band.lower, low) + band.upper) / 2, len(latest) - 0.3, band.code,
                ha="center", fontsize=9, color="#555555",
            )  # fmt: skip
    y = np.arange(len(latest))
    names = latest["unit_id"].map(unit_names(ds)).fillna(latest["unit_id"])
    ax.hlines(y, latest["ci_low"], latest["ci_high"], color=PALETTE["main"])
    ax.scatter(latest["ikm"], y, color=PALETTE["main"], s=40, zorder=3, label=t("ikm_latest", lang))
    previous = latest["ikm"] - latest["change"]
    ax.scatter(previous, y, color=PALETTE["muted"], s=25, zorder=2, label=t("ikm_previous", lang))
    ax.set_yticks(y, names)
    ax.set_xlim(low, 100)
    ax.set_ylim(-0.7, len(latest))
    ax.set_xlabel(t("ikm_x", lang))
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return finish(fig, ax, ds, t("ikm_title", lang), lang, t("ikm_key", lang))
