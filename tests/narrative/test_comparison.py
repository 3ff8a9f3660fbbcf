"""asnpolicy.narrative.comparison: the words of notebook 04 (region comparison) on the
scorecard of the simulated sample."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest
from conftest import tiny_tables
from partial_data import REGION, subset_dataset

import asnpolicy as ap
from asnpolicy import compare
from asnpolicy.narrative import comparison, guard
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

    @pytest.mark.parametrize(
        ("n", "region", "lang", "title"),
        [
            (7, "r3", "id", "R 3 dibandingkan dengan R 0, R 1, R 2, R 4, R 5 dan R 6"),
            (8, "r3", "id", "R 3 dibandingkan dengan 7 wilayah lain"),
            (1200, "r3", "en", "R 3 beside 1,199 other regions"),
            (1200, "all", "id", "1.200 wilayah"),
            (6, "all", "en", "R 0, R 1, R 2, R 3, R 4 and R 5"),
        ],
    )
    def test_many_regions_are_counted_not_named(self, n, region, lang, title):
        """A national comparison (552 regions) named every region in its title, which also
        broke the Word and Excel exports (a document title holds 255 characters)."""
        regions = pd.DataFrame(
            {"region_id": [f"r{i}" for i in range(n)], "name": [f"R {i}" for i in range(n)]}
        )
        heading = comparison.header(ap.Dataset(regions=regions), region, lang=lang)
        assert heading.data.splitlines()[0].split(": ", 1)[1] == title

    @pytest.mark.parametrize(("n", "named"), [(7, True), (8, False)])
    def test_kinds_of_many_regions_are_counted(self, n, named):
        """The sentence on kinds of region named every region with its staff: 552 at
        national size, a page of names."""
        ids = [f"r{i}" for i in range(n)]
        card = pd.DataFrame(
            {
                "region_id": ids,
                "indicator": "retirement_share",
                "n": [100 * (i + 1) for i in range(n)],
            }
        )
        card.attrs["kinds"] = {r: "kota" if r == "r0" else "kabupaten" for r in ids}
        regions = pd.DataFrame({"region_id": ids, "name": [f"R {i}" for i in range(n)]})
        text = comparison.kinds_note(card, ap.Dataset(regions=regions), lang="id")
        assert "kota: R 0 (100 pegawai)" in text
        if named:
            assert "R 5 (600 pegawai)" in text
        else:
            assert f"kabupaten: {n - 1} wilayah dengan 200 sampai {100 * n} pegawai" in text
            assert "R 5" not in text


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
        assert en.loc["Online registration", "Pauh"] == "55.9 % (n = 429)"  # a census
        assert idn.loc["Pendaftaran daring", "Pauh"] == "55,9 % (n = 429)"

    def test_suppressed_value_shows_the_mark(self, sample):
        card = compare.scorecard(sample, n_boot=5, small_cell_min=20)
        table = comparison.scorecard_table(card, sample, domain="outcomes", lang="en")
        assert table.loc["Validity: TIU (general intelligence)", "Pauh"] == "<20"  # 13 hires


class TestNotMeasuredTable:
    def test_missing_table_is_named(self, sample):
        ds = dataclasses.replace(sample, skm=None)
        card = compare.scorecard(ds, n_boot=5)
        table = comparison.not_measured_table(card, lang="en")
        reason = table.loc["IKM, latest survey"].iloc[0]
        assert "citizen satisfaction survey (SKM)" in reason and "'skm'" in reason
        assert table.loc["Time to hire"].iloc[0].startswith("The data model dates registration")

    def test_indonesian_page_names_tables_in_indonesian(self, sample):
        """Issue 17: the reason names the table in the page's words and the sheet to add (the
        guard's), never the data model's English name."""
        ds = dataclasses.replace(sample, workload=None, employees=None)
        card = compare.scorecard(ds, n_boot=5)
        table = comparison.not_measured_table(card, lang="id")
        reason = table.loc["Jabatan yang kekurangan pegawai"].iloc[0]
        assert reason == (
            "Memerlukan tabel analisis beban kerja dan pegawai (lembar atau berkas 'abk' dan "
            "'pegawai'), yang belum ada dalam data."
        )
        reasons = " ".join(table.iloc[:, 0])
        assert not re.search(r"\b(workload|employees|promotions|training)\b", reasons)


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
        assert "online registration 55.9 % (rank 4 of 4)" in en
        assert "Pauh is highlighted" in en and "time to hire" in en
        assert "Pendaftaran daring berkisar dari 55,9 % (Pauh)" in idn and "disorot" not in idn

    def test_words_even_when_nothing_can_be_shown(self):
        tiny = ap.from_tables(tiny_tables(), source="tests")
        card = compare.scorecard(tiny, n_boot=5)
        text = comparison.summary(card, tiny, lang="en").data
        assert "Not measurable from the data" in text


def synthetic_card(rows, *, kinds=None) -> pd.DataFrame:
    """A hand-made scorecard: rows of (region, indicator, value, low, high, unit, basis)."""
    card = pd.DataFrame(
        rows, columns=["region_id", "indicator", "value", "ci_low", "ci_high", "unit", "basis"]
    )
    card["domain"] = "outcomes"
    card["n"] = 200
    card["band"] = None
    card["group"] = "male"
    card["suppressed"] = False
    card.attrs.update(kinds=kinds or {}, horizon_years=5, small_cell_min=5, confidence=0.95)
    return card


class TestPositions:
    """Issue 16, finding 13: where the highlighted region stands, worded by the intervals
    (claims.excludes / clearly_highest); a census is ranked and flagged, never tested."""

    def test_overlapping_intervals_are_not_a_separation(self):
        card = synthetic_card(
            [
                ("a", "ikm", 80.0, 76.0, 84.0, "ikm", "sample"),  # highest point estimate
                ("b", "ikm", 79.0, 75.0, 83.0, "ikm", "sample"),
                ("c", "ikm", 70.0, 69.0, 71.0, "ikm", "sample"),
            ]
        )
        row = comparison.positions(card, "a").iloc[0]
        assert row["rank"] == 1 and row["verdict"] == "some" and row["separated"] == 1
        text = comparison.position_text(row, "id")
        assert "tertinggi" not in text and "terpisah dari 1 dari 2" in text

    def test_separated_from_all_is_highest(self):
        card = synthetic_card(
            [
                ("a", "ikm", 82.0, 81.5, 82.5, "ikm", "sample"),
                ("b", "ikm", 79.0, 78.8, 79.2, "ikm", "sample"),
                ("c", "ikm", 78.0, 77.5, 78.5, "ikm", "sample"),
            ]
        )
        assert comparison.positions(card, "a").iloc[0]["verdict"] == "highest"
        assert comparison.positions(card, "c").iloc[0]["verdict"] == "lowest"
        assert comparison.position_text(comparison.positions(card, "a").iloc[0], "en") == (
            "highest of 3; separated from every other region"
        )

    def test_straddling_everything_is_not_separated(self):
        card = synthetic_card(
            [
                ("a", "impact_ratio_origin", 0.66, 0.31, 1.43, "ratio", "sample"),
                ("b", "impact_ratio_origin", 0.85, 0.71, 1.03, "ratio", "sample"),
            ]
        )
        row = comparison.positions(card, "a").iloc[0]
        assert row["verdict"] == "not_separated" and not row["notable"]

    def test_census_is_ranked_not_tested(self):
        card = synthetic_card(
            [
                ("a", "online_registration_share", 0.56, np.nan, np.nan, "share", "census"),
                ("b", "online_registration_share", 0.95, np.nan, np.nan, "share", "census"),
            ]
        )
        row = comparison.positions(card, "a").iloc[0]
        assert row["verdict"] == "census" and row["rank"] == 2 and row["notable"]
        assert comparison.position_text(row, "id") == "peringkat 2 dari 2 (sensus)"


class TestRegionKinds:
    """Issue 16, finding 13: a kecamatan beside kabupaten and kota; the kind from the data."""

    def test_note_when_kinds_differ(self, card, sample):
        note = comparison.kinds_note(card, sample, lang="id")
        assert "kecamatan: Pauh (318 pegawai)" in note and "tidak sebanding" in note
        assert "kota (city): Bukittinggi" in comparison.kinds_note(card, sample, lang="en")

    def test_no_note_when_all_of_one_kind(self, card, sample):
        same = card.copy()
        same.attrs = {**card.attrs, "kinds": dict.fromkeys(card.attrs["kinds"], "kabupaten")}
        assert comparison.kinds_note(same, sample, lang="id") is None

    def test_counts_flagged_in_the_table(self, card, sample):
        table = comparison.scorecard_table(card, sample, domain="needs", region="pauh", lang="id")
        position = table["Posisi Pauh"]
        assert "tidak sebanding" in position["Pensiun dalam 5 tahun"]
        assert "tidak sebanding" not in position["Pegawai pensiun dalam 5 tahun"]


class TestFocusSummary:
    def test_pauh_page_says_where_pauh_stands(self, card, sample):
        text = comparison.summary(card, sample, region="pauh", lang="id").data
        assert "Kebutuhan pegawai Pauh" in text and "selisih bersih +2,2 FTE" in text
        assert "IKM, survei terakhir 82,00" in text and "tertinggi dari 4" in text
        assert "kecamatan: Pauh (318 pegawai)" in text

    def test_bangko_net_surplus_and_gross_shortage_together(self, card, sample):
        """Issue 16, finding 2: the measures of page 01 (net) and 04 (gross) in one sentence."""
        text = comparison.summary(card, sample, region="bangko", lang="id").data
        assert "tingkat kekurangan bruto 8,2 %" in text
        assert "selisih bersih -229,2 FTE (kelebihan bersih)" in text

    def test_pages_differ_by_region(self, card, sample):
        texts = {r: comparison.summary(card, sample, region=r, lang="en").data for r in
                 ("bangko", "pauh", "all")}  # fmt: skip
        assert len(set(texts.values())) == 3

    def test_uncertain_ratio_is_not_adverse_impact(self, card, sample):
        """Issue 16, finding 8 on page 04: Pauh's 0.66 [0.31; 1.43] is uncertain."""
        text = comparison.summary(card, sample, lang="id").data
        assert "Dampak merugikan (seluruh" not in text
        assert "belum pasti dan bukan temuan: Pauh" in text
        table = comparison.scorecard_table(card, sample, domain="selection", lang="id")
        assert "dampak merugikan" not in " ".join(table.to_numpy().ravel())


