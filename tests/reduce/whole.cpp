// Whole-array reductions against a naive reference, every dtype, odd sizes,
// strided and broadcast inputs, fused expressions, empty inputs.
#include "support.hpp"

using rt::index_t;
using weft::range;

namespace {
const index_t sizes[] = {0, 1, 7, 1023, 1000003};
}

TEST_CASE_TEMPLATE("sum, min, max, argmin, argmax, any, all, count_nonzero match a naive loop", T, float, double,
                   std::int32_t, std::int64_t, bool) {
  for (index_t n : sizes) {
    CAPTURE(n);
    const auto x = rt::make<T>(weft::shape{n});
    const std::vector<T> v(x.data(), x.data() + n);
    using S = decltype(weft::sum(x));
    static_assert(std::is_same_v<S, std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>>);
    CHECK(rt::close_sum(weft::sum(x), rt::ref_sum(v), rt::ref_abs_sum(v)));
    CHECK(weft::count_nonzero(x) == index_t(std::count_if(v.begin(), v.end(), [](T e) { return e != T(0); })));
    CHECK(weft::any(x) == std::any_of(v.begin(), v.end(), [](T e) { return e != T(0); }));
    CHECK(weft::all(x) == std::all_of(v.begin(), v.end(), [](T e) { return e != T(0); }));
    if (n == 0) {
      CHECK_THROWS_WITH_AS(weft::min(x), "zero-size array to reduction operation minimum which has no identity",
                           weft::value_error);
      CHECK_THROWS_WITH_AS(weft::max(x), "zero-size array to reduction operation maximum which has no identity",
                           weft::value_error);
      CHECK_THROWS_WITH_AS(weft::argmax(x), "attempt to get argmax of an empty sequence", weft::value_error);
      CHECK_THROWS_AS(weft::argmin(x), weft::value_error);
      CHECK(std::isnan(weft::mean(x)));
      continue;
    }
    CHECK(weft::min(x) == rt::ref_extremum<T, false>(v));
    CHECK(weft::max(x) == rt::ref_extremum<T, true>(v));
    CHECK(weft::argmin(x) == rt::ref_arg<T, false>(v));
    CHECK(weft::argmax(x) == rt::ref_arg<T, true>(v));
    // Strided (negative step) and fused inputs.
    const auto r = x(range(weft::none, weft::none, -3));
    const std::vector<T> vr = [&] {
      std::vector<T> out;
      for (index_t i = n - 1; i >= 0; i -= 3) out.push_back(v[std::size_t(i)]);
      return out;
    }();
    CHECK(rt::close_sum(weft::sum(r), rt::ref_sum(vr), rt::ref_abs_sum(vr)));
    CHECK(weft::max(r) == rt::ref_extremum<T, true>(vr));
    CHECK(weft::argmin(r) == rt::ref_arg<T, false>(vr));
    if constexpr (!std::is_same_v<T, bool>) {
      std::vector<T> sq;
      for (T e : v) sq.push_back(static_cast<T>(e * e));
      CHECK(rt::close_sum(weft::sum(x * x), rt::ref_sum(sq), rt::ref_abs_sum(sq)));
      CHECK(weft::max(x * x) == rt::ref_extremum<T, true>(sq));
    }
  }
}

TEST_CASE_TEMPLATE("prod matches a naive loop on sizes that do not overflow", T, float, double, std::int32_t,
                   std::int64_t, bool) {
  for (index_t n : {0, 1, 2, 7}) {
    const auto x = rt::make<T>(weft::shape{n}, 5);
    using P = decltype(weft::prod(x));
    long double want = 1;
    for (index_t i = 0; i < n; ++i) want *= static_cast<long double>(x.data()[i]);
    if constexpr (std::is_integral_v<P>) CHECK(weft::prod(x) == static_cast<P>(want));
    else CHECK(weft::prod(x) == doctest::Approx(double(want)).epsilon(1e-5));
  }
  // Integer products wrap like NumPy's int64.
  weft::ndarray<std::int64_t, 1> big(weft::shape{64});
  for (index_t i = 0; i < 64; ++i) big(i) = 3;
  std::uint64_t wrap = 1;
  for (int i = 0; i < 64; ++i) wrap *= 3u;
  CHECK(weft::prod(big) == static_cast<std::int64_t>(wrap));
}

