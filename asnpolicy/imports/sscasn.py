"""SSCASN result lists and the formasi annex -> ``formasi`` and ``applicants``.

What a BKPSDM holds from a CASN selection (``shared/reference/real-exports.md`` A3):

- **SKD result lists** (*hasil SKD*): one row per participant with the formasi (jabatan
  ``"KODE - Nama"``, lokasi, jenis formasi ``"1 - UMUM"``), TWK, TIU, TKP, their total and a
  *keterangan* code; the admin downloads them from SSCASN, and the same columns appear in the
  published lists (header aliases as in the "SKD CPNS 2024 Kota Semarang" dashboard, code-index
  file id 67353274905).
- **Integration lists** (*hasil integrasi nilai SKD dan SKB*, the final announcement): SKD and
  SKB (each on 0-100, or SKD raw), the final score and a keterangan code. Only the SKB *total*
  is published; it becomes ``skb_total``. PPPK result lists (teknis, manajerial dan
  sosio-kultural, wawancara) are read the same way.
- **The formasi annex** (*rincian formasi* of the instansi's announcement): jabatan,
  kualifikasi pendidikan, unit penempatan/lokasi, jenis formasi and jumlah (the quota).

Several files are read at once; the rows of one person in the SKD list and in the integration
list are joined by the person's pseudonym.

Keterangan codes
----------------
A code is ``<SKD part>/<final part>``: ``P`` met the SKD passing grade, ``L`` *lulus* (at the
SKD stage: goes on to SKB; at the end: appointed), ``TL`` *tidak lulus*, ``TH`` *tidak hadir*.
Sources: Tribunnews, 1 Nov 2021
(https://newsmaker.tribunnews.com/2021/11/01/cek-pengumuman-hasil-skd-cpns-2021-kabar-gembira-bagi-yang-dapat-kode-p-dan-pl-ini-artinya?page=all)
and Tirto (BKN announcement 12/PANPEL.BKN/CPNS/XI/2021) for the SKD codes; updatecpns.com,
Dec 2021 (http://updatecpns.com/2021/12/pengumumn-hasil-integrasi-nilai-cpns.html) and BKN
announcement 08/PANPEL.BKN/CPNS/XI/2024 for the integration codes.

=========  ============  ===================================================  =====  =====
code       list          meaning                                              admin  hired
=========  ============  ===================================================  =====  =====
P/L        SKD           met the passing grade, within 3x the formasi: SKB     True   (1)
P          SKD           met the passing grade, outside 3x the formasi         True   False
TL         any           did not meet the passing grade                        True   False
TH         any           absent at the SKD: TWK, TIU, TKP left empty           True   False
P/L        integration   appointed (*lulus*)                                   True   True
P/L-1      integration   appointed after a move between *jenis* formasi        True   True
P/L-2      integration   appointed after a move between *lokasi* formasi       True   True
L, L-1/-2  integration   as P/L, P/L-1, P/L-2 (lists that drop the ``P/``)     True   True
P/TL       integration   passed SKD, not appointed after integration           True   False
P/TH       integration   passed SKD, absent at the SKB: ``skb_total`` empty    True   False
TMS        any           *tidak memenuhi syarat* (administration)              False  False
TMS-1      any           *tidak memenuhi syarat* found later (documents)       False  False
APS        any           withdrew (*atas permintaan sendiri*)                  True   False
DIS        any           disqualified                                          True   False
=========  ============  ===================================================  =====  =====

(1) Unknown from an SKD list alone: ``hired`` is left empty (never guessed), so the loader sets
those rows aside until the integration list of the same selection is imported with it.

Quality checks (a failing row goes to ``rejected`` with file, row, column and reason):
TWK and TIU multiples of 5 and within the year's maxima (:data:`asnpolicy.rules.SKD`); TKP a
whole number within its maximum; the SKD total equal to TWK + TIU + TKP where all four are
listed; SKB within 0-100; PPPK scores within :data:`asnpolicy.rules.PPPK` maxima; a known
keterangan code and jenis formasi; a year; an NIK or no. peserta.

Parameters read from ``ctx.params``
-----------------------------------
``year``
    Selection year when the files have no ``tahun`` column (else the year in the file name).
``track``
    ``cpns`` or ``pppk`` when neither the file name nor the columns say (default ``cpns``).
``age_on``
    Date at which the age decoded from the NIK is taken: a date (``2024-08-01``) or a month
    and day (``08-01``) in each selection's year. Default ``07-01`` (1 July of the year, an
    assumption: the official cut-off is the closing date of registration, which no export
    carries).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import rules
from ..identifiers import age_on, decode_nik
from .context import FileStats, ImportContext, KindResult, normal_name, rejected_rows, safe_id
from .rawfiles import ImportFailure, RawTable, header_key, match_columns, parse_numbers
from .texts import say

__all__ = [
    "CODES",
    "JENIS_FORMASI",
    "LAYOUTS",
    "import_sscasn",
    "looks_like",
    "special_group",
]

# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------

#: Headers of the SKD and integration result lists (real-exports.md A3). ``nama`` is never
#: read: names stay out of every output.
RESULT_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan"),
    "nopes": (
        "nopes", "no peserta", "no. peserta", "nomor peserta", "no ujian", "nomor ujian",
        "no registrasi", "nomor registrasi",
    ),
    "jabatan_kode": ("kode jabatan", "kode formasi jabatan"),
    "jabatan": ("jabatan formasi", "formasi jabatan", "nama jabatan", "jabatan"),
    "pendidikan": ("pendidikan", "kualifikasi pendidikan", "kualifikasi", "syarat"),
    "lokasi": (
        "lokasi", "lokasi formasi", "unit kerja", "unit penempatan", "penempatan",
        "unit penempatan/lokasi", "lokasi penempatan",
    ),
    "jenis": ("jenis formasi", "jenis", "jenis kebutuhan"),
    "tahun": ("tahun skd", "tahun", "tahun seleksi", "tahun formasi"),
    "twk": ("twk", "nilai twk"),
    "tiu": ("tiu", "nilai tiu"),
    "tkp": ("tkp", "nilai tkp"),
    "skd_total": ("total", "nilai skd", "total skd", "total nilai skd", "jumlah nilai skd"),
    "skb": ("nilai skb", "skb", "total skb", "nilai skb 100", "skb 100"),
    "final": ("nilai akhir", "nilai integrasi", "nilai akhir integrasi", "total nilai akhir"),
    "pppk_technical": ("kompetensi teknis", "nilai teknis", "teknis", "nilai kompetensi teknis"),
    "pppk_managerial_social": (
        "manajerial dan sosial kultural", "manajerial sosial kultural",
        "kompetensi manajerial dan sosial kultural", "manajerial dan sosio kultural",
        "mansoskul", "nilai manajerial dan sosial kultural",
    ),
    "pppk_interview": ("wawancara", "nilai wawancara"),
    "keterangan": ("keterangan", "ket", "kode keterangan", "status kelulusan"),
    "gender": ("jenis kelamin", "jk", "l/p", "gender"),
}  # fmt: skip

#: Headers of the formasi annex (*rincian formasi*).
ANNEX_ALIASES: dict[str, tuple[str, ...]] = {
    "jabatan_kode": ("kode jabatan", "kode formasi jabatan", "kode"),
    "jabatan": ("jabatan", "nama jabatan", "jabatan formasi", "formasi jabatan"),
    "pendidikan": ("kualifikasi pendidikan", "pendidikan", "kualifikasi"),
    "lokasi": (
        "unit penempatan", "lokasi", "lokasi formasi", "unit kerja", "penempatan",
        "unit penempatan/lokasi", "lokasi penempatan",
    ),
    "jenis": ("jenis formasi", "jenis", "jenis kebutuhan"),
    "jumlah": ("jumlah", "jumlah formasi", "jumlah kebutuhan", "kebutuhan", "alokasi"),
    "tahun": ("tahun", "tahun formasi", "tahun anggaran"),
}  # fmt: skip

#: Alias lists per layout, for the import report and the guide.
LAYOUTS: dict[str, Mapping[str, Sequence[str]]] = {
    "skd": RESULT_ALIASES,
    "integrasi": RESULT_ALIASES,
    "rincian_formasi": ANNEX_ALIASES,
}

_SCORE_COLUMNS = ("twk", "tiu", "tkp", "skd_total")
_FINAL_COLUMNS = ("skb", "final", "pppk_technical", "pppk_managerial_social", "pppk_interview")
_PPPK_COLUMNS = ("pppk_technical", "pppk_managerial_social", "pppk_interview")
_ABK_MARKERS = {"uraiantugas", "waktupenyelesaian", "hasilkerja", "jumlahhasilkerja"}

# --------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------

#: Keterangan codes by list (``skd`` or ``integrasi``): admin_pass, hired (None: unknown),
#: SKD scores kept, SKB kept. See the module docstring for the meanings and sources.
CODES: Mapping[tuple[str, str], tuple[bool, bool | None, bool, bool]] = {
    ("skd", "P/L"): (True, None, True, True),
    ("skd", "P"): (True, False, True, True),
    **{
        (stage, code): value
        for stage in ("skd", "integrasi")
        for code, value in {
            "TL": (True, False, True, True),
            "TH": (True, False, False, False),
            "TMS": (False, False, True, True),
            "TMS-1": (False, False, True, True),
            "APS": (True, False, True, True),
            "DIS": (True, False, True, True),
        }.items()
    },
    ("integrasi", "P"): (True, False, True, True),
    ("integrasi", "P/L"): (True, True, True, True),
    ("integrasi", "P/L-1"): (True, True, True, True),
    ("integrasi", "P/L-2"): (True, True, True, True),
    ("integrasi", "L"): (True, True, True, True),
    ("integrasi", "L-1"): (True, True, True, True),
    ("integrasi", "L-2"): (True, True, True, True),
    ("integrasi", "P/TL"): (True, False, True, True),
    ("integrasi", "P/TH"): (True, False, True, False),
}

#: Spellings of the codes seen in lists, reduced to the codes above (after upper-casing and
#: removing spaces).
_CODE_SPELLINGS = {
    "PL": "P/L", "P/L1": "P/L-1", "P/L2": "P/L-2", "PL-1": "P/L-1", "PL-2": "P/L-2",
    "PL1": "P/L-1", "PL2": "P/L-2", "T/L": "TL", "T/H": "TH", "PTL": "P/TL", "PTH": "P/TH",
    "P/T/L": "P/TL", "TMS1": "TMS-1", "L1": "L-1", "L2": "L-2",
}  # fmt: skip

#: Jenis formasi (after "1 - " is stripped) -> ``special_group`` (the codes of
#: :data:`asnpolicy.rules.SPECIAL_GROUPS`), matched in this order by the words they contain.
#: Names as in KepmenPANRB 1023/2021 and 321/2024 (formasi khusus).
JENIS_FORMASI: tuple[tuple[str, str], ...] = (
    (r"CUM\s*LAUDE|LULUSAN\s+TERBAIK|DENGAN\s+PUJIAN", "cumlaude"),
    (r"DISABILITAS|DIFABEL", "disability"),
    (r"PAPUA", "papua"),
    (r"DIASPORA", "diaspora"),
    (r"KALIMANTAN|\bIKN\b", "kalimantan"),
    (r"DOKTER|INSTRUKTUR\s+PENERBANG", "doctor"),
    (r"RESCUER|PENGAMAT\s+GUNUNG|AWAK\s+KAPAL|\bABK\b", "ship_crew_rescuer_volcano"),
    (r"UMUM", "general"),
)

#: Education as written in SSCASN (``S-1``, ``D-III``, ``SMA/SMK``) -> the schema's codes.
_EDUCATION = {
    "S3": "s3", "S2": "s2", "S1": "s1", "DIV": "d4", "D4": "d4", "DIII": "d3", "D3": "d3",
    "DII": "d2", "D2": "d2", "DI": "d1", "D1": "d1", "SMA": "sma", "SMK": "sma", "SLTA": "sma",
    "MA": "sma", "MAK": "sma", "SMP": "smp", "SLTP": "smp", "SD": "sd",
}  # fmt: skip
_EDUCATION_RE = (
    r"(?<![A-Z0-9])(S\s*-?\s*[123]|D\s*-?\s*(?:IV|III|II|I|[1-4])|SMA|SMK|SLTA|MAK|MA|SMP|SLTP|SD)"
    r"(?![A-Z0-9])"
)

#: Limits of every SSCASN import: no export carries these (real-exports.md A3).
_ALWAYS_LIMITS = (
    "applicants.channel",
    "applicants.registration_mode",
    "applicants.registered_on",
    "applicants.verified_on",
    "applicants.doc_errors",
    "applicants.gpa",
    "applicants.panel",
    "applicants.skb_cat",
    "applicants.skb_interview",
    "applicants.skb_psych",
    "applicants.skb_competency",
    "applicants.skb_practical",
)


# --------------------------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------------------------


def special_group(jenis: pd.Series) -> pd.Series:
    """The ``special_group`` code of each jenis formasi as written (``"1 - UMUM"``).

    Parameters
    ----------
    jenis : Series
        Jenis formasi text; a leading number and dash (``"1 - "``) is dropped.

    Returns
    -------
    Series
        Codes of :data:`asnpolicy.rules.SPECIAL_GROUPS`; missing where blank or not known.

    Examples
    --------
    >>> special_group(pd.Series(["1 - UMUM", "2 - CUMLAUDE", "Putra/Putri Papua",
    ...                          "DISABILITAS", "x", None])).tolist()
    ['general', 'cumlaude', 'papua', 'disability', nan, nan]
    """
    text = _upper(jenis).str.replace(r"^\s*\d+\s*[-.)]\s*", "", regex=True)
    out = pd.Series(np.nan, index=jenis.index, dtype="str")
    for pattern, code in JENIS_FORMASI:
        hit = text.str.contains(pattern, regex=True).fillna(False).astype(bool)
        out = out.mask(out.isna() & hit, code)
    return out


def _upper(values: pd.Series) -> pd.Series:
    text = values.astype("str").where(values.notna())
    return text.str.upper().str.replace(r"\s+", " ", regex=True).str.strip()


def _codes(values: pd.Series) -> pd.Series:
    """Keterangan codes in one spelling (``p / l-1`` -> ``P/L-1``)."""
    text = _upper(values).str.replace(" ", "", regex=False)
    return text.replace(_CODE_SPELLINGS)


def _education(values: pd.Series) -> pd.Series:
    """The first education level named in a pendidikan text (``S-1 Keperawatan`` -> s1)."""
    token = _upper(values).str.extract(_EDUCATION_RE, expand=False)
    token = token.str.replace(r"[\s\-]", "", regex=True)
    return token.map(_EDUCATION).astype("str")


def _split_jabatan(values: pd.Series) -> pd.DataFrame:
    """``"KODE - Nama Jabatan"`` -> code and name; a text without a code is all name."""
    text = values.astype("str").where(values.notna()).str.strip()
    parts = text.str.extract(r"^(?P<code>[A-Za-z0-9./_]*\d[A-Za-z0-9./_]*)\s*-\s*(?P<name>.+)$")
    return pd.DataFrame(
        {
            "code": parts["code"].astype("str"),
            "name": parts["name"].where(parts["code"].notna(), text).astype("str").str.strip(),
        },
        index=values.index,
    )


def _year_in(text: str | None) -> int | None:
    found = re.findall(r"(?<!\d)(20\d{2})(?!\d)", text or "")
    return int(found[-1]) if found else None


def _short_hash(values: pd.Series, length: int) -> pd.Series:
    distinct = pd.unique(values.dropna())
    table = pd.Series(
        [hashlib.sha256(str(v).encode("utf-8")).hexdigest()[:length] for v in distinct],
        index=pd.Index(distinct, dtype="str"),
        dtype="str",
    )
    return values.map(table).astype("str")


def _numbers(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Numeric columns and, per column, the cells that hold something but no number."""
    values, bad = {}, {}
    for column in columns:
        if column in frame and frame[column].notna().any():
            values[column], bad[column] = parse_numbers(frame[column])
        else:
            values[column] = pd.Series(np.nan, index=frame.index)
            bad[column] = pd.Series(False, index=frame.index)
    return pd.DataFrame(values, index=frame.index), pd.DataFrame(bad, index=frame.index)


