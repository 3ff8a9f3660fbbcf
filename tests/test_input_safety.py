"""Hostile or careless input files: identifiers in text, formulas, terminal escapes, huge
values and headers, files that are not files, overwriting a user's tables, bad settings.

Each answer is one clear problem (exit 2 from the command line) that names file, row, column
and rule, quickly, without a traceback, without echoing what must not be printed, and without
touching the input.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import tiny_tables

import asnpolicy as ap
from asnpolicy.cli import main
from asnpolicy.errors import DataError, printable


@pytest.fixture
def folder(tmp_path) -> Path:
    """The tiny valid dataset as CSV files."""
    return ap.from_tables(tiny_tables()).save(tmp_path / "data")


def problems_of(path, **kw) -> pd.DataFrame:
    with pytest.raises(DataError) as caught:
        ap.load_dataset(path, **kw)
    return caught.value.problems


def cli(*args: str) -> subprocess.CompletedProcess:
    """``asnpolicy ARGS`` in this process (as the console script runs it): exit code, output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def edit(folder: Path, table: str, column: str, row: int, value) -> None:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(folder / f"{table}.csv", index=False)


# --------------------------------------------------------------------------------------------
# 2. Identifiers in free text, and ids that are a NIK or NIP
# --------------------------------------------------------------------------------------------


class TestPersonalDataInText:
    @pytest.mark.parametrize(
        ("text", "what"),
        [
            ("Dinas 3201011234560001 Kesehatan", "NIK"),  # NIK, 16 digits
            ("Kepala 197401152000031002", "NIK or NIP"),  # NIP, 18 digits
            ("Kepala 19740115 200003 1 002", "NIK or NIP"),  # NIP as printed
            ("Warga 320101 120374 0001", "NIK or NIP"),  # NIK as printed
            ("Hubungi budi.s@merangin.go.id", "e-mail"),
            ("Hubungi 0812-3456-7890", "telephone"),
            ("WA +62 812 3456 7890", "telephone"),
        ],
    )
    def test_refused_with_row_and_column_and_not_echoed(self, folder, text, what):
        edit(folder, "units", "name", 1, text)
        problems = problems_of(folder)
        hit = problems[problems["column"] == "name"]
        assert len(hit) == 1 and hit["row"].iloc[0] == 3  # header is row 1
        assert what.split()[0] in hit["rule"].iloc[0]
        assert hit["value"].isna().all()
        digits = "".join(ch for ch in text if ch.isdigit())
        message = str(DataError(problems))
        assert "@" not in message
        if digits:
            assert digits[-8:] not in message

    @pytest.mark.parametrize(
        ("table", "column"),
        [("positions", "title"), ("workload", "task"), ("regions", "name")],
    )
    def test_every_free_text_column_is_scanned(self, folder, table, column):
        edit(folder, table, column, 0, "Catatan 3201011234560001")
        problems = problems_of(folder)
        assert ((problems["table"] == table) & (problems["column"] == column)).any()

    def test_ordinary_text_with_numbers_passes(self, folder):
        edit(folder, "workload", "task", 0, "Laporan 2024 2025 2026 2027 ke 12 OPD, Rp 1.500.000")
        edit(folder, "units", "name", 0, "UPT Puskesmas 01 (Jl. Sudirman No. 123)")
        ap.load_dataset(folder)

    @pytest.mark.parametrize("number", ["3201011234560001", "197401152000031002"])
    def test_an_id_that_is_a_bare_nik_or_nip_is_refused(self, folder, number):
        tables = tiny_tables()
        employees = tables["employees"].copy()
        old = employees.loc[0, "employee_id"]
        employees.loc[0, "employee_id"] = number
        tables["employees"] = employees
        for name in ("performance", "training", "promotions"):
            frame = tables[name].copy()
            frame["employee_id"] = frame["employee_id"].replace(old, number)
            tables[name] = frame
        with pytest.raises(DataError) as caught:
            ap.from_tables(tables)
        problems = caught.value.problems
        assert (problems["column"] == "employee_id").any()
        assert "pseudonym" in " ".join(problems["rule"])
        assert number not in str(caught.value)

    def test_a_pseudonym_with_digits_passes(self, folder):
        ap.load_dataset(folder)  # ids such as e0000001 or a 17-digit code are not refused


# --------------------------------------------------------------------------------------------
# 3. Formulas in spreadsheets and CSV
# --------------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example","klik")', "=cmd|' /C calc'!A0", "+1+2", "@SUM(A1)"]


@pytest.fixture
def formula_dataset():
    tables = tiny_tables()
    units = tables["units"].copy()
    units["name"] = [FORMULAS[0], FORMULAS[1], "-Dinas " + FORMULAS[2]]
    positions = tables["positions"].copy()
    positions.loc[0, "title"] = FORMULAS[3]
    tables.update(units=units, positions=positions)
    return ap.from_tables(tables)


