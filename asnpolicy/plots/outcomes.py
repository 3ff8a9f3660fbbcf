"""Figures of notebook 03: method validity, method effects, training effects, IKM by unit."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from .. import outcomes, rules
from ..io import Dataset
from ..narrative.outcomes import effects_caption, effects_reason, remedial_verdicts
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


def method_effects(
    effects: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    kind: str = "panel",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Adjusted difference in later SKP of each recruitment method from the reference; the
    title says whether it is the region's own comparison or pooled across the named regions
    (``names``: display name by region id, in study order)."""
    fig, ax = new_figure(9.0, 1.4 + 0.45 * max(len(effects), 2))
    title = (
        effects_caption(effects, kind=kind, region_name=ds.region_name(), names=names, lang=lang)
        if "regions" in effects.attrs
        else t("effects_title", lang)
    )
    if effects.empty:
        no_data(ax, effects_reason(effects, lang))
        return finish(fig, ax, ds, textwrap.fill(plain(title, None), 58), lang)
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
    title = textwrap.fill(plain(title, None), 85)
    return finish(fig, None, ds, title, lang, t("effects_key", lang))


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


def ikm_by_unit(
    trend: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    top: int = 25,
    small_cell_min: int = SMALL_CELL_MIN,
) -> Figure:
    """Latest IKM of each surveyed unit with its interval and band, and the previous
    survey's value (grey).

    ``trend`` is :func:`asnpolicy.satisfaction.ikm_trend` or
    :func:`asnpolicy.outcomes.feedback_triggers` (with the interval of the change). Every
    unit flagged by its intervals (:func:`asnpolicy.narrative.outcomes.remedial_verdicts`:
    training needed, or uncertain) is shown, marked, plus the lowest other units up to
    ``top`` in all; the figure says how many units it leaves out. An IKM resting on fewer
    than ``small_cell_min`` respondents is hidden (marked)."""
    latest = trend.sort_values("year").groupby("unit_id").tail(1).reset_index(drop=True)
    fig_height = 1.6 + 0.32 * max(min(len(latest), top), 3)
    if latest.empty:
        fig, ax = new_figure(9.0, fig_height)
        no_data(ax, t("no_data", lang))
        return finish(fig, ax, ds, t("ikm_title", lang), lang)
    cut = float(trend.attrs.get("ikm_threshold", outcomes.GOOD_SERVICE_FLOOR))
    status = remedial_verdicts(latest, small_cell_min=small_cell_min)["status"].to_numpy()
    flagged = status != "none"
    others = np.flatnonzero(~flagged)
    room = max(top - int(flagged.sum()), 0)
    keep_others = others[np.argsort(latest["ikm"].to_numpy()[others], kind="stable")][:room]
    keep = np.sort(np.concatenate([np.flatnonzero(flagged), keep_others]))
    left_out = len(latest) - len(keep)
    rows = latest.iloc[keep].assign(status=status[keep]).sort_values("ikm").iloc[::-1]
    rows = rows.reset_index(drop=True)
    fig, ax = new_figure(9.0, 1.6 + 0.32 * max(len(rows), 3))
    few = (pd.to_numeric(rows["n"]) < small_cell_min).fillna(False).to_numpy(bool)
    low = max(25.0, float(rows.loc[~few, "ci_low"].min(skipna=True)) - 3) if (~few).any() else 25
    for band in rules.IKM_BANDS:
        ax.axvspan(max(band.lower, low), band.upper, color=BAND_COLORS[band.code], zorder=0)
        if band.upper - max(band.lower, low) >= 2:
            ax.text(
                (max(band.lower, low) + band.upper) / 2, len(rows) - 0.3, band.code,
                ha="center", fontsize=9, color="#555555",
            )  # fmt: skip
    ax.axvline(cut, color="#555555", linewidth=0.8, linestyle="--",
               label=t("ikm_cut_line", lang, cut=number(cut, lang, 2)))  # fmt: skip
    y = np.arange(len(rows))
    if "name" in rows:  # feedback_triggers names each unit (its id without a units table)
        names = pd.Series([plain(str(n)) for n in rows["name"]], index=rows.index, dtype=object)
    elif ds.units is not None and len(ds.units):
        names = rows["unit_id"].map(unit_names(ds)).astype(object)
    else:
        names = rows["unit_id"].astype(object)
    names = names.where(names.notna(), rows["unit_id"])
    styles = {
        "train": (PALETTE["alert"], PALETTE["alert"], "ikm_train"),
        "uncertain": ("white", PALETTE["alert"], "ikm_uncertain"),
        "published": ("white", PALETTE["muted"], "ikm_published_point"),
        "none": (PALETTE["main"], PALETTE["main"], "ikm_other"),
    }
    shown = ~few
    previous = rows["ikm"] - rows["change"]
    ax.scatter(previous[shown], y[shown], color=PALETTE["muted"], s=25, zorder=2,
               label=t("ikm_previous", lang))  # fmt: skip
    for code, (face, edge, key) in styles.items():
        mask = shown & (rows["status"] == code).to_numpy()
        if not mask.any():
            continue
        ax.hlines(y[mask], rows.loc[mask, "ci_low"], rows.loc[mask, "ci_high"], color=edge)
        ax.scatter(rows.loc[mask, "ikm"], y[mask], facecolor=face, edgecolor=edge, s=40,
                   zorder=3, label=t(key, lang))  # fmt: skip
    for i in np.flatnonzero(few):
        ax.text((low + 100) / 2, y[i], mark(small_cell_min), ha="center", va="center",
                fontsize=9, color="#555555")  # fmt: skip
    ax.set_yticks(y, names)
    ax.set_xlim(low, 100)
    ax.set_ylim(-0.7, len(rows))
    ax.set_xlabel(t("ikm_x", lang))
    below = offset_copy(ax.transAxes, fig=fig, y=-36, units="points")  # under the x label
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.45, 0.0),
              bbox_transform=below, ncol=2)  # fmt: skip
    notes = [t("ikm_key", lang)]
    if left_out:
        notes.append(t("ikm_not_shown", lang, n=number(left_out, lang)))
    hidden = suppressed_note(bool(few.any()), lang, small_cell_min)
    if hidden:
        notes.append(hidden)
    # the title over the whole figure: the unit names take the axis' left
    return finish(fig, None, ds, t("ikm_title", lang), lang, ". ".join(notes))
