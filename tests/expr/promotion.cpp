// Result dtypes of expressions: NumPy 2's (NEP 50) for every ufunc and
// operator on every pair of dtypes, with weak C++ scalars, and where NumPy
// refuses an operation, weft refuses it too (at compile time).
#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/weft.hpp"

namespace {

using std::is_same_v;
using weft::ndarray;

#include "expr_dtypes.inc"

using dtypes = std::tuple<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t,
                          std::uint32_t, std::uint64_t, float, double, long double>;
constexpr std::size_t n_dtypes = std::tuple_size_v<dtypes>;

template <class T>
constexpr std::string_view name() {
  if constexpr (is_same_v<T, bool>) return "bool";
  else if constexpr (is_same_v<T, std::int8_t>) return "int8";
  else if constexpr (is_same_v<T, std::int16_t>) return "int16";
  else if constexpr (is_same_v<T, std::int32_t>) return "int32";
  else if constexpr (is_same_v<T, std::int64_t>) return "int64";
  else if constexpr (is_same_v<T, std::uint8_t>) return "uint8";
  else if constexpr (is_same_v<T, std::uint16_t>) return "uint16";
  else if constexpr (is_same_v<T, std::uint32_t>) return "uint32";
  else if constexpr (is_same_v<T, std::uint64_t>) return "uint64";
  else if constexpr (is_same_v<T, float>) return "float32";
  else if constexpr (is_same_v<T, double>) return "float64";
  else if constexpr (is_same_v<T, long double>) return "longdouble";
  else return "not a canonical dtype";
}

template <class T>
using arr = ndarray<T, 1>;

// The element type an expression evaluates to.
template <class E>
using value_t = typename std::remove_cvref_t<E>::value_type;

// An op: its weft spelling and the ops:: functor behind it, to check that a
// combination NumPy refuses has no overload in weft either.
#define WT_BIN(ident, Functor, ...)                                         \
  struct ident {                                                            \
    using functor = Functor;                                                \
    template <class A, class B>                                             \
    static auto apply(const A& a, const B& b) {                             \
      return __VA_ARGS__;                                                   \
    }                                                                       \
  };
#define WT_UN(ident, Functor, ...)                                          \
  struct ident {                                                            \
    using functor = Functor;                                                \
    template <class A>                                                      \
    static auto apply(const A& a) {                                         \
      return __VA_ARGS__;                                                   \
    }                                                                       \
  };
namespace op {
namespace o = weft::ops;
WT_BIN(add, o::add, a + b)
WT_BIN(subtract, o::subtract, a - b)
WT_BIN(multiply, o::multiply, a * b)
WT_BIN(true_divide, o::true_divide, a / b)
WT_BIN(floor_divide, o::floor_divide, weft::floor_divide(a, b))
WT_BIN(remainder, o::remainder, a % b)
WT_BIN(fmod, o::fmod, weft::fmod(a, b))
WT_BIN(power, o::power, weft::pow(a, b))
WT_BIN(minimum, o::minimum, weft::minimum(a, b))
WT_BIN(maximum, o::maximum, weft::maximum(a, b))
WT_BIN(fmin, o::fmin, weft::fmin(a, b))
WT_BIN(fmax, o::fmax, weft::fmax(a, b))
WT_BIN(arctan2, o::arctan2, weft::atan2(a, b))
WT_BIN(hypot, o::hypot, weft::hypot(a, b))
WT_BIN(equal, o::equal, a == b)
WT_BIN(less, o::less, a < b)
WT_BIN(logical_and, o::logical_and, a && b)
WT_BIN(logical_or, o::logical_or, a || b)
WT_BIN(bitwise_and, o::bitwise_and, a & b)
WT_BIN(bitwise_or, o::bitwise_or, a | b)
WT_BIN(bitwise_xor, o::bitwise_xor, a ^ b)
WT_BIN(left_shift, o::left_shift, a << b)
WT_BIN(right_shift, o::right_shift, a >> b)
WT_UN(negative, o::negative, -a)
WT_UN(absolute, o::absolute, weft::abs(a))
WT_UN(sign, o::sign, weft::sign(a))
WT_UN(square, o::square, weft::square(a))
WT_UN(reciprocal, o::reciprocal, weft::reciprocal(a))
WT_UN(sqrt, o::sqrt, weft::sqrt(a))
WT_UN(sin, o::sin, weft::sin(a))
WT_UN(exp, o::exp, weft::exp(a))
WT_UN(log, o::log, weft::log(a))
WT_UN(cbrt, o::cbrt, weft::cbrt(a))
WT_UN(floor, o::floor, weft::floor(a))
WT_UN(ceil, o::ceil, weft::ceil(a))
WT_UN(trunc, o::trunc, weft::trunc(a))
WT_UN(rint, o::rint, weft::rint(a))
WT_UN(round, o::round, weft::round(a))
WT_UN(invert, o::invert, ~a)
WT_UN(logical_not, o::logical_not, !a)
WT_UN(isnan, o::isnan, weft::isnan(a))
WT_UN(isfinite, o::isfinite, weft::isfinite(a))
}  // namespace op
#undef WT_BIN
#undef WT_UN

// Whether the op has a scalar loop for the type weft computes the operands in.
template <class Op, class... Nodes>
constexpr bool weft_accepts() {
  using C = typename weft::detail::compute_type<typename Op::functor, Nodes...>::type;
  return std::is_invocable_v<typename Op::functor, std::conditional_t<true, C, Nodes>...>;
}

struct tally {
  int checked = 0, refused = 0;
};

template <std::size_t I>
using dtype = std::tuple_element_t<I, dtypes>;

// The dtype names in table order (the tables index dtypes row-major).
constexpr auto dtype_names = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, n_dtypes>{name<dtype<I>>()...};
}(std::make_index_sequence<n_dtypes>{});

