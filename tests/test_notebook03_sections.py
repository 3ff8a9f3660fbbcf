"""Every section of notebook 03 on whatever data are present (issue 17), run in-process
(:mod:`notebook_cells`, no papermill): with each table the notebook uses removed, and each
column it guards emptied, no cell raises and the section says in one sentence what it needs;
the citizen-satisfaction part works on units and SKM alone, on one survey year, and with
units too small to show."""

from __future__ import annotations

import warnings
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from notebook_cells import run_cells, shown_text  # tests/ is on sys.path

import asnpolicy as ap
from asnpolicy.narrative import outcomes as words
from asnpolicy.narrative.guard import Missing
from asnpolicy.synth import generate

NOTEBOOK = (
    Path(__file__).resolve().parents[1] / "notebooks" / "03_methods_performance_feedback.ipynb"
)

#: The tables notebook 03 reads.
TABLES = (
    "units", "positions", "workload", "employees", "formasi", "applicants", "performance",
    "skm", "training", "promotions",
)  # fmt: skip

#: Table removed -> the sections whose sentence must then name it (others may still run).
NAMED = {
    "units": True,
    "positions": True,
    "employees": True,
    "formasi": True,
    "applicants": True,
    "performance": True,
    "skm": True,
    "training": True,
    "workload": False,  # merit still measures other aspects
    "promotions": False,
}


@pytest.fixture(scope="module")
def small() -> ap.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return generate(regions=["pauh"], years=(2023, 2024), scale=0.3, seed=3)


def without(ds: ap.Dataset, *tables: str, **frames: pd.DataFrame) -> ap.Dataset:
    kept = {k: v for k, v in ds.tables().items() if k not in tables}
    kept.update(frames)
    return ap.Dataset(**kept)


def run(ds: ap.Dataset, lang: str = "id") -> str:
    """The notebook's cells on ``ds`` (loading patched to return it); the text shown."""
    with (
        mock.patch("asnpolicy.load_dataset", lambda *a, **k: ds),
        mock.patch("asnpolicy.narrative.pooled.load_dataset", lambda *a, **k: ds),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        shown = run_cells(NOTEBOOK, {"region": "pauh", "lang": lang, "n_boot": 10})
    return shown_text(shown)


def table_sentence(table: str, lang: str) -> str:
    """The part of the guard's sentence that names ``table``."""
    return (
        Missing((table,)).sentence(lang).split(",")[0].split("memerlukan ")[-1].split("needs ")[-1]
    )


@pytest.fixture(scope="module")
def full_text(small) -> str:
    return run(small)


def test_the_full_data_run_every_section(full_text):
    assert "## " in full_text
    assert "IKM" in full_text


@pytest.mark.parametrize("table", TABLES)
def test_each_table_removed(small, table):
    text = run(without(small, table))
    if NAMED[table]:
        assert 'class="report-missing"' in text
        assert table_sentence(table, "id") in text, table


@pytest.mark.parametrize(
    ("table", "column", "words_id"),
    [
        ("skm", "survey_date", "tanggal survei"),
        ("performance", "skp_rating", "predikat SKP"),
        ("applicants", "twk", "nilai TWK"),
    ],
)
def test_each_guarded_column_emptied(small, table, column, words_id):
    frame = getattr(small, table).assign(**{column: None})
    text = run(without(small, **{table: frame}))
    assert words_id in text


@pytest.fixture(scope="module")
def skm_only(small) -> ap.Dataset:
    return ap.Dataset(units=small.units, skm=small.skm)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ikm_runs_on_units_and_skm_alone(skm_only, lang):
    text = run(skm_only, lang)
    assert ap.narrative.text.t("triggers_no_staff", lang).split(":")[0] in text
    assert ap.narrative.text.t("triggers_title", lang) in text
    assert "Traceback" not in text
    # the summary names the parts the data do not support, in one sentence
    assert ap.narrative.text.t("part_training", lang) in text


def test_one_survey_year_says_there_is_no_trend(skm_only):
    skm = skm_only.skm
    last = pd.to_datetime(skm["survey_date"]).dt.year.max()
    one = without(skm_only, skm=skm[pd.to_datetime(skm["survey_date"]).dt.year == last])
    text = run(one)
    assert "setiap unit baru disurvei dalam satu tahun" in text
    assert str(last) in text


def test_too_few_answers_show_the_shortfall_and_hide_the_ikm(skm_only):
    skm = skm_only.skm
    year = pd.to_datetime(skm["survey_date"]).dt.year
    latest = skm[year == year.max()]
    unit = latest["unit_id"].iloc[0]
    few = pd.concat([latest[latest["unit_id"] == unit].head(3), latest[latest["unit_id"] != unit]])
    ds = without(skm_only, skm=few)
    text = run(ds)
    assert "kurang dari 5 responden" in text  # the summary and the recommendation say so
    triggers = ap.outcomes.feedback_triggers(ds)
    page = words.triggers_report(triggers, lang="id", small_cell_min=5)._repr_html_()
    assert "3 dari minimal" in page  # the Krejcie-Morgan shortfall is shown
    table = words.triggers_table(triggers, lang="id", small_cell_min=5)
    row = table[table.iloc[:, 0] == triggers.loc[triggers["unit_id"] == unit, "name"].iloc[0]]
    assert row["IKM"].iloc[0] == "<5"
    assert "survei ulang" in row.iloc[0, -1]
