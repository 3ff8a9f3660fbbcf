"""Figures of notebook 02 (asnpolicy.plots.selection): labels clear of error bars, the funnel
as a census within 100 %, and the design comparison with both fairness ratios, paired
intervals and a legend of sizes (issue 16, findings 9-11)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from asnpolicy import designs, funnel, plots
from asnpolicy.synth import generate

COSTS = {"skd": 150_000, "cat": 100_000, "competency": 1_500_000, "interview": 600_000}


@pytest.fixture(scope="module")
def bangko():
    return generate(regions=["bangko"], seed=2026)


@pytest.fixture(scope="module")
def comparison(bangko):
    return designs.compare_designs(bangko, n_boot=30, stage_costs=COSTS)


def tick_texts(fig) -> list[str]:
    fig.canvas.draw()
    return [
        label.get_text()
        for ax in fig.axes
        for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]
        if label.get_text()
    ]


def text_boxes(fig, ax):
    renderer = fig.canvas.get_renderer()
    return [(t, t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]


class TestFunnel:
    def test_census_without_intervals_within_100(self, bangko):
        """Finding 10: no error bars on a census, the axis ends at 100 %."""
        fig = plots.selection_funnel(funnel.funnel(bangko), bangko, lang="id")
        ax = fig.axes[0]
        assert ax.get_xlim() == (0, 100)
        assert not [c for c in ax.collections if isinstance(c, LineCollection)]
        assert any("sensus" in t.get_text() for t in fig.texts)
        plt.close(fig)

    def test_labels_inside_the_axis_and_comma_decimals(self, bangko):
        fig = plots.selection_funnel(funnel.funnel(bangko), bangko, lang="id")
        ax = fig.axes[0]
        frame = ax.get_window_extent(fig.canvas.get_renderer())
        for text, box in text_boxes(fig, ax):
            assert box.x1 <= frame.x1 + 1, text.get_text()
            assert "," in text.get_text()  # 41,8 %
        plt.close(fig)


class TestRegistrationModes:
    def test_labels_above_the_error_bars(self, bangko):
        """Finding 10: the mean and n are written above the interval, not across it."""
        modes = funnel.registration_modes(bangko)
        fig = plots.registration_modes(modes, bangko, lang="en")
        for ax, measure in zip(fig.axes, ("verification_days", "doc_errors"), strict=True):
            rows = modes[modes["measure"] == measure].set_index("registration_mode")
            highs = rows.reindex(["online", "offline"])["ci_high"].to_numpy()
            ys = [t.get_position()[1] for t in ax.texts]
            assert np.all(np.array(ys) > highs)
        plt.close(fig)


class TestDesignComparison:
    def test_two_panels_both_ratios_and_a_size_legend(self, bangko, comparison):
        """Finding 9: both fairness ratios, the paired difference and a legend for size."""
        fig = plots.design_comparison(comparison, bangko, lang="id")
        left, right = fig.axes
        labels = [t.get_text() for t in right.get_legend().get_texts()]
        assert labels == ["Jenis kelamin", "Asal daerah"]
        legend = left.get_legend()
        assert legend.get_title().get_text() == "Biaya seleksi"
        assert all(t.get_text().startswith("Rp ") for t in legend.get_texts())
        names = [t.get_text() for t in left.get_yticklabels()]
        assert "SKB CAT + wawancara" in names and "Desain resmi" in names
        assert "Selisih kinerja dari desain resmi" in left.get_xlabel()
        assert fig.get_label() == "Desain seleksi: kinerja yang diharapkan dan keadilan"
        plt.close(fig)

    def test_indonesian_numbers_and_no_codes(self, bangko, comparison):
        """Findings 7 and 11: Indonesian decimals on the axes, no design code."""
        fig = plots.design_comparison(comparison, bangko, lang="id")
        ticks = tick_texts(fig)
        assert any("," in t for t in ticks)
        assert not [t for t in ticks if "." in t and t.replace("−", "").replace(".", "").isdigit()]
        words = " ".join([*ticks, *(t.get_text() for ax in fig.axes for t in ax.texts)])
        assert "cat_interview" not in words and "skd_only" not in words
        plt.close(fig)

    def test_hidden_ratios_are_said(self, bangko, comparison):
        fig = plots.design_comparison(comparison, bangko, lang="en", small_cell_min=10_000)
        assert any("fewer than 10000 people are hidden" in t.get_text() for t in fig.texts)
        plt.close(fig)

    def test_pauh_has_a_comparison(self):
        """Finding 4: no empty panel for Pauh; the comparison rests on published validities."""
        pauh = generate(regions=["pauh"], seed=2026)
        got = designs.compare_designs(pauh, n_boot=20, stage_costs=COSTS)
        fig = plots.design_comparison(got, pauh, lang="id")
        left = fig.axes[0]
        assert len(left.get_yticklabels()) == len(got) >= 3
        assert "SD" in left.get_xlabel()
        plt.close(fig)

    @pytest.mark.parametrize("lang", ["id", "en"])
    def test_without_gender_and_origin_the_ratio_panel_says_so(self, bangko, comparison, lang):
        """An export without applicant details: no empty panel, no empty legend."""
        ratios = [c for c in comparison if c.startswith(("min_impact_ratio_", "impact_"))]
        fig = plots.design_comparison(comparison.drop(columns=ratios), bangko, lang=lang)
        right = fig.axes[1]
        assert right.get_legend() is None
        said = [t.get_text() for t in right.texts]
        expected = {"id": "jenis kelamin maupun asal daerah", "en": "neither gender nor origin"}
        assert any(expected[lang] in " ".join(text.split()) for text in said)
        plt.close(fig)

    def test_empty_comparison_is_not_drawn(self, bangko):
        empty = pd.DataFrame(columns=["policy"])
        with pytest.raises(ValueError, match="designs_missing"):
            plots.design_comparison(empty, bangko, lang="id")
