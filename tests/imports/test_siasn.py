"""The SIASN / SAPK employee import: both vintages, PNS and PPPK files, the unit tree, the NIP
fallback, codes, rejected rows, duplicates, and no identifier in any output."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy.identifiers import Pseudonymiser, make_nik, make_nip
from asnpolicy.imports.context import ImportContext
from asnpolicy.imports.mapping import MappingBook
from asnpolicy.imports.rawfiles import ImportFailure, read_export
from asnpolicy.imports.siasn import (
    EDUCATION_CODES,
    LAYOUTS,
    import_siasn,
    looks_like,
    position_kind,
)
from asnpolicy.rules import POSITION_KINDS

KEY = b"test-key-" * 4
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$")

#: The SIASN 2024 column list (real-exports.md A2), in the export's order.
SIASN_COLUMNS = [
    "pns_id", "nip_baru", "nip_lama", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir_id",
    "tempat_lahir_nama", "tanggal_lahir", "jenis_kelamin", "agama_id", "agama_nama",
    "jenis_kawin_id", "jenis_kawin_nama", "nik", "nomor_hp", "email", "email_gov", "alamat",
    "npwp_nomor", "bpjs", "jenis_pegawai_id", "jenis_pegawai_nama", "kedudukan_hukum_id",
    "kedudukan_hukum_nama", "status_cpns_pns", "kartu_asn_virtual", "nomor_sk_cpns",
    "tanggal_sk_cpns", "tmt_cpns", "nomor_sk_pns", "tanggal_sk_pns", "tmt_pns", "gol_awal_id",
    "gol_awal_nama", "gol_akhir_id", "gol_akhir_nama", "tmt_golongan", "mk_tahun", "mk_bulan",
    "jenis_jabatan_id", "jenis_jabatan_nama", "jabatan_id", "jabatan_nama", "tmt_jabatan",
    "tingkat_pendidikan_id", "tingkat_pendidikan_nama", "pendidikan_id", "pendidikan_nama",
    "tahun_lulus", "kpkn_id", "kpkn_nama", "lokasi_kerja_id", "lokasi_kerja_nama", "unor_id",
    "unor_nama", "instansi_induk_id", "instansi_induk_nama", "instansi_kerja_id",
    "instansi_kerja_nama", "satuan_kerja_induk_id", "satuan_kerja_induk_nama",
    "satuan_kerja_kerja_id", "satuan_kerja_kerja_nama", "is_valid_nik", "nama_sekolah",
    "flag_ikd", "eselon_id",
]  # fmt: skip
#: SIASN 2024 name -> SAPK name where they differ (real-exports.md A2, sapk.xlsx loader).
SAPK_NAMES = {
    "gelar_belakang": "GELAR_BLK", "tanggal_lahir": "TGL_LAHIR", "kartu_asn_virtual":
    "KARTU_PEGAWAI", "tanggal_sk_cpns": "TGL_SK_CPNS", "tanggal_sk_pns": "TGL_SK_PNS",
    "gol_akhir_id": "GOL_ID", "gol_akhir_nama": "GOL_NAMA", "satuan_kerja_kerja_id":
    "SATUAN_KERJA_KERJA_ID",
}  # fmt: skip

#: (jenis_jabatan_id, jenis_jabatan_nama, jabatan_id, jabatan_nama, eselon_id, kind)
JOBS = [
    ("1", "Jabatan Struktural", "JS-KADIS", "Kepala Dinas", "22", "jpt_pratama"),
    ("1", "Jabatan Struktural", "JS-SEKR", "Sekretaris Dinas", "31", "administrator"),
    ("1", "Jabatan Struktural", "JS-KASI", "Kepala Seksi Pelayanan", "41", "pengawas"),
    ("2", "Jabatan Fungsional Tertentu", "JF-PRW1", "Perawat Ahli Pertama", None,
     "fungsional_ahli_pertama"),
    ("2", "Jabatan Fungsional Tertentu", "JF-DOK2", "Dokter Ahli Muda", None,
     "fungsional_ahli_muda"),
    ("2", "Jabatan Fungsional Tertentu", "JF-GURU3", "Guru Ahli Madya", None,
     "fungsional_ahli_madya"),
    ("2", "Jabatan Fungsional Tertentu", "JF-BID", "Bidan Terampil", None,
     "fungsional_terampil"),
    ("4", "Jabatan Fungsional Umum", "JU-PU", "Pengadministrasi Umum", None, "pelaksana"),
]  # fmt: skip
#: (tingkat_pendidikan_id, name, level)
SCHOOLING = [("40", "S-1/Sarjana", "s1"), ("30", "Diploma III/Sarjana Muda", "d3"),
             ("45", "S-2", "s2"), ("15", "SLTA", "sma"), ("05", "Sekolah Dasar", "sd")]  # fmt: skip
#: unor the staff sit in -> (OPD id, OPD name): two OPDs under one instansi.
UNORS = {"SUB-1B": "OPD-1", "SUB-1A": "OPD-1", "OPD-1": "OPD-1", "SUB-2A": "OPD-2"}
OPD_NAMES = {"OPD-1": "Dinas Kesehatan", "OPD-2": "Dinas Pendidikan"}


def truth(n: int, *, seed: int = 1, pppk: bool = False, serial0: int = 1) -> pd.DataFrame:
    """Synthetic people: what the export should decode back to."""
    rng = np.random.default_rng(seed)
    birth = pd.Series(pd.Timestamp("1968-01-01") + pd.to_timedelta(rng.integers(0, 11000, n), "D"))
    gender = pd.Series(np.where(rng.random(n) < 0.5, "male", "female"))
    tmt_year = birth.dt.year + pd.Series(rng.integers(19, 30, n))  # hired at 19-29
    tmt_month = pd.Series(rng.integers(1, 13, n))
    serial = pd.Series(np.arange(serial0, serial0 + n))
    nip = make_nip(birth, tmt_year, tmt_month, gender, serial, pppk=pd.Series([pppk] * n))
    local = pd.Series(rng.random(n) < 0.7)
    area = pd.Series(np.where(local, "15.02", "13.71"))
    nik = make_nik(area, pd.Series([3] * n), birth, gender, serial)
    return pd.DataFrame(
        {
            "birth": birth, "gender": gender, "tmt_year": tmt_year, "tmt_month": tmt_month,
            "nip": nip, "nik": nik, "origin": np.where(local, "local", "non_local"),
            "job": np.arange(n) % len(JOBS), "school": np.arange(n) % len(SCHOOLING),
            "unor": np.array(list(UNORS))[np.arange(n) % len(UNORS)],
            "pns_id": [f"A5EB03E2{i:08X}F6A0E040640A040252AD" for i in serial],
            "name": [f"Pegawai Sintetis {i:04d}" for i in serial],
        }
    )  # fmt: skip


def export(t: pd.DataFrame, *, pppk: bool = False) -> pd.DataFrame:
    """The SIASN 2024 export of ``t``: every column as text, fake personal values."""
    t = t.reset_index(drop=True)
    n = len(t)
    jobs = pd.DataFrame(JOBS, columns=["jj", "jjn", "jid", "jn", "es", "kind"]).iloc[t["job"]]
    school = pd.DataFrame(SCHOOLING, columns=["id", "nama", "level"]).iloc[t["school"]]
    out = pd.DataFrame({c: pd.Series([None] * n, dtype="object") for c in SIASN_COLUMNS})
    male = t["gender"] == "male"
    out = out.assign(
        pns_id=t["pns_id"], nip_baru=t["nip"], nama=t["name"], gelar_depan="dr.",
        gelar_belakang="S.Kep", tempat_lahir_nama="Bangko",
        tanggal_lahir=t["birth"].dt.strftime("%d-%m-%Y"),
        jenis_kelamin=np.where(male, "L", "P"), nik=t["nik"],
        nomor_hp=[f"0800000{i:05d}" for i in range(n)],
        email=[f"p{i}@example.invalid" for i in range(n)], alamat="Jl. Contoh No. 1",
        npwp_nomor="000000000000000", bpjs="0000000000000",
        jenis_pegawai_nama="PPPK" if pppk else "PNS Daerah Kabupaten/Kota",
        kedudukan_hukum_id="01", kedudukan_hukum_nama="Aktif",
        status_cpns_pns=None if pppk else "P",
        tmt_cpns=None if pppk else (
            "01-" + t["tmt_month"].map("{:02d}".format) + "-" + t["tmt_year"].astype(str)
        ),
        jenis_jabatan_id=jobs["jj"].to_numpy(), jenis_jabatan_nama=jobs["jjn"].to_numpy(),
        jabatan_id=jobs["jid"].to_numpy(), jabatan_nama=jobs["jn"].to_numpy(),
        eselon_id=jobs["es"].to_numpy(), tingkat_pendidikan_id=school["id"].to_numpy(),
        tingkat_pendidikan_nama=school["nama"].to_numpy(), unor_id=t["unor"],
        unor_nama="Seksi X", instansi_induk_id="I-ROOT", instansi_kerja_id="I-ROOT",
        instansi_kerja_nama="Pemerintah Kabupaten Merangin", satuan_kerja_induk_id="I-ROOT",
        satuan_kerja_kerja_id=t["unor"].map(UNORS),
        satuan_kerja_kerja_nama=t["unor"].map(UNORS).map(OPD_NAMES),
    )  # fmt: skip
    return out


def write_pipe_csv(frame: pd.DataFrame, path: Path) -> Path:
    """As SIASN writes it: ``|``, a byte-order mark, NIP and NIK behind an apostrophe."""
    text = frame.copy()
    for column in ("nip_baru", "nik", "NIP_BARU", "NIK"):
        if column in text:
            text[column] = "'" + text[column].astype(str)
    path.write_bytes(b"\xef\xbb\xbf" + text.to_csv(sep="|", index=False).encode("utf-8"))
    return path


def as_sapk(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows in the older SAPK layout (UPPERCASE names, UNOR_INDUK)."""
    out = frame.rename(columns=SAPK_NAMES).drop(columns=["email_gov", "is_valid_nik"])
    out = out.assign(unor_induk_id=frame["satuan_kerja_kerja_id"],
                     unor_induk_nama=frame["satuan_kerja_kerja_nama"])  # fmt: skip
    out.columns = [c.upper() for c in out.columns]
    return out


