"""The spellings a person filling a workbook uses, and the data model's names they stand for.

A BKPSDM analyst names a sheet ``Pegawai`` and writes ``PNS``, ``L``/``P``, ``S1`` or
``JPT Pratama``; the data model says ``employees``, ``pns``, ``male``/``female``, ``s1`` and
``jpt_pratama``. This module holds every accepted spelling, in one place, and the functions
that turn them into the model's names before anything is checked:

- :func:`table_name`: a sheet name or a file stem as a table (case, spaces and hyphens aside,
  or an Indonesian alias such as ``pegawai``, ``unit_kerja``, ``kinerja``);
- :func:`canonical_values`: the cells of a column with a fixed list of values, each matched
  without regard to case, spaces, hyphens and dots, and through the column's aliases;
- :func:`parse_bool`: ``ya``/``tidak``, ``Y``/``T``, ``true``/``false``, ``1``/``0``;
- :func:`suggest_value` and :func:`suggest_table`: "did you mean" for what matched nothing;
- :func:`accepted_spellings_markdown`: the lists above for the data dictionary.

An alias only ever maps to a value its column allows, so one list serves every column that
shares a vocabulary (``gender`` in employees, applicants and skm).

References
----------
Undang-Undang 20/2023 (ASN) art. 55 and PP 11/2017 art. 239: the kinds of position (JPT,
administrator, pengawas, pelaksana, functional expert and skilled levels) and their retirement
ages. PermenPANRB 1/2020: workload periods. PermenPANRB 6/2022: SKP ratings. The equivalence
of the former echelons with the kinds of position (eselon I: JPT madya, II: JPT pratama, III:
administrator, IV: pengawas) is that of UU 5/2014 art. 131 (kept by UU 20/2023).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from .schema import TABLES

__all__ = [
    "AMBIGUOUS_VALUES",
    "COLUMN_VALUE_ALIASES",
    "FALSE_WORDS",
    "NOTE_SHEETS",
    "TABLE_ALIASES",
    "TRUE_WORDS",
    "VALUE_ALIASES",
    "accepted_spellings",
    "accepted_spellings_markdown",
    "ambiguous_rule",
    "canonical_values",
    "parse_bool",
    "spelling_key",
    "suggest_table",
    "suggest_value",
    "table_name",
    "value_map",
]


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


#: Other names of each table, as sheets or file stems (compared by :func:`spelling_key`). An
#: alias of a table the data model does not have (yet) resolves to nothing.
TABLE_ALIASES: Final[Mapping[str, tuple[str, ...]]] = _frozen(
    {
        "regions": ("region", "wilayah", "daerah", "pemda"),
        "units": ("unit", "unit_kerja", "opd", "perangkat_daerah", "skpd", "satuan_kerja"),
        "positions": ("position", "jabatan", "daftar_jabatan"),
        "workload": ("beban_kerja", "abk", "analisis_beban_kerja"),
        "employees": ("employee", "pegawai", "data_pegawai", "asn"),
        "formasi": ("formation", "formations", "lowongan", "kebutuhan_formasi"),
        "applicants": ("applicant", "pelamar", "peserta_seleksi"),
        "assessments": ("assessment", "penilaian", "asesmen", "penilaian_asesor"),
        "performance": ("kinerja", "skp", "penilaian_kinerja"),
        "skm": ("survei", "survey", "ikm", "survei_kepuasan_masyarakat", "kepuasan_masyarakat"),
        "ikm_published": ("ikm_terbit", "ikm_terbitan", "hasil_ikm", "ikm_dipublikasikan"),
        "training": ("trainings", "pelatihan", "diklat", "pengembangan_kompetensi"),
        "promotions": ("promotion", "promosi", "kenaikan_jabatan"),
        "region_policies": ("region_policy", "kebijakan", "kebijakan_daerah"),
    }
)

#: Sheets of a workbook that hold notes, not a table: ignored, with a note from ``validate``.
NOTE_SHEETS: Final[frozenset[str]] = frozenset(
    {"datadictionary", "kamusdata", "readme", "bacasaya", "petunjuk", "catatan", "notes"}
)

#: Other spellings of a value, by the value the data model uses; each applies in every column
#: that allows that value. Case, spaces, hyphens, underscores, dots and slashes never matter
#: (``Laki-laki`` = ``laki laki`` = ``LAKILAKI``).
VALUE_ALIASES: Final[Mapping[str, tuple[str, ...]]] = _frozen(
    {
        # employment status (employees.status) and recruitment track (formasi.track)
        "pns": ("cpns", "pegawai negeri sipil", "calon pegawai negeri sipil", "asn pns"),
        "cpns": ("pns", "calon pns", "calon pegawai negeri sipil"),
        "pppk": ("p3k", "pegawai pemerintah dengan perjanjian kerja", "asn pppk"),
        # gender
        "female": ("p", "perempuan", "wanita", "f", "w", "woman", "pr"),
        "male": ("l", "laki-laki", "laki", "lk", "pria", "m", "man"),
        # education (the highest completed level)
        "sd": ("mi", "sekolah dasar", "primary", "elementary"),
        "smp": ("mts", "sltp", "sekolah menengah pertama", "junior high"),
        "sma": ("smk", "ma", "mak", "slta", "smu", "stm", "paket c", "high school", "senior high"),
        "d1": ("diploma 1", "diploma i", "d-i", "di"),
        "d2": ("diploma 2", "diploma ii", "d-ii", "dii"),
        "d3": ("diploma 3", "diploma iii", "d-iii", "diii", "ahli madya", "associate"),
        "d4": ("diploma 4", "diploma iv", "d-iv", "div", "sarjana terapan", "sst"),
        "s1": ("s-1", "sarjana", "strata 1", "strata satu", "bachelor"),
        "s2": ("s-2", "magister", "master", "strata 2", "strata dua", "pascasarjana"),
        "s3": ("s-3", "doktor", "doctor", "doctorate", "phd", "strata 3", "strata tiga"),
        # origin
        "local": ("lokal", "putra daerah", "putri daerah", "asli daerah", "setempat"),
        "non_local": (
            "non lokal",
            "bukan lokal",
            "luar daerah",
            "pendatang",
            "non-local",
            "nonlocal",
        ),
        # workload periods (PermenPANRB 1/2020)
        "year": ("tahun", "tahunan", "per tahun", "thn", "yearly", "annual", "annually"),
        "month": ("bulan", "bulanan", "per bulan", "bln", "monthly"),
        "week": ("minggu", "mingguan", "per minggu", "pekan", "weekly"),
        "day": ("hari", "harian", "per hari", "daily"),
        # kinds of position (UU 20/2023; UU 5/2014 art. 131 for the echelons)
        "jpt_madya": ("jpt madya", "pimpinan tinggi madya", "eselon i", "eselon 1"),
        "jpt_pratama": (
            "jpt pratama",
            "pimpinan tinggi pratama",
            "eselon ii",
            "eselon 2",
            "eselon ii.a",
            "eselon ii.b",
        ),
        "administrator": (
            "administrator",
            "eselon iii",
            "eselon 3",
            "eselon iii.a",
            "eselon iii.b",
        ),
        "pengawas": (
            "pengawas",
            "supervisor",
            "eselon iv",
            "eselon 4",
            "eselon iv.a",
            "eselon iv.b",
        ),
        "pelaksana": ("pelaksana", "jfu", "fungsional umum", "jabatan fungsional umum", "staf"),
        "fungsional_ahli_pertama": ("ahli pertama", "jf ahli pertama", "fungsional pertama"),
        "fungsional_ahli_muda": ("ahli muda", "jf ahli muda", "fungsional muda"),
        "fungsional_ahli_madya": ("ahli madya", "jf ahli madya", "fungsional madya"),
        "fungsional_ahli_utama": ("ahli utama", "jf ahli utama", "fungsional utama"),
        "fungsional_terampil": (
            "terampil",
            "jf terampil",
            "fungsional keterampilan",
            "fungsional pemula",
            "fungsional mahir",
            "fungsional penyelia",
            "pemula",
            "mahir",
            "penyelia",
        ),
        # regions.kind
        "provinsi": ("province", "prov"),
        "kabupaten": ("kab", "regency"),
        "kota": ("city", "kotamadya"),
        "kecamatan": ("kec", "distrik"),
        # units.sector
        "administration": ("administrasi", "pemerintahan", "sekretariat"),
        "education": ("pendidikan",),
        "health": ("kesehatan",),
        "public_works": ("pekerjaan umum", "pupr", "pu"),
        "social_services": ("sosial", "layanan sosial", "dinas sosial"),
        "population_registry": ("kependudukan", "dukcapil", "catatan sipil"),
        "economy": ("ekonomi", "perekonomian", "perdagangan"),
        "agriculture": ("pertanian",),
        "environment": ("lingkungan hidup", "lingkungan"),
        "transport": ("perhubungan", "transportasi"),
        "finance": ("keuangan",),
        "public_order": ("ketertiban umum", "satpol pp", "trantib"),
        "other": ("lainnya", "lain-lain", "lain"),
        # applicants.channel
        "sscasn_portal": ("sscasn", "portal sscasn"),
        "official_website": ("situs resmi", "website resmi", "laman resmi", "website"),
        "social_media": ("media sosial", "medsos"),
        "news_media": ("media massa", "berita", "koran"),
        "university": ("universitas", "perguruan tinggi", "kampus"),
        "job_fair": ("bursa kerja", "job fair"),
        "word_of_mouth": ("teman", "keluarga", "dari mulut ke mulut", "kerabat"),
        # applicants.registration_mode
        "online": ("daring",),
        "offline": ("luring", "langsung"),
        # applicants.special_group (SKD passing grades)
        "general": ("umum",),
        "cumlaude": ("cum laude", "lulusan terbaik", "lulusan cumlaude"),
        "disability": ("disabilitas", "penyandang disabilitas"),
        "papua": ("putra putri papua", "papua dan papua barat"),
        "doctor": ("dokter",),
        "kalimantan": ("putra putri kalimantan",),
        # applicants.panel and the assessor's side
        "internal": ("dalam", "intern"),
        "external": ("eksternal", "luar", "ekstern"),
        "mixed": ("campuran", "gabungan"),
        # assessments.stage
        "written_test": ("tes tertulis", "ujian tertulis", "tertulis"),
        "interview": ("wawancara",),
        "in_depth_interview": ("wawancara mendalam",),
        "psych": ("psikotes", "tes psikologi", "psikologi", "psychological test"),
        "competency": ("kompetensi", "asesmen kompetensi", "uji kompetensi"),
        "practical": ("praktik", "praktek", "uji praktik", "tes praktik", "praktik kerja"),
        # assessments.assessor_type
        "external_academic": ("akademisi", "eksternal akademisi"),
        "external_practitioner": ("praktisi", "eksternal praktisi"),
        "external_expert": ("ahli", "pakar", "tenaga ahli", "eksternal ahli"),
        # training.provider
        "expert_speaker": ("narasumber", "narasumber ahli"),
        "bpsdm": ("bpsdmd", "bpsdm provinsi"),
        "lan": ("lembaga administrasi negara",),
        # promotions.method
        "open_selection": ("seleksi terbuka", "lelang jabatan", "open bidding"),
        "talent_pool": ("manajemen talenta", "talenta", "kelompok rencana suksesi"),
        "competency_assessment": ("uji kompetensi", "asesmen kompetensi"),
        "seniority": ("senioritas", "duk", "daftar urut kepangkatan"),
        "direct_appointment": ("penunjukan langsung", "penunjukan"),
        # SKP (PermenPANRB 6/2022)
        "Sangat Baik": ("very good", "sangat baik"),
        "Baik": ("good",),
        "Butuh Perbaikan": ("needs improvement", "perlu perbaikan"),
        "Kurang/Misconduct": ("kurang", "misconduct", "poor"),
        "Sangat Kurang": ("very poor",),
        "above": ("di atas ekspektasi", "diatas ekspektasi", "di atas", "above expectation"),
        "as_expected": ("sesuai ekspektasi", "sesuai", "as expected"),
        "below": ("di bawah ekspektasi", "dibawah ekspektasi", "di bawah", "below expectation"),
    }
)

#: Spellings that belong to one column only, by (table, column) and then by value.
COLUMN_VALUE_ALIASES: Final[Mapping[tuple[str, str], Mapping[object, tuple[str, ...]]]] = _frozen(
    {
        # the administrative check's result (MS / TMS: memenuhi syarat, tidak memenuhi syarat)
        ("applicants", "admin_pass"): _frozen(
            {
                True: ("ms", "memenuhi syarat", "lulus"),
                False: ("tms", "tidak memenuhi syarat", "tidak lulus"),
            }
        ),
    }
)

#: Spellings that could mean several values of a column, each with the values it may mean:
#: refused with the choice, never guessed (a functional position's level sets its BUP).
AMBIGUOUS_VALUES: Final[Mapping[str, tuple[str, ...]]] = _frozen(
    {
        "fungsional": (
            "fungsional_ahli_pertama",
            "fungsional_ahli_muda",
            "fungsional_ahli_madya",
            "fungsional_ahli_utama",
            "fungsional_terampil",
        ),
        "jf": (
            "fungsional_ahli_pertama",
            "fungsional_ahli_muda",
            "fungsional_ahli_madya",
            "fungsional_ahli_utama",
            "fungsional_terampil",
        ),
        "jabatan fungsional": (
            "fungsional_ahli_pertama",
            "fungsional_ahli_muda",
            "fungsional_ahli_madya",
            "fungsional_ahli_utama",
            "fungsional_terampil",
        ),
        "jpt": ("jpt_madya", "jpt_pratama"),
        "asn": ("pns", "pppk"),
    }
)

#: Cells read as true or false in a true/false column. ``t`` is ``tidak`` (false) in a column
#: that also writes ``y``, ``true`` in one that also writes ``f``, and refused when it stands
#: alone (see :func:`parse_bool`).
TRUE_WORDS: Final[frozenset[str]] = frozenset(
    {"true", "1", "1.0", "yes", "y", "ya", "iya", "benar", "betul", "ada"}
)
FALSE_WORDS: Final[frozenset[str]] = frozenset(
    {"false", "f", "0", "0.0", "no", "n", "tidak", "tdk", "bukan", "salah", "tidak ada", "none"}
)


def spelling_key(text: object) -> str:
    """How two spellings are compared: lower case, without spaces, ``_ - . /`` and the like.

    Examples
    --------
    >>> spelling_key(" Laki-laki "), spelling_key("JPT Pratama"), spelling_key("jpt_pratama")
    ('lakilaki', 'jptpratama', 'jptpratama')
    """
    return re.sub(r"[\W_]+", "", str(text).casefold())


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _table_keys() -> dict[str, str]:
    """Spelling key -> table, for the tables of the data model and their aliases."""
    found = {}
    for table, aliases in TABLE_ALIASES.items():
        if table in TABLES:
            for alias in aliases:
                found[spelling_key(alias)] = table
    found.update({spelling_key(t): t for t in TABLES})  # a table's own name always wins
    return found


def table_name(name: object) -> str | None:
    """The table a sheet name or file stem stands for, or None.

    Case, spaces, hyphens and underscores do not matter, and the aliases of
    :data:`TABLE_ALIASES` are accepted.

    Parameters
    ----------
    name : str
        A sheet name or a file name without its ending.

    Returns
    -------
    str or None
        A key of :data:`asnpolicy.schema.TABLES`.

    Examples
    --------
    >>> table_name("Pegawai"), table_name("UNIT KERJA"), table_name("units"), table_name("gaji")
    ('employees', 'units', 'units', None)
    """
    return _table_keys().get(spelling_key(name))


def suggest_table(name: object) -> str | None:
    """The table a name that is not one most likely means ("did you mean"), or None.

    Examples
    --------
    >>> suggest_table("employes"), suggest_table("pelamar2"), suggest_table("gaji")
    ('employees', 'applicants', None)
    """
    found = _table_keys()
    close = difflib.get_close_matches(spelling_key(name), list(found), n=1, cutoff=0.75)
    return found[close[0]] if close else None


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def _allowed(table: str, column: str) -> tuple:
    spec = TABLES.get(table)
    if spec is None or column not in spec.columns:
        return ()
    return tuple(spec.field(column).allowed)


@cache
def value_map(table: str, column: str) -> Mapping[str, str]:
    """Spelling key -> allowed value, for a column with a fixed list of values.

    Each allowed value is reached by its own spelling and by its aliases in
    :data:`VALUE_ALIASES`; an alias that two allowed values share is left out (it decides
    nothing).

    Examples
    --------
    >>> m = value_map("employees", "gender")
    >>> m["l"], m["perempuan"], m["male"]
    ('male', 'female', 'male')
    """
    allowed = _allowed(table, column)
    by_key: dict[str, set] = {}
    for value in allowed:
        for spelling in (value, *VALUE_ALIASES.get(value, ())):
            by_key.setdefault(spelling_key(spelling), set()).add(value)
    own = {spelling_key(v): v for v in allowed}
    found = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}
    found.update(own)  # an allowed value always means itself
    return MappingProxyType(found)


def ambiguous_rule(table: str, column: str, value: object) -> str | None:
    """Why a spelling that could mean several allowed values is refused, or None.

    Examples
    --------
    >>> ambiguous_rule("positions", "kind", "Fungsional")[:41]
    'could mean several values: write which of'
    """
    choices = [
        v
        for k, options in AMBIGUOUS_VALUES.items()
        if spelling_key(k) == spelling_key(value)
        for v in options
        if v in _allowed(table, column)
    ]
    if len(choices) < 2:
        return None
    return "could mean several values: write which of " + ", ".join(choices)


def canonical_values(table: str, column: str, values: pd.Series) -> pd.Series:
    """``values`` of a column with a fixed list of values, each spelling replaced by the value
    the data model uses; a value that matches nothing is kept as it is (the schema then
    reports it).

    Parameters
    ----------
    table, column : str
        Where the values come from.
    values : Series
        Text cells (missing cells stay missing).

    Returns
    -------
    Series
        Like ``values``.

    Examples
    --------
    >>> canonical_values("employees", "status", pd.Series(["PNS", "cpns", "P3K", "x"])).tolist()
    ['pns', 'pns', 'pppk', 'x']
    """
    mapping = value_map(table, column)
    if not mapping:
        return values
    if isinstance(values.dtype, pd.StringDtype):
        return _canonical_text(values, mapping)
    distinct = pd.Series(values.dropna().unique())
    if not len(distinct):
        return values
    keys = distinct.astype(str).map(spelling_key)
    found = keys.map(mapping)
    translate = pd.Series(found.to_numpy(), index=distinct.to_numpy()).dropna()
    if not len(translate):
        return values
    return values.map(translate).fillna(values).astype(values.dtype)


def _canonical_text(values: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """:func:`canonical_values` of text cells: each distinct spelling is looked up once, and
    the cells take their value by position (``Series.map`` on Arrow strings goes through
    Python objects, cell by cell)."""
    codes, distinct = pd.factorize(values)
    spellings = distinct.to_numpy(dtype=object)
    found = np.array([mapping.get(spelling_key(v)) for v in spellings], dtype=object)
    translated = pd.notna(found)
    if not translated.any():
        return values
    canonical = np.where(translated, found, spellings)
    cells = pd.array(canonical, dtype=values.dtype).take(codes, allow_fill=True)
    return pd.Series(cells, index=values.index, name=values.name)


def suggest_value(table: str, column: str, value: object) -> str | None:
    """The allowed value an unknown spelling most likely means ("did you mean"), or None.

    Compares the spelling with every allowed value and alias of the column (difflib).

    Examples
    --------
    >>> suggest_value("employees", "gender", "Laki2")
    'male'
    >>> suggest_value("workload", "volume_period", "harain")
    'day'
    """
    mapping = value_map(table, column)
    if not mapping:
        return None
    key = spelling_key(value)
    close = difflib.get_close_matches(key, list(mapping), n=1, cutoff=0.6)
    return mapping[close[0]] if close else None


def parse_bool(text: pd.Series, table: str = "", column: str = "") -> tuple[pd.Series, pd.Series]:
    """Read a true/false column written by a person.

    ``true/false``, ``yes/no``, ``ya/tidak``, ``benar/salah``, ``1/0``, ``Y/N``, and the
    column's own words (:data:`COLUMN_VALUE_ALIASES`, e.g. ``MS``/``TMS`` for the
    administrative check). A lone ``T`` is ``tidak`` (false) in a column that writes ``Y``
    for yes, ``true`` in a column that writes ``F`` for false, and refused otherwise.

    Parameters
    ----------
    text : Series
        The cells as text.
    table, column : str
        Where they come from (for the column's own words).

    Returns
    -------
    parsed : Series of boolean
        Missing where the cell is empty or unreadable.
    ambiguous : Series of bool
        Cells that are a lone ``T`` in a column that says neither ``Y`` nor ``F``, or both.

    Examples
    --------
    >>> parse_bool(pd.Series(["Y", "T", "ya"]))[0].tolist()
    [True, False, True]
    >>> parse_bool(pd.Series(["T", "F"]))[0].tolist()
    [True, False]
    """
    keys = _per_distinct(text.astype("string"), _bool_key)
    true, false = set(TRUE_WORDS), set(FALSE_WORDS)
    for value, words in COLUMN_VALUE_ALIASES.get((table, column), {}).items():
        (true if value else false).update(words)
    says_y = bool(keys.isin(["y", "ya", "iya"]).any())
    says_f = bool(keys.isin(["f"]).any())
    is_t = keys.eq("t").fillna(False).astype(bool)
    parsed = pd.Series(pd.NA, index=text.index, dtype="boolean")
    parsed[keys.isin(true).fillna(False).astype(bool)] = True
    parsed[keys.isin(false).fillna(False).astype(bool)] = False
    ambiguous = pd.Series(False, index=text.index)
    if is_t.any():
        if says_y and not says_f:
            parsed[is_t] = False
        elif says_f and not says_y:
            parsed[is_t] = True
        else:
            ambiguous = is_t
    return parsed, ambiguous


def _bool_key(text: pd.Series) -> pd.Series:
    """How a true/false cell is compared: trimmed, case-folded, ``_``/``-``/spaces as one space."""
    return text.str.strip().str.casefold().str.replace(r"[\s_\-]+", " ", regex=True)


def _per_distinct(text: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function(text)`` for a cell-by-cell ``function``, computed once per distinct text.

    ``str.casefold`` and regexes with ``\\s`` run in Python, cell by cell; a column repeats a
    few spellings over all its rows. Missing cells stay missing."""
    codes, distinct = pd.factorize(text)
    done = function(pd.Series(distinct, dtype=text.dtype))
    return pd.Series(done.array.take(codes, allow_fill=True), index=text.index, name=text.name)


# --------------------------------------------------------------------------------------------
# Documentation
# --------------------------------------------------------------------------------------------


def accepted_spellings() -> pd.DataFrame:
    """Every accepted spelling of every column with a fixed list of values.

    Returns
    -------
    DataFrame
        One row per (table, column, value): ``table``, ``column``, ``value`` (as the data
        model writes it) and ``also_accepted`` (other spellings, comma-separated).
    """
    rows = []
    for spec in TABLES.values():
        for f in spec.fields:
            if not f.allowed:
                continue
            mapping = value_map(spec.name, f.name)
            for value in f.allowed:
                others = [
                    a
                    for a in VALUE_ALIASES.get(value, ())
                    if mapping.get(spelling_key(a)) == value
                    and spelling_key(a) != spelling_key(value)
                ]
                rows.append(
                    {
                        "table": spec.name,
                        "column": f.name,
                        "value": value,
                        "also_accepted": ", ".join(dict.fromkeys(others)),
                    }
                )
    return pd.DataFrame(rows, columns=["table", "column", "value", "also_accepted"])


def accepted_spellings_markdown() -> str:
    """The "Accepted spellings" section of the data dictionary (``data/README.md``): table
    names, values, true/false words and how numbers written as text are read."""
    lines = [
        "## Accepted spellings",
        "",
        "Sheets and files are matched to tables without regard to case, spaces, hyphens and",
        "underscores, and by these other names (`Pegawai`, `PEGAWAI.csv` and `employees.csv` are",
        "the same table). A sheet or file with only a header row, or nothing, counts as an absent",
        "table. A sheet with rows whose name is not a table stops `asnpolicy validate` with the",
        "table names; a file in a folder whose name is close to a table's does too, and any other",
        "file is named as not read.",
        "",
        "| table | also accepted |",
        "|---|---|",
    ]
    for table, aliases in TABLE_ALIASES.items():
        if table in TABLES:
            lines.append(f"| `{table}` | {', '.join(f'`{a}`' for a in aliases)} |")
    lines += [
        "",
        "Values of a column with a fixed list are matched without regard to case, spaces,",
        "hyphens, underscores, dots and slashes (`Laki-laki` = `laki laki`), and through these",
        "other spellings. A spelling that could mean several values (`Fungsional` without its",
        "level, `ASN`) is refused with the choices; one that matches nothing is refused with the",
        'closest value ("did you mean").',
        "",
        "| table | column | value | also accepted |",
        "|---|---|---|---|",
    ]
    for r in accepted_spellings().itertuples(index=False):
        also = ", ".join(f"`{a}`" for a in r.also_accepted.split(", ") if a)
        lines.append(f"| `{r.table}` | `{r.column}` | `{r.value}` | {also} |")
    lines += [
        "",
        "True/false columns read "
        + ", ".join(f"`{w}`" for w in sorted(TRUE_WORDS))
        + " as true and "
        + ", ".join(f"`{w}`" for w in sorted(FALSE_WORDS))
        + " as false (any case). A lone `T` is *tidak* (false) in a column that writes `Y` for",
        "yes, *true* in one that writes `F` for false, and refused otherwise. The administrative",
        "check (`applicants.admin_pass`) also reads `MS`/`lulus` and `TMS`.",
        "",
        "### Numbers written as text",
        "",
        "A number cell of a workbook is taken as it is. A number written as text (every CSV cell,",
        "and text cells of a workbook) is read as the person meant it, or refused with the cell",
        "named; its size never changes silently:",
        "",
        "- `12000`, `12 000`, `12.000`, `1.250.000`, `Rp 72.000.000`: a dot between groups of",
        "  three digits is a thousands separator (Indonesian): 12000, 1250000, 72000000.",
        "- `1.250,5` is 1250.5 and `12,5` is 12.5 (decimal comma); `1,250.5` is 1250.5 and",
        "  `20.5` is 20.5 (decimal point). A separator that is not followed by exactly three",
        "  digits, or a number with both marks, can only be read one way.",
        "- `1.250` and `1,250` alone could be 1250 or 1.25. The rest of the same file decides:",
        "  a file that writes a decimal comma elsewhere (`12,5`, `1.250,5`, or a CSV separated",
        "  by `;`) reads `1.250` as 1250 and `1,250` as 1.25; a file that writes a decimal point",
        "  elsewhere (`20.5`, `1,250.5`) reads `1,250` as 1250 and `1.125` as 1.125, and refuses",
        "  `1.250` or `12.000` (ending in 0: a thousands separator is as likely). When the file",
        "  says neither, `1.250` is 1250 (Indonesian) and `1,250` is refused; when it says both,",
        "  both are refused. Write such numbers without a thousands separator.",
        "- A whole-number column refuses a fraction (`1.25`, `1,5`).",
        "",
    ]
    return "\n".join(lines)
