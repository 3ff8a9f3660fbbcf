"""The words of notebook 02 (selection outcomes): the summary in sentences, the key numbers,
the tables of selection designs, adverse impact and the decision audit, the recommendations
and the methods note.

Every claim is worded by its interval through :mod:`asnpolicy.narrative.claims`: a design is
"highest" only when its paired difference from every other design excludes 0
(:func:`~asnpolicy.narrative.claims.clearly_highest`), "at least as good" as the official
design only when the interval of its difference lies above 0, and adverse impact is a finding
only when the whole interval of the ratio lies below four-fifths
(:func:`~asnpolicy.narrative.claims.ratio_verdict`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .. import rules
from ..io import Dataset
from ..privacy import SMALL_CELL_MIN, mark
from . import claims
from .common import escape_markdown, format_interval
from .guard import present, sheet_name
from .page import bullets, key_numbers, show
from .text import label, number, t

__all__ = [
    "DESIGN_KEYS",
    "FAIRNESS_GROUPS",
    "FLAG_KEYS",
    "GROUP_KEYS",
    "PART_KEYS",
    "STAGE_KEYS",
    "VALUE_KEYS",
    "audit_table",
    "design_label",
    "designs_costs_table",
    "designs_missing",
    "designs_table",
    "group_label",
    "hidden_ratio",
    "impact_table",
    "official_design_note",
    "selection_key_numbers",
    "selection_methods",
    "selection_recommendations",
    "selection_summary",
    "stage_label",
    "weights_text",
]

#: Catalogue key of each standard design's name (:func:`asnpolicy.designs.standard_designs`).
DESIGN_KEYS = {
    "official": "design_official",
    "cat_only": "design_cat_only",
    "skd_only": "design_skd_only",
    "cat_psych": "design_cat_psych",
    "cat_competency": "design_cat_competency",
    "cat_interview": "design_cat_interview",
    "fixed_three_stage": "design_fixed_three_stage",
}
#: Catalogue key of each SKB component's name in a list of weights.
PART_KEYS = {
    "cat": "sel_part_cat",
    "interview": "sel_part_interview",
    "psych": "sel_part_psych",
    "competency": "sel_part_competency",
    "practical": "sel_part_practical",
}
#: Catalogue key of each applicant column checked for adverse impact.
GROUP_KEYS = {
    "gender": "sel_group_gender",
    "origin": "sel_group_origin",
    "registration_mode": "sel_group_registration_mode",
}
#: Catalogue key of each value of those columns.
VALUE_KEYS = {
    "female": "sel_value_female",
    "male": "sel_value_male",
    "local": "sel_value_local",
    "non_local": "sel_value_non_local",
    "online": "sel_value_online",
    "offline": "sel_value_offline",
}
#: Catalogue key of each rated stage (``schema.ASSESSMENT_STAGES``).
STAGE_KEYS = {
    "written_test": "sel_stage_written_test",
    "interview": "sel_stage_interview",
    "in_depth_interview": "sel_stage_in_depth_interview",
    "psych": "sel_stage_psych",
    "competency": "sel_stage_competency",
    "practical": "sel_stage_practical",
}
#: Catalogue key of the short mark beside an impact ratio, by its verdict
#: (:func:`asnpolicy.narrative.claims.ratio_verdict`).
FLAG_KEYS = {
    "adverse": "sel_flag_adverse",
    "none": "sel_flag_none",
    "uncertain": "sel_flag_uncertain",
    "unknown": "sel_flag_unknown",
}
#: The fairness columns of a design comparison, in the order the page shows them.
FAIRNESS_GROUPS = ("gender", "origin")


def _name(keys: Mapping[str, str], code: object, lang: str) -> str:
    key = keys.get(str(code))
    return t(key, lang) if key else " ".join(str(code).split())


def design_label(name: object, lang: str = "id") -> str:
    """A design's name for reading: the catalogue's for the standard designs, else the name
    as given.

    >>> design_label("cat_interview", "id"), design_label("Desain A", "en")
    ('SKB CAT + wawancara', 'Desain A')
    """
    return _name(DESIGN_KEYS, name, lang)


def group_label(variable: str, value: object | None = None, lang: str = "id") -> str:
    """``Jenis kelamin`` or ``Jenis kelamin: perempuan``.

    >>> group_label("origin", "non_local", "id"), group_label("gender", None, "en")
    ('Asal daerah: luar daerah', 'Gender')
    """
    name = _name(GROUP_KEYS, variable, lang)
    return name if value is None else f"{name}: {_name(VALUE_KEYS, value, lang)}"


def stage_label(stage: str, lang: str = "id") -> str:
    """A rated stage's name (``competency`` -> ``asesmen kompetensi``)."""
    return _name(STAGE_KEYS, stage, lang)


def weights_text(weights: Mapping[str, float], lang: str = "id") -> str:
    """The SKB weights of a design in words; a design without SKB says so.

    >>> weights_text({"cat": 0.6, "interview": 0.4}, "id")
    'CAT 60 % + wawancara 40 %'
    >>> weights_text({}, "en")
    'no SKB (ranked on the SKD)'
    """
    if not weights:
        return t("sel_no_skb", lang)
    return " + ".join(
        f"{_name(PART_KEYS, c, lang)} {number(100 * w, lang)} %" for c, w in weights.items() if w
    )