def tree_file(path: Path) -> Path:
    """The unor tree: instansi -> OPD -> bidang -> seksi; an OPD without staff, a deleted one,
    and another instansi whose OPDs are not this region's."""
    rows = [
        ("I-ROOT", "Pemerintah Kabupaten Merangin", None),
        ("OPD-1", "--Dinas Kesehatan", "I-ROOT"),
        ("SUB-1A", "----Bidang Pelayanan Kesehatan", "OPD-1"),
        ("SUB-1B", "------Seksi Pelayanan Kesehatan Rujukan", "SUB-1A"),
        ("OPD-2", "--Dinas Pendidikan", "I-ROOT"),
        ("SUB-2A", "----Bidang Pembinaan SD", "OPD-2"),
        ("OPD-3", "--Dinas Perhubungan", "I-ROOT"),
        ("OPD-9", "--HAPUS", "I-ROOT"),
        ("X-ROOT", "Pemerintah Kota Lain", None),
        ("X-OPD", "--Dinas Lain", "X-ROOT"),
    ]
    pd.DataFrame(rows, columns=["Id", "NamaUnor", "DiatasanId"]).to_csv(path, index=False)
    return path


def context(mapping: MappingBook | None = None, kode: str | None = "15.02") -> ImportContext:
    return ImportContext(
        region_id="bangko", pseudo=Pseudonymiser(KEY), mapping=mapping or MappingBook(),
        kode_wilayah=kode, params={"year": 2024}, lang="en",
    )  # fmt: skip


