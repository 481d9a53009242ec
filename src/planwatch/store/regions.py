"""Regions: find or create a place by its path (浙江省/金华市/武义县)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.schema import Region

_LEVEL = re.compile(r"(省|自治区|市|自治州|州|盟|县|自治县|旗|区|镇|乡|街道|园区|开发区)$")


def level_of(name: str) -> str:
    m = _LEVEL.search(name)
    return m.group(1) if m else ""


def find_region(session: Session, name: str, parent: Region | None = None) -> Region | None:
    query = select(Region).where(Region.name == name)
    if parent is not None:
        query = query.where(Region.parent_id == parent.id)
    return session.scalars(query.order_by(Region.id)).first()


def _parts(path: str) -> list[str]:
    return [p.strip() for p in path.split("/") if p.strip()]


def find_path(session: Session, path: str) -> Region | None:
    """The region `region_at(path)` would give, without creating anything; None if new."""
    parent: Region | None = None
    for i, name in enumerate(_parts(path)):
        query = select(Region).where(Region.name == name)
        query = query.where(
            Region.parent_id == parent.id if parent is not None else Region.parent_id.is_(None)
        )
        found = session.scalars(query).first()
        if found is None and i == 0:
            found = find_region(session, name)
        if found is None:
            return None
        parent = found
    return parent


def path_of(region: Region | None) -> str:
    """浙江省/金华市/武义县 for the county of that name."""
    names: list[str] = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return "/".join(reversed(names))


def ids_by_name(session: Session, names: set[str]) -> dict[str, int]:
    """{name: id} of regions by bare name, the first created where names repeat (as
    `find_region` picks), looked up in a few queries however many names there are."""
    out: dict[str, int] = {}
    ordered = sorted(names)
    for i in range(0, len(ordered), 500):
        query = select(Region.id, Region.name).where(Region.name.in_(ordered[i : i + 500]))
        for rid, name in session.execute(query.order_by(Region.id)):
            out.setdefault(name, rid)
    return out


def region_at(session: Session, path: str, level: str = "") -> Region:
    """The region at `path` (names joined by '/'), created with its ancestors if new."""
    parent: Region | None = None
    parts = _parts(path)
    for i, name in enumerate(parts):
        query = select(Region).where(Region.name == name)
        query = query.where(
            Region.parent_id == parent.id if parent is not None else Region.parent_id.is_(None)
        )
        found = session.scalars(query).first()
        if found is None and parent is None:
            found = find_region(session, name)  # a bare name matches a known place anywhere
        if found is None:
            last = i == len(parts) - 1
            found = Region(name=name, level=(level if last and level else level_of(name)))
            found.parent = parent
            session.add(found)
            session.flush()
        parent = found
    if parent is None:
        raise ValueError("empty region path")
    return parent


def child_region(session: Session, parent: Region | None, name: str) -> Region:
    """A township, park or county under `parent` (as named in a task-decomposition table)."""
    if parent is None:
        return region_at(session, name)
    found = find_region(session, name, parent)
    if found is None:
        found = Region(name=name, level=level_of(name), parent_id=parent.id)
        session.add(found)
        session.flush()
    return found
