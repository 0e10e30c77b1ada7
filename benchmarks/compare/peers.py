#!/usr/bin/env python3
"""The reference workloads in Python: NumPy (idiomatic, and with out=),
numexpr, Numba @njit serial and parallel=True, and @vectorize (cpu and
parallel targets). Same inputs, same JSON lines as the C++ peers
(harness.hpp), read by compare.py:

    peers.py --peer numba_parallel --threads 2 [--reps 5] [--only W1,W2]

Thread counts: set before NumPy is imported (OPENBLAS_NUM_THREADS and
friends, for W11's matmul), numexpr.set_num_threads, numba.set_num_threads.
Numba's compile time (first call minus a steady call) is reported apart, in
"compile_s"; its run times never include it.
"""
import argparse
import json
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--peer", required=True)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--only", default="")
args = ap.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

N10M = 10_000_000
SMALL_CALLS = 20000


def array(n, phase):
    """WORKLOADS.md's inputs, the same bits as harness.hpp's input()."""
    return 0.1 + np.fmod(phase + 0.6180339887 * np.arange(n, dtype=np.float64), 1.0)


def matrix(rows, cols, phase):
    return array(rows * cols, phase).reshape(rows, cols)


RATE, VOL, INV_SQRT2 = 0.02, 0.30, 0.70710678118654752440


class Data:
    def __init__(self):
        self.a, self.b, self.c = array(N10M, 0.1), array(N10M, 0.2), array(N10M, 0.4)
        self.out = np.zeros(N10M)
        self.small = np.arange(1000.0)
        self.sa, self.sb, self.sout = array(1000, 0.1), array(1000, 0.2), np.zeros(1000)
        self.x6 = matrix(1000, 1000, 0.5)
        self.out6 = np.zeros((1000, 1000))
        self.a7, self.b7 = matrix(4000, 4000, 0.1), matrix(4000, 4000, 0.2)
        self.out7 = np.zeros((4000, 4000))
        self.long7 = array(2 * N10M, 0.3)
        self.m = matrix(4000, 2500, 0.6)
        self.out9 = np.zeros((4000, 2500))
        self.row, self.col = array(2500, 0.7), array(4000, 0.8)
        self.a11, self.b11 = matrix(512, 512, 0.9), matrix(512, 512, 1.0)
        self.S = array(N10M, 0.3) * 40.0 + 6.0
        self.K = array(N10M, 0.7) * 40.0 + 6.0
        self.T = array(N10M, 0.5) * 1.9 - 0.09
        self.call, self.put = np.zeros(N10M), np.zeros(N10M)
        self.x14 = matrix(2000, 64, 1.4)
        self.result = None


