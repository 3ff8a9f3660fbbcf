"""The project's own files agree with each other: pins, README, Makefile, CI, data dictionary."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from asnpolicy.cli import data_readme

ROOT = Path(__file__).resolve().parents[1]


def _environment_dependencies() -> tuple[list[str], list[str]]:
    """Conda and pip lines under ``dependencies:`` in environment.yml (flat list, no YAML lib)."""
    conda, pip, section, in_pip = [], [], None, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        code = line.split("#", 1)[0].rstrip()
        if not code.strip():
            continue
        if not code.startswith(" "):
            section = code.split(":", 1)[0]
            continue
        if section != "dependencies":
            continue
        if code.strip() == "- pip:":
            in_pip = True
        elif code.startswith("      - ") and in_pip:
            pip.append(code.strip()[2:].strip())
        elif code.startswith("  - "):
            in_pip = False
            conda.append(code.strip()[2:].strip())
    return conda, pip


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        str(Requirement(r))
        for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    }
    conda, pip = _environment_dependencies()
    python = [c for c in conda if re.match(r"python\s*[<>=!~]", c)]  # not python-docx
    assert python == [f"python{project['requires-python']}"]
    have = {str(Requirement(c)) for c in conda if c not in ("pip", *python)}
    assert have == wanted, (
        f"only in pyproject: {sorted(wanted - have)}; only in environment.yml: "
        f"{sorted(have - wanted)}"
    )
    assert pip == ["-e ."]


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:\w+)?\n(.*?)```", text, re.S).group(1)
    assert first_block.split() == ["make", "reports", "make", "test"]
    assert text.index("make reports") < text.index("##")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert "make test" in commands


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split())
    documented = set(re.findall(r"^([a-z][a-z-]*):.*?## ", makefile, re.M))
    assert phony == documented
    assert {"reports", "test", "data", "lab", "lint", "help"} <= documented


def test_data_dictionary_is_up_to_date():
    assert (ROOT / "data" / "README.md").read_text() == data_readme(), (
        "data/README.md is out of date: run `make dictionary`"
    )


def test_notebooks_are_stored_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path
