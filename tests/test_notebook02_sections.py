"""Notebook 02 on partial data (issue 17): every section runs with each single table the
notebook uses removed, and with each optional column it guards removed; the section says
in one sentence what it would need, and the rest of the page is shown.

The notebook's code cells run in this process (:func:`notebook_cells.run_cells`), on Pauh's
sample (few recruits: the published-validities route) with few resamples.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import matplotlib.pyplot as plt
import pytest
from notebook_cells import run_cells, shown_text

import asnpolicy as ap

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "02_selection_outcomes.ipynb"
MISSING = 'class="report-missing"'
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")

#: Tables the notebook reads (employees and performance are read together, for the recruits'
#: SKP), and the optional columns it guards (variant -> table, columns).
TABLES = {
    "applicants": ["applicants"],
    "formasi": ["formasi"],
    "assessments": ["assessments"],
    "positions": ["positions"],
    "performance_records": ["employees", "performance"],
    "region_policies": ["region_policies"],
}
COLUMNS = {
    "annual_cost": ("positions", ["annual_cost"]),
    "skb_cat": ("applicants", ["skb_cat"]),
    "skd": ("applicants", ["twk", "tiu", "tkp"]),
    "applicant_details": (
        "applicants",
        ["gender", "origin", "registration_mode", "verified_on", "panel", "skb_interview"],
    ),
}
#: Variants whose page must show a guard sentence (without the recruits' records the designs
#: fall back on published validities; without a policy the audit infers its weights).
SAYS_MISSING = {"applicants", "formasi", "assessments", "positions", "annual_cost", "skb_cat",
                "skd", "applicant_details"}  # fmt: skip


@pytest.fixture(scope="module")
def pauh(tmp_path_factory) -> ap.Dataset:
    """Pauh of the sample (seed 2026), written and read as files (a fresh clone has no
    data/sample: ``make data`` writes it)."""
    folder = ap.synth.generate(seed=2026).save(tmp_path_factory.mktemp("sample") / "sample")
    return ap.load_dataset(folder, region="pauh")


def variant(ds: ap.Dataset, name: str) -> ap.Dataset:
    tables = ds.tables()
    if name in TABLES:
        for table in TABLES[name]:
            tables.pop(table, None)
    elif name in COLUMNS:
        table, columns = COLUMNS[name]
        tables[table] = tables[table].drop(columns=columns)
    return ap.Dataset(**tables, source=ds.source, synthetic=ds.synthetic,
                      provenance=ds.provenance)  # fmt: skip


def run(ds: ap.Dataset, lang: str = "id", **params) -> list:
    with (
        mock.patch("asnpolicy.load_dataset", lambda *a, **k: ds),
        mock.patch("asnpolicy.narrative.figure", figure),
    ):
        return run_cells(
            NOTEBOOK, {"data_dir": "unused", "region": "pauh", "lang": lang, "n_boot": 5, **params}
        )


def figure(fig):
    """The figure's title, not its SVG (drawing every figure twice is the slow part)."""
    title = fig.get_label()
    plt.close(fig)
    return f"[figure: {title}]"


def markdown_text(shown: list) -> str:
    return "\n".join(str(getattr(o, "data", "")) for o in shown if type(o).__name__ == "Markdown")


@pytest.mark.parametrize("name", [*TABLES, *COLUMNS])
def test_each_section_runs_without(pauh, name):
    shown = run(variant(pauh, name))
    text = shown_text(shown)
    assert "Traceback" not in text
    assert ("report-missing" in text) == (name in SAYS_MISSING), name
    words = markdown_text(shown)
    assert not SNAKE.search(re.sub(r"<[^>]+>", "", words)), SNAKE.search(words)


def test_no_recruitment_tables_at_all(pauh):
    tables = {k: v for k, v in pauh.tables().items() if k in ("units", "skm")}
    shown = run(ap.Dataset(**tables), lang="en")
    text = markdown_text(shown)
    assert "hold no applicants and formasi" in text
    assert text.count(MISSING) >= 5  # every section says what it needs


def test_designs_as_yaml_dicts(pauh):
    spec = [{"name": "cat_interview", "skb_weights": {"cat": 0.6, "interview": 0.4}}]
    shown = run(pauh, lang="en", designs=spec)
    assert "SKB CAT + interview" in shown_text(shown)


def test_a_malformed_design_says_what_to_change(pauh):
    with pytest.raises(ValueError, match="needs skb_weights"):
        run(pauh, designs=[{"name": "x"}])
