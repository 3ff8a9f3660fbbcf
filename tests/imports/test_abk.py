"""Anjab-ABK task tables -> workload and positions: units of time, periods, jabatan matching."""

from __future__ import annotations

import pandas as pd
import pytest

from asnpolicy import rules
from asnpolicy.identifiers import Pseudonymiser, make_nip
from asnpolicy.imports.abk import import_abk, looks_like, position_kind, time_unit
from asnpolicy.imports.context import ImportContext
from asnpolicy.imports.mapping import MappingBook
from asnpolicy.imports.rawfiles import ImportFailure, RawTable, read_export
from asnpolicy.synth import generate


def _ctx(mapping: MappingBook | None = None, existing: dict | None = None, **params):
    return ImportContext(
        "pauh",
        Pseudonymiser(b"k" * 32),
        mapping=mapping or MappingBook(),
        existing=existing or {},
        params=params,
        lang="en",
    )


def _raw(columns: dict, file: str = "abk.xlsx", sheet: str | None = "ABK") -> RawTable:
    frame = pd.DataFrame(columns, dtype="str")
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return RawTable(file, sheet, frame)


def _lines(n: int = 4, **over) -> dict:
    """n lines of one jabatan of one unit, one per period."""
    base = {
        "Unit Kerja": ["Dinas Kesehatan"] * n,
        "Nama Jabatan": ["Pengelola Data"] * n,
        "Uraian Tugas": [f"Tugas {i}" for i in range(1, n + 1)],
        "Hasil Kerja": ["Laporan"] * n,
        "Jumlah Hasil": ["12", "2", "1,5", "4"][:n],
        "Waktu Penyelesaian": ["2", "30", "0,5", "1"][:n],
        "Satuan Waktu": ["jam", "menit", "jam", "jam"][:n],
        "Keterangan Waktu": ["Tahun", "Bulan", "Minggu", "Hari"][:n],
    }
    base.update(over)
    return base


def _existing() -> dict[str, pd.DataFrame]:
    units = pd.DataFrame(
        {
            "unit_id": ["u-dinkes", "u-camat"],
            "region_id": "pauh",
            "name": ["DINAS KESEHATAN", "Kantor Camat Pauh"],
        }
    )
    positions = pd.DataFrame(
        {
            "position_id": ["u-dinkes-1", "u-dinkes-2", "u-camat-1"],
            "unit_id": ["u-dinkes", "u-dinkes", "u-camat"],
            "title": ["Pengelola Data", "Perawat Ahli Pertama", "Camat"],
            "kind": ["pelaksana", "fungsional_ahli_pertama", "administrator"],
        }
    )
    return {"units": units.astype("str"), "positions": positions.astype("str")}


class TestLooksLike:
    def test_abk_table(self):
        assert looks_like(_raw(_lines()))
        assert looks_like(_raw({"Tahapan": [], "Beban Kerja": [], "Norma Waktu": []}))

    def test_other_kinds(self):
        skp = {"nip": [], "tahun": [], "kuadranKinerja": []}
        siasn = {"nip_baru": [], "nama": [], "jabatan_nama": [], "unor_nama": []}
        skm = {"u1": [], "u2": [], "nama": [], "created_at": []}
        assert not any(looks_like(_raw(c)) for c in (skp, siasn, skm))


