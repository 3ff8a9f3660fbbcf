"""Reading an export file as its author wrote it: any sheet, any separator, all as text.

Real exports differ from asnpolicy's own files (``shared/reference/real-exports.md`` A2, A8):
SIASN's CSV is separated by ``|`` and starts with a byte-order mark; NIPs carry a leading
apostrophe (Excel's text marker); dates are written ``15-01-1974`` or ``15/01/1974``; old
downloads are ``.xls``; a title may sit above the header row. This module reads all of that into
text frames whose index is the row number a person sees in the file, and matches headers to the
names an importer expects through alias lists.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..validation import number_convention
from ..validation import parse_numbers as _parse_numbers_text

__all__ = [
    "ImportFailure",
    "RawTable",
    "header_key",
    "match_columns",
    "parse_dates",
    "parse_numbers",
    "read_export",
    "row_numbers",
]

#: Separators a CSV export may use (SIASN: ``|``; Excel in Indonesian: ``;``).
SEPARATORS = (",", ";", "|", "\t")
#: Encodings tried, in order, for a CSV without a byte-order mark.
ENCODINGS = ("utf-8", "cp1252")
#: How many rows from the top may hold a title above the header row.
HEADER_SEARCH_ROWS = 15

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MONTHS_ID = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8,
    "agt": 8, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
    "may": 5,
}  # fmt: skip


class ImportFailure(ValueError):
    """A file (or the whole import) cannot go on; the message is one sentence for a person."""


@dataclass
class RawTable:
    """One sheet of a workbook, or one CSV file, as text.

    Attributes
    ----------
    file : str
        The file's name as the user gave it.
    sheet : str or None
        The sheet's name (workbooks only).
    frame : DataFrame
        Every cell as text (``str`` dtype, blanks missing, apostrophes and spaces trimmed),
        headers as written; the index is the row number a person sees in the file.
    header_row : int
        The row number of the header.
    """

    file: str
    sheet: str | None
    frame: pd.DataFrame
    header_row: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """``file`` or ``file [SHEET]`` (the sheet in brackets, in any language)."""
        return self.file if self.sheet is None else f"{self.file} [{self.sheet}]"


def row_numbers(frame: pd.DataFrame) -> pd.Index:
    """The row numbers a person sees in the file (the frame's index)."""
    return frame.index


def header_key(name: object) -> str:
    """A header reduced to lowercase letters and digits, so ``Nip Baru``, ``NIP_BARU`` and
    ``nip.baru`` match.

    Examples
    --------
    >>> header_key(" NIP_Baru "), header_key("Jenis Formasi"), header_key("U-1")
    ('nipbaru', 'jenisformasi', 'u1')
    """
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _clean_text(values: pd.Series) -> pd.Series:
    """One column as trimmed text without Excel's leading apostrophe; blanks missing (Arrow's
    string kernels: a national export has millions of cells per column)."""
    if values.dtype == object or not pd.api.types.is_string_dtype(values):
        values = values.astype("str").where(values.notna())
    text = pc.utf8_trim_whitespace(pa.array(values.array))
    quoted = pc.starts_with(text, "'")
    if pc.any(quoted).as_py():
        text = pc.if_else(quoted, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(text, 1)), text)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    return text.to_pandas(types_mapper=lambda _: values.dtype).set_axis(values.index)


def _clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as trimmed text without Excel's leading apostrophe; blanks missing."""
    cleaned = pd.DataFrame(
        {i: _clean_text(frame.iloc[:, i]) for i in range(frame.shape[1])}, index=frame.index
    )
    cleaned.columns = frame.columns
    return cleaned


def _with_header(grid: pd.DataFrame, file: str, sheet: str | None) -> RawTable | None:
    """The header row found in a grid read without one; None when the grid holds nothing."""
    grid = _clean_cells(grid)
    filled = grid.notna().sum(axis=1)
    if not len(grid) or filled.max() == 0:
        return None
    top = filled.iloc[:HEADER_SEARCH_ROWS]
    header_at = int(np.flatnonzero(top.to_numpy() >= 0.6 * top.max())[0])
    header = grid.iloc[header_at]
    keep = header.notna().to_numpy()
    names = header[keep].astype("str").tolist()
    body = grid.iloc[header_at + 1 :, keep]
    body.columns = names
    body = body[body.notna().any(axis=1)]
    body.index = (
        pd.RangeIndex(len(grid))[header_at + 1 :][
            grid.iloc[header_at + 1 :].notna().any(axis=1).to_numpy()
        ]
        + 1
    )
    return RawTable(file, sheet, body, header_row=header_at + 1)


