"""Figures in one house style: a title, axes with units, a source line, Indonesian or English.

Every function returns a matplotlib ``Figure`` and hides anything resting on fewer than
``small_cell_min`` people (saying so on the figure).
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import rules, workforce
from .errors import printable
from .io import Dataset
from .narrative import comparison
from .narrative.text import label, number, t
from .privacy import SMALL_CELL_MIN, mark

__all__ = [
    "age_pyramid",
    "competency_gaps",
    "design_comparison",
    "ikm_by_unit",
    "method_effects",
    "panel_reliability",
    "plain",
    "region_scorecard",
    "registration_modes",
    "retirement_wave",
    "selection_funnel",
    "staffing_gap_by_unit",
    "training_effects",
    "validity_forest",
]

PALETTE = {
    "main": "#1f5f8b",
    "second": "#e07b39",
    "third": "#6a9f58",
    "muted": "#9aa5b1",
    "alert": "#c0392b",
}
_KIND_GROUP = {
    "jpt_madya": "kind_structural",
    "jpt_pratama": "kind_structural",
    "administrator": "kind_structural",
    "pengawas": "kind_structural",
    "pelaksana": "kind_executor",
}


#: Most characters of a name from the data (a unit, a region, a design) shown on a figure; the
#: tables beside the figure give the name in full.
LABEL_CHARS = 40


def plain(text: object, width: int | None = LABEL_CHARS) -> str:
    r"""Text from the data as a figure shows it: as written, never as math (matplotlib reads
    ``$...$`` as mathtext, and a name such as ``Rp $x`` would stop the figure), on one line
    without control or direction-changing characters, and cut to ``width`` characters.

    Examples
    --------
    >>> plain("Biaya $\\frac{$ 2024")
    'Biaya \\$\\frac{\\$ 2024'
    >>> plain("Dinas Pendidikan dan Kebudayaan Kabupaten Merangin", 20)
    'Dinas Pendidikan da…'
    """
    text = " ".join(printable(text).split())
    if width is not None and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def _style(ax: plt.Axes) -> None:
    """The house style of an axis: no top or right spine, light vertical grid behind."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e8eb", linewidth=0.8)
    ax.set_axisbelow(True)


def _figure(width: float = 9.0, height: float = 5.5) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    _style(ax)
    return fig, ax


def _finish(
    fig: Figure,
    ax: plt.Axes | None,
    ds: Dataset,
    title: str,
    lang: str,
    note: str | None = None,
    **layout,
) -> Figure:
    """Title (over ``ax``, or over the whole figure when ``ax`` is None), source line with
    the note, tight layout (``layout``: more arguments of ``tight_layout``, such as the
    padding between panels)."""
    if ax is None:
        fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    else:
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", pad=12)
    source = t("synthetic_source", lang) if ds.synthetic else plain(ds.source, None)
    line = t("source_line", lang, source=source)
    if note:
        line += ". " + note
    width = int(fig.get_figwidth() * 17)  # characters of 8-point text across the figure
    lines = textwrap.wrap(line, width)
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=8, color="#555555", ha="left", va="bottom")
    bottom = (0.1 + 0.14 * len(lines)) / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom, 1, 1), **layout)
    return fig


