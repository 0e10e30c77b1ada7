#pragma once
#include <cmath>
#include <concepts>
#include <type_traits>
#include <utility>

#include "weft/core/promotion.hpp"
#include "weft/expr/ops/integer_math.hpp"
#include "weft/simd/math.hpp"

// Comparisons, logic, bit operations, rounding, floating predicates, casts
// and where: the element-wise operations that are not plain arithmetic.
namespace weft::ops {

// An integer as std::cmp_less and its kin take it: bool as int, char as
// int8 (they refuse both).
template <class T>
constexpr auto exact_integer(T x) {
  if constexpr (std::is_same_v<T, bool>) return static_cast<int>(x);
  else return static_cast<weft::dtype_t<T>>(x);
}

// Comparisons compute in the promoted type and give bool. Integers of
// different types arrive in their own types when promoting would lose exactness
// (beside a weak integer scalar, uint64 against a signed type: see
// weft::detail::compute_type) and compare by value.
enum class order { equal, not_equal, less, less_equal, greater, greater_equal };
template <order O, const char* Name>
struct comparison {
  static constexpr int cost = 1;
  static constexpr const char* name = Name;
  static constexpr bool exact_with_weak_integers = true;
  template <class T>
  constexpr bool operator()(T a, T b) const {
    if constexpr (O == order::equal) return a == b;
    else if constexpr (O == order::not_equal) return a != b;
    else if constexpr (O == order::less) return a < b;
    else if constexpr (O == order::less_equal) return a <= b;
    else if constexpr (O == order::greater) return a > b;
    else return a >= b;
  }
  template <class A, class B>
    requires(!std::is_same_v<A, B> && std::is_integral_v<A> && std::is_integral_v<B>)
  constexpr bool operator()(A a, B b) const {
    const auto x = exact_integer(a);
    const auto y = exact_integer(b);
    if constexpr (O == order::equal) return std::cmp_equal(x, y);
    else if constexpr (O == order::not_equal) return std::cmp_not_equal(x, y);
    else if constexpr (O == order::less) return std::cmp_less(x, y);
    else if constexpr (O == order::less_equal) return std::cmp_less_equal(x, y);
    else if constexpr (O == order::greater) return std::cmp_greater(x, y);
    else return std::cmp_greater_equal(x, y);
  }
};
inline constexpr char equal_name[] = "equal", not_equal_name[] = "not_equal", less_name[] = "less",
                      less_equal_name[] = "less_equal", greater_name[] = "greater",
                      greater_equal_name[] = "greater_equal";
using equal = comparison<order::equal, equal_name>;
using not_equal = comparison<order::not_equal, not_equal_name>;
using less = comparison<order::less, less_name>;
using less_equal = comparison<order::less_equal, less_equal_name>;
using greater = comparison<order::greater, greater_name>;
using greater_equal = comparison<order::greater_equal, greater_equal_name>;

// Logical operations read each operand as true when non-zero, so integers of
// any types can meet in their own types (a weak 256 beside int8 stays true).
struct logical_and {
  static constexpr int cost = 1;
  static constexpr const char* name = "logical_and";
  static constexpr bool exact_with_weak_integers = true;
  template <class A, class B>
  constexpr bool operator()(A a, B b) const {
    return a != A(0) && b != B(0);
  }
};
struct logical_or {
  static constexpr int cost = 1;
  static constexpr const char* name = "logical_or";
  static constexpr bool exact_with_weak_integers = true;
  template <class A, class B>
  constexpr bool operator()(A a, B b) const {
    return a != A(0) || b != B(0);
  }
};
struct logical_not {
  static constexpr int cost = 1;
  static constexpr const char* name = "logical_not";
  template <class T>
  constexpr bool operator()(T a) const {
    return a == T(0);
  }
};

// Bit operations: integers and bool only (NumPy refuses them on floats).
template <class T>
concept bit_operand = std::is_integral_v<T>;

struct bitwise_and {
  static constexpr int cost = 1;
  static constexpr const char* name = "bitwise_and";
  template <bit_operand T>
  constexpr T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};
struct bitwise_or {
  static constexpr int cost = 1;
  static constexpr const char* name = "bitwise_or";
  template <bit_operand T>
  constexpr T operator()(T a, T b) const {
    return static_cast<T>(a | b);
  }
};
struct bitwise_xor {
  static constexpr int cost = 1;
  static constexpr const char* name = "bitwise_xor";
  template <bit_operand T>
  constexpr T operator()(T a, T b) const {
    return static_cast<T>(a ^ b);
  }
};
struct invert {
  static constexpr int cost = 1;
  static constexpr const char* name = "invert";
  template <bit_operand T>
  constexpr T operator()(T a) const {
    if constexpr (std::is_same_v<T, bool>) return !a;
    else return static_cast<T>(~a);
  }
};
struct left_shift {
  static constexpr int cost = 1;
  static constexpr const char* name = "left_shift";
  template <class P>
  using compute_t = detail::no_bool_t<P>;  // NumPy: bool << bool is int8
  template <bit_operand T>
    requires(!std::is_same_v<T, bool>)
  constexpr T operator()(T a, T s) const {
    return detail::shift_left(a, s);
  }
};
struct right_shift {
  static constexpr int cost = 1;
  static constexpr const char* name = "right_shift";
  template <class P>
  using compute_t = detail::no_bool_t<P>;  // NumPy: bool >> bool is int8
  template <bit_operand T>
    requires(!std::is_same_v<T, bool>)
  constexpr T operator()(T a, T s) const {
    return detail::shift_right(a, s);
  }
};

// floor, ceil, trunc, round (half to even, NumPy's round/rint): integers
// pass through unchanged, as in NumPy 2, except for rint (Fn::result_t says
// the type: np.rint has only float loops, np.round gives float16 for bool).
template <class Fn>
struct rounding {
  static constexpr int cost = 2;
  static constexpr const char* name = Fn::name;
  template <class P>
  using compute_t = typename Fn::template result_t<P>;
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return Fn::scalar(x);
    else return x;
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
struct floor {
  static constexpr const char* name = "floor";
  template <class P>
  using result_t = weft::rounding_result_t<P>;
  template <class T> static T scalar(T x) { return std::floor(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::floor(x); }
#endif
};
struct ceil {
  static constexpr const char* name = "ceil";
  template <class P>
  using result_t = weft::rounding_result_t<P>;
  template <class T> static T scalar(T x) { return std::ceil(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::ceil(x); }
#endif
};
struct trunc {
  static constexpr const char* name = "trunc";
  template <class P>
  using result_t = weft::rounding_result_t<P>;
  template <class T> static T scalar(T x) { return std::trunc(x); }
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::trunc(x); }
#endif
};
struct round {
  static constexpr const char* name = "round";
  template <class P>
  using result_t = weft::round_result_t<P>;
  template <class T> static T scalar(T x) { return std::nearbyint(x); }  // default rounding mode: half to even
#if WEFT_USE_XSIMD
  template <class B> static B batch(const B& x) { return detail::simd::rint(x); }
#endif
};
struct rint : round {
  static constexpr const char* name = "rint";
  template <class P>
  using result_t = weft::float_result_t<P>;
};
} // namespace fn
using floor = rounding<fn::floor>;
using ceil = rounding<fn::ceil>;
using trunc = rounding<fn::trunc>;
using round = rounding<fn::round>;
using rint = rounding<fn::rint>;

// Two-argument floating functions.
struct arctan2 {
  static constexpr int cost = 25;
  static constexpr const char* name = "arctan2";
  static constexpr bool float_loops = true;  // the compute type: see weft::detail::compute_type
  template <class T>
  T operator()(T y, T x) const {
    return std::atan2(y, x);
  }
#if WEFT_USE_XSIMD
  template <class B>
    requires std::is_floating_point_v<typename B::value_type>
  B simd(const B& y, const B& x) const {
    return detail::simd::atan2(y, x);
  }
#endif
};
struct hypot {
  static constexpr int cost = 10;
  static constexpr const char* name = "hypot";
  static constexpr bool float_loops = true;  // the compute type: see weft::detail::compute_type
  template <class T>
  T operator()(T x, T y) const {
    return std::hypot(x, y);
  }
#if WEFT_USE_XSIMD
  template <class B>
    requires std::is_floating_point_v<typename B::value_type>
  B simd(const B& x, const B& y) const {
    return detail::simd::hypot(x, y);
  }
#endif
};

// isnan, isinf, isfinite: bool; integers are always finite.
struct isnan {
  static constexpr int cost = 1;
  static constexpr const char* name = "isnan";
  template <class T>
  constexpr bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
    else return false;
  }
};
struct isinf {
  static constexpr int cost = 1;
  static constexpr const char* name = "isinf";
  template <class T>
  constexpr bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isinf(x);
    else return false;
  }
};
struct isfinite {
  static constexpr int cost = 1;
  static constexpr const char* name = "isfinite";
  template <class T>
  constexpr bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isfinite(x);
    else return true;
  }
};

// astype<U>(): converts; float to int never has undefined behaviour.
template <class U>
struct cast_to {
  static constexpr int cost = 1;
  static constexpr const char* name = "astype";
  template <class T>
  constexpr U operator()(T x) const {
    return detail::safe_cast<U>(x);
  }
  template <class B>
    requires std::is_same_v<typename B::value_type, U>
  B simd(const B& x) const {
    return x;
  }
};

// where(cond, x, y): the condition arrives converted to the compute type.
struct where {
  static constexpr int cost = 1;
  static constexpr const char* name = "where";
  template <class T>
  constexpr T operator()(T cond, T x, T y) const {
    return cond != T(0) ? x : y;
  }
};

} // namespace weft::ops
