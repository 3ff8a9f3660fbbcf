"""The words of notebook 04 (region comparison): the title, the scorecard's tables, the
policy features the regions' documents describe, and the comparison in sentences.

The numbers come from :func:`asnpolicy.compare.scorecard`; this module only words them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from IPython.display import Markdown

from ..io import Dataset
from ..privacy import SMALL_CELL_MIN, mark
from ..regions import REGIONS
from . import common
from .text import check_lang, has_text, label, number, t

__all__ = [
    "header",
    "highlighted_region",
    "indicator_label",
    "not_measured_table",
    "policy_features",
    "region_names",
    "scorecard_table",
    "summary",
    "unit_label",
]


def region_names(ds: Dataset, regions: Sequence[str]) -> list[str]:
    """Display names of ``regions`` (:meth:`Dataset.region_name`), in their order.

    >>> region_names(Dataset(), ["pauh", "bangko"])
    ['Pauh', 'Bangko']
    """
    return [ds.region_name(r) for r in regions]


def _joined(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('cmp_and', lang)} " + items[-1]


def highlighted_region(ds: Dataset, region: str | None) -> str | None:
    """The region to highlight, or None for "all"; an unknown region is an error.

    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> highlighted_region(ds, " Pauh "), highlighted_region(ds, "semua")
    ('pauh', None)
    """
    if region is None or str(region).strip().lower() in ("", "all", "semua"):
        return None
    key = str(region).strip().lower()
    if key not in ds.region_ids():
        raise ValueError(
            f"Region {region!r} is not in the data; regions present: "
            f"{', '.join(ds.region_ids()) or 'none'}. Use region='all' to highlight none."
        )
    return key


def header(ds: Dataset, region: str | None = "all", *, lang: str = "id") -> Markdown:
    """Title naming the regions compared (the highlighted one first), the synthetic-data
    banner when it applies (:func:`asnpolicy.narrative.common.header`).

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> header(ds, "pauh", lang="en").data.splitlines()[0]
    '# Region Comparison: Pauh beside Bangko'
    """
    check_lang(lang)
    focus = highlighted_region(ds, region)
    regions = ds.region_ids()
    if focus is None:
        title = _joined(region_names(ds, regions), lang)
    else:
        others = region_names(ds, [r for r in regions if r != focus])
        title = t("cmp_focus", lang, region=ds.region_name(focus), others=_joined(others, lang))
    return common.header(ds, "compare_title", lang=lang, title=title)


def unit_label(unit: str, lang: str = "id") -> str:
    """Axis label of a unit code (``share`` -> ``persen (%)``)."""
    return label(f"cmp_unit_{unit}", lang, str(unit))


def indicator_label(indicator: str, lang: str = "id", *, horizon_years: int = 5) -> str:
    """Display name of an indicator in ``lang``.

    Examples
    --------
    >>> indicator_label("validity_tiu", "en")
    'Validity: TIU (general intelligence)'
    >>> indicator_label("retirement_share", "id", horizon_years=3)
    'Pegawai pensiun dalam 3 tahun'
    """
    check_lang(lang)
    if indicator in ("validity", "panel_icc"):  # the family, as in ``attrs["not_measured"]``
        return t(f"cmp_ind_{indicator}_stages", lang)
    for prefix, key, stage_key in (
        ("validity_", "cmp_ind_validity", "score_"),
        ("panel_icc_", "cmp_ind_panel_icc", "cmp_stage_"),
    ):
        if indicator.startswith(prefix):
            code = indicator.removeprefix(prefix)
            stage = label(stage_key + code, lang, code)
            return t(key, lang, stage=stage)
    key = f"cmp_ind_{indicator}"
    return t(key, lang, years=horizon_years) if has_text(key) else indicator.replace("_", " ")


def _display(value: float, unit: str, lang: str) -> str:
    if pd.isna(value):
        return "-"
    if unit == "share":
        return number(100 * value, lang, 1) + " %"
    decimals = {"count": 0, "days": 1, "ikm": 2, "applicants_per_post": 1, "hours": 1}
    return number(value, lang, decimals.get(unit, 2))


def _cell(row, lang: str, hidden: str) -> str:
    if row.suppressed:
        return hidden
    if row.n == 0 or pd.isna(row.value):
        return t("cmp_not_available", lang)
    text = _display(row.value, row.unit, lang)
    if pd.notna(row.ci_low) and pd.notna(row.ci_high):
        text += (
            f" [{_display(row.ci_low, row.unit, lang)}; {_display(row.ci_high, row.unit, lang)}]"
        )
    extra = []
    if isinstance(row.band, str):
        extra.append(label(f"cmp_band_{row.band}", lang, row.band))
    if isinstance(row.group, str):
        extra.append(_code_label(row.group, lang))
    text += f" (n = {number(row.n, lang)}"
    text += "; " + ", ".join(extra) + ")" if extra else ")"
    return text


def _code_label(code: str, lang: str) -> str:
    return label(f"cmp_code_{code}", lang, code.replace("_", " "))


def scorecard_table(
    card: pd.DataFrame,
    ds: Dataset,
    *,
    domain: str | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """A scorecard block for reading: one row per indicator, one column per region.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard` (already suppressed).
    ds : Dataset
        For the regions' names.
    domain : str, optional
        One of :data:`DOMAINS`; default all.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the indicator's name (index named in ``lang``): the unit, then per region
        ``value [ci_low; ci_high] (n = ...; band or group)``; a suppressed value shows as
        ``<5`` (the card's ``small_cell_min``), a missing one as ``-`` in words.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["pauh"], "domain": "needs",
    ...     "indicator": "shortage_rate", "value": [0.125], "ci_low": float("nan"),
    ...     "ci_high": float("nan"), "n": [40], "unit": "share", "band": None, "group": None,
    ...     "suppressed": False})
    >>> scorecard_table(card, Dataset(), lang="en").iloc[0].tolist()
    ['percent (%)', '12.5 % (n = 40)']
    """
    check_lang(lang)
    rows = card if domain is None else card[card["domain"] == domain]
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    years = card.attrs.get("horizon_years", 5)
    regions = list(pd.unique(rows["region_id"]))
    indicators = list(pd.unique(rows["indicator"]))
    cells = pd.Series(
        [_cell(r, lang, hidden) for r in rows.itertuples()],  # one per region and indicator
        index=pd.MultiIndex.from_frame(rows[["indicator", "region_id"]]),
    ).unstack("region_id")
    cells = cells.reindex(index=indicators, columns=regions)
    units = rows.drop_duplicates("indicator").set_index("indicator")["unit"]
    table = pd.DataFrame(
        {t("cmp_col_unit", lang): [unit_label(units[i], lang) for i in indicators]},
        index=indicators,
    )
    table[region_names(ds, regions)] = cells.to_numpy()
    table.index = pd.Index(
        [indicator_label(i, lang, horizon_years=years) for i in indicators],
        name=t("cmp_col_indicator", lang),
    )
    return table


def not_measured_table(card: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """What the scorecard could not measure, and why (``attrs["not_measured"]``).

    Examples
    --------
    >>> card = pd.DataFrame(columns=["indicator"])
    >>> card.attrs["not_measured"] = {"time_to_hire": "the data model has no dates of hire"}
    >>> not_measured_table(card, lang="en").index.tolist()
    ['Time to hire']
    """
    check_lang(lang)
    reasons = card.attrs.get("not_measured", {})
    years = card.attrs.get("horizon_years", 5)
    labels, texts = [], []
    for indicator, reason in reasons.items():
        labels.append(indicator_label(indicator, lang, horizon_years=years))
        key = f"cmp_reason_{indicator}"
        if has_text(key):
            texts.append(t(key, lang))
        elif reason.startswith("needs the table(s) "):
            texts.append(t("cmp_reason_tables", lang, tables=reason.split(") ", 1)[1]))
        else:
            texts.append(reason)
    return pd.DataFrame(
        {t("cmp_col_reason", lang): texts},
        index=pd.Index(labels, name=t("cmp_col_indicator", lang)),
    )


#: The profile fields shown by :func:`policy_features`, in order.
_FEATURES = (
    "stresses",
    "selection_stages",
    "fixed_stage_weights",
    "panel_type",
    "panel_members",
    "registration_channels",
    "online_registration",
    "document_upload",
    "training_programmes",
    "training_partners",
    "feedback_practices",
    "merit_practices",
)


def policy_features(ds: Dataset, *, lang: str = "id") -> pd.DataFrame:
    """What each region's policy documents describe (:class:`asnpolicy.regions.PolicyProfile`).

    Parameters
    ----------
    ds : Dataset
        Its regions are shown; a region not in the registry has no documented profile.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the feature's name in ``lang``, one column per region (its name): the
        feature's entries in words, ``-`` when the document names none.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> policy_features(ds, lang="en").loc["Panel", "Bangko"]
    'external'
    """
    check_lang(lang)
    regions = ds.region_ids()
    yes, no = t("yes", lang), t("no", lang)
    columns = {}
    for region in regions:
        profile = REGIONS[region].profile if region in REGIONS else None
        values = []
        for feature in _FEATURES:
            if profile is None:
                values.append(t("cmp_not_documented", lang) if feature == "stresses" else "-")
                continue
            if feature == "stresses":
                values.append(getattr(profile, f"stresses_{lang}"))  # the document's words
                continue
            value = getattr(profile, feature)
            if isinstance(value, bool):
                values.append(yes if value else no)
            elif isinstance(value, str):
                values.append(_code_label(value, lang))
            else:
                values.append(", ".join(_code_label(v, lang) for v in value) or "-")
        columns[ds.region_name(region)] = values
    return pd.DataFrame(
        columns,
        index=pd.Index(
            [t(f"cmp_feature_{f}", lang) for f in _FEATURES], name=t("cmp_col_feature", lang)
        ),
    )


def _lower_first(text: str) -> str:
    """``Time to hire`` -> ``time to hire``; ``IKM ...`` stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _extremes(card: pd.DataFrame, indicator: str):
    """(lowest row, highest row) of a shown indicator, or None when fewer than two regions."""
    rows = card[(card["indicator"] == indicator) & ~card["suppressed"] & card["value"].notna()]
    if len(rows) < 2:
        return None
    return rows.loc[rows["value"].idxmin()], rows.loc[rows["value"].idxmax()]


def summary(
    card: pd.DataFrame, ds: Dataset, *, region: str | None = "all", lang: str = "id"
) -> Markdown:
    """The comparison in a few sentences: the range of each key indicator across regions and
    which region sits at each end, adverse impact, the most valid stage, what is not measured.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard`.
    ds : Dataset
        For the regions' names.
    region : str, optional
        Region highlighted in the report (named in the last sentence); ``"all"`` for none.
    lang : {"id", "en"}

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> from asnpolicy.compare import scorecard
    >>> text = summary(scorecard(ds, n_boot=20), ds, lang="en").data
    >>> "Online registration ranges from" in text
    True
    """
    check_lang(lang)
    focus = highlighted_region(ds, region)
    years = card.attrs.get("horizon_years", 5)
    name = {r: common.escape_markdown(ds.region_name(r)) for r in pd.unique(card["region_id"])}

    def span(indicator: str, key: str) -> str | None:
        ends = _extremes(card, indicator)
        if ends is None:
            return None
        low, high = ends
        return t(
            key,
            lang,
            low=_display(low["value"], low["unit"], lang),
            low_region=name[low["region_id"]],
            high=_display(high["value"], high["unit"], lang),
            high_region=name[high["region_id"]],
            years=years,
        )

    sentences = [
        s
        for s in (
            span("shortage_rate", "cmp_summary_shortage"),
            span("retirement_share", "cmp_summary_retirement"),
            span("applicants_per_post", "cmp_summary_applicants"),
            span("online_registration_share", "cmp_summary_online"),
        )
        if s
    ]
    shown = card[~card["suppressed"] & card["value"].notna()]
    icc = shown[shown["indicator"].str.startswith("panel_icc_")]
    if len(icc):
        best, worst = icc.loc[icc["value"].idxmax()], icc.loc[icc["value"].idxmin()]
        sentences.append(
            t(
                "cmp_summary_icc",
                lang,
                high=number(best["value"], lang, 2),
                high_region=name[best["region_id"]],
                high_panel=_code_label(best["group"], lang),
                low=number(worst["value"], lang, 2),
                low_region=name[worst["region_id"]],
                low_panel=_code_label(worst["group"], lang),
            )
        )
    adverse = shown[
        shown["indicator"].str.startswith("impact_ratio_") & shown["band"].eq("adverse")
    ]
    if len(adverse):
        parts = [
            f"{name[r.region_id]} ({t(r.indicator.replace('impact_ratio_', 'cmp_var_'), lang)}"
            f": {_code_label(r.group, lang)} "
            f"{common.format_interval(r.value, r.ci_low, r.ci_high, lang)})"
            for r in adverse.itertuples()
        ]
        sentences.append(t("cmp_summary_adverse", lang, parts="; ".join(parts)))
    elif shown["indicator"].str.startswith("impact_ratio_").any():
        sentences.append(t("cmp_summary_no_adverse", lang))
    validity = shown[shown["indicator"].str.startswith("validity_")]
    clear = validity[validity["ci_low"] > 0]
    if len(validity) and clear.empty:
        sentences.append(t("cmp_summary_validity_none", lang))
    elif len(clear):
        best = clear.loc[clear["value"].idxmax()]
        sentences.append(
            t(
                "cmp_summary_validity",
                lang,
                stage=indicator_label(best["indicator"], lang).split(": ", 1)[-1],
                region=name[best["region_id"]],
                r=number(best["value"], lang, 2),
                low=number(best["ci_low"], lang, 2),
                high=number(best["ci_high"], lang, 2),
                n=number(best["n"], lang),
            )
        )
    ikm = _extremes(card, "ikm")
    if ikm is not None:
        low, high = ikm
        sentences.append(
            t(
                "cmp_summary_ikm",
                lang,
                low=number(low["value"], lang, 2),
                low_band=low["band"],
                low_region=name[low["region_id"]],
                high=number(high["value"], lang, 2),
                high_band=high["band"],
                high_region=name[high["region_id"]],
            )
        )
    merit_span = span("merit_promotion_share", "cmp_summary_merit")
    if merit_span:
        sentences.append(merit_span)
    missing = card.attrs.get("not_measured", {})
    if missing:
        sentences.append(
            t(
                "cmp_summary_not_measured",
                lang,
                items="; ".join(
                    _lower_first(indicator_label(i, lang, horizon_years=years)) for i in missing
                ),
            )
        )
    if focus is not None:
        sentences.append(t("cmp_summary_focus", lang, region=name.get(focus, focus)))
    return Markdown(" ".join(sentences))
