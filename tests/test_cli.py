"""The asnpolicy command line: exit codes, summaries and problem lists, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

import asnpolicy as ap
from asnpolicy.cli import main
from asnpolicy.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    exe = Path(sys.executable).with_name("asnpolicy")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)


class TestValidate:
    def test_valid_folder_exit_0_with_a_line_per_table(self, tiny_csv):
        done = run("validate", str(tiny_csv))
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].endswith(": valid")
        for table in TABLES:
            if not (tiny_csv / f"{table}.csv").exists():  # a table the fixture does not have
                continue
            assert any(
                line.split()[:1] == [table] and line.rstrip().endswith("ok") for line in lines
            )
        assert "content hash" in done.stdout

    def test_broken_folder_exit_2_with_precise_messages(self, tiny_csv):
        path = tiny_csv / "applicants.csv"
        lines = path.read_text().splitlines()
        lines[1] = lines[1].replace(",95,110,190,", ",95,abc,190,")
        path.write_text("\n".join(lines) + "\n")
        (tiny_csv / "units.csv").write_bytes(
            "unit_id,region_id,name,sector,front_line\nu9,bangko,Dinas é,health,true\n".encode(
                "latin-1"
            )
        )
        (tiny_csv / "skm.csv").write_text("")
        done = run("validate", str(tiny_csv))
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert (
            "applicants.csv (table applicants), row 2, column tiu: must be a whole number "
            "(value: 'abc')" in done.stderr
        )
        assert "units.csv (table units), row 2: file is not utf-8 text" in done.stderr
        assert "skm.csv: the file is empty or has only a header row; the table skm counts as " in (
            done.stderr
        )

    def test_absent_tables_and_skipped_checks_are_said(self, tiny_csv, capsys):
        (tiny_csv / "formasi.csv").unlink()
        assert main(["validate", str(tiny_csv)]) == 0
        out = capsys.readouterr().out
        assert "formasi" in out and "absent" in out
        assert "not checked: applicants.formasi_id -> formasi (table absent)" in out

    def test_region_option(self, tiny_csv, capsys):
        assert main(["validate", str(tiny_csv), "--region", "pauh"]) == 0
        assert "(region pauh)" in capsys.readouterr().out
        assert main(["validate", str(tiny_csv), "--region", "padang"]) == 2
        assert "regions present: bangko, pauh" in capsys.readouterr().err

    def test_missing_path_exit_2(self, tmp_path, capsys):
        assert main(["validate", str(tmp_path / "nowhere")]) == 2
        assert "no such file or folder" in capsys.readouterr().err

    def test_encoding_option(self, tiny_csv, capsys):
        path = tiny_csv / "units.csv"
        path.write_bytes(path.read_text().replace("Camat", "Camat é").encode("latin-1"))
        assert main(["validate", str(tiny_csv)]) == 2
        assert main(["validate", str(tiny_csv), "--encoding", "latin-1"]) == 0

    def test_internal_error_is_one_line(self, tiny_csv, capsys, monkeypatch):
        def boom(*a, **k):
            raise RuntimeError("bug")

        monkeypatch.setattr(ap.io, "load_dataset", boom)
        assert main(["validate", str(tiny_csv)]) == 1
        err = capsys.readouterr().err
        assert "internal error: RuntimeError: bug" in err and "Traceback" not in err


class TestTemplates:
    def test_writes_csv_and_workbook_and_they_validate(self, tmp_path):
        done = run("templates", str(tmp_path / "tpl"))
        assert done.returncode == 0, done.stderr
        for table in TABLES:
            header = (tmp_path / "tpl" / f"{table}.csv").read_text().strip().split(",")
            assert header == list(TABLES[table].columns)
        wb = openpyxl.load_workbook(tmp_path / "tpl" / "asnpolicy_templates.xlsx")
        assert "data_dictionary" in wb.sheetnames
        assert run("validate", str(tmp_path / "tpl")).returncode == 0


class TestData:
    def test_writes_valid_synthetic_data_with_provenance(self, tmp_path, capsys):
        out = tmp_path / "sample"
        assert (
            main(
                [
                    "data",
                    "--out",
                    str(out),
                    "--regions",
                    "pauh",
                    "--years",
                    "2024",
                    "--scale",
                    "0.5",
                ]
            )
            == 0
        )
        assert "Synthetic data (seed 2026, scale 0.5)" in capsys.readouterr().out
        ds = ap.load_dataset(out)
        assert ds.synthetic and ds.provenance["seed"] == 2026
        assert ds.region_ids() == ["pauh"]
        assert set(ds.formasi["year"]) == {2024}

    def test_unknown_region_exit_2(self, tmp_path, capsys):
        assert main(["data", "--out", str(tmp_path / "x"), "--regions", "padang"]) == 2
        assert "Unknown region 'padang'" in capsys.readouterr().err
        assert not (tmp_path / "x").exists()


class TestMisc:
    def test_version(self):
        done = run("--version")
        assert done.returncode == 0 and done.stdout.strip() == f"asnpolicy {ap.__version__}"

    def test_no_command_prints_help(self, capsys):
        assert main([]) == 0
        assert "validate" in capsys.readouterr().out

    def test_dictionary_check(self, tmp_path, capsys):
        assert main(["dictionary", "--check", "--out", str(ROOT / "data" / "README.md")]) == 0
        stale = tmp_path / "README.md"
        stale.write_text("old")
        assert main(["dictionary", "--check", "--out", str(stale)]) == 2
