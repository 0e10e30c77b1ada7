// The reference evaluator's scalar rules: NumPy 2's, written out for the five
// dtypes of the differential tester, without weft.
#include "diff.hpp"

#include <cstdio>
#include <cstdlib>
#include <algorithm>

namespace diff {

const char* name_of(dtype t) {
  switch (t) {
  case dtype::boolean: return "bool";
  case dtype::int32: return "int32";
  case dtype::int64: return "int64";
  case dtype::float32: return "float32";
  case dtype::float64: return "float64";
  }
  return "?";
}

std::string to_string(const value& v) {
  char buf[64];
  if (is_float(v.t)) std::snprintf(buf, sizeof buf, "%.17g", v.f);
  else if (v.t == dtype::boolean) std::snprintf(buf, sizeof buf, "%s", v.i ? "True" : "False");
  else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.i));
  return std::string(buf) + " (" + name_of(v.t) + ")";
}

dtype promote(dtype a, dtype b) {
  if (a == b) return a;
  if (a == dtype::boolean) return b;
  if (b == dtype::boolean) return a;
  if (is_integer(a) && is_integer(b)) return dtype::int64;
  // float32 with float64, or an integer with a float: int32 and int64 do
  // not fit in float32's mantissa, so NumPy goes to float64.
  return dtype::float64;
}

dtype with_weak_int(dtype t) { return t == dtype::boolean ? dtype::int64 : t; }
dtype with_weak_float(dtype t) { return is_float(t) ? t : dtype::float64; }

namespace {
// Two's-complement wrapping, as NumPy's integer arithmetic does.
std::int64_t wrap(dtype t, wide x) {
  const auto low = static_cast<std::uint64_t>(x);
  if (t == dtype::int32) return static_cast<std::int32_t>(static_cast<std::uint32_t>(low));
  return static_cast<std::int64_t>(low);
}
float as_float32(double f) { return static_cast<float>(f); }

[[noreturn]] void unsupported(const char* what, dtype t) {
  std::fprintf(stderr, "expr_diff reference: %s is not defined for %s here\n", what, name_of(t));
  std::abort();
}

// Both operands converted to their common dtype.
struct pair_in {
  value a, b;
  dtype t;
};
pair_in common(const value& a, const value& b) {
  const dtype t = promote(a.t, b.t);
  return {cast(a, t), cast(b, t), t};
}
} // namespace

value make_int(dtype t, std::int64_t i) {
  value v{t, 0, 0};
  if (is_float(t)) v.f = t == dtype::float32 ? as_float32(static_cast<double>(i)) : static_cast<double>(i);
  else if (t == dtype::boolean) v.i = i != 0;
  else v.i = wrap(t, i);
  return v;
}

value make_float(dtype t, double f) {
  if (!is_float(t)) unsupported("a float value", t);
  return {t, 0, t == dtype::float32 ? as_float32(f) : f};
}

bool truth(const value& v) { return is_float(v.t) ? v.f != 0 : v.i != 0; }

value cast(const value& v, dtype to) {
  if (v.t == to) return v;
  if (to == dtype::boolean) return {to, truth(v) ? 1 : 0, 0};
  if (is_float(v.t)) {
    if (!is_float(to)) unsupported("a cast from float", to);
    return make_float(to, v.f);
  }
  return make_int(to, v.i);
}

value add(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (t == dtype::boolean) return {t, x.i || y.i, 0};
  if (is_float(t)) return make_float(t, t == dtype::float32 ? double(as_float32(x.f) + as_float32(y.f)) : x.f + y.f);
  return make_int(t, wrap(t, wide(x.i) + y.i));
}

value subtract(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (t == dtype::boolean) unsupported("subtract", t);
  if (is_float(t)) return make_float(t, t == dtype::float32 ? double(as_float32(x.f) - as_float32(y.f)) : x.f - y.f);
  return make_int(t, wrap(t, wide(x.i) - y.i));
}

value multiply(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (t == dtype::boolean) return {t, x.i && y.i, 0};
  if (is_float(t)) return make_float(t, t == dtype::float32 ? double(as_float32(x.f) * as_float32(y.f)) : x.f * y.f);
  return make_int(t, wrap(t, wide(x.i) * y.i));
}

