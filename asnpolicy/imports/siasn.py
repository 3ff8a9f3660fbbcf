"""``siasn``: the SIASN (2024) and SAPK employee exports -> ``employees``, ``units``,
``positions``.

What a BKPSDM downloads from SIASN is one row per employee with about 64 columns, some 20 of
them personal data (``shared/reference/real-exports.md`` A2). This module keeps what the
analyses need and drops the rest:

- the person: a keyed pseudonym of the NIP (``pns_id`` where there is no NIP), status, gender,
  birth year and month, education and year of appointment, each from its column or, where the
  column is empty, decoded from the NIP (real-exports.md A1); origin from the NIK's area of first
  registration where the export has NIKs;
- the unit: the unor rolled up to the OPD (the node just below the instansi in the unor tree
  file ``Id, NamaUnor, DiatasanId``; without it ``unor_induk_id`` / ``satuan_kerja_kerja_id``),
  keeping SIASN's id;
- the position: ``{unit_id}-{jabatan_id}`` with its kind from jenis jabatan, eselon and the
  functional level (jenjang).

Rows of people no longer in service (pensiun, meninggal, berhenti, ...) are counted and left
out; rows that cannot be read go to the rejected rows with file, row, column and reason. Names,
NIK, addresses, phone numbers, e-mails, NPWP, BPJS are never read into any output; the NIK only
gives ``origin``.

References
----------
- Column lists: rumahASN ``migrations/20240318025816_recreate-siasn_employees.js`` (SIASN 2024)
  and a SAPK ``sapk.xlsx`` loader (real-exports.md A2).
- Codes: rumahASN ``docs/siasn/jenjang_pendidikan.csv``, ``ref_eselon_siasn.csv``,
  ``siasn_jenis_jabatan.csv``, ``jab_fungsional_siasn.csv``, ``unor.csv``
  (https://github.com/taufiqurrohmansuwarto/rumahASN/tree/main/docs/siasn).
- NIP layout: Perka BKN 22/2007 (real-exports.md A1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..identifiers import clean_digits, decode_nip
from ..schema import table_spec
from ..spellings import spelling_key
from .context import REJECTED_COLUMNS, FileStats, ImportContext, KindResult, safe_id
from .rawfiles import ImportFailure, RawTable, header_key, match_columns, parse_dates
from .texts import say, translate_problems

__all__ = [
    "EDUCATION_CODES",
    "ESELON_KINDS",
    "INACTIVE_CODES",
    "INACTIVE_PATTERN",
    "LAYOUTS",
    "TREE_LAYOUT",
    "import_siasn",
    "looks_like",
    "position_kind",
]

# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------

#: Headers per export vintage: canonical name -> the headers it goes by (matched ignoring case,
#: spaces, ``_`` and dots). ``siasn_2024``: the lowercase SIASN export (rumahASN migration
#: ``20240318025816_recreate-siasn_employees.js``); ``sapk``: the older UPPERCASE SAPK export
#: (``TGL_LAHIR``, ``UNOR_INDUK_ID``, ...). Personal columns (``nama``, ``gelar_*``,
#: ``tempat_lahir_*``, ``alamat``, ``nomor_hp``, ``email*``, ``npwp_nomor``, ``bpjs``, ...) are
#: deliberately absent: they are never read and are listed as ignored.
LAYOUTS: dict[str, dict[str, tuple[str, ...]]] = {
    "siasn_2024": {
        "pns_id": ("pns_id", "id_pns"),
        "nip_baru": ("nip_baru", "nip", "nip_pns"),
        "tanggal_lahir": ("tanggal_lahir", "tgl_lahir"),
        "jenis_kelamin": ("jenis_kelamin", "jk", "jenkel"),
        "nik": ("nik", "no_ktp"),
        "jenis_pegawai_id": ("jenis_pegawai_id",),
        "jenis_pegawai_nama": ("jenis_pegawai_nama", "jenis_pegawai"),
        "kedudukan_hukum_id": ("kedudukan_hukum_id",),
        "kedudukan_hukum_nama": ("kedudukan_hukum_nama", "kedudukan_hukum"),
        "status_cpns_pns": ("status_cpns_pns", "status_pegawai"),
        "tmt_cpns": ("tmt_cpns",),
        "jenis_jabatan_id": ("jenis_jabatan_id",),
        "jenis_jabatan_nama": ("jenis_jabatan_nama", "jenis_jabatan"),
        "jabatan_id": ("jabatan_id",),
        "jabatan_nama": ("jabatan_nama", "nama_jabatan", "jabatan"),
        "eselon_id": ("eselon_id",),
        "eselon_nama": ("eselon_nama", "eselon", "eselon_level", "jabatan_eselon"),
        "jenjang": ("jenjang", "jenjang_jabatan", "jabatan_jenjang"),
        "tingkat_pendidikan_id": ("tingkat_pendidikan_id",),
        "tingkat_pendidikan_nama": ("tingkat_pendidikan_nama", "tingkat_pendidikan"),
        "unor_id": ("unor_id",),
        "unor_nama": ("unor_nama",),
        "unor_induk_id": ("unor_induk_id",),
        "unor_induk_nama": ("unor_induk_nama",),
        "satuan_kerja_kerja_id": ("satuan_kerja_kerja_id",),
        "satuan_kerja_kerja_nama": ("satuan_kerja_kerja_nama",),
        "instansi_kerja_id": ("instansi_kerja_id",),
        "instansi_induk_id": ("instansi_induk_id",),
    },
    "sapk": {
        "pns_id": ("PNS_ID",),
        "nip_baru": ("NIP_BARU", "NIP"),
        "tanggal_lahir": ("TGL_LAHIR", "TANGGAL_LAHIR"),
        "jenis_kelamin": ("JENIS_KELAMIN",),
        "nik": ("NIK",),
        "jenis_pegawai_id": ("JENIS_PEGAWAI_ID",),
        "jenis_pegawai_nama": ("JENIS_PEGAWAI_NAMA",),
        "kedudukan_hukum_id": ("KEDUDUKAN_HUKUM_ID",),
        "kedudukan_hukum_nama": ("KEDUDUKAN_HUKUM_NAMA",),
        "status_cpns_pns": ("STATUS_CPNS_PNS",),
        "tmt_cpns": ("TMT_CPNS",),
        "jenis_jabatan_id": ("JENIS_JABATAN_ID",),
        "jenis_jabatan_nama": ("JENIS_JABATAN_NAMA",),
        "jabatan_id": ("JABATAN_ID",),
        "jabatan_nama": ("JABATAN_NAMA",),
        "eselon_id": ("ESELON_ID",),
        "eselon_nama": ("ESELON_NAMA", "ESELON"),
        "jenjang": ("JENJANG",),
        "tingkat_pendidikan_id": ("TINGKAT_PENDIDIKAN_ID",),
        "tingkat_pendidikan_nama": ("TINGKAT_PENDIDIKAN_NAMA",),
        "unor_id": ("UNOR_ID",),
        "unor_nama": ("UNOR_NAMA",),
        "unor_induk_id": ("UNOR_INDUK_ID",),
        "unor_induk_nama": ("UNOR_INDUK_NAMA",),
        "satuan_kerja_kerja_id": ("SATUAN_KERJA_KERJA_ID",),
        "satuan_kerja_kerja_nama": ("SATUAN_KERJA_KERJA_NAMA",),
        "instansi_kerja_id": ("INSTANSI_KERJA_ID",),
        "instansi_induk_id": ("INSTANSI_INDUK_ID",),
    },
}

#: Headers only one vintage writes (how the report names the layout it recognised).
_VINTAGE_MARKERS = {
    "siasn_2024": ("tanggal_lahir", "gelar_belakang", "gol_akhir_id", "kartu_asn_virtual",
                   "email_gov", "tanggal_sk_cpns", "is_valid_nik", "flag_ikd"),
    "sapk": ("TGL_LAHIR", "GELAR_BLK", "GOL_ID", "KARTU_PEGAWAI", "TGL_SK_CPNS",
             "UNOR_INDUK_ID"),
}  # fmt: skip
#: The unor tree file (rumahASN ``docs/siasn/unor.csv``): id, name (leading dashes give the
#: depth) and the id of the unit above.
TREE_LAYOUT: dict[str, tuple[str, ...]] = {
    "id": ("Id", "unor_id", "id_unor"),
    "name": ("NamaUnor", "nama_unor", "unor_nama"),
    "parent": ("DiatasanId", "diatasan_id", "parent_id", "atasan_id"),
}

#: Columns whose values identify a person (or are part of the NIP): never written, not even
#: in the rejected rows.
_IDENTIFYING = frozenset({"pns_id", "nip_baru", "nik", "tanggal_lahir", "tmt_cpns"})

#: Columns of the employee master record (an SKP or attendance export that names the unit and
#: jabatan has none of them).
_MASTER = (
    "tmt_cpns", "tingkat_pendidikan_id", "tingkat_pendidikan_nama", "kedudukan_hukum_id",
    "kedudukan_hukum_nama", "jenis_pegawai_nama", "status_cpns_pns", "tanggal_lahir",
)  # fmt: skip
#: Columns a SIASN/SAPK export has and other exports do not (to recognise one).
_SIGNATURE = (
    "jabatan_nama", "jenis_jabatan_id", "kedudukan_hukum_id", "kedudukan_hukum_nama",
    "tmt_cpns", "unor_id", "unor_nama", "tingkat_pendidikan_id", "jenis_pegawai_nama",
    "status_cpns_pns", "satuan_kerja_kerja_id", "unor_induk_id",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------

#: ``tingkat_pendidikan_id`` -> schema education level (rumahASN
#: ``docs/siasn/jenjang_pendidikan.csv``: 05 SD, 10/12 SLTP, 15/17/18 SLTA, 20 D-I, 25 D-II,
#: 30 D-III, 35 D-IV, 40 S-1, 45 S-2, 50 S-3; real-exports.md A2).
EDUCATION_CODES: Mapping[str, str] = {
    "05": "sd", "10": "smp", "12": "smp", "15": "sma", "17": "sma", "18": "sma", "20": "d1",
    "25": "d2", "30": "d3", "35": "d4", "40": "s1", "45": "s2", "50": "s3",
}  # fmt: skip

#: Education names (``tingkat_pendidikan_nama``) as spelling keys, checked in order.
_EDUCATION_NAMES: tuple[tuple[str, str], ...] = (
    (r"^(?:s3|doktor|strata3)", "s3"),
    (r"^(?:s2|magister|master|strata2)", "s2"),
    (r"^(?:div|d4|diplomaiv|diplomaempat)", "d4"),
    (r"^(?:diii|d3|diplomaiii|diplomatiga|sarjanamuda)", "d3"),
    (r"^(?:dii|d2|diplomaii|diplomadua)$", "d2"),
    (r"^(?:di|d1|diplomai|diplomasatu)$", "d1"),
    (r"^(?:s1|sarjana|strata1)", "s1"),
    (r"^(?:slta|sma|smk|smu|stm|ma$|aliyah|paketc)", "sma"),
    (r"^(?:sltp|smp|mts|paketb)", "smp"),
    (r"^(?:sd|mi|sekolahdasar|paketa)$", "sd"),
)

#: ``eselon_id`` -> position kind (rumahASN ``docs/siasn/ref_eselon_siasn.csv``: 11/12 JPT
#: madya, 21/22 (II.a/b) JPT pratama, 31/32 administrator, 41/42 pengawas). Eselon V (51/52)
#: has no kind in UU 20/2023; it is read as ``pengawas``, the lowest structural level, and
#: counted in the file notes.
ESELON_KINDS: Mapping[str, str] = {
    "11": "jpt_madya", "12": "jpt_madya", "21": "jpt_pratama", "22": "jpt_pratama",
    "31": "administrator", "32": "administrator", "41": "pengawas", "42": "pengawas",
    "51": "pengawas", "52": "pengawas",
}  # fmt: skip
_ESELON_ROMAN = {"I": "jpt_madya", "II": "jpt_pratama", "III": "administrator",
                 "IV": "pengawas", "V": "pengawas"}  # fmt: skip

#: Functional levels (``jenjang`` in rumahASN ``docs/siasn/jab_fungsional_siasn.csv``): PT, MU,
#: MA, UT for the expert levels; PM (pemula), TR (terampil), MH (mahir), PY (penyelia) for the
#: skilled levels, which asnpolicy keeps as one kind.
_JENJANG_CODES: Mapping[str, str] = {
    "PT": "fungsional_ahli_pertama", "MU": "fungsional_ahli_muda",
    "MA": "fungsional_ahli_madya", "UT": "fungsional_ahli_utama",
    "PM": "fungsional_terampil", "TR": "fungsional_terampil",
    "MH": "fungsional_terampil", "PY": "fungsional_terampil",
}  # fmt: skip
#: The level written in a functional position's name (``Perawat Ahli Muda``, ``Pranata
#: Komputer Terampil``, ``Perawat Muda / Ahli Muda``), checked in order.
_JENJANG_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bahli\s+pertama\b", "fungsional_ahli_pertama"),
    (r"\bahli\s+muda\b", "fungsional_ahli_muda"),
    (r"\bahli\s+madya\b", "fungsional_ahli_madya"),
    (r"\bahli\s+utama\b", "fungsional_ahli_utama"),
    (r"\b(?:terampil|mahir|penyelia|pemula|pelaksana|keterampilan)\b", "fungsional_terampil"),
    (r"\b(?:pertama|pratama)\b", "fungsional_ahli_pertama"),
    (r"\bmuda\b", "fungsional_ahli_muda"),
    (r"\bmadya\b", "fungsional_ahli_madya"),
    (r"\butama\b", "fungsional_ahli_utama"),
)

#: Structural posts of a regional government by title, for exports without an eselon column
#: (the SAPK export has none; real-exports.md A2): the eselon PP 18/2016 (Perangkat Daerah)
#: gives each post of a kabupaten/kota (Sekretaris Daerah II.a; kepala dinas/badan, inspektur,
#: asisten, staf ahli, sekretaris DPRD II.b; camat, sekretaris, kepala bagian/bidang,
#: inspektur pembantu III; lurah, kepala seksi/subbagian/subbidang, sekretaris kelurahan IV)
#: and Permendagri 12/2017 (kepala UPT daerah: IV) [U: read from the regulations' structure,
#: not checked article by article]. Checked in order; a title that matches none (a hospital
#: director, whose eselon depends on the hospital's class) is rejected with its reason.
_STRUCTURAL_TITLES: tuple[tuple[str, str], ...] = (
    (r"^(?:plt\.?\s*)?(?:lurah|kepala (?:kantor )?kelurahan|sekretaris (?:kelurahan|desa)|"
     r"kepala (?:seksi|sub ?bagian|sub ?bidang|tata usaha|upt)|kasi\b|kasubb?ag|kasubbid)",
     "pengawas"),
    (r"^(?:plt\.?\s*)?(?:sekretaris daerah|kepala sekretariat (?:daerah|dprd)|kepala dinas|"
     r"kepala badan|kepala (?!bagian|bidang|balai)b[a-z]*\b|kepala satuan polisi|"
     r"inspektur(?! pembantu)|kepala inspektorat|asisten|staf ahli|sekretaris (?:dprd|dewan))",
     "jpt_pratama"),
    (r"^(?:plt\.?\s*)?(?:camat|kepala (?:kantor )?(?:camat|kecamatan)|sekretaris|"
     r"kepala (?:bagian|bidang)|inspektur pembantu|kepala puskesmas)", "administrator"),
)  # fmt: skip

#: ``kedudukan_hukum_nama`` of people no longer in service, left out of ``employees``:
#: retired (Pensiun, but not Masa Persiapan Pensiun, who still hold their post), deceased,
#: dismissed or stopped, temporarily dismissed, on leave outside the state's responsibility
#: (CLTN), transferred out, missing, on waiting pay, serving as a state official, non-active.
#: SIASN's list: Aktif, CLTN, Masa Persiapan Pensiun, Non Aktif, Pejabat Negara, Pemberhentian
#: Sementara, Penerima Uang Tunggu, Perpanjangan CLTN, PNS yang dinyatakan hilang (a SIASN test
#: suite, code-index file 29306471727), plus Pensiun (rumahASN sample, real-exports.md A2).
INACTIVE_PATTERN = (
    r"(?<!persiapan )pensiun|meninggal|wafat|berhenti|pemberhentian|diberhentikan|\bcltn\b|"
    r"mutasi keluar|pindah keluar|pindah instansi|hilang|uang tunggu|pejabat negara|"
    r"non[\s-]?aktif|tidak aktif|keluar"
)
#: ``kedudukan_hukum_id`` of people no longer in service: 99 Pensiun (rumahASN sample JSON,
#: ``kedudukan_hukum_id: "99", "Pensiun"``; real-exports.md A2).
INACTIVE_CODES: frozenset[str] = frozenset({"99"})

_GENDER_WORDS = {
    "l": "male", "lakilaki": "male", "laki": "male", "pria": "male", "m": "male",
    "male": "male", "1": "male",
    "p": "female", "perempuan": "female", "wanita": "female", "f": "female",
    "female": "female", "2": "female",
}  # fmt: skip
_STATUS_WORDS = {"p": "pns", "c": "pns", "pns": "pns", "cpns": "pns", "pppk": "pppk",
                 "p3k": "pppk"}  # fmt: skip

#: Where a person's unit is read when there is no unit tree, most specific OPD-level first.
_UNIT_COLUMNS = (
    ("unor_induk_id", "unor_induk_nama"),
    ("satuan_kerja_kerja_id", "satuan_kerja_kerja_nama"),
    ("unor_id", "unor_nama"),
)

_WHAT = "a SIASN or SAPK employee export"
_EMPLOYEE_COLUMNS = (
    "employee_id", "region_id", "unit_id", "position_id", "status", "gender", "birth_year",
    "birth_month", "education", "hire_year", "origin",
)  # fmt: skip
_NEVER_FILLED = (
    "employees.applicant_id", "employees.comp_teknis", "employees.comp_manajerial",
    "employees.comp_sosial_kultural", "positions.req_teknis", "positions.req_manajerial",
    "positions.req_sosial_kultural", "positions.annual_cost", "units.service_population",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _on_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``func`` applied to the distinct values only (exports repeat a few codes millions of
    times), mapped back; missing stays missing."""
    distinct = pd.Series(values.dropna().unique(), dtype="object")
    if not len(distinct):
        return pd.Series(pd.NA, index=values.index, dtype="object")
    table = pd.Series(func(distinct).to_numpy(), index=distinct.to_numpy())
    return values.map(table).astype("object").where(values.notna())