def _header_keys(raw: RawTable) -> set[str]:
    return {header_key(h) for h in raw.frame.columns}


def _has(keys: set[str], aliases: Mapping[str, Sequence[str]], canonical: str) -> bool:
    return any(header_key(a) in keys for a in (canonical, *aliases[canonical]))


def _layout(raw: RawTable) -> str | None:
    """``skd``, ``integrasi``, ``rincian_formasi`` or None for a table of another kind."""
    keys = _header_keys(raw)
    if keys & _ABK_MARKERS:
        return None

    def has(c: str) -> bool:
        return _has(keys, RESULT_ALIASES, c)

    person = has("nik") or has("nopes")
    scores = [c for c in ("twk", "tiu", "tkp") if has(c)]
    finals = [c for c in _FINAL_COLUMNS if has(c)]
    if person and (has("keterangan") or scores or finals) and (has("jabatan") or has("jenis")):
        if finals:
            return "integrasi"
        return "skd" if scores or has("skd_total") else "integrasi"
    if (
        not person
        and _has(keys, ANNEX_ALIASES, "jabatan")
        and _has(keys, ANNEX_ALIASES, "jumlah")
        and (
            _has(keys, ANNEX_ALIASES, "lokasi")
            or _has(keys, ANNEX_ALIASES, "pendidikan")
            or _has(keys, ANNEX_ALIASES, "jenis")
        )
    ):
        return "rincian_formasi"
    return None