value true_divide(value a, value b) {
  dtype t = promote(a.t, b.t);
  if (!is_float(t)) t = dtype::float64;  // int / int is a float64 in NumPy
  const value x = cast(a, t), y = cast(b, t);
  return make_float(t, t == dtype::float32 ? double(as_float32(x.f) / as_float32(y.f)) : x.f / y.f);
}

value floor_divide(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (!is_integer(t)) unsupported("floor_divide", t);
  if (y.i == 0) return make_int(t, 0);  // NumPy: 0, with a warning
  const wide n = x.i, d = y.i;
  wide q = n / d;
  if (n % d != 0 && ((n < 0) != (d < 0))) q -= 1;
  return make_int(t, wrap(t, q));
}

value remainder(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (!is_integer(t)) unsupported("remainder", t);
  if (y.i == 0) return make_int(t, 0);
  const wide n = x.i, d = y.i;
  wide r = n % d;
  if (r != 0 && ((r < 0) != (d < 0))) r += d;  // the sign of the divisor, like Python
  return make_int(t, wrap(t, r));
}

value minimum(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (is_float(t)) {
    if (std::isnan(x.f) || std::isnan(y.f)) return make_float(t, NAN);
    return y.f < x.f ? y : x;
  }
  return y.i < x.i ? y : x;
}

value maximum(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (is_float(t)) {
    if (std::isnan(x.f) || std::isnan(y.f)) return make_float(t, NAN);
    return y.f > x.f ? y : x;
  }
  return y.i > x.i ? y : x;
}

namespace {
// -1, 0, 1, or 2 for unordered (a NaN).
int compare(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (is_float(t)) {
    if (std::isnan(x.f) || std::isnan(y.f)) return 2;
    return x.f < y.f ? -1 : x.f > y.f ? 1 : 0;
  }
  return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
}
} // namespace
value boolean(bool b) { return {dtype::boolean, b ? 1 : 0, 0}; }

value less(value a, value b) { return boolean(compare(a, b) == -1); }
value greater(value a, value b) { return boolean(compare(a, b) == 1); }
value less_equal(value a, value b) {
  const int c = compare(a, b);
  return boolean(c == -1 || c == 0);
}
value equal(value a, value b) { return boolean(compare(a, b) == 0); }
value logical_and(value a, value b) { return boolean(truth(a) && truth(b)); }
value logical_not(value a) { return boolean(!truth(a)); }

value bitwise_and(value a, value b) {
  auto [x, y, t] = common(a, b);
  if (is_float(t)) unsupported("bitwise_and", t);
  return make_int(t, x.i & y.i);
}

value negative(value a) {
  if (a.t == dtype::boolean) unsupported("negative", a.t);
  if (is_float(a.t)) return make_float(a.t, -a.f);
  return make_int(a.t, wrap(a.t, -wide(a.i)));
}

value absolute(value a) {
  if (a.t == dtype::boolean) return a;
  if (is_float(a.t)) return make_float(a.t, std::fabs(a.f));
  return a.i < 0 ? negative(a) : a;  // abs(INT_MIN) wraps to INT_MIN, as in NumPy
}

value square(value a) { return multiply(a, a); }

namespace {
// A float function of one argument: float32 stays float32, integers go to float64.
template <class F32, class F64>
value float_function(value a, F32 f32, F64 f64) {
  if (a.t == dtype::boolean) unsupported("a float function (NumPy gives float16)", a.t);
  const dtype t = is_float(a.t) ? a.t : dtype::float64;
  const value x = cast(a, t);
  return make_float(t, t == dtype::float32 ? double(f32(as_float32(x.f))) : f64(x.f));
}
} // namespace

value sqrt(value a) {
  return float_function(a, [](float x) { return std::sqrt(x); }, [](double x) { return std::sqrt(x); });
}
value exp(value a) {
  return float_function(a, [](float x) { return std::exp(x); }, [](double x) { return std::exp(x); });
}
value sin(value a) {
  return float_function(a, [](float x) { return std::sin(x); }, [](double x) { return std::sin(x); });
}
value cos(value a) {
  return float_function(a, [](float x) { return std::cos(x); }, [](double x) { return std::cos(x); });
}