class TestFormulaInjection:
    def test_xlsx_cells_are_text_not_formulas(self, formula_dataset, tmp_path):
        formula_dataset.save(tmp_path / "x", format="xlsx")
        formula_dataset.save(tmp_path / "book.xlsx", format="workbook")
        for file, sheet in (
            (tmp_path / "x" / "units.xlsx", "units"),
            (tmp_path / "book.xlsx", "units"),
        ):
            cells = [c for row in openpyxl.load_workbook(file)[sheet].iter_rows() for c in row]
            assert not [c.coordinate for c in cells if c.data_type == "f"], file

    def test_csv_cells_start_with_an_apostrophe(self, formula_dataset, tmp_path):
        formula_dataset.save(tmp_path / "c")
        text = (tmp_path / "c" / "units.csv").read_text(encoding="utf-8")
        for line in text.splitlines()[1:]:
            name = line.split(",", 2)[2]
            assert not name.lstrip('"').startswith(("=", "+", "-", "@")), line

    @pytest.mark.parametrize("format", ["csv", "xlsx", "parquet"])
    def test_round_trip_keeps_the_text(self, formula_dataset, tmp_path, format):
        back = ap.load_dataset(formula_dataset.save(tmp_path / format, format=format))
        pd.testing.assert_frame_equal(back.units, formula_dataset.units)
        pd.testing.assert_frame_equal(back.positions, formula_dataset.positions)


# --------------------------------------------------------------------------------------------
# 4 and 9. What a message echoes: no control characters, at most SHOWN_CHARS of a value
# --------------------------------------------------------------------------------------------


class TestMessages:
    def test_printable_strips_controls_and_direction_marks(self):
        assert printable("a\x1b]0;owned\x07b\x1b[2Jc\x9b\u202ed\tnew\nline") == (
            "a]0;ownedb[2Jcd\tnew\nline"
        )

    def test_header_with_terminal_escapes_prints_no_escape(self, folder):
        frame = pd.read_csv(folder / "units.csv", dtype=str)
        frame.columns = [*frame.columns[:-1], "\x1b]0;owned\x07\x1b[2J"]
        frame.to_csv(folder / "units.csv", index=False)
        done = cli("validate", folder)
        assert done.returncode == 2
        assert "\x1b" not in done.stderr and "\x07" not in done.stderr
        assert "units.csv" in done.stderr and "unknown column" in done.stderr

    def test_value_with_terminal_escapes_prints_no_escape(self, folder):
        edit(folder, "units", "front_line", 0, "\x1b[31mred\x1b[0m")
        done = cli("validate", folder)
        assert done.returncode == 2 and "\x1b" not in done.stderr and "red" in done.stderr

    def test_huge_value_is_cut(self, folder):
        edit(folder, "units", "front_line", 0, "x" * 1_000_000)
        done = cli("validate", folder)
        assert done.returncode == 2
        line = next(x for x in done.stderr.splitlines() if "front_line" in x)
        assert len(line) < 400 and "1,000,000 characters" in line
        assert len(done.stderr) < 5_000

    def test_huge_header_name_is_cut(self, folder):
        frame = pd.read_csv(folder / "units.csv", dtype=str)
        frame.columns = [*frame.columns[:-1], "h" * 200_000]
        frame.to_csv(folder / "units.csv", index=False)
        done = cli("validate", folder)
        assert done.returncode == 2 and len(done.stderr) < 5_000

    def test_a_header_of_a_million_columns_is_refused_unread(self, folder):
        (folder / "units.csv").write_text(",".join(["c"] * 1_000_000) + "\n1\n", encoding="utf-8")
        problems = problems_of(folder)
        rule = problems.loc[problems["table"] == "units", "rule"].iloc[0]
        assert "1,000,000 columns" in rule and str(ap.reading.MAX_COLUMNS) in rule

    def test_a_wide_parquet_file_is_refused_unread(self, folder):
        (folder / "units.csv").unlink()
        wide = pd.DataFrame({f"c{i}": [1] for i in range(ap.reading.MAX_COLUMNS + 1)})
        wide.to_parquet(folder / "units.parquet")
        problems = problems_of(folder)
        assert problems["rule"].str.contains("columns; a table").any()

    def test_a_workbook_without_table_sheets_says_so(self, tmp_path):
        book = openpyxl.Workbook()
        book.active.title = "catatan"
        book.save(tmp_path / "notes.xlsx")
        problems = problems_of(tmp_path / "notes.xlsx")
        assert problems["rule"].str.contains("no sheet is named after a table").all()

    def test_a_wide_sheet_is_refused_unread(self, folder, tmp_path):
        book = openpyxl.Workbook()
        book.active.title = "units"
        book.active.cell(row=1, column=ap.reading.MAX_COLUMNS + 5, value="x")
        book.save(tmp_path / "wide.xlsx")
        problems = problems_of(tmp_path / "wide.xlsx")
        assert problems["rule"].str.contains("columns; a table").any()


