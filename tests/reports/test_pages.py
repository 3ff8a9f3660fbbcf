"""Every page of a full run, in both languages, read as a reader would: light and
self-contained (nothing loaded from the network, at most 300 KB), in one language (no code,
snake_case or word of the other language in its text, its figures or their accessible names),
with a title, a table of contents and links to the region's other pages, numbered figures and
tables, and its workbook and Word document beside it holding the page's numbers."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import openpyxl
import pytest
from docx import Document

from asnpolicy.io import load_dataset
from asnpolicy.narrative.page import FIGURE_MIME, TABLE_MIME
from asnpolicy.plots import plain

from .helpers import report

#: Largest page on the sample data (issue 16: "target <= 300 KB per page on the sample").
MAX_PAGE_BYTES = 300_000

#: Tags whose src/href a browser loads (a link ``<a href>`` is followed only when clicked).
_LOADING = {"script", "img", "iframe", "source", "audio", "video", "embed", "object", "link",
            "image", "use", "track", "input"}  # fmt: skip
_URL = re.compile(r"^\s*(https?:)?//", re.I)
_CSS_URL = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import)""", re.I)

#: Words of English prose that never belong on an Indonesian page.
ENGLISH = {
    "the", "and", "of", "with", "only", "which", "than", "these", "this", "that", "are", "is",
    "was", "were", "would", "could", "should", "have", "has", "not", "for", "from", "every",
    "recruits", "recruit", "score", "scores", "gender", "female", "male", "origin", "official",
    "interview", "talent", "pool", "competency", "shortage", "staff", "rate", "share",
    "training", "method", "methods", "year", "years", "hire", "hires", "applicants",
    "validity", "reliability", "effect", "none", "yes", "external", "see", "table", "figure",
    "page", "hidden", "below", "above", "between", "design", "designs", "cost", "fairness",
    "performance", "satisfaction", "needs", "region", "regions", "unknown", "missing",
}  # fmt: skip
#: Words of Indonesian prose that never belong on an English page.
INDONESIAN = {
    "dan", "yang", "dari", "untuk", "dengan", "tidak", "atau", "ini", "itu", "pada", "dalam",
    "oleh", "tahun", "pegawai", "kekurangan", "kelebihan", "rekrutmen", "pelamar", "ringkasan",
    "rekomendasi", "catatan", "unduh", "gambar", "tabel", "halaman", "wilayah", "daftar",
    "sumber", "sintetis", "laki", "perempuan", "desain", "biaya", "kinerja", "dibutuhkan",
    "belum", "selang", "lebih", "kurang", "sebagai", "karena", "tetapi", "jika", "bila",
}  # fmt: skip
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


