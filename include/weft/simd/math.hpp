#pragma once
// Element-wise math on batches, forwarding to xsimd, with NumPy's semantics
// where the raw instructions differ (NaN propagation of minimum/maximum,
// round half to even), and libm's results where xsimd's kernels are wrong
// (see fix_lanes).
#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "weft/simd/batch.hpp"

#if WEFT_USE_XSIMD
namespace weft::detail::simd {

// -x with the sign of zero flipped too (xsimd 8's AVX-512 neg is 0 - x, which
// gives +0 for +0): floating lanes flip the sign bit.
template <class B>
B negate(const B& x) {
  if constexpr (std::is_floating_point_v<typename B::value_type>) return x ^ B(typename B::value_type(-0.0));
  else return -x;
}
// a * b, wrapping on overflow like NumPy's integers. Where the instruction set
// has no lane multiply for the type (64-bit lanes before AVX-512, 32-bit ones
// before SSE4.1) xsimd multiplies one signed lane at a time, and signed
// overflow is undefined behaviour: multiply the same bits as unsigned lanes.
template <class B>
B multiply(const B& a, const B& b) {
  using T = typename B::value_type;
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    using U = xsimd::batch<std::make_unsigned_t<T>, typename B::arch_type>;
    return std::bit_cast<B>(std::bit_cast<U>(a) * std::bit_cast<U>(b));
  } else {
    return a * b;
  }
}
// Recomputes with the scalar function f the lanes of r where `bad` is set:
// for the inputs where xsimd's kernel is wrong (measured with xsimd 8.1,
// tests/expr/ufuncs.cpp): denormal results and the last stretch before
// overflow of exp/exp2/expm1 (0 and inf), denormal inputs of log/log2/log10/
// cbrt, acosh below 1 (0 or -inf for large negatives), atan2 of two zeros or
// two infinities (NaN), hypot where x*x + y*y overflows or underflows. One
// test per batch; the scalar loop runs only when a lane needs it.
template <class B, class F, class... Args>
B fix_lanes(const B& r, const typename B::batch_bool_type& bad, F f, const Args&... args) {
  if (!xsimd::any(bad)) return r;
  using T = typename B::value_type;
  constexpr std::size_t n = B::size;
  T out[n], flag[n], in[sizeof...(Args)][n];
  r.store_unaligned(out);
  xsimd::select(bad, B(T(1)), B(T(0))).store_unaligned(flag);
  std::size_t k = 0;
  (args.store_unaligned(in[k++]), ...);
  for (std::size_t i = 0; i < n; ++i)
    if (flag[i] != T(0))
      out[i] = [&]<std::size_t... I>(std::index_sequence<I...>) { return f(in[I][i]...); }(
          std::index_sequence_for<Args...>{});
  return B::load_unaligned(out);
}

// x outside [lo, hi] (NaN is inside: the kernels return NaN for it).
template <class B>
typename B::batch_bool_type outside(const B& x, double lo, double hi) {
  using T = typename B::value_type;
  return (x < B(static_cast<T>(lo))) | (x > B(static_cast<T>(hi)));
}
// 0 < |x| < the smallest normal number.
template <class B>
typename B::batch_bool_type denormal(const B& x) {
  using T = typename B::value_type;
  const B a = xsimd::abs(x);
  return (a < B(std::numeric_limits<T>::min())) & (a != B(T(0)));
}
template <class B>
inline constexpr bool is_double = sizeof(typename B::value_type) == 8;

// xsimd 8's exp family (exp, exp2, expm1, sinh, cosh, tanh) converts x / ln 2
// to int64 with a scalar cast for double on AVX-512: undefined behaviour for
// inf, NaN and huge x (-fsanitize=float-cast-overflow). Such lanes reach the
// kernel as 0 and take the scalar result.
template <class B, class Kernel, class F>
B guarded(const B& x, const typename B::batch_bool_type& bad, Kernel kernel, F f) {
  return fix_lanes(kernel(xsimd::select(bad, B(typename B::value_type(0)), x)), bad, f, x);
}
// |x| beyond where exp(|x|) overflows, or NaN.
template <class B>
typename B::batch_bool_type beyond_exp_range(const B& x) {
  using T = typename B::value_type;
  return ~(xsimd::abs(x) <= B(T(is_double<B> ? 709.0 : 88.0)));
}