def numpy_workloads(d, out):
    """Idiomatic NumPy; with out=True, writing into preallocated arrays."""
    try:  # NumPy has no erf: a NumPy user takes SciPy's
        from scipy.special import erf as np_erf
    except ImportError:
        np_erf = None

    def w13():
        sqrtT = np.sqrt(d.T)
        d1 = (np.log(d.S / d.K) + (RATE + 0.5 * VOL * VOL) * d.T) / (VOL * sqrtT)
        d2 = d1 - VOL * sqrtT
        cnd1, cnd2 = 0.5 * (1.0 + np_erf(d1 * INV_SQRT2)), 0.5 * (1.0 + np_erf(d2 * INV_SQRT2))
        discounted = d.K * np.exp(-RATE * d.T)
        d.call = d.S * cnd1 - discounted * cnd2
        d.put = discounted * (1.0 - cnd2) - d.S * (1.0 - cnd1)

    def w14():
        diff = d.x14[:, None, :] - d.x14[None, :, :]
        d.result = np.sqrt(np.sum(diff * diff, axis=2))

    if out:
        def w1():
            np.sin(d.a, out=d.out)
            np.multiply(d.out, np.cos(d.b), out=d.out)

        def w2():
            np.multiply(d.a, d.b, out=d.out)
            np.add(d.out, d.c, out=d.out)

        def w3():
            np.multiply(d.b, d.b, out=d.out)
            d.out *= 3.0
            d.out += 2.0 * d.a
            d.out -= np.sqrt(np.abs(d.c))

        def w6():
            np.add(d.x6, np.sum(np.tanh(np.diagonal(d.x6))), out=d.out6)

        def w7t():
            np.add(d.a7.T, d.b7, out=d.out7)

        def w7s():
            np.multiply(d.long7[::2], 2.0, out=d.out)

        def w9():
            np.multiply(d.row[None, :], d.col[:, None], out=d.out9)
            d.out9 += d.m

        def w12():
            for _ in range(SMALL_CALLS):
                np.add(d.sa, d.sb, out=d.sout)
    else:
        def w1():
            d.out = np.sin(d.a) * np.cos(d.b)

        def w2():
            d.out = d.a * d.b + d.c

        def w3():
            d.out = 2 * d.a + 3 * d.b * d.b - np.sqrt(np.abs(d.c))

        def w6():
            d.out6 = d.x6 + np.sum(np.tanh(np.diagonal(d.x6)))

        def w7t():
            d.out7 = d.a7.T + d.b7

        def w7s():
            d.out = d.long7[::2] * 2.0

        def w9():
            d.out9 = d.m + d.row[None, :] * d.col[:, None]

        def w12():
            for _ in range(SMALL_CALLS):
                d.sout = d.sa + d.sb

    def w4_1000():
        for _ in range(SMALL_CALLS):
            d.result = np.sum(d.small)

    table = {
        "W1": (w1, lambda: d.out.sum()),
        "W2": (w2, lambda: d.out.sum()),
        "W3": (w3, lambda: d.out.sum()),
        "W4": (lambda: setattr(d, "result", np.sum(d.a)), lambda: d.result),
        "W4_1000": (w4_1000, lambda: d.result, SMALL_CALLS),
        "W5": (lambda: setattr(d, "result", np.sum(d.a * d.b)), lambda: d.result),
        "W6": (w6, lambda: d.out6.sum()),
        "W7_transposed": (w7t, lambda: d.out7.sum()),
        "W7_stride2": (w7s, lambda: d.out.sum()),
        "W8_axis0": (lambda: setattr(d, "result", np.sum(d.m, axis=0)), lambda: d.result.sum()),
        "W8_axis1": (lambda: setattr(d, "result", np.sum(d.m, axis=1)), lambda: d.result.sum()),
        "W9": (w9, lambda: d.out9.sum()),
        "W11": (lambda: setattr(d, "result", d.a11 @ d.b11), lambda: d.result.sum()),
        "W12": (w12, lambda: d.sout.sum(), SMALL_CALLS),
        "W14": (w14, lambda: d.result.sum()),
    }
    if np_erf is not None:
        table["W13"] = (w13, lambda: d.call.sum() + d.put.sum())
    return table


def numexpr_workloads(d):
    import numexpr as ne
    ne.set_num_threads(args.threads)
    def ev(expr, local_dict=None, **kw):  # (names given explicitly: numexpr would look in the caller's frame)
        return ne.evaluate(expr, local_dict=local_dict or dict(a=d.a, b=d.b, c=d.c), **kw)

    def w13():
        names = dict(S=d.S, K=d.K, T=d.T, r=RATE, v=VOL, k=INV_SQRT2)
        d1 = "((log(S / K) + (r + 0.5 * v * v) * T) / (v * sqrt(T)))"
        d2 = f"({d1} - v * sqrt(T))"
        ev(f"S * (0.5 + 0.5 * erf({d1} * k)) - K * exp(-r * T) * (0.5 + 0.5 * erf({d2} * k))", local_dict=names, out=d.call)
        ev(f"K * exp(-r * T) * (0.5 - 0.5 * erf({d2} * k)) - S * (0.5 - 0.5 * erf({d1} * k))", local_dict=names, out=d.put)

    table = {
        "W1": (lambda: ev("sin(a) * cos(b)", out=d.out), lambda: d.out.sum()),
        "W2": (lambda: ev("a * b + c", out=d.out), lambda: d.out.sum()),
        "W3": (lambda: ev("2 * a + 3 * b * b - sqrt(abs(c))", out=d.out), lambda: d.out.sum()),
        "W4": (lambda: setattr(d, "result", ev("sum(a)")), lambda: float(d.result)),
        "W5": (lambda: setattr(d, "result", ev("sum(a * b)")), lambda: float(d.result)),
        "W7_transposed": (lambda: ev("x + y", local_dict=dict(x=d.a7.T, y=d.b7), out=d.out7), lambda: d.out7.sum()),
        "W7_stride2": (lambda: ev("x * 2.0", local_dict=dict(x=d.long7[::2]), out=d.out), lambda: d.out.sum()),
        "W9": (lambda: ev("m + r * q", local_dict=dict(m=d.m, r=d.row[None, :], q=d.col[:, None]), out=d.out9),
               lambda: d.out9.sum()),
    }
    # numexpr has no erf in every release: W13 only where it does.
    try:
        ev("erf(a)", local_dict=dict(a=np.zeros(2)))
        table["W13"] = (w13, lambda: d.call.sum() + d.put.sum())
    except Exception:
        pass
    return table


