"""The enterprise, chain, warning, unit and store messages in Chinese: a bureau analyst
who reads only Chinese must be told, on the /enterprises, /chains, /projects/check and
/warnings pages, which row or line of an uploaded file is wrong and why, with the same
row, line, column, code and value the English gives; `?lang=en` keeps the English,
and `str()` (the command line) is unchanged."""

from __future__ import annotations

import ast
import html
import inspect
import io
import re
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient

from planwatch.errors import ArgumentError, InputError
from planwatch.permu import data
from planwatch.permu.credit_code import check_char
from tests.web_helpers import Site, make_site

SRC = Path(__file__).parents[1] / "src" / "planwatch"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def code(i: int) -> str:
    """A valid credit code per number."""
    head = f"91330000MA{i:07d}"
    return head + check_char(head)


def wrong_check(i: int) -> tuple[str, str, str]:
    """A code whose check character is wrong: (code, the right one, the one written)."""
    good = code(i)
    written = "0" if good[-1] != "0" else "1"
    return good[:-1] + written, good[-1], written


@pytest.fixture
def site(engine, tmp_path: Path) -> Site:  # type: ignore[no-untyped-def]
    return make_site(engine, tmp_path)


def shown(page: str) -> str:
    """The page's text as a reader sees it (entities undone)."""
    return html.unescape(page)


# -- /enterprises ------------------------------------------------------------------------


def _bad_enterprises() -> tuple[bytes, list[str], list[str]]:
    """A CSV with six problems in three rows, and its lines in Chinese and in English."""
    bad, right, written = wrong_check(2)
    body = (
        "统一社会信用代码,企业名称,年份,用地面积,营业收入,是否规上\n"
        f"{code(1)},甲企业,2024,10,100,是\n"
        f"{bad},乙企业,2024,-5,1x,也许\n"
        f"{code(1)},丙企业,2024,8,50,否\n"
        ",丁企业,2024,3,20,是\n"
    ).encode()
    zh = [
        f"第3行，统一社会信用代码列：“{bad}”校验位不符（应为{right}，实为{written}）",
        "第3行，用地面积列：-5为负数",
        "第3行，营业收入列：“1x”不是数字",
        "第3行，是否规上列：“也许”不是“是/否”",
        f"第4行，统一社会信用代码列：“{code(1)}”与第2行重复（同一年份）",
        "第5行，统一社会信用代码列：未填写",
    ]
    en = [
        f"row 3, column 统一社会信用代码: invalid credit code '{bad}': "
        f"check character should be {right}, not {written}",
        "row 3, column 用地面积: -5 is negative",
        "row 3, column 营业收入: '1x' is not a number",
        "row 3, column 是否规上: '也许' is not yes/no (是/否)",
        f"row 4, column 统一社会信用代码: credit code {code(1)} already appears on row 2 "
        "for the same year",
        "row 5, column 统一社会信用代码: missing value",
    ]
    return body, zh, en


def test_a_bad_enterprise_upload_lists_its_rows_in_chinese(site: Site) -> None:
    body, zh, en = _bad_enterprises()
    files = {"file": ("企业.csv", body, "text/csv")}
    form = {"csrf": site.csrf("county-editor"), "scheme": "zhejiang"}
    page = site.client("county-editor").post("/enterprises", data=form, files=files)
    assert page.status_code == 422
    text = shown(page.text)
    assert "企业.csv：发现6处问题（涉及3行），未读取任何数据" in text
    for line in zh:
        assert f"<li>{line}</li>" in text, line
    assert "nothing was read" not in text and "row 3" not in text

    browser, token = site.english("county-editor")
    files = {"file": ("企业.csv", body, "text/csv")}
    page = browser.post("/enterprises", data={"csrf": token, "scheme": "zhejiang"}, files=files)
    text = shown(page.text)
    assert page.status_code == 422 and "企业.csv: 6 problems in 3 rows; nothing was read" in text
    for line in en:
        assert f"<li>{line}</li>" in text, line
    assert "第3行" not in text


