#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "weft/core/errors.hpp"
#include "weft/core/promotion.hpp"

// A C++ integer scalar beside an array is weak (NEP 50): it takes the array's
// integer dtype. NumPy 2 checks that it fits, and so does weft, once when the
// expression is built (never per element):
//  - arithmetic, bit operations, shifts, power, minimum/maximum/fmin/fmax
//    and where: a value the dtype cannot hold is an overflow_error
//    ("integer 300 out of bounds for int8"), as NumPy's OverflowError;
//  - comparisons and logical operations compare the values exactly and never
//    fail (uint64_array < -1 is all false; see compare_logic.hpp);
//  - clip's bounds saturate when they lie beyond the side they bound (a
//    lower bound below the dtype's minimum, an upper one above its maximum),
//    and are errors otherwise: clip(int8_array, 0, 300) keeps every element,
//    clip(int8_array, 300, 400) is an error. This is NumPy 2's clip.
// Where the dtype is a float, any integer converts (no check), as in NumPy.
// One deviation: NumPy 2.4's where(cond, int8_array, 300) wraps 300 to 44;
// weft refuses it like the arithmetic, rather than give a silent wrong value.
namespace weft {

// A weak scalar that the array's dtype cannot represent.
class overflow_error : public value_error {
public:
  using value_error::value_error;
};

namespace detail {

template <class T>
consteval const char* dtype_name() {
  constexpr dtype_code c = dtype_of<T>();
  if constexpr (c.kind == dkind::boolean) return "bool";
  else if constexpr (c.kind == dkind::floating) return c.bits == 32 ? "float32" : c.bits == 64 ? "float64" : "longdouble";
  else if constexpr (c.kind == dkind::sint) return c.bits == 8 ? "int8" : c.bits == 16 ? "int16" : c.bits == 32 ? "int32" : "int64";
  else return c.bits == 8 ? "uint8" : c.bits == 16 ? "uint16" : c.bits == 32 ? "uint32" : "uint64";
}

template <class S>
inline constexpr bool is_weak_integer_type = std::is_integral_v<S> && !std::is_same_v<S, bool>;

// Out of line and not a template: the message is built once per program.
[[noreturn]] inline void throw_weak_out_of_bounds(std::string value, const char* dtype, const char* op) {
  throw overflow_error("weft: integer " + value + " out of bounds for " + dtype + " in " + op +
                       " (NumPy 2 raises OverflowError: a C++ integer beside an array takes the array's dtype; "
                       "convert the array first, e.g. with weft::astype)");
}

template <class S>
std::string integer_text(S v) {
  if constexpr (std::is_signed_v<S>) return std::to_string(static_cast<long long>(v));
  else return std::to_string(static_cast<unsigned long long>(v));
}

// The value a weak integer operand of an operation computing in C stands for.
template <class C, class S>
constexpr S weak_integer_that_fits(S v, const char* op) {
  if constexpr (is_weak_integer_type<C>)
    if (!std::in_range<dtype_t<C>>(static_cast<dtype_t<S>>(v))) throw_weak_out_of_bounds(integer_text(v), dtype_name<C>(), op);
  return v;
}

// clip's bound: Lower says which side it bounds.
template <class C, bool Lower, class S>
constexpr S weak_integer_bound(S v, const char* op) {
  if constexpr (is_weak_integer_type<C>) {
    using D = dtype_t<C>;
    const auto exact = static_cast<dtype_t<S>>(v);
    if (Lower && std::cmp_less(exact, std::numeric_limits<D>::min())) return static_cast<S>(std::numeric_limits<D>::min());
    if (!Lower && std::cmp_greater(exact, std::numeric_limits<D>::max())) return static_cast<S>(std::numeric_limits<D>::max());
    return weak_integer_that_fits<C>(v, op);
  }
  return v;
}

} // namespace detail
} // namespace weft