def read(*paths: Path) -> list:
    return [table for p in paths for table in read_export(p)]


def by_employee(result, t: pd.DataFrame) -> pd.DataFrame:
    """The imported employees in the order of ``t``."""
    ids = Pseudonymiser(KEY).ids(t["nip"], "p")
    return result.tables["employees"].set_index("employee_id").loc[ids].reset_index()


class TestVintages:
    def test_siasn_2024_pipe_csv_with_bom_and_apostrophes(self, tmp_path):
        t = truth(40)
        raws = read(write_pipe_csv(export(t), tmp_path / "siasn_pns.csv"))
        assert looks_like(raws[0])
        result = import_siasn(raws, context())
        got = by_employee(result, t)
        assert len(got) == 40 and result.rejected.empty
        assert (got["status"] == "pns").all() and (got["region_id"] == "bangko").all()
        assert got["gender"].tolist() == t["gender"].tolist()
        assert got["birth_year"].tolist() == t["birth"].dt.year.tolist()
        assert got["birth_month"].tolist() == t["birth"].dt.month.tolist()
        assert got["hire_year"].tolist() == t["tmt_year"].tolist()
        assert got["origin"].tolist() == t["origin"].tolist()
        assert got["education"].tolist() == [SCHOOLING[i][2] for i in t["school"]]
        assert got["unit_id"].tolist() == t["unor"].map(UNORS).tolist()  # satuan kerja
        assert any("SIASN" in n for n in result.files[0].notes)

    def test_sapk_uppercase_xlsx(self, tmp_path):
        t = truth(24, seed=2)
        path = tmp_path / "sapk.xlsx"
        as_sapk(export(t)).to_excel(path, index=False)
        raws = read(path)
        assert looks_like(raws[0])
        result = import_siasn(raws, context())
        got = by_employee(result, t)
        assert got["birth_year"].tolist() == t["birth"].dt.year.tolist()
        assert got["hire_year"].tolist() == t["tmt_year"].tolist()
        assert got["unit_id"].tolist() == t["unor"].map(UNORS).tolist()  # UNOR_INDUK_ID
        assert any("SAPK" in n for n in result.files[0].notes)
        assert "TGL_LAHIR" in result.files[0].columns_used

    def test_layouts_name_both_vintages(self):
        assert set(LAYOUTS) == {"siasn_2024", "sapk"}
        assert "TGL_LAHIR" in LAYOUTS["sapk"]["tanggal_lahir"]


