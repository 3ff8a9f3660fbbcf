"""What-if from the command line (issue 17): ``asnpolicy report -p NAME=VALUE`` passes a
parameter, read as YAML, to the notebooks that declare it, and refuses one none declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from asnpolicy.cli import build_parser, report_parameters
from asnpolicy.reports.plan import check_extra_parameters

from .helpers import ALL_OK, report, write_notebook


def parsed(*args: str) -> dict:
    ns = build_parser().parse_args(["report", *args])
    return report_parameters(ns)


def test_values_are_read_as_yaml():
    assert parsed("-p", "budget=20", "-p", "budget_unit=rupiah", "-p", "year=null") == {
        "budget": 20,
        "budget_unit": "rupiah",
        "year": None,
    }
    designs = "designs=[{name: cat_interview, skb_weights: {cat: 0.6, interview: 0.4}}]"
    assert parsed("-p", designs)["designs"] == [
        {"name": "cat_interview", "skb_weights": {"cat": 0.6, "interview": 0.4}}
    ]


@pytest.mark.parametrize("bad", ["budget", "=3", "no such=1", "x=[1,"])
def test_a_malformed_parameter_is_refused_with_exit_2(bad, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["report", "-p", bad])
    assert stop.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_parameter_no_notebook_declares_is_refused():
    declared = {Path("01.ipynb"): {"region", "budget", "budget_unit"}}
    check_extra_parameters({"budget": 20}, declared)
    with pytest.raises(ValueError, match="bugdet.*budget, budget_unit"):
        check_extra_parameters({"bugdet": 20}, declared)
    with pytest.raises(ValueError, match="--region"):
        check_extra_parameters({"region": "pauh"}, declared)


def test_the_value_reaches_the_notebook_that_declares_it(sample, tmp_path):
    shown = "print(f'budget={budget!r} designs={designs!r}')"
    notebook = write_notebook(
        tmp_path / "01_whatif.ipynb",
        shown,
        parameters='region = "bangko"\ndata_dir = "data/sample"\nbudget = None\ndesigns = None',
    )
    out = tmp_path / "out"
    done = report(
        "--data", sample, "--out", out, "--notebook", notebook, "--region", "pauh",
        "-p", "budget=20", "-p", "designs=[{name: x, skb_weights: {cat: 1}}]", env=ALL_OK,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (out / "pauh" / "01_whatif.html").read_text(encoding="utf-8")
    assert "budget=20 designs=[{&#x27;name&#x27;: &#x27;x&#x27;" in page or (
        "budget=20 designs=[{'name': 'x'" in page
    )


def test_an_undeclared_parameter_stops_before_any_run(sample, tmp_path):
    notebook = write_notebook(
        tmp_path / "01_whatif.ipynb", "1", parameters='region = "bangko"\ndata_dir = "x"'
    )
    done = report("--data", sample, "--out", tmp_path / "out", "--notebook", notebook,
                  "-p", "budget=20")  # fmt: skip
    assert done.returncode == 2
    assert "No notebook run declares the parameter 'budget'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()
