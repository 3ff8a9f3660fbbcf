"""The house style every figure shares: numbers on the axes in the page's format (issue 16,
finding 11: Indonesian figures wrote "0.25" and "11.5" while their labels wrote commas), the
title as the figure's label (the page's accessible name), and figures as light SVG."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import asnpolicy as ap
from asnpolicy.narrative import page
from asnpolicy.plots import style
from asnpolicy.synth import generate


def ticks(fig) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]


@pytest.fixture(scope="module")
def sample_dataset():
    return generate(seed=2026)


def test_indonesian_axes_write_decimal_commas():
    fig, ax = plt.subplots()
    ax.plot([0, 0.25, 0.5], [11.5, 12.25, 1250.5])
    style.localise_ticks(ax, "id")
    labels = [t for t in ticks(fig) if t]
    assert any("," in t for t in labels)
    assert not any(re.search(r"\d\.\d", t) for t in labels), labels
    plt.close(fig)


def test_english_axes_keep_decimal_points():
    fig, ax = plt.subplots()
    ax.plot([0, 0.25, 0.5], [0, 1, 2])
    style.localise_ticks(ax, "en")
    assert any(re.search(r"\d\.\d", t) for t in ticks(fig))
    plt.close(fig)


def test_names_on_a_categorical_axis_are_left_alone():
    fig, ax = plt.subplots()
    ax.barh(["Kantor 1.2", "Dinas A"], [0.5, 1.5])
    style.localise_ticks(ax, "id")
    assert "Kantor 1.2" in ticks(fig)
    plt.close(fig)


def test_separators_swap_both_ways():
    assert style.swap_separators("12,000.5") == "12.000,5"
    assert style.swap_separators("−0.25") == "−0,25"


def test_every_report_figure_is_localised_and_titled(sample_dataset):
    ds = sample_dataset.for_region("bangko")
    gap = ap.workforce.staffing_gap(ds)
    fig = ap.plots.staffing_gap_by_unit(gap, ds, lang="id")
    assert fig.get_label()  # the title, for the page's accessible name
    labels = [t for t in ticks(fig) if re.fullmatch(r"[−\-\d.,]+", t)]
    assert labels and not any(re.search(r"\d\.\d", t) for t in labels)
    figure = page.figure(fig)
    assert f'aria-label="{fig.get_label()}"' in figure.svg
    assert "<metadata>" not in figure.svg and 'id="xtick_' not in figure.svg
    assert figure.svg.count("font-family") == 1
    assert figure.png.startswith(b"\x89PNG")
