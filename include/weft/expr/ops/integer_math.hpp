#pragma once
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "weft/core/errors.hpp"

// Scalar arithmetic with NumPy's results where C++ has undefined behaviour
// or other rules: signed overflow wraps, division by zero gives 0 for
// integers, floor division and modulo take the sign of the divisor, shifts
// past the width give 0 (or -1), float-to-int casts of NaN never trap.
namespace weft::detail {

// The compute type of ops that NumPy has no bool loop for (floor_divide,
// remainder, fmod, power, square, reciprocal, shifts): bool operands give int8.
template <class P>
using no_bool_t = std::conditional_t<std::is_same_v<P, bool>, std::int8_t, P>;

template <class T>
constexpr T wrap_add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}
template <class T>
constexpr T wrap_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}
template <class T>
constexpr T wrap_mul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    // unsigned short * unsigned short promotes to int and may overflow: widen first.
    using W = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;
    return static_cast<T>(static_cast<U>(static_cast<W>(static_cast<U>(a)) * static_cast<W>(static_cast<U>(b))));
  } else {
    return a * b;
  }
}
template <class T>
constexpr T wrap_neg(T a) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(U(0) - static_cast<U>(a)));
  } else {
    return -a;
  }
}

// NumPy's floor_divide.
template <class T>
constexpr T floor_div(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return a / b;  // inf or nan, like NumPy
    const T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= T(1);
    if (div != 0) {
      T fl = std::floor(div);
      if (div - fl > T(0.5)) fl += T(1);
      return fl;
    }
    return std::copysign(T(0), a / b);
  } else if constexpr (std::is_signed_v<T>) {
    if (b == 0) return T(0);
    if (b == T(-1)) return wrap_neg(a);  // MIN / -1 overflows in C++
    T q = static_cast<T>(a / b);
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
  } else {
    return b == 0 ? T(0) : static_cast<T>(a / b);
  }
}

// NumPy's remainder (mod): the result has the sign of the divisor.
template <class T>
constexpr T floor_mod(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return std::fmod(a, b);  // nan
    T mod = std::fmod(a, b);
    if (mod != 0) {
      if ((b < 0) != (mod < 0)) mod += b;
    } else {
      mod = std::copysign(T(0), b);
    }
    return mod;
  } else if constexpr (std::is_signed_v<T>) {
    if (b == 0 || b == T(-1)) return T(0);
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    return r;
  } else {
    return b == 0 ? T(0) : static_cast<T>(a % b);
  }
}

// C's fmod for integers: the sign of the dividend; 0 for a zero divisor.
template <class T>
constexpr T trunc_mod(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fmod(a, b);
  } else {
    if (b == 0) return T(0);
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1)) return T(0);
    return static_cast<T>(a % b);
  }
}

template <class T>
constexpr T shift_left(T a, T s) {
  constexpr int bits = std::numeric_limits<std::make_unsigned_t<T>>::digits;
  if (s < 0 || s >= bits) return T(0);
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) << s));
}
template <class T>
constexpr T shift_right(T a, T s) {
  constexpr int bits = std::numeric_limits<std::make_unsigned_t<T>>::digits;
  if (s < 0 || s >= bits) return a < 0 ? T(-1) : T(0);
  return static_cast<T>(a >> s);
}

// Integer power by squaring, wrapping; a negative exponent is an error as in NumPy.
template <class T>
constexpr T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) throw value_error("integers to negative integer powers are not allowed");
  }
  T result = 1;
  while (exp != 0) {
    if (exp & 1) result = wrap_mul(result, base);
    exp = static_cast<T>(exp >> 1);
    base = wrap_mul(base, base);
  }
  return result;
}

// static_cast that never has undefined behaviour: a floating value that is
// NaN or out of an integer type's range gives what x86's conversion gives
// (the type's minimum for signed types; for unsigned, the conversion
// through int64 modulo 2^N, or 0).
template <class To, class From>
constexpr To safe_cast(From v) {
  if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To> && !std::is_same_v<To, bool>) {
    if constexpr (std::is_signed_v<To>) {
      constexpr From lo = static_cast<From>(std::numeric_limits<To>::min());
      constexpr From hi = -lo;  // 2^(bits-1), exact in floating point
      if (!(v >= lo && v < hi)) return std::numeric_limits<To>::min();
      return static_cast<To>(v);
    } else {
      constexpr From hi = static_cast<From>(std::numeric_limits<To>::max()) + From(1);
      if (v >= 0 && v < hi) return static_cast<To>(v);
      if (v > From(-9.2233720368547758e18) && v < 0) return static_cast<To>(static_cast<long long>(v));
      return To(0);
    }
  } else {
    return static_cast<To>(v);
  }
}

} // namespace weft::detail