class TestKeyNumbers:
    @pytest.mark.parametrize("region", ["pauh", "all"])
    def test_three_or_four(self, card, sample, region):
        for lang in ("id", "en"):
            items = comparison.key_numbers(card, sample, region, lang).items
            assert 3 <= len(items) <= 4

    def test_focus_position_in_the_label(self, card, sample):
        items = dict(comparison.key_numbers(card, sample, "pauh", "id").items)
        label = "IKM, survei terakhir · tertinggi dari 4; terpisah dari semua wilayah lain"
        assert items[label] == "82,00 [81,46; 82,54]"
        assert items["Selisih bersih (kebutuhan ABK dikurangi pegawai)"] == "+2,2 FTE"


class TestMethodsAndRecommendations:
    def test_methods_define_the_measures(self, card, sample):
        text = " ".join(comparison.methods(card, sample, lang="id"))
        for words in ("Kekurangan bruto", "selisih bersih", "tingkat kekurangan bruto", "sensus",
                      "MOVER", "PermenPANRB 14/2017", "kecamatan", "gabungan"):  # fmt: skip
            assert words in text, words

    def test_recommendations_with_caveats(self, card, sample):
        points = comparison.recommendations(card, sample, region="bangko", lang="id")
        assert any("Redistribusi sebelum rekrutmen" in p and "Catatan" in p for p in points)


SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("region", ["pauh", "all"])
def test_no_code_on_the_indonesian_page(card, sample, region):
    """Issue 16, finding 7 on page 04: no snake_case and no English word in Indonesian."""
    parts = [comparison.summary(card, sample, region=region, lang="id").data]
    parts += comparison.methods(card, sample, lang="id")
    parts += comparison.recommendations(card, sample, region=region, lang="id")
    parts += [k + v for k, v in comparison.key_numbers(card, sample, region, "id").items]
    for domain in compare.DOMAINS:
        table = comparison.scorecard_table(card, sample, domain=domain, region=region, lang="id")
        parts += [" ".join(map(str, table.index)), " ".join(table.to_numpy().ravel())]
    parts.append(" ".join(comparison.not_measured_table(card, lang="id").to_numpy().ravel()))
    text = " ".join(parts)
    assert not SNAKE.findall(text)
    for word in (" gender", "hire_year", "shortage", " the "):
        assert word not in text, word


class TestDomainTable:
    def test_titled_with_full_raw_data(self, card, sample):
        table = comparison.domain_table(card, sample, domain="merit", region="pauh", lang="en")
        assert table.title == "Merit-system indicators: each region's values"
        assert (
            len(table.shown) + len(table.rest)
            == card.query("domain == 'merit'")["indicator"].nunique()
        )
        data = table.data
        assert len(data) == (card["domain"] == "merit").sum()
        values = data["Value"].dropna()  # None: a region without the indicator
        assert values.map(lambda v: isinstance(v, float)).all() and values.max() == 100  # percent


