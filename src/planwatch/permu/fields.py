"""The enterprise-year record: column names, Chinese aliases, types.

Money is in 万元, land in 亩, energy in tonnes of standard coal, electricity in
kWh, water and emissions in tonnes. Files may use the English names or the
Chinese headers; both map to the English column names used everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

Kind = Literal["text", "number", "int", "bool", "labels", "month"]


@dataclass(frozen=True)
class Field:
    name: str
    chinese: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("credit_code", "统一社会信用代码", "text", required=True, aliases=("信用代码",)),
    Field("name", "企业名称", "text", required=True, aliases=("单位名称", "纳税人名称")),
    Field("year", "年份", "int", aliases=("评价年度", "年度")),
    Field("region", "地区", "text", aliases=("所属地区", "乡镇（街道）", "乡镇")),
    Field("park", "园区", "text", aliases=("所属园区",)),
    Field("industry_code", "行业代码", "text", aliases=("国民经济行业代码",)),
    Field("land_mu", "用地面积", "number", aliases=("用地面积（亩）", "占地面积", "土地面积")),
    Field("employees", "从业人员", "number", aliases=("从业人员数", "年平均职工人数", "职工人数")),
    Field("revenue", "营业收入", "number", aliases=("主营业务收入", "销售收入")),
    Field("output", "工业总产值", "number", aliases=("总产值",)),
    Field("value_added", "工业增加值", "number", aliases=("增加值",)),
    Field("tax", "实缴税金", "number", aliases=("税收", "实缴税收", "税收实际贡献")),
    Field("profit", "利润总额", "number"),
    Field("energy_tce", "综合能耗", "number", aliases=("综合能耗（吨标煤）", "综合能源消费量")),
    Field("electricity_kwh", "用电量", "number", aliases=("用电量（千瓦时）",)),
    Field("water_t", "用水量", "number"),
    Field("cod_t", "化学需氧量", "number", aliases=("COD排放量", "cod")),
    Field("nh3n_t", "氨氮", "number", aliases=("氨氮排放量",)),
    Field("so2_t", "二氧化硫", "number", aliases=("二氧化硫排放量", "so2")),
    Field("nox_t", "氮氧化物", "number", aliases=("氮氧化物排放量", "nox")),
    Field("rd", "研发经费", "number", aliases=("研发经费支出", "R&D经费", "研发投入", "研发费用")),
    Field("above_scale", "规上", "bool", aliases=("是否规上", "规模以上", "规上企业")),
    Field("labels", "标签", "labels", aliases=("企业标签",)),
    Field("start_year", "投产年份", "int", aliases=("成立年份",)),
    Field("violation", "重大违法违规", "bool", aliases=("重大安全环保事故",)),
    # Text for chain maps (产业链): what the firm makes, its registered business scope
    # (经营范围), and its role where a bureau has recorded one (链主, 配套…).
    Field("products", "主要产品", "text", aliases=("产品", "主营产品")),
    Field("business_scope", "经营范围", "text"),
    Field("chain_role", "产业链角色", "text", aliases=("链上角色",)),
    Field("synthetic", "合成数据", "bool"),
)

BY_NAME = {f.name: f for f in FIELDS}
NUMBER_FIELDS = tuple(f.name for f in FIELDS if f.kind == "number")
EMISSION_FIELDS = ("cod_t", "nh3n_t", "so2_t", "nox_t")

# Labels plans count enterprises by (梯队), as they are written in files.
LABELS = ("高新技术企业", "专精特新", "专精特新小巨人", "隐形冠军", "上市")

# The column type of each kind, as every enterprise frame carries it.
DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "number": pl.Float64(),
    "int": pl.Int64(),
    "bool": pl.Boolean(),
    "labels": pl.List(pl.String()),
    "month": pl.String(),  # 'YYYY-MM'
}
