"""A validated dataset written once as Parquet partitioned by region, and read one region at a
time: :meth:`asnpolicy.Dataset.save` with ``partition_by="region_id"`` writes it and
:func:`asnpolicy.load_dataset` reads it (``region=`` reads that region's files only).

Layout of a snapshot folder::

    provenance.json                    what the folder holds (below)
    units/_schema.parquet              the table's columns and dtypes, no rows
    units/region_id=pauh/part-0.parquet
    positions/region_id=pauh/part-0.parquet
    ...
    _warnings.parquet, _rejected.parquet   Dataset.warnings and .rejected (when not empty)
    _scorecards/<key>.parquet + .json      scorecards stored beside the data (notebook 04)

Every table is hive-partitioned by region (``<table>/region_id=<value>/``, the value
percent-encoded, capital letters too, so that two regions never share a folder on a file
system that ignores case): a table with its own ``region_id`` keeps it in the folder's name
only (as hive partitioning does), the others (positions, applicants, ...) get their region
through their parents (:data:`asnpolicy.io._REGION_LINKS`). A table whose way to a region
passes through an absent table is written whole (``<table>/part-0.parquet``), as
:meth:`~asnpolicy.Dataset.for_region` keeps such a table whole. Each partition file keeps the
rows of its region in their order and a column ``_row``, the row's position in the whole
table, so that reading every partition gives the table back in its order.

``provenance.json`` holds the usual fields (``source``, ``synthetic``, ``content_hash``, ...)
and ``partitioned_by``, ``validated`` (the tables came from validation), ``region_hashes``
(the content hash of each region's :meth:`~asnpolicy.Dataset.for_region`), ``regions`` (the
regions the data cover, in study order), ``partitions`` (each region's folder name),
``tables`` (each table's columns, layout and content hash, whole and by region) and
``dataset_provenance`` (what the original data's ``provenance.json`` said). Reading compares
the content hash of what it read with the recorded one, table by table: when they agree and
the snapshot was validated, nothing is validated again.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .regions import study_order

if TYPE_CHECKING:  # pragma: no cover
    from .io import Dataset

__all__ = [
    "PARTITION_KEY",
    "ROW_COLUMN",
    "from_json",
    "is_snapshot",
    "partition_name",
    "read_card",
    "read_problems",
    "read_record",
    "read_tables",
    "record_problem",
    "row_hashes",
    "snapshot_record",
    "store_result",
    "stored_result",
    "table_hash",
    "to_json",
    "write_card",
    "write_snapshot",
]

#: The one column a snapshot is partitioned by.
PARTITION_KEY = "region_id"
#: The column of a partition file that holds each row's position in the whole table.
ROW_COLUMN = "_row"
#: Each table's file with its columns and dtypes and no rows (a region without rows).
SCHEMA_FILE = "_schema.parquet"
#: The data file of a partition, or of a table written whole.
PART_FILE = "part-0.parquet"
#: Dataset.warnings and Dataset.rejected.
PROBLEM_FILES = {"warnings": "_warnings.parquet", "rejected": "_rejected.parquet"}
#: The folder of stored scorecards.
CARDS = "_scorecards"
#: Layouts of a table in a snapshot.
_PARTITIONED, _WHOLE = "partitioned", "whole"
#: Characters kept as they are in a partition's folder name; any other is percent-encoded.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-~")
#: Longest encoded value kept whole in a folder name (a file name has at most 255 bytes).
_MAX_NAME = 150


# ------------------------------------------------------------------------------------------
# Hashes
# ------------------------------------------------------------------------------------------


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of ``frame`` (its values, not its index), as
    :meth:`asnpolicy.Dataset.content_hash` hashes them."""
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def _update(digest, name: str, columns: Iterable[str], hashes: np.ndarray) -> None:
    """Add one table to ``digest`` as :meth:`asnpolicy.Dataset.content_hash` does."""
    digest.update(name.encode())
    digest.update(",".join(columns).encode())
    digest.update(np.ascontiguousarray(hashes).tobytes())


def table_hash(name: str, columns: Iterable[str], hashes: np.ndarray) -> str:
    """The content hash of one table (16 hex digits) from its row hashes: that of a
    :class:`~asnpolicy.Dataset` holding this table only."""
    digest = hashlib.sha256()
    _update(digest, name, columns, hashes)
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------------------------------
# Names
# ------------------------------------------------------------------------------------------