class TestTimeUnit:
    def test_satuan_column_per_line(self):
        got = import_abk([_raw(_lines())], _ctx()).tables["workload"]
        assert got["norm_minutes"].tolist() == [120.0, 30.0, 30.0, 60.0]
        assert got["volume"].tolist() == [12.0, 2.0, 1.5, 4.0]

    def test_unit_in_the_header(self):
        lines = _lines()
        del lines["Satuan Waktu"]
        lines["Waktu Penyelesaian (Jam)"] = lines.pop("Waktu Penyelesaian")
        result = import_abk([_raw(lines)], _ctx())
        assert result.tables["workload"]["norm_minutes"].tolist() == [120.0, 1800.0, 30.0, 60.0]
        assert any("Waktu Penyelesaian (Jam)" in n for n in result.files[0].notes)

    @pytest.mark.parametrize(("unit", "factor"), [("jam", 60.0), ("menit", 1.0), ("Minutes", 1.0)])
    def test_asked_as_a_parameter(self, unit, factor):
        lines = _lines()
        del lines["Satuan Waktu"]
        got = import_abk([_raw(lines)], _ctx(abk_time_unit=unit)).tables["workload"]
        assert got["norm_minutes"].tolist() == [2 * factor, 30 * factor, 0.5 * factor, factor]

    def test_not_said_anywhere_stops_with_the_parameter_to_pass(self):
        lines = _lines()
        del lines["Satuan Waktu"]
        with pytest.raises(ImportFailure) as err:
            import_abk([_raw(lines)], _ctx())
        message = str(err.value)
        assert "--param abk_time_unit=jam" in message and "menit" in message
        assert message.count(".") <= 2 and "\n" not in message  # one sentence

    def test_a_wrong_parameter_is_refused(self):
        with pytest.raises(ImportFailure, match="abk_time_unit"):
            import_abk([_raw(_lines())], _ctx(abk_time_unit="hari"))

    def test_words(self):
        assert [time_unit(w) for w in ("Jam", "MENIT", "mnt.", "hours", None, "detik")] == [
            "jam",
            "menit",
            "menit",
            "jam",
            None,
            None,
        ]


class TestPeriod:
    def test_keterangan_waktu(self):
        got = import_abk([_raw(_lines())], _ctx()).tables["workload"]
        assert got["volume_period"].tolist() == ["year", "month", "week", "day"]
        assert set(got["volume_period"]) <= set(rules.ABK_ANNUALISATION)

    def test_waktu_efektif_checks_and_fills_the_period(self):
        # singgihadis/anjab: 72,000 minutes a year, 6,000 a month, 1,500 a week (and 300 a day)
        lines = _lines(
            **{
                "Keterangan Waktu": ["Tahun", None, "Minggu", "Tahun"],
                "Waktu Efektif": ["72.000", "6.000", "1.500", "300"],
            }
        )
        result = import_abk([_raw(lines)], _ctx())
        got = result.tables["workload"]
        assert got["volume_period"].tolist() == ["year", "month", "week", "year"]
        notes = " | ".join(result.files[0].notes)
        assert "1 line has no keterangan waktu: its period is read from its waktu efektif" in notes
        assert "1 line has a waktu efektif that fits another period" in notes
        assert "72,000 minutes (1,200 h)" in notes and "effective_minutes=72000" in notes

    def test_no_keterangan_column_at_all(self):
        lines = _lines(**{"Waktu Efektif": ["72000", "6000", "1500", "300"]})
        del lines["Keterangan Waktu"]
        got = import_abk([_raw(lines)], _ctx(effective_minutes=72000)).tables["workload"]
        assert got["volume_period"].tolist() == ["year", "month", "week", "day"]

    def test_neither_keterangan_nor_waktu_efektif_is_refused(self):
        lines = _lines()
        del lines["Keterangan Waktu"]
        with pytest.raises(ImportFailure, match="keterangan waktu"):
            import_abk([_raw(lines)], _ctx())


class TestRejected:
    def test_reasons_with_file_row_and_column(self):
        lines = _lines(
            4,
            **{
                "Jumlah Hasil": ["banyak", "2", "-1", "4"],
                "Waktu Penyelesaian": ["2", "0", "1", "x"],
                "Keterangan Waktu": ["Tahun", "Bulan", "Minggu", "Semester"],
                "Satuan Waktu": ["jam", "jam", "jam", "jam"],
            },
        )
        lines["Waktu Penyelesaian"][3] = "1"
        result = import_abk([_raw(lines, file="abk_dinkes.xlsx")], _ctx())
        rejected = result.rejected.set_index("row")
        assert rejected.loc[2, ["column", "value"]].tolist() == ["Jumlah Hasil", "banyak"]
        assert rejected.loc[3, ["column", "value"]].tolist() == ["Waktu Penyelesaian", "0"]
        assert rejected.loc[4, "column"] == "Jumlah Hasil"
        assert rejected.loc[5, ["column", "value"]].tolist() == ["Keterangan Waktu", "Semester"]
        assert "tahun, bulan, minggu or hari" in rejected.loc[5, "reason"]
        assert rejected["file"].eq("abk_dinkes.xlsx").all()
        assert not len(result.tables["workload"])
        assert (
            result.files[0].rows_kept == 0 and sum(result.files[0].rejected_by_reason.values()) == 4
        )

    def test_repeated_tasks(self):
        lines = _lines(
            3,
            **{
                "Uraian Tugas": ["Menyusun laporan"] * 3,
                "Hasil Kerja": ["Laporan bulanan", "Laporan tahunan", "Laporan tahunan"],
            },
        )
        result = import_abk([_raw(lines)], _ctx())
        assert result.tables["workload"]["task"].tolist() == [
            "Menyusun laporan (Laporan bulanan)",
            "Menyusun laporan (Laporan tahunan)",
        ]
        (row,) = result.rejected.itertuples(index=False)
        assert row.row == 4 and "twice" in row.reason


