"""SKM survey exports -> ``skm`` (responses) and ``ikm_published`` (published results per unit).

Two kinds of file are read, told apart by their columns (``shared/reference/real-exports.md``
A5):

- **Survey-app responses**, one row per respondent. Shapes seen: an e-SKM database keeping one
  table per year (``no, nama, alamat, pekerjaan, jenkel, usia, nohp, pendidikan, nik, u1 .. u9,
  saran, created_at``, later ``kodeUnik``); a park-service app (``NO_HP, U1 .. U9, TAHUN,
  taman_id``: a year, no date); and apps whose headers are the element names (``Persyaratan``,
  ``Sistem, Mekanisme dan Prosedur``, ``Waktu Penyelesaian``, ...). The answers are mapped to
  ``u1`` .. ``u9`` **by element name**, in the order of PermenPANRB 14/2017 as
  :data:`asnpolicy.rules.IKM_ELEMENTS` writes it (U8 complaint handling, U9 facilities): apps
  differ on U8/U9 (GASPUL and satlts.kbm put facilities at U8), so a header that gives the
  name wins over its number. Headers that are only ``U1`` .. ``U9`` are read in the
  regulation's order and put to the analyst in the ``elemen_skm`` sheet of the mapping
  workbook, pre-filled, with the warning that some apps swap U8 and U9. A file with 14 answer
  columns is the superseded KEP/25/M.PAN/2/2004 survey and is refused.
- **Published results per unit** (the unit or OPD, ``tahun``, ``IKM``/``nilai IKM``, the NRR of
  each element by number or name, ``n``/``jumlah responden``), e.g. the OPD tables of an SKM
  report made by a consultant (Kota Padang). They become ``ikm_published``, kept as published:
  :func:`asnpolicy.satisfaction.reconcile_published_ikm` explains a figure computed with the
  common weight 0.111 and truncation.

The respondent's name, address, phone, NIK, e-mail and free-text suggestions (``saran``: it
may hold names) are personal data: never read, listed as ignored. ``response_id`` is a
pseudonymous row id (a hash of the file's name, sheet and content, and the row number), never
the phone number or an app's respondent code. The unit is matched by name to ``units``
(``unit_skm`` sheet, pre-filled where a normalised name equals a unit's name); a file without
a unit column is one unit, asked by file name. A date (``created_at``, ``tanggal``; ``d-m-Y``
and the other forms :func:`~asnpolicy.imports.rawfiles.parse_dates` reads) gives
``survey_date``; a year alone (``TAHUN``, or a per-year table or sheet named ``2023``) gives 1
July of that year with ``year_only`` true, counted in the file's notes.

Examples
--------
>>> from asnpolicy.identifiers import Pseudonymiser
>>> from asnpolicy.imports.context import ImportContext
>>> frame = pd.DataFrame({"nama": ["Responden A"], "jenkel": ["P"], "usia": ["34"],
...                       "pendidikan": ["SLTA"], **{f"u{i}": ["3"] for i in range(1, 10)},
...                       "created_at": ["15-03-2024 09:12:00"]}, index=[2])
>>> ctx = ImportContext("pauh", Pseudonymiser(b"k" * 32))
>>> units = pd.DataFrame({"unit_id": ["pauh-u001"], "name": ["Kantor Camat Pauh"]})
>>> ctx.existing["units"] = units
>>> out = import_skm([RawTable("Kantor Camat Pauh.xlsx", "2024", frame)], ctx)
>>> skm = out.tables["skm"]
>>> skm[["unit_id", "survey_date", "respondent_gender", "respondent_education"]].values.tolist()
[['pauh-u001', Timestamp('2024-03-15 00:00:00'), 'female', 'sma']]
>>> "nama" in out.files[0].columns_ignored
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from .. import rules
from ..keys import lookup
from ..schema import EDUCATION_LEVELS
from ..spellings import canonical_values
from .context import FileStats, ImportContext, KindResult, normal_name, rejected_rows
from .rawfiles import ImportFailure, RawTable, header_key, parse_dates, parse_numbers
from .texts import say

__all__ = [
    "ELEMENT_WORDS",
    "LAYOUTS",
    "PERSONAL_COLUMNS",
    "import_skm",
    "looks_like",
]

WHAT: Final = "an SKM survey export (responses) or a table of published IKM per unit"

#: The nine elements of PermenPANRB 14/2017 (:data:`asnpolicy.rules.IKM_ELEMENTS`), each with
#: the words (header keys: lowercase letters and digits) by which a header names it. The
#: first element whose word a header contains wins, so the order matters: "Penanganan
#: Pengaduan, Saran dan Masukan" is u8 (``pengaduan``) before the free-text ``saran`` column
#: could be taken for anything (it matches no word: ``sarana`` is u9's).
ELEMENT_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "u1": ("persyaratan",),
    "u2": ("prosedur", "mekanisme"),
    "u3": ("waktupenyelesaian", "waktupelayanan", "jangkawaktu", "kecepatanwaktu"),
    "u4": ("biaya", "tarif"),
    "u5": ("produkspesifikasi", "spesifikasijenis", "produklayanan", "produkpelayanan"),
    "u6": ("kompetensi",),
    "u7": ("perilaku",),
    "u8": ("pengaduan", "penanganan"),
    "u9": ("sarana", "prasarana"),
}
#: Element names of the superseded KEP/25/M.PAN/2/2004 survey (14 elements) that the nine of
#: PermenPANRB 14/2017 do not have; three of them mark such a file.
_KEP25_WORDS: Final = (
    "kedisiplinan",
    "tanggungjawab",
    "keadilan",
    "kepastianjadwal",
    "kenyamanan",
    "keamanan",
    "kewajaranbiaya",
    "kepastianbiaya",
    "kejelasanpetugas",
    "kesopanan",
)
#: Header keys of respondents' personal data: never read (names, addresses, phones, NIK,
#: e-mail, suggestions, an app's respondent code), listed as ignored.
PERSONAL_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        "nama", "namalengkap", "namaresponden", "responden", "alamat", "alamatlengkap",
        "nohp", "nohandphone", "hp", "handphone", "telepon", "telp", "notelp", "notelepon",
        "nowa", "wa", "whatsapp", "email", "nik", "noktp", "ktp", "nip", "saran", "kritik",
        "kritikdansaran", "kritiksaran", "masukan", "komentar", "pesan", "kodeunik",
        "tempatlahir", "tanggallahir", "tgllahir", "ttl",
    }
)  # fmt: skip

_UNIT: Final = (
    "unit", "unit_kerja", "unit_layanan", "unit_pelayanan", "unit_penyelenggara",
    "nama_unit", "nama_unit_layanan", "opd", "nama_opd", "perangkat_daerah", "skpd", "satker",
    "instansi", "unit_id", "taman_id", "taman", "puskesmas",
)  # fmt: skip
_YEAR: Final = ("tahun", "year", "tahun_survei", "tahun_survey", "periode")

#: Alias lists per layout (canonical name -> headers it goes by; matched by
#: :func:`~asnpolicy.imports.rawfiles.header_key`). The answer and NRR columns are found by
#: element name or number (:data:`ELEMENT_WORDS`), not listed here.
LAYOUTS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    # e-SKM per-year tables, the park-service app and the apps with element names as headers
    "responses": {
        "unit": _UNIT,
        "date": (
            "created_at", "tanggal", "tgl", "tanggal_survei", "tanggal_survey",
            "tanggal_pengisian", "tgl_survei", "tgl_isi", "waktu_pengisian", "date",
            "timestamp", "submitted_at", "tanggal_isi",
        ),
        "year": _YEAR,
        "gender": ("jenkel", "jenis_kelamin", "jk", "gender", "sex", "kelamin"),
        "age": ("usia", "umur", "age", "usia_responden"),
        "education": ("pendidikan", "pendidikan_terakhir", "tingkat_pendidikan", "education"),
        "service": (
            "layanan", "jenis_layanan", "jenis_pelayanan", "nama_layanan", "pelayanan",
            "service",
        ),
    },
    # published results per unit and year (an SKM report's table per OPD)
    "published": {
        "unit": _UNIT,
        "year": _YEAR,
        "ikm_converted": (
            "nilai_konversi", "ikm_konversi", "nilai_ikm_konversi", "skm_konversi",
            "nilai_skm_konversi", "konversi", "nilai_interval_konversi",
        ),
        "ikm": (
            "ikm", "nilai_ikm", "indeks_kepuasan_masyarakat", "nilai_skm", "skm", "nilai_indeks",
            "indeks", "ikm_unit", "nilai_ikm_unit", "nilai",
        ),
        "n": (
            "n", "jumlah_responden", "jml_responden", "responden", "responden_n", "n_responden",
            "jumlah_sampel", "sampel",
        ),
    },
}  # fmt: skip

#: Headers that mark a table of published results (the generic ``nilai``, ``indeks`` and
#: ``skm`` are read as the IKM only in a table already recognised).
_IKM_MARKS: Final = (
    "ikm", "nilai_ikm", "indeks_kepuasan_masyarakat", "nilai_skm", "ikm_unit", "nilai_ikm_unit",
    "nilai_indeks",
)  # fmt: skip

#: Written answers of the questionnaire (PermenPANRB 14/2017, Lampiran: a 4-point scale,
#: "tidak ... / kurang ... / ... / sangat ..."; for cost "sangat mahal / cukup mahal / murah
#: / gratis"), by the first word of their key.
_LABEL_SCORE: Final = (
    (r"^sangatmahal", 1),
    (r"^(?:cukupmahal|mahal)", 2),
    (r"^murah", 3),
    (r"^(?:gratis|tidakdipungut)", 4),
    (r"^tidak", 1),
    (r"^kurang", 2),
    (r"^sangat", 4),
    (r"^(?:sesuai|mudah|cepat|wajar|baik|puas|kompeten|sopan|ramah|dikelola|berfungsi|"
     r"memadai|jelas|tepat|lancar|nyaman|bersih|ada)", 3),
)  # fmt: skip
#: Education written freely -> the schema's levels, for what
#: :func:`~asnpolicy.spellings.canonical_values` does not know ("SMA/Sederajat", "S1/D4"):
#: the first level whose pattern the key starts with.
_EDUCATION_PATTERNS: Final = (
    ("s3", r"^(?:s3|strata3|doktor|phd)"),
    ("s2", r"^(?:s2|strata2|magister|master|pasca)"),
    ("d4", r"^(?:d4|div|diplomaiv|diploma4|sarjanaterapan)"),
    ("s1", r"^(?:s1|strata1|sarjana)"),
    ("d3", r"^(?:d3|diii|diplomaiii|diploma3|akademi)"),
    ("d2", r"^(?:d2|dii$|diplomaii$|diploma2)"),
    ("d1", r"^(?:d1|di$|diplomai$|diploma1)"),
    ("sma", r"^(?:sma|smk|slta|smu|stm|smea|aliyah|paketc|ma$|man\d*$|sederajatsma)"),
    ("smp", r"^(?:smp|sltp|mts|tsanawiyah|paketb)"),
    ("sd", r"^(?:sd|mi$|sekolahdasar|ibtidaiyah|paketa)"),
)
#: Sheet names a workbook gives by default: they say nothing about the unit.
_DEFAULT_SHEETS: Final = re.compile(r"^(sheet|lembar|data|worksheet|hasil|export)\d*$")
_YEAR_IN_NAME: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NUMBERED: Final = re.compile(r"^(?:nrr)?(?:u|unsur)0?(\d{1,2})$")
#: Words of headers that carry an element's name or number but not its answers or NRR (the
#: weighted NRR, the weight, the sum of the answers, the converted value).
_SKIP_ELEMENT: Final = ("tertimbang", "bobot", "jumlah", "total", "konversi")
_ELEMENTS: Final = tuple(rules.IKM_ELEMENTS)


# ------------------------------------------------------------------------------------------
# Recognising the layout
# ------------------------------------------------------------------------------------------


def _element_of(header: object) -> tuple[str | None, int | None]:
    """The element a header names (``u1`` .. ``u9``), and the bare number it carries when it
    only numbers its element (``U8``, ``unsur 8``, ``NRR U8``)."""
    key = header_key(header)
    if any(word in key for word in _SKIP_ELEMENT):
        return None, None
    numbered = _NUMBERED.fullmatch(key)
    if numbered:
        return None, int(numbered.group(1))
    for element, words in ELEMENT_WORDS.items():
        if any(word in key for word in words):
            return element, None
    return None, None


def _answer_columns(raw: RawTable) -> tuple[dict[str, str], dict[int, str]]:
    """Headers naming an element (element -> header; the first wins) and headers that only
    number one (number -> header)."""
    named: dict[str, str] = {}
    numbered: dict[int, str] = {}
    for header in raw.frame.columns:
        element, number = _element_of(header)
        if element is not None:
            named.setdefault(element, header)
        elif number is not None:
            numbered.setdefault(number, header)
    return named, numbered


def _find(raw: RawTable, aliases: Sequence[str], *, exclude: Sequence[str] = ()) -> str | None:
    """The first header (in ``aliases`` order) matching one of ``aliases``."""
    by_key: dict[str, str] = {}
    for header in raw.frame.columns:
        if header not in exclude:
            by_key.setdefault(header_key(header), header)
    for alias in aliases:
        found = by_key.get(header_key(alias))
        if found is not None:
            return found
    return None


def _is_published(raw: RawTable) -> bool:
    """Published results: an IKM column, or NRR columns (``NRR U1``, ``nrr_persyaratan``)."""
    if _find(raw, (*LAYOUTS["published"]["ikm_converted"], *_IKM_MARKS)) is not None:
        return True
    return sum(header_key(c).startswith("nrr") for c in raw.frame.columns) >= 5


def looks_like(raw: RawTable) -> bool:
    """Whether a table is an SKM export: at least five answer columns (by element name or
    ``U1`` ...), or a unit column beside an IKM or NRR columns.

    Examples
    --------
    >>> frame = pd.DataFrame(columns=["NO_HP", *[f"U{i}" for i in range(1, 10)], "TAHUN"])
    >>> looks_like(RawTable("taman.csv", None, frame))
    True
    >>> looks_like(RawTable("abk.xlsx", None, pd.DataFrame(columns=["Uraian Tugas",
    ...            "Hasil Kerja", "Jumlah Hasil", "Waktu Penyelesaian"])))
    False
    """
    named, numbered = _answer_columns(raw)
    if len(named) + len(numbered) >= 5:
        return True
    return _find(raw, _UNIT) is not None and _is_published(raw)


def _refuse_kep25(raw: RawTable, numbered: Mapping[int, str]) -> None:
    keys = [header_key(c) for c in raw.frame.columns]
    old_names = sum(any(w in k for k in keys) for w in _KEP25_WORDS)
    if any(n > len(_ELEMENTS) for n in numbered) or old_names >= 3:
        raise ImportFailure(
            f"{raw.where} holds {max([*numbered, 14])} answer columns, the superseded "
            "KEP/25/M.PAN/2/2004 survey: the package supports the 9 elements of PermenPANRB "
            "14/2017 only."
        )


def _elements(raw: RawTable, ctx: ImportContext, stats: FileStats) -> dict[str, str]:
    """Element -> header of the answer (or NRR) columns; headers that only number their
    element are put to the analyst (``elemen_skm``), pre-filled in the regulation's order."""
    named, numbered = _answer_columns(raw)
    _refuse_kep25(raw, numbered)
    columns = dict(named)
    bare = {n: h for n, h in numbered.items() if f"u{n}" not in named and 1 <= n <= 9}
    if bare:
        asked = ctx.mapping.ask(
            "elemen_skm",
            pd.DataFrame(
                {
                    "source_file": raw.file,
                    "column": [str(h) for h in bare.values()],
                    "element": [f"u{n}" for n in bare],
                }
            ),
        )
        answer = asked["element"].astype("str").str.strip().str.lower()
        wrong = answer.notna() & ~answer.isin(_ELEMENTS)
        if wrong.any():
            raise ImportFailure(
                f"The elemen_skm sheet gives {answer[wrong].iloc[0]!r} for column "
                f"{asked['column'][wrong].iloc[0]} of {raw.file}; write one of u1 .. u9."
            )
        for element, header in zip(answer, bare.values(), strict=True):
            if pd.isna(element):
                continue
            if element in columns:
                raise ImportFailure(
                    f"Two columns of {raw.file} are read as element {element} ({columns[element]} "
                    f"and {header}); give each column its own element in the elemen_skm sheet."
                )
            columns[element] = header
        if 8 in bare or 9 in bare:
            stats.notes.append(say(ctx, "skm.u8_u9"))
    return columns


