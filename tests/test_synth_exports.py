"""The sample written as real export files: layouts, quirks, and identifiers that decode back
to the simulated people (``asnpolicy.synth.exports``; shared/reference/real-exports.md)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from partial_data import REGION as PARTIAL_REGION  # tests/ is on sys.path
from partial_data import subset_dataset

import asnpolicy as ap
from asnpolicy import rules, selection
from asnpolicy.identifiers import age_on, decode_nik, decode_nip
from asnpolicy.imports.rawfiles import parse_dates, parse_numbers, read_export
from asnpolicy.synth import exports as X
from asnpolicy.synth import generate, write_exports

REGION = "pauh"
AREA = "13.71"  # Kota Padang: Pauh is one of its kecamatan (13.71.08)


@pytest.fixture(scope="module")
def sample() -> ap.Dataset:
    """Pauh, two recruitment years, every fourth SKM response (workbooks are slow to write)."""
    ds = generate(regions=[REGION], years=(2021, 2024), scale=0.3, seed=2026)
    return dataclasses.replace(ds, skm=ds.skm.iloc[::4].reset_index(drop=True))


@pytest.fixture(scope="module")
def one(sample) -> ap.Dataset:
    return sample.for_region(REGION)


@pytest.fixture(scope="module")
def written(sample, tmp_path_factory) -> tuple[Path, dict[str, list[Path]]]:
    out = tmp_path_factory.mktemp("exports")
    return out, write_exports(sample, REGION, out, seed=2026)


@pytest.fixture(scope="module")
def files(written) -> dict[str, list[Path]]:
    return written[1]


def table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """A file as the importers read it (rawfiles), one sheet."""
    raws = read_export(path)
    return next(r.frame for r in raws if sheet is None or r.sheet == sheet)


def named(files: list[Path], name: str) -> Path:
    return next(p for p in files if p.name == name)


def numbers(values: pd.Series) -> pd.Series:
    got, bad = parse_numbers(values)
    assert not bad.any()
    return got


class TestWriteExports:
    def test_every_kind_has_its_files(self, files):
        assert sorted(files) == ["abk", "link", "siasn", "skm", "skp", "sscasn"]
        assert [p.name for p in files["siasn"]] == ["siasn_pns.csv", "siasn_pppk.csv", "unor.csv"]
        assert {p.name for p in files["sscasn"]} >= {
            "rincian_formasi_cpns_2021.xlsx", "rincian_formasi_pppk_2021.xlsx",
            "rincian_formasi_cpns_2024.xlsx", "hasil_skd_2021.csv", "hasil_integrasi_2021.csv",
            "hasil_skd_2024.csv", "hasil_integrasi_2024.csv", "hasil_pppk_2021.csv",
        }  # fmt: skip
        assert all(p.is_file() and p.stat().st_size > 0 for ps in files.values() for p in ps)

    def test_unknown_vintage_or_kind_is_refused(self, sample, tmp_path):
        with pytest.raises(ValueError, match="choose one of siasn_2024, sapk"):
            write_exports(sample, REGION, tmp_path, vintage={"siasn": "simpeg"})
        with pytest.raises(ValueError, match="Unknown export KIND"):
            write_exports(sample, REGION, tmp_path, vintage={"bkd": "x"})
        with pytest.raises(ValueError, match="Unknown export KIND 'simpeg'"):
            write_exports(sample, REGION, tmp_path, kinds=["simpeg"])

    def test_a_region_needs_its_kode_wilayah(self, one, tmp_path):
        tables = {k: v.copy() for k, v in one.tables().items()}
        tables["regions"]["region_id"] = "kerinci"
        tables["regions"]["kode_wilayah"] = None
        for name in ("units", "employees", "formasi"):
            tables[name]["region_id"] = "kerinci"
        with pytest.raises(ValueError, match="kode_wilayah"):
            write_exports(ap.Dataset(**tables), "kerinci", tmp_path)

    def test_partial_data_write_the_kinds_they_can(self, sample, tmp_path):
        sub = subset_dataset(sample, "workforce", REGION)  # region outside the registry
        files = write_exports(sub, PARTIAL_REGION, tmp_path, kode_wilayah="15.01")
        assert sorted(files) == ["abk", "siasn"]
        nik = decode_nik(table(files["siasn"][0])["nik"], 2025)
        assert nik["area"].isin(["15.01", *X.OTHER_AREAS]).all()
        with pytest.raises(ValueError, match="need the table"):
            write_exports(sub, PARTIAL_REGION, tmp_path, kinds=["skm"], kode_wilayah="15.01")

    def test_same_seed_same_cells_other_seed_other_people(self, sample, files, tmp_path):
        again = write_exports(sample, REGION, tmp_path / "a", seed=2026)
        other = write_exports(sample, REGION, tmp_path / "b", seed=7, kinds=["siasn"])
        for kind, paths in files.items():
            for path, twin in zip(paths, again[kind], strict=True):
                for raw, raw2 in zip(read_export(path), read_export(twin), strict=True):
                    pd.testing.assert_frame_equal(raw.frame, raw2.frame)
        nips = table(files["siasn"][0])["nip_baru"]
        assert not nips.equals(table(other["siasn"][0])["nip_baru"])


@pytest.fixture(scope="module")
def pns(files) -> pd.DataFrame:
    return table(files["siasn"][0])


@pytest.fixture(scope="module")
def pppk(files) -> pd.DataFrame:
    return table(files["siasn"][1])


@pytest.fixture(scope="module")
def applicants(one) -> pd.DataFrame:
    a = one.applicants
    f = one.formasi.set_index("formasi_id")
    return a.assign(year=a["formasi_id"].map(f["year"]), track=a["formasi_id"].map(f["track"]))


class TestSiasn:
    def test_layout_and_quirks(self, files):
        raw = files["siasn"][0].read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark
        header, first = raw[3:].decode("utf-8").splitlines()[:2]
        assert tuple(header.split("|")) == X.SIASN_COLUMNS
        cells = dict(zip(X.SIASN_COLUMNS, first.split("|"), strict=True))
        assert cells["nip_baru"].startswith("'") and cells["nik"].startswith("'")
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", cells["tanggal_lahir"])
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", cells["tmt_cpns"])
        # the personal columns are there, with obviously fake values
        assert re.fullmatch(r"Pegawai \d{4}", cells["nama"])
        assert re.fullmatch(r"0800000000\d\d", cells["nomor_hp"])
        assert cells["email"].endswith("@example.invalid")

    def test_rows_are_the_sample_plus_retired_staff(self, one, pns, pppk):
        status = one.employees["status"]
        active = pns["kedudukan_hukum_nama"].eq("Aktif")
        assert active.sum() == status.eq("pns").sum()
        assert set(pns.loc[~active, "kedudukan_hukum_nama"]) == {"Pensiun"}
        assert set(pns.loc[~active, "kedudukan_hukum_id"]) == {"99"}
        assert (~active).sum() >= 2
        assert len(pppk) == status.eq("pppk").sum()
        assert set(pppk["jenis_pegawai_nama"]) == {"PPPK"}

    def test_nips_decode_to_the_sample(self, one, pns, pppk):
        for frame, status in ((pns, "pns"), (pppk, "pppk")):
            frame = frame[frame["kedudukan_hukum_nama"].eq("Aktif")]
            want = one.employees[one.employees["status"].eq(status)]
            got = decode_nip(frame["nip_baru"])
            assert got["problem"].isna().all()
            assert got["birth_year"].tolist() == want["birth_year"].tolist()
            assert got["birth_month"].tolist() == want["birth_month"].tolist()
            assert got["tmt_year"].tolist() == want["hire_year"].tolist()
            assert got["gender"].tolist() == want["gender"].tolist()
            assert got["pppk"].eq(status == "pppk").all()
            born, bad = parse_dates(frame["tanggal_lahir"])
            assert not bad.any() and (born == got["birth_date"]).all()
            gender = frame["jenis_kelamin"].map({"M": "male", "F": "female"})
            assert gender.tolist() == want["gender"].tolist()
        nips = pd.concat([pns["nip_baru"], pppk["nip_baru"]])
        assert nips.is_unique

    def test_tmt_cpns_gives_the_hire_year_of_pns_only(self, one, pns, pppk):
        active = pns[pns["kedudukan_hukum_nama"].eq("Aktif")]
        tmt, bad = parse_dates(active["tmt_cpns"])
        want = one.employees.loc[one.employees["status"].eq("pns"), "hire_year"]
        assert not bad.any() and tmt.dt.year.tolist() == want.tolist()
        assert pppk["tmt_cpns"].isna().all()
        assert set(active["status_cpns_pns"]) <= {"P", "C"}

    def test_niks_decode_to_origin_and_gender(self, one, pns, pppk):
        frame = pd.concat([pns[pns["kedudukan_hukum_nama"].eq("Aktif")], pppk])
        e = pd.concat(
            [one.employees[one.employees["status"].eq(s)] for s in ("pns", "pppk")]
        ).reset_index(drop=True)
        got = decode_nik(frame["nik"], 2025).reset_index(drop=True)
        assert got["problem"].isna().all()
        local = got["area"].eq(AREA)
        assert (local == e["origin"].eq("local")).all()
        # staff not hired through the simulated recruitment: NIK birth date = tanggal_lahir
        own = e["applicant_id"].isna()
        born = decode_nip(frame["nip_baru"]).reset_index(drop=True)["birth_date"]
        assert (got.loc[own, "birth_date"] == born[own]).all()
        assert (got.loc[own, "gender"] == e.loc[own, "gender"]).all()

    def test_codes_follow_the_sample(self, one, pns):
        active = pns[pns["kedudukan_hukum_nama"].eq("Aktif")]
        e = one.employees[one.employees["status"].eq("pns")]
        education = {code: level for level, (code, _) in X.EDUCATION_CODES.items()}
        assert active["tingkat_pendidikan_id"].map(education).tolist() == e["education"].tolist()
        kind = e["position_id"].map(one.positions.set_index("position_id")["kind"])
        jenis = kind.map({k: v[0] for k, v in X.JENIS_JABATAN.items()})
        assert active["jenis_jabatan_id"].tolist() == jenis.tolist()
        eselon = active["eselon_id"].fillna("")
        assert (eselon[kind.eq("pengawas").to_numpy()] == "41").all()
        assert (eselon[kind.str.startswith("fungsional").to_numpy()] == "").all()
        title = e["position_id"].map(one.positions.set_index("position_id")["title"])
        assert active["jabatan_nama"].tolist() == title.tolist()

    def test_unit_tree_rolls_up_to_the_sample_units(self, one, files, pns):
        tree = table(files["siasn"][2])
        assert list(tree.columns) == ["Id", "NamaUnor", "DiatasanId"]
        root = tree[tree["DiatasanId"].isna()]
        assert len(root) == 1 and root["NamaUnor"].iloc[0] == "Pemerintah Kota Padang"
        opd = tree[tree["DiatasanId"].eq(root["Id"].iloc[0])]
        assert sorted(opd["Id"]) == sorted(one.units["unit_id"])
        assert opd["NamaUnor"].str.startswith("--").all()
        assert sorted(opd["NamaUnor"].str.lstrip("-")) == sorted(one.units["name"])
        parent = tree.set_index("Id")["DiatasanId"]
        unor = pns.loc[pns["kedudukan_hukum_nama"].eq("Aktif"), "unor_id"]
        rolled = unor.where(unor.isin(opd["Id"]), unor.map(parent))
        e = one.employees[one.employees["status"].eq("pns")]
        assert rolled.tolist() == e["unit_id"].tolist()

    def test_sapk_vintage_is_an_uppercase_workbook(self, sample, one, tmp_path):
        files = write_exports(sample, REGION, tmp_path, vintage={"siasn": "sapk"}, kinds=["siasn"])
        assert [p.name for p in files["siasn"]] == ["sapk_pns.xlsx", "sapk_pppk.xlsx", "unor.csv"]
        frame = table(files["siasn"][0])
        assert tuple(frame.columns) == X.SAPK_COLUMNS
        active = frame[frame["KEDUDUKAN_HUKUM_NAMA"].eq("Aktif")]
        e = one.employees[one.employees["status"].eq("pns")]
        assert active["UNOR_INDUK_ID"].tolist() == e["unit_id"].tolist()
        assert decode_nip(active["NIP_BARU"])["tmt_year"].tolist() == e["hire_year"].tolist()
        assert active["TGL_LAHIR"].str.fullmatch(r"\d{2}-\d{2}-\d{4}").all()


class TestSkp:
    def test_skp2022_records_match_performance(self, one, files):
        frame = table(named(files["skp"], "skp22.xlsx"))
        assert tuple(frame.columns) == X.SKP22_COLUMNS
        perf = one.performance
        assert len(frame) == len(perf)
        assert frame["kuadranKinerja"].tolist() == perf["skp_rating"].tolist()
        codes = {"1": "above", "2": "as_expected", "3": "below"}
        assert frame["hasilKinerjaNilai"].map(codes).tolist() == perf["work_result"].tolist()
        assert frame["perilakuKerjaNilai"].map(codes).tolist() == perf["behaviour"].tolist()
        # the NIP leads back to the employee's birth month
        e = one.employees.set_index("employee_id")
        got = decode_nip(frame["nip"])
        assert got["birth_month"].tolist() == perf["employee_id"].map(e["birth_month"]).tolist()
        assert frame["penilaiNipNrp"].notna().mean() > 0.8  # heads have no appraiser here

    def test_years_before_2022_become_pp46_scores_in_the_band(self, one, tmp_path):
        tables = {k: v.copy() for k, v in one.tables().items()}
        old = tables["performance"].drop_duplicates("employee_id").assign(year=2021)
        tables["performance"] = pd.concat([tables["performance"], old], ignore_index=True)
        files = write_exports(ap.Dataset(**tables), REGION, tmp_path, kinds=["skp"])
        assert [p.name for p in files["skp"]] == ["skp22.xlsx", "skp_pp46.xlsx"]
        frame = table(files["skp"][1])
        assert tuple(frame.columns) == X.SKP46_COLUMNS and len(frame) == len(old)
        score = numbers(frame["nilai_prestasi_kerja_46"])
        low = old["skp_rating"].map({k: v[0] for k, v in X.SKP46_BANDS.items()}).to_numpy()
        high = old["skp_rating"].map({k: v[1] for k, v in X.SKP46_BANDS.items()}).to_numpy()
        assert ((score >= low) & (score <= high)).all()
        # PP 46/2011 bands: 91+ Sangat Baik, 76-90 Baik, 61-75 Cukup, 51-60 Kurang, <=50 Buruk
        band = pd.cut(score, [0, 50.999, 60.999, 75.999, 90.999, 100],
                      labels=["Buruk", "Kurang", "Cukup", "Baik", "Sangat Baik"])  # fmt: skip
        assert band.astype(str).tolist() == frame["sebutan_46"].tolist()


class TestSscasn:
    def test_annex_has_every_formasi_below_its_title(self, one, files):
        for (year, track), rows in one.formasi.groupby(["year", "track"]):
            raws = read_export(named(files["sscasn"], f"rincian_formasi_{track}_{year}.xlsx"))
            assert raws[0].header_row == 3  # the title and a blank row above
            annex = raws[0].frame
            assert list(annex.columns) == [
                "No", "Jabatan", "Kualifikasi Pendidikan", "Lokasi Formasi", "Jenis Formasi",
                "Jumlah",
            ]  # fmt: skip
            assert numbers(annex["Jumlah"]).sum() == rows["quota"].sum()
            assert annex["Jabatan"].str.fullmatch(r"\d{7} - .+").all()
            assert set(annex["Jenis Formasi"]) == {"1 - UMUM"}

    def test_skd_list_scores_codes_and_niks(self, one, files, applicants):
        for year in (2021, 2024):
            path = named(files["sscasn"], f"hasil_skd_{year}.csv")
            assert path.read_text(encoding="utf-8").splitlines()[0].count(";") == 12
            skd = table(path)
            a = applicants[applicants["year"].eq(year) & applicants["track"].eq("cpns")]
            assert len(skd) == len(a)
            for part in rules.SKD_PARTS:
                assert numbers(skd[part]).fillna(-1).tolist() == a[part].fillna(-1).tolist()
            code = skd["keterangan"].to_numpy()
            assert ((code == "TMS") == ~a["admin_pass"].to_numpy()).all()
            ruled = selection.apply_rules(
                a, one.formasi, skb_weights={"cat": 0.6, "competency": 0.4}, level=None
            )
            assert (code == "P/L").sum() == ruled["to_skb"].sum()
            assert skd["jenis"].str.fullmatch(r"\d - [A-Z /]+").all()
            nik = decode_nik(skd["nik"], year)
            assert nik["problem"].isna().all()
            assert nik["gender"].tolist() == a["gender"].tolist()
            age = age_on(nik["birth_date"], pd.Timestamp(year, 7, 1))
            assert age.tolist() == a["age"].tolist()
            assert (nik["area"].eq(AREA) == a["origin"].eq("local").to_numpy()).all()

    def test_integration_list_carries_the_skb_total_and_who_was_hired(self, one, files, applicants):
        for year in (2021, 2024):
            path = named(files["sscasn"], f"hasil_integrasi_{year}.csv")
            frame = table(path)
            assert list(frame.columns) == [
                "no", "nopes", "nama", "nik", "jabatan", "lokasi", "jenis", "skd", "skb",
                "nilai akhir", "keterangan",
            ]  # fmt: skip
            a = applicants[applicants["year"].eq(year) & applicants["track"].eq("cpns")]
            ruled = selection.apply_rules(
                a, one.formasi, skb_weights={"cat": 0.6, "competency": 0.4}, level=None
            )
            took = ruled["to_skb"].to_numpy()
            assert len(frame) == took.sum()
            # SKB total (0-100) = 60 % CAT + 40 % competency (Pauh), decimal comma
            want = (0.6 * a["skb_cat"] + 0.4 * a["skb_competency"]).to_numpy()[took]
            got = numbers(frame["skb"]).to_numpy()
            assert np.allclose(got, want, atol=5e-4, equal_nan=True)
            skd = selection.skd_total(a).astype(float).to_numpy()[took]
            final = 0.4 * skd / 550 * 100 + 0.6 * got
            assert np.allclose(
                numbers(frame["nilai akhir"]).to_numpy(), final, atol=1e-3, equal_nan=True
            )
            hired = frame["keterangan"].eq("P/L").to_numpy()
            assert (hired == a["hired"].to_numpy()[took]).all()
            assert set(frame["keterangan"]) <= {"P/L", "P/TL", "P/TH"}
            assert a["hired"].sum() == hired.sum()  # every CPNS hire went through SKB

    def test_pppk_results(self, files, applicants):
        frame = table(named(files["sscasn"], "hasil_pppk_2021.csv"))
        a = applicants[applicants["year"].eq(2021) & applicants["track"].eq("pppk")]
        assert len(frame) == len(a)
        assert (
            numbers(frame["teknis"]).fillna(-1).tolist() == a["pppk_technical"].fillna(-1).tolist()
        )
        assert (frame["keterangan"].eq("P/L").to_numpy() == a["hired"].to_numpy()).all()

    def test_link_file_joins_applications_to_nips(self, one, files):
        link = table(files["link"][0])
        assert list(link.columns) == ["no", "tahun", "no_peserta", "nik", "nip", "nama"]
        e = one.employees[one.employees["applicant_id"].notna()]
        assert len(link) == len(e)
        assert decode_nip(link["nip"])["tmt_year"].tolist() == e["hire_year"].tolist()
        nopes = pd.concat(
            [table(p)[["nopes", "nik"]] for p in files["sscasn"]
             if p.name.startswith(("hasil_skd", "hasil_pppk"))]
        )  # fmt: skip
        assert link["no_peserta"].isin(nopes["nopes"]).all()
        by_nopes = nopes.set_index("nopes")["nik"]
        assert (link["no_peserta"].map(by_nopes) == link["nik"]).all()
        # the employee keeps the NIK of the application in SIASN
        siasn = pd.concat([table(p) for p in files["siasn"][:2]])
        assert link["nik"].isin(siasn["nik"]).all()


class TestSkm:
    def test_responses_per_year_sheet(self, one, files):
        raws = read_export(named(files["skm"], "skm_responses.xlsx"))
        years = one.skm["survey_date"].dt.year
        assert [r.sheet for r in raws] == [str(y) for y in sorted(years.unique())]
        frame = pd.concat([r.frame for r in raws], ignore_index=True)
        assert list(frame.columns) == [
            "no", "nama", "alamat", "pekerjaan", "jenkel", "usia", "nohp", "pendidikan", "nik",
            *[f"u{i}" for i in range(1, 10)], "saran", "created_at", "unit_layanan",
        ]  # fmt: skip
        s = one.skm.iloc[np.argsort(years.to_numpy(), kind="stable")].reset_index(drop=True)
        assert len(frame) == len(s)
        for i in range(1, 10):
            assert numbers(frame[f"u{i}"]).tolist() == s[f"u{i}"].tolist()
        date, bad = parse_dates(frame["created_at"])
        assert not bad.any() and (date == s["survey_date"]).all()
        assert frame["created_at"].str.fullmatch(r"\d{2}-\d{2}-\d{4}").all()
        assert (
            frame["jenkel"].map({"L": "male", "P": "female"}).tolist()
            == s["respondent_gender"].tolist()
        )
        units = s["unit_id"].map(one.units.set_index("unit_id")["name"])
        assert frame["unit_layanan"].tolist() == units.tolist()

    def test_published_results_use_the_0111_weight_and_truncation(self, one, files):
        frame = table(named(files["skm"], "ikm_per_unit.xlsx"))
        s = one.skm.assign(
            unit=one.skm["unit_id"].map(one.units.set_index("unit_id")["name"]),
            year=one.skm["survey_date"].dt.year,
        )
        means = s.groupby(["unit", "year"])[[f"u{i}" for i in range(1, 10)]].mean()
        assert len(frame) == len(means)
        # independent: IKM = sum NRR x 0.111 x 25, cut (not rounded) after 2 decimals
        want = np.floor(means.sum(axis=1).to_numpy() * 0.111 * 25 * 100 + 1e-9) / 100
        assert np.allclose(numbers(frame["IKM"]), want, atol=1e-9)
        assert (
            numbers(frame["Jumlah Responden"]).tolist()
            == s.groupby(["unit", "year"]).size().tolist()
        )
        assert numbers(frame["Persyaratan"]).round(2).tolist() == means["u1"].round(2).tolist()
        assert (
            numbers(frame["Sarana dan prasarana"]).round(2).tolist()
            == means["u9"].round(2).tolist()
        )

    def test_ikm_practice_reproduces_the_published_example(self):
        # real-exports.md A5: 32.9311 x 0.111 x 25 = 91.38 (GASPUL's NRR sum)
        nrr = pd.DataFrame([[32.9311 / 9] * 9])
        assert X.ikm_practice(nrr).iloc[0] == pytest.approx(91.38)
        # truncation, not rounding: 77.375 stays 77.37 (domain-facts section 7)
        assert X.ikm_practice(pd.DataFrame([[77.375 / 25 / 0.111]])).iloc[0] == pytest.approx(77.37)

    def test_year_only_vintage(self, sample, one, tmp_path):
        files = write_exports(sample, REGION, tmp_path, vintage={"skm": "tahun"}, kinds=["skm"])
        frame = table(named(files["skm"], "skm_responses.csv"))
        assert list(frame.columns) == [
            "NO_HP", *[f"U{i}" for i in range(1, 10)], "TAHUN", "UNIT_LAYANAN",
        ]  # fmt: skip
        assert numbers(frame["TAHUN"]).tolist() == one.skm["survey_date"].dt.year.tolist()


class TestAbk:
    def test_task_table_in_hours(self, one, files):
        raws = read_export(files["abk"][0])
        assert raws[0].header_row == 3
        frame = raws[0].frame
        w = one.workload
        assert len(frame) == len(w)
        assert numbers(frame["Jumlah Hasil"]).tolist() == w["volume"].tolist()
        assert set(frame["Satuan"]) == {"jam"}
        minutes = numbers(frame["Waktu Penyelesaian"]) * 60
        assert np.allclose(minutes, w["norm_minutes"], atol=0.01)
        period = {"tahun": "year", "bulan": "month", "minggu": "week", "hari": "day"}
        assert frame["Keterangan Waktu"].map(period).tolist() == w["volume_period"].tolist()
        effective = numbers(frame["Waktu Efektif"])
        assert (
            effective.tolist()
            == w["volume_period"]
            .map({"year": 72000, "month": 6000, "week": 1500, "day": 300})
            .tolist()
        )
        title = w["position_id"].map(one.positions.set_index("position_id")["title"])
        assert frame["Nama Jabatan"].tolist() == title.tolist()

    def test_minutes_vintage_is_exact(self, sample, one, tmp_path):
        files = write_exports(sample, REGION, tmp_path, vintage={"abk": "menit"}, kinds=["abk"])
        frame = table(files["abk"][0])
        assert set(frame["Satuan"]) == {"menit"}
        assert (
            numbers(frame["Waktu Penyelesaian"]).tolist() == one.workload["norm_minutes"].tolist()
        )
