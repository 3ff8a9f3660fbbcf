"""Save this scenario: the YAML the explorer writes is what `asnpolicy report -p` reads, every
name declared by a report notebook (issue 19)."""

from __future__ import annotations

import argparse
import json

import pytest
import yaml

from asnpolicy import cli
from asnpolicy.explore import Explorer, SelectionChoice, scenario_parameters
from asnpolicy.reports.plan import (
    check_extra_parameters,
    declared_parameters,
    find_notebooks,
    interactive,
    notebooks_dir,
    resolve_notebooks,
)

from .conftest import STAGE_COSTS


@pytest.fixture(scope="module")
def explorer(bangko):
    return Explorer(bangko, stage_costs=STAGE_COSTS, n_boot=40)


def test_saved_scenario_is_read_by_report_p(explorer, tmp_path):
    explorer.selection.controls["extra_test"].value = "interview"
    explorer.selection.controls["cat_weight"].value = 60
    explorer.budget.controls["budget"].value = 20
    explorer.remedial.controls["band"].value = "A"
    path = explorer.save(tmp_path / "skenario.yaml")
    assert path is not None and "Skenario tersimpan" in explorer.message.value
    saved = yaml.safe_load(path.read_text())
    assert saved["designs"] == [
        {"name": "Skenario analis", "skb_weights": {"cat": 0.6, "interview": 0.4},
         "skd_weight": 0.4, "official": False}
    ]  # fmt: skip
    assert saved["budget"] == 20 and saved["budget_unit"] == "positions"
    assert saved["ikm_threshold"] == 88.31 and saved["sample_rule"] == "report"
    assert saved["stage_costs"] == STAGE_COSTS and saved["n_boot"] == 40
    pairs = cli._notebook_parameter(str(path))
    assert dict(pairs) == saved
    args = cli.build_parser().parse_args(
        ["report", "--data", "x", "-p", str(path), "-p", "budget=30"]
    )
    merged = cli.report_parameters(args)
    assert merged["budget"] == 30 and merged["designs"] == saved["designs"]
    declared = {p: declared_parameters(p) for p in find_notebooks()}
    check_extra_parameters(saved, declared)  # every name is a report notebook's parameter


def test_a_scenario_outside_the_rules_is_marked_not_official():
    params = scenario_parameters(SelectionChoice(0.5, "psych", skd_weight=0.3))
    assert params["designs"][0]["official"] is False


def test_bad_scenario_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(argparse.ArgumentTypeError, match="mapping of parameter names"):
        cli._notebook_parameter(str(bad))
    with pytest.raises(argparse.ArgumentTypeError, match="cannot read the scenario"):
        cli._notebook_parameter(str(tmp_path / "absent.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("designs: [\n")
    with pytest.raises(argparse.ArgumentTypeError, match="not valid YAML"):
        cli._notebook_parameter(str(broken))


def test_saving_elsewhere_than_yaml_is_refused(explorer, tmp_path):
    assert explorer.save(tmp_path / "skenario.txt") is None
    assert "tidak tersimpan" in explorer.message.value
    assert not (tmp_path / "skenario.txt").exists()


def test_the_explorer_is_not_a_report():
    path = notebooks_dir() / "05_explore.ipynb"
    assert interactive(path)
    assert path.resolve() not in find_notebooks()
    with pytest.raises(ValueError, match="for exploring in JupyterLab"):
        resolve_notebooks(["05"])
    with pytest.raises(ValueError, match="for exploring in JupyterLab"):
        resolve_notebooks([str(path)])
    meta = json.loads(path.read_text())["metadata"]
    assert meta["asnpolicy"] == {"report": False}


def test_the_explorer_notebook_is_thin_and_without_outputs():
    nb = json.loads((notebooks_dir() / "05_explore.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert sum(len("".join(c["source"]).splitlines()) for c in code) <= 20
    assert "parameters" in code[0]["metadata"]["tags"]