class TestLayoutQuirks:
    def test_merged_cells_headings_and_totals(self):
        frame = {
            "Unit Kerja": ["Dinas Kesehatan", None, None, None, None],
            "Nama Jabatan": ["Pengelola Data", None, None, "Perawat Ahli Pertama", None],
            "Uraian Tugas": [None, "Mengolah data", "Jumlah", "Asuhan keperawatan", "Total WPT"],
            "Jumlah Hasil": [None, "120", None, "20", None],
            "Waktu Penyelesaian": [None, "30", "3600", "60", "1200"],
            "Satuan Waktu": [None, "menit", None, "menit", None],
            "Keterangan Waktu": [None, "Tahun", None, "Hari", None],
        }
        result = import_abk([_raw(frame)], _ctx())
        got = result.tables["workload"]
        assert got["task"].tolist() == ["Mengolah data", "Asuhan keperawatan"]
        assert not len(result.rejected)
        positions = result.tables["positions"].set_index("title")
        assert positions.loc["Perawat Ahli Pertama", "kind"] == "fungsional_ahli_pertama"
        assert positions["unit_id"].nunique() == 1
        notes = " | ".join(result.files[0].notes)
        assert "3 rows without a task (headings or totals) skipped" in notes
        assert "from the line above (merged cells)" in notes

    def test_files_with_a_title_row_and_a_semicolon_csv(self, tmp_path):
        path = tmp_path / "abk.xlsx"
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame([["ANALISIS BEBAN KERJA DINAS KESEHATAN 2024"]]).to_excel(
                writer, sheet_name="ABK", index=False, header=False
            )
            pd.DataFrame(_lines()).to_excel(writer, sheet_name="ABK", index=False, startrow=2)
        result = import_abk(read_export(path), _ctx())
        assert result.tables["workload"]["norm_minutes"].tolist() == [120.0, 30.0, 30.0, 60.0]
        assert result.tables["workload"]["source_row"].tolist() == [4, 5, 6, 7]
        csv = tmp_path / "abk.csv"
        pd.DataFrame(_lines()).to_csv(csv, sep=";", index=False)
        got = import_abk(read_export(csv), _ctx()).tables["workload"]
        assert got["volume"].tolist() == [12.0, 2.0, 1.5, 4.0]

    def test_holders_listed_in_the_file_are_never_written(self):
        nips = make_nip(
            pd.Series(pd.to_datetime(["1980-02-03", "1990-04-05"])),
            pd.Series([2005, 2015]),
            pd.Series([3, 4]),
            pd.Series(["male", "female"]),
            pd.Series([1, 2]),
        ).tolist()
        lines = _lines(2, **{"NIP": nips, "Nama Pemangku": ["Pegawai Satu", "Pegawai Dua"]})
        result = import_abk([_raw(lines)], _ctx())
        assert {"NIP", "Nama Pemangku"} <= set(result.files[0].columns_ignored)
        blob = "".join(f.to_csv() for f in result.tables.values()) + result.rejected.to_csv()
        blob += str(result.files)
        assert not any(x in blob for x in [*nips, "Pegawai Satu"])


