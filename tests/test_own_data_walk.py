"""The README's "Your own data" walk, verbatim, as a BKPSDM analyst does it (issue 17): the
templates, a workbook filled with only the sheets they have (Indonesian sheet names and
spellings, the other sheets left empty) for a region outside the registry, validate, report."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from partial_data import REGION, subset_dataset  # tests/ is on sys.path

from asnpolicy.io import load_dataset
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def walk() -> list[str]:
    """The commands of the README's "Your own data" block."""
    section = (ROOT / "README.md").read_text().split("## Your own data", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith(".venv/bin/")]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(command)
    argv[0] = str(BIN / Path(argv[0]).name)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900)


def as_a_person_writes_it(ds) -> dict[str, pd.DataFrame]:
    """Units, positions, employees and SKM answers with the spellings of an Indonesian
    workbook, under Indonesian sheet names."""
    employees = ds.employees.copy()
    employees["status"] = employees["status"].str.upper()  # PNS, PPPK
    employees["gender"] = employees["gender"].map({"male": "L", "female": "P"})
    employees["education"] = employees["education"].str.upper()  # S1, D3, SMA
    return {
        "unit_kerja": ds.units,
        "jabatan": ds.positions,
        "Pegawai": employees,
        "skm": ds.skm,
    }


def test_the_readme_walk_works_verbatim(tmp_path):
    commands = walk()
    assert [c.split()[1] for c in commands] == ["templates", "validate", "report"]
    done = run(commands[0], tmp_path)
    assert done.returncode == 0, done.stderr
    workbook_path = tmp_path / "my_data" / "asnpolicy_templates.xlsx"

    sample = generate(seed=2026, scale=0.3)
    ds = subset_dataset(sample, "workforce")
    ds.skm = subset_dataset(sample, "skm").skm
    sheets = as_a_person_writes_it(ds)
    book = load_workbook(workbook_path)
    for name in ("units", "positions", "employees"):
        del book[name]  # the person renamed these sheets (below)
    book.save(workbook_path)
    with pd.ExcelWriter(workbook_path, mode="a", engine="openpyxl",
                        if_sheet_exists="replace") as writer:  # fmt: skip
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)

    done = run(commands[1], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "absent" in done.stdout  # the empty template sheets
    loaded = load_dataset(workbook_path)
    assert len(loaded.employees) == len(ds.employees)
    assert set(loaded.employees["gender"]) <= {"male", "female"}

    done = run(commands[2], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    runs = json.loads((tmp_path / "reports" / "mine" / "runs.json").read_text())["runs"]
    assert {r["status"] for r in runs.values()} == {"ok"}
    assert {key.split("/")[0] for key in runs} == {REGION}
