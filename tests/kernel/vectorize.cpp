// weft::vectorize: generic (SIMD) and scalar-only kernels against naive
// loops on odd sizes, views and broadcasting, under every policy; result
// dtypes; typed signatures chosen as Numba does; fusion.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "support.hpp"

using weft::index_t;
using weft::range;
using weft::none;

namespace {

const index_t sizes[] = {0, 1, 7, 1023, 1000003};

auto sinacos = weft::vectorize([](auto x, auto y) { return weft::sin(x) * weft::cos(y); });

} // namespace

TEST_CASE("a generic kernel equals the built-in expression, under every policy and size") {
  for (index_t n : sizes) {
    const auto a = kt::make<double>(weft::shape{n}, 1), b = kt::make<double>(weft::shape{n}, 2);
    for (const auto& p : kt::all_policies) {
      weft::ndarray<double, 1> got(weft::shape{n}), want(weft::shape{n});
      weft::assign(got, sinacos(a, b), p.policy);
      weft::assign(want, weft::sin(a) * weft::cos(b), p.policy);
      // Same lanes, same functions: the same bits on one thread (with
      // threads, where a chunk ends decides which elements take the scalar
      // tail, and the split is oneTBB's).
      if (!p.policy.threads)
        kt::check_all(got, [&](auto i) { return want(i[0]); }, 0, std::string("n=") + std::to_string(n) + " " + p.name);
      // And within a few ulps of libm.
      kt::check_all(got, [&](auto i) { return std::sin(a(i[0])) * std::cos(b(i[0])); }, 4, p.name);
    }
  }
}

TEST_CASE("a generic kernel runs on SIMD lanes; a scalar-only one does not") {
  const auto a = kt::make<double>(weft::shape{index_t{4096}}), b = kt::make<double>(weft::shape{index_t{4096}}, 3);
  weft::ndarray<double, 1> out(a.shape());
  const std::string generic = weft::explain(out, sinacos(a, b));
  CHECK((generic.find("inner loop: SIMD") != std::string::npos || !WEFT_USE_XSIMD));
  CHECK(generic.find("temporary: none") != std::string::npos);

  auto scalar = weft::vectorize([](double x, double y) { return std::sin(x) * std::cos(y); });
  CHECK(weft::explain(out, scalar(a, b)).find("inner loop: scalar") != std::string::npos);
  // A generic body that only compiles for scalars, with scalar_only.
  auto by_lane = weft::vectorize([](auto x, auto y) { return std::hypot(x, y); }, weft::scalar_only);
  CHECK(weft::explain(out, by_lane(a, b)).find("inner loop: scalar") != std::string::npos);
  for (const auto& p : kt::all_policies) {
    weft::assign(out, by_lane(a, b), p.policy);
    kt::check_all(out, [&](auto i) { return std::hypot(a(i[0]), b(i[0])); }, 0, p.name);
  }
}

TEST_CASE("a scalar-only kernel matches a naive loop under every policy and size") {
  auto clamp_diff = weft::vectorize([](double x, double y) { return x > y ? x - y : 0.5 * (y - x); });
  for (index_t n : sizes) {
    const auto a = kt::make<double>(weft::shape{n}, 4), b = kt::make<double>(weft::shape{n}, 5);
    for (const auto& p : kt::all_policies) {
      weft::ndarray<double, 1> got(weft::shape{n});
      weft::assign(got, clamp_diff(a, b), p.policy);
      kt::check_all(got, [&](auto i) {
        const double x = a(i[0]), y = b(i[0]);
        return x > y ? x - y : 0.5 * (y - x);
      }, 0, p.name);
    }
  }
}

TEST_CASE("kernels read views with negative, zero and gapped strides, and broadcast") {
  const auto m = kt::make<double>(weft::shape{37, 41}, 6);
  const auto row = kt::make<double>(weft::shape{index_t{41}}, 7);
  auto f = weft::vectorize([](auto x, auto y) { return x * y + weft::sqrt(x); });
  auto naive = [](double x, double y) { return x * y + std::sqrt(x); };
  for (const auto& p : kt::all_policies) {
    // Reversed rows, every other column.
    const auto v = m(range(none, none, -1), range(0, none, 2));
    weft::ndarray<double, 2> got(v.shape());
    weft::assign(got, f(v, row(range(0, none, 2))), p.policy);
    kt::check_all(got, [&](auto i) { return naive(m(36 - i[0], 2 * i[1]), row(2 * i[1])); }, 0, p.name);
    // A column broadcast against a transposed matrix, and a scalar.
    const auto col = row(range(0, 37))(weft::all, weft::newaxis);
    weft::ndarray<double, 2> got2(weft::shape{41, 37});
    weft::assign(got2, f(m.T(), col(weft::range(none, none, -1), weft::all).T()), p.policy);
    kt::check_all(got2, [&](auto i) { return naive(m(i[1], i[0]), row(36 - i[1])); }, 0, p.name);
    weft::ndarray<double, 2> got3(m.shape());
    weft::assign(got3, f(m, 2.0), p.policy);
    kt::check_all(got3, [&](auto i) { return naive(m(i[0], i[1]), 2.0); }, 0, p.name);
  }
  // A zero-stride view (one value repeated).
  const auto rep = weft::adapt(row.data() + 3, weft::shape<1>{100}, weft::strides_t<1>{0});
  const weft::ndarray<double, 1> r = f(rep, rep);
  kt::check_all(r, [&](auto) { return naive(row(3), row(3)); }, 0, "zero stride");
  CHECK_THROWS_AS(f(m, kt::make<double>(weft::shape{index_t{40}})), weft::shape_error);
}

