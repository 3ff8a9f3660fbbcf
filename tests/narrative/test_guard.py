"""narrative.guard: a section without its data shows one sentence naming what to add."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

from asnpolicy.insufficient import NotEnoughData
from asnpolicy.io import Dataset
from asnpolicy.narrative import guard

DS = Dataset(
    units=pd.DataFrame({"unit_id": ["u1", "u2"], "name": [None, None]}),
    skm=pd.DataFrame(columns=["unit_id"]),
)


def test_absent_and_empty_tables_and_empty_columns_are_missing():
    assert guard.missing_inputs(DS, ["units", "skm", "applicants"]) == ("skm", "applicants")
    assert guard.missing_inputs(DS, columns={"units": ["name", "unit_id"], "skm": ["x"]}) == (
        "units.name",
        "skm",
    )
    with pytest.raises(ValueError, match="Unknown table"):
        guard.missing_inputs(DS, ["no_such_table"])


def test_compute_returns_the_result_or_what_is_missing():
    assert guard.compute(DS, len, DS.units, needs=["units"]) == 2
    missing = guard.compute(DS, len, None, needs=["applicants"])
    assert not missing and missing.needs == ("applicants",)

    def short(ds):
        raise NotEnoughData("few", "too_few_recruits", needs=["performance"], n=3)

    missing = guard.compute(DS, short, DS)
    assert isinstance(missing, guard.Missing) and missing.code == "too_few_recruits"
    assert missing.needs == ("performance",) and missing.counts == {"n": 3}


def test_a_bug_is_not_taken_for_missing_data():
    def bug(ds):
        raise KeyError("year")

    with pytest.raises(KeyError):
        guard.compute(DS, bug, DS)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", "memerlukan tabel pelamar (lembar atau berkas 'pelamar') dan kolom"),
        ("en", "needs the applicants table (sheet or file 'applicants') and the column"),
    ],
)
def test_the_sentence_names_the_sheet_to_add(lang, expected):
    text = guard.Missing(("applicants", "positions.annual_cost")).sentence(lang)
    assert expected in text
    assert text.endswith(".")


def test_a_reason_without_inputs_has_a_sentence_too():
    assert "belum cukup" in guard.Missing(code="no_such_code_yet").sentence("id")
    assert "not enough" in guard.Missing(code="other").sentence("en")


def test_ready_shows_each_sentence_once_and_says_false():
    shown = []
    with mock.patch("IPython.display.display", lambda *o: shown.extend(o)):
        assert guard.ready(1, pd.DataFrame(), lang="id")
        assert not guard.ready(guard.Missing(("skm",)), guard.Missing(("skm",)), lang="id")
        assert not guard.needs(DS, "skm", lang="en")
    assert len(shown) == 2
    assert "report-missing" in shown[0].data and "SKM" in shown[0].data
    assert guard.present(1, "x") and not guard.present(1, None)
