"""SKP records -> performance: both vintages, codes, bands, the matrix kept as recorded."""

from __future__ import annotations

import pandas as pd
import pytest

from asnpolicy import rules
from asnpolicy.identifiers import Pseudonymiser, make_nip
from asnpolicy.imports.context import ImportContext
from asnpolicy.imports.rawfiles import ImportFailure, RawTable, read_export
from asnpolicy.imports.skp import (
    DEFAULT_SKP_BANDS,
    PREDIKAT_PP46,
    import_skp,
    looks_like,
    skp_bands,
)
from asnpolicy.synth import generate

KEY = b"test-key-" + b"0" * 32


def _ctx(**params) -> ImportContext:
    return ImportContext("pauh", Pseudonymiser(KEY), params=params, lang="en")


def _nips(n: int, start: int = 1) -> list[str]:
    """Synthetic NIPs in the Perka BKN 22/2007 layout (made up, valid-looking)."""
    birth = pd.Series(pd.to_datetime("1980-01-15") + pd.to_timedelta(range(n), unit="D") * 97)
    return make_nip(
        birth,
        pd.Series([2005 + i % 15 for i in range(n)]),
        pd.Series([1 + i % 12 for i in range(n)]),
        pd.Series(["male", "female"] * n).iloc[:n].reset_index(drop=True),
        pd.Series(range(start, start + n)),
    ).tolist()


def _raw(columns: dict, file: str = "skp.xlsx", sheet: str | None = "Sheet1") -> RawTable:
    frame = pd.DataFrame(columns, dtype="str")
    frame.index = pd.RangeIndex(2, 2 + len(frame))  # row 1 is the header
    return RawTable(file, sheet, frame)


def _no_identifier_anywhere(result, nips: list[str]) -> None:
    texts = []
    for frame in [*result.tables.values(), result.rejected]:
        texts += [str(v) for v in frame.to_numpy().ravel()]
    for stat in result.files:
        texts += [str(stat)]
    blob = "\n".join(texts)
    for nip in nips:
        assert nip not in blob


class TestLooksLike:
    def test_both_vintages_are_recognised(self):
        assert looks_like(_raw({"nip": [], "tahun": [], "kuadranKinerja": []}))
        assert looks_like(_raw({"NIP_BARU": [], "TAHUN": [], "NILAI_PRESTASI_KERJA": []}))

    def test_other_kinds_are_not(self):
        siasn = {"nip_baru": [], "nama": [], "tanggal_lahir": [], "jabatan_nama": []}
        abk = {"Nama Jabatan": [], "Uraian Tugas": [], "Jumlah Hasil": []}
        sscasn = {"nopes": [], "nik": [], "twk": [], "tiu": [], "tkp": []}
        assert not any(looks_like(_raw(c)) for c in (siasn, abk, sscasn))


