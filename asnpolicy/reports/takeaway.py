"""What a reader takes away from a page: a workbook (XLSX) with every table of the page in full
and with raw numbers, and a Word document (DOCX, A4) of the page for a nota dinas, its figures
and tables numbered.

Both are built from the executed notebook, from what its outputs carry as data
(:mod:`asnpolicy.narrative.page`): tables (:data:`TABLE_MIME`), figures (``image/png`` with
:data:`FIGURE_MIME`), key numbers (:data:`KEYS_MIME`) and the provenance
(:data:`PROVENANCE_MIME`); nothing is computed again, so the files hold the page's numbers.
Hidden small cells stay hidden: the tables carry them hidden.
"""

from __future__ import annotations

import base64
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from ..narrative.page import FIGURE_MIME, KEYS_MIME, PROVENANCE_MIME, TABLE_MIME
from ..narrative.text import t
from .page import REMOVED_TAGS

__all__ = ["page_keys", "page_outputs", "sheet_name", "write_document", "write_workbook"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: The "¶" links nbconvert's Markdown adds to headings.
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)


def page_outputs(nb) -> list[dict]:
    """The outputs of an executed notebook as the page shows them, in order: the cells tagged
    as parameters left out, stderr left out."""
    outputs = []
    for cell in nb.cells:
        if cell.cell_type != "code" or set(cell.metadata.get("tags", [])) & set(REMOVED_TAGS):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            outputs.append(output)
    return outputs


def page_keys(nb) -> list[dict]:
    """The page's key numbers (label, value), for the index page; empty when it has none."""
    for output in page_outputs(nb):
        data = output.get("data", {})
        if KEYS_MIME in data:
            return [{"label": i["label"], "value": i["value"]} for i in data[KEYS_MIME]["items"]]
    return []


def _provenance(nb) -> dict:
    for output in page_outputs(nb):
        if PROVENANCE_MIME in output.get("data", {}):
            return dict(output["data"][PROVENANCE_MIME])
    return {}


def _tables(nb) -> list[dict]:
    return [o["data"][TABLE_MIME] for o in page_outputs(nb) if TABLE_MIME in o.get("data", {})]


def sheet_name(title: str | None, number: int, taken: set[str], lang: str) -> str:
    """A sheet name from a table's title: Excel's forbidden characters removed, at most 31
    characters, numbered and unique (case-insensitively, as Excel compares them).

    >>> sheet_name("Rencana formasi: 15 jabatan [prioritas]", 2, set(), "id")
    'T2 Rencana formasi 15 jabatan p'
    """
    base = " ".join(_SHEET_FORBIDDEN.sub("", title or t("page_table", lang)).split())
    name = f"T{number} {base}"[:31].rstrip()
    while name.lower() in taken:
        name = f"{name[:28]}~{len(taken)}"
    taken.add(name.lower())
    return name


def write_workbook(nb, target: Path, *, lang: str, title: str, region_name: str) -> bool:
    """The workbook of a page: a README sheet (what the page is, the data's source, as-of date
    and content hash, the synthetic-data banner, a list of the tables), then one sheet per
    table with every row and raw numbers.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook.
    target : Path
        The ``.xlsx`` file to write.
    lang : str
        Language of the README sheet.
    title, region_name : str
        The page's title and region.

    Returns
    -------
    bool
        Whether a workbook was written (False when the page has no table).
    """
    tables = _tables(nb)
    if not tables:
        return False
    facts = _provenance(nb)
    taken: set[str] = {"readme"}
    names = [sheet_name(tb.get("title"), i, taken, lang) for i, tb in enumerate(tables, 1)]
    about = [
        (t("takeaway_page", lang), title),
        (t("takeaway_region", lang), region_name),
        (t("takeaway_source", lang), facts.get("source", "")),
        (t("takeaway_as_of", lang), facts.get("as_of", "")),
        (t("takeaway_hash", lang), facts.get("content_hash", "")),
        (t("takeaway_version", lang), facts.get("version", "")),
    ]
    if facts.get("synthetic"):
        about.insert(0, (t("takeaway_warning", lang), t("synthetic_banner", lang)))
    about.append((t("takeaway_hidden", lang), t("takeaway_hidden_text", lang)))
    about += [(name, tb.get("title") or "") for name, tb in zip(names, tables, strict=True)]
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), _WORKBOOK_OPTIONS)
    try:
        readme = book.add_worksheet("README")
        readme.set_column(0, 0, 34)
        readme.set_column(1, 1, 90)
        _write_rows(readme, [t("takeaway_item", lang), t("takeaway_value", lang)], about)
        for name, table in zip(names, tables, strict=True):
            columns, rows = _unique(table["columns"]), table["rows"]
            sheet = book.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            for i, column in enumerate(columns):
                shown = [len(str(column))] + [len(str(row[i])) for row in rows[:200]]
                sheet.set_column(i, i, min(60, max(8, max(shown) + 2)))
            _write_rows(sheet, columns, rows)
    finally:
        book.close()
    return True


#: XlsxWriter writes each row as it goes (``constant_memory``: a national comparison's
#: 20,000 rows in 0.8 s, where openpyxl through pandas took 2.7 s) and every text as text:
#: a text starting with ``=`` (``=HYPERLINK(...)``, ``=cmd|...``) never becomes a live
#: formula, a text that looks like a number or a link stays the text it is.
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": True,
}


def _write_rows(sheet, header: list, rows: list) -> None:
    """A header row, then the rows (lists of JSON values: text, numbers, true/false, null
    for an empty cell). Row by row: a sheet is a stream of rows."""
    sheet.write_row(0, 0, header)
    for number, row in enumerate(rows, 1):
        sheet.write_row(number, 0, row)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
    return out


