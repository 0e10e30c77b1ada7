// C++ integer scalars beside integer arrays (NEP 50's weak Python ints) at
// and beyond each dtype's range, against NumPy 2 (weak_scalar_cases.inc), and
// exact comparisons between uint64 and signed arrays.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "helpers.hpp"

namespace {

template <class S, class R, std::size_t N>
struct weak_case {
  S scalar;
  bool error;  // NumPy raises OverflowError
  R want[N];
};
template <class S, class R, std::size_t N>
struct clip_case {
  S lo, hi;
  bool error;
  R want[N];
};

#include "weak_scalar_cases.inc"

using weft::index_t;

template <class T, std::size_t N>
weft::ndarray<T, 1> array_from(const T (&v)[N]) {
  weft::ndarray<T, 1> a(weft::shape<1>{index_t(N)});
  for (std::size_t i = 0; i < N; ++i) a(index_t(i)) = v[i];
  return a;
}

template <class R, std::size_t N>
void check_values(const weft::ndarray<R, 1>& got, const R (&want)[N]) {
  REQUIRE(got.size() == index_t(N));
  for (std::size_t i = 0; i < N; ++i) {
    INFO("element ", i);
    CHECK(wt::repr(got(index_t(i))) == wt::repr(want[i]));
  }
}

// Runs every case of one table through f(array, scalar); counts the cases.
template <class T, class S, class R, std::size_t N, std::size_t M, class F>
int run_cases(const char* op, const weft::ndarray<T, 1>& a, const weak_case<S, R, N> (&cases)[M], F f) {
  for (const auto& c : cases) {
    INFO(std::string(op), " with scalar ", wt::repr(c.scalar));
    if (c.error) {
      CHECK_THROWS_AS(f(a, c.scalar), weft::overflow_error);
    } else {
      weft::ndarray<R, 1> got = f(a, c.scalar);
      check_values(got, c.want);
    }
  }
  return int(M);
}

template <class T, class S, class Tables>
int run_dtype(const weft::ndarray<T, 1>& a, const Tables& t) {
  int n = 0;
  auto eval = [](auto&& e) { return weft::eval(e); };
  n += run_cases("equal", a, *t.equal, [&](const auto& x, S k) { return eval(x == k); });
  n += run_cases("not_equal", a, *t.not_equal, [&](const auto& x, S k) { return eval(x != k); });
  n += run_cases("less", a, *t.less, [&](const auto& x, S k) { return eval(x < k); });
  n += run_cases("less_equal", a, *t.less_equal, [&](const auto& x, S k) { return eval(x <= k); });
  n += run_cases("greater", a, *t.greater, [&](const auto& x, S k) { return eval(x > k); });
  n += run_cases("greater_equal", a, *t.greater_equal, [&](const auto& x, S k) { return eval(x >= k); });
  n += run_cases("scalar less", a, *t.rless, [&](const auto& x, S k) { return eval(k < x); });
  n += run_cases("minimum", a, *t.minimum, [&](const auto& x, S k) { return eval(weft::minimum(x, k)); });
  n += run_cases("maximum", a, *t.maximum, [&](const auto& x, S k) { return eval(weft::maximum(x, k)); });
  n += run_cases("add", a, *t.add, [&](const auto& x, S k) { return eval(x + k); });
  return n;
}

// The tables of one (dtype, scalar type), by op.
template <class E, class NE, class L, class LE, class G, class GE, class RL, class Mn, class Mx, class A>
struct op_tables {
  const E* equal;
  const NE* not_equal;
  const L* less;
  const LE* less_equal;
  const G* greater;
  const GE* greater_equal;
  const RL* rless;
  const Mn* minimum;
  const Mx* maximum;
  const A* add;
};
template <class... T>
op_tables(const T*...) -> op_tables<T...>;

template <class T, class R, std::size_t N, std::size_t M>
int run_clip(const weft::ndarray<T, 1>& a, const clip_case<long long, R, N> (&cases)[M]) {
  for (const auto& c : cases) {
    INFO("clip(", wt::repr(c.lo), ", ", wt::repr(c.hi), ")");
    if (c.error) {
      CHECK_THROWS_AS(weft::eval(weft::clip(a, c.lo, c.hi)), weft::overflow_error);
    } else {
      weft::ndarray<R, 1> got = weft::eval(weft::clip(a, c.lo, c.hi));
      check_values(got, c.want);
    }
  }
  return int(M);
}

template <class T>
bool equals(const weft::ndarray<T, 1>& got, std::initializer_list<T> want) {
  if (got.size() != index_t(want.size())) return false;
  index_t i = 0;
  for (T w : want)
    if (wt::repr(got(i++)) != wt::repr(w)) return false;
  return true;
}

} // namespace

