"""asnpolicy.narrative.selection: the words of notebook 02, worded by their intervals."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from asnpolicy.narrative import selection
from asnpolicy.narrative.text import t

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
CODES = ("cat_interview", "skd_only", "official", "gender", "origin", "non_local", "female")


def comparison(**changes) -> pd.DataFrame:
    """Three designs as :func:`asnpolicy.designs.compare_designs` returns them, with the
    Bangko sample's numbers: ``cat_interview`` leads, is Rp 771 million cheaper than the
    official design and its paired difference lies above 0, but it is not separated from
    ``fixed_three_stage``."""
    frame = pd.DataFrame(
        {
            "policy": ["official", "cat_interview", "fixed_three_stage"],
            "official": [True, False, False],
            "skb_weights": [
                {"cat": 0.6, "competency": 0.4},
                {"cat": 0.6, "interview": 0.4},
                {"cat": 0.4, "interview": 0.3, "competency": 0.3},
            ],
            "n_selected": [286, 286, 286],
            "overlap": [1.0, 0.77, 0.84],
            "expected_skp": [4.241, 4.273, 4.263],
            "ci_low": [4.19, 4.22, 4.21],
            "ci_high": [4.30, 4.33, 4.32],
            "difference": [0.0, 0.031, 0.022],
            "diff_ci_low": [0.0, 0.009, 0.005],
            "diff_ci_high": [0.0, 0.054, 0.037],
            "leader": [False, True, False],
            "lead_diff_ci_low": [0.009, float("nan"), -0.009],
            "lead_diff_ci_high": [0.054, float("nan"), 0.032],
            "success_ratio": [0.967, 0.973, 0.969],
            "success_ci_low": [0.95, 0.958, 0.954],
            "success_ci_high": [0.982, 0.986, 0.984],
            "n_skd": [2500, 2500, 2500],
            "n_skb": [857, 857, 857],
            "cost": [2047.25e6, 1275.95e6, 2561.45e6],
            "cost_per_hire": [7.158e6, 4.461e6, 8.956e6],
            "utility": [0.0, 13.3e9, 8.3e9],
            "utility_ci_low": [0.0, 4.0e9, 1.0e9],
            "utility_ci_high": [0.0, 23.0e9, 16.0e9],
            "min_impact_ratio_gender": [0.83, 0.85, 0.87],
            "impact_ci_low_gender": [0.67, 0.68, 0.70],
            "impact_ci_high_gender": [1.05, 1.06, 1.09],
            "impact_min_selected_gender": [130, 131, 133],
            "impact_min_n_gender": [2504, 2504, 2504],
            "min_impact_ratio_origin": [0.83, 0.94, 0.91],
            "impact_ci_low_origin": [0.65, 0.73, 0.71],
            "impact_ci_high_origin": [1.07, 1.20, 1.17],
            "impact_min_selected_origin": [77, 84, 82],
            "impact_min_n_origin": [1538, 1538, 1538],
        }
    )
    for column, values in changes.items():
        frame[column] = values
    frame.attrs.update(scale="skp", success="Baik", basis="records", n_boot=200)
    return frame


def recorded(ratio=0.66, low=0.31, high=1.43) -> pd.DataFrame:
    """Recorded impact (:func:`asnpolicy.fairness.recorded_impact`) with Pauh's origin ratio."""
    return pd.DataFrame(
        {
            "variable": ["gender", "gender", "origin", "origin"],
            "group": ["female", "male", "local", "non_local"],
            "n": [208, 221, 293, 136],
            "selected": [17, 17, 26, 8],
            "rate": [0.082, 0.077, 0.089, 0.059],
            "impact_ratio": [1.0, 0.94, 1.0, ratio],
            "ratio_ci_low": [0.85, 0.82, 0.87, low],
            "ratio_ci_high": [1.18, 1.08, 1.15, high],
            "reference": ["female", "female", "local", "local"],
        }
    )


