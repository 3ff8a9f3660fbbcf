"""Loading, saving and the errors a user's files can cause."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy import io as aio
from asnpolicy.schema import TABLES


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and modification time of every file below ``folder``."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load_error(path, **kw) -> ap.DataError:
    with pytest.raises(ap.DataError) as caught:
        ap.load_dataset(path, **kw)
    return caught.value


def edit_csv(folder: Path, table: str, edit) -> Path:
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


class TestLoadValid:
    @pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
    def test_roundtrip_each_format(self, tiny, tmp_path, fmt):
        back = ap.load_dataset(tiny.save(tmp_path / fmt, format=fmt))
        assert back.content_hash() == tiny.content_hash()
        assert back.summary()["rows"].tolist() == tiny.summary()["rows"].tolist()

    def test_workbook_with_extra_sheets(self, tiny, tmp_path):
        book = tiny.save(tmp_path / "data.xlsx", format="workbook")
        wb = openpyxl.load_workbook(book)
        wb.create_sheet("catatan").append(["notes are ignored"])
        wb.save(book)
        assert ap.load_dataset(book).content_hash() == tiny.content_hash()

    def test_absent_tables_are_allowed(self, tiny_csv):
        for name in ("skm", "training", "promotions"):
            (tiny_csv / f"{name}.csv").unlink()
        ds = ap.load_dataset(tiny_csv)
        assert ds.skm is None and ds.units is not None
        with pytest.raises(ValueError, match="needs the table.*skm.*skm.csv"):
            ds.require("units", "skm")

    def test_other_files_are_ignored(self, tiny_csv):
        (tiny_csv / "README.txt").write_text("notes")
        (tiny_csv / "budget.csv").write_text("a,b\n1,2\n")
        ap.load_dataset(tiny_csv)

    def test_byte_order_mark_is_accepted(self, tiny_csv):
        path = tiny_csv / "units.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        assert ap.load_dataset(tiny_csv).units.columns[0] == "unit_id"

    def test_utf16_with_bom_is_accepted(self, tiny_csv):
        path = tiny_csv / "units.csv"
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
        assert len(ap.load_dataset(tiny_csv).units) == 3

    def test_semicolon_csv_with_decimal_comma(self, tiny_csv):
        edit_csv(
            tiny_csv,
            "workload",
            lambda lines: [
                line.replace(",", ";").replace("20.0", "20,5").replace("45.0", "1.045,5")
                for line in lines
            ],
        )
        workload = ap.load_dataset(tiny_csv).workload
        assert workload["volume"].tolist()[0] == 20.5
        assert workload["norm_minutes"].tolist()[2] == 1045.5

    def test_latin1_loads_with_the_encoding_option(self, tiny_csv):
        path = tiny_csv / "units.csv"
        path.write_bytes(path.read_text().replace("Camat Pauh", "Camat Pauh é").encode("latin-1"))
        units = ap.load_dataset(tiny_csv, encoding="latin-1").units
        assert units["name"].iloc[2].endswith("é")

    def test_header_only_file_is_an_absent_table(self, tiny_csv):
        edit_csv(tiny_csv, "training", lambda lines: lines[:1])
        assert ap.load_dataset(tiny_csv).training is None

    def test_region_filter(self, tiny_csv):
        ds = ap.load_dataset(tiny_csv, region="pauh")
        assert ds.units["unit_id"].tolist() == ["pau-kec"]
        assert ds.applicants["applicant_id"].tolist() == ["a3"]
        assert ds.employees["employee_id"].tolist() == ["e3"]
        assert ds.performance.empty and ds.skm["unit_id"].tolist() == ["pau-kec"]
        assert ds.regions["region_id"].tolist() == ["pauh"]

    def test_unknown_region_lists_the_ones_present(self, tiny_csv):
        with pytest.raises(ValueError, match="'padang' is not in the data.*bangko, pauh"):
            ap.load_dataset(tiny_csv, region="padang")


class TestBadInput:
    def test_latin1_names_file_and_line(self, tiny_csv):
        path = tiny_csv / "units.csv"
        path.write_bytes(path.read_text().replace("Camat Pauh", "Camat Pauh é").encode("latin-1"))
        err = load_error(tiny_csv)
        p = err.problems.iloc[0]
        assert p["file"].endswith("units.csv") and p["row"] == 4
        assert "utf-8" in p["rule"] and "latin-1" in p["rule"]

    def test_empty_file_is_an_absent_table(self, tiny_csv):
        (tiny_csv / "skm.csv").write_bytes(b"")
        assert ap.load_dataset(tiny_csv).skm is None
        notes = ap.reading.source_notes(tiny_csv)
        assert any(n.endswith("skm.csv: the file is empty or has only a header row; the table "
                              "skm counts as absent") for n in notes)  # fmt: skip

    def test_misspelt_header(self, tiny_csv):
        edit_csv(
            tiny_csv, "applicants", lambda lines: [lines[0].replace("tkp", "TKP score"), *lines[1:]]
        )
        err = load_error(tiny_csv)
        rows = err.problems.set_index("column")["rule"]
        assert "did you mean 'tkp'" in rows["tkp_score"]
        assert rows["tkp"] == "required column is missing"
        assert "applicants.csv (table applicants), column tkp: required column is missing" in str(
            err
        )

    def test_duplicate_column(self, tiny_csv):
        edit_csv(
            tiny_csv,
            "units",
            lambda lines: [x + ",x" for x in lines[:1]] + [x + ",1" for x in lines[1:]],
        )
        edit_csv(tiny_csv, "units", lambda lines: [lines[0][:-1] + "sector", *lines[1:]])
        err = load_error(tiny_csv)
        assert err.problems[["column", "rule"]].values.tolist() == [
            ["sector", "column appears more than once"]
        ]

    def test_personal_identifier_column(self, tiny_csv):
        edit_csv(
            tiny_csv,
            "employees",
            lambda lines: [lines[0] + ",NIP"] + [x + ",199001012020121001" for x in lines[1:]],
        )
        err = load_error(tiny_csv)
        assert err.problems.loc[0, "column"] == "nip"
        assert "personal identifier" in err.problems.loc[0, "rule"]
        assert "199001012020121001" not in str(err)  # the message never echoes the NIP

    def test_duplicate_key(self, tiny_csv):
        edit_csv(tiny_csv, "formasi", lambda lines: [*lines, lines[1]])
        err = load_error(tiny_csv)
        dup = err.problems[err.problems["column"] == "formasi_id"]
        assert dup["row"].tolist() == [2, 4]
        assert dup["rule"].str.contains("unique").all()

    def test_duplicate_composite_key(self, tiny_csv):
        edit_csv(tiny_csv, "performance", lambda lines: [*lines, lines[2]])
        err = load_error(tiny_csv)
        assert err.problems["row"].tolist() == [3, 5]
        assert err.problems["column"].unique().tolist() == ["employee_id, year"]

    def test_broken_reference(self, tiny_csv):
        edit_csv(
            tiny_csv,
            "applicants",
            lambda lines: [lines[0], lines[1].replace(",f1,", ",f9,"), *lines[2:]],
        )
        err = load_error(tiny_csv)
        p = err.problems.iloc[0]
        assert (p["table"], p["row"], p["column"], p["value"]) == (
            "applicants",
            2,
            "formasi_id",
            "f9",
        )
        assert p["rule"] == "must exist in formasi.formasi_id"

    def test_non_numeric_score(self, tiny_csv):
        edit_csv(
            tiny_csv,
            "applicants",
            lambda lines: [
                lines[0],
                lines[1].replace(",95,110,190,", ",95,seratus,190,"),
                *lines[2:],
            ],
        )
        err = load_error(tiny_csv)
        p = err.problems.iloc[0]
        assert (p["row"], p["column"], p["rule"], p["value"]) == (
            2,
            "tiu",
            "must be a whole number",
            "seratus",
        )
        assert len(err.problems) == 1  # reported once, not again as empty or incomplete

    def test_bad_date_and_boolean(self, tiny_csv):
        def edit(lines):
            lines[1] = lines[1].replace("2024-08-20", "20/08/2024").replace(",True,", ",maybe,", 1)
            return lines

        edit_csv(tiny_csv, "applicants", edit)
        err = load_error(tiny_csv)
        by_column = err.problems.set_index("column")
        assert by_column.loc["registered_on", "rule"] == "must be a date written YYYY-MM-DD"
        assert by_column.loc["admin_pass", "rule"] == "must be true or false"

    def test_negative_volume_and_wrong_period(self, tiny_csv):
        def edit(lines):
            lines[1] = lines[1].replace(",20.0,day,", ",-20.0,day,")
            lines[2] = lines[2].replace(",week,", ",fortnight,")
            return lines

        edit_csv(tiny_csv, "workload", edit)
        err = load_error(tiny_csv)
        assert err.problems[["row", "column"]].values.tolist() == [
            [2, "volume"],
            [3, "volume_period"],
        ]
        assert "must be one of year, month, week, day" in str(err)

    def test_ragged_row(self, tiny_csv):
        edit_csv(tiny_csv, "skm", lambda lines: [*lines, lines[1] + ",extra,cells"])
        err = load_error(tiny_csv)
        assert err.problems.loc[0, "row"] == 4
        assert "cannot be read as CSV" in err.problems.loc[0, "rule"]

    def test_two_files_for_one_table(self, tiny, tiny_csv):
        tiny.units.to_parquet(tiny_csv / "units.parquet")
        assert "more than one file holds this table" in str(load_error(tiny_csv))

    def test_unsupported_format(self, tiny_csv):
        (tiny_csv / "units.csv").rename(tiny_csv / "units.xls")
        assert "files ending in .xls are not read" in str(load_error(tiny_csv))

    def test_damaged_parquet_and_xlsx(self, tiny_csv):
        (tiny_csv / "units.csv").unlink()
        (tiny_csv / "units.parquet").write_bytes(b"not parquet")
        (tiny_csv / "skm.csv").unlink()
        (tiny_csv / "skm.xlsx").write_bytes(b"not a workbook")
        text = str(load_error(tiny_csv))
        assert "cannot be read as Parquet" in text and "cannot be read as XLSX" in text

    def test_missing_path_and_empty_folder(self, tmp_path):
        assert "no such file or folder" in str(load_error(tmp_path / "nowhere"))
        assert "no table files found" in str(load_error(tmp_path))

    def test_every_problem_in_one_error_grouped_by_column_and_rule(self, tiny_csv):
        rows = [f"r{i},bgk-dinkes,2025-01-01,,KTP,9,3,3,3,3,3,3,3,3,,," for i in range(60)]
        edit_csv(tiny_csv, "skm", lambda lines: [lines[0], *rows])
        edit_csv(
            tiny_csv, "units", lambda lines: [lines[0], lines[1].replace("health", "x"), *lines[2:]]
        )
        err = load_error(tiny_csv)
        assert len(err.problems) == 61
        text = str(err).splitlines()
        assert text[0] == "The data has 61 problems of 2 kinds:"
        assert len(text) == 1 + 2
        assert (
            "column u1: must be at most 4; 60 rows (2, 3, 4, 5, 6, 7, 8, 9 and 52 more)"
            in (text[2])
        )
        assert "row 2, column sector: must be one of" in text[1]

    def test_input_files_never_modified(self, tiny_csv):
        edit_csv(
            tiny_csv, "units", lambda lines: [lines[0], lines[1].replace("health", "x"), *lines[2:]]
        )
        before = snapshot(tiny_csv)
        load_error(tiny_csv)
        edit_csv(
            tiny_csv,
            "units",
            lambda lines: [lines[0], lines[1].replace(",x,", ",health,"), *lines[2:]],
        )
        before = snapshot(tiny_csv)
        ap.load_dataset(tiny_csv)
        assert snapshot(tiny_csv) == before


class TestSave:
    def test_failed_save_leaves_nothing_half_written(self, tiny, tmp_path, monkeypatch):
        target = tmp_path / "out"
        original = aio.write_table
        calls = []

        def failing(frame, path, fmt):
            calls.append(path.name)
            if len(calls) == 5:
                raise OSError("disk full")
            original(frame, path, fmt)

        monkeypatch.setattr(aio, "write_table", failing)
        with pytest.raises(OSError):
            tiny.save(target, format="csv")
        assert not target.exists()
        assert [p.name for p in tmp_path.iterdir()] == []  # no staging folder left behind

    def test_save_replaces_an_older_version(self, tiny, tmp_path):
        target = tiny.save(tmp_path / "out", format="csv")
        smaller = ap.Dataset(**{**tiny.tables(), "units": tiny.units.head(1)})
        smaller.save(target, format="csv")
        assert len(pd.read_csv(target / "units.csv")) == 1

    def test_workbook_needs_xlsx_suffix(self, tiny, tmp_path):
        with pytest.raises(ValueError, match=r"must end in \.xlsx"):
            tiny.save(tmp_path / "book.xls", format="workbook")

    def test_content_hash_ignores_storage_and_sees_content(self, tiny, tmp_path):
        changed = ap.Dataset(**{**tiny.tables(), "units": tiny.units.assign(front_line=True)})
        assert changed.content_hash() != tiny.content_hash()


class TestTemplates:
    def test_templates_load_as_an_empty_dataset(self, tmp_path):
        out = ap.write_templates(tmp_path / "tpl")
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [f"{t}.csv" for t in TABLES] + ["asnpolicy_templates.xlsx"]
        )
        ds = ap.load_dataset(out)  # every file holds only a header: every table absent
        assert ds.summary()["rows"].sum() == 0 and not ds.summary()["present"].any()

    def test_workbook_has_a_sheet_per_table_and_a_dictionary(self, tmp_path):
        book = ap.write_templates(tmp_path / "tpl") / "asnpolicy_templates.xlsx"
        wb = openpyxl.load_workbook(book)
        assert wb.sheetnames == [*TABLES, "data_dictionary"]
        header = [c.value for c in wb["applicants"][1]]
        assert header == list(TABLES["applicants"].columns)
        assert not ap.load_dataset(book).summary()["present"].any()


class TestRegionOfTheData:
    """A Dataset knows its region(s), their names and the region of every row."""

    @pytest.fixture(scope="class")
    @classmethod
    def four(cls):
        from asnpolicy.synth import generate

        return generate(years=(2024,), seed=5, scale=0.2)

    def test_region_ids_in_study_order_then_by_id(self, four):
        assert four.region_ids() == ["bangko", "batanghari", "pauh", "bukittinggi"]
        regions = pd.concat(
            [four.regions, four.regions.iloc[[0]].assign(region_id="aceh", name="Aceh")]
        )
        extended = ap.Dataset(**{**four.tables(), "regions": regions})
        assert extended.region_ids()[-1] == "aceh"

    def test_one_region_or_a_clear_error(self, four):
        assert four.for_region("pauh").region == "pauh"
        with pytest.raises(ValueError, match=r"cover 4 regions \(bangko, batanghari"):
            _ = four.region
        with pytest.raises(ValueError, match="no region"):
            _ = ap.Dataset().region

    def test_region_name_from_the_registry_then_the_data(self, four):
        assert four.for_region("bukittinggi").region_name() == "Bukittinggi"
        assert four.region_name("pauh") == "Pauh"
        own = ap.Dataset(regions=pd.DataFrame({"region_id": ["kab_x"], "name": ["Kabupaten X"]}))
        assert own.region_name() == "Kabupaten X"
        assert ap.Dataset(units=four.units.assign(region_id="kab_y")).region_name() == "kab_y"

    @pytest.mark.parametrize(
        "table", ["units", "positions", "workload", "applicants", "assessments", "skm",
                  "performance", "training", "promotions", "employees", "formasi"]
    )  # fmt: skip
    def test_region_of_every_row_matches_a_join_by_hand(self, four, table):
        got = four.region_of(table)
        frame = getattr(four, table)
        assert got.index.equals(frame.index) and got.name == "region_id"
        unit = four.units.set_index("unit_id")["region_id"]
        by_hand = {
            "units": lambda f: f["region_id"],
            "employees": lambda f: f["region_id"],
            "formasi": lambda f: f["region_id"],
            "positions": lambda f: f["unit_id"].map(unit),
            "skm": lambda f: f["unit_id"].map(unit),
            "workload": lambda f: (
                f["position_id"].map(four.positions.set_index("position_id")["unit_id"]).map(unit)
            ),
            "applicants": lambda f: f["formasi_id"].map(
                four.formasi.set_index("formasi_id")["region_id"]
            ),
            "assessments": lambda f: (
                f["applicant_id"]
                .map(four.applicants.set_index("applicant_id")["formasi_id"])
                .map(four.formasi.set_index("formasi_id")["region_id"])
            ),
        }.get(
            table,
            lambda f: f["employee_id"].map(four.employees.set_index("employee_id")["region_id"]),
        )
        pd.testing.assert_series_equal(
            got.astype(object), by_hand(frame).astype(object), check_names=False
        )
        # every row of a region's own dataset belongs to that region
        for region in ("pauh", "bangko"):
            assert set(four.for_region(region).region_of(table).dropna()) == {region}

    def test_region_of_needs_the_parents(self, four):
        no_units = ap.Dataset(positions=four.positions)
        with pytest.raises(ValueError, match="units"):
            no_units.region_of("positions")