def _encoding(head: bytes, path: Path) -> str:
    """The file's text encoding: a byte-order mark, else UTF-8 when the whole file decodes as
    UTF-8 (read in pieces), else Windows-1252."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 24):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _read_csv(path: Path, name: str) -> list[RawTable]:
    """The CSV parsed from its path (never held twice in memory as text)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    encoding = _encoding(head, path)
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        top = [handle.readline() for _ in range(HEADER_SEARCH_ROWS)]
    top = [line.rstrip("\r\n").lstrip("\ufeff") for line in top if line]
    if not any(line.strip() for line in top):
        raise ImportFailure(f"{name} is empty.")
    sep = max(SEPARATORS, key=lambda s: sum(line.count(s) for line in top))
    widths = [
        len(next(csv.reader([line], delimiter=sep), [])) if line.strip() else 0 for line in top
    ]
    header_at = next(i for i, w in enumerate(widths) if w >= 0.6 * max(widths))
    try:
        body = pd.read_csv(
            path,
            sep=sep,
            skiprows=header_at,
            header=0,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding=encoding,
        )
    except (pd.errors.ParserError, csv.Error, UnicodeDecodeError) as err:
        raise ImportFailure(f"{name} cannot be read as CSV ({str(err).splitlines()[0]}).") from None
    except pd.errors.EmptyDataError:
        raise ImportFailure(f"{name} is empty.") from None
    written = next(csv.reader([top[header_at]], delimiter=sep), [])
    if len(written) == body.shape[1]:
        body.columns = [w.strip() for w in written]
    body.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body))
    body = _clean_cells(body)
    body = body.loc[body.notna().any(axis=1), [c for c in body.columns if str(c).strip()]]
    if not len(body):
        raise ImportFailure(f"{name} has a header row and no rows below it.")
    return [RawTable(name, None, body, header_row=header_at + 1)]


def _read_workbook(path: Path, name: str, engine: str) -> list[RawTable]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine=engine)
    except Exception as err:  # openpyxl/xlrd raise many kinds for a damaged file
        raise ImportFailure(
            f"{name} cannot be opened as an Excel workbook ({type(err).__name__}); open it in "
            "Excel or LibreOffice and save it again as .xlsx."
        ) from None
    tables = []
    for sheet, grid in sheets.items():
        grid = grid.apply(_workbook_text) if grid.shape[1] else grid
        table = _with_header(grid, name, str(sheet))
        if table is not None:
            tables.append(table)
    if not tables:
        raise ImportFailure(f"{name} is empty: no sheet holds a header row.")
    return tables


def _number_text(numbers: pd.Series) -> pd.Series:
    """Numbers of workbook cells as text a reader cannot mistake: whole numbers without
    ``.0``; a decimal with exactly three digits gets a fourth (``77.125`` -> ``77.1250``), so
    it never reads as ``77125`` with a thousands dot."""
    whole = numbers.notna() & (numbers == numbers.round())
    text = numbers.astype("str")
    text = text.mask(whole, numbers[whole].astype("int64").astype("str"))
    return text.str.replace(r"(\.\d{3})$", r"\g<1>0", regex=True).where(numbers.notna())


def _workbook_text(column: pd.Series) -> pd.Series:
    """A workbook column (numbers, dates and text cells as the reader gives them) as text."""
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("string", "empty"):
        return column
    if kind in ("floating", "integer", "mixed-integer-float", "decimal"):
        return _number_text(pd.to_numeric(column, errors="coerce").astype("float64"))
    if kind in ("datetime", "datetime64", "date"):
        return pd.to_datetime(column, errors="coerce").dt.strftime("%Y-%m-%d")
    numeric = column.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    dated = column.map(lambda v: hasattr(v, "year") and hasattr(v, "month"))
    out = column.astype("str").where(column.notna())
    if numeric.any():
        out[numeric] = _number_text(column[numeric].astype("float64"))
    if dated.any():
        out[dated] = pd.to_datetime(column[dated], errors="coerce").dt.strftime("%Y-%m-%d")
    return out