def looks_like(raw: RawTable) -> bool:
    """Whether a table is an SSCASN result list (SKD, integration, PPPK) or a formasi annex.

    Examples
    --------
    >>> frame = pd.DataFrame(columns=["No Peserta", "Nama", "Jabatan", "TWK", "TIU", "TKP",
    ...                               "Total", "Keterangan"])
    >>> looks_like(RawTable("skd.csv", None, frame))
    True
    >>> looks_like(RawTable("abk.csv", None, pd.DataFrame(columns=["Uraian Tugas", "Jumlah"])))
    False
    """
    return _layout(raw) is not None


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _context_year(ctx: ImportContext) -> int | None:
    year = ctx.params.get("year")
    if year is None or str(year).strip() == "":
        return None
    try:
        return int(str(year).strip())
    except ValueError:
        raise ImportFailure(f"The parameter year={year!r} is not a year such as 2024.") from None


def _read(raw: RawTable, layout: str, ctx: ImportContext) -> tuple[pd.DataFrame, FileStats]:
    """One table in canonical columns with its year, track, file and row."""
    aliases = ANNEX_ALIASES if layout == "rincian_formasi" else RESULT_ALIASES
    what = "a formasi annex" if layout == "rincian_formasi" else "an SSCASN result list"
    frame = match_columns(raw, aliases, (), what)
    stats = FileStats(
        file=raw.file,
        sheet=raw.sheet,
        rows_read=len(raw.frame),
        columns_used=list(frame.attrs.get("used", [])),
        columns_ignored=list(frame.attrs.get("ignored", [])),
        notes=[*raw.notes, say(ctx, "sscasn.read_as", name=say(ctx, f"sscasn.layout.{layout}"))],
    )
    headers = dict(zip(frame.columns, frame.attrs.get("used", frame.columns), strict=False))
    frame = frame.copy()
    frame.attrs = {}
    frame["_file"] = raw.where
    frame["_row"] = np.asarray(frame.index, dtype="int64")
    frame["_layout"] = layout
    frame["_stage"] = "integrasi" if layout == "rincian_formasi" else layout
    # Year: the tahun column, else the year parameter, else a year in the file or sheet name.
    fallback = _context_year(ctx)
    source = "sscasn.year_from_param"
    if fallback is None:
        fallback = _year_in(raw.sheet) or _year_in(raw.file)
        source = "sscasn.year_from_name"
    year = pd.Series(np.nan, index=frame.index)
    if "tahun" in frame:
        year = pd.to_numeric(frame["tahun"].str.extract(r"((?:19|20)\d{2})", expand=False))
    if fallback is not None and year.isna().any():
        stats.notes.append(say(ctx, source, year=fallback))
    frame["_year"] = year.fillna(fallback if fallback is not None else np.nan).astype("Int64")
    # Track: PPPK when the file or sheet name or the columns say so.
    named = f"{raw.file} {raw.sheet or ''}".lower()
    pppk = bool(re.search(r"pppk|p3k", named)) or any(c in frame for c in _PPPK_COLUMNS)
    track = "pppk" if pppk else str(ctx.params.get("track", "cpns")).strip().lower()
    if track not in ("cpns", "pppk"):
        raise ImportFailure(f"The parameter track={track!r} must be cpns or pppk.")
    frame["_track"] = track
    frame.attrs["headers"] = headers
    return frame, stats


