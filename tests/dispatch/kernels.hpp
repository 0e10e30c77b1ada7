// Functions compiled once per instruction set (weft_dispatch_sources in
// tests/CMakeLists.txt) and called through WEFT_DISPATCH.
#pragma once
#include <cstddef>
#include <string>

#include <weft/array/ndarray.hpp>
#include <weft/simd/dispatch.hpp>

using vec = weft::ndarray<double, 1>;

WEFT_DISPATCH(double, mixed_sum, (const vec& x))
WEFT_DISPATCH(std::string, lanes_name, ())
WEFT_DISPATCH(void, exact_ops, (const vec& a, const vec& b, vec& out))
// which: 0 sin, 1 exp, 2 log1p, 3 erf, 4 tanh
WEFT_DISPATCH(void, transcendental, (int which, const vec& a, vec& out))
WEFT_DISPATCH(void, kernel_and_stencil, (const vec& a, vec& out))
WEFT_DISPATCH(int, threads_seen, ())
WEFT_DISPATCH(std::size_t, array_cache_limit_seen, ())
WEFT_DISPATCH(std::string, explain_sum, (const vec& a, vec& out))
WEFT_DISPATCH(void, add_into, (const vec& a, const vec& b, vec& out))
