"""The app in a real browser (Playwright driving Debian's chromium): sign in, enter a
value, submit it, approve it as the reviewer of the region above, see the status
move, download a report. Screenshots are kept in .test-artifacts/.

Skipped where chromium or Playwright is missing (`CI=true ./dev test` installs
chromium with apt; Playwright's own browser download cannot work here)."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_helpers import PASSWORD, Site, make_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parents[1] / ".test-artifacts"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(engine, db_url: str, tmp_path: Path, monkeypatch) -> Iterator[tuple[Site, str]]:  # type: ignore[no-untyped-def]
    if not db_url.startswith("sqlite"):
        pytest.skip("one database is enough for the browser")
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))  # uploads go there
    import uvicorn

    site = make_site(engine, tmp_path)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(site.app, host="127.0.0.1", port=port,  # type: ignore[arg-type]
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield site, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _sign_in(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_enter_submit_approve_and_see_the_status(served: tuple[Site, str]) -> None:
    site, base = served
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        editor = browser.new_page(viewport={"width": 1366, "height": 768})
        _sign_in(editor, base, "county-editor")
        editor.screenshot(path=str(ARTIFACTS / "web_overview.png"), full_page=True)
        # a plan uploaded, one cell corrected, stored
        plan = Path(tempfile.mkdtemp()) / "浏览器县规划.txt"
        plan.write_text(
            "浏览器县“十四五”工业发展规划\n\n表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
            "\t规上工业产值\n\t亿元\n\t100\n\t150\n\n",
            encoding="utf-8",
        )
        try:
            editor.goto(f"{base}/upload")
            editor.set_input_files("input[type=file]", str(plan))
            editor.click("button[type=submit]")
            editor.wait_for_url(f"{base}/upload/**")
            target = editor.locator("input[aria-label='target 0']")
            target.fill("160")
            target.dispatch_event("change")
            editor.wait_for_selector("text=✓ 160")
            editor.screenshot(path=str(ARTIFACTS / "web_upload.png"), full_page=True)
            editor.click("button:has-text('确认入库')")
            editor.wait_for_url(f"{base}/plans/*")
            assert "160" in editor.content()
        finally:
            plan.unlink()
        editor.goto(f"{base}/plans/{site.plan_id}/entry?year=2024&region=示例县")
        field = editor.locator("input[aria-label=规上工业增加值]")
        field.press_sequentially("13x")  # checked as it is typed, nothing stored
        editor.wait_for_selector("text=不是数字")
        field.fill("131")
        field.dispatch_event("change")
        editor.wait_for_selector("text=草稿")
        editor.screenshot(path=str(ARTIFACTS / "web_entry.png"), full_page=True)
        editor.reload()
        editor.click("text=提交审核")
        editor.wait_for_load_state()

        reviewer = browser.new_context().new_page()
        _sign_in(reviewer, base, "city-reviewer")
        reviewer.goto(f"{base}/review")
        assert "131" in reviewer.content()
        reviewer.screenshot(path=str(ARTIFACTS / "web_review.png"), full_page=True)
        reviewer.click("button[value=approve]")
        reviewer.wait_for_url(f"{base}/review")
        assert "没有待审核的数据" in reviewer.content()

        editor.goto(f"{base}/plans/{site.plan_id}?year=2024")
        row = editor.locator("tr", has_text="规上工业增加值").first
        assert "131" in row.inner_text() and "已完成" in row.inner_text()  # 131 ≥ the 120 target
        editor.screenshot(path=str(ARTIFACTS / "web_plan.png"), full_page=True)
        with editor.expect_download() as download:
            editor.click("text=Word")
        saved = ARTIFACTS / "web_report.docx"
        download.value.save_as(str(saved))
        assert saved.read_bytes()[:2] == b"PK"
        editor.goto(f"{base}/plans/{site.plan_id}/indicators/1?region=示例县&year=2024")
        editor.wait_for_function("document.querySelector('#path-chart canvas') !== null")
        editor.screenshot(path=str(ARTIFACTS / "web_indicator.png"), full_page=True)
        browser.close()
