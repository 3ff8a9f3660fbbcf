"""The take-away files of a page: the workbook holds every table in full with raw numbers and a
README sheet; the Word document is A4 with the page's headings, key numbers, numbered tables
(the rows the page shows) and numbered figures. Built here from a notebook made of the page
parts themselves, without a kernel."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import openpyxl
import pandas as pd
import pytest
from docx import Document
from docx.shared import Cm

from asnpolicy.narrative import common, page
from asnpolicy.reports.page import PageLinks, page_html
from asnpolicy.reports.takeaway import page_keys, sheet_name, write_document, write_workbook


def output(obj) -> dict:
    bundle = obj._repr_mimebundle_()
    return nbformat.v4.new_output("display_data", data=bundle)


def markdown(text: str) -> dict:
    return nbformat.v4.new_output("display_data", data={"text/markdown": text})


def figure(title: str):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["a", "b"], [1, 2])
    fig.set_label(title)
    return page.figure(fig)


@pytest.fixture(scope="module")
def nb():
    full = pd.DataFrame(
        {"unit": ["Dinas A", '=HYPERLINK("x")', "Dinas C"], "FTE": [27.5, 20.25, 5.8]}
    )
    shown = pd.DataFrame({"unit": ["Dinas A", '=HYPERLINK("x")'], "FTE": ["27,5", "20,3"]})
    rest = pd.DataFrame({"unit": ["Dinas C"], "FTE": ["5,8"]})
    cells = [
        nbformat.v4.new_code_cell("params", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                markdown("# Analisis Kebutuhan Pegawai: Pauh\n\n> **Data sintetis.**"),
                output(page.key_numbers([("Pegawai", "318"), ("Kekurangan bruto", "14,8 FTE")])),
                markdown("Per 31 Desember 2025, **Pauh** memiliki 318 pegawai."),
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/markdown": '<div class="provenance">Sumber</div>',
                        page.PROVENANCE_MIME: {
                            "source": "data sintetis asnpolicy",
                            "as_of": "2025-12-31",
                            "content_hash": "0ee73a4dcc87456f",
                            "version": "0.1.0",
                            "synthetic": True,
                        },
                    },
                ),
            ],
        ),
        nbformat.v4.new_code_cell("y", outputs=[output(figure("Piramida usia"))]),
        nbformat.v4.new_code_cell(
            "z",
            outputs=[
                markdown("## Rencana formasi"),
                output(common.show(shown, title="Rencana formasi", data=full, rest=rest)),
                output(figure("Gelombang pensiun")),
                nbformat.v4.new_output("stream", name="stderr", text="a warning\n"),
            ],
        ),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_workbook_holds_every_row_raw_with_a_readme(nb, tmp_path):
    target = tmp_path / "p.xlsx"
    assert write_workbook(nb, target, lang="id", title="Analisis", region_name="Pauh")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["README", "T1 Rencana formasi"]
    readme = {r[0].value: r[1].value for r in book["README"].iter_rows()}
    assert readme["Sidik isi data"] == "0ee73a4dcc87456f"
    assert readme["Data per tanggal"] == "2025-12-31"
    assert "sintetis" in readme["Perhatian"]
    rows = [[c.value for c in r] for r in book["T1 Rencana formasi"].iter_rows()]
    assert rows == [
        ["unit", "FTE"],
        ["Dinas A", 27.5],
        ['=HYPERLINK("x")', 20.25],
        ["Dinas C", 5.8],
    ]
    # formula-like text from the data is stored as text, never as a live formula
    assert book["T1 Rencana formasi"]["A3"].data_type == "s"


def test_no_workbook_for_a_page_without_tables(tmp_path):
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[])])
    assert not write_workbook(empty, tmp_path / "e.xlsx", lang="id", title="", region_name="")
    assert not (tmp_path / "e.xlsx").exists()


def test_document_is_a4_with_numbered_tables_and_figures(nb, tmp_path):
    target = tmp_path / "p.docx"
    write_document(nb, target, lang="id", title="Analisis")
    doc = Document(target)
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Analisis Kebutuhan Pegawai: Pauh"  # no "¶" of the heading's anchor
    assert "Pegawai: 318" in texts
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Gambar 1. Piramida usia",
        "Tabel 1. Rencana formasi",
        "Gambar 2. Gelombang pensiun",
    ]
    assert len(doc.inline_shapes) == 2
    (table,) = doc.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    # the rows the page shows (the folded ones are in the workbook)
    assert cells == [["unit", "FTE"], ["Dinas A", "27,5"], ['=HYPERLINK("x")', "20,3"]]
    assert not any("warning" in t for t in texts)  # stderr is for maintainers
    assert not any("params" in t for t in texts)


def test_a_long_title_is_cut_in_the_properties_only(nb, tmp_path):
    """A property of a Word file holds 255 characters; a longer title failed the export."""
    target = tmp_path / "p.docx"
    write_document(nb, target, lang="id", title="Wilayah " * 100)
    title = Document(target).core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_document_in_english_numbers_in_english_words(nb, tmp_path):
    target = tmp_path / "p.docx"
    write_document(nb, target, lang="en", title="Analysis")
    captions = [p.text for p in Document(target).paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Figure 1. Piramida usia"
    assert captions[1].startswith("Table 1.")


def test_key_numbers_for_the_index(nb):
    assert page_keys(nb) == [
        {"label": "Pegawai", "value": "318"},
        {"label": "Kekurangan bruto", "value": "14,8 FTE"},
    ]


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    first = sheet_name("Tabel: a/b [c]", 1, taken, "id")
    second = sheet_name("Tabel: a/b [c]", 1, taken, "id")
    for name in (first, second):
        assert len(name) <= 31 and not set("[]:*?/\\") & set(name)
    assert first.lower() != second.lower()


def test_page_shell_is_self_contained_and_numbered():
    body = (
        '<div><h1 id="T">Judul</h1><p>ringkasan</p></div>'
        '<div><h2 id="A">Bagian A</h2><table class="report-table"><caption>X</caption></table>'
        '</div><div><h2 id="B">Bagian &lt;B&gt;</h2></div>'
    )
    links = PageLinks("01_workforce_needs", ("01_workforce_needs", "02_selection_outcomes"), True)
    out = page_html(body, lang="id", links=links, region_name="Pauh")
    assert out.startswith('<!DOCTYPE html>\n<html lang="id">')
    assert "<title>Judul</title>" in out
    assert "<script" not in out and "http" not in out
    # the contents come after the summary and list every section
    assert out.index("ringkasan") < out.index('class="toc"') < out.index('id="A"')
    assert '<a href="#A">Bagian A</a>' in out and "Bagian &lt;B&gt;" in out
    assert '<a href="02_selection_outcomes.html">' in out
    assert 'href="01_workforce_needs.xlsx"' in out and ".docx" not in out
    assert 'content: "Tabel " counter(table-number)' in out
    assert "size: A4" in out
    english = page_html(body, lang="en", links=links, region_name="Pauh")
    assert '<html lang="en">' in english and 'content: "Table "' in english


def test_negative_numbers_beside_hidden_cells_stay_numbers(tmp_path):
    """A column that mixes numbers and the hidden-cell mark is of mixed type: its negative
    numbers start like a formula ("-") but are numbers, and must not be blanked."""
    data = pd.DataFrame({"unit": ["A", "B", "C"], "change": [-0.0417, "<5", 0.11]})
    shown = pd.DataFrame({"unit": ["A", "B", "C"], "change": ["-0,04", "<5", "0,11"]})
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x", outputs=[output(common.show(shown, data=data))])]
    )
    target = tmp_path / "m.xlsx"
    assert write_workbook(nb, target, lang="en", title="t", region_name="r")
    book = openpyxl.load_workbook(target)
    values = [c.value for c in book[book.sheetnames[1]]["B"]]
    assert values == ["change", -0.0417, "<5", 0.11]