class TestPnsAndPppk:
    def test_two_files_at_once(self, tmp_path):
        pns, pppk = truth(20, seed=3), truth(12, seed=4, pppk=True, serial0=500)
        p2 = export(pppk, pppk=True).assign(jenis_pegawai_nama=None)  # status from the file
        raws = read(
            write_pipe_csv(export(pns), tmp_path / "pns.csv"),
            write_pipe_csv(p2, tmp_path / "pegawai_pppk.csv"),
        )
        result = import_siasn(raws, context())
        got_pns, got_pppk = by_employee(result, pns), by_employee(result, pppk)
        assert (got_pns["status"] == "pns").all() and (got_pppk["status"] == "pppk").all()
        assert got_pppk["hire_year"].tolist() == pppk["tmt_year"].tolist()  # NIP digits 9-12
        assert [f.rows_kept for f in result.files] == [20, 12]

    def test_status_from_the_nip_pattern_when_no_column_says(self, tmp_path):
        pppk = truth(6, seed=5, pppk=True)
        frame = export(pppk, pppk=True).assign(jenis_pegawai_nama=None)
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "pegawai.csv")), context())
        assert (result.tables["employees"]["status"] == "pppk").all()

    def test_column_kept_and_disagreement_counted(self, tmp_path):
        t = truth(5, seed=6)  # PNS NIPs, but the column says PPPK
        frame = export(t).assign(jenis_pegawai_nama="PPPK")
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "x.csv")), context())
        assert (result.tables["employees"]["status"] == "pppk").all()
        assert any(n.startswith("5 rows: the status column") for n in result.files[0].notes)


class TestInactive:
    def test_inactive_rows_counted_and_left_out(self, tmp_path):
        t = truth(10, seed=7)
        frame = export(t)
        frame.loc[0, "kedudukan_hukum_nama"] = "Pensiun"
        frame.loc[1, ["kedudukan_hukum_id", "kedudukan_hukum_nama"]] = ["99", None]
        frame.loc[2, "kedudukan_hukum_nama"] = "Meninggal Dunia"
        frame.loc[3, "kedudukan_hukum_nama"] = "Pemberhentian Sementara"
        frame.loc[4, "kedudukan_hukum_nama"] = "CLTN"
        frame.loc[5, "kedudukan_hukum_nama"] = "Masa Persiapan Pensiun"  # still in post
        frame.loc[6, "kedudukan_hukum_nama"] = "Mutasi Keluar"
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        stats = result.files[0]
        assert stats.inactive == 6 and stats.rows_kept == 4 and stats.rows_read == 10
        assert len(result.tables["employees"]) == 4 and result.rejected.empty

    def test_a_retired_duplicate_is_no_duplicate(self, tmp_path):
        t = truth(3, seed=8)
        frame = pd.concat([export(t), export(t).iloc[[0]].assign(kedudukan_hukum_nama="Pensiun")])
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        assert len(result.tables["employees"]) == 3


class TestUnitTree:
    def test_roll_up_to_the_opd_keeps_ids_and_names(self, tmp_path):
        t = truth(16, seed=9)
        frame = export(t).assign(satuan_kerja_kerja_id=None)  # only the tree can tell
        raws = read(write_pipe_csv(frame, tmp_path / "a.csv"), tree_file(tmp_path / "unor.csv"))
        assert all(looks_like(r) for r in raws)
        result = import_siasn(raws, context())
        got = by_employee(result, t)
        assert got["unit_id"].tolist() == t["unor"].map(UNORS).tolist()
        units = result.tables["units"].set_index("unit_id")
        assert sorted(units.index) == ["OPD-1", "OPD-2", "OPD-3"]  # no HAPUS, no other instansi
        assert units.loc["OPD-1", "name"] == "Dinas Kesehatan"
        assert units["region_id"].eq("bangko").all()
        assert {p.split("-")[0] + "-" + p.split("-")[1] for p in got["position_id"]} <= {
            "OPD-1",
            "OPD-2",
        }

    def test_unsafe_unit_ids_become_safe(self, tmp_path):
        t = truth(4, seed=10)
        frame = export(t).assign(satuan_kerja_kerja_id="{UNIT 01}", unor_id=None)
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        for table in ("employees", "units", "positions"):
            for column in ("unit_id", "position_id"):
                if column in result.tables[table]:
                    assert result.tables[table][column].map(ID_PATTERN.match).all()

    def test_missing_unit_is_rejected(self, tmp_path):
        t = truth(3, seed=11)
        frame = export(t)
        frame.loc[1, ["unor_id", "satuan_kerja_kerja_id"]] = None
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        (row,) = result.rejected.itertuples(index=False)
        assert (row.file, row.row, row.column) == ("a.csv", 3, "unor_id")


