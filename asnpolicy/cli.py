"""The ``asnpolicy`` command line.

Exit codes: 0 success; 2 bad input (the problems are printed, never a traceback); 1 an internal
error (set ``ASNPOLICY_DEBUG=1`` to see its traceback), or for ``report``, some runs failed.
"""

from __future__ import annotations

import argparse
import codecs
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["EXIT_RUNS_FAILED", "build_parser", "data_readme", "main", "report_parameters"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
EXIT_RUNS_FAILED = 1  # `report`: some notebook runs failed
#: Most characters of an error message printed (a message can quote the data).
_MAX_ERROR = 2000


def _validate(args: argparse.Namespace) -> int:
    from . import io
    from .errors import DataError, format_notes, printable
    from .reading import source_notes

    skipped: list[str] = []
    path = getattr(io, "resolve_data_path", Path)(args.path)
    notes = source_notes(path, args.encoding)
    try:
        dataset = io.load_dataset(
            args.path, region=args.region, encoding=args.encoding, skipped=skipped
        )
    except DataError as err:
        print(str(err), file=sys.stderr)  # grouped, and printable already
        if args.problems:
            print(_write_problems(err.problems, args.problems), file=sys.stderr)
        else:
            print(
                f"Every problem, one a line: asnpolicy validate {printable(args.path, 200)} "
                "--problems problems.csv",
                file=sys.stderr,
            )
        for note in notes:
            print(f"  note: {printable(note, 400)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = dataset.summary()
    width = max(len(t) for t in summary["table"])
    print(f"{args.path}: valid" + (f" (region {args.region})" if args.region else ""))
    for row in summary.itertuples(index=False):
        state = f"{row.rows:>10,} rows  ok" if row.present else f"{'':>10}       absent"
        print(f"  {row.table:<{width}}  {state}")
    for check in skipped:
        print(f"  not checked: {check}")
    for note in notes:
        print(f"  note: {printable(note, 400)}")
    if len(dataset.warnings):
        n = len(dataset.warnings)
        print(f"  notes on {n:,} row{'s' if n != 1 else ''} kept as recorded (not errors):")
        for line in format_notes(dataset.warnings):
            print(f"    note: {line}")
    for line in _left_out_of_headcount(dataset):
        print(f"  {line}")
    print(f"  content hash {dataset.content_hash()}")
    if args.problems:
        import pandas as pd

        from .errors import PROBLEM_COLUMNS

        print(_write_problems(pd.DataFrame(columns=list(PROBLEM_COLUMNS)), args.problems))
    return EXIT_OK


def _write_problems(problems, target: str) -> str:
    """Write every problem to ``target`` (CSV, one problem a row; text that a spreadsheet
    would run as a formula is written with a leading apostrophe) and say where."""
    import pandas as pd

    from .errors import PROBLEM_COLUMNS, printable
    from .writing import write_table

    table = problems.reindex(columns=list(PROBLEM_COLUMNS))
    table = table.assign(row=pd.to_numeric(table["row"], errors="coerce").astype("Int64"))
    write_table(table.astype("string"), Path(target), "csv")
    n = len(table)
    return f"{n:,} problem{'s' if n != 1 else ''} written to {printable(target, 200)}."


#: How ``validate`` names the categories of people a headcount leaves out.
_LEFT_OUT = {
    "past_bup": "past their retirement age (BUP)",
    "inactive": "inactive",
    "not_yet_hired": "appointed after the count date",
    "no_retirement_age": "with no known retirement age (position or birth year missing)",
}


def _left_out_of_headcount(dataset) -> list[str]:
    """Lines saying how many employees a headcount leaves out and why, from
    ``asnpolicy.workforce.excluded_from_count`` (none when that is not available)."""
    if dataset.employees is None:
        return []
    from . import workforce
    from .errors import printable

    try:
        excluded = workforce.excluded_from_count(dataset)
    except ValueError as err:
        return [f"employees: left out of a headcount: not counted ({printable(err, 200)})"]
    by_category = excluded.groupby("category", sort=False)["n"].sum()
    for category in ("past_bup", "inactive"):  # always said, even when none
        if category not in by_category.index:
            by_category[category] = 0
    said = by_category.index.isin(["past_bup", "inactive"])
    by_category = by_category[said | (by_category > 0)]
    parts = [
        f"{int(n):,} {_LEFT_OUT.get(c, str(c).replace('_', ' '))}" for c, n in by_category.items()
    ]
    text = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    lines = [f"employees: {text} are not counted as staff in post"]
    regions = excluded[excluded["n"] > 0]["region_id"].dropna().unique()
    if len(regions) > 1:
        per_region = excluded[excluded["n"] > 0].groupby(["region_id", "category"])["n"].sum()
        for (region, category), n in per_region.items():
            label = _LEFT_OUT.get(category, str(category).replace("_", " "))
            lines.append(f"  {printable(region, 80)}: {int(n):,} {label}")
    return lines


def _templates(args: argparse.Namespace) -> int:
    from .writing import write_templates

    out = write_templates(args.out, force=args.force)
    print(
        f"Templates written to {out}: one CSV per table and asnpolicy_templates.xlsx "
        f"(a sheet per table and a data_dictionary sheet)."
    )
    return EXIT_OK


def data_readme() -> str:
    """The text of ``data/README.md``: the data dictionary and the simulator's assumptions."""
    from .schema import data_dictionary_markdown
    from .spellings import accepted_spellings_markdown
    from .synth.assumptions import assumptions_markdown

    return "\n".join(
        [
            data_dictionary_markdown().rstrip(),
            "",
            accepted_spellings_markdown().rstrip(),
            "",
            "## Sample data: the simulator's assumptions",
            "",
            "`make data` writes synthetic data for the four study regions to `sample/` "
            "(`asnpolicy data --out data/sample --seed 2026`), with `provenance.json` marking them",
            "synthetic. The official rules come from `asnpolicy/rules.py`; every other number the",
            "simulator uses is below, with its source or marked as an assumption.",
            "",
            assumptions_markdown(),
            "",
        ]
    )


def _data(args: argparse.Namespace) -> int:
    from .io import ensure_replaceable
    from .synth import generate
    from .synth.national import national_dataset, write_national

    ensure_replaceable(args.out, force=args.force)
    national = args.regions == ["national"]
    kw = {"seed": args.seed, "scale": args.scale, "years": tuple(args.years)}
    if national and args.format == "parquet":
        # streamed batch by batch: memory holds a few batches, never the nation
        out, rows = args.out, write_national(args.out, **kw)
    else:
        regions = args.regions or None
        dataset = national_dataset(**kw) if national else generate(regions=regions, **kw)
        out = dataset.save(args.out, format=args.format)
        rows = dict(
            zip(*dataset.summary()[["table", "rows"]].to_dict("list").values(), strict=True)
        )
    print(
        f"Synthetic data (seed {args.seed}, scale {args.scale:g}) written to {out}: "
        + ", ".join(f"{table} {n:,}" for table, n in rows.items())
    )
    return EXIT_OK


def _dictionary(args: argparse.Namespace) -> int:
    text = data_readme()
    if args.check:
        current = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run `make dictionary`.", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"{args.out} is up to date.")
        return EXIT_OK
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Data dictionary written to {args.out}.")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .reports import NO_NOTEBOOKS, run_reports

    try:
        with _terminate_as_interrupt():
            results = run_reports(
                args.data,
                regions=args.region,
                notebooks=args.notebook,
                lang=args.lang,
                out=args.out,
                workers=args.workers,
                fail_fast=args.fail_fast,
                kernel_name=args.kernel,
                timeout=args.timeout,
                small_cell_min=args.small_cell_min,
                progress=not args.no_progress,
                scheduler=args.scheduler,
                parameters=report_parameters(args),
            )
    except KeyboardInterrupt:
        print(
            "Interrupted: the reports finished so far are in place; the others keep their "
            "previous version.",
            file=sys.stderr,
        )
        return 130
    if not results:
        print(NO_NOTEBOOKS)
        return EXIT_OK
    ok = [r for r in results if r.ok]
    index = Path(args.out) / "index.html"
    print(f"{len(ok)} of {len(results)} reports written to {args.out} (index: {index}).")
    failed = [r for r in results if r.status == "failed"]
    if failed:
        print(f"{len(failed)} of {len(results)} runs failed:", file=sys.stderr)
        for result in failed:
            print(f"  - {result.describe()}", file=sys.stderr)
            if result.html is not None:
                print(f"    rendered with the failing cell marked: {result.html}", file=sys.stderr)
    not_run = [r for r in results if r.status == "not_run"]
    if not_run:
        print(
            f"Stopped at the first failure (--fail-fast): {len(not_run)} runs not done.",
            file=sys.stderr,
        )
    return EXIT_OK if len(ok) == len(results) else EXIT_RUNS_FAILED


@contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a CI timeout, ``kill``) cleans up like Ctrl-C while the block runs."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _encoding(text: str) -> str:
    """A text encoding Python knows (``latin-1``, ``cp1252``, ``utf-8``...), else a usage
    error."""
    try:
        return codecs.lookup(text).name
    except LookupError:
        from .errors import printable

        raise argparse.ArgumentTypeError(
            f"unknown encoding {printable(text, 40)!r}; use e.g. utf-8, latin-1 or cp1252"
        ) from None


def report_parameters(args: argparse.Namespace) -> dict[str, object]:
    """The notebook parameters of ``asnpolicy report``'s ``-p`` options, in order (a later
    ``-p`` overrides an earlier one, e.g. one value of a scenario file)."""
    return dict(pair for pairs in args.parameter or [] for pair in pairs)


def _notebook_parameter(text: str) -> list[tuple[str, object]]:
    """``NAME=VALUE`` of ``asnpolicy report -p``, the value read as YAML (``20`` a number,
    ``rupiah`` text, ``[...]`` a list, ``null`` None); or a ``.yaml`` file of such names and
    values (a scenario saved by notebook 05_explore)."""
    import yaml

    from .errors import printable

    if "=" not in text and text.endswith((".yaml", ".yml")):
        return _scenario_file(text)
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(
            f"{printable(text, 80)!r} is not NAME=VALUE (e.g. budget=20)"
        )
    try:
        return [(name, yaml.safe_load(value))]
    except yaml.YAMLError as err:
        problem = " ".join(str(err).split())
        raise argparse.ArgumentTypeError(
            f"the value of {name} is not valid YAML ({printable(problem, 160)})"
        ) from None


def _scenario_file(text: str) -> list[tuple[str, object]]:
    """The parameters of a scenario file: a YAML mapping of parameter names to values."""
    import yaml

    from .errors import printable

    path = Path(text)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise argparse.ArgumentTypeError(
            f"cannot read the scenario {printable(text, 120)}: {err.strerror or err}"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        problem = " ".join(str(err).split())
        raise argparse.ArgumentTypeError(
            f"the scenario {printable(text, 120)} is not valid YAML ({printable(problem, 160)})"
        ) from None
    if not isinstance(content, dict) or not all(
        isinstance(k, str) and k.isidentifier() for k in content
    ):
        raise argparse.ArgumentTypeError(
            f"the scenario {printable(text, 120)} must be a mapping of parameter names to "
            "values (as notebook 05_explore saves it)"
        )
    return list(content.items())


def _import(args: argparse.Namespace) -> int:
    from .errors import printable
    from .imports.rawfiles import ImportFailure
    from .imports.run import import_files

    try:
        outcome = import_files(
            args.kind,
            args.files,
            region=args.region,
            key_file=args.key_file,
            out=args.out,
            mapping=args.map,
            params=dict(args.param or []),
            lang=args.lang,
        )
    except ImportFailure as err:
        print(f"error: {printable(err, _MAX_ERROR)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(outcome.summary())
    return EXIT_OK


def _exports(args: argparse.Namespace) -> int:
    from .errors import printable
    from .io import load_dataset
    from .synth.exports import write_exports

    ds = load_dataset(args.data)
    if not ds.synthetic:
        print(
            f"error: {printable(args.data, 200)} is not the synthetic sample; `asnpolicy exports` "
            "writes practice files from the sample only (make data).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    files = write_exports(
        ds, args.region, args.out, seed=args.seed, vintage=dict(args.vintage or [])
    )
    for kind, paths in files.items():
        print(f"{kind}: " + ", ".join(str(p) for p in paths))
    return EXIT_OK


def _key(args: argparse.Namespace) -> int:
    from .errors import printable
    from .identifiers import new_key

    try:
        path = new_key(args.keyfile)
    except FileExistsError as err:
        print(f"error: {printable(err, 400)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(
        f"Wrote a new secret key to {path} (readable by you only). Keep it outside the data "
        "folder and back it up: without it, new imports get other pseudonyms and stop linking "
        "to earlier ones."
    )
    return EXIT_OK


def _import_parameter(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` of ``asnpolicy import --param`` (the value kept as text: ``15.02`` is a
    code, not a number)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        from .errors import printable

        raise argparse.ArgumentTypeError(
            f"{printable(text, 80)!r} is not NAME=VALUE (e.g. abk_time_unit=jam)"
        )
    return name, value.strip()


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


class _Version(argparse.Action):
    """``--version``: the version is read when asked for, so that the parser (and ``--help``)
    does not import the data modules."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from .io import package_version

        print(f"asnpolicy {package_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per task)."""
    parser = argparse.ArgumentParser(
        prog="asnpolicy",
        description="Analyse the recruitment of Indonesian regional civil servants (ASN).",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check a dataset (folder or workbook) and list every problem",
        description="Check every table against its schema and the tables against each other. "
        "Exit 0 with a summary per table, what was not read and why, and how many employees a "
        "headcount leaves out; or exit 2 with the problems grouped by file, column and rule "
        "(how many rows, which, the values and a 'did you mean'). --problems FILE.csv writes "
        "every problem, one a row.",
    )
    validate.add_argument("path", help="folder with one file per table, or one .xlsx workbook")
    validate.add_argument("--region", help="check only this region's rows")
    validate.add_argument(
        "--encoding",
        default="utf-8",
        type=_encoding,
        help="encoding of CSV files without a byte-order mark (default utf-8)",
    )
    validate.add_argument(
        "--problems",
        metavar="FILE.csv",
        help="write every problem to this CSV file, one a row (file, table, row, column, rule, "
        "value, hint); the screen shows them grouped by column and rule",
    )
    validate.set_defaults(run=_validate)

    imp = commands.add_parser(
        "import",
        help="read real exports (SIASN, SKP, SSCASN, SKM, ABK) into a pseudonymised data folder",
        description="Read the export files a BKPSDM holds into asnpolicy's tables for one "
        "region: every NIP, NIK, no. peserta and pns_id becomes a keyed pseudonym (HMAC-SHA256 "
        "with the key of `asnpolicy key new`); names, addresses, phones and e-mails are never "
        "written. Rows that fail a check go to DIR/rejected.csv and the import goes on; "
        "DIR/import_report.md and .html say what was read, kept and left out; names the "
        "exports cannot place are asked in DIR/pemetaan.xlsx (run again with --map). Import "
        "each KIND into the same DIR, then: asnpolicy report --data DIR --region R.",
    )
    imp.add_argument("kind", choices=["siasn", "skp", "sscasn", "skm", "abk", "link"])
    imp.add_argument("files", nargs="+", metavar="FILE", help="export files (.xlsx, .xls, .csv)")
    imp.add_argument("--region", required=True, help="the region's id, e.g. bangko")
    imp.add_argument(
        "--key-file", required=True, metavar="KEY", help="the secret key (asnpolicy key new)"
    )
    imp.add_argument("--out", required=True, metavar="DIR", help="the data folder to write")
    imp.add_argument("--map", metavar="MAPPING.xlsx", help="the completed mapping workbook")
    imp.add_argument(
        "--param",
        action="append",
        type=_import_parameter,
        metavar="NAME=VALUE",
        help="import parameter (repeatable): abk_time_unit=jam|menit, effective_minutes=72000, "
        "age_on=2024-07-01; for a region outside the registry name=..., kind=kabupaten, "
        "province=..., kode_wilayah=15.02",
    )
    imp.add_argument("--lang", choices=["id", "en"], default="id", help="report language")
    imp.set_defaults(run=_import)

    exports = commands.add_parser(
        "exports",
        help="write one region of the synthetic sample as the export files a BKPSDM holds "
        "(practice files for asnpolicy import)",
        description="Render one region of the synthetic sample as SIASN, SKP, SSCASN, SKM and "
        "Anjab-ABK export files, in their real layouts and with their quirks (pipe-separated "
        "CSV, d-m-Y dates, NIPs with an apostrophe). Every name, NIP and NIK in them is made up.",
    )
    exports.add_argument("--data", default="data/sample", help="the sample (default data/sample)")
    exports.add_argument("--region", required=True, help="the region to write, e.g. bangko")
    exports.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    exports.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    exports.add_argument(
        "--vintage",
        action="append",
        type=_import_parameter,
        metavar="KIND=LAYOUT",
        help="an older layout, e.g. siasn=sapk (repeatable)",
    )
    exports.set_defaults(run=_exports)

    key = commands.add_parser("key", help="make the secret key that pseudonymises identifiers")
    key_commands = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    key_new = key_commands.add_parser(
        "new", help="write a new key file (mode 600; never overwrites one)"
    )
    key_new.add_argument("keyfile", metavar="KEYFILE")
    key_new.set_defaults(run=_key)

    templates = commands.add_parser(
        "templates", help="write empty input files (CSV per table + one XLSX workbook)"
    )
    templates.add_argument("out", help="folder to write")
    templates.add_argument(
        "--force",
        action="store_true",
        help="replace table files in OUT that hold data (without it they stop the command)",
    )
    templates.set_defaults(run=_templates)

    data = commands.add_parser(
        "data",
        help="write synthetic sample data (the four study regions by default)",
        description="Generate deterministic synthetic data with a known ground truth and save "
        "it with a provenance.json that marks it synthetic.",
    )
    data.add_argument("--out", default="data/sample", help="folder to write (default data/sample)")
    data.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    data.add_argument("--scale", type=float, default=1.0, help="multiplies every size")
    data.add_argument(
        "--regions",
        nargs="+",
        metavar="REGION",
        help="region ids (default: the four study regions), or 'national' (about 550 regions, "
        "4.3 million ASN; with --format parquet written batch by batch in a few GB of memory)",
    )
    data.add_argument(
        "--years",
        nargs="+",
        type=int,
        default=[2019, 2021, 2023, 2024],
        help="recruitment years (default 2019 2021 2023 2024)",
    )
    data.add_argument("--format", choices=["csv", "parquet", "xlsx"], default="csv")
    data.add_argument(
        "--force",
        action="store_true",
        help="replace tables in --out that the simulator did not write (without it they stop "
        "the command)",
    )
    data.set_defaults(run=_data)

    dictionary = commands.add_parser(
        "dictionary", help="write the data dictionary (data/README.md) from the schemas"
    )
    dictionary.add_argument(
        "--out", default="data/README.md", help="file to write, or - for standard output"
    )
    dictionary.add_argument(
        "--check",
        action="store_true",
        help="only check that the file is up to date (exit 2 if not)",
    )
    dictionary.set_defaults(run=_dictionary)

    report = commands.add_parser(
        "report",
        help="run every notebook for every region into HTML reports with an index",
        description="Execute every analysis notebook (notebooks/[0-9]*.ipynb beside the package, "
        "else in ./notebooks) for every region with papermill, in parallel worker processes, "
        "and export HTML reports without code to OUT/<region>/<notebook>.html, beside the "
        "executed notebooks, each with a workbook of its tables in full (<notebook>.xlsx) and "
        "a Word version on A4 (<notebook>.docx), and OUT/index.html, a briefing of every "
        "region's key numbers with the run log. Reports are moved into place only when "
        "complete; a failed run is rendered as <notebook>.failed.html and never replaces the "
        "previous good report. Exit 0 when every run succeeded, 1 when some failed, 2 for bad "
        "input (data, region, notebook, kernel or scheduler). With --scheduler the runs go to the "
        'workers of a Dask cluster instead (pip install "asnpolicy[cluster]"); the files come '
        "back to this machine, so the workers need asnpolicy and the kernel, and the data at the "
        "same path (a shared filesystem).",
    )
    report.add_argument(
        "--data",
        default="data/sample",
        help="folder (or .xlsx workbook) with the input tables (default data/sample)",
    )
    report.add_argument(
        "--region",
        nargs="+",
        action="extend",
        metavar="R",
        help="region ids (default: every region in the data)",
    )
    report.add_argument(
        "--notebook",
        nargs="+",
        action="extend",
        metavar="N",
        help="notebook names (01_workforce_needs), their number (01) or paths to .ipynb files "
        "(default: every notebook)",
    )
    report.add_argument("--lang", choices=["id", "en"], default="id", help="language (default id)")
    report.add_argument("--out", default="reports", help="output folder (default reports)")
    report.add_argument(
        "--workers",
        type=_positive_int,
        help="parallel runs (default: the number of CPUs); ignored with --scheduler, where "
        "the cluster decides",
    )
    report.add_argument("--fail-fast", action="store_true", help="stop at the first failed run")
    report.add_argument(
        "--kernel",
        default="python3",
        help="Jupyter kernel name (default python3: the interpreter running asnpolicy)",
    )
    report.add_argument(
        "--timeout",
        type=int,
        default=600,
        metavar="SECONDS",
        help="seconds a cell may run before its run fails (default 600; 0: no limit)",
    )
    report.add_argument(
        "--small-cell-min",
        type=_positive_int,
        default=5,
        metavar="N",
        help="suppress figures resting on fewer than N people (default 5)",
    )
    report.add_argument(
        "-p",
        "--parameter",
        action="append",
        type=_notebook_parameter,
        metavar="NAME=VALUE",
        help="pass a parameter to the notebooks that declare it, the value read as YAML "
        "(repeatable), or every parameter of a scenario file saved by 05_explore: "
        "-p budget=20, -p budget_unit=rupiah, -p skenario.yaml, "
        "-p designs='[{name: cat_interview, skb_weights: {cat: 0.6, interview: 0.4}}]'",
    )
    report.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    report.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster: the address of its scheduler (tcp://HOST:8786), one task "
        "per region and notebook. Every worker needs asnpolicy and the --kernel installed, and "
        "the --data folder at the same path (a shared filesystem). Needs "
        'pip install "asnpolicy[cluster]"',
    )
    report.set_defaults(run=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_OK
    from .errors import DataError, printable  # here, not at the top: --help needs no pandas

    try:
        return args.run(args)
    except DataError as err:
        print(str(err), file=sys.stderr)  # its problems are printable already
        return EXIT_BAD_INPUT
    except (ValueError, OSError) as err:
        print(f"error: {printable(err, _MAX_ERROR)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # a bug, not bad input: say so in one line
        if os.environ.get("ASNPOLICY_DEBUG"):
            traceback.print_exc()
        print(
            f"internal error: {type(err).__name__}: {printable(err, _MAX_ERROR)} (set "
            "ASNPOLICY_DEBUG=1 for the traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
