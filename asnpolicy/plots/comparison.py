"""Figures of notebook 04: the regions side by side on each indicator."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import rules
from ..io import Dataset
from ..narrative import comparison
from ..narrative.text import number, t
from ..privacy import SMALL_CELL_MIN, mark
from .style import (
    PALETTE,
    finish,
    new_figure,
    no_data,
    plain,
    style_axis,
    suppressed_note,
)

__all__ = [
    "ROWS_MAX",
    "region_scorecard",
]

#: More regions than this are drawn as one strip of dots per indicator, the highlighted region
#: in colour with its interval, instead of one labelled row per region (a national comparison
#: has 552 regions: a row each would make a figure metres tall that no reader can use).
ROWS_MAX = comparison.MANY_REGIONS


def region_scorecard(
    card: pd.DataFrame,
    ds: Dataset,
    *,
    domain: str,
    region: str | None = None,
    lang: str = "id",
    columns: int = 3,
) -> Figure:
    """One block of :func:`asnpolicy.compare.scorecard` as small multiples: a panel per
    indicator, the regions as rows, each value with its confidence interval (none for a
    census); the highlighted ``region`` in colour and bold, the others grey. Suppressed values
    show as ``<5``, a region without the indicator (a stage it does not use) as "none"."""
    from matplotlib.transforms import blended_transform_factory

    rows = card[card["domain"] == domain]
    title = t("cmp_fig_title", lang, domain=t(f"cmp_domain_{domain}", lang))
    indicators = list(pd.unique(rows["indicator"]))
    regions = list(pd.unique(card["region_id"]))
    if not indicators:
        fig, ax = new_figure(9.0, 3.0)
        no_data(ax, t("no_data", lang))
        return finish(fig, ax, ds, title, lang)
    focus = comparison.highlighted_region(ds, region)
    kinds_differ = comparison.kinds_note(card, ds, lang=lang) is not None
    names = [plain(n) for n in comparison.region_names(ds, regions)]
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    years = card.attrs.get("horizon_years", 5)
    ncols = min(columns, len(indicators))
    nrows = int(np.ceil(len(indicators) / ncols))
    strips = len(regions) > ROWS_MAX
    panel_height = 1.9 if strips else 1.25 + 0.32 * len(regions)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.1 * ncols, 1.3 + panel_height * nrows), dpi=110, squeeze=False
    )
    shown_rows = rows[~rows["suppressed"].fillna(False).astype(bool) & rows["value"].notna()]
    limits = {}  # one x range per unit, so that panels in the same unit compare
    for unit, group in shown_rows.groupby("unit"):
        span = group[["value", "ci_low", "ci_high"]].to_numpy(float)
        left, right = float(np.nanmin(span)), float(np.nanmax(span))
        if unit in ("correlation", "skp_difference", "count", "fte", "hours"):
            left, right = min(left, 0.0), max(right, 0.0)
        pad = 0.12 * (right - left) or 0.5
        limits[unit] = (left - pad, right + pad)
    y = np.arange(len(regions))[::-1]
    lit = np.array([focus is None or r == focus for r in regions])
    if strips:  # every region on one line, spread up and down so that dots do not hide
        y = np.random.default_rng(0).uniform(-0.32, 0.32, len(regions))
        lit = np.array([r == focus for r in regions])
    colors = np.where(lit, PALETTE["main"], PALETTE["muted"])
    for ax, indicator in zip(axes.flat, indicators, strict=False):
        part = rows[rows["indicator"] == indicator].set_index("region_id").reindex(regions)
        unit = str(part["unit"].dropna().iloc[0]) if part["unit"].notna().any() else ""
        scale = 100.0 if unit == "share" else 1.0
        value, low, high = (part[c].to_numpy(float) * scale for c in ("value", "ci_low", "ci_high"))
        secret = part["suppressed"].fillna(False).to_numpy(bool)
        shown = ~secret & ~np.isnan(value)
        ranged = shown & ~np.isnan(low) & ~np.isnan(high)
        style_axis(ax)
        decimals = 1 if unit in ("share", "fte", "days", "applicants_per_post", "hours") else 2
        decimals = 0 if unit == "count" else decimals
        if strips:
            _strip(ax, value, low, high, shown, ranged, lit, y)
            for v in value[shown & lit]:
                ax.annotate(
                    number(v, lang, decimals), (v, float(y[lit][0])), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=7.5, color="#222222",
                )  # fmt: skip
            if lit.any() and not shown[lit].any():  # the highlighted region's value is hidden
                why = hidden if secret[lit].any() else t("cmp_not_available", lang)
                ax.text(
                    0.02, 0.9, f"{plain(ds.region_name(focus))}: {why}",
                    transform=ax.transAxes, fontsize=7.5, color="#555555", style="italic",
                )  # fmt: skip
            ax.set_ylim(-0.6, 0.6)
            ax.set_yticks([])
        else:
            _rows(ax, value, low, high, shown, ranged, lit, y, colors)
            for v, yy, on in zip(value[shown], y[shown], lit[shown], strict=True):
                ax.annotate(
                    number(v, lang, decimals), (v, yy), xytext=(0, 5), textcoords="offset points",
                    ha="center", fontsize=7, color="#333333" if on else "#777777",
                )  # fmt: skip
            spots = blended_transform_factory(ax.transAxes, ax.transData)
            for yy, is_secret in zip(y[~shown], secret[~shown], strict=True):
                ax.text(
                    0.02, yy, hidden if is_secret else t("cmp_not_available", lang),
                    transform=spots, fontsize=7.5, color="#555555", va="center", style="italic",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5}, zorder=4,
                )  # fmt: skip
            ax.set_ylim(-0.6, len(regions) - 0.3)
            ax.set_yticks(y, names, fontsize=8.5)
            for tick, on in zip(ax.get_yticklabels(), lit, strict=True):
                tick.set_fontweight("bold" if on and focus is not None else "normal")
                tick.set_color("#222222" if on else "#666666")
        _x_axis(ax, unit, limits)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlabel(comparison.unit_label(unit, lang), fontsize=8)
        name = comparison.indicator_label(indicator, lang, horizon_years=years)
        if comparison.counts_people(unit) and kinds_differ:
            name += " *"
        ax.set_title(textwrap.fill(name, 36), loc="left", fontsize=9.5, fontweight="bold")
    for ax in list(axes.flat)[len(indicators) :]:
        ax.set_axis_off()
    level = number(100 * card.attrs.get("confidence", 0.95), lang)
    notes = [t("cmp_fig_key", lang, level=level)]
    if strips:
        notes.append(t("cmp_fig_strip", lang, n=number(len(regions), lang, 0)))
    if kinds_differ and rows["unit"].map(comparison.counts_people).any():
        notes.append(t("cmp_fig_size", lang))
    if focus is not None and len(regions) > 1:
        notes.append(t("cmp_fig_focus", lang, region=plain(ds.region_name(focus))))
    if rows["suppressed"].any():
        notes.append(suppressed_note(True, lang, card.attrs.get("small_cell_min", 5)))
    return finish(fig, None, ds, title, lang, " ".join(notes), h_pad=1.6, w_pad=1.4)


def _rows(ax, value, low, high, shown, ranged, lit, y, colors) -> None:
    """A row per region: its value and interval, the highlighted region (``lit``) larger."""
    ax.hlines(y[ranged], low[ranged], high[ranged], colors=colors[ranged], linewidth=2)
    ax.scatter(value[shown], y[shown], c=colors[shown], s=np.where(lit[shown], 46, 30), zorder=3)


def _strip(ax, value, low, high, shown, ranged, lit, y) -> None:
    """Every region's value as a grey dot on one line, the median dashed, the highlighted
    region (``lit``) in colour with its interval."""
    others = shown & ~lit
    ax.scatter(value[others], y[others], s=9, c=PALETTE["muted"], alpha=0.55, linewidths=0)
    if shown.any():
        ax.axvline(float(np.median(value[shown])), color="#333333", linestyle="--", linewidth=1)
    mine = shown & lit
    where = ranged & lit
    ax.hlines(y[where], low[where], high[where], colors=PALETTE["main"], linewidth=2.5, zorder=3)
    ax.scatter(value[mine], y[mine], s=52, c=PALETTE["main"], zorder=4)


def _x_axis(ax, unit: str, limits: dict) -> None:
    """The value axis of a panel: fixed for shares and ICCs, the four-fifths line on impact
    ratios, zero marked where a value can be either side of it, else one range per unit."""
    from matplotlib.transforms import blended_transform_factory

    if unit == "share":
        ax.set_xlim(-6, 106)
    elif unit == "icc":
        ax.set_xlim(0, 1.02)
    elif unit == "ratio":
        top = limits.get(unit, (0, 1.1))[1]
        ax.set_xlim(0, max(1.1, top))
        ax.axvline(rules.FOUR_FIFTHS, color=PALETTE["alert"], linestyle="--", linewidth=1)
        ax.text(
            rules.FOUR_FIFTHS, 1.0, " 4/5", transform=blended_transform_factory(
                ax.transData, ax.transAxes
            ), color=PALETTE["alert"], fontsize=7.5, va="top",
        )  # fmt: skip
    elif unit in limits:
        ax.set_xlim(*limits[unit])
    if unit in ("correlation", "skp_difference", "fte"):
        ax.axvline(0, color="#555555", linewidth=0.8)