@pytest.fixture
def funnel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["registered", "administration", "skd", "skb", "selected"],
            "n": [1000, 800, 300, 120, 40],
        }
    )


@pytest.fixture
def modes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": "verification_days",
            "registration_mode": ["online", "offline"],
            "mean": [2.0, 6.5],
            "ci_low": [1.9, 6.0],
            "ci_high": [2.1, 7.0],
        }
    )


@pytest.fixture
def reliability() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["competency"],
            "panel": ["external"],
            "icc1k": [0.8],
            "icc1k_ci_low": [0.78],
            "icc1k_ci_high": [0.83],
        }
    )


@pytest.fixture
def audit() -> SimpleNamespace:
    """What :func:`asnpolicy.audit.audit_decisions` returns, as far as the words read it."""
    return SimpleNamespace(
        exceptions=pd.DataFrame({"applicant_id": ["a1", "a2"]}),
        by_formasi=pd.DataFrame({"inversions": [1, 2]}),
        weights_fit=pd.DataFrame(
            {
                "weights": [{"cat": 0.6, "interview": 0.4}],
                "formasi_agreeing": [0.9],
                "hires_agreeing": [0.95],
            }
        ),
    )


def summary(funnel, modes, reliability, designs, audit, impact=None, lang="id") -> str:
    impact = recorded() if impact is None else impact
    return selection.selection_summary(
        None, funnel, modes, reliability, designs, audit, impact=impact, lang=lang
    ).data


