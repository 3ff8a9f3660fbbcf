"""A region's recruitment policy as data: the row that applies, the weights it declares, the
registry's profiles when there is no row, and nothing assumed for any other region."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy.io import Dataset, from_tables
from asnpolicy.policy import (
    SOURCES,
    RegionPolicy,
    policies_frame,
    region_policies,
    region_policy,
)
from asnpolicy.regions import REGIONS, policy_rows, profile_skb_weights, regions_frame
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return generate(years=(2024,), scale=0.3)


def policies(**columns) -> Dataset:
    """A dataset with only a region_policies table, validated."""
    return from_tables({"region_policies": pd.DataFrame(columns)})


class TestRegionPolicy:
    @pytest.mark.parametrize("region", list(REGIONS))
    def test_the_sample_rows_are_the_registry_profiles(self, sample, region):
        policy = region_policy(sample, region)
        assert policy == RegionPolicy(
            region, "data", profile_skb_weights(REGIONS[region].profile), REGIONS[region].profile,
            True,
        )  # fmt: skip

    def test_the_four_declared_weightings(self, sample):
        got = {r: region_policy(sample, r).skb_weights for r in REGIONS}
        assert got == {
            "bangko": {"cat": 0.6, "competency": 0.4},
            "batanghari": {"cat": 0.6, "psych": 0.4},
            "pauh": {"cat": 0.6, "competency": 0.4},
            "bukittinggi": {"cat": 1.0},
        }

    def test_one_region_of_the_data_by_default(self, sample):
        assert region_policy(sample.for_region("pauh")).region_id == "pauh"
        with pytest.raises(ValueError, match="for_region"):
            region_policy(sample)

    def test_registry_without_a_row_declares_no_weights(self):
        ds = Dataset(regions=regions_frame(["pauh"]))
        policy = region_policy(ds)
        assert (policy.source, policy.skb_weights, policy.within_limits) == (
            "registry",
            None,
            None,
        )
        assert policy.profile == REGIONS["pauh"].profile

    def test_other_region_without_a_row_has_no_policy(self):
        policy = region_policy(Dataset(), "kerinci")
        assert policy == RegionPolicy("kerinci", "none", None, None, None)
        assert policy.source in SOURCES

    def test_region_id_case_and_spaces(self):
        ds = policies(region_id=["kerinci"], cat_weight=[1.0])
        assert region_policy(ds, " Kerinci ").skb_weights == {"cat": 1.0}

    def test_a_rows_profile_for_an_off_registry_region(self):
        ds = policies(
            region_id=["kerinci"],
            stages=["skd;CAT_SKB; competency"],
            panel_type=["external"],
            panel_members=["academics;practitioners"],
            online_registration=["ya"],
            stresses=["Seleksi terbuka berbasis kompetensi."],
        )
        p = region_policy(ds, "kerinci").profile
        assert p.selection_stages == ("skd", "cat_skb", "competency")
        assert (p.panel_type, p.panel_members) == ("external", ("academics", "practitioners"))
        assert (p.online_registration, p.document_upload, p.fixed_stage_weights) == (
            True,
            None,
            None,
        )
        assert p.registration_channels == ()
        assert p.stresses_id == p.stresses_en == "Seleksi terbuka berbasis kompetensi."

    def test_a_study_regions_empty_cells_come_from_the_registry(self):
        ds = policies(region_id=["bangko"], panel_type=["mixed"], stresses=["Kata sendiri."])
        p = region_policy(ds, "bangko").profile
        known = REGIONS["bangko"].profile
        assert p.panel_type == "mixed" and p.stresses_id == "Kata sendiri."
        assert p.selection_stages == known.selection_stages
        assert p.online_registration is known.online_registration


class TestDeclaredWeights:
    @pytest.mark.parametrize(
        ("row", "weights"),
        [
            ({"cat_weight": [0.6], "extra_test": ["psych"], "extra_weight": [0.4]},
             {"cat": 0.6, "psych": 0.4}),
            ({"cat_weight": [0.7], "extra_test": ["competency"]}, {"cat": 0.7, "competency": 0.3}),
            ({"extra_test": ["competency"], "extra_weight": [0.25]},
             {"cat": 0.75, "competency": 0.25}),
            ({"cat_weight": [1.0]}, {"cat": 1.0}),
            ({"cat_weight": [1.0], "extra_test": ["psych"], "extra_weight": [0.0]}, {"cat": 1.0}),
            ({"extra_test": ["psych"]}, None),  # a test named without a weight: none declared
            ({"stages": ["skd;cat_skb"]}, None),
        ],
    )  # fmt: skip
    def test_weights_from_a_row(self, row, weights):
        policy = region_policy(policies(region_id=["kerinci"], **row), "kerinci")
        assert policy.source == "data"
        assert policy.skb_weights == (pytest.approx(weights) if weights else None)

    @pytest.mark.parametrize(
        ("extra", "cat", "within"),
        [
            ("psych", 0.6, True),
            ("competency", 0.8, True),
            ("practical", 0.5, False),  # CAT-SKB below 60 %
            ("interview", 0.6, False),  # an interview may not be the extra test
            ("interview", 0.8, False),
        ],
    )
    def test_within_the_regional_limits_of_permenpanrb_27_2021(self, extra, cat, within):
        ds = policies(
            region_id=["kerinci"], cat_weight=[cat], extra_test=[extra], extra_weight=[1 - cat]
        )
        assert region_policy(ds, "kerinci").within_limits is within


@pytest.fixture(scope="module")
def rows() -> Dataset:
    """Rows for every year, for 2021 (both tracks, and PPPK), and for 2019 CPNS."""
    return policies(
        region_id=["kerinci"] * 4,
        year=[None, 2021, 2021, 2019],
        track=[None, None, "pppk", "cpns"],
        cat_weight=[1.0, 0.6, 0.7, 0.8],
        extra_test=[None, "competency", "psych", "psych"],
    )


class TestWhichRow:
    @pytest.mark.parametrize(
        ("year", "track", "cat"),
        [
            (None, None, 1.0),  # the row for every year and both tracks
            (2021, None, 0.6),
            (2021, "cpns", 0.6),
            (2021, "pppk", 0.7),  # year and track both match: the most specific
            (2019, "cpns", 0.8),
            (2019, "pppk", 1.0),  # the 2019 row is CPNS only
            (2024, "cpns", 1.0),
        ],
    )
    def test_most_specific_row_wins(self, rows, year, track, cat):
        policy = region_policy(rows, "kerinci", year=year, track=track)
        assert policy.skb_weights["cat"] == cat

    def test_without_a_row_for_every_year_the_latest(self):
        ds = policies(region_id=["kerinci"] * 2, year=[2019, 2021], cat_weight=[1.0, 0.6],
                      extra_test=[None, "psych"])  # fmt: skip
        assert region_policy(ds, "kerinci").skb_weights == {"cat": 0.6, "psych": 0.4}
        assert region_policy(ds, "kerinci", year=2019).skb_weights == {"cat": 1.0}
        assert region_policy(ds, "kerinci", year=2023).source == "none"

    def test_registry_fallback_when_no_row_applies(self):
        ds = policies(region_id=["pauh"], year=[2019], cat_weight=[1.0])
        assert region_policy(ds, "pauh", year=2024).source == "registry"


def _reference_row(rows: pd.DataFrame, region: str, year, track) -> int | None:
    """The row that applies to one region, chosen region by region (the rule of
    :func:`region_policy` written plainly): the position in ``rows``, or None."""
    mine = [i for i in range(len(rows)) if str(rows["region_id"].iloc[i]).strip().lower() == region]
    if not mine:
        return None
    years = {i: rows["year"].iloc[i] for i in mine}
    tracks = {i: rows["track"].iloc[i] for i in mine}
    # the year and the track are each judged on all of the region's rows
    if year is not None:
        year_ok = {i for i in mine if pd.isna(years[i]) or years[i] == year}
    elif any(pd.isna(years[i]) for i in mine):
        year_ok = {i for i in mine if pd.isna(years[i])}
    else:
        year_ok = {i for i in mine if years[i] == max(years.values())}
    if track is not None:
        track_ok = {i for i in mine if pd.isna(tracks[i]) or tracks[i] == track}
    elif any(pd.isna(tracks[i]) for i in mine):
        track_ok = {i for i in mine if pd.isna(tracks[i])}
    elif any(tracks[i] == "cpns" for i in mine):
        track_ok = {i for i in mine if tracks[i] == "cpns"}
    else:
        track_ok = set(mine)
    mine = sorted(year_ok & track_ok)
    if not mine:
        return None
    # most specific first (a year, then a track), then the first in the table
    return min(mine, key=lambda i: (pd.isna(years[i]), pd.isna(tracks[i]), i))


class TestManyRegionsAtOnce:
    """``region_policies`` chooses every region's row at once; each choice is the one the
    rule gives region by region."""

    @pytest.mark.parametrize("seed", range(12))
    @pytest.mark.parametrize(("year", "track"), [(None, None), (2021, None), (None, "pppk"),
                                                 (2022, "cpns")])  # fmt: skip
    def test_same_row_as_region_by_region(self, seed, year, track):
        rng = np.random.default_rng(seed)
        n = 40
        rows = pd.DataFrame(
            {
                "region_id": rng.choice(["r1", " R1", "r2", "r3", "pauh", None], n),
                "year": pd.array(rng.choice([2020, 2021, 2022, None], n), dtype="Int64"),
                "track": rng.choice(["cpns", "pppk", None], n),
                "cat_weight": np.round(rng.uniform(0.6, 1.0, n), 6),
            }
        )
        ds = Dataset(region_policies=rows)
        regions = ["r1", "r2", "r3", "pauh", "r4"]
        found = region_policies(ds, regions, year=year, track=track)
        for region in regions:
            at = _reference_row(rows, region, year, track)
            if at is None:
                assert found[region].source != "data"
            else:
                assert found[region].skb_weights == {"cat": rows["cat_weight"].iloc[at]}
            assert found[region] == region_policy(ds, region, year=year, track=track)


class TestPoliciesFrame:
    def test_one_row_per_region_with_its_source(self, sample):
        ds = Dataset(
            regions=pd.concat(
                [
                    regions_frame(["pauh", "bangko"]),
                    pd.DataFrame(
                        {
                            "region_id": ["kerinci", "jambi"],
                            "name": ["Kerinci", "Jambi"],
                            "kind": ["kabupaten", "kota"],
                            "province": ["Jambi", "Jambi"],
                            "kode_wilayah": ["15.01", "15.71"],
                        }
                    ),
                ],
                ignore_index=True,
            ),
            region_policies=pd.concat(
                [
                    policy_rows(["bangko"]),
                    pd.DataFrame({"region_id": ["kerinci"], "cat_weight": [1.0]}),
                ],
                ignore_index=True,
            ),
        )
        frame = policies_frame(ds)
        assert frame["region_id"].tolist() == ["bangko", "pauh", "jambi", "kerinci"]
        assert frame["source"].tolist() == ["data", "registry", "none", "data"]
        assert frame["cat_weight"].tolist()[0] == 0.6
        assert frame["extra_test"].tolist()[0] == "competency"
        assert frame["within_limits"].isna().tolist() == [False, True, True, False]
        assert frame.loc[1, "panel_type"] == "mixed"
        assert frame.loc[1, "stresses_en"] == REGIONS["pauh"].profile.stresses_en
        assert frame.loc[2, ["panel_type", "stresses_id"]].isna().all()

    def test_the_sample(self, sample):
        frame = policies_frame(sample)
        assert frame["source"].eq("data").all() and len(frame) == 4
        assert frame["within_limits"].all()

    def test_works_from_the_top_level_package(self):
        assert ap.policy.region_policy is region_policy
