"""Anjab-ABK task tables -> ``workload`` (and the ``positions`` and ``units`` they name).

An ABK line (``shared/reference/real-exports.md`` A6) gives, for one jabatan of one OPD, a
task (``uraian tugas`` or ``tahapan``), its output (``hasil kerja``), the volume per period
(``jumlah hasil`` / ``beban kerja``), the time per output (``waktu penyelesaian``), the period
(``keterangan waktu``: tahun, bulan, minggu, hari) and often the effective working time of that
period (``waktu efektif``: 72,000 minutes a year, 6,000 a month, 1,500 a week in
singgihadis/anjab). What the import does:

- ``volume_period`` from the keterangan waktu (tahun -> year, bulan -> month, minggu -> week,
  hari -> day; PermenPANRB 1/2020); where it is blank, from the waktu efektif (the period whose
  length fits it best). Where both are given and disagree, the keterangan is kept and the
  disagreement counted in the notes.
- ``norm_minutes`` from the waktu penyelesaian, times 60 when it is in hours (to 0.01
  minute: 20 minutes written ``0,3333`` jam come back as 20). The unit varies
  between apps (one multiplies ``jam`` by 60, another divides minutes by 60: real-exports.md
  A6), so it is **asked**: a ``satuan waktu`` column, else a unit in the header
  (``Waktu Penyelesaian (Jam)``), else the parameter ``abk_time_unit`` (``menit`` or ``jam``).
  Without any of them the import stops and says so.
- ``position_id``: the jabatan matched to the positions already in the folder (the ``siasn``
  import) by unit name and title (case, spaces and punctuation aside); else the analyst's
  answer in the ``jabatan_abk`` sheet of the mapping workbook. An answer that is not an
  existing position id adds a position of that id (a jabatan nobody holds yet). Without any
  positions in the folder, the positions are made from the ABK file: the id from unit and
  title, the kind guessed from the title (:func:`position_kind`), the unit matched by name to
  the folder's units, else asked in the ``unit`` sheet.
- The effective working time of the file (yearly lines) is reported, so the workforce
  analyses can be run with the region's own figure (``effective_minutes``).

Rows with a volume or time that is no number, or a period that cannot be read, are rejected
with their reason; rows with no task and no numbers (headings, totals) are skipped; a jabatan
or unit written only on the first line of its block (merged cells) is carried down.

Examples
--------
>>> from asnpolicy.identifiers import Pseudonymiser
>>> from asnpolicy.imports.context import ImportContext
>>> from asnpolicy.imports.rawfiles import RawTable
>>> frame = pd.DataFrame({"Unit Kerja": ["Dinas Kesehatan", None],
...     "Nama Jabatan": ["Pengelola Data", None], "Uraian Tugas": ["Mengolah data", "Rapat"],
...     "Jumlah Hasil": ["240", "2"], "Waktu Penyelesaian": ["1,5", "2"],
...     "Satuan Waktu": ["jam", "jam"], "Keterangan Waktu": ["Tahun", "Bulan"]}, index=[2, 3])
>>> ctx = ImportContext("pauh", Pseudonymiser(b"k" * 32))
>>> out = import_abk([RawTable("abk.xlsx", "ABK", frame)], ctx)
>>> out.tables["workload"][["task", "volume", "volume_period", "norm_minutes"]].values.tolist()
[['Mengolah data', 240.0, 'year', 90.0], ['Rapat', 2.0, 'month', 120.0]]
>>> out.tables["positions"][["position_id", "kind"]].values.tolist()
[['dinas-kesehatan-pengelola-data', 'pelaksana']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from .. import rules
from ..spellings import canonical_values
from .context import (
    FileStats,
    ImportContext,
    KindResult,
    Rejects,
    normal_name,
    reasons_count,
    rejected_rows,
    safe_id,
)
from .rawfiles import ImportFailure, RawTable, header_key, match_columns, parse_numbers
from .texts import say

__all__ = [
    "LAYOUTS",
    "MINUTE_DECIMALS",
    "TIME_UNITS",
    "import_abk",
    "looks_like",
    "position_kind",
    "time_unit",
]

WHAT: Final = "an Anjab-ABK task table"

#: Alias lists per layout (canonical name -> headers). ``norm`` headers that name their unit
#: (``Waktu Penyelesaian (Jam)``) set the unit of the whole column.
LAYOUTS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    # the line of an ABK form: budirs86/anjab-abk resources/views/abk/jabatan/show.blade.php,
    # singgihadis/anjab mysql/anjab.sql table abk (real-exports.md A6)
    "anjab_abk": {
        "unit": (
            "unit_kerja",
            "nama_unit_kerja",
            "opd",
            "nama_opd",
            "perangkat_daerah",
            "skpd",
            "nama_skpd",
            "satuan_kerja",
            "unit_organisasi",
            "nama_unit",
            "unit",
            "unor",
        ),
        "jabatan": ("nama_jabatan", "jabatan", "jabatan_nama", "nama_jabatan_abk"),
        "task": (
            "uraian_tugas",
            "uraian_tugas_jabatan",
            "tugas",
            "tahapan",
            "tahapan_kegiatan",
            "uraian_kegiatan",
            "kegiatan",
            "butir_kegiatan",
        ),
        "output": ("hasil_kerja", "satuan_hasil", "satuan_hasil_kerja", "hasil"),
        "volume": (
            "jumlah_hasil",
            "jumlah_hasil_kerja",
            "beban_kerja",
            "jumlah_beban_kerja",
            "volume",
            "volume_kerja",
            "target",
        ),
        "norm": (
            "waktu_penyelesaian",
            "waktu_penyelesaian_jam",
            "waktu_penyelesaian_menit",
            "waktu_penyelesaian_tugas",
            "norma_waktu",
            "norma_waktu_jam",
            "norma_waktu_menit",
            "wpt",
        ),
        "time_unit": (
            "satuan_waktu",
            "satuan_waktu_penyelesaian",
            "satuan_norma_waktu",
            "satuan",
        ),
        "period": (
            "keterangan_waktu",
            "ket_waktu",
            "keterangan_waktu_penyelesaian",
            "periode",
            "periode_beban_kerja",
        ),
        "effective": (
            "waktu_efektif",
            "waktu_kerja_efektif",
            "jam_kerja_efektif",
            "wke",
        ),
    },
}
_ALIASES: Final = LAYOUTS["anjab_abk"]

#: Units of the waktu penyelesaian and the minutes in one (``abk_time_unit``).
TIME_UNITS: Final[Mapping[str, float]] = {"menit": 1.0, "jam": 60.0}
#: Decimals kept of ``norm_minutes`` read from hours (0.01 minute).
MINUTE_DECIMALS: Final = 2
_UNIT_WORDS: Final[Mapping[str, str]] = {
    "menit": "menit",
    "mnt": "menit",
    "minute": "menit",
    "minutes": "menit",
    "min": "menit",
    "jam": "jam",
    "jm": "jam",
    "hour": "jam",
    "hours": "jam",
}

#: Kinds of position read from a title, first match wins (UU 20/2023 art. 55, PP 11/2017
#: art. 239 and the echelon equivalence of UU 5/2014 art. 131: eselon II = JPT pratama,
#: III = administrator, IV = pengawas). Functional levels come first, so "Analis Kebijakan
#: Ahli Muda" is not read as an administrator.
_KIND_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (r"\bahli\s+pertama\b", "fungsional_ahli_pertama"),
    (r"\bahli\s+muda\b", "fungsional_ahli_muda"),
    (r"\bahli\s+madya\b", "fungsional_ahli_madya"),
    (r"\bahli\s+utama\b", "fungsional_ahli_utama"),
    (r"\b(?:terampil|pemula|mahir|penyelia)\b", "fungsional_terampil"),
    (
        r"\b(?:kepala\s+(?:sub\s*bagian|sub\s*bidang|seksi|subbag|sub\s*unit|uptd|upt)|kasubag|"
        r"kasubbag|kasi|kasubbid|lurah|sekretaris\s+(?:kelurahan|lurah))\b",
        "pengawas",
    ),
    (
        r"^(?:kepala\s+(?:dinas|badan|satuan)|sekretaris\s+(?:daerah|dprd)|asisten|"
        r"staf\s+ahli|inspektur(?:\s+daerah)?$|direktur)",
        "jpt_pratama",
    ),
    (
        r"\b(?:sekretaris|kepala\s+(?:bidang|bagian)|kabid|kabag|camat|inspektur\s+pembantu|"
        r"irban)\b",
        "administrator",
    ),
)


def looks_like(raw: RawTable) -> bool:
    """Whether ``raw`` is an ABK task table: a task column (uraian tugas, tahapan) and a
    volume or time column (jumlah hasil, beban kerja, waktu penyelesaian).

    Examples
    --------
    >>> looks_like(RawTable("a.xlsx", "x", pd.DataFrame(columns=["Uraian Tugas", "Jumlah Hasil"])))
    True
    >>> looks_like(RawTable("a.xlsx", "x", pd.DataFrame(columns=["nip", "Tahun", "Nilai SKP"])))
    False
    """
    keys = {header_key(c) for c in raw.frame.columns}
    wanted = {
        name: {header_key(h) for h in (name, *_ALIASES[name])}
        for name in ("task", "volume", "norm")
    }
    return bool(keys & wanted["task"]) and bool(keys & (wanted["volume"] | wanted["norm"]))


def time_unit(value: Any) -> str | None:
    """``menit`` or ``jam`` for a written unit (``Menit``, ``jam``, ``minutes``), else None.

    Examples
    --------
    >>> time_unit("Jam"), time_unit("mnt"), time_unit("hari")
    ('jam', 'menit', None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return _UNIT_WORDS.get(str(value).strip().lower().rstrip("."))


def position_kind(titles: pd.Series) -> pd.Series:
    """The kind of position a title names (``rules.POSITION_KINDS``), ``pelaksana`` when it
    names none.

    Functional levels (``Ahli Pertama`` ... ``Ahli Utama``; ``Terampil``, ``Mahir``,
    ``Penyelia``, ``Pemula``), heads of sections and sub-sections and lurah (``pengawas``,
    former eselon IV), heads of offices and agencies, sekretaris daerah, asisten and staf ahli
    (``jpt_pratama``, eselon II), secretaries, heads of divisions and camat
    (``administrator``, eselon III). A guess from words: check the positions table.

    Examples
    --------
    >>> position_kind(pd.Series(["Kepala Dinas Kesehatan", "Sekretaris", "Kepala Sub Bagian Umum",
    ...     "Perawat Ahli Pertama", "Pengadministrasi Umum", "Camat"])).tolist()[:4]
    ['jpt_pratama', 'administrator', 'pengawas', 'fungsional_ahli_pertama']
    """
    text = normal_name(titles).fillna("")
    found = pd.Series(pd.NA, index=titles.index, dtype="object")
    for pattern, kind in _KIND_PATTERNS:
        hit = text.str.contains(pattern, regex=True)
        found = found.mask(found.isna() & hit, kind)
    return found.fillna("pelaksana").astype("object")


def _slug(values: pd.Series) -> pd.Series:
    return normal_name(values).str.replace(" ", "-", regex=False)


def _param_unit(ctx: ImportContext) -> str | None:
    value = ctx.params.get("abk_time_unit")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    unit = time_unit(value)
    if unit is None:
        raise ImportFailure(
            "The parameter abk_time_unit must be menit or jam (the unit of the waktu "
            "penyelesaian), e.g. --param abk_time_unit=jam."
        )
    return unit


def _period_from_effective(effective: pd.Series, year_minutes: float) -> pd.Series:
    """The period whose share of a year fits each waktu efektif best (on a log scale)."""
    periods = list(rules.ABK_ANNUALISATION)
    factors = np.log(np.array([rules.ABK_ANNUALISATION[p] for p in periods], dtype=float))
    ratio = np.log(year_minutes / effective.where(effective > 0).to_numpy(dtype=float))
    nearest = np.abs(ratio[:, None] - factors[None, :]).argmin(axis=1)
    return pd.Series(np.array(periods, dtype=object)[nearest], index=effective.index).where(
        effective > 0
    )


def _yearly_figure(effective: pd.Series) -> float:
    """The file's effective minutes a year: the waktu efektif most yearly lines give (the
    largest among equally common ones), else asnpolicy's default."""
    effective = effective[effective > 0]
    if not len(effective):
        return float(rules.EFFECTIVE_MINUTES_PER_YEAR)
    counts = effective.value_counts()
    return float(counts[counts == counts.max()].index.max())


def _read_table(
    raw: RawTable, ctx: ImportContext, param_unit: str | None
) -> tuple[pd.DataFrame, list[pd.DataFrame], FileStats, pd.Series]:
    """One ABK table: the lines kept (with ``unit``, ``jabatan`` still as names), rejects,
    stats, and the waktu efektif of its yearly lines."""
    cols = match_columns(raw, _ALIASES, required=("jabatan", "task", "volume", "norm"), what=WHAT)
    used, ignored = cols.attrs["used"], cols.attrs["ignored"]
    header = dict(zip(cols.columns, used, strict=True))
    if "period" not in cols and "effective" not in cols:
        raise ImportFailure(
            f"{raw.where} does not say the period of each volume: it has neither a keterangan "
            "waktu (tahun, bulan, minggu, hari) nor a waktu efektif column."
        )
    stats = FileStats(
        file=raw.file,
        sheet=raw.sheet,
        rows_read=len(cols),
        columns_used=list(used),
        columns_ignored=list(ignored),
        notes=list(getattr(raw, "notes", [])),
    )
    notes = stats.notes

    # headings and totals: no task and no numbers, or a "Jumlah"/"Total" line with no volume
    task = cols["task"].str.strip()
    numbers = cols[["volume", "norm"]].notna().any(axis=1)
    total = (
        task.str.match(r"(?i)^(jumlah|total)\b").fillna(False).astype(bool) & cols["volume"].isna()
    )
    skip = (task.isna() & ~numbers) | total
    # merged cells: a jabatan or unit written on the first line of its block only
    filled = {}
    for name in ("unit", "jabatan"):
        if name in cols:
            carried = cols[name].ffill()
            filled[name] = int((cols[name].isna() & carried.notna() & ~skip).sum())
            cols[name] = carried
    cols = cols[~skip]
    if skip.any():
        notes.append(say(ctx, "abk.skipped", n=int(skip.sum())))
    if any(filled.values()):
        notes.append(say(ctx, "abk.carried", n=max(filled.values())))
    if "unit" not in cols:
        unit_name = raw.sheet if raw.sheet is not None else raw.file.rsplit(".", 1)[0]
        cols["unit"] = unit_name
        notes.append(say(ctx, "abk.unit_from_sheet" if raw.sheet else "abk.unit_from_file"))
    rejects = Rejects(raw, cols.index)

    rejects.add(cols["task"].isna(), header["task"], say(ctx, "abk.no_task"))
    rejects.add(cols["jabatan"].isna(), header["jabatan"], say(ctx, "abk.no_jabatan"))
    rejects.add(cols["unit"].isna(), header.get("unit", "unit"), say(ctx, "abk.no_unit"))

    volume, _ = parse_numbers(cols["volume"])
    rejects.add(
        ~(volume >= 0),
        header["volume"],
        say(ctx, "abk.volume"),
        cols["volume"],
    )
    norm, _ = parse_numbers(cols["norm"])
    rejects.add(
        ~(norm > 0),
        header["norm"],
        say(ctx, "abk.norm"),
        cols["norm"],
    )

    # the unit of the waktu penyelesaian: the satuan column, else the header, else the param
    named = re.search(r"\b(menit|mnt|minutes?|jam|hours?)\b", str(header["norm"]).lower())
    header_unit = time_unit(named.group(1)) if named else None
    unit = pd.Series(header_unit or param_unit, index=cols.index, dtype="object")
    if "time_unit" in cols:
        distinct = cols["time_unit"].dropna().unique()
        written = cols["time_unit"].map(
            pd.Series([time_unit(v) for v in distinct], index=distinct, dtype="object")
        )
        unreadable = cols["time_unit"].notna() & written.isna()
        rejects.add(
            unreadable,
            header["time_unit"],
            say(ctx, "abk.time_unit"),
            cols["time_unit"],
        )
        unit = written.combine_first(unit)
    if unit.isna().any() and not rejects.bad[unit.isna()].all():
        if "time_unit" not in cols and header_unit is None:
            raise ImportFailure(
                f"{raw.where} does not say whether the waktu penyelesaian is in minutes or hours; "
                "pass --param abk_time_unit=jam or --param abk_time_unit=menit."
            )
        rejects.add(
            unit.isna(),
            header["time_unit"],
            say(ctx, "abk.no_time_unit"),
        )
    # to 0.01 minute: spreadsheets keep hours to a few decimals (20 minutes is 0,3333 jam)
    minutes = (norm * unit.map(TIME_UNITS).astype(float)).round(MINUTE_DECIMALS)
    units_used = sorted(set(unit.dropna()))
    how = (
        say(ctx, "abk.how.column")
        if "time_unit" in cols
        else say(ctx, "abk.how.header", header=header["norm"])
        if header_unit
        else say(ctx, "abk.how.param")
    )
    if units_used:
        joined = say(ctx, "abk.and").join(units_used)
        notes.append(say(ctx, "abk.unit_read", units=joined, how=how))

    # the period: the keterangan waktu, else the waktu efektif
    effective = pd.Series(np.nan, index=cols.index)
    if "effective" in cols:
        effective, _ = parse_numbers(cols["effective"])
    period = pd.Series(pd.NA, index=cols.index, dtype="object")
    if "period" in cols:
        period = canonical_values("workload", "volume_period", cols["period"].str.lower())
        period = period.where(period.isin(list(rules.ABK_ANNUALISATION)))
        rejects.add(
            cols["period"].notna() & period.isna(),
            header["period"],
            say(ctx, "abk.period"),
            cols["period"],
        )
    yearly = effective[(period == "year") & ~rejects.bad & (effective > 0)]
    year_minutes = float(ctx.params.get("effective_minutes") or _yearly_figure(yearly))
    fitted = _period_from_effective(effective, year_minutes)
    from_effective = period.isna() & fitted.notna()
    if "period" in cols:
        rejects.add(
            cols["period"].isna() & fitted.isna(),
            header["period"],
            say(ctx, "abk.no_period"),
        )
    else:
        rejects.add(
            fitted.isna(),
            header["effective"],
            say(ctx, "abk.no_effective"),
            cols["effective"],
        )
    kept = ~rejects.bad
    if (from_effective & kept).any():
        notes.append(say(ctx, "abk.from_effective", n=int((from_effective & kept).sum())))
    disagree = kept & period.notna() & fitted.notna() & (period != fitted)
    if disagree.any():
        notes.append(say(ctx, "abk.period_differs", n=int(disagree.sum())))
    period = period.combine_first(fitted)

    lines = pd.DataFrame(
        {
            "unit_name": cols["unit"],
            "jabatan": cols["jabatan"],
            "task": cols["task"],
            "output": cols["output"] if "output" in cols else pd.NA,
            "volume": volume,
            "volume_period": period,
            "norm_minutes": minutes,
            "source_file": raw.file,
            "source_row": cols.index.to_numpy(),
        },
        index=cols.index,
    )[kept]
    return lines, rejects.parts, stats, yearly


def _match_existing(lines: pd.DataFrame, ctx: ImportContext) -> pd.Series:
    """position_id of each line from the folder's positions (unit name + title), else NA."""
    positions = ctx.existing.get("positions")
    units = ctx.existing.get("units")
    found = pd.Series(pd.NA, index=lines.index, dtype="object")
    if positions is None or not len(positions) or units is None or not len(units):
        return found
    known = positions.merge(
        units[["unit_id", "name"]].rename(columns={"name": "unit_name"}), on="unit_id", how="left"
    )
    key = normal_name(known["unit_name"]) + "\x1f" + normal_name(known["title"])
    unique = pd.Series(known["position_id"].to_numpy(), index=key.to_numpy())
    unique = unique[~unique.index.duplicated(keep=False)]
    wanted = normal_name(lines["unit_name"]) + "\x1f" + normal_name(lines["jabatan"])
    return wanted.map(unique).astype("object")


def _units_for(names: pd.Series, ctx: ImportContext) -> tuple[pd.Series, pd.DataFrame]:
    """unit_id for each distinct unit name (index: the names), and the units to add."""
    distinct = pd.Series(names.dropna().unique())
    if not len(distinct):
        return pd.Series(dtype="object"), pd.DataFrame()
    units = ctx.existing.get("units")
    unit_id = pd.Series(pd.NA, index=distinct.to_numpy(), dtype="object")
    if units is not None and len(units):
        by_name = pd.Series(
            units["unit_id"].to_numpy(), index=normal_name(units["name"]).to_numpy()
        )
        by_name = by_name[~by_name.index.duplicated(keep="first")]
        unit_id[:] = normal_name(distinct).map(by_name).to_numpy()
    new = unit_id.isna().to_numpy()
    if not new.any():
        return unit_id, pd.DataFrame()
    source_id = safe_id(_slug(distinct[new]))
    asked = ctx.mapping.ask(
        "unit",
        pd.DataFrame(
            {
                "source_id": source_id.to_numpy(),
                "source_name": distinct[new].to_numpy(),
                "unit_id": source_id.to_numpy(),
            }
        ),
    )
    unit_id[new] = asked["unit_id"].fillna(pd.Series(source_id.to_numpy())).to_numpy()
    existing_ids = set(units["unit_id"]) if units is not None and "unit_id" in units else set()
    added = pd.DataFrame(
        {
            "unit_id": asked["unit_id"].fillna(pd.Series(source_id.to_numpy())),
            "region_id": ctx.region_id,
            "name": distinct[new].to_numpy(),
            "sector": asked["sector"],
            "front_line": asked["front_line"],
        }
    )
    added = added[~added["unit_id"].isin(existing_ids)].drop_duplicates("unit_id")
    return unit_id, added.reset_index(drop=True)


def import_abk(raws: Sequence[RawTable], ctx: ImportContext) -> KindResult:
    """Anjab-ABK task tables -> ``workload``, and the ``positions`` (and ``units``) the folder
    does not have yet.

    Parameters
    ----------
    raws : list of RawTable
        The ABK tables (:func:`asnpolicy.imports.rawfiles.read_export`).
    ctx : ImportContext
        ``params["abk_time_unit"]`` (``menit`` or ``jam``) where the files do not say the unit
        of the waktu penyelesaian; ``params["effective_minutes"]`` (optional) the yearly
        effective working time, to read periods from the waktu efektif. ``existing``
        ``positions`` and ``units`` (an earlier ``siasn`` import) to match the jabatan to.

    Returns
    -------
    KindResult
        ``tables["workload"]``: ``position_id``, ``task``, ``volume``, ``volume_period``,
        ``norm_minutes`` (and ``source_file``, ``source_row``); ``tables["positions"]`` and
        ``tables["units"]`` with the rows this import adds (none when every jabatan matched).

    Raises
    ------
    ImportFailure
        A file that lacks the ABK columns, or does not say whether the waktu penyelesaian is
        in minutes or hours when ``abk_time_unit`` is not given.

    References
    ----------
    PermenPANRB 1/2020 (analisis beban kerja: volume per period, time norm, effective working
    time); Perka BKN 19/2011 (1,200 hours); ``shared/reference/real-exports.md`` A6.
    """
    param_unit = _param_unit(ctx)
    frames, by_raw, stats, yearly = [], [], [], []
    for n, raw in enumerate(raws):
        lines, parts, stat, effective = _read_table(raw, ctx, param_unit)
        frames.append(lines.assign(_raw=n))
        by_raw.append(parts)
        stats.append(stat)
        yearly.append(effective)
    columns = ["position_id", "task", "volume", "volume_period", "norm_minutes"]
    columns += ["source_file", "source_row"]
    lines = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not len(lines):
        return _result({"workload": pd.DataFrame(columns=columns)}, by_raw, stats, lines)
    lines["_key"] = normal_name(lines["unit_name"]) + "\x1f" + normal_name(lines["jabatan"])

    # which position each line belongs to
    position_id = _match_existing(lines, ctx)
    matched = int(position_id.notna().sum())
    positions = ctx.existing.get("positions")
    have_positions = positions is not None and len(positions) > 0
    existing_ids = set(positions["position_id"]) if have_positions else set()
    pairs = lines[position_id.isna()].drop_duplicates("_key").reset_index(drop=True)
    tables: dict[str, pd.DataFrame] = {}
    if len(pairs):
        answer = pd.Series(pd.NA, index=pairs.index, dtype="object")
        if have_positions:
            asked = ctx.mapping.ask(
                "jabatan_abk",
                pd.DataFrame(
                    {
                        "abk_unit": pairs["unit_name"],
                        "abk_jabatan": pairs["jabatan"],
                        "position_id": answer,
                    }
                ),
            )
            answer = asked["position_id"].astype("object")
        # positions to make: every jabatan when the folder has none; else the answers that
        # name an id the folder does not have (a jabatan nobody holds yet)
        make = answer.isna() if not have_positions else answer.notna() & ~answer.isin(existing_ids)
        if make.any():
            made = pairs[make]
            unit_of, new_units = _units_for(made["unit_name"], ctx)
            made_unit = made["unit_name"].map(unit_of).astype("object")
            made_id = answer[make].combine_first(safe_id(made_unit + "-" + _slug(made["jabatan"])))
            answer[make] = made_id
            tables["positions"] = (
                pd.DataFrame(
                    {
                        "position_id": made_id,
                        "unit_id": made_unit,
                        "title": made["jabatan"],
                        "kind": position_kind(made["jabatan"]),
                        **{
                            level: pd.array([pd.NA] * len(made), dtype="Int64")
                            for level in ("req_teknis", "req_manajerial", "req_sosial_kultural")
                        },
                        "source_file": made["source_file"],
                        "source_row": made["source_row"],
                    }
                )
                .drop_duplicates("position_id")
                .reset_index(drop=True)
            )
            if len(new_units):
                tables["units"] = new_units
        found = pd.Series(answer.to_numpy(), index=pairs["_key"].to_numpy()).dropna()
        position_id = position_id.combine_first(lines["_key"].map(found))

    # lines whose jabatan is still unplaced
    unplaced = position_id.isna()
    for n, part in lines[unplaced].groupby("_raw"):
        by_raw[int(n)].append(
            rejected_rows(
                stats[int(n)].file,
                pd.Index(part["source_row"]),
                "jabatan",
                say(ctx, "abk.unplaced"),
                part["jabatan"],
            )
        )
    lines = lines.assign(position_id=position_id)[~unplaced]

    # one task once per position: a repeated task is told apart by its hasil kerja, and a
    # line repeated outright is rejected
    repeated = lines.duplicated(["position_id", "task"], keep=False) & lines["output"].notna()
    lines.loc[repeated, "task"] = (
        lines.loc[repeated, "task"] + " (" + lines.loc[repeated, "output"].astype("str") + ")"
    )
    again = lines.duplicated(["position_id", "task"], keep="first")
    for n, part in lines[again].groupby("_raw"):
        by_raw[int(n)].append(
            rejected_rows(
                stats[int(n)].file,
                pd.Index(part["source_row"]),
                "uraian tugas",
                say(ctx, "abk.twice"),
                part["task"],
            )
        )
    lines = lines[~again]

    notes = stats[0].notes
    if matched:
        notes.append(say(ctx, "abk.matched", n=matched))
    if "positions" in tables:
        notes.append(say(ctx, "abk.positions_made", n=len(tables["positions"])))
    if "units" in tables:
        notes.append(say(ctx, "abk.units_made", n=len(tables["units"])))
    year_minutes = pd.concat(yearly)
    if len(year_minutes):
        figure = _yearly_figure(year_minutes)
        note = say(ctx, "abk.effective", minutes=figure, hours=figure / 60)
        if abs(figure - rules.EFFECTIVE_MINUTES_PER_YEAR) > 1:
            note += say(
                ctx, "abk.effective_default", default=rules.EFFECTIVE_MINUTES_PER_YEAR,
                whole=f"{figure:.0f}",
            )  # fmt: skip
        notes.append(note)
    tables["workload"] = lines[columns].reset_index(drop=True)
    return _result(tables, by_raw, stats, lines)


def _result(
    tables: dict[str, pd.DataFrame],
    by_raw: list[list[pd.DataFrame]],
    stats: list[FileStats],
    lines: pd.DataFrame,
) -> KindResult:
    """The KindResult with rows kept and rejected (by reason) counted per table."""
    kept = lines["_raw"].value_counts() if len(lines) else pd.Series(dtype=int)
    for n, stat in enumerate(stats):
        stat.rows_kept = int(kept.get(n, 0))
        stat.rejected_by_reason = reasons_count(by_raw[n])
    parts = [p for raw_parts in by_raw for p in raw_parts]
    limits = ["positions.req_teknis", "positions.req_manajerial", "positions.req_sosial_kultural"]
    return KindResult(
        tables=tables,
        rejected=pd.concat(parts, ignore_index=True) if parts else KindResult().rejected,
        files=stats,
        limits=limits,
    )
