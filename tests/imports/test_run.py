"""``asnpolicy import`` as a user meets it: one sentence and exit 2 for bad input, nothing
half-written, input files untouched, rejected rows kept aside, the report and the key."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from asnpolicy.cli import main
from asnpolicy.identifiers import new_key
from asnpolicy.imports.rawfiles import read_export
from asnpolicy.imports.run import import_files
from asnpolicy.io import load_dataset
from asnpolicy.synth import generate
from asnpolicy.synth.exports import write_exports

REGION = "pauh"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    work = tmp_path_factory.mktemp("exports")
    sample = generate(regions=[REGION], seed=2026, scale=0.2).for_region(REGION)
    files = write_exports(sample, REGION, work / "exports", kinds=["siasn", "skp", "skm"])
    key = new_key(work / "key")
    return files, key


def digest(paths) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def cli(*args: str) -> int:
    return main(["import", *map(str, args)])


def test_an_import_writes_tables_rejected_rows_report_and_leaves_the_files_alone(
    exports, tmp_path, capsys
):
    files, key = exports
    before = digest(files["siasn"])
    out = tmp_path / "data"
    assert cli("siasn", *files["siasn"], "--region", REGION, "--key-file", key, "--out", out) == 0
    assert digest(files["siasn"]) == before
    said = capsys.readouterr().out
    assert "employees" in said and "pemetaan.xlsx" in said
    tables = ("employees.csv", "units.csv", "positions.csv", "regions.csv", "provenance.json")
    written = (*tables, "rejected.csv", "import_report.md", "import_report.html", "pemetaan.xlsx")
    for name in written:
        assert (out / name).is_file(), name
    report = (out / "import_report.md").read_text(encoding="utf-8")
    assert "Laporan impor data: Pauh" in report and "siasn_pns.csv" in report
    assert "tidak dapat" in report  # what these data cannot answer, in Indonesian
    ds = load_dataset(out)
    assert ds.employees["employee_id"].str.fullmatch(r"p[0-9a-f]{20}").all()
    assert not ds.synthetic


def test_the_same_person_gets_the_same_id_in_every_table(exports, tmp_path):
    files, key = exports
    out = tmp_path / "data"
    import_files("siasn", files["siasn"], region=REGION, key_file=key, out=out)
    import_files("skp", files["skp"], region=REGION, key_file=key, out=out)
    ds = load_dataset(out)
    assert len(ds.performance) > 0
    assert ds.performance["employee_id"].isin(ds.employees["employee_id"]).all()


def test_bad_rows_are_set_aside_with_file_row_column_and_reason(exports, tmp_path):
    files, key = exports
    broken = tmp_path / "skp.csv"
    frame = read_export(files["skp"][0])[0].frame
    frame.iloc[[0, 1], frame.columns.get_loc("tahun")] = "dua ribu"
    frame.to_csv(broken, index=False)
    out = tmp_path / "data"
    import_files("siasn", files["siasn"], region=REGION, key_file=key, out=out)
    outcome = import_files("skp", [broken], region=REGION, key_file=key, out=out, lang="en")
    assert outcome.rejected >= 2
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    mine = rejected[rejected["kind"] == "skp"]
    assert set(mine["row"].astype(int)) >= {2, 3} and (mine["file"] == "skp.csv").all()
    assert len(load_dataset(out).performance) == len(frame) - outcome.rejected


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing_key", "does not exist"),
        ("key_inside_out", "inside the output folder"),
        ("wrong_kind", "looks like"),
        ("unknown_layout", "does not look like"),
        ("empty_file", "is empty"),
        ("corrupt_workbook", "damaged"),
        ("duplicate_people", "more than once"),
    ],
)
def test_bad_input_gets_one_sentence_exit_2_and_nothing_written(
    exports, tmp_path, capsys, case, message
):
    files, key = exports
    out = tmp_path / "data"
    given = list(files["siasn"])
    if case == "missing_key":
        key = tmp_path / "nokey"
    elif case == "key_inside_out":
        out.mkdir()
        shutil.copy(key, out / "key")
        key = out / "key"
    elif case == "wrong_kind":
        given = files["skm"][:1]
    elif case == "unknown_layout":
        given = [tmp_path / "x.csv"]
        given[0].write_text("kolom_a,kolom_b\n1,2\n")
    elif case == "empty_file":
        given = [tmp_path / "x.csv"]
        given[0].write_text("")
    elif case == "corrupt_workbook":
        given = [tmp_path / "x.xlsx"]
        given[0].write_bytes(b"PK\x03\x04 damaged")
    elif case == "duplicate_people":
        twice = tmp_path / "twice.csv"
        raw = files["siasn"][0].read_bytes()
        header, _, body = raw.partition(b"\n")
        twice.write_bytes(header + b"\n" + body + body)
        given = [twice]
    before = sorted(p.name for p in out.iterdir()) if out.exists() else None
    assert cli("siasn", *given, "--region", REGION, "--key-file", key, "--out", out) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    after = sorted(p.name for p in out.iterdir()) if out.exists() else None
    assert after == before  # nothing half-written
    raw = read_export(files["siasn"][0])[0].frame
    assert not any(nip in err for nip in raw["nip_baru"].dropna().head(50))


def test_key_new_refuses_to_overwrite(tmp_path, capsys):
    assert main(["key", "new", str(tmp_path / "k")]) == 0
    first = (tmp_path / "k").read_text()
    assert main(["key", "new", str(tmp_path / "k")]) == 2
    assert (tmp_path / "k").read_text() == first
    assert first.strip() not in capsys.readouterr().out


def test_english_report_and_a_region_outside_the_registry(exports, tmp_path):
    files, key = exports
    out = tmp_path / "data"
    params = {"name": "Kabupaten Contoh", "kind": "kabupaten", "province": "Jambi",
              "kode_wilayah": "15.99"}  # fmt: skip
    import_files("siasn", files["siasn"], region="contoh", key_file=key, out=out, params=params,
                 lang="en")  # fmt: skip
    report = (out / "import_report.md").read_text(encoding="utf-8")
    assert "Data import report: Kabupaten Contoh" in report
    ds = load_dataset(out)
    assert ds.regions["region_id"].tolist() == ["contoh"]
    assert (ds.employees["origin"] == "non_local").all()  # NIKs are from 13.71, not 15.99
