"""Reading and writing enterprise-year files: formats, headers, typing, every error."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from planwatch.errors import InputError
from planwatch.permu import data
from planwatch.permu.credit_code import check_char
from planwatch.permu.data import (
    DTYPES,
    read_enterprises,
    read_enterprises_with_warnings,
    write_enterprises,
)
from planwatch.permu.fields import FIELDS
from planwatch.permu.synth import synth_enterprises
from planwatch.sheets import write_xlsx

CN_HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "年份",
    "用地面积（亩）",
    "营业收入",
    "实缴税金",
    "是否规上",
    "标签",
]


def code(i: int) -> str:
    """A valid credit code per number (the tests write their own data)."""
    head = f"91330000MA{i:07d}"
    return head + check_char(head)


def write_csv(
    path: Path, headers: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def problems(path: Path, year: int | None = None) -> list[str]:
    with pytest.raises(InputError) as info:
        read_enterprises(path, year)
    assert "nothing was read" in info.value.reason
    return info.value.details


def good_rows() -> list[list[str]]:
    return [
        [code(1), "一号公司", "2023", "20.5", "1,200", "36", "是", "高新技术企业、专精特新"],
        [code(2), "二号公司", "2023年", "8", "300", "0", "否", ""],
        [code(3).lower(), "三号公司", "2023", "—", "2500.5", "75", "Y", "上市；高新技术企业"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_with_chinese_headers_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "e.csv", CN_HEADERS, good_rows(), encoding)
    frame = read_enterprises(path)
    assert frame.columns == [f.name for f in FIELDS]
    assert frame["credit_code"].to_list() == [code(1), code(2), code(3)]  # upper-cased
    assert frame["year"].to_list() == [2023, 2023, 2023]
    assert frame["land_mu"].to_list() == [20.5, 8.0, None]
    assert frame["revenue"].to_list() == [1200.0, 300.0, 2500.5]
    assert frame["above_scale"].to_list() == [True, False, True]
    assert frame["labels"].to_list() == [["高新技术企业", "专精特新"], [], ["上市", "高新技术企业"]]
    assert frame["employees"].is_null().all()  # optional column absent → null, typed


def test_every_field_has_its_type_even_when_absent(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", ["credit_code", "name"], [[code(1), "甲"]])
    frame = read_enterprises(path, year=2022)
    assert dict(frame.schema) == {f.name: DTYPES[f.kind] for f in FIELDS}
    assert frame["labels"].to_list() == [None]  # no label column: unknown, not "none"


def test_headers_match_loosely(tmp_path: Path) -> None:
    headers = [
        " Credit_Code ",
        "NAME",
        "Year",
        "用地面积 (亩)",
        "营业收入（万元）",
        "R&D经费",
        "cod",
    ]
    row = [code(1), "甲", "2023", "3", "10", "0.5", "0.01"]
    frame = read_enterprises(write_csv(tmp_path / "e.csv", headers, [row]))
    got = frame.select("land_mu", "revenue", "rd", "cod_t").row(0)
    assert got == (3.0, 10.0, 0.5, 0.01)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True), ("0", False),
     ("TRUE", True), ("false", False), ("√", True), ("×", False), ("", None)],
)  # fmt: skip
def test_yes_no_cells(tmp_path: Path, cell: str, value: bool | None) -> None:
    path = write_csv(
        tmp_path / "e.csv", ["credit_code", "name", "year", "规上"], [[code(1), "甲", "2023", cell]]
    )
    assert read_enterprises(path)["above_scale"].to_list() == [value]


def test_year_argument(tmp_path: Path) -> None:
    no_year = write_csv(tmp_path / "a.csv", ["credit_code", "name"], [[code(1), "甲"]])
    assert read_enterprises(no_year, 2021)["year"].to_list() == [2021]
    with pytest.raises(InputError, match="no year column"):
        read_enterprises(no_year)
    blank = write_csv(
        tmp_path / "b.csv",
        ["credit_code", "name", "year"],
        [[code(1), "甲", ""], [code(2), "乙", "2020"]],
    )
    assert read_enterprises(blank, 2021)["year"].to_list() == [2021, 2020]
    assert problems(blank) == ["row 2, column year: missing value"]


def test_every_error_kind_is_listed_with_row_and_column(tmp_path: Path) -> None:
    headers = [*CN_HEADERS, "利润总额", "综合能耗", "投产年份"]
    rows = [
        [code(1), "好公司", "2023", "10", "100", "5", "是", "", "-3", "1", "2010"],  # fine (loss)
        [code(1)[:-1] + "X", "坏码", "2023", "10", "100", "5", "是", "", "1", "1", "2010"],
        ["", "", "2023", "abc", "-5", "-1", "也许", "", "1", "-2", "2030"],
        [code(1), "重复", "2023", "10", "100", "5", "是", "", "1", "1", "1066"],
        ["91330000MA00000O1X", "坏字", "二〇二三", "10", "100", "5", "否", "", "1", "1", "20.5"],
    ]
    path = write_csv(tmp_path / "e.csv", headers, rows, "utf-8-sig")
    bad = code(1)[:-1] + "X"
    assert problems(path) == [
        f"row 3, column 统一社会信用代码: invalid credit code '{bad}': "
        f"check character should be {code(1)[-1]}, not X",
        "row 4, column 统一社会信用代码: missing value",
        "row 4, column 企业名称: missing value",
        "row 4, column 用地面积（亩）: 'abc' is not a number",
        "row 4, column 营业收入: -5 is negative",
        "row 4, column 实缴税金: -1 is negative",
        "row 4, column 综合能耗: -2 is negative",
        "row 4, column 是否规上: '也许' is not yes/no (是/否)",
        "row 4, column 投产年份: start year 2030 is after the evaluation year 2023",
        f"row 5, column 统一社会信用代码: credit code {code(1)} "
        "already appears on row 2 for the same year",
        "row 5, column 投产年份: 1066 is not a plausible year",
        "row 6, column 统一社会信用代码: invalid credit code '91330000MA00000O1X': "
        "bad character 'O' (I O Z S V are never used)",
        "row 6, column 年份: '二〇二三' is not a whole number",
        "row 6, column 投产年份: '20.5' is not a whole number",
    ]  # fmt: skip


def test_same_code_in_different_years_is_fine(tmp_path: Path) -> None:
    rows = [[code(1), "甲", "2022"], [code(1), "甲", "2023"]]
    path = write_csv(tmp_path / "e.csv", ["credit_code", "name", "year"], rows)
    assert read_enterprises(path).height == 2


def test_all_or_nothing_and_the_listing_cap(tmp_path: Path) -> None:
    rows = [[code(i), f"企业{i}", "2023", "5"] for i in range(1, 301)]
    rows[150][3] = "-1"
    path = write_csv(tmp_path / "one.csv", ["credit_code", "name", "year", "land_mu"], rows)
    with pytest.raises(InputError) as info:
        read_enterprises(path)
    assert info.value.reason == "1 problem in 1 row; nothing was read"
    assert info.value.details == ["row 152, column land_mu: -1 is negative"]
    for r in rows:
        r[3] = "x"
    path = write_csv(tmp_path / "many.csv", ["credit_code", "name", "year", "land_mu"], rows)
    details = problems(path)
    assert len(details) == data.MAX_LISTED + 1
    assert details[-1] == "… and 100 more"


def test_header_problems(tmp_path: Path) -> None:
    missing = write_csv(tmp_path / "a.csv", ["企业名称", "年份"], [["甲", "2023"]])
    with pytest.raises(InputError) as info:
        read_enterprises(missing)
    assert info.value.details == ["row 1: missing column(s): credit_code (统一社会信用代码)"]
    twice = write_csv(
        tmp_path / "b.csv",
        ["信用代码", "企业名称", "税收", "实缴税金"],
        [[code(1), "甲", "1", "2"]],
    )
    with pytest.raises(InputError) as info:
        read_enterprises(twice, 2023)
    assert info.value.details == ["row 1: columns '税收' and '实缴税金' are both tax; keep one"]
    only_header = write_csv(tmp_path / "c.csv", CN_HEADERS, [])
    with pytest.raises(InputError, match="no enterprise rows"):
        read_enterprises(only_header)


def test_unknown_columns_and_labels_are_warnings(tmp_path: Path) -> None:
    headers = ["credit_code", "name", "year", "revenu", "备注", "labels"]
    path = write_csv(
        tmp_path / "e.csv", headers, [[code(1), "甲", "2023", "5", "x", "亩均A类|上市"]]
    )
    frame, warnings = read_enterprises_with_warnings(path)
    assert frame["revenue"].is_null().all()
    assert warnings == [
        "ignored column 'revenu' (did you mean revenue?)",
        "ignored column '备注'",
        "labels not in the known list, kept as written: 亩均A类",
    ]


def test_excel_number_hint_for_codes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "e.csv", ["credit_code", "name", "year"], [["9.1330106E+17", "甲", "2023"]]
    )
    assert problems(path) == [
        "row 2, column credit_code: invalid credit code '9.1330106E+17': wrong length "
        "(13 characters, need 18) (stored as a number? format the column as text)"
    ]


def test_xlsx_with_typed_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [code(1), "甲", 2023, 12.5, 1200, True, "专精特新"],
        [code(2), "乙", 2023, None, 80, False, None],
    ]
    headers = ["统一社会信用代码", "企业名称", "年份", "用地面积（亩）", "营业收入", "规上", "标签"]
    path = write_xlsx(tmp_path / "e.xlsx", {"企业": (headers, rows)})
    frame = read_enterprises(path)
    assert frame.select("year", "land_mu", "revenue", "above_scale").rows() == [
        (2023, 12.5, 1200.0, True),
        (2023, None, 80.0, False),
    ]
    assert frame["labels"].to_list() == [["专精特新"], []]


@pytest.mark.parametrize("ext", [".csv", ".xlsx", ".parquet"])
def test_round_trip(tmp_path: Path, ext: str) -> None:
    frame = synth_enterprises(300, seed=5)
    path = write_enterprises(frame, tmp_path / f"out{ext}")
    back, warnings = read_enterprises_with_warnings(path)
    assert warnings == []
    assert_frame_equal(back, frame)


def test_csv_is_excel_friendly(tmp_path: Path) -> None:
    path = write_enterprises(synth_enterprises(5, seed=1), tmp_path / "e.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcredit_code,name,year,")


def test_parquet_typed_columns_validated_vectorised(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "统一社会信用代码": [code(1), code(2), code(1), "BAD"],
            "企业名称": ["甲", "乙", "丙", "丁"],
            "年份": [2023, 2023, 2023, 2023],
            "用地面积": [10.0, float("nan"), -1.0, 3.0],
            "实缴税金": ["1,000", "x", "2", "3"],
            "规上": [1, 0, 1, 2],
        }
    )
    path = tmp_path / "e.parquet"
    frame.write_parquet(path)
    assert problems(path) == [  # parquet rows are 1-based record numbers
        "row 2, column 用地面积: 'NaN' is not a finite number",  # computed, not missing
        "row 2, column 实缴税金: 'x' is not a number",
        f"row 3, column 统一社会信用代码: credit code {code(1)} "
        "already appears on row 1 for the same year",
        "row 3, column 用地面积: -1.0 is negative",
        "row 4, column 统一社会信用代码: invalid credit code 'BAD': "
        "wrong length (3 characters, need 18)",
        "row 4, column 规上: '2' is not yes/no (是/否)",
    ]  # fmt: skip
    good = frame.head(2).with_columns(
        pl.Series("实缴税金", ["1,000", "2"]),
        pl.Series("规上", [1, 0]),
        pl.Series("用地面积", [10.0, None]),  # pandas and polars write missing floats as null
    )
    good.write_parquet(path)
    back = read_enterprises(path)
    assert back["land_mu"].to_list() == [10.0, None]
    assert back["tax"].to_list() == [1000.0, 2.0]
    assert back["above_scale"].to_list() == [True, False]


def test_csv_rows_are_numbered_as_a_sheet_shows_them(tmp_path: Path) -> None:
    """Blank lines and a cell over two lines: the error names the row Excel shows."""
    path = tmp_path / "e.csv"
    lines = [
        "credit_code,name,year,land_mu",
        f'{code(1)},"一号\n公司",2023,5',  # one row, two lines
        "",
        ",,,",
        f"{code(2)},二号公司,2023,-1",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(path) == ["row 5, column land_mu: -1 is negative"]
    path.write_text("\n".join(lines[:-1]) + f"\n{code(2)},二号公司,2023,1\n", encoding="utf-8")
    assert read_enterprises(path)["name"].to_list() == ["一号\n公司", "二号公司"]


def test_csv_fast_and_row_by_row_readers_agree(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", CN_HEADERS, good_rows(), "gbk")
    fast = data._load_csv(path, data.ENTERPRISES)
    slow = data._load_sheet(path, data.ENTERPRISES)
    assert fast.shown == slow.shown and fast.ignored == slow.ignored
    assert_frame_equal(
        data.type_columns(fast, None)[0].select(f.name for f in FIELDS),
        data.type_columns(slow, None)[0].select(f.name for f in FIELDS),
    )


def test_csv_with_more_cells_than_headers_or_a_repeated_header(tmp_path: Path) -> None:
    ragged = tmp_path / "a.csv"
    ragged.write_text(f"credit_code,name,year\n{code(1)},甲,2023,surplus\n", encoding="utf-8")
    assert read_enterprises(ragged)["name"].to_list() == ["甲"]  # the sheet reader's way
    twice = write_csv(
        tmp_path / "b.csv", ["企业名称", "credit_code", "企业名称"], [["甲", code(1), "乙"]]
    )
    with pytest.raises(InputError) as info:
        read_enterprises(twice, 2023)
    assert info.value.details == [
        "row 1: columns '企业名称' and '企业名称' are both name; keep one"
    ]


def test_gb18030_csv_with_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    text = "\ufeff" + "credit_code,name,year\n" + f"{code(1)},甲,2023\n"
    path.write_bytes(text.encode("gb18030"))  # the mark is 84 31 95 33 in GB18030
    assert read_enterprises(path)["name"].to_list() == ["甲"]


def test_csv_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "MAX_CSV_BYTES", 10)
    path = write_csv(tmp_path / "e.csv", CN_HEADERS, good_rows())
    with pytest.raises(InputError, match="over the"):
        read_enterprises(path)


def test_bad_files(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("{}")
    with pytest.raises(InputError, match="unknown file type"):
        read_enterprises(tmp_path / "e.json")
    with pytest.raises(InputError, match="is a folder"):
        read_enterprises(tmp_path)
    broken = tmp_path / "e.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InputError, match=r"not a readable \.parquet"):
        read_enterprises(broken)
    with pytest.raises(InputError, match="no such file"):
        read_enterprises(tmp_path / "missing.parquet")
    with pytest.raises(InputError, match="unknown file type"):
        write_enterprises(synth_enterprises(2, seed=1), tmp_path / "e.txt")


def test_xlsx_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "XLSX_MAX_ROWS", 3)
    with pytest.raises(InputError, match="do not fit in Excel"):
        write_enterprises(synth_enterprises(4, seed=1), tmp_path / "e.xlsx")


def test_xlsx_merged_regions_fill_down_and_formulas_without_results_are_named(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称", "年份", "地区", "用地面积"])
    ws.append([code(1), "甲", 2023, "甲镇", 10])
    ws.append([code(2), "乙", 2023, None, 12])
    ws.merge_cells("D2:D3")  # one township merged down over its firms
    path = tmp_path / "e.xlsx"
    wb.save(path)
    frame, warnings = read_enterprises_with_warnings(path)
    assert frame["region"].to_list() == ["甲镇", "甲镇"]
    assert any("merged cells D2:D3" in w for w in warnings)
    ws["E3"] = "=E2*2"  # written by a program: no saved result
    wb.save(path)
    with pytest.raises(InputError, match="no saved result") as info:
        read_enterprises(path)
    assert info.value.details == ["cell E3: a formula without a saved result"]


def _typed_frame(n: int = 300) -> pl.DataFrame:
    """Enterprises with every column already of its type, as a pipeline writes them."""
    return synth_enterprises(n, seed=3)


def _put(frame: pl.DataFrame, column: str, row: int, value: object) -> pl.DataFrame:
    """`frame` with one cell changed."""
    return frame.with_columns(frame[column].clone().scatter(row, value))


def _full_path(path: Path, year: int | None = None) -> pl.DataFrame:
    """What the cell-by-cell path makes of `path` (the fast path switched off)."""
    source = data.load(path)
    frame, kinds = data.type_columns(source, year)
    assert data.find_errors(frame, kinds).height == 0
    return frame.select([f.name for f in FIELDS])


def test_a_typed_parquet_takes_the_fast_path_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _typed_frame().with_columns(
        pl.col("region").str.replace("^", " "),  # padded text is stripped on the fast path too
        pl.col("land_mu").cast(pl.Float32),  # narrower numbers are widened
    )
    path = tmp_path / "typed.parquet"
    frame.write_parquet(path)
    full = _full_path(path)

    def no_full_path(*args: object) -> None:
        raise AssertionError("the cell-by-cell path ran")

    monkeypatch.setattr(data, "type_columns", no_full_path)
    fast = read_enterprises(path)
    assert_frame_equal(fast, full)
    assert fast.schema == full.schema


@pytest.mark.parametrize(
    "spoil",
    [
        lambda f: _put(f, "land_mu", 0, -1.0),  # negative
        lambda f: _put(f, "tax", 1, float("inf")),  # not finite
        lambda f: _put(f, "name", 2, " — "),  # blank after stripping
        lambda f: _put(f, "credit_code", 3, "91330000ma0000001x"),  # case
        lambda f: _put(f, "credit_code", 4, f["credit_code"][5]),  # twice
        lambda f: _put(f, "start_year", 6, 2999),  # implausible
        lambda f: _put(f, "year", 7, None),  # missing year
    ],
)
def test_a_typed_parquet_with_a_problem_gets_the_full_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: object
) -> None:
    """Any problem sends the file down the cell-by-cell path: the same problems listed
    as if the fast path did not exist."""
    path = tmp_path / "typed.parquet"
    spoil(_typed_frame()).write_parquet(path)  # type: ignore[operator]
    with_fast = problems(path)
    monkeypatch.setattr(data, "_typed_already", lambda *a: None)
    assert with_fast == problems(path)


def test_a_hash_tie_without_a_duplicate_reads_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "typed.parquet"
    _typed_frame().write_parquet(path)
    # as if two hashes met
    monkeypatch.setattr(data, "_maybe_duplicates", lambda frame, period="year": True)
    assert_frame_equal(read_enterprises(path), _full_path(path))


def test_reading_in_the_background_gives_the_same_frame_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    _typed_frame().write_parquet(path)
    assert_frame_equal(data.read_soon(path)(), read_enterprises(path))
    pending = data.read_soon(tmp_path / "missing.parquet")
    with pytest.raises(InputError, match=r"missing\.parquet"):
        pending()
