"""asnpolicy.narrative.selection: the words of notebook 02."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from asnpolicy.narrative import selection


@pytest.fixture
def designs() -> pd.DataFrame:
    """Two designs as :func:`asnpolicy.designs.compare_designs` returns them."""
    frame = pd.DataFrame(
        {
            "policy": ["official", "interview 50 %"],
            "official": [True, False],
            "n_selected": [40, 40],
            "expected_skp": [3.1, 3.25],
            "ci_low": [3.0, 3.1],
            "ci_high": [3.2, 3.4],
            "difference": [0.0, 0.15],
            "success_ratio": [0.61, 0.66],
            "success_ci_low": [0.5, 0.55],
            "success_ci_high": [0.7, 0.75],
            "overlap": [1.0, 0.8],
            "min_impact_ratio_origin": [0.91, 0.78],
            "cost": [50e6, 72e6],
        }
    )
    frame.attrs["success"] = "Baik"
    return frame


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


class TestSelectionSummary:
    def test_sentences(self, designs, audit):
        funnel = pd.DataFrame(
            {
                "stage": ["registered", "administration", "skd", "skb", "selected"],
                "n": [1000, 800, 300, 120, 40],
            }
        )
        modes = pd.DataFrame(
            {
                "measure": "verification_days",
                "registration_mode": ["online", "offline"],
                "mean": [2.0, 6.5],
            }
        )
        reliability = pd.DataFrame({"stage": ["interview"], "panel": ["external"], "icc1k": [0.8]})
        text = selection.selection_summary(
            None, funnel, modes, reliability, designs, audit, lang="en"
        ).data
        assert text.startswith("Of 1,000 CPNS and PPPK applicants, 800 passed")
        assert "(4.0 % of applicants)" in text
        assert "in 2.0 days on average, offline ones in 6.5 days" in text
        assert "interview external 0.80" in text
        assert "interview 50 % gives the highest expected performance (SKP), 0.150 points" in text
        assert "2 applicants whose decision differs" in text and "3 rank inversions" in text


class TestDesignsTable:
    @pytest.mark.parametrize(
        ("lang", "headers"),
        [
            ("en", ["design", "official", "n", "SKP", "Δ SKP"]),
            ("id", ["desain", "resmi", "n", "SKP", "Δ SKP"]),
        ],
    )
    def test_headers(self, designs, lang, headers):
        table = selection.designs_table(designs, lang=lang)
        assert list(table.columns[:5]) == headers
        overlap, cost = (
            ("overlap", "Rp (million)")
            if lang == "en"
            else ("sama dengan yang diangkat", "Rp (juta)")
        )
        assert {overlap, cost, "AI origin"} <= set(table.columns)

    def test_values(self, designs):
        table = selection.designs_table(designs, lang="id")
        assert table["resmi"].tolist() == ["ya", "tidak"]
        assert table["SKP"].tolist()[1] == "3,250 [3,100; 3,400]"
        assert table["Rp (juta)"].tolist() == ["50", "72"]

    def test_no_comparison_is_said(self):
        empty = pd.DataFrame()
        empty.attrs["reason"] = "too few hires"
        table = selection.designs_table(empty, lang="en")
        assert table.iloc[0, 0] == "No comparison of designs: too few hires"


class TestImpactTable:
    def test_headers(self, bangko):
        assert list(selection.impact_table(bangko, lang="en").columns) == [
            "group", "n", "rate", "ratio", "< 4/5",
        ]  # fmt: skip
        assert list(selection.impact_table(bangko, lang="id").columns) == [
            "kelompok", "n", "tingkat", "rasio", "< 4/5",
        ]  # fmt: skip

    def test_hides_small_groups(self, bangko):
        table = selection.impact_table(bangko, lang="en", small_cell_min=10_000)
        assert set(table["n"]) == {"<10000"}


class TestAuditTable:
    def test_both_languages(self, audit):
        en = selection.audit_table(audit, lang="en")
        assert list(en.columns) == ["weights", "formasi reproduced", "hires"]
        assert en.iloc[0].tolist() == ["cat 60 %, interview 40 %", "90.0 %", "95.0 %"]
        idn = selection.audit_table(audit, lang="id")
        assert list(idn.columns) == ["bobot", "formasi", "pengangkatan"]
        assert idn.iloc[0, 1] == "90,0 %"
