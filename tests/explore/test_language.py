"""The panels in Indonesian hold no English word, in English no Indonesian sentence; every
explore text exists in both languages (issue 19)."""

from __future__ import annotations

import re
from html import unescape

import ipywidgets as widgets
import pytest
from english import english_words  # tests/english.py

from asnpolicy.explore import Explorer
from asnpolicy.narrative.text import catalogue

from .conftest import STAGE_COSTS


def words_of(explorer: Explorer) -> str:
    """Every text a reader sees: views, control labels and options, titles, buttons."""
    parts = []
    stack = [explorer.widget]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.Box):
            stack.extend(w.children)
        if isinstance(w, widgets.Tab):
            parts.extend(w.titles)
        for attribute in ("value", "description", "_options_labels"):
            value = getattr(w, attribute, None)
            if isinstance(value, str) and not isinstance(w, widgets.Text):
                parts.append(value)
            elif isinstance(value, tuple):
                parts.extend(str(v) for v in value)
    text = re.sub(r"<style>.*?</style>", " ", "\n".join(parts), flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\([A-E]\)|mutu [A-D]\b", " ", text)  # grades (EJ, mutu) are codes
    return re.sub(r"asnpolicy report[^\n]*", " ", text)  # the command to run is code


@pytest.fixture(scope="module", params=["id", "en"])
def explorer(request, bangko):
    ex = Explorer(bangko, lang=request.param, stage_costs=STAGE_COSTS, n_boot=30)
    ex.selection.controls["extra_test"].value = "interview"
    ex.selection.controls["cat_weight"].value = 50
    ex.budget.controls["budget"].value = 20
    ex.remedial.controls["sample_rule"].value = "require"
    return ex


def test_no_english_word_on_an_indonesian_panel(explorer):
    text = words_of(explorer)
    if explorer.lang == "id":
        assert english_words(text) == set()
        assert "Di luar aturan" in text and "Kekurangan per unit setelah rencana" in text
    else:
        assert "Outside the rules" in text and "Gap by unit after the plan" in text
        assert "Dalam aturan" not in text and "Kekurangan" not in text


def test_every_explore_text_in_both_languages():
    keys = [k for k in catalogue() if k.startswith(("ex_", "explore_"))]
    assert len(keys) > 60
    for key in keys:
        entry = catalogue()[key]
        fields = [set(re.findall(r"\{(\w+)\}", entry[lang])) for lang in ("id", "en")]
        assert fields[0] == fields[1], key
        assert english_words(re.sub(r"\{[^}]*\}", " ", entry["id"])) == set(), key
