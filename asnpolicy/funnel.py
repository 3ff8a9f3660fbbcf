"""The recruitment funnel: how many applicants reach each stage, and registration online vs
offline (processing time and document errors), each with its n and a confidence interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from . import rules, selection
from .insufficient import NotEnoughData
from .intervals import wilson_interval
from .io import Dataset

__all__ = [
    "FUNNEL_STAGES",
    "NEEDED_COLUMNS",
    "funnel",
    "min_technical_mark",
    "registration_modes",
    "wilson_interval",
]

#: Stages counted in the funnel, in order.
FUNNEL_STAGES = ("registered", "administration", "skd", "skb", "selected")

#: Applicant columns each analysis needs besides the ids (score columns the data do not
#: record count as empty: nobody passed that test).
NEEDED_COLUMNS = {
    "funnel": ("admin_pass", "special_group", "hired"),
    "registration_modes": (
        "registration_mode",
        "registered_on",
        "verified_on",
        "doc_errors",
        "admin_pass",
    ),
}


def _require_columns(ds: Dataset, analysis: str) -> None:
    """NotEnoughData (code ``columns``) naming the applicant columns of ``analysis`` that are
    absent or empty in every row."""
    a = ds.applicants
    absent = [c for c in NEEDED_COLUMNS[analysis] if c not in a or a[c].isna().all()]
    if absent:
        raise NotEnoughData(
            f"The applicants table has no {', '.join(absent)}.",
            "columns",
            needs=[f"applicants.{c}" for c in absent],
        )


def funnel(
    ds: Dataset, by: str | list[str] | None = None, *, confidence: float = 0.95, **rules_kw
) -> pd.DataFrame:
    """Applicants reaching each stage, and the rate from the previous stage and from the start.

    Parameters
    ----------
    ds : Dataset
        With ``applicants`` and ``formasi``.
    by : str or list of str, optional
        Applicant columns to break the funnel down by (e.g. ``channel``,
        ``registration_mode``, ``gender``, ``origin``), or ``year`` / ``track``.
    **rules_kw
        Passed to :func:`asnpolicy.selection.apply_rules` (e.g. ``skb_weights``,
        ``pppk_technical_pass``); the stages come from the official rules, except
        ``selected``, which is the recorded ``hired``.

    Returns
    -------
    DataFrame
        One row per group and stage: the ``by`` columns, ``stage``, ``n`` (applicants who
        reached it), ``n_start`` (registered), ``rate_from_start`` with ``ci_low`` /
        ``ci_high`` (Wilson), ``rate_from_previous`` with ``prev_ci_low`` /
        ``prev_ci_high``.
    """
    ds.require("applicants", "formasi")
    _require_columns(ds, "funnel")
    a = ds.applicants
    info = ds.formasi.set_index("formasi_id")
    if rules_kw.get("pppk_technical_pass") is None:  # not known: the lowest recorded mark
        rules_kw["pppk_technical_pass"] = min_technical_mark()
    reached = selection.apply_rules(a, ds.formasi, **rules_kw)["stage_reached"].to_numpy()
    order = {s: i for i, s in enumerate(FUNNEL_STAGES)}
    depth = pd.Series(reached).map(order).to_numpy()
    depth = np.where(a["hired"].to_numpy(), order["selected"], np.minimum(depth, order["skb"]))
    frame = pd.DataFrame({"_depth": depth}, index=a.index)
    keys = [by] if isinstance(by, str) else list(by or [])
    for key in keys:
        frame[key] = (a[key] if key in a else a["formasi_id"].map(info[key])).to_numpy()
    rows = []
    groups = frame.groupby(keys, dropna=False) if keys else [((), frame)]
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        counts = np.array([(group["_depth"] >= i).sum() for i in range(len(FUNNEL_STAGES))])
        previous = np.concatenate([[counts[0]], counts[:-1]])
        low, high = wilson_interval(counts, counts[0], confidence)
        plow, phigh = wilson_interval(counts, previous, confidence)
        for i, stage in enumerate(FUNNEL_STAGES):
            rows.append(
                {
                    **dict(zip(keys, values, strict=True)),
                    "stage": stage,
                    "n": int(counts[i]),
                    "n_start": int(counts[0]),
                    "rate_from_start": counts[i] / counts[0] if counts[0] else np.nan,
                    "ci_low": low[i],
                    "ci_high": high[i],
                    "rate_from_previous": counts[i] / previous[i] if previous[i] else np.nan,
                    "prev_ci_low": plow[i],
                    "prev_ci_high": phigh[i],
                }
            )
    return pd.DataFrame(rows)


def min_technical_mark() -> int:
    """The lowest PPPK technical pass mark of any recorded year (the default for funnels)."""
    return min(r.technical_pass_range[0] for r in rules.PPPK.values())


def registration_modes(ds: Dataset, *, confidence: float = 0.95) -> pd.DataFrame:
    """Online against offline registration: days to verification and document errors.

    Returns
    -------
    DataFrame
        One row per mode and measure (``verification_days``, ``doc_errors``,
        ``admin_pass``): ``n``, ``mean``, ``ci_low``, ``ci_high`` (t interval for means,
        Wilson for the pass rate).
    """
    ds.require("applicants")
    _require_columns(ds, "registration_modes")
    a = ds.applicants
    days = (a["verified_on"] - a["registered_on"]).dt.days
    rows = []
    for mode, index in a.groupby("registration_mode").groups.items():
        for measure, values in (
            ("verification_days", days[index].dropna()),
            ("doc_errors", a.loc[index, "doc_errors"].astype(float)),
        ):
            n = len(values)
            mean = values.mean()
            half = (
                (stats.t.ppf(1 - (1 - confidence) / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
                if n > 1
                else np.nan
            )
            rows.append(
                {
                    "registration_mode": mode,
                    "measure": measure,
                    "n": n,
                    "mean": mean,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                }
            )
        passed = a.loc[index, "admin_pass"].astype(bool)
        low, high = wilson_interval(passed.sum(), len(passed), confidence)
        rows.append(
            {
                "registration_mode": mode,
                "measure": "admin_pass",
                "n": len(passed),
                "mean": passed.mean(),
                "ci_low": float(low),
                "ci_high": float(high),
            }
        )
    return pd.DataFrame(rows)
