"""Tables of the plan store (SQLAlchemy 2 declarative models).

Observations and project progress are append-only: a correction is a new
revision and reads take the latest one, so what was reported when stays visible.
Migrations in `migrations/versions` create exactly these tables; a test compares
the two.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Region(Base):
    """province → city → county/district → township/park."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10), default="")  # 省 市 县 区 镇 街道 园区
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    parent: Mapped[Region | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("name", "parent_id", name="uq_region_name_parent"),
        # NULLs are distinct in a unique constraint, so top-level names need their own
        # index, or two imports at the same moment could both create 浙江省.
        Index(
            "uq_region_root_name",
            "name",
            unique=True,
            sqlite_where=parent_id.is_(None),
            postgresql_where=parent_id.is_(None),
        ),
    )


class Plan(Base):
    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("document", "version", name="uq_plan_document_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(Text, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text, default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    vision_year: Mapped[int | None] = mapped_column(Integer)
    issuer: Mapped[str] = mapped_column(Text, default="")
    issue_date: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64), unique=True)
    format: Mapped[str] = mapped_column(String(10))
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # The whole extract as JSON: prose targets, lists and evaluations, nothing lost.
    extract: Mapped[dict[str, Any]] = mapped_column(JSON)
    # An admin may publish a plan's overview: then it is readable without signing in.
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    region: Mapped[Region | None] = relationship()
    indicators: Mapped[list[PlanIndicator]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanIndicator.id"
    )
    projects: Mapped[list[Project]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Project.id"
    )


class PlanIndicator(Base):
    __tablename__ = "plan_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    table: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str | None] = mapped_column(Text)
    attribute: Mapped[str | None] = mapped_column(Text)
    # Key observations are filed under: the catalogue id, or the plan's own name.
    indicator_key: Mapped[str] = mapped_column(Text, index=True)
    catalog_id: Mapped[str | None] = mapped_column(String(100))
    match_confidence: Mapped[float | None] = mapped_column(Float)
    match_how: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10), default="higher")
    path: Mapped[str] = mapped_column(String(10), default="geometric")
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_text: Mapped[str] = mapped_column(Text, default="")
    annual_growth: Mapped[float | None] = mapped_column(Float)
    growth_text: Mapped[str] = mapped_column(Text, default="")
    textual_target: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(10), default="table")  # table | prose
    source: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    plan: Mapped[Plan] = relationship(back_populates="indicators")
    targets: Mapped[list[Target]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="Target.id"
    )
    lifecycle: Mapped[list[LifecycleEvent]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="LifecycleEvent.id"
    )


