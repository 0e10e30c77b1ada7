// Result dtypes of expressions: NumPy 2's (NEP 50) for every ufunc and
// operator on every pair of dtypes, with weak C++ scalars, and where NumPy
// refuses an operation, weft refuses it too (at compile time).
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
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

template <class T, std::size_t I = 0>
constexpr std::size_t index_of() {
  static_assert(I < n_dtypes, "not a dtype under test");
  if constexpr (is_same_v<std::tuple_element_t<I, dtypes>, T>) return I;
  else return index_of<T, I + 1>();
}

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

template <class F>
void for_each_dtype(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::type_identity<std::tuple_element_t<I, dtypes>>{}), ...);
  }(std::make_index_sequence<n_dtypes>{});
}

template <class T>
using arr = ndarray<T, 1>;
template <class T>
using leaf = weft::detail::node_t<const arr<T>&>;

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

template <class Op, auto& Table>
tally check_binary_table(const char* op_name) {
  static_assert(std::size(Table) == n_dtypes * n_dtypes);
  tally t;
  for_each_dtype([&]<class A>(std::type_identity<A>) {
    for_each_dtype([&]<class B>(std::type_identity<B>) {
      constexpr std::string_view want = Table[index_of<A>() * n_dtypes + index_of<B>()];
      INFO(std::string_view(op_name), "(", name<A>(), ", ", name<B>(), ")");
      if constexpr (want == "error") {
        CHECK_FALSE(weft_accepts<Op, leaf<A>, leaf<B>>());
        ++t.refused;
      } else {
        using R = value_t<decltype(Op::apply(std::declval<const arr<A>&>(), std::declval<const arr<B>&>()))>;
        CHECK(name<R>() == want);
        ++t.checked;
      }
    });
  });
  return t;
}

template <class Op, auto& Table>
tally check_unary_table(const char* op_name) {
  static_assert(std::size(Table) == n_dtypes);
  tally t;
  for_each_dtype([&]<class A>(std::type_identity<A>) {
    constexpr std::string_view want = Table[index_of<A>()];
    INFO(std::string_view(op_name), "(", name<A>(), ")");
    if constexpr (want == "error") {
      CHECK_FALSE(weft_accepts<Op, leaf<A>>());
      ++t.refused;
    } else {
      using R = value_t<decltype(Op::apply(std::declval<const arr<A>&>()))>;
      CHECK(name<R>() == want);
      ++t.checked;
    }
  });
  return t;
}

// array op scalar and scalar op array, the scalar a C++ int, double or bool
// standing for a Python int, float or bool.
template <class Op, auto& Table, auto& Reversed>
tally check_weak_table(const char* op_name) {
  static_assert(std::size(Table) == 3 * n_dtypes && std::size(Reversed) == 3 * n_dtypes);
  tally t;
  for_each_dtype([&]<class A>(std::type_identity<A>) {
    const auto one = [&]<std::size_t K, class S>(std::integral_constant<std::size_t, K>, std::type_identity<S>) {
      constexpr std::string_view want = Table[index_of<A>() * 3 + K];
      constexpr std::string_view want_rev = Reversed[index_of<A>() * 3 + K];
      INFO(std::string_view(op_name), " with ", name<A>(), " array and scalar kind ", K, " (int, float, bool)");
      using N = weft::detail::scalar_node<S>;
      if constexpr (want == "error") {
        CHECK_FALSE(weft_accepts<Op, leaf<A>, N>());
        ++t.refused;
      } else {
        CHECK(name<value_t<decltype(Op::apply(std::declval<const arr<A>&>(), S{}))>>() == want);
        ++t.checked;
      }
      if constexpr (want_rev == "error") {
        CHECK_FALSE(weft_accepts<Op, N, leaf<A>>());
        ++t.refused;
      } else {
        CHECK(name<value_t<decltype(Op::apply(S{}, std::declval<const arr<A>&>()))>>() == want_rev);
        ++t.checked;
      }
    };
    one(std::integral_constant<std::size_t, 0>{}, std::type_identity<int>{});
    one(std::integral_constant<std::size_t, 0>{}, std::type_identity<long long>{});
    one(std::integral_constant<std::size_t, 0>{}, std::type_identity<std::uint8_t>{});
    one(std::integral_constant<std::size_t, 1>{}, std::type_identity<double>{});
    one(std::integral_constant<std::size_t, 1>{}, std::type_identity<float>{});
    one(std::integral_constant<std::size_t, 2>{}, std::type_identity<bool>{});
  });
  return t;
}

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
  int checked = 0;
  for_each_dtype([&]<class A>(std::type_identity<A>) {
    for_each_dtype([&]<class B>(std::type_identity<B>) {
      constexpr std::string_view want = where_types[index_of<A>() * n_dtypes + index_of<B>()];
      INFO("where(bool, ", name<A>(), ", ", name<B>(), ")");
      using R = value_t<decltype(weft::where(std::declval<const arr<bool>&>(), std::declval<const arr<A>&>(),
                                             std::declval<const arr<B>&>()))>;
      CHECK(name<R>() == want);
      // A non-bool condition is read as bool and does not take part.
      using R2 = value_t<decltype(weft::where(std::declval<const arr<double>&>(), std::declval<const arr<A>&>(),
                                              std::declval<const arr<B>&>()))>;
      CHECK(name<R2>() == want);
      ++checked;
    });
  });
  CHECK(checked == 144);
}
