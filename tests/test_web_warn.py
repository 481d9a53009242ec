"""The early warning pages (企业四色预警): a month's list made by upload and kept, the
kept lists with their trend, a list filtered and paged in the database with counts
that agree with the engine's, the .xlsx of the filtered list, an enterprise's
history and the help recorded by the editors of its town only."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import polars as pl
import pytest

from planwatch.catalog.industries import division
from planwatch.models.warn import CHANGE_WORDS, LEVEL_WORDS, STATUSES
from planwatch.permu.data import read_enterprises
from planwatch.warn.engine import WarnRun, evaluate
from planwatch.warn.fields import MONTHLY
from planwatch.warn.report import counts, counts_by, labels, reasons_text
from planwatch.warn.schemes import load_scheme
from planwatch.warn.synth import synth_monthly
from planwatch.web.words import WORDS
from tests.web_helpers import Site, make_site

TOWNS = {"甲县": "东城街道", "乙县": "西溪镇", "丙镇": "南湖镇", "丁街道": "东城街道"}
TEMPLATES = Path(__file__).parents[1] / "src" / "planwatch" / "web" / "templates"
N = 400


@pytest.fixture
def site(engine, tmp_path: Path) -> Site:  # type: ignore[no-untyped-def]
    return make_site(engine, tmp_path)


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 synthetic enterprises × 24 months in the test county's towns."""
    panel = synth_monthly(N, 24, seed=2).with_columns(pl.col("region").replace(TOWNS))
    path = tmp_path_factory.mktemp("monthly") / "monthly.parquet"
    panel.write_parquet(path)
    return path


@pytest.fixture(scope="module")
def expected(monthly: Path) -> dict[str, WarnRun]:
    """The engine's lists of the file, as the page should show them."""
    panel = read_enterprises(monthly, None, MONTHLY)
    scheme = load_scheme("default")
    return {m: evaluate(panel, scheme, m) for m in ("2024-11", "2024-12")}


def upload(site: Site, user: str, body: bytes, name: str = "monthly.parquet", **form: str):  # type: ignore[no-untyped-def]
    data = {"csrf": site.csrf(user), "scheme": "default", "month": "", **form}
    files = {"file": (name, body, "application/octet-stream")}
    return site.client(user).post("/warnings", data=data, files=files)