class TestSkp2022:
    def test_codes_and_labels_as_recorded(self):
        nips = _nips(4)
        result = import_skp(
            [
                _raw(
                    {
                        "nip": nips,
                        "tahun": ["2023"] * 4,
                        "hasilKinerjaNilai": ["1", "2", "3", "2"],
                        "perilakuKerjaNilai": ["1", "2", "2", "3"],
                        "kuadranKinerja": [
                            "Sangat Baik",
                            "BAIK",
                            "Butuh Perbaikan",
                            "Kurang",  # written without /Misconduct
                        ],
                    }
                )
            ],
            _ctx(),
        )
        got = result.tables["performance"]
        assert got["skp_rating"].tolist() == [
            "Sangat Baik",
            "Baik",
            "Butuh Perbaikan",
            "Kurang/Misconduct",
        ]
        assert got["work_result"].tolist() == ["above", "as_expected", "below", "as_expected"]
        assert got["behaviour"].tolist() == ["above", "as_expected", "as_expected", "below"]
        assert got["employee_id"].tolist() == Pseudonymiser(KEY).ids(pd.Series(nips), "p").tolist()
        assert got["year"].dtype == "Int64" and got["year"].eq(2023).all()
        assert set(got["skp_rating"]) <= set(rules.SKP_LABELS)
        assert not any("matrix" in n for n in result.files[0].notes)  # all four follow it

    def test_words_instead_of_codes(self):
        result = import_skp(
            [
                _raw(
                    {
                        "nip_baru": _nips(3),
                        "tahun": ["2024"] * 3,
                        "hasilKinerja": [
                            "Diatas Ekspektasi",
                            "Sesuai Ekspektasi",
                            "Di Bawah Ekspektasi",
                        ],
                        "perilakuKerja": ["Sesuai Ekspektasi"] * 3,
                        "kuadranKinerja": ["Baik", "Baik", "Butuh Perbaikan"],
                    }
                )
            ],
            _ctx(),
        )
        got = result.tables["performance"]
        assert got["work_result"].tolist() == ["above", "as_expected", "below"]
        assert got["behaviour"].tolist() == ["as_expected"] * 3

    def test_matrix_disagreement_is_kept_and_counted(self):
        # rumahASN's getKuadran gives max(hasil, perilaku) = 3 for (1, 3): Butuh Perbaikan,
        # where PermenPANRB 6/2022 says Kurang/Misconduct
        assert rules.SKP_MATRIX[("above", "below")] == "Kurang/Misconduct"
        result = import_skp(
            [
                _raw(
                    {
                        "nip": _nips(3),
                        "tahun": ["2023"] * 3,
                        "hasilKinerjaNilai": ["1", "1", "2"],
                        "perilakuKerjaNilai": ["3", "3", "2"],
                        "kuadranKinerja": ["Butuh Perbaikan", "Butuh Perbaikan", "Baik"],
                        "kuadranKinerjaNilai": ["3", "3", "2"],
                    }
                )
            ],
            _ctx(),
        )
        got = result.tables["performance"]
        assert len(got) == 3 and not len(result.rejected)
        assert got["skp_rating"].tolist() == ["Butuh Perbaikan", "Butuh Perbaikan", "Baik"]
        (note,) = [n for n in result.files[0].notes if "matrix" in n]
        assert note.startswith("2 rows have a predikat that differs")

    def test_kuadran_code_where_the_label_is_blank(self):
        result = import_skp(
            [
                _raw(
                    {
                        "nip": _nips(5),
                        "tahun": ["2023"] * 5,
                        "kuadranKinerja": [None] * 5,
                        "kuadranKinerjaNilai": ["1", "2", "3", "4", "5"],
                    }
                )
            ],
            _ctx(),
        )
        assert result.tables["performance"]["skp_rating"].tolist() == list(rules.SKP_LABELS)

    def test_no_label_reads_the_matrix(self):
        pairs = list(rules.SKP_MATRIX)
        code = {"above": "1", "as_expected": "2", "below": "3"}
        result = import_skp(
            [
                _raw(
                    {
                        "nip": _nips(len(pairs)),
                        "tahun": ["2022"] * len(pairs),
                        "hasilKinerjaNilai": [code[w] for w, _ in pairs],
                        "perilakuKerjaNilai": [code[b] for _, b in pairs],
                    }
                )
            ],
            _ctx(),
        )
        got = result.tables["performance"]["skp_rating"].tolist()
        assert got == [rules.SKP_MATRIX[p] for p in pairs]
        assert any("no predikat recorded" in n for n in result.files[0].notes)

    def test_appraiser_columns_are_ignored_and_never_written(self):
        nips, appraisers = _nips(2), _nips(2, start=500)
        result = import_skp(
            [
                _raw(
                    {
                        "nip": nips,
                        "tahun": ["2023", "2023"],
                        "kuadranKinerja": ["Baik", "Baik"],
                        "penilaiNama": ["Pejabat Satu", "Pejabat Dua"],
                        "penilaiNipNrp": appraisers,
                        "penilaiJabatan": ["Kepala", "Kepala"],
                    }
                )
            ],
            _ctx(),
        )
        stat = result.files[0]
        assert {"penilaiNama", "penilaiNipNrp", "penilaiJabatan"} <= set(stat.columns_ignored)
        assert any("appraiser" in n for n in stat.notes)
        _no_identifier_anywhere(result, nips + appraisers)
        blob = result.tables["performance"].to_csv()
        assert "Pejabat" not in blob

    def test_periodic_records_are_left_out(self):
        nips = _nips(1)
        raw = _raw(
            {
                "nip": nips * 3,
                "tahun": ["2023"] * 3,
                "periodikId": [None, "1", "2"],
                "hasilKinerjaNilai": ["2", "1", "3"],
                "perilakuKerjaNilai": ["2", "1", "3"],
                "kuadranKinerja": ["Baik", "Sangat Baik", "Sangat Kurang"],
            }
        )
        result = import_skp([raw], _ctx())
        assert result.tables["performance"]["skp_rating"].tolist() == ["Baik"]
        assert not len(result.rejected)
        assert any(n.startswith("2 periodic records") for n in result.files[0].notes)


