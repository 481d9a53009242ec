"""Synthetic enterprise-year records for demos, tests and benchmarks.

Real per-mu data (tax, land, energy of named firms) is confidential, yet the
evaluation needs realistic inputs to be exercised: skewed land and revenue,
industries with very different per-mu output and energy intensity, zero-tax
and loss-making firms, gaps in the emission data. Everything here is drawn
from a seeded generator with whole-array numpy operations (1,000,000 rows in
a few seconds), and every row is marked `synthetic`: names (合成企业000001),
regions (甲县, 乙县, 丙镇, 丁街道) and credit codes (a letter where real codes
have the division code) are invented and cannot be mistaken for real firms.

The intensities are plausible orders of magnitude for Chinese manufacturing,
not statistics of any place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from planwatch.permu.credit_code import make_codes
from planwatch.permu.fields import FIELDS
from planwatch.permu.synth_classes import CLASSES

REGIONS = {"甲县": 0.35, "乙县": 0.30, "丙镇": 0.20, "丁街道": 0.15}
PARKS: dict[str | None, float] = {"经济开发区": 0.30, "高新区": 0.20, "工业园": 0.25, None: 0.25}
ABOVE_SCALE = 2000.0  # 万元 of revenue: 规模以上工业企业
TCE_PER_KWH = 1.229e-4  # electricity at its calorific equivalent
ZERO_TAX, LOSS, NO_EMISSIONS, VIOLATION = 0.08, 0.10, 0.10, 0.005


@dataclass(frozen=True)
class Industry:
    """Typical values of one GB/T 4754 division; intensities per 万元 of value added."""

    code: str
    name: str
    share: float  # of enterprises
    revenue_per_mu: float  # 万元/亩 of a 20-亩 firm at the median
    revenue_per_worker: float  # 万元
    energy: float  # tce
    electric: float  # share of energy used as electricity
    water: float  # t
    cod: float  # kg, and below
    nh3n: float
    so2: float
    nox: float
    rd: float  # typical R&D intensity of firms that do R&D


# fmt: off
# code, share, revenue/mu, revenue/worker, energy, electric, water, cod, nh3n, so2, nox, rd
_TABLE = (
    ("C13", 0.08, 54, 150, 0.25, 0.45, 12, 4.0, 0.40, 0.3, 0.4, 0.020),
    ("C17", 0.12, 42, 70, 0.45, 0.55, 25, 5.0, 0.50, 0.4, 0.5, 0.020),
    ("C26", 0.07, 102, 300, 1.80, 0.30, 18, 3.0, 0.30, 1.5, 1.8, 0.030),
    ("C27", 0.04, 90, 150, 0.25, 0.45, 10, 2.5, 0.25, 0.2, 0.3, 0.045),
    ("C29", 0.10, 48, 100, 0.35, 0.70, 3, 0.3, 0.03, 0.2, 0.3, 0.025),
    ("C30", 0.07, 36, 120, 2.50, 0.20, 4, 0.2, 0.02, 2.5, 4.0, 0.015),
    ("C33", 0.12, 45, 100, 0.35, 0.60, 3, 0.4, 0.04, 0.2, 0.3, 0.025),
    ("C34", 0.12, 60, 110, 0.12, 0.65, 2, 0.15, 0.015, 0.05, 0.08, 0.035),
    ("C35", 0.08, 66, 110, 0.12, 0.65, 2, 0.15, 0.015, 0.05, 0.08, 0.040),
    ("C36", 0.05, 96, 200, 0.10, 0.65, 2, 0.15, 0.015, 0.05, 0.08, 0.035),
    ("C38", 0.09, 78, 150, 0.10, 0.70, 1.5, 0.1, 0.01, 0.04, 0.06, 0.040),
    ("C39", 0.06, 108, 130, 0.10, 0.80, 3, 0.2, 0.02, 0.03, 0.05, 0.045),
)
# fmt: on
NAMES = {
    "C13": "农副食品加工业",
    "C17": "纺织业",
    "C26": "化学原料和化学制品制造业",
    "C27": "医药制造业",
    "C29": "橡胶和塑料制品业",
    "C30": "非金属矿物制品业",
    "C33": "金属制品业",
    "C34": "通用设备制造业",
    "C35": "专用设备制造业",
    "C36": "汽车制造业",
    "C38": "电气机械和器材制造业",
    "C39": "计算机、通信和其他电子设备制造业",
}
INDUSTRIES = tuple(Industry(code, NAMES[code], *values) for code, *values in _TABLE)


def _column(attr: str, which: np.ndarray) -> np.ndarray:
    """Per-row value of an industry attribute."""
    return np.array([getattr(i, attr) for i in INDUSTRIES], dtype=np.float64)[which]


def _pick(rng: np.random.Generator, n: int, weights: dict) -> np.ndarray:  # type: ignore[type-arg]
    """Indexes into `weights` drawn with its probabilities."""
    p = np.array(list(weights.values()), dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _noise(rng: np.random.Generator, n: int, sigma: float) -> np.ndarray:
    return np.exp(rng.normal(0.0, sigma, n))


def _land(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(true land, land as reported): lognormal, median 20 亩, ~1% zero or missing."""
    true = np.clip(20.0 * _noise(rng, n, 1.0), 1.0, 3000.0).round(2)
    reported = true.copy()
    gap = rng.random(n)
    reported[gap < 0.005] = 0.0
    reported[(gap >= 0.005) & (gap < 0.01)] = np.nan
    return true, reported


