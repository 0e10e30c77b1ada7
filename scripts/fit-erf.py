#!/usr/bin/env python3
"""Derives the polynomial coefficients of weft's SIMD erf and erfc
(include/weft/simd/erf.hpp) and prints them as C++.

    build/venv/bin/python scripts/fit-erf.py      (needs mpmath from PyPI)

Two pieces, both near-minimax in relative error (Lawson's iteratively
reweighted least squares on Chebyshev nodes, in 40-digit arithmetic):
  * |x| < 1/2:  erf(x) = x * P(x^2), P fitted to erf(sqrt z)/sqrt z on [0, 1/4];
  * x >= 1/2:   erfc(x) = exp(-x^2) * Q(t) / (x + k) with t = (x - k)/(x + k),
                Q fitted to erfc(x) exp(x^2) (x + k) for x in [1/2, last], where
                last is where erfc underflows to zero (27.3 double, 10.1 float).
The transform maps [1/2, inf) to a bounded interval, on which erfc's scaled
form is smooth, so one polynomial covers the whole tail.
"""
import mpmath as mp

mp.mp.dps = 40


def fit(f, a, b, degree, iterations=12):
    n = 6 * degree
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / n) for i in range(n)]
    ys = [f(x) for x in xs]
    lawson = [mp.mpf(1)] * n
    for _ in range(iterations):
        A = mp.matrix(n, degree + 1)
        rhs = mp.matrix(n, 1)
        for i, x in enumerate(xs):
            s = mp.sqrt(lawson[i]) / abs(ys[i])
            for j in range(degree + 1):
                A[i, j] = s * x**j
            rhs[i] = s * ys[i]
        c = mp.qr_solve(A, rhs)[0]
        err = [abs(mp.polyval(list(reversed(c)), x) - y) / abs(y) for x, y in zip(xs, ys)]
        total = sum(w * e for w, e in zip(lawson, err))
        lawson = [w * e / total for w, e in zip(lawson, err)]
    return [c[j] for j in range(degree + 1)], max(err)


def erf_small(degree):
    f = lambda z: mp.erf(mp.sqrt(z)) / mp.sqrt(z) if z > 0 else 2 / mp.sqrt(mp.pi)
    return fit(f, mp.mpf(0), mp.mpf(1) / 4, degree)


def erfc_tail(k, last, degree):
    k = mp.mpf(k)
    x_of = lambda t: k * (1 + t) / (1 - t)
    f = lambda t: (lambda x: mp.erfc(x) * mp.exp(x * x) * (x + k))(x_of(t))
    lo, hi = mp.mpf(1) / 2, mp.mpf(last)
    return fit(f, (lo - k) / (lo + k), (hi - k) / (hi + k), degree)


def emit(name, type_, coefficients, error):
    literal = (lambda c: mp.nstr(c, 17, min_fixed=-1, max_fixed=1)) if type_ == "double" else \
              (lambda c: mp.nstr(c, 9, min_fixed=-1, max_fixed=1) + "f")
    print(f"// relative error of the fit {mp.nstr(error, 2)}")
    body = ", ".join(literal(c) for c in coefficients)
    print(f"inline constexpr {type_} {name}[] = {{{body}}};")


if __name__ == "__main__":
    # (type, degree of P, k, last, degree of Q)
    for type_, small, k, last, tail in (("double", 8, 4, 27.3, 20), ("float", 4, 2, 10.1, 8)):
        emit(f"erf_small_{type_}", type_, *erf_small(small))
        print(f"inline constexpr {type_} erfc_k_{type_} = {k};")
        emit(f"erfc_tail_{type_}", type_, *erfc_tail(k, last, tail))
