"""Chain maps at scale: 1,000,000 synthetic enterprises onto 10 chains of 20 links.

    ./dev bench chains              # 1,000,000 enterprises
    ./dev bench chains --n 200000

Times, in one run, median of 3:
- planwatch's mapping (`build_map`: code and keyword assignment, link and chain
  figures, labels, gap classes) on the loaded frame: the issue's aim is under 3 s;
- a plain polars script an analyst would write for the same assignment: a join of
  each firm's code prefixes on a (prefix, link) table, polars' Aho-Corasick
  `extract_many` for keywords, then sums per link; no chain totals, labels, leaders
  or gap classes;
- the whole `planwatch chain map FIRMS --chains FILE --json` command in a child
  process (start-up, reading and checking the Parquet, printing), with its peak memory.
Checks that both give the same enterprise-link pairs.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl
import yaml
from timing import median_seconds, run_command  # bench/timing.py, beside this script

from planwatch.chains.assign import link_refs
from planwatch.chains.files import read_chains
from planwatch.chains.maps import build_map
from planwatch.permu.synth import synth_enterprises
from planwatch.permu.synth_classes import CLASSES

CHAINS, LINKS = 10, 20


def chain_file() -> dict:  # type: ignore[type-arg]
    """10 chains × 20 links over the synthetic classes: each link two class codes (or a
    group or division prefix every fifth link) and two product keywords, so firms
    serve several links and keywords reach across industries."""
    classes = [(div, code, words) for div, rows in CLASSES.items() for code, _, _, words in rows]
    chains = []
    for c in range(CHAINS):
        segments: dict[str, list[dict]] = {"上游": [], "中游": [], "下游": []}  # type: ignore[type-arg]
        for k in range(LINKS):
            a = classes[(c * 7 + k * 3) % len(classes)]
            b = classes[(c * 11 + k * 5 + 1) % len(classes)]
            codes = [a[1], b[1]] if k % 5 else [a[1][: 2 + (k // 5) % 2]]
            words = [a[2][k % len(a[2])], b[2][(k + 1) % len(b[2])]]
            segment = ("上游", "中游", "下游")[k * 3 // LINKS]
            segments[segment].append({"link": f"环节{c + 1}-{k + 1}", "codes": codes,
                                      "keywords": words})  # fmt: skip
        chains.append({"name": f"产业链{c + 1}", "segments": segments})
    return {"chains": chains}


def plain_polars(df: pl.DataFrame, chains: dict) -> pl.DataFrame:  # type: ignore[type-arg]
    """The analyst's script: (prefix, link) and (keyword, link) tables, two joins,
    one unique, sums per link."""
    links = [(seg, x) for ch in chains["chains"] for seg, xs in ch["segments"].items() for x in xs]
    by_code = pl.DataFrame(
        [(code, i) for i, (_, x) in enumerate(links) for code in x["codes"]],
        schema={"prefix": pl.String, "link": pl.Int64}, orient="row",
    )  # fmt: skip
    by_word = pl.DataFrame(
        [(w, i) for i, (_, x) in enumerate(links) for w in x["keywords"]],
        schema={"keyword": pl.String, "link": pl.Int64}, orient="row",
    )  # fmt: skip
    words = by_word["keyword"].unique().to_list()
    firms = (
        df.lazy()
        .with_row_index("row")
        .with_columns(pl.col("industry_code").str.replace(r"^[A-Z]", "").alias("digits"))
    )
    code_pairs = pl.concat([
        firms.with_columns(pl.col("digits").str.slice(0, n).alias("prefix"))
        .join(by_code.lazy(), on="prefix").select("row", "link")
        for n in (2, 3, 4)
    ])  # fmt: skip
    word_pairs = (
        firms.select("row", pl.col("products").str.extract_many(words, overlapping=True))
        .rename({"products": "keyword"})
        .explode("keyword")
        .join(by_word.lazy(), on="keyword")
        .select("row", "link")
    )
    pairs = pl.concat([code_pairs, word_pairs]).unique()
    return (
        pairs.join(firms.select("row", "output", "tax", "land_mu"), on="row")
        .group_by("link")
        .agg(
            pl.len().alias("enterprises"),
            pl.col("output").sum(),
            pl.col("tax").sum(),
            pl.col("land_mu").sum(),
        )
        .collect()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data = synth_enterprises(args.n, seed=1)
        firms = tmp / "firms.parquet"
        data.write_parquet(firms)
        spec = chain_file()
        path = tmp / "chains.yaml"
        path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        chains = read_chains(path)
        frame = pl.read_parquet(firms)
        ours = median_seconds(lambda: build_map(frame, chains), args.runs)
        theirs = median_seconds(lambda: plain_polars(frame, spec), args.runs)
        report = build_map(frame, chains).report
        plain = plain_polars(frame, spec).sort("link")
        ids = {(r.chain, r.link): r.id for r in link_refs(chains)}
        counts = {ids[(c.name, x.link)]: x.enterprises for c in report.chains for x in c.links}
        same = all(counts[row["link"]] == row["enterprises"] for row in plain.iter_rows(named=True))
        planwatch = str(Path(__import__("sys").executable).with_name("planwatch"))
        cmd = [planwatch, "chain", "map", str(firms), "--chains", str(path), "--json"]
        command = sorted(run_command(cmd, {"PATH": "/usr/bin:/bin"}) for _ in range(args.runs))
        seconds, peak = command[len(command) // 2]
    pairs = report.assignments
    print(
        f"{args.n:,} enterprises, {CHAINS} chains × {LINKS} links, {pairs:,} enterprise-link pairs"
    )
    print(f"planwatch build_map        {ours:6.2f} s   (aim: under 3 s)")
    print(f"plain polars join          {theirs:6.2f} s   ratio {ours / theirs:.2f}×")
    print(f"`planwatch chain map --json` {seconds:5.2f} s   peak {peak:,.0f} MB")
    print(f"same enterprise counts per link: {same}")


if __name__ == "__main__":
    main()
