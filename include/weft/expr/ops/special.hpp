#pragma once
#include <cmath>

#include "weft/expr/ops/float_math.hpp"
#include "weft/simd/erf.hpp"
#include "weft/simd/gamma.hpp"

// Special functions (C's <cmath> and SciPy's scipy.special): erf, erfc,
// tgamma, lgamma, expit. Integer inputs compute in floating point as the
// other float ufuncs do; the scalar path is libm's, the SIMD kernels are in
// weft/simd/erf.hpp and weft/simd/gamma.hpp with their measured accuracy.
namespace weft::ops {
namespace fn {
struct erf {
  static constexpr int cost = 25;
  static constexpr const char* name = "erf";
  template <class T> static T scalar(T x) { return std::erf(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::erf(x); }
#endif
};
struct erfc {
  static constexpr int cost = 30;
  static constexpr const char* name = "erfc";
  template <class T> static T scalar(T x) { return std::erfc(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::erfc(x); }
#endif
};
struct tgamma {
  static constexpr int cost = 40;
  static constexpr const char* name = "tgamma";
  template <class T> static T scalar(T x) { return detail::tgamma_scalar(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::tgamma(x); }
#endif
};
struct lgamma {
  static constexpr int cost = 40;
  static constexpr const char* name = "lgamma";
  template <class T> static T scalar(T x) { return detail::lgamma_scalar(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::lgamma(x); }
#endif
};
// The logistic sigmoid 1 / (1 + exp(-x)), as SciPy computes it (so it is 0
// where exp(-x) overflows: below -709 double, -88.7 float).
struct expit {
  static constexpr int cost = 20;
  static constexpr const char* name = "expit";
  template <class T> static T scalar(T x) { return T(1) / (T(1) + std::exp(-x)); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) {
    using T = typename B::value_type;
    return B(T(1)) / (B(T(1)) + detail::simd::exp(detail::simd::negate(x)));
  }
#endif
};
} // namespace fn

using erf = float_unary<fn::erf>;
using erfc = float_unary<fn::erfc>;
using tgamma = float_unary<fn::tgamma>;
using lgamma = float_unary<fn::lgamma>;
using expit = float_unary<fn::expit>;

// log(exp(x) + exp(y)) without overflow, as NumPy's logaddexp: equal
// arguments (infinities too) give x + log 2, NaN propagates.
struct logaddexp {
  static constexpr int cost = 40;
  static constexpr const char* name = "logaddexp";
  static constexpr bool float_loops = true;  // the compute type: see weft::detail::compute_type
  template <class T>
  T operator()(T x, T y) const {
    if (x == y) return x + T(0.693147180559945309417232121458176568);
    const T d = x - y;
    if (d > 0) return x + std::log1p(std::exp(-d));
    if (d <= 0) return y + std::log1p(std::exp(d));
    return d;  // NaN
  }
#if WEFT_USE_XSIMD
  template <class B>
    requires std::is_floating_point_v<typename B::value_type>
  B simd(const B& x, const B& y) const {
    using T = typename B::value_type;
    const B d = x - y;
    const B r = xsimd::max(x, y) + detail::simd::log1p(detail::simd::exp(-xsimd::abs(d)));
    const B same = x + B(T(0.693147180559945309417232121458176568));
    return xsimd::select(x == y, same, xsimd::select(xsimd::isnan(d), d, r));
  }
#endif
};

} // namespace weft::ops