@pytest.fixture(scope="module")
def kerinci(sample):
    """Pauh's workforce and recruitment tables as an off-registry region, "kerinci"."""
    full = subset_dataset(sample, "recruitment")
    workforce = subset_dataset(sample, "workforce")
    return dataclasses.replace(full, workload=workforce.workload, employees=workforce.employees)


@pytest.fixture(scope="module")
def kerinci_card(kerinci):
    return compare.scorecard(kerinci, n_boot=5)


class TestOneRegion:
    """Issue 17, item 12: notebook 04 on one region."""

    @pytest.mark.parametrize("region", [REGION, "all"])
    def test_title_says_one_region(self, kerinci, region):
        assert comparison.header(kerinci, region, lang="id").data.splitlines()[0] == (
            "# Perbandingan Antarwilayah: kerinci (satu wilayah)"
        )
        assert "beside" not in comparison.header(kerinci, region, lang="en").data

    def test_summary_says_what_comparing_needs(self, kerinci, kerinci_card):
        text = comparison.summary(kerinci_card, kerinci, region=REGION, lang="id").data
        assert text.startswith("Data ini memuat satu wilayah saja, kerinci")
        assert "wilayah lain di folder (atau buku kerja) yang sama" in text
        assert "peringkat" not in text.split("\n\n", 1)[1]  # no rank among one
        assert "disorot" not in text
        assert "Kebutuhan pegawai kerinci" in text  # its own values are said

    def test_no_position_column_and_no_rank(self, kerinci, kerinci_card):
        table = comparison.scorecard_table(kerinci_card, kerinci, domain="needs",
                                           region=REGION, lang="id")  # fmt: skip
        assert list(table.columns) == ["Satuan", "kerinci"]
        items = comparison.key_numbers(kerinci_card, kerinci, REGION, "id").items
        assert items and not any("peringkat" in label or "satu-satunya" in label
                                 for label, _ in items)  # fmt: skip

    def test_recommends_adding_regions_not_reading_ranks(self, kerinci, kerinci_card):
        points = comparison.recommendations(kerinci_card, kerinci, region=REGION, lang="en")
        assert any(p.startswith("**Compare with other regions**") for p in points)
        assert any(p.startswith("**Record the recruitment policy** of kerinci") for p in points)
        assert not any(p.startswith("**Reading ranks") for p in points)

    def test_missing_parts_in_one_sentence(self, kerinci_card, kerinci):
        text = comparison.summary(kerinci_card, kerinci, region=REGION, lang="id").data
        assert "Data yang ada belum mendukung bagian berikut: hasil (validitas" in text