def test_an_enterprise_file_without_the_columns_and_an_unknown_scheme(site: Site) -> None:
    token = site.csrf("county-editor")
    editor = site.client("county-editor")
    files = {"file": ("firms.csv", "企业名称,地区\n甲,东城\n".encode(), "text/csv")}
    page = editor.post("/enterprises", data={"csrf": token, "scheme": "zhejiang"}, files=files)
    text = shown(page.text)
    assert page.status_code == 422 and "firms.csv：表头不符合要求" in text
    assert "第1行：缺少列：统一社会信用代码（credit_code）" in text
    body, _, _ = _bad_enterprises()
    ok = body.decode().splitlines()[:2]
    files = {"file": ("firms.csv", ("\n".join(ok) + "\n").encode(), "text/csv")}
    page = editor.post("/enterprises", data={"csrf": token, "scheme": "nosuch"}, files=files)
    text = shown(page.text)
    assert page.status_code == 422
    assert "评价方案：“nosuch”不是预设方案（zhejiang、county）" in text


# -- /chains and /projects/check ---------------------------------------------------------

BAD_CHAINS = (
    "chains:\n"
    "  - name: x\n"
    "    segments:\n"
    "      上游:\n"
    "        - {link: a, codes: ['9999']}\n"
    "        - {link: a, codes: ['C34'], feeds: [zz]}\n"
    "      旁游: []\n"
)


def _make_map(client: TestClient, token: str, chain_file: bytes | None, **form: str):  # type: ignore[no-untyped-def]
    """The /chains form with a small enterprise file and `chain_file` as the uploaded
    chain file (None: the example named in `form`)."""
    from planwatch.permu.synth import synth_enterprises

    buffer = io.BytesIO()
    synth_enterprises(20, seed=3).write_parquet(buffer)
    files = {"file": ("firms.parquet", buffer.getvalue(), "application/octet-stream")}
    if chain_file is not None:
        files["chains_file"] = ("链.yaml", chain_file, "text/yaml")
    data = {"csrf": token, "chains": "equipment", "standards": "", "year": "", **form}
    return client.post("/chains", data=data, files=files)