def _lower(text: str) -> str:
    """A label inside a sentence: ``Wawancara`` -> ``wawancara``; ``SKB CAT`` unchanged.

    >>> _lower("Wawancara"), _lower("SKB CAT"), _lower("TIU")
    ('wawancara', 'SKB CAT', 'TIU')
    """
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _signed(value: float, low: float, high: float, lang: str, decimals: int) -> str:
    sign = "+" if value > 0 else ""
    return f"{sign}{format_interval(value, low, high, lang, decimals)}"


def _unit(designs: pd.DataFrame, lang: str) -> str:
    return t("sel_unit_skp" if designs.attrs.get("scale", "skp") == "skp" else "sel_unit_sd", lang)


def _expected(designs: pd.DataFrame) -> str:
    return "expected_skp" if "expected_skp" in designs else "expected_z"


def _millions(value: float, lang: str, decimals: int = 0) -> str:
    return number(value / 1e6, lang, decimals)


def hidden_ratio(designs: pd.DataFrame, group: str, small_cell_min: int) -> pd.Series:
    """Whether a design's impact ratio for ``group`` rests on too few people to show."""
    selected = designs.get(f"impact_min_selected_{group}")
    n = designs.get(f"impact_min_n_{group}")
    if selected is None or n is None:
        return pd.Series(False, index=designs.index)
    return (selected < small_cell_min) | (n < small_cell_min)


# --------------------------------------------------------------------------------------------
# the summary
# --------------------------------------------------------------------------------------------


def _design_sentences(designs: pd.DataFrame, lang: str) -> list[str]:
    """What the comparison of designs supports, worded by the paired intervals."""
    if designs.empty:
        return [designs_missing(designs, lang=lang).data]
    out = []
    basis = designs.attrs.get("basis", "records")
    if basis == "published" and designs.attrs.get("needs"):
        out.append(t("sel_designs_published_no_records", lang))
    elif basis == "published":
        out.append(
            t(
                "sel_designs_published",
                lang,
                n=number(designs.attrs.get("n_recruits", 0), lang),
                needed=number(designs.attrs.get("n_needed", 0), lang),
            )
        )
    elif basis == "supplied":
        out.append(t("sel_designs_supplied", lang))
    unit = _unit(designs, lang)
    decimals = 3 if basis == "records" else 2
    lead = designs.index[designs["leader"].astype(bool)][0]
    others = designs.drop(index=lead)
    clearly = claims.clearly_highest(others["lead_diff_ci_low"], others["lead_diff_ci_high"])
    ties = ", ".join(
        escape_markdown(design_label(p, lang))
        for p in others.loc[
            ~claims.excludes(others["lead_diff_ci_low"], others["lead_diff_ci_high"]), "policy"
        ]
    )
    best = designs.loc[lead]
    if lead == designs.index[0]:
        if clearly:
            out.append(t("sel_official_clearly_best", lang))
        else:
            out.append(t("sel_official_not_separated", lang, ties=ties))
    else:
        values = {
            "best": escape_markdown(design_label(best["policy"], lang)),
            "diff": _signed(
                best["difference"], best["diff_ci_low"], best["diff_ci_high"], lang, decimals
            ),
            "unit": unit,
            "ties": ties,
        }
        verdict = claims.change_verdict(best["diff_ci_low"], best["diff_ci_high"])
        if clearly and verdict == "rose":
            out.append(t("sel_alternative_clearly_best", lang, **values))
        elif verdict == "rose":
            out.append(t("sel_alternative_best_not_separated", lang, **values))
        else:
            out.append(t("sel_no_design_better", lang, **values))
        if verdict == "rose" and not bool(best.get("official", True)):
            out.append(t("sel_best_not_official", lang))
    out += _cost_sentences(designs, lang)
    return out


def _cheaper_values(row: pd.Series, base: pd.Series, designs: pd.DataFrame, lang: str) -> dict:
    """The words of a cheaper design against the official one (``base``): its name, the
    saving, the difference in performance with its interval, the unit."""
    decimals = 3 if designs.attrs.get("basis", "records") == "records" else 2
    return {
        "design": escape_markdown(design_label(row["policy"], lang)),
        "saving": _millions(base["cost"] - row["cost"], lang),
        "diff": _signed(row["difference"], row["diff_ci_low"], row["diff_ci_high"], lang, decimals),
        "unit": _unit(designs, lang),
    }


def _cheaper_alternative(designs: pd.DataFrame) -> tuple[pd.Series | None, str]:
    """The cheaper design the intervals support best: the largest saving among those whose
    difference from the official design lies above 0 (``rose``), else among those whose
    interval includes 0 (``flat``); never one that is worse (``fell``)."""
    if "cost" not in designs or designs.empty:
        return None, ""
    base = designs.iloc[0]
    alternatives = designs.iloc[1:]
    cheaper = alternatives[alternatives["cost"] < base["cost"]]
    if cheaper.empty:
        return None, ""
    verdicts = pd.Series(
        claims.change_verdict(cheaper["diff_ci_low"], cheaper["diff_ci_high"]),
        index=cheaper.index,
    )
    for verdict in ("rose", "flat"):
        pool = cheaper[verdicts == verdict]
        if len(pool):
            return pool.loc[pool["cost"].idxmin()], verdict
    return None, ""