# ------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------


def _answers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Answers 1-4 from numbers or the questionnaire's words; (answers Int64, bad: a value
    that is neither)."""
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    unread = numbers.isna() & text.notna()
    if unread.any():
        key = text[unread].str.lower().str.replace(r"[^0-9a-z]", "", regex=True)
        conditions = [key.str.contains(pattern, regex=True) for pattern, _ in _LABEL_SCORE]
        scores = np.select(conditions, [float(s) for _, s in _LABEL_SCORE], np.nan)
        numbers[unread] = scores
    low, high = rules.IKM_SCALE
    good = numbers.between(low, high) & (numbers == np.floor(numbers))
    bad = text.notna() & ~good
    return numbers.where(good).astype("Int64"), bad


def _education(text: pd.Series) -> pd.Series:
    """Education written freely -> ``sd`` .. ``s3`` (missing when unknown)."""
    known = canonical_values("skm", "respondent_education", text)
    known = known.where(known.isin(EDUCATION_LEVELS))
    rest = known.isna() & text.notna()
    if rest.any():
        key = text[rest].str.lower().str.replace(r"[^0-9a-z]", "", regex=True)
        levels = [level for level, _ in _EDUCATION_PATTERNS]
        found = np.select(
            [key.str.contains(p, regex=True) for _, p in _EDUCATION_PATTERNS], levels, ""
        )
        known[rest] = pd.Series(found, index=key.index).replace("", pd.NA)
    return known.astype("str").where(known.notna())


def _gender(text: pd.Series) -> pd.Series:
    found = canonical_values("skm", "respondent_gender", text)
    return found.where(found.isin(("female", "male"))).astype("str")


def _age(text: pd.Series) -> pd.Series:
    """Whole years from ``34``, ``34 tahun``, ``34,0``; missing outside 10-110 (the schema's
    range) or for an age band such as ``21-30``."""
    single = text.str.fullmatch(r"\s*\d{1,3}([.,]0+)?\s*(th|thn|tahun)?\.?\s*", case=False)
    number = pd.to_numeric(text.str.extract(r"^\s*(\d{1,3})", expand=False), errors="coerce")
    number = number.where(single.fillna(False).astype(bool))
    return number.where(number.between(10, 110)).astype("Int64")


def _year(text: pd.Series) -> pd.Series:
    year = pd.to_numeric(text.str.extract(r"((?:19|20)\d{2})", expand=False), errors="coerce")
    return year.astype("Int64")


def _name_year(raw: RawTable, ctx: ImportContext) -> int | None:
    """The year a per-year table or sheet (``2023``, ``skm_2023``) or file is named after,
    else the ``year`` parameter of the import."""
    for name in (raw.sheet, raw.file):
        found = _YEAR_IN_NAME.search(str(name or ""))
        if found:
            return int(found.group(1))
    year = pd.to_numeric(pd.Series([ctx.params.get("year")]), errors="coerce").iloc[0]
    return None if pd.isna(year) else int(year)


def _response_ids(raw: RawTable) -> pd.Series:
    """``r`` + a hash of the file's name, sheet and content + ``-`` + the row number: stable
    for the same file, never a value of the respondent."""
    digest = hashlib.sha256(f"{raw.file}\x1f{raw.sheet}".encode())
    digest.update(pd.util.hash_pandas_object(raw.frame, index=True).to_numpy().tobytes())
    stem = "r" + digest.hexdigest()[:10] + "-"
    return pd.Series(stem + raw.frame.index.astype("str"), index=raw.frame.index, dtype="str")


def _source_label(raw: RawTable) -> str:
    """The name a file without a unit column is asked under: the file, plus the sheet when
    the sheet's name is neither a year nor a workbook default."""
    sheet = str(raw.sheet or "")
    plain = (
        not sheet
        or _DEFAULT_SHEETS.fullmatch(header_key(sheet))
        or _YEAR_IN_NAME.fullmatch(sheet.strip())
    )
    return raw.file if plain else f"{raw.file} / {sheet}"