class TestNipFallback:
    def test_empty_columns_read_from_the_nip(self, tmp_path):
        t = truth(12, seed=12)
        frame = export(t).assign(tanggal_lahir=None, jenis_kelamin=None, tmt_cpns=None)
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        got = by_employee(result, t)
        assert got["birth_year"].tolist() == t["birth"].dt.year.tolist()
        assert got["birth_month"].tolist() == t["birth"].dt.month.tolist()
        assert got["gender"].tolist() == t["gender"].tolist()
        assert got["hire_year"].tolist() == t["tmt_year"].tolist()

    def test_column_wins_and_disagreement_is_counted(self, tmp_path):
        t = truth(4, seed=13)
        frame = export(t)
        frame["jenis_kelamin"] = np.where(t["gender"] == "male", "Perempuan", "Laki-laki")
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        got = by_employee(result, t)
        assert (got["gender"] != t["gender"]).all()
        assert any(n.startswith("4 rows: jenis_kelamin") for n in result.files[0].notes)

    def test_gender_codes(self, tmp_path):
        codes = {"L": "male", "P": "female", "Laki-laki": "male", "Perempuan": "female",
                 "1": "male", "2": "female", "M": "male", "F": "female", "PRIA": "male",
                 "Wanita": "female"}  # fmt: skip
        t = truth(len(codes), seed=14)
        frame = export(t).assign(jenis_kelamin=list(codes))
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        assert by_employee(result, t)["gender"].tolist() == list(codes.values())

    def test_origin_left_out_without_nik_or_region_code(self, tmp_path):
        t = truth(3, seed=15)
        path = write_pipe_csv(export(t).drop(columns="nik"), tmp_path / "a.csv")
        result = import_siasn(read(path), context())
        assert "origin" not in result.tables["employees"]
        assert "employees.origin" in result.limits
        result = import_siasn(
            read(write_pipe_csv(export(t), tmp_path / "b.csv")), context(kode=None)
        )
        assert "origin" not in result.tables["employees"]


class TestCodes:
    def test_education_codes(self, tmp_path):
        codes = sorted(EDUCATION_CODES.items())
        t = truth(len(codes), seed=16)
        frame = export(t).assign(
            tingkat_pendidikan_id=[c for c, _ in codes], tingkat_pendidikan_nama=None
        )
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        assert by_employee(result, t)["education"].tolist() == [v for _, v in codes]

    def test_education_codes_follow_the_siasn_table(self):
        # rumahASN docs/siasn/jenjang_pendidikan.csv (real-exports.md A2)
        assert EDUCATION_CODES == {
            "05": "sd", "10": "smp", "12": "smp", "15": "sma", "17": "sma", "18": "sma",
            "20": "d1", "25": "d2", "30": "d3", "35": "d4", "40": "s1", "45": "s2", "50": "s3",
        }  # fmt: skip

    def test_education_names_when_no_code(self, tmp_path):
        names = {"S-1/Sarjana": "s1", "Diploma IV": "d4", "Diploma III/Sarjana Muda": "d3",
                 "Diploma II": "d2", "Diploma I": "d1", "SLTA Kejuruan": "sma", "SLTP": "smp",
                 "Sekolah Dasar": "sd", "S-3/Doktor": "s3", "S-2": "s2", "D-IV": "d4",
                 "SMA": "sma", "D3": "d3", "Magister": "s2"}  # fmt: skip
        t = truth(len(names), seed=17)
        frame = export(t).assign(tingkat_pendidikan_id=None, tingkat_pendidikan_nama=list(names))
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        assert by_employee(result, t)["education"].tolist() == list(names.values())

    def test_code_5_without_its_zero(self, tmp_path):
        frame = export(truth(1, seed=18)).assign(tingkat_pendidikan_id="5")
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        assert result.tables["employees"]["education"].tolist() == ["sd"]


