"""PDFs as LibreOffice exports them (most plans are Word files saved as PDF): the test
writer's .docx converted with `soffice --headless --convert-to pdf`. Both PDF readers
must give the same document (`tests/pdf_paths.py`), and the extraction must find what
it finds in the .docx. Needs LibreOffice (Debian `libreoffice-writer-nogui`, which
`./dev test` installs with CI=true); skipped with the reason where it is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from planwatch.ingest import extract_plan, read_document
from tests.pdf_paths import differences
from tests.test_decomposition import GROUPS
from tests.test_reader_ocr import PLAN
from tests.writers import docx
from tests.writers.rebuild import to_plan
from tests.writers.spec import LEFT, H, P, Plan, T

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")

PROJECT = "新建厂房 2 万平方米，购置生产线 3 条"


def _project(k: int) -> list[str]:
    return [str(k), f"示例{k}号智能制造项目", PROJECT * (k % 3 + 1), f"{k * 1.5:.1f}", "2021-2025"]


LONG_TABLE = Plan(
    [
        H("三、重点项目"),
        P("“十四五”期间，全县谋划实施重点工业项目如下。"),
        T(
            caption="表 3：示例县“十四五”重点工业项目表",
            rows=[["序号", "项目名称", "建设内容", "总投资（亿元）", "建设年限"]]
            + [_project(k) for k in range(1, 41)],
        ),
        T(
            caption="表 4：主要指标",
            rows=[
                ["指 标 名 称", LEFT, "单位", "2020年", "2025年"],
                ["经济规模", "规上工业增加值", "亿元", "100", "200"],
                ["创新能力", "研发经费投入强度", "%", "2.1", "3.0"],
            ],
        ),
    ],
    title="示例县“十四五”工业发展规划",
)


def convert(source: Path, folder: Path) -> Path:
    """`source` exported to PDF by LibreOffice, with a profile of its own (two
    conversions sharing one would wait on each other's lock)."""
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / f"{source.stem}.pdf"


@needs_soffice
@pytest.mark.parametrize("name", ["plan", "groups", "long_table"])
def test_libreoffice_pdfs_read_alike_and_as_the_docx(tmp_path: Path, name: str) -> None:
    plan = {
        "plan": PLAN,
        "groups": Plan([P("示例县“十四五”工业发展规划"), GROUPS]),
        "long_table": LONG_TABLE,
    }[name]
    source = docx.render(plan, tmp_path / f"{name}.docx")
    exported = convert(source, tmp_path)
    assert differences(exported) == []

    def rows(path: Path) -> list[tuple]:
        ex = extract_plan(path)
        return [(i.subject, i.name, i.unit, i.baseline, i.target) for i in ex.indicators]

    assert rows(exported) == rows(source)
    if name == "long_table":
        ex = extract_plan(exported)
        assert len(ex.projects) == 40
        table = next(b for b in read_document(exported).blocks if b.kind == "table")
        # the space LibreOffice draws after 表 is kept
        assert table.caption == "表 3：示例县“十四五”重点工业项目表"


@needs_soffice
def test_libreoffice_exports_of_the_seeds_read_alike(tmp_path: Path, shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        source = docx.render(to_plan(read_document(seed)), tmp_path / f"{seed.stem}.docx")
        exported = convert(source, tmp_path)
        assert differences(exported) == [], seed.name
