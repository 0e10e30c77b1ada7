#pragma once
// Shared by the reduction suites: deterministic inputs, a naive reference
// that groups elements by result (in C order), and bit-exact comparison.
#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <atomic>
#include <thread>
#include <sstream>
#include <string>
#include <vector>

#include "weft/weft.hpp"

namespace rt {

using weft::index_t;

// Values of mixed sign and, for floats, mixed magnitude; integers small
// enough that sums of a million never overflow.
template <class T>
T value(index_t i, unsigned seed = 1) {
  const std::uint64_t h = (std::uint64_t(i) + 1) * 0x9E3779B97F4A7C15ull ^ (std::uint64_t(seed) * 0xBF58476D1CE4E5B9ull);
  const std::uint64_t m = h ^ (h >> 29);
  if constexpr (std::is_same_v<T, bool>) return (m >> 7) % 3 == 0;
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(static_cast<int>((m >> 11) % 101) - 50);
  else {
    const double u = double((m >> 11) % 1000003) / 1000003.0 - 0.45;
    const int e = int((m >> 40) % 9) - 4;  // magnitudes 1e-4 .. 1e4
    return static_cast<T>(u * std::pow(10.0, e));
  }
}

template <class T, std::size_t N>
weft::ndarray<T, N> make(const weft::shape<N>& s, unsigned seed = 1) {
  weft::ndarray<T, N> a(s);
  for (index_t i = 0; i < a.size(); ++i) a.data()[i] = value<T>(i, seed);
  return a;
}

// The elements of each result of a reduction over `reduced` axes, each group
// in C order; groups in C order of the kept axes.
template <class T, std::size_t N>
std::vector<std::vector<T>> groups(const weft::ndarray<T, N>& x, const std::array<bool, N>& reduced) {
  index_t outs = 1;
  for (std::size_t k = 0; k < N; ++k)
    if (!reduced[k]) outs *= x.shape()[k];
  std::vector<std::vector<T>> g(static_cast<std::size_t>(outs));
  std::array<index_t, N> idx{};
  for (index_t flat = 0; flat < x.size(); ++flat) {
    index_t rest = flat;
    for (std::size_t k = N; k-- > 0;) idx[k] = rest % x.shape()[k], rest /= x.shape()[k];
    index_t o = 0;
    for (std::size_t k = 0; k < N; ++k)
      if (!reduced[k]) o = o * x.shape()[k] + idx[k];
    g[static_cast<std::size_t>(o)].push_back(x.data()[flat]);
  }
  return g;
}

template <class T>
long double ref_sum(const std::vector<T>& v) {
  long double s = 0;
  for (T x : v) s += static_cast<long double>(x);
  return s;
}
template <class T>
long double ref_abs_sum(const std::vector<T>& v) {
  long double s = 0;
  for (T x : v) s += std::fabs(static_cast<long double>(x));
  return s;
}
template <class T, bool Max>
T ref_extremum(const std::vector<T>& v) {
  T best = v.at(0);
  for (T x : v) {
    if constexpr (std::is_floating_point_v<T>)
      if (std::isnan(x) || std::isnan(best)) {
        best = std::isnan(best) ? best : x;
        continue;
      }
    if (Max ? x > best : x < best) best = x;
  }
  return best;
}
template <class T, bool Max>
index_t ref_arg(const std::vector<T>& v) {
  index_t best = 0;
  for (index_t i = 0; i < index_t(v.size()); ++i) {
    const T x = v[std::size_t(i)], b = v[std::size_t(best)];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(b)) break;
      if (std::isnan(x)) {
        best = i;
        break;
      }
    }
    if (Max ? x > b : x < b) best = i;
  }
  return best;
}
template <class T>
long double ref_var(const std::vector<T>& v, index_t ddof = 0) {
  const long double m = ref_sum(v) / static_cast<long double>(v.size());
  long double s = 0;
  for (T x : v) s += (static_cast<long double>(x) - m) * (static_cast<long double>(x) - m);
  return s / static_cast<long double>(static_cast<index_t>(v.size()) - ddof);
}

// |got - want| within a pairwise-summation bound of the magnitudes summed.
template <class T>
bool close_sum(T got, long double want, long double magnitude) {
  if constexpr (std::is_integral_v<T>) return static_cast<long double>(got) == want;
  else {
    const long double eps = std::numeric_limits<T>::epsilon();
    return std::fabs(static_cast<long double>(got) - want) <= 96 * eps * magnitude + std::numeric_limits<T>::min();
  }
}

template <class T>
bool same_bits(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
  } else return a == b;
}

template <class T, std::size_t N>
bool same_bits(const weft::ndarray<T, N>& a, const weft::ndarray<T, N>& b) {
  if (a.shape() != b.shape()) return false;
  for (index_t i = 0; i < a.size(); ++i)
    if (!same_bits(a.data()[i], b.data()[i])) return false;
  return true;
}

struct threads_guard {
  int saved = weft::num_threads();
  ~threads_guard() { weft::set_num_threads(saved); }
};

struct named_policy {
  const char* name;
  weft::execution_policy policy;
};
inline const named_policy policies[] = {
    {"seq", weft::seq},           {"simd", weft::simd},   {"par", weft::par},
    {"par_simd", weft::par_simd}, {"auto", weft::auto_policy},
};

} // namespace rt

namespace rt {
// An array as NumPy prints it.
template <class A>
std::string str(const A& a) {
  std::ostringstream os;
  os << a;
  return os.str();
}
} // namespace rt
