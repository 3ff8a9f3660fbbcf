"""The national data: batches of regions that share no id, streamed to Parquet, valid as a
whole, the same whichever way they are gathered, and of national size."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from asnpolicy import load_dataset
from asnpolicy.synth import region_parameters
from asnpolicy.synth.national import national_dataset, national_regions, write_national

SMALL = {"scale": 0.01, "years": (2023, 2024), "batch_regions": 184}  # three batches


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    rows = write_national(out, workers=2, **SMALL)
    return out, rows


def test_the_parquet_files_load_as_one_valid_dataset(written):
    out, rows = written
    # load_dataset checks every key across the batches: ids are unique nation-wide
    ds = load_dataset(out)
    assert {name: len(frame) for name, frame in ds} == rows
    assert len(ds.regions) == 552
    assert ds.employees["employee_id"].is_unique and ds.applicants["applicant_id"].is_unique
    assert ds.employees["employee_id"].str.slice(0, 4).nunique() == 3  # b00. b01. b02.
    assert ds.synthetic
    assert json.loads((out / "provenance.json").read_text())["seed"] == 2026
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".tmp")]


def test_in_memory_equals_written_and_does_not_depend_on_workers(written):
    out, _ = written
    memory = national_dataset(workers=1, **SMALL)
    loaded = load_dataset(out)
    for name, frame in loaded:
        pd.testing.assert_frame_equal(
            getattr(memory, name).reset_index(drop=True), frame, check_dtype=False, obj=name
        )


def test_national_size_is_about_the_count_of_asn():
    """BKN's Statistik ASN semester I 2023 counts 4,282,429 ASN; the simulator's staff before
    recruitment should be of that order (recruits add about a tenth)."""
    regions = national_regions(2026)
    kinds = pd.Series([r.kind for r in regions]).value_counts()
    assert kinds.to_dict() == {"kabupaten": 416, "kota": 98, "provinsi": 38}
    staff = region_parameters(regions)["n_employees"].sum()
    assert 4.0e6 < staff < 4.6e6


def test_the_command_line_streams_national_parquet(tmp_path, capsys):
    from asnpolicy.cli import main

    out = tmp_path / "national"
    code = main(["data", "--regions", "national", "--format", "parquet", "--scale", "0.01",
                 "--years", "2024", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(load_dataset(out).tables())
    assert "employees" in capsys.readouterr().out
