"""The registry holds the four regions as DOMAIN.md section 7 and DESIGN.md describe them."""

from __future__ import annotations

import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy import rules, schema
from asnpolicy.regions import (
    ALTERNATIVE_REGIONS,
    REGIONS,
    get_region,
    policy_rows,
    profile_extra_test,
    profile_skb_weights,
    region_ids,
    regions_frame,
)
from asnpolicy.validation import validate_table


class TestRegistry:
    def test_four_regions_in_order(self):
        assert region_ids() == ("bangko", "batanghari", "pauh", "bukittinggi")

    @pytest.mark.parametrize(
        ("region_id", "kind", "province", "code", "population"),
        [
            ("bangko", "kabupaten", "Jambi", "15.02", 397_461),
            ("batanghari", "kabupaten", "Jambi", "15.04", 307_361),
            ("pauh", "kecamatan", "Sumatera Barat", "13.71.08", None),
            ("bukittinggi", "kota", "Sumatera Barat", "13.75", 141_804),
        ],
    )
    def test_identity(self, region_id, kind, province, code, population):
        r = get_region(region_id)
        assert (r.kind, r.province, r.kode_wilayah, r.population) == (
            kind,
            province,
            code,
            population,
        )

    def test_pauh_alternative_is_documented(self):
        alt = ALTERNATIVE_REGIONS["pauh_sarolangun"]
        assert alt.kode_wilayah == "15.03.04" and alt.province == "Jambi"
        assert "pauh_sarolangun" in " ".join(get_region("pauh").notes) or "Sarolangun" in " ".join(
            get_region("pauh").notes
        )

    def test_lookup_is_case_insensitive(self):
        assert get_region(" Bukittinggi ").region_id == "bukittinggi"

    def test_unknown_region_lists_known_ones(self):
        with pytest.raises(ValueError, match="Unknown region 'padang'.*bangko, batanghari, pauh"):
            get_region("padang")

    def test_frame_passes_the_regions_schema(self):
        ds = ap.from_tables({"regions": regions_frame()})
        assert ds.regions["region_id"].tolist() == list(region_ids())


class TestProfiles:
    def test_bangko_external_experts_and_citizen_feedback(self):
        p = REGIONS["bangko"].profile
        assert p.panel_type == "external" and "external_experts" in p.panel_members
        assert "citizen_feedback_in_evaluation" in p.feedback_practices
        assert "management_training_new_recruits" in p.training_programmes

    def test_batanghari_online_portal_and_psych(self):
        p = REGIONS["batanghari"].profile
        assert p.online_registration and p.document_upload
        assert {"written_test", "interview", "psych"} <= set(p.selection_stages)
        assert "social_media" in p.registration_channels

    def test_pauh_fixed_weights_and_academic_panel(self):
        p = REGIONS["pauh"].profile
        assert p.fixed_stage_weights
        assert p.panel_type == "mixed" and {"academics", "practitioners"} <= set(p.panel_members)
        assert {"written_test", "in_depth_interview", "competency"} <= set(p.selection_stages)
        assert "remedial_training_on_poor_feedback" in p.feedback_practices

    def test_bukittinggi_it_based_and_skm(self):
        p = REGIONS["bukittinggi"].profile
        assert p.online_registration
        assert "routine_skm_surveys" in p.feedback_practices
        assert "education_institutions" in p.training_partners

    def test_every_profile_is_complete(self):
        for region in REGIONS.values():
            p = region.profile
            assert p.selection_stages[0] == "skd"
            assert p.panel_type in ("internal", "external", "mixed")
            assert p.stresses_id and p.stresses_en

    def test_stages_are_codes_of_the_data_model(self):
        for region in REGIONS.values():
            assert set(region.profile.selection_stages) <= set(schema.POLICY_STAGES)


class TestProfileWeights:
    """A profile names its extra test but no weight: the competency assessment, else the
    psychological test, at the regional maximum of 40 % (PermenPANRB 27/2021)."""

    @pytest.mark.parametrize(
        ("region_id", "weights"),
        [
            ("bangko", {"cat": 0.6, "competency": 0.4}),
            ("batanghari", {"cat": 0.6, "psych": 0.4}),
            ("pauh", {"cat": 0.6, "competency": 0.4}),
            ("bukittinggi", {"cat": 1.0}),
        ],
    )
    def test_each_study_region(self, region_id, weights):
        assert profile_skb_weights(REGIONS[region_id].profile) == weights

    def test_the_extra_weight_is_the_regional_maximum(self):
        limit = rules.SKB_LIMITS["regional"]
        weights = profile_skb_weights(REGIONS["bangko"].profile)
        assert weights["competency"] == limit.extra_max[None]
        assert weights["cat"] == pytest.approx(limit.cat_min)

    def test_a_test_the_data_do_not_record_is_passed_over(self):
        profile = REGIONS["bangko"].profile
        assert profile_extra_test(profile, recorded=["psych"]) is None
        assert profile_skb_weights(profile, recorded=()) == {"cat": 1.0}
        assert profile_extra_test(profile, recorded=["competency", "psych"]) == "competency"


class TestPolicyRows:
    def test_one_row_per_region_that_passes_the_schema(self):
        rows = policy_rows()
        assert rows["region_id"].tolist() == list(region_ids())
        assert list(rows.columns) == list(schema.TABLES["region_policies"].columns)
        _, problems = validate_table("region_policies", rows)
        assert problems.empty

    def test_the_row_says_what_the_profile_says(self):
        row = policy_rows(["pauh"]).iloc[0]
        p = REGIONS["pauh"].profile
        assert row["stages"].split(";") == list(p.selection_stages)
        assert row["panel_members"].split(";") == list(p.panel_members)
        assert bool(row["fixed_stage_weights"]) and not row["online_registration"]
        assert pd.isna(row["year"]) and pd.isna(row["track"])  # every year, both tracks
        assert row["stresses"] == p.stresses_id
