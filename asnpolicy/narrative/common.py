"""The words of a report: header with provenance, summaries in sentences, readable tables.

Functions return IPython ``Markdown`` objects or display-ready DataFrames; they print nothing.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from .. import keys, rules, workforce
from ..io import Dataset, package_version
from ..privacy import SMALL_CELL_MIN, mark, suppress
from ..regions import REGIONS
from .text import date, label, number, t

__all__ = [
    "audit_table",
    "designs_table",
    "escape_markdown",
    "formasi_table",
    "header",
    "impact_table",
    "region_name",
    "section",
    "selection_summary",
    "workforce_summary",
]


#: Characters that Markdown (and the HTML inside it, and the math of JupyterLab) would read as
#: markup rather than text: each is written with a backslash, which CommonMark renders as the
#: character itself.
_MARKDOWN_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~$&!])")


def escape_markdown(text: object) -> str:
    r"""``text`` from the data (a unit's name, a path) as literal Markdown text.

    Line breaks and runs of spaces become one space (a line break could start a heading or a
    block of HTML) and every character Markdown or HTML would read as markup is escaped, so a
    name such as ``<script>...`` or ``[x](javascript:...)`` shows as written and runs nothing.

    Examples
    --------
    >>> escape_markdown("<img src=x onerror=alert(1)>")
    '\\<img src=x onerror=alert(1)\\>'
    >>> escape_markdown("Dinas P & K\n# x")
    'Dinas P \\& K \\# x'
    """
    return _MARKDOWN_MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def region_name(ds: Dataset, region: str) -> str:
    """Display name of ``region`` (registry first, then the data's regions table)."""
    if region in REGIONS:
        return REGIONS[region].name
    if ds.regions is not None:
        names = ds.regions.set_index("region_id")["name"]
        if region in names:
            return str(names[region])
    return region


def header(ds: Dataset, title_key: str, region: str, *, lang: str = "id") -> Markdown:
    """Title and, for simulator data, the synthetic-data banner. The summary follows it, then
    :func:`provenance`."""
    lines = [f"# {t(title_key, lang, region=escape_markdown(region_name(ds, region)))}", ""]
    if ds.synthetic:
        lines += [f"> **{t('synthetic_banner', lang)}**", ""]
    return Markdown("\n".join(lines))


def provenance(ds: Dataset, *, lang: str = "id") -> Markdown:
    """A box saying where the data came from: source (synthetic or a path), the date they
    describe, their content hash and the package version."""
    source = t("synthetic_source", lang) if ds.synthetic else ds.source
    text = t(
        "provenance",
        lang,
        source=html.escape(" ".join(str(source).split())),  # inside a block of HTML
        as_of=date(workforce.snapshot_date(ds), lang),
        hash=ds.content_hash(),
        version=package_version(),
    )
    style = (
        "border-left: 4px solid #9aa5b1; background: #f3f5f7; padding: .5em 1em; "
        "margin: 1em 0; font-size: 90%"
    )
    return Markdown(f'<div class="provenance" style="{style}">{text}</div>')


def show(table: pd.DataFrame) -> Styler:
    """A report table for display: no 0..n row index, text left-aligned, numbers right.

    A named index (e.g. the indicator of a scorecard) becomes the first column.

    >>> "row_heading" in show(pd.DataFrame({"unit": ["A"], "n": ["12"]})).to_html()
    False
    >>> named = pd.DataFrame({"n": ["12"]}, index=pd.Index(["A"], name="unit"))
    >>> ">unit<" in show(named).to_html()
    True
    """
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    numeric = [
        c for c in table.columns if table[c].astype(str).str.match(r"^[<\-\d.,\s%\[\];]*$").all()
    ]
    return (
        table.style.hide(axis="index")
        .format(escape="html")  # text from the data shows as written and runs nothing
        .format_index(escape="html", axis="columns")
        .set_properties(**{"text-align": "left"})
        .set_properties(subset=numeric, **{"text-align": "right"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def section(key: str, *, lang: str = "id") -> Markdown:
    """A section heading in ``lang``."""
    return Markdown(f"## {t(key, lang)}")


def workforce_summary(
    ds: Dataset,
    gap: pd.DataFrame,
    projection: pd.DataFrame,
    forecast: pd.DataFrame,
    plan: pd.DataFrame,
    region: str,
    *,
    lang: str = "id",
    as_of=None,
    top_units: int = 3,
) -> Markdown:
    """The key numbers of the workforce analysis in four sentences."""
    as_of = workforce._as_of(ds, as_of)
    total = gap[gap["level"] == "region"].iloc[0]
    balance = _balance(total["gap"], lang)
    sentences = [
        t(
            "workforce_summary_now",
            lang,
            as_of=date(as_of, lang),
            region=escape_markdown(region_name(ds, region)),
            headcount=number(total["headcount"], lang),
            required=number(total["required_fte"], lang, 1),
            balance=balance,
        )
    ]
    units = gap[(gap["level"] == "unit") & (gap["gap"] > 0)].nlargest(top_units, "gap")
    if len(units):
        names = keys.lookup(units["unit_id"], ds.units.set_index("unit_id")["name"])
        listed = [
            f"{escape_markdown(n)} ({number(g, lang, 1)} FTE)"
            for n, g in zip(names, units["gap"], strict=True)
        ]
        sentences.append(t("workforce_summary_units", lang, units="; ".join(listed)))
    else:
        sentences.append(t("workforce_summary_units_none", lang))
    region_rows = forecast[forecast["level"] == "region"]
    last = int(region_rows["year"].max())
    sentences.append(
        t(
            "workforce_summary_retire",
            lang,
            years=last - as_of.year,
            first=as_of.year + 1,
            last=last,
            retirements=number(projection["retirements"].sum(), lang),
            balance_end=_balance(region_rows.loc[region_rows["year"] == last, "gap"].sum(), lang),
        )
    )
    sentences.append(t("workforce_summary_plan", lang, n=number(len(plan), lang)))
    return Markdown(" ".join(sentences))


def _balance(gap: float, lang: str) -> str:
    """'a shortage of x FTE' or 'a surplus of x FTE'."""
    if gap > 0:
        return t("balance_short", lang, gap=number(gap, lang, 1))
    return t("balance_surplus", lang, gap=number(-gap, lang, 1))


def formasi_table(
    plan: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    top: int = 15,
    small_cell_min: int = SMALL_CELL_MIN,
) -> pd.DataFrame:
    """The top of :func:`workforce.formasi_plan` with translated headers; retirement counts
    under ``small_cell_min`` people are hidden.

    The need is the rounded sum of today's gap and the retirements, so where the retirements
    are hidden today's gap is hidden too: need minus gap would give them back."""
    head = suppress(plan.head(top), "retirements", ["gap_now"], min_n=small_cell_min)
    hidden = mark(small_cell_min)
    yes, no = t("yes", lang), t("no", lang)
    table = pd.DataFrame(
        {
            t("col_unit", lang): keys.lookup(
                head["unit_id"], ds.units.set_index("unit_id")["name"]
            ),
            t("col_title", lang): head["title"],
            t("col_front_line", lang): head["front_line"].map({True: yes, False: no}),
            t("col_gap_now", lang): [
                hidden if s else number(x, lang, 1)
                for x, s in zip(head["gap_now"], head["suppressed"], strict=True)
            ],
            t("col_retirements", lang): [
                hidden if s else number(x, lang)
                for x, s in zip(head["retirements"], head["suppressed"], strict=True)
            ],
            t("col_need", lang): [number(x, lang) for x in head["need"]],
            t("col_priority", lang): [number(x, lang, 1) for x in head["priority"]],
            t("col_competency", lang): [
                "/".join("-" if pd.isna(v) else str(int(v)) for v in row)
                for row in head[["req_teknis", "req_manajerial", "req_sosial_kultural"]].to_numpy()
            ],
        }
    )
    table.index = range(1, len(table) + 1)
    return table


def selection_summary(
    ds: Dataset,
    funnel_table: pd.DataFrame,
    modes: pd.DataFrame,
    reliability: pd.DataFrame,
    designs: pd.DataFrame,
    audit,
    region: str,
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
            "design" if lang == "en" else "desain": designs["policy"],
            "official" if lang == "en" else "resmi": designs["official"].map(
                {True: yes, False: no}
            ),
            "n": [number(x, lang) for x in designs["n_selected"]],
            measure: [
                _interval(m, lo, hi, lang, 3)
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
            "overlap" if lang == "en" else "sama dengan yang diangkat": [
                number(100 * o, lang, 0) + " %" for o in designs["overlap"]
            ],
        }
    )
    for column in [c for c in designs if c.startswith("min_impact_ratio_")]:
        out[column.replace("min_impact_ratio_", "AI ")] = [
            number(v, lang, 2) for v in designs[column]
        ]
    if "cost" in designs:
        out["Rp (juta)" if lang == "id" else "Rp (million)"] = [
            number(c / 1e6, lang, 0) for c in designs["cost"]
        ]
    return out


def impact_table(
    ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> pd.DataFrame:
    """Adverse impact in the recorded appointments by gender and origin; groups of fewer than
    ``small_cell_min`` applicants or appointees are hidden."""
    from ..fairness import adverse_impact

    rows = []
    for group in ("gender", "origin", "registration_mode"):
        result = adverse_impact(ds.applicants, group, selected="hired")
        small = (result["n"] < small_cell_min) | (
            (result["selected"] > 0) & (result["selected"] < small_cell_min)
        )
        for r, hide in zip(result.itertuples(index=False), small, strict=True):
            hidden = mark(small_cell_min)
            rows.append(
                {
                    "group" if lang == "en" else "kelompok": f"{group}: {r.group}",
                    "n": hidden if hide else number(r.n, lang),
                    "rate" if lang == "en" else "tingkat": hidden
                    if hide
                    else f"{number(100 * r.rate, lang, 1)} %",
                    "ratio" if lang == "en" else "rasio": hidden
                    if hide
                    else f"{number(r.impact_ratio, lang, 2)} [{number(r.ratio_ci_low, lang, 2)}; "
                    f"{number(r.ratio_ci_high, lang, 2)}]",
                    "< 4/5": ""
                    if hide
                    else (t("yes", lang) if r.adverse_impact else t("no", lang)),
                }
            )
    return pd.DataFrame(rows)


def audit_table(audit, *, lang: str = "id") -> pd.DataFrame:
    """Which SKB weighting reproduces the recorded appointments."""
    return pd.DataFrame(
        {
            "weights" if lang == "en" else "bobot": [
                ", ".join(f"{k} {number(100 * v, lang)} %" for k, v in w.items())
                for w in audit.weights_fit["weights"]
            ],
            "formasi" if lang == "id" else "formasi reproduced": [
                number(100 * v, lang, 1) + " %" for v in audit.weights_fit["formasi_agreeing"]
            ],
            "hires" if lang == "en" else "pengangkatan": [
                number(100 * v, lang, 1) + " %" for v in audit.weights_fit["hires_agreeing"]
            ],
        }
    )


def _interval(value: float, low: float, high: float, lang: str, decimals: int = 2) -> str:
    return (
        f"{number(value, lang, decimals)} [{number(low, lang, decimals)}; "
        f"{number(high, lang, decimals)}]"
    )


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
                r=_interval(best["corrected"], best["ci_low"], best["ci_high"], lang),
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
                f"{_interval(r.effect, r.ci_low, r.ci_high, lang)}"
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
    names = rules.IKM_ELEMENTS.get(code)
    if names is None:
        return str(code)
    return f"{code.upper()} {names[0] if lang == 'id' else names[1]}"


def validity_table(validity: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Observed and corrected validities, formatted for reading."""
    many = validity["region_id"].nunique() > 1 if len(validity) else False
    return pd.DataFrame(
        {
            **({"region": validity["region_id"]} if many else {}),
            t("col_stage", lang): [label("score_" + p, lang, p) for p in validity["predictor"]],
            "n": [number(n, lang) for n in validity["n"]],
            t("validity_observed", lang): [
                _interval(v, lo, hi, lang)
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
                _interval(v, lo, hi, lang)
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
                "-" if ref else _interval(e, lo, hi, lang)
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
            t("col_unit", lang): triggers["name"],
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
                hidden if f else _interval(v, lo, hi, lang)
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
            hidden if f else "-" if pd.isna(v) else _interval(v, lo, hi, lang, decimals)
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
                gain=_interval(best["gain"], best["gain_ci_low"], best["gain_ci_high"], lang, 1),
                n=number(best["n_employees"], lang),
            )
        )
    clear = effects[(effects["performance_ci_low"] > 0) | (effects["performance_ci_high"] < 0)]
    if len(clear):
        parts = [
            f"{name[g]} {_interval(v, lo, hi, lang)} (n = {number(n, lang)})"
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
            values.append(_interval(100 * v, 100 * lo, 100 * hi, lang, 0) + " %")
        else:
            values.append(_interval(v, lo, hi, lang, 2))
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
