"""Every notebook on the four smallest useful subsets of tables, for a region outside the
registry, through ``asnpolicy report`` (papermill) in both languages (issue 17): no failed
cell, no traceback, one sentence for each part the data do not support, one language a page.

The subsets (tests/partial_data.py): workforce only; SKM only; recruitment only; staff and
performance only. Each is Pauh's sample data renamed ``kerinci`` with only those tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from partial_data import REGION, SUBSETS, subset_dataset  # tests/ is on sys.path

from asnpolicy.io import load_dataset

from .helpers import NOTEBOOKS, report
from .test_pages import offending_words, pages, read

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def subset_runs(sample, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(subset, lang) -> the output folder of one ``asnpolicy report`` over all notebooks."""
    root = tmp_path_factory.mktemp("subsets")
    full = load_dataset(sample)
    out = {}
    for subset in SUBSETS:
        data = subset_dataset(full, subset).save(root / "data" / subset)
        for lang in ("id", "en"):
            folder = root / f"{subset}-{lang}"
            done = report("--data", data, "--region", REGION, "--lang", lang, "--out", folder,
                          "--workers", 2)  # fmt: skip
            assert done.returncode == 0, f"{subset} {lang}: {done.stderr[-3000:]}"
            out[subset, lang] = folder
    return out


@pytest.fixture(scope="module")
def subset_names(sample, subset_runs) -> list[str]:
    """Names from the data, and the data folders' paths (the page's source line)."""
    ds = load_dataset(sample, region="pauh")
    root = next(iter(subset_runs.values())).parent
    folders = {str(root / "data" / subset) for subset in SUBSETS}
    names = {*ds.units["name"], *ds.positions["title"], REGION, *folders}
    return sorted((str(n) for n in names if isinstance(n, str)), key=len, reverse=True)


def test_every_notebook_runs_on_every_subset(subset_runs):
    for (subset, lang), folder in subset_runs.items():
        runs = json.loads((folder / "runs.json").read_text())["runs"]
        assert len(runs) == len(NOTEBOOKS), (subset, lang)
        assert {r["status"] for r in runs.values()} == {"ok"}, (subset, lang, runs)
        for path in pages(folder):
            text = path.read_text(encoding="utf-8")
            assert "Traceback" not in text, (subset, lang, path.name)


def test_what_is_missing_is_said_where_it_is_missing(subset_runs):
    """Each page of a subset that lacks a table the page uses says so in a sentence."""
    for (subset, lang), folder in subset_runs.items():
        for path in pages(folder):
            text = path.read_text(encoding="utf-8")
            if (subset, path.stem[:2]) in {("workforce", "01"), ("recruitment", "02")}:
                continue  # all the page needs (02 says in its summary that SKP is missing)
            assert 'class="report-missing"' in text, (subset, lang, path.name)


def test_each_subset_page_speaks_one_language(subset_runs, subset_names):
    problems = {}
    for (subset, lang), folder in subset_runs.items():
        for path in pages(folder):
            words = offending_words(" ".join(read(path).text), lang, subset_names)
            if words:
                problems[f"{subset} {lang}: {path.name}"] = sorted(words)
    assert problems == {}
