"""asnpolicy.narrative.comparison: the words of notebook 04 (region comparison) on the
scorecard of the simulated sample."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import tiny_tables

import asnpolicy as ap
from asnpolicy import compare
from asnpolicy.narrative import comparison
from asnpolicy.narrative.text import has_text
from asnpolicy.synth import generate

N_BOOT = 30


@pytest.fixture(scope="module")
def sample():
    return generate(seed=2026)


@pytest.fixture(scope="module")
def card(sample):
    return compare.scorecard(sample, n_boot=N_BOOT)


class TestHeader:
    def test_highlighted_region_first(self, sample):
        text = comparison.header(sample, "bangko", lang="en").data
        assert text.startswith("# Region Comparison: Bangko beside Batanghari, Pauh and")
        assert "Synthetic data" in text

    def test_all_regions(self, sample):
        text = comparison.header(sample, "all", lang="id").data
        assert text.startswith("# Perbandingan Antarwilayah: Bangko, Batanghari, Pauh dan")

    def test_unknown_region(self, sample):
        with pytest.raises(ValueError, match="not in the data"):
            comparison.header(sample, "jakarta")


class TestHighlightedRegion:
    def test_names(self, sample):
        assert comparison.highlighted_region(sample, " Pauh ") == "pauh"
        assert comparison.highlighted_region(sample, "semua") is None
        assert comparison.highlighted_region(sample, None) is None


class TestRegionNames:
    def test_in_the_given_order(self, sample):
        assert comparison.region_names(sample, ["pauh", "bangko"]) == ["Pauh", "Bangko"]


class TestLabels:
    def test_every_indicator_and_unit_has_both_languages(self, card):
        for indicator in pd.unique(card["indicator"]):
            for lang in ("id", "en"):
                assert "_" not in comparison.indicator_label(indicator, lang), indicator
        for unit in pd.unique(card["unit"]):
            assert has_text(f"cmp_unit_{unit}")
        for indicator in card.attrs["not_measured"]:
            assert "_" not in comparison.indicator_label(indicator, "id"), indicator

    def test_unknown_codes_show_as_written(self):
        assert comparison.unit_label("furlongs", "en") == "furlongs"
        assert comparison.indicator_label("new_indicator", "en") == "new indicator"


class TestScorecardTable:
    def test_headers(self, card, sample):
        en = comparison.scorecard_table(card, sample, domain="selection", lang="en")
        idn = comparison.scorecard_table(card, sample, domain="selection", lang="id")
        assert en.index.name == "Indicator" and idn.index.name == "Indikator"
        assert list(en.columns) == ["Unit", "Bangko", "Batanghari", "Pauh", "Bukittinggi"]
        assert idn.columns[0] == "Satuan"
        assert "Online registration" in en.index and "Pendaftaran daring" in idn.index
        assert en.loc["Online registration", "Pauh"].startswith("55.9 % [")
        assert idn.loc["Pendaftaran daring", "Pauh"].startswith("55,9 % [")

    def test_suppressed_value_shows_the_mark(self, sample):
        card = compare.scorecard(sample, n_boot=5, small_cell_min=20)
        table = comparison.scorecard_table(card, sample, domain="outcomes", lang="en")
        assert table.loc["Validity: TIU (general intelligence)", "Pauh"] == "<20"  # 13 hires


class TestNotMeasuredTable:
    def test_missing_table_is_named(self, sample):
        ds = dataclasses.replace(sample, skm=None)
        card = compare.scorecard(ds, n_boot=5)
        table = comparison.not_measured_table(card, lang="en")
        assert "Needs the table(s) skm" in table.loc["IKM, latest survey"].iloc[0]
        assert table.loc["Time to hire"].iloc[0].startswith("The data model dates registration")


class TestPolicyFeatures:
    def test_both_languages(self, sample):
        en = comparison.policy_features(sample, lang="en")
        idn = comparison.policy_features(sample, lang="id")
        assert en.loc["Panel", "Bangko"] == "external" and idn.loc["Panel", "Pauh"] == "campuran"
        assert en.loc["Online registration", "Pauh"] == "no"
        assert idn.loc["Pendaftaran daring", "Batanghari"] == "ya"
        assert "academics" in en.loc["Outside panel members", "Pauh"]

    def test_stresses_in_the_language(self, sample):
        en = comparison.policy_features(sample, lang="en").loc["What the policy stresses"]
        idn = comparison.policy_features(sample, lang="id").loc["Penekanan kebijakan"]
        assert en["Pauh"] == ap.regions.REGIONS["pauh"].profile.stresses_en
        assert idn["Pauh"] == ap.regions.REGIONS["pauh"].profile.stresses_id


class TestSummary:
    def test_sentences(self, card, sample):
        en = comparison.summary(card, sample, region="pauh", lang="en").data
        idn = comparison.summary(card, sample, lang="id").data
        assert "Online registration ranges from 55.9 % (Pauh)" in en
        assert "Pauh is highlighted" in en and "time to hire" in en
        assert "Pendaftaran daring berkisar dari 55,9 % (Pauh)" in idn and "disorot" not in idn

    def test_words_even_when_nothing_can_be_shown(self):
        tiny = ap.from_tables(tiny_tables(), source="tests")
        card = compare.scorecard(tiny, n_boot=5)
        text = comparison.summary(card, tiny, lang="en").data
        assert "Not measurable from the data" in text
