#pragma once
#include <cstdint>
#include <tuple>
#include <type_traits>

#include "weft/core/element.hpp"

// NumPy 2 (NEP 50) dtype promotion as type traits.
//
// Every element type is first mapped to its NumPy dtype by kind and size
// (std::is_signed / sizeof), so `char`, `signed char`, `long`, `long long`,
// `wchar_t`, ... behave like the fixed-width type of the same size and
// signedness, and `long double` is NumPy's longdouble. Results are always the
// canonical C++ type of the dtype: bool, std::int8_t ... std::uint64_t, float,
// double, long double (so promote_t<long long, long long> is std::int64_t,
// which may be `long`).
//
// weft has no float16. Where NumPy answers float16 (float-producing ufuncs on
// bool and 1-byte integers, np.round on bool) weft answers float: this is the
// one deliberate deviation from NumPy. promote_t itself never meets it, since
// float16 only arises from promoting a 1-byte integer with float16.
//
// What NumPy 2 does with other unary ufuncs (checked on NumPy 2.4):
//  - np.floor / np.ceil / np.trunc keep the input dtype for bool and integers
//    (since NumPy 2.1; NumPy 1.x and 2.0 returned float_result_t):
//    rounding_result_t.
//  - np.round (decimals=0 or not) keeps integer dtypes but gives float16 for
//    bool: round_result_t. np.rint has only float loops: float_result_t.
//  - np.abs keeps the dtype (bool stays bool; abs(int8(-128)) stays int8).
//  - np.square and np.reciprocal keep integer dtypes (reciprocal is integer
//    division 1/x); on bool both give int8.
//  - np.negative, np.positive and np.sign reject bool (TypeError), and so does
//    np.subtract when both operands promote to bool (bool - 1 is fine: int64):
//    see numpy_allows_negative. Unsigned negation is allowed and wraps.
//  - A weak Python int that does not fit the array's dtype (int8 array + 300)
//    is an OverflowError in NumPy; that is a value check, not a type rule, and
//    is left to the expression layer.

namespace weft {

namespace detail {

enum class dkind { boolean, sint, uint, floating };

// A NumPy dtype as kind and bits. Floating bits are 16, 32, 64, and 128 for
// longdouble whatever its storage, so that it stays apart from double.
struct dtype_code {
  dkind kind;
  int bits;
};

template <class T>
consteval dtype_code dtype_of() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return {dkind::boolean, 8};
  } else if constexpr (std::is_integral_v<U>) {
    // Extended integers (__int128 under -std=gnu++20) have no NumPy dtype.
    static_assert(sizeof(U) <= 8, "weft: no NumPy dtype for an integer wider than 64 bits");
    return {std::is_signed_v<U> ? dkind::sint : dkind::uint, static_cast<int>(8 * sizeof(U))};
  } else {
    static_assert(std::is_same_v<U, float> || std::is_same_v<U, double> || std::is_same_v<U, long double>,
                  "weft: the floating element types are float, double and long double");
    return {dkind::floating, std::is_same_v<U, float> ? 32 : std::is_same_v<U, double> ? 64 : 128};
  }
}

// log2(bits / 8): the index of an 8/16/32/64-bit integer in a 4-tuple.
consteval std::size_t width_index(int bits) {
  return bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : 3;
}

using signed_ints = std::tuple<std::int8_t, std::int16_t, std::int32_t, std::int64_t>;
using unsigned_ints = std::tuple<std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t>;

// The canonical C++ type of a dtype.
template <dkind K, int Bits>
struct dtype_type {
  using type = std::tuple_element_t<width_index(Bits), signed_ints>;
};
template <int Bits>
struct dtype_type<dkind::uint, Bits> {
  using type = std::tuple_element_t<width_index(Bits), unsigned_ints>;
};
template <int Bits>
struct dtype_type<dkind::boolean, Bits> {
  using type = bool;
};
template <int Bits>  // float16 (Bits == 16) becomes float: the deviation above.
struct dtype_type<dkind::floating, Bits> {
  using type = std::conditional_t<(Bits <= 32), float, std::conditional_t<(Bits == 64), double, long double>>;
};

// The C++ type of a code-holding tag (a struct with a static `code`); a tag
// rather than a dtype_code template argument because GCC 12 crashes on the latter.
template <class Tag>
using type_of_t = typename dtype_type<Tag::code.kind, Tag::code.bits>::type;

// The smallest float an integer casts to safely: float16 holds 8-bit integers
// exactly, float32 16-bit ones; 32- and 64-bit integers go to float64.
consteval int safe_float_bits(dtype_code c) {
  return c.bits <= 8 ? 16 : c.bits == 16 ? 32 : 64;
}

consteval int max_bits(int a, int b) { return a < b ? b : a; }

// np.result_type of two dtypes.
consteval dtype_code promote(dtype_code a, dtype_code b) {
  if (a.kind == dkind::boolean) return b;
  if (b.kind == dkind::boolean) return a;
  // With a float: the larger of it and the float the other side casts to.
  if (a.kind == dkind::floating)
    return {dkind::floating, max_bits(a.bits, b.kind == dkind::floating ? b.bits : safe_float_bits(b))};
  if (b.kind == dkind::floating) return {dkind::floating, max_bits(b.bits, safe_float_bits(a))};
  if (a.kind == b.kind) return {a.kind, max_bits(a.bits, b.bits)};
  // Mixed signedness: a signed type strictly wider than the unsigned one holds
  // both; otherwise the next wider signed type, and past 64 bits float64.
  const dtype_code s = a.kind == dkind::sint ? a : b;
  const dtype_code u = a.kind == dkind::sint ? b : a;
  if (s.bits > u.bits) return s;
  if (u.bits < 64) return {dkind::sint, 2 * u.bits};
  return {dkind::floating, 64};
}

