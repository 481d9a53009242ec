"""Pictures drawn by a helper process (`report.pictures`): the same pictures as drawn
in the writer's own process, glyph warnings passed back, never started outside the
`planwatch` command, and a helper that fails is drawn around."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import docx
import pytest

import planwatch.cli
from planwatch.models.report import Chart, Report, Section, Series
from planwatch.report import charts, docx_writer, pictures

needs_font = pytest.mark.skipif(
    charts.cjk_font() is None, reason="no CJK font installed (Debian: fonts-noto-cjk)"
)


def _path(k: int) -> Chart:
    return Chart(
        key=f"path{k}",
        kind="lines",
        caption=f"指标{k}走势",
        categories=["2020", "2021", "2022", "2023"],
        series=[
            Series(name="实际值", values=[1.0, 1.2 + k / 10, 1.3, None]),
            Series(name="规划路径", values=[1.0, 1.1, 1.2, 1.3], style="dashed"),
        ],
        group="主要指标走势",
        title=f"指标{k}",
    )


def _report() -> Report:
    bars = Chart(key="bars", kind="bars", caption="各镇任务进度", categories=["东镇", "西镇"],
                 series=[Series(name="任务进度", values=[0.4, 0.7])], percent=True)  # fmt: skip
    return Report(
        title="图片",
        sections=[Section(heading="一、走势", blocks=[*(_path(k) for k in range(10)), bars])],
    )


def _pictures(path: Path) -> list[bytes]:
    doc = docx.Document(str(path))
    return [doc.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
            for s in doc.inline_shapes]  # fmt: skip


@needs_font
def test_a_helper_draws_the_pictures_the_writer_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, helped = tmp_path / "here.docx", tmp_path / "helped.docx"
    docx_writer.write(_report(), here)
    monkeypatch.setattr(planwatch.cli, "CONSOLE", True)
    with pictures.drawing_ahead():
        assert pictures._HELPER, "the helper was not started"
        assert pictures.has_font()
        docx_writer.write(_report(), helped)
    assert not pictures._HELPER  # stopped with the block
    drawn = _pictures(helped)
    assert len(drawn) == 3  # 8 panels, 2 panels, the bars
    assert drawn == _pictures(here)


@needs_font
def test_a_missing_glyph_in_the_helper_is_warned_of_in_the_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lacking = _path(1).model_copy(update={"categories": ["\U0010fffd", "2021", "2022", "2023"]})
    job: pictures.Job = ("chart", (lacking,), 10.0)
    monkeypatch.setattr(planwatch.cli, "CONSOLE", True)
    with pictures.drawing_ahead():
        drawing = pictures.Drawing([job])
        assert drawing.pending
        with pytest.warns(charts.MissingGlyphWarning):
            png = drawing.take(job)
    assert png is not None and png.startswith(b"\x89PNG")


def test_no_helper_outside_the_planwatch_command() -> None:
    """A script embedding the app may not guard its main module against a spawned
    helper running it again: the helper is only started by the command."""
    assert not planwatch.cli.CONSOLE
    with pictures.drawing_ahead():
        assert not pictures._HELPER


@needs_font
def test_a_helper_that_broke_is_drawn_around() -> None:
    job: pictures.Job = ("chart", (_path(2),), 10.0)
    broken: Future[pictures.Drawn] = Future()
    broken.set_exception(BrokenProcessPool("the helper died"))
    drawing = pictures.Drawing([])
    drawing.pending[pictures._key(job)] = broken
    png = drawing.take(job)
    assert png is not None and png.startswith(b"\x89PNG")


@needs_font
def test_the_report_command_puts_the_helpers_pictures_in_word(tmp_path: Path) -> None:
    """The console command (where the helper runs) writes every picture."""
    store = f"sqlite:///{tmp_path / 'store.db'}"
    sample = Path(planwatch.__file__).parent / "samples" / "sample_plan.txt"
    env = {"PLANWATCH_DATABASE_URL": store, "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path), "PLANWATCH_HOME": str(tmp_path / "home")}  # fmt: skip

    def planwatch_command(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from planwatch.cli import run; sys.argv[0] = 'planwatch'; run()"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, env=env)  # fmt: skip

    done = planwatch_command("import-plan", str(sample), "--region", "示例省/示例市/示例县")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "report.docx"
    done = planwatch_command("report", "sample_plan", "--year", "2023", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(docx.Document(str(out)).inline_shapes) >= 1  # the status overview
    assert "no Chinese font" not in done.stderr


@needs_font
def test_a_helper_broken_before_the_pictures_are_handed_over_is_drawn_around(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("the helper did not start")

    gone: Future[bool] = Future()
    gone.set_exception(BrokenProcessPool("the helper did not start"))
    monkeypatch.setattr(pictures, "_HELPER", [(Broken(), gone)])
    job: pictures.Job = ("chart", (_path(3),), 10.0)
    drawing = pictures.Drawing([job])
    assert not drawing.pending
    png = drawing.take(job)
    assert png is not None and png.startswith(b"\x89PNG")
    assert pictures.has_font()  # asked here when the helper cannot say
