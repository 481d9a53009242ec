"""The pages: signing in, what each role sees and may do through the forms, escaping
of what plans contain, and the number of queries a page costs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import event

from planwatch import operations
from tests.web_helpers import COUNTY, PASSWORD, Site, make_site


@pytest.fixture
def site(engine, tmp_path: Path) -> Site:  # type: ignore[no-untyped-def]
    return make_site(engine, tmp_path)


def test_pages_redirect_to_login_without_a_session(site: Site) -> None:
    anon = site.client()
    for path in ("/", f"/plans/{site.plan_id}", "/review", "/audit",
                 f"/plans/{site.plan_id}/entry"):  # fmt: skip
        r = anon.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    form = anon.get("/login").text
    assert 'name="username"' in form and 'name="password"' in form


def test_login_failures_are_limited_and_next_stays_on_site(site: Site) -> None:
    c = site.client()
    for _ in range(3):
        assert c.post("/login", data={"username": "viewer", "password": "wrong"}).status_code == 401
    blocked = c.post("/login", data={"username": "viewer", "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password, until the window passes
    other = site.client("county-editor")  # another name is not blocked
    assert other.get("/").status_code == 200
    fresh = type(c)(site.app, follow_redirects=False)  # type: ignore[arg-type]
    r = fresh.post("/login", data={"username": "county-editor", "password": PASSWORD,
                                   "next": "//evil.example/"})  # fmt: skip
    assert r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_overview_and_plan_pages(site: Site) -> None:
    c = site.client("county-editor")
    page = c.get("/?year=2023").text
    assert "示例县“十四五”工业发展规划" in page and "邻县" not in page
    assert "基本符合预期" in page or "滞后" in page
    plan = c.get(f"/plans/{site.plan_id}?year=2023").text
    assert "规上工业增加值" in plan and 'class="marker"' in plan
    part = c.get(f"/plans/{site.plan_id}?year=2022", headers={"HX-Request": "true"}).text
    assert part.startswith('<div id="plan-table"') and "<html" not in part
    assert c.get(f"/plans/{site.other_plan_id}").status_code == 404
    indicator = c.get(f"/plans/{site.plan_id}/indicators/1?region=示例县&year=2023").text
    assert "path-data" in indicator and "/static/vendor/echarts.min.js" in indicator
    assert c.get("/static/vendor/echarts.min.js").status_code == 200
    assert c.get("/static/vendor/htmx.min.js").status_code == 200


def test_forms_need_the_csrf_token(site: Site) -> None:
    c = site.client("county-editor")
    data = {"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "101",
            "unit": "亿元"}  # fmt: skip
    assert c.post(f"/plans/{site.plan_id}/entry", data=data).status_code == 403
    r = c.post(f"/plans/{site.plan_id}/entry", data={**data, "csrf": site.csrf("county-editor")})
    assert r.status_code == 200 and "草稿" in r.text


def test_entry_submit_review_through_the_pages(site: Site) -> None:
    editor, reviewer = site.client("county-editor"), site.client("city-reviewer")
    token = site.csrf("county-editor")
    grid = editor.get(f"/plans/{site.plan_id}/entry?year=2024&region=示例县").text
    assert 'name="value"' in grid and "hx-post" in grid
    saved = editor.post(
        f"/plans/{site.plan_id}/entry",
        data={"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "1e400",
              "unit": "亿元", "csrf": token},
    )  # fmt: skip
    assert saved.status_code == 422  # not a finite number
    typing = {"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "unit": "亿元",
              "csrf": token, "save": "false"}  # fmt: skip
    checked = editor.post(f"/plans/{site.plan_id}/entry", data={**typing, "value": "106"})
    assert checked.status_code == 200 and "✓" in checked.text
    checked = editor.post(
        f"/plans/{site.plan_id}/entry", data={**typing, "unit": "吨", "value": "1"}
    )
    assert checked.status_code == 422 and "单位不符" in checked.text  # the page is Chinese
    drafts = site.api("county-editor").get("/api/v1/observations?state=draft").json()
    assert drafts["total"] == 0  # checking stores nothing
    saved = editor.post(
        f"/plans/{site.plan_id}/entry",
        data={"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "106.2",
              "unit": "亿元", "csrf": token},
    )  # fmt: skip
    value_id = re.search(r'data-id="(\d+)"', saved.text).group(1)  # type: ignore[union-attr]
    r = editor.post("/values/submit", data={"ids": value_id, "csrf": token, "back": "/"})
    assert r.status_code == 303
    review = reviewer.get("/review").text
    assert "106.2" in review
    r = reviewer.post("/review", data={"ids": value_id, "decision": "approve",
                                       "csrf": site.csrf("city-reviewer")})  # fmt: skip
    assert r.status_code == 303
    plan = editor.get(f"/plans/{site.plan_id}?year=2024").text
    assert "106.2" in plan


def test_viewer_sees_no_entry_fields_and_cannot_post(site: Site) -> None:
    viewer = site.client("viewer")
    grid = viewer.get(f"/plans/{site.plan_id}/entry?year=2024&region=示例县").text
    assert 'name="value"' not in grid
    r = viewer.post(
        f"/plans/{site.plan_id}/entry",
        data={"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "1",
              "unit": "亿元", "csrf": site.csrf("viewer")},
    )  # fmt: skip
    assert r.status_code == 403


def test_report_download(site: Site) -> None:
    r = site.client("viewer").get(f"/plans/{site.plan_id}/report?year=2023&format=docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"]


def test_audit_page_for_admins_only(site: Site) -> None:
    site.api("county-editor").post(
        "/api/v1/observations",
        json={"region": "示例县", "indicator": "规上工业增加值", "year": 2024, "value": 1,
              "unit": "亿元"},
    )  # fmt: skip
    assert site.client("county-editor").get("/audit").status_code == 403
    page = site.client("admin").get("/audit?action=value.draft").text
    assert "county-editor" in page and "value.draft" in page


def test_script_in_a_plan_is_shown_as_text(site: Site, tmp_path: Path) -> None:
    text = (
        "脚本县“十四五”工业发展规划\n\n表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        "\t<script>alert(1)</script>产值\n\t亿元\n\t10\n\t20\n\n"
    )
    path = tmp_path / "脚本规划.txt"
    path.write_text(text, encoding="utf-8")
    operations.import_plan_file(site.engine, path, COUNTY)
    admin = site.client("admin")
    for url in ("/", "/plans/3?year=2023"):
        page = admin.get(url).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_overview_queries_do_not_grow_with_the_plan(site: Site, tmp_path: Path) -> None:
    """No query per indicator or per region: a plan twice the size costs as many."""
    admin = site.client("admin")
    counted: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        counted.append(statement)

    admin.get("/review")  # the user's account, read once and kept until the data changes
    admin.get("/plans/999999")  # the list of plans, read once and kept likewise
    event.listen(site.engine, "before_cursor_execute", count)
    try:
        admin.get(f"/plans/{site.plan_id}?year=2023")
        small = len(counted)
        counted.clear()
        admin.get(f"/plans/{site.other_plan_id}?year=2023")
        assert len(counted) == small
        big = tmp_path / "大规划.txt"
        body = "".join(f"\t规上产值{k}\n\t亿元\n\t{10 + k}\n\t{20 + k}\n\n" for k in range(60))
        head = "大县“十四五”工业发展规划\n\n表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        big.write_text(head + body, encoding="utf-8")
        plan = operations.import_plan_file(site.engine, big, "示例省/示例市/大县")
        admin.get("/review")  # the data changed: the account is read again, once
        admin.get("/plans/999999")  # and the list of plans
        counted.clear()
        admin.get(f"/plans/{plan.plan_id}?year=2023")
        assert len(counted) <= small, counted
        admin.get("/")
        counted.clear()
        admin.get("/")  # nothing changed: the stamp is read, once, and the rest is kept
        assert [q for q in counted if q.upper() != "BEGIN"] == [counted[-1]], counted
        assert "max(" in counted[-1].lower(), counted
    finally:
        event.remove(site.engine, "before_cursor_execute", count)


def _upload(site: Site, user: str, name: str, body: bytes, region: str):  # type: ignore[no-untyped-def]
    return site.client(user).post(
        "/upload",
        data={"csrf": site.csrf(user), "region": region},
        files={"file": (name, body, "text/plain")},
    )


def test_upload_preview_correct_confirm(site: Site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    text = (
        "新县“十四五”工业发展规划\n\n表1 新县主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        "\t<script>alert(1)</script>规上工业产值\n\t亿元\n\t100\n\t150\n\n"
        "\t规上工业企业数\n\t家\n\t50\n\t80\n\n"
    ).encode()
    viewer = _upload(site, "viewer", "p.txt", text, COUNTY)
    assert viewer.status_code == 403 and "查看者无权添加规划" in viewer.text
    other = _upload(site, "other-editor", "p.txt", text, COUNTY)
    assert other.status_code == 403 and "不在您的管辖范围" in other.text
    exe = _upload(site, "admin", "p.exe", b"MZ", COUNTY)
    assert exe.status_code == 422 and "规划文件须为以下格式之一" in exe.text
    r = _upload(site, "county-editor", "新县规划.txt", text, COUNTY)
    assert r.status_code == 303
    preview_url = r.headers["location"]
    editor = site.client("county-editor")
    page = editor.get(preview_url).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "新县主要指标" in page and 'hx-post="' in page
    assert site.client("other-editor").get(preview_url).status_code == 404  # not theirs
    token = site.csrf("county-editor")
    cell = preview_url + "/cell"
    bad = editor.post(cell, data={"row": "1", "field": "target", "value": "很多", "csrf": token})
    assert bad.status_code == 422 and "不是数字" in bad.text
    ok = editor.post(cell, data={"row": "1", "field": "target", "value": "90", "csrf": token})
    assert ok.status_code == 200 and "90" in ok.text
    table = {"csrf": token, "table": "表1 新县主要指标"}
    unit = {**table, "first": "baseline", "second": "unit"}
    wrong = editor.post(preview_url + "/swap", data=unit)
    assert wrong.status_code == 422 and "取值类型不同" in wrong.text
    for _ in range(2):  # swapped and back: the column assignment is the user's to fix
        swap = {**table, "first": "baseline", "second": "target"}
        assert editor.post(preview_url + "/swap", data=swap).status_code == 303
    done = editor.post(preview_url + "/confirm", data={"csrf": token})
    assert done.status_code == 303
    plan_id = int(done.headers["location"].rsplit("/", 1)[1])
    status = site.api("county-editor").get(f"/api/v1/plans/{plan_id}/status?year=2023").json()
    count = next(i for i in status["items"] if i["indicator"] == "规上工业企业数")
    assert count["target"] == 90
    log = site.api("admin").get("/api/v1/audit?action=plan.import").json()["items"][0]
    assert log["user"] == "county-editor"
    assert log["new"]["corrections"][0] == {"row": 1, "field": "target", "old": 80.0, "new": 90.0}
    swapped = {"table": "表1 新县主要指标", "swap": ["baseline", "target"], "rows": 2}
    assert log["new"]["corrections"][1] == swapped


def test_enterprise_evaluation_pages_and_api(site: Site, tmp_path: Path) -> None:
    from planwatch.permu.data import write_enterprises
    from planwatch.permu.synth import synth_enterprises

    firms = synth_enterprises(300, seed=4).with_columns(pl_region())
    path = write_enterprises(firms, tmp_path / "firms.csv")
    body = path.read_bytes()

    def run(user: str):  # type: ignore[no-untyped-def]
        return site.client(user).post(
            "/enterprises",
            data={"csrf": site.csrf(user), "scheme": "zhejiang", "year": ""},
            files={"file": ("firms.csv", body, "text/csv")},
        )

    assert run("viewer").status_code == 403
    r = run("county-editor")
    assert r.status_code == 303, r.text[:300]
    url = r.headers["location"]
    editor = site.client("county-editor")
    page = editor.get(url).text
    assert "opt-region" in page and "echart" in page
    filtered = editor.get(url + "?grade=D&sort=score&desc=false").text
    assert "tone-D" in filtered
    assert editor.get(url + "/export?grade=A").content[:2] == b"PK"
    assert editor.get(url + "/report?format=html").status_code == 200
    assert site.client("other-editor").get(url).status_code == 404
    run_id = int(url.rsplit("/", 1)[1])
    api = site.api("county-editor")
    assert api.get("/api/v1/enterprise-evaluations").json()["total"] == 1
    results = api.get(f"/api/v1/enterprise-evaluations/{run_id}/results?grade=A&limit=5").json()
    assert results["total"] > 5 and len(results["items"]) == 5
    assert all(i["grade"] == "A" for i in results["items"])
    ranks = [i["rank"] for i in results["items"]]
    assert ranks == sorted(ranks)
    assert site.api("other-editor").get("/api/v1/enterprise-evaluations").json()["total"] == 0


def pl_region():  # type: ignore[no-untyped-def]
    """Synthetic firms placed in the sample county's towns."""
    import polars as pl

    return pl.col("region").replace({"甲县": "东城街道", "乙县": "西溪镇", "丙镇": "南湖镇",
                                     "丁街道": "东城街道"})  # fmt: skip


