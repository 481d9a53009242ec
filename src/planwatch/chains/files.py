"""Chain, standards and projects files: read, validated, and every problem told with
its line. Beyond what the models check field by field, a chain file must name known
segments with links in them, each link once in its chain, industry codes that
GB/T 4754-2017 has, links that feed existing links without a cycle, and valid
credit codes for its 链主. Each problem is said in English and in Chinese (the pages
are Chinese), with the same line, names and codes."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from planwatch.catalog.industries import code_name
from planwatch.errors import InputError
from planwatch.models.chains import (
    SEGMENTS,
    ChainFile,
    ChainSpec,
    ProjectsFile,
    StandardsFile,
    code_digits,
)
from planwatch.permu.credit_code import problem as credit_problem
from planwatch.yamlfile import WHAT_ZH, Problem, YamlFile, read_yaml, validate

EXAMPLES = ("equipment", "medical", "materials", "smart_home", "aviation")


def example_path(name: str) -> Path:
    return Path(str(files("planwatch.chains").joinpath("examples", f"{name}.yaml")))


def _resolve(name_or_path: str | Path, what: str, examples: tuple[str, ...]) -> Path:
    """A file, or the name of an example shipped with planwatch."""
    if isinstance(name_or_path, str) and name_or_path in examples:
        return example_path(name_or_path)
    path = Path(name_or_path)
    if not path.exists() and str(name_or_path).isidentifier():
        raise InputError(path, f"no such {what} file, and not an example ({', '.join(examples)})",
                         zh=f"没有该{WHAT_ZH.get(what, what)}文件，也不是示例"
                            f"（{'、'.join(examples)}）")  # fmt: skip
    return path


def read_chains(name_or_path: str | Path) -> ChainFile:
    """A chain file, or one of the examples by name (equipment, medical, …)."""
    file = read_yaml(_resolve(name_or_path, "chain", EXAMPLES), "chain")
    chains = validate(file, ChainFile)
    problems = [p for i, chain in enumerate(chains.chains) for p in _chain_problems(i, chain)]
    problems += _duplicate_chains(chains)
    if problems:
        raise file.error(problems)
    return chains


def _duplicate_chains(chains: ChainFile) -> list[Problem]:
    seen: set[str] = set()
    problems: list[Problem] = []
    for i, chain in enumerate(chains.chains):
        if chain.name in seen:
            problems.append((("chains", i, "name"), f"duplicate chain '{chain.name}'",
                             f"产业链“{chain.name}”重复"))  # fmt: skip
        seen.add(chain.name)
    return problems


def _chain_problems(i: int, chain: ChainSpec) -> list[Problem]:
    at: tuple[str | int, ...] = ("chains", i)
    problems: list[Problem] = []
    for segment, links in chain.segments.items():
        if segment not in SEGMENTS:
            known = "、".join(SEGMENTS)
            problems.append(((*at, "segments", segment), f"unknown segment '{segment}' ({known})",
                             f"未知的链段“{segment}”（应为{known}）"))  # fmt: skip
        elif not links:
            problems.append(((*at, "segments", segment), f"segment {segment} has no links",
                             f"{segment}没有环节"))  # fmt: skip
    if not any(chain.segments.values()):
        problems.append(((*at, "segments"), "the chain has no links", "该产业链没有环节"))
    problems += _link_problems(at, chain)
    problems += _cycle(at, chain)
    for j, code in enumerate(chain.leaders):
        why = credit_problem(code)
        if why:
            problems.append(((*at, "leaders", j), f"链主 '{code}': {why}",
                             f"链主“{code}”：{_credit_problem_zh(code)}"))  # fmt: skip
    return problems


def _link_problems(at: tuple[str | int, ...], chain: ChainSpec) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    names = {link.link for _, link in chain.links()}
    for segment, links in chain.segments.items():
        for k, link in enumerate(links):
            where = (*at, "segments", segment, k)
            if link.link in seen:
                problems.append(((*where, "link"), f"duplicate link '{link.link}'",
                                 f"环节“{link.link}”重复"))  # fmt: skip
            seen.add(link.link)
            for c, code in enumerate(link.codes):
                why = _code_problem(code)
                if why:
                    problems.append(((*where, "codes", c), *why))
            for f, target in enumerate(link.feeds):
                if target not in names:
                    problems.append(((*where, "feeds", f), f"feeds unknown link '{target}'",
                                     f"供给的环节“{target}”不存在"))  # fmt: skip
    return problems


def _credit_problem_zh(code: str) -> str:
    """Why a 链主's code is not a credit code, in Chinese."""
    from planwatch.permu.data import credit_problem_zh

    return credit_problem_zh(code) or "不是有效的统一社会信用代码"


