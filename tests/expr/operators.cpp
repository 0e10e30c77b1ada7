// The C++ operators on expressions: values against NumPy (numpy_cases.inc)
// under every policy, weak scalars, mixed dtypes, nesting, compound assignment.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <type_traits>

#include "numpy_ops.hpp"

using weft::index_t;
using weft::range;
using wt::array_of;

TEST_CASE("every operator matches NumPy on float64, float32, int8, int32, int64, uint8, uint32 and bool") {
  // Each case: all pairs of interesting values (signed zeros, halves, inf,
  // nan, denormals, INT_MIN and -1, shift counts past the width...), under
  // every policy, against NumPy 2.4's values and result dtype.
  int ran = 0;
#define WT_OPERATOR_BINARY(prefix, op) WT_BINARY_CASE(prefix, op, true)
#define WT_OPERATOR_UNARY(prefix, op) WT_UNARY_CASE(prefix, op, true)
  WEFT_NUMPY_BINARY_CASES(WT_OPERATOR_BINARY)
  WEFT_NUMPY_UNARY_CASES(WT_OPERATOR_UNARY)
#undef WT_OPERATOR_BINARY
#undef WT_OPERATOR_UNARY
  // 18 binary operators on 5 integer dtypes, 13 on the 2 float dtypes (no
  // bit operations), 17 on bool (no -), unary -, ~, ! where NumPy has them.
  CHECK(ran == 18 * 5 + 13 * 2 + 17 + (3 * 5 + 2 * 2 + 2));
}

TEST_CASE("operators refuse what NumPy refuses, at compile time") {
  // NumPy raises TypeError for these (numpy_refused in the .inc); weft's ops
  // have no overload for them, so the expression does not compile. (Whole
  // expressions are tested in tests/compile_fail/.)
  CHECK(std::size(wt::numpy_refused) == 15);
  static_assert(!std::is_invocable_v<weft::ops::subtract, bool, bool>);
  static_assert(!std::is_invocable_v<weft::ops::negative, bool>);
  static_assert(!std::is_invocable_v<weft::ops::bitwise_and, double, double>);
  static_assert(!std::is_invocable_v<weft::ops::bitwise_xor, float, float>);
  static_assert(!std::is_invocable_v<weft::ops::invert, double>);
  static_assert(!std::is_invocable_v<weft::ops::left_shift, double, double>);
  static_assert(std::is_invocable_v<weft::ops::subtract, std::int8_t, std::int8_t>);
  static_assert(std::is_invocable_v<weft::ops::bitwise_and, bool, bool>);
}

TEST_CASE("a C++ scalar is weak: it takes the array's dtype (NEP 50)") {
  // NumPy: a = np.array([100, -100, 127, -128, 5], np.int8)
  const weft::ndarray<std::int8_t, 1> a{100, -100, 127, -128, 5};
  const auto check = [](const auto& expr, std::initializer_list<int> want) {
    using R = typename decltype(weft::eval(expr))::value_type;
    CHECK((std::is_same_v<R, std::int8_t>));
    for (const auto& p : wt::all_policies) {
      const auto r = weft::eval(expr, p.policy);
      REQUIRE(r.size() == static_cast<index_t>(want.size()));
      index_t i = 0;
      for (int w : want) CHECK_MESSAGE(int(r(i++)) == w, p.name);
    }
  };
  check(a + 100, {-56, 0, -29, -28, 105});   // a + 100
  check(2 * a, {-56, 56, -2, 0, 10});        // 2 * a
  check(a * 3, {44, -44, 125, -128, 15});    // a * 3
  check(a - 1, {99, -101, 126, 127, 4});     // a - 1
  check(1 - a, {-99, 101, -126, -127, -4});  // 1 - a
  check(a % 3, {1, 2, 1, 1, 2});             // a % 3
  check(-7 % a, {93, -7, 120, -7, 3});       // (-7) % a
  check(weft::floor_divide(a, 3), {33, -34, 42, -43, 1});
  check(weft::floor_divide(100, a), {1, -1, 0, -1, 20});

  // np.array([1.5, -2.25, 3e38, 1e-45], np.float32) * 2.0 stays float32
  const weft::ndarray<float, 1> f{1.5f, -2.25f, 3e38f, 1e-45f};
  auto twice = weft::eval(f * 2.0);
  static_assert(std::is_same_v<decltype(twice), weft::ndarray<float, 2 - 1>>);
  CHECK(twice(0) == 3.0f);
  CHECK(twice(1) == -4.5f);
  CHECK(twice(2) == std::numeric_limits<float>::infinity());  // overflows in float, as in NumPy
  CHECK(twice(3) == 2.802596928649634e-45f);
  auto inv = weft::eval(1 / f);
  static_assert(std::is_same_v<decltype(inv)::value_type, float>);
  CHECK(inv(0) == 0.6666666865348816f);
  CHECK(inv(3) == std::numeric_limits<float>::infinity());
  // A bool scalar never widens; an int scalar with a bool array gives int64.
  const weft::ndarray<bool, 1> b{true, false};
  static_assert(std::is_same_v<decltype(weft::eval(b + true))::value_type, bool>);
  static_assert(std::is_same_v<decltype(weft::eval(b + 1))::value_type, std::int64_t>);
  CHECK(weft::eval(b + 1)(0) == 2);
  CHECK(weft::eval(b * false)(0) == false);
}

