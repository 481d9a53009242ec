"""The industrial chain pages (产业链图谱) and the project admission check (项目准入):
a map made by upload, its graph, tables, filters, link lists and downloads; who may
make and see maps; project checks kept and refused with the file's line."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from planwatch.chains.files import example_path, read_chains, read_projects, read_standards
from planwatch.chains.maps import build_map, region_reports
from planwatch.permu.data import write_enterprises
from planwatch.permu.synth import synth_enterprises
from tests.web_helpers import Site, make_site

TWO_CHAINS = "two_chains.yaml"


@pytest.fixture
def site(engine, tmp_path: Path) -> Site:  # type: ignore[no-untyped-def]
    return make_site(engine, tmp_path)


@pytest.fixture(scope="module")
def firms() -> pl.DataFrame:
    return synth_enterprises(500, seed=3)


@pytest.fixture(scope="module")
def firm_file(firms: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = write_enterprises(firms, tmp_path_factory.mktemp("firms") / "firms.parquet")
    return path.read_bytes()


def two_chains() -> bytes:
    """The equipment and medical examples in one chain file, as a user would upload it."""
    equipment = yaml.safe_load(example_path("equipment").read_text(encoding="utf-8"))
    medical = yaml.safe_load(example_path("medical").read_text(encoding="utf-8"))
    both = {"title": "两条链", "chains": equipment["chains"] + medical["chains"]}
    return yaml.safe_dump(both, allow_unicode=True).encode("utf-8")


def make_map(site: Site, user: str, body: bytes, **form: object):  # type: ignore[no-untyped-def]
    files = {"file": ("firms.parquet", body, "application/octet-stream")}
    chain_file = form.pop("chains_file", None)
    if chain_file is not None:
        files["chains_file"] = (TWO_CHAINS, chain_file, "text/yaml")  # type: ignore[assignment]
    data = {"csrf": site.csrf(user), "chains": "equipment", "standards": "example", "year": ""}
    return site.client(user).post("/chains", data={**data, **form}, files=files)


def map_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text[:500]
    found = re.fullmatch(r"/chains/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


def option_of(page: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="chain-option">(.*?)</script>', page,
                      re.S)  # fmt: skip
    assert found, "no chart option on the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def link_rows(page: str) -> dict[str, list[str]]:
    """The link table: link name → its cells as text."""
    table = re.search(r'<table id="link-table">(.*?)</table>', page, re.S)
    assert table, "no link table"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]  # fmt: skip
        rows[cells[1]] = cells
    return rows


def test_a_map_made_by_upload_shows_graph_tables_and_filters(
    site: Site, firms: pl.DataFrame, firm_file: bytes
) -> None:
    chains = read_chains("equipment")
    expected = build_map(firms, chains, standards=read_standards("example")).report
    assert make_map(site, "viewer", firm_file).status_code == 403
    number = map_id(make_map(site, "county-editor", firm_file))
    editor = site.client("county-editor")
    listing = editor.get("/chains").text
    assert f'href="/chains/{number}"' in listing and "现代装备产业链（示例）" in listing
    assert 'name="chains_file"' in listing and "firms.parquet" in listing

    page = editor.get(f"/chains/{number}")
    assert page.status_code == 200
    text = page.text
    assert "/static/vendor/echarts.min.js" in text
    option = option_of(text)
    assert option["series"][0]["type"] == "graph"
    chain = expected.chains[0]
    nodes = {n["name"] for n in option["series"][0]["data"]}
    assert {x.link for x in chain.links} <= nodes
    rows = link_rows(text)
    assert list(rows) == [x.link for x in chain.links]
    for x in chain.links:
        cells = rows[x.link]
        assert cells[2] == f"{x.enterprises:,}" and cells[3] == f"{x.above_scale:,}"
        assert cells[9] == {"missing": "缺链", "weak": "弱链", "inefficient": "低效",
                            "strong": "强链", "none": "一般"}[x.gap]  # fmt: skip
    # the figures of the chain, its gaps and the investment targets
    assert f"<dd>{chain.enterprises:,}</dd>" in text
    assert "待补环节" in text and "招商方向" in text
    targets = re.search(r'<table id="target-table">(.*?)</table>', text, re.S)
    assert targets and len(re.findall(r"<tr>", targets.group(1))) == len(expected.targets) + 1
    # synthetic firms and example chains say so
    assert "合成数据" in text and "自带的示例" in text
    assert f"企业 {expected.enterprises:,} 家" in text
    # the region filter: the town's own map
    town = sorted(firms["region"].unique().to_list())[0]
    mine = region_reports(firms, chains, year=expected.year)[town]
    regional = editor.get(f"/chains/{number}", params={"region": town}).text
    assert f"企业 {mine.enterprises:,} 家" in regional and mine.enterprises < expected.enterprises
    town_rows = link_rows(regional)
    assert [town_rows[x.link][2] for x in mine.chains[0].links] == [
        f"{x.enterprises:,}" for x in mine.chains[0].links
    ]
    assert town_rows != rows
    assert editor.get(f"/chains/{number}", params={"region": "无此镇"}).status_code == 404
    assert editor.get(f"/chains/{number}", params={"chain": "无此链"}).status_code == 404
    english = editor.get(f"/chains/{number}?lang=en").text
    assert "Investment targets" in english and "Upstream" in english


def test_the_chain_filter_and_an_uploaded_chain_file(
    site: Site, firms: pl.DataFrame, firm_file: bytes
) -> None:
    number = map_id(make_map(site, "county-editor", firm_file, chains="", standards="",
                             chains_file=two_chains()))  # fmt: skip
    editor = site.client("county-editor")
    first = editor.get(f"/chains/{number}").text
    second = editor.get(f"/chains/{number}", params={"chain": "健康医疗"}).text
    equipment = {x.link for _, x in read_chains("equipment").chains[0].links()}
    medical = {x.link for _, x in read_chains("medical").chains[0].links()}
    assert set(link_rows(first)) == equipment
    assert set(link_rows(second)) == medical
    assert option_of(second)["title"]["text"] == "健康医疗"
    assert "<option selected>健康医疗</option>" in second
    assert "自带的示例" not in first  # an uploaded chain file is not an example
    assert "两条链" in editor.get("/chains").text
    # without standards there are targets but no minimums
    targets = re.search(r'<table id="target-table">(.*?)</table>', first, re.S)
    assert targets and "—" in targets.group(1)


def test_the_enterprises_of_a_link_paged(site: Site, firms: pl.DataFrame,
                                          firm_file: bytes) -> None:  # fmt: skip
    number = map_id(make_map(site, "county-editor", firm_file))
    chains = read_chains("equipment")
    run = build_map(firms, chains)
    assigned = run.assignments()
    counts = assigned.group_by("link").len()
    link, total = counts.sort("len", descending=True).row(0)
    editor = site.client("county-editor")
    url = f"/chains/{number}/links"
    page = editor.get(url, params={"chain": "现代装备", "link": link}).text
    assert f"1–{min(total, 100)} / {total:,}" in page
    expected = assigned.filter(pl.col("link") == link)
    first = expected.row(0, named=True)
    assert first["credit_code"] in page and first["name"] in page
    shown = len(re.findall(r"<tr><td>\d+</td>", page))
    assert shown == min(total, 100)
    assert "行业代码 " in page or "关键词 " in page  # how each was matched, in words
    later = editor.get(url, params={"chain": "现代装备", "link": link, "offset": 5}).text
    assert "<tr><td>6</td>" in later and "<tr><td>1</td>" not in later
    assert len(re.findall(r"<tr><td>\d+</td>", later)) == min(total - 5, 100)
    region = expected["region"].drop_nulls().mode().sort().item(0)
    in_region = expected.filter(pl.col("region") == region).height
    town = editor.get(url, params={"chain": "现代装备", "link": link, "region": region}).text
    assert f"/ {in_region:,}" in town and in_region < total
    assert len(re.findall(r"<tr><td>\d+</td>", town)) == min(in_region, 100)
    missing = editor.get(url, params={"chain": "现代装备", "link": "无此环节"})
    assert missing.status_code == 404
    # each link name on the map page leads to its list
    assert f'href="/chains/{number}/links?chain=%E7%8E%B0' in editor.get(f"/chains/{number}").text


def test_downloads_honour_the_region(site: Site, firms: pl.DataFrame, firm_file: bytes) -> None:
    from openpyxl import load_workbook

    number = map_id(make_map(site, "county-editor", firm_file))
    editor = site.client("county-editor")
    whole = editor.get(f"/chains/{number}/map.xlsx")
    assert whole.status_code == 200 and whole.content[:2] == b"PK"
    book = load_workbook(io.BytesIO(whole.content), read_only=True)
    assert {"产业链", "环节", "招商方向"} <= set(book.sheetnames)
    sheet = list(book["产业链"].iter_rows(values_only=True))
    assert sheet[0][0] == "产业链" and sheet[1][0] == "现代装备"
    town = sorted(firms["region"].unique().to_list())[0]
    mine = region_reports(firms, read_chains("equipment"))[town]
    local = editor.get(f"/chains/{number}/map.xlsx", params={"region": town})
    rows = list(load_workbook(io.BytesIO(local.content), read_only=True)["产业链"]
                .iter_rows(values_only=True))  # fmt: skip
    assert rows[1][1] == mine.chains[0].enterprises != sheet[1][1]
    page = editor.get(f"/chains/{number}/map.html")
    assert page.status_code == 200 and "echarts" in page.text and "现代装备" in page.text
    assert "<script src=" not in page.text  # self-contained: ECharts inlined
    assert editor.get(f"/chains/{number}/map.html", params={"region": "无此镇"}).status_code == 404


def test_who_sees_which_map(site: Site, firm_file: bytes) -> None:
    county = map_id(make_map(site, "county-admin", firm_file))
    town = map_id(make_map(site, "town-editor", firm_file))
    town_user, county_user = site.client("town-editor"), site.client("county-editor")
    # a town's user does not see the county's map, not even that it exists
    assert town_user.get(f"/chains/{county}").status_code == 404
    assert town_user.get(f"/chains/{county}/map.xlsx").status_code == 404
    assert town_user.get(f"/chains/{county}/links?chain=现代装备&link=铸锻件").status_code == 404
    assert f'href="/chains/{county}"' not in town_user.get("/chains").text
    assert town_user.get(f"/chains/{town}").status_code == 200
    # the county's users see the town's map (their region covers it)
    assert county_user.get(f"/chains/{town}").status_code == 200
    assert site.client("viewer").get(f"/chains/{town}").status_code == 200
    listing = county_user.get("/chains").text
    assert f'href="/chains/{town}"' in listing and f'href="/chains/{county}"' in listing
    # the next county sees neither
    other = site.client("other-editor")
    assert other.get(f"/chains/{county}").status_code == 404
    assert other.get(f"/chains/{town}").status_code == 404
    # nor may it check projects against them
    data = {"csrf": site.csrf("other-editor"), "standards": "example", "map_id": str(county)}
    body = example_path("projects").read_bytes()
    r = other.post("/projects/check", data=data, files={"file": ("p.yaml", body, "text/yaml")})
    assert r.status_code == 404


def test_bad_uploads_say_what_is_wrong(site: Site, firms: pl.DataFrame, firm_file: bytes) -> None:
    editor = site.client("county-editor")
    r = make_map(site, "county-editor", b"not a sheet", chains="equipment")
    assert r.status_code == 422  # parquet that is not one
    wrong = site.client("county-editor").post(
        "/chains", data={"csrf": site.csrf("county-editor"), "chains": "equipment"},
        files={"file": ("firms.txt", firm_file, "text/plain")},
    )  # fmt: skip
    assert wrong.status_code == 422 and ".parquet" in wrong.text
    bad = b"chains:\n  - name: x\n    segments:\n      \xe4\xb8\x8a\xe6\xb8\xb8:\n" \
          b"        - {link: a, codes: ['9999']}\n"  # fmt: skip
    r = make_map(site, "county-editor", firm_file, chains_file=bad)
    assert r.status_code == 422
    message = html.unescape(r.text)
    assert f"{TWO_CHAINS}第5行：" in message and "未知的行业代码“9999”" in message
    assert "planwatch-chains-" not in message  # the upload's name, not the temporary folder
    year = make_map(site, "county-editor", firm_file, year="1999")
    assert year.status_code == 422 and "1999" in year.text
    assert make_map(site, "county-editor", firm_file, year="abc").status_code == 422
    assert make_map(site, "county-editor", firm_file, chains="nosuch").status_code == 422
    no_csrf = editor.post("/chains", data={"chains": "equipment"},
                          files={"file": ("firms.parquet", firm_file, "x")})  # fmt: skip
    assert no_csrf.status_code == 403
    assert 'href="/chains/' not in editor.get("/chains").text  # nothing was kept


def verdict_rows(page: str, table: str = "check-table") -> dict[str, str]:
    found = re.search(rf'<table id="{table}">(.*?)</table>', page, re.S)
    assert found, f"no {table}"
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        verdict = re.search(r'class="verdict verdict-(\w+)"', row)
        if verdict:
            out[re.sub(r"<[^>]+>", "", cells[0])] = verdict.group(1)
    return out


def test_project_check_with_a_kept_map(site: Site, firms: pl.DataFrame, firm_file: bytes) -> None:
    from planwatch.chains.checks import check_projects
    from planwatch.chains.stored import checks
    from planwatch.report.figures import num

    number = map_id(make_map(site, "county-editor", firm_file))
    editor = site.client("county-editor")
    form = editor.get(f"/projects/check?map_id={number}").text
    assert f'<option value="{number}" selected>' in form and 'name="forecast_land"' in form
    body = example_path("projects").read_bytes()
    data = {"csrf": site.csrf("county-editor"), "standards": "example", "map_id": str(number),
            "forecast_land": "300"}  # fmt: skip
    r = editor.post("/projects/check", data=data,
                    files={"file": ("projects.yaml", body, "text/yaml")})  # fmt: skip
    assert r.status_code == 200, r.text[:500]
    page = r.text
    chains, standards = read_chains("equipment"), read_standards("example")
    kept = build_map(firms, chains, standards=standards).report
    expected = check_projects(read_projects(example_path("projects")), standards,
                              totals=(kept.tax_total, kept.land_total), chains=chains,
                              chain_map=kept, forecast_land=300)  # fmt: skip
    assert verdict_rows(page) == {p.name: p.verdict for p in expected.projects}
    assert {"admit", "reject", "conditional"} == set(verdict_rows(page).values())
    for word in ("准入", "不准入", "有条件准入"):
        assert f">{word}</span>" in page
    # failed criteria with required, actual and shortfall; tax per mu before and after
    assert "亩均税收（万元/亩）: 要求 45, 项目 41.67 (差 7.4%)" in page
    first = expected.projects[0]
    assert num(first.tax_per_mu_before) in page and num(first.tax_per_mu_after) in page
    filled = [x for p in expected.projects for x in p.links]
    assert filled and all(f"{x.chain} · {x.link}" in page for x in filled)
    # the land balance
    land = re.search(r'<dl class="facts" id="land-balance">(.*?)</dl>', page, re.S)
    assert land and f"<dd>{expected.land.remaining:g}</dd>" in land.group(1)
    assert "已保存 8 个项目的核查结果" in page
    assert len(checks(site.engine, None)) == 8
    again = editor.get("/projects/check").text
    assert verdict_rows(again, "kept-checks") == {p.name: p.verdict for p in expected.projects}
    english = editor.get("/projects/check?lang=en").text
    assert "Conditional" in english and "Latest kept checks" in english


def test_a_viewer_checks_without_keeping(site: Site) -> None:
    from planwatch.chains.stored import checks

    viewer = site.client("viewer")
    body = example_path("projects").read_bytes()
    r = viewer.post("/projects/check", data={"csrf": site.csrf("viewer"), "standards": "example"},
                    files={"file": ("projects.yaml", body, "text/yaml")})  # fmt: skip
    assert r.status_code == 200 and "查看者的核查结果不保存" in r.text
    assert len(verdict_rows(r.text)) == 8 and "已保存" not in r.text
    assert checks(site.engine, None) == []
    assert "准入前亩均税收" in r.text  # without a map, no before/after figures: shown as —


def test_a_bad_projects_file_shows_the_line(site: Site) -> None:
    from planwatch.chains.stored import checks

    editor = site.client("county-editor")
    token = site.csrf("county-editor")
    bad = ("projects:\n"
           "  - {name: 甲, industry_code: '3453', land_mu: 50, investment: 20000}\n"
           "  - {name: 乙, industry_code: '9999', land_mu: 10, investment: 100}\n")  # fmt: skip
    r = editor.post("/projects/check", data={"csrf": token, "standards": "example"},
                    files={"file": ("pipeline.yaml", bad.encode(), "text/yaml")})  # fmt: skip
    assert r.status_code == 422
    message = html.unescape(r.text)
    assert "pipeline.yaml第3行：" in message and "未知的行业代码“9999”" in message
    assert "planwatch-projects-" not in message and 'role="alert"' in r.text
    sheet = "项目名称,行业代码,用地面积,总投资\n甲,3453,50,20000\n乙,3491,很多,100\n"
    r = editor.post("/projects/check", data={"csrf": token, "standards": "example"},
                    files={"file": ("pipeline.csv", sheet.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 422 and "第3行，用地面积列：“很多”不是数字" in html.unescape(r.text)
    r = editor.post("/projects/check", data={"csrf": token, "standards": "example",
                                             "forecast_land": "lots"},
                    files={"file": ("p.yaml", bad.encode(), "text/yaml")})  # fmt: skip
    assert r.status_code == 422 and "规划预测新增用地：“lots”不是数字" in html.unescape(r.text)
    r = editor.post("/projects/check", data={"csrf": token, "standards": "example"},
                    files={"file": ("p.txt", b"x", "text/plain")})  # fmt: skip
    assert r.status_code == 422 and ".yaml" in r.text
    assert checks(site.engine, None) == []


def test_nav_links_the_chain_pages(site: Site) -> None:
    page = site.client("viewer").get("/").text
    assert 'href="/chains">产业链</a>' in page and 'href="/projects/check">项目准入</a>' in page
    viewer_list = site.client("viewer").get("/chains").text
    assert 'action="/chains"' not in viewer_list  # no form for a viewer
    assert site.client().get("/chains").status_code == 303  # sign in first


def test_the_demo_keeps_a_chain_map(tmp_path: Path) -> None:
    from planwatch.chains.stored import map_report, maps
    from planwatch.demo import build

    made = build(tmp_path / "demo")
    kept = maps(made.engine, None)
    assert [m.chains for m in kept] == [["现代装备"]]
    report = map_report(made.engine, None, kept[0].id)
    assert report.report.synthetic and report.report.example and report.report.targets
    assert report.regions == ["东城街道", "南湖镇", "西溪镇"]
