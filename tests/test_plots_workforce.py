"""asnpolicy.plots.workforce: hidden cells are drawn marked, totals stay true, surpluses are
shown (findings 5 and 6 of issue 16)."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from asnpolicy import plots, workforce
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def pauh():
    return generate(regions=["pauh"], seed=7)


@pytest.fixture(scope="module")
def bangko():
    return generate(regions=["bangko"], seed=5)


def bar_tops(ax) -> dict[float, float]:
    """Top of each stacked bar, by its x position."""
    tops: dict[float, float] = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2, 6)
        tops[x] = max(tops.get(x, 0.0), p.get_y() + p.get_height())
    return tops


class TestRetirementWave:
    def test_totals_are_true_and_hidden_parts_marked(self, pauh):
        projection = workforce.retirement_projection(pauh, 5)
        fig = plots.retirement_wave(projection, pauh, lang="id")
        ax = fig.axes[0]
        total = projection["retirements"].sum()
        # the bars reach the true totals: together they make the summary's number
        assert sum(bar_tops(ax).values()) == pytest.approx(total)
        hatched = [p for p in ax.patches if p.get_hatch()]
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert hatched and any("Disembunyikan" in label for label in labels)
        # the totals written on the bars are the true ones (a small year joins the next)
        written = [int(t.get_text().replace(".", "")) for t in ax.texts]
        assert sum(written) == total and min(written) >= 5
        assert written == pytest.approx(list(bar_tops(ax).values()))
        plt.close(fig)

    def test_no_empty_legend_entry(self, pauh):
        projection = workforce.retirement_projection(pauh, 5)
        projection = projection[projection["kind"] != "pelaksana"]  # no executor at all
        fig = plots.retirement_wave(projection, pauh, lang="en")
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert not any("Executors" in label for label in labels)
        plt.close(fig)

    def test_every_drawn_segment_is_zero_or_large(self, pauh):
        """No coloured segment holds 1-4 people, and no single hidden cell can be read off."""
        rows = []
        for year, counts in {2026: (3, 20, 9), 2027: (1, 1, 30), 2028: (0, 2, 0)}.items():
            for kind, n in zip(
                ("pengawas", "fungsional_ahli_muda", "pelaksana"), counts, strict=True
            ):
                rows.append(
                    {
                        "region_id": "pauh",
                        "unit_id": "u",
                        "kind": kind,
                        "year": year,
                        "retirements": n,
                    }
                )
        projection = pd.DataFrame(rows)
        fig = plots.retirement_wave(projection, pauh, lang="en")
        ax = fig.axes[0]
        for p in ax.patches:
            h = round(p.get_height())
            assert h == 0 or h >= 5, (p.get_hatch(), h)
        # 2028 (2 people) is joined to 2027; the total of all bars stays true
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2026", "2027-2028"]
        assert sum(bar_tops(ax).values()) == pytest.approx(projection["retirements"].sum())
        plt.close(fig)


class TestAgePyramid:
    def test_hidden_bins_are_marked_not_dropped(self, pauh):
        fig = plots.age_pyramid(pauh, lang="id", small_cell_min=40)
        ax = fig.axes[0]
        hatched = [p for p in ax.patches if p.get_hatch()]
        assert hatched
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any(label.startswith("Disembunyikan") for label in labels)
        # a hidden marker has the fixed length small_cell_min, not the count
        assert {abs(p.get_width()) for p in hatched} == {40.0}
        plt.close(fig)


class TestStaffingGapByUnit:
    def test_surpluses_are_shown_and_the_rest_counted(self, bangko):
        gap = workforce.staffing_gap(bangko)
        units = gap[gap["level"] == "unit"]
        fig = plots.staffing_gap_by_unit(gap, bangko, lang="id", top=5)
        ax = fig.axes[0]
        widths = np.array([p.get_width() for p in ax.patches])
        assert (widths < 0).sum() == min(5, (units["gap"] < 0).sum())
        assert (widths > 0).sum() == min(5, (units["gap"] > 0).sum())
        assert widths.min() == pytest.approx(units["gap"].min())  # the largest surplus
        not_shown = len(units) - len(widths)
        assert any(f"{not_shown} unit lain tidak ditampilkan" in t.get_text() for t in fig.texts)
        plt.close(fig)

    def test_indonesian_axis_numbers(self, bangko):
        """Finding 11: comma decimals and dot thousands on the Indonesian axes."""
        gap = workforce.staffing_gap(bangko)
        fig = plots.staffing_gap_by_unit(gap, bangko, lang="id")
        fig.canvas.draw()
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert ticks and not any("." in t and "," not in t and len(t) < 4 for t in ticks)
        plt.close(fig)


class TestCompetencyGaps:
    def test_units_named_by_id_without_a_units_table(self, pauh):
        """Issue 17: a region's data without a units table still draw the figure."""
        gaps = workforce.competency_gaps(pauh)
        ds = dataclasses.replace(pauh, units=None)
        fig = plots.competency_gaps(gaps, ds, lang="en")
        labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
        assert labels and labels <= set(gaps["unit_id"])
        plt.close(fig)