def partition_name(region: str) -> str:
    """The folder of ``region``'s rows: ``region_id=`` and the id, every character but
    lowercase letters, digits and ``_.-~`` percent-encoded (UTF-8), so the name is one path
    component, decodes back to the id (hive partitioning) and differs from every other
    region's even where case is ignored. A very long id is cut and given a hash.

    Examples
    --------
    >>> partition_name("pauh"), partition_name("a/../b"), partition_name("Pauh")
    ('region_id=pauh', 'region_id=a%2F..%2Fb', 'region_id=%50auh')
    """
    value = "".join(
        c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))
        for c in str(region)
    )
    if len(value) > _MAX_NAME:
        digest = hashlib.sha256(str(region).encode("utf-8", "surrogatepass")).hexdigest()
        value = f"{value[:_MAX_NAME]}--{digest[:10]}"
    return f"{PARTITION_KEY}={value}"


def _one_component(name: object) -> bool:
    """Whether a folder name read from ``provenance.json`` stays inside its table's folder."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


# ------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------


def write_snapshot(dataset: Dataset, folder: Path) -> dict:
    """Write ``dataset``'s tables and problems into ``folder`` (an empty staging folder) and
    return the fields ``provenance.json`` adds for them.

    Raises
    ------
    ValueError
        When a row of a table reaches no region (a validated dataset has none): the message
        names the table and the number of rows.
    """
    import pyarrow as pa

    tables = dataset.tables()
    by_row = dataset.row_regions()
    known = dataset.region_ids()
    _refuse_rows_without_region(by_row)
    found = {r for regions in by_row.values() if regions is not None for r in regions.unique()}
    partitions = {r: partition_name(r) for r in sorted(found | set(known), key=study_order)}
    digests = {r: hashlib.sha256() for r in known}
    whole = hashlib.sha256()
    described: dict[str, dict] = {}
    for name, frame in tables.items():
        hashes = row_hashes(frame)
        columns = [str(c) for c in frame.columns]
        _update(whole, name, columns, hashes)
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        (folder / name).mkdir()
        info = {"columns": columns, "hash": table_hash(name, columns, hashes)}
        if by_row[name] is None:
            _write(arrow, folder / name / PART_FILE)
            for digest in digests.values():
                _update(digest, name, columns, hashes)
            described[name] = {**info, "layout": _WHOLE}
            continue
        _write(arrow.slice(0, 0), folder / name / SCHEMA_FILE)
        hashed = _write_partitions(arrow, by_row[name], hashes, folder / name, partitions, info)
        for region, digest in digests.items():
            _update(digest, name, columns, hashed.get(region, hashes[:0]))
        described[name] = {
            **info,
            "layout": _PARTITIONED,
            "region_hashes": {r: table_hash(name, columns, h) for r, h in hashed.items()},
        }
    for kind, file in PROBLEM_FILES.items():
        problems = getattr(dataset, kind)
        if len(problems):
            _write_problems(problems, folder / file)
    return {
        "content_hash": whole.hexdigest()[:16],
        "partitioned_by": PARTITION_KEY,
        "regions": known,
        "region_hashes": {r: d.hexdigest()[:16] for r, d in digests.items()},
        "partitions": partitions,
        "tables": described,
    }


def _refuse_rows_without_region(by_row: Mapping[str, pd.Series | None]) -> None:
    for name, regions in by_row.items():
        if regions is not None and regions.isna().any():
            n = int(regions.isna().sum())
            raise ValueError(
                f"{n:,} row(s) of the table {name} reach no region (an empty id, or a parent "
                "row that is absent), so they cannot be partitioned by region_id; validate the "
                "data (load_dataset or from_tables) and save what it returns."
            )


def _write_partitions(
    arrow, regions: pd.Series, hashes: np.ndarray, folder: Path, partitions: dict, info: dict
) -> dict[str, np.ndarray]:
    """One file per region of the table ``arrow``, its rows in their order with their
    position (``_row``); returns each region's row hashes."""
    import pyarrow as pa

    codes, uniques = pd.factorize(regions, sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    arrow = arrow.append_column(ROW_COLUMN, pa.array(np.arange(len(codes), dtype=np.int64)))
    if PARTITION_KEY in info["columns"]:
        arrow = arrow.drop_columns([PARTITION_KEY])
    arrow = arrow.take(pa.array(order))
    hashes = hashes[order]
    out = {}
    for i, region in enumerate(uniques):
        start, stop = int(bounds[i]), int(bounds[i + 1])
        target = folder / partitions[region]
        target.mkdir()
        _write(arrow.slice(start, stop - start), target / PART_FILE)
        out[region] = hashes[start:stop]
    return out


def _write(arrow, target: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow, target)


def _write_problems(problems: pd.DataFrame, target: Path) -> None:
    """A problem table (:data:`asnpolicy.errors.PROBLEM_COLUMNS`) as Parquet, its dtypes in
    the file's metadata. A column of Python objects (the value of a rejected cell: text, a
    number, None) is stored as JSON text, cell by cell, so that each value comes back of its
    kind (a value JSON does not know, such as a date, comes back as its text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    stored = problems.copy()
    mixed = [str(c) for c in stored.columns if stored[c].dtype == object]
    for column in mixed:
        stored[column] = stored[column].map(_json_cell).astype("str")
    arrow = pa.Table.from_pandas(stored, preserve_index=False)
    about = {
        b"asnpolicy.dtypes": json.dumps({str(c): str(t) for c, t in problems.dtypes.items()}),
        b"asnpolicy.json_columns": json.dumps(mixed),
    }
    arrow = arrow.replace_schema_metadata({**arrow.schema.metadata, **about})
    pq.write_table(arrow, target)


def _json_cell(value) -> str:
    return json.dumps(value.item() if isinstance(value, np.generic) else value, default=str)


# ------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------


def read_record(path: Path) -> dict | None:
    """The ``provenance.json`` of a snapshot folder; None when ``path`` is not one (no such
    file, not JSON, or no ``partitioned_by``)."""
    file = Path(path) / "provenance.json"
    try:
        if not Path(path).is_dir() or not file.is_file():
            return None
        record = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(record, dict) or "partitioned_by" not in record:
        return None
    return record


def snapshot_record(folder: Path) -> dict:
    """The snapshot's ``provenance.json``.

    Raises
    ------
    ValueError
        When ``folder`` is not a snapshot.
    """
    record = read_record(folder)
    if record is None:
        raise ValueError(f"{folder} is not a snapshot (Dataset.save(..., partition_by=...)).")
    return record


def is_snapshot(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``Dataset.save(..., partition_by=...)``."""
    return read_record(Path(path)) is not None


def record_problem(record: dict) -> str | None:
    """What is wrong with a snapshot's ``provenance.json`` for reading it (None: nothing)."""
    if record.get("partitioned_by") != PARTITION_KEY:
        return f"field partitioned_by must be {PARTITION_KEY!r}"
    shapes = {
        "regions": list,
        "region_hashes": dict,
        "partitions": dict,
        "tables": dict,
        "content_hash": str,
    }
    for key, kind in shapes.items():
        if not isinstance(record.get(key), kind):
            return f"field {key} is missing or not a {kind.__name__}"
    for name, info in record["tables"].items():
        if not isinstance(info, dict) or not isinstance(info.get("columns"), list):
            return f"field tables.{name} has no list of columns"
        if info.get("layout") not in (_PARTITIONED, _WHOLE):
            return f"field tables.{name}.layout must be {_PARTITIONED} or {_WHOLE}"
    if not all(_one_component(v) for v in record["partitions"].values()):
        return "field partitions holds a folder name that is not one path component"
    return None


def read_tables(
    folder: Path, record: dict, region: str | None, names: Iterable[str]
) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[str]]:
    """The tables ``names`` of a snapshot: ``region``'s rows (its partition only), or every
    row in the table's order when ``region`` is None.

    Returns
    -------
    frames : dict
        Table -> DataFrame, dtypes as written.
    files : dict
        Table -> the file read (for a region), or the table's folder.
    changed : list of str
        The tables whose content hash differs from the one recorded.
    """
    frames, files, changed = {}, {}, []
    for name in names:
        info = record["tables"][name]
        if region is None:
            frame, file = _readable(_read_whole, folder, name, info, record["partitions"])
            recorded = info.get("hash")
        else:
            frame, file = _readable(_read_region, folder, name, info, record["partitions"], region)
            recorded = (
                info.get("hash")
                if info["layout"] == _WHOLE
                else info.get("region_hashes", {}).get(region)
            )
            if recorded is None and info["layout"] == _PARTITIONED:
                recorded = table_hash(name, info["columns"], np.empty(0, dtype=np.uint64))
        frames[name], files[name] = frame, file
        if recorded is None or table_hash(name, frame.columns, row_hashes(frame)) != recorded:
            changed.append(name)
    return frames, files, changed


