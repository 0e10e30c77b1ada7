// weft::guvectorize: row-wise dot, batched matrix multiply and a moving
// average against naive loops, with broadcasting of outer dimensions, views,
// every policy, given outputs, several outputs, and the core-size checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

#include "support.hpp"

using weft::index_t;
using weft::none;
using weft::range;
using cview1 = weft::view<const double, 1>;

namespace {

auto row_dot = weft::guvectorize<"(n),(n)->()">([](cview1 x, cview1 y, double& out) {
  double s = 0;
  for (index_t i = 0; i < x.size(); ++i) s += x(i) * y(i);
  out = s;
});

auto matmul = weft::guvectorize<"(m,n),(n,p)->(m,p)">([](auto a, auto b, auto c) {
  for (index_t i = 0; i < c.extent(0); ++i)
    for (index_t j = 0; j < c.extent(1); ++j) {
      double s = 0;
      for (index_t k = 0; k < a.extent(1); ++k) s += a(i, k) * b(k, j);
      c(i, j) = s;
    }
});

// The mean of the last `window` values up to each position (fewer at the start).
auto moving_average = weft::guvectorize<"(n),()->(n)">([](cview1 x, std::int64_t window, weft::view<double, 1> out) {
  for (index_t i = 0; i < x.size(); ++i) {
    double s = 0;
    const index_t first = std::max<index_t>(0, i - window + 1);
    for (index_t j = first; j <= i; ++j) s += x(j);
    out(i) = s / double(i - first + 1);
  }
});

double naive_dot(const weft::view<const double, 2>& a, index_t ra, const weft::view<const double, 2>& b, index_t rb) {
  double s = 0;
  for (index_t i = 0; i < a.extent(1); ++i) s += a(ra, i) * b(rb, i);
  return s;
}

} // namespace

TEST_CASE("row-wise dot on odd sizes and views, under every policy") {
  for (index_t rows : {index_t{1}, index_t{7}, index_t{33}})
    for (index_t n : {index_t{0}, index_t{1}, index_t{7}, index_t{1023}}) {
      const auto a = kt::make<double>(weft::shape{rows, n}, 1), b = kt::make<double>(weft::shape{rows, n}, 2);
      for (const auto& p : kt::all_policies) {
        const std::string what = "rows " + std::to_string(rows) + " n " + std::to_string(n) + " " + p.name;
        const weft::ndarray<double, 1> d = row_dot(a, b, p.policy);
        CHECK(d.shape() == weft::shape<1>{rows});
        kt::check_all(d, [&](auto i) { return naive_dot(a, i[0], b, i[0]); }, 0, what);
        // Rows reversed, columns reversed: core views with negative strides.
        const weft::view<const double, 2> ra = a(range(none, none, -1), range(none, none, -1));
        const weft::ndarray<double, 1> r = row_dot(ra, b.T().T(), p.policy);
        kt::check_all(r, [&](auto i) { return naive_dot(ra, i[0], b, i[0]); }, 0, "views " + what);
      }
    }
}

TEST_CASE("outer dimensions broadcast like NumPy; scalars and expressions are inputs") {
  const auto a = kt::make<double>(weft::shape{5, 1, 9}, 3);
  const auto b = kt::make<double>(weft::shape{3, 9}, 4);
  for (const auto& p : kt::all_policies) {
    const auto d = row_dot(a, b, p.policy);
    CHECK(d.shape() == weft::shape{5, 3});
    kt::check_all(d, [&](auto i) {
      double s = 0;
      for (index_t k = 0; k < 9; ++k) s += a(i[0], 0, k) * b(i[1], k);
      return s;
    }, 0, p.name);
  }
  // A row repeated by a zero stride, and an expression (evaluated once).
  const auto row = kt::make<double>(weft::shape{index_t{9}}, 5);
  const auto rep = weft::adapt(row.data(), weft::shape{4, 9}, weft::strides_t<2>{0, 1});
  const auto d2 = row_dot(rep, b(range(0, 1), weft::all) * 2.0);
  CHECK(d2.shape() == weft::shape<1>{4});
  kt::check_all(d2, [&](auto) {
    double s = 0;
    for (index_t k = 0; k < 9; ++k) s += row(k) * b(0, k) * 2.0;
    return s;
  }, 0, "broadcast row");
  // A 1-D input against a 1-D input: one call, a 0-d result.
  const auto scalar_dot = row_dot(row, row);
  static_assert(decltype(scalar_dot)::rank == 0);
  CHECK(scalar_dot() == doctest::Approx(weft::sum(row * row)).epsilon(1e-14));
}