def run_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text[:800]
    found = re.fullmatch(r"/warnings/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def keep(site: Site, monthly: Path, user: str = "admin", month: str = "") -> int:
    return run_id(upload(site, user, monthly.read_bytes(), month=month))


def text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def table(page: str, table_id: str) -> list[list[str]]:
    """The body rows of a table, each as its cells' text."""
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert found, f"no table {table_id}"
    body = found.group(1).split("</thead>", 1)[-1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def status_counts(page: str) -> dict[str, int]:
    found = re.search(r'<p class="legend" id="status-counts">(.*?)</p>', page, re.S)
    assert found, "no counts by status"
    shown = re.findall(r'<b data-status="(\w+)">([\d,]+)</b>', found.group(1))
    return {s: int(n.replace(",", "")) for s, n in shown}


def listed_total(page: str) -> int:
    found = re.search(r'<span class="muted" id="list-total">([\d,]+)</span>', page)
    assert found, "no total of the list"
    return int(found.group(1).replace(",", ""))


def option(page: str, script_id: str) -> dict:  # type: ignore[type-arg]
    found = re.search(rf'<script type="application/json" id="{script_id}">(.*?)</script>',
                      page, re.S)  # fmt: skip
    assert found, f"no chart option {script_id}"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


WORD = dict(LEVEL_WORDS)
RANK = {"red": 0, "orange": 1, "yellow": 2, "missing": 3, "green": 4}


def test_upload_keeps_the_list_and_the_page_shows_it(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    body = monthly.read_bytes()
    assert upload(site, "viewer", body).status_code == 403
    assert 'action="/warnings"' not in site.client("viewer").get("/warnings").text
    november = run_id(upload(site, "county-editor", body, month="2024-11"))
    december = run_id(upload(site, "county-editor", body))  # the latest month
    editor = site.client("county-editor")
    listing = editor.get("/warnings")
    assert listing.status_code == 200
    page = listing.text
    assert 'href="/warnings"' in page and ">预警<" in page  # the nav link
    assert 'name="file"' in page and 'name="month"' in page and 'value="default"' in page
    runs = table(page, "run-table")
    assert [r[0] for r in runs] == ["2024-12", "2024-11"]
    for row, month in zip(runs, ("2024-12", "2024-11"), strict=True):
        want = counts(expected[month].frame)
        assert row[2:7] == [f"{want[s]:,}" for s in STATUSES]
        assert row[7] == f"{expected[month].frame.height:,}"
        assert row[8] == "monthly.parquet" and row[9] == "county-editor"
    assert f'href="/warnings/{december}"' in page and f'href="/warnings/{november}"' in page
    # the trend: counts by status per month, stacked bars
    trend = option(page, "trend-option")
    assert trend["xAxis"]["data"] == ["2024-11", "2024-12"]
    assert [s["name"] for s in trend["series"]] == [LEVEL_WORDS[s] for s in STATUSES]
    assert {s["type"] for s in trend["series"]} == {"bar"}
    for s, series in zip(STATUSES, trend["series"], strict=True):
        assert series["data"] == [counts(expected[m].frame)[s] for m in ("2024-11", "2024-12")]
    assert "/static/vendor/echarts.min.js" in page

    run = editor.get(f"/warnings/{december}").text
    frame = expected["2024-12"].frame
    assert status_counts(run) == counts(frame)
    assert listed_total(run) == frame.height
    rows = table(run, "flag-table")
    assert len(rows) == min(100, frame.height)
    ranks = [RANK[next(s for s, w in WORD.items() if w == r[0])] for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0, "the highest level first"
    # each row: its status, its reasons in words at its own level, since and change
    names = labels(load_scheme("default"))
    by_code = {r["credit_code"]: r for r in frame.iter_rows(named=True)}
    reasons = expected["2024-12"].reasons
    for r in rows:
        want = by_code[r[2]]
        assert r[0] == LEVEL_WORDS[want["status"]] and r[3] == want["region"]
        assert r[6] == want["since"] and r[7].startswith(CHANGE_WORDS[want["change"]])
        assert r[8] == reasons_text(reasons.get(r[2], []), names, want["status"])
        assert f'href="/warnings/enterprise/{r[2]}"' in run
    assert any(r[8] for r in rows), "the flagged enterprises have reasons"
    assert "合成数据" in run and "示例" in run
    assert "企业四色预警" in run and 'id="region-option"' in run
    english = editor.get(f"/warnings/{december}?lang=en").text
    assert "Not reported" in english and "Since last month" in english
    assert "Enterprise early warning" in english


def test_a_list_is_seen_where_it_was_kept(site: Site, monthly: Path) -> None:
    county = keep(site, monthly, "county-editor")
    # the county and its towns (whose officials visit the firms) see the county's list
    for user in ("county-admin", "town-editor"):
        assert site.client(user).get(f"/warnings/{county}").status_code == 200
    other = site.client("other-editor")  # the neighbouring county does not
    assert other.get(f"/warnings/{county}").status_code == 404
    assert f'href="/warnings/{county}"' not in other.get("/warnings").text
    assert site.client("viewer").get(f"/warnings/{county}").status_code == 200
    assert site.client().get("/warnings").status_code == 303  # signed out: to the login
    assert site.client("viewer").get("/warnings/999999").status_code == 404


def test_a_town_sees_only_its_own_enterprises_in_the_countys_list(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    """A role is scoped to its region and below: the town's officials work from the
    county's list, but another town's enterprises are not theirs to see."""
    number = keep(site, monthly, "county-admin")
    frame = expected["2024-12"].frame
    mine = frame.filter(pl.col("region") == "东城街道")
    town = site.client("town-editor")  # 东城街道
    page = town.get(f"/warnings/{number}").text
    assert listed_total(page) == mine.height < frame.height
    assert {r[0] for r in table(page, "region-table")} == {"东城街道"}
    options = re.findall(r"<option[^>]*>([^<]+)</option>", _region_select(page))
    assert options == [WORDS["all_regions"][0], "东城街道"]
    other = _firm(frame, "西溪镇")
    assert town.get(f"/warnings/{number}", params={"region": "西溪镇"}).text.count(other) == 0
    sheet = town.get(f"/warnings/{number}/list.xlsx")
    assert sheet.status_code == 200
    from openpyxl import load_workbook

    cells = {str(c) for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(
        values_only=True) for c in row}  # fmt: skip
    assert other not in cells and mine["credit_code"][0] in cells
    county = site.client("county-admin")
    assert listed_total(county.get(f"/warnings/{number}").text) == frame.height
    # the lists' page and trend count the town's own enterprises too
    from planwatch.accounts import actor_named
    from planwatch.warn.stored import runs, trend

    (kept,) = [r for r in runs(site.engine, actor_named(site.engine, "town-editor"))
               if r.id == number]  # fmt: skip
    assert kept.enterprises == mine.height
    assert kept.counts == {s: mine.filter(pl.col("status") == s).height for s in STATUSES}
    assert trend(site.engine, actor_named(site.engine, "town-editor"))[-1].counts == kept.counts
    (whole,) = [r for r in runs(site.engine, actor_named(site.engine, "county-admin"))
                if r.id == number]  # fmt: skip
    assert whole.enterprises == frame.height


def _region_select(page: str) -> str:
    found = re.search(r'<select name="region"[^>]*>(.*?)</select>', page, re.S)
    return found.group(1) if found else ""


def test_filters_narrow_the_list_and_the_counts_agree(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    number = keep(site, monthly)
    client = site.client("county-editor")
    run = expected["2024-12"]
    frame = run.frame
    whole = counts(frame)
    for status in ("red", "orange", "missing"):
        page = client.get(f"/warnings/{number}", params={"status": status}).text
        assert listed_total(page) == whole[status] > 0
        rows = table(page, "flag-table")
        assert {r[0] for r in rows} == {LEVEL_WORDS[status]}
        assert status_counts(page) == whole, "the counts by status stay whole"
    by_region = counts_by(frame, pl.col("region"))
    for town in ("西溪镇", "东城街道"):
        page = client.get(f"/warnings/{number}", params={"region": town}).text
        assert status_counts(page) == by_region[town]
        assert listed_total(page) == sum(by_region[town].values()) < frame.height
        assert {r[3] for r in table(page, "flag-table")} == {town}
        assert [r[0] for r in table(page, "region-table")] == [town]
        red = client.get(f"/warnings/{number}", params={"region": town, "status": "red"}).text
        assert listed_total(red) == by_region[town]["red"]
    changes = dict(frame["change"].value_counts().iter_rows())
    for change in ("raised", "same"):
        page = client.get(f"/warnings/{number}", params={"change": change}).text
        assert listed_total(page) == changes.get(change, 0)
        shown = frame.filter(pl.col("change") == change)
        assert status_counts(page) == counts(shown)
        assert {r[7].split(" ")[0] for r in table(page, "flag-table")} <= {CHANGE_WORDS[change]}
    # the industry filter takes a division, whatever form the codes are in
    code = frame["industry_code"].drop_nulls()[0]
    wanted = division(code)
    in_division = frame.filter(
        pl.col("industry_code").map_elements(division, return_dtype=pl.String) == wanted
    )
    page = client.get(f"/warnings/{number}", params={"industry": wanted}).text
    assert listed_total(page) == in_division.height and status_counts(page) == counts(in_division)
    assert f'<option value="{wanted}" selected>' in page
    industries = table(page, "industry-table")
    assert len(industries) == 1 and industries[0][0].startswith(str(wanted))
    # region counts of the whole list
    page = client.get(f"/warnings/{number}").text
    assert {r[0]: r[1:6] for r in table(page, "region-table")} == {
        town: [f"{c[s]:,}" for s in STATUSES] for town, c in by_region.items()
    }
    chart = option(page, "region-option")
    assert chart["yAxis"]["data"] == list(by_region)
    assert client.get(f"/warnings/{number}", params={"status": "purple"}).status_code == 422
    nothing = client.get(f"/warnings/{number}", params={"region": "无此镇"}).text
    assert listed_total(nothing) == 0 and table(nothing, "flag-table")[0] == ["无"]


def test_paging_walks_the_whole_list_in_order(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    number = keep(site, monthly)
    client = site.client("county-editor")
    frame = expected["2024-12"].frame
    seen: list[list[str]] = []
    offset = 0
    while True:
        page = client.get(f"/warnings/{number}", params={"offset": offset}).text
        rows = table(page, "flag-table")
        shown = f"{offset + 1}–{min(offset + 100, frame.height)} / {frame.height:,}"
        assert shown in page
        seen += rows
        if offset + 100 >= frame.height:
            assert f"offset={offset + 100}" not in page
            break
        assert len(rows) == 100 and f"offset={offset + 100}" in page
        offset += 100
    assert len(seen) == frame.height
    assert sorted(r[2] for r in seen) == sorted(frame["credit_code"].to_list())
    ranks = [RANK[next(s for s, w in WORD.items() if w == r[0])] for r in seen]
    assert ranks == sorted(ranks)
    # filters are kept by the pager
    red = client.get(f"/warnings/{number}", params={"status": "green", "offset": 100}).text
    assert "status=green" in red and "offset=0" not in red
    assert {r[0] for r in table(red, "flag-table")} == {"绿"}


def test_the_xlsx_of_the_filtered_list_opens(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    from openpyxl import load_workbook

    number = keep(site, monthly)
    client = site.client("viewer")
    frame = expected["2024-12"].frame
    page = client.get(f"/warnings/{number}", params={"status": "red", "region": "西溪镇"}).text
    link = re.search(r'href="(/warnings/\d+/list\.xlsx\?[^"]*)"', page)
    assert link, "no download link"
    answer = client.get(html.unescape(link.group(1)))
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("状态", "企业名称", "统一社会信用代码", "地区")
    want = frame.filter((pl.col("status") == "red") & (pl.col("region") == "西溪镇"))
    assert len(rows) - 1 == want.height > 0
    assert {r[0] for r in rows[1:]} == {"红"} and {r[3] for r in rows[1:]} == {"西溪镇"}
    assert sorted(r[2] for r in rows[1:]) == sorted(want["credit_code"].to_list())
    assert all(r[9] for r in rows[1:]), "every red enterprise has its reasons"
    every = load_workbook(io.BytesIO(client.get(f"/warnings/{number}/list.xlsx").content))
    assert every.active.max_row == frame.height + 1
    assert client.get("/warnings/999999/list.xlsx").status_code == 404


def _firm(frame: pl.DataFrame, town: str) -> str:
    flagged = frame.filter((pl.col("region") == town) & (pl.col("status") != "green"))
    return str(flagged.sort("credit_code")["credit_code"][0])


def test_the_enterprise_page_shows_history_and_help(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    keep(site, monthly, "county-admin", month="2024-11")
    keep(site, monthly, "county-admin", month="2024-12")
    december, november = expected["2024-12"], expected["2024-11"]
    code = _firm(december.frame, "东城街道")
    editor = site.client("town-editor")
    page = editor.get(f"/warnings/enterprise/{code}").text
    months = table(page, "history-table")
    assert [m[0] for m in months] == ["2024-12", "2024-11"]
    names = labels(load_scheme("default"))
    for row, run in zip(months, (december, november), strict=True):
        want = run.frame.filter(pl.col("credit_code") == code).row(0, named=True)
        assert row[1] == LEVEL_WORDS[want["status"]] and row[2] == want["since"]
        assert row[3] == CHANGE_WORDS[want["change"]]
        assert row[4] == reasons_text(run.reasons.get(code, []), names, want["status"])
    chart = option(page, "status-option")
    assert chart["xAxis"]["data"] == ["2024-11", "2024-12"]
    assert len(chart["series"][0]["data"]) == 2
    assert table(page, "help-table") == [["暂无帮扶记录"]]
    assert 'id="help-form"' in page

    form = {"csrf": site.csrf("town-editor"), "helper": "经信局 张三", "helped_on": "2024-12-20",
            "action": "协调银行续贷", "resolved": "on"}  # fmt: skip
    answer = editor.post(f"/warnings/enterprise/{code}/help", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/warnings/enterprise/{code}"
    helped = table(editor.get(f"/warnings/enterprise/{code}").text, "help-table")
    assert helped == [["2024-12-20", "经信局 张三", "协调银行续贷", "2024-12", "已解决",
                       "town-editor"]]  # fmt: skip
    # others see the help, not the form; their posts are refused
    for user in ("viewer", "county-reviewer"):
        seen = site.client(user).get(f"/warnings/enterprise/{code}").text
        assert "协调银行续贷" in seen
    assert 'id="help-form"' not in site.client("viewer").get(f"/warnings/enterprise/{code}").text
    viewer = site.client("viewer").post(f"/warnings/enterprise/{code}/help",
                                        data={**form, "csrf": site.csrf("viewer")})  # fmt: skip
    assert viewer.status_code == 403
    # a form without who or what, or with a date that is none, is refused with a message
    bad = editor.post(f"/warnings/enterprise/{code}/help", data={**form, "helper": " "})
    assert bad.status_code == 422 and "请填写帮扶人和帮扶措施" in bad.text
    bad = editor.post(f"/warnings/enterprise/{code}/help", data={**form, "helped_on": "2024-13-01"})
    assert bad.status_code == 422 and "不是有效日期" in bad.text and "协调银行续贷" in bad.text
    assert len(table(editor.get(f"/warnings/enterprise/{code}").text, "help-table")) == 1
    assert editor.get("/warnings/enterprise/91330000MA0000000X").status_code == 404
    english = editor.get(f"/warnings/enterprise/{code}?lang=en").text
    assert "Help given" in english and "Resolved" in english


def test_an_editor_of_another_town_cannot_record_help(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    keep(site, monthly, "county-admin")  # the county's list: its towns are the county's
    code = _firm(expected["2024-12"].frame, "西溪镇")
    editor = site.client("town-editor")  # 东城街道: another town's firm is not theirs to see
    assert editor.get(f"/warnings/enterprise/{code}").status_code == 404
    form = {"csrf": site.csrf("town-editor"), "helper": "张三", "helped_on": "2024-12-20",
            "action": "走访"}  # fmt: skip
    assert editor.post(f"/warnings/enterprise/{code}/help", data=form).status_code == 404
    county = site.client("county-editor")  # the county covers every town
    assert table(county.get(f"/warnings/enterprise/{code}").text, "help-table") == [
        ["暂无帮扶记录"]
    ]
    assert 'id="help-form"' in county.get(f"/warnings/enterprise/{code}").text
    form["csrf"] = site.csrf("county-editor")
    assert county.post(f"/warnings/enterprise/{code}/help", data=form).status_code == 303
    no_csrf = {k: v for k, v in form.items() if k != "csrf"}
    assert county.post(f"/warnings/enterprise/{code}/help", data=no_csrf).status_code == 403


def test_bad_uploads_are_refused_with_the_row(site: Site, monthly: Path) -> None:
    rows = [
        "统一社会信用代码,企业名称,地区,月份,用电量",
        "91330000MA0000000X,甲企业,东城街道,2024-11,1000",
        "BADCODE,乙企业,东城街道,2024-11,2000",
    ]
    body = ("\n".join(rows) + "\n").encode("utf-8")
    answer = upload(site, "county-editor", body, name="坏数据.csv")
    assert answer.status_code == 422
    page = answer.text
    assert "坏数据.csv" in page and "未读取任何数据" in page
    details = re.search(r'<ul class="error">(.*?)</ul>', page, re.S)
    assert details and "BADCODE" in html.unescape(details.group(1))
    assert "planwatch-warn-" not in page and "/tmp" not in page
    assert 'name="file"' in page, "the form is shown again"
    wrong = upload(site, "county-editor", b"x", name="monthly.txt")
    assert wrong.status_code == 422 and ".xlsx、.csv、.parquet" in wrong.text
    month = upload(site, "county-editor", monthly.read_bytes(), month="2031-01")
    assert month.status_code == 422 and "没有该月的数据" in month.text
    assert 'value="2031-01"' in month.text
    junk = upload(site, "county-editor", monthly.read_bytes(), month="December")
    assert junk.status_code == 422 and "不是有效月份" in junk.text
    scheme = upload(site, "county-editor", monthly.read_bytes(), scheme="/etc/passwd")
    assert scheme.status_code == 422 and "不是预设方案" in scheme.text
    assert table(site.client("county-editor").get("/warnings").text, "run-table") == [["无"]]


def test_every_word_of_the_pages_is_in_both_languages() -> None:
    used: set[str] = set()
    for name in ("warnings.html.j2", "warning_run.html.j2", "warning_firm.html.j2"):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.(\w+)", source))
    used |= {f"st_{s}" for s in STATUSES} | {f"ch_{c}" for c in CHANGE_WORDS}
    used |= {"warnings_nav", "scheme_default"}
    assert used - set(WORDS) == set()
    assert all(WORDS[f"st_{s}"][0] == LEVEL_WORDS[s] for s in STATUSES)
    assert all(WORDS[f"ch_{c}"][0] == w for c, w in CHANGE_WORDS.items())


def test_the_demo_keeps_two_months_of_warnings(tmp_path: Path) -> None:
    from planwatch import accounts
    from planwatch.demo import build
    from planwatch.warn.listing import run_regions
    from planwatch.warn.stored import runs, trend

    made = build(tmp_path / "demo")
    town = accounts.actor_named(made.engine, "town-editor")
    kept = runs(made.engine, town)
    assert [r.month for r in kept] == ["2024-12", "2024-11"]
    assert all(r.synthetic and r.created_by == "admin" for r in kept)
    assert [m.month for m in trend(made.engine, town)] == ["2024-11", "2024-12"]
    assert "东城街道" in run_regions(made.engine, town, kept[0].id)


def test_a_town_of_the_same_name_elsewhere_is_not_the_firms_town(
    site: Site, monthly: Path, expected: dict[str, WarnRun]
) -> None:
    """A list kept without a region (by an admin) names towns that two counties both
    have: only a user covering both may record help; the neighbouring county's editor,
    who sees the list, may not."""
    keep(site, monthly)
    code = _firm(expected["2024-12"].frame, "东城街道")
    form = {"helper": "张三", "helped_on": "2024-12-20", "action": "走访"}
    for user in ("other-editor", "county-editor"):
        page = site.client(user).get(f"/warnings/enterprise/{code}")
        assert page.status_code == 200 and 'id="help-form"' not in page.text
        posted = site.client(user).post(f"/warnings/enterprise/{code}/help",
                                        data={**form, "csrf": site.csrf(user)})  # fmt: skip
        assert posted.status_code == 403
    keep(site, monthly, "county-admin")  # now the latest list is the county's
    assert 'id="help-form"' in site.client("county-editor").get(f"/warnings/enterprise/{code}").text
    assert site.client("other-editor").get(f"/warnings/enterprise/{code}").status_code == 200
    other = site.client("other-editor")
    posted = other.post(f"/warnings/enterprise/{code}/help",
                        data={**form, "csrf": site.csrf("other-editor")})  # fmt: skip
    assert posted.status_code == 403


def test_grades_of_a_kept_evaluation_feed_the_grade_rule(site: Site, tmp_path: Path) -> None:
    """The same synthetic firms, evaluated per mu and kept, then their monthly list made
    with those grades: D-grade firms whose output falls get the grade rule's reason,
    as the engine gives it with the same grades."""
    from planwatch import accounts, enterprises
    from planwatch.permu.run import evaluate_population
    from planwatch.permu.synth import synth_enterprises

    firms = synth_enterprises(600, seed=3, year=2024)
    admin = accounts.actor_named(site.engine, "admin")
    assert admin is not None
    kept = enterprises.store_run(site.engine, admin, evaluate_population(firms, "zhejiang"), "f")
    panel = synth_monthly(600, 24, seed=3)
    buffer = io.BytesIO()
    panel.write_parquet(buffer)
    number = run_id(upload(site, "admin", buffer.getvalue(), grades=str(kept.id)))
    rule = "亩均评价D类且产值累计同比下降"
    want = evaluate(panel, load_scheme("default"), grades=enterprises.run_frame(
        site.engine, admin, kept.id))  # fmt: skip
    hit = sorted(c for c, rs in want.reasons.items() if any(r.rule == rule for r in rs))
    assert hit, "some D-grade firms lose output in the synthetic county"
    page = site.client("admin").get(f"/warnings/{number}?status=orange").text
    assert rule in page
    refused = upload(site, "admin", buffer.getvalue(), grades="999999")
    assert refused.status_code == 422 and "未找到亩均评价：999999" in refused.text