def _unit_names(raw: RawTable, header: str | None) -> pd.Series:
    """What names each row's unit: the unit column's text (``taman_id=3`` for a bare number,
    which names nothing alone), or the file for a file without one."""
    if header is None:
        return pd.Series(_source_label(raw), index=raw.frame.index, dtype="str")
    values = raw.frame[header].astype("str")
    bare = values.str.fullmatch(r"\d+").fillna(False).astype(bool)
    return values.where(~bare, str(header) + "=" + values)


def _unit_ids(names: pd.Series, ctx: ImportContext) -> pd.Series:
    """Unit name -> unit_id through the ``unit_skm`` sheet, pre-filled where the normalised
    name equals a unit's name, or the text is a unit_id (``ctx.existing["units"]``)."""
    distinct = pd.Series(pd.unique(names.dropna()), dtype="str")
    if not len(distinct):
        return pd.Series(dtype="str")
    prefill = pd.Series(pd.NA, index=distinct.index, dtype="str")
    units = ctx.existing.get("units")
    if units is not None and len(units) and "unit_id" in units:
        ids = units["unit_id"].astype("str")
        if "name" in units:
            by_name = pd.Series(ids.to_numpy(), index=normal_name(units["name"]).to_numpy())
            by_name = by_name[~by_name.index.duplicated(keep=False)]  # an ambiguous name: ask
            # the name itself, else a file named after the unit ("Dinas Kesehatan.xlsx")
            stems = distinct.str.replace(r"\.(xlsx|xls|csv|txt)(\s*/.*)?$", "", regex=True)
            prefill = lookup(normal_name(distinct), by_name).astype("str")
            prefill = prefill.fillna(lookup(normal_name(stems), by_name).astype("str"))
        own = pd.Series(ids.to_numpy(), index=ids.to_numpy())
        prefill = prefill.fillna(lookup(distinct.str.strip(), own).astype("str"))
    asked = ctx.mapping.ask("unit_skm", pd.DataFrame({"source_name": distinct, "unit_id": prefill}))
    answer = asked["unit_id"].astype("str").str.strip()
    return pd.Series(answer.to_numpy(), index=distinct.to_numpy(), dtype="str")


