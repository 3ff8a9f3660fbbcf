"""asnpolicy.narrative.workforce: the words of notebook 01."""

from __future__ import annotations

from asnpolicy import workforce
from asnpolicy.narrative import text
from asnpolicy.narrative import workforce as words


class TestWorkforceSummary:
    def test_numbers_match_the_analysis(self, pauh):
        gap = workforce.staffing_gap(pauh)
        total = gap[gap["level"] == "region"].iloc[0]
        summary = words.workforce_summary(
            pauh,
            gap,
            workforce.retirement_projection(pauh, 5),
            workforce.needs_forecast(pauh, 5),
            workforce.formasi_plan(pauh),
            lang="en",
        ).data
        assert summary.startswith("As of 31 December")
        assert f"has {text.number(total['headcount'], 'en')} employees" in summary
        assert f"requires {text.number(total['required_fte'], 'en', 1)} FTE" in summary


class TestFormasiTable:
    def test_headers(self, pauh):
        table = words.formasi_table(workforce.formasi_plan(pauh), pauh, lang="en")
        assert list(table.columns[:3]) == ["Unit", "Position", "Front line"]
        table = words.formasi_table(workforce.formasi_plan(pauh), pauh, lang="id")
        assert list(table.columns[:3]) == ["Unit", "Jabatan", "Garis depan"]

    def test_hides_small_retirement_counts(self, pauh):
        table = words.formasi_table(workforce.formasi_plan(pauh), pauh, lang="en")
        retiring = table["Retiring in horizon (people)"]
        assert all(v == "<5" or v == "0" or int(v.replace(",", "")) >= 5 for v in retiring)
        # need = round(gap now + retirements): a hidden count must not be given back by
        # need minus gap, so the gap is hidden with it
        hidden = retiring.eq("<5")
        assert hidden.any()
        assert table.loc[hidden, "Shortage now (FTE)"].eq("<5").all()
        assert not table.loc[~hidden, "Shortage now (FTE)"].eq("<5").any()
