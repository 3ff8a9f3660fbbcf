"""Load, validate and save a :class:`Dataset`: twelve tables in CSV, Parquet or XLSX.

A dataset is a folder with one file per table named after the table (``units.csv``,
``applicants.parquet``, ``skm.xlsx``) or one XLSX workbook with a sheet per table. Tables a user
does not have may be absent. Loading never modifies the input files. By default it never
half-loads: either every table passes its schema and the cross-table checks, or one
:class:`~asnpolicy.DataError` lists every problem by file, table, row, column, rule and value.
With ``on_error="quarantine"`` the rows with problems are left out (and the rows whose
references then dangle), the rest load, and :attr:`Dataset.rejected` lists what was left out
and why. Rows that break a rule of severity ``warning`` always load, noted on
:attr:`Dataset.warnings`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from . import keys, snapshot
from .errors import PROBLEM_COLUMNS, DataError, no_problems, sort_problems
from .insufficient import NotEnoughData
from .reading import Source, file_names, file_problem, find_sources, table_files, with_place
from .regions import REGIONS, study_order
from .schema import TABLES, empty_frame, table_spec
from .validation import check_dataset, validate_table
from .writing import staging, write_sheet, write_table

__all__ = [
    "Dataset",
    "FORMATS",
    "ON_ERROR",
    "PROVENANCE_FILE",
    "ensure_replaceable",
    "from_tables",
    "load_dataset",
    "package_version",
    "project_root",
    "resolve_data_path",
]

#: File written beside the tables that says where they came from (synthetic or not).
PROVENANCE_FILE = "provenance.json"
#: File endings read and written, by format name.
FORMATS = {"csv": ".csv", "parquet": ".parquet", "xlsx": ".xlsx"}
#: What loading does with rows that break the data model: stop with one DataError listing every
#: problem (``raise``), or leave those rows out and list them on ``Dataset.rejected``
#: (``quarantine``).
ON_ERROR = ("raise", "quarantine")
#: Most rows of an XLSX sheet (Excel's limit, less the header).
_EXCEL_MAX_ROWS = 1_048_575
#: How each table is filtered to one region: by its own region_id, or through its parent.
_REGION_LINKS: dict[str, tuple[str, str, str]] = {
    # table: (column, parent table, parent column)
    "positions": ("unit_id", "units", "unit_id"),
    "workload": ("position_id", "positions", "position_id"),
    "applicants": ("formasi_id", "formasi", "formasi_id"),
    "assessments": ("applicant_id", "applicants", "applicant_id"),
    "performance": ("employee_id", "employees", "employee_id"),
    "training": ("employee_id", "employees", "employee_id"),
    "promotions": ("employee_id", "employees", "employee_id"),
    "skm": ("unit_id", "units", "unit_id"),
    "ikm_published": ("unit_id", "units", "unit_id"),
}


@dataclass
class Dataset:
    """The tables of one or more regions, each validated against its schema.

    Attributes
    ----------
    regions, units, positions, workload, employees, formasi, applicants, assessments,
    performance, skm, ikm_published, training, promotions, region_policies : DataFrame or None
        The tables (``None`` when absent). See ``data/README.md`` for their columns.
    warnings : DataFrame
        Rows kept as recorded that break a rule of severity ``warning`` (e.g. an SKP rating
        that does not follow the PermenPANRB 6/2022 matrix): columns of
        :data:`asnpolicy.errors.PROBLEM_COLUMNS`; empty when there are none.
    rejected : DataFrame
        Rows left out by ``load_dataset(..., on_error="quarantine")``, one row per problem, with
        the columns of :data:`asnpolicy.errors.PROBLEM_COLUMNS`; empty when none was.
    truth : dict
        Ground truth of synthetic data (empty for real data; not saved with the tables).
    source : str
        Where the data came from: a path, or ``synthetic (seed N)``.
    synthetic : bool
        Whether the data were made by the simulator (kept through save and load by the
        ``provenance.json`` file written beside the tables).
    provenance : dict
        What ``provenance.json`` said when the data were loaded (empty if there was none).
    validated : bool
        Whether the tables are those validation returned (:attr:`validated`).
    """

    regions: pd.DataFrame | None = None
    units: pd.DataFrame | None = None
    positions: pd.DataFrame | None = None
    workload: pd.DataFrame | None = None
    employees: pd.DataFrame | None = None
    formasi: pd.DataFrame | None = None
    applicants: pd.DataFrame | None = None
    assessments: pd.DataFrame | None = None
    performance: pd.DataFrame | None = None
    skm: pd.DataFrame | None = None
    ikm_published: pd.DataFrame | None = None
    training: pd.DataFrame | None = None
    promotions: pd.DataFrame | None = None
    region_policies: pd.DataFrame | None = None
    truth: dict = field(default_factory=dict)
    source: str = ""
    synthetic: bool = False
    provenance: dict = field(default_factory=dict)
    warnings: pd.DataFrame = field(default_factory=no_problems, repr=False)
    rejected: pd.DataFrame = field(default_factory=no_problems, repr=False)
    #: The frames validation returned, by table (see :attr:`validated`).
    _checked: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    #: What :meth:`region_of` and :meth:`remembered` found, by key, with the frames it was
    #: found from (see :meth:`_kept`).
    _found: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- access -----------------------------------------------------------------------------

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables present, by name, in the data model's order."""
        return {name: getattr(self, name) for name in TABLES if getattr(self, name) is not None}

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return iter(self.tables().items())

    def require(self, *names: str) -> None:
        """Raise a clear error when a table an analysis needs is absent or has no rows.

        Raises
        ------
        NotEnoughData
            Code ``tables``, naming the missing tables (``needs``) and where the data came from.
        """
        missing = [n for n in names if getattr(self, n, None) is None or not len(getattr(self, n))]
        if missing:
            raise NotEnoughData(
                f"This analysis needs the table(s) {', '.join(missing)}, which the dataset "
                f"from {self.source or 'memory'} does not have (or has no rows of). Add "
                + ", ".join(f"{m}.csv" for m in missing)
                + " (see data/README.md).",
                "tables",
                needs=missing,
            )

    def summary(self) -> pd.DataFrame:
        """One row per table of the data model: ``table``, ``present``, ``rows``."""
        return pd.DataFrame(
            [
                {
                    "table": name,
                    "present": getattr(self, name) is not None,
                    "rows": len(getattr(self, name)) if getattr(self, name) is not None else 0,
                }
                for name in TABLES
            ]
        )

    def region_ids(self) -> list[str]:
        """The region ids the data cover, in study order (the four study regions in the
        registry's order, then any other region by id); from ``regions``, else from the tables
        that have a ``region_id``."""
        if self.regions is not None:
            found = set(self.regions["region_id"].dropna().unique().tolist())
        else:
            found = set()
            for name in ("units", "employees", "formasi"):
                frame = getattr(self, name)
                if frame is not None:
                    found.update(frame["region_id"].dropna().unique().tolist())
        return sorted(found, key=study_order)

    @property
    def region(self) -> str:
        """The one region these data cover.

        Raises
        ------
        ValueError
            When the data cover no region or several (name one with :meth:`for_region`).
        """
        present = self.region_ids()
        if len(present) != 1:
            raise ValueError(
                f"The data from {self.source or 'memory'} cover "
                + (f"{len(present)} regions ({', '.join(present)})" if present else "no region")
                + "; choose one with Dataset.for_region(region)."
            )
        return present[0]

    def region_name(self, region: str | None = None) -> str:
        """Display name of ``region`` (default: the one region of the data): the registry's
        name for a study region, else the ``regions`` table's ``name``, else the id itself."""
        key = self.region if region is None else region
        return self.region_names([key])[0]

    def region_names(self, regions: Sequence[str]) -> list[str]:
        """:meth:`region_name` of each of ``regions``, in their order, from one lookup of the
        ``regions`` table (a national comparison names 552 regions)."""
        named: dict = {}
        if self.regions is not None and any(r not in REGIONS for r in regions):
            names = self.regions.drop_duplicates("region_id").set_index("region_id")["name"]
            named = names[names.notna()].astype(str).to_dict()
        return [REGIONS[r].name if r in REGIONS else named.get(r, r) for r in regions]

    @property
    def validated(self) -> bool:
        """Whether every table is the very frame validation returned: the dataset came from
        :func:`load_dataset` or :func:`from_tables` (or :meth:`for_region` of one), and no table
        was replaced since. A table changed in place (``ds.units.loc[...] = ...``) is not
        noticed."""
        present = self.tables()
        return (
            bool(present)
            and present.keys() == self._checked.keys()
            and all(self._checked[name] is frame for name, frame in present.items())
        )

    def _mark_validated(self) -> Dataset:
        """Record the present tables as validated (see :attr:`validated`)."""
        self._checked = self.tables()
        return self

    def region_of(self, table: str) -> pd.Series:
        """The ``region_id`` of each row of ``table``, indexed like it.

        A table with its own ``region_id`` gives it; the others reach it through their parents
        (``positions`` through ``units``, ``performance`` through ``employees``, ...). A row
        whose parent is absent gets a missing value.

        Raises
        ------
        ValueError
            When ``table`` or a parent on its way to a region is not in the data.

        Notes
        -----
        Found once per table and kept while the table and the parents on its way are the
        same frames (a national scorecard asks for the region of 15 million SKP rows five
        times). As with :attr:`validated`, an id changed in place (``ds.employees.loc[...] =
        ...``) is not noticed: replace the table instead. The Series returned is shared;
        pandas' copy-on-write keeps a change to it from reaching the next caller.
        """
        return self._region(table).copy(deep=False)

    def _region(self, table: str) -> pd.Series:
        """:meth:`region_of` as kept (shared: not to be changed), so that a child table's is
        kept while its parent's is the very same Series."""
        self.require(table)
        frame = getattr(self, table)
        if table not in _REGION_LINKS:
            if "region_id" not in frame.columns:
                raise ValueError(f"The table {table} has no region_id and no parent with one.")
            own = lambda: frame["region_id"].rename("region_id")  # noqa: E731
            return self._kept(("region_of", table), (frame,), own)
        column, parent, parent_column = _REGION_LINKS[table]
        parents = getattr(self, parent)
        self.require(parent)
        parent_region = self._region(parent)

        def joined() -> pd.Series:
            mapping = pd.Series(parent_region.to_numpy(), index=parents[parent_column].to_numpy())
            return keys.lookup(frame[column], mapping).rename("region_id")

        return self._kept(("region_of", table), (frame, parents, parent_region), joined)

    def remembered(self, key: Hashable, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``compute()``, computed once for ``key`` while no table is replaced: an expensive
        analysis asked for twice of the same data (the validity bootstrap, by the analyst and
        again by the scorecard) is computed once.

        Parameters
        ----------
        key : hashable
            The analysis and every argument its result depends on, besides the tables.
        compute : callable
            Computes the result from this dataset's tables; an error it raises is raised
            and nothing is kept.

        Returns
        -------
        DataFrame
            A shallow copy of the kept result (pandas' copy-on-write keeps a change to it
            from reaching the next caller), ``attrs`` included.

        Notes
        -----
        As with :attr:`validated`, a table changed in place (``ds.applicants.loc[...] = ...``)
        is not noticed: replace the table instead.
        """
        sources = tuple(getattr(self, name) for name in TABLES)
        return self._kept(("remembered", key), sources, compute).copy(deep=False)

    def _kept(self, key: Hashable, sources: tuple, compute: Callable):
        """``compute()``, computed once for ``key`` while ``sources`` are the very same
        objects; the kept object itself (shared: callers hand out copies)."""
        known = self._found.get(key)
        if known is None or not _same(known[0], sources):
            known = (sources, compute())
            self._found[key] = known
        return known[1]

    def row_regions(self) -> dict[str, pd.Series | None]:
        """The ``region_id`` of every row of every present table, as :meth:`region_of` gives
        it, each table's found once through its parent's (one lookup per table).

        Returns
        -------
        dict
            Table -> Series indexed like the table (missing where a row reaches no region),
            or None for a table that reaches no region because a table on its way is absent
            (:meth:`for_region` keeps such a table whole).
        """
        found: dict[str, pd.Series | None] = {}
        for name, frame in self.tables().items():  # parents come first in the data model
            if name not in _REGION_LINKS:
                has_own = "region_id" in frame.columns
                found[name] = frame["region_id"].rename("region_id") if has_own else None
                continue
            column, parent, parent_column = _REGION_LINKS[name]
            parents, parent_region = getattr(self, parent), found.get(parent)
            if parent_region is None:
                found[name] = None
                continue
            mapping = pd.Series(parent_region.to_numpy(), index=parents[parent_column].to_numpy())
            found[name] = keys.lookup(frame[column], mapping).rename("region_id")
        return found

    def content_hash(self) -> str:
        """A SHA-256 of the tables' contents (not of file bytes), 16 hex digits.

        The same data give the same hash whatever format they were stored in.
        """
        digest = hashlib.sha256()
        for name, frame in self.tables().items():
            digest.update(name.encode())
            digest.update(",".join(frame.columns).encode())
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        return digest.hexdigest()[:16]

    # -- derived datasets -------------------------------------------------------------------

    def _about(self) -> dict:
        """What a derived dataset keeps besides the tables."""
        return {
            "truth": self.truth,
            "source": self.source,
            "synthetic": self.synthetic,
            "provenance": self.provenance,
            "warnings": self.warnings,
            "rejected": self.rejected,
        }

    def for_region(self, region: str) -> Dataset:
        """The rows of one region in every table (children follow their parents' ids).

        Raises
        ------
        ValueError
            When the data hold no such region; the message lists those they hold.
        """
        known = self.region_ids()
        key = str(region).strip().lower()
        if key not in known:
            raise ValueError(
                f"Region {region!r} is not in the data from {self.source or 'memory'}; "
                f"regions present: {', '.join(known) or 'none'}."
            )
        kept: dict[str, pd.DataFrame] = {}
        for name, frame in self.tables().items():
            if "region_id" in frame.columns and name not in _REGION_LINKS:
                rows = frame["region_id"] == key
            elif name in _REGION_LINKS:
                column, parent, parent_column = _REGION_LINKS[name]
                parent_frame = kept.get(parent)
                if parent_frame is None:
                    kept[name] = frame
                    continue
                rows = keys.isin(frame[column], parent_frame[parent_column])
            else:
                rows = np.ones(len(frame), dtype=bool)
            kept[name] = frame.loc[np.asarray(rows, dtype=bool)].reset_index(drop=True)
        subset = Dataset(**kept, **self._about())
        return subset._mark_validated() if self.validated else subset

    def for_years(self, years) -> Dataset:
        """Only the formasi of ``years`` (an int or a collection; None keeps all), their
        applicants and assessments; the other tables are kept whole."""
        if self.formasi is None or years is None:
            return self
        wanted = {int(years)} if isinstance(years, int | np.integer) else {int(y) for y in years}
        kept = self.tables()
        kept["formasi"] = self.formasi[self.formasi["year"].isin(wanted)].reset_index(drop=True)
        if self.applicants is not None:
            kept["applicants"] = self.applicants[
                self.applicants["formasi_id"].isin(kept["formasi"]["formasi_id"])
            ].reset_index(drop=True)
            if self.assessments is not None:
                kept["assessments"] = self.assessments[
                    self.assessments["applicant_id"].isin(kept["applicants"]["applicant_id"])
                ].reset_index(drop=True)
        return Dataset(**kept, **self._about())

    # -- saving -----------------------------------------------------------------------------

    def save(
        self, path: str | os.PathLike, format: str = "csv", *, partition_by: str | None = None
    ) -> Path:
        """Write every present table, all or nothing.

        Parameters
        ----------
        path : path
            A folder for ``csv``, ``parquet`` and ``xlsx`` (one file per table, created if
            needed; files of other tables already there are left alone), or a ``.xlsx`` file
            for ``workbook`` (one sheet per table).
        format : {"csv", "parquet", "xlsx", "workbook"}
        partition_by : {"region_id"}, optional
            With ``format="parquet"``: write a snapshot partitioned by region
            (:mod:`asnpolicy.snapshot`), from which ``load_dataset(path, region=R)`` reads
            only R's files. ``path`` must be absent, empty or an earlier snapshot (replaced
            whole). Its ``provenance.json`` adds ``partitioned_by``, ``validated`` (true when
            the tables are those validation returned, :attr:`validated`), the content hash of
            each region (``region_hashes``) and of each table; :attr:`warnings` and
            :attr:`rejected` are written beside the tables.

        Returns
        -------
        Path
            Where the data were written.

        Raises
        ------
        ValueError
            For an unknown format; ``partition_by`` with another format or another column;
            with ``partition_by``, a row that reaches no region.
        FileExistsError
            With ``partition_by``, when ``path`` holds files and is not a snapshot.

        Notes
        -----
        Files are first written to a temporary folder beside the target and moved into place
        only when all are complete, so an error never leaves a half-written dataset.
        """
        if format not in (*FORMATS, "workbook"):
            raise ValueError(f"format must be one of csv, parquet, xlsx, workbook; not {format!r}")
        path = Path(path)
        if partition_by is not None:
            return self._save_partitioned(path, format, partition_by)
        tables = self.tables()
        if format in ("xlsx", "workbook"):
            too_big = [n for n, f in tables.items() if len(f) > _EXCEL_MAX_ROWS]
            if too_big:
                raise ValueError(
                    f"Table(s) {', '.join(too_big)} have more rows than an Excel sheet holds "
                    f"({_EXCEL_MAX_ROWS:,}); save as csv or parquet."
                )
        if format == "workbook":
            if path.suffix.lower() != ".xlsx":
                raise ValueError(f"A workbook path must end in .xlsx, not {path.name!r}.")
            with staging(path.parent) as tmp:
                target = tmp / path.name
                with pd.ExcelWriter(target, engine="openpyxl") as writer:
                    for name, frame in tables.items():
                        write_sheet(writer, frame, name)
                os.replace(target, path)
            return path
        with staging(path.parent) as tmp:
            for name, frame in tables.items():
                write_table(frame, tmp / f"{name}{FORMATS[format]}", format)
            (tmp / PROVENANCE_FILE).write_text(
                json.dumps(self.provenance_record(), indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            path.mkdir(parents=True, exist_ok=True)
            for written in sorted(tmp.iterdir()):
                os.replace(written, path / written.name)
        return path

    def _save_partitioned(self, path: Path, format: str, partition_by: str) -> Path:
        """:meth:`save` with ``partition_by``: a snapshot written whole into a staging folder,
        then moved into place (an earlier snapshot there is moved out first)."""
        if format != "parquet":
            raise ValueError(
                f"partition_by needs format='parquet' (a partitioned Parquet dataset), not "
                f"{format!r}."
            )
        if partition_by != snapshot.PARTITION_KEY:
            raise ValueError(
                f"Tables can be partitioned by {snapshot.PARTITION_KEY!r} only, not "
                f"{partition_by!r}."
            )
        if path.exists() and not snapshot.is_snapshot(path):
            if not path.is_dir() or any(path.iterdir()):
                raise FileExistsError(
                    f"{path} is not empty and is not a snapshot; choose an empty or new folder "
                    "for a partitioned snapshot."
                )
        with staging(path.parent) as tmp:
            staged = tmp / "snapshot"
            staged.mkdir()
            written = snapshot.write_snapshot(self, staged)
            record = {
                **self.provenance_record(content_hash=written["content_hash"]),
                **written,
                "validated": self.validated,
                "dataset_provenance": self._provenance_kept(),
            }
            (staged / PROVENANCE_FILE).write_text(
                json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            if path.exists():
                os.replace(path, tmp / "replaced")
            os.replace(staged, path)
        return path

    def _provenance_kept(self) -> dict:
        """What :attr:`provenance` a snapshot of these data loads with: this one, with the
        date the simulator's truth gives when it has none (the truth is not saved)."""
        kept = dict(self.provenance)
        if not kept.get("as_of") and "reference_year" in self.truth:
            kept["as_of"] = f"{self.truth['reference_year']}-12-31"
        return kept

    def provenance_record(self, *, content_hash: str | None = None) -> dict:
        """Where these data came from, as written to ``provenance.json`` (``content_hash``:
        the tables' hash when known already)."""
        record = {
            "synthetic": self.synthetic,
            "source": self.source,
            "content_hash": content_hash or self.content_hash(),
            "asnpolicy_version": package_version(),
        }
        for key in ("seed", "scale"):
            if key in self.truth:
                record[key] = self.truth[key]
        if "reference_year" in self.truth:  # the date synthetic data describe
            record["as_of"] = f"{self.truth['reference_year']}-12-31"
        elif self.provenance.get("as_of"):
            record["as_of"] = self.provenance["as_of"]
        return record


def package_version() -> str:
    try:
        return version("asnpolicy")
    except PackageNotFoundError:
        return "0+unknown"


# ------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------


def _same(kept: tuple, now: tuple) -> bool:
    """Whether two tuples hold the very same objects."""
    return len(kept) == len(now) and all(a is b for a, b in zip(kept, now, strict=True))


def load_dataset(
    path: str | os.PathLike,
    region: str | None = None,
    *,
    encoding: str = "utf-8",
    skipped: list[str] | None = None,
    on_error: str = "raise",
    tables: Sequence[str] | None = None,
) -> Dataset:
    """Read and validate a dataset.

    Parameters
    ----------
    path : path
        A folder with one file per table (``<table>.csv``, ``.parquet`` or ``.xlsx``), or one
        ``.xlsx`` workbook with a sheet per table, or a snapshot written by
        ``Dataset.save(..., partition_by="region_id")`` (:mod:`asnpolicy.snapshot`). A
        relative path that does not exist from the working folder is read from the project's
        root (:func:`resolve_data_path`), so a notebook's ``data_dir = "data/sample"`` works
        from JupyterLab (whose kernel starts in ``notebooks/``) as from papermill.
    region : str, optional
        Keep only this region's rows (children follow their parents' ids). Of a snapshot,
        only this region's files are read.
    encoding : str
        Text encoding of CSV files without a byte-order mark (UTF-8 and UTF-16 files with one
        are recognised).
    skipped : list, optional
        When given, receives the cross-table checks that could not run because a referenced
        table is absent.
    on_error : {"raise", "quarantine"}
        What rows that break the data model do: ``raise`` (the default) stops with one
        :class:`~asnpolicy.DataError` listing every problem; ``quarantine`` leaves those rows
        out of their table, then, until none is left, the rows whose references no longer
        resolve (an employee of a unit left out), loads the rest and lists every problem on
        :attr:`Dataset.rejected`. Problems of a whole file or column (a file that cannot be
        read, a required column missing, an unknown or personal-identifier column) raise in
        both cases.
    tables : list of str, optional
        Keep only these tables (the others are None). Of a snapshot, only their files are
        read; other data are read and validated whole first.

    Returns
    -------
    Dataset
        With :attr:`Dataset.warnings` (rows kept as recorded that break a rule of severity
        ``warning``) and, when quarantined, :attr:`Dataset.rejected`.

    Raises
    ------
    DataError
        Listing every problem: file, table, row (header = row 1), column, rule and value.
    ValueError
        When ``region`` is not in the data, ``on_error`` is not one of :data:`ON_ERROR`, or
        ``tables`` names a table the data model does not have.

    Notes
    -----
    A snapshot is not validated again when its ``provenance.json`` says it was validated and
    each table read has the content hash recorded for it (for ``region``, that region's
    part): the tables are then those validation returned when the snapshot was written, and
    :attr:`Dataset.warnings` and :attr:`Dataset.rejected` are read from it. A table whose hash
    differs (a file changed since) makes what was read validated the normal way, each problem
    naming the partition file and its row. A snapshot loads with the ``source`` and the
    provenance of the data it was written from, so pages name those data.

    Examples
    --------
    >>> import tempfile
    >>> from asnpolicy.writing import write_templates
    >>> folder = write_templates(tempfile.mkdtemp())
    >>> load_dataset(folder).summary()["rows"].sum()
    np.int64(0)
    """
    _check_on_error(on_error)
    wanted = _check_tables(tables)
    path = resolve_data_path(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"Unknown encoding {encoding!r}; use e.g. 'utf-8', 'latin-1' or 'cp1252'."
        ) from None
    record = snapshot.read_record(path)
    if record is not None:
        return _load_snapshot(path, record, region, wanted, skipped, on_error)
    sources, read_problems = find_sources(path, encoding)
    provenance, problems = _read_provenance(path)
    read_problems.extend(problems)
    dataset = _validated(
        {s.table: s for s in sources if s.raw is not None},
        pd.DataFrame(read_problems, columns=list(PROBLEM_COLUMNS)),
        skipped,
        source=str(path),
        on_error=on_error,
    )
    dataset.provenance = provenance
    dataset.synthetic = bool(provenance.get("synthetic", False))
    dataset = dataset.for_region(region) if region is not None else dataset
    return _only(dataset, wanted) if wanted is not None else dataset


def _check_tables(tables: Sequence[str] | None) -> list[str] | None:
    """The tables asked for, in the data model's order (None: all)."""
    if tables is None:
        return None
    asked = [tables] if isinstance(tables, str) else list(tables)
    unknown = [t for t in asked if t not in TABLES]
    if unknown:
        raise ValueError(f"Unknown table(s) {', '.join(unknown)}; tables: {', '.join(TABLES)}.")
    return [t for t in TABLES if t in asked]


def _only(dataset: Dataset, wanted: list[str]) -> Dataset:
    """``dataset`` with only the tables ``wanted`` (still validated when it was)."""
    kept = Dataset(**{t: getattr(dataset, t) for t in wanted}, **dataset._about())
    return kept._mark_validated() if dataset.validated else kept


def _load_snapshot(
    path: Path,
    record: dict,
    region: str | None,
    wanted: list[str] | None,
    skipped: list[str] | None,
    on_error: str,
) -> Dataset:
    """:func:`load_dataset` of a snapshot: the tables (of ``region``) read from their files,
    validated again only when they differ from what was validated."""
    _, problems = _read_provenance(path)
    wrong = snapshot.record_problem(record)
    if problems or wrong:
        file = str(path / PROVENANCE_FILE)
        problems = problems or [file_problem(file, "", f"is not a snapshot's: {wrong}")]
        raise DataError(pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS)))
    source = str(record.get("source") or path)
    key = None
    if region is not None:
        key = str(region).strip().lower()
        if key not in record["regions"]:
            raise ValueError(
                f"Region {region!r} is not in the data from {source or 'memory'}; "
                f"regions present: {', '.join(record['regions']) or 'none'}."
            )
    present = [t for t in TABLES if t in record["tables"]]
    names = present if wanted is None else [t for t in wanted if t in present]
    frames, files, changed = snapshot.read_tables(path, record, key, names)
    if record.get("validated") is True and not changed:
        if skipped is not None:
            skipped.extend(check_dataset({t: empty_frame(t) for t in present})[1])
        about = {kind: snapshot.read_problems(path, kind) for kind in snapshot.PROBLEM_FILES}
        dataset = Dataset(
            **frames,
            source=source,
            **{kind: problems for kind, problems in about.items() if problems is not None},
        )._mark_validated()
    else:
        sources = {t: Source(t, files[t], row_offset=1, raw=frames[t]) for t in names}
        dataset = _validated(
            sources,
            pd.DataFrame(columns=list(PROBLEM_COLUMNS)),
            skipped,
            source=source,
            on_error=on_error,
        )
    kept = record.get("dataset_provenance")
    dataset.provenance = dict(kept) if isinstance(kept, dict) else {}
    dataset.synthetic = record.get("synthetic") is True
    return dataset


