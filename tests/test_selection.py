"""selection.py applies the official CPNS/PPPK selection rules of DOMAIN.md section 1.

Every case is a tiny hand-made table; every expected value is worked out by hand in the
comments from DOMAIN.md, never by calling the code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from asnpolicy import selection

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def one(twk, tiu, tkp, group="general") -> pd.DataFrame:
    return pd.DataFrame({"twk": [twk], "tiu": [tiu], "tkp": [tkp], "special_group": [group]})


def passed(twk, tiu, tkp, year, group="general") -> bool:
    return bool(selection.skd_passed(one(twk, tiu, tkp, group), year).iloc[0])


def formasi(*rows) -> pd.DataFrame:
    """rows: (formasi_id, year, quota[, track])."""
    return pd.DataFrame(
        {
            "formasi_id": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "quota": [r[2] for r in rows],
            "track": [r[3] if len(r) > 3 else "cpns" for r in rows],
        }
    )


def candidates(rows, formasi_id="f1") -> pd.DataFrame:
    """rows: (applicant_id, twk, tiu, tkp[, admin_pass]) of general applicants."""
    return pd.DataFrame(
        {
            "applicant_id": [r[0] for r in rows],
            "formasi_id": formasi_id,
            "admin_pass": [r[4] if len(r) > 4 else True for r in rows],
            "special_group": "general",
            "twk": [r[1] for r in rows],
            "tiu": [r[2] for r in rows],
            "tkp": [r[3] for r in rows],
        }
    )


def to_skb(ranked: pd.DataFrame, applicants: pd.DataFrame) -> dict[str, bool]:
    return dict(zip(applicants["applicant_id"], ranked["to_skb"].tolist(), strict=True))


def full(rows, formasi_id="f1") -> pd.DataFrame:
    """rows: dicts with applicant_id, twk, tiu, tkp, skb_cat and optional overrides."""
    base = {
        "formasi_id": formasi_id,
        "admin_pass": True,
        "special_group": "general",
        "gpa": 3.0,
        "age": 25,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


# --------------------------------------------------------------------------------------------
# skd_total
# --------------------------------------------------------------------------------------------


class TestSkdTotal:
    def test_sum_of_the_three_subtests(self):
        # 65 + 80 + 166 = 311; 150 + 175 + 225 = 550 (the 2021+ maximum).
        a = pd.DataFrame({"twk": [65, 150], "tiu": [80, 175], "tkp": [166, 225]})
        assert selection.skd_total(a).tolist() == [311, 550]

    def test_missing_score_gives_empty_total(self):
        a = pd.DataFrame({"twk": [np.nan], "tiu": [80.0], "tkp": [166.0]})
        assert pd.isna(selection.skd_total(a).iloc[0])


# --------------------------------------------------------------------------------------------
# skd_passed
# --------------------------------------------------------------------------------------------


class TestSkdPassedGeneral:
    @pytest.mark.parametrize("year", [2021, 2023, 2024])
    def test_exactly_at_each_minimum_passes_2021_onward(self, year):
        # TWK 65, TIU 80, TKP 166 (KepmenPANRB 1023/2021, 651/2023, 321/2024).
        assert passed(65, 80, 166, year)

    @pytest.mark.parametrize("year", [2021, 2023, 2024])
    @pytest.mark.parametrize(
        ("twk", "tiu", "tkp"),
        [
            (60, 80, 225),  # TWK one item (5 points) below 65, however high the rest
            (150, 75, 225),  # TIU 5 below 80
            (150, 175, 165),  # TKP 1 below 166
        ],
    )
    def test_one_step_below_any_minimum_fails(self, year, twk, tiu, tkp):
        assert not passed(twk, tiu, tkp, year)

    def test_2019_thresholds(self):
        # PermenPANRB 24/2019: TWK 65, TIU 80, TKP 126.
        assert passed(65, 80, 126, 2019)
        assert not passed(65, 80, 125, 2019)
        assert not passed(60, 80, 175, 2019)
        assert not passed(65, 75, 175, 2019)

    def test_tkp_126_passes_2019_but_not_2021(self):
        # TKP 140: >= 126 (2019) but < 166 (2021).
        assert passed(100, 100, 140, 2019)
        assert not passed(100, 100, 140, 2021)

    def test_kalimantan_2024_uses_general_thresholds(self):
        # 2024 "putra/putri Kalimantan": general thresholds, no special total.
        assert passed(65, 80, 166, 2024, "kalimantan")
        assert not passed(65, 80, 165, 2024, "kalimantan")
        # TWK 60 fails even with total 60 + 175 + 225 = 460.
        assert not passed(60, 175, 225, 2024, "kalimantan")

    def test_missing_scores_fail(self):
        a = pd.DataFrame(
            {
                "twk": [np.nan, 100.0, np.nan],
                "tiu": [100.0, np.nan, np.nan],
                "tkp": [200.0, 200.0, np.nan],
                "special_group": ["general", "cumlaude", "disability"],
            }
        )
        assert selection.skd_passed(a, 2024).tolist() == [False, False, False]

    def test_missing_scores_fail_with_nullable_integers(self):
        a = pd.DataFrame(
            {
                "twk": pd.array([None, 65], dtype="Int64"),
                "tiu": pd.array([100, 80], dtype="Int64"),
                "tkp": pd.array([200, 166], dtype="Int64"),
                "special_group": ["general", "general"],
            }
        )
        assert selection.skd_passed(a, 2024).tolist() == [False, True]

    def test_year_per_applicant_as_series(self):
        # Same scores TWK 65, TIU 80, TKP 140: passes 2019 (TKP >= 126), fails 2021 (< 166).
        a = pd.DataFrame(
            {"twk": [65, 65], "tiu": [80, 80], "tkp": [140, 140], "special_group": "general"},
            index=[7, 3],
        )
        years = pd.Series([2021, 2019], index=[3, 7])  # aligned on the index, not position
        assert selection.skd_passed(a, years).tolist() == [True, False]


# Special groups: no per-test minimum except TIU, plus a minimum total. Each row puts TWK at 50
# (below the general 65) and sets TKP so that the total is exactly the group's minimum.
SPECIAL_CASES = [
    # year, group, total_min, tiu_min
    (2019, "cumlaude", 271, 85),
    (2019, "diaspora", 271, 85),
    (2019, "disability", 260, 70),
    (2019, "papua", 260, 60),
    (2019, "doctor", 271, 80),
    (2019, "ship_crew_rescuer_volcano", 260, 70),
    (2021, "cumlaude", 311, 85),
    (2021, "diaspora", 311, 85),
    (2021, "disability", 286, 60),
    (2021, "papua", 286, 60),
    (2021, "doctor", 311, 80),
    (2021, "ship_crew_rescuer_volcano", 286, 70),
    (2023, "cumlaude", 311, 85),
    (2023, "diaspora", 311, 85),
    (2023, "disability", 286, 60),
    (2023, "papua", 286, 60),
    (2024, "cumlaude", 311, 85),
    (2024, "disability", 286, 60),
    (2024, "papua", 286, 60),
]


class TestSkdPassedSpecialGroups:
    @pytest.mark.parametrize(("year", "group", "total", "tiu"), SPECIAL_CASES)
    def test_exactly_at_total_and_tiu_minimum_passes(self, year, group, total, tiu):
        # e.g. 2021 cumlaude: TWK 50 + TIU 85 + TKP 176 = 311. TWK 50 < 65 does not matter.
        tkp = total - 50 - tiu
        assert passed(50, tiu, tkp, year, group)

    @pytest.mark.parametrize(("year", "group", "total", "tiu"), SPECIAL_CASES)
    def test_total_one_below_fails(self, year, group, total, tiu):
        # e.g. 2021 cumlaude: 50 + 85 + 175 = 310 < 311.
        tkp = total - 50 - tiu - 1
        assert not passed(50, tiu, tkp, year, group)

    @pytest.mark.parametrize(("year", "group", "total", "tiu"), SPECIAL_CASES)
    def test_tiu_one_item_below_fails_even_with_the_total(self, year, group, total, tiu):
        # e.g. 2021 cumlaude: TIU 80 < 85, TKP 181 keeps the total at 311.
        tkp = total - 50 - tiu + 5
        assert not passed(50, tiu - 5, tkp, year, group)

    def test_worked_examples(self):
        # 2021 doctor: 40 + 80 + 191 = 311, TIU 80 -> pass; the same for cumlaude fails (TIU < 85).
        assert passed(40, 80, 191, 2021, "doctor")
        assert not passed(40, 80, 191, 2021, "cumlaude")
        # 2024 disability: 76 + 60 + 150 = 286, TKP 150 < 166 and TIU 60 < 80 -> still passes.
        assert passed(76, 60, 150, 2024, "disability")
        # ... but the same scores fail for a general applicant.
        assert not passed(76, 60, 150, 2024, "general")
        # 2019 papua (TKP max 175 that year): 25 + 60 + 175 = 260 -> pass.
        assert passed(25, 60, 175, 2019, "papua")

    def test_special_group_with_twk_below_general_minimum_passes(self):
        # 2024 cumlaude: TWK 30 (< 65) + TIU 100 + TKP 190 = 320 >= 311, TIU 100 >= 85.
        assert passed(30, 100, 190, 2024, "cumlaude")
        # 2019 disability: TWK 20 + TIU 70 + TKP 170 = 260, TIU 70.
        assert passed(20, 70, 170, 2019, "disability")

    def test_same_scores_different_years(self):
        # cumlaude 50 + 85 + 140 = 275: >= 271 (2019) but < 311 (2021).
        a = pd.DataFrame(
            {"twk": [50, 50], "tiu": [85, 85], "tkp": [140, 140], "special_group": "cumlaude"}
        )
        years = pd.Series([2019, 2021])
        assert selection.skd_passed(a, years).tolist() == [True, False]

    @pytest.mark.parametrize(
        ("year", "group"),
        [
            (2024, "doctor"),
            (2023, "doctor"),
            (2018, "doctor"),
            (2024, "ship_crew_rescuer_volcano"),
            (2023, "ship_crew_rescuer_volcano"),
            (2021, "kalimantan"),
            (2019, "kalimantan"),
            (2024, "astronaut"),
        ],
    )
    def test_group_unknown_in_that_year_raises(self, year, group):
        with pytest.raises(ValueError, match=group):
            selection.skd_passed(one(150, 175, 225, group), year)

    def test_2019_doctor_boundaries(self):
        # PermenPANRB 24/2019: doctors, dentists, specialists, clinical teachers and flight
        # instructors need a total of at least 271 and TIU at least 80; no TWK or TKP minimum.
        assert passed(60, 80, 131, 2019, "doctor")  # 60 + 80 + 131 = 271, TIU 80
        assert not passed(60, 80, 130, 2019, "doctor")  # total 270
        assert not passed(60, 79, 132, 2019, "doctor")  # total 271, TIU 79
        assert passed(40, 90, 141, 2019, "doctor")  # TWK 40 < 65: no per-test minimum
        # TKP 120 < 126 fails a general applicant with the same scores (total 271).
        assert passed(71, 80, 120, 2019, "doctor")
        assert not passed(71, 80, 120, 2019, "general")
        # The same 271 is below the 2021 doctor total of 311.
        assert not passed(60, 80, 131, 2021, "doctor")

    def test_2019_ship_crew_rescuer_volcano_boundaries(self):
        # PermenPANRB 24/2019: rescuers, ship crew (bosun ... juru masak kapal) and volcano
        # observers need a total of at least 260 and TIU at least 70.
        group = "ship_crew_rescuer_volcano"
        assert passed(50, 70, 140, 2019, group)  # 260, TIU 70
        assert not passed(50, 70, 139, 2019, group)  # total 259
        assert not passed(50, 69, 141, 2019, group)  # total 260, TIU 69
        assert passed(30, 100, 130, 2019, group)  # TWK 30 and TKP 130: no per-test minimum
        assert not passed(50, 70, 140, 2021, group)  # 2021 needs 286

    def test_2019_groups_in_one_table(self):
        a = pd.DataFrame(
            {
                "twk": [60, 60, 50, 50, 65],
                "tiu": [80, 79, 70, 69, 80],
                "tkp": [131, 132, 140, 141, 126],
                "special_group": [
                    "doctor",
                    "doctor",
                    "ship_crew_rescuer_volcano",
                    "ship_crew_rescuer_volcano",
                    "general",
                ],
            }
        )
        assert selection.skd_passed(a, 2019).tolist() == [True, False, True, False, True]

    def test_unknown_group_raises_even_among_valid_rows(self):
        a = pd.DataFrame(
            {
                "twk": [100, 100],
                "tiu": [100, 100],
                "tkp": [200, 200],
                "special_group": ["general", "doctor"],
            }
        )
        with pytest.raises(ValueError, match="doctor"):
            selection.skd_passed(a, 2024)


# --------------------------------------------------------------------------------------------
# rank_for_skb
# --------------------------------------------------------------------------------------------


class TestRankForSkb:
    def test_tkp_before_twk_not_the_news_order(self):
        # Both total 365. a: TKP 200; b: TKP 180 but TWK 100 > 65.
        # Correct order (total, TKP, TIU, TWK): a first. News order (TWK, TIU, TKP): b first.
        a = candidates([("a", 65, 100, 200), ("b", 100, 85, 180)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)), multiplier=1)
        assert r["skd_rank"].tolist() == [1, 2]
        assert to_skb(r, a) == {"a": True, "b": False}

    def test_tiu_before_twk(self):
        # Both total 370 and TKP 200. a: TIU 100 (TWK 70); b: TIU 80 (TWK 90). a wins.
        a = candidates([("b", 90, 80, 200), ("a", 70, 100, 200)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)), multiplier=1)
        assert to_skb(r, a) == {"a": True, "b": False}
        assert r["skd_rank"].tolist() == [2, 1]

    def test_total_before_tkp(self):
        # a: 100 + 100 + 170 = 370; b: 65 + 80 + 220 = 365 with the higher TKP. a wins.
        a = candidates([("b", 65, 80, 220), ("a", 100, 100, 170)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)), multiplier=1)
        assert to_skb(r, a) == {"a": True, "b": False}

    def test_exactly_three_times_quota_go_on(self):
        # quota 2 -> 6 go on. Seven passers with distinct totals 400, 395, ..., 370.
        rows = [(f"p{i}", 100, 100, 200 - 5 * i) for i in range(7)]
        a = candidates(rows)
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 2)))
        assert r["skd_rank"].tolist() == [1, 2, 3, 4, 5, 6, 7]
        assert r["to_skb"].tolist() == [True] * 6 + [False]
        assert r["skd_passed"].all()

    def test_fewer_passers_than_the_limit_all_go_on(self):
        a = candidates([("a", 100, 100, 200), ("b", 100, 100, 190)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 5)))
        assert r["to_skb"].tolist() == [True, True]

    def test_ties_on_all_four_at_the_boundary_all_go_on(self):
        # quota 1 -> limit 3. x: 400, y: 390, then t1..t3 all 100/100/180 = 380: tied on every
        # key at place 3, so all go on: 5 > 3. z: 375 stays out.
        rows = [
            ("x", 100, 100, 200),
            ("t1", 100, 100, 180),
            ("y", 100, 100, 190),
            ("t2", 100, 100, 180),
            ("z", 100, 95, 180),
            ("t3", 100, 100, 180),
        ]
        a = candidates(rows)
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        got = to_skb(r, a)
        assert got == {"x": True, "t1": True, "y": True, "t2": True, "z": False, "t3": True}
        assert r["skd_rank"].tolist() == [1, 3, 2, 3, 6, 3]
        assert int(r["to_skb"].sum()) == 5

    def test_ties_on_total_broken_by_tkp_at_the_boundary_do_not_all_go_on(self):
        # quota 1 -> limit 3. Four with total 380; TKP 200, 195, 190, 185 (TWK/TIU adjusted).
        # Ranked by TKP 1..4: only the first three go on.
        rows = [
            ("d", 100, 95, 185),
            ("a", 85, 95, 200),
            ("c", 95, 95, 190),
            ("b", 90, 95, 195),
        ]
        a = candidates(rows)
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert to_skb(r, a) == {"a": True, "b": True, "c": True, "d": False}
        assert r["skd_rank"].tolist() == [4, 1, 3, 2]

    def test_ties_on_total_and_tkp_broken_by_tiu_at_the_boundary(self):
        # quota 1, multiplier 1: both 380 and TKP 200; a TIU 100 (TWK 80), b TIU 95 (TWK 85).
        a = candidates([("b", 85, 95, 200), ("a", 80, 100, 200)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)), multiplier=1)
        assert to_skb(r, a) == {"a": True, "b": False}

    def test_multiplier_parameter(self):
        # quota 2, multiplier 2 -> 4 go on out of six with distinct totals.
        rows = [(f"p{i}", 100, 100, 200 - 5 * i) for i in range(6)]
        a = candidates(rows)
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 2)), multiplier=2)
        assert r["to_skb"].tolist() == [True] * 4 + [False] * 2
        r1 = selection.rank_for_skb(a, formasi(("f1", 2024, 2)), multiplier=1)
        assert r1["to_skb"].tolist() == [True] * 2 + [False] * 4

    def test_admin_fail_never_goes_on(self):
        # "top" has the maximum 550 but failed the administrative check.
        a = candidates([("top", 150, 175, 225, False), ("ok", 65, 80, 166)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert to_skb(r, a) == {"top": False, "ok": True}
        assert r["skd_passed"].tolist() == [False, True]
        assert pd.isna(r["skd_rank"].iloc[0])
        assert r["skd_rank"].iloc[1] == 1

    def test_failing_skd_never_goes_on(self):
        # quota 1, limit 3, only one passer. "tkp_low" has total 150 + 175 + 165 = 490 but TKP
        # 165 < 166; "missing" has no scores.
        a = candidates(
            [
                ("tkp_low", 150, 175, 165),
                ("missing", np.nan, np.nan, np.nan),
                ("ok", 65, 80, 166),
            ]
        )
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert to_skb(r, a) == {"tkp_low": False, "missing": False, "ok": True}
        assert r["skd_rank"].iloc[2] == 1

    def test_special_group_ranked_with_its_own_thresholds(self):
        # 2024 disability: 40 + 60 + 186 = 286 passes (TWK 40, TIU 60 below general minima).
        a = candidates([("d", 40, 60, 186)])
        a["special_group"] = "disability"
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert r["skd_passed"].tolist() == [True]
        assert r["to_skb"].tolist() == [True]

    def test_formasi_ranked_separately_with_their_own_quota_and_year(self):
        # f1 (2024, quota 1 -> 3): four passers 400, 395, 390, 385 -> top three.
        # f2 (2019, quota 2 -> 6): TKP 130 passes in 2019 (>= 126); seven passers, ranks 1..7.
        f1 = candidates([(f"a{i}", 100, 100, 200 - 5 * i) for i in range(4)], "f1")
        f2 = candidates([(f"b{i}", 100, 100, 170 - 5 * i) for i in range(7)], "f2")
        # f2 totals 370..340, all below f1's: a global ranking would let f1 take every place.
        a = pd.concat([f2.iloc[:3], f1, f2.iloc[3:]], ignore_index=True)
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1), ("f2", 2019, 2)))
        got = to_skb(r, a)
        assert [got[f"a{i}"] for i in range(4)] == [True, True, True, False]
        assert [got[f"b{i}"] for i in range(7)] == [True] * 6 + [False]
        rank = dict(zip(a["applicant_id"], r["skd_rank"].tolist(), strict=True))
        assert [rank[f"a{i}"] for i in range(4)] == [1, 2, 3, 4]
        assert [rank[f"b{i}"] for i in range(7)] == [1, 2, 3, 4, 5, 6, 7]

    def test_skd_total_column(self):
        a = candidates([("a", 65, 80, 166)])
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert r["skd_total"].tolist() == [311]  # 65 + 80 + 166

    def test_output_keeps_the_input_index(self):
        a = candidates([("a", 100, 100, 200), ("b", 100, 100, 190)])
        a.index = [42, 7]
        r = selection.rank_for_skb(a, formasi(("f1", 2024, 1)))
        assert r.index.tolist() == [42, 7]
        assert r["skd_rank"].tolist() == [1, 2]


# --------------------------------------------------------------------------------------------
# validate_skb_weights
# --------------------------------------------------------------------------------------------


class TestValidateSkbWeights:
    @pytest.mark.parametrize(
        "weights",
        [
            {"cat": 1.0},
            {"cat": 0.6, "psych": 0.4},
            {"cat": 0.7, "practical": 0.3},
            {"cat": 0.8, "competency": 0.2},
            {"cat": 1.0, "interview": 0.0},  # a zero weight is not an extra test
        ],
    )
    def test_regional_allowed(self, weights):
        assert selection.validate_skb_weights(weights, level="regional") is None

    def test_regional_is_the_default_level(self):
        # CAT 55 % is fine for central but not regional, so the default must reject it.
        with pytest.raises(ValueError, match="CAT"):
            selection.validate_skb_weights({"cat": 0.55, "psych": 0.45})

    def test_regional_cat_below_60_rejected(self):
        with pytest.raises(ValueError, match="CAT"):
            selection.validate_skb_weights({"cat": 0.59, "psych": 0.41}, level="regional")

    def test_regional_two_extra_tests_rejected(self):
        # 0.6 + 0.2 + 0.2 = 1, CAT fine, but two extra tests.
        with pytest.raises(ValueError, match="extra test"):
            selection.validate_skb_weights(
                {"cat": 0.6, "psych": 0.2, "practical": 0.2}, level="regional"
            )

    def test_regional_extra_above_40_rejected(self):
        with pytest.raises(ValueError):
            selection.validate_skb_weights({"cat": 0.55, "practical": 0.45}, level="regional")

    def test_regional_interview_as_extra_rejected(self):
        with pytest.raises(ValueError, match="interview"):
            selection.validate_skb_weights({"cat": 0.6, "interview": 0.4}, level="regional")
        with pytest.raises(ValueError, match="interview"):
            selection.validate_skb_weights({"cat": 0.9, "interview": 0.1}, level="regional")

    @pytest.mark.parametrize(
        "weights",
        [
            {"cat": 0.6, "psych": 0.3},  # 0.9
            {"cat": 0.7, "psych": 0.4},  # 1.1
            {"cat": 0.6},
        ],
    )
    @pytest.mark.parametrize("level", ["regional", "central"])
    def test_weights_not_summing_to_one_rejected(self, weights, level):
        with pytest.raises(ValueError, match="sum to 1"):
            selection.validate_skb_weights(weights, level=level)

    def test_negative_weight_rejected(self):
        with pytest.raises(ValueError):
            selection.validate_skb_weights({"cat": 1.2, "psych": -0.2}, level="central")

    @pytest.mark.parametrize("level", ["regional", "central"])
    def test_unknown_component_rejected(self, level):
        with pytest.raises(ValueError, match="horoscope"):
            selection.validate_skb_weights({"cat": 0.8, "horoscope": 0.2}, level=level)

    def test_unknown_level_rejected(self):
        with pytest.raises(ValueError, match="level"):
            selection.validate_skb_weights({"cat": 1.0}, level="village")

    @pytest.mark.parametrize(
        "weights",
        [
            {"cat": 0.5, "psych": 0.5},  # CAT exactly 50 %
            {"cat": 0.7, "interview": 0.3},  # interview exactly 30 %
            {"cat": 0.5, "interview": 0.3, "psych": 0.2},  # several extras allowed
            {"cat": 1.0},
        ],
    )
    def test_central_allowed(self, weights):
        assert selection.validate_skb_weights(weights, level="central") is None

    def test_central_interview_35_rejected(self):
        with pytest.raises(ValueError, match="interview"):
            selection.validate_skb_weights({"cat": 0.65, "interview": 0.35}, level="central")

    def test_central_cat_below_50_rejected(self):
        with pytest.raises(ValueError, match="CAT"):
            selection.validate_skb_weights({"cat": 0.45, "psych": 0.55}, level="central")


# --------------------------------------------------------------------------------------------
# integrate_scores
# --------------------------------------------------------------------------------------------


def scored(twk, tiu, tkp, **skb) -> pd.DataFrame:
    return pd.DataFrame(
        {"twk": [twk], "tiu": [tiu], "tkp": [tkp], **{f"skb_{k}": [v] for k, v in skb.items()}}
    )


class TestIntegrateScores:
    def test_2024_worked_example_divides_by_550_and_weights_once(self):
        # SKD 100 + 100 + 130 = 330 -> 330 / 550 x 100 = 60; SKB 90.
        # final = 0.4 x 60 + 0.6 x 90 = 24 + 54 = 78.
        # Dividing by 500 would give 0.4 x 66 + 54 = 80.4; applying 40 % twice would give
        # 0.4 x 0.4 x 60 + 54 = 63.6.
        out = selection.integrate_scores(scored(100, 100, 130, cat=90.0), 2024).iloc[0]
        assert out["skd_100"] == pytest.approx(60.0)
        assert out["skb_100"] == pytest.approx(90.0)
        assert out["final_score"] == pytest.approx(78.0)
        assert out["final_score"] != pytest.approx(80.4)
        assert out["final_score"] != pytest.approx(63.6)

    @pytest.mark.parametrize("year", [2021, 2023, 2024])
    def test_max_550_from_2021(self, year):
        # SKD 440 -> 80; SKB 70 -> 0.4 x 80 + 0.6 x 70 = 32 + 42 = 74.
        out = selection.integrate_scores(scored(120, 120, 200, cat=70.0), year).iloc[0]
        assert out["skd_100"] == pytest.approx(80.0)
        assert out["final_score"] == pytest.approx(74.0)

    @pytest.mark.parametrize("year", [2018, 2019])
    def test_max_500_in_2018_and_2019(self, year):
        # SKD 100 + 140 + 160 = 400 -> 400 / 500 x 100 = 80; SKB 70 -> 32 + 42 = 74.
        # (Dividing by 550 would give 0.4 x 72.73 + 42 = 71.09.)
        out = selection.integrate_scores(scored(100, 140, 160, cat=70.0), year).iloc[0]
        assert out["skd_100"] == pytest.approx(80.0)
        assert out["final_score"] == pytest.approx(74.0)

    def test_maximum_scores_give_100(self):
        # 550 / 550 and SKB 100 -> 40 + 60 = 100; 2019: 500 / 500 -> 100.
        assert selection.integrate_scores(scored(150, 175, 225, cat=100.0), 2024).iloc[0][
            "final_score"
        ] == pytest.approx(100.0)
        assert selection.integrate_scores(scored(150, 175, 175, cat=100.0), 2019).iloc[0][
            "final_score"
        ] == pytest.approx(100.0)

    def test_skb_weights_cat_60_psych_40(self):
        # SKB = 0.6 x 80 + 0.4 x 60 = 48 + 24 = 72. SKD 440 -> 80 (2024).
        # final = 0.4 x 80 + 0.6 x 72 = 32 + 43.2 = 75.2.
        out = selection.integrate_scores(
            scored(120, 120, 200, cat=80.0, psych=60.0), 2024, {"cat": 0.6, "psych": 0.4}
        ).iloc[0]
        assert out["skb_100"] == pytest.approx(72.0)
        assert out["final_score"] == pytest.approx(75.2)

    def test_central_weights_with_interview(self):
        # central: SKB = 0.7 x 80 + 0.3 x 50 = 56 + 15 = 71; SKD 385 -> 70.
        # final = 0.4 x 70 + 0.6 x 71 = 28 + 42.6 = 70.6.
        out = selection.integrate_scores(
            scored(100, 110, 175, cat=80.0, interview=50.0),
            2024,
            {"cat": 0.7, "interview": 0.3},
            level="central",
        ).iloc[0]
        assert out["final_score"] == pytest.approx(70.6)

    def test_invalid_weights_are_rejected(self):
        with pytest.raises(ValueError, match="interview"):
            selection.integrate_scores(
                scored(100, 100, 200, cat=80.0, interview=90.0),
                2024,
                {"cat": 0.6, "interview": 0.4},
            )

    def test_year_per_applicant(self):
        # Both SKD 440, SKB 60. 2019: 440 / 500 = 88 -> 35.2 + 36 = 71.2.
        # 2024: 440 / 550 = 80 -> 32 + 36 = 68.
        a = pd.DataFrame({"twk": [120, 120], "tiu": [120, 120], "tkp": [200, 200]})
        a["skb_cat"] = 60.0
        out = selection.integrate_scores(a, pd.Series([2019, 2024]))
        assert out["skd_100"].tolist() == pytest.approx([88.0, 80.0])
        assert out["final_score"].tolist() == pytest.approx([71.2, 68.0])

    def test_missing_score_gives_empty_final(self):
        a = pd.DataFrame({"twk": [120.0, np.nan], "tiu": [120.0, 120.0], "tkp": [200.0, 200.0]})
        a["skb_cat"] = [np.nan, 60.0]
        out = selection.integrate_scores(a, 2024)
        assert out["final_score"].isna().tolist() == [True, True]

    def test_unknown_year_raises(self):
        with pytest.raises(ValueError, match="2022"):
            selection.integrate_scores(scored(100, 100, 200, cat=80.0), 2022)

    def test_published_skb_total_stands_for_the_skb_without_components(self):
        # An SSCASN integration list: SKD 120 + 120 + 200 = 440 -> 440 / 550 x 100 = 80, and
        # only the SKB total 70 published. final = 0.4 x 80 + 0.6 x 70 = 32 + 42 = 74,
        # the final score the list prints (real-exports.md A3).
        a = scored(120, 120, 200, total=70.0)
        out = selection.integrate_scores(a, 2024).iloc[0]
        assert out["skb_100"] == pytest.approx(70.0)
        assert out["final_score"] == pytest.approx(74.0)

    def test_a_component_takes_precedence_over_the_total(self):
        # SKB components present (CAT 90) -> the total (50) is not used:
        # SKD 330 -> 60; final = 0.4 x 60 + 0.6 x 90 = 78 (as the worked example above).
        a = pd.DataFrame({"twk": [100, 100], "tiu": [100, 100], "tkp": [130, 130]})
        a["skb_cat"] = [90.0, np.nan]
        a["skb_psych"] = [np.nan, 40.0]  # a component the weights do not use
        a["skb_total"] = [50.0, 50.0]
        out = selection.integrate_scores(a, 2024)
        assert out.loc[0, "final_score"] == pytest.approx(78.0)
        # the second has a (psych) component: no total; CAT empty -> no SKB score
        assert pd.isna(out.loc[1, "final_score"])

    def test_total_with_weights_of_several_components(self):
        # A region weighing CAT 60 % and psych 40 % whose list publishes only the total 65:
        # SKB 65; SKD 100 + 110 + 175 = 385 -> 70; final = 0.4 x 70 + 0.6 x 65 = 28 + 39 = 67.
        a = scored(100, 110, 175, total=65.0)
        out = selection.integrate_scores(a, 2024, {"cat": 0.6, "psych": 0.4}).iloc[0]
        assert out["final_score"] == pytest.approx(67.0)


# --------------------------------------------------------------------------------------------
# pppk_passed
# --------------------------------------------------------------------------------------------


def pppk(technical, managerial_social, interview) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pppk_technical": technical,
            "pppk_managerial_social": managerial_social,
            "pppk_interview": interview,
        }
    )


class TestPppkPassed:
    def test_2021_each_threshold(self):
        # Technical pass mark 250 (position-specific), managerial + socio-cultural 130,
        # interview 24 (KepmenPANRB 1128/2021).
        a = pppk(
            [250, 249, 250, 250, 450],
            [130, 200, 129, 130, 200],
            [24, 40, 40, 23, 40],
        )
        got = selection.pppk_passed(a, 2021, technical_pass=250).tolist()
        assert got == [True, False, False, False, True]

    def test_technical_pass_per_position(self):
        # Same technical score 250: passes a 203 position, fails a 293 position.
        a = pppk([250, 250, 293], [150, 150, 150], [30, 30, 30])
        marks = pd.Series([203, 293, 293])
        assert selection.pppk_passed(a, 2021, technical_pass=marks).tolist() == [
            True,
            False,
            True,
        ]

    @pytest.mark.parametrize("mark", [202, 294, 0, 450])
    def test_technical_pass_outside_203_293_raises(self, mark):
        a = pppk([300], [150], [30])
        with pytest.raises(ValueError, match="203"):
            selection.pppk_passed(a, 2021, technical_pass=mark)

    def test_one_bad_mark_in_a_series_raises(self):
        a = pppk([300, 300], [150, 150], [30, 30])
        with pytest.raises(ValueError):
            selection.pppk_passed(a, 2021, technical_pass=pd.Series([250, 300]))

    def test_2023_managerial_social_117(self):
        # KepmenPANRB 652/2023: 117 of 180. 117 passes 2023 but fails 2021 (130).
        a = pppk([250, 250], [117, 116], [24, 24])
        assert selection.pppk_passed(a, 2023, technical_pass=250).tolist() == [True, False]
        assert selection.pppk_passed(a, 2021, technical_pass=250).tolist() == [False, False]

    def test_missing_scores_fail(self):
        a = pppk([np.nan, 300.0, 300.0], [150.0, np.nan, 150.0], [30.0, 30.0, np.nan])
        assert selection.pppk_passed(a, 2021, technical_pass=250).tolist() == [False] * 3

    def test_unknown_year_raises(self):
        with pytest.raises(ValueError, match="2022"):
            selection.pppk_passed(pppk([300], [150], [30]), 2022, technical_pass=250)


# --------------------------------------------------------------------------------------------
# apply_rules
# --------------------------------------------------------------------------------------------


def result(out: pd.DataFrame, column: str) -> dict:
    return dict(zip(out["applicant_id"], out[column].tolist(), strict=True))


def selected(out: pd.DataFrame) -> list[str]:
    return out.loc[out["selected"], "applicant_id"].tolist()


class TestApplyRulesPipeline:
    @pytest.fixture
    def pipeline(self):
        # f1: 2024, CPNS, quota 1 -> at most 3 to SKB.
        #  a1: admin fail, 550                                         -> registered
        #  a2: 150 + 175 + 150 = 475, TKP 150 < 166                    -> administration
        #  a3: 70 + 90 + 170 = 330 (rank 4), SKB 100 (would win)       -> skd
        #  a4: 130 + 150 + 215 = 495 -> 90; SKB 60: 36 + 36 = 72       -> skb (final rank 3)
        #  a5: 110 + 130 + 200 = 440 -> 80; SKB 90: 32 + 54 = 86       -> selected
        #  a6: 100 + 110 + 175 = 385 -> 70; SKB 80: 28 + 48 = 76      -> skb (final rank 2)
        a = full(
            [
                {"applicant_id": "a1", "twk": 150, "tiu": 175, "tkp": 225, "skb_cat": 100.0,
                 "admin_pass": False},
                {"applicant_id": "a2", "twk": 150, "tiu": 175, "tkp": 150, "skb_cat": 100.0},
                {"applicant_id": "a3", "twk": 70, "tiu": 90, "tkp": 170, "skb_cat": 100.0},
                {"applicant_id": "a4", "twk": 130, "tiu": 150, "tkp": 215, "skb_cat": 60.0},
                {"applicant_id": "a5", "twk": 110, "tiu": 130, "tkp": 200, "skb_cat": 90.0},
                {"applicant_id": "a6", "twk": 100, "tiu": 110, "tkp": 175, "skb_cat": 80.0},
            ]
        )  # fmt: skip
        return selection.apply_rules(a, formasi(("f1", 2024, 1)))

    def test_columns(self, pipeline):
        expected = {
            "applicant_id", "formasi_id", "year", "skd_total", "skd_passed", "skd_rank",
            "to_skb", "skd_100", "skb_100", "final_score", "final_rank", "selected",
            "stage_reached",
        }  # fmt: skip
        assert expected <= set(pipeline.columns)

    def test_stage_reached(self, pipeline):
        assert result(pipeline, "stage_reached") == {
            "a1": "registered",
            "a2": "administration",
            "a3": "skd",
            "a4": "skb",
            "a5": "selected",
            "a6": "skb",
        }
        assert list(pipeline["stage_reached"].cat.categories) == list(selection.STAGES)

    def test_selected_is_top_final_not_top_skd(self, pipeline):
        assert selected(pipeline) == ["a5"]

    def test_to_skb_and_final_rank(self, pipeline):
        assert result(pipeline, "to_skb") == {
            "a1": False, "a2": False, "a3": False, "a4": True, "a5": True, "a6": True,
        }  # fmt: skip
        ranks = result(pipeline, "final_rank")
        assert (ranks["a5"], ranks["a6"], ranks["a4"]) == (1, 2, 3)
        assert all(pd.isna(ranks[k]) for k in ("a1", "a2", "a3"))

    def test_final_scores(self, pipeline):
        final = result(pipeline, "final_score")
        assert final["a4"] == pytest.approx(72.0)
        assert final["a5"] == pytest.approx(86.0)
        assert final["a6"] == pytest.approx(76.0)

    def test_input_order_kept(self):
        # Two formasi interleaved, a non-default index: output row i is input row i.
        a = full(
            [
                {"applicant_id": "z", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 70.0},
                {"applicant_id": "b", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0,
                 "formasi_id": "f2"},
                {"applicant_id": "m", "twk": 110, "tiu": 100, "tkp": 200, "skb_cat": 90.0},
                {"applicant_id": "a", "twk": 90, "tiu": 100, "tkp": 200, "skb_cat": 60.0,
                 "formasi_id": "f2"},
            ]
        )  # fmt: skip
        a.index = [30, 10, 20, 0]
        out = selection.apply_rules(a, formasi(("f1", 2024, 1), ("f2", 2024, 1)))
        assert out["applicant_id"].tolist() == ["z", "b", "m", "a"]
        assert out["formasi_id"].tolist() == ["f1", "f2", "f1", "f2"]
        # f1: z 400 -> 72.73, 0.4 x 72.73 + 42 = 71.09; m 410 -> 74.55, 29.82 + 54 = 83.82.
        # f2: b 400, 80 -> 29.09 + 48 = 77.09; a 390 -> 70.91, 28.36 + 36 = 64.36.
        assert selected(out) == ["b", "m"]

    def test_each_formasi_fills_its_own_quota(self):
        # f1 quota 2, f2 quota 1; f2's applicants score lower than all of f1's.
        rows = [
            {"applicant_id": f"f1_{i}", "twk": 100, "tiu": 100, "tkp": 200 - i, "skb_cat": 90.0}
            for i in range(4)
        ] + [
            {"applicant_id": f"f2_{i}", "twk": 70, "tiu": 90, "tkp": 170 - i, "skb_cat": 50.0,
             "formasi_id": "f2"}
            for i in range(3)
        ]  # fmt: skip
        out = selection.apply_rules(full(rows), formasi(("f1", 2024, 2), ("f2", 2024, 1)))
        # f1: same SKB 90, totals 400, 399, 398, 397 -> f1_0, f1_1. f2: 330 > 329 > 328 -> f2_0.
        assert selected(out) == ["f1_0", "f1_1", "f2_0"]

    def test_never_more_selected_than_quota_even_when_tied_on_everything(self):
        # Four identical applicants, quota 2: all four go to SKB (limit 6), only two selected.
        rows = [
            {"applicant_id": f"x{i}", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0}
            for i in range(4)
        ]
        out = selection.apply_rules(full(rows), formasi(("f1", 2024, 2)))
        assert out["to_skb"].all()
        assert int(out["selected"].sum()) == 2
        assert sorted(out["final_rank"].tolist()) == [1, 2, 3, 4]

    def test_quota_larger_than_contenders(self):
        rows = [
            {"applicant_id": "p", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0},
            {"applicant_id": "f", "twk": 60, "tiu": 100, "tkp": 200, "skb_cat": 99.0},
        ]
        out = selection.apply_rules(full(rows), formasi(("f1", 2024, 5)))
        # "f" fails TWK (60 < 65): only "p" is selected although the quota is 5.
        assert selected(out) == ["p"]

    def test_missing_skb_score_is_not_selected(self):
        rows = [
            {"applicant_id": "absent", "twk": 150, "tiu": 175, "tkp": 225, "skb_cat": np.nan},
            {"applicant_id": "p", "twk": 65, "tiu": 80, "tkp": 166, "skb_cat": 50.0},
        ]
        out = selection.apply_rules(full(rows), formasi(("f1", 2024, 1)))
        assert selected(out) == ["p"]
        assert result(out, "stage_reached")["absent"] == "skb"

    def test_skb_weights_are_used(self):
        # cat 0.6 + psych 0.4. Both SKD 440 -> 80.
        # u: SKB 0.6 x 90 + 0.4 x 40 = 70; v: 0.6 x 70 + 0.4 x 80 = 74 -> v wins.
        # With CAT only, u (90) would beat v (70).
        rows = [
            {"applicant_id": "u", "twk": 120, "tiu": 120, "tkp": 200, "skb_cat": 90.0,
             "skb_psych": 40.0},
            {"applicant_id": "v", "twk": 120, "tiu": 120, "tkp": 200, "skb_cat": 70.0,
             "skb_psych": 80.0},
        ]  # fmt: skip
        f = formasi(("f1", 2024, 1))
        out = selection.apply_rules(full(rows), f, skb_weights={"cat": 0.6, "psych": 0.4})
        assert selected(out) == ["v"]
        assert result(out, "final_score")["v"] == pytest.approx(0.4 * 80 + 0.6 * 74)
        assert selected(selection.apply_rules(full(rows), f)) == ["u"]

    def test_multiplier_parameter(self):
        # quota 1, multiplier 1: only the SKD top (p, 400) takes the SKB, so q (390, SKB 100)
        # cannot be selected; with the default 3, q wins: 0.4 x 70.91 + 60 > 0.4 x 72.73 + 30.
        rows = [
            {"applicant_id": "p", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 50.0},
            {"applicant_id": "q", "twk": 90, "tiu": 100, "tkp": 200, "skb_cat": 100.0},
        ]
        f = formasi(("f1", 2024, 1))
        assert selected(selection.apply_rules(full(rows), f, multiplier=1)) == ["p"]
        assert selected(selection.apply_rules(full(rows), f)) == ["q"]

    def test_2019_formasi_uses_max_500(self):
        # 2019, quota 1. A: 100 + 140 + 160 = 400 -> 80, SKB 70 -> 32 + 42 = 74.
        #                B: 120 + 160 + 170 = 450 -> 90, SKB 63.6 -> 36 + 38.16 = 74.16 -> B.
        # Dividing by 550 instead: A 29.09 + 42 = 71.09, B 32.73 + 38.16 = 70.89 -> A.
        rows = [
            {"applicant_id": "A", "twk": 100, "tiu": 140, "tkp": 160, "skb_cat": 70.0},
            {"applicant_id": "B", "twk": 120, "tiu": 160, "tkp": 170, "skb_cat": 63.6},
        ]
        out = selection.apply_rules(full(rows), formasi(("f1", 2019, 1)))
        assert result(out, "skd_100") == pytest.approx({"A": 80.0, "B": 90.0})
        assert result(out, "final_score") == pytest.approx({"A": 74.0, "B": 74.16})
        assert selected(out) == ["B"]

    def test_2019_formasi_uses_2019_thresholds(self):
        # TKP 130: passes 2019 (>= 126); the same applicant in a 2024 formasi fails (< 166).
        rows = [
            {"applicant_id": "a", "twk": 100, "tiu": 100, "tkp": 130, "skb_cat": 80.0},
            {"applicant_id": "b", "twk": 100, "tiu": 100, "tkp": 130, "skb_cat": 80.0,
             "formasi_id": "f2"},
        ]  # fmt: skip
        out = selection.apply_rules(full(rows), formasi(("f1", 2019, 1), ("f2", 2024, 1)))
        assert result(out, "selected") == {"a": True, "b": False}
        assert result(out, "stage_reached") == {"a": "selected", "b": "administration"}

    def test_pppk_applicants_are_not_judged_by_skd_rules(self):
        # A PPPK applicant marked "doctor" (an SKD group only in 2021) in a 2023 PPPK formasi:
        # the SKD rules do not apply, so no error; 300 + 150 + 30 passes the 2023 marks.
        rows = [{"applicant_id": "p1", "formasi_id": "fp", "twk": None, "tiu": None,
                 "tkp": None, "skb_cat": None, "special_group": "doctor",
                 "pppk_technical": 300.0, "pppk_managerial_social": 150.0,
                 "pppk_interview": 30.0}]  # fmt: skip
        out = selection.apply_rules(
            full(rows), formasi(("fp", 2023, 1, "pppk")), pppk_technical_pass=250
        )
        assert result(out, "selected") == {"p1": True}

    def test_pppk_formasi_need_a_technical_pass_mark(self):
        rows = [{"applicant_id": "p1", "formasi_id": "fp", "twk": None, "tiu": None,
                 "tkp": None, "skb_cat": None, "pppk_technical": 300.0,
                 "pppk_managerial_social": 150.0, "pppk_interview": 30.0}]  # fmt: skip
        with pytest.raises(ValueError, match="pppk_technical_pass"):
            selection.apply_rules(full(rows), formasi(("fp", 2023, 1, "pppk")))

    def test_pppk_thresholds_then_total_then_technical(self):
        # 2023 (KepmenPANRB 652/2023): managerial+social >= 117, interview >= 24; technical
        # mark 250 for this position. Totals: p5 310+170+30 = 510, p2 320+160+30 = 510 (tie,
        # p2 has the higher technical score), p1 300+150+30 = 480, p3 fails managerial (100).
        def row(i, t, m, v, **kw):
            return {
                "applicant_id": i,
                "formasi_id": "fp",
                "twk": None,
                "tiu": None,
                "tkp": None,
                "skb_cat": None,
                "pppk_technical": t,
                "pppk_managerial_social": m,
                "pppk_interview": v,
                **kw,
            }

        rows = [
            row("p5", 310.0, 170.0, 30.0),
            row("p1", 300.0, 150.0, 30.0),
            row("p3", 400.0, 100.0, 40.0),
            row("p2", 320.0, 160.0, 30.0),
            row("p4", 400.0, 180.0, 40.0, admin_pass=False),
            {"applicant_id": "c", "twk": 65, "tiu": 80, "tkp": 166, "skb_cat": 50.0},
        ]
        f = formasi(("f1", 2024, 1), ("fp", 2023, 1, "pppk"))
        out = selection.apply_rules(full(rows), f, pppk_technical_pass=250)
        assert result(out, "selected") == {
            "p5": False,
            "p1": False,
            "p3": False,
            "p2": True,
            "p4": False,
            "c": True,
        }
        assert result(out, "stage_reached") == {
            "p5": "skd",
            "p1": "skd",
            "p3": "administration",
            "p2": "selected",
            "p4": "registered",
            "c": "selected",
        }
        assert result(out, "to_skb")["p2"] is False  # PPPK has no SKB
        assert result(out, "pppk_total")["p1"] == 480.0


class TestApplyRulesFinalTieBreak:
    """Final ranking: final score, SKD total, TKP, TIU, TWK, GPA, then the older applicant.

    In each case the winner is placed SECOND in the input, so input order cannot explain it.
    TWK alone can never break a tie: equal total, TKP and TIU imply equal TWK.
    """

    @staticmethod
    def winner(rows, year=2024):
        out = selection.apply_rules(full(rows), formasi(("f1", year, 1)))
        assert int(out["selected"].sum()) == 1
        return selected(out)[0]

    def test_final_score_first(self):
        # W: 385 -> 70, SKB 90: 28 + 54 = 82. L: 495 -> 90, SKB 70: 36 + 42 = 78.
        rows = [
            {"applicant_id": "L", "twk": 130, "tiu": 150, "tkp": 215, "skb_cat": 70.0},
            {"applicant_id": "W", "twk": 100, "tiu": 110, "tkp": 175, "skb_cat": 90.0},
        ]
        assert self.winner(rows) == "W"

    def test_equal_final_then_higher_skd_total(self):
        # W: 495 -> 90, SKB 60: 36 + 36 = 72. L: 330 -> 60, SKB 80: 24 + 48 = 72. Tie -> SKD.
        rows = [
            {"applicant_id": "L", "twk": 70, "tiu": 90, "tkp": 170, "skb_cat": 80.0},
            {"applicant_id": "W", "twk": 130, "tiu": 150, "tkp": 215, "skb_cat": 60.0},
        ]
        assert self.winner(rows) == "W"

    def test_equal_final_with_inexact_floats_then_higher_skd_total(self):
        # W: 440 -> 80, SKB 72: 0.4 x 80 + 0.6 x 72 = 32 + 43.2 = 75.2.
        # L: 407 -> 74, SKB 76: 0.4 x 74 + 0.6 x 76 = 29.6 + 45.6 = 75.2. Tie -> SKD 440 wins.
        rows = [
            {"applicant_id": "L", "twk": 100, "tiu": 107, "tkp": 200, "skb_cat": 76.0},
            {"applicant_id": "W", "twk": 120, "tiu": 120, "tkp": 200, "skb_cat": 72.0},
        ]
        assert self.winner(rows) == "W"

    def test_then_tkp(self):
        # Both 400, SKB 80. W: TKP 200 (TWK 90); L: TKP 190 (TWK 100, news order would pick L).
        rows = [
            {"applicant_id": "L", "twk": 100, "tiu": 110, "tkp": 190, "skb_cat": 80.0},
            {"applicant_id": "W", "twk": 90, "tiu": 110, "tkp": 200, "skb_cat": 80.0},
        ]
        assert self.winner(rows) == "W"

    def test_then_tiu(self):
        # Both 400, TKP 200, SKB 80. W: TIU 110 (TWK 90); L: TIU 100 (TWK 100).
        rows = [
            {"applicant_id": "L", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0},
            {"applicant_id": "W", "twk": 90, "tiu": 110, "tkp": 200, "skb_cat": 80.0},
        ]
        assert self.winner(rows) == "W"

    def test_then_gpa(self):
        # Equal on every score; W GPA 3.50 > L 3.20 (L is older, which must not matter yet).
        rows = [
            {"applicant_id": "L", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0,
             "gpa": 3.20, "age": 33},
            {"applicant_id": "W", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0,
             "gpa": 3.50, "age": 22},
        ]  # fmt: skip
        assert self.winner(rows) == "W"

    def test_then_older_applicant(self):
        # Equal on every score and GPA; W is 31, L is 24: the older wins.
        rows = [
            {"applicant_id": "L", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0,
             "gpa": 3.40, "age": 24},
            {"applicant_id": "W", "twk": 100, "tiu": 100, "tkp": 200, "skb_cat": 80.0,
             "gpa": 3.40, "age": 31},
        ]  # fmt: skip
        assert self.winner(rows) == "W"

    def test_tie_break_in_a_2019_formasi(self):
        # 2019: both 400 -> 80, SKB 80. W TKP 170 > L TKP 160.
        rows = [
            {"applicant_id": "L", "twk": 110, "tiu": 130, "tkp": 160, "skb_cat": 80.0},
            {"applicant_id": "W", "twk": 100, "tiu": 130, "tkp": 170, "skb_cat": 80.0},
        ]
        assert self.winner(rows, year=2019) == "W"

    def test_full_chain_in_one_formasi(self):
        # quota 3 of six SKB takers (limit 9), input in reverse of the official order.
        # r1: final 82 (385 -> 70, SKB 90)
        # r2: final 80, SKD 440 (-> 80, SKB 80), TKP 200
        # r3: final 80, SKD 440, TKP 190, TIU 130
        # r4: final 80, SKD 440, TKP 190, TIU 120, GPA 3.6
        # r5: same as r4 with GPA 3.4, age 30
        # r6: same as r5, age 28
        rows = [
            {"applicant_id": "r6", "twk": 130, "tiu": 120, "tkp": 190, "skb_cat": 80.0,
             "gpa": 3.4, "age": 28},
            {"applicant_id": "r5", "twk": 130, "tiu": 120, "tkp": 190, "skb_cat": 80.0,
             "gpa": 3.4, "age": 30},
            {"applicant_id": "r4", "twk": 130, "tiu": 120, "tkp": 190, "skb_cat": 80.0,
             "gpa": 3.6},
            {"applicant_id": "r3", "twk": 120, "tiu": 130, "tkp": 190, "skb_cat": 80.0},
            {"applicant_id": "r2", "twk": 120, "tiu": 120, "tkp": 200, "skb_cat": 80.0},
            {"applicant_id": "r1", "twk": 100, "tiu": 110, "tkp": 175, "skb_cat": 90.0},
        ]  # fmt: skip
        out = selection.apply_rules(full(rows), formasi(("f1", 2024, 3)))
        assert result(out, "final_rank") == {"r1": 1, "r2": 2, "r3": 3, "r4": 4, "r5": 5, "r6": 6}
        assert sorted(selected(out)) == ["r1", "r2", "r3"]
