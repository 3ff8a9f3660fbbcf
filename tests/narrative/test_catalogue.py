"""The text catalogue (asnpolicy/narrative/texts/*.yml): read strictly, complete in every
language, and every key in it used by the code and every key the code asks for in it."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import string
from collections.abc import Iterable
from pathlib import Path

import pytest

from asnpolicy import compare, funnel, merit, regions, rules, schema
from asnpolicy.explore import selection as explore_selection
from asnpolicy.narrative import claims, text
from asnpolicy.narrative.text import LANGS, CatalogueError, catalogue, load_catalogue
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "asnpolicy"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Functions whose first argument is a key of the catalogue.
TEXT_FUNCTIONS = ("t", "label", "section")


# --------------------------------------------------------------------------------------------
# (a) the loader
# --------------------------------------------------------------------------------------------


class TestLoader:
    def write(self, folder: Path, name: str, body: str) -> Path:
        path = folder / name
        path.write_text(body, encoding="utf-8")
        return path

    def test_reads_entries(self, tmp_path):
        a = self.write(tmp_path, "a.yml", "x:\n  id: satu\n  en: one\n")
        b = self.write(tmp_path, "b.yml", "# a comment\n'yes':\n  id: ya\n  en: 'yes'\n")
        assert load_catalogue([a, b]) == {
            "x": {"id": "satu", "en": "one"},
            "yes": {"id": "ya", "en": "yes"},
        }

    def test_rejects_a_key_twice_in_one_file(self, tmp_path):
        path = self.write(
            tmp_path,
            "a.yml",
            "x:\n  id: satu\n  en: one\ny:\n  id: dua\n  en: two\nx:\n  id: tiga\n",
        )
        with pytest.raises(CatalogueError, match=r"a\.yml, line 7: the key 'x' is defined twice"):
            load_catalogue([path])

    def test_rejects_a_language_twice_in_an_entry(self, tmp_path):
        path = self.write(tmp_path, "a.yml", "x:\n  id: satu\n  id: one\n")
        with pytest.raises(CatalogueError, match=r"a\.yml, line 3: the key 'id' is defined twice"):
            load_catalogue([path])

    def test_rejects_a_key_in_two_files(self, tmp_path):
        a = self.write(tmp_path, "a.yml", "x:\n  id: satu\n  en: one\n")
        b = self.write(tmp_path, "b.yml", "y:\n  id: dua\n  en: two\nx:\n  id: tiga\n  en: three\n")
        with pytest.raises(CatalogueError) as err:
            load_catalogue([a, b])
        message = str(err.value)
        assert "b.yml, line 4: the key 'x' is already defined in" in message
        assert "a.yml, line 1" in message

    @pytest.mark.parametrize(
        "body",
        ["x: one\n", "x:\n  id: [a, b]\n", "yes:\n  id: ya\n  en: 'yes'\n", "- x\n"],
        ids=["not a mapping", "not a text", "key read as a boolean", "a list"],
    )
    def test_rejects_entries_that_are_not_texts(self, tmp_path, body):
        path = self.write(tmp_path, "a.yml", body)
        with pytest.raises(CatalogueError, match=r"a\.yml"):
            load_catalogue([path])

    def test_the_package_catalogue_loads(self):
        files = sorted(text.TEXTS_DIR.glob("*.yml"))
        assert {f.stem for f in files} >= {"common", "workforce", "selection", "outcomes"}
        assert load_catalogue(files) == catalogue()


# --------------------------------------------------------------------------------------------
# (b) every text in every language
# --------------------------------------------------------------------------------------------


def fields(template: str) -> set[str]:
    """The ``{name}`` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_in_every_language(key):
    entry = catalogue()[key]
    assert tuple(sorted(entry)) == tuple(sorted(LANGS)), key
    assert all(entry[lang].strip() for lang in LANGS), f"{key}: an empty text"
    # the same values are filled in whatever the language
    assert len({frozenset(fields(entry[lang])) for lang in LANGS}) == 1, key


# --------------------------------------------------------------------------------------------
# what the code says: literal strings, and keys asked for with t() / label() / section()
# --------------------------------------------------------------------------------------------


