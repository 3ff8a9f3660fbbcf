"""Run a notebook's code cells in this process, as JupyterLab would run them top to bottom,
with the parameters cell's values replaced: the fast way to test every section on partial
data without papermill. Whatever a cell shows (``display`` or its last expression) is
collected."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt


def code_cells(notebook: str | Path) -> list[tuple[list[str], str]]:
    """(tags, source) of each code cell."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return [
        (c.get("metadata", {}).get("tags", []), "".join(c["source"]))
        for c in cells
        if c["cell_type"] == "code"
    ]


def run_cells(notebook: str | Path, params: dict[str, Any]) -> list[Any]:
    """Execute the notebook's code cells in one namespace, the parameters cell followed by
    ``params``; return every object shown. The first exception of a cell propagates."""
    shown: list[Any] = []

    def display(*objs, **_kw):
        shown.extend(objs)

    namespace: dict[str, Any] = {"__name__": "__main__"}
    with mock.patch("IPython.display.display", display):
        for tags, source in code_cells(notebook):
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, str(notebook), "exec"), namespace)
            if "parameters" in tags:
                namespace.update(params)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(notebook), "eval"), namespace)
                if value is not None:
                    shown.append(value)
            plt.close("all")
    return shown


def shown_text(shown: list[Any]) -> str:
    """The text of what was shown (Markdown data, HTML of tables, reprs)."""
    parts = []
    for obj in shown:
        for attr in ("data", "_repr_html_", "_repr_markdown_"):
            value = getattr(obj, attr, None)
            if value is None:
                continue
            parts.append(value() if callable(value) else str(value))
            break
        else:
            parts.append(repr(obj))
    return "\n".join(parts)
