"""Results kept with a dataset (``Dataset.remembered``, ``Dataset.region_of``): computed once
while the tables stay the same frames, again when one is replaced, and never changed by what a
caller does with the copy it gets."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy import validity
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def base():
    return generate(regions=["bangko", "pauh"], seed=7)


@pytest.fixture
def ds(base):
    """The same tables in a dataset of its own (nothing kept yet)."""
    return dataclasses.replace(base)


def counting(monkeypatch) -> list:
    """Count the computations of the validity bootstrap."""
    calls: list = []
    real = validity._method_validity

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(validity, "_method_validity", counted)
    return calls


class TestRemembered:
    def test_computed_once_while_the_tables_stay(self, ds):
        calls = []
        first = ds.remembered("k", lambda: calls.append(1) or pd.DataFrame({"x": [1, 2]}))
        again = ds.remembered("k", lambda: calls.append(1) or pd.DataFrame({"x": [9]}))
        assert calls == [1]
        pd.testing.assert_frame_equal(first, again)

    def test_computed_again_when_a_table_is_replaced(self, ds):
        ds.remembered("k", lambda: pd.DataFrame({"x": [1]}))
        ds.units = ds.units.copy()
        assert ds.remembered("k", lambda: pd.DataFrame({"x": [2]}))["x"].tolist() == [2]

    def test_a_change_to_the_copy_does_not_reach_the_next_caller(self, ds):
        got = ds.remembered("k", lambda: pd.DataFrame({"x": [1, 2]}, dtype="int64"))
        got["x"] = 0
        got.loc[0, "x"] = 5
        got.attrs["changed"] = True
        again = ds.remembered("k", lambda: pd.DataFrame({"x": [7]}))
        assert again["x"].tolist() == [1, 2] and "changed" not in again.attrs

    def test_an_error_is_raised_and_nothing_kept(self, ds):
        def fails():
            raise ValueError("no")

        with pytest.raises(ValueError, match="no"):
            ds.remembered("k", fails)
        assert ds.remembered("k", lambda: pd.DataFrame({"x": [3]}))["x"].tolist() == [3]

    def test_a_derived_dataset_keeps_nothing(self, ds):
        ds.remembered("k", lambda: pd.DataFrame({"x": [1]}))
        part = ds.for_region("pauh")
        assert part.remembered("k", lambda: pd.DataFrame({"x": [2]}))["x"].tolist() == [2]


class TestValidityComputedOnce:
    def test_the_scorecard_reuses_the_analysts_validity(self, ds, monkeypatch):
        calls = counting(monkeypatch)
        alone = validity.method_validity(ds, n_boot=20)
        card = ap.compare.scorecard(ds, n_boot=20)
        assert len(calls) == 1
        rows = card[card["indicator"].str.startswith("validity_")]
        assert len(rows) and rows["value"].notna().any()
        # the same numbers as computed afresh on a new dataset
        fresh = validity.method_validity(dataclasses.replace(ds), n_boot=20)
        pd.testing.assert_frame_equal(alone, fresh)

    @pytest.mark.parametrize(
        "other", [{"n_boot": 21}, {"seed": 1}, {"confidence": 0.9}, {"correct": "case2"},
                  {"predictors": ("twk", "tiu")}, {"criterion": "peer"}]
    )  # fmt: skip
    def test_other_arguments_compute_again(self, ds, monkeypatch, other):
        calls = counting(monkeypatch)
        validity.method_validity(ds, n_boot=20)
        validity.method_validity(ds, **{"n_boot": 20, **other})
        assert len(calls) == 2

    def test_a_replaced_table_computes_again(self, ds, monkeypatch):
        calls = counting(monkeypatch)
        first = validity.method_validity(ds, n_boot=20)
        ds.performance = ds.performance.copy()
        second = validity.method_validity(ds, n_boot=20)
        assert len(calls) == 2
        pd.testing.assert_frame_equal(first, second)


class TestRegionOfKept:
    def test_a_child_table_is_joined_once(self, ds, monkeypatch):
        """assessments reach their region through applicants and formasi: joined once, then
        kept."""
        from asnpolicy import keys

        calls = []
        real = keys.lookup

        def counted(*args, **kwargs):
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(keys, "lookup", counted)
        first = ds.region_of("assessments")  # through applicants and formasi: two joins
        assert len(calls) == 2
        pd.testing.assert_series_equal(ds.region_of("assessments"), first)
        ds.region_of("applicants")
        assert len(calls) == 2

    def test_the_same_values_and_a_change_does_not_reach_the_next_caller(self, ds):
        first = ds.region_of("performance")
        expected = first.copy(deep=True)
        first.iloc[0] = "elsewhere"
        pd.testing.assert_series_equal(ds.region_of("performance"), expected)

    def test_a_replaced_parent_is_followed(self, ds):
        ds.region_of("performance")
        ds.employees = ds.employees.assign(region_id="pauh")
        assert set(ds.region_of("performance").dropna()) == {"pauh"}