def python_sources() -> dict[str, ast.Module]:
    """The package's modules and the notebooks' code cells, parsed."""
    trees = {str(p.relative_to(ROOT)): ast.parse(p.read_text()) for p in PACKAGE.rglob("*.py")}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text())["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                trees[f"{path.relative_to(ROOT)}[{i}]"] = ast.parse("".join(cell["source"]))
    return trees


def templates() -> dict[str, str]:
    """Other text files of the package (the report templates), by name; not the catalogue."""
    return {
        str(p.relative_to(ROOT)): p.read_text()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc", ".yml") and "__pycache__" not in p.parts
    }


def string_literals() -> set[str]:
    """Every string constant in the code (whole strings, not parts of them)."""
    found = set()
    for tree in python_sources().values():
        found |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
    for body in templates().values():
        found |= set(re.findall(r"""['"]([A-Za-z0-9_]+)['"]""", body))
    return found


def asked_for() -> list[tuple[str, str, str]]:
    """(where, kind, key) of each key the code asks the catalogue for: kind ``key`` for a
    literal key, ``prefix`` for the literal start of a key built from a value."""
    found = []

    def first_part(node: ast.expr, where: str) -> Iterable[tuple[str, str, str]]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield where, "key", node.value
        elif isinstance(node, ast.IfExp):
            yield from first_part(node.body, where)
            yield from first_part(node.orelse, where)
        elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
            yield where, "prefix", node.values[0].value
        elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
            yield where, "prefix", node.left.value

    for name, tree in python_sources().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = (
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            )
            where = f"{name}:{node.lineno}"
            if func in TEXT_FUNCTIONS and node.args:
                found += first_part(node.args[0], where)
            elif func == "header" and len(node.args) >= 2:
                found += first_part(node.args[1], where)  # narrative.header(ds, title_key, ...)
    for name, body in templates().items():
        found += [(name, "key", k) for k in re.findall(r"""\bt\(\s*'([a-z0-9_]+)'\s*\)""", body)]
        found += [(name, "prefix", k) for k in re.findall(r"""\bt\(\s*'([a-z0-9_]+)'\s*~""", body)]
    return found


def test_the_scan_sees_the_code():
    """The scans below find what they look for (else they would pass on nothing)."""
    literals = string_literals()
    assert {"workforce_title", "cmp_domain_needs", "index_title", "col_unit"} <= literals
    asked = {(kind, key) for _, kind, key in asked_for()}
    assert ("key", "plan_title") in asked  # notebook 01: section("plan_title")
    assert ("key", "outcomes_title") in asked  # notebook 03: header(ds, "outcomes_title", ...)
    assert ("prefix", "cmp_unit_") in asked  # narrative.comparison: label(f"cmp_unit_{unit}")
    assert ("prefix", "score_") in asked  # narrative.outcomes: label("score_" + p)
    assert ("prefix", "index_col_") in asked  # the index page's template


# --------------------------------------------------------------------------------------------
# (c) no unused key
# --------------------------------------------------------------------------------------------


def policy_codes() -> set[str]:
    """Every code the regions' documented policies use (``regions.PolicyProfile``)."""
    codes = set()
    for region in regions.REGIONS.values():
        for value in dataclasses.asdict(region.profile).values():
            codes |= (
                {value}
                if isinstance(value, str)
                else set(value)
                if isinstance(value, tuple)
                else set()
            )
    return codes


def allowed(table: str, column: str) -> tuple:
    """The values the data model allows in a column."""
    return schema.table_spec(table).field(column).allowed


@pytest.fixture(scope="module")
def small():
    """Two simulated regions, to see the indicators and units the code produces."""
    return generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)


