"""Parse raw tables into typed columns and check them, reporting every problem.

:func:`validate_table` reads one table (text cells from CSV, or spreadsheet / Parquet values):
it normalises headers, reports missing, unknown, repeated and personal-identifier columns,
parses each column to its kind while recording every unreadable cell, then runs the table's
pandera schema (:mod:`asnpolicy.schema`). :func:`check_dataset` checks the tables against each
other: references, ids that must agree, SKD scores against the format of their year.

Problems come back as a DataFrame with columns ``table``, ``row_index`` (0-based position in
the frame), ``column``, ``rule`` and ``value``; :mod:`asnpolicy.io` adds the file and the row
number a user sees. Rows that break a row rule of severity ``warning`` are never problems:
:func:`validate_table` hands them back apart, in the same columns, and they load as recorded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandera.errors import SchemaErrors

from . import keys, rules, spellings
from .schema import (
    PERSONAL_IDENTIFIER_COLUMNS,
    TABLES,
    Field,
    TableSpec,
    pandera_schema,
    table_spec,
)

__all__ = [
    "PERSONAL_DATA_PATTERNS",
    "PROBLEM_FIELDS",
    "check_dataset",
    "normalise_header",
    "number_convention",
    "parse_numbers",
    "validate_table",
]

# --------------------------------------------------------------------------------------------
# Parsing and validation of one table
# --------------------------------------------------------------------------------------------

PROBLEM_FIELDS: Final = ("table", "row_index", "column", "rule", "value", "hint")
#: The apostrophe that keeps a spreadsheet from running a text as a formula (OWASP).
_QUOTED_FORMULA = r"^'(?=[=+\-@\t\r])"


def _problems(table: str, rows, column, rule, values, hints=None) -> pd.DataFrame:
    rows = pd.Index(rows)
    if not len(rows):  # the usual case, and a frame built from nothing costs ~10 ms
        return _no_problems()
    return pd.DataFrame(
        {
            "table": table,
            "row_index": pd.array(rows, dtype="Int64"),
            "column": column,
            "rule": rule if isinstance(rule, str) else pd.Series(rule, dtype="object").to_numpy(),
            "value": pd.Series(values, dtype="object").to_numpy() if len(rows) else [],
            "hint": None if hints is None else pd.Series(hints, dtype="object").to_numpy(),
        }
    )


def _no_problems() -> pd.DataFrame:
    return _NO_PROBLEMS.copy()


_NO_PROBLEMS = pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_FIELDS}).astype(
    {"row_index": "Int64"}
)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Problem frames as one (an empty one when there are none)."""
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else _no_problems()


