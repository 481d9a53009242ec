"""Plans as web pages: the article found inside a site's page, headings by h-tags,
numbering and bold, tables as full grids, a table split by the site joined again,
encodings declared or not; and the seeds as pages read as their Word files."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan, read_document
from planwatch.models import Caption, Heading, Paragraph, Table
from tests.test_pdf_producers import rows
from tests.writers import docx, html
from tests.writers.libreoffice import SOFFICE, convert
from tests.writers.rebuild import to_plan

ARTICLE = """
<h1>示例县“十四五”工业发展规划</h1>
<p><strong>前言</strong></p>
<p>“十四五”时期是示例县推进制造业高质量发展的关键五年。</p>
<p>第一章 发展基础</p>
<p>一、发展成效<br>“十三五”期间，全县规上工业增加值年均增长7.2%。</p>
<p>表1 示例县“十四五”工业发展主要指标</p>
<table border="1">
  <tr><td rowspan="2">类别</td><td rowspan="2">指标</td><td rowspan="2">单位</td>
      <td colspan="2">目标值</td><td rowspan="2">属性</td></tr>
  <tr><td>2020年</td><td>2025年</td></tr>
  <tr><td rowspan="2">规模</td><td>规上工业增加值</td><td>亿元</td><td>80</td><td>120</td>
      <td>预期性</td></tr>
  <tr><td>规上工业<br>企业数</td><td>家</td><td>326</td><td>400</td><td>预期性</td></tr>
</table>
<table border="1">
  <tr><td>效益</td><td>规上工业亩均税收</td><td>万元/亩</td><td>25</td><td>30</td>
      <td>约束性</td></tr>
</table>
<p>注：亩均税收按规上工业企业计算。</p>
"""


def site(article: str, charset: str = "utf-8") -> str:
    """A government site's page: menus, a header, a sidebar and a footer around it."""
    menu = "".join(f'<li><a href="/n{i}">栏目{i}</a></li>' for i in range(30))
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type"
    content="text/html; charset={charset}"><title>示例县人民政府</title>
    <script>var x = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
    <body><div class="header"><a href="/">示例县人民政府门户网站</a></div>
    <div class="nav"><ul>{menu}</ul></div>
    <div class="main"><div class="side"><ul>{menu}</ul><p>热点：<a href="/x">政务公开</a></p></div>
    <div class="TRS_Editor">{article}</div></div>
    <div class="footer"><p>主办：示例县人民政府办公室 地址：示例县人民路1号 电话：0000-1234567</p>
    <p>网站标识码 0000000000 备案号 浙ICP备00000000号</p></div></body></html>"""


def write(tmp_path: Path, name: str, page: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(page.encode(encoding))
    return path


@pytest.mark.parametrize(("charset", "encoding"), [("utf-8", "utf-8"), ("gb2312", "gb18030")])
def test_the_article_of_a_site_page(tmp_path: Path, charset: str, encoding: str) -> None:
    doc = read_document(write(tmp_path, "plan.html", site(ARTICLE, charset), encoding))
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert not any("栏目" in t or "备案号" in t or "not text" in t for t in texts)
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 1
    assert any(isinstance(b, Heading) and b.text == "发展基础" for b in doc.blocks)
    assert any(isinstance(b, Heading) and b.text == "前言" for b in doc.blocks)  # bold
    # the <br> splits the numbered heading from its paragraph
    assert any(isinstance(b, Heading) and b.text == "发展成效" for b in doc.blocks)
    assert any(isinstance(b, Paragraph) and b.text.startswith("“十三五”期间") for b in doc.blocks)
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]  # the split table joined
    assert table.caption == "表1 示例县“十四五”工业发展主要指标"
    assert any(isinstance(b, Caption) for b in doc.blocks)
    assert len(table.rows) == 5 and all(len(r) == 6 for r in table.rows)
    assert table.rows[0][3].colspan == 2 and table.rows[0][4].merged
    assert table.rows[1][0].merged and table.rows[3][0].merged  # covered by rowspans
    assert table.rows[3][1].text == "规上工业\n企业数"
    assert table.notes == ["注：亩均税收按规上工业企业计算。"]
    ex = extract_plan(doc.path)
    got = {i.name: (i.unit, i.baseline, i.target, i.attribute) for i in ex.indicators}
    assert got["规上工业增加值"] == ("亿元", 80, 120, "预期性")
    assert got["规上工业亩均税收"] == ("万元/亩", 25, 30, "约束性")
    assert ex.format == "html"


def test_a_page_without_a_declared_charset(tmp_path: Path) -> None:
    page = site(ARTICLE).replace("; charset=utf-8", "")
    doc = read_document(write(tmp_path, "plan.htm", page, "gb18030"))
    assert doc.blocks[0].text == "示例县“十四五”工业发展规划"  # type: ignore[union-attr]


def test_an_empty_page_and_extract_of_a_folder(tmp_path: Path, pw) -> None:  # type: ignore[no-untyped-def]
    empty = write(tmp_path, "empty.html", "<html><body><nav>菜单</nav></body></html>")
    out = pw("extract", str(empty), code=2)
    assert "the page has no text" in out
    folder = tmp_path / "plans"
    folder.mkdir()
    write(folder, "a.html", site(ARTICLE))
    summary = pw("extract", str(folder))
    assert "a.html" in summary and "│ html │ 3 " in summary


def test_the_seeds_as_pages_read_as_their_word_files(tmp_path: Path, shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        plan = to_plan(read_document(seed))
        word = rows(docx.render(plan, tmp_path / f"{seed.stem}.docx"))
        page = html.render(plan, tmp_path / f"{seed.stem}.html")
        assert rows(page) == word, seed.name
        gb = tmp_path / f"{seed.stem}_gb.html"
        text = page.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
        gb.write_bytes(site(text.split("<body>")[1].split("</body>")[0], "gb2312")
                       .encode("gb18030"))  # fmt: skip
        assert rows(gb) == word, f"{seed.name} in a site page, GB2312"


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice")
def test_libreoffice_html_exports_read_as_the_word_file(tmp_path: Path, shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        word = docx.render(to_plan(read_document(seed)), tmp_path / f"{seed.stem}.docx")
        page = convert(word, tmp_path / "lo", "html")
        assert rows(page) == rows(word), seed.name


def test_the_element_a_site_marks_as_content(tmp_path: Path) -> None:
    """A sidebar with as much plain text as the article: the element the site marks as
    its content (TRS_Editor here) is the article."""
    notice = "<p>" + "关于开展安全生产大检查的通知。" * 40 + "</p>"
    page = site(ARTICLE).replace('<div class="side">', f'<div class="side">{notice}')
    doc = read_document(write(tmp_path, "plan.html", page))
    assert not any("安全生产大检查" in getattr(b, "text", "") for b in doc.blocks)
    assert any(isinstance(b, Table) for b in doc.blocks)