TEST_CASE("comparisons with an integer scalar the array's dtype cannot hold compare the values (NumPy 2)") {
  const weft::ndarray<std::int8_t, 1> a{44, -128, 127, 0};
  const weft::ndarray<std::uint8_t, 1> u{0, 255, 44};
  const weft::ndarray<std::int32_t, 1> i{0, -1, 2147483647};
  const auto all_are = [](const auto& expr, bool want) {
    static_assert(std::is_same_v<typename decltype(weft::eval(expr))::value_type, bool>);
    for (const auto& p : wt::all_policies) {
      const auto r = weft::eval(expr, p.policy);
      for (index_t k = 0; k < r.size(); ++k)
        if (r(k) != want) return false;
    }
    return true;
  };
  // NumPy 2.4: all True / all False (300 wraps to 44 in int8, 1000 to -24).
  CHECK(all_are(a < 1000, true));
  CHECK(all_are(a == 300, false));
  CHECK(all_are(a != 300, true));
  CHECK(all_are(a >= -129, true));
  CHECK(all_are(-1000 < a, true));
  CHECK(all_are(u > -1, true));
  CHECK(all_are(u == 300, false));
  CHECK(all_are(u <= -5, false));
  CHECK(all_are(i < 1099511627776LL, true));  // 2**40
  CHECK(all_are(i == 4294967295LL, false));   // 2**32 - 1 would wrap to -1
  // In range, nothing changes.
  const auto eq = weft::eval(a == 44);
  CHECK(eq(0));
  CHECK_FALSE(eq(1));
}

TEST_CASE("mixed dtypes compute in the promoted type, not in either operand's") {
  // int32 + float32 is float64 in NumPy: 16777217 survives (it would not in float).
  const weft::ndarray<std::int32_t, 1> i{16777217, -7, 2147483647};
  const weft::ndarray<float, 1> h{0.5f};
  const auto r = weft::eval(i + h);
  static_assert(std::is_same_v<decltype(r)::value_type, double>);
  CHECK(r(0) == 16777217.5);
  CHECK(r(1) == -6.5);
  CHECK(r(2) == 2147483647.5);
  // uint8 with int8 is int16: no wrap-around at 8 bits.
  const weft::ndarray<std::uint8_t, 1> u{200, 255, 0};
  const weft::ndarray<std::int8_t, 1> s{-100, 127, -128};
  const auto sum = weft::eval(u + s), diff = weft::eval(u - s), prod = weft::eval(u * s);
  static_assert(std::is_same_v<decltype(sum)::value_type, std::int16_t>);
  CHECK(sum(0) == 100);
  CHECK(sum(1) == 382);
  CHECK(sum(2) == -128);
  CHECK(diff(0) == 300);
  CHECK(diff(1) == 128);
  CHECK(diff(2) == 128);
  CHECK(prod(0) == -20000);
  CHECK(prod(1) == 32385);
  // int64 with uint64 is float64.
  const weft::ndarray<std::int64_t, 1> l{-1};
  const weft::ndarray<std::uint64_t, 1> ul{18446744073709551615ull};
  const auto big = weft::eval(l + ul);
  static_assert(std::is_same_v<decltype(big)::value_type, double>);
  CHECK(big(0) == 18446744073709551616.0);
  // Comparisons compare in the promoted type: int64 against a float scalar.
  const weft::ndarray<std::int64_t, 1> k{2, 3};
  const auto lt = weft::eval(k < 2.5);
  CHECK(lt(0) == true);
  CHECK(lt(1) == false);
}

