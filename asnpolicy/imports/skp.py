"""SKP records (e-Kinerja / SIASN ``rw-skp22``, and the numeric SKP before 2022) -> ``performance``.

Two vintages are read, in the same file or in separate files (``shared/reference/
real-exports.md`` A4):

- **SKP 2022+** (PermenPANRB 6/2022): ``tahun``, ``hasilKinerja``/``hasilKinerjaNilai`` and
  ``perilakuKerja``/``perilakuKerjaNilai`` (1 = Diatas, 2 = Sesuai, 3 = Dibawah Ekspektasi:
  rumahASN ``utils/client-utils.js::refHasilKerja``), ``kuadranKinerja`` (the predikat label)
  and ``kuadranKinerjaNilai``. The label is taken **as recorded**: third-party apps compute
  the quadrant differently from the PermenPANRB 6/2022 matrix (rumahASN's ``getKuadran``
  returns ``max(hasil, perilaku)`` off the diagonal), so a label that disagrees with
  :data:`asnpolicy.rules.SKP_MATRIX` is kept and counted in the file's notes, never rejected.
- **Before 2022** (PP 46/2011, penilaian prestasi kerja): ``nilai_prestasi_kerja`` (or
  ``nilai_integrasi``, ``nilai_skp``) and ``sebutan``/``predikat``. The recorded sebutan wins;
  a row with only a number gets the sebutan of its band (:data:`DEFAULT_SKP_BANDS`, the
  ``skp_bands`` parameter: the breakpoints are unconfirmed, [U] in real-exports.md A4). The
  five sebutan are mapped to the five PermenPANRB 6/2022 labels by their rank
  (:data:`PREDIKAT_PP46`): a documented assumption, not a rule of either regulation.
  ``work_result`` and ``behaviour`` stay empty for these rows.

The NIP (``nip``, ``nip_baru``, ``nipBaru``) becomes the keyed pseudonym ``employee_id``
(``pns_id`` where a row has no NIP), as in the ``siasn`` import, so the two tables join. The
appraiser's columns (``penilai*``, ``namaPenilai``, ``nipNrpPenilai``) are personal data: never
read, listed as ignored. A second record of the same employee and year is rejected (the first
is kept).

Examples
--------
>>> from asnpolicy.identifiers import Pseudonymiser
>>> from asnpolicy.imports.context import ImportContext
>>> from asnpolicy.imports.rawfiles import RawTable
>>> frame = pd.DataFrame({"nip": ["198609262015051001"], "tahun": ["2023"],
...                       "hasilKinerjaNilai": ["1"], "perilakuKerjaNilai": ["3"],
...                       "kuadranKinerja": ["Butuh Perbaikan"]}, index=[2])
>>> ctx = ImportContext("pauh", Pseudonymiser(b"k" * 32), lang="en")
>>> out = import_skp([RawTable("skp.xlsx", "Sheet1", frame)], ctx)
>>> out.tables["performance"][["year", "skp_rating", "work_result", "behaviour"]].values.tolist()
[[2023, 'Butuh Perbaikan', 'above', 'below']]
>>> out.files[0].notes[0][:60]
'1 row has a predikat that differs from the PermenPANRB 6/202'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from .. import rules
from ..identifiers import clean_digits
from ..schema import table_spec
from ..spellings import spelling_key, value_map
from .context import FileStats, ImportContext, KindResult, Rejects, reasons_count, rejected_rows
from .rawfiles import ImportFailure, RawTable, header_key, match_columns, parse_numbers
from .texts import say

__all__ = [
    "DEFAULT_SKP_BANDS",
    "KUADRAN_CODES",
    "LAYOUTS",
    "PREDIKAT_PP46",
    "RESULT_CODES",
    "import_skp",
    "looks_like",
    "skp_bands",
]

WHAT: Final = "an SKP record export (SKP 2022 or the numeric SKP before 2022)"

_ID_ALIASES: Final = {
    "nip": (
        "nip_baru",
        "nipbaru",
        "nip_pns",
        "nip_pegawai",
        "nipPns",
        "pnsDinilaiNip",
        "pnsDinilaiOrang.nipBaru",
        "pnsDinilaiOrang.nip",
        "nip_18",
    ),
    "pns_id": ("pnsDinilaiId", "pnsDinilaiOrang", "pnsId", "id_pns", "pns_orang_id", "orang_id"),
    "year": ("tahun", "tahun_penilaian", "periode_tahun", "tahun_skp"),
    # SIASN kinerja periodik (monthly or quarterly: rumahASN refPeriodik), not a yearly SKP
    "periodic": ("periodikId", "periodik_id", "jenis_periodik", "bulanMulaiPenilaian"),
}

#: Alias lists per export vintage (canonical name -> the headers it goes by, matched without
#: regard to case, spaces, underscores and dots).
LAYOUTS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    # SIASN rw-skp22 / e-Kinerja (rumahASN CompareSKP22.js; real-exports.md A4)
    "skp2022": {
        **_ID_ALIASES,
        "work_code": ("hasilKinerjaNilai", "hasil_kinerja_nilai", "nilai_hasil_kerja"),
        "work_label": ("hasilKinerja", "hasil_kinerja", "rating_hasil_kerja"),
        "behaviour_code": ("perilakuKerjaNilai", "perilaku_kerja_nilai", "nilai_perilaku_kerja"),
        "behaviour_label": ("perilakuKerja", "perilaku_kerja", "rating_perilaku_kerja"),
        "rating_code": ("kuadranKinerjaNilai", "kuadran_kinerja_nilai", "kuadranNilai"),
        "rating_label": (
            "kuadranKinerja",
            "kuadran_kinerja",
            "predikat_kinerja",
            "predikat_kinerja_pegawai",
            "predikat",
        ),
    },
    # PP 46/2011 riwayat SKP (code-index file id 36027167032; real-exports.md A4)
    "pp46": {
        **_ID_ALIASES,
        "score_prestasi": (
            "nilai_prestasi_kerja",
            "nilai_prestasi_kerja_46",
            "nilai_prestasi",
            "nilai_ppk",
        ),
        "score_integrasi": ("nilai_integrasi", "nilai_konversi_46", "nilai_konversi"),
        "score_skp": ("nilai_skp", "nilai_skp_46"),
        "sebutan": ("sebutan", "sebutan_46", "sebutan_prestasi_kerja", "predikat"),
    },
}

_ALIASES: Final = {**LAYOUTS["skp2022"], **LAYOUTS["pp46"]}
#: Headers only an SKP export has (used by :func:`looks_like`).
_SKP_ONLY: Final = frozenset(
    header_key(h)
    for name, headers in _ALIASES.items()
    if name not in _ID_ALIASES
    for h in (name, *headers)
    if h not in ("predikat", "sebutan")
)
_ID_KEYS: Final = frozenset(
    header_key(h) for name in ("nip", "pns_id") for h in (name, *_ID_ALIASES[name])
)

#: Codes of ``hasilKinerjaNilai`` and ``perilakuKerjaNilai`` (rumahASN
#: ``utils/client-utils.js::refHasilKerja``; real-exports.md A4).
RESULT_CODES: Final[Mapping[int, str]] = {1: "above", 2: "as_expected", 3: "below"}
#: Codes of ``kuadranKinerjaNilai``, read where the label is blank: 1, 2 and 5 are the
#: diagonal of rumahASN's ``getKuadran`` (controller/siasn.controller.js), 3 and 4 the
#: PermenPANRB 6/2022 labels in rank order between them (real-exports.md A4: kuadran 3 is
#: Butuh Perbaikan). [S]: one source.
KUADRAN_CODES: Final[Mapping[int, str]] = dict(enumerate(rules.SKP_LABELS, start=1))
#: The five sebutan of PP 46/2011 (best first) and the PermenPANRB 6/2022 label of the same
#: rank, which this import writes. The correspondence by rank is an assumption (no regulation
#: converts one scale into the other).
PREDIKAT_PP46: Final[Mapping[str, str]] = dict(
    zip(("Sangat Baik", "Baik", "Cukup", "Kurang", "Buruk"), rules.SKP_LABELS, strict=True)
)
#: Lower bounds of the nilai prestasi kerja for Sangat Baik, Baik, Cukup and Kurang (below
#: the last: Buruk): 91+, 76-90, 61-75, 51-60, <=50 (PP 46/2011 as commonly applied; the
#: breakpoints are unconfirmed, [U] in real-exports.md A4, and a parameter: ``skp_bands``).
DEFAULT_SKP_BANDS: Final[tuple[float, float, float, float]] = (91.0, 76.0, 61.0, 51.0)
#: Highest nilai read (PP 46/2011 allows a creativity bonus above 100).
_MAX_SCORE: Final = 120.0
_YEAR_RANGE: Final = (
    table_spec("performance").field("year").min,
    table_spec("performance").field("year").max,
)
#: Other spellings of the labels: the PP 46/2011 sebutan and the DP3 "amat baik".
_EXTRA_LABELS: Final = {
    "cukup": "Butuh Perbaikan",
    "buruk": "Sangat Kurang",
    "amatbaik": "Sangat Baik",
    "kurangmisconduct": "Kurang/Misconduct",
}


def looks_like(raw: RawTable) -> bool:
    """Whether ``raw`` is an SKP record export: an identifier column and a column only SKP
    records have (hasil/perilaku/kuadran kinerja, nilai prestasi kerja, nilai SKP ...).

    Examples
    --------
    >>> looks_like(RawTable("a.csv", None, pd.DataFrame(columns=["NIP", "Tahun", "Nilai SKP"])))
    True
    >>> looks_like(RawTable("a.csv", None, pd.DataFrame(columns=["nip_baru", "nama", "tahun"])))
    False
    """
    keys = {header_key(c) for c in raw.frame.columns}
    return bool(keys & _ID_KEYS) and bool(keys & _SKP_ONLY)


def skp_bands(value: Any = None) -> tuple[float, float, float, float]:
    """The lower bounds of the bands Sangat Baik, Baik, Cukup and Kurang (parameter
    ``skp_bands``).

    Parameters
    ----------
    value : None, str, sequence or mapping
        None for :data:`DEFAULT_SKP_BANDS`; four numbers, highest first, as a sequence or as
        text (``"91,76,61,51"``, ``;`` or spaces also separate them); or a mapping from the
        sebutan (``Sangat Baik``, ``Baik``, ``Cukup``, ``Kurang``) to its lower bound.

    Raises
    ------
    ImportFailure
        When the bounds are not four numbers falling from the highest band to the lowest.

    Examples
    --------
    >>> skp_bands("90;75;60;50")
    (90.0, 75.0, 60.0, 50.0)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_SKP_BANDS
    if isinstance(value, Mapping):
        words = {spelling_key(k): v for k, v in value.items()}
        value = [words.get(spelling_key(label)) for label in list(PREDIKAT_PP46)[:4]]
    elif isinstance(value, str):
        value = value.replace(";", ",").replace(" ", ",").split(",")
        value = [v for v in value if v]
    try:
        bounds = tuple(float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        bounds = ()
    if len(bounds) != 4 or not all(a > b for a, b in zip(bounds, bounds[1:], strict=False)):
        raise ImportFailure(
            "The parameter skp_bands must be the four lower bounds of Sangat Baik, Baik, Cukup "
            "and Kurang, highest first, e.g. --param skp_bands=91,76,61,51."
        )
    return bounds  # type: ignore[return-value]


def _label_map() -> dict[str, str]:
    """Spelling key -> PermenPANRB 6/2022 label, for the 2022 labels and the PP 46 sebutan."""
    found = dict(value_map("performance", "skp_rating"))
    found.update(_EXTRA_LABELS)
    return found


def _words(values: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Each text cell translated through ``mapping`` by its spelling key (missing when not
    found); each distinct value is looked up once."""
    text = values.astype("str").where(values.notna())
    distinct = pd.Series(text.dropna().unique())
    if not len(distinct):
        return pd.Series(pd.NA, index=values.index, dtype="object")
    table = pd.Series(distinct.map(spelling_key).map(mapping).to_numpy(), index=distinct)
    return text.map(table.dropna()).astype("object")


def _codes(values: pd.Series, codes: Mapping[int, str]) -> tuple[pd.Series, pd.Series]:
    """Numeric codes translated; second value: cells that hold something but no known code."""
    numbers, _ = parse_numbers(values)
    whole = numbers.where(numbers == np.round(numbers))
    out = whole.map({float(k): v for k, v in codes.items()}).astype("object")
    return out, values.notna() & out.isna()


def _levels(
    cols: pd.DataFrame,
    header: dict,
    code: str,
    label: str,
    rejects: Rejects,
    what: str,
    ctx: ImportContext,
) -> pd.Series:
    """``above``/``as_expected``/``below`` from the code column, else the words column."""
    out = pd.Series(pd.NA, index=cols.index, dtype="object")
    present = pd.Series(False, index=cols.index)
    if code in cols:
        from_code, _ = _codes(cols[code], RESULT_CODES)
        out = from_code
        present |= cols[code].notna()
    if label in cols:
        words = _words(cols[label], value_map("performance", "work_result"))
        out = out.combine_first(words)
        present |= cols[label].notna()
    written = header.get(code) or header.get(label, code)
    shown = pd.Series(pd.NA, index=cols.index, dtype="object")
    for name in (code, label):
        if name in cols:
            shown = shown.combine_first(cols[name])
    rejects.add(
        present & out.isna(),
        written,
        say(ctx, "skp.level_code", what=what),
        shown,
    )
    return out


def _band_labels(score: pd.Series, bands: tuple[float, ...]) -> pd.Series:
    """The PermenPANRB 6/2022 label of the PP 46/2011 band each score falls in."""
    labels = list(PREDIKAT_PP46.values())
    choice = np.select(
        [score >= b for b in bands], labels[:4], default=labels[4]
    )  # highest band first
    return pd.Series(choice, index=score.index, dtype="object").where(score.notna())


def _read_table(
    raw: RawTable, ctx: ImportContext, bands: tuple[float, ...]
) -> tuple[pd.DataFrame, list[pd.DataFrame], FileStats]:
    """One SKP table: the rows kept (``performance`` columns and their source), the rejected
    rows, and its counts and notes."""
    cols = match_columns(raw, _ALIASES, required=("year",), what=WHAT)
    used, ignored = cols.attrs["used"], cols.attrs["ignored"]
    header = dict(zip(cols.columns, used, strict=True))
    if "nip" not in cols and "pns_id" not in cols:
        raise ImportFailure(
            f"{raw.where} does not look like {WHAT}: it has no NIP column (nip, nip_baru) to "
            "say whose record each row is."
        )
    ratings = {
        "work_code", "work_label", "behaviour_code", "behaviour_label", "rating_code",
        "rating_label", "score_prestasi", "score_integrasi", "score_skp", "sebutan",
    }  # fmt: skip
    if not ratings & set(cols.columns):
        raise ImportFailure(
            f"{raw.where} does not look like {WHAT}: it has neither the SKP 2022 columns "
            "(hasilKinerjaNilai, perilakuKerjaNilai, kuadranKinerja) nor a numeric SKP "
            "(nilai_prestasi_kerja, sebutan)."
        )
    stats = FileStats(
        file=raw.file,
        sheet=raw.sheet,
        rows_read=len(cols),
        columns_used=list(used),
        columns_ignored=list(ignored),
        notes=list(getattr(raw, "notes", [])),
    )
    if any(
        spelling_key(h).startswith(("penilai", "namapenilai", "nipnrppenilai")) for h in ignored
    ):
        stats.notes.append(say(ctx, "skp.appraiser"))
    if "periodic" in cols:  # monthly or quarterly records: the table is yearly
        periodic = cols["periodic"].notna()
        if periodic.any():
            stats.notes.append(say(ctx, "skp.periodic", n=int(periodic.sum())))
            cols = cols[~periodic]
    rejects = Rejects(raw, cols.index)

    # who: the keyed pseudonym of the NIP (pns_id where a row has none)
    employee = pd.Series(pd.NA, index=cols.index, dtype="object")
    if "nip" in cols:
        digits = clean_digits(cols["nip"])
        wrong = digits.notna() & ~digits.str.fullmatch(r"\d{18}").fillna(False).astype(bool)
        rejects.add(wrong, header["nip"], say(ctx, "skp.nip_digits"))
        employee = ctx.pseudo.ids(cols["nip"], "p").astype("object")
    if "pns_id" in cols:
        employee = employee.combine_first(ctx.pseudo.ids(cols["pns_id"], "p").astype("object"))
    id_header = header.get("nip") or header["pns_id"]
    rejects.add(employee.isna(), id_header, say(ctx, "skp.no_nip"))

    # when
    year, unreadable = parse_numbers(cols["year"])
    whole = year.notna() & (year == np.round(year)) & year.between(*_YEAR_RANGE)
    rejects.add(cols["year"].isna(), header["year"], say(ctx, "skp.no_year"))
    rejects.add(
        cols["year"].notna() & ~whole,
        header["year"],
        say(ctx, "skp.year_range", low=_YEAR_RANGE[0], high=_YEAR_RANGE[1]),
        cols["year"],
    )

    # hasil kerja and perilaku kerja (SKP 2022)
    work = _levels(cols, header, "work_code", "work_label", rejects, "hasil kerja", ctx)
    behaviour = _levels(
        cols, header, "behaviour_code", "behaviour_label", rejects, "perilaku kerja", ctx
    )

    # the predikat: recorded label, else the kuadran code, else the sebutan or the nilai (PP
    # 46/2011), else the matrix of hasil and perilaku
    labels = _label_map()
    recorded = (
        cols["rating_label"]
        if "rating_label" in cols
        else pd.Series(pd.NA, index=cols.index, dtype="object")
    )
    from_label = _words(recorded, labels)
    from_code = pd.Series(pd.NA, index=cols.index, dtype="object")
    if "rating_code" in cols:
        from_code, _ = _codes(cols["rating_code"], KUADRAN_CODES)
    sebutan = (
        _words(cols["sebutan"], labels)
        if "sebutan" in cols
        else pd.Series(pd.NA, index=cols.index, dtype="object")
    )
    score = pd.Series(np.nan, index=cols.index)
    score_text = pd.Series(pd.NA, index=cols.index, dtype="object")
    score_header = ""
    for name in ("score_prestasi", "score_integrasi", "score_skp"):
        if name in cols:
            numbers, _ = parse_numbers(cols[name])
            take = score.isna() & numbers.notna()
            score = score.where(~take, numbers)
            score_text = score_text.combine_first(cols[name])
            score_header = score_header or header[name]
    in_range = score.between(0, _MAX_SCORE)
    from_score = _band_labels(score.where(in_range), bands)
    both = work.notna() & behaviour.notna()
    matrix = {f"{w}|{b}": label for (w, b), label in rules.SKP_MATRIX.items()}
    expected = (work.astype("str") + "|" + behaviour.astype("str")).map(matrix).where(both)

    rating = from_label.combine_first(from_code).combine_first(sebutan)
    rating = rating.combine_first(from_score).combine_first(expected)
    rejects.add(
        recorded.notna() & from_label.isna() & from_code.isna(),
        header.get("rating_label", ""),
        say(ctx, "skp.unknown_predikat"),
        recorded,
    )
    rejects.add(
        score_text.notna() & rating.isna(),
        score_header,
        say(ctx, "skp.score_range", top=_MAX_SCORE),
        score_text,
    )
    rejects.add(
        rating.isna(),
        header.get("rating_label") or header.get("sebutan") or score_header or id_header,
        say(ctx, "skp.no_predikat"),
    )

    kept = ~rejects.bad
    frame = pd.DataFrame(
        {
            "employee_id": employee,
            "year": year.where(whole).astype("Int64"),
            "skp_rating": rating,
            "work_result": work,
            "behaviour": behaviour,
            "source_file": raw.file,
            "source_row": cols.index.to_numpy(),
        },
        index=cols.index,
    )[kept]

    frame.attrs["year_header"] = header["year"]

    # what the file's rows say about themselves (kept rows only)
    notes = stats.notes
    differs = (kept & rating.notna() & expected.notna() & (rating != expected)).sum()
    if differs:
        notes.append(say(ctx, "skp.matrix_differs", n=int(differs)))
    code_differs = (kept & from_label.notna() & from_code.notna() & (from_label != from_code)).sum()
    if code_differs:
        notes.append(say(ctx, "skp.code_differs", n=int(code_differs)))
    by_band = (
        kept & from_label.isna() & from_code.isna() & sebutan.isna() & from_score.notna()
    ).sum()
    if by_band:
        b0, b1, b2, b3 = bands
        notes.append(say(ctx, "skp.by_band", n=int(by_band), b0=b0, b1=b1, b2=b2, b3=b3))
    band_differs = (kept & sebutan.notna() & from_score.notna() & (sebutan != from_score)).sum()
    if band_differs:
        notes.append(say(ctx, "skp.band_differs", n=int(band_differs)))
    pp46 = (
        kept & from_label.isna() & from_code.isna() & (sebutan.notna() | from_score.notna())
    ).sum()
    if pp46 and not by_band:
        notes.append(say(ctx, "skp.pp46", n=int(pp46)))
    by_matrix = (
        kept & from_label.isna() & from_code.isna() & sebutan.isna() & from_score.isna()
    ).sum()
    if by_matrix:
        notes.append(say(ctx, "skp.by_matrix", n=int(by_matrix)))
    return frame, rejects.parts, stats


def import_skp(raws: Sequence[RawTable], ctx: ImportContext) -> KindResult:
    """SKP records -> the ``performance`` table.

    Parameters
    ----------
    raws : list of RawTable
        The SKP exports' tables (:func:`asnpolicy.imports.rawfiles.read_export`), SKP 2022+
        and PP 46/2011 vintages in any mix.
    ctx : ImportContext
        Pseudonymiser and parameters: ``skp_bands`` (:func:`skp_bands`).

    Returns
    -------
    KindResult
        ``tables["performance"]``: ``employee_id``, ``year``, ``skp_rating``, ``work_result``,
        ``behaviour`` (and ``source_file``, ``source_row``); rejected rows with their reason;
        per table its counts and notes (predikat that differ from the matrix, rows rated by
        the PP 46/2011 bands).

    Notes
    -----
    The employees need not be in the folder yet: the import checks references afterwards and
    quarantines rows of unknown employees.

    References
    ----------
    PermenPANRB 6/2022, Lampiran (rating matrix). PP 46/2011 (nilai prestasi kerja and its
    sebutan). ``shared/reference/real-exports.md`` A4.
    """
    bands = skp_bands(ctx.params.get("skp_bands"))
    frames, rejected, stats, year_header = [], [], [], []
    for n, raw in enumerate(raws):
        frame, parts, stat = _read_table(raw, ctx, bands)
        year_header.append(frame.attrs["year_header"])
        frames.append(frame.assign(_raw=n))
        rejected += parts
        stat.rejected_by_reason = reasons_count(parts)
        stats.append(stat)
    columns = ["employee_id", "year", "skp_rating", "work_result", "behaviour"]
    columns += ["source_file", "source_row"]
    performance = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*columns, "_raw"])
    )
    performance["year"] = performance["year"].astype("Int64")

    # a second record of the same person and year (in any file): the first is kept
    reason = say(ctx, "skp.second_record")
    again = performance.duplicated(["employee_id", "year"], keep="first")
    for n, twice in performance[again].groupby("_raw"):
        stat = stats[int(n)]
        rejected.append(
            rejected_rows(stat.file, pd.Index(twice["source_row"]), year_header[int(n)], reason)
        )
        stat.rejected_by_reason[reason] = len(twice)
    performance = performance[~again].reset_index(drop=True)
    kept = performance["_raw"].value_counts()
    for n, stat in enumerate(stats):
        stat.rows_kept = int(kept.get(n, 0))

    employees = ctx.existing.get("employees")
    if employees is not None and "employee_id" in employees and len(performance):
        unknown = ~performance["employee_id"].isin(employees["employee_id"])
        for n, count in performance.loc[unknown, "_raw"].value_counts().items():
            stats[int(n)].notes.append(say(ctx, "skp.unknown_people", n=int(count)))
    limits = ["performance.peer_score", "performance.citizen_score"]
    if not performance["work_result"].notna().any():
        limits += ["performance.work_result", "performance.behaviour"]
    return KindResult(
        tables={"performance": performance[columns]},
        rejected=pd.concat(rejected, ignore_index=True) if rejected else KindResult().rejected,
        files=stats,
        limits=limits,
    )
