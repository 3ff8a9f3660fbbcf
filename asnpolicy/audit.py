"""Transparency audit: were the recorded hires the ones the published rules select?

The hires are held to the SKB weights the region declares (given by the caller, or from its
``region_policies`` row: :func:`asnpolicy.policy.region_policy`). Where a region declares none,
the audit does not assume a rule: it infers the weighting that best explains the hires among
the weightings PermenPANRB 27/2021 allows a regional government and audits against that, and
says so (:attr:`Audit.basis`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import rules, selection
from .insufficient import NotEnoughData
from .io import Dataset
from .policy import region_policies

__all__ = ["BASES", "Audit", "audit_decisions"]

#: What an audit holds the hires to: weights the region declares, or weights inferred from the
#: hires themselves (no weights declared).
BASES = ("declared", "inferred")
#: Where the SKB score of the audit comes from: the recorded SKB components weighed by the
#: weights, or the SKB total an SSCASN integration list publishes (its components are not
#: published; shared/reference/real-exports.md A3), which the weights cannot change.
SKB_SOURCES = ("components", "published_total")


@dataclass(frozen=True)
class Audit:
    """Result of :func:`audit_decisions`.

    Attributes
    ----------
    by_formasi : DataFrame
        One row per formasi: ``formasi_id``, ``region_id``, ``year``, ``track``, ``quota``,
        ``hired``, ``rule_selected``, ``agree`` (hires the rules also select),
        ``hired_not_by_rule``, ``passed_over`` (selected by the rules, not hired),
        ``inversions`` (pairs of a hire and a non-hired finalist ranked above the hire),
        ``basis`` (``declared`` or ``inferred``: what the formasi's hires were held to).
    exceptions : DataFrame
        Applicants where the record and the rules differ: ``applicant_id``, ``formasi_id``,
        ``hired``, ``rule_selected``, ``final_rank``, ``stage_reached``.
    weights_fit : DataFrame
        For each candidate SKB weighting: ``weights``, ``formasi_agreeing`` (share of formasi
        whose hires the weighting reproduces exactly), ``hires_agreeing`` (share of hires it
        selects), ``n_formasi``.
    basis : str
        ``declared`` when every formasi was held to weights the caller gave or the region's
        policy declares; ``inferred`` when some (or all) were held to the weighting that best
        explains their hires, because no weights were declared for them.
    weights : dict
        The SKB weights audited against (when formasi were held to different weights, those
        of the most formasi).
    skb_source : str
        ``components`` (the recorded SKB components, weighed) or ``published_total`` (only
        the published SKB total of each applicant is recorded: the hires are held to the
        official final score it gives, whatever the weights; ``weights_fit`` then has the one
        row of the weights audited against).
    """

    by_formasi: pd.DataFrame
    exceptions: pd.DataFrame
    weights_fit: pd.DataFrame
    basis: str = "declared"
    weights: dict[str, float] = field(default_factory=lambda: {"cat": 1.0})
    skb_source: str = "components"


def _level(weights: Mapping[str, float], rules_kw: Mapping) -> dict:
    """``rules_kw`` with the limits to check: the regional ones when the weights are within
    them, none when a region recorded weights outside them (they are audited as recorded)."""
    if "level" in rules_kw:
        return dict(rules_kw)
    try:
        selection.validate_skb_weights(weights, level="regional")
    except ValueError:
        return {**rules_kw, "level": None}
    return dict(rules_kw)


def _compare(applicants: pd.DataFrame, formasi: pd.DataFrame, rules_kw: dict) -> pd.DataFrame:
    result = selection.apply_rules(applicants, formasi, **rules_kw)
    result["hired"] = applicants["hired"].astype(bool).to_numpy()
    return result


def _key(weights: Mapping[str, float]) -> tuple:
    return tuple(sorted((str(c), float(w)) for c, w in weights.items()))


def _declared(ds: Dataset, formasi: pd.DataFrame) -> list[dict | None]:
    """The SKB weights each formasi's region declares for its year and track (None where it
    declares none), from ``region_policies``; one look-up per region, year and track."""
    if ds.region_policies is None or not len(ds.region_policies):
        return [None] * len(formasi)
    group = formasi.groupby(["region_id", "year", "track"], sort=False).ngroup().to_numpy()
    firsts = formasi.drop_duplicates(["region_id", "year", "track"])
    # groups, not rows; ngroup numbers them in order of first appearance, as here; the
    # regions of one year and track looked up together
    found = {
        (year, track): region_policies(ds, list(regions), year=int(year), track=track)
        for (year, track), regions in firsts.groupby(["year", "track"], sort=False)["region_id"]
    }
    declared = [
        found[(year, track)][region].skb_weights
        for region, year, track in zip(
            firsts["region_id"], firsts["year"], firsts["track"], strict=True
        )
    ]
    return [dict(declared[g]) if declared[g] else None for g in group]


def audit_decisions(
    ds: Dataset,
    skb_weights: Mapping[str, float] | None = None,
    *,
    candidates: Sequence[Mapping[str, float]] | None = None,
    **rules_kw,
) -> Audit:
    """Compare the recorded hires with what the region's declared rules select.

    Parameters
    ----------
    ds : Dataset
        With ``applicants`` and ``formasi``; its ``region_policies`` (when present) declare
        each region's SKB weights.
    skb_weights : mapping, optional
        The SKB weights the agency published, for every formasi. Default: those each region's
        policy declares for the formasi's year and track
        (:func:`asnpolicy.policy.region_policy`); where none are declared, the candidate
        weighting that best explains the region's hires (``basis`` ``inferred``).
    candidates : sequence of mappings, optional
        Weightings to test; default: CAT only and CAT 60 % with each extra component
        recorded in the data at 40 % (the weightings PermenPANRB 27/2021 allows a regional
        government with the tests the data record, at its limits).
    **rules_kw
        Passed to :func:`asnpolicy.selection.apply_rules`. Without ``pppk_technical_pass``
        (the technical pass mark of each PPPK position), only CPNS formasi are audited.
        Declared weights outside the regional limits are applied as recorded (``level``
        None) unless ``level`` is given.

    Returns
    -------
    Audit

    Raises
    ------
    NotEnoughData
        Code ``tables`` without applicants or formasi; code ``skb_scores`` when the audited
        applicants have no CAT-SKB score and no published SKB total; code
        ``columns`` when declared weights use an SKB test the applicants table does not
        record (and no published SKB total stands for it).

    Notes
    -----
    An inversion is a hire whose final rank under the rules is worse than that of a finalist
    of the same formasi who was not hired. Weightings that reproduce every formasi's hires
    explain the decisions; when none does, the decisions followed something else. An
    inferred weighting is the candidate reproducing the most formasi of the region (then the
    most hires; the first candidate on a tie): audited against it, the exceptions are the
    hires no allowed weighting explains, never violations of a rule nobody declared.

    Where only the published SKB total is recorded (``skb_total``, no component: an SSCASN
    integration list), :func:`asnpolicy.selection.integrate_scores` takes it as the SKB
    score, which reproduces the official final score; the hires are held to it
    (``skb_source`` ``published_total``) and no weighting is inferred, since none changes it.

    References
    ----------
    Peraturan Menteri PANRB No. 27 Tahun 2021 (SKB weights of instansi daerah: CAT-SKB at
    least 60 %, at most one extra test of at most 40 %, not an interview).
    """
    ds.require("applicants", "formasi")
    a, f = ds.applicants, ds.formasi
    if rules_kw.get("pppk_technical_pass") is None:
        # PPPK pass marks differ by position and are not in the data: audit CPNS only.
        rules_kw.pop("pppk_technical_pass", None)
        f = f[f["track"] == "cpns"]
        a = a[a["formasi_id"].isin(f["formasi_id"])]
    published = _published_total_only(a)
    if len(a) and not published and not _recorded(a, "skb_cat"):
        raise NotEnoughData(
            "The decision audit needs the applicants' SKB scores: the SKB components "
            "(skb_cat, and the extra test the weights use) or the published skb_total.",
            "skb_scores",
        )
    if published and candidates is None:
        candidates = [dict(skb_weights) if skb_weights is not None else {"cat": 1.0}]

    if candidates is None:
        extras = [
            c
            for c in ("psych", "competency", "practical")
            if f"skb_{c}" in a and a[f"skb_{c}"].notna().any()
        ]
        candidates = [{"cat": 1.0}, *({"cat": 0.6, c: 0.4} for c in extras)]
    candidates = [dict(c) for c in candidates]
    weights_fit, same, agree_hires = _fits(a, f, candidates, rules_kw)

    # the weights each formasi is held to
    ids = f["formasi_id"].to_numpy()
    if skb_weights is not None:
        held: list[dict | None] = [dict(skb_weights)] * len(f)
    else:
        held = _declared(ds, f)
    inferred = np.array([w is None for w in held], dtype=bool)
    if inferred.any():
        best = iter(_inferred(f, pd.Index(ids[inferred]), candidates, same, agree_hires))
        held = [next(best) if w is None else w for w in held]
    basis = pd.Series(np.where(inferred, "inferred", "declared"), index=ids)
    labels = pd.Series([repr(_key(w)) for w in held], index=ids, dtype=object)
    weights_of = {repr(_key(w)): w for w in held}

    results = []
    for label, members in labels.groupby(labels, sort=False).groups.items():  # a few weightings
        weights = weights_of[label]
        fa = f[f["formasi_id"].isin(members)]
        aa = a[a["formasi_id"].isin(members)]
        if not published:  # a published total already weighs every test
            _check_recorded(aa, weights)
        results.append(_compare(aa, fa, {**_level(weights, rules_kw), "skb_weights": weights}))
    if len(results) > 1:  # back in the applicants' order
        order = pd.Series(np.arange(len(a)), index=a["applicant_id"].to_numpy())
        result = pd.concat(results, ignore_index=True)
        result = result.iloc[np.argsort(order.loc[result["applicant_id"]].to_numpy())]
        result = result.reset_index(drop=True)
    elif results:
        result = results[0]
    else:  # nothing to audit
        result = _compare(a, f, {**rules_kw, "skb_weights": skb_weights})
    by_formasi, exceptions = _tally(result, f)
    by_formasi["basis"] = (
        by_formasi["formasi_id"]
        .map(basis)
        .fillna("declared" if skb_weights is not None else "inferred")
    )

    if len(labels):
        audited = dict(weights_of[labels.value_counts(sort=True).index[0]])
        overall = "inferred" if inferred.any() else "declared"
    else:
        audited = dict(skb_weights) if skb_weights is not None else candidates[0]
        overall = "declared" if skb_weights is not None else "inferred"
    return Audit(
        by_formasi,
        exceptions,
        weights_fit,
        basis=overall,
        weights=audited,
        skb_source="published_total" if published else "components",
    )


def _recorded(applicants: pd.DataFrame, column: str) -> bool:
    """Whether some applicant has a value in ``column``."""
    return column in applicants and bool(applicants[column].notna().any())


def _any_skb_component(applicants: pd.DataFrame) -> bool:
    """Whether some applicant has an SKB component score."""
    columns = [c for c in rules.SKB_COLUMNS if c in applicants]
    return bool(columns) and bool(applicants[columns].notna().to_numpy().any())


def _published_total_only(applicants: pd.DataFrame) -> bool:
    """Whether the SKB is recorded only as the published total: some applicant has an
    ``skb_total`` and none has an SKB component."""
    return _recorded(applicants, "skb_total") and not _any_skb_component(applicants)


def _fits(
    a: pd.DataFrame, f: pd.DataFrame, candidates: list[dict], rules_kw: dict
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """How well each candidate weighting reproduces the hires: the table, and per formasi
    (rows) and candidate (columns) whether every decision agrees and the hires it selects."""
    same, agree_hires, fits = {}, {}, []
    for i, weights in enumerate(candidates):  # a few weightings
        trial = _compare(a, f, {**_level(weights, rules_kw), "skb_weights": weights})
        by = trial["formasi_id"]
        same[i] = (trial["hired"] == trial["selected"]).groupby(by).all()
        agree_hires[i] = (trial["hired"] & trial["selected"]).groupby(by).sum()
        fits.append(
            {
                "weights": dict(weights),
                "formasi_agreeing": same[i].mean(),
                "hires_agreeing": agree_hires[i].sum() / max(1, trial["hired"].sum()),
                "n_formasi": len(same[i]),
            }
        )
    weights_fit = pd.DataFrame(fits).sort_values(
        "formasi_agreeing", ascending=False, kind="stable", ignore_index=True
    )
    return weights_fit, pd.DataFrame(same), pd.DataFrame(agree_hires)


def _inferred(
    f: pd.DataFrame,
    ids: pd.Index,
    candidates: list[dict],
    same: pd.DataFrame,
    agree_hires: pd.DataFrame,
) -> list[dict]:
    """For each formasi of ``ids``, the candidate that best explains its region's hires
    among the formasi of ``ids``: most formasi reproduced, then most hires, then the first."""
    region = f.set_index("formasi_id")["region_id"].reindex(ids).to_numpy()
    if not len(same):
        return [candidates[0]] * len(ids)
    # per region and candidate: formasi reproduced, hires selected (integers)
    n_formasi = same.reindex(ids).fillna(False).astype(int).groupby(region).sum()
    n_hires = agree_hires.reindex(ids).fillna(0).astype(int).groupby(region).sum()
    # lexicographic: one more formasi outweighs any number of hires
    score = n_formasi * (1 + int(n_hires.to_numpy().max(initial=0))) + n_hires
    best = pd.Series(score.to_numpy().argmax(axis=1), index=score.index)  # first of ties
    return [candidates[i] for i in best.reindex(region).to_numpy()]


def _check_recorded(applicants: pd.DataFrame, weights: Mapping[str, float]) -> None:
    """Declared weights can be audited only when the data record the tests they weigh."""
    missing = [
        f"skb_{c}"
        for c, w in weights.items()
        if c != "cat"
        and w
        and (f"skb_{c}" not in applicants or not applicants[f"skb_{c}"].notna().any())
    ]
    if missing and len(applicants):
        raise NotEnoughData(
            f"The declared SKB weights {dict(weights)} use {', '.join(missing)}, which the "
            "applicants table does not record; add the scores to audit the hires against "
            "those weights.",
            "columns",
            needs=[f"applicants.{m}" for m in missing],
        )


def _tally(result: pd.DataFrame, f: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per formasi counts and inversions, and the applicants where record and rules differ."""
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
    return by_formasi.reset_index(), exceptions