template <class B> B abs(const B& x) { return xsimd::abs(x); }
template <class B> B sqrt(const B& x) { return xsimd::sqrt(x); }
template <class B>
B cbrt(const B& x) {
  return fix_lanes(xsimd::cbrt(x), denormal(x), [](auto v) { return std::cbrt(v); }, x);
}
// Inside these bounds xsimd's exp and exp2 are accurate (measured: exp goes
// wrong from 709.44 / 88.38 up and -708.40 / -87.68 down, exp2 from 1023 / 127
// up and -1022.5 / -126.5 down, double / float).
template <class B>
B exp(const B& x) {
  return guarded(x, outside(x, is_double<B> ? -708.0 : -87.0, is_double<B> ? 709.0 : 88.0) | xsimd::isnan(x),
                 [](const B& v) { return xsimd::exp(v); }, [](auto v) { return std::exp(v); });
}
template <class B>
B exp2(const B& x) {
  return guarded(x, outside(x, is_double<B> ? -1022.0 : -126.0, is_double<B> ? 1022.0 : 126.0) | xsimd::isnan(x),
                 [](const B& v) { return xsimd::exp2(v); }, [](auto v) { return std::exp2(v); });
}
// expm1 and log1p also keep the sign of a zero.
template <class B>
B expm1(const B& x) {
  const B r = guarded(x, outside(x, is_double<B> ? -708.0 : -87.0, is_double<B> ? 709.0 : 88.0) | xsimd::isnan(x),
                      [](const B& v) { return xsimd::expm1(v); }, [](auto v) { return std::expm1(v); });
  return xsimd::select(x == B(typename B::value_type(0)), x, r);
}
template <class B>
B log(const B& x) {
  return fix_lanes(xsimd::log(x), denormal(x), [](auto v) { return std::log(v); }, x);
}
template <class B>
B log2(const B& x) {
  return fix_lanes(xsimd::log2(x), denormal(x), [](auto v) { return std::log2(v); }, x);
}
template <class B>
B log10(const B& x) {
  return fix_lanes(xsimd::log10(x), denormal(x), [](auto v) { return std::log10(v); }, x);
}
template <class B>
B log1p(const B& x) {
  return xsimd::select(x == B(typename B::value_type(0)), x, xsimd::log1p(x));
}
template <class B> B sin(const B& x) { return xsimd::sin(x); }
template <class B> B cos(const B& x) { return xsimd::cos(x); }
template <class B> B tan(const B& x) { return xsimd::tan(x); }
template <class B> B asin(const B& x) { return xsimd::asin(x); }
template <class B> B acos(const B& x) { return xsimd::acos(x); }
template <class B> B atan(const B& x) { return xsimd::atan(x); }
template <class B>
B sinh(const B& x) {
  return guarded(x, beyond_exp_range(x), [](const B& v) { return xsimd::sinh(v); }, [](auto v) { return std::sinh(v); });
}
template <class B>
B cosh(const B& x) {
  return guarded(x, beyond_exp_range(x), [](const B& v) { return xsimd::cosh(v); }, [](auto v) { return std::cosh(v); });
}
template <class B>
B tanh(const B& x) {
  return guarded(x, beyond_exp_range(x), [](const B& v) { return xsimd::tanh(v); }, [](auto v) { return std::tanh(v); });
}
template <class B> B asinh(const B& x) { return xsimd::asinh(x); }
template <class B>
B acosh(const B& x) {
  return fix_lanes(xsimd::acosh(x), x < B(typename B::value_type(1)), [](auto v) { return std::acosh(v); }, x);
}
template <class B> B atanh(const B& x) { return xsimd::atanh(x); }
template <class B> B floor(const B& x) { return xsimd::floor(x); }
template <class B> B ceil(const B& x) { return xsimd::ceil(x); }
template <class B> B trunc(const B& x) { return xsimd::trunc(x); }
// NumPy's round and rint: halves go to the even neighbour.
template <class B> B rint(const B& x) { return xsimd::nearbyint(x); }
template <class B>
B atan2(const B& y, const B& x) {
  const B zero(typename B::value_type(0));
  const auto bad = ((x == zero) & (y == zero)) | (xsimd::isinf(x) & xsimd::isinf(y));
  return fix_lanes(xsimd::atan2(y, x), bad, [](auto u, auto v) { return std::atan2(u, v); }, y, x);
}
// xsimd's hypot is sqrt(x*x + y*y): recomputed where the sum of squares is
// not a normal number (overflow, underflow, inf, nan) unless both are zero.
template <class B>
B hypot(const B& x, const B& y) {
  using T = typename B::value_type;
  const B s = x * x + y * y;
  const auto fine = (s >= B(std::numeric_limits<T>::min())) & (s <= B(std::numeric_limits<T>::max()));
  const auto zeros = (x == B(T(0))) & (y == B(T(0)));
  return fix_lanes(xsimd::sqrt(s), ~(fine | zeros), [](auto u, auto v) { return std::hypot(u, v); }, x, y);
}
// No pow or fma ufunc here: xsimd 8's pow is exp(y * log(x)), up to ~1000
// ulp off and wrong for pow(0, 0), pow(inf, 0), pow(0, -1)...; its AVX-512
// fma is an unfused x * y + z. weft's power and fma ops run scalar (libm)
// instead.

