"""Which admission standard applies: the most specific `industry_prefix` an industry
code starts with ("3484" before "348" before "34"), else the default "*"."""

from __future__ import annotations

from planwatch.models.chains import Standard, StandardsFile


def standard_for(digits: str, standards: StandardsFile) -> Standard | None:
    matching = [s for s in standards.standards
                if s.industry_prefix != "*" and digits.startswith(s.industry_prefix)]  # fmt: skip
    if matching:
        return max(matching, key=lambda s: len(s.industry_prefix))
    return next((s for s in standards.standards if s.industry_prefix == "*"), None)


def link_standard(codes: tuple[str, ...], standards: StandardsFile) -> Standard | None:
    """The standard a project on a link must meet: of its codes' standards the
    strictest (highest investment intensity), so any project admitted to the link
    meets it; a link matched by keywords only takes the default."""
    found = [s for s in (standard_for(c, standards) for c in codes) if s is not None]
    if not found:
        return standard_for("", standards)
    return max(found, key=lambda s: (s.min_investment_per_mu or 0, len(s.industry_prefix)))
