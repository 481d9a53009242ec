"""Project admission (项目准入): a proposed project against the control indicators of
its industry, and what admitting it would do to the county's 亩均税收.

Verdicts: every criterion met → admit (准入); a criterion missed by more than the
standard's tolerance (10 % unless it says otherwise) → reject (不准入); otherwise,
criteria missed within the tolerance or figures the project did not give →
conditional (有条件准入: admitted on an agreement to reach them by the standard's
year, as counties' 投资协议 do). A project no standard covers is conditional, to be
decided case by case.
"""

from __future__ import annotations

from planwatch.chains.standards import standard_for
from planwatch.models.chains import Failure, ProjectIn, Standard, StandardsFile, Verdict

# criterion → (label, the project's figure, whether the standard is a maximum)
LABELS = {
    "min_investment_per_mu": "投资强度（万元/亩）",
    "min_floor_area_ratio": "容积率",
    "min_output_per_mu": "亩均产出（万元/亩）",
    "min_tax_per_mu": "亩均税收（万元/亩）",
    "max_energy_per_value_added": "单位增加值能耗（吨标煤/万元）",
}


def _per_mu(value: float | None, land: float) -> float | None:
    return None if value is None else value / land


def figures(p: ProjectIn) -> dict[str, float | None]:
    """The project's figure for each criterion."""
    energy = None
    if p.energy_tce is not None and p.value_added:
        energy = p.energy_tce / p.value_added
    return {
        "min_investment_per_mu": p.investment / p.land_mu,
        "min_floor_area_ratio": p.floor_area_ratio,
        "min_output_per_mu": _per_mu(p.output, p.land_mu),
        "min_tax_per_mu": _per_mu(p.tax, p.land_mu),
        "max_energy_per_value_added": energy,
    }


def _failure(criterion: str, required: float, actual: float | None) -> Failure | None:
    """None when `actual` meets `required`; the shortfall as a share of the requirement."""
    maximum = criterion.startswith("max_")
    if actual is not None and (actual <= required if maximum else actual >= required):
        return None
    shortfall = None
    if actual is not None and required > 0:
        shortfall = (actual - required) / required if maximum else (required - actual) / required
    return Failure(criterion=criterion, label=LABELS[criterion], required=required,
                   actual=actual, shortfall=shortfall)  # fmt: skip


def failures(project: ProjectIn, standard: Standard) -> list[Failure]:
    actual = figures(project)
    found = []
    for criterion in LABELS:
        required = getattr(standard, criterion)
        if required is not None:
            failure = _failure(criterion, required, actual[criterion])
            if failure is not None:
                found.append(failure)
    return found


def verdict(failed: list[Failure], tolerance: float) -> Verdict:
    if not failed:
        return "admit"
    far = [f for f in failed if f.shortfall is not None and f.shortfall > tolerance + 1e-12]
    return "reject" if far else "conditional"


def judge(
    project: ProjectIn, standards: StandardsFile
) -> tuple[Verdict, Standard | None, list[Failure]]:
    standard = standard_for(project.industry_code, standards)
    if standard is None:
        return "conditional", None, []
    failed = failures(project, standard)
    return verdict(failed, standard.tolerance), standard, failed


def tax_per_mu_with(total_tax: float, total_land: float, project: ProjectIn) -> float | None:
    """The population's 亩均税收 (ratio of sums) with the project's tax and land added."""
    land = total_land + project.land_mu
    return (total_tax + (project.tax or 0.0)) / land if land > 0 else None
