"""Which ICB a case belongs to: the 42 ICBs, postcode and GP practice lookup tables, import.

The postcode table is loaded from a CSV in the layout of the public ONS / NHS postcode directory
extracts (NSPL, ONSPD): a header row, the postcode in `pcds` (or `pcd2`, `pcd`, `postcode`),
the termination date in `doterm` (terminated postcodes are skipped) and the ICB in `icb` (an ONS
E54 code or an ODS code). The file's source and publication date are recorded with the import.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from case_backend.duplicates import name_key
from case_backend.models import GpPracticeIcb, LookupSource, PostcodeIcb

DATA_DIR = Path(__file__).with_name("data")
ICB_FILE = DATA_DIR / "icbs.csv"
SAMPLE_POSTCODES = DATA_DIR / "sample_postcodes.csv"
POSTCODE_COLUMNS = ("pcds", "pcd2", "pcd", "postcode")
ICB_COLUMNS = ("icb", "icb_code", "icb23cd", "icb22cd", "icb_ods_code")
BATCH = 5000
_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")


@dataclass(frozen=True)
class Icb:
    code: str  # ODS code
    gss_code: str | None
    name: str


@dataclass(frozen=True)
class ImportResult:
    rows: int
    skipped_terminated: int
    unknown_icb: int
    bad_postcode: int
    source_id: int


class LookupFileError(ValueError):
    """The file is not in a layout the loader understands."""


def _rows_without_comments(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            if not line.startswith("#"):
                yield line


@lru_cache(maxsize=1)
def all_icbs() -> dict[str, Icb]:
    """The 42 ICBs by ODS code, from data/icbs.csv."""
    icbs = {}
    for row in csv.DictReader(_rows_without_comments(ICB_FILE)):
        icbs[row["ods_code"]] = Icb(row["ods_code"], row["gss_code"] or None, row["name"])
    return icbs


def icb_name(code: str | None) -> str | None:
    icb = all_icbs().get(code or "")
    return icb.name if icb else None


def normalise_postcode(text: str | None) -> str | None:
    """'ls14dy' -> 'LS1 4DY'; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _code_map(path: Path | None) -> dict[str, str]:
    """ONS E54 code -> ODS code: our ICB file, plus an ONS names-and-codes file if given."""
    mapping = {icb.gss_code: icb.code for icb in all_icbs().values() if icb.gss_code}
    if path is None:
        return mapping
    for row in csv.DictReader(_rows_without_comments(path)):
        lowered = {key.lower(): (value or "").strip() for key, value in row.items() if key}
        gss = next((v for k, v in lowered.items() if re.fullmatch(r"icb\d\dcd", k)), "")
        ods = next((v for k, v in lowered.items() if re.fullmatch(r"icb\d\dcdh", k)), "")
        if gss and ods:
            mapping[gss] = ods
    return mapping


def _pick(header: list[str], names: tuple[str, ...], what: str) -> str:
    lowered = {name.lower().strip(): name for name in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise LookupFileError(f"no {what} column (looked for {', '.join(names)})")


def _record_source(session: Session, kind: str, source: str, published: str) -> LookupSource:
    record = LookupSource(kind=kind, source=source[:300], published=published[:40],
                          imported_at=dt.datetime.now(dt.timezone.utc), rows=0)
    session.add(record)
    session.flush()
    return record


def import_postcodes(session: Session, path: Path, *, source: str, published: str,
                     code_map: Path | None = None) -> ImportResult:
    """Replace the postcode table with the file's live postcodes (one transaction)."""
    icbs, gss_to_ods = all_icbs(), _code_map(code_map)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        postcode_col = _pick(header, POSTCODE_COLUMNS, "postcode")
        icb_col = _pick(header, ICB_COLUMNS, "ICB")
        term_col = next((h for h in header if h.lower().strip() == "doterm"), None)
        session.execute(delete(PostcodeIcb))
        record = _record_source(session, "postcode", source, published)
        counts = {"rows": 0, "terminated": 0, "unknown": 0, "bad": 0}
        batch: dict[str, dict[str, Any]] = {}
        for row in reader:
            if term_col and (row.get(term_col) or "").strip():
                counts["terminated"] += 1
                continue
            postcode = normalise_postcode(row.get(postcode_col))
            if postcode is None:
                counts["bad"] += 1
                continue
            raw = (row.get(icb_col) or "").strip().upper()
            code = raw if raw in icbs else gss_to_ods.get(raw)
            if code not in icbs:
                counts["unknown"] += 1
                continue
            batch[postcode] = {"postcode": postcode, "icb_code": code, "source_id": record.id}
            if len(batch) >= BATCH:
                counts["rows"] += _flush(session, batch)
        counts["rows"] += _flush(session, batch)
    record.rows = counts["rows"]
    session.commit()
    return ImportResult(counts["rows"], counts["terminated"], counts["unknown"], counts["bad"],
                        record.id)


def _flush(session: Session, batch: dict[str, dict[str, Any]]) -> int:
    if not batch:
        return 0
    session.execute(insert(PostcodeIcb), list(batch.values()))
    size = len(batch)
    batch.clear()
    return size


def import_gp_practices(session: Session, path: Path, *, source: str, published: str
                        ) -> ImportResult:
    """Replace the GP practice table from a CSV with practice_code, practice_name and icb.

    A name shared by practices in different ICBs is left out: it cannot decide the ICB.
    """
    icbs = all_icbs()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        code_col = _pick(header, ("practice_code", "code"), "practice code")
        name_col = _pick(header, ("practice_name", "name"), "practice name")
        icb_col = _pick(header, ICB_COLUMNS, "ICB")
        by_name: dict[str, tuple[str, str] | None] = {}
        unknown = 0
        for row in reader:
            key, code = name_key(row.get(name_col)), (row.get(icb_col) or "").strip().upper()
            if not key or code not in icbs:
                unknown += 1
                continue
            seen = by_name.get(key, (row[code_col].strip(), code))
            by_name[key] = seen if seen and seen[1] == code else None
    session.execute(delete(GpPracticeIcb))
    record = _record_source(session, "gp_practice", source, published)
    values = [{"name_key": key, "practice_code": value[0][:10], "icb_code": value[1],
               "source_id": record.id} for key, value in by_name.items() if value]
    if values:
        session.execute(insert(GpPracticeIcb), values)
    record.rows = len(values)
    session.commit()
    return ImportResult(len(values), 0, unknown, 0, record.id)


def lookup_icb(session: Session, postcode: str | None, gp_practice: str | None
               ) -> tuple[str | None, str | None]:
    """(ICB code, how it was found) from the home postcode, else the GP practice name."""
    normalised = normalise_postcode(postcode)
    if normalised:
        code = session.scalar(
            select(PostcodeIcb.icb_code).where(PostcodeIcb.postcode == normalised))
        if code:
            return code, "postcode"
    key = name_key(gp_practice)
    if key:
        code = session.scalar(select(GpPracticeIcb.icb_code).where(GpPracticeIcb.name_key == key))
        if code:
            return code, "gp_practice"
    return None, None


def latest_sources(session: Session) -> list[LookupSource]:
    return list(session.scalars(select(LookupSource).order_by(LookupSource.imported_at.desc())
                                .limit(10)))
