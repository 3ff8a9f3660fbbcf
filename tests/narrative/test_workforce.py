"""asnpolicy.narrative.workforce: the words of notebook 01."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from asnpolicy import workforce
from asnpolicy.narrative import guard, text
from asnpolicy.narrative import workforce as words

#: A code or a name with an underscore (``fungsional_ahli_pertama``, ``hire_year``).
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
#: English words that must not appear on an Indonesian page.
ENGLISH = re.compile(r"\b(shortage|surplus|staff|position|unit of|the|and|gap|net|gross)\b")


@pytest.fixture(scope="module")
def pauh_parts(pauh):
    gap = workforce.staffing_gap(pauh)
    return {
        "gap": gap,
        "projection": workforce.retirement_projection(pauh, 5),
        "forecast": workforce.needs_forecast(pauh, 5),
        "yearly": workforce.yearly_gap(pauh, 5),
        "plan": workforce.formasi_plan(pauh, keep_all=True),
        "budget_plan": workforce.formasi_plan(pauh, 6, keep_all=True),
    }


def summary(pauh, parts, lang):
    return words.workforce_summary(
        pauh,
        parts["gap"],
        parts["projection"],
        parts["forecast"],
        parts["plan"],
        lang=lang,
    ).data


class TestWorkforceSummary:
    def test_numbers_match_the_analysis(self, pauh, pauh_parts):
        m = workforce.gap_measures(pauh_parts["gap"]).iloc[0]
        got = summary(pauh, pauh_parts, "en")
        assert got.startswith("As of 31 December")
        assert f"has {text.number(m['headcount'], 'en')} employees" in got
        assert f"requires {text.number(m['required_fte'], 'en', 1)} FTE" in got

    def test_names_each_measure(self, pauh, pauh_parts):
        """Finding 2: the page says which measure each figure is (net, gross, rate)."""
        m = workforce.gap_measures(pauh_parts["gap"]).iloc[0]
        got = summary(pauh, pauh_parts, "id")
        assert "selisih bersih" in got
        assert f"kekurangan bruto adalah {text.number(m['gross_shortage'], 'id', 1)} FTE" in got
        assert f"kelebihan bruto {text.number(m['gross_surplus'], 'id', 1)} FTE" in got
        assert f"tingkat kekurangan bruto {text.number(100 * m['shortage_rate'], 'id', 1)} %" in got

    def test_surplus_units_are_named(self, pauh, pauh_parts):
        got = summary(pauh, pauh_parts, "en")
        assert "largest surpluses" in got

    def test_no_code_or_english_in_indonesian(self, pauh, pauh_parts):
        parts = [
            summary(pauh, pauh_parts, "id"),
            words.workforce_methods(lang="id").data,
            words.workforce_recommendations(pauh, pauh_parts["gap"], pauh_parts["plan"]).data,
            words.budget_summary(pauh_parts["budget_plan"], 6, lang="id").data,
        ]
        tables = [
            words.formasi_table(pauh_parts["budget_plan"], pauh, lang="id", horizon_end=2030),
            words.yearly_table(pauh_parts["yearly"], lang="id"),
        ]
        for table in tables:
            parts += [table.title, " ".join(map(str, table.shown.columns))]
            parts += [" ".join(table.shown.astype(str).to_numpy().ravel())]
        for part in parts:
            part = re.sub(r"Pauh|FTE|ABK|EJ|BUP|PJ", "", part)
            assert not SNAKE.search(part), SNAKE.search(part)
            assert not ENGLISH.search(part), ENGLISH.search(part)


class TestKeyNumbers:
    def test_four_numbers(self, pauh_parts):
        keys = words.workforce_key_numbers(
            pauh_parts["gap"], pauh_parts["projection"], lang="en"
        ).items
        m = workforce.gap_measures(pauh_parts["gap"]).iloc[0]
        assert len(keys) == 4
        assert keys[0] == ("Staff in post", text.number(m["headcount"], "en"))
        assert keys[1][0].startswith("Net balance")
        assert keys[2][1] == f"{text.number(m['gross_shortage'], 'en', 1)} FTE"
        assert keys[3][1] == text.number(pauh_parts["projection"]["retirements"].sum(), "en")


class TestFormasiTable:
    def test_headers(self, pauh, pauh_parts):
        table = words.formasi_table(pauh_parts["plan"], pauh, lang="en")
        assert list(table.shown.columns[:2]) == ["Unit", "Position"]
        assert "EJ (grade)" in table.shown.columns
        table = words.formasi_table(pauh_parts["plan"], pauh, lang="id")
        assert list(table.shown.columns[:2]) == ["Unit", "Jabatan"]
        assert table.title.startswith("Rencana formasi")

    def test_fte_gap_is_never_hidden(self, pauh, pauh_parts):
        """Finding 1: where the retirements are hidden, the FTE gap beside them is shown;
        the need, which would give the count back, is a range."""
        table = words.formasi_table(pauh_parts["plan"], pauh, lang="en", horizon_end=2030)
        shown = pd.concat([table.shown, table.rest])
        retiring = shown["Retiring by 2030 (people)"]
        assert all(v in ("<5", "0") or int(v.replace(",", "")) >= 5 for v in retiring)
        hidden = retiring.eq("<5")
        assert hidden.any()
        gap = shown["Gap now (FTE; + short, - surplus)"]
        assert not gap.str.contains("<").any()
        assert gap.str.match(r"^-?[\d,]+\.\d$").all()
        need = shown["Positions needed"]
        assert need[hidden].str.contains("–").all()
        assert not need[~hidden].str.contains("–").any()

    def test_every_position_in_the_workbook_and_the_rest_folded(self, pauh, pauh_parts):
        table = words.formasi_table(pauh_parts["plan"], pauh, lang="en", top=10)
        plan = pauh_parts["plan"]
        listed = workforce.protect_plan(plan[plan["route"] == "formasi"], 5)
        assert len(table.shown) == 10
        assert len(table.rest) == len(listed) - 10
        assert len(table.data) == len(listed)
        # raw numbers in the workbook; hidden counts stay hidden there too
        assert table.data["Gap now (FTE; + short, - surplus)"].dtype.kind == "f"
        hidden = listed["hidden"].to_numpy()
        assert (table.data["Retiring in horizon (people)"][hidden] == "<5").all()
        assert "Annual cost per position (Rp)" in table.data

    def test_budget(self, pauh, pauh_parts):
        table = words.formasi_table(pauh_parts["budget_plan"], pauh, lang="en")
        funded = pd.concat([table.shown, table.rest])["Funded (positions)"]
        assert set(funded) <= {"all", "part", *map(str, range(100))}
        sentence = words.budget_summary(pauh_parts["budget_plan"], 6, lang="en").data
        assert sentence.startswith("With a budget of 6 positions, sharing it by need funds 6")
        assert "remain unfunded" in sentence
        plan = pauh_parts["budget_plan"]
        listed = workforce.protect_plan(plan[plan["route"] == "formasi"], 5)
        low, high = listed["need_low"].sum() - 6, listed["need_high"].sum() - 6
        assert f"; {low}–{high} remain unfunded" in sentence


class TestYearlyTable:
    def test_small_years_are_joined(self):
        yearly = pd.DataFrame(
            {
                "region_id": "r",
                "year": [2025, 2026, 2027, 2028],
                "retirements": [0, 7, 2, 6],
                "required_fte": 100.0,
                "headcount": [100, 93, 91, 85],
                "net_balance": [0.0, 7.0, 9.0, 15.0],
                "gross_shortage": [5.0, 9.0, 11.0, 16.0],
                "gross_surplus": [5.0, 2.0, 2.0, 1.0],
                "shortage_rate": [0.05, 0.09, 0.11, 0.16],
                "positions": 10,
                "positions_short": [2, 3, 3, 4],
            }
        )
        table = words.yearly_table(yearly, lang="en")
        assert table.shown["Year"].tolist() == ["2025 (now)", "2026", "2027-2028"]
        assert table.shown["Retiring (people)"].tolist() == ["-", "7", "8"]
        assert table.shown["Staff at year end"].tolist() == ["100", "93", "85"]

    def test_matches_the_analysis(self, pauh_parts):
        table = words.yearly_table(pauh_parts["yearly"], lang="en")
        assert (
            table.data["Retiring (people)"].sum() == pauh_parts["projection"]["retirements"].sum()
        )


class TestMethodsAndRecommendations:
    def test_methods_define_every_measure(self):
        note = words.workforce_methods(lang="id").data
        assert note.startswith("## Catatan metodologi")
        for term in ("Selisih bersih", "Kekurangan bruto", "kelebihan bruto", "Tingkat kekurangan"):
            assert term in note
        for source in ("Permendagri 12/2008", "PermenPANRB 1/2020", "PP 11/2017", "UU 20/2023"):
            assert source in note

    def test_recommendations_redeploy_first(self, pauh, pauh_parts):
        rec = words.workforce_recommendations(
            pauh, pauh_parts["gap"], pauh_parts["plan"], lang="en"
        ).data
        points = rec.split("\n- ")
        assert points[0].startswith("## Recommendations")
        assert points[1].startswith("Redeploy")
        assert points[2].startswith("Propose formasi")
        assert all("Caveat" in p for p in points[1:])


class TestPromotionPosts:
    """Issue 17 item 9: JPT, administrator and pengawas posts are listed apart, never as
    formasi."""

    def test_not_in_the_formasi_table(self, pauh, pauh_parts):
        plan = pauh_parts["plan"]
        table = words.formasi_table(plan, pauh, lang="en", top=500)
        others = plan.loc[(plan["route"] != "formasi") & (plan["need"] > 0), "title"]
        assert len(others)
        shown = set(table.shown["Position"])
        assert not shown & set(others) - set(plan.loc[plan["route"] == "formasi", "title"])
        assert not (
            table.data["Position"].isin(others)
            & ~table.data["Position"].isin(plan.loc[plan["route"] == "formasi", "title"])
        ).any()

    def test_sentence_and_table(self, pauh, pauh_parts):
        plan = pauh_parts["plan"]
        sentence = words.promotion_posts(plan, lang="en").data
        assert sentence.startswith("Not proposed as CPNS/PPPK formasi")
        assert "filled by promotion" in sentence
        listed = workforce.protect_plan(plan[plan["route"] != "formasi"], 5)
        table = words.promotion_table(plan, pauh, lang="id")
        assert len(table.data) == len(listed)
        assert set(table.data["Cara pengisian"]) <= {"promosi", "seleksi terbuka"}
        summary_id = summary(pauh, pauh_parts, "id")
        assert "tidak diusulkan sebagai formasi CPNS/PPPK" in summary_id

    def test_none_without_such_posts(self, pauh_parts):
        plan = pauh_parts["plan"]
        assert words.promotion_posts(plan[plan["route"] == "formasi"]) is None

    def test_budget_never_funds_them(self, pauh_parts):
        plan = pauh_parts["budget_plan"]
        assert (plan.loc[plan["route"] != "formasi", "planned"] == 0).all()


class TestRupiahBudget:
    def test_says_what_is_left_unfunded(self, pauh):
        plan = workforce.formasi_plan(pauh, 2e9, budget_unit="rupiah", keep_all=True)
        en = words.budget_summary(plan, 2e9, budget_unit="rupiah", lang="en").data
        assert en.startswith("With a budget of Rp 2,000,000,000 a year")
        assert "with no position at all" in en
        assert "would need Rp " in en and "a year more" in en
        id_ = words.budget_summary(plan, 2e9, budget_unit="rupiah", lang="id").data
        assert "per tahun lagi" in id_ and not ENGLISH.search(id_)


class TestExcluded:
    """Issue 17 item 8: people left out of the headcount are counted and named."""

    def test_one_reason(self):
        excluded = pd.DataFrame(
            {"region_id": "r", "category": list(workforce.EXCLUSION_CATEGORIES), "n": [2, 0, 0, 0]}
        )
        got = words.excluded_sentence(excluded, 40, lang="id")
        assert got == (
            "40 pegawai tercatat dalam data; 2 di antaranya tidak dihitung sebagai pegawai dalam "
            "jabatan karena telah melewati batas usia pensiun (BUP) pada tanggal data."
        )

    def test_several_reasons(self):
        excluded = pd.DataFrame(
            {"region_id": "r", "category": list(workforce.EXCLUSION_CATEGORIES), "n": [2, 1, 0, 3]}
        )
        got = words.excluded_sentence(excluded, 40, lang="en")
        assert got.startswith("40 employees are in the data; 6 of them are not counted")
        assert "2 because they are past their retirement age" in got
        assert "1 because their status is not active" in got
        assert "and 3 because their retirement age cannot be computed" in got

    def test_nobody_left_out(self):
        excluded = pd.DataFrame(
            {"region_id": "r", "category": list(workforce.EXCLUSION_CATEGORIES), "n": 0}
        )
        assert words.excluded_sentence(excluded, 40) is None

    def test_in_the_summary(self, pauh, pauh_parts):
        ds = pauh
        employees = ds.employees.copy()
        employees.loc[employees.index[:2], "birth_year"] = 1950  # long past any BUP
        ds = type(ds)(**{**ds.tables(), "employees": employees})
        as_of = workforce.as_of_date(pauh)  # the copy has no simulator truth to date it
        excluded = workforce.excluded_from_count(ds, as_of)
        got = words.workforce_summary(
            ds,
            workforce.staffing_gap(ds, as_of=as_of),
            pauh_parts["projection"],
            pauh_parts["forecast"],
            pauh_parts["plan"],
            excluded=excluded,
            lang="id",
            as_of=as_of,
        ).data
        before = workforce.excluded_from_count(pauh, as_of)["n"].sum()
        assert excluded["n"].sum() == before + 2
        total = text.number(len(employees), "id")
        left_out = text.number(before + 2, "id")
        assert f"{total} pegawai tercatat dalam data; {left_out} di antaranya tidak dihitung" in got


class TestMissingParts:
    """Issue 17: the summary, key numbers and recommendations take what is present."""

    def test_summary_without_workload(self, pauh, pauh_parts):
        missing = guard.Missing(("workload",))
        got = words.workforce_summary(
            pauh,
            missing,
            pauh_parts["projection"],
            missing,
            missing,
            excluded=workforce.excluded_from_count(pauh),
            lang="id",
            horizon_years=5,
        ).data
        staff = int(workforce.in_post(pauh, workforce.as_of_date(pauh)).sum())
        assert f"memiliki {text.number(staff, 'id')} pegawai dalam jabatan." in got
        assert "mencapai batas usia pensiun." in got
        assert "Data ini belum mendukung selisih pegawai terhadap kebutuhan ABK dan rencana" in got
        assert "FTE" not in got

    def test_summary_with_nothing(self, pauh):
        missing = guard.Missing(("employees",))
        ds = type(pauh)(units=pauh.units)
        got = words.workforce_summary(
            ds, missing, missing, missing, missing, competencies=missing, lang="en"
        ).data
        assert got.startswith("These data do not support the staffing gap")
        assert "0 employees" not in got

    def test_key_numbers_take_what_is_present(self, pauh, pauh_parts):
        missing = guard.Missing(("workload",))
        keys = words.workforce_key_numbers(missing, pauh_parts["projection"], ds=pauh, lang="en")
        assert [k for k, _ in keys.items][0] == "Staff in post"
        assert len(keys.items) == 2
        assert words.workforce_key_numbers(missing, missing, lang="en").items == []

    def test_recommendations_without_workload(self, pauh):
        missing = guard.Missing(("workload",))
        got = words.workforce_recommendations(pauh, missing, missing, lang="id").data
        assert "Susun analisis beban kerja (ABK)" in got

    def test_methods_name_the_weight(self):
        note = words.workforce_methods(lang="en", front_line_weight=2.0).data
        assert "weight 2.0 for front-line units" in note
        assert "largest remainders" in note and "PermenPANRB 27/2021" in note
