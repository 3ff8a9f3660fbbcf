"""What every importer receives (:class:`ImportContext`) and returns (:class:`KindResult`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..identifiers import Pseudonymiser
from .mapping import MappingBook

__all__ = [
    "REJECTED_COLUMNS",
    "Rejects",
    "FileStats",
    "ImportContext",
    "KindResult",
    "normal_name",
    "reasons_count",
    "rejected_rows",
    "safe_id",
]

#: Columns of ``rejected.csv``: where the row is, what is wrong, and the value (blank for an
#: identifier, which is never written).
REJECTED_COLUMNS = ("file", "row", "column", "reason", "value")


@dataclass
class ImportContext:
    """What an importer needs besides its files.

    Attributes
    ----------
    region_id : str
        The region the files belong to (one region per import).
    kode_wilayah : str or None
        The region's Kemendagri code (``15.02``); a NIK registered there marks a local person.
    pseudo : Pseudonymiser
        Keyed pseudonyms for every identifier of a person.
    mapping : MappingBook
        The analyst's answers (``--map``) and the questions still open.
    existing : dict
        Tables already in the output folder (e.g. ``units`` and ``positions`` from an earlier
        ``siasn`` import), as text frames.
    params : dict
        Import parameters (``abk_time_unit``, ``effective_minutes``, ``skp_bands``, ``age_on``,
        ``year``), from ``--param NAME=VALUE``.
    lang : {"id", "en"}
        Language of the notes and rejection reasons the importer writes
        (:mod:`asnpolicy.imports.texts`); the import report's language.
    """

    region_id: str
    pseudo: Pseudonymiser
    mapping: MappingBook = field(default_factory=MappingBook)
    kode_wilayah: str | None = None
    existing: dict[str, pd.DataFrame] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    lang: str = "id"


@dataclass
class FileStats:
    """What one file (or sheet) gave."""

    file: str
    sheet: str | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    inactive: int = 0
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class KindResult:
    """What an importer made.

    Attributes
    ----------
    tables : dict
        asnpolicy table name -> frame with the schema's column names (columns with no source
        left out).
    rejected : DataFrame
        :data:`REJECTED_COLUMNS`.
    files : list of FileStats
    limits : list of str
        ``table.column`` (or a table) the exports cannot fill, for the import report.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejected: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(REJECTED_COLUMNS))
    )
    files: list[FileStats] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)


def rejected_rows(
    file: str, rows: pd.Index | pd.Series, column: str, reason: str, values: Any = ""
) -> pd.DataFrame:
    """Rejected rows in the :data:`REJECTED_COLUMNS` layout.

    Examples
    --------
    >>> r = rejected_rows("a.csv", pd.Index([4, 9]), "twk", "must be a multiple of 5", ["33", "41"])
    >>> r[["row", "value"]].values.tolist()
    [[4, '33'], [9, '41']]
    """
    rows = pd.Index(rows)
    return pd.DataFrame(
        {
            "file": file,
            "row": rows.to_numpy(),
            "column": column,
            "reason": reason,
            "value": values if not isinstance(values, pd.Series) else values.to_numpy(),
        },
        index=pd.RangeIndex(len(rows)),
        columns=list(REJECTED_COLUMNS),
    )


class Rejects:
    """Rejected rows of one table read from ``raw``: the first reason found for a row wins.

    ``add(mask, column, reason, values)`` sets aside the rows of ``mask`` not set aside yet;
    ``bad`` marks them and ``parts`` holds them as :func:`rejected_rows` frames.
    """

    def __init__(self, raw: Any, index: pd.Index) -> None:
        self.raw = raw
        self.bad = pd.Series(False, index=index)
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str, reason: str, values: Any = "") -> None:
        new = mask.reindex(self.bad.index, fill_value=False).fillna(False).astype(bool)
        new &= ~self.bad
        if not new.any():
            return
        shown = values[new] if isinstance(values, pd.Series) else values
        self.parts.append(rejected_rows(self.raw.file, self.bad.index[new], column, reason, shown))
        self.bad |= new


def reasons_count(parts: list[pd.DataFrame]) -> dict[str, int]:
    """Rejected rows (frames of :data:`REJECTED_COLUMNS`) counted by reason, for
    :attr:`FileStats.rejected_by_reason`."""
    if not parts:
        return {}
    counts = pd.concat(parts)["reason"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def safe_id(values: pd.Series, prefix: str = "") -> pd.Series:
    """Ids that fit the schema's id pattern (``^[A-Za-z0-9][A-Za-z0-9_.\\-/]*$``): other
    characters become ``_``; an id that would still not fit gets a short hash.

    Examples
    --------
    >>> safe_id(pd.Series(["A1 B", "8ae48-2c", "é"]), "u").tolist()
    ['uA1_B', 'u8ae48-2c', 'u_']
    """
    text = values.astype("str").where(values.notna())
    cleaned = prefix + text.str.strip().str.replace(r"[^A-Za-z0-9_.\-/]", "_", regex=True)
    fits = cleaned.str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*").fillna(False).astype(bool)
    hashed = text.map(
        lambda v: "h" + hashlib.sha1(str(v).encode()).hexdigest()[:10], na_action="ignore"
    )
    return cleaned.where(fits, hashed).where(values.notna())


def normal_name(values: pd.Series) -> pd.Series:
    """Names reduced for matching: lowercase, one space, no punctuation.

    Examples
    --------
    >>> normal_name(pd.Series(["  Dinas  Kesehatan, ", "DINAS KESEHATAN"])).tolist()
    ['dinas kesehatan', 'dinas kesehatan']
    """
    text = values.astype("str").where(values.notna()).str.lower()
    return text.str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