class TestDomainMissing:
    def test_one_set_is_the_guards_sentence(self, kerinci_card):
        card = kerinci_card[kerinci_card["domain"] != "needs"].copy()
        card.attrs = dict(kerinci_card.attrs, needs={"shortage_rate": ("workload",)})
        assert comparison.domain_missing(card, "needs", lang="id") == guard.Missing(
            ("workload",)
        ).sentence("id")

    def test_alternatives_joined_by_or(self, kerinci_card):
        sentence = comparison.domain_missing(kerinci_card, "outcomes", lang="id")
        start = "Bagian ini memerlukan tabel kinerja (SKP) (lembar atau berkas 'kinerja'), atau "
        assert sentence.startswith(start + "tabel survei kepuasan masyarakat")
        assert comparison.domain_missing(kerinci_card, "selection", lang="id") is None

    def test_ready_shows_the_sentence(self, kerinci_card, monkeypatch):
        shown = []
        monkeypatch.setattr("IPython.display.display", lambda *objs, **_: shown.extend(objs))
        assert comparison.domain_ready(kerinci_card, "selection", lang="en")
        assert not comparison.domain_ready(kerinci_card, "outcomes", lang="en")
        assert len(shown) == 1 and 'class="report-missing"' in shown[0].data


class TestPolicyAsData:
    """04's policy table from asnpolicy.policy: the data's row, else the registry, else
    "tidak tercatat" and how to record one."""

    def rows(self, **cells):
        return pd.DataFrame([{"region_id": REGION, **cells}])

    def test_not_recorded_is_one_row_and_a_hint(self, kerinci):
        table = comparison.policy_features(kerinci, lang="id")
        assert table.index.tolist() == ["Sumber keterangan kebijakan"]
        assert table["kerinci"].tolist() == ["tidak tercatat"]
        hint = comparison.policy_hint(kerinci, lang="id").data
        assert "lembar atau berkas 'kebijakan'" in hint and "kamus data" in hint
        english = comparison.policy_hint(kerinci, lang="en").data
        assert "'kebijakan'" in english and "_" not in english  # no code on an English page

    def test_declared_row(self, kerinci):
        ds = dataclasses.replace(kerinci, region_policies=self.rows(
            cat_weight=0.6, extra_test="competency", extra_weight=0.4,
            stages="skd;cat_skb;competency;practical", panel_type="mixed"))  # fmt: skip
        table = comparison.policy_features(ds, lang="id")["kerinci"]
        assert table["Sumber keterangan kebijakan"] == "tabel kebijakan dalam data"
        assert table["Bobot SKB yang dinyatakan"] == "SKB CAT 60 %, Asesmen kompetensi 40 %"
        assert table["Bobot dalam batas PermenPANRB 27/2021"] == "ya"
        assert table["Tahap seleksi"].endswith("Tes praktik")  # no code left in English
        assert table["Panel"] == "campuran"
        assert comparison.policy_hint(ds, lang="id") is None  # every policy is in the data

    def test_outside_the_regulation(self, kerinci):
        ds = dataclasses.replace(kerinci, region_policies=self.rows(
            cat_weight=0.5, extra_test="interview", extra_weight=0.5))  # fmt: skip
        table = comparison.policy_features(ds, lang="id")["kerinci"]
        assert table["Bobot SKB yang dinyatakan"] == "SKB CAT 50 %, Wawancara 50 %"
        assert table["Bobot dalam batas PermenPANRB 27/2021"] == "tidak (di luar aturan)"

    def test_registry_beside_unrecorded(self, sample, kerinci):
        both = ap.Dataset(units=pd.concat([sample.for_region("pauh").units, kerinci.units]))
        table = comparison.policy_features(both, lang="en")
        assert table.loc["Source of the policy"].tolist() == [
            "the region's policy document (built into the package)", "not recorded"]  # fmt: skip
        assert table.loc["Panel", "kerinci"] == "-"


