// Reductions and scans into an existing array or view (NumPy's out=):
// the same values as the allocating forms, any layout of out, NumPy's casts
// and checks, out overlapping the input, and no allocation of the result.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>

#include "support.hpp"

// Counts the aligned allocations (weft's arrays) of at least `big_bytes`
// made on this thread, so a test can tell that out= allocated no result.
namespace {
thread_local std::size_t big_bytes = 0;
thread_local int big_allocations = 0;
}  // namespace
void* operator new(std::size_t n, std::align_val_t a) {
  if (big_bytes > 0 && n >= big_bytes) ++big_allocations;
  const std::size_t align = static_cast<std::size_t>(a);
  void* p = std::aligned_alloc(align, (n + align - 1) / align * align);
  if (!p) throw std::bad_alloc();
  return p;
}
// GCC sees free() beside operator new and warns, though this new is ours.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

using weft::index_t;

namespace {

template <class T, std::size_t N>
bool same(const weft::view<T, N>& got, const weft::ndarray<T, N>& want) {
  if (got.shape() != want.shape()) return false;
  auto g = got.begin();
  for (auto w = want.as_view().begin(); w != want.as_view().end(); ++w, ++g)
    if (!rt::same_bits(*g, *w)) return false;
  return true;
}

}  // namespace

TEST_CASE("sum, min, max, argmax, any, count_nonzero, mean, var into out= give the allocating forms' bits") {
  for (const auto& s : {weft::shape<2>{7, 13}, weft::shape<2>{1, 1}, weft::shape<2>{0, 5}, weft::shape<2>{3, 0},
                        weft::shape<2>{61, 257}}) {
    INFO("shape ", weft::to_string(s));
    const auto x = rt::make<double>(s);
    for (int axis : {0, 1}) {
      INFO("axis ", axis);
      const index_t n = s[std::size_t(1 - axis)];
      weft::ndarray<double, 1> out(weft::shape<1>{n});
      CHECK(same(weft::sum(x, axis, out), weft::sum(x, axis)));
      CHECK(same(weft::sum(x * 2 + 1, axis, out), weft::sum(x * 2 + 1, axis)));
      CHECK(same(weft::mean(x, axis, out), weft::mean(x, axis)));
      CHECK(same(weft::var(x, axis, out), weft::var(x, axis)));
      weft::ndarray<index_t, 1> count(weft::shape<1>{n});
      CHECK(same(weft::count_nonzero(x, axis, count), weft::count_nonzero(x, axis)));
      weft::ndarray<bool, 1> flags(weft::shape<1>{n});
      CHECK(same(weft::any(x > 0.5, axis, flags), weft::any(x > 0.5, axis)));
      if (s[std::size_t(axis)] > 0) {
        CHECK(same(weft::max(x, axis, out), weft::max(x, axis)));
        CHECK(same(weft::min(x, axis, out), weft::min(x, axis)));
        CHECK(same(weft::argmax(x, axis, count), weft::argmax(x, axis)));
      } else if (n > 0) {
        CHECK_THROWS_AS(weft::max(x, axis, out), weft::value_error);
        CHECK_THROWS_AS(weft::argmin(x, axis, count), weft::value_error);
      }
    }
  }
}

TEST_CASE("out may be any view: strided, reversed, a column, with keepdims, over several axes") {
  const auto x = rt::make<float>(weft::shape<3>{5, 7, 11});
  const auto want = weft::sum(x, 1);  // 5 x 11
  SUBCASE("every other element of a bigger array, rows reversed") {
    weft::ndarray<float, 2> big = weft::full<float>({10, 23}, -1.0f);
    auto out = big(weft::range(weft::none, weft::none, -2), weft::range(1, weft::none, 2));
    REQUIRE(out.shape() == weft::shape<2>{5, 11});
    weft::sum(x, 1, out);
    CHECK(same(out, want));
    CHECK(big(0, 0) == -1.0f);  // untouched around the view
    CHECK(big(8, 1) == -1.0f);
    CHECK(big(1, 2) == -1.0f);
  }
  SUBCASE("a transposed view") {
    weft::ndarray<float, 2> t(weft::shape<2>{11, 5});
    weft::sum(x, 1, t.T());
    CHECK(same(t.T(), want));
  }
  SUBCASE("keepdims") {
    weft::ndarray<float, 3> k(weft::shape<3>{5, 1, 11});
    CHECK(same(weft::sum(x, 1, weft::keepdims, k), weft::sum(x, 1, weft::keepdims)));
  }
  SUBCASE("several axes, and argmin along the last") {
    weft::ndarray<float, 1> o(weft::shape<1>{7});
    CHECK(same(weft::max(x, {0, 2}, o), weft::max(x, {0, 2})));
    weft::ndarray<std::int32_t, 2> pos(weft::shape<2>{5, 7});  // int32 positions, as NumPy allows
    weft::argmin(x, -1, pos);
    const auto ref = weft::argmin(x, -1);
    CHECK(weft::all(pos == ref));
  }
  SUBCASE("under every policy") {
    for (auto policy : {weft::seq, weft::simd, weft::par, weft::par_simd, weft::par.with_grain(3)}) {
      weft::ndarray<float, 2> out(weft::shape<2>{5, 11});
      weft::sum(x, 1, out, policy);
      CHECK(same(out.as_view(), want));
    }
  }
}