def _reject(
    frame: pd.DataFrame, mask: pd.Series, column: str, reason: str, *, value: bool = True
) -> pd.DataFrame:
    """Rejected rows of a combined frame (``_file``, ``_row``, original headers)."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return pd.DataFrame()
    wanted = ["_file", "_row", column, "_header_" + column]
    rows = frame.loc[mask, [c for c in wanted if c in frame]]
    header = rows["_header_" + column] if "_header_" + column in rows else column
    values = rows[column].astype("str") if value and column in rows else ""
    out = rejected_rows("", rows["_row"], column, reason, values)
    out["file"] = rows["_file"].to_numpy()
    out["column"] = header if isinstance(header, str) else header.to_numpy()
    return out


def _with_headers(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Add ``_header_<column>``: the header as written in each row's file."""
    headers = frame.attrs.get("headers", {})
    for column in columns:
        frame["_header_" + column] = headers.get(column, column)
    return frame


# --------------------------------------------------------------------------------------------
# Result lists -> one row per person and year
# --------------------------------------------------------------------------------------------


def _results(frames: list[pd.DataFrame], ctx: ImportContext) -> tuple[pd.DataFrame, list]:
    """Checked result rows (one per person, list and year) and rejected rows."""
    rejected: list[pd.DataFrame] = []
    cols = list(RESULT_ALIASES)
    for i, f in enumerate(frames):
        frames[i] = _with_headers(f, cols)
    rows = pd.concat(frames, ignore_index=True)
    rows.attrs = {}
    for column in cols:
        if column not in rows:
            rows[column] = pd.Series(np.nan, index=rows.index, dtype="str")
        rows["_header_" + column] = rows["_header_" + column].fillna(column)

    # Identity: the NIK where present, else no. peserta; a person's no. peserta found beside
    # their NIK in one list links a list that has only the no. peserta.
    by_nik = ctx.pseudo.ids(rows["nik"], "p")
    by_nopes = ctx.pseudo.ids(rows["nopes"], "p")
    both = by_nik.notna() & by_nopes.notna()
    bridge = pd.Series(by_nik[both].to_numpy(), index=by_nopes[both].to_numpy())
    bridge = bridge[~bridge.index.duplicated()]
    linked = by_nopes.map(bridge).astype("str")
    rows["_person"] = by_nik.fillna(linked).fillna(by_nopes)
    no_id = rows["_person"].isna()
    rejected.append(_reject(rows, no_id, "nopes", say(ctx, "sscasn.no_person"), value=False))

    no_year = rows["_year"].isna()
    rejected.append(_reject(rows, no_year & ~no_id, "tahun", say(ctx, "sscasn.no_year")))
    keep = ~no_id & ~no_year

    rows["_code"] = _codes(rows["keterangan"])
    known = pd.MultiIndex.from_arrays([rows["_stage"], rows["_code"]]).isin(list(CODES))
    bad = keep & rows["_code"].notna() & ~known
    rejected.append(_reject(rows, bad, "keterangan", say(ctx, "sscasn.unknown_code")))
    missing = keep & rows["_code"].isna()
    rejected.append(_reject(rows, missing, "keterangan", say(ctx, "sscasn.no_code"), value=False))
    keep &= ~bad & ~missing

    jab = _split_jabatan(rows["jabatan"])
    rows["_code_jab"] = _upper(rows["jabatan_kode"]).fillna(_upper(jab["code"]))
    rows["_name_jab"] = jab["name"]
    no_jab = keep & rows["_code_jab"].isna() & rows["_name_jab"].isna()
    rejected.append(
        _reject(rows, no_jab, "jabatan", say(ctx, "sscasn.no_jabatan_formasi"), value=False)
    )
    keep &= ~no_jab

    rows["_group"] = special_group(rows["jenis"])
    bad_group = keep & rows["jenis"].notna() & rows["_group"].isna()
    rejected.append(_reject(rows, bad_group, "jenis", say(ctx, "sscasn.unknown_jenis")))
    keep &= ~bad_group

    # Scores.
    numeric = ("twk", "tiu", "tkp", "skd_total", "skb", "final", *_PPPK_COLUMNS)
    scores, unreadable = _numbers(rows, numeric)
    for column in numeric:
        hit = keep & unreadable[column]
        rejected.append(_reject(rows, hit, column, say(ctx, "sscasn.not_number")))
        keep &= ~hit
    year = rows["_year"].astype("float").astype("Int64")
    formats = {y: r.format for y, r in rules.SKD.items()}
    widest = max(f.twk_max for f in formats.values()), max(f.tiu_max for f in formats.values())
    maxima = {
        "twk": year.map({y: f.twk_max for y, f in formats.items()}).fillna(widest[0]),
        "tiu": year.map({y: f.tiu_max for y, f in formats.items()}).fillna(widest[1]),
        "tkp": year.map({y: f.tkp_max for y, f in formats.items()}).fillna(
            max(f.tkp_max for f in formats.values())
        ),
    }
    for column in ("twk", "tiu", "tkp"):
        value = scores[column]
        outside = keep & value.notna() & ((value < 0) | (value > maxima[column].astype(float)))
        rejected.append(
            _reject(rows, outside, column, say(ctx, "sscasn.score_range", score=column.upper()))
        )
        keep &= ~outside
        step = 5 if column in ("twk", "tiu") else 1
        off = keep & value.notna() & (np.mod(value, step) != 0)
        reason = say(
            ctx, "sscasn.multiple_of_5" if step == 5 else "sscasn.whole_number",
            score=column.upper(),
        )  # fmt: skip
        rejected.append(_reject(rows, off, column, reason))
        keep &= ~off
    parts = scores[["twk", "tiu", "tkp"]]
    summed = parts.sum(axis=1)
    check_total = (
        keep & (rows["_stage"] == "skd") & parts.notna().all(axis=1) & scores["skd_total"].notna()
    )
    wrong_total = check_total & ((scores["skd_total"] - summed).abs() > 1e-6)
    rejected.append(_reject(rows, wrong_total, "skd_total", say(ctx, "sscasn.total")))
    keep &= ~wrong_total
    skb_out = keep & scores["skb"].notna() & ~scores["skb"].between(0, 100)
    rejected.append(_reject(rows, skb_out, "skb", say(ctx, "sscasn.skb_range")))
    keep &= ~skb_out
    pppk_max = {
        "pppk_technical": (
            {y: r.technical_max for y, r in rules.PPPK.items()},
            max(r.technical_max for r in rules.PPPK.values()),
        ),
        "pppk_managerial_social": (
            {y: r.managerial_social_max for y, r in rules.PPPK.items()},
            max(r.managerial_social_max for r in rules.PPPK.values()),
        ),
        "pppk_interview": (
            {y: r.interview_max for y, r in rules.PPPK.items()},
            max(r.interview_max for r in rules.PPPK.values()),
        ),
    }
    for column, (by_year, widest_max) in pppk_max.items():
        top = year.map(by_year).fillna(widest_max).astype(float)
        value = scores[column]
        outside = keep & value.notna() & ((value < 0) | (value > top))
        rejected.append(_reject(rows, outside, column, say(ctx, "sscasn.pppk_range")))
        keep &= ~outside
    for column in numeric:
        rows["_n_" + column] = scores[column]

    # One row per person, list and year: the first kept row wins.
    dup = keep & rows.duplicated(["_person", "_year", "_stage"], keep=False)
    first = rows[keep].drop_duplicates(["_person", "_year", "_stage"]).index
    dup &= ~rows.index.isin(first)
    rejected.append(_reject(rows, dup, "nopes", say(ctx, "sscasn.twice"), value=False))
    keep &= ~dup
    return rows[keep], rejected