# ------------------------------------------------------------------------------------------
# The Word document
# ------------------------------------------------------------------------------------------


class _Blocks(HTMLParser):
    """HTML of an output (Markdown rendered, or a table) as blocks for Word: headings,
    paragraphs of runs (text, bold, italic), list items, quotes, tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.current: dict | None = None
        self.bold = self.italic = 0
        self.table: dict | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_caption = False
        self.in_details = 0
        self.skip = 0
        self.quote = 0

    def _start(self, kind: str, **extra) -> None:
        self.current = {"kind": kind, "runs": [], **extra}
        self.blocks.append(self.current)

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "svg"):
            self.skip += 1
        elif tag == "details":
            self.in_details += 1
        elif self.in_details or self.skip:
            return
        elif tag in ("h1", "h2", "h3", "h4"):
            self._start("heading", level=int(tag[1]))
        elif tag == "p" or tag == "div" and ("class", "provenance") in attrs:
            self._start("quote" if self.quote else "paragraph")
        elif tag == "li":
            self._start("bullet")
        elif tag == "blockquote":
            self.quote += 1
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "table" and self.table is None:
            self.table = {"kind": "table", "caption": "", "rows": []}
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "caption":
            self.in_caption = True
        elif tag == "br" and self.current is not None:
            self.current["runs"].append(("\n", False, False))

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg"):
            self.skip = max(0, self.skip - 1)
        elif tag == "details":
            self.in_details = max(0, self.in_details - 1)
        elif self.in_details or self.skip:
            return
        elif tag in ("h1", "h2", "h3", "h4", "p", "li") or tag == "div" and self.current:
            self.current = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table["rows"].append(self.row)
            self.row = None
        elif tag == "caption":
            self.in_caption = False
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None

    def handle_data(self, data):
        if self.in_details or self.skip:
            return
        if self.in_caption and self.table is not None:
            self.table["caption"] += data
        elif self.cell is not None:
            self.cell.append(data)
        elif self.table is None and data.strip():
            if self.current is None:
                self._start("quote" if self.quote else "paragraph")
            self.current["runs"].append((data, self.bold > 0, self.italic > 0))


def _markdown_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def write_document(nb, target: Path, *, lang: str, title: str) -> None:
    """The page as a Word document on A4: headings, sentences, key numbers, numbered tables
    (the rows the page shows; the workbook holds every row) and numbered figures.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook.
    target : Path
        The ``.docx`` file to write.
    lang : str
        The page's language (captions: Tabel/Table, Gambar/Figure).
    title : str
        The document's title (its properties).
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    # a document property holds 255 characters (the page's heading keeps the whole title)
    doc.core_properties.title = title if len(title) <= 255 else title[:254] + "…"
    doc.core_properties.language = "id-ID" if lang == "id" else "en-GB"
    counters = {"table": 0, "figure": 0}
    for output in page_outputs(nb):
        data = output.get("data", {})
        if output.get("output_type") == "stream":
            doc.add_paragraph(output.get("text", "").strip())
        elif KEYS_MIME in data:
            items = data[KEYS_MIME]["items"]
            doc.add_heading(t("key_numbers", lang), level=2)
            for item in items:
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{item['label']}: ").bold = False
                paragraph.add_run(item["value"]).bold = True
        elif "image/png" in data:
            counters["figure"] += 1
            picture = base64.b64decode(data["image/png"])
            doc.add_picture(io.BytesIO(picture), width=Cm(16.5))
            name = data.get(FIGURE_MIME, {}).get("title", "")
            caption = f"{t('page_figure', lang)} {counters['figure']}." + (
                f" {name}" if name else ""
            )
            doc.add_paragraph(caption, style="Caption")
        elif "text/html" in data or "text/markdown" in data:
            source = data.get("text/html") or _markdown_html(data["text/markdown"])
            parser = _Blocks()
            source = source if isinstance(source, str) else "".join(source)
            parser.feed(_ANCHOR_LINK.sub("", source))
            for block in parser.blocks:
                _add_block(doc, block, counters, lang)
    doc.save(target)


def _add_block(doc, block: dict, counters: dict, lang: str) -> None:
    from docx.shared import Pt

    if block["kind"] == "table":
        rows = [r for r in block["rows"] if r]
        if not rows:
            return
        counters["table"] += 1
        caption = " ".join(html.unescape(block["caption"]).split())
        doc.add_paragraph(
            f"{t('page_table', lang)} {counters['table']}." + (f" {caption}" if caption else ""),
            style="Caption",
        )
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        # each row's cells once: Table.cell(i, j) walks the whole table every call, which
        # took minutes for a national comparison's 552 rows
        for i, (row, docx_row) in enumerate(zip(rows, table.rows, strict=True)):
            for text, cell in zip(row, docx_row.cells, strict=False):
                cell.text = text
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8.5)
                        run.bold = i == 0
        doc.add_paragraph()
        return
    text = "".join(r[0] for r in block["runs"]).strip()
    if not text:
        return
    if block["kind"] == "heading":
        doc.add_heading(" ".join(text.split()), level=min(block["level"], 3) - 1 or 0)
        return
    style = {"bullet": "List Bullet", "quote": "Intense Quote"}.get(block["kind"])
    paragraph = doc.add_paragraph(style=style)
    runs = block["runs"]
    for i, (words, bold, italic) in enumerate(runs):
        words = words.lstrip() if i == 0 else words
        run = paragraph.add_run(" ".join(words.split("\n")) if words != "\n" else "\n")
        run.bold, run.italic = bold or None, italic or None
