"""The validated snapshot partitioned by region (asnpolicy.snapshot, issue 20): written by
``Dataset.save(..., partition_by="region_id")``, read one region at a time by ``load_dataset``
without validating again, validated again when a file changed; the scorecard stored in it for
notebook 04 and the pooled comparison of panels for notebook 03."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from notebook_cells import run_cells, shown_text

import asnpolicy.io as io_module
from asnpolicy import DataError, Dataset, compare, from_tables, load_dataset
from asnpolicy.narrative import guard, pooled
from asnpolicy.reports.plan import (
    notebooks_dir,
    parameter_defaults,
    uses_stored_pooled_panels,
    uses_stored_scorecard,
)
from asnpolicy.snapshot import is_snapshot, partition_name
from asnpolicy.synth import generate

REGIONS = ["pauh", "bangko", "batanghari"]


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Dataset:
    """Three simulated regions saved as Parquet and loaded (validated) from there."""
    folder = tmp_path_factory.mktemp("original") / "data"
    generate(regions=REGIONS, years=(2024,), scale=0.3).save(folder, format="parquet")
    return load_dataset(folder)


@pytest.fixture(scope="module")
def snap(original, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("snapshot") / "snap"
    return original.save(folder, format="parquet", partition_by="region_id")


@pytest.fixture
def copy(snap, tmp_path) -> Path:
    """A copy of the snapshot to change."""
    return Path(shutil.copytree(snap, tmp_path / "snap"))


def record(folder: Path) -> dict:
    return json.loads((folder / "provenance.json").read_text(encoding="utf-8"))


def assert_same(got: Dataset, want: Dataset) -> None:
    """The same tables, frame by frame (dtypes and order included), and the same hash."""
    assert list(got.tables()) == list(want.tables())
    for name, frame in want.tables().items():
        pd.testing.assert_frame_equal(got.tables()[name], frame, check_exact=True, obj=name)
    assert got.content_hash() == want.content_hash()


class TestSave:
    def test_one_parquet_dataset_per_table_partitioned_by_region(self, original, snap):
        for name in original.tables():
            folders = sorted(p.name for p in (snap / name).iterdir() if p.is_dir())
            assert folders == sorted(f"region_id={r}" for r in REGIONS), name
        # hive partitioning: pyarrow reads the region from the folder names
        units = pads.dataset(snap / "units", partitioning="hive").to_table().to_pandas()
        assert sorted(units["region_id"].astype(str).unique()) == sorted(REGIONS)
        assert len(units) == len(original.units)
        # a table without region_id gets it on disk through its parents
        skm = pads.dataset(snap / "skm", partitioning="hive").to_table().to_pandas()
        pauh_units = original.for_region("pauh").units["unit_id"]
        pauh = skm[skm["region_id"].astype(str) == "pauh"]
        assert len(pauh) and pauh["unit_id"].isin(pauh_units).all()

    def test_provenance_records_validation_and_hashes(self, original, snap):
        got = record(snap)
        assert got["partitioned_by"] == "region_id" and got["validated"] is True
        assert got["content_hash"] == original.content_hash()
        assert got["region_hashes"] == {r: original.for_region(r).content_hash() for r in REGIONS}
        assert got["regions"] == original.region_ids()
        assert got["source"] == original.source and got["synthetic"] is True
        assert got["dataset_provenance"] == original.provenance

    def test_validated_only_from_validation(self, original, tmp_path):
        assert original.validated and original.for_region("pauh").validated
        by_hand = Dataset(**original.tables())
        assert not by_hand.validated
        replaced = original.for_region("pauh")
        replaced.units = replaced.units.copy()
        assert not replaced.validated
        assert not original.for_years(2024).validated
        out = by_hand.save(tmp_path / "snap", format="parquet", partition_by="region_id")
        assert record(out)["validated"] is False

    @pytest.mark.parametrize(
        ("format", "by", "said"),
        [
            ("csv", "region_id", "partition_by needs format='parquet'"),
            ("xlsx", "region_id", "partition_by needs format='parquet'"),
            ("parquet", "unit_id", "partitioned by 'region_id' only"),
        ],
    )
    def test_partition_by_errors(self, original, tmp_path, format, by, said):
        with pytest.raises(ValueError, match=said):
            original.save(tmp_path / "out", format=format, partition_by=by)
        assert not (tmp_path / "out").exists()

    def test_a_row_without_region_is_refused(self, original, tmp_path):
        skm = original.skm.copy()
        skm.loc[:2, "unit_id"] = "no-such-unit"
        broken = Dataset(**{**original.tables(), "skm": skm})
        with pytest.raises(ValueError, match="3 row\\(s\\) of the table skm reach no region"):
            broken.save(tmp_path / "out", format="parquet", partition_by="region_id")
        assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []

    def test_refuses_a_folder_of_other_files_and_replaces_a_snapshot(self, original, tmp_path):
        other = tmp_path / "other"
        other.mkdir()
        (other / "notes.txt").write_text("mine")
        with pytest.raises(FileExistsError, match="not empty and is not a snapshot"):
            original.save(other, format="parquet", partition_by="region_id")
        assert [p.name for p in other.iterdir()] == ["notes.txt"]
        target = tmp_path / "snap"
        original.save(target, format="parquet", partition_by="region_id")
        pauh = original.for_region("pauh")
        pauh.save(target, format="parquet", partition_by="region_id")
        assert record(target)["regions"] == ["pauh"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "snap"]  # no staging left

    def test_a_table_without_its_parents_is_written_whole(self, original, tmp_path):
        tables = {k: v for k, v in original.tables().items() if k not in ("units", "regions")}
        tables.pop("skm")  # its unit would be absent as well
        partial = from_tables(tables)
        out = partial.save(tmp_path / "snap", format="parquet", partition_by="region_id")
        info = record(out)["tables"]
        assert info["positions"]["layout"] == "whole" and info["workload"]["layout"] == "whole"
        assert info["employees"]["layout"] == "partitioned"
        for region in partial.region_ids():
            assert_same(load_dataset(out, region=region), partial.for_region(region))


class TestLoadRegion:
    @pytest.mark.parametrize("region", REGIONS)
    def test_equals_for_region(self, original, snap, region):
        got = load_dataset(snap, region=region)
        want = original.for_region(region)
        assert_same(got, want)
        assert got.content_hash() == record(snap)["region_hashes"][region]
        assert got.source == want.source and got.synthetic == want.synthetic
        assert got.provenance == want.provenance
        pd.testing.assert_frame_equal(got.warnings, want.warnings)
        assert got.validated

    def test_every_region_without_region(self, original, snap):
        assert_same(load_dataset(snap), original)

    def test_region_is_matched_as_load_dataset_matches_it(self, original, snap):
        assert_same(load_dataset(snap, region=" Pauh "), original.for_region("pauh"))

    def test_not_validated_again(self, snap, monkeypatch):
        def fail(*_a, **_k):
            raise AssertionError("validated again")

        monkeypatch.setattr(io_module, "validate_table", fail)
        monkeypatch.setattr(io_module, "_validated", fail)
        assert len(load_dataset(snap, region="pauh").employees)
        assert len(load_dataset(snap).employees)

    def test_unknown_region_says_the_regions_present(self, original, snap):
        with pytest.raises(ValueError) as want:
            load_dataset(Path(original.source), region="kerinci")
        with pytest.raises(ValueError) as got:
            load_dataset(snap, region="kerinci")
        assert str(got.value) == str(want.value)
        assert "regions present: bangko, batanghari, pauh" in str(got.value)

    def test_skipped_checks_as_the_original(self, original, snap):
        want, got = [], []
        load_dataset(Path(original.source), skipped=want)
        load_dataset(snap, region="pauh", skipped=got)
        assert got == want

    def test_only_some_tables(self, original, snap):
        got = load_dataset(snap, region="pauh", tables=["regions", "region_policies"])
        assert list(got.tables()) == ["regions", "region_policies"]
        want = original.for_region("pauh")
        pd.testing.assert_frame_equal(got.regions, want.regions)
        pd.testing.assert_frame_equal(got.region_policies, want.region_policies)
        with pytest.raises(ValueError, match="Unknown table"):
            load_dataset(snap, tables=["pegawai"])

    def test_ordinary_folders_take_tables_too(self, original):
        got = load_dataset(Path(original.source), region="bangko", tables=["units"])
        assert list(got.tables()) == ["units"] and got.validated
        pd.testing.assert_frame_equal(got.units, original.for_region("bangko").units)


class TestChangedFiles:
    def test_a_changed_file_is_validated_again(self, copy, monkeypatch):
        file = copy / "skm" / partition_name("pauh") / "part-0.parquet"
        table = pq.read_table(file)
        frame = table.to_pandas()
        frame.loc[0, "u1"] = 1 if frame.loc[0, "u1"] != 1 else 2  # still a valid answer
        pq.write_table(
            table.from_pandas(frame, preserve_index=False).replace_schema_metadata(
                table.schema.metadata
            ),
            file,
        )
        calls = []
        real = io_module.validate_table
        monkeypatch.setattr(
            io_module, "validate_table", lambda *a, **k: calls.append(a[0]) or real(*a, **k)
        )
        got = load_dataset(copy, region="pauh")
        assert "skm" in calls and got.skm.loc[0, "u1"] == frame.loc[0, "u1"]
        calls.clear()
        load_dataset(copy, region="bangko")  # another region's files did not change
        assert calls == []

    def test_a_bad_value_names_file_row_column_and_rule(self, copy):
        file = copy / "skm" / partition_name("bangko") / "part-0.parquet"
        table = pq.read_table(file)
        frame = table.to_pandas()
        frame.loc[3, "u1"] = 7
        pq.write_table(table.from_pandas(frame, preserve_index=False), file)
        with pytest.raises(DataError) as err:
            load_dataset(copy, region="bangko")
        problems = err.value.problems
        assert problems["file"].tolist() == [str(file)]
        assert problems["row"].tolist() == [4] and problems["column"].tolist() == ["u1"]
        assert problems["table"].tolist() == ["skm"] and "u1" in str(err.value)
        load_dataset(copy, region="pauh")  # the other regions still load

    def test_a_damaged_file_or_record_is_a_data_error(self, copy):
        (copy / "units" / partition_name("pauh") / "part-0.parquet").write_bytes(b"not parquet")
        with pytest.raises(DataError, match="cannot be read as a snapshot's Parquet files"):
            load_dataset(copy, region="pauh")
        changed = record(copy) | {"tables": []}
        (copy / "provenance.json").write_text(json.dumps(changed), encoding="utf-8")
        with pytest.raises(DataError, match="field tables is missing or not a dict"):
            load_dataset(copy, region="bangko")

    def test_not_validated_is_validated(self, original, tmp_path, monkeypatch):
        out = Dataset(**original.tables()).save(
            tmp_path / "snap", format="parquet", partition_by="region_id"
        )
        calls = []
        real = io_module.validate_table
        monkeypatch.setattr(
            io_module, "validate_table", lambda *a, **k: calls.append(a[0]) or real(*a, **k)
        )
        assert_same(load_dataset(out, region="pauh"), original.for_region("pauh"))
        assert "employees" in calls


class TestProblems:
    def test_warnings_are_kept(self, original, tmp_path):
        tables = original.tables()
        performance = tables["performance"].copy()
        first = performance.index[:4]
        performance.loc[first, "skp_rating"] = "Sangat Kurang"
        warned = from_tables({**tables, "performance": performance}, source="memory")
        assert len(warned.warnings)
        out = warned.save(tmp_path / "snap", format="parquet", partition_by="region_id")
        for region in warned.region_ids():
            got = load_dataset(out, region=region)
            pd.testing.assert_frame_equal(got.warnings, warned.for_region(region).warnings)

    def test_rows_left_out_are_kept_with_their_values(self, original, tmp_path):
        folder = tmp_path / "data"
        Dataset(**original.tables()).save(folder, format="csv")
        skm = pd.read_csv(folder / "skm.csv", dtype=str)
        skm.loc[2, "u1"], skm.loc[5, "u2"] = "9", "x"  # read as a number and as text
        skm.to_csv(folder / "skm.csv", index=False)
        quarantined = load_dataset(folder, on_error="quarantine")
        assert {type(v) for v in quarantined.rejected["value"]} == {int, str}
        out = quarantined.save(tmp_path / "snap", format="parquet", partition_by="region_id")
        for region in quarantined.region_ids():
            got, want = load_dataset(out, region=region), quarantined.for_region(region)
            assert_same(got, want)
            pd.testing.assert_frame_equal(got.rejected, want.rejected)
            assert [type(v) for v in got.rejected["value"]] == [int, str]


@pytest.fixture(scope="module")
def card(original):
    return compare.scorecard(original.for_years(2024), n_boot=10, small_cell_min=3)


class TestStoredScorecard:
    def test_round_trip_with_attrs(self, original, copy, card):
        compare.store_scorecard(
            copy,
            card,
            years=2024,
            n_boot=10,
            small_cell_min=3,
            content_hash=original.for_years(2024).content_hash(),
        )
        got = compare.stored_scorecard(copy, years=[2024], n_boot=10, small_cell_min=3)
        pd.testing.assert_frame_equal(got, card, check_exact=True)
        assert got.attrs == card.attrs
        assert got.attrs["needs"] == card.attrs["needs"]  # tuples stay tuples
        for other in (
            {"years": None, "n_boot": 10, "small_cell_min": 3},
            {"years": 2024, "n_boot": 20, "small_cell_min": 3},
            {"years": 2024, "n_boot": 10, "small_cell_min": 5},
        ):
            assert compare.stored_scorecard(copy, **other) is None

    def test_none_without_a_snapshot_or_for_other_data(self, original, copy, card):
        assert compare.stored_scorecard(Path(original.source), n_boot=10) is None
        compare.store_scorecard(copy, card, n_boot=10, small_cell_min=3, content_hash="x")
        assert compare.stored_scorecard(copy, n_boot=10, small_cell_min=3) is not None
        changed = record(copy) | {"content_hash": "0" * 16}
        (copy / "provenance.json").write_text(json.dumps(changed), encoding="utf-8")
        assert compare.stored_scorecard(copy, n_boot=10, small_cell_min=3) is None

    def test_the_page_reads_few_tables_under_the_data_hash(self, original, copy, card):
        compare.store_scorecard(
            copy,
            card,
            years=2024,
            n_boot=10,
            small_cell_min=3,
            content_hash=original.for_years(2024).content_hash(),
        )
        page = compare.comparison_dataset(copy, years=2024, n_boot=10, small_cell_min=3)
        assert list(page.tables()) == ["regions", "region_policies"]
        assert page.content_hash() == original.for_years(2024).content_hash()
        assert page.region_ids() == original.region_ids()
        assert page.source == original.source and page.synthetic
        whole = compare.comparison_dataset(copy, years=2023, n_boot=10, small_cell_min=3)
        assert_same(whole, original.for_years(2023))


class TestNotebook04:
    NOTEBOOK = notebooks_dir() / "04_region_comparison.ipynb"

    def test_marked_for_the_runner(self):
        assert uses_stored_scorecard(self.NOTEBOOK)
        defaults = parameter_defaults(self.NOTEBOOK)
        assert defaults["years"] is None and defaults["n_boot"] == 200

    def test_reads_the_stored_card(self, original, copy, monkeypatch):
        card = compare.scorecard(original, n_boot=5, small_cell_min=5)
        card.loc[card["indicator"] == "shortage_rate", "value"] = 0.987654  # a mark
        compare.store_scorecard(
            copy, card, n_boot=5, small_cell_min=5, content_hash=original.content_hash()
        )

        def fail(*_a, **_k):
            raise AssertionError("the scorecard was computed again")

        monkeypatch.setattr(compare, "scorecard", fail)
        params = {"data_dir": str(copy), "region": "pauh", "lang": "en", "n_boot": 5}
        text = shown_text(run_cells(self.NOTEBOOK, params))
        assert "a gross shortage rate of 98.8 % of the ABK requirement" in text
        assert original.content_hash() in text


def test_partition_names_are_safe_and_distinct():
    names = [partition_name(r) for r in ("pauh", "Pauh", "a/../b", "..", "x" * 400, "é")]
    assert len(set(names)) == len(names) and len({n.casefold() for n in names}) == len(names)
    assert all("/" not in n and len(n.encode()) < 255 for n in names)
    assert names[3] == "region_id=.." and np.all([n.startswith("region_id=") for n in names])


def test_is_snapshot(original, snap):
    assert is_snapshot(snap) and not is_snapshot(Path(original.source))


class TestPooledPanels:
    """Notebook 03's comparison of panels pooled across regions, stored once by the runner so
    that a region's page reads its region only (asnpolicy.narrative.pooled)."""

    @staticmethod
    def assert_same_result(got, want) -> None:
        if isinstance(want, guard.Missing):
            assert got == want
            return
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert got.attrs == want.attrs

    def test_read_back_equal_to_computed(self, original, copy):
        want = pooled.compute_panels(original.for_years(2024), small_cell_min=3)
        described = original.for_years(2024).content_hash()
        assert pooled.store_panels(
            copy, original.for_years(2024), years=[2024], small_cell_min=3, content_hash=described
        )
        got = pooled.panels(copy, years=2024, small_cell_min=3)
        assert got.stored
        self.assert_same_result(got.used, want[0])
        self.assert_same_result(got.effects, want[1])
        assert got.names == want[2] == {r: original.region_name(r) for r in REGIONS}
        assert got.everyone.content_hash() == described
        assert got.everyone.tables() == {} and got.everyone.synthetic
        assert_same(pooled.region_data(got, "pauh"), original.for_years(2024).for_region("pauh"))

    def test_a_comparison_read_back_equal(self, tmp_path):
        data = generate(years=(2019, 2023), scale=0.3)  # four regions: methods to compare
        want = pooled.compute_panels(data, small_cell_min=3)
        assert len(want[1]) >= 2 and want[1].attrs["regions"] == sorted(data.region_ids())
        folder = data.save(tmp_path / "snap", format="parquet", partition_by="region_id")
        pooled.store_panels(folder, data, small_cell_min=3, content_hash=data.content_hash())
        got = pooled.panels(folder, small_cell_min=3)
        assert got.stored
        self.assert_same_result(got.effects, want[1])
        self.assert_same_result(got.used, want[0])

    def test_missing_results_read_back_as_missing(self, original, copy):
        part = Dataset(**{**original.tables(), "performance": None}, **original._about())
        pooled.store_panels(copy, part, small_cell_min=5, content_hash=part.content_hash())
        got = pooled.panels(copy, small_cell_min=5)
        assert got.stored and isinstance(got.used, pd.DataFrame)
        assert got.effects == guard.Missing(("performance",))

    def test_other_parameters_compute_from_every_region(self, original, copy):
        pooled.store_panels(copy, original, small_cell_min=5, content_hash="x")
        for params in ({"small_cell_min": 3}, {"years": 2024}):
            got = pooled.panels(copy, **params)
            assert not got.stored
            assert_same(got.everyone, original.for_years(params.get("years")))
        # an ordinary data folder (JupyterLab): computed, the region cut from every region
        got = pooled.panels(original.source, small_cell_min=5)
        assert not got.stored
        assert_same(pooled.region_data(got, "bangko"), original.for_region("bangko"))

    def test_stale_results_are_not_read(self, original, copy, monkeypatch):
        pooled.store_panels(copy, original, content_hash=original.content_hash())
        assert pooled.panels(copy).stored
        monkeypatch.setattr(pooled, "package_version", lambda: "0.0.0-other")
        assert not pooled.panels(copy).stored


class TestNotebook03:
    NOTEBOOK = notebooks_dir() / "03_methods_performance_feedback.ipynb"

    def test_marked_for_the_runner(self):
        assert uses_stored_pooled_panels(self.NOTEBOOK)
        assert not uses_stored_scorecard(self.NOTEBOOK)

    def test_reads_its_region_and_the_stored_comparison(self, original, copy, monkeypatch):
        pooled.store_panels(copy, original, content_hash=original.content_hash())
        reads: list[dict] = []
        load = pooled.load_dataset

        def recorded(*args, **kwargs):
            reads.append(kwargs)
            return load(*args, **kwargs)

        def fail(*_a, **_k):
            raise AssertionError("the pooled comparison was computed again")

        monkeypatch.setattr(pooled, "load_dataset", recorded)
        monkeypatch.setattr(pooled, "compute_panels", fail)
        params = {"data_dir": str(copy), "region": "pauh", "lang": "en", "n_boot": 5}
        text = shown_text(run_cells(self.NOTEBOOK, params))
        assert reads == [{"tables": []}, {"region": "pauh"}]
        assert original.content_hash() in text  # the pooled figure's provenance
        assert original.for_region("pauh").content_hash() in text