def test_a_bad_chain_file_gives_chinese_lines(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    page = _make_map(editor, token, BAD_CHAINS.encode())
    assert page.status_code == 422
    text = shown(page.text)
    assert (
        "链.yaml第5行：chains[0] (x).segments.上游[0].codes[0]：未知的行业代码“9999”"
        "（GB/T 4754-2017 中没有）" in text
    )
    for line in (
        "第6行：chains[0] (x).segments.上游[1].link：环节“a”重复",
        "第6行：chains[0] (x).segments.上游[1].feeds[0]：供给的环节“zz”不存在",
        "第7行：chains[0] (x).segments.旁游：未知的链段“旁游”（应为上游、中游、下游）",
    ):
        assert f"<li>{line}</li>" in text, line
    assert "unknown industry code" not in text and "planwatch-chains-" not in text

    browser, en_token = site.english("county-editor")
    text = shown(_make_map(browser, en_token, BAD_CHAINS.encode()).text)
    assert (
        "链.yaml:5: chains[0] (x).segments.上游[0].codes[0]: unknown industry code '9999' "
        "(not in GB/T 4754-2017)" in text
    )
    assert "<li>line 6: chains[0] (x).segments.上游[1].link: duplicate link 'a'</li>" in text
    assert "第6行" not in text


def test_chain_files_that_do_not_parse_or_validate_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    broken = shown(_make_map(editor, token, b"chains: [x: : y\n").text)
    assert "链.yaml第1行：YAML 格式有误（expected the node content, but found ':'）" in broken
    unnamed = "chains:\n  - segments:\n      上游:\n        - {link: a}\n"
    text = shown(_make_map(editor, token, unnamed.encode()).text)
    assert "链.yaml第2行：chains[0].name：缺少必填项" in text
    assert "<li>第4行：chains[0].segments.上游[0]：环节“a”既没有行业代码也没有关键词</li>" in text
    # a year the data does not have: the form's year, not the command line's --year
    year = _make_map(editor, token, None, chains="equipment", year="1999")
    assert year.status_code == 422
    assert re.search(r"年份1999：企业数据中没有该年份的数据（已有年份：\d{4}(、\d{4})*）",
                     shown(year.text))  # fmt: skip


def _check(client: TestClient, token: str, name: str, body: bytes):  # type: ignore[no-untyped-def]
    return client.post("/projects/check", data={"csrf": token, "standards": "example"},
                       files={"file": (name, body, "text/plain")})  # fmt: skip


def test_a_bad_projects_file_and_sheet_in_chinese(site: Site) -> None:
    editor, token = site.client("county-editor"), site.csrf("county-editor")
    bad = ("projects:\n"
           "  - {name: 甲, industry_code: '3453', land_mu: 50, investment: 20000}\n"
           "  - {name: 乙, industry_code: '9999', land_mu: 10, investment: 100}\n"
           "  - {name: 丙, industry_code: '3453', land_mu: 0, investment: 100}\n")  # fmt: skip
    # the values are checked first: 丙's land is said, 乙's code once the values are right
    text = shown(_check(editor, token, "pipeline.yaml", bad.encode()).text)
    assert "pipeline.yaml第4行：projects[2] (丙).land_mu：应大于0" in text
    text = shown(_check(editor, token, "pipeline.yaml", bad.replace("land_mu: 0", "land_mu: 1")
                        .encode()).text)  # fmt: skip
    assert "pipeline.yaml第3行：projects[1] (乙).industry_code：未知的行业代码“9999”" in text
    sheet = "项目名称,行业代码,用地面积,总投资\n甲,3453,50,20000\n乙,3491,很多,100\n丙,9999,5,-1\n"
    page = _check(editor, token, "pipeline.csv", sheet.encode())
    text = shown(page.text)
    assert page.status_code == 422
    assert "pipeline.csv：第3行，用地面积列：“很多”不是数字" in text
    assert "<li>第4行，总投资列：应不小于0</li>" in text
    assert "row 3" not in text and "greater than" not in text
    browser, en_token = site.english("county-editor")
    text = shown(_check(browser, en_token, "pipeline.csv", sheet.encode()).text)
    assert "pipeline.csv: row 3, 用地面积: '很多' is not a number" in text
    assert "row 4, 总投资: Input should be greater than or equal to 0" in text


def test_kept_maps_and_lists_that_are_not_there_in_chinese(site: Site) -> None:
    editor = site.client("county-editor")
    token = site.csrf("county-editor")
    asked = editor.post("/projects/check", data={"csrf": token, "standards": "example",
                                                 "map_id": "999999"},
                        files={"file": ("p.yaml", b"projects: []\n", "text/yaml")})  # fmt: skip
    assert asked.status_code == 404 and "未找到产业链图谱：999999" in asked.text
    listed = editor.get("/warnings/999999")
    assert listed.status_code == 404 and "未找到预警名单：999999" in listed.text
    browser, _ = site.english("county-editor")
    assert "no warning list 999999" in browser.get("/warnings/999999").text


# -- /warnings -----------------------------------------------------------------------------


def test_a_bad_monthly_file_lists_its_rows_in_chinese(site: Site) -> None:
    bad, right, written = wrong_check(5)
    rows = [
        "统一社会信用代码,企业名称,地区,月份,用电量",
        f"{bad},甲企业,东城街道,2024-11,1000",
        "BADCODE,乙企业,东城街道,2099-13,2000",
        f"{code(6)},丙企业,东城街道,2099-12,3000",
    ]
    body = ("\n".join(rows) + "\n").encode()

    def upload(client: TestClient, token: str):  # type: ignore[no-untyped-def]
        return client.post("/warnings", data={"csrf": token, "scheme": "default", "month": ""},
                           files={"file": ("月报.csv", body, "text/csv")})  # fmt: skip

    page = upload(site.client("county-editor"), site.csrf("county-editor"))
    assert page.status_code == 422
    text = shown(page.text)
    assert "月报.csv：发现4处问题（涉及3行），未读取任何数据" in text
    for line in (
        f"第2行，统一社会信用代码列：“{bad}”校验位不符（应为{right}，实为{written}）",
        "第3行，统一社会信用代码列：“BADCODE”长度不符（7位，应为18位）",
        "第3行，月份列：“2099-13”不是有效月份（格式如 2024-03）",
        "第4行，月份列：2099-12晚于当前月份",
    ):
        assert f"<li>{line}</li>" in text, line
    assert "nothing was read" not in text and "planwatch-warn-" not in text

    browser, token = site.english("county-editor")
    text = shown(upload(browser, token).text)
    assert "月报.csv: 4 problems in 3 rows; nothing was read" in text
    assert "<li>row 3, column 月份: '2099-13' is not a month (2024-03)</li>" in text
    assert "<li>row 4, column 月份: 2099-12 is after the current month</li>" in text
    assert "第3行" not in text


# -- the message builders --------------------------------------------------------------------


def test_every_problem_kind_has_its_chinese_words() -> None:
    kinds = re.findall(r'case "(\w+)"', inspect.getsource(data.message))
    assert len(kinds) >= 12
    for kind in kinds:
        en = data.message(kind, "12", 2020)
        zh = data.message(kind, "12", 2020, "zh")
        assert zh == data.message_zh(kind, "12", 2020)
        assert zh != kind and CHINESE.search(zh), kind
        assert "12" in zh or kind == "missing", kind  # the value the English shows
        assert not re.search(r"[a-z]{3,}", zh), (kind, zh)  # no English words left
        assert en != zh
    assert data.message_zh("late", "2025", 2024) == "投产年份2025晚于评价年份2024"
    assert data.message_zh("duplicate_month", "X", 7) == "“X”与第7行重复（同一月份）"
    assert data.message_zh("number", "inf", None) == "“inf”不是有限数值"
    stored = data.message_zh("credit", "913300001234567890", None)
    assert stored.endswith("（是否存成了数字？请将该列设为文本格式）")


def test_credit_code_problems_in_chinese() -> None:
    from planwatch.permu.credit_code import problem

    bad, right, written = wrong_check(9)
    assert data.credit_problem_zh(code(9)) is None and problem(code(9)) is None
    assert data.credit_problem_zh(bad) == f"校验位不符（应为{right}，实为{written}）"
    assert data.credit_problem_zh("123") == "长度不符（3位，应为18位）"
    assert (
        data.credit_problem_zh("91330000MA0000000I") == "含无效字符“I”（代码中不使用I、O、Z、S、V）"
    )
    assert data.credit_problem_zh("91330000MA0000000甲") == "含无效字符“甲”"
    for sample in (bad, "123", "91330000MA0000000I"):  # every English reason has a Chinese one
        assert (problem(sample) is None) == (data.credit_problem_zh(sample) is None)


def test_error_lines_in_both_languages_and_the_rest_counted() -> None:
    n = data.MAX_LISTED + 3
    errors = pl.DataFrame(
        {data.ROW: list(range(2, n + 2)), "field": ["land_mu"] * n, "kind": ["negative"] * n,
         "value": ["-1"] * n, "other": [None] * n},
        schema=data.ERROR_SCHEMA,
    )  # fmt: skip
    en = data.error_lines(errors, {"land_mu": "land_mu"})
    zh = data.error_lines(errors, {"land_mu": "land_mu"}, "zh")
    assert len(en) == len(zh) == data.MAX_LISTED + 1
    assert en[0] == "row 2, column land_mu: -1 is negative"
    assert zh[0] == "第2行，land_mu（用地面积）列：-1为负数"  # an English header gets its name
    assert en[-1] == "… and 3 more" and zh[-1] == "……另有3处问题未列出"
    assert data.error_lines(errors.head(1), {"land_mu": "占地面积"}, "zh") == [
        "第2行，占地面积列：-1为负数"
    ]


def test_header_and_file_problems_in_chinese(tmp_path: Path) -> None:
    both = tmp_path / "both.csv"
    both.write_text("统一社会信用代码,信用代码,年份\nx,y,2024\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        data.read_enterprises(both)
    exc = caught.value
    assert exc.text("zh") == f"{both}：表头不符合要求"
    assert exc.detail_lines("zh") == [
        "第1行：“统一社会信用代码”列与“信用代码”列都是统一社会信用代码（credit_code），请只保留一列",
        "第1行：缺少列：企业名称（name）",
    ]
    assert exc.detail_lines("en")[1] == "row 1: missing column(s): name (企业名称)"
    cases = {
        "a.txt": ("", "不支持的文件类型“.txt”，请使用 .csv、.xlsx 或 .parquet"),
        "b.parquet": ("not parquet", "无法读取该 .parquet 文件（"),
        "c.csv": ("统一社会信用代码,企业名称,年份\n", "表头下没有企业年度数据"),
        "d.csv": ("统一社会信用代码,企业名称\nx,y\n", "缺少年份（year）列，且未指定年份（--year）"),
    }
    for name, (body, said) in cases.items():
        path = tmp_path / name
        path.write_text(body or "x", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            data.read_enterprises(path)
        assert caught.value.text("zh").startswith(f"{path}：{said}"), caught.value.text("zh")
    from planwatch.warn.fields import MONTHLY

    empty = tmp_path / "m.csv"
    empty.write_text("统一社会信用代码,企业名称,月份\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        data.read_enterprises(empty, None, MONTHLY)
    assert caught.value.text("zh") == f"{empty}：表头下没有企业月度数据"
    nomonth = tmp_path / "n.csv"
    nomonth.write_text("统一社会信用代码,企业名称\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        data.read_enterprises(nomonth, None, MONTHLY)
    assert caught.value.detail_lines("zh") == ["第1行：缺少列：月份（month）"]
    assert caught.value.detail_lines("en") == ["row 1: missing column(s): month (月份)"]


def test_pydantic_reasons_in_chinese() -> None:
    from pydantic import BaseModel, Field, ValidationError

    from planwatch.models.chains import ChainTarget, LinkSpec
    from planwatch.yamlfile import validation_zh

    class Sample(BaseModel):
        count: int
        share: float = Field(default=0.5, ge=0, le=1)
        items: list[str] = Field(default_factory=lambda: ["a"], min_length=1)
        name: str = Field(default="a", min_length=1)

    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({"share": 2.5, "items": [], "name": ""})
    said = {e["loc"][0]: validation_zh(e) for e in caught.value.errors()}
    assert said == {"count": "缺少必填项", "share": "应不大于1", "items": "至少应有1项",
                    "name": "不能为空"}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        ChainTarget.model_validate({"year": "x", "output": 0, "unit": "吨"})
    said = {e["loc"][0]: validation_zh(e) for e in caught.value.errors()}
    assert said == {"year": "应为整数", "output": "应大于0", "unit": "应为“亿元”、“万元”之一"}
    with pytest.raises(ValidationError) as caught:
        LinkSpec.model_validate({"link": "轴承", "keywords": [" "]})
    assert validation_zh(caught.value.errors()[0]) == "关键词不能为空"
    with pytest.raises(ValidationError) as caught:
        LinkSpec.model_validate({"link": "轴承"})
    assert validation_zh(caught.value.errors()[0]) == "环节“轴承”既没有行业代码也没有关键词"
    unknown = {"type": "value_error", "msg": "Value error, odd", "ctx": {"error": ValueError()}}
    assert validation_zh(unknown) == "输入有误（odd）"  # framed in Chinese, never dropped


def test_chain_and_standards_problems_in_both_languages(tmp_path: Path) -> None:
    from planwatch.chains.files import read_chains, read_standards

    chains = tmp_path / "chains.yaml"
    chains.write_text(BAD_CHAINS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_chains(chains)
    exc = caught.value
    assert str(exc) == (
        f"{chains}:5: chains[0] (x).segments.上游[0].codes[0]: unknown industry code '9999' "
        "(not in GB/T 4754-2017)"
    )
    assert exc.text("zh") == (
        f"{chains}第5行：chains[0] (x).segments.上游[0].codes[0]：未知的行业代码“9999”"
        "（GB/T 4754-2017 中没有）"
    )
    assert len(exc.detail_lines("zh")) == len(exc.detail_lines("en")) == 3
    leaders = tmp_path / "leaders.yaml"
    loop = ("chains:\n  - name: y\n    leaders: ['123']\n    segments:\n      上游:\n"
            "        - {link: a, codes: ['34'], feeds: [b]}\n"
            "        - {link: b, codes: ['3x'], feeds: [a]}\n")  # fmt: skip
    leaders.write_text(loop, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_chains(leaders)
    lines = [caught.value.text("zh"), *caught.value.detail_lines("zh")]
    assert lines == [
        f"{leaders}第3行：chains[0] (y).leaders[0]：链主“123”：长度不符（3位，应为18位）",
        "第6行：chains[0] (y).segments.上游[0].feeds：环节之间的供给关系构成循环：a → b → a",
        "第7行：chains[0] (y).segments.上游[1].codes[0]："
        "“3x”不是 GB/T 4754 行业代码（应为2、3或4位数字）",
    ]
    standards = tmp_path / "standards.yaml"
    standards.write_text("standards:\n  - {industry_prefix: '34'}\n  - {industry_prefix: '34'}\n"
                         "  - {industry_prefix: '99'}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_standards(standards)
    assert caught.value.text("zh") == (
        f"{standards}第3行：standards[1].industry_prefix：行业代码前缀“34”重复"
    )
    assert caught.value.detail_lines("zh") == [
        "第4行：standards[2].industry_prefix：未知的行业代码“99”（GB/T 4754-2017 中没有）"
    ]
    not_utf8 = tmp_path / "gbk.yaml"
    not_utf8.write_bytes("chains: 链".encode("gbk"))
    with pytest.raises(InputError) as caught:
        read_chains(not_utf8)
    assert caught.value.text("zh") == f"{not_utf8}：产业链文件应为 UTF-8 编码的文本（YAML）"
    with pytest.raises(InputError) as caught:
        read_chains("nosuch")
    assert caught.value.text("zh").endswith("没有该产业链文件，也不是示例（equipment、medical、"
                                            "materials、smart_home、aviation）")  # fmt: skip


def test_warn_and_permu_schemes_in_chinese(tmp_path: Path) -> None:
    from planwatch.permu.schemes import load_scheme as permu_scheme
    from planwatch.permu.schemes import parse_scheme
    from planwatch.warn import PRESETS
    from planwatch.warn.schemes import load_scheme as warn_scheme

    scheme = tmp_path / "warn.yaml"
    scheme.write_text(
        "name: mine\nmeasures:\n  tax: {of: taxes, kind: yoy}\n"
        "rules:\n  - {name: r, level: red, when: 'tax > 1'}\n  - {name: s, level: pink, when: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        warn_scheme(str(scheme))
    assert caught.value.text("zh") == (
        f"{scheme}第6行：rules[1] (s).level：应为“yellow”、“orange”、“red”之一"
    )
    scheme.write_text("name: mine\nrules:\n  - {name: r, level: red, when: 'tax > 1'}\n"
                      "  - {name: r, level: red, when: 'tax > 2'}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as caught:
        warn_scheme(str(scheme))
    assert caught.value.text("zh") == f"{scheme}第1行：（顶层）：规则“r”重名"
    scheme.write_text(
        "name: mine\nmeasures:\n  tax: {of: taxes, kind: yoy}\n"
        "rules:\n  - {name: r, level: red, when: 'tax > 1'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        warn_scheme(str(scheme))
    assert caught.value.text("zh").startswith(
        f"{scheme}第3行：measures.tax.of：未知的列“taxes”（可用："
    )
    with pytest.raises(InputError) as caught:
        warn_scheme(str(tmp_path / "none.yaml"))
    assert caught.value.text("zh").endswith(
        f"没有该预警方案文件，也不是预设方案（{'、'.join(PRESETS)}）"
    )
    with pytest.raises(InputError) as caught:
        permu_scheme("nosuch")
    assert (
        caught.value.text("zh") == "nosuch：没有该评价方案文件，也不是预设方案（zhejiang、county）"
    )
    with pytest.raises(InputError) as caught:
        parse_scheme("name: x\ngroups: 3\n", "mine.yaml")
    exc = caught.value
    assert exc.text("zh").startswith("mine.yaml：评价方案中有") and exc.text("zh").endswith(
        "处问题"
    )
    assert len(exc.detail_lines("zh")) == len(exc.detail_lines("en")) >= 1
    assert exc.detail_lines("zh") != exc.detail_lines("en")
    with pytest.raises(InputError) as caught:
        parse_scheme("a: [", "bad.yaml")
    assert caught.value.text("zh").startswith("bad.yaml：YAML 格式有误（")


def test_results_files_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.permu.results import read_results, results_target

    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path))
    with pytest.raises(InputError) as caught:
        results_target(tmp_path / "out.txt")
    assert caught.value.text("zh").endswith(
        "不支持的输出类型“.txt”，请使用 .parquet、.csv 或 .xlsx"
    )
    with pytest.raises(InputError) as caught:
        read_results("2031")
    assert "没有该评价结果文件" in caught.value.text("zh")
    partial = tmp_path / "r.csv"
    partial.write_text("credit_code\nx\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_results(str(partial))
    assert caught.value.text("zh").endswith("（缺少列：grade、consecutive_d）")


def test_unit_errors_in_chinese() -> None:
    from planwatch.actuals.progress import validate_progress
    from planwatch.catalog.units import UnitError, convert, unit_of
    from planwatch.sheets.read import Sheet

    with pytest.raises(UnitError) as caught:
        unit_of("斤")
    assert str(caught.value) == "unknown unit '斤'" and caught.value.text("zh") == "未知的单位“斤”"
    with pytest.raises(UnitError) as caught:
        convert(1.0, "家", "亿元")
    assert str(caught.value) == "cannot convert '家' (count) to '亿元' (money)"
    assert caught.value.text("zh") == "单位“家”（个数）无法换算为“亿元”（金额）"
    # a project's progress in a unit planwatch does not know: the row says so in Chinese
    sheet = Sheet(path=Path("进度.csv"), headers=["项目名称", "年份", "完成投资", "单位"],
                  rows=[(2, ["产业园", "2024", "5", "斤"])])  # fmt: skip
    _, errors = validate_progress(sheet, {"产业园": (1, "万元")}, (2021, 2025))
    assert [e.text("zh") for e in errors] == ["第2行，单位列：未知的单位“斤”"]
    assert [str(e) for e in errors] == ["row 2, column unit: unknown unit '斤'"]


def test_a_busy_or_contended_store_in_chinese(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import DBAPIError

    from planwatch.store.db import StoreBusy, StoreConflict, write

    monkeypatch.setenv("PLANWATCH_BUSY_TIMEOUT", "30")

    def locked(_session: object) -> None:
        raise DBAPIError("INSERT", None, sqlite3.OperationalError("database is locked"))

    with pytest.raises(StoreBusy) as busy:
        write(engine, locked)
    assert busy.value.text("zh") == "数据库繁忙（另一项导入已持续写入超过30秒），请稍后重试"
    assert str(busy.value).startswith("the store is busy")

    class Clash(Exception):
        sqlstate = "40001"

    def clashing(_session: object) -> None:
        raise DBAPIError("INSERT", None, Clash())

    with pytest.raises(StoreConflict) as conflict:
        write(engine, clashing, attempts=1)
    assert conflict.value.text("zh") == "写入期间其他用户反复修改了相同的数据（已尝试1次），请重试"


def test_warning_lists_and_help_in_chinese(engine) -> None:  # type: ignore[no-untyped-def]
    from planwatch.warn.engine import evaluate
    from planwatch.warn.schemes import preset
    from planwatch.warn.stored import add_help
    from planwatch.warn.synth import synth_monthly

    panel = synth_monthly(5, 3, seed=1)
    months = panel["month"].unique().sort().to_list()
    with pytest.raises(ArgumentError) as caught:
        evaluate(panel, preset("default"), "2001-01")
    assert (
        caught.value.text("zh") == f"月份2001-01：月度数据中没有该月的数据（{'、'.join(months)}）"
    )
    with pytest.raises(ArgumentError) as caught:
        evaluate(panel.head(0), preset("default"), None)
    assert caught.value.text("zh") == "月度数据中没有数据行"
    with pytest.raises(ArgumentError) as caught:
        add_help(engine, None, code(1), "", "")
    assert caught.value.text("zh") == "请填写帮扶人（--by）和帮扶措施（--what）"
    with pytest.raises(ArgumentError) as caught:
        add_help(engine, None, code(1), "张三", "走访")
    assert caught.value.text("zh") == (
        f"{code(1)}不在任何已保存的预警名单中，只能为名单中的企业记录帮扶"
    )


# -- every raise site ----------------------------------------------------------------------

MODULES = (
    "permu/data.py", "permu/schemes.py", "permu/results.py", "yamlfile.py",
    "chains/files.py", "chains/stored.py", "chains/maps.py", "chains/outputs.py",
    "chains/project_sheet.py", "warn/engine.py", "warn/listing.py", "warn/stored.py",
    "warn/schemes.py", "catalog/units.py", "store/db.py",
)  # fmt: skip
ERRORS = {"InputError", "ArgumentError", "Forbidden", "NotFound", "UnitError", "StoreBusy",
          "StoreConflict", "PlanwatchError", "Rejected"}  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_every_raise_of_a_users_error_gives_chinese(module: str) -> None:
    """A raise site added later without a Chinese text fails here, not on a page."""
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    missing = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in ERRORS and not any(k.arg in ("zh", None) for k in node.exc.keywords):
            missing.append(f"{module}:{node.lineno}")
    assert missing == []
