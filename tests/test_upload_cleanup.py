"""Abandoned plan uploads are removed after a while; a stored plan's source file never
is. The folder is judged by the store (which plans name it), not by a marker."""

from __future__ import annotations

import json
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from planwatch import uploads
from planwatch.models.access import Actor, Role
from planwatch.store.db import transaction
from planwatch.store.schema import Plan
from planwatch.web.app import create_app
from planwatch.web.settings import Settings
from tests.conftest import cli_caller

WEEK = timedelta(days=7)
ADMIN = Actor(name="admin", role=Role.ADMIN)


def plan_text(target: int = 150) -> bytes:
    return (
        "新县“十四五”工业发展规划\n\n表1 新县主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        f"\t规上工业产值\n\t亿元\n\t100\n\t{target}\n\n"
    ).encode()


@pytest.fixture
def root(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    HERE.append(uploads.store_id(engine))
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(uploads.SCHEDULE, "older_than", WEEK)
    return tmp_path / "home" / "uploads"


def age(path: Path, days: float) -> None:
    """Make a folder and everything in it look `days` old."""
    then = time.time() - days * 86400
    for folder, dirs, files in os.walk(path):
        for name in (*dirs, *files):
            os.utime(os.path.join(folder, name), (then, then), follow_symlinks=False)
    os.utime(path, (then, then))


HERE: list[str] = []  # the store of the test's engine (set by `root`)


def fake(parent: Path, days: float, name: str = "plan.txt", store: str | None = None) -> Path:
    """An upload folder as `start` leaves it, without the extraction: made for the test's
    store unless `store` names another ("": made before uploads recorded theirs)."""
    folder = parent / secrets.token_urlsafe(18)
    folder.mkdir(parents=True)
    (folder / name).write_bytes(b"x" * 1000)
    made_for = HERE[-1] if store is None else store
    (folder / "upload.json").write_text(json.dumps({"file_name": name, "store": made_for}))
    age(folder, days)
    return folder


def test_old_abandoned_uploads_go_recent_and_stored_ones_stay(engine: Engine, root: Path) -> None:
    abandoned = uploads.start(engine, ADMIN, "旧规划.txt", plan_text(), "")
    recent = uploads.start(engine, ADMIN, "新规划.txt", plan_text(160), "")
    stored = uploads.start(engine, ADMIN, "已入库.txt", plan_text(170), "")
    uploads.confirm(engine, ADMIN, stored.token)
    for upload in (abandoned, stored):
        age(root / upload.token, 30)
    sheet = fake(root / "values", 8, "values.xlsx")

    dry = uploads.clean(engine, WEEK, dry_run=True)
    assert {f.token for f in dry.removed} == {abandoned.token, sheet.name}
    assert (root / abandoned.token).is_dir() and sheet.is_dir()  # a dry run removes nothing

    done = uploads.clean(engine, WEEK)
    assert {(f.token, f.kind, f.file_name) for f in done.removed} == {
        (abandoned.token, "plan", "旧规划.txt"), (sheet.name, "values", "values.xlsx")}  # fmt: skip
    assert done.bytes_freed == dry.bytes_freed > 1000
    assert not (root / abandoned.token).exists() and not sheet.exists()
    assert {f.token: f.reason for f in done.kept} == {recent.token: "recent",
                                                      stored.token: "stored"}  # fmt: skip
    assert (root / stored.token / "已入库.txt").is_file()  # the audit reads it again
    assert uploads.clean(engine, WEEK).removed == []


def test_every_version_of_a_plan_keeps_its_upload(engine: Engine, root: Path) -> None:
    first = uploads.start(engine, ADMIN, "规划.txt", plan_text(150), "")
    assert uploads.confirm(engine, ADMIN, first.token).version == 1
    second = uploads.start(engine, ADMIN, "规划.txt", plan_text(180), "")
    assert uploads.confirm(engine, ADMIN, second.token).version == 2
    for upload in (first, second):
        age(root / upload.token, 30)
    assert uploads.clean(engine, WEEK).removed == []  # version 1 still names the first
    with transaction(engine) as session:  # no version names it any more (say, replaced)
        session.execute(update(Plan).where(Plan.version == 1).values(source_file="/x/规划.txt"))
    assert [f.token for f in uploads.clean(engine, WEEK).removed] == [first.token]


def test_only_token_folders_of_this_store_are_touched(
    engine: Engine, root: Path, tmp_path: Path
) -> None:
    elsewhere = fake(root, 30, store="sqlite:////elsewhere/planwatch.db")  # another store's
    unknown = fake(root, 30, store="")  # made before uploads recorded their store: kept
    odd = root / "not a token"
    odd.mkdir(parents=True)
    age(odd, 30)
    (root / "notes.txt").write_text("kept")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("never removed")
    link = root / secrets.token_urlsafe(18)
    link.symlink_to(outside, target_is_directory=True)
    inside = fake(root, 30)
    (inside / "escape").symlink_to(outside, target_is_directory=True)
    age(inside, 30)

    done = uploads.clean(engine, WEEK)
    assert [f.token for f in done.removed] == [inside.name]
    assert sorted((f.token, f.reason) for f in done.kept) == sorted(
        [(elsewhere.name, "other store"), (unknown.name, "other store")]
    )
    assert odd.is_dir() and (root / "notes.txt").is_file() and link.is_symlink()
    assert (outside / "precious.txt").read_text() == "never removed"  # links not followed


def test_the_web_app_cleans_at_start_and_after_an_upload_hourly(
    engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = fake(root, 4)
    app = create_app(engine, Settings(secret="test-secret-" * 4, upload_days=3))
    assert uploads.SCHEDULE.older_than == timedelta(days=3)
    with TestClient(app):  # the lifespan runs: the server starts
        pass
    assert not old.exists()
    marker = root / uploads.MARKER
    assert marker.is_file()
    older = fake(root, 4)
    uploads.start(engine, ADMIN, "p.txt", plan_text(), "")
    assert older.exists()  # cleaned less than an hour ago: not again
    age(marker, 2 / 24)
    uploads.start(engine, ADMIN, "p.txt", plan_text(), "")
    assert not older.exists()


def test_upload_days_from_the_environment(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_UPLOAD_DAYS", "3")
    assert Settings.from_env().upload_days == 3
    for wrong in ("0", "a week"):
        monkeypatch.setenv("PLANWATCH_UPLOAD_DAYS", wrong)
        assert Settings.from_env().upload_days == 7


def test_the_command_shows_what_it_removes(
    db_url: str, engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", db_url)
    pw = cli_caller()
    old, newer = fake(root, 10, "旧规划.docx"), fake(root, 4)
    out = pw("uploads", "clean", "--dry-run")
    assert "将删除的上传" in out and old.name in out and "旧规划.docx" in out
    assert "将删除 1 个超过 7 天的上传" in out and "近期 1" in out and old.exists()
    out = pw("uploads", "clean", "--older-than-days", "3")
    assert "已删除的上传" in out and old.name in out and newer.name in out
    assert not old.exists() and not newer.exists()
    assert "已删除 0 个" in pw("uploads", "clean")
    data = json.loads(pw("uploads", "clean", "--json"))
    assert data["removed"] == [] and data["dry_run"] is False
    pw("uploads", "clean", "--older-than-days", "0", code=2)