class TestPositionKind:
    @pytest.mark.parametrize(
        "jenis, eselon, jenjang, title, want",
        [
            ("1", "11", None, "Sekretaris Daerah", "jpt_madya"),
            ("1", "21", None, "Kepala Dinas", "jpt_pratama"),
            ("1", "22", None, "Kepala Badan", "jpt_pratama"),
            ("1", "32", None, "Camat", "administrator"),
            ("1", "42", None, "Lurah", "pengawas"),
            ("1", "II.a", None, "Kepala Dinas", "jpt_pratama"),
            ("1", "III/b", None, "Kepala Bagian", "administrator"),
            ("1", "IV.a", None, "Kepala Seksi", "pengawas"),
            ("2", None, "PT", "Perawat", "fungsional_ahli_pertama"),
            ("2", None, "MU", "Perawat", "fungsional_ahli_muda"),
            ("2", None, "MA", "Perawat", "fungsional_ahli_madya"),
            ("2", None, "UT", "Perawat", "fungsional_ahli_utama"),
            ("2", None, "PM", "Perawat", "fungsional_terampil"),
            ("2", None, "TR", "Perawat", "fungsional_terampil"),
            ("2", None, "MH", "Perawat", "fungsional_terampil"),
            ("2", None, "PY", "Perawat", "fungsional_terampil"),
            ("2", None, None, "Analis Kebijakan Ahli Utama", "fungsional_ahli_utama"),
            ("2", None, None, "Perawat Muda / Ahli Muda", "fungsional_ahli_muda"),
            ("2", None, None, "Pranata Komputer Penyelia", "fungsional_terampil"),
            ("2", None, None, "Pengantar Kerja Pelaksana Lanjutan / Mahir", "fungsional_terampil"),
            ("2", None, None, "Teknisi Litkayasa Pelaksana Pemula", "fungsional_terampil"),
            ("2", None, "Ahli Madya", "Guru", "fungsional_ahli_madya"),
            ("3", "31", None, "Kepala UPTD Puskesmas", "administrator"),
            ("3", None, None, "Dokter Ahli Madya", "fungsional_ahli_madya"),
            ("4", None, None, "Pengolah Data", "pelaksana"),
        ],
    )
    def test_kind(self, jenis, eselon, jenjang, title, want):
        s = lambda v: pd.Series([v], dtype="object")  # noqa: E731
        kind, problem = position_kind(s(jenis), s(None), s(eselon), s(jenjang), s(title))
        assert kind.tolist() == [want] and want in POSITION_KINDS
        assert problem.isna().all()

    @pytest.mark.parametrize(
        "title, want",
        [
            ("Kepala Seksi Pelayanan", "pengawas"),
            ("Kepala Sub Bagian Umum", "pengawas"),
            ("Lurah Pasar Bangko", "pengawas"),
            ("Sekretaris Kelurahan", "pengawas"),
            ("Kepala UPTD Pendidikan", "pengawas"),
            ("Sekretaris Daerah", "jpt_pratama"),
            ("Kepala Dinas Kesehatan", "jpt_pratama"),
            ("Plt. Kepala Badan Keuangan", "jpt_pratama"),
            ("Kepala BKPSDM", "jpt_pratama"),
            ("Inspektur", "jpt_pratama"),
            ("Sekretaris DPRD", "jpt_pratama"),
            ("Inspektur Pembantu Wilayah I", "administrator"),
            ("Camat Bangko", "administrator"),
            ("Sekretaris Dinas", "administrator"),
            ("Kepala Bidang Anggaran", "administrator"),
            ("Kepala Bagian Umum", "administrator"),
            ("Direktur RSUD", None),  # its eselon depends on the hospital's class
        ],
    )
    def test_structural_level_from_the_title_when_no_eselon(self, title, want):
        s = lambda v: pd.Series([v], dtype="object")  # noqa: E731
        kind, problem = position_kind(s("1"), s(None), s(None), s(None), s(title))
        if want is None:
            assert kind.isna().all() and problem.notna().all()
        else:
            assert kind.tolist() == [want]

    def test_bare_kepala_is_read_with_its_unit_name(self, tmp_path):
        t = truth(len(JOBS), seed=27)
        frame = export(t).assign(eselon_id=None)
        frame.loc[frame["jabatan_nama"].eq("Kepala Dinas"), "jabatan_nama"] = "Kepala"
        result = import_siasn(read(write_pipe_csv(frame, tmp_path / "a.csv")), context())
        kinds = result.tables["positions"].set_index("title")["kind"]
        assert kinds["Kepala"] == "jpt_pratama"  # the Kepala of Dinas Kesehatan
        assert kinds["Kepala Seksi Pelayanan"] == "pengawas"
        assert kinds["Sekretaris Dinas"] == "administrator"
        assert any("structural level read from the title" in n for n in result.files[0].notes)

    def test_kind_from_the_jenis_name(self):
        s = lambda *v: pd.Series(v, dtype="object")  # noqa: E731
        kind, _ = position_kind(
            s(None, None, None), s("Jabatan Struktural", "Jabatan Fungsional", "Jabatan Pelaksana"),
            s("41", None, None), s(None, "MU", None), s("Kasi", "Guru", "Pengolah Data"),
        )  # fmt: skip
        assert kind.tolist() == ["pengawas", "fungsional_ahli_muda", "pelaksana"]

    def test_what_cannot_be_told(self):
        s = lambda *v: pd.Series(v, dtype="object")  # noqa: E731
        kind, problem = position_kind(
            s("1", "2", None), s(None, None, None), s(None, None, None), s(None, None, None),
            s("Direktur RSUD", "Guru", "Staf"), lang="en",
        )  # fmt: skip
        assert kind.isna().all()
        assert problem.tolist() == [
            "structural position without a known eselon, and its title does not tell the level",
            "functional position without a level (jenjang)",
            "unknown jenis jabatan",
        ]

    def test_positions_table(self, tmp_path):
        t = truth(len(JOBS) * 2, seed=19)
        result = import_siasn(read(write_pipe_csv(export(t), tmp_path / "a.csv")), context())
        positions = result.tables["positions"]
        assert positions["position_id"].is_unique
        kinds = positions.set_index("title")["kind"].to_dict()
        assert kinds == {jn: kind for _, _, _, jn, _, kind in JOBS}
        pid = positions["position_id"]
        assert pid.str.contains("-JS-KADIS").any() and pid.map(ID_PATTERN.match).all()
        assert positions[["req_teknis", "req_manajerial", "req_sosial_kultural"]].isna().all().all()
        emp = result.tables["employees"]
        assert (
            emp["position_id"].isin(pid).all() and emp["unit_id"].isin(positions["unit_id"]).all()
        )


