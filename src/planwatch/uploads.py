"""Plans uploaded in the web app: extracted, shown for checking, corrected, then stored.

An upload is kept in a folder of its own under planwatch's home (`uploads/<token>/`):
the file as sent, the extract as JSON (with the user's corrections applied to it),
and who sent it. Nothing reaches the store until the user confirms; the stored plan
records the corrections in the audit log.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.approval import Forbidden, Rejected
from planwatch.errors import InputError
from planwatch.files import write_text
from planwatch.models.access import WRITERS, Actor, Role
from planwatch.models.audit import Finding
from planwatch.models.document import Table as DocTable
from planwatch.models.extract import PlanExtract
from planwatch.models.store import ImportResult
from planwatch.paths import home
from planwatch.store.audit_log import log
from planwatch.store.db import write
from planwatch.store.plans import NotFound
from planwatch.store.regions import find_path

TYPES = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")
MAX_BYTES = 50 * 1024 * 1024
EDITABLE = {
    "name": "text", "unit": "text", "category": "text", "attribute": "text",
    "baseline": "number", "baseline_year": "year", "target": "number", "target_year": "year",
}  # fmt: skip
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class Upload(BaseModel):
    token: str
    file_name: str
    region: str
    owner: str
    extract: PlanExtract
    tables: list[DocTable] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    corrections: list[dict[str, object]] = Field(default_factory=list)


def uploads_dir() -> Path:
    return home() / "uploads"


def _folder(token: str) -> Path:
    if not _TOKEN.match(token):
        raise NotFound("no such upload")
    folder = uploads_dir() / token
    if not (folder / "upload.json").is_file():
        raise NotFound("no such upload")
    return folder


def _may_upload(actor: Actor, region: str, engine: Engine) -> None:
    if actor.role not in WRITERS or actor.role == Role.REVIEWER:
        raise Forbidden(f"a {actor.role.value} cannot add plans")
    if actor.regions is None:
        return
    from planwatch.store.db import reading

    with reading(engine) as session:
        place = find_path(session, region) if region else None
        if place is None or not actor.covers(place.id):
            raise Forbidden(f"{region or '(no region)'} is outside your region ({actor.region})")


def start(engine: Engine, actor: Actor, file_name: str, data: bytes, region: str) -> Upload:
    """Keep the file, extract it and audit it; nothing is stored yet."""
    from planwatch.audit import audit_plan
    from planwatch.audit.plan import AuditedPlan
    from planwatch.ingest.extract import extract_document
    from planwatch.ingest.readers import read_document
    from planwatch.ingest.simplify import simplify

    name = Path(file_name).name.strip() or "plan"
    if Path(name).suffix.lower() not in TYPES:
        raise InputError(name, f"plans are uploaded as {', '.join(TYPES)}")
    if len(data) > MAX_BYTES:
        raise InputError(name, "the file is over the 50 MB limit")
    if not data:
        raise InputError(name, "the file is empty")
    _may_upload(actor, region, engine)
    token = secrets.token_urlsafe(18)
    folder = uploads_dir() / token
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    try:
        document = simplify(read_document(path))
        extract = extract_document(document)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    tables = [b for b in document.blocks if isinstance(b, DocTable)]
    findings = audit_plan(AuditedPlan(document, extract)).findings
    upload = Upload(token=token, file_name=name, region=region, owner=actor.name,
                    extract=extract, tables=tables, findings=findings)  # fmt: skip
    _save(folder, upload)
    return upload


def _save(folder: Path, upload: Upload) -> None:
    # whole or not at all: a confirm reading while a correction writes sees one or the other
    write_text(folder / "upload.json", upload.model_dump_json())


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock(token: str) -> threading.Lock:
    """One change at a time per upload (two quick corrections must not lose one)."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(token, threading.Lock())


def load(actor: Actor, token: str) -> Upload:
    upload = Upload.model_validate_json((_folder(token) / "upload.json").read_text("utf-8"))
    if upload.owner != actor.name and actor.role != Role.ADMIN:
        raise NotFound("no such upload")
    return upload