def _money(rng: np.random.Generator, land: np.ndarray, which: np.ndarray) -> dict[str, np.ndarray]:
    n = len(land)
    revenue = _column("revenue_per_mu", which) * 20.0 * (land / 20.0) ** 0.9 * _noise(rng, n, 1.4)
    revenue = np.clip(revenue, 5.0, 3e6).round(2)
    output = (revenue * _noise(rng, n, 0.05)).round(2)
    value_added = (output * rng.uniform(0.18, 0.35, n)).round(2)
    tax = revenue * rng.uniform(0.02, 0.07, n)
    tax[rng.random(n) < ZERO_TAX] = 0.0
    loss = rng.random(n) < LOSS
    margin = np.where(loss, -rng.uniform(0.005, 0.20, n), rng.uniform(0.005, 0.15, n))
    return {
        "revenue": revenue,
        "output": output,
        "value_added": value_added,
        "tax": tax.round(2),
        "profit": (revenue * margin).round(2),
    }


def _resources(rng: np.random.Generator, money: dict, which: np.ndarray) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
    n = len(which)
    va, revenue = money["value_added"], money["revenue"]
    per_worker = _column("revenue_per_worker", which) * _noise(rng, n, 0.4)
    energy = va * _column("energy", which) * _noise(rng, n, 0.5)
    electricity = energy * _column("electric", which) / TCE_PER_KWH * _noise(rng, n, 0.2)
    out = {
        "employees": np.maximum(1.0, np.ceil(revenue / per_worker)),
        "energy_tce": energy.round(2),
        "electricity_kwh": electricity.round(0),
        "water_t": (va * _column("water", which) * _noise(rng, n, 0.6)).round(0),
    }
    missing = rng.random(n) < NO_EMISSIONS
    for name, attr in (("cod_t", "cod"), ("nh3n_t", "nh3n"), ("so2_t", "so2"), ("nox_t", "nox")):
        tonnes = (va * _column(attr, which) / 1000.0 * _noise(rng, n, 0.7)).round(4)
        out[name] = np.where(missing, np.nan, tonnes)
    does_rd = rng.random(n) < 1.0 / (1.0 + np.exp(-1.2 * (np.log(revenue) - np.log(3000.0))))
    ratio = np.minimum(0.06, _column("rd", which) * 2.0 * rng.beta(2.0, 2.0, n))
    out["rd"] = np.where(does_rd, revenue * ratio, 0.0).round(2)
    return out


