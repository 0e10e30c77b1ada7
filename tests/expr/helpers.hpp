#pragma once
// Shared by the expression and evaluator tests: the policies to run under,
// NaN- and signed-zero-aware comparison, ulp distance, arrays from C arrays.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "weft/weft.hpp"

namespace wt {

using weft::index_t;

inline constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();
inline constexpr double inf_ = std::numeric_limits<double>::infinity();
inline constexpr float nanf_ = std::numeric_limits<float>::quiet_NaN();
inline constexpr float inff_ = std::numeric_limits<float>::infinity();

struct named_policy {
  const char* name;
  weft::execution_policy policy;
};

// Every policy, plus thread policies with grains small enough that chunks
// start and end in the middle of rows (and of SIMD batches).
inline const named_policy all_policies[] = {
    {"seq", weft::seq},
    {"simd", weft::simd},
    {"par", weft::par},
    {"par_simd", weft::par_simd},
    {"auto_policy", weft::auto_policy},
    {"par grain 3", weft::par.with_grain(3)},
    {"par_simd grain 5", weft::par_simd.with_grain(5)},
};

// Printable value (int8 as a number, not a character).
template <class T>
std::string repr(T v) {
  std::ostringstream os;
  if constexpr (std::is_same_v<T, bool>) os << (v ? "true" : "false");
  else if constexpr (std::is_floating_point_v<T>) {
    os.precision(std::numeric_limits<T>::max_digits10);
    os << v;
  } else if constexpr (std::is_signed_v<T>) os << static_cast<long long>(v);
  else os << static_cast<unsigned long long>(v);
  return os.str();
}

// Distance in units in the last place; 0 for two NaNs or +0/-0, the largest
// value when only one is NaN.
template <class T>
std::uint64_t ulp_distance(T a, T b) {
  static_assert(std::is_floating_point_v<T>);
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<std::uint64_t>::max();
  using I = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  auto ordered = [](T x) -> std::int64_t {
    const I i = std::bit_cast<I>(x);
    return i < 0 ? static_cast<std::int64_t>(std::numeric_limits<I>::min()) - i : i;
  };
  const std::int64_t x = ordered(a), y = ordered(b);
  return x > y ? static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(y)
               : static_cast<std::uint64_t>(y) - static_cast<std::uint64_t>(x);
}

// Exactly the same value: NaN matches NaN (any payload), zeros must agree in sign.
template <class T>
bool same(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  } else {
    return a == b;
  }
}

// Within max_ulp, with NaN, infinities and the sign of zero exact.
template <class T>
bool close(T got, T want, std::uint64_t max_ulp) {
  if constexpr (std::is_floating_point_v<T>) {
    if (max_ulp == 0 || std::isnan(want) || std::isinf(want) || want == 0 || std::isnan(got) || std::isinf(got))
      return same(got, want);
    return ulp_distance(got, want) <= max_ulp;
  } else {
    return got == want;
  }
}

template <class T, std::size_t N>
weft::ndarray<std::remove_const_t<T>, 1> array_of(const T (&values)[N]) {
  weft::ndarray<std::remove_const_t<T>, 1> a(weft::shape<1>{static_cast<index_t>(N)});
  for (std::size_t i = 0; i < N; ++i) a(static_cast<index_t>(i)) = values[i];
  return a;
}
template <class T>
weft::ndarray<T, 1> array_of(const std::vector<T>& values) {
  weft::ndarray<T, 1> a(weft::shape<1>{static_cast<index_t>(values.size())});
  for (std::size_t i = 0; i < values.size(); ++i) a(static_cast<index_t>(i)) = values[i];
  return a;
}

// Compares a 1-D result with expected values element by element. One
// assertion per array; the message names the first mismatches and, through
// `describe`, the inputs that produced them.
template <class Got, class Want, class Describe>
void check_elements(const Got& got, const Want* want, index_t n, std::uint64_t max_ulp, const std::string& what,
                    Describe&& describe) {
  REQUIRE_MESSAGE(got.size() == n, what);
  using T = std::remove_cvref_t<decltype(got(0))>;
  index_t bad = 0;
  std::string first;
  for (index_t i = 0; i < n; ++i) {
    const T g = got(i);
    const T w = static_cast<T>(want[i]);
    if (!close(g, w, max_ulp)) {
      if (++bad <= 4) first += "\n  [" + std::to_string(i) + "] " + describe(i) + ": got " + repr(g) + ", want " + repr(w);
    }
  }
  CHECK_MESSAGE(bad == 0, what << ": " << bad << " of " << n << " differ" << first);
}

inline std::string none_described(index_t) { return {}; }

}  // namespace wt
