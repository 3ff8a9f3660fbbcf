"""SSCASN result lists and the formasi annex -> formasi, applicants (issue 18).

Every identifier is synthetic: NIKs are built with ``make_nik`` from made-up birth dates, and
the no. peserta and names are invented.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy import rules
from asnpolicy.identifiers import Pseudonymiser, make_nik
from asnpolicy.imports.context import ImportContext
from asnpolicy.imports.mapping import MappingBook
from asnpolicy.imports.rawfiles import ImportFailure, RawTable, read_export
from asnpolicy.imports.sscasn import CODES, JENIS_FORMASI, import_sscasn, looks_like, special_group

KEY = b"k" * 32
PERAWAT = "1.01 - Perawat Ahli Pertama"
GURU = "2.02 - Guru Ahli Pertama"


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def people(n: int = 6, *, areas: list[str] | None = None) -> pd.DataFrame:
    """Made-up applicants: NIK (Dukcapil layout), no. peserta, name, gender, birth date."""
    birth = pd.Series(pd.date_range("1996-01-05", periods=n, freq="97D"))
    gender = pd.Series(["female", "male"] * n)[:n].reset_index(drop=True)
    area = pd.Series(areas or ["15.02"] * n)
    nik = make_nik(area, pd.Series([3] * n), birth, gender, pd.Series(range(11, 11 + n)))
    return pd.DataFrame(
        {
            "nik": nik,
            "nopes": [f"2410{i:08d}" for i in range(n)],
            "nama": [f"Peserta Rekaan {chr(65 + i)}" for i in range(n)],
            "gender": gender,
            "birth": birth,
        }
    )


def raw(frame: pd.DataFrame, file: str = "hasil_skd_2024.csv", sheet: str | None = None):
    """A table as rawfiles gives it: text, blanks missing, index = row numbers from 2."""
    frame = frame.astype("object").where(frame.notna(), None).astype("str")
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return RawTable(file, sheet, frame)


def skd_list(p: pd.DataFrame, codes, *, jabatan=None, jenis=None, scores=None, nik=True):
    n = len(p)
    scores = scores or [(100, 110, 190)] * n
    frame = pd.DataFrame(
        {
            "No Peserta": p["nopes"],
            "Nama": p["nama"],
            "Jabatan Formasi": jabatan or [PERAWAT] * n,
            "Pendidikan": ["S-1 KEPERAWATAN"] * n,
            "Lokasi": ["Dinas Kesehatan"] * n,
            "Jenis Formasi": jenis or ["1 - UMUM"] * n,
            "TWK": [s[0] for s in scores],
            "TIU": [s[1] for s in scores],
            "TKP": [s[2] for s in scores],
            "Total": [None if None in s else sum(s) for s in scores],
            "Keterangan": codes,
        }
    )
    if nik:
        frame.insert(1, "NIK", p["nik"])
    return frame


def integration_list(p: pd.DataFrame, codes, *, skb=None, jabatan=None, by="NIK"):
    n = len(p)
    frame = pd.DataFrame(
        {
            by: p["nik"] if by == "NIK" else p["nopes"],
            "Nama": p["nama"],
            "Jabatan": jabatan or [PERAWAT] * n,
            "Lokasi": ["Dinas Kesehatan"] * n,
            "Jenis Formasi": ["1 - UMUM"] * n,
            "Nilai SKD": ["72,73"] * n,
            "Nilai SKB": skb or ["80"] * n,
            "Nilai Akhir": ["77,1"] * n,
            "Keterangan": codes,
        }
    )
    return frame


def annex(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=["Jabatan", "Kualifikasi Pendidikan", "Unit Penempatan", "Jenis Formasi", "Jumlah"],
    )


def context(*, positions: bool = True, kode: str | None = "15.02", **params) -> ImportContext:
    existing = {}
    if positions:
        existing["positions"] = pd.DataFrame(
            {
                "position_id": ["pos-perawat", "pos-guru"],
                "unit_id": ["u-dinkes", "u-disdik"],
                "title": ["Perawat Ahli Pertama", "Guru Ahli Pertama"],
            }
        )
    return ImportContext(
        region_id="bangko",
        pseudo=Pseudonymiser(KEY),
        kode_wilayah=kode,
        existing=existing,
        params=params,
        lang="en",
    )


def ids(p: pd.DataFrame, column: str = "nik") -> pd.Series:
    return Pseudonymiser(KEY).ids(p[column], "p")


def by_id(result, p: pd.DataFrame) -> pd.DataFrame:
    """Applicants in the order of ``p`` (by the NIK's pseudonym)."""
    return result.tables["applicants"].set_index("applicant_id").reindex(ids(p))


# --------------------------------------------------------------------------------------------
# Recognising the files
# --------------------------------------------------------------------------------------------


class TestLooksLike:
    def test_result_lists_and_annex_are_recognised(self):
        p = people(2)
        assert looks_like(raw(skd_list(p, ["P/L", "TL"])))
        assert looks_like(raw(integration_list(p, ["P/L", "P/TL"])))
        assert looks_like(raw(annex([[PERAWAT, "S-1", "Dinas Kesehatan", "UMUM", "1"]])))

    @pytest.mark.parametrize(
        "columns",
        [
            ["Uraian Tugas", "Hasil Kerja", "Jumlah", "Waktu Penyelesaian", "Jabatan"],
            ["nip_baru", "nama", "jabatan_nama", "unor_nama", "tanggal_lahir"],
            ["Unit", "U1", "U2", "U3", "Jenis Kelamin"],
            ["nip", "nama", "nilai_skp", "predikat"],
            ["nip_baru", "nama", "nik", "jabatan_nama", "unor_nama", "jenis_jabatan_nama"],
            ["NIP", "NIK", "No Peserta"],
        ],
    )
    def test_other_kinds_are_refused(self, columns):
        assert not looks_like(RawTable("x.csv", None, pd.DataFrame(columns=columns)))

    def test_only_tables_of_another_kind_fail_with_one_sentence(self):
        other = RawTable("abk.csv", None, pd.DataFrame({"Uraian Tugas": ["a"], "Jumlah": ["1"]}))
        with pytest.raises(ImportFailure, match="No table is an SSCASN result list"):
            import_sscasn([other], context())

    def test_an_annex_alone_is_refused(self):
        table = raw(annex([[PERAWAT, "S-1", "Dinas Kesehatan", "UMUM", "1"]]), "formasi_2024.csv")
        with pytest.raises(ImportFailure, match="Only a formasi annex"):
            import_sscasn([table], context())


# --------------------------------------------------------------------------------------------
# SKD list only; SKD + integration
# --------------------------------------------------------------------------------------------


class TestSkdListOnly:
    def test_applicants_and_inferred_formasi(self):
        p = people(6)
        codes = ["P/L", "P/L", "P/L", "P", "TL", "TH"]
        scores = [(100, 110, 190)] * 5 + [(None, None, None)]
        result = import_sscasn([raw(skd_list(p, codes, scores=scores))], context())
        app = by_id(result, p)
        assert len(app) == 6 and app.index.notna().all()
        assert app["hired"].isna().tolist() == [True, True, True, False, False, False]
        assert app["hired"].iloc[3:].tolist() == [False, False, False]
        assert app["twk"].tolist()[:5] == [100] * 5 and pd.isna(app["twk"].iloc[5])
        (formasi,) = result.tables["formasi"].itertuples()
        assert (formasi.year, formasi.track, formasi.position_id) == (2024, "cpns", "pos-perawat")
        assert formasi.quota == 1  # a third of the three who went on to SKB
        assert "formasi.quota" in result.limits and "applicants.hired" in result.limits
        notes = " ".join(result.files[0].notes)
        assert "quota inferred" in notes and "hired unknown for 3" in notes
        assert "year 2024 taken from the file name" in notes

    def test_education_and_special_group_from_the_list(self):
        p = people(3)
        frame = skd_list(p, ["TL"] * 3, jenis=["1 - UMUM", "2 - CUMLAUDE", "3 - DISABILITAS"])
        frame["Pendidikan"] = ["S-1 KEPERAWATAN", "D-III KEPERAWATAN", "SMA/SMK SEDERAJAT"]
        app = by_id(import_sscasn([raw(frame)], context()), p)
        assert app["education"].tolist() == ["s1", "d3", "sma"]
        assert app["special_group"].tolist() == ["general", "cumlaude", "disability"]

    def test_a_list_without_nik_links_by_no_peserta_and_cannot_decode(self):
        p = people(2)
        result = import_sscasn([raw(skd_list(p, ["TL", "TL"], nik=False))], context())
        app = by_id(result, p.assign(nik=p["nopes"]))
        assert app.index.notna().all() and len(app) == 2
        for column in ("gender", "age", "origin"):
            assert column not in result.tables["applicants"]
            assert f"applicants.{column}" in result.limits


class TestSkdAndIntegration:
    def test_rows_of_one_person_are_joined(self):
        p = people(5)
        skd = skd_list(p, ["P/L"] * 4 + ["TL"])
        final = integration_list(
            p.iloc[:4], ["P/L", "P/L-1", "P/TL", "P/TH"], skb=["80", "85,5", "70", None]
        )
        result = import_sscasn([raw(skd), raw(final, "integrasi_2024.xlsx", "Lampiran")], context())
        app = by_id(result, p)
        assert len(result.tables["applicants"]) == 5
        assert app["hired"].tolist() == [True, True, False, False, False]
        assert app["skb_total"].tolist()[:3] == [80.0, 85.5, 70.0]
        assert app["skb_total"].iloc[3:].isna().all()  # P/TH: absent at SKB; TL: no SKB
        assert app["twk"].tolist() == [100] * 5  # SKD scores from the SKD list
        assert app["source_file"].tolist()[:4] == ["integrasi_2024.xlsx [Lampiran]"] * 4
        assert "applicants.hired" not in result.limits
        assert result.tables["formasi"]["quota"].tolist() == [2]  # two appointed

    def test_no_peserta_only_list_links_through_the_list_with_both(self):
        p = people(3)
        final = integration_list(p, ["P/L", "P/TL", "P/TL"], by="No Peserta")
        result = import_sscasn(
            [raw(skd_list(p, ["P/L"] * 3)), raw(final, "akhir_2024.csv")], context()
        )
        app = by_id(result, p)
        assert len(result.tables["applicants"]) == 3
        assert app["hired"].tolist() == [True, False, False]

    def test_the_same_person_twice_in_one_list_is_rejected(self):
        p = people(2)
        frame = skd_list(pd.concat([p, p.iloc[[0]]], ignore_index=True), ["TL"] * 3)
        result = import_sscasn([raw(frame)], context())
        assert len(result.tables["applicants"]) == 2
        (row,) = result.rejected.itertuples()
        assert (row.row, row.reason, row.value) == (
            4,
            "the same person appears twice in the result lists",
            "",
        )

    def test_a_person_in_two_years_gets_two_applications(self):
        p = people(2)
        old = raw(skd_list(p, ["TL", "TL"]), "hasil_skd_2021.csv")
        new = raw(skd_list(p.iloc[[0]], ["TL"]), "hasil_skd_2024.csv")
        app = import_sscasn([old, new], context()).tables["applicants"]
        first = ids(p).iloc[0]
        assert sorted(app["applicant_id"]) == sorted([first, first + "-2021", ids(p).iloc[1]])
        assert app["applicant_id"].is_unique


# --------------------------------------------------------------------------------------------
# The formasi annex
# --------------------------------------------------------------------------------------------


class TestAnnex:
    def rows(self):
        return annex(
            [
                [PERAWAT, "S-1 Keperawatan", "Dinas Kesehatan", "1 - UMUM", "2"],
                [PERAWAT, "D-III Keperawatan", "Dinas Kesehatan", "1 - UMUM", "1"],
                [GURU, "S-1 Pendidikan", "Dinas Pendidikan", "1 - UMUM", "3"],
                [GURU, "S-1 Pendidikan", "Dinas Pendidikan", "2 - CUMLAUDE", "1"],
            ]
        )

    def test_quota_from_jumlah_and_applicants_matched(self):
        p = people(4)
        skd = skd_list(
            p,
            ["TL"] * 4,
            jabatan=[PERAWAT, GURU, GURU, GURU],
            jenis=["1 - UMUM", "1 - UMUM", "1 - UMUM", "2 - CUMLAUDE"],
        )
        skd["Lokasi"] = ["Dinas Kesehatan"] + ["Dinas Pendidikan"] * 3
        result = import_sscasn([raw(skd), raw(self.rows(), "rincian_formasi_2024.xlsx")], context())
        formasi = result.tables["formasi"].set_index("formasi_id")
        assert sorted(formasi["quota"]) == [1, 3, 3]  # the two perawat rows added
        assert formasi["position_id"].tolist().count("pos-guru") == 2
        app = by_id(result, p)
        assert formasi.loc[app["formasi_id"], "quota"].tolist() == [3, 3, 3, 1]
        assert app["special_group"].tolist()[3] == "cumlaude"
        assert "formasi.quota" not in result.limits
        annex_stats = next(f for f in result.files if f.file.startswith("rincian"))
        assert annex_stats.rows_kept == 4 and any("jumlah added" in n for n in annex_stats.notes)

    def test_applicant_of_a_formasi_missing_from_the_annex_is_rejected(self):
        p = people(2)
        skd = skd_list(p, ["TL", "TL"], jabatan=[PERAWAT, "9.99 - Dokter Ahli Pertama"])
        result = import_sscasn([raw(skd), raw(self.rows(), "rincian_formasi_2024.csv")], context())
        assert len(result.tables["applicants"]) == 1
        (row,) = result.rejected.itertuples()
        assert (row.file, row.row, row.column) == ("hasil_skd_2024.csv", 3, "jabatan")
        assert row.reason == "formasi not in the rincian formasi annex"

    def test_same_ids_with_and_without_annex(self):
        p = people(1)
        skd = raw(skd_list(p, ["TL"]))
        with_annex = import_sscasn([skd, raw(self.rows(), "formasi_2024.csv")], context())
        without = import_sscasn([skd], context())
        assert (
            with_annex.tables["applicants"]["formasi_id"].tolist()
            == without.tables["formasi"]["formasi_id"].tolist()
        )

    def test_bad_jumlah_is_rejected(self):
        rows = self.rows()
        rows.loc[0, "Jumlah"] = "dua"
        result = import_sscasn(
            [raw(skd_list(people(1), ["TL"])), raw(rows, "f_2024.csv")], context()
        )
        (row,) = result.rejected.itertuples()
        assert (row.file, row.row, row.column, row.value) == ("f_2024.csv", 2, "Jumlah", "dua")


# --------------------------------------------------------------------------------------------
# Keterangan codes
# --------------------------------------------------------------------------------------------


SKD_CODES = [code for stage, code in CODES if stage == "skd"]
FINAL_CODES = [code for stage, code in CODES if stage == "integrasi"]
#: Expected (admin_pass, hired) per code, from the sources cited in the module docstring.
EXPECTED_SKD = {
    "P/L": (True, None),
    "P": (True, False),
    "TL": (True, False),
    "TH": (True, False),
    "TMS": (False, False),
    "TMS-1": (False, False),
    "APS": (True, False),
    "DIS": (True, False),
}
EXPECTED_FINAL = {
    "P/L": (True, True),
    "P/L-1": (True, True),
    "P/L-2": (True, True),
    "L": (True, True),
    "L-1": (True, True),
    "L-2": (True, True),
    "P/TL": (True, False),
    "P/TH": (True, False),
    "P": (True, False),
    "TL": (True, False),
    "TH": (True, False),
    "TMS": (False, False),
    "TMS-1": (False, False),
    "APS": (True, False),
    "DIS": (True, False),
}


@pytest.fixture(scope="module")
def skd_codes():
    """One SKD list with one person per SKD code, imported once."""
    codes = sorted(EXPECTED_SKD)
    p = people(len(codes))
    app = by_id(import_sscasn([raw(skd_list(p, codes))], context()), p)
    return dict(zip(codes, app.to_dict("records"), strict=True))


@pytest.fixture(scope="module")
def final_codes():
    """An SKD list (all P/L) and an integration list with one person per code, and four more
    people whose codes are written in other spellings."""
    spellings = {"PL": True, "p / l-1": True, "P/L2": True, "PTL": False}
    codes = [*sorted(EXPECTED_FINAL), *spellings]
    p = people(len(codes))
    files = [
        raw(skd_list(p, ["P/L"] * len(codes))),
        raw(integration_list(p, codes), "akhir_2024.csv"),
    ]
    app = by_id(import_sscasn(files, context()), p)
    if "skb_total" not in app:
        app["skb_total"] = pd.NA
    return dict(zip(codes, app.to_dict("records"), strict=True)), spellings


class TestCodes:
    def test_every_code_has_an_expectation(self):
        assert set(SKD_CODES) == set(EXPECTED_SKD) and set(FINAL_CODES) == set(EXPECTED_FINAL)

    @pytest.mark.parametrize("code", sorted(EXPECTED_SKD))
    def test_skd_list_code(self, skd_codes, code):
        app = skd_codes[code]
        admin, hired = EXPECTED_SKD[code]
        assert bool(app["admin_pass"]) is admin
        assert pd.isna(app["hired"]) if hired is None else bool(app["hired"]) is hired
        assert pd.isna(app["twk"]) == (code == "TH")  # absent: no SKD scores

    @pytest.mark.parametrize("code", sorted(EXPECTED_FINAL))
    def test_integration_list_code(self, final_codes, code):
        app = final_codes[0][code]
        admin, hired = EXPECTED_FINAL[code]
        assert (bool(app["admin_pass"]), bool(app["hired"])) == (admin, hired)
        assert pd.isna(app["skb_total"]) == (code in ("P/TH", "TH"))
        assert pd.isna(app["twk"]) == (code == "TH")

    def test_spellings(self, final_codes):
        apps, spellings = final_codes
        assert {code: bool(apps[code]["hired"]) for code in spellings} == spellings

    def test_unknown_and_missing_codes_are_rejected(self):
        p = people(3)
        result = import_sscasn([raw(skd_list(p, ["X9", None, "TL"]))], context())
        assert len(result.tables["applicants"]) == 1
        got = result.rejected[["row", "column", "reason", "value"]].values.tolist()
        assert got == [
            [2, "Keterangan", "unknown keterangan code", "X9"],
            [3, "Keterangan", "no keterangan code", ""],
        ]


# --------------------------------------------------------------------------------------------
# What the NIK gives
# --------------------------------------------------------------------------------------------


class TestNik:
    def test_gender_age_and_origin(self):
        p = people(4, areas=["15.02", "15.02", "13.71", "15.04"])
        p["birth"] = pd.to_datetime(["1999-07-01", "1999-07-02", "2001-12-31", "1990-01-15"])
        p["nik"] = make_nik(
            pd.Series(["15.02", "15.02", "13.71", "15.04"]),
            pd.Series([3] * 4),
            p["birth"],
            p["gender"],
            pd.Series(range(4)),
        )
        assert int(p["nik"].iloc[0][6:8]) == 41  # women: day + 40
        app = by_id(import_sscasn([raw(skd_list(p, ["TL"] * 4))], context()), p)
        assert app["gender"].tolist() == ["female", "male", "female", "male"]
        assert app["age"].tolist() == [25, 24, 22, 34]  # on 1 July 2024
        assert app["origin"].tolist() == ["local", "local", "non_local", "non_local"]

    def test_age_on_parameter(self):
        p = people(1)
        p["birth"] = pd.to_datetime(["1999-07-02"])
        p["nik"] = make_nik(
            pd.Series(["15.02"]), pd.Series([3]), p["birth"], p["gender"], pd.Series([1])
        )
        files = [raw(skd_list(p, ["TL"]))]
        assert by_id(import_sscasn(files, context()), p)["age"].iloc[0] == 24
        assert by_id(import_sscasn(files, context(age_on="08-01")), p)["age"].iloc[0] == 25
        later = context(age_on="2025-01-01")
        assert by_id(import_sscasn(files, later), p)["age"].iloc[0] == 25

    def test_unknown_region_code_leaves_origin_empty(self):
        p = people(2)
        result = import_sscasn([raw(skd_list(p, ["TL"] * 2))], context(kode=None))
        assert "origin" not in result.tables["applicants"]
        assert "applicants.origin" in result.limits

    def test_undecodable_nik_still_links_and_is_counted(self):
        p = people(2)
        p.loc[0, "nik"] = "1502034713990001"  # month 13
        result = import_sscasn([raw(skd_list(p, ["TL"] * 2))], context())
        app = by_id(result, p)
        assert app.index.notna().all() and pd.isna(app["gender"].iloc[0])
        assert app["gender"].iloc[1] == "male"
        assert any("1 NIK(s) could not be decoded" in n for n in result.files[0].notes)


# --------------------------------------------------------------------------------------------
# Jenis formasi
# --------------------------------------------------------------------------------------------


class TestJenisFormasi:
    @pytest.mark.parametrize(
        ("written", "code"),
        [
            ("1 - UMUM", "general"),
            ("UMUM", "general"),
            ("2 - CUMLAUDE", "cumlaude"),
            ("LULUSAN TERBAIK BERPREDIKAT DENGAN PUJIAN", "cumlaude"),
            ("3 - DISABILITAS", "disability"),
            ("4 - PUTRA/PUTRI PAPUA DAN PAPUA BARAT", "papua"),
            ("5 - DIASPORA", "diaspora"),
            ("Putra/Putri Kalimantan", "kalimantan"),
            ("UMUM DOKTER", "doctor"),
            ("ABK, RESCUER DAN PENGAMAT GUNUNG API", "ship_crew_rescuer_volcano"),
        ],
    )
    def test_codes(self, written, code):
        assert special_group(pd.Series([written])).iloc[0] == code

    def test_every_code_is_a_schema_group(self):
        assert {code for _, code in JENIS_FORMASI} <= set(rules.SPECIAL_GROUPS)

    def test_unknown_jenis_is_rejected(self):
        p = people(2)
        result = import_sscasn(
            [raw(skd_list(p, ["TL"] * 2, jenis=["UMUM", "KHUSUS X"]))], context()
        )
        (row,) = result.rejected.itertuples()
        assert (row.row, row.column, row.reason, row.value) == (
            3,
            "Jenis Formasi",
            "unknown jenis formasi",
            "KHUSUS X",
        )


# --------------------------------------------------------------------------------------------
# Score checks
# --------------------------------------------------------------------------------------------


class TestScoreChecks:
    def test_bad_scores_are_rejected_with_file_row_column(self):
        p = people(6)
        scores = [
            (100, 110, 190),
            (33, 110, 190),
            (100, 180, 190),
            (100, 110, 230),
            (100, 110, 190.5),
            (100, 110, 190),
        ]
        frame = skd_list(p, ["TL"] * 6, scores=scores)
        frame.loc[5, "Total"] = 999
        result = import_sscasn([raw(frame)], context())
        assert len(result.tables["applicants"]) == 1
        got = result.rejected[["file", "row", "column", "reason"]].values.tolist()
        assert got == [
            ["hasil_skd_2024.csv", 3, "TWK", "TWK must be a multiple of 5"],
            ["hasil_skd_2024.csv", 4, "TIU", "TIU outside 0 to the year's maximum"],
            ["hasil_skd_2024.csv", 5, "TKP", "TKP outside 0 to the year's maximum"],
            ["hasil_skd_2024.csv", 6, "TKP", "TKP must be a whole number"],
            ["hasil_skd_2024.csv", 7, "Total", "total is not TWK + TIU + TKP"],
        ]
        assert result.files[0].rejected_by_reason["TKP outside 0 to the year's maximum"] == 1

    def test_maxima_follow_the_year(self):
        p = people(1)
        frame = skd_list(p, ["TL"], scores=[(100, 110, 200)])  # TKP max 175 in 2019
        result = import_sscasn([raw(frame, "hasil_skd_2019.csv")], context())
        assert result.rejected["reason"].tolist() == ["TKP outside 0 to the year's maximum"]
        assert rules.skd_rule(2019).format.tkp_max == 175
        ok = import_sscasn([raw(frame, "hasil_skd_2024.csv")], context())
        assert len(ok.rejected) == 0

    def test_skb_outside_0_100_is_rejected(self):
        p = people(1)
        files = [
            raw(skd_list(p, ["P/L"])),
            raw(integration_list(p, ["P/L"], skb=["120"]), "akhir_2024.csv"),
        ]
        result = import_sscasn(files, context())
        assert result.rejected[["file", "column", "reason"]].values.tolist() == [
            ["akhir_2024.csv", "Nilai SKB", "SKB outside 0-100"]
        ]
        # the SKD row still stands: the person is kept, hired unknown
        assert len(result.tables["applicants"]) == 1

    def test_missing_identifier_and_year_are_rejected(self):
        p = people(2)
        frame = skd_list(p, ["TL", "TL"])
        frame.loc[0, ["No Peserta", "NIK"]] = None
        result = import_sscasn([raw(frame, "hasil_skd.csv")], context())
        assert result.rejected["reason"].tolist() == [
            "no NIK and no no. peserta",
            "no year: add a tahun column, name the year in the file name or pass year=",
        ]
        with_year = import_sscasn([raw(frame, "hasil_skd.csv")], context(year="2023"))
        assert with_year.tables["formasi"]["year"].tolist() == [2023]

    def test_tahun_column_wins_over_the_file_name(self):
        frame = skd_list(people(1), ["TL"]).assign(**{"Tahun SKD": ["2023"]})
        result = import_sscasn([raw(frame, "hasil_skd_2024.csv")], context(year="2021"))
        assert result.tables["formasi"]["year"].tolist() == [2023]


# --------------------------------------------------------------------------------------------
# Mapping formasi to positions
# --------------------------------------------------------------------------------------------


class TestPositionMapping:
    def test_unanswered_formasi_are_left_out_and_the_answer_completes(self, tmp_path):
        p = people(3)
        files = [raw(skd_list(p, ["TL"] * 3, jabatan=[PERAWAT, PERAWAT, GURU]))]
        ctx = context(positions=False)
        first = import_sscasn(files, ctx)
        assert first.tables["formasi"].empty and first.tables["applicants"].empty
        assert first.rejected["reason"].eq("formasi not mapped to a position").sum() == 3
        assert ctx.mapping.open_questions() == {"jabatan_formasi": 2}
        # The analyst fills the workbook; the rerun reads it back.
        path = ctx.mapping.write(tmp_path / "pemetaan.xlsx")
        sheet = pd.read_excel(path, sheet_name="jabatan_formasi", dtype=str, engine="openpyxl")
        sheet["position_id"] = sheet["jabatan_nama"].map(
            {"Perawat Ahli Pertama": "pos-perawat", "Guru Ahli Pertama": "pos-guru"}
        )
        with pd.ExcelWriter(path, engine="openpyxl", mode="a", if_sheet_exists="replace") as writer:
            sheet.to_excel(writer, sheet_name="jabatan_formasi", index=False)
        again = dataclasses.replace(ctx, mapping=MappingBook.read(path))
        second = import_sscasn(files, again)
        assert sorted(second.tables["formasi"]["position_id"]) == ["pos-guru", "pos-perawat"]
        assert len(second.tables["applicants"]) == 3 and second.rejected.empty
        assert again.mapping.open_questions() == {}

    def test_prefill_by_title_in_the_unit_of_the_lokasi(self):
        ctx = context()
        ctx.existing["positions"] = pd.DataFrame(
            {
                "position_id": ["pos-a", "pos-b"],
                "unit_id": ["u-dinkes", "u-rsud"],
                "title": ["Perawat Ahli Pertama", "PERAWAT AHLI PERTAMA"],
            }
        )
        ctx.existing["units"] = pd.DataFrame(
            {"unit_id": ["u-dinkes", "u-rsud"], "name": ["Dinas Kesehatan", "RSUD"]}
        )
        result = import_sscasn([raw(skd_list(people(1), ["TL"]))], ctx)
        assert result.tables["formasi"]["position_id"].tolist() == ["pos-a"]


# --------------------------------------------------------------------------------------------
# Files, PPPK, validation, privacy
# --------------------------------------------------------------------------------------------


class TestFiles:
    def test_pipe_csv_with_bom_and_apostrophes(self, tmp_path):
        p = people(3)
        frame = skd_list(
            p, ["P/L", "TL", "TH"], scores=[(100, 110, 190), (60, 75, 150), (None, None, None)]
        )
        frame["NIK"] = "'" + frame["NIK"]
        path = tmp_path / "hasil_skd_2024.csv"
        path.write_bytes(b"\xef\xbb\xbf" + frame.to_csv(sep="|", index=False).encode())
        result = import_sscasn(read_export(path), context())
        app = by_id(result, p)
        assert len(app) == 3 and app.index.notna().all()
        assert app["twk"].tolist()[:2] == [100, 60] and app["gender"].notna().all()

    def test_workbook_with_annex_and_results_on_two_sheets(self, tmp_path):
        p = people(2)
        path = tmp_path / "pengumuman_pppk_2024.xlsx"
        final = integration_list(p, ["P/L", "P/TL"])
        final = final.drop(columns=["Nilai SKD", "Nilai SKB", "Nilai Akhir"]).assign(
            **{
                "Kompetensi Teknis": ["320", "250"],
                "Manajerial dan Sosial Kultural": ["150", "130"],
                "Wawancara": ["30", "28"],
            }
        )
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame({"Judul": ["Pengumuman"]}).to_excel(writer, sheet_name="Sampul")
            annex([[PERAWAT, "D-III", "Dinas Kesehatan", "UMUM", "1"]]).to_excel(
                writer, sheet_name="Rincian Formasi", index=False
            )
            final.to_excel(writer, sheet_name="Hasil", index=False)
        result = import_sscasn(read_export(path), context())
        assert result.tables["formasi"][["track", "quota"]].values.tolist() == [["pppk", 1]]
        app = by_id(result, p)
        assert app["pppk_technical"].tolist() == [320.0, 250.0]
        assert app["hired"].tolist() == [True, False]
        assert any("skipped" in " ".join(f.notes) for f in result.files)


class TestOutput:
    def test_tables_pass_the_schema(self):
        p = people(4)
        files = [
            raw(
                skd_list(
                    p,
                    ["P/L", "P/L", "TL", "TH"],
                    scores=[(100, 110, 190)] * 3 + [(None, None, None)],
                )
            ),
            raw(integration_list(p.iloc[:2], ["P/L", "P/TL"]), "akhir_2024.csv"),
        ]
        result = import_sscasn(files, context())
        tables = {
            "regions": ap.regions.regions_frame(["bangko"]),
            "units": pd.DataFrame(
                {
                    "unit_id": ["u-dinkes", "u-disdik"],
                    "region_id": "bangko",
                    "name": ["Dinas Kesehatan", "Dinas Pendidikan"],
                }
            ),
            "positions": pd.DataFrame(
                {
                    "position_id": ["pos-perawat", "pos-guru"],
                    "unit_id": ["u-dinkes", "u-disdik"],
                    "title": ["Perawat Ahli Pertama", "Guru Ahli Pertama"],
                    "kind": "fungsional_ahli_pertama",
                    "req_teknis": None,
                    "req_manajerial": None,
                    "req_sosial_kultural": None,
                }
            ),
            **{k: v.drop(columns=["source_file", "source_row"]) for k, v in result.tables.items()},
        }
        ds = ap.from_tables(tables)
        assert len(ds.applicants) == 4 and ds.applicants["hired"].sum() == 1

    def test_no_raw_identifier_or_name_anywhere(self):
        p = people(4)
        skd = skd_list(
            p,
            ["P/L", "TL", "X", "TL"],
            scores=[(100, 110, 190), (33, 110, 190), (100, 110, 190), (100, 110, 190)],
        )
        skd = pd.concat([skd, skd.iloc[[3]]], ignore_index=True)  # a duplicate person
        files = [raw(skd), raw(integration_list(p.iloc[:1], ["P/L"]), "akhir_2024.csv")]
        ctx = context(positions=False)
        result = import_sscasn(files, ctx)
        assert len(result.rejected) >= 3
        text = " ".join(
            [
                *(t.astype("str").to_csv() for t in result.tables.values()),
                result.rejected.astype("str").to_csv(),
                *(str(dataclasses.asdict(f)) for f in result.files),
                *(t.astype("str").to_csv() for t in ctx.mapping.asked.values()),
                " ".join(result.limits),
            ]
        )
        secrets = [*p["nik"], *p["nopes"], *p["nama"], *p["nik"].str.slice(0, 12)]
        assert not [s for s in secrets if s in text]
