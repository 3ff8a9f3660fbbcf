"""The synthetic sample written as the files a BKPSDM holds: SIASN/SAPK, SKP, SSCASN, SKM and
Anjab-ABK exports, in their real column layouts and with their quirks.

:func:`write_exports` renders one region of a sample (:func:`asnpolicy.synth.generate`) as the
export files an analyst would download, so the importers (``asnpolicy import KIND``) can be
tested, end to end, on files whose truth is known. Layouts, codes and quirks follow
``shared/reference/real-exports.md`` (cited per KIND below as A1..A6); every NIP and NIK is built
from the simulated person by the documented encoding (:func:`asnpolicy.identifiers.
make_nip`, :func:`~asnpolicy.identifiers.make_nik`), so decoding it gives back the
sample's birth year and month, hire year, gender, age and origin. Names, phone numbers, e-mail
addresses and street addresses are obviously fake (``Pegawai 0001``, ``0800000000xx``,
``...@example.invalid``): the files hold no real person.

Files written (under ``out/KIND/``; the keys of the returned dict):

========== ==================================================================================
KIND       files
========== ==================================================================================
siasn      ``siasn_pns.csv``, ``siasn_pppk.csv`` (SIASN 2024: lowercase headers, ``|``, BOM,
           ``'`` before NIP and NIK, ``d-m-Y`` dates; retired rows in the PNS file) or, with
           ``vintage={"siasn": "sapk"}``, ``sapk_pns.xlsx``, ``sapk_pppk.xlsx`` (UPPERCASE);
           and ``unor.csv``, the unit tree (``Id, NamaUnor, DiatasanId``; A2).
skp        ``skp22.xlsx`` (SKP 2022+ records; A4) and, for years before 2022,
           ``skp_pp46.xlsx`` (numeric PP 46/2011 records).
sscasn     per year: ``rincian_formasi_{cpns,pppk}_YYYY.xlsx`` (annex), ``hasil_skd_YYYY.csv``
           (``;``), ``hasil_integrasi_YYYY.csv`` (``;``, decimal comma; A3) and
           ``hasil_pppk_YYYY.csv`` (PPPK results, which A3 says are published the same way).
link       ``pemberkasan.xlsx``: no. peserta and NIK -> NIP of hired applicants (the link only
           the BKPSDM holds; A0).
skm        ``skm_responses.xlsx`` (one sheet per year, e-SKM columns; A5) or, with
           ``vintage={"skm": "tahun"}``, ``skm_responses.csv`` (``NO_HP, U1..U9, TAHUN``: year
           only); and ``ikm_per_unit.xlsx``, the published results (weight 0.111, truncated).
abk        ``abk.xlsx`` (Anjab-ABK task table; A6), completion time in hours (``"jam"``,
           default) or minutes (``vintage={"abk": "menit"}``).
========== ==================================================================================

Examples
--------
>>> import tempfile
>>> from asnpolicy.synth import generate
>>> ds = generate(regions=["pauh"], years=(2024,), scale=0.3)
>>> with tempfile.TemporaryDirectory() as folder:
...     files = write_exports(ds, "pauh", folder, kinds=["siasn", "abk"])
>>> {kind: [p.name for p in paths] for kind, paths in files.items()}
{'siasn': ['siasn_pns.csv', 'siasn_pppk.csv', 'unor.csv'], 'abk': ['abk.xlsx']}
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import keys, rules, selection
from .. import policy as region_policy
from .. import regions as registry
from ..identifiers import make_nik, make_nip
from ..io import Dataset
from ..schema import empty_frame
from . import assumptions as A

__all__ = ["DEFAULT_VINTAGES", "NEEDS", "VINTAGES", "ikm_practice", "write_exports"]

#: The layouts each KIND can be written in; the first is the default.
VINTAGES: Mapping[str, tuple[str, ...]] = {
    "siasn": ("siasn_2024", "sapk"),
    "skp": ("skp_2022",),
    "sscasn": ("sscasn",),
    "skm": ("eskm", "tahun"),
    "abk": ("jam", "menit"),
}
DEFAULT_VINTAGES: Mapping[str, str] = {kind: names[0] for kind, names in VINTAGES.items()}
#: The tables each KIND is written from.
NEEDS: Mapping[str, tuple[str, ...]] = {
    "siasn": ("units", "positions", "employees"),
    "skp": ("units", "positions", "employees", "performance"),
    "sscasn": ("units", "positions", "formasi", "applicants"),
    "skm": ("units", "skm"),
    "abk": ("units", "positions", "workload"),
}
_NEEDS_ALL = tuple(dict.fromkeys(name for names in NEEDS.values() for name in names))

#: Date of the snapshot the exports are taken on (the simulator's 31 December).
SNAPSHOT = pd.Timestamp(A.REFERENCE_YEAR, 12, 31)

#: Kab/kota codes (Kemendagri, PP.KK) a non-local person's NIK is drawn from: Sumatera Barat,
#: Jambi and a few others. The region's own code is left out.
OTHER_AREAS = (
    "13.01", "13.02", "13.03", "13.04", "13.05", "13.06", "13.07", "13.08", "13.71", "13.72",
    "13.73", "13.74", "13.75", "13.76", "13.77", "15.01", "15.02", "15.03", "15.04", "15.05",
    "15.06", "15.07", "15.08", "15.09", "15.71", "15.72", "14.71", "16.71", "31.74", "32.73",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Reference codes (real-exports.md A2: rumahASN docs/siasn/*.csv)
# --------------------------------------------------------------------------------------------

#: Education level -> SIASN ``tingkat_pendidikan_id`` and name (``jenjang_pendidikan.csv``).
EDUCATION_CODES: Mapping[str, tuple[str, str]] = {
    "sd": ("05", "Sekolah Dasar"),
    "smp": ("10", "SLTP"),
    "sma": ("15", "SLTA"),
    "d1": ("20", "Diploma I"),
    "d2": ("25", "Diploma II"),
    "d3": ("30", "Diploma III/Sarjana Muda"),
    "d4": ("35", "Diploma IV"),
    "s1": ("40", "S-1/Sarjana"),
    "s2": ("45", "S-2"),
    "s3": ("50", "S-3/Doktor"),
}
#: Education level as SSCASN lists and SKM apps write it (free text).
EDUCATION_TEXT: Mapping[str, str] = {
    "sd": "SD", "smp": "SMP", "sma": "SMA/SMK", "d1": "D-I", "d2": "D-II", "d3": "D-III",
    "d4": "D-IV", "s1": "S-1", "s2": "S-2", "s3": "S-3",
}  # fmt: skip
#: Golongan ids in order (``siasn_golongan.csv``: 11 = I/a ... 45 = IV/e).
GOLONGAN: Mapping[int, str] = {
    11: "I/a", 12: "I/b", 13: "I/c", 14: "I/d", 21: "II/a", 22: "II/b", 23: "II/c", 24: "II/d",
    31: "III/a", 32: "III/b", 33: "III/c", 34: "III/d", 41: "IV/a", 42: "IV/b", 43: "IV/c",
    44: "IV/d", 45: "IV/e",
}  # fmt: skip
#: First golongan of a new PNS and the highest reachable by education
#: (``jenjang_pendidikan.csv``: golongan_awal_id and golongan_id).
GOLONGAN_BY_EDUCATION: Mapping[str, tuple[int, int]] = {
    "sd": (11, 21), "smp": (13, 23), "sma": (21, 32), "d1": (21, 32), "d2": (22, 32),
    "d3": (23, 33), "d4": (31, 34), "s1": (31, 34), "s2": (32, 41), "s3": (33, 42),
}  # fmt: skip
#: PPPK grade by education (Perpres 98/2020 grades I-XVII; the usual entry grade) [U].
PPPK_GRADE: Mapping[str, str] = {
    "sd": "I", "smp": "IV", "sma": "V", "d1": "V", "d2": "VI", "d3": "VII", "d4": "IX",
    "s1": "IX", "s2": "X", "s3": "XI",
}  # fmt: skip
#: Position kind -> SIASN ``jenis_jabatan_id`` (``siasn_jenis_jabatan.csv``) and ``eselon_id``
#: (``ref_eselon_siasn.csv``: 12 I.b JPT madya, 22 II.b JPT pratama, 31 III.a administrator,
#: 41 IV.a pengawas).
JENIS_JABATAN: Mapping[str, tuple[str, str, str]] = {
    "jpt_madya": ("1", "Jabatan Struktural", "12"),
    "jpt_pratama": ("1", "Jabatan Struktural", "22"),
    "administrator": ("1", "Jabatan Struktural", "31"),
    "pengawas": ("1", "Jabatan Struktural", "41"),
    "pelaksana": ("4", "Jabatan Fungsional Umum", ""),
    "fungsional_ahli_pertama": ("2", "Jabatan Fungsional Tertentu", ""),
    "fungsional_ahli_muda": ("2", "Jabatan Fungsional Tertentu", ""),
    "fungsional_ahli_madya": ("2", "Jabatan Fungsional Tertentu", ""),
    "fungsional_ahli_utama": ("2", "Jabatan Fungsional Tertentu", ""),
    "fungsional_terampil": ("2", "Jabatan Fungsional Tertentu", ""),
}
#: ``jenis_pegawai`` of a PNS of a regional government and of a PPPK [U: the names are BKN's
#: reference table as commonly seen, not checked against a page].
JENIS_PEGAWAI = {"pns": ("4", "PNS DAERAH OTONOM"), "pppk": ("71", "PPPK")}
#: ``kedudukan_hukum``: active, and retired (rumahASN sample JSON: ``"99", "Pensiun"``; A2).
AKTIF, PENSIUN = ("01", "Aktif"), ("99", "Pensiun")

#: SIASN 2024 employee export, in order (rumahASN migration 20240318025816 and the Filament
#: importer, real-exports.md A2), with ``nama_sekolah``, ``flag_ikd`` and ``eselon_id``.
SIASN_COLUMNS = (
    "pns_id", "nip_baru", "nip_lama", "nama", "gelar_depan", "gelar_belakang",
    "tempat_lahir_id", "tempat_lahir_nama", "tanggal_lahir", "jenis_kelamin", "agama_id",
    "agama_nama", "jenis_kawin_id", "jenis_kawin_nama", "nik", "nomor_hp", "email",
    "email_gov", "alamat", "npwp_nomor", "bpjs", "jenis_pegawai_id", "jenis_pegawai_nama",
    "kedudukan_hukum_id", "kedudukan_hukum_nama", "status_cpns_pns", "kartu_asn_virtual",
    "nomor_sk_cpns", "tanggal_sk_cpns", "tmt_cpns", "nomor_sk_pns", "tanggal_sk_pns", "tmt_pns",
    "gol_awal_id", "gol_awal_nama", "gol_akhir_id", "gol_akhir_nama", "tmt_golongan",
    "mk_tahun", "mk_bulan", "jenis_jabatan_id", "jenis_jabatan_nama", "jabatan_id",
    "jabatan_nama", "tmt_jabatan", "tingkat_pendidikan_id", "tingkat_pendidikan_nama",
    "pendidikan_id", "pendidikan_nama", "tahun_lulus", "kpkn_id", "kpkn_nama",
    "lokasi_kerja_id", "lokasi_kerja_nama", "unor_id", "unor_nama", "instansi_induk_id",
    "instansi_induk_nama", "instansi_kerja_id", "instansi_kerja_nama", "satuan_kerja_induk_id",
    "satuan_kerja_induk_nama", "satuan_kerja_kerja_id", "satuan_kerja_kerja_nama",
    "is_valid_nik", "nama_sekolah", "flag_ikd", "eselon_id",
)  # fmt: skip
#: SAPK-era export (code-index file 35354928023, real-exports.md A2): UPPERCASE, a ``NO``
#: column, and its own names for a few columns (SIASN name -> SAPK name).
SAPK_RENAMES: Mapping[str, str] = {
    "gelar_belakang": "GELAR_BLK",
    "tanggal_lahir": "TGL_LAHIR",
    "kartu_asn_virtual": "KARTU_PEGAWAI",
    "tanggal_sk_cpns": "TGL_SK_CPNS",
    "tanggal_sk_pns": "TGL_SK_PNS",
    "gol_akhir_id": "GOL_ID",
    "gol_akhir_nama": "GOL_NAMA",
}
SAPK_COLUMNS = (
    "NO", "PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BLK",
    "TEMPAT_LAHIR_ID", "TEMPAT_LAHIR_NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "AGAMA_ID",
    "AGAMA_NAMA", "JENIS_KAWIN_ID", "JENIS_KAWIN_NAMA", "NIK", "NOMOR_HP", "EMAIL", "ALAMAT",
    "NPWP_NOMOR", "BPJS", "JENIS_PEGAWAI_ID", "JENIS_PEGAWAI_NAMA", "KEDUDUKAN_HUKUM_ID",
    "KEDUDUKAN_HUKUM_NAMA", "STATUS_CPNS_PNS", "KARTU_PEGAWAI", "NOMOR_SK_CPNS", "TGL_SK_CPNS",
    "TMT_CPNS", "NOMOR_SK_PNS", "TGL_SK_PNS", "TMT_PNS", "GOL_AWAL_ID", "GOL_AWAL_NAMA",
    "GOL_ID", "GOL_NAMA", "TMT_GOLONGAN", "MK_TAHUN", "MK_BULAN", "JENIS_JABATAN_ID",
    "JENIS_JABATAN_NAMA", "JABATAN_ID", "JABATAN_NAMA", "TMT_JABATAN", "TINGKAT_PENDIDIKAN_ID",
    "TINGKAT_PENDIDIKAN_NAMA", "PENDIDIKAN_ID", "PENDIDIKAN_NAMA", "TAHUN_LULUS", "KPKN_ID",
    "KPKN_NAMA", "LOKASI_KERJA_ID", "LOKASI_KERJA_NAMA", "UNOR_ID", "UNOR_NAMA",
    "UNOR_INDUK_ID", "UNOR_INDUK_NAMA", "INSTANSI_INDUK_ID", "INSTANSI_INDUK_NAMA",
    "INSTANSI_KERJA_ID", "INSTANSI_KERJA_NAMA", "SATUAN_KERJA_INDUK_ID",
    "SATUAN_KERJA_INDUK_NAMA", "SATUAN_KERJA_KERJA_ID", "SATUAN_KERJA_KERJA_NAMA",
)  # fmt: skip
#: Unit tree file (rumahASN ``docs/siasn/unor.csv``): two dashes per level before the name.
UNOR_COLUMNS = ("Id", "NamaUnor", "DiatasanId")

#: SKP 2022 record (rumahASN ``CompareSKP22.js``, real-exports.md A4), flattened to a row.
SKP22_COLUMNS = (
    "nip", "nama", "tahun", "hasilKinerja", "hasilKinerjaNilai", "perilakuKerja",
    "perilakuKerjaNilai", "kuadranKinerja", "kuadranKinerjaNilai", "penilaiNama",
    "penilaiNipNrp", "penilaiJabatan", "penilaiGolongan", "penilaiUnorNama", "statusPenilai",
)  # fmt: skip
#: ``refHasilKerja`` (rumahASN utils/client-utils.js): the code and words of each level.
SKP_LEVELS: Mapping[str, tuple[int, str]] = {
    "above": (1, "Diatas Ekspektasi"),
    "as_expected": (2, "Sesuai Ekspektasi"),
    "below": (3, "Dibawah Ekspektasi"),
}
#: Pre-2022 SKP (PP 46/2011; code-index file 36027167032, real-exports.md A4).
SKP46_COLUMNS = (
    "nip", "nama", "tahun", "nilai_skp", "nilai_perilaku_kerja_46", "nilai_prestasi_kerja_46",
    "sebutan_46",
)  # fmt: skip
#: PP 46/2011 band of each PermenPANRB 6/2022 label: (lowest, highest nilai prestasi kerja,
#: sebutan). The bands 91+, 76-90, 61-75, 51-60, <=50 are [U] (real-exports.md A4); a label maps
#: to the band of the same rank.
SKP46_BANDS: Mapping[str, tuple[float, float, str]] = {
    "Sangat Baik": (91.0, 100.0, "Sangat Baik"),
    "Baik": (76.0, 90.99, "Baik"),
    "Butuh Perbaikan": (61.0, 75.99, "Cukup"),
    "Kurang/Misconduct": (51.0, 60.99, "Kurang"),
    "Sangat Kurang": (40.0, 50.99, "Buruk"),
}

#: SSCASN jenis formasi as lists write it ("1 - UMUM"; real-exports.md A3). The numbers of the
#: special groups are [U].
JENIS_FORMASI: Mapping[str, str] = {
    "general": "1 - UMUM",
    "cumlaude": "2 - CUMLAUDE",
    "disability": "3 - PENYANDANG DISABILITAS",
    "papua": "4 - PUTRA/PUTRI PAPUA DAN PAPUA BARAT",
    "diaspora": "5 - DIASPORA",
    "doctor": "6 - DOKTER SPESIALIS",
    "ship_crew_rescuer_volcano": "7 - TENAGA KHUSUS",
    "kalimantan": "8 - PUTRA/PUTRI KALIMANTAN",
}
#: Education a formasi asks for, by position kind.
KUALIFIKASI: Mapping[str, str] = {
    "fungsional_terampil": "D-III",
    "pelaksana": "SMA/SMK/D-III",
}

#: Weight of each of the nine elements in published IKMs: 0.111 in practice, not 1/9
#: (real-exports.md A5: GASPUL, domain-facts section 7).
IKM_WEIGHT_PRACTICE = 0.111
#: Effective working minutes per period (singgihadis/anjab ``waktu_efektif``, A6; Perka BKN
#: 19/2011's 1,200 hours a year; a week of 5 days).
WAKTU_EFEKTIF: Mapping[str, int] = {"year": 72_000, "month": 6_000, "week": 1_500, "day": 300}
KETERANGAN_WAKTU: Mapping[str, str] = {
    "year": "tahun",
    "month": "bulan",
    "week": "minggu",
    "day": "hari",
}
#: What each simulated task produces (``hasil kerja``).
HASIL_KERJA: Mapping[str, str] = {
    "Melaksanakan kegiatan": "Laporan kegiatan",
    "Melayani permohonan": "Permohonan terlayani",
    "Mengolah data": "Data",
    "Mengoordinasikan tugas": "Notulen rapat",
    "Menyusun laporan": "Laporan",
}
SKM_JOBS = ("PNS/TNI/Polri", "Pegawai Swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Lainnya")

#: Rank of a position kind when looking for a unit's head (lower is more senior).
_SENIORITY = {
    "jpt_madya": 0, "jpt_pratama": 1, "administrator": 2, "pengawas": 3,
    "fungsional_ahli_utama": 4, "fungsional_ahli_madya": 5, "fungsional_ahli_muda": 6,
    "fungsional_ahli_pertama": 7, "fungsional_terampil": 8, "pelaksana": 9,
}  # fmt: skip
_HEAD_KINDS = ("jpt_madya", "jpt_pratama", "administrator")


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def write_exports(
    ds: Dataset,
    region: str,
    out: str | Path,
    *,
    seed: int = 2026,
    vintage: Mapping[str, str] | None = None,
    kinds: Sequence[str] | None = None,
    kode_wilayah: str | None = None,
) -> dict[str, list[Path]]:
    """Write one region of a (synthetic) dataset as the export files a BKPSDM holds.

    Parameters
    ----------
    ds : Dataset
        A sample from :func:`asnpolicy.synth.generate` (any dataset with the tables works; the
        region needs a ``kode_wilayah``).
    region : str
        The region to write.
    out : path
        Folder to write into; each KIND gets a subfolder (``out/siasn/`` ...).
    seed : int
        Seed of everything the sample does not hold (birth days, TMT months, ids, fake
        personal values); the same seed gives the same cells in every file.
    vintage : mapping, optional
        Layout per KIND, from :data:`VINTAGES` (default :data:`DEFAULT_VINTAGES`), e.g.
        ``{"siasn": "sapk"}``.
    kinds : sequence of str, optional
        Write only these KINDs (default all of :data:`VINTAGES` whose tables the data hold;
        ``sscasn`` brings ``link``). The people are the same whichever are written.
    kode_wilayah : str, optional
        The region's Kemendagri code (``15.02``; ``13.71.08`` for a kecamatan) when neither the
        data's regions table nor the registry has it.

    Returns
    -------
    dict of str to list of Path
        The files written per KIND (module docstring).

    Raises
    ------
    ValueError
        For an unknown KIND or vintage, or a region without a kode_wilayah.

    Notes
    -----
    What the sample holds and the exports cannot carry is left out: the channel, registration
    mode and dates, document errors and GPA of applicants; SKB components (only the SKB total
    is published; A3); panel ratings; competency levels; peer and citizen scores; the SKM
    service; vacant positions (SIASN lists people, not positions; ABK lists every position).
    A hired applicant keeps the NIK of the application in SIASN: its birth date makes the age
    at 1 July of the formasi year, which the NIP's birth month need not match.

    References
    ----------
    ``shared/reference/real-exports.md`` A1-A6 (layouts, codes, quirks, with their sources).
    """
    chosen = _vintages(vintage)
    one = ds.for_region(region)
    wanted = _kinds(kinds, one)
    # absent tables (a partial dataset) become empty ones: their KINDs are not written
    absent = {name: empty_frame(name) for name in _NEEDS_ALL if getattr(one, name) is None}
    one = Dataset(**one.tables(), **absent)
    out = Path(out)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    inst = _instansi(one, region, kode_wilayah)
    units = _unit_tree(one, inst, streams[0])
    applicants = _applicant_people(one, inst, streams[1])
    staff = _staff_people(one, inst, units, applicants, streams[2])
    files: dict[str, list[Path]] = {}
    if "siasn" in wanted:
        files["siasn"] = _write_siasn(
            staff, units, inst, out / "siasn", chosen["siasn"], streams[3]
        )
    if "skp" in wanted:
        files["skp"] = _write_skp(one, staff, out / "skp", streams[4])
    if "sscasn" in wanted:
        files["sscasn"], files["link"] = _write_sscasn(one, applicants, staff, inst, out)
    if "skm" in wanted:
        files["skm"] = _write_skm(one, inst, out / "skm", chosen["skm"], streams[6])
    if "abk" in wanted:
        files["abk"] = _write_abk(one, inst, out / "abk", chosen["abk"])
    return files


def _kinds(kinds: Sequence[str] | None, one: Dataset) -> tuple[str, ...]:
    """The KINDs to write: those asked for (each must have its tables), or every KIND whose
    tables the data hold."""
    absent = {name for name in _NEEDS_ALL if getattr(one, name) is None}
    if kinds is None:
        return tuple(k for k in VINTAGES if not absent & set(NEEDS[k]))
    unknown = [k for k in kinds if k not in VINTAGES]
    if unknown:
        raise ValueError(f"Unknown export KIND {unknown[0]!r}; KINDs: {', '.join(VINTAGES)}.")
    for kind in kinds:
        lacking = [name for name in NEEDS[kind] if name in absent]
        if lacking:
            raise ValueError(
                f"The {kind} exports need the table(s) {', '.join(lacking)}, which the data "
                "do not hold."
            )
    return tuple(kinds)


def _vintages(vintage: Mapping[str, str] | None) -> dict[str, str]:
    chosen = dict(DEFAULT_VINTAGES)
    for kind, name in (vintage or {}).items():
        if kind not in VINTAGES:
            raise ValueError(f"Unknown export KIND {kind!r}; KINDs: {', '.join(VINTAGES)}.")
        if name not in VINTAGES[kind]:
            raise ValueError(
                f"Unknown {kind} vintage {name!r}; choose one of {', '.join(VINTAGES[kind])}."
            )
        chosen[kind] = name
    return chosen


# --------------------------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------------------------


def _hex_ids(rng: np.random.Generator, n: int, width: int = 32) -> np.ndarray:
    """``n`` random lowercase hexadecimal ids (SIASN's unit and person ids look like these)."""
    digits = np.array(list("0123456789abcdef"))
    chars = np.ascontiguousarray(digits[rng.integers(0, 16, size=(n, width))])
    return chars.view(f"<U{width}").reshape(n)


def _stable_hex(values: pd.Series, width: int = 32) -> pd.Series:
    """A hexadecimal id per distinct value, the same whatever the seed (national reference ids
    such as ``jabatan_id`` do not change between downloads)."""
    distinct = pd.unique(values.astype("str"))
    table = pd.Series(
        [hashlib.sha256(str(v).encode()).hexdigest()[:width] for v in distinct],
        index=pd.Index(distinct, dtype="str"),
        dtype="str",
    )
    return keys.lookup(values.astype("str"), table)


def _stable_code(values: pd.Series, digits: int = 7) -> pd.Series:
    """A number of ``digits`` digits per distinct value (SSCASN's jabatan codes)."""
    distinct = pd.unique(values.astype("str"))
    low = 10 ** (digits - 1)
    table = pd.Series(
        [
            str(low + int(hashlib.sha256(str(v).encode()).hexdigest(), 16) % (9 * low))
            for v in distinct
        ],
        index=pd.Index(distinct, dtype="str"),
        dtype="str",
    )
    return keys.lookup(values.astype("str"), table)


def _dmy(dates: pd.Series) -> pd.Series:
    """Dates as SIASN and SSCASN write them: ``15-01-1974`` (blank where missing)."""
    return pd.to_datetime(dates).dt.strftime("%d-%m-%Y").fillna("")


def _numbered(prefix: str, n: int, width: int = 4) -> pd.Series:
    """``prefix 0001`` .. (obviously fake names)."""
    width = max(width, len(str(n)))
    return pd.Series(np.arange(1, n + 1).astype(str), dtype="str").str.zfill(width).radd(prefix)


def _date(year, month, day) -> pd.Series:
    return pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}).astype("int64"), errors="raise"
    )