class TestSelectionSummary:
    def test_sentences(self, funnel, modes, reliability, audit):
        text = summary(funnel, modes, reliability, comparison(), audit, lang="en")
        assert text.startswith("Of 1,000 CPNS and PPPK applicants, 800 passed")
        assert "(4.0 % of applicants)" in text
        assert "in 2.0 [1.9; 2.1] days on average, offline ones in 6.5 [6.0; 7.0] days" in text
        assert "competency assessment, external panel 0.80 [0.78; 0.83]" in text
        assert "2 applicants whose decision differs" in text and "3 rank inversions" in text

    def test_cheaper_design_at_least_as_good_is_said_with_its_interval(
        self, funnel, modes, reliability, audit
    ):
        """Finding 9: Bangko's SKB CAT + interview is Rp 771 million cheaper and its paired
        difference lies above 0: the page says so, with the interval and the caveat that
        the design is outside the official limits."""
        text = summary(funnel, modes, reliability, comparison(), audit)
        assert "SKB CAT + wawancara Rp 771 juta lebih murah dan setidaknya sama baik" in text
        assert "+0,031 [0,009; 0,054] poin SKP" in text
        assert "Biaya seleksi desain resmi Rp 2.047 juta" in text
        assert t("sel_not_official_caveat", "id") in text

    def test_cheaper_design_whose_interval_includes_zero_is_not_as_good(
        self, funnel, modes, reliability, audit
    ):
        designs = comparison(diff_ci_low=[0.0, -0.010, 0.005])
        text = summary(funnel, modes, reliability, designs, audit)
        assert "setidaknya sama baik" not in text
        assert "belum terbukti setara maupun lebih buruk" in text

    def test_a_worse_cheaper_design_is_not_offered(self, funnel, modes, reliability, audit):
        designs = comparison(
            difference=[0.0, -0.05, 0.022],
            diff_ci_low=[0.0, -0.08, 0.005],
            diff_ci_high=[0.0, -0.02, 0.037],
            leader=[False, False, True],
            lead_diff_ci_low=[0.005, 0.04, float("nan")],
            lead_diff_ci_high=[0.037, 0.1, float("nan")],
        )
        text = summary(funnel, modes, reliability, designs, audit)
        assert "lebih murah" not in text

    def test_highest_only_when_every_paired_interval_excludes_zero(
        self, funnel, modes, reliability, audit
    ):
        """Finding 8: the leader is not "highest" while its interval against
        fixed_three_stage includes 0; it is once every interval lies above 0."""
        text = summary(funnel, modes, reliability, comparison(), audit)
        assert "tertinggi menurut estimasi titik" in text
        assert "tidak terpisah dari Tiga tahap berbobot tetap" in text
        separated = comparison(lead_diff_ci_low=[0.009, float("nan"), 0.002])
        text = summary(funnel, modes, reliability, separated, audit)
        assert "tertinggi menurut estimasi titik" not in text
        assert "SKB CAT + wawancara memberi perkiraan kinerja tertinggi, +0,031" in text

    def test_official_highest_only_when_separated(self, funnel, modes, reliability, audit):
        """ "desain resmi tertinggi" where every paired interval includes 0 is not said."""
        tied = comparison(
            difference=[0.0, -0.01, -0.02],
            diff_ci_low=[0.0, -0.03, -0.04],
            diff_ci_high=[0.0, 0.01, 0.005],
            leader=[True, False, False],
            lead_diff_ci_low=[float("nan"), -0.01, -0.005],
            lead_diff_ci_high=[float("nan"), 0.03, 0.04],
        )
        text = summary(funnel, modes, reliability, tied, audit)
        assert t("sel_official_clearly_best", "id") not in text
        assert "Tidak ada desain yang terbukti memberi kinerja lebih tinggi" in text
        clear = tied.assign(lead_diff_ci_low=[float("nan"), 0.001, 0.002])
        text = summary(funnel, modes, reliability, clear, audit)
        assert t("sel_official_clearly_best", "id") in text

    @pytest.mark.parametrize(
        ("low", "high", "says", "never"),
        [
            (0.31, 1.43, "belum pasti", "terdapat dampak merugikan"),
            (0.40, 0.70, "terdapat dampak merugikan", "belum pasti"),
            (0.85, 1.10, "tidak ada dampak merugikan (seluruh selang", "belum pasti"),
        ],
    )
    def test_adverse_impact_only_when_the_whole_interval_is_below(
        self, funnel, modes, reliability, audit, low, high, says, never
    ):
        """Finding 8: Pauh's origin ratio 0.66 [0.31; 1.43] is "uncertain", not a finding."""
        impact = recorded((low + high) / 2, low, high)
        fair = comparison(
            impact_ci_low_gender=[0.81, 0.82, 0.83], impact_ci_low_origin=[0.81, 0.82, 0.83]
        )
        text = summary(funnel, modes, reliability, fair, audit, impact)
        assert says in text.lower() or says in text
        assert never not in text

    def test_fairness_of_both_groups_under_the_official_design(
        self, funnel, modes, reliability, audit
    ):
        text = summary(funnel, modes, reliability, comparison(), audit)
        assert "jenis kelamin 0,83 [0,67; 1,05], belum pasti" in text
        assert "asal daerah 0,83 [0,65; 1,07], belum pasti" in text

    @pytest.mark.parametrize("lang", ["id", "en"])
    def test_no_codes(self, funnel, modes, reliability, audit, lang):
        """Finding 7: no design code, group code or snake_case token in the words."""
        designs = comparison()
        parts = [
            summary(funnel, modes, reliability, designs, audit, lang=lang),
            selection.designs_table(designs, lang=lang).shown.to_string(),
            selection.designs_costs_table(designs, lang=lang).shown.to_string(),
            selection.impact_table(recorded(), lang=lang).shown.to_string(),
            selection.audit_table(audit, lang=lang).shown.to_string(),
            selection.selection_recommendations(designs, recorded(), audit, lang=lang).data,
            selection.selection_methods(designs, stage_costs={"skd": 1, "cat": 2}, lang=lang).data,
        ]
        text = "\n".join(parts)
        assert not SNAKE.findall(text)
        codes = [c for c in CODES if "_" in c or lang == "id"]  # "official" is English
        assert not [c for c in codes if re.search(rf"\b{c}\b", text)]
        if lang == "id":
            assert "Jenis kelamin: perempuan" in text and "Asal daerah: luar daerah" in text


