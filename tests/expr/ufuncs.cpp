// weft's ufuncs: NumPy's values for the exact ones (numpy_cases.inc), std::
// for the floating functions (exact under seq, within a few ulp on SIMD
// lanes, special values exact), scalar calls, clip, where, astype, errors.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "numpy_ops.hpp"

using weft::index_t;
using wt::array_of;

namespace {

// The largest distance from std:: allowed on SIMD lanes (xsimd's kernels are
// not libm). Measured with xsimd 8.1 / AVX-512 on 200,000 random points per
// function and domain: cbrt, tan and asinh reach 3 ulp, the others 1 or 2.
constexpr std::uint64_t simd_ulp_bound = 4;

template <class T>
std::vector<T> specials() {
  using L = std::numeric_limits<T>;
  return {T(0),        T(-0.0),      L::infinity(), -L::infinity(), L::quiet_NaN(), L::denorm_min(), -L::denorm_min(),
          L::min(),    -L::min(),    L::max(),      -L::max(),      T(1),           T(-1),           T(0.5),
          T(-0.5),     T(2),         T(-2),         T(3),           T(-3),          T(2.5),          T(1e-30),
          T(1e30),     T(0.1),       T(1e22),       T(-1e22),       T(100),         T(-100),         T(1.5707964),
          T(3.1415927), L::min() / 3, -L::min() / 7, L::epsilon(),  T(1) - L::epsilon(), T(1) + L::epsilon()};
}

// n values spread over [lo, hi], plus the specials.
template <class T>
std::vector<T> domain(double lo, double hi, int n = 4001) {
  std::vector<T> v = specials<T>();
  for (int i = 0; i <= n; ++i) v.push_back(static_cast<T>(lo + (hi - lo) * i / n));
  return v;
}
// Values of both signs spread logarithmically over [lo, hi].
template <class T>
std::vector<T> log_domain(double lo, double hi, int n = 4001) {
  std::vector<T> v = specials<T>();
  for (int i = 0; i <= n; ++i) {
    const T x = static_cast<T>(std::exp(std::log(lo) + (std::log(hi) - std::log(lo)) * i / n));
    v.push_back(x);
    v.push_back(-x);
  }
  return v;
}

// Where the functions leave their fast path: the overflow and underflow
// edges (denormal results), denormal inputs.
template <class T>
std::vector<T> edges() {
  const bool d = sizeof(T) == 8;
  std::vector<T> v = domain<T>(d ? -746 : -104, d ? -700 : -85, 3000);
  for (T x : domain<T>(d ? 700 : 85, d ? 711 : 90, 3000)) v.push_back(x);
  for (T x : domain<T>(d ? -1080 : -152, d ? -1000 : -120, 3000)) v.push_back(x);
  for (T x : domain<T>(d ? 1000 : 120, d ? 1025 : 129, 3000)) v.push_back(x);
  for (int i = 1; i <= 1000; ++i) {
    v.push_back(std::numeric_limits<T>::min() * T(i) / T(1001));
    v.push_back(-std::numeric_limits<T>::min() * T(i) / T(1001));
  }
  return v;
}

// f on every value under every policy: seq and par (scalar code) equal
// std_f exactly; SIMD policies are within simd_ulp_bound, with NaN, the
// infinities and the sign of zero exact.
template <class T, class WeftF, class StdF>
void check_unary_vs_std(const char* name, const std::vector<T>& values, WeftF&& wf, StdF&& sf) {
  const auto x = array_of(values);
  std::vector<T> want(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) want[i] = static_cast<T>(sf(values[i]));
  for (const auto& p : wt::all_policies) {
    const auto got = weft::eval(wf(x), p.policy);
    static_assert(std::is_same_v<typename decltype(got)::value_type, T>);
    wt::check_elements(got, want.data(), x.size(), p.policy.simd ? simd_ulp_bound : 0,
                       std::string(name) + (sizeof(T) == 4 ? " float" : " double") + " under " + p.name,
                       [&](index_t i) { return "x=" + wt::repr(x(i)); });
  }
}

template <class T, class WeftF, class StdF>
void check_binary_vs_std(const char* name, const std::vector<T>& xs, const std::vector<T>& ys, WeftF&& wf,
                         StdF&& sf) {
  // Every pair (x, y), flattened.
  std::vector<T> px, py, want;
  for (T a : xs)
    for (T b : ys) {
      px.push_back(a);
      py.push_back(b);
      want.push_back(static_cast<T>(sf(a, b)));
    }
  const auto x = array_of(px), y = array_of(py);
  for (const auto& p : wt::all_policies) {
    const auto got = weft::eval(wf(x, y), p.policy);
    static_assert(std::is_same_v<typename decltype(got)::value_type, T>);
    wt::check_elements(got, want.data(), x.size(), p.policy.simd ? simd_ulp_bound : 0,
                       std::string(name) + (sizeof(T) == 4 ? " float" : " double") + " under " + p.name,
                       [&](index_t i) { return "x=" + wt::repr(x(i)) + " y=" + wt::repr(y(i)); });
  }
}

#define WT_UNARY_STD(f, dom) \
  check_unary_vs_std<T>(#f, dom, [](const auto& a) { return weft::f(a); }, [](T v) { return std::f(v); })
#define WT_BINARY_STD(f, xs, ys) \
  check_binary_vs_std<T>(#f, xs, ys, [](const auto& a, const auto& b) { return weft::f(a, b); }, [](T u, T v) { return std::f(u, v); })

}  // namespace

TEST_CASE("every ufunc with exact results matches NumPy on float64, float32, int8, int32, int64, uint8, uint32, bool") {
  int ran = 0;
#define WT_UFUNC_BINARY(prefix, op) WT_BINARY_CASE(prefix, op, false)
#define WT_UFUNC_UNARY(prefix, op) WT_UNARY_CASE(prefix, op, false)
  WEFT_NUMPY_BINARY_CASES(WT_UFUNC_BINARY)
  WEFT_NUMPY_UNARY_CASES(WT_UFUNC_UNARY)
#undef WT_UFUNC_BINARY
#undef WT_UFUNC_UNARY
  // floor_divide, fmod, power, minimum, maximum, fmin, fmax on all 8 dtypes;
  // abs, square, reciprocal, floor, ceil, trunc, rint, round, isnan, isinf,
  // isfinite on all 8, sign on all but bool.
  CHECK(ran == 7 * 8 + 11 * 8 + 7);
}

TEST_CASE("weft::mod, remainder, true_divide, negative and the logical ufuncs equal their operators") {
  const auto x = array_of(wt::i32_x), y = array_of(wt::i32_y), v = array_of(wt::i32_v);
  const auto same_values = [](const auto& a, const auto& b) {
    REQUIRE(a.size() == b.size());
    index_t bad = 0;
    for (index_t i = 0; i < a.size(); ++i) bad += !wt::same(a(i), b(i));
    return bad == 0;
  };
  CHECK(same_values(weft::eval(weft::mod(x, y)), array_of(wt::i32_remainder)));
  CHECK(same_values(weft::eval(weft::remainder(x, y)), array_of(wt::i32_remainder)));
  CHECK(same_values(weft::eval(weft::true_divide(x, y)), array_of(wt::i32_true_divide)));
  CHECK(same_values(weft::eval(weft::negative(v)), array_of(wt::i32_negative)));
  CHECK(same_values(weft::eval(weft::logical_and(x, y)), array_of(wt::i32_logical_and)));
  CHECK(same_values(weft::eval(weft::logical_or(x, y)), array_of(wt::i32_logical_or)));
  CHECK(same_values(weft::eval(weft::logical_not(v)), array_of(wt::i32_logical_not)));
  const auto f = array_of(wt::f64_x), g = array_of(wt::f64_y);
  CHECK(same_values(weft::eval(weft::mod(f, g)), array_of(wt::f64_remainder)));
}

TEST_CASE("astype converts like NumPy's astype") {
  int ran = 0;
#define WT_CAST(prefix, to)                                                                                   \
  {                                                                                                           \
    const auto x = array_of(wt::prefix##_to_##to##_src);                                                      \
    using U = std::remove_cvref_t<decltype(wt::prefix##_to_##to[0])>;                                         \
    for (const auto& p : wt::all_policies) {                                                                  \
      const auto got = weft::eval(weft::astype<U>(x), p.policy);                                              \
      static_assert(std::is_same_v<typename decltype(got)::value_type, U>);                                   \
      wt::check_elements(got, wt::prefix##_to_##to, x.size(), 0,                                              \
                         std::string(#prefix " to " #to " under ") + p.name,                                  \
                         [&](index_t i) { return "x=" + wt::repr(x(i)); });                                   \
    }                                                                                                         \
    ++ran;                                                                                                    \
  }
  WEFT_NUMPY_CAST_CASES(WT_CAST)
#undef WT_CAST
  CHECK(ran == 8 * 7);
}

TEST_CASE("astype of NaN, infinities and out-of-range floats gives INT_MIN for int32 and int64 (x86, no UB)") {
  const weft::ndarray<double, 1> x{wt::nan_, wt::inf_, -wt::inf_, 1e20, -1e20, 3e9, -3e9, 2147483647.9, -2147483648.9};
  const weft::ndarray<float, 1> xf{std::numeric_limits<float>::quiet_NaN(), 1e30f, -1e30f, 9.3e18f, -9.3e18f};
  constexpr std::int32_t m32 = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t m64 = std::numeric_limits<std::int64_t>::min();
  // NumPy 2.4 on x86-64: the same values.
  const std::int32_t want32[] = {m32, m32, m32, m32, m32, m32, m32, 2147483647, m32};
  const std::int64_t want64[] = {m64, m64, m64, m64, m64, 3000000000LL, -3000000000LL, 2147483647LL, -2147483648LL};
  const std::int64_t wantf64[] = {m64, m64, m64, m64, m64};
  for (const auto& p : wt::all_policies) {
    wt::check_elements(weft::eval(weft::astype<std::int32_t>(x), p.policy), want32, 9, 0,
                       std::string("to int32 under ") + p.name, wt::none_described);
    wt::check_elements(weft::eval(weft::astype<std::int64_t>(x), p.policy), want64, 9, 0,
                       std::string("to int64 under ") + p.name, wt::none_described);
    wt::check_elements(weft::eval(weft::astype<std::int64_t>(xf), p.policy), wantf64, 5, 0,
                       std::string("float to int64 under ") + p.name, wt::none_described);
  }
  // astype of an expression, and to bool (non-zero, NaN included, is true).
  const auto b = weft::eval(weft::astype<bool>(x - x));
  CHECK(b(0) == true);   // nan - nan
  CHECK(b(5) == false);  // 3e9 - 3e9
  const weft::ndarray<std::int32_t, 1> k{1, 2, 3};
  const auto h = weft::eval(weft::astype<float>(k * 3) / 2);
  static_assert(std::is_same_v<decltype(h)::value_type, float>);
  CHECK(h(2) == 4.5f);
}

TEST_CASE_TEMPLATE("floating ufuncs equal std:: under scalar policies and are within a few ulp on SIMD lanes", T, double,
                   float) {
  const bool d = sizeof(T) == 8;
  WT_UNARY_STD(sqrt, log_domain<T>(1e-30, 1e30));
  WT_UNARY_STD(cbrt, log_domain<T>(1e-30, 1e30));
  WT_UNARY_STD(exp, domain<T>(d ? -700 : -85, d ? 700 : 85));
  WT_UNARY_STD(exp2, domain<T>(d ? -1000 : -120, d ? 1000 : 120));
  WT_UNARY_STD(expm1, domain<T>(-5, 5));
  WT_UNARY_STD(expm1, log_domain<T>(1e-10, 1));
  WT_UNARY_STD(log, log_domain<T>(1e-30, 1e30));
  WT_UNARY_STD(log2, log_domain<T>(1e-30, 1e30));
  WT_UNARY_STD(log10, log_domain<T>(1e-30, 1e30));
  WT_UNARY_STD(log1p, domain<T>(-1, 10));
  WT_UNARY_STD(log1p, log_domain<T>(1e-10, 1));
  WT_UNARY_STD(sin, domain<T>(-10, 10));
  WT_UNARY_STD(sin, log_domain<T>(1e-10, 1e15));
  WT_UNARY_STD(cos, domain<T>(-10, 10));
  WT_UNARY_STD(cos, log_domain<T>(1e-10, 1e15));
  WT_UNARY_STD(tan, domain<T>(-10, 10));
  WT_UNARY_STD(tan, log_domain<T>(1e-10, 1e5));
  WT_UNARY_STD(asin, domain<T>(-1, 1));
  WT_UNARY_STD(acos, domain<T>(-1, 1));
  WT_UNARY_STD(atan, log_domain<T>(1e-10, 1e10));
  WT_UNARY_STD(sinh, domain<T>(-80, 80));
  WT_UNARY_STD(sinh, log_domain<T>(1e-10, 1));
  WT_UNARY_STD(cosh, domain<T>(-80, 80));
  WT_UNARY_STD(tanh, domain<T>(-20, 20));
  WT_UNARY_STD(tanh, log_domain<T>(1e-10, 1));
  WT_UNARY_STD(asinh, log_domain<T>(1e-10, 1e10));
  WT_UNARY_STD(acosh, domain<T>(1, 1e6));
  WT_UNARY_STD(acosh, log_domain<T>(1, 1e30));
  WT_UNARY_STD(atanh, domain<T>(-1, 1));
  WT_UNARY_STD(atanh, log_domain<T>(1e-10, 1));
  const auto s = specials<T>();
  std::vector<T> ys = s;
  for (T v : {T(-7), T(7), T(0.25), T(-0.25), T(10), T(64.5)}) ys.push_back(v);
  WT_BINARY_STD(atan2, s, ys);
  WT_BINARY_STD(hypot, s, ys);
  WT_BINARY_STD(pow, s, ys);
  WT_BINARY_STD(fmod, s, ys);
  check_binary_vs_std<T>(
      "fma", s, ys, [](const auto& a, const auto& b) { return weft::fma(a, b, a); },
      [](T u, T v) { return std::fma(u, v, u); });
}

TEST_CASE_TEMPLATE("floating ufuncs stay right at the edges: overflow, denormal results, denormal inputs", T, double,
                   float) {
  const auto e = edges<T>();
  WT_UNARY_STD(exp, e);
  WT_UNARY_STD(exp2, e);
  WT_UNARY_STD(expm1, e);
  WT_UNARY_STD(sinh, e);
  WT_UNARY_STD(cosh, e);
  WT_UNARY_STD(tanh, e);
  WT_UNARY_STD(log, e);
  WT_UNARY_STD(log2, e);
  WT_UNARY_STD(log10, e);
  WT_UNARY_STD(log1p, e);
  WT_UNARY_STD(cbrt, e);
  WT_UNARY_STD(sqrt, e);
  WT_UNARY_STD(asinh, e);
  WT_UNARY_STD(acosh, e);
  // Large and small operands, where x*x overflows or underflows.
  std::vector<T> big;
  for (T v : specials<T>()) big.push_back(v);
  for (double k : {1e-300, 1e-200, 1e-160, 1e-40, 1e-20, 1e20, 1e40, 1e160, 1e200, 1e300}) big.push_back(static_cast<T>(k));
  WT_BINARY_STD(hypot, big, big);
}

TEST_CASE_TEMPLATE("pow on SIMD lanes is as accurate as std::pow", T, double, float) {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> base(0.0, 10.0), expo(-30.0, 30.0);
  std::vector<T> xs, ys;
  for (int i = 0; i < 200; ++i) xs.push_back(static_cast<T>(base(gen)));
  for (int i = 0; i < 50; ++i) ys.push_back(static_cast<T>(expo(gen)));
  for (T v : {T(-2), T(-0.5), T(-10)}) xs.push_back(v);
  for (T v : {T(2), T(3), T(-3), T(0.5)}) ys.push_back(v);
  WT_BINARY_STD(pow, xs, ys);
}

TEST_CASE("integer inputs to floating ufuncs compute in NumPy's float type") {
  const weft::ndarray<std::int32_t, 1> i{0, 1, 4, -8, 1000000, 2147483647};
  const weft::ndarray<std::int8_t, 1> s{0, 1, 4, -8, 127, -128};
  const weft::ndarray<std::uint16_t, 1> u{0, 1, 4, 65535};
  const weft::ndarray<bool, 1> b{false, true};
  static_assert(std::is_same_v<decltype(weft::eval(weft::sqrt(i)))::value_type, double>);
  static_assert(std::is_same_v<decltype(weft::eval(weft::sqrt(s)))::value_type, float>);  // float16 in NumPy
  static_assert(std::is_same_v<decltype(weft::eval(weft::exp(u)))::value_type, float>);
  static_assert(std::is_same_v<decltype(weft::eval(weft::sin(b)))::value_type, float>);
  static_assert(std::is_same_v<decltype(weft::eval(weft::atan2(i, s)))::value_type, double>);
  static_assert(std::is_same_v<decltype(weft::eval(weft::hypot(s, s)))::value_type, float>);
  static_assert(std::is_same_v<decltype(weft::eval(weft::fma(i, i, 1)))::value_type, double>);
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto r = weft::eval(weft::cbrt(i), p.policy);
    for (index_t k = 0; k < i.size(); ++k) CHECK(r(k) == std::cbrt(double(i(k))));
    const auto q = weft::eval(weft::log1p(s), p.policy);
    for (index_t k = 0; k < s.size(); ++k) CHECK(wt::same(q(k), std::log1p(float(s(k)))));
    const auto t = weft::eval(weft::atan2(i, s), p.policy);
    for (index_t k = 0; k < s.size(); ++k) CHECK(t(k) == std::atan2(double(i(k)), double(s(k))));
  }
}

TEST_CASE("ufuncs on C++ scalars compute at once with NumPy's result type") {
  static_assert(std::is_same_v<decltype(weft::sin(1)), double>);
  static_assert(std::is_same_v<decltype(weft::sin(1.0f)), float>);
  static_assert(std::is_same_v<decltype(weft::sqrt(std::int8_t(4))), float>);
  static_assert(std::is_same_v<decltype(weft::abs(-3)), int>);
  static_assert(std::is_same_v<decltype(weft::isnan(1.0)), bool>);
  static_assert(std::is_same_v<decltype(weft::floor(2.5f)), float>);
  static_assert(std::is_same_v<decltype(weft::minimum(1, 2.5)), double>);
  static_assert(std::is_same_v<decltype(weft::true_divide(7, 2)), double>);
  CHECK(weft::sin(1) == std::sin(1.0));
  CHECK(weft::sin(1.0f) == std::sin(1.0f));
  CHECK(weft::sqrt(std::int8_t(4)) == 2.0f);
  CHECK(weft::abs(-3) == 3);
  CHECK(weft::floor_divide(-7, 2) == -4);
  CHECK(weft::mod(-7, 2) == 1);
  CHECK(weft::mod(7, -2) == -1);
  CHECK(weft::fmod(-7, 2) == -1);
  CHECK(weft::mod(7, 0) == 0);
  CHECK(weft::floor_divide(7, 0) == 0);
  CHECK(weft::true_divide(7, 2) == 3.5);
  CHECK(weft::pow(2, 10) == 1024);
  CHECK(weft::pow(3, 41) == 2069870691);  // np.power(np.int32(3), np.int32(41)): wraps
  CHECK_THROWS_AS(weft::pow(2, -1), weft::value_error);
  CHECK(weft::round(2.5) == 2.0);
  CHECK(weft::round(-0.5) == 0.0);
  CHECK(std::signbit(weft::round(-0.5)));
  CHECK(weft::round(3.5) == 4.0);
  CHECK(std::isnan(weft::minimum(wt::nan_, 1.0)));
  CHECK(std::isnan(weft::maximum(1.0, wt::nan_)));
  CHECK(weft::fmin(wt::nan_, 1.0) == 1.0);
  CHECK(weft::fmax(1.0, wt::nan_) == 1.0);
  CHECK(weft::clip(5, 0, 3) == 3);
  CHECK(weft::clip(-5.5, 0.0, 3.0) == 0.0);
  CHECK(weft::sign(-2.5) == -1.0);
  CHECK(weft::isnan(wt::nan_));
  CHECK(weft::hypot(3, 4) == 5.0);
}

TEST_CASE("integer pow with a negative exponent throws value_error under every policy") {
  weft::ndarray<std::int64_t, 1> base(weft::shape<1>{5000}, 2), expo(weft::shape<1>{5000}, 3);
  expo(4321) = -1;
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    CHECK_THROWS_AS(weft::eval(weft::pow(base, expo), p.policy), weft::value_error);
  }
  expo(4321) = 3;
  const auto r = weft::eval(weft::pow(base, expo));
  CHECK(r(4321) == 8);
  CHECK_THROWS_WITH_AS(weft::eval(weft::pow(base, -2)), "integers to negative integer powers are not allowed",
                       weft::value_error);
}

TEST_CASE("clip is minimum(maximum(x, lo), hi) with NaN propagating, lo and hi broadcast") {
  // NumPy: np.clip(x, lo, hi) and np.clip(x, 0, 1)
  const weft::ndarray<double, 1> x{-2.0, 0.5, 0.0, 0.5, 1.0, 3.0, wt::nan_, wt::inf_, -wt::inf_, 2.5};
  const weft::ndarray<double, 1> lo{0.0, 0.0, -1.0, wt::nan_, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0};
  const weft::ndarray<double, 1> hi{1.0, 1.0, -0.5, 1.0, wt::nan_, 2.0, 1.0, 1.0, 1.0, 2.0};
  const double want[] = {0.0, 0.5, -0.5, wt::nan_, wt::nan_, 2.0, wt::nan_, 1.0, 0.0, 2.0};
  const double want01[] = {0.0, 0.5, 0.0, 0.5, 1.0, 1.0, wt::nan_, 1.0, 0.0, 1.0};
  for (const auto& p : wt::all_policies) {
    wt::check_elements(weft::eval(weft::clip(x, lo, hi), p.policy), want, 10, 0, std::string("clip under ") + p.name,
                       wt::none_described);
    wt::check_elements(weft::eval(weft::clip(x, 0, 1), p.policy), want01, 10, 0,
                       std::string("clip 0 1 under ") + p.name, wt::none_described);
  }
  const weft::ndarray<std::int32_t, 1> i{-5, 0, 3, 7, 100};
  const auto ci = weft::eval(weft::clip(i, 0, 5));
  static_assert(std::is_same_v<decltype(ci)::value_type, std::int32_t>);
  const std::int32_t wi[] = {0, 0, 3, 5, 5};
  wt::check_elements(ci, wi, 5, 0, "int clip", wt::none_described);
  static_assert(std::is_same_v<decltype(weft::eval(weft::clip(i, 0.5, 5)))::value_type, double>);
  // 2-D x with a row of lower bounds and a column of upper bounds.
  auto m = weft::arange(12.0).reshape({3, 4});
  const weft::ndarray<double, 1> lrow{2, 3, 4, 5};
  const weft::ndarray<double, 2> hcol{{6}, {7}, {8}};
  const auto cm = weft::eval(weft::clip(m, lrow, hcol));
  for (index_t r = 0; r < 3; ++r)
    for (index_t c = 0; c < 4; ++c) CHECK(cm(r, c) == std::min(std::max(m(r, c), lrow(c)), hcol(r, 0)));
}

TEST_CASE("where picks x where the condition is non-zero, broadcasting all three") {
  // NumPy: np.where(np.array([0.0, np.nan, -0.0, 2.0]), 1, 2.5) -> [2.5, 1., 2.5, 1.]
  const weft::ndarray<double, 1> c{0.0, wt::nan_, -0.0, 2.0};
  const auto w = weft::eval(weft::where(c, 1, 2.5));
  static_assert(std::is_same_v<decltype(w)::value_type, double>);
  CHECK(w(0) == 2.5);
  CHECK(w(1) == 1.0);
  CHECK(w(2) == 2.5);
  CHECK(w(3) == 1.0);
  // Bool condition, arrays of two dtypes (int8 and uint8 promote to int16),
  // a column condition against row values.
  const weft::ndarray<bool, 2> cond{{true}, {false}, {true}};
  const weft::ndarray<std::int8_t, 1> xs{-1, -2, -3, -4};
  const weft::ndarray<std::uint8_t, 1> ys{200, 201, 202, 203};
  for (const auto& p : wt::all_policies) {
    const auto r = weft::eval(weft::where(cond, xs, ys), p.policy);
    static_assert(std::is_same_v<decltype(r)::value_type, std::int16_t>);
    REQUIRE(r.shape() == weft::shape<2>{3, 4});
    for (index_t i = 0; i < 3; ++i)
      for (index_t j = 0; j < 4; ++j) CHECK(r(i, j) == (cond(i, 0) ? xs(j) : ys(j)));
  }
  // The usual idiom: where(a > 0, a, 0) keeps the array's dtype.
  const weft::ndarray<float, 1> a{-1.5f, 0.0f, 2.5f};
  const auto relu = weft::eval(weft::where(a > 0, a, 0));
  static_assert(std::is_same_v<decltype(relu)::value_type, float>);
  CHECK(relu(0) == 0.0f);
  CHECK(relu(2) == 2.5f);
}

TEST_CASE("minimum and maximum propagate NaN; fmin and fmax ignore it; both agree across policies") {
  // Long enough for SIMD batches, NaN in either operand at every lane position.
  const index_t n = 67;
  weft::ndarray<double, 1> x(weft::shape<1>{n}), y(weft::shape<1>{n});
  for (index_t i = 0; i < n; ++i) {
    x(i) = i % 3 == 0 ? wt::nan_ : double(i % 7) - 3.0;
    y(i) = i % 5 == 0 ? wt::nan_ : double(i % 4) - 1.5;
  }
  for (const auto& p : wt::all_policies) {
    INFO(std::string(p.name));
    const auto mn = weft::eval(weft::minimum(x, y), p.policy), mx = weft::eval(weft::maximum(x, y), p.policy);
    const auto fn = weft::eval(weft::fmin(x, y), p.policy), fx = weft::eval(weft::fmax(x, y), p.policy);
    index_t bad = 0;
    for (index_t i = 0; i < n; ++i) {
      const double a = x(i), b = y(i);
      const bool any_nan = std::isnan(a) || std::isnan(b);
      bad += !wt::same(mn(i), any_nan ? wt::nan_ : std::min(a, b));
      bad += !wt::same(mx(i), any_nan ? wt::nan_ : std::max(a, b));
      bad += !wt::same(fn(i), std::fmin(a, b));
      bad += !wt::same(fx(i), std::fmax(a, b));
    }
    CHECK(bad == 0);
  }
}
