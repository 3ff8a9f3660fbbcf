"""Every section of notebook 01 (workforce needs) on partial data, run in this process
(issue 17): with each table the notebook uses removed, and each optional column it guards
emptied, no cell fails and the sections that cannot be shown say, in one sentence, what they
need; the others still show.

The data are read once from files (the full run); each variant is that dataset with a table
dropped or a column emptied, handed to the notebook in place of ``ap.load_dataset``, and its
figures are built but not rendered to SVG (the full run renders them), to keep the file fast.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from notebook_cells import run_cells, shown_text  # tests/ is on sys.path

import asnpolicy as ap
from asnpolicy.narrative.guard import sheet_name
from asnpolicy.narrative.page import KeyNumbers, ReportFigure, ReportTable
from asnpolicy.synth import generate

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_workforce_needs.ipynb"
#: The tables notebook 01 reads.
TABLES = ("units", "positions", "workload", "employees")
COMPETENCY_LEVELS = ["comp_teknis", "comp_manajerial", "comp_sosial_kultural"]
MISSING = 'class="report-missing"'


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Pauh alone (simulated, seed 7, a third of its size) as CSV files."""
    ds = generate(regions=["pauh"], seed=7, years=(2024,), scale=0.3)
    return ds.save(tmp_path_factory.mktemp("pauh") / "full")


@pytest.fixture(scope="module")
def full_run(folder) -> list:
    """The notebook on the files, as papermill would run it (figures rendered)."""
    return run_cells(NOTEBOOK, {"data_dir": str(folder), "region": "pauh", "lang": "en"})


@pytest.fixture(scope="module")
def loaded(folder) -> ap.Dataset:
    return ap.load_dataset(folder, region="pauh")


def run(ds: ap.Dataset, lang: str = "id", **params) -> list:
    """The notebook's cells with ``ds`` as the data they load."""

    def figure(fig, **_kw):
        plt.close(fig)
        return ReportFigure(svg="", png=b"", title=fig.get_label() or "")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ap, "load_dataset", lambda *_a, **_kw: ds)
        mp.setattr(ap.narrative, "figure", figure)
        return run_cells(NOTEBOOK, {"data_dir": "memory", "region": "pauh", "lang": lang, **params})


def without(ds: ap.Dataset, table: str | None = None, **columns: list[str]) -> ap.Dataset:
    """``ds`` without ``table``, and with ``columns`` (table -> names) empty."""
    changes: dict = {} if table is None else {table: None}
    for name, empty in columns.items():
        changes[name] = getattr(ds, name).assign(**{c: pd.NA for c in empty})
    return dataclasses.replace(ds, **changes)


def missing_sentences(shown: list) -> list[str]:
    return [o.data for o in shown if MISSING in str(getattr(o, "data", ""))]


def test_the_full_data_show_every_section(full_run):
    assert missing_sentences(full_run) == []
    tables = [o.title for o in full_run if isinstance(o, ReportTable)]
    assert any(t.startswith("Formasi plan") for t in tables)
    assert any(t.startswith("Posts filled by promotion") for t in tables)
    keys = next(o for o in full_run if isinstance(o, KeyNumbers))
    assert len(keys.items) == 4
    figures = [o for o in full_run if isinstance(o, ReportFigure)]
    assert len(figures) == 4 and all(f.svg.startswith("<svg") for f in figures)


@pytest.mark.parametrize("table", TABLES)
def test_each_table_removed(loaded, table):
    shown = run(without(loaded, table))
    sentences = missing_sentences(shown)
    assert sentences, f"no section says it needs {table}"
    assert all(f"'{sheet_name(table, 'id')}'" in s for s in sentences), sentences
    text = shown_text(shown)
    assert "## Catatan metodologi" in text  # the page runs to its end
    assert "Data ini belum mendukung" in text  # the summary says what is not shown


def test_workload_removed_keeps_the_staff_sections(loaded):
    shown = run(without(loaded, "workload"), "en")
    keys = next(o for o in shown if isinstance(o, KeyNumbers))
    assert [k for k, _ in keys.items][0] == "Staff in post"
    assert keys.items[1][0].startswith("Retiring") and len(keys.items) == 2
    figures = [o.title for o in shown if isinstance(o, ReportFigure)]
    assert len(figures) == 3  # age pyramid, retirement wave, competency gaps
    text = shown_text(shown)
    assert "Prepare the workload analysis (ABK)" in text
    assert "These data do not support the staffing gap against the ABK requirement" in text


def test_competency_levels_emptied(loaded):
    shown = run(without(loaded, employees=COMPETENCY_LEVELS), "en")
    sentences = missing_sentences(shown)
    assert len(sentences) == 1 and "assessed competency levels" in sentences[0]
    assert any(isinstance(o, ReportTable) and o.title.startswith("Formasi plan") for o in shown)


def test_rupiah_budget_without_annual_cost(loaded):
    shown = run(without(loaded, positions=["annual_cost"]), "id", budget=5e9, budget_unit="rupiah")
    sentences = missing_sentences(shown)
    assert len(sentences) == 1 and "kolom biaya tahunan" in sentences[0]


def test_parameters_reach_the_plan(loaded):
    text = shown_text(run(loaded, "en", budget=10, front_line_weight=1.0))
    assert "With a budget of 10 positions, sharing it by need funds 10 positions" in text
    assert "weight 1.0 for front-line units" in text