// NEP 50: a Python scalar is "weak" and takes the array's dtype when its kind
// is not higher; otherwise it becomes the default dtype of its kind (int64,
// float64). A Python bool is never higher than any array dtype.
template <class Scalar>
consteval dtype_code promote_weak(dtype_code a) {
  using S = std::remove_cv_t<Scalar>;
  if constexpr (std::is_same_v<S, bool>)
    return a;
  else if constexpr (std::is_integral_v<S>)
    return a.kind == dkind::boolean ? dtype_code{dkind::sint, 64} : a;
  else
    return a.kind == dkind::floating ? a : dtype_code{dkind::floating, 64};
}

// The loop NumPy picks for sqrt, sin, exp, log, rint, ...: the smallest float
// the input casts to safely (bool counts as 8 bits).
consteval dtype_code float_result(dtype_code a) {
  return a.kind == dkind::floating ? a : dtype_code{dkind::floating, safe_float_bits(a)};
}

// np.true_divide has its own type resolver: any bool or integer dtype divides
// in float64 (int8 / int8 is float64, not float16 as sqrt would suggest).
consteval dtype_code true_divide_result(dtype_code p) {
  return p.kind == dkind::floating ? p : dtype_code{dkind::floating, 64};
}

template <class T>
struct dtype_tag {
  static constexpr dtype_code code = dtype_of<T>();
};
template <class A, class B>
struct promote_tag {
  static constexpr dtype_code code = promote(dtype_of<A>(), dtype_of<B>());
};
template <class Array, class Scalar>
struct promote_weak_tag {
  static constexpr dtype_code code = promote_weak<Scalar>(dtype_of<Array>());
};
template <class T>
struct float_result_tag {
  static constexpr dtype_code code = float_result(dtype_of<T>());
};
template <class T>
struct true_divide_tag {
  static constexpr dtype_code code = true_divide_result(dtype_of<T>());
};

template <class A, class... Rest>
struct promote_fold {
  using type = type_of_t<dtype_tag<A>>;
};
template <class A, class B, class... Rest>
struct promote_fold<A, B, Rest...> : promote_fold<type_of_t<promote_tag<A, B>>, Rest...> {};

}  // namespace detail

// The dtype of an array holding T, as its canonical C++ type.
template <element T>
using dtype_t = detail::type_of_t<detail::dtype_tag<T>>;

// np.result_type(A, B): array-array promotion. With more types it folds left,
// which is what a chained expression (a + b) + c gives. NumPy's promotion is
// not associative: np.result_type(int16, uint16, float32) is float32, while
// (int16 + uint16) + float32, and so promote_t<int16, uint16, float32>, is
// float64. promote_t<T> alone is dtype_t<T>.
template <element A, element... Rest>
using promote_t = typename detail::promote_fold<A, Rest...>::type;

// The dtype of `array_of<Array> op scalar` when the scalar is a Python scalar
// of the same kind (NEP 50 weak scalar): a C++ integral Scalar acts as a
// Python int, a floating one as a Python float, bool as a Python bool.
//   int scalar:   keeps an integer or float array's dtype; bool array -> int64.
//   float scalar: keeps a float array's dtype; bool or integer -> float64.
//   bool scalar:  keeps the array's dtype.
template <element Array, element Scalar>
using promote_weak_t = detail::type_of_t<detail::promote_weak_tag<Array, Scalar>>;

// The dtype of float-producing unary ufuncs (np.sqrt, sin, exp, log, rint, ...)
// for input T: floats keep their type; bool and 1-byte integers give float16
// in NumPy, float in weft (see the top); 2-byte float32; 4- and 8-byte float64.
template <element T>
using float_result_t = detail::type_of_t<detail::float_result_tag<T>>;

// The dtype of np.true_divide(A, B), i.e. `a / b`: the promoted type when it
// is floating, else float64, e.g. int8 / int8, uint8 / uint8, int16 / int16
// and bool / bool are all float64, float32 / int8 is float32.
template <element A, element B>
using true_divide_t = detail::type_of_t<detail::true_divide_tag<promote_t<A, B>>>;

// `array_of<Array> / scalar` (or scalar / array) with a weak scalar.
template <element Array, element Scalar>
using true_divide_weak_t = detail::type_of_t<detail::true_divide_tag<promote_weak_t<Array, Scalar>>>;

// np.floor, np.ceil, np.trunc (NumPy >= 2.1): the input dtype, bool included.
template <element T>
using rounding_result_t = dtype_t<T>;

// np.round / np.around: integers keep their dtype; bool goes to float16 in
// NumPy, float in weft; floats keep theirs.
template <element T>
using round_result_t = std::conditional_t<std::is_same_v<std::remove_cv_t<T>, bool>, float, dtype_t<T>>;

// Whether NumPy has np.negative for T (also np.positive and np.sign, and
// np.subtract for operands that promote to T): everything but bool.
template <class T>
concept numpy_allows_negative = element<T> && !std::is_same_v<std::remove_cv_t<T>, bool>;

namespace detail {
// NumPy's same_kind casting rule (`a op= b`, a reduction's out=): the value
// must not be of a kind (float > signed > unsigned > bool) above the
// destination's.
template <class To, class From>
inline constexpr bool same_kind_castable =
    std::is_same_v<To, From> || std::is_floating_point_v<To> ||
    (std::is_integral_v<To> && !std::is_same_v<To, bool> && std::is_integral_v<From> &&
     (std::is_signed_v<To> || !std::is_signed_v<From> || std::is_same_v<From, bool>)) ||
    (std::is_same_v<From, bool>);
}  // namespace detail

}  // namespace weft
