"""The index page: every run listed and linked, in the language asked for, everything from the
data and the notebooks escaped; rendered by the Jinja2 template."""

from __future__ import annotations

import json
import shutil
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from importlib import resources

import pytest

import asnpolicy as ap
from asnpolicy.reports import index_html, write_index

from .helpers import (
    ALL_OK,
    CONTROL,
    INDONESIAN,
    NOTEBOOKS,
    REGIONS,
    ROOT,
    fixture_run,
    links,
    live_handlers,
    report,
    write_notebook,
)


class TestFullRun:
    def test_index_lists_every_run_and_its_links_resolve(self, full_run, sample):
        _, out = full_run
        html = (out / "index.html").read_text(encoding="utf-8")
        anchors = [h for h in links(html) if h.startswith("#")]
        assert anchors == [f"#{region}" for region in REGIONS]  # the overview's region links
        for anchor in anchors:
            assert f'id="{anchor[1:]}"' in html
        hrefs = [h for h in links(html) if not h.startswith("#")]
        # each report twice: its title in the briefing and "open the page" under its key
        # numbers; once more in its region's run log table
        pages = [h for h in hrefs if h.endswith(".html")]
        assert sorted(pages) == sorted(
            3 * [f"{r}/{nb.stem}.html" for r in REGIONS for nb in NOTEBOOKS]
        )
        # the workbook and the Word document the runner writes beside a page, once each
        for href in set(hrefs) - set(pages):
            assert href.endswith((".xlsx", ".docx")) and hrefs.count(href) == 1, href
        for href in hrefs:
            assert not href.startswith(("/", "http")), href
            assert (out / href).is_file(), href
        content_hash = json.loads((sample / "provenance.json").read_text())["content_hash"]
        assert content_hash in html
        assert str(sample.resolve()) not in html and "data_dir" not in html  # no local path
        assert "region=bangko" not in html and "lang=id" not in html  # no parameters as code
        assert "Data sintetis" in html and 'class="banner"' in html
        # the run log: a badge per run in the overview and one in its region's table
        assert html.count('class="status ok"') == 2 * len(REGIONS) * len(NOTEBOOKS)
        assert 'class="status failed"' not in html
        assert f"asnpolicy {ap.__version__}" in html