def _cost_sentences(designs: pd.DataFrame, lang: str) -> list[str]:
    if "cost" not in designs:
        return []
    base = designs.iloc[0]
    out = [
        t(
            "sel_cost_official",
            lang,
            cost=_millions(base["cost"], lang),
            per_hire=_millions(base["cost_per_hire"], lang, 1),
            n=number(base["n_selected"], lang),
        )
    ]
    row, verdict = _cheaper_alternative(designs)
    if row is not None:
        values = _cheaper_values(row, base, designs, lang)
        key = "sel_cheaper_as_good" if verdict == "rose" else "sel_cheaper_not_shown"
        sentence = t(key, lang, **values)
        if not row["official"]:
            sentence += " " + t("sel_not_official_caveat", lang)
        out.append(sentence)
    return out


def _fairness_sentence(designs: pd.DataFrame, lang: str, small_cell_min: int) -> list[str]:
    groups = [g for g in FAIRNESS_GROUPS if f"min_impact_ratio_{g}" in designs]
    if designs.empty or not groups:
        return []
    base = designs.iloc[0]
    parts = []
    for group in groups:
        if hidden_ratio(designs.iloc[:1], group, small_cell_min).iloc[0]:
            parts.append(t("sel_ratio_hidden", lang, group=group_label(group, None, lang).lower()))
            continue
        low, high = base[f"impact_ci_low_{group}"], base[f"impact_ci_high_{group}"]
        parts.append(
            t(
                "sel_ratio_part",
                lang,
                group=group_label(group, None, lang).lower(),
                ratio=format_interval(base[f"min_impact_ratio_{group}"], low, high, lang),
                verdict=claims.verdict_words(claims.ratio_verdict(low, high), lang),
            )
        )
    out = [t("sel_fairness_official", lang, parts="; ".join(parts))]
    adverse = []
    for group in groups:
        shown = ~hidden_ratio(designs, group, small_cell_min)
        verdicts = claims.ratio_verdict(
            designs[f"impact_ci_low_{group}"], designs[f"impact_ci_high_{group}"]
        )
        for p in designs.loc[shown & (np.asarray(verdicts) == "adverse"), "policy"]:
            name = escape_markdown(design_label(p, lang))
            adverse.append(f"{name} ({group_label(group, None, lang).lower()})")
    if adverse:
        out.append(t("sel_fairness_adverse_designs", lang, designs=", ".join(adverse)))
    return out


def _is_reference(impact: pd.DataFrame) -> pd.Series:
    """The reference group of each variable (the highest rate), whose ratio is 1 by
    definition and is no finding."""
    if "reference" not in impact:
        return pd.Series(False, index=impact.index)
    return impact["group"].astype(str) == impact["reference"].astype(str)


def _impact_sentence(impact: pd.DataFrame, lang: str, small_cell_min: int) -> str:
    shown = impact[~_small_groups(impact, small_cell_min) & ~_is_reference(impact)]
    verdicts = claims.ratio_verdict(shown["ratio_ci_low"], shown["ratio_ci_high"])

    def listed(which: str) -> str:
        rows = shown[np.asarray(verdicts) == which]
        return "; ".join(
            f"{group_label(r.variable, r.group, lang).lower()} "
            f"{format_interval(r.impact_ratio, r.ratio_ci_low, r.ratio_ci_high, lang)}"
            for r in rows.itertuples(index=False)
        )

    adverse, uncertain = listed("adverse"), listed("uncertain")
    if adverse and uncertain:
        return t("sel_impact_adverse_and_uncertain", lang, adverse=adverse, uncertain=uncertain)
    if adverse:
        return t("sel_impact_adverse", lang, adverse=adverse)
    if uncertain:
        return t("sel_impact_uncertain", lang, uncertain=uncertain)
    return t("sel_impact_none", lang)


def _audit_basis(audit) -> str:
    """``declared`` (audited against given or recorded weights), ``inferred``, or
    ``published_total`` (only the published SKB total is recorded: no weighting to hold the
    hires to, :attr:`asnpolicy.audit.Audit.skb_source`)."""
    if getattr(audit, "skb_source", "components") == "published_total":
        return "published_total"
    return getattr(audit, "basis", "declared")


def _audit_weights(audit) -> dict:
    """The weights the audit held the hires to (the best-fitting ones when inferred)."""
    weights = getattr(audit, "weights", None)
    if weights is None and len(audit.weights_fit):
        weights = audit.weights_fit["weights"].iloc[0]
    return dict(weights or {})