def _readable(read, folder: Path, name: str, *args) -> tuple[pd.DataFrame, str]:
    """``read(folder, name, ...)``; a file that is missing or cannot be read is a DataError
    naming the table's folder."""
    from .errors import PROBLEM_COLUMNS, DataError
    from .reading import file_problem

    try:
        return read(folder, name, *args)
    except Exception as err:  # pyarrow raises several types for a damaged file
        rule = f"cannot be read as a snapshot's Parquet files: {' '.join(str(err).split())}"
        problem = file_problem(str(folder / name), name, rule)
        raise DataError(pd.DataFrame([problem], columns=list(PROBLEM_COLUMNS))) from None


def _read_region(
    folder: Path, name: str, info: dict, partitions: dict, region: str
) -> tuple[pd.DataFrame, str]:
    import pyarrow.parquet as pq

    if info["layout"] == _WHOLE:
        file = folder / name / PART_FILE
        return pq.read_table(file, partitioning=None).to_pandas(), str(file)
    dirname = partitions.get(region)
    file = folder / name / dirname / PART_FILE if dirname is not None else None
    if file is None or not file.exists():
        empty = folder / name / SCHEMA_FILE
        return pq.read_table(empty, partitioning=None).to_pandas(), str(empty)
    arrow = pq.read_table(file, partitioning=None)
    return _with_region(arrow, info, region).to_pandas(), str(file)


