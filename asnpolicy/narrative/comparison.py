"""The words of notebook 04 (region comparison): the title, the scorecard's tables, each
region's recruitment policy (:func:`asnpolicy.policy.region_policy`: the data's
``region_policies`` row, else the registry's document, else "not recorded"), and the
comparison in sentences. Data of one region are said to be one region, with what a
comparison needs; a block the data cannot show says which tables it needs
(:func:`domain_ready`, in the words of :mod:`asnpolicy.narrative.guard`).

The numbers come from :func:`asnpolicy.compare.scorecard`; this module only words them, and
decides through :mod:`asnpolicy.narrative.claims` what a sentence may claim: where the
highlighted region stands on each indicator (:func:`positions`: its rank, and whether the
intervals of its differences from the other regions exclude 0), whether an impact ratio is a
finding, which region kinds are compared (a kecamatan beside kabupaten and kota).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from IPython import display as ipython_display
from IPython.display import Markdown

from .. import compare, rules
from ..io import Dataset
from ..policy import region_policies
from ..privacy import SMALL_CELL_MIN, mark
from . import claims, common, guard
from .page import ReportTable, show
from .text import check_lang, has_text, join_and, label, number, t

__all__ = [
    "MANY_REGIONS",
    "NAMES_MAX",
    "domain_missing",
    "domain_ready",
    "domain_table",
    "counts_people",
    "header",
    "highlighted_region",
    "only_region",
    "indicator_label",
    "key_numbers",
    "kinds_note",
    "methods",
    "not_measured_table",
    "policy_features",
    "policy_hint",
    "policy_table",
    "position_text",
    "positions",
    "recommendations",
    "region_names",
    "scorecard_data",
    "scorecard_table",
    "summary",
    "unit_label",
]


#: More regions than this are drawn as strips, not rows, in a figure, and a page's table with
#: a highlighted region shows its column and standing only (the workbook keeps every region).
MANY_REGIONS = 30
#: More regions than this are counted, not named, in a page's title and in a sentence that
#: lists regions (a national comparison would name 552).
NAMES_MAX = 6


def region_names(ds: Dataset, regions: Sequence[str]) -> list[str]:
    """Display names of ``regions`` (:meth:`Dataset.region_name`), in their order.

    >>> region_names(Dataset(), ["pauh", "bangko"])
    ['Pauh', 'Bangko']
    """
    return ds.region_names(regions)


def only_region(ds: Dataset) -> str | None:
    """The region of data that hold one region only (nothing to compare it with), else None.

    >>> from asnpolicy.synth import generate
    >>> only_region(generate(regions=["pauh"], years=(2024,), scale=0.3))
    'pauh'
    """
    regions = ds.region_ids()
    return regions[0] if len(regions) == 1 else None


def highlighted_region(ds: Dataset, region: str | None) -> str | None:
    """The region to highlight, or None for "all"; an unknown region is an error (data
    without any region highlight none).

    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> highlighted_region(ds, " Pauh "), highlighted_region(ds, "semua")
    ('pauh', None)
    """
    if region is None or str(region).strip().lower() in ("", "all", "semua"):
        return None
    key = str(region).strip().lower()
    if key not in ds.region_ids() and ds.region_ids():
        raise ValueError(
            f"Region {region!r} is not in the data; regions present: "
            f"{', '.join(ds.region_ids()) or 'none'}. Use region='all' to highlight none."
        )
    return key if key in ds.region_ids() else None


def header(ds: Dataset, region: str | None = "all", *, lang: str = "id") -> Markdown:
    """Title naming the regions compared (the highlighted one first), the synthetic-data
    banner when it applies (:func:`asnpolicy.narrative.common.header`). Data of one region
    are titled as such: there is no other region to name (:func:`summary` says what a
    comparison needs).

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> header(ds, "pauh", lang="en").data.splitlines()[0]
    '# Region Comparison: Pauh beside Bangko'
    >>> header(generate(regions=["pauh"], years=(2024,), scale=0.3), "pauh", lang="en"
    ...        ).data.splitlines()[0]
    '# Region Comparison: Pauh (one region)'
    """
    check_lang(lang)
    focus = highlighted_region(ds, region)
    regions = ds.region_ids()
    alone = only_region(ds)
    if alone is not None:
        title = t("cmp_one_region", lang, region=ds.region_name(alone))
    elif not regions:
        title = t("cmp_no_region", lang)
    elif focus is None and len(regions) > NAMES_MAX:
        title = t("cmp_many", lang, n=number(len(regions), lang, 0))
    elif focus is None:
        title = join_and(region_names(ds, regions), lang)
    elif len(regions) - 1 > NAMES_MAX:
        others = number(len(regions) - 1, lang, 0)
        title = t("cmp_focus_many", lang, region=ds.region_name(focus), n=others)
    else:
        others = region_names(ds, [r for r in regions if r != focus])
        title = t("cmp_focus", lang, region=ds.region_name(focus), others=join_and(others, lang))
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
    decimals = {"count": 0, "fte": 1, "days": 1, "ikm": 2, "applicants_per_post": 1, "hours": 1}
    return number(value, lang, decimals.get(unit, 2))


def _signed(text: str, value: float) -> str:
    """A balance with its sign: ``+2,2`` a net shortage, ``-229,2`` a net surplus."""
    return f"+{text}" if pd.notna(value) and value > 0 else text


def _with_interval(value: float, low: float, high: float, unit: str, lang: str) -> str:
    """``value [low; high]`` in the unit's format; the value alone without an interval."""
    text = _display(value, unit, lang)
    if pd.notna(low) and pd.notna(high):
        text += f" [{_display(low, unit, lang)}; {_display(high, unit, lang)}]"
    return text