def test_land_projects_and_export_pages(site: Site) -> None:
    editor = site.client("county-editor")
    form = editor.get("/land").text
    assert 'name="name0"' in form and "现代装备" in form
    data = {"csrf": site.csrf("county-editor"), "base_year": "2020", "h1": "2025", "h2": "2035",
            "uplift": "50", "name0": "装备", "base0": "126.6", "out1_0": "150", "out2_0": "350",
            "permu0": "650"}  # fmt: skip
    result = editor.post("/land", data=data)
    assert result.status_code == 200 and "land-option" in result.text
    bad = editor.post("/land", data={**data, "permu0": "0"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    projects = editor.get(f"/plans/{site.plan_id}/projects?year=2023").text
    assert "年产5万吨新型材料项目" in projects
    export = editor.get(f"/plans/{site.plan_id}/export?year=2023")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_more_api_routes(site: Site) -> None:
    api = site.api("county-editor")
    regions = api.get("/api/v1/regions").json()
    paths = {r["path"] for r in regions["items"]}
    assert COUNTY in paths and not any("邻县" in p for p in paths)
    inds = api.get(f"/api/v1/plans/{site.plan_id}/indicators").json()
    va = next(
        i for i in inds["items"] if i["indicator"] == "规上工业增加值" and i["region"] == "示例县"
    )
    assert va["target"] == 120 and va["baseline"] == 80
    projects = api.get(f"/api/v1/plans/{site.plan_id}/projects?year=2023").json()
    assert projects["total"] == 2
    land = api.post("/api/v1/land-forecasts", json={
        "base_year": 2020,
        "industries": [{"name": "装备", "output": {"2020": 126.6, "2025": 150},
                        "per_mu_required": {"2025": 650}}],
    })  # fmt: skip
    assert land.status_code == 200 and land.json()["totals"]["all"] == 360
    bad = api.post("/api/v1/land-forecasts", json={"base_year": 2020, "industries": "x"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


def test_publishing_a_plan_overview(site: Site) -> None:
    anon = site.client()
    assert anon.get(f"/public/plans/{site.plan_id}").status_code == 404
    assert site.api("county-editor").post(f"/api/v1/plans/{site.plan_id}/publish",
                                          json={"published": True}).status_code == 403  # fmt: skip
    assert site.api("admin").post(f"/api/v1/plans/{site.other_plan_id}/publish",
                                  json={"published": True}).status_code == 200  # fmt: skip
    r = site.api("county-admin").post(f"/api/v1/plans/{site.plan_id}/publish",
                                      json={"published": True})  # fmt: skip
    assert r.status_code == 200
    page = anon.get(f"/public/plans/{site.plan_id}?year=2023")
    assert page.status_code == 200 and "规上工业增加值" in page.text
    assert anon.get("/api/v1/plans").status_code == 401  # the API stays closed
    assert anon.get("/").status_code == 303


def test_template_download_preview_and_import_as_drafts(
    site: Site, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    editor = site.client("county-editor")
    sheet = editor.get(f"/plans/{site.plan_id}/template?year=2024")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    path = tmp_path / "t.xlsx"
    path.write_bytes(sheet.content)
    wb = load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    value_col = header.index("数值") + 1
    for row in ws.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("示例县", "规上工业增加值"):
            row[value_col - 1].value = 112
        if (row[0].value, row[1].value) == ("示例县", "规上工业企业数"):
            row[value_col - 1].value = "很多"
    wb.save(path)
    token = site.csrf("county-editor")
    files = {"file": ("t.xlsx", path.read_bytes(), "application/octet-stream")}
    bad = editor.post("/values/preview", data={"csrf": token}, files=files)
    assert bad.status_code == 200 and "很多" in bad.text and "/values/import/" not in bad.text
    for row in ws.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("示例县", "规上工业企业数"):
            row[value_col - 1].value = None
    wb.save(path)
    files = {"file": ("t.xlsx", path.read_bytes(), "application/octet-stream")}
    good = editor.post("/values/preview", data={"csrf": token, "back": "/"}, files=files)
    assert "112" in good.text
    action = re.search(r'action="(/values/import/[^"]+)"', good.text).group(1)  # type: ignore[union-attr]
    assert editor.post(action, data={"csrf": token, "back": "/"}).status_code == 303
    drafts = site.api("county-editor").get("/api/v1/observations?state=draft").json()
    assert [(v["year"], v["value"]) for v in drafts["items"]] == [(2024, 112.0)]
    other = site.client("other-editor")
    files = {"file": ("t.xlsx", path.read_bytes(), "application/octet-stream")}
    outside = other.post("/values/preview", data={"csrf": site.csrf("other-editor")}, files=files)
    assert "不在您的管辖范围" in outside.text


@pytest.mark.parametrize(
    ("user", "url", "header"),
    [
        ("admin", "/audit?export=xlsx", "用户"),
        ("city-reviewer", "/review?export=xlsx", "填报人"),
        ("viewer", "/plans/{plan}/projects?year=2023&export=xlsx", "项目名称"),
        ("viewer", "/plans/{plan}/export?year=2023", "指标"),
    ],
)
def test_lists_export_to_excel(
    site: Site, tmp_path: Path, user: str, url: str, header: str
) -> None:
    from openpyxl import load_workbook

    r = site.client(user).get(url.format(plan=site.plan_id))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    path = tmp_path / "x.xlsx"
    path.write_bytes(r.content)
    ws = load_workbook(path).active
    assert header in [c.value for c in ws[1]]


def test_plan_table_sorts(site: Site) -> None:
    c = site.client("viewer")
    part = c.get(f"/plans/{site.plan_id}?year=2023&region=*&sort=progress",
                 headers={"HX-Request": "true"}).text  # fmt: skip
    shown = [float(x) for x in re.findall(r"<small>(-?[\d.]+)%</small>", part)]
    assert len(shown) >= 5 and shown == sorted(shown)
    assert c.get(f"/plans/{site.plan_id}?sort=nonsense").status_code in (422, 400)


def test_overview_region_tree(site: Site) -> None:
    page = site.client("county-editor").get("/").text
    tree = page[page.index('class="card tree"') : page.index("</details>")]
    assert "示例县" in tree and "东城街道" in tree and "邻县" not in tree
    assert tree.index("示例县") < tree.index("东城街道")  # the towns under their county
    from urllib.parse import quote

    # the name is a query value: encoded, so a name with & or # keeps its link whole
    assert f'href="/plans/{site.plan_id}?region={quote("东城街道")}' in tree


def _a_submitted_value(site: Site) -> int:
    editor = site.api("county-editor")
    value = {"region": "示例县", "indicator": "规上工业增加值", "year": 2024, "value": 77,
             "unit": "亿元"}  # fmt: skip
    draft = editor.post("/api/v1/observations", json=value)
    editor.post("/api/v1/observations/submit", json={"ids": [draft.json()["id"]]})
    return int(draft.json()["id"])


def test_no_write_route_lets_another_county_change_this_one(site: Site) -> None:
    """Every route that changes values, tried by the neighbouring county's editor and
    reviewer on this county's data: refused, and nothing changed."""
    from planwatch import accounts
    from planwatch.models.access import Role

    accounts.add_user(site.engine, "other-reviewer", Role.REVIEWER, "示例省/示例市/邻县", PASSWORD)
    value_id = _a_submitted_value(site)
    before = site.api("admin").get("/api/v1/audit").json()["total"]
    cell = {"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "1",
            "unit": "亿元"}  # fmt: skip
    for user in ("other-editor", "other-reviewer"):
        api, page, token = site.api(user), site.client(user), site.csrf(user)
        assert (
            api.post("/api/v1/observations", json={**cell, "year": 2024, "value": 1.0}).status_code
            == 403
        )
        for action in ("submit", "approve", "return"):
            r = api.post(f"/api/v1/observations/{action}", json={"ids": [value_id], "note": "x"})
            assert r.status_code == 404, (user, action)  # not even shown to exist
        assert api.post(f"/api/v1/plans/{site.plan_id}/publish",
                        json={"published": True}).status_code in (403, 404)  # fmt: skip
        assert (
            page.post(f"/plans/{site.plan_id}/entry", data={**cell, "csrf": token}).status_code
            == 403
        )
        assert (
            page.post("/values/submit", data={"ids": str(value_id), "csrf": token}).status_code
            == 404
        )
        for decision in ("approve", "return"):
            r = page.post("/review", data={"ids": str(value_id), "decision": decision,
                                           "note": "x", "csrf": token})  # fmt: skip
            assert r.status_code in (403, 404), (user, decision)
    after = site.api("admin").get("/api/v1/audit").json()["total"]
    assert after == before + 3  # only the tokens issued for the two users and the admin
    state = site.api("county-editor").get("/api/v1/observations?state=submitted").json()
    assert [v["id"] for v in state["items"]] == [value_id]


def test_a_bad_enterprise_file_lists_every_bad_row(site: Site) -> None:
    from planwatch.permu.synth import synth_enterprises

    firms = synth_enterprises(5, seed=2).select("credit_code", "name", "year", "land_mu")
    firms = firms.with_columns(firms["land_mu"].scatter([1, 3], [-1.0, -2.0]))
    body = firms.write_csv().encode()
    r = site.client("county-editor").post(
        "/enterprises", data={"csrf": site.csrf("county-editor"), "scheme": "zhejiang"},
        files={"file": ("firms.csv", body, "text/csv")},
    )  # fmt: skip
    assert r.status_code == 422
    assert "第3行，land_mu（用地面积）列：-1.0为负数" in r.text
    assert "第5行，land_mu（用地面积）列：-2.0为负数" in r.text
    assert "firms.csv：" in r.text and "planwatch-firms-" not in r.text  # the user's name


def test_the_enterprise_scheme_is_a_preset_not_a_path(site: Site, tmp_path: Path) -> None:
    """A scheme named by the form is looked up among the presets: a path would have the
    server read (and echo) any YAML file it can."""
    from planwatch.permu.synth import synth_enterprises

    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    body = synth_enterprises(5, seed=2).select("credit_code", "name", "year", "land_mu")
    r = site.client("county-editor").post(
        "/enterprises", data={"csrf": site.csrf("county-editor"), "scheme": str(secret)},
        files={"file": ("firms.csv", body.write_csv().encode(), "text/csv")},
    )  # fmt: skip
    assert r.status_code == 422 and "不是预设方案" in r.text
    assert "hunter2" not in r.text


def test_a_plan_published_as_a_web_page_uploads(site: Site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.test_reader_html import ARTICLE
    from tests.test_reader_html import site as site_page

    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    body = site_page(ARTICLE, "gb2312").encode("gb18030")
    r = _upload(site, "county-editor", "示例县规划.html", body, COUNTY)
    assert r.status_code == 303
    page = site.client("county-editor").get(r.headers["location"]).text
    assert "规上工业亩均税收" in page and "栏目" not in page
