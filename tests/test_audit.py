"""The decision audit finds hires the rules would not have made, and the weights used."""

from __future__ import annotations

import pytest

from asnpolicy import selection
from asnpolicy.audit import audit_decisions
from asnpolicy.synth import assumptions as A
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def bangko():
    return generate(regions=["bangko"], seed=2026)


def official(ds) -> dict:
    extra = ds.truth["regions"]["extra_test"].iloc[0]
    return {"cat": 1.0} if extra is None else {"cat": 0.6, extra: 0.4}


def test_clean_record_has_no_exceptions(bangko):
    audit = audit_decisions(bangko, official(bangko), pppk_technical_pass=A.PPPK_TECHNICAL_PASS)
    assert audit.exceptions.empty
    assert audit.by_formasi["inversions"].sum() == 0
    assert (audit.by_formasi["agree"] == audit.by_formasi["hired"]).all()
    best = audit.weights_fit.iloc[0]
    assert best["weights"] == official(bangko) and best["formasi_agreeing"] == 1.0


def test_a_swapped_hire_is_found(bangko):
    ds = bangko.for_region("bangko")
    a = ds.applicants.copy()
    # In a CPNS formasi with a finalist who was not hired, hire that finalist instead of the
    # top-ranked hire: one hire not by rule, one passed over, and inversions.
    ranks = selection.apply_rules(
        a, ds.formasi, skb_weights=official(ds), pppk_technical_pass=A.PPPK_TECHNICAL_PASS
    )
    finalists = ranks[ranks["final_rank"].notna() & ~ranks["selected"] & ranks["to_skb"]]
    target = finalists.iloc[0]
    winner = ranks[(ranks["formasi_id"] == target["formasi_id"]) & ranks["selected"]].iloc[0]
    a.loc[a["applicant_id"] == winner["applicant_id"], "hired"] = False
    a.loc[a["applicant_id"] == target["applicant_id"], "hired"] = True
    ds.applicants = a
    audit = audit_decisions(ds, official(ds), pppk_technical_pass=A.PPPK_TECHNICAL_PASS)
    row = audit.by_formasi.set_index("formasi_id").loc[target["formasi_id"]]
    assert (row["hired_not_by_rule"], row["passed_over"]) == (1, 1)
    assert row["inversions"] >= 1
    assert set(audit.exceptions["applicant_id"]) == {target["applicant_id"], winner["applicant_id"]}
    assert audit.weights_fit.iloc[0]["formasi_agreeing"] < 1.0
