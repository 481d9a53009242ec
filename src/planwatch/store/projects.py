"""Project progress: completed investment per year, appended as revisions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from planwatch.models.projects import ProjectTrack
from planwatch.store.revisions import latest_revision, next_revision
from planwatch.store.schema import Plan, Project, ProjectProgress


def record_progress(
    session: Session,
    project: Project,
    year: int,
    invested: float,
    status: str = "",
    note: str = "",
) -> ProjectProgress | None:
    """Append a revision; None when the latest revision already says the same."""
    latest = latest_revision(session, ProjectProgress, project_id=project.id, year=year)
    if latest is not None and (latest.invested, latest.status) == (invested, status):
        return None
    row = ProjectProgress(
        project_id=project.id,
        year=year,
        invested=invested,
        status=status,
        note=note,
        revision=next_revision(latest),
    )
    session.add(row)
    session.flush()
    return row


def _latest_by_year(project: Project) -> dict[int, ProjectProgress]:
    out: dict[int, ProjectProgress] = {}
    for p in project.progress:
        if p.year not in out or p.revision > out[p.year].revision:
            out[p.year] = p
    return out


def project_tracks(plan: Plan) -> list[ProjectTrack]:
    tracks = []
    for p in plan.projects:
        if p.is_total:
            continue
        latest = _latest_by_year(p)
        last_status = latest[max(latest)].status if latest else ""
        tracks.append(
            ProjectTrack(
                ref=p.id,
                name=p.name,
                type=p.type,
                responsible_unit=p.responsible_unit,
                money_unit=p.money_unit,
                period_start=p.period_start,
                period_end=p.period_end,
                total_investment=p.total_investment,
                plan_investment=p.plan_investment,
                invested={y: r.invested for y, r in latest.items()},
                status=last_status,
            )
        )
    return tracks