// What weft gives Op on the operands: the result dtype's name, or "error"
// where weft has no overload (as NumPy's table says for what it refuses).
// Computed at compile time into tables that one loop compares with NumPy's:
// a check per combination would be thousands of functions to compile.
template <class Op, class... Operands>
constexpr std::string_view weft_result() {
  if constexpr (!weft_accepts<Op, weft::detail::node_t<const Operands&>...>()) return "error";
  else return name<value_t<decltype(Op::apply(std::declval<const Operands&>()...))>>();
}

template <class Op>
constexpr auto weft_binary_results = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      weft_result<Op, arr<dtype<I / n_dtypes>>, arr<dtype<I % n_dtypes>>>()...};
}(std::make_index_sequence<n_dtypes * n_dtypes>{});

template <class Op>
constexpr auto weft_unary_results = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{weft_result<Op, arr<dtype<I>>>()...};
}(std::make_index_sequence<n_dtypes>{});

// Compares weft's results with NumPy's table, counting the combinations
// NumPy accepts and those it refuses; `describe(i)` names combination i.
template <class Got, class Want, class Describe>
tally compare(const Got& got, const Want& want, Describe describe) {
  static_assert(std::size(Got{}) == std::size(Want{}));
  tally t;
  for (std::size_t i = 0; i < std::size(want); ++i) {
    INFO(describe(i));
    CHECK(got[i] == want[i]);
    ++(want[i] == "error" ? t.refused : t.checked);
  }
  return t;
}

template <class Op, auto& Table>
tally check_binary_table(const char* op_name) {
  static_assert(std::size(Table) == n_dtypes * n_dtypes);
  return compare(weft_binary_results<Op>, Table, [&](std::size_t i) {
    return std::string(op_name) + "(" + std::string(dtype_names[i / n_dtypes]) + ", " +
           std::string(dtype_names[i % n_dtypes]) + ")";
  });
}

template <class Op, auto& Table>
tally check_unary_table(const char* op_name) {
  static_assert(std::size(Table) == n_dtypes);
  return compare(weft_unary_results<Op>, Table, [&](std::size_t i) {
    return std::string(op_name) + "(" + std::string(dtype_names[i]) + ")";
  });
}

// array op scalar and scalar op array, the scalar a C++ int, double or bool
// standing for a Python int, float or bool: several C++ types per kind K
// (the tables' column), each checked against the kind's entry.
using weak_scalars = std::tuple<int, long long, std::uint8_t, double, float, bool>;
constexpr std::size_t weak_kind[] = {0, 0, 0, 1, 1, 2};
constexpr std::string_view weak_scalar_names[] = {"int", "long long", "uint8_t", "double", "float", "bool"};
constexpr std::size_t n_weak = std::tuple_size_v<weak_scalars>;

// Entry (A, S) of the tables below is at A * n_weak + S.
template <class Op, bool Reversed>
constexpr auto weft_weak_results = []<std::size_t... I>(std::index_sequence<I...>) {
  const auto one = []<std::size_t J>(std::integral_constant<std::size_t, J>) {
    using A = arr<dtype<J / n_weak>>;
    using S = std::tuple_element_t<J % n_weak, weak_scalars>;
    if constexpr (Reversed) return weft_result<Op, S, A>();
    else return weft_result<Op, A, S>();
  };
  return std::array<std::string_view, sizeof...(I)>{one(std::integral_constant<std::size_t, I>{})...};
}(std::make_index_sequence<n_dtypes * n_weak>{});

