"""``import asnpolicy`` and ``asnpolicy --help`` stay cheap (issue 20): the heavy libraries load
only when a function needs them, and every name of the package's face still resolves.

Each check that looks at ``sys.modules`` runs in a fresh interpreter: this test session has
imported most of the package already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import asnpolicy as ap

#: Libraries that ``import asnpolicy`` and the command line's ``--help`` must not load.
HEAVY = ("sklearn", "statsmodels", "scipy", "scipy.stats", "matplotlib", "IPython")


def loaded_after(code: str) -> list[str]:
    """The modules of ``HEAVY`` in ``sys.modules`` after ``code`` runs in a new interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


class TestImportAsnpolicy:
    def test_loads_no_heavy_library(self):
        assert loaded_after("import asnpolicy") == []

    def test_every_name_of_all_resolves(self):
        code = """
            import asnpolicy
            missing = [n for n in asnpolicy.__all__ if getattr(asnpolicy, n, None) is None]
            assert not missing, missing
        """
        loaded_after(code)  # a fresh interpreter: nothing imported before the names

    def test_the_data_modules_load_no_heavy_library(self):
        code = """
            import asnpolicy
            asnpolicy.Dataset, asnpolicy.load_dataset, asnpolicy.__version__
        """
        assert loaded_after(code) == []

    def test_modules_are_attributes(self):
        assert ap.workforce is sys.modules["asnpolicy.workforce"]
        assert ap.plots.age_pyramid is sys.modules["asnpolicy.plots"].age_pyramid
        assert ap.narrative.text is sys.modules["asnpolicy.narrative.text"]

    def test_from_import(self):
        from asnpolicy import DataError, validity

        assert validity is sys.modules["asnpolicy.validity"]
        assert DataError is sys.modules["asnpolicy.errors"].DataError

    def test_dir_lists_the_modules_and_all(self):
        names = set(dir(ap))
        assert set(ap.__all__) <= names
        assert {"workforce", "plots", "narrative", "io", "reports", "explore"} <= names

    def test_version_is_the_package_version(self):
        assert ap.__version__ == ap.io.package_version()

    def test_unknown_name_is_an_attribute_error(self):
        with pytest.raises(AttributeError, match="no attribute 'no_such_module'"):
            ap.no_such_module  # noqa: B018


class TestCommandLine:
    def test_help_loads_no_heavy_library(self):
        code = """
            import runpy, sys
            sys.argv = ["asnpolicy", "--help"]
            try:
                runpy.run_module("asnpolicy.cli", run_name="__main__")
            except SystemExit as stop:
                assert stop.code in (0, None), stop.code
            else:
                raise AssertionError("--help did not exit")
        """
        assert loaded_after(code) == []

    def test_help_without_a_command_loads_no_heavy_library(self):
        code = """
            from asnpolicy.cli import main
            assert main([]) == 0
        """
        assert loaded_after(code) == []