TEST_CASE("out= casts as NumPy's reductions do") {
  // An int32 sum into int8 wraps like NumPy's (200 -> -56); a float sum into
  // int64 is computed in float, then cast (NumPy: [0.5, 0.5] -> 1).
  const weft::ndarray<std::int32_t, 2> i = {{100, 1}, {100, 2}};
  weft::ndarray<std::int8_t, 1> small(weft::shape<1>{2});
  weft::sum(i, 0, small);
  CHECK(small(0) == -56);
  CHECK(small(1) == 3);
  const weft::ndarray<double, 2> h = {{0.5, 1.7}, {0.5, 0.0}};
  weft::ndarray<std::int64_t, 1> whole(weft::shape<1>{2});
  weft::sum(h, 0, whole);
  CHECK(whole(0) == 1);
  CHECK(whole(1) == 1);
  weft::max(h, 0, whole);
  CHECK(whole(1) == 1);
  weft::ndarray<float, 1> f(weft::shape<1>{2});
  weft::mean(i, 0, f);
  CHECK(f(0) == 100.0f);
  CHECK(f(1) == 1.5f);
  weft::ndarray<std::int8_t, 1> truth(weft::shape<1>{2});
  weft::all(h > 0.2, 0, truth);
  CHECK(truth(0) == 1);
  CHECK(truth(1) == 0);
}

TEST_CASE("out= refuses a wrong shape, a broadcast view and, at compile time, a wrong rank or a const out") {
  const auto x = rt::make<double>(weft::shape<2>{3, 4});
  weft::ndarray<double, 1> three(weft::shape<1>{3});
  try {
    weft::sum(x, 0, three);
    FAIL("no error");
  } catch (const weft::shape_error& e) {
    const std::string what = e.what();
    CHECK(what.find("(3,)") != std::string::npos);
    CHECK(what.find("(3, 4)") != std::string::npos);
    CHECK(what.find("(4,)") != std::string::npos);
  }
  CHECK_THROWS_AS(weft::sum(x, 0, weft::keepdims, weft::ndarray<double, 2>(weft::shape<2>{3, 4})), weft::shape_error);
  CHECK_THROWS_AS(weft::cumsum(x, 0, weft::ndarray<double, 2>(weft::shape<2>{4, 3})), weft::shape_error);
  weft::ndarray<double, 1> one(weft::shape<1>{1});
  weft::view<double, 1> broadcast(one.data(), weft::shape<1>{4}, weft::strides_t<1>{0});
  CHECK_THROWS_AS(weft::sum(x, 0, broadcast), weft::value_error);
  static_assert(weft::writable_array<weft::ndarray<double, 1>&>);
  static_assert(weft::writable_array<weft::view<double, 1>>);
  static_assert(!weft::writable_array<const weft::ndarray<double, 1>&>);
  static_assert(!weft::writable_array<weft::view<const double, 1>>);
  static_assert(!std::is_invocable_v<decltype(weft::sum), const weft::ndarray<double, 2>&, int,
                                     const weft::ndarray<double, 1>&>);
}

