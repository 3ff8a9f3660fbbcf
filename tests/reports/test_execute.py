"""One run: the executed notebook and its page without code, stderr or parameters; a timeout;
the notebook's working directory and language; what a reader of the pages sees."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser

import asnpolicy as ap

from .helpers import (
    ALL_OK,
    EXE,
    FIXTURE,
    INDONESIAN,
    NOTEBOOKS,
    REGIONS,
    body,
    fixture_run,
    report,
    without_images,
)


class TestFullRun:
    def test_reports_contain_no_code(self, full_run):
        _, out = full_run
        for path in out.glob("*/*.html"):
            html = path.read_text(encoding="utf-8")
            page = body(html)
            assert "import asnpolicy" not in html and "ap.load_dataset" not in html, path
            assert "display(" not in page and "ap.narrative" not in page, path
            assert "input_area" not in page and 'class="prompt' not in page, path
            # nor the notebook's own Markdown cells (notes for maintainers)
            assert "text_cell" not in page and "Run with papermill" not in page, path
            # neither the parameters nor the injected parameters
            assert "data_dir" not in page and "small_cell_min" not in page, path

    def test_reports_have_embedded_figures_and_the_synthetic_banner(self, full_run):
        _, out = full_run
        for region in REGIONS:
            html = (out / region / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
            assert re.search(r'<figure class="report-figure"><svg [^>]*aria-label="[^"]+"', html)
            assert "Data sintetis" in html and "Analisis Kebutuhan Pegawai" in html

    def test_executed_notebook_kept_with_absolute_data_dir(self, full_run, sample):
        _, out = full_run
        nb = json.loads((out / "pauh" / f"{NOTEBOOKS[0].stem}.ipynb").read_text())
        injected = [
            c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
        ]
        source = "".join(injected[0]["source"])
        assert 'region = "pauh"' in source and f'data_dir = "{sample.resolve()}"' in source
        assert 'lang = "id"' in source and "small_cell_min = 5" in source


class TestFailures:
    def test_a_timeout_fails_the_run_with_its_cell(self, sample, tmp_path):
        out = tmp_path / "reports"
        env = {**ALL_OK, "ASNPOLICY_FIXTURE_SLEEP": "30"}
        args = ("--region", "bangko", "--timeout", 2)
        done = fixture_run(sample, out, *args, env=env)
        assert done.returncode == 1
        assert "failed at cell 3: CellTimeoutError: the cell ran longer than the limit" in (
            done.stderr
        )
        page = (out / "bangko" / "report_fixture.failed.html").read_text(encoding="utf-8")
        assert "CellTimeoutError: the cell ran longer than the limit of 2 s" in page


class TestEnglish:
    def test_real_notebook_in_english(self, sample, tmp_path):
        out = tmp_path / "reports"
        args = ("--data", sample, "--out", out, "--notebook", NOTEBOOKS[0].stem[:2])
        done = report(*args, "--region", "batanghari", "--lang", "en")
        assert done.returncode == 0, done.stderr[-4000:]
        html = (out / "batanghari" / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", " ", without_images(body(html)))
        assert "Workforce Needs" in text and "Synthetic data" in text
        for word in INDONESIAN:
            assert word not in text, word


def test_notebooks_run_in_the_callers_directory_with_absolute_data_dir(sample, tmp_path):
    out = tmp_path / "reports"
    here = tmp_path / "here"
    here.mkdir()
    relative = os.path.relpath(sample, here)
    done = subprocess.run(
        [str(EXE), "report", "--no-progress", "--data", relative, "--out", str(out)]
        + ["--notebook", str(FIXTURE), "--region", "bangko"],
        capture_output=True,
        text=True,
        cwd=here,
        env={**os.environ, **ALL_OK},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    html = (out / "bangko" / "report_fixture.html").read_text(encoding="utf-8")
    assert "data_dir absolute: True; exists: True" in html
    assert f"working directory: {here}" in html


# ------------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


#: Headers of the report tables' columns that count people.
COUNT_HEADERS = {"n"} | {
    ap.narrative.text.t(key, lang)
    for key in ("col_participants", "col_switchers", "col_remedial_staff", "col_retirements")
    for lang in ("id", "en")
}


def count_cells(html: str) -> list[tuple[str, str]]:
    """(header, value) of every cell in a column that counts people, and every "n = ..." in
    the text."""
    parser = _Tables()
    parser.feed(html)
    cells = []
    for table in parser.tables:
        if not table:
            continue
        for column, header in enumerate(table[0]):
            if header in COUNT_HEADERS:
                cells += [(header, row[column]) for row in table[1:] if len(row) > column]
    text = re.sub(r"<[^>]+>", " ", without_images(html))
    cells += [("n =", value) for value in re.findall(r"\bn = ([<\d][\d.,]*)", text)]
    return cells


class TestWhatTheReaderSees:
    def test_no_kernel_warnings_in_the_pages(self, full_run):
        _, out = full_run
        for path in out.glob("*/*.html"):
            text = path.read_text(encoding="utf-8")
            assert "output_stderr" not in text, path.relative_to(out)
            assert "RuntimeWarning" not in text and "FutureWarning" not in text

    def test_no_count_under_small_cell_min(self, full_run):
        """Every count of people in a report table is 0, at least small_cell_min (5), or
        hidden as <5."""
        _, out = full_run
        checked = 0
        for path in out.glob("*/*.html"):
            for _, value in count_cells(path.read_text(encoding="utf-8")):
                if value in ("<5", "-", ""):
                    continue
                n = int(re.sub(r"[.,\s]", "", value))
                checked += 1
                assert n == 0 or n >= 5, f"{path.relative_to(out)}: a count of {n} is shown"
        assert checked > 50

    def test_comparison_tables_name_their_indicators(self, full_run):
        """The scorecard tables carry the indicator as a named index; the page must show it."""
        _, out = full_run
        label = ap.narrative.comparison.indicator_label("shortage_rate", "id")
        for path in out.glob("*/04_*.html"):
            text = path.read_text(encoding="utf-8")
            assert f">{label}<" in text, path.relative_to(out)

    def test_pages_open_with_banner_summary_then_provenance(self, full_run, sample):
        """Title and the synthetic banner, a summary in sentences, then the provenance box
        (data source, content hash, version), before any figure."""
        _, out = full_run
        for path in out.glob("*/*.html"):
            text = path.read_text(encoding="utf-8")
            title, banner = text.find("<h1"), text.find("Data sintetis")
            box, figure = text.find('class="provenance"'), text.find("<figure")
            assert -1 < title < banner < box < figure, path.relative_to(out)
            summary = re.sub(r"<[^>]+>|\s+", " ", text[banner:box])
            assert len(summary) > 150 and "." in summary, path.relative_to(out)
            assert f"asnpolicy {ap.__version__}" in text[box : box + 600]