TEST_CASE("the result dtype is what the kernel returns for the operands' dtypes") {
  const weft::ndarray<std::int32_t, 1> i{1, -2, 3};
  const weft::ndarray<float, 1> f{0.5f, 1.5f, 2.5f};
  auto twice = weft::vectorize([](auto x) { return x + x; });
  static_assert(std::is_same_v<decltype(twice(i))::value_type, std::int32_t>);
  static_assert(std::is_same_v<decltype(twice(f))::value_type, float>);
  auto mul = weft::vectorize([](auto x, auto y) { return x * y; });
  // A C++ scalar beside an array is weak (NEP 50): float stays float.
  static_assert(std::is_same_v<decltype(mul(f, 2.0))::value_type, float>);
  // Each operand keeps its own dtype: int32 * float is float in C++.
  static_assert(std::is_same_v<decltype(mul(i, f))::value_type, float>);
  auto less = weft::vectorize([](double x, double y) { return x < y; });
  static_assert(std::is_same_v<decltype(less(f, f))::value_type, bool>);
  const weft::ndarray<bool, 1> b = less(f, 1.0);
  CHECK(b(0));
  CHECK(!b(1));
  const weft::ndarray<float, 1> mf = mul(i, f);
  CHECK(mf(1) == -3.0f);
  // On C++ scalars a kernel computes at once.
  CHECK(mul(3, 4) == 12);
  CHECK(sinacos(0.5, 0.25) == std::sin(0.5) * std::cos(0.25));
}

TEST_CASE("typed kernels take the first signature the dtypes cast to safely") {
  auto f_first = weft::vectorize<float(float, float), double(double, double)>([](auto x, auto y) { return x - y; });
  auto d_first = weft::vectorize<double(double, double), float(float, float)>([](auto x, auto y) { return x - y; });
  const weft::ndarray<float, 1> f{1.0f, 2.0f};
  const weft::ndarray<std::int32_t, 1> i{1, 2};
  const weft::ndarray<std::int16_t, 1> s{1, 2};
  static_assert(std::is_same_v<decltype(f_first(f, f))::value_type, float>);
  static_assert(std::is_same_v<decltype(d_first(f, f))::value_type, double>);  // float -> double is safe
  static_assert(std::is_same_v<decltype(f_first(i, i))::value_type, double>);   // int32 -> float is not
  static_assert(std::is_same_v<decltype(f_first(s, s))::value_type, float>);    // int16 -> float is
  static_assert(std::is_same_v<decltype(f_first(f, 1.5))::value_type, float>);  // weak scalar
  // Mixed parameter types keep each operand exact: 2^53 + 1 as int64.
  auto add = weft::vectorize<double(std::int64_t, double)>([](std::int64_t k, double x) { return double(k % 2) + x; });
  const weft::ndarray<std::int64_t, 1> big{(std::int64_t(1) << 53) + 1};
  const weft::ndarray<double, 1> r = add(big, 0.25);
  CHECK(r(0) == 1.25);
  // A typed generic kernel still gets SIMD lanes.
  const auto a = kt::make<double>(weft::shape{index_t{5000}});
  weft::ndarray<double, 1> out(a.shape());
  CHECK((weft::explain(out, d_first(a, a)).find("SIMD") != std::string::npos || !WEFT_USE_XSIMD));
  for (const auto& p : kt::all_policies) {
    weft::assign(out, d_first(a, 0.5), p.policy);
    kt::check_all(out, [&](auto k) { return a(k[0]) - 0.5; }, 0, p.name);
  }
}

TEST_CASE("kernels fuse: one pass, no temporary, inside reductions and other expressions") {
  const index_t n = 100003;
  const auto a = kt::make<double>(weft::shape{n}, 8), b = kt::make<double>(weft::shape{n}, 9);
  std::atomic<index_t> calls{0};
  auto counted = weft::vectorize([&calls](double x, double y) {
    calls.fetch_add(1, std::memory_order_relaxed);
    return x * y;
  });
  for (const auto& p : kt::all_policies) {
    calls = 0;
    const double s = weft::sum(counted(a, b) * 2, p.policy);
    CHECK(calls.load() == n);  // each element computed once, never stored
    double want = 0;
    for (index_t i = 0; i < n; ++i) want += a(i) * b(i) * 2;
    CHECK(s == doctest::Approx(want).epsilon(1e-12));
  }
  // Kernels mix with operators, ufuncs and other kernels.
  weft::ndarray<double, 1> out = weft::exp(sinacos(a, b)) + sinacos(b, a) * 3.0;
  kt::check_all(out, [&](auto k) {
    const index_t i = k[0];
    return std::exp(std::sin(a(i)) * std::cos(b(i))) + std::sin(b(i)) * std::cos(a(i)) * 3.0;
  }, 8, "mixed");
  // A generic kernel called from another kernel's body runs on its batches.
  auto outer_kernel = weft::vectorize([](auto x, auto y) { return sinacos(x, y) + 1.0; });
  weft::ndarray<double, 1> nested(a.shape());
  CHECK((weft::explain(nested, outer_kernel(a, b)).find("SIMD") != std::string::npos || !WEFT_USE_XSIMD));
  weft::assign(nested, outer_kernel(a, b), weft::seq);
  kt::check_all(nested, [&](auto k) { return std::sin(a(k[0])) * std::cos(b(k[0])) + 1.0; }, 0, "nested");
  // Temporaries given to a kernel stay alive in the expression.
  auto make_expr = [&] { return sinacos(weft::ndarray<double, 1>(a), b * 1.0); };
  const auto e = make_expr();
  const weft::ndarray<double, 1> kept = e;
  kt::check_all(kept, [&](auto k) { return std::sin(a(k[0])) * std::cos(b(k[0])); }, 4, "owned operands");
}
