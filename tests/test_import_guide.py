"""The guide "Dari berkas Anda ke laporan" (docs/), verbatim: from the export files of one
region to its four reports, with the mapping workbook filled as an analyst does (issue 18)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from asnpolicy.imports.mapping import sector_words
from asnpolicy.io import load_dataset
from asnpolicy.schema import SECTORS

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUIDES = ("dari-berkas-ke-laporan.md", "from-exports-to-reports.md")

pytestmark = pytest.mark.slow


def commands(guide: str) -> list[str]:
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith(".venv/bin/")]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    # through the shell, as a person types it; .venv/bin is the test's own environment
    command = command.replace(".venv/bin/", f"{BIN}/")
    return subprocess.run(
        command, shell=True, cwd=cwd, capture_output=True, text=True, timeout=1200
    )


def fill_mapping(path: Path, sample_dir: Path) -> None:
    """Answer the workbook from what the analyst knows of their units (here: the sample)."""
    units = pd.read_csv(sample_dir / "units.csv", dtype=str).set_index("unit_id")
    positions = pd.read_csv(sample_dir / "positions.csv", dtype=str)
    named = positions.merge(units["name"].reset_index(), on="unit_id")
    by_name = named.set_index(["name", "title"])["position_id"]
    words = dict(zip(SECTORS, sector_words(), strict=True))
    book = load_workbook(path)
    ws = book["unit"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        unit = row[header.index("unit_id")].value
        row[header.index("sector")].value = words[units.loc[unit, "sector"]]
        front = units.loc[unit, "front_line"].lower() == "true"
        row[header.index("front_line")].value = "ya" if front else "tidak"
    if "jabatan_abk" in book.sheetnames:
        ws = book["jabatan_abk"]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            key = (row[header.index("abk_unit")].value, row[header.index("abk_jabatan")].value)
            row[header.index("position_id")].value = by_name.loc[key]
    book.save(path)


def test_both_languages_give_the_same_commands():
    assert commands(GUIDES[0]) == commands(GUIDES[1])


def test_the_guide_works_verbatim(tmp_path):
    steps = commands(GUIDES[0])
    first_map = next(i for i, c in enumerate(steps) if "--map" in c)
    for i, command in enumerate(steps):
        if i == first_map:
            fill_mapping(tmp_path / "latihan" / "data" / "pemetaan.xlsx", tmp_path / "data/sample")
        done = run(command, tmp_path)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        if " import " in command:
            assert "Traceback" not in done.stderr
    data = tmp_path / "latihan" / "data"
    rejected = pd.read_csv(data / "rejected.csv")
    assert len(rejected) == 0, rejected.head().to_string()
    ds = load_dataset(data)
    assert ds.units["sector"].notna().all() and ds.units["front_line"].notna().all()
    assert ds.employees["applicant_id"].notna().any()
    report = (data / "import_report.md").read_text(encoding="utf-8")
    assert "Laporan impor data" in report
    pages = sorted((tmp_path / "latihan" / "laporan").rglob("*.html"))
    assert len([p for p in pages if p.name != "index.html"]) == 4, pages