// NumPy's table (a column per kind) spread over the scalar types.
template <auto& Table>
constexpr auto spread_over_scalars = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{Table[I / n_weak * 3 + weak_kind[I % n_weak]]...};
}(std::make_index_sequence<n_dtypes * n_weak>{});

template <class Op, auto& Table, auto& Reversed>
tally check_weak_table(const char* op_name) {
  static_assert(std::size(Table) == 3 * n_dtypes && std::size(Reversed) == 3 * n_dtypes);
  const auto describe = [&](bool reversed) {
    return [op_name, reversed](std::size_t i) {
      const std::string array = std::string(dtype_names[i / n_weak]) + " array";
      const std::string scalar = std::string(weak_scalar_names[i % n_weak]) + " scalar";
      return std::string(op_name) + "(" + (reversed ? scalar + ", " + array : array + ", " + scalar) + ")";
    };
  };
  const tally t = compare(weft_weak_results<Op, false>, spread_over_scalars<Table>, describe(false));
  const tally r = compare(weft_weak_results<Op, true>, spread_over_scalars<Reversed>, describe(true));
  return {t.checked + r.checked, t.refused + r.refused};
}

// where(bool, A, B) and where(double, A, B): a non-bool condition is read
// as bool and does not take part in the promotion.
template <class Condition>
constexpr auto weft_where_results = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      name<value_t<decltype(weft::where(std::declval<const arr<Condition>&>(),
                                        std::declval<const arr<dtype<I / n_dtypes>>&>(),
                                        std::declval<const arr<dtype<I % n_dtypes>>&>()))>>()...};
}(std::make_index_sequence<n_dtypes * n_dtypes>{});

}  // namespace

TEST_CASE("result types of the examples, as weft::eval gives them") {
  using std::int16_t, std::int32_t, std::int8_t, std::int64_t, std::uint8_t, std::uint64_t;
  const arr<int32_t> i32{1};
  const arr<float> f32{1};
  const arr<bool> b{true};
  const arr<int8_t> i8{1};
  const arr<int16_t> i16{1};
  const arr<uint8_t> u8{1};
  const arr<uint64_t> u64{1};
  const arr<int64_t> i64{1};
  static_assert(is_same_v<decltype(weft::eval(i32 + f32)), arr<double>>);  // int32 + float32 -> float64
  static_assert(is_same_v<decltype(weft::eval(b + i8)), arr<int8_t>>);     // bool + int8 -> int8
  static_assert(is_same_v<decltype(weft::eval(2 * i16)), arr<int16_t>>);   // weak int keeps int16
  static_assert(is_same_v<decltype(weft::eval(2.5 * i32)), arr<double>>);  // weak float with ints -> float64
  static_assert(is_same_v<decltype(weft::eval(i32 / i32)), arr<double>>);  // true division
  static_assert(is_same_v<decltype(weft::eval(i8 / i8)), arr<double>>);    // float64, not float16
  static_assert(is_same_v<decltype(weft::eval(2.0 * f32)), arr<float>>);   // weak float keeps float32
  static_assert(is_same_v<decltype(weft::eval(f32 / 3)), arr<float>>);
  static_assert(is_same_v<decltype(weft::eval(u8 + i8)), arr<int16_t>>);
  static_assert(is_same_v<decltype(weft::eval(u64 + i64)), arr<double>>);
  static_assert(is_same_v<decltype(weft::eval(b + b)), arr<bool>>);
  static_assert(is_same_v<decltype(weft::eval(b + 1)), arr<int64_t>>);
  static_assert(is_same_v<decltype(weft::eval(b * true)), arr<bool>>);
  static_assert(is_same_v<decltype(weft::eval(i32 < 2.5)), arr<bool>>);
  static_assert(is_same_v<decltype(weft::eval(weft::floor_divide(b, b))), arr<int8_t>>);  // no bool loop
  static_assert(is_same_v<decltype(weft::eval(b << b)), arr<int8_t>>);
  static_assert(is_same_v<decltype(weft::eval(weft::sqrt(i16))), arr<float>>);
  static_assert(is_same_v<decltype(weft::eval(weft::sqrt(i32))), arr<double>>);
  static_assert(is_same_v<decltype(weft::eval(weft::floor(i32))), arr<int32_t>>);  // NumPy >= 2.1
  static_assert(is_same_v<decltype(weft::eval(weft::rint(i32))), arr<double>>);
  static_assert(is_same_v<decltype(weft::eval(weft::round(b))), arr<float>>);  // float16 in NumPy
  static_assert(is_same_v<decltype(weft::eval(weft::astype<uint8_t>(f32 * 2))), arr<uint8_t>>);
  static_assert(is_same_v<decltype(weft::eval(weft::where(b, i8, 1.5))), arr<double>>);
  static_assert(is_same_v<decltype(weft::eval(weft::where(b, i8, 1))), arr<int8_t>>);
  // (int16 + uint16) + float32 is float64 (promotion is not associative).
  const arr<std::uint16_t> u16{1};
  static_assert(is_same_v<decltype(weft::eval((i16 + u16) + f32)), arr<double>>);
  static_assert(is_same_v<decltype(weft::eval(i16 + (u16 + f32))), arr<float>>);
  // A value checks the types are not only declared: int32 + float32 keeps 2**24 + 1.
  const arr<int32_t> big{16777217};
  CHECK(weft::eval(big + arr<float>{0.0f})(0) == 16777217.0);
  CHECK(weft::eval(i32 / arr<int32_t>{2})(0) == 0.5);
}