TEST_CASE("batched matrix multiply") {
  const auto a = kt::make<double>(weft::shape{4, 3, 5}, 6);
  const auto b = kt::make<double>(weft::shape{5, 2}, 7);
  for (const auto& p : kt::all_policies) {
    const auto c = matmul(a, b, p.policy);
    CHECK(c.shape() == weft::shape{4, 3, 2});
    kt::check_all(c, [&](auto i) {
      double s = 0;
      for (index_t k = 0; k < 5; ++k) s += a(i[0], i[1], k) * b(k, i[2]);
      return s;
    }, 0, p.name);
  }
  // The transposed operand is read through its strides.
  const auto sq = kt::make<double>(weft::shape{6, 6}, 8);
  const auto t = matmul(sq, sq.T());
  kt::check_all(t, [&](auto i) {
    double s = 0;
    for (index_t k = 0; k < 6; ++k) s += sq(i[0], k) * sq(i[1], k);
    return s;
  }, 0, "A A^T");
}

TEST_CASE("moving average with a scalar window and with one window per row") {
  const auto x = kt::make<double>(weft::shape{6, 101}, 9);
  const weft::ndarray<std::int64_t, 1> windows{1, 2, 3, 5, 8, 200};
  auto naive = [&](index_t r, index_t i, index_t w) {
    double s = 0;
    const index_t first = std::max<index_t>(0, i - w + 1);
    for (index_t j = first; j <= i; ++j) s += x(r, j);
    return s / double(i - first + 1);
  };
  for (const auto& p : kt::all_policies) {
    const weft::ndarray<double, 2> m3 = moving_average(x, 3, p.policy);
    kt::check_all(m3, [&](auto i) { return naive(i[0], i[1], 3); }, 0, p.name);
    const weft::ndarray<double, 2> per_row = moving_average(x, windows, p.policy);
    kt::check_all(per_row, [&](auto i) { return naive(i[0], i[1], windows(i[0])); }, 0, p.name);
  }
}

TEST_CASE("core sizes are checked; outputs may be given; several outputs") {
  const auto a = kt::make<double>(weft::shape{3, 4}), b = kt::make<double>(weft::shape{3, 5});
  try {
    (void)row_dot(a, b);
    FAIL("no shape_error");
  } catch (const weft::shape_error& e) {
    const std::string msg = e.what();
    CHECK(msg.find("(n),(n)->()") != std::string::npos);
    CHECK(msg.find("(3, 4)") != std::string::npos);
    CHECK(msg.find("(3, 5)") != std::string::npos);
  }
  CHECK_THROWS_AS(matmul(kt::make<double>(weft::shape{2, 3}), kt::make<double>(weft::shape{4, 2})), weft::shape_error);
  CHECK_THROWS_AS(row_dot(kt::make<double>(weft::shape{2, 4}), kt::make<double>(weft::shape{3, 4})), weft::shape_error);

  weft::ndarray<double, 1> given(weft::shape<1>{3});
  row_dot(a, a, given, weft::par);
  kt::check_all(given, [&](auto i) { return naive_dot(a, i[0], a, i[0]); }, 0, "given output");
  weft::ndarray<double, 1> wrong(weft::shape<1>{4});
  CHECK_THROWS_AS(row_dot(a, a, wrong), weft::shape_error);

  auto min_max = weft::guvectorize<"(n)->(),()">([](cview1 x, double& lo, double& hi) {
    lo = hi = x(0);
    for (index_t i = 1; i < x.size(); ++i) lo = std::min(lo, x(i)), hi = std::max(hi, x(i));
  });
  const auto [lo, hi] = min_max(a);
  kt::check_all(lo, [&](auto i) { return weft::min(a(i[0], weft::all)); }, 0, "min");
  kt::check_all(hi, [&](auto i) { return weft::max(a(i[0], weft::all)); }, 0, "max");

  // A fixed core size, an output size the inputs do not give, the output dtype.
  auto norm3 = weft::guvectorize<"(3)->()", float>([](cview1 v, float& out) {
    out = float(std::sqrt(v(0) * v(0) + v(1) * v(1) + v(2) * v(2)));
  });
  const auto n3 = norm3(kt::make<double>(weft::shape{2, 3}));
  static_assert(std::is_same_v<decltype(n3)::value_type, float>);
  CHECK_THROWS_AS(norm3(a), weft::shape_error);
  auto ramp = weft::guvectorize<"()->(k)">([](double start, weft::view<double, 1> out) {
    for (index_t i = 0; i < out.size(); ++i) out(i) = start + double(i);
  });
  CHECK_THROWS_AS(ramp(1.0), weft::value_error);
  weft::ndarray<double, 2> ramps(weft::shape{3, 4});
  ramp(weft::ndarray<double, 1>{0.0, 10.0, 20.0}, ramps);
  CHECK(ramps(2, 3) == 23.0);

  // An exception thrown by the kernel reaches the caller, on threads too.
  auto throwing = weft::guvectorize<"(n)->()">([](cview1 x, double&) {
    if (x(0) > -1) throw std::runtime_error("kernel failed");
  });
  CHECK_THROWS_AS(throwing(kt::make<double>(weft::shape{1000, 2}), weft::par), std::runtime_error);
}