class TestPositions:
    def test_matched_to_the_folder_by_unit_and_title(self):
        lines = _lines(
            3,
            **{
                "Unit Kerja": ["Dinas  Kesehatan", "dinas kesehatan", "Kantor Camat Pauh"],
                "Nama Jabatan": ["PENGELOLA DATA", "Perawat Ahli Pertama", "Camat"],
            },
        )
        result = import_abk([_raw(lines)], _ctx(existing=_existing()))
        assert result.tables["workload"]["position_id"].tolist() == [
            "u-dinkes-1",
            "u-dinkes-2",
            "u-camat-1",
        ]
        assert set(result.tables) == {"workload"}

    def test_unmatched_jabatan_is_asked_then_answered(self):
        lines = _lines(2, **{"Nama Jabatan": ["Pengelola Data", "Pranata Komputer Ahli Muda"]})
        book = MappingBook()
        result = import_abk([_raw(lines)], _ctx(mapping=book, existing=_existing()))
        assert result.tables["workload"]["position_id"].tolist() == ["u-dinkes-1"]
        (row,) = result.rejected.itertuples(index=False)
        assert row.row == 3 and row.column == "jabatan" and "jabatan_abk" in row.reason
        asked = book.asked["jabatan_abk"]
        assert asked[["abk_unit", "abk_jabatan"]].values.tolist() == [
            ["Dinas Kesehatan", "Pranata Komputer Ahli Muda"]
        ]
        assert book.open_questions() == {"jabatan_abk": 1}

        answered = asked.assign(position_id="u-dinkes-1")
        book = MappingBook({"jabatan_abk": answered})
        result = import_abk([_raw(lines)], _ctx(mapping=book, existing=_existing()))
        assert not len(result.rejected)
        assert result.tables["workload"]["position_id"].tolist() == ["u-dinkes-1"] * 2

    def test_an_answer_with_a_new_id_adds_the_position(self):
        lines = _lines(1, **{"Nama Jabatan": ["Pranata Komputer Ahli Muda"]})
        answered = pd.DataFrame(
            {
                "abk_unit": ["Dinas Kesehatan"],
                "abk_jabatan": ["Pranata Komputer Ahli Muda"],
                "position_id": ["u-dinkes-prakom"],
            }
        )
        book = MappingBook({"jabatan_abk": answered})
        result = import_abk([_raw(lines)], _ctx(mapping=book, existing=_existing()))
        assert result.tables["workload"]["position_id"].tolist() == ["u-dinkes-prakom"]
        new = result.tables["positions"]
        assert new[["position_id", "unit_id", "kind"]].values.tolist() == [
            ["u-dinkes-prakom", "u-dinkes", "fungsional_ahli_muda"]
        ]
        assert "units" not in result.tables  # the unit is the folder's

    def test_made_from_the_abk_without_siasn(self):
        lines = _lines(
            3,
            **{
                "Unit Kerja": ["Dinas Kesehatan", "Dinas Kesehatan", "Kantor Camat Pauh"],
                "Nama Jabatan": ["Kepala Dinas Kesehatan", "Kepala Seksi Gizi", "Camat"],
            },
        )
        book = MappingBook()
        result = import_abk([_raw(lines)], _ctx(mapping=book))
        positions = result.tables["positions"]
        assert positions[["position_id", "unit_id", "kind"]].values.tolist() == [
            ["dinas-kesehatan-kepala-dinas-kesehatan", "dinas-kesehatan", "jpt_pratama"],
            ["dinas-kesehatan-kepala-seksi-gizi", "dinas-kesehatan", "pengawas"],
            ["kantor-camat-pauh-camat", "kantor-camat-pauh", "administrator"],
        ]
        assert positions[["req_teknis", "req_manajerial", "req_sosial_kultural"]].isna().all().all()
        units = result.tables["units"]
        assert units[["unit_id", "region_id", "name"]].values.tolist() == [
            ["dinas-kesehatan", "pauh", "Dinas Kesehatan"],
            ["kantor-camat-pauh", "pauh", "Kantor Camat Pauh"],
        ]
        assert book.open_questions() == {"unit": 2}  # sector and front line
        assert (
            result.tables["workload"]["position_id"].tolist() == positions["position_id"].tolist()
        )
        assert any("kind guessed from the title" in n for n in result.files[0].notes)

    def test_unit_answers_from_the_workbook(self):
        answers = pd.DataFrame(
            {
                "source_id": ["dinas-kesehatan"],
                "unit_id": ["dinkes"],
                "sector": ["kesehatan"],
                "front_line": ["ya"],
            }
        )
        result = import_abk([_raw(_lines(1))], _ctx(mapping=MappingBook({"unit": answers})))
        units = result.tables["units"]
        assert units[["unit_id", "sector", "front_line"]].values.tolist() == [
            ["dinkes", "health", True]
        ]
        assert result.tables["positions"]["position_id"].tolist() == ["dinkes-pengelola-data"]

    @pytest.mark.parametrize(
        ("title", "kind"),
        [
            ("Kepala Badan Kepegawaian dan Pengembangan SDM", "jpt_pratama"),
            ("Sekretaris Daerah", "jpt_pratama"),
            ("Sekretaris Dinas", "administrator"),
            ("Kepala Bidang Mutasi", "administrator"),
            ("Kepala Bagian Umum", "administrator"),
            ("Inspektur Pembantu Wilayah I", "administrator"),
            ("Kepala Sub Bagian Keuangan", "pengawas"),
            ("Kepala Subbagian Umum dan Kepegawaian", "pengawas"),
            ("Kepala Seksi Pelayanan", "pengawas"),
            ("Lurah Pasar", "pengawas"),
            ("Analis Kebijakan Ahli Muda", "fungsional_ahli_muda"),
            ("Dokter Ahli Madya", "fungsional_ahli_madya"),
            ("Auditor Ahli Utama", "fungsional_ahli_utama"),
            ("Perawat Terampil", "fungsional_terampil"),
            ("Pranata Komputer Penyelia", "fungsional_terampil"),
            ("Pengadministrasi Perkantoran", "pelaksana"),
        ],
    )
    def test_kind_from_the_title(self, title, kind):
        assert position_kind(pd.Series([title])).tolist() == [kind]
        assert kind in rules.POSITION_KINDS


