"""rules.py holds the official constants exactly as DOMAIN.md and the regulations give them."""

from __future__ import annotations

import ast
import dataclasses
import math
import tokenize
from pathlib import Path

import pytest

from asnpolicy import rules

PACKAGE = Path(rules.__file__).parent


class TestSkdFormat:
    def test_2021_onward_format(self):
        # KepmenPANRB 321/2024: TWK 30 x 5 = 150, TIU 35 x 5 = 175, TKP 45 x 5 = 225, total 550.
        for year in (2021, 2023, 2024):
            f = rules.skd_rule(year).format
            assert (f.twk_items, f.tiu_items, f.tkp_items) == (30, 35, 45)
            assert (f.twk_max, f.tiu_max, f.tkp_max, f.total_max) == (150, 175, 225, 550)

    def test_2018_2019_hundred_items_max_500_tkp_175(self):
        for year in (2018, 2019):
            f = rules.skd_rule(year).format
            assert f.twk_items + f.tiu_items + f.tkp_items == 100
            assert f.total_max == 500
            assert f.tkp_max == 175


class TestSkdPassingGrades:
    @pytest.mark.parametrize(
        ("year", "twk", "tiu", "tkp"),
        [(2019, 65, 80, 126), (2021, 65, 80, 166), (2023, 65, 80, 166), (2024, 65, 80, 166)],
    )
    def test_general_thresholds(self, year, twk, tiu, tkp):
        rule = rules.skd_rule(year)
        assert (rule.twk_min, rule.tiu_min, rule.tkp_min) == (twk, tiu, tkp)

    @pytest.mark.parametrize(
        ("year", "group", "total", "tiu"),
        [
            (2019, "cumlaude", 271, 85),
            (2019, "diaspora", 271, 85),
            (2019, "disability", 260, 70),
            (2019, "papua", 260, 60),
            # PermenPANRB 24/2019: doctors, dentists, specialists, clinical teachers and flight
            # instructors 271 & TIU 80; rescuers, ship crew and volcano observers 260 & TIU 70
            # (quoted by Tribunnews, 4 Feb 2020; Kompas, 12 Nov 2019).
            (2019, "doctor", 271, 80),
            (2019, "ship_crew_rescuer_volcano", 260, 70),
            (2021, "cumlaude", 311, 85),
            (2021, "diaspora", 311, 85),
            (2021, "disability", 286, 60),
            (2021, "papua", 286, 60),
            (2021, "doctor", 311, 80),
            (2021, "ship_crew_rescuer_volcano", 286, 70),
            (2023, "cumlaude", 311, 85),
            (2023, "papua", 286, 60),
            (2024, "cumlaude", 311, 85),
            (2024, "disability", 286, 60),
            (2024, "papua", 286, 60),
        ],
    )
    def test_special_groups(self, year, group, total, tiu):
        threshold = rules.skd_rule(year).special[group]
        assert (threshold.total_min, threshold.tiu_min) == (total, tiu)

    def test_doctor_and_ship_crew_in_2019_and_2021_only(self):
        for year in (2019, 2021):
            assert {"doctor", "ship_crew_rescuer_volcano"} <= set(rules.skd_rule(year).special)
        for year in (2018, 2023, 2024):
            assert "doctor" not in rules.skd_rule(year).special
            assert "ship_crew_rescuer_volcano" not in rules.skd_rule(year).special

    def test_2019_groups_keep_the_schema_values(self):
        # The schema's allowed special_group values derive from SKD; the 2019 groups reuse the
        # 2021 names, so the allowed values (and their order) are unchanged.
        assert rules.SPECIAL_GROUPS == (
            "general",
            "cumlaude",
            "diaspora",
            "disability",
            "papua",
            "doctor",
            "ship_crew_rescuer_volcano",
            "kalimantan",
        )

    def test_kalimantan_2024_on_general_thresholds(self):
        rule = rules.skd_rule(2024)
        assert "kalimantan" in rule.general_like
        assert "kalimantan" not in rule.special

    def test_diaspora_2024_follows_the_documented_assumption(self):
        assert ("diaspora" in rules.skd_rule(2024).special) == rules.DIASPORA_2024_ASSUMED

    def test_every_group_is_known_to_the_schema(self):
        for rule in rules.SKD.values():
            assert set(rule.groups) <= set(rules.SPECIAL_GROUPS)

    def test_unknown_year_names_the_known_years(self):
        with pytest.raises(ValueError, match=r"2022.*known years: 2018, 2019, 2021, 2023, 2024"):
            rules.skd_rule(2022)


