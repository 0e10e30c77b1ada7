#pragma once
#include <cmath>
#include <limits>
#include <type_traits>

#include "weft/core/promotion.hpp"
#include "weft/expr/ops/integer_math.hpp"
#include "weft/simd/math.hpp"

// Element-wise operations. Each is a small function object with:
//   operator()(T...)      the scalar form, on operands already converted to
//                         the compute type
//   simd(B...)            the SIMD form on xsimd batches, where one exists
//                         (constrained, so the evaluator can ask)
//   compute_t<P>          optional: the compute type given the promoted type P
//   cost                  rough cost of one element in units of an add
//   name                  for explain()
namespace weft::ops {

template <class B>
concept float_batch = std::is_floating_point_v<typename B::value_type>;
template <class B>
concept int_batch = std::is_integral_v<typename B::value_type>;

struct add {
  static constexpr int cost = 1;
  static constexpr const char* name = "add";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) return a || b;
    else return detail::wrap_add(a, b);
  }
  template <class B>
  B simd(const B& a, const B& b) const {
    return a + b;
  }
};

struct subtract {
  static constexpr int cost = 1;
  static constexpr const char* name = "subtract";
  template <class T>
    requires(!std::is_same_v<T, bool>)  // NumPy: boolean subtract is not supported, use ^ or logical_xor
  constexpr T operator()(T a, T b) const {
    return detail::wrap_sub(a, b);
  }
  template <class B>
  B simd(const B& a, const B& b) const {
    return a - b;
  }
};

struct multiply {
  static constexpr int cost = 1;
  static constexpr const char* name = "multiply";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) return a && b;
    else return detail::wrap_mul(a, b);
  }
  template <class B>
  B simd(const B& a, const B& b) const {
    return detail::simd::multiply(a, b);
  }
};

// `/` is true division: integers divide as floating point.
struct true_divide {
  static constexpr int cost = 4;
  static constexpr const char* name = "true_divide";
  template <class P>
  using compute_t = weft::true_divide_t<P, P>;
  template <class T>
  constexpr T operator()(T a, T b) const {
    return a / b;
  }
  template <float_batch B>
  B simd(const B& a, const B& b) const {
    return a / b;
  }
};

struct floor_divide {
  static constexpr int cost = 8;
  static constexpr const char* name = "floor_divide";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  constexpr T operator()(T a, T b) const {
    return detail::floor_div(a, b);
  }
};

// `%` and weft::mod: NumPy's remainder, with the sign of the divisor.
struct remainder {
  static constexpr int cost = 8;
  static constexpr const char* name = "remainder";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  constexpr T operator()(T a, T b) const {
    return detail::floor_mod(a, b);
  }
};

struct fmod {
  static constexpr int cost = 8;
  static constexpr const char* name = "fmod";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  constexpr T operator()(T a, T b) const {
    return detail::trunc_mod(a, b);
  }
};

struct negative {
  static constexpr int cost = 1;
  static constexpr const char* name = "negative";
  template <class T>
    requires(!std::is_same_v<T, bool>)  // NumPy: the - operator on booleans is not supported, use ~
  constexpr T operator()(T a) const {
    return detail::wrap_neg(a);
  }
  template <class B>
  B simd(const B& a) const {
    return detail::simd::negate(a);
  }
};

struct absolute {
  static constexpr int cost = 1;
  static constexpr const char* name = "absolute";
  template <class T>
  constexpr T operator()(T a) const {
    if constexpr (std::is_floating_point_v<T>) return std::fabs(a);
    else if constexpr (std::is_signed_v<T>) return a < 0 ? detail::wrap_neg(a) : a;
    else return a;
  }
  template <float_batch B>
  B simd(const B& a) const {
    return detail::simd::abs(a);
  }
};

struct sign {
  static constexpr int cost = 2;
  static constexpr const char* name = "sign";
  template <class T>
    requires(!std::is_same_v<T, bool>)  // NumPy: np.sign has no bool loop
  constexpr T operator()(T a) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a)) return a;
    }
    return a > T(0) ? T(1) : (a < T(0) ? T(-1) : T(0));
  }
};