// x * y + z rounded once, for weft's own kernels (the matrix product's
// tiles) on a target with FMA: xsimd::fma, except on 512-bit batches, where
// xsimd 8's fma is unfused (then the tiles' sums would differ from the
// scalar std::fma ones under -ffp-contract=off, which keeps GCC from
// fusing it behind the code's back), so the instruction is called directly.
template <class B>
B fused_multiply_add(const B& x, const B& y, const B& z) {
#if defined(__AVX512F__)
  using T = typename B::value_type;
  if constexpr (sizeof(B) == 64 && std::is_same_v<T, double>) return B(_mm512_fmadd_pd(x, y, z));
  else if constexpr (sizeof(B) == 64 && std::is_same_v<T, float>) return B(_mm512_fmadd_ps(x, y, z));
  else
#endif
    return xsimd::fma(x, y, z);
}

// fmin/fmax ignore NaN: the other operand, or NaN if both are. On ties
// (0 and -0) the second operand, as min/max instructions and NumPy's SIMD
// loops give (weft's scalar code does the same).
template <class B>
B fmin(const B& x, const B& y) {
  return xsimd::select(xsimd::isnan(x), y, xsimd::select(xsimd::isnan(y), x, xsimd::min(x, y)));
}
template <class B>
B fmax(const B& x, const B& y) {
  return xsimd::select(xsimd::isnan(x), y, xsimd::select(xsimd::isnan(y), x, xsimd::max(x, y)));
}

// minimum/maximum propagate NaN (the min/max instructions return the second
// operand when either is NaN). Ties give the second operand.
template <class B>
B minimum(const B& x, const B& y) {
  if constexpr (std::is_floating_point_v<typename B::value_type>) {
    return xsimd::select(xsimd::isnan(x) || xsimd::isnan(y), x + y, xsimd::min(x, y));
  } else {
    return xsimd::min(x, y);
  }
}
template <class B>
B maximum(const B& x, const B& y) {
  if constexpr (std::is_floating_point_v<typename B::value_type>) {
    return xsimd::select(xsimd::isnan(x) || xsimd::isnan(y), x + y, xsimd::max(x, y));
  } else {
    return xsimd::max(x, y);
  }
}

// NaN lanes replaced by zero (nansum).
template <class B>
B zero_nan(const B& x) {
  return xsimd::select(xsimd::isnan(x), B(typename B::value_type(0)), x);
}

template <class B>
B select(const typename B::batch_bool_type& c, const B& a, const B& b) {
  return xsimd::select(c, a, b);
}

// Horizontal sum: xsimd 8 calls it hadd; 9 renamed it reduce_add and later
// releases removed hadd. This is the one place that knows.
template <class B>
typename B::value_type reduce_add(const B& x) {
#if XSIMD_VERSION_MAJOR >= 9
  return xsimd::reduce_add(x);
#else
  return xsimd::hadd(x);
#endif
}

} // namespace weft::detail::simd
#else
// Without xsimd the ops' SIMD members are never instantiated (nothing is a
// lane type), but their bodies still name these functions.
namespace weft::detail::simd {
template <class B> B negate(const B&);
template <class B> B multiply(const B&, const B&);
template <class B> B abs(const B&);
template <class B> B minimum(const B&, const B&);
template <class B> B maximum(const B&, const B&);
template <class B> B fmin(const B&, const B&);
template <class B> B fmax(const B&, const B&);
template <class B> B zero_nan(const B&);
} // namespace weft::detail::simd
#endif