def _parsed(field: str, text: str) -> object:
    from planwatch.numbers import NumberError, parse_number

    kind = EDITABLE.get(field)
    if kind is None:
        raise Rejected(f"'{field}' cannot be corrected here")
    text = text.strip()
    if kind == "text":
        return text
    if not text:
        return None
    try:
        number = parse_number(text).value
    except NumberError as exc:
        raise Rejected(str(exc)) from None
    if kind == "year":
        if number != int(number) or not 1900 <= number <= 2200:
            raise Rejected(f"'{text}' is not a year")
        return int(number)
    return number


def correct(actor: Actor, token: str, row: int, field: str, text: str) -> Upload:
    """Set one field of one extracted indicator row (or drop the row: field 'drop')."""
    with _lock(token):
        return _correct(actor, token, row, field, text)


def _correct(actor: Actor, token: str, row: int, field: str, text: str) -> Upload:
    upload = load(actor, token)
    rows = upload.extract.indicators
    if not 0 <= row < len(rows):
        raise Rejected(f"no row {row}")
    if field == "drop":
        old = rows[row].name
        del rows[row]
        upload.corrections.append({"row": row, "field": "drop", "old": old})
    else:
        value = _parsed(field, text)
        old = getattr(rows[row], field)
        setattr(rows[row], field, value)
        if field == "target":
            rows[row].target_text = text.strip()
        if field == "baseline":
            rows[row].baseline_text = text.strip()
        upload.corrections.append({"row": row, "field": field, "old": old, "new": value})
    _save(_folder(token), upload)
    return upload


SWAPPABLE = ("baseline", "target", "stretch_target", "baseline_year", "target_year", "unit",
             "category", "attribute")  # fmt: skip


def swap_columns(actor: Actor, token: str, table: str, first: str, second: str) -> Upload:
    """Exchange two fields in every row of one table: the fix when the reader took a
    column for the wrong one (the 2025 column read as the baseline, say)."""
    if first == second or first not in SWAPPABLE or second not in SWAPPABLE:
        raise Rejected(f"choose two different fields among {', '.join(SWAPPABLE)}")
    numbers = {"baseline", "target", "stretch_target"}
    years = {"baseline_year", "target_year"}
    if ({first, second} & numbers and not {first, second} <= numbers) or (
        {first, second} & years and not {first, second} <= years
    ):
        raise Rejected(f"'{first}' and '{second}' do not hold the same kind of value")
    with _lock(token):
        upload = load(actor, token)
        rows = [r for r in upload.extract.indicators if r.table == table]
        if not rows:
            raise Rejected(f"no extracted rows in table '{table}'")
        for r in rows:
            a, b = getattr(r, first), getattr(r, second)
            setattr(r, first, b)
            setattr(r, second, a)
        upload.corrections.append({"table": table, "swap": [first, second], "rows": len(rows)})
        _save(_folder(token), upload)
        return upload


def confirm(engine: Engine, actor: Actor, token: str) -> ImportResult:
    """Store the corrected extract as a plan, in one transaction with its audit-log entry."""
    from planwatch.operations import file_hash
    from planwatch.store.plans import import_extract

    with _lock(token):
        upload = load(actor, token)
    folder = _folder(token)
    path = folder / upload.file_name
    extract = upload.extract.model_copy(update={"source_file": str(path)})
    digest = file_hash(path)

    def work(session: Session) -> ImportResult:
        result = import_extract(session, extract, digest, upload.region or None)
        place = find_path(session, result.region) if result.region else None
        log(session, actor, "plan.import", "plan", result.plan_id, place.id if place else None,
            None, {"document": result.document, "version": result.version,
                   "indicators": result.indicators, "corrections": upload.corrections})  # fmt: skip
        return result

    return write(engine, work)


def discard(actor: Actor, token: str) -> None:
    load(actor, token)
    shutil.rmtree(_folder(token), ignore_errors=True)


def as_json(upload: Upload) -> str:
    return json.dumps(upload.model_dump(mode="json"), ensure_ascii=False)