class TestDesignsMissing:
    def test_says_what_is_missing_and_what_would_help(self):
        empty = pd.DataFrame()
        empty.attrs.update(reason="too_few_recruits", n_recruits=13, n_needed=16)
        text = selection.designs_missing(empty, lang="id").data
        assert "Hanya 13 pegawai" in text and "paling sedikit 16" in text
        assert "Only" not in text

    def test_published_basis_is_said(self, funnel, modes, reliability, audit):
        """Finding 4: Pauh's comparison rests on published validities, and the page says
        why in Indonesian."""
        designs = comparison()
        designs.attrs.update(basis="published", n_recruits=13, n_needed=16, scale="sd")
        text = summary(funnel, modes, reliability, designs, audit)
        assert "Hanya 13 pegawai hasil rekrutmen" in text and "validitas terbitan" in text
        assert " SD " in text


class TestKeyNumbers:
    def test_four_numbers(self, funnel):
        keys = selection.selection_key_numbers(funnel, comparison(), recorded(), lang="id")
        labels = [label for label, _ in keys.items]
        values = dict(keys.items)
        assert len(keys.items) == 4
        assert values[labels[0]] == "1.000" and values[labels[1]] == "40 (4,0 %)"
        assert values[labels[2]] == "+0,031 [0,009; 0,054]"
        assert "SKB CAT + wawancara" in labels[2]
        assert values[labels[3]] == "0,66 [0,31; 1,43]" and "luar daerah" in labels[3]

    def test_official_when_no_alternative_is_supported(self, funnel):
        designs = comparison(diff_ci_low=[0.0, -0.01, -0.01])
        keys = selection.selection_key_numbers(funnel, designs, recorded(), lang="en")
        assert dict(keys.items)[keys.items[2][0]] == "4.241 [4.190; 4.300]"


class TestDesignsTables:
    def test_performance_table(self):
        table = selection.designs_table(comparison(), lang="id")
        shown = table.shown
        assert shown["Desain"].tolist()[:2] == ["Desain resmi", "SKB CAT + wawancara"]
        assert shown["Bobot SKB"].tolist()[1] == "CAT 60 % + wawancara 40 %"
        assert shown["Δ SKP"].tolist()[1] == "+0,031 [0,009; 0,054]"
        assert table.title and len(table.data) == 3
        assert table.data["Δ SKP batas bawah"].tolist()[1] == 0.009

    def test_costs_table_both_ratios_and_costs(self):
        table = selection.designs_costs_table(comparison(), lang="id")
        shown = table.shown
        assert "Rasio dampak, jenis kelamin" in shown and "Rasio dampak, asal daerah" in shown
        assert shown["Biaya (Rp juta)"].tolist() == ["2.047", "1.276", "2.561"]
        assert shown["Rasio dampak, jenis kelamin"][0] == "0,83 [0,67; 1,05] (belum pasti)"
        assert table.data["Biaya (Rp)"].tolist()[1] == 1275.95e6

    def test_small_groups_hidden(self):
        designs = comparison(impact_min_selected_origin=[3, 84, 82])
        shown = selection.designs_costs_table(designs, lang="en", small_cell_min=5).shown
        assert shown["Impact ratio, origin"].tolist()[0] == "<5"


class TestImpactTable:
    def test_labels_and_verdicts(self):
        table = selection.impact_table(recorded(), lang="id")
        shown = table.shown
        assert shown["Kelompok"].tolist() == [
            "Jenis kelamin: perempuan",
            "Jenis kelamin: laki-laki",
            "Asal daerah: putra daerah",
            "Asal daerah: luar daerah",
        ]
        assert shown["Penilaian"].tolist() == ["acuan", "tidak merugikan", "acuan", "belum pasti"]
        assert table.data["Rasio dampak"].tolist()[3] == 0.66

    def test_hides_small_groups(self):
        shown = selection.impact_table(recorded(), lang="en", small_cell_min=10_000).shown
        assert set(shown["n"]) == {"<10000"}