def _people(rows: pd.DataFrame) -> pd.DataFrame:
    """Join each person's SKD-list row and integration-list row (same person, same year)."""
    skd = rows[rows["_stage"] == "skd"].set_index(["_person", "_year"])
    final = rows[rows["_stage"] == "integrasi"].set_index(["_person", "_year"])
    index = skd.index.union(final.index)
    skd, final = skd.reindex(index), final.reindex(index)
    # Formasi, code and track: the integration list's (it shows the formasi appointed to after
    # a move, codes L-1/L-2), else the SKD list's. Scores: the SKD list's, else the other's.
    first_final = [
        "_file", "_row", "_track", "_code_jab", "_name_jab", "lokasi", "jenis", "_group",
        "pendidikan", "gender", "nik", "_n_skb", "_n_pppk_technical",
        "_n_pppk_managerial_social", "_n_pppk_interview",
    ]  # fmt: skip
    first_skd = ["_n_twk", "_n_tiu", "_n_tkp"]
    out = pd.DataFrame(index=index)
    for column in first_final:
        out[column] = final[column].combine_first(skd[column])
    for column in first_skd:
        out[column] = skd[column].combine_first(final[column])
    out["_code"] = final["_code"].combine_first(skd["_code"])
    out["_stage"] = final["_stage"].combine_first(skd["_stage"])
    out["_skd_code"] = skd["_code"]
    out["_skd_file"], out["_skd_row"] = skd["_file"], skd["_row"]
    out["_final_file"], out["_final_row"] = final["_file"], final["_row"]
    out = out.reset_index()
    codes = pd.DataFrame.from_dict(
        CODES, orient="index", columns=["admin_pass", "hired", "skd_kept", "skb_kept"]
    )
    codes.index = pd.MultiIndex.from_tuples(codes.index, names=["_stage", "_code"])
    meaning = codes.reindex(pd.MultiIndex.from_frame(out[["_stage", "_code"]]))
    out["admin_pass"] = meaning["admin_pass"].astype("boolean").to_numpy()
    out["hired"] = meaning["hired"].astype("boolean").to_numpy()
    absent_at_skd = (out["_skd_code"] == "TH").fillna(False).to_numpy()
    skd_absent = absent_at_skd | ~meaning["skd_kept"].astype(bool).to_numpy()
    for column in first_skd:
        out[column] = out[column].mask(skd_absent)
    out["_n_skb"] = out["_n_skb"].mask(~meaning["skb_kept"].astype(bool).to_numpy())
    return out


# --------------------------------------------------------------------------------------------
# Formasi
# --------------------------------------------------------------------------------------------

_KEY = ["_year", "_track", "_jab", "_lok", "_group"]


def _formasi_keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["_jab"] = ("k:" + frame["_code_jab"]).fillna("n:" + normal_name(frame["_name_jab"]))
    frame["_jab_name"] = "n:" + normal_name(frame["_name_jab"])
    frame["_lok"] = normal_name(frame["lokasi"]) if "lokasi" in frame else np.nan
    return frame


def _annex(
    frames: list[pd.DataFrame], ctx: ImportContext
) -> tuple[pd.DataFrame, pd.DataFrame, list, list[str]]:
    """Formasi of the annexes (quota = jumlah), which annex rows make each (``_fidx``),
    rejected rows and notes."""
    rejected, notes = [], []
    cols = list(ANNEX_ALIASES)
    for i, f in enumerate(frames):
        frames[i] = _with_headers(f, cols)
    rows = pd.concat(frames, ignore_index=True)
    rows.attrs = {}
    for column in cols:
        if column not in rows:
            rows[column] = pd.Series(np.nan, index=rows.index, dtype="str")
        rows["_header_" + column] = rows["_header_" + column].fillna(column)
    jab = _split_jabatan(rows["jabatan"])
    rows["_code_jab"] = _upper(rows["jabatan_kode"]).fillna(_upper(jab["code"]))
    rows["_name_jab"] = jab["name"]
    keep = pd.Series(True, index=rows.index)
    no_jab = rows["_code_jab"].isna() & rows["_name_jab"].isna()
    rejected.append(_reject(rows, no_jab, "jabatan", say(ctx, "sscasn.no_jabatan")))
    keep &= ~no_jab
    no_year = keep & rows["_year"].isna()
    rejected.append(_reject(rows, no_year, "tahun", say(ctx, "sscasn.no_year")))
    keep &= ~no_year
    quota, unreadable = parse_numbers(rows["jumlah"])
    bad = keep & (unreadable | quota.isna() | (quota < 1) | (np.mod(quota.fillna(0), 1) != 0))
    rejected.append(_reject(rows, bad, "jumlah", say(ctx, "sscasn.quota")))
    keep &= ~bad
    rows["quota"] = quota
    rows["_group"] = special_group(rows["jenis"])
    bad_group = keep & rows["jenis"].notna() & rows["_group"].isna()
    rejected.append(_reject(rows, bad_group, "jenis", say(ctx, "sscasn.unknown_jenis")))
    keep &= ~bad_group
    if keep.any() and rows.loc[keep, "jenis"].isna().all():
        notes.append(say(ctx, "sscasn.annex_no_jenis"))
    rows["_group"] = rows["_group"].fillna("general")
    rows = _formasi_keys(rows[keep])
    rows["_quota_rows"] = 1
    grouped = rows.groupby(_KEY, dropna=False, sort=False)
    members = rows[["_file", "_row"]].assign(_fidx=grouped.ngroup())
    formasi = grouped.agg(
        quota=("quota", "sum"),
        _code_jab=("_code_jab", "first"),
        _name_jab=("_name_jab", "first"),
        lokasi=("lokasi", "first"),
        _file=("_file", "first"),
        _row=("_row", "first"),
        _rows=("_quota_rows", "sum"),
        _jab_name=("_jab_name", "first"),
    ).reset_index()
    summed = int((formasi["_rows"] > 1).sum())
    if summed:
        notes.append(say(ctx, "sscasn.annex_summed", n=summed))
    return formasi, members, rejected, notes


