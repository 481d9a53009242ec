"""The enterprise-month record of the early warning: columns, Chinese headers, checks.

Values are the month's own (not the year to date): electricity in kWh, money in
万元. Arrears are yes/no (是/否); an amount of wage arrears may be given beside it.
Files are read by the per-mu reader with this spec, so the same rules hold: Chinese
or English headers, GB 32100 credit codes, every bad row listed, all or nothing.
"""

from __future__ import annotations

from planwatch.permu.data import Records
from planwatch.permu.fields import Field

FIELDS: tuple[Field, ...] = (
    Field("credit_code", "统一社会信用代码", "text", required=True, aliases=("信用代码",)),
    Field("name", "企业名称", "text", required=True, aliases=("单位名称",)),
    Field("region", "地区", "text", aliases=("所属地区", "乡镇（街道）", "乡镇")),
    Field("park", "园区", "text", aliases=("所属园区",)),
    Field("industry_code", "行业代码", "text", aliases=("国民经济行业代码",)),
    Field("month", "月份", "month", aliases=("统计月份", "年月")),
    Field("electricity_kwh", "用电量", "number", aliases=("用电量（千瓦时）", "月用电量")),
    Field("output", "工业总产值", "number", aliases=("产值", "总产值")),
    Field("revenue", "营业收入", "number", aliases=("主营业务收入",)),
    Field("tax", "实缴税金", "number", aliases=("税收", "实缴税收")),
    Field("employees", "从业人员", "number", aliases=("从业人员数", "用工人数")),
    Field("wage_arrears", "欠薪", "bool", aliases=("是否欠薪",)),
    Field("wage_arrears_amount", "欠薪金额", "number"),
    Field("tax_arrears", "欠税", "bool", aliases=("是否欠税",)),
    Field("overdue_loans", "逾期贷款", "bool", aliases=("贷款逾期", "是否逾期贷款")),
    Field("export_value", "出口交货值", "number", aliases=("出口额",)),
    Field("orders", "订单", "number", aliases=("订单金额", "在手订单")),
    Field("synthetic", "合成数据", "bool"),
)
NUMBERS = tuple(f.name for f in FIELDS if f.kind == "number")

MONTHLY = Records(
    what="monthly rows",
    fields=FIELDS,
    period="month",
    nonnegative=NUMBERS,
    no_future=True,
)
