"""The words of notebook 03 (recruitment methods, performance and feedback): the summaries in
sentences and the tables of validity, method effects, remedial-training triggers, training and
the merit system."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .. import rules
from ..privacy import SMALL_CELL_MIN, mark
from .common import escape_markdown, format_interval
from .text import label, number, t

__all__ = [
    "effects_table",
    "merit_not_measured",
    "merit_table",
    "outcomes_summary",
    "training_summary",
    "training_table",
    "triggers_table",
    "validity_table",
]


def outcomes_summary(
    validity: pd.DataFrame,
    effects: pd.DataFrame,
    triggers: pd.DataFrame,
    *,
    lang: str = "id",
) -> Markdown:
    """The notebook-03 summary in sentences: which stage predicts performance best, what
    correcting for range restriction changes, how methods compare, which units need help."""
    sentences = []
    if len(validity):
        best = validity.loc[validity["corrected"].idxmax()]
        key = "outcomes_summary_validity" if best["ci_low"] > 0 else "outcomes_summary_unclear"
        sentences.append(
            t(
                key,
                lang,
                stage=label("score_" + best["predictor"], lang, best["predictor"]),
                r=format_interval(best["corrected"], best["ci_low"], best["ci_high"], lang),
                n=number(best["n"], lang),
                observed=number(validity["observed"].mean(), lang, 2),
                corrected=number(validity["corrected"].mean(), lang, 2),
            )
        )
    if len(effects):
        clear = effects[
            ~effects["reference"] & ((effects["ci_low"] > 0) | (effects["ci_high"] < 0))
        ]
        reference = label(
            "method_" + str(effects.loc[effects["reference"], "method"].iloc[0]), lang
        )
        if clear.empty:
            sentences.append(t("outcomes_summary_effects_none", lang, reference=reference))
        else:
            parts = "; ".join(
                f"{escape_markdown(label('method_' + str(r.method), lang, str(r.method)))} "
                f"{format_interval(r.effect, r.ci_low, r.ci_high, lang)}"
                for r in clear.itertuples()
            )
            sentences.append(t("outcomes_summary_effects", lang, parts=parts, reference=reference))
    if len(triggers):
        hit = triggers[triggers["triggered"]]
        sentences.append(
            t(
                "outcomes_summary_triggers",
                lang,
                n=number(len(hit), lang),
                total=number(len(triggers), lang),
                element=_element_name(hit["weakest_element"].mode().iloc[0], lang)
                if len(hit)
                else "-",
                heads=number(int(triggers["head_missed_target"].fillna(False).sum()), lang),
            )
        )
    return Markdown(" ".join(sentences))


def _element_name(code: str, lang: str) -> str:
    """``U3 Waktu penyelesaian``: a survey element's code and its official name in ``lang``
    (:data:`asnpolicy.rules.IKM_ELEMENTS`, Indonesian and English)."""
    names = rules.IKM_ELEMENTS.get(code)
    if names is None:
        return str(code)
    return f"{code.upper()} {dict(zip(('id', 'en'), names, strict=True))[lang]}"


def validity_table(validity: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Observed and corrected validities, formatted for reading."""
    many = validity["region_id"].nunique() > 1 if len(validity) else False
    return pd.DataFrame(
        {
            **({"region": validity["region_id"]} if many else {}),
            t("col_stage", lang): [label("score_" + p, lang, p) for p in validity["predictor"]],
            "n": [number(n, lang) for n in validity["n"]],
            t("validity_observed", lang): [
                format_interval(v, lo, hi, lang)
                for v, lo, hi in zip(
                    validity["observed"],
                    validity["observed_ci_low"],
                    validity["observed_ci_high"],
                    strict=True,
                )
            ],
            "u": [number(u, lang, 2) for u in validity["u"]],
            t("col_criterion_reliability", lang): [
                number(r, lang, 2) for r in validity["criterion_reliability"]
            ],
            t("validity_corrected", lang): [
                format_interval(v, lo, hi, lang)
                for v, lo, hi in zip(
                    validity["corrected"], validity["ci_low"], validity["ci_high"], strict=True
                )
            ],
        }
    )


