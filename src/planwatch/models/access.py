"""Who is asking, and what they may do: accounts, roles scoped to a region, the
approval states of a value, and the audit log's records.

A role applies to a region and everything below it (DHIS2's organisation-unit
rule): an editor of 某县 may enter values for 某县 and its towns, not for the
county next door.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from planwatch.numbers import FiniteModel


class Role(StrEnum):
    ADMIN = "admin"  # everything in its region, accounts, the audit log, publishing
    REVIEWER = "reviewer"  # approves or returns submitted values; enters values too
    EDITOR = "editor"  # enters values (drafts) and submits them
    VIEWER = "viewer"  # reads


WRITERS = (Role.ADMIN, Role.REVIEWER, Role.EDITOR)
REVIEWERS = (Role.ADMIN, Role.REVIEWER)


class State(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交
    APPROVED = "approved"  # 已审核
    RETURNED = "returned"  # 已退回


STATE_LABELS = {
    State.DRAFT: "草稿",
    State.SUBMITTED: "已提交",
    State.APPROVED: "已审核",
    State.RETURNED: "已退回",
}


class Actor(BaseModel):
    """A signed-in user as the service layer sees them. `regions` holds the ids of the
    user's region and every region below it; None means every region (an admin
    without a region)."""

    name: str
    role: Role
    region: str = ""  # the region's path, 浙江省/丽水市/缙云县
    region_id: int | None = None
    regions: frozenset[int] | None = None
    address: str = ""  # where the request came from, for the audit log

    def covers(self, region_id: int | None) -> bool:
        return self.regions is None or (region_id is not None and region_id in self.regions)


class UserInfo(BaseModel):
    name: str
    role: Role
    region: str = ""
    active: bool = True


class ValueIn(FiniteModel):
    """One value as the API and the entry grid take it."""

    region: str
    indicator: str
    year: int
    value: float
    unit: str = ""
    note: str = ""

    @field_validator("region", "indicator", "unit", "note")
    @classmethod
    def _printable(cls, text: str) -> str:
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
            raise ValueError("contains a control character")
        return text


class ValueOut(BaseModel):
    id: int
    region: str
    indicator: str
    year: int
    value: float
    unit: str
    revision: int
    state: State
    entered_by: str = ""
    review_note: str = ""
    source: str = ""
    recorded_at: str = ""


class AuditRecord(BaseModel):
    id: int
    at: str
    user: str
    address: str
    action: str
    entity: str
    entity_id: str
    region: str = ""
    old: dict | None = None  # type: ignore[type-arg]
    new: dict | None = None  # type: ignore[type-arg]


class Page(BaseModel):
    """A page of a list the API returns: the items and how many there are in all."""

    items: list = Field(default_factory=list)  # type: ignore[type-arg]
    total: int = 0
