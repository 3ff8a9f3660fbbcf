"""The index page of an output folder, ``index.html``: a briefing first (per region, the key
numbers of each report, linked to the page, its workbook and its Word document), then the run
log (status, duration, provenance of every run recorded in ``runs.json``). No local path and no
parameter is shown: the page is handed to readers who do not run the reports.

Rendered with the Jinja2 template ``templates/index.html.j2`` (autoescaped: region names,
paths and error messages come from the data and the notebooks); the style sheet
``templates/index.css`` is inlined, so the page is one self-contained file.
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial
from pathlib import Path

from ..errors import printable
from ..io import package_version
from ..narrative.text import check_lang, date, label, number, t
from ..regions import study_order
from .manifest import INDEX, read_manifest, temp_folder, write_atomically
from .templating import environment

__all__ = ["index_html", "notebook_title", "write_index"]

#: The columns of a region's table, in order (each named by the text ``index_col_<column>``).
_COLUMNS = ("notebook", "status", "duration", "source", "hash", "version", "run")
#: The columns left out of the region tables when the page says the provenance once.
_PROVENANCE_COLUMNS = ("source", "hash", "version")


def write_index(
    out: str | os.PathLike,
    *,
    lang: str = "id",
    tmp_dir: str | os.PathLike | None = None,
    runs: dict | None = None,
) -> Path:
    """Rebuild ``<out>/index.html`` from ``<out>/runs.json`` (or from ``runs``).

    Parameters
    ----------
    out : path
        The output folder of :func:`~asnpolicy.reports.run_reports`.
    lang : {"id", "en"}
        Language of the page.
    tmp_dir : path, optional
        Where the page is staged before it replaces the old one (default ``out``).
    runs : dict, optional
        The manifest's runs when the caller has just read them (default: read ``runs.json``).

    Returns
    -------
    Path
        The index page.
    """
    out = Path(out)
    page = index_html(read_manifest(out) if runs is None else runs, out, lang=lang)
    target = out / INDEX
    if tmp_dir is None:
        with temp_folder(out) as tmp:
            write_atomically(target, page, tmp)
    else:
        write_atomically(target, page, Path(tmp_dir))
    return target


def index_html(runs: dict, out: Path, *, lang: str = "id") -> str:
    """The index page for the manifest's ``runs`` (links relative to ``out``).

    Parameters
    ----------
    runs : dict
        The runs recorded in the manifest (see :func:`~asnpolicy.reports.manifest.read_manifest`).
    out : Path
        The output folder: a report is linked only when its file is there.
    lang : {"id", "en"}
        Language of the page.

    Returns
    -------
    str
        The page: the style inlined, every text from the data escaped.
    """
    check_lang(lang)
    entries = sorted(runs.values(), key=lambda e: (study_order(e["region"]), e["notebook"]))
    n_ok = sum(e["status"] == "ok" for e in entries)
    now = datetime.now().astimezone()
    summary = t(
        "index_summary",
        lang,
        when=f"{date(now, lang)} {now:%H:%M}",
        version=package_version(),
        total=len(entries),
        ok=n_ok,
        failed=len(entries) - n_ok,
    )
    shared = _shared_provenance(entries)
    notebooks = sorted({e["notebook"] for e in entries})
    by_region: dict[str, dict[str, dict]] = {}  # region -> notebook -> entry, in page order
    for entry in entries:
        by_region.setdefault(entry["region"], {})[entry["notebook"]] = entry
    regions = [
        {
            "id": region,
            "name": next(iter(runs_of.values())).get("region_name") or region,
            "overview": [_overview_cell(runs_of.get(nb), out) for nb in notebooks],
            "pages": [_briefing(entry, out, lang) for entry in runs_of.values()],
            "rows": [_row(entry, out, lang) for entry in runs_of.values()],
        }
        for region, runs_of in by_region.items()
    ]
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            lang=lang,
            t=partial(t, lang=lang),
            synthetic=any(e.get("synthetic") for e in entries),
            summary=summary,
            shared=regions[0]["rows"][0] if shared else None,
            notebook_titles=[notebook_title(nb, lang) for nb in notebooks],
            regions=regions,
            columns=[c for c in _COLUMNS if not shared or c not in _PROVENANCE_COLUMNS],
        )
    )


def notebook_title(notebook: str, lang: str = "id") -> str:
    """A report's name for people: ``01_workforce_needs`` -> "Kebutuhan pegawai"; the file
    name when it has no translation."""
    return label(f"report_{notebook}", lang, notebook)


def _shared_provenance(entries: list[dict]) -> bool:
    """Whether every run read the same data with the same package version, so that the
    page can say it once instead of on every row."""
    keys = ("data_source", "content_hash", "asnpolicy_version", "synthetic", "seed")
    return len({tuple(str(e.get(k)) for k in keys) for e in entries}) == 1


def _overview_cell(entry: dict | None, out: Path) -> dict | None:
    """A run's cell of the run log's overview: its status (None: no such run)."""
    if entry is None:
        return None
    return {"ok": entry["status"] == "ok"}


def _row(entry: dict, out: Path, lang: str) -> dict:
    """A run's row of its region's table, as texts (escaped by the template)."""
    ok = entry["status"] == "ok"
    source = str(entry.get("data_source", ""))
    if entry.get("synthetic"):
        source = t("synthetic_source", lang)
        if entry.get("seed") is not None:
            source += f" ({t('index_seed', lang, seed=entry['seed'])})"
    return {
        "links": _notebook_links(entry, out, lang),
        "ok": ok,
        "error": None if ok else _error_text(entry, lang),
        "duration": t("index_seconds", lang, seconds=number(entry.get("duration_s", 0), lang, 1)),
        "source": source,
        "hash": entry.get("content_hash", ""),
        "version": entry.get("asnpolicy_version", ""),
        "run": _when(entry.get("finished"), lang),
    }


def _briefing(entry: dict, out: Path, lang: str) -> dict:
    """A report's card in the briefing: its title linked to the page, its key numbers
    (``keys`` of the run record, worded in the run's language), links to its workbook and
    Word document when they are on disk; for a failed run, the last good page instead."""
    ok = entry["status"] == "ok"
    last_good = entry.get("last_good") or {}
    return {
        "title": notebook_title(entry["notebook"], lang),
        "ok": ok,
        "href": _existing(entry.get("html"), out) if ok else None,
        "previous": None if ok else _existing(last_good.get("html"), out),
        "previous_text": ""
        if ok
        else t("index_previous", lang, when=_when(last_good.get("finished"), lang)),
        "numbers": _keys(entry.get("keys")) if ok else [],
        "xlsx": _existing(entry.get("xlsx"), out) if ok else None,
        "docx": _existing(entry.get("docx"), out) if ok else None,
    }


def _keys(items) -> list[dict]:
    """The key numbers of a run record, as ``label`` and ``value`` texts: anything else in
    the record (an old record without them, a malformed item) is left out; control
    characters are removed (the template escapes the rest)."""
    if not isinstance(items, list):
        return []
    return [
        {"label": printable(str(item["label"])), "value": printable(str(item["value"]))}
        for item in items
        if isinstance(item, dict) and item.get("label") and item.get("value") is not None
    ]


def _notebook_links(entry: dict, out: Path, lang: str) -> list[dict]:
    """The report's name linked to it; for a failure, the failed render and the last good
    (``href`` None: the file is not there, the name is shown unlinked)."""
    name = notebook_title(entry["notebook"], lang)
    if entry["status"] == "ok":
        return [{"text": name, "href": _existing(entry.get("html"), out)}]
    failed = f"{name} ({t('index_failed_render', lang)})"
    links = [{"text": failed, "href": _existing(entry.get("html"), out)}]
    last_good = entry.get("last_good") or {}
    previous = _existing(last_good.get("html"), out)
    if previous:
        text = t("index_previous", lang, when=_when(last_good.get("finished"), lang))
        links.append({"text": text, "href": previous})
    return links


def _existing(relative: str | None, out: Path) -> str | None:
    """``relative`` when the file is in ``out``, else None."""
    return relative if relative and (out / relative).exists() else None


def _error_text(entry: dict, lang: str) -> str:
    error = entry.get("error") or {}
    where = ""
    if error.get("cell") is not None:
        where = t("index_failed_cell", lang, cell=error["cell"] + 1)
        if error.get("exec_count") is not None:
            where += f" (In [{error['exec_count']}])"
        where += ": "
    return printable(f"{where}{error.get('name')}: {error.get('message')}")


def _when(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    return f"{date(moment.replace(tzinfo=None), lang)} {moment:%H:%M}"
