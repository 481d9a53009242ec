"""A report's pictures drawn by a helper process, alongside the rest of the command.

Word reports need their charts as pictures, and drawing them is most of what
writing a .docx costs: matplotlib takes about a third of a second to import and a
page of small multiples another third to draw. None of it depends on the store, so
a command that will write Word starts a helper first (`drawing_ahead`): it imports
matplotlib and finds the Chinese font while the command itself imports the store
and reads the plan, and it draws each picture as soon as the writer has handed
over the whole list, while the writer lays out the tables.

The helper is a fresh interpreter (`spawn`), not a fork: a fork of a process with
threads (a test runner, a web server) can inherit a lock held by a thread that does
not exist in the child. It is started only by the `planwatch` command itself, whose
main module is guarded against the helper running it again. Where no helper was
started, `Drawing` draws in the process itself, one picture at a time, as the writer
asks.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Literal

from planwatch.models.report import Chart

Kind = Literal["chart", "grid"]
Job = tuple[Kind, tuple[Chart, ...], float]  # what, the charts, width in cm
Drawn = tuple[bytes | None, list[str]]  # the PNG (None: no Chinese font), glyph warnings

_HELPER: list[tuple[ProcessPoolExecutor, Future[bool]]] = []


@contextmanager
def drawing_ahead() -> Iterator[None]:
    """Within the block, Word writers hand their pictures to a helper process."""
    if _HELPER or not _may_start():  # already started by an outer block, or not here
        yield
        return
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=_workers(), mp_context=spawn)
    font = pool.submit(_warm_up)  # starts the helper now, while the caller goes on
    _HELPER.append((pool, font))
    try:
        yield
    finally:
        _HELPER.clear()
        pool.shutdown(wait=True, cancel_futures=True)


def _may_start() -> bool:
    """Only under the `planwatch` command (`cli.run`): a spawned helper first runs the
    main module of the process that starts it, which the console script guards; a
    user's own script embedding the app may not, and would run again."""
    cli = sys.modules.get("planwatch.cli")
    return bool(getattr(cli, "CONSOLE", False))


def _workers() -> int:
    """One helper on a two-core machine (the command itself needs the other core),
    up to three where there are more."""
    return max(1, min(3, (os.cpu_count() or 2) - 1))


def has_font() -> bool:
    """Can charts be drawn here (a Chinese font installed)? Asked of the helper when
    there is one, so the command never imports matplotlib itself."""
    if _HELPER:
        try:
            return _HELPER[0][1].result()
        except BrokenProcessPool:
            pass  # no helper after all: look here
    from planwatch.report.charts import cjk_font

    return cjk_font() is not None


class Drawing:
    """The pictures of one document: all submitted to the helper at once (`ahead`),
    then taken in the order the writer places them (`take`)."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        self.pending: dict[tuple[int, ...], Future[Drawn]] = {}
        if _HELPER:
            pool = _HELPER[0][0]
            try:
                for job in jobs:
                    self.pending[_key(job)] = pool.submit(draw, job)
            except BrokenProcessPool:  # the helper is gone: every picture is drawn here
                self.pending.clear()

    def take(self, job: Job) -> bytes | None:
        """The picture of `job` as PNG, or None without a Chinese font; glyphs missing
        from the font are warned of here, in the writer's process, as when drawn in it."""
        future = self.pending.pop(_key(job), None)
        try:
            png, missing = future.result() if future is not None else draw(job)
        except BrokenProcessPool:  # the helper could not start or died: draw it here
            png, missing = draw(job)
        if missing:
            from planwatch.report.charts import MissingGlyphWarning

            for message in missing:
                warnings.warn(message, MissingGlyphWarning, stacklevel=2)
        return png


def _key(job: Job) -> tuple[int, ...]:
    return tuple(id(chart) for chart in job[1])


def _warm_up() -> bool:
    """In the helper: import the drawing code, find the font and draw a small chart in
    it, so the font file is loaded and the PNG encoder imported before the report's
    pictures arrive."""
    from planwatch.models.report import Series
    from planwatch.report.charts import cjk_font

    if cjk_font() is None:
        return False
    sample = Chart(key="warm_up", kind="bars", caption="预热", categories=["一"],
                   series=[Series(name="值", values=[1.0])])  # fmt: skip
    draw(("chart", (sample,), 3.0))
    return True


def draw(job: Job) -> Drawn:
    """A picture and the glyph warnings raised drawing it (the helper's warnings
    would otherwise stay in the helper)."""
    from planwatch.report import charts

    kind, panels, width = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", charts.MissingGlyphWarning)
        try:
            if kind == "grid":
                png = charts.render_grid(panels, width_cm=width)
            else:
                png = charts.render_png(panels[0], width_cm=width)
        except charts.NoCJKFont:
            png = None
    missing = [str(w.message) for w in caught if issubclass(w.category, charts.MissingGlyphWarning)]
    for w in caught:
        if not issubclass(w.category, charts.MissingGlyphWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return png, missing