def _bounds(column: str) -> tuple[int, int]:
    """The schema's range for an ``employees`` column."""
    field = table_spec("employees").field(column)
    return int(field.min), int(field.max)


def _dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_dates` on the distinct values (a birth date repeats across thousands of
    rows), mapped back."""
    distinct = pd.Series(values.dropna().unique(), dtype="object")
    dates, bad = parse_dates(distinct)
    at = pd.Index(distinct).get_indexer(values)
    found = at >= 0
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out[found] = dates.to_numpy()[at[found]]
    unreadable = np.zeros(len(values), dtype=bool)
    unreadable[found] = bad.to_numpy()[at[found]]
    return out, pd.Series(unreadable, index=values.index)


def _first_match(text: pd.Series, patterns: Sequence[tuple[str, str]]) -> pd.Series:
    """The value of the first pattern each text matches, else missing."""
    conditions = [
        text.str.contains(re.compile(p), na=False).to_numpy().astype(bool) for p, _ in patterns
    ]
    chosen = np.select(conditions, [v for _, v in patterns], default="")
    return pd.Series(chosen, index=text.index, dtype="object").replace("", pd.NA)


def _keys_of(raw: RawTable) -> set[str]:
    return {header_key(c) for c in raw.frame.columns}


def _has(keys: set[str], names: Sequence[str]) -> bool:
    return any(header_key(n) in keys for n in names)


def _is_tree(raw: RawTable) -> bool:
    keys = _keys_of(raw)
    return all(_has(keys, (c, *a)) for c, a in TREE_LAYOUT.items()) and not _has(
        keys, ("nip_baru", "nip", "pns_id")
    )


def _aliases(vintage: str) -> dict[str, tuple[str, ...]]:
    """The vintage's headers first, then the other vintages' (a mixed file still reads)."""
    merged = {c: tuple(a) for c, a in LAYOUTS[vintage].items()}
    for other, layout in LAYOUTS.items():
        if other != vintage:
            for c, a in layout.items():
                merged[c] = tuple(dict.fromkeys((*merged.get(c, ()), *a)))
    return merged


def _vintage(raw: RawTable) -> str:
    written = {str(c).strip().lstrip("\ufeff") for c in raw.frame.columns}
    score = {v: sum(m in written for m in marks) for v, marks in _VINTAGE_MARKERS.items()}
    upper = sum(c.isupper() for c in written) > len(written) / 2
    score["sapk"] += upper
    return max(score, key=lambda v: (score[v], v == "siasn_2024"))


def looks_like(raw: RawTable) -> bool:
    """Whether ``raw`` is a SIASN/SAPK employee export or the unor tree file.

    An employee export has a NIP or ``pns_id`` column, at least three of the columns only
    SIASN/SAPK write (jabatan, kedudukan hukum, unor, TMT CPNS, ...), one of them from the
    employee master record (TMT CPNS, education, kedudukan hukum, status, birth date).

    Examples
    --------
    >>> from asnpolicy.imports.rawfiles import RawTable
    >>> def raw(*columns):
    ...     return RawTable("a.csv", None, pd.DataFrame(columns=list(columns)))
    >>> looks_like(raw("PNS_ID", "NIP_BARU", "TGL_LAHIR", "JABATAN_NAMA", "UNOR_ID", "TMT_CPNS"))
    True
    >>> looks_like(raw("nip_baru", "jabatan_nama", "unor_id", "unor_nama", "tahun", "nilai_skp"))
    False
    >>> looks_like(raw("Id", "NamaUnor", "DiatasanId"))
    True
    """
    if _is_tree(raw):
        return True
    keys = _keys_of(raw)
    aliases = _aliases("siasn_2024")
    has_id = _has(keys, ("pns_id", *aliases["pns_id"], "nip_baru", *aliases["nip_baru"]))
    signature = sum(_has(keys, (c, *aliases[c])) for c in _SIGNATURE)
    master = any(_has(keys, (c, *aliases[c])) for c in _MASTER)
    return has_id and master and signature >= 3


def position_kind(
    jenis_id: pd.Series,
    jenis_nama: pd.Series,
    eselon: pd.Series,
    jenjang: pd.Series,
    title: pd.Series,
    *,
    lang: str = "id",
) -> tuple[pd.Series, pd.Series]:
    """The position kind of each row, and why it could not be told where it could not.

    Parameters
    ----------
    jenis_id, jenis_nama : Series
        ``jenis_jabatan_id`` (1 struktural, 2 fungsional tertentu, 3 rangkap, 4 fungsional
        umum = pelaksana; rumahASN ``docs/siasn/siasn_jenis_jabatan.csv``) and its name.
    eselon : Series
        ``eselon_id`` (11 .. 52) or an eselon name (``II.a``, ``III/b``).
    jenjang : Series
        Functional level: ``PT/MU/MA/UT/PM/TR/MH/PY`` or words (``Ahli Muda``).
    title : Series
        ``jabatan_nama``, read for the functional level when ``jenjang`` is empty, and for
        the structural level when there is no eselon (``Kepala Seksi`` -> ``pengawas``).
    lang : {"id", "en"}
        Language of ``problem`` (:mod:`asnpolicy.imports.texts`).

    Returns
    -------
    kind : Series
        One of :data:`asnpolicy.rules.POSITION_KINDS`, missing where unknown.
    problem : Series
        The reason where ``kind`` is missing.

    Examples
    --------
    >>> s = lambda *v: pd.Series(v, dtype="object")
    >>> titles = s("Kepala Dinas", "Perawat", "Pranata Komputer Mahir", "Pengolah Data")
    >>> kind, _ = position_kind(s("1", "2", "2", "4"), s(None, None, None, None),
    ...                         s("22", None, None, None), s(None, "MU", None, None), titles)
    >>> kind.tolist()
    ['jpt_pratama', 'fungsional_ahli_muda', 'fungsional_terampil', 'pelaksana']
    """
    kind, problem = _position_kind(jenis_id, jenis_nama, eselon, jenjang, title)
    return kind, problem.map(_kind_problems(lang)).astype("object")


def _kind_problems(lang: str) -> dict[str, str]:
    """Why a position's kind cannot be told, by key, in ``lang``."""
    keys = ("siasn.kind.structural", "siasn.kind.functional", "siasn.kind.unknown")
    return {key: say(lang, key) for key in keys}


def _position_kind(
    jenis_id: pd.Series,
    jenis_nama: pd.Series,
    eselon: pd.Series,
    jenjang: pd.Series,
    title: pd.Series,
) -> tuple[pd.Series, pd.Series]:
    """:func:`position_kind` with the problem as a key of :data:`~.texts.TEXTS`."""
    jid = jenis_id.astype("object").where(jenis_id.notna()).astype("str").str.strip()
    jid = jid.str.lstrip("0").where(jenis_id.notna())
    jname = jenis_nama.astype("str").str.lower().where(jenis_nama.notna())
    rangkap = (jid == "3") | jname.str.contains("rangkap", na=False)
    struct = ((jid == "1") | jname.str.contains("struktural", na=False)) & ~rangkap
    func = (
        (
            (jid == "2")
            | (jname.str.contains("fungsional", na=False) & ~jname.str.contains("umum", na=False))
        )
        & ~rangkap
        & ~struct
    )
    plain = ((jid == "4") | jname.str.contains(r"umum|pelaksana", na=False)) & ~(
        rangkap | struct | func
    )
    e_kind = _on_unique(eselon, _eselon_kind)
    level = _on_unique(jenjang, _jenjang_kind)
    level = level.fillna(_on_unique(title, _jenjang_from_title))
    unknown = ~(rangkap | struct | func | plain)
    kind = pd.Series(pd.NA, index=title.index, dtype="object")
    kind = kind.mask(struct | rangkap, e_kind)
    kind = kind.mask((func | rangkap) & kind.isna(), level)
    kind = kind.mask((struct | rangkap) & kind.isna(), _on_unique(title, _structural_from_title))
    kind = kind.mask(plain, "pelaksana")
    kind = kind.mask(unknown & e_kind.notna(), e_kind)
    kind = kind.mask(unknown & kind.isna(), level)
    problem = pd.Series(pd.NA, index=title.index, dtype="object")
    problem = problem.mask(kind.isna() & struct, "siasn.kind.structural")
    problem = problem.mask(kind.isna() & (func | rangkap), "siasn.kind.functional")
    problem = problem.mask(kind.isna() & unknown, "siasn.kind.unknown")
    return kind, problem


def _kinds(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """:func:`position_kind` once per distinct combination of the columns it reads (a few
    hundred in an export of millions of rows), spread back to the rows; the problem as a key
    of :data:`~.texts.TEXTS`."""
    columns = ["jenis_jabatan_id", "jenis_jabatan_nama", "_eselon", "jenjang", "_title"]
    group = df.groupby(columns, dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)
    one = df.iloc[first][columns].reset_index(drop=True)
    kind, problem = _position_kind(*(one[c] for c in columns))
    return (
        pd.Series(kind.to_numpy()[group], index=df.index, dtype="object"),
        pd.Series(problem.to_numpy()[group], index=df.index, dtype="object"),
    )


def _structural_from_title(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    return _first_match(text, _STRUCTURAL_TITLES)


def _eselon_kind(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip().str.upper()
    code = text.str.zfill(2).map(ESELON_KINDS)
    roman = text.str.replace(r"^ESELON\s*", "", regex=True).str.extract(
        r"^(IV|V|III|II|I)(?![A-Z]{2})", expand=False
    )
    return code.fillna(roman.map(_ESELON_ROMAN))


def _jenjang_kind(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text.str.upper().map(_JENJANG_CODES).fillna(_jenjang_from_title(text))


def _jenjang_from_title(values: pd.Series) -> pd.Series:
    return _first_match(values.astype("str").str.lower(), _JENJANG_WORDS)


def _education(codes: pd.Series, names: pd.Series) -> pd.Series:
    code = codes.astype("str").str.strip().where(codes.notna())
    code = code.where(~code.str.fullmatch(r"\d", na=False), "0" + code)
    by_code = code.map(EDUCATION_CODES)
    by_name = _on_unique(names, lambda v: _first_match(v.map(spelling_key), _EDUCATION_NAMES))
    return by_code.fillna(by_name)


def _local(nik: pd.Series, kode: str) -> pd.Series:
    """``local`` where the NIK was first registered in the region (its PP.KK, or PP for a
    province, equals the region's code), ``non_local`` elsewhere; missing where the NIK does
    not have 16 digits. Only the area digits are read (Dukcapil layout, real-exports.md A1)."""
    digits = clean_digits(nik)
    valid = digits.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    want = re.sub(r"\D", "", kode)[:4]
    same = (digits.str.slice(0, len(want)) == want).fillna(False).astype(bool)
    out = pd.Series(np.where(same, "local", "non_local"), index=nik.index, dtype="object")
    return out.where(valid)


# --------------------------------------------------------------------------------------------
# The unit tree
# --------------------------------------------------------------------------------------------


def _read_tree(
    raws: list[RawTable], ctx: ImportContext
) -> tuple[pd.DataFrame | None, list[FileStats]]:
    """The unor tree: per node its OPD (the ancestor just below a root) and the OPD's name."""
    if not raws:
        return None, []
    parts, stats = [], []
    for raw in raws:
        frame = match_columns(raw, TREE_LAYOUT, ("id", "name", "parent"), "a unor tree file")
        st = FileStats(raw.file, raw.sheet, rows_read=len(frame))
        st.columns_used, st.columns_ignored = frame.attrs["used"], frame.attrs["ignored"]
        frame.attrs = {}
        st.notes.append(say(ctx, "siasn.tree"))
        parts.append(frame.assign(_where=raw.where, _row=frame.index))
        stats.append(st)
    tree = pd.concat(parts, ignore_index=True).dropna(subset=["id"])
    tree["id"] = tree["id"].astype("str").str.strip()
    tree["parent"] = tree["parent"].astype("str").str.strip().where(tree["parent"].notna())
    tree["name"] = tree["name"].astype("str").str.replace(r"^[\s\-]+", "", regex=True)
    tree = tree.drop_duplicates("id", keep="first").set_index("id", drop=False)
    parent = tree["parent"].where(tree["parent"].isin(tree.index))
    tree["root"] = parent.isna()
    # Climb until the parent is a root: that node is the OPD. One step per level, not per row.
    node = pd.Series(tree.index, index=tree.index, dtype="object")
    up = node.map(parent)
    for _ in range(len(tree) + 1):
        grand = up.map(parent)
        move = grand.notna()
        if not move.any():
            break
        node = node.mask(move, up)
        up = grand.where(move, up)
    else:  # pragma: no cover - only a cyclic tree gets here
        raise ImportFailure("The unit tree file has a loop (a unit is its own ancestor).")
    tree["opd"] = node
    tree["opd_name"] = node.map(tree["name"])
    tree["root_id"] = node.map(parent).fillna(node)
    is_opd = ~tree["root"] & tree["opd"].eq(tree["id"])
    for st, raw in zip(stats, raws, strict=True):
        st.rows_kept = st.rows_read
        n_opd = int((is_opd & (tree["_where"] == raw.where)).sum())
        st.notes.append(say(ctx, "siasn.tree_opds", n=n_opd))
    return tree.reset_index(drop=True), stats


# --------------------------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------------------------


def _read_people(
    raw: RawTable, ctx: ImportContext
) -> tuple[pd.DataFrame, FileStats, dict[str, str]]:
    vintage = _vintage(raw)
    aliases = _aliases(vintage)
    keys = _keys_of(raw)
    has_pns_id = _has(keys, ("pns_id", *aliases["pns_id"]))
    required = ["jabatan_nama"] + ([] if has_pns_id else ["nip_baru"])
    frame = match_columns(raw, aliases, required, _WHAT)
    if not any(c in frame for c, _ in _UNIT_COLUMNS):
        match_columns(raw, aliases, ["unor_id"], _WHAT)  # raises, naming the columns found
    headers = dict(zip(frame.columns, frame.attrs["used"], strict=True))
    stats = FileStats(raw.file, raw.sheet, rows_read=len(frame))
    stats.columns_used, stats.columns_ignored = frame.attrs["used"], frame.attrs["ignored"]
    frame.attrs = {}  # pandas deep-copies attrs on every operation
    stats.notes.append(say(ctx, "siasn.layout", name=say(ctx, f"siasn.vintage.{vintage}")))
    pppk_file = bool(re.search(r"pppk|p3k", f"{raw.file} {raw.sheet or ''}", re.IGNORECASE))
    if pppk_file:
        stats.notes.append(say(ctx, "siasn.pppk_file"))
    for column in aliases:
        if column not in frame:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="object")
    frame = frame.assign(_where=raw.where, _row=frame.index, _pppk_file=pppk_file)
    return frame.reset_index(drop=True), stats, headers


def import_siasn(raws: list[RawTable], ctx: ImportContext) -> KindResult:
    """Employees, units and positions from SIASN/SAPK employee exports.

    Parameters
    ----------
    raws : list of RawTable
        The employee exports (SIASN 2024 or SAPK layout; PNS and PPPK files together) and,
        optionally, the unor tree file (``Id, NamaUnor, DiatasanId``), recognised by its
        columns.
    ctx : ImportContext
        Region (``kode_wilayah`` for ``origin``), pseudonymiser and mapping workbook.

    Returns
    -------
    KindResult
        ``employees``, ``units`` and ``positions`` (with ``source_file`` and ``source_row``),
        the rejected rows, per-file statistics and the columns the export cannot fill.

    Raises
    ------
    ImportFailure
        No employee table among ``raws``; a missing required column; the same person twice
        among the active rows.

    Notes
    -----
    Every value comes from its column when the column has one, else from the NIP (Perka BKN
    22/2007: birth date, TMT CPNS, gender; the NI PPPK pattern, real-exports.md A1). Where
    both exist and disagree the column is kept and the disagreement counted in the file notes.
    ``status``: ``jenis_pegawai_nama``, else ``status_cpns_pns`` (P and C are PNS), else a file
    named PPPK, else the NIP pattern. ``origin`` needs a NIK column and the region's code.
    """
    trees = [r for r in raws if _is_tree(r)]
    people = [r for r in raws if not _is_tree(r)]
    if not people:
        raise ImportFailure(
            "No SIASN or SAPK employee table among the files given (only a unit tree); add the "
            "employee export."
        )
    tree, tree_stats = _read_tree(trees, ctx)
    frames, stats, headers = [], {}, {}
    for raw in people:
        frame, st, used = _read_people(raw, ctx)
        frames.append(frame)
        stats[raw.where] = st
        headers[raw.where] = used
    df = pd.concat(frames, ignore_index=True)
    notes: dict[str, list[str]] = {w: [] for w in stats}

    def count_note(mask: pd.Series, key: str) -> None:
        for where, n in df.loc[mask, "_where"].value_counts().items():
            notes[where].append(say(ctx, "siasn.rows", n=n, text=say(ctx, key)))

    # 1. People no longer in service.
    kname = df["kedudukan_hukum_nama"].astype("str").str.lower()
    inactive = kname.str.contains(INACTIVE_PATTERN, regex=True, na=False) | df[
        "kedudukan_hukum_id"
    ].astype("str").str.strip().isin(INACTIVE_CODES)
    for where, n in df.loc[inactive, "_where"].value_counts().items():
        stats[where].inactive = int(n)
    df = df[~inactive.to_numpy()].reset_index(drop=True)

    problems: list[pd.DataFrame] = []

    def reject(mask: pd.Series, column: str, reason: str | pd.Series, value=None) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if value is None or column in _IDENTIFYING:
            shown = pd.Series("", index=df.index)
        else:
            shown = value.astype("str").where(value.notna(), "")
        reasons = reason if isinstance(reason, pd.Series) else pd.Series(reason, index=df.index)
        problems.append(
            pd.DataFrame(
                {"_i": df.index[mask], "column": column, "reason": reasons[mask].to_numpy(),
                 "value": shown[mask].to_numpy()}
            )
        )  # fmt: skip

    # 2. Who: the NIP (pns_id where there is none), decoded.
    nip = clean_digits(df["nip_baru"])
    decoded = decode_nip(nip.fillna(""))
    decoded.loc[nip.isna(), "problem"] = pd.NA
    has_nip = nip.notna()
    person = nip.copy()
    person[nip.isna()] = clean_digits(df.loc[nip.isna(), "pns_id"])
    reject(person.isna(), "nip_baru", say(ctx, "siasn.no_person"))
    problem = translate_problems(ctx, decoded["problem"])
    reject(
        has_nip & decoded["problem"].notna(),
        "nip_baru",
        _on_unique(problem, lambda v: v.map(lambda p: say(ctx, "siasn.bad_nip", problem=p))),
    )
    good_nip = has_nip & decoded["problem"].isna()
    employee_id = ctx.pseudo.ids(person, "p")
    twice = employee_id.notna() & employee_id.duplicated(keep=False)
    if twice.any():
        n = int(employee_id[twice].nunique())
        raise ImportFailure(
            f"{n:,} {'person appears' if n == 1 else 'people appear'} more than once among the "
            "active rows (the same NIP in two rows or two files); remove the repeated rows and "
            "import again."
        )

    # 3. Status.
    jp = df["jenis_pegawai_nama"].astype("str").str.lower()
    by_name = pd.Series(
        np.select(
            [jp.str.contains(r"pppk|p3k|perjanjian kerja", na=False).to_numpy(),
             jp.str.contains(r"pns|pegawai negeri", na=False).to_numpy()],
            ["pppk", "pns"], default="",
        ),
        index=df.index, dtype="object",
    ).replace("", pd.NA)  # fmt: skip
    by_code = _on_unique(df["status_cpns_pns"], lambda v: v.map(spelling_key).map(_STATUS_WORDS))
    by_file = pd.Series(np.where(df["_pppk_file"], "pppk", None), index=df.index, dtype="object")
    by_nip = pd.Series(np.where(decoded["pppk"], "pppk", "pns"), index=df.index).where(good_nip)
    column_status = by_name.fillna(by_code)
    count_note(
        column_status.notna() & by_nip.notna() & (column_status != by_nip),
        "siasn.status_differs",
    )
    status = column_status.fillna(by_file).fillna(by_nip)
    reject(status.isna(), "jenis_pegawai_nama", say(ctx, "siasn.no_status"))

    # 4. Gender.
    gender_col = _on_unique(df["jenis_kelamin"], lambda v: v.map(spelling_key).map(_GENDER_WORDS))
    unknown_gender = df["jenis_kelamin"].notna() & gender_col.isna()
    count_note(
        gender_col.notna() & decoded["gender"].notna() & (gender_col != decoded["gender"]),
        "siasn.gender_differs",
    )
    gender = gender_col.fillna(decoded["gender"].astype("object"))
    reject(
        unknown_gender & gender.isna(),
        "jenis_kelamin",
        say(ctx, "siasn.unknown_gender"),
        df["jenis_kelamin"],
    )
    reject(~unknown_gender & gender.isna(), "jenis_kelamin", say(ctx, "siasn.no_gender"))
    count_note(unknown_gender & gender.notna(), "siasn.gender_from_nip")

    # 5. Birth year and month.
    born, born_bad = _dates(df["tanggal_lahir"])
    count_note(
        born.notna() & good_nip & (
            (born.dt.year != decoded["birth_year"]) | (born.dt.month != decoded["birth_month"])
        ).fillna(False),
        "siasn.birth_differs",
    )  # fmt: skip
    birth_year = born.dt.year.astype("Int64").fillna(decoded["birth_year"])
    birth_month = born.dt.month.astype("Int64").fillna(decoded["birth_month"])
    count_note(born_bad & birth_year.notna(), "siasn.birth_from_nip")
    reject(born_bad & birth_year.isna(), "tanggal_lahir", say(ctx, "siasn.bad_date_no_nip"))
    reject(~born_bad & birth_year.isna(), "tanggal_lahir", say(ctx, "siasn.no_birth"))
    low, high = _bounds("birth_year")
    reject(
        birth_year.notna() & ~birth_year.between(low, high).fillna(False),
        "tanggal_lahir",
        say(ctx, "siasn.birth_range", low=low, high=high),
    )

    # 6. Education.
    education = _education(df["tingkat_pendidikan_id"], df["tingkat_pendidikan_nama"])
    coded = df["tingkat_pendidikan_id"].notna()
    reject(
        education.isna() & coded,
        "tingkat_pendidikan_id",
        say(ctx, "siasn.unknown_education_code"),
        df["tingkat_pendidikan_id"],
    )
    reject(
        education.isna() & ~coded & df["tingkat_pendidikan_nama"].notna(),
        "tingkat_pendidikan_nama", say(ctx, "siasn.unknown_education"),
        df["tingkat_pendidikan_nama"],
    )  # fmt: skip
    reject(
        education.isna() & ~coded & df["tingkat_pendidikan_nama"].isna(),
        "tingkat_pendidikan_id", say(ctx, "siasn.no_education"),
    )  # fmt: skip

    # 7. Year of appointment.
    tmt, tmt_bad = _dates(df["tmt_cpns"])
    count_note(
        tmt.notna() & good_nip & (tmt.dt.year != decoded["tmt_year"]).fillna(False),
        "siasn.tmt_differs",
    )
    hire_year = tmt.dt.year.astype("Int64").fillna(decoded["tmt_year"])
    count_note(tmt_bad & hire_year.notna(), "siasn.tmt_from_nip")
    reject(
        tmt_bad & hire_year.isna(), "tmt_cpns", say(ctx, "siasn.bad_date_no_nip"), df["tmt_cpns"]
    )
    reject(~tmt_bad & hire_year.isna(), "tmt_cpns", say(ctx, "siasn.no_tmt"))
    low, high = _bounds("hire_year")
    reject(
        hire_year.notna() & ~hire_year.between(low, high).fillna(False),
        "tmt_cpns", say(ctx, "siasn.hire_range", low=low, high=high),
    )  # fmt: skip

    # 8. Origin (NIK area of first registration, a proxy).
    has_nik_column = any("nik" in h for h in headers.values())
    origin = None
    limits = list(_NEVER_FILLED)
    if has_nik_column and ctx.kode_wilayah:
        origin = _local(df["nik"], ctx.kode_wilayah)
    else:
        limits.append("employees.origin")
        why = say(ctx, "siasn.no_nik_column" if not has_nik_column else "siasn.no_kode_wilayah")
        for where in notes:
            notes[where].append(say(ctx, "siasn.no_origin", why=why))

    # 9. Unit, rolled up to the OPD.
    unit_raw, unit_name, unit_notes = _units_of(df, tree, ctx)
    for where, text in unit_notes:
        for target in [where] if where in notes else list(notes):
            notes[target].append(text)
    reject(unit_raw.isna(), "unor_id", say(ctx, "siasn.no_unit"))

    # 10. Position.
    eselon = df["eselon_id"].fillna(df["eselon_nama"])
    title = df["jabatan_nama"].astype("str").where(df["jabatan_nama"].notna())
    bare = title.str.fullmatch(r"\s*(?:plt\.?\s*)?kepala\s*", case=False).fillna(False)
    title = title.mask(bare.astype(bool) & unit_name.notna(), "Kepala " + unit_name.astype("str"))
    kind, kind_problem = _kinds(df.assign(_eselon=eselon, _title=title))
    count_note(
        df["jenis_jabatan_id"].astype("str").str.strip().eq("1") & eselon.isna() & kind.notna(),
        "siasn.title_level",
    )
    eselon_v = _on_unique(
        eselon, lambda v: v.astype("str").str.strip().str.upper().str.match(r"^(?:5[12]|V(?!I)\b)")
    )
    count_note(eselon_v.fillna(False).astype(bool) & kind.eq("pengawas"), "siasn.eselon_v")
    which = np.where(kind_problem.eq("siasn.kind.structural"), "eselon_id", "jenis_jabatan_id")
    which = np.where(kind_problem.eq("siasn.kind.functional"), "jabatan_nama", which)
    kind_reason = kind_problem.map(_kind_problems(ctx.lang))
    for column in ("eselon_id", "jenis_jabatan_id", "jabatan_nama"):
        reject(kind.isna() & (which == column), column, kind_reason)
    jabatan = df["jabatan_id"].astype("str").str.strip().where(df["jabatan_id"].notna())
    by_title = (
        df["jabatan_nama"].astype("str").str.lower().str.replace(r"[^0-9a-z]+", "_", regex=True)
        .str.strip("_").where(df["jabatan_nama"].notna())
    )  # fmt: skip
    jabatan = jabatan.fillna(by_title)
    reject(jabatan.isna(), "jabatan_nama", say(ctx, "siasn.no_position"))

    # Rows kept, rows rejected.
    bad = (
        pd.concat(problems, ignore_index=True)
        if problems
        else pd.DataFrame(columns=["_i", "column", "reason", "value"])
    )
    dropped = df.index.isin(bad["_i"])
    keep = ~dropped

    # Units: ids, names, and the analyst's sector and front_line.
    units, to_unit = _units_table(df[keep], unit_raw[keep], unit_name[keep], tree, ctx)
    unit_id = unit_raw.map(to_unit)

    position_id = _position_ids(unit_id, jabatan)
    employees = pd.DataFrame(
        {
            "employee_id": employee_id, "region_id": ctx.region_id, "unit_id": unit_id,
            "position_id": position_id, "status": status, "gender": gender,
            "birth_year": birth_year.astype("Int64"), "birth_month": birth_month.astype("Int64"),
            "education": education, "hire_year": hire_year.astype("Int64"),
            "source_file": df["_where"], "source_row": df["_row"],
        }
    )[keep].reset_index(drop=True)  # fmt: skip
    if origin is not None:
        employees.insert(10, "origin", origin[keep].to_numpy())
    positions = _positions_table(
        df[keep].assign(_pid=position_id[keep], _unit=unit_id[keep], _kind=kind[keep])
    )
    for where, n in positions.attrs.pop("conflicts", {}).items():
        notes[where].append(say(ctx, "siasn.kind_conflicts", n=n))
    unanswered = units["sector"].isna().any() or units["front_line"].isna().any()
    if unanswered:
        limits += ["units.sector", "units.front_line"]

    # Rejected rows, as the user sees them.
    rows = df.loc[bad["_i"].astype(int)]
    rejected = pd.DataFrame(
        {
            "file": rows["_where"].to_numpy(),
            "row": rows["_row"].to_numpy(),
            "column": _written(headers, rows["_where"], bad["column"]),
            "reason": bad["reason"].to_numpy(),
            "value": bad["value"].to_numpy(),
        },
        columns=list(REJECTED_COLUMNS),
    ).sort_values(["file", "row"], kind="stable").reset_index(drop=True)  # fmt: skip

    for where, st in stats.items():
        mine = df["_where"] == where
        st.rows_kept = int((mine & keep).sum())
        by_reason = bad.loc[rows["_where"].to_numpy() == where].drop_duplicates(["_i", "reason"])
        st.rejected_by_reason = {
            str(k): int(v) for k, v in by_reason["reason"].value_counts().items()
        }
        st.notes += notes.get(where, [])
    return KindResult(
        tables={"employees": employees, "units": units, "positions": positions},
        rejected=rejected,
        files=[*stats.values(), *tree_stats],
        limits=sorted(set(limits)),
    )


def _written(headers: dict[str, dict[str, str]], where: pd.Series, column: pd.Series) -> list:
    """Each canonical column name as the file wrote it (``TGL_LAHIR`` for ``tanggal_lahir``)."""
    table = pd.Series(
        {f"{w}\x1f{c}": h for w, used in headers.items() for c, h in used.items()}, dtype="object"
    )
    key = where.astype("str").to_numpy() + "\x1f" + column.astype("str").to_numpy()
    return pd.Series(key).map(table).fillna(column.reset_index(drop=True)).tolist()


def _units_of(
    df: pd.DataFrame, tree: pd.DataFrame | None, ctx: ImportContext
) -> tuple[pd.Series, pd.Series, list]:
    """Each row's OPD id (as SIASN writes it) and name, and notes ``(file or None, text)``."""
    notes: list[tuple[str | None, str]] = []
    instansi = pd.concat([df["instansi_kerja_id"], df["instansi_induk_id"]]).dropna().unique()
    unit = pd.Series(pd.NA, index=df.index, dtype="object")
    name = pd.Series(pd.NA, index=df.index, dtype="object")
    for id_col, name_col in _UNIT_COLUMNS:
        value = df[id_col].astype("str").str.strip().where(df[id_col].notna())
        value = value.where(~value.isin(instansi))  # the whole instansi is no unit
        take = unit.isna() & value.notna()
        unit = unit.mask(take, value)
        name = name.mask(take, df[name_col])
    if tree is None:
        used = [c for c, _ in _UNIT_COLUMNS if df[c].notna().any()]
        text = (
            say(ctx, "siasn.no_tree", column=used[0])
            if used
            else say(ctx, "siasn.no_tree_no_column")
        )
        notes.append((None, text))
        return unit, name, notes
    opd = tree.set_index("id")["opd"]
    opd_name = tree.set_index("id")["opd_name"]
    found = pd.Series(pd.NA, index=df.index, dtype="object")
    for id_col in ("unor_id", "unor_induk_id", "satuan_kerja_kerja_id"):
        value = df[id_col].astype("str").str.strip().where(df[id_col].notna())
        found = found.fillna(value.map(opd))
    outside = found.isna() & unit.notna()
    for where, n in df.loc[outside, "_where"].value_counts().items():
        notes.append((where, say(ctx, "siasn.outside_tree", n=n)))
    return found.fillna(unit), found.map(opd_name).fillna(name), notes


def _units_table(
    df: pd.DataFrame,
    unit: pd.Series,
    name: pd.Series,
    tree: pd.DataFrame | None,
    ctx: ImportContext,
) -> tuple[pd.DataFrame, pd.Series]:
    """One row per OPD with staff (and every other OPD of the same instansi in the tree), with
    the analyst's sector and front_line (``unit`` sheet of the mapping workbook); and the map
    from SIASN's unit id to the unit id (the analyst may merge or rename units there)."""
    seen = pd.DataFrame(
        {"source_id": unit, "source_name": name, "source_file": df["_where"],
         "source_row": df["_row"]}
    ).dropna(subset=["source_id"]).drop_duplicates("source_id")  # fmt: skip
    if tree is not None:
        roots = set(tree.loc[tree["id"].isin(seen["source_id"]), "root_id"])
        opds = tree[~tree["root"] & tree["opd"].eq(tree["id"]) & tree["root_id"].isin(roots)]
        opds = opds[~opds["name"].str.contains(r"^hapus\b", case=False, na=False)]
        extra = pd.DataFrame(
            {"source_id": opds["id"], "source_name": opds["name"], "source_file": opds["_where"],
             "source_row": opds["_row"]}
        )  # fmt: skip
        seen = pd.concat([seen, extra[~extra["source_id"].isin(seen["source_id"])]])
    seen = seen.reset_index(drop=True)
    proposed = safe_id(seen["source_id"])
    asked = ctx.mapping.ask(
        "unit",
        pd.DataFrame(
            {"source_id": seen["source_id"], "source_name": seen["source_name"],
             "unit_id": proposed}
        ),
    )  # fmt: skip
    answer = asked["unit_id"]
    unit_id = safe_id(answer.astype("str").where(answer.notna())).fillna(proposed)
    ctx.mapping.offer("unit", "unit_id", unit_id.unique())
    units = pd.DataFrame(
        {
            "unit_id": unit_id, "region_id": ctx.region_id,
            "name": seen["source_name"].fillna(seen["source_id"]),
            "sector": asked["sector"].astype("object"),
            "front_line": asked["front_line"].astype("boolean"),
            "source_file": seen["source_file"], "source_row": seen["source_row"],
        }
    )  # fmt: skip
    to_unit = pd.Series(unit_id.to_numpy(), index=seen["source_id"].to_numpy(), dtype="object")
    return units.drop_duplicates("unit_id").reset_index(drop=True), to_unit


def _position_ids(unit_id: pd.Series, jabatan: pd.Series) -> pd.Series:
    """``{unit_id}-{jabatan_id}``, made safe once per distinct pair."""
    pair = unit_id.astype("str") + "-" + jabatan.astype("str")
    pair = pair.where(unit_id.notna() & jabatan.notna())
    return _on_unique(pair, safe_id)


def _positions_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per position: its unit, commonest title and commonest kind."""
    if not len(df):
        return pd.DataFrame(
            columns=["position_id", "unit_id", "title", "kind", "req_teknis", "req_manajerial",
                     "req_sosial_kultural", "source_file", "source_row"]
        )  # fmt: skip
    kinds = df.groupby(["_pid", "_kind"], sort=False).size().rename("n").reset_index()
    conflicts = kinds[kinds["_pid"].duplicated(keep=False)]["_pid"].unique()
    kind = kinds.sort_values("n", ascending=False, kind="stable").drop_duplicates("_pid")
    titles = (
        df.groupby(["_pid", "jabatan_nama"], sort=False).size().rename("n").reset_index()
        .sort_values("n", ascending=False, kind="stable").drop_duplicates("_pid")
    )  # fmt: skip
    first = df.drop_duplicates("_pid")[["_pid", "_unit", "_where", "_row"]]
    out = first.merge(kind[["_pid", "_kind"]], on="_pid").merge(
        titles[["_pid", "jabatan_nama"]], on="_pid", how="left"
    )
    positions = pd.DataFrame(
        {
            "position_id": out["_pid"], "unit_id": out["_unit"],
            "title": out["jabatan_nama"].fillna(out["_pid"]), "kind": out["_kind"],
            "req_teknis": pd.array([pd.NA] * len(out), dtype="Int64"),
            "req_manajerial": pd.array([pd.NA] * len(out), dtype="Int64"),
            "req_sosial_kultural": pd.array([pd.NA] * len(out), dtype="Int64"),
            "source_file": out["_where"], "source_row": out["_row"],
        }
    )  # fmt: skip
    where = df.drop_duplicates("_pid").set_index("_pid")["_where"]
    positions.attrs["conflicts"] = where.loc[conflicts].value_counts().to_dict()
    return positions.reset_index(drop=True)
