#!/usr/bin/env python3
"""Markdown table of weft beside the hand-written loops, from Google Benchmark JSON.

Runs nothing itself. Give it the output of one or more benchmark programs:

    bench_reductions --benchmark_format=json > red.json    (or --benchmark_out=red.json)
    python3 benchmarks/report.py red.json [exprs.json ...]    (no file: read stdin)

Pairing, by name: `<prefix>_weft/<threads>` goes with `<prefix>_hand/<threads>`
and any variants `<prefix>_hand_<variant>/<threads>`; the fastest hand variant
is shown. A hand benchmark without a threads argument is serial and stands
beside every thread count of its weft benchmark. With repetitions the median
aggregate is used, else the median of the plain runs.

Bandwidth: each weft and hand result is given as a fraction of the bandwidth
reference measured in the same run, at the same thread count: `read_bandwidth`
for the reductions (W4, W5, W8), `stream_triad` for the rest (whichever exists
when only one does). GB/s are 10^9 bytes per second of the bytes each benchmark
declares. The fractions mean something only out of cache: W4 (1000) and W12
run from L1 and exceed 1.
"""
import json
import re
import statistics
import sys

REFERENCES = ("read_bandwidth", "stream_triad")
READ_WORKLOADS = {"w4", "w5", "w8"}
UNITS_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def split_name(name):
    """'w4_weft/2/real_time' -> ('w4_weft', 2); no integer argument -> threads None.

    Further integer arguments name a variant of the workload, kept in the
    prefix so that weft and hand still pair: 'w12_weft/1/36' -> ('w12@36_weft', 1).
    """
    parts = name.split("/")
    args = [p for p in parts[1:] if re.fullmatch(r"-?\d+", p)]
    base = parts[0]
    if len(args) > 1:
        variant = "@" + "@".join(args[1:])
        base = re.sub(r"_(weft|hand)", lambda m: variant + m.group(0), base, count=1)
    return base, int(args[0]) if args else None


def load(paths):
    """{(base, threads): {"ns", "bps", "error"}}, in order of first appearance."""
    medians, plain = {}, {}
    for path in paths:
        data = json.load(sys.stdin if path == "-" else open(path))
        for b in data.get("benchmarks", []):
            key = split_name(b.get("run_name") or b["name"])
            if b.get("error_occurred"):
                plain.setdefault(key, []).append({"error": b.get("error_message", "error")})
                continue
            run = {
                "ns": b["real_time"] * UNITS_NS.get(b.get("time_unit", "ns"), 1.0),
                "bps": b.get("bytes_per_second"),
                "error": None,
            }
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    medians[key] = run
            else:
                plain.setdefault(key, []).append(run)
    results = {}
    for key, runs in plain.items():
        if key in medians:
            results[key] = medians[key]
        elif all(r["error"] is None for r in runs):
            mid = statistics.median(r["ns"] for r in runs)
            bps = [r["bps"] for r in runs if r["bps"] is not None]
            results[key] = {"ns": mid, "bps": statistics.median(bps) if bps else None, "error": None}
        else:
            results[key] = next(r for r in runs if r["error"] is not None)
    for key, run in medians.items():
        results.setdefault(key, run)
    return results


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns / 1e6:.2f} ms"


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}"


def fraction(run, ref):
    if not run or not ref or run.get("bps") is None or ref.get("bps") in (None, 0):
        return None
    return run["bps"] / ref["bps"]


def main(argv):
    results = load(argv[1:] or ["-"])
    ok = {k: r for k, r in results.items() if r["error"] is None}

    def reference_for(prefix):
        present = [r for r in REFERENCES if any(base == r for base, _ in ok)]
        if not present:
            return None
        wanted = "read_bandwidth" if prefix.split("_")[0] in READ_WORKLOADS else "stream_triad"
        return wanted if wanted in present else present[0]

    lines = [
        "| benchmark | threads | weft | hand | weft/hand | weft GB/s | weft/ref | hand/ref |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for (base, threads), run in results.items():
        if not base.endswith("_weft"):
            continue
        prefix = base[: -len("_weft")]
        if run["error"] is not None:
            notes.append(f"- {base}/{threads}: {run['error']}")
            continue
        hands = [
            (k, r) for k, r in ok.items()
            if (k[0] == prefix + "_hand" or k[0].startswith(prefix + "_hand_")) and k[1] == threads
        ] or [
            (k, r) for k, r in ok.items()
            if (k[0] == prefix + "_hand" or k[0].startswith(prefix + "_hand_")) and k[1] is None
        ]
        hand_key, hand = min(hands, key=lambda kr: kr[1]["ns"]) if hands else (None, None)
        ref_name = reference_for(prefix)
        ref = ok.get((ref_name, threads if threads is not None else 1)) if ref_name else None
        hand_text = fmt_time(hand["ns"]) if hand else "–"
        variant = hand_key[0][len(prefix + "_hand"):].lstrip("_") if hand_key else ""
        if variant:
            hand_text += f" ({variant})"
        bps = run.get("bps")
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} | {} |".format(
                prefix,
                threads if threads is not None else 1,
                fmt_time(run["ns"]),
                hand_text,
                fmt_ratio(run["ns"] / hand["ns"] if hand else None),
                "–" if bps is None else f"{bps / 1e9:.1f}",
                fmt_ratio(fraction(run, ref)),
                fmt_ratio(fraction(hand, ref)),
            )
        )
    for name in REFERENCES:
        for (base, threads), run in ok.items():
            if base == name and run.get("bps"):
                notes.append(f"- reference {name}, {threads} thread(s): {run['bps'] / 1e9:.1f} GB/s, {fmt_time(run['ns'])}")
    for (base, threads), run in results.items():
        if run["error"] is not None and not base.endswith("_weft"):
            notes.append(f"- {base}/{threads}: {run['error']}")
    print("\n".join(lines))
    if notes:
        print()
        print("\n".join(notes))


if __name__ == "__main__":
    main(sys.argv)
