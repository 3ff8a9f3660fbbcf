"""Every notebook on data shaped like the official exports a BKPSDM holds (issue 18): the
columns no export carries empty in every row, the SKB as its published total only, no panel
ratings, training, promotions or policy, a third of the survey dated by its year only.

Run through ``asnpolicy report`` (papermill) in both languages, for a region outside the
registry: no failed cell, no traceback; each section shows its result or the one sentence
that says what it would need; one language a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from partial_data import (  # tests/ is on sys.path
    EXPORT_ABSENT,
    EXPORT_BLANK,
    EXPORT_DROPPED,
    REGION,
    export_shaped_dataset,
)

from asnpolicy.io import load_dataset
from asnpolicy.synth import generate

from .helpers import NOTEBOOKS, report
from .test_pages import offending_words, pages, read

pytestmark = pytest.mark.slow

MISSING = 'class="report-missing"'
#: The sections (0-based, in page order) that say what they would need on these data; every
#: other section shows its result.
SAYS_MISSING = {
    "01_workforce_needs": {3},  # competency gaps: employees' assessed competency levels
    # registration modes (mode, dates, document errors); panel reliability (assessments);
    # fairness (gender, origin or registration mode)
    "02_selection_outcomes": {1, 2, 4},
    # later performance by registration mode (the panel types are shown); training
    "03_methods_performance_feedback": {1, 4},
    "04_region_comparison": set(),
}


@pytest.fixture(scope="module")
def export_data(tmp_path_factory) -> Path:
    sample = generate(regions=["pauh"], seed=2026)
    return export_shaped_dataset(sample).save(tmp_path_factory.mktemp("export") / "data")


@pytest.fixture(scope="module")
def export_runs(export_data) -> dict[str, Path]:
    """lang -> the output folder of one ``asnpolicy report`` over all notebooks."""
    out = {}
    for lang in ("id", "en"):
        folder = export_data.parent / f"reports-{lang}"
        done = report("--data", export_data, "--region", REGION, "--lang", lang, "--out", folder,
                      "--workers", 2, "-p", "n_boot=20")  # fmt: skip
        assert done.returncode == 0, f"{lang}: {done.stderr[-3000:]}"
        out[lang] = folder
    return out


def sections(path: Path) -> list[str]:
    """The HTML of each section of a page (from one ``<h2 id=...>`` to the next)."""
    html = path.read_text(encoding="utf-8")
    main = html[html.index("<main") :]
    return re.split(r'<h2 id="', main)[1:]


def test_the_data_are_export_shaped(export_data):
    ds = load_dataset(export_data)
    for table, columns in EXPORT_BLANK.items():
        frame = getattr(ds, table)
        assert frame[list(columns)].isna().all().all(), table
    for table, columns in EXPORT_DROPPED.items():
        assert getattr(ds, table)[list(columns)].isna().all().all(), table
    assert all(getattr(ds, t) is None for t in EXPORT_ABSENT)
    assert ds.applicants["skb_total"].notna().any()
    assert ds.skm["year_only"].any() and not ds.skm["year_only"].all()


def test_every_notebook_runs(export_runs):
    for lang, folder in export_runs.items():
        runs = json.loads((folder / "runs.json").read_text())["runs"]
        assert len(runs) == len(NOTEBOOKS), lang
        assert {r["status"] for r in runs.values()} == {"ok"}, (lang, runs)
        for path in pages(folder):
            assert "Traceback" not in path.read_text(encoding="utf-8"), (lang, path.name)


def test_each_section_shows_its_result_or_what_it_needs(export_runs):
    for lang, folder in export_runs.items():
        for path in pages(folder):
            parts = sections(path)
            assert parts, (lang, path.name)
            said = {i for i, part in enumerate(parts) if MISSING in part}
            assert said == SAYS_MISSING[path.stem], (lang, path.name, said)
            for i, part in enumerate(parts):
                body = re.sub(r"<[^>]+>", " ", part[part.index("</h2>") :])
                assert body.split(), (lang, path.name, i)  # never an empty section
                if i in said:
                    sentence = re.search(rf"<p {MISSING}>(.*?)</p>", part).group(1)
                    assert sentence.count(". ") <= 1, sentence  # one sentence, and the rest


def test_the_audit_uses_the_published_skb_total(export_runs):
    text = (export_runs["en"] / REGION / "02_selection_outcomes.html").read_text("utf-8")
    assert "the data hold only the published SKB total" in text


def test_each_page_speaks_one_language(export_runs, export_data):
    ds = load_dataset(export_data)
    names = {*ds.units["name"], *ds.positions["title"], REGION, str(export_data)}
    names = sorted((str(n) for n in names if isinstance(n, str)), key=len, reverse=True)
    problems = {}
    for lang, folder in export_runs.items():
        for path in pages(folder):
            words = offending_words(" ".join(read(path).text), lang, names)
            if words:
                problems[f"{lang}: {path.name}"] = sorted(words)
    assert problems == {}
