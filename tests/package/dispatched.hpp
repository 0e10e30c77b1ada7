// The dispatched consumer's function: compiled once per instruction set by
// weft_dispatch_sources (dispatched_kernel.cpp), called through WEFT_DISPATCH.
#pragma once
#include <weft/array/ndarray.hpp>
#include <weft/simd/dispatch.hpp>

WEFT_DISPATCH(double, dot_plus_one, (const weft::ndarray<double, 1>& a, const weft::ndarray<double, 1>& b))