def _labels(rng: np.random.Generator, revenue: np.ndarray, rd: np.ndarray) -> pl.Series:
    """高新技术企业 mostly where R&D is high; 专精特新 among above-scale innovators;
    上市 very rare."""
    n = len(revenue)
    ratio = rd / revenue
    above = revenue >= ABOVE_SCALE
    p_hitech = np.where((ratio >= 0.03) & (revenue >= 500), 0.55, np.where(ratio > 0, 0.12, 0.005))
    p_srdi = np.where(above & (ratio >= 0.03), 0.15, np.where(above & (ratio > 0), 0.04, 0.003))
    srdi = rng.random(n) < p_srdi
    flags = {
        "高新技术企业": rng.random(n) < p_hitech,
        "专精特新": srdi,
        "专精特新小巨人": srdi & (rng.random(n) < 0.12),  # national level, a subset
        "隐形冠军": above & (rng.random(n) < 0.003),
        "上市": rng.random(n) < np.where(revenue >= 50000, 0.10, 0.0005),
    }
    # Each row's flags as a bit pattern, then the label list of that pattern.
    names = list(flags)
    bits = sum(flag.astype(np.int64) << i for i, flag in enumerate(flags.values()))
    patterns = [[k for i, k in enumerate(names) if p >> i & 1] for p in range(1 << len(names))]
    return pl.Series("labels", patterns, dtype=pl.List(pl.String)).gather(bits)


def _classes(rng: np.random.Generator, which: np.ndarray) -> tuple[np.ndarray, pl.Series]:
    """Each firm's 4-digit class within its division (C3484) and its products as a
    firm would describe them (two of the class's product words), so chain maps of a
    synthetic county have content."""
    n = len(which)
    codes = np.empty(n, dtype=object)
    products = np.empty(n, dtype=object)
    for d, industry in enumerate(INDUSTRIES):
        rows = np.flatnonzero(which == d)
        classes = CLASSES[industry.code]
        shares = np.array([c[2] for c in classes])
        pick = rng.choice(len(classes), size=len(rows), p=shares / shares.sum())
        first = rng.integers(0, 25, len(rows))
        second = rng.integers(0, 25, len(rows))
        for k, (code, _, _, words) in enumerate(classes):
            mine = pick == k
            m = len(words)
            texts = np.array(
                [
                    words[a] if a == b else f"{words[a]}、{words[b]}"
                    for a in range(m)
                    for b in range(m)
                ],
                dtype=object,
            )
            codes[rows[mine]] = f"{industry.code}{code[2:]}"
            products[rows[mine]] = texts[(first[mine] % m) * m + second[mine] % m]
    return codes.astype(str), pl.Series("products", products.tolist(), dtype=pl.String)


def _names(n: int) -> pl.Series:
    width = max(6, len(str(n)))
    number = pl.int_range(1, n + 1, eager=True).cast(pl.String).str.zfill(width)
    return ("合成企业" + number).alias("name")


def synth_enterprises(n: int, seed: int, year: int = 2023) -> pl.DataFrame:
    """`n` synthetic enterprise-year rows for `year`; the same seed gives the same frame."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = np.random.default_rng(seed)
    which = _pick(rng, n, {i.code: i.share for i in INDUSTRIES})
    region = pl.Series("region", list(REGIONS), dtype=pl.String).gather(_pick(rng, n, REGIONS))
    park = pl.Series("park", list(PARKS), dtype=pl.String).gather(_pick(rng, n, PARKS))
    true_land, land = _land(rng, n)
    money = _money(rng, true_land, which)
    resources = _resources(rng, money, which)
    age = np.clip(np.round(12.0 * _noise(rng, n, 0.6)), 0, 45).astype(np.int64)
    violation = rng.random(n) < VIOLATION
    codes, products = _classes(np.random.default_rng([seed, 1]), which)
    frame = pl.DataFrame(
        {
            "credit_code": make_codes(rng, n),
            "name": _names(n),
            "year": np.full(n, year, dtype=np.int64),
            "region": region,
            "park": park,
            "industry_code": codes,
            "land_mu": land,
            **money,
            **resources,
            "above_scale": money["revenue"] >= ABOVE_SCALE,
            "labels": _labels(rng, money["revenue"], resources["rd"]),
            "start_year": year - age,
            "violation": violation,
            "products": products,
            "business_scope": pl.Series([None] * n, dtype=pl.String),
            "chain_role": pl.Series([None] * n, dtype=pl.String),
            "synthetic": np.ones(n, dtype=bool),
        },
        nan_to_null=True,
    )
    return frame.select([f.name for f in FIELDS])