def _no_data(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    ax.set_axis_off()


def _suppressed_note(hidden: bool, lang: str, small_cell_min: int) -> str | None:
    """The figure's note that small cells were hidden, when any were."""
    if not hidden:
        return None
    return t("suppressed_note", lang, n=small_cell_min, mark=mark(small_cell_min))


def _unit_names(ds: Dataset) -> pd.Series:
    """Unit names by id, as figure labels (:func:`plain`)."""
    names = ds.units.set_index("unit_id")["name"]
    return pd.Series([plain(n) for n in names], index=names.index, dtype=object)


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
    fig, ax = _figure(8.5, 6.0)
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
    note = _suppressed_note(hidden, lang, small_cell_min)
    return _finish(fig, ax, ds, t("age_pyramid_title", lang), lang, note)


def staffing_gap_by_unit(
    gap: pd.DataFrame, ds: Dataset, *, lang: str = "id", top: int = 15
) -> Figure:
    """Units with the largest shortages and surpluses (FTE), from :func:`staffing_gap`."""
    units = gap[gap["level"] == "unit"].copy()
    units["name"] = units["unit_id"].map(_unit_names(ds))
    short = units.nlargest(top, "gap")
    surplus = units[units["gap"] < 0].nsmallest(max(0, top - len(short[short["gap"] > 0])), "gap")
    chosen = pd.concat([short, surplus]).drop_duplicates("unit_id").sort_values("gap")
    fig, ax = _figure(9.0, max(4.0, 0.38 * len(chosen) + 1.5))
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
    return _finish(fig, ax, ds, t("gap_title", lang), lang)


def retirement_wave(
    projection: pd.DataFrame, ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Figure:
    """Retirements per year by kind of position, from :func:`retirement_projection`."""
    group = projection["kind"].map(_KIND_GROUP).fillna("kind_functional")
    table = (
        projection.groupby([projection["year"], group])["retirements"].sum().unstack(fill_value=0)
    )
    table = table.reindex(
        columns=["kind_structural", "kind_functional", "kind_executor"], fill_value=0
    )
    hidden = ((table > 0) & (table < small_cell_min)).to_numpy().sum()
    shown = table.where(table >= small_cell_min, 0)
    fig, ax = _figure()
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
    note = _suppressed_note(hidden, lang, small_cell_min)
    return _finish(fig, ax, ds, t("retire_title", lang), lang, note)


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
    names = table.index.map(_unit_names(ds))
    fig, ax = _figure(9.0, max(4.0, 0.5 * len(table) + 1.5))
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
    note = _suppressed_note(hidden, lang, small_cell_min)
    return _finish(fig, ax, ds, t("competency_title", lang), lang, note)


def selection_funnel(funnel_table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Share of registered applicants reaching each stage, with 95 % intervals."""
    f = funnel_table.iloc[::-1]
    fig, ax = _figure(9.0, 4.5)
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
    return _finish(fig, ax, ds, t("funnel_title", lang), lang)


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
    return _finish(fig, axes[0], ds, t("modes_title", lang), lang)


def panel_reliability(table: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """ICC of one assessor and of the panel mean, by stage and panel type, with intervals."""
    fig, ax = _figure(9.0, max(3.5, 0.7 * len(table) + 1.5))
    if table.empty:
        ax.text(0.5, 0.5, t("no_panels", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return _finish(fig, ax, ds, t("reliability_title", lang), lang)
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
    return _finish(fig, ax, ds, t("reliability_title", lang), lang)


def design_comparison(
    designs: pd.DataFrame, ds: Dataset, *, lang: str = "id", group: str = "origin"
) -> Figure:
    """Expected performance (with intervals) against the lowest impact ratio of each design;
    marker size shows cost when known."""
    fig, ax = _figure(9.0, 5.5)
    if designs.empty:
        _no_data(ax, t("designs_none", lang, reason=designs.attrs.get("reason", "")))
        return _finish(fig, ax, ds, t("designs_title", lang), lang)
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
    return _finish(fig, ax, ds, t("designs_title", lang), lang, t("designs_key", lang))


def validity_forest(validity: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Each selection score's validity for later performance: observed among hires (hollow)
    and corrected for range restriction and criterion unreliability (filled), with 95 %
    intervals."""
    rows = validity.reset_index(drop=True)
    fig, ax = _figure(9.0, 1.2 + 0.42 * max(len(rows), 2))
    if rows.empty:
        _no_data(ax, t("no_data", lang))
        return _finish(fig, ax, ds, t("validity_title", lang), lang)
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
    return _finish(fig, ax, ds, t("validity_title", lang), lang, t("validity_key", lang))


def method_effects(effects: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> Figure:
    """Adjusted difference in later SKP of each recruitment method from the reference."""
    fig, ax = _figure(9.0, 1.4 + 0.45 * max(len(effects), 2))
    if effects.empty:
        _no_data(ax, effects.attrs.get("reason", t("no_data", lang)))
        return _finish(fig, ax, ds, t("effects_title", lang), lang)
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
    return _finish(fig, ax, ds, t("effects_title", lang), lang, t("effects_key", lang))


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
        _style(ax)
    if rows.empty:
        _no_data(left, t("no_data", lang))
        right.set_axis_off()
        return _finish(fig, None, ds, t("training_title", lang), lang)
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
    extra = _suppressed_note(hidden, lang, small_cell_min)
    return _finish(
        fig, None, ds, t("training_title", lang), lang, f"{note}. {extra}" if extra else note
    )


_BAND_COLORS = {"A": "#d9ead3", "B": "#e8f1f8", "C": "#fdebd0", "D": "#f5d5d0"}


def ikm_by_unit(trend: pd.DataFrame, ds: Dataset, *, lang: str = "id", top: int = 25) -> Figure:
    """Latest IKM of each surveyed unit with its interval and band, and the previous year's
    value (grey) to show the trend; the lowest ``top`` units."""
    latest = trend.sort_values("year").groupby("unit_id").tail(1)
    latest = latest.sort_values("ikm").head(top).iloc[::-1]
    fig, ax = _figure(9.0, 1.4 + 0.32 * max(len(latest), 3))
    if latest.empty:
        _no_data(ax, t("no_data", lang))
        return _finish(fig, ax, ds, t("ikm_title", lang), lang)
    low = max(25.0, float(latest["ci_low"].min()) - 3)
    for band in rules.IKM_BANDS:
        ax.axvspan(max(band.lower, low), band.upper, color=_BAND_COLORS[band.code], zorder=0)
        if band.upper - max(band.lower, low) >= 2:
            ax.text(
                (max(band.lower, low) + band.upper) / 2, len(latest) - 0.3, band.code,
                ha="center", fontsize=9, color="#555555",
            )  # fmt: skip
    y = np.arange(len(latest))
    names = latest["unit_id"].map(_unit_names(ds)).fillna(latest["unit_id"])
    ax.hlines(y, latest["ci_low"], latest["ci_high"], color=PALETTE["main"])
    ax.scatter(latest["ikm"], y, color=PALETTE["main"], s=40, zorder=3, label=t("ikm_latest", lang))
    previous = latest["ikm"] - latest["change"]
    ax.scatter(previous, y, color=PALETTE["muted"], s=25, zorder=2, label=t("ikm_previous", lang))
    ax.set_yticks(y, names)
    ax.set_xlim(low, 100)
    ax.set_ylim(-0.7, len(latest))
    ax.set_xlabel(t("ikm_x", lang))
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return _finish(fig, ax, ds, t("ikm_title", lang), lang, t("ikm_key", lang))


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
        fig, ax = _figure(9.0, 3.0)
        _no_data(ax, t("no_data", lang))
        return _finish(fig, ax, ds, title, lang)
    focus = comparison.highlighted_region(ds, region)
    names = [plain(n) for n in comparison.region_names(ds, regions)]
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    years = card.attrs.get("horizon_years", 5)
    ncols = min(columns, len(indicators))
    nrows = int(np.ceil(len(indicators) / ncols))
    panel_height = 1.25 + 0.32 * len(regions)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.1 * ncols, 1.3 + panel_height * nrows), dpi=110, squeeze=False
    )
    shown_rows = rows[~rows["suppressed"].fillna(False).astype(bool) & rows["value"].notna()]
    limits = {}  # one x range per unit, so that panels in the same unit compare
    for unit, group in shown_rows.groupby("unit"):
        span = group[["value", "ci_low", "ci_high"]].to_numpy(float)
        left, right = float(np.nanmin(span)), float(np.nanmax(span))
        if unit in ("correlation", "skp_difference", "count", "hours"):
            left, right = min(left, 0.0), max(right, 0.0)
        pad = 0.12 * (right - left) or 0.5
        limits[unit] = (left - pad, right + pad)
    y = np.arange(len(regions))[::-1]
    lit = np.array([focus is None or r == focus for r in regions])
    colors = np.where(lit, PALETTE["main"], PALETTE["muted"])
    for ax, indicator in zip(axes.flat, indicators, strict=False):
        part = rows[rows["indicator"] == indicator].set_index("region_id").reindex(regions)
        unit = str(part["unit"].dropna().iloc[0]) if part["unit"].notna().any() else ""
        scale = 100.0 if unit == "share" else 1.0
        value, low, high = (part[c].to_numpy(float) * scale for c in ("value", "ci_low", "ci_high"))
        secret = part["suppressed"].fillna(False).to_numpy(bool)
        shown = ~secret & ~np.isnan(value)
        ranged = shown & ~np.isnan(low) & ~np.isnan(high)
        _style(ax)
        ax.hlines(y[ranged], low[ranged], high[ranged], colors=colors[ranged], linewidth=2)
        ax.scatter(
            value[shown], y[shown], c=colors[shown], s=np.where(lit[shown], 46, 30), zorder=3
        )
        decimals = 1 if unit in ("share", "days", "applicants_per_post", "hours") else 2
        decimals = 0 if unit == "count" else decimals
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
        if unit in ("correlation", "skp_difference"):
            ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_ylim(-0.6, len(regions) - 0.3)
        ax.set_yticks(y, names, fontsize=8.5)
        for tick, on in zip(ax.get_yticklabels(), lit, strict=True):
            tick.set_fontweight("bold" if on and focus is not None else "normal")
            tick.set_color("#222222" if on else "#666666")
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlabel(comparison.unit_label(unit, lang), fontsize=8)
        name = comparison.indicator_label(indicator, lang, horizon_years=years)
        ax.set_title(textwrap.fill(name, 36), loc="left", fontsize=9.5, fontweight="bold")
    for ax in list(axes.flat)[len(indicators) :]:
        ax.set_axis_off()
    level = number(100 * card.attrs.get("confidence", 0.95), lang)
    notes = [t("cmp_fig_key", lang, level=level)]
    if focus is not None:
        notes.append(t("cmp_fig_focus", lang, region=plain(ds.region_name(focus))))
    if rows["suppressed"].any():
        notes.append(_suppressed_note(True, lang, card.attrs.get("small_cell_min", 5)))
    return _finish(fig, None, ds, title, lang, " ".join(notes), h_pad=1.6, w_pad=1.4)