# ------------------------------------------------------------------------------------------
# The two kinds of table
# ------------------------------------------------------------------------------------------


class _Table:
    """What one raw table gave: rows kept, rejected rows, its stats and unit names."""

    def __init__(self, raw: RawTable, ctx: ImportContext) -> None:
        self.raw = raw
        self.ctx = ctx
        self.stats = FileStats(raw.file, raw.sheet, rows_read=len(raw.frame))
        self.rejected: list[pd.DataFrame] = []
        self.bad = pd.Series(False, index=raw.frame.index)

    def reject(self, mask: pd.Series, header: str, key: str, values=None) -> None:
        """Reject the rows of ``mask`` for the reason ``key`` (of :data:`~.texts.TEXTS`)."""
        if not mask.any():
            return
        reason = say(self.ctx, key)
        index = mask.index[mask.to_numpy()]
        shown = "" if values is None else values[mask].astype("str").fillna("").to_numpy()
        self.rejected.append(rejected_rows(self.raw.where, index, str(header), reason, shown))
        self.stats.rejected_by_reason[reason] = self.stats.rejected_by_reason.get(reason, 0) + int(
            mask.sum()
        )
        self.bad |= mask

    def used(self, headers: Sequence[str | None]) -> None:
        taken = [h for h in headers if h is not None]
        self.stats.columns_used = [str(h) for h in self.raw.frame.columns if h in taken]
        self.stats.columns_ignored = [str(h) for h in self.raw.frame.columns if h not in taken]
        personal = [str(h) for h in self.raw.frame.columns if header_key(h) in PERSONAL_COLUMNS]
        if personal:
            self.stats.notes.append(say(self.ctx, "skm.personal", columns=", ".join(personal)))