class TestAuditTable:
    def test_both_languages(self, audit):
        en = selection.audit_table(audit, lang="en").shown
        assert list(en.columns) == [
            "SKB weights",
            "Formasi reproduced",
            "Appointments reproduced",
            "Audited against",
        ]
        assert en.iloc[0].tolist() == ["CAT 60 % + interview 40 %", "90.0 %", "95.0 %", "yes"]
        idn = selection.audit_table(audit, lang="id").shown
        assert idn.iloc[0, 0] == "CAT 60 % + wawancara 40 %" and idn.iloc[0, 1] == "90,0 %"


class TestRecommendationsAndMethods:
    def test_recommendations(self, audit):
        text = selection.selection_recommendations(comparison(), recorded(), audit).data
        assert text.startswith("## Rekomendasi")
        assert "Pertimbangkan SKB CAT + wawancara" in text and "Rp 771 juta" in text
        assert "Pantau rasio dampak yang belum pasti (asal daerah: luar daerah 0,66" in text
        assert "Periksa 2 keputusan" in text

    def test_methods(self):
        designs = comparison()
        text = selection.selection_methods(
            designs, stage_costs={"skd": 150_000, "cat": 100_000}, lang="id"
        ).data
        assert text.startswith("## Catatan metodologi")
        for bit in ("sensus", "PermenPANRB No. 27 Tahun 2021", "bootstrap 200 kali",
                    "Brogden-Cronbach-Gleser", "empat perlima", "Rp 150.000"):  # fmt: skip
            assert bit in text, bit
        designs.attrs.update(basis="published", validities={"tiu": 0.31, "twk": None})
        text = selection.selection_methods(designs, lang="id").data
        assert "Sackett" in text and "TIU 0,31" in text and "TWK tanpa bobot sendiri" in text


# --- issue 17: the audit's basis, where the official design comes from, missing parts -------


def inferred_audit() -> SimpleNamespace:
    """An audit of a region with no recorded policy: the weights were inferred."""
    return SimpleNamespace(
        basis="inferred",
        weights={"cat": 0.6, "competency": 0.4},
        exceptions=pd.DataFrame({"applicant_id": ["a1", "a2", "a3"]}),
        by_formasi=pd.DataFrame({"inversions": [4, 5]}),
        weights_fit=pd.DataFrame(
            {
                "weights": [{"cat": 0.6, "competency": 0.4}, {"cat": 1.0}],
                "formasi_agreeing": [1.0, 0.2],
                "hires_agreeing": [1.0, 0.4],
            }
        ),
    )


class TestAuditBasis:
    def test_inferred_never_reports_violations(self, funnel, modes, reliability):
        audit = inferred_audit()
        for lang in ("id", "en"):
            text = summary(funnel, modes, reliability, comparison(), audit, lang=lang)
            assert "disimpulkan dari keputusan" in text or "inferred from the decisions" in text
            assert "100,0 %" in text or "100.0 %" in text
            for word in ("inversi", "inversion", "berbeda dari aturan", "differs from"):
                assert word not in text
        recs = selection.selection_recommendations(comparison(), recorded(), audit).data
        assert "Periksa" not in recs and "lembar 'kebijakan'" in recs
        methods = selection.selection_methods(comparison(), audit=audit, lang="en").data
        assert "no violation of an assumed rule" in methods
        table = selection.audit_table(audit, lang="id").shown
        assert table["Acuan audit"].tolist() == ["ya", "tidak"]

    def test_inferred_with_a_rest_says_what_to_record(self, funnel, modes, reliability):
        audit = inferred_audit()
        audit.weights_fit.loc[0, "formasi_agreeing"] = 0.8
        text = summary(funnel, modes, reliability, comparison(), audit, lang="en")
        assert "80.0 % of formasi" in text and "sheet 'kebijakan'" in text

    def test_declared_names_the_weights(self, funnel, modes, reliability, audit):
        audit.basis, audit.weights = "declared", {"cat": 0.6, "interview": 0.4}
        text = summary(funnel, modes, reliability, comparison(), audit, lang="id")
        assert "bobot SKB yang ditetapkan (CAT 60 % + wawancara 40 %): 2 pelamar" in text


