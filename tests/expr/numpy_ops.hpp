#pragma once
// The table-driven checks against NumPy's values (numpy_cases.inc): each op
// named in the .inc is spelled here the weft way, as a C++ operator
// (operators.cpp runs those) or as a ufunc (ufuncs.cpp runs those).
#include <cstdint>
#include <string>
#include <type_traits>

#include "helpers.hpp"

namespace wt {
#include "numpy_cases.inc"
}  // namespace wt

namespace wt::npop {

#define WT_BINARY(name_, is_operator, ...)                                \
  struct name_ {                                                          \
    static constexpr const char* label = #name_;                          \
    static constexpr bool operator_form = is_operator;                    \
    template <class A, class B>                                           \
    static auto apply(A&& a, B&& b) {                                     \
      return __VA_ARGS__;                                                 \
    }                                                                     \
  };
#define WT_UNARY(name_, is_operator, ...)                                 \
  struct name_ {                                                          \
    static constexpr const char* label = #name_;                          \
    static constexpr bool operator_form = is_operator;                    \
    template <class A>                                                    \
    static auto apply(A&& a) {                                            \
      return __VA_ARGS__;                                                 \
    }                                                                     \
  };

WT_BINARY(add, true, a + b)
WT_BINARY(subtract, true, a - b)
WT_BINARY(multiply, true, a * b)
WT_BINARY(true_divide, true, a / b)
WT_BINARY(remainder, true, a % b)
WT_BINARY(equal, true, a == b)
WT_BINARY(not_equal, true, a != b)
WT_BINARY(less, true, a < b)
WT_BINARY(less_equal, true, a <= b)
WT_BINARY(greater, true, a > b)
WT_BINARY(greater_equal, true, a >= b)
WT_BINARY(logical_and, true, a && b)
WT_BINARY(logical_or, true, a || b)
WT_BINARY(bitwise_and, true, a & b)
WT_BINARY(bitwise_or, true, a | b)
WT_BINARY(bitwise_xor, true, a ^ b)
WT_BINARY(left_shift, true, a << b)
WT_BINARY(right_shift, true, a >> b)
WT_BINARY(floor_divide, false, weft::floor_divide(a, b))
WT_BINARY(fmod, false, weft::fmod(a, b))
WT_BINARY(power, false, weft::pow(a, b))
WT_BINARY(minimum, false, weft::minimum(a, b))
WT_BINARY(maximum, false, weft::maximum(a, b))
WT_BINARY(fmin, false, weft::fmin(a, b))
WT_BINARY(fmax, false, weft::fmax(a, b))

WT_UNARY(negative, true, -a)
WT_UNARY(invert, true, ~a)
WT_UNARY(logical_not, true, !a)
WT_UNARY(absolute, false, weft::abs(a))
WT_UNARY(sign, false, weft::sign(a))
WT_UNARY(square, false, weft::square(a))
WT_UNARY(reciprocal, false, weft::reciprocal(a))
WT_UNARY(floor, false, weft::floor(a))
WT_UNARY(ceil, false, weft::ceil(a))
WT_UNARY(trunc, false, weft::trunc(a))
WT_UNARY(rint, false, weft::rint(a))
WT_UNARY(round, false, weft::round(a))
WT_UNARY(isnan, false, weft::isnan(a))
WT_UNARY(isinf, false, weft::isinf(a))
WT_UNARY(isfinite, false, weft::isfinite(a))

#undef WT_BINARY
#undef WT_UNARY

}  // namespace wt::npop