class TestSelectionOrder:
    def test_skb_ranking_is_total_tkp_tiu_twk_not_the_news_order(self):
        assert rules.SKB_ADVANCE_ORDER == ("skd_total", "tkp", "tiu", "twk")
        assert rules.SKB_ADVANCE_MULTIPLIER == 3

    def test_final_tiebreak(self):
        assert rules.SKD_FINAL_TIEBREAK == ("skd_total", "tkp", "tiu", "twk", "gpa", "age")


class TestSkbAndIntegration:
    def test_regional_limits(self):
        lim = rules.SKB_LIMITS["regional"]
        assert lim.cat_min == 0.60
        assert lim.max_extra_tests == 1
        assert lim.extra_max[None] == 0.40
        assert "interview" in lim.forbidden_extra

    def test_central_limits(self):
        lim = rules.SKB_LIMITS["central"]
        assert lim.cat_min == 0.50
        assert lim.extra_max["interview"] == 0.30
        assert lim.extra_max["certificate"] == 0.20

    @pytest.mark.parametrize("year", sorted(rules.INTEGRATION))
    def test_weights_40_60(self, year):
        r = rules.integration_rule(year)
        assert (r.skd_weight, r.skb_weight) == (0.40, 0.60)
        assert r.skd_max == (550 if year >= 2021 else 500)

    def test_worked_example(self):
        # SKD 440 of 550 and SKB 80: 0.4 x 80 + 0.6 x 80 = 80 (dividing by 500 would give 83.2).
        r = rules.integration_rule(2024)
        final = r.skd_weight * 440 / r.skd_max * 100 + r.skb_weight * 80
        assert final == pytest.approx(80.0)


class TestPppk:
    def test_2021(self):
        r = rules.pppk_rule(2021)
        assert (r.technical_max, r.technical_pass_range) == (450, (203, 293))
        assert (r.managerial_social_max, r.managerial_social_pass) == (200, 130)
        assert (r.interview_max, r.interview_pass) == (40, 24)

    def test_2023_managerial_social(self):
        r = rules.pppk_rule(2023)
        assert (r.managerial_social_max, r.managerial_social_pass) == (180, 117)
        assert "unconfirmed" in r.notes


class TestWorkforce:
    def test_effective_time_and_annualisation(self):
        assert rules.EFFECTIVE_MINUTES_PER_YEAR == 1250 * 60
        assert dict(rules.ABK_ANNUALISATION) == {"year": 1, "month": 12, "week": 50, "day": 250}

    @staticmethod
    def grade(ej: float) -> str:
        for g in rules.EJ_GRADES:
            if ej > g.lower or (g.inclusive and ej == g.lower):
                return g.code
        raise AssertionError

    @pytest.mark.parametrize(
        ("ej", "code"),
        [
            (1.2, "A"),
            (1.0001, "A"),
            (1.00, "B"),
            (0.90, "B"),
            (0.8999, "C"),
            (0.70, "C"),
            (0.6999, "D"),
            (0.50, "D"),
            (0.4999, "E"),
            (0.0, "E"),
        ],
    )
    def test_ej_grade_bounds(self, ej, code):
        assert self.grade(ej) == code

    def test_bup_by_kind(self):
        assert set(rules.BUP) == set(rules.POSITION_KINDS)
        assert rules.BUP["jpt_pratama"] == 60
        assert rules.BUP["administrator"] == rules.BUP["pengawas"] == rules.BUP["pelaksana"] == 58
        assert rules.BUP["fungsional_ahli_pertama"] == rules.BUP["fungsional_ahli_muda"] == 58
        assert rules.BUP["fungsional_terampil"] == 58
        assert rules.BUP["fungsional_ahli_madya"] == 60
        assert rules.BUP["fungsional_ahli_utama"] == 65


class TestSkp:
    def test_labels_and_scale(self):
        assert rules.SKP_LABELS[0] == "Sangat Baik"
        assert rules.SKP_LABELS[-1] == "Sangat Kurang"
        assert [rules.SKP_SCORE[x] for x in rules.SKP_LABELS] == [5, 4, 3, 2, 1]

    def test_matrix_covers_every_combination(self):
        levels = rules.SKP_BEHAVIOUR_LEVELS
        assert set(rules.SKP_MATRIX) == {(r, b) for r in levels for b in levels}
        assert set(rules.SKP_MATRIX.values()) == set(rules.SKP_LABELS)

    def test_matrix_corners(self):
        assert rules.SKP_MATRIX[("above", "above")] == "Sangat Baik"
        assert rules.SKP_MATRIX[("below", "below")] == "Sangat Kurang"
        assert rules.SKP_MATRIX[("as_expected", "as_expected")] == "Baik"