def _read_whole(folder: Path, name: str, info: dict, partitions: dict) -> tuple[pd.DataFrame, str]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if info["layout"] == _WHOLE:
        file = folder / name / PART_FILE
        return pq.read_table(file, partitioning=None).to_pandas(), str(file)
    parts = [pq.read_table(folder / name / SCHEMA_FILE, partitioning=None)]
    for region in info.get("region_hashes", {}):
        file = folder / name / partitions[region] / PART_FILE
        arrow = pq.read_table(file, partitioning=None)
        arrow = _with_region(arrow, info, region, keep_row=True)
        parts.append(arrow.select([*parts[0].schema.names, ROW_COLUMN]))
    if len(parts) == 1:
        return parts[0].to_pandas(), str(folder / name)
    arrow = pa.concat_tables(parts[1:])
    arrow = arrow.take(pc.sort_indices(arrow[ROW_COLUMN]))
    arrow = arrow.drop_columns([ROW_COLUMN]).replace_schema_metadata(parts[0].schema.metadata)
    return arrow.to_pandas(), str(folder / name)


def _with_region(arrow, info: dict, region: str, *, keep_row: bool = False):
    """A partition's rows with the region's id where the table has a ``region_id`` of its
    own, at its place, and without ``_row`` unless ``keep_row``."""
    import pyarrow as pa

    if not keep_row and ROW_COLUMN in arrow.schema.names:
        arrow = arrow.drop_columns([ROW_COLUMN])
    if PARTITION_KEY not in info["columns"]:
        return arrow
    metadata = arrow.schema.metadata
    where = info["columns"].index(PARTITION_KEY)
    ids = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(arrow.num_rows, dtype=np.int32)), pa.array([region], pa.large_string())
    ).cast(pa.large_string())
    arrow = arrow.add_column(where, pa.field(PARTITION_KEY, pa.large_string()), ids)
    return arrow.replace_schema_metadata(metadata)


def read_problems(folder: Path, kind: str) -> pd.DataFrame | None:
    """``Dataset.warnings`` or ``.rejected`` as written (None when none was)."""
    import pyarrow.parquet as pq

    file = folder / PROBLEM_FILES[kind]
    if not file.exists():
        return None
    arrow = pq.read_table(file, partitioning=None)
    about = arrow.schema.metadata or {}
    dtypes = json.loads(about.get(b"asnpolicy.dtypes", b"{}"))
    frame = arrow.to_pandas()
    for column in json.loads(about.get(b"asnpolicy.json_columns", b"[]")):
        values = [json.loads(cell) for cell in frame[column].tolist()]  # kinds as stored
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    for column, dtype in dtypes.items():
        if column in frame and str(frame[column].dtype) != dtype:
            values = frame[column]
            if dtype == "object":
                frame[column] = values.astype(object).where(values.notna(), None)
            else:
                frame[column] = values.astype(dtype)
    return frame


# ------------------------------------------------------------------------------------------
# Stored results beside the data (a scorecard)
# ------------------------------------------------------------------------------------------


def _card_file(folder: Path, key: Mapping) -> Path:
    text = json.dumps(dict(key), sort_keys=True)
    return folder / CARDS / hashlib.sha256(text.encode()).hexdigest()[:16]