def normalise_header(name: object) -> str:
    """A column header as a schema name: BOM and spaces stripped, lower case, ``_`` for gaps.

    Examples
    --------
    >>> normalise_header("\\ufeffRegion ID ")
    'region_id'
    """
    text = str(name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _check_headers(spec: TableSpec, raw: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """Rename headers to schema names; report missing, unknown, duplicate and personal ones."""
    out = []
    names = [normalise_header(c) for c in raw.columns]
    known = set(spec.columns)
    seen: set[str] = set()
    for original, name in zip(raw.columns, names, strict=True):
        if name in seen:
            out.append(
                _problems(spec.name, [None], name, "column appears more than once", [str(original)])
            )
        seen.add(name)
        if name in known:
            continue
        if name in PERSONAL_IDENTIFIER_COLUMNS:
            rule = (
                "personal identifier column is not allowed (names, NIK and NIP never enter "
                "the data); remove it and keep only pseudonymous ids"
            )
        elif name.startswith("unnamed:") or name == "":
            rule = "column has no header"
        else:
            close = _closest(name, spec.columns)
            rule = (
                f"unknown column; did you mean '{close}'?"
                if close
                else f"unknown column (columns of {spec.name}: {', '.join(spec.columns)})"
            )
        out.append(_problems(spec.name, [None], name, rule, [str(original)]))
    for name in spec.required_columns:
        if name not in seen:
            out.append(_problems(spec.name, [None], name, "required column is missing", [None]))
    frame = raw.set_axis(names, axis=1)  # copy-on-write: no data are copied
    if frame.columns.duplicated().any():
        frame = frame.loc[:, ~frame.columns.duplicated()]
    return frame, out


def _closest(name: str, candidates: tuple[str, ...]) -> str | None:
    """The schema column a misspelt header most likely means, if any."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    parts = set(name.split("_"))
    contained = [c for c in candidates if c in parts or set(c.split("_")) <= parts]
    return max(contained, key=len) if contained else None


# --------------------------------------------------------------------------------------------
# Text cells through Arrow: pandas runs regexes with look-arounds, \s or flags, str.casefold
# and Series.map on Arrow strings in Python, cell by cell; these helpers keep to Arrow.
# --------------------------------------------------------------------------------------------


def _arrow_text(text: pd.Series) -> pa.ChunkedArray:
    """Text cells as Arrow strings (no copy when they are Arrow strings already)."""
    array = getattr(text.array, "_pa_array", None)
    if array is None:
        array = pa.chunked_array([pa.array(text.to_numpy(dtype=object), from_pandas=True)])
    return array


def _filled(values: pa.ChunkedArray, missing: object = False) -> np.ndarray:
    """An Arrow mask (or other array) as a NumPy one, missing as ``missing``."""
    return values.fill_null(missing).to_numpy(zero_copy_only=False)


def _matches(text: pd.Series, pattern: str) -> np.ndarray:
    """Cells that match ``pattern`` (RE2, by Arrow); missing cells do not."""
    return _filled(pc.match_substring_regex(_arrow_text(text), pattern))


def _blank(values: pd.Series) -> pd.Series:
    """Empty cells: missing, or text that is only spaces."""
    if values.dtype.kind in "biufcmM":  # numbers, booleans and dates cannot be spaces
        return values.isna()
    if isinstance(values.dtype, pd.StringDtype):
        spaces = _filled(pc.equal(pc.utf8_trim_whitespace(_arrow_text(values)), ""))
        return pd.Series(values.isna().to_numpy() | spaces, index=values.index)
    text = values.astype("string").str.strip()
    return values.isna() | (text == "").fillna(False)


# --------------------------------------------------------------------------------------------
# Numbers written as text
# --------------------------------------------------------------------------------------------

#: Spaces that separate groups of three digits (written as the characters themselves, not as
#: ``\\u`` escapes, so that pandas hands the patterns to Arrow).
_GROUP_SPACES: Final = " \u00a0\u202f"
#: Shapes of a number written as text (sign, spaces and a leading ``Rp`` removed first). A
#: group separator is followed by exactly three digits, and the first group has one to three
#: digits and no leading zero.
_SHAPES: Final = {
    # one dot or comma then exactly three digits: a thousands separator or a decimal mark
    "dot3": r"[1-9]\d{0,2}\.\d{3}",
    "comma3": r"[1-9]\d{0,2},\d{3}",
    # Indonesian: dots between groups, a decimal comma
    "id_groups": r"[1-9]\d{0,2}(?:\.\d{3}){2,}",
    "id_groups_decimal": r"[1-9]\d{0,2}(?:\.\d{3})+,\d+",
    "decimal_comma": r"\d*,\d+",
    # English: commas between groups, a decimal point
    "en_groups": r"[1-9]\d{0,2}(?:,\d{3}){2,}",
    "en_groups_decimal": r"[1-9]\d{0,2}(?:,\d{3})+\.\d+",
    "decimal_point": r"\d*\.\d+",
    # spaces between groups (either mark for decimals)
    "space_groups": r"[1-9]\d{0,2}(?:[" + _GROUP_SPACES + r"]\d{3})+(?:[.,]\d+)?",
}
_ID_SHAPES: Final = ("id_groups", "id_groups_decimal", "decimal_comma")
_EN_SHAPES: Final = ("en_groups", "en_groups_decimal", "decimal_point")
#: Rule of a cell whose separator could be either mark (see :func:`parse_numbers`).
AMBIGUOUS_NUMBER_RULE: Final = (
    "cannot tell a thousands separator from a decimal mark: write the number without "
    "thousands separators (e.g. 1250, or 1,25 / 1.25 as the rest of the file writes decimals)"
)


def _number_text(text: pd.Series) -> pd.Series:
    """Text cells as a number's text: ``Rp`` and a space after the sign removed."""
    # A cell can only lose an ``Rp`` if it starts with r/R (or a letter that is not ASCII).
    text = _replace_at_start(text, r"^(?:[rR]|[^\x00-\x7f])", r"^(?i:rp)\.?\s*", "")
    return _replace_at_start(text, r"^[+-]", r"^([+-])\s+", r"\1")


def _replace_at_start(text: pd.Series, candidates: str, pattern: str, repl: str) -> pd.Series:
    """``text.str.replace(pattern, repl, regex=True)`` for a pattern anchored at the start.

    Patterns with ``\\s`` or a flag run in Python, cell by cell; Arrow first finds the cells
    that may match (``candidates``, a regex every match also matches), and only those go
    through Python."""
    may = _matches(text, candidates)
    if not may.any():
        return text
    out = text.copy()
    out[may] = text[may].str.replace(pattern, repl, regex=True)
    return out


def _shape(text: pd.Series, name: str) -> pd.Series:
    return text.str.fullmatch(r"[+-]?(?:" + _SHAPES[name] + ")").fillna(False).astype(bool)


#: A number as a machine writes it, short enough (at most 15 digits) that Arrow's reading and
#: pandas' agree to the last bit whatever else the column holds (see :func:`_machine_numbers`).
_PLAIN_NUMBER: Final = r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
_PLAIN_MAX_LENGTH: Final = 15
_WHOLE_NUMBER: Final = r"^[+-]?[0-9]+$"


def _machine_numbers(
    text: pd.Series, arrow: pa.ChunkedArray, length: np.ndarray, digits: bool
) -> tuple[pd.Series, np.ndarray]:
    """``pd.to_numeric(text, errors="coerce")`` as float64, with the plain cells (``20.5``,
    ``-3``) read by Arrow at C speed; and the mask of those plain cells.

    pandas reads a column through Python objects (about 1 microsecond a cell). A plain cell of
    at most 15 digits is exact as a whole number and correctly rounded as a decimal either
    way, so Arrow reads those; pandas reads the rest (``1e-05``, ``inf``, text). It reads the
    whole column when the rest holds a whole number (a long one) or a cell is ``-0``: whether
    pandas reads those as integers or as floats (``-0`` as 0 or -0.0) depends on the other
    cells of the column.

    Parameters
    ----------
    text : Series
        The cells, trimmed; ``arrow`` holds them as Arrow strings and ``length`` their
        lengths (0 where missing). ``digits``: every cell is made of digits only.
    """
    short = length <= _PLAIN_MAX_LENGTH
    given = text.notna().to_numpy(dtype=bool)
    if digits:  # the usual column: whole numbers
        plain = short & given
    else:
        plain = short & _filled(pc.match_substring_regex(arrow, _PLAIN_NUMBER))
    rest = given & ~plain
    if rest.any() and text[rest].str.fullmatch(_WHOLE_NUMBER).fillna(False).any():
        return pd.to_numeric(text, errors="coerce").astype("float64"), plain
    if rest.any():
        numbers = np.full(len(text), np.nan)
        numbers[plain] = pc.cast(arrow.filter(pa.array(plain)), pa.float64()).to_numpy()
    else:  # every cell given is plain; missing ones read as NaN
        numbers = pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False)
    if (np.signbit(numbers) & (numbers == 0)).any():  # -0, -0.0
        return pd.to_numeric(text, errors="coerce").astype("float64"), plain
    if rest.any():
        others = pd.to_numeric(text[rest], errors="coerce")
        numbers[rest] = others.astype("float64").to_numpy()
    return pd.Series(numbers, index=text.index, name=text.name), plain


def _is_digits(arrow: pa.ChunkedArray) -> bool:
    """Whether every cell given is made of ASCII digits only (``2024``, ``007``)."""
    return pc.all(pc.ascii_is_decimal(arrow)).as_py() is not False


@dataclass
class _NumberCells:
    """A column's text cells split by how they are read (see :func:`_split`)."""

    #: The numbers read at once (missing where a cell does not read as a number).
    quick: pd.Series
    #: The cells that need a closer look, as a number's text (:func:`_number_text`).
    closer: pd.Series
    #: Mask of those cells.
    slow: pd.Series
    #: Mask of the cells read at once that hold a dot (``20.5``).
    dotted: pd.Series
    #: Mask of the plain decimals of five to eight characters (``20.55``), read at once
    #: although their length is that of a thousands dot (see :func:`_split`).
    decimals: np.ndarray
    #: The cells as text, trimmed.
    text: pd.Series
    _shapes: dict[str, pd.Series] = field(default_factory=dict, repr=False)

    def shape(self, name: str) -> pd.Series:
        """Which of the cells that need a closer look have the shape ``name`` of
        :data:`_SHAPES` (computed once: the file's convention and the reading both ask)."""
        if name not in self._shapes:
            self._shapes[name] = _shape(self.closer, name)
        return self._shapes[name]


def _split(values: pd.Series) -> _NumberCells:
    """The numbers read at once, and the cells that need a closer look.

    The closer look goes to cells that do not read as a number (a comma, a space, ``Rp``)
    and to those that read but could hold a thousands dot (``1.250``): a machine-written
    file (``20.5``, ``1e-05``) passes at C speed."""
    text = values.astype("string").str.strip()
    arrow = _arrow_text(text)
    length = _filled(pc.utf8_length(arrow), 0)
    digits = _is_digits(arrow)
    quick, plain = _machine_numbers(text, arrow, length, digits)
    read = quick.notna().to_numpy()
    if digits:  # whole numbers only (the usual column): nothing needs a closer look
        nothing = pd.Series(False, index=text.index)
        return _NumberCells(quick, text.iloc[:0], nothing, nothing, nothing.to_numpy(), text)
    dot_at = _filled(pc.find_substring(arrow, "."), -1)
    dotted = read & (dot_at >= 0)
    maybe_dot3 = dotted & (length >= 5) & (length <= 8)
    # A plain decimal without three digits after its dot (``20.55``, ``275.0``) cannot be a
    # thousands dot: it is read as it is, and says "a decimal point" as the closer look would.
    decimals = maybe_dot3 & plain & (length - dot_at != 4)
    slow = pd.Series((~read & text.notna().to_numpy()) | (maybe_dot3 & ~decimals), index=text.index)
    dotted = pd.Series(dotted & ~slow.to_numpy(), index=text.index)
    return _NumberCells(quick, _number_text(text[slow]), slow, dotted, decimals, text)


def number_convention(texts: list[pd.Series], *, decimal_comma: bool = False) -> str:
    """How a file writes decimals, from every number it writes as text.

    Parameters
    ----------
    texts : list of Series
        The text cells of the file's number columns.
    decimal_comma : bool
        The file is a CSV separated by ``;`` (written with a decimal comma).

    Returns
    -------
    str
        ``"id"`` (a decimal comma, dots between thousands), ``"en"`` (a decimal point), ``"mixed"``
        (both seen) or ``"none"`` (nothing tells).

    Examples
    --------
    >>> number_convention([pd.Series(["12,5", "1.250"])]), number_convention([pd.Series(["2.5"])])
    ('id', 'en')
    """
    return _convention([_split(v) for v in texts if not v.isna().all()], decimal_comma)


def _convention(columns: list[_NumberCells], decimal_comma: bool) -> str:
    """:func:`number_convention` of columns split already."""
    says_id, says_en = decimal_comma, False
    for cells in columns:
        says_en = says_en or bool(cells.dotted.any())
        if not len(cells.closer):
            continue
        dot3 = cells.shape("dot3") | cells.shape("comma3")
        if (~dot3).any():
            says_id = says_id or any((cells.shape(s) & ~dot3).any() for s in _ID_SHAPES)
            says_en = says_en or any((cells.shape(s) & ~dot3).any() for s in _EN_SHAPES)
    if says_id and says_en:
        return "mixed"
    return "id" if says_id else "en" if says_en else "none"


def parse_numbers(values: pd.Series, convention: str = "none") -> tuple[pd.Series, pd.Series]:
    """Numbers written as text, read as a person meant them, never changed in size silently.

    A dot or comma followed by a group of three digits is a thousands separator, and the other
    mark the decimal mark; a separator followed by fewer or more digits is a decimal mark.
    Spaces may separate thousands, and a leading ``Rp`` is dropped. Only ``1.250`` and
    ``1,250`` (one separator, three digits after) could be either; the file's ``convention``
    (:func:`number_convention`) decides them: ``id`` reads ``1.250`` as 1250 and ``1,250`` as
    1.25; ``en`` reads ``1,250`` as 1250 and ``1.125`` as 1.125 but refuses ``1.250`` and
    ``12.000`` (a decimal that ends in 0 is as likely a thousands separator); ``none`` reads
    ``1.250`` as 1250 (the Indonesian way) and refuses ``1,250``; ``mixed`` refuses both.

    Parameters
    ----------
    values : Series
        Text cells (CSV, or text cells of a workbook).
    convention : {"id", "en", "mixed", "none"}
        How the rest of the file writes decimals.

    Returns
    -------
    numbers : Series of float64
        Missing where the cell is empty, unreadable or ambiguous.
    ambiguous : Series of bool
        Cells refused because the separator could be either mark.

    Examples
    --------
    >>> s = pd.Series(["12.000", "1.250,5", "Rp 72.000.000", "20.5", "1,250", "3"])
    >>> parse_numbers(s)[0].tolist()
    [12000.0, 1250.5, 72000000.0, 20.5, nan, 3.0]
    >>> parse_numbers(s, "id")[0].tolist()[4], parse_numbers(s, "en")[0].tolist()[:2]
    (1.25, [nan, 1250.5])
    """
    return _read_numbers(_split(values), convention)


def _read_numbers(cells: _NumberCells, convention: str) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_numbers` of a column split already."""
    numbers, text, slow = cells.quick, cells.closer, cells.slow
    ambiguous = pd.Series(False, index=numbers.index)
    if not slow.any():
        return numbers, ambiguous
    dot3, comma3 = cells.shape("dot3"), cells.shape("comma3")
    clean = text.copy()
    spaced = cells.shape("space_groups")
    clean[spaced] = (
        text[spaced]
        .str.replace(f"[{_GROUP_SPACES}]", "", regex=True)
        .str.replace(",", ".", regex=False)
    )
    id_like = cells.shape("id_groups") | cells.shape("id_groups_decimal")
    id_like |= cells.shape("decimal_comma")
    clean[id_like] = (
        text[id_like].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    en_like = cells.shape("en_groups") | cells.shape("en_groups_decimal")
    clean[en_like] = text[en_like].str.replace(",", "", regex=False)
    thousands = text.str.replace(r"[.,]", "", regex=True)
    decimal = text.str.replace(",", ".", regex=False)
    refused = pd.Series(False, index=text.index)
    if convention in ("id", "none"):
        clean[dot3] = thousands[dot3]
    elif convention == "en":
        clean[dot3] = decimal[dot3]
        refused |= dot3 & text.str.endswith("0").fillna(False).astype(bool)
    else:
        refused |= dot3
    if convention == "id":
        clean[comma3] = decimal[comma3]
    elif convention == "en":
        clean[comma3] = thousands[comma3]
    else:
        refused |= comma3
    parsed = _closer_numbers(clean.mask(refused), cells)
    numbers = numbers.copy()
    numbers[slow] = parsed.to_numpy()
    ambiguous[slow] = refused.to_numpy()
    return numbers, ambiguous


def _closer_numbers(clean: pd.Series, cells: _NumberCells) -> pd.Series:
    """The cells that had a closer look, cleaned, as numbers.

    pandas reads a whole number (``-0``, a long one) as an integer or as a float depending on
    the other cells it reads with it (``-0`` is 0 or -0.0). When a cleaned cell could be one,
    it reads them with the plain decimals (:attr:`_NumberCells.decimals`) in their places, as
    it did when those had a closer look too."""
    whole = _filled(pc.match_substring_regex(_arrow_text(clean), r"^[^.]*[0-9][^.]*$"))
    if not (whole.any() and cells.decimals.any()):
        return pd.to_numeric(clean, errors="coerce").astype("float64")
    slow = cells.slow.to_numpy()
    looked_at = slow | cells.decimals
    texts = cells.text.to_numpy(dtype=object)
    texts[slow] = clean.to_numpy(dtype=object)
    numbers = pd.to_numeric(pd.Series(texts[looked_at], dtype="string"), errors="coerce")
    return pd.Series(numbers.astype("float64").to_numpy()[slow[looked_at]], index=clean.index)


def _numeric_cells(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column as (numbers taken as they are, text cells): numeric dtypes are all numbers;
    a workbook's mixed column has both."""
    if values.dtype.kind in "biuf":
        return values.astype("float64"), pd.Series(pd.NA, index=values.index, dtype="string")
    if values.dtype == object:
        kinds = values.map(type)
        is_number = kinds.isin([int, float, np.int64, np.float64]).to_numpy()
        numbers = pd.Series(np.nan, index=values.index, dtype="float64")
        if is_number.any():
            numbers[is_number] = values[is_number].astype("float64")
        text = values.where(~is_number).astype("string")
        return numbers, text
    return pd.Series(np.nan, index=values.index, dtype="float64"), values.astype("string")


class _NumberColumn(NamedTuple):
    """A number column as read: the numbers taken as they are and the text cells, split."""

    numbers: pd.Series
    text: pd.Series
    #: The text cells split (:func:`_split`); None when there are none.
    cells: _NumberCells | None


def _number_column(values: pd.Series) -> _NumberColumn:
    """A number column split once, for the file's convention and for its reading."""
    numbers, text = _numeric_cells(values)
    return _NumberColumn(numbers, text, _split(text) if text.notna().any() else None)


def _parse(
    f: Field,
    values: pd.Series,
    convention: str,
    table: str = "",
    number: _NumberColumn | None = None,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse one column to its kind. Returns the parsed column, a mask of unreadable cells
    and the rule of each unreadable cell (empty where the kind's rule applies). A number
    column's ``number`` (:func:`_number_column`) is computed when not given."""
    if f.kind == "str":
        return _parse_text(f, values, table)
    if f.kind in ("int", "float"):
        return _parse_number(f, values, convention, number)
    if f.kind == "bool":
        return _parse_bool(f, values, table)
    return _parse_date(values)


def _no_rule(values: pd.Series) -> pd.Series:
    return pd.Series(None, index=values.index, dtype="object")


def _unreadable(missing: pd.Series, values: pd.Series) -> pd.Series:
    """The cells parsed as missing that were not empty (:func:`_blank` only where needed)."""
    return missing & ~_blank(values) if missing.any() else missing


def _unquoted(text: pd.Series) -> pd.Series:
    """Texts written as ``'=...`` so that no spreadsheet runs them as a formula
    (:meth:`Dataset.save`) without their apostrophe.

    The pattern's look-ahead runs in Python, cell by cell: only the cells that start with an
    apostrophe go through it."""
    quoted = _filled(pc.starts_with(_arrow_text(text), "'"))
    if not quoted.any():
        return text
    out = text.copy()
    out[quoted] = text[quoted].str.replace(_QUOTED_FORMULA, "", n=1, regex=True)
    return out


def _parse_text(f: Field, values: pd.Series, table: str) -> tuple[pd.Series, ...]:
    if f.allowed and isinstance(values.dtype, pd.StringDtype):
        return _parse_spellings(f, values, table)
    return _parse_cells(f, values, table)


def _parse_spellings(f: Field, values: pd.Series, table: str) -> tuple[pd.Series, ...]:
    """:func:`_parse_cells` of a column with a fixed list of values, done once per distinct
    spelling (a survey's million answers write a few): the cells take theirs by position."""
    codes, distinct = pd.factorize(values)
    once = pd.Series([*distinct, None], dtype=values.dtype)  # the last one: a missing cell
    parsed, bad, rule = _parse_cells(f, once, table)
    at = np.where(codes < 0, len(distinct), codes)
    return (
        pd.Series(parsed.array.take(at), index=values.index, name=values.name),
        pd.Series(bad.to_numpy()[at], index=values.index),
        pd.Series(rule.to_numpy()[at], index=values.index, dtype="object"),
    )


def _parse_cells(f: Field, values: pd.Series, table: str) -> tuple[pd.Series, ...]:
    stripped = _unquoted(values.astype("str").str.strip())
    kept = values.notna().to_numpy() & ~_filled(pc.equal(_arrow_text(stripped), ""))
    if not kept.all():  # empty texts are missing
        stripped = stripped.where(kept)
    if not f.allowed:
        return stripped, pd.Series(False, index=values.index), _no_rule(values)
    return _enum(f, stripped, table)


def _parse_number(
    f: Field, values: pd.Series, convention: str, number: _NumberColumn | None
) -> tuple[pd.Series, ...]:
    numbers, _, cells = number if number is not None else _number_column(values)
    rule = _no_rule(values)
    if cells is not None:
        parsed, ambiguous = _read_numbers(cells, convention)
        numbers = numbers.fillna(parsed)
        if ambiguous.any():
            rule[ambiguous] = AMBIGUOUS_NUMBER_RULE
    bad = _unreadable(numbers.isna(), values)
    if f.kind == "float":
        return numbers, bad, rule
    fractional = numbers.notna() & (numbers != np.floor(numbers))
    if fractional.any():
        bad |= fractional
        numbers = numbers.mask(fractional)
    # A required whole-number column with unreadable cells keeps them empty (Int64).
    complete = f.nullable or numbers.notna().all()
    return numbers.astype(f.dtype if complete else "Int64"), bad, rule


def _parse_bool(f: Field, values: pd.Series, table: str) -> tuple[pd.Series, ...]:
    if values.dtype.kind == "b":
        return values.astype(f.dtype), pd.Series(False, index=values.index), _no_rule(values)
    parsed, ambiguous = spellings.parse_bool(values.astype("string"), table, f.name)
    bad = _unreadable(parsed.isna(), values)
    rule = _no_rule(values)
    rule[ambiguous.to_numpy()] = (
        "a lone T could be true or tidak (false): write Y/T, ya/tidak or true/false in the "
        "whole column"
    )
    if not f.nullable and parsed.notna().all():
        parsed = parsed.astype("bool")
    return parsed, bad, rule


def _parse_date(values: pd.Series) -> tuple[pd.Series, ...]:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        text = values.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    parsed = parsed.astype("datetime64[ns]")
    return parsed, _unreadable(parsed.isna(), values), _no_rule(values)


def _enum(f: Field, values: pd.Series, table: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A column with a fixed list of values: spellings made canonical, ambiguous spellings
    refused with their choices (:mod:`asnpolicy.spellings`)."""
    canonical = spellings.canonical_values(table, f.name, values) if table else values
    rule = pd.Series(None, index=values.index, dtype="object")
    unknown = canonical.notna() & ~canonical.isin(list(f.allowed)).fillna(False)
    bad = pd.Series(False, index=values.index)
    if unknown.any():
        distinct = pd.Series(canonical[unknown].unique())
        rules_of = pd.Series(
            [spellings.ambiguous_rule(table, f.name, v) for v in distinct],
            index=distinct.to_numpy(),
            dtype="object",
        ).dropna()
        if len(rules_of):
            hit = canonical.isin(rules_of.index).fillna(False).astype(bool)
            rule[hit] = canonical[hit].map(rules_of)
            bad |= hit
            canonical = canonical.mask(hit)
    return canonical, bad, rule


def _value_hints(table: str, problems: pd.DataFrame) -> pd.DataFrame:
    """Add "did you mean" to the values a column with a fixed list did not allow."""
    if not len(problems):
        return problems
    spec = table_spec(table)
    enum_columns = {f.name for f in spec.fields if f.allowed}
    is_value = problems["column"].isin(enum_columns) & problems["rule"].astype(str).str.startswith(
        "must be one of"
    )
    if not is_value.any():
        return problems
    pairs = problems.loc[is_value, ["column", "value"]].drop_duplicates()
    suggestions = {
        (c, v): spellings.suggest_value(table, c, v)
        for c, v in zip(pairs["column"], pairs["value"], strict=True)
    }
    hints = [
        f"did you mean '{s}'?" if (s := suggestions.get((c, v))) is not None else None
        for c, v in zip(
            problems.loc[is_value, "column"], problems.loc[is_value, "value"], strict=True
        )
    ]
    problems = problems.copy()
    problems.loc[is_value, "hint"] = pd.Series(
        hints, index=problems.index[is_value], dtype="object"
    )
    return problems


_KIND_RULE = {
    "int": "must be a whole number",
    "float": "must be a number",
    "bool": "must be true or false",
    "date": "must be a date written YYYY-MM-DD",
}


def validate_table(
    table: str,
    raw: pd.DataFrame,
    *,
    decimal_comma: bool = False,
    warnings: list[pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse and check one table.

    Parameters
    ----------
    table : str
        Table name (a key of :data:`TABLES`).
    raw : DataFrame
        The table as read: text cells (CSV) or spreadsheet / Parquet values, any header case.
    decimal_comma : bool
        The file is a CSV separated by ``;``: it writes a decimal comma, so ``1.250`` is 1250
        and ``1,250`` is 1.25 (see :func:`parse_numbers`).
    warnings : list, optional
        When given, receives a frame (same columns as ``problems``) of the rows that break a
        row rule of severity ``warning`` (:class:`asnpolicy.schema.RowRule`): those rows are
        kept as recorded and are never among ``problems``.

    Returns
    -------
    frame : DataFrame
        The typed table with the schema's columns in schema order (optional columns that were
        absent are added empty). Cells that could not be read are empty.
    problems : DataFrame
        One row per problem: ``table``, ``row_index`` (0-based row of ``raw``; empty for
        problems of a whole column), ``column``, ``rule``, ``value``. Empty when the table is
        valid.
    """
    spec = table_spec(table)
    frame, found = _check_headers(spec, raw)
    numeric = {
        f.name: _number_column(frame[f.name])
        for f in spec.fields
        if f.kind in ("int", "float") and f.name in frame
    }
    convention = _convention(
        [n.cells for n in numeric.values() if n.cells is not None], decimal_comma
    )
    parsed = {}
    for f in spec.fields:
        if f.name not in frame:  # an absent optional column is all empty
            empty = pd.Series(None, index=frame.index, dtype="object")
            parsed[f.name] = _parse(f, empty, convention)[0]
            continue
        column, bad, rule = _parse(f, frame[f.name], convention, table, numeric.get(f.name))
        if bad.any():
            rules_of_bad = rule[bad].fillna(_KIND_RULE.get(f.kind, "must be one of the values"))
            found.append(
                _problems(
                    table,
                    frame.index[bad],
                    f.name,
                    rules_of_bad.to_numpy(),
                    frame[f.name][bad].astype(str),
                )
            )
        parsed[f.name] = column
    typed = pd.DataFrame(parsed, index=frame.index)
    missing_required = {f.name for f in spec.fields if f.required and f.name not in frame}
    unreadable = _concat(found)
    problems = _concat(
        [
            unreadable,
            _value_hints(table, _schema_problems(spec, typed, unreadable, missing_required)),
            *_personal_data_problems(spec, typed),
        ]
    )
    if warnings is not None:
        noted = _warning_problems(spec, typed, unreadable, missing_required)
        if len(noted):
            warnings.append(noted)
    return typed.reset_index(drop=True), problems


def _warning_problems(
    spec: TableSpec, typed: pd.DataFrame, unreadable: pd.DataFrame, skip_columns: set[str]
) -> pd.DataFrame:
    """Rows that break a row rule of severity ``warning`` (a row with an unreadable cell in
    the rule's columns is not judged: that cell is reported as a problem; nor is a rule that
    needs a missing column)."""
    out = []
    bad_rows = set(unreadable["row_index"].dropna().astype(int)) if len(unreadable) else set()
    for r in spec.warnings:
        if skip_columns.intersection(r.columns):
            continue
        ok = pd.Series(r.test(typed), index=typed.index).fillna(True).astype(bool)
        broken = ~ok.to_numpy()
        if bad_rows:
            columns = set(r.columns)
            judged = unreadable[unreadable["column"].isin(columns)]["row_index"].dropna()
            broken &= ~typed.index.isin(judged.astype(int))
        if broken.any():
            rows = typed.index[broken]
            out.append(_problems(spec.name, rows, ", ".join(r.columns), r.rule,
                                 _joined(typed.loc[rows, list(r.columns)])))  # fmt: skip
    return _concat(out)


#: What personal identifiers and contact data look like inside a text: a run of 16 digits (a
#: NIK) or more (an 18-digit NIP), or the same grouped as they are printed, NIP 8-6-1-3
#: ("19740115 200003 1 002") and NIK 6-6-4 ("150201 120374 0001"); an e-mail address; an
#: Indonesian mobile number (08..., +62 8...).
PERSONAL_DATA_PATTERNS: Final = {
    "a NIK or NIP (16 or more digits)": (
        r"(?<!\d)(?:\d{16,}|\d{8}[ .\-]\d{6}[ .\-]\d[ .\-]?\d{3}|\d{6}[ .\-]\d{6}[ .\-]\d{4})(?!\d)"
    ),
    "an e-mail address": r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    "a telephone number": r"(?<![\w+])(?:\+62|62|0)[ .\-]?8\d{2}(?:[ .\-]?\d){6,9}(?!\d)",
}
#: What every match of each of :data:`PERSONAL_DATA_PATTERNS` holds, for Arrow's regex engine
#: (``\\p{Nd}`` is any digit, as Python's ``\\d``): the look-behinds of the patterns run in
#: Python, text by text, so only the texts that hold this go through them.
_PERSONAL_DATA_CANDIDATES: Final = {
    "a NIK or NIP (16 or more digits)": r"\p{Nd}{6}",
    "an e-mail address": "@",
    "a telephone number": r"8\p{Nd}{2}",
}
#: Ids made only of 16 or 18 digits are a NIK or a NIP, not a pseudonym.
_NIK_NIP_DIGITS = (16, 18)


def _personal_data_problems(spec: TableSpec, typed: pd.DataFrame) -> list[pd.DataFrame]:
    """Personal identifiers inside the data: NIK/NIP-shaped numbers, e-mail addresses and
    telephone numbers in free-text columns (a unit name, a task), and ids that are a bare NIK
    or NIP instead of a pseudonym. The value is not echoed: it would print the identifier.

    Each distinct text is searched once (a survey's ``service`` column repeats a few names
    over millions of answers)."""
    found = []
    for f in spec.fields:
        if f.kind != "str" or f.name not in typed or (f.allowed and f.pattern is None):
            continue
        values = typed[f.name]
        if f.pattern is not None:  # an id
            hit = keys.is_number_of_length(values, _NIK_NIP_DIGITS)
            if hit.any():
                found.append(_unechoed(spec, typed, hit, f.name, _BARE_NUMBER_RULE))
            continue
        distinct = pd.Series(values.dropna().unique(), dtype="str")
        for what, pattern in PERSONAL_DATA_PATTERNS.items():
            texts = distinct[_matches(distinct, _PERSONAL_DATA_CANDIDATES[what])]
            if not len(texts):
                continue
            flagged = texts[texts.str.contains(pattern).fillna(False).astype(bool)]
            if len(flagged):
                hit = keys.isin(values, flagged)
                found.append(_unechoed(spec, typed, hit, f.name, _TEXT_RULE.format(what=what)))
    return found


def _unechoed(spec: TableSpec, typed: pd.DataFrame, hit, column: str, rule: str) -> pd.DataFrame:
    """Problems at the rows of ``hit`` whose value is not shown."""
    return _problems(spec.name, typed.index[hit], column, rule, [None] * int(hit.sum()))


_BARE_NUMBER_RULE = (
    "is a bare NIK or NIP (16 or 18 digits), not a pseudonym: replace each person's number by "
    "a keyed pseudonym before loading"
)
_TEXT_RULE = (
    "holds what looks like {what}: personal identifiers and contact data never enter the "
    "data; remove it from the text"
)


def _schema_problems(
    spec: TableSpec, typed: pd.DataFrame, unreadable: pd.DataFrame, skip_columns: set[str]
) -> pd.DataFrame:
    """pandera's findings as problems, without repeating unreadable cells or missing columns."""
    schema = pandera_schema(spec.name)
    try:
        # inplace: no copy of the table (1.5 GiB of national applicants); the schema does
        # not coerce, so nothing in it is changed
        schema.validate(typed, lazy=True, inplace=True)
        return _no_problems()
    except SchemaErrors as err:
        cases = err.failure_cases
    row_rules = {r.rule: r for r in spec.row_rules}
    # Nothing more to say about a missing column, nor about rules that need it.
    blocked = [r.rule for r in spec.row_rules if skip_columns.intersection(r.columns)]
    cases = cases[~cases["column"].isin(skip_columns) & ~cases["check"].isin(blocked)].copy()
    # Row rules and composite keys: pandera lists every column; keep one problem per row.
    is_row_rule = cases["check"].isin(row_rules)
    is_key = cases["check"] == "multiple_fields_uniqueness"
    per_row = cases[is_row_rule | is_key].drop_duplicates(["check", "index"])
    if len(unreadable) and len(per_row):
        # A row rule on a row with an unreadable cell in its columns says nothing new.
        bad_cells = set(
            zip(unreadable["row_index"].astype("Int64"), unreadable["column"], strict=True)
        )
        rule_columns = {r.rule: r.columns for r in spec.row_rules}
        echo = [
            any((row, c) in bad_cells for c in rule_columns.get(check, ()))
            for check, row in zip(per_row["check"], per_row["index"], strict=True)
        ]
        per_row = per_row[~pd.Series(echo, index=per_row.index, dtype=bool)]
    single = cases[~(is_row_rule | is_key)]
    single = single[~single["check"].str.startswith("dtype(")]
    out = []
    if len(single):
        rule = single["check"].replace(
            {
                "not_nullable": "must not be empty",
                "field_uniqueness": "must be unique (appears more than once)",
            }
        )
        out.append(
            pd.DataFrame(
                {
                    "table": spec.name,
                    "row_index": pd.array(single["index"], dtype="Int64"),
                    "column": single["column"].to_numpy(),
                    "rule": rule.to_numpy(),
                    "value": single["failure_case"].to_numpy(dtype="object"),
                }
            )
        )
    for check, group in per_row.groupby("check", sort=False):
        rows = pd.array(group["index"], dtype="Int64")
        if check in row_rules:
            columns = list(row_rules[check].columns)
            rule = check
        else:
            columns = list(spec.key)
            rule = "key must be unique: the same " + " + ".join(columns) + " appears more than once"
        values = _joined(typed.loc[rows.astype("int64"), columns])
        out.append(
            pd.DataFrame(
                {
                    "table": spec.name,
                    "row_index": rows,
                    "column": ", ".join(columns),
                    "rule": rule,
                    "value": values.to_numpy(dtype="object"),
                }
            )
        )
    problems = _concat(out)
    # A cell already reported as unreadable is empty now; do not report it again as empty.
    if len(unreadable):
        seen = pd.MultiIndex.from_frame(unreadable[["row_index", "column"]].astype(str))
        again = pd.MultiIndex.from_frame(problems[["row_index", "column"]].astype(str)).isin(seen)
        problems = problems[~(again & (problems["rule"] == "must not be empty"))]
    return problems


def _joined(frame: pd.DataFrame) -> pd.Series:
    """The cells of each row as one text, ``a, b, c`` (empty cells as ``<empty>``)."""
    parts = [frame[c].astype("string").fillna("<empty>") for c in frame.columns]
    return parts[0].str.cat(parts[1:], sep=", ") if len(parts) > 1 else parts[0]


# --------------------------------------------------------------------------------------------
# Cross-table checks
# --------------------------------------------------------------------------------------------


def _cell_problems(
    table: str,
    frame: pd.DataFrame,
    mask: pd.Series,
    column: str,
    rule: str,
    values: pd.Series | None = None,
) -> pd.DataFrame:
    rows = frame.index[mask.fillna(False).to_numpy(dtype=bool)]
    vals = (values if values is not None else frame[column])[
        mask.fillna(False).to_numpy(dtype=bool)
    ]
    return _problems(table, rows, column, rule, vals.astype(str))


def _references(tables: Mapping[str, pd.DataFrame]) -> tuple[list, list[str]]:
    out, skipped = [], []
    for spec in TABLES.values():
        child = tables.get(spec.name)
        if child is None:
            continue
        for f in spec.fields:
            ref = f.references
            if ref is None:
                continue
            parent = tables.get(ref.table)
            if parent is None:
                skipped.append(f"{spec.name}.{f.name} -> {ref.table} (table absent)")
                continue
            values = child[f.name]
            broken = pd.Series(
                values.notna().to_numpy() & ~keys.isin(values, parent[ref.column]),
                index=values.index,
            )
            out.append(
                _cell_problems(
                    spec.name, child, broken, f.name, f"must exist in {ref.table}.{ref.column}"
                )
            )
    return out, skipped


def _lookup(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """``value`` by ``key`` (first row of a repeated key; repeats are reported elsewhere)."""
    return pd.Series(frame[value].array, index=frame[key].array)


#: Ids that must agree across tables: (table, column, path of lookups, rule). Each lookup maps
#: the current value through ``table.key -> table.value``, starting from the row's column named
#: first in the path.
_AGREEMENTS: Final = (
    (
        "employees",
        "unit_id",
        ("position_id", ("positions", "position_id", "unit_id")),
        "must be the unit of the employee's position",
    ),
    (
        "employees",
        "region_id",
        ("unit_id", ("units", "unit_id", "region_id")),
        "must be the region of the employee's unit",
    ),
    (
        "formasi",
        "region_id",
        ("position_id", ("positions", "position_id", "unit_id"), ("units", "unit_id", "region_id")),
        "must be the region of the formasi's position",
    ),
)


def _agreement(tables: Mapping[str, pd.DataFrame]) -> list:
    """Ids that must agree across tables (e.g. an employee's unit is its position's unit)."""
    out = []
    for table, column, (start, *lookups), rule in _AGREEMENTS:
        frame = tables.get(table)
        if frame is None or any(tables.get(t) is None for t, _, _ in lookups):
            continue
        expected = frame[start]
        for parent, key, value in lookups:
            expected = keys.lookup(expected, _lookup(tables[parent], key, value))
        mismatch = expected.notna() & (expected != frame[column])
        shown = frame[column] + " (expected " + expected + ")"
        out.append(_cell_problems(table, frame, mismatch, column, rule, shown))
    return out


def _skd_fits_year(tables: Mapping[str, pd.DataFrame]) -> list:
    """SKD sub-test scores must fit the format of the formasi's year (e.g. TWK <= 150 in 2024)."""
    applicants, formasi = tables.get("applicants"), tables.get("formasi")
    if applicants is None or formasi is None:
        return []
    year = keys.lookup(applicants["formasi_id"], _lookup(formasi, "formasi_id", "year"))
    out = []
    for part in rules.SKD_PARTS:
        maxima = {y: getattr(r.format, f"{part}_max") for y, r in rules.SKD.items()}
        limit = year.map(maxima)
        over = limit.notna() & applicants[part].notna() & (applicants[part] > limit)
        if over.any():
            for y in sorted(year[over].unique()):
                out.append(
                    _cell_problems(
                        "applicants",
                        applicants,
                        over & (year == y),
                        part,
                        f"must be at most {maxima[y]} (the {part.upper()} maximum of the {int(y)} "
                        f"SKD format)",
                    )
                )
    return out


def _regions_without_units(tables: Mapping[str, pd.DataFrame]) -> list:
    """A region listed in ``regions`` whose units are absent has nothing a report can show:
    every analysis starts from its units."""
    regions, units = tables.get("regions"), tables.get("units")
    if regions is None or units is None:
        return []
    empty = regions["region_id"].notna() & ~keys.isin(regions["region_id"], units["region_id"])
    rule = (
        "region has no units in units: add its units (and the rest of its data), or remove "
        "the region's row"
    )
    return [
        _cell_problems("regions", regions, pd.Series(empty, index=regions.index), "region_id", rule)
    ]


def check_dataset(tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """Cross-table checks on parsed tables.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Parsed tables by name; absent tables are left out.

    Returns
    -------
    problems : DataFrame
        Same columns as :func:`validate_table` returns.
    skipped : list of str
        References that could not be checked because the referenced table is absent.
    """
    refs, skipped = _references(tables)
    found = [*refs, *_agreement(tables), *_skd_fits_year(tables), *_regions_without_units(tables)]
    problems = _concat(found)
    return problems, skipped