def _responses(raw: RawTable, ctx: ImportContext) -> tuple[_Table, pd.DataFrame, pd.Series]:
    """Rows of ``skm`` (unit_id still missing) and each row's unit name."""
    table = _Table(raw, ctx)
    frame = raw.frame
    aliases = LAYOUTS["responses"]
    columns = _elements(raw, ctx, table.stats)
    missing = [e for e in _ELEMENTS if e not in columns]
    if missing:
        raise ImportFailure(
            f"{raw.where} has answer columns for {', '.join(sorted(columns)) or 'no element'} "
            f"but none for {', '.join(missing)}; the SKM of PermenPANRB 14/2017 has nine "
            "(name the columns by element, e.g. 'Persyaratan', or U1 .. U9)."
        )
    answer_headers = set(columns.values())
    personal = [h for h in frame.columns if header_key(h) in PERSONAL_COLUMNS]
    blocked = [*answer_headers, *personal]
    found = {k: _find(raw, v, exclude=blocked) for k, v in aliases.items()}
    out = pd.DataFrame(index=frame.index)
    out["response_id"] = _response_ids(raw)
    # dates: a full date, else the year of a year column or of the table's name
    dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    unreadable = pd.Series(False, index=frame.index)
    if found["date"] is not None:
        dates, unreadable = parse_dates(frame[found["date"]])
    year = (
        _year(frame[found["year"]])
        if found["year"] is not None
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    )
    named = _name_year(raw, ctx)
    if named is not None and found["year"] is None:
        year = year.fillna(named)
    only_year = dates.isna() & year.notna()
    july = pd.to_datetime(year.astype("str") + "-07-01", format="%Y-%m-%d", errors="coerce")
    dates = dates.where(~only_year, july)
    where = found["date"] or found["year"] or "created_at"
    table.reject(unreadable & dates.isna(), where, "skm.bad_date", frame.get(where))
    table.reject(~unreadable & dates.isna(), where, "skm.no_date")
    out["survey_date"] = dates
    out["year_only"] = pd.array(only_year.to_numpy(), dtype="boolean")
    if only_year.any():
        table.stats.notes.append(say(ctx, "skm.year_only", n=int(only_year.sum())))
    if found["service"] is not None:
        out["service"] = frame[found["service"]].astype("str")
    for element in _ELEMENTS:
        header = columns[element]
        values, bad = _answers(frame[header])
        table.reject(bad, header, "skm.answer_range", frame[header])
        out[element] = values
    blank = int(frame[list(answer_headers)].isna().to_numpy().sum())
    if blank:
        table.stats.notes.append(say(ctx, "skm.blank_answers", n=int(blank)))
    if found["gender"] is not None:
        out["respondent_gender"] = _gender(frame[found["gender"]])
        _count_unread(table, frame[found["gender"]], out["respondent_gender"], "gender")
    if found["age"] is not None:
        out["respondent_age"] = _age(frame[found["age"]])
        _count_unread(table, frame[found["age"]], out["respondent_age"], "age")
    if found["education"] is not None:
        out["respondent_education"] = _education(frame[found["education"]])
        _count_unread(table, frame[found["education"]], out["respondent_education"], "education")
    out["source_file"] = raw.where
    out["source_row"] = frame.index
    table.used([*answer_headers, *(h for h in found.values())])
    return table, out, _unit_names(raw, found["unit"])


