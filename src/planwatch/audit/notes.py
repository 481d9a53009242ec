"""Findings about the audit itself rather than the plan."""

from __future__ import annotations

from pathlib import Path

from planwatch.models.audit import Finding, Location


def source_gone(path: Path) -> Finding:
    return Finding(
        rule="audit",
        severity="notice",
        location=Location(),
        message_zh=f"原文件 {path} 已不在或已改动：只检查了入库的指标，表格类检查未运行。",
        message_en=f"the source file {path} is gone or changed: only the stored indicators "
        "were checked, not the tables.",
        values={"source": str(path)},
    )
