"""Parse raw tables into typed columns and check them, reporting every problem.

:func:`validate_table` reads one table (text cells from CSV, or spreadsheet / Parquet values):
it normalises headers, reports missing, unknown, repeated and personal-identifier columns,
parses each column to its kind while recording every unreadable cell, then runs the table's
pandera schema (:mod:`asnpolicy.schema`). :func:`check_dataset` checks the tables against each
other: references, ids that must agree, SKD scores against the format of their year.

Problems come back as a DataFrame with columns ``table``, ``row_index`` (0-based position in
the frame), ``column``, ``rule`` and ``value``; :mod:`asnpolicy.io` adds the file and the row
number a user sees.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors

from . import keys, rules
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
    "validate_table",
]

# --------------------------------------------------------------------------------------------
# Parsing and validation of one table
# --------------------------------------------------------------------------------------------

PROBLEM_FIELDS: Final = ("table", "row_index", "column", "rule", "value")
_TRUE = frozenset({"true", "1", "yes", "y", "ya", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "tidak", "f"})
#: The apostrophe that keeps a spreadsheet from running a text as a formula (OWASP).
_QUOTED_FORMULA = r"^'(?=[=+\-@\t\r])"


def _problems(table: str, rows, column, rule: str, values) -> pd.DataFrame:
    rows = pd.Index(rows)
    if not len(rows):  # the usual case, and a frame built from nothing costs ~10 ms
        return _no_problems()
    return pd.DataFrame(
        {
            "table": table,
            "row_index": pd.array(rows, dtype="Int64"),
            "column": column,
            "rule": rule,
            "value": pd.Series(values, dtype="object").to_numpy() if len(rows) else [],
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


def _blank(values: pd.Series) -> pd.Series:
    """Empty cells: missing, or text that is only spaces."""
    if values.dtype.kind in "biufcmM":  # numbers, booleans and dates cannot be spaces
        return values.isna()
    text = values.astype("string").str.strip()
    return values.isna() | (text == "").fillna(False)


def _parse(f: Field, values: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """Parse one column to its kind. Returns the parsed column and a mask of unreadable cells."""
    if f.kind == "str":
        stripped = values.astype("str").str.strip()
        # a text written as '=... so that no spreadsheet runs it as a formula (Dataset.save)
        stripped = stripped.str.replace(_QUOTED_FORMULA, "", n=1, regex=True)
        return stripped.where(stripped.ne("") & values.notna()), pd.Series(
            False, index=values.index
        )
    blank = _blank(values)
    if f.kind in ("int", "float"):
        if values.dtype.kind in "biuf":
            numbers = values.astype("float64")
        else:
            text = values.astype("string").str.strip()
            if decimal_comma:
                text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            numbers = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = numbers.isna() & ~blank
        if f.kind == "int":
            fractional = numbers.notna() & (numbers != np.floor(numbers))
            bad |= fractional
            numbers = numbers.mask(fractional)
            # A required whole-number column with unreadable cells keeps them empty (Int64).
            complete = f.nullable or numbers.notna().all()
            return numbers.astype(f.dtype if complete else "Int64"), bad
        return numbers, bad
    if f.kind == "bool":
        if values.dtype.kind == "b":
            return values.astype(f.dtype), pd.Series(False, index=values.index)
        text = values.astype("string").str.strip().str.lower()
        parsed = pd.Series(pd.NA, index=values.index, dtype="boolean")
        parsed[text.isin(_TRUE).fillna(False)] = True
        parsed[text.isin(_FALSE).fillna(False)] = False
        bad = parsed.isna() & ~blank
        return (parsed.astype("bool") if not f.nullable and parsed.notna().all() else parsed), bad
    # date
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        text = values.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    parsed = parsed.astype("datetime64[ns]")
    return parsed, parsed.isna() & ~blank


_KIND_RULE = {
    "int": "must be a whole number",
    "float": "must be a number",
    "bool": "must be true or false",
    "date": "must be a date written YYYY-MM-DD",
}


def validate_table(
    table: str, raw: pd.DataFrame, *, decimal_comma: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse and check one table.

    Parameters
    ----------
    table : str
        Table name (a key of :data:`TABLES`).
    raw : DataFrame
        The table as read: text cells (CSV) or spreadsheet / Parquet values, any header case.
    decimal_comma : bool
        Read ``1.234,5`` as 1234.5 (CSV files written with ``;`` separators).

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
    parsed = {}
    for f in spec.fields:
        if f.name not in frame:  # an absent optional column is all empty
            parsed[f.name] = _parse(f, pd.Series(None, index=frame.index, dtype="object"), False)[0]
            continue
        column, bad = _parse(f, frame[f.name], decimal_comma)
        if bad.any():
            found.append(
                _problems(
                    table,
                    frame.index[bad],
                    f.name,
                    _KIND_RULE[f.kind],
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
            _schema_problems(spec, typed, unreadable, missing_required),
            *_personal_data_problems(spec, typed),
        ]
    )
    return typed.reset_index(drop=True), problems


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
            flagged = distinct[distinct.str.contains(pattern).fillna(False).astype(bool)]
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
        schema.validate(typed, lazy=True)
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
