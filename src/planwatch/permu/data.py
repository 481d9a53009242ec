"""Read and write enterprise-year records (.csv, .xlsx, .parquet), all or nothing.

Per-mu evaluation ranks every enterprise of a county, so one bad row (a typed
credit code, a land area entered as text, the same enterprise twice) silently
shifts everyone's tier. Every row is therefore checked before anything is
returned, and every problem is listed with its row and column; one problem
means nothing is read.

Checks run as polars expressions over whole columns (no Python loop over rows),
so 1,000,000 rows validate in well under a second. Columns are matched by the
English field name or a Chinese header or alias from `fields.FIELDS`, ignoring
case, spaces, underscores and a trailing unit bracket (用地面积（亩）). Unknown
columns are ignored and reported as warnings.

Row numbers are what the user sees: for .csv/.xlsx the sheet row (header = 1),
for .parquet the 1-based record number. Every problem is said in English (the
command line) and in Chinese (the pages: "第12行，统一社会信用代码列：“9133…”校验位不符"),
with the same row, column and value.

Cell conventions: blank, "-", "—", "/" are empty; numbers may have thousands
separators; yes/no accepts 是/否, Y/N, 1/0, true/false, √/×; labels split on
、,，;；| and spaces (a blank label cell is an empty list, a missing label column
null). Files are written with the English column names (what `read_enterprises`
matches first and what other tools expect); labels joined with 、; CSV as UTF-8
with BOM so Excel opens it; yes/no as true/false.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import functools
import io
import logging
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from planwatch.actuals.cells import RowError
from planwatch.errors import InputError
from planwatch.files import input_file, output_file, output_target
from planwatch.permu.fields import DTYPES, FIELDS, LABELS, Field
from planwatch.sheets import read_sheet, write_xlsx
from planwatch.sheets.read import MAX_BYTES as SHEET_MAX_BYTES
from planwatch.sheets.read import csv_utf8, read_bytes

log = logging.getLogger(__name__)

ROW = "__row"
MAX_LISTED = 200
XLSX_MAX_ROWS = 1_048_575  # Excel's limit less the header row
MAX_CSV_BYTES = 4 * 2**30  # a province's enterprises fit many times over
BLANKS = ("", "-", "—", "--", "——", "－", "/", "N/A", "n/a", "NA", "null", "NULL", "None")
TRUE = ("是", "y", "yes", "true", "t", "1", "1.0", "√", "✓", "✔")
FALSE = ("否", "n", "no", "false", "f", "0", "0.0", "×", "✗", "✘")
LABEL_SEPARATORS = r"[、,，;；|｜\s]+"
FIRST_YEAR, LAST_YEAR = 1900, 2100
ERROR_SCHEMA = {
    ROW: pl.Int64,
    "field": pl.String,
    "kind": pl.String,
    "value": pl.String,
    "other": pl.Int64,
}


def normal_header(text: str) -> str:
    """`  用地面积（亩） ` → `用地面积`; `Land_MU` → `landmu`."""
    t = re.sub(r"[\s_\-]+", "", str(text)).lower()
    return re.sub(r"[（(\[【][^（()）\[\]【】]*[）)\]】]$", "", t) or t


@dataclass(frozen=True)
class Records:
    """A kind of record file: its fields, the period that with the credit code keys a
    row (year, month), and the checks beyond a field's type. The enterprise-year file
    of the per-mu evaluation is one; the monthly file of the early warning another."""

    what: str  # for messages: "enterprise rows"
    fields: tuple[Field, ...]
    period: str  # "year" or "month"
    nonnegative: tuple[str, ...]
    year_fields: tuple[str, ...] = ()
    # (field, field it may not come after): a start year after the evaluation year
    not_after: tuple[tuple[str, str], ...] = ()
    # a period after the current one cannot have been reported yet
    no_future: bool = False
    what_zh: str = ""  # `what` in Chinese; by the period where not given

    @property
    def what_in_zh(self) -> str:
        """What a row is, in Chinese ("企业年度数据"), for "no rows under the header"."""
        return self.what_zh or {"year": "企业年度数据", "month": "企业月度数据"}.get(
            self.period, "数据"
        )

    @functools.cached_property
    def headers(self) -> dict[str, str]:
        return {normal_header(h): f.name for f in self.fields
                for h in (f.name, f.chinese, *f.aliases)}  # fmt: skip

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def required(self) -> tuple[str, ...]:
        return (*(f.name for f in self.fields if f.required), self.period)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


ENTERPRISES = Records(
    what="enterprise rows",
    what_zh="企业年度数据",
    fields=FIELDS,
    period="year",
    # Profit and value added can be negative (loss-making firms); nothing else can.
    nonnegative=tuple(f.name for f in FIELDS
                      if f.kind == "number" and f.name not in ("profit", "value_added")),
    year_fields=("year", "start_year"),
    not_after=(("start_year", "year"),),
)  # fmt: skip


@dataclass
class Source:
    """A file's mapped columns before typing: raw values under field names."""

    path: Path
    raw: pl.DataFrame  # ROW + one column per mapped field, as the file holds it
    shown: dict[str, str]  # field → header as written in the file
    ignored: list[str]
    notes: list[str] = dataclasses.field(default_factory=list)  # from the reader (merged cells)
    spec: Records = ENTERPRISES


