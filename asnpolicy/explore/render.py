"""What the panels show: each effect as HTML in the page's language and number format, its
numbers in ``<span class="ap-value" data-key=...>`` so a test (or a browser) can read them,
and the quality-vs-fairness figure."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import rules
from ..narrative import claims
from ..narrative import outcomes as outcome_words
from ..narrative import workforce as workforce_words
from ..narrative.common import format_interval
from ..narrative.guard import Missing
from ..narrative.page import show
from ..narrative.selection import GROUP_KEYS, hidden_ratio, weights_text
from ..narrative.text import join_and, number, t
from ..privacy import mark
from .budget import BudgetEffect
from .remedial import RemedialEffect
from .selection import SelectionEffect

__all__ = [
    "IMPACT_GROUPS",
    "budget_html",
    "budget_values",
    "displayed_values",
    "missing_html",
    "QualityFairnessFigure",
    "remedial_html",
    "remedial_values",
    "selection_html",
]

#: Applicant groups whose four-fifths ratio the selection panel shows.
IMPACT_GROUPS = ("gender", "origin")
#: The panels' own look in JupyterLab, where the reports' style sheet is absent: cells apart,
#: numbers right-aligned, notes grey, an "outside the rules" line marked.
STYLE = """<style>
.ap-view table {border-collapse: collapse; margin: 0.4em 0 0.8em; font-size: 0.92em}
.ap-view th, .ap-view td {padding: 3px 10px; vertical-align: top; text-align: left}
.ap-view th {border-bottom: 1px solid #999}
.ap-view td {border-bottom: 1px solid #e4e4e4}
.ap-view td.num, .ap-view th.num {text-align: right; white-space: nowrap}
.ap-view p {margin: 0.35em 0; line-height: 1.45}
.ap-view .ap-note {color: #555; font-size: 0.92em}
.ap-view .ap-out-of-rules {border-left: 4px solid #c0392b; padding-left: 8px}
.ap-view .ap-missing {border-left: 4px solid #888; padding-left: 8px}
.ap-view h4 {margin: 0.9em 0 0.3em}
</style>
"""
_MILLION = 1e6


def _value(key: str, text: str) -> str:
    return f'<span class="ap-value" data-key="{html.escape(key)}">{html.escape(text)}</span>'


def _hidden_value(key: str, text: str) -> str:
    """A marked value not shown in the sentence (its sentence is left out), kept for readers
    of the values."""
    return _value(key, text).replace(">", " hidden>", 1)


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{text}</p>' if cls else f"<p>{text}</p>"


def _count(n: int, lang: str, small_cell_min: int) -> str:
    """A count of people, hidden when it is 1 to ``small_cell_min - 1``."""
    return mark(small_cell_min) if 0 < n < small_cell_min else number(n, lang)


def _signed(value: float, low: float, high: float, lang: str, decimals: int) -> str:
    sign = "+" if value > 0 and round(value, decimals) != 0 else ""
    return sign + format_interval(value, low, high, lang, decimals)


def _decimals(table: pd.DataFrame) -> int:
    return 3 if table.attrs.get("scale", "skp") == "skp" else 2


def _expected(table: pd.DataFrame) -> str:
    return "expected_skp" if "expected_skp" in table else "expected_z"


def _impact_hidden(row: pd.Series, group: str, small_cell_min: int) -> bool:
    """Whether a design's four-fifths ratio rests on too few people to show (the rule of
    report 02: :func:`asnpolicy.narrative.selection.hidden_ratio`)."""
    return bool(hidden_ratio(row.to_frame().T, group, small_cell_min).iloc[0])


def _impact_text(row: pd.Series, group: str, lang: str, small_cell_min: int) -> str:
    if f"min_impact_ratio_{group}" not in row or pd.isna(row[f"min_impact_ratio_{group}"]):
        return "-"
    if _impact_hidden(row, group, small_cell_min):
        return mark(small_cell_min)
    return format_interval(
        row[f"min_impact_ratio_{group}"],
        row[f"impact_ci_low_{group}"],
        row[f"impact_ci_high_{group}"],
        lang,
    )


def _money(value: float, lang: str) -> str:
    return number(value / _MILLION, lang, 1) if pd.notna(value) else "-"


def displayed_values(
    effect: SelectionEffect, *, lang: str = "id", small_cell_min: int = 5
) -> dict[str, str]:
    """Every number the selection panel shows for ``effect``, by key, as shown.

    Keys: ``rules`` (``dalam``/``luar`` words: within or outside the rules),
    ``hires_changed``, ``hires``, ``formasi_changed``, ``formasi_evaluated``,
    ``expected_official`` / ``expected_scenario`` (with their 95 % intervals),
    ``difference`` (scenario minus official, paired interval), ``impact_<group>_official`` /
    ``impact_<group>_scenario`` (lowest four-fifths ratio with its interval; hidden under
    ``small_cell_min``), and with costs ``cost_official`` / ``cost_scenario`` /
    ``cost_per_hire_official`` / ``cost_per_hire_scenario`` (Rp million) and ``utility``
    (Rp million with its interval).
    """
    table = effect.table
    decimals = _decimals(table)
    expected = _expected(table)
    values = {
        "rules": t("ex_rules_ok" if not effect.breaks else "ex_rules_out", lang, reasons="").split(
            ":"
        )[0],
        "hires_changed": _count(effect.hires_changed, lang, small_cell_min),
        "hires": number(effect.hires, lang),
        "formasi_changed": number(len(effect.formasi_changed), lang),
        "formasi_evaluated": number(effect.formasi_evaluated, lang),
    }
    for name, row in (("official", effect.official), ("scenario", effect.scenario)):
        values[f"expected_{name}"] = format_interval(
            row[expected], row["ci_low"], row["ci_high"], lang, decimals
        )
        for group in IMPACT_GROUPS:
            values[f"impact_{group}_{name}"] = _impact_text(row, group, lang, small_cell_min)
        if "cost" in table:
            values[f"cost_{name}"] = _money(row["cost"], lang)
            values[f"cost_per_hire_{name}"] = _money(row["cost_per_hire"], lang)
    row = effect.scenario
    values["difference"] = _signed(
        row["difference"], row["diff_ci_low"], row["diff_ci_high"], lang, decimals
    )
    if "utility" in table:
        values["utility"] = format_interval(
            row["utility"] / _MILLION,
            row["utility_ci_low"] / _MILLION,
            row["utility_ci_high"] / _MILLION,
            lang,
            1,
        )
    return values


def missing_html(missing: Missing, lang: str, hint: str | None = None) -> str:
    """The one sentence of a :class:`~asnpolicy.narrative.guard.Missing`, and a hint."""
    text = _p(html.escape(missing.sentence(lang)), "ap-missing")
    return STYLE + text + (_p(html.escape(hint), "ap-hint") if hint else "")


def _titles(effect: SelectionEffect, lang: str, limit: int = 8) -> str:
    names = [effect.titles.get(f, f) for f in effect.formasi_changed]
    unique = list(dict.fromkeys(names))
    shown = unique[:limit]
    if len(unique) > limit:
        shown.append(t("ex_more", lang, n=number(len(unique) - limit, lang)))
    return html.escape(join_and(shown, lang))


def selection_html(
    effect: SelectionEffect,
    *,
    lang: str = "id",
    small_cell_min: int = 5,
    tenure_years: float = 20.0,
) -> str:
    """The selection panel's text and table for ``effect``."""
    v = displayed_values(effect, lang=lang, small_cell_min=small_cell_min)
    table = effect.table
    parts = []
    if effect.breaks:
        reasons = join_and([t(f"ex_break_{b}", lang) for b in effect.breaks], lang)
        parts.append(
            _p(
                html.escape(t("ex_rules_out", lang, reasons=reasons)).replace(
                    html.escape(v["rules"]), _value("rules", v["rules"]), 1
                ),
                "ap-out-of-rules",
            )
        )
    else:
        text = html.escape(t("ex_rules_ok", lang))
        parts.append(_p(text.replace(html.escape(v["rules"]), _value("rules", v["rules"]), 1)))
    if effect.hires_changed:
        parts.append(
            _p(
                t(
                    "ex_hires_changed",
                    lang,
                    changed=_value("hires_changed", v["hires_changed"]),
                    hires=_value("hires", v["hires"]),
                    formasi=_value("formasi_changed", v["formasi_changed"]),
                    evaluated=_value("formasi_evaluated", v["formasi_evaluated"]),
                )
            )
        )
        parts.append(_p(t("ex_formasi_changed_list", lang, titles=_titles(effect, lang))))
    else:
        parts.append(
            _p(
                t(
                    "ex_hires_same",
                    lang,
                    evaluated=_value("formasi_evaluated", v["formasi_evaluated"]),
                )
                + _hidden_value("hires_changed", v["hires_changed"])
            )
        )
    row = effect.scenario
    if effect.hires_changed == 0:  # the same hires: no difference to weigh, only cost
        hidden = _hidden_value("difference", v["difference"])
        same_skd = "skd_weight" not in effect.breaks  # the integration rule's SKD weight
        same = effect.official["skb_weights"] == row["skb_weights"] and same_skd
        if same:  # one sentence: the design is the official one
            parts[-1] = _p(t("ex_same_design", lang) + hidden + _hidden_counts(v))
        else:
            cost = row.get("cost_difference", 0.0)
            parts.append(_p(t("ex_same_hires_cost", lang, cost=_money(abs(cost), lang)) + hidden))
        parts.append(_design_table(effect, v, lang))
        parts.append(_p(html.escape(_basis(effect, lang)), "ap-note"))
        return STYLE + "\n".join(parts)
    unit = t("ex_unit_skp" if table.attrs.get("scale", "skp") == "skp" else "ex_unit_sd", lang)
    verdict = claims.change_verdict(row["diff_ci_low"], row["diff_ci_high"])
    key = {"rose": "ex_diff_higher", "fell": "ex_diff_lower"}.get(str(verdict), "ex_diff_unclear")
    parts.append(_p(t(key, lang, diff=_value("difference", v["difference"]), unit=unit)))
    parts.append(_impact_sentences(row, lang, small_cell_min))
    if "utility" in table:
        sentence = t(
            "ex_utility",
            lang,
            years=number(tenure_years, lang),
            value=_value("utility", v["utility"]),
        )
        if not claims.excludes(row["utility_ci_low"], row["utility_ci_high"]):
            sentence += " " + t("ex_utility_unclear", lang)
        parts.append(_p(sentence))
    elif "cost" in table:
        parts.append(_p(t("ex_utility_missing", lang)))
    parts.append(_design_table(effect, v, lang))
    parts.append(_p(html.escape(_basis(effect, lang)), "ap-note"))
    if not effect.choice.published_validities:
        parts.append(_p(html.escape(t("ex_panel_records_note", lang)), "ap-note"))
    return STYLE + "\n".join(parts)


def _hidden_counts(v: Mapping[str, str]) -> str:
    """The counts of the sentence a same design does not need, kept for readers of values."""
    return "".join(_hidden_value(k, v[k]) for k in ("hires_changed", "formasi_evaluated"))


def _integration_skd(effect: SelectionEffect) -> float:
    """The SKD weight of the integration rule (a design without its own SKD weight uses it)."""
    year = effect.choice.year or max(rules.INTEGRATION)
    return rules.integration_rule(year).skd_weight


def _impact_sentences(row: pd.Series, lang: str, small_cell_min: int) -> str:
    out = []
    for group in IMPACT_GROUPS:
        if f"min_impact_ratio_{group}" not in row or pd.isna(row[f"min_impact_ratio_{group}"]):
            continue
        name = t(GROUP_KEYS[group], lang)
        if _impact_hidden(row, group, small_cell_min):
            ratio = _value(f"impact_{group}_scenario", mark(small_cell_min))
            out.append(t("ex_impact_hidden", lang, group=name, ratio=ratio, min=small_cell_min))
            continue
        verdict = claims.ratio_verdict(
            row[f"impact_ci_low_{group}"], row[f"impact_ci_high_{group}"]
        )
        key = {"adverse": "ex_impact_adverse", "none": "ex_impact_none"}.get(
            str(verdict), "ex_impact_uncertain"
        )
        ratio = _value(f"impact_{group}_scenario", _impact_text(row, group, lang, small_cell_min))
        out.append(t(key, lang, group=name, ratio=ratio))
    return _p(" ".join(out)) if out else ""


def _basis(effect: SelectionEffect, lang: str) -> str:
    table = effect.table
    boots = number(table.attrs.get("n_boot", 0), lang)
    if table.attrs.get("scale", "skp") == "skp":
        return t(
            "ex_basis_records", lang, n=number(int(table["n_model"].iloc[0]), lang), boots=boots
        )
    panel = effect.choice.panel or "internal"
    return t("ex_basis_published", lang, panel=t(f"ex_panel_{panel}", lang), boots=boots)


def _design_table(effect: SelectionEffect, v: Mapping[str, str], lang: str) -> str:
    table = effect.table
    scale = table.attrs.get("scale", "skp")
    names = [t("design_official", lang), t("ex_design_scenario", lang)]
    columns = {
        t("ex_col_design", lang): names,
        t("ex_col_weights", lang): [weights_text(w, lang) for w in table["skb_weights"]],
        t("ex_col_skd", lang): [
            f"{number(100 * (w if pd.notna(w) else _integration_skd(effect)), lang)} %"
            for w in table["skd_weight"]
        ],
        t("ex_col_hires", lang): [number(int(n), lang) for n in table["n_selected"]],
        t("ex_col_expected_skp" if scale == "skp" else "ex_col_expected_sd", lang): [
            _slot("expected_official"),
            _slot("expected_scenario"),
        ],
    }
    for group in IMPACT_GROUPS:
        if f"impact_{group}_official" in v and f"min_impact_ratio_{group}" in table:
            columns[t("ex_col_impact", lang, group=t(GROUP_KEYS[group], lang).lower())] = [
                _slot(f"impact_{group}_official"),
                _slot(f"impact_{group}_table"),
            ]
    if "cost" in table:
        columns[t("ex_col_cost", lang)] = [_slot("cost_official"), _slot("cost_scenario")]
        columns[t("ex_col_cost_per_hire", lang)] = [
            _slot("cost_per_hire_official"),
            _slot("cost_per_hire_scenario"),
        ]
    out = show(pd.DataFrame(columns), lang=lang).to_html()
    for key in re.findall(r"@@(\w+)@@", out):
        # the scenario's four-fifths ratios are marked in its sentence already
        text = v[key.replace("_table", "_scenario")]
        out = out.replace(
            f"@@{key}@@", html.escape(text) if key.endswith("_table") else _value(key, text)
        )
    return out


def _slot(key: str) -> str:
    """A placeholder for a marked value in a table (filled after the table is escaped)."""
    return f"@@{key}@@"


class QualityFairnessFigure:
    """A small figure, built once and redrawn on every update: expected performance (y)
    against the lowest four-fifths ratio (x) of the designs tried (grey), the official design
    (square) and the current one (star), with the four-fifths line.

    Parameters
    ----------
    scale : str
        ``skp`` (expected SKP) or ``sd`` (standard deviations), for the y axis's title.
    lang : str
    """

    def __init__(self, *, scale: str = "skp", lang: str = "id"):
        from matplotlib.figure import Figure
        from matplotlib.ticker import FormatStrFormatter, MaxNLocator

        from ..plots.style import localise_ticks

        self.scale = scale
        fig = Figure(figsize=(5.2, 3.4), dpi=100)
        fig.subplots_adjust(left=0.14, right=0.97, top=0.9, bottom=0.16)
        ax = fig.add_subplot()
        self.tried = ax.scatter([], [], s=22, color="#b8b8b8", label=t("ex_figure_tried", lang))
        self.official = ax.scatter(
            [], [], s=70, marker="s", color="#4c72b0", label=t("ex_figure_official", lang)
        )
        self.current = ax.scatter(
            [], [], s=120, marker="*", color="#dd8452", label=t("ex_figure_current", lang)
        )
        ax.axvline(rules.FOUR_FIFTHS, color="#999999", linestyle="--", linewidth=1)
        ax.text(
            rules.FOUR_FIFTHS, 1.0, " " + t("ex_figure_line", lang),
            transform=ax.get_xaxis_transform(), fontsize=7, va="top", color="#666666",
        )  # fmt: skip
        ax.set_title(t("ex_figure_title", lang), fontsize=10)
        ax.set_xlabel(t("ex_figure_x", lang), fontsize=8)
        ax.set_ylabel(
            t("ex_figure_y_skp" if scale == "skp" else "ex_figure_y_sd", lang), fontsize=8
        )
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.xaxis.set_major_formatter(FormatStrFormatter("%.2f"))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%.3f" if scale == "skp" else "%.2f"))
        localise_ticks(ax, lang)
        ax.legend(fontsize=7, loc="lower left", frameon=False)
        self.fig, self.ax = fig, ax

    def png(
        self,
        tried: Sequence[tuple[float, float]],
        official: tuple[float, float],
        current: tuple[float, float],
    ) -> bytes:
        """The figure with these points, as PNG bytes."""
        points = np.array([*tried, official, current], dtype=float)
        self.tried.set_offsets(np.array(tried, dtype=float).reshape(-1, 2))
        self.official.set_offsets([official])
        self.current.set_offsets([current])
        xs = np.append(points[:, 0], rules.FOUR_FIFTHS)
        ys = points[:, 1]
        pad_x = max(0.02, 0.08 * (xs.max() - xs.min()))
        pad_y = max(0.01, 0.12 * (ys.max() - ys.min()))
        self.ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
        self.ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png")
        return buffer.getvalue()


def budget_values(effect: BudgetEffect, *, lang: str = "id") -> dict[str, str]:
    """The budget panel's totals, as shown: ``need`` (formasi posts needed by the horizon,
    a range where a retirement count is hidden), ``funded`` and ``left``."""
    total = effect.by_unit.attrs["total"]
    return {
        "need": _span(total["need_low"], total["need_high"], lang),
        "funded": _funded_column(pd.DataFrame([total]), lang)[0],
        "left": _span(total["left_low"], total["left_high"], lang),
        "horizon": str(effect.as_of.year + effect.years),
    }


def _funded_column(units: pd.DataFrame, lang: str) -> np.ndarray:
    """Posts funded per row: the number, or where the need is hidden only all or part (as
    the formasi table of report 01 says it: a number could give the need back)."""
    exact = units["planned"].map(lambda x: number(x, lang)).to_numpy(dtype=object)
    words = np.where(
        units["planned"] >= units["need"], t("funded_all", lang), t("funded_part", lang)
    )
    return np.where(units["hidden"] & (units["planned"] > 0), words, exact)


def _span(low: float, high: float, lang: str) -> str:
    if low == high:
        return number(low, lang)
    return f"{number(low, lang)}–{number(high, lang)}"


def budget_html(effect: BudgetEffect, ds, *, lang: str = "id", small_cell_min: int = 5) -> str:
    """The budget panel's totals, the budget's summary, the gap by unit after the plan and
    the top of the plan."""

    v = budget_values(effect, lang=lang)
    parts = [
        _p(
            t(
                "ex_budget_totals",
                lang,
                year=_value("horizon", v["horizon"]),
                need=_value("need", v["need"]),
                funded=_value("funded", v["funded"]),
                left=_value("left", v["left"]),
            )
        )
    ]
    units = effect.by_unit
    # what is left first (by the middle of its range), then the need
    left_mid = (units["left_low"] + units["left_high"]).to_numpy()
    need_mid = (units["need_low"] + units["need_high"]).to_numpy()
    units = units.iloc[np.lexsort((units["name"].to_numpy(), -need_mid, -left_mid))]
    year = v["horizon"]
    short = units[units["left"] > 0]
    if len(short):
        parts.append(
            _p(
                html.escape(
                    t(
                        "ex_units_left",
                        lang,
                        n=number(len(short), lang),
                        largest=short["name"].iloc[0],
                    )
                )
            )
        )
    else:
        parts.append(_p(html.escape(t("ex_units_none_left", lang))))
    shown = pd.DataFrame(
        {
            t("ex_col_unit", lang): units["name"],
            t("col_gap_now", lang): [number(x, lang, 1) for x in units["gap_now"] + 0.0],
            t("ex_col_need_by", lang, year=year): [
                _span(lo, hi, lang)
                for lo, hi in zip(units["need_low"], units["need_high"], strict=True)
            ],
            t("ex_col_funded", lang): _funded_column(units, lang),
            t("ex_col_left", lang): [
                _span(lo, hi, lang)
                for lo, hi in zip(units["left_low"], units["left_high"], strict=True)
            ],
        }
    )
    parts.append(f"<h4>{html.escape(t('ex_units_title', lang))}</h4>")
    head, rest = shown.iloc[:15], shown.iloc[15:]
    table = show(head, rest=rest if len(rest) else None, lang=lang)
    table.rest_label = t("ex_more_units", lang, n=number(len(rest), lang))
    parts.append(table.to_html())
    if units["hidden"].any():
        parts.append(_p(html.escape(t("ex_hidden_note", lang, min=small_cell_min)), "ap-note"))
    parts.append(f"<h4>{html.escape(t('ex_plan_title', lang))}</h4>")
    plan = workforce_words.formasi_table(
        effect.plan,
        ds,
        lang=lang,
        top=15,
        small_cell_min=small_cell_min,
        horizon_end=effect.as_of.year + effect.years,
    )
    keep = [t(k, lang) for k in ("col_unit", "col_title", "col_need", "col_planned")]
    parts.append(show(plan.shown[[c for c in keep if c in plan.shown]], lang=lang).to_html())
    return STYLE + "\n".join(parts)


def remedial_values(effect: RemedialEffect, *, lang: str = "id") -> dict[str, str]:
    """The IKM panel's counts, as shown: units to ``train``, ``uncertain``, ``few`` (not
    judged), ``published`` (a published IKM below the cut), and the ``cut``."""
    status = effect.verdicts["status"]
    values = {s: number(int((status == s).sum()), lang) for s in ("train", "uncertain", "few")}
    values["published"] = number(int((status == "published").sum()), lang)
    values["cut"] = number(effect.choice.cut, lang, 2)
    return values


def remedial_html(effect: RemedialEffect, *, lang: str = "id", small_cell_min: int = 5) -> str:
    """The IKM panel's counts, the units in each group and the verdict table of report 03."""
    v = remedial_values(effect, lang=lang)
    marked = {k: _value(k, x) for k, x in v.items()}
    sentence = t("ex_remedial_totals", lang, **marked)
    for key in ("few", "published"):  # said when there are any, kept (hidden) for readers
        if v[key] != "0":
            sentence += " " + t(f"ex_remedial_{key}", lang, **marked)
        else:
            sentence += _hidden_value(key, v[key])
    parts = [_p(sentence)]
    for status, key in (("train", "ex_list_train"), ("uncertain", "ex_list_uncertain")):
        names = effect.units(status)
        if names:
            parts.append(_p(html.escape(t(key, lang, units=join_and(names, lang)))))
    only = effect.short_only()
    if only:
        parts.append(_p(html.escape(t("ex_list_short_only", lang, units=join_and(only, lang)))))
    elif effect.choice.sample_rule == "report":
        short = effect.triggers[effect.verdicts["short"].fillna(False).to_numpy(bool)]
        if len(short):
            names = join_and(short.sort_values("ikm")["name"].astype(str), lang)
            parts.append(_p(html.escape(t("ex_list_short_report", lang, units=names))))
    table = outcome_words.triggers_table(effect.triggers, lang=lang, small_cell_min=small_cell_min)
    parts.append(f"<h4>{html.escape(t('ex_remedial_table', lang))}</h4>")
    parts.append(show(table, lang=lang).to_html())
    return STYLE + "\n".join(parts)
