"""The messages a page shows are in the page's language: a bureau analyst who reads
only Chinese must understand every refusal, and the English switch still gives the
English one. The JSON API keeps its English `message` and adds `message_zh`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.actuals.cells import RowError
from planwatch.approval import Forbidden
from planwatch.errors import ArgumentError, InputError, PlanwatchError, text_of
from planwatch.numbers import NumberError, parse_number
from tests.web_helpers import Site, make_site

CELL = {
    "region": "示例县",
    "indicator": "规上工业增加值",
    "year": "2024",
    "unit": "亿元",
    "save": "false",
}


@pytest.fixture
def site(engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))  # uploaded sheets go here
    return make_site(engine, tmp_path)


def _submitted(site: Site) -> int:
    """A value of 示例县 entered and submitted by the county's editor."""
    editor = site.api("county-editor")
    value = {
        "region": "示例县",
        "indicator": "规上工业增加值",
        "year": 2024,
        "value": 77,
        "unit": "亿元",
    }
    draft = editor.post("/api/v1/observations", json=value)
    assert draft.status_code == 201, draft.text
    editor.post("/api/v1/observations/submit", json={"ids": [draft.json()["id"]]})
    return int(draft.json()["id"])


# -- the errors themselves ------------------------------------------------------------


def test_text_gives_the_chinese_for_zh_and_the_english_otherwise() -> None:
    plain = PlanwatchError("no such thing")
    assert plain.zh is None and plain.text("zh") == plain.text("en") == "no such thing"
    both = ArgumentError("the user name is empty", zh="用户名不能为空")
    assert str(both) == "the user name is empty"  # str() stays English
    assert both.text("zh") == "用户名不能为空" and both.text("en") == "the user name is empty"
    assert both.text("fr") == "the user name is empty"
    assert text_of(both, "zh") == "用户名不能为空" and text_of(ValueError("x"), "zh") == "x"
    assert Forbidden("a viewer cannot change values", zh="查看者无权修改数据").text("zh") == (
        "查看者无权修改数据"
    )


def test_an_input_error_names_its_file_in_both_languages() -> None:
    exc = InputError(
        "data/a.csv",
        "2 problems; nothing was imported",
        ["row 2: x", "row 3: y"],
        zh="发现2处问题，未导入任何数据",
        details_zh=["第2行：x", "第3行：y"],
    )
    assert str(exc) == "data/a.csv: 2 problems; nothing was imported"
    assert exc.text("zh") == "data/a.csv：发现2处问题，未导入任何数据"
    assert exc.text("en") == str(exc)
    assert exc.detail_lines("zh") == ["第2行：x", "第3行：y"]
    assert exc.detail_lines("en") == ["row 2: x", "row 3: y"]
    bare = InputError("a.csv", "empty", ["row 2: x"])
    assert bare.text("zh") == "a.csv: empty" and bare.detail_lines("zh") == ["row 2: x"]
    # Chinese lines for only some problems would hide the others: all English then
    part = InputError("a.csv", "two", ["row 2: x", "row 3: y"], zh="两处", details_zh=["第2行"])
    assert part.detail_lines("zh") == ["row 2: x", "row 3: y"]


def test_row_errors_and_number_errors_in_chinese() -> None:
    error = RowError(3, "value", "'1x' is not a number", "“1x”不是数字")
    assert str(error) == "row 3, column value: '1x' is not a number"
    assert error.text("zh") == "第3行，数值列：“1x”不是数字"
    assert error.text("en") == str(error)
    assert RowError(1, "", "missing column(s)", "缺少列：地区").text("zh") == "第1行：缺少列：地区"
    assert RowError(2, "value", "odd").text("zh") == "row 2, column value: odd"  # no Chinese
    with pytest.raises(NumberError) as caught:
        parse_number("1x")
    assert str(caught.value) == "'1x' is not a number"
    assert caught.value.text("zh") == "“1x”不是数字"


def test_an_actuals_import_lists_its_bad_rows_in_chinese(site: Site, tmp_path: Path) -> None:
    from planwatch import operations

    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "地区,指标,年份,数值,单位\n示例县,规上工业增加值,2024,1x,亿元\n"
        "示例县,规上工业增加值,2023,5,吨\n火星县,规上工业增加值,2024,5,亿元\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        operations.import_actuals_file(site.engine, sheet)
    exc = caught.value
    assert str(exc).endswith("3 problems; nothing was imported")
    assert exc.text("zh") == f"{sheet}：发现3处问题，未导入任何数据"
    assert exc.detail_lines("zh") == [
        "第2行，数值列：“1x”不是数字",
        "第3行，单位列：单位不符：应为亿元，收到吨",
        "第4行，地区列：未知地区“火星县”",
    ]