class TestPp46:
    @pytest.mark.parametrize(
        ("score", "label"),
        [
            ("100", "Sangat Baik"),
            ("91", "Sangat Baik"),
            ("90,99", "Baik"),
            ("76", "Baik"),
            ("75.5", "Butuh Perbaikan"),  # Cukup
            ("61", "Butuh Perbaikan"),
            ("60", "Kurang/Misconduct"),  # Kurang
            ("51", "Kurang/Misconduct"),
            ("50,9", "Sangat Kurang"),  # Buruk
            ("12", "Sangat Kurang"),
        ],
    )
    def test_band_boundaries(self, score, label):
        result = import_skp(
            [_raw({"nip": _nips(1), "tahun": ["2019"], "nilai_prestasi_kerja": [score]})],
            _ctx(),
        )
        got = result.tables["performance"]
        assert got["skp_rating"].tolist() == [label]
        assert got["work_result"].isna().all() and got["behaviour"].isna().all()

    def test_sebutan_mapped_by_rank(self):
        words = list(PREDIKAT_PP46)
        result = import_skp(
            [_raw({"NIP": _nips(5), "TAHUN": ["2020"] * 5, "SEBUTAN_46": words})], _ctx()
        )
        assert result.tables["performance"]["skp_rating"].tolist() == list(rules.SKP_LABELS)
        assert "performance.work_result" in result.limits

    def test_recorded_sebutan_wins_over_the_band(self):
        result = import_skp(
            [
                _raw(
                    {
                        "nip": _nips(2),
                        "tahun": ["2021", "2021"],
                        "nilai_prestasi_kerja": ["88", "88"],
                        "sebutan": ["Sangat Baik", None],
                    }
                )
            ],
            _ctx(),
        )
        assert result.tables["performance"]["skp_rating"].tolist() == ["Sangat Baik", "Baik"]
        assert any("differs from the band" in n for n in result.files[0].notes)

    def test_bands_are_a_parameter(self):
        raw = _raw({"nip": _nips(1), "tahun": ["2019"], "nilai_skp": ["88"]})
        assert import_skp([raw], _ctx()).tables["performance"]["skp_rating"][0] == "Baik"
        high = import_skp([raw], _ctx(skp_bands="85,70,55,45"))
        assert high.tables["performance"]["skp_rating"][0] == "Sangat Baik"
        assert any("85+ Sangat Baik" in n for n in high.files[0].notes)

    def test_prestasi_before_integrasi_before_skp(self):
        raw = _raw(
            {
                "nip": _nips(2),
                "tahun": ["2019", "2020"],
                "nilai_skp": ["95", "95"],
                "nilai_integrasi": ["80", "80"],
                "nilai_prestasi_kerja": ["55", None],
            }
        )
        got = import_skp([raw], _ctx()).tables["performance"]["skp_rating"].tolist()
        assert got == ["Kurang/Misconduct", "Baik"]