class TestRejected:
    def test_reasons_with_file_row_and_column_as_written(self, tmp_path):
        t = truth(8, seed=20)
        frame = export(t)
        frame.loc[0, "nip_baru"] = "196813262015051001"  # month 13
        frame.loc[1, ["nip_baru", "tanggal_lahir"]] = [None, "31-02-1980"]  # pns_id, bad date
        frame.loc[2, ["tingkat_pendidikan_id", "tingkat_pendidikan_nama"]] = ["77", None]
        frame.loc[3, ["jenis_jabatan_id", "jabatan_nama"]] = ["2", "Guru"]  # no level
        frame.loc[4, ["nip_baru", "pns_id"]] = None
        path = tmp_path / "sapk.xlsx"
        as_sapk(frame).to_excel(path, index=False)
        result = import_siasn(read(path), context())
        rej = result.rejected
        assert list(rej.columns) == ["file", "row", "column", "reason", "value"]
        got = {(r.row, r.column): r.reason for r in rej.itertuples()}
        assert got[(2, "NIP_BARU")].startswith("impossible NIP: birth date: month 13")
        assert got[(3, "TGL_LAHIR")] == "unreadable date and no NIP to read it from"
        assert got[(4, "TINGKAT_PENDIDIKAN_ID")] == "unknown education level code"
        assert got[(5, "JABATAN_NAMA")] == "functional position without a level (jenjang)"
        assert got[(6, "NIP_BARU")] == "no NIP and no pns_id"
        assert (rej["file"] == "sapk.xlsx [Sheet1]").all()
        values = rej.set_index(["row", "column"])["value"]
        assert values[(4, "TINGKAT_PENDIDIKAN_ID")] == "77"
        assert values[(2, "NIP_BARU")] == "" and values[(3, "TGL_LAHIR")] == ""
        stats = result.files[0]
        assert stats.rows_kept == 3 and sum(stats.rejected_by_reason.values()) == 5

    def test_duplicate_people_stop_the_import(self, tmp_path):
        t = truth(6, seed=21)
        raws = read(
            write_pipe_csv(export(t), tmp_path / "pns.csv"),
            write_pipe_csv(export(t.iloc[[1, 2]]), tmp_path / "pppk.csv"),
        )
        with pytest.raises(ImportFailure, match=r"^2 people appear more than once") as err:
            import_siasn(raws, context())
        assert not any(nip in str(err.value) for nip in t["nip"])

    def test_unknown_layout_names_the_columns(self, tmp_path):
        path = tmp_path / "x.csv"
        pd.DataFrame({"nip_baru": ["1"], "foo": ["2"]}).to_csv(path, index=False)
        with pytest.raises(ImportFailure, match="jabatan_nama"):
            import_siasn(read(path), context())

    def test_only_a_tree_is_refused(self, tmp_path):
        with pytest.raises(ImportFailure, match="No SIASN"):
            import_siasn(read(tree_file(tmp_path / "unor.csv")), context())