# -- the pages --------------------------------------------------------------------------


def test_entry_grid_says_a_non_number_and_a_wrong_unit_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    url = f"/plans/{site.plan_id}/entry"
    typed = editor.post(url, data={**CELL, "value": "1x", "csrf": token})
    assert typed.status_code == 422
    assert "“1x”不是数字" in typed.text and "not a number" not in typed.text
    unit = editor.post(url, data={**CELL, "value": "1", "unit": "吨", "csrf": token})
    assert unit.status_code == 422
    assert "单位不符：应为亿元，收到吨" in unit.text and "does not fit" not in unit.text

    english, en_token = site.english("county-editor")
    typed = english.post(url, data={**CELL, "value": "1x", "csrf": en_token})
    assert (
        typed.status_code == 422
        and "is not a number" in typed.text
        and "不是数字" not in typed.text
    )
    unit = english.post(url, data={**CELL, "value": "1", "unit": "吨", "csrf": en_token})
    assert "does not fit the indicator" in unit.text and "单位不符" not in unit.text


def test_an_editor_outside_the_region_is_refused_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    r = editor.post(
        f"/plans/{site.plan_id}/entry", data={**CELL, "region": "邻县", "value": "1", "csrf": token}
    )
    assert r.status_code == 403
    assert (
        "无权修改该地区的数据：示例省/示例市/邻县不在您的管辖范围（示例省/示例市/示例县）内"
        in r.text
    )
    assert "outside your region" not in r.text
    viewer = site.client("viewer")
    r = viewer.post(
        f"/plans/{site.plan_id}/entry",
        data={**CELL, "value": "1", "save": "true", "csrf": site.csrf("viewer")},
    )
    assert r.status_code == 403 and "查看者无权修改数据" in r.text

    english, en_token = site.english("county-editor")
    r = english.post(
        f"/plans/{site.plan_id}/entry",
        data={**CELL, "region": "邻县", "value": "1", "csrf": en_token},
    )
    assert r.status_code == 403 and "is outside your region" in r.text and "无权" not in r.text


def test_a_reviewer_approving_their_own_region_is_refused_in_chinese(site: Site) -> None:
    value_id = _submitted(site)
    reviewer = site.client("county-reviewer")
    r = reviewer.post(
        "/review",
        data={"ids": str(value_id), "decision": "approve", "csrf": site.csrf("county-reviewer")},
    )
    assert r.status_code == 403
    assert "本地区的数据由上级地区审核" in r.text and "region above" not in r.text
    english, token = site.english("county-reviewer")
    r = english.post("/review", data={"ids": str(value_id), "decision": "approve", "csrf": token})
    assert r.status_code == 403 and "reviewed by the region above" in r.text
    # the city approves it; approving it again is refused for its state, in Chinese
    city = site.client("city-reviewer")
    data = {"ids": str(value_id), "decision": "approve", "csrf": site.csrf("city-reviewer")}
    assert city.post("/review", data=data).status_code == 303
    again = city.post("/review", data=data)
    assert again.status_code == 422
    assert f"数据{value_id}的状态为“已审核”，只有“已提交”的数据可以审核通过" in again.text


def test_an_unknown_plan_is_not_found_in_chinese_and_hides_the_others(site: Site) -> None:
    editor = site.client("county-editor")
    unknown = editor.get("/plans/999999")
    assert unknown.status_code == 404 and "未找到规划：999999" in unknown.text
    assert "in the store" not in unknown.text
    # another county's plan reads the same as a plan that does not exist
    hidden = editor.get(f"/plans/{site.other_plan_id}")
    assert hidden.status_code == 404 and f"未找到规划：{site.other_plan_id}" in hidden.text
    page = editor.get("/no/such/page")
    assert page.status_code == 404 and "页面不存在" in page.text
    english, _ = site.english("county-editor")
    assert "no plan &#39;999999&#39; in the store" in english.get("/plans/999999").text
    # in English too, word for word: only the number differs
    said = re.compile(r"no plan &#39;\d+&#39;[^<]*")
    unknown_en = said.findall(english.get("/plans/999999").text)
    hidden_en = said.findall(english.get(f"/plans/{site.other_plan_id}").text)
    assert unknown_en and [re.sub(r"\d+", "N", x) for x in hidden_en] == [
        re.sub(r"\d+", "N", x) for x in unknown_en
    ]
    api = site.api("county-editor")
    answers = [api.get(f"/api/v1/plans/{ref}/status?year=2023") for ref in
               (999999, site.other_plan_id)]  # fmt: skip
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json()["message"].replace("999999", "N") == answers[1].json()[
        "message"
    ].replace(str(site.other_plan_id), "N")


