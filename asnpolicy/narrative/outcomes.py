"""The words of notebook 03 (recruitment methods, performance and feedback): the summaries in
sentences, the key numbers, the tables of validity, method effects, remedial-training
triggers, training and the merit system (each with its title and its full data for the
workbook), the recommendations and the methods note.

Every claim is worded by its interval through :mod:`asnpolicy.narrative.claims`: a stage is
"the best predictor" only when every paired difference from the others excludes 0; a unit is
below the service-quality cut only when its whole IKM interval is; a fall is "significant"
only when the interval of the change excludes 0; a survey below the Krejcie-Morgan minimum is
said beside its result; a comparison resting on several regions is labelled as pooled.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .. import outcomes, rules
from ..privacy import SMALL_CELL_MIN, mark
from . import claims
from .common import escape_markdown, format_interval
from .guard import Missing, present
from .page import ReportTable, key_numbers, show
from .text import join_and, label, number, t

#: A result of an analysis, or what it lacks (:func:`asnpolicy.narrative.guard.compute`).
Result = pd.DataFrame | Missing

__all__ = [
    "effects_caption",
    "effects_reason",
    "effects_report",
    "effects_table",
    "ikm_trend_sentence",
    "merit_not_measured",
    "merit_report",
    "merit_table",
    "outcomes_key_numbers",
    "outcomes_methods",
    "outcomes_recommendations",
    "outcomes_summary",
    "panel_use_sentence",
    "pooled_note",
    "remedial_verdicts",
    "training_report",
    "training_summary",
    "training_table",
    "triggers_report",
    "triggers_staff_note",
    "triggers_table",
    "validity_report",
    "validity_table",
]

#: Catalogue keys of the position kinds (``rules.POSITION_KINDS``), for the remedial table.
_KIND_KEYS = {
    "jpt_madya": "staff_kind_jpt_madya",
    "jpt_pratama": "staff_kind_jpt_pratama",
    "administrator": "staff_kind_administrator",
    "pengawas": "staff_kind_pengawas",
    "pelaksana": "staff_kind_pelaksana",
    "fungsional_ahli_pertama": "staff_kind_ahli_pertama",
    "fungsional_ahli_muda": "staff_kind_ahli_muda",
    "fungsional_ahli_madya": "staff_kind_ahli_madya",
    "fungsional_ahli_utama": "staff_kind_ahli_utama",
    "fungsional_terampil": "staff_kind_terampil",
}

#: Why a comparison of methods is missing: catalogue key per ``attrs["reason_code"]`` of
#: :func:`asnpolicy.outcomes.compare_methods`.
_REASON_KEYS = {
    "one_method": "effects_reason_one_method",
    "confounded": "effects_reason_confounded",
    "not_estimable": "effects_reason_not_estimable",
}


def _shown(result: Result | None) -> bool:
    """Whether a result was computed (not :class:`~asnpolicy.narrative.guard.Missing`) and
    has rows."""
    return present(result) and len(result) > 0


def _cut(triggers: pd.DataFrame) -> float:
    """The IKM cut the triggers were computed with (band B's lower bound by default)."""
    return float(triggers.attrs.get("ikm_threshold", outcomes.GOOD_SERVICE_FLOOR))


def _names(regions, names: Mapping[str, str] | None) -> str:
    """The regions' display names, in the order of ``names`` (the study order)."""
    names = names or {}
    order = {r: i for i, r in enumerate(names)}
    ordered = sorted(regions, key=lambda r: (order.get(r, len(order)), r))
    return ", ".join(escape_markdown(names.get(r, r)) for r in ordered)


# ------------------------------------------------------------------------------------------
# validity: which stage predicts later performance
# ------------------------------------------------------------------------------------------


def _validity_sentence(validity: pd.DataFrame, lang: str) -> str:
    """The stage with the highest corrected validity, called the best only when every paired
    difference from the other stages excludes 0 (``claims.clearly_highest``)."""
    if "leader" in validity:
        best = validity[validity["leader"].astype(bool)].iloc[0]
    else:
        best = validity.loc[validity["corrected"].idxmax()]
    others = validity[validity["predictor"] != best["predictor"]]
    stage = escape_markdown(label("score_" + best["predictor"], lang, best["predictor"]))
    values = {
        "stage": stage,
        "r": format_interval(best["corrected"], best["ci_low"], best["ci_high"], lang),
        "n": number(best["n"], lang),
    }
    if not claims.excludes(best["ci_low"], best["ci_high"]):
        key = "outcomes_summary_unclear"
    elif "lead_difference_ci_low" in validity and not len(others):
        key = "outcomes_summary_validity_alone"
    elif "lead_difference_ci_low" in validity and claims.clearly_highest(
        others["lead_difference_ci_low"], others["lead_difference_ci_high"]
    ):
        key = "outcomes_summary_validity"
    else:
        close = (
            others[~claims.excludes(others["lead_difference_ci_low"], 0.0)]
            if ("lead_difference_ci_low" in others)
            else others
        )
        values["others"] = "; ".join(
            f"{escape_markdown(label('score_' + p, lang, p))}: "
            f"{t('difference_word', lang)} {format_interval(d, lo, hi, lang)}"
            for p, d, lo, hi in zip(
                close["predictor"],
                close.get("lead_difference", close["corrected"] * np.nan),
                close.get("lead_difference_ci_low", close["corrected"] * np.nan),
                close.get("lead_difference_ci_high", close["corrected"] * np.nan),
                strict=True,
            )
        )
        key = "outcomes_summary_not_separated"
    sentence = t(key, lang, **values)
    return (
        sentence
        + " "
        + t(
            "outcomes_summary_correction",
            lang,
            observed=number(validity["observed"].mean(), lang, 2),
            corrected=number(validity["corrected"].mean(), lang, 2),
        )
    )


# ------------------------------------------------------------------------------------------
# recruitment methods: the region's own panels, the pooled comparison
# ------------------------------------------------------------------------------------------


def panel_use_sentence(
    used: pd.DataFrame,
    effects: pd.DataFrame,
    region: str,
    *,
    region_name: str,
    lang: str = "id",
) -> str:
    """What the region's own data can say about panel types: its recruits per panel type
    and track (:func:`asnpolicy.outcomes.methods_used`), and either its own comparison
    (``effects`` of :func:`asnpolicy.outcomes.compare_methods` on the region alone) or, in
    plain words, that it has none (one panel type, or none at all)."""
    mine = used[used["region_id"] == region]
    name = escape_markdown(region_name)
    if mine.empty:
        return t("panel_use_no_recruits", lang, region=name)
    per_method = mine.groupby("method", sort=False)
    parts = []
    for method, rows in per_method:
        tracks = ", ".join(
            f"{str(tr).upper()} {number(n, lang)}"
            for tr, n in zip(rows["track"], rows["recruits"], strict=True)
        )
        parts.append(f"{escape_markdown(label('method_' + str(method), lang, str(method)))} "
                     f"({tracks})")  # fmt: skip
    values = {"region": name, "parts": "; ".join(parts)}
    if len(effects):
        clear = effects[~effects["reference"].astype(bool)]
        clear = clear[claims.excludes(clear["ci_low"], clear["ci_high"])]
        reference = label(
            "method_" + str(effects.loc[effects["reference"], "method"].iloc[0]), lang
        )
        values["reference"] = escape_markdown(reference)
        if clear.empty:
            return t("panel_use_compared_none", lang, **values)
        values["effects"] = "; ".join(
            f"{escape_markdown(label('method_' + str(m), lang, str(m)))} "
            f"{format_interval(e, lo, hi, lang)}"
            for m, e, lo, hi in zip(clear["method"], clear["effect"], clear["ci_low"],
                                    clear["ci_high"], strict=True)
        )  # fmt: skip
        return t("panel_use_compared", lang, **values)
    panels = set(mine["method"]) - {"none"}
    if not panels:
        return t("panel_use_no_panel", lang, **values)
    return t("panel_use_one_type", lang, **values)


def pooled_note(
    effects: pd.DataFrame,
    region: str,
    *,
    names: Mapping[str, str] | None = None,
    used: pd.DataFrame | None = None,
    lang: str = "id",
) -> Markdown:
    """The label and caveat of a comparison of panel types resting on several regions: it
    compares regions (each region sets its panel type), which differ in more than their
    panels; and, when this page's region used no panel or only one, that the comparison is
    not its own result."""
    regions = list(effects.attrs.get("regions", []))
    if not claims.pooled(regions):
        return Markdown("")
    sentences = [
        t(
            "pooled_note",
            lang,
            k=number(len(regions), lang),
            regions=_names(regions, names),
            region=escape_markdown((names or {}).get(region, region)),
        )
    ]
    if used is not None and len(effects):
        mine = set(used.loc[used["region_id"] == region, "method"]) - {"none"}
        if not mine:
            sentences.append(
                t(
                    "pooled_note_no_panel",
                    lang,
                    region=escape_markdown((names or {}).get(region, region)),
                )
            )
    return Markdown(" ".join(sentences))


def effects_table(effects: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Method effects, formatted for reading; when there are none, why (in ``lang``)."""
    if effects.empty:
        return pd.DataFrame({"": [effects_reason(effects, lang)]})
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


def effects_reason(effects: pd.DataFrame, lang: str = "id") -> str:
    """Why a comparison of methods is missing, in ``lang`` (not the analysis' English)."""
    code = effects.attrs.get("reason_code", "not_estimable")
    return t(_REASON_KEYS.get(code, "effects_reason_not_estimable"), lang)


def effects_caption(
    effects: pd.DataFrame,
    *,
    kind: str = "panel",
    region_name: str = "",
    names: Mapping[str, str] | None = None,
    lang: str = "id",
) -> str:
    """The title of a method comparison: the region's own, or pooled across the named
    regions (a comparison of regions) when it rests on several
    (``attrs["regions"]`` of :func:`asnpolicy.outcomes.compare_methods`)."""
    regions = list(effects.attrs.get("regions", []))
    subject = t("effects_by_panel" if kind == "panel" else "effects_by_mode", lang)
    if claims.pooled(regions):
        return t("effects_title_pooled", lang, subject=subject, regions=_names(regions, names))
    return t("effects_title_own", lang, subject=subject, region=region_name)


def effects_report(
    effects: pd.DataFrame,
    *,
    kind: str = "panel",
    region_name: str = "",
    names: Mapping[str, str] | None = None,
    lang: str = "id",
) -> ReportTable:
    """The method-effects table with its title (pooled across the named regions when it
    rests on several) and its raw numbers for the workbook."""
    title = effects_caption(effects, kind=kind, region_name=region_name, names=names, lang=lang)
    table = effects_table(effects, lang=lang)
    if effects.empty:
        return show(table, title=title, lang=lang)
    data = pd.DataFrame(
        {
            t("col_method", lang): table.iloc[:, 0],
            "n": effects["n"].to_numpy(),
            t("col_mean", lang): effects["mean"].to_numpy(float),
            t("col_effect", lang): np.where(effects["reference"], np.nan, effects["effect"]),
            t("col_lower_bound", lang): np.where(effects["reference"], np.nan, effects["ci_low"]),
            t("col_upper_bound", lang): np.where(effects["reference"], np.nan, effects["ci_high"]),
            "d": effects["effect_sd"].to_numpy(float),
            "p": effects["p_value"].to_numpy(float),
        }
    )
    return show(table, title=title, data=data, lang=lang)


# ------------------------------------------------------------------------------------------
# citizen satisfaction: which units need remedial training
# ------------------------------------------------------------------------------------------

#: Order of the remedial statuses on the page: certain triggers, then uncertain, then none.
_STATUS_ORDER = {"train": 0, "uncertain": 1, "published": 2, "few": 3, "none": 4}


def remedial_verdicts(triggers: pd.DataFrame, *, small_cell_min: int = 0) -> pd.DataFrame:
    """Each surveyed unit's verdicts, from its intervals (:mod:`~asnpolicy.narrative.claims`).

    Parameters
    ----------
    triggers : DataFrame
        :func:`asnpolicy.outcomes.feedback_triggers`.
    small_cell_min : int
        A unit with fewer respondents gets the status ``few``: its IKM is hidden on the page,
        so it is not judged from it (0: every unit is judged).

    Returns
    -------
    DataFrame
        Same index as ``triggers``: ``band`` (``claims.side_of_cut`` of the IKM interval at
        the cut: ``below``, ``uncertain``, ``above``, ``unknown``), ``change``
        (``claims.change_verdict`` of the interval of the change: ``fell``, ``rose``,
        ``flat``, ``unknown``), ``short`` (``claims.below_minimum``: fewer respondents than
        the Krejcie-Morgan minimum; missing when the minimum is unknown) and ``status``:
        ``train`` (the whole IKM interval below the cut, or a fall whose interval excludes
        0), ``uncertain`` (not ``train``, and the IKM interval straddles the cut: survey
        again before deciding), ``few`` (fewer than ``small_cell_min`` respondents, or, when
        the triggers were computed with ``sample_rule="require"``, fewer than the
        Krejcie-Morgan minimum: survey again), ``none``.
    """
    cut = _cut(triggers)
    band = claims.side_of_cut(triggers["ci_low"], triggers["ci_high"], cut)
    low = triggers.get("change_ci_low", pd.Series(np.nan, index=triggers.index))
    high = triggers.get("change_ci_high", pd.Series(np.nan, index=triggers.index))
    change = claims.change_verdict(low, high)
    required = pd.to_numeric(
        triggers.get("required_n", pd.Series(np.nan, index=triggers.index)), errors="coerce"
    ).astype(float)
    short = pd.Series(
        claims.below_minimum(triggers["n"], required.fillna(0)), index=triggers.index
    ).astype("boolean")
    short[required.isna().to_numpy()] = pd.NA
    few = (pd.to_numeric(triggers["n"]) < small_cell_min).fillna(False).to_numpy(bool)
    if triggers.attrs.get("sample_rule") == "require":
        few = few | short.fillna(False).to_numpy(bool)
    # a published IKM (no responses) has no interval: below the cut it is never a certain
    # trigger; its status ``published`` asks for the answers before deciding
    published = triggers.get("source", pd.Series("", index=triggers.index)) == "published"
    published = published.fillna(False).to_numpy(bool)
    point_below = (pd.to_numeric(triggers["ikm"]) < cut).fillna(False).to_numpy(bool)
    band = np.where(published, "published", band)
    status = np.select(
        [
            published & point_below,
            published,
            few,
            (band == "below") | (change == "fell"),
            band == "uncertain",
        ],
        ["published", "none", "few", "train", "uncertain"],
        "none",
    )
    return pd.DataFrame(
        {"band": band, "change": change, "short": short, "status": status}, index=triggers.index
    )


def _ordered(triggers: pd.DataFrame, small_cell_min: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Triggers and their verdicts, certain triggers first, then uncertain, then units with
    too few respondents, then the rest, lowest IKM first within each."""
    verdicts = remedial_verdicts(triggers, small_cell_min=small_cell_min)
    order = verdicts["status"].map(_STATUS_ORDER).to_numpy()
    position = np.lexsort((triggers["ikm"].to_numpy(float), order))
    return (
        triggers.iloc[position].reset_index(drop=True),
        verdicts.iloc[position].reset_index(drop=True),
    )


#: Catalogue keys of the band and change verdicts (``claims.side_of_cut``,
#: ``claims.change_verdict``) in the remedial table.
_BAND_KEYS = {
    "published": "band_verdict_published",
    "below": "band_verdict_below",
    "uncertain": "band_verdict_uncertain",
    "above": "band_verdict_above",
}
_CHANGE_KEYS = {
    "fell": "change_verdict_fell",
    "rose": "change_verdict_rose",
    "flat": "change_verdict_flat",
}


def _band_words(band: str, mutu: str, cut: float, lang: str) -> str:
    if band not in _BAND_KEYS:
        return "-"
    return t(_BAND_KEYS[band], lang, mutu=mutu, cut=number(cut, lang, 2))


def _sample_words(n, required, lang: str) -> str:
    if pd.isna(required):
        return t("sample_unknown", lang, n=number(n, lang))
    key = "sample_short" if claims.below_minimum(n, required) else "sample_ok"
    return t(key, lang, n=number(n, lang), required=number(required, lang))


def _change_words(verdict: str, change, low, high, lang: str) -> str:
    if verdict == "unknown":
        return t("change_first", lang) if pd.isna(change) else number(change, lang, 2)
    return t(_CHANGE_KEYS[verdict], lang, change=format_interval(change, low, high, lang))


def _action_words(status: str, band: str, change: str, lang: str) -> str:
    if status == "train":
        reasons = [t("reason_low", lang)] if band == "below" else []
        reasons += [t("reason_drop", lang)] if change == "fell" else []
        return t("action_train", lang, reasons=", ".join(reasons))
    if status == "few":
        return t("action_few", lang)
    if status == "published":
        return t("action_published", lang)
    return t("action_uncertain", lang) if status == "uncertain" else "-"


def triggers_table(
    triggers: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Every surveyed unit in six columns, units to train first, then those whose interval
    straddles the cut (uncertain), then the others: unit, IKM with its interval, the band
    verdict, respondents against the Krejcie-Morgan minimum, the change verdict with its
    interval, and what follows. An IKM resting on fewer than ``small_cell_min`` respondents
    is hidden, and that unit is not judged (survey again)."""
    rows, verdicts = _ordered(triggers, small_cell_min)
    cut = _cut(triggers)
    hidden = mark(small_cell_min)
    few = (rows["n"] < small_cell_min).to_numpy()
    change_low = rows.get("change_ci_low", pd.Series(np.nan, index=rows.index))
    change_high = rows.get("change_ci_high", pd.Series(np.nan, index=rows.index))
    return pd.DataFrame(
        {
            t("col_unit_lower", lang): rows["name"].to_numpy(),
            "IKM": [
                hidden if f else format_interval(v, lo, hi, lang)
                for v, lo, hi, f in zip(
                    rows["ikm"], rows["ci_low"], rows["ci_high"], few, strict=True
                )
            ],  # fmt: skip
            t("col_band_verdict", lang): [
                hidden if f else _band_words(b, m, cut, lang)
                for b, m, f in zip(verdicts["band"], rows["mutu"], few, strict=True)
            ],
            t("col_sample", lang): [
                _sample_words(n, r, lang)
                for n, r in zip(rows["n"], rows["required_n"], strict=True)
            ],
            t("col_change", lang): [
                hidden if f else _change_words(v, c, lo, hi, lang)
                for v, c, lo, hi, f in zip(
                    verdicts["change"], rows["change"], change_low, change_high, few, strict=True
                )
            ],  # fmt: skip
            t("col_reason", lang): [
                _action_words(s, b, c, lang)
                for s, b, c in zip(
                    verdicts["status"], verdicts["band"], verdicts["change"], strict=True
                )
            ],  # fmt: skip
        }
    )


def triggers_report(
    triggers: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> ReportTable:
    """The remedial table for the page: units to train and uncertain units shown, the
    others folded under it; every column of :func:`asnpolicy.outcomes.feedback_triggers` in
    full, with raw numbers, for the workbook (an IKM or a staff count resting on fewer than
    ``small_cell_min`` people stays hidden there too)."""
    table = triggers_table(triggers, lang=lang, small_cell_min=small_cell_min)
    rows, verdicts = _ordered(triggers, small_cell_min)
    flagged = (verdicts["status"] != "none").to_numpy()
    title = t("triggers_table_title", lang, cut=number(_cut(triggers), lang, 2))
    shown, rest = (table[flagged], table[~flagged]) if flagged.any() else (table, None)
    return show(
        shown.reset_index(drop=True),
        title=title,
        data=_triggers_data(rows, verdicts, table, lang, small_cell_min),
        rest=None if rest is None else rest.reset_index(drop=True),
        lang=lang,
    )


def _triggers_data(rows, verdicts, table, lang, small_cell_min) -> pd.DataFrame:
    hidden = mark(small_cell_min)
    few = (rows["n"] < small_cell_min).to_numpy()
    staff_few = (
        rows["staff_below_expectation"].between(1, small_cell_min - 1).fillna(False).to_numpy(bool)
    )
    yes, no = t("yes", lang), t("no", lang)

    def raw(column: str, hide) -> list:
        return [hidden if h else v for v, h in zip(rows[column], hide, strict=True)]

    def kinds(text: str) -> str:
        return ", ".join(
            label(_KIND_KEYS[k], lang, k) if k in _KIND_KEYS else k
            for k in str(text).split(", ")
            if k
        )

    missing = pd.Series(np.nan, index=rows.index)
    return pd.DataFrame(
        {
            t("col_unit_lower", lang): rows["name"].to_numpy(),
            t("col_survey_year", lang): rows["year"].to_numpy(),
            "n": rows["n"].to_numpy(),
            t("col_km_minimum", lang): rows["required_n"].astype("Float64").to_numpy(na_value=None),
            t("col_below_required", lang): verdicts["short"]
            .map({True: yes, False: no})
            .fillna("-")
            .to_numpy(),
            "IKM": raw("ikm", few),
            t("col_lower_bound", lang): raw("ci_low", few),
            t("col_upper_bound", lang): raw("ci_high", few),
            t("col_mutu", lang): [
                hidden if f else m for m, f in zip(rows["mutu"], few, strict=True)
            ],
            t("col_band_verdict", lang): table.iloc[:, 2].to_numpy(),
            t("col_change", lang): raw("change", few),
            t("col_change_ci_low", lang): [
                hidden if f else v
                for v, f in zip(rows.get("change_ci_low", missing), few, strict=True)
            ],
            t("col_change_ci_high", lang): [
                hidden if f else v
                for v, f in zip(rows.get("change_ci_high", missing), few, strict=True)
            ],
            t("col_change_verdict", lang): table.iloc[:, 4].to_numpy(),
            t("col_reason", lang): table.iloc[:, 5].to_numpy(),
            t("col_weakest", lang): [_element_name(e, lang) for e in rows["weakest_element"]],
            t("col_largest_drop", lang): [
                "-" if pd.isna(e) or e in ("", "None", "nan") else _element_name(e, lang)
                for e in rows.get("largest_drop_element", missing)
            ],
            t("col_unit_staff", lang): rows.get("staff", missing).astype(object).to_numpy(),
            t("col_remedial_staff", lang): raw("staff_below_expectation", staff_few),
            t("col_remedial_kinds", lang): [kinds(k) for k in rows["remedial_kinds"].fillna("")],
            t("col_head_missed", lang): rows["head_missed_target"]
            .map({True: yes, False: no})
            .fillna("-")
            .to_numpy(),
        }
    )


def _element_name(code: str, lang: str) -> str:
    """``U3 Waktu penyelesaian``: a survey element's code and its official name in ``lang``
    (:data:`asnpolicy.rules.IKM_ELEMENTS`, Indonesian and English)."""
    names = rules.IKM_ELEMENTS.get(code)
    if names is None:
        return str(code)
    return f"{code.upper()} {dict(zip(('id', 'en'), names, strict=True))[lang]}"


# ------------------------------------------------------------------------------------------
# validity table
# ------------------------------------------------------------------------------------------


def validity_table(validity: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Observed and corrected validities, formatted for reading, with the paired difference
    of the highest corrected validity from each other stage (when computed)."""
    many = validity["region_id"].nunique() > 1 if len(validity) else False
    out = {
        **({t("col_region", lang): validity["region_id"]} if many else {}),
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
    if "lead_difference" in validity:
        out[t("col_lead_difference", lang)] = [
            t("highest", lang) if lead else format_interval(d, lo, hi, lang)
            for lead, d, lo, hi in zip(
                validity["leader"],
                validity["lead_difference"],
                validity["lead_difference_ci_low"],
                validity["lead_difference_ci_high"],
                strict=True,
            )
        ]
    return pd.DataFrame(out)


def validity_report(validity: pd.DataFrame, *, lang: str = "id") -> ReportTable:
    """The validity table with its title and raw numbers for the workbook."""
    table = validity_table(validity, lang=lang)
    columns = {
        "n": "n",
        "observed": "validity_observed",
        "observed_ci_low": "col_observed_ci_low",
        "observed_ci_high": "col_observed_ci_high",
        "u": "u",
        "criterion_reliability": "col_criterion_reliability",
        "corrected": "validity_corrected",
        "ci_low": "col_lower_bound",
        "ci_high": "col_upper_bound",
        "lead_difference": "col_lead_difference",
        "lead_difference_ci_low": "col_lead_ci_low",
        "lead_difference_ci_high": "col_lead_ci_high",
    }
    data = pd.DataFrame({t("col_stage", lang): table[t("col_stage", lang)]})
    for column, key in columns.items():
        if column in validity:
            data[key if key in ("n", "u") else t(key, lang)] = validity[column].to_numpy()
    return show(table, title=t("validity_table_title", lang), data=data, lang=lang)


# ------------------------------------------------------------------------------------------
# summary and key numbers
# ------------------------------------------------------------------------------------------


#: The parts of page 03 a summary names when the data do not support them, in page order:
#: (argument of :func:`outcomes_summary`, catalogue key of its name in prose).
_PARTS = (
    ("validity", "part_validity"),
    ("effects", "part_effects"),
    ("triggers", "part_ikm"),
    ("training", "part_training"),
    ("merit", "part_merit"),
)


def outcomes_summary(
    validity: Result,
    effects: Result,
    triggers: Result,
    *,
    lang: str = "id",
    used: Result | None = None,
    region: str | None = None,
    region_name: str | None = None,
    training: Result | None = None,
    merit: Result | None = None,
    small_cell_min: int = 0,
) -> Markdown:
    """The notebook-03 summary in sentences: which stage predicts performance (called the
    best only when its paired differences allow), what correcting for range restriction
    changes, what the region's own data say about panel types (``used`` and the region's own
    ``effects``; without ``used``, the effects as given), and which units need remedial
    training: certain, uncertain (interval across the cut), samples below the minimum, units
    with fewer than ``small_cell_min`` respondents (not judged).

    Every result may be a :class:`~asnpolicy.narrative.guard.Missing` (the data do not
    support it): its sentences are left out, and one closing sentence names the parts of the
    page the data do not support yet (``training`` and ``merit`` count only for that
    sentence)."""
    sentences = []
    if _shown(validity):
        sentences.append(_validity_sentence(validity, lang))
    if present(effects) and present(used) and region is not None:
        sentences.append(
            panel_use_sentence(used, effects, region, region_name=region_name or region, lang=lang)
        )
    elif _shown(effects):
        clear = effects[
            ~effects["reference"] & claims.excludes(effects["ci_low"], effects["ci_high"])
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
    if _shown(triggers):
        sentences.append(_triggers_sentence(triggers, lang, small_cell_min))
    results = {
        "validity": validity,
        "effects": effects,
        "triggers": triggers,
        "training": training,
        "merit": merit,
    }
    gaps = [t(key, lang) for name, key in _PARTS if not _present_or_unknown(results[name])]
    if gaps:
        sentences.append(t("outcomes_summary_gaps", lang, parts=join_and(gaps, lang)))
    return Markdown(" ".join(sentences))


def _present_or_unknown(result: Result | None) -> bool:
    """Whether a part counts as supported: computed, or not given (``None``)."""
    return result is None or present(result)


def _triggers_sentence(triggers: pd.DataFrame, lang: str, small_cell_min: int = 0) -> str:
    verdicts = remedial_verdicts(triggers, small_cell_min=small_cell_min)
    train = verdicts["status"] == "train"
    hit = triggers[train]
    element = (
        _element_name(hit["weakest_element"].mode().iloc[0], lang)
        if len(hit) and hit["weakest_element"].notna().any()
        else "-"
    )
    sentence = t(
        "outcomes_summary_triggers" if train.any() else "outcomes_summary_triggers_none",
        lang,
        n=number(int(train.sum()), lang),
        total=number(len(triggers), lang),
        cut=number(_cut(triggers), lang, 2),
        fell=number(int((verdicts["change"] == "fell").sum()), lang),
        uncertain=number(int((verdicts["status"] == "uncertain").sum()), lang),
        short=number(int(verdicts["short"].fillna(False).sum()), lang),
        element=element,
    )
    tiny = (pd.to_numeric(triggers["n"]) < small_cell_min).fillna(False).to_numpy(bool)
    few = int(((verdicts["status"] == "few").to_numpy() & tiny).sum())
    if few:
        sentence += " " + t(
            "outcomes_summary_few", lang, n=number(few, lang), k=number(small_cell_min, lang)
        )
    unjudged = int(((verdicts["status"] == "few").to_numpy() & ~tiny).sum())
    if unjudged:  # below the Krejcie-Morgan minimum under sample_rule="require"
        sentence += " " + t("outcomes_summary_unjudged", lang, n=number(unjudged, lang))
    published = int((triggers.get("source", pd.Series(dtype=str)) == "published").sum())
    if published:
        sentence += " " + t(
            "outcomes_summary_published",
            lang,
            n=number(published, lang),
            below=number(int((verdicts["status"] == "published").sum()), lang),
            cut=number(_cut(triggers), lang, 2),
        )
    if triggers.attrs.get("staff_known", True):
        heads = int(triggers["head_missed_target"].fillna(False).astype(bool).sum())
        sentence += " " + t("outcomes_summary_heads", lang, heads=number(heads, lang))
    return sentence


def outcomes_key_numbers(
    validity: Result,
    triggers: Result,
    training: Result,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
):
    """The page's key numbers: the highest corrected validity with its interval (called
    the best predictor only when its paired differences allow), the units certainly below
    the IKM cut or with a clear fall, the units whose interval straddles the cut, and the
    clearest training effect on later SKP (or that none is clear). A result that is a
    :class:`~asnpolicy.narrative.guard.Missing` gives no number; units with fewer than
    ``small_cell_min`` respondents are not counted as to train or uncertain."""
    items = []
    if _shown(validity):
        best = (
            validity[validity["leader"].astype(bool)].iloc[0]
            if "leader" in validity
            else validity.loc[validity["corrected"].idxmax()]
        )
        others = validity[validity["predictor"] != best["predictor"]]
        clear = "lead_difference_ci_low" in validity and (
            claims.clearly_highest(
                others["lead_difference_ci_low"], others["lead_difference_ci_high"]
            )
            and claims.excludes(best["ci_low"], best["ci_high"])
        )
        stage = label("score_" + best["predictor"], lang, best["predictor"])
        items.append(
            (
                t("key_validity_best" if clear else "key_validity_top", lang, stage=stage),
                format_interval(best["corrected"], best["ci_low"], best["ci_high"], lang),
            )
        )
    if _shown(triggers):
        verdicts = remedial_verdicts(triggers, small_cell_min=small_cell_min)
        cut = number(_cut(triggers), lang, 2)
        items.append(
            (
                t("key_units_train", lang, cut=cut),
                t(
                    "key_of",
                    lang,
                    n=number(int((verdicts["status"] == "train").sum()), lang),
                    total=number(len(triggers), lang),
                ),
            )
        )
        items.append(
            (
                t("key_units_uncertain", lang, cut=cut),
                number(int((verdicts["status"] == "uncertain").sum()), lang),
            )
        )
    if _shown(training):
        group = training.columns[0]
        rated = training[training["n_switchers"].fillna(0) >= small_cell_min].dropna(
            subset=["performance_effect"]
        )
        clear = rated[claims.excludes(rated["performance_ci_low"], rated["performance_ci_high"])]
        if len(clear):
            row = clear.loc[clear["performance_effect"].abs().idxmax()]
            items.append(
                (
                    t(
                        "key_training_effect",
                        lang,
                        provider=label(f"{group}_{row[group]}", lang, str(row[group])),
                    ),
                    format_interval(
                        row["performance_effect"],
                        row["performance_ci_low"],
                        row["performance_ci_high"],
                        lang,
                    ),
                )
            )
        elif len(rated):
            items.append((t("key_training_none", lang), t("key_training_none_value", lang)))
    return key_numbers(items, lang=lang)


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
    left out. Nothing for a :class:`~asnpolicy.narrative.guard.Missing` result."""
    if not _shown(training):
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


# ------------------------------------------------------------------------------------------
# recommendations and methods note
# ------------------------------------------------------------------------------------------


def _unit_list(names: pd.Series, lang: str, most: int = 6) -> str:
    names = [escape_markdown(n) for n in names]
    if len(names) <= most:
        return ", ".join(names)
    return t("list_more", lang, names=", ".join(names[:most]), n=number(len(names) - most, lang))


def outcomes_recommendations(
    validity: Result,
    triggers: Result,
    training: Result,
    *,
    own_effects: Result | None = None,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> list[str]:
    """The page's proposals, each with its caveat: which units to train (their whole IKM
    interval below the cut, or a clear fall), which to survey again with a sufficient sample
    (interval across the cut; samples below the Krejcie-Morgan minimum), what the validities
    allow for the selection stages, how to learn the effect of panel types, and which
    training to favour. A result that is a :class:`~asnpolicy.narrative.guard.Missing`
    gives no proposal; units with fewer than ``small_cell_min`` respondents are proposed for
    a new survey, not judged."""
    points = []
    if _shown(triggers):
        rows, verdicts = _ordered(triggers, small_cell_min)
        train = rows[(verdicts["status"] == "train").to_numpy()]
        short_train = verdicts.loc[verdicts["status"] == "train", "short"].fillna(False).sum()
        if len(train):
            elements = train["weakest_element"].dropna().value_counts().index[:2]
            points.append(
                t(
                    "rec_train",
                    lang,
                    n=number(len(train), lang),
                    units=_unit_list(train["name"], lang),
                    cut=number(_cut(triggers), lang, 2),
                    elements=", ".join(_element_name(e, lang) for e in elements) or "-",
                    short=number(int(short_train), lang),
                )
            )
        else:
            points.append(t("rec_train_none", lang, cut=number(_cut(triggers), lang, 2)))
        uncertain = rows[(verdicts["status"] == "uncertain").to_numpy()]
        if len(uncertain):
            points.append(
                t(
                    "rec_resurvey",
                    lang,
                    n=number(len(uncertain), lang),
                    units=_unit_list(uncertain["name"], lang),
                    cut=number(_cut(triggers), lang, 2),
                )
            )
        published = rows[(verdicts["status"] == "published").to_numpy()]
        if len(published):
            points.append(
                t(
                    "rec_published",
                    lang,
                    n=number(len(published), lang),
                    units=_unit_list(published["name"], lang),
                    cut=number(_cut(triggers), lang, 2),
                )
            )
        tiny = (pd.to_numeric(rows["n"]) < small_cell_min).fillna(False).to_numpy(bool)
        is_few = (verdicts["status"] == "few").to_numpy()
        few = rows[is_few & tiny]
        if len(few):
            points.append(
                t(
                    "rec_few",
                    lang,
                    n=number(len(few), lang),
                    units=_unit_list(few["name"], lang),
                    k=number(small_cell_min, lang),
                )
            )
        unjudged = rows[is_few & ~tiny]
        if len(unjudged):
            points.append(
                t(
                    "rec_unjudged",
                    lang,
                    n=number(len(unjudged), lang),
                    units=_unit_list(unjudged["name"], lang),
                )
            )
        short = int(verdicts["short"].fillna(False).sum())
        if short and not len(unjudged):  # else the point above asks for larger samples
            points.append(
                t("rec_sample", lang, n=number(short, lang), total=number(len(triggers), lang))
            )
    if _shown(validity):
        best = (
            validity[validity["leader"].astype(bool)].iloc[0]
            if "leader" in validity
            else validity.loc[validity["corrected"].idxmax()]
        )
        others = validity[validity["predictor"] != best["predictor"]]
        stage = escape_markdown(label("score_" + best["predictor"], lang, best["predictor"]))
        clear = (
            "lead_difference_ci_low" in validity
            and claims.clearly_highest(
                others["lead_difference_ci_low"], others["lead_difference_ci_high"]
            )
            and claims.excludes(best["ci_low"], best["ci_high"])
        )
        key = "rec_validity_clear" if clear else "rec_validity_unclear"
        points.append(t(key, lang, stage=stage, n=number(best["n"], lang)))
    if present(own_effects) and own_effects is not None and own_effects.empty:
        points.append(t("rec_panels", lang))
    if _shown(training):
        group = training.columns[0]
        rated = training[training["n_switchers"].fillna(0) >= small_cell_min].dropna(
            subset=["performance_effect"]
        )
        good = rated[rated["performance_ci_low"] > 0]
        if len(good):
            row = good.loc[good["performance_effect"].idxmax()]
            points.append(
                t(
                    "rec_training",
                    lang,
                    provider=escape_markdown(label(f"{group}_{row[group]}", lang, str(row[group]))),
                    effect=format_interval(
                        row["performance_effect"],
                        row["performance_ci_low"],
                        row["performance_ci_high"],
                        lang,
                    ),
                    n=number(row["n_switchers"], lang),
                )
            )
        else:
            points.append(t("rec_training_none", lang))
    if not points:
        points.append(t("rec_more_data", lang))
    return points


def _requires_minimum(triggers) -> bool:
    """Whether the triggers were computed with ``sample_rule="require"``."""
    return isinstance(triggers, pd.DataFrame) and triggers.attrs.get("sample_rule") == "require"


def outcomes_methods(
    *,
    lang: str = "id",
    n_boot: int | None = None,
    small_cell_min: int = SMALL_CELL_MIN,
    validity: Result | None = None,
    effects: Result | None = None,
    triggers: Result | None = None,
    training: Result | None = None,
) -> list[str]:
    """The methods note: what each measure of the page is, its formula and source, the
    intervals and rules that word the claims, the minimum samples, and what is hidden and
    why. A measure whose result is a :class:`~asnpolicy.narrative.guard.Missing` is not on
    the page, so its note is left out (``None``: the note is kept)."""
    has = {
        "validity": _present_or_unknown(validity),
        "effects": _present_or_unknown(effects),
        "triggers": _present_or_unknown(triggers),
        "training": _present_or_unknown(training),
    }
    notes = (
        ("note_skp", has["validity"] or has["effects"] or has["training"]),
        ("note_validity", has["validity"]),
        ("note_best", has["validity"]),
        ("note_reliability", has["validity"]),
        ("note_effects", has["effects"]),
        ("note_ikm", has["triggers"]),
        ("note_trigger", has["triggers"]),
        ("note_krejcie", has["triggers"]),
        ("note_did", has["training"]),
    )
    points = []
    for key, shown in notes:
        if not shown:
            continue
        text = t(key, lang)
        if key == "note_krejcie" and _requires_minimum(triggers):
            text = t("note_krejcie_require", lang)
        if key == "note_validity" and n_boot:
            text += " " + t("note_boot", lang, n=number(n_boot, lang))
        points.append(text)
    points.append(t("note_hidden", lang, n=number(small_cell_min, lang), mark=mark(small_cell_min)))
    return points


def ikm_trend_sentence(
    changes: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Markdown:
    """How the IKM of the units surveyed twice changed since their previous survey, each
    worded by the interval of its change (:func:`asnpolicy.outcomes.ikm_changes`): how many
    fell, rose, or did not change clearly, of how many. Units with fewer than
    ``small_cell_min`` respondents (their IKM hidden) are not counted, nor units whose IKM
    is a published figure (no interval for the change): nothing is said when none is left."""
    changes = changes[(pd.to_numeric(changes["n"]) >= small_cell_min).fillna(False)]
    if "source" in changes:
        changes = changes[changes["source"].ne("published").fillna(True)]
    if not len(changes):
        return Markdown("")
    verdicts = claims.change_verdict(changes["change_ci_low"], changes["change_ci_high"])
    counts = pd.Series(np.asarray(verdicts)).value_counts()
    return Markdown(
        t(
            "ikm_trend_sentence",
            lang,
            total=number(len(changes), lang),
            fell=number(int(counts.get("fell", 0)), lang),
            rose=number(int(counts.get("rose", 0)), lang),
            flat=number(
                len(changes) - int(counts.get("fell", 0)) - int(counts.get("rose", 0)), lang
            ),
        )
    )


def triggers_staff_note(triggers: pd.DataFrame, *, lang: str = "id") -> Markdown:
    """One sentence when the remedial table cannot name the staff to train or the heads'
    targets (no employees, positions or performance: ``attrs["staff_known"]`` of
    :func:`asnpolicy.outcomes.feedback_triggers`); empty otherwise."""
    if triggers.attrs.get("staff_known", True):
        return Markdown("")
    return Markdown(f'<p class="report-missing">{t("triggers_no_staff", lang)}</p>')


def training_report(
    training: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> ReportTable:
    """The training table with its title and raw numbers for the workbook (groups under
    ``small_cell_min`` employees hidden there too)."""
    table = training_table(training, lang=lang, small_cell_min=small_cell_min)
    if training.empty:
        return show(table, title=t("training_table_title", lang), lang=lang)
    hidden = mark(small_cell_min)
    few_gain = (training["n_employees"] < small_cell_min).to_numpy()
    few_effect = (training["n_switchers"].fillna(0) < small_cell_min).to_numpy()
    data = pd.DataFrame({t("col_provider", lang): table.iloc[:, 0]})
    low, high = t("col_lower_bound", lang), t("col_upper_bound", lang)
    for value, key, few in (
        ("gain", "col_gain", few_gain),
        ("performance", "col_skp_effect", few_effect),
        ("good_rating", "col_good_effect", few_effect),
    ):
        count = "n_employees" if value == "gain" else "n_switchers"
        name = t(key, lang)
        estimate = value if value == "gain" else f"{value}_effect"
        for column, header in (
            (count, f"n ({name})"),
            (estimate, name),
            (f"{value}_ci_low", f"{low} ({name})"),
            (f"{value}_ci_high", f"{high} ({name})"),
        ):
            data[header] = [hidden if f else v for v, f in zip(training[column], few, strict=True)]
    return show(table, title=t("training_table_title", lang), data=data, lang=lang)


def merit_report(
    merit: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> ReportTable:
    """The merit table with its title and raw numbers for the workbook (values resting on
    fewer than ``small_cell_min`` hidden there too)."""
    table = merit_table(merit, lang=lang, small_cell_min=small_cell_min)
    hidden = mark(small_cell_min)
    few = (merit["n"] < small_cell_min).to_numpy()
    data = table.drop(columns=[t("col_value", lang)]).copy()
    for column, key in (("value", "col_value_raw"), ("ci_low", "col_lower_bound"),
                        ("ci_high", "col_upper_bound")):  # fmt: skip
        data[t(key, lang)] = [hidden if f else v for v, f in zip(merit[column], few, strict=True)]
    data["n"] = merit["n"].to_numpy()
    return show(table, title=t("merit_table_title", lang), data=data, lang=lang)