def project_root(start: str | os.PathLike | None = None) -> Path | None:
    """The asnpolicy project folder holding ``start`` (default: the working folder), else the
    one this package was installed from in editable mode; None when there is neither.

    The project root is the first folder, going up, with a ``pyproject.toml`` that names the
    project ``asnpolicy`` (as cookiecutter-data-science finds its root).
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    package_parent = Path(__file__).resolve().parent.parent
    for folder in (here, *here.parents, package_parent):
        manifest = folder / "pyproject.toml"
        try:
            if manifest.is_file() and 'name = "asnpolicy"' in manifest.read_text("utf-8"):
                return folder
        except OSError:
            continue
    return None


def resolve_data_path(path: str | os.PathLike) -> Path:
    """``path`` as given when it exists or is absolute; else, for a relative path, the same
    path under :func:`project_root` when it exists there.

    Examples
    --------
    >>> resolve_data_path("/no/such/folder").as_posix()
    '/no/such/folder'
    """
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    root = project_root()
    if root is not None and (root / path).exists():
        return root / path
    return path


#: The fields of ``provenance.json`` that are read, with the check each must pass and the
#: rule said when it does not. Other fields are kept as they are.
_PROVENANCE_FIELDS = {
    "synthetic": (lambda v: isinstance(v, bool), "must be true or false"),
    "as_of": (lambda v: _iso_date(v), "must be a date written YYYY-MM-DD"),
    "source": (lambda v: isinstance(v, str), "must be text"),
    "content_hash": (lambda v: isinstance(v, str), "must be text"),
    "asnpolicy_version": (lambda v: isinstance(v, str), "must be text"),
    "seed": (lambda v: isinstance(v, int) and not isinstance(v, bool), "must be a whole number"),
    "scale": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
        "must be a number above 0",
    ),
}


def _iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _read_provenance(path: Path) -> tuple[dict, list[dict]]:
    """``provenance.json`` beside the tables, and the problems of its fields."""
    file = path / PROVENANCE_FILE
    if not path.is_dir() or not (file.exists() or file.is_symlink()):
        return {}, []
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError, OSError) as err:
        rule = (
            f"cannot be read as JSON ({err}); delete the file or write it again with Dataset.save"
        )
        return {}, [file_problem(str(file), "", rule)]
    problems = [
        file_problem(str(file), "", f"field {name} {rule}", value=record[name])
        for name, (valid, rule) in _PROVENANCE_FIELDS.items()
        if name in record and record[name] is not None and not valid(record[name])
    ]
    return (record, []) if not problems else ({}, problems)


def from_tables(
    tables: Mapping[str, pd.DataFrame],
    *,
    source: str = "memory",
    truth: dict | None = None,
    synthetic: bool = False,
    on_error: str = "raise",
) -> Dataset:
    """Validate tables held in memory and return them as a typed :class:`Dataset`.

    The same checks as :func:`load_dataset`, ``on_error`` included; problems name the table
    and the row (the first row being row 1).

    Raises
    ------
    DataError
        Listing every problem.
    """
    _check_on_error(on_error)
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"Unknown table(s) {', '.join(unknown)}; tables: {', '.join(TABLES)}.")
    sources = {
        name: Source(name, "", row_offset=1, raw=frame.reset_index(drop=True))
        for name, frame in tables.items()
        if frame is not None
    }
    dataset = _validated(
        sources,
        pd.DataFrame(columns=list(PROBLEM_COLUMNS)),
        None,
        source=source,
        on_error=on_error,
    )
    dataset.truth = dict(truth or {})
    dataset.synthetic = synthetic
    return dataset


def _check_on_error(on_error: str) -> None:
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(ON_ERROR)}; not {on_error!r}.")


def _validated(
    by_table: Mapping[str, Source],
    read_problems: pd.DataFrame,
    skipped: list[str] | None,
    *,
    source: str,
    on_error: str = "raise",
) -> Dataset:
    """Parse and check every table and the references between them: all or nothing, or
    (``on_error="quarantine"``) the rows without problems."""
    parsed: dict[str, pd.DataFrame] = {}
    found, noted = [], []
    for table, src in by_table.items():
        frame, problems = validate_table(
            table, src.raw, decimal_comma=src.decimal_comma, warnings=noted
        )
        src.raw = None  # the typed table replaces it: memory holds one raw table at a time
        parsed[table] = frame
        found.append(problems)
    ordered = {t: parsed[t] for t in TABLES if t in parsed}
    if on_error == "quarantine":
        return _quarantined(ordered, found, noted, by_table, read_problems, skipped, source)
    cross, skipped_checks = check_dataset(ordered)
    if skipped is not None:
        skipped.extend(skipped_checks)
    all_problems = _located([read_problems, *found, cross], by_table)
    if len(all_problems):
        raise DataError(sort_problems(all_problems, tuple(TABLES)))
    dataset = Dataset(**ordered, source=source, warnings=_located(noted, by_table))
    return dataset._mark_validated()


def _located(problems: list[pd.DataFrame], by_table: Mapping[str, Source]) -> pd.DataFrame:
    """Problems of :mod:`asnpolicy.validation` (and problems located already) as one frame
    with the file and the row a user sees."""
    frames = [p if "row_index" not in p else with_place(p, by_table) for p in problems if len(p)]
    if not frames:
        return no_problems()
    return sort_problems(pd.concat(frames, ignore_index=True), tuple(TABLES))


def _quarantined(
    tables: dict[str, pd.DataFrame],
    found: list[pd.DataFrame],
    noted: list[pd.DataFrame],
    by_table: Mapping[str, Source],
    read_problems: pd.DataFrame,
    skipped: list[str] | None,
    source: str,
) -> Dataset:
    """The rows without problems: rows with a problem of their own left out first, then, until
    none is left, rows whose references to the rows left out no longer resolve.

    Problems of a whole file or column (no row) still raise a DataError."""
    row_problems = pd.concat([p for p in found if len(p)] or [_no_row_problems()])
    whole = row_problems[row_problems["row_index"].isna()]
    if len(read_problems) or len(whole):
        raise DataError(sort_problems(_located([read_problems, whole], by_table), tuple(TABLES)))
    rejected = [row_problems]
    # frames keep the row's position in its file as index until the end
    kept = {name: _without(frame, row_problems, name) for name, frame in tables.items()}
    while True:
        cross, skipped_checks = check_dataset(kept)
        if not len(cross):
            break
        rejected.append(cross)
        kept = {name: _without(frame, cross, name) for name, frame in kept.items()}
    if skipped is not None:
        skipped.extend(skipped_checks)
    gone = pd.concat(rejected)
    warnings = [_still_kept(w, gone) for w in noted]
    typed = {name: _retyped(name, frame.reset_index(drop=True)) for name, frame in kept.items()}
    dataset = Dataset(
        **typed,
        source=source,
        warnings=_located(warnings, by_table),
        rejected=_located(rejected, by_table),
    )
    return dataset._mark_validated()


def _no_row_problems() -> pd.DataFrame:
    """An empty frame of problems as :mod:`asnpolicy.validation` gives them."""
    return pd.DataFrame({"table": [], "row_index": pd.array([], dtype="Int64")})


def _without(frame: pd.DataFrame, problems: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` less the rows named by ``problems`` of ``table`` (by index label)."""
    rows = problems.loc[problems["table"] == table, "row_index"].dropna()
    if not len(rows):
        return frame
    return frame[~frame.index.isin(rows.astype("int64").to_numpy())]


