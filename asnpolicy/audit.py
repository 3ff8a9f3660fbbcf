"""Transparency audit: were the recorded hires the ones the published rules select?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from . import selection
from .io import Dataset

__all__ = ["Audit", "audit_decisions"]


@dataclass(frozen=True)
class Audit:
    """Result of :func:`audit_decisions`.

    Attributes
    ----------
    by_formasi : DataFrame
        One row per formasi: ``formasi_id``, ``region_id``, ``year``, ``track``, ``quota``,
        ``hired``, ``rule_selected``, ``agree`` (hires the rules also select),
        ``hired_not_by_rule``, ``passed_over`` (selected by the rules, not hired),
        ``inversions`` (pairs of a hire and a non-hired finalist ranked above the hire).
    exceptions : DataFrame
        Applicants where the record and the rules differ: ``applicant_id``, ``formasi_id``,
        ``hired``, ``rule_selected``, ``final_rank``, ``stage_reached``.
    weights_fit : DataFrame
        For each candidate SKB weighting: ``weights``, ``formasi_agreeing`` (share of formasi
        whose hires the weighting reproduces exactly), ``hires_agreeing`` (share of hires it
        selects), ``n_formasi``.
    """

    by_formasi: pd.DataFrame
    exceptions: pd.DataFrame
    weights_fit: pd.DataFrame


def _compare(applicants: pd.DataFrame, formasi: pd.DataFrame, rules_kw: dict) -> pd.DataFrame:
    result = selection.apply_rules(applicants, formasi, **rules_kw)
    result["hired"] = applicants["hired"].astype(bool).to_numpy()
    return result


def audit_decisions(
    ds: Dataset,
    skb_weights: Mapping[str, float] | None = None,
    *,
    candidates: Sequence[Mapping[str, float]] | None = None,
    **rules_kw,
) -> Audit:
    """Compare the recorded hires with what the published rules select.

    Parameters
    ----------
    ds : Dataset
        With ``applicants`` and ``formasi``.
    skb_weights : mapping, optional
        The SKB weights the agency published (default CAT-SKB only).
    candidates : sequence of mappings, optional
        Other weightings to test; default: CAT only and CAT 60 % with each extra component
        recorded in the data at 40 %.
    **rules_kw
        Passed to :func:`asnpolicy.selection.apply_rules`. Without ``pppk_technical_pass``
        (the technical pass mark of each PPPK position), only CPNS formasi are audited.

    Notes
    -----
    An inversion is a hire whose final rank under the rules is worse than that of a finalist
    of the same formasi who was not hired. Weightings that reproduce every formasi's hires
    explain the decisions; when none does, the decisions followed something else.
    """
    ds.require("applicants", "formasi")
    a, f = ds.applicants, ds.formasi
    if rules_kw.get("pppk_technical_pass") is None:
        # PPPK pass marks differ by position and are not in the data: audit CPNS only.
        rules_kw.pop("pppk_technical_pass", None)
        f = f[f["track"] == "cpns"]
        a = a[a["formasi_id"].isin(f["formasi_id"])]
    result = _compare(a, f, {**rules_kw, "skb_weights": skb_weights})
    info = f.set_index("formasi_id")

    ranked = result[result["final_rank"].notna()]
    worst_hire = ranked[ranked["hired"]].groupby("formasi_id")["final_rank"].max()
    finalists_not_hired = ranked[~ranked["hired"]]
    ahead = finalists_not_hired["final_rank"] < finalists_not_hired["formasi_id"].map(worst_hire)
    hires = ranked[ranked["hired"]]
    # each (hire, non-hired finalist ranked above the hire) pair is an inversion
    pairs = hires[["formasi_id", "final_rank"]].merge(
        finalists_not_hired.loc[ahead, ["formasi_id", "final_rank"]],
        on="formasi_id",
        suffixes=("_hire", "_other"),
    )
    inversions = (
        (pairs["final_rank_other"] < pairs["final_rank_hire"]).groupby(pairs["formasi_id"]).sum()
    )

    grouped = result.groupby("formasi_id")
    by_formasi = pd.DataFrame(
        {
            "hired": grouped["hired"].sum(),
            "rule_selected": grouped["selected"].sum(),
            "agree": (result["hired"] & result["selected"]).groupby(result["formasi_id"]).sum(),
            "hired_not_by_rule": (result["hired"] & ~result["selected"])
            .groupby(result["formasi_id"])
            .sum(),
            "passed_over": (~result["hired"] & result["selected"])
            .groupby(result["formasi_id"])
            .sum(),
        }
    )
    by_formasi["inversions"] = inversions.reindex(by_formasi.index, fill_value=0).astype(int)
    by_formasi = info[["region_id", "year", "track", "quota"]].join(by_formasi, how="right")
    differs = result["hired"] != result["selected"]
    exceptions = (
        result.loc[
            differs,
            ["applicant_id", "formasi_id", "hired", "selected", "final_rank", "stage_reached"],
        ]
        .rename(columns={"selected": "rule_selected"})
        .reset_index(drop=True)
    )

    if candidates is None:
        extras = [
            c
            for c in ("psych", "competency", "practical")
            if f"skb_{c}" in a and a[f"skb_{c}"].notna().any()
        ]
        candidates = [{"cat": 1.0}, *({"cat": 0.6, c: 0.4} for c in extras)]
    fits = []
    for weights in candidates:
        trial = _compare(a, f, {**rules_kw, "skb_weights": weights})
        same = (trial["hired"] == trial["selected"]).groupby(trial["formasi_id"]).all()
        fits.append(
            {
                "weights": dict(weights),
                "formasi_agreeing": same.mean(),
                "hires_agreeing": (trial["hired"] & trial["selected"]).sum()
                / max(1, trial["hired"].sum()),
                "n_formasi": len(same),
            }
        )
    weights_fit = pd.DataFrame(fits).sort_values(
        "formasi_agreeing", ascending=False, kind="stable", ignore_index=True
    )
    return Audit(by_formasi.reset_index(), exceptions, weights_fit)