def numba_workloads(d, parallel):
    import numba
    from numba import njit, prange
    from math import erf, exp, log, sqrt, sin, cos, tanh
    numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    jit = njit(parallel=parallel, fastmath=False, cache=False)
    rng = prange if parallel else range

    @jit
    def w1(a, b, out):
        for i in rng(a.shape[0]):
            out[i] = sin(a[i]) * cos(b[i])

    @jit
    def w2(a, b, c, out):
        for i in rng(a.shape[0]):
            out[i] = a[i] * b[i] + c[i]

    @jit
    def w3(a, b, c, out):
        for i in rng(a.shape[0]):
            out[i] = 2 * a[i] + 3 * b[i] * b[i] - sqrt(abs(c[i]))

    @jit
    def w4(a):
        s = 0.0
        for i in rng(a.shape[0]):
            s += a[i]
        return s

    @njit
    def w4_small(a, calls):  # serial: 1000 elements
        s = 0.0
        for _ in range(calls):
            s = 0.0
            for i in range(a.shape[0]):
                s += a[i]
        return s

    @jit
    def w5(a, b):
        s = 0.0
        for i in rng(a.shape[0]):
            s += a[i] * b[i]
        return s

    @jit
    def w6(x, out):
        t = 0.0
        for i in range(x.shape[0]):
            t += tanh(x[i, i])
        for i in rng(x.shape[0]):
            for j in range(x.shape[1]):
                out[i, j] = x[i, j] + t

    @jit
    def w7t(a, b, out):
        for i in rng(a.shape[0]):
            for j in range(a.shape[1]):
                out[i, j] = a[j, i] + b[i, j]

    @jit
    def w7s(a, out):
        for i in rng(out.shape[0]):
            out[i] = a[2 * i] * 2.0

    @jit
    def w8_0(m):
        out = np.zeros(m.shape[1])
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                out[j] += m[i, j]
        return out

    @jit
    def w8_1(m):
        out = np.empty(m.shape[0])
        for i in rng(m.shape[0]):
            s = 0.0
            for j in range(m.shape[1]):
                s += m[i, j]
            out[i] = s
        return out

    @jit
    def w9(m, row, col, out):
        for i in rng(m.shape[0]):
            for j in range(m.shape[1]):
                out[i, j] = m[i, j] + row[j] * col[i]

    @jit
    def w11(a, b):
        n = a.shape[0]
        c = np.zeros((n, n))
        for i in rng(n):
            for k in range(n):
                aik = a[i, k]
                for j in range(n):
                    c[i, j] += aik * b[k, j]
        return c

    @njit
    def w12(a, b, out, calls):
        for _ in range(calls):
            for i in range(a.shape[0]):
                out[i] = a[i] + b[i]

    @jit
    def w13(S, K, T, call, put):
        for i in rng(S.shape[0]):
            sqrtT = sqrt(T[i])
            d1 = (log(S[i] / K[i]) + (RATE + 0.5 * VOL * VOL) * T[i]) / (VOL * sqrtT)
            d2 = d1 - VOL * sqrtT
            cnd1, cnd2 = 0.5 * (1.0 + erf(d1 * INV_SQRT2)), 0.5 * (1.0 + erf(d2 * INV_SQRT2))
            discounted = K[i] * exp(-RATE * T[i])
            call[i] = S[i] * cnd1 - discounted * cnd2
            put[i] = discounted * (1.0 - cnd2) - S[i] * (1.0 - cnd1)

    @jit
    def w14(x):
        p, dims = x.shape
        out = np.empty((p, p))
        for i in rng(p):
            for j in range(p):
                s = 0.0
                for k in range(dims):
                    t = x[i, k] - x[j, k]
                    s += t * t
                out[i, j] = sqrt(s)
        return out

    def keep(v):
        d.result = v

    return {
        "W1": (lambda: w1(d.a, d.b, d.out), lambda: d.out.sum()),
        "W2": (lambda: w2(d.a, d.b, d.c, d.out), lambda: d.out.sum()),
        "W3": (lambda: w3(d.a, d.b, d.c, d.out), lambda: d.out.sum()),
        "W4": (lambda: keep(w4(d.a)), lambda: d.result),
        "W4_1000": (lambda: keep(w4_small(d.small, SMALL_CALLS)), lambda: d.result, SMALL_CALLS),
        "W5": (lambda: keep(w5(d.a, d.b)), lambda: d.result),
        "W6": (lambda: w6(d.x6, d.out6), lambda: d.out6.sum()),
        "W7_transposed": (lambda: w7t(d.a7, d.b7, d.out7), lambda: d.out7.sum()),
        "W7_stride2": (lambda: w7s(d.long7, d.out), lambda: d.out.sum()),
        "W8_axis0": (lambda: keep(w8_0(d.m)), lambda: d.result.sum()),
        "W8_axis1": (lambda: keep(w8_1(d.m)), lambda: d.result.sum()),
        "W9": (lambda: w9(d.m, d.row, d.col, d.out9), lambda: d.out9.sum()),
        "W11": (lambda: keep(w11(d.a11, d.b11)), lambda: d.result.sum()),
        "W12": (lambda: w12(d.sa, d.sb, d.sout, SMALL_CALLS), lambda: d.sout.sum(), SMALL_CALLS),
        "W13": (lambda: w13(d.S, d.K, d.T, d.call, d.put), lambda: d.call.sum() + d.put.sum()),
        "W14": (lambda: keep(w14(d.x14)), lambda: d.result.sum()),
    }


