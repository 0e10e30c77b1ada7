// Reductions along axes: every axis (and pairs of axes) of 1-D to 4-D
// arrays, with and without keepdims, on contiguous, transposed, reversed and
// broadcast inputs, against the naive grouping reference.
#include "support.hpp"

using rt::index_t;
using weft::range;

namespace {

// Checks sum, max, argmax and mean of `x` along `axes` (given as a mask)
// against the reference; `got_*` are the flattened results.
template <class T, std::size_t N, class Sum, class Max>
void check_groups(const weft::ndarray<T, N>& x, const std::array<bool, N>& reduced, const Sum& sum, const Max& max) {
  const auto g = rt::groups(x, reduced);
  REQUIRE(index_t(g.size()) == sum.size());
  for (std::size_t o = 0; o < g.size(); ++o) {
    CAPTURE(o);
    CHECK(rt::close_sum(sum.data()[o], rt::ref_sum(g[o]), rt::ref_abs_sum(g[o])));
    if (!g[o].empty()) CHECK(max.data()[o] == rt::ref_extremum<T, true>(g[o]));
  }
}

template <class T, std::size_t N>
void every_axis(const weft::ndarray<T, N>& x, const char* layout) {
  CAPTURE(layout);
  for (int axis = 0; axis < int(N); ++axis) {
    CAPTURE(axis);
    std::array<bool, N> red{};
    red[std::size_t(axis)] = true;
    const auto s = weft::sum(x, axis);
    static_assert(decltype(s)::rank == N - 1);
    const bool empty = x.shape()[std::size_t(axis)] == 0 && s.size() > 0;
    if (empty) {
      CHECK_THROWS_AS(weft::max(x, axis), weft::value_error);
      for (index_t i = 0; i < s.size(); ++i) CHECK(s.data()[i] == 0);
      continue;
    }
    const auto m = weft::max(x, axis);
    check_groups(x, red, s, m);
    // keepdims: the same values, an extent of 1 kept, and a negative axis.
    const auto sk = weft::sum(x, axis - int(N), weft::keepdims);
    static_assert(decltype(sk)::rank == N);
    CHECK(sk.shape()[std::size_t(axis)] == 1);
    CHECK(rt::same_bits(weft::eval(sk.reshape(s.shape())), s));
    // argmax along the axis: positions along it, first of ties.
    const auto am = weft::argmax(x, axis);
    const auto g = rt::groups(x, red);
    for (std::size_t o = 0; o < g.size(); ++o) CHECK(am.data()[o] == rt::ref_arg<T, true>(g[o]));
  }
  if constexpr (N >= 2) {
    // Pairs of axes: (0, N-1) and (N-2, N-1).
    std::array<bool, N> red{};
    red[0] = red[N - 1] = true;
    const auto s = weft::sum(x, {0, int(N) - 1});
    static_assert(decltype(s)::rank == N - 2);
    if (x.size() > 0) check_groups(x, red, s, weft::max(x, {0, -1}));
    const auto k = weft::sum(x, {-1, 0}, weft::keepdims);
    CHECK(k.shape()[0] == 1);
    CHECK(k.shape()[N - 1] == 1);
  }
  // All axes with keepdims.
  const auto all = weft::sum(x, weft::keepdims);
  CHECK(all.size() == 1);
  CHECK(all.data()[0] == weft::sum(x));
}

template <class T, std::size_t N>
void all_layouts(const weft::shape<N>& s) {
  CAPTURE(weft::to_string(s));
  const auto x = rt::make<T>(s, 7);
  every_axis(x, "contiguous");
  // Transposed (reversed axes) view, materialized for the reference.
  every_axis(weft::eval(x.T()), "transposed copy");
  const auto t = x.T();
  const auto tx = weft::eval(t);
  for (int axis = 0; axis < int(N); ++axis) {
    // Integer sums are exact whatever the order the engine reads in.
    if constexpr (std::is_integral_v<T>) CHECK(rt::same_bits(weft::sum(t, axis), weft::sum(tx, axis)));
  }
  // A view with a negative stride on the first axis reduces like its copy.
  const auto rv = x(range(weft::none, weft::none, -1));
  const auto rc = weft::eval(rv);
  every_axis(rc, "reversed copy");
  for (int axis = 0; axis < int(N); ++axis) {
    if (x.shape()[std::size_t(axis)] == 0) continue;
    CHECK(rt::same_bits(weft::eval(weft::max(rv, axis)), weft::eval(weft::max(rc, axis))));
    CHECK(rt::same_bits(weft::eval(weft::argmin(rv, axis)), weft::eval(weft::argmin(rc, axis))));
  }
}

} // namespace

