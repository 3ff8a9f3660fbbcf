"""The words of notebook 02 (selection outcomes): the summary in sentences and the tables of
selection designs, adverse impact and the decision audit."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..io import Dataset
from ..privacy import SMALL_CELL_MIN, mark
from .common import escape_markdown, format_interval
from .text import number, t

__all__ = ["audit_table", "designs_table", "impact_table", "selection_summary"]


def selection_summary(
    ds: Dataset,
    funnel_table: pd.DataFrame,
    modes: pd.DataFrame,
    reliability: pd.DataFrame,
    designs: pd.DataFrame,
    audit,
    *,
    lang: str = "id",
) -> Markdown:
    """The key numbers of the selection analysis in a few sentences."""
    n = funnel_table.set_index("stage")["n"]
    sentences = [
        t(
            "selection_summary_funnel",
            lang,
            registered=number(n["registered"], lang),
            admin=number(n["administration"], lang),
            tests=number(n["skd"], lang),
            hired=number(n["selected"], lang),
            rate=number(100 * n["selected"] / max(1, n["registered"]), lang, 1) + " %",
        )
    ]
    days = modes[modes["measure"] == "verification_days"].set_index("registration_mode")["mean"]
    if {"online", "offline"} <= set(days.index):
        sentences.append(
            t(
                "selection_summary_online",
                lang,
                online=number(days["online"], lang, 1),
                offline=number(days["offline"], lang, 1),
            )
        )
    if len(reliability):
        panels = "; ".join(
            f"{escape_markdown(r.stage)} {t('panel_' + r.panel, lang)} {number(r.icc1k, lang, 2)}"
            for r in reliability.itertuples(index=False)
        )
        sentences.append(t("selection_summary_panels", lang, panels=panels))
    if designs.empty:
        sentences.append(
            t("selection_summary_designs_none", lang, reason=designs.attrs.get("reason", ""))
        )
    else:
        scale = designs.attrs.get("scale", "skp")
        best = designs.loc[designs["expected_skp" if scale == "skp" else "expected_z"].idxmax()]
        if best["policy"] == designs["policy"].iloc[0]:
            sentences.append(t("selection_summary_official_best", lang))
        else:
            sentences.append(
                t(
                    "selection_summary_designs"
                    if scale == "skp"
                    else "selection_summary_designs_sd",
                    lang,
                    best=escape_markdown(best["policy"]),
                    diff=number(best["difference"], lang, 3),
                )
            )
    sentences.append(
        t(
            "selection_summary_audit",
            lang,
            exceptions=number(len(audit.exceptions), lang),
            inversions=number(int(audit.by_formasi["inversions"].sum()), lang),
        )
    )
    return Markdown(" ".join(sentences))


def designs_table(designs: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """The comparison of selection designs, formatted for reading."""
    if designs.empty:
        return pd.DataFrame({"": [t("designs_none", lang, reason=designs.attrs.get("reason", ""))]})
    yes, no = t("yes", lang), t("no", lang)
    expected = "expected_skp" if "expected_skp" in designs else "expected_z"
    measure = "SKP" if expected == "expected_skp" else "z"
    success = designs.attrs.get("success", "Baik")
    success_label = (
        t("success_column", lang, rating=success)
        if measure == "SKP"
        else t("success_column_sd", lang, base=number(100 * success, lang, 0))
    )
    out = pd.DataFrame(
        {
            t("designs_col_design", lang): designs["policy"],
            t("designs_col_official", lang): designs["official"].map({True: yes, False: no}),
            "n": [number(x, lang) for x in designs["n_selected"]],
            measure: [
                format_interval(m, lo, hi, lang, 3)
                for m, lo, hi in zip(
                    designs[expected], designs["ci_low"], designs["ci_high"], strict=True
                )
            ],
            f"Δ {measure}": [number(d, lang, 3) for d in designs["difference"]],
            success_label: [
                f"{number(100 * m, lang, 1)} % [{number(100 * lo, lang, 1)}; "
                f"{number(100 * hi, lang, 1)}]"
                for m, lo, hi in zip(
                    designs["success_ratio"],
                    designs["success_ci_low"],
                    designs["success_ci_high"],
                    strict=True,
                )
            ],
            t("designs_col_overlap", lang): [
                number(100 * o, lang, 0) + " %" for o in designs["overlap"]
            ],
        }
    )
    for column in [c for c in designs if c.startswith("min_impact_ratio_")]:
        out[column.replace("min_impact_ratio_", "AI ")] = [
            number(v, lang, 2) for v in designs[column]
        ]
    if "cost" in designs:
        out[t("designs_col_cost", lang)] = [number(c / 1e6, lang, 0) for c in designs["cost"]]
    return out


def impact_table(
    ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Adverse impact in the recorded appointments by gender and origin; groups of fewer than
    ``small_cell_min`` applicants or appointees are hidden."""
    from ..fairness import adverse_impact

    hidden = mark(small_cell_min)
    group_col = t("impact_col_group", lang)
    rate_col = t("impact_col_rate", lang)
    ratio_col = t("impact_col_ratio", lang)
    yes, no = t("yes", lang), t("no", lang)
    rows = []
    for group in ("gender", "origin", "registration_mode"):
        result = adverse_impact(ds.applicants, group, selected="hired")
        small = (result["n"] < small_cell_min) | (
            (result["selected"] > 0) & (result["selected"] < small_cell_min)
        )
        for r, hide in zip(result.itertuples(index=False), small, strict=True):
            rows.append(
                {
                    group_col: f"{group}: {r.group}",
                    "n": hidden if hide else number(r.n, lang),
                    rate_col: hidden if hide else f"{number(100 * r.rate, lang, 1)} %",
                    ratio_col: hidden
                    if hide
                    else format_interval(r.impact_ratio, r.ratio_ci_low, r.ratio_ci_high, lang),
                    "< 4/5": "" if hide else (yes if r.adverse_impact else no),
                }
            )
    return pd.DataFrame(rows)


def audit_table(audit, *, lang: str = "id") -> pd.DataFrame:
    """Which SKB weighting reproduces the recorded appointments."""
    return pd.DataFrame(
        {
            t("audit_col_weights", lang): [
                ", ".join(f"{k} {number(100 * v, lang)} %" for k, v in w.items())
                for w in audit.weights_fit["weights"]
            ],
            t("audit_col_formasi", lang): [
                number(100 * v, lang, 1) + " %" for v in audit.weights_fit["formasi_agreeing"]
            ],
            t("audit_col_hires", lang): [
                number(100 * v, lang, 1) + " %" for v in audit.weights_fit["hires_agreeing"]
            ],
        }
    )