class TestWrongKind:
    @pytest.mark.parametrize(
        "columns",
        [
            ["nip", "tahun", "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerja"],  # SKP
            ["nip_baru", "nik"],  # link file
            ["nopes", "nik", "twk", "tiu", "tkp", "total", "keterangan"],  # SSCASN
            ["nama", "alamat", "u1", "u2", "u3"],  # SKM
            [
                "nip_baru",
                "nama",
                "jabatan_nama",
                "unor_id",
                "unor_nama",
                "tahun",
                "hasil_kinerja",
                "perilaku_kerja",
            ],  # SKP from SIASN, naming unit and jabatan
        ],
    )
    def test_other_exports_do_not_look_like_siasn(self, tmp_path, columns):
        path = tmp_path / "other.csv"
        pd.DataFrame([["1"] * len(columns)], columns=columns).to_csv(path, index=False)
        assert not looks_like(read(path)[0])


class TestMapping:
    def test_answers_fill_sector_and_front_line(self, tmp_path):
        t = truth(8, seed=22)
        answers = pd.DataFrame(
            {"source_id": ["OPD-1", "OPD-2"], "unit_id": ["dinkes", None],
             "sector": ["kesehatan", "pendidikan"], "front_line": ["ya", "tidak"]}
        )  # fmt: skip
        book = MappingBook({"unit": answers})
        result = import_siasn(read(write_pipe_csv(export(t), tmp_path / "a.csv")), context(book))
        units = result.tables["units"].set_index("unit_id")
        assert units.loc["dinkes", ["sector", "front_line"]].tolist() == ["health", True]
        assert units.loc["OPD-2", ["sector", "front_line"]].tolist() == ["education", False]
        emp = result.tables["employees"]
        assert set(emp["unit_id"]) == {"dinkes", "OPD-2"}
        assert "units.sector" not in result.limits and not book.open_questions()

    def test_unanswered_units_are_asked_and_left_empty(self, tmp_path):
        t = truth(8, seed=23)
        book = MappingBook()
        result = import_siasn(read(write_pipe_csv(export(t), tmp_path / "a.csv")), context(book))
        assert result.tables["units"][["sector", "front_line"]].isna().all().all()
        assert book.open_questions() == {"unit": 2}
        assert {"units.sector", "units.front_line"} <= set(result.limits)
        asked = book.asked["unit"].set_index("source_id")
        assert asked.loc["OPD-1", "source_name"] == "Dinas Kesehatan"


class TestPrivacy:
    def test_no_identifier_or_name_in_any_output(self, tmp_path):
        t = truth(30, seed=24)
        frame = export(t)
        frame.loc[0, "nip_baru"] = "196813262015051001"
        frame.loc[1, ["nip_baru", "tanggal_lahir"]] = [None, "99-99-1980"]
        frame.loc[2, "jenis_kelamin"] = "X"
        raws = read(write_pipe_csv(frame, tmp_path / "a.csv"), tree_file(tmp_path / "unor.csv"))
        book = MappingBook()
        result = import_siasn(raws, context(book))
        secrets = {*t["nip"], *t["nik"], *t["pns_id"], *t["name"], "196813262015051001",
                   *frame["tanggal_lahir"].dropna(), *frame["nomor_hp"], *frame["email"],
                   "Jl. Contoh No. 1"}  # fmt: skip
        texts = [f.to_csv(index=False) for f in result.tables.values()]
        texts.append(result.rejected.to_csv(index=False))
        texts += [str(f) for f in result.files] + result.limits
        texts += [f.to_csv(index=False) for f in book.asked.values()]
        blob = "\n".join(texts)
        assert not [s for s in secrets if s in blob]
        ignored = result.files[0].columns_ignored
        assert {"nama", "alamat", "nomor_hp", "email", "npwp_nomor", "bpjs"} <= set(ignored)
        assert "nik" in result.files[0].columns_used  # for origin only


class TestFitsTheSchema:
    def test_tables_validate_with_the_region(self, tmp_path):
        pns, pppk = truth(30, seed=25), truth(10, seed=26, pppk=True, serial0=700)
        answers = pd.DataFrame(
            {"source_id": ["OPD-1", "OPD-2", "OPD-3"], "sector": ["kesehatan"] * 3,
             "front_line": ["ya"] * 3}
        )  # fmt: skip
        raws = read(
            write_pipe_csv(export(pns), tmp_path / "pns.csv"),
            write_pipe_csv(export(pppk, pppk=True), tmp_path / "pppk.csv"),
            tree_file(tmp_path / "unor.csv"),
        )
        result = import_siasn(raws, context(MappingBook({"unit": answers})))
        tables = {
            name: frame.drop(columns=["source_file", "source_row"])
            for name, frame in result.tables.items()
        }
        tables["regions"] = ap.regions.regions_frame(["bangko"])
        ds = ap.from_tables(tables)
        assert len(ds.employees) == 40 and set(ds.employees["status"]) == {"pns", "pppk"}