TEST_CASE_TEMPLATE("mean, var and std match a long double reference", T, float, double, std::int32_t, std::int64_t,
                   bool) {
  using F = std::conditional_t<std::is_same_v<T, float>, float, double>;
  const double tol = std::is_same_v<F, float> ? 2e-4 : 1e-10;
  for (index_t n : {1, 2, 7, 1023, 1000003}) {
    CAPTURE(n);
    const auto x = rt::make<T>(weft::shape{n}, 3);
    const std::vector<T> v(x.data(), x.data() + n);
    static_assert(std::is_same_v<decltype(weft::mean(x)), F>);
    static_assert(std::is_same_v<decltype(weft::var(x)), F>);
    const long double m = rt::ref_sum(v) / n;
    CHECK(double(weft::mean(x)) == doctest::Approx(double(m)).epsilon(tol).scale(double(rt::ref_abs_sum(v) / n)));
    CHECK(double(weft::var(x)) == doctest::Approx(double(rt::ref_var(v))).epsilon(tol));
    CHECK(double(weft::std(x)) == doctest::Approx(double(std::sqrt(rt::ref_var(v)))).epsilon(tol));
    if (n > 1) CHECK(double(weft::var(x, weft::ddof{1})) == doctest::Approx(double(rt::ref_var(v, 1))).epsilon(tol));
  }
  // NumPy: var with ddof >= n divides by max(n - ddof, 0).
  const auto one = rt::make<T>(weft::shape{1});
  CHECK(std::isnan(weft::var(one, weft::ddof{1})) == true);  // 0 / 0
  CHECK(std::isnan(weft::var(weft::ndarray<T, 1>(weft::shape{0}))));
}

TEST_CASE("NumPy's answers on NaN, infinities and signed zeros") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  weft::ndarray<double, 1> a({1.0, nan, 3.0, nan, -inf});
  CHECK(std::isnan(weft::sum(a)));
  CHECK(std::isnan(weft::min(a)));
  CHECK(std::isnan(weft::max(a)));
  CHECK(weft::argmax(a) == 1);  // np.argmax([1, nan, 3, nan, -inf]) == 1
  CHECK(weft::argmin(a) == 1);
  CHECK(weft::nansum(a) == -inf);
  CHECK(weft::nanmax(a) == 3.0);
  CHECK(weft::nanmin(a) == -inf);
  CHECK(weft::nanmean(a) == -inf);  // (1 + 3 - inf) / 3
  weft::ndarray<double, 1> b({1.0, nan, 3.0, nan, 5.0});
  CHECK(weft::nanmean(b) == 3.0);
  CHECK(weft::nansum(b) == 9.0);
  CHECK(weft::count_nonzero(b) == 5);  // NaN is not zero
  weft::ndarray<double, 1> allnan({nan, nan});
  CHECK(std::isnan(weft::nanmax(allnan)));  // NumPy warns and returns nan
  CHECK(std::isnan(weft::nanmean(allnan)));
  weft::ndarray<double, 1> z({-0.0, -0.0});
  CHECK(!std::signbit(weft::sum(z)));  // np.sum([-0.0, -0.0]) is 0.0: the identity is +0.0
  weft::ndarray<float, 1> f({1e38f, 1e38f, -1e38f});
  static_assert(std::is_same_v<decltype(weft::sum(f)), float>);
  CHECK(weft::max(f * 10.0f) == std::numeric_limits<float>::infinity());  // float32 overflows, as NumPy's
  CHECK(weft::sum(f) == 1e38f);
  // Integer argmax ties go to the first; bool min/max.
  weft::ndarray<std::int32_t, 1> t({3, 7, 7, 1, 1});
  CHECK(weft::argmax(t) == 1);
  CHECK(weft::argmin(t) == 3);
  weft::ndarray<bool, 1> bb({false, true});
  static_assert(std::is_same_v<decltype(weft::max(bb)), bool>);
  CHECK(weft::max(bb) == true);
  CHECK(weft::min(bb) == false);
  CHECK(weft::sum(bb) == 1);
}