def _match(people: pd.DataFrame, formasi: pd.DataFrame) -> pd.Series:
    """Index in ``formasi`` of each person's formasi (-1 when none fits).

    Tried from the most to the least specific key: jabatan code (else name), lokasi and jenis;
    a less specific key is used only where it picks out one formasi.
    """
    found = pd.Series(-1, index=people.index, dtype="int64")
    base = ["_year", "_track"]
    ordered = []
    for jab in ("_jab", "_jab_name"):
        for extra in (["_lok", "_group"], ["_lok"], ["_group"], []):
            ordered.append([*base, jab, *extra])
    table = formasi.reset_index(drop=True).assign(_at=lambda f: np.arange(len(f)))
    for key in ordered:
        todo = found.eq(-1) & people[key].notna().all(axis=1)
        if not todo.any():
            continue
        unique = table.dropna(subset=key).drop_duplicates(key, keep=False)[[*key, "_at"]]
        left = people.loc[todo, key].astype("str").reset_index()
        hit = left.merge(unique.astype({k: "str" for k in key}), on=key, how="inner")
        found.loc[hit.iloc[:, 0].to_numpy()] = hit["_at"].to_numpy()
    return found


def _inferred_formasi(
    people: pd.DataFrame, ctx: ImportContext
) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Formasi from the result lists when no annex is given: quota = hires, at least a third
    of those who went on to SKB (PermenPANRB 27/2021: up to 3x the formasi sit the SKB)."""
    went = (people["_skd_code"] == "P/L").fillna(False) | people["_code"].str.startswith(
        "P/"
    ).fillna(False)
    work = people.assign(
        _hired=people["hired"].fillna(False).astype(int),
        _went=went.astype(int),
    )
    grouped = work.groupby(_KEY, dropna=False, sort=False)
    at = grouped.ngroup()
    formasi = grouped.agg(
        _hires=("_hired", "sum"),
        _went=("_went", "sum"),
        _code_jab=("_code_jab", "first"),
        _name_jab=("_name_jab", "first"),
        lokasi=("lokasi", "first"),
        _jab_name=("_jab_name", "first"),
        _file=("_file", "first"),
        _row=("_row", "first"),
    ).reset_index()
    third = np.ceil(formasi["_went"] / rules.SKB_ADVANCE_MULTIPLIER)
    formasi["quota"] = np.maximum(np.maximum(formasi["_hires"], third), 1).astype("int64")
    notes = [say(ctx, "sscasn.inferred")]
    return formasi, at, notes


def _formasi_ids(formasi: pd.DataFrame) -> pd.Series:
    """``f<year>-<jabatan code>-<hash>`` (``f<year>-<hash>`` without a code): stable across
    imports of the same files; the hash covers track, jabatan, lokasi and jenis."""
    key = (
        formasi["_track"].astype("str")
        + "|"
        + formasi["_jab"].astype("str")
        + "|"
        + formasi["_lok"].astype("str").fillna("")
        + "|"
        + formasi["_group"].astype("str").fillna("")
    )
    year = formasi["_year"].astype("Int64").astype("str")
    code = safe_id(formasi["_code_jab"]).str.slice(0, 40)
    with_code = "f" + year + "-" + code + "-" + _short_hash(key, 6)
    without = "f" + year + "-" + _short_hash(key, 10)
    return with_code.fillna(without)


def _positions(formasi: pd.DataFrame, ctx: ImportContext) -> pd.Series:
    """``position_id`` of each formasi: the analyst's answer (sheet ``jabatan_formasi``),
    pre-filled by an exact (normalised) title match in the folder's positions: the position of
    that title in the unit named like the lokasi, else the only position of that title."""
    question = pd.DataFrame(
        {
            "year": formasi["_year"].astype("Int64").astype("str"),
            "jabatan_kode": formasi["_code_jab"],
            "jabatan_nama": formasi["_name_jab"],
            "lokasi": formasi["lokasi"],
        },
        index=formasi.index,
    )
    prefill = pd.Series(np.nan, index=formasi.index, dtype="str")
    positions = ctx.existing.get("positions")
    if positions is not None and len(positions) and {"position_id", "title"} <= set(positions):
        pos = positions[["position_id", "title", *(["unit_id"] if "unit_id" in positions else [])]]
        pos = pos.assign(_title=normal_name(pos["title"]))
        title = normal_name(question["jabatan_nama"])
        units = ctx.existing.get("units")
        if units is not None and "unit_id" in pos and {"unit_id", "name"} <= set(units):
            pos = pos.merge(
                units[["unit_id", "name"]].assign(_unit=normal_name(units["name"]))[
                    ["unit_id", "_unit"]
                ],
                on="unit_id",
                how="left",
            )
            both = pos.dropna(subset=["_title", "_unit"]).drop_duplicates(
                ["_title", "_unit"], keep=False
            )
            left = pd.DataFrame(
                {"_title": title, "_unit": normal_name(question["lokasi"])}, index=formasi.index
            ).reset_index()
            hit = left.merge(both[["_title", "_unit", "position_id"]], on=["_title", "_unit"])
            prefill.loc[hit.iloc[:, 0].to_numpy()] = hit["position_id"].to_numpy()
        only = pos.dropna(subset=["_title"]).drop_duplicates("_title", keep=False)
        by_title = title.map(only.set_index("_title")["position_id"])
        prefill = prefill.fillna(by_title)
    question["position_id"] = prefill
    distinct = question.drop_duplicates(["year", "jabatan_kode", "jabatan_nama", "lokasi"])
    answered = ctx.mapping.ask("jabatan_formasi", distinct.reset_index(drop=True))
    keys = ["year", "jabatan_kode", "jabatan_nama", "lokasi"]
    answered = answered[[*keys, "position_id"]].astype({k: "str" for k in keys})
    merged = (
        question[keys]
        .astype("str")
        .reset_index()
        .merge(answered.drop_duplicates(keys), on=keys, how="left")
    )
    out = pd.Series(merged["position_id"].to_numpy(), index=merged.iloc[:, 0].to_numpy())
    out = out.reindex(formasi.index)
    return out.astype("str").where(out.notna())


# --------------------------------------------------------------------------------------------
# Applicants' person columns
# --------------------------------------------------------------------------------------------


def _on_dates(year: pd.Series, ctx: ImportContext) -> pd.Series:
    """The date each applicant's age is taken at (the ``age_on`` parameter)."""
    given = str(ctx.params.get("age_on", "07-01")).strip()
    if re.fullmatch(r"\d{1,2}-\d{1,2}", given):
        month, day = (int(p) for p in given.split("-"))
        text = year.astype("Int64").astype("str") + f"-{month:02d}-{day:02d}"
        on = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    else:
        try:
            on = pd.Series(pd.Timestamp(given), index=year.index)
        except ValueError:
            on = pd.Series(pd.NaT, index=year.index)
    if on.isna().any() and year.notna().any():
        raise ImportFailure(
            f"The parameter age_on={given!r} is not a date (2024-08-01) or a month and day (08-01)."
        )
    return on


