"""Plots and ``SUMMARY.md`` from the CSV files of a run (so a report can be rebuilt without re-measuring).

The targets of issue 4 are checked here, each with the numbers it was judged on:

* default ``restore`` — ``Restorer(Config())``, the shipped tables with everything on (issue 14) — against
  flashtext ``replace_keywords`` loaded with the same shipped rows: ≥ 1.5× on clean news and science,
  ≥ 0.3× on spun news, ≥ 1.3× on the crawl mix (``default.csv``; its ratio to the ``\\w+`` tokenising
  floor is reported too);
* table-only ``detect`` ≥ 0.5× the ``ahocorasick_rs`` raw scan and table-only ``restore`` ≥ 3× flashtext
  ``replace_keywords``: labelled rows, with the shipped tables on clean news (``default.csv``) and with the
  1k-row benchmark table on the mixed corpus (``throughput.csv``);
* a 100k-row table ≤ 1.5× slower than a 1k-row one (table-only ``detect``);
* 2 workers ≥ 1.7× one;
* peak RSS with the default data ≤ 400 MB;
* and, from the adversarial inputs, time per MB that stays flat as the input grows (≤ 2× from the
  smallest to the largest size, no time-outs).
"""

from __future__ import annotations

import csv
import glob
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

MB = 1_000_000
#: Columns of the evaluation CSVs that number items rather than measure them (not averaged).
ID_COLUMNS = frozenset({"fold", "id", "line", "index", "row", "doc", "document"})
COLORS = {"spinfix": "#1f77b4", "peer": "#ff7f0e", "floor": "#7f7f7f"}

Row = dict[str, Any]

_ENGINE_ORDER = ("spinfix.detect[default]", "spinfix.restore[default]", "spinfix.detect[bench-table]",
                 "spinfix.restore[bench-table]", "spinfix.detect[table-only]",
                 "spinfix.restore[table-only]", "spinfix.matcher", "flashtext.extract", "flashtext.replace",
                 "pyahocorasick.scan", "ahocorasick_rs.scan", "regex.tokenize", "calibration.busy_loop")


def _color(engine: str) -> tuple[float, float, float, float]:
    """One colour per engine in every plot (an RGBA tuple, as a colormap returns it)."""
    k = _ENGINE_ORDER.index(engine) if engine in _ENGINE_ORDER else len(_ENGINE_ORDER)
    return plt.get_cmap("tab20")(k % 20)


def read_csv(path: Path) -> list[Row]:
    """Rows of a CSV with numbers converted; an empty list when the file is missing."""
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: _num(v) for k, v in r.items()} for r in csv.DictReader(fh)]


def _num(v: str | None) -> Any:
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except ValueError:
        return v
    return int(f) if f.is_integer() and "." not in v and "e" not in v.lower() else f


def _get(rows: Sequence[Row], **match: Any) -> Row | None:
    for r in rows:
        if all(r.get(k) == v for k, v in match.items()):
            return r
    return None


def _ratio(a: Row | None, b: Row | None, key: str = "mbps") -> float | None:
    if not a or not b or not a.get(key) or not b.get(key):
        return None
    return a[key] / b[key]


def _verdict(value: float | None, ok: bool | None) -> str:
    if value is None or ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