def write_card(folder: Path, key: Mapping, frame: pd.DataFrame, meta: Mapping) -> Path:
    """Store ``frame`` (its ``attrs`` too) under ``key`` in the snapshot ``folder``, with
    ``meta`` beside it; written whole or not at all.

    Returns
    -------
    Path
        The Parquet file written.
    """
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    stem = _card_file(folder, key)
    stem.parent.mkdir(exist_ok=True)
    arrow = pa.Table.from_pandas(frame, preserve_index=True)
    record = {"key": dict(key), "attrs": to_json(frame.attrs), **dict(meta)}
    for file, write in (
        (stem.with_suffix(".parquet"), lambda t: pq.write_table(arrow, t)),
        (stem.with_suffix(".json"), lambda t: t.write_text(json.dumps(record), encoding="utf-8")),
    ):
        partial = file.with_name(f".{file.name}.part")
        write(partial)
        os.replace(partial, file)
    return stem.with_suffix(".parquet")


def read_card(folder: Path, key: Mapping) -> tuple[pd.DataFrame, dict] | None:
    """The frame stored under ``key`` (its ``attrs`` restored) and its ``meta``; None when
    there is none, or it cannot be read."""
    import pyarrow.parquet as pq

    stem = _card_file(folder, key)
    try:
        record = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("key") != json.loads(json.dumps(dict(key))):
            return None
        frame = pq.read_table(stem.with_suffix(".parquet"), partitioning=None).to_pandas()
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    except Exception:  # pyarrow raises several types for a damaged file
        return None
    frame.attrs.update(from_json(record.get("attrs", {})))
    meta = {k: v for k, v in record.items() if k not in ("key", "attrs")}
    return frame, meta


def store_result(
    folder: Path,
    key: Mapping,
    frame: pd.DataFrame,
    *,
    content_hash: str,
    version: str,
    meta: Mapping | None = None,
) -> Path:
    """Store ``frame``, computed by this ``version`` of asnpolicy from the data of the
    snapshot ``folder`` (and describing the data whose hash is ``content_hash``), under
    ``key``, for :func:`stored_result`; ``meta``: more to keep beside it.

    Raises
    ------
    ValueError
        When ``folder`` is not a snapshot.
    """
    record = snapshot_record(folder)
    about = {
        "data_hash": record.get("content_hash"),
        "content_hash": content_hash,
        "asnpolicy_version": version,
        **dict(meta or {}),
    }
    return write_card(folder, key, frame, about)


def stored_result(folder: Path, key: Mapping, version: str) -> tuple[pd.DataFrame, dict] | None:
    """:func:`read_card` of the snapshot ``folder`` when what is stored there was computed
    from this snapshot's data (its ``data_hash`` is the snapshot's content hash) by this
    ``version`` of asnpolicy and names the data it describes (``content_hash``); else None."""
    record = read_record(folder)
    found = read_card(folder, key) if record is not None else None
    if found is None:
        return None
    meta = found[1]
    if (
        meta.get("data_hash") != record.get("content_hash")
        or meta.get("asnpolicy_version") != version
        or not isinstance(meta.get("content_hash"), str)
    ):
        return None
    return found


def to_json(value):
    """``value`` (dicts with text keys, lists, tuples, text, numbers, None) as JSON data that
    :func:`from_json` turns back into the same value: a tuple is tagged, a number that is
    not finite written as text.

    Examples
    --------
    >>> value = {"needs": {"ikm": ("skm", "units")}, "n": 5, "x": float("nan")}
    >>> back = from_json(json.loads(json.dumps(to_json(value))))
    >>> back["needs"], back["n"], math.isnan(back["x"])
    ({'ikm': ('skm', 'units')}, 5, True)
    """
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only dictionaries with text keys can be stored")
        return {"dict": {k: to_json(v) for k, v in value.items()}}
    if isinstance(value, tuple):
        return {"tuple": [to_json(v) for v in value]}
    if isinstance(value, list):
        return {"list": [to_json(v) for v in value]}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"a value of type {type(value).__name__} cannot be stored")


def from_json(value):
    """The value :func:`to_json` stored."""
    if isinstance(value, dict):
        ((kind, inner),) = value.items()
        if kind == "dict":
            return {k: from_json(v) for k, v in inner.items()}
        if kind == "tuple":
            return tuple(from_json(v) for v in inner)
        if kind == "list":
            return [from_json(v) for v in inner]
        return float(inner)
    return value