TEST_CASE_TEMPLATE("sum, max, argmax along every axis of 1-D to 4-D arrays", T, double, float, std::int32_t,
                   std::int64_t, bool) {
  all_layouts<T>(weft::shape{1023});
  all_layouts<T>(weft::shape{0});
  all_layouts<T>(weft::shape{1});
  all_layouts<T>(weft::shape{7, 13});
  all_layouts<T>(weft::shape{1, 37});
  all_layouts<T>(weft::shape{37, 1});
  all_layouts<T>(weft::shape{0, 5});
  all_layouts<T>(weft::shape{5, 0});
  all_layouts<T>(weft::shape{3, 5, 17});
  all_layouts<T>(weft::shape{2, 3, 5, 7});
  all_layouts<T>(weft::shape{4, 1, 129, 3});
}

TEST_CASE("views reduce like their copies: transposed, negative and zero strides") {
  const auto x = rt::make<double>(weft::shape{31, 67}, 2);
  // Transposed view vs its copy: the same values (the engine reads in memory order).
  for (int axis : {0, 1}) {
    const auto a = weft::sum(x.T(), axis), b = weft::sum(weft::eval(x.T()), axis);
    for (index_t i = 0; i < a.size(); ++i) CHECK(a.data()[i] == doctest::Approx(b.data()[i]).epsilon(1e-13).scale(1e4));
    CHECK(rt::same_bits(weft::eval(weft::max(x.T(), axis)), weft::eval(weft::max(weft::eval(x.T()), axis))));
    CHECK(rt::same_bits(weft::eval(weft::argmin(x.T(), axis)), weft::eval(weft::argmin(weft::eval(x.T()), axis))));
  }
  // Negative steps on both axes.
  const auto r = x(range(weft::none, weft::none, -2), range(weft::none, weft::none, -1));
  const auto rc = weft::eval(r);
  for (int axis : {0, 1}) {
    CHECK(rt::same_bits(weft::eval(weft::max(r, axis)), weft::eval(weft::max(rc, axis))));
    CHECK(rt::same_bits(weft::eval(weft::argmax(r, axis)), weft::eval(weft::argmax(rc, axis))));
  }
  // A broadcast (zero-stride) operand along the reduced and the kept axis.
  const auto col = rt::make<double>(weft::shape{31, 1}, 3);
  const auto row = rt::make<double>(weft::shape{67}, 4);
  const auto s0 = weft::sum(x * col + row, 0);
  const auto s1 = weft::sum(x * col + row, 1);
  const auto full = weft::eval(x * col + row);
  for (index_t j = 0; j < 67; ++j) CHECK(s0(j) == doctest::Approx(weft::sum(full(weft::all, j))).epsilon(1e-12).scale(1e4));
  for (index_t i = 0; i < 31; ++i) CHECK(s1(i) == doctest::Approx(weft::sum(full(i, weft::all))).epsilon(1e-12).scale(1e4));
  // x - mean(x, axis, keepdims) broadcasts back and has zero mean along the axis.
  const auto centered = weft::eval(x - weft::mean(x, 1, weft::keepdims));
  const auto m = weft::mean(centered, 1);
  for (index_t i = 0; i < 31; ++i) CHECK(std::fabs(m(i)) < 1e-9);
}

