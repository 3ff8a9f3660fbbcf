"""Loading with ``on_error="quarantine"``: rows with problems are left out, with their children,
and listed on ``Dataset.rejected``; rules of severity ``warning`` keep the row and note it on
``Dataset.warnings`` (issue 18: one bad row out of 5,000 no longer rejects everything)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import tiny_tables  # tests/ is on sys.path

import asnpolicy as ap
from asnpolicy.errors import PROBLEM_COLUMNS

EXE = Path(sys.executable).with_name("asnpolicy")


def many_skm(n: int = 300) -> pd.DataFrame:
    """``n`` valid survey responses of one unit."""
    return pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(n)],
            "unit_id": "bgk-dinkes",
            "survey_date": pd.Timestamp("2025-03-01"),
            **{f"u{i}": 3 for i in range(1, 10)},
        }
    )


def off_matrix(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """e1's 2025 rating 'Sangat Baik' where the matrix says 'Baik' (as_expected, as_expected):
    the quadrant a third-party app computes (real-exports.md A4)."""
    tables["performance"].loc[0, "skp_rating"] = "Sangat Baik"
    return tables


class TestQuarantine:
    def test_one_bad_row_out_of_many_is_left_out_and_the_rest_load(self, tmp_path):
        tables = tiny_tables()
        skm = many_skm()
        skm["u3"] = skm["u3"].astype(object)
        skm.loc[137, "u3"] = 9  # outside 1-4
        tables["skm"] = skm
        folder = ap.Dataset(**{k: v for k, v in tables.items() if k != "skm"}).save(tmp_path / "d")
        skm.to_csv(folder / "skm.csv", index=False)
        with pytest.raises(ap.DataError):  # strict stays the default
            ap.load_dataset(folder)
        ds = ap.load_dataset(folder, on_error="quarantine")
        assert len(ds.skm) == len(skm) - 1
        assert "r137" not in set(ds.skm["response_id"])
        assert ds.skm["u3"].dtype == "int64"  # the schema's dtype again, the bad cell gone
        rejected = ds.rejected
        assert list(rejected.columns) == list(PROBLEM_COLUMNS)
        assert len(rejected) == 1
        row = rejected.iloc[0]
        assert (row["table"], row["column"], int(row["row"])) == ("skm", "u3", 137 + 2)
        assert row["file"].endswith("skm.csv")
        assert row["rule"] == "must be at most 4"
        # nothing else lost
        for name in ("units", "positions", "employees", "applicants"):
            assert len(getattr(ds, name)) == len(tables[name]), name

    def test_a_child_of_a_row_left_out_is_left_out_too(self):
        tables = tiny_tables()
        tables["units"].loc[2, "sector"] = "perikanan laut"  # pau-kec: not a sector
        ds = ap.from_tables(tables, on_error="quarantine")
        assert "pau-kec" not in set(ds.units["unit_id"])
        # the unit's position, then everything hanging from it, follow it out
        assert set(ds.positions["position_id"]) == {"p1", "p2"}
        assert set(ds.employees["employee_id"]) == {"e1", "e2"}
        assert set(ds.formasi["formasi_id"]) == {"f1"}
        assert set(ds.applicants["applicant_id"]) == {"a1", "a2"}
        assert set(ds.assessments["applicant_id"]) == {"a1"}
        assert set(ds.skm["unit_id"]) == {"bgk-dinkes"}
        by_table = ds.rejected.groupby("table")["rule"].agg(list)
        assert by_table["units"][0].startswith("must be one of")
        assert by_table["positions"] == ["must exist in units.unit_id"]
        assert by_table["employees"] == ["must exist in units.unit_id"]
        assert "must exist in positions.position_id" in by_table["formasi"]
        assert by_table["regions"][0].startswith("region has no units")  # pauh: none left
        assert by_table["assessments"] == ["must exist in applicants.applicant_id"]
        # the rows a reader finds in the tables (from_tables: the first row is row 1)
        positions = ds.rejected[ds.rejected["table"] == "positions"]
        assert positions["row"].tolist() == [3]

    def test_same_data_without_problems_load_the_same_either_way(self):
        strict = ap.from_tables(tiny_tables())
        lenient = ap.from_tables(tiny_tables(), on_error="quarantine")
        assert lenient.content_hash() == strict.content_hash()
        assert lenient.rejected.empty and strict.rejected.empty

    def test_a_missing_required_column_still_raises(self):
        tables = tiny_tables()
        tables["employees"] = tables["employees"].drop(columns=["birth_year"])
        tables["skm"].loc[0, "u1"] = 7
        with pytest.raises(ap.DataError) as caught:
            ap.from_tables(tables, on_error="quarantine")
        problems = caught.value.problems
        assert problems["rule"].tolist() == ["required column is missing"]

    def test_an_unknown_choice_is_refused(self):
        with pytest.raises(ValueError, match="on_error must be one of raise, quarantine"):
            ap.from_tables(tiny_tables(), on_error="skip")

    def test_rejected_never_echoes_a_bare_nip(self):
        tables = tiny_tables()
        tables["employees"].loc[1, "employee_id"] = "197401152000031002"  # NIP-shaped
        ds = ap.from_tables(tables, on_error="quarantine")
        assert "197401152000031002" not in ds.rejected.to_csv()
        assert "e2" not in set(ds.employees["employee_id"])


class TestWarnings:
    def test_an_skp_rating_off_the_matrix_loads_as_recorded_and_is_noted(self):
        ds = ap.from_tables(off_matrix(tiny_tables()))
        assert ds.performance.loc[0, "skp_rating"] == "Sangat Baik"
        assert len(ds.warnings) == 1
        note = ds.warnings.iloc[0]
        assert note["table"] == "performance"
        assert note["column"] == "work_result, behaviour, skp_rating"
        assert int(note["row"]) == 1
        assert "kept as recorded" in note["rule"]
        assert note["value"] == "as_expected, as_expected, Sangat Baik"

    def test_warnings_of_a_row_left_out_are_dropped_with_it(self):
        tables = off_matrix(tiny_tables())
        tables["performance"].loc[0, "year"] = 1800  # and a real problem in the same row
        ds = ap.from_tables(tables, on_error="quarantine")
        assert ds.warnings.empty
        assert ds.rejected["table"].tolist() == ["performance"]

    def test_warnings_follow_the_dataset_to_one_region(self):
        ds = ap.from_tables(off_matrix(tiny_tables()))
        assert len(ds.for_region("bangko").warnings) == 1

    def test_validate_prints_the_notes_and_exits_0(self, tmp_path):
        folder = ap.from_tables(off_matrix(tiny_tables())).save(tmp_path / "d")
        done = subprocess.run(
            [str(EXE), "validate", str(folder)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "notes on 1 row kept as recorded (not errors):" in done.stdout
        assert "performance.csv (table performance), row 2" in done.stdout
        assert "PermenPANRB 6/2022 matrix" in done.stdout