TEST_CASE("operators nest into one expression, on arrays and views alike") {
  const index_t n = 37;  // not a multiple of any SIMD width
  weft::ndarray<double, 1> a(weft::shape<1>{n}), b(weft::shape<1>{n});
  weft::ndarray<std::int32_t, 1> p(weft::shape<1>{n}), q(weft::shape<1>{n});
  for (index_t i = 0; i < n; ++i) {
    a(i) = 0.25 * double(i) - 3.0;
    b(i) = 1.0 + double(i % 5);
    p(i) = static_cast<std::int32_t>(i * 7919 % 113 - 50);
    q(i) = static_cast<std::int32_t>(i % 9 - 4);
  }
  for (const auto& pol : wt::all_policies) {
    INFO(std::string(pol.name));
    const auto r1 = weft::eval((a + b) * (a - b) / b, pol.policy);
    const auto r2 = weft::eval(-(-a) + +b, pol.policy);
    const auto r3 = weft::eval(((a < b) && !(a == 0.0)) || (b >= 5.0), pol.policy);
    const auto r4 = weft::eval(~(p & q) ^ (p | 3) << 1, pol.policy);
    const auto r5 = weft::eval((p % q) + (p >> 2) * q - p / q, pol.policy);
    static_assert(std::is_same_v<decltype(r3)::value_type, bool>);
    static_assert(std::is_same_v<decltype(r4)::value_type, std::int32_t>);
    static_assert(std::is_same_v<decltype(r5)::value_type, double>);
    index_t bad = 0;
    for (index_t i = 0; i < n; ++i) {
      const double x = a(i), y = b(i);
      const std::int32_t s = p(i), t = q(i);
      const double sum = x + y, dif = x - y, prd = sum * dif;
      bad += !wt::same(r1(i), prd / y);
      bad += !wt::same(r2(i), x + y);
      bad += r3(i) != (((x < y) && !(x == 0.0)) || (y >= 5.0));
      bad += r4(i) != static_cast<std::int32_t>(~(s & t) ^ ((s | 3) << 1));
      // NumPy: floor mod and floor division take the divisor's sign; x % 0 is 0.
      const std::int32_t mod = t == 0 ? 0 : static_cast<std::int32_t>(((s % t) + t) % t);
      bad += !wt::same(r5(i), double(mod + (s >> 2) * t) - double(s) / double(t));
    }
    CHECK(bad == 0);
  }
}

TEST_CASE("compound assignment runs in place with the right-hand side broadcast") {
  // NumPy: a = np.arange(12.).reshape(3, 4); a += [10, 20, 30, 40]; a[:, ::2] *= 2;
  //        a -= 0.5; a /= np.array([[1.], [2.], [4.]])
  auto a = weft::arange(12.0).reshape({3, 4});
  const weft::ndarray<double, 1> row{10, 20, 30, 40};
  const weft::ndarray<double, 2> col{{1.0}, {2.0}, {4.0}};
  a += row;
  a(weft::all, range(0, 4, 2)) *= 2;
  a -= 0.5;
  a /= col;
  const double want[3][4] = {{19.5, 20.5, 63.5, 42.5}, {13.75, 12.25, 35.75, 23.25}, {8.875, 7.125, 19.875, 12.625}};
  for (index_t i = 0; i < 3; ++i)
    for (index_t j = 0; j < 4; ++j) CHECK(a(i, j) == want[i][j]);

  // Integers: np.int32 array -= 5 then *= -3 wraps like NumPy.
  weft::ndarray<std::int32_t, 1> k{2147483647, -2147483647 - 1, 0, 7};
  k -= 5;
  k *= -3;
  CHECK(k(0) == -2147483630);  // NumPy's values
  CHECK(k(1) == -2147483633);
  CHECK(k(2) == 15);
  CHECK(k(3) == -6);
  // A bool or narrower right-hand side may go into a wider array (same_kind).
  weft::ndarray<float, 1> f{1.0f, 2.0f};
  const weft::ndarray<bool, 1> t{true, false};
  f += t;
  CHECK(f(0) == 2.0f);
  CHECK(f(1) == 2.0f);
  f /= 4;
  CHECK(f(0) == 0.5f);
  // A shape that does not broadcast into the destination throws.
  weft::ndarray<double, 1> wrong{1, 2, 3};
  CHECK_THROWS_AS(a += wrong, weft::shape_error);
}