TEST_CASE("unsigned and small integer sums accumulate in 64 bits as in NumPy") {
  weft::ndarray<std::uint8_t, 1> u(weft::shape{1000});
  for (index_t i = 0; i < 1000; ++i) u(i) = 255;
  static_assert(std::is_same_v<decltype(weft::sum(u)), std::uint64_t>);
  CHECK(weft::sum(u) == 255000u);
  weft::ndarray<std::int16_t, 1> s(weft::shape{1000});
  for (index_t i = 0; i < 1000; ++i) s(i) = 30000;
  CHECK(weft::sum(s) == 30'000'000);
  weft::ndarray<std::uint32_t, 1> w({4000000000u, 4000000000u});
  CHECK(weft::sum(w) == 8000000000ull);
}

TEST_CASE("reductions of broadcast operands and of scalars fused into expressions") {
  const auto a = rt::make<double>(weft::shape{37, 1});
  const auto b = rt::make<double>(weft::shape{53}, 2);
  long double want = 0, mag = 0;
  for (index_t i = 0; i < 37; ++i)
    for (index_t j = 0; j < 53; ++j) {
      want += (long double)a(i, 0) * b(j) + 2;
      mag += std::fabs((long double)a(i, 0) * b(j)) + 2;
    }
  CHECK(rt::close_sum(weft::sum(a * b + 2.0), want, mag));
  // A zero-stride view of one value.
  const auto row = b(weft::newaxis, weft::all);
  CHECK(rt::close_sum(weft::sum(weft::eval(row + weft::zeros<double>(weft::shape{9, 53}))), 9 * rt::ref_sum(std::vector<double>(b.data(), b.data() + 53)), 9 * 53 * 1e4));
  // sum(arange(1000.0)): the per-call workload of W4.
  CHECK(weft::sum(weft::arange(1000.0)) == 499500.0);
  // Rank 0.
  weft::ndarray<double, 0> s0(weft::shape<0>{});
  s0() = 4.5;
  CHECK(weft::sum(s0) == 4.5);
  CHECK(weft::argmax(s0) == 0);
}