struct square {
  static constexpr int cost = 1;
  static constexpr const char* name = "square";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  constexpr T operator()(T a) const {
    return multiply{}(a, a);
  }
  template <class B>
  B simd(const B& a) const {
    return detail::simd::multiply(a, a);
  }
};

struct reciprocal {
  static constexpr int cost = 4;
  static constexpr const char* name = "reciprocal";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  constexpr T operator()(T a) const {
    if constexpr (std::is_floating_point_v<T>) {
      return T(1) / a;
    } else if constexpr (std::is_same_v<T, bool>) {
      return a;
    } else {
      // NumPy computes 1.0 / a and converts: for 0, inf becomes INT_MIN of 32
      // or 64 bits on x86, and 8- and 16-bit types keep the low bits of INT32_MIN: 0.
      if (a == 0) return sizeof(T) < 4 ? T(0) : std::numeric_limits<T>::min();
      return static_cast<T>(T(1) / a);
    }
  }
  template <float_batch B>
  B simd(const B& a) const {
    return B(typename B::value_type(1)) / a;
  }
};

// minimum/maximum propagate NaN; fmin/fmax ignore it. On ties (0 and -0)
// all four give the second operand, like NumPy's (SIMD) loops and the
// min/max instructions, so that every policy gives the same bits.
struct minimum {
  static constexpr int cost = 1;
  static constexpr const char* name = "minimum";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a) || std::isnan(b)) return a + b;
    }
    return a < b ? a : b;
  }
  template <class B>
  B simd(const B& a, const B& b) const {
    return detail::simd::minimum(a, b);
  }
};
struct maximum {
  static constexpr int cost = 1;
  static constexpr const char* name = "maximum";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a) || std::isnan(b)) return a + b;
    }
    return a > b ? a : b;
  }
  template <class B>
  B simd(const B& a, const B& b) const {
    return detail::simd::maximum(a, b);
  }
};
struct fmin {
  static constexpr int cost = 1;
  static constexpr const char* name = "fmin";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a)) return b;
      if (std::isnan(b)) return a;
    }
    return a < b ? a : b;
  }
  template <float_batch B>
  B simd(const B& a, const B& b) const {
    return detail::simd::fmin(a, b);
  }
};
struct fmax {
  static constexpr int cost = 1;
  static constexpr const char* name = "fmax";
  template <class T>
  constexpr T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a)) return b;
      if (std::isnan(b)) return a;
    }
    return a > b ? a : b;
  }
  template <float_batch B>
  B simd(const B& a, const B& b) const {
    return detail::simd::fmax(a, b);
  }
};

// clip(x, lo, hi) = minimum(maximum(x, lo), hi), NaN-propagating like NumPy.
struct clip {
  static constexpr int cost = 2;
  static constexpr const char* name = "clip";
  // Operands 1 and 2 are a lower and an upper bound: weak integer bounds
  // beyond the dtype's range on their own side saturate (core/weak_integer.hpp).
  static constexpr std::size_t bounds_from_operand = 1;
  template <class T>
  constexpr T operator()(T x, T lo, T hi) const {
    return minimum{}(maximum{}(x, lo), hi);
  }
  template <class B>
  B simd(const B& x, const B& lo, const B& hi) const {
    return detail::simd::minimum(detail::simd::maximum(x, lo), hi);
  }
};

// fma(a, b, c) = a * b + c, rounded once. Scalar only: xsimd 8's AVX-512
// fma is an unfused a * b + c (see weft/simd/math.hpp).
struct fused_multiply_add {
  static constexpr int cost = 1;
  static constexpr const char* name = "fma";
  template <class P>
  using compute_t = weft::float_result_t<P>;
  template <class T>
  T operator()(T a, T b, T c) const {
    return std::fma(a, b, c);
  }
};

// Integer power wraps and refuses negative exponents; floats use std::pow,
// scalar only: xsimd 8's pow is up to ~1000 ulp off and wrong for pow(0, 0),
// pow(inf, 0)... (see weft/simd/math.hpp).
struct power {
  static constexpr int cost = 20;
  static constexpr const char* name = "power";
  template <class P>
  using compute_t = detail::no_bool_t<P>;
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) return std::pow(a, b);
    else if constexpr (std::is_same_v<T, bool>) return a || !b;
    else return detail::int_pow(a, b);
  }
};

} // namespace weft::ops