def _still_kept(warnings: pd.DataFrame, gone: pd.DataFrame) -> pd.DataFrame:
    """Warnings of the rows not left out."""
    left = pd.MultiIndex.from_frame(gone[["table", "row_index"]].dropna().astype(str))
    here = pd.MultiIndex.from_frame(warnings[["table", "row_index"]].astype(str))
    return warnings[~here.isin(left)]


def _retyped(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table whose unreadable cells' rows were left out, in the schema's dtypes again (a
    whole-number or true/false column that had an unreadable cell was read as nullable)."""
    spec = table_spec(table)
    changes = {
        f.name: f.dtype
        for f in spec.fields
        if f.name in frame
        and str(frame[f.name].dtype) != f.dtype
        and f.kind in ("int", "bool")
        and frame[f.name].notna().all()
    }
    return frame.astype(changes) if changes else frame


def ensure_replaceable(folder: str | os.PathLike, *, force: bool = False) -> None:
    """Refuse to write generated (synthetic) tables over tables a person made.

    A folder whose ``provenance.json`` marks it synthetic holds the simulator's own output and
    may be replaced; any other table file in it stops the call unless ``force``.

    Raises
    ------
    FileExistsError
        Naming the table files that would be replaced. Nothing is written.
    """
    folder = Path(folder)
    present = table_files(folder)
    if not present or force:
        return
    provenance, problems = _read_provenance(folder)
    if provenance.get("synthetic") is True and not problems:
        return
    raise FileExistsError(
        f"{folder} already holds tables that the simulator did not write ({file_names(present)}); "
        "synthetic data would replace them. Choose another folder, or give --force to replace "
        "them."
    )
