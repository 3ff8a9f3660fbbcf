"""The ``asnpolicy`` command line.

Exit codes: 0 success; 2 bad input (the problems are printed, never a traceback); 1 an internal
error (set ``ASNPOLICY_DEBUG=1`` to see its traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DataError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .io import load_dataset

    skipped: list[str] = []
    dataset = load_dataset(args.path, region=args.region, encoding=args.encoding, skipped=skipped)
    summary = dataset.summary()
    width = max(len(t) for t in summary["table"])
    print(f"{args.path}: valid" + (f" (region {args.region})" if args.region else ""))
    for row in summary.itertuples(index=False):
        state = f"{row.rows:>10,} rows  ok" if row.present else f"{'':>10}       absent"
        print(f"  {row.table:<{width}}  {state}")
    for check in skipped:
        print(f"  not checked: {check}")
    print(f"  content hash {dataset.content_hash()}")
    return EXIT_OK


def _templates(args: argparse.Namespace) -> int:
    from .io import write_templates

    out = write_templates(args.out)
    print(
        f"Templates written to {out}: one CSV per table and asnpolicy_templates.xlsx "
        f"(a sheet per table and a data_dictionary sheet)."
    )
    return EXIT_OK


def data_readme() -> str:
    """The text of ``data/README.md``: the data dictionary and the simulator's assumptions."""
    from .schema import data_dictionary_markdown
    from .synth.assumptions import assumptions_markdown

    return "\n".join(
        [
            data_dictionary_markdown().rstrip(),
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
    from .synth import generate

    regions = None
    if args.regions:
        regions = "national" if args.regions == ["national"] else args.regions
    dataset = generate(regions=regions, seed=args.seed, scale=args.scale, years=tuple(args.years))
    out = dataset.save(args.out, format=args.format)
    summary = dataset.summary()
    print(
        f"Synthetic data (seed {args.seed}, scale {args.scale:g}) written to {out}: "
        + ", ".join(f"{r.table} {r.rows:,}" for r in summary.itertuples(index=False))
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per task)."""
    parser = argparse.ArgumentParser(
        prog="asnpolicy",
        description="Analyse the recruitment of Indonesian regional civil servants (ASN).",
    )
    parser.add_argument("--version", action="version", version=f"asnpolicy {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check a dataset (folder or workbook) and list every problem",
        description="Check every table against its schema and the tables against each other. "
        "Exit 0 with a summary per table, or exit 2 with every problem by file, row, column "
        "and rule.",
    )
    validate.add_argument("path", help="folder with one file per table, or one .xlsx workbook")
    validate.add_argument("--region", help="check only this region's rows")
    validate.add_argument(
        "--encoding",
        default="utf-8",
        help="encoding of CSV files without a byte-order mark (default utf-8)",
    )
    validate.set_defaults(run=_validate)

    templates = commands.add_parser(
        "templates", help="write empty input files (CSV per table + one XLSX workbook)"
    )
    templates.add_argument("out", help="folder to write")
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
        help="region ids (default: the four study regions), or 'national'",
    )
    data.add_argument(
        "--years",
        nargs="+",
        type=int,
        default=[2019, 2021, 2023, 2024],
        help="recruitment years (default 2019 2021 2023 2024)",
    )
    data.add_argument("--format", choices=["csv", "parquet", "xlsx"], default="csv")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except DataError as err:
        print(str(err), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, FileNotFoundError, PermissionError, IsADirectoryError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # a bug, not bad input: say so in one line
        if os.environ.get("ASNPOLICY_DEBUG"):
            traceback.print_exc()
        print(
            f"internal error: {type(err).__name__}: {err} (set ASNPOLICY_DEBUG=1 for the "
            "traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