def _cell(row, lang: str, hidden: str) -> str:
    if row.suppressed:
        return hidden
    if row.n == 0 or pd.isna(row.value):
        return t("cmp_not_available", lang)
    text = _with_interval(row.value, row.ci_low, row.ci_high, row.unit, lang)
    if row.indicator == "net_balance":
        text = _signed(text, row.value)
    extra = []
    if row.unit == "ratio":  # a finding only when the whole interval is below 4/5
        extra.append(claims.verdict_words(claims.ratio_verdict(row.ci_low, row.ci_high), lang))
    elif isinstance(row.band, str):
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
    region: str | None = None,
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
    region : str, optional
        The highlighted region: a last column says where it stands (:func:`position_text`).
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the indicator's name (index named in ``lang``): the unit, then per region
        ``value [ci_low; ci_high] (n = ...; band or group)`` (no interval for a census); a
        suppressed value shows as ``<5`` (the card's ``small_cell_min``), a missing one as
        ``-`` in words.

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
    focus = highlighted_region(ds, region) if region is not None else None
    return _scorecard_table(card, ds, domain=domain, focus=focus, lang=lang)


def _scorecard_table(
    card: pd.DataFrame,
    ds: Dataset,
    *,
    domain: str | None,
    focus: str | None,
    lang: str,
    shown: Sequence[str] | None = None,
    where: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`scorecard_table` of the highlighted region ``focus``, with a column for each
    of ``shown`` regions only (default all) and ``where``, ``positions(card, focus)``, when
    found already."""
    rows = card if domain is None else card[card["domain"] == domain]
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    years = card.attrs.get("horizon_years", 5)
    indicators = list(pd.unique(rows["indicator"]))
    units = rows.drop_duplicates("indicator").set_index("indicator")["unit"]
    if shown is not None:
        rows = rows[rows["region_id"].isin(shown)]
    regions = list(pd.unique(rows["region_id"]))
    cells = pd.Series(
        [_cell(r, lang, hidden) for r in rows.itertuples()],  # one per region and indicator
        index=pd.MultiIndex.from_frame(rows[["indicator", "region_id"]]),
    ).unstack("region_id")
    cells = cells.reindex(index=indicators, columns=regions)
    table = pd.DataFrame(
        {t("cmp_col_unit", lang): [unit_label(units[i], lang) for i in indicators]},
        index=indicators,
    )
    table[region_names(ds, regions)] = cells.to_numpy()
    if focus is not None and len(rows) and card["region_id"].nunique() > 1:
        where = (positions(card, focus) if where is None else where).set_index("indicator")
        where = where.reindex(indicators)
        kinds = _kinds_differ(card)
        column = t("cmp_col_position", lang, region=ds.region_name(focus))
        table[column] = [position_text(r, lang, kinds_differ=kinds) for r in where.itertuples()]
    table.index = pd.Index(
        [indicator_label(i, lang, horizon_years=years) for i in indicators],
        name=t("cmp_col_indicator", lang),
    )
    return table


def scorecard_data(card: pd.DataFrame, ds: Dataset, *, domain: str | None = None,
                   lang: str = "id") -> pd.DataFrame:  # fmt: skip
    """A scorecard block in full for the workbook: one row per indicator and region, numbers
    unformatted (shares in percent), hidden small cells as ``<5``.

    Examples
    --------
    >>> card = pd.DataFrame({"region_id": ["pauh"], "domain": "needs",
    ...     "indicator": "shortage_rate", "value": [0.125], "ci_low": float("nan"),
    ...     "ci_high": float("nan"), "n": [40], "unit": "share", "band": None, "group": None,
    ...     "basis": "census", "suppressed": False})
    >>> scorecard_data(card, Dataset(), lang="en").iloc[0].tolist()[:4]
    ['Gross shortage rate (share of the ABK requirement)', 'Pauh', 12.5, None]
    """
    check_lang(lang)
    rows = card if domain is None else card[card["domain"] == domain]
    years = card.attrs.get("horizon_years", 5)
    hidden = mark(card.attrs.get("small_cell_min", SMALL_CELL_MIN))
    scale = rows["unit"].eq("share").map({True: 100.0, False: 1.0})
    secret = rows["suppressed"].fillna(False).astype(bool).to_numpy()
    basis = rows["basis"] if "basis" in rows else pd.Series("sample", index=rows.index)

    def column(name: str) -> pd.Series:
        values = (rows[name].astype(float) * scale).astype(object)
        values[secret] = hidden
        return values.where(~values.isna(), None)

    n = rows["n"].astype(object)
    n[secret] = hidden
    return pd.DataFrame(
        {
            t("cmp_col_indicator", lang): [
                indicator_label(i, lang, horizon_years=years) for i in rows["indicator"]
            ],
            t("cmp_col_region", lang): region_names(ds, rows["region_id"]),
            t("cmp_col_value", lang): column("value").to_numpy(),
            t("cmp_col_ci_low", lang): column("ci_low").to_numpy(),
            t("cmp_col_ci_high", lang): column("ci_high").to_numpy(),
            "n": n.to_numpy(),
            t("cmp_col_unit", lang): [unit_label(u, lang) for u in rows["unit"]],
            t("cmp_col_basis", lang): basis.map(
                {
                    "census": t("cmp_basis_census", lang),
                    "sample": t("cmp_basis_sample", lang),
                    "published": t("cmp_basis_published", lang),
                }
            ).to_numpy(),
        }
    )


def _tables_phrase(tables: Sequence[str], lang: str) -> str:
    """``tabel pelamar (lembar atau berkas 'pelamar') dan tabel formasi (...)``: the guard's
    words for each table (:mod:`asnpolicy.narrative.guard`)."""
    return join_and(
        [
            t(
                "need_table",
                lang,
                table=label(f"need_table_{name}", lang, name),
                sheet=guard.sheet_name(name, lang),
            )
            for name in tables
        ],
        lang,
    )


def domain_missing(card: pd.DataFrame, domain: str, *, lang: str = "id") -> str | None:
    """The sentence a scorecard block shows when none of its indicators can be measured:
    the tables (in the guard's words, with the sheet to add) that would let it show
    something; alternatives joined by "atau"/"or". None when the block has values.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard`.
    domain : str
        One of :data:`asnpolicy.compare.DOMAINS`.
    lang : {"id", "en"}

    Examples
    --------
    >>> card = pd.DataFrame(columns=["domain"])
    >>> card.attrs["needs"] = {"days_to_verification": ("applicants", "formasi")}
    >>> domain_missing(card, "selection", lang="en")[:60]
    "This section needs the applicants table (sheet or file 'appl"
    """
    check_lang(lang)
    sets = compare.domain_needs(card, domain)
    if not sets:
        return None
    if sets == [()]:
        return guard.Missing(code="other").sentence(lang)
    if len(sets) == 1:
        return guard.Missing(tuple(sets[0])).sentence(lang)
    either = f", {t('cmp_or', lang)} ".join(_tables_phrase(tables, lang) for tables in sets)
    return t("need_inputs", lang, inputs=either)


def domain_ready(card: pd.DataFrame, domain: str, *, lang: str = "id") -> bool:
    """True when a scorecard block has values to show; else shows its sentence
    (:func:`domain_missing`, as :func:`asnpolicy.narrative.guard.ready` shows one) and
    returns False, so that the page shows no empty figure or table."""
    sentence = domain_missing(card, domain, lang=lang)
    if sentence is None:
        return True
    ipython_display.display(Markdown(f'<p class="report-missing">{sentence}</p>'))
    return False


#: Most rows a scorecard block shows before folding the others ("show n more rows").
_SHOWN_ROWS = 8


def domain_table(
    card: pd.DataFrame,
    ds: Dataset,
    *,
    domain: str,
    region: str | None = "all",
    lang: str = "id",
) -> ReportTable:
    """A scorecard block as a page table: titled, its full data for the workbook
    (:func:`scorecard_data`), long blocks folded. With a highlighted region, the rows where
    it stands out (separated from the others, or at an end of a census) come first.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard`.
    ds : Dataset
        For the regions' names.
    domain : str
        One of :data:`asnpolicy.compare.DOMAINS`.
    region : str, optional
        The highlighted region, or ``"all"``.
    lang : {"id", "en"}
    """
    focus = highlighted_region(ds, region)
    n_regions = card["region_id"].nunique()
    many = focus is not None and n_regions > MANY_REGIONS  # its column and standing; all in XLSX
    where = positions(card, focus) if focus is not None else None
    table = _scorecard_table(
        card, ds, domain=domain, focus=focus, lang=lang, shown=[focus] if many else None,
        where=where,
    )  # fmt: skip
    if where is not None and len(table) > _SHOWN_ROWS + 1:  # long: flagged rows first
        where = where[where["domain"] == domain].reset_index(drop=True)
        order = where["notable"].map({True: 0, False: 1}).sort_values(kind="stable").index
        table = table.iloc[order.to_numpy()]
    title = t("cmp_table_title", lang, domain=t(f"cmp_domain_{domain}", lang))
    if many:
        name = ds.region_name(focus)
        own = (t("cmp_col_unit", lang), name, t("cmp_col_position", lang, region=name))
        table = table[[c for c in own if c in table.columns]]
        title = t(
            "cmp_table_title_many",
            lang,
            domain=t(f"cmp_domain_{domain}", lang),
            region=name,
            n=number(n_regions, lang, 0),
        )
    shown, rest = table, None
    if len(table) > _SHOWN_ROWS + 1:
        shown, rest = table.iloc[:_SHOWN_ROWS], table.iloc[_SHOWN_ROWS:]
    return show(
        shown, title=title, data=scorecard_data(card, ds, domain=domain, lang=lang), rest=rest,
        lang=lang,
    )  # fmt: skip


def positions(card: pd.DataFrame, region: str) -> pd.DataFrame:
    """Where ``region`` stands on each indicator, decided by the wording rules.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard`.
    region : str
        The highlighted region.

    Returns
    -------
    DataFrame
        :func:`asnpolicy.compare.standing` plus ``others`` (other regions with an interval to
        compare with), ``separated`` (of those, how many the interval of the difference
        separates, :func:`claims.excludes`), ``tied`` (other regions with the same value),
        ``verdict`` (``highest`` / ``lowest``: every paired difference excludes 0,
        :func:`claims.clearly_highest`; ``some``: separated from some; ``not_separated``;
        ``census``: no interval, ranked only; ``alone``: no other region has a value;
        ``none``: the region has no value) and ``notable`` (worth saying: a separation, or a
        census value alone at the top or the bottom of a rate that compares).
    """
    where = compare.standing(card, region)
    diffs = compare.differences(card, region)
    diffs["excludes"] = claims.excludes(diffs["ci_low"], diffs["ci_high"])
    shown = card[~card["suppressed"].fillna(False).astype(bool) & card["value"].notna()]
    mine = where.set_index("indicator")["value"]
    same = shown[shown["region_id"] != region]
    tied = (same["value"] == same["indicator"].map(mine)).groupby(same["indicator"]).sum()
    verdicts, others, separated = [], [], []
    by_indicator = dict(list(diffs.groupby("indicator")))
    for row in where.itertuples():  # one per indicator
        part = by_indicator.get(row.indicator)
        count = 0 if part is None else len(part)
        apart = 0 if part is None else int(part["excludes"].sum())
        others.append(count)
        separated.append(apart)
        if pd.isna(row.value):
            verdicts.append("none")
        elif row.regions <= 1:
            verdicts.append("alone")
        elif row.basis == "census" or count == 0:
            verdicts.append("census")
        elif claims.clearly_highest(part["ci_low"], part["ci_high"]):
            verdicts.append("highest")
        elif claims.clearly_highest(-part["ci_high"], -part["ci_low"]):
            verdicts.append("lowest")
        else:
            verdicts.append("some" if apart else "not_separated")
    where["others"] = others
    where["separated"] = separated
    where["tied"] = where["indicator"].map(tied).fillna(0).astype(int)
    where["verdict"] = verdicts
    at_end = (where["rank"].eq(1) | where["rank"].eq(where["regions"])) & where["tied"].eq(0)
    census_end = where["verdict"].eq("census") & at_end.fillna(False) & ~where["size_dependent"]
    where["notable"] = where["verdict"].isin(["highest", "lowest", "some"]) | census_end
    return where


def position_text(
    row, lang: str = "id", *, kinds_differ: bool = False, census_mark: bool = True
) -> str:
    """Where the region stands on one indicator, in words (a row of :func:`positions`).

    Examples
    --------
    >>> row = pd.Series({"verdict": "census", "rank": 2, "regions": 4, "others": 0,
    ...                  "separated": 0, "size_dependent": False, "tied": 0})
    >>> position_text(row, "id")
    'peringkat 2 dari 4 (sensus)'
    >>> position_text(pd.Series({**row, "verdict": "not_separated"}), "en")
    'rank 2 of 4; not separated from the other regions'
    """
    verdict = _get(row, "verdict")
    if verdict == "none":
        return t("cmp_not_available", lang)
    if verdict == "alone":
        return t("cmp_pos_alone", lang)
    values = {
        "rank": number(_get(row, "rank"), lang),
        "m": number(_get(row, "regions"), lang),
        "k": number(_get(row, "separated"), lang),
        "o": number(_get(row, "others"), lang),
    }
    key = _POSITION_KEYS[verdict]
    if verdict == "census" and not census_mark:  # the sentence says "census" already
        key = "cmp_pos_rank"
    text = t(key, lang, **values)
    if _get(row, "tied"):
        text += t("cmp_pos_tied", lang, n=number(_get(row, "tied"), lang))
    if _get(row, "size_dependent") and kinds_differ:
        text += t("cmp_pos_size", lang)
    return text


#: The words of each position verdict (:func:`positions`).
_POSITION_KEYS = {
    "highest": "cmp_pos_highest",
    "lowest": "cmp_pos_lowest",
    "some": "cmp_pos_some",
    "not_separated": "cmp_pos_not_separated",
    "census": "cmp_pos_census",
}
#: The words of each region kind of the data model (``regions.kind``).
_KIND_KEYS = {"kabupaten": "cmp_kind_kabupaten", "kota": "cmp_kind_kota",
              "kecamatan": "cmp_kind_kecamatan"}  # fmt: skip


def counts_people(unit: str) -> bool:
    """Whether a unit counts people or FTE (:data:`asnpolicy.compare.SIZE_UNITS`): such
    values grow with a region's size and do not compare across kinds of region.

    >>> counts_people("fte"), counts_people("share")
    (True, False)
    """
    return unit in compare.SIZE_UNITS


def _get(row, name: str):
    return row[name] if isinstance(row, pd.Series) else getattr(row, name)


def _kinds_differ(card: pd.DataFrame) -> bool:
    kinds = {k for k in card.attrs.get("kinds", {}).values() if k}
    return len(kinds) > 1


def _headcounts(card: pd.DataFrame) -> pd.Series:
    """Staff in post per region: the ``n`` of the census rates over staff."""
    rows = card[card["indicator"] == "retirement_share"]
    return rows.set_index("region_id")["n"]


def kinds_note(card: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> str | None:
    """A sentence when the regions compared differ in kind (a kecamatan beside kabupaten and
    kota): which kind each is, with its staff, and that counts of people do not compare
    while rates do. None when they are all of one kind (or their kinds are not known).

    The kinds come from the data's ``regions`` table or the registry
    (``card.attrs["kinds"]``, :func:`asnpolicy.compare.region_kinds`).
    """
    check_lang(lang)
    kinds = card.attrs.get("kinds", {})
    if not _kinds_differ(card):
        return None
    staff = _headcounts(card)
    groups: dict[str, list[str]] = {}
    for region, kind in kinds.items():
        if kind:
            groups.setdefault(kind, []).append(region)
    parts = [
        t(
            "cmp_kind_group",
            lang,
            regions=_kind_members(regions, staff, ds, lang),
            kind=t(_KIND_KEYS[k], lang) if k in _KIND_KEYS else k,
        )
        for k, regions in groups.items()
    ]
    return t("cmp_kinds_differ", lang, parts="; ".join(parts))


def _kind_members(regions: list[str], staff: pd.Series, ds: Dataset, lang: str) -> str:
    """The regions of one kind with their staff, or, more than :data:`NAMES_MAX`, how many
    they are and the range of their staff."""
    counts = staff.reindex(regions)
    counts = counts[counts.notna() & (counts > 0)]
    if len(regions) > NAMES_MAX:
        if counts.empty:
            return t("cmp_kind_count", lang, n=number(len(regions), lang, 0))
        return t(
            "cmp_kind_count_staff",
            lang,
            n=number(len(regions), lang, 0),
            low=number(counts.min(), lang),
            high=number(counts.max(), lang),
        )
    names = []
    for region, name in zip(regions, ds.region_names(regions), strict=True):
        name = common.escape_markdown(name)
        if region in counts.index:
            name += " " + t("cmp_kind_staff", lang, n=number(counts[region], lang))
        names.append(name)
    return join_and(names, lang)


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
    needs = card.attrs.get("needs", {})
    years = card.attrs.get("horizon_years", 5)
    labels, texts = [], []
    for indicator, reason in reasons.items():
        labels.append(indicator_label(indicator, lang, horizon_years=years))
        key = f"cmp_reason_{indicator}"
        tables = needs.get(indicator)
        if tables is None and reason.startswith("needs the table(s) "):
            tables = reason.removeprefix("needs the table(s) ").split(", ")
        columns = [n.split(".", 1) for n in tables or () if "." in n]
        if has_text(key):
            texts.append(t(key, lang))
        elif columns:  # columns empty in every row, in the page's words
            texts.append(
                t(
                    "cmp_reason_columns",
                    lang,
                    columns=join_and(
                        [
                            t(
                                "need_column",
                                lang,
                                column=label(f"need_col_{table}_{column}", lang, column),
                                table=label(f"need_table_{table}", lang, table),
                            )
                            for table, column in columns
                        ],
                        lang,
                    ),
                )
            )
        elif tables:  # the tables' names in the page's words, never the data model's
            texts.append(
                t(
                    "cmp_reason_tables",
                    lang,
                    tables=join_and([label(f"need_table_{n}", lang, n) for n in tables], lang),
                    sheets=join_and([f"'{guard.sheet_name(n, lang)}'" for n in tables], lang),
                )
            )
        else:  # a reason worded by the analysis (English): said in general on other pages
            texts.append(reason if lang == "en" else t("cmp_reason_other", lang))
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


#: Rows of :func:`policy_features` above the profile's fields: where the policy comes from,
#: the SKB weights it declares, and whether they are within PermenPANRB 27/2021's limits.
_POLICY_ROWS = ("cmp_policy_source", "cmp_policy_weights", "cmp_policy_limits")

#: The sheet a region's policy goes in, named the same on pages of either language: the
#: loader's Indonesian alias of ``region_policies`` (a one-word name, no code on a page).
_POLICY_SHEET = guard.sheet_name("region_policies", "id")

#: The words of each source of a policy (:data:`asnpolicy.policy.SOURCES`).
_SOURCE_KEYS = {
    "data": "cmp_policy_source_data",
    "registry": "cmp_policy_source_registry",
    "none": "cmp_policy_source_none",
}


def _feature_value(value, lang: str) -> str:
    """A profile field in words: yes/no, a code's label (a stage's name), a list, ``-``."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return t("yes", lang) if value else t("no", lang)
    if isinstance(value, str):
        return _policy_code_label(value, lang)
    return ", ".join(_policy_code_label(v, lang) for v in value) or "-"


def _policy_code_label(code: str, lang: str) -> str:
    """A code of a policy (``cmp_code_<code>``, else an SKB test's name), else as written
    (a region's own words)."""
    return label(f"cmp_code_{code}", lang, label(f"score_skb_{code}", lang, code))


def _weights_text(weights: dict[str, float] | None, lang: str) -> str:
    """``SKB CAT 60 %, Asesmen kompetensi 40 %``; ``-`` when none is declared."""
    if not weights:
        return "-"
    return ", ".join(
        f"{label(f'score_skb_{c}', lang, c)} {number(100 * w, lang, 0)} %"
        for c, w in weights.items()
    )


def policy_features(ds: Dataset, *, lang: str = "id") -> pd.DataFrame:
    """Each region's recruitment policy (:func:`asnpolicy.policy.region_policy`): its
    ``region_policies`` row, else the built-in document of a study region
    (:class:`asnpolicy.regions.PolicyProfile`), else "not recorded".

    Parameters
    ----------
    ds : Dataset
        Its regions are shown.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Indexed by the feature's name in ``lang``, one column per region (its name): where
        the policy comes from, the SKB weights it declares, whether they are within the
        limits of PermenPANRB 27/2021 ("di luar aturan" when not), then the profile's
        fields in words (``-`` when the policy names none). When no region's policy is
        recorded, the one row saying so.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> policy_features(ds, lang="en").loc["Panel", "Bangko"]
    'external'
    >>> policy_features(Dataset(units=pd.DataFrame({"region_id": ["kerinci"]})),
    ...                 lang="en").iloc[:, 0].tolist()
    ['not recorded']
    """
    check_lang(lang)
    regions = ds.region_ids()
    policies = region_policies(ds, regions).values()
    recorded = any(p.source != "none" for p in policies)
    columns = {}
    for policy, name in zip(policies, ds.region_names(regions), strict=True):
        profile = policy.profile
        values = [t(_SOURCE_KEYS[policy.source], lang)]
        if recorded:
            values.append(_weights_text(policy.skb_weights, lang))
            limits = policy.within_limits
            values.append(
                "-" if limits is None else t("yes" if limits else "cmp_policy_outside", lang)
            )
            for feature in _FEATURES:
                if profile is None:
                    values.append("-")
                elif feature == "stresses":  # the document's (or the region's) own words
                    values.append(getattr(profile, f"stresses_{lang}") or "-")
                else:
                    values.append(_feature_value(getattr(profile, feature), lang))
        columns[name] = values
    keys = (
        [*_POLICY_ROWS, *(f"cmp_feature_{f}" for f in _FEATURES)]
        if recorded
        else ["cmp_policy_source"]
    )
    return pd.DataFrame(
        columns, index=pd.Index([t(k, lang) for k in keys], name=t("cmp_col_feature", lang))
    )


def policy_table(
    ds: Dataset, *, region: str | None = "all", lang: str = "id"
) -> ReportTable | guard.Missing:
    """:func:`policy_features` as a titled page table; a :class:`guard.Missing` naming the
    units table when the data name no region (show it with :func:`guard.ready`). Beyond
    :data:`MANY_REGIONS` regions, the page shows the highlighted ``region``'s column only
    and the workbook every region's."""
    regions = ds.region_ids()
    if not regions:
        return guard.Missing(("units",))
    features = policy_features(ds, lang=lang)
    title = t("cmp_domain_policy", lang)
    focus = highlighted_region(ds, region)
    if focus is None or len(regions) <= MANY_REGIONS:
        return show(features, title=title, lang=lang)
    name = ds.region_name(focus)
    title = t("cmp_policy_title_many", lang, region=name, n=number(len(regions), lang, 0))
    return show(features[[name]], title=title, data=features.reset_index(), lang=lang)


def policy_hint(ds: Dataset, *, lang: str = "id") -> Markdown | None:
    """One line saying how a region describes its own policy (the sheet to add and its
    columns), when some region's policy does not come from the data; else None.

    Examples
    --------
    >>> hint = policy_hint(Dataset(units=pd.DataFrame({"region_id": ["kerinci"]})), lang="id")
    >>> "'kebijakan'" in hint.data
    True
    """
    check_lang(lang)
    sources = [p.source for p in region_policies(ds).values()]
    if all(source == "data" for source in sources):
        return None
    return Markdown(t("cmp_policy_hint", lang, sheet=_POLICY_SHEET))


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
    """The comparison in sentences: for a highlighted region, where it stands (its needs in
    the gap measures of page 01, the estimates whose intervals separate it from the other
    regions, the census rates where it is at an end); then the range of each key indicator
    across regions, adverse impact worded by its interval, the stages with a validity
    clearly above zero, what is not measured; a note when the regions differ in kind.

    Parameters
    ----------
    card : DataFrame
        From :func:`asnpolicy.compare.scorecard`.
    ds : Dataset
        For the regions' names.
    region : str, optional
        Region highlighted in the report; ``"all"`` for none.
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
    alone = only_region(ds)
    focus = _in_card(card, highlighted_region(ds, region) or alone)
    years = card.attrs.get("horizon_years", 5)
    name = _names(card, ds)
    paragraphs: list[list[str]] = []
    if alone is not None:
        paragraphs.append(
            [
                t(
                    "cmp_one_region_note",
                    lang,
                    region=name[alone],
                    sheet=guard.sheet_name("units", lang),
                )
            ]
        )
    kinds = kinds_note(card, ds, lang=lang)
    if focus is not None:
        paragraphs.append([s for s in (_focus_needs(card, focus, name, lang), kinds) if s])
        paragraphs.append(_focus_positions(card, focus, name, lang))
    elif kinds:
        paragraphs.append([kinds])

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

    spans = (
        ()
        if focus is not None
        else (  # a highlighted region: its position said above
            ("shortage_rate", "cmp_summary_shortage"),
            ("retirement_share", "cmp_summary_retirement"),
            ("applicants_per_post", "cmp_summary_applicants"),
            ("online_registration_share", "cmp_summary_online"),
        )
    )
    sentences = [s for s in (span(i, k) for i, k in spans) if s]
    shown = card[~card["suppressed"] & card["value"].notna()]
    icc = shown[shown["indicator"].str.startswith("panel_icc_")]
    if len(icc) and focus is None:
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
    ratios = shown[shown["indicator"].str.startswith("impact_ratio_")]
    if len(ratios):
        verdict = pd.Series(
            claims.ratio_verdict(ratios["ci_low"].to_numpy(), ratios["ci_high"].to_numpy()),
            index=ratios.index,
        )

        def listed(rows: pd.DataFrame) -> str:
            """The ratios, each with its region; beyond NAMES_MAX regions, the highlighted
            region's and how many other regions the selection table shows."""
            many = rows["region_id"].nunique() > NAMES_MAX
            own = rows[rows["region_id"] == focus] if many else rows
            parts = [
                f"{name[r.region_id]} ({t(r.indicator.replace('impact_ratio_', 'cmp_var_'), lang)}"
                f": {_code_label(r.group, lang)} "
                f"{common.format_interval(r.value, r.ci_low, r.ci_high, lang)})"
                for r in own.itertuples()
            ]
            if many:
                others = rows.loc[rows["region_id"] != focus, "region_id"].nunique()
                key = "cmp_more_regions" if focus is None else "cmp_more_other_regions"
                parts.append(t(key, lang, n=number(others, lang, 0)))
            return "; ".join(parts)

        adverse, uncertain = ratios[verdict == "adverse"], ratios[verdict == "uncertain"]
        if len(adverse):
            sentences.append(t("cmp_summary_adverse", lang, parts=listed(adverse)))
        below = uncertain[uncertain["value"] < rules.FOUR_FIFTHS]
        if len(below):
            sentences.append(t("cmp_summary_adverse_uncertain", lang, parts=listed(below)))
        if adverse.empty and below.empty:
            sentences.append(t("cmp_summary_no_adverse", lang))
    validity = shown[shown["indicator"].str.startswith("validity_")]
    clear = validity[claims.excludes(validity["ci_low"], validity["ci_high"])]
    clear = clear[clear["value"] > 0]
    if focus is not None:
        pass  # the region's validities are among its estimates above
    elif len(validity) and clear.empty:
        sentences.append(t("cmp_summary_validity_none", lang))
    elif clear["region_id"].nunique() > NAMES_MAX:  # by stage: how many regions
        stages = clear.groupby("indicator", sort=False)["region_id"].nunique()
        items = [
            t(
                "cmp_summary_validity_count",
                lang,
                stage=indicator_label(indicator, lang).split(": ", 1)[-1],
                n=number(n, lang, 0),
            )
            for indicator, n in stages.items()
        ]
        items[-1] += " " + t("cmp_see_outcomes_table", lang)
        sentences.append(t("cmp_summary_validity", lang, items="; ".join(items)))
    elif len(clear):
        items = [
            t(
                "cmp_summary_validity_item",
                lang,
                stage=indicator_label(r.indicator, lang).split(": ", 1)[-1],
                region=name[r.region_id],
                r=common.format_interval(r.value, r.ci_low, r.ci_high, lang),
                n=number(r.n, lang),
            )
            for r in clear.itertuples()
        ]
        sentences.append(t("cmp_summary_validity", lang, items="; ".join(items)))
    ikm = _extremes(card, "ikm")
    if ikm is not None and focus is None:
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
    merit_span = span("merit_promotion_share", "cmp_summary_merit") if focus is None else None
    if merit_span:
        sentences.append(merit_span)
    gaps = [d for d in compare.DOMAINS if compare.domain_needs(card, d)]
    if gaps:  # each such section says which tables it needs
        parts = join_and([t(_PART_KEYS[d], lang) for d in gaps], lang)
        sentences.append(t("cmp_summary_missing_parts", lang, parts=parts))
    missing = [i for i in card.attrs.get("not_measured", {}) if compare.domain_of(i) not in gaps]
    if missing:
        items = "; ".join(
            _lower_first(indicator_label(i, lang, horizon_years=years))
            for i in missing[:_MISSING_SAID]
        )
        if len(missing) > _MISSING_SAID:
            items += t("cmp_summary_more", lang, n=number(len(missing) - _MISSING_SAID, lang))
        sentences.append(t("cmp_summary_not_measured", lang, items=items))
    if focus is not None and alone is None:
        sentences.append(t("cmp_summary_focus", lang, region=name.get(focus, focus)))
    paragraphs.append(sentences)
    return Markdown("\n\n".join(" ".join(p) for p in paragraphs if p))


#: Measures the summary names among those the data cannot measure; the others are counted
#: (the table at the end lists them all, with their reasons).
_MISSING_SAID = 5

#: The page's parts in a sentence ("belum mendukung bagian kebutuhan pegawai dan seleksi").
_PART_KEYS = {
    "needs": "cmp_part_needs",
    "selection": "cmp_part_selection",
    "outcomes": "cmp_part_outcomes",
    "merit": "cmp_part_merit",
}


def _in_card(card: pd.DataFrame, region: str | None) -> str | None:
    """``region`` when the card has its rows (it can be placed), else None."""
    return region if region is not None and (card["region_id"] == region).any() else None


def _names(card: pd.DataFrame, ds: Dataset) -> dict[str, str]:
    """Region id -> its name for a sentence, for the data's regions and the card's."""
    regions = list(dict.fromkeys([*ds.region_ids(), *pd.unique(card["region_id"])]))
    names = ds.region_names(regions)
    return {r: common.escape_markdown(n) for r, n in zip(regions, names, strict=True)}


def _value_of(card: pd.DataFrame, region: str, indicator: str) -> float:
    rows = card[(card["region_id"] == region) & (card["indicator"] == indicator)]
    if rows.empty or rows["suppressed"].fillna(False).any():
        return float("nan")
    return float(rows["value"].iloc[0])


def _focus_needs(card: pd.DataFrame, focus: str, name: dict, lang: str) -> str | None:
    """The region's staffing need in the gap measures of page 01: gross shortage, its rate
    and rank, gross surplus, net balance."""
    values = {i: _value_of(card, focus, i) for i in _NEEDS_STORY}
    if any(pd.isna(v) for v in values.values()):
        return None
    where = positions(card, focus).set_index("indicator")
    net = values["net_balance"]
    m = where.loc["shortage_rate", "regions"]
    rank = (
        t("cmp_summary_rank", lang, rank=number(where.loc["shortage_rate", "rank"], lang),
          m=number(m, lang))
        if m > 1
        else ""
    )  # fmt: skip
    return t(
        "cmp_summary_focus_needs",
        lang,
        region=name[focus],
        shortage=number(values["gross_shortage"], lang, 1),
        rate=_display(values["shortage_rate"], "share", lang),
        rank=rank,
        surplus=number(values["gross_surplus"], lang, 1),
        net=_signed(_display(net, "fte", lang), net),
        balance=t("cmp_net_shortage" if net > 0 else "cmp_net_surplus", lang)
        if round(net, 1)
        else t("cmp_net_even", lang),
    )


_NEEDS_STORY = ("gross_shortage", "shortage_rate", "gross_surplus", "net_balance")


def _focus_positions(card: pd.DataFrame, focus: str, name: dict, lang: str) -> list[str]:
    """Sentences on where the region stands: the estimates whose intervals separate it from
    the others, those that do not, and the census rates where it is alone at an end."""
    years = card.attrs.get("horizon_years", 5)
    where = positions(card, focus)
    out = []

    def item(row) -> str:
        shown = _with_interval(row.value, row.ci_low, row.ci_high, row.unit, lang)
        return t(
            "cmp_summary_position_item",
            lang,
            indicator=_lower_first(indicator_label(row.indicator, lang, horizon_years=years)),
            value=shown,
            position=position_text(row, lang, census_mark=False),
        )

    separated = where[where["verdict"].isin(["highest", "lowest", "some"])]
    if len(separated):
        out.append(
            t(
                "cmp_summary_separated",
                lang,
                region=name[focus],
                items="; ".join(item(r) for r in separated.itertuples()),
            )
        )
    unseparated = where[where["verdict"] == "not_separated"]
    if len(unseparated):
        out.append(
            t(
                "cmp_summary_not_separated",
                lang,
                region=name[focus],
                n=number(len(unseparated), lang),
            )
        )
    ends = where[where["notable"] & where["verdict"].eq("census")]
    if len(ends):
        items = "; ".join(item(r) for r in ends.head(_ENDS_SAID).itertuples())
        if len(ends) > _ENDS_SAID:
            items += t("cmp_summary_more", lang, n=number(len(ends) - _ENDS_SAID, lang))
        out.append(t("cmp_summary_census_ends", lang, region=name[focus], items=items))
    return out


#: Census figures at an end said in the summary; the others are in the tables.
_ENDS_SAID = 4

#: The key numbers of page 04: indicators shown with the highlighted region's position (or,
#: for all regions, their range).
_KEY_INDICATORS = ("shortage_rate", "net_balance", "online_registration_share", "ikm")
_KEY_INDICATORS_ALL = ("shortage_rate", "retirement_share", "online_registration_share", "ikm")


def key_numbers(card: pd.DataFrame, ds: Dataset, region: str | None = "all", lang: str = "id"):
    """The page's three or four key numbers (:func:`asnpolicy.narrative.page.key_numbers`):
    for a highlighted region, its value on each headline indicator and where it stands; for
    all regions, the range of each across regions.

    Examples
    --------
    >>> from asnpolicy.synth import generate
    >>> from asnpolicy.compare import scorecard
    >>> ds = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    >>> items = key_numbers(scorecard(ds, n_boot=20), ds, "pauh", "en").items
    >>> items[0][0]
    'Gross shortage rate (share of the ABK requirement) · rank 1 of 2 (census)'
    """
    from .page import key_numbers as boxes

    check_lang(lang)
    alone = only_region(ds)
    focus = _in_card(card, highlighted_region(ds, region) or alone)
    years = card.attrs.get("horizon_years", 5)
    items = []
    if focus is not None:
        where = positions(card, focus).set_index("indicator")
        kinds = _kinds_differ(card)
        for indicator in _KEY_INDICATORS:
            if indicator not in where.index or pd.isna(where.loc[indicator, "value"]):
                continue
            row = where.loc[indicator]
            value = _display(row["value"], row["unit"], lang)
            if indicator == "net_balance":
                value = _signed(value, row["value"])
            if row["unit"] == "fte":
                value += " FTE"
            if pd.notna(row["ci_low"]):
                value += (
                    f" [{_display(row['ci_low'], row['unit'], lang)}; "
                    f"{_display(row['ci_high'], row['unit'], lang)}]"
                )
            name = indicator_label(indicator, lang, horizon_years=years)
            if not row["size_dependent"] and alone is None:
                name += f" · {position_text(row, lang, kinds_differ=kinds)}"
            items.append((name, value))
    else:
        for indicator in _KEY_INDICATORS_ALL:
            ends = _extremes(card, indicator)
            if ends is None:
                continue
            low, high = ends
            value = t(
                "cmp_key_range",
                lang,
                low=_display(low["value"], low["unit"], lang),
                high=_display(high["value"], high["unit"], lang),
            )
            items.append((indicator_label(indicator, lang, horizon_years=years), value))
    return boxes(items, lang=lang)


def methods(card: pd.DataFrame, ds: Dataset, *, lang: str = "id") -> list[str]:
    """The page's methods note, one point each: the gap measures (the vocabulary of page 01),
    census against sample, how a region's position is decided, region kinds, per-region
    estimates, each indicator's definition and source, suppression."""
    check_lang(lang)
    level = number(100 * card.attrs.get("confidence", 0.95), lang)
    points = [
        t("cmp_method_gap", lang, effective=number(rules.EFFECTIVE_MINUTES_PER_YEAR / 60, lang)),
        t("cmp_method_census", lang, level=level),
        t("cmp_method_position", lang),
        t("cmp_method_kinds", lang),
        t("cmp_method_per_region", lang),
        t("cmp_method_ikm", lang),
        t("cmp_method_ratio", lang, line=number(rules.FOUR_FIFTHS, lang, 2)),
        t("cmp_method_icc", lang),
        t("cmp_method_validity", lang),
        t("cmp_method_skp", lang),
        t("cmp_method_retirement", lang, years=card.attrs.get("horizon_years", 5)),
        t("cmp_method_selection", lang),
        t(
            "cmp_method_suppressed",
            lang,
            n=number(card.attrs.get("small_cell_min", SMALL_CELL_MIN), lang),
        ),
    ]
    return points


def recommendations(
    card: pd.DataFrame, ds: Dataset, *, region: str | None = "all", lang: str = "id"
) -> list[str]:
    """The page's proposals, each with its caveat, from what the comparison shows: for a
    highlighted region, redeployment before recruitment when its gross surplus offsets its
    gross shortage, the lessons of an indicator where it is clearly behind or ahead, more
    data where its estimates are not separated; for all regions, how to read the
    comparison."""
    check_lang(lang)
    alone = only_region(ds)
    focus = _in_card(card, highlighted_region(ds, region) or alone)
    years = card.attrs.get("horizon_years", 5)
    name = _names(card, ds)
    points = []
    if focus is not None:
        shortage = _value_of(card, focus, "gross_shortage")
        surplus = _value_of(card, focus, "gross_surplus")
        if pd.notna(shortage) and pd.notna(surplus) and shortage > 0 and surplus > 0:
            points.append(
                t(
                    "cmp_rec_redeploy",
                    lang,
                    region=name[focus],
                    shortage=number(shortage, lang, 1),
                    surplus=number(surplus, lang, 1),
                )
            )
        where = positions(card, focus)
        # every estimate with an interval is "higher is better" (IKM, reliability, validity,
        # impact ratio, the SKP of the promoted): clearly highest is a strength to keep,
        # clearly lowest a gap to close
        apart = where[where["verdict"].isin(["highest", "lowest"])]
        for row in apart.itertuples():
            points.append(
                t(
                    "cmp_rec_ahead" if row.verdict == "highest" else "cmp_rec_behind",
                    lang,
                    region=name[focus],
                    indicator=indicator_label(row.indicator, lang, horizon_years=years),
                    position=position_text(row, lang),
                )
            )
        online = where.set_index("indicator")["verdict"].get("online_registration_share")
        rank = where.set_index("indicator")["rank"].get("online_registration_share")
        m = where.set_index("indicator")["regions"].get("online_registration_share")
        if online == "census" and pd.notna(rank) and rank == m and m > 1:
            points.append(t("cmp_rec_online", lang, region=name[focus]))
        small = where[where["verdict"].isin(["not_separated", "some"]) & (where["n"] < 30)]
        if len(small):
            points.append(
                t(
                    "cmp_rec_more_data",
                    lang,
                    region=name[focus],
                    items=", ".join(
                        _lower_first(indicator_label(i, lang, horizon_years=years))
                        for i in pd.unique(small["indicator"])
                    ),
                )
            )
    ratios = card[card["indicator"].str.startswith("impact_ratio_") & card["value"].notna()]
    if focus is not None:
        ratios = ratios[ratios["region_id"] == focus]
    verdict = claims.ratio_verdict(ratios["ci_low"].to_numpy(), ratios["ci_high"].to_numpy())
    watch = ratios[
        (pd.Series(verdict, index=ratios.index) == "uncertain")
        & (ratios["value"] < rules.FOUR_FIFTHS)
    ]
    if len(watch):
        points.append(
            t(
                "cmp_rec_watch_ratio",
                lang,
                regions=join_and([name[r] for r in pd.unique(watch["region_id"])], lang),
            )
        )
    if _kinds_differ(card):
        points.append(t("cmp_rec_rates_not_counts", lang))
    unrecorded = [r for r, p in region_policies(ds).items() if p.source == "none"]
    if unrecorded:
        points.append(
            t(
                "cmp_rec_record_policy",
                lang,
                regions=join_and([name[r] for r in unrecorded], lang),
                sheet=_POLICY_SHEET,
            )
        )
    if alone is not None:
        points.append(t("cmp_rec_compare", lang, region=name[alone]))
    else:
        points.append(t("cmp_rec_read", lang))
    return points