def _days_in_month(year: pd.Series, month: pd.Series) -> np.ndarray:
    first = _date(year, month, np.ones(len(year), dtype=int))
    return first.dt.days_in_month.to_numpy()


def _decimal_comma(values: pd.Series, decimals: int = 3) -> pd.Series:
    """Numbers as an Indonesian list writes them, ``78,354`` (trailing zeros dropped, blank
    where missing)."""
    text = values.astype("float64").round(decimals).astype("str")
    text = text.str.replace(r"\.0$", "", regex=True).str.replace(".", ",", regex=False)
    return text.fillna("").astype("str")


def _write_xlsx(path: Path, sheets: Mapping[str, pd.DataFrame], title: str | None = None) -> Path:
    """Workbook with one sheet per frame; ``title`` goes in a row above the header, as in
    announcements (the readers look for the header below it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            start = 2 if title else 0
            frame.to_excel(writer, sheet_name=name, index=False, startrow=start)
            if title:
                writer.sheets[name].cell(row=1, column=1, value=title)
    return path


def _write_csv(path: Path, frame: pd.DataFrame, *, sep: str, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=sep, index=False, encoding="utf-8-sig" if bom else "utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The instansi, its unit tree and its people
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instansi:
    region_id: str
    name: str  # "Pemerintah Kota Padang"
    area: str  # "13.71": PP.KK of the kab/kota (NIK area of a local person)
    kecamatan: int | None  # the kecamatan code when the region is one
    root_id: str
    kpkn_id: str


def _instansi(one: Dataset, region: str, kode_wilayah: str | None = None) -> _Instansi:
    """The regional government whose exports these are, from the regions table or the
    registry."""
    row = one.regions.iloc[0] if one.regions is not None and len(one.regions) else None
    try:
        known = registry.get_region(region)
    except ValueError:
        known = None
    kode = row.get("kode_wilayah") if row is not None else None
    if (kode is None or pd.isna(kode)) and kode_wilayah is not None:
        kode = kode_wilayah
    if (kode is None or pd.isna(kode)) and known is not None:
        kode = known.kode_wilayah
    if kode is None or pd.isna(kode):
        raise ValueError(
            f"Region {region!r} has no kode_wilayah in the regions table; NIKs need the "
            "region's kab/kota code: pass kode_wilayah (e.g. '15.02')."
        )
    parts = str(kode).split(".")
    if known is not None:
        # "Kecamatan Pauh, Kota Padang (hosts ...)" -> "Kota Padang"
        government = known.government.split(" (")[0].split(", ")[-1]
    else:
        kind = str(row.get("kind", "kabupaten")) if row is not None else "kabupaten"
        name = row["name"] if row is not None else region.title()
        government = f"{'Kota' if kind == 'kota' else 'Kabupaten'} {name}"
    digest = hashlib.sha256(f"{region}:{kode}".encode()).hexdigest()
    return _Instansi(
        region_id=region,
        name=f"Pemerintah {government}",
        area=".".join(parts[:2]),
        kecamatan=int(parts[2]) if len(parts) > 2 else None,
        root_id=digest[:32].upper(),
        kpkn_id=digest[32:64].upper(),
    )


def _unit_tree(one: Dataset, inst: _Instansi, rng: np.random.Generator) -> pd.DataFrame:
    """The unor tree: instansi -> OPD (the sample's unit, same id) -> 1-2 sub-units.

    Returns one row per node: ``id``, ``name``, ``parent``, ``depth`` (0 root), ``unit_id``
    (the OPD it belongs to), ``k`` (sub-unit number within the OPD, -1 for the OPD itself) and
    ``n_sub`` (sub-units of its OPD).
    """
    units = one.units[["unit_id", "name"]].reset_index(drop=True)
    n_sub = rng.integers(1, 3, len(units))
    root = pd.DataFrame(
        {"id": [inst.root_id], "name": [inst.name], "parent": [""], "depth": [0],
         "unit_id": [""], "k": [-1], "n_sub": [0]}
    )  # fmt: skip
    opd = pd.DataFrame(
        {"id": units["unit_id"], "name": units["name"], "parent": inst.root_id, "depth": 1,
         "unit_id": units["unit_id"], "k": -1, "n_sub": n_sub}
    )  # fmt: skip
    sub = opd.loc[opd.index.repeat(opd["n_sub"])].reset_index(drop=True)
    sub["k"] = sub.groupby("unit_id").cumcount()
    sub_names = np.array(["Sekretariat", "Bidang Pelayanan"])
    sub["name"] = pd.Series(sub_names[sub["k"].to_numpy()], dtype="str") + " - " + sub["name"]
    sub["parent"] = sub["unit_id"]
    sub["depth"] = 2
    sub["id"] = _hex_ids(rng, len(sub))
    return pd.concat([root, opd, sub], ignore_index=True)


def _birth_from_age(year: pd.Series, age: pd.Series, rng: np.random.Generator) -> pd.Series:
    """A birth date that makes ``age`` whole years on 1 July of ``year``."""
    anchor = _date(year - age, np.full(len(year), 7), np.ones(len(year), dtype=int))
    back = rng.integers(0, 365, len(year))
    return (anchor - pd.to_timedelta(back, unit="D")).reset_index(drop=True)


def _areas(origin: pd.Series, inst: _Instansi, rng: np.random.Generator) -> pd.DataFrame:
    """NIK area (PP.KK) and kecamatan by origin: the region's own code for ``local``,
    another kab/kota for ``non_local`` (a missing origin is drawn at random)."""
    n = len(origin)
    others = np.array([a for a in OTHER_AREAS if a != inst.area])
    local = origin.fillna("").to_numpy() == "local"
    unknown = origin.isna().to_numpy()
    local = np.where(unknown, rng.random(n) < 0.7, local)
    area = np.where(local, inst.area, others[rng.integers(0, len(others), n)])
    kec = rng.integers(1, 21, n)
    if inst.kecamatan is not None:
        kec = np.where(local, inst.kecamatan, kec)
    return pd.DataFrame({"area": area, "kecamatan": kec})


def _applicant_people(one: Dataset, inst: _Instansi, rng: np.random.Generator) -> pd.DataFrame:
    """Applicants with their year, track, birth date, NIK and no. peserta (NIK serials are
    completed in :func:`_staff_people`, which numbers everyone together)."""
    a = one.applicants.reset_index(drop=True)
    f = one.formasi.set_index("formasi_id")
    year = keys.lookup(a["formasi_id"], f["year"]).astype("int64")
    track = keys.lookup(a["formasi_id"], f["track"]).astype("str")
    gender = a["gender"].astype("str")
    missing = gender.isna().to_numpy()
    gender = gender.where(~missing, np.where(rng.random(len(a)) < 0.5, "female", "male"))
    age = pd.to_numeric(a["age"], errors="coerce")
    age = age.fillna(pd.Series(rng.integers(20, 36, len(a)))).astype("int64")
    people = pd.DataFrame(
        {
            "applicant_id": a["applicant_id"],
            "formasi_id": a["formasi_id"],
            "year": year,
            "track": track,
            "gender": gender,
            "birth_date": _birth_from_age(year, age, rng),
        }
    )
    people = people.join(_areas(a["origin"], inst, rng))
    serial = people.groupby("year").cumcount() + 1
    area4 = inst.area.replace(".", "")
    people["nopes"] = (
        (year % 100).astype("str").str.zfill(2)
        + area4
        + np.where(track == "cpns", "1", "2")
        + serial.astype("str").str.zfill(7)
    )
    people["nama"] = _numbered("Peserta ", len(people), 5)
    return people


def _staff_people(
    one: Dataset,
    inst: _Instansi,
    units: pd.DataFrame,
    applicants: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Every person SIASN lists: the sample's employees (``active``) and a few retired staff
    (``kedudukan_hukum`` Pensiun, to be left out on import), with NIP, NIK, unor and the
    values the export columns derive from."""
    e = one.employees.reset_index(drop=True)
    positions = one.positions.set_index("position_id")
    n = len(e)
    staff = pd.DataFrame(
        {
            "employee_id": e["employee_id"],
            "unit_id": e["unit_id"],
            "position_id": e["position_id"],
            "status": e["status"].astype("str"),
            "gender": e["gender"].astype("str"),
            "birth_year": e["birth_year"].astype("int64"),
            "birth_month": pd.array(e["birth_month"], dtype="Int64")
            .fillna(pd.Series(rng.integers(1, 13, n)))
            .astype("int64"),
            "education": e["education"].astype("str"),
            "hire_year": e["hire_year"].astype("int64"),
            "origin": e["origin"].astype("str")
            if "origin" in e
            else pd.Series(pd.NA, index=e.index, dtype="str"),
            "applicant_id": e["applicant_id"].astype("str"),
            "active": True,
        }
    )
    # Retired staff: about 2 % of the PNS (at least 2), in the units and positions of PNS.
    pns = staff.index[staff["status"].eq("pns")].to_numpy()
    n_old = max(2, round(0.02 * len(pns))) if len(pns) else 0
    template = staff.loc[rng.choice(pns, n_old)].reset_index(drop=True) if n_old else staff[:0]
    old = template.assign(
        employee_id=pd.NA,
        birth_year=A.REFERENCE_YEAR - rng.integers(59, 66, n_old),
        birth_month=rng.integers(1, 13, n_old),
        gender=np.where(rng.random(n_old) < 0.5, "female", "male"),
        applicant_id=pd.NA,
        active=False,
    )
    old["hire_year"] = old["birth_year"] + rng.integers(23, 31, n_old)
    staff = pd.concat([staff, old], ignore_index=True)
    n = len(staff)

    staff["kind"] = keys.lookup(staff["position_id"], positions["kind"]).astype("str")
    staff["title"] = keys.lookup(staff["position_id"], positions["title"]).astype("str")
    staff["unit_name"] = keys.lookup(staff["unit_id"], one.units.set_index("unit_id")["name"])
    dim = _days_in_month(staff["birth_year"], staff["birth_month"])
    day = (rng.random(n) * dim).astype(int) + 1
    staff["birth_date"] = _date(staff["birth_year"], staff["birth_month"], day)
    staff["tmt_month"] = rng.integers(1, 13, n)
    staff["tmt"] = _date(staff["hire_year"], staff["tmt_month"], np.ones(n, dtype=int))

    # unor: heads sit in the OPD itself, everyone else in one of its sub-units
    n_sub = keys.lookup(
        staff["unit_id"], units.loc[units["depth"].eq(1)].set_index("id")["n_sub"]
    ).astype("int64")
    k = np.where(
        staff["kind"].isin(_HEAD_KINDS), -1, (rng.random(n) * n_sub.to_numpy()).astype(int)
    )
    node_key = staff["unit_id"] + "#" + pd.Series(k).astype("str")
    nodes = units.loc[units["depth"] >= 1]
    nodes = nodes.set_index(nodes["unit_id"] + "#" + nodes["k"].astype("str"))
    staff["unor_id"] = keys.lookup(node_key, nodes["id"])
    staff["unor_nama"] = keys.lookup(node_key, nodes["name"])

    # NIK: an employee hired from an application keeps that application's NIK (same person)
    areas = _areas(staff["origin"], inst, rng)
    staff = staff.join(areas)
    from_applicant = staff["applicant_id"].notna() & keys.isin(
        staff["applicant_id"], applicants["applicant_id"]
    )
    everyone = pd.concat(
        [
            applicants[["area", "kecamatan", "birth_date", "gender"]],
            staff.loc[~from_applicant, ["area", "kecamatan", "birth_date", "gender"]],
        ],
        ignore_index=True,
    )
    serial = everyone.groupby(["area", "kecamatan", "birth_date", "gender"]).cumcount() + 1
    niks = make_nik(
        everyone["area"], everyone["kecamatan"], everyone["birth_date"], everyone["gender"], serial
    )
    applicants["nik"] = niks.iloc[: len(applicants)].to_numpy()
    staff["nik"] = ""
    staff.loc[~from_applicant, "nik"] = niks.iloc[len(applicants) :].to_numpy()
    staff.loc[from_applicant, "nik"] = keys.lookup(
        staff.loc[from_applicant, "applicant_id"], applicants.set_index("applicant_id")["nik"]
    ).to_numpy()

    # NIP (Perka BKN 22/2007; NI PPPK pattern for PPPK): serial unique within its group
    pppk = staff["status"].eq("pppk")
    group = [
        staff["birth_date"],
        staff["hire_year"],
        staff["tmt_month"].where(~pppk, 0),
        staff["gender"],
    ]
    nip_serial = staff.groupby(group).cumcount() + 1
    staff["nip"] = make_nip(
        staff["birth_date"], staff["hire_year"], staff["tmt_month"], staff["gender"],
        nip_serial, pppk,
    )  # fmt: skip
    staff["nama"] = _numbered("Pegawai ", n)
    return staff.join(_career(staff, rng))


def _career(staff: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Golongan (PNS: the entry golongan of the education, one step every 4 years, capped by
    the education; PPPK: the grade of the education), TMT golongan, years and months of
    service at the snapshot (or at retirement), TMT jabatan, and whether still CPNS."""
    s = staff
    n = len(s)
    pppk = s["status"].eq("pppk").to_numpy()
    active = s["active"].to_numpy()
    edu = s["education"]
    order = np.array(list(GOLONGAN))
    first = edu.map({k: v[0] for k, v in GOLONGAN_BY_EDUCATION.items()}).astype("int64")
    cap = edu.map({k: v[1] for k, v in GOLONGAN_BY_EDUCATION.items()}).astype("int64")
    cap = np.maximum(cap.to_numpy(), np.where(s["kind"].isin(_HEAD_KINDS), 42, 0))
    end = np.where(active, A.REFERENCE_YEAR, s["birth_year"] + 58)
    hire = s["hire_year"].to_numpy()
    steps = np.clip((end - hire) // 4, 0, None)
    start = np.searchsorted(order, first.to_numpy())
    at = np.minimum(start + steps, np.searchsorted(order, cap))
    grade = edu.map(PPPK_GRADE).astype("str").to_numpy()
    gol_first = pd.Series(order[start]).astype("str")
    gol = pd.Series(order[at]).astype("str")
    promoted = _date(
        np.minimum(hire + 4 * (at - start), A.REFERENCE_YEAR), np.full(n, 4), np.ones(n, dtype=int)
    )
    tmt_golongan = promoted.where(~pppk, s["tmt"]).clip(lower=s["tmt"])
    months = np.clip(
        (np.minimum(end, A.REFERENCE_YEAR) - hire) * 12 + (12 - s["tmt_month"]), 0, None
    )
    span = np.maximum(end, hire) - hire + 1
    tmt_jabatan = _date(
        hire + (rng.random(n) * span).astype(int), rng.integers(1, 13, n), np.ones(n, dtype=int)
    ).clip(lower=s["tmt"], upper=SNAPSHOT)
    return pd.DataFrame(
        {
            "gol_awal_id": np.where(pppk, grade, gol_first),
            "gol_awal_nama": np.where(pppk, grade, gol_first.astype("int64").map(GOLONGAN)),
            "gol_akhir_id": np.where(pppk, grade, gol),
            "gol_akhir_nama": np.where(pppk, grade, gol.astype("int64").map(GOLONGAN)),
            "tmt_golongan": tmt_golongan,
            "mk_months": months.astype("int64"),
            "tmt_jabatan": tmt_jabatan,
            "cpns": ~pppk & (s["tmt"] > SNAPSHOT - pd.DateOffset(years=1)).to_numpy(),
        },
        index=s.index,
    )


# --------------------------------------------------------------------------------------------
# siasn: SIASN 2024 / SAPK employee exports and the unit tree (real-exports.md A2)
# --------------------------------------------------------------------------------------------


def _siasn_frame(staff: pd.DataFrame, inst: _Instansi, rng: np.random.Generator) -> pd.DataFrame:
    """Every SIASN column of every person, as text (SIASN 2024 names)."""
    n = len(staff)
    s = staff
    number = pd.Series(np.arange(1, n + 1).astype(str), dtype="str")
    pppk = s["status"].eq("pppk").to_numpy()
    cpns = s["cpns"].to_numpy()
    active = s["active"].to_numpy()
    edu = s["education"]
    jenis = s["kind"].map({k: v[0] for k, v in JENIS_JABATAN.items()})
    structural = jenis.eq("1")
    jabatan_key = s["title"].where(~structural, s["unit_id"] + "/" + s["title"])
    study = (
        s["kind"]
        .map({"fungsional_terampil": "Keperawatan", "fungsional_ahli_pertama": "Pendidikan"})
        .fillna("Ilmu Administrasi")
    )
    pns_id = pd.Series(_hex_ids(rng, n), dtype="str")
    pns_date = (s["tmt"] + pd.DateOffset(years=1)).where(~cpns & ~pppk)
    months = s["mk_months"]
    frame = pd.DataFrame(
        {
            "pns_id": pns_id,
            "nip_baru": s["nip"],
            "nip_lama": "",
            "nama": s["nama"],
            "gelar_depan": "",
            "gelar_belakang": "",
            "tempat_lahir_id": _stable_hex(pd.Series(["KOTA CONTOH"] * n)),
            "tempat_lahir_nama": "KOTA CONTOH",
            "tanggal_lahir": _dmy(s["birth_date"]),
            "jenis_kelamin": s["gender"].map({"male": "M", "female": "F"}),
            "agama_id": "1",
            "agama_nama": "Islam",
            "jenis_kawin_id": "2",
            "jenis_kawin_nama": "Menikah",
            "nik": s["nik"],
            "nomor_hp": "0800000000" + (number.astype("int64") % 100).astype("str").str.zfill(2),
            "email": "pegawai" + number.str.zfill(4) + "@example.invalid",
            "email_gov": "pegawai" + number.str.zfill(4) + "@instansi.example.invalid",
            "alamat": "Jalan Contoh No. " + number,
            "npwp_nomor": "00.000.000.0-000.000",
            "bpjs": "0000000000000",
            "jenis_pegawai_id": np.where(pppk, JENIS_PEGAWAI["pppk"][0], JENIS_PEGAWAI["pns"][0]),
            "jenis_pegawai_nama": np.where(pppk, JENIS_PEGAWAI["pppk"][1], JENIS_PEGAWAI["pns"][1]),
            "kedudukan_hukum_id": np.where(active, AKTIF[0], PENSIUN[0]),
            "kedudukan_hukum_nama": np.where(active, AKTIF[1], PENSIUN[1]),
            "status_cpns_pns": np.where(pppk, "", np.where(cpns, "C", "P")),
            "kartu_asn_virtual": "",
            "nomor_sk_cpns": np.where(
                pppk, "", "800/" + number.str.zfill(4) + "/BKPSDM/" + s["hire_year"].astype("str")
            ),
            "tanggal_sk_cpns": np.where(pppk, "", _dmy(s["tmt"] - pd.DateOffset(months=1))),
            "tmt_cpns": np.where(pppk, "", _dmy(s["tmt"])),
            "nomor_sk_pns": np.where(
                pns_date.notna(),
                "821/"
                + number.str.zfill(4)
                + "/BKPSDM/"
                + pns_date.dt.year.astype("Int64").astype("str"),
                "",
            ),
            "tanggal_sk_pns": _dmy(pns_date - pd.DateOffset(months=1)),
            "tmt_pns": _dmy(pns_date),
            "gol_awal_id": s["gol_awal_id"],
            "gol_awal_nama": s["gol_awal_nama"],
            "gol_akhir_id": s["gol_akhir_id"],
            "gol_akhir_nama": s["gol_akhir_nama"],
            "tmt_golongan": _dmy(s["tmt_golongan"]),
            "mk_tahun": (months // 12).astype("str"),
            "mk_bulan": (months % 12).astype("str"),
            "jenis_jabatan_id": jenis,
            "jenis_jabatan_nama": s["kind"].map({k: v[1] for k, v in JENIS_JABATAN.items()}),
            "jabatan_id": _stable_hex(jabatan_key),
            "jabatan_nama": s["title"],
            "tmt_jabatan": _dmy(s["tmt_jabatan"]),
            "tingkat_pendidikan_id": edu.map({k: v[0] for k, v in EDUCATION_CODES.items()}),
            "tingkat_pendidikan_nama": edu.map({k: v[1] for k, v in EDUCATION_CODES.items()}),
            "pendidikan_id": _stable_hex(edu + "/" + study),
            "pendidikan_nama": edu.map(EDUCATION_TEXT) + " " + study,
            "tahun_lulus": (s["hire_year"] - rng.integers(1, 4, n)).astype("str"),
            "kpkn_id": inst.kpkn_id,
            "kpkn_nama": "KPPN CONTOH",
            "lokasi_kerja_id": inst.root_id,
            "lokasi_kerja_nama": inst.name.removeprefix("Pemerintah ").upper(),
            "unor_id": s["unor_id"],
            "unor_nama": s["unor_nama"],
            "unor_induk_id": s["unit_id"],
            "unor_induk_nama": s["unit_name"],
            "instansi_induk_id": inst.root_id,
            "instansi_induk_nama": inst.name,
            "instansi_kerja_id": inst.root_id,
            "instansi_kerja_nama": inst.name,
            "satuan_kerja_induk_id": inst.root_id,
            "satuan_kerja_induk_nama": inst.name,
            "satuan_kerja_kerja_id": inst.root_id,
            "satuan_kerja_kerja_nama": inst.name,
            "is_valid_nik": "1",
            "nama_sekolah": "Perguruan Tinggi Contoh",
            "flag_ikd": "0",
            "eselon_id": s["kind"].map({k: v[2] for k, v in JENIS_JABATAN.items()}),
        }
    )
    return frame.astype("str").fillna("").replace({"nan": "", "<NA>": ""})


def _write_siasn(
    staff: pd.DataFrame,
    units: pd.DataFrame,
    inst: _Instansi,
    folder: Path,
    vintage: str,
    rng: np.random.Generator,
) -> list[Path]:
    """PNS and PPPK exports (SIASN 2024 pipe CSV or SAPK workbook) and ``unor.csv``.

    SIASN 2024 quirks (Filament importer, code-index file 59701647385; real-exports.md A2): ``|``
    separator, a byte-order mark before the header, ``'`` before NIP and NIK so Excel keeps
    them as text, ``d-m-Y`` dates, ``jenis_kelamin`` ``M``/``F``; PNS and PPPK in separate
    files; retired staff (``kedudukan_hukum`` 99 Pensiun) still listed.
    """
    frame = _siasn_frame(staff, inst, rng)
    pppk = staff["status"].eq("pppk").to_numpy()
    written = []
    for label, rows in (("pns", ~pppk), ("pppk", pppk)):
        part = frame.loc[rows].reset_index(drop=True)
        if vintage == "sapk":
            part = part.rename(columns={**SAPK_RENAMES}).rename(columns=str.upper)
            part.insert(0, "NO", np.arange(1, len(part) + 1))
            written.append(
                _write_xlsx(folder / f"sapk_{label}.xlsx", {"Sheet1": part[list(SAPK_COLUMNS)]})
            )
        else:
            part = part[list(SIASN_COLUMNS)].copy()
            for column in ("nip_baru", "nik"):
                part[column] = "'" + part[column]
            written.append(_write_csv(folder / f"siasn_{label}.csv", part, sep="|", bom=True))
    tree = pd.DataFrame(
        {
            "Id": units["id"],
            "NamaUnor": pd.Series(["--"] * len(units)).str.repeat(units["depth"]) + units["name"],
            "DiatasanId": units["parent"],
        }
    )
    written.append(_write_csv(folder / "unor.csv", tree, sep=","))
    return written


# --------------------------------------------------------------------------------------------
# skp: SKP 2022 records and pre-2022 numeric SKP (real-exports.md A4)
# --------------------------------------------------------------------------------------------


def _write_skp(
    one: Dataset, staff: pd.DataFrame, folder: Path, rng: np.random.Generator
) -> list[Path]:
    """``skp22.xlsx``: one row per employee and year from 2022 (labels as the sample records
    them; the appraiser is the unit's most senior employee, his own appraiser is left blank);
    ``skp_pp46.xlsx`` for earlier years, with ``nilai_prestasi_kerja_46`` drawn in the PP
    46/2011 band of the label (:data:`SKP46_BANDS`)."""
    perf = one.performance.reset_index(drop=True)
    active = staff.loc[staff["active"]].set_index("employee_id")
    nip = keys.lookup(perf["employee_id"], active["nip"])
    nama = keys.lookup(perf["employee_id"], active["nama"])
    written = []
    new = perf["year"] >= 2022
    if new.any():
        p = perf.loc[new].reset_index(drop=True)
        ranked = active.assign(rank=active["kind"].map(_SENIORITY)).sort_values(
            ["unit_id", "rank", "nip"]
        )
        head = ranked.groupby("unit_id").head(1).set_index("unit_id")
        unit = keys.lookup(p["employee_id"], active["unit_id"])
        head_nip = keys.lookup(unit, head["nip"])
        own = head_nip.eq(nip[new].reset_index(drop=True))
        label = p["skp_rating"].astype("str")
        result = p["work_result"].astype("str")
        behaviour = p["behaviour"].astype("str")
        frame = pd.DataFrame(
            {
                "nip": nip[new].to_numpy(),
                "nama": nama[new].to_numpy(),
                "tahun": p["year"].astype("int64"),
                "hasilKinerja": result.map({k: v[1] for k, v in SKP_LEVELS.items()}),
                "hasilKinerjaNilai": result.map({k: v[0] for k, v in SKP_LEVELS.items()}),
                "perilakuKerja": behaviour.map({k: v[1] for k, v in SKP_LEVELS.items()}),
                "perilakuKerjaNilai": behaviour.map({k: v[0] for k, v in SKP_LEVELS.items()}),
                "kuadranKinerja": label,
                "kuadranKinerjaNilai": label.map(
                    {lab: i + 1 for i, lab in enumerate(rules.SKP_LABELS)}
                ),
                "penilaiNama": keys.lookup(unit, head["nama"]).mask(own),
                "penilaiNipNrp": head_nip.mask(own),
                "penilaiJabatan": keys.lookup(unit, head["title"]).mask(own),
                "penilaiGolongan": keys.lookup(unit, head["gol_akhir_nama"]).mask(own),
                "penilaiUnorNama": keys.lookup(unit, head["unit_name"]).mask(own),
                "statusPenilai": pd.Series("ASN", index=p.index).mask(own),
            }
        )
        written.append(_write_xlsx(folder / "skp22.xlsx", {"SKP": frame[list(SKP22_COLUMNS)]}))
    old = ~new
    if old.any():
        p = perf.loc[old].reset_index(drop=True)
        bands = p["skp_rating"].astype("str")
        low = bands.map({k: v[0] for k, v in SKP46_BANDS.items()}).astype("float64")
        high = bands.map({k: v[1] for k, v in SKP46_BANDS.items()}).astype("float64")
        prestasi = (low + rng.random(len(p)) * (high - low)).round(2)
        perilaku = (prestasi + rng.normal(0, 2, len(p))).clip(40, 100).round(2)
        skp = ((prestasi - 0.4 * perilaku) / 0.6).clip(0, 100).round(2)
        frame = pd.DataFrame(
            {
                "nip": nip[old].to_numpy(),
                "nama": nama[old].to_numpy(),
                "tahun": p["year"].astype("int64"),
                "nilai_skp": skp,
                "nilai_perilaku_kerja_46": perilaku,
                "nilai_prestasi_kerja_46": prestasi,
                "sebutan_46": bands.map({k: v[2] for k, v in SKP46_BANDS.items()}),
            }
        )
        written.append(_write_xlsx(folder / "skp_pp46.xlsx", {"SKP": frame}))
    return written


# --------------------------------------------------------------------------------------------
# sscasn: formasi annex, SKD and integration lists, PPPK results, link file (A3)
# --------------------------------------------------------------------------------------------


def _write_sscasn(
    one: Dataset,
    people: pd.DataFrame,
    staff: pd.DataFrame,
    inst: _Instansi,
    out: Path,
) -> tuple[list[Path], list[Path]]:
    """Per formasi year: the annex (``rincian_formasi``), the SKD list and the integration
    list of the CPNS track, the PPPK result list (teknis, manajerial dan sosial kultural,
    wawancara, nilai akhir); and the BKPSDM's link file.

    Keterangan codes (real-exports.md A3; tribunnews 2021, updatecpns 2021): SKD list ``P/L``
    (passed, within 3 x the formasi: goes on to SKB), ``P`` (passed, outside 3 x), ``TL``
    (did not pass), ``TH`` (absent: admitted, no scores), ``TMS`` (failed the administrative
    check); integration list ``P/L`` (hired), ``P/TL`` (not hired), ``P/TH`` (absent at the
    SKB). SKD and SKB on 0-100 and the final score follow :func:`asnpolicy.selection.
    integrate_scores` with the region's SKB weights; the SKB is the total only (the
    components are not published).
    """
    a = one.applicants.reset_index(drop=True)
    formasi = one.formasi.set_index("formasi_id")
    positions = one.positions.set_index("position_id")
    unit_name = one.units.set_index("unit_id")["name"]
    position = keys.lookup(a["formasi_id"], formasi["position_id"])
    title = keys.lookup(position, positions["title"]).astype("str")
    jabatan = _stable_code(title) + " - " + title
    lokasi = keys.lookup(keys.lookup(position, positions["unit_id"]), unit_name).astype("str")
    jenis = a["special_group"].map(JENIS_FORMASI).fillna(JENIS_FORMASI["general"])
    nik = "'" + people["nik"]
    folder = out / "sscasn"
    written: list[Path] = []

    # the annex: one row per formasi, jenis UMUM, per year and track
    f = one.formasi.reset_index(drop=True)
    f_title = keys.lookup(f["position_id"], positions["title"]).astype("str")
    f_kind = keys.lookup(f["position_id"], positions["kind"]).astype("str")
    annex = pd.DataFrame(
        {
            "No": f.groupby(["year", "track"]).cumcount() + 1,
            "Jabatan": _stable_code(f_title) + " - " + f_title,
            "Kualifikasi Pendidikan": f_kind.map(KUALIFIKASI).fillna("S-1/D-IV"),
            "Lokasi Formasi": keys.lookup(
                keys.lookup(f["position_id"], positions["unit_id"]), unit_name
            ),
            "Jenis Formasi": JENIS_FORMASI["general"],
            "Jumlah": f["quota"].astype("int64"),
        }
    )
    for (year, track), rows in annex.groupby([f["year"], f["track"]]):
        title_row = (
            f"RINCIAN FORMASI {'CPNS' if track == 'cpns' else 'PPPK'} {inst.name.upper()} "
            f"TAHUN ANGGARAN {year}"
        )
        written.append(
            _write_xlsx(
                folder / f"rincian_formasi_{track}_{year}.xlsx", {"Formasi": rows}, title_row
            )
        )

    # CPNS: SKD and integration lists, by the official rules and the region's SKB weights
    cpns = people["track"].eq("cpns").to_numpy()
    if cpns.any():
        weights = region_policy.region_policy(one, inst.region_id, track="cpns").skb_weights
        ruled = selection.apply_rules(
            a[cpns], one.formasi[one.formasi["track"].eq("cpns")], skb_weights=weights, level=None
        )
        ruled.index = a.index[cpns]
        scored = a["twk"].notna()
        admin = a["admin_pass"].astype(bool)
        code = np.select(
            [~admin, ~scored, ruled["to_skb"].reindex(a.index, fill_value=False).astype(bool),
             ruled["skd_passed"].reindex(a.index, fill_value=False).astype(bool)],
            ["TMS", "TH", "P/L", "P"],
            "TL",
        )  # fmt: skip
        skd = pd.DataFrame(
            {
                "no": 0,
                "nopes": people["nopes"],
                "nama": people["nama"],
                "nik": nik,
                "pendidikan": a["education"].map(EDUCATION_TEXT).fillna(""),
                "jabatan": jabatan,
                "lokasi": lokasi,
                "jenis": jenis,
                **{part: a[part].astype("Int64") for part in rules.SKD_PARTS},
                "total": selection.skd_total(a).astype("Int64"),
                "keterangan": code,
            }
        )
        to_skb = ruled["to_skb"].reindex(a.index, fill_value=False).astype(bool)
        skb = ruled["skb_100"].reindex(a.index)
        hired = a["hired"].astype(bool)
        integration = pd.DataFrame(
            {
                "no": 0,
                "nopes": people["nopes"],
                "nama": people["nama"],
                "nik": nik,
                "jabatan": jabatan,
                "lokasi": lokasi,
                "jenis": jenis,
                "skd": _decimal_comma(ruled["skd_100"].reindex(a.index)),
                "skb": _decimal_comma(skb),
                "nilai akhir": _decimal_comma(ruled["final_score"].reindex(a.index)),
                "keterangan": np.select([hired, skb.isna()], ["P/L", "P/TH"], "P/TL"),
            }
        )
        years = people["year"]
        for year in sorted(years[cpns].unique()):
            rows = cpns & years.eq(year).to_numpy()
            part = skd.loc[rows].assign(no=np.arange(1, rows.sum() + 1))
            written.append(_write_csv(folder / f"hasil_skd_{year}.csv", part, sep=";"))
            rows &= to_skb.to_numpy()
            part = integration.loc[rows].assign(no=np.arange(1, rows.sum() + 1))
            written.append(_write_csv(folder / f"hasil_integrasi_{year}.csv", part, sep=";"))

    # PPPK result lists
    pppk = ~cpns
    if pppk.any():
        scores = a[["pppk_technical", "pppk_managerial_social", "pppk_interview"]]
        total = scores.sum(axis=1, min_count=3)
        result = pd.DataFrame(
            {
                "no": 0,
                "nopes": people["nopes"],
                "nama": people["nama"],
                "nik": nik,
                "pendidikan": a["education"].map(EDUCATION_TEXT).fillna(""),
                "jabatan": jabatan,
                "lokasi": lokasi,
                "jenis": jenis,
                "teknis": scores["pppk_technical"].astype("Int64"),
                "manajerial dan sosial kultural": scores["pppk_managerial_social"].astype("Int64"),
                "wawancara": scores["pppk_interview"].astype("Int64"),
                "nilai akhir": total.astype("Int64"),
                "keterangan": np.select(
                    [~a["admin_pass"].astype(bool), total.isna(), a["hired"].astype(bool)],
                    ["TMS", "TH", "P/L"],
                    "TL",
                ),
            }
        )
        for year in sorted(people.loc[pppk, "year"].unique()):
            rows = pppk & people["year"].eq(year).to_numpy()
            part = result.loc[rows].assign(no=np.arange(1, rows.sum() + 1))
            written.append(_write_csv(folder / f"hasil_pppk_{year}.csv", part, sep=";"))

    # the link the BKPSDM builds at pemberkasan: application -> NIP
    hired_staff = staff.loc[staff["active"] & staff["applicant_id"].notna()]
    hired_staff = hired_staff.loc[keys.isin(hired_staff["applicant_id"], people["applicant_id"])]
    by_applicant = people.set_index("applicant_id")
    link = pd.DataFrame(
        {
            "no": np.arange(1, len(hired_staff) + 1),
            "tahun": keys.lookup(hired_staff["applicant_id"], by_applicant["year"]).astype("Int64"),
            "no_peserta": keys.lookup(hired_staff["applicant_id"], by_applicant["nopes"]),
            "nik": hired_staff["nik"],
            "nip": hired_staff["nip"],
            "nama": hired_staff["nama"],
        }
    )
    if not len(link):
        return written, []
    link_file = _write_xlsx(out / "link" / "pemberkasan.xlsx", {"Pemberkasan": link})
    return written, [link_file]


# --------------------------------------------------------------------------------------------
# skm: survey-app responses and published per-unit results (A5)
# --------------------------------------------------------------------------------------------


def ikm_practice(nrr: pd.DataFrame) -> pd.Series:
    """IKM as published reports compute it: sum of NRR x 0.111, x 25, truncated to 2 decimals
    (real-exports.md A5; the package's own IKM uses exactly 1/9 and rounds half up)."""
    value = nrr.sum(axis=1) * IKM_WEIGHT_PRACTICE * rules.IKM_CONVERSION
    return np.floor(value * 100 + 1e-9) / 100


def _write_skm(
    one: Dataset, inst: _Instansi, folder: Path, vintage: str, rng: np.random.Generator
) -> list[Path]:
    """Responses (e-SKM: one sheet per year with the respondent's personal columns beside the
    answers, ``u1..u9`` in PermenPANRB 14/2017 order, ``created_at`` ``d-m-Y``, the unit's name
    in ``unit_layanan``; or the year-only app) and the published per-unit results."""
    s = one.skm.reset_index(drop=True)
    if not len(s):
        return []
    n = len(s)
    u = [f"u{i}" for i in range(1, 10)]
    unit = keys.lookup(s["unit_id"], one.units.set_index("unit_id")["name"]).astype("str")
    year = s["survey_date"].dt.year
    number = pd.Series(np.arange(1, n + 1).astype(str), dtype="str")
    written = []
    if vintage == "tahun":
        frame = pd.DataFrame(
            {
                "NO_HP": "0800000" + number.str.zfill(5),
                **{c.upper(): s[c].astype("int64") for c in u},
                "TAHUN": year,
                "UNIT_LAYANAN": unit,
            }
        )
        written.append(_write_csv(folder / "skm_responses.csv", frame, sep=","))
    else:
        gender = s["respondent_gender"].astype("str")
        age = pd.array(s["respondent_age"], dtype="Int64")
        birth = _birth_from_age(
            year.astype("int64"), pd.Series(age).fillna(35).astype("int64"), rng
        )
        areas = _areas(pd.Series(["local"] * n), inst, rng)
        fill_gender = pd.Series(np.where(rng.random(n) < 0.5, "female", "male"))
        g = gender.fillna(fill_gender)
        serial = (
            pd.DataFrame({"a": areas["area"], "b": birth, "g": g})
            .groupby(["a", "b", "g"])
            .cumcount()
            + 1
        )
        frame = pd.DataFrame(
            {
                "no": 0,
                "nama": _numbered("Responden ", n, 5),
                "alamat": "Jalan Contoh No. " + number,
                "pekerjaan": np.array(SKM_JOBS)[rng.integers(0, len(SKM_JOBS), n)],
                "jenkel": gender.map({"male": "L", "female": "P"}).fillna(""),
                "usia": pd.Series(age).astype("Int64"),
                "nohp": "0800000000" + (number.astype("int64") % 100).astype("str").str.zfill(2),
                "pendidikan": s["respondent_education"].map(EDUCATION_TEXT).fillna(""),
                "nik": make_nik(areas["area"], areas["kecamatan"], birth, g, serial),
                **{c: s[c].astype("int64") for c in u},
                "saran": "",
                "created_at": _dmy(s["survey_date"]),
                "unit_layanan": unit,
            }
        )
        sheets = {}
        for y in sorted(year.unique()):
            rows = year.eq(y).to_numpy()
            sheets[str(y)] = frame.loc[rows].assign(no=np.arange(1, rows.sum() + 1))
        written.append(_write_xlsx(folder / "skm_responses.xlsx", sheets))

    # published results: NRR per element (2 decimals), IKM by the 0.111 practice
    grouped = s.assign(unit=unit, tahun=year).groupby(["unit", "tahun"], sort=True)
    nrr = grouped[u].mean()
    ikm = ikm_practice(nrr)
    names = [rules.IKM_ELEMENTS[c][0] for c in u]
    published = pd.DataFrame(
        {
            "Unit Layanan": nrr.index.get_level_values("unit"),
            "Tahun": nrr.index.get_level_values("tahun"),
            "Jumlah Responden": grouped.size().to_numpy(),
            **{name: nrr[c].round(2).to_numpy() for name, c in zip(names, u, strict=True)},
            "IKM": ikm.to_numpy(),
            "Mutu Pelayanan": _ikm_band(ikm).to_numpy(),
        }
    )
    title = f"HASIL SURVEI KEPUASAN MASYARAKAT {inst.name.upper()}"
    written.append(_write_xlsx(folder / "ikm_per_unit.xlsx", {"IKM": published}, title))
    return written


def _ikm_band(ikm: pd.Series) -> pd.Series:
    """Mutu pelayanan (A-D) of each IKM (PermenPANRB 14/2017, ``rules.IKM_BANDS``)."""
    lowers = np.array([b.lower for b in rules.IKM_BANDS])
    codes = np.array([b.code for b in rules.IKM_BANDS])
    at = (ikm.to_numpy()[:, None] >= lowers[None, :]).argmax(axis=1)
    return pd.Series(codes[at], index=ikm.index)


# --------------------------------------------------------------------------------------------
# abk: Anjab-ABK task tables (A6)
# --------------------------------------------------------------------------------------------


def _write_abk(one: Dataset, inst: _Instansi, folder: Path, vintage: str) -> list[Path]:
    """One task line per workload row: unit, jabatan, uraian tugas, hasil kerja, jumlah hasil,
    waktu penyelesaian (hours, ``satuan`` ``jam``; or minutes), keterangan waktu, waktu efektif
    (minutes, :data:`WAKTU_EFEKTIF`) and the staff the line needs."""
    w = one.workload.reset_index(drop=True)
    positions = one.positions.set_index("position_id")
    unit_id = keys.lookup(w["position_id"], positions["unit_id"])
    minutes = w["norm_minutes"].astype("float64")
    hours = vintage == "jam"
    effective = w["volume_period"].map(WAKTU_EFEKTIF).astype("float64")
    frame = pd.DataFrame(
        {
            "No": np.arange(1, len(w) + 1),
            "Unit Kerja": keys.lookup(unit_id, one.units.set_index("unit_id")["name"]),
            "Nama Jabatan": keys.lookup(w["position_id"], positions["title"]),
            "Uraian Tugas": w["task"],
            "Hasil Kerja": w["task"].map(HASIL_KERJA).fillna("Dokumen"),
            "Jumlah Hasil": w["volume"].astype("float64"),
            "Waktu Penyelesaian": (minutes / 60).round(4) if hours else minutes,
            "Satuan": "jam" if hours else "menit",
            "Keterangan Waktu": w["volume_period"].map(KETERANGAN_WAKTU),
            "Waktu Efektif": effective.astype("int64"),
            "Kebutuhan Pegawai": (w["volume"] * minutes / effective).round(2),
        }
    )
    title = f"ANALISIS BEBAN KERJA {inst.name.upper()}"
    return [_write_xlsx(folder / "abk.xlsx", {"ABK": frame}, title)]
