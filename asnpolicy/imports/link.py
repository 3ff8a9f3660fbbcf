"""``link``: the BKPSDM's own link from applicant to employee (NIK or no. peserta -> NIP).

The "methods vs outcomes" analyses follow a recruit from the selection to later SKP; SSCASN
knows people by NIK or no. peserta, SIASN by NIP, and only the BKPSDM holds both (at
pemberkasan; ``shared/reference/real-exports.md`` A0). Both sides are pseudonymised with the
same key, so the link survives without either identifier being written.
"""

from __future__ import annotations

import pandas as pd

from .context import FileStats, ImportContext, KindResult, rejected_rows
from .rawfiles import RawTable, header_key, match_columns
from .texts import say

__all__ = ["LAYOUTS", "import_link", "looks_like"]

LAYOUTS = {
    "bkpsdm": {
        "nip": ("nip_baru", "nip baru", "nip pns", "nip cpns"),
        "nik": ("no_ktp", "nomor induk kependudukan"),
        "no_peserta": ("nopes", "no peserta", "nomor peserta", "no_ujian"),
    }
}
_ALIASES = LAYOUTS["bkpsdm"]


def looks_like(raw: RawTable) -> bool:
    """A NIP column beside a NIK or no. peserta column, and few other columns."""
    keys = {header_key(c) for c in raw.frame.columns}
    has = {k: any(header_key(a) in keys for a in (k, *v)) for k, v in _ALIASES.items()}
    return has["nip"] and (has["nik"] or has["no_peserta"]) and len(keys) <= 8


def import_link(raws: list[RawTable], ctx: ImportContext) -> KindResult:
    """``employees`` with ``applicant_id`` set from the link file(s).

    The applicant id is the pseudonym of the NIK when the file has one, else of the no.
    peserta: the same rule the ``sscasn`` import uses, so the ids meet.
    """
    result = KindResult()
    employees = ctx.existing.get("employees")
    frames = []
    for raw in raws:
        frame = match_columns(raw, _ALIASES, ("nip",), "the BKPSDM's link file (NIP and NIK)")
        stats = FileStats(raw.file, raw.sheet, rows_read=len(frame))
        stats.columns_used, stats.columns_ignored = frame.attrs["used"], frame.attrs["ignored"]
        person = frame["nik"] if "nik" in frame else pd.Series(pd.NA, index=frame.index)
        if "no_peserta" in frame:
            person = person.fillna(frame["no_peserta"])
        linked = pd.DataFrame(
            {
                "employee_id": ctx.pseudo.ids(frame["nip"], "p"),
                "applicant_id": ctx.pseudo.ids(person, "p"),
                "source_file": raw.where,
                "source_row": frame.index,
            }
        )
        bad = linked["employee_id"].isna() | linked["applicant_id"].isna()
        if bad.any():
            reason = say(ctx, "link.missing")
            result.rejected = pd.concat(
                [result.rejected, rejected_rows(raw.where, frame.index[bad], "nip/nik", reason)],
                ignore_index=True,
            )
            stats.rejected_by_reason[reason] = int(bad.sum())
        frames.append(linked[~bad])
        stats.rows_kept = int((~bad).sum())
        result.files.append(stats)
    links = pd.concat(frames, ignore_index=True).drop_duplicates("employee_id", keep="last")
    if employees is None or not len(employees):
        for stats in result.files:
            stats.notes.append(say(ctx, "link.no_employees"))
        return result
    at = employees["employee_id"].map(links.set_index("employee_id")["applicant_id"])
    matched = at.notna()
    for stats in result.files:
        stats.notes.append(say(ctx, "link.linked", n=int(matched.sum())))
    updated = employees[matched].assign(applicant_id=at[matched])
    result.tables["employees"] = updated
    return result