def _unknown_code(code: str) -> tuple[str, str]:
    """(English, Chinese) of an industry code GB/T 4754-2017 does not have."""
    return (f"unknown industry code '{code}' (not in GB/T 4754-2017)",
            f"未知的行业代码“{code}”（GB/T 4754-2017 中没有）")  # fmt: skip


def _code_problem(code: str) -> tuple[str, str] | None:
    """(English, Chinese) of what is wrong with an industry code, or None."""
    try:
        digits = code_digits(code)
    except ValueError as exc:
        return str(exc), f"“{code}”不是 GB/T 4754 行业代码（应为2、3或4位数字）"
    if code_name(digits) is None:
        return _unknown_code(code)
    return None


def _cycle(at: tuple[str | int, ...], chain: ChainSpec) -> list[Problem]:
    """A link that, through `feeds`, supplies itself: chains run one way."""
    feeds = {link.link: list(link.feeds) for _, link in chain.links()}
    where = {link.link: (s, k) for s in chain.segments for k, link in enumerate(chain.segments[s])}
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = 1
        for nxt in feeds.get(name, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt] if nxt in path else [name, nxt]
            if nxt in feeds and state.get(nxt) is None:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[name] = 2
        return None

    for name in feeds:
        if state.get(name) is None:
            loop = visit(name, [name])
            if loop:
                segment, k = where[loop[0]]
                text = " → ".join(loop)
                return [((*at, "segments", segment, k, "feeds"), f"links feed in a cycle: {text}",
                         f"环节之间的供给关系构成循环：{text}")]  # fmt: skip
    return []


def read_standards(name_or_path: str | Path) -> StandardsFile:
    """An admission standards file, or the shipped example (`example`)."""
    path = example_path("standards") if name_or_path == "example" else Path(name_or_path)
    file = read_yaml(path, "standards")
    standards = validate(file, StandardsFile)
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for i, s in enumerate(standards.standards):
        if s.industry_prefix in seen:
            problems.append((("standards", i, "industry_prefix"),
                             f"prefix '{s.industry_prefix}' given twice",
                             f"行业代码前缀“{s.industry_prefix}”重复"))  # fmt: skip
        seen[s.industry_prefix] = i
        if s.industry_prefix != "*" and code_name(s.industry_prefix) is None:
            problems.append((("standards", i, "industry_prefix"),
                             *_unknown_code(s.industry_prefix)))  # fmt: skip
    if problems:
        raise file.error(problems)
    return standards


def read_projects(path: Path) -> ProjectsFile:
    """Proposed projects from YAML (`projects:` list) or a sheet (.xlsx/.csv), one
    project a row with Chinese or English headers."""
    if path.suffix.lower() in {".xlsx", ".csv"}:
        from planwatch.chains.project_sheet import read_project_sheet

        return read_project_sheet(path)
    file: YamlFile = read_yaml(path, "projects")
    projects = validate(file, ProjectsFile)
    problems: list[Problem] = [
        (("projects", i, "industry_code"), f"unknown industry code '{p.industry_code}'",
         f"未知的行业代码“{p.industry_code}”")
        for i, p in enumerate(projects.projects)
        if code_name(p.industry_code) is None
    ]  # fmt: skip
    if problems:
        raise file.error(problems)
    return projects
