#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "weft/array/ndarray.hpp"
#include "weft/array/view.hpp"

// operator<< in NumPy's style: nested brackets, one row per line, elements
// padded to a common width, floats aligned on the decimal point with up to 8
// fraction digits, booleans as True/False, and "..." past 1000 elements.
namespace weft {

namespace detail {

inline constexpr index_t print_threshold = 1000;  // numpy's printoptions threshold
inline constexpr index_t print_edgeitems = 3;

// Formats every element the same way, chosen from all of them (like NumPy).
template <class T>
class element_formatter {
public:
  template <class Range>
  explicit element_formatter(const Range& values) {
    if constexpr (std::is_floating_point_v<T>) {
      double max_abs = 0, min_abs = 0;
      bool any = false;
      for (T v : values) {
        if (!std::isfinite(v) || v == 0) continue;
        const double a = std::fabs(double(v));
        max_abs = any ? std::max(max_abs, a) : a;
        min_abs = any ? std::min(min_abs, a) : a;
        any = true;
      }
      // NumPy's rule for switching to exponent notation.
      scientific_ = any && (max_abs >= 1e8 || min_abs < 1e-4 || max_abs / min_abs > 1e3);
      if (scientific_) {  // one mantissa precision for all, the longest needed
        int longest = 0;
        for (T v : values) {
          if (!std::isfinite(v)) continue;
          const std::string m = split(v).second;  // ".5e+03"
          longest = std::max(longest, static_cast<int>(m.find('e')) - 1);
        }
        precision_ = longest;
      }
      std::size_t special = 0;  // nan and inf are right-aligned in the whole width
      for (T v : values) {
        auto [i, f] = split(v);
        if (!std::isfinite(v)) {
          special = std::max(special, i.size());
          continue;
        }
        int_width_ = std::max(int_width_, i.size());
        frac_width_ = std::max(frac_width_, f.size());
      }
      width_ = std::max(int_width_ + frac_width_, special);
    } else {
      for (T v : values) int_width_ = std::max(int_width_, plain(v).size());
    }
  }

  std::string operator()(T v) const {
    if constexpr (std::is_floating_point_v<T>) {
      auto [i, f] = split(v);
      std::string s = i + f;
      if (std::isfinite(v)) s = std::string(int_width_ - i.size(), ' ') + s + std::string(frac_width_ - f.size(), ' ');
      return std::string(width_ - s.size(), ' ') + s;
    } else {
      std::string s = plain(v);
      return std::string(int_width_ - s.size(), ' ') + s;
    }
  }

private:
  static std::string plain(T v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "True" : "False";
    else return std::to_string(+v);
  }
  // Integer part (with sign) and the rest ("." and fraction, or exponent).
  std::pair<std::string, std::string> split(T v) const {
    if (std::isnan(v)) return {"nan", ""};
    if (std::isinf(v)) return {v < 0 ? "-inf" : "inf", ""};
    char buf[64];
    if (scientific_) std::snprintf(buf, sizeof buf, "%#.*e", precision_ < 0 ? 8 : precision_, double(v));
    else std::snprintf(buf, sizeof buf, "%.8f", double(v));
    std::string s = buf;
    std::string exp;
    if (auto e = s.find('e'); e != std::string::npos) exp = s.substr(e), s = s.substr(0, e);
    if (precision_ < 0)  // "1.50000000" -> "1.5", "3.0" -> "3."
      while (!s.empty() && s.back() == '0') s.pop_back();
    const auto dot = s.find('.');
    return {s.substr(0, dot), s.substr(dot) + exp};
  }

  bool scientific_ = false;
  int precision_ = -1;  // exponent notation: mantissa digits; -1: shortest per element
  std::size_t int_width_ = 0, frac_width_ = 0, width_ = 0;
};

template <class T, std::size_t N>
bool summarize(const view<T, N>& v) {
  return v.size() > print_threshold;
}

// Positions printed along an axis of extent n: all, or the edges.
inline std::vector<index_t> printed_positions(index_t n, bool summary) {
  std::vector<index_t> pos;
  if (summary && n > 2 * print_edgeitems) {
    for (index_t i = 0; i < print_edgeitems; ++i) pos.push_back(i);
    pos.push_back(-1);  // "..."
    for (index_t i = n - print_edgeitems; i < n; ++i) pos.push_back(i);
  } else {
    for (index_t i = 0; i < n; ++i) pos.push_back(i);
  }
  return pos;
}

template <class T, std::size_t N, class F>
void collect(const view<T, N>& v, bool summary, F&& sink) {
  if constexpr (N == 0) {
    sink(*v.data());
  } else {
    for (index_t i : printed_positions(v.extent(0), summary))
      if (i < 0) continue;
      else if constexpr (N == 1) sink(v(i));
      else collect(v(i), summary, sink);
  }
}

template <class T, std::size_t N, class Fmt>
void print_rows(std::ostream& os, const view<T, N>& v, bool summary, const Fmt& fmt, std::size_t indent) {
  if constexpr (N == 0) {
    os << fmt(*v.data());
  } else {
    os << '[';
    bool first = true;
    for (index_t i : printed_positions(v.extent(0), summary)) {
      if (!first) {
        if constexpr (N == 1) os << ' ';
        else os << std::string(N - 1, '\n') << std::string(indent + 1, ' ');
      }
      first = false;
      if (i < 0) os << "...";
      else if constexpr (N == 1) os << fmt(v(i));
      else print_rows(os, v(i), summary, fmt, indent + 1);
    }
    os << ']';
  }
}

} // namespace detail

template <class T, std::size_t N>
std::ostream& operator<<(std::ostream& os, const view<T, N>& v) {
  using V = std::remove_const_t<T>;
  if (v.size() == 0) return os << "[]";
  const bool summary = detail::summarize(v);
  std::vector<V> shown;
  detail::collect(v, summary, [&](V x) { shown.push_back(x); });
  detail::element_formatter<V> fmt(shown);
  detail::print_rows(os, v, summary, fmt, 0);
  return os;
}

template <class T, std::size_t N>
std::ostream& operator<<(std::ostream& os, const ndarray<T, N>& a) {
  return os << a.as_view();
}

} // namespace weft