class Target(Base):
    """A value for a year; several per indicator (intermediate years, stretch, sub-regions)."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicator.id", ondelete="CASCADE"), index=True
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
    qualifier: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(12), default="main")  # main | stretch | assigned

    indicator: Mapped[PlanIndicator] = relationship(back_populates="targets")
    region: Mapped[Region | None] = relationship()


class LifecycleEvent(Base):
    """active → suspended / proposed_cancel (and back), each with a date and a reason."""

    __tablename__ = "indicator_lifecycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicator.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    effective: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    indicator: Mapped[PlanIndicator] = relationship(back_populates="lifecycle")


class Observation(Base):
    """An actual value; never updated in place: a correction is revision n + 1."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint(
            "region_id", "indicator_key", "year", "revision", name="uq_observation_revision"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    indicator_key: Mapped[str] = mapped_column(Text, index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Data approval (DHIS2's): draft → submitted → approved, or back to returned. Only
    # approved values feed published statuses; files imported from the CLI are
    # approved as they are stored (whoever can reach the store is trusted with it).
    state: Mapped[str] = mapped_column(String(10), default="approved", server_default="approved")
    entered_by: Mapped[str] = mapped_column(Text, default="", server_default="")
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    region: Mapped[Region] = relationship()


class UserAccount(Base):
    """A person who signs in to the web app; a role on a region and everything below it."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10))  # admin reviewer editor viewer
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    region: Mapped[Region | None] = relationship()


class ApiToken(Base):
    """A token for scripts; only its SHA-256 is kept, the token itself is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    user: Mapped[UserAccount] = relationship()


class AuditEntry(Base):
    """Who changed what, when, from where: appended in the transaction of the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    user_name: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(Text, default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LoginFailure(Base):
    """Failed sign-ins of one name from one address still inside the limiter's window.
    Kept in the store, not in a worker's memory, so that every worker of
    `planwatch serve --workers N` counts the same failures and a restart forgets none.
    The row goes when the name signs in, or once its last failure has aged out."""

    __tablename__ = "login_failure"
    __table_args__ = (
        UniqueConstraint("address", "user_name", name="uq_login_failure_address_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(Text)
    user_name: Mapped[str] = mapped_column(Text)
    # when each failure inside the window happened (ISO, UTC), oldest first
    times: Mapped[list[str]] = mapped_column(JSON)
    last_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Kept:
    """What every kept run or check records: the file it came from, who made it, when,
    and the region it belongs to (None: made from the command line, seen by all)."""

    file_name: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))


class PermuRun(Kept, Base):
    """A per-mu evaluation made in the web app: who ran it, with which scheme, and every
    result column as Parquet (the report and the export read it back whole)."""

    __tablename__ = "permu_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    scheme: Mapped[str] = mapped_column(Text)
    scheme_title: Mapped[str] = mapped_column(Text, default="")
    enterprises: Mapped[int] = mapped_column(Integer, default=0)
    evaluated: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[bytes] = mapped_column(LargeBinary)


class PermuResult(Base):
    """One enterprise of a run, with the columns pages filter, sort and page by."""

    __tablename__ = "permu_result"
    __table_args__ = (Index("ix_permu_result_run_grade", "run_id", "grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("permu_run.id", ondelete="CASCADE"), index=True)
    credit_code: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")
    park: Mapped[str] = mapped_column(Text, default="")
    industry_code: Mapped[str] = mapped_column(Text, default="")
    group_name: Mapped[str] = mapped_column(Text, default="")
    land_mu: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(Text)
    not_evaluable: Mapped[str | None] = mapped_column(Text)


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    table: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    total_investment: Mapped[float | None] = mapped_column(Float)
    plan_investment: Mapped[float | None] = mapped_column(Float)
    money_unit: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(Text, default="")
    responsible_unit: Mapped[str] = mapped_column(Text, default="")
    is_total: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    plan: Mapped[Plan] = relationship(back_populates="projects")
    progress: Mapped[list[ProjectProgress]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectProgress.id"
    )


class ProjectProgress(Base):
    """Investment completed in a year; append-only like observations."""

    __tablename__ = "project_progress"
    __table_args__ = (
        UniqueConstraint("project_id", "year", "revision", name="uq_project_progress_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    invested: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(Text, default="")  # 未开工 在建 竣工 …
    revision: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    project: Mapped[Project] = relationship(back_populates="progress")


class ChainMapRun(Kept, Base):
    """A chain map (产业链图谱) kept for the web app: the chain file as written, the map
    as JSON (`models.chains.MapReport`), and who made it for which region."""

    __tablename__ = "chain_map"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    chains_yaml: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    by_region: Mapped[dict[str, Any]] = mapped_column(JSON)  # region → its own map
    chains: Mapped[list[ChainRow]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="ChainRow.position"
    )


class ChainRow(Base):
    """A chain of a kept map."""

    __tablename__ = "chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("chain_map.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    output: Mapped[float] = mapped_column(Float, default=0.0)
    map: Mapped[ChainMapRun] = relationship(back_populates="chains")
    links: Mapped[list[ChainLinkRow]] = relationship(
        back_populates="chain", cascade="all, delete-orphan", order_by="ChainLinkRow.position"
    )


class ChainLinkRow(Base):
    """A link of a kept chain, with its gap class."""

    __tablename__ = "chain_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chain.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    segment: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    codes: Mapped[list[str]] = mapped_column(JSON)
    keywords: Mapped[list[str]] = mapped_column(JSON)
    gap: Mapped[str] = mapped_column(Text)
    chain: Mapped[ChainRow] = relationship(back_populates="links")


class ChainAssignment(Base):
    """An enterprise on a link in the map's year, and how it was matched."""

    __tablename__ = "chain_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("chain_link.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int | None] = mapped_column(Integer)
    credit_code: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")  # the firm's 乡镇/街道
    matched_by: Mapped[str] = mapped_column(Text, default="")


class ProjectCheckRow(Kept, Base):
    """A proposed project's admission check (项目准入), as `project check` made it."""

    __tablename__ = "project_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    industry_code: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class WarnRun(Kept, Base):
    """One month's warning list (企业四色预警), as `warn evaluate` made it."""

    __tablename__ = "warn_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(Text, index=True)
    scheme: Mapped[str] = mapped_column(Text)
    scheme_title: Mapped[str] = mapped_column(Text, default="")
    enterprises: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class WarnFlag(Base):
    """An enterprise's status in a month's list, with its reasons."""

    __tablename__ = "warn_flag"
    __table_args__ = (Index("ix_warn_flag_run_status", "run_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("warn_run.id", ondelete="CASCADE"), index=True)
    credit_code: Mapped[str] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")
    park: Mapped[str] = mapped_column(Text, default="")
    industry_code: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(Text)
    since: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)
    previous: Mapped[str | None] = mapped_column(Text)
    reasons: Mapped[list[Any] | None] = mapped_column(JSON)


class WarnHelp(Base):
    """Help given to a flagged enterprise (帮扶记录): who, when, what, and whether it
    resolved the problem."""

    __tablename__ = "warn_help"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")
    month: Mapped[str] = mapped_column(Text, default="")
    helper: Mapped[str] = mapped_column(Text)
    helped_on: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