class TestEnglish:
    def test_fixture_and_index_in_english(self, sample, tmp_path):
        out = tmp_path / "reports"
        done = fixture_run(sample, out, "--region", "bangko", "--lang", "en", env=ALL_OK)
        assert done.returncode == 0, done.stderr
        html = (out / "bangko" / "report_fixture.html").read_text(encoding="utf-8")
        assert "Test report for region bangko." in html and "Laporan uji" not in html
        index = (out / "index.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in index
        assert "Synthetic data" in index and "Data source" in index and "succeeded" in index
        assert "Key numbers by region" not in index or "Run log" in index
        assert "Run log" in index
        for word in INDONESIAN:
            assert word not in index, word


class TestWhatIsShown:
    def test_data_and_errors_are_escaped_in_pages_and_clean_on_the_terminal(self, sample, tmp_path):
        """A data folder and an error message holding markup and terminal escapes: the pages
        hold no live tag, the terminal gets no control character."""
        data = tmp_path / "x<img src=x onerror=alert(1)>"
        shutil.copytree(sample, data)
        message = "<img src=z onerror=alert(3)> \\x1b]0;owned\\x07 \\x1b[2J \\x9b31m bell\\x07"
        notebook = write_notebook(
            tmp_path / "boom.ipynb", f'raise RuntimeError("{message}")', parameters='region = ""'
        )
        out = tmp_path / "out"
        done = report("--data", data, "--notebook", notebook, "--region", "pauh", "--out", out)
        assert done.returncode == 1, done.stderr
        assert "RuntimeError: <img src=z onerror=alert(3)> ]0;owned" in done.stderr
        assert not CONTROL.findall(done.stderr), repr(done.stderr)
        index = (out / "index.html").read_text(encoding="utf-8")
        assert str(data) not in index and "onerror=alert(1)" not in index  # no local path
        assert "&lt;img src=z onerror=alert(3)&gt;" in index
        assert not live_handlers(index)
        assert not CONTROL.findall(index), "nor does the index"
        failed = (out / "pauh" / "boom.failed.html").read_text(encoding="utf-8")
        assert not live_handlers(failed)


# ------------------------------------------------------------------------------------------
# The template, from a manifest alone (no notebook runs)
# ------------------------------------------------------------------------------------------

#: A region name from the data that holds markup (the regions table allows any name).
MARKUP_NAME = '<script>alert("x")</script> & Co'


def entry(region: str, notebook: str, status: str = "ok", **more) -> dict:
    """A manifest entry as :func:`run_reports` records it."""
    suffix = "" if status == "ok" else ".failed"
    error = None
    if status != "ok":
        error = {"cell": 3, "exec_count": 4, "name": "RuntimeError", "message": "<b>boom</b>"}
    return {
        "region": region,
        "region_name": region.capitalize(),
        "notebook": notebook,
        "status": status,
        "duration_s": 12.34,
        "finished": "2026-01-02T03:04:05+07:00",
        "parameters": {"region": region, "data_dir": "/data", "lang": "id"},
        "lang": "id",
        "data_dir": "/data",
        "data_source": "asnpolicy.synth",
        "synthetic": True,
        "seed": 2026,
        "content_hash": "c0ffee",
        "asnpolicy_version": ap.__version__,
        "html": f"{region}/{notebook}{suffix}.html",
        "executed": f"{region}/{notebook}{suffix}.ipynb",
        "error": error,
        "last_good": None,
        **more,
    }


class Headings(HTMLParser):
    """The text of every ``<h2 id=...>`` by its id."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "h2":
            self._id = dict(attrs).get("id")

    def handle_endtag(self, tag) -> None:
        if tag == "h2":
            self._id = None

    def handle_data(self, data) -> None:
        if self._id is not None:
            self.texts[self._id] = self.texts.get(self._id, "") + data


@pytest.fixture
def runs(tmp_path) -> dict:
    """Ok runs in bangko and pauh, a failed run in pauh with its last good report, and a region
    whose name holds markup; every page on disk but one (bangko's second report)."""
    runs = {
        "pauh/01_a": entry("pauh", "01_a"),
        "pauh/02_b": entry(
            "pauh",
            "02_b",
            "failed",
            last_good={"html": "pauh/02_b.html", "finished": "2025-12-01T10:00:00+07:00"},
        ),
        "bangko/01_a": entry("bangko", "01_a"),
        "bangko/02_b": entry("bangko", "02_b"),
        "kab_x/01_a": entry("kab_x", "01_a", region_name=MARKUP_NAME),
    }
    pages = ["pauh/01_a.html", "pauh/02_b.failed.html", "pauh/02_b.html"]
    for page in [*pages, "bangko/01_a.html", "kab_x/01_a.html"]:
        (tmp_path / page).parent.mkdir(exist_ok=True)
        (tmp_path / page).write_text("<html></html>", encoding="utf-8")
    return runs


class TestTemplate:
    def test_the_region_name_is_escaped(self, runs, tmp_path):
        page = index_html(runs, tmp_path)
        assert "<script>" not in page and "&lt;script&gt;alert(" in page
        assert not live_handlers(page)
        headings = Headings()
        headings.feed(page)
        assert headings.texts == {"bangko": "Bangko", "pauh": "Pauh", "kab_x": MARKUP_NAME}
        assert "&lt;b&gt;boom&lt;/b&gt;" in page  # the error message too

    def test_the_region_links_and_the_report_links(self, runs, tmp_path):
        page = index_html(runs, tmp_path)
        anchors = [h for h in links(page) if h.startswith("#")]
        assert anchors == ["#bangko", "#pauh", "#kab_x"]  # study order, then the others
        for anchor in anchors:
            assert f'<h2 id="{anchor[1:]}">' in page
        hrefs = [h for h in links(page) if not h.startswith("#")]
        # an ok page: its title and "open the page" in the briefing, its name in the run log;
        # the failed page only in the run log, the last good one in both; bangko's second
        # report is not on disk, so it is named but not linked
        assert sorted(hrefs) == sorted(
            3 * ["bangko/01_a.html", "pauh/01_a.html", "kab_x/01_a.html"]
            + ["pauh/02_b.failed.html"]
            + 2 * ["pauh/02_b.html"]
        )
        # a badge per run in the run log's overview and table; a failed one in the briefing
        assert page.count('class="status ok"') == 2 * 4 and page.count('class="status failed"') == 3
        assert "sel 4 (In [4]): RuntimeError" in page and "laporan berhasil terakhir" in page

    def test_the_provenance_on_each_row_when_the_runs_differ(self, runs, tmp_path):
        runs["bangko/01_a"]["content_hash"] = "other"
        page = index_html(runs, tmp_path)
        assert 'class="provenance"' not in page
        assert page.count('<col class="c-hash">') == 3 and "other" in page


class TestTemplateFiles:
    def test_no_runs(self, tmp_path):
        page = index_html({}, tmp_path, lang="en")
        assert "<p>No reports yet.</p>" in page and "<table" not in page

    def test_write_index_reads_the_manifest(self, runs, tmp_path):
        (tmp_path / "runs.json").write_text(json.dumps({"runs": runs}), encoding="utf-8")
        target = write_index(tmp_path)
        assert target == tmp_path / "index.html"
        assert target.read_text(encoding="utf-8").count('class="status failed"') == 3
        assert not list(tmp_path.glob(".tmp-*"))

    def test_the_templates_are_package_data(self):
        """Installed with the package (also by a non-editable install): each file of
        ``templates/`` matches a pattern of ``[tool.setuptools.package-data]``."""
        folder = resources.files("asnpolicy.reports") / "templates"
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
        assert {"index.css", "index.html.j2"} <= set(names)
        setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
        patterns = setup["package-data"]["asnpolicy.reports"]
        for name in names:
            assert any(fnmatch(f"templates/{name}", p) for p in patterns), name


class TestBriefing:
    """Issue 16, finding 13: the index is a briefing, the key numbers of each report per region
    with links to the page, its workbook and its Word document, then the run log; no local
    path, no parameters as code."""

    def test_key_numbers_first_then_the_run_log(self, runs, tmp_path):
        runs["pauh/01_a"]["keys"] = [
            {"label": "Tingkat kekurangan bruto", "value": "12,1 %"},
            {"label": "Pegawai pensiun dalam 5 tahun", "value": "18,9 %"},
            {"label": "<b>IKM</b>", "value": "82,00 [81,46; 82,54]"},
        ]
        page = index_html(runs, tmp_path)
        assert "<dt>Tingkat kekurangan bruto</dt><dd>12,1 %</dd>" in page
        assert "<dt>&lt;b&gt;IKM&lt;/b&gt;</dt>" in page  # escaped
        assert page.index("12,1 %") < page.index("Catatan proses") < page.index("12,3 detik")

    def test_workbook_and_document_links_only_when_on_disk(self, runs, tmp_path):
        runs["pauh/01_a"].update(xlsx="pauh/01_a.xlsx", docx="pauh/01_a.docx")
        runs["bangko/01_a"].update(xlsx="bangko/01_a.xlsx", docx=None)
        (tmp_path / "pauh" / "01_a.xlsx").write_bytes(b"x")
        (tmp_path / "pauh" / "01_a.docx").write_bytes(b"x")
        page = index_html(runs, tmp_path, lang="en")
        hrefs = links(page)
        assert "pauh/01_a.xlsx" in hrefs and "pauh/01_a.docx" in hrefs
        assert "bangko/01_a.xlsx" not in hrefs  # recorded but not written
        assert "Workbook (XLSX)" in page and "Word document (DOCX)" in page

    def test_old_records_without_keys_and_malformed_keys(self, runs, tmp_path):
        runs["bangko/01_a"]["keys"] = [{"label": "ok", "value": "1"}, "junk", {"label": "x"}]
        runs["pauh/01_a"]["keys"] = "not a list"
        page = index_html(runs, tmp_path, lang="en")
        assert "<dt>ok</dt><dd>1</dd>" in page and "junk" not in page
        assert page.count("This report has recorded no key numbers") == 3  # pauh, kab_x, bangko 02

    def test_no_local_path_and_no_parameters(self, runs, tmp_path):
        for run in runs.values():
            run["data_dir"] = "/home/analyst/secret-data"
            run["parameters"] = {"region": run["region"], "data_dir": run["data_dir"]}
        page = index_html(runs, tmp_path)
        assert "/home/analyst" not in page and "secret-data" not in page
        assert "region=" not in page and "data_dir" not in page

    @pytest.mark.parametrize("lang", ["id", "en"])
    def test_words_in_the_page_language(self, runs, tmp_path, lang):
        page = index_html(runs, tmp_path, lang=lang)
        assert f'<html lang="{lang}">' in page
        words = {"id": ("Catatan proses", "Buka halaman"), "en": ("Run log", "Open the page")}
        other = "en" if lang == "id" else "id"
        assert all(w in page for w in words[lang])
        assert not any(w in page for w in words[other])
