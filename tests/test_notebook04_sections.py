"""Notebook 04 (region comparison) section by section on partial data (issue 17, item 12):
its code cells run in this process (tests/notebook_cells.py) on two simulated regions with
each single table removed, and on the four smallest useful subsets of an off-registry region
(tests/partial_data.py, "kerinci"), in both languages. No cell fails; a block the data cannot
show says which tables it needs (and draws no empty figure); one region is said to be one
region, with what a comparison needs; the policy table says "tidak tercatat" and how to
record a policy; an Indonesian page names no table in English."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
from pathlib import Path
from unittest import mock

import pytest
from notebook_cells import run_cells, shown_text
from partial_data import REGION, SUBSETS, subset_dataset

from asnpolicy import compare
from asnpolicy.narrative import comparison
from asnpolicy.narrative.text import t
from asnpolicy.synth import generate

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_region_comparison.ipynb"

#: Every table notebook 04 reads (the scorecard's, the regions' names and kinds, the policies).
TABLES = ("regions", "units", "positions", "workload", "employees", "formasi", "applicants",
          "assessments", "performance", "skm", "training", "promotions",
          "region_policies")  # fmt: skip

#: English words that must not appear on an Indonesian page (tests/reports/test_pages.py has
#: the full list for rendered pages).
ENGLISH = re.compile(
    r"\b(the|and|of|with|needs|table|tables|workload|employees|applicants|performance|"
    r"training|promotions|region_policies|regions|units|positions)\b"
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.fixture(scope="module")
def sample():
    return generate(regions=["pauh", "bangko"], years=(2024,), scale=0.2)


class _Drawn:
    """What a stubbed figure function returns: its title."""

    def __init__(self, title: str):
        self.title = title

    def get_label(self) -> str:
        return self.title


def _stub_scorecard(card, ds, *, domain, lang="id", **_kw):
    if not (card["domain"] == domain).any():
        raise AssertionError(f"an empty {domain} figure was asked for")
    return _Drawn(t("cmp_fig_title", lang, domain=t(f"cmp_domain_{domain}", lang)))


def run(ds, region: str, lang: str, *, draw: bool = True) -> str:
    """The text of everything the notebook's code cells show on ``ds`` (loading patched to
    return it). Figures are shown as ``[figure: title]``, not rendered; with ``draw`` False
    they are not drawn either (plots.region_scorecard stubbed: a test of the sections, fast)."""

    def figure(fig, **_kw):
        return f"[figure: {fig.get_label()}]"

    cards = []
    real = compare.scorecard

    def scorecard(*args, **kwargs):
        cards.append(real(*args, **kwargs))
        return cards[-1]

    patches = [
        mock.patch("asnpolicy.load_dataset", lambda *_a, **_k: ds),
        mock.patch("asnpolicy.narrative.figure", figure),
        mock.patch("asnpolicy.compare.scorecard", scorecard),
    ]
    if not draw:
        patches.append(mock.patch("asnpolicy.plots.region_scorecard", _stub_scorecard))
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        shown = run_cells(NOTEBOOK, {"region": region, "lang": lang, "n_boot": 5})
    return Page(page_text(shown), cards[0])


class Page(str):
    """A page's text, with the scorecard it was built from (``card``)."""

    def __new__(cls, text: str, card):
        page = super().__new__(cls, text)
        page.card = card
        return page


def page_text(shown: list) -> str:
    """Markdown as written, tables as their HTML (shown_text gives a table's raw data),
    entities unescaped."""
    return html.unescape(
        "\n".join(o._repr_html_() if hasattr(o, "_repr_html_") else shown_text([o]) for o in shown)
    )


def prose(text: str) -> str:
    """The words a reader meets: tags, figure markers and file names taken out."""
    text = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("data/README.md", " ")


def missing_sentence(card, domain: str, lang: str) -> str:
    return comparison.domain_missing(card, domain, lang=lang)


@pytest.fixture(scope="module")
def without(sample) -> dict[str, Page]:
    """table -> the id page with that one table removed."""
    return {
        table: run(dataclasses.replace(sample, **{table: None}), "pauh", "id", draw=False)
        for table in TABLES
    }


@pytest.mark.parametrize("table", TABLES)
def test_each_table_removed(without, table):
    text = without[table]
    card = text.card
    assert "Traceback" not in text
    for domain in compare.DOMAINS:
        sentence = missing_sentence(card, domain, "id")
        title = t("cmp_fig_title", "id", domain=t(f"cmp_domain_{domain}", "id"))
        if sentence is None:
            assert f"[figure: {title}]" in text, (table, domain)
        else:  # its sentence, and no empty figure
            assert sentence in text and 'class="report-missing"' in text, (table, domain)
            assert f"[figure: {title}]" not in text, (table, domain)
    body = prose(text)
    assert not ENGLISH.search(body.split("## Catatan metodologi")[0]), ENGLISH.search(body)


def test_a_removed_table_is_named_in_the_pages_words(without):
    text = without["skm"]
    assert "survei kepuasan masyarakat (SKM)" in text and "'skm'" in text
    text = without["workload"]
    assert "analisis beban kerja" in text and "'abk'" in text
    assert "Kebutuhan pegawai" in text  # the section title stays, with its sentence under it


def test_without_policies_the_registry_speaks(without):
    text = without["region_policies"]
    assert t("cmp_policy_source_registry", "id") in text


@pytest.fixture(scope="module")
def kerinci(sample) -> dict[tuple[str, str], str]:
    """(subset, lang) -> the page's text for the off-registry region with that subset."""
    return {
        (subset, lang): run(subset_dataset(sample, subset), REGION, lang)
        for subset in SUBSETS
        for lang in ("id", "en")
    }


@pytest.mark.parametrize("subset", list(SUBSETS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_region_page(kerinci, subset, lang):
    text = kerinci[subset, lang]
    assert 'class="report-missing"' in text  # every subset lacks something
    title = text.splitlines()[0]
    assert title.endswith(t("cmp_one_region", lang, region=REGION))
    assert "dibandingkan dengan" not in text and " beside " not in text
    # one region: what a comparison needs, and no rank
    note = t("cmp_one_region_note", lang, region=REGION, sheet="x").split(REGION)[0]
    assert note in text
    assert t("cmp_pos_alone", lang) not in text
    # the policy: not recorded, and how to record it
    assert t("cmp_policy_source_none", lang) in text
    assert "'kebijakan'" in text
    body = prose(text).split("## Catatan metodologi")[0].split("## Methods note")[0]
    assert not SNAKE.findall(body), SNAKE.findall(body)
    if lang == "id":
        assert not ENGLISH.search(body), ENGLISH.search(body)


def test_figures_only_for_blocks_with_values(kerinci):
    text = kerinci["skm", "id"]
    assert text.count("[figure:") == 1  # the IKM: outcomes only
    assert "Tidak ada data untuk bagian ini" not in text


def test_summary_says_which_parts_the_data_do_not_support(kerinci):
    text = kerinci["recruitment", "id"]
    parts = t("cmp_summary_missing_parts", "id", parts="X").split("X")[0]
    assert parts in text and "kebutuhan pegawai" in text


def test_data_without_any_region(sample):
    """A survey alone (no units): nothing to place it in a region; every part says what it
    needs, the policy part the units table."""
    ds = dataclasses.replace(subset_dataset(sample, "skm"), units=None)
    text = run(ds, REGION, "en", draw=False)
    assert text.splitlines()[0].endswith(t("cmp_no_region", "en"))
    assert "[figure:" not in text
    assert "the units table (sheet or file 'units')" in text
