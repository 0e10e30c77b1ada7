// The reference workloads as functions compiled once per instruction set
// (workloads.cpp, through weft_dispatch_sources), for bench_dispatch: the
// same program built with default flags (the set chosen at run time) and
// with -march=native (one copy).
#pragma once
#include <weft/array/ndarray.hpp>
#include <weft/simd/dispatch.hpp>

using vec = weft::ndarray<double, 1>;
using mat = weft::ndarray<double, 2>;

WEFT_DISPATCH(void, w1, (const vec& a, const vec& b, vec& out))
WEFT_DISPATCH(void, w2, (const vec& a, const vec& b, const vec& c, vec& out))
WEFT_DISPATCH(void, w3, (const vec& a, const vec& b, const vec& c, vec& out))
WEFT_DISPATCH(double, w4, (const vec& a))
WEFT_DISPATCH(double, w5, (const vec& a, const vec& b))
WEFT_DISPATCH(void, w6, (const mat& x, mat& out))
WEFT_DISPATCH(void, w7, (const mat& a, const mat& b, mat& out))
WEFT_DISPATCH(void, w8_axis0, (const mat& m, vec& out))
WEFT_DISPATCH(void, w8_axis1, (const mat& m, vec& out))
WEFT_DISPATCH(void, w9, (const mat& m, const vec& row, const vec& col, mat& out))
WEFT_DISPATCH(void, w12, (const vec& a, const vec& b, vec& out))
WEFT_DISPATCH(void, w13, (const vec& S, const vec& K, const vec& T, vec& call, vec& put))