def _count_unread(table: _Table, text: pd.Series, value: pd.Series, what: str) -> None:
    unread = int((text.notna() & value.isna()).sum())
    if unread:
        table.stats.notes.append(
            say(table.ctx, "skm.unread", n=unread, what=say(table.ctx, f"skm.what.{what}"))
        )


def _published(raw: RawTable, ctx: ImportContext) -> tuple[_Table, pd.DataFrame, pd.Series]:
    """Rows of ``ikm_published`` (unit_id still missing) and each row's unit name."""
    table = _Table(raw, ctx)
    frame = raw.frame
    aliases = LAYOUTS["published"]
    columns = _elements(raw, ctx, table.stats)
    found = {k: _find(raw, v, exclude=list(columns.values())) for k, v in aliases.items()}
    if found["unit"] is None:
        raise ImportFailure(
            f"{raw.where} looks like published IKM results but has no unit column; expected "
            f"one of {', '.join(_UNIT[:6])} ...; found {', '.join(map(str, frame.columns))}."
        )
    out = pd.DataFrame(index=frame.index)
    named = _name_year(raw, ctx)
    if found["year"] is not None:
        year = _year(frame[found["year"]])
        if named is not None:
            year = year.fillna(named)
    else:
        year = pd.Series(named, index=frame.index, dtype="Int64")
    table.reject(year.isna(), found["year"] or "tahun", "skm.no_year", frame.get(found["year"]))
    out["year"] = year
    figure = found["ikm_converted"] or found["ikm"]
    ikm = pd.Series(np.nan, index=frame.index)
    if figure is not None:
        ikm, unread = parse_numbers(frame[figure])
        if (
            found["ikm_converted"] is None
            and ikm.dropna().between(1, 4).all()
            and ikm.notna().any()
        ):
            ikm = ikm * rules.IKM_CONVERSION
            table.stats.notes.append(
                say(ctx, "skm.index_1_4", column=figure, factor=rules.IKM_CONVERSION)
            )
        table.reject(unread, figure, "skm.ikm_number", frame[figure])
        outside = ikm.notna() & ~ikm.between(0, 100)
        table.reject(outside, figure, "skm.ikm_range", frame[figure])
    out["ikm"] = ikm
    for element in _ELEMENTS:
        header = columns.get(element)
        if header is None:
            out[f"nrr_{element}"] = np.nan
            continue
        nrr, unread = parse_numbers(frame[header])
        table.reject(unread, header, "skm.nrr_number", frame[header])
        table.reject(nrr.notna() & ~nrr.between(1, 4), header, "skm.nrr_range", frame[header])
        out[f"nrr_{element}"] = nrr
    nrr_known = out[[f"nrr_{e}" for e in _ELEMENTS]].notna().all(axis=1)
    table.reject(
        out["ikm"].isna() & ~nrr_known & ~table.bad,
        figure or "ikm",
        "skm.no_figure",
    )
    if found["n"] is not None:
        n, unread = parse_numbers(frame[found["n"]])
        whole = n.notna() & (n >= 0) & (n == np.floor(n))
        table.reject(n.notna() & ~whole | unread, found["n"], "skm.n_whole")
        out["n"] = n.where(whole).astype("Int64")
    out["source"] = raw.file
    out["source_file"] = raw.where
    out["source_row"] = frame.index
    table.used([*columns.values(), *found.values()])
    table.stats.notes.append(say(ctx, "skm.as_published"))
    return table, out, _unit_names(raw, found["unit"])