# --- targets -------------------------------------------------------------------------------------------
def targets(out: Path) -> list[Row]:
    """Each target: what was measured, the value, the threshold, and whether it is met."""
    tp = read_csv(out / "throughput.csv")
    st = read_csv(out / "scaling_table.csv")
    sw = read_csv(out / "scaling_workers.csv")
    mem = read_csv(out / "memory.csv")
    adv = read_csv(out / "adversarial.csv")
    rows: list[Row] = []

    def add(name: str, value: float | None, threshold: str, ok: bool | None, detail: str) -> None:
        rows.append({"target": name, "value": None if value is None else round(value, 3), "threshold": threshold,
                     "status": _verdict(value, ok), "detail": detail})

    dc = read_csv(out / "default.csv")
    for text in dict.fromkeys(r["text"] for r in dc):
        g = {r["engine"]: r for r in dc if r["text"] == text}
        r_def, fr, floor = g.get("spinfix.restore[default]"), g.get("flashtext.replace"), g.get("regex.tokenize")
        v, f = _ratio(r_def, fr), _ratio(r_def, floor)
        # Issue 14's floors: 1.5x on clean text, 0.3x on spun text, 1.3x on the crawl mix.
        need = 0.3 if text.startswith("spun") else 1.3 if text.startswith("crawl mix") else 1.5
        add(f"default restore (Config(), shipped tables) vs flashtext replace_keywords — {text}", v, f"≥ {need:g}×",
            None if v is None else v >= need,
            _mbps_detail(r_def, fr) + (f"; {f:.3f}× the regex \\w+ tokenising floor" if f is not None else "")
            + _load_detail(r_def))
    # The table-only targets on clean news, real (as issue 14 measured them: the fixtures repeated) and
    # generated (the harsher text: the template's rows fire more often).
    for text, label in (("clean news (real)", "clean news (real)"), ("clean news", "clean news (generated)")):
        g = {r["engine"]: r for r in dc if r["text"] == text}
        d, rs = g.get("spinfix.detect[table-only]"), g.get("ahocorasick_rs.scan")
        v = _ratio(d, rs)
        add(f"table-only detect vs ahocorasick_rs raw scan — shipped tables, {label}", v, "≥ 0.5×",
            None if v is None else v >= 0.5, _mbps_detail(d, rs) + _load_detail(d))
        r_to, fr = g.get("spinfix.restore[table-only]"), g.get("flashtext.replace")
        v = _ratio(r_to, fr)
        add(f"table-only restore vs flashtext replace_keywords — shipped tables, {label}", v, "≥ 3×",
            None if v is None else v >= 3.0, _mbps_detail(r_to, fr) + _load_detail(r_to))

    e = {r["engine"]: r for r in tp}
    d, rs = e.get("spinfix.detect[table-only]"), e.get("ahocorasick_rs.scan")
    v = _ratio(d, rs)
    add("table-only detect vs ahocorasick_rs raw scan — 1k-row benchmark table, mixed corpus", v, "≥ 0.5×",
        None if v is None else v >= 0.5, _mbps_detail(d, rs))
    r_to, fr = e.get("spinfix.restore[table-only]"), e.get("flashtext.replace")
    v = _ratio(r_to, fr)
    add("table-only restore vs flashtext replace_keywords — 1k-row benchmark table, mixed corpus", v, "≥ 3×",
        None if v is None else v >= 3.0, _mbps_detail(r_to, fr))

    sizes = sorted({r["table_rows"] for r in st if r.get("table_rows")})
    if len(sizes) >= 2 and sizes[-1] >= 100_000:
        small, big = sizes[0], sizes[-1]
        parts = []
        main = None
        for eng in ("spinfix.detect[table-only]", "spinfix.restore[bench-table]", "spinfix.matcher",
                    "ahocorasick_rs.scan"):
            a, b = _get(st, engine=eng, table_rows=small), _get(st, engine=eng, table_rows=big)
            x = _ratio(b, a, "s_per_mb")
            if x is not None:
                parts.append(f"{eng} {x:.2f}×")
                if main is None:
                    main = x
        match_a = _get(st, engine="spinfix.matcher", table_rows=small)
        match_b = _get(st, engine="spinfix.matcher", table_rows=big)
        if match_a and match_b and match_a.get("count_per_mb") and match_b.get("count_per_mb"):
            growth = match_b["count_per_mb"] / match_a["count_per_mb"]
            parts.append(f"raw matches/MB {match_a['count_per_mb']:.0f} → {match_b['count_per_mb']:.0f} "
                         f"({growth:.1f}×: the synthetic rows are the corpus's own n-grams)")
            if main is not None:
                parts.append(f"time per raw match {main / growth:.2f}× (table-only detect)")
        add(f"{big // 1000}k-row table vs {small // 1000}k-row table (time, table-only detect)", main,
            "≤ 1.5× slower", None if main is None else main <= 1.5, "; ".join(parts))
    else:
        add("100k-row table vs 1k-row table (time, table-only detect)", None, "≤ 1.5× slower", None,
            "full run only")

    two = _get(sw, workers=2, engine="spinfix.restore[default]")
    v = two.get("speedup") if two else None
    cal = _get(sw, workers=2, engine="calibration.busy_loop")
    detail = f"{two['mbps']:.2f} MB/s with 2 workers" if two and two.get("mbps") else ""
    if cal and cal.get("speedup"):
        detail += (f"; the same pool running a pure-Python busy loop reached {cal['speedup']:.2f}× at the time "
                   "(what the machine allowed")
        detail += ": other processes held CPU)" if cal["speedup"] < 1.7 else ")"
    add("2 workers vs 1 (default restore)", v, "≥ 1.7×", None if v is None else v >= 1.7, detail)

    shipped = next((r for r in mem if str(r.get("engine", "")).endswith("[shipped]")), None)
    v = shipped.get("rss_peak_mb") if shipped else None
    detail = ""
    if shipped:
        detail = (f"Restorer(Config()) build {shipped.get('build_s') or 0:.2f} s, RSS before build "
                  f"{shipped.get('rss_base_mb') or 0:.0f} MB (interpreter + corpus)")
        if shipped.get("note") or shipped.get("error"):
            detail = str(shipped.get("note") or "") + " " + str(shipped.get("error") or "")
    add("peak RSS with the default data", v, "≤ 400 MB", None if v is None else v <= 400, detail)

    cold = {r["what"]: r for r in read_csv(out / "coldstart.csv")}
    spun = cold.get("first restore, spun sentence")
    v = spun.get("median_s") if spun else None
    detail = "; ".join(f"{k}: {r.get('median_s') or 0:.2f} s" for k, r in cold.items() if r is not spun)
    if spun:
        detail = (f"median of {spun.get('runs')} fresh processes, 1-min load avg {spun.get('load_1min') or 0:.2f}; "
                  + detail)
    add("cold start: import + first restore of a spun sentence", v, "≤ 0.5 s", None if v is None else v <= 0.5, detail)

    worst: tuple[float, str] | None = None
    failures = []
    for case in sorted({r["case"] for r in adv}):
        for eng in sorted({r["engine"] for r in adv if r["case"] == case}):
            if not eng.startswith("spinfix"):
                continue
            series = sorted((r for r in adv if r["case"] == case and r["engine"] == eng), key=lambda r: r["size"])
            bad = [r for r in series if r["status"] != "ok"]
            if bad:
                failures.append(f"{case}/{eng}: {bad[0]['status']} at {bad[0]['size'] / MB:g} M")
            ok = [r for r in series if r["status"] == "ok" and r.get("s_per_mb")]
            if len(ok) >= 2:
                growth = ok[-1]["s_per_mb"] / ok[0]["s_per_mb"]
                if worst is None or growth > worst[0]:
                    worst = (growth, f"{case}/{eng} ({ok[0]['size'] / MB:g} → {ok[-1]['size'] / MB:g} M)")
    if worst is not None or failures:
        value = math.inf if failures else worst[0] if worst else None
        detail = "; ".join(failures[:4]) + ("; " if failures and worst else "") + (
            f"worst growth {worst[0]:.2f}× in {worst[1]}" if worst else "")
        add("adversarial inputs: time per MB stays flat (spinfix)", value, "≤ 2× smallest → largest, no time-outs",
            not failures and worst is not None and worst[0] <= 2.0, detail)
    return rows