namespace wt {

template <class T>
std::string type_name() {
  if constexpr (std::is_same_v<T, bool>) return "bool";
  else if constexpr (std::is_same_v<T, std::int8_t>) return "int8";
  else if constexpr (std::is_same_v<T, std::int16_t>) return "int16";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  else if constexpr (std::is_same_v<T, std::uint8_t>) return "uint8";
  else if constexpr (std::is_same_v<T, std::uint16_t>) return "uint16";
  else if constexpr (std::is_same_v<T, std::uint32_t>) return "uint32";
  else if constexpr (std::is_same_v<T, std::uint64_t>) return "uint64";
  else if constexpr (std::is_same_v<T, float>) return "float32";
  else if constexpr (std::is_same_v<T, double>) return "float64";
  else if constexpr (std::is_same_v<T, long double>) return "longdouble";
  else return "not a canonical dtype";
}

// Maximum ulp distance from NumPy's value allowed for an op: 0 (exact) but
// for power, which NumPy may compute with SVML on AVX-512 rather than libm.
template <class Op>
constexpr std::uint64_t numpy_ulp_bound() {
  return std::is_same_v<Op, npop::power> ? 2 : 0;
}

// op(x, y) on arrays, under every policy, against NumPy's values and dtype.
template <class Op, class X, class Y, class Want, std::size_t N>
void check_numpy_binary(const char* dtype, const X& xs, const Y& ys, const Want (&want)[N]) {
  const auto x = array_of(xs);
  const auto y = array_of(ys);
  using R = typename decltype(weft::eval(Op::apply(x, y)))::value_type;
  const std::string what = std::string(dtype) + " " + Op::label;
  CHECK_MESSAGE((std::is_same_v<R, Want>), what << ": weft gives " << type_name<R>() << ", NumPy " << type_name<Want>());
  for (const auto& p : all_policies) {
    const auto got = weft::eval(Op::apply(x, y), p.policy);
    check_elements(got, want, static_cast<index_t>(N), numpy_ulp_bound<Op>(), what + " under " + p.name,
                   [&](index_t i) { return "x=" + repr(x(i)) + " y=" + repr(y(i)); });
  }
}

template <class Op, class X, class Want, std::size_t N>
void check_numpy_unary(const char* dtype, const X& xs, const Want (&want)[N]) {
  const auto x = array_of(xs);
  using R = typename decltype(weft::eval(Op::apply(x)))::value_type;
  const std::string what = std::string(dtype) + " " + Op::label;
  CHECK_MESSAGE((std::is_same_v<R, Want>), what << ": weft gives " << type_name<R>() << ", NumPy " << type_name<Want>());
  for (const auto& p : all_policies) {
    const auto got = weft::eval(Op::apply(x), p.policy);
    check_elements(got, want, static_cast<index_t>(N), 0, what + " under " + p.name,
                   [&](index_t i) { return "x=" + repr(x(i)); });
  }
}

}  // namespace wt

// Runs the cases of the .inc whose op has (or has not) an operator form;
// counts them in `ran`.
namespace wt {
template <class Op, bool Operator, class X, class Y, class PX, class PY, class Want>
void run_binary_case(const char* dtype, const X& x, const Y& y, const PX& px, const PY& py, const Want& want,
                     int& ran) {
  if constexpr (Op::operator_form == Operator) {
    if constexpr (std::is_same_v<Op, npop::power>) check_numpy_binary<Op>(dtype, px, py, want);
    else check_numpy_binary<Op>(dtype, x, y, want);
    ++ran;
  }
}
template <class Op, bool Operator, class X, class Want>
void run_unary_case(const char* dtype, const X& x, const Want& want, int& ran) {
  if constexpr (Op::operator_form == Operator) {
    check_numpy_unary<Op>(dtype, x, want);
    ++ran;
  }
}
}  // namespace wt
#define WT_BINARY_CASE(prefix, op, want_operator)                                                            \
  wt::run_binary_case<wt::npop::op, want_operator>(#prefix, wt::prefix##_x, wt::prefix##_y, wt::prefix##_px, \
                                                   wt::prefix##_py, wt::prefix##_##op, ran);
#define WT_UNARY_CASE(prefix, op, want_operator) \
  wt::run_unary_case<wt::npop::op, want_operator>(#prefix, wt::prefix##_v, wt::prefix##_##op, ran);