TEST_CASE("every binary ufunc and operator has NumPy's result dtype on every pair of dtypes") {
  tally all;
  const auto add = [&](tally t) {
    all.checked += t.checked;
    all.refused += t.refused;
  };
#define WT_TABLE(o) add(check_binary_table<op::o, binary_##o>(#o));
  WT_TABLE(add) WT_TABLE(subtract) WT_TABLE(multiply) WT_TABLE(true_divide) WT_TABLE(floor_divide)
  WT_TABLE(remainder) WT_TABLE(fmod) WT_TABLE(power) WT_TABLE(minimum) WT_TABLE(maximum) WT_TABLE(fmin)
  WT_TABLE(fmax) WT_TABLE(arctan2) WT_TABLE(hypot) WT_TABLE(equal) WT_TABLE(less) WT_TABLE(logical_and)
  WT_TABLE(logical_or) WT_TABLE(bitwise_and) WT_TABLE(bitwise_or) WT_TABLE(bitwise_xor) WT_TABLE(left_shift)
  WT_TABLE(right_shift)
#undef WT_TABLE
  CHECK(all.checked + all.refused == 23 * 144);
  CHECK(all.refused > 0);  // subtract on bools, bit operations on floats...
}

TEST_CASE("every unary ufunc and operator has NumPy's result dtype on every dtype") {
  tally all;
  const auto add = [&](tally t) {
    all.checked += t.checked;
    all.refused += t.refused;
  };
#define WT_TABLE(o) add(check_unary_table<op::o, unary_##o>(#o));
  WT_TABLE(negative) WT_TABLE(absolute) WT_TABLE(sign) WT_TABLE(square) WT_TABLE(reciprocal) WT_TABLE(sqrt)
  WT_TABLE(sin) WT_TABLE(exp) WT_TABLE(log) WT_TABLE(cbrt) WT_TABLE(floor) WT_TABLE(ceil) WT_TABLE(trunc)
  WT_TABLE(rint) WT_TABLE(round) WT_TABLE(invert) WT_TABLE(logical_not) WT_TABLE(isnan) WT_TABLE(isfinite)
#undef WT_TABLE
  CHECK(all.checked + all.refused == 19 * 12);
}

TEST_CASE("C++ scalars are weak on either side of every kind of op (NEP 50)") {
  tally all;
  const auto add = [&](tally t) {
    all.checked += t.checked;
    all.refused += t.refused;
  };
#define WT_TABLE(o) add(check_weak_table<op::o, weak_##o, weak_rev_##o>(#o));
  WT_TABLE(add) WT_TABLE(multiply) WT_TABLE(true_divide) WT_TABLE(floor_divide) WT_TABLE(remainder)
  WT_TABLE(power) WT_TABLE(minimum) WT_TABLE(equal) WT_TABLE(bitwise_and) WT_TABLE(left_shift) WT_TABLE(arctan2)
#undef WT_TABLE
  CHECK(all.checked + all.refused == 11 * 12 * 6 * 2);
}

TEST_CASE("where(cond, x, y) promotes x and y like NumPy, whatever the condition's type") {
  for (const bool bool_condition : {true, false}) {
    const tally t = compare(bool_condition ? weft_where_results<bool> : weft_where_results<double>, where_types,
                            [&](std::size_t i) {
                              return std::string("where(") + (bool_condition ? "bool" : "float64") + ", " +
                                     std::string(dtype_names[i / n_dtypes]) + ", " +
                                     std::string(dtype_names[i % n_dtypes]) + ")";
                            });
    CHECK(t.checked == 144);
  }
}