def _load_detail(r: Row | None) -> str:
    if not r or r.get("load_avg_min") is None:
        return ""
    return f"; interleaved in one process, 1-min load avg {r['load_avg_min']:.2f}–{r['load_avg_max']:.2f}"


def _mbps_detail(a: Row | None, b: Row | None) -> str:
    if not a or not b or not a.get("mbps") or not b.get("mbps"):
        return "not measured"
    text = f"{a['engine']} {a['mbps']:.2f} MB/s vs {b['engine']} {b['mbps']:.2f} MB/s"
    cpu = _ratio(a, b, "mbps_cpu")
    return text + (f" (by CPU time: {cpu:.3f}×)" if cpu is not None else "")


# --- plots ---------------------------------------------------------------------------------------------
def plot_default(out: Path) -> Path | None:
    rows = [r for r in read_csv(out / "default.csv") if r.get("mbps")]
    if not rows:
        return None
    texts = list(dict.fromkeys(r["text"] for r in rows))
    engines = list(dict.fromkeys(r["engine"] for r in rows))
    fig, ax = plt.subplots(figsize=(max(11, 2 * len(texts)), 5))
    width = 0.85 / len(engines)
    for k, eng in enumerate(engines):
        values = [next((r["mbps"] for r in rows if r["text"] == t and r["engine"] == eng), 0.0) for t in texts]
        ax.bar([i + k * width for i in range(len(texts))], values, width, label=eng, color=_color(eng))
    ax.set_xticks([i + 0.425 - width / 2 for i in range(len(texts))], texts, fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("MB/s (median; log scale)")
    lo = min(r["load_avg_min"] for r in rows)
    hi = max(r["load_avg_max"] for r in rows)
    ax.set_title(f"Config() with the shipped tables vs peers on the same rows, interleaved "
                 f"(load avg {lo:.1f}–{hi:.1f})")
    ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    path = out / "default.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_throughput(out: Path) -> Path | None:
    rows = [r for r in read_csv(out / "throughput.csv") if r.get("mbps")]
    if not rows:
        return None
    rows.sort(key=lambda r: r["mbps"])
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.6))
    ax.barh([r["engine"] for r in rows], [r["mbps"] for r in rows],
            color=[COLORS.get(r.get("family") or "", "#2ca02c") for r in rows])
    for i, r in enumerate(rows):
        ax.text(r["mbps"], i, f" {r['mbps']:.1f}", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("MB/s (median, log scale; higher is better)")
    ax.set_title(f"Throughput, {rows[0]['corpus_mb']:g} MB corpus, {rows[0]['table_rows']}-row table, one process")
    fig.tight_layout()
    path = out / "throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_scaling(out: Path) -> Path | None:
    sc, st, sw = read_csv(out / "scaling_corpus.csv"), read_csv(out / "scaling_table.csv"), \
        read_csv(out / "scaling_workers.csv")
    if not (sc or st or sw):
        return None
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    ax = axes[0]
    for eng in dict.fromkeys(r["engine"] for r in sc):
        pts = sorted((r["corpus_mb"], r["median_s"]) for r in sc if r["engine"] == eng and r.get("median_s"))
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o", label=eng, color=_color(eng))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("corpus size (MB)")
    ax.set_ylabel("time for the corpus (s)")
    ax.set_title("vs corpus size (linear = slope 1)")
    ax.legend(fontsize=7)
    ax = axes[1]
    for eng in dict.fromkeys(r["engine"] for r in st):
        pts = sorted((r["table_rows"], r["mbps"]) for r in st if r["engine"] == eng and r.get("mbps"))
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o", label=eng, color=_color(eng))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("table rows")
    ax.set_ylabel("MB/s")
    ax.set_title("vs table size")
    ax.legend(fontsize=7)
    ax = axes[2]
    for eng in dict.fromkeys(r["engine"] for r in sw):
        pts = sorted((r["workers"], r["speedup"]) for r in sw if r["engine"] == eng and r.get("speedup"))
        if pts:
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, marker="o", label=eng, color=_color(eng),
                    linestyle=":" if eng.startswith("calibration") else "-")
    if pts:
        ax.plot(xs, xs, linestyle="--", color="grey", label="ideal")
        ax.axhline(1.7, color="red", linewidth=0.8, linestyle=":", label="target at 2 workers")
        ax.set_xticks(list(xs))
    ax.set_xlabel("worker processes")
    ax.set_ylabel("speed-up over 1 worker")
    ax.set_title("vs worker processes")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = out / "scaling.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_adversarial(out: Path) -> Path | None:
    adv = read_csv(out / "adversarial.csv")
    if not adv:
        return None
    cases = list(dict.fromkeys(r["case"] for r in adv))
    cols = 3
    nrows = math.ceil(len(cases) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(15, 4.2 * nrows), squeeze=False)
    for k, case in enumerate(cases):
        ax = axes[k // cols][k % cols]
        top = max((r["s_per_mb"] for r in adv if r["case"] == case and r.get("s_per_mb")), default=1.0)
        for eng in dict.fromkeys(r["engine"] for r in adv if r["case"] == case):
            series = sorted((r for r in adv if r["case"] == case and r["engine"] == eng), key=lambda r: r["size"])
            pts = [(r["size"] / MB, r["s_per_mb"]) for r in series if r.get("s_per_mb")]
            line = None
            if pts:
                (line,) = ax.plot(*zip(*pts, strict=True), marker="o", label=eng, color=_color(eng))
            bad = [r["size"] / MB for r in series if r["status"] != "ok"]
            if bad:
                ax.scatter(bad, [top * 2] * len(bad), marker="x", s=60,
                           color=line.get_color() if line else "red", label=f"{eng}: time-out / skipped")
        ax.set_xscale("log")
        ax.set_yscale("log")
        unit = "M chars" if case == "long_word" else "MB"
        ax.set_xlabel(f"input size ({unit})")
        ax.set_ylabel("seconds per MB (flat = linear)")
        ax.set_title(case)
        ax.legend(fontsize=6)
    for k in range(len(cases), nrows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    path = out / "adversarial.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# --- markdown ------------------------------------------------------------------------------------------
def _table(rows: Sequence[Row], columns: Sequence[tuple[str, str]], limit: int | None = None) -> str:
    if not rows:
        return "_(not measured)_\n"
    head = "| " + " | ".join(title for _, title in columns) + " |\n"
    head += "| " + " | ".join("---" for _ in columns) + " |\n"
    body = ""
    for r in rows[:limit]:
        body += "| " + " | ".join(_cell(r.get(key)) for key, _ in columns) + " |\n"
    if limit is not None and len(rows) > limit:
        body += f"\n_({len(rows) - limit} more rows in the CSV)_\n"
    return head + body


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isinf(v):
            return "∞"
        if math.isnan(v):
            return ""
        return f"{v:.3g}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, int) and abs(v) >= 10_000:
        return f"{v:,}"
    return str(v).replace("|", "\\|")


def summary(out: Path, results_dir: Path | None = None) -> Path:
    """Write ``SUMMARY.md``: targets first, then every table behind them, the plots and the quality CSVs."""
    env_path = out / "environment.json"
    env = json.loads(env_path.read_text(encoding="utf-8")) if env_path.is_file() else {}
    plan = env.get("plan", {})
    tgt = targets(out)
    from .suite import write_csv

    write_csv(out / "targets.csv", tgt, ["target", "value", "threshold", "status", "detail"])
    lines = ["# spinfix benchmark summary", ""]
    head = "quick run" if plan.get("quick") else "full run"
    if env.get("partial"):
        head = (f"{'quick' if plan.get('quick') else 'full-size'} run of the steps {', '.join(env.get('steps', []))} "
                "(the other files are from earlier runs)")
    lines += [f"{head}, {env.get('started', '?')}, {env.get('seconds', '?')} s; Python {env.get('python', '?')} "
              f"on {env.get('platform', '?')}, {env.get('cpus', '?')} CPUs. "
              f"Base table: {env.get('base_rows', '?')} rows — {env.get('base_table', '?')}.", ""]
    if env and not env.get("base_shipped"):
        lines += ["> **Note:** the shipped tables were not (fully) available, so the base rows are the stand-in "
                  "above and the default-data memory figure may be missing. Re-run when the tables land.", ""]
    lines += ["MB = 10^6 bytes of UTF-8. Throughput is the median over the runs of one pass over all documents, "
              "fed one document at a time, in a fresh process per measurement.", ""]
    # bound once by the walrus so that the None check narrows the value that is kept (max() cannot order None)
    loads = [load for name in ("throughput", "scaling_corpus", "scaling_table", "scaling_workers")
             for r in read_csv(out / f"{name}.csv") if (load := r.get("load_avg")) is not None]
    loads += [load for r in read_csv(out / "default.csv") if (load := r.get("load_avg_max")) is not None]
    cpus = env.get("cpus") or 1
    if loads and max(loads) > 1.5:
        lines += [f"> **Contention:** the 1-minute load average reached {max(loads):.1f} on {cpus} CPUs during the "
                  "measurements (a single-process measurement accounts for about 1), so other processes were "
                  "competing for the CPUs: wall-clock figures are pessimistic and worker scaling is understated. "
                  "`MB/s (CPU)` divides by the process's own CPU time instead.", ""]
    lines += ["## Targets", "", _table(tgt, [("target", "target"), ("value", "value"), ("threshold", "threshold"),
                                            ("status", "status"), ("detail", "numbers")])]
    lines += ["## Default restore: `Config()` with the shipped tables", "",
              "What a user runs: `Restorer(Config())` — the shipped tables, context and generalisation on — "
              "against peers loaded with the same shipped rows (their compiled surface forms), on one kind of "
              "text at a time. All engines run in one process, in turns of ~100 kB of text, so that load from "
              "other processes hits them alike: compare the ratios; the load average is that of the run. "
              "`[table-only]` rows are `Config(context=False, generalize=False)`.", "",
              _table(read_csv(out / "default.csv"),
                     [("text", "text"), ("engine", "engine"), ("mbps", "MB/s"), ("runs", "runs"),
                      ("ratio_to_flashtext_replace", "× flashtext.replace"),
                      ("ratio_to_ahocorasick_rs", "× ahocorasick_rs"), ("build_s", "load/build s"),
                      ("count_per_mb", "count/MB"), ("load_avg_min", "load min"), ("load_avg_max", "load max"),
                      ("status", "status")]),
              "![default](default.png)", ""]
    tp = read_csv(out / "throughput.csv")
    lines += ["## Throughput against peers (1k-row benchmark table, mixed corpus)", "",
              "`[default]` here is still `Config()` with the shipped tables (it ignores the benchmark table); "
              "`[bench-table]` is context and generalisation on with the benchmark table in place of the "
              "shipped ones (what this suite called default before issue 14).", "",
              "ratio = this engine's MB/s ÷ spinfix's (table-only detect / default restore); count = findings, "
              "matches, or output characters per MB, depending on the engine.", "",
              _table(tp, [("engine", "engine"), ("mbps", "MB/s"), ("mbps_cpu", "MB/s (CPU)"), ("median_s", "median s"),
                          ("runs", "runs"),
                          ("ratio_to_spinfix_detect_table_only", "÷ spinfix detect[table-only]"),
                          ("ratio_to_spinfix_restore_default", "÷ spinfix restore[default]"),
                          ("build_s", "load/build s"), ("rss_peak_mb", "peak RSS MB"),
                          ("counts", "counts"), ("count_per_mb", "count/MB"), ("status", "status")]),
              "![throughput](throughput.png)", ""]
    lines += ["## Corpus and tables", "", _table(read_csv(out / "corpus.csv"),
              [("corpus_mb", "corpus MB"), ("docs", "docs"), ("spun_docs", "spun docs"), ("swaps", "swaps"),
               ("swaps_per_mb", "swaps/MB"), ("generate_s", "generated in s")]), ""]
    trows = read_csv(out / "tables.csv")
    tcols = [("table_rows", "table"), ("rows", "rows"), ("shipped_rows", "shipped"), ("synthetic_rows", "synthetic"),
             ("patterns", "patterns (with inflections)"),
             ("synthetic_found_in_corpus", "synthetic rows matched in main corpus")]
    if trows:
        tcols += [(k, k.replace("_", " ")) for k in trows[0] if k.startswith(("matches_per_mb", "findings_per_mb"))]
    lines += [_table(trows, tcols), ""]
    lines += ["## Scaling", "", "### Corpus size", "", _table(read_csv(out / "scaling_corpus.csv"),
              [("engine", "engine"), ("corpus_mb", "MB"), ("runs", "runs"), ("median_s", "s"), ("mbps", "MB/s"),
               ("s_per_mb", "s/MB"), ("count_per_mb", "count/MB"), ("rss_peak_mb", "peak RSS MB")]),
              "### Table size", "", _table(read_csv(out / "scaling_table.csv"),
              [("engine", "engine"), ("table_rows", "rows"), ("mbps", "MB/s"), ("s_per_mb", "s/MB"),
               ("build_s", "load/build s"), ("count_per_mb", "count/MB"), ("rss_peak_mb", "peak RSS MB")]),
              "### Worker processes", "", _table(read_csv(out / "scaling_workers.csv"),
              [("engine", "engine"), ("workers", "workers"), ("corpus_mb", "MB"), ("median_s", "s"), ("mbps", "MB/s"),
               ("speedup", "speed-up"), ("efficiency", "efficiency"), ("load_avg", "load avg")]),
              "![scaling](scaling.png)", ""]
    lines += ["## Adversarial inputs", "",
              "Seconds per MB at each size: flat means linear. `skipped` = not run because the time measured at "
              "the previous size, extrapolated linearly, already exceeded the budget; `timeout` = killed.", "",
              _adversarial_table(read_csv(out / "adversarial.csv")), "![adversarial](adversarial.png)", ""]
    lines += ["## Cold start", "",
              "Wall seconds from a fresh interpreter (`python -m benchmarks --steps coldstart`).", "",
              _table(read_csv(out / "coldstart.csv"), [("what", "what"), ("runs", "runs"), ("median_s", "median s"),
                                                       ("min_s", "min s"), ("max_s", "max s"),
                                                       ("load_1min", "1-min load")]), ""]
    lines += ["## Memory", "", _table(read_csv(out / "memory.csv"),
              [("engine", "engine"), ("what", "what"), ("corpus_mb", "MB"), ("table_rows", "table"),
               ("build_s", "build s"), ("rss_base_mb", "RSS before build MB"), ("rss_built_mb", "after build MB"),
               ("rss_peak_mb", "peak MB"), ("note", "note")]), ""]
    profiles = sorted(out.glob("profile_*.txt"))
    if profiles:
        lines += ["## Profiles", "", "Written by `python -m benchmarks.profile ENGINE [...]` (pyinstrument) with the "
                  "spinfix of the time; each file says what it profiled:", ""]
        for prof in profiles:
            first = prof.read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ")
            lines.append(f"- [`{prof.name}`]({prof.name}): {first}")
        lines.append("")
    lines += ["## Quality (from the evaluation CSVs)", ""]
    found = _quality(out, results_dir)
    lines += found or ["_No `eval_*.csv` in the results directory: the evaluation had not been run._", ""]
    path = out / "SUMMARY.md"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path


def _adversarial_table(adv: Sequence[Row]) -> str:
    if not adv:
        return "_(not measured)_\n"
    sizes: dict[str, list[int]] = {}
    for r in adv:
        sizes.setdefault(r["case"], [])
        if r["size"] not in sizes[r["case"]]:
            sizes[r["case"]].append(r["size"])
    width = max(len(v) for v in sizes.values())
    head = "| case | engine | " + " | ".join(f"size {i + 1}" for i in range(width)) + " | growth |\n"
    head += "| --- | --- | " + " | ".join("---" for _ in range(width)) + " | --- |\n"
    body = ""
    for case, case_sizes in sizes.items():
        for eng in dict.fromkeys(r["engine"] for r in adv if r["case"] == case):
            cells = []
            ok = []
            for size in sorted(case_sizes):
                # not ``r``: that name holds the rows of ``adv`` above, which are never None
                hit = _get(adv, case=case, engine=eng, size=size)
                unit = "M chars" if case == "long_word" else "MB"
                if hit and hit.get("s_per_mb"):
                    cells.append(f"{size / MB:g} {unit}: {hit['s_per_mb']:.3g} s/MB")
                    ok.append(hit["s_per_mb"])
                else:
                    cells.append(f"{size / MB:g} {unit}: {hit['status'] if hit else '?'}")
            cells += [""] * (width - len(cells))
            growth = f"{ok[-1] / ok[0]:.2f}×" if len(ok) >= 2 else ""
            body += f"| {case} | {eng} | " + " | ".join(cells) + f" | {growth} |\n"
    return head + body


def _quality(out: Path, results_dir: Path | None) -> list[str]:
    """The evaluation CSVs as they are: small ones verbatim, per-item ones as column averages."""
    dirs = [out] + ([results_dir] if results_dir is not None and results_dir.resolve() != out.resolve() else [])
    lines: list[str] = []
    seen: set[str] = set()
    for d in dirs:
        summary_md = d / "eval_summary.md"
        if summary_md.is_file() and "eval_summary.md" not in seen:
            seen.add("eval_summary.md")
            lines += [f"The evaluation's own summary: `{summary_md}`.", ""]
        for p in sorted(glob.glob(str(d / "eval_*.csv"))):
            name = Path(p).name
            if name in seen:
                continue
            seen.add(name)
            with open(p, newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))
            if not rows:
                continue
            header, body = rows[0], rows[1:]
            lines += [f"### {name}", ""]
            # a long-form figures file (one figure per row, e.g. eval_devset.csv) is a table to read, not
            # items to average, however many rows it has
            if len(body) <= 40 or header[:2] == ["metric", "subset"]:
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in header) + " |")
                lines.append("| " + " | ".join("---" for _ in header) + " |")
                lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body]
            else:
                means = []
                for k, col in enumerate(header):
                    values = [_num(r[k]) for r in body if k < len(r)]
                    nums = [v for v in values if isinstance(v, (int, float))]
                    if nums and len(nums) == len(values) and col.lower() not in ID_COLUMNS:
                        means.append((col, sum(nums) / len(nums)))
                lines.append(f"{len(body):,} rows (one per evaluated item); mean of each numeric column:")
                lines.append("")
                lines.append("| " + " | ".join(c for c, _ in means) + " |")
                lines.append("| " + " | ".join("---" for _ in means) + " |")
                lines.append("| " + " | ".join(f"{m:.4f}" for _, m in means) + " |")
            lines.append("")
    return lines


def build_report(out: Path, results_dir: Path | None = None) -> list[Path]:
    """All plots and the summary; returns the files written."""
    written = [p for p in (plot_default(out), plot_throughput(out), plot_scaling(out), plot_adversarial(out))
               if p is not None]
    written.append(summary(out, results_dir))
    return written
