#pragma once
// Element-wise math on batches, forwarding to xsimd, with NumPy's semantics
// where the raw instructions differ (NaN propagation of minimum/maximum,
// round half to even).
#include <type_traits>

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
template <class B> B abs(const B& x) { return xsimd::abs(x); }
template <class B> B sqrt(const B& x) { return xsimd::sqrt(x); }
template <class B> B cbrt(const B& x) { return xsimd::cbrt(x); }
template <class B> B exp(const B& x) { return xsimd::exp(x); }
template <class B> B exp2(const B& x) { return xsimd::exp2(x); }
template <class B> B expm1(const B& x) { return xsimd::expm1(x); }
template <class B> B log(const B& x) { return xsimd::log(x); }
template <class B> B log2(const B& x) { return xsimd::log2(x); }
template <class B> B log10(const B& x) { return xsimd::log10(x); }
template <class B> B log1p(const B& x) { return xsimd::log1p(x); }
template <class B> B sin(const B& x) { return xsimd::sin(x); }
template <class B> B cos(const B& x) { return xsimd::cos(x); }
template <class B> B tan(const B& x) { return xsimd::tan(x); }
template <class B> B asin(const B& x) { return xsimd::asin(x); }
template <class B> B acos(const B& x) { return xsimd::acos(x); }
template <class B> B atan(const B& x) { return xsimd::atan(x); }
template <class B> B sinh(const B& x) { return xsimd::sinh(x); }
template <class B> B cosh(const B& x) { return xsimd::cosh(x); }
template <class B> B tanh(const B& x) { return xsimd::tanh(x); }
template <class B> B asinh(const B& x) { return xsimd::asinh(x); }
template <class B> B acosh(const B& x) { return xsimd::acosh(x); }
template <class B> B atanh(const B& x) { return xsimd::atanh(x); }
template <class B> B floor(const B& x) { return xsimd::floor(x); }
template <class B> B ceil(const B& x) { return xsimd::ceil(x); }
template <class B> B trunc(const B& x) { return xsimd::trunc(x); }
// NumPy's round and rint: halves go to the even neighbour.
template <class B> B rint(const B& x) { return xsimd::nearbyint(x); }
template <class B> B atan2(const B& y, const B& x) { return xsimd::atan2(y, x); }
template <class B> B hypot(const B& x, const B& y) { return xsimd::hypot(x, y); }
template <class B> B pow(const B& x, const B& y) { return xsimd::pow(x, y); }
template <class B> B fma(const B& x, const B& y, const B& z) { return xsimd::fma(x, y, z); }
template <class B> B fmin(const B& x, const B& y) { return xsimd::fmin(x, y); }
template <class B> B fmax(const B& x, const B& y) { return xsimd::fmax(x, y); }

// minimum/maximum propagate NaN (the min/max instructions return the second
// operand when either is NaN).
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
#endif