class TestIkm:
    def test_nine_elements_on_1_to_4(self):
        assert list(rules.IKM_ELEMENTS) == [f"u{i}" for i in range(1, 10)]
        assert rules.IKM_SCALE == (1, 4)
        assert rules.IKM_CONVERSION * rules.IKM_SCALE[0] == 25
        assert rules.IKM_CONVERSION * rules.IKM_SCALE[1] == 100

    def test_bands_tile_25_to_100_at_two_decimals(self):
        bands = sorted(rules.IKM_BANDS, key=lambda b: b.lower)
        assert bands[0].lower == 25.00 and bands[-1].upper == 100.00
        for lower, upper in zip(bands, bands[1:], strict=False):
            assert round(upper.lower - lower.upper, 2) == 0.01
        assert [b.code for b in bands] == ["D", "C", "B", "A"]
        assert {b.code: (b.lower, b.upper) for b in bands} == {
            "A": (88.31, 100.00),
            "B": (76.61, 88.30),
            "C": (65.00, 76.60),
            "D": (25.00, 64.99),
        }

    @pytest.mark.parametrize(
        ("population", "published"),
        # Krejcie & Morgan (1970), Table 1.
        [(10, 10), (50, 44), (100, 80), (500, 217), (1000, 278), (10_000, 370), (100_000, 384)],
    )
    def test_krejcie_morgan_constants_reproduce_the_published_table(self, population, published):
        km = rules.KREJCIE_MORGAN
        pq = km.proportion * (1 - km.proportion)
        s = km.chi_square * population * pq / (km.margin**2 * (population - 1) + km.chi_square * pq)
        assert math.ceil(s - 1e-9) == pytest.approx(published, abs=1)


class TestMeritAndScience:
    def test_merit_aspects_and_bands(self):
        assert len(rules.MERIT_ASPECTS) == 8
        assert rules.MERIT_SCORE_RANGE == (100, 400)
        assert rules.MERIT_BANDS[0].lower == 325 and rules.MERIT_BANDS[0].label_id == "Sangat Baik"

    def test_validities(self):
        v = rules.VALIDITY
        assert v["structured_interview"].sackett_2022 == 0.42
        assert v["structured_interview"].schmidt_hunter_1998 == 0.51
        assert v["cognitive_ability"].sackett_2022 == 0.31
        assert v["job_knowledge"].sackett_2022 == 0.40
        assert v["conscientiousness"].sackett_2022 == 0.19
        assert v["assessment_centre"].sackett_2022 == 0.29
        assert v["situational_judgement"].schmidt_hunter_1998 is None
        ranked = sorted(v, key=lambda k: -v[k].sackett_2022)
        assert ranked[0] == "structured_interview" and ranked[-1] == "years_of_experience"

    def test_four_fifths(self):
        assert rules.FOUR_FIFTHS == 0.80


class TestImmutability:
    def test_mappings_are_read_only(self):
        with pytest.raises(TypeError):
            rules.SKD[2025] = rules.SKD[2024]  # type: ignore[index]
        with pytest.raises(TypeError):
            rules.BUP["pelaksana"] = 60  # type: ignore[index]

    def test_records_are_frozen(self):
        with pytest.raises(dataclasses.FrozenInstanceError):
            rules.skd_rule(2024).tkp_min = 100  # type: ignore[misc]


# Distinctive official numbers that must come from rules.py, never be typed elsewhere as code.
_OFFICIAL_NUMBERS = {
    126,
    143,
    166,
    271,
    286,
    298,
    311,
    550,
    75000,
    88.31,
    76.61,
    76.60,
    64.99,
    3.841,
}


def test_no_official_number_is_hard_coded_outside_rules():
    # Numeric literals only (the tokenizer skips strings, docstrings and comments, where
    # prose may cite a rule).
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "rules.py":
            continue
        with path.open(encoding="utf-8") as source:
            for tok in tokenize.generate_tokens(source.readline):
                if tok.type == tokenize.NUMBER and ast.literal_eval(tok.string) in (
                    _OFFICIAL_NUMBERS
                ):
                    offenders.append(f"{path.name}:{tok.start[0]}: {tok.line.strip()}")
    assert not offenders, "official numbers outside rules.py:\n" + "\n".join(offenders)