class TestRoundTrip:
    """The sample's workload written as an ABK file (hours, keterangan waktu, waktu efektif)
    comes back onto the sample's positions."""

    @pytest.fixture(scope="class")
    @classmethod
    def sample(cls):
        return generate(regions=["pauh"], years=(2024,), scale=0.3)

    def test_sample_workload_recovered(self, sample):
        work = sample.workload.merge(sample.positions, on="position_id").merge(
            sample.units[["unit_id", "name"]], on="unit_id"
        )
        words = {"year": "Tahun", "month": "Bulan", "week": "Minggu", "day": "Hari"}
        minutes = {"year": 72000, "month": 6000, "week": 1500, "day": 300}
        raw = _raw(
            {
                "Unit Kerja": work["name"],
                "Nama Jabatan": work["title"],
                "Uraian Tugas": work["task"],
                "Hasil Kerja": "Dokumen",
                "Jumlah Hasil": work["volume"].map(lambda v: f"{v:g}".replace(".", ",")),
                "Waktu Penyelesaian": (work["norm_minutes"] / 60).map(lambda v: f"{v:.4f}"),
                "Satuan Waktu": "Jam",
                "Keterangan Waktu": work["volume_period"].map(words),
                "Waktu Efektif": work["volume_period"].map(minutes).astype(str),
            }
        )
        existing = {
            "units": sample.units.astype("str"),
            "positions": sample.positions.astype("str"),
        }
        result = import_abk([raw], _ctx(existing=existing))
        assert not len(result.rejected) and set(result.tables) == {"workload"}
        got = result.tables["workload"]
        cols = ["position_id", "task", "volume", "volume_period"]
        pd.testing.assert_frame_equal(
            got[cols].reset_index(drop=True),
            sample.workload[cols].reset_index(drop=True),
            check_dtype=False,
        )
        # hours to four decimals (0,3333 jam) give the sample's minutes back
        assert got["norm_minutes"].tolist() == sample.workload["norm_minutes"].tolist()
        assert not any("another period" in n for n in result.files[0].notes)