# --------------------------------------------------------------------------------------------
# 7. templates and data never replace a user's tables without --force
# --------------------------------------------------------------------------------------------


class TestNoSilentOverwrite:
    def test_templates_refuse_a_folder_of_filled_tables(self, folder):
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        done = cli("templates", folder)
        assert done.returncode == 2
        assert "units.csv" in done.stderr and "--force" in done.stderr
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    def test_templates_with_force_replace_them(self, folder):
        assert cli("templates", folder, "--force").returncode == 0
        assert len(pd.read_csv(folder / "units.csv")) == 0

    def test_templates_over_templates_need_no_force(self, tmp_path):
        assert cli("templates", tmp_path / "t").returncode == 0
        assert cli("templates", tmp_path / "t").returncode == 0

    def test_data_refuses_a_folder_of_real_tables(self, folder):
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        done = cli("data", "--out", folder, "--regions", "pauh", "--scale", "0.2")
        assert done.returncode == 2
        assert "units.csv" in done.stderr and "--force" in done.stderr
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    def test_data_replaces_its_own_synthetic_data(self, tmp_path):
        args = ("data", "--out", tmp_path / "s", "--regions", "pauh", "--scale", "0.2")
        assert cli(*args).returncode == 0
        assert cli(*args).returncode == 0

    def test_data_with_force_replaces_them(self, folder):
        done = cli("data", "--out", folder, "--regions", "pauh", "--scale", "0.2", "--force")
        assert done.returncode == 0
        assert ap.load_dataset(folder).synthetic


# --------------------------------------------------------------------------------------------
# 10-12. Settings, provenance, files that are not files, regions without units
# --------------------------------------------------------------------------------------------


class TestSettingsAndFiles:
    def test_unknown_encoding_is_a_usage_error(self, folder):
        done = cli("validate", folder, "--encoding", "latin-99")
        assert done.returncode == 2 and "unknown encoding 'latin-99'" in done.stderr
        assert "internal error" not in done.stderr
        with pytest.raises(ValueError, match="Unknown encoding"):
            ap.load_dataset(folder, encoding="latin-99")

    @pytest.mark.parametrize(
        ("field", "value"),
        [("as_of", "akhir tahun 2024"), ("as_of", 2024), ("synthetic", "yes"), ("seed", "x")],
    )
    def test_provenance_fields_are_checked(self, folder, field, value):
        record = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
        record[field] = value
        (folder / "provenance.json").write_text(json.dumps(record), encoding="utf-8")
        problems = problems_of(folder)
        assert problems["rule"].str.contains(f"field {field} must").any()
        assert problems["file"].str.endswith("provenance.json").any()

    def test_fifo_is_a_problem_not_an_absent_table(self, folder):
        (folder / "training.csv").unlink()
        os.mkfifo(folder / "training.csv")
        problems = problems_of(folder)
        assert problems["rule"].str.contains("named pipe").any()

    def test_symlink_loop_and_broken_link_are_problems(self, folder):
        (folder / "training.csv").unlink()
        (folder / "training.csv").symlink_to(folder / "training.csv")
        (folder / "promotions.csv").unlink()
        (folder / "promotions.csv").symlink_to(folder / "nowhere.csv")
        problems = problems_of(folder)
        rules = " ".join(problems["rule"])
        assert "loop" in rules and "does not exist" in rules

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
    def test_unreadable_file_is_a_problem(self, folder):
        (folder / "training.csv").chmod(0)
        problems = problems_of(folder)
        assert problems["rule"].str.contains("cannot be read").any()

    def test_region_without_units_is_refused(self, folder):
        regions = pd.read_csv(folder / "regions.csv", dtype=str, keep_default_na=False)
        extra = regions.iloc[[0]].assign(region_id="kosong", name="Kabupaten Kosong")
        pd.concat([regions, extra]).to_csv(folder / "regions.csv", index=False)
        problems = problems_of(folder)
        hit = problems[(problems["table"] == "regions") & (problems["value"] == "kosong")]
        assert len(hit) == 1 and "no units" in hit["rule"].iloc[0]

    def test_nothing_is_written_into_the_input(self, folder):
        before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
        edit(folder, "units", "name", 0, "3201011234560001")
        before["units.csv"] = ((folder / "units.csv").stat().st_mtime_ns,) + (
            (folder / "units.csv").read_bytes(),
        )
        cli("validate", folder)
        assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()} == before