def test_the_public_page_of_an_unknown_and_an_unpublished_plan_read_alike(site: Site) -> None:
    anon = site.client()
    unknown = anon.get("/public/plans/999999")
    unpublished = anon.get(f"/public/plans/{site.plan_id}")
    assert unknown.status_code == unpublished.status_code == 404
    assert unpublished.text.replace(f"：{site.plan_id}", "：N") == unknown.text.replace(
        "：999999", "：N"
    )


def test_a_refused_cell_shows_why_in_place(site: Site) -> None:
    """htmx swaps a refusal into the cell that asked, as a line, not a whole error page."""
    editor = site.client("town-editor")
    form = {"region": "示例县", "indicator": "规上工业增加值", "year": "2024", "value": "5",
            "unit": "亿元", "csrf": site.csrf("town-editor")}  # fmt: skip
    answer = editor.post(f"/plans/{site.plan_id}/entry", data=form,
                         headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 403
    assert answer.text.startswith('<span class="error" role="alert">')
    assert "<html" not in answer.text and "无权" in answer.text
    page = editor.post(f"/plans/{site.plan_id}/entry", data=form)  # without htmx: the page
    assert page.status_code == 403 and "<html" in page.text


def test_a_cell_that_is_a_number_but_not_a_value_says_what_is_wrong(site: Site) -> None:
    editor = site.client("county-editor")
    base = {"region": "示例县", "indicator": "规上工业增加值", "year": "2024",
            "unit": "亿元", "csrf": site.csrf("county-editor"), "save": "false"}  # fmt: skip
    huge = editor.post(f"/plans/{site.plan_id}/entry", data={**base, "value": "1e400"})
    assert huge.status_code == 422 and "不是数字" not in huge.text and "有限" in huge.text
    bad_unit = editor.post(f"/plans/{site.plan_id}/entry",
                           data={**base, "value": "106", "unit": "亿\x01元"})  # fmt: skip
    assert bad_unit.status_code == 422 and "不是数字" not in bad_unit.text


def test_a_bad_actuals_sheet_lists_its_rows_in_chinese(site: Site) -> None:
    body = (
        "地区,指标,年份,数值,单位\n示例县,规上工业增加值,2024,1x,亿元\n"
        "示例县,规上工业增加值,2023,5,吨\n邻县,规上工业增加值,2024,5,亿元\n"
    ).encode()
    files = {"file": ("bad.csv", body, "text/csv")}
    editor = site.client("county-editor")
    page = editor.post("/values/preview", data={"csrf": site.csrf("county-editor")}, files=files)
    assert page.status_code == 200 and "/values/import/" not in page.text
    for line in (
        "第2行，数值列：“1x”不是数字",
        "第3行，单位列：单位不符：应为亿元，收到吨",
        "第4行：邻县不在您的管辖范围（示例省/示例市/示例县）内，无权修改该地区的数据",
    ):
        assert line in page.text, line
    assert "not a number" not in page.text and "row 2" not in page.text
    english, token = site.english("county-editor")
    files = {"file": ("bad.csv", body, "text/csv")}
    page = english.post("/values/preview", data={"csrf": token}, files=files)
    assert "row 2, column value: &#39;1x&#39; is not a number" in page.text
    # importing it anyway (the address made by hand) is refused, listing the same rows
    from planwatch.uploads import uploads_dir

    kept = sorted((uploads_dir() / "values").iterdir(), key=lambda p: p.stat().st_mtime)
    refused = editor.post(f"/values/import/{kept[0].name}",
                          data={"csrf": site.csrf("county-editor")})  # fmt: skip
    assert refused.status_code == 422 and "发现3处问题" in refused.text
    assert "第2行，数值列：“1x”不是数字" in refused.text
    assert "row 4: 邻县 is outside your region" in page.text and "第2行" not in page.text


def test_form_refusals_of_the_site_itself_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    no_file = editor.post("/values/preview", data={"csrf": token})
    assert no_file.status_code == 422 and "请选择已填写的表格" in no_file.text
    stale = editor.post(f"/plans/{site.plan_id}/entry", data={**CELL, "value": "1"})
    assert stale.status_code == 403 and "表单的安全令牌缺失或已过期" in stale.text
    note = site.client("city-reviewer").post(
        "/review", data={"ids": "1", "decision": "return", "csrf": site.csrf("city-reviewer")}
    )
    assert note.status_code == 422 and "退回时请填写原因" in note.text
    assert "a note is required" not in note.text
    audit = editor.get("/audit")
    assert audit.status_code == 403 and "操作日志仅限管理员查看" in audit.text


def test_land_calculator_problems_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    data = {
        "csrf": token,
        "base_year": "2020",
        "h1": "2025",
        "h2": "",
        "uplift": "",
        "name0": "装备",
        "base0": "126.6",
        "out1_0": "150",
        "permu0": "650",
    }
    assert editor.post("/land", data=data).status_code == 200
    zero = editor.post("/land", data={**data, "permu0": "0"})
    assert zero.status_code == 422 and "行业“装备”2025年亩均产出要求：应大于0" in zero.text
    typo = editor.post("/land", data={**data, "out1_0": "15o"})
    assert typo.status_code == 422 and "“15o”不是数字" in typo.text
    assert "<html" not in typo.text  # in place of the result, not a whole error page
    gap = editor.post("/land", data={**data, "permu0": ""})
    assert gap.status_code == 422 and "行业“装备”缺少2025年亩均产出要求" in gap.text
    english, en_token = site.english("county-editor")
    zero = english.post("/land", data={**data, "csrf": en_token, "permu0": "0"})
    assert zero.status_code == 422 and "greater than 0" in zero.text


def test_chain_and_warning_forms_refuse_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    files = {"file": ("firms.csv", b"name\n", "text/csv")}
    chains = editor.post(
        "/chains", data={"csrf": token, "year": "20x4", "chains": "x"}, files=files
    )
    assert chains.status_code == 422 and "年份：“20x4”不是有效年份" in chains.text
    files = {"file": ("monthly.csv", b"name\n", "text/csv")}
    warn = editor.post("/warnings", data={"csrf": token, "scheme": "nonsense"}, files=files)
    assert warn.status_code == 422 and "预警方案：“nonsense”不是预设方案" in warn.text
    viewer = site.client("viewer")
    refused = viewer.post("/chains", data={"csrf": site.csrf("viewer")}, files=files)
    assert refused.status_code == 403 and "查看者无权保存产业链图谱" in refused.text


# -- the API ----------------------------------------------------------------------------


def test_the_api_keeps_the_english_message_and_adds_the_chinese(site: Site) -> None:
    api = site.api("county-editor")
    value = {
        "region": "示例县",
        "indicator": "规上工业增加值",
        "year": 2024,
        "value": 1,
        "unit": "吨",
    }
    wrong = api.post("/api/v1/observations", json=value)
    assert wrong.status_code == 422
    body = wrong.json()
    assert body["code"] == "invalid"
    assert body["message"] == "unit '吨' does not fit the indicator's unit '亿元'"
    assert body["message_zh"] == "单位不符：应为亿元，收到吨"
    outside = api.post("/api/v1/observations", json={**value, "region": "邻县", "unit": "亿元"})
    assert outside.status_code == 403
    assert outside.json()["message"].endswith("is outside your region (示例省/示例市/示例县)")
    assert outside.json()["message_zh"].startswith("无权修改该地区的数据")
    missing = api.get("/api/v1/plans/999999/status").json()
    assert missing["code"] == "not_found" and missing["message_zh"] == "未找到规划：999999"
    assert missing["message"].startswith("no plan '999999' in the store")
    note = api.post("/api/v1/observations/return", json={"ids": [1]}).json()
    assert note["code"] == "note_required" and note["message_zh"] == "退回时请在 note 中填写原因"
    anonymous = site.client().get("/api/v1/plans").json()
    assert anonymous["code"] == "not_signed_in" and anonymous["message_zh"].startswith("请先登录")
    # a message without Chinese (the request's shape, as the validator says it) has none
    shapeless = api.post("/api/v1/land-forecasts", json={"base_year": 2020, "industries": "x"})
    assert shapeless.status_code == 422 and "message_zh" not in shapeless.json()