TEST_CASE("out= overlapping the input gives the values of a separate out") {
  auto m = rt::make<double>(weft::shape<2>{9, 9});
  const auto want_rows = weft::sum(m, 1);
  weft::sum(m, 1, m(weft::all, 0));  // each row's sum into its first column
  CHECK(same(m(weft::all, 0), want_rows));
  auto c = rt::make<std::int64_t>(weft::shape<2>{6, 5});
  const auto want_scan = weft::cumsum(c, 0);
  weft::cumsum(c, 0, c);  // in place, as NumPy allows
  CHECK(same(c.as_view(), want_scan));
  auto r = rt::make<std::int64_t>(weft::shape<2>{6, 5});
  const auto want_reversed = weft::cumsum(r(weft::range(weft::none, weft::none, -1), weft::all), 0);
  weft::cumsum(r(weft::range(weft::none, weft::none, -1), weft::all), 0, r);  // reads what it overwrites
  CHECK(same(r.as_view(), want_reversed));
}

TEST_CASE("cumsum and cumprod into out=: along an axis, flattened, other dtypes, views") {
  const auto x = rt::make<std::int32_t>(weft::shape<2>{4, 7});
  weft::ndarray<std::int64_t, 2> o(weft::shape<2>{4, 7});
  CHECK(same(weft::cumsum(x, 1, o), weft::cumsum(x, 1)));
  CHECK(same(weft::cumprod(x, 0, o), weft::cumprod(x, 0)));
  weft::ndarray<std::int64_t, 1> flat(weft::shape<1>{28});
  CHECK(same(weft::cumsum(x, flat), weft::cumsum(x)));
  CHECK(same(weft::cumprod(x * 0 + 1, flat), weft::cumprod(x * 0 + 1)));
  weft::ndarray<double, 2> d(weft::shape<2>{7, 4});
  weft::cumsum(x, 1, d.T());  // strided and of another dtype: computed aside, cast
  CHECK(weft::all(d.T() == weft::cumsum(x, 1)));
  const weft::ndarray<double, 1> halves = {0.5, 0.5};
  weft::ndarray<std::int64_t, 1> ints(weft::shape<1>{2});
  weft::cumsum(halves, ints);  // NumPy: [0, 1]
  CHECK(ints(0) == 0);
  CHECK(ints(1) == 1);
}

TEST_CASE("out= allocates no result") {
  const auto x = rt::make<double>(weft::shape<2>{64, 1000});
  weft::ndarray<double, 1> cols(weft::shape<1>{1000});
  weft::ndarray<double, 2> scan(weft::shape<2>{64, 1000});
  big_bytes = 1000 * sizeof(double);
  big_allocations = 0;
  weft::sum(x, 0, cols, weft::seq);
  weft::mean(x * 2, 0, cols, weft::seq);
  weft::cumsum(x, 1, scan, weft::seq);
  const int with_out = big_allocations;
  (void)weft::sum(x, 0, weft::seq);  // the allocating form, as a control
  const int without_out = big_allocations - with_out;
  big_bytes = 0;
  CHECK(with_out == 0);
  CHECK(without_out == 1);
}

TEST_CASE("a map over a temporary result is evaluated in its memory") {
  const auto x = rt::make<double>(weft::shape<2>{64, 1000});
  big_bytes = 1000 * sizeof(float);  // every result below counts
  big_allocations = 0;
  // sum(.., 0) allocates its result; sqrt of it reuses that memory.
  const weft::ndarray<double, 1> norms = weft::sqrt(weft::sum(weft::square(x), 0, weft::seq) * 2.0 + 1.0);
  const int reused = big_allocations;
  // Controls: an lvalue operand, a second operand, another element type.
  const weft::ndarray<double, 1> sums = weft::sum(weft::square(x), 0);
  big_allocations = 0;
  const weft::ndarray<double, 1> from_lvalue = weft::sqrt(sums * 2.0 + 1.0);
  const weft::ndarray<double, 1> two = weft::sum(x, 0) + weft::sum(x, 0);
  const weft::ndarray<float, 1> other = weft::astype<float>(weft::sum(x, 0));
  const int controls = big_allocations;
  big_bytes = 0;
  CHECK(reused == 1);
  CHECK(controls == 1 + 3 + 2);  // a new array each, and the three sums
  CHECK(weft::all(norms == from_lvalue));
  CHECK(weft::all(two == weft::sum(x, 0) * 2.0));
  CHECK(other(3) == static_cast<float>(weft::sum(x, 0)(3)));
  // eval() of a temporary expression too.
  big_bytes = 1000 * sizeof(double);
  big_allocations = 0;
  const auto evaluated = weft::eval(weft::exp(weft::sum(x, 0) * 1e-3));
  const int by_eval = big_allocations;
  big_bytes = 0;
  CHECK(by_eval == 1);
  CHECK(evaluated(7) == std::exp(weft::sum(x, 0)(7) * 1e-3));
}