def effects_table(effects: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Method effects, formatted for reading."""
    if effects.empty:
        return pd.DataFrame({"": [effects.attrs.get("reason", t("no_data", lang))]})
    return pd.DataFrame(
        {
            t("col_method", lang): [
                label("method_" + str(m), lang, str(m)) for m in effects["method"]
            ],
            "n": [number(n, lang) for n in effects["n"]],
            t("col_mean", lang): [number(m, lang, 2) for m in effects["mean"]],
            t("col_effect", lang): [
                "-" if ref else format_interval(e, lo, hi, lang)
                for e, lo, hi, ref in zip(
                    effects["effect"],
                    effects["ci_low"],
                    effects["ci_high"],
                    effects["reference"],
                    strict=True,
                )
            ],
            "d": [number(d, lang, 2) for d in effects["effect_sd"]],
            "p": ["-" if np.isnan(p) else number(p, lang, 3) for p in effects["p_value"]],
        }
    )


def triggers_table(
    triggers: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Units triggered for remedial training (and the rest), formatted; IKM resting on
    fewer than ``small_cell_min`` respondents and staff counts under it are hidden."""
    hidden = mark(small_cell_min)
    yes, no = t("yes", lang), t("no", lang)
    few = triggers["n"] < small_cell_min
    staff_few = triggers["staff_below_expectation"].between(1, small_cell_min - 1)
    reason = {
        "": "",
        "low": t("reason_low", lang),
        "drop": t("reason_drop", lang),
        "low+drop": t("reason_low", lang) + " + " + t("reason_drop", lang),
    }
    return pd.DataFrame(
        {
            t("col_unit_lower", lang): triggers["name"],
            t("col_year", lang): triggers["year"].astype(str),
            "n": [number(n, lang) for n in triggers["n"]],
            t("col_sample", lang): [
                "-"
                if pd.isna(below)
                else t("sample_short", lang, n=number(required, lang))
                if below
                else t("sample_ok", lang)
                for below, required in zip(
                    triggers["below_required"], triggers["required_n"], strict=True
                )
            ],
            "IKM": [
                hidden if f else format_interval(v, lo, hi, lang)
                for v, lo, hi, f in zip(
                    triggers["ikm"], triggers["ci_low"], triggers["ci_high"], few, strict=True
                )
            ],
            t("col_mutu", lang): np.where(few, hidden, triggers["mutu"]),
            t("col_change", lang): [
                "-" if pd.isna(c) else number(c, lang, 2) for c in triggers["change"]
            ],
            t("col_reason", lang): triggers["reason"].map(reason),
            t("col_weakest", lang): [_element_name(e, lang) for e in triggers["weakest_element"]],
            t("col_remedial_staff", lang): np.where(
                staff_few, hidden, triggers["staff_below_expectation"].astype(str)
            ),
            t("col_remedial_kinds", lang): triggers["remedial_kinds"],
            t("col_head_missed", lang): triggers["head_missed_target"]
            .map({True: yes, False: no})
            .fillna("-"),
        }
    )


def training_table(
    training: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Training gain and effect on later SKP per provider (or programme), formatted; a value
    resting on fewer than ``small_cell_min`` employees is hidden."""
    if training.empty:
        return pd.DataFrame({"": [t("no_data", lang)]})
    hidden = mark(small_cell_min)
    group = training.columns[0]
    few_gain = training["n_employees"] < small_cell_min
    few_effect = training["n_switchers"].fillna(0) < small_cell_min

    def interval(value: str, low: str, high: str, few: pd.Series, decimals: int) -> list[str]:
        return [
            hidden if f else "-" if pd.isna(v) else format_interval(v, lo, hi, lang, decimals)
            for v, lo, hi, f in zip(
                training[value], training[low], training[high], few, strict=True
            )
        ]

    return pd.DataFrame(
        {
            t("col_provider", lang): [label(f"{group}_{g}", lang, str(g)) for g in training[group]],
            t("col_participants", lang): [
                hidden if f else number(n, lang)
                for n, f in zip(training["n_employees"], few_gain, strict=True)
            ],
            t("col_gain", lang): interval("gain", "gain_ci_low", "gain_ci_high", few_gain, 1),
            t("col_switchers", lang): [
                hidden if f else number(n, lang)
                for n, f in zip(training["n_switchers"].fillna(0), few_effect, strict=True)
            ],
            t("col_skp_effect", lang): interval(
                "performance_effect", "performance_ci_low", "performance_ci_high", few_effect, 2
            ),
            t("col_good_effect", lang): interval(
                "good_rating_effect", "good_rating_ci_low", "good_rating_ci_high", few_effect, 2
            ),
        }
    )


def training_summary(
    training: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Markdown:
    """One or two sentences: the largest test-score gain, and the providers whose effect on
    later SKP is clear of zero (or that none is yet); groups under ``small_cell_min`` are
    left out."""
    if training.empty:
        return Markdown("")
    group = training.columns[0]
    name = {g: escape_markdown(label(f"{group}_{g}", lang, str(g))) for g in training[group]}
    gains = training[training["n_employees"] >= small_cell_min].dropna(subset=["gain"])
    effects = training[training["n_switchers"].fillna(0) >= small_cell_min].dropna(
        subset=["performance_effect"]
    )
    sentences = []
    if len(gains):
        best = gains.loc[gains["gain"].idxmax()]
        sentences.append(
            t(
                "training_summary_gain",
                lang,
                provider=name[best[group]],
                gain=format_interval(
                    best["gain"], best["gain_ci_low"], best["gain_ci_high"], lang, 1
                ),
                n=number(best["n_employees"], lang),
            )
        )
    clear = effects[(effects["performance_ci_low"] > 0) | (effects["performance_ci_high"] < 0)]
    if len(clear):
        parts = [
            f"{name[g]} {format_interval(v, lo, hi, lang)} (n = {number(n, lang)})"
            for g, v, lo, hi, n in zip(
                clear[group],
                clear["performance_effect"],
                clear["performance_ci_low"],
                clear["performance_ci_high"],
                clear["n_switchers"],
                strict=True,
            )
        ]
        sentences.append(t("training_summary_effects", lang, parts="; ".join(parts)))
    elif len(effects):
        sentences.append(t("training_summary_no_effect", lang))
    return Markdown(" ".join(sentences))


def merit_table(
    merit: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Merit indicators of one or more regions, formatted: shares as percentages with their
    interval, n, and what each rests on; values on fewer than ``small_cell_min`` hidden."""
    hidden = mark(small_cell_min)
    many = merit["region_id"].nunique() > 1 if len(merit) else False
    share = merit["unit"].eq("share").to_numpy()
    values = []
    for v, lo, hi, n, pct in zip(
        merit["value"], merit["ci_low"], merit["ci_high"], merit["n"], share, strict=True
    ):
        if n < small_cell_min or pd.isna(v):
            values.append(hidden if n < small_cell_min else "-")
        elif pct:
            values.append(format_interval(100 * v, 100 * lo, 100 * hi, lang, 0) + " %")
        else:
            values.append(format_interval(v, lo, hi, lang, 2))
    return pd.DataFrame(
        {
            **({t("col_region", lang): merit["region_id"]} if many else {}),
            t("col_aspect", lang): [label("aspect_" + a, lang, a) for a in merit["aspect"]],
            t("col_indicator", lang): [label("merit_" + i, lang, i) for i in merit["indicator"]],
            t("col_value", lang): values,
            "n": [number(n, lang) for n in merit["n"]],
        }
    )


def merit_not_measured(merit: pd.DataFrame, *, lang: str = "id") -> Markdown:
    """One sentence naming the merit aspects the data cannot measure."""
    aspects = [
        label("aspect_" + a, lang, a)
        for a in merit.attrs.get("not_measured", {})
        if a in rules.MERIT_ASPECTS
    ]
    return Markdown(t("merit_not_measured", lang, aspects=", ".join(aspects)) if aspects else "")
