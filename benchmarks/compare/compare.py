#!/usr/bin/env python3
"""Runs weft and its peers on the reference workloads, one program at a
time, in rotated rounds, and writes the report (docs/benchmarks.md) and its
charts. benchmarks/compare/run.sh is the documented way in; it builds the
C++ peers and the Python environment first.

    compare.py --build BUILD_DIR --python VENV_PYTHON [--rounds 5] [--reps 3]
               [--threads 1,2] [--only W1,W2] [--compile-times FILE]
               [--json OUT.json] [--markdown OUT.md] [--charts DIR]
    compare.py --from-json OUT.json [--compile-times FILE] --markdown OUT.md --charts DIR

A peer that is not there (a C++ program not built because its library is
not installed, a Python module missing) is skipped and named in the report.
Every result is checked against the hand-written loop's checksum (relative
1e-9; W13, whose erf comes from different libraries, 1e-7): a peer that
computes something else is shown as wrong and never counted as best.
Timings: the medians of every sample of every round; the spread is the
interquartile range relative to the median.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

CPP_PEERS = ["weft", "hand", "xtensor", "eigen"]
PY_PEERS = ["numpy", "numpy_out", "numexpr", "numba", "numba_parallel", "numba_vectorize", "numba_vectorize_parallel"]
LABELS = {
    "weft": "weft", "hand": "hand-written (OpenMP)", "xtensor": "xtensor + xsimd + TBB", "eigen": "Eigen",
    "numpy": "NumPy", "numpy_out": "NumPy, out=", "numexpr": "numexpr", "numba": "Numba @njit",
    "numba_parallel": "Numba parallel=True", "numba_vectorize": "Numba @vectorize",
    "numba_vectorize_parallel": "Numba @vectorize(target='parallel')",
}
WORKLOADS = [
    ("W1", "sin(a) * cos(b), 10M"), ("W2", "a * b + c, 10M"), ("W3", "2a + 3b² − sqrt(|c|), 10M"),
    ("W4", "sum(a), 10M"), ("W4_1000", "sum(arange(1000.0)), per call"), ("W5", "sum(a * b), 10M"),
    ("W6", "x + sum(tanh(diag(x))), 1000²"), ("W7_transposed", "a.T + b, 4000²"), ("W7_stride2", "a[::2] * 2, 20M"),
    ("W8_axis0", "sum(M, axis=0), 4000×2500"), ("W8_axis1", "sum(M, axis=1), 4000×2500"),
    ("W9", "M + row[newaxis] * col[:, newaxis]"), ("W11", "A @ B, 512²"), ("W12", "a + b, 1000, per call"),
    ("W13", "Black-Scholes call and put, 10M"), ("W14", "pairwise distances, 2000 × 64"),
]
N10M = 10_000_000
# Bytes each workload must move at least (reads + writes, no write-allocate),
# for the fraction of the measured bandwidth; none for the compute-bound ones
# and those that run in cache.
BYTES = {
    "W2": 32 * N10M, "W3": 32 * N10M, "W4": 8 * N10M, "W5": 16 * N10M, "W7_transposed": 24 * 16_000_000,
    "W7_stride2": 24 * N10M, "W8_axis0": 8 * N10M, "W8_axis1": 8 * N10M, "W9": 16 * N10M, "W13": 40 * N10M,
}
TRIAD_BYTES = 24 * N10M


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        print(f"  {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-400:]}", file=sys.stderr)
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def available_peers(build, python):
    peers, missing = [], []
    for p in CPP_PEERS:
        exe = os.path.join(build, "benchmarks", "compare", f"compare_{p}")
        if os.access(exe, os.X_OK):
            peers.append((p, [exe]))
        else:
            missing.append(f"{LABELS[p]} (not built: its library is not installed)")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers.py")
    modules = {"numpy": "numpy", "numpy_out": "numpy", "numexpr": "numexpr", "numba": "numba",
               "numba_parallel": "numba", "numba_vectorize": "numba", "numba_vectorize_parallel": "numba"}
    for p in PY_PEERS:
        ok = python and subprocess.run([python, "-c", f"import {modules[p]}"], capture_output=True).returncode == 0
        if ok:
            peers.append((p, [python, script, "--peer", p]))
        else:
            missing.append(f"{LABELS[p]} (Python module {modules[p]} not found)")
    return peers, missing


def versions(python):
    v = {}
    cxx = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()
    v["C++ compiler"] = cxx[0] if cxx else "?"
    if python:
        code = ("import numpy, sys; r = ['Python ' + sys.version.split()[0], 'NumPy ' + numpy.__version__]\n"
                "for m in ('numba', 'numexpr', 'scipy'):\n"
                "    try: r.append(m + ' ' + __import__(m).__version__)\n"
                "    except Exception: pass\n"
                "print('; '.join(r))")
        v["Python"] = subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()
    for name, header, pattern in [
        ("xtensor", "/usr/include/xtensor/xtensor_config.hpp", r"#define XTENSOR_VERSION_(MAJOR|MINOR|PATCH) (\d+)"),
        ("Eigen", "/usr/include/eigen3/Eigen/src/Core/util/Macros.h", r"#define EIGEN_(WORLD|MAJOR|MINOR)_VERSION (\d+)"),
        ("xsimd", "/usr/include/xsimd/config/xsimd_config.hpp", r"#define XSIMD_VERSION_(MAJOR|MINOR|PATCH) (\d+)"),
    ]:
        try:
            v[name] = ".".join(m.group(2) for m in re.finditer(pattern, open(header).read()))
        except OSError:
            pass
    return v


def machine():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        flags = open("/proc/cpuinfo").read()
        isa = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "SSE2"
    except OSError:
        isa = "?"
    return f"{model} ({isa}), {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def median(xs):
    return statistics.median(xs)


def spread(xs):
    if len(xs) < 4:
        return (max(xs) - min(xs)) / median(xs)
    q = statistics.quantiles(xs, n=4)
    return (q[2] - q[0]) / median(xs)


def fmt_time(s):
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="")
    ap.add_argument("--python", default="")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default="")
    ap.add_argument("--compile-times", default="")
    ap.add_argument("--json", default="")
    ap.add_argument("--markdown", default="")
    ap.add_argument("--charts", default="")
    ap.add_argument("--from-json", default="", help="write the report and charts of an earlier run's --json")
    a = ap.parse_args()
    if a.from_json:
        result = json.load(open(a.from_json))
        if a.charts:
            charts(result, a.charts, a.compile_times)
        if a.markdown:
            with open(a.markdown, "w") as f:
                f.write(markdown(result, a.compile_times, a.charts))
        return
    threads = [int(t) for t in a.threads.split(",")]
    peers, missing = available_peers(a.build, a.python)
    print("peers: " + ", ".join(p for p, _ in peers) + (f"; missing: {'; '.join(missing)}" if missing else ""))
    samples, checksums, compile_s = {}, {}, {}
    for r in range(a.rounds):
        order = peers[r % len(peers):] + peers[:r % len(peers)]
        for t in (threads if r % 2 == 0 else threads[::-1]):
            for name, cmd in order:
                extra = ["--threads", str(t), "--reps", str(a.reps)] + (["--only", a.only] if a.only else [])
                for line in run(cmd + extra):
                    key = (name, line["workload"], t)
                    samples.setdefault(key, []).extend(line["times"])
                    checksums[key] = line["checksum"]
                    if "compile_s" in line:
                        compile_s.setdefault((name, line["workload"]), []).append(line["compile_s"])
            print(f"round {r + 1}/{a.rounds}, {t} thread(s): done", flush=True)
    result = {"machine": machine(), "versions": versions(a.python), "date": datetime.date.today().isoformat(),
              "threads": threads, "rounds": a.rounds, "reps": a.reps, "missing": missing, "rows": [],
              "compile_times": compile_times(a.compile_times)}
    for (name, wid, t), xs in sorted(samples.items()):
        ref = checksums.get(("hand", wid, t))
        c = checksums[(name, wid, t)]
        tol = 1e-7 if wid == "W13" else 1e-9
        valid = ref is None or abs(c - ref) <= tol * max(1.0, abs(ref))
        result["rows"].append({"peer": name, "workload": wid, "threads": t, "median_s": median(xs),
                               "spread": spread(xs), "samples": len(xs), "checksum": c, "valid": valid,
                               "compile_s": median(compile_s[(name, wid)]) if (name, wid) in compile_s else None})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
    if a.charts:
        charts(result, a.charts, a.compile_times)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(markdown(result, a.compile_times, a.charts))
    print(markdown(result, a.compile_times, "")[:3000])


def table_of(result):
    by = {}
    for row in result["rows"]:
        by[(row["peer"], row["workload"], row["threads"])] = row
    return by


def best_peer(by, wid, t, peers):
    cands = [(by[(p, wid, t)]["median_s"], p) for p in peers
             if p != "weft" and (p, wid, t) in by and by[(p, wid, t)]["valid"]]
    return min(cands) if cands else None


def compile_times(path):
    """The fourteen-workload unit's figures from scripts/compile-time.sh's output."""
    if not path or not os.path.exists(path):
        return {}
    out, section = {}, ""
    for line in open(path):
        if "fourteen" in line:
            section = "fourteen"
        elif "dozen" in line:
            section = "dozen"
        m = re.match(r"\s+(weft|xtensor \+ xsimd|xtensor|Eigen):\s+([\d.]+) s", line)
        if m and section == "fourteen":
            out[m.group(1)] = float(m.group(2))
    return out


def markdown(result, compile_path, chart_dir):
    by = table_of(result)
    peers = sorted({r["peer"] for r in result["rows"]}, key=lambda p: (CPP_PEERS + PY_PEERS).index(p))
    ts = result["threads"]
    triad = {t: by[("hand", "stream_triad", t)]["median_s"] for t in ts if ("hand", "stream_triad", t) in by}
    out = ["# weft beside its peers", "",
           "Made by `benchmarks/compare/run.sh` (one run; the numbers below are from that run only; raw samples in "
           "`docs/benchmarks.json`, from which `compare.py --from-json` redraws this page).", "",
           f"- Machine: {result['machine']}, measured {result['date']}.",
           "- " + "; ".join(f"{k}: {v}" for k, v in result["versions"].items()) + ".",
           f"- Threads: {', '.join(map(str, ts))}. Each peer is its own program, run one at a time, in "
           f"{result['rounds']} rounds of rotated order ({result['reps']} timed calls per round after one warm-up); "
           "times are medians of all samples; ± is half the interquartile range, relative to the median.",
           "- Bandwidth limit: STREAM's triad (hand-written, OpenMP) in the same run: "
           + ", ".join(f"{TRIAD_BYTES / triad[t] / 1e9:.1f} GB/s on {t} thread{'s' if t > 1 else ''}" for t in triad)
           + ". \"of bandwidth\" is the workload's least traffic (reads and writes) over its time, as a fraction of that.",
           "- Every result was checked against the hand-written loop's (a checksum of the output); a peer that "
           "computed something else is marked ✗ and never counted as best.", ""]
    if result["missing"]:
        out += ["Not run here: " + "; ".join(result["missing"]) + ".", ""]
    if chart_dir:
        rel = os.path.relpath(chart_dir, "docs")
        out += [f"![weft against the best peer per workload]({rel}/headline.png)", "",
                f"![thread scaling]({rel}/threads.png)", ""]
        if compile_times(compile_path) or result.get("compile_times"):
            out += [f"![compile time]({rel}/compile_time.png)", ""]
    t = max(ts)
    out += [f"## Headline: weft against the best peer ({t} thread{'s' if t > 1 else ''})", "",
            "| workload | weft | best peer | its time | weft / best | speedup over NumPy | weft, of bandwidth |",
            "|---|---:|---|---:|---:|---:|---:|"]
    for wid, what in WORKLOADS:
        if ("weft", wid, t) not in by:
            continue
        w = by[("weft", wid, t)]
        best = best_peer(by, wid, t, peers)
        npy = by.get(("numpy", wid, t))
        bw = f"{BYTES[wid] / w['median_s'] / (TRIAD_BYTES / triad[t]):.2f}" if wid in BYTES and t in triad else ""
        out.append(f"| {wid} {what} | {fmt_time(w['median_s'])}{'' if w['valid'] else ' ✗'} | "
                   f"{LABELS[best[1]] if best else '—'} | {fmt_time(best[0]) if best else ''} | "
                   f"{w['median_s'] / best[0]:.2f} | " if best else f"| {wid} {what} | {fmt_time(w['median_s'])} | — | | | ")
        out[-1] += (f"{npy['median_s'] / w['median_s']:.1f}× | " if npy and npy["valid"] else "| ") + f"{bw} |"
    for t in ts:
        out += ["", f"## Every peer, {t} thread{'s' if t > 1 else ''} (median time ± half the interquartile range)", "",
                "| workload | " + " | ".join(LABELS[p] for p in peers) + " |",
                "|---|" + "---:|" * len(peers)]
        for wid, what in [("stream_triad", "STREAM triad, 10M")] + WORKLOADS:
            cells = []
            for p in peers:
                r = by.get((p, wid, t))
                cells.append("" if r is None else f"{fmt_time(r['median_s'])} ±{r['spread'] * 50:.0f}%"
                             + ("" if r["valid"] else " ✗"))
            if any(cells):
                out.append(f"| {wid} | " + " | ".join(cells) + " |")
    comp = [(p, wid, r["compile_s"]) for (p, wid, tt), r in by.items() if r["compile_s"] is not None and tt == ts[0]]
    if comp:
        out += ["", "## Numba's first-call compile time (not in the times above)", "",
                "| workload | " + " | ".join(LABELS[p] for p in peers if p.startswith("numba")) + " |",
                "|---|" + "---:|" * len([p for p in peers if p.startswith("numba")])]
        for wid, _ in WORKLOADS:
            cells = [next((fmt_time(c) for pp, w, c in comp if pp == p and w == wid), "") for p in peers
                     if p.startswith("numba")]
            if any(cells):
                out.append(f"| {wid} | " + " | ".join(cells) + " |")
        out += ["", "@vectorize with signatures compiles when it is decorated, before the first call: its column "
                "is only the first call's extra cost. weft compiles ahead of time: no first-call latency (its cost "
                "is build time, below)."]
    ct = compile_times(compile_path) or result.get("compile_times", {})
    if ct:
        out += ["", "## Compile time: the fourteen workloads in one translation unit", "",
                "`scripts/compile-time.sh` (g++ -O2, fastest of its runs), same machine:", "",
                "| library | seconds |", "|---|---:|"] + [f"| {k} | {v:.2f} |" for k, v in ct.items()]
    return "\n".join(out) + "\n"


def charts(result, directory, compile_path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not found: no charts (apt-get install python3-matplotlib)", file=sys.stderr)
        return
    os.makedirs(directory, exist_ok=True)
    by = table_of(result)
    peers = sorted({r["peer"] for r in result["rows"]})
    t = max(result["threads"])
    names, ratios, labels = [], [], []
    for wid, _ in WORKLOADS:
        best = best_peer(by, wid, t, peers)
        if ("weft", wid, t) in by and best:
            names.append(wid)
            ratios.append(best[0] / by[("weft", wid, t)]["median_s"])
            labels.append(LABELS[best[1]])
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(names) + 1.4))
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, ratios, color=["#2a7" if r >= 1 else "#c54" for r in ratios], left=0)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8) if min(ratios) / 1.5 <= t <= max(ratios) * 1.5]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}×" for t in ticks])
    ax.set_xlim(min(ratios) / 1.6, max(ratios) * 4)
    ax.set_yticks(ys)
    ax.set_yticklabels(names)
    for y, r, lab in zip(ys, ratios, labels):
        ax.text(max(r, 1.0) * 1.05, y, f"{r:.2f}× vs {lab}", va="center", fontsize=8)
    ax.set_xlabel("best peer's time / weft's time (right of 1: weft is faster)")
    ax.set_title(f"weft against the fastest peer per workload, {t} threads\n{result['machine'].split(',')[0]}", fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(directory, "headline.png"), dpi=110)
    plt.close(fig)

    ts = sorted(result["threads"])
    if len(ts) >= 2:
        lo, hi = ts[0], ts[-1]
        shown = ["weft", "hand", "xtensor", "numba_parallel", "numexpr"]
        fig, ax = plt.subplots(figsize=(10, 4.8))
        width = 0.8 / len(shown)
        wids = [w for w, _ in WORKLOADS if ("weft", w, lo) in by and ("weft", w, hi) in by]
        for k, p in enumerate(shown):
            xs, ys = [], []
            for i, w in enumerate(wids):
                if (p, w, lo) in by and (p, w, hi) in by:
                    xs.append(i + (k - len(shown) / 2) * width + width / 2)
                    ys.append(by[(p, w, lo)]["median_s"] / by[(p, w, hi)]["median_s"])
            if xs:
                ax.bar(xs, ys, width, label=LABELS[p])
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.axhline(hi / lo, color="gray", linewidth=0.8, linestyle="--")
        ax.set_xticks(range(len(wids)))
        ax.set_xticklabels(wids, rotation=45, ha="right")
        ax.set_ylabel(f"time on {lo} thread / time on {hi} threads")
        ax.set_title("thread scaling (dashed: perfect)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(directory, "threads.png"), dpi=110)
        plt.close(fig)

    ct = compile_times(compile_path) or result.get("compile_times", {})
    if ct:
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.barh(list(ct.keys()), list(ct.values()), color="#47a")
        ax.set_xlabel("seconds (g++ -O2): the fourteen workloads in one translation unit")
        fig.tight_layout()
        fig.savefig(os.path.join(directory, "compile_time.png"), dpi=110)
        plt.close(fig)


if __name__ == "__main__":
    main()
