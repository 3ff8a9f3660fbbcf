"""The package's layout rules (DESIGN.md, Layout): three floors that import only downward, no
``lang`` and no IPython below the narrative floor, no import circle, no private name imported
across modules, and every public function listed in its module's ``__all__``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import asnpolicy

PACKAGE = Path(asnpolicy.__file__).parent

#: Floor of each top-level module or package; a module may import only its floor or lower.
FLOORS = {
    "base": (
        "errors", "identifiers", "insufficient", "intervals", "keys", "privacy",
        "range_restriction", "regions", "rules", "utility",
    ),
    "data": ("schema", "spellings", "validation", "reading", "writing", "io", "snapshot"),
    "analysis": (
        "audit", "compare", "designs", "fairness", "funnel", "merit", "outcomes", "policy",
        "reliability", "satisfaction", "selection", "synth", "training", "validity", "workforce",
    ),
    # imports writes for people (the import report, the mapping workbook: `lang`)
    "presentation": ("narrative", "plots", "imports", "explore"),
    "running": ("reports", "cli"),
}  # fmt: skip
RANK = {name: rank for rank, names in enumerate(FLOORS.values()) for name in names}
BELOW_NARRATIVE = [m for m, r in RANK.items() if r < RANK["narrative"]]


def modules() -> dict[str, Path]:
    """Dotted name (relative to the package) -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = modules()


def top(name: str) -> str:
    return name.split(".")[0] if name else ""


def imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module relative to the package, names taken from it, line) of every import
    of this package's modules, at any depth of the file."""
    tree = ast.parse(path.read_text())
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.split(".")[0] == "asnpolicy":
                target = node.module.partition(".")[2]
            else:
                continue
            names = [a.name for a in node.names]
            if target in MODULES and any(f"{target}.{n}".strip(".") in MODULES for n in names):
                for n in names:  # ``from . import x``: each name is a module
                    found.append((f"{target}.{n}".strip("."), [], node.lineno))
            else:
                found.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "asnpolicy":
                    found.append((alias.name.partition(".")[2], [], node.lineno))
    return found


def external_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_every_module_has_a_floor():
    assert {top(m) for m in MODULES if m} <= set(RANK), "add the new module to FLOORS"


@pytest.mark.parametrize("name", [m for m in MODULES if m])
def test_floors_import_only_downward(name):
    own = RANK[top(name)]
    upward = [
        f"line {line}: {target}"
        for target, _, line in imports(name, MODULES[name])
        if target and RANK.get(top(target), -1) > own
    ]
    assert not upward, f"{name} imports a higher floor: {upward}"


@pytest.mark.parametrize("name", [m for m in MODULES if top(m) in BELOW_NARRATIVE])
def test_no_ipython_and_no_lang_below_the_narrative_floor(name):
    path = MODULES[name]
    assert "IPython" not in external_imports(path)
    tree = ast.parse(path.read_text())
    takes_lang = [
        f"{node.name} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and "lang" in {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
    ]
    assert not takes_lang, f"{name}: analysis and data functions take no lang: {takes_lang}"


@pytest.mark.parametrize("name", list(MODULES))
def test_no_private_name_is_imported_from_another_module(name):
    private = [
        f"line {line}: {target}.{n}"
        for target, names, line in imports(name, MODULES[name])
        for n in names
        if n.startswith("_") and not n.startswith("__") and target != name
    ]
    tree = ast.parse(MODULES[name].read_text())
    modules_here = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
        for alias in node.names
    }
    private += [
        f"line {node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules_here
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert not private, f"{name} uses private names of other modules: {private}"


def type_only_lines(path: Path) -> set[int]:
    """Lines of the imports under ``if TYPE_CHECKING:`` (for type checkers; never run)."""
    lines = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(n.lineno for n in ast.walk(inner) if hasattr(n, "lineno"))
    return lines


def test_no_import_circle():
    """No module imports itself through others when it runs (imports for type checkers
    only, under ``if TYPE_CHECKING:``, are not run and make no circle)."""
    graph = {
        name: {
            t
            for t, _, line in imports(name, path)
            if t in MODULES and t != name and line not in type_only_lines(path)
        }
        for name, path in MODULES.items()
    }
    # a package's face importing its own modules is not a circle
    for name in graph:
        graph[name] = {t for t in graph[name] if not name or not t.startswith(name + ".")}
        if name:
            graph[name].discard(name.rpartition(".")[0])
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not circles, circles


@pytest.mark.parametrize("name", list(MODULES))
def test_every_public_function_is_in_all(name):
    tree = ast.parse(MODULES[name].read_text())
    public = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    }
    declared = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            declared = set(ast.literal_eval(node.value))
    if not public:
        return
    assert declared is not None, f"{name} has public functions but no __all__"
    assert public <= declared, f"{name}.__all__ misses {sorted(public - declared)}"
    module = __import__(f"asnpolicy.{name}".rstrip("."), fromlist=["*"])
    missing = [n for n in declared if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ lists names it does not have: {missing}"