@pytest.fixture(scope="module")
def families(small) -> dict[str, set[str]]:
    """Keys built from a value, ``prefix + value``: each prefix with the values the code
    builds it from."""
    small_card = compare.scorecard(small, n_boot=5)
    modes = allowed("applicants", "registration_mode")
    indicators = set(small_card["indicator"]) | set(compare.INDICATORS)
    not_measured = set(compare.NOT_MEASURED) | set(merit.NOT_MEASURED)
    profile_fields = {f.name for f in dataclasses.fields(regions.PolicyProfile)}
    return {
        # text.date: month_{ts.month}
        "month_": {str(m) for m in range(1, 13)},
        # plots.selection_funnel: stage_{s} for the funnel's stages
        "stage_": set(funnel.FUNNEL_STAGES),
        # plots.registration_modes: mode_{m}
        "mode_": set(modes),
        # narrative.selection, plots.panel_reliability: panel_ + the panel type
        "panel_": set(schema.PANELS),
        # narrative.outcomes, plots.method_effects: method_ + a panel type, a registration
        # mode, or "none" (a recruit without a panel: outcomes.method_effects)
        "method_": {*schema.PANELS, *modes, "none"},
        # narrative.outcomes, plots.validity_forest: score_ + a selection score
        "score_": set(rules.SCORE_COLUMNS),
        # narrative.outcomes, plots.training_effects: {group}_{value}, group "provider"
        "provider_": set(schema.TRAINING_PROVIDERS),
        # narrative.outcomes.merit_table / merit_not_measured
        "aspect_": set(rules.MERIT_ASPECTS),
        "merit_": set(merit.merit_indicators(small)["indicator"]),
        # the index page (reports): report_{notebook}
        "report_": {p.stem for p in NOTEBOOKS},
        # the index page's template: index_col_ ~ column, the columns of reports/index.py
        "index_col_": string_literals_of(PACKAGE / "reports" / "index.py"),
        # narrative.claims.verdict_words: claim_ + a verdict
        "claim_": set(claims.VERDICTS),
        # narrative.guard: need_table_ + a table, need_col_ + table_column, need_code_ + the
        # code of an analysis's NotEnoughData (the codes the package raises)
        "need_table_": set(schema.TABLES),
        "need_col_": {f"{s.name}_{c}" for s in schema.TABLES.values() for c in s.columns},
        "need_code_": {"other", *not_enough_data_codes()},
        # narrative.comparison
        "cmp_domain_": set(compare.DOMAINS),
        "cmp_ind_": indicators | not_measured | {f"{f}_stages" for f in ("validity", "panel_icc")},
        "cmp_unit_": set(small_card["unit"]) | {v[1] for v in compare.INDICATORS.values()},
        "cmp_stage_": set(allowed("assessments", "stage")),
        "cmp_band_": {"adverse", "ok"} | {band.code for band in rules.IKM_BANDS},
        "cmp_code_": {*schema.GENDERS, *schema.ORIGINS, *schema.PANELS} | policy_codes(),
        "cmp_feature_": (profile_fields - {"stresses_id", "stresses_en"}) | {"stresses"},
        "cmp_reason_": not_measured,
        "cmp_var_": {i.removeprefix("impact_ratio_") for i in indicators if "impact_ratio_" in i},
        # explore.render: ex_break_ + a rule_breaks code, ex_remedial_ + a count said when
        # not 0; explore.panels and render: ex_panel_ + a panel type
        "ex_break_": {"cat_min", "extra_max", "interview", "skd_weight"},
        "ex_remedial_": {"few", "published"},
        "ex_panel_": set(explore_selection.PANELS),
    }


def not_enough_data_codes() -> set[str]:
    """The codes the package raises NotEnoughData with (the second argument of each call)."""
    codes = set()
    for tree in python_sources().values():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "NotEnoughData"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
            ):
                codes.add(node.args[1].value)
    return codes


def string_literals_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def unused_keys(keys: Iterable[str], families: dict[str, set[str]]) -> list[str]:
    """The keys neither written out in the code nor built by it from a family's values."""
    literals = string_literals()
    buildable = {prefix + value for prefix, values in families.items() for value in values}
    return sorted(k for k in keys if k not in literals and k not in buildable)


def test_every_family_is_built_by_the_code(families):
    """Each family of the test is one the code builds: its prefix is written in the code (as
    the start of an f-string, a string added to a value, or a literal), so that a family the
    code no longer builds does not keep its keys alive. ``provider_`` is built as
    ``f"{group}_{value}"``, ``group`` the first column of training.training_effect."""
    pieces = string_literals() | {
        node.value
        for tree in python_sources().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for node in node.values
        if isinstance(node, ast.Constant)
    }
    written = {p for p in families if any(piece.startswith(p) for piece in pieces)}
    assert set(families) - written == {"provider_"}


def test_no_unused_key(families):
    assert unused_keys(catalogue(), families) == []


def test_an_unused_key_is_found(families):
    """The check fails on a key nobody can build (a broken catalogue)."""
    used = ["yes", "cmp_code_female", "month_12", "score_tiu", "index_col_hash"]
    keys = [*used, "cmp_code_no_such_code", "orphan_text", "month_13"]
    assert unused_keys(keys, families) == ["cmp_code_no_such_code", "month_13", "orphan_text"]


# --------------------------------------------------------------------------------------------
# (d) every key the code asks for exists
# --------------------------------------------------------------------------------------------


def missing_keys(keys: Iterable[str]) -> list[str]:
    keys = set(keys)
    missing = []
    for where, kind, key in asked_for():
        if kind == "key" and key not in keys:
            missing.append(f"{where}: {key}")
        elif kind == "prefix" and not any(k.startswith(key) for k in keys):
            missing.append(f"{where}: {key}...")
    return missing


def test_every_key_asked_for_exists():
    assert missing_keys(catalogue()) == []


def test_a_missing_key_is_found():
    """The check fails when the catalogue lacks a key the code asks for."""
    broken = [k for k in catalogue() if k != "plan_title" and not k.startswith("cmp_unit_")]
    missing = missing_keys(broken)
    assert any(m.endswith(": plan_title") for m in missing)
    assert any(m.endswith(": cmp_unit_...") for m in missing)
