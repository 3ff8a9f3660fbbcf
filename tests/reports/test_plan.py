"""What runs: notebooks found and named, regions, bad input, folders that stay inside the
output folder, notebooks that cannot be read."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import asnpolicy as ap
from asnpolicy.cli import main
from asnpolicy.reports import NO_NOTEBOOKS, plan, region_folder, resolve_notebooks, run_reports

from .helpers import (
    FIXTURE,
    NOTEBOOKS,
    assert_no_raw_warnings,
    links,
    report,
    write_notebook,
)


class TestBadInput:
    """Exit 2 with a clear message and no traceback; no kernel is started."""

    def test_missing_data(self, tmp_path, capsys):
        assert main(["report", "--data", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "no such file or folder" in err and "Traceback" not in err

    def test_invalid_data_names_file_row_column_and_rule(self, tiny_csv, tmp_path, capsys):
        path = tiny_csv / "applicants.csv"
        lines = path.read_text().splitlines()
        lines[1] = lines[1].replace(",95,110,190,", ",95,abc,190,")
        path.write_text("\n".join(lines) + "\n")
        code = main(["report", "--data", str(tiny_csv), "--out", str(tmp_path / "r")])
        err = capsys.readouterr().err
        assert code == 2
        assert "applicants.csv (table applicants), row 2, column tiu: must be a whole number" in err
        assert not (tmp_path / "r").exists(), "nothing is written for bad data"

    def test_unknown_region_lists_the_valid_ones(self, tiny_csv, tmp_path, capsys):
        code = main(
            ["report", "--data", str(tiny_csv), "--region", "jambi", "--out", str(tmp_path)]
        )
        assert code == 2
        assert "Unknown region jambi: the data have bangko, pauh." in capsys.readouterr().err

    def test_unknown_notebook_lists_the_valid_ones(self, tiny_csv, tmp_path, capsys):
        code = main(["report", "--data", str(tiny_csv), "--notebook", "99", "--out", str(tmp_path)])
        err = capsys.readouterr().err
        assert code == 2 and "'99' is not a notebook" in err
        assert all(nb.stem in err for nb in NOTEBOOKS)

    def test_unknown_kernel(self, tiny_csv, tmp_path, capsys):
        args = ["--data", str(tiny_csv), "--notebook", str(FIXTURE), "--kernel", "no-such"]
        assert main(["report", *args, "--out", str(tmp_path)]) == 2
        assert "no Jupyter kernel named 'no-such'" in capsys.readouterr().err

    def test_no_notebooks_is_said_and_not_an_error(self, tmp_path, monkeypatch, capsys):
        monkeypatch.setattr(plan, "notebooks_dir", lambda: tmp_path)
        assert main(["report", "--data", str(tmp_path / "not-read"), "--out", str(tmp_path)]) == 0
        assert capsys.readouterr().out.strip() == NO_NOTEBOOKS


class TestResolveNotebooks:
    def test_all_by_default(self):
        assert resolve_notebooks() == [p.resolve() for p in NOTEBOOKS]

    def test_by_name_by_number_and_by_path(self):
        first = NOTEBOOKS[0].resolve()
        assert resolve_notebooks([first.stem]) == [first]
        assert resolve_notebooks([first.stem[:2]]) == [first]
        assert resolve_notebooks([str(FIXTURE)]) == [FIXTURE.resolve()]

    def test_ambiguous_prefix(self):
        with pytest.raises(ValueError, match="matches several notebooks"):
            resolve_notebooks(["0"])

    def test_missing_path(self, tmp_path):
        with pytest.raises(ValueError, match="does not exist"):
            resolve_notebooks([str(tmp_path / "x.ipynb")])


#: A region id the data's id pattern allows (units, employees, formasi; not regions) that,
#: used as a path, leads two folders up.
ESCAPING_ID = "a/../../escaped"


def escaping_data(sample: Path, target: Path) -> Path:
    """The sample with region pauh renamed :data:`ESCAPING_ID`; without the regions table,
    whose stricter pattern would refuse it (the ids then come from the other tables)."""
    import pandas as pd

    shutil.copytree(sample, target)
    (target / "regions.csv").unlink()
    for table in ("units", "employees", "formasi"):
        path = target / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["region_id"] = frame["region_id"].replace("pauh", ESCAPING_ID)
        frame.to_csv(path, index=False)
    assert ESCAPING_ID in ap.load_dataset(target).region_ids()
    return target


def every_path(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


class TestRegionFolder:
    @pytest.mark.parametrize("region", ["pauh", "kab_merangin", "Kota-2.b", "15.02"])
    def test_a_safe_id_is_its_own_folder(self, region):
        assert region_folder(region) == region

    @pytest.mark.parametrize(
        "region",
        [ESCAPING_ID, "..", ".", "", "../x", "a/b", "/etc", ".tmp-1-x", "a\\b", "a b", "é",
         "runs.json", "Index.html", "x\x1b]0;t\x07", "x" * 300],
    )  # fmt: skip
    def test_any_other_id_becomes_one_safe_path_component(self, region, tmp_path):
        folder = region_folder(region)
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", folder), folder
        assert folder != region and len(folder) <= 120
        assert (tmp_path / folder).resolve().parent == tmp_path.resolve()
        assert region_folder(region) == folder  # the same on every run

    def test_no_two_ids_share_a_folder(self):
        hashed = region_folder("a/b")
        ids = ["a/b", "a_b", "a\\b", "a b", "a:b", hashed, "a..b", "a/../b", "a_.._b"]
        folders = [region_folder(region) for region in ids]
        assert len(set(folders)) == len(ids), dict(zip(ids, folders, strict=True))


class TestWritesOnlyIntoOut:
    def test_a_region_id_with_a_path_stays_inside_out(self, sample, tmp_path, monkeypatch):
        data = escaping_data(sample, tmp_path / "data")
        out = tmp_path / "box" / "out"
        out.mkdir(parents=True)
        before = every_path(tmp_path)
        monkeypatch.setenv("ASNPOLICY_FIXTURE_FAIL", "")
        (result,) = run_reports(
            data, regions=[ESCAPING_ID], notebooks=[str(FIXTURE)], out=out, progress=False
        )
        outside = {p for p in every_path(tmp_path) - before if not p.is_relative_to(out)}
        assert not outside, sorted(map(str, outside))
        folder = region_folder(ESCAPING_ID)
        assert "/" not in folder and ".." != folder
        assert sorted(p.name for p in out.iterdir()) == sorted([folder, "index.html", "runs.json"])
        assert result.ok and result.html == out / folder / "report_fixture.html"
        assert result.region == ESCAPING_ID
        html = result.html.read_text(encoding="utf-8")
        assert f"Laporan uji untuk wilayah {ESCAPING_ID}." in html  # the notebook got the id
        index = (out / "index.html").read_text(encoding="utf-8")
        hrefs = [h for h in links(index) if not h.startswith("#")]
        # the page (briefing and run log) and its Word document, all inside the folder
        assert set(hrefs) == {f"{folder}/report_fixture.html", f"{folder}/report_fixture.docx"}
        runs = json.loads((out / "runs.json").read_text())["runs"]
        assert runs[f"{ESCAPING_ID}/report_fixture"]["html"] == f"{folder}/report_fixture.html"

    def test_a_region_folder_linked_elsewhere_is_refused(self, sample, tmp_path, capsys):
        out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
        out.mkdir()
        elsewhere.mkdir()
        (out / "pauh").symlink_to(elsewhere, target_is_directory=True)
        args = ["--data", str(sample), "--notebook", str(FIXTURE), "--region", "pauh"]
        assert main(["report", "--no-progress", *args, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: Refusing to write") and err.count("\n") == 1, err
        assert not list(elsewhere.iterdir())
        assert sorted(p.name for p in out.iterdir()) == ["pauh"]  # and no temporary folder


class TestBadNotebook:
    """A notebook that cannot be read is bad input, said in one line; papermill's and
    nbformat's warnings about one that can never reach the terminal raw."""

    @pytest.mark.parametrize(
        "content",
        [
            "not json {",
            "",
            "[1, 2]",
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 3}',
            b"\xff\xfe\x00 not text",
        ],
        ids=["not-json", "empty", "json-not-a-notebook", "cells-not-a-list", "not-utf8"],
    )
    def test_an_unreadable_notebook_is_bad_input_in_one_line(self, sample, tmp_path, content):
        notebook = tmp_path / "bad.ipynb"
        if isinstance(content, bytes):
            notebook.write_bytes(content)
        else:
            notebook.write_text(content, encoding="utf-8")
        out = tmp_path / "out"
        done = report("--data", sample, "--notebook", notebook, "--region", "pauh", "--out", out)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: Notebook {notebook} "), lines
        assert "cannot be read: " in lines[0]
        assert_no_raw_warnings(done.stderr)
        assert not out.exists(), "nothing is written for a bad notebook"

    def test_warnings_about_a_readable_notebook_stay_off_the_terminal(self, sample, tmp_path):
        """Cells without ids (nbformat warns), no ``.ipynb`` suffix (papermill warns), no
        parameters cell (it runs, said in one line); and a cell with a syntax error (a
        failed run): in the parent and in two worker processes."""
        odd = write_notebook(tmp_path / "odd.nb", "print('the same for every region')", ids=False)
        syntax = write_notebook(tmp_path / "syntax.ipynb", "def f(:", parameters='region = ""')
        out = tmp_path / "out"
        args = ("--notebook", odd, syntax, "--region", "pauh", "bangko", "--workers", 2)
        done = report("--data", sample, *args, "--out", out)
        assert done.returncode == 1, done.stderr
        assert_no_raw_warnings(done.stderr)
        lines = done.stderr.strip().splitlines()
        said = [line for line in lines if "parameters" in line]
        assert said == [
            f"Notebook {odd} has no cell tagged 'parameters': it runs without the region and "
            "the data folder, so every region gets the same report."
        ]
        assert "2 of 4 runs failed:" in lines
        assert sum("notebook syntax: failed at cell 2" in line for line in lines) == 2
        assert len(lines) == 1 + 1 + 2 * 2, lines  # said, count, each failure and its page
        assert (out / "pauh" / "odd.html").is_file() and (out / "bangko" / "odd.html").is_file()