def vectorize_workloads(d, target):
    import numba
    from numba import vectorize, float64
    from math import sin, cos, sqrt
    numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    sig = [float64(float64, float64)]

    @vectorize(sig, target=target)
    def sinacos(x, y):
        return sin(x) * cos(y)

    @vectorize([float64(float64, float64, float64)], target=target)
    def fma3(x, y, z):
        return x * y + z

    @vectorize([float64(float64, float64, float64)], target=target)
    def w3k(x, y, z):
        return 2 * x + 3 * y * y - sqrt(abs(z))

    @vectorize(sig, target=target)
    def add(x, y):
        return x + y

    def w12():
        for _ in range(SMALL_CALLS):
            add(d.sa, d.sb, out=d.sout)

    table = {
        "W1": (lambda: sinacos(d.a, d.b, out=d.out), lambda: d.out.sum()),
        "W2": (lambda: fma3(d.a, d.b, d.c, out=d.out), lambda: d.out.sum()),
        "W3": (lambda: w3k(d.a, d.b, d.c, out=d.out), lambda: d.out.sum()),
    }
    if target == "cpu":  # (the parallel target on 1000 elements only measures its thread start)
        table["W12"] = (w12, lambda: d.sout.sum(), SMALL_CALLS)
    return table


def main():
    d = Data()
    peer = args.peer
    if peer == "numpy":
        table = numpy_workloads(d, out=False)
    elif peer == "numpy_out":
        table = numpy_workloads(d, out=True)
    elif peer == "numexpr":
        table = numexpr_workloads(d)
    elif peer == "numba":
        table = numba_workloads(d, parallel=False)
    elif peer == "numba_parallel":
        table = numba_workloads(d, parallel=True)
    elif peer == "numba_vectorize":
        table = vectorize_workloads(d, "cpu")
    elif peer == "numba_vectorize_parallel":
        table = vectorize_workloads(d, "parallel")
    else:
        sys.exit(f"unknown peer {peer}")
    only = set(filter(None, args.only.split(",")))
    for wid, entry in table.items():
        if only and wid not in only:
            continue
        run, check = entry[0], entry[1]
        calls = entry[2] if len(entry) > 2 else 1
        t0 = time.perf_counter()
        run()  # first call: Numba compiles here
        first = time.perf_counter() - t0
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            run()
            times.append((time.perf_counter() - t0) / calls)
        line = {"peer": peer, "workload": wid, "threads": args.threads, "checksum": float(check()), "times": times}
        if peer.startswith("numba"):
            line["compile_s"] = max(0.0, first - sorted(times)[len(times) // 2] * calls)
        print(json.dumps(line), flush=True)


main()