def read_export(path: str | Path, *, name: str | None = None) -> list[RawTable]:
    """Every table in an export file (each sheet of a workbook, or the CSV), as text.

    Parameters
    ----------
    path : path
        A ``.xlsx``, ``.xls`` or ``.csv``/``.txt`` file. The file is only read.
    name : str, optional
        How to name the file in messages (default: its name).

    Returns
    -------
    list of RawTable

    Raises
    ------
    ImportFailure
        The file is missing, empty, encrypted, damaged or of another kind; one sentence.
    """
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise ImportFailure(f"{name} does not exist or is not a file.")
    head = path.open("rb").read(8)
    if not head:
        raise ImportFailure(f"{name} is empty.")
    if head == _OLE_MAGIC:
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in path.read_bytes():
            raise ImportFailure(
                f"{name} is protected by a password; open it, remove the password "
                "(File > Info > Protect Workbook) and save it again."
            )
        return _read_workbook(path, name, "calamine")
    if head.startswith(b"PK"):
        if not zipfile.is_zipfile(path):
            raise ImportFailure(f"{name} is a damaged workbook; download it again.")
        return _read_workbook(path, name, "calamine")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise ImportFailure(f"{name} is not an Excel workbook although its name says so.")
    if b"\x00" in path.read_bytes()[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailure(f"{name} is neither a workbook nor a text (CSV) file.")
    return _read_csv(path, name)


def match_columns(
    raw: RawTable,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    what: str,
) -> pd.DataFrame:
    """The columns an importer knows, under their canonical names.

    Parameters
    ----------
    raw : RawTable
    aliases : mapping
        Canonical name -> the headers it goes by (matched by :func:`header_key`; the canonical
        name itself always matches). The first header found wins.
    required : sequence of str
        Canonical names the file must have.
    what : str
        What the file should be, for the message (e.g. ``"a SIASN employee export"``).

    Returns
    -------
    DataFrame
        Canonical columns only, indexed like ``raw.frame``; ``attrs["used"]`` and
        ``attrs["ignored"]`` list the headers as written.

    Raises
    ------
    ImportFailure
        Naming the columns expected and found, with the closest matches.
    """
    by_key: dict[str, str] = {}
    for header in raw.frame.columns:
        by_key.setdefault(header_key(header), header)
    chosen: dict[str, str] = {}
    for canonical, names in aliases.items():
        for candidate in (canonical, *names):
            header = by_key.get(header_key(candidate))
            if header is not None and header not in chosen.values():
                chosen[canonical] = header
                break
    missing = [c for c in required if c not in chosen]
    if missing:
        found = [str(h) for h in raw.frame.columns]
        hints = []
        for c in missing:
            close = difflib.get_close_matches(header_key(c), list(by_key), n=1, cutoff=0.6)
            if close:
                hints.append(f"{c} (closest: {by_key[close[0]]})")
            else:
                hints.append(c)
        raise ImportFailure(
            f"{raw.where} does not look like {what}: it lacks the column(s) "
            f"{', '.join(hints)}; expected {', '.join(required)}; found "
            f"{', '.join(found[:40])}{' ...' if len(found) > 40 else ''}."
        )
    frame = raw.frame.loc[:, list(chosen.values())].copy()
    frame.columns = list(chosen)
    frame.attrs["used"] = list(chosen.values())
    frame.attrs["ignored"] = [str(h) for h in raw.frame.columns if h not in chosen.values()]
    return frame


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates as exports write them: ``15-01-1974``, ``15/01/1974``, ``1974-01-15`` (with or
    without a time), ``15 Januari 1974``, ``15-Jan-1974`` and Excel serial numbers.

    Returns
    -------
    dates : Series of datetime64
        NaT where blank or unreadable.
    unreadable : Series of bool
        Cells that hold something but no date.

    Examples
    --------
    >>> d, bad = parse_dates(pd.Series(["15-01-1974", "15/01/1974", "1974-01-15 00:00:00",
    ...                                 "15 Januari 1974", "27044", "31-02-1974", None]))
    >>> d.dt.strftime("%Y-%m-%d").tolist()[:5] == ["1974-01-15"] * 5, bad.tolist()[4:]
    (True, [False, True, False])
    """
    text = values.astype("str").where(values.notna()).str.strip()
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"):
        missing = out.isna() & text.notna()
        if not missing.any():
            break
        head = text[missing].str.split(" ", n=1).str[0]
        out[missing] = pd.to_datetime(head, format=fmt, errors="coerce")
    missing = out.isna() & text.notna()
    if missing.any():
        words = text[missing].str.lower().str.extract(r"^(\d{1,2})[\s\-/]+([a-z]+)[\s\-/]+(\d{4})$")
        month = words[1].map(_MONTHS_ID)
        built = words[2] + "-" + month.astype("Int64").astype("str") + "-" + words[0]
        out[missing] = pd.to_datetime(
            built.where(month.notna()), format="%Y-%m-%d", errors="coerce"
        )
    missing = out.isna() & text.notna()
    if missing.any():
        serial = pd.to_numeric(text[missing], errors="coerce")
        serial = serial.where(serial.between(1, 80000))
        out[missing] = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D")
    return out, (out.isna() & text.notna()).astype(bool)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as exports write them (``85,5``, ``1.234,5``, ``85.5``, ``Rp 1.250.000``).

    Returns
    -------
    numbers : Series of float64
        Missing where blank or unreadable.
    unreadable : Series of bool
        Cells that hold something but no number (or an ambiguous one such as ``1,250``).

    Examples
    --------
    >>> parse_numbers(pd.Series(["85,5", "1.234,5", "90", "x", None]))[0].tolist()
    [85.5, 1234.5, 90.0, nan, nan]
    """
    text = values.astype("str").where(values.notna())
    numbers, _ = _parse_numbers_text(text, number_convention([text]))
    return numbers, (numbers.isna() & text.notna()).astype(bool)
