"""The decision audit finds hires the rules would not have made, and the weights used; it
holds hires to declared weights, or infers them, never to an assumed rule."""

from __future__ import annotations

import pandas as pd
import pytest

from asnpolicy import selection
from asnpolicy.audit import audit_decisions
from asnpolicy.insufficient import NotEnoughData
from asnpolicy.io import from_tables
from asnpolicy.policy import region_policy
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


# --------------------------------------------------------------------------------------------
# The audit's basis: declared weights, or weights inferred from the hires (issue 17)
# --------------------------------------------------------------------------------------------

CAT_COMPETENCY = {"cat": 0.6, "competency": 0.4}


def renamed(ds, region: str = "kerinci", policies=None):
    """The data of ``ds``'s one region as an off-registry region, with ``policies`` (rows of
    region_policies, or None for no table). Bangko's hires were made by CAT 60 % +
    competency 40 % (the simulator's truth)."""
    tables = {
        name: frame.assign(region_id=region) if "region_id" in frame else frame
        for name, frame in ds.tables().items()
        if name != "region_policies"
    }
    if policies is not None:
        tables["region_policies"] = pd.DataFrame(policies).assign(region_id=region)
    return from_tables(tables, source="kerinci")


@pytest.fixture(scope="module")
def kerinci(bangko):
    return renamed(bangko)


class TestBasis:
    def test_truth_of_the_fixture(self, bangko):
        assert official(bangko) == CAT_COMPETENCY

    def test_no_policy_infers_the_weights_and_accuses_nobody(self, kerinci):
        assert kerinci.region_policies is None
        assert region_policy(kerinci).source == "none"
        audit = audit_decisions(kerinci)
        assert audit.basis == "inferred"
        assert audit.weights == CAT_COMPETENCY
        assert audit.exceptions.empty
        assert audit.by_formasi["inversions"].sum() == 0
        assert set(audit.by_formasi["basis"]) == {"inferred"}

    def test_cat_only_would_have_accused(self, kerinci):
        # what notebook 02 did before: the assumed rule finds "violations" that did not happen
        audit = audit_decisions(kerinci, {"cat": 1.0})
        assert audit.basis == "declared" and len(audit.exceptions) > 0

    def test_a_matching_declared_policy(self, bangko):
        ds = renamed(
            bangko,
            policies={"cat_weight": [0.6], "extra_test": ["competency"], "extra_weight": [0.4]},
        )
        assert region_policy(ds).source == "data"
        audit = audit_decisions(ds)
        assert (audit.basis, audit.weights) == ("declared", CAT_COMPETENCY)
        assert audit.exceptions.empty
        assert audit.by_formasi["inversions"].sum() == 0

    def test_a_wrong_declared_policy_finds_exceptions(self, bangko):
        ds = renamed(bangko, policies={"cat_weight": [1.0]})
        audit = audit_decisions(ds)
        assert (audit.basis, audit.weights) == ("declared", {"cat": 1.0})
        assert len(audit.exceptions) > 0
        assert audit.by_formasi["inversions"].sum() > 0
        # the fit still names the weighting that explains the hires
        assert audit.weights_fit.iloc[0]["weights"] == CAT_COMPETENCY

    def test_weights_outside_the_regulation_are_audited_as_recorded(self, bangko):
        # an interview may not be a regional government's extra test (PermenPANRB 27/2021),
        # but a region that used one is held to what it used, not refused
        ds = renamed(
            bangko,
            policies={"cat_weight": [0.6], "extra_test": ["interview"], "extra_weight": [0.4]},
        )
        assert region_policy(ds).within_limits is False
        audit = audit_decisions(ds)
        assert audit.weights == {"cat": 0.6, "interview": 0.4}
        assert len(audit.exceptions) > 0

    def test_a_policy_for_one_year_only(self, bangko):
        years = sorted(bangko.formasi["year"].unique())
        ds = renamed(
            bangko,
            policies={
                "year": [years[0]],
                "cat_weight": [0.6],
                "extra_test": ["competency"],
                "extra_weight": [0.4],
            },
        )
        audit = audit_decisions(ds)
        basis = audit.by_formasi.groupby("year")["basis"].unique().map(list).to_dict()
        assert basis[years[0]] == ["declared"]
        assert all(basis[y] == ["inferred"] for y in basis if y != years[0])
        assert audit.basis == "inferred"  # partly inferred: the page must say so
        assert audit.exceptions.empty

    def test_given_weights_win(self, bangko):
        ds = renamed(bangko, policies={"cat_weight": [1.0]})
        audit = audit_decisions(ds, CAT_COMPETENCY)
        assert audit.basis == "declared" and audit.exceptions.empty

    def test_declared_test_not_recorded_is_said(self, bangko):
        ds = renamed(
            bangko,
            policies={"cat_weight": [0.6], "extra_test": ["practical"], "extra_weight": [0.4]},
        )
        with pytest.raises(NotEnoughData) as err:
            audit_decisions(ds)
        assert err.value.needs == ("applicants.skb_practical",)

    def test_each_region_inferred_on_its_own(self):
        ds = generate(regions=["bangko", "bukittinggi"], years=(2024,), scale=0.3)
        ds.region_policies = None
        audit = audit_decisions(ds)
        assert audit.basis == "inferred" and audit.exceptions.empty
        assert audit.by_formasi["inversions"].sum() == 0

    def test_the_sample_regions_declare_their_weights(self, bangko):
        audit = audit_decisions(bangko)
        assert (audit.basis, audit.weights) == ("declared", official(bangko))
        assert audit.exceptions.empty
