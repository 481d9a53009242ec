"""Plans uploaded in the web app: extracted, shown for checking, corrected, then stored.

An upload is kept in a folder of its own under planwatch's home (`uploads/<token>/`):
the file as sent, the extract as JSON (with the user's corrections applied to it),
who sent it and to which store. Nothing reaches the store until the user confirms;
the stored plan records the corrections in the audit log.

A confirmed upload's file stays: it is the stored plan's source file, which the audit
reads again. One nobody confirms or discards is abandoned; `clean` removes it once it
is older than a week (PLANWATCH_UPLOAD_DAYS), as do value sheets uploaded for a
preview (`uploads/values/<token>/`). The web app cleans when it starts and after a
new upload at most once an hour; `planwatch uploads clean` does it on demand.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from planwatch.approval import Forbidden, Rejected, role_label
from planwatch.errors import InputError
from planwatch.files import write_text
from planwatch.models.access import WRITERS, Actor, Role
from planwatch.models.audit import Finding
from planwatch.models.document import Table as DocTable
from planwatch.models.extract import PlanExtract
from planwatch.models.store import ImportResult
from planwatch.paths import home
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.plans import NotFound
from planwatch.store.regions import find_path
from planwatch.store.schema import Plan

TYPES = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")
MAX_BYTES = 50 * 1024 * 1024
EDITABLE = {
    "name": "text", "unit": "text", "category": "text", "attribute": "text",
    "baseline": "number", "baseline_year": "year", "target": "number", "target_year": "year",
}  # fmt: skip
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_DAYS = 7  # an abandoned upload is removed after this many days (PLANWATCH_UPLOAD_DAYS)
CLEAN_EVERY = timedelta(hours=1)  # the web app cleans after an upload at most this often
MARKER = ".cleaned"  # in the uploads folder: its time is the last clean's, for every worker
logger = logging.getLogger(__name__)


class Upload(BaseModel):
    token: str
    file_name: str
    region: str
    owner: str
    extract: PlanExtract
    tables: list[DocTable] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    corrections: list[dict[str, object]] = Field(default_factory=list)
    store: str = ""  # the store it goes to (`store_id`); "" in uploads made before it was kept


def uploads_dir() -> Path:
    return home() / "uploads"


def _folder(token: str) -> Path:
    if not _TOKEN.match(token):
        raise NotFound("no such upload", zh="未找到该上传文件")
    folder = uploads_dir() / token
    if not (folder / "upload.json").is_file():
        raise NotFound("no such upload", zh="未找到该上传文件")
    return folder


def _may_upload(actor: Actor, region: str, engine: Engine) -> None:
    if actor.role not in WRITERS or actor.role == Role.REVIEWER:
        raise Forbidden(f"a {actor.role.value} cannot add plans",
                        zh=f"{role_label(actor.role)}无权添加规划")  # fmt: skip
    if actor.regions is None:
        return
    with reading(engine) as session:
        place = find_path(session, region) if region else None
        if place is None or not actor.covers(place.id):
            raise Forbidden(
                f"{region or '(no region)'} is outside your region ({actor.region})",
                zh=f"{region or '（未指定地区）'}不在您的管辖范围（{actor.region}）内",
            )


def start(engine: Engine, actor: Actor, file_name: str, data: bytes, region: str) -> Upload:
    """Keep the file, extract it and audit it; nothing is stored yet."""
    from planwatch.audit import audit_plan
    from planwatch.audit.plan import AuditedPlan
    from planwatch.ingest.extract import extract_document
    from planwatch.ingest.readers import read_document
    from planwatch.ingest.simplify import simplify

    name = Path(file_name).name.strip() or "plan"
    if Path(name).suffix.lower() not in TYPES:
        raise InputError(name, f"plans are uploaded as {', '.join(TYPES)}",
                         zh=f"规划文件须为以下格式之一：{'、'.join(TYPES)}")  # fmt: skip
    if len(data) > MAX_BYTES:
        raise InputError(name, "the file is over the 50 MB limit", zh="文件超过 50 MB 的上限")
    if not data:
        raise InputError(name, "the file is empty", zh="文件为空")
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
                    extract=extract, tables=tables, findings=findings,
                    store=store_id(engine))  # fmt: skip
    _save(folder, upload)
    clean_if_due(engine)
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
        raise NotFound("no such upload", zh="未找到该上传文件")
    return upload


def _parsed(field: str, text: str) -> object:
    from planwatch.numbers import NumberError, parse_number

    kind = EDITABLE.get(field)
    if kind is None:
        raise Rejected(f"'{field}' cannot be corrected here", zh=f"“{field}”不能在此更正")
    text = text.strip()
    if kind == "text":
        return text
    if not text:
        return None
    try:
        number = parse_number(text).value
    except NumberError as exc:
        raise Rejected(str(exc), zh=getattr(exc, "zh", None)) from None
    if kind == "year":
        if number != int(number) or not 1900 <= number <= 2200:
            raise Rejected(f"'{text}' is not a year", zh=f"“{text}”不是年份")
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
        raise Rejected(f"no row {row}", zh=f"没有第{row}行")
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
        raise Rejected(f"choose two different fields among {', '.join(SWAPPABLE)}",
                       zh=f"请在{'、'.join(SWAPPABLE)}中选择两个不同的字段")  # fmt: skip
    numbers = {"baseline", "target", "stretch_target"}
    years = {"baseline_year", "target_year"}
    if ({first, second} & numbers and not {first, second} <= numbers) or (
        {first, second} & years and not {first, second} <= years
    ):
        raise Rejected(f"'{first}' and '{second}' do not hold the same kind of value",
                       zh=f"“{first}”与“{second}”的取值类型不同，不能互换")  # fmt: skip
    with _lock(token):
        upload = load(actor, token)
        rows = [r for r in upload.extract.indicators if r.table == table]
        if not rows:
            raise Rejected(f"no extracted rows in table '{table}'",
                           zh=f"表格“{table}”中没有提取出的行")  # fmt: skip
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
    os.utime(folder)  # in use: a clean starting from now on sees it as recent
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


# Cleaning abandoned uploads.

Reason = Literal["abandoned", "recent", "stored", "other store"]


class UploadFolder(BaseModel):
    """One upload's folder as `clean` judged it: `abandoned` ones go; the others stay
    because they changed recently, hold a stored plan's source file, or were uploaded
    to another store (which alone can tell whether it holds their plan)."""

    token: str
    kind: Literal["plan", "values"]
    file_name: str = ""
    modified: datetime  # the last change to the folder or a file in it (UTC)
    size: int  # bytes of its files
    reason: Reason


class CleanResult(BaseModel):
    older_than_days: float
    dry_run: bool
    removed: list[UploadFolder] = Field(default_factory=list)  # or, dry run, would be
    kept: list[UploadFolder] = Field(default_factory=list)
    bytes_freed: int = 0


def store_id(engine: Engine) -> str:
    """The store an upload belongs to, as its URL (a SQLite file by its absolute path,
    no password): two stores sharing one home (the demo's, the real one) keep apart."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return f"sqlite:///{Path(str(url.database)).resolve()}"
    return url.render_as_string(hide_password=True)


def clean(engine: Engine, older_than: timedelta, dry_run: bool = False) -> CleanResult:
    """Remove the upload folders nobody has changed for `older_than` whose file no stored
    plan (any version) names as its source. Only token-named folders directly under
    uploads/ and uploads/values/ are looked at; symbolic links are never followed."""
    now = datetime.now(UTC)
    result = CleanResult(older_than_days=older_than / timedelta(days=1), dry_run=dry_run)
    folders = list(_upload_folders(uploads_dir()))
    if not folders:
        return result
    stored, here = _stored_tokens(engine), store_id(engine)
    for kind, path in folders:
        folder = _judge(kind, path, now - older_than, stored, here)
        if folder is None:
            continue  # gone meanwhile (another worker cleaning)
        if folder.reason != "abandoned":
            result.kept.append(folder)
        elif dry_run or _remove(path):
            result.removed.append(folder)
            result.bytes_freed += folder.size
    return result


def _upload_folders(root: Path) -> Iterator[tuple[Literal["plan", "values"], Path]]:
    """(kind, folder) of every token-named real folder: plans' in uploads/, value
    sheets' in uploads/values/. Anything else (a file, a link, another name) is left."""
    yield from (("plan", p) for p in _token_folders(root))
    values = root / "values"
    if values.is_dir() and not values.is_symlink():
        yield from (("values", p) for p in _token_folders(values))


def _token_folders(parent: Path) -> Iterator[Path]:
    try:
        with os.scandir(parent) as entries:
            found = [Path(e.path) for e in entries
                     if _TOKEN.match(e.name) and e.is_dir(follow_symlinks=False)]  # fmt: skip
    except (FileNotFoundError, NotADirectoryError):
        return
    yield from sorted(found)


def _stored_tokens(engine: Engine) -> set[str]:
    """The upload tokens in stored plans' source files (…/uploads/<token>/<file>), in
    every version of every plan: one query, whatever the number of folders."""
    with reading(engine) as session:
        paths = session.scalars(
            select(Plan.source_file).where(Plan.source_file.contains("uploads")).distinct()
        ).all()
    tokens: set[str] = set()
    for path in paths:
        parts = re.split(r"[\\/]+", path)
        tokens.update(b for a, b in pairwise(parts) if a == "uploads")
    return tokens


def _judge(
    kind: Literal["plan", "values"], path: Path, cutoff: datetime, stored: set[str], here: str
) -> UploadFolder | None:
    scanned = _scan(path)
    if scanned is None:
        return None
    modified, size, name = scanned
    reason: Reason = "abandoned"
    if kind == "plan" and path.name in stored:
        reason = "stored"
    elif modified > cutoff:
        reason = "recent"
    elif kind == "plan" and _recorded_store(path) != here:
        # another store's, or made before uploads recorded their store: it may be a
        # stored plan's source file there, so it is kept
        reason = "other store"
    return UploadFolder(token=path.name, kind=kind, file_name=name, modified=modified,
                        size=size, reason=reason)  # fmt: skip


def _scan(path: Path) -> tuple[datetime, int, str] | None:
    """(last change, bytes, the uploaded file's name) of a folder, without following
    links; None if it has gone."""
    try:
        newest, size, name = path.lstat().st_mtime, 0, ""
        for folder, dirs, files in os.walk(path, followlinks=False):
            for entry in (*dirs, *files):
                st = os.lstat(os.path.join(folder, entry))
                newest = max(newest, st.st_mtime)
                if stat.S_ISREG(st.st_mode):
                    size += st.st_size
                    if folder == str(path) and entry != "upload.json" and not name:
                        name = entry
    except FileNotFoundError:
        return None
    return datetime.fromtimestamp(newest, UTC), size, name


def _recorded_store(path: Path) -> str:
    """The store an upload was made for ("" if not recorded or unreadable)."""
    try:
        data = json.loads((path / "upload.json").read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("store") or "") if isinstance(data, dict) else ""


def _remove(path: Path) -> bool:
    """Remove a folder and what is in it (links inside are removed, not followed)."""
    shutil.rmtree(path, ignore_errors=True)
    if os.path.lexists(path):
        logger.warning("could not remove the abandoned upload %s", path)
        return False
    return True


@dataclass
class Schedule:
    """How the web app cleans by itself: abandoned after `older_than` (set from its
    settings when it is made), checked when it starts and, after a new upload, at most
    once every `every` across all its workers."""

    older_than: timedelta = timedelta(days=KEEP_DAYS)
    every: timedelta = CLEAN_EVERY


SCHEDULE = Schedule()


def clean_now(engine: Engine) -> CleanResult | None:
    """`clean` by the schedule, for the web app: logged, never raised (a failed clean must
    neither stop the server from starting nor lose an upload)."""
    _mark_cleaned()
    try:
        result = clean(engine, SCHEDULE.older_than)
    except Exception:
        logger.warning("cleaning abandoned uploads failed", exc_info=True)
        return None
    if result.removed:
        logger.info("removed %d abandoned uploads (%d bytes)", len(result.removed),
                 result.bytes_freed)  # fmt: skip
    return result


def clean_if_due(engine: Engine) -> CleanResult | None:
    """`clean_now` unless any worker cleaned within `SCHEDULE.every`: one stat of the
    marker file, so an upload does not pay for a scan each time."""
    try:
        age = time.time() - (uploads_dir() / MARKER).stat().st_mtime
    except OSError:
        age = None
    if age is not None and 0 <= age < SCHEDULE.every.total_seconds():
        return None
    return clean_now(engine)


def _mark_cleaned() -> None:
    marker = uploads_dir() / MARKER
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        os.utime(marker)
    except OSError:
        logger.warning("cannot write %s", marker, exc_info=True)
