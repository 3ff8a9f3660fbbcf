"""A run's page: the executed notebook's outputs (no code, no prompts, no parameter cells, no
maintainer notes) in a light, self-contained HTML page of the report's language.

The page is the notebook's output cells as nbconvert's ``basic`` template writes them (no
script, no style sheet), inside ``templates/page.html.j2``: ``<html lang>``, a title in the
page's language, links to the index and to the region's other pages and take-away files, a
table of contents of the page's sections, and one small style sheet (``templates/page.css``)
with the print layout for A4 and numbered tables and figures. Nothing is loaded from the
network: no script, font or style sheet from a CDN.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..narrative.text import has_text, t
from .templating import environment

__all__ = [
    "ERROR_CELL_TAG",
    "REMOVED_TAGS",
    "PageLinks",
    "contents_position",
    "keep_headings_with_content",
    "page_html",
    "render_page",
    "table_of_contents",
]

#: Cells left out of the page: the notebook's defaults and the values papermill injected.
REMOVED_TAGS = ("parameters", "injected-parameters", "notebook-guide")
#: The tag of papermill's Markdown cell that marks the failing cell of a failed run.
ERROR_CELL_TAG = "papermill-error-cell-tag"

_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">¶</a>')
_HEADING = re.compile(r'<h([12]) id="([^"]+)">(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
#: The start of each output cell of nbconvert's basic template (cells are not nested).
_CELL = re.compile(r'(?=<div class="cell )')
#: What a cell may hold after its heading that is more than words: a figure, a table, an image.
_DRAWN = re.compile(r"<(figure|table|svg|img)\b")


@dataclass(frozen=True)
class PageLinks:
    """Where a page links to: the index, the region's other pages, its take-away files.

    Attributes
    ----------
    stem : str
        The page's notebook name.
    siblings : tuple of str
        The notebook names of the region's pages, in order (the page's own included).
    xlsx, docx : bool
        Whether the workbook and the document are written beside the page.
    """

    stem: str
    siblings: tuple[str, ...] = ()
    xlsx: bool = False
    docx: bool = False


def table_of_contents(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The page's title (its first level-1 heading, as text) and its sections (id, text of
    each level-2 heading), from the body's HTML.

    >>> table_of_contents('<h1 id="a">Judul</h1><h2 id="b">Bagian <em>satu</em></h2>')
    ('Judul', [('b', 'Bagian satu')])
    """
    title, sections = "", []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(_TAG.sub("", inner)).strip()
        if level == "1" and not title:
            title = text
        elif level == "2":
            sections.append((anchor, text))
    return title, sections


def keep_headings_with_content(body: str) -> str:
    """Each cell that ends with a section heading (nothing drawn after it), wrapped with the
    cell that follows it, so that print never leaves a heading alone at the foot of a page
    (browsers do not carry ``break-after: avoid`` out of the heading's own cell).

    >>> heading, figure = '<div class="cell "><h2 id="a">A</h2></div>', '<div class="cell ">x</div>'
    >>> keep_headings_with_content(heading + figure) == (
    ...     f'<div class="keep-with-next">{heading}{figure}</div>')
    True
    """
    cells = _CELL.split(body)
    out, i = [], 0
    while i < len(cells):
        cell = cells[i]
        heading = cell.rfind("<h2 ")
        if heading >= 0 and i + 1 < len(cells) and not _DRAWN.search(cell, heading):
            out.append(f'<div class="keep-with-next">{cell}{cells[i + 1]}</div>')
            i += 2
        else:
            out.append(cell)
            i += 1
    return "".join(out)


def contents_position(body: str) -> int:
    """Where the table of contents goes: after the summary, key numbers and provenance, at the
    start of the cell that holds the first section heading, figure or table.

    >>> body = '<div class="cell ">summary</div><div class="cell "><figure>..'
    >>> body[contents_position(body):]
    '<div class="cell "><figure>..'
    """
    found = [i for i in (body.find(m) for m in ("<h2 ", "<figure", "<table")) if i >= 0]
    if not found:
        return len(body)
    cell = body.rfind('<div class="cell ', 0, min(found))
    return cell if cell >= 0 else min(found)


def page_html(body: str, *, lang: str, links: PageLinks, region_name: str) -> str:
    """The page around ``body`` (the output cells' HTML).

    Parameters
    ----------
    body : str
        The notebook's outputs as HTML.
    lang : str
        The page's language (``id`` or ``en``).
    links : PageLinks
        The links of the page's navigation bar.
    region_name : str
        The region, for the title when the body has no heading.
    """
    body = _ANCHOR.sub("", body)
    heading, sections = table_of_contents(body)
    title = heading or f"{_report_name(links.stem, lang)} · {region_name}"
    pages = [
        {"href": f"{stem}.html", "name": _report_name(stem, lang), "current": stem == links.stem}
        for stem in links.siblings
    ]
    names = {"xlsx": t("page_download_xlsx", lang), "docx": t("page_download_docx", lang)}
    downloads = [
        {"href": f"{links.stem}.{kind}", "name": names[kind]}
        for kind, present in (("xlsx", links.xlsx), ("docx", links.docx))
        if present
    ]
    first_section = contents_position(body)
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            lang=lang,
            title=title,
            body_before=keep_headings_with_content(body[:first_section]),
            body_after=keep_headings_with_content(body[first_section:]),
            sections=sections,
            pages=pages,
            downloads=downloads,
            words={
                "index": t("page_index", lang),
                "contents": t("page_contents", lang),
                "pages": t("page_pages", lang),
                "downloads": t("page_downloads", lang),
                "table": t("page_table", lang),
                "figure": t("page_figure", lang),
                "top": t("page_top", lang),
            },
        )
    )


def _report_name(stem: str, lang: str) -> str:
    key = f"report_{stem}"
    return t(key, lang) if has_text(key) else stem


def render_page(nb, target: Path, *, lang: str, links: PageLinks, region_name: str):
    """Write the page of an executed notebook to ``target``.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook, as read once by the caller (left unchanged).
    target : Path
        The HTML file to write.
    lang, links, region_name
        See :func:`page_html`.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVED_TAGS)
    exporter = HTMLExporter(
        config=config,
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(_page_notebook(nb))
    page = page_html(body, lang=lang, links=links, region_name=region_name)
    target.write_text(page, encoding="utf-8")


def _page_notebook(nb):
    """A copy of the executed notebook holding what its page shows, for nbconvert (which
    copies and walks all it is given: a national comparison's notebook holds 9 MB, most of
    it PNG copies of the figures and the workbook's tables, which the page does not show).

    Left out: the notebook's own Markdown cells (notes for maintainers; papermill's mark of
    the failing cell, "An Exception was encountered at In [4]", stays); stderr streams
    (warnings a kernel prints are for whoever maintains the notebook; they stay in the
    executed notebook beside the page, and errors still show in the page); and of an output
    with HTML, every other form of it (HTML comes first in nbconvert's display priority, so
    the page shows the HTML either way).
    """
    import nbformat

    cells = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and ERROR_CELL_TAG not in tags:
            continue
        kept = {key: value for key, value in cell.items() if key != "outputs"}
        if "outputs" in cell:
            kept["outputs"] = [
                _shown_form(o)
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        cells.append(kept)
    return nbformat.from_dict({**{k: v for k, v in nb.items() if k != "cells"}, "cells": cells})


def _shown_form(output: dict) -> dict:
    """An output with HTML reduced to its HTML; any other output as it is."""
    data = output.get("data")
    if not data or "text/html" not in data:
        return output
    return {**output, "data": {"text/html": data["text/html"]}}