class TestOfficialDesignNote:
    @pytest.mark.parametrize(
        ("basis", "official", "id_bit", "en_bit"),
        [
            ("declared", True, "menurut kebijakan yang dicatat", "of the recorded policy"),
            ("declared", False, "di luar aturan", "outside the rules"),
            ("registry", True, "tersimpan dalam paket", "built into the package"),
            ("profile", True, "mengikuti tahapannya", "follows its stages"),
            ("assumed", True, "Tidak ada kebijakan tercatat", "No policy is recorded"),
        ],
    )
    def test_each_basis(self, basis, official, id_bit, en_bit):
        design = SimpleNamespace(
            basis=basis, official=official, skb_weights={"cat": 0.6, "interview": 0.4}
        )
        idn = selection.official_design_note(design, lang="id").data
        assert id_bit in idn and "CAT 60 % + wawancara 40 %" in idn
        assert not SNAKE.search(idn)
        assert en_bit in selection.official_design_note(design, lang="en").data


class TestMissingParts:
    def test_summary_names_what_is_missing(self, funnel, modes, reliability, audit):
        from asnpolicy.narrative.guard import Missing

        gone = Missing(("assessments",))
        text = selection.selection_summary(
            None, funnel, modes, gone, Missing(("performance",)), audit, impact=gone,
            sd_y=Missing(("positions.annual_cost",)), lang="id",
        ).data  # fmt: skip
        assert "keandalan panel, perbandingan desain seleksi, manfaat bersih dalam rupiah" in text
        assert "Dari " in text and "Audit keputusan" in text
        nothing = selection.selection_summary(
            None, gone, gone, gone, gone, gone, impact=gone, lang="en"
        ).data
        assert nothing.startswith("The data present hold no applicants and formasi")
        numbers = selection.selection_key_numbers(gone, gone, gone, lang="id")
        assert numbers.items == []
        recs = selection.selection_recommendations(gone, gone, gone, lang="id").data
        assert recs.startswith("## Rekomendasi")
        methods = selection.selection_methods(gone, stage_costs={"skd": 1}, audit=gone).data
        assert "Biaya" not in methods and "Audit keputusan" not in methods

    def test_bootstrap_redraws_are_reported(self):
        designs = comparison()
        designs.attrs.update(n_boot_redrawn=3)
        text = selection.selection_methods(designs, lang="en").data
        assert "3 bootstrap resamples whose score correlations were not positive definite" in text

    def test_published_without_records(self, funnel, modes, reliability, audit):
        designs = comparison()
        designs.attrs.update(basis="published", needs=("employees", "performance"))
        text = summary(funnel, modes, reliability, designs, audit, lang="id")
        assert "belum memuat catatan kinerja" in text and "Hanya 0" not in text
        recs = selection.selection_recommendations(designs, recorded(), audit, lang="id").data
        assert "(lembar pegawai dan kinerja)" in recs

    def test_designs_missing_names_unrecorded_scores(self):
        empty = pd.DataFrame(columns=["policy"])
        empty.attrs.update(
            basis="none", reason="scores_not_recorded", needs=("applicants.skb_competency",)
        )
        text = selection.designs_missing(empty, lang="id").data
        assert "nilai asesmen kompetensi SKB pada tabel pelamar" in text