def _reconciled_note(rows: pd.DataFrame, ctx: ImportContext) -> str | None:
    """How many published IKMs differ from the exact IKM of their own NRRs, and how many the
    common practice explains."""
    from ..satisfaction import reconcile_published_ikm

    full = rows.dropna(subset=[f"nrr_{e}" for e in _ELEMENTS] + ["ikm"])
    if not len(full):
        return None
    full = full.assign(_row=np.arange(len(full)))
    out = reconcile_published_ikm(full.reset_index(drop=True), by="_row")
    differ = out["explained_by"].ne("1/9/half_up").fillna(True)
    if not differ.any():
        return None
    practice = out["explained_by"].notna() & differ
    gap = float(out["difference"].abs().max())
    return say(ctx, "skm.reconciled", n=int(differ.sum()), gap=gap, practice=int(practice.sum()))


# ------------------------------------------------------------------------------------------
# The importer
# ------------------------------------------------------------------------------------------


def import_skm(raws: list[RawTable], ctx: ImportContext) -> KindResult:
    """SKM survey responses -> ``skm``; published results per unit -> ``ikm_published``.

    Parameters
    ----------
    raws : list of RawTable
        The tables read from the files (every sheet of a workbook: a per-year sheet is one
        year's responses).
    ctx : ImportContext
        ``existing["units"]`` gives the units to match names with; ``mapping`` the
        analyst's answers (``unit_skm``, ``elemen_skm``); ``params["year"]`` the year of
        responses without a date in a file that names no year.

    Returns
    -------
    KindResult
        ``tables``: ``skm`` (``response_id``, ``unit_id``, ``survey_date``, ``year_only``,
        ``service`` when recorded, ``u1`` .. ``u9``, ``respondent_gender``,
        ``respondent_age``, ``respondent_education`` when recorded) and/or
        ``ikm_published`` (``unit_id``, ``year``, ``ikm``, ``nrr_u1`` .. ``nrr_u9``, ``n``,
        ``source``), each with ``source_file`` and ``source_row``. ``rejected``: answers
        outside 1-4 (the row is left out), unreadable dates, rows whose unit is not mapped
        yet, published figures out of range, a second row of a unit and year. ``limits``:
        what the files do not record (``skm.service``, the respondent's gender, age or
        education).

    Raises
    ------
    ImportFailure
        A table with answer columns for only some elements, a 14-element KEP/25/2004
        survey, published results without a unit column, or a contradictory ``elemen_skm``
        answer.

    Notes
    -----
    The answers are mapped by element name because apps differ on the order of U8 and U9
    (real-exports.md A5); per-element results (the weakest element, NRR) would be swapped
    otherwise, while the IKM itself, an equal-weight mean, would not change.

    References
    ----------
    Peraturan Menteri PANRB No. 14 Tahun 2017, Lampiran (nine elements, answers 1-4).
    Keputusan Menteri PAN No. KEP/25/M.PAN/2/2004 (the superseded 14-element survey).
    """
    result = KindResult()
    parts: dict[str, list[tuple[_Table, pd.DataFrame, pd.Series]]] = {
        "skm": [],
        "ikm_published": [],
    }
    for raw in raws:
        if not looks_like(raw):
            raise ImportFailure(
                f"{raw.where} does not look like {WHAT}: it has no answer columns (U1 .. U9 or "
                "the element names) and no unit with an IKM or NRR column."
            )
        if _is_published(raw):
            parts["ikm_published"].append(_published(raw, ctx))
        else:
            parts["skm"].append(_responses(raw, ctx))
    every = [p for kind in parts.values() for p in kind]
    names = pd.concat([p[2] for p in every]) if every else pd.Series(dtype="str")
    unit_of = _unit_ids(names, ctx)
    rejected = []
    for name, pieces in parts.items():
        frames = []
        seen = pd.MultiIndex.from_tuples([], names=["unit_id", "year"])
        for table, rows, unit_names in pieces:
            unit = lookup(unit_names, unit_of)
            table.reject(
                unit.isna() & unit_names.notna() & ~table.bad,
                "unit",
                "skm.unit_unmapped",
                unit_names,
            )
            table.reject(unit_names.isna() & ~table.bad, "unit", "skm.no_unit")
            rows = rows.assign(unit_id=unit)
            if name == "ikm_published":  # the first row of a unit and year wins
                key = pd.MultiIndex.from_frame(rows[["unit_id", "year"]].astype("object"))
                again = (key.duplicated() | key.isin(seen)) & ~table.bad.to_numpy()
                table.reject(pd.Series(again, index=rows.index), "unit", "skm.second_row")
                seen = seen.append(key[~table.bad.to_numpy()])
            rows = rows[~table.bad.to_numpy()]
            table.stats.rows_kept = len(rows)
            frames.append(rows)
            result.files.append(table.stats)
            rejected += table.rejected
        if not frames:
            continue
        rows = pd.concat(frames, ignore_index=True)
        if name == "ikm_published":
            note = _reconciled_note(rows, ctx)
            if note:
                pieces[0][0].stats.notes.append(note)
        result.tables[name] = _ordered(name, rows)
    if rejected:
        result.rejected = pd.concat(rejected, ignore_index=True)
    if "skm" in result.tables:
        skm = result.tables["skm"]
        for column in ("service", "respondent_gender", "respondent_age", "respondent_education"):
            if column not in skm or skm[column].isna().all():
                result.limits.append(f"skm.{column}")
    return result


def _ordered(name: str, rows: pd.DataFrame) -> pd.DataFrame:
    if name == "skm":
        order = [
            "response_id", "unit_id", "survey_date", "year_only", "service", *_ELEMENTS,
            "respondent_gender", "respondent_age", "respondent_education",
        ]  # fmt: skip
    else:
        order = ["unit_id", "year", "ikm", *(f"nrr_{e}" for e in _ELEMENTS), "n", "source"]
    present = [c for c in order if c in rows]
    return rows[[*present, "source_file", "source_row"]].reset_index(drop=True)
