#pragma once
#include <cmath>

#include "weft/core/promotion.hpp"
#include "weft/simd/math.hpp"

// The floating-point ufuncs of one argument: integer inputs compute in
// floating point (weft::float_result_t), SIMD through xsimd's math.
namespace weft::ops {

template <class Fn>
struct float_unary {
  static constexpr int cost = Fn::cost;
  static constexpr const char* name = Fn::name;
  template <class P>
  using compute_t = weft::float_result_t<P>;
  template <class T>
  T operator()(T x) const {
    return Fn::scalar(x);
  }
#if WEFT_USE_XSIMD
  template <class B>
    requires std::is_floating_point_v<typename B::value_type>
  B simd(const B& x) const {
    return Fn::batch(x);
  }
#endif
};

namespace fn {
struct sqrt {
  static constexpr int cost = 4;
  static constexpr const char* name = "sqrt";
  template <class T> static T scalar(T x) { return std::sqrt(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::sqrt(x); }
#endif
};
struct cbrt {
  static constexpr int cost = 20;
  static constexpr const char* name = "cbrt";
  template <class T> static T scalar(T x) { return std::cbrt(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::cbrt(x); }
#endif
};
struct exp {
  static constexpr int cost = 15;
  static constexpr const char* name = "exp";
  template <class T> static T scalar(T x) { return std::exp(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::exp(x); }
#endif
};
struct exp2 {
  static constexpr int cost = 15;
  static constexpr const char* name = "exp2";
  template <class T> static T scalar(T x) { return std::exp2(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::exp2(x); }
#endif
};
struct expm1 {
  static constexpr int cost = 20;
  static constexpr const char* name = "expm1";
  template <class T> static T scalar(T x) { return std::expm1(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::expm1(x); }
#endif
};
struct log {
  static constexpr int cost = 15;
  static constexpr const char* name = "log";
  template <class T> static T scalar(T x) { return std::log(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::log(x); }
#endif
};
struct log2 {
  static constexpr int cost = 15;
  static constexpr const char* name = "log2";
  template <class T> static T scalar(T x) { return std::log2(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::log2(x); }
#endif
};
struct log10 {
  static constexpr int cost = 15;
  static constexpr const char* name = "log10";
  template <class T> static T scalar(T x) { return std::log10(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::log10(x); }
#endif
};
struct log1p {
  static constexpr int cost = 20;
  static constexpr const char* name = "log1p";
  template <class T> static T scalar(T x) { return std::log1p(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::log1p(x); }
#endif
};
struct sin {
  static constexpr int cost = 15;
  static constexpr const char* name = "sin";
  template <class T> static T scalar(T x) { return std::sin(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::sin(x); }
#endif
};
struct cos {
  static constexpr int cost = 15;
  static constexpr const char* name = "cos";
  template <class T> static T scalar(T x) { return std::cos(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::cos(x); }
#endif
};
struct tan {
  static constexpr int cost = 20;
  static constexpr const char* name = "tan";
  template <class T> static T scalar(T x) { return std::tan(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::tan(x); }
#endif
};
struct arcsin {
  static constexpr int cost = 20;
  static constexpr const char* name = "arcsin";
  template <class T> static T scalar(T x) { return std::asin(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::asin(x); }
#endif
};
struct arccos {
  static constexpr int cost = 20;
  static constexpr const char* name = "arccos";
  template <class T> static T scalar(T x) { return std::acos(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::acos(x); }
#endif
};
struct arctan {
  static constexpr int cost = 20;
  static constexpr const char* name = "arctan";
  template <class T> static T scalar(T x) { return std::atan(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::atan(x); }
#endif
};
struct sinh {
  static constexpr int cost = 20;
  static constexpr const char* name = "sinh";
  template <class T> static T scalar(T x) { return std::sinh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::sinh(x); }
#endif
};
struct cosh {
  static constexpr int cost = 20;
  static constexpr const char* name = "cosh";
  template <class T> static T scalar(T x) { return std::cosh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::cosh(x); }
#endif
};
struct tanh {
  static constexpr int cost = 20;
  static constexpr const char* name = "tanh";
  template <class T> static T scalar(T x) { return std::tanh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::tanh(x); }
#endif
};
struct arcsinh {
  static constexpr int cost = 20;
  static constexpr const char* name = "arcsinh";
  template <class T> static T scalar(T x) { return std::asinh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::asinh(x); }
#endif
};
struct arccosh {
  static constexpr int cost = 20;
  static constexpr const char* name = "arccosh";
  template <class T> static T scalar(T x) { return std::acosh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::acosh(x); }
#endif
};
struct arctanh {
  static constexpr int cost = 20;
  static constexpr const char* name = "arctanh";
  template <class T> static T scalar(T x) { return std::atanh(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::atanh(x); }
#endif
};
} // namespace fn

using sqrt = float_unary<fn::sqrt>;
using cbrt = float_unary<fn::cbrt>;
using exp = float_unary<fn::exp>;
using exp2 = float_unary<fn::exp2>;
using expm1 = float_unary<fn::expm1>;
using log = float_unary<fn::log>;
using log2 = float_unary<fn::log2>;
using log10 = float_unary<fn::log10>;
using log1p = float_unary<fn::log1p>;
using sin = float_unary<fn::sin>;
using cos = float_unary<fn::cos>;
using tan = float_unary<fn::tan>;
using arcsin = float_unary<fn::arcsin>;
using arccos = float_unary<fn::arccos>;
using arctan = float_unary<fn::arctan>;
using sinh = float_unary<fn::sinh>;
using cosh = float_unary<fn::cosh>;
using tanh = float_unary<fn::tanh>;
using arcsinh = float_unary<fn::arcsinh>;
using arccosh = float_unary<fn::arccosh>;
using arctanh = float_unary<fn::arctanh>;

} // namespace weft::ops