class _Reader(HTMLParser):
    """A page as a reader meets it: its text (figure text and accessible names included) and
    what it would load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.loads: list[str] = []
        self.skip = 0
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
            self.in_style = tag == "style"
        for name in ("src", "href", "xlink:href", "srcset", "data", "poster"):
            value = attrs.get(name) or ""
            if value and (tag in _LOADING or name != "href") and _URL.match(value):
                self.loads.append(f"<{tag} {name}={value}>")
        if attrs.get("style") and _CSS_URL.search(attrs["style"]):
            self.loads.append(f"<{tag} style={attrs['style']}>")
        for name in ("aria-label", "alt", "title"):
            if attrs.get(name):
                self.text.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        elif not self.skip:
            self.text.append(data)


def read(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


@pytest.fixture(scope="package")
def full_run_en(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("full_en") / "reports"
    return report("--data", sample, "--out", out, "--workers", 2, "--lang", "en"), out


@pytest.fixture(scope="module")
def runs(full_run, full_run_en):
    out = {}
    for lang, (done, folder) in (("id", full_run), ("en", full_run_en)):
        assert done.returncode == 0, done.stderr
        out[lang] = folder
    return out


@pytest.fixture(scope="module")
def data_names(sample) -> list[str]:
    """Names from the data (units, positions, regions, providers): the reader's own words,
    in whatever language the data hold them; longest first."""
    ds = load_dataset(sample)
    names = {*ds.units["name"], *ds.positions["title"], *ds.regions["name"]}
    return sorted((str(n) for n in names if isinstance(n, str)), key=len, reverse=True)


def pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.html"))


def test_every_run_succeeded_and_made_its_files(runs):
    for folder in runs.values():
        manifest = json.loads((folder / "runs.json").read_text())
        for key, run in manifest["runs"].items():
            assert run["status"] == "ok", key
            assert run["xlsx"] and (folder / run["xlsx"]).exists(), key
            assert run["docx"] and (folder / run["docx"]).exists(), key
            assert run["keys"], f"{key}: the page has no key numbers"


def test_pages_load_nothing_from_the_network(runs):
    for folder in runs.values():
        for path in [*pages(folder), folder / "index.html"]:
            reader = read(path)
            assert reader.loads == [], path
            assert not any(_CSS_URL.search(css) for css in reader.styles), path
            assert "<script" not in path.read_text(encoding="utf-8"), path


def test_pages_are_light(runs):
    sizes = {str(p.relative_to(f)): p.stat().st_size for f in runs.values() for p in pages(f)}
    heavy = {p: s for p, s in sizes.items() if s > MAX_PAGE_BYTES}
    assert heavy == {}, f"pages over {MAX_PAGE_BYTES} bytes: {heavy}"


def test_pages_have_language_title_contents_and_links(runs):
    for lang, folder in runs.items():
        for path in pages(folder):
            text = path.read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in text, path
            title = re.search(r"<title>(.*?)</title>", text).group(1)
            assert "_" not in title and path.parent.name not in title, (path, title)
            sections = re.findall(r'<h2 id="([^"]+)"', text)
            for anchor in sections:
                assert f'href="#{anchor}"' in html.unescape(text), (path, anchor)
            for sibling in sorted(path.parent.glob("*.html")):
                if sibling != path:
                    assert f'href="{sibling.name}"' in text, (path, sibling.name)
            assert 'href="../index.html"' in text


def test_figures_are_svg_with_their_title_in_the_pages_language(runs):
    for folder in runs.values():
        for path in pages(folder):
            text = path.read_text(encoding="utf-8")
            figures = re.findall(r"<figure class=\"report-figure\">(.*?)</figure>", text, re.S)
            assert figures, path
            for figure in figures:
                label = re.search(r'aria-label="([^"]*)"', figure)
                assert label and label.group(1).strip(), path
            assert "data:image/png" not in text, f"{path}: a figure not drawn as SVG"
            assert "No description has been provided" not in text


def offending_words(text: str, lang: str, names: list[str]) -> set[str]:
    """Snake_case tokens and words of the other language's prose in ``text``, once the names
    from the data (also as figures cut them, ``plots.plain``) are taken out. English words
    count in any case on an Indonesian page; Indonesian words count in lower case on an
    English page, as capitalised they are the official terms an English page keeps (the SKP
    ratings "Sangat Kurang", a regulation's "Tahun 2024") or names ("Sackett & Yang")."""
    for name in names:
        text = text.replace(name, " ").replace(plain(name), " ")
    found = set(_SNAKE.findall(text))
    text = _SNAKE.sub(" ", text)
    if lang == "id":
        found |= {w for w in _WORD.findall(text) if w.lower() in ENGLISH}
    else:
        found |= {w for w in _WORD.findall(text) if w in INDONESIAN}
    return found


def test_each_page_speaks_one_language(runs, data_names):
    problems = {}
    for lang, folder in runs.items():
        for path in [*pages(folder), folder / "index.html"]:
            words = offending_words(" ".join(read(path).text), lang, data_names)
            if words:
                problems[f"{lang}: {path.relative_to(folder)}"] = sorted(words)
    assert problems == {}


def test_the_language_check_can_fail():
    assert offending_words("Hanya 13 recruits punya skor cat_interview", "id", []) == {
        "recruits",
        "cat_interview",
    }
    assert offending_words("Dinas Kependudukan dan Pencatatan Sipil: 12 staff", "en",
                           ["Dinas Kependudukan dan Pencatatan Sipil"]) == set()  # fmt: skip
    assert offending_words("The shortage dan the surplus", "en", []) == {"dan"}
    long_name = "Dinas Perdagangan dan Perindustrian Kabupaten Bangko"
    assert offending_words(f"{plain(long_name)}: 12 staff", "en", [long_name]) == set()


def html_tables(text: str) -> list[list[list[str]]]:
    """The cells of each report table of a page (header row first), folded rows included."""
    tables = []
    for table in re.findall(r'<table class="report-table">(.*?)</table>', text, re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([_unescape(c) for c in cells])
        tables.append(rows)
    return tables


def _unescape(cell: str) -> str:
    return " ".join(html.unescape(cell).split())


def test_workbook_and_document_hold_the_pages_numbers(runs):
    folder = runs["id"]
    for path in pages(folder):
        nb = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
        datas = [
            o["data"][TABLE_MIME]
            for c in nb.cells
            for o in c.get("outputs", [])
            if TABLE_MIME in o.get("data", {})
        ]
        figures = sum(
            FIGURE_MIME in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])
        )
        book = openpyxl.load_workbook(path.with_suffix(".xlsx"))
        assert len(book.sheetnames) == 1 + len(datas), path
        for sheet, data in zip(book.sheetnames[1:], datas, strict=True):
            rows = [[c.value for c in r] for r in book[sheet].iter_rows()]
            header = ["" if c is None else c for c in rows[0]]  # an empty header reads as None
            assert header == data["columns"], (path, sheet)
            assert len(rows) - 1 == len(data["rows"]), (path, sheet)
            for got, want in zip(rows[1:], data["rows"], strict=True):
                assert [_same(g, w) for g, w in zip(got, want, strict=True)] == [True] * len(
                    want
                ), (path, sheet, got, want)
        doc = Document(path.with_suffix(".docx"))
        assert len(doc.inline_shapes) == figures, path
        page_tables = html_tables(path.read_text(encoding="utf-8"))
        doc_tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
        # every table the page shows is in the document, cell for cell (folded rows are in the
        # workbook only)
        shown = [t for t in page_tables if t]
        for table in doc_tables:
            assert any(table == t[: len(table)] for t in shown), (path, table[:2])
        assert len(doc_tables) >= len(datas), path


def _same(got, want) -> bool:
    if want is None or want == "":
        return got in (None, "")  # an empty cell reads back as None
    if isinstance(want, float):
        return isinstance(got, (int, float)) and abs(got - want) <= 1e-9 * max(1, abs(want))
    return got == want or str(got) == str(want)