class TestManyRegions:
    """A national comparison lists no region by region where it would name hundreds: the
    uncertain impact ratios and the clear validities are counted beyond NAMES_MAX regions."""

    @staticmethod
    def spread(card, n: int):
        """Bangko's rows of ``card`` copied for ``n`` regions r00, r01, ... named R 0, R 1, ..."""
        ids = [f"r{i:02d}" for i in range(n)]
        base = card[card["region_id"] == "bangko"]
        rows = pd.concat([base.assign(region_id=r) for r in ids], ignore_index=True)
        ratio = rows["indicator"].str.startswith("impact_ratio_")
        rows.loc[ratio, ["value", "ci_low", "ci_high", "suppressed"]] = [0.75, 0.6, 0.9, False]
        validity = rows["indicator"].str.startswith("validity_")
        rows.loc[validity, ["value", "ci_low", "ci_high", "suppressed"]] = [0.3, 0.1, 0.5, False]
        rows.attrs.update(card.attrs)
        rows.attrs["kinds"] = dict.fromkeys(ids, "kabupaten")
        names = pd.DataFrame({"region_id": ids, "name": [f"R {i}" for i in range(n)]})
        return rows, ap.Dataset(regions=names, source="x")

    @pytest.fixture(scope="class")
    @classmethod
    def many(cls, card):
        return cls.spread(card, 10)

    @pytest.mark.parametrize("n", [comparison.MANY_REGIONS, comparison.MANY_REGIONS + 1])
    def test_tables_of_many_regions_show_the_highlighted_one(self, card, n):
        """Beyond MANY_REGIONS the page's table holds the highlighted region's values and
        standing (552 columns at national size); the workbook's data keep every region."""
        rows, data = self.spread(card, n)
        table = comparison.domain_table(rows, data, domain="needs", region="r03", lang="id")
        shown = table.shown
        if n > comparison.MANY_REGIONS:
            assert list(shown.columns) == ["Satuan", "R 3", "Posisi R 3"]
            assert f"kedudukannya di antara {n} wilayah" in table.title
        else:
            assert "R 4" in shown.columns and "kedudukannya" not in table.title
        assert table.data["Wilayah"].nunique() == n

    def test_all_regions(self, many):
        rows, data = many
        text = comparison.summary(rows, data, region="all", lang="id").data
        assert "sehingga belum pasti dan bukan temuan: 10 wilayah (lihat tabel Seleksi)." in text
        assert "di 10 wilayah (lihat tabel Hasil)." in text
        assert "R 3" not in text

    def test_highlighted_region(self, many):
        rows, data = many
        text = comparison.summary(rows, data, region="r03", lang="en").data
        assert "R 3 (gender: " in text
        assert "; 9 other regions (see the Selection table)." in text
        assert "R 4" not in text

    @pytest.mark.parametrize("n", [comparison.MANY_REGIONS, comparison.MANY_REGIONS + 1])
    def test_policies_of_many_regions_show_the_highlighted_one(self, card, n):
        _, data = self.spread(card, n)
        table = comparison.policy_table(data, region="r03", lang="en")
        if n > comparison.MANY_REGIONS:
            assert len(table.data.columns) == n + 1  # the feature and every region (workbook)
            assert list(table.shown.columns) == ["R 3"]
            assert f"the policies of all {n} regions are in the full tables" in table.title
        else:
            assert len(table.shown.columns) == n
