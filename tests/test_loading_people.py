"""Loading data as a person fills a workbook (issue 17): empty sheets are absent tables, table
names and values in Indonesian spellings, problems grouped with "did you mean", every problem
to a file, numbers that never change magnitude silently, and who a headcount leaves out."""

from __future__ import annotations

import io
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import tiny_tables

import asnpolicy as ap
from asnpolicy.cli import main
from asnpolicy.errors import PROBLEM_COLUMNS, DataError


def cli(*args) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def problems_of(path) -> pd.DataFrame:
    with pytest.raises(DataError) as caught:
        ap.load_dataset(path)
    return caught.value.problems


@pytest.fixture
def folder(tmp_path) -> Path:
    return ap.from_tables(tiny_tables()).save(tmp_path / "data")


def as_text(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def write(frame: pd.DataFrame, path: Path, sep: str = ",") -> None:
    frame.to_csv(path, index=False, sep=sep)


def staff_only_tables() -> dict[str, pd.DataFrame]:
    """A kabupaten outside the registry with units, positions and employees only."""
    t = tiny_tables()
    keep = t["units"]["region_id"] == "bangko"
    units = t["units"][keep].assign(region_id="kab_x")
    positions = t["positions"][t["positions"]["unit_id"].isin(units["unit_id"])]
    employees = t["employees"][t["employees"]["unit_id"].isin(units["unit_id"])].assign(
        region_id="kab_x", applicant_id=None
    )
    return {"units": units, "positions": positions, "employees": employees}


# --------------------------------------------------------------------------------------------
# 1. Empty sheets and files are absent tables
# --------------------------------------------------------------------------------------------


class TestEmptyIsAbsent:
    def test_template_workbook_with_some_sheets_filled(self, tmp_path):
        book = ap.write_templates(tmp_path / "tpl") / "asnpolicy_templates.xlsx"
        with pd.ExcelWriter(book, engine="openpyxl", mode="a", if_sheet_exists="replace") as w:
            for name, frame in staff_only_tables().items():
                frame.to_excel(w, sheet_name=name, index=False)
        ds = ap.load_dataset(book)
        assert ds.regions is None and ds.applicants is None and ds.skm is None
        assert len(ds.employees) == 2 and ds.region_ids() == ["kab_x"]
        done = cli("validate", book)
        assert done.returncode == 0, done.stderr
        assert "regions" in done.stdout and "absent" in done.stdout
        assert "[sheet regions]: the sheet has no rows; the table regions counts as absent" in (
            done.stdout
        )
        assert "[sheet data_dictionary]: notes, not read" in done.stdout

    def test_header_only_and_empty_files_are_absent(self, folder):
        write(as_text(folder, "skm").head(0), folder / "skm.csv")
        (folder / "training.csv").write_bytes(b"")
        (folder / "promotions.csv").write_text("employee_id,year,to_position_id,method\n,,,\n\n")
        ds = ap.load_dataset(folder)
        assert ds.skm is None and ds.training is None and ds.promotions is None
        out = cli("validate", folder).stdout
        assert "skm.csv: the file has a header row" in out or "skm.csv: the file is empty" in out

    def test_trailing_blank_rows_and_headless_columns_are_dropped(self, folder):
        path = folder / "units.csv"
        path.write_text(path.read_text().replace("\n", ",\n") + ",,,,,,\n,,,,,,\n")
        assert len(ap.load_dataset(folder).units) == 3

    def test_an_all_empty_template_folder_loads_as_nothing(self, tmp_path):
        ds = ap.load_dataset(ap.write_templates(tmp_path / "tpl"))
        assert not ds.summary()["present"].any()


# --------------------------------------------------------------------------------------------
# 2. Table names: case, Indonesian aliases, unknown sheets and files, two sources
# --------------------------------------------------------------------------------------------


class TestTableNames:
    def test_sheets_in_any_case_and_indonesian(self, tmp_path):
        book = tmp_path / "kab.xlsx"
        names = {"units": "Units", "positions": "Jabatan", "employees": "PEGAWAI"}
        with pd.ExcelWriter(book, engine="openpyxl") as w:
            for name, frame in staff_only_tables().items():
                frame.to_excel(w, sheet_name=names[name], index=False)
        ds = ap.load_dataset(book)
        assert len(ds.units) == 2 and len(ds.positions) == 2 and len(ds.employees) == 2

    @pytest.mark.parametrize(
        "table, stem",
        [("employees", "PEGAWAI"), ("units", "unit_kerja"), ("units", "OPD"), ("skm", "Survei")],
    )
    def test_files_in_any_case_and_indonesian(self, folder, table, stem):
        (folder / f"{table}.csv").rename(folder / f"{stem}.csv")
        assert getattr(ap.load_dataset(folder), table) is not None

    def test_two_sources_of_one_table_are_a_problem(self, folder):
        (folder / "unit_kerja.csv").write_bytes((folder / "units.csv").read_bytes())
        problems = problems_of(folder)
        assert problems["rule"].str.contains("more than one file holds this table").any()
        assert "unit_kerja.csv" in str(problems["rule"].tolist())

    def test_two_sheets_of_one_table_are_a_problem(self, tmp_path):
        book = tmp_path / "kab.xlsx"
        units = staff_only_tables()["units"]
        with pd.ExcelWriter(book, engine="openpyxl") as w:
            units.to_excel(w, sheet_name="units", index=False)
            units.to_excel(w, sheet_name="Unit Kerja", index=False)
        problems = problems_of(book)
        assert problems["rule"].str.contains("more than one sheet holds this table").any()

    def test_unknown_sheet_with_rows_is_a_problem_with_the_names(self, tmp_path):
        book = tmp_path / "kab.xlsx"
        with pd.ExcelWriter(book, engine="openpyxl") as w:
            for name, frame in staff_only_tables().items():
                frame.to_excel(w, sheet_name=name, index=False)
            frame.to_excel(w, sheet_name="Sheet1", index=False)
            frame.to_excel(w, sheet_name="Employes", index=False)
        done = cli("validate", book)
        assert done.returncode == 2
        assert "[sheet Sheet1]" in done.stderr and "employees, formasi" in done.stderr
        assert "[sheet Employes]" in done.stderr and "did you mean 'employees'?" in done.stderr

    def test_empty_unknown_sheet_is_a_note(self, tmp_path):
        book = tmp_path / "kab.xlsx"
        with pd.ExcelWriter(book, engine="openpyxl") as w:
            for name, frame in staff_only_tables().items():
                frame.to_excel(w, sheet_name=name, index=False)
            pd.DataFrame().to_excel(w, sheet_name="Sheet2", index=False)
        done = cli("validate", book)
        assert done.returncode == 0
        assert "[sheet Sheet2]: not a table and empty; not read" in done.stdout

    def test_unknown_file_is_said(self, folder):
        (folder / "gaji.csv").write_text("a,b\n1,2\n")
        done = cli("validate", folder)
        assert done.returncode == 0
        assert "gaji.csv: not read (its name is not a table's; tables: regions" in done.stdout

    def test_misspelt_file_with_rows_is_a_problem(self, folder):
        (folder / "employees.csv").rename(folder / "employes.csv")
        problems = problems_of(folder)
        hit = problems[problems["value"] == "employes.csv"]
        assert hit["hint"].tolist() == ["did you mean 'employees'?"]


# --------------------------------------------------------------------------------------------
# 3. Values: case and Indonesian spellings, ambiguous spellings refused
# --------------------------------------------------------------------------------------------


class TestValueSpellings:
    def test_indonesian_spellings_become_the_model_values(self, folder):
        e = as_text(folder, "employees")
        e["status"] = ["PNS", "P3K", "cpns"]
        e["gender"] = ["P", "Laki-laki", "wanita"]
        e["education"] = ["S1", "S-2", "SMK"]
        e["origin"] = ["Lokal", "luar daerah", "LOCAL"]
        write(e, folder / "employees.csv")
        p = as_text(folder, "positions")
        p["kind"] = ["Ahli Pertama", "Fungsional Ahli Madya", "Eselon III"]
        write(p, folder / "positions.csv")
        w = as_text(folder, "workload")
        w["volume_period"] = ["hari", "Minggu", "per minggu", "Bulanan"]
        write(w, folder / "workload.csv")
        f = as_text(folder, "formasi")
        f["track"] = ["CPNS", "PNS"]
        write(f, folder / "formasi.csv")
        ds = ap.load_dataset(folder)
        assert ds.employees["status"].tolist() == ["pns", "pppk", "pns"]
        assert ds.employees["gender"].tolist() == ["female", "male", "female"]
        assert ds.employees["education"].tolist() == ["s1", "s2", "sma"]
        assert ds.employees["origin"].tolist() == ["local", "non_local", "local"]
        assert ds.positions["kind"].tolist() == [
            "fungsional_ahli_pertama",
            "fungsional_ahli_madya",
            "administrator",
        ]
        assert ds.workload["volume_period"].tolist() == ["day", "week", "week", "month"]
        assert ds.formasi["track"].tolist() == ["cpns", "cpns"]

    def test_ya_tidak_and_y_t(self, folder):
        u = as_text(folder, "units")
        u["front_line"] = ["Y", "T", "y"]
        write(u, folder / "units.csv")
        a = as_text(folder, "applicants")
        a["admin_pass"] = ["MS", "TMS", "ya"]
        a["hired"] = ["Ya", "Tidak", "YA"]
        write(a, folder / "applicants.csv")
        ds = ap.load_dataset(folder)
        assert ds.units["front_line"].tolist() == [True, False, True]
        assert ds.applicants["admin_pass"].tolist() == [True, False, True]

    def test_a_lone_t_is_refused(self, folder):
        u = as_text(folder, "units")
        u["front_line"] = ["T", "T", "T"]
        write(u, folder / "units.csv")
        problems = problems_of(folder)
        assert problems["rule"].str.contains("a lone T could be true or tidak").all()

    def test_functional_without_its_level_is_refused_with_the_choices(self, folder):
        p = as_text(folder, "positions")
        p.loc[0, "kind"] = "Fungsional"
        write(p, folder / "positions.csv")
        problem = problems_of(folder).iloc[0]
        assert problem["row"] == 2 and problem["column"] == "kind"
        assert "fungsional_ahli_pertama, fungsional_ahli_muda" in problem["rule"]

    def test_unknown_values_are_grouped_with_did_you_mean(self, folder):
        e = as_text(folder, "employees")
        e["gender"] = ["Laki2", "Laki2", "x"]
        write(e, folder / "employees.csv")
        with pytest.raises(DataError) as caught:
            ap.load_dataset(folder)
        text = str(caught.value)
        assert "column gender: must be one of female, male; 3 rows (2, 3, 4)" in text
        assert "'Laki2' (2 rows; did you mean 'male'?)" in text
        assert "DataError" not in text and "problems" not in text.split("\n", 1)[1]


# --------------------------------------------------------------------------------------------
# 4. Grouped problems on screen, every problem in a file
# --------------------------------------------------------------------------------------------


class TestProblemsFile:
    def test_213_problems_show_as_a_few_lines_and_all_go_to_the_file(self, folder, tmp_path):
        rows = [f"r{i},bgk-dinkes,2025-01-01,,KTP,9,3,3,3,3,3,3,3,3,X,," for i in range(200)]
        path = folder / "skm.csv"
        path.write_text("\n".join([path.read_text().splitlines()[0], *rows]) + "\n")
        target = tmp_path / "problems.csv"
        done = cli("validate", folder, "--problems", target)
        assert done.returncode == 2
        assert len(done.stderr.splitlines()) < 10
        assert "column u1: must be at most 4; 200 rows (2, 3, 4" in done.stderr
        assert f"400 problems written to {target}" in done.stderr
        written = pd.read_csv(target)
        assert written.columns.tolist() == list(PROBLEM_COLUMNS) and len(written) == 400
        assert sorted(written["column"].unique()) == ["respondent_gender", "u1"]
        hint = written.loc[written["column"] == "respondent_gender", "hint"]
        assert hint.isna().all()  # 'X' is close to nothing

    def test_without_the_option_the_command_is_suggested(self, folder):
        e = as_text(folder, "employees")
        e.loc[0, "gender"] = "x"
        write(e, folder / "employees.csv")
        assert "--problems problems.csv" in cli("validate", folder).stderr

    def test_a_valid_dataset_writes_an_empty_file(self, folder, tmp_path):
        done = cli("validate", folder, "--problems", tmp_path / "p.csv")
        assert done.returncode == 0 and "0 problems written" in done.stdout
        assert len(pd.read_csv(tmp_path / "p.csv")) == 0


# --------------------------------------------------------------------------------------------
# 5. Numbers never change magnitude silently
# --------------------------------------------------------------------------------------------


def _workload_text(volume: list[str], norm: list[str]) -> pd.DataFrame:
    w = pd.DataFrame(tiny_tables()["workload"]).astype(str)
    w["volume"], w["norm_minutes"] = volume, norm
    return w


class TestNumbers:
    def test_comma_csv(self, folder):
        write(_workload_text(["12.000", "1.250", "5", "4"], ["60", "1.250", "45", "120"]),
              folder / "workload.csv")  # fmt: skip
        w = ap.load_dataset(folder).workload
        assert w["volume"].tolist() == [12000.0, 1250.0, 5.0, 4.0]
        assert w["norm_minutes"].tolist()[1] == 1250.0

    def test_semicolon_csv(self, folder):
        write(_workload_text(["12.000", "1.250,5", "5", "4"], ["60", "2,5", "45", "120"]),
              folder / "workload.csv", sep=";")  # fmt: skip
        w = ap.load_dataset(folder).workload
        assert w["volume"].tolist() == [12000.0, 1250.5, 5.0, 4.0]
        assert w["norm_minutes"].tolist()[1] == 2.5

    def test_xlsx_text_cells_and_number_cells(self, tmp_path):
        book = ap.from_tables(tiny_tables()).save(tmp_path / "d.xlsx", format="workbook")
        wb = openpyxl.load_workbook(book)
        ws = wb["workload"]
        ws["C2"] = "12.000"  # text: Indonesian thousands
        ws["E3"] = "1.250"  # text minutes
        ws["C4"] = 1.25  # a real number: as it is
        wb.save(book)
        w = ap.load_dataset(book).workload
        assert w["volume"].tolist()[:3] == [12000.0, 5.0, 1.25]
        assert w["norm_minutes"].tolist()[1] == 1250.0

    def test_a_fraction_in_a_whole_number_column_is_refused(self, folder):
        f = as_text(folder, "formasi")
        f.loc[0, "quota"] = "1.25"
        write(f, folder / "formasi.csv")
        problem = problems_of(folder).iloc[0]
        assert (problem["column"], problem["rule"], problem["value"]) == (
            "quota",
            "must be a whole number",
            "1.25",
        )

    def test_a_file_with_decimal_points_refuses_a_thousands_dot(self, folder):
        write(_workload_text(["12.000", "20.5", "5", "4"], ["60", "30", "45", "120"]),
              folder / "workload.csv")  # fmt: skip
        problem = problems_of(folder).iloc[0]
        assert (problem["row"], problem["column"], problem["value"]) == (2, "volume", "12.000")
        assert "thousands separator" in problem["rule"]

    def test_a_lone_comma_group_is_refused_when_nothing_tells(self, folder):
        w = _workload_text(["1,250", "5", "5", "4"], ["60", "30", "45", "120"])
        write(w, folder / "workload.csv")
        problem = problems_of(folder).iloc[0]
        assert (problem["row"], problem["column"], problem["value"]) == (2, "volume", "1,250")

    @pytest.mark.parametrize(
        "convention, text, want",
        [
            ("none", "12.000", 12000.0),
            ("none", "1.250.000", 1_250_000.0),
            ("none", "Rp 72.000.000", 72_000_000.0),
            ("none", "12 000", 12000.0),
            ("none", "0.125", 0.125),
            ("none", "1e-05", 1e-05),
            ("id", "1,250", 1.25),
            ("id", "1.250", 1250.0),
            ("en", "1,250", 1250.0),
            ("en", "1.125", 1.125),
            ("en", "1,250.5", 1250.5),
            ("mixed", "20.5", 20.5),
        ],
    )
    def test_parse_numbers(self, convention, text, want):
        got, ambiguous = ap.validation.parse_numbers(pd.Series([text]), convention)
        assert got.iloc[0] == pytest.approx(want) and not ambiguous.iloc[0]

    @pytest.mark.parametrize(
        "convention, text", [("en", "12.000"), ("mixed", "1.250"), ("mixed", "1,250")]
    )
    def test_parse_numbers_refuses(self, convention, text):
        got, ambiguous = ap.validation.parse_numbers(pd.Series([text]), convention)
        assert pd.isna(got.iloc[0]) and ambiguous.iloc[0]

    def test_a_saved_dataset_reads_back_the_same(self, tmp_path):
        tables = tiny_tables()
        tables["workload"] = tables["workload"].assign(norm_minutes=[1.125, 30.0, 2.5, 120.0])
        ds = ap.from_tables(tables)
        back = ap.load_dataset(ds.save(tmp_path / "d"))
        assert back.workload["norm_minutes"].tolist() == [1.125, 30.0, 2.5, 120.0]


# --------------------------------------------------------------------------------------------
# 6. Who a headcount leaves out
# --------------------------------------------------------------------------------------------


class TestLeftOutOfHeadcount:
    def test_validate_says_who_is_not_counted(self, folder, monkeypatch):
        def excluded(ds, as_of=None):
            return pd.DataFrame(
                {"region_id": ["bangko", "bangko"], "category": ["past_bup", "inactive"],
                 "n": [2, 0]}
            )  # fmt: skip

        monkeypatch.setattr(ap.workforce, "excluded_from_count", excluded, raising=False)
        out = cli("validate", folder).stdout
        assert (
            "employees: 2 past their retirement age (BUP) and 0 inactive are not counted as "
            "staff in post" in out
        )