def _audit_sentences(audit, lang: str) -> list[str]:
    """The audit in words: against the weights set, or, without a recorded policy, which
    weights the decisions themselves reveal (never violations of an assumed rule)."""
    weights = weights_text(_audit_weights(audit), lang)
    if _audit_basis(audit) == "published_total":
        return [
            t(
                "selection_summary_audit_published",
                lang,
                exceptions=number(len(audit.exceptions), lang),
                inversions=number(int(audit.by_formasi["inversions"].sum()), lang),
            )
        ]
    if _audit_basis(audit) != "inferred":
        return [
            t(
                "selection_summary_audit_declared",
                lang,
                weights=weights,
                exceptions=number(len(audit.exceptions), lang),
                inversions=number(int(audit.by_formasi["inversions"].sum()), lang),
            )
        ]
    fit = audit.weights_fit
    best = fit.iloc[0] if len(fit) else None
    if best is None:
        return []
    out = [
        t(
            "selection_summary_audit_inferred",
            lang,
            weights=weights,
            formasi=number(100 * best["formasi_agreeing"], lang, 1) + " %",
            hires=number(100 * best["hires_agreeing"], lang, 1) + " %",
        )
    ]
    if best["formasi_agreeing"] < 1:
        out.append(
            t(
                "selection_summary_audit_inferred_rest",
                lang,
                sheet=sheet_name("region_policies", lang),
            )
        )
    return out


#: Catalogue key of each part of the page a summary lists as not supported yet, in page order.
_GAP_KEYS = {
    "funnel": "sel_gap_funnel",
    "modes": "sel_gap_modes",
    "reliability": "sel_gap_reliability",
    "designs": "sel_gap_designs",
    "utility": "sel_gap_utility",
    "impact": "sel_gap_impact",
    "audit": "sel_gap_audit",
}