TEST_CASE("dot and norm") {
  const auto a = rt::make<double>(weft::shape{1001}, 1);
  const auto b = rt::make<double>(weft::shape{1001}, 2);
  long double want = 0, mag = 0;
  for (index_t i = 0; i < 1001; ++i) want += (long double)a(i) * b(i), mag += std::fabs((long double)a(i) * b(i));
  CHECK(rt::close_sum(weft::dot(a, b), want, mag));
  CHECK_THROWS_WITH_AS(weft::dot(a, b(range(0, 1000))), "shapes (1001,) and (1000,) not aligned: 1001 (dim 0) != 1000 (dim 0)",
                       weft::shape_error);
  weft::ndarray<std::int32_t, 1> i1({1, 2, 3}), i2({4, 5, 6});
  static_assert(std::is_same_v<decltype(weft::dot(i1, i2)), std::int32_t>);  // NumPy does not widen dot
  CHECK(weft::dot(i1, i2) == 32);
  // Matrix products against a naive triple loop.
  const auto m = rt::make<double>(weft::shape{7, 13}, 3);
  const auto k = rt::make<double>(weft::shape{13, 5}, 4);
  const auto mk = weft::dot(m, k);
  const auto mv = weft::dot(m, b(range(0, 13)));
  const auto vm = weft::dot(b(range(0, 7)), m);
  for (index_t i = 0; i < 7; ++i) {
    long double s = 0;
    for (index_t j = 0; j < 13; ++j) s += (long double)m(i, j) * b(j);
    CHECK(double(mv(i)) == doctest::Approx(double(s)).epsilon(1e-12).scale(1e4));
    for (index_t c = 0; c < 5; ++c) {
      long double t = 0;
      for (index_t j = 0; j < 13; ++j) t += (long double)m(i, j) * k(j, c);
      CHECK(double(mk(i, c)) == doctest::Approx(double(t)).epsilon(1e-12).scale(1e4));
    }
  }
  for (index_t j = 0; j < 13; ++j) {
    long double s = 0;
    for (index_t i = 0; i < 7; ++i) s += (long double)b(i) * m(i, j);
    CHECK(double(vm(j)) == doctest::Approx(double(s)).epsilon(1e-12).scale(1e4));
  }
  CHECK_THROWS_AS(weft::dot(m, m), weft::shape_error);
  // Transposed operands (dot(m, m.T) is symmetric).
  const auto g = weft::dot(m, m.T());
  CHECK(g(2, 5) == doctest::Approx(g(5, 2)));
  // norms, as numpy.linalg.norm
  weft::ndarray<double, 1> v({3.0, -4.0, 0.0});
  CHECK(weft::norm(v) == 5.0);
  CHECK(weft::norm(v, 1) == 7.0);
  CHECK(weft::norm(v, weft::inf) == 4.0);
  CHECK(weft::norm(v, -weft::inf) == 0.0);
  CHECK(weft::norm(v, 0) == 2.0);
  CHECK(weft::norm(v, 3) == doctest::Approx(std::cbrt(91.0)));
  weft::ndarray<std::int32_t, 2> im({{3, 4}, {6, 8}});
  static_assert(std::is_same_v<decltype(weft::norm(im)), double>);
  CHECK(weft::norm(im) == doctest::Approx(std::sqrt(125.0)));
  const auto rows = weft::norm(im, 2, 1);
  CHECK(rows(0) == 5.0);
  CHECK(rows(1) == 10.0);
  weft::ndarray<float, 1> fv({3.0f, 4.0f});
  static_assert(std::is_same_v<decltype(weft::norm(fv)), float>);
}

TEST_CASE("cumsum and cumprod") {
  weft::ndarray<std::int32_t, 2> a({{1, 2, 3}, {4, 5, 6}});
  const auto flat = weft::cumsum(a);
  static_assert(std::is_same_v<decltype(flat), const weft::ndarray<std::int64_t, 1>>);
  CHECK(rt::str(flat) == "[ 1  3  6 10 15 21]");
  CHECK(rt::str(weft::cumsum(a, 0)) == "[[1 2 3]\n [5 7 9]]");
  CHECK(rt::str(weft::cumsum(a, -1)) == "[[ 1  3  6]\n [ 4  9 15]]");
  CHECK(rt::str(weft::cumprod(a, 1)) == "[[  1   2   6]\n [  4  20 120]]");
  CHECK(rt::str(weft::cumsum(a.T(), 1)) == "[[1 5]\n [2 7]\n [3 9]]");
  CHECK_THROWS_WITH_AS(weft::cumsum(a, 2), "axis 2 is out of bounds for array of dimension 2", weft::index_error);
  weft::ndarray<bool, 1> b({true, false, true});
  CHECK(rt::str(weft::cumsum(b)) == "[1 1 2]");
  // A long scan in plain order, as NumPy: bit-identical to a serial loop, any thread count.
  const auto x = rt::make<double>(weft::shape{3, 100003});
  rt::threads_guard guard;
  for (int t : {1, 2}) {
    weft::set_num_threads(t);
    const auto c = weft::cumsum(x, 1, weft::par);
    for (index_t i = 0; i < 3; ++i) {
      double s = 0;
      bool ok = true;
      for (index_t j = 0; j < 100003; ++j) ok = ok && rt::same_bits(c(i, j), s += x(i, j));
      CHECK(ok);
    }
    const auto c0 = weft::cumsum(x, 0, weft::par);
    bool ok = true;
    for (index_t j = 0; j < 100003; ++j) ok = ok && rt::same_bits(c0(2, j), x(0, j) + x(1, j) + x(2, j));
    CHECK(ok);
  }
}