class TestSkpBands:
    def test_forms(self):
        assert skp_bands(None) == DEFAULT_SKP_BANDS == (91.0, 76.0, 61.0, 51.0)
        assert skp_bands("90; 75; 60; 50") == (90.0, 75.0, 60.0, 50.0)
        assert skp_bands([90, 75, 60, 50]) == (90.0, 75.0, 60.0, 50.0)
        assert skp_bands({"Sangat Baik": 90, "Baik": 75, "cukup": 60, "KURANG": 50}) == (
            90.0,
            75.0,
            60.0,
            50.0,
        )

    @pytest.mark.parametrize("bad", ["91,76,61", "50,60,70,80", "a,b,c,d", [1, 1, 0, -1]])
    def test_refused_with_one_sentence(self, bad):
        with pytest.raises(ImportFailure, match="skp_bands"):
            skp_bands(bad)


class TestRejected:
    def test_reasons_with_file_row_and_column(self):
        nips = _nips(7)
        raw = _raw(
            {
                "nip": [nips[0], nips[1][:10], None, nips[3], nips[4], nips[5], nips[6]],
                "tahun": ["2023", "2023", "2023", "dua ribu", "2023", "2023", "2023"],
                "hasilKinerjaNilai": ["1", "1", "1", "1", "4", "1", None],
                "perilakuKerjaNilai": ["1"] * 6 + [None],
                "kuadranKinerja": ["Sangat Baik"] * 5 + ["Istimewa", None],
                "nilai_skp": [None] * 6 + ["abc"],
            },
            file="skp_2023.xlsx",
        )
        result = import_skp([raw], _ctx())
        rejected = result.rejected.set_index("row")
        assert rejected["file"].eq("skp_2023.xlsx").all()
        assert rejected.loc[3, "column"] == "nip"
        assert "18 digits" in rejected.loc[3, "reason"] and rejected.loc[3, "value"] == ""
        assert "no NIP" in rejected.loc[4, "reason"]
        assert rejected.loc[5, "column"] == "tahun" and rejected.loc[5, "value"] == "dua ribu"
        assert rejected.loc[6, "column"] == "hasilKinerjaNilai" and rejected.loc[6, "value"] == "4"
        assert "unknown predikat" in rejected.loc[7, "reason"]
        assert rejected.loc[8, "column"] == "nilai_skp"
        assert result.tables["performance"]["source_row"].tolist() == [2]
        stat = result.files[0]
        assert stat.rows_read == 7 and stat.rows_kept == 1
        assert sum(stat.rejected_by_reason.values()) == 6
        _no_identifier_anywhere(result, nips)

    def test_second_record_of_a_person_and_year_across_files(self):
        nips = _nips(2)
        first = _raw(
            {"nip": nips, "tahun": ["2023", "2023"], "kuadranKinerja": ["Baik", "Baik"]},
            file="a.xlsx",
        )
        second = _raw(
            {"NIP": [nips[1]], "Tahun": ["2023"], "kuadranKinerja": ["Sangat Baik"]},
            file="b.csv",
            sheet=None,
        )
        result = import_skp([first, second], _ctx())
        assert result.tables["performance"]["skp_rating"].tolist() == ["Baik", "Baik"]
        (row,) = result.rejected.itertuples(index=False)
        assert (row.file, row.row, row.column) == ("b.csv", 2, "Tahun")
        assert "second SKP record" in row.reason
        assert result.files[1].rows_kept == 0
        assert result.files[1].rejected_by_reason == {row.reason: 1}

    def test_a_file_without_ratings_or_nip_is_refused(self):
        with pytest.raises(ImportFailure, match="NIP"):
            import_skp([_raw({"tahun": ["2023"], "kuadranKinerja": ["Baik"]})], _ctx())
        with pytest.raises(ImportFailure, match="nilai_prestasi_kerja"):
            import_skp([_raw({"nip": _nips(1), "tahun": ["2023"], "nama": ["x"]})], _ctx())
        with pytest.raises(ImportFailure, match="tahun|year"):
            import_skp([_raw({"nip": _nips(1), "kuadranKinerja": ["Baik"]})], _ctx())

    def test_employees_not_yet_imported_are_kept_and_noted(self):
        nips = _nips(2)
        ctx = _ctx()
        ctx.existing["employees"] = pd.DataFrame(
            {"employee_id": ctx.pseudo.ids(pd.Series(nips[:1]), "p")}
        )
        raw = _raw({"nip": nips, "tahun": ["2023"] * 2, "kuadranKinerja": ["Baik"] * 2})
        result = import_skp([raw], ctx)
        assert len(result.tables["performance"]) == 2
        assert any(
            "1 row is of people not in the employees table" in n for n in result.files[0].notes
        )


