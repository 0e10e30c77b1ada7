#pragma once
// The differential tester's vocabulary, shared by its three files:
//   - dtypes and a scalar `value` that the reference evaluator computes with;
//   - the reference's NumPy rules, written out one scalar at a time
//     (promotion for the five dtypes used here, wrapping integers, NumPy's
//     floor division and remainder, NaN-propagating minimum and maximum);
//   - the operations the driver may put in a tree, each an instantiated weft
//     expression (elementwise_op) or reduction (reduction_op) beside its
//     reference.
// The reference never calls weft: it reads elements through its own
// offset-and-strides model of each view.
#include <weft/weft.hpp>

#ifndef WEFT_DIFF_SUBSET
#define WEFT_DIFF_SUBSET 0
#endif

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace diff {

using weft::index_t;

enum class dtype { boolean, int32, int64, float32, float64 };

const char* name_of(dtype t);

template <class T>
constexpr dtype dtype_of() {
  if constexpr (std::is_same_v<T, bool>) return dtype::boolean;
  else if constexpr (std::is_same_v<T, std::int32_t>) return dtype::int32;
  else if constexpr (std::is_same_v<T, std::int64_t>) return dtype::int64;
  else if constexpr (std::is_same_v<T, float>) return dtype::float32;
  else {
    static_assert(std::is_same_v<T, double>, "the differential tester knows five dtypes");
    return dtype::float64;
  }
}

inline bool is_float(dtype t) { return t == dtype::float32 || t == dtype::float64; }
inline bool is_integer(dtype t) { return t == dtype::int32 || t == dtype::int64; }

// One element in the reference: integers and bools in i, floats in f (a
// float32 is held as the double of the same value).
struct value {
  dtype t = dtype::float64;
  std::int64_t i = 0;
  double f = 0;
};
std::string to_string(const value& v);

// A C++ scalar beside the arrays, weak in NEP 50's sense: an integer
// anywhere from int64's minimum to uint64's maximum (held in 128 bits; weft
// sees it as a long long, or as an unsigned long long when `as_unsigned`),
// or a double.
__extension__ using wide = __int128;
struct weak_scalar {
  bool is_float = false;
  wide i = 0;
  bool as_unsigned = false;
  double f = 0;
};
using weak_scalars = std::vector<weak_scalar>;
std::string to_string(const weak_scalar& s);

// ---- NumPy's rules, spelled out for the reference -------------------------

// NumPy 2's result dtype of two arrays, for these five dtypes.
dtype promote(dtype a, dtype b);
// The dtype a C++ (weak, NEP 50) int or double scalar leaves an array of dtype t in.
dtype with_weak_int(dtype t);
dtype with_weak_float(dtype t);
// NumPy's astype (only the casts the tester uses: never float to integer).
value cast(const value& v, dtype to);
value make_int(dtype t, std::int64_t i);
value make_float(dtype t, double f);
bool truth(const value& v);

value add(value a, value b);
value subtract(value a, value b);
value multiply(value a, value b);
value true_divide(value a, value b);
value floor_divide(value a, value b);  // integers only here
value remainder(value a, value b);     // integers only here
value minimum(value a, value b);
value maximum(value a, value b);
value less(value a, value b);
value greater(value a, value b);
value less_equal(value a, value b);
value equal(value a, value b);
value logical_and(value a, value b);
value bitwise_and(value a, value b);
value negative(value a);
value absolute(value a);
value square(value a);
value sqrt(value a);
value exp(value a);
value sin(value a);
value cos(value a);
value floor(value a);
value isnan(value a);
value logical_not(value a);
value where(value c, value x, value y);

// NumPy 2's rules for a weak scalar s beside an array element a (NEP 50).
// An integer takes a's dtype (int64 beside bool) and must fit it: nullopt
// stands for NumPy's OverflowError. Beside a float it converts through
// double, as NumPy converts a Python int. A double takes a's dtype if that
// is a float, else it is a float64.
std::optional<value> weak_operand(const value& a, const weak_scalar& s);
// a < s and the like: integers compare exactly (NumPy 2 compares Python
// ints with integer arrays by value); -1, 0, 1, or 2 for unordered; nullopt
// where NumPy raises (a bool array takes the scalar as int64).
std::optional<int> compare_weak(const value& a, const weak_scalar& s);
value boolean(bool b);
// clip(a, lo, hi) with weak integer bounds: beside an integer dtype a bound
// beyond the range on its own side saturates (a lower bound below the
// minimum, an upper one above the maximum); any other bound must fit.
std::optional<value> clip_weak(const value& a, const weak_scalar& lo, const weak_scalar& hi);

// True when weft's w stands for the reference's r: same dtype; integers
// exactly; floats exactly (NaN matches NaN, -0 matches 0) or, when ulps > 0,
// within ulps units of the reference's magnitude.
bool matches(const value& w, const value& r, int ulps);

// ---- the operations -------------------------------------------------------

template <template <class> class Of>
using per_dtype = std::variant<Of<bool>, Of<std::int32_t>, Of<std::int64_t>, Of<float>, Of<double>>;
template <class T>
using const_view3 = weft::view<const T, 3>;
template <class T>
using view3 = weft::view<T, 3>;
template <class T>
using array3 = weft::ndarray<T, 3>;

using any_operand = per_dtype<const_view3>;  // an input of an operation
using any_out = per_dtype<view3>;            // where a result is written
using any_array = per_dtype<array3>;         // a result

using weft_eval_fn =
    std::function<any_array(const std::vector<any_operand>&, const weak_scalars&, const weft::execution_policy&)>;
using weft_assign_fn = std::function<void(const any_out&, const std::vector<any_operand>&, const weak_scalars&,
                                          const weft::execution_policy&)>;
// The reference's value of one element, from the operands' elements and the
// weak scalars; nullopt where NumPy raises.
using reference_fn = std::function<std::optional<value>(const std::vector<value>&, const weak_scalars&)>;

// A fused weft expression over rank-3 views of given dtypes, and the same
// computation for one element in the reference.
struct elementwise_op {
  std::string text;  // the expression, with operands named a, b, c
  std::vector<dtype> args;
  dtype result;
  // leading_unit[k]: operand k must have extent 1 on this many leading axes
  // (the expression drops them, so it has a lower rank and broadcasts).
  std::vector<int> leading_unit;
  int ulps = 0;
  // Weak scalars s and t the expression takes besides its operands, drawn
  // anew for each node: how many, and integers or doubles.
  int scalars = 0;
  bool float_scalars = false;
  weft_eval_fn eval;
  weft_assign_fn assign;
  reference_fn reference;
};

enum class reduction_kind { sum, max, min, mean, argmax };

// weft::sum(x), weft::max(x, axis, keepdims), ... where x is the operand or,
// with two operands, their product (fused).
struct reduction_op {
  std::string text;
  reduction_kind kind;
  std::vector<dtype> args;
  dtype result;
  std::function<value(const std::vector<value>&)> element;  // what is reduced, from the operands
  // axis -1: the whole array (weft returns a scalar; it comes back as a
  // 1x1x1 array); otherwise along that axis with keepdims.
  std::function<any_array(const std::vector<any_operand>&, int axis, const weft::execution_policy&)> run;
};

std::vector<elementwise_op> elementwise_ops();  // ops_elementwise.cpp
std::vector<elementwise_op> scalar_ops();       // ops_scalar.cpp
std::vector<elementwise_op> fused_ops();        // ops_fused.cpp
std::vector<reduction_op> reduction_ops();      // ops_fused.cpp

// ---- registration helpers (used by the ops files) -------------------------

template <class F, class... T>
using expression_of = decltype(std::declval<const F&>()(std::declval<const const_view3<T>&>()...));

template <class E>
using result_of = typename decltype(weft::eval(std::declval<E>()))::value_type;

// Registers f(a, b, ...) for operands of dtypes T...: weft's side (eval and
// assign) and the reference's.
template <class... T, class F, class Ref>
elementwise_op make_op(std::string text, F f, Ref reference, int ulps = 0, std::vector<int> leading_unit = {}) {
  using R = result_of<expression_of<F, T...>>;
  elementwise_op op;
  op.text = std::move(text);
  op.args = {dtype_of<T>()...};
  op.result = dtype_of<R>();
  op.leading_unit = leading_unit.empty() ? std::vector<int>(sizeof...(T), 0) : std::move(leading_unit);
  op.ulps = ulps;
  op.eval = [f](const std::vector<any_operand>& in, const weak_scalars&, const weft::execution_policy& policy) -> any_array {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return any_array(weft::eval(f(std::get<const_view3<T>>(in[I])...), policy));
    }(std::index_sequence_for<T...>{});
  };
  op.assign = [f](const any_out& out, const std::vector<any_operand>& in, const weak_scalars&,
                  const weft::execution_policy& policy) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      weft::assign(std::get<view3<R>>(out), f(std::get<const_view3<T>>(in[I])...), policy);
    }(std::index_sequence_for<T...>{});
  };
  op.reference = [reference](const std::vector<value>& v, const weak_scalars&) -> std::optional<value> {
    return reference(v);
  };
  return op;
}

// Calls fn.template operator()<T>() for each of the five dtypes. Each
// operation is instantiated once per dtype, and that is most of the build:
// sanitizer builds (WEFT_DIFF_SUBSET) take an integer and a float dtype only.
template <class Fn>
void for_each_dtype(Fn&& fn) {
#if WEFT_DIFF_SUBSET
  fn.template operator()<std::int64_t>();
  fn.template operator()<float>();
#else
  fn.template operator()<bool>();
  fn.template operator()<std::int32_t>();
  fn.template operator()<std::int64_t>();
  fn.template operator()<float>();
  fn.template operator()<double>();
#endif
}
inline constexpr bool subset = WEFT_DIFF_SUBSET;

} // namespace diff