value floor(value a) {
  if (!is_float(a.t)) return a;  // NumPy 2: integers stay integers
  return make_float(a.t, std::floor(a.f));
}

value isnan(value a) { return boolean(is_float(a.t) && std::isnan(a.f)); }

value where(value c, value x, value y) {
  const dtype t = promote(x.t, y.t);
  return truth(c) ? cast(x, t) : cast(y, t);
}

namespace {
constexpr wide int64_min = std::numeric_limits<std::int64_t>::min();
constexpr wide int64_max = std::numeric_limits<std::int64_t>::max();
wide lowest(dtype t) { return t == dtype::int32 ? std::numeric_limits<std::int32_t>::min() : int64_min; }
wide highest(dtype t) { return t == dtype::int32 ? std::numeric_limits<std::int32_t>::max() : int64_max; }
// The dtype a weak integer takes beside dtype t: NumPy gives it int64 beside bool.
dtype weak_int_dtype(dtype t) { return t == dtype::boolean ? dtype::int64 : t; }
} // namespace

std::string to_string(const weak_scalar& s) {
  if (s.is_float) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", s.f);
    return buf;
  }
  const bool negative = s.i < 0;
  __extension__ using unsigned_wide = unsigned __int128;
  auto magnitude = static_cast<unsigned_wide>(negative ? -s.i : s.i);
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  return (negative ? "-" : "") + digits + (s.as_unsigned ? "ULL" : "LL");
}

std::optional<value> weak_operand(const value& a, const weak_scalar& s) {
  if (s.is_float) return is_float(a.t) ? make_float(a.t, s.f) : make_float(dtype::float64, s.f);
  if (is_float(a.t)) return make_float(a.t, static_cast<double>(s.i));
  const dtype t = weak_int_dtype(a.t);
  if (s.i < lowest(t) || s.i > highest(t)) return std::nullopt;
  return make_int(t, static_cast<std::int64_t>(s.i));
}

std::optional<int> compare_weak(const value& a, const weak_scalar& s) {
  if (s.is_float || is_float(a.t)) return compare(a, *weak_operand(a, s));
  if (a.t == dtype::boolean && (s.i < int64_min || s.i > int64_max)) return std::nullopt;
  const wide x = a.i;  // an integer, or a bool as 0 and 1: exact against any s
  return x < s.i ? -1 : x > s.i ? 1 : 0;
}

std::optional<value> clip_weak(const value& a, const weak_scalar& lo, const weak_scalar& hi) {
  if (is_float(a.t)) return minimum(maximum(a, *weak_operand(a, lo)), *weak_operand(a, hi));
  const dtype t = weak_int_dtype(a.t);
  if (lo.i > highest(t) || hi.i < lowest(t)) return std::nullopt;
  // Beside bool the bounds are int64s and saturate no more than any int64.
  if (a.t == dtype::boolean && (lo.i < int64_min || hi.i > int64_max)) return std::nullopt;
  const wide low = std::max(lo.i, lowest(t)), high = std::min(hi.i, highest(t));
  const value x = cast(a, t);
  const wide clipped = std::min(std::max(wide(x.i), low), high);
  return make_int(t, static_cast<std::int64_t>(clipped));
}

bool matches(const value& w, const value& r, int ulps) {
  if (w.t != r.t) return false;
  if (!is_float(r.t)) return w.i == r.i;
  if (std::isnan(r.f)) return std::isnan(w.f);
  if (w.f == r.f) return true;
  if (ulps == 0 || std::isinf(r.f) || std::isnan(w.f) || std::isinf(w.f)) return false;
  const double eps = r.t == dtype::float32 ? 0x1p-23 : 0x1p-52;
  const double tiny = r.t == dtype::float32 ? 0x1p-126 : 0x1p-1022;
  return std::fabs(w.f - r.f) <= ulps * eps * std::fabs(r.f) + tiny;
}

} // namespace diff