# ---------------------------------------------------------------- columns


def _column_zh(field: str, spec: Records) -> str:
    """A field as a Chinese reader knows it, with the English name a file may use:
    统一社会信用代码（credit_code）."""
    found = spec.by_name.get(field)
    return f"{found.chinese}（{field}）" if found else field


def _unknown_type(ext: str, use: str) -> tuple[str, str]:
    """(English, Chinese) of a file type the reader does not take; `use` lists those it
    does (".csv, .xlsx or .parquet")."""
    shown_zh = f"“{ext}”" if ext else "（无扩展名）"
    use_zh = use.replace(", ", "、").replace(" or ", " 或 ")
    return (
        f"unknown file type '{ext or '(none)'}'; use {use}",
        f"不支持的文件类型{shown_zh}，请使用 {use_zh}",
    )


def _suggest(header: str, spec: Records) -> str:
    known = spec.headers
    close = difflib.get_close_matches(normal_header(header), list(known), n=1, cutoff=0.75)
    return f" (did you mean {known[close[0]]}?)" if close else ""


def match_columns(
    headers: list[str], path: Path, spec: Records = ENTERPRISES
) -> tuple[dict[str, int], list[str]]:
    """{field: column index} and the ignored headers; two columns for one field is an error."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[tuple[str, str]] = []  # (English, Chinese)
    for i, header in enumerate(headers):
        name = spec.headers.get(normal_header(header))
        if name is None:
            if header.strip():
                ignored.append(header)
        elif name in found:
            first = headers[found[name]]
            problems.append((f"columns '{first}' and '{header}' are both {name}; keep one",
                             f"“{first}”列与“{header}”列都是{_column_zh(name, spec)}，"
                             "请只保留一列"))  # fmt: skip
        else:
            found[name] = i
    absent = [f for f in spec.required if f not in found and f != "year"]
    if absent:
        missing = [f"{f} ({spec.by_name[f].chinese})" for f in absent]
        problems.append((f"missing column(s): {', '.join(missing)}",
                         f"缺少列：{'、'.join(_column_zh(f, spec) for f in absent)}"))  # fmt: skip
    if problems:
        raise InputError(path, "the header row does not fit", [f"row 1: {p}" for p, _ in problems],
                         zh="表头不符合要求",
                         details_zh=[f"第1行：{zh}" for _, zh in problems])  # fmt: skip
    return found, ignored


# ---------------------------------------------------------------- loading


def _load_sheet(path: Path, spec: Records) -> Source:
    sheet = read_sheet(path)
    cols, ignored = match_columns(sheet.headers, path, spec)
    rows = sheet.rows
    data: dict[str, list[object]] = {ROW: [n for n, _ in rows]}
    for name, i in cols.items():
        data[name] = [cells[i] if i < len(cells) else "" for _, cells in rows]
    schema = {ROW: pl.Int64, **{name: pl.String for name in cols}}
    shown = {name: sheet.headers[i] for name, i in cols.items()}
    return Source(path, pl.DataFrame(data, schema=schema), shown, ignored, sheet.notes, spec)


def _load_parquet(path: Path, spec: Records) -> Source:
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        kind = type(exc).__name__
        raise InputError(path, f"not a readable .parquet file ({kind})",
                         zh=f"无法读取该 .parquet 文件（{kind}）") from None  # fmt: skip
    return _source(path, frame, frame.columns, 1, spec)


def _source(
    path: Path, frame: pl.DataFrame, headers: list[str], first_row: int, spec: Records,
    keep: pl.Expr | None = None,
) -> Source:  # fmt: skip
    """The columns whose `headers` name a field, numbered from `first_row`; with
    `keep`, only the rows where it holds (evaluated on `frame`)."""
    cols, ignored = match_columns(headers, path, spec)
    names = frame.columns
    rows = pl.int_range(first_row, frame.height + first_row, dtype=pl.Int64)
    raw = frame.select(rows.alias(ROW), *[pl.col(names[i]).alias(f) for f, i in cols.items()])
    if keep is not None:
        raw = raw.filter(frame.select(keep).to_series())
    return Source(path, raw, {name: headers[i] for name, i in cols.items()}, ignored, [], spec)


def _load_csv(path: Path, spec: Records) -> Source:
    """A CSV read by polars in one go (a million rows in about a second); rows the
    fast reader refuses (more cells than the header …) go to the row-by-row reader,
    which says where, if the file is small enough for it."""
    data = csv_utf8(read_bytes(path, MAX_CSV_BYTES), path)
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError as exc:
        if len(data) <= SHEET_MAX_BYTES:
            return _load_sheet(path, spec)
        why = str(exc).splitlines()[0]
        raise InputError(path, f"not a valid CSV file ({why})",
                         zh=f"不是有效的 CSV 文件（{why}）") from None  # fmt: skip
    # polars renames a repeated header (a_duplicated_0); the header as written decides
    written = next(csv.reader(io.StringIO(data[:65536].decode("utf-8", errors="ignore"))), [])
    headers = [h.strip() for h in written[: frame.width]]
    headers += frame.columns[len(headers) :]
    if not any(headers):
        raise InputError(path, "no header row", zh="缺少表头行")
    filled = [pl.col(x).str.strip_chars().fill_null("") != "" for x in frame.columns]
    # header = row 1; blank rows dropped, as in a sheet
    return _source(path, frame, headers, 2, spec, keep=pl.any_horizontal(filled))


def load(path: Path, spec: Records = ENTERPRISES) -> Source:
    input_file(path)
    ext = path.suffix.lower()
    if ext == ".parquet":
        return _load_parquet(path, spec)
    if ext == ".csv":
        return _load_csv(path, spec)
    if ext in (".xlsx", ".xlsm"):
        return _load_sheet(path, spec)
    reason, zh = _unknown_type(ext, ".csv, .xlsx or .parquet")
    raise InputError(path, reason, zh=zh)


# ---------------------------------------------------------------- typing


def _text(c: pl.Expr) -> pl.Expr:
    """Stripped text; the blank spellings become null."""
    return c.cast(pl.String).str.strip_chars().replace(list(BLANKS), None)


def _as_text(c: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_float():  # 39.0 from a numeric column is the code 39
        whole = c.is_finite() & (c == c.round())
        return pl.when(whole).then(c.cast(pl.Int64).cast(pl.String)).otherwise(c.cast(pl.String))
    return _text(c)


def _labels(c: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List | pl.Array):
        items = c.cast(pl.List(pl.String)).list.eval(pl.element().str.strip_chars())
    else:
        items = c.cast(pl.String).str.replace_all(LABEL_SEPARATORS, "、").str.split("、")
    kept = items.list.eval(pl.element().filter(pl.element().is_not_null() & (pl.element() != "")))
    return kept.list.unique(maintain_order=True).fill_null(pl.lit([], dtype=pl.List(pl.String)))


@dataclass
class Plan:
    """How one column becomes typed, in stages so no expression is computed twice.

    Stage 0 cleans text cells (`clean`, replacing the column), stage 1 parses
    (`parse`) and notes which cells held something (`present`), stage 2 (by
    `kind`) turns unparseable cells into null and marks them bad.
    """

    parse: pl.Expr
    clean: pl.Expr | None = None
    present: pl.Expr | None = None
    kind: str = ""  # "number", "int", "bool": checked in stage 2; "" is final after stage 1


def plan(field: Field, dtype: pl.DataType) -> Plan:
    c = pl.col(field.name)
    if field.kind == "text":
        value = _as_text(c, dtype)
        return Plan(value.str.to_uppercase() if field.name == "credit_code" else value)
    if field.kind == "labels":
        return Plan(_labels(c, dtype))
    if field.kind == "month":
        return _month_plan(c, dtype)
    if field.kind == "bool":
        if dtype == pl.Boolean:
            return Plan(c)
        words = {**dict.fromkeys(TRUE, True), **dict.fromkeys(FALSE, False)}
        parse = c.replace_strict(words, default=None, return_dtype=pl.Boolean)
        return Plan(parse, _text(c).str.to_lowercase(), c.is_not_null(), "bool")
    if field.kind == "int" and dtype.is_integer():
        return Plan(c.cast(pl.Int64))
    if dtype.is_numeric() or dtype == pl.Boolean:
        # NaN is a value that is not finite (refused), not a missing one: pandas writes
        # missing floats as null in Parquet, so a NaN there was computed, and is wrong
        return Plan(c.cast(pl.Float64), None, c.is_not_null(), field.kind)
    clean = _text(c).str.replace_all(r"[,，\s]", "")
    if field.name in ("year", "start_year"):
        clean = clean.str.strip_suffix("年")
    return Plan(c.cast(pl.Float64, strict=False), clean, c.is_not_null(), field.kind)


# 2024-03, 2024/3, 2024.03, 2024年3月, 202403, and a date in the month (2024-03-01)
_MONTH = (
    r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?|(\d{2}))(?:[ T].*)?$"
)


def _month_plan(c: pl.Expr, dtype: pl.DataType) -> Plan:
    """A month as 'YYYY-MM' text, whatever way a sheet writes it."""
    if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
        return Plan(c.dt.strftime("%Y-%m"))
    text = _text(c.cast(pl.String))
    parts = text.str.extract_groups(_MONTH)
    number = pl.coalesce(parts.struct.field("2"), parts.struct.field("3")).cast(pl.Int32)
    month = pl.when(number.is_between(1, 12)).then(
        parts.struct.field("1") + pl.lit("-") + number.cast(pl.String).str.zfill(2)
    )
    return Plan(month, None, text.is_not_null(), "month")


def _checked(name: str, kind: str) -> tuple[pl.Expr, pl.Expr]:
    """Stage 2: (final value, bad mask) from the parsed value and `present`."""
    v = pl.col(name)
    if kind in ("bool", "month"):
        ok = v.is_not_null()
    elif kind == "int":
        ok = v.is_finite() & (v == v.round()) & (v.abs() <= 1e15)
    else:
        ok = v.is_finite()
    ok = ok.fill_null(False)
    value = pl.when(ok).then(v).otherwise(None)
    if kind == "int":
        value = value.cast(pl.Int64)
    return value, pl.col(_present_name(name)) & ~ok


def _raw_name(name: str) -> str:
    return f"__raw_{name}"


def _bad_name(name: str) -> str:
    return f"__bad_{name}"


def _present_name(name: str) -> str:
    return f"__present_{name}"


def type_columns(source: Source, year: int | None) -> tuple[pl.DataFrame, dict[str, str]]:
    """ROW + every field typed (missing columns null) + raw and unreadable-mask columns.

    Returns the frame and {field: error kind} for the fields with a mask column.
    """
    raw, spec = source.raw, source.spec
    if spec.period not in raw.columns and year is None:
        period = spec.by_name[spec.period]
        given = " and no year given (--year)" if spec.period == "year" else ""
        given_zh = "，且未指定年份（--year）" if spec.period == "year" else ""
        raise InputError(source.path, f"no {period.name} column ({period.chinese}){given}",
                         zh=f"缺少{_column_zh(period.name, spec)}列{given_zh}")  # fmt: skip
    plans = {f.name: plan(f, raw.schema[f.name]) for f in spec.fields if f.name in raw.columns}
    frame = raw.with_columns(pl.col(name).alias(_raw_name(name)) for name in plans).with_columns(
        p.clean.alias(name) for name, p in plans.items() if p.clean is not None
    )
    stage1 = [p.parse.alias(name) for name, p in plans.items()]
    stage1 += [p.present.alias(_present_name(n)) for n, p in plans.items() if p.present is not None]
    frame = frame.with_columns(stage1)
    kinds = {name: p.kind for name, p in plans.items() if p.kind}
    stage2: list[pl.Expr] = []
    for name, kind in kinds.items():
        value, bad = _checked(name, kind)
        stage2 += [value.alias(name), bad.alias(_bad_name(name))]
    frame = frame.with_columns(stage2).drop(_present_name(n) for n in kinds)
    missing = [
        pl.lit(year if f.name == "year" else None, dtype=DTYPES[f.kind]).alias(f.name)
        for f in spec.fields
        if f.name not in plans
    ]
    frame = frame.with_columns(missing)
    if year is not None:
        frame = frame.with_columns(pl.col("year").fill_null(year))
    return frame, kinds


# ---------------------------------------------------------------- checks


def _errors(
    frame: pl.DataFrame,
    mask: pl.Expr | pl.Series,
    field: str,
    kind: str,
    other: pl.Expr | None = None,
    typed: bool = False,
) -> pl.DataFrame:
    """The rows where `mask` holds as problems; the value shown is the cell as written
    unless `typed` (the normalised value, e.g. an upper-cased credit code)."""
    raw = _raw_name(field)
    value = pl.col(raw) if raw in frame.columns and not typed else pl.col(field)
    return frame.filter(mask).select(
        pl.col(ROW),
        pl.lit(field).alias("field"),
        pl.lit(kind).alias("kind"),
        value.cast(pl.String).alias("value"),
        (pl.lit(None, dtype=pl.Int64) if other is None else other).alias("other"),
    )


def _duplicates(frame: pl.DataFrame, spec: Records) -> pl.DataFrame:
    """Every row whose (credit code, period) an earlier row already has."""
    keys = ["credit_code", spec.period]
    again = frame.filter(pl.col("credit_code").is_not_null() & ~pl.struct(keys).is_first_distinct())
    if again.height == 0:
        return pl.DataFrame(schema=ERROR_SCHEMA)
    first = (
        frame.join(again.select(keys).unique(), on=keys)
        .group_by(keys)
        .agg(pl.col(ROW).min().alias("__first"))
    )
    return _errors(
        again.join(first, on=keys),
        pl.lit(True),
        "credit_code",
        "duplicate" if spec.period == "year" else f"duplicate_{spec.period}",
        other=pl.col("__first"),
        typed=True,
    )


@dataclass
class Check:
    field: str
    kind: str
    mask: pl.Expr | pl.Series  # True where the row has the problem
    other: pl.Expr | None = None
    typed: bool = False  # show the normalised value, not the cell as written


def checks(frame: pl.DataFrame, kinds: dict[str, str], spec: Records = ENTERPRISES) -> list[Check]:
    """Every row check except duplicates, as masks over the typed frame."""
    found = [Check(f, k, pl.col(_bad_name(f))) for f, k in kinds.items()]
    for name in spec.required:
        unreadable = pl.col(_bad_name(name)) if name in kinds else pl.lit(False)
        found.append(Check(name, "missing", pl.col(name).is_null() & ~unreadable))
    codes = frame["credit_code"]
    found.append(Check("credit_code", "credit", codes.is_not_null() & ~_valid(codes), typed=True))
    found += [Check(name, "negative", pl.col(name) < 0) for name in spec.nonnegative]
    found += [
        Check(name, "year", ~pl.col(name).is_between(FIRST_YEAR, LAST_YEAR))
        for name in spec.year_fields
    ]
    for name, limit in spec.not_after:
        found.append(Check(name, "late", pl.col(name) > pl.col(limit), other=pl.col(limit)))
    if spec.no_future:
        found.append(Check(spec.period, "future", pl.col(spec.period) > current_month()))
    return found


def current_month() -> str:
    """This month as 'YYYY-MM', the latest a monthly row can be for."""
    import datetime

    return datetime.date.today().strftime("%Y-%m")


def find_errors(
    frame: pl.DataFrame, kinds: dict[str, str], spec: Records = ENTERPRISES
) -> pl.DataFrame:
    """Every problem as (row, field, kind, value, other), sorted by row then column.

    All masks are evaluated in one parallel pass and counted; only the checks
    that hit anything are turned into rows.
    """
    found = checks(frame, kinds, spec)
    exprs = [pl.lit(c.mask) if isinstance(c.mask, pl.Series) else c.mask for c in found]
    masks = frame.select(e.fill_null(False).alias(f"m{i}") for i, e in enumerate(exprs))
    hits = masks.select(pl.all().any()).row(0)
    parts = [
        _errors(frame, masks.to_series(i), c.field, c.kind, c.other, c.typed)
        for i, (c, hit) in enumerate(zip(found, hits, strict=True))
        if hit
    ]
    parts.append(_duplicates(frame, spec))
    order = {f.name: i for i, f in enumerate(spec.fields)}
    errors = pl.concat([e.cast(ERROR_SCHEMA) for e in parts])  # type: ignore[arg-type]
    return errors.sort(ROW, pl.col("field").replace_strict(order, return_dtype=pl.Int64))


def _valid(codes: pl.Series) -> pl.Series:
    """`credit_code.valid_mask`, imported on use: it brings numpy, which a command
    reading enterprises in the background imports meanwhile."""
    from planwatch.permu.credit_code import valid_mask

    return valid_mask(codes)


def _stored_as_number(value: str) -> bool:
    """A code Excel turned into a number (91330000123456789 or 9.13E+17)."""
    return re.fullmatch(r"\d{15,}|[\d.]+E\+\d+", value, re.IGNORECASE) is not None


def _credit_hint(value: str) -> str:
    return " (stored as a number? format the column as text)" if _stored_as_number(value) else ""


def credit_problem_zh(code: str) -> str | None:
    """`credit_code.problem` in Chinese: why `code` is not a valid credit code, or None."""
    from planwatch.permu.credit_code import problem

    return problem(code, "zh")


def _non_finite(text: str) -> bool:
    try:
        return not math.isfinite(float(text.replace(",", "")))
    except ValueError:
        return False


def message(kind: str, value: str | None, other: int | None, lang: str = "en") -> str:
    """The words for one problem, in English or (`lang` "zh") Chinese; built only for
    the rows that are listed."""
    if lang == "zh":
        return message_zh(kind, value, other)
    v = value or ""
    match kind:
        case "missing":
            return "missing value"
        case "number":
            return f"'{v}' is not a {'finite ' if _non_finite(v) else ''}number"
        case "int":
            return f"'{v}' is not a whole number"
        case "bool":
            return f"'{v}' is not yes/no (是/否)"
        case "credit":
            from planwatch.permu.credit_code import problem

            return f"invalid credit code '{v}': {problem(v)}{_credit_hint(v)}"
        case "negative":
            return f"{v} is negative"
        case "year":
            return f"{v} is not a plausible year"
        case "late":
            return f"start year {v} is after the evaluation year {other}"
        case "month":
            return f"'{v}' is not a month (2024-03)"
        case "future":
            return f"{v} is after the current month"
        case "duplicate":
            return f"credit code {v} already appears on row {other} for the same year"
        case "duplicate_month":
            return f"credit code {v} already appears on row {other} for the same month"
    return kind


def message_zh(kind: str, value: str | None, other: int | None) -> str:
    """`message` in Chinese, with the same value and row."""
    v = value or ""
    match kind:
        case "missing":
            return "未填写"
        case "number":
            return f"“{v}”不是有限数值" if _non_finite(v) else f"“{v}”不是数字"
        case "int":
            return f"“{v}”不是整数"
        case "bool":
            return f"“{v}”不是“是/否”"
        case "credit":
            hint = "（是否存成了数字？请将该列设为文本格式）" if _stored_as_number(v) else ""
            return f"“{v}”{credit_problem_zh(v) or '不是有效的统一社会信用代码'}{hint}"
        case "negative":
            return f"{v}为负数"
        case "year":
            return f"{v}不是合理的年份"
        case "late":
            return f"投产年份{v}晚于评价年份{other}"
        case "month":
            return f"“{v}”不是有效月份（格式如 2024-03）"
        case "future":
            return f"{v}晚于当前月份"
        case "duplicate":
            return f"“{v}”与第{other}行重复（同一年份）"
        case "duplicate_month":
            return f"“{v}”与第{other}行重复（同一月份）"
    return kind


def _shown_zh(field: str, shown: dict[str, str], spec: Records) -> str:
    """The column of a problem for a Chinese line: the header as the file writes it (what
    the user looks for), with the Chinese name beside an English header."""
    written = shown.get(field)
    if written is None:
        return _column_zh(field, spec)
    found = spec.by_name.get(field)
    if found is not None and normal_header(written) == normal_header(field):
        return f"{written}（{found.chinese}）"
    return written


def error_lines(
    errors: pl.DataFrame, shown: dict[str, str], lang: str = "en", spec: Records = ENTERPRISES
) -> list[str]:
    """One line per problem, at most MAX_LISTED, then how many more; in English, or
    (`lang` "zh") in Chinese: "第12行，统一社会信用代码列：“9133…”校验位不符"."""
    rows = errors.head(MAX_LISTED).iter_rows(named=True)
    if lang == "zh":
        lines = [
            f"第{r[ROW]}行，{_shown_zh(r['field'], shown, spec)}列："
            f"{message_zh(r['kind'], r['value'], r['other'])}"
            for r in rows
        ]
        if errors.height > MAX_LISTED:
            lines.append(f"……另有{errors.height - MAX_LISTED}处问题未列出")
        return lines
    lines = [
        str(
            RowError(
                r[ROW],
                shown.get(r["field"], r["field"]),
                message(r["kind"], r["value"], r["other"]),
            )
        )
        for r in rows
    ]
    if errors.height > MAX_LISTED:
        lines.append(f"… and {errors.height - MAX_LISTED} more")
    return lines


# ---------------------------------------------------------------- fast path


def _typed_already(source: Source, year: int | None) -> pl.DataFrame | None:
    """The records as `type_columns` would give them, for a file whose columns already
    have their types (a Parquet file written by a pipeline or by planwatch), when every
    value passes every check; otherwise None, and the full path types and checks each
    cell and lists the problems.

    The schema is checked per column; the checks are one select of reductions; credit
    codes are checked by `valid_mask` on the codes as stored (a valid code is already
    stripped and upper-case, so the full path would leave it as it is); duplicate
    (code, year) pairs by sorting a 64-bit hash of each pair, where a tie (a duplicate,
    or once in billions a collision) sends the file down the full path.
    """
    raw, spec = source.raw, source.spec
    fields = [f for f in spec.fields if f.name in raw.columns]
    if not all(_already(f, raw.schema[f.name]) for f in fields):
        return None
    if spec.period not in raw.columns and year is None:
        return None  # the full path says what is missing
    query = raw.lazy().select(*(_fast_value(f) for f in fields))
    query = query.with_columns(
        pl.lit(year if f.name == "year" else None, dtype=DTYPES[f.kind]).alias(f.name)
        for f in spec.fields
        if f.name not in raw.columns
    )
    if year is not None:
        query = query.with_columns(pl.col("year").fill_null(year))
    query = query.select(spec.names)
    # one run: the typed columns once, for the frame and for the checks
    typed, problems = pl.collect_all([query, query.select(_fast_problems(spec))])
    if problems.item():
        return None
    if not _valid(typed["credit_code"]).all() or _maybe_duplicates(typed, spec.period):
        return None
    return typed


def _already(field: Field, dtype: pl.DataType) -> bool:
    """Does a column of `dtype` hold `field` as the typed frame does?"""
    if field.kind == "number":
        return dtype.is_float() or dtype.is_integer()
    if field.kind == "int":
        return dtype.is_integer()
    if field.kind == "month":
        return dtype == pl.String  # its form is checked with the values
    return dtype == DTYPES[field.kind]


def _fast_value(field: Field) -> pl.Expr:
    """The typed column, as `plan` makes it from a column of its own type."""
    c = pl.col(field.name)
    if field.kind == "text":
        return c if field.name == "credit_code" else _text(c)
    if field.kind == "labels":
        return _labels(c, DTYPES["labels"])
    if field.kind == "number":
        return c.cast(pl.Float64)
    if field.kind == "int":
        return c.cast(pl.Int64)
    return c


def _fast_problems(spec: Records) -> pl.Expr:
    """True if any value of the typed frame fails a check of `checks`."""
    problems = [pl.col(name).is_null().any() for name in spec.required]
    problems += [(~pl.col(f.name).is_finite()).any() for f in spec.fields if f.kind == "number"]
    problems += [(pl.col(name) < 0).any() for name in spec.nonnegative]
    problems += [
        (~pl.col(name).is_between(FIRST_YEAR, LAST_YEAR)).any() for name in spec.year_fields
    ]
    problems += [(pl.col(a) > pl.col(b)).any() for a, b in spec.not_after]
    months = [f.name for f in spec.fields if f.kind == "month"]
    problems += [(~pl.col(m).str.contains(r"^\d{4}-(0[1-9]|1[0-2])$")).any() for m in months]
    if spec.no_future:
        problems.append((pl.col(spec.period) > current_month()).any())
    return pl.any_horizontal(p.fill_null(False) for p in problems)


def _maybe_duplicates(frame: pl.DataFrame, period: str = "year") -> bool:
    """Could two rows share (credit code, year)? Sorted 64-bit hashes of the pairs: equal
    neighbours mean yes or (rarely) a collision; none means certainly not."""
    import numpy as np

    mix = pl.lit(0x9E3779B97F4A7C15, dtype=pl.UInt64)  # spreads the year over all bits
    when = pl.col(period).hash(11) if period != "year" else pl.col(period).cast(pl.UInt64)
    pair = pl.col("credit_code").hash(7) ^ (when * mix)
    hashes = np.sort(frame.select(pair).to_series().to_numpy())
    return bool((hashes[1:] == hashes[:-1]).any())


# ---------------------------------------------------------------- warnings


def _warnings(source: Source, frame: pl.DataFrame) -> list[str]:
    ignored = [f"ignored column '{h}'{_suggest(h, source.spec)}" for h in source.ignored]
    notes = [*source.notes, *ignored]
    if "labels" in source.raw.columns:
        seen = frame["labels"].explode().drop_nulls().unique().sort().to_list()
        unknown = [label for label in seen if label not in LABELS]
        if unknown:
            listed = "、".join(unknown[:10]) + ("…" if len(unknown) > 10 else "")
            notes.append(f"labels not in the known list, kept as written: {listed}")
    return notes


# ---------------------------------------------------------------- public


def read_enterprises_with_warnings(
    path: Path, year: int | None = None, spec: Records = ENTERPRISES
) -> tuple[pl.DataFrame, list[str]]:
    """Every row typed per `spec`'s fields (in that order), and warnings; InputError on
    any bad row.

    `year` is used when the file has no year column, and for blank year cells.
    """
    return _typed_and_checked(load(path, spec), year)


def _typed_and_checked(source: Source, year: int | None) -> tuple[pl.DataFrame, list[str]]:
    path, spec = source.path, source.spec
    if source.raw.height == 0:
        raise InputError(path, f"no {spec.what} under the header",
                         zh=f"表头下没有{spec.what_in_zh}")  # fmt: skip
    fast = _typed_already(source, year)
    if fast is not None:
        return fast, _warnings(source, fast)
    frame, kinds = type_columns(source, year)
    errors = find_errors(frame, kinds, spec)
    if errors.height:
        n, rows = errors.height, errors[ROW].n_unique()
        reason = f"{n} problem{'s' * (n > 1)} in {rows} row{'s' * (rows > 1)}; nothing was read"
        raise InputError(path, reason, error_lines(errors, source.shown),
                         zh=f"发现{n}处问题（涉及{rows}行），未读取任何数据",
                         details_zh=error_lines(errors, source.shown, "zh", spec))  # fmt: skip
    result = frame.select(spec.names)
    return result, _warnings(source, result)


def read_soon(path: Path, year: int | None = None) -> Callable[[], pl.DataFrame]:
    """`read_enterprises`, started now: the file is read in a thread, and the call
    returned waits for it and checks it. polars reads without the interpreter's lock,
    so a command can import its engine meanwhile (a tenth of a second of a million
    enterprises' evaluation)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planwatch-read")
    loading = pool.submit(load, path)
    pool.shutdown(wait=False)

    def finish() -> pl.DataFrame:
        frame, warnings = _typed_and_checked(loading.result(), year)
        for note in warnings:
            log.warning("%s: %s", path, note)
        return frame

    return finish


def read_enterprises(
    path: Path, year: int | None = None, spec: Records = ENTERPRISES
) -> pl.DataFrame:
    """Every row of `path` typed per `spec` (enterprise-year records by default);
    warnings go to the log."""
    frame, warnings = read_enterprises_with_warnings(path, year, spec)
    for note in warnings:
        log.warning("%s: %s", path, note)
    return frame


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Known fields first, list columns joined with 、 (for .csv and .xlsx)."""
    known = [f.name for f in FIELDS if f.name in frame.columns]
    ordered = frame.select(*known, *[c for c in frame.columns if c not in known])
    lists = [c for c, t in ordered.schema.items() if isinstance(t, pl.List)]
    return ordered.with_columns(pl.col(c).list.join("、") for c in lists)


def write_enterprises(frame: pl.DataFrame, path: Path) -> Path:
    """Write `frame` as .csv (UTF-8 with BOM), .xlsx or .parquet, by the extension."""
    ext = output_target(path).suffix.lower()
    if ext not in (".csv", ".xlsx", ".parquet"):
        reason, zh = _unknown_type(ext, ".csv, .xlsx or .parquet")
        raise InputError(path, reason, zh=zh)
    if ext == ".parquet":
        known = [f.name for f in FIELDS if f.name in frame.columns]
        with output_file(path) as tmp:
            frame.select(*known, *[c for c in frame.columns if c not in known]).write_parquet(tmp)
    elif ext == ".csv":
        with output_file(path) as tmp:
            _flat(frame).write_csv(tmp, include_bom=True)
    else:
        if frame.height > XLSX_MAX_ROWS:
            raise InputError(
                path,
                f"{frame.height:,} rows do not fit in Excel; use .csv or .parquet",
                zh=f"{frame.height:,}行超出 Excel 的行数上限，请使用 .csv 或 .parquet",
            )
        flat = _flat(frame)
        write_xlsx(path, {"enterprises": (flat.columns, [list(r) for r in flat.iter_rows()])})
    return path