class TestFiles:
    def test_pipe_csv_with_bom_and_apostrophes(self, tmp_path):
        nips = _nips(2)
        lines = ["nip|tahun|hasilKinerjaNilai|perilakuKerjaNilai|kuadranKinerja|penilaiNama"]
        lines += [f"'{nips[0]}|2024|2|2|Baik|Atasan Satu", f"'{nips[1]}|2024|3|3|Sangat Kurang|X"]
        path = tmp_path / "skp22.csv"
        path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
        raws = read_export(path)
        assert looks_like(raws[0])
        got = import_skp(raws, _ctx()).tables["performance"]
        assert got["employee_id"].tolist() == Pseudonymiser(KEY).ids(pd.Series(nips), "p").tolist()
        assert got["skp_rating"].tolist() == ["Baik", "Sangat Kurang"]

    def test_workbook_with_both_vintages(self, tmp_path):
        nips = _nips(3)
        path = tmp_path / "riwayat_skp.xlsx"
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame(
                {"nipBaru": nips, "tahun": [2022, 2023, 2024], "kuadranKinerja": ["Baik"] * 3}
            ).to_excel(writer, sheet_name="skp22", index=False)
            pd.DataFrame(
                {
                    "nip_baru": nips,
                    "tahun": [2021] * 3,
                    "nilai_prestasi_kerja_46": [92.5, 80, 70.25],
                    "sebutan_46": [None, None, None],
                }
            ).to_excel(writer, sheet_name="pp46", index=False)
        result = import_skp(read_export(path), _ctx())
        got = result.tables["performance"].sort_values(["year", "source_row"])
        assert got["year"].tolist() == [2021, 2021, 2021, 2022, 2023, 2024]
        assert got["skp_rating"].tolist()[:3] == ["Sangat Baik", "Baik", "Butuh Perbaikan"]
        assert [s.sheet for s in result.files] == ["skp22", "pp46"]
        assert [s.rows_kept for s in result.files] == [3, 3]


class TestRoundTrip:
    """The synthetic sample's performance written as an SKP 2022 export comes back."""

    @pytest.fixture(scope="class")
    @classmethod
    def sample(cls):
        return generate(regions=["pauh"], years=(2024,), scale=0.3)

    def test_sample_performance_recovered(self, sample):
        employees = sample.employees.reset_index(drop=True)
        birth = pd.to_datetime(
            dict(year=employees["birth_year"], month=employees["birth_month"], day=10)
        )
        nip = make_nip(
            birth,
            employees["hire_year"],
            pd.Series(3, index=employees.index),
            employees["gender"],
            pd.Series(range(1, len(employees) + 1)),
            employees["status"] == "pppk",
        )
        nip_of = pd.Series(nip.to_numpy(), index=employees["employee_id"])
        perf = sample.performance
        code = {"above": "1", "as_expected": "2", "below": "3"}
        raw = _raw(
            {
                "nip": "'" + perf["employee_id"].map(nip_of),
                "tahun": perf["year"].astype(str),
                "hasilKinerjaNilai": perf["work_result"].map(code),
                "perilakuKerjaNilai": perf["behaviour"].map(code),
                "kuadranKinerja": perf["skp_rating"],
                "penilaiNama": "Atasan",
            }
        )
        result = import_skp([raw], _ctx())
        got = result.tables["performance"]
        assert len(got) == len(perf) and not len(result.rejected)
        pseudo = Pseudonymiser(KEY).ids(perf["employee_id"].map(nip_of), "p")
        want = perf.assign(employee_id=pseudo.to_numpy())
        cols = ["employee_id", "year", "skp_rating", "work_result", "behaviour"]
        pd.testing.assert_frame_equal(
            got[cols].reset_index(drop=True).astype("object"),
            want[cols].reset_index(drop=True).astype("object"),
        )
        _no_identifier_anywhere(result, nip.tolist())
