"""The words of notebook 01 (workforce needs): the summary in sentences, the key numbers, the
formasi plan and the yearly gap tables, the recommendations and the methods note.

The gap is always named by its measure (:data:`asnpolicy.workforce.GAP_MEASURES`): the net
balance (a surplus shown as such), the gross shortage, the gross surplus and the shortage rate.
Counts of people under ``small_cell_min`` are hidden by the rules of
:func:`asnpolicy.workforce.protect_plan` and :func:`asnpolicy.workforce.collapse_years`; FTE,
positions, norms and rupiah are never hidden, only shown as a range where the exact figure
would give a hidden count back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .. import keys, rules, workforce
from ..io import Dataset
from ..privacy import SMALL_CELL_MIN, mark
from .common import escape_markdown
from .guard import present
from .page import KeyNumbers, ReportTable, bullets, key_numbers, show
from .text import date, join_and, number, t

__all__ = [
    "budget_summary",
    "excluded_sentence",
    "formasi_table",
    "promotion_posts",
    "promotion_table",
    "workforce_key_numbers",
    "workforce_methods",
    "workforce_recommendations",
    "workforce_summary",
    "yearly_table",
]


def _people(count: float, lang: str, small_cell_min: int) -> str:
    """A count of people, or the mark when it is 1 to ``small_cell_min - 1``."""
    return mark(small_cell_min) if 0 < count < small_cell_min else number(count, lang)


def _span(low: float, high: float, lang: str, decimals: int = 0) -> str:
    """``x`` or ``x–y``."""
    if low == high:
        return number(low, lang, decimals)
    return f"{number(low, lang, decimals)}–{number(high, lang, decimals)}"


def _no_negative_zero(values: pd.Series, decimals: int = 1) -> np.ndarray:
    """Values rounded to what is shown, without a "-0,0"."""
    return np.round(values.to_numpy(dtype=float), decimals) + 0.0


def _balance(net: float, lang: str) -> str:
    """'a net shortage of x FTE' or 'a net surplus of x FTE'."""
    if net > 0:
        return t("balance_short", lang, gap=number(net, lang, 1))
    return t("balance_surplus", lang, gap=number(-net, lang, 1))


def _region_measures(gap: pd.DataFrame) -> pd.Series:
    return workforce.gap_measures(gap, by="region_id").iloc[0]


#: The words of each reason a headcount leaves an employee out
#: (:data:`asnpolicy.workforce.EXCLUSION_CATEGORIES`).
_EXCLUDED_KEYS = {
    "past_bup": "excluded_past_bup",
    "inactive": "excluded_inactive",
    "not_yet_hired": "excluded_not_yet_hired",
    "no_retirement_age": "excluded_no_retirement_age",
}
#: The words of each route by which a post is filled other than formasi
#: (:data:`asnpolicy.workforce.ROUTE_BY_KIND`): the summary's part, the table's cell.
_ROUTE_KEYS = {
    "open_selection": ("promotion_part_open_selection", "route_open_selection"),
    "promotion": ("promotion_part_promotion", "route_promotion"),
}


def _formasi_rows(plan: pd.DataFrame) -> pd.DataFrame:
    """The rows of a plan proposed as CPNS/PPPK formasi (not filled by promotion or open
    selection: :data:`asnpolicy.workforce.ROUTE_BY_KIND`)."""
    return plan[plan["route"] == "formasi"] if "route" in plan else plan


def _other_rows(plan: pd.DataFrame) -> pd.DataFrame:
    """The rows of a plan filled by promotion or open selection."""
    return plan[plan["route"] != "formasi"] if "route" in plan else plan.iloc[:0]


def _staff_in_post(ds: Dataset, as_of) -> int | None:
    """Staff in post on ``as_of``, when the employees and positions are present."""
    if not present(ds.employees, ds.positions) or not len(ds.employees) or not len(ds.positions):
        return None
    return int(workforce.in_post(ds, workforce.as_of_date(ds, as_of)).sum())


def excluded_sentence(excluded: pd.DataFrame, total: int, *, lang: str = "id") -> str | None:
    """The employees of the data a headcount leaves out, and why, in one sentence ("40
    pegawai dalam data; 2 tidak dihitung karena telah melewati BUP"); None when nobody is
    left out.

    ``excluded`` is :func:`asnpolicy.workforce.excluded_from_count` (one region), ``total``
    the employees in the data. The counts are shown as they are, small ones too: they are
    records to correct (people past their retirement age who are still on the list), and the
    headcount shown beside them gives their sum anyway.
    """
    counts = excluded.groupby("category")["n"].sum()
    counts = counts[counts > 0].reindex(
        [c for c in workforce.EXCLUSION_CATEGORIES if c in counts.index and counts[c] > 0]
    )
    if counts.empty:
        return None
    if len(counts) == 1:
        return t(
            "workforce_summary_excluded_one",
            lang,
            total=number(total, lang),
            n=number(counts.sum(), lang),
            reason=t(_EXCLUDED_KEYS[counts.index[0]], lang),
        )
    reasons = [
        t("excluded_part", lang, n=number(n, lang), reason=t(_EXCLUDED_KEYS[category], lang))
        for category, n in counts.items()
    ]
    return t(
        "workforce_summary_excluded_many",
        lang,
        total=number(total, lang),
        n=number(counts.sum(), lang),
        reasons=join_and(reasons, lang),
    )


def workforce_summary(
    ds: Dataset,
    gap,
    projection,
    forecast,
    plan,
    *,
    excluded=None,
    competencies=None,
    lang: str = "id",
    as_of=None,
    horizon_years: int | None = None,
    top_units: int = 3,
    small_cell_min: int = SMALL_CELL_MIN,
) -> Markdown:
    """The key findings of the workforce analysis in sentences, each gap named by its
    measure (net balance, gross shortage, gross surplus, shortage rate).

    Every part may be a :class:`asnpolicy.narrative.guard.Missing` (or None): its sentences
    are left out, and one sentence names the parts of the page the data do not support yet.
    ``excluded`` (:func:`asnpolicy.workforce.excluded_from_count`) says how many employees
    of the data the headcount leaves out, and why.
    """
    as_of = workforce.as_of_date(ds, as_of)
    sentences = []
    if present(gap):
        m = _region_measures(gap)
        sentences += [
            t(
                "workforce_summary_now",
                lang,
                as_of=date(as_of, lang),
                region=escape_markdown(ds.region_name()),
                headcount=number(m["headcount"], lang),
                required=number(m["required_fte"], lang, 1),
                balance=_balance(m["net_balance"], lang),
            ),
            t(
                "workforce_summary_gross",
                lang,
                shortage=number(m["gross_shortage"], lang, 1),
                short=number(m["positions_short"], lang),
                surplus=number(m["gross_surplus"], lang, 1),
                rate=number(100 * m["shortage_rate"], lang, 1),
            ),
        ]
    else:
        staff = _staff_in_post(ds, as_of)
        if staff is not None:
            sentences.append(
                t(
                    "workforce_summary_staff",
                    lang,
                    as_of=date(as_of, lang),
                    region=escape_markdown(ds.region_name()),
                    headcount=number(staff, lang),
                )
            )
    if present(excluded) and excluded is not None and ds.employees is not None:
        said = excluded_sentence(excluded, len(ds.employees), lang=lang)
        if said:
            sentences.append(said)
    by_unit = []
    if present(gap):
        units = gap[gap["level"] == "unit"]
        names = units["unit_id"].map(ds.units.set_index("unit_id")["name"]).fillna(units["unit_id"])
        short = units[units["gap"] > 0].nlargest(top_units, "gap")
        surplus = units[units["gap"] < 0].nsmallest(top_units, "gap")

        def listed(rows: pd.DataFrame, sign: float) -> str:
            return "; ".join(
                f"{escape_markdown(names[i])} ({number(sign * g, lang, 1)} FTE)"
                for i, g in zip(rows.index, rows["gap"], strict=True)
            )

        by_unit.append(
            t("workforce_summary_units", lang, units=listed(short, 1))
            if len(short)
            else t("workforce_summary_units_none", lang)
        )
        if len(surplus):
            by_unit.append(t("workforce_summary_surplus_units", lang, units=listed(surplus, -1)))
    ahead = []
    if present(projection):
        years = _horizon(projection, forecast, as_of) if horizon_years is None else horizon_years
        last = as_of.year + years
        # the projection counts the rest of the year of as_of too, when any of it is left
        first = as_of.year + 1 if (as_of.month, as_of.day) == (12, 31) else as_of.year
        retirements = _people(projection["retirements"].sum(), lang, small_cell_min)
        if present(forecast):
            region_rows = forecast[forecast["level"] == "region"]
            ahead.append(
                t(
                    "workforce_summary_retire",
                    lang,
                    years=last - as_of.year,
                    first=first,
                    last=last,
                    retirements=retirements,
                    balance_end=_balance(
                        region_rows.loc[region_rows["year"] == last, "gap"].sum(), lang
                    ),
                )
            )
        else:
            ahead.append(
                t(
                    "workforce_summary_retire_only",
                    lang,
                    years=last - as_of.year,
                    first=first,
                    last=last,
                    retirements=retirements,
                )
            )
    if present(plan):
        listed_plan = workforce.protect_plan(_formasi_rows(plan), small_cell_min)
        ahead.append(t("workforce_summary_plan", lang, n=number(len(listed_plan), lang)))
        others = workforce.protect_plan(_other_rows(plan), small_cell_min)
        if len(others):
            ahead.append(
                t(
                    "workforce_summary_promotion",
                    lang,
                    n=number(len(others), lang),
                    need=_span(others["need_low"].sum(), others["need_high"].sum(), lang),
                )
            )
    not_shown = [
        t(key, lang)
        for key, part in (
            ("workforce_part_gap", gap),
            ("workforce_part_retirements", projection),
            ("workforce_part_plan", plan),
            ("workforce_part_competency", competencies),
        )
        if part is not None and not present(part)
    ]
    closing = [t("workforce_summary_not_supported", lang, parts=join_and(not_shown, lang))]
    # one paragraph each: the region now, its units, the years ahead, what is not shown
    paragraphs = (sentences, by_unit, ahead, closing if not_shown else [])
    return Markdown("\n\n".join(" ".join(p) for p in paragraphs if p))


def _horizon(projection: pd.DataFrame, forecast, as_of: pd.Timestamp) -> int:
    """Years ahead of the projection: from the forecast's last year, else the projection's."""
    if present(forecast) and len(forecast):
        return int(forecast["year"].max()) - as_of.year
    if len(projection):
        return int(projection["year"].max()) - as_of.year
    return 0


def workforce_key_numbers(
    gap,
    projection,
    *,
    ds: Dataset | None = None,
    as_of=None,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> KeyNumbers:
    """The page's key numbers: staff in post, net balance, gross shortage, and the
    retirements in the horizon; those whose part is missing
    (:class:`asnpolicy.narrative.guard.Missing`) are left out (the staff in post then come
    from ``ds`` when its employees and positions are present)."""
    items = []
    if present(gap):
        m = _region_measures(gap)
        net = m["net_balance"]
        items += [
            (t("key_headcount", lang), number(m["headcount"], lang)),
            (
                t("key_net_short" if net > 0 else "key_net_surplus", lang),
                f"{number(abs(net), lang, 1)} FTE",
            ),
            (
                t("key_gross_shortage", lang, rate=number(100 * m["shortage_rate"], lang, 1)),
                f"{number(m['gross_shortage'], lang, 1)} FTE",
            ),
        ]
    elif ds is not None and (staff := _staff_in_post(ds, as_of)) is not None:
        items.append((t("key_headcount", lang), number(staff, lang)))
    if present(projection) and len(projection):
        first, last = int(projection["year"].min()), int(projection["year"].max())
        years = str(first) if first == last else f"{first}-{last}"
        items.append(
            (
                t("key_retirements", lang, years=years),
                _people(projection["retirements"].sum(), lang, small_cell_min),
            )
        )
    return key_numbers(items, lang=lang)


def formasi_table(
    plan: pd.DataFrame,
    ds: Dataset,
    *,
    lang: str = "id",
    top: int = 15,
    small_cell_min: int = SMALL_CELL_MIN,
    horizon_end: int | None = None,
) -> ReportTable:
    """The formasi plan: the ``top`` positions on the page, the others folded under it, and
    every listed position with raw numbers for the workbook.

    ``plan`` is :func:`workforce.formasi_plan`, best with ``keep_all=True``. Each row shows the
    ABK requirement, the staff in post and the job effectiveness EJ with its grade, the gap now
    (FTE, never hidden), the retirements in the horizon (a count of people, hidden under
    ``small_cell_min``), the positions needed and the priority (shown as a range where the
    retirements are hidden: :func:`workforce.protect_plan`), and, with a budget, what is
    funded. The rows are in the order of what is shown. Posts filled by promotion or open
    selection are left out (:func:`promotion_table` lists them)."""
    rows = workforce.protect_plan(_formasi_rows(plan), small_cell_min)
    hidden = rows["hidden"].to_numpy()
    names = keys.lookup(rows["unit_id"], ds.units.set_index("unit_id")["name"])
    yes, no = t("yes", lang), t("no", lang)
    retire_col = (
        t("col_retirements_to", lang, year=horizon_end)
        if horizon_end is not None
        else t("col_retirements", lang)
    )
    hidden_mark = mark(small_cell_min)
    competency = [
        "/".join("-" if pd.isna(v) else str(int(v)) for v in row)
        for row in rows[["req_teknis", "req_manajerial", "req_sosial_kultural"]].to_numpy()
    ]
    ej_text = [
        "-" if not np.isfinite(e) and pd.isna(g) else f"{number(e, lang, 2)} ({g})"
        for e, g in zip(rows["ej"], rows["ej_grade"].fillna("-"), strict=True)
    ]
    shown = pd.DataFrame(
        {
            t("col_unit", lang): names.to_numpy(),
            t("col_title", lang): rows["title"].to_numpy(),
            t("col_headcount", lang): [number(x, lang) for x in rows["headcount"]],
            t("col_ej", lang): ej_text,
            t("col_gap_now", lang): [
                number(x, lang, 1) for x in _no_negative_zero(rows["gap_now"])
            ],
            retire_col: [
                hidden_mark if h else number(x, lang)
                for x, h in zip(rows["retirements"], hidden, strict=True)
            ],
            t("col_need", lang): [
                _span(lo, hi, lang)
                for lo, hi in zip(rows["need_low"], rows["need_high"], strict=True)
            ],
            t("col_priority", lang): [
                _span(lo, hi, lang, 1)
                for lo, hi in zip(rows["priority_low"], rows["priority_high"], strict=True)
            ],
        }
    )
    data = pd.DataFrame(
        {
            t("col_unit", lang): names.to_numpy(),
            t("col_title", lang): rows["title"].to_numpy(),
            t("col_front_line", lang): rows["front_line"].map({True: yes, False: no}).to_numpy(),
            t("col_required", lang): rows["required_fte"].to_numpy(),
            t("col_headcount", lang): rows["headcount"].to_numpy(),
            t("col_ej_value", lang): rows["ej"].where(np.isfinite(rows["ej"])).to_numpy(),
            t("col_ej_grade", lang): rows["ej_grade"].to_numpy(dtype=object, na_value=None),
            t("col_gap_now", lang): rows["gap_now"].to_numpy(),
            retire_col: np.where(hidden, hidden_mark, rows["retirements"].astype(object)),
            t("col_need", lang): np.where(
                hidden, shown[t("col_need", lang)].to_numpy(), rows["need"].astype(object)
            ),
            t("col_priority", lang): np.where(
                hidden, shown[t("col_priority", lang)].to_numpy(), rows["priority"].astype(object)
            ),
        }
    )
    if "planned" in rows:
        status = _funded(rows, lang)
        shown[t("col_planned", lang)] = status
        data[t("col_planned", lang)] = np.where(hidden, status, rows["planned"].astype(object))
    shown[t("col_competency", lang)] = competency
    data[t("col_competency", lang)] = competency
    data[t("col_cost", lang)] = rows["annual_cost"].to_numpy()
    return show(
        shown.head(top),
        title=t("plan_title", lang),
        data=data,
        rest=shown.iloc[top:] if len(shown) > top else None,
        lang=lang,
    )


def _funded(rows: pd.DataFrame, lang: str) -> list[str]:
    """Positions funded per row: the number, or, where the need is shown as a range, only
    whether all, part or none of it is funded (a number could give the need back)."""
    out = []
    for planned, need, hidden in zip(rows["planned"], rows["need"], rows["hidden"], strict=True):
        if not hidden or planned == 0:
            out.append(number(planned, lang))
        elif planned >= need:
            out.append(t("funded_all", lang))
        else:
            out.append(t("funded_part", lang))
    return out


def promotion_posts(
    plan: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> Markdown | None:
    """One sentence on the posts with a need that are filled by promotion or open selection
    (JPT, administrator, pengawas: :data:`asnpolicy.workforce.ROUTE_BY_KIND`), which the plan
    does not propose as formasi: how many, and their need (a range where a hidden retirement
    count would be given back). None when there are none."""
    rows = workforce.protect_plan(_other_rows(plan), small_cell_min)
    if rows.empty:
        return None
    parts = []
    for route, (key, _) in _ROUTE_KEYS.items():
        some = rows[rows["route"] == route]
        if len(some):
            parts.append(
                t(
                    key,
                    lang,
                    n=number(len(some), lang),
                    need=_span(some["need_low"].sum(), some["need_high"].sum(), lang),
                )
            )
    return Markdown(t("promotion_sentence", lang, parts=join_and(parts, lang)))


def promotion_table(
    plan: pd.DataFrame, ds: Dataset, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> ReportTable | None:
    """The posts filled by promotion or open selection ("diisi melalui promosi/seleksi
    terbuka"), apart from the formasi plan: unit, position, route, staff, gap now and need
    (a range where hidden). None when there are none."""
    rows = workforce.protect_plan(_other_rows(plan), small_cell_min)
    if rows.empty:
        return None
    names = keys.lookup(rows["unit_id"], ds.units.set_index("unit_id")["name"])
    shown = pd.DataFrame(
        {
            t("col_unit", lang): names.to_numpy(),
            t("col_title", lang): rows["title"].to_numpy(),
            t("col_route", lang): [t(_ROUTE_KEYS[r][1], lang) for r in rows["route"]],
            t("col_headcount", lang): [number(x, lang) for x in rows["headcount"]],
            t("col_gap_now", lang): [
                number(x, lang, 1) for x in _no_negative_zero(rows["gap_now"])
            ],
            t("col_need_posts", lang): [
                _span(lo, hi, lang)
                for lo, hi in zip(rows["need_low"], rows["need_high"], strict=True)
            ],
        }
    )
    return show(
        shown.head(10),
        title=t("promotion_title", lang),
        data=shown,
        rest=shown.iloc[10:] if len(shown) > 10 else None,
        lang=lang,
    )


def budget_summary(
    plan: pd.DataFrame,
    budget: float,
    *,
    budget_unit: str = "positions",
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
) -> Markdown:
    """What a budget funds and what it leaves unfunded: formasi posts funded and not, the
    positions not fully funded and those given none, and for a rupiah budget the rupiah a
    year the unfunded posts would cost (each a range where hidden retirement counts make
    the exact figure disclosive). Posts filled by promotion or open selection take no part
    of a budget."""
    rows = workforce.protect_plan(_formasi_rows(plan), small_cell_min)
    hidden = rows["hidden"].to_numpy()
    planned, need = rows["planned"].to_numpy(), rows["need"].to_numpy()
    need_low, need_high = rows["need_low"].to_numpy(), rows["need_high"].to_numpy()
    full, none = planned >= need, planned == 0
    # what the reader can bound from the table: the exact rows, and the ranges of the others
    # (a hidden row shows only "all", "part" or 0 funded)
    gap_low = np.where(~hidden, need - planned, np.where(full, 0, np.where(none, need_low, 1)))
    gap_high = np.where(
        ~hidden, need - planned, np.where(full, 0, np.where(none, need_high, need_high - 1))
    )
    low, high = gap_low.sum(), gap_high.sum()
    if budget_unit == "positions":
        # one position per post: the plan funds min(budget, total need), exactly
        total_low, total_high = need_low.sum(), need_high.sum()
        funded = (min(budget, total_low), min(budget, total_high))
        low, high = max(0, total_low - budget), max(0, total_high - budget)
    else:
        funded = (
            np.where(~hidden | none, planned, np.where(full, need_low, 1)).sum(),
            np.where(~hidden | none, planned, np.where(full, need_high, need_high - 1)).sum(),
        )
    left = (
        (np.where(hidden, ~full & (~none | (need_low > 0)), planned < need)).sum(),
        (np.where(hidden, ~full & (~none | (need_high > 0)), planned < need)).sum(),
    )
    nothing = (
        (none & np.where(hidden, need_low > 0, need > 0)).sum(),
        (none & np.where(hidden, need_high > 0, need > 0)).sum(),
    )
    amount = (
        t("budget_positions", lang, n=number(budget, lang))
        if budget_unit == "positions"
        else t("budget_rupiah", lang, amount=number(budget, lang))
    )
    sentences = [
        t(
            "budget_sentence",
            lang,
            budget=amount,
            funded=_span(*funded, lang),
            unfunded=_span(low, high, lang),
            left=_span(*left, lang),
            nothing=_span(*nothing, lang),
        )
    ]
    cost = rows["annual_cost"].to_numpy(dtype=float)
    if budget_unit == "rupiah" and np.isfinite(cost).all():
        short = (np.nansum(gap_low * cost), np.nansum(gap_high * cost))
        sentences.append(t("budget_rupiah_short", lang, amount=_span(short[0], short[1], lang)))
    return Markdown(" ".join(sentences))


def yearly_table(
    yearly: pd.DataFrame, *, lang: str = "id", small_cell_min: int = SMALL_CELL_MIN
) -> ReportTable:
    """The gap now and at the end of each coming year if nobody is hired
    (:func:`workforce.yearly_gap`, one region), each measure named.

    A year whose retirements are 1 to ``small_cell_min - 1`` people is shown together with the
    next (``2027-2028``): its staff and balances would otherwise give the count back."""
    rows = yearly.sort_values("year").reset_index(drop=True)
    now = rows.iloc[:1]
    later = rows.iloc[1:]
    groups = workforce.collapse_years(later.set_index("year")["retirements"], small_cell_min)
    later = later.assign(first=groups.map(lambda g: g[0]).to_numpy())
    last = later.groupby("first").tail(1).set_index("first")
    last["retirements"] = later.groupby("first")["retirements"].sum()
    last["period"] = [
        str(f) if f == y else f"{f}-{y}" for f, y in zip(last.index, last["year"], strict=True)
    ]
    now = now.assign(period=t("year_now", lang, year=int(now["year"].iloc[0])))
    table = pd.concat([now, last.reset_index(drop=True)], ignore_index=True)
    columns = {
        "period": t("col_year", lang),
        "headcount": t("col_staff_end", lang),
        "retirements": t("col_retiring", lang),
        "required_fte": t("col_required", lang),
        "net_balance": t("col_net_balance", lang),
        "gross_shortage": t("col_gross_shortage", lang),
        "gross_surplus": t("col_gross_surplus", lang),
        "shortage_rate": t("col_shortage_rate", lang),
    }
    data = table[list(columns)].rename(columns=columns)
    data[columns["shortage_rate"]] = 100 * table["shortage_rate"]
    shown = pd.DataFrame(
        {
            columns["period"]: table["period"],
            columns["headcount"]: [number(x, lang) for x in table["headcount"]],
            columns["retirements"]: [
                "-" if i == 0 else _people(x, lang, small_cell_min)
                for i, x in enumerate(table["retirements"])
            ],
            columns["required_fte"]: [number(x, lang, 1) for x in table["required_fte"]],
            columns["net_balance"]: [number(x, lang, 1) for x in table["net_balance"]],
            columns["gross_shortage"]: [number(x, lang, 1) for x in table["gross_shortage"]],
            columns["gross_surplus"]: [number(x, lang, 1) for x in table["gross_surplus"]],
            columns["shortage_rate"]: [number(100 * x, lang, 1) for x in table["shortage_rate"]],
        }
    )
    return show(shown, title=t("yearly_title", lang), data=data, lang=lang)


def workforce_recommendations(
    ds: Dataset,
    gap,
    plan,
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
    top: int = 3,
) -> Markdown:
    """The recommendations: redeploy from surplus positions first, then the priority
    formasi, then the posts filled by promotion or open selection; each with its caveat.
    A missing part (:class:`asnpolicy.narrative.guard.Missing`) gives no recommendation but,
    without the staffing gap, the one to prepare the workload analysis (ABK)."""
    points = []
    if not present(gap):
        return bullets("recommendations_title", [t("rec_add_abk", lang)], lang=lang)
    m = _region_measures(gap)
    pos = gap[gap["level"] == "position"]
    names = ds.units.set_index("unit_id")["name"]
    if m["gross_surplus"] > 0:
        surplus = pos[pos["gap"] <= -1].nsmallest(top, "gap")
        listed = "; ".join(
            f"{escape_markdown(title)}, {escape_markdown(names.get(u, u))} "
            f"({number(-g, lang, 1)} FTE)"
            for title, u, g in zip(
                surplus["title"], surplus["unit_id"], surplus["gap"], strict=True
            )
        )
        points.append(
            t(
                "rec_redeploy",
                lang,
                surplus=number(m["gross_surplus"], lang, 1),
                shortage=number(m["gross_shortage"], lang, 1),
                positions=listed or "-",
            )
        )
    rows = workforce.protect_plan(_formasi_rows(plan), small_cell_min) if present(plan) else []
    if len(rows):
        head = rows.head(top)
        listed = "; ".join(
            f"{escape_markdown(title)}, {escape_markdown(names.get(u, u))} ({_span(lo, hi, lang)})"
            for title, u, lo, hi in zip(
                head["title"], head["unit_id"], head["need_low"], head["need_high"], strict=True
            )
        )
        points.append(t("rec_formasi", lang, positions=listed))
    others = workforce.protect_plan(_other_rows(plan), small_cell_min) if present(plan) else []
    if len(others):
        points.append(
            t(
                "rec_promotion",
                lang,
                n=number(len(others), lang),
                need=_span(others["need_low"].sum(), others["need_high"].sum(), lang),
            )
        )
    points.append(t("rec_abk", lang))
    return bullets("recommendations_title", points, lang=lang)


def workforce_methods(
    *,
    lang: str = "id",
    small_cell_min: int = SMALL_CELL_MIN,
    horizon_years: int = 5,
    front_line_weight: float = workforce.FRONT_LINE_WEIGHT,
) -> Markdown:
    """The methods note: FTE and the ABK formula with its source, EJ and its grades, the
    measures of the gap (net, gross, rate), BUP ages and their source, who the headcount
    leaves out, the plan's ranking, the posts filled by promotion or open selection, how a
    budget is shared, what is hidden and why."""
    grades = ", ".join(
        f"{g.code} {'>' if not g.inclusive else '≥'} {number(g.lower, lang, 2)}"
        for g in rules.EJ_GRADES
        if np.isfinite(g.lower)
    )
    ages = sorted(set(rules.BUP.values()))
    points = [
        t(
            "method_fte",
            lang,
            minutes=number(rules.EFFECTIVE_MINUTES_PER_YEAR, lang),
            hours=number(rules.EFFECTIVE_MINUTES_PER_YEAR / 60, lang),
        ),
        t("method_ej", lang, grades=grades),
        t("method_pj", lang),
        t("method_net", lang),
        t("method_gross", lang),
        t("method_rate", lang),
        t("method_bup", lang, ages="/".join(str(a) for a in ages)),
        t("method_excluded", lang),
        t("method_forecast", lang, years=horizon_years),
        t("method_plan", lang, weight=number(front_line_weight, lang, 1)),
        t("method_routes", lang),
        t("method_budget", lang, weight=number(front_line_weight, lang, 1)),
        t(
            "method_hidden",
            lang,
            n=small_cell_min,
            n_less=small_cell_min - 1,
            mark=mark(small_cell_min),
        ),
        t("method_no_interval", lang),
    ]
    return bullets("methods_title", points, lang=lang)