def _from_nik(people: pd.DataFrame, ctx: ImportContext) -> tuple[pd.DataFrame, list[str]]:
    """Gender, age and origin decoded from the NIK (real-exports.md A1), where present."""
    notes = []
    out = pd.DataFrame(index=people.index)
    out["gender"] = pd.Series(np.nan, index=people.index, dtype="str")
    out["age"] = pd.Series(pd.NA, index=people.index, dtype="Int64")
    out["origin"] = pd.Series(np.nan, index=people.index, dtype="str")
    has_nik = people["nik"].notna()
    if not has_nik.any():
        return out, notes
    decoded = []
    for year in pd.unique(people.loc[has_nik, "_year"].dropna()):  # one call per year
        part = people[has_nik & (people["_year"] == year)]
        decoded.append(decode_nik(part["nik"], int(year)))
    nik = pd.concat(decoded).reindex(people.index)
    problems = int((nik["problem"].notna() & has_nik).sum())
    if problems > 0:
        notes.append(say(ctx, "sscasn.nik_problems", n=problems))
    out["gender"] = nik["gender"].astype("str")
    age = age_on(nik["birth_date"], _on_dates(people["_year"], ctx))
    odd = age.notna() & ~age.between(17, 60)
    if odd.any():
        notes.append(say(ctx, "sscasn.odd_age", n=int(odd.sum())))
    out["age"] = age.mask(odd).astype("Int64")
    if ctx.kode_wilayah:
        local = nik["area"] == str(ctx.kode_wilayah)[:5]
        out["origin"] = pd.Series(
            np.where(local.fillna(False), "local", "non_local"), index=people.index
        ).where(nik["area"].notna())
    return out, notes


def _flags(values: pd.Series) -> pd.Series:
    """True/False as ``bool``; with unknowns, as objects (True, False, None), which the
    loader reads as true/false/empty (its ``bool`` path does not take a nullable column)."""
    flags = values.astype("boolean")
    if flags.notna().all():
        return flags.astype("bool")
    return flags.astype("object").where(flags.notna(), None)


