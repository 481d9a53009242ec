"""Append-only tables (observations, project progress): a correction is the next
revision, and reads take the latest one."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

Row = TypeVar("Row")


def latest_revision(session: Session, model: type[Row], **where: Any) -> Row | None:
    """The row with the highest `revision` among those matching `where`."""
    query = select(model).filter_by(**where).order_by(model.revision.desc())  # type: ignore[attr-defined]
    return session.scalars(query).first()


def next_revision(latest: Any) -> int:
    return latest.revision + 1 if latest is not None else 1