TEST_CASE("mean, var, std, any, all, count_nonzero, prod along axes") {
  const auto x = rt::make<double>(weft::shape{6, 11, 5}, 9);
  for (int axis = 0; axis < 3; ++axis) {
    std::array<bool, 3> red{};
    red[std::size_t(axis)] = true;
    const auto g = rt::groups(x, red);
    const auto mean = weft::mean(x, axis);
    const auto var = weft::var(x, axis);
    const auto sd = weft::std(x, axis, weft::ddof{1});
    const auto var_k = weft::var(x, axis, weft::keepdims, weft::ddof{1});
    const auto cnt = weft::count_nonzero(x > 0.0, axis);
    const auto any = weft::any(x > 1000.0, axis);
    const auto all = weft::all(x > -1000.0, axis);
    for (std::size_t o = 0; o < g.size(); ++o) {
      const double n = double(g[o].size());
      CHECK(mean.data()[o] == doctest::Approx(double(rt::ref_sum(g[o]) / n)).epsilon(1e-12).scale(1e3));
      CHECK(var.data()[o] == doctest::Approx(double(rt::ref_var(g[o]))).epsilon(1e-10));
      CHECK(sd.data()[o] == doctest::Approx(double(std::sqrt(rt::ref_var(g[o], 1)))).epsilon(1e-10));
      CHECK(var_k.data()[o] == doctest::Approx(double(rt::ref_var(g[o], 1))).epsilon(1e-10));
      CHECK(cnt.data()[o] == std::count_if(g[o].begin(), g[o].end(), [](double v) { return v > 0; }));
      CHECK(any.data()[o] == std::any_of(g[o].begin(), g[o].end(), [](double v) { return v > 1000; }));
      CHECK(all.data()[o] == std::all_of(g[o].begin(), g[o].end(), [](double v) { return v > -1000; }));
    }
  }
  weft::ndarray<std::int32_t, 2> i({{1, 2, 3}, {4, 5, 6}});
  CHECK(rt::str(weft::prod(i, 0)) == "[ 4 10 18]");
  CHECK(rt::str(weft::mean(i, 1)) == "[2. 5.]");
  // mean of an empty axis is NaN, as NumPy's (with a warning there).
  const auto e = weft::mean(weft::ndarray<double, 2>(weft::shape{3, 0}), 1);
  CHECK(std::isnan(e(0)));
  // nan-aware reductions along an axis.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  weft::ndarray<double, 2> n({{1.0, nan, 3.0}, {nan, nan, nan}});
  CHECK(rt::str(weft::nanmax(n, 1)) == "[ 3. nan]");
  CHECK(rt::str(weft::nansum(n, 1)) == "[4. 0.]");
  CHECK(rt::str(weft::nanmean(n, 0)) == "[ 1. nan  3.]");
  CHECK(rt::str(weft::max(n, 0)) == "[nan nan nan]");
}

TEST_CASE("bad axes and empty reductions throw NumPy's errors") {
  const auto x = rt::make<double>(weft::shape{2, 3});
  CHECK_THROWS_WITH_AS(weft::sum(x, 2), "axis 2 is out of bounds for array of dimension 2", weft::index_error);
  CHECK_THROWS_WITH_AS(weft::sum(x, -3), "axis -3 is out of bounds for array of dimension 2", weft::index_error);
  CHECK_THROWS_WITH_AS(weft::sum(x, {0, -2}), "duplicate value in 'axis'", weft::value_error);
  const weft::ndarray<double, 2> e(weft::shape{0, 3});
  CHECK_THROWS_WITH_AS(weft::min(e, 0), "zero-size array to reduction operation minimum which has no identity",
                       weft::value_error);
  CHECK(weft::min(e, 1).size() == 0);  // nothing to compute: no error, as in NumPy
  CHECK_THROWS_AS(weft::argmin(e, 0), weft::value_error);
  CHECK(rt::str(weft::sum(e, 0)) == "[0. 0. 0.]");
  // An empty result along a unit-stride kept axis (found by the slicing fuzzer: a division by zero).
  const weft::ndarray<double, 2> f(weft::shape{3, 0});
  CHECK(weft::sum(f, 0).size() == 0);
  CHECK(rt::str(weft::sum(f, 1)) == "[0. 0. 0.]");
  CHECK(weft::max(f, 0).size() == 0);
}