_GENDER_WORDS = {
    "L": "male", "LAKI-LAKI": "male", "LAKI LAKI": "male", "PRIA": "male", "M": "male",
    "P": "female", "PEREMPUAN": "female", "WANITA": "female", "F": "female",
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# The importer
# --------------------------------------------------------------------------------------------


def import_sscasn(raws: list[RawTable], ctx: ImportContext) -> KindResult:
    """SSCASN result lists (SKD, integration, PPPK) and formasi annexes -> ``formasi`` and
    ``applicants``.

    Parameters
    ----------
    raws : list of RawTable
        Every sheet or CSV given; tables of another kind are skipped with a note.
    ctx : ImportContext
        Region, pseudonymiser, mapping workbook (sheet ``jabatan_formasi``), the folder's
        ``positions`` and ``units`` for the pre-fill, and the parameters ``year``, ``track``
        and ``age_on`` (module docstring).

    Returns
    -------
    KindResult
        ``formasi`` (formasi_id, region_id, year, track, position_id, quota) and
        ``applicants`` (applicant_id, formasi_id, admin_pass, hired, special_group, twk, tiu,
        tkp, skb_total, PPPK scores, gender, age, origin, education where the files carry
        them), each with ``source_file`` and ``source_row``; rejected rows; per-file counts.

    Notes
    -----
    ``applicant_id`` is the keyed pseudonym (prefix ``p``) of the NIK where a list has it, else
    of the no. peserta, so an applicant links to the employee the link file makes of the same
    NIK. A person who applied in several years keeps the bare pseudonym on one application (the
    one appointed, else the latest) and ``<pseudonym>-<year>`` on the others.

    Raises
    ------
    ImportFailure
        When no table is an SSCASN result list or formasi annex.
    """
    result = KindResult(limits=list(_ALWAYS_LIMITS))
    results, annexes, stats_by_where = [], [], {}
    annex_files: set[str] = set()
    for raw in raws:
        layout = _layout(raw)
        if layout is None:
            result.files.append(
                FileStats(
                    file=raw.file,
                    sheet=raw.sheet,
                    rows_read=len(raw.frame),
                    notes=[say(ctx, "sscasn.skipped")],
                )
            )
            continue
        frame, stats = _read(raw, layout, ctx)
        stats_by_where[raw.where] = stats
        if layout == "rincian_formasi":
            annex_files.add(raw.where)
        result.files.append(stats)
        (annexes if layout == "rincian_formasi" else results).append(frame)
    if not results:
        if annexes:
            raise ImportFailure(
                "Only a formasi annex was given; add the SKD or integration result lists of "
                "the same selection."
            )
        raise ImportFailure(
            "No table is an SSCASN result list (no. peserta or NIK, jabatan, TWK/TIU/TKP or "
            "SKB, keterangan) or a formasi annex (jabatan, lokasi, jumlah)."
        )

    general_notes: list[str] = []
    rows, rejected = _results(results, ctx)
    has_nik = bool(rows["nik"].notna().any())
    people = _people(rows)
    no_jenis = people["_group"].isna()
    people = _formasi_keys(people)

    annex_notes: list[str] = []
    if annexes:
        formasi, members, annex_rejected, annex_notes = _annex(annexes, ctx)
        rejected += annex_rejected
        at = _match(people, formasi)
        unmatched = at.eq(-1)
        gone = people[unmatched]
        rejected.append(
            _reject(
                gone.assign(jabatan=gone["_name_jab"], _header_jabatan="jabatan"),
                pd.Series(True, index=gone.index),
                "jabatan",
                say(ctx, "sscasn.not_in_annex"),
            )
        )
        people = people[~unmatched].copy()
        at = at[~unmatched]
        matched = formasi.iloc[at.to_numpy()]
        people["_group"] = people["_group"].fillna(
            pd.Series(matched["_group"].to_numpy(), index=people.index)
        )
        people["_fidx"] = at.to_numpy()
    else:
        if no_jenis.any():
            general_notes.append(say(ctx, "sscasn.no_jenis", n=int(no_jenis.sum())))
        people["_group"] = people["_group"].fillna("general")
        formasi, at, annex_notes = _inferred_formasi(people, ctx)
        members = pd.DataFrame(columns=["_file", "_row", "_fidx"])
        people["_fidx"] = at.to_numpy()
        result.limits.append("formasi.quota")

    formasi = formasi.reset_index(drop=True)
    formasi["formasi_id"] = _formasi_ids(formasi)
    formasi["position_id"] = _positions(formasi, ctx)
    unmapped = formasi["position_id"].isna()
    people["formasi_id"] = formasi["formasi_id"].to_numpy()[people["_fidx"].to_numpy()]
    lost = people["_fidx"].isin(np.flatnonzero(unmapped.to_numpy()))
    gone = people[lost]
    rejected.append(
        _reject(
            gone.assign(jabatan=gone["_name_jab"], _header_jabatan="jabatan"),
            pd.Series(True, index=gone.index),
            "jabatan",
            say(ctx, "sscasn.unmapped"),
        )
    )
    people = people[~lost].copy()
    if unmapped.any():
        general_notes.append(say(ctx, "sscasn.unmapped_note", n=int(unmapped.sum())))
    formasi = formasi[~unmapped]

    # Person columns.
    nik_part, nik_notes = _from_nik(people, ctx)
    general_notes += nik_notes
    listed = _upper(people["gender"]).map(_GENDER_WORDS).astype("str")
    gender = nik_part["gender"].fillna(listed)
    education = _education(people["pendidikan"])

    # Applicant ids: one application per person keeps the bare pseudonym.
    order = people.assign(
        _h=people["hired"].fillna(False).astype(int), _y=people["_year"].astype("int64")
    ).sort_values(["_person", "_h", "_y"], ascending=[True, False, False])
    repeat = order.duplicated("_person")
    suffix = pd.Series("", index=people.index)
    suffix.loc[order.index[repeat.to_numpy()]] = "-" + order.loc[repeat, "_y"].astype("str")
    applicant_id = people["_person"] + suffix

    applicants = pd.DataFrame(
        {
            "applicant_id": applicant_id.astype("str"),
            "formasi_id": people["formasi_id"].astype("str"),
            "verified_on": pd.Series(pd.NaT, index=people.index, dtype="datetime64[ns]"),
            "admin_pass": _flags(people["admin_pass"]),
            "gender": gender,
            "age": nik_part["age"],
            "education": education,
            "origin": nik_part["origin"],
            "special_group": people["_group"].astype("str"),
            "twk": people["_n_twk"].round().astype("Int64"),
            "tiu": people["_n_tiu"].round().astype("Int64"),
            "tkp": people["_n_tkp"].round().astype("Int64"),
            "skb_total": people["_n_skb"].astype("Float64"),
            "pppk_technical": people["_n_pppk_technical"].astype("Float64"),
            "pppk_managerial_social": people["_n_pppk_managerial_social"].astype("Float64"),
            "pppk_interview": people["_n_pppk_interview"].astype("Float64"),
            "panel": pd.Series(np.nan, index=people.index, dtype="str"),
            "hired": _flags(people["hired"]),
            "source_file": people["_file"].astype("str"),
            "source_row": people["_row"].astype("Int64"),
        }
    )
    for column, limit in (
        ("skb_total", "applicants.skb_total"),
        ("pppk_technical", None),
        ("pppk_managerial_social", None),
        ("pppk_interview", None),
        ("education", "applicants.education"),
        ("origin", "applicants.origin"),
        ("age", "applicants.age"),
        ("gender", "applicants.gender"),
    ):
        if applicants[column].isna().all():
            applicants = applicants.drop(columns=column)
            if limit:
                result.limits.append(limit)
    unknown_hired = int(applicants["hired"].isna().sum())
    if unknown_hired:
        result.limits.append("applicants.hired")
        general_notes.append(say(ctx, "sscasn.hired_unknown", n=unknown_hired))
    if not has_nik:
        general_notes.append(say(ctx, "sscasn.no_nik_column"))
    elif not ctx.kode_wilayah:
        general_notes.append(say(ctx, "sscasn.no_kode_wilayah"))

    formasi_out = pd.DataFrame(
        {
            "formasi_id": formasi["formasi_id"].astype("str"),
            "region_id": ctx.region_id,
            "year": formasi["_year"].astype("Int64"),
            "track": formasi["_track"].astype("str"),
            "position_id": formasi["position_id"].astype("str"),
            "quota": formasi["quota"].astype("int64"),
            "source_file": formasi["_file"].astype("str"),
            "source_row": formasi["_row"].astype("Int64"),
        }
    ).reset_index(drop=True)
    result.tables = {"formasi": formasi_out, "applicants": applicants.reset_index(drop=True)}

    # Rejected rows and per-file counts.
    parts = [r for r in rejected if len(r)]
    if parts:
        result.rejected = pd.concat(parts, ignore_index=True)[list(result.rejected.columns)]
        result.rejected["row"] = result.rejected["row"].astype("Int64")
    kept = pd.concat(
        [
            people[["_skd_file", "_skd_row"]].set_axis(["f", "r"], axis=1),
            people[["_final_file", "_final_row"]].set_axis(["f", "r"], axis=1),
            members.loc[
                ~members["_fidx"].isin(np.flatnonzero(unmapped.to_numpy())), ["_file", "_row"]
            ].set_axis(["f", "r"], axis=1),
        ],
        ignore_index=True,
    ).dropna()
    kept_by_file = kept.drop_duplicates().groupby("f").size()
    reasons = result.rejected.groupby(["file", "reason"]).size()
    for where, stats in stats_by_where.items():
        stats.rows_kept = int(kept_by_file.get(where, 0))
        if where in reasons.index.get_level_values(0):
            stats.rejected_by_reason = {k: int(v) for k, v in reasons.loc[where].items()}
        annex_file = where in annex_files
        stats.notes += annex_notes if (annex_file or not annexes) else []
        stats.notes += [] if annex_file else general_notes
    result.limits = list(dict.fromkeys(result.limits))
    return result