def selection_summary(
    ds: Dataset | None,
    funnel_table: pd.DataFrame,
    modes: pd.DataFrame,
    reliability: pd.DataFrame,
    designs: pd.DataFrame,
    audit,
    *,
    impact: pd.DataFrame | None = None,
    sd_y=None,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> Markdown:
    """The key findings of the selection analysis in a few sentences, each worded by its
    interval (see the module's docstring).

    Any part may be a :class:`~asnpolicy.narrative.guard.Missing` (the data do not support
    it): its sentences are left out, and one sentence names the parts not supported yet
    (``sd_y`` Missing: the net utility in rupiah).
    """
    parts = {
        "funnel": funnel_table,
        "modes": modes,
        "reliability": reliability,
        "designs": designs,
        "utility": sd_y if sd_y is not None else True,
        "impact": impact if impact is not None else True,
        "audit": audit,
    }
    gaps = [t(key, lang) for part, key in _GAP_KEYS.items() if not present(parts[part])]
    if not present(funnel_table) and not present(designs) and not present(audit):
        return Markdown(t("sel_summary_no_recruitment", lang))
    sentences = []
    if present(funnel_table):
        n = funnel_table.set_index("stage")["n"]
        sentences.append(
            t(
                "selection_summary_funnel",
                lang,
                registered=number(n["registered"], lang),
                admin=number(n["administration"], lang),
                tests=number(n["skd"], lang),
                hired=number(n["selected"], lang),
                rate=number(100 * n["selected"] / max(1, n["registered"]), lang, 1) + " %",
            )
        )
    days = (
        modes[modes["measure"] == "verification_days"].set_index("registration_mode")
        if present(modes) and len(modes)
        else pd.DataFrame()
    )
    if {"online", "offline"} <= set(days.index):

        def mean_of(mode):
            row = days.loc[mode]
            if "ci_low" not in days:
                return number(row["mean"], lang, 1)
            return format_interval(row["mean"], row["ci_low"], row["ci_high"], lang, 1)

        sentences.append(
            t(
                "selection_summary_online",
                lang,
                online=mean_of("online"),
                offline=mean_of("offline"),
            )
        )
    if present(reliability) and len(reliability):
        panels = "; ".join(
            f"{stage_label(r['stage'], lang)}, {label('method_' + r['panel'], lang)} "
            + (
                format_interval(r["icc1k"], r["icc1k_ci_low"], r["icc1k_ci_high"], lang)
                if "icc1k_ci_low" in r
                else number(r["icc1k"], lang, 2)
            )
            for _, r in reliability.iterrows()
        )
        sentences.append(t("selection_summary_panels", lang, panels=panels))
    # one paragraph each: the funnel, the designs, fairness, the audit, what is missing
    fairness = _fairness_sentence(designs, lang, small_cell_min) if present(designs) else []
    if present(impact) and impact is not None and len(impact):
        fairness.append(_impact_sentence(impact, lang, small_cell_min))
    paragraphs = [
        sentences,
        _design_sentences(designs, lang) if present(designs) else [],
        fairness,
        _audit_sentences(audit, lang) if present(audit) else [],
        [t("sel_summary_gaps", lang, parts=", ".join(gaps))] if gaps else [],
    ]
    return Markdown("\n\n".join(" ".join(p) for p in paragraphs if p))


def official_design_note(design, *, lang: str = "id") -> Markdown:
    """Where the official design's SKB weights come from, in one or two sentences
    (:attr:`asnpolicy.designs.SelectionPolicy.basis`): the recorded policy (and "outside the
    rules" when its weights are), the built-in profile, the recorded policy's stages, or no
    policy at all (CAT-SKB only, assumed for the comparison of designs, never for the
    audit)."""
    basis = getattr(design, "basis", "given")
    weights = weights_text(dict(design.skb_weights), lang)
    if basis == "assumed":
        text = t(
            "sel_official_assumed", lang, weights=weights, sheet=sheet_name("region_policies", lang)
        )
    elif basis == "registry":
        text = t("sel_official_registry", lang, weights=weights)
    elif basis == "profile":
        text = t("sel_official_profile", lang, weights=weights)
    else:
        text = t("sel_official_declared", lang, weights=weights)
        if not design.official:
            limits = rules.SKB_LIMITS["regional"]
            text += " " + t(
                "sel_official_outside",
                lang,
                cat_min=number(100 * limits.cat_min, lang),
                extra_max=number(100 * limits.extra_max[None], lang),
            )
    return Markdown(text)


def designs_missing(designs: pd.DataFrame, *, lang: str = "id") -> Markdown:
    """Why the designs cannot be compared and what would make it possible, in ``lang``
    (shown in place of the figure and the tables)."""
    reason = designs.attrs.get("reason", "")
    if reason == "too_few_recruits":
        text = t(
            "sel_designs_too_few",
            lang,
            n=number(designs.attrs.get("n_recruits", 0), lang),
            needed=number(designs.attrs.get("n_needed", 0), lang),
        )
    elif reason == "no_common_formasi":
        text = t("sel_designs_no_formasi", lang)
    elif reason == "validities_inconsistent":
        text = t("sel_designs_validities_inconsistent", lang)
    elif designs.attrs.get("needs"):
        from .guard import Missing

        text = Missing(tuple(designs.attrs["needs"])).sentence(lang)
    else:
        text = t("sel_designs_unknown", lang)
    return Markdown(text)


# --------------------------------------------------------------------------------------------
# key numbers
# --------------------------------------------------------------------------------------------


def selection_key_numbers(
    funnel_table: pd.DataFrame,
    designs: pd.DataFrame,
    impact: pd.DataFrame,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
):
    """The page's key numbers: applicants, appointments, the official design's expected
    performance (or the difference of the best-supported alternative), and the lowest
    recorded impact ratio with its interval. A part the data do not support
    (:class:`~asnpolicy.narrative.guard.Missing`) gives no number."""
    items = []
    if present(funnel_table):
        n = funnel_table.set_index("stage")["n"]
        items += [
            (t("sel_key_applicants", lang), number(n["registered"], lang)),
            (
                t("sel_key_hired", lang),
                f"{number(n['selected'], lang)} "
                f"({number(100 * n['selected'] / max(1, n['registered']), lang, 1)} %)",
            ),
        ]
    if present(designs) and not designs.empty:
        decimals = 3 if designs.attrs.get("basis", "records") == "records" else 2
        row, verdict = _cheaper_alternative(designs)
        if row is not None and verdict == "rose":
            items.append(
                (
                    t(
                        "sel_key_alternative",
                        lang,
                        design=design_label(row["policy"], lang),
                        unit=_unit(designs, lang),
                    ),
                    _signed(
                        row["difference"], row["diff_ci_low"], row["diff_ci_high"], lang, decimals
                    ),
                )
            )
        else:
            base = designs.iloc[0]
            items.append(
                (
                    t("sel_key_official", lang, unit=_unit(designs, lang)),
                    format_interval(
                        base[_expected(designs)], base["ci_low"], base["ci_high"], lang, decimals
                    ),
                )
            )
    shown = (
        impact[
            ~_small_groups(impact, small_cell_min)
            & ~_is_reference(impact)
            & impact["variable"].isin(FAIRNESS_GROUPS)
        ]
        if present(impact)
        else []
    )
    if len(shown):
        worst = shown.loc[shown["impact_ratio"].idxmin()]
        items.append(
            (
                t(
                    "sel_key_ratio",
                    lang,
                    group=group_label(worst["variable"], worst["group"], lang).lower(),
                ),
                format_interval(
                    worst["impact_ratio"], worst["ratio_ci_low"], worst["ratio_ci_high"], lang
                ),
            )
        )
    return key_numbers(items, lang=lang)


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------


def _official_mark(designs: pd.DataFrame, lang: str) -> list[str]:
    return [t("yes", lang) if o else t("no", lang) for o in designs["official"]]


def designs_table(designs: pd.DataFrame, *, lang: str = "id"):
    """The comparison of selection designs' expected performance, as a titled report table
    (the full numbers go to the workbook)."""
    if designs.empty:
        return designs_missing(designs, lang=lang)
    expected = _expected(designs)
    measure = "SKP" if expected == "expected_skp" else "z"
    decimals = 3 if designs.attrs.get("basis", "records") == "records" else 2
    success = designs.attrs.get("success", "Baik")
    success_label = (
        t("success_column", lang, rating=success)
        if measure == "SKP"
        else t("success_column_sd", lang, base=number(100 * success, lang, 0))
    )
    names = [design_label(p, lang) for p in designs["policy"]]
    weights = [weights_text(w, lang) for w in designs["skb_weights"]]
    shown = pd.DataFrame(
        {
            t("designs_col_design", lang): names,
            t("designs_col_weights", lang): weights,
            t("designs_col_official", lang): _official_mark(designs, lang),
            "n": [number(x, lang) for x in designs["n_selected"]],
            measure: [
                format_interval(m, lo, hi, lang, decimals)
                for m, lo, hi in zip(
                    designs[expected], designs["ci_low"], designs["ci_high"], strict=True
                )
            ],
            f"Δ {measure}": ["0"]
            + [
                _signed(d, lo, hi, lang, decimals)
                for d, lo, hi in zip(
                    designs["difference"].iloc[1:],
                    designs["diff_ci_low"].iloc[1:],
                    designs["diff_ci_high"].iloc[1:],
                    strict=True,
                )
            ],
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
        }
    )
    data = pd.DataFrame(
        {
            t("designs_col_design", lang): names,
            t("designs_col_weights", lang): weights,
            t("designs_col_official", lang): _official_mark(designs, lang),
            "n": designs["n_selected"].astype(int),
            measure: designs[expected],
            t("sel_col_low", lang): designs["ci_low"],
            t("sel_col_high", lang): designs["ci_high"],
            f"Δ {measure}": designs["difference"],
            f"Δ {measure} {t('sel_col_low', lang)}": designs["diff_ci_low"],
            f"Δ {measure} {t('sel_col_high', lang)}": designs["diff_ci_high"],
            success_label: designs["success_ratio"],
            f"{success_label} {t('sel_col_low', lang)}": designs["success_ci_low"],
            f"{success_label} {t('sel_col_high', lang)}": designs["success_ci_high"],
            t("designs_col_overlap", lang): designs["overlap"],
        }
    )
    return show(shown, title=t("designs_table", lang), data=data, lang=lang)


def designs_costs_table(
    designs: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
):
    """Fairness (both impact ratios with intervals) and cost (total, per hire, net utility)
    of each design, as a titled report table; ratios resting on fewer than
    ``small_cell_min`` people are hidden."""
    if designs.empty:
        return designs_missing(designs, lang=lang)
    hidden = mark(small_cell_min)
    names = [design_label(p, lang) for p in designs["policy"]]
    shown = pd.DataFrame({t("designs_col_design", lang): names})
    data = pd.DataFrame({t("designs_col_design", lang): names})
    for group in FAIRNESS_GROUPS:
        if f"min_impact_ratio_{group}" not in designs:
            continue
        small = hidden_ratio(designs, group, small_cell_min)
        low, high = designs[f"impact_ci_low_{group}"], designs[f"impact_ci_high_{group}"]
        verdicts = claims.ratio_verdict(low, high)
        column = t("sel_col_ratio", lang, group=group_label(group, None, lang).lower())
        shown[column] = [
            hidden if s else f"{format_interval(r, lo, hi, lang)} {t(FLAG_KEYS[v], lang)}"
            for s, r, lo, hi, v in zip(
                small, designs[f"min_impact_ratio_{group}"], low, high, verdicts, strict=True
            )
        ]
        data[column] = designs[f"min_impact_ratio_{group}"].where(~small, hidden)
        data[f"{column} {t('sel_col_low', lang)}"] = low.where(~small, hidden)
        data[f"{column} {t('sel_col_high', lang)}"] = high.where(~small, hidden)
        data[f"{column}: {t('sel_col_verdict', lang)}"] = [
            hidden if s else claims.verdict_words(v, lang)
            for s, v in zip(small, verdicts, strict=True)
        ]
    if "cost" in designs:
        shown[t("designs_col_cost", lang)] = [_millions(c, lang) for c in designs["cost"]]
        shown[t("designs_col_cost_hire", lang)] = [
            _millions(c, lang, 1) for c in designs["cost_per_hire"]
        ]
        data[t("designs_col_cost_rp", lang)] = designs["cost"]
        data[t("designs_col_cost_hire_rp", lang)] = designs["cost_per_hire"]
        data[t("designs_col_n_skd", lang)] = designs["n_skd"]
        data[t("designs_col_n_skb", lang)] = designs["n_skb"]
    if "utility" in designs:
        shown[t("designs_col_utility", lang)] = ["0"] + [
            _signed(u / 1e9, lo / 1e9, hi / 1e9, lang, 1)
            for u, lo, hi in zip(
                designs["utility"].iloc[1:],
                designs["utility_ci_low"].iloc[1:],
                designs["utility_ci_high"].iloc[1:],
                strict=True,
            )
        ]
        data[t("designs_col_utility_rp", lang)] = designs["utility"]
        data[f"{t('designs_col_utility_rp', lang)} {t('sel_col_low', lang)}"] = designs[
            "utility_ci_low"
        ]
        data[f"{t('designs_col_utility_rp', lang)} {t('sel_col_high', lang)}"] = designs[
            "utility_ci_high"
        ]
    return show(shown, title=t("designs_costs_table", lang), data=data, lang=lang)


def _small_groups(impact: pd.DataFrame, small_cell_min: int) -> pd.Series:
    return (impact["n"] < small_cell_min) | (
        (impact["selected"] > 0) & (impact["selected"] < small_cell_min)
    )


def impact_table(impact: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN):
    """Adverse impact in the recorded appointments (:func:`asnpolicy.fairness.recorded_impact`)
    as a titled report table; groups of fewer than ``small_cell_min`` applicants or
    appointees are hidden. The verdict follows the whole interval of the ratio."""
    hidden = mark(small_cell_min)
    small = _small_groups(impact, small_cell_min)
    reference = _is_reference(impact)
    verdicts = claims.ratio_verdict(impact["ratio_ci_low"], impact["ratio_ci_high"])
    groups = [
        group_label(v, g, lang) for v, g in zip(impact["variable"], impact["group"], strict=True)
    ]
    group_col, rate_col = t("impact_col_group", lang), t("impact_col_rate", lang)
    ratio_col, verdict_col = t("impact_col_ratio", lang), t("sel_col_verdict", lang)
    shown = pd.DataFrame(
        {
            group_col: groups,
            "n": [
                hidden if s else number(v, lang) for s, v in zip(small, impact["n"], strict=True)
            ],
            rate_col: [
                hidden if s else f"{number(100 * r, lang, 1)} %"
                for s, r in zip(small, impact["rate"], strict=True)
            ],
            ratio_col: [
                hidden if s else format_interval(r, lo, hi, lang)
                for s, r, lo, hi in zip(
                    small,
                    impact["impact_ratio"],
                    impact["ratio_ci_low"],
                    impact["ratio_ci_high"],
                    strict=True,
                )
            ],
            verdict_col: [
                ""
                if s
                else t("designs_reference", lang)
                if r
                else t(FLAG_KEYS[v], lang).strip("()")
                for s, r, v in zip(small, reference, verdicts, strict=True)
            ],
        }
    )
    data = pd.DataFrame(
        {
            group_col: groups,
            "n": impact["n"].where(~small, hidden),
            t("sel_col_selected", lang): impact["selected"].where(~small, hidden),
            rate_col: impact["rate"].where(~small, hidden),
            ratio_col: impact["impact_ratio"].where(~small, hidden),
            t("sel_col_low", lang): impact["ratio_ci_low"].where(~small, hidden),
            t("sel_col_high", lang): impact["ratio_ci_high"].where(~small, hidden),
            verdict_col: [
                hidden
                if s
                else t("designs_reference", lang)
                if r
                else claims.verdict_words(v, lang)
                for s, r, v in zip(small, reference, verdicts, strict=True)
            ],
        }
    )
    return show(shown, title=t("impact_table", lang), data=data, lang=lang)


def audit_table(audit, *, lang: str = "id"):
    """Which SKB weighting reproduces the recorded appointments, as a titled report table;
    ``Acuan audit`` marks the weights the audit held the hires to (the declared ones, or
    without a recorded policy the best-fitting ones)."""
    fit = audit.weights_fit
    weights = [weights_text(w, lang) for w in fit["weights"]]
    if _audit_basis(audit) == "published_total":
        weights = [t("sel_weights_published_total", lang)] * len(fit)
    audited = _audit_weights(audit)
    used = [
        t("yes", lang)
        if {k: v for k, v in dict(w).items() if v} == {k: v for k, v in audited.items() if v}
        else t("no", lang)
        for w in fit["weights"]
    ]
    shown = pd.DataFrame(
        {
            t("audit_col_weights", lang): weights,
            t("audit_col_formasi", lang): [
                number(100 * v, lang, 1) + " %" for v in fit["formasi_agreeing"]
            ],
            t("audit_col_hires", lang): [
                number(100 * v, lang, 1) + " %" for v in fit["hires_agreeing"]
            ],
            t("audit_col_used", lang): used,
        }
    )
    data = pd.DataFrame(
        {
            t("audit_col_weights", lang): weights,
            t("audit_col_formasi", lang): fit["formasi_agreeing"].to_numpy(),
            t("audit_col_hires", lang): fit["hires_agreeing"].to_numpy(),
            t("audit_col_used", lang): used,
        }
    )
    return show(shown, title=t("audit_table", lang), data=data, lang=lang)


# --------------------------------------------------------------------------------------------
# recommendations and the methods note
# --------------------------------------------------------------------------------------------


def selection_recommendations(
    designs: pd.DataFrame,
    impact: pd.DataFrame,
    audit,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
):
    """The page's "Rekomendasi": the findings turned into proposals, each with its caveat.
    A part the data do not support (:class:`~asnpolicy.narrative.guard.Missing`) gives none;
    an audit without a recorded policy proposes recording it, never checking "violations"."""
    points = []
    if not present(designs):
        pass
    elif not designs.empty:
        row, verdict = _cheaper_alternative(designs)
        if row is not None:
            values = _cheaper_values(row, designs.iloc[0], designs, lang)
            key = "sel_rec_cheaper" if verdict == "rose" else "sel_rec_cheaper_unsure"
            point = t(key, lang, **values)
            if not row["official"]:
                point += " " + t("sel_rec_not_official", lang)
            points.append(point)
        if designs.attrs.get("basis") == "published" and designs.attrs.get("needs"):
            points.append(
                t(
                    "sel_rec_add_records",
                    lang,
                    sheets=" dan ".join(sheet_name(n, lang) for n in designs.attrs["needs"])
                    if lang == "id"
                    else " and ".join(designs.attrs["needs"]),
                )
            )
        elif designs.attrs.get("basis") == "published":
            points.append(
                t(
                    "sel_rec_more_records",
                    lang,
                    n=number(designs.attrs.get("n_recruits", 0), lang),
                    needed=number(designs.attrs.get("n_needed", 0), lang),
                )
            )
        lead = designs.index[designs["leader"].astype(bool)][0]
        others = designs.drop(index=lead)
        if not claims.clearly_highest(others["lead_diff_ci_low"], others["lead_diff_ci_high"]):
            points.append(t("sel_rec_not_separated", lang))
    else:
        points.append(designs_missing(designs, lang=lang).data)
    shown = (
        impact[~_small_groups(impact, small_cell_min) & ~_is_reference(impact)]
        if present(impact)
        else pd.DataFrame(columns=["ratio_ci_low", "ratio_ci_high"])
    )
    verdicts = np.asarray(claims.ratio_verdict(shown["ratio_ci_low"], shown["ratio_ci_high"]))
    for which, key in (("adverse", "sel_rec_adverse"), ("uncertain", "sel_rec_uncertain")):
        rows = shown[verdicts == which]
        if len(rows):
            groups = "; ".join(
                f"{group_label(r.variable, r.group, lang).lower()} "
                f"{format_interval(r.impact_ratio, r.ratio_ci_low, r.ratio_ci_high, lang)}"
                for r in rows.itertuples(index=False)
            )
            points.append(t(key, lang, groups=groups))
    if present(audit) and _audit_basis(audit) == "inferred":
        points.append(t("sel_rec_record_policy", lang, sheet=sheet_name("region_policies", lang)))
    elif present(audit) and len(audit.exceptions):
        points.append(t("sel_rec_audit", lang, n=number(len(audit.exceptions), lang)))
    return bullets("recommendations_title", points, lang=lang)


def _score_order(column: str) -> int:
    order = list(rules.SCORE_COLUMNS)
    return order.index(column) if column in order else len(order)


def selection_methods(
    designs: pd.DataFrame,
    *,
    stage_costs: Mapping[str, float] | None = None,
    tenure_years: float = 20.0,
    audit=None,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
):
    """The page's "Catatan metodologi": the selection rules with their sources, what is a
    census and what an estimate, the model of expected performance (and how many bootstrap
    resamples were drawn again), cost and utility (when computed), the four-fifths rule, the
    audit by its basis, the wording rules and what was hidden."""
    limits = rules.SKB_LIMITS["regional"]
    integration = rules.integration_rule(max(rules.INTEGRATION))
    points = [
        t("sel_method_census", lang),
        t(
            "sel_method_rules",
            lang,
            multiplier=number(rules.SKB_ADVANCE_MULTIPLIER, lang),
            skd=number(100 * integration.skd_weight, lang),
            skb=number(100 * integration.skb_weight, lang),
            cat_min=number(100 * limits.cat_min, lang),
            extra_max=number(100 * limits.extra_max[None], lang),
            source=limits.source,
            integration_source=integration.source,
        ),
    ]
    attrs = designs.attrs if present(designs) else {}
    basis = attrs.get("basis", "none")
    n_boot = number(attrs.get("n_boot", 0), lang)
    if basis == "records":
        points.append(t("sel_method_records", lang, n_boot=n_boot))
    elif basis in ("published", "supplied"):
        given = attrs.get("validities", {})
        used = {c: given[c] for c in sorted(given, key=_score_order)}
        listed = "; ".join(
            f"{_lower(label('score_' + c, lang))} "
            + (t("sel_no_own_weight", lang) if v is None else number(v, lang, 2))
            for c, v in used.items()
        )
        key = "sel_method_published" if basis == "published" else "sel_method_supplied"
        points.append(t(key, lang, validities=listed, n_boot=n_boot))
    if attrs.get("n_boot_redrawn", 0) > 0:
        points.append(t("sel_method_redrawn", lang, n=number(attrs["n_boot_redrawn"], lang)))
    if basis != "none":
        points.append(t("sel_method_claims", lang))
    if stage_costs and basis != "none":
        rates = "; ".join(
            f"{_name(PART_KEYS, c, lang) if c != 'skd' else 'SKD'} Rp {number(v, lang)}"
            for c, v in stage_costs.items()
        )
        points.append(t("sel_method_cost", lang, rates=rates))
        if "utility" in designs:
            points.append(
                t(
                    "sel_method_utility",
                    lang,
                    tenure=number(tenure_years, lang),
                    share=number(100 * rules.SDY_SHARE_OF_PAY, lang),
                )
            )
    points.append(t("sel_method_fairness", lang, line=number(rules.FOUR_FIFTHS, lang, 2)))
    points.append(t("sel_method_icc", lang))
    if audit is None or present(audit):
        basis = _audit_basis(audit) if audit is not None else "declared"
        key = {"inferred": "sel_method_audit_inferred", "published_total": "sel_method_audit_total"}
        points.append(t(key.get(basis, "sel_method_audit"), lang))
    points.append(t("sel_method_hidden", lang, n=small_cell_min, mark=mark(small_cell_min)))
    return bullets("methods_title", points, lang=lang)