TEST_CASE("integer scalars at and beyond each dtype's range give NumPy 2's answers or its OverflowError") {
  int ran = 0;
#define WT_TABLES(p, tag)                                                                                      \
  op_tables{&p##_##tag##_equal,   &p##_##tag##_not_equal,     &p##_##tag##_less, &p##_##tag##_less_equal, \
            &p##_##tag##_greater, &p##_##tag##_greater_equal, &p##_##tag##_rless, &p##_##tag##_minimum,   \
            &p##_##tag##_maximum, &p##_##tag##_add}
#define WT_WEAK_DTYPE(p, T)                                                 \
  {                                                                         \
    INFO("dtype ", #p);                                                     \
    const auto a = array_from(p##_values);                                  \
    ran += run_dtype<T, long long>(a, WT_TABLES(p, ll));                    \
    ran += run_dtype<T, unsigned long long>(a, WT_TABLES(p, ull));          \
    ran += run_clip(a, p##_clip);                                           \
  }
  WEFT_WEAK_SCALAR_DTYPES(WT_WEAK_DTYPE)
#undef WT_WEAK_DTYPE
#undef WT_TABLES
  CHECK(ran == weak_scalar_case_count);
}

TEST_CASE("the cases that used to wrap silently") {
  const weft::ndarray<std::int8_t, 1> i8 = {-128, 0, 44, 100, 127};
  const weft::ndarray<std::uint8_t, 1> u8 = {0, 1, 2, 3, 255};
  const weft::ndarray<std::uint64_t, 1> u64 = {0, 1, std::numeric_limits<std::uint64_t>::max()};
  const weft::ndarray<std::int64_t, 1> i64 = {std::numeric_limits<std::int64_t>::min(), 0,
                                              std::numeric_limits<std::int64_t>::max()};
  CHECK(equals<std::int8_t>(weft::eval(weft::clip(i8, 0, 300)), {0, 0, 44, 100, 127}));
  CHECK(equals<std::uint8_t>(weft::eval(weft::clip(u8, -1, 3)), {0, 1, 2, 3, 3}));
  CHECK_THROWS_AS(weft::eval(weft::minimum(i8, 1000)), weft::overflow_error);
  CHECK_THROWS_AS(weft::eval(i8 + 300), weft::overflow_error);
  CHECK_THROWS_AS(weft::eval(u8 + (-1)), weft::overflow_error);
  CHECK_THROWS_AS(weft::eval(weft::ndarray<std::int16_t, 1>{1, 2} - 40000), weft::overflow_error);
  CHECK_THROWS_AS(weft::eval(weft::ndarray<std::int32_t, 1>{1, 2} + 4294967296LL), weft::overflow_error);
  CHECK_FALSE(weft::any(u64 < -1));
  CHECK_FALSE(weft::any(u64 == -1));
  CHECK_FALSE(weft::any(i64 >= 9223372036854775808ULL));
  CHECK(weft::all(u64 > -1));
  CHECK(weft::all(i64 < 9223372036854775808ULL));

  SUBCASE("the message names the value, the dtype and the operation, as NumPy's does") {
    try {
      (void)weft::eval(i8 * 300);
      FAIL("no error");
    } catch (const weft::overflow_error& e) {
      const std::string what = e.what();
      CHECK(what.find("integer 300 out of bounds for int8") != std::string::npos);
      CHECK(what.find("multiply") != std::string::npos);
    }
    try {
      (void)weft::eval(u64 + (-1));
      FAIL("no error");
    } catch (const weft::value_error& e) {  // overflow_error is a value_error
      CHECK(std::string(e.what()).find("integer -1 out of bounds for uint64") != std::string::npos);
    }
  }
  SUBCASE("compound assignment checks the scalar too, and leaves the array untouched") {
    weft::ndarray<std::int8_t, 1> a = {1, 2, 3};
    CHECK_THROWS_AS(a += 200, weft::overflow_error);
    CHECK(equals<std::int8_t>(a, {1, 2, 3}));
    a += 100;
    CHECK(equals<std::int8_t>(a, {101, 102, 103}));
  }
  SUBCASE("where: the scalar must fit (NumPy 2.4 wraps 300 to 44 here; weft refuses)") {
    const weft::ndarray<bool, 1> c = {true, false, true, false, true};
    CHECK_THROWS_AS(weft::eval(weft::where(c, i8, 300)), weft::overflow_error);
    CHECK(equals<std::int8_t>(weft::eval(weft::where(c, i8, -1)), {-128, -1, 44, -1, 127}));
  }
  SUBCASE("floats and float loops take any integer, as in NumPy") {
    CHECK(weft::eval(i8 / 300)(4) == doctest::Approx(127.0 / 300));
    CHECK(weft::eval(weft::ndarray<float, 1>{1.0f} + 9223372036854775808ULL)(0) == 9223372036854775808.0f);
    CHECK(weft::eval(weft::atan2(i8, 1000))(2) == doctest::Approx(std::atan2(44.0, 1000.0)));
  }
  SUBCASE("an integer reaches float32 through double, as NumPy converts a Python int") {
    // 2^60 + 2^36 + 1: double rounds it to 2^60 + 2^36, a tie in float32
    // that goes to 2^60; converted directly it would be 2^60 + 2^37.
    const long long s = (1LL << 60) + (1LL << 36) + 1;
    const weft::ndarray<float, 1> zero = weft::zeros<float>({37});  // SIMD batches and a scalar tail
    CHECK(weft::all(weft::eval(zero + s) == 0x1p60f));
    CHECK(weft::eval(weft::where(zero < 1.0f, zero, s))(0) == 0.0f);
    CHECK(weft::all(weft::eval(weft::where(zero > 1.0f, zero, s)) == 0x1p60f));
    CHECK(weft::all(weft::eval(weft::clip(zero, s, s)) == 0x1p60f));
  }
  SUBCASE("a bool array beside an integer computes in int64, which must hold the scalar") {
    const weft::ndarray<bool, 1> b = {true, false};
    CHECK(equals<std::int64_t>(weft::eval(b + 300), {301, 300}));
    CHECK_THROWS_AS(weft::eval(b + 9223372036854775808ULL), weft::overflow_error);
    // Comparisons too: NumPy compares exactly beside integer arrays only.
    CHECK_THROWS_AS(weft::eval(b < 9223372036854775808ULL), weft::overflow_error);
    CHECK(equals<bool>(weft::eval(b < 300), {true, true}));
    // clip's bounds are int64s there and do not saturate (as NumPy raises).
    CHECK(equals<std::int64_t>(weft::eval(weft::clip(b, -1, 5)), {1, 0}));
    CHECK_THROWS_AS(weft::eval(weft::clip(b, 0, 9223372036854775808ULL)), weft::overflow_error);
  }
  SUBCASE("logical operations read the scalar's truth, not its wrapped value") {
    CHECK(equals<bool>(weft::eval(weft::logical_and(i8, 256)), {true, false, true, true, true}));
    CHECK(weft::all(weft::logical_or(u8, -1)));
  }
  SUBCASE("in a fused, broadcast, strided expression") {
    weft::ndarray<std::int16_t, 2> m = weft::eval(weft::astype<std::int16_t>(weft::arange(12))).reshape({3, 4});
    auto t = m.T();  // 4 x 3, strided
    CHECK(weft::all((t * 2 < 40000) && (t(0, weft::all) > -40000)));
    CHECK_THROWS_AS(weft::eval(t * 2 + 40000), weft::overflow_error);
    auto reversed = t(weft::range(weft::none, weft::none, -1), weft::all);
    CHECK(weft::all(weft::clip(reversed, -70000, 5) == weft::clip(reversed, -32768, 5)));
    CHECK(weft::eval(weft::clip(reversed, -70000, 5))(0, 2) == 5);
  }
}

TEST_CASE("uint64 against signed integers compares exactly, not through float64") {
  const weft::ndarray<std::uint64_t, 1> a = {9007199254740993ULL, 9223372036854775808ULL, 0, 5,
                                             std::numeric_limits<std::uint64_t>::max()};
  const weft::ndarray<std::int64_t, 1> b = {9007199254740992LL, 9223372036854775807LL, -1, 5,
                                            std::numeric_limits<std::int64_t>::min()};
  CHECK(equals<bool>(weft::eval(a == b), {false, false, false, true, false}));
  CHECK(equals<bool>(weft::eval(a != b), {true, true, true, false, true}));
  CHECK(equals<bool>(weft::eval(a > b), {true, true, true, false, true}));
  CHECK(equals<bool>(weft::eval(a <= b), {false, false, false, true, false}));
  CHECK(equals<bool>(weft::eval(b < a), {true, true, true, false, true}));
  CHECK(equals<bool>(weft::eval(b >= a), {false, false, false, true, false}));
  // Smaller signed types against uint64 promote to float64 too.
  const weft::ndarray<std::int8_t, 1> c = {-1, 0, 1, 5, 127};
  CHECK(equals<bool>(weft::eval(a > c), {true, true, false, false, true}));
  // Broadcast, and a reversed view.
  auto col = b(weft::range(weft::none, weft::none, -1));
  CHECK(weft::count_nonzero(a(weft::newaxis, weft::all) == col(weft::all, weft::newaxis)) == 1);
  // The promoted (value) type of arithmetic stays NumPy's float64.
  static_assert(std::is_same_v<decltype(weft::eval(a + b))::value_type, double>);
}
