"""The words of notebook 01 (workforce needs): the summary in sentences and the formasi plan
table."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .. import keys, workforce
from ..io import Dataset
from ..privacy import SMALL_CELL_MIN, mark, suppress
from .common import escape_markdown
from .text import date, number, t

__all__ = ["formasi_table", "workforce_summary"]


def workforce_summary(
    ds: Dataset,
    gap: pd.DataFrame,
    projection: pd.DataFrame,
    forecast: pd.DataFrame,
    plan: pd.DataFrame,
    *,
    lang: str = "id",
    as_of=None,
    top_units: int = 3,
) -> Markdown:
    """The key numbers of the workforce analysis in four sentences."""
    as_of = workforce.as_of_date(ds, as_of)
    total = gap[gap["level"] == "region"].iloc[0]
    balance = _balance(total["gap"], lang)
    sentences = [
        t(
            "workforce_summary_now",
            lang,
            as_of=date(as_of, lang),
            region=escape_markdown(ds.region_name()),
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
